"""Document 004, learning spectrograms with a neural network (notebook ``02_learned_spectrogram``).

004 trained one bias-free dense layer to output the complex STFT of random 2048-sample slices
at 8 kHz, reported its loss after 4 and 10 epochs, looked at its weights (Hann-windowed
sinusoids), learned a 128-point DFT the same way, and called the whole thing impractical.

This module holds what 004 reports (:data:`DOCUMENT`, typed once), its settings per scale,
its data (:func:`slice_data`), the exact answer and the float32 floor
(:func:`exact_reference`), the layer's trainings over seeds (:func:`train_stft_layers`) and the
DFT's (:func:`train_dft_layer`), the weights against the closed form, the cost against an FFT
(:func:`measure_cost`), its figures, clips and tables, the claims record, the table of what
differs from the document, the closing text, and its entries of the claims registry (C4.*).
The transforms as matrices are the toolkit's :mod:`dsp_paper.spectral`.

Examples
--------
>>> data = slice_data("smoke")  # doctest: +SKIP
>>> exact = exact_reference(data)  # doctest: +SKIP
>>> runs = train_stft_layers(data, scale="smoke", seeds=(0,))  # doctest: +SKIP
>>> claims_record(runs, exact, measure_cost(runs, data, scale="smoke"))  # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import scipy.signal

from dsp_paper import material, spectral
from dsp_paper.cache import cached_arrays
from dsp_paper.errors import ParameterError
from dsp_paper.study.rules import All, Compare, SubClaim
from dsp_paper.nn.runs import checkpoint_name
from dsp_paper.study.settings import Settings, by_scale
from dsp_paper.studies import scale_config

__all__ = ["Document004", "DOCUMENT", "SlicesSettings", "SLICES", "SpectrogramSettings",
           "SPECTROGRAM", "SETTINGS", "TEST_LEVEL", "FOUR_TONES", "DFT_SHOWN_BINS",
           "stft_slices", "SliceData", "slice_data", "ExactReference", "exact_reference",
           "train_stft_layer", "StftRuns", "train_stft_layers", "weight_agreement",
           "four_tones", "shown_slices", "ErrorMap", "error_map", "DftRun",
           "train_dft_layer", "planned_work", "Cost", "measure_cost", "training_figure",
           "four_tones_figure",
           "weight_maps_figure", "band_figure", "log_error_figure", "dft_figure", "clips",
           "paper_vs_ours", "claims_record", "differences", "what_it_means", "results",
           "CLAIMS"]


# ------------------------------------------------------------------ what 004 reports

@dataclass(frozen=True)
class Document004:
    """What document 004 reports, typed once; the settings, tables and texts read it.

    ``None`` marks what the document does not state.
    """

    sample_rate: int = 8000            # "25ms of audio sampled at 8khz, which is 2000 samples"
    slice_ms: float = 25.0
    slice_samples: int = 2048          # "Round up (in binary) to 2048"
    window: str = "hann"               # "a hanning window of size 256"
    window_samples: int = 256
    n_fft: int = 256                   # "FFT size of 256"
    stated_stride: int = 250           # "a stride length of 250" (cannot give 33 frames)
    frames: int = 33                   # "producing 33x129 images"
    bins: int = 129
    outputs: int = 8514                # "(2048, 8514) weights"
    weights: str = "about 17 million"  # "With, oh, about 17 million variables!"
    examples: int = 15000              # "batch_size (15,000) examples, each with 2048 samples"
    material: str = "synthesised audio slices (the generator is not shown)"
    reported_epochs: tuple = (4, 10)   # "In 4 epochs (about 80 seconds), the loss drops to
    reported_loss: tuple = (3.0e-8, 2.0e-15)  # 3.0e-08 ... in 10 epochs (about 7 minutes),
    reported_seconds: tuple = (80.0, 420.0)   # we can drop it all the way to 2.0e-15"
    weight_map_slices: tuple = (1, 11, 21, 31)  # "the first, 11th, 21st, and 31st slices"
    band_cycles: tuple = (1, 5, 10)    # "1, 5, and 10hz Sine Waves (Windowed)"
    dft_size: int = 128                # "a 128-point DFT, without any windowing"
    dft_weights: int = 65_000          # "only about 65k weights"
    optimiser: str | None = None
    toolkit: str | None = None

    def reported(self):
        """``(epoch, loss, seconds)`` for each loss the post reports."""
        return list(zip(self.reported_epochs, self.reported_loss, self.reported_seconds))


DOCUMENT = Document004()

#: Standard deviation of the white-noise slices (training and test).
TEST_LEVEL = 0.25
#: The unseen four-tone slice: (frequency in Hz, start as a fraction of the slice).
FOUR_TONES = ((440.0, 0.0), (880.0, 0.2), (1760.0, 0.4), (3000.0, 0.6))
#: The DFT bins whose weights are drawn.
DFT_SHOWN_BINS = (1, 3)


# ------------------------------------------------------------------ settings

# 004 learned spectrogram: random 2048-sample slices at 8 kHz.
# 004's slices are 2048 samples (33 x 129 STFT frames x bins); quick halves them (17 x
# 129, a layer a quarter the size) so that three seeds of the layer fit a 2-core CPU.
@dataclass(frozen=True, kw_only=True)
class SlicesSettings(Settings):
    """Settings of ``slices_004`` at one scale.

    Attributes
    ----------
    sample_rate : int
        Hz.
    slice_samples : int
        Samples per slice (the layer's inputs).
    count : int
        Training slices.
    """

    section: ClassVar[str] = "slices_004"
    sample_rate: int
    slice_samples: int
    count: int

SLICES = by_scale(
    SlicesSettings,
    common=dict(sample_rate=DOCUMENT.sample_rate, slice_samples=DOCUMENT.slice_samples),
    smoke=dict(count=256),
    quick=dict(count=4000, slice_samples=1024),
    paper=dict(count=DOCUMENT.examples),
)


@dataclass(frozen=True, kw_only=True)
class SpectrogramSettings(Settings):
    """Settings of ``02_learned_spectrogram`` at one scale.

    Attributes
    ----------
    n_fft, hop : int
        STFT window and FFT size, and hop between centred frames, in samples.
    batch_size : int
        Minibatch of the STFT layer's training.
    learning_rate, momentum : float
        SGD of the STFT layer.
    early_epoch : int
        Epoch of the weight snapshot shown as "before longer training".
    dft_size, dft_batch_size, dft_learning_rate, dft_count, dft_epochs
        The DFT network's size (points), minibatch, SGD step, examples and epochs.
    target_loss : float
        Unused by the notebook; kept so the settings stay as measured.
    seed : int
        Seeds the test data and the DFT network.
    epochs : int
        Epochs of the STFT layer.
    test_count : int
        Unseen test slices (and DFT test vectors).
    bench_batch, bench_repeats : int
        Slices per timed batch, and timing repeats.
    time_limits : dict of str -> float
        Seconds of training after which a training of that name stops at the end of an
        epoch (:meth:`~dsp_paper.study.settings.Settings.time_limit`); set only at ``paper``, so that
        the notebook fits on one GPU.
    """

    section: ClassVar[str] = "02_learned_spectrogram"
    n_fft: int
    hop: int
    batch_size: int
    learning_rate: float
    momentum: float
    early_epoch: int
    dft_size: int
    dft_batch_size: int
    dft_learning_rate: float
    target_loss: float
    seed: int
    epochs: int
    test_count: int
    dft_count: int
    dft_epochs: int
    bench_batch: int
    bench_repeats: int
    time_limits: dict

# At paper the trainings keep the document's sizes, data and epochs but stop at a cap on their
# training time (seconds per run), so that the notebook fits in minutes on one GPU; on a fast
# one the caps are not reached (`python -m dsp_paper estimate --scale paper` tells).
PAPER_TIME_LIMITS = {"stft": 60.0, "dft": 30.0}

SPECTROGRAM = by_scale(
    SpectrogramSettings,
    common=dict(n_fft=DOCUMENT.n_fft, hop=64, batch_size=64, learning_rate=250.0, momentum=0.9,
                early_epoch=1, dft_size=DOCUMENT.dft_size, dft_batch_size=64,
                dft_learning_rate=30.0, target_loss=1e-07, seed=0,
                time_limits={}),
    smoke=dict(epochs=2, test_count=100, dft_count=512, dft_epochs=2, bench_batch=64,
               bench_repeats=2),
    quick=dict(epochs=14, test_count=500, dft_count=4000, dft_epochs=10, bench_batch=1000,
               bench_repeats=5),
    paper=dict(epochs=DOCUMENT.reported_epochs[-1], test_count=1000, dft_count=DOCUMENT.examples,
               dft_epochs=10, bench_batch=DOCUMENT.examples, bench_repeats=5,
               time_limits=PAPER_TIME_LIMITS),
)

SETTINGS = {"slices_004": SLICES, "02_learned_spectrogram": SPECTROGRAM}


# ------------------------------------------------------------------ small helpers

def _spread(values, fmt=".3g"):
    """``mean [min–max]`` of ``values`` (just the value when there is one)."""
    values = np.asarray(list(values), float)
    if values.size == 1:
        return format(values[0], fmt)
    return f"{format(values.mean(), fmt)} [{format(values.min(), fmt)}–{format(values.max(), fmt)}]"


def _verdict_phrase(verdict):
    from dsp_paper.study.verdicts import INCONCLUSIVE, NOT_SUPPORTED, SUPPORTED

    return {SUPPORTED: "*supported*", NOT_SUPPORTED: "*not supported*",
            INCONCLUSIVE: "*inconclusive* at this scale"}.get(verdict, f"*{verdict}*")


def _duration(seconds):
    return f"{seconds / 60:.3g} min" if seconds >= 120 else f"{seconds:.3g} s"


# ------------------------------------------------------------------ data

def stft_slices(scale=None, *, source="noise", seed=0):
    """004's training inputs: random slices of ``slice_samples`` (2048) at 8 kHz.

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional
    source : {"noise", "material"}
        ``"noise"``: white Gaussian noise of standard deviation :data:`TEST_LEVEL`, 004
        synthesised its data (it excites every frequency, so a linear fit is well
        determined); ``"material"``: random slices of the real piano, voice, amen break and
        guitar, resampled to 8 kHz.
    seed : int
        Seeds the draw.

    Returns
    -------
    np.ndarray, shape (count, slice_samples), float32
    """
    cfg = scale_config("slices_004", scale)
    if source not in ("noise", "material"):
        raise ParameterError(f"unknown source {source!r}: use 'noise' or 'material'")
    sr = cfg.sample_rate
    items = [] if source == "noise" else [
        material.piano(sample_rate=sr), material.voice(sample_rate=sr),
        material.amen_break(sample_rate=sr), material.guitar(sample_rate=sr)]
    params = dict(cfg.as_dict(), source=source, seed=seed, material=[m.provenance() for m in items])

    def build():
        rng = np.random.default_rng(seed)
        if source == "noise":
            slices = rng.standard_normal((cfg.count, cfg.slice_samples)) * TEST_LEVEL
        else:
            pool = [m.audio if m.audio.ndim == 1 else m.audio.mean(axis=0) for m in items]
            slices = np.empty((cfg.count, cfg.slice_samples))
            for i in range(cfg.count):
                clip = pool[rng.integers(len(pool))]
                start = rng.integers(clip.shape[-1] - cfg.slice_samples)
                slices[i] = clip[start:start + cfg.slice_samples]
        return dict(slices=slices.astype(np.float32))

    return cached_arrays("slices_004", params, build)[0]["slices"]


@dataclass(frozen=True)
class SliceData:
    """004's training and test slices with their STFT targets.

    Attributes
    ----------
    x_train : np.ndarray, shape (count, n_samples), float32
    y_train : np.ndarray, shape (count, n_frames * 2 * n_bins), float32
        Unscaled complex STFT, each frame's real parts then imaginary parts
        (:func:`dsp_paper.spectral.stft_target`).
    x_test, y_test : np.ndarray
        Unseen white-noise slices and their targets, the same layout.
    sample_rate : int
        Hz.
    n_fft, hop : int
        Samples.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    sample_rate: int
    n_fft: int
    hop: int

    @property
    def n_samples(self):
        return self.x_train.shape[1]

    @property
    def n_frames(self):
        return spectral.stft_frames(self.n_samples, n_fft=self.n_fft, hop=self.hop)

    @property
    def n_bins(self):
        return self.n_fft // 2 + 1

    def arrays(self):
        """``(x_train, y_train, x_test, y_test)``."""
        return self.x_train, self.y_train, self.x_test, self.y_test

    def describe(self):
        """One paragraph: shapes, and the loss of predicting zeros."""
        return (f"{len(self.x_train):,} training slices and {len(self.x_test):,} unseen test "
                f"slices of {self.n_samples} samples ({self.n_samples / self.sample_rate * 1000:.0f}"
                f" ms at {self.sample_rate} Hz); targets {self.y_train.shape[1]} values each = "
                f"{self.n_frames} frames x {self.n_bins} bins x (real, imaginary). Target "
                f"variance {self.y_train.var():.3f}: the loss of predicting zeros.")


def slice_data(scale=None):
    """The training slices (:func:`stft_slices`, white noise), unseen white-noise test slices,
    and their unscaled STFT targets.

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional

    Returns
    -------
    SliceData
    """
    cfg = scale_config("02_learned_spectrogram", scale)
    x_train = stft_slices(scale)
    rng = np.random.default_rng(cfg.seed + 1)
    x_test = (TEST_LEVEL * rng.standard_normal((cfg.test_count, x_train.shape[1]))).astype(
        np.float32)
    target = lambda x: spectral.stft_target(x, n_fft=cfg.n_fft, hop=cfg.hop)
    return SliceData(x_train, target(x_train), x_test, target(x_test),
                     sample_rate=scale_config("slices_004", scale).sample_rate,
                     n_fft=cfg.n_fft, hop=cfg.hop)


# ------------------------------------------------------------------ the exact answer

@dataclass(frozen=True)
class ExactReference:
    """The closed-form STFT matrix, what least squares finds, and the float32 floors.

    Attributes
    ----------
    weights : np.ndarray, shape (n_samples, n_frames * 2 * n_bins), float64
        :func:`dsp_paper.spectral.stft_matrix`.
    least_squares : np.ndarray, same shape
        The float64 least-squares fit on the training data.
    floor : float
        MSE of the exact matrix in float32 on the test slices, unscaled targets: the lowest
        loss a float32 layer can report here.
    floor_scaled : float
        The same with targets divided by the window's sum (scipy's default scaling).
    float64_mse : float
        Test MSE of the least-squares weights in float64.
    check : pandas.DataFrame
        Closed form against scipy, and least squares against the closed form.
    floors : pandas.DataFrame
        The floors beside the loss 004 reports after its last epoch.
    underdetermined : bool
        Fewer training slices than inputs: least squares cannot pin the transform down.
    """

    weights: np.ndarray
    least_squares: np.ndarray
    floor: float
    floor_scaled: float
    float64_mse: float
    check: object
    floors: object
    underdetermined: bool

    def describe(self):
        if self.underdetermined:
            return ("Fewer training slices than inputs: the least-squares problem is "
                    "underdetermined, and its row above measures how little the data pin the "
                    "transform down.")
        return ("More training slices than inputs: least squares on them recovers the closed "
                "form, as its row above shows.")


def exact_reference(data):
    """The exact weights, a least-squares fit on the training data, and the float32 floors.

    Parameters
    ----------
    data : SliceData

    Returns
    -------
    ExactReference
    """
    import pandas as pd

    W = spectral.stft_matrix(data.n_samples, n_fft=data.n_fft, hop=data.hop)
    y64 = spectral.stft_target(data.x_train, n_fft=data.n_fft, hop=data.hop, dtype=np.float64)
    W_lstsq = spectral.least_squares_weights(data.x_train, y64)
    x64 = data.x_test.astype(np.float64)
    truth = x64 @ W
    check = pd.DataFrame([
        dict(comparison="closed form vs scipy.signal.stft (test slices)",
             max_abs_difference=float(np.max(np.abs(truth - data.y_test)))),
        dict(comparison="least squares on the training data vs closed form",
             max_abs_difference=float(np.max(np.abs(W_lstsq - W)))),
    ]).set_index("comparison")
    window_sum = float(scipy.signal.get_window(DOCUMENT.window, data.n_fft).sum())
    floor = spectral.float32_floor(data.x_test, W)
    floor_scaled = spectral.float32_floor(data.x_test, W, divide_by=window_sum)
    float64_mse = float(np.mean((x64 @ W_lstsq - truth) ** 2))
    last_epoch, last_loss, _ = DOCUMENT.reported()[-1]
    floors = pd.DataFrame([
        dict(model="exact W in float32, unscaled targets (this notebook)", test_mse=floor),
        dict(model="exact W in float32, targets / window sum (scipy's default)",
             test_mse=floor_scaled),
        dict(model="least squares in float64 (float64 arithmetic)", test_mse=float64_mse),
        dict(model=f"document 004 after {last_epoch} epochs (reported)", test_mse=last_loss),
    ]).set_index("model")
    return ExactReference(W, W_lstsq, floor, floor_scaled, float64_mse, check, floors,
                          underdetermined=len(data.x_train) < data.n_samples)


# ------------------------------------------------------------------ the STFT layer

def train_stft_layer(cfg, data, *, seed=0, progress=True):
    """004's network: one bias-free dense layer trained to output the STFT of its input,
    SGD with momentum on MSE, once for ``seed`` (checkpointed as ``02_stft_<scale>_s<seed>``).

    Parameters
    ----------
    cfg : SpectrogramSettings
        ``scale_config("02_learned_spectrogram", scale)``.
    data : SliceData
    seed : int
        Seeds the initial weights and the shuffling.
    progress : bool
        Show a progress bar.

    Returns
    -------
    dsp_paper.nn.training.TrainingResult
        With a snapshot after ``cfg.early_epoch``.
    """
    import keras

    from dsp_paper.nn import models
    from dsp_paper.nn.training import fit

    x, y, x_test, y_test = data.arrays()
    model = models.linear_layer(x.shape[1], y.shape[1], name="stft_layer", seed=seed)
    model.compile(optimizer=keras.optimizers.SGD(cfg.learning_rate, momentum=cfg.momentum),
                  loss="mse")
    return fit(model, x, y, epochs=cfg.epochs, batch_size=cfg.batch_size,
               validation=(x_test, y_test), snapshot_epochs=(cfg.early_epoch,),
               checkpoint=checkpoint_name("02", "stft", cfg, seed), seed=seed,
               time_limit=cfg.time_limit("stft"), progress=progress)


@dataclass(frozen=True)
class StftRuns:
    """The STFT layer trained once per seed.

    Attributes
    ----------
    results : dict of int to TrainingResult
        Seed -> its training (the first seed is the one the figures show).
    early_epoch : int
        The epoch of each run's weight snapshot.
    """

    results: dict
    early_epoch: int

    @property
    def seeds(self):
        return tuple(self.results)

    @property
    def first(self):
        """The first seed's training."""
        return self.results[self.seeds[0]]

    @property
    def log(self):
        """The first seed's training log."""
        return self.first.log

    def weights(self, seed=None):
        """Final weights of ``seed`` (default the first), float64,
        shape ``(n_samples, n_frames * 2 * n_bins)``."""
        run = self.first if seed is None else self.results[seed]
        return run.model.get_weights()[0].astype(np.float64)

    def early_weights(self):
        """The first seed's weights after ``early_epoch``, float64."""
        return self.first.snapshots[self.early_epoch][0].astype(np.float64)

    def column(self, key):
        """The last logged ``key`` (``"val_loss"``, ``"loss"``, ``"seconds"``) of each seed."""
        return [getattr(r.log, key)[-1] for r in self.results.values()]

    def describe(self):
        return f"{self.first.model.count_params():,} weights; " + "; ".join(
            f"seed {s}: test MSE {r.log.val_loss[-1]:.2e} after {r.log.epoch[-1]} epochs "
            f"({r.log.seconds[-1]:.0f} s)" for s, r in self.results.items())


def train_stft_layers(data, *, scale=None, seeds=(0,), progress=True):
    """:func:`train_stft_layer` once per seed.

    Parameters
    ----------
    data : SliceData
    scale : {"smoke", "quick", "paper"}, optional
    seeds : sequence of int
    progress : bool

    Returns
    -------
    StftRuns
    """
    cfg = scale_config("02_learned_spectrogram", scale)
    return StftRuns({s: train_stft_layer(cfg, data, seed=s, progress=progress) for s in seeds},
                    early_epoch=cfg.early_epoch)


def _agreement(W, exact):
    return dict(max_abs_error=float(np.max(np.abs(W - exact))),
                relative_frobenius_error=spectral.relative_error(W, exact),
                correlation=float(np.corrcoef(W.ravel(), exact.ravel())[0, 1]))


def weight_agreement(runs, exact):
    """The learned weights against the closed form: the first seed after ``early_epoch``,
    every seed at the end, and least squares.

    Parameters
    ----------
    runs : StftRuns
    exact : ExactReference

    Returns
    -------
    pandas.DataFrame
        One row per weight set; ``max_abs_error``, ``relative_frobenius_error``,
        ``correlation``.
    """
    import pandas as pd

    rows = {f"seed {runs.seeds[0]}, after epoch {runs.early_epoch}":
            _agreement(runs.early_weights(), exact.weights)}
    for s, r in runs.results.items():
        rows[f"seed {s}, after epoch {r.log.epoch[-1]}"] = _agreement(runs.weights(s),
                                                                       exact.weights)
    rows["least squares (float64)"] = _agreement(exact.least_squares, exact.weights)
    return pd.DataFrame(rows).T


def four_tones(data):
    """The unseen test slice: four sine tones (:data:`FOUR_TONES`) entering one after
    another, peak :data:`TEST_LEVEL`.

    Parameters
    ----------
    data : SliceData
        Gives the slice length and the sample rate.

    Returns
    -------
    np.ndarray, shape (1, n_samples), float32
    """
    from dsp_paper.signals import tone

    n, sr = data.n_samples, data.sample_rate
    t = np.arange(n)
    total = sum(tone(f, seconds=n / sr, sample_rate=sr)[:n] * (t >= round(start * n))
                for f, start in FOUR_TONES)
    return (TEST_LEVEL * total / np.max(np.abs(total))).astype(np.float32)[None]


def shown_slices(n_frames):
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


def _middle_frame(data):
    return data.n_frames // 2


@dataclass(frozen=True)
class ErrorMap:
    """``|learned - exact|`` of the first seed's weights for one output frame.

    Attributes
    ----------
    error : np.ndarray, shape (2, n_bins, n_samples)
        Real parts' and imaginary parts' weights, per bin and input sample.
    frame : int
        The frame (0-based).
    span : tuple of int
        ``(lo, hi)``: the input samples the frame's window covers.
    mean_inside, mean_outside : float
        Mean error on the window's inputs and on the others (whose exact weight is 0).
    """

    error: np.ndarray
    frame: int
    span: tuple
    mean_inside: float
    mean_outside: float

    @property
    def band_error(self):
        """Largest error in 004's bins (1, 5 and 10 cycles per window), both parts, inside
        the window: how far the "Hann-windowed sinusoids" are from the exact ones."""
        return float(self.error[:, list(DOCUMENT.band_cycles), self.span[0]:self.span[1]].max())

    @property
    def outside_share(self):
        """``mean_outside / mean_inside``: near 1 when the layer learned no locality."""
        return self.mean_outside / self.mean_inside

    def describe(self):
        n = self.error.shape[-1]
        inside = self.span[1] - self.span[0]
        return (f"mean |error| on the frame's own {inside} inputs: {self.mean_inside:.1e}; on "
                f"the {n - inside} inputs it should ignore (exact weight 0): "
                f"{self.mean_outside:.1e} ({self.outside_share:.2g} times as large); largest "
                f"error in bins {', '.join(map(str, DOCUMENT.band_cycles))}: "
                f"{self.band_error:.2e}")


def error_map(runs, data, exact, *, frame=None):
    """Where the first seed's learned weights miss the closed form, for one frame.

    Parameters
    ----------
    runs : StftRuns
    data : SliceData
    exact : ExactReference
    frame : int, optional
        0-based; default the middle frame.

    Returns
    -------
    ErrorMap
    """
    frame = _middle_frame(data) if frame is None else frame
    split = lambda W: spectral.split_weights(W, n_frames=data.n_frames, n_bins=data.n_bins)
    err = np.abs(split(runs.weights())[:, frame] - split(exact.weights)[:, frame])
    err = np.moveaxis(err, 0, -1)  # (2, bins, samples)
    lo, hi = spectral.frame_span(frame, n_samples=data.n_samples, n_fft=data.n_fft,
                                 hop=data.hop)
    inside = np.zeros(data.n_samples, dtype=bool)
    inside[lo:hi] = True
    return ErrorMap(err, frame, (lo, hi), float(err[..., inside].mean()),
                    float(err[..., ~inside].mean()) if (~inside).any() else float("nan"))


# ------------------------------------------------------------------ the DFT network

@dataclass(frozen=True)
class DftRun:
    """The 128-point DFT network, trained once.

    Attributes
    ----------
    result : TrainingResult
    exact : np.ndarray, shape (2n, 2n), float64
        :func:`dsp_paper.spectral.dft_matrix` (complex layout).
    size : int
        Points of the DFT.
    count : int
        Training examples.
    """

    result: object
    exact: np.ndarray
    size: int
    count: int

    @property
    def weights(self):
        """Learned weights, float64, shape ``(2n, 2n)``."""
        return self.result.model.get_weights()[0].astype(np.float64)

    @property
    def max_error(self):
        return float(np.max(np.abs(self.weights - self.exact)))

    @property
    def test_loss(self):
        return self.result.log.val_loss[-1]

    def describe(self):
        log = self.result.log
        return (f"{self.result.model.count_params():,} weights; test loss {self.test_loss:.2e} "
                f"after {log.epoch[-1]} epochs ({log.seconds[-1]:.1f} s); max |learned - exact| "
                f"= {self.max_error:.2e}")


def train_dft_layer(*, scale=None, progress=True):
    """004's second network: an ``dft_size``-point DFT, no window, as one bias-free dense
    layer on complex inputs laid out as [real parts, imaginary parts] (``(2n)^2`` weights:
    65,536 for 128 points, 004's "about 65k"), trained on white noise (checkpointed as
    ``02_dft_<scale>_s<seed>``).

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional
    progress : bool

    Returns
    -------
    DftRun
    """
    import keras

    from dsp_paper.nn import models
    from dsp_paper.nn.training import fit

    cfg = scale_config("02_learned_spectrogram", scale)
    n = cfg.dft_size
    W = spectral.dft_matrix(n, layout="complex")
    rng = np.random.default_rng(cfg.seed + 2)
    x = (TEST_LEVEL * rng.standard_normal((cfg.dft_count, 2 * n))).astype(np.float32)
    x_test = (TEST_LEVEL * rng.standard_normal((cfg.test_count, 2 * n))).astype(np.float32)
    y, y_test = (x @ W).astype(np.float32), (x_test @ W).astype(np.float32)
    model = models.linear_layer(2 * n, 2 * n, name="dft_layer", seed=cfg.seed)
    model.compile(optimizer=keras.optimizers.SGD(cfg.dft_learning_rate, momentum=cfg.momentum),
                  loss="mse")
    result = fit(model, x, y, epochs=cfg.dft_epochs, batch_size=cfg.dft_batch_size,
                 validation=(x_test, y_test), seed=cfg.seed, progress=progress,
                 checkpoint=checkpoint_name("02", "dft", cfg, cfg.seed),
                 time_limit=cfg.time_limit("dft"))
    return DftRun(result, W, size=n, count=cfg.dft_count)


def planned_work(notebook, scale):
    """What ``02_learned_spectrogram`` trains at ``scale``, for :mod:`dsp_paper.study.estimate`:
    the STFT layer once per seed and the DFT layer once."""
    from dsp_paper.nn import probe
    from dsp_paper.study.settings import seeds

    with probe.runs(len(seeds(scale))):
        train_stft_layer(scale_config("02_learned_spectrogram", scale), slice_data(scale),
                         progress=False)
    train_dft_layer(scale=scale, progress=False)


# ------------------------------------------------------------------ the cost (C4.3)

@dataclass(frozen=True)
class Cost:
    """The learned layer against an FFT STFT on the same batch.

    Attributes
    ----------
    measured : dict
        C4.3's record entries: ``layer_seconds`` and ``fft_seconds`` (one per repeat),
        ``layer_peak_bytes``, ``fft_peak_bytes``, ``fft_training_set_seconds``.
    table : pandas.DataFrame
        One row per method: median ``seconds``, ``parameter_bytes``, ``peak_bytes``,
        ``ratio_to_fft``.
    batch : int
        Slices per timed batch.
    repeats : int
    training_seconds : list of float
        The layer's training time, each seed.
    train_count : int
        Training slices the FFT transformed.
    """

    measured: dict
    table: object
    batch: int
    repeats: int
    training_seconds: list
    train_count: int

    def describe(self):
        return (f"batch of {self.batch} slices (medians of {self.repeats}); the FFT over all "
                f"{self.train_count:,} training slices: "
                f"{self.measured['fft_training_set_seconds']:.3f} s; training the layer: "
                f"{_spread(self.training_seconds, '.0f')} s over the seeds")


def measure_cost(runs, data, *, scale=None):
    """C4.3's measurements on this machine: the first seed's layer (as a NumPy matmul, and as
    a Keras call) against an FFT STFT (:func:`dsp_paper.spectral.fft_stft`) on one batch, in
    time (every repeat) and in peak memory (parameters plus the peak of what applying it
    allocates), and the FFT's time over the whole training set.

    Parameters
    ----------
    runs : StftRuns
    data : SliceData
    scale : {"smoke", "quick", "paper"}, optional

    Returns
    -------
    Cost

    Raises
    ------
    RuntimeError
        If the FFT path does not compute the same transform as the exact matrix.
    """
    import pandas as pd

    from dsp_paper.nn.benchmark import median_seconds, peak_python_memory, repeat_seconds

    cfg = scale_config("02_learned_spectrogram", scale)
    model = runs.first.model
    batch = np.ascontiguousarray(np.resize(data.x_test, (cfg.bench_batch, data.n_samples)))
    fft = lambda x: spectral.fft_stft(x, n_fft=data.n_fft, hop=data.hop)
    exact = batch[:4].astype(np.float64) @ spectral.stft_matrix(
        data.n_samples, n_fft=data.n_fft, hop=data.hop)
    if not np.allclose(fft(batch[:4]), exact, atol=1e-3):
        raise RuntimeError("the FFT STFT does not match the exact STFT matrix")
    W32 = np.asarray(model.get_weights()[0], np.float32)
    repeats = cfg.bench_repeats
    measured = {
        "layer_seconds": repeat_seconds(lambda: batch @ W32, repeats=repeats),
        "fft_seconds": repeat_seconds(lambda: fft(batch), repeats=repeats),
        "layer_peak_bytes": W32.nbytes + peak_python_memory(lambda: batch @ W32),
        "fft_peak_bytes": 4 * data.n_fft + peak_python_memory(lambda: fft(batch)),
        "fft_training_set_seconds": median_seconds(lambda: fft(data.x_train), repeats=3),
    }
    keras_seconds = median_seconds(lambda: np.asarray(model(batch)), repeats=repeats)
    fft_time = float(np.median(measured["fft_seconds"]))
    table = pd.DataFrame([
        dict(method="learned layer (Keras call)", seconds=keras_seconds,
             parameter_bytes=W32.nbytes, peak_bytes=np.nan),
        dict(method="learned layer (NumPy matmul)",
             seconds=float(np.median(measured["layer_seconds"])), parameter_bytes=W32.nbytes,
             peak_bytes=measured["layer_peak_bytes"]),
        dict(method="FFT STFT (scipy.fft.rfft)", seconds=fft_time, parameter_bytes=4 * data.n_fft,
             peak_bytes=measured["fft_peak_bytes"]),
    ]).set_index("method")
    table["ratio_to_fft"] = table["seconds"] / fft_time
    return Cost(measured, table, batch=cfg.bench_batch, repeats=repeats,
                training_seconds=runs.column("seconds"), train_count=len(data.x_train))


# ------------------------------------------------------------------ figures

def _plt():
    import matplotlib.pyplot as plt

    return plt


def training_figure(runs, exact):
    """Training and test loss of every seed over epochs, the float32 floor, and the losses
    004 reports.

    Parameters
    ----------
    runs : StftRuns
    exact : ExactReference

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = _plt().subplots(figsize=(8, 3.6))
    for k, r in enumerate(runs.results.values()):
        ax.semilogy(r.log.epoch, r.log.loss, "o-", color="C0", ms=3, lw=0.8,
                    label="training loss" if k == 0 else None)
        ax.semilogy(r.log.epoch, r.log.val_loss, "s-", color="C1", ms=3, lw=0.8,
                    label="test loss (unseen slices)" if k == 0 else None)
    ax.axhline(exact.floor, color="k", ls=":", label="float32 floor (exact W)")
    ax.scatter(DOCUMENT.reported_epochs, DOCUMENT.reported_loss, marker="*", s=150,
               color="tab:red", zorder=3, label="document 004 (reported)")
    ax.set(xlabel="epoch", ylabel="MSE",
           title=f"learning the STFT ({len(runs.seeds)} seed{'s' * (len(runs.seeds) > 1)})")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    fig.tight_layout()
    return fig


def four_tones_figure(tones, runs, data):
    """scipy's spectrogram of the four-tone slice against the network's after
    ``early_epoch`` and at the end (first seed), linear and log magnitude, one colour scale
    per row (with its colourbar).

    Parameters
    ----------
    tones : np.ndarray, shape (1, n_samples)
        :func:`four_tones`.
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
    fig, axes = _plt().subplots(2, 3, figsize=(13, 6.2), sharex=True, sharey=True)
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


def weight_maps_figure(runs, data, exact, *, zoom_bins=24, curve_bins=(2, 12), margin=32):
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
    plt = _plt()
    split = lambda W: spectral.split_weights(W, n_frames=data.n_frames, n_bins=data.n_bins)
    L, E = split(runs.weights()), split(exact.weights)
    n, slices = data.n_samples, shown_slices(data.n_frames)
    fig = plt.figure(figsize=(14, 8.4), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1, 1.25])
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

    frame = _middle_frame(data)
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
    return fig


