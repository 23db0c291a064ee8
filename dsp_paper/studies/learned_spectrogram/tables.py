"""The tables of notebook 02 beyond those its results carry: the post's numbers beside ours."""
from __future__ import annotations

import pandas as pd

from dsp_paper.nn.training import TrainingLog
from dsp_paper.study import report
from dsp_paper.study.prose import spread_text
from dsp_paper.studies.learned_spectrogram.data import SliceData
from dsp_paper.studies.learned_spectrogram.experiment import DftRun, ExactReference, StftRuns
from dsp_paper.studies.learned_spectrogram.paper import DOCUMENT

__all__ = ["duration", "paper_vs_ours"]


def duration(seconds: float) -> str:
    """``seconds`` as minutes from two minutes on, else as seconds."""
    return f"{seconds / 60:.3g} min" if seconds >= 120 else f"{seconds:.3g} s"


def _first_below(log: TrainingLog, level: float) -> str:
    hit = log.first_below(level)
    return f"epoch {hit[0]}, {hit[1]:.0f} s" if hit else f"not within {log.epoch[-1]} epochs"


def paper_vs_ours(runs: StftRuns, data: SliceData, exact: ExactReference,
                  dft: DftRun) -> pd.DataFrame:
    """Every number 004 reports beside this run's (mean [min–max] over the seeds).

    Parameters
    ----------
    runs : StftRuns
    data : SliceData
    exact : ExactReference
    dft : DftRun

    Returns
    -------
    pandas.DataFrame
        :func:`dsp_paper.study.report.paper_vs_ours`'s layout.
    """
    logs = [r.log for r in runs.results.values()]
    rows = []
    for epoch, loss, seconds in DOCUMENT.reported():
        here = [lg.at(epoch) for lg in logs]
        ours = (f"{spread_text(here, '.2e')} "
                f"({spread_text([lg.at(epoch, 'seconds') for lg in logs], '.0f')} s)"
                if None not in here else f"not run ({logs[0].epoch[-1]} epochs at this scale)")
        rows.append((f"loss after {epoch} epochs (ours: validation)", f"{loss:.1e} (about {duration(seconds)})",
                     ours))
    first_epoch, first_loss, first_seconds = DOCUMENT.reported()[0]
    rows += [
        (f"time to reach {first_loss:.1e}", f"about {duration(first_seconds)} (epoch "
                                            f"{first_epoch})",
         "; ".join(f"seed {s}: {_first_below(r.log, first_loss)}"
                   for s, r in runs.results.items())),
        ("final test loss", "—", f"{spread_text(runs.test_mses(), '.2e')} with the weights of "
                                 f"epoch {spread_text(runs.column('epoch'), '.0f')} (the best on "
                                 f"the validation slices, kept; "
                                 f"the plateau found after "
                                 f"{spread_text([lg.epoch[-1] for lg in logs], '.0f')} epochs, "
                                 f"{spread_text(runs.column('seconds'), '.0f')} s)"),
        ("float32 floor for these targets", "—", f"{exact.floor:.1e}"),
        ("weights", DOCUMENT.weights, f"{runs.first.model.count_params():,}"),
        ("layer shape (inputs, outputs)", f"({DOCUMENT.slice_samples}, {DOCUMENT.outputs})",
         f"({data.n_samples}, {data.y_train.shape[1]})"),
        ("training examples", f"{DOCUMENT.examples:,}", f"{len(data.x_train):,}"),
        ("output frames x bins", f"{DOCUMENT.frames} x {DOCUMENT.bins}",
         f"{data.n_frames} x {data.n_bins}"),
        (f"DFT-{DOCUMENT.dft_size} weights", f"about {DOCUMENT.dft_weights // 1000}k",
         f"{dft.result.model.count_params():,}"),
        (f"DFT-{DOCUMENT.dft_size} test loss", "— (\"works like a charm\")",
         f"{dft.test_loss:.2e} after {dft.result.log.epoch[-1]} epochs"),
    ]
    return report.paper_vs_ours(rows)
