"""05's audio for players: the validation parts dry and high-passed, the voice through every
model, and the voice at a cut-off the knob model never saw."""
from __future__ import annotations

import numpy as np

from dsp_paper.studies.recurrent_eq.data import VOICE
from dsp_paper.studies.recurrent_eq.settings import KNOB_PLAYED_CUTOFF
from dsp_paper.windowing import Pair

__all__ = ["dry_and_wet", "voice_clips", "VOICE_TARGET", "VOICE_DRY", "knob_target",
           "knob_clips"]

#: The titles of the voice's target and input among :func:`voice_clips`: the models' outputs
#: are scored against the one, the other is not scored.
VOICE_TARGET, VOICE_DRY = "voice, high-passed (target)", "voice, dry (input)"


def dry_and_wet(parts: dict[str, Pair]) -> dict[str, np.ndarray]:
    """``{"<part>, dry": input, "<part>, high-passed": target}`` for players."""
    return {f"{part}, {kind}": audio for part, p in parts.items()
            for kind, audio in (("dry", p.input), ("high-passed", p.target))}


def voice_clips(outputs: dict[int, dict[str, np.ndarray]], parts: dict[str, Pair],
                starts: dict[str, int], *, seed: int) -> dict[str, np.ndarray]:
    """The clips 05 publishes: the voice dry, through the high-pass (the target) and through
    every model of ``seed`` (the first seed has them all).

    Returns
    -------
    dict of str -> np.ndarray
        Title -> mono audio.
    """
    voice = parts[VOICE]
    piece = slice(starts[VOICE], starts[VOICE] + voice.n_samples)
    return {VOICE_DRY: voice.input, VOICE_TARGET: voice.target,
            **{f"voice through the {n}": out[piece] for n, out in outputs[seed].items()}}


def knob_target(cutoff_hz: float = KNOB_PLAYED_CUTOFF) -> str:
    """The title of the target among :func:`knob_clips` (what the knob model is scored
    against)."""
    return f"voice, high-passed at {cutoff_hz:g} Hz (target)"


def knob_clips(knob_outputs: dict[tuple[float, int], tuple[np.ndarray, np.ndarray]], *,
               seed: int, cutoff_hz: float = KNOB_PLAYED_CUTOFF) -> dict[str, np.ndarray]:
    """The voice through the high-pass at an unseen cut-off and through the knob model set
    to it (``knob_outputs`` of :func:`~dsp_paper.studies.recurrent_eq.knob_evaluations`).

    Returns
    -------
    dict of str -> np.ndarray
    """
    out, target = knob_outputs[float(cutoff_hz), seed]
    return {knob_target(cutoff_hz): target,
            f"voice through the knob model set to {cutoff_hz:g} Hz (never seen)": out}
