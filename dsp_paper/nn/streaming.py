"""Real-time inference of the trained streaming models: the recurrent
:func:`dsp_paper.nn.models.streaming_rnn` (LSTM or GRU) and the convolutional
:func:`dsp_paper.nn.models.wavenet`, their weights exported to compiled kernels that run
causally, block by block, carrying the recurrent state (or the convolutions' history) from one
block to the next, as an audio plug-in does: the recurrent ones sample by sample, the
convolutional one layer by layer over the block.

Keras runs a recurrent layer over a long signal one time step at a time with a fixed cost per
step that is far larger than the arithmetic of a 32-unit cell, and a convolution over a
64-sample block with a large fixed cost too; the kernels here do only the arithmetic (numba,
single thread, float32).

The weights travel as plain JSON (:func:`weights_to_json`): every array by the name Keras
gives it, with its shape and its values in row-major order, so another program can load a
capture without Keras.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from dsp_paper.checks import check_mono
from dsp_paper.errors import ParameterError
from dsp_paper.nn import kernels
from dsp_paper.nn.models import receptive_field, wavenet_arrays

if TYPE_CHECKING:
    from typing import Self

    import keras

__all__ = ["StreamingLSTM", "StreamingGRU", "StreamingWaveNet", "lstm_weights", "gru_weights",
           "wavenet_weights", "streamer", "model_description", "weights_to_json",
           "streamer_from_json", "JSON_FORMAT"]

JSON_FORMAT = "dsp_paper.nn.streaming"


def _f32(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(a, np.float32))


def _layer(model: keras.Model, name: str, kind: str) -> keras.layers.Layer:
    try:
        return model.get_layer(name)
    except ValueError:
        raise ParameterError(f"model {model.name!r} is not a {kind}") from None


def _recurrent_weights(model: keras.Model, cell_name: str
                       ) -> tuple[keras.layers.Layer, list[np.ndarray], np.ndarray, np.float32]:
    kind = f"streaming {cell_name.upper()} (dsp_paper.nn.models.streaming_rnn(cell={cell_name!r}))"
    cell, readout = _layer(model, cell_name, kind), _layer(model, "readout", kind)
    if cell.activation.__name__ != "tanh" or cell.recurrent_activation.__name__ != "sigmoid":
        raise ParameterError("the kernel implements tanh / sigmoid recurrent cells only")
    w_out, b_out = readout.get_weights()
    weights = [_f32(w) for w in cell.get_weights()]
    if any(layer.name == "input_gain" for layer in model.layers):
        # the fixed input gain is folded into the kernel's rows that read the inputs
        gain = np.reshape(np.asarray(model.get_layer("input_gain").scale, np.float32), -1)
        weights[0] = _f32(weights[0] * np.broadcast_to(gain, (weights[0].shape[0],))[:, None])
    return cell, weights, _f32(w_out[:, 0]), np.float32(b_out[0])


def _skip(model: keras.Model) -> np.float32:
    """1 where the model adds its audio input to the read-out, else 0."""
    return np.float32(any(layer.name == "skip" for layer in model.layers))


def lstm_weights(model: keras.Model) -> dict[str, np.ndarray | np.float32]:
    """The arrays of a :func:`~dsp_paper.nn.models.streaming_rnn` LSTM model, as float32:
    ``kernel (inputs, 4H), recurrent (H, 4H), bias (4H,), w_out (H,), b_out (), skip ()``
    (1 with the input skip, 0 without)."""
    _, (kernel, recurrent, bias), w_out, b_out = _recurrent_weights(model, "lstm")
    return dict(kernel=kernel, recurrent=recurrent, bias=bias, w_out=w_out, b_out=b_out,
                skip=_skip(model))


def gru_weights(model: keras.Model) -> dict[str, np.ndarray | np.float32]:
    """The arrays of a :func:`~dsp_paper.nn.models.streaming_rnn` GRU model (Keras's
    ``reset_after=True`` cell), as float32: ``kernel (inputs, 3H), recurrent (H, 3H),
    bias_in (3H,), bias_rec (3H,), w_out (H,), b_out (), skip ()``."""
    cell, (kernel, recurrent, bias), w_out, b_out = _recurrent_weights(model, "gru")
    if not cell.reset_after:
        raise ParameterError("the kernel implements Keras's default GRU (reset_after=True)")
    return dict(kernel=kernel, recurrent=recurrent, bias_in=_f32(bias[0]),
                bias_rec=_f32(bias[1]), w_out=w_out, b_out=b_out, skip=_skip(model))


def _layers_weights(layers: list, gain: np.ndarray) -> dict[str, np.ndarray]:
    """The stacked arrays of one stack of wavenet layers (the input gain folded into their
    input mixins)."""
    sizes = {(layer.channels, layer.kernel_size, layer.gated) for layer in layers}
    if len(sizes) != 1:
        raise ParameterError("the kernel needs the same channels, taps and gating in every "
                             "layer of a layer array")
    stacked = lambda get: _f32(np.stack([get(layer) for layer in layers]))
    return dict(
        dilated_w=stacked(lambda l: l.dilated.get_weights()[0]),
        dilated_b=stacked(lambda l: l.dilated.get_weights()[1]),
        condition_w=stacked(lambda l: gain[:, None] * l.condition.get_weights()[0][0]),
        # a last layer's residual output that is never read: zeros stand in for its weights
        residual_w=stacked(lambda l: l.residual.get_weights()[0][0] if l.residual is not None
                           else np.zeros((l.channels, l.channels))),
        residual_b=stacked(lambda l: l.residual.get_weights()[1] if l.residual is not None
                           else np.zeros(l.channels)),
        dilations=np.array([layer.dilation for layer in layers], np.int64),
        **(dict(film_w=stacked(lambda l: l.film.get_weights()[0][0]),
                film_b=stacked(lambda l: l.film.get_weights()[1]))
           if layers[0].film is not None else {}))


def wavenet_weights(model: keras.Model) -> dict[str, np.ndarray | np.float32 | bool]:
    """The arrays of a :func:`~dsp_paper.nn.models.wavenet` model, as float32, layers stacked.

    For each layer array ``a``: ``array{a}.in_w (C_in, C)`` (its rechannel, from the model's
    input or the previous array's ``C``), ``array{a}.in_b (C,)`` (zeros),
    ``array{a}.dilated_w (L, k, C, W), dilated_b (L, W), condition_w (L, inputs, W),
    residual_w (L, C, C), residual_b (L, C), dilations (L,)`` (int),
    ``array{a}.head_w (C, H), array{a}.head_b (H,)``, ``H`` the next array's channels (the
    head rechannel's missing bias as zeros) or 1 in the last; and ``gated`` (``W = 2C`` when
    gated, else ``C``). A model with FiLM adds ``array{a}.film_w (L, controls, 2W)`` and
    ``array{a}.film_b (L, 2W)`` (scale less one, then shift).

    The input gain is folded into every convolution that reads the input, and the head
    scale into the last head."""
    kind = "wavenet (dsp_paper.nn.models.wavenet)"
    arrays = wavenet_arrays(model)
    if not arrays:
        raise ParameterError(f"model {model.name!r} is not a {kind}")
    gain = np.reshape(np.asarray(_layer(model, "input_gain", kind).scale, np.float32), -1)
    n_inputs = int(model.inputs[0].shape[-1])
    gain = np.broadcast_to(gain, (n_inputs,))  # one per input channel
    if len({layer.gated for layers in arrays for layer in layers}) != 1:
        raise ParameterError("the kernel needs the same gating in every layer")
    gated = bool(arrays[0][0].gated)
    weights: dict[str, np.ndarray | np.float32 | bool] = {}
    scale = float(_layer(model, "head_scale", kind).get_weights()[0])
    for a, layers in enumerate(arrays):
        (in_w,) = _layer(model, f"array{a}_rechannel", kind).get_weights()
        head = _layer(model, f"array{a}_head", kind).get_weights()
        head_w = head[0][0]
        head_b = head[1] if len(head) > 1 else np.zeros(head_w.shape[1])
        if a == len(arrays) - 1:
            head_w, head_b = head_w * scale, head_b * scale
        in_w = in_w[0] * (gain[:, None] if a == 0 else 1.0)
        entries = dict(in_w=in_w, in_b=np.zeros(in_w.shape[1]), **_layers_weights(layers, gain),
                       head_w=head_w, head_b=head_b)
        weights.update({f"array{a}.{name}": v if name == "dilations" else _f32(v)
                        for name, v in entries.items()})
    weights["gated"] = gated
    return weights


class _Streamer:
    """What every streaming kernel shares: control inputs, blocks, whole files."""

    kind = ""

    def __init__(self, weights: dict) -> None:
        self.weights = weights
        self.inputs = self._inputs()
        self.reset()

    @classmethod
    def from_keras(cls, model: keras.Model) -> Self:
        return cls(cls._weights_of(model))

    def reset(self) -> None:
        """Zero the state (a new, unrelated signal)."""
        raise NotImplementedError

    def process(self, block: np.ndarray,
                controls: Sequence[float] | np.ndarray | None = None) -> np.ndarray:
        """Process the next ``block`` of samples, continuing from the previous call.

        Parameters
        ----------
        block : np.ndarray, shape (n,)
            Mono float audio.
        controls : sequence of float or np.ndarray of shape (n, k), optional
            Values of the model's control inputs (e.g. a knob), constant over the block or
            one row per sample.

        Returns
        -------
        np.ndarray, shape (n,), float32
        """
        block = check_mono(block, name="block")
        n_controls = self.inputs - 1
        x = np.empty((block.shape[0], self.inputs), np.float32)
        x[:, 0] = block
        if n_controls:
            if controls is None:
                raise ParameterError(f"this model takes {n_controls} control input(s)")
            x[:, 1:] = np.broadcast_to(np.asarray(controls, np.float32),
                                       (block.shape[0], n_controls))
        elif controls is not None:
            raise ParameterError("this model takes no control input")
        out = np.empty(block.shape[0], np.float32)
        self._run(x, out)
        return out

    def process_file(self, audio: np.ndarray, *, block: int | None = None,
                     controls: Sequence[float] | np.ndarray | None = None) -> np.ndarray:
        """A whole signal from a zero state, in blocks of ``block`` samples (all at once if
        None); the result does not depend on the block size."""
        audio = check_mono(audio)
        self.reset()
        if block is None:
            return self.process(audio, controls)
        if not isinstance(block, (int, np.integer)) or block < 1:
            raise ParameterError(f"block must be a positive integer, got {block!r}")
        return np.concatenate([self.process(audio[i:i + block], controls)
                               for i in range(0, audio.shape[0], block)])


class _RecurrentStreamer(_Streamer):
    """A recurrent model's kernel: its sizes come from the recurrent weights."""

    def _inputs(self) -> int:
        self.hidden = self.weights["recurrent"].shape[0]
        self._kernel = getattr(kernels, f"{self.kind}_run")
        # model.json files written before the skip was optional hold no "skip": they had one
        self._skip = np.float32(self.weights.get("skip", 1.0))
        return self.weights["kernel"].shape[0]


