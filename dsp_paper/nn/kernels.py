"""The compiled kernels behind :mod:`dsp_paper.nn.streaming` (numba, one thread, float32),
defined at module level so that numba compiles each once and keeps it in its disk cache.

Imported only when a streaming model first runs.
"""
from __future__ import annotations

import numba
import numpy as np

# The wavenet kernel works on chunks of at most this many samples (longer blocks are cut);
# each layer's inputs are appended to a buffer this much longer than its longest history,
# which is moved back to the buffer's start only when the next chunk would not fit.
WAVENET_CHUNK = 256
WAVENET_SPAN = 4 * WAVENET_CHUNK
# The wavenet kernel allows no contraction into fused multiply-adds and no approximate
# reciprocals: its loops over time then compute the same bits in their vector body and in
# their scalar remainder, so a signal gives the same output whatever the block sizes it
# comes in. Every kernel leaves out numba's check for a division by zero (the tanh's
# denominator is positive), which would keep the compiler from vectorising.
_EXACT = {"nnan", "ninf", "nsz"}

# Eigen's float32 tanh (the one TensorFlow's CPU kernels use): a 13/6 rational approximation,
# accurate to a few float32 ulp, and free of libm calls, so the loops over it vectorise.
_f32 = np.float32
_CLAMP = _f32(7.90531110763549805)
_A1, _A3, _A5 = _f32(4.89352455891786e-03), _f32(6.37261928875436e-04), _f32(1.48572235717979e-05)
_A7, _A9 = _f32(5.12229709037114e-08), _f32(-8.60467152213735e-11)
_A11, _A13 = _f32(2.00018790482477e-13), _f32(-2.76076847742355e-16)
_B0, _B2 = _f32(4.89352518554385e-03), _f32(2.26843463243900e-03)
_B4, _B6 = _f32(1.18534705686654e-04), _f32(1.19825839466702e-06)
_HALF, _ONE = _f32(0.5), _f32(1.0)


def _tanh(x):
    x = min(max(x, -_CLAMP), _CLAMP)
    x2 = x * x
    p = x2 * (x2 * (x2 * (x2 * (x2 * (x2 * _A13 + _A11) + _A9) + _A7) + _A5) + _A3) + _A1
    q = x2 * (x2 * (x2 * _B6 + _B4) + _B2) + _B0
    return x * p / q


_tanh_fast = numba.njit(inline="always", fastmath=True, error_model="numpy")(_tanh)
_tanh_exact = numba.njit(inline="always", fastmath=_EXACT, error_model="numpy")(_tanh)


@numba.njit(inline="always", fastmath=True, error_model="numpy")
def _input_share(x, kernel, bias):
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


@numba.njit(cache=True, fastmath=True, nogil=True, error_model="numpy")
def lstm_run(x, kernel, recurrent, bias, w_out, b_out, skip, h, c, out):
    """A streaming LSTM over the next block, sample by sample, from the state ``h, c``;
    ``skip`` (1 or 0) times the audio input is added to the read-out."""
    n, hidden = x.shape[0], h.shape[0]
    width = 4 * hidden
    zx = _input_share(x, kernel, bias)
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
            z[k] = _HALF + _HALF * _tanh_fast(_HALF * z[k])
        for k in range(2 * hidden, 3 * hidden):
            z[k] = _tanh_fast(z[k])
        for k in range(3 * hidden, width):
            z[k] = _HALF + _HALF * _tanh_fast(_HALF * z[k])
        y = b_out
        for j in range(hidden):
            c[j] = z[hidden + j] * c[j] + z[j] * z[2 * hidden + j]
            h[j] = z[3 * hidden + j] * _tanh_fast(c[j])
            y += h[j] * w_out[j]
        out[t] = y + skip * x[t, 0]


@numba.njit(cache=True, fastmath=True, nogil=True, error_model="numpy")
def gru_run(x, kernel, recurrent, bias_in, bias_rec, w_out, b_out, skip, h, out):
    """A streaming GRU over the next block, sample by sample, from the state ``h``;
    ``skip`` (1 or 0) times the audio input is added to the read-out."""
    n, hidden = x.shape[0], h.shape[0]
    width = 3 * hidden
    zx = _input_share(x, kernel, bias_in)
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
            update = _HALF + _HALF * _tanh_fast(_HALF * (zx[t, j] + zh[j]))
            reset = _HALF + _HALF * _tanh_fast(_HALF * (zx[t, hidden + j] + zh[hidden + j]))
            candidate = _tanh_fast(zx[t, 2 * hidden + j] + reset * zh[2 * hidden + j])
            h[j] = update * h[j] + (_ONE - update) * candidate
            y += h[j] * w_out[j]
        out[t] = y + skip * x[t, 0]


