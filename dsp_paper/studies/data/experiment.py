"""Notebook ``01_data``: the tour of every document's data.

01 makes no claims. It builds every document's corpus (through the document modules:
``doc000_lowpass.lowpass_corpus`` and ``pedal_corpus``, ``doc001_stereo.stereo_corpus``,
``doc002_recurrent_eq.highpass_corpus``, ``doc003_generation.kick_set`` and ``amen_clip``,
``doc004_spectrogram.stft_slices``), lets a reader hear and see them, rebuilds 000's figures
[2]-[5], shows how audio is cut into training windows, and rebuilds 000's half-second tick and
its overlap-add fix. This module holds what the documents say about their data (typed once),
the tables and figures 01 shows, the clips it publishes, the table of what differs from each
document and the generated closing text. 01's settings are
:data:`dsp_paper.datasets.DATA_TOUR`.

Examples
--------
>>> data = load("smoke")  # doctest: +SKIP
>>> fig = sampled_waveform(data)  # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.signal

from dsp_paper.studies.dense_baselines import experiment as doc000_lowpass
from dsp_paper.studies.conv_tied import stereo as doc001_stereo
from dsp_paper.studies.lstm_generation import experiment as doc003_generation
from dsp_paper import effects, material, metrics, plotting, signals, windowing
from dsp_paper.errors import ParameterError
from dsp_paper.datasets import DataTourSettings, EffectCorpus
from dsp_paper.study.settings import Settings
from dsp_paper.studies import scale_config

if TYPE_CHECKING:
    import pandas as pd

    from dsp_paper.studies.lstm_generation.experiment import KickSet, ShownKicks

__all__ = ["DOCUMENT_DATA", "THESIS_SAMPLES", "THESIS_SAMPLE_RATE", "SLICES_004", "USES_001",
           "NOISE_SLOPES_DB_PER_OCTAVE", "TourData", "load", "provenance", "key_clips",
           "training_spectrogram", "test_spectrum", "time_and_frequency", "spectra_over_time",
           "spectrograms", "sampled_waveform", "layouts", "noise_slopes", "noise_spectra",
           "envelopes", "highpass_response", "highpass_sizes", "voice_spectrum",
           "miniaudio_waveform", "kicks_figure", "amen_figure",
           "stft_framing", "batching", "TickDemo", "tick_outputs", "tick_demo", "tick_figure",
           "datasets_table", "differences", "what_it_means"]

# ------------------------------------------------------------------ what the documents say

THESIS_SAMPLES = {"full": 7_813_000, "mini": 882_000}
"""002's training sets, in samples: the full set and "miniaudio" (20 s at 44.1 kHz)."""
THESIS_SAMPLE_RATE = 44100
"""002: "each sample rendered with 44100Hz"."""
SLICES_004 = dict(samples=2048, sample_rate=8000, count=15000, stride=250, bins=129, frames=33)
"""004's slices (samples at Hz; ``count`` per batch) and the STFT it states: stride 250,
129 bins x 33 frames."""
USES_001 = 10
"""001: windows overlap so that "every datapoint will be used 10 times"."""

_DOC003 = doc003_generation.DOCUMENT

DOCUMENT_DATA = {
    ("000", "material"): doc000_lowpass.PAPER_SETUP["material"],
    ("000", "sample rate"): doc000_lowpass.PAPER_SETUP["sample rate"],
    ("000", "files"): "stereo 16-bit PCM WAV, converted to float32, normalised, split into "
                      "mono tracks",
    ("000", "durations"): "not stated",
    ("000", "pedal effect"): '"a more complex effect made with some pedal effects", never '
                             "evaluated",
    ("001", "material"): doc001_stereo.PAPER_STEREO_SETUP["material"],
    ("001", "layout"): doc001_stereo.PAPER_STEREO_SETUP["layout"],
    ("001", "sample uses"): f"windows overlap so that every sample is used {USES_001} times",
    ("001", "sample rate"): "not stated ('a uniform sample rate')",
    ("001", "durations"): "not stated",
    ("002", "material"): "white, pink, Gaussian and brown noise; sine sweeps rising and "
                         "falling; amplitude rising, falling or both; fades; one second per clip",
    ("002", "effect"): "a DAW EQ's high-pass at 440 Hz",
    ("002", "sample rate"): f"{THESIS_SAMPLE_RATE} Hz",
    ("002", "full set"): f"{THESIS_SAMPLES['full']:,} samples",
    ("002", "miniaudio"): f"{THESIS_SAMPLES['mini']:,} samples (20 s)",
    ("002", "validation"): "1: new chunks of the same kinds; 2: a recorded voice",
    ("003", "kicks"): f"{_DOC003.kick_material}, zero-padded to one length",
    ("003", "amen break"): f"{_DOC003.amen_material}, trimmed to {_DOC003.amen_frames} frames "
                           f"of {_DOC003.frame_samples} samples",
    ("003", "sample rate"): "not stated" if _DOC003.sample_rate is None
                            else f"{_DOC003.sample_rate} Hz",
    ("004", "slices"): f"random slices of {SLICES_004['samples']} samples, synthesised; "
                       f"{SLICES_004['count']:,} per batch",
    ("004", "sample rate"): f"{SLICES_004['sample_rate']} Hz",
}
"""``(document, aspect) -> what the document says about its data``: the "document" column of
:func:`differences`; 000's, 001's and 003's entries are their modules' (``PAPER_SETUP``,
``PAPER_STEREO_SETUP``, ``DOCUMENT``)."""

