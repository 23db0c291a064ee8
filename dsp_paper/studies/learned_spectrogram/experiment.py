"""004's experiments: the exact answer and the float32 floors (:func:`exact_reference`), the STFT
layer trained once per seed (:func:`run`), its weights against the closed form
(:func:`weight_agreement`, :func:`error_map`), the 128-point DFT network
(:func:`train_dft_layer`), and the cost of the layer against an FFT (:func:`measure_cost`).

Examples
--------
>>> from dsp_paper.studies.learned_spectrogram.data import slice_data
>>> data = slice_data("smoke")  # doctest: +SKIP
>>> exact = exact_reference(data)  # doctest: +SKIP
>>> runs = run(data, scale="smoke", seeds=(0,))  # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.signal

from dsp_paper import spectral
from dsp_paper.nn.benchmark import interleaved_seconds, median_seconds, peak_python_memory
from dsp_paper.nn.probe import Probe
from dsp_paper.nn.runs import checkpoint_name
from dsp_paper.nn.training import TrainingLog, TrainingResult, fit
from dsp_paper.study.prose import spread_text
from dsp_paper.studies import scale_config
from dsp_paper.studies.learned_spectrogram.data import TEST_LEVEL, SliceData, middle_frame
from dsp_paper.studies.learned_spectrogram.paper import DOCUMENT
from dsp_paper.studies.learned_spectrogram.settings import SpectrogramSettings

__all__ = ["ExactReference", "exact_reference", "train_stft_layer", "StftRuns", "test_mse", "run",
           "weight_agreement", "ErrorMap", "error_map", "DftRun", "train_dft_layer", "Cost",
           "measure_cost"]


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

    def describe(self) -> str:
        if self.underdetermined:
            return ("Fewer training slices than inputs: the least-squares problem is "
                    "underdetermined, and its row above measures how little the data pin the "
                    "transform down.")
        return ("More training slices than inputs: least squares on them recovers the closed "
                "form, as its row above shows.")


def exact_reference(data: SliceData) -> ExactReference:
    """The exact weights, a least-squares fit on the training data, and the float32 floors.

    Parameters
    ----------
    data : SliceData

    Returns
    -------
    ExactReference
    """
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

def train_stft_layer(cfg: SpectrogramSettings, data: SliceData, *, seed: int = 0,
                     progress: bool = True, probe: Probe | None = None) -> TrainingResult:
    """004's network: one bias-free dense layer trained to output the STFT of its input,
    SGD with momentum on MSE, once for ``seed`` (checkpointed as ``02_stft_<scale>_s<seed>``),
    until its MSE on the validation slices plateaus (``cfg.patience`` epochs without a better
    one, under the cap of ``cfg.epochs``), the best epoch's weights restored; the test slices,
    on which C4.1 is judged, take no part.

    Parameters
    ----------
    cfg : SpectrogramSettings
        ``scale_config("02_learned_spectrogram", scale)``.
    data : SliceData
    seed : int
        Seeds the initial weights and the shuffling.
    progress : bool
        Show a progress bar.
    probe : dsp_paper.nn.probe.Probe, optional
        Passed to :func:`~dsp_paper.nn.training.fit`: time a few steps for ``estimate``
        instead of training.

    Returns
    -------
    dsp_paper.nn.training.TrainingResult
        With a snapshot after ``cfg.early_epoch``.
    """
    import keras  # heavy: Keras and its backend

    from dsp_paper.nn import models  # heavy: imports Keras

    x, y, x_val, y_val = data.arrays()
    model = models.linear_layer(x.shape[1], y.shape[1], name="stft_layer", seed=seed)
    model.compile(optimizer=keras.optimizers.SGD(cfg.learning_rate, momentum=cfg.momentum),
                  loss="mse")
    return fit(model, x, y, epochs=cfg.epochs, batch_size=cfg.batch_size,
               validation=(x_val, y_val), snapshot_epochs=(cfg.early_epoch,),
               patience=cfg.patience, restore_best=True,
               checkpoint=checkpoint_name("02", "stft", cfg, seed), seed=seed,
               time_limit=cfg.time_limit("stft"), progress=progress, probe=probe)


@dataclass(frozen=True)
class StftRuns:
    """The STFT layer trained once per seed.

    Attributes
    ----------
    results : dict of int to TrainingResult
        Seed -> its training (the first seed is the one the figures show).
    early_epoch : int
        The epoch of each run's weight snapshot.
    test_mse : dict of int to float
        Seed -> MSE of the weights kept on the test slices, which no training saw or stopped
        on (:func:`test_mse`).
    """

    results: dict
    early_epoch: int
    test_mse: dict

    @property
    def seeds(self) -> tuple[int, ...]:
        return tuple(self.results)

    @property
    def first(self) -> TrainingResult:
        """The first seed's training."""
        return self.results[self.seeds[0]]

    @property
    def log(self) -> TrainingLog:
        """The first seed's training log."""
        return self.first.log

    def weights(self, seed: int | None = None) -> np.ndarray:
        """Final weights of ``seed`` (default the first), float64,
        shape ``(n_samples, n_frames * 2 * n_bins)``."""
        run = self.first if seed is None else self.results[seed]
        return run.model.get_weights()[0].astype(np.float64)

    def early_weights(self) -> np.ndarray:
        """The first seed's weights after ``early_epoch``, float64."""
        return self.first.snapshots[self.early_epoch][0].astype(np.float64)

    def column(self, key: str) -> list[float]:
        """``key`` of each seed: ``"val_loss"`` and ``"loss"`` at the epoch whose weights the
        layer keeps (the best, restored), ``"seconds"`` and ``"steps"`` of the whole training,
        the epochs that found the plateau included."""
        return [_kept(r.log, key) for r in self.results.values()]

    def test_mses(self) -> list[float]:
        """:attr:`test_mse` of each seed, in the order of :attr:`seeds`."""
        return [self.test_mse[s] for s in self.seeds]

    def stop_reasons(self) -> list[str]:
        """What ended each seed's training (``"plateau"``, ``"epochs"``, ...)."""
        return [r.log.stop_reason for r in self.results.values()]

    def describe(self) -> str:
        return f"{self.first.model.count_params():,} weights; " + "; ".join(
            f"seed {s}: test MSE {self.test_mse[s]:.2e} (validation "
            f"{_kept(r.log, 'val_loss'):.2e}) at epoch "
            f"{_kept(r.log, 'epoch')} of {r.log.epoch[-1]} ({r.log.stop_reason}, "
            f"{r.log.seconds[-1]:.0f} s)" for s, r in self.results.items())


