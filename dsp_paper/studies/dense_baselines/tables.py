"""03's tables: 000's rows beside ours (with the normalised MSEs), the report's paper-versus-ours
rows, and the outputs' spectral flatness."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dsp_paper import signals
from dsp_paper.metrics import spectral_flatness
from dsp_paper.nn.evaluation import EXTRA_COLUMNS
from dsp_paper.studies.dense_baselines.clips import dense_net_clips
from dsp_paper.studies.dense_baselines.experiment import DENSE_ACTIVATIONS, END, DenseExperiment
from dsp_paper.studies.dense_baselines.paper import (NMSE_COLUMNS, PAPER_COLUMNS,
                                                     PAPER_DENSE_EPOCHS, PAPER_DENSE_ROWS,
                                                     paper_nmse)
from dsp_paper.study.prose import plural
from dsp_paper.study.report import paper_vs_ours

__all__ = ["frame", "multi_frame", "COMPARED", "dense_table", "dense_paper_vs_ours",
           "flatness_table"]


def frame(rows: dict, *, index_name: str) -> pd.DataFrame:
    """Table rows ``{name: row}`` as a DataFrame in 000's column order, then the normalised
    MSEs and the extra columns."""
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = index_name
    return frame[[c for c in (*PAPER_COLUMNS, *NMSE_COLUMNS, *EXTRA_COLUMNS)
                  if c in frame.columns]]


def multi_frame(rows: dict, names: list[str]) -> pd.DataFrame:
    """As :func:`frame`, the rows keyed by tuples (index levels ``names``)."""
    frame = pd.DataFrame(list(rows.values()),
                         index=pd.MultiIndex.from_tuples(list(rows), names=names))
    return frame[[c for c in (*PAPER_COLUMNS, *NMSE_COLUMNS, *EXTRA_COLUMNS)
                  if c in frame.columns]]


def dense_table(dense: DenseExperiment) -> pd.DataFrame:
    """03's table: 000's rows (reported, after 4000 epochs), then ours per seed at the early
    epoch and at the end (the best epoch's weights, restored; "end" in the epoch column),
    then the least-squares FIR; 000's columns, the normalised MSEs (000's
    from its "reference", ours from each split's target variance), ESR and LSD.

    Returns
    -------
    pandas.DataFrame
        Indexed by (net, epoch, source).
    """
    scale = dense.cfg.scale
    rows = {(label, PAPER_DENSE_EPOCHS[-1], "000 (reported)"): paper_nmse(row)
            for label, row in PAPER_DENSE_ROWS.items()}
    rows.update({(label, epoch, f"this run ({scale}), seed {seed}"): dense.rows[label, epoch, seed]
                 for label, epoch, seed in sorted(dense.rows,
                                                  key=lambda k: (k[0], k[1] == END, k[2]))})
    rows[(f"least-squares FIR, {dense.fir.taps} taps", "closed form",
          f"this run ({scale})")] = dense.fir.row
    return multi_frame(rows, ["net", "epoch", "source"])


#: The columns the report puts 000's numbers and ours side by side in.
COMPARED = ("train mse", "val mse", "test mse", "train nmse", "val nmse")


def dense_paper_vs_ours(dense: DenseExperiment) -> pd.DataFrame:
    """000's numbers beside ours for the report: each net's MSEs and normalised MSEs, 000
    after 4000 epochs, this run at its end (trained to a plateau; mean of the seeds).

    Returns
    -------
    pandas.DataFrame
        :func:`~dsp_paper.study.report.paper_vs_ours`.
    """
    final = END
    note = (f"000 after {PAPER_DENSE_EPOCHS[-1]} epochs, this run trained to a plateau "
            f"(cap {dense.cfg.epoch_cap} epochs; mean of {plural(len(dense.seeds), 'seed')})")
    return paper_vs_ours([(f"{label} net: {column}", paper_nmse(PAPER_DENSE_ROWS[label])[column],
                           float(f"{dense.mean(label, final, column):.3g}"), note)
                          for label in DENSE_ACTIVATIONS for column in COMPARED])


def flatness_table(dense: DenseExperiment) -> pd.DataFrame:
    """Spectral flatness and correlation with the expected output of each of the first
    seed's outputs on the first piano piece, beside white noise's.

    Returns
    -------
    pandas.DataFrame
        Indexed by output.
    """
    target = dense.corpus.split("test")[0].target
    noise = signals.noise("white", seconds=target.size / dense.sample_rate,
                          sample_rate=dense.sample_rate, seed=3)
    clips = {"expected output": target, "white noise (reference)": noise,
             **dense_net_clips(dense), f"least-squares FIR ({dense.fir.taps} taps)":
                 dense.fir.test_outputs[0]}
    return pd.DataFrame([dict(output=name, spectral_flatness=spectral_flatness(audio),
                              correlation_with_target=float(np.corrcoef(audio, target)[0, 1]))
                         for name, audio in clips.items()]).set_index("output")