NOISE_SLOPES_DB_PER_OCTAVE = {"white": 0.0, "gaussian": 0.0, "pink": -3.0, "brown": -6.0}
"""The physics of 002's noise colours: power slope in dB per octave."""

_NOISE_MIN_SECONDS = 2.0  # long enough for a steady slope estimate


# ------------------------------------------------------------------ the data

@dataclass(frozen=True)
class TourData:
    """Every document's data at one scale, as 01 shows it.

    Attributes
    ----------
    cfg : dsp_paper.datasets.DataTourSettings
    lowpass_cfg, stereo_cfg, highpass_cfg, pedal_cfg, drums_cfg, slices_cfg : Settings
        The corpora's settings (``lowpass_000``, ``stereo_001``, ``highpass_002``,
        ``pedal_ext``, ``drums_003``, ``slices_004``).
    lowpass, stereo, mini, full, pedal : dsp_paper.datasets.EffectCorpus
        000's sweeps through the lowpass, 001's stereo sweeps, 002's "miniaudio" and full set,
        the pedal extension.
    kicks : dsp_paper.studies.lstm_generation.experiment.KickSet
    shown : dsp_paper.studies.lstm_generation.experiment.ShownKicks
        The ``cfg.kicks_shown`` kicks drawn and played (as notebook 06 picks them).
    kick_spread : pandas.DataFrame
        :func:`dsp_paper.studies.lstm_generation.experiment.kick_variation` of the whole set.
    amen : dsp_paper.material.Material
    slices : np.ndarray, shape (count, slice_samples)
        004's slices at ``slices_cfg.sample_rate``.
    materials : tuple of Material
        The real recordings (piano, voice, amen break, 808 kick, guitar) at full length.
    sweeps : dict of str to np.ndarray, shape (n,)
        Example sweeps of every shape of 000 and 001, ``cfg.example_seconds`` long.
    noises : dict of str to np.ndarray, shape (n,)
        002's four noise colours.
    """

    cfg: DataTourSettings
    lowpass_cfg: Settings
    stereo_cfg: Settings
    highpass_cfg: Settings
    pedal_cfg: Settings
    drums_cfg: Settings
    slices_cfg: Settings
    lowpass: EffectCorpus
    stereo: EffectCorpus
    mini: EffectCorpus
    full: EffectCorpus
    pedal: EffectCorpus
    kicks: KickSet
    shown: ShownKicks
    kick_spread: pd.DataFrame
    amen: material.Material
    slices: np.ndarray
    materials: tuple
    sweeps: dict
    noises: dict

    @property
    def sample_rate(self):
        """The sample rate (Hz) of every corpus but 004's."""
        return self.lowpass.sample_rate

    def material(self, name):
        """The real recording called ``name`` (e.g. ``"piano"``)."""
        for m in self.materials:
            if m.name == name:
                return m
        raise ParameterError(f"no material {name!r}; there are {[m.name for m in self.materials]}")

    def through_lowpass(self, audio):
        """``audio`` through 000's lowpass (its corpus's cut-off and order)."""
        return effects.lowpass(audio, sample_rate=self.sample_rate,
                               cutoff_hz=self.lowpass_cfg.cutoff_hz, order=self.lowpass_cfg.order)