class StreamingLSTM(_RecurrentStreamer):
    """A trained streaming LSTM that processes audio in blocks of any size.

    Parameters
    ----------
    weights : dict
        From :func:`lstm_weights`.

    Examples
    --------
    >>> stream = StreamingLSTM.from_keras(model)            # doctest: +SKIP
    >>> out = np.concatenate([stream.process(b) for b in np.array_split(x, 100)])  # doctest: +SKIP
    """

    kind = "lstm"
    _weights_of = staticmethod(lstm_weights)

    def reset(self) -> None:
        """The state the model starts from: zeros, or the weights' ``h0`` and ``c0`` (a model
        read from a ``.nam`` file, :func:`dsp_paper.capture.nam.lstm_initial_state`)."""
        zeros = np.zeros(self.hidden, np.float32)
        self.h = np.array(self.weights.get("h0", zeros), np.float32)
        self.c = np.array(self.weights.get("c0", zeros), np.float32)

    def _run(self, x: np.ndarray, out: np.ndarray) -> None:
        w = self.weights
        self._kernel(x, w["kernel"], w["recurrent"], w["bias"], w["w_out"], w["b_out"],
                     self._skip, self.h, self.c, out)


class StreamingGRU(_RecurrentStreamer):
    """A trained streaming GRU (:func:`gru_weights`) in blocks of any size."""

    kind = "gru"
    _weights_of = staticmethod(gru_weights)

    def reset(self) -> None:
        self.h = np.zeros(self.hidden, np.float32)

    def _run(self, x: np.ndarray, out: np.ndarray) -> None:
        w = self.weights
        self._kernel(x, w["kernel"], w["recurrent"], w["bias_in"], w["bias_rec"], w["w_out"],
                     w["b_out"], self._skip, self.h, out)


