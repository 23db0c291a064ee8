"""The measures 07 judges outputs by, and how two of them are set against each other: each
output's value under each measure (:func:`measure_table`), which of two outputs a measure
prefers and by how much (:func:`preference_gap`, :func:`pair_order`), ranks, and the pairs two
measures order oppositely (:func:`disputed_pairs`, :func:`decisive_disputes`)."""
from __future__ import annotations

import functools
import itertools

import numpy as np
import pandas as pd

from dsp_paper import metrics
from dsp_paper.errors import ParameterError

__all__ = ["MEASURES", "BAND_LSD", "LONG_TERM", "MOS_LQO", "RANKED_MEASURES", "COMPARED",
           "TIE_DB", "TIE_MOS", "ROUNDING_LEVEL", "measure_table", "preference_gap",
           "pair_order", "pairs_told_apart", "rank_table", "disputed_pairs", "decisive_disputes",
           "dispute_clips", "concat_tables"]

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
# ViSQOL's objective estimate of perceived quality (measure_table adds it when given the
# sample rate): the one measure here on which higher is better.
MOS_LQO = "MOS-LQO"
# The signal measures whose order of a set of outputs is compared with MOS-LQO's (ESR orders
# the outputs of one target exactly as MSE does).
RANKED_MEASURES = ("ESR", "ESR pre-emphasis", "log-spectral distance dB", BAND_LSD, "MR-STFT")
# What the floor, the spectral change and the closing text compare.
COMPARED = ("ESR", BAND_LSD, "MR-STFT")


def measure_table(outputs: dict[str, np.ndarray], target: np.ndarray, *,
                  measures: dict | None = None, sample_rate: int | None = None,
                  band: tuple[float, float] | None = None, floor_db: float = -60.0,
                  perceptual: bool = True) -> pd.DataFrame:
    """Every measure of every output against ``target``: a DataFrame, outputs x measures.

    With ``sample_rate`` and ``band`` (Hz), :data:`BAND_LSD` and :data:`LONG_TERM` join
    the measures: the log-spectral distance and the long-term spectrum distance over that
    band, levels below ``floor_db`` relative to the target's peak raised to it. With
    ``sample_rate`` and ``perceptual``, :data:`MOS_LQO` joins them too (ViSQOL's
    :func:`~dsp_paper.metrics.mos_lqo_or_nan`: NaN for clips it cannot judge); it is the
    only column on which higher is better.
    """
    measures = dict(measures or MEASURES)
    if band is not None:
        measures[BAND_LSD] = functools.partial(metrics.log_spectral_distance,
                                               sample_rate=sample_rate, band=band,
                                               floor_db=floor_db)
        measures[LONG_TERM] = functools.partial(metrics.long_term_spectrum_distance,
                                                sample_rate=sample_rate, band=band,
                                                floor_db=floor_db)
    if sample_rate is not None and perceptual:
        measures[MOS_LQO] = functools.partial(metrics.mos_lqo_or_nan, sample_rate=sample_rate)
    return pd.DataFrame({name: {m: float(f(out, target)) for m, f in measures.items()}
                         for name, out in outputs.items()}).T


# A measure orders a pair only by a clear margin: 1 dB (an energy ratio of 1.26, or 1 dB on a
# measure in dB), half a point of MOS-LQO (the perceptual claims' margin). Closer values are
# a tie, and so are two values both at rounding level (below 1e-9, such as every case's DC
# error).
TIE_DB = 1.0
TIE_MOS = 0.5
ROUNDING_LEVEL = 1e-9


def preference_gap(a: float, b: float, measure: str) -> float:
    """How strongly ``measure`` prefers the output scoring ``a`` to the one scoring ``b``:
    positive when ``a`` is judged better. In dB for :data:`MOS_LQO`'s points (a - b), a
    measure in dB (b - a) and an energy ratio (10 log10 b/a, both floored at
    :data:`ROUNDING_LEVEL`); NaN where either value is."""
    if np.isnan(a) or np.isnan(b):
        return float("nan")
    if measure == MOS_LQO:
        return float(a - b)
    if measure.endswith("dB"):
        return float(b - a)
    return float(10 * np.log10(max(b, ROUNDING_LEVEL) / max(a, ROUNDING_LEVEL)))


def pair_order(a: float, b: float, measure: str) -> str:
    """"right" if ``a`` is clearly judged better than ``b``, "wrong" if clearly worse, "n/a"
    if either could not be judged, else "tie"."""
    if measure != MOS_LQO and not measure.endswith("dB") and max(a, b) < ROUNDING_LEVEL:
        return "tie"
    gap = preference_gap(a, b, measure)
    if np.isnan(gap):
        return "n/a"
    margin = TIE_MOS if measure == MOS_LQO else TIE_DB
    return "right" if gap >= margin else "wrong" if gap <= -margin else "tie"


def pairs_told_apart(table: pd.DataFrame, measure: str, margin: float) -> int:
    """How many pairs of the table's outputs ``measure`` orders by at least ``margin``
    (:func:`preference_gap`: dB, or points of :data:`MOS_LQO`), either way: whether the measure
    sees differences among these outputs at the margin a dispute needs at all (a measure that
    tells no pair apart can take part in no dispute).

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
        Outputs x measures (:func:`measure_table`): lower is better, but for
        :data:`MOS_LQO`.
    """
    return pd.DataFrame({m: table[m].rank(method="min", ascending=m != MOS_LQO,
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
    (dB for a measure in dB, points for :data:`MOS_LQO`; :func:`preference_gap`). Smaller gaps
    on either side are ties, not disputes; outputs a measure could not judge take no part.

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
