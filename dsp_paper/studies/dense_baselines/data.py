"""000's corpus: sine, square and saw sweeps through the lowpass, the Brahms piano as test;
and the dense nets' windows of it."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from dsp_paper import effects, material, signals
from dsp_paper.audio_io import normalise, read_audio, write_wav
from dsp_paper.datasets import EffectCorpus, effect_corpus
from dsp_paper.paths import cache_dir
from dsp_paper.studies import scale_config
from dsp_paper.studies.dense_baselines.settings import DenseSettings
from dsp_paper.study.settings import Settings
from dsp_paper.windowing import hop_for_uses, window_arrays

__all__ = ["sweep_sources", "lowpass", "lowpass_description", "sweep_material",
           "lowpass_corpus", "dense_data"]


def sweep_sources(cfg: Settings, folder: Path) -> list[np.ndarray]:
    """000's source files: one stereo 16-bit PCM WAV per shape, rising sweep on the left,
    falling on the right; read back as normalised float32."""
    tracks = []
    for shape in cfg.shapes:
        kwargs = dict(seconds=cfg.sweep_seconds, sample_rate=cfg.sample_rate)
        left = signals.sweep(shape, f_start=cfg.f_start, f_end=cfg.f_end, **kwargs)
        right = signals.sweep(shape, f_start=cfg.f_end, f_end=cfg.f_start, **kwargs)
        stereo = signals.fade(np.stack([left, right]), sample_rate=cfg.sample_rate,
                              fade_in=0.01, fade_out=0.01)
        path = write_wav(folder / f"sweep_{shape}_{cfg.sweep_seconds}s.wav",
                         normalise(stereo, peak=0.99), cfg.sample_rate)
        audio, _ = read_audio(path, expected_sr=cfg.sample_rate)
        tracks.append(normalise(audio, peak=cfg.level))
    return tracks


def lowpass(audio: np.ndarray, cfg: Settings) -> np.ndarray:
    """The corpus's effect: the Butterworth lowpass of a sweep corpus's settings."""
    return effects.lowpass(audio, sample_rate=cfg.sample_rate, cutoff_hz=cfg.cutoff_hz,
                           order=cfg.order)


def lowpass_description(cfg: Settings) -> str:
    """One line naming the lowpass of a sweep corpus's settings."""
    return (f"lowpass: Butterworth order {cfg.order} ({6 * cfg.order} dB/octave), "
            f"-3 dB at {cfg.cutoff_hz:g} Hz")


def sweep_material(cfg: Settings) -> str:
    """One line naming the sweeps of a sweep corpus's settings (``lowpass_000``,
    ``stereo_001``): shapes, range, seconds, layout."""
    return (f"{', '.join(cfg.shapes)} sweeps {cfg.f_start:g}-{cfg.f_end:g} Hz, "
            f"{cfg.sweep_seconds:g} s each (rising left, falling right), {cfg.layout}")


def lowpass_corpus(scale: str | None = None, **changes: object) -> EffectCorpus:
    """000's corpus: sweeps of sine, square and saw through the lowpass, piano as test.

    Each shape is a stereo 16-bit WAV (rising sweep left, falling right), read back as
    float32, normalised and split into mono tracks (``layout="mono"``, the document's
    choice) or kept stereo (``layout="stereo"``). Validation blocks are held out of every
    track before batching; the test is the Brahms piano.

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional
    **changes
        Settings of ``lowpass_000`` to change.

    Returns
    -------
    EffectCorpus
        Splits ``train``, ``validation``, ``test``.
    """
    return effect_corpus(
        scale_config("lowpass_000", scale, **changes),
        sources=lambda cfg: sweep_sources(cfg, cache_dir() / "wav"),
        tests=lambda cfg: {"test": material.piano(sample_rate=cfg.sample_rate,
                                                  seconds=cfg.piano_seconds)},
        effect=lowpass, description=lowpass_description)


def dense_data(corpus: EffectCorpus, cfg: DenseSettings) -> tuple[np.ndarray, ...]:
    """03's training windows (hop so every sample is used ``cfg.sample_uses`` times) and
    back-to-back validation windows.

    Returns
    -------
    tuple of np.ndarray
        ``x, y`` of shape ``(windows, cfg.window)`` and ``val_x, val_y``.
    """
    hop = hop_for_uses(cfg.window, cfg.sample_uses)
    x, y = window_arrays(corpus.split("train"), window=cfg.window, hop=hop)
    vx, vy = window_arrays(corpus.split("validation"), window=cfg.window, hop=cfg.window)
    return x, y, vx, vy
