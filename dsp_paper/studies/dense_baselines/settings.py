"""Settings of document 000's lowpass corpus (``lowpass_000``) and of notebook
``03_dense_baselines`` (the dense nets), at each scale."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from dsp_paper.study.settings import Settings, by_scale

__all__ = ["LowpassCorpusSettings", "DenseSettings", "LOWPASS_CORPUS", "DENSE", "SETTINGS"]


# 000 "TensorFlow Signal Processing": sweeps through a lowpass, Brahms piano as test.
@dataclass(frozen=True, kw_only=True)
class LowpassCorpusSettings(Settings):
    """Settings of ``lowpass_000`` at one scale.

    Attributes
    ----------
    sample_rate : int
        Hz.
    shapes : tuple of str
        Waveforms of the sweeps.
    f_start, f_end : float
        Hz: the rising sweep's range (the falling one's reversed).
    cutoff_hz : float
        The lowpass's -3 dB frequency; ``order`` its Butterworth order.
    layout : {"mono", "stereo"}
    validation_fraction, validation_block_seconds : float
        How much of every track is held out, in blocks of that many seconds.
    level : float
        Peak of the normalised tracks.
    sweep_seconds : float
        Length of each sweep.
    piano_seconds : float or None
        The test piano's first seconds (None: the whole piece).
    """

    section: ClassVar[str] = "lowpass_000"
    sample_rate: int
    shapes: tuple
    f_start: float
    f_end: float
    cutoff_hz: float
    order: int
    layout: str
    validation_fraction: float
    level: float
    sweep_seconds: float
    piano_seconds: float | None
    validation_block_seconds: float

LOWPASS_CORPUS = by_scale(
    LowpassCorpusSettings,
    common=dict(sample_rate=44100, shapes=('sine', 'square', 'saw'), f_start=50.0, f_end=5000.0,
                cutoff_hz=1000.0, order=2, layout='mono', validation_fraction=0.1, level=0.5),
    smoke=dict(sweep_seconds=0.5, piano_seconds=2.0, validation_block_seconds=0.05),
    quick=dict(sweep_seconds=3.0, piano_seconds=8.0, validation_block_seconds=0.25),
    paper=dict(sweep_seconds=30.0, piano_seconds=None, validation_block_seconds=0.25),
)


# 000's dense baselines: a window in, the same window out, one hidden layer of 1000.
# At paper (here and in 04) the trainings keep the document's sizes, data and epochs but stop
# at a cap on their training time (``time_limits``, seconds per run), so that each notebook
# fits in minutes on one GPU; where a GPU is fast enough the caps are not reached
# (`python -m dsp_paper estimate --scale paper` tells). 03's ten runs (five seeds) share about
# 7 minutes, 04's own fifteen about 8 (03's nets are reused). A run that stops on its time cap
# has not reached a plateau, so a capability claim resting on it stays inconclusive there.
@dataclass(frozen=True, kw_only=True)
class DenseSettings(Settings):
    """Settings of ``03_dense_baselines`` at one scale.

    Attributes
    ----------
    window, hidden : int
        Samples in and out; units of the hidden layer.
    batch_size : int
    learning_rate : float
        Adam's.
    seed : int
    fir_taps : int
        Length of the least-squares FIR floor.
    sample_uses : int
        How many training windows hold each sample (sets the hop).
    early_epoch : int
        000's 20 epochs: the snapshot C0.1a listens at.
    epoch_cap, patience : int
        03's trainings run until the validation loss has not improved for ``patience``
        epochs (the best weights restored), or ``epoch_cap`` epochs (000: 4000).
    epochs : int
        A fixed number of epochs: the default of :func:`~dsp_paper.studies.dense_baselines.
        train_dense` for other notebooks that train 000's nets for a set count (07).
    time_limits : dict of str -> float
        Seconds of training after which a training of that name stops at the end of an
        epoch (:meth:`~dsp_paper.study.settings.Settings.time_limit`); set only at ``paper``, so that
        the notebook fits on one GPU.
    """

    section: ClassVar[str] = "03_dense_baselines"
    window: int
    hidden: int
    batch_size: int
    learning_rate: float
    seed: int
    fir_taps: int
    sample_uses: int
    early_epoch: int
    epoch_cap: int
    patience: int
    epochs: int
    time_limits: dict

DENSE = by_scale(
    DenseSettings,
    common=dict(window=1000, hidden=1000, batch_size=64, learning_rate=0.001, seed=0,
                fir_taps=1000,
                time_limits={}),
    smoke=dict(sample_uses=2, early_epoch=1, epoch_cap=3, patience=1, epochs=2),
    quick=dict(sample_uses=2, early_epoch=20, epoch_cap=80, patience=5, epochs=30),
    paper=dict(sample_uses=10, early_epoch=20, epoch_cap=4000, patience=20, epochs=4000,
               time_limits={"linear": 40.0, "nonlinear": 40.0}),
)

SETTINGS = {"lowpass_000": LOWPASS_CORPUS, "03_dense_baselines": DENSE}
