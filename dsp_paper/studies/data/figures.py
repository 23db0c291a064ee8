"""The figures notebook ``01_data`` shows: 000's training pair and test piece, its figures
[2]-[5], 002's noises, envelopes, high-pass response, voice and "miniaudio", 003's kicks and
amen break, how 000 and 001 cut audio into windows, and 000's tick."""
from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.signal
from matplotlib.figure import Figure

from dsp_paper import effects, plotting, signals, windowing
from dsp_paper.studies.data.data import TourData, mono
from dsp_paper.studies.data.experiment import TickDemo

__all__ = ["training_spectrogram", "test_spectrum", "time_and_frequency", "spectra_over_time",
           "spectrograms", "sampled_waveform", "noise_spectra", "envelopes",
           "highpass_response", "voice_spectrum", "miniaudio_waveform", "kicks_figure",
           "amen_figure", "batching", "tick_figure"]


def _legend_outside(ax, **kwargs):
    """Put ``ax``'s legend to the right of the axes, off the data."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, fontsize=8,
              **kwargs)


def _label_spectrogram(fig, panels):
    """Units on the axes of :func:`dsp_paper.plotting.spectrogram`'s panels and its colourbar."""
    for i, ax in enumerate(fig.axes[:panels]):
        ax.set_xlabel("time (s)")
        ax.set_ylabel("frequency (Hz)" if i == 0 else "")
    fig.axes[panels].set_ylabel("level (dB re the loudest bin)")
    return fig


def _spectrogram(signals_, sample_rate, title):
    return _label_spectrogram(plotting.spectrogram(signals_, sample_rate, title=title),
                              len(signals_))


def training_spectrogram(data: TourData) -> Figure:
    """000's training pair: the saw sweep and the lowpass's output (spectrograms)."""
    saw = data.sweeps["saw"]
    return _spectrogram({"saw sweep (input)": saw,
                         "after the lowpass (target)": data.through_lowpass(saw)},
                        data.sample_rate, "000 training pair")


def test_spectrum(data: TourData) -> Figure:
    """000's test piece, before and after the lowpass (Welch spectra)."""
    test = data.lowpass.joined("test")
    fig = plotting.spectrum({"piano": test.input, "piano through the lowpass": test.target},
                            data.sample_rate, title="000 test piece: what the effect takes away")
    _legend_outside(fig.axes[0])
    return fig


def _loudest_start(data, *, within_seconds=10.0, after=2000):
    """A sample index just after the loudest moment of the piano's opening."""
    piano = mono(data.material("piano").audio)
    return int(np.argmax(np.abs(piano[:int(within_seconds * data.sample_rate)]))) + after


def time_and_frequency(data: TourData, *, samples: int = 4096) -> Figure:
    """000's figure [2] from the piano: a time series beside its frequency chart."""
    start = _loudest_start(data)
    excerpt = mono(data.material("piano").audio)[start:start + samples]
    return plotting.time_and_frequency(excerpt, data.sample_rate,
                                       title="[2] piano: time series and frequency chart")


def spectra_over_time(data: TourData, *, seconds: float = 4.0) -> Figure:
    """000's figure [3]: the piano's spectrum over time (a waterfall; colour repeats time)."""
    piano = mono(data.material("piano").audio)[:int(seconds * data.sample_rate)]
    return plotting.spectra_over_time(piano, data.sample_rate,
                                      title="[3] piano: the spectrum over time")


def spectrograms(data: TourData, *, seconds: float = 12.0) -> Figure:
    """000's figure [4]: spectrograms of the piano and the saw sweep."""
    piano = mono(data.material("piano").audio)[:int(seconds * data.sample_rate)]
    return _spectrogram({"piano": piano, "saw sweep": data.sweeps["saw"]}, data.sample_rate,
                        "[4] spectrograms")


