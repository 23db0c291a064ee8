"""The figures of notebook 02: training curves, spectrograms of the four tones, the weight maps,
one band cut across, the error map and the DFT network."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure, SubFigure

from dsp_paper import spectral
from dsp_paper.studies.learned_spectrogram.data import SliceData, middle_frame
from dsp_paper.studies.learned_spectrogram.experiment import (DftRun, ErrorMap, ExactReference,
                                                              StftRuns)
from dsp_paper.studies.learned_spectrogram.paper import DOCUMENT

__all__ = ["DFT_SHOWN_BINS", "shown_slices", "training_figure", "four_tones_figure",
           "weight_maps_figure", "band_figure", "log_error_figure", "dft_figure"]

#: The DFT bins whose weights are drawn.
DFT_SHOWN_BINS = (1, 3)


def shown_slices(n_frames: int) -> list[int]:
    """004's weight-map slices (1, 11, 21 and 31 of 33), spread the same way over
    ``n_frames`` (1-based).

    Examples
    --------
    >>> shown_slices(33), shown_slices(17)
    ([1, 11, 21, 31], [1, 6, 10, 15])
    """
    first, last = DOCUMENT.weight_map_slices[0], DOCUMENT.weight_map_slices[-1]
    ours = n_frames - (DOCUMENT.frames - last) - first
    return [first + round((s - first) * ours / (last - first)) for s in DOCUMENT.weight_map_slices]


def training_figure(runs: StftRuns, exact: ExactReference) -> Figure:
    """Training and validation loss of every seed over epochs, the float32 floor, and the losses
    004 reports.

    Parameters
    ----------
    runs : StftRuns
    exact : ExactReference

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = plt.subplots(figsize=(8, 3.6))
    for k, r in enumerate(runs.results.values()):
        ax.semilogy(r.log.epoch, r.log.loss, "o-", color="C0", ms=3, lw=0.8,
                    label="training loss" if k == 0 else None)
        ax.semilogy(r.log.epoch, r.log.val_loss, "s-", color="C1", ms=3, lw=0.8,
                    label="validation loss (unseen slices)" if k == 0 else None)
    ax.axhline(exact.floor, color="k", ls=":", label="float32 floor (exact W)")
    ax.scatter(DOCUMENT.reported_epochs, DOCUMENT.reported_loss, marker="*", s=150,
               color="tab:red", zorder=3, label="document 004 (reported)")
    ax.set(xlabel="epoch", ylabel="MSE",
           title=f"learning the STFT ({len(runs.seeds)} seed{'s' * (len(runs.seeds) > 1)})")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    fig.tight_layout()
    return fig