class StreamingWaveNet(_Streamer):
    """A trained :func:`~dsp_paper.nn.models.wavenet` (:func:`wavenet_weights`) in blocks of any
    size: each layer keeps the last ``(k - 1) * dilation`` of its inputs, so a block needs no
    look-back into the previous one; blocks longer than
    :data:`dsp_paper.nn.kernels.WAVENET_CHUNK` are run a chunk at a time, and each chunk
    through the layer arrays in turn (each with a history of its own), every array by one
    call of :func:`dsp_paper.nn.kernels.wavenet_run`."""

    kind = "wavenet"
    _weights_of = staticmethod(wavenet_weights)
    # the kernel's "none" for an input or output it does not take
    _NONE = np.empty((0, 0), np.float32)
    _ARRAY_NAMES = ("in_w", "in_b", "dilated_w", "dilated_b", "condition_w", "residual_w",
                    "residual_b", "dilations", "head_w", "head_b")

    def _inputs(self) -> int:
        self._arrays = self._kernel_arrays(self.weights)
        dilations = [d for array in self._arrays for d in array["dilations"]]
        taps = self._arrays[0]["dilated_w"].shape[1]
        self.receptive_field = 1 + (taps - 1) * int(np.sum(dilations))
        self._kernel = kernels.wavenet_run
        return self._arrays[0]["condition_w"].shape[1]

    @staticmethod
    def _kernel_arrays(w: dict) -> list[dict]:
        """Each layer array's weights, as the kernel takes them: ``array{a}.*``, or the one
        array of the single-stack layout of ``model.json`` files written before every
        wavenet was built of layer arrays (its head made ``(C, 1)`` and ``(1,)``)."""
        if "in_w" in w:
            return [{**{name: w[name] for name in StreamingWaveNet._ARRAY_NAMES[:-2]},
                     "head_w": _f32(np.reshape(w["head_w"], (-1, 1))),
                     "head_b": _f32(np.reshape(w["head_b"], 1))}]
        count = len({name.split(".")[0] for name in w if name.startswith("array")})
        if count == 0:
            raise ParameterError("no wavenet weights: neither 'in_w' nor 'array0.in_w'")
        arrays = [{name.split(".", 1)[1]: v for name, v in w.items()
                   if name.startswith(f"array{a}.")} for a in range(count)]
        missing = [f"array{a}.{name}" for a, array in enumerate(arrays)
                   for name in StreamingWaveNet._ARRAY_NAMES if name not in array]
        if missing:
            raise ParameterError(f"the wavenet weights lack {', '.join(missing)}")
        widths = [array["dilated_w"].shape[2] for array in arrays]
        for a, array in enumerate(arrays):
            array["dilations"] = np.ascontiguousarray(array["dilations"], np.int64)
            # each array reads the previous one's channels and its head feeds the next one's
            head = (widths[a], widths[a + 1] if a < count - 1 else 1)
            if np.shape(array["head_w"]) != head or (a and array["in_w"].shape[0] != widths[a - 1]):
                raise ParameterError(f"layer array {a}'s weights do not fit its neighbours'")
        return arrays

    def _modulated(self, x: np.ndarray) -> list[dict]:
        """The arrays with FiLM folded in for the block's controls, which must stay constant
        over the block: ``z * scale + shift`` is the layer's convolutions with every output
        column scaled and the shift added to the bias (kept until the controls change)."""
        knobs = x[:, 1:]
        if np.any(knobs != knobs[0]):
            raise ParameterError("a model with FiLM takes controls constant over a block")
        key = knobs[0].tobytes()   # (process refuses an empty block)
        if self._film_key != key:
            folded = []
            for array in self._arrays:
                width = array["dilated_w"].shape[3]
                st = np.einsum("k,lkw->lw", knobs[0], array["film_w"]) + array["film_b"]
                scale, shift = 1.0 + st[:, :width], st[:, width:]
                folded.append({**array,
                               "dilated_w": _f32(array["dilated_w"] * scale[:, None, None, :]),
                               "dilated_b": _f32(array["dilated_b"] * scale + shift),
                               "condition_w": _f32(array["condition_w"] * scale[:, None, :])})
            self._film_key, self._film_arrays = key, folded
        return self._film_arrays

    def reset(self) -> None:
        self._film_key = None
        self._history, self._position = [], []
        for array in self._arrays:
            layers, taps, channels, _ = array["dilated_w"].shape
            front = (taps - 1) * int(np.max(array["dilations"]))
            self._history.append(np.zeros((layers, channels, front + kernels.WAVENET_SPAN),
                                          np.float32))
            self._position.append(np.array([front], np.int64))

    def _run(self, x: np.ndarray, out: np.ndarray) -> None:
        gated, none, last = bool(self.weights["gated"]), self._NONE, len(self._arrays) - 1
        arrays = self._modulated(x) if "film_w" in self._arrays[0] else self._arrays
        for lo in range(0, x.shape[0], kernels.WAVENET_CHUNK):
            hi = min(lo + kernels.WAVENET_CHUNK, x.shape[0])
            layer_in = head_in = none
            for a, w in enumerate(arrays):
                channels = w["dilated_w"].shape[2]
                head_out = out[lo:hi].reshape(1, -1) if a == last \
                    else np.empty((w["head_w"].shape[1], hi - lo), np.float32)
                layer_out = none if a == last else np.empty((channels, hi - lo), np.float32)
                self._kernel(x[lo:hi], layer_in, w["in_w"], w["in_b"], w["dilated_w"],
                             w["dilated_b"], w["condition_w"], w["residual_w"],
                             w["residual_b"], w["dilations"], head_in, w["head_w"],
                             w["head_b"], gated, self._history[a], self._position[a],
                             head_out, layer_out)
                layer_in, head_in = layer_out, head_out


