"""Plots the notebooks share: waveforms, spectra, spectrograms, 000's figures [2]-[5], the
batching picture and effect responses. Each returns a matplotlib ``Figure``."""
from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.signal

from dsp_paper.checks import check_audio, check_sample_rate
from dsp_paper.errors import ParameterError
from dsp_paper.windowing import sample_uses

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from numpy.typing import ArrayLike

__all__ = ["waveform", "spectrum", "spectrogram", "spectrogram_panel", "time_and_frequency",
           "spectra_over_time", "sampled_points", "batching_picture", "compare_waveforms",
           "welch_db", "seed_curves", "subplots"]


def subplots(nrows: int = 1, ncols: int = 1, *, size: tuple[float, float] = (9, 3),
             **kwargs: Any) -> tuple[Figure, np.ndarray]:
    """``plt.subplots`` as every figure of the package makes it: ``size`` in inches, the axes
    always a 2-D array (``squeeze=False``), any other option passed on (``sharey=True``,
    ``layout="constrained"``, ...).

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : np.ndarray of matplotlib.axes.Axes, shape ``(nrows, ncols)``

    Examples
    --------
    >>> fig, axes = subplots(1, 2, size=(8, 3), sharey=True)
    >>> axes.shape
    (1, 2)
    """
    import matplotlib.pyplot as plt  # heavy: pyplot starts a backend; only figures need it

    return plt.subplots(nrows, ncols, figsize=size, squeeze=False, **kwargs)


def _mono(audio: np.ndarray) -> np.ndarray:
    audio = check_audio(audio)
    return audio if audio.ndim == 1 else audio.mean(axis=0)


def welch_db(audio: np.ndarray, sample_rate: int, *,
             n_fft: int = 4096) -> tuple[np.ndarray, np.ndarray]:
    """Welch power spectral density in dB: ``(freqs, psd_db)``."""
    f, p = scipy.signal.welch(_mono(audio), fs=sample_rate, nperseg=min(n_fft, audio.shape[-1]))
    return f, 10 * np.log10(np.maximum(p, 1e-20))


def waveform(signals: Mapping[str, np.ndarray], sample_rate: int, *, title: str = "",
             seconds: float | None = None) -> Figure:
    """Waveforms of ``{label: audio}`` against time, overlaid."""
    sample_rate = check_sample_rate(sample_rate)
    fig, ax = subplots()
    ax = ax[0, 0]
    for label, audio in signals.items():
        audio = _mono(audio)
        if seconds:
            audio = audio[:int(seconds * sample_rate)]
        ax.plot(np.arange(audio.size) / sample_rate, audio, lw=0.6, label=label)
    ax.set(xlabel="time (s)", ylabel="amplitude", title=title)
    ax.legend(loc="upper right", fontsize=8)
    return fig


