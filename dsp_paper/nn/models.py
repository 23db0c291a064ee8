"""Keras 3 model builders. Every model takes float32 input, channels last."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import keras
import numpy as np

from dsp_paper.errors import ParameterError
from dsp_paper.nn import losses  # registers the losses with Keras, for load_model
from dsp_paper.nn.layers import ConvAutoencoder, FirstChannel, HeadScale, WaveNetLayer
from dsp_paper.nn.seeding import set_seed

if TYPE_CHECKING:
    import os

__all__ = ["linear_layer", "dense_net", "conv_autoencoder", "ConvAutoencoder",
           "many_to_one_rnn", "dilated_cnn", "dilated_cnn_plan", "streaming_rnn", "wavenet",
           "wavenet_arrays", "receptive_field", "WAVENET_DILATIONS", "gruv_lstm", "load_model"]


def _seed(seed: int | None) -> None:
    if seed is not None:
        set_seed(seed)


def _glorot_uniform(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    # Keras's fans: the last axis out, the one before in, any others the receptive field
    field = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    fan_in, fan_out = (shape[0], shape[1]) if len(shape) == 2 else \
        (shape[-2] * field, shape[-1] * field)
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, shape)


def _orthogonal(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    rows, cols = int(np.prod(shape[:-1])), shape[-1]
    q, r = np.linalg.qr(rng.standard_normal((max(rows, cols), min(rows, cols))))
    q *= np.sign(np.diag(r))
    return (q.T if rows < cols else q).reshape(shape)


def _initial_value(layer: keras.layers.Layer, variable: keras.Variable,
                   rng: np.random.Generator) -> np.ndarray:
    """A variable's initial value drawn from ``rng`` as its Keras default initializer
    draws it: glorot-uniform kernels, orthogonal recurrent kernels, zero biases (an LSTM's
    forget gate at one)."""
    name, shape = variable.name, tuple(variable.shape)
    for attribute, expected in (("kernel_initializer", "GlorotUniform"),
                                ("recurrent_initializer", "Orthogonal"),
                                ("bias_initializer", "Zeros")):
        given = getattr(layer, attribute, None)
        if given is not None and type(given).__name__ != expected:
            raise ParameterError(f"layer {layer.name!r} has a {type(given).__name__} "
                                 f"{attribute}; only Keras's defaults are drawn "
                                 "backend-independently")
    if isinstance(layer, HeadScale):  # a constant, not a draw
        return np.full(shape, layer.initial_scale)
    if name == "recurrent_kernel":
        return _orthogonal(rng, shape)
    if name.startswith("kernel"):
        return _glorot_uniform(rng, shape)
    if name == "bias":
        value = np.zeros(shape)
        if isinstance(layer, keras.layers.LSTMCell) and layer.unit_forget_bias:
            value[layer.units:2 * layer.units] = 1.0
        return value
    raise ParameterError(f"no backend-independent initial value for {name!r} of layer "
                         f"{layer.name!r} ({type(layer).__name__})")


def _initialised(model: keras.Model, seed: int | None) -> keras.Model:
    """``model`` with every weight drawn again from NumPy seeded by ``seed``, as its Keras
    initializer draws it: Keras's own draws come from each backend's generator, so the same
    seed gives other weights on TensorFlow and on JAX, and other trained models. With the
    same initial weights (and the shuffling, which is NumPy's already) both backends train
    to the same model but for rounding. ``seed=None`` leaves Keras's draws."""
    if seed is None:
        return model
    rng = np.random.default_rng([int(seed), 20170102])
    for layer in model._flatten_layers(include_self=False):
        for variable in (*layer._trainable_variables, *layer._non_trainable_variables):
            variable.assign(_initial_value(layer, variable, rng).astype(variable.dtype))
    return model


def _positive_int(name: str, v: int) -> None:
    if isinstance(v, bool) or not isinstance(v, int) or v < 1:
        raise ParameterError(f"{name} must be a positive integer, got {v!r}")


def linear_layer(n_inputs: int, n_outputs: int, *, name: str = "linear",
                 seed: int | None = None) -> keras.Model:
    """One dense layer, no bias, no activation: ``y = x @ W`` (004's network).

    seed : int, optional
        Seeds the initial weights (same seed, same model).

    Returns
    -------
    keras.Model
        Input ``(batch, n_inputs)``, output ``(batch, n_outputs)``; ``n_inputs * n_outputs``
        weights.
    """
    _positive_int("n_inputs", n_inputs)
    _positive_int("n_outputs", n_outputs)
    _seed(seed)
    inputs = keras.Input((n_inputs,), name="x")
    outputs = keras.layers.Dense(n_outputs, use_bias=False, name="W")(inputs)
    return _initialised(keras.Model(inputs, outputs, name=name), seed)


def dense_net(window: int, *, hidden: int = 1000, activation: str | None = None,
              name: str | None = None, seed: int | None = None) -> keras.Model:
    """000's fully connected regression net: a window of samples in, the same window out,
    through one hidden layer (``activation=None`` is the "linear" net, ``"tanh"`` the
    "nonlinear" one).

    Returns
    -------
    keras.Model
        ``(batch, window) -> (batch, window)``.
    """
    _positive_int("window", window)
    _positive_int("hidden", hidden)
    _seed(seed)
    inputs = keras.Input((window,), name="window")
    h = keras.layers.Dense(hidden, activation=activation, name="hidden")(inputs)
    outputs = keras.layers.Dense(window, name="output")(h)
    return _initialised(keras.Model(inputs, outputs, name=name or f"dense_{activation or 'linear'}"), seed)


def load_model(path: str | os.PathLike[str]) -> keras.Model:
    """``keras.models.load_model(path)`` for a model this package built and saved (a
    checkpoint, or a capture's ``model.keras``): its own layers and losses are registered
    with Keras when :mod:`dsp_paper.nn.layers` and :mod:`dsp_paper.nn.losses` are imported,
    as this module does.

    Examples
    --------
    >>> model = load_model("my_pedal/model.keras")  # doctest: +SKIP
    """
    return keras.models.load_model(path)


def conv_autoencoder(*, filters: int = 16, kernel_size: int = 1000, strides: int = 10,
                     hidden: int = 50, tied: bool = True, activation: str | None = None,
                     channels: int = 1, name: str | None = None,
                     seed: int | None = None) -> keras.Model:
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
    for label, v in (("filters", filters), ("kernel_size", kernel_size), ("strides", strides),
                     ("channels", channels)):
        _positive_int(label, v)
    if isinstance(hidden, bool) or not isinstance(hidden, int) or hidden < 0:
        raise ParameterError(f"hidden must be a non-negative integer, got {hidden!r}")
    _seed(seed)
    layer_class = ConvAutoencoder
    inputs = keras.Input((None, channels), name="audio")
    outputs = layer_class(filters=filters, kernel_size=kernel_size, strides=strides,
                          hidden=hidden, tied=tied, activation=activation, channels=channels,
                          name="conv_autoencoder")(inputs)
    default = f"conv_{'tied' if tied else 'untied'}_{'h' + str(hidden) if hidden else 'nohidden'}"
    return _initialised(keras.Model(inputs, outputs, name=name or default), seed)


def many_to_one_rnn(window: int, *, hidden: int, cell: str = "lstm", name: str | None = None,
                    seed: int | None = None) -> keras.Model:
    """002's recurrent nets: a window of input samples in, the target at the window's
    **last** sample out, through one LSTM or GRU layer and a tanh output unit.

    Parameters
    ----------
    window : int
        Input samples per output sample (1024 for the thesis's LSTM, 512 for the reduced
        LSTM and the GRU).
    hidden : int
        Units of the recurrent layer (384 and 160 in the thesis).
    cell : {"lstm", "gru"}

    Returns
    -------
    keras.Model
        ``(batch, window, 1) -> (batch, 1)``; every output starts from a zero state, so
        producing ``n`` output samples runs the cell ``n * window`` times.
    """
    _positive_int("window", window)
    _positive_int("hidden", hidden)
    layers = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU}
    if cell not in layers:
        raise ParameterError(f"cell must be 'lstm' or 'gru', got {cell!r}")
    _seed(seed)
    inputs = keras.Input((window, 1), name="window")
    h = layers[cell](hidden, name=cell)(inputs)
    outputs = keras.layers.Dense(1, activation="tanh", name="output")(h)
    return _initialised(keras.Model(inputs, outputs, name=name or f"{cell}_{window}x{hidden}"), seed)