@numba.njit(fastmath=_EXACT, nogil=True, error_model="numpy", cache=True)
def wavenet_run(x, layer_in, in_w, in_b, dilated_w, dilated_b, condition_w, residual_w,
                residual_b, dilations, head_in, head_w, head_b, gated, history, position,
                head_out, layer_out):
    """One layer array of a :func:`~dsp_paper.nn.models.wavenet` (a whole single-array
    model, or one of NAM's layer arrays) over the next chunk of ``n`` samples, at most
    :data:`WAVENET_CHUNK`, layer by layer: every inner loop runs over time, so it
    vectorises however few the channels. Each layer's inputs go, channel by channel, into
    ``history`` at ``position``, which holds at least the last ``(taps - 1) * dilation`` of
    them before the chunk.

    Arrays (float32, C-contiguous; ``C`` channels, ``W`` = ``2C`` gated or ``C``, ``L``
    layers, ``H`` head outputs; an array of shape ``(0, 0)`` stands for "none"):

    - ``x (n, inputs)``: the model's input, read by every layer's input mixin;
    - ``layer_in (C_in, n)``: what the 1x1 input convolution ``in_w (C_in, C), in_b (C,)``
      reads, the previous array's residual stream; none: ``x`` (the first array);
    - ``dilated_w (L, taps, C, W), dilated_b (L, W), condition_w (L, inputs, W),
      residual_w (L, C, C), residual_b (L, C), dilations (L,)``;
    - ``head_in (C, n)``: the previous array's head output, which this array's layers'
      activations are added to; none: they start from zero;
    - ``head_w (C, H), head_b (H,)``: the 1x1 head, written to ``head_out (H, n)``;
    - ``history (L, C, front + WAVENET_SPAN)``, ``position (1,)``: the layers' past inputs;
    - ``layer_out (C, n)``: receives the residual stream after the last layer; none: it
      is not read, and the last layer's residual 1x1 is not computed.

    Every inner loop reads and writes one-dimensional rows: indexing a 2-D or 3-D array at
    a computed offset inside the loop keeps it from vectorising (8 times slower).

    One function on purpose: numba compiles it as one loop nest over the layers, with each
    layer's history ring and the chunk's rows at hand; split into calls, the rows would be
    sliced and passed per layer.
    """
    n, n_in = x.shape
    layers, taps, channels, width = dilated_w.shape
    pos = position[0]
    if pos + n > history.shape[2]:
        # move each layer's last inputs, as many as it reads back, to before `front`
        front = history.shape[2] - WAVENET_SPAN  # the longest history any layer needs
        for layer in range(layers):
            need = (taps - 1) * dilations[layer]
            for c in range(channels):
                row = history[layer, c]
                for s in range(front - need, front):
                    row[s] = row[pos - front + s]
        pos = front
    inputs = np.empty((n_in, n), np.float32)
    for t in range(n):
        for i in range(n_in):
            inputs[i, t] = x[t, i]
    source = inputs if layer_in.shape[0] == 0 else layer_in
    h = np.empty((channels, n), np.float32)
    z = np.empty((width, n), np.float32)
    a = np.empty((channels, n), np.float32)
    skips = np.zeros((channels, n), np.float32)
    if head_in.shape[0] != 0:
        for c in range(channels):
            sc, hc = skips[c], head_in[c]
            for t in range(n):
                sc[t] = hc[t]
    for c in range(channels):
        hc = h[c]
        for t in range(n):
            hc[t] = in_b[c]
        for i in range(source.shape[0]):
            w, xi = in_w[i, c], source[i]
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
                    ac[t] = _tanh_exact(zc[t]) * (_HALF + _HALF * _tanh_exact(_HALF * zg[t]))
            else:
                for t in range(n):
                    ac[t] = _tanh_exact(zc[t])
            for t in range(n):
                sc[t] += ac[t]
        if layer == layers - 1 and layer_out.shape[0] == 0:
            break  # nothing reads the last layer's residual output
        for c in range(channels):
            hc = h[c]
            for t in range(n):
                hc[t] += residual_b[layer, c]
            for k in range(channels):
                w, ak = residual_w[layer, k, c], a[k]
                for t in range(n):
                    hc[t] += ak[t] * w
    position[0] = pos + n
    if layer_out.shape[0] != 0:
        for c in range(channels):
            oc, hc = layer_out[c], h[c]
            for t in range(n):
                oc[t] = hc[t]
    for o in range(head_w.shape[1]):
        oo = head_out[o]
        for t in range(n):
            oo[t] = head_b[o]
        for c in range(channels):
            w, sc = head_w[c, o], skips[c]
            for t in range(n):
                oo[t] += sc[t] * w