_STREAMERS = {cls.kind: cls for cls in (StreamingLSTM, StreamingGRU, StreamingWaveNet)}


def model_description(model: keras.Model) -> dict[str, Any]:
    """What a streaming model is, as plain values: ``{"kind": "lstm" | "gru" | "wavenet",
    "controls": int, ...}`` plus ``hidden`` (recurrent) or ``channels, input_gain,
    kernel_size, dilations, gated, receptive_field`` (wavenet: ``channels`` a list, one per
    layer array, and ``dilations`` a list of lists)."""

    controls = int(model.inputs[0].shape[-1]) - 1
    arrays = wavenet_arrays(model)
    if arrays:
        first = arrays[0][0]
        return dict(kind="wavenet", controls=controls,
                    channels=[layers[0].channels for layers in arrays],
                    input_gain=float(np.reshape(model.get_layer("input_gain").scale, -1)[0]),
                    kernel_size=first.kernel_size, gated=bool(first.gated),
                    dilations=[[layer.dilation for layer in layers] for layers in arrays],
                    receptive_field=receptive_field(model),
                    film=first.film is not None)
    for kind in ("lstm", "gru"):
        if any(layer.name == kind for layer in model.layers):
            return dict(kind=kind, controls=controls, hidden=model.get_layer(kind).units,
                        skip=bool(_skip(model)))
    raise ParameterError(f"model {model.name!r} is neither a streaming_rnn nor a wavenet")


