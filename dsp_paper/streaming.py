"""Real-time inference of the trained streaming models: the recurrent
:func:`dsp_paper.models.streaming_rnn` (LSTM or GRU) and the convolutional
:func:`dsp_paper.models.wavenet`, their weights exported to compiled kernels that run
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

import functools
import json

import numpy as np

from .checks import check_mono
from .errors import ParameterError

__all__ = ["StreamingLSTM", "StreamingGRU", "StreamingWaveNet", "lstm_weights", "gru_weights",
           "wavenet_weights", "streamer", "model_description", "weights_to_json",
           "streamer_from_json", "JSON_FORMAT", "WAVENET_CHUNK"]

JSON_FORMAT = "dsp_paper.streaming"


@functools.cache
def _fast_tanh():
    import numba

    f32 = np.float32
    # Eigen's float32 tanh (the one TensorFlow's CPU kernels use): a 13/6 rational
    # approximation, accurate to a few float32 ulp, and free of libm calls, so the gate
    # loops vectorise.
    clamp = f32(7.90531110763549805)
    a1, a3, a5 = f32(4.89352455891786e-03), f32(6.37261928875436e-04), f32(1.48572235717979e-05)
    a7, a9 = f32(5.12229709037114e-08), f32(-8.60467152213735e-11)
    a11, a13 = f32(2.00018790482477e-13), f32(-2.76076847742355e-16)
    b0, b2 = f32(4.89352518554385e-03), f32(2.26843463243900e-03)
    b4, b6 = f32(1.18534705686654e-04), f32(1.19825839466702e-06)

    @numba.njit(inline="always", fastmath=True, error_model="numpy")
    def fast_tanh(x):
        x = min(max(x, -clamp), clamp)
        x2 = x * x
        p = x2 * (x2 * (x2 * (x2 * (x2 * (x2 * a13 + a11) + a9) + a7) + a5) + a3) + a1
        q = x2 * (x2 * (x2 * b6 + b4) + b2) + b0
        return x * p / q

    return fast_tanh


@functools.cache
def _input_share():
    import numba

    @numba.njit(inline="always", fastmath=True, error_model="numpy")
    def input_share(x, kernel, bias):
        """``x @ kernel + bias``: the input's share of every gate, for a whole block."""
        n, n_in, width = x.shape[0], x.shape[1], kernel.shape[1]
        zx = np.empty((n, width), np.float32)
        for t in range(n):
            for k in range(width):
                zx[t, k] = bias[k]
            for i in range(n_in):
                xi = x[t, i]
                for k in range(width):
                    zx[t, k] += xi * kernel[i, k]
        return zx

    return input_share


@functools.cache
def _lstm_kernel():
    import numba

    fast_tanh, input_share = _fast_tanh(), _input_share()
    half = np.float32(0.5)

    @numba.njit(cache=True, fastmath=True, nogil=True, error_model="numpy")
    def run(x, kernel, recurrent, bias, w_out, b_out, h, c, out):
        n, hidden = x.shape[0], h.shape[0]
        width = 4 * hidden
        zx = input_share(x, kernel, bias)
        z = np.empty(width, np.float32)
        for t in range(n):
            for k in range(width):
                z[k] = zx[t, k]
            for j in range(hidden):
                hj = h[j]
                for k in range(width):
                    z[k] += hj * recurrent[j, k]
            # Keras's gate order: input, forget, cell, output; sigmoid(v) = (1 + tanh(v/2)) / 2
            for k in range(2 * hidden):
                z[k] = half + half * fast_tanh(half * z[k])
            for k in range(2 * hidden, 3 * hidden):
                z[k] = fast_tanh(z[k])
            for k in range(3 * hidden, width):
                z[k] = half + half * fast_tanh(half * z[k])
            y = b_out
            for j in range(hidden):
                c[j] = z[hidden + j] * c[j] + z[j] * z[2 * hidden + j]
                h[j] = z[3 * hidden + j] * fast_tanh(c[j])
                y += h[j] * w_out[j]
            out[t] = y + x[t, 0]

    return run


