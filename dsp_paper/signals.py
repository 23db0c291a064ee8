"""Test signals of the documents: band-limited sweeps and tones, coloured noise, envelopes.

All functions return float32 arrays of shape ``(n,)`` with the last axis as time.
"""
from __future__ import annotations

import numpy as np

from dsp_paper.checks import check_audio, check_positive, check_sample_rate
from dsp_paper.errors import ParameterError

__all__ = ["SHAPES", "NOISE_COLORS", "ENVELOPES", "sweep", "sweep_frequency", "tone", "noise",
           "envelope", "apply_envelope", "fade"]

SHAPES = ("sine", "square", "saw", "triangle")
NOISE_COLORS = ("white", "gaussian", "pink", "brown")
ENVELOPES = ("flat", "rising", "falling", "both")

# A harmonic is faded out over the top of the band instead of switched off at Nyquist, so
# that a sweep does not click each time one of its harmonics leaves the band.
_TAPER_START = 0.90


def _n_samples(seconds: float, sample_rate: int) -> int:
    seconds = check_positive(seconds, name="seconds")
    n = int(round(seconds * sample_rate))
    if n < 1:
        raise ParameterError(f"{seconds} s at {sample_rate} Hz is less than one sample")
    return n


def sweep_frequency(n_samples: int, *, f_start: float, f_end: float, sample_rate: int,
                    method: str = "exponential") -> np.ndarray:
    """Instantaneous frequency in Hz of a sweep, shape ``(n_samples,)``.

    ``method="exponential"`` spends equal time per octave; ``"linear"`` equal time per Hz.
    """
    t = np.arange(n_samples) / sample_rate
    duration = max(n_samples - 1, 1) / sample_rate  # f_end is reached at the last sample
    if method == "exponential":
        return f_start * (f_end / f_start) ** (t / duration)
    if method == "linear":
        return f_start + (f_end - f_start) * t / duration
    raise ParameterError(f"unknown sweep method {method!r}: use 'exponential' or 'linear'")


def _sweep_phase(n_samples: int, f_start: float, f_end: float, sample_rate: int,
                 method: str) -> np.ndarray:
    """Phase in radians, the exact integral of :func:`sweep_frequency`."""
    t = np.arange(n_samples, dtype=np.float64) / sample_rate
    duration = max(n_samples - 1, 1) / sample_rate
    if method == "exponential" and not np.isclose(f_start, f_end):
        ratio = np.log(f_end / f_start)
        return 2 * np.pi * f_start * duration / ratio * np.expm1(ratio * t / duration)
    if method in ("exponential", "linear"):
        return 2 * np.pi * (f_start * t + (f_end - f_start) * t ** 2 / (2 * duration))
    raise ParameterError(f"unknown sweep method {method!r}: use 'exponential' or 'linear'")


