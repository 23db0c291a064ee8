"""The measures 07 judges outputs by, and how two of them are set against each other: each
output's value under each measure (:func:`measure_table`), which of two outputs a measure
prefers and by how much (:func:`preference_gap`, :func:`pair_order`), ranks, and the pairs two
measures order oppositely (:func:`disputed_pairs`, :func:`decisive_disputes`).

A perceptual column (:data:`PERCEPTUAL_COLUMNS`) reads its direction and its tie margin from
the catalogue of candidate judges (:data:`~dsp_paper.perceptual.PERCEPTUAL_MEASURES`); every
other column is lower-is-better, in dB or an energy ratio, with a tie margin of
:data:`TIE_DB`."""
from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from dsp_paper import metrics
from dsp_paper.errors import ParameterError
from dsp_paper.perceptual import PERCEPTUAL_MEASURES, PerceptualMeasure, perceptual_measure

__all__ = ["MEASURES", "BAND_LSD", "LONG_TERM", "MOS_LQO", "PERCEPTUAL_COLUMNS",
           "ALL_JUDGES", "perceptual_column", "column_measure", "RANKED_MEASURES", "COMPARED",
           "TIE_DB", "ROUNDING_LEVEL", "measure_table", "preference_gap", "margin_of",
           "gap_unit", "with_unit", "pair_order", "pairs_told_apart", "rank_table",
           "disputed_pairs", "decisive_disputes", "dispute_clips", "concat_tables"]

# name -> function(prediction, target); lower is better for every one
MEASURES = {
    "MSE": metrics.mse,
    "ESR": metrics.esr,
    "ESR pre-emphasis": lambda p, t: metrics.esr(p, t, pre_emphasis_coefficient=0.85),
    "DC error": metrics.dc_error,
    "log-spectral distance dB": metrics.log_spectral_distance,
    "MR-STFT": metrics.mr_stft_distance,
}
# Measures that need the sample rate and the band the material occupies (measure_table adds
# them when given both): the log-spectral distance over that band with a level floor, and
# the distance of the long-term spectra, which no phase and no timing can move.
BAND_LSD = "band-limited LSD dB"
LONG_TERM = "long-term spectrum dB"
# ViSQOL's objective estimate of perceived quality: its column keeps the short name the
# controlled cases and the limits study have always shown it under.
MOS_LQO = "MOS-LQO"
#: Column of a measure table -> the candidate perceptual judge that scores it: ViSQOL under
#: :data:`MOS_LQO`, every other candidate under its catalogue label.
PERCEPTUAL_COLUMNS: dict[str, PerceptualMeasure] = {
    (MOS_LQO if key == "visqol" else m.label): m for key, m in PERCEPTUAL_MEASURES.items()}
#: Every candidate's key, for :func:`measure_table`'s ``perceptual``.
ALL_JUDGES = tuple(PERCEPTUAL_MEASURES)
# The signal measures whose order of a set of outputs is compared with the perceptual
# judge's (ESR orders the outputs of one target exactly as MSE does).
RANKED_MEASURES = ("ESR", "ESR pre-emphasis", "log-spectral distance dB", BAND_LSD, "MR-STFT")
# What the floor, the spectral change and the closing text compare.
COMPARED = ("ESR", BAND_LSD, "MR-STFT")


def perceptual_column(key: str) -> str:
    """The measure-table column of the catalogue's judge ``key``.

    Examples
    --------
    >>> perceptual_column("visqol"), perceptual_column("2f")
    ('MOS-LQO', '2f MUSHRA')
    """
    measure = perceptual_measure(key)
    return next(c for c, m in PERCEPTUAL_COLUMNS.items() if m is measure)


def column_measure(column: str) -> PerceptualMeasure | None:
    """The perceptual judge behind a measure-table column, or None for a signal measure."""
    return PERCEPTUAL_COLUMNS.get(column)


