"""The small language the claims registry writes its rules in, and the one policy that turns
a rule and a run's numbers into a verdict.

A rule is a tree of comparisons (:class:`Compare`) joined by :class:`All`, :class:`Any` and
:class:`Not`. It is evaluated over a *results record*: a mapping from a quantity's name to
its value, one number per seed (or per timing repeat) or a single number for what does not
depend on a seed (a closed-form filter, a white-noise reference). Every rule has a text, built
from its structure, so the text a reader sees is the rule that runs.

The policy, the same for every claim: the seeds are paired. Every model a rule compares runs
with the same seeds, so a rule is read seed by seed: on each seed, does the whole rule hold,
every comparison ``left op factor × right`` read on that seed's values (a number that depends
on no seed, such as a closed-form filter or white noise, takes part on every seed)? The rule
is then decided by one one-sided sign test at 5 % over the seeds: it *holds* when it holds on
at least :func:`seeds_needed` of the ``n`` seeds (all 5 of 5, 9 of 10), *fails* when it fails
on as many, and is undecided otherwise, so that chance (a fair coin per seed) would decide it
less than one time in twenty. Fewer than five seeds decide nothing. The test is of the whole
rule, not of each comparison on its own: two comparisons that each hold on nine of ten seeds,
but not on the same nine, do not make a rule that holds on nine. On one seed the comparisons
combine in three-valued logic: a comparison is undecided on a seed where a value is undefined
(NaN) or both are censored (``inf``, "not reached"), and an undecided part decides nothing
unless the rest settles that seed.

Where a rule cannot be read seed by seed, its parts are decided on their own and combine in
the same three-valued logic: a rule whose every number depends on no seed is decided exactly;
an exact part that settles the rule alone (a failing part of :class:`All`) settles it. Timing
repeats are not seeds: a record names the quantities it measured in repeats, each with its
timing group (``"_repeats"``, :func:`repeated`), and a comparison of repeats with a number, or
with repeats of the same group (timed in alternation, repeat by repeat), is sign-tested over
the repeats on its own; repeats beside seeds or other repeats, or any two quantities with
different numbers of values, cannot be paired, and their comparison is decided only when
every value of one lies beyond every value of the other. Either outcome then stands on every
seed. Parts with different numbers of seeds are each sign-tested on their own, at any depth:
a group so decided stands on every seed of the group around it, whose other parts are still
read seed by seed (each outcome it contributes was itself decided at the test's level). The effect beside each verdict is, per comparison,
the median of the paired differences ``left - factor × right`` with its distribution-free interval (the order
statistics the sign test uses, at least 90 % coverage).

A claim is *inconclusive at this scale* when its rule is undecided, when the run's scale is
below the one its registry entry says can decide, when a capability claim's models did not
train to a plateau, or when the registry withholds its measure.

Examples
--------
>>> rule = All(Compare("no_hidden_esr", ">", "baseline_esr", factor=2),
...            Compare("no_hidden_esr", "<", 1.0))
>>> rule.text()
'no_hidden_esr > 2 × baseline_esr and no_hidden_esr < 1'
>>> decide(rule, {"no_hidden_esr": [0.3, 0.35, 0.4, 0.3, 0.5],
...               "baseline_esr": [0.01, 0.02, 0.01, 0.02, 0.01]})
True
>>> decide(rule, {"no_hidden_esr": [0.03, 0.05, 0.04, 0.3, 0.5],
...               "baseline_esr": [0.01, 0.02, 0.03, 0.02, 0.01]}) is None
True
>>> decide(rule, {"no_hidden_esr": [0.3, 0.35, 0.4], "baseline_esr": [0.01, 0.02, 0.01]}) is None
True

Below, one part holds on three seeds of five and the other on the two others, so neither
decides on its own; but on every seed one of them fails, so the rule fails on five of five:

>>> split = {"a": [0.1, 0.1, 0.1, 2.0, 2.0], "b": [2.0, 2.0, 2.0, 0.1, 0.1]}
>>> [Compare(k, "<", 1).evaluate(split) for k in "ab"]
[None, None]
>>> decide(All(Compare("a", "<", 1), Compare("b", "<", 1)), split)
False
>>> per_seed(All(Compare("a", "<", 1), Compare("b", "<", 1)), split)
[False, False, False, False, False]
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from dsp_paper.errors import ParameterError
from dsp_paper.study.settings import SCALES

__all__ = ["Rule", "Compare", "All", "Any", "Not", "between", "values_of", "repeated", "spread", "decide",
           "per_seed", "seeds_needed", "paired_effect", "SIGN_TEST_LEVEL", "OPERATORS", "SubClaim", "RuleChange", "GREAT_ESR", "OK_ESR", "FAILED_ESR"]

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


def repeated(record: Mapping) -> dict[str, str]:
    """The quantities of ``record`` measured in timing repeats rather than seeds, each with its
    timing group: the record's ``"_repeats"`` entry (name -> group), empty where it has none.
    Repeat ``i`` of one quantity is not seed ``i`` of another, so a rule never pairs them;
    quantities of one group were timed in alternation, repeat by repeat, so their repeats pair
    (see the module's policy)."""
    return dict(record.get("_repeats", {}))


def _seeded(record: Mapping, key: str) -> bool:
    """``key`` holds one value per seed: several values, not timing repeats."""
    return key not in repeated(record) and values_of(record, key).size > 1


def _unpairable(record: Mapping, keys: Sequence[str]) -> bool:
    """Repeats beside seeds, or repeats of different timing groups."""
    groups = repeated(record)
    timed = {groups[k] for k in keys if k in groups}
    return bool(timed) and (len(timed) > 1 or any(_seeded(record, k) for k in keys))


# The sign test's one-sided level: chance decides a comparison at most this often.
SIGN_TEST_LEVEL = 0.05


def seeds_needed(n: int) -> int | None:
    """The fewest of ``n`` paired seeds that must agree for the sign test to decide at
    :data:`SIGN_TEST_LEVEL`; None where even all ``n`` cannot (fewer than five).

    Examples
    --------
    >>> [seeds_needed(n) for n in (3, 4, 5, 8, 10)]
    [None, None, 5, 7, 9]
    """
    for k in range(n + 1):
        if sum(math.comb(n, j) for j in range(k, n + 1)) / 2 ** n <= SIGN_TEST_LEVEL:
            return k
    return None


def _sign_test(outcomes: tuple) -> bool | None:
    """One sign test over per-seed outcomes (True, False or None per seed): True where at
    least :func:`seeds_needed` seeds hold, False where as many fail, else None."""
    needed = seeds_needed(len(outcomes))
    if needed is None:
        return None
    holding, failing = outcomes.count(True), outcomes.count(False)
    return True if holding >= needed else False if failing >= needed else None


def _decided(found: bool | None | tuple) -> bool | None:
    """The outcome of :meth:`Rule.outcomes`: per-seed outcomes by the sign test, a single
    outcome as it is."""
    return _sign_test(found) if isinstance(found, tuple) else found


def _pairs(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Both sides broadcast to one value per seed, or None where they cannot be paired."""
    if left.size == right.size or 1 in (left.size, right.size):
        n = max(left.size, right.size)
        return np.broadcast_to(left, n), np.broadcast_to(right, n)
    return None


def paired_effect(left: np.ndarray, right: np.ndarray) -> tuple[float, float, float] | None:
    """The median of the paired differences ``left - right`` and its distribution-free
    interval ``(median, low, high)``: the order statistics the sign test of
    :func:`seeds_needed` uses (``(min, max)`` for five seeds, the second smallest and second
    largest for ten). The interval is NaN where the seeds are too few for one; None where the
    sides cannot be paired.

    Examples
    --------
    >>> paired_effect(np.array([1.0, 2, 3, 4, 5]), np.array([0.5, 0.5, 0.5, 0.5, 0.5]))
    (2.5, 0.5, 4.5)
    """
    pairs = _pairs(left, right)
    if pairs is None:
        return None
    a, b = pairs
    # an undefined value, or two censored ones, cannot be ordered: their pair is left out, as
    # the rule's outcome on that seed is undecided
    orderable = ~(np.isnan(a) | np.isnan(b) | (np.isinf(a) & np.isinf(b)))
    d = np.sort(a[orderable] - b[orderable])
    if d.size == 0:
        return (math.nan,) * 3
    k = seeds_needed(d.size)
    median = float(np.median(d)) if not np.isinf(d).any() else float(d[d.size // 2])
    if k is None:
        return median, math.nan, math.nan
    j = d.size - k  # 0-based: the interval is d[j] .. d[n-1-j]
    return median, float(d[j]), float(d[d.size - 1 - j])


def spread(values: np.ndarray | Sequence[float]) -> tuple[float, float, float]:
    """``(mean, min, max)`` of finite-or-infinite values; NaN if any is NaN."""
    values = np.asarray(values, np.float64)
    if np.isnan(values).any():
        return (math.nan,) * 3
    with np.errstate(invalid="ignore"):
        return float(np.mean(values)), float(np.min(values)), float(np.max(values))


def _number(x: float) -> str:
    return f"{x:g}"


def _short(x: float) -> str:
    return ("never" if x > 0 else "-never") if np.isinf(x) else f"{x:.3g}"


class Rule:
    """A rule over a results record. Subclasses define :meth:`outcomes` and :meth:`text`."""

    def outcomes(self, record: Mapping) -> bool | None | tuple:
        """The rule seed by seed: a tuple of one outcome (True, False or None) per seed, or a
        single outcome where the rule is not read seed by seed (every number depends on no
        seed, or the parts cannot be paired; see the module's policy)."""
        raise NotImplementedError

    def evaluate(self, record: Mapping) -> bool | None:
        """``True`` (holds in enough paired seeds for the sign test, or exactly), ``False``
        (fails likewise) or ``None`` (undecided): the whole rule, one sign test over its
        per-seed :meth:`outcomes`."""
        return _decided(self.outcomes(record))

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

    def outcomes(self, record: Mapping) -> bool | None | tuple:
        left, right = self.sides(record)
        test = OPERATORS[self.op]
        pairs = _pairs(left, right)
        timed = [k for k in self.keys() if k in repeated(record)]
        if pairs is not None and _unpairable(record, self.keys()):
            pairs = None  # repeats beside seeds or other repeats, however many: never paired
        if pairs is None:  # seeds beside repeats: every value of one beyond every other's
            if np.isnan(left).any() or np.isnan(right).any():
                return None
            if np.isinf(left).any() and np.isinf(right).any():
                return None
            if self.op in ("<", "<="):
                holds, fails = test(left.max(), right.min()), not test(left.min(), right.max())
            else:
                holds, fails = test(left.min(), right.max()), not test(left.max(), right.min())
            return True if holds else False if fails else None
        a, b = pairs
        # An undefined value, or two censored ones ("not reached within the epochs run"),
        # cannot be ordered: that seed is undecided.
        undecided = np.isnan(a) | np.isnan(b) | (np.isinf(a) & np.isinf(b))
        found = tuple(None if u else bool(h) for u, h in zip(undecided, test(a, b)))
        if a.size == 1:
            return found[0]  # one value: no seed, exact
        # timing repeats (against a number or repeats timed beside them) are a sign test of
        # their own, whose outcome stands on every seed
        return _sign_test(found) if timed else found

    def difference(self) -> str:
        """The paired difference the effect measures, as its text names it:
        ``"left - 2 × right"`` for ``left < 2 × right``."""
        return f"{self.left} - {self.text().split(f' {self.op} ', 1)[1]}"

    def effect(self, record: Mapping) -> str:
        """The paired effect in words: ``"left - 2 × right: median -0.3 [-0.5, -0.1], holds in
        5 of 5 seeds"``, or ``""`` where nothing is seeded."""
        left, right = self.sides(record)
        if left.size == 1 and right.size == 1:
            return ""
        name = self.difference()
        timed = any(k in repeated(record) for k in self.keys())
        if _unpairable(record, self.keys()):
            return f"{name}: unpaired (timing repeats beside seeds or other repeats)"
        found = paired_effect(left, right)
        if found is None:
            return f"{name}: unpaired ({left.size} and {right.size} values)"
        median, low, high = found
        a, b = _pairs(left, right)
        holding = int(np.sum(OPERATORS[self.op](a, b) & ~(np.isinf(a) & np.isinf(b))))
        interval = "" if np.isnan(low) else f" [{_short(low)}, {_short(high)}]"
        return (f"{name}: median {_short(median)}{interval}, holds in {holding} of {a.size} "
                + ("repeats" if timed else "seeds"))


@dataclass(frozen=True)
class _Group(Rule):
    parts: tuple

    joiner = ""
    # the outcome of an exact part that settles the group whatever the rest says (None: none)
    settles = None

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

    @staticmethod
    def _combine(outcomes: list) -> bool | None:
        raise NotImplementedError

    def outcomes(self, record: Mapping) -> bool | None | tuple:
        found = [p.outcomes(record) for p in self.parts]
        exact = [o for o in found if not isinstance(o, tuple)]
        seeded = [o for o in found if isinstance(o, tuple)]
        if not seeded:
            return self._combine(exact)
        if self.settles is not None and self.settles in exact:
            return self.settles  # an exact part settles it, whatever the seeds say
        if len({len(o) for o in seeded}) > 1:  # different numbers of seeds: each on its own
            return self._combine([_decided(o) for o in found])
        n = len(seeded[0])
        return tuple(self._combine([o[s] if isinstance(o, tuple) else o for o in found])
                     for s in range(n))


class All(_Group):
    """Every part holds (three-valued, on each seed: one failing part fails it, one
    undecided part leaves it undecided unless another fails); decided as a whole by one sign
    test over the seeds."""

    joiner = "and"
    settles = False

    @staticmethod
    def _combine(outcomes: list) -> bool | None:
        return False if False in outcomes else None if None in outcomes else True


class Any(_Group):
    """At least one part holds (three-valued, the dual of :class:`All`)."""

    joiner = "or"
    settles = True

    @staticmethod
    def _combine(outcomes: list) -> bool | None:
        return True if True in outcomes else None if None in outcomes else False


class Not(_Group):
    """The part does not hold, seed by seed."""

    def __init__(self, part: Rule) -> None:
        super().__init__(part)

    def text(self) -> str:
        return f"not ({self.parts[0].text()})"

    def _wrapped(self) -> str:
        return self.text()

    @staticmethod
    def _combine(outcomes: list) -> bool | None:
        return None if outcomes[0] is None else not outcomes[0]


def decide(rule: Rule, record: Mapping) -> bool | None:
    """The rule's three-valued outcome over every seed at once (see the module's policy)."""
    return rule.evaluate(record)


def per_seed(rule: Rule, record: Mapping) -> list[bool | None] | None:
    """The whole rule's outcome on each seed, the outcomes its sign test counts; one outcome
    where no quantity has seeds; None where the rule is not read seed by seed (seeds beside
    timing repeats, or parts with different numbers of seeds).

    Returns
    -------
    list of {True, False, None} or None
    """
    found = rule.outcomes(record)
    if isinstance(found, tuple):
        return list(found)
    return None if any(values_of(record, k).size > 1 for k in rule.keys()) else [found]


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
    perceptual_families : tuple of str
        Non-empty: the rule's quantities come from a perceptual measure, which may carry the
        verdict only if it passes every one of these families of the perceptual calibration
        (:mod:`dsp_paper.study.calibration`); otherwise the verdict is inconclusive, "no
        calibrated measure".
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
    perceptual_families: tuple = ()

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
        if self.perceptual_families:
            text += ("; judged by a perceptual measure that passes the calibration's "
                     + ", ".join(self.perceptual_families))
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
