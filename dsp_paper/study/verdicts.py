"""Verdicts: one sub-claim judged on a run's results record, with the one inconclusive policy.

One sub-claim, one rule, one verdict, judged by one notebook. Rules are written in
:mod:`dsp_paper.study.rules`; the inconclusive policy is the same for every claim (see
:func:`judge`). The sub-claims themselves live with their studies
(``dsp_paper.studies.<notebook>.claims``) and are gathered in :mod:`dsp_paper.studies.registry`.

Examples
--------
>>> from dsp_paper.studies.registry import REGISTRY
>>> REGISTRY["C0.4"].rule.text()
'no_hidden_test_esr > 2 × baseline_test_esr and no_hidden_flatness < 0.5 × white_noise_flatness'
>>> record = {"seeds": [0, 1, 2, 3, 4], "no_hidden_test_esr": [0.3, 0.4, 0.35, 0.3, 0.5],
...           "baseline_test_esr": [0.01, 0.02, 0.015, 0.01, 0.02],
...           "no_hidden_flatness": [0.01, 0.02, 0.01, 0.03, 0.01], "white_noise_flatness": 0.56}
>>> judge(REGISTRY["C0.4"], record, scale="quick").reason  # no training recorded
'not trained to a plateau at this scale (no training matching 04_conv_tied_plateau_*, \
04_conv_tied_nohidden_plateau_* was recorded); the rule holds here'
>>> plateau = {"runs": 5, "epochs": [40] * 5, "steps": [400] * 5, "seconds": [2.0] * 5,
...            "stopped_by": ["plateau"] * 5}
>>> record["_trainings"] = {"04_conv_tied_plateau_quick": plateau,
...                         "04_conv_tied_nohidden_plateau_quick": plateau}
>>> judge(REGISTRY["C0.4"], record, scale="quick").verdict
'supported'
"""
from __future__ import annotations

import dataclasses
import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from dsp_paper.perceptual import perceptual_measure
from dsp_paper.study.calibration import calibrated_for
from dsp_paper.study.rules import RuleChange, SubClaim, per_seed, spread, values_of
from dsp_paper.study.settings import resolve_scale

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["VERDICTS", "SUPPORTED", "NOT_SUPPORTED", "INCONCLUSIVE", "Verdict", "judge",
           "judge_all", "verdicts_frame", "ClaimRegistry"]

SUPPORTED, NOT_SUPPORTED, INCONCLUSIVE = "supported", "not supported", "inconclusive at this scale"
VERDICTS = (SUPPORTED, NOT_SUPPORTED, INCONCLUSIVE)


