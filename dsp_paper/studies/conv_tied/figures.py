"""04's figures: the conv net's curves beside 000's test MSE, the ablations' curves, and one
block edge up close (the tick)."""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from dsp_paper.plotting import seed_curves, subplots
from dsp_paper.studies.conv_tied.ablations import ABLATIONS, AblationExperiment
from dsp_paper.studies.conv_tied.experiment import ConvExperiment
from dsp_paper.studies.conv_tied.tick import TickExperiment
from dsp_paper.studies.dense_baselines import END, PAPER_CONV_ROWS, curves
from dsp_paper.study.prose import plural

__all__ = ["conv_curves_figure", "ablation_curves_figure", "tick_edge", "tick_figure"]


def conv_curves_figure(conv: ConvExperiment) -> Figure:
    """The tied conv net's training and validation MSE over the epochs and its test MSE at
    the snapshots it reached and at its end (drawn at the best epoch, whose weights it ended
    on), beside 000's reported test MSE, every seed (matplotlib Figure). Each axis spans
    these curves: the least-squares FIR, decades below them, is drawn only where it lies
    among them and otherwise marked in the panel and given in the legend (see
    :func:`~dsp_paper.plotting.seed_curves`)."""
    runs = [conv.runs[s] for s in conv.seeds]

    def test_curve(s: int) -> tuple[list, list]:
        reached = [e for e in sorted(conv.cfg.snapshots) if (e, s) in conv.rows]
        best = conv.runs[s].log.restored_epoch
        points = sorted({**{e: conv.rows[e, s]["test mse"] for e in reached},
                         **({best: conv.rows[END, s]["test mse"]} if best else {})}.items())
        return [e for e, _ in points], [v for _, v in points]

    fir = f"least-squares FIR, {conv.fir.taps} taps"
    paper_epochs = sorted(PAPER_CONV_ROWS)
    panels = {"training (sweeps)": {"tied conv net": curves(runs, attribute="loss")},
              "validation (held-out sweeps)": {
                  "tied conv net": curves(runs, attribute="val_loss")},
              "test (piano) at the snapshots": {
                  "tied conv net": [test_curve(s) for s in conv.seeds],
                  "000 (reported)": [(paper_epochs, [PAPER_CONV_ROWS[e]["test mse"]
                                                     for e in paper_epochs])]}}
    return seed_curves(panels, references={
        "training (sweeps)": {fir: conv.fir.row["train mse"]},
        "validation (held-out sweeps)": {fir: conv.fir.row["val mse"]},
        "test (piano) at the snapshots": {fir: conv.fir.row["test mse"]}}, sharey=False,
        title=f"tied conv net ({plural(len(conv.seeds), 'seed')})")


def ablation_curves_figure(ablations: AblationExperiment, conv: ConvExperiment) -> Figure:
    """Training and validation MSE of the baseline and the two ablations, every seed, each
    trained to a plateau under the same budget (matplotlib Figure)."""
    panels = {}
    for title, attribute in (("training (sweeps)", "loss"),
                             ("validation (held-out sweeps)", "val_loss")):
        panels[title] = {f"baseline (tied, hidden {conv.cfg.hidden})":
                         curves([conv.runs[s] for s in conv.seeds], attribute=attribute)}
        panels[title].update({name: curves([ablations.runs[name, s] for s in conv.seeds],
                                           attribute=attribute) for name in ABLATIONS})
    return seed_curves(panels, title=f"ablations ({plural(len(conv.seeds), 'seed')} each)")


def tick_edge(tick: TickExperiment, *, seed: int | None = None) -> int:
    """The block edge the tick figure shows: the fourth (or the last but one) of the piece."""
    n = tick.outputs[seed if seed is not None else next(iter(tick.outputs))]["whole"].size
    return tick.block * max(1, min(4, n // tick.block - 1))


def tick_figure(tick: TickExperiment, *, seed: int | None = None, span_ms: float = 35.0) -> Figure:
    """One block edge up close: the whole-track, block and overlap-add outputs, and below
    them the errors against the whole track (blocks minus whole, overlap-add minus whole),
    the region the tick is measured in shaded.

    Parameters
    ----------
    tick : TickExperiment
    seed : int, optional
        Default the first seed.
    span_ms : float
        Milliseconds shown either side of the edge.

    Returns
    -------
    matplotlib.figure.Figure
    """
    seed = next(iter(tick.outputs)) if seed is None else seed
    out = tick.outputs[seed]
    edge, sr = tick_edge(tick, seed=seed), tick.sample_rate
    half = int(span_ms * sr / 1000)
    lo, hi = max(0, edge - half), min(out["whole"].size, edge + half)
    t = (np.arange(lo, hi) - edge) / sr * 1000
    fig, axes = subplots(2, 1, size=(10, 5.2), sharex=True)
    ax_w, ax_e = axes[:, 0]
    blocks = f"{tick.block / sr:g} s blocks"
    style = {"whole": dict(color="0.2", lw=1.6), "blocks": dict(color="C3", lw=1.0),
             "overlap-add": dict(color="C0", lw=1.0, ls="--")}
    for key, label in (("whole", "whole track"), ("blocks", blocks),
                       ("overlap-add", "overlap-add")):
        ax_w.plot(t, out[key][lo:hi], label=label, **style[key])
    for key, label, z in (("blocks", f"{blocks} - whole track", 3),
                          ("overlap-add", "overlap-add - whole track", 2)):
        ax_e.plot(t, (out[key] - out["whole"])[lo:hi], label=label, zorder=z, **style[key])
    radius_ms = tick.radius / sr * 1000
    for ax in (ax_w, ax_e):
        ax.axvspan(-radius_ms, radius_ms, color="0.85", zorder=0)
        ax.axvline(0, color="k", ls=":", lw=0.8)
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax_w.set(ylabel="amplitude", title=f"outputs at the block edge at {edge / sr:g} s "
                                        f"(seed {seed}; shaded: within one filter length, "
                                        f"where the tick is measured)")
    ax_e.set(xlabel="time from the block edge (ms)", ylabel="error (amplitude)",
             title="error against the whole-track output")
    fig.tight_layout()
    return fig