@functools.cache
def _gru_kernel():
    import numba

    fast_tanh, input_share = _fast_tanh(), _input_share()
    half, one = np.float32(0.5), np.float32(1.0)

    @numba.njit(cache=True, fastmath=True, nogil=True, error_model="numpy")
    def run(x, kernel, recurrent, bias_in, bias_rec, w_out, b_out, h, out):
        n, hidden = x.shape[0], h.shape[0]
        width = 3 * hidden
        zx = input_share(x, kernel, bias_in)
        zh = np.empty(width, np.float32)
        for t in range(n):
            for k in range(width):
                zh[k] = bias_rec[k]
            for j in range(hidden):
                hj = h[j]
                for k in range(width):
                    zh[k] += hj * recurrent[j, k]
            # Keras's GRU with reset_after=True; gate order: update, reset, candidate
            y = b_out
            for j in range(hidden):
                update = half + half * fast_tanh(half * (zx[t, j] + zh[j]))
                reset = half + half * fast_tanh(half * (zx[t, hidden + j] + zh[hidden + j]))
                candidate = fast_tanh(zx[t, 2 * hidden + j] + reset * zh[2 * hidden + j])
                h[j] = update * h[j] + (one - update) * candidate
                y += h[j] * w_out[j]
            out[t] = y + x[t, 0]

    return run


# The wavenet kernel works on chunks of at most this many samples (longer blocks are cut);
# each layer's inputs are appended to a buffer this much longer than its longest history,
# which is moved back to the buffer's start only when the next chunk would not fit.
WAVENET_CHUNK = 256
_WAVENET_SPAN = 4 * WAVENET_CHUNK
# No contraction into fused multiply-adds and no approximate reciprocals: the loops over time
# then compute the same bits in their vector body and in their scalar remainder, so a signal
# gives the same output whatever the block sizes it comes in.
_EXACT_FAST = {"nnan", "ninf", "nsz"}


@functools.cache
def _wavenet_kernel(channels, width, taps, n_in, gated):
    """The kernel for one shape of model, layer by layer over a chunk of samples: every
    inner loop runs over time, so it vectorises however few the channels. Each layer's
    inputs go, channel by channel, into a buffer that holds at least the last
    ``(taps - 1) * dilation`` of them before the chunk."""
    import numba

    f32 = np.float32
    clamp = f32(7.90531110763549805)
    a1, a3, a5 = f32(4.89352455891786e-03), f32(6.37261928875436e-04), f32(1.48572235717979e-05)
    a7, a9 = f32(5.12229709037114e-08), f32(-8.60467152213735e-11)
    a11, a13 = f32(2.00018790482477e-13), f32(-2.76076847742355e-16)
    b0, b2 = f32(4.89352518554385e-03), f32(2.26843463243900e-03)
    b4, b6 = f32(1.18534705686654e-04), f32(1.19825839466702e-06)
    half = f32(0.5)

    @numba.njit(inline="always", fastmath=_EXACT_FAST, error_model="numpy")
    def tanh(x):  # Eigen's float32 tanh, as _fast_tanh
        x = min(max(x, -clamp), clamp)
        x2 = x * x
        p = x2 * (x2 * (x2 * (x2 * (x2 * (x2 * a13 + a11) + a9) + a7) + a5) + a3) + a1
        q = x2 * (x2 * (x2 * b6 + b4) + b2) + b0
        return x * p / q

    # error_model="numpy": no check for a division by zero (there is none: the denominator
    # of the tanh is positive), which would keep the compiler from vectorising
    @numba.njit(fastmath=_EXACT_FAST, nogil=True, error_model="numpy")
    def run(x, in_w, in_b, dilated_w, dilated_b, condition_w, residual_w, residual_b,
            dilations, head_w, head_b, history, position, out):
        # Every inner loop reads and writes one-dimensional rows: indexing a 2-D or 3-D
        # array with a computed offset inside the loop keeps it from vectorising (8x slower)
        n = x.shape[0]
        layers = dilated_w.shape[0]
        front = history.shape[2] - _WAVENET_SPAN  # the longest history any layer needs
        pos = position[0]
        if pos + n > history.shape[2]:  # move the last `front` inputs back to the start
            for layer in range(layers):
                for c in range(channels):
                    row = history[layer, c]
                    for s in range(front):
                        row[s] = row[pos - front + s]
            pos = front
        inputs = np.empty((n_in, n), np.float32)
        for t in range(n):
            for i in range(n_in):
                inputs[i, t] = x[t, i]
        h = np.empty((channels, n), np.float32)
        z = np.empty((width, n), np.float32)
        a = np.empty((channels, n), np.float32)
        skips = np.zeros((channels, n), np.float32)
        for c in range(channels):
            hc = h[c]
            for t in range(n):
                hc[t] = in_b[c]
            for i in range(n_in):
                w, xi = in_w[i, c], inputs[i]
                for t in range(n):
                    hc[t] += xi[t] * w
        for layer in range(layers):
            for c in range(channels):
                row, hc = history[layer, c, pos:pos + n], h[c]
                for t in range(n):
                    row[t] = hc[t]
            for k in range(width):
                zk = z[k]
                for t in range(n):
                    zk[t] = dilated_b[layer, k]
                for i in range(n_in):
                    w, xi = condition_w[layer, i, k], inputs[i]
                    for t in range(n):
                        zk[t] += xi[t] * w
            # Keras's causal convolution: tap j reads the input (taps - 1 - j) * d back
            for j in range(taps):
                start = pos - (taps - 1 - j) * dilations[layer]
                for c in range(channels):
                    row = history[layer, c, start:start + n]
                    for k in range(width):
                        w, zk = dilated_w[layer, j, c, k], z[k]
                        for t in range(n):
                            zk[t] += row[t] * w
            for c in range(channels):
                ac, sc, zc = a[c], skips[c], z[c]
                if gated:
                    zg = z[channels + c]
                    for t in range(n):
                        ac[t] = tanh(zc[t]) * (half + half * tanh(half * zg[t]))
                else:
                    for t in range(n):
                        ac[t] = tanh(zc[t])
                for t in range(n):
                    sc[t] += ac[t]
            for c in range(channels):
                hc = h[c]
                for t in range(n):
                    hc[t] += residual_b[layer, c]
                for k in range(channels):
                    w, ak = residual_w[layer, k, c], a[k]
                    for t in range(n):
                        hc[t] += ak[t] * w
        position[0] = pos + n
        for t in range(n):
            out[t] = head_b
        for c in range(channels):
            w, sc = head_w[c], skips[c]
            for t in range(n):
                out[t] += sc[t] * w

    return run


