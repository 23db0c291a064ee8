"""A dry signal made for capture (:func:`reamp_signal`), known again (:func:`recognise_reamp`),
and what the wet tells of the chain: its delay from the blips (:func:`blip_latency`), and
whether it sounds like itself twice (:func:`repeat_esr`, :func:`repeat_problem`).

The parts, in order (mono float32, never above -1 dBFS; peak levels, RMS for the noise):
``lead-in`` (0.5 s of silence: the wet's noise floor), ``blips`` (4 single samples at -2 dBFS,
0.5 s apart), ``silence`` (1 s: the wet's noise and tails), ``sweep -18/-9/-3 dBFS`` (3 s log
sine sweeps, 20 Hz to 20 kHz or 0.45 of the rate, 0.5 s of silence), ``noise -30/-18/-9 dBFS``
(3 s of pink noise, same band), ``guitar -18/-9/-3 dBFS`` (the package's guitar takes in
turn), ``repeat 1`` (6 s of guitar at -6 dBFS ending at 70 %, in the training part of
:func:`~dsp_paper.capture.checks.time_split`, the first 75 %), ``guitar -12/-4.5 dBFS`` (levels
the training part lacks), ``repeat 2`` (``repeat 1`` again, ending the signal, in the test
part: audio the model trained on, which ``capture`` cuts off before it splits the rest, so
that from about 1.7 minutes on ``repeat 1`` still lies in the training part; in shorter
signals its end reaches into the validation part).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from dsp_paper import material
from dsp_paper.audio_io import to_layout, write_audio
from dsp_paper.capture.latency import MAX_LATENCY_SECONDS
from dsp_paper.errors import ParameterError
from dsp_paper.metrics import esr

__all__ = ["ReampLayout", "reamp_layout", "reamp_signal", "write_reamp_signal",
           "recognise_reamp", "blip_latency", "repeat_esr", "repeat_problem",
           "REPEAT_ESR_LIMIT", "SAMPLE_RATES"]

SAMPLE_RATES = (44100, 48000, 88200, 96000, 176400, 192000)
REPEAT_ESR_LIMIT = 0.01         # Neural Amp Modeler's limit between two renders of one passage
LEAD_IN, BLIP_SPACING, BLIP_COUNT, BLIP_DBFS, SILENCE = 0.5, 0.5, 4, -2.0, 1.0
SWEEP, SWEEP_TAIL, SWEEP_DBFS, SWEEP_LOW, SWEEP_HIGH = 3.0, 0.5, (-18, -9, -3), 20.0, 20000.0
NOISE, NOISE_DBFS, NOISE_CREST = 3.0, (-30, -18, -9), 2.0    # RMS levels; peak/RMS at most 2
GUITAR_DBFS, HELD_OUT_DBFS, REPEAT_DBFS = (-18, -9, -3), (-12, -4.5), -6.0
REPEAT, FIRST_PLAY_END, MIN_GUITAR, MAX_MINUTES = 6.0, 0.70, 10.0, 30.0
NOISE_SIGMAS = 6.0              # a blip's response begins where the wet leaves 6x its noise RMS
HELD_OUT = "guitar " + "/".join(f"{db:g}" for db in HELD_OUT_DBFS) + " dBFS"
_FADE, _TOLERANCE = 0.005, 1e-4  # s of fade at every cut; the difference recognise allows


@dataclass(frozen=True)
class ReampLayout:
    """Where each part of the reamp signal lies, in samples.

    Attributes
    ----------
    sample_rate, n_samples : int
    blips : tuple of int
    segments : dict of str -> (int, int)
        ``(start, stop)`` of each part, in order, covering the whole signal.
    repeat : ((int, int), (int, int))
        ``(start, stop)`` of the repeated passage's first and second play.

    Examples
    --------
    >>> reamp_layout(minutes=3.0, sample_rate=48000).segments["blips"]
    (24000, 120000)
    """

    sample_rate: int
    n_samples: int
    blips: tuple
    segments: dict
    repeat: tuple


def _samples(seconds: float, sample_rate: int) -> int:
    return int(round(seconds * sample_rate))


def reamp_layout(*, minutes: float = 3.0, sample_rate: int = 48000) -> ReampLayout:
    """The layout of :func:`reamp_signal`, without its audio; ``ParameterError`` for another
    rate or ``minutes`` out of range.

    Parameters
    ----------
    minutes : float
        The signal's length, to the second; only the guitar's share grows with it. From
        about 0.93 (the fixed parts, the repeated passage and 10 s of guitar) to 30.
    sample_rate : int
        One of :data:`SAMPLE_RATES` (Hz).

    Returns
    -------
    ReampLayout

    Examples
    --------
    >>> reamp_layout(minutes=3.0, sample_rate=48000).n_samples
    8640000
    """
    if isinstance(sample_rate, bool) or sample_rate not in SAMPLE_RATES:
        raise ParameterError(f"the reamp signal is made at {', '.join(map(str, SAMPLE_RATES))}"
                             f" Hz, not at {sample_rate!r}")
    rate = int(sample_rate)
    parts = ([("lead-in", _samples(LEAD_IN, rate)),
              ("blips", BLIP_COUNT * _samples(BLIP_SPACING, rate)),
              ("silence", _samples(SILENCE, rate))]
             + [(f"sweep {db:g} dBFS", _samples(SWEEP + SWEEP_TAIL, rate)) for db in SWEEP_DBFS]
             + [(f"noise {db:g} dBFS", _samples(NOISE, rate)) for db in NOISE_DBFS])
    least = (sum(n for _, n in parts) / rate + REPEAT + MIN_GUITAR) / FIRST_PLAY_END / 60
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float, np.number)) \
            or not least <= minutes <= MAX_MINUTES:
        raise ParameterError(f"the reamp signal lasts {np.ceil(least * 100) / 100:.2f} to "
                             f"{MAX_MINUTES:g} minutes (its fixed parts, the repeated passage "
                             f"and at least {MIN_GUITAR:g} s of guitar), not {minutes!r}")
    n, repeat = round(60 * minutes) * rate, _samples(REPEAT, rate)
    first_stop = int(FIRST_PLAY_END * n)
    guitar = first_stop - repeat - sum(length for _, length in parts)
    parts += [(f"guitar {db:g} dBFS", guitar // 3 + (k == 2) * (guitar % 3))
              for k, db in enumerate(GUITAR_DBFS)]
    parts += [("repeat 1", repeat), (HELD_OUT, n - first_stop - repeat), ("repeat 2", repeat)]
    bounds = np.cumsum([0] + [length for _, length in parts])
    segments = {name: (int(a), int(b)) for (name, _), a, b in zip(parts, bounds, bounds[1:])}
    blips = tuple(range(*segments["blips"], _samples(BLIP_SPACING, rate)))
    return ReampLayout(rate, n, blips, segments, (segments["repeat 1"], segments["repeat 2"]))


def _fade(x: np.ndarray, sample_rate: int) -> np.ndarray:
    k = min(_samples(_FADE, sample_rate), x.size // 2)
    ramp = np.ones(x.size)
    ramp[:k] = 0.5 - 0.5 * np.cos(np.pi * np.arange(k) / k)
    ramp[x.size - k:] = ramp[:k][::-1]
    return x * ramp


def _head(layout: ReampLayout) -> np.ndarray:
    """The signal up to the noise: the silences, the blips and the sweeps."""
    rate, seg = layout.sample_rate, layout.segments
    k = np.log(min(SWEEP_HIGH, 0.45 * rate) / SWEEP_LOW) / SWEEP
    t = np.arange(_samples(SWEEP, rate)) / rate
    sweep = _fade(np.sin(2 * np.pi * SWEEP_LOW * np.expm1(k * t) / k), rate)
    x = np.zeros(seg[f"noise {NOISE_DBFS[0]:g} dBFS"][0])
    x[list(layout.blips)] = 10 ** (BLIP_DBFS / 20)
    for db in SWEEP_DBFS:
        start = seg[f"sweep {db:g} dBFS"][0]
        x[start:start + sweep.size] = 10 ** (db / 20) * sweep
    return x


@lru_cache(maxsize=8)
def _noise(sample_rate: int, seed: int) -> np.ndarray:
    """Pink noise of RMS 1 in the sweeps' band, clipped and its spectrum restored, again and
    again, so its peaks stay within ``NOISE_CREST`` of its RMS."""
    n = _samples(NOISE, sample_rate)
    f = np.fft.rfftfreq(n, 1 / sample_rate)
    band = (f >= SWEEP_LOW) & (f <= min(SWEEP_HIGH, 0.45 * sample_rate))
    magnitude = np.where(band, 1 / np.sqrt(np.maximum(f, 1.0)), 0.0)
    x = np.random.default_rng(seed).standard_normal(n)
    for _ in range(24):
        limit = 0.95 * NOISE_CREST * np.sqrt(np.mean(x ** 2))
        spectrum = np.fft.rfft(np.clip(x, -limit, limit))
        x = np.fft.irfft(magnitude * np.exp(1j * np.angle(spectrum)), n)
    return _fade(x, sample_rate) / np.sqrt(np.mean(_fade(x, sample_rate) ** 2))


@lru_cache(maxsize=4)
def _takes(sample_rate: int) -> tuple:
    """The guitar takes at ``sample_rate``, first channel, trimmed at -60 dB, of peak 1."""
    takes = []
    for name in material.GUITAR_TAKES:
        audio = to_layout(material.guitar(name, sample_rate=sample_rate).audio, "mono")[0]
        loud = np.flatnonzero(np.abs(audio) > 1e-3 * np.max(np.abs(audio)))
        take = np.asarray(audio[loud[0]:loud[-1] + 1], np.float64)
        takes.append(take / np.max(np.abs(take)))
    return tuple(takes)


def _guitar(takes: tuple, span: tuple, levels, first: int, sample_rate: int) -> np.ndarray:
    """``span``'s length of the takes, faded, from take ``first``, at ``levels`` in turn."""
    pieces, total, k, length = [], 0, 0, span[1] - span[0]
    while total < length:
        take = takes[(first + k) % len(takes)][:length - total]
        pieces.append(10 ** (levels[k % len(levels)] / 20) * _fade(take, sample_rate))
        total, k = total + take.size, k + 1
    return np.concatenate(pieces)