def spectrum(signals: Mapping[str, np.ndarray], sample_rate: int, *, title: str = "",
             n_fft: int = 4096) -> Figure:
    """Welch spectra of ``{label: audio}`` on a log-frequency axis, in dB."""
    fig, ax = subplots()
    ax = ax[0, 0]
    for label, audio in signals.items():
        f, p = welch_db(audio, sample_rate, n_fft=n_fft)
        ax.semilogx(f[1:], p[1:], lw=0.8, label=label)
    ax.set(xlabel="frequency (Hz)", ylabel="power (dB/Hz)", title=title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def spectrogram_panel(ax: Any, audio: np.ndarray, sample_rate: int, *, n_fft: int = 2048,
                      hop: int = 512, top_db: float = 90) -> Any:
    """One log-frequency spectrogram (librosa), in dB re its own peak, drawn on ``ax``.

    Returns
    -------
    matplotlib.collections.QuadMesh
        The image, for a colourbar.
    """
    import librosa  # heavy: librosa
    import librosa.display  # heavy: librosa

    s = np.abs(librosa.stft(_mono(audio), n_fft=n_fft, hop_length=hop))
    db = librosa.amplitude_to_db(s, ref=np.max, top_db=top_db)
    return librosa.display.specshow(db, sr=sample_rate, hop_length=hop, x_axis="time",
                                    y_axis="log", ax=ax, cmap="magma")


def spectrogram(signals: Mapping[str, np.ndarray], sample_rate: int, *, title: str = "",
                n_fft: int = 2048, hop: int = 512, top_db: float = 90) -> Figure:
    """Log-frequency spectrograms (librosa) of ``{label: audio}``, one panel each."""
    fig, axes = subplots(1, len(signals), size=(4.5 * len(signals), 3.2), sharey=True)
    for ax, (label, audio) in zip(axes[0], signals.items()):
        img = spectrogram_panel(ax, audio, sample_rate, n_fft=n_fft, hop=hop, top_db=top_db)
        ax.set_title(label)
    fig.colorbar(img, ax=axes[0].tolist(), format="%+.0f dB")
    fig.suptitle(title, y=1.02)
    return fig


def time_and_frequency(audio: np.ndarray, sample_rate: int, *, title: str = "") -> Figure:
    """000's figure [2]: a short excerpt as a time series, and its frequency chart."""
    audio = _mono(audio)
    fig, axes = subplots(1, 2, size=(10, 3))
    ax_t, ax_f = axes[0]
    t = np.arange(audio.size) / sample_rate * 1000
    ax_t.plot(t, audio, lw=0.8)
    ax_t.set(xlabel="time (ms)", ylabel="amplitude", title="time series")
    spec = np.abs(np.fft.rfft(audio * np.hanning(audio.size))) / audio.size
    f = np.fft.rfftfreq(audio.size, 1 / sample_rate)
    ax_f.plot(f, spec, lw=0.8)
    ax_f.set(xlabel="frequency (Hz)", ylabel="magnitude", title="frequency chart",
             xlim=(0, min(sample_rate / 2, 5000)))
    fig.suptitle(title, y=1.03)
    return fig


def spectra_over_time(audio: np.ndarray, sample_rate: int, *, title: str = "",
                      n_fft: int = 4096, frames: int = 14, max_hz: float = 2000,
                      floor_db: float = -60) -> Figure:
    """000's figure [3]: the spectrum of successive frames, drawn as a waterfall in 3-D."""
    import matplotlib.pyplot as plt  # heavy: matplotlib

    audio = _mono(audio)
    starts = np.linspace(0, audio.size - n_fft, frames).astype(int)
    f = np.fft.rfftfreq(n_fft, 1 / sample_rate)
    keep = f <= max_hz
    mags = np.array([np.abs(np.fft.rfft(audio[s:s + n_fft] * np.hanning(n_fft)))[keep]
                     for s in starts])
    db = np.maximum(20 * np.log10(np.maximum(mags / mags.max(), 1e-12)), floor_db)
    fig = plt.figure(figsize=(9, 5))
    ax = fig.add_subplot(projection="3d")
    colours = plt.cm.viridis(np.linspace(0, 1, frames))
    for i in range(frames - 1, -1, -1):
        ax.plot(f[keep], np.full(keep.sum(), starts[i] / sample_rate), db[i], lw=0.8,
                color=colours[i])
    ax.set(xlabel="frequency (Hz)", ylabel="time (s)", zlabel="dB", title=title,
           zlim=(floor_db, 0))
    ax.view_init(elev=30, azim=-65)
    return fig


def sampled_points(audio: np.ndarray, sample_rate: int, *, title: str = "",
                   n_points: int = 40, oversample: int = 16) -> Figure:
    """000's figure [5]: the stored sample points of a waveform and the band-limited
    signal they stand for (sinc-interpolated)."""
    audio = _mono(audio)[:n_points]
    fig, ax = subplots(size=(9, 3))
    ax = ax[0, 0]
    fine = scipy.signal.resample(audio, n_points * oversample)
    ax.plot(np.arange(fine.size) / oversample, fine, lw=0.8, color="0.6",
            label="band-limited signal")
    ax.stem(np.arange(n_points), audio, basefmt=" ", label="stored samples")
    ax.set(xlabel=f"sample index (1/{sample_rate} s apart)", ylabel="amplitude", title=title)
    ax.legend(fontsize=8)
    return fig


def batching_picture(n_samples: int, *, window: int, hop: int,
                     holdout: Sequence[tuple[int, int]] = (), title: str = "",
                     show_windows: int = 6) -> Figure:
    """Sliding windows over a signal (first few drawn), held-out blocks shaded, and how
    many windows use each sample."""

    fig, axes = subplots(2, 1, size=(10, 4.5), sharex=True)
    ax_w, ax_u = axes[:, 0]
    for i in range(show_windows):
        start = i * hop
        ax_w.broken_barh([(start, window)], (i, 0.8), alpha=0.5)
    for start, stop in holdout:
        for ax in (ax_w, ax_u):
            ax.axvspan(start, stop, color="tab:red", alpha=0.15)
    ax_w.set(ylabel="window", title=title, yticks=[])
    # windows are cut from each kept piece on its own: none crosses a held-out block
    counts = np.zeros(n_samples, dtype=int)
    cursor = 0
    for start, stop in sorted(holdout) + [(n_samples, n_samples)]:
        if start - cursor >= window:
            counts[cursor:start] = sample_uses(start - cursor, window=window, hop=hop)
        cursor = stop
    ax_u.plot(np.arange(n_samples), counts, lw=1)
    ax_u.set(xlabel="sample", ylabel="windows using it")
    return fig


def compare_waveforms(signals: Mapping[str, np.ndarray], sample_rate: int, *, start: int,
                      stop: int, title: str = "", marks: Iterable[float] = ()) -> Figure:
    """``{label: audio}`` overlaid between two sample indices, with vertical ``marks``."""
    fig, ax = subplots(size=(9, 3))
    ax = ax[0, 0]
    t = np.arange(start, stop) / sample_rate
    for label, audio in signals.items():
        ax.plot(t, _mono(audio)[start:stop], lw=0.9, label=label)
    for m in marks:
        ax.axvline(m / sample_rate, color="k", ls=":", lw=0.8)
    ax.set(xlabel="time (s)", ylabel="amplitude", title=title)
    ax.legend(fontsize=8)
    return fig


_LINE_STYLES = ("-", "--", "-.", ":")
# a reference level within this factor of a panel's curves (log axis) is drawn; further off it
# would stretch the axis past the curves and squash them, so it is named instead
_REFERENCE_REACH = 3.0
_OFF_AXIS_MARKERS = {"below": "v", "above": "^"}


def _curve_span(curves: Mapping[str, Sequence[tuple[ArrayLike, ArrayLike]]], *,
                log: bool) -> tuple[float, float]:
    """The lowest and highest value a panel's curves draw (positive ones on a log axis);
    NaNs where they draw none."""
    values = [np.asarray(y, float) for seeds in curves.values() for _, y in seeds]
    values = np.concatenate([v[np.isfinite(v) & (v > 0 if log else True)] for v in values]
                            or [np.array([])])
    return (float(values.min()), float(values.max())) if values.size else (np.nan, np.nan)


def _off_axis(level: float, span: tuple[float, float], *, log: bool) -> str | None:
    """``"below"`` or ``"above"`` where drawing ``level`` would stretch the y axis well past
    the curves' ``span``; None where it sits among them (or there are none to squash)."""
    low, high = span
    if not np.isfinite(low):
        return None
    if log:
        if level <= 0:
            return "below"
        low, high = low / _REFERENCE_REACH, high * _REFERENCE_REACH
    else:
        pad = 0.25 * ((high - low) or abs(high) or 1.0)
        low, high = low - pad, high + pad
    return "below" if level < low else "above" if level > high else None


def _off_axis_label(label: str, levels: Sequence[tuple[str, float, str]], *,
                    panels: int) -> str:
    """The legend's line for a reference drawn in no panel of ``levels`` (panel, level,
    side): its value in each, wrapped to the legend's width."""
    sides = {side for _, _, side in levels}
    side = sides.pop() if len(sides) == 1 else "outside"
    if panels == 1:
        text = f"{label}: {levels[0][1]:.1e}, {side} the axis"
    else:
        text = (f"{label}, {side} the {'axis' if len(levels) == 1 else 'axes'}: "
                + ", ".join(f"{level:.1e} in {panel}" for panel, level, _ in levels))
    # as wide as the legend's longest model line; never split a level such as 1.2e-05
    return textwrap.fill(text, 42, break_on_hyphens=False)


def seed_curves(panels: Mapping[str, Mapping[str, Sequence[tuple[ArrayLike, ArrayLike]]]], *,
                ylabel: str = "MSE", xlabel: str = "epoch", title: str = "",
                references: Mapping[str, Mapping[str, float]] | None = None,
                log: bool = True, sharey: bool = True,
                size: tuple[float, float] | None = None) -> Figure:
    """Curves of several models over epochs, one panel per quantity, every seed drawn.

    Each model keeps one colour and one line style in every panel; each seed is a thin line
    and their mean a thicker one, over the x values every seed reached. The y axis spans the
    curves: a reference level within a factor of 3 of them (on a log axis) is drawn, one
    further off is not (it would squash them) but marked by a triangle in the panel's bottom
    left (or top right) corner and its value given in the legend. A curve of at most 15 points gets markers.
    The legend sits outside the axes, right of the last panel.

    Parameters
    ----------
    panels : dict of str -> dict of str -> list of (array_like, array_like)
        Panel title -> model name -> one ``(x, y)`` per seed (e.g. epochs and MSE).
    ylabel, xlabel : str
        Axis labels (``ylabel`` on the first panel, or on every panel when they do not share
        the y axis).
    title : str
        The figure's title, above the panels.
    references : dict of str -> dict of str -> float, optional
        Panel title -> label -> the level of a horizontal reference line (e.g. a
        closed-form floor), drawn in greys.
    log : bool
        Log y axis.
    sharey : bool
        One y axis for all panels (False where their levels lie decades apart).
    size : (float, float), optional
        Figure size in inches; default 4.2 wide per panel (plus the legend), 3.4 high.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ParameterError
        If ``panels`` is empty or a model has no curve.
    """
    from matplotlib.lines import Line2D  # heavy: matplotlib

    if not panels:
        raise ParameterError("seed_curves needs at least one panel")
    models = list(dict.fromkeys(m for curves in panels.values() for m in curves))
    style = {m: dict(color=f"C{k % 10}", ls=_LINE_STYLES[k % len(_LINE_STYLES)])
             for k, m in enumerate(models)}
    references = references or {}
    ref_labels = list(dict.fromkeys(r for refs in references.values() for r in refs))
    ref_style = {r: dict(color=str(0.15 + 0.45 * k / max(1, len(ref_labels) - 1)),
                         ls=(0, (1, 1.5)), lw=1.2) for k, r in enumerate(ref_labels)}
    fig, axes = subplots(1, len(panels), size=size or (4.2 * len(panels) + 1.8, 3.4), sharey=sharey)
    spans = {panel: _curve_span(curves, log=log) for panel, curves in panels.items()}
    if sharey:  # one axis spans every panel's curves
        lows, highs = zip(*spans.values())
        shared = (np.nanmin(lows), np.nanmax(highs)) if np.isfinite(lows).any() else \
            (np.nan, np.nan)
        spans = dict.fromkeys(spans, shared)
    meaned, drawn, off = set(), set(), {}
    for ax, (panel, curves) in zip(axes[0], panels.items()):
        for model, seeds in curves.items():
            if not seeds:
                raise ParameterError(f"model {model!r} of panel {panel!r} has no curve")
            if _draw_seeds(ax, seeds, style[model]):
                meaned.add(model)
        marked = 0
        for label, level in references.get(panel, {}).items():
            side = _off_axis(level, spans[panel], log=log)
            if side is None:
                ax.axhline(level, **ref_style[label])
                drawn.add(label)
                continue
            # named, not drawn: a triangle inside the panel's edge says which way it lies,
            # in the corner a falling curve leaves empty (bottom left, or top right)
            x, y = (0.03 + 0.05 * marked, 0.04) if side == "below" else \
                (0.97 - 0.05 * marked, 0.96)
            ax.plot([x], [y], ls="", marker=_OFF_AXIS_MARKERS[side], ms=7,
                    color=ref_style[label]["color"], transform=ax.transAxes, zorder=5)
            off.setdefault(label, []).append((panel, level, side))
            marked += 1
        if log:
            ax.set_yscale("log")
        ax.set(title=panel, xlabel=xlabel)
        ax.grid(True, which="major", alpha=0.3)
    for ax in axes[0] if not sharey else axes[0, :1]:
        ax.set_ylabel(ylabel)
    counts = {m: max(len(c[m]) for c in panels.values() if m in c) for m in models}
    seeds_shown = max(counts.values())
    handles = [Line2D([], [], lw=2.0, **style[m]) for m in models]
    labels = [f"{m} (mean where every seed ran)" if m in meaned else m for m in models]
    if seeds_shown > 1:
        handles.append(Line2D([], [], lw=0.7, color="0.4"))
        labels.append(f"thin lines: each of {seeds_shown} seeds")
    handles += [Line2D([], [], **ref_style[r]) for r in ref_labels if r in drawn]
    labels += [r for r in ref_labels if r in drawn]
    for r in (r for r in ref_labels if r in off):
        side = off[r][0][2]
        handles.append(Line2D([], [], ls="", marker=_OFF_AXIS_MARKERS[side], ms=7,
                              color=ref_style[r]["color"]))
        labels.append(_off_axis_label(r, off[r], panels=len(panels)))
    axes[0, -1].legend(handles, labels, loc="upper left", bbox_to_anchor=(1.03, 1.0),
                       fontsize=8, frameon=False)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def _draw_seeds(ax: Any, seeds: Sequence[tuple[ArrayLike, ArrayLike]],
                style: Mapping[str, Any]) -> bool:
    """One model's curves in one panel: each seed thin, and their mean thick over the x
    values every seed reached. Returns whether the mean was drawn."""
    pairs = [(np.asarray(x, float), np.asarray(y, float)) for x, y in seeds]
    marker = "o" if max(x.size for x, _ in pairs) <= 15 else None
    thin = 0.7 if len(pairs) > 1 else 1.6
    for x, y in pairs:
        ax.plot(x, y, lw=thin, alpha=0.55 if len(pairs) > 1 else 1.0, marker=marker, ms=3,
                **style)
    # trainings that stop on a plateau end at different epochs
    shared = sorted(set.intersection(*(set(x.tolist()) for x, _ in pairs)))
    if len(pairs) < 2 or len(shared) < 2:
        return False
    at = [np.searchsorted(x, shared) for x, _ in pairs]
    ax.plot(shared, np.mean([y[i] for (_, y), i in zip(pairs, at)], axis=0), lw=2.0,
            marker=marker, ms=4, **style)
    return True
