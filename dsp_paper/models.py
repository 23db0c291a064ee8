"""Keras 3 model builders. Every model takes float32 input, channels last."""
from __future__ import annotations

from .errors import ParameterError

__all__ = ["linear_layer", "dense_net", "conv_autoencoder", "ConvAutoencoder"]


def _seed(seed):
    if seed is not None:
        from .training import set_seed

        set_seed(seed)


def _positive_int(name, v):
    if isinstance(v, bool) or not isinstance(v, int) or v < 1:
        raise ParameterError(f"{name} must be a positive integer, got {v!r}")


def linear_layer(n_inputs, n_outputs, *, name="linear", seed=None):
    """One dense layer, no bias, no activation: ``y = x @ W`` (004's network).

    seed : int, optional
        Seeds the initial weights (same seed, same model).

    Returns
    -------
    keras.Model
        Input ``(batch, n_inputs)``, output ``(batch, n_outputs)``; ``n_inputs * n_outputs``
        weights.
    """
    import keras

    _positive_int("n_inputs", n_inputs)
    _positive_int("n_outputs", n_outputs)
    _seed(seed)
    inputs = keras.Input((n_inputs,), name="x")
    outputs = keras.layers.Dense(n_outputs, use_bias=False, name="W")(inputs)
    return keras.Model(inputs, outputs, name=name)


def dense_net(window, *, hidden=1000, activation=None, name=None, seed=None):
    """000's fully connected regression net: a window of samples in, the same window out,
    through one hidden layer (``activation=None`` is the "linear" net, ``"tanh"`` the
    "nonlinear" one).

    Returns
    -------
    keras.Model
        ``(batch, window) -> (batch, window)``.
    """
    import keras

    _positive_int("window", window)
    _positive_int("hidden", hidden)
    _seed(seed)
    inputs = keras.Input((window,), name="window")
    h = keras.layers.Dense(hidden, activation=activation, name="hidden")(inputs)
    outputs = keras.layers.Dense(window, name="output")(h)
    return keras.Model(inputs, outputs, name=name or f"dense_{activation or 'linear'}")


def _conv_autoencoder_class():
    import keras
    from keras import ops

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

        def __init__(self, filters=16, kernel_size=1000, strides=10, hidden=50, tied=True,
                     activation=None, channels=1, **kwargs):
            super().__init__(**kwargs)
            self.filters, self.kernel_size, self.strides = filters, kernel_size, strides
            self.hidden, self.tied, self.activation = hidden, tied, activation
            self.channels = channels
            self.mix_in = keras.layers.Dense(hidden, activation=activation, name="hidden") \
                if hidden else None
            self.mix_out = keras.layers.Dense(filters, name="hidden_out") if hidden else None

        def build(self, input_shape):
            shape = (self.kernel_size, self.channels, self.filters)
            self.kernel = self.add_weight(shape=shape, initializer="glorot_uniform",
                                          name="kernel")
            self.kernel_out = self.kernel if self.tied else self.add_weight(
                shape=shape, initializer="glorot_uniform", name="kernel_out")
            if self.hidden:
                self.mix_in.build((None, None, self.filters))
                self.mix_out.build((None, None, self.hidden))

        def call(self, x):
            h = ops.conv(x, self.kernel, strides=self.strides, padding="same")
            if self.hidden:
                h = self.mix_out(self.mix_in(h))
            y = ops.conv_transpose(h, self.kernel_out, strides=self.strides, padding="same")
            # a length that is not a multiple of the stride comes back rounded up: crop it
            return y[:, :ops.shape(x)[1], :]

        def compute_output_shape(self, input_shape):
            return input_shape

        def get_config(self):
            return {**super().get_config(), "filters": self.filters,
                    "kernel_size": self.kernel_size, "strides": self.strides,
                    "hidden": self.hidden, "tied": self.tied, "activation": self.activation,
                    "channels": self.channels}

    return ConvAutoencoder


_CLASS = None


def __getattr__(name):  # keras is imported only when the class is first used
    global _CLASS
    if name == "ConvAutoencoder":
        _CLASS = _CLASS or _conv_autoencoder_class()
        return _CLASS
    raise AttributeError(name)


def conv_autoencoder(*, filters=16, kernel_size=1000, strides=10, hidden=50, tied=True,
                     activation=None, channels=1, name=None, seed=None):
    """000's tied convolutional net as a Keras model for audio of any length.

    Parameters
    ----------
    filters : int
        Number of filters.
    kernel_size : int
        Filter length in samples; 1000 at 44.1 kHz holds one full period of 50 Hz, the
        lowest frequency of 000's training sweeps.
    strides : int
        Hop of the convolution (and upsampling of the transposed one); input lengths must be
        multiples of it.
    hidden : int
        Units of the fully connected layer applied at every position (0: none).
    tied : bool
        Whether the transposed convolution reuses the convolution's filters.
    channels : int
        1 for mono; 2 keeps stereo (001).

    Returns
    -------
    keras.Model
        ``(batch, n, channels) -> (batch, n, channels)``.
    """
    import keras

    for label, v in (("filters", filters), ("kernel_size", kernel_size), ("strides", strides),
                     ("channels", channels)):
        _positive_int(label, v)
    if isinstance(hidden, bool) or not isinstance(hidden, int) or hidden < 0:
        raise ParameterError(f"hidden must be a non-negative integer, got {hidden!r}")
    _seed(seed)
    layer_class = __getattr__("ConvAutoencoder")
    inputs = keras.Input((None, channels), name="audio")
    outputs = layer_class(filters=filters, kernel_size=kernel_size, strides=strides,
                          hidden=hidden, tied=tied, activation=activation, channels=channels,
                          name="conv_autoencoder")(inputs)
    default = f"conv_{'tied' if tied else 'untied'}_{'h' + str(hidden) if hidden else 'nohidden'}"
    return keras.Model(inputs, outputs, name=name or default)
