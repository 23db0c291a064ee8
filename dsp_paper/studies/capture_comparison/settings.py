"""Settings of notebook ``08_capture`` at each scale, and the effects and models they name."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from dsp_paper.errors import ParameterError
from dsp_paper.study.settings import Settings, by_scale

__all__ = ["EFFECTS", "MODELS_2017", "MODELS_TODAY", "MODELS", "RECIPE_OF", "KNOB_RANGE_DB",
           "KNOB_UNSEEN_DB", "KNOB_SECOND_UNSEEN_DB", "KNOBS_UNSEEN_DB", "CaptureStudySettings",
           "STUDY", "SETTINGS"]

# The three effects (a key each for the claims' quantities) and the five models.
EFFECTS = {"pedal chain": "pedal", "hard clipper": "clipper", "compressor": "compressor"}
MODELS_2017 = {"dense (000)": "dense", "tied conv (000)": "conv",
               "many-to-one LSTM (002)": "thesis_lstm"}
MODELS_TODAY = {"wavenet (NAM-style)": "wavenet", "LSTM-32 + skip (2019)": "lstm"}
MODELS = {**MODELS_2017, **MODELS_TODAY}
RECIPE_OF = {"wavenet (NAM-style)": "wavenet", "LSTM-32 + skip (2019)": "lstm"}
"""Today's models -> their :data:`dsp_paper.capture.RECIPES` entry."""

# The knob: the pedal chain's drive (dB), mapped linearly onto [-1, 1] over KNOB_RANGE_DB. The
# first drive the knob never sees is the main experiment's (so the models trained at it alone
# are the pedal chain's own).
KNOB_RANGE_DB = (12.0, 36.0)
KNOB_UNSEEN_DB = 24.0
# A second drive the knob never sees, between two it trains on, with a model trained at it
# alone as well: a knob is judged at more than one setting.
KNOB_SECOND_UNSEEN_DB = 33.0
KNOBS_UNSEEN_DB = (KNOB_UNSEEN_DB, KNOB_SECOND_UNSEEN_DB)


@dataclass(frozen=True, kw_only=True)
class CaptureStudySettings(Settings):
    """Settings of notebook ``08_capture`` at one scale.

    Attributes
    ----------
    sample_rate : int
    dry_seconds : float or None
        The last this many seconds of the guitar DI (:func:`dsp_paper.capture.example_dry`),
        so that the test part stays in its last take; None keeps all of it (about 24 s).
    effects : tuple of str
        Keys of :data:`EFFECTS`.
    seeded_effects : tuple of str
        The effects every model is trained on once per seed; the others once, with the first
        seed (shown, but no verdict rests on one seed).
    step_cap : int
        The training budget every model gets, the same for all (C8.1, C8.2): at most this
        many optimiser steps, in whole epochs of the model's own data (the nearest count);
        the knob model gets this many per drive it trains on (C8.4).
    patience_steps : int
        Early stopping, the same for every model: training ends once the validation loss has
        not improved for this many optimiser steps (the nearest whole epochs, at least one),
        and the weights of the best epoch are kept. A run that stops so has plateaued; one
        that reaches ``step_cap`` first has not.
    knob_seen_db : tuple of float
        The drives the knob model trains on (:data:`KNOB_UNSEEN_DB` is left out).
    fir_taps : int
        The least-squares FIR floor's length.
    block : int
        Samples per block of the streaming benchmark.
    benchmark_seconds : float
        Audio timed per pass of the streaming benchmark.
    timing_repeats : int
        Passes of every speed measurement.
    clip_seconds : float
        Length of each published clip.
    reamp_minutes : float
        Length of the reamp signal the capture's reamp checks run on (3, the signal's
        default, from quick on).
    time_limits : dict of str -> float
        Seconds of training after which a training of that name stops
        (:meth:`~dsp_paper.study.settings.Settings.time_limit`); set only at ``paper``, so
        that the notebook fits on one GPU: the same for every model, four times that for the
        knob model (one per drive); a run that stops on it has not plateaued.
    """

    section: ClassVar[str] = "08_capture"
    sample_rate: int
    dry_seconds: float | None
    effects: tuple
    seeded_effects: tuple
    step_cap: int
    patience_steps: int
    knob_seen_db: tuple
    fir_taps: int
    block: int
    benchmark_seconds: float
    timing_repeats: int
    clip_seconds: float
    time_limits: dict
    reamp_minutes: float

    def __post_init__(self) -> None:
        super().__post_init__()
        unknown = set(self.effects) - set(EFFECTS)
        if unknown or not set(self.seeded_effects) <= set(self.effects):
            raise ParameterError(f"effects must be among {list(EFFECTS)} and seeded_effects "
                                 f"among them, got {self.effects} and {self.seeded_effects}")
        for name in ("step_cap", "patience_steps"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ParameterError(f"{name} must be a positive number of optimiser steps, "
                                     f"got {value!r}")
        if set(KNOBS_UNSEEN_DB) & set(self.knob_seen_db):
            raise ParameterError(f"the knob must not see {KNOBS_UNSEEN_DB} dB, the drives it is "
                                 "judged at")


# One budget for every model, counted in optimiser steps: at quick about three epochs of today's
# models on 12 s of guitar (33 steps each), which with five seeds and the knob (four times the
# steps of one model) is what 9 minutes of a 2-core CPU hold; too few for any model to plateau
# (each still improves after hundreds of steps), so the record says none did. At paper every
# model trains on all the guitar, once per seed on every effect, until it plateaus or reaches
# the cap, whichever comes first, or stops at a cap on its training time, the same for every
# model (``time_limits``, seconds per run, by the short names of MODELS; ``knob``: the knob
# model, four times that), so that the runs fit on one GPU (`python -m dsp_paper estimate
# --scale paper` tells how many epochs fit).
_PAPER_SECONDS = 10.0
STUDY = by_scale(
    CaptureStudySettings,
    common=dict(sample_rate=44100, fir_taps=256, block=64, knob_seen_db=(12.0, 18.0, 30.0, 36.0),
                time_limits={}),
    smoke=dict(dry_seconds=8.0, effects=("pedal chain",), seeded_effects=("pedal chain",),
               step_cap=1, patience_steps=1, benchmark_seconds=0.5,
               timing_repeats=2,
               clip_seconds=1.0, reamp_minutes=1.0),
    quick=dict(dry_seconds=16.0, effects=("pedal chain",), seeded_effects=("pedal chain",),
               step_cap=99, patience_steps=66, benchmark_seconds=3.0,
               timing_repeats=5,
               clip_seconds=2.0, reamp_minutes=3.0),
    paper=dict(dry_seconds=None, effects=tuple(EFFECTS), seeded_effects=tuple(EFFECTS),
               step_cap=20000, patience_steps=1000, benchmark_seconds=10.0,
               timing_repeats=5,
               clip_seconds=3.0, reamp_minutes=3.0,
               time_limits={**{m: _PAPER_SECONDS for m in MODELS.values()},
                            "knob": 4 * _PAPER_SECONDS}),
)
SETTINGS = {"08_capture": STUDY}
