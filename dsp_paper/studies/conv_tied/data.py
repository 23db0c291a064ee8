"""04's corpora and windows: the pedal chain on recorded guitar (the extension 000 named but
never evaluated), 001's stereo sweeps, and the conv net's windows of any corpus."""
from __future__ import annotations

import numpy as np

from dsp_paper import effects, material
from dsp_paper.audio_io import normalise, to_layout
from dsp_paper.datasets import EffectCorpus, effect_corpus
from dsp_paper.paths import cache_dir
from dsp_paper.studies import scale_config
from dsp_paper.studies.conv_tied.settings import ConvSettings, PedalCorpusSettings
from dsp_paper.studies.dense_baselines import lowpass, lowpass_description, sweep_sources
from dsp_paper.windowing import hop_for_uses, window_arrays

__all__ = ["pedal_corpus", "stereo_corpus", "conv_data"]


def pedal_corpus(scale: str | None = None, **changes: object) -> EffectCorpus:
    """The extension 000 named but never evaluated: recorded guitar through the pedal chain.

    Training takes (validation blocks held out) and unseen test takes are set per scale.

    Returns
    -------
    EffectCorpus
        Splits ``train``, ``validation``, ``test``.
    """
    def sources(cfg: PedalCorpusSettings) -> list[np.ndarray]:
        return [normalise(material.guitar(t, sample_rate=cfg.sample_rate).audio, peak=cfg.level)
                for t in cfg.train_takes]

    def tests(cfg: PedalCorpusSettings) -> dict[str, material.Material]:
        takes = [material.guitar(t, sample_rate=cfg.sample_rate) for t in cfg.test_takes]
        audio = np.concatenate([to_layout(t.audio, "stereo") for t in takes], axis=-1)
        return {"test": material.Material("guitar_test", audio, cfg.sample_rate,
                                          " + ".join(t.description for t in takes),
                                          takes[0].licence, "; ".join(t.source for t in takes))}

    def effect(audio: np.ndarray, cfg: PedalCorpusSettings) -> np.ndarray:
        return effects.pedal_chain(audio, sample_rate=cfg.sample_rate, drive_db=cfg.drive_db,
                                   tone_hz=cfg.tone_hz, level_db=cfg.level_db)

    return effect_corpus(
        scale_config("pedal_ext", scale, **changes), sources=sources, tests=tests, effect=effect,
        description=lambda cfg: (f"pedal chain: tanh drive +{cfg.drive_db:g} dB, tone lowpass "
                                 f"{cfg.tone_hz:g} Hz (6 dB/octave), level {cfg.level_db:g} dB"))


def stereo_corpus(scale: str | None = None, **changes: object) -> EffectCorpus:
    """001's corpus: sine and triangle sweeps through the lowpass, stereo kept.

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional
    **changes
        Settings of ``stereo_001`` to change.

    Returns
    -------
    EffectCorpus
        Splits ``train``, ``validation``, ``test_piano``, ``test_voice``; every piece of
        shape ``(2, n)``.
    """
    return effect_corpus(
        scale_config("stereo_001", scale, **changes),
        sources=lambda cfg: sweep_sources(cfg, cache_dir() / "wav"),
        tests=lambda cfg: {
            "test_piano": material.piano(sample_rate=cfg.sample_rate, seconds=cfg.piano_seconds),
            "test_voice": material.voice(sample_rate=cfg.sample_rate)},
        effect=lowpass, description=lowpass_description)


def conv_data(corpus: EffectCorpus, cfg: ConvSettings, *,
              sample_uses: int | None = None) -> tuple[np.ndarray, ...]:
    """04's training windows of ``cfg.window`` samples and validation windows of half that,
    channels last.

    Parameters
    ----------
    sample_uses : int, optional
        How many training windows hold each sample (default ``cfg.sample_uses``; 04's own
        trainings use ``cfg.plateau_sample_uses``).

    Returns
    -------
    tuple of np.ndarray
        ``x, y`` of shape ``(windows, cfg.window, channels)`` and ``val_x, val_y``.
    """
    hop = hop_for_uses(cfg.window, cfg.sample_uses if sample_uses is None else sample_uses)
    x, y = window_arrays(corpus.split("train"), window=cfg.window, hop=hop, channels_last=True)
    vx, vy = window_arrays(corpus.split("validation"), window=cfg.window // 2,
                           hop=cfg.window // 2, channels_last=True)
    return x, y, vx, vy