def sampled_waveform(data: TourData, *, oversample: int = 16, margin: int = 64) -> Figure:
    """000's figure [5]: a few milliseconds of the piano, the continuous signal and the
    sample points that a digital waveform stores.

    The continuous curve is the band-limited signal the samples encode, interpolated by
    ``oversample`` with a polyphase filter over the excerpt and ``margin`` samples either
    side (so its ends are not distorted); ``cfg.sampled_ms`` milliseconds are shown.

    Returns
    -------
    matplotlib.figure.Figure
    """
    sr = data.sample_rate
    audio = mono(data.material("piano").audio)
    start, n = _loudest_start(data), max(2, int(round(data.cfg.sampled_ms * 1e-3 * sr)))
    lo = max(0, start - margin)
    fine = scipy.signal.resample_poly(audio[lo:start + n + margin], oversample, 1)
    t_fine = (lo - start + np.arange(fine.size) / oversample) / sr * 1e3
    t = np.arange(n) / sr * 1e3
    keep = (t_fine >= 0) & (t_fine <= t[-1])
    fig, ax = plotting.subplots(size=(9, 3.2))
    ax = ax[0, 0]
    ax.plot(t_fine[keep], fine[keep], lw=1.0, color="0.55", label="the continuous signal")
    ax.stem(t, audio[start:start + n], linefmt="C0-", markerfmt="C0o", basefmt="k-",
            label=f"stored samples, {1e3 / sr:.4f} ms apart")
    ax.set(xlabel="time (ms)", ylabel="amplitude (full scale = 1)",
           title=f"[5] piano: what {n} stored samples ({sr} Hz) encode")
    _legend_outside(ax)
    return fig


def noise_spectra(data: TourData) -> Figure:
    """The power spectra of 002's four noises."""
    fig = plotting.spectrum(data.noises, data.sample_rate, title="002 noises: power spectra")
    _legend_outside(fig.axes[0])
    return fig


def envelopes(data: TourData, *, f_start: float = 20.0, f_end: float = 20000.0,
              seconds: float = 1.0, fade_seconds: float = 0.2) -> Figure:
    """002's amplitude envelopes and fades on one sine sweep (one panel each)."""
    sr = data.sample_rate
    up = signals.sweep("sine", f_start=f_start, f_end=f_end, seconds=seconds, sample_rate=sr)
    shapes = {f"sweep, {kind}": signals.apply_envelope(up, kind) for kind in signals.ENVELOPES}
    shapes["fade in / out"] = signals.fade(up, sample_rate=sr, fade_in=fade_seconds,
                                           fade_out=fade_seconds)
    fig, axes = plotting.subplots(1, len(shapes), size=(2.8 * len(shapes), 2.6), sharey=True)
    for ax, (label, x) in zip(axes[0], shapes.items()):
        ax.plot(np.arange(x.size) / sr, x, lw=0.3)
        ax.set(title=label, xlabel="time (s)")
    axes[0, 0].set_ylabel("amplitude")
    fig.suptitle(f"002: envelopes on a sine sweep, {f_start:g} Hz to {f_end:g} Hz", y=1.04)
    return fig


