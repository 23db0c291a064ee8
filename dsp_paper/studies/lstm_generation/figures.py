"""The figures of notebook 06: one frame in both representations, the vowel (003's gen1), the
kicks, and the amen break (003's gen2 and gen3)."""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from dsp_paper.plotting import subplots, welch_db
from dsp_paper.studies.lstm_generation.experiment import (FIGURE, RENDERS, AmenRun, KickRun,
                                                          Representation, VowelRun)

__all__ = ["representation_figure", "vowel_figure", "kicks_figure", "amen_figure"]


def representation_figure(representation: Representation, *, sample_rate: int,
                          frame_index: int = 10) -> Figure:
    """One frame as raw samples and as its packed FFT (real parts, then imaginary parts).

    Parameters
    ----------
    representation : Representation
    sample_rate : int
        Hz.
    frame_index : int

    Returns
    -------
    matplotlib.figure.Figure
    """
    chunk = representation.chunks[frame_index]
    packed = representation.packed[frame_index]
    n = chunk.size
    half = n // 2
    fig, axes = subplots(1, 2, size=(12, 3.4))
    ax_t, ax_f = axes[0]
    ax_t.plot(np.arange(n) / sample_rate * 1000, chunk, lw=0.7, color="k")
    ax_t.set(xlabel=f"time in the frame (ms; {n} samples at {sample_rate} Hz)",
             ylabel="amplitude (full scale = 1)", title=f"frame {frame_index}: raw samples")
    hz = np.fft.rfftfreq(n, 1 / sample_rate)
    ax_f.plot(np.arange(half + 1), packed[:half + 1], lw=0.7, color="C0",
              label=f"real parts, bins 0–{half}")
    ax_f.plot(np.arange(half + 1, n), packed[half + 1:], lw=0.7, color="C1",
              label=f"imaginary parts, bins 1–{half - 1}")
    ax_f.axvline(half + 0.5, color="k", ls=":", lw=1)
    ax_f.set(xlabel=f"value index in the packed frame (bin k is {hz[1]:.1f}·k Hz)",
             ylabel="FFT value (linear, unnormalised)",
             title=f"the same frame packed: {n} values, nothing lost")
    ax_f.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False)
    fig.tight_layout()
    return fig


def vowel_figure(vowel: VowelRun) -> Figure:
    """003's Fig. gen1: the choir and the two generations, on one amplitude scale.

    Parameters
    ----------
    vowel : VowelRun

    Returns
    -------
    matplotlib.figure.Figure
    """
    traces = [("original choir (training audio)", vowel.original, "k"),
              ("generated, first output frame taken (003's pitfall)", vowel.audio["first"], "C3"),
              ("generated, last output frame taken", vowel.audio["last"], "C0")]
    peak = max(float(np.max(np.abs(a))) for _, a, _ in traces) * 1.05 or 1.0
    fig, axes = subplots(3, 1, size=(12, 6.4), sharex=True, sharey=True)
    for ax, (label, audio, colour) in zip(axes[:, 0], traces):
        ax.plot(np.arange(audio.size) / vowel.sample_rate, audio, lw=0.4, color=colour)
        ax.set_title(label, fontsize=10, loc="left")
        ax.set(ylabel="amplitude", ylim=(-peak, peak))
    axes[-1, 0].set_xlabel("time (s)")
    fig.suptitle("one vowel: the frame that never changes (003's Fig. gen1); "
                 "one amplitude scale for all three")
    fig.tight_layout()
    return fig


