"""05's figures: the effect, the training curves, the assembled validation audio, the
spectra, the networks compared (the thesis's Figs. 10-20) and the knob."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

from dsp_paper import effects
from dsp_paper.metrics import esr
from dsp_paper.nn.training import TrainingResult
from dsp_paper.plotting import subplots, welch_db
from dsp_paper.study.prose import plural
from dsp_paper.study.rules import OK_ESR
from dsp_paper.studies.recurrent_eq.data import VOICE
from dsp_paper.studies.recurrent_eq.experiment import STREAMING, final_validation_errors, seeds_with
from dsp_paper.studies.recurrent_eq.paper import THESIS_MODELS, THESIS_VALIDATION_ERROR
from dsp_paper.studies.recurrent_eq.spectrum import band_values
from dsp_paper.windowing import Pair

__all__ = ["MODEL_COLOURS", "effect_figure", "training_curves_figure", "assembled_figure",
           "spectra_figure", "comparison_figure", "knob_figure"]

#: One colour per model in every figure.
MODEL_COLOURS = {"LSTM": "C0", "reduced LSTM": "C1", "GRU": "C2", "dilated CNN": "C3",
                 STREAMING: "C4"}


def _hz_axis(ax: Axes, sample_rate: int) -> None:
    """A log frequency axis from 20 Hz to Nyquist, ticks in plain Hz."""
    ax.set_xscale("log")
    ax.set_xlim(20, sample_rate / 2)
    ticks = [t for t in (20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000)
             if t <= sample_rate / 2]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda v, _: f"{v / 1000:g}k" if v >= 1000 else f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("frequency (Hz)")


def _cutoff_line(ax: Axes, cutoff_hz: float, *, label: bool = True) -> None:
    ax.axvline(cutoff_hz, color="0.35", ls=":", lw=1.2,
               label=f"{cutoff_hz:g} Hz cut-off" if label else None)
    ax.text(cutoff_hz * 1.06, 0.03, f"{cutoff_hz:g} Hz cut-off",
            transform=ax.get_xaxis_transform(), fontsize=8, color="0.3")


def effect_figure(voice: Pair, *, sample_rate: int, cutoff_hz: float, order: int) -> Figure:
    """The effect on the voice: its spectrum dry and high-passed, and the high-pass's
    magnitude response.

    Parameters
    ----------
    voice : Pair
        The whole voice (validation 2).
    sample_rate : int
        Hz.
    cutoff_hz : float
    order : int
        The Butterworth high-pass's order.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axes = subplots(1, 2, size=(12, 3.8), layout="constrained")
    ax_s, ax_r = axes[0]
    for label, audio, colour in (("voice, dry", voice.input, "0.55"),
                                 ("voice, high-passed (target)", voice.target, "k")):
        f, db = welch_db(audio, sample_rate)
        ax_s.semilogx(f[1:], db[1:], color=colour, lw=1, label=label)
    f, response = effects.magnitude_response_db(effects.highpass_eq, sample_rate=sample_rate,
                                                cutoff_hz=cutoff_hz, order=order)
    ax_r.semilogx(f[1:], response[1:], color="C0", lw=1.2,
                  label=f"Butterworth high-pass, order {order}")
    for ax in (ax_s, ax_r):
        _cutoff_line(ax, cutoff_hz, label=False)
        _hz_axis(ax, sample_rate)
        ax.grid(True, which="both", alpha=0.3)
    ax_s.set(ylabel="power spectral density (dB re 1/Hz)", title="the voice, dry and through "
             "the effect")
    ax_r.set(ylabel="gain (dB)", ylim=(-80, 5), title="the effect's magnitude response")
    ax_s.legend(fontsize=8, loc="lower left")  # the stop band's empty corner
    ax_r.legend(fontsize=8, loc="upper left")
    return fig