def highpass_response(data: TourData) -> tuple[Figure, pd.DataFrame]:
    """002's effect: the measured response of the high-pass EQ band beside the analytic
    Butterworth (bilinear transform).

    Returns
    -------
    fig : matplotlib.figure.Figure
    table : pandas.DataFrame
        The gain at the cut-off and the slope an octave below 110 Hz, analytic and measured.
    """
    hp, sr = data.highpass_cfg, data.sample_rate
    freqs, measured = effects.magnitude_response_db(effects.highpass_eq, sample_rate=sr,
                                                    cutoff_hz=hp.cutoff_hz, order=hp.order)
    warp = np.tan(np.pi * freqs / sr) / np.tan(np.pi * hp.cutoff_hz / sr)
    with np.errstate(divide="ignore"):
        analytic = 10 * np.log10(warp ** (2 * hp.order) / (1 + warp ** (2 * hp.order)))
    fig, ax = plotting.subplots(size=(8, 3))
    ax = ax[0, 0]
    ax.semilogx(freqs[1:], measured[1:], label="measured (impulse response)")
    ax.semilogx(freqs[1:], analytic[1:], "--", label=f"analytic Butterworth, order {hp.order}")
    ax.axvline(hp.cutoff_hz, color="k", lw=0.6, ls=":")
    ax.set(xlim=(20, 20000), ylim=(-60, 3), xlabel="frequency (Hz)", ylabel="gain (dB)",
           title=f"002 effect: high-pass EQ band at {hp.cutoff_hz:g} Hz")
    ax.legend(loc="lower right", fontsize=8)  # the stop band's corner holds no data

    def at(curve, f):
        return round(float(np.interp(f, freqs, curve)), 2)

    octave = (55.0, 110.0)
    table = pd.DataFrame([
        dict(quantity=f"gain at {hp.cutoff_hz:g} Hz (dB)", analytic=at(analytic, hp.cutoff_hz),
             measured=at(measured, hp.cutoff_hz)),
        dict(quantity=f"gain {octave[0]:g} Hz vs {octave[1]:g} Hz (dB per octave)",
             analytic=round(at(analytic, octave[0]) - at(analytic, octave[1]), 2),
             measured=round(at(measured, octave[0]) - at(measured, octave[1]), 2)),
    ]).set_index("quantity")
    return fig, table


def voice_spectrum(data: TourData) -> Figure:
    """002's validation 2: the voice's spectrum before and after the high-pass."""
    val2 = data.full.joined("validation2")
    fig = plotting.spectrum({"voice": val2.input, "voice through the high-pass": val2.target},
                            data.sample_rate,
                            title="002 validation 2: the spectrum the networks must reproduce")
    _legend_outside(fig.axes[0])
    return fig


def miniaudio_waveform(data: TourData) -> Figure:
    """002's "miniaudio": every kind of clip, input and target."""
    train = data.mini.joined("train")
    fig = plotting.waveform({"input": train.input, "target": train.target}, data.sample_rate,
                            title='002 "miniaudio": one clip of every kind')
    _legend_outside(fig.axes[0])
    return fig


