"""003's material: variations of a recorded 808 kick (:func:`kick_set`), the kicks a notebook
shows (:func:`shown_kicks`), how much the variations differ (:func:`kick_variation`), and the
amen break trimmed to 003's frames (:func:`amen_clip`)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.signal

from dsp_paper import material
from dsp_paper.audio_io import normalise
from dsp_paper.cache import cached_arrays
from dsp_paper.errors import ParameterError
from dsp_paper.metrics import frame_rms
from dsp_paper.studies import scale_config
from dsp_paper.studies.lstm_generation.paper import DOCUMENT

__all__ = ["KickSet", "kick_set", "amen_clip", "ShownKicks", "shown_kicks", "kick_variation"]


@dataclass
class KickSet:
    """Variations of one recorded 808 kick, zero-padded to a common length.

    Attributes
    ----------
    examples : np.ndarray, shape (count, samples), float32
    sample_rate : int
        Hz.
    pitch, decay, level : np.ndarray, shape (count,)
        Playback-rate factor, decay time constant in seconds, and peak level of each.
    provenance : str
        Where the recorded kick comes from.
    """

    examples: np.ndarray
    sample_rate: int
    pitch: np.ndarray
    decay: np.ndarray
    level: np.ndarray
    provenance: str


def kick_set(scale: str | None = None, *, seed: int = 0) -> KickSet:
    """003's ~250 kick drums, made from the real 808 kick by varying pitch (playback rate),
    decay and level.

    Each variation is the recorded kick resampled by its pitch factor, multiplied by
    ``exp(-t / decay)``, scaled to its peak level and zero-padded to ``kick_frames x
    frame_samples`` samples.

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional
    seed : int
        Draws the parameters.

    Returns
    -------
    KickSet
    """
    cfg = scale_config("drums_003", scale)
    kick = material.kick_808(sample_rate=cfg.sample_rate)
    length = cfg.kick_frames * cfg.frame_samples
    params = dict(cfg.as_dict(), seed=seed, kick=kick.provenance())

    def build() -> dict[str, np.ndarray]:
        rng = np.random.default_rng(seed)
        pitch = np.exp(rng.uniform(*np.log(cfg.pitch_range), cfg.kick_count))
        decay = rng.uniform(*cfg.decay_range, cfg.kick_count)
        level = rng.uniform(*cfg.level_range, cfg.kick_count)
        out = np.zeros((cfg.kick_count, length), dtype=np.float32)
        base = kick.audio if kick.audio.ndim == 1 else kick.audio.mean(axis=0)
        for i in range(cfg.kick_count):
            n = int(round(base.shape[-1] / pitch[i]))
            hit = scipy.signal.resample(base, n)[:length]
            hit = hit * np.exp(-np.arange(hit.size) / (decay[i] * cfg.sample_rate))
            out[i, :hit.size] = level[i] * hit / np.max(np.abs(hit))
        return dict(examples=out, pitch=pitch, decay=decay, level=level)

    arrays, _ = cached_arrays("drums_003_kicks", params, build)
    return KickSet(arrays["examples"], cfg.sample_rate, arrays["pitch"], arrays["decay"],
                   arrays["level"], kick.provenance())


def amen_clip(scale: str | None = None) -> material.Material:
    """003's amen break trimmed to ``amen_frames`` frames of ``frame_samples`` (60 x 2048),
    mixed to mono and normalised to a peak of 0.9.

    Returns
    -------
    dsp_paper.material.Material
    """
    cfg = scale_config("drums_003", scale)
    amen = material.amen_break(sample_rate=cfg.sample_rate)
    n = cfg.amen_frames * cfg.frame_samples
    mono = amen.audio.mean(axis=0) if amen.audio.ndim == 2 else amen.audio
    if mono.shape[-1] < n:
        raise ParameterError(f"the amen break has {mono.shape[-1]} samples, fewer than {n}")
    return material.Material(
        "amen_break", normalise(mono[:n], peak=0.9), cfg.sample_rate,
        f"{amen.description}, first {cfg.amen_frames} frames of {cfg.frame_samples}, mono",
        amen.licence, amen.source)


def _kick_character(audio: np.ndarray, sample_rate: int, *,
                    frame: int = 256) -> tuple[float, float, float]:
    """Spectral peak (Hz), and the times (s) after which the frame RMS stays 20 and 40 dB
    below its maximum."""
    audio = np.asarray(audio, np.float64)
    spectrum = np.abs(np.fft.rfft(audio))
    peak_hz = float(np.fft.rfftfreq(audio.size, 1 / sample_rate)[np.argmax(spectrum)])
    rms = frame_rms(audio, frame=frame)
    db = 20 * np.log10(np.maximum(rms / max(rms.max(), 1e-20), 1e-12))
    times = [(np.nonzero(db > -drop)[0][-1] + 1) * frame / sample_rate for drop in (20, 40)]
    return peak_hz, float(times[0]), float(times[1])


_CHARACTER = ("spectral peak (Hz)", "falls 20 dB by (s)", "falls 40 dB by (s)")


def _character_frame(kicks: KickSet, index: Iterable[int]) -> pd.DataFrame:
    """The parameters and character (:func:`_kick_character`) of the kicks ``index``."""
    rows = []
    for i in index:
        peak, t20, t40 = _kick_character(kicks.examples[i], kicks.sample_rate)
        rows.append({"kick": int(i), "pitch factor": float(kicks.pitch[i]),
                     "decay time constant (s)": float(kicks.decay[i]),
                     "peak level": float(kicks.level[i]),
                     "peak level (dBFS)": float(20 * np.log10(kicks.level[i])),
                     _CHARACTER[0]: peak, _CHARACTER[1]: t20, _CHARACTER[2]: t40})
    return pd.DataFrame(rows).set_index("kick")


@dataclass
class ShownKicks:
    """The kicks a notebook shows: evenly spaced through the set, with their parameters.

    Attributes
    ----------
    index : np.ndarray, shape (count,), int
        Their positions in the :class:`KickSet`.
    examples : np.ndarray, shape (count, samples), float32
    sample_rate : int
        Hz.
    pitch, decay, level : np.ndarray, shape (count,)
        Playback-rate factor, decay time constant (s), peak level.
    table : pandas.DataFrame
        Indexed by kick: the three parameters, the peak level in dBFS, and what they do to
        the sound (spectral peak in Hz; when the RMS has fallen 20 and 40 dB, in s).
    labels : list of str
        ``"kick 124: pitch ×0.90, decay 0.70 s, level 0.83"``, one per kick, for titles.
    """

    index: np.ndarray
    examples: np.ndarray
    sample_rate: int
    pitch: np.ndarray
    decay: np.ndarray
    level: np.ndarray
    table: object
    labels: list


def shown_kicks(kicks: KickSet, *, count: int = DOCUMENT.kick_sounds) -> ShownKicks:
    """The ``count`` kicks shown: the first, the last and evenly spaced between.

    Parameters
    ----------
    kicks : KickSet
    count : int
        How many (06 shows ``kicks_shown``, 003's three).

    Returns
    -------
    ShownKicks
    """
    n = len(kicks.examples)
    if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or not 1 <= count <= n:
        raise ParameterError(f"count must be an integer from 1 to {n}, got {count!r}")
    index = np.linspace(0, n - 1, count).astype(int)
    labels = [f"kick {i}: pitch ×{kicks.pitch[i]:.2f}, decay {kicks.decay[i]:.2f} s, "
              f"level {kicks.level[i]:.2f}" for i in index]
    return ShownKicks(index, kicks.examples[index], kicks.sample_rate, kicks.pitch[index],
                      kicks.decay[index], kicks.level[index], _character_frame(kicks, index),
                      labels)


def kick_variation(kicks: KickSet) -> pd.DataFrame:
    """How much the variations differ, over the whole set: minimum, median and maximum of
    their spectral peak, peak level and decay times, and how each follows the pitch factor
    and the decay time constant.

    Returns
    -------
    pandas.DataFrame
        Indexed by quantity; columns ``min``, ``median``, ``max``, ``correlation with
        pitch``, ``correlation with decay``.
    """
    frame = _character_frame(kicks, range(len(kicks.examples)))
    rows = {}
    for name in ("peak level (dBFS)", *_CHARACTER):
        values = frame[name].to_numpy()
        rows[name] = {"min": values.min(), "median": float(np.median(values)),
                      "max": values.max(),
                      "correlation with pitch": float(np.corrcoef(values, kicks.pitch)[0, 1]),
                      "correlation with decay": float(np.corrcoef(values, kicks.decay)[0, 1])}
    return pd.DataFrame(rows).T.rename_axis("quantity")
