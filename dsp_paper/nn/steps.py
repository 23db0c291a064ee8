"""One training or validation step of a Keras model on one batch, as Keras runs it."""
from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import keras
    import numpy as np

__all__ = ["BatchStep", "batch_step"]


class BatchStep:
    """``model.train_step`` or ``model.test_step`` on one batch, as ``train_on_batch`` and
    ``test_on_batch`` run it.

    An object rather than a closure: TensorFlow counts a tf.function's traces by the code
    of the Python function it wraps, so closures made for many models would all count as
    one function, retraced for every model. It holds its model weakly.
    """

    def __init__(self, model: keras.Model, kind: str) -> None:
        self._model, self._kind = weakref.ref(model), kind

    def __call__(self, x: np.ndarray, y: np.ndarray) -> dict:
        model = self._model()
        step = model.train_step if self._kind == "train" else model.test_step
        return model.distribute_strategy.run(step, args=((x, y, None),))


def batch_step(model: keras.Model, kind: str) -> Callable[[np.ndarray, np.ndarray], Any]:
    """``model.train_on_batch`` (``kind="train"``) or ``test_on_batch`` as a function of
    ``(x, y)`` returning the batch's loss: the same step, traced as Keras traces it (first
    for the first batch's shape, once more, with the batch size left open, for the last
    and shorter batch), so the same numbers.

    Keras makes that step from the same code for every model, and TensorFlow counts the
    traces of all of them as one function's: small models trained one after the other,
    each traced on its first batches, look like one function retraced on most calls. Here
    each model's step is a tf.function of its own, counted on its own.
    """
    import keras  # heavy: Keras

    if keras.backend.backend() != "tensorflow":
        return model.train_on_batch if kind == "train" else model.test_on_batch
    import tensorflow as tf  # heavy: TensorFlow

    compiled = tf.function(BatchStep(model, kind), autograph=False, reduce_retracing=True)

    def step(x: np.ndarray, y: np.ndarray) -> Any:
        model.reset_metrics()  # as train_on_batch does: the loss of this batch alone
        return compiled(x, y)["loss"]

    return step
