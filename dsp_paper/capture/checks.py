"""What a dry/wet pair must be before any training: read as it is, checked (every problem
listed at once), trimmed, aligned (:mod:`~dsp_paper.capture.latency`), and split by time.

The limits are module constants: the shortest parts of the time split (``MIN_SECONDS``),
what counts as clipping (``CLIP_LEVEL``, ``CLIP_RUN``), silence (``SILENCE_DBFS``), DC
(``DC_LIMIT``, ``DC_SHARE``), a wet that is only a gain of the dry (``SAME_AS_DRY``), a tail
(``WET_LONGER_SECONDS``), and the split's shares (``TEST_SHARE``, ``VALIDATION_SHARE``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import soundfile

from dsp_paper.audio_io import resample as resample_audio
from dsp_paper.capture.latency import align, find_latency
from dsp_paper.capture.reamp import ReampLayout, blip_latency, recognise_reamp
from dsp_paper.errors import ParameterError

__all__ = ["CaptureInputError", "CheckedPair", "check_pair", "latency_note", "time_split",
           "read_samples",
           "MIN_SECONDS", "CLIP_LEVEL", "CLIP_RUN", "SILENCE_DBFS", "DC_LIMIT", "DC_SHARE",
           "SAME_AS_DRY", "WET_LONGER_SECONDS", "TEST_SHARE", "VALIDATION_SHARE"]

# Shortest parts of the time split (s): the test and validation parts must hold a few
# notes, the training part more than one phrase.
MIN_SECONDS = dict(train=4.0, validation=0.5, test=1.0)
CLIP_LEVEL = 0.999          # |sample| at or above this is full scale
CLIP_RUN = 4                # consecutive full-scale samples that mean the recording clipped
SILENCE_DBFS = -60.0        # a file whose RMS is below this is silent
DC_LIMIT = 0.01             # |mean| above this (-40 dBFS) and above DC_SHARE of the RMS is DC
DC_SHARE = 0.1
SAME_AS_DRY = 1e-4          # residual power share below which the wet is a gain of the dry
WET_LONGER_SECONDS = 1.0    # a wet this much longer than the dry is trimmed (a tail); more fails
TEST_SHARE, VALIDATION_SHARE = 0.15, 0.10   # the time split's last and second-last parts


class CaptureInputError(ParameterError):
    """The dry/wet pair cannot be captured as it is; the message lists every problem found."""


@dataclass
class CheckedPair:
    """A dry/wet pair that passed :func:`check_pair`, aligned."""

    dry: np.ndarray
    wet: np.ndarray
    sample_rate: int
    latency: int
    notes: list = field(default_factory=list)
    latency_source: str = "estimate"   # "given", "blips" (the reamp signal's) or "estimate"
    reamp: ReampLayout | None = None    # the reamp signal's layout where the dry is it


def _dbfs(value):
    return 20 * np.log10(max(float(value), 1e-12))


def _clipped_samples(audio):
    """Samples in runs of at least CLIP_RUN at full scale."""
    hot = np.abs(audio) >= CLIP_LEVEL
    if not hot.any():
        return 0
    edges = np.diff(np.concatenate([[0], hot.astype(np.int8), [0]]))
    runs = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    return int(runs[runs >= CLIP_RUN].sum())


def _signal_problems(audio, name, sample_rate):
    """What is wrong with one file on its own."""
    bad = int(np.count_nonzero(~np.isfinite(audio)))
    if bad:
        return [f"the {name} holds {bad} NaN or infinite samples"]
    problems = []
    rms = float(np.sqrt(np.mean(np.square(audio, dtype=np.float64))))
    if _dbfs(rms) < SILENCE_DBFS:
        problems.append(f"the {name} is silent (RMS {_dbfs(rms):.0f} dBFS, below "
                        f"{SILENCE_DBFS:g} dBFS)")
        return problems
    clipped = _clipped_samples(audio)
    if clipped:
        problems.append(f"the {name} clips: {clipped} samples in runs of {CLIP_RUN} or more at "
                        f"full scale; record it a few dB quieter")
    mean = float(np.mean(audio, dtype=np.float64))
    if abs(mean) > DC_LIMIT and abs(mean) > DC_SHARE * rms:
        problems.append(f"the {name} has a DC offset of {mean:+.4f} ({_dbfs(abs(mean)):.0f} dBFS, "
                        f"{abs(mean) / rms:.0%} of its RMS); high-pass it (e.g. at 10 Hz) first")
    return problems


def _to_mono(audio, name, notes):
    if audio.ndim == 1:
        return audio
    if audio.shape[0] > 2:
        raise CaptureInputError(f"the {name} has {audio.shape[0]} channels: give mono or stereo")
    if np.array_equal(audio[0], audio[1]):
        notes.append(f"the {name} is stereo with identical channels: used one")
        return audio[0]
    notes.append(f"the {name} is stereo: its two channels were averaged to mono")
    return audio.mean(axis=0)


def _wet_at_rate(wet, sample_rate, wet_sample_rate, resample, names, notes):
    """The wet at the dry's rate: resampled when asked to, refused when not."""
    wet_rate = sample_rate if wet_sample_rate is None else int(wet_sample_rate)
    if wet_rate != sample_rate:
        if not resample:
            raise CaptureInputError(
                f"sample rates differ: the {names[0]} is at {sample_rate} Hz, the {names[1]} "
                f"at {wet_rate} Hz; record both at one rate, or resample the {names[1]} to "
                f"{sample_rate} Hz (--resample / resample=True)")
        wet = resample_audio(wet, orig_sr=wet_rate, target_sr=sample_rate)
        notes.append(f"the {names[1]} was resampled from {wet_rate} Hz to {sample_rate} Hz")
    return wet


