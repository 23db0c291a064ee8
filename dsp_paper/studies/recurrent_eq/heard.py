"""C2.2c, heard: which candidate perceptual measure the calibration lets judge it
(:func:`perceptual_calibration`, :func:`describe_choice`), and every candidate's placing of the
LSTM's voice beside the thesis's listeners, who rated that one output
(:func:`listeners_and_candidates`, :func:`describe_listeners`).

Every score here is an objective estimate of what listeners would say, not a listening test;
none is converted into the listeners' 1-4 scale."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dsp_paper.perceptual import perceptual_measure
from dsp_paper.study.calibration import (PerceptualChoice, choose_measure, failures_text,
                                         run_calibration)
from dsp_paper.study.prose import plural
from dsp_paper.studies.recurrent_eq.claims import CLAIMS
from dsp_paper.studies.recurrent_eq.data import VOICE
from dsp_paper.studies.recurrent_eq.paper import (THESIS_RATING_MEAN, THESIS_RATING_SCALE,
                                                  THESIS_RATINGS, rating_means)
from dsp_paper.studies.recurrent_eq.spectrum import band_values, measure_scores

__all__ = ["heard_families", "required_gap", "perceptual_calibration", "describe_choice",
           "yardstick_name", "listeners_and_candidates", "describe_listeners", "LISTENERS"]

# the column of :func:`listeners_and_candidates` that holds the thesis's counts
LISTENERS = "the thesis's listeners (1-4)"


def _heard_claim():
    return next(c for c in CLAIMS if c.id == "C2.2c")


def heard_families() -> tuple[str, ...]:
    """The families of known faults a measure must pass to judge C2.2c (the registry's
    ``perceptual_families``)."""
    return tuple(_heard_claim().perceptual_families)


def required_gap() -> float:
    """The least gap, in the measure's clear-preference margins, C2.2c's rule asks of the
    LSTM's voice over the yardstick (the registry's threshold)."""
    return float(_heard_claim().rule.right)


def perceptual_calibration(scale: str | None = None) -> PerceptualChoice:
    """The calibration's choice of a measure for C2.2c: every candidate scored on known faults
    (:func:`~dsp_paper.study.calibration.run_calibration`, loaded from ``build/cache`` when a
    run at ``scale`` stored it) and the rule's pick among those that pass every family C2.2c
    involves (:func:`~dsp_paper.study.calibration.choose_measure`).

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional
        Default ``DSP_PAPER_SCALE``.

    Returns
    -------
    PerceptualChoice
        ``measure`` is ``""`` when no candidate passes every family; ``shown`` is the measure
        whose scores C2.2c's quantities are.
    """
    return choose_measure(run_calibration(scale), families=heard_families())


def _families(n: int) -> str:
    return f"{n} family" if n == 1 else f"{n} families"


def describe_choice(choice: PerceptualChoice) -> str:
    """One line: which measure the calibration chose for C2.2c by its rule, or that none
    passes every family (each candidate with the families it fails).

    Examples
    --------
    >>> fams = ("level", "delay")
    >>> print(describe_choice(PerceptualChoice("", "2f", {"2f": ("level",), "visqol": ()},
    ...                                        fams)))  # doctest: +NORMALIZE_WHITESPACE
    No candidate perceptual measure passes all 2 families of known faults C2.2c involves (2f
    MUSHRA fails delay; ViSQOL MOS-LQO fails level, delay), so C2.2c has no calibrated measure
    and stays inconclusive; its quantities are 2f MUSHRA's, the candidate that passes the most
    (1 of 2). Notebook 07 shows the calibration.
    """
    n = len(choice.families)
    label = lambda key: perceptual_measure(key).label
    if choice.measure:
        also = [label(k) for k in choice.passed if k != choice.measure and not choice.failed(k)]
        return (f"The calibration chose {label(choice.measure)} by its rule: it passes all "
                f"{_families(n)} of known faults C2.2c involves"
                + (f" (as do {', '.join(also)}; the higher mean Kendall tau over the ordered "
                   f"families decides)" if also else "")
                + f", so C2.2c is judged by it. Notebook 07 shows the calibration.")
    fails = failures_text(choice.passed, choice.families)
    return (f"No candidate perceptual measure passes all {_families(n)} of known faults "
            f"C2.2c involves ({fails}), so C2.2c has no calibrated measure and stays "
            f"inconclusive; its quantities are {label(choice.shown)}'s, the candidate that "
            f"passes the most ({n - len(choice.failed(choice.shown))} of {n}). Notebook 07 "
            f"shows the calibration.")


def yardstick_name() -> str:
    """The yardstick's row: the high-pass with its cut-off C2.2c's ``cutoff_error`` too high."""
    return f"high-pass, cut-off {_heard_claim().settings['cutoff_error']:.0%} too high"


def _passes(choice: PerceptualChoice, key: str) -> str:
    failed = choice.failed(key)
    return "yes" if not failed else f"no (fails {len(failed)} of {len(choice.families)})"


def _counts() -> str:
    return (", ".join(f"{n} rated {r}" for r, n in THESIS_RATINGS.items())
            + f" (stated mean {THESIS_RATING_MEAN:g})")


def listeners_and_candidates(perceptual: dict[int, dict[tuple[str, str], dict[str, float]]],
                             yardsticks: dict[str, dict[str, float]],
                             choice: PerceptualChoice) -> pd.DataFrame:
    """Every candidate's score and placing of each model's voice and of the yardstick, beside
    the thesis's listeners, who rated the LSTM's voice alone.

    Parameters
    ----------
    perceptual : dict of int -> dict of (model, part) -> dict of str -> float
        :func:`~dsp_paper.studies.recurrent_eq.perceptual_by_seed`.
    yardsticks : dict of part -> dict of str -> float
        :func:`~dsp_paper.studies.recurrent_eq.perceptual_yardsticks`.
    choice : PerceptualChoice
        :func:`perceptual_calibration`.

    Returns
    -------
    pandas.DataFrame
        One row per model of 05, then the yardstick (:func:`yardstick_name`), all on the
        voice. ``seeds`` (how many each score averages; ``—`` for the yardstick, which has
        none); per candidate: ``<label>: score (mean of seeds)`` on its own scale,
        ``<label>: rank (1 = closest)`` among the rows by its badness (ties share the better
        rank) and ``<label>: passes the calibration`` (``yes``, or how many of C2.2c's
        families it fails; the same in every row); and :data:`LISTENERS`: the counts of the
        thesis's ratings on the LSTM's row, ``not rated`` on the others.
    """
    first = next(iter(perceptual.values()))
    keys = list(next(iter(first.values())))
    names = list(dict.fromkeys(n for by in perceptual.values() for n, part in by
                               if part == VOICE))
    yard = yardstick_name()
    seeds = {n: len(band_values(measure_scores(perceptual, keys[0]), n, VOICE)) for n in names}
    table = pd.DataFrame({"seeds": pd.Series({**seeds, yard: "—"}, dtype=object)})
    for key in keys:
        m = perceptual_measure(key)
        scores = measure_scores(perceptual, key)
        means = pd.Series({**{n: float(np.mean(band_values(scores, n, VOICE))) for n in names},
                           yard: float(yardsticks[VOICE][key])})
        badness = means.map(lambda v: m.badness(v) if np.isfinite(v) else np.nan)
        table[f"{m.label}: score (mean of seeds)"] = means
        table[f"{m.label}: rank (1 = closest)"] = badness.rank(method="min").astype("Int64")
        table[f"{m.label}: passes the calibration"] = _passes(choice, key)
    table[LISTENERS] = [_counts() if n == "LSTM" else "not rated" for n in table.index]
    return table.rename_axis("on the voice")


def describe_listeners(table: pd.DataFrame) -> str:
    """What :func:`listeners_and_candidates` sets side by side, and what it is not.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`listeners_and_candidates`.

    Returns
    -------
    str
        One paragraph: the listeners' counts, each candidate's rank of the LSTM among the
        rows and whether it places it ahead of or behind the yardstick, and that one rated
        output makes this no correlation.
    """
    yard = table.index[-1]
    rows = len(table)
    means = rating_means()
    placings = []
    for column in [c for c in table.columns if c.endswith(": rank (1 = closest)")]:
        label = column.removesuffix(": rank (1 = closest)")
        passes = table[f"{label}: passes the calibration"].iloc[0]
        calibrated = "passes the calibration" if passes == "yes" else passes.removeprefix(
            "no (").removesuffix(")") + " families of the calibration"
        lstm, mis_set = table.loc["LSTM", column], table.loc[yard, column]
        if pd.isna(lstm) or pd.isna(mis_set):
            placings.append(f"{label} ({calibrated}) cannot judge it")
            continue
        side = ("ahead of" if lstm < mis_set else "level with" if lstm == mis_set
                else "behind")
        placings.append(f"{label} ({calibrated}) ranks it {lstm} of {rows}, {side} the "
                        f"yardstick")
    counted = "; ".join(f"{n} rated {r} ({THESIS_RATING_SCALE[r]})"
                        for r, n in THESIS_RATINGS.items())
    return (f"The thesis's {means['listeners']} listeners rated one output only, the LSTM's "
            f"voice: {counted}; stated mean {THESIS_RATING_MEAN:g}. Among 05's "
            f"{plural(rows - 1, 'model')} and the yardstick ({yard}) on the voice, each "
            f"candidate places the LSTM: {'; '.join(placings)}. This sets each candidate's "
            f"placing of the LSTM beside the one piece of human evidence there is; with one "
            f"rated output it is not a correlation, every score is an objective estimate "
            f"rather than a listening test, and none is converted into the listeners' 1-4 "
            f"scale.")