def load(scale):
    """Build (or read from the cache) every document's data at ``scale``.

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}

    Returns
    -------
    TourData
    """
    from dsp_paper.studies.recurrent_eq import experiment as doc002_recurrent_eq
    from dsp_paper.studies.learned_spectrogram import experiment as doc004_spectrogram

    cfg = scale_config("01_data", scale)
    low = scale_config("lowpass_000", scale)
    stereo = scale_config("stereo_001", scale)
    sr = low.sample_rate
    sweeps = {shape: signals.sweep(shape, f_start=low.f_start, f_end=low.f_end,
                                   seconds=cfg.example_seconds, sample_rate=sr, amplitude=low.level)
              for shape in dict.fromkeys(low.shapes + stereo.shapes)}
    noises = {c: signals.noise(c, seconds=max(cfg.example_seconds, _NOISE_MIN_SECONDS),
                               sample_rate=sr, seed=1) for c in NOISE_SLOPES_DB_PER_OCTAVE}
    kicks = doc003_generation.kick_set(scale)
    materials = (material.piano(sample_rate=sr), material.voice(sample_rate=sr),
                 material.amen_break(sample_rate=sr), material.kick_808(sample_rate=sr),
                 material.guitar(sample_rate=sr))
    return TourData(
        cfg=cfg, lowpass_cfg=low, stereo_cfg=stereo,
        highpass_cfg=scale_config("highpass_002", scale),
        pedal_cfg=scale_config("pedal_ext", scale), drums_cfg=scale_config("drums_003", scale),
        slices_cfg=scale_config("slices_004", scale),
        lowpass=doc000_lowpass.lowpass_corpus(scale), stereo=doc001_stereo.stereo_corpus(scale),
        mini=doc002_recurrent_eq.highpass_corpus(scale, variant="mini"),
        full=doc002_recurrent_eq.highpass_corpus(scale, variant="full"),
        pedal=doc000_lowpass.pedal_corpus(scale), kicks=kicks,
        shown=doc003_generation.shown_kicks(kicks, count=cfg.kicks_shown),
        kick_spread=doc003_generation.kick_variation(kicks),
        amen=doc003_generation.amen_clip(scale), slices=doc004_spectrogram.stft_slices(scale),
        materials=materials, sweeps=sweeps, noises=noises)


def _mono(audio):
    audio = np.asarray(audio)
    return audio if audio.ndim == 1 else audio.mean(axis=0)


def provenance(data):
    """The real recordings: what, how long, licence, source (a DataFrame by name)."""
    return material.provenance_table(data.materials)


def _first(corpus, split):
    """The first piece of a split, mixed to mono: ``(input, target)``."""
    piece = corpus.split(split)[0]
    return _mono(piece.input), _mono(piece.target)


def _kick_sequence(data):
    """The kicks shown, one after another, each in a slot of ``kick_slot_seconds``."""
    slot = int(data.cfg.kick_slot_seconds * data.shown.sample_rate)
    shown = data.shown.examples[:, :slot]
    return np.pad(shown, ((0, 0), (0, slot - shown.shape[1]))).reshape(-1)


def key_clips(data, document):
    """The clips 01 publishes for one document, as keywords of ``nb.players``.

    Parameters
    ----------
    data : TourData
    document : {"000", "001", "002", "003", "pedal"}

    Returns
    -------
    dict
        ``clips`` (title -> mono audio), ``sample_rate``, ``heading`` and ``what`` (title ->
        a description for the listening page).
    """
    low, cfg = data.lowpass_cfg, data.cfg
    sweep_range = f"{low.f_start:g} Hz to {low.f_end:g} Hz, exponential, band-limited"
    if document == "000":
        heading = "000: sweeps through the lowpass, piano as the test"
        saw = data.sweeps["saw"]
        clips = [("saw sweep (input)", saw, f"saw sweep, {sweep_range}"),
                 ("saw sweep through the lowpass (target)", data.through_lowpass(saw),
                  data.lowpass.effect),
                 ("piano (test input)", _first(data.lowpass, "test")[0],
                  data.material("piano").description)]
    elif document == "001":
        heading = "001: triangle sweeps, voice as harder material"
        clips = [("triangle sweep (input)", data.sweeps["triangle"],
                  f"triangle sweep, {sweep_range}"),
                 ("voice (test input)", _first(data.stereo, "test_voice")[0],
                  data.material("voice").description)]
    elif document == "002":
        heading = '002: "miniaudio" through the high-pass EQ'
        x, y = _first(data.mini, "train")
        clips = [("training input", x, "the start of the training set: noise clips with "
                  "amplitude envelopes and fades (the clips cycle through every kind)"),
                 ("training target", y, data.mini.effect)]
    elif document == "003":
        heading = "003: 808 kick variations and the amen break"
        clips = [("kick variations", _kick_sequence(data),
                  "kicks " + ", ".join(map(str, data.shown.index)) + " of the set, one every "
                  f"{cfg.kick_slot_seconds:g} s (their pitch, decay and level: the kicks table)"),
                 ("amen break", data.amen.audio, data.amen.description)]
    elif document == "pedal":
        heading = "the pedal extension: guitar DI and the pedal chain"
        x, y = _first(data.pedal, "test")
        clips = [("guitar DI (test input)", x,
                  "electric guitar, direct input: " + ", ".join(data.pedal_cfg.test_takes)),
                 ("through the pedal chain", y, data.pedal.effect)]
    else:
        raise ParameterError(f"unknown document {document!r}: use 000, 001, 002, 003 or pedal")
    return dict(clips={t: a for t, a, _ in clips}, what={t: w for t, _, w in clips},
                sample_rate=data.drums_cfg.sample_rate if document == "003" else data.sample_rate,
                heading=heading)


# ------------------------------------------------------------------ figure helpers

def _subplots(nrows=1, ncols=1, *, size, **kwargs):
    import matplotlib.pyplot as plt

    return plt.subplots(nrows, ncols, figsize=size, squeeze=False, **kwargs)


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