def band_figure(runs, data, exact):
    """004's cut across one band: the weights of bins 1, 5 and 10 (cycles per window) in
    the middle frame, learned (first seed) over the exact Hann-windowed sinusoids.

    Returns
    -------
    matplotlib.figure.Figure
    """
    frame = _middle_frame(data)
    lo, hi = spectral.frame_span(frame, n_samples=data.n_samples, n_fft=data.n_fft,
                                 hop=data.hop)
    split = lambda W: spectral.split_weights(W, n_frames=data.n_frames, n_bins=data.n_bins)
    L, E = split(runs.weights()), split(exact.weights)
    idx = np.arange(lo, hi)
    fig, axes = _plt().subplots(1, len(DOCUMENT.band_cycles), figsize=(14, 3.3), sharey=True)
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


def log_error_figure(error):
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
    fig, axes = _plt().subplots(2, 1, figsize=(11, 5.6), sharex=True, layout="constrained")
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


def dft_figure(dft):
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
    fig, axes = _plt().subplots(2, 2, figsize=(12, 7.4), layout="constrained")
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


# ------------------------------------------------------------------ audio

def clips(data, *, seconds=3.0):
    """The slices' source material, as ``nb.players`` keywords: training slices played back
    to back (white noise), and the unseen four-tone test slice.

    Parameters
    ----------
    data : SliceData
    seconds : float
        Length of the training-slices clip (the tone slice is one slice long).

    Returns
    -------
    dict
        ``clips``, ``sample_rate``, ``heading``, ``what``, ``seconds``.
    """
    count = max(1, min(len(data.x_train), int(np.ceil(seconds * data.sample_rate /
                                                      data.n_samples))))
    training = data.x_train[:count].reshape(-1)
    tones = four_tones(data)[0]
    hz = ", ".join(f"{f:g}" for f, _ in FOUR_TONES)
    clips_ = {"training slices": training, "unseen test slice: four tones": tones}
    what = {"training slices": f"the first {count} training slices of {data.n_samples} "
                               f"samples, back to back: white Gaussian noise, as 004 "
                               f"synthesised its data",
            "unseen test slice: four tones": f"one slice of {data.n_samples} samples: tones at "
                                             f"{hz} Hz entering one after another"}
    return dict(clips=clips_, sample_rate=data.sample_rate,
                heading=f"the slices (mono, {data.sample_rate} Hz)", what=what,
                seconds=seconds)


