"""03's figures: the dense nets' training curves and the spectra of their outputs."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from dsp_paper.plotting import seed_curves, spectrum
from dsp_paper.studies.dense_baselines.clips import dense_net_clips
from dsp_paper.studies.dense_baselines.experiment import DENSE_ACTIVATIONS, DenseExperiment
from dsp_paper.study.prose import plural

if TYPE_CHECKING:
    from dsp_paper.nn.training import TrainingResult

__all__ = ["curves", "dense_curves_figure", "dense_spectra_figure"]


def curves(runs: Iterable[TrainingResult], *, attribute: str,
           epochs: int | None = None) -> list[tuple]:
    """``(epochs, values)`` of one log attribute (``"loss"``, ``"val_loss"``) per run, the
    first ``epochs`` of each (all by default): one panel entry of
    :func:`~dsp_paper.plotting.seed_curves`."""
    return [(run.log.epoch[:epochs], getattr(run.log, attribute)[:epochs]) for run in runs]


def dense_curves_figure(dense: DenseExperiment) -> Figure:
    """Training and validation MSE of both dense nets over the epochs, every seed, with the
    least-squares FIR's levels (matplotlib Figure)."""
    panels = {title: {f"{label} net": curves([dense.runs[label, s] for s in dense.seeds],
                                             attribute=attribute)
                      for label in DENSE_ACTIVATIONS}
              for title, attribute in (("training (sweeps)", "loss"),
                                       ("validation (held-out sweeps)", "val_loss"))}
    fir = f"least-squares FIR, {dense.fir.taps} taps"
    return seed_curves(panels, references={
        "training (sweeps)": {fir: dense.fir.row["train mse"]},
        "validation (held-out sweeps)": {fir: dense.fir.row["val mse"]}},
        title=f"dense nets on the lowpass ({plural(len(dense.seeds), 'seed')} each)")


def dense_spectra_figure(dense: DenseExperiment) -> Figure:
    """Welch spectra of the expected piano output and the first seed's nets and FIR
    (matplotlib Figure, legend outside)."""
    target = dense.corpus.split("test")[0].target
    fig = spectrum({"expected output": target, **dense_net_clips(dense),
                    f"least-squares FIR ({dense.fir.taps} taps)": dense.fir.test_outputs[0]},
                   dense.sample_rate, title="test piano: spectra of the outputs")
    ax = fig.axes[0]
    ax.lines[0].set(color="k", lw=1.8, zorder=5)  # the expected output, on top
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    return fig
