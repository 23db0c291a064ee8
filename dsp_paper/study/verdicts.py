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
>>> record = {"seeds": [0, 1, 2], "no_hidden_test_esr": [0.3, 0.4, 0.35],
...           "baseline_test_esr": [0.01, 0.02, 0.015], "no_hidden_flatness": [0.01, 0.02, 0.01],
...           "white_noise_flatness": 0.56}
>>> judge(REGISTRY["C0.4"], record, scale="quick").verdict
'supported'
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

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
    """

    claims: Mapping[str, SubClaim]
    document_claims: Mapping[str, str]
    rule_changes: tuple[RuleChange, ...]


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

    def row(self) -> dict[str, str]:
        return {"id": self.id, "claim": self.claim, "rule": self.rule,
                "decides at": ", ".join(self.decides_at), "scale": self.scale,
                "seeds": ", ".join(map(str, self.seeds)) or "—", "evidence": self.evidence,
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
        *supported* or *not supported* when the rule holds or fails beyond the seeds'
        spread at a scale that can decide; otherwise *inconclusive at this scale*, with the
        reason: the scale is below the one that decides; the rule's outcome differs between
        seeds; or a margin lies inside the seed-to-seed spread.
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
    if scale not in claim.decides_at:
        verdict = INCONCLUSIVE
        reason = (f"the {scale} scale cannot decide this rule (it decides at "
                  f"{', '.join(claim.decides_at)}); the rule {_outcome_word(outcome)} here")
    elif seeded is not None and len({o for o in seeded}) > 1 and outcome is None:
        verdict, reason = INCONCLUSIVE, "the rule's outcome differs between seeds"
    elif outcome is None:
        verdict, reason = INCONCLUSIVE, "a margin lies inside the seed-to-seed spread"
    else:
        verdict = SUPPORTED if outcome else NOT_SUPPORTED
        reason = f"the rule {_outcome_word(outcome)} for every seed, beyond their spread"
    return Verdict(claim.id, claim.claim, claim.rule_text(), claim.decides_at, scale, seeds,
                   verdict, reason, "; ".join(lines))


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