def test_mse(weights: np.ndarray, data: SliceData) -> float:
    """MSE of a bias-free linear layer with ``weights`` on ``data``'s test slices, applied in
    float32 as the layer applies them.

    Parameters
    ----------
    weights : np.ndarray, shape (n_samples, n_frames * 2 * n_bins)
    data : SliceData

    Returns
    -------
    float
    """
    out = data.x_test @ np.asarray(weights, np.float32)
    return float(np.mean((out.astype(np.float64) - data.y_test) ** 2))


def _kept(log: TrainingLog, key: str) -> float:
    """``key`` of ``log`` at the restored epoch for losses and the epoch, at the end for
    ``"seconds"`` and ``"steps"``."""
    if key in ("seconds", "steps"):
        values = getattr(log, key)
        return values[-1] if values else float("nan")  # (no steps in logs kept before them)
    at = log.epoch.index(log.restored_epoch) if log.restored_epoch is not None else -1
    return getattr(log, key)[at]


def run(data: SliceData, *, scale: str | None = None, seeds: Sequence[int] = (0,),
        progress: bool = True) -> StftRuns:
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
    results = {s: train_stft_layer(cfg, data, seed=s, progress=progress) for s in seeds}
    return StftRuns(results, early_epoch=cfg.early_epoch,
                    test_mse={s: test_mse(r.model.get_weights()[0], data)
                              for s, r in results.items()})


