"""The effects the documents emulate: 000's lowpass, 002's 440 Hz high-pass EQ, a pedal chain.

Each takes audio of shape ``(n,)`` or ``(channels, n)`` and returns float32 of the same shape.
The filters are causal (a DAW processes in real time), so they shift phase as well as level.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.signal

from dsp_paper.checks import check_audio, check_mono, check_positive, check_sample_rate
from dsp_paper.errors import ParameterError

__all__ = ["lowpass", "highpass_eq", "pedal_chain", "hard_clipper", "compressor",
           "butterworth_sos", "magnitude_response_db", "lowpass_fir_taps", "fir_filter",
           "dispersive_allpass", "cubic_distortion"]


def butterworth_sos(kind: str, *, cutoff_hz: float, sample_rate: int,
                    order: int = 2) -> np.ndarray:
    """Second-order sections of a digital Butterworth filter (-3 dB at ``cutoff_hz``).

    ``order`` n rolls off at 6n dB per octave: order 2 is the 12 dB/octave band of a DAW EQ,
    the same filter as the RBJ-cookbook biquad with Q = 1/sqrt(2).
    """
    sample_rate = check_sample_rate(sample_rate)
    cutoff_hz = check_positive(cutoff_hz, name="cutoff_hz")
    if cutoff_hz >= sample_rate / 2:
        raise ParameterError(
            f"cutoff_hz={cutoff_hz} is at or above Nyquist ({sample_rate / 2} Hz) for "
            f"sample_rate={sample_rate}")
    if not isinstance(order, (int, np.integer)) or not 1 <= order <= 12:
        raise ParameterError(f"order must be an integer from 1 to 12, got {order!r}")
    if kind not in ("lowpass", "highpass"):
        raise ParameterError(f"kind must be 'lowpass' or 'highpass', got {kind!r}")
    return scipy.signal.butter(order, cutoff_hz, btype=kind, fs=sample_rate, output="sos")


def _apply_sos(sos: np.ndarray, audio: np.ndarray) -> np.ndarray:
    return scipy.signal.sosfilt(sos, audio, axis=-1).astype(np.float32)


def lowpass(audio: np.ndarray, *, sample_rate: int, cutoff_hz: float = 1000.0,
            order: int = 2) -> np.ndarray:
    """000's effect: a Butterworth lowpass, ``order`` x 6 dB/octave above ``cutoff_hz``.

    The document does not give the cut-off or slope; 1 kHz at 12 dB/octave takes the
    upper harmonics off the training sweeps and audibly darkens the piano.

    Examples
    --------
    >>> import numpy as np
    >>> y = lowpass(np.random.default_rng(0).standard_normal(4410), sample_rate=44100)
    """
    audio = check_audio(audio, name="audio")
    return _apply_sos(butterworth_sos("lowpass", cutoff_hz=cutoff_hz, sample_rate=sample_rate,
                                      order=order), audio)


def highpass_eq(audio: np.ndarray, *, sample_rate: int, cutoff_hz: float = 440.0,
                order: int = 2) -> np.ndarray:
    """002's effect: the high-pass band of a DAW EQ at 440 Hz.

    A second-order (12 dB/octave) Butterworth high-pass, -3 dB at ``cutoff_hz``: the
    default high-pass band of Reaper's ReaEQ (an RBJ biquad with Q = 0.707).
    """
    audio = check_audio(audio, name="audio")
    return _apply_sos(butterworth_sos("highpass", cutoff_hz=cutoff_hz, sample_rate=sample_rate,
                                      order=order), audio)


def pedal_chain(audio: np.ndarray, *, sample_rate: int, drive_db: float = 24.0,
                tone_hz: float = 2500.0, level_db: float = -12.0) -> np.ndarray:
    """The extension's guitar-pedal effect: drive into a tone control, then output level.

    A pedalboard chain of ``Distortion`` (``tanh`` of the input raised by ``drive_db``), a
    first-order (6 dB/octave) ``LowpassFilter`` at ``tone_hz`` as the tone knob, and ``Gain``.
    """
    import pedalboard  # heavy: pedalboard

    audio = check_audio(audio, name="audio", max_channels=2)
    sample_rate = check_sample_rate(sample_rate)
    tone_hz = check_positive(tone_hz, name="tone_hz")
    if tone_hz >= sample_rate / 2:
        raise ParameterError(f"tone_hz={tone_hz} is at or above Nyquist for {sample_rate} Hz")
    board = pedalboard.Pedalboard([
        pedalboard.Distortion(drive_db=float(drive_db)),
        pedalboard.LowpassFilter(cutoff_frequency_hz=tone_hz),
        pedalboard.Gain(gain_db=float(level_db)),
    ])
    return board(np.ascontiguousarray(audio, dtype=np.float32), float(sample_rate),
                 reset=True).astype(np.float32)


def _board(audio: np.ndarray, sample_rate: int,
           plugins: Callable[[Any], list[Any]]) -> np.ndarray:
    import pedalboard  # heavy: pedalboard

    audio = check_audio(audio, name="audio", max_channels=2)
    sample_rate = check_sample_rate(sample_rate)
    return pedalboard.Pedalboard(plugins(pedalboard))(
        np.ascontiguousarray(audio, dtype=np.float32), float(sample_rate), reset=True) \
        .astype(np.float32)


def hard_clipper(audio: np.ndarray, *, sample_rate: int, gain_db: float = 24.0,
                 threshold_db: float = -6.0, tone_hz: float = 3500.0,
                 level_db: float = -6.0) -> np.ndarray:
    """A harder distortion than :func:`pedal_chain`'s tanh: pedalboard's ``Clipping`` (hard
    clipping at ``threshold_db``) after ``gain_db`` of gain, a first-order tone lowpass at
    ``tone_hz`` and an output level. Its output sits below full scale at the defaults."""
    return _board(audio, sample_rate, lambda pb: [
        pb.Gain(gain_db=float(gain_db)), pb.Clipping(threshold_db=float(threshold_db)),
        pb.LowpassFilter(cutoff_frequency_hz=float(tone_hz)), pb.Gain(gain_db=float(level_db))])


def compressor(audio: np.ndarray, *, sample_rate: int, threshold_db: float = -30.0,
               ratio: float = 6.0, attack_ms: float = 2.0, release_ms: float = 100.0,
               makeup_db: float = 6.0) -> np.ndarray:
    """pedalboard's (JUCE's) ``Compressor``: above ``threshold_db`` the level rises 1/ratio
    as fast, with the given attack and release, then ``makeup_db`` of gain. A nonlinear
    effect with memory: its gain depends on the last ~``release_ms`` of the input."""
    return _board(audio, sample_rate, lambda pb: [
        pb.Compressor(threshold_db=float(threshold_db), ratio=float(ratio),
                      attack_ms=float(attack_ms), release_ms=float(release_ms)),
        pb.Gain(gain_db=float(makeup_db))])


def magnitude_response_db(effect: Callable[..., np.ndarray], *, sample_rate: int,
                          n_fft: int = 1 << 16,
                          **kwargs: Any) -> tuple[np.ndarray, np.ndarray]:
    """Measured magnitude response of a linear ``effect`` from its impulse response.

    Returns
    -------
    freqs : np.ndarray, shape (n_fft // 2 + 1,)
        Hz.
    response_db : np.ndarray, shape (n_fft // 2 + 1,)
        dB relative to unity gain.
    """
    impulse = np.zeros(n_fft, dtype=np.float32)
    impulse[0] = 1.0
    h = effect(impulse, sample_rate=sample_rate, **kwargs)
    spectrum = np.abs(np.fft.rfft(h.astype(np.float64)))
    return np.fft.rfftfreq(n_fft, 1 / sample_rate), 20 * np.log10(np.maximum(spectrum, 1e-12))


def lowpass_fir_taps(num_taps: int, *, cutoff_hz: float, sample_rate: int) -> np.ndarray:
    """A linear-phase windowed-sinc lowpass (``scipy.signal.firwin``), shape ``(num_taps,)``."""
    sample_rate = check_sample_rate(sample_rate)
    if not isinstance(num_taps, (int, np.integer)) or num_taps < 3 or num_taps % 2 == 0:
        raise ParameterError(f"num_taps must be an odd integer >= 3, got {num_taps!r}")
    cutoff_hz = check_positive(cutoff_hz, name="cutoff_hz")
    if cutoff_hz >= sample_rate / 2:
        raise ParameterError(f"cutoff_hz={cutoff_hz} is at or above Nyquist for {sample_rate} Hz")
    return scipy.signal.firwin(num_taps, cutoff_hz, fs=sample_rate).astype(np.float32)


def fir_filter(audio: np.ndarray, taps: np.ndarray) -> np.ndarray:
    """Convolve along the last axis with zero padding, output the same length (``"same"``).

    This is what a ``padding="same"`` convolution layer does to each block it is given: the
    samples beyond the block's edges are taken as zeros.
    """
    audio = check_audio(audio)
    taps = check_audio(taps, name="taps")
    shape = (1,) * (audio.ndim - 1) + (-1,)
    return scipy.signal.oaconvolve(audio, np.reshape(taps, shape), mode="same", axes=-1) \
        .astype(np.float32)


def dispersive_allpass(audio: np.ndarray, *, sample_rate: int,
                       spread_seconds: float = 0.03) -> np.ndarray:
    """``audio`` through an all-pass whose group delay rises linearly from 0 at DC to
    ``spread_seconds`` at Nyquist: the magnitude spectrum is untouched, attacks become chirps.

    Applied in the frequency domain on the signal padded with ``spread_seconds`` of zeros (so
    the delayed high band does not wrap round), then cut back to its length.

    Parameters
    ----------
    audio : np.ndarray, shape (n,)
        Mono float audio.
    sample_rate : int
        Hz.
    spread_seconds : float
        Group delay at Nyquist (s).

    Returns
    -------
    np.ndarray, shape (n,), float64

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_normal(8000)
    >>> dispersive_allpass(x, sample_rate=8000, spread_seconds=0.01).shape
    (8000,)
    """
    audio = np.asarray(check_mono(audio), dtype=np.float64)
    n = audio.shape[-1]
    pad = int(np.ceil(spread_seconds * sample_rate)) + 1
    spectrum = np.fft.rfft(np.concatenate([audio, np.zeros(pad)]))
    f = np.fft.rfftfreq(n + pad, 1 / sample_rate)
    nyquist = sample_rate / 2
    phase = np.pi * spread_seconds * f ** 2 / nyquist  # d(phase)/d(2 pi f) = delay(f)
    return np.fft.irfft(spectrum * np.exp(-1j * phase), n + pad)[:n]


def cubic_distortion(audio: np.ndarray, *, level_db: float) -> np.ndarray:
    """``audio`` plus its cube's part orthogonal to it (odd harmonics and intermodulation, as a
    soft clipper adds), scaled to ``level_db`` below the audio's RMS: the ESR of the result
    against ``audio`` is exactly that level.

    Parameters
    ----------
    audio : np.ndarray, shape (n,)
        Mono float audio, not silent.
    level_db : float
        Level of the added distortion relative to the audio's RMS (dB).

    Returns
    -------
    np.ndarray, shape (n,), float64

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_normal(4000)
    >>> y = cubic_distortion(x, level_db=-20.0)
    >>> round(float(10 * np.log10(np.sum((y - x) ** 2) / np.sum(x ** 2))), 6)
    -20.0
    """
    audio = np.asarray(check_mono(audio, allow_silent=False), dtype=np.float64)
    cube = audio ** 3
    residual = cube - (np.dot(cube, audio) / np.dot(audio, audio)) * audio
    scale = np.sqrt(np.mean(audio ** 2) / max(np.mean(residual ** 2), 1e-30))
    return audio + residual * scale * 10 ** (level_db / 20)