# ------------------------------------------------------------------ tables and texts

def _first_below(log, level):
    hit = log.first_below(level)
    return f"epoch {hit[0]}, {hit[1]:.0f} s" if hit else f"not within {log.epoch[-1]} epochs"


def paper_vs_ours(runs, data, exact, dft):
    """Every number 004 reports beside this run's (mean [min–max] over the seeds).

    Parameters
    ----------
    runs : StftRuns
    data : SliceData
    exact : ExactReference
    dft : DftRun

    Returns
    -------
    pandas.DataFrame
        :func:`dsp_paper.study.report.paper_vs_ours`'s layout.
    """
    from dsp_paper.study.report import paper_vs_ours as table

    logs = [r.log for r in runs.results.values()]
    rows = []
    for epoch, loss, seconds in DOCUMENT.reported():
        here = [lg.at(epoch) for lg in logs]
        ours = (f"{_spread(here, '.2e')} ({_spread([lg.at(epoch, 'seconds') for lg in logs], '.0f')} s)"
                if None not in here else f"not run ({logs[0].epoch[-1]} epochs at this scale)")
        rows.append((f"test loss after {epoch} epochs", f"{loss:.1e} (about {_duration(seconds)})",
                     ours))
    first_epoch, first_loss, first_seconds = DOCUMENT.reported()[0]
    rows += [
        (f"time to reach {first_loss:.1e}", f"about {_duration(first_seconds)} (epoch "
                                            f"{first_epoch})",
         "; ".join(f"seed {s}: {_first_below(r.log, first_loss)}"
                   for s, r in runs.results.items())),
        ("final test loss", "—", f"{_spread(runs.column('val_loss'), '.2e')} after "
                                 f"{logs[0].epoch[-1]} epochs, {_spread(runs.column('seconds'), '.0f')} s"),
        ("float32 floor for these targets", "—", f"{exact.floor:.1e}"),
        ("weights", DOCUMENT.weights, f"{runs.first.model.count_params():,}"),
        ("layer shape (inputs, outputs)", f"({DOCUMENT.slice_samples}, {DOCUMENT.outputs})",
         f"({data.n_samples}, {data.y_train.shape[1]})"),
        ("training examples", f"{DOCUMENT.examples:,}", f"{len(data.x_train):,}"),
        ("output frames x bins", f"{DOCUMENT.frames} x {DOCUMENT.bins}",
         f"{data.n_frames} x {data.n_bins}"),
        (f"DFT-{DOCUMENT.dft_size} weights", f"about {DOCUMENT.dft_weights // 1000}k",
         f"{dft.result.model.count_params():,}"),
        (f"DFT-{DOCUMENT.dft_size} test loss", "— (\"works like a charm\")",
         f"{dft.test_loss:.2e} after {dft.result.log.epoch[-1]} epochs"),
    ]
    return table(rows)


