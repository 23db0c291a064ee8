"""Plots the notebooks share: waveforms, spectra, spectrograms, 000's figures [2]-[5], the
batching picture and effect responses. Each returns a matplotlib ``Figure``."""
from __future__ import annotations

import numpy as np
import scipy.signal

from .checks import check_audio, check_sample_rate

__all__ = ["waveform", "spectrum", "spectrogram", "time_and_frequency", "spectra_over_time",
           "sampled_points", "batching_picture", "compare_waveforms", "welch_db"]


def _fig(nrows=1, ncols=1, *, size=(9, 3), **kwargs):
    import matplotlib.pyplot as plt

    return plt.subplots(nrows, ncols, figsize=size, squeeze=False, **kwargs)


def _mono(audio):
    audio = check_audio(audio)
    return audio if audio.ndim == 1 else audio.mean(axis=0)


def welch_db(audio, sample_rate, *, n_fft=4096):
    """Welch power spectral density in dB: ``(freqs, psd_db)``."""
    f, p = scipy.signal.welch(_mono(audio), fs=sample_rate, nperseg=min(n_fft, audio.shape[-1]))
    return f, 10 * np.log10(np.maximum(p, 1e-20))


def waveform(signals, sample_rate, *, title="", seconds=None):
    """Waveforms of ``{label: audio}`` against time, overlaid."""
    sample_rate = check_sample_rate(sample_rate)
    fig, ax = _fig()
    ax = ax[0, 0]
    for label, audio in signals.items():
        audio = _mono(audio)
        if seconds:
            audio = audio[:int(seconds * sample_rate)]
        ax.plot(np.arange(audio.size) / sample_rate, audio, lw=0.6, label=label)
    ax.set(xlabel="time (s)", ylabel="amplitude", title=title)
    ax.legend(loc="upper right", fontsize=8)
    return fig


def spectrum(signals, sample_rate, *, title="", n_fft=4096):
    """Welch spectra of ``{label: audio}`` on a log-frequency axis, in dB."""
    fig, ax = _fig()
    ax = ax[0, 0]
    for label, audio in signals.items():
        f, p = welch_db(audio, sample_rate, n_fft=n_fft)
        ax.semilogx(f[1:], p[1:], lw=0.8, label=label)
    ax.set(xlabel="frequency (Hz)", ylabel="power (dB/Hz)", title=title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def spectrogram(signals, sample_rate, *, title="", n_fft=2048, hop=512, top_db=90):
    """Log-frequency spectrograms (librosa) of ``{label: audio}``, one panel each."""
    import librosa
    import librosa.display

    fig, axes = _fig(1, len(signals), size=(4.5 * len(signals), 3.2), sharey=True)
    for ax, (label, audio) in zip(axes[0], signals.items()):
        s = np.abs(librosa.stft(_mono(audio), n_fft=n_fft, hop_length=hop))
        db = librosa.amplitude_to_db(s, ref=np.max, top_db=top_db)
        img = librosa.display.specshow(db, sr=sample_rate, hop_length=hop, x_axis="time",
                                       y_axis="log", ax=ax, cmap="magma")
        ax.set_title(label)
    fig.colorbar(img, ax=axes[0].tolist(), format="%+.0f dB")
    fig.suptitle(title, y=1.02)
    return fig


def time_and_frequency(audio, sample_rate, *, title=""):
    """000's figure [2]: a short excerpt as a time series, and its frequency chart."""
    audio = _mono(audio)
    fig, axes = _fig(1, 2, size=(10, 3))
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


def spectra_over_time(audio, sample_rate, *, title="", n_fft=4096, frames=14, max_hz=2000,
                      floor_db=-60):
    """000's figure [3]: the spectrum of successive frames, drawn as a waterfall in 3-D."""
    import matplotlib.pyplot as plt

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


def sampled_points(audio, sample_rate, *, title="", n_points=40, oversample=16):
    """000's figure [5]: the stored sample points of a waveform and the band-limited
    signal they stand for (sinc-interpolated)."""
    audio = _mono(audio)[:n_points]
    fig, ax = _fig(size=(9, 3))
    ax = ax[0, 0]
    fine = scipy.signal.resample(audio, n_points * oversample)
    ax.plot(np.arange(fine.size) / oversample, fine, lw=0.8, color="0.6",
            label="band-limited signal")
    ax.stem(np.arange(n_points), audio, basefmt=" ", label="stored samples")
    ax.set(xlabel=f"sample index (1/{sample_rate} s apart)", ylabel="amplitude", title=title)
    ax.legend(fontsize=8)
    return fig


def batching_picture(n_samples, *, window, hop, holdout=(), title="", show_windows=6):
    """Sliding windows over a signal (first few drawn), held-out blocks shaded, and how
    many windows use each sample."""
    from .windowing import sample_uses

    fig, axes = _fig(2, 1, size=(10, 4.5), sharex=True)
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


def compare_waveforms(signals, sample_rate, *, start, stop, title="", marks=()):
    """``{label: audio}`` overlaid between two sample indices, with vertical ``marks``."""
    fig, ax = _fig(size=(9, 3))
    ax = ax[0, 0]
    t = np.arange(start, stop) / sample_rate
    for label, audio in signals.items():
        ax.plot(t, _mono(audio)[start:stop], lw=0.9, label=label)
    for m in marks:
        ax.axvline(m / sample_rate, color="k", ls=":", lw=0.8)
    ax.set(xlabel="time (s)", ylabel="amplitude", title=title)
    ax.legend(fontsize=8)
    return fig