def _length_problems(dry, wet, sample_rate, names):
    """A wet shorter than the dry, or longer by more than a tail."""
    extra = wet.size - dry.size
    if extra < 0 or extra > WET_LONGER_SECONDS * sample_rate:
        longer = "longer" if extra > 0 else "shorter"
        return [
            f"lengths differ: the {names[0]} has {dry.size} samples ({dry.size / sample_rate:.3f} s), "
            f"the {names[1]} {wet.size} ({wet.size / sample_rate:.3f} s): the {names[1]} is "
            f"{longer} by {abs(extra)} samples ({abs(extra) / sample_rate:.3f} s); it may be up "
            f"to {WET_LONGER_SECONDS:g} s longer (a tail), never shorter"]
    return []


def _latency(dry, wet, sample_rate, latency, notes):
    """The latency and where it came from: ``"given"``, ``"blips"`` (the dry is the reamp
    signal, :mod:`~dsp_paper.capture.reamp`) or ``"estimate"`` (:func:`find_latency`, with a
    note when the effect has too little linear part for it to mean much); and the reamp
    signal's layout, or None."""
    layout = recognise_reamp(dry, sample_rate)
    if latency is not None:
        return int(latency), "given", layout
    if layout is not None:
        try:
            latency = blip_latency(wet, layout)
        except ParameterError as exc:
            notes.append(f"the dry is the reamp signal, but its blips gave no latency ({exc}): "
                         "estimated from the music instead")
        else:
            notes.append("the dry is the reamp signal: the latency was read off its blips")
            return latency, "blips", layout
    latency, clarity = find_latency(dry, wet, sample_rate=sample_rate)
    if clarity < 8:
        notes.append(f"the latency estimate is unsure (the effect has little linear part: "
                     f"peak/median {clarity:.1f}); found {latency} samples: record the reamp "
                     "signal or pass --latency if you know it")
    return latency, "estimate", layout


def _aligned_problems(dry, wet, sample_rate, names):
    """What is wrong with the aligned pair: a wet that is a gain of the dry, too little audio."""
    problems = []
    d64, w64 = dry.astype(np.float64), wet.astype(np.float64)
    gain = float(d64 @ w64 / max(d64 @ d64, 1e-30))
    residual = float(np.sum((w64 - gain * d64) ** 2) / max(w64 @ w64, 1e-30))
    if residual < SAME_AS_DRY:
        problems.append(f"the {names[1]} is the {names[0]} times {gain:.4g} "
                        f"({_dbfs(abs(gain)):+.1f} dB, residual {10 * np.log10(max(residual, 1e-30)):.0f} dB): "
                        "no effect was recorded")
    needed = sum(MIN_SECONDS.values()) / (1 - TEST_SHARE - VALIDATION_SHARE)
    if dry.size < needed * sample_rate:
        problems.append(f"too little audio: {dry.size / sample_rate:.2f} s after alignment; the "
                        f"time split needs at least {needed:.1f} s (at least "
                        f"{MIN_SECONDS['train']:g} s to train, {MIN_SECONDS['validation']:g} s "
                        f"to validate, {MIN_SECONDS['test']:g} s to test)")
    return problems


