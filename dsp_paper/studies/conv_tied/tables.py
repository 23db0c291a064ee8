"""04's tables: 000's conv table beside ours, the report's paper-versus-ours rows, the
ablations beside the baseline."""
from __future__ import annotations

import pandas as pd

from dsp_paper.studies.conv_tied.ablations import AblationExperiment
from dsp_paper.studies.conv_tied.experiment import ConvExperiment
from dsp_paper.studies.dense_baselines import (COMPARED, END, PAPER_CONV_ROWS, multi_frame,
                                               paper_nmse)
from dsp_paper.study.prose import plural
from dsp_paper.study.report import paper_vs_ours

__all__ = ["conv_table", "conv_paper_vs_ours", "ablation_table"]


def conv_table(conv: ConvExperiment) -> pd.DataFrame:
    """04's table: at each epoch 000's row (reported) then ours per seed (where the training
    reached it), then ours at the end ("end": the best epoch's weights, restored), then the FIR.

    Returns
    -------
    pandas.DataFrame
        Indexed by (epoch, source).
    """
    scale = conv.cfg.scale
    rows = {}
    for epoch in sorted(set(PAPER_CONV_ROWS) | set(conv.cfg.snapshots)):
        if epoch in PAPER_CONV_ROWS:
            rows[epoch, "000 (reported)"] = paper_nmse(PAPER_CONV_ROWS[epoch])
        rows.update({(epoch, f"this run ({scale}), seed {s}"): conv.rows[epoch, s]
                     for s in conv.seeds if (epoch, s) in conv.rows})
    rows.update({(END, f"this run ({scale}), seed {s}, best epoch "
                       f"{conv.runs[s].log.restored_epoch}"): conv.rows[END, s]
                 for s in conv.seeds})
    rows["FIR", f"least-squares FIR, {conv.fir.taps} taps"] = conv.fir.row
    return multi_frame(rows, ["epoch", "source"])


def conv_paper_vs_ours(conv: ConvExperiment) -> pd.DataFrame:
    """000's numbers beside ours: at the first trained snapshot where 000's table has that
    epoch, and 000's last row (epoch 50) beside ours at the end (trained to a plateau).

    Returns
    -------
    pandas.DataFrame
    """
    pairs = [(conv.first, conv.first)] if conv.first in PAPER_CONV_ROWS else []
    pairs.append((max(PAPER_CONV_ROWS), END))
    rows = []
    for paper_epoch, epoch in pairs:
        note = f"mean of {plural(len(conv.seeds), 'seed')}" + (
            "" if paper_epoch == epoch else
            f", this run trained to a plateau (cap {conv.cfg.epoch_cap} epochs)")
        paper = paper_nmse(PAPER_CONV_ROWS[paper_epoch])
        rows += [(f"{column}, epoch {paper_epoch}", paper[column],
                  float(f"{conv.mean(epoch, column):.3g}"), note) for column in COMPARED]
    return paper_vs_ours(rows)


def ablation_table(ablations: AblationExperiment, conv: ConvExperiment) -> pd.DataFrame:
    """The ablations beside the baseline, all at their end (trained to a plateau under the
    same patience and cap), one row per seed.

    Returns
    -------
    pandas.DataFrame
        Indexed by (model, seed).
    """
    rows = {("unmodified baseline", s): conv.rows[END, s] for s in conv.seeds}
    rows.update(ablations.rows)
    return multi_frame(rows, [f"trained to a plateau (patience {conv.cfg.patience}, cap "
                              f"{ablations.epochs} epochs)", "seed"])