def measure_table(outputs: dict[str, np.ndarray], target: np.ndarray, *,
                  measures: dict | None = None, sample_rate: int | None = None,
                  band: tuple[float, float] | None = None, floor_db: float = -60.0,
                  perceptual: Sequence[str] = ("visqol",)) -> pd.DataFrame:
    """Every measure of every output against ``target``: a DataFrame, outputs x measures.

    With ``sample_rate`` and ``band`` (Hz), :data:`BAND_LSD` and :data:`LONG_TERM` join
    the measures: the log-spectral distance and the long-term spectrum distance over that
    band, levels below ``floor_db`` relative to the target's peak raised to it. With
    ``sample_rate``, each judge of ``perceptual`` (keys of
    :data:`~dsp_paper.perceptual.PERCEPTUAL_MEASURES`; ``()`` for none, :data:`ALL_JUDGES` for
    every candidate) joins them under its :func:`perceptual_column`, NaN for clips it cannot
    judge (:meth:`~dsp_paper.perceptual.PerceptualMeasure.score_or_nan`). ViSQOL alone by
    default: the other candidates cost more per second of audio (the calibration's cost
    table), and only the re-judged outputs need them all.
    """
    measures = dict(measures or MEASURES)
    if band is not None:
        measures[BAND_LSD] = functools.partial(metrics.log_spectral_distance,
                                               sample_rate=sample_rate, band=band,
                                               floor_db=floor_db)
        measures[LONG_TERM] = functools.partial(metrics.long_term_spectrum_distance,
                                                sample_rate=sample_rate, band=band,
                                                floor_db=floor_db)
    if sample_rate is not None:
        for key in perceptual:
            measures[perceptual_column(key)] = functools.partial(
                perceptual_measure(key).score_or_nan, sample_rate=sample_rate)
    return pd.DataFrame({name: {m: float(f(out, target)) for m, f in measures.items()}
                         for name, out in outputs.items()}).T


# A signal measure orders a pair only by a clear margin: 1 dB (an energy ratio of 1.26, or
# 1 dB on a measure in dB); a perceptual one by its catalogue margin (half a category of its
# scale). Closer values are a tie, and so are two values of a signal measure both at rounding
# level (below 1e-9, such as every case's DC error).
TIE_DB = 1.0
ROUNDING_LEVEL = 1e-9


def preference_gap(a: float, b: float, measure: str) -> float:
    """How strongly ``measure`` prefers the output scoring ``a`` to the one scoring ``b``:
    positive when ``a`` is judged better. In the judge's own unit for a perceptual column
    (:data:`PERCEPTUAL_COLUMNS`: ``a - b`` where higher is better, ``b - a`` where lower is),
    in dB for a measure in dB (``b - a``) and an energy ratio (``10 log10 b/a``, both floored
    at :data:`ROUNDING_LEVEL`); NaN where either value is.

    Examples
    --------
    >>> preference_gap(80.0, 60.0, "2f MUSHRA"), preference_gap(1.0, 3.0, "loudness error LU")
    (20.0, 2.0)
    """
    if np.isnan(a) or np.isnan(b):
        return float("nan")
    judge = column_measure(measure)
    if judge is not None:
        return float(judge.badness(b) - judge.badness(a))
    if measure.endswith("dB"):
        return float(b - a)
    return float(10 * np.log10(max(b, ROUNDING_LEVEL) / max(a, ROUNDING_LEVEL)))


def margin_of(measure: str) -> float:
    """The smallest :func:`preference_gap` ``measure`` counts as a clear preference: a
    perceptual judge's catalogue margin, else :data:`TIE_DB`."""
    judge = column_measure(measure)
    return TIE_DB if judge is None else judge.margin


def gap_unit(measure: str) -> str:
    """What a :func:`preference_gap` of ``measure`` is counted in: ``"dB"`` for a signal
    measure, ``"LU"`` for a loudness error, ``"points"`` of a perceptual judge's score."""
    judge = column_measure(measure)
    if judge is None:
        return "dB"
    return judge.unit if judge.unit in ("LU", "dB") else "points"