def check_pair(dry: np.ndarray, wet: np.ndarray, *, sample_rate: int,
               wet_sample_rate: int | None = None, resample: bool = False,
               latency: int | None = None,
               names: tuple[str, str] = ("dry", "wet")) -> CheckedPair:
    """Check a dry/wet pair before any training and align it.

    Parameters
    ----------
    dry, wet : np.ndarray, shape (n,) or (2, n)
        The signal sent into the effect and the effect's output; stereo is mixed to mono.
    sample_rate : int
        The dry's rate.
    wet_sample_rate : int, optional
        The wet's rate when it differs; then ``resample=True`` resamples the wet to the dry's
        rate (polyphase), otherwise the pair is refused.
    latency : int, optional
        The wet's delay in samples, when known (e.g. from NAM's reamp file). Otherwise read
        off the blips where the dry is the package's reamp signal
        (:func:`~dsp_paper.capture.reamp.blip_latency`), or estimated, erring early, by
        :func:`~dsp_paper.capture.latency.find_latency`.

    Returns
    -------
    CheckedPair
        Aligned mono float32 audio; ``notes`` says what was done (mixing, trimming, latency).

    Raises
    ------
    CaptureInputError
        Listing every problem: rates or lengths that differ, NaN, silence, clipping, DC, a
        wet that is the dry (or a gain of it), too little audio for the split.
    """
    notes = []
    dry = _to_mono(np.asarray(dry, np.float32), names[0], notes)
    wet = _to_mono(np.asarray(wet, np.float32), names[1], notes)
    wet = _wet_at_rate(wet, sample_rate, wet_sample_rate, resample, names, notes)
    problems = _signal_problems(dry, names[0], sample_rate) + \
        _signal_problems(wet, names[1], sample_rate)
    problems += _length_problems(dry, wet, sample_rate, names)
    if problems:
        raise CaptureInputError("; ".join(problems))
    extra = wet.size - dry.size
    if extra:
        notes.append(f"the {names[1]}'s last {extra} samples (past the {names[0]}'s end) "
                     "were dropped")
        wet = wet[:dry.size]
    latency, source, layout = _latency(dry, wet, sample_rate, latency, notes)
    dry, wet = align(dry, wet, latency)
    notes.append(latency_note(latency, source, sample_rate, names[1]))
    problems = _aligned_problems(dry, wet, sample_rate, names)
    if problems:
        raise CaptureInputError("; ".join(problems))
    return CheckedPair(dry.astype(np.float32), wet.astype(np.float32), int(sample_rate),
                       latency, notes, source, layout)


def latency_note(latency: int, source: str, sample_rate: int, name: str = "wet") -> str:
    """What was removed from the start of the wet and how it was found, for the notes.

    Parameters
    ----------
    latency : int
        Samples removed (negative: taken off the dry instead).
    source : {"given", "blips", "estimate", "checked"}
        Where the number came from (``"checked"``: chosen by short trainings).
    sample_rate : int
    name : str

    Returns
    -------
    str
    """
    how = dict(given="as given", blips="found from the reamp signal's blips",
               estimate="estimated from the music, erring early (a model can learn a delay, "
                        "never an advance)",
               checked="chosen by short trainings of the candidates")[source]
    return (f"latency: the {name} is {'late' if latency >= 0 else 'early'} by {abs(latency)} "
            f"samples ({1e3 * abs(latency) / sample_rate:.2f} ms), {how}; removed: the test "
            f"scores compare with the {name} as recorded less these {abs(latency)} samples")


def time_split(n: int, *, sample_rate: int) -> dict[str, tuple[int, int]]:
    """Sample ranges ``{"train", "validation", "test"}`` of a take: training first, then
    validation, the test last (``TEST_SHARE`` and ``VALIDATION_SHARE`` of it, each at least
    ``MIN_SECONDS``).

    Parameters
    ----------
    n : int
        The take's length in samples.
    sample_rate : int

    Returns
    -------
    dict of str -> (int, int)
        ``(start, stop)`` of each part.

    Raises
    ------
    CaptureInputError
        When the training part would be shorter than ``MIN_SECONDS["train"]``.
    """
    test = max(int(TEST_SHARE * n), int(MIN_SECONDS["test"] * sample_rate))
    validation = max(int(VALIDATION_SHARE * n), int(MIN_SECONDS["validation"] * sample_rate))
    train = n - test - validation
    if train < MIN_SECONDS["train"] * sample_rate:
        raise CaptureInputError(f"too little audio: {n / sample_rate:.2f} s leaves "
                                f"{max(train, 0) / sample_rate:.2f} s to train")
    return dict(train=(0, train), validation=(train, train + validation),
                test=(train + validation, n))


def read_samples(path: str | os.PathLike, name: str) -> tuple[np.ndarray, int]:
    """The file's samples as they are: unlike :func:`dsp_paper.audio_io.read_audio`, NaN and
    silence are not refused here, so that :func:`check_pair` can list every problem at once.

    Parameters
    ----------
    path : str or os.PathLike
        A sound file (WAV, FLAC, ... at any rate and bit depth).
    name : str
        What the file is (``"dry"``, ``"wet"``, ``"input"``), for the messages.

    Returns
    -------
    audio : np.ndarray, shape (n,) or (channels, n)
        float32.
    sample_rate : int

    Raises
    ------
    FileNotFoundError
        When there is no such file.
    CaptureInputError
        When the file is a folder, cannot be read as sound or holds no samples.
    """
    path = Path(path)
    if path.is_dir():
        raise CaptureInputError(f"the {name} {path} is a folder, not a sound file")
    if not path.is_file():
        raise FileNotFoundError(f"no such {name} file: {path}")
    try:
        data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except RuntimeError as exc:
        raise CaptureInputError(f"cannot read the {name} file {path}: {exc}") from None
    if not data.size:
        raise CaptureInputError(f"the {name} has no samples: {path} holds a header only")
    return (data.T if data.shape[1] > 1 else data[:, 0]), int(rate)