def _f32(a):
    return np.ascontiguousarray(np.asarray(a, np.float32))


def _layer(model, name, kind):
    try:
        return model.get_layer(name)
    except ValueError:
        raise ParameterError(f"model {model.name!r} is not a {kind}") from None


def _recurrent_weights(model, cell_name):
    kind = f"streaming {cell_name.upper()} (dsp_paper.models.streaming_rnn(cell={cell_name!r}))"
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


def lstm_weights(model):
    """The arrays of a :func:`~dsp_paper.models.streaming_rnn` LSTM model, as float32:
    ``kernel (inputs, 4H), recurrent (H, 4H), bias (4H,), w_out (H,), b_out ()``."""
    _, (kernel, recurrent, bias), w_out, b_out = _recurrent_weights(model, "lstm")
    return dict(kernel=kernel, recurrent=recurrent, bias=bias, w_out=w_out, b_out=b_out)


def gru_weights(model):
    """The arrays of a :func:`~dsp_paper.models.streaming_rnn` GRU model (Keras's
    ``reset_after=True`` cell), as float32: ``kernel (inputs, 3H), recurrent (H, 3H),
    bias_in (3H,), bias_rec (3H,), w_out (H,), b_out ()``."""
    cell, (kernel, recurrent, bias), w_out, b_out = _recurrent_weights(model, "gru")
    if not cell.reset_after:
        raise ParameterError("the kernel implements Keras's default GRU (reset_after=True)")
    return dict(kernel=kernel, recurrent=recurrent, bias_in=_f32(bias[0]),
                bias_rec=_f32(bias[1]), w_out=w_out, b_out=b_out)


