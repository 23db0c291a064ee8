"""Small pieces of generated prose that every study's text shares: a verdict looked up by
claim id, a claim's bullet, the verdicts counted and grouped, a count with its noun, a mean
with its spread over seeds."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from dsp_paper.study.verdicts import INCONCLUSIVE, NOT_SUPPORTED, SUPPORTED

__all__ = ["verdict_of", "verdict_phrase", "claim_line", "scale_note", "verdict_summary",
           "tally", "word_list", "plural", "spread_text", "mean"]


def verdict_of(claims: pd.DataFrame, claim_id: str) -> str:
    """The verdict of ``claim_id`` in a notebook's judged claims (indexed by id), or
    ``"not judged"``.

    Examples
    --------
    >>> claims = pd.DataFrame({"verdict": ["supported"]}, index=["C0.4"])
    >>> verdict_of(claims, "C0.4"), verdict_of(claims, "C0.5")
    ('supported', 'not judged')
    """
    return claims.loc[claim_id, "verdict"] if claim_id in claims.index else "not judged"


def verdict_phrase(verdict: str) -> str:
    """A verdict as it reads in a sentence: ``*supported*``, ``*inconclusive* at this scale``.

    Examples
    --------
    >>> verdict_phrase("inconclusive at this scale")
    '*inconclusive* at this scale'
    """
    return {SUPPORTED: "*supported*", NOT_SUPPORTED: "*not supported*",
            INCONCLUSIVE: "*inconclusive* at this scale"}.get(verdict, f"*{verdict}*")


def claim_line(claims: pd.DataFrame, claim_id: str, text: str) -> str:
    """One bullet of a closing text: the sub-claim, its verdict, what the run measured."""
    return f"- **{claim_id}** ({verdict_of(claims, claim_id)}): {text}"


def scale_note(claims: pd.DataFrame, scale: str) -> str:
    """A sentence saying that no rule can decide at ``scale``, or nothing."""
    undecided = [i for i in claims.index if scale not in claims.loc[i, "decides at"]]
    if len(undecided) == len(claims.index):
        return (f"At the {scale} scale no rule can decide: the verdicts say so, and the "
                "numbers below show only that everything runs end to end.\n\n")
    return ""


def verdict_summary(claims: pd.DataFrame) -> str:
    """One sentence per verdict: which sub-claims got it."""
    groups = claims.groupby("verdict").groups
    return " ".join(f"{verdict.capitalize()}: {', '.join(ids)}."
                    for verdict, ids in sorted(groups.items()))


def tally(claims: pd.DataFrame) -> str:
    """How many sub-claims got each verdict, e.g. ``"2 supported, 1 inconclusive"``."""
    counts = claims["verdict"].value_counts()
    return ", ".join(f"{n} {v}" for v, n in counts.items())


def word_list(items: Iterable[str]) -> str:
    """``items`` as a sentence lists them: ``"a"``, ``"a and b"``, ``"a, b and c"``.

    Examples
    --------
    >>> word_list(["level", "pre-echo", "delay"])
    'level, pre-echo and delay'
    """
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, plural unless ``n`` is 1.

    Examples
    --------
    >>> plural(1, "seed"), plural(3, "seed")
    ('1 seed', '3 seeds')
    """
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def spread_text(values: Iterable[float], fmt: str = ".3g") -> str:
    """``mean [min–max]`` of ``values``, or the value alone when there is one.

    Examples
    --------
    >>> spread_text([1.0, 2.0, 3.0])
    '2 [1–3]'
    """
    values = np.asarray(list(values), float)
    if values.size == 1:
        return format(values[0], fmt)
    return f"{format(values.mean(), fmt)} [{format(values.min(), fmt)}–{format(values.max(), fmt)}]"


def mean(values: Iterable[float] | float) -> float:
    """The mean of ``values`` (any iterable, or one number) as a plain float.

    Examples
    --------
    >>> mean(x / 2 for x in (1, 2, 3)), mean(0.5)
    (1.0, 0.5)
    """
    if np.ndim(values) == 0 and not hasattr(values, "__iter__"):
        return float(values)
    return float(np.mean(list(values)))
