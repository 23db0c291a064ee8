"""Families of the faults audio-effect models make, each at a severity, applied to real audio.

A family is one kind of fault (added noise, distortion, a mis-set filter, dynamics, ...) and
its severity is one number in the family's unit. :func:`fault_cases` makes a family's clean
copy and its faulty copies, from which a calibration checks whether a perceptual measure
orders each family's severities the way a listener does (:attr:`FaultFamily.expectation`).

Every function takes mono audio of shape ``(n,)`` and returns float32 of the same length.
"""
from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.signal

from dsp_paper import effects
from dsp_paper.audio_io import resample
from dsp_paper.checks import check_mono, check_sample_rate
from dsp_paper.errors import ParameterError

__all__ = ["FaultFamily", "FAULT_FAMILIES", "empty_band_edge_hz", "clean_copy", "apply_fault",
           "fault_cases"]


@dataclass(frozen=True)
class FaultFamily:
    """One family of faults and what its severity means.

    Attributes
    ----------
    name : str
    setting : str
        What the severity sets.
    unit : str
    expectation : {"ordered", "unheard"}
        ``"ordered"``: a listener hears each severity (mildest first) as at least as bad as
        the one before; ``"unheard"``: a listener does not hear it as a fault at all.
    seeded : bool
        Whether the seed changes the faulty copy.
    """

    name: str
    setting: str
    unit: str
    expectation: str
    seeded: bool = False


FAULT_FAMILIES = {f.name: f for f in [
    FaultFamily("level", "gain of the reference (negative: quieter)", "dB", "ordered"),
    FaultFamily("broadband noise", "white noise re the reference's RMS", "dB", "ordered", True),
    FaultFamily("noise in an empty band", "white noise above the reference's empty-band edge, "
                "re the reference's RMS", "dB", "ordered", True),
    FaultFamily("low-order distortion", "cubic distortion re the reference's RMS", "dB",
                "ordered"),
    FaultFamily("high-order distortion", "hard clipping level re the reference's peak "
                "(more negative is harsher)", "dB", "ordered"),
    FaultFamily("aliasing", "a -6 dB hard clipper's aliasing re the reference's RMS", "dB",
                "ordered"),
    FaultFamily("cut-off", "a 2 kHz tone control's cut-off set too high (negative: too low)",
                "%", "ordered"),
    FaultFamily("compression", "compressor ratio, 10 dB below the RMS level", ":1", "ordered"),
    FaultFamily("expansion", "downward expander ratio, at the RMS level", ":1", "ordered"),
    FaultFamily("pre-echo", "a copy 10 ms early, re the signal", "dB", "ordered"),
    FaultFamily("smeared transients", "all-pass dispersion at Nyquist", "ms", "ordered"),
    FaultFamily("delay", "a pure delay, rounded to whole samples", "ms", "unheard"),
]}

_PRE_ECHO_SECONDS = 0.01
_TONE_CUTOFF_HZ = 2000.0
_ALIAS_CLIP_DB = -6.0
_OVERSAMPLING = 8
# Aliasing this far below the reference's RMS, away from the clip's ends (where the
# resampling filters ring on the step from the zeros outside it), is rounding: scaling it up
# to a severity would be scaling up nothing.
_NOTHING_TO_ALIAS_DB = -90.0
_RESAMPLER_EDGE = 64  # base-rate samples; the polyphase filters ring for ~20


def empty_band_edge_hz(audio: np.ndarray, *, sample_rate: int) -> float:
    """The frequency below which 99.9 % of ``audio``'s energy lies, capped at 0.9 x Nyquist.

    Read off the power spectrum of the whole clip (one DFT, no window): above this edge the
    band is (nearly) empty, so noise put there is a fault the material cannot mask.

    Parameters
    ----------
    audio : np.ndarray, shape (n,)
        Mono float audio, not silent.
    sample_rate : int
        Hz.

    Returns
    -------
    float
        Hz, a DFT bin's frequency.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.arange(8000) / 8000
    >>> empty_band_edge_hz(np.sin(2 * np.pi * 500 * t), sample_rate=8000)
    500.0
    """
    audio = np.asarray(check_mono(audio, allow_silent=False), dtype=np.float64)
    sample_rate = check_sample_rate(sample_rate)
    power = np.abs(np.fft.rfft(audio)) ** 2
    cumulative = np.cumsum(power)
    index = int(np.searchsorted(cumulative, 0.999 * cumulative[-1]))
    edge = index * sample_rate / audio.size
    return float(min(edge, 0.9 * sample_rate / 2))


