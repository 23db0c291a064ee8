"""The material of notebook ``08_capture``: the guitar DI through three nonlinear effects, split
by time as :func:`dsp_paper.capture.capture` splits a recording, and the pedal chain at every
drive of the knob study."""
from __future__ import annotations

import numpy as np

from dsp_paper import effects
from dsp_paper.capture import Take, example_dry, time_split
from dsp_paper.capture.manifest import control_inputs
from dsp_paper.datasets import EffectCorpus
from dsp_paper.errors import ParameterError
from dsp_paper.studies.capture_comparison.settings import (EFFECTS, KNOB_RANGE_DB,
                                                           KNOB_UNSEEN_DB, KNOBS_UNSEEN_DB,
                                                           CaptureStudySettings)
from dsp_paper.windowing import Pair

__all__ = ["EFFECT_SETTINGS", "effect_wet", "effect_description", "drive_control",
           "study_material", "split_corpus", "span_of_test", "knob_takes"]

# Each effect's settings, at the package's defaults (the pedal chain's drive is the knob's).
EFFECT_SETTINGS = {
    "pedal chain": dict(drive_db=KNOB_UNSEEN_DB, tone_hz=2500.0, level_db=-12.0),
    "hard clipper": dict(gain_db=24.0, threshold_db=-6.0, tone_hz=3500.0, level_db=-6.0),
    "compressor": dict(threshold_db=-30.0, ratio=6.0, attack_ms=2.0, release_ms=100.0,
                       makeup_db=6.0),
}
_EFFECT_FUNCTIONS = {"pedal chain": "pedal_chain", "hard clipper": "hard_clipper",
                     "compressor": "compressor"}


def effect_wet(effect: str, dry: np.ndarray, *, sample_rate: int,
               drive_db: float | None = None) -> np.ndarray:
    """``dry`` through one of :data:`~dsp_paper.studies.capture_comparison.settings.EFFECTS`
    with its :data:`EFFECT_SETTINGS` (the pedal chain at ``drive_db`` when given).

    Returns
    -------
    np.ndarray, the shape of ``dry``, float32
    """
    if effect not in EFFECTS:
        raise ParameterError(f"unknown effect {effect!r}: choose one of {list(EFFECTS)}")
    settings = dict(EFFECT_SETTINGS[effect])
    if drive_db is not None:
        if effect != "pedal chain":
            raise ParameterError("only the pedal chain has a drive knob here")
        settings["drive_db"] = float(drive_db)
    return getattr(effects, _EFFECT_FUNCTIONS[effect])(dry, sample_rate=sample_rate, **settings)


def effect_description(effect: str) -> str:
    """One line naming the effect and its settings, e.g. ``"pedal_chain: drive_db 24, ..."``."""
    settings = ", ".join(f"{k} {v:g}" for k, v in EFFECT_SETTINGS[effect].items())
    return f"{_EFFECT_FUNCTIONS[effect]} ({settings})"


def drive_control(drive_db: float) -> float:
    """The knob's input for a drive in dB:
    :data:`~dsp_paper.studies.capture_comparison.settings.KNOB_RANGE_DB` mapped onto [-1, 1]."""
    low, high = KNOB_RANGE_DB
    return float(control_inputs([drive_db], [dict(min=low, max=high)])[0])


def study_material(cfg: CaptureStudySettings) -> tuple[np.ndarray, dict[str, Take]]:
    """The guitar DI and one aligned take per effect.

    Returns
    -------
    dry : np.ndarray
    takes : dict of str -> dsp_paper.capture.Take
        Effect -> the DI and its output (no control input).
    """
    dry = example_dry(sample_rate=cfg.sample_rate)
    if cfg.dry_seconds is not None:
        dry = dry[-int(cfg.dry_seconds * cfg.sample_rate):]
    return dry, {e: Take(dry, effect_wet(e, dry, sample_rate=cfg.sample_rate))
                 for e in cfg.effects}


def split_corpus(take: Take, *, sample_rate: int, effect: str) -> EffectCorpus:
    """A take as a corpus of three one-piece splits (train, validation, test) by
    :func:`dsp_paper.capture.time_split`, the form 03-05's training functions read."""
    spans = time_split(take.dry.size, sample_rate=sample_rate)
    splits = {name: [Pair(take.dry[slice(*span)], take.wet[slice(*span)])]
              for name, span in spans.items()}
    return EffectCorpus(f"08_{EFFECTS[effect]}", sample_rate, effect, splits)


def span_of_test(take: Take, sample_rate: int) -> tuple[int, int]:
    """The test part of a take: ``(start, stop)`` in samples
    (:func:`dsp_paper.capture.time_split`)."""
    return time_split(take.dry.size, sample_rate=sample_rate)["test"]


def knob_takes(dry: np.ndarray, cfg: CaptureStudySettings) -> dict[float, Take]:
    """The pedal chain at every drive of the knob study, the drive as a control: the drives
    ``cfg.knob_seen_db`` it trains on and
    :data:`~dsp_paper.studies.capture_comparison.settings.KNOBS_UNSEEN_DB`.

    Returns
    -------
    dict of float -> dsp_paper.capture.Take
    """
    return {d: Take(dry, effect_wet("pedal chain", dry, sample_rate=cfg.sample_rate,
                                    drive_db=d), (drive_control(d),))
            for d in (*cfg.knob_seen_db, *KNOBS_UNSEEN_DB)}
