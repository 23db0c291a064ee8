"""The material 07 builds itself: the voice, whole or cut to the scale's length (the rest
comes from 03-05's corpora)."""
from __future__ import annotations

import numpy as np

from dsp_paper import material
from dsp_paper.studies.mse_critique.settings import CritiqueSettings

__all__ = ["voice_audio"]


def voice_audio(cfg: CritiqueSettings, sample_rate: int) -> np.ndarray:
    """The voice at ``sample_rate``: whole, or its first ``cfg.voice_seconds``."""
    audio = material.voice(sample_rate=sample_rate).audio
    return audio if cfg.voice_seconds is None else audio[:int(cfg.voice_seconds * sample_rate)]