def with_unit(number: str, measure: str) -> str:
    """``number`` (a formatted gap or margin of ``measure``) with :func:`gap_unit`: ``"1 dB"``,
    ``"0.5 points"``, ``"1 point"``, ``"1 LU"``."""
    unit = gap_unit(measure)
    return f"{number} point{'' if number == '1' else 's'}" if unit == "points" \
        else f"{number} {unit}"


def pair_order(a: float, b: float, measure: str) -> str:
    """"right" if ``a`` is clearly judged better than ``b`` (by :func:`margin_of`), "wrong" if
    clearly worse, "n/a" if either could not be judged, else "tie"."""
    if (column_measure(measure) is None and not measure.endswith("dB")
            and max(a, b) < ROUNDING_LEVEL):
        return "tie"
    gap = preference_gap(a, b, measure)
    if np.isnan(gap):
        return "n/a"
    margin = margin_of(measure)
    return "right" if gap >= margin else "wrong" if gap <= -margin else "tie"


def pairs_told_apart(table: pd.DataFrame, measure: str, margin: float) -> int:
    """How many pairs of the table's outputs ``measure`` orders by at least ``margin``
    (:func:`preference_gap`: dB, or a perceptual judge's own unit), either way: whether the
    measure sees differences among these outputs at the margin a dispute needs at all (a
    measure that tells no pair apart can take part in no dispute).

    Examples
    --------
    >>> frame = pd.DataFrame({"MOS-LQO": [1.45, 1.50, 1.52], "MSE": [1e-4, 2e-4, 1e-3]})
    >>> pairs_told_apart(frame, "MOS-LQO", 0.5), pairs_told_apart(frame, "MSE", 1.0)
    (0, 3)
    """
    if measure not in table.columns:
        raise ParameterError(f"measure {measure!r} is not in the table ({list(table.columns)})")
    values = table[measure].to_numpy(dtype=float)
    return int(sum(abs(preference_gap(a, b, measure)) >= margin
                   for a, b in itertools.combinations(values, 2)))


def rank_table(table: pd.DataFrame) -> pd.DataFrame:
    """Each output's rank under each measure (1 = judged best; ties share the lower rank;
    outputs a measure could not judge last).

    Parameters
    ----------
    table : pandas.DataFrame
        Outputs x measures (:func:`measure_table`): lower is better, but for a perceptual
        judge whose catalogue entry says higher is.
    """
    higher = lambda m: column_measure(m) is not None and column_measure(m).higher_is_better
    return pd.DataFrame({m: table[m].rank(method="min", ascending=not higher(m),
                                          na_option="bottom").astype(int)
                         for m in table.columns})


def disputed_pairs(table: pd.DataFrame, *, first: str = "MSE",
                   second: str = "MR-STFT") -> pd.DataFrame:
    """Pairs of outputs that two measures order differently.

    Returns
    -------
    pandas.DataFrame
        One row per disputed pair, ``better by <first>`` and ``better by <second>``, each
        measure's ratio of the two outputs' values, and ``dispute`` (the product of the two
        ratios, taken above 1: how strongly they disagree). Most disputed first.
    """
    for m in (first, second):
        if m not in table.columns:
            raise ParameterError(f"measure {m!r} is not in the table ({list(table.columns)})")
    rows = []
    for a, b in itertools.combinations(table.index, 2):
        da = table.loc[a, first] - table.loc[b, first]
        db = table.loc[a, second] - table.loc[b, second]
        if da * db < 0:
            ratio_first = table.loc[a, first] / table.loc[b, first]
            ratio_second = table.loc[a, second] / table.loc[b, second]
            rows.append({f"better by {first}": a if da < 0 else b,
                         f"better by {second}": a if db < 0 else b,
                         f"{first} ratio": max(ratio_first, 1 / ratio_first),
                         f"{second} ratio": max(ratio_second, 1 / ratio_second)})
    frame = pd.DataFrame(rows, columns=[f"better by {first}", f"better by {second}",
                                        f"{first} ratio", f"{second} ratio"])
    frame["dispute"] = frame[f"{first} ratio"] * frame[f"{second} ratio"]
    return frame.sort_values("dispute", ascending=False).reset_index(drop=True)


