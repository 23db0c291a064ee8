"""Settings of notebook ``08_capture`` at each scale, and the effects and models they name."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from dsp_paper.errors import ParameterError
from dsp_paper.study.settings import Settings, by_scale

__all__ = ["EFFECTS", "MODELS_2017", "MODELS_TODAY", "MODELS", "RECIPE_OF", "KNOB_RANGE_DB",
           "KNOB_UNSEEN_DB", "CaptureStudySettings", "STUDY", "SETTINGS"]

# The three effects (a key each for the claims' quantities) and the five models.
EFFECTS = {"pedal chain": "pedal", "hard clipper": "clipper", "compressor": "compressor"}
MODELS_2017 = {"dense (000)": "dense", "tied conv (000)": "conv",
               "many-to-one LSTM (002)": "thesis_lstm"}
MODELS_TODAY = {"wavenet (NAM-style)": "wavenet", "LSTM-32 + skip (2019)": "lstm"}
MODELS = {**MODELS_2017, **MODELS_TODAY}
RECIPE_OF = {"wavenet (NAM-style)": "wavenet", "LSTM-32 + skip (2019)": "lstm"}
"""Today's models -> their :data:`dsp_paper.capture.RECIPES` entry."""

# The knob: the pedal chain's drive (dB), mapped linearly onto [-1, 1] over KNOB_RANGE_DB. The
# drive the knob never sees is the main experiment's (so the models trained at it alone are
# the pedal chain's own), named by C8.4's rule.
KNOB_RANGE_DB = (12.0, 36.0)
KNOB_UNSEEN_DB = 24.0


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
    today_epochs : dict of str -> int
        Epochs of each of today's capture models (passes over the training part's segments),
        set so that both train for about the same time on a CPU (an epoch of the LSTM costs
        about twice the wavenet's).
    knob_seen_db : tuple of float
        The drives the knob model trains on (:data:`KNOB_UNSEEN_DB` is left out).
    knob_epochs : int
        Passes over all of them: a quarter of the default model's ``today_epochs`` (rounded
        up) over four drives is about the gradient steps of one single-drive model, the
        budget the knob is judged at (C8.4).
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
        Seconds of training after which a training of that name stops at the end of an
        epoch (:meth:`~dsp_paper.study.settings.Settings.time_limit`); set only at ``paper``,
        so that the notebook fits on one GPU.
    """

    section: ClassVar[str] = "08_capture"
    sample_rate: int
    dry_seconds: float | None
    effects: tuple
    seeded_effects: tuple
    today_epochs: dict
    knob_seen_db: tuple
    knob_epochs: int
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
        if set(self.today_epochs) != set(MODELS_TODAY):
            raise ParameterError(f"today_epochs needs an entry for each of "
                                 f"{list(MODELS_TODAY)}")
        if KNOB_UNSEEN_DB in self.knob_seen_db:
            raise ParameterError(f"the knob must not see {KNOB_UNSEEN_DB:g} dB, the drive it is "
                                 "judged at")


def _epochs(wavenet: int, lstm: int) -> dict[str, int]:
    return {"wavenet (NAM-style)": wavenet, "LSTM-32 + skip (2019)": lstm}


# At paper every model trains on all the guitar, once per seed on every effect, for its
# epochs, but stops at a cap on its training time (``time_limits``, seconds per run, by the
# short names of MODELS; ``knob``: the knob model), so that the 48 runs fit in about 7 minutes
# of one GPU (`python -m dsp_paper estimate --scale paper` tells how many epochs fit).
STUDY = by_scale(
    CaptureStudySettings,
    common=dict(sample_rate=44100, fir_taps=256, block=64, knob_seen_db=(12.0, 18.0, 30.0, 36.0),
                time_limits={}),
    smoke=dict(dry_seconds=8.0, effects=("pedal chain",), seeded_effects=("pedal chain",),
               today_epochs=_epochs(1, 1), knob_epochs=1, benchmark_seconds=0.5,
               timing_repeats=2,
               clip_seconds=1.0, reamp_minutes=1.0),
    quick=dict(dry_seconds=16.0, effects=tuple(EFFECTS), seeded_effects=("pedal chain",),
               today_epochs=_epochs(3, 2), knob_epochs=1, benchmark_seconds=3.0,
               timing_repeats=5,
               clip_seconds=2.0, reamp_minutes=3.0),
    paper=dict(dry_seconds=None, effects=tuple(EFFECTS), seeded_effects=tuple(EFFECTS),
               today_epochs=_epochs(100, 50), knob_epochs=25, benchmark_seconds=10.0,
               timing_repeats=5,
               clip_seconds=3.0, reamp_minutes=3.0,
               time_limits={"dense": 3.0, "conv": 5.0, "thesis_lstm": 8.0, "wavenet": 12.0,
                            "lstm": 12.0, "knob": 15.0}),
)
SETTINGS = {"08_capture": STUDY}
