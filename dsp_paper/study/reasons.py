"""One line per verdict: why a sub-claim got its verdict, in the numbers that decided it, read
back from the verdict as a notebook published it (a row of its ``claims.csv``).

A published verdict carries its rule as text, the evidence (every number the rule uses, as
``name = mean [min–max] (n)``, and the rule's outcome seed by seed), the effect (per
comparison, the seeds or repeats it holds in) and the reason of the one inconclusive policy
(:func:`dsp_paper.study.verdicts.judge`). From these alone, with neither the registry nor the
run, :func:`verdict_line` says which comparisons gave the rule its outcome, with this run's
means and the relation that holds between them, so that a reader sees why beside what:

>>> verdict_line({"verdict": "not supported", "rule": "not (rtf > 1 and latency_ms <= 3)",
...               "why this verdict": "the rule fails in enough paired seeds ...",
...               "evidence": "rtf = 37.4 [37.3–37.5] (5); latency_ms = 0.752 [0.75–0.753] "
...                           "(5); rule by seed: fails, fails, fails, fails, fails",
...               "effect": "rtf - 1: median 36.4 [36.3, 36.5], holds in 5 of 5 repeats; "
...                         "latency_ms - 3: median -2.25 [-2.25, -2.25], holds in 5 of 5 "
...                         "repeats"})
'fails in 5 of 5 seeds: rtf 37.4 > 1; latency_ms 0.752 <= 3'
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from dsp_paper.errors import ParameterError
from dsp_paper.study.rules import OPERATORS, All, Any, Compare, Not, Rule, seeds_needed
from dsp_paper.study.verdicts import NOT_SUPPORTED, SUPPORTED

__all__ = ["parse_rule", "Reason", "read_reason", "verdict_line"]

# A comparison as Compare.text writes it: a quantity, an operator, then an optional factor and
# a quantity or a number (``:g`` formatting, so "1e-05", "-30", "inf").
_NUMBER = r"[-+]?(?:inf|nan|\d+(?:\.\d*)?(?:e[-+]?\d+)?)"
_COMPARISON = re.compile(rf"([A-Za-z_]\w*) (<=|>=|<|>) (?:({_NUMBER}) × )?"
                         rf"([A-Za-z_]\w*|{_NUMBER})")


def parse_rule(text: str) -> Rule:
    """The rule whose :meth:`~dsp_paper.study.rules.Rule.text` is ``text``: the inverse of
    ``text()``, so that a rule recorded as text beside a verdict (a notebook's
    ``claims.csv``) can be read again without the registry that wrote it. Comparison labels
    are not in the text and come back empty.

    Parameters
    ----------
    text : str
        A rule's text; the settings and the calibrated measure
        :meth:`~dsp_paper.study.rules.SubClaim.rule_text` appends (``"; with ..."``, ``"; judged
        by ..."``) are left out.

    Returns
    -------
    Rule

    Raises
    ------
    ParameterError
        If ``text`` is not the text of any rule.

    Examples
    --------
    >>> rule = parse_rule("not (esr < 0.1 and (rtf_32 > 1 or rtf_64 > 2 × floor)); with a = 1")
    >>> rule.text()
    'not (esr < 0.1 and (rtf_32 > 1 or rtf_64 > 2 × floor))'
    >>> [(c.left, c.op, c.factor, c.right) for c in rule.comparisons()][-1]
    ('rtf_64', '>', 2.0, 'floor')
    """
    body = re.split(r"; (?:with|judged by) ", text, maxsplit=1)[0].strip()
    pos = 0

    def expect(token: str) -> None:
        nonlocal pos
        if not body.startswith(token, pos):
            raise ParameterError(f"not a rule's text: expected {token!r} at {pos} of {body!r}")
        pos += len(token)

    def term() -> Rule:
        nonlocal pos
        if body.startswith("not (", pos):
            pos += len("not (")
            inner = expression()
            expect(")")
            return Not(inner)
        if body.startswith("(", pos):
            pos += 1
            inner = expression()
            expect(")")
            return inner
        found = _COMPARISON.match(body, pos)
        if found is None:
            raise ParameterError(f"not a rule's text: no comparison at {pos} of {body!r}")
        pos = found.end()
        left, op, factor, right = found.groups()
        try:
            right = float(right)
        except ValueError:
            pass  # a quantity's name
        return Compare(left, op, right, factor=float(factor) if factor else 1.0)

    def expression() -> Rule:
        nonlocal pos
        parts, joiner = [term()], None
        while True:
            word = next((w for w in (" and ", " or ") if body.startswith(w, pos)), None)
            if word is None:
                break
            if joiner not in (None, word):  # text() always brackets a group inside another
                raise ParameterError(f"not a rule's text: 'and' beside 'or' in {body!r}")
            joiner = word
            pos += len(word)
            parts.append(term())
        if len(parts) == 1:
            return parts[0]
        return All(*parts) if joiner == " and " else Any(*parts)

    rule = expression()
    if pos != len(body) or rule.text() != body:
        raise ParameterError(f"not a rule's text: {body!r} (read as {rule.text()!r})")
    return rule


# The reasons verdicts.judge gives for "inconclusive at this scale", read back so that the line
# can say which applies. They are judge's own phrases: tests/test_reasons.py judges made-up
# records for each, so that a reworded reason fails there rather than silently here.
_HERE = r"; the rule (?P<word>holds|fails|undecided) here$"
_WHY = (("scale", re.compile(r"^the (?P<scale>\w+) scale cannot decide this rule \(it decides "
                             r"at (?P<at>[^)]*)\)" + _HERE)),
        ("withheld", re.compile(r"^the measure cannot tell the difference here: (?P<what>.*)"
                                + _HERE, re.S)),
        ("uncalibrated", re.compile(r"^no calibrated measure: (?P<what>.*)" + _HERE, re.S)),
        ("plateau", re.compile(r"^not trained to a plateau at this scale \((?P<what>.*)\)"
                               + _HERE, re.S)),
        ("one value", re.compile(r"^every quantity has one value where the run has (?P<n>\d+) "
                                 r"seeds.*" + _HERE, re.S)),
        ("few seeds", re.compile(r"^(?P<n>\d+) seeds are too few for the paired sign test")),
        ("disagree", re.compile(r"^the seeds \(or timing repeats\) do not agree")))
_WORDS = {"holds": True, "fails": False, "undecided": None}
# The relation that does hold where a comparison fails: shown so that the numbers read true.
_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}
# A clause quoted from a reason (what the registry withholds, which training stopped short) is
# cut here: the line is a table cell, the whole reason is in the claim's section.
_CLAUSE = 70


def _cell(row: Mapping, key: str) -> str:
    value = row.get(key, "")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = str(value).strip()
    return "" if value == "—" else value


def _number(text: str) -> float:
    text = text.strip()
    if text in ("never", "inf"):
        return math.inf
    if text in ("-never", "-inf"):
        return -math.inf
    try:
        return float(text)
    except ValueError:
        return math.nan


_SPREAD = re.compile(r"^(?P<mean>\S+) \[(?P<low>.+?)–(?P<high>.+)\] \((?P<n>\d+)\)$")


def _quantities(evidence: str) -> tuple[dict[str, tuple[str, float, float]], list[str] | None]:
    """``({name: (shown, low, high)}, rule outcome word per seed or None)`` from a verdict's
    evidence (:func:`dsp_paper.study.verdicts.judge`): ``name = mean [min–max] (n)``, ``name =
    value``, ``name = v, v, v (by seed)``, ``name = undefined``, and ``rule by seed: ...``."""
    found, by_seed = {}, None
    for item in filter(None, (i.strip() for i in evidence.split("; "))):
        if item.startswith("rule by seed: "):
            by_seed = [w.strip() for w in item[len("rule by seed: "):].split(",")]
            continue
        name, sep, value = item.partition(" = ")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name):
            continue  # a labelled comparison's outcome: the rule's parts say it already
        spread = _SPREAD.match(value)
        if spread:
            found[name] = (spread["mean"], _number(spread["low"]), _number(spread["high"]))
        elif value.endswith(" (by seed)"):
            values = [_number(v) for v in value[:-len(" (by seed)")].split(",")]
            shown = value[:-len(" (by seed)")]
            found[name] = ((shown, math.nan, math.nan) if any(map(math.isnan, values))
                           else (shown, min(values), max(values)))
        else:
            x = _number(value)
            found[name] = ("undefined" if math.isnan(x) else value, x, x)
    return found, by_seed


def _effects(effect: str) -> dict[str, tuple[int, int, str] | None]:
    """``{difference: (seeds or repeats it holds in, of how many, "seeds" or "repeats")}`` from
    a verdict's effect (:meth:`dsp_paper.study.rules.Compare.effect`); None where unpaired."""
    found = {}
    for item in filter(None, (i.strip() for i in effect.split("; "))):
        name, _, rest = item.partition(": ")
        counted = re.search(r"holds in (\d+) of (\d+) (seeds|repeats)$", rest)
        found[name] = (int(counted[1]), int(counted[2]), counted[3]) if counted else None
    return found


def _outcome(held: int, n: int) -> bool | None:
    """A comparison's outcome from the seeds it holds in, as the sign test reads them; with
    fewer seeds than the test needs, only unanimity says which way it leans."""
    needed = seeds_needed(n) or n
    return True if held >= needed else False if n - held >= needed else None


def _compared(c: Compare, quantities: Mapping,
              effects: Mapping) -> tuple[bool | None, tuple | None]:
    """``(outcome, (held, n, unit) or None)`` of one comparison, read back from the evidence
    and the effect; a comparison of single values (no effect) or of unpaired values is
    decided as the rule decides it, every value of one side beyond every value of the
    other."""
    counted = effects.get(c.difference())
    names = c.keys()
    if any(n not in quantities or math.isnan(quantities[n][1]) for n in names):
        return None, None
    if counted is not None:
        return _outcome(counted[0], counted[1]), counted
    _, left_low, left_high = quantities[c.left]
    right_low, right_high = ((quantities[c.right][1], quantities[c.right][2])
                             if isinstance(c.right, str) else (c.right, c.right))
    right_low, right_high = right_low * c.factor, right_high * c.factor
    test = OPERATORS[c.op]
    if c.op in ("<", "<="):
        holds, fails = test(left_high, right_low), not test(left_low, right_high)
    else:
        holds, fails = test(left_low, right_high), not test(left_high, right_low)
    return (True if holds else False if fails else None), None


def _combined(rule: Rule, of: Mapping) -> bool | None:
    """The three-valued outcome of a group from its parts' outcomes (rules.All, Any, Not)."""
    if isinstance(rule, Compare):
        return of[rule][0]
    found = [_combined(p, of) for p in rule.parts]
    if isinstance(rule, Not):
        return None if found[0] is None else not found[0]
    settles = isinstance(rule, Any)  # the outcome one part settles: True for Any, False for All
    return settles if settles in found else None if None in found else not settles


def _deciding(rule: Rule, want: bool | None, of: Mapping) -> list[Compare]:
    """The comparisons that give ``rule`` the outcome ``want`` (None: undecided): every part
    of an *and* that holds, every part that fails it; the first part of an *or* that holds
    (one suffices), every part that fails it; the undecided parts of an undecided group."""
    if isinstance(rule, Compare):
        return [rule]
    if isinstance(rule, Not):
        return _deciding(rule.parts[0], None if want is None else not want, of)
    outcomes = [(p, _combined(p, of)) for p in rule.parts]
    settles = isinstance(rule, Any)
    if want is not None and want != settles:  # every part is needed for this outcome
        chosen = [(p, want) for p in rule.parts]
    else:
        chosen = [(p, o) for p, o in outcomes if o is want]
        if want is settles and isinstance(rule, Any):
            chosen = chosen[:1]
        if not chosen:  # seeds split across parts: no one part says it; each says its share
            chosen = outcomes
    return [c for p, o in chosen for c in _deciding(p, o, of)]


def _side(name_or_number: object, factor: float, quantities: Mapping) -> str:
    text = (f"{name_or_number} {quantities[name_or_number][0]}" if isinstance(name_or_number, str)
            else f"{name_or_number:g}")
    return text if factor == 1 else f"{factor:g} × {text}"


def _mean(name_or_number: object, quantities: Mapping) -> float:
    if not isinstance(name_or_number, str):
        return float(name_or_number)
    try:
        return _number(quantities[name_or_number][0])
    except (KeyError, ValueError, TypeError):
        return math.nan


def _holds_on_means(c: Compare, quantities: Mapping) -> bool | None:
    """Whether ``c`` holds between the means the line prints (None where one is not a
    number)."""
    left, right = _mean(c.left, quantities), _mean(c.right, quantities)
    if math.isnan(left) or math.isnan(right):
        return None
    return bool(OPERATORS[c.op](left, c.factor * right))


def _comparison_text(c: Compare, outcome: bool | None, counted: tuple | None,
                     quantities: Mapping, said: tuple | None) -> str:
    """``"left 0.34 > 2 × right 0.007"``: the relation that holds on the means (the rule's own
    operator where the comparison holds, or holds in most seeds; its negation where it fails),
    with the seeds it holds in where the line has not said them already (``said``: ``(count,
    n, unit, holds)``)."""
    leaning = outcome
    if outcome is None and counted is not None and 2 * counted[0] != counted[1]:
        leaning = 2 * counted[0] > counted[1]
    # the printed relation must hold between the printed numbers: where the means say
    # otherwise than most seeds, it is "vs", and the seeds' count says the rest
    on_means = _holds_on_means(c, quantities)
    op = {True: c.op, False: _NEGATED[c.op], None: "vs"}[leaning]
    if leaning is not None and on_means is not None and on_means != leaning:
        op = "vs"
    tail = ""
    if counted is not None:
        held, n, unit = counted
        shown = (n - held, n, unit, False) if leaning is False else (held, n, unit, True)
        if leaning is None:
            tail = f" (holds in {held} of {n} {unit})"
        elif shown != said and shown[0] != n:
            tail = f" in {shown[0]} of {n} {unit}"
    return f"{c.left} {quantities[c.left][0]} {op} {_side(c.right, c.factor, quantities)}{tail}"


def _state(want: bool | None, by_seed: list[str] | None, counts: list[tuple | None],
           ) -> tuple[str, tuple | None]:
    """``(how the rule came out, (count, n, unit, holds) it said)``: over the seeds where the
    rule was read seed by seed, else over the repeats its comparisons share, else on single
    values."""
    if by_seed and len(by_seed) > 1:
        n, held, failed = len(by_seed), by_seed.count("holds"), by_seed.count("fails")
        if want is True or (want is None and held > failed):
            text, said = f"holds in {held} of {n} seeds", (held, n, "seeds", True)
        elif want is False or (want is None and failed > held):
            text, said = f"fails in {failed} of {n} seeds", (failed, n, "seeds", False)
        else:
            return f"holds in {held}, fails in {failed} of {n} seeds", None
        if want is None:
            needed = seeds_needed(n)
            text += f" (a verdict needs {needed})" if needed else " (a verdict needs 5 seeds)"
        return text, said
    verb = {True: "holds", False: "fails", None: "is undecided"}[want]
    shared = set(counts)
    if want is not None and len(shared) == 1 and None not in shared:
        held, n, unit = shared.pop()
        if held == (n if want else 0):  # every repeat agrees: say it once, for all
            return f"{verb} in {n} of {n} {unit}", (n, n, unit, want)
    if counts and all(c is None for c in counts):
        return f"{verb} (single values)", None
    return verb, None


def _reason(judged: Mapping, *, limit: int = 160) -> tuple[str, str, dict]:
    """``(kind, line, details)``: which of the policy's reasons decided the verdict
    (``"decided"``, ``"scale"``, ``"withheld"``, ``"plateau"``, ``"one value"``, ``"few
    seeds"``, ``"disagree"`` or ``"other"``), the line of :func:`verdict_line`, and what the
    reason names (the scale, what is withheld, ...)."""
    verdict, why = _cell(judged, "verdict"), _cell(judged, "why this verdict")
    kind, found = (("decided", None) if verdict in (SUPPORTED, NOT_SUPPORTED) else
                   next(((k, m) for k, p in _WHY if (m := p.match(why))), ("other", None)))
    details = found.groupdict() if found else {}
    want = ({SUPPORTED: True, NOT_SUPPORTED: False}.get(verdict)
            if kind == "decided" else _WORDS.get(details.get("word", "undecided")))
    quantities, by_seed = _quantities(_cell(judged, "evidence"))
    effects = _effects(_cell(judged, "effect"))
    try:
        rule = parse_rule(_cell(judged, "rule"))
    except ParameterError:
        rule = None
    if rule is None or any(k not in quantities for k in rule.keys()):
        # a rule that cannot be read back: its numbers, as the evidence has them
        parts = [f"{name} {shown}" for name, (shown, _, _) in quantities.items()]
        state, _ = _state(want, by_seed, [None])
    else:
        of = {c: _compared(c, quantities, effects) for c in rule.comparisons()}
        chosen = list(dict.fromkeys(_deciding(rule, want, of)))
        counts = [of[c][1] for c in chosen]
        state, said = _state(want, by_seed, counts)
        parts = [_comparison_text(c, of[c][0], of[c][1], quantities, said) for c in chosen]
        names = list(dict.fromkeys(k for c in chosen for k in c.keys()))
        if names and all(math.isnan(quantities[k][1]) for k in names):
            state, parts = "has no values", names
    clause = lambda text: text if len(text) <= _CLAUSE else text[:_CLAUSE - 1].rstrip() + "…"
    head = {
        "decided": state,
        "scale": f"decides only at {details.get('at')}; at {details.get('scale')} it {state}",
        "withheld": "measure withheld ({}); it {}".format(
            clause(re.split(r"[:;]", details.get("what", ""))[0].strip()), state),
        "uncalibrated": f"no calibrated measure; it {state}",
        "plateau": f"not trained to a plateau ({clause(details.get('what', ''))}); it {state}",
        "one value": (f"one value per quantity for {details.get('n')} seeds, too few for the "
                      f"sign test; it {state}"),
        "few seeds": f"too few seeds: {state}",
        "disagree": f"seeds disagree: {state}",
        "other": state,
    }[kind]
    sep = ", " if state == "has no values" else "; "
    shown = list(parts)
    line = f"{head}: {sep.join(shown)}" if shown else head
    while len(line) > limit and len(shown) > 1:
        shown.pop()
        line = f"{head}: {sep.join(shown)} (+{len(parts) - len(shown)} more)"
    return kind, line, details


# Why a sub-claim is not decided, in a few words, by the reason's kind (see _reason).
_BECAUSE = {"scale": "decides only at {at}", "withheld": "measure withheld",
            "uncalibrated": "no calibrated measure",
            "plateau": "not trained to a plateau", "one value": "too few seeds",
            "few seeds": "too few seeds", "disagree": "seeds disagree",
            "other": "inconclusive"}


def verdict_line(judged: Mapping, *, limit: int = 160) -> str:
    """Why a sub-claim got its verdict, in one line of the numbers that decided it.

    Read from one verdict as a notebook published it (a row of its ``claims.csv``), so it
    needs neither the registry nor the run: the rule is read back from its text
    (:func:`parse_rule`), each comparison's outcome from the effect (the seeds or repeats it
    holds in) or, for single values, from the evidence. The line names the comparisons that
    gave the rule its outcome: every part of an *and* that holds it up or brings it down, one
    part of an *or* that holds, and under a *not* the parts that refute it; each with this
    run's means and the relation that holds between them.

    Parameters
    ----------
    judged : mapping
        One verdict: ``verdict``, ``why this verdict``, ``rule``, ``evidence`` and ``effect``
        as :meth:`dsp_paper.study.verdicts.Verdict.row` writes them (a ``pandas.Series`` of
        a ``claims.csv`` row will do).
    limit : int
        Characters the line aims at (a table cell): comparisons past it are counted, not
        shown. A single comparison is always shown whole.

    Returns
    -------
    str
        ``"holds in 5 of 5 seeds: x 0.34 > 2 × y 0.007"``; ``"seeds disagree: holds in 4 of
        5 seeds (a verdict needs 5): ..."``; ``"decides only at paper; at quick it holds in 5
        of 5 seeds: ..."``; the numbers are means over the seeds (or timing repeats).

    Examples
    --------
    >>> verdict_line({"verdict": "not supported", "rule": "rtf > 1 and latency_ms <= 3",
    ...               "why this verdict": "the rule fails in enough paired seeds ...",
    ...               "evidence": "rtf = 0.5 [0.4–0.6] (5); latency_ms = 1 [1–1] (5); "
    ...                           "rule by seed: fails, fails, fails, fails, fails",
    ...               "effect": "rtf - 1: median -0.5 [-0.6, -0.4], holds in 0 of 5 seeds; "
    ...                         "latency_ms - 3: median -2 [-2, -2], holds in 5 of 5 seeds"})
    'fails in 5 of 5 seeds: rtf 0.5 <= 1'
    """
    return _reason(judged, limit=limit)[1]


@dataclass(frozen=True)
class Reason:
    """Why one published verdict is what it is.

    Attributes
    ----------
    line : str
        The numbers that decided it, in one line (:func:`verdict_line`).
    because : str
        Why it is not decided, in a few words (``"seeds disagree"``, ``"decides only at
        paper"``, ``"measure withheld"``, ``"not trained to a plateau"``, ``"too few seeds"``);
        empty where it is decided.
    """

    line: str
    because: str


def read_reason(judged: Mapping, *, limit: int = 160) -> Reason:
    """:func:`verdict_line` with a few words on why the verdict is not decided, where it is
    not: what the report groups the undecided sub-claims by.

    Parameters
    ----------
    judged : mapping
        One verdict, as for :func:`verdict_line`.
    limit : int
        Characters the line aims at.

    Returns
    -------
    Reason

    Examples
    --------
    >>> read_reason({"verdict": "inconclusive at this scale", "rule": "x < 1",
    ...              "why this verdict": "the seeds (or timing repeats) do not agree often "
    ...                                  "enough to rule out chance (sign test, one-sided 5 %)",
    ...              "evidence": "x = 0.8 [0.5–1.2] (5); rule by seed: holds, holds, fails, "
    ...                          "holds, holds",
    ...              "effect": "x - 1: median -0.2 [-0.5, 0.2], holds in 4 of 5 seeds"}).because
    'seeds disagree'
    """
    kind, line, details = _reason(judged, limit=limit)
    return Reason(line, "" if kind == "decided" else _BECAUSE[kind].format(**details))