def _agreement(W: np.ndarray, exact: np.ndarray) -> dict[str, float]:
    return dict(max_abs_error=float(np.max(np.abs(W - exact))),
                relative_frobenius_error=spectral.relative_error(W, exact),
                correlation=float(np.corrcoef(W.ravel(), exact.ravel())[0, 1]))


def weight_agreement(runs: StftRuns, exact: ExactReference) -> pd.DataFrame:
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
    rows = {f"seed {runs.seeds[0]}, after epoch {runs.early_epoch}":
            _agreement(runs.early_weights(), exact.weights)}
    for s, r in runs.results.items():
        rows[f"seed {s}, after epoch {_kept(r.log, 'epoch')}"] = _agreement(runs.weights(s),
                                                                       exact.weights)
    rows["least squares (float64)"] = _agreement(exact.least_squares, exact.weights)
    return pd.DataFrame(rows).T


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
    def band_error(self) -> float:
        """Largest error in 004's bins (1, 5 and 10 cycles per window), both parts, inside
        the window: how far the "Hann-windowed sinusoids" are from the exact ones."""
        return float(self.error[:, list(DOCUMENT.band_cycles), self.span[0]:self.span[1]].max())

    @property
    def outside_share(self) -> float:
        """``mean_outside / mean_inside``: near 1 when the layer learned no locality."""
        return self.mean_outside / self.mean_inside

    def describe(self) -> str:
        n = self.error.shape[-1]
        inside = self.span[1] - self.span[0]
        return (f"mean |error| on the frame's own {inside} inputs: {self.mean_inside:.1e}; on "
                f"the {n - inside} inputs it should ignore (exact weight 0): "
                f"{self.mean_outside:.1e} ({self.outside_share:.2g} times as large); largest "
                f"error in bins {', '.join(map(str, DOCUMENT.band_cycles))}: "
                f"{self.band_error:.2e}")


def error_map(runs: StftRuns, data: SliceData, exact: ExactReference, *,
              frame: int | None = None) -> ErrorMap:
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
    frame = middle_frame(data) if frame is None else frame
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
    def weights(self) -> np.ndarray:
        """Learned weights, float64, shape ``(2n, 2n)``."""
        return self.result.model.get_weights()[0].astype(np.float64)

    @property
    def max_error(self) -> float:
        return float(np.max(np.abs(self.weights - self.exact)))

    @property
    def test_loss(self) -> float:
        return self.result.log.val_loss[-1]

    def describe(self) -> str:
        log = self.result.log
        return (f"{self.result.model.count_params():,} weights; test loss {self.test_loss:.2e} "
                f"after {log.epoch[-1]} epochs ({log.seconds[-1]:.1f} s); max |learned - exact| "
                f"= {self.max_error:.2e}")


def train_dft_layer(*, scale: str | None = None, progress: bool = True,
                    probe: Probe | None = None) -> DftRun:
    """004's second network: an ``dft_size``-point DFT, no window, as one bias-free dense
    layer on complex inputs laid out as [real parts, imaginary parts] (``(2n)^2`` weights:
    65,536 for 128 points, 004's "about 65k"), trained on white noise (checkpointed as
    ``02_dft_<scale>_s<seed>``).

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional
    progress : bool
    probe : dsp_paper.nn.probe.Probe, optional
        Passed to :func:`~dsp_paper.nn.training.fit`: time a few steps for ``estimate``
        instead of training.

    Returns
    -------
    DftRun
    """
    import keras  # heavy: Keras and its backend

    from dsp_paper.nn import models  # heavy: imports Keras

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
                 time_limit=cfg.time_limit("dft"), probe=probe)
    return DftRun(result, W, size=n, count=cfg.dft_count)


