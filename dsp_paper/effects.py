"""The effects the documents emulate: 000's lowpass, 002's 440 Hz high-pass EQ, a pedal chain.

Each takes audio of shape ``(n,)`` or ``(channels, n)`` and returns float32 of the same shape.
The filters are causal (a DAW processes in real time), so they shift phase as well as level.
"""
from __future__ import annotations

import numpy as np
import scipy.signal

from dsp_paper.checks import check_audio, check_positive, check_sample_rate
from dsp_paper.errors import ParameterError

__all__ = ["lowpass", "highpass_eq", "pedal_chain", "hard_clipper", "compressor",
           "butterworth_sos", "magnitude_response_db", "lowpass_fir_taps", "fir_filter"]


def butterworth_sos(kind, *, cutoff_hz, sample_rate, order=2):
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


def _apply_sos(sos, audio):
    return scipy.signal.sosfilt(sos, audio, axis=-1).astype(np.float32)


def lowpass(audio, *, sample_rate, cutoff_hz=1000.0, order=2):
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


def highpass_eq(audio, *, sample_rate, cutoff_hz=440.0, order=2):
    """002's effect: the high-pass band of a DAW EQ at 440 Hz.

    A second-order (12 dB/octave) Butterworth high-pass, -3 dB at ``cutoff_hz``: the
    default high-pass band of Reaper's ReaEQ (an RBJ biquad with Q = 0.707).
    """
    audio = check_audio(audio, name="audio")
    return _apply_sos(butterworth_sos("highpass", cutoff_hz=cutoff_hz, sample_rate=sample_rate,
                                      order=order), audio)


def pedal_chain(audio, *, sample_rate, drive_db=24.0, tone_hz=2500.0, level_db=-12.0):
    """The extension's guitar-pedal effect: drive into a tone control, then output level.

    A pedalboard chain of ``Distortion`` (``tanh`` of the input raised by ``drive_db``), a
    first-order (6 dB/octave) ``LowpassFilter`` at ``tone_hz`` as the tone knob, and ``Gain``.
    """
    import pedalboard

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


def _board(audio, sample_rate, plugins):
    import pedalboard

    audio = check_audio(audio, name="audio", max_channels=2)
    sample_rate = check_sample_rate(sample_rate)
    return pedalboard.Pedalboard(plugins(pedalboard))(
        np.ascontiguousarray(audio, dtype=np.float32), float(sample_rate), reset=True) \
        .astype(np.float32)


def hard_clipper(audio, *, sample_rate, gain_db=24.0, threshold_db=-6.0, tone_hz=3500.0,
                 level_db=-6.0):
    """A harder distortion than :func:`pedal_chain`'s tanh: pedalboard's ``Clipping`` (hard
    clipping at ``threshold_db``) after ``gain_db`` of gain, a first-order tone lowpass at
    ``tone_hz`` and an output level. Its output sits below full scale at the defaults."""
    return _board(audio, sample_rate, lambda pb: [
        pb.Gain(gain_db=float(gain_db)), pb.Clipping(threshold_db=float(threshold_db)),
        pb.LowpassFilter(cutoff_frequency_hz=float(tone_hz)), pb.Gain(gain_db=float(level_db))])


def compressor(audio, *, sample_rate, threshold_db=-30.0, ratio=6.0, attack_ms=2.0,
               release_ms=100.0, makeup_db=6.0):
    """pedalboard's (JUCE's) ``Compressor``: above ``threshold_db`` the level rises 1/ratio
    as fast, with the given attack and release, then ``makeup_db`` of gain. A nonlinear
    effect with memory: its gain depends on the last ~``release_ms`` of the input."""
    return _board(audio, sample_rate, lambda pb: [
        pb.Compressor(threshold_db=float(threshold_db), ratio=float(ratio),
                      attack_ms=float(attack_ms), release_ms=float(release_ms)),
        pb.Gain(gain_db=float(makeup_db))])


def magnitude_response_db(effect, *, sample_rate, n_fft=1 << 16, **kwargs):
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


def lowpass_fir_taps(num_taps, *, cutoff_hz, sample_rate):
    """A linear-phase windowed-sinc lowpass (``scipy.signal.firwin``), shape ``(num_taps,)``."""
    sample_rate = check_sample_rate(sample_rate)
    if not isinstance(num_taps, (int, np.integer)) or num_taps < 3 or num_taps % 2 == 0:
        raise ParameterError(f"num_taps must be an odd integer >= 3, got {num_taps!r}")
    cutoff_hz = check_positive(cutoff_hz, name="cutoff_hz")
    if cutoff_hz >= sample_rate / 2:
        raise ParameterError(f"cutoff_hz={cutoff_hz} is at or above Nyquist for {sample_rate} Hz")
    return scipy.signal.firwin(num_taps, cutoff_hz, fs=sample_rate).astype(np.float32)


def fir_filter(audio, taps):
    """Convolve along the last axis with zero padding, output the same length (``"same"``).

    This is what a ``padding="same"`` convolution layer does to each block it is given: the
    samples beyond the block's edges are taken as zeros.
    """
    audio = check_audio(audio)
    taps = check_audio(taps, name="taps")
    shape = (1,) * (audio.ndim - 1) + (-1,)
    return scipy.signal.oaconvolve(audio, np.reshape(taps, shape), mode="same", axes=-1) \
        .astype(np.float32)