def dilated_cnn_plan(window: int, *, filters: int = 128, kernel_size: int = 128,
                     groups: int = 4) -> list[dict[str, int]]:
    """The layer sizes of 002's dilated CNN, group by group, as the thesis describes them:
    the first group has ``filters`` filters of ``kernel_size`` with stride 1, dilation 1 and
    pooling 1/1; each later group halves filters and kernel and doubles stride, dilation,
    pool size and pool stride.

    Returns
    -------
    list of dict
        One dict per group: ``filters, kernel_size, strides, dilation, pool, length``
        (``length`` = positions left after the group, with "same" padding).
    """
    _positive_int("window", window)
    plan, length = [], window
    for g in range(groups):
        f, k, step = filters >> g, kernel_size >> g, 1 << g
        if f < 1 or k < 1:
            raise ParameterError(f"{groups} groups halve {filters} filters / kernel "
                                 f"{kernel_size} below 1")
        length = -(-length // step)  # strided conv, "same" padding
        length = -(-length // step)  # pooling, "same" padding
        plan.append(dict(filters=f, kernel_size=k, strides=step, dilation=step, pool=step,
                         length=length))
    return plan


def dilated_cnn(window: int, *, filters: int = 128, kernel_size: int = 128, groups: int = 4,
                dense: Sequence[int] = (8, 4, 2, 1), name: str | None = None,
                seed: int | None = None) -> keras.Model:
    """002's dilated CNN, read literally: ``groups`` groups of [convolution with stride,
    convolution with dilation, max pooling], tanh after each convolution (see
    :func:`dilated_cnn_plan`), then dense layers of 8, 4, 2 and 1 units (tanh), and the
    result added to the window's last input sample.

    The thesis gives no padding; with "valid" padding the second group's dilated kernel is
    already longer than what is left of a 512- or 1024-sample window, so every layer pads
    ("same"). Its dense layers' activation is not given either: tanh, like its other
    outputs.

    Returns
    -------
    keras.Model
        ``(batch, window, 1) -> (batch, 1)``.
    """
    _positive_int("window", window)
    _seed(seed)
    plan = dilated_cnn_plan(window, filters=filters, kernel_size=kernel_size, groups=groups)
    inputs = keras.Input((window, 1), name="window")
    h = inputs
    for g, p in enumerate(plan, 1):
        h = keras.layers.Conv1D(p["filters"], p["kernel_size"], strides=p["strides"],
                                padding="same", activation="tanh", name=f"g{g}_strided")(h)
        h = keras.layers.Conv1D(p["filters"], p["kernel_size"], dilation_rate=p["dilation"],
                                padding="same", activation="tanh", name=f"g{g}_dilated")(h)
        h = keras.layers.MaxPooling1D(p["pool"], strides=p["pool"], padding="same",
                                      name=f"g{g}_pool")(h)
    h = keras.layers.Flatten(name="flatten")(h)
    for units in dense:
        h = keras.layers.Dense(units, activation="tanh", name=f"dense{units}")(h)
    last = keras.layers.Flatten(name="last_sample")(
        keras.layers.Cropping1D((window - 1, 0), name="crop_to_last")(inputs))
    outputs = keras.layers.Add(name="plus_last_sample")([h, last])
    return _initialised(keras.Model(inputs, outputs, name=name or f"dilated_cnn_{window}"), seed)


def streaming_rnn(*, hidden: int = 32, cell: str = "lstm", controls: int = 0,
                  input_gain: float = 1.0, skip: bool = True, name: str | None = None,
                  seed: int | None = None) -> keras.Model:
    """The recurrent model the field settled on (Wright et al. 2019, NAM): one recurrent
    layer over the whole signal, a linear read-out, and a linear skip from the input, so the
    network learns only the difference between input and output.

    Parameters
    ----------
    hidden : int
        Units of the recurrent layer (32).
    controls : int
        Extra input channels that condition the model (e.g. 1 for a cut-off knob); the skip
        carries only the audio channel.
    input_gain : float
        A fixed gain on the audio channel into the recurrent layer (e.g. one over the
        training audio's RMS, as :func:`wavenet` takes it); the skip carries the audio as it
        is.
    skip : bool
        The skip from the input; without it the read-out is the output, as in Neural Amp
        Modeler's LSTM (which its ``.nam`` format can then hold).

    Returns
    -------
    keras.Model
        ``(batch, n, 1 + controls) -> (batch, n, 1)`` for any ``n``; causal, so it can run in
        blocks with the state carried across (:class:`dsp_paper.nn.streaming.StreamingRNN`).
    """
    _positive_int("hidden", hidden)
    if isinstance(controls, bool) or not isinstance(controls, int) or controls < 0:
        raise ParameterError(f"controls must be a non-negative integer, got {controls!r}")
    layers = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU}
    if cell not in layers:
        raise ParameterError(f"cell must be 'lstm' or 'gru', got {cell!r}")
    _seed(seed)
    if not (np.isfinite(input_gain) and input_gain > 0):
        raise ParameterError(f"input_gain must be a positive number, got {input_gain!r}")
    inputs = keras.Input((None, 1 + controls), name="audio")
    scaled = inputs if input_gain == 1.0 else keras.layers.Rescaling(
        [float(input_gain)] + [1.0] * controls, name="input_gain")(inputs)
    h = layers[cell](hidden, return_sequences=True, name=cell)(scaled)
    outputs = keras.layers.Dense(1, name="readout")(h)
    if skip:
        audio = FirstChannel(name="audio_channel")(inputs) if controls else inputs
        outputs = keras.layers.Add(name="skip")([outputs, audio])
    return _initialised(keras.Model(inputs, outputs, name=name or f"streaming_{cell}{hidden}"), seed)


WAVENET_DILATIONS = tuple(2 ** i for i in range(10))


def wavenet(*, channels: int | Sequence[int] = 8, kernel_size: int = 3,
            dilations: Sequence[int] = WAVENET_DILATIONS, gated: bool = False, controls: int = 0,
            film: bool = False, input_gain: float = 1.0, head_scale: float = 1.0,
            name: str | None = None, seed: int | None = None) -> keras.Model:
    """A causal dilated convolutional model in the style of WaveNet, exactly as Neural Amp
    Modeler's Core runs it (so that :func:`dsp_paper.capture.nam.to_nam` writes any of them
    as a ``.nam`` file): one or more layer arrays, each a 1x1 input convolution, residual
    layers of dilated causal convolutions (each also sees the model's input through a 1x1
    mix, NAM's "input mixin"), the layers' activations summed into a 1x1 head.

    Parameters
    ----------
    channels : int or sequence of int
        NAM's layer arrays, one per entry (an int: one array), wired as NAM Core wires
        them: ``(16, 8)`` is NAM's "standard" model (13,802 weights), ``(12, 6)`` its "lite"
        one. Array ``a`` reads the previous array's residual stream (the model's input for
        the first) through a 1x1 "rechannel" without bias; its head adds its layers'
        activations to the previous array's head output (to zero in the first) and maps the
        sum through a 1x1 "head rechannel" to the next array's channels without bias, or to
        the output with bias in the last array. ``head_scale`` is a weight that is not
        trained (NAM's last weight), and the last layer's residual 1x1, which nothing reads,
        is kept but not trained (NAM's files hold it), so ``count_params()`` is NAM's
        weight count (but with FiLM, whose ``.nam`` form also holds a zero weight from the
        audio to every scale and shift).
    kernel_size : int
        Taps of each dilated convolution.
    dilations : sequence of int
        One residual layer per dilation (in every layer array); the default doubles from 1
        to 512.
    gated : bool
        ``tanh(a) * sigmoid(b)`` activations (WaveNet's) instead of ``tanh`` (NAM's default).
    controls : int
        Extra input channels that condition every layer (e.g. 1 for a drive knob): as
        inputs, through every layer's input mixin (and the first rechannel), as NAM Core's
        multi-input WaveNet takes them.
    film : bool
        Also modulate every layer's pre-activation by the controls, feature-wise (FiLM, see
        :class:`~dsp_paper.nn.layers.WaveNetLayer`); needs ``controls``.
    input_gain : float
        A fixed gain on the audio channel (e.g. one over the training audio's RMS; the
        controls pass as they are), so that the first layers' activations start where tanh
        bends whatever the recording level: a high-gain effect then needs no weights far
        from their initial scale.
    head_scale : float
        A fixed gain on the output (NAM's is 0.02).

    Returns
    -------
    keras.Model
        ``(batch, n, 1 + controls) -> (batch, n, 1)`` for any ``n``; causal: output ``t``
        depends on inputs ``t - receptive_field(model) + 1 .. t`` only.

    Examples
    --------
    >>> m = wavenet(channels=4, dilations=(1, 2, 4))      # doctest: +SKIP
    >>> receptive_field(m)                                # doctest: +SKIP
    15
    >>> wavenet(channels=(16, 8), head_scale=0.02).count_params()  # doctest: +SKIP
    13802
    """
    if isinstance(channels, int) and not isinstance(channels, bool):
        _positive_int("channels", channels)
        channels = (channels,)
    if isinstance(channels, str) or not isinstance(channels, Sequence) or not channels:
        raise ParameterError("channels must be a positive integer or a non-empty sequence "
                             f"of them, got {channels!r}")
    arrays = tuple(channels)
    for c in arrays:
        _positive_int("every entry of channels", c)
    _positive_int("kernel_size", kernel_size)
    dilations = tuple(dilations)
    if not dilations:
        raise ParameterError("dilations must hold at least one dilation")
    for d in dilations:
        _positive_int("every dilation", d)
    if isinstance(controls, bool) or not isinstance(controls, int) or controls < 0:
        raise ParameterError(f"controls must be a non-negative integer, got {controls!r}")
    if not np.isfinite(head_scale):
        raise ParameterError(f"head_scale must be a finite number, got {head_scale!r}")
    if film and not controls:
        raise ParameterError("film modulates by the controls: it needs controls >= 1")
    _seed(seed)
    if not (np.isfinite(input_gain) and input_gain > 0):
        raise ParameterError(f"input_gain must be a positive number, got {input_gain!r}")
    inputs = keras.Input((None, 1 + controls), name="audio")
    scaled = keras.layers.Rescaling([float(input_gain)] + [1.0] * controls,
                                    name="input_gain")(inputs)
    outputs = _layer_arrays(scaled, arrays, kernel_size, dilations, gated, head_scale, film)
    default = (f"wavenet{'_'.join(map(str, arrays))}{'_gated' if gated else ''}"
               f"{'_film' if film else ''}")
    return _initialised(keras.Model(inputs, outputs, name=name or default), seed)


def _layer_arrays(x: keras.KerasTensor, arrays: tuple[int, ...], kernel_size: int,
                  dilations: tuple[int, ...], gated: bool,
                  head_scale: float, film: bool = False) -> keras.KerasTensor:
    """NAM's stack of layer arrays over the scaled input ``x`` ``(batch, n, inputs)``, to
    the output ``(batch, n, 1)``; the layers are named ``array{a}_rechannel``,
    ``array{a}_layer{i}``, ``array{a}_skips``, ``array{a}_head`` and ``head_scale``. Keras
    lists ``model.weights`` by depth in the graph, which interleaves the arrays' heads with
    the next array's layers: NAM's weight order is the one of these names (each layer's
    dilated kernel and bias, input mixin, residual kernel and bias, as NAM's conv,
    input_mixin and layer1x1)."""
    h, head = x, None
    for a, channels in enumerate(arrays):
        last = a == len(arrays) - 1
        h = keras.layers.Conv1D(channels, 1, use_bias=False, name=f"array{a}_rechannel")(h)
        # NAM's head input starts from the previous array's head output, then adds each
        # layer's activation in turn: the same order of additions
        terms = [] if head is None else [head]
        for i, d in enumerate(dilations):
            h, act = WaveNetLayer(channels, kernel_size, d, gated,
                                  frozen_residual=last and i == len(dilations) - 1, film=film,
                                  name=f"array{a}_layer{i}")([h, x])
            terms.append(act)
        summed = keras.layers.Add(name=f"array{a}_skips")(terms) if len(terms) > 1 \
            else terms[0]
        head = keras.layers.Conv1D(1 if last else arrays[a + 1], 1, use_bias=last,
                                   name=f"array{a}_head")(summed)
    return HeadScale(float(head_scale), name="head_scale")(head)


def wavenet_arrays(model: keras.Model) -> list[list[WaveNetLayer]]:
    """The residual layers of a :func:`wavenet`, layer array by layer array (one list for a
    single-stack model saved before every wavenet was built of layer arrays).

    Returns
    -------
    list of list of WaveNetLayer
        Empty when ``model`` is no wavenet.
    """
    layers = [layer for layer in model.layers if isinstance(layer, WaveNetLayer)]
    if not layers or not layers[0].name.startswith("array"):
        return [layers] if layers else []
    arrays: dict[int, list[tuple[int, WaveNetLayer]]] = {}
    for layer in layers:
        a, i = layer.name.removeprefix("array").split("_layer")
        arrays.setdefault(int(a), []).append((int(i), layer))
    return [[layer for _, layer in sorted(arrays[a])] for a in sorted(arrays)]


def receptive_field(model: keras.Model) -> int | None:
    """Input samples that one output of a causal model depends on: ``1 + (k - 1) * sum(d)``
    for :func:`wavenet`, the sum over every layer of every layer array (4093 for NAM's
    standard model), ``None`` (unbounded) for a recurrent :func:`streaming_rnn`."""
    layers = [layer for layer in model.layers if type(layer).__name__ == "WaveNetLayer"]
    if not layers:
        if any(layer.name in ("lstm", "gru") for layer in model.layers):
            return None
        raise ParameterError(f"model {model.name!r} is neither a wavenet nor a streaming_rnn")
    return 1 + sum((layer.kernel_size - 1) * layer.dilation for layer in layers)


def gruv_lstm(values: int, *, hidden: int | None = None, layers: int = 2,
              name: str | None = None, seed: int | None = None) -> keras.Model:
    """003's generator (after GRUV): time-distributed dense layers around a stack of LSTM
    layers with ``return_sequences=True``, predicting every next frame of a sequence.

    Parameters
    ----------
    values : int
        Values per frame (N).
    hidden : int, optional
        Units of the dense input layer and of every LSTM; N in the document (the default).
    layers : int
        Stacked LSTM layers.

    Returns
    -------
    keras.Model
        ``(batch, frames, values) -> (batch, frames, values)``; output ``t`` is the
        prediction of frame ``t + 1``.
    """
    _positive_int("values", values)
    hidden = values if hidden is None else hidden
    _positive_int("hidden", hidden)
    _positive_int("layers", layers)
    _seed(seed)
    inputs = keras.Input((None, values), name="frames")
    h = keras.layers.TimeDistributed(keras.layers.Dense(hidden), name="dense_in")(inputs)
    for i in range(layers):
        h = keras.layers.LSTM(hidden, return_sequences=True, name=f"lstm{i + 1}")(h)
    outputs = keras.layers.TimeDistributed(keras.layers.Dense(values), name="dense_out")(h)
    return _initialised(keras.Model(inputs, outputs, name=name or f"gruv_{values}x{hidden}"), seed)