def four_tones_figure(tones: np.ndarray, runs: StftRuns, data: SliceData) -> Figure:
    """scipy's spectrogram of the four-tone slice against the network's after
    ``early_epoch`` and at the end (first seed), linear and log magnitude, one colour scale
    per row (with its colourbar).

    Parameters
    ----------
    tones : np.ndarray, shape (1, n_samples)
        :func:`~dsp_paper.studies.learned_spectrogram.data.four_tones`.
    runs : StftRuns
    data : SliceData

    Returns
    -------
    matplotlib.figure.Figure
    """
    unpack = lambda y: spectral.unpack_stft(y, n_frames=data.n_frames, n_bins=data.n_bins)[0]
    x64 = tones.astype(np.float64)
    views = {"scipy.signal.stft": unpack(spectral.stft_target(tones, n_fft=data.n_fft,
                                                              hop=data.hop)),
             f"network after epoch {runs.early_epoch} (seed {runs.seeds[0]})":
                 unpack(x64 @ runs.early_weights()),
             f"network after epoch {runs.log.epoch[-1]} (seed {runs.seeds[0]})":
                 unpack(x64 @ runs.weights())}
    ms_per_frame = data.hop / data.sample_rate * 1000
    hz_per_bin = data.sample_rate / data.n_fft
    extent = (-ms_per_frame / 2, (data.n_frames - 0.5) * ms_per_frame, -hz_per_bin / 2,
              data.sample_rate / 2 + hz_per_bin / 2)
    top = float(np.abs(views["scipy.signal.stft"]).max())
    top_db = 20 * np.log10(top)
    fig, axes = plt.subplots(2, 3, figsize=(13, 6.2), sharex=True, sharey=True)
    for col, (title, Z) in enumerate(views.items()):
        mag = np.abs(Z)
        im_lin = axes[0, col].imshow(mag, origin="lower", aspect="auto", cmap="magma", vmin=0,
                                     vmax=top, extent=extent, interpolation="nearest")
        im_log = axes[1, col].imshow(20 * np.log10(mag + 1e-12), origin="lower", aspect="auto",
                                     cmap="magma", vmin=top_db - 140, vmax=top_db,
                                     extent=extent, interpolation="nearest")
        axes[0, col].set_title(title, fontsize=10)
        axes[1, col].set_xlabel("time (ms, frame centres)")
    fig.colorbar(im_lin, ax=axes[0].tolist(), label="magnitude (linear)")
    fig.colorbar(im_log, ax=axes[1].tolist(), label="magnitude (dB)")
    axes[0, 0].set_ylabel("linear scale\nfrequency (Hz)")
    axes[1, 0].set_ylabel("log scale\nfrequency (Hz)")
    return fig


def weight_maps_figure(runs: StftRuns, data: SliceData, exact: ExactReference, *,
                       zoom_bins: int = 24, curve_bins: tuple[int, ...] = (2, 12),
                       margin: int = 32) -> Figure:
    """004's weight maps, readable: where each shown output slice reads (the weights'
    magnitude over every input, no moiré), one slice's real-part weights zoomed on its
    window, and a few of those rows as curves against the exact Hann-windowed cosines.

    Parameters
    ----------
    runs : StftRuns
        The first seed's final weights are drawn.
    data : SliceData
    exact : ExactReference
    zoom_bins : int
        Bins 0..``zoom_bins`` in the zoomed image.
    curve_bins : tuple of int
        Rows of the zoomed image drawn as curves.
    margin : int
        Samples shown either side of the zoomed frame's window.

    Returns
    -------
    matplotlib.figure.Figure
    """
    split = lambda W: spectral.split_weights(W, n_frames=data.n_frames, n_bins=data.n_bins)
    L, E = split(runs.weights()), split(exact.weights)
    fig = plt.figure(figsize=(14, 8.4), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1, 1.25])
    _reading_maps(top, L, data)
    _zoomed_frame(bottom, L, E, data, zoom_bins=zoom_bins, curve_bins=curve_bins, margin=margin)
    return fig


def _reading_maps(top: SubFigure, L: np.ndarray, data: SliceData) -> None:
    """The top of :func:`weight_maps_figure`: the weights' magnitude of each shown output
    slice over every input (``L`` as :func:`dsp_paper.spectral.split_weights` lays it out)."""
    n, slices = data.n_samples, shown_slices(data.n_frames)
    axes = top.subplots(1, len(slices), sharey=True)
    for ax, s in zip(axes, slices):
        envelope = np.hypot(L[:, s - 1, 0, :], L[:, s - 1, 1, :]).T  # (bins, samples)
        im = ax.imshow(envelope, origin="lower", aspect="auto", cmap="magma", vmin=0, vmax=1,
                       extent=(-0.5, n - 0.5, -0.5, data.n_bins - 0.5), interpolation="nearest")
        ax.set(title=f"output slice {s} of {data.n_frames}", xlabel="input sample index")
    axes[0].set_ylabel("frequency bin")
    top.colorbar(im, ax=axes.tolist(), label="|weight| = √(real² + imaginary²)")
    top.suptitle("where each output slice reads: the weights' magnitude over all inputs",
                 fontsize=11)


