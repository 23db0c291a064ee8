"""The figures notebook ``08_capture`` shows: every model's test ESR on every effect, and the
two knob models' at every drive beside models trained at one drive alone."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from dsp_paper import plotting
from dsp_paper.study.rules import FAILED_ESR, GREAT_ESR
from dsp_paper.studies.capture_comparison.experiment import KnobExperiment, ModelRun
from dsp_paper.studies.capture_comparison.settings import MODELS

__all__ = ["comparison_figure", "knob_figure"]

def _seeds_words(n: int) -> str:
    return f"{n} seed{'s' if n != 1 else ''}"


# today's models in colour, the 2017 ones in grey
_COLOURS = {"wavenet (NAM-style)": "C0", "LSTM-32 + skip (2019)": "C1"}


def comparison_figure(runs: dict[tuple[str, str, int], ModelRun], fir: dict[str, dict]) -> Figure:
    """Test ESR of every model on every effect: each seed a dot, the mean a bar across it;
    the least-squares FIR (linear floor) dashed, Neural Amp Modeler's 'great' and 'went
    wrong' levels dotted.

    Parameters
    ----------
    runs : dict
        :func:`~dsp_paper.studies.capture_comparison.experiment.train_all`.
    fir : dict of str -> dict
        :func:`~dsp_paper.studies.capture_comparison.experiment.fir_floors`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    effects_shown = list(dict.fromkeys(e for e, _, _ in runs))
    fig, axes = plotting.subplots(1, len(effects_shown),
                                  size=(4.2 * len(effects_shown) + 1.0, 4.4), sharey=True,
                                  layout="constrained")
    names = list(MODELS)
    for ax, effect in zip(axes[0], effects_shown):
        seeds = sorted({s for e, _, s in runs if e == effect})
        for i, name in enumerate(names):
            values = [runs[effect, name, s].scores["esr"] for s in seeds]
            colour = _COLOURS.get(name, "0.45")
            offsets = np.linspace(-0.15, 0.15, len(values)) if len(values) > 1 else [0.0]
            ax.plot(i + np.asarray(offsets), values, "o", color=colour, mec="k", mew=0.5, ms=6)
            ax.plot([i - 0.3, i + 0.3], [np.mean(values)] * 2, "-", color=colour, lw=2.5)
        ax.axhline(fir[effect]["esr"], color="C3", ls="--", lw=1.2,
                   label="least-squares FIR (linear floor)")
        ax.axhline(GREAT_ESR, color="k", ls=":", lw=0.9,
                   label=f"ESR {GREAT_ESR:g}: NAM's 'great'")
        ax.axhline(FAILED_ESR, color="0.3", ls="-.", lw=0.9,
                   label=f"ESR {FAILED_ESR:g}: NAM's 'something went wrong'")
        ax.set_yscale("log")
        ax.set_xticks(range(len(names)), [n.replace(" (", "\n(") for n in names],
                      fontsize=8, rotation=30, ha="right")
        ax.set_xlim(-0.6, len(names) - 0.4)
        ax.set_title(f"{effect} ({_seeds_words(len(seeds))})", fontsize=10)
        ax.grid(True, axis="y", which="both", alpha=0.3)
    axes[0, 0].set_ylabel("test ESR (error / target energy), log scale")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=8)
    fig.suptitle("2017 models (grey) and today's capture models (colour) on the same test "
                 "part: a dot per seed, a bar at their mean", fontsize=10)
    return fig


def knob_figure(knob: KnobExperiment) -> Figure:
    """Test ESR of both knob models at every drive (seen: dots; unseen: a cross) and of the
    models trained at each unseen drive alone, every seed.

    Returns
    -------
    matplotlib.figure.Figure
    """
    frame = pd.DataFrame(knob.rows)
    fig, axes = plotting.subplots(size=(8.5, 3.6), layout="constrained")
    ax = axes[0, 0]
    for column, colour, shift, name in (("knob model", "C0", -0.5, "knob as an input"),
                                        ("knob model, FiLM", "C2", 0.0, "knob with FiLM")):
        mean = frame.groupby("drive dB")[column].mean()
        ax.semilogy(mean.index + shift, mean.values, "-", color=colour, alpha=0.4)
        for seen, marker, where in ((True, "o", "drives it trained on"),
                                    (False, "X", "drives it never saw")):
            part = frame[frame["seen in training"] == seen]
            ax.semilogy(part["drive dB"] + shift, part[column], marker, color=colour,
                        ms=6 if seen else 9, ls="none", label=f"{name}, {where}")
    unseen = frame[~frame["seen in training"].astype(bool)]
    ax.semilogy(unseen["drive dB"] + 0.5, unseen["trained at this drive"], "s", mfc="none",
                color="C1", ms=8, ls="none", label="trained at that drive alone")
    ax.axhline(GREAT_ESR, color="k", ls=":", lw=0.8, label=f"ESR {GREAT_ESR:g} ('great')")
    ax.set(xlabel="drive of the pedal chain (dB)", ylabel="test ESR (error / target energy)")
    ax.set_title("two knob models (the drive as an input; FiLM) at every drive, against\n"
                 "models trained at each unseen drive alone "
                 f"({_seeds_words(len(set(frame['seed'])))}, each a point)", fontsize=11)
    ax.set_xticks(sorted(set(frame["drive dB"])))
    ax.grid(True, which="both", alpha=0.3)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside right upper", fontsize=8)
    return fig