def claims_record(runs, exact, cost):
    """The numbers C4.1-C4.3 are judged on.

    Parameters
    ----------
    runs : StftRuns
    exact : ExactReference
    cost : Cost

    Returns
    -------
    dict
        ``seeds``, ``test_mse_over_float32_floor`` and ``weights_relative_error`` and
        ``training_seconds`` (each seed), and :attr:`Cost.measured`.
    """
    return {"seeds": list(runs.seeds),
            "test_mse_over_float32_floor": [v / exact.floor for v in runs.column("val_loss")],
            "weights_relative_error": [spectral.relative_error(runs.weights(s), exact.weights)
                                       for s in runs.seeds],
            "training_seconds": runs.column("seconds"),
            **cost.measured}


def differences(runs, data, dft, *, scale=None):
    """What differs from 004: material, sample rate, slice and layer sizes, framing, epochs,
    optimiser, data sizes, the DFT network, toolkit.

    Parameters
    ----------
    runs : StftRuns
    data : SliceData
    dft : DftRun
    scale : {"smoke", "quick", "paper"}, optional

    Returns
    -------
    list of (str, str, str)
        ``(aspect, the document, this run)`` for ``nb.differences``.
    """
    from dsp_paper.study.notebook import backend_description

    cfg = scale_config("02_learned_spectrogram", scale)
    unstated = "not stated"
    epochs = ", ".join(f"{e} (loss {v:.1e})" for e, v, _ in DOCUMENT.reported())
    hz = ", ".join(f"{f:g}" for f, _ in FOUR_TONES)
    return [
        ("material", DOCUMENT.material,
         f"white Gaussian noise, standard deviation {TEST_LEVEL:g}; unseen tests: more noise "
         f"slices, and one slice of four tones ({hz} Hz)"),
        ("sample rate", f"{DOCUMENT.sample_rate} Hz", f"{data.sample_rate} Hz"),
        ("slice", f"{DOCUMENT.slice_samples} samples ({DOCUMENT.slice_ms:g} ms rounded up)",
         f"{data.n_samples} samples ({data.n_samples / data.sample_rate * 1000:.0f} ms)"),
        ("STFT framing", f"Hann {DOCUMENT.window_samples}, FFT {DOCUMENT.n_fft}, stride "
                         f"{DOCUMENT.stated_stride} (stated), {DOCUMENT.frames} x "
                         f"{DOCUMENT.bins} frames x bins",
         f"Hann {data.n_fft}, FFT {data.n_fft}, centred frames every {data.hop} samples "
         f"(scipy.signal.stft, noverlap={data.n_fft - data.hop}), {data.n_frames} x "
         f"{data.n_bins}"),
        ("layer size", f"{DOCUMENT.slice_samples} -> {DOCUMENT.outputs}, {DOCUMENT.weights} "
                       f"weights",
         f"{data.n_samples} -> {data.y_train.shape[1]}, {runs.first.model.count_params():,} "
         f"weights"),
        ("training slices", f"{DOCUMENT.examples:,}", f"{len(data.x_train):,}"),
        ("test slices", unstated, f"{len(data.x_test):,}"),
        ("epochs", epochs, f"{cfg.epochs} (weights also kept after epoch {cfg.early_epoch})"),
        ("optimiser", DOCUMENT.optimiser or unstated,
         f"SGD, momentum {cfg.momentum:g}, learning rate {cfg.learning_rate:g}, minibatches "
         f"of {cfg.batch_size}, MSE"),
        ("runs", unstated, f"one per seed: {', '.join(map(str, runs.seeds))}"),
        (f"DFT-{DOCUMENT.dft_size} network",
         f"{DOCUMENT.dft_size}-point, no window, about {DOCUMENT.dft_weights // 1000}k weights",
         f"complex input as [real, imaginary] {2 * dft.size} -> {2 * dft.size}: "
         f"{dft.result.model.count_params():,} weights; {dft.count:,} noise examples, "
         f"{cfg.dft_epochs} epochs, SGD learning rate {cfg.dft_learning_rate:g}"),
        ("toolkit", DOCUMENT.toolkit or unstated, backend_description()),
    ]