def _zoomed_frame(bottom: SubFigure, L: np.ndarray, E: np.ndarray, data: SliceData, *,
                  zoom_bins: int, curve_bins: tuple[int, ...], margin: int) -> None:
    """The bottom of :func:`weight_maps_figure`: the middle slice's real-part weights (``L``,
    learned; ``E``, exact) zoomed on its window, and rows ``curve_bins`` of it as curves."""
    n = data.n_samples
    frame = middle_frame(data)
    lo, hi = spectral.frame_span(frame, n_samples=n, n_fft=data.n_fft, hop=data.hop)
    a, b = max(lo - margin, 0), min(hi + margin, n)
    zoom_ax, curves = bottom.subfigures(1, 2, width_ratios=[1.1, 1])
    ax = zoom_ax.subplots()
    zoom = L[a:b, frame, 0, :zoom_bins + 1].T
    im = ax.imshow(zoom, origin="lower", aspect="auto", cmap="RdBu_r", vmin=-1, vmax=1,
                   extent=(a - 0.5, b - 0.5, -0.5, zoom_bins + 0.5), interpolation="nearest")
    for edge in (lo, hi - 1):
        ax.axvline(edge, color="k", ls=":", lw=0.8)
    for k in curve_bins:
        ax.axhline(k, color="k", lw=0.5, alpha=0.6)
    ax.set(xlabel="input sample index", ylabel="frequency bin",
           title=f"slice {frame + 1}, real parts, bins 0–{zoom_bins} (window between dotted "
                 f"lines)")
    ax.title.set_fontsize(10)
    zoom_ax.colorbar(im, ax=ax, label="weight")
    rows = curves.subplots(len(curve_bins), 1, sharex=True)
    for ax, k in zip(np.atleast_1d(rows), curve_bins):
        ax.plot(np.arange(a, b), L[a:b, frame, 0, k], color="tab:blue", lw=3.0, alpha=0.55,
                label="learned (real part)")
        ax.plot(np.arange(a, b), E[a:b, frame, 0, k], "k--", lw=0.8,
                label="exact: Hann-windowed cosine")
        ax.set_xlim(a - 0.5, b - 0.5)
        ax.set(ylabel="weight", title=f"bin {k}: {k} cycles per window "
                                      f"({k * data.sample_rate / data.n_fft:g} Hz)")
        ax.title.set_fontsize(10)
        ax.grid(True, alpha=0.3)
    np.atleast_1d(rows)[-1].set_xlabel("input sample index")
    np.atleast_1d(rows)[0].legend(fontsize=8, loc="lower left", bbox_to_anchor=(0, 1.18),
                                  ncol=2, frameon=False)


def band_figure(runs: StftRuns, data: SliceData, exact: ExactReference) -> Figure:
    """004's cut across one band: the weights of bins 1, 5 and 10 (cycles per window) in
    the middle frame, learned (first seed) over the exact Hann-windowed sinusoids.

    Returns
    -------
    matplotlib.figure.Figure
    """
    frame = middle_frame(data)
    lo, hi = spectral.frame_span(frame, n_samples=data.n_samples, n_fft=data.n_fft,
                                 hop=data.hop)
    split = lambda W: spectral.split_weights(W, n_frames=data.n_frames, n_bins=data.n_bins)
    L, E = split(runs.weights()), split(exact.weights)
    idx = np.arange(lo, hi)
    fig, axes = plt.subplots(1, len(DOCUMENT.band_cycles), figsize=(14, 3.3), sharey=True)
    for ax, k in zip(axes, DOCUMENT.band_cycles):
        for part, name, colour in ((0, "real part (cosine)", "tab:blue"),
                                   (1, "imaginary part (−sine)", "tab:green")):
            ax.plot(idx, L[lo:hi, frame, part, k], color=colour, lw=3.0, alpha=0.55,
                    label=f"learned, {name}")
            ax.plot(idx, E[lo:hi, frame, part, k], "k--", lw=0.7,
                    label="exact Hann-windowed sinusoid" if part else None)
        ax.set(title=f"bin {k}: {k} cycle{'s' * (k > 1)} per window "
                     f"({k * data.sample_rate / data.n_fft:g} Hz)",
               xlabel="input sample index")
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel(f"weight (slice {frame + 1})")
    axes[-1].legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1), frameon=False)
    fig.tight_layout()
    return fig