def _family(family: str) -> FaultFamily:
    if not isinstance(family, str) or family not in FAULT_FAMILIES:
        raise ParameterError(f"unknown fault family {family!r}: the families are "
                             f"{', '.join(repr(f) for f in FAULT_FAMILIES)}")
    return FAULT_FAMILIES[family]


def _check_severity(family: str, severity: float, *, n: int, sample_rate: int) -> float:
    """``severity`` as a float after checking it makes sense for ``family``."""
    unit = FAULT_FAMILIES[family].unit
    if isinstance(severity, bool) or not isinstance(severity, numbers.Real) \
            or not np.isfinite(severity):
        raise ParameterError(f"{family}'s severity must be a finite number ({unit}), "
                             f"got {severity!r}")
    severity = float(severity)
    if family == "high-order distortion" and severity > 0:
        raise ParameterError(f"high-order distortion clips at {severity} dB re the peak: "
                             "a level above 0 dB clips nothing")
    if family in ("compression", "expansion") and severity < 1:
        raise ParameterError(f"{family} needs a ratio of at least 1, got {severity}")
    if family in ("smeared transients", "delay") and severity < 0:
        raise ParameterError(f"{family} needs a severity of 0 ms or more, got {severity}")
    if family == "delay" and round(severity / 1000 * sample_rate) >= n:
        raise ParameterError(f"a delay of {severity} ms is {round(severity / 1000 * sample_rate)}"
                             f" samples: it leaves nothing of the {n}-sample clip")
    if family == "cut-off":
        cutoff_hz = _TONE_CUTOFF_HZ * (1 + severity / 100)
        if severity <= -100:
            raise ParameterError(f"a cut-off {severity} % off puts it at {cutoff_hz} Hz: "
                                 "the percentage must be above -100")
        if cutoff_hz >= sample_rate / 2:
            raise ParameterError(
                f"a cut-off {severity} % too high puts it at {cutoff_hz:g} Hz, at or above "
                f"Nyquist ({sample_rate / 2:g} Hz for sample_rate={sample_rate})")
    return severity


def _check_seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


def _inputs(audio: np.ndarray, family: str, sample_rate: int) -> tuple[np.ndarray, int]:
    _family(family)
    audio = np.asarray(check_mono(audio, allow_silent=False), dtype=np.float64)
    return audio, check_sample_rate(sample_rate)


def _rms(audio: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(audio, dtype=np.float64))))


def _at_level(component: np.ndarray, rms: float, level_db: float) -> np.ndarray:
    """``component`` scaled so its own RMS is ``level_db`` re ``rms``."""
    return component * (rms * 10 ** (level_db / 20) / _rms(component))


def _hard_clip(audio: np.ndarray, threshold: float) -> np.ndarray:
    return np.clip(audio, -threshold, threshold)


def _dynamics(audio: np.ndarray, sample_rate: int, make: Callable) -> np.ndarray:
    """``audio`` through the pedalboard plugin ``make(pedalboard)``, then back to its RMS so
    the fault is in the dynamics and not in the level."""
    import pedalboard  # heavy: pedalboard

    board = pedalboard.Pedalboard([make(pedalboard)])
    out = board(np.ascontiguousarray(audio, dtype=np.float32), float(sample_rate),
                reset=True).astype(np.float64)
    if _rms(out) == 0:
        raise ParameterError("the dynamics processor silenced the audio")
    return out * (_rms(audio) / _rms(out))


def _tone(audio: np.ndarray, sample_rate: int, cutoff_hz: float) -> np.ndarray:
    # causal, as a tone knob in a pedal or a DAW is
    return effects.lowpass(audio, sample_rate=sample_rate, cutoff_hz=cutoff_hz, order=2)


