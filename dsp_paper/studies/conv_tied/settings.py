"""Settings of notebook ``04_conv_tied`` (000's tied conv net, its ablations, the pedal
extension, 001's stereo net) and of its corpora ``pedal_ext`` and ``stereo_001``, at each
scale."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from dsp_paper.study.settings import Settings, by_scale

__all__ = ["PedalCorpusSettings", "ConvSettings", "StereoCorpusSettings", "PEDAL_CORPUS",
           "CONV", "STEREO_CORPUS", "SETTINGS"]


# The extension 000 named but never evaluated: recorded guitar through a pedal chain.
@dataclass(frozen=True, kw_only=True)
class PedalCorpusSettings(Settings):
    """Settings of ``pedal_ext`` at one scale.

    Attributes
    ----------
    drive_db, tone_hz, level_db : float
        The pedal chain: tanh drive gain (dB), tone lowpass (Hz), output level (dB).
    train_takes, test_takes : tuple of str
        Guitar takes (:data:`dsp_paper.material.GUITAR_TAKES`).
    sample_rate, layout, level, validation_fraction, validation_block_seconds
        As in :class:`~dsp_paper.studies.dense_baselines.settings.LowpassCorpusSettings`.
    """

    section: ClassVar[str] = "pedal_ext"
    sample_rate: int
    layout: str
    drive_db: float
    tone_hz: float
    level_db: float
    level: float
    validation_fraction: float
    validation_block_seconds: float
    test_takes: tuple
    train_takes: tuple

PEDAL_CORPUS = by_scale(
    PedalCorpusSettings,
    common=dict(sample_rate=44100, layout='mono', drive_db=24.0, tone_hz=2500.0, level_db=-12.0,
                level=0.5, validation_fraction=0.1, validation_block_seconds=0.25,
                test_takes=('guit_e_slide', 'guit_harmonics')),
    smoke=dict(train_takes=('guit_e_fifths',)),
    quick=dict(train_takes=('guit_em9', 'guit_e_fifths')),
    paper=dict(train_takes=('guit_em9', 'guit_e_fifths')),
)


# 000's convolutional net with tied filters, its ablations, the tick, pedal and stereo.
@dataclass(frozen=True, kw_only=True)
class ConvSettings(Settings):
    """Settings of ``04_conv_tied`` at one scale.

    Attributes
    ----------
    window : int
        Training windows, samples (validation windows are half as long).
    filters, kernel_size, strides, hidden : int
        The tied conv net: filters of ``kernel_size`` samples at a stride, and the hidden
        layer's units.
    batch_size : int
    learning_rate : float
    seed : int
    test_block_seconds : float
        The back-to-back test blocks (000: half a second).
    fir_taps, sample_uses : int
        As in :class:`~dsp_paper.studies.dense_baselines.settings.DenseSettings`.
    plateau_sample_uses : int
        How many training windows hold each sample in 04's own trainings (those trained to
        a plateau); ``sample_uses`` is how other notebooks cut 04's windows.
    epoch_cap, patience : int
        The tied conv net and both ablations run until the validation loss has not improved
        for ``patience`` epochs (the best weights restored), or ``epoch_cap`` epochs: the
        same budget for every model a claim compares.
    epochs : int
        A fixed number of epochs: the default of :func:`~dsp_paper.studies.conv_tied.
        train_conv` for other notebooks that train the conv net for a set count (07).
    snapshots : tuple of int
        Epochs whose weights are scored (0: before training), those the training reaches.
    ablation_epochs : int
        The ablations' fixed count, for other notebooks (04 trains them as the baseline).
    pedal_epochs, stereo_epochs : int
        Training of the pedal extension and 001's stereo net.
    time_limits : dict of str -> float
        Seconds of training after which a training of that name stops at the end of an
        epoch (:meth:`~dsp_paper.study.settings.Settings.time_limit`); set only at ``paper``, so that
        the notebook fits on one GPU.
    """

    section: ClassVar[str] = "04_conv_tied"
    window: int
    filters: int
    kernel_size: int
    strides: int
    hidden: int
    batch_size: int
    learning_rate: float
    seed: int
    test_block_seconds: float
    fir_taps: int
    sample_uses: int
    plateau_sample_uses: int
    epoch_cap: int
    patience: int
    epochs: int
    snapshots: tuple
    ablation_epochs: int
    pedal_epochs: int
    stereo_epochs: int
    time_limits: dict

CONV = by_scale(
    ConvSettings,
    common=dict(window=4000, filters=16, kernel_size=1000, strides=10, hidden=50, batch_size=32,
                learning_rate=0.001, seed=0, test_block_seconds=0.5, fir_taps=1000,
                time_limits={}),
    smoke=dict(sample_uses=2, plateau_sample_uses=2, epoch_cap=3, patience=1, epochs=1, snapshots=(0, 1), ablation_epochs=1, pedal_epochs=1,
               stereo_epochs=1),
    quick=dict(sample_uses=2, plateau_sample_uses=1, batch_size=16, epoch_cap=60, patience=5,
               epochs=15, snapshots=(0, 5, 10, 15),
               ablation_epochs=10, pedal_epochs=5, stereo_epochs=5),
    paper=dict(sample_uses=10, plateau_sample_uses=10, epoch_cap=200, patience=20, epochs=200, snapshots=(0, 5, 10, 15, 20, 30, 40, 50, 200),
               ablation_epochs=200, pedal_epochs=200, stereo_epochs=200,
               time_limits={"conv_tied": 40.0, "conv_tied_nohidden": 40.0, "conv_untied": 40.0,
                            "pedal_conv": 30.0, "pedal_dense": 15.0, "stereo_conv": 30.0}),
)


# 001 "Deep Signal Processing": sine and triangle sweeps, stereo kept, piano and voice tests.
@dataclass(frozen=True, kw_only=True)
class StereoCorpusSettings(Settings):
    """Settings of ``stereo_001`` at one scale: those of
    :class:`~dsp_paper.studies.dense_baselines.settings.LowpassCorpusSettings`, with
    ``layout="stereo"`` and ``sample_uses`` (part of the corpus's cache key; the windows the
    stereo net trains on are cut with 04's settings,
    :func:`~dsp_paper.studies.conv_tied.stereo.stereo_experiment`)."""

    section: ClassVar[str] = "stereo_001"
    sample_rate: int
    shapes: tuple
    f_start: float
    f_end: float
    cutoff_hz: float
    order: int
    layout: str
    sample_uses: int
    validation_fraction: float
    level: float
    sweep_seconds: float
    piano_seconds: float | None
    validation_block_seconds: float

STEREO_CORPUS = by_scale(
    StereoCorpusSettings,
    common=dict(sample_rate=44100, shapes=('sine', 'triangle'), f_start=50.0, f_end=5000.0,
                cutoff_hz=1000.0, order=2, layout='stereo', sample_uses=10,
                validation_fraction=0.1, level=0.5),
    smoke=dict(sweep_seconds=0.5, piano_seconds=2.0, validation_block_seconds=0.05),
    quick=dict(sweep_seconds=5.0, piano_seconds=12.0, validation_block_seconds=0.25),
    paper=dict(sweep_seconds=30.0, piano_seconds=None, validation_block_seconds=0.25),
)

SETTINGS = {"pedal_ext": PEDAL_CORPUS, "04_conv_tied": CONV, "stereo_001": STEREO_CORPUS}
