"""The figures notebook ``07_mse_critique`` shows."""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from dsp_paper import faults, metrics
from dsp_paper.perceptual import perceptual_measure
from dsp_paper.plotting import spectrogram_panel, subplots, welch_db
from dsp_paper.studies.mse_critique.controlled import EAR_PAIRS, ControlledStudy
from dsp_paper.studies.mse_critique.floor import Floor
from dsp_paper.studies.mse_critique.judge import perceptual_choice
from dsp_paper.studies.mse_critique.limits import LIMIT_FAMILIES, LimitsStudy
from dsp_paper.studies.mse_critique.measures import BAND_LSD, MOS_LQO, rank_table
from dsp_paper.studies.mse_critique.rejudged import epochs_text
from dsp_paper.studies.mse_critique.settings import FIR
from dsp_paper.studies.mse_critique.spectral_losses import SpectralConv, SpectralStreaming
from dsp_paper.study.calibration import Calibration
from dsp_paper.study.prose import word_list

__all__ = ["controlled_cases_figure", "limits_figure", "calibration_figure",
           "calibration_curves_figure", "dispute_figure", "rank_agreement_figure",
           "voice_spectra_figure", "floor_figure"]


def controlled_cases_figure(study: ControlledStudy) -> Figure:
    """Each controlled case's rank under each measure, one panel per material.

    Rows are the cases (marked by what a listener hears), columns the measures (with the pairs
    each keeps in the listener's order); each cell is the case's rank among the cases under
    that measure, 1 = judged closest to the target.

    Returns
    -------
    matplotlib.figure.Figure
    """
    ear = study.ear
    slight = {better for better, _, _ in EAR_PAIRS}
    n = len(study.tables)
    fig, axes = plt.subplots(1, n, figsize=(6.2 * n + 1.2, 5.2), squeeze=False,
                             constrained_layout=True)
    for ax, (name, table) in zip(axes[0], study.tables.items()):
        ranks = rank_table(table).to_numpy()
        img = ax.imshow(ranks, cmap="viridis_r", vmin=1, vmax=len(table), aspect="auto")
        for (i, j), r in np.ndenumerate(ranks):
            ax.text(j, i, str(r), ha="center", va="center", fontsize=9,
                    color="w" if r > (len(table) + 1) / 2 else "k")
        ax.set_xticks(range(table.shape[1]),
                      [f"{m}\n({ear.loc[name, m]} of {ear.loc[name, 'pairs']})"
                       for m in table.columns], rotation=50, ha="right", fontsize=8)
        ax.set_yticks(range(len(table)),
                      [f"{c}\n({'slight or inaudible' if c in slight else 'audible'})"
                       for c in table.index], fontsize=8)
        ax.set_title(f"{name}: rank of each case under each measure", fontsize=10)
        ax.set_xlabel("measure (pairs it orders as a listener does, by 1 dB or half a point "
                      "of MOS-LQO)", fontsize=9)
    axes[0, 0].set_ylabel("degraded copy of the target", fontsize=9)
    fig.colorbar(img, ax=axes[0].tolist(), label="rank (1 = judged closest to the target)",
                 ticks=range(1, len(table) + 1), shrink=0.9)
    return fig