@dataclass(frozen=True)
class ClaimRegistry:
    """Every sub-claim by id, the documents' claims they split, and every rule change: what
    the report needs of the studies.

    Attributes
    ----------
    claims : mapping of str -> SubClaim
        In report order.
    document_claims : mapping of str -> str
        Claim id (``C0.1``) -> its one-line summary.
    rule_changes : sequence of RuleChange
    machine_sensitive : mapping of str -> str
        Sub-claim id -> how its verdict was seen to move between two machines.
    """

    claims: Mapping[str, SubClaim]
    document_claims: Mapping[str, str]
    rule_changes: tuple[RuleChange, ...]
    machine_sensitive: Mapping[str, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    """A sub-claim judged on one run's results record."""

    id: str
    claim: str
    rule: str
    decides_at: tuple
    scale: str
    seeds: tuple
    verdict: str
    reason: str
    evidence: str
    effect: str = ""
    trainings: str = ""

    def row(self) -> dict[str, str]:
        return {"id": self.id, "claim": self.claim, "rule": self.rule,
                "decides at": ", ".join(self.decides_at), "scale": self.scale,
                "seeds": ", ".join(map(str, self.seeds)) or "—", "evidence": self.evidence,
                "effect": self.effect or "—", "trainings": self.trainings or "—",
                "verdict": self.verdict, "why this verdict": self.reason}


def _format(x: float) -> str:
    if np.isinf(x):
        return "never" if x > 0 else "-inf"
    return f"{x:.3g}"


def _describe(record: Mapping, key: str) -> str:
    values = values_of(record, key)
    if values.size == 1:
        return f"{key} = {_format(values[0])}"
    mean, low, high = spread(values)
    if np.isnan(mean):
        return f"{key} = undefined"
    if np.isinf(values).any():
        shown = ", ".join(_format(v) for v in values)
        return f"{key} = {shown} (by seed)"
    return f"{key} = {_format(mean)} [{_format(low)}–{_format(high)}] ({values.size})"


# How a training stopped, and whether that counts as trained to what the model can do: on a
# plateau of its validation loss, or at the document's own target loss. Not a "jump"
# (patience ended it after the validation loss jumped far above its best and stayed there:
# dsp_paper.nn.training.patience_stop), nor the epoch cap or a time budget.
PLATEAU_STOPS = ("plateau", "target")


def _span(values: list) -> str:
    values = [v for v in values if v is not None]
    if not values:
        return "?"
    low, high = min(values), max(values)
    same = f"{low:.3g}" if isinstance(low, float) else f"{low}"
    return same if low == high else (f"{low:.3g}-{high:.3g}" if isinstance(low, float)
                                     else f"{low}-{high}")


def _trainings(claim: SubClaim, record: Mapping) -> tuple[str, list[str], list[str]]:
    """``(text, not plateaued or not run for every seed, patterns with no training)`` for the
    trainings ``claim`` rests on, read from the record's ``_trainings``
    (:func:`dsp_paper.nn.training.training_summary`)."""
    recorded = record.get("_trainings") or {}
    seeds = len(record.get("seeds", ()))
    parts, short, missing = [], [], []
    for pattern in claim.trained:
        names = [n for n in recorded if fnmatch.fnmatchcase(n, pattern)]
        if not names:
            missing.append(pattern)
        for name in names:
            t = recorded[name]
            stops = t["stopped_by"]
            counts = ", ".join(f"{stops.count(s)} {s}" for s in dict.fromkeys(stops))
            parts.append(f"{name}: {t['runs']} runs, {_span(t['epochs'])} epochs, "
                         f"{_span(t['steps'])} steps, {_span(t['seconds'])} s; stopped by "
                         f"{counts}")
            if "jump" in stops:
                short.append(f"{name} stopped after its validation loss jumped")
            elif any(s not in PLATEAU_STOPS for s in stops):
                short.append(f"{name} stopped before a plateau")
            elif t["runs"] < seeds:
                short.append(f"{name} ran for {t['runs']} of {seeds} seeds")
    return "; ".join(parts), short, missing


def _outcome_word(outcome: bool | None) -> str:
    return {True: "holds", False: "fails", None: "undecided"}[outcome]


def judge(claim: SubClaim, record: Mapping, *, scale: str) -> Verdict:
    """Judge one sub-claim on a results record, with the one inconclusive policy.

    Parameters
    ----------
    claim : SubClaim
    record : mapping
        Quantity name -> one number per seed (or timing repeat), or one number; the special
        entry ``"seeds"`` lists the seeds the run used.
    scale : {"smoke", "quick", "paper"}

    Returns
    -------
    Verdict
        *supported* or *not supported* when the rule holds or fails in enough paired seeds
        (:mod:`dsp_paper.study.rules`) at a scale that can decide; otherwise *inconclusive at
        this scale*, with the reason: the scale is below the one that decides; the registry
        withholds the measure; a capability claim's trainings (the record's ``_trainings``,
        :func:`dsp_paper.nn.training.training_summary`) did not all stop on a plateau; the
        seeds are too few; or they do not agree often enough.
    """
    scale = resolve_scale(scale)
    outcome = claim.rule.evaluate(record)
    seeded = per_seed(claim.rule, record)
    lines = [_describe(record, k) for k in claim.rule.keys()]
    for c in claim.rule.comparisons():
        if c.label:
            lines.append(f"{c.label}: {_outcome_word(c.evaluate(record))}")
    if seeded is not None and len(seeded) > 1:
        lines.append("rule by seed: " + ", ".join(_outcome_word(o) for o in seeded))
    seeds = tuple(record.get("seeds", ()))
    effects = [e for e in (c.effect(record) for c in claim.rule.comparisons()) if e]
    trained, short, missing = _trainings(claim, record)
    if missing and not claim.capability:  # said, though only a capability claim needs them
        trained = "; ".join(filter(None, [trained, "no training matching "
                                          + ", ".join(missing) + " was recorded"]))
    n = max((values_of(record, k).size for k in claim.rule.keys()), default=1)
    calibrated, uncalibrated = (calibrated_for(record, claim.perceptual_families)
                                if claim.perceptual_families else (True, ""))
    if calibrated and claim.perceptual_families:
        lines.append("judged by " + perceptual_measure(record["_perceptual"]["measure"]).label
                     + ", which passes every family of the calibration the claim involves")
    if scale not in claim.decides_at:
        verdict = INCONCLUSIVE
        reason = (f"the {scale} scale cannot decide this rule (it decides at "
                  f"{', '.join(claim.decides_at)}); the rule {_outcome_word(outcome)} here")
    elif claim.withheld:
        verdict = INCONCLUSIVE
        reason = (f"the measure cannot tell the difference here: {claim.withheld}; the rule "
                  f"{_outcome_word(outcome)} here")
    elif claim.perceptual_families and not calibrated:
        verdict = INCONCLUSIVE
        reason = f"no calibrated measure: {uncalibrated}; the rule {_outcome_word(outcome)} here"
    elif claim.capability and (short or missing):
        verdict = INCONCLUSIVE
        what = (", ".join(short) if short else
                f"no training matching {', '.join(missing)} was recorded")
        reason = (f"not trained to a plateau at this scale ({what}); the rule "
                  f"{_outcome_word(outcome)} here")
    elif n == 1 and len(seeds) > 1:
        verdict = INCONCLUSIVE
        reason = (f"every quantity has one value where the run has {len(seeds)} seeds: one "
                  f"seed is too few for the paired sign test; the rule "
                  f"{_outcome_word(outcome)} here")
    elif outcome is None and 1 < n < 5:
        verdict = INCONCLUSIVE
        reason = f"{n} seeds are too few for the paired sign test (it needs 5)"
    elif outcome is None:
        verdict = INCONCLUSIVE
        reason = ("the seeds (or timing repeats) do not agree often enough to rule out chance "
                  "(sign test, one-sided 5 %)")
    else:
        verdict = SUPPORTED if outcome else NOT_SUPPORTED
        word = _outcome_word(outcome)
        if seeded is not None and len(seeded) > 1:
            reason = (f"the rule {word} in enough paired seeds to rule out chance (sign test, "
                      "one-sided 5 %)")
        elif n > 1:
            reason = (f"the rule {word}, decided part by part (timing repeats sign-tested on "
                      "their own or beside seeds, or a part with no seed that settles it: see "
                      "the effect and the evidence)")
        else:
            reason = f"the rule {word} (no seed: an exact comparison)"
    return Verdict(claim.id, claim.claim, claim.rule_text(), claim.decides_at, scale, seeds,
                   verdict, reason, "; ".join(lines), "; ".join(effects), trained)


def judge_all(claims: Iterable[SubClaim], record: Mapping, *, scale: str) -> pd.DataFrame:
    """Judge every sub-claim of ``claims`` (a notebook's) on one results record.

    Returns
    -------
    pandas.DataFrame
        One row per sub-claim (:meth:`Verdict.row`), indexed by id.
    """
    return verdicts_frame([judge(c, record, scale=scale) for c in claims])


def verdicts_frame(verdicts: Iterable[Verdict]) -> pd.DataFrame:
    """Verdicts as a DataFrame indexed by sub-claim id."""
    import pandas as pd  # heavy: pandas

    return pd.DataFrame([v.row() for v in verdicts]).set_index("id")