def decisive_disputes(table: pd.DataFrame, *, mse_margin_db: float, second_margin: float,
                      first: str = "MSE", second: str = BAND_LSD) -> pd.DataFrame:
    """Pairs of outputs that MSE and a second measure order oppositely, each by at least its
    margin: MSE by a ratio of ``10 ** (mse_margin_db / 10)``, the second by ``second_margin``
    (in :func:`gap_unit`: dB for a signal measure, a perceptual judge's own unit, its
    direction from the catalogue; :func:`preference_gap`). Smaller gaps on either side are
    ties, not disputes; outputs a measure could not judge take no part.

    Returns
    -------
    pandas.DataFrame
        One row per decisive dispute: ``better by <first>``, ``better by <second>``, the MSE
        gap in dB and the second measure's gap, largest disputes (the smaller of the two
        gaps, each over its margin) first.
    """
    for m in (first, second):
        if m not in table.columns:
            raise ParameterError(f"measure {m!r} is not in the table ({list(table.columns)})")
    rows = []
    for a, b in itertools.combinations(table.index, 2):
        # > 0: that measure prefers a
        first_gap = preference_gap(table.loc[a, first], table.loc[b, first], first)
        second_gap = preference_gap(table.loc[a, second], table.loc[b, second], second)
        if (first_gap * second_gap < 0 and abs(first_gap) >= mse_margin_db
                and abs(second_gap) >= second_margin):
            rows.append({f"better by {first}": a if first_gap > 0 else b,
                         f"better by {second}": a if second_gap > 0 else b,
                         f"{first} gap dB": abs(first_gap), f"{second} gap": abs(second_gap),
                         "_strength": min(abs(first_gap) / max(mse_margin_db, 1e-12),
                                          abs(second_gap) / max(second_margin, 1e-12))})
    frame = pd.DataFrame(rows, columns=[f"better by {first}", f"better by {second}",
                                        f"{first} gap dB", f"{second} gap", "_strength"])
    return (frame.sort_values("_strength", ascending=False, kind="stable")
            .drop(columns="_strength").reset_index(drop=True))


def dispute_clips(disputed: pd.DataFrame, outputs: dict[str, np.ndarray], target: np.ndarray,
                  *, shown: int, first: str = "MSE",
                  second: str = BAND_LSD) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    """The clips a listener needs to settle the ``shown`` first pairs of a dispute table.

    Parameters
    ----------
    disputed : pandas.DataFrame
        :func:`disputed_pairs` or :func:`decisive_disputes`: columns ``better by <first>``
        and ``better by <second>``.
    outputs : dict of str -> np.ndarray, shape (n,)
        Every output the table names.
    target : np.ndarray, shape (n,)
    shown : int
        How many pairs, from the top.

    Returns
    -------
    clips : dict of str -> np.ndarray
        ``target`` and each output of those pairs once.
    what : dict of str -> str
        Each clip's description: which measure prefers it to which other output.
    """
    preferred = {}
    for _, row in disputed.head(shown).iterrows():
        a, b = row[f"better by {first}"], row[f"better by {second}"]
        preferred.setdefault(a, []).append(f"{first} prefers it to {b}")
        preferred.setdefault(b, []).append(f"{second} prefers it to {a}")
    missing = sorted(set(preferred) - set(outputs))
    if missing:
        raise ParameterError(f"the dispute table names outputs that are not given: {missing}")
    clips = {"target": target, **{name: outputs[name] for name in preferred}}
    what = {"target": "the reference every output is measured against",
            **{name: "; ".join(why) for name, why in preferred.items()}}
    return clips, what


def concat_tables(tables: dict, names: list[str]) -> pd.DataFrame:
    """``tables`` (key -> DataFrame) stacked into one, the keys as the first index level(s)
    and ``names`` naming every level."""
    return pd.concat(tables, names=names)