def limits_figure(limits: LimitsStudy) -> Figure:
    """Each limit family's settings against MOS-LQO (top row) and against ESR and the
    band-limited LSD, both in dB (bottom row); one line per material.

    Returns
    -------
    matplotlib.figure.Figure
    """
    families = list(LIMIT_FAMILIES)
    # 2.6 in a family keeps five of them within about 1550 px at the 110 dpi saved
    fig, axes = plt.subplots(2, len(families), figsize=(2.6 * len(families) + 1, 6.6),
                             sharey="row", squeeze=False, constrained_layout=True)
    styles = dict(zip(limits.tables, ("-", "--", ":", "-.")))
    for c, family in enumerate(families):
        what, unit, settings = LIMIT_FAMILIES[family]
        for name, table in limits.tables.items():
            part = table.loc[family]
            x = np.arange(len(part))
            axes[0, c].plot(x, part[MOS_LQO], "o", ls=styles[name], color="C2")
            axes[1, c].plot(x, 10 * np.log10(np.maximum(part["ESR"], 1e-30)), "o",
                            ls=styles[name], color="C0")
            axes[1, c].plot(x, part[BAND_LSD], "s", ls=styles[name], color="C1")
        for ax in axes[:, c]:
            ax.set_xticks(range(len(settings)), [f"{v:g}" for v in settings])
            ax.grid(True, alpha=0.3)
        axes[0, c].axhline(metrics.VISQOL_IDENTICAL, color="0.5", ls=":", lw=1)
        axes[0, c].set_title(family, fontsize=11)
        axes[1, c].set_xlabel("\n".join(textwrap.wrap(f"{what} ({unit}), harsher to the right",
                                                      30)), fontsize=9)
    axes[0, 0].set_ylabel("MOS-LQO (higher is better)")
    axes[1, 0].set_ylabel("ESR or band-limited LSD (dB, lower is better)")
    handles = ([Line2D([], [], color="C2", marker="o", label="MOS-LQO"),
                Line2D([], [], color="C0", marker="o", label="ESR (10·log10)"),
                Line2D([], [], color="C1", marker="s", label=BAND_LSD),
                Line2D([], [], color="0.5", ls=":", label=f"MOS-LQO of identical audio "
                                                          f"({metrics.VISQOL_IDENTICAL:.2f})")]
               + [Line2D([], [], color="k", ls=ls, label=name) for name, ls in styles.items()])
    fig.legend(handles=handles, loc="outside lower center", ncol=-(-len(handles) // 2),
               fontsize=9, frameon=False)
    fig.suptitle("where each judge is blind or saturates: known faults at rising severity")
    return fig


def _row_label(choice, key: str, passed: int, n: int) -> str:
    role = ("\n(chosen)" if key == choice.measure else
            "\n(shown: passes the most)" if key == choice.shown else "")
    return f"{perceptual_measure(key).label}\n{passed} of {n} pass{role}"


def calibration_figure(calibration: Calibration) -> Figure:
    """Every candidate against every family of the calibration: a grid coloured by Kendall's
    tau-b (-1 the reverse order, 1 the listener's), each cell annotated with tau, the steps
    told apart and whether the family passes; an unheard family's cells (a delay) are grey
    and give the worst gap over the clean copy against the margin, which decides them.

    Returns
    -------
    matplotlib.figure.Figure
    """
    table = calibration.family_table()
    choice = perceptual_choice(calibration)
    keys = list(dict.fromkeys(table.index.get_level_values("measure")))
    families = list(calibration.rule.severities)
    tau = np.array([[table.loc[(k, f), "tau"] for f in families] for k in keys])
    unheard = np.array([faults.FAULT_FAMILIES[f].expectation == "unheard" for f in families])
    # 0.95 in a family keeps twelve within about 1550 px at the 110 dpi saved
    fig, axes = subplots(1, 1, size=(0.95 * len(families) + 2.6, 0.95 * len(keys) + 2.2),
                         layout="constrained")
    ax = axes[0, 0]
    img = ax.imshow(np.where(unheard, np.nan, tau), cmap="RdBu", vmin=-1, vmax=1,
                    aspect="auto")
    ax.imshow(np.where(unheard[None, :] & np.isfinite(tau), 1.0, np.nan), cmap="Greys", vmin=0,
              vmax=6, aspect="auto")
    for i, k in enumerate(keys):
        m = perceptual_measure(k)
        for j, f in enumerate(families):
            row = table.loc[(k, f)]
            if unheard[j]:
                lines = [f"gap {row['worst gap']:.3g}", f"(margin {m.margin:g})"]
            else:
                lines = [f"{row['tau']:.2f}",
                         f"{int(row['steps told apart'])}/{int(row['steps'])} steps"]
                if not row["told"]:
                    lines += ["mildest", "missed"]
            lines.append("pass" if row["passes"] else "FAIL")
            dark = not unheard[j] and abs(row["tau"]) > 0.6
            ax.text(j, i, "\n".join(lines), ha="center", va="center", fontsize=8,
                    color="w" if dark else "k",
                    fontweight="normal" if row["passes"] else "bold")
            if not row["passes"]:  # a frame, so that a failing cell shows at a glance
                ax.add_patch(Rectangle((j - 0.44, i - 0.44), 0.88, 0.88, fill=False,
                                       edgecolor="#ff7f0e", lw=2.5))
    ax.set_xticks(range(len(families)),
                  ["\n".join(textwrap.wrap(f, 12))
                   + ("\n(unheard)" if unheard[j] else "") for j, f in enumerate(families)],
                  fontsize=8.5)
    ax.set_yticks(range(len(keys)),
                  [_row_label(choice, k, int(table.loc[k, "passes"].sum()), len(families))
                   for k in keys], fontsize=8.5)
    ax.set_xticks(np.arange(len(families) + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(keys) + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="w", lw=2)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel("fault family (five severities each, mildest first): an ordered family "
                  f"passes with tau >= {calibration.rule.min_tau:g} and the mildest told from "
                  "the clean copy,\nan unheard one with its worst gap over the clean copy "
                  "under the measure's margin; framed: fails", fontsize=9)
    fig.colorbar(img, ax=ax, label="Kendall's tau-b, severity against badness",
                 shrink=0.9, ticks=[-1, -0.5, 0, 0.5, 1])
    materials = word_list(calibration.scores.index.unique("material"))
    fig.suptitle(f"which candidate hears each fault family in order ({calibration.scale} "
                 f"calibration, {materials})", fontsize=11)
    return fig



def _split_families(calibration: Calibration, most: int) -> list[str]:
    """The unheard families, then those whose passes split the candidates most evenly, at
    most ``most``, in the rule's order."""
    passes = calibration.family_table()["passes"].astype(bool).unstack("measure")
    split = passes.apply(lambda r: min(r.sum(), (~r).sum()), axis=1)
    unheard = lambda f: faults.FAULT_FAMILIES[f].expectation == "unheard"
    order = sorted(calibration.rule.severities, key=lambda f: (not unheard(f), -split[f]))
    picked = set(order[:most])
    return [f for f in calibration.rule.severities if f in picked]


def calibration_curves_figure(calibration: Calibration, *,
                              families: list[str] | None = None) -> Figure:
    """Each candidate's score over the severities of a few families (one row per candidate,
    on its own scale, spanning at least four of its margins; one column per family; one line
    per material, the mean over the seeds), the clean copy at the left: what the tau of
    :func:`calibration_figure` summarises.

    Parameters
    ----------
    calibration : Calibration
    families : list of str, optional
        Default: the unheard family (the delay) and those whose passes split the candidates
        most evenly, four in all.

    Returns
    -------
    matplotlib.figure.Figure
    """
    families = list(families or _split_families(calibration, 4))
    scores = calibration.scores
    keys = list(scores.columns.drop("step"))
    table = calibration.family_table()
    fig, axes = subplots(len(keys), len(families),
                         size=(3.1 * len(families) + 1.2, 2.0 * len(keys) + 1.2),
                         sharex="col", layout="constrained")
    styles = dict(zip(scores.index.unique("material"), ("-", "--", ":", "-.")))
    for c, family in enumerate(families):
        part = scores.xs(family, level="family")
        severities = calibration.rule.severities[family]
        for r, key in enumerate(keys):
            ax, m = axes[r, c], perceptual_measure(key)
            for material, ls in styles.items():
                mean = part.xs(material, level="material").groupby("step")[key].mean()
                ax.plot(mean.index, mean.to_numpy(), "o", ls=ls, color=f"C{r}", ms=4)
            ax.axhline(m.identical, color="0.5", ls=":", lw=1)
            # at least four margins tall: a flat line must look flat, not like noise zoomed in
            low, high = ax.get_ylim()
            middle, half = (low + high) / 2, max(high - low, 4 * m.margin) / 2
            ax.set_ylim(middle - half, middle + half)
            ax.ticklabel_format(axis="y", useOffset=False)
            ok = bool(table.loc[(key, family), "passes"])
            ax.text(0.98, 0.95 if m.higher_is_better else 0.05, "pass" if ok else "FAIL",
                    transform=ax.transAxes, ha="right",
                    va="top" if m.higher_is_better else "bottom", fontsize=9,
                    fontweight="normal" if ok else "bold", color="C2" if ok else "C3")
            ax.grid(True, alpha=0.3)
            if c == 0:
                ax.set_ylabel(f"{m.label}\n({'higher' if m.higher_is_better else 'lower'} "
                              "is better)", fontsize=8.5)
        f = faults.FAULT_FAMILIES[family]
        axes[0, c].set_title(f"{family} ({f.expectation})", fontsize=10)
        axes[-1, c].set_xticks(range(len(severities) + 1),
                               ["clean", *(f"{v:g}" for v in severities)], fontsize=8)
        axes[-1, c].set_xlabel("\n".join(textwrap.wrap(f"{f.setting} ({f.unit})", 34)),
                               fontsize=8.5)
    handles = ([Line2D([], [], color="k", ls=ls, marker="o", ms=4, label=name)
                for name, ls in styles.items()]
               + [Line2D([], [], color="0.5", ls=":", label="an identical copy's score")])
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=9,
               frameon=False)
    fig.suptitle("each candidate's score as the fault grows (mean over the seeds)", fontsize=11)
    return fig


def _grid_columns(n: int, *, most: int = 4) -> int:
    """Columns for ``n`` panels in rows of at most ``most``, the rows as even as they go
    (7 -> 4 + 3, 5 -> 3 + 2): one long row would shrink every title below legibility."""
    rows = -(-n // most)
    return -(-n // rows)


def dispute_figure(clips: dict[str, np.ndarray], what: dict[str, str], *, sample_rate: int,
                   title: str = "") -> Figure:
    """Spectrograms of :func:`~dsp_paper.studies.mse_critique.dispute_clips`' clips in a grid
    of at most four columns, each titled with the measure that prefers it, on a
    log-frequency axis with one colourbar (dB relative to each panel's peak).

    Parameters
    ----------
    clips, what : dict
        :func:`~dsp_paper.studies.mse_critique.dispute_clips`.
    sample_rate : int
        Hz.
    title : str
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    ncols = _grid_columns(len(clips))
    nrows = -(-len(clips) // ncols)
    fig, axes = subplots(nrows, ncols, size=(3.3 * ncols + 1.0, 3.1 * nrows + 0.5),
                         sharey=True, layout="constrained")
    panels = axes.ravel()[:len(clips)]
    for ax in axes.ravel()[len(clips):]:
        ax.remove()  # the short last row's empty slots
    for ax, (name, audio) in zip(panels, clips.items()):
        img = spectrogram_panel(ax, audio, sample_rate)
        ax.set_title("\n".join(textwrap.wrap(f"{name}: {what[name]}", 38)), fontsize=10)
        ax.set(xlabel="time (s)", ylabel="")
    for ax in axes[:, 0]:
        ax.set_ylabel("frequency (Hz, log scale)")
    fig.colorbar(img, ax=panels.tolist(), format="%+.0f dB", shrink=0.8,
                 label="level re each panel's peak (dB)")
    if title:
        fig.suptitle(title)
    return fig


def rank_agreement_figure(agreement: pd.DataFrame, *, reference: str) -> Figure:
    """Kendall's tau of each signal measure against the perceptual judge ``reference`` (its
    column, :func:`~dsp_paper.studies.mse_critique.rank_agreement_table`'s), one dot per pool
    and seed.

    Returns
    -------
    matplotlib.figure.Figure
    """
    measures = list(agreement.columns.drop("outputs"))
    pools = list(dict.fromkeys(agreement.index.get_level_values("pool")))
    fig, ax = plt.subplots(figsize=(9.5, 4.6), constrained_layout=True)
    width = 0.7 / max(len(pools), 1)
    for k, pool in enumerate(pools):
        part = agreement.xs(pool, level="pool")
        x = np.arange(len(measures)) - 0.35 + (k + 0.5) * width
        for _, row in part.iterrows():
            ax.scatter(x, row[measures].to_numpy(dtype=float), color=f"C{k}", s=30, zorder=3)
        ax.scatter([], [], color=f"C{k}", label=f"{pool} ({len(part)} seed"
                                                f"{'s' if len(part) > 1 else ''}, "
                                                f"{int(part['outputs'].iloc[0])} outputs)")
    ax.axhline(0, color="0.4", lw=1)
    ax.axhline(1, color="0.4", lw=1, ls=":")
    ax.set_xticks(range(len(measures)), measures, rotation=20, ha="right", fontsize=9)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel(f"Kendall's tau with {reference}\n(1 = the same order)")
    ax.set_xlabel("signal measure")
    ax.grid(True, axis="y", alpha=0.3)
    ax.set_title(f"do the signal measures order the models as {reference} does?", fontsize=10)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", fontsize=8,
               frameon=False)
    return fig


def voice_spectra_figure(conv: SpectralConv, stream: SpectralStreaming) -> Figure:
    """Welch spectra of the voice: the target and each conv-net and streaming-LSTM variant
    (first seed), the effect's cut-off marked.

    Returns
    -------
    matplotlib.figure.Figure
    """
    seed = stream.seeds[0]
    panels = [
        (f"tied conv net on the lowpassed voice ({epochs_text(conv.epochs)})",
         conv.targets["voice"], {n: o["voice"] for n, o in conv.outputs.items()}, conv.cutoff_hz,
         "lowpass cut-off"),
        (f"streaming LSTM on the high-passed voice (seed {seed}, each to a plateau, at most "
         f"{epochs_text(stream.epochs)})",
         stream.pairs["voice"].target,
         {n: o["voice"] for (n, s), o in stream.outputs.items() if s == seed},
         stream.cutoff_hz, "high-pass cut-off")]
    fig, axes = plt.subplots(1, 2, figsize=(14, 4.8), constrained_layout=True)
    for ax, (title, target, outs, mark, what) in zip(axes, panels):
        f, db = welch_db(target, conv.sample_rate)
        ax.semilogx(f[1:], db[1:], color="k", lw=1.6, label="target")
        for k, (name, audio) in enumerate(outs.items()):
            f, db = welch_db(audio, conv.sample_rate)
            ax.semilogx(f[1:], db[1:], lw=0.9, color=f"C{k}", label=f"trained on {name}")
        ax.axvline(mark, color="0.5", ls=":", label=f"{what} ({mark:g} Hz)")
        ax.set(xlabel="frequency (Hz, log scale)", ylabel="power spectral density (dB/Hz)",
               xlim=(20, conv.sample_rate / 2))
        ax.set_title(title, fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3,
                  frameon=False)
    fig.suptitle("the voice's spectrum: MSE/ESR-trained against spectral-loss-trained")
    return fig


def floor_figure(floor: Floor) -> Figure:
    """Every model against the least-squares FIR floor: one row of panels per effect, one
    panel per measure (each on its own axis, with its unit), one dot per output, the FIR the
    ratios are taken against as a dotted line.

    Returns
    -------
    matplotlib.figure.Figure
    """
    measures = [("ESR", "ESR (dB, 10·log10 of the ratio)", lambda v: 10 * np.log10(v), False),
                (BAND_LSD, "band-limited log-spectral distance (dB)", lambda v: v, False),
                ("MR-STFT", "MR-STFT distance (no unit, log scale)", lambda v: v, True)]
    rows = [len(t) for t in floor.tables.values()]
    fig, axes = plt.subplots(len(rows), len(measures), figsize=(13.5, 0.32 * sum(rows) + 2.8),
                             gridspec_kw={"height_ratios": rows}, squeeze=False,
                             constrained_layout=True)
    for r, (effect, table) in enumerate(floor.tables.items()):
        y = np.arange(len(table))
        is_fir = np.asarray(table.index.str.startswith(FIR))
        for c, (m, label, scale_, log) in enumerate(measures):
            ax = axes[r, c]
            v = scale_(np.maximum(table[m].to_numpy(dtype=float), 1e-30))
            level = scale_(max(float(table.loc[floor.name, m]), 1e-30))
            ax.hlines(y, level, v, color="0.8", lw=1, zorder=1)
            ax.scatter(v[~is_fir], y[~is_fir], color="C0", s=28, zorder=3)
            ax.scatter(v[is_fir], y[is_fir], color="C3", marker="D", s=28, zorder=3)
            ax.axvline(level, color="C3", ls=":", zorder=2)
            ax.set_xscale("log" if log else "linear")
            ax.set_yticks(y, table.index if c == 0 else [], fontsize=9)
            ax.set_ylim(len(table) - 0.5, -0.5)
            ax.grid(True, axis="x", alpha=0.3)
            ax.set_xlabel(label, fontsize=9)
            ax.set_title(floor.titles[effect] if c == 0 else f"{m} (lower is better)",
                         fontsize=10, loc="left" if c == 0 else "center")
    handles = [Line2D([], [], color="C0", marker="o", ls="", label="learned model"),
               Line2D([], [], color="C3", marker="D", ls="", label="least-squares FIR"),
               Line2D([], [], color="C3", ls=":", label=f"the floor: {floor.name}")]
    fig.legend(handles=handles, loc="outside lower center", ncol=3, fontsize=9, frameon=False)
    fig.suptitle("every model against the least-squares FIR floor (further right is worse)")
    return fig
