"""Neural Amp Modeler's ``.nam`` format, written and read without NAM's code: a wavenet
(:func:`dsp_paper.nn.models.wavenet`, every wavenet recipe) as NeuralAmpModelerCore's
``WaveNet`` and an LSTM without the input skip (the recipe ``lstm-noskip``) as its ``LSTM``
(:func:`to_nam`), and such files back into the package's models (:func:`from_nam`).

The format is the one NeuralAmpModelerCore reads: every convolution stored as PyTorch's
``Conv1d.weight`` ``(out, in, taps)`` flattened in C order, followed by its bias if it has
one, tap 0 the oldest sample (Keras's ``Conv1D`` kernel ``(taps, in, out)`` in the same tap
order); per layer array its 1x1 rechannel (no bias), then per layer the dilated convolution
(with bias), the input mixin (no bias) and the layer's 1x1 (with bias), then the head
rechannel (with a bias in the last array only); ``head_scale`` last. The model's fixed input
gain is folded into the weights that read the input (the first rechannel and every mixin),
since Core applies no gain of its own.

An LSTM is stored per layer as ``W (4H, 1 + H)``, row ``r`` the input and recurrent weights
of gate row ``r`` (gates i, f, g, o: Keras's order too), then ``b (4H)``, then the initial
state ``h0 (H)`` and ``c0 (H)``, then the read-out's weights ``(H)`` and bias. The package's
models start from a zero state; like NAM's trainer, :func:`to_nam` stores as ``h0, c0`` the
state after :data:`LSTM_SETTLE_SECONDS` of silence, and Core then runs another 0.5 s of
zeros through it when the plugin loads it.
"""
from __future__ import annotations

import datetime
import json
import math
import os
from pathlib import Path
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from dsp_paper.errors import ParameterError

if TYPE_CHECKING:
    import keras

__all__ = ["NAM_VERSION", "LSTM_SETTLE_SECONDS", "PREWARM_SECONDS", "to_nam", "from_nam",
           "read_nam_file", "lstm_initial_state"]

#: The file version NAM's trainer writes and NeuralAmpModelerCore 0.5 reads.
NAM_VERSION = "0.7.0"
#: Seconds of silence from a zero state whose end state an LSTM's file stores (NAM's trainer:
#: 48,000 samples).
LSTM_SETTLE_SECONDS = 1.0
#: Seconds of zeros NeuralAmpModelerCore runs an LSTM through when it is loaded (prewarm).
PREWARM_SECONDS = 0.5


def read_nam_file(path: str | os.PathLike) -> tuple[dict, int]:
    """A ``.nam`` file's JSON and its sample rate (48 kHz where it gives none, as the plugin
    assumes), without Keras.

    Raises
    ------
    ParameterError
        When it is no JSON object or its sample rate is not a positive number.
    """
    path = Path(path)
    try:
        written = json.loads(path.read_text())
        rate = written.get("sample_rate") or 48000
    except (OSError, UnicodeDecodeError, ValueError, AttributeError) as exc:
        raise ParameterError(f"{path} is not a .nam file ({type(exc).__name__}: {exc})") \
            from None
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not rate > 0 \
            or rate != int(rate):
        raise ParameterError(f"{path} is not a .nam file this package reads: sample rate "
                             f"{rate!r}")
    return written, int(rate)


def _flat(kernel: np.ndarray, bias: np.ndarray | None = None) -> list[np.ndarray]:
    """A Keras ``Conv1D`` kernel ``(taps, in, out)`` (and bias) in NAM's order."""
    parts = [np.transpose(np.asarray(kernel), (2, 1, 0)).ravel()]
    if bias is not None:
        parts.append(np.asarray(bias).ravel())
    return parts


def _kernel(flat: np.ndarray, taps: int, inputs: int, outputs: int) -> np.ndarray:
    """NAM's ``(out, in, taps)`` weights back to a Keras ``Conv1D`` kernel."""
    return np.transpose(flat.reshape(outputs, inputs, taps), (2, 1, 0))