def training_spectrogram(data):
    """000's training pair: the saw sweep and the lowpass's output (spectrograms)."""
    saw = data.sweeps["saw"]
    return _spectrogram({"saw sweep (input)": saw,
                         "after the lowpass (target)": data.through_lowpass(saw)},
                        data.sample_rate, "000 training pair")


def test_spectrum(data):
    """000's test piece, before and after the lowpass (Welch spectra)."""
    test = data.lowpass.joined("test")
    fig = plotting.spectrum({"piano": test.input, "piano through the lowpass": test.target},
                            data.sample_rate, title="000 test piece: what the effect takes away")
    _legend_outside(fig.axes[0])
    return fig


def _loudest_start(data, *, within_seconds=10.0, after=2000):
    """A sample index just after the loudest moment of the piano's opening."""
    piano = _mono(data.material("piano").audio)
    return int(np.argmax(np.abs(piano[:int(within_seconds * data.sample_rate)]))) + after


def time_and_frequency(data, *, samples=4096):
    """000's figure [2] from the piano: a time series beside its frequency chart."""
    start = _loudest_start(data)
    excerpt = _mono(data.material("piano").audio)[start:start + samples]
    return plotting.time_and_frequency(excerpt, data.sample_rate,
                                       title="[2] piano: time series and frequency chart")


def spectra_over_time(data, *, seconds=4.0):
    """000's figure [3]: the piano's spectrum over time (a waterfall; colour repeats time)."""
    piano = _mono(data.material("piano").audio)[:int(seconds * data.sample_rate)]
    return plotting.spectra_over_time(piano, data.sample_rate,
                                      title="[3] piano: the spectrum over time")


def spectrograms(data, *, seconds=12.0):
    """000's figure [4]: spectrograms of the piano and the saw sweep."""
    piano = _mono(data.material("piano").audio)[:int(seconds * data.sample_rate)]
    return _spectrogram({"piano": piano, "saw sweep": data.sweeps["saw"]}, data.sample_rate,
                        "[4] spectrograms")


def sampled_waveform(data, *, oversample=16, margin=64):
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
    audio = _mono(data.material("piano").audio)
    start, n = _loudest_start(data), max(2, int(round(data.cfg.sampled_ms * 1e-3 * sr)))
    lo = max(0, start - margin)
    fine = scipy.signal.resample_poly(audio[lo:start + n + margin], oversample, 1)
    t_fine = (lo - start + np.arange(fine.size) / oversample) / sr * 1e3
    t = np.arange(n) / sr * 1e3
    keep = (t_fine >= 0) & (t_fine <= t[-1])
    fig, ax = _subplots(size=(9, 3.2))
    ax = ax[0, 0]
    ax.plot(t_fine[keep], fine[keep], lw=1.0, color="0.55", label="the continuous signal")
    ax.stem(t, audio[start:start + n], linefmt="C0-", markerfmt="C0o", basefmt="k-",
            label=f"stored samples, {1e3 / sr:.4f} ms apart")
    ax.set(xlabel="time (ms)", ylabel="amplitude (full scale = 1)",
           title=f"[5] piano: what {n} stored samples ({sr} Hz) encode")
    _legend_outside(ax)
    return fig


# ------------------------------------------------------------------ 001

def layouts(data):
    """000's mono split beside 001's stereo kept: tracks per file and the shape of the
    windows of the first training piece (window ``cfg.batch_window``)."""
    import pandas as pd

    window = data.cfg.batch_window
    hop = windowing.hop_for_uses(window, data.cfg.batch_uses)
    rows = []
    for doc, corpus, layout, tracks in (("000", data.lowpass, "mono split", 2),
                                        ("001", data.stereo, "stereo kept", 1)):
        shape = windowing.sliding_windows(corpus.split("train")[0].input, window=window,
                                          hop=hop).shape
        rows.append(dict(document=doc, layout=layout, tracks_per_file=tracks,
                         window_batch_shape=shape))
    return pd.DataFrame(rows).set_index("document")


# ------------------------------------------------------------------ 002

def noise_slopes(data):
    """002's noises: expected and measured spectral slope (dB/octave) in
    ``cfg.slope_band_hz``."""
    import pandas as pd

    low, high = data.cfg.slope_band_hz
    return pd.DataFrame([dict(noise=c, expected_db_per_octave=NOISE_SLOPES_DB_PER_OCTAVE[c],
                              measured_db_per_octave=round(metrics.spectral_slope(
                                  x, data.sample_rate, f_low=low, f_high=high), 2))
                         for c, x in data.noises.items()]).set_index("noise")


def noise_spectra(data):
    """The power spectra of 002's four noises."""
    fig = plotting.spectrum(data.noises, data.sample_rate, title="002 noises: power spectra")
    _legend_outside(fig.axes[0])
    return fig


