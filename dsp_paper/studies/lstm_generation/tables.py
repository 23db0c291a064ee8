"""The tables of notebook 06 beyond those its experiments carry: the training MSE 003 stopped
at beside ours, and every training."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dsp_paper.study import report
from dsp_paper.study.prose import mean
from dsp_paper.studies.lstm_generation.experiment import AmenRun, KickRun, VowelRun
from dsp_paper.studies.lstm_generation.paper import DOCUMENT

__all__ = ["paper_vs_ours", "training_table"]

_REP_NAME = {"fft": "FFT", "raw": "raw"}


def paper_vs_ours(kicks: KickRun, amen: AmenRun) -> pd.DataFrame:
    """The training MSE 003 stopped at beside ours (mean over seeds, with the epochs).

    Returns
    -------
    pandas.DataFrame
        :func:`dsp_paper.study.report.paper_vs_ours`'s layout.
    """
    def row(quantity: str, paper: float, runs: Iterable) -> tuple:
        runs = list(runs)
        return (quantity, paper, float(f"{mean(r.log.loss[-1] for r in runs):.3g}"),
                f"mean of {len(runs)} seeds, "
                f"{mean(len(r.log.epoch) for r in runs):.0f} epochs on average")

    return report.paper_vs_ours([row("kicks: training MSE when stopped",
                                     DOCUMENT.kick_target_mse, kicks.runs.values()),
                                 *[row(f"amen, {rep}: training MSE when stopped",
                                       DOCUMENT.amen_target_mse,
                                       [r for (p, _), r in amen.runs.items() if p == rep])
                                   for rep in ("fft", "raw")]])


def _trainings(vowel: VowelRun, kicks: KickRun, amen: AmenRun) -> list[tuple]:
    return ([("vowel, FFT frames", vowel.seed, vowel.training)]
            + [("kicks, FFT frames", s, r) for s, r in kicks.runs.items()]
            + [(f"amen, {_REP_NAME[rep]} frames", s, r) for (rep, s), r in amen.runs.items()])


def training_table(vowel: VowelRun, kicks: KickRun, amen: AmenRun) -> pd.DataFrame:
    """Every training: epochs run, the MSE it stopped at, the document's target, seconds, and
    what stopped it (``"target"``, ``"epochs"``, ...).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(model, seed)``.
    """
    targets = {"kicks": DOCUMENT.kick_target_mse, "amen": DOCUMENT.amen_target_mse}
    rows = []
    for name, seed, run in _trainings(vowel, kicks, amen):
        rows.append({"model": name, "seed": seed,
                     "epochs": len(run.log.epoch), "training MSE": run.log.loss[-1],
                     "document's target MSE": targets.get(name.split(",")[0], float("nan")),
                     "seconds": run.log.seconds[-1], "stopped by": run.log.stop_reason})
    return pd.DataFrame(rows).set_index(["model", "seed"])