def kicks_figure(kicks: KickRun, *, seed: int) -> Figure:
    """Each shown kick, original and generated: waveform with the tail, and spectrum.

    Parameters
    ----------
    kicks : KickRun
    seed : int
        Whose generation is drawn.

    Returns
    -------
    matplotlib.figure.Figure
    """
    sr = kicks.sample_rate
    shown = kicks.shown
    peak = max(max(float(np.max(np.abs(kicks.audio[seed, int(i)]))) for i in shown.index),
               float(np.max(np.abs(shown.examples)))) * 1.05
    fig, axes = subplots(len(shown.index), 2, size=(13, 2.5 * len(shown.index) + 0.8),
                         sharex="col", gridspec_kw=dict(width_ratios=(1.6, 1)))
    for row, (i, original, label) in enumerate(zip(shown.index, shown.examples, shown.labels)):
        generated = kicks.audio[seed, int(i)]
        ax_t, ax_f = axes[row]
        ax_t.plot(np.arange(generated.size) / sr, generated, lw=0.5, color="C0",
                  label="generated")
        ax_t.plot(np.arange(original.size) / sr, original, lw=0.5, color="C1", alpha=0.8,
                  label="original")
        ax_t.axvline(original.size / sr, color="k", ls=":", lw=1,
                     label="end of the zero-padded original")
        ax_t.set(ylabel="amplitude", ylim=(-peak, peak))
        ax_t.set_title(label, fontsize=10, loc="left")
        for name, x, colour in (("generated", generated[:original.size], "C0"),
                                ("original", original, "C1")):
            f, db = welch_db(x, sr)
            ax_f.semilogx(f[1:], db[1:], lw=0.8, color=colour)
        ax_f.set(ylabel="power (dB/Hz)")
        ax_f.set_title("spectrum (Welch) over the original's length", fontsize=10, loc="left")
        ax_f.grid(True, which="both", alpha=0.3)
    axes[-1, 0].set_xlabel("time (s)")
    axes[-1, 1].set_xlabel("frequency (Hz)")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.suptitle(f"generated kicks (seed {seed}): envelope, noise, and the tail", y=1.0)
    fig.legend(handles, labels, loc="upper center", ncol=3, bbox_to_anchor=(0.5, 0.975),
               frameon=False, fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.94))
    return fig


def amen_figure(amen: AmenRun, *, seed: int) -> Figure:
    """003's Figs. gen2 and gen3 and the render without mean and variance, beside the
    original, on one common amplitude scale, with the original's onsets.

    Every trace shares the y axis (no per-trace scaling), so a render that is louder or
    quieter than the original shows as such. Red lines: the original's onsets (librosa),
    repeated through every trace and in a strip on top; green triangles: each trace's own
    onsets;
    dotted: the end of the training frames.

    Parameters
    ----------
    amen : AmenRun
    seed : int

    Returns
    -------
    matplotlib.figure.Figure
    """
    import librosa  # heavy: numba and its caches, on first use

    sr = amen.sample_rate
    traces = [("original (the training audio)", amen.original, "k")] + [
        (f"generated from {label}" + (f" (003's Fig. {FIGURE[label]})" if label in FIGURE
                                      else " (so in the model's normalised units)"),
         amen.audio[label, seed], "C0")
        for label in RENDERS]
    onsets = librosa.onset.onset_detect(y=amen.original.astype(np.float32), sr=sr,
                                        units="time")
    peak = max(float(np.max(np.abs(a))) for _, a, _ in traces) * 1.1 or 1.0
    end = amen.original.size / sr
    fig, axes = subplots(len(traces) + 1, 1, size=(13, 9.2), sharex=True,
                         gridspec_kw=dict(height_ratios=[0.35] + [1] * len(traces)))
    rug = axes[0, 0]
    rug.vlines(onsets, 0, 1, color="C3", lw=1.6)
    rug.set(yticks=[], ylim=(0, 1))
    rug.set_title("the original's onsets (librosa)", fontsize=10, loc="left")
    for ax, (label, audio, colour) in zip(axes[1:, 0], traces):
        ax.plot(np.arange(audio.size) / sr, audio, lw=0.3, color=colour)
        ax.vlines(onsets, -peak, peak, color="C3", lw=1.0, alpha=0.45, zorder=3)
        own = librosa.onset.onset_detect(y=np.asarray(audio, np.float32), sr=sr, units="time")
        ax.plot(own, np.full(own.size, 0.93 * peak), "v", color="C2", ms=5, zorder=4)
        ax.axvline(end, color="k", ls=":", lw=1.2)
        ax.set(ylabel="amplitude", ylim=(-peak, peak))
        ax.set_title(f"{label}, seed {seed}" if colour != "k" else label, fontsize=10,
                     loc="left")
    axes[-1, 0].set_xlabel("time (s)")
    legend = [Line2D([], [], color="C3", lw=1.2, alpha=0.6, label="the original's onsets"),
              Line2D([], [], color="C2", marker="v", ls="", label="this trace's onsets"),
              Line2D([], [], color="k", ls=":", label="end of the training frames")]
    fig.suptitle("the amen break generated from its first frame, one amplitude scale for "
                 "every trace", y=1.0)
    fig.legend(handles=legend, loc="upper center", ncol=3, bbox_to_anchor=(0.5, 0.975),
               frameon=False, fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return fig