def _harmonics(shape: str, k_max: int) -> tuple[np.ndarray, np.ndarray]:
    """Harmonic numbers and amplitudes of a shape's Fourier sine series (peak ~1)."""
    k = np.arange(1, k_max + 1)
    if shape == "sine":
        return k[:1], np.ones(1)
    if shape == "square":
        k = k[k % 2 == 1]
        return k, 4 / (np.pi * k)
    if shape == "saw":
        return k, 2 / np.pi * (-1.0) ** (k + 1) / k
    if shape == "triangle":
        k = k[k % 2 == 1]
        return k, 8 / np.pi ** 2 * (-1.0) ** ((k - 1) // 2) / k ** 2
    raise ParameterError(f"unknown shape {shape!r}: choose one of {', '.join(SHAPES)}")


def sweep(shape: str = "sine", *, f_start: float, f_end: float, seconds: float,
          sample_rate: int, method: str = "exponential",
          amplitude: float = 1.0) -> np.ndarray:
    """A band-limited oscillator whose fundamental sweeps from ``f_start`` to ``f_end``.

    Square, saw and triangle are built additively from their Fourier series, keeping only
    harmonics below Nyquist at every instant, so nothing aliases.

    Parameters
    ----------
    shape : {"sine", "square", "saw", "triangle"}
    f_start, f_end : float
        Fundamental in Hz at the first and last sample; both below Nyquist.
    seconds : float
        Duration.
    sample_rate : int
        Hz.
    method : {"exponential", "linear"}
    amplitude : float
        Peak level of the ideal (non band-limited) waveform.

    Returns
    -------
    np.ndarray, shape (round(seconds * sample_rate),), float32

    Examples
    --------
    >>> x = sweep("saw", f_start=50, f_end=5000, seconds=1.0, sample_rate=44100)
    >>> x.shape
    (44100,)
    """
    sample_rate = check_sample_rate(sample_rate)
    nyquist = sample_rate / 2
    for name, f in (("f_start", f_start), ("f_end", f_end)):
        check_positive(f, name=name)
        if f >= nyquist:
            raise ParameterError(
                f"{name}={f} Hz is at or above Nyquist ({nyquist} Hz) for sample_rate="
                f"{sample_rate}")
    n = _n_samples(seconds, sample_rate)
    phase = _sweep_phase(n, f_start, f_end, sample_rate, method)
    freq = sweep_frequency(n, f_start=f_start, f_end=f_end, sample_rate=sample_rate,
                           method=method)
    k_max = int(nyquist // min(f_start, f_end))
    out = np.zeros(n, dtype=np.float64)
    for k, a in zip(*_harmonics(shape, k_max)):
        harmonic_freq = k * freq
        active = np.nonzero(harmonic_freq < nyquist)[0]
        if active.size == 0:
            continue
        rel = harmonic_freq[active] / nyquist
        # the fundamental itself never aliases, so it keeps its full level
        gain = 1.0 if k == 1 else np.where(rel <= _TAPER_START, 1.0,
                                           0.5 * (1 + np.cos(np.pi * (rel - _TAPER_START)
                                                             / (1 - _TAPER_START))))
        out[active] += a * gain * np.sin(k * phase[active])
    return (amplitude * out).astype(np.float32)


def tone(frequency: float, *, seconds: float, sample_rate: int, shape: str = "sine",
         amplitude: float = 1.0) -> np.ndarray:
    """A steady band-limited tone: :func:`sweep` with equal start and end frequency."""
    return sweep(shape, f_start=frequency, f_end=frequency, seconds=seconds,
                 sample_rate=sample_rate, method="linear", amplitude=amplitude)


def noise(color: str = "white", *, seconds: float, sample_rate: int, seed: int = 0,
          amplitude: float = 1.0) -> np.ndarray:
    """Noise of the thesis's four kinds, normalised to peak ``amplitude``.

    * ``white``: uniformly distributed samples (flat spectrum);
    * ``gaussian``: normally distributed samples (flat spectrum);
    * ``pink``: power falling 3 dB per octave (1/f), shaped in the frequency domain;
    * ``brown``: a random walk (each sample the previous plus a random step), power falling
      6 dB per octave (1/f^2); its slow drift is removed so it stays centred.

    Returns
    -------
    np.ndarray, shape (round(seconds * sample_rate),), float32
    """
    sample_rate = check_sample_rate(sample_rate)
    n = _n_samples(seconds, sample_rate)
    rng = np.random.default_rng(seed)
    if color == "white":
        x = rng.uniform(-1, 1, n)
    elif color == "gaussian":
        x = rng.standard_normal(n)
    elif color == "pink":
        spectrum = np.fft.rfft(rng.standard_normal(n))
        f = np.fft.rfftfreq(n, 1 / sample_rate)
        f[0] = f[1] if n > 1 else 1.0
        x = np.fft.irfft(spectrum / np.sqrt(f), n)
    elif color == "brown":
        x = np.cumsum(rng.standard_normal(n))
        x -= np.polyval(np.polyfit(np.arange(n), x, 1), np.arange(n)) if n > 1 else x
    else:
        raise ParameterError(f"unknown noise color {color!r}: choose one of "
                             f"{', '.join(NOISE_COLORS)}")
    x = x - x.mean()
    peak = np.max(np.abs(x))
    return (amplitude * x / peak if peak > 0 else x).astype(np.float32)


def envelope(kind: str, n_samples: int) -> np.ndarray:
    """Amplitude envelope, shape ``(n_samples,)``, between 0 and 1.

    ``flat`` is constant 1, ``rising`` a linear ramp up, ``falling`` a ramp down, ``both`` up
    to the middle and back down.
    """
    if not isinstance(n_samples, (int, np.integer)) or n_samples < 1:
        raise ParameterError(f"n_samples must be a positive integer, got {n_samples!r}")
    ramp = np.linspace(0.0, 1.0, n_samples, dtype=np.float32)
    if kind == "flat":
        return np.ones(n_samples, dtype=np.float32)
    if kind == "rising":
        return ramp
    if kind == "falling":
        return ramp[::-1].copy()
    if kind == "both":
        return (1 - np.abs(2 * ramp - 1)).astype(np.float32)
    raise ParameterError(f"unknown envelope {kind!r}: choose one of {', '.join(ENVELOPES)}")


def apply_envelope(audio: np.ndarray, kind: str) -> np.ndarray:
    """``audio`` multiplied by :func:`envelope` of the same length."""
    audio = check_audio(audio)
    return (audio * envelope(kind, audio.shape[-1])).astype(np.float32)


def fade(audio: np.ndarray, *, sample_rate: int, fade_in: float = 0.0,
         fade_out: float = 0.0) -> np.ndarray:
    """Raised-cosine fade-in and fade-out of ``fade_in`` / ``fade_out`` seconds."""
    audio = check_audio(audio).astype(np.float32, copy=True)
    sample_rate = check_sample_rate(sample_rate)
    n = audio.shape[-1]
    for seconds, at_start in ((fade_in, True), (fade_out, False)):
        if not np.isfinite(seconds) or seconds < 0:
            raise ParameterError(f"fade lengths must be finite and >= 0 seconds, got {seconds}")
        m = min(int(round(seconds * sample_rate)), n)
        if m == 0:
            continue
        ramp = (0.5 - 0.5 * np.cos(np.pi * np.arange(m) / m)).astype(np.float32)
        if at_start:
            audio[..., :m] *= ramp
        else:
            audio[..., n - m:] *= ramp[::-1]
    return audio