def log_error_figure(error: ErrorMap) -> Figure:
    """``log10 |learned - exact|`` of one frame's weights, real and imaginary parts, over
    every input sample, the frame's window marked; one colourbar for both panels.

    Parameters
    ----------
    error : ErrorMap

    Returns
    -------
    matplotlib.figure.Figure
    """
    logged = np.log10(error.error + 1e-15)
    lo_c, hi_c = np.floor(np.percentile(logged, 0.5)), np.ceil(logged.max())
    n_bins, n = error.error.shape[1:]
    fig, axes = plt.subplots(2, 1, figsize=(11, 5.6), sharex=True, layout="constrained")
    for ax, part, name in zip(axes, (0, 1), ("real parts", "imaginary parts")):
        im = ax.imshow(logged[part], aspect="auto", origin="lower", cmap="viridis", vmin=lo_c,
                       vmax=hi_c, extent=(-0.5, n - 0.5, -0.5, n_bins - 0.5),
                       interpolation="nearest")
        for edge in (error.span[0], error.span[1] - 1):
            ax.axvline(edge, color="w", ls=":", lw=1.0)
        ax.set(ylabel="frequency bin", title=f"{name}: slice {error.frame + 1}'s weights "
                                             f"(its window between the dotted lines)")
        ax.title.set_fontsize(10)
    axes[-1].set_xlabel("input sample index")
    fig.colorbar(im, ax=axes.tolist(), label="log10 |learned − exact|")
    return fig


def dft_figure(dft: DftRun) -> Figure:
    """The DFT network: its test loss over epochs, its whole learned weight matrix, and the
    weights from the real inputs to two bins, learned over exact.

    Parameters
    ----------
    dft : DftRun

    Returns
    -------
    matplotlib.figure.Figure
    """
    n, W, E = dft.size, dft.weights, dft.exact
    fig, axes = plt.subplots(2, 2, figsize=(12, 7.4), layout="constrained")
    log = dft.result.log
    ax = axes[0, 0]
    ax.semilogy(log.epoch, log.val_loss, "o-")
    ax.set(xlabel="epoch", ylabel="test MSE", title=f"DFT-{n} training")
    ax.grid(True, which="major", alpha=0.3)
    ax = axes[0, 1]
    im = ax.imshow(W.T, origin="lower", cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto",
                   interpolation="nearest")
    ax.set(xlabel=f"input (0–{n - 1} real parts, {n}–{2 * n - 1} imaginary parts)",
           ylabel=f"output (0–{n - 1} real bins, {n}–{2 * n - 1} imaginary)",
           title="the whole learned weight matrix")
    fig.colorbar(im, ax=ax, label="weight")
    for ax, k in zip(axes[1], DFT_SHOWN_BINS):
        ax.plot(W[:n, k], color="tab:blue", lw=3.0, alpha=0.55,
                label="learned, real part of bin (cosine)")
        ax.plot(W[:n, n + k], color="tab:green", lw=3.0, alpha=0.55,
                label="learned, imaginary part of bin (−sine)")
        ax.plot(E[:n, k], "k--", lw=0.8, label="exact")
        ax.plot(E[:n, n + k], "k--", lw=0.8)
        ax.set(title=f"weights from the real inputs to bin {k}", xlabel="input sample index",
               ylabel="weight")
        ax.grid(True, alpha=0.3)
    fig.legend(*axes[1, 0].get_legend_handles_labels(), loc="outside lower center", ncol=3,
               fontsize=8, frameon=False)
    return fig
