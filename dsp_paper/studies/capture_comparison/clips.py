"""The clips notebook ``08_capture`` publishes: each effect's test part through the models,
and the pedal chain at a drive the knobs never saw."""
from __future__ import annotations

import numpy as np

from dsp_paper.capture import Take, time_split
from dsp_paper.studies.capture_comparison.data import EFFECT_SETTINGS, effect_description
from dsp_paper.studies.capture_comparison.experiment import KnobExperiment, ModelRun
from dsp_paper.studies.capture_comparison.settings import (KNOB_UNSEEN_DB, MODELS_2017,
                                                           MODELS_TODAY)

__all__ = ["effect_clips", "effect_target", "effect_listen_for", "knob_clips", "knob_target",
           "knob_listen_for"]


def effect_target(effect: str) -> str:
    """The title of the target among :func:`effect_clips`."""
    return f"through the {effect} (target)"


def effect_listen_for(effect: str) -> str:
    """What to listen for in one effect's players: the effect's own sound (from its settings),
    and what a model may lose or add."""
    s = EFFECT_SETTINGS[effect]
    if effect == "pedal chain":
        sound = (f"the drive's rounded distortion ({s['drive_db']:g} dB into tanh) and the "
                 f"tone control's duller top above {s['tone_hz']:g} Hz")
    elif effect == "hard clipper":
        sound = (f"the clipper's hard, buzzy edge ({s['gain_db']:g} dB into a "
                 f"{s['threshold_db']:g} dB threshold) under a tone control at "
                 f"{s['tone_hz']:g} Hz")
    elif effect == "compressor":
        sound = (f"the compressor's squeeze: each attack let through for about "
                 f"{s['attack_ms']:g} ms, then held {s['ratio']:g}:1 above "
                 f"{s['threshold_db']:g} dB and released over {s['release_ms']:g} ms")
    else:
        sound = f"the {effect}'s own sound"
    return (f"{sound}; against it, what each model loses (grit, attack, dynamics) or adds "
            "(fizz, hiss, pumping), the best 2017 model beside today's two")


def effect_clips(runs: dict[tuple[str, str, int], ModelRun], takes: dict[str, Take], effect: str, *,
                 seed: int, sample_rate: int
                 ) -> tuple[dict[str, np.ndarray], dict[str, str], dict[str, str]]:
    """The test part of one effect: dry, wet, today's two models and the best 2017 model
    (by test ESR) of one seed.

    Returns
    -------
    clips : dict of str -> np.ndarray
    what : dict of str -> str
    scores : dict of str -> str
        Each model's test ESR, over the whole test part (the clips play its first seconds).
    """
    take = takes[effect]
    start, stop = time_split(take.dry.size, sample_rate=sample_rate)["test"]
    best = min(MODELS_2017, key=lambda n: runs[effect, n, seed].scores["esr"])
    clips = {"dry guitar (test part)": take.dry[start:stop],
             effect_target(effect): take.wet[start:stop]}
    what = {effect_target(effect): effect_description(effect)}
    scores = {}
    for name in (*MODELS_TODAY, best):
        run = runs[effect, name, seed]
        clips[name] = run.output
        what[name] = ("the best 2017 model on this effect" if name == best else
                      "today's capture model") + f", seed {seed}"
        scores[name] = f"test ESR {run.scores['esr']:.3g}"
    return clips, what, scores


def knob_target() -> str:
    """The title of the target among :func:`knob_clips`."""
    return f"pedal chain at {KNOB_UNSEEN_DB:g} dB (target)"


def knob_listen_for() -> str:
    """What to listen for at the drive the knobs never saw."""
    return (f"whether a knob set to {KNOB_UNSEEN_DB:g} dB, a drive it never saw, distorts as "
            "hard as the pedal chain does there: too clean, too fizzy, or right, against the "
            "model trained at that drive alone")


def knob_clips(knob: KnobExperiment, *, seed: int) -> dict[str, np.ndarray]:
    """The pedal chain at the first unseen drive: the target, both knob models set to it,
    and the model trained at that drive alone.

    Returns
    -------
    dict of str -> np.ndarray
    """
    out, target = knob.outputs["input", KNOB_UNSEEN_DB, seed]
    film, _ = knob.outputs["film", KNOB_UNSEEN_DB, seed]
    return {knob_target(): target,
            f"knob model set to {KNOB_UNSEEN_DB:g} dB (never seen)": out,
            f"knob model with FiLM set to {KNOB_UNSEEN_DB:g} dB (never seen)": film,
            f"trained at {KNOB_UNSEEN_DB:g} dB alone": knob.dedicated[KNOB_UNSEEN_DB, seed]}