def streamer(model: keras.Model) -> StreamingLSTM | StreamingGRU | StreamingWaveNet:
    """The compiled block kernel of a Keras :func:`~dsp_paper.nn.models.streaming_rnn` or
    :func:`~dsp_paper.nn.models.wavenet` model (its weights copied)."""
    return _STREAMERS[model_description(model)["kind"]].from_keras(model)


def weights_to_json(model: keras.Model, *,
                    initial_state: tuple[np.ndarray, np.ndarray] | None = None,
                    **extra: Any) -> str:
    """A streaming model as plain JSON text.

    Layout: ``{"format": "dsp_paper.nn.streaming", "version": 1, "model": {...}`` (from
    :func:`model_description`) ``, "weights": {name: {"shape": [...], "values": [...]}},
    ...extra}``, with the arrays of :func:`lstm_weights`, :func:`gru_weights` or
    :func:`wavenet_weights` by their names, values flattened in row-major (C) order;
    ``extra`` adds keys such as the sample rate. ``initial_state`` ``(h0, c0)``: the state an
    LSTM starts from instead of zeros (as arrays ``h0`` and ``c0``).
    """
    description = model_description(model)
    weights = _STREAMERS[description["kind"]]._weights_of(model)
    if initial_state is not None:
        if description["kind"] != "lstm":
            raise ParameterError("an initial state is an LSTM's")
        weights["h0"], weights["c0"] = (_f32(v) for v in initial_state)
    arrays = {name: {"shape": list(np.shape(v)), "values": np.ravel(v).tolist()}
              for name, v in weights.items() if name != "gated"}
    return json.dumps({"format": JSON_FORMAT, "version": 1, "model": description,
                       "weights": arrays, **extra})


def streamer_from_json(text: str
                       ) -> tuple[StreamingLSTM | StreamingGRU | StreamingWaveNet, dict]:
    """Rebuild the block kernel from :func:`weights_to_json`'s text.

    Returns
    -------
    streamer : StreamingLSTM, StreamingGRU or StreamingWaveNet
    document : dict
        The whole parsed JSON (model description and the extra keys).
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParameterError(f"not a JSON weights file: {exc}") from None
    if not isinstance(document, dict) or document.get("format") != JSON_FORMAT:
        raise ParameterError(f"not a {JSON_FORMAT} weights file")
    kind = document["model"]["kind"]
    if kind not in _STREAMERS:
        raise ParameterError(f"unknown model kind {kind!r}")
    weights = {}
    for name, entry in document["weights"].items():
        dtype = np.int64 if name.endswith("dilations") else np.float32
        values = np.asarray(entry["values"], dtype)
        weights[name] = np.ascontiguousarray(values.reshape(entry["shape"])) if entry["shape"] \
            else dtype(values.item())
    if kind == "wavenet":
        weights["gated"] = bool(document["model"]["gated"])
    return _STREAMERS[kind](weights), document