def what_it_means(runs, exact, error, dft, cost, claims, *, scale=None):
    """The closing text, written from the run's numbers and the verdicts.

    Parameters
    ----------
    runs : StftRuns
    exact : ExactReference
    error : ErrorMap
    dft : DftRun
    cost : Cost
    claims : pandas.DataFrame
        ``nb.judge(record)``: indexed by sub-claim id, with ``verdict`` and ``why this
        verdict``.
    scale : {"smoke", "quick", "paper"}, optional

    Returns
    -------
    str
        Markdown.
    """
    cfg = scale_config("02_learned_spectrogram", scale)
    verdict = {i: _verdict_phrase(v) for i, v in claims["verdict"].items()}
    why = claims["why this verdict"].to_dict()
    final = runs.column("val_loss")
    ratio = [v / exact.floor for v in final]
    rel = [spectral.relative_error(runs.weights(s), exact.weights) for s in runs.seeds]
    first_epoch, first_loss, first_seconds = DOCUMENT.reported()[0]
    last_epoch, last_loss, _ = DOCUMENT.reported()[-1]
    hits = [r.log.first_below(first_loss) for r in runs.results.values()]
    if all(hits):
        speed = (f"Our layer reached 004's {first_loss:.1e} after "
                 f"{_spread([h[1] for h in hits], '.0f')} s (epoch "
                 f"{_spread([h[0] for h in hits], '.0f')}), against 004's about "
                 f"{_duration(first_seconds)}.")
    else:
        speed = (f"{sum(map(bool, hits))} of {len(hits)} seeds reached 004's {first_loss:.1e} "
                 f"within the {cfg.epochs} epochs run.")
    if last_loss < exact.floor_scaled:
        headline = (f"below both float32 floors ({exact.floor:.1e} unscaled, "
                    f"{exact.floor_scaled:.1e} with targets divided by the window sum): a "
                    f"float32 layer cannot report it on these data, so 004 must have measured "
                    f"it another way (smaller targets or higher precision)")
    elif last_loss < exact.floor:
        headline = (f"below the float32 floor of unscaled targets ({exact.floor:.1e}) but above "
                    f"that of targets divided by the window sum ({exact.floor_scaled:.1e}): "
                    f"consistent with scaled targets, although the post says it did not scale")
    else:
        headline = (f"above the float32 floor of these targets ({exact.floor:.1e}), so a "
                    f"float32 layer can report it")
    t = cost.table
    layer_s = float(np.median(cost.measured["layer_seconds"]))
    fft_s = float(np.median(cost.measured["fft_seconds"]))
    mem_l, mem_f = cost.measured["layer_peak_bytes"], cost.measured["fft_peak_bytes"]
    mem = (f"needs {mem_l / mem_f:.2g} times the FFT's peak memory "
           f"({mem_l / 2**20:.1f} against {mem_f / 2**20:.1f} MiB)")
    if mem_l <= mem_f:
        mem += (": on this batch the FFT's working arrays outweigh the layer's "
                f"{t.loc['learned layer (NumPy matmul)', 'parameter_bytes'] / 2**20:.1f} MiB of "
                "weights")
    locality = ("as large as" if 0.5 <= error.outside_share <= 2 else
                "smaller than" if error.outside_share < 0.5 else "larger than")
    seeds = ", ".join(map(str, runs.seeds))
    lines = [
        "## What it means",
        "",
        f"*Scale {cfg.scale}, seeds {seeds}; numbers are mean [min–max] over the seeds.*",
        "",
        f"- **Near machine precision (C4.1)** — {verdict['C4.1']}: {why['C4.1']}. The final "
        f"test MSE is {_spread(final, '.2e')}, {_spread(ratio, '.3g')} times the float32 floor "
        f"of {exact.floor:.1e}. {speed}",
        f"- **The headline loss.** 004's {last_loss:.1e} after {last_epoch} epochs is "
        f"{headline}. A loss says little without the floor beside it.",
        f"- **Hann-windowed sinusoids (C4.2)** — {verdict['C4.2']}: {why['C4.2']}. The learned "
        f"weights sit {_spread(rel, '.3g')} (relative Frobenius distance) from the closed-form "
        f"STFT matrix; in the bins 004 drew ({', '.join(map(str, DOCUMENT.band_cycles))} "
        f"cycles) the largest difference is {error.band_error:.2g}. Outside "
        f"a frame's window, where the exact weight is 0, the error is {locality} inside it "
        f"({error.outside_share:.2g} times): gradient descent "
        + ("learns no locality, it drives every weight to its value one by one, the zeros "
           "included; a convolution or the FFT has that structure built in (004's own "
           "suggestion of weight sharing)." if locality != "smaller than" else
           "has brought the weights outside the window nearer their exact zeros than those "
           "inside it to their sinusoids.")
        ,
        f"- **The {dft.size}-point DFT.** {dft.result.model.count_params():,} weights for a "
        f"complex input laid out as [real, imaginary] (004's \"about "
        f"{DOCUMENT.dft_weights // 1000}k\"); test loss {dft.test_loss:.2e}, largest weight "
        f"error {dft.max_error:.2g}.",
        f"- **Impractical (C4.3)** — {verdict['C4.3']}: {why['C4.3']}. On a batch of "
        f"{cost.batch} slices the layer takes {layer_s / fft_s:.3g} times the FFT's time "
        f"({layer_s * 1000:.3g} against {fft_s * 1000:.3g} ms) and {mem}. Training it took "
        f"{_spread(cost.training_seconds, '.0f')} s, against "
        f"{cost.measured['fft_training_set_seconds']:.3g} s for the FFT to transform all "
        f"{cost.train_count:,} training slices.",
    ]
    return "\n".join(lines) + "\n"


