"""The closed-form least-squares FIR filter: the best any linear filter of a given length can
do on the training data, and so the floor every learned model of a linear effect is measured
against."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import scipy.linalg
import scipy.signal

from dsp_paper.checks import check_audio
from dsp_paper.errors import ParameterError

if TYPE_CHECKING:
    from dsp_paper.windowing import Pair

__all__ = ["least_squares_fir", "apply_fir"]


def least_squares_fir(pairs: Iterable[Pair], *, taps: int, lookahead: int = 0) -> np.ndarray:
    """Wiener solution: the FIR ``h`` of ``taps`` coefficients minimising the squared error
    of ``target[n] ≈ sum_k h[k] input[n - k + lookahead]`` over every training piece.

    Parameters
    ----------
    pairs : list of Pair
        Mono dry/wet pieces; their correlations are summed, so no filter spans a gap.
    taps : int
    lookahead : int
        Taps that see future samples (0 = causal, as the effects here are).

    Returns
    -------
    np.ndarray, shape (taps,), float64
    """
    if not isinstance(taps, (int, np.integer)) or taps < 1:
        raise ParameterError(f"taps must be a positive integer, got {taps!r}")
    if not 0 <= lookahead < taps:
        raise ParameterError(f"lookahead must be in [0, taps), got {lookahead!r}")
    auto = np.zeros(taps)
    cross = np.zeros(taps)
    for pair in pairs:
        x = check_audio(pair.input, name="input").astype(np.float64)
        y = check_audio(pair.target, name="target").astype(np.float64)
        if x.ndim != 1:
            raise ParameterError(f"least_squares_fir takes mono pieces, got shape {x.shape}")
        n = x.size
        full = scipy.signal.correlate(x, x, mode="full", method="fft")
        auto += full[n - 1:n - 1 + taps] if n >= taps else np.pad(full[n - 1:], (0, taps - n))
        # cross[k] = sum_n y[n] x[n - k + lookahead]
        xy = scipy.signal.correlate(y, x, mode="full", method="fft")
        lags = np.arange(taps) - lookahead + (n - 1)
        valid = (lags >= 0) & (lags < xy.size)
        cross[valid] += xy[lags[valid]]
    if auto[0] == 0:
        raise ParameterError("the training input is silent: no filter can be fitted")
    return scipy.linalg.solve_toeplitz(auto, cross)


def apply_fir(audio: np.ndarray, h: np.ndarray, *, lookahead: int = 0) -> np.ndarray:
    """Filter ``audio`` (last axis) with ``h`` as fitted by :func:`least_squares_fir`."""
    audio = check_audio(audio)
    h = np.asarray(h, np.float64)
    y = scipy.signal.oaconvolve(np.asarray(audio, np.float64),
                                h.reshape((1,) * (audio.ndim - 1) + (-1,)), axes=-1)
    return y[..., lookahead:lookahead + audio.shape[-1]].astype(np.float32)
