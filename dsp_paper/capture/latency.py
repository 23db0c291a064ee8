"""The wet's latency against the dry: find it (:func:`find_latency`) and compensate it
(:func:`align`)."""
from __future__ import annotations

import numpy as np

__all__ = ["MAX_LATENCY_SECONDS", "find_latency", "align"]

MAX_LATENCY_SECONDS = 0.25  # the longest latency looked for, either way


def find_latency(dry: np.ndarray, wet: np.ndarray, *, sample_rate: int,
                 max_latency: int | None = None) -> tuple[int, float]:
    """The wet's delay against the dry, in samples (positive: the wet is late).

    The linear part of the effect is estimated as an impulse response over lags
    ``-max_latency .. max_latency`` (cross-spectrum over the dry's power spectrum, lightly
    regularised). A pure delay peaks at the delay, but a band-limited dry smears the peak
    over a few samples on both sides, and a lowpass's response peaks some samples after it
    begins; so the latency is where the peak's lobe begins (the first lag before the peak
    whose neighbours stay above a fifth of it), not before lag 0 unless the peak itself is
    before it. On band-limited material it may come out a few samples short of a pure
    delay: harmless, a causal model learns a delay; one too long would not be (the model
    would have to see the future).

    Parameters
    ----------
    dry, wet : np.ndarray, shape (n,)
        The signal sent into the effect and the effect's output, mono.
    sample_rate : int
    max_latency : int, optional
        The longest delay looked for, either way, in samples; ``MAX_LATENCY_SECONDS`` of
        audio by default.

    Returns
    -------
    latency : int
    clarity : float
        The response's peak over its median magnitude; below 8 the effect has too little
        linear part for the estimate to mean much.
    """
    dry = np.asarray(dry, np.float64)
    wet = np.asarray(wet, np.float64)
    if max_latency is None:
        max_latency = int(MAX_LATENCY_SECONDS * sample_rate)
    n = min(dry.size, wet.size)
    n_fft = 1 << int(np.ceil(np.log2(n + max_latency)))
    d, w = np.fft.rfft(dry[:n], n_fft), np.fft.rfft(wet[:n], n_fft)
    power = np.abs(d) ** 2
    response = np.fft.irfft(w * np.conj(d) / (power + 1e-3 * power.mean()), n_fft)
    lags = np.arange(-max_latency, max_latency + 1)
    h = np.abs(response[lags % n_fft])
    peak = int(np.argmax(h))
    clarity = float(h[peak] / max(np.median(h), 1e-30))
    onset = peak
    while onset > 0 and h[onset - 1] >= 0.2 * h[peak] and (lags[onset] > 0 or lags[peak] < 0):
        onset -= 1
    return int(lags[onset]), clarity


def align(dry: np.ndarray, wet: np.ndarray, latency: int) -> tuple[np.ndarray, np.ndarray]:
    """Shift the pair so the wet's sample ``t`` answers the dry's sample ``t``; both cut to
    the part they share.

    Parameters
    ----------
    dry, wet : np.ndarray, shape (n,)
    latency : int
        The wet's delay in samples (negative: the wet is early), as :func:`find_latency`
        gives it.

    Returns
    -------
    dry, wet : np.ndarray
        Of one length.
    """
    if latency >= 0:
        wet = wet[latency:]
    else:
        dry = dry[-latency:]
    n = min(dry.size, wet.size)
    return dry[:n], wet[:n]
