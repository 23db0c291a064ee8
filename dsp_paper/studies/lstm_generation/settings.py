"""The settings of ``drums_003`` (003's drums) and ``06_lstm_generation`` per scale."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from dsp_paper.study.settings import Settings, by_scale
from dsp_paper.studies.lstm_generation.paper import DOCUMENT

__all__ = ["DrumsSettings", "DRUMS", "GenerationSettings", "GENERATION", "SETTINGS"]


# 003 GRUV-style generation: variations of a real 808 kick, and the amen break.
@dataclass(frozen=True, kw_only=True)
class DrumsSettings(Settings):
    """Settings of ``drums_003`` at one scale.

    Attributes
    ----------
    sample_rate : int
        Hz.
    frame_samples : int
        Samples per frame (N).
    amen_frames, kick_frames : int
        Frames of the amen break and of each zero-padded kick.
    pitch_range, decay_range, level_range : tuple of float
        Playback-rate factor (drawn log-uniform), decay time constant in seconds and peak
        level (uniform) of the kick variations.
    kick_count : int
        Kick variations.
    """

    section: ClassVar[str] = "drums_003"
    sample_rate: int
    frame_samples: int
    amen_frames: int
    kick_frames: int
    pitch_range: tuple
    decay_range: tuple
    level_range: tuple
    kick_count: int


DRUMS = by_scale(
    DrumsSettings,
    common=dict(sample_rate=44100, frame_samples=DOCUMENT.frame_samples,
                amen_frames=DOCUMENT.amen_frames, kick_frames=16,
                pitch_range=(0.8, 1.25), decay_range=(0.15, 1.0), level_range=(0.3, 1.0)),
    smoke=dict(kick_count=12),
    quick=dict(kick_count=DOCUMENT.kick_count),
    paper=dict(kick_count=DOCUMENT.kick_count),
)


# 003's GRUV-style generation: LSTM width N (= frame values) at paper, narrower below. At
# paper each training also stops at a cap on its training time (``time_limits``, seconds per
# run) if its target MSE has not stopped it first, so that the notebook fits in minutes on one
# GPU (`python -m dsp_paper estimate --scale paper` tells how many epochs fit).
@dataclass(frozen=True, kw_only=True)
class GenerationSettings(Settings):
    """Settings of ``06_lstm_generation`` at one scale.

    Attributes
    ----------
    layers, hidden : int
        Stacked LSTM layers and their width (and the dense input layer's).
    learning_rate, amen_learning_rate : float
        Adam's step for the vowel and kicks, and for the amen break.
    kick_batch : int
        Kicks per batch (the vowel and the break train with batches of one).
    kick_target_mse, amen_target_mse : float
        Training stops once its MSE is at or below these.
    vowel_epochs, kick_max_epochs, amen_max_epochs : int
        Epochs (the vowel), at most (kicks, break).
    kick_extra_frames : int
        Frames each generated kick runs past the padded original.
    kicks_shown : int
        Kicks generated, measured, drawn and played.
    onset_tolerance : float
        Seconds within which onsets match.
    vowel_frames, amen_generate_frames : int
        Frames generated.
    time_limits : dict of str -> float
        Seconds of training after which a training of that name stops at the end of an
        epoch (:meth:`~dsp_paper.study.settings.Settings.time_limit`); set only at ``paper``, so that
        the notebook fits on one GPU.
    """

    section: ClassVar[str] = "06_lstm_generation"
    layers: int
    learning_rate: float
    amen_learning_rate: float
    seed: int
    kick_batch: int
    kick_target_mse: float
    amen_target_mse: float
    kick_extra_frames: int
    kicks_shown: int
    onset_tolerance: float
    hidden: int
    vowel_epochs: int
    kick_max_epochs: int
    amen_max_epochs: int
    vowel_frames: int
    amen_generate_frames: int
    time_limits: dict


GENERATION = by_scale(
    GenerationSettings,
    common=dict(layers=2, learning_rate=0.001, amen_learning_rate=0.003, seed=0, kick_batch=32,
                kick_target_mse=DOCUMENT.kick_target_mse,
                amen_target_mse=DOCUMENT.amen_target_mse, kick_extra_frames=16,
                kicks_shown=DOCUMENT.kick_sounds, onset_tolerance=0.05,
                time_limits={}),
    smoke=dict(hidden=32, vowel_epochs=2, kick_max_epochs=2, amen_max_epochs=3, vowel_frames=20,
               amen_generate_frames=70),
    quick=dict(hidden=256, vowel_epochs=100, kick_max_epochs=40, amen_max_epochs=400,
               vowel_frames=60, amen_generate_frames=120),
    paper=dict(hidden=DOCUMENT.frame_samples, vowel_epochs=500, kick_max_epochs=500,
               amen_max_epochs=2000, vowel_frames=60, amen_generate_frames=120,
               time_limits={"vowel_fft": 30.0, "kicks_fft": 40.0, "amen_fft": 40.0,
                            "amen_raw": 40.0}),
)

SETTINGS = {"drums_003": DRUMS, "06_lstm_generation": GENERATION}