def envelopes(data, *, f_start=20.0, f_end=20000.0, seconds=1.0, fade_seconds=0.2):
    """002's amplitude envelopes and fades on one sine sweep (one panel each)."""
    sr = data.sample_rate
    up = signals.sweep("sine", f_start=f_start, f_end=f_end, seconds=seconds, sample_rate=sr)
    shapes = {f"sweep, {kind}": signals.apply_envelope(up, kind) for kind in signals.ENVELOPES}
    shapes["fade in / out"] = signals.fade(up, sample_rate=sr, fade_in=fade_seconds,
                                           fade_out=fade_seconds)
    fig, axes = _subplots(1, len(shapes), size=(2.8 * len(shapes), 2.6), sharey=True)
    for ax, (label, x) in zip(axes[0], shapes.items()):
        ax.plot(np.arange(x.size) / sr, x, lw=0.3)
        ax.set(title=label, xlabel="time (s)")
    axes[0, 0].set_ylabel("amplitude")
    fig.suptitle(f"002: envelopes on a sine sweep, {f_start:g} Hz to {f_end:g} Hz", y=1.04)
    return fig


def highpass_response(data):
    """002's effect: the measured response of the high-pass EQ band beside the analytic
    Butterworth (bilinear transform).

    Returns
    -------
    fig : matplotlib.figure.Figure
    table : pandas.DataFrame
        The gain at the cut-off and the slope an octave below 110 Hz, analytic and measured.
    """
    import pandas as pd

    hp, sr = data.highpass_cfg, data.sample_rate
    freqs, measured = effects.magnitude_response_db(effects.highpass_eq, sample_rate=sr,
                                                    cutoff_hz=hp.cutoff_hz, order=hp.order)
    warp = np.tan(np.pi * freqs / sr) / np.tan(np.pi * hp.cutoff_hz / sr)
    with np.errstate(divide="ignore"):
        analytic = 10 * np.log10(warp ** (2 * hp.order) / (1 + warp ** (2 * hp.order)))
    fig, ax = _subplots(size=(8, 3))
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


def highpass_sizes(data):
    """002's set sizes: the thesis's (:data:`THESIS_SAMPLES`) beside this run's, in samples
    and seconds."""
    import pandas as pd

    sr = data.sample_rate
    rows = [("full training set", THESIS_SAMPLES["full"], data.full, "train"),
            ('"miniaudio"', THESIS_SAMPLES["mini"], data.mini, "train"),
            ("validation 1 (new clips)", None, data.full, "validation1"),
            ("validation 2 (recorded voice)", None, data.full, "validation2")]
    frame = pd.DataFrame([dict(set=name, paper_samples=paper,
                               this_run=corpus.joined(split).n_samples)
                          for name, paper, corpus, split in rows]).set_index("set")
    frame["paper_samples"] = frame["paper_samples"].astype("Int64")
    frame["this_run_seconds"] = (frame["this_run"] / sr).round(2)
    return frame


def voice_spectrum(data):
    """002's validation 2: the voice's spectrum before and after the high-pass."""
    val2 = data.full.joined("validation2")
    fig = plotting.spectrum({"voice": val2.input, "voice through the high-pass": val2.target},
                            data.sample_rate,
                            title="002 validation 2: the spectrum the networks must reproduce")
    _legend_outside(fig.axes[0])
    return fig


def miniaudio_waveform(data):
    """002's "miniaudio": every kind of clip, input and target."""
    train = data.mini.joined("train")
    fig = plotting.waveform({"input": train.input, "target": train.target}, data.sample_rate,
                            title='002 "miniaudio": one clip of every kind')
    _legend_outside(fig.axes[0])
    return fig


# ------------------------------------------------------------------ 003

