"""Real-time inference of a trained streaming LSTM (:func:`dsp_paper.models.streaming_rnn`):
its weights exported to a compiled per-sample kernel that runs causally, block by block,
with the recurrent state carried from one block to the next.

Keras runs an LSTM over a long signal one time step at a time with a fixed cost per step
that is far larger than the arithmetic of a 32-unit cell; the kernel here does only the
arithmetic (numba, single thread, float32).
"""
from __future__ import annotations

import functools

import numpy as np

from .checks import check_mono
from .errors import ParameterError

__all__ = ["StreamingLSTM", "lstm_weights"]


@functools.cache
def _kernel():
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
    half, one = f32(0.5), f32(1.0)

    @numba.njit(inline="always", fastmath=True)
    def fast_tanh(x):
        x = min(max(x, -clamp), clamp)
        x2 = x * x
        p = x2 * (x2 * (x2 * (x2 * (x2 * (x2 * a13 + a11) + a9) + a7) + a5) + a3) + a1
        q = x2 * (x2 * (x2 * b6 + b4) + b2) + b0
        return x * p / q

    @numba.njit(cache=True, fastmath=True, nogil=True)
    def run(x, kernel, recurrent, bias, w_out, b_out, h, c, out):
        n, n_in, hidden = x.shape[0], x.shape[1], h.shape[0]
        width = 4 * hidden
        # the input's share of every gate, for the whole block at once
        zx = np.empty((n, width), np.float32)
        for t in range(n):
            for k in range(width):
                zx[t, k] = bias[k]
            for i in range(n_in):
                xi = x[t, i]
                for k in range(width):
                    zx[t, k] += xi * kernel[i, k]
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


def lstm_weights(model):
    """The arrays of a :func:`~dsp_paper.models.streaming_rnn` LSTM model, as float32:
    ``kernel (inputs, 4H), recurrent (H, 4H), bias (4H,), w_out (H,), b_out ()``."""
    try:
        cell = model.get_layer("lstm")
        readout = model.get_layer("readout")
    except ValueError:
        raise ParameterError(f"model {model.name!r} is not a streaming LSTM "
                             "(dsp_paper.models.streaming_rnn(cell='lstm'))") from None
    if cell.activation.__name__ != "tanh" or cell.recurrent_activation.__name__ != "sigmoid":
        raise ParameterError("the kernel implements tanh / sigmoid LSTM cells only")
    kernel, recurrent, bias = (np.asarray(w, np.float32) for w in cell.get_weights())
    w_out, b_out = (np.asarray(w, np.float32) for w in readout.get_weights())
    return dict(kernel=np.ascontiguousarray(kernel), recurrent=np.ascontiguousarray(recurrent),
                bias=bias, w_out=np.ascontiguousarray(w_out[:, 0]), b_out=np.float32(b_out[0]))


class StreamingLSTM:
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

    def __init__(self, weights):
        self.weights = weights
        self.hidden = weights["recurrent"].shape[0]
        self.inputs = weights["kernel"].shape[0]
        self._run = _kernel()
        self.reset()

    @classmethod
    def from_keras(cls, model):
        return cls(lstm_weights(model))

    def reset(self):
        """Zero the state (a new, unrelated signal)."""
        self.h = np.zeros(self.hidden, np.float32)
        self.c = np.zeros(self.hidden, np.float32)

    def process(self, block, controls=None):
        """Process the next ``block`` of samples, continuing from the previous call.

        Parameters
        ----------
        block : np.ndarray, shape (n,)
            Mono float audio.
        controls : sequence of float or np.ndarray of shape (n, k), optional
            Values of the model's control inputs (e.g. the cut-off knob), constant over the
            block or one row per sample.

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
        w = self.weights
        self._run(x, w["kernel"], w["recurrent"], w["bias"], w["w_out"], w["b_out"],
                  self.h, self.c, out)
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
