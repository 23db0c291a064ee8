"""The clips notebook ``08_capture`` publishes: each effect's test part through the models,
and the pedal chain at a drive the knobs never saw."""
from __future__ import annotations

import numpy as np

from dsp_paper.capture import Take, time_split
from dsp_paper.studies.capture_comparison.data import effect_description
from dsp_paper.studies.capture_comparison.experiment import KnobExperiment, ModelRun
from dsp_paper.studies.capture_comparison.settings import (KNOB_UNSEEN_DB, MODELS_2017,
                                                           MODELS_TODAY)

__all__ = ["effect_clips", "knob_clips"]

def effect_clips(runs: dict[tuple[str, str, int], ModelRun], takes: dict[str, Take], effect: str, *,
                 seed: int, sample_rate: int) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    """The test part of one effect: dry, wet, today's two models and the best 2017 model
    (by test ESR) of one seed.

    Returns
    -------
    clips : dict of str -> np.ndarray
    what : dict of str -> str
    """
    take = takes[effect]
    start, stop = time_split(take.dry.size, sample_rate=sample_rate)["test"]
    best = min(MODELS_2017, key=lambda n: runs[effect, n, seed].scores["esr"])
    clips = {"dry guitar (test part)": take.dry[start:stop],
             f"through the {effect} (target)": take.wet[start:stop]}
    what = {f"through the {effect} (target)": effect_description(effect)}
    for name in (*MODELS_TODAY, best):
        run = runs[effect, name, seed]
        label = f"{name}, ESR {run.scores['esr']:.3g}"
        clips[label] = run.output
        what[label] = ("the best 2017 model on this effect" if name == best else
                       "today's capture model") + f", seed {seed}"
    return clips, what


def knob_clips(knob: KnobExperiment, *, seed: int) -> dict[str, np.ndarray]:
    """The pedal chain at the first unseen drive: the target, both knob models set to it,
    and the model trained at that drive alone.

    Returns
    -------
    dict of str -> np.ndarray
    """
    out, target = knob.outputs["input", KNOB_UNSEEN_DB, seed]
    film, _ = knob.outputs["film", KNOB_UNSEEN_DB, seed]
    return {f"pedal chain at {KNOB_UNSEEN_DB:g} dB (target)": target,
            f"knob model set to {KNOB_UNSEEN_DB:g} dB (never seen)": out,
            f"knob model with FiLM set to {KNOB_UNSEEN_DB:g} dB (never seen)": film,
            f"trained at {KNOB_UNSEEN_DB:g} dB alone": knob.dedicated[KNOB_UNSEEN_DB, seed]}