def results(runs, exact, dft, cost, record):
    """What ``results.json`` keeps: losses, floors, timings, the DFT's loss, the record.

    Returns
    -------
    dict
    """
    log = runs.log
    return dict(final_test_loss={str(s): r.log.val_loss[-1] for s, r in runs.results.items()},
                **{f"loss_after_{e}": log.at(e) for e in DOCUMENT.reported_epochs},
                float32_floor=exact.floor, float32_floor_scaled=exact.floor_scaled,
                float64_lstsq=exact.float64_mse,
                train_seconds={str(s): r.log.seconds[-1] for s, r in runs.results.items()},
                dft_test_loss=dft.test_loss, dft_max_error=dft.max_error,
                cost=cost.table.to_dict(orient="index"), record=record)


# ------------------------------------------------------------------ claims

CLAIMS = [
    # ---------------------------------------------------------------- 004, notebook 02
    SubClaim(
        "C4.1", "004", "02_learned_spectrogram",
        quote="In 4 epochs (about 80 seconds), the loss drops to 3.0e-08, which is sufficient "
              "for our experiments, and in 10 epochs (about 7 minutes), we can drop it all the "
              "way to 2.0e-15.",
        claim="A single bias-free linear layer learns the STFT to near machine precision.",
        measured="test MSE on unseen slices at the end of training over the float32 floor "
                 "(the exact STFT matrix's own rounding error on the same targets; "
                 "test_mse_over_float32_floor), each seed",
        rule=Compare("test_mse_over_float32_floor", "<=", 100.0),
        decides_at=("quick", "paper"),
        why=("Near machine precision: within two orders of magnitude of the lowest loss float32 "
             "can represent for these targets.",)),
    SubClaim(
        "C4.2", "004", "02_learned_spectrogram",
        quote="each of the graphs below is a Hanning-Windowed sine wave of an integer frequency "
              "along each of the vertical bands.",
        claim="The learned weights are Hann-windowed sinusoids: the STFT matrix.",
        measured="relative Frobenius distance of the learned weights from the closed-form STFT "
                 "matrix (weights_relative_error), each seed",
        rule=Compare("weights_relative_error", "<=", 0.01),
        decides_at=("quick", "paper"),
        why=("1 %: weight maps that match the closed form to the eye, as the post judged them, "
             "with every band's sinusoid in place.",)),
    SubClaim(
        "C4.3", "004", "02_learned_spectrogram",
        quote="using Neural Networks to perform FFTs or generate spectrograms is completely "
              "impractical ... Really, don't do it!",
        claim="The learned layer costs more than an FFT: slower, more memory, and training "
              "besides.",
        measured="on one batch of slices: seconds to apply the learned layer (NumPy matmul, "
                 "layer_seconds) and an FFT STFT (fft_seconds), each timing repeat; peak "
                 "memory each needs, its parameters plus its peak working allocation "
                 "(layer_peak_bytes, fft_peak_bytes); the layer's training seconds "
                 "(training_seconds, each seed) against the FFT's time for the whole training "
                 "set (fft_training_set_seconds)",
        rule=All(Compare("layer_seconds", ">", "fft_seconds", label="applying it is slower"),
                 Compare("layer_peak_bytes", ">", "fft_peak_bytes", label="it needs more memory"),
                 Compare("training_seconds", ">", "fft_training_set_seconds",
                         label="training it costs more than transforming its training set")),
        decides_at=("quick", "paper"),
        why=("Impractical means costlier on every count measured; no margin beyond the timing "
             "repeats' spread, since any excess cost is a reason not to do it.",)),
]