def reamp_signal(*, minutes: float = 3.0,
                 sample_rate: int = 48000) -> tuple[np.ndarray, ReampLayout]:
    """The reamp signal (see the module): play it through the effect, record the effect's
    output, and give both to the capture.

    Parameters
    ----------
    minutes, sample_rate
        As in :func:`reamp_layout`; the guitar takes are resampled to the rate.

    Returns
    -------
    signal : np.ndarray, shape (n,), float32
        The same at every call; its peak is below -1 dBFS.
    layout : ReampLayout

    Examples
    --------
    >>> signal, layout = reamp_signal(minutes=3.0, sample_rate=48000)  # doctest: +SKIP
    """
    layout = reamp_layout(minutes=minutes, sample_rate=sample_rate)
    rate, seg = layout.sample_rate, layout.segments
    head = _head(layout)
    x = np.concatenate([head, np.zeros(layout.n_samples - head.size)])
    for seed, db in enumerate(NOISE_DBFS):
        x[slice(*seg[f"noise {db:g} dBFS"])] = 10 ** (db / 20) * _noise(rate, seed)
    takes = _takes(rate)
    for k, db in enumerate(GUITAR_DBFS):
        span = seg[f"guitar {db:g} dBFS"]
        x[slice(*span)] = _guitar(takes, span, [db], k, rate)
    first, second = layout.repeat
    x[slice(*first)] = x[slice(*second)] = _guitar(takes, first, [REPEAT_DBFS], 1, rate)
    x[slice(*seg[HELD_OUT])] = _guitar(takes, seg[HELD_OUT], HELD_OUT_DBFS, 2, rate)
    return x.astype(np.float32), layout