def _arrays(model: keras.Model) -> list[list[Any]]:
    from dsp_paper.nn.models import wavenet_arrays  # heavy: keras

    arrays = wavenet_arrays(model)
    if not arrays or not arrays[0][0].name.startswith("array"):
        raise ParameterError(
            f"model {model.name!r} is not a wavenet of layer arrays: NAM's format holds the "
            "package's wavenets, but not one saved before they were built of layer arrays "
            "(its biased input 1x1 has no place in the format); capture it again")
    return arrays


def _check_audio_only(model: keras.Model) -> None:
    controls = int(model.inputs[0].shape[-1]) - 1
    if controls:
        raise ParameterError(f"model {model.name!r} has {controls} control input(s): "
                             "a .nam file for the plugin takes the audio alone")


def _input_gain(model: keras.Model) -> np.ndarray:
    """The fixed gain of every input channel (the audio's, then 1 for each control)."""
    inputs = int(model.inputs[0].shape[-1])
    scale = np.reshape(np.asarray(model.get_layer("input_gain").scale, np.float64), -1)
    return np.broadcast_to(scale, (inputs,)).copy()


def to_nam(model: keras.Model, *, sample_rate: int | None = None,
           metadata: Mapping[str, Any] | None = None) -> dict:
    """A wavenet or an LSTM as a ``.nam`` dict (write it with ``json.dump``).

    Parameters
    ----------
    model : keras.Model
        :func:`dsp_paper.nn.models.wavenet` (with controls: Core's multi-input WaveNet,
        ``in_channels`` the audio and each control, FiLM as its ``activation_pre_film``;
        NAM's plugin plays single-input files only), or an LSTM
        :func:`dsp_paper.nn.models.streaming_rnn` without the skip and without controls.
    sample_rate : int, optional
        Hz; the plugin resamples to it (and assumes 48 kHz where a file has none).
    metadata : mapping, optional
        Written as given, with ``date`` added when absent (Core reads ``loudness``,
        ``input_level_dbu`` and ``output_level_dbu``; the plugin shows the rest).

    Returns
    -------
    dict
        ``version``, ``architecture`` (``"WaveNet"`` or ``"LSTM"``), ``config``, ``weights``
        (floats),
        ``sample_rate`` where given, ``metadata``.

    Raises
    ------
    ParameterError
        For a model the format cannot hold exactly, or weights that are not finite.

    Examples
    --------
    >>> from dsp_paper.nn import models                     # doctest: +SKIP
    >>> nam = to_nam(models.wavenet(channels=(16, 8), head_scale=0.02), sample_rate=48000)
    >>> len(nam["weights"])                                 # doctest: +SKIP
    13802
    """
    names = {layer.name for layer in model.layers}
    if "gru" in names:
        raise ParameterError(f"model {model.name!r} is a GRU, which NAM's format has no place "
                             "for: capture with a wavenet recipe or --model lstm-noskip")
    if "lstm" in names:
        _check_audio_only(model)
        architecture, config, flat = _lstm_nam(model, sample_rate)
    else:
        architecture, config, flat = _wavenet_nam(model, _input_gain(model))
    if not np.all(np.isfinite(flat)):
        raise ParameterError(f"model {model.name!r} has weights that are not finite numbers; "
                             "NAM's format (JSON) cannot hold them")
    nam = {"version": NAM_VERSION, "architecture": architecture, "config": config,
           "weights": [float(np.float32(w)) for w in flat]}
    if sample_rate is not None:
        nam["sample_rate"] = int(sample_rate)
    now = datetime.datetime.now()
    nam["metadata"] = {"date": {k: getattr(now, k) for k in
                                ("year", "month", "day", "hour", "minute", "second")},
                       **dict(metadata or {})}
    return nam


