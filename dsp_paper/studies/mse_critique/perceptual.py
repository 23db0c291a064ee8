"""2b. The perceptual judge's rank agreement: how far each signal measure orders a pool of
models as the perceptual judge does (Kendall's tau), per pool and seed. The judge is the one
the calibration shows (the re-judged results' ``choice``): the calibrated measure when one
passes every family, else the best candidate."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import scipy.stats

from dsp_paper.errors import ParameterError
from dsp_paper.studies.mse_critique.measures import RANKED_MEASURES, column_measure
from dsp_paper.studies.mse_critique.rejudged import HighpassRejudged, LowpassRejudged

__all__ = ["rank_agreement", "LOWPASS_POOL", "rank_pools", "rank_agreement_table",
           "rank_agreement_summary"]


def rank_agreement(tables: dict, *, reference: str,
                   measures: Sequence[str] = RANKED_MEASURES) -> pd.DataFrame:
    """Kendall's tau between each measure's order of a set of outputs and ``reference``'s.

    Parameters
    ----------
    tables : dict of hashable -> pandas.DataFrame
        A name (a pool of outputs, a seed) ->
        :func:`~dsp_paper.studies.mse_critique.measure_table` of those outputs.
    reference : str
        The column every measure is set against: a perceptual judge's
        (:data:`~dsp_paper.studies.mse_critique.PERCEPTUAL_COLUMNS`), or any other.
    measures : sequence of str
        The columns compared with ``reference``.

    Returns
    -------
    pandas.DataFrame
        One row per table: ``outputs`` (those ``reference`` could judge) and, per measure,
        tau oriented so that 1 is the same order (each judging its best first), -1 the
        reverse and 0 no relation; NaN with fewer than three outputs. Computed with
        :func:`scipy.stats.kendalltau` (tau-b, ties counted).
    """
    rows = {}
    for key, table in tables.items():
        missing = [m for m in (*measures, reference) if m not in table.columns]
        if missing:
            raise ParameterError(f"measures {missing} are not in the table ({list(table.columns)})")
        judged = table[table[reference].notna()]
        # scores on which lower is better, so that agreeing measures correlate positively:
        # each perceptual judge's direction is its catalogue entry's
        badness = lambda m: (judged[m].map(column_measure(m).badness)
                             if column_measure(m) is not None else judged[m])
        row = {"outputs": len(judged)}
        for m in measures:
            row[m] = (float(scipy.stats.kendalltau(badness(m), badness(reference)).statistic)
                      if len(judged) >= 3 else float("nan"))
        rows[key] = row
    frame = pd.DataFrame(rows).T
    frame["outputs"] = frame["outputs"].astype(int)
    return frame


LOWPASS_POOL = "03's and 04's nets, test piano"


def rank_pools(lowpass: LowpassRejudged,
               highpass: HighpassRejudged) -> dict[tuple[str, int], pd.DataFrame]:
    """The sets of outputs whose orders are compared (:func:`rank_agreement`).

    Returns
    -------
    dict of (str, int) -> pandas.DataFrame
        (pool, seed) -> measure table: 000's nets on the test piano for every seed, and 05's
        networks on each part of its validation audio (the first seed, the only one at which
        05 runs every network).
    """
    pools = {(LOWPASS_POOL, seed): t for seed, t in lowpass.tables.items()}
    pools.update({(f"05's networks, {part}", lowpass.seeds[0]): t
                  for part, t in highpass.tables.items()})
    return pools


def rank_agreement_table(lowpass: LowpassRejudged, highpass: HighpassRejudged) -> pd.DataFrame:
    """:func:`rank_agreement` of every pool of :func:`rank_pools` against the shown perceptual
    judge (``lowpass.judge``): rows (pool, seed)."""
    frame = rank_agreement(rank_pools(lowpass, highpass), reference=lowpass.judge)
    frame.index.names = ["pool", "seed"]
    return frame


def rank_agreement_summary(agreement: pd.DataFrame) -> pd.DataFrame:
    """Per pool, the mean of each measure's tau over the seeds, and its lowest and highest
    (the spread): columns ``<measure> mean``, ``<measure> lowest``, ``<measure> highest``
    and ``seeds``."""
    grouped = agreement.drop(columns="outputs").groupby(level="pool", sort=False)
    stats = {"mean": grouped.mean(), "lowest": grouped.min(), "highest": grouped.max()}
    frame = pd.DataFrame({f"{m} {stat}": stats[stat][m]
                          for m in agreement.columns.drop("outputs") for stat in stats})
    frame["seeds"] = grouped.size()
    return frame