def _aliasing(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    """What a hard clipper at -6 dB re the peak adds when it runs at the base rate rather
    than 8 x oversampled: ``clip(x) - down8(clip(up8(x)))``, polyphase resampling."""
    threshold = float(np.max(np.abs(audio))) * 10 ** (_ALIAS_CLIP_DB / 20)
    high = sample_rate * _OVERSAMPLING
    up = resample(audio, orig_sr=sample_rate, target_sr=high).astype(np.float64)
    clean = resample(_hard_clip(up, threshold), orig_sr=high, target_sr=sample_rate)
    aliased = _hard_clip(audio, threshold) - clean[:audio.size].astype(np.float64)
    inner = slice(_RESAMPLER_EDGE, -_RESAMPLER_EDGE) if audio.size > 4 * _RESAMPLER_EDGE \
        else slice(None)
    if _rms(aliased[inner]) <= _rms(audio) * 10 ** (_NOTHING_TO_ALIAS_DB / 20):
        raise ParameterError("the material has nothing to alias: a hard clipper at "
                             f"{_ALIAS_CLIP_DB:g} dB re its peak adds nothing above Nyquist")
    return aliased


def _maker(audio: np.ndarray, family: str, sample_rate: int,
           seed: int) -> Callable[[float], np.ndarray]:
    """severity -> faulty copy (float64) of ``audio``, with what every severity shares (the
    noise, the aliasing component, the levels) worked out once."""
    rms = _rms(audio)
    if family in ("broadband noise", "noise in an empty band"):
        noise = np.random.default_rng(seed).standard_normal(audio.size)
        if family == "noise in an empty band":
            edge = empty_band_edge_hz(audio, sample_rate=sample_rate)
            if edge <= 0:
                raise ParameterError("the material's energy is all at DC: it has no band edge "
                                     "to put noise above")
            # zero-phase: the noise's phase does not matter, and filtering twice doubles the
            # slope, keeping the noise out of the occupied band
            sos = effects.butterworth_sos("highpass", cutoff_hz=edge, sample_rate=sample_rate,
                                          order=8)
            noise = scipy.signal.sosfiltfilt(sos, noise, padlen=min(27, audio.size - 1))
        return lambda level_db: audio + _at_level(noise, rms, level_db)
    if family == "aliasing":
        aliased = _aliasing(audio, sample_rate)
        return lambda level_db: audio + _at_level(aliased, rms, level_db)
    if family == "pre-echo":
        lead = int(round(_PRE_ECHO_SECONDS * sample_rate))
        early = np.concatenate([audio[lead:], np.zeros(min(lead, audio.size))])
        return lambda level_db: audio + early * 10 ** (level_db / 20)
    level_dbfs = 20 * np.log10(rms)
    make = {
        "level": lambda gain_db: audio * 10 ** (gain_db / 20),
        "low-order distortion": lambda level_db: effects.cubic_distortion(
            audio, level_db=level_db),
        "high-order distortion": lambda level_db: _hard_clip(
            audio, float(np.max(np.abs(audio))) * 10 ** (level_db / 20)),
        "cut-off": lambda percent: _tone(audio, sample_rate, _TONE_CUTOFF_HZ * (1 + percent / 100)),
        "compression": lambda ratio: _dynamics(audio, sample_rate, lambda pb: pb.Compressor(
            threshold_db=float(level_dbfs - 10), ratio=ratio, attack_ms=5.0, release_ms=100.0)),
        "expansion": lambda ratio: _dynamics(audio, sample_rate, lambda pb: pb.NoiseGate(
            threshold_db=float(level_dbfs), ratio=ratio, attack_ms=1.0, release_ms=100.0)),
        "smeared transients": lambda ms: effects.dispersive_allpass(
            audio, sample_rate=sample_rate, spread_seconds=ms / 1000),
        "delay": lambda ms: np.concatenate([np.zeros(int(round(ms / 1000 * sample_rate))),
                                            audio])[:audio.size],
    }
    return make[family]


def clean_copy(audio: np.ndarray, family: str, *, sample_rate: int) -> np.ndarray:
    """What ``family``'s faulty copies are compared with: ``audio`` itself, except for
    ``"cut-off"``, where it is ``audio`` through the correctly set 2 kHz tone control.

    Parameters
    ----------
    audio : np.ndarray, shape (n,)
        Mono float audio, not silent.
    family : str
        A key of :data:`FAULT_FAMILIES`.
    sample_rate : int
        Hz.

    Returns
    -------
    np.ndarray, shape (n,), float32

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_normal(8000)
    >>> clean_copy(x, "cut-off", sample_rate=8000).dtype
    dtype('float32')
    """
    audio, sample_rate = _inputs(audio, family, sample_rate)
    if family == "cut-off":
        return _tone(audio, sample_rate, _TONE_CUTOFF_HZ)
    return audio.astype(np.float32)


def apply_fault(audio: np.ndarray, family: str, severity: float, *, sample_rate: int,
                seed: int = 0) -> np.ndarray:
    """``audio`` with ``family``'s fault at ``severity`` (see :data:`FAULT_FAMILIES`).

    For ``"cut-off"`` the fault is applied to the input: the result is the mis-set tone
    control's output, to be compared with :func:`clean_copy`.

    Parameters
    ----------
    audio : np.ndarray, shape (n,)
        Mono float audio, not silent.
    family : str
        A key of :data:`FAULT_FAMILIES`.
    severity : float
        In the family's unit (:attr:`FaultFamily.unit`).
    sample_rate : int
        Hz.
    seed : int
        The noise of the seeded families; the others ignore it.

    Returns
    -------
    np.ndarray, shape (n,), float32

    Raises
    ------
    ParameterError
        An unknown family, audio that is not mono or is silent or has NaN, a bad sample
        rate, or a severity that makes no sense for the family.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_normal(8000)
    >>> y = apply_fault(x, "broadband noise", -20.0, sample_rate=8000)
    >>> round(float(10 * np.log10(np.sum((y - x) ** 2) / np.sum(x ** 2))), 2)
    -20.0
    """
    audio, sample_rate = _inputs(audio, family, sample_rate)
    severity = _check_severity(family, severity, n=audio.size, sample_rate=sample_rate)
    return _maker(audio, family, sample_rate, _check_seed(seed))(severity).astype(np.float32)


def fault_cases(audio: np.ndarray, severities: Mapping[str, Sequence[float]], *,
                sample_rate: int,
                seed: int = 0) -> dict[str, tuple[np.ndarray, dict[float, np.ndarray]]]:
    """Each family's clean copy and its faulty copies at the given severities.

    What the severities of a family share (its noise, its aliasing component) is made once,
    so the copies differ only in the severity.

    Parameters
    ----------
    audio : np.ndarray, shape (n,)
        Mono float audio, not silent.
    severities : mapping of str -> sequence of float
        Family -> its severities, mildest first.
    sample_rate : int
        Hz.
    seed : int
        The noise of the seeded families.

    Returns
    -------
    dict of str -> (np.ndarray, dict of float -> np.ndarray)
        Family -> (clean copy, severity -> faulty copy), each shape (n,), float32.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_normal(8000)
    >>> clean, faulty = fault_cases(x, {"level": [-1.0, -6.0]}, sample_rate=8000)["level"]
    >>> round(float(faulty[-6.0][0] / clean[0]), 3)
    0.501
    """
    if not isinstance(severities, Mapping):
        raise ParameterError("severities must map each family to its severities, got "
                             f"{type(severities).__name__}")
    seed, cases = _check_seed(seed), {}
    for family, values in severities.items():
        clean = clean_copy(audio, family, sample_rate=sample_rate)
        mono, rate = _inputs(audio, family, sample_rate)
        if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
            raise ParameterError(f"{family}'s severities must be a sequence of numbers, got "
                                 f"{values!r}")
        checked = [_check_severity(family, v, n=mono.size, sample_rate=rate) for v in values]
        make = _maker(mono, family, rate, seed)
        cases[family] = (clean, {v: make(v).astype(np.float32) for v in checked})
    return cases
