"""The small language the claims registry writes its rules in, and the one policy that turns
a rule and a run's numbers into a verdict.

A rule is a tree of comparisons (:class:`Compare`) joined by :class:`All`, :class:`Any` and
:class:`Not`. It is evaluated over a *results record*: a mapping from a quantity's name to
its value, one number per seed (or per timing repeat) or a single number for what does not
depend on a seed (a closed-form filter, a white-noise reference). Every rule has a text, built
from its structure, so the text a reader sees is the rule that runs.

The policy, the same for every claim: a comparison is decided only when the seeds' values lie
wholly on one side (for two seeded quantities: when their ranges over the seeds do not
overlap); a margin inside the seed-to-seed spread leaves it undecided. Comparisons combine in
three-valued logic (an undecided part decides nothing unless the rest settles it), and a
claim is *inconclusive at this scale* when its rule is undecided, when the rule holds for some
seeds and fails for others, or when the run's scale is below the one its registry entry says
can decide.

Examples
--------
>>> rule = All(Compare("no_hidden_esr", ">", "baseline_esr", factor=2),
...            Compare("no_hidden_esr", "<", 1.0))
>>> rule.text()
'no_hidden_esr > 2 × baseline_esr and no_hidden_esr < 1'
>>> decide(rule, {"no_hidden_esr": [0.3, 0.35, 0.4], "baseline_esr": [0.01, 0.02, 0.01]})
True
>>> decide(rule, {"no_hidden_esr": [0.03, 0.05, 0.04], "baseline_esr": [0.01, 0.02, 0.03]}) is None
True
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from dsp_paper.errors import ParameterError
from dsp_paper.study.settings import SCALES

__all__ = ["Rule", "Compare", "All", "Any", "Not", "between", "values_of", "spread", "decide",
           "per_seed", "OPERATORS", "SubClaim", "RuleChange", "GREAT_ESR", "OK_ESR", "FAILED_ESR"]

OPERATORS = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}


def values_of(record: Mapping, key: str) -> np.ndarray:
    """The values of ``key`` in ``record`` as a 1-D float array (one per seed or repeat).

    Raises
    ------
    ParameterError
        If the record has no such quantity, or it is empty or not numeric.
    """
    if key not in record:
        raise ParameterError(f"the results record has no quantity {key!r}; it has "
                             f"{sorted(k for k in record if not k.startswith('_'))}")
    raw = record[key]
    try:
        values = np.atleast_1d(np.asarray(raw, dtype=np.float64)).ravel()
    except (TypeError, ValueError):
        raise ParameterError(f"quantity {key!r} is not numeric: {raw!r}") from None
    if values.size == 0:
        raise ParameterError(f"quantity {key!r} has no values")
    return values


def spread(values: np.ndarray | Sequence[float]) -> tuple[float, float, float]:
    """``(mean, min, max)`` of finite-or-infinite values; NaN if any is NaN."""
    values = np.asarray(values, np.float64)
    if np.isnan(values).any():
        return (math.nan,) * 3
    with np.errstate(invalid="ignore"):
        return float(np.mean(values)), float(np.min(values)), float(np.max(values))


def _number(x: float) -> str:
    return f"{x:g}"


class Rule:
    """A rule over a results record. Subclasses define :meth:`evaluate` and :meth:`text`."""

    def evaluate(self, record: Mapping) -> bool | None:
        """``True`` (holds for every seed, beyond the spread), ``False`` (fails likewise) or
        ``None`` (undecided)."""
        raise NotImplementedError

    def text(self) -> str:
        raise NotImplementedError

    def keys(self) -> list[str]:
        """The record quantities the rule reads, in order of first use."""
        raise NotImplementedError

    def comparisons(self) -> list[Compare]:
        """Every :class:`Compare` in the rule, in order."""
        raise NotImplementedError

    def _wrapped(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Compare(Rule):
    """``left op factor × right``: ``left`` a quantity of the record, ``right`` a quantity or a
    number.

    Parameters
    ----------
    left : str
    op : {"<", "<=", ">", ">="}
    right : str or float
    factor : float
        Multiplies ``right``.
    label : str
        What the comparison stands for, shown beside its outcome ("the dense nets failed").
    """

    left: str
    op: str
    right: object
    factor: float = 1.0
    label: str = ""

    def __post_init__(self) -> None:
        if self.op not in OPERATORS:
            raise ParameterError(f"op must be one of {sorted(OPERATORS)}, got {self.op!r}")
        if not isinstance(self.left, str) or not self.left:
            raise ParameterError(f"left must name a quantity, got {self.left!r}")
        if not isinstance(self.right, (str, int, float)) or isinstance(self.right, bool):
            raise ParameterError(f"right must name a quantity or be a number, got "
                                 f"{self.right!r}")
        if not isinstance(self.factor, (int, float)) or not self.factor > 0:
            raise ParameterError(f"factor must be a positive number, got {self.factor!r}")

    def text(self) -> str:
        right = self.right if isinstance(self.right, str) else _number(self.right)
        scaled = right if self.factor == 1 else f"{_number(self.factor)} × {right}"
        return f"{self.left} {self.op} {scaled}"

    def keys(self) -> list[str]:
        return [self.left] + ([self.right] if isinstance(self.right, str) else [])

    def comparisons(self) -> list[Compare]:
        return [self]

    def sides(self, record: Mapping) -> tuple[np.ndarray, np.ndarray]:
        """``(left values, right values × factor)``."""
        left = values_of(record, self.left)
        right = (values_of(record, self.right) if isinstance(self.right, str)
                 else np.array([float(self.right)]))
        return left, right * self.factor

    def evaluate(self, record: Mapping) -> bool | None:
        left, right = self.sides(record)
        if np.isnan(left).any() or np.isnan(right).any():
            return None
        # Two censored quantities ("not reached within the epochs run") cannot be ordered.
        if np.isinf(left).any() and np.isinf(right).any():
            return None
        test = OPERATORS[self.op]
        if self.op in ("<", "<="):
            holds, fails = test(left.max(), right.min()), not test(left.min(), right.max())
        else:
            holds, fails = test(left.min(), right.max()), not test(left.max(), right.min())
        return True if holds else False if fails else None


@dataclass(frozen=True)
class _Group(Rule):
    parts: tuple

    joiner = ""

    def __init__(self, *parts: Rule) -> None:
        if not parts or not all(isinstance(p, Rule) for p in parts):
            raise ParameterError(f"{type(self).__name__} needs one or more rules, got {parts!r}")
        object.__setattr__(self, "parts", tuple(parts))

    def keys(self) -> list[str]:
        seen = []
        for p in self.parts:
            seen += [k for k in p.keys() if k not in seen]
        return seen

    def comparisons(self) -> list[Compare]:
        return [c for p in self.parts for c in p.comparisons()]

    def text(self) -> str:
        return f" {self.joiner} ".join(p._wrapped() for p in self.parts)

    def _wrapped(self) -> str:
        return f"({self.text()})" if len(self.parts) > 1 else self.text()


class All(_Group):
    """Every part holds (three-valued: one failing part fails it, one undecided part leaves
    it undecided unless another fails)."""

    joiner = "and"

    def evaluate(self, record: Mapping) -> bool | None:
        outcomes = [p.evaluate(record) for p in self.parts]
        return False if False in outcomes else None if None in outcomes else True


class Any(_Group):
    """At least one part holds (three-valued, the dual of :class:`All`)."""

    joiner = "or"

    def evaluate(self, record: Mapping) -> bool | None:
        outcomes = [p.evaluate(record) for p in self.parts]
        return True if True in outcomes else None if None in outcomes else False


class Not(_Group):
    """The part does not hold."""

    def __init__(self, part: Rule) -> None:
        super().__init__(part)

    def text(self) -> str:
        return f"not ({self.parts[0].text()})"

    def _wrapped(self) -> str:
        return self.text()

    def evaluate(self, record: Mapping) -> bool | None:
        outcome = self.parts[0].evaluate(record)
        return None if outcome is None else not outcome


def decide(rule: Rule, record: Mapping) -> bool | None:
    """The rule's three-valued outcome over every seed at once (see the module's policy)."""
    return rule.evaluate(record)


def per_seed(rule: Rule, record: Mapping) -> list[bool | None] | None:
    """The rule's outcome for each seed on its own, or None where the record's seeded
    quantities do not all have the same number of values (seeds beside timing repeats).

    Returns
    -------
    list of {True, False, None} or None
    """
    counts = {values_of(record, k).size for k in rule.keys()} - {1}
    if len(counts) != 1:
        return None if counts else [rule.evaluate(record)]
    n = counts.pop()
    outcomes = []
    for s in range(n):
        single = {k: (v if v.size == 1 else v[s:s + 1])
                  for k, v in ((k, values_of(record, k)) for k in rule.keys())}
        outcomes.append(rule.evaluate(single))
    return outcomes


# ---------------------------------------------------------------- the sub-claim record

# ESR levels with a meaning, from Neural Amp Modeler's trainer, which labels a validation ESR
# below 0.01 "Great!", below 0.1 "might sound ok" and above 0.3 "something went wrong".
GREAT_ESR, OK_ESR, FAILED_ESR = 0.01, 0.1, 0.3


@dataclass(frozen=True)
class SubClaim:
    """One sub-claim of a document.

    Attributes
    ----------
    id : str
        ``C0.3c``: the plan's claim number and a letter where the claim says several things.
    document, notebook : str
        The document (``"000"``) and the notebook that judges it (``"04_conv_tied"``).
    quote : str
        The document's own words.
    claim : str
        What the sub-claim says, in one sentence.
    measured : str
        What is measured, on which models and data; the names of the rule's quantities.
    rule : dsp_paper.study.rules.Rule
    decides_at : tuple of str
        The scales whose sizes can decide the rule; below them the verdict is inconclusive.
    why : tuple of str
        One sentence per threshold: why it is what it is.
    settings : dict
        Parameters of the measurement the rule depends on (a quality level, a band, a
        margin), defined here once and read by the code that measures.
    trained : tuple of str
        The trainings the verdict rests on: patterns (``fnmatch``) over the names of the
        notebook's trainings without their seed, ``"04_conv_*"`` say (a checkpoint
        ``04_conv_quick_s3`` is the training ``04_conv_quick``). The report shows their steps,
        seconds and how each stopped beside the verdict.
    capability : bool
        The claim says what a model or an idea can or cannot do: it is decided only when
        every training in ``trained`` stopped on a plateau of its validation loss (or at the
        document's own target loss); otherwise the verdict is inconclusive, "not trained to a
        plateau at this scale".
    withheld : str
        Non-empty: the measure the rule uses cannot tell the difference the claim is about on
        this material (the reason, said here); the rule is evaluated and shown, but the
        verdict is inconclusive for that reason.
    """

    id: str
    document: str
    notebook: str
    quote: str
    claim: str
    measured: str
    rule: object
    decides_at: tuple
    why: tuple
    settings: dict = field(default_factory=dict)
    trained: tuple = ()
    capability: bool = False
    withheld: str = ""

    def __post_init__(self) -> None:
        if not set(self.decides_at) <= set(SCALES) or not self.decides_at:
            raise ParameterError(f"{self.id}: decides_at must name scales of {SCALES}")
        if self.capability and not self.trained:
            raise ParameterError(f"{self.id}: a capability claim names the trainings it rests "
                                 "on (trained=...)")
        for name in ("quote", "claim", "measured"):
            if not getattr(self, name).strip():
                raise ParameterError(f"{self.id}: {name} is empty")
        if not self.why:
            raise ParameterError(f"{self.id}: say why each threshold is what it is")

    def rule_text(self) -> str:
        """The rule as a reader sees it: the comparisons, then the settings they use."""
        text = self.rule.text()
        if self.settings:
            text += "; with " + ", ".join(f"{k} = {_setting(v)}" for k, v in self.settings.items())
        return text

    @property
    def parent(self) -> str:
        """``C0.3c`` -> ``C0.3``."""
        return self.id.rstrip("abcdefghij")


def _setting(v: object) -> str:
    if isinstance(v, (tuple, list)):
        return "(" + ", ".join(_setting(x) for x in v) + ")"
    return f"{v:g}" if isinstance(v, float) else str(v)


@dataclass(frozen=True)
class RuleChange:
    """A rule that replaced an earlier one: when, what it was, what it is, and why."""

    date: str
    claim: str
    before: str
    after: str
    reason: str


def between(key: str, low: float, high: float, label: str = "") -> All:
    return All(Compare(key, ">", low, label=label and f"{label} (above {low:g})"),
               Compare(key, "<", high, label=label and f"{label} (below {high:g})"))
