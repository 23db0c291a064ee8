"""Keras 3 model builders. Every model takes float32 input, channels last."""
from __future__ import annotations

from .errors import ParameterError

__all__ = ["linear_layer"]


def linear_layer(n_inputs, n_outputs, *, name="linear"):
    """One dense layer, no bias, no activation: ``y = x @ W`` (004's network).

    Returns
    -------
    keras.Model
        Input ``(batch, n_inputs)``, output ``(batch, n_outputs)``; ``n_inputs * n_outputs``
        weights.
    """
    import keras

    for label, v in (("n_inputs", n_inputs), ("n_outputs", n_outputs)):
        if not isinstance(v, int) or v < 1:
            raise ParameterError(f"{label} must be a positive integer, got {v!r}")
    inputs = keras.Input((n_inputs,), name="x")
    outputs = keras.layers.Dense(n_outputs, use_bias=False, name="W")(inputs)
    return keras.Model(inputs, outputs, name=name)