def kicks_figure(data: TourData, *, show_ms: float = 400.0) -> Figure:
    """003's kick variations shown
    (:attr:`~dsp_paper.studies.data.data.TourData.shown`), each labelled with its pitch
    factor, decay and level."""
    k, n = data.shown, len(data.shown.index)
    cols = min(3, n)
    rows = -(-n // cols)
    fig, axes = plotting.subplots(rows, cols, size=(4.2 * cols, 2.5 * rows), sharex=True,
                                  sharey=True)
    t = np.arange(k.examples.shape[1]) / k.sample_rate * 1e3
    for i, ax in enumerate(axes.ravel()):
        if i >= n:
            ax.set_visible(False)
            continue
        ax.plot(t, k.examples[i], lw=0.6)
        ax.set_title(k.labels[i].replace(": ", "\n", 1), fontsize=9)
        ax.set_xlim(0, show_ms)
    for ax in axes[-1]:
        ax.set_xlabel("time (ms)")
    for ax in axes[:, 0]:
        ax.set_ylabel("amplitude")
    fig.suptitle(f"003: {len(data.kicks.examples)} kicks made from one recorded 808 kick "
                 f"(first {show_ms:g} ms of {t[-1]:.0f} ms, zero-padded)", y=1.0)
    fig.tight_layout()
    return fig


def amen_figure(data: TourData, *, every: int = 10) -> Figure:
    """003's amen break with a mark at every ``every`` frames."""
    cfg = data.drums_cfg
    fig = plotting.waveform({"amen break": data.amen.audio}, data.sample_rate,
                            title=f"003: the amen break, {cfg.amen_frames} frames of "
                                  f"{cfg.frame_samples} samples (a mark every {every} frames)")
    ax = fig.axes[0]
    ax.get_legend().remove()
    for edge in range(0, data.amen.audio.size, cfg.frame_samples * every):
        ax.axvline(edge / data.sample_rate, color="tab:red", lw=0.9, ls="--")
    return fig


def batching(data: TourData, *, windows: int = 30,
             seed: int = 0) -> tuple[Figure, pd.DataFrame]:
    """How 000 and 001 cut audio into training windows.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The first windows over ``windows`` window-lengths of audio, the held-out blocks, and
        how many windows use each sample.
    table : pandas.DataFrame
        000's training set in windows and batches, the uses per sample away from the ends,
        and the first windows of two epochs (shuffled each epoch).
    """
    window, uses = data.cfg.batch_window, data.cfg.batch_uses
    hop = windowing.hop_for_uses(window, uses)
    n = windows * window
    validation = data.lowpass_cfg.validation_fraction
    _, held = windowing.holdout_ranges(n, fraction=validation, block=window, seed=seed)
    fig = plotting.batching_picture(n, window=window, hop=hop, holdout=held,
                                    title=f"window {window}, hop {hop}: every sample used "
                                          f"{uses} times; held out in red")
    fig.axes[-1].set_xlabel("sample index")
    counts = windowing.sample_uses(n, window=window, hop=hop)[window:-window]
    batches = windowing.WindowBatches(data.lowpass.split("train"), window=window, hop=hop,
                                      batch_size=data.cfg.batch_size, seed=seed)
    table = pd.DataFrame([
        ("000 training windows", batches.n_windows),
        (f"batches of {data.cfg.batch_size} per epoch", len(batches)),
        ("uses of a sample away from the ends", ", ".join(map(str, sorted(set(counts))))),
        *((f"first five windows of epoch {e}, as (piece, window)",
           ", ".join(f"({p}, {w})" for p, w in batches.order(e)[:5])) for e in (0, 1)),
    ], columns=["quantity", "value"]).set_index("quantity")
    return fig, table


def tick_figure(tick: TickDemo, *, around_ms: float = 15.0) -> Figure:
    """The tick at a block edge: the three outputs, their errors there, and the errors over
    the whole piece with every block edge marked (time in ms)."""
    sr, block = tick.sample_rate, tick.block
    ms = np.arange(tick.reference.size) / sr * 1e3
    half = int(around_ms * 1e-3 * sr)
    near = slice(block - half, block + half)
    fig, axes = plotting.subplots(3, 1, size=(9, 7.5))
    top, mid, low = axes[:, 0]
    outputs = {"whole-track filter (reference)": tick.reference,
               "zero-padded blocks": tick.ticked, "overlap-add": tick.fixed}
    for (label, out), style in zip(outputs.items(), ("-", "-", "--")):
        top.plot(ms[near], out[near], style, lw=1.0, label=label)
    errors = {"blocks − reference": tick.ticked - tick.reference,
              "overlap-add − reference": tick.fixed - tick.reference}
    for label, err in errors.items():
        mid.plot(ms[near], err[near], lw=1.0, label=label)
        low.plot(ms, err, lw=0.6, label=label)
    for edge in range(block, tick.reference.size, block):
        low.axvline(edge / sr * 1e3, color="k", lw=0.4, ls=":")
    for ax in (top, mid):
        ax.axvline(block / sr * 1e3, color="k", lw=0.8, ls=":")
    top.set(ylabel="amplitude", xlabel="time (ms)",
            title=f"at the first block edge ({block / sr * 1e3:g} ms)")
    mid.set(ylabel="error (amplitude)", xlabel="time (ms)")
    low.set(ylabel="error (amplitude)", xlabel="time (ms)",
            title="the error over the whole piece: a tick at every block edge (dotted)")
    for ax in (top, mid, low):
        _legend_outside(ax)
    fig.tight_layout()
    return fig