def _lstm_nam(model: keras.Model, sample_rate: int | None) -> tuple[str, dict, np.ndarray]:
    """An LSTM :func:`~dsp_paper.nn.models.streaming_rnn` without the skip: NAM's ``LSTM``."""
    from dsp_paper.nn.streaming import StreamingLSTM, lstm_weights  # heavy: numba

    if any(layer.name == "skip" for layer in model.layers):
        raise ParameterError(
            f"model {model.name!r} adds its input to its output (the skip of the recipe "
            "'lstm'), which NAM's LSTM has no place for: capture with --model lstm-noskip")
    w = lstm_weights(model)    # the input gain folded into the kernel's input row
    hidden = w["recurrent"].shape[0]
    stream = StreamingLSTM(w)
    stream.reset()
    stream.process(np.zeros(int(LSTM_SETTLE_SECONDS * (sample_rate or 48000)), np.float32))
    cell = np.concatenate([w["kernel"].T, w["recurrent"].T], axis=1)      # (4H, 1 + H)
    flat = np.concatenate([cell.ravel(), w["bias"], stream.h, stream.c, w["w_out"],
                           [w["b_out"]]]).astype(np.float64)
    return "LSTM", {"input_size": 1, "hidden_size": int(hidden), "num_layers": 1}, flat