def wavenet_weights(model):
    """The arrays of a :func:`~dsp_paper.models.wavenet` model, as float32, layers stacked:
    ``in_w (inputs, C), in_b (C,), dilated_w (L, k, C, W), dilated_b (L, W),
    condition_w (L, inputs, W), residual_w (L, C, C), residual_b (L, C), dilations (L,)``
    (int), ``head_w (C,), head_b ()`` and ``gated`` (``W = 2C`` when gated, else ``C``)."""
    kind = "wavenet (dsp_paper.models.wavenet)"
    layers = [layer for layer in model.layers if type(layer).__name__ == "WaveNetLayer"]
    if not layers:
        raise ParameterError(f"model {model.name!r} is not a {kind}")
    in_w, in_b = _layer(model, "input_mix", kind).get_weights()
    # the fixed input gain is folded into the two convolutions that read the input
    gain = np.reshape(np.asarray(_layer(model, "input_gain", kind).scale, np.float32), -1)
    gain = np.broadcast_to(gain, (in_w.shape[1],))  # one per input channel
    in_w = in_w * gain[None, :, None]
    head_w, head_b = _layer(model, "head", kind).get_weights()
    if any(layer.name == "head_scale" for layer in model.layers):
        scale = float(np.reshape(model.get_layer("head_scale").scale, -1)[0])
        head_w, head_b = head_w * scale, head_b * scale
    sizes = {(layer.channels, layer.kernel_size, layer.gated) for layer in layers}
    if len(sizes) != 1:
        raise ParameterError("the kernel needs the same channels, taps and gating in every layer")
    stacked = lambda get: _f32(np.stack([get(layer) for layer in layers]))
    return dict(
        in_w=_f32(in_w[0]), in_b=_f32(in_b),
        dilated_w=stacked(lambda l: l.dilated.get_weights()[0]),
        dilated_b=stacked(lambda l: l.dilated.get_weights()[1]),
        condition_w=stacked(lambda l: gain[:, None] * l.condition.get_weights()[0][0]),
        # the last layer's residual output is never read: zeros stand in for its weights
        residual_w=stacked(lambda l: l.residual.get_weights()[0][0] if l.residual is not None
                           else np.zeros((l.channels, l.channels))),
        residual_b=stacked(lambda l: l.residual.get_weights()[1] if l.residual is not None
                           else np.zeros(l.channels)),
        dilations=np.array([layer.dilation for layer in layers], np.int64),
        head_w=_f32(head_w[0, :, 0]), head_b=np.float32(head_b[0]),
        gated=bool(layers[0].gated))


class _Streamer:
    """What every streaming kernel shares: control inputs, blocks, whole files."""

    kind = ""

    def __init__(self, weights):
        self.weights = weights
        self.inputs = self._inputs()
        self.reset()

    @classmethod
    def from_keras(cls, model):
        return cls(cls._weights_of(model))

    def reset(self):
        """Zero the state (a new, unrelated signal)."""
        raise NotImplementedError

    def process(self, block, controls=None):
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

    def process_file(self, audio, *, block=None, controls=None):
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

    def _inputs(self):
        self.hidden = self.weights["recurrent"].shape[0]
        self._kernel = self._make_kernel()
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
    _make_kernel = staticmethod(_lstm_kernel)

    def reset(self):
        self.h = np.zeros(self.hidden, np.float32)
        self.c = np.zeros(self.hidden, np.float32)

    def _run(self, x, out):
        w = self.weights
        self._kernel(x, w["kernel"], w["recurrent"], w["bias"], w["w_out"], w["b_out"],
                     self.h, self.c, out)


class StreamingGRU(_RecurrentStreamer):
    """A trained streaming GRU (:func:`gru_weights`) in blocks of any size."""

    kind = "gru"
    _weights_of = staticmethod(gru_weights)
    _make_kernel = staticmethod(_gru_kernel)

    def reset(self):
        self.h = np.zeros(self.hidden, np.float32)

    def _run(self, x, out):
        w = self.weights
        self._kernel(x, w["kernel"], w["recurrent"], w["bias_in"], w["bias_rec"], w["w_out"],
                     w["b_out"], self.h, out)