def training_curves_figure(runs: dict[int, dict[str, TrainingResult]]) -> Figure:
    """Training and validation MSE per epoch of each thesis network, every seed (the
    thesis's Figs. 10, 14, 16, 18).

    Parameters
    ----------
    runs : dict of int -> dict of str -> TrainingResult
        :func:`~dsp_paper.studies.recurrent_eq.run`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    seeds = list(runs)
    names = list(runs[seeds[0]])
    fig, axes = subplots(1, len(names), size=(14, 3.4), sharey=True, layout="constrained")
    for ax, name in zip(axes[0], names):
        for seed in seeds:
            log = runs[seed][name].log
            first = seed == seeds[0]
            ax.semilogy(log.epoch, log.loss, "o-", color="C0", ms=3, lw=0.8,
                        label="training" if first else None)
            ax.semilogy(log.epoch, log.val_loss, "s-", color="C1", ms=3, lw=0.8,
                        label="validation" if first else None)
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("epoch")
        ax.grid(True, which="both", alpha=0.3)
    axes[0, 0].set_ylabel("MSE (full scale²)")
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside right upper", fontsize=8)
    fig.suptitle(f"training and validation error, {plural(len(seeds), 'seed')} (the thesis's "
                 "Figs. 10, 14, 16, 18)")
    return fig


def assembled_figure(outputs: dict[str, np.ndarray], validation: Pair, starts: dict[str, int],
                     *, sample_rate: int, seed: int) -> Figure:
    """Target, output and difference over the assembled validation audio, one panel per
    model (the thesis's Figs. 11, 15, 17, 19).

    Parameters
    ----------
    outputs : dict of str -> np.ndarray
        One seed's :func:`~dsp_paper.studies.recurrent_eq.recurrent_outputs`.
    validation : Pair
    starts : dict of str -> int
    sample_rate : int
        Hz.
    seed : int
        Named in the title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    names = list(outputs)
    fig, axes = subplots(len(names), 1, size=(12, 1.7 * len(names) + 0.8), sharex=True,
                         sharey=True, layout="constrained")
    t = np.arange(validation.n_samples) / sample_rate
    for ax, name in zip(axes[:, 0], names):
        out = outputs[name]
        ax.plot(t, validation.target, lw=0.5, color="0.6", label="target")
        ax.plot(t, out, lw=0.5, color="C0", alpha=0.8, label="output")
        ax.plot(t, out - validation.target, lw=0.5, color="C3", alpha=0.8,
                label="output − target")
        for part, start in starts.items():
            ax.axvline(start / sample_rate, color="k", ls=":", lw=0.8)
        ax.set_ylabel(f"{name}\namplitude (FS)", fontsize=9)
    for part, start in starts.items():
        axes[0, 0].text(start / sample_rate, 1.02, f" {part}", transform=axes[0, 0]
                        .get_xaxis_transform(), fontsize=8, va="bottom")
    axes[-1, 0].set_xlabel("time (s): the voice, then the clips")
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside right upper", fontsize=8)
    fig.suptitle(f"assembled validation audio, seed {seed}: target, output and difference "
                 "(the thesis's Figs. 11, 15, 17, 19)")
    return fig


def spectra_figure(outputs: dict[str, np.ndarray], parts: dict[str, Pair],
                   starts: dict[str, int], *, sample_rate: int, cutoff_hz: float,
                   seed: int) -> Figure:
    """Welch spectrum of every model's output against the target's, on the voice and on
    the clips (the thesis's Figs. 12 and 13).

    Parameters
    ----------
    outputs : dict of str -> np.ndarray
        One seed's :func:`~dsp_paper.studies.recurrent_eq.recurrent_outputs` (all five models).
    parts : dict of str -> Pair
    starts : dict of str -> int
    sample_rate : int
        Hz.
    cutoff_hz : float
        Drawn and labelled.
    seed : int

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axes = subplots(1, len(parts), size=(14, 4.4), sharey=True, layout="constrained")
    for ax, (part, p) in zip(axes[0], parts.items()):
        piece = slice(starts[part], starts[part] + p.n_samples)
        f, db = welch_db(p.target, sample_rate)
        ax.semilogx(f[1:], db[1:], color="k", lw=1.8, label="target")
        for name, out in outputs.items():
            f, db = welch_db(out[piece], sample_rate)
            ax.semilogx(f[1:], db[1:], color=MODEL_COLOURS.get(name), lw=0.8, label=name)
        _cutoff_line(ax, cutoff_hz)
        ax.set_title(part, fontsize=10)
        _hz_axis(ax, sample_rate)
        ax.grid(True, which="both", alpha=0.3)
    axes[0, 0].set_ylabel("power spectral density (dB re 1/Hz)")
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside right upper", fontsize=8)
    fig.suptitle(f"frequency spectrum of each output against the target's, seed {seed} "
                 "(the thesis's Figs. 12 and 13)")
    return fig


def comparison_figure(runs: dict[int, dict[str, TrainingResult]],
                      outputs: dict[int, dict[str, np.ndarray]],
                      band: dict[int, dict[tuple[str, str], float]], validation: Pair) -> Figure:
    """The networks compared (the thesis's Fig. 20): validation error beside the thesis's,
    ESR over the assembled validation and band-limited LSD on the voice.

    Parameters
    ----------
    runs : dict of int -> dict of str -> TrainingResult
    outputs : dict of int -> dict of str -> np.ndarray
    band : dict of int -> dict of (model, part) -> float
        :func:`~dsp_paper.studies.recurrent_eq.band_lsd_by_seed`.
    validation : Pair

    Returns
    -------
    matplotlib.figure.Figure
    """
    errors = final_validation_errors(runs)
    ours = errors.mean(axis=1)
    with_output = seeds_with(outputs)
    names = list(with_output)
    fig, axes = subplots(1, 3, size=(14, 4), layout="constrained")
    idx = np.arange(len(THESIS_MODELS))
    ax = axes[0, 0]
    ax.bar(idx - 0.2, [THESIS_VALIDATION_ERROR[n] for n in THESIS_MODELS], 0.4, color="0.6",
           label="thesis")
    ax.bar(idx + 0.2, [ours[n] for n in THESIS_MODELS], 0.4, color="C0",
           yerr=[[ours[n] - errors.loc[n].min() for n in THESIS_MODELS],
                 [errors.loc[n].max() - ours[n] for n in THESIS_MODELS]],
           label="this run (bars: seed range)")
    ax.set(yscale="log", title="validation error", ylabel="MSE (full scale²)", xticks=idx,
           xticklabels=THESIS_MODELS)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower left", ncol=2, fontsize=8)
    colours = [MODEL_COLOURS.get(n) for n in names]
    esr_of = [np.mean([esr(outputs[s][n], validation.target) for s in with_output[n]])
              for n in names]
    axes[0, 1].bar(range(len(names)), esr_of, color=colours)
    axes[0, 1].set(title="ESR, assembled validation", ylabel="ESR (error / target energy)",
                   yscale="log", xticks=range(len(names)), xticklabels=names)
    axes[0, 2].bar(range(len(names)), [np.mean(band_values(band, n, VOICE)) for n in names],
                   color=colours)
    axes[0, 2].set(title="band-limited LSD on the voice", ylabel="LSD (dB)",
                   xticks=range(len(names)), xticklabels=names)
    for ax in axes[0]:
        ax.tick_params(axis="x", labelrotation=30, labelsize=8)
        ax.set_xlabel("network")
    fig.suptitle("the networks compared, means over the seeds each was run with (the "
                 "thesis's Fig. 20)")
    return fig


def knob_figure(summary: pd.DataFrame, *, seeds: Sequence[int]) -> Figure:
    """The knob model's voice ESR at every cut-off, against models trained at the unseen
    cut-offs alone and 05's 440 Hz model.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`~dsp_paper.studies.recurrent_eq.knob_summary`.
    seeds : sequence of int
        Named in the title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axes = subplots(size=(9, 3.8), layout="constrained")
    ax = axes[0, 0]
    seen = summary[summary["seen in training"]]
    unseen = summary[~summary["seen in training"].astype(bool)]
    ax.loglog(summary.index, summary["knob model"], "-", color="C0", alpha=0.5)
    ax.loglog(seen.index, seen["knob model"], "o", color="C0", label="knob model, seen cut-offs")
    ax.loglog(unseen.index, unseen["knob model"], "x", color="C0", ms=9,
              label="knob model, unseen cut-offs")
    ax.loglog(unseen.index, unseen["trained at this cut-off"], "s", mfc="none", color="C1",
              ms=8, label="trained at that cut-off alone")
    ax.loglog(summary.index, summary["440 Hz model (no knob)"], ":", color="0.4",
              label="440 Hz model (no knob)")
    ax.axhline(OK_ESR, color="k", ls="--", lw=0.8, label=f"ESR {OK_ESR:g} ('might sound ok')")
    ax.set(xlabel="cut-off (Hz)", ylabel="ESR on the voice (error / target energy)",
           title=f"one network, every cut-off (mean of {plural(len(seeds), 'seed')})")
    ax.xaxis.set_major_locator(FixedLocator(list(summary.index)))
    ax.xaxis.set_major_formatter("{x:g}")
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(True, which="both", alpha=0.3)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside right upper", fontsize=8)
    return fig