def write_reamp_signal(path: str | os.PathLike, *, minutes: float = 3.0,
                       sample_rate: int = 48000, overwrite: bool = False) -> Path:
    """Write :func:`reamp_signal` as a 24-bit WAV file, atomically (whole or not at all),
    with the permissions of any new file (``0o666`` less the umask).

    Parameters
    ----------
    path : str or os.PathLike
    minutes, sample_rate
        As in :func:`reamp_signal`.
    overwrite : bool
        Replace an existing file, which is refused otherwise (``ParameterError``).

    Returns
    -------
    Path

    Examples
    --------
    >>> write_reamp_signal("reamp_48k.wav", sample_rate=48000)  # doctest: +SKIP
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise ParameterError(f"{path} exists: choose another name or pass --overwrite (overwrite=True)")
    signal, layout = reamp_signal(minutes=minutes, sample_rate=sample_rate)
    return write_audio(path, signal, layout.sample_rate, subtype="PCM_24", file_format="WAV")


def recognise_reamp(dry: np.ndarray, sample_rate: int) -> ReampLayout | None:
    """The layout when ``dry`` is :func:`reamp_signal` (at any of :data:`SAMPLE_RATES` and a
    whole number of seconds long, as it is written, even read back from 16 bits), None
    otherwise: its length gives the minutes, and its silences, blips,
    sweeps and two plays of the repeated passage are compared (within 1e-4), in milliseconds.

    Parameters
    ----------
    dry : np.ndarray, shape (n,)
    sample_rate : int

    Returns
    -------
    ReampLayout or None

    Examples
    --------
    >>> recognise_reamp(*soundfile.read("reamp_48k.wav"))  # doctest: +SKIP
    """
    dry = np.asarray(dry)
    if dry.ndim != 1 or isinstance(sample_rate, bool) or sample_rate not in SAMPLE_RATES:
        return None
    try:
        layout = reamp_layout(minutes=dry.size / (60 * sample_rate), sample_rate=sample_rate)
    except ParameterError:
        return None
    (a, b), (c, _) = layout.repeat
    if layout.n_samples != dry.size or np.max(np.abs(dry[a:b])) < 0.1:
        return None
    for at, want in [(0, _head(layout)), (c, dry[a:b])]:
        if np.any(np.abs(np.asarray(dry[at:at + want.size], np.float64) - want) > _TOLERANCE):
            return None
    return layout


def blip_latency(wet: np.ndarray, layout: ReampLayout) -> int:
    """The recording chain's delay in samples, from the wet's responses to the blips;
    ``ParameterError`` when the wet is too short or no response rises above its noise.

    A response begins where the wet first departs from its lead-in mean by more than
    ``NOISE_SIGMAS`` times its RMS there (if noiseless, by float32's resolution of the
    response's peak); the answer is the median over the blips (the earlier middle one): the
    onset, not the peak, for an effect's own group delay (a distortion behind a lowpass, a
    cabinet) is its sound's. A response that begins below the noise (a steep lowpass in a
    noisy chain) is found where it rises above it, late. A blip still ringing is left out.

    Parameters
    ----------
    wet : np.ndarray, shape (n,)
        The effect's output as recorded, at the layout's rate: late by at most
        ``MAX_LATENCY_SECONDS``, never early.
    layout : ReampLayout

    Returns
    -------
    int

    Examples
    --------
    >>> blip_latency(np.concatenate([np.zeros(64), dry]), layout)  # doctest: +SKIP
    64
    """
    wet = np.asarray(wet, np.float64)
    window = _samples(MAX_LATENCY_SECONDS + 0.02, layout.sample_rate)
    guard = _samples(0.01, layout.sample_rate)
    if wet.ndim != 1 or wet.size < layout.blips[-1] + window:
        raise ParameterError(f"the wet must be mono with at least {layout.blips[-1] + window} "
                             f"samples to hold the blips' responses, got shape {wet.shape}")
    level, noise = np.mean(wet[:layout.blips[0]]), np.std(wet[:layout.blips[0]])
    onsets = []
    for blip in layout.blips:
        part = np.abs(wet[blip - guard:blip + window] - level)
        threshold = max(NOISE_SIGMAS * noise, np.finfo(np.float32).eps * part.max())
        if part.max() > NOISE_SIGMAS * noise and not np.any(part[:guard] > threshold):
            onsets.append(int(np.argmax(part[guard:] > threshold)))
    if not onsets:
        floor = 20 * np.log10(noise + 1e-12)
        raise ParameterError(
            f"no blip's response rises above the wet's noise (RMS {floor:.0f} dBFS in its first "
            f"{LEAD_IN:g} s): the wet is silent, or a gate held it shut, or it is early or over "
            f"{MAX_LATENCY_SECONDS:g} s late; pass the latency if it is known")
    return sorted(onsets)[(len(onsets) - 1) // 2]


def repeat_esr(wet_aligned: np.ndarray, layout: ReampLayout, latency: int) -> float:
    """ESR of the wet's second render of the repeated passage against its first (0: the same);
    ``ParameterError`` when the wet lacks most of the second play or is silent in the first.

    Parameters
    ----------
    wet_aligned : np.ndarray, shape (m,)
        The wet as :func:`~dsp_paper.capture.latency.align` leaves it (shifted by ``latency``;
        if negative, the dry was). A second play cut short is compared over what is left.
    layout : ReampLayout
    latency : int
        The shift, in samples.

    Returns
    -------
    float

    Examples
    --------
    >>> repeat_esr(wet[latency:], layout, latency)  # doctest: +SKIP
    """
    wet, offset = np.asarray(wet_aligned, np.float64), min(int(latency), 0)
    (a, b), (c, d) = layout.repeat
    n = min(b - a, wet.size - (c + offset))
    if n < (b - a) // 2 or a + offset < 0:
        raise ParameterError(f"the aligned wet ({wet.size} samples) does not hold the two plays "
                             f"of the repeated passage at {a}-{b} and {c}-{d} (latency {latency})")
    try:
        return esr(wet[c + offset:c + offset + n], wet[a + offset:a + offset + n])
    except ParameterError:
        raise ParameterError("the wet is silent in the repeated passage's first play: nothing "
                             "to compare") from None


def repeat_problem(esr_value: float) -> str | None:
    """What a :func:`repeat_esr` above ``REPEAT_ESR_LIMIT`` means; None when within.

    Parameters
    ----------
    esr_value : float

    Returns
    -------
    str or None

    Examples
    --------
    >>> repeat_problem(0.002) is None
    True
    """
    return None if np.isfinite(esr_value) and esr_value <= REPEAT_ESR_LIMIT else (
        f"the chain does not sound like itself when played twice (ESR {esr_value:.3g} between "
        f"the two plays of the repeated passage, above {REPEAT_ESR_LIMIT:g}): look for noise or"
        " hum in the chain, a time-based effect left on (a delay, reverb, chorus or tremolo), a"
        " knob moved during the recording, or a level that drifts")
