"""Document 001, "Deep Signal Processing" (the earlier draft of 000): stereo kept.

001 trained on sine and triangle sweeps and kept stereo because *"some effects might have
stereo-dependent elements"*; shown in notebook ``04_conv_tied``. No claim of its own goes
through the registry (000 restates 001's claims and is judged there).
"""
from __future__ import annotations


from dataclasses import dataclass
from typing import ClassVar


from . import material


from .paths import cache_dir

from .scales import Settings, by_scale, scale_config

from .datasets import effect_corpus

from .doc000_lowpass import _lowpass, _lowpass_description, _sweep_sources

__all__ = []

# ------------------------------------------------------------------ settings

# 001 "Deep Signal Processing": sine and triangle sweeps, stereo kept, piano and voice tests.
@dataclass(frozen=True, kw_only=True)
class StereoCorpusSettings(Settings):
    """Settings of ``stereo_001`` at one scale."""

    section: ClassVar[str] = "stereo_001"
    sample_rate: int
    shapes: tuple
    f_start: float
    f_end: float
    cutoff_hz: float
    order: int
    layout: str
    sample_uses: int
    validation_fraction: float
    level: float
    sweep_seconds: float
    piano_seconds: float | None
    validation_block_seconds: float

STEREO_CORPUS = by_scale(
    StereoCorpusSettings,
    common=dict(sample_rate=44100, shapes=('sine', 'triangle'), f_start=50.0, f_end=5000.0,
                cutoff_hz=1000.0, order=2, layout='stereo', sample_uses=10,
                validation_fraction=0.1, level=0.5),
    smoke=dict(sweep_seconds=0.5, piano_seconds=2.0, validation_block_seconds=0.05),
    quick=dict(sweep_seconds=5.0, piano_seconds=12.0, validation_block_seconds=0.25),
    paper=dict(sweep_seconds=30.0, piano_seconds=None, validation_block_seconds=0.25),
)

SETTINGS = {"stereo_001": STEREO_CORPUS}


# ------------------------------------------------------------------ code

# ---- from datasets
def stereo_corpus(scale=None, **changes):
    """001's corpus: sine and triangle sweeps through the lowpass, stereo kept.

    Returns
    -------
    EffectCorpus
        Splits ``train``, ``validation``, ``test_piano``, ``test_voice``.
    """
    return effect_corpus(
        scale_config("stereo_001", scale, **changes),
        sources=lambda cfg: _sweep_sources(cfg, cache_dir() / "wav"),
        tests=lambda cfg: {
            "test_piano": material.piano(sample_rate=cfg.sample_rate, seconds=cfg.piano_seconds),
            "test_voice": material.voice(sample_rate=cfg.sample_rate)},
        effect=_lowpass, description=_lowpass_description)


