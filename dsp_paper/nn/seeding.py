"""One seed for every source of randomness a training draws from."""
from __future__ import annotations

__all__ = ["set_seed"]


def set_seed(seed: int) -> None:
    """Seed Python, NumPy and the Keras backend; make TensorFlow's ops deterministic."""
    import keras  # heavy: Keras

    keras.utils.set_random_seed(int(seed))
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf  # heavy: TensorFlow

        tf.config.experimental.enable_op_determinism()
