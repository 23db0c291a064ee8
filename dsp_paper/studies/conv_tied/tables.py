"""04's tables: 000's conv table beside ours, the report's paper-versus-ours rows, the
ablations beside the baseline."""
from __future__ import annotations

import pandas as pd

from dsp_paper.studies.conv_tied.ablations import AblationExperiment
from dsp_paper.studies.conv_tied.experiment import ConvExperiment
from dsp_paper.studies.dense_baselines import COMPARED, PAPER_CONV_ROWS, multi_frame, paper_nmse
from dsp_paper.study.prose import plural
from dsp_paper.study.report import paper_vs_ours

__all__ = ["conv_table", "conv_paper_vs_ours", "ablation_table"]


def conv_table(conv: ConvExperiment) -> pd.DataFrame:
    """04's table: at each epoch 000's row (reported) then ours per seed, then the FIR.

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
    rows["FIR", f"least-squares FIR, {conv.fir.taps} taps"] = conv.fir.row
    return multi_frame(rows, ["epoch", "source"])


def conv_paper_vs_ours(conv: ConvExperiment) -> pd.DataFrame:
    """000's numbers beside ours at the epochs both have (the first trained snapshot and the
    last); when none is shared (smoke), 000's epoch 5 beside our last.

    Returns
    -------
    pandas.DataFrame
    """
    shared = [(e, e) for e in sorted({conv.first, conv.final}) if e in PAPER_CONV_ROWS]
    rows = []
    for paper_epoch, epoch in shared or [(min(e for e in PAPER_CONV_ROWS if e > 0), conv.final)]:
        note = f"mean of {plural(len(conv.seeds), 'seed')}" + (
            "" if paper_epoch == epoch else f", this run after {epoch} epochs")
        paper = paper_nmse(PAPER_CONV_ROWS[paper_epoch])
        rows += [(f"{column}, epoch {paper_epoch}", paper[column],
                  float(f"{conv.mean(epoch, column):.3g}"), note) for column in COMPARED]
    return paper_vs_ours(rows)


def ablation_table(ablations: AblationExperiment, conv: ConvExperiment) -> pd.DataFrame:
    """The ablations beside the baseline after the same epochs, one row per seed.

    Returns
    -------
    pandas.DataFrame
        Indexed by (model, seed).
    """
    rows = {("unmodified baseline", s): conv.rows[ablations.epochs, s] for s in conv.seeds}
    rows.update(ablations.rows)
    return multi_frame(rows, [f"after {ablations.epochs} epochs", "seed"])
