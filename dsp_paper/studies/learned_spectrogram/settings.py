"""The settings of ``slices_004`` (004's slices) and ``02_learned_spectrogram`` per scale."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from dsp_paper.study.settings import Settings, by_scale
from dsp_paper.studies.learned_spectrogram.paper import DOCUMENT

__all__ = ["SlicesSettings", "SLICES", "SpectrogramSettings", "PAPER_TIME_LIMITS",
           "SPECTROGRAM", "SETTINGS"]


# 004 learned spectrogram: random 2048-sample slices at 8 kHz.
# 004's slices are 2048 samples (33 x 129 STFT frames x bins); quick quarters them (9 x
# 129, a layer a sixteenth the size) so that ten seeds of the layer, each trained until its
# test loss plateaus, fit a 2-core CPU (at 1024 samples a seed needed 40 epochs and more).
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
    quick=dict(count=4000, slice_samples=512),
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
        Most epochs of the STFT layer (its cap).
    patience : int
        The STFT layer stops once its MSE on the validation slices has not improved for this many epochs (a
        plateau: at the float32 floor it only wanders), its best weights restored.
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
    patience: int
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
    smoke=dict(epochs=2, patience=1, test_count=100, dft_count=512, dft_epochs=2, bench_batch=64,
               bench_repeats=2),
    quick=dict(epochs=60, patience=2, test_count=500, dft_count=4000, dft_epochs=10, bench_batch=1000,
               bench_repeats=5),
    paper=dict(epochs=6 * DOCUMENT.reported_epochs[-1], patience=2, test_count=1000,
               dft_count=DOCUMENT.examples, dft_epochs=10, bench_batch=DOCUMENT.examples, bench_repeats=5,
               time_limits=PAPER_TIME_LIMITS),
)

SETTINGS = {"slices_004": SLICES, "02_learned_spectrogram": SPECTROGRAM}