def kicks_figure(data, *, show_ms=400.0):
    """003's kick variations shown (:attr:`TourData.shown`), each labelled with its pitch
    factor, decay and level."""
    k, n = data.shown, len(data.shown.index)
    cols = min(3, n)
    rows = -(-n // cols)
    fig, axes = _subplots(rows, cols, size=(4.2 * cols, 2.5 * rows), sharex=True, sharey=True)
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


def amen_figure(data, *, every=10):
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


# ------------------------------------------------------------------ 004

def stft_framing(data):
    """004's STFT framings: bins x frames of scipy's STFT (Hann window of ``n_fft``) for
    the document's slice length and this run's, with the hop that gives the document's
    33 frames and with the document's stride.

    Returns
    -------
    pandas.DataFrame
        One row per framing; columns the two slice lengths (values ``"bins x frames"``).
    """
    import pandas as pd

    spec = scale_config("02_learned_spectrogram", data.slices_cfg.scale)
    n_fft, sr = spec.n_fft, data.slices_cfg.sample_rate
    lengths = {f"document's {SLICES_004['samples']} samples": SLICES_004["samples"],
               f"this run's {data.slices.shape[1]} samples": data.slices.shape[1]}
    framings = {f"hop {spec.hop} (noverlap {n_fft - spec.hop}), scipy's padding":
                dict(noverlap=n_fft - spec.hop),
                f"document's stride {SLICES_004['stride']}, scipy's padding":
                dict(noverlap=n_fft - SLICES_004["stride"]),
                f"document's stride {SLICES_004['stride']}, no padding":
                dict(noverlap=n_fft - SLICES_004["stride"], boundary=None, padded=False)}
    rows = []
    for name, kwargs in framings.items():
        row = dict(framing=name)
        for column, n in lengths.items():
            _, _, z = scipy.signal.stft(np.zeros(n), fs=sr, window="hann", nperseg=n_fft,
                                        **kwargs)  # the shape alone matters
            row[column] = f"{z.shape[0]} x {z.shape[1]}"
        rows.append(row)
    return pd.DataFrame(rows).set_index("framing")


# ------------------------------------------------------------------ windowing and the tick

def batching(data, *, windows=30, seed=0):
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
    import pandas as pd

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


@dataclass(frozen=True)
class TickDemo:
    """000's tick and its fix on one piece of audio.

    Attributes
    ----------
    sample_rate, block, radius : int
        Hz; the block length and half the filter length, in samples.
    reference, ticked, fixed : np.ndarray, shape (n,)
        The filter over the whole track; in back-to-back zero-padded blocks; overlap-added.
    table : pandas.DataFrame
        RMS error, and the error level at and between the block edges (dB re the music).
    """

    sample_rate: int
    block: int
    radius: int
    reference: np.ndarray
    ticked: np.ndarray
    fixed: np.ndarray
    table: pd.DataFrame


def tick_outputs(audio, *, taps, block, hop):
    """One FIR filter run three ways: over the whole track, on back-to-back zero-padded
    blocks of ``block`` samples (000's test time), and on overlapping windows of ``block``
    overlap-added with a Hann taper every ``hop`` samples.

    Returns
    -------
    tuple of np.ndarray, each the shape of ``audio``
        ``reference, ticked, fixed``.
    """
    def zero_padded(frames):
        return effects.fir_filter(frames, taps)

    return (effects.fir_filter(audio, taps),
            windowing.process_blocks_zero_padded(audio, zero_padded, block=block),
            windowing.process_overlap_add(audio, zero_padded, window=block, hop=hop))


def tick_demo(data, *, hop_fraction=8):
    """000's tick rebuilt on the test piano with an FIR lowpass of ``cfg.tick_fir_taps``,
    and its overlap-add fix (hop = block / ``hop_fraction``).

    Returns
    -------
    TickDemo
    """
    import pandas as pd

    cfg, sr = data.cfg, data.sample_rate
    block = int(cfg.tick_block_seconds * sr)
    test = data.lowpass.joined("test").input
    x = test[:max(4 * block, min(test.size, int(cfg.tick_seconds * sr)))]
    taps = effects.lowpass_fir_taps(cfg.tick_fir_taps, cutoff_hz=data.lowpass_cfg.cutoff_hz,
                                    sample_rate=sr)
    reference, ticked, fixed = tick_outputs(x, taps=taps, block=block, hop=block // hop_fraction)
    radius = cfg.tick_fir_taps // 2
    table = pd.DataFrame([
        dict(processing=name, rms_error=metrics.rmse(out, reference),
             edge_error_db=windowing.edge_error_db(out, reference, block=block, radius=radius),
             between_edges_error_db=windowing.edge_error_db(out, reference, block=block,
                                                            radius=radius, region="between"))
        for name, out in ((f"back-to-back {cfg.tick_block_seconds:g} s blocks (000)", ticked),
                          (f"overlap-add, hop = block/{hop_fraction}", fixed))
    ]).set_index("processing")
    return TickDemo(sr, block, radius, reference, ticked, fixed, table)


def tick_figure(tick, *, around_ms=15.0):
    """The tick at a block edge: the three outputs, their errors there, and the errors over
    the whole piece with every block edge marked (time in ms)."""
    sr, block = tick.sample_rate, tick.block
    ms = np.arange(tick.reference.size) / sr * 1e3
    half = int(around_ms * 1e-3 * sr)
    near = slice(block - half, block + half)
    fig, axes = _subplots(3, 1, size=(9, 7.5))
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


# ------------------------------------------------------------------ the whole tour

def datasets_table(data):
    """Every corpus at this scale: pieces, samples, seconds and channels per split."""
    import pandas as pd

    rows = []
    for corpus in (data.lowpass, data.stereo, data.mini, data.full, data.pedal):
        for split, row in corpus.summary().iterrows():
            rows.append(dict(corpus=corpus.name, split=split, **row.to_dict()))
    k, sr4 = data.kicks, data.slices_cfg.sample_rate
    rows += [dict(corpus="drums_003_kicks", split="train", pieces=len(k.examples),
                  samples=k.examples.size, seconds=round(k.examples.size / k.sample_rate, 2),
                  channels=1),
             dict(corpus="drums_003_amen", split="train", pieces=1, samples=data.amen.audio.size,
                  seconds=round(data.amen.seconds, 2), channels=1),
             dict(corpus="slices_004", split="train", pieces=len(data.slices),
                  samples=data.slices.size, seconds=round(data.slices.size / sr4, 2), channels=1)]
    frame = pd.DataFrame(rows).astype({"pieces": int, "samples": int, "channels": int})
    return frame.set_index(["corpus", "split"])


def _seconds(corpus, split):
    return sum(p.n_samples for p in corpus.split(split)) / corpus.sample_rate


def differences(data):
    """What our data differ in from each document's: a row per aspect and document.

    Returns
    -------
    list of (str, str, str)
        ``(document: aspect, what the document says, this run)``, for
        :meth:`dsp_paper.study.notebook.NotebookRun.differences`.
    """
    low, st, hp, pd_, dr, sl = (data.lowpass_cfg, data.stereo_cfg, data.highpass_cfg,
                                data.pedal_cfg, data.drums_cfg, data.slices_cfg)
    sr = data.sample_rate
    piano = data.material("piano")
    conv = scale_config("04_conv_tied", low.scale)

    def split_seconds(corpus, *splits):
        return ", ".join(f"{s} {_seconds(corpus, s):.2f} s" for s in splits)

    ours = {
        ("000", "material"): f"{', '.join(low.shapes)} sweeps {low.f_start:g} Hz to "
                             f"{low.f_end:g} Hz, band-limited, through the {data.lowpass.effect}; "
                             f"test: {piano.description}, rendered from MIDI",
        ("000", "sample rate"): f"{sr} Hz",
        ("000", "files"): "the same: stereo 16-bit PCM WAV (rising sweep left, falling right), "
                          f"read as float32, normalised, {low.layout} tracks",
        ("000", "durations"): f"{low.sweep_seconds:g} s per sweep; "
                              + split_seconds(data.lowpass, "train", "validation", "test"),
        ("000", "pedal effect"): f"evaluated as an extension: {data.pedal.effect}; guitar takes "
                                 f"{', '.join(pd_.train_takes)} (train), "
                                 f"{', '.join(pd_.test_takes)} (test)",
        ("001", "material"): f"{', '.join(st.shapes)} sweeps {st.f_start:g} Hz to {st.f_end:g} Hz"
                             f" through the same lowpass; test: the piano and "
                             f"{data.material('voice').description}",
        ("001", "layout"): f"{st.layout} kept (a window batch of shape (batch, window, 2))",
        ("001", "sample uses"): f"every sample used {data.cfg.batch_uses} times in 01's batching "
                                f"example; {conv.sample_uses} times in 04's stereo training",
        ("001", "sample rate"): f"{data.stereo.sample_rate} Hz",
        ("001", "durations"): f"{st.sweep_seconds:g} s per sweep; "
                              + split_seconds(data.stereo, "train", "validation", "test_piano",
                                              "test_voice"),
        ("002", "material"): f"the same kinds ({len(signals.ENVELOPES)} envelopes on each); "
                             f"{hp.clip_seconds:g} s per clip in the full set, shorter in "
                             f'"miniaudio"; fades of {hp.fade_seconds:g} s',
        ("002", "effect"): data.full.effect,
        ("002", "sample rate"): f"{data.full.sample_rate} Hz",
        ("002", "full set"): f"{data.full.joined('train').n_samples:,} samples",
        ("002", "miniaudio"): f"{data.mini.joined('train').n_samples:,} samples "
                              f"({_seconds(data.mini, 'train'):.2f} s)",
        ("002", "validation"): f"1: {_seconds(data.full, 'validation1'):.2f} s of new clips; 2: "
                               f"{data.material('voice').description}",
        ("003", "kicks"): f"{len(data.kicks.examples)} variations of one recorded 808 kick "
                          f"(pitch ×{dr.pitch_range[0]:g} to ×{dr.pitch_range[1]:g}, decay "
                          f"{dr.decay_range[0]:g} to {dr.decay_range[1]:g} s, level "
                          f"{dr.level_range[0]:g} to {dr.level_range[1]:g}), zero-padded to "
                          f"{dr.kick_frames} frames of {dr.frame_samples}",
        ("003", "amen break"): f"{data.amen.description} (the whole loop lasts "
                               f"{data.material('loop_amen_full').seconds:.2f} s)",
        ("003", "sample rate"): f"{dr.sample_rate} Hz",
        ("004", "slices"): f"{data.slices.shape[0]:,} slices of {data.slices.shape[1]} samples, "
                           "white Gaussian noise",
        ("004", "sample rate"): f"{sl.sample_rate} Hz",
    }
    return [(f"{doc}: {aspect}", DOCUMENT_DATA[doc, aspect], ours[doc, aspect])
            for doc, aspect in DOCUMENT_DATA]


def _kick_sentence(spread, *, kicks):
    """What sets 003's kicks apart, in words, from
    :func:`dsp_paper.studies.lstm_generation.experiment.kick_variation`'s table."""
    peak, level = spread.loc["spectral peak (Hz)"], spread.loc["peak level (dBFS)"]
    t20, t40 = spread.loc["falls 20 dB by (s)"], spread.loc["falls 40 dB by (s)"]
    semitones = 12 * np.log2(peak["max"] / peak["min"])
    level_db = level["max"] - level["min"]
    audible = [w for w, ok in (("pitch", semitones >= 1.0), ("loudness", level_db >= 3.0)) if ok]
    body_follows_pitch = abs(t20["correlation with pitch"]) > abs(t20["correlation with decay"])
    text = (f"* **003's kicks are {'near-copies' if body_follows_pitch else 'variations'} of one "
            f"hit.** The {kicks} kicks are one recorded 808 kick: their spectral peaks run from "
            f"{peak['min']:.0f} to {peak['max']:.0f} Hz ({semitones:.1f} semitones) and their "
            f"peak levels span {level_db:.1f} dB, so they differ audibly in "
            f"{' and '.join(audible) if audible else 'neither pitch nor loudness'}. They fall "
            f"20 dB within {t20['min']:.3f} to {t20['max']:.3f} s (correlation "
            f"{t20['correlation with pitch']:.2f} with the pitch factor, "
            f"{t20['correlation with decay']:.2f} with the decay setting) and 40 dB within "
            f"{t40['min']:.2f} to {t40['max']:.2f} s (correlation "
            f"{t40['correlation with decay']:.2f} with the decay setting)")
    if body_follows_pitch:
        return text + (": the decay setting shows mostly in the quiet end, and otherwise they are "
                       f"the same kick, transposed. The {_DOC003.kick_material} 003 trained on "
                       "vary more in timbre: what 06 learns from this set is one kick's shape.")
    return text + (": the decay setting shortens the body itself. Still, they share one "
                   f"recording's timbre, where 003 had {_DOC003.kick_material}.")


def what_it_means(data, *, slopes, response, tick):
    """The closing text of 01, from the run's numbers.

    Parameters
    ----------
    data : TourData
    slopes : pandas.DataFrame
        :func:`noise_slopes`.
    response : pandas.DataFrame
        :func:`highpass_response`'s table.
    tick : TickDemo

    Returns
    -------
    str
        Markdown.
    """
    worst_slope = float((slopes["measured_db_per_octave"]
                         - slopes["expected_db_per_octave"]).abs().max())
    worst_response = float((response["measured"] - response["analytic"]).abs().max())
    blocks, fixed = (tick.table.iloc[i] for i in range(2))
    names = ", ".join(m.name for m in data.materials)
    lines = ["## What it means", "",
             f"* **Real material.** Every recording used ({names}) is real (the piano a "
             "rendering of MIDI through a sampled piano, as 000's was), listed with its licence "
             "and source above; the generated signals are the documents' own kinds.",
             f"* **Generated signals behave as stated.** The noise colours' measured slopes are "
             f"within {worst_slope:.2f} dB per octave of their physics, and the high-pass EQ's "
             f"measured response agrees with the analytic Butterworth to within "
             f"{max(worst_response, 0.01):.2f} dB at its cut-off and in its stop band."]
    lines.append(_kick_sentence(data.kick_spread, kicks=len(data.kicks.examples)))
    edge_gap = blocks["edge_error_db"] - blocks["between_edges_error_db"]
    fix_gain = blocks["edge_error_db"] - fixed["edge_error_db"]
    stands_out = "stands out at" if edge_gap > 0 else "does not stand out at"
    lines.append(
        f"* **000's tick is a property of block processing.** Filtering "
        f"{data.cfg.tick_block_seconds:g} s blocks with zeros beyond their edges leaves an error "
        f"that {stands_out} the block edges ({blocks['edge_error_db']:.1f} dB re the music there"
        f", against {blocks['between_edges_error_db']:.1f} dB between them); overlap-adding "
        f"tapered windows brings the edge error to {fixed['edge_error_db']:.1f} dB, "
        f"{fix_gain:.1f} dB lower.")
    framing = stft_framing(data)
    doc_col = framing.columns[0]
    hop = scale_config("02_learned_spectrogram", data.slices_cfg.scale).hop
    lines.append(
        f"* **004's framing.** The stated stride {SLICES_004['stride']} gives "
        f"{framing[doc_col].iloc[1]} (bins x frames) from {SLICES_004['samples']} samples, not "
        f"{SLICES_004['bins']} x {SLICES_004['frames']}; notebook 02's hop of {hop} gives "
        f"{framing[doc_col].iloc[0]}.")
    lines.append(
        "* **What differs** from each document's data (material, sample rates, sizes) is in "
        f"the table above, for this run's scale ({data.cfg.scale}).")
    return "\n".join(lines)
