"""The recording chain's delay between the dry and the wet: estimated from the pair
(:func:`find_latency`), candidates for a check by training (:func:`latency_candidates`), and
compensated (:func:`align`).

Only the delay *before* the effect's response begins is the chain's (the interface, the
converters, a reamp box). An effect's own filters delay its sound too (a distortion behind a
lowpass, a cabinet), and that group delay belongs to the effect: a causal model can learn a
delay but never an advance, so removing any of it asks the model to see the future. Where
the dry is the package's reamp signal, its blips give the onset exactly
(:func:`dsp_paper.capture.reamp.blip_latency`); from music alone the onset can only be
bounded, and :func:`find_latency` errs early.
"""
from __future__ import annotations

import numpy as np

__all__ = ["MAX_LATENCY_SECONDS", "ONSET_SHARE", "find_latency", "latency_candidates",
           "align"]

# The longest latency looked for, either way; a given one beyond it is a mistake (milliseconds
# typed for samples, the wrong file): an effect's own delay plus an interface's round trip is
# a few milliseconds.
MAX_LATENCY_SECONDS = 0.25
# The response has begun where it first reaches this share of its peak. Lower shares fall
# into the estimate's own ripple (the dry's band limits how sharply a response can be
# resolved: a guitar DI's -50 dB edge near 6 kHz smears a pure delay over about 7 samples
# at 44.1 kHz on each side, at 3 to 8 % of its peak).
ONSET_SHARE = 0.05
BAND_EDGE_DB = -50.0  # the dry's band ends where its smoothed power falls this far below its peak


def _band_window(power: np.ndarray) -> np.ndarray:
    """A half-Hann taper over the dry's band (bins up to where its smoothed power falls
    ``BAND_EDGE_DB`` below its peak), zero above: it turns the estimate's ripple from a
    sinc's slow 1/t decay into a compact lobe, the kernel :func:`_kernel_width` measures."""
    k = max(1, power.size // 2048)
    smooth = np.convolve(power, np.ones(k) / k, mode="same")
    edge = max(int(np.flatnonzero(smooth >= smooth.max() * 10 ** (BAND_EDGE_DB / 10))[-1]), 1)
    f = np.arange(power.size) / edge
    return np.where(f < 1, 0.5 * (1 + np.cos(np.pi * np.clip(f, 0, 1))), 0.0)


def _kernel_width(window: np.ndarray, n_fft: int) -> int:
    """Samples from the centre of the band window's impulse (what a pure delay looks like in
    the estimate) to where it stays below ``ONSET_SHARE`` of its peak: how early a pure
    delay's onset is found, and the margin taken off every onset to err early."""
    kernel = np.abs(np.fft.irfft(window, n_fft)[:n_fft // 2])
    above = np.flatnonzero(kernel >= ONSET_SHARE * kernel[0])
    gaps = np.flatnonzero(np.diff(above) > 1)
    return int(above[gaps[0]] if gaps.size else above[-1])


def find_latency(dry: np.ndarray, wet: np.ndarray, *, sample_rate: int,
                 max_latency: int | None = None) -> tuple[int, float]:
    """The recording chain's delay, estimated from the pair and erring early (positive: the
    wet is late).

    The effect's linear part is estimated as an impulse response over lags
    ``-max_latency .. max_latency`` (cross-spectrum over the dry's power spectrum, lightly
    regularised, tapered to the dry's band). The latency is where that response begins: the
    first lag before its peak, with no gap longer than a few samples, where it is at or above
    ``ONSET_SHARE`` of its peak (and above four times its median, the nonlinear part's
    floor), less the band's own smear (:func:`_kernel_width`), and not before lag 0 unless
    the peak is. So a pure delay comes out a few samples short and a lowpass's late peak is
    not taken for a delay: a delay too short is learnt by the model; one too long would ask
    it to predict the wet ahead. Where the estimate matters, record the reamp signal (its
    blips give the onset to the sample) or pass the latency.

    Parameters
    ----------
    dry, wet : np.ndarray, shape (n,)
        The signal sent into the effect and the effect's output, mono.
    sample_rate : int
        Hz.
    max_latency : int, optional
        The longest delay looked for, either way, in samples; ``MAX_LATENCY_SECONDS`` of
        audio by default.

    Returns
    -------
    latency : int
        Samples.
    clarity : float
        The response's peak over its median magnitude; below 8 the effect has too little
        linear part for the estimate to mean much.

    Examples
    --------
    >>> x = np.random.default_rng(0).standard_normal(48000)
    >>> find_latency(x, np.concatenate([np.zeros(30), x[:-30]]), sample_rate=48000)[0]
    28
    """
    dry = np.asarray(dry, np.float64)
    wet = np.asarray(wet, np.float64)
    if max_latency is None:
        max_latency = int(MAX_LATENCY_SECONDS * sample_rate)
    n = min(dry.size, wet.size)
    n_fft = 1 << int(np.ceil(np.log2(n + max_latency)))
    d, w = np.fft.rfft(dry[:n], n_fft), np.fft.rfft(wet[:n], n_fft)
    power = np.abs(d) ** 2
    window = _band_window(power)
    response = np.fft.irfft(window * w * np.conj(d) / (power + 1e-3 * power.mean()), n_fft)
    lags = np.arange(-max_latency, max_latency + 1)
    h = np.abs(response[lags % n_fft])
    peak = int(np.argmax(h))
    floor = max(float(np.median(h)), 1e-30)
    clarity = float(h[peak] / floor)
    above = h >= max(ONSET_SHARE * h[peak], 4 * floor)
    gap = max(2, round(sample_rate / 8000))  # zero crossings of a ringing response
    onset, quiet = peak, 0
    for i in range(peak - 1, -1, -1):
        quiet = 0 if above[i] else quiet + 1
        if quiet > gap:
            break
        if above[i]:
            onset = i
    latency = int(lags[onset]) - _kernel_width(window, n_fft)
    if lags[peak] >= 0:
        latency = max(latency, 0)
    return latency, clarity


def latency_candidates(found: int) -> list[int]:
    """The latencies a short training compares when the latency was estimated from music:
    the estimate, half of it and zero (never more than the estimate: a causal model can
    learn a delay, never an advance), largest first.

    Parameters
    ----------
    found : int
        :func:`find_latency`'s estimate, samples.

    Returns
    -------
    list of int
        One value (``[found]``) where there is nothing below it worth trying.
    """
    if found <= 1:
        return [found]
    return sorted({found, found // 2, 0}, reverse=True)


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