class StreamingWaveNet(_Streamer):
    """A trained :func:`~dsp_paper.models.wavenet` (:func:`wavenet_weights`) in blocks of any
    size: each layer keeps the last ``(k - 1) * dilation`` of its inputs, so a block needs no
    look-back into the previous one; blocks longer than :data:`WAVENET_CHUNK` are run a chunk
    at a time."""

    kind = "wavenet"
    _weights_of = staticmethod(wavenet_weights)

    def _inputs(self):
        w = self.weights
        layers, taps, channels, _ = w["dilated_w"].shape
        self._front = (taps - 1) * int(np.max(w["dilations"]))
        self._shape = (layers, channels, self._front + _WAVENET_SPAN)
        self.receptive_field = 1 + (taps - 1) * int(np.sum(w["dilations"]))
        self._kernel = _wavenet_kernel(channels, w["dilated_w"].shape[3], taps,
                                       w["in_w"].shape[0], bool(w["gated"]))
        return w["in_w"].shape[0]

    def reset(self):
        self.history = np.zeros(self._shape, np.float32)
        self.position = np.array([self._front], np.int64)

    def _run(self, x, out):
        w = self.weights
        for lo in range(0, x.shape[0], WAVENET_CHUNK):
            hi = min(lo + WAVENET_CHUNK, x.shape[0])
            self._kernel(x[lo:hi], w["in_w"], w["in_b"], w["dilated_w"], w["dilated_b"],
                         w["condition_w"], w["residual_w"], w["residual_b"], w["dilations"],
                         w["head_w"], w["head_b"], self.history, self.position, out[lo:hi])


_STREAMERS = {cls.kind: cls for cls in (StreamingLSTM, StreamingGRU, StreamingWaveNet)}


def model_description(model):
    """What a streaming model is, as plain values: ``{"kind": "lstm" | "gru" | "wavenet",
    "controls": int, ...}`` plus ``hidden`` (recurrent) or ``channels, kernel_size,
    dilations, gated, receptive_field`` (wavenet)."""
    from .models import receptive_field

    controls = int(model.inputs[0].shape[-1]) - 1
    layers = [layer for layer in model.layers if type(layer).__name__ == "WaveNetLayer"]
    if layers:
        return dict(kind="wavenet", controls=controls, channels=layers[0].channels,
                    input_gain=float(np.reshape(model.get_layer("input_gain").scale, -1)[0]),
                    kernel_size=layers[0].kernel_size, gated=bool(layers[0].gated),
                    dilations=[layer.dilation for layer in layers],
                    receptive_field=receptive_field(model))
    for kind in ("lstm", "gru"):
        if any(layer.name == kind for layer in model.layers):
            return dict(kind=kind, controls=controls, hidden=model.get_layer(kind).units)
    raise ParameterError(f"model {model.name!r} is neither a streaming_rnn nor a wavenet")


def streamer(model):
    """The compiled block kernel of a Keras :func:`~dsp_paper.models.streaming_rnn` or
    :func:`~dsp_paper.models.wavenet` model (its weights copied)."""
    return _STREAMERS[model_description(model)["kind"]].from_keras(model)


def weights_to_json(model, **extra):
    """A streaming model as plain JSON text.

    Layout: ``{"format": "dsp_paper.streaming", "version": 1, "model": {...}`` (from
    :func:`model_description`) ``, "weights": {name: {"shape": [...], "values": [...]}},
    ...extra}``, with the arrays of :func:`lstm_weights`, :func:`gru_weights` or
    :func:`wavenet_weights` by their names, values flattened in row-major (C) order;
    ``extra`` adds keys such as the sample rate.
    """
    description = model_description(model)
    weights = _STREAMERS[description["kind"]]._weights_of(model)
    arrays = {name: {"shape": list(np.shape(v)), "values": np.ravel(v).tolist()}
              for name, v in weights.items() if name != "gated"}
    return json.dumps({"format": JSON_FORMAT, "version": 1, "model": description,
                       "weights": arrays, **extra})


def streamer_from_json(text):
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
        dtype = np.int64 if name == "dilations" else np.float32
        values = np.asarray(entry["values"], dtype)
        weights[name] = np.ascontiguousarray(values.reshape(entry["shape"])) if entry["shape"] \
            else dtype(values.item())
    if kind == "wavenet":
        weights["gated"] = bool(document["model"]["gated"])
    return _STREAMERS[kind](weights), document