def _film_flat(layer: Any, inputs: int) -> list[np.ndarray]:
    """A layer's FiLM as Core's activation_pre_film: a 1x1 from every input (the audio's
    column zero: the package's FiLM reads the controls alone) to scale then shift, with bias
    (the scale's plus one: the package's scale is ``1 + s``)."""
    kernel, bias = (np.asarray(w, np.float64) for w in layer.film.get_weights())
    full = np.zeros((1, inputs, kernel.shape[-1]))
    full[:, 1:, :] = kernel
    bias = bias.copy()
    bias[:bias.size // 2] += 1.0
    return _flat(full, bias)


def _wavenet_nam(model: keras.Model, gain: np.ndarray) -> tuple[str, dict, np.ndarray]:
    """A wavenet as Core's WaveNet; with controls, its multi-input WaveNet (the controls
    are input channels, read by the first rechannel and every input mixin, and by the FiLMs
    of a model with FiLM)."""
    arrays = _arrays(model)
    inputs = gain.size
    weights: list[np.ndarray] = []
    layers = []
    for a, array in enumerate(arrays):
        last = a == len(arrays) - 1
        first = array[0]
        channels, taps, gated = first.channels, first.kernel_size, first.gated
        rechannel = np.asarray(model.get_layer(f"array{a}_rechannel").kernel)
        weights += _flat(rechannel * gain[None, :, None] if a == 0 else rechannel)
        for layer in array:
            weights += _flat(layer.dilated.kernel, layer.dilated.bias)
            weights += _flat(np.asarray(layer.condition.kernel) * gain[None, :, None])
            weights += _flat(layer.residual.kernel, layer.residual.bias)
            if first.film is not None:
                weights += _film_flat(layer, inputs)
        head = model.get_layer(f"array{a}_head")
        weights += _flat(head.kernel, head.bias if last else None)
        layers.append({"input_size": rechannel.shape[1], "condition_size": inputs,
                       "head_size": int(head.kernel.shape[-1]), "channels": channels,
                       "kernel_size": taps, "dilations": [layer.dilation for layer in array],
                       "activation": "Tanh", "gated": bool(gated), "head_bias": last,
                       **({"activation_pre_film": {"active": True, "shift": True, "groups": 1}}
                          if first.film is not None else {})})
    scale = float(np.asarray(model.get_layer("head_scale").scale))
    flat = np.concatenate([w.astype(np.float64).ravel() for w in weights] + [[scale]])
    config = {"layers": layers, "head": None, "head_scale": scale}
    if inputs > 1:
        config["in_channels"] = inputs
    return "WaveNet", config, flat


def _unsupported(what: str) -> ParameterError:
    return ParameterError(f"this .nam file {what}; the package reads one-layer LSTMs and "
                          "WaveNets of layer arrays with one kernel size, the same dilations "
                          "in every array, Tanh (gated by Sigmoid or not), one input, and none "
                          "of NAM's other options (a bottleneck, groups, 1x1 heads, FiLM, a "
                          "post-stack head or a condition DSP)")


def from_nam(nam: Mapping[str, Any]) -> keras.Model:
    """The package's model holding a ``.nam`` file's WaveNet or LSTM (the dict ``json.load``
    gives).

    Returns
    -------
    keras.Model
        :func:`dsp_paper.nn.models.wavenet` of layer arrays, or an LSTM
        :func:`dsp_paper.nn.models.streaming_rnn` without the skip (which, as every Keras
        model, starts from a zero state: the file's initial state is
        :func:`lstm_initial_state`); run it as any other, or through its streaming kernel.

    Raises
    ------
    ParameterError
        For an architecture or option the package's wavenet does not have, or a weight count
        that does not match the configuration.
    """
    from dsp_paper.nn import models  # heavy: keras

    try:
        return _from_nam(nam, models)
    except (KeyError, IndexError, TypeError, AttributeError, ValueError) as exc:
        if isinstance(exc, ParameterError):
            raise
        raise ParameterError(f"this .nam file is malformed ({type(exc).__name__}: {exc})") \
            from None


def _gating(layer: Mapping[str, Any]) -> str:
    """An array's gating as Core reads it: ``gating_mode`` where present, else ``gated``."""
    mode = layer.get("gating_mode", "gated" if layer.get("gated") else "none")
    if not isinstance(mode, str):
        raise _unsupported("gives its gating per layer")
    return mode


def _from_nam(nam: Mapping[str, Any], models: Any) -> keras.Model:
    version = str(nam.get("version", ""))
    parts = version.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or parts[0] != "0" \
            or not 5 <= int(parts[1]) <= 7:
        raise ParameterError(f"this .nam file's version {version!r} is not one "
                             "NeuralAmpModelerCore reads (0.5.0 to 0.7.x)")
    if nam.get("architecture") == "LSTM":
        return _lstm_from_nam(nam, models)
    if nam.get("architecture") != "WaveNet":
        raise _unsupported(f"holds a {nam.get('architecture')!r}, not a WaveNet or an LSTM")
    config = nam["config"]
    layers = config["layers"]
    if not layers:
        raise _unsupported("has no layer arrays")
    if config.get("head") is not None or config.get("condition_dsp") is not None \
            or config.get("in_channels", 1) != 1:
        raise _unsupported("has a post-stack head, a condition DSP or several inputs")
    first = layers[0]
    taps, dilations = first.get("kernel_size"), list(first["dilations"])
    gated = _gating(first)
    for a, layer in enumerate(layers):
        known = {"input_size", "condition_size", "head_size", "channels", "kernel_size",
                 "dilations", "activation", "gated", "gating_mode", "head_bias",
                 "secondary_activation"}
        extra = sorted(k for k in layer if k not in known)
        if extra:
            raise _unsupported(f"sets {', '.join(extra)}")
        if layer.get("kernel_size") != taps or list(layer["dilations"]) != dilations:
            raise _unsupported("varies the kernel size or the dilations between arrays")
        if _gating(layer) != gated or gated not in ("none", "gated"):
            raise _unsupported(f"uses the gating {_gating(layer)!r}")
        if layer.get("secondary_activation", "Sigmoid") != "Sigmoid":
            raise _unsupported(f"gates with {layer['secondary_activation']!r}")
        if layer.get("activation") != "Tanh":
            raise _unsupported(f"uses the activation {layer.get('activation')!r}")
        if layer.get("condition_size", 1) != 1:
            raise _unsupported("has a condition wider than the audio")
        last = a == len(layers) - 1
        if layer["input_size"] != (1 if a == 0 else layers[a - 1]["channels"]) \
                or layer.get("head_size", 1) != (1 if last else layers[a + 1]["channels"]) \
                or bool(layer.get("head_bias")) != last:
            raise _unsupported("wires its arrays otherwise than rechannel to rechannel and head "
                               "to head")
    gated = gated == "gated"
    channels = tuple(layer["channels"] for layer in layers)
    flat = np.asarray(nam["weights"], dtype=np.float32)
    model = models.wavenet(channels=channels, kernel_size=taps, dilations=dilations,
                           gated=gated, head_scale=float(flat[-1]))
    if flat.size != model.count_params():
        raise ParameterError(f"this .nam file holds {flat.size} weights where its "
                             f"configuration needs {model.count_params()}")
    at = 0

    def take(taps_: int, inputs: int, outputs: int, bias: bool):
        nonlocal at
        n = taps_ * inputs * outputs
        kernel = _kernel(flat[at:at + n], taps_, inputs, outputs)
        at += n
        if not bias:
            return [kernel]
        at += outputs
        return [kernel, flat[at - outputs:at]]

    arrays = models.wavenet_arrays(model)
    for a, (array, spec) in enumerate(zip(arrays, layers)):
        c, width = spec["channels"], spec["channels"] * (2 if gated else 1)
        model.get_layer(f"array{a}_rechannel").set_weights(take(1, spec["input_size"], c, False))
        for layer in array:
            layer.dilated.set_weights(take(taps, c, width, True))
            layer.condition.set_weights(take(1, 1, width, False))
            layer.residual.set_weights(take(1, c, c, True))
        model.get_layer(f"array{a}_head").set_weights(
            take(1, c, spec["head_size"], a == len(layers) - 1))
    if at + 1 != flat.size or not math.isfinite(float(flat[-1])):
        raise ParameterError(f"this .nam file holds {flat.size} weights where its "
                             f"configuration reads {at + 1}")
    return model


def _lstm_from_nam(nam: Mapping[str, Any], models: Any) -> keras.Model:
    """NAM's one-layer LSTM as :func:`~dsp_paper.nn.models.streaming_rnn` without the skip;
    its stored initial state is not kept (the package's models start from zero)."""
    config = nam["config"]
    extra = sorted(k for k in config if k not in ("input_size", "hidden_size", "num_layers"))
    if extra or config.get("input_size") != 1 or config.get("num_layers") != 1:
        raise ParameterError("this .nam file's LSTM is not one layer over the audio alone "
                             f"(config {dict(config)}); the package reads those only")
    hidden = int(config["hidden_size"])
    if hidden < 1:
        raise ParameterError(f"this .nam file's LSTM has {hidden} units")
    flat = np.asarray(nam["weights"], dtype=np.float32)
    width = 4 * hidden
    expected = width * (1 + hidden) + width + 2 * hidden + hidden + 1
    if flat.size != expected:
        raise ParameterError(f"this .nam file holds {flat.size} weights where its "
                             f"configuration needs {expected}")
    cell = flat[:width * (1 + hidden)].reshape(width, 1 + hidden)
    at = width * (1 + hidden)
    bias = flat[at:at + width]
    at += width + 2 * hidden                  # h0 and c0: not kept
    w_out, b_out = flat[at:at + hidden], flat[at + hidden:]
    model = models.streaming_rnn(hidden=hidden, cell="lstm", skip=False)
    model.get_layer("lstm").set_weights([cell[:, :1].T, cell[:, 1:].T, bias])
    model.get_layer("readout").set_weights([w_out[:, None], b_out])
    return model


def lstm_initial_state(nam: Mapping[str, Any], *, prewarmed: bool = True
                       ) -> tuple[np.ndarray, np.ndarray]:
    """The state ``(h, c)`` a one-layer LSTM file starts from in NeuralAmpModelerCore: the
    stored ``h0, c0``, and, with ``prewarmed``, after the :data:`PREWARM_SECONDS` of zeros
    Core runs through it when it is loaded (as the plugin loads it), so that the package's
    kernel started from it renders as Core does from the first sample.

    Returns
    -------
    h, c : np.ndarray, shape (H,), float32
    """
    from dsp_paper.nn.streaming import StreamingLSTM, lstm_weights  # heavy: numba

    hidden = int(nam["config"]["hidden_size"])
    flat = np.asarray(nam["weights"], dtype=np.float32)
    at = 4 * hidden * (1 + hidden) + 4 * hidden
    h0, c0 = flat[at:at + hidden].copy(), flat[at + hidden:at + 2 * hidden].copy()
    if not prewarmed:
        return h0, c0
    stream = StreamingLSTM(lstm_weights(from_nam(nam)))
    stream.reset()
    stream.h[:], stream.c[:] = h0, c0
    rate = int(nam.get("sample_rate") or 48000)
    stream.process(np.zeros(max(1, int(PREWARM_SECONDS * rate)), np.float32))
    return stream.h.copy(), stream.c.copy()
