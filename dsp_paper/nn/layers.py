"""The Keras layers of the package's models, each a class of its own, registered with Keras
so that a saved model loads (:func:`dsp_paper.nn.models.load_model`)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import keras
from keras import ops

__all__ = ["ConvAutoencoder", "FirstChannel", "HeadScale", "WaveNetLayer"]


@keras.saving.register_keras_serializable(package="dsp_paper")
class ConvAutoencoder(keras.layers.Layer):
    """000's convolutional net: a strided convolution, a fully connected hidden layer
    applied at every position, and a transposed convolution back to audio that reuses
    **the same filter variables** (``tied=True``).

    The kernel has shape ``(kernel_size, channels, filters)``; a convolution reads it as
    (width, in, out) and a transposed convolution as (width, out, in), so one variable
    serves both. ``hidden=0`` removes the hidden layer (an ablation); ``tied=False``
    gives the transposed convolution its own kernel (the other ablation).
    """

    def __init__(self, filters: int = 16, kernel_size: int = 1000, strides: int = 10,
                 hidden: int = 50, tied: bool = True, activation: str | None = None,
                 channels: int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.filters, self.kernel_size, self.strides = filters, kernel_size, strides
        self.hidden, self.tied, self.activation = hidden, tied, activation
        self.channels = channels
        self.mix_in = keras.layers.Dense(hidden, activation=activation, name="hidden") \
            if hidden else None
        self.mix_out = keras.layers.Dense(filters, name="hidden_out") if hidden else None

    def build(self, input_shape: tuple) -> None:
        shape = (self.kernel_size, self.channels, self.filters)
        self.kernel = self.add_weight(shape=shape, initializer="glorot_uniform",
                                      name="kernel")
        self.kernel_out = self.kernel if self.tied else self.add_weight(
            shape=shape, initializer="glorot_uniform", name="kernel_out")
        if self.hidden:
            self.mix_in.build((None, None, self.filters))
            self.mix_out.build((None, None, self.hidden))

    def call(self, x: Any) -> Any:
        h = ops.conv(x, self.kernel, strides=self.strides, padding="same")
        if self.hidden:
            h = self.mix_out(self.mix_in(h))
        y = ops.conv_transpose(h, self.kernel_out, strides=self.strides, padding="same")
        # a length that is not a multiple of the stride comes back rounded up: crop it
        return y[:, :ops.shape(x)[1], :]

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "filters": self.filters,
                "kernel_size": self.kernel_size, "strides": self.strides,
                "hidden": self.hidden, "tied": self.tied, "activation": self.activation,
                "channels": self.channels}


@keras.saving.register_keras_serializable(package="dsp_paper")
class FirstChannel(keras.layers.Layer):
    """``x[..., :1]``: the audio channel of an input that also carries controls."""

    def call(self, x: Any) -> Any:
        return x[..., :1]

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return (*input_shape[:-1], 1)


@keras.saving.register_keras_serializable(package="dsp_paper")
class WaveNetLayer(keras.layers.Layer):
    """One residual layer of :func:`wavenet`: a causal dilated convolution of the layer's
    input plus a 1x1 mix of the model's input (audio and controls), an activation
    (``tanh``, or ``tanh(a) * sigmoid(b)`` when gated), and a 1x1 convolution added back
    to the layer's input. Returns ``(residual output, activation)``; the activations of
    all layers are summed into the head. ``residual=False`` drops the residual convolution
    (the last layer of single-stack models saved before every wavenet was built of NAM's
    layer arrays: nothing reads its residual output).

    ``frozen_residual=True`` keeps that unread convolution but does not train it: Neural Amp
    Modeler's files hold its weights (its last layer's "layer1x1"), and an untrained variable
    that no output reaches would have no gradient.

    ``film=True`` modulates the pre-activation by the model's controls (every input channel
    but the first, the audio), feature-wise (FiLM): ``z <- z * (1 + s) + t``, ``[s, t]`` a 1x1
    convolution of the controls with bias (Neural Amp Modeler Core's "activation_pre_film",
    whose scale is ``1 + s``).

    Shapes: inputs ``(batch, n, channels)`` and ``(batch, n, condition channels)``; both
    outputs ``(batch, n, channels)``.
    """

    def __init__(self, channels: int, kernel_size: int, dilation: int, gated: bool = False,
                 residual: bool = True, frozen_residual: bool = False, film: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.channels, self.kernel_size = channels, kernel_size
        self.dilation, self.gated, self.has_residual = dilation, gated, residual
        self.frozen_residual, self.has_film = frozen_residual, film
        width = channels * (2 if gated else 1)
        self.dilated = keras.layers.Conv1D(width, kernel_size, dilation_rate=dilation,
                                           padding="causal", name="dilated")
        self.condition = keras.layers.Conv1D(width, 1, use_bias=False, name="condition")
        self.residual = keras.layers.Conv1D(channels, 1, name="residual",
                                            trainable=not frozen_residual) if residual else None
        self.film = keras.layers.Conv1D(2 * width, 1, name="film") if film else None

    def build(self, input_shape: Sequence[tuple]) -> None:
        h_shape, x_shape = input_shape
        self.dilated.build(h_shape)
        self.condition.build(x_shape)
        if self.residual is not None:
            self.residual.build((*h_shape[:-1], self.channels))
        if self.film is not None:
            self.film.build((*x_shape[:-1], x_shape[-1] - 1))

    def call(self, inputs: Sequence[Any]) -> tuple[Any, Any]:
        h, x = inputs
        z = self.dilated(h) + self.condition(x)
        if self.film is not None:
            width = z.shape[-1]
            st = self.film(x[..., 1:])
            z = z * (1.0 + st[..., :width]) + st[..., width:]
        if self.gated:
            a = ops.tanh(z[..., :self.channels]) * ops.sigmoid(z[..., self.channels:])
        else:
            a = ops.tanh(z)
        return (h + self.residual(a) if self.residual is not None else h), a

    def compute_output_shape(self, input_shape: Sequence[tuple]) -> tuple[tuple, tuple]:
        h_shape = input_shape[0]
        return h_shape, h_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "channels": self.channels,
                "kernel_size": self.kernel_size, "dilation": self.dilation,
                "gated": self.gated, "residual": self.has_residual,
                "frozen_residual": self.frozen_residual, "film": self.has_film}


@keras.saving.register_keras_serializable(package="dsp_paper")
class HeadScale(keras.layers.Layer):
    """``y = scale * x`` with ``scale`` a fixed weight, not trained: Neural Amp Modeler's
    ``head_scale``, which its files store as their last weight, so a model of
    :func:`~dsp_paper.nn.models.wavenet` with layer arrays holds exactly NAM's weights.

    Shapes: any input; the output has its shape.
    """

    def __init__(self, scale: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.initial_scale = float(scale)

    def build(self, input_shape: tuple) -> None:
        self.scale = self.add_weight(
            shape=(), initializer=keras.initializers.Constant(self.initial_scale),
            trainable=False, name="scale")

    def call(self, x: Any) -> Any:
        return x * ops.cast(self.scale, x.dtype)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "scale": self.initial_scale}
