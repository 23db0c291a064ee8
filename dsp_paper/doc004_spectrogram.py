"""Document 004: one linear layer that learns the STFT (notebook ``02_learned_spectrogram``).

Holds 004's settings per scale, its data (random slices of audio at 8 kHz), the layer's
training, the comparison of its weights with the exact transform and of its cost with an FFT,
and its entries of the claims registry (C4.*).
"""
from __future__ import annotations


from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from . import material

from .cache import cached_arrays
from .errors import ParameterError

from .rules import All, Compare, SubClaim
from .scales import Settings, by_scale, scale_config


from .runs import checkpoint_name

__all__ = []

# ------------------------------------------------------------------ settings

# 004 learned spectrogram: random 2048-sample slices at 8 kHz.
# 004's slices are 2048 samples (33 x 129 STFT frames x bins); quick halves them (17 x
# 129, a layer a quarter the size) so that three seeds of the layer fit a 2-core CPU.
@dataclass(frozen=True, kw_only=True)
class SlicesSettings(Settings):
    """Settings of ``slices_004`` at one scale."""

    section: ClassVar[str] = "slices_004"
    sample_rate: int
    slice_samples: int
    count: int

SLICES = by_scale(
    SlicesSettings,
    common=dict(sample_rate=8000, slice_samples=2048),
    smoke=dict(count=256),
    quick=dict(count=4000, slice_samples=1024),
    paper=dict(count=15000),
)


@dataclass(frozen=True, kw_only=True)
class SpectrogramSettings(Settings):
    """Settings of ``02_learned_spectrogram`` at one scale."""

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

SPECTROGRAM = by_scale(
    SpectrogramSettings,
    common=dict(n_fft=256, hop=64, batch_size=64, learning_rate=250.0, momentum=0.9,
                early_epoch=1, dft_size=128, dft_batch_size=64, dft_learning_rate=30.0,
                target_loss=1e-07, seed=0),
    smoke=dict(epochs=2, test_count=100, dft_count=512, dft_epochs=2, bench_batch=64,
               bench_repeats=2),
    quick=dict(epochs=14, test_count=500, dft_count=4000, dft_epochs=10, bench_batch=1000,
               bench_repeats=5),
    paper=dict(epochs=10, test_count=1000, dft_count=15000, dft_epochs=10, bench_batch=15000,
               bench_repeats=5),
)

SETTINGS = {"slices_004": SLICES, "02_learned_spectrogram": SPECTROGRAM}


# ------------------------------------------------------------------ code

# ---- from datasets
def stft_slices(scale=None, *, source="noise", seed=0):
    """004's training inputs: random slices of ``slice_samples`` (2048) at 8 kHz.

    Parameters
    ----------
    source : {"noise", "material"}
        ``"noise"``: white Gaussian noise, as the document synthesised its data (it excites
        every frequency, so a linear fit is well determined); ``"material"``: random slices
        of the real piano, voice, amen break and guitar, resampled to 8 kHz.

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
            slices = rng.standard_normal((cfg.count, cfg.slice_samples)) * 0.25
        else:
            pool = [m.audio if m.audio.ndim == 1 else m.audio.mean(axis=0) for m in items]
            slices = np.empty((cfg.count, cfg.slice_samples))
            for i in range(cfg.count):
                clip = pool[rng.integers(len(pool))]
                start = rng.integers(clip.shape[-1] - cfg.slice_samples)
                slices[i] = clip[start:start + cfg.slice_samples]
        return dict(slices=slices.astype(np.float32))

    return cached_arrays("slices_004", params, build)[0]["slices"]


# ---- from experiments
def train_stft_layer(cfg, data, *, seed=0, progress=True):
    """004's network: one bias-free dense layer trained to output the STFT of its input,
    SGD with momentum on MSE, once for ``seed``.

    Parameters
    ----------
    cfg : Settings
        ``scale_config("02_learned_spectrogram", scale)``.
    data : tuple of np.ndarray
        ``x_train, y_train, x_test, y_test`` (:func:`dsp_paper.spectral.stft_target`).

    Returns
    -------
    TrainingResult
        With a snapshot after ``cfg.early_epoch``.
    """
    import keras

    from . import models
    from .training import fit

    x, y, x_test, y_test = data
    model = models.linear_layer(x.shape[1], y.shape[1], name="stft_layer", seed=seed)
    model.compile(optimizer=keras.optimizers.SGD(cfg.learning_rate, momentum=cfg.momentum),
                  loss="mse")
    return fit(model, x, y, epochs=cfg.epochs, batch_size=cfg.batch_size,
               validation=(x_test, y_test), snapshot_epochs=(cfg.early_epoch,),
               checkpoint=checkpoint_name("02", "stft", cfg, seed), seed=seed, progress=progress)


def relative_error(weights, exact):
    """Relative Frobenius distance ``||W - W_exact|| / ||W_exact||``."""
    weights, exact = np.asarray(weights, np.float64), np.asarray(exact, np.float64)
    return float(np.linalg.norm(weights - exact) / np.linalg.norm(exact))


def stft_cost(weights, batch, train_inputs, *, n_fft, hop, repeats):
    """C4.3's measurements: the learned layer (a NumPy matmul) against an FFT STFT of the
    same batch, in time (each repeat) and in peak memory (parameters plus the peak of what
    applying it allocates), and the FFT's time over the whole training set.

    Returns
    -------
    dict
        ``layer_seconds`` and ``fft_seconds`` (lists), ``layer_peak_bytes``,
        ``fft_peak_bytes``, ``fft_training_set_seconds``.
    """
    from .benchmark import median_seconds, peak_python_memory, repeat_seconds
    from .spectral import fft_stft

    weights = np.asarray(weights, np.float32)
    fft = lambda x: fft_stft(x, n_fft=n_fft, hop=hop)
    return {
        "layer_seconds": repeat_seconds(lambda: batch @ weights, repeats=repeats),
        "fft_seconds": repeat_seconds(lambda: fft(batch), repeats=repeats),
        "layer_peak_bytes": weights.nbytes + peak_python_memory(lambda: batch @ weights),
        "fft_peak_bytes": 4 * n_fft + peak_python_memory(lambda: fft(batch)),
        "fft_training_set_seconds": median_seconds(lambda: fft(train_inputs), repeats=3),
    }


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