# ------------------------------------------------------------------ the cost (C4.3)

@dataclass(frozen=True)
class Cost:
    """The learned layer against an FFT STFT on the same batch.

    Attributes
    ----------
    measured : dict
        C4.3's record entries: ``layer_seconds`` and ``fft_seconds`` (one per repeat),
        ``layer_peak_bytes``, ``fft_peak_bytes`` (per slice), ``fft_training_set_seconds``.
    table : pandas.DataFrame
        One row per method: median ``seconds``, ``parameter_bytes``, ``peak_bytes`` (one
        slice), ``batch_peak_bytes`` (the whole batch at once), ``ratio_to_fft``.
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

    def describe(self) -> str:
        return (f"batch of {self.batch} slices (medians of {self.repeats}); the FFT over all "
                f"{self.train_count:,} training slices: "
                f"{self.measured['fft_training_set_seconds']:.3f} s; training the layer: "
                f"{spread_text(self.training_seconds, '.0f')} s over the seeds")


def measure_cost(runs: StftRuns, data: SliceData, *, scale: str | None = None) -> Cost:
    """C4.3's measurements on this machine: the first seed's layer (as a NumPy matmul, and as
    a Keras call) against an FFT STFT (:func:`dsp_paper.spectral.fft_stft`) on one batch in
    time (every repeat), in peak memory per slice, both measured the same way (parameters
    plus the peak of what producing one slice's spectrogram allocates; the peak on the whole
    batch is shown beside it), and the FFT's time over the whole training set.

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
    one = np.ascontiguousarray(batch[:1])
    # Memory per slice, the same way for both: its parameters plus the peak of what producing
    # one slice's spectrogram allocates. (On a whole batch NumPy's FFT path holds its frames,
    # their spectra and the output at once, three batch-sized arrays, where the matmul writes
    # only its output: a measure of how the batch is handed to scipy, not of the method.)
    # timed in alternation, so that repeat i of each ran under the same conditions (C4.3's
    # rule pairs them)
    timed = interleaved_seconds({"layer": lambda: batch @ W32, "fft": lambda: fft(batch)},
                                repeats=repeats)
    measured = {
        "layer_seconds": timed["layer"],
        "fft_seconds": timed["fft"],
        "layer_peak_bytes": W32.nbytes + peak_python_memory(lambda: one @ W32),
        "fft_peak_bytes": 4 * data.n_fft + peak_python_memory(lambda: fft(one)),
        "fft_training_set_seconds": median_seconds(lambda: fft(data.x_train), repeats=3),
    }
    batch_peak = {"layer": W32.nbytes + peak_python_memory(lambda: batch @ W32),
                  "fft": 4 * data.n_fft + peak_python_memory(lambda: fft(batch))}
    keras_seconds = median_seconds(lambda: np.asarray(model(batch)), repeats=repeats)
    fft_time = float(np.median(measured["fft_seconds"]))
    table = pd.DataFrame([
        dict(method="learned layer (Keras call)", seconds=keras_seconds,
             parameter_bytes=W32.nbytes, peak_bytes=np.nan, batch_peak_bytes=np.nan),
        dict(method="learned layer (NumPy matmul)",
             seconds=float(np.median(measured["layer_seconds"])), parameter_bytes=W32.nbytes,
             peak_bytes=measured["layer_peak_bytes"], batch_peak_bytes=batch_peak["layer"]),
        dict(method="FFT STFT (scipy.fft.rfft)", seconds=fft_time, parameter_bytes=4 * data.n_fft,
             peak_bytes=measured["fft_peak_bytes"], batch_peak_bytes=batch_peak["fft"]),
    ]).set_index("method")
    table["ratio_to_fft"] = table["seconds"] / fft_time
    return Cost(measured, table, batch=cfg.bench_batch, repeats=repeats,
                training_seconds=runs.column("seconds"), train_count=len(data.x_train))
