"""Document 000, "TensorFlow Signal Processing": neural nets that learn a lowpass filter.

Notebooks ``03_dense_baselines`` (the dense nets) and ``04_conv_tied`` (the tied
convolutional net, its ablations, the tick, and the pedal extension 000 named but never
evaluated). This module holds 000's settings per scale; the numbers 000 reports, typed once
(:data:`PAPER_DENSE_ROWS`, :data:`PAPER_CONV_ROWS` and the epochs and sizes it names); its
corpora (sweeps through the lowpass with the piano as test; guitar through a pedal chain);
its trainings and evaluations (:func:`dense_experiment`, :func:`conv_experiment`,
:func:`ablation_experiment`, :func:`tick_experiment`, :func:`pedal_experiment`); the tables
that put 000's rows beside ours, with the MSE also normalised by the target's variance (the
levels differ); the figures specific to 000; the clips the notebooks publish; the results
records the claims are judged on, and its entries of the claims registry (C0.*); what differs
from 000, and the closing text written from a run's numbers and verdicts.

Examples
--------
>>> PAPER_DENSE_ROWS["linear"]["test mse"]
0.00119
>>> round(paper_nmse(PAPER_DENSE_ROWS["linear"])["val nmse"], 3)
0.302
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from dsp_paper import effects, material, signals
from dsp_paper.audio_io import normalise, read_audio, to_layout, write_wav
from dsp_paper.datasets import effect_corpus
from dsp_paper.errors import ParameterError
from dsp_paper.nn.evaluation import DOCUMENT_COLUMNS, EXTRA_COLUMNS
from dsp_paper.metrics import validation_power
from dsp_paper.paths import cache_dir
from dsp_paper.study.rules import FAILED_ESR, OK_ESR, All, Compare, SubClaim
from dsp_paper.nn.runs import checkpoint_name, evaluate_snapshots, first_reaching
from dsp_paper.study.settings import Settings, by_scale
from dsp_paper.studies import scale_config
from dsp_paper.windowing import hop_for_uses, window_arrays

__all__ = [
    # settings
    "LowpassCorpusSettings", "PedalCorpusSettings", "DenseSettings", "ConvSettings",
    "LOWPASS_CORPUS", "PEDAL_CORPUS", "DENSE", "CONV", "SETTINGS",
    # the document's numbers
    "PAPER_DENSE_EPOCHS", "PAPER_DENSE_HIDDEN", "PAPER_CONV_HIDDEN", "PAPER_TEST_BLOCK_SECONDS",
    "PAPER_CONV_AUDIO_EPOCHS", "PAPER_LINEAR_TRAINING_HOURS", "PAPER_DENSE_ROWS",
    "PAPER_CONV_ROWS", "PAPER_SETUP", "NMSE_COLUMNS",
    # corpora
    "lowpass_corpus", "pedal_corpus", "sweep_material",
    # trainings and experiments
    "DENSE_ACTIVATIONS", "ABLATIONS", "dense_data", "train_dense", "conv_data", "train_conv",
    "FirFloor", "fir_floor", "target_variances", "with_nmse", "paper_nmse",
    "DenseExperiment", "dense_experiment", "ConvExperiment", "conv_experiment",
    "AblationExperiment", "ablation_experiment", "tick_levels", "TickExperiment",
    "tick_experiment", "PedalExperiment", "pedal_trainings", "pedal_experiment",
    "planned_work",
    # tables, figures, audio
    "dense_table", "dense_paper_vs_ours", "conv_table", "conv_paper_vs_ours", "ablation_table",
    "flatness_table", "dense_curves_figure", "conv_curves_figure", "ablation_curves_figure",
    "tick_edge", "tick_figure", "dense_spectra_figure", "dense_clips", "dense_extra_clips",
    "conv_published_epochs", "conv_clips", "ablation_clips", "tick_clips", "pedal_clips",
    # claims, results, what differs, what it means
    "white_noise_flatness", "dense_record", "conv_record", "dense_results", "conv_results",
    "dense_differences", "conv_differences", "dense_what_it_means", "conv_what_it_means",
    "CLAIMS",
]

# ------------------------------------------------------------------ settings

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
        As in :class:`LowpassCorpusSettings`.
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


# 000's dense baselines: a window in, the same window out, one hidden layer of 1000.
# At paper (here and in 04) the trainings keep the document's sizes, data and epochs but stop
# at a cap on their training time (``time_limits``, seconds per run), so that each notebook
# fits in minutes on one GPU; where a GPU is fast enough the caps are not reached
# (`python -m dsp_paper estimate --scale paper` tells). 03's six runs share 4 minutes, 04's
# own twelve about 6 (03's nets are reused).
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
    early_epoch, epochs : int
        The run's counterparts of 000's 20 and 4000 epochs.
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
    epochs: int
    time_limits: dict

DENSE = by_scale(
    DenseSettings,
    common=dict(window=1000, hidden=1000, batch_size=64, learning_rate=0.001, seed=0,
                fir_taps=1000,
                time_limits={}),
    smoke=dict(sample_uses=2, early_epoch=1, epochs=2),
    quick=dict(sample_uses=2, early_epoch=20, epochs=30),
    paper=dict(sample_uses=10, early_epoch=20, epochs=4000,
               time_limits={"linear": 40.0, "nonlinear": 40.0}),
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
        As in :class:`DenseSettings`.
    epochs : int
    snapshots : tuple of int
        Epochs whose weights are scored (0: before training).
    ablation_epochs, pedal_epochs, stereo_epochs : int
        Training of the ablations, the pedal extension and 001's stereo net.
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
    smoke=dict(sample_uses=2, epochs=1, snapshots=(0, 1), ablation_epochs=1, pedal_epochs=1,
               stereo_epochs=1),
    quick=dict(sample_uses=2, batch_size=16, epochs=15, snapshots=(0, 5, 10, 15),
               ablation_epochs=10, pedal_epochs=5, stereo_epochs=5),
    paper=dict(sample_uses=10, epochs=200, snapshots=(0, 5, 10, 15, 20, 30, 40, 50, 200),
               ablation_epochs=200, pedal_epochs=200, stereo_epochs=200,
               time_limits={"conv_tied": 40.0, "conv_tied_nohidden": 25.0, "conv_untied": 25.0,
                            "pedal_conv": 30.0, "pedal_dense": 15.0, "stereo_conv": 30.0}),
)

SETTINGS = {"lowpass_000": LOWPASS_CORPUS, "pedal_ext": PEDAL_CORPUS, "03_dense_baselines": DENSE, "04_conv_tied": CONV}




# ------------------------------------------------------------------ the document's numbers

# 000's table columns, in its order (evaluation.DOCUMENT_COLUMNS): mse, rmse and std for
# training and validation, its "reference", then test mse, rmse and std. Read as: std = the
# error's standard deviation, reference = the target's standard deviation.
_PAPER_COLUMNS = tuple(DOCUMENT_COLUMNS)

#: The epochs 000 listened to its dense nets at (its table is at the last).
PAPER_DENSE_EPOCHS = (20, 4000)
#: 000's hidden layers: the dense nets' and the conv net's.
PAPER_DENSE_HIDDEN = 1000
PAPER_CONV_HIDDEN = 50
#: 000's half-second test blocks.
PAPER_TEST_BLOCK_SECONDS = 0.5
#: The epochs 000 published the conv net's audio at.
PAPER_CONV_AUDIO_EPOCHS = (0, 5, 10, 20, 50, 200)
#: "It took almost 5 hours to train this network" (the linear net).
PAPER_LINEAR_TRAINING_HOURS = 5

#: 000's table rows of the dense nets after 4000 epochs, ``{label: {column: value}}``.
PAPER_DENSE_ROWS = {
    label: dict(zip(_PAPER_COLUMNS, values)) for label, values in (
        ("linear", (0.00342, 0.00327, 0.05847, 0.05722, 0.05885, 0.05723, 0.10412,
                    0.00119, 0.03446, 0.03447)),
        ("nonlinear", (0.00471, 0.00363, 0.06866, 0.06024, 0.06897, 0.06025, 0.10219,
                       0.00144, 0.03792, 0.03792)))}

#: 000's table of the tied conv net, ``{epoch: {column: value}}``.
PAPER_CONV_ROWS = {
    epoch: dict(zip(_PAPER_COLUMNS, values)) for epoch, values in (
        (0, (0.01625, 0.01399, 0.12748, 0.11827, 0.08833, 0.07587, 0.11131,
             0.00829, 0.09110, 0.02744)),
        (5, (0.00202, 0.00542, 0.04490, 0.07361, 0.04497, 0.07355, 0.09906,
             0.00021, 0.01464, 0.01371)),
        (10, (0.00253, 0.00120, 0.05026, 0.03461, 0.05052, 0.03447, 0.10856,
              0.00014, 0.01181, 0.01087)),
        (15, (0.00194, 0.00235, 0.04408, 0.04844, 0.04439, 0.04842, 0.10380,
              0.00010, 0.01023, 0.01024)),
        (20, (0.00168, 0.00280, 0.04100, 0.05291, 0.04124, 0.05290, 0.10097,
              0.00011, 0.01061, 0.00992)),
        (30, (0.00180, 0.00212, 0.04244, 0.04603, 0.04261, 0.04604, 0.10356,
              9.1680e-05, 0.00957, 0.00951)),
        (40, (0.00179, 0.00208, 0.04229, 0.04556, 0.04245, 0.04556, 0.10453,
              8.9273e-05, 0.00945, 0.00945)),
        (50, (0.00153, 0.00280, 0.03918, 0.05287, 0.03933, 0.05289, 0.10946,
              9.0900e-05, 0.00953, 0.00950)))}

#: The columns added beside 000's: MSE over the variance of that split's target.
NMSE_COLUMNS = ("train nmse", "val nmse", "test nmse")
_EXTRA_COLUMNS = tuple(EXTRA_COLUMNS)

#: 000's material, model and training, as far as it states them.
PAPER_SETUP = {
    "material": "sine, square and saw sweeps through a lowpass (its cut-off and order not "
                "stated); test: a Brahms piano piece from MIDI",
    "sample rate": "not stated ('a uniform sample rate')",
    "optimiser": "not stated",
    "training windows": "not stated (overlapping windows, reshuffled every epoch)",
    "seeds": "one run",
    "conv sizes": "not stated (filters 'large enough to detect full oscillations')",
}


# ------------------------------------------------------------------ corpora

def _sweep_sources(cfg, folder):
    """000's source files: one stereo 16-bit PCM WAV per shape, rising sweep on the left,
    falling on the right; read back as normalised float32."""
    tracks = []
    for shape in cfg.shapes:
        kwargs = dict(seconds=cfg.sweep_seconds, sample_rate=cfg.sample_rate)
        left = signals.sweep(shape, f_start=cfg.f_start, f_end=cfg.f_end, **kwargs)
        right = signals.sweep(shape, f_start=cfg.f_end, f_end=cfg.f_start, **kwargs)
        stereo = signals.fade(np.stack([left, right]), sample_rate=cfg.sample_rate,
                              fade_in=0.01, fade_out=0.01)
        path = write_wav(folder / f"sweep_{shape}_{cfg.sweep_seconds}s.wav",
                         normalise(stereo, peak=0.99), cfg.sample_rate)
        audio, _ = read_audio(path, expected_sr=cfg.sample_rate)
        tracks.append(normalise(audio, peak=cfg.level))
    return tracks


def _lowpass(audio, cfg):
    return effects.lowpass(audio, sample_rate=cfg.sample_rate, cutoff_hz=cfg.cutoff_hz,
                           order=cfg.order)


def _lowpass_description(cfg):
    return (f"lowpass: Butterworth order {cfg.order} ({6 * cfg.order} dB/octave), "
            f"-3 dB at {cfg.cutoff_hz:g} Hz")


def sweep_material(cfg):
    """One line naming the sweeps of a sweep corpus's settings (``lowpass_000``,
    ``stereo_001``): shapes, range, seconds, layout."""
    return (f"{', '.join(cfg.shapes)} sweeps {cfg.f_start:g}-{cfg.f_end:g} Hz, "
            f"{cfg.sweep_seconds:g} s each (rising left, falling right), {cfg.layout}")


def lowpass_corpus(scale=None, **changes):
    """000's corpus: sweeps of sine, square and saw through the lowpass, piano as test.

    Each shape is a stereo 16-bit WAV (rising sweep left, falling right), read back as
    float32, normalised and split into mono tracks (``layout="mono"``, the document's
    choice) or kept stereo (``layout="stereo"``). Validation blocks are held out of every
    track before batching; the test is the Brahms piano.

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional
    **changes
        Settings of ``lowpass_000`` to change.

    Returns
    -------
    EffectCorpus
        Splits ``train``, ``validation``, ``test``.
    """
    return effect_corpus(
        scale_config("lowpass_000", scale, **changes),
        sources=lambda cfg: _sweep_sources(cfg, cache_dir() / "wav"),
        tests=lambda cfg: {"test": material.piano(sample_rate=cfg.sample_rate,
                                                  seconds=cfg.piano_seconds)},
        effect=_lowpass, description=_lowpass_description)


def pedal_corpus(scale=None, **changes):
    """The extension 000 named but never evaluated: recorded guitar through the pedal chain.

    Training takes (validation blocks held out) and unseen test takes are set per scale.

    Returns
    -------
    EffectCorpus
        Splits ``train``, ``validation``, ``test``.
    """
    def sources(cfg):
        return [normalise(material.guitar(t, sample_rate=cfg.sample_rate).audio, peak=cfg.level)
                for t in cfg.train_takes]

    def tests(cfg):
        takes = [material.guitar(t, sample_rate=cfg.sample_rate) for t in cfg.test_takes]
        audio = np.concatenate([to_layout(t.audio, "stereo") for t in takes], axis=-1)
        return {"test": material.Material("guitar_test", audio, cfg.sample_rate,
                                          " + ".join(t.description for t in takes),
                                          takes[0].licence, "; ".join(t.source for t in takes))}

    def effect(audio, cfg):
        return effects.pedal_chain(audio, sample_rate=cfg.sample_rate, drive_db=cfg.drive_db,
                                   tone_hz=cfg.tone_hz, level_db=cfg.level_db)

    return effect_corpus(
        scale_config("pedal_ext", scale, **changes), sources=sources, tests=tests, effect=effect,
        description=lambda cfg: (f"pedal chain: tanh drive +{cfg.drive_db:g} dB, tone lowpass "
                                 f"{cfg.tone_hz:g} Hz (6 dB/octave), level {cfg.level_db:g} dB"))


# ------------------------------------------------------------------ trainings

DENSE_ACTIVATIONS = {"linear": None, "nonlinear": "tanh"}
ABLATIONS = {"no hidden layer": dict(hidden=0), "untied filters": dict(tied=False)}
_ABLATION_MODELS = {"no hidden layer": "conv_tied_nohidden", "untied filters": "conv_untied"}


def dense_data(corpus, cfg):
    """03's training windows (hop so every sample is used ``cfg.sample_uses`` times) and
    back-to-back validation windows.

    Returns
    -------
    tuple of np.ndarray
        ``x, y`` of shape ``(windows, cfg.window)`` and ``val_x, val_y``.
    """
    hop = hop_for_uses(cfg.window, cfg.sample_uses)
    x, y = window_arrays(corpus.split("train"), window=cfg.window, hop=hop)
    vx, vy = window_arrays(corpus.split("validation"), window=cfg.window, hop=cfg.window)
    return x, y, vx, vy


def train_dense(label, cfg, data, *, seed=0, epochs=None, snapshots=None, checkpoint=None,
                time_limit=None, progress=True):
    """Train 000's dense net (``label`` "linear" or "nonlinear", hidden ``cfg.hidden``)
    with Adam on MSE.

    Parameters
    ----------
    label : {"linear", "nonlinear"}
        No activation, or tanh in the hidden layer.
    cfg : Settings
        ``scale_config("03_dense_baselines", scale)``.
    data : tuple
        :func:`dense_data`.
    seed : int
        Initial weights and shuffling.
    epochs, snapshots : optional
        Default ``cfg.epochs`` and ``(cfg.early_epoch, cfg.epochs)``.
    checkpoint : str, optional
        Default ``03_<label>_<scale>_s<seed>``.
    time_limit : float, optional
        Seconds of training after which it stops at the end of an epoch; default
        ``cfg.time_limit(label)`` (a cap only at ``paper``).
    progress : bool
        Show a progress bar.

    Returns
    -------
    TrainingResult
    """
    import keras

    from dsp_paper.nn import models
    from dsp_paper.nn.training import fit

    if label not in DENSE_ACTIVATIONS:
        raise ParameterError(f"label must be one of {sorted(DENSE_ACTIVATIONS)}, got {label!r}")
    epochs = cfg.epochs if epochs is None else epochs
    snapshots = (cfg.early_epoch, epochs) if snapshots is None else snapshots
    x, y, vx, vy = data
    model = models.dense_net(x.shape[1], hidden=cfg.hidden, activation=DENSE_ACTIVATIONS[label],
                             name=f"{label}_{cfg.hidden}", seed=seed)
    model.compile(optimizer=keras.optimizers.Adam(cfg.learning_rate), loss="mse")
    return fit(model, x, y, epochs=epochs, batch_size=cfg.batch_size, validation=(vx, vy),
               snapshot_epochs=snapshots,
               checkpoint=checkpoint or checkpoint_name("03", label, cfg, seed), seed=seed,
               time_limit=cfg.time_limit(label) if time_limit is None else time_limit,
               progress=progress)


def conv_data(corpus, cfg):
    """04's training windows of ``cfg.window`` samples and validation windows of half that,
    channels last.

    Returns
    -------
    tuple of np.ndarray
        ``x, y`` of shape ``(windows, cfg.window, channels)`` and ``val_x, val_y``.
    """
    hop = hop_for_uses(cfg.window, cfg.sample_uses)
    x, y = window_arrays(corpus.split("train"), window=cfg.window, hop=hop, channels_last=True)
    vx, vy = window_arrays(corpus.split("validation"), window=cfg.window // 2,
                           hop=cfg.window // 2, channels_last=True)
    return x, y, vx, vy


def train_conv(name, cfg, data, *, seed=0, tied=True, hidden=None, epochs=None, snapshots=(),
               loss="mse", checkpoint=None, time_limit=None, progress=True):
    """Train 000's convolutional net (tied filters unless ``tied=False``) with Adam.

    Parameters
    ----------
    name : str
        The model's name; the checkpoint is ``04_<name>_<scale>_s<seed>``.
    cfg : Settings
        ``scale_config("04_conv_tied", scale)``.
    data : tuple
        :func:`conv_data` (mono or stereo).
    seed : int
        Initial weights and shuffling.
    tied : bool
        The transposed convolution reuses the convolution's kernel.
    hidden, epochs : int, optional
        Default ``cfg.hidden`` and ``cfg.epochs``; ``hidden=0`` leaves the layer out.
    snapshots : tuple of int
        Epochs whose weights are kept.
    loss : str or keras.losses.Loss
        MSE as in 000, or e.g. :func:`~dsp_paper.nn.losses.mr_stft_loss`.
    checkpoint : str, optional
        Default ``04_<name>_<scale>_s<seed>``.
    time_limit : float, optional
        Seconds of training after which it stops at the end of an epoch; default
        ``cfg.time_limit(name)`` (a cap only at ``paper``).

    Returns
    -------
    TrainingResult
    """
    import keras

    from dsp_paper.nn import models
    from dsp_paper.nn.training import fit

    x, y, vx, vy = data
    model = models.conv_autoencoder(filters=cfg.filters, kernel_size=cfg.kernel_size,
                                    strides=cfg.strides,
                                    hidden=cfg.hidden if hidden is None else hidden, tied=tied,
                                    channels=x.shape[-1], name=name, seed=seed)
    model.compile(optimizer=keras.optimizers.Adam(cfg.learning_rate), loss=loss)
    return fit(model, x, y, epochs=cfg.epochs if epochs is None else epochs,
               batch_size=cfg.batch_size, validation=(vx, vy), snapshot_epochs=snapshots,
               checkpoint=checkpoint or checkpoint_name("04", name, cfg, seed), seed=seed,
               time_limit=cfg.time_limit(name) if time_limit is None else time_limit,
               progress=progress)


# ------------------------------------------------------------------ experiments

@dataclass
class FirFloor:
    """The least-squares FIR fitted to the training sweeps: the best a linear filter of
    ``taps`` coefficients does on the same data (whole tracks, no blocks).

    Attributes
    ----------
    taps : int
    row : dict
        000's table row, with test ESR, pre-emphasised ESR and LSD.
    test_outputs : list of np.ndarray
        One per test piece.
    """

    taps: int
    row: dict
    test_outputs: list


def fir_floor(corpus, *, taps):
    """:class:`FirFloor` of ``corpus`` (mono) for a filter of ``taps`` coefficients, its row
    with normalised MSEs (:func:`with_nmse`)."""
    from dsp_paper.nn.evaluation import evaluate_fir

    row, outputs, _ = evaluate_fir(corpus, taps=taps)
    return FirFloor(taps, with_nmse(row, target_variances(corpus)), outputs)


def target_variances(corpus, *, splits=(("train", "train"), ("val", "validation"),
                                        ("test", "test"))):
    """The variance of each split's target, all its pieces joined: what the normalised MSE
    divides by.

    Returns
    -------
    dict of str -> float
        ``{"train": ..., "val": ..., "test": ...}`` (the table's column prefixes).
    """
    return {short: float(np.var(np.concatenate([np.ravel(p.target)
                                                 for p in corpus.split(split)])))
            for short, split in splits}


def with_nmse(row, variances):
    """A copy of a table row with ``train/val/test nmse`` (MSE over that split's target
    variance, from :func:`target_variances`)."""
    return {**row, **{f"{s} nmse": row[f"{s} mse"] / variances[s]
                      for s in ("train", "val", "test")}}


def paper_nmse(row):
    """A copy of one of 000's rows with its normalised MSEs: training and validation MSE over
    the square of its "reference" (the target's standard deviation); the test's is unknown
    (NaN), since 000 gives no level for its piano."""
    ref = row["reference"] ** 2
    return {**row, "train nmse": row["train mse"] / ref, "val nmse": row["val mse"] / ref,
            "test nmse": float("nan")}


def _plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _seed_mean(values):
    return float(np.mean(list(values)))


@dataclass
class DenseExperiment:
    """03's two dense nets, every seed, scored at the early and the final epoch.

    Attributes
    ----------
    cfg : DenseSettings
    seeds : tuple of int
    corpus : EffectCorpus
    data : tuple of np.ndarray
        :func:`dense_data`.
    fir : FirFloor
    runs : dict of (label, seed) -> TrainingResult
    rows : dict of (label, epoch, seed) -> dict
        000's table row (:func:`~dsp_paper.nn.evaluation.evaluate_corpus`) with normalised MSEs.
    outputs : dict of (label, epoch, seed) -> list of np.ndarray
        The test outputs, one per test piece.
    variances : dict of str -> float
        :func:`target_variances`.
    """

    cfg: object
    seeds: tuple
    corpus: object
    data: tuple
    fir: FirFloor
    runs: dict
    rows: dict
    outputs: dict
    variances: dict

    @property
    def epochs(self):
        """``(early, final)``: the epochs 000 listened at, as this run has them."""
        return self.cfg.early_epoch, self.cfg.epochs

    @property
    def sample_rate(self):
        return self.corpus.sample_rate

    def mean(self, label, epoch, column):
        """One column of one net at one epoch, averaged over the seeds."""
        return _seed_mean(self.rows[label, epoch, s][column] for s in self.seeds)

    def best_label(self):
        """The dense net with the lower mean test ESR at the final epoch."""
        return min(DENSE_ACTIVATIONS, key=lambda l: self.mean(l, self.cfg.epochs, "test esr"))

    def describe(self):
        """What ran: windows, the FIR floor, each net's weights and seconds."""
        cfg, (x, _, vx, _) = self.cfg, self.data
        lines = [f"{len(x):,} training windows of {cfg.window} samples "
                 f"({1000 * cfg.window / self.sample_rate:.1f} ms; hop "
                 f"{hop_for_uses(cfg.window, cfg.sample_uses)}, every sample used "
                 f"{cfg.sample_uses} times), {len(vx):,} validation windows",
                 f"least-squares FIR, {self.fir.taps} taps, whole tracks: test ESR "
                 f"{self.fir.row['test esr']:.2e}"]
        lines += [f"{label}, seed {seed}: {run.model.count_params():,} weights, "
                  f"{run.log.seconds[-1]:.0f} s for {cfg.epochs} epochs"
                  for (label, seed), run in self.runs.items()]
        return "\n".join(lines)


def dense_experiment(corpus, cfg, seeds, *, progress=True):
    """Train (or load) 03's linear and nonlinear net for every seed and score them.

    Parameters
    ----------
    corpus : EffectCorpus
        :func:`lowpass_corpus` (mono).
    cfg : DenseSettings
        ``scale_config("03_dense_baselines", scale)``.
    seeds : tuple of int
    progress : bool

    Returns
    -------
    DenseExperiment
        Rows and test outputs at ``cfg.early_epoch`` and ``cfg.epochs`` (back-to-back
        windows of ``cfg.window``, as 000 tested).
    """
    data = dense_data(corpus, cfg)
    variances = target_variances(corpus)
    runs, rows, outputs = {}, {}, {}
    for seed in seeds:
        for label in DENSE_ACTIVATIONS:
            run = train_dense(label, cfg, data, seed=seed, progress=progress)
            runs[label, seed] = run
            scored = evaluate_snapshots(run, corpus, block=cfg.window, batch_size=256,
                                        epochs=(cfg.early_epoch, cfg.epochs))
            for epoch, (row, out) in scored.items():
                rows[label, epoch, seed] = with_nmse(row, variances)
                outputs[label, epoch, seed] = out
    fir = fir_floor(corpus, taps=cfg.fir_taps)
    return DenseExperiment(cfg, tuple(seeds), corpus, data, fir, runs, rows, outputs,
                           variances)


@dataclass
class ConvExperiment:
    """04's tied conv net, every seed, scored at each of ``cfg.snapshots``.

    Attributes
    ----------
    cfg : ConvSettings
    seeds : tuple of int
    corpus : EffectCorpus
    data : tuple of np.ndarray
        :func:`conv_data`.
    fir : FirFloor
    runs : dict of seed -> TrainingResult
    rows : dict of (epoch, seed) -> dict
        With normalised MSEs.
    outputs : dict of (epoch, seed) -> list of np.ndarray
    variances : dict of str -> float
    """

    cfg: object
    seeds: tuple
    corpus: object
    data: tuple
    fir: FirFloor
    runs: dict
    rows: dict
    outputs: dict
    variances: dict

    @property
    def sample_rate(self):
        return self.corpus.sample_rate

    @property
    def block(self):
        """The test blocks, in samples."""
        return int(self.cfg.test_block_seconds * self.sample_rate)

    @property
    def final(self):
        return max(self.cfg.snapshots)

    @property
    def first(self):
        """The first snapshot after training starts."""
        return min(e for e in self.cfg.snapshots if e > 0)

    def mean(self, epoch, column):
        return _seed_mean(self.rows[epoch, s][column] for s in self.seeds)

    def describe(self):
        cfg, (x, _, vx, _) = self.cfg, self.data
        run = self.runs[self.seeds[0]]
        return (f"{len(x):,} training windows of {cfg.window} (hop "
                f"{hop_for_uses(cfg.window, cfg.sample_uses)}), {len(vx):,} validation windows "
                f"of {cfg.window // 2}; test in back-to-back blocks of {self.block} samples "
                f"({cfg.test_block_seconds:g} s)\n{run.model.count_params():,} weights; seconds "
                f"for {cfg.epochs} epochs: "
                + ", ".join(f"seed {s} {r.log.seconds[-1]:.0f}" for s, r in self.runs.items()))


def conv_experiment(corpus, cfg, seeds, *, progress=True):
    """Train (or load) 04's tied conv net for every seed and score it at each snapshot, the
    test in back-to-back blocks of ``cfg.test_block_seconds``.

    Parameters
    ----------
    corpus : EffectCorpus
        :func:`lowpass_corpus` (mono).
    cfg : ConvSettings
        ``scale_config("04_conv_tied", scale)``.
    seeds : tuple of int

    Returns
    -------
    ConvExperiment
    """
    data = conv_data(corpus, cfg)
    variances = target_variances(corpus)
    block = int(cfg.test_block_seconds * corpus.sample_rate)
    runs, rows, outputs = {}, {}, {}
    for seed in seeds:
        runs[seed] = train_conv("conv_tied", cfg, data, seed=seed, snapshots=cfg.snapshots,
                                progress=progress)
        for epoch, (row, out) in evaluate_snapshots(runs[seed], corpus, block=block,
                                                    batch_size=16).items():
            rows[epoch, seed], outputs[epoch, seed] = with_nmse(row, variances), out
    fir = fir_floor(corpus, taps=cfg.fir_taps)
    return ConvExperiment(cfg, tuple(seeds), corpus, data, fir, runs, rows, outputs, variances)


@dataclass
class AblationExperiment:
    """000's two ablations of the tied conv net, every seed, after ``epochs``.

    Attributes
    ----------
    epochs : int
    runs, rows, outputs : dict of (name, seed) -> ...
        Names are those of :data:`ABLATIONS`.
    """

    epochs: int
    runs: dict
    rows: dict
    outputs: dict


def ablation_experiment(conv, *, progress=True):
    """Train (or load) the ablations (no hidden layer; untied filters) for
    ``cfg.ablation_epochs``, once per seed of ``conv``, and score them like the baseline.

    Parameters
    ----------
    conv : ConvExperiment

    Returns
    -------
    AblationExperiment
    """
    from dsp_paper.nn.evaluation import evaluate_corpus, frame_processor

    cfg = conv.cfg
    runs, rows, outputs = {}, {}, {}
    for seed in conv.seeds:
        for name, change in ABLATIONS.items():
            run = train_conv(_ABLATION_MODELS[name], cfg, conv.data, seed=seed,
                             epochs=cfg.ablation_epochs, progress=progress, **change)
            runs[name, seed] = run
            row, outputs[name, seed] = evaluate_corpus(
                frame_processor(run.model, batch_size=16), conv.corpus, block=conv.block)
            rows[name, seed] = with_nmse(row, conv.variances)
    return AblationExperiment(cfg.ablation_epochs, runs, rows, outputs)


def tick_levels(model, piece, *, block, radius, batch_size=16):
    """000's tick and its fix on one test piece, as bounded levels (C0.7).

    The model processes ``piece.input`` three ways: as one whole track (the reference: zero
    padding only at the track's ends), in back-to-back zero-padded blocks of ``block`` (000's
    test batching) and in overlapping windows of ``block`` at a hop of ``block // 8``,
    Hann-tapered and overlap-added.

    Parameters
    ----------
    model : keras.Model
        Takes audio of any length (the conv net).
    piece : Pair
        Mono.
    block, radius : int
        Samples: the block length, and how far either side of an edge counts as "near".

    Returns
    -------
    outputs : dict of str -> np.ndarray
        ``whole``, ``blocks``, ``overlap-add``.
    levels : dict
        ``blocks_edge_error_db`` and ``overlap_add_edge_error_db`` (error within ``radius``
        of the block edges against the whole-track output, dB relative to it there),
        ``overlap_add_between_error_db`` (the same between the edges),
        ``overlap_add_edge_excess_db`` (edges minus between) and ``edge_error_drop_db``
        (blocks minus overlap-add at the edges).
    """
    from dsp_paper.nn.evaluation import frame_processor
    from dsp_paper.windowing import edge_error_db, process_blocks_zero_padded, process_overlap_add

    process = frame_processor(model, batch_size=batch_size)
    x = piece.input
    strides = getattr(model.layers[-1], "strides", 1)
    pad = -x.size % strides  # the conv net takes lengths that are multiples of its stride
    whole = process(np.pad(x, (0, pad))[None])[0][: x.size]
    outputs = {"whole": whole,
               "blocks": process_blocks_zero_padded(x, process, block=block),
               "overlap-add": process_overlap_add(x, process, window=block, hop=block // 8)}
    level = lambda out, region="edges": edge_error_db(out, whole, block=block, radius=radius,
                                                      region=region)
    levels = {"blocks_edge_error_db": level(outputs["blocks"]),
              "overlap_add_edge_error_db": level(outputs["overlap-add"]),
              "overlap_add_between_error_db": level(outputs["overlap-add"], "between")}
    levels["overlap_add_edge_excess_db"] = (levels["overlap_add_edge_error_db"]
                                            - levels["overlap_add_between_error_db"])
    levels["edge_error_drop_db"] = (levels["blocks_edge_error_db"]
                                    - levels["overlap_add_edge_error_db"])
    return outputs, levels


@dataclass
class TickExperiment:
    """The tick and its fix for every seed's trained conv net, on the first test piece.

    Attributes
    ----------
    outputs : dict of seed -> dict of str -> np.ndarray
        :func:`tick_levels`' outputs.
    levels : dict of seed -> dict of str -> float
    block, radius, sample_rate : int
    """

    outputs: dict
    levels: dict
    block: int
    radius: int
    sample_rate: int

    def table(self):
        """The levels, one row per seed (pandas DataFrame)."""
        import pandas as pd

        return pd.DataFrame(self.levels).T.rename_axis("seed")


def tick_experiment(conv):
    """:func:`tick_levels` of each seed's final conv net on the first piano piece, blocks of
    ``conv.block``, edges within one filter length (``cfg.kernel_size``).

    Returns
    -------
    TickExperiment
    """
    piece = conv.corpus.split("test")[0]
    outputs, levels = {}, {}
    for seed in conv.seeds:
        outputs[seed], levels[seed] = tick_levels(conv.runs[seed].model, piece, block=conv.block,
                                                  radius=conv.cfg.kernel_size)
    return TickExperiment(outputs, levels, conv.block, conv.cfg.kernel_size, conv.sample_rate)


@dataclass
class PedalExperiment:
    """The extension: the tied conv net, 03's better dense net and the FIR on the pedal chain.

    Attributes
    ----------
    corpus : EffectCorpus
        :func:`pedal_corpus`.
    epochs : int
    best_dense : str
        The dense net's label.
    rows : dict of str -> dict
        Model -> 000's table row (with normalised MSEs).
    outputs : dict of str -> list of np.ndarray
        Model -> test outputs.
    """

    corpus: object
    epochs: int
    best_dense: str
    rows: dict
    outputs: dict

    @property
    def nets(self):
        """The trained models' names (the FIR left out)."""
        return [m for m in self.rows if not m.startswith("least-squares")]

    def best_net(self):
        """The trained model with the lowest test ESR."""
        return min(self.nets, key=lambda m: self.rows[m]["test esr"])

    def fir_name(self):
        return next(m for m in self.rows if m.startswith("least-squares"))

    def table(self):
        """The rows as a DataFrame in 000's column order (pandas)."""
        return _frame(self.rows, index_name=f"pedal chain, {self.epochs} epochs, one seed")


def pedal_trainings(cfg, dense_cfg, pedal, dense_label, *, progress=True):
    """The extension's two trainings on :func:`pedal_corpus`, one seed, for
    ``cfg.pedal_epochs``: the tied conv net and the dense net ``dense_label``.

    Returns
    -------
    tuple of TrainingResult
        ``(conv, dense)``.
    """
    conv_run = train_conv("pedal_conv", cfg, conv_data(pedal, cfg), epochs=cfg.pedal_epochs,
                          progress=progress)
    dense_run = train_dense(dense_label, dense_cfg, dense_data(pedal, dense_cfg),
                            epochs=cfg.pedal_epochs, snapshots=(),
                            time_limit=cfg.time_limit("pedal_dense"),
                            checkpoint=f"04_pedal_dense_{cfg.scale}", progress=progress)
    return conv_run, dense_run


def planned_work(notebook, scale):
    """What ``03_dense_baselines`` or ``04_conv_tied`` trains at ``scale``, for
    :mod:`dsp_paper.study.estimate`: each distinct training once, as the notebook calls it, inside
    ``probe.runs`` for its seeds (04 also runs 03's nets, as its notebook does)."""
    from dsp_paper.nn import probe
    from dsp_paper.studies.conv_tied.stereo import stereo_training
    from dsp_paper.study.settings import seeds

    corpus, count = lowpass_corpus(scale), len(seeds(scale))
    dense_cfg = scale_config("03_dense_baselines", scale)
    data = dense_data(corpus, dense_cfg)
    with probe.runs(count):
        for label in DENSE_ACTIVATIONS:
            train_dense(label, dense_cfg, data, progress=False)
    if notebook == "03_dense_baselines":
        return
    cfg = scale_config("04_conv_tied", scale)
    data = conv_data(corpus, cfg)
    with probe.runs(count):
        train_conv("conv_tied", cfg, data, snapshots=cfg.snapshots, progress=False)
        for name, change in ABLATIONS.items():
            train_conv(_ABLATION_MODELS[name], cfg, data, epochs=cfg.ablation_epochs,
                       progress=False, **change)
    # the dense net is 03's better one, known only after 03: both cost the same
    pedal_trainings(cfg, dense_cfg, pedal_corpus(scale), "nonlinear", progress=False)
    stereo_training(cfg, scale=scale, progress=False)


def pedal_experiment(cfg, dense, *, scale, progress=True):
    """Train (or load) the tied conv net and 03's better dense net (by mean final test ESR
    over the seeds) on :func:`pedal_corpus` for ``cfg.pedal_epochs``, one seed, and score
    both beside the least-squares FIR.

    Parameters
    ----------
    cfg : ConvSettings
    dense : DenseExperiment
        Picks the dense net; its settings train it.
    scale : str

    Returns
    -------
    PedalExperiment
    """
    from dsp_paper.nn.evaluation import evaluate_corpus, frame_processor

    pedal = pedal_corpus(scale)
    variances = target_variances(pedal)
    block = int(cfg.test_block_seconds * pedal.sample_rate)
    best = dense.best_label()
    conv_run, dense_run = pedal_trainings(cfg, dense.cfg, pedal, best, progress=progress)
    rows, outputs = {}, {}
    for name, run, size, batch in (("tied conv net", conv_run, block, 16),
                                   (f"dense {best} (best of 03)", dense_run, dense.cfg.window,
                                    256)):
        rows[name], outputs[name] = evaluate_corpus(frame_processor(run.model, batch_size=batch),
                                                    pedal, block=size)
    fir = fir_floor(pedal, taps=cfg.fir_taps)
    rows[f"least-squares FIR, {fir.taps} taps"] = fir.row
    outputs[f"least-squares FIR, {fir.taps} taps"] = fir.test_outputs
    rows = {k: r if "train nmse" in r else with_nmse(r, variances) for k, r in rows.items()}
    return PedalExperiment(pedal, cfg.pedal_epochs, best, rows, outputs)


# ------------------------------------------------------------------ tables

def _frame(rows, *, index_name):
    import pandas as pd

    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = index_name
    return frame[[c for c in (*_PAPER_COLUMNS, *NMSE_COLUMNS, *_EXTRA_COLUMNS)
                  if c in frame.columns]]


def _multi_frame(rows, names):
    import pandas as pd

    frame = pd.DataFrame(list(rows.values()),
                         index=pd.MultiIndex.from_tuples(list(rows), names=names))
    return frame[[c for c in (*_PAPER_COLUMNS, *NMSE_COLUMNS, *_EXTRA_COLUMNS)
                  if c in frame.columns]]


def dense_table(dense):
    """03's table: 000's rows (reported, after 4000 epochs), then ours per seed at the early
    and final epoch, then the least-squares FIR; 000's columns, the normalised MSEs (000's
    from its "reference", ours from each split's target variance), ESR and LSD.

    Returns
    -------
    pandas.DataFrame
        Indexed by (net, epoch, source).
    """
    scale = dense.cfg.scale
    rows = {(label, PAPER_DENSE_EPOCHS[-1], "000 (reported)"): paper_nmse(row)
            for label, row in PAPER_DENSE_ROWS.items()}
    rows.update({(label, epoch, f"this run ({scale}), seed {seed}"): dense.rows[label, epoch, seed]
                 for label, epoch, seed in sorted(dense.rows)})
    rows[(f"least-squares FIR, {dense.fir.taps} taps", "closed form",
          f"this run ({scale})")] = dense.fir.row
    return _multi_frame(rows, ["net", "epoch", "source"])


_COMPARED = ("train mse", "val mse", "test mse", "train nmse", "val nmse")


def dense_paper_vs_ours(dense):
    """000's numbers beside ours for the report: each net's MSEs and normalised MSEs, 000
    after 4000 epochs, this run after its last (mean of the seeds).

    Returns
    -------
    pandas.DataFrame
        :func:`~dsp_paper.study.report.paper_vs_ours`.
    """
    from dsp_paper.study.report import paper_vs_ours

    final = dense.cfg.epochs
    note = (f"000 after {PAPER_DENSE_EPOCHS[-1]} epochs, this run after {final} "
            f"(mean of {_plural(len(dense.seeds), 'seed')})")
    return paper_vs_ours([(f"{label} net: {column}", paper_nmse(PAPER_DENSE_ROWS[label])[column],
                           float(f"{dense.mean(label, final, column):.3g}"), note)
                          for label in DENSE_ACTIVATIONS for column in _COMPARED])


def conv_table(conv):
    """04's table: at each epoch 000's row (reported) then ours per seed, then the FIR.

    Returns
    -------
    pandas.DataFrame
        Indexed by (epoch, source).
    """
    scale = conv.cfg.scale
    rows = {}
    for epoch in sorted(set(PAPER_CONV_ROWS) | set(conv.cfg.snapshots)):
        if epoch in PAPER_CONV_ROWS:
            rows[epoch, "000 (reported)"] = paper_nmse(PAPER_CONV_ROWS[epoch])
        rows.update({(epoch, f"this run ({scale}), seed {s}"): conv.rows[epoch, s]
                     for s in conv.seeds if (epoch, s) in conv.rows})
    rows["FIR", f"least-squares FIR, {conv.fir.taps} taps"] = conv.fir.row
    return _multi_frame(rows, ["epoch", "source"])


def conv_paper_vs_ours(conv):
    """000's numbers beside ours at the epochs both have (the first trained snapshot and the
    last); when none is shared (smoke), 000's epoch 5 beside our last.

    Returns
    -------
    pandas.DataFrame
    """
    from dsp_paper.study.report import paper_vs_ours

    shared = [(e, e) for e in sorted({conv.first, conv.final}) if e in PAPER_CONV_ROWS]
    rows = []
    for paper_epoch, epoch in shared or [(min(e for e in PAPER_CONV_ROWS if e > 0), conv.final)]:
        note = f"mean of {_plural(len(conv.seeds), 'seed')}" + (
            "" if paper_epoch == epoch else f", this run after {epoch} epochs")
        paper = paper_nmse(PAPER_CONV_ROWS[paper_epoch])
        rows += [(f"{column}, epoch {paper_epoch}", paper[column],
                  float(f"{conv.mean(epoch, column):.3g}"), note) for column in _COMPARED]
    return paper_vs_ours(rows)


def ablation_table(ablations, conv):
    """The ablations beside the baseline after the same epochs, one row per seed.

    Returns
    -------
    pandas.DataFrame
        Indexed by (model, seed).
    """
    rows = {("unmodified baseline", s): conv.rows[ablations.epochs, s] for s in conv.seeds}
    rows.update(ablations.rows)
    return _multi_frame(rows, [f"after {ablations.epochs} epochs", "seed"])


def flatness_table(dense):
    """Spectral flatness and correlation with the expected output of each of the first
    seed's outputs on the first piano piece, beside white noise's.

    Returns
    -------
    pandas.DataFrame
        Indexed by output.
    """
    import pandas as pd

    from dsp_paper.metrics import spectral_flatness

    target = dense.corpus.split("test")[0].target
    noise = signals.noise("white", seconds=target.size / dense.sample_rate,
                          sample_rate=dense.sample_rate, seed=3)
    clips = {"expected output": target, "white noise (reference)": noise,
             **_dense_net_clips(dense), f"least-squares FIR ({dense.fir.taps} taps)":
                 dense.fir.test_outputs[0]}
    return pd.DataFrame([dict(output=name, spectral_flatness=spectral_flatness(audio),
                              correlation_with_target=float(np.corrcoef(audio, target)[0, 1]))
                         for name, audio in clips.items()]).set_index("output")


# ------------------------------------------------------------------ figures

def _curves(runs, *, attribute, epochs=None):
    return [(run.log.epoch[:epochs], getattr(run.log, attribute)[:epochs]) for run in runs]


def dense_curves_figure(dense):
    """Training and validation MSE of both dense nets over the epochs, every seed, with the
    least-squares FIR's levels (matplotlib Figure)."""
    from dsp_paper.plotting import seed_curves

    panels = {title: {f"{label} net": _curves([dense.runs[label, s] for s in dense.seeds],
                                              attribute=attribute)
                      for label in DENSE_ACTIVATIONS}
              for title, attribute in (("training (sweeps)", "loss"),
                                       ("validation (held-out sweeps)", "val_loss"))}
    fir = f"least-squares FIR, {dense.fir.taps} taps"
    return seed_curves(panels, references={
        "training (sweeps)": {fir: dense.fir.row["train mse"]},
        "validation (held-out sweeps)": {fir: dense.fir.row["val mse"]}},
        title=f"dense nets on the lowpass ({_plural(len(dense.seeds), 'seed')} each)")


def conv_curves_figure(conv):
    """The tied conv net's training and validation MSE over the epochs and its test MSE at
    the snapshots, beside 000's reported test MSE, every seed (matplotlib Figure)."""
    from dsp_paper.plotting import seed_curves

    runs = [conv.runs[s] for s in conv.seeds]
    snapshots = sorted(conv.cfg.snapshots)
    fir = f"least-squares FIR, {conv.fir.taps} taps"
    paper_epochs = sorted(PAPER_CONV_ROWS)
    panels = {"training (sweeps)": {"tied conv net": _curves(runs, attribute="loss")},
              "validation (held-out sweeps)": {
                  "tied conv net": _curves(runs, attribute="val_loss")},
              "test (piano) at the snapshots": {
                  "tied conv net": [(snapshots, [conv.rows[e, s]["test mse"] for e in snapshots])
                                    for s in conv.seeds],
                  "000 (reported)": [(paper_epochs, [PAPER_CONV_ROWS[e]["test mse"]
                                                     for e in paper_epochs])]}}
    return seed_curves(panels, references={
        "training (sweeps)": {fir: conv.fir.row["train mse"]},
        "validation (held-out sweeps)": {fir: conv.fir.row["val mse"]},
        "test (piano) at the snapshots": {fir: conv.fir.row["test mse"]}}, sharey=False,
        title=f"tied conv net ({_plural(len(conv.seeds), 'seed')})")


def ablation_curves_figure(ablations, conv):
    """Training and validation MSE of the baseline (its first ``ablations.epochs``) and the
    two ablations, every seed (matplotlib Figure)."""
    from dsp_paper.plotting import seed_curves

    n = ablations.epochs
    panels = {}
    for title, attribute in (("training (sweeps)", "loss"),
                             ("validation (held-out sweeps)", "val_loss")):
        panels[title] = {f"baseline (tied, hidden {conv.cfg.hidden})":
                         _curves([conv.runs[s] for s in conv.seeds], attribute=attribute,
                                 epochs=n)}
        panels[title].update({name: _curves([ablations.runs[name, s] for s in conv.seeds],
                                            attribute=attribute) for name in ABLATIONS})
    return seed_curves(panels, title=f"ablations ({_plural(len(conv.seeds), 'seed')} each)")


def tick_edge(tick, *, seed=None):
    """The block edge the tick figure shows: the fourth (or the last but one) of the piece."""
    n = tick.outputs[seed if seed is not None else next(iter(tick.outputs))]["whole"].size
    return tick.block * max(1, min(4, n // tick.block - 1))


def tick_figure(tick, *, seed=None, span_ms=35.0):
    """One block edge up close: the whole-track, block and overlap-add outputs, and below
    them the errors against the whole track (blocks minus whole, overlap-add minus whole),
    the region the tick is measured in shaded.

    Parameters
    ----------
    tick : TickExperiment
    seed : int, optional
        Default the first seed.
    span_ms : float
        Milliseconds shown either side of the edge.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    seed = next(iter(tick.outputs)) if seed is None else seed
    out = tick.outputs[seed]
    edge, sr = tick_edge(tick, seed=seed), tick.sample_rate
    half = int(span_ms * sr / 1000)
    lo, hi = max(0, edge - half), min(out["whole"].size, edge + half)
    t = (np.arange(lo, hi) - edge) / sr * 1000
    fig, (ax_w, ax_e) = plt.subplots(2, 1, figsize=(10, 5.2), sharex=True)
    blocks = f"{tick.block / sr:g} s blocks"
    style = {"whole": dict(color="0.2", lw=1.6), "blocks": dict(color="C3", lw=1.0),
             "overlap-add": dict(color="C0", lw=1.0, ls="--")}
    for key, label in (("whole", "whole track"), ("blocks", blocks),
                       ("overlap-add", "overlap-add")):
        ax_w.plot(t, out[key][lo:hi], label=label, **style[key])
    for key, label, z in (("blocks", f"{blocks} - whole track", 3),
                          ("overlap-add", "overlap-add - whole track", 2)):
        ax_e.plot(t, (out[key] - out["whole"])[lo:hi], label=label, zorder=z, **style[key])
    radius_ms = tick.radius / sr * 1000
    for ax in (ax_w, ax_e):
        ax.axvspan(-radius_ms, radius_ms, color="0.85", zorder=0)
        ax.axvline(0, color="k", ls=":", lw=0.8)
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax_w.set(ylabel="amplitude", title=f"outputs at the block edge at {edge / sr:g} s "
                                        f"(seed {seed}; shaded: within one filter length, "
                                        f"where the tick is measured)")
    ax_e.set(xlabel="time from the block edge (ms)", ylabel="error (amplitude)",
             title="error against the whole-track output")
    fig.tight_layout()
    return fig


def dense_spectra_figure(dense):
    """Welch spectra of the expected piano output and the first seed's nets and FIR
    (matplotlib Figure, legend outside)."""
    from dsp_paper.plotting import spectrum

    target = dense.corpus.split("test")[0].target
    fig = spectrum({"expected output": target, **_dense_net_clips(dense),
                    f"least-squares FIR ({dense.fir.taps} taps)": dense.fir.test_outputs[0]},
                   dense.sample_rate, title="test piano: spectra of the outputs")
    ax = fig.axes[0]
    ax.lines[0].set(color="k", lw=1.8, zorder=5)  # the expected output, on top
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    return fig


# ------------------------------------------------------------------ audio

def _dense_net_clips(dense):
    seed = dense.seeds[0]
    return {f"{label} net, epoch {epoch}": dense.outputs[label, epoch, seed][0]
            for label in DENSE_ACTIVATIONS for epoch in dense.epochs}


def dense_clips(dense):
    """The clips 03 publishes: the piano (left channel), its expected output, and both nets
    of the first seed at the early and the final epoch.

    Returns
    -------
    clips : dict of str -> np.ndarray
    what : dict of str -> str
        Descriptions for the listening page.
    """
    piece = dense.corpus.split("test")[0]
    paper = dict(zip(dense.epochs, PAPER_DENSE_EPOCHS))
    clips = {"test input (piano)": piece.input, "expected output (lowpass)": piece.target,
             **_dense_net_clips(dense)}
    what = {"test input (piano)": "the Brahms piano, left channel: the test 000 used",
            "expected output (lowpass)": dense.corpus.effect}
    what.update({f"{label} net, epoch {epoch}": f"seed {dense.seeds[0]}; 000 listened at epoch "
                 f"{paper[epoch]}" for label in DENSE_ACTIVATIONS for epoch in dense.epochs})
    return clips, what


def dense_extra_clips(dense):
    """Clips shown inline only: a training sweep in and out, and the FIR on the piano."""
    train = dense.corpus.split("train")[0]
    return {"training input (sweep)": train.input, "training output (lowpass)": train.target,
            f"least-squares FIR ({dense.fir.taps} taps)": dense.fir.test_outputs[0]}


def conv_published_epochs(conv):
    """The snapshots whose audio is published: those 000 published audio at, and the last."""
    return [e for e in sorted(conv.cfg.snapshots)
            if e in PAPER_CONV_AUDIO_EPOCHS or e == conv.final]


def conv_clips(conv):
    """The piano in and expected, and the first seed's conv net at the published snapshots.

    Returns
    -------
    clips, what : dict of str -> np.ndarray, dict of str -> str
    """
    piece, seed = conv.corpus.split("test")[0], conv.seeds[0]
    clips = {"test input (piano)": piece.input, "expected output (lowpass)": piece.target}
    clips.update({f"conv net, epoch {e}": conv.outputs[e, seed][0]
                  for e in conv_published_epochs(conv)})
    what = {f"conv net, epoch {e}": f"seed {seed}, back-to-back {conv.cfg.test_block_seconds:g} s "
            "blocks as 000 tested" for e in conv_published_epochs(conv)}
    return clips, what


def ablation_clips(ablations, conv):
    """The first seed's ablations on the piano (published) and the baseline after as many
    epochs (``inline``: already published when that epoch is a published snapshot).

    Returns
    -------
    clips, what, inline : dict, dict, dict
    """
    seed = conv.seeds[0]
    clips = {name: ablations.outputs[name, seed][0] for name in ABLATIONS}
    what = {name: f"seed {seed}, after {_plural(ablations.epochs, 'epoch')}" for name in ABLATIONS}
    inline = {f"unmodified baseline, epoch {ablations.epochs}":
              conv.outputs[ablations.epochs, seed][0]}
    return clips, what, inline


def tick_clips(tick):
    """The first seed's blocks and overlap-add outputs (published) and the whole track.

    Returns
    -------
    clips, what, inline : dict, dict, dict
    """
    out = tick.outputs[next(iter(tick.outputs))]
    block = f"{tick.block / tick.sample_rate:g} s blocks"
    clips = {f"{block} (000's test batching)": out["blocks"], "overlap-add": out["overlap-add"]}
    what = {f"{block} (000's test batching)": "each block processed on its own, zero-padded: "
                                              "listen for the tick at every edge",
            "overlap-add": "overlapping windows, Hann taper, hop 1/8 block: the fix 000 proposed"}
    return clips, what, {"whole track (reference)": out["whole"]}


def pedal_clips(pedal):
    """Guitar in, through the pedal chain, and the best net (published); the others inline.

    Returns
    -------
    clips, what, inline : dict, dict, dict
    """
    piece, best = pedal.corpus.split("test")[0], pedal.best_net()
    clips = {"guitar (unseen take)": piece.input, "through the pedal chain": piece.target,
             best: pedal.outputs[best][0]}
    what = {"through the pedal chain": pedal.corpus.effect,
            best: f"the net with the lowest test ESR, after {_plural(pedal.epochs, 'epoch')}"}
    inline = {m: pedal.outputs[m][0] for m in pedal.rows if m != best}
    return clips, what, inline


# ------------------------------------------------------------------ claims record

def white_noise_flatness(n_samples, *, sample_rate, seed=3):
    """Spectral flatness of white noise of ``n_samples``: the reference "white noise" is
    judged against (C0.1a, C0.4)."""
    from dsp_paper.metrics import spectral_flatness

    return spectral_flatness(signals.noise("white", seconds=n_samples / sample_rate,
                                           sample_rate=sample_rate, seed=seed))


def dense_record(dense):
    """The results record 03's claims are judged on (:func:`dsp_paper.study.claims.judge`).

    Parameters
    ----------
    dense : DenseExperiment

    Returns
    -------
    dict
        ``seeds``, ``white_noise_flatness``, ``linear_early_flatness`` and
        ``<label>_<early|final>_test_esr`` (one value per seed).
    """
    from dsp_paper.metrics import spectral_flatness

    early, final = dense.epochs
    seeds = dense.seeds
    first_test = dense.outputs["linear", early, seeds[0]][0]
    record = {"seeds": list(seeds),
              "white_noise_flatness": white_noise_flatness(first_test.size,
                                                           sample_rate=dense.sample_rate),
              "linear_early_flatness": [spectral_flatness(dense.outputs["linear", early, s][0])
                                        for s in seeds]}
    for label in DENSE_ACTIVATIONS:
        for name, epoch in (("early", early), ("final", final)):
            record[f"{label}_{name}_test_esr"] = [dense.rows[label, epoch, s]["test esr"]
                                                  for s in seeds]
    return record


def _first_epochs(log, epochs):
    """The first ``epochs`` of a training log (the tied baseline over the ablations' span)."""
    from dsp_paper.nn.training import TrainingLog

    return TrainingLog(epoch=log.epoch[:epochs], loss=log.loss[:epochs],
                       val_loss=log.val_loss[:epochs], seconds=log.seconds[:epochs])


def conv_record(*, dense, conv, ablations, tick):
    """The results record 04's claims are judged on.

    Parameters
    ----------
    dense : DenseExperiment
        03's nets (their final epoch is used).
    conv : ConvExperiment
    ablations : AblationExperiment
    tick : TickExperiment

    Returns
    -------
    dict
        One value per seed for every quantity the rules of C0.3a-C0.7b name.
    """
    from dsp_paper.metrics import spectral_flatness

    usable = {c.id: c for c in CLAIMS}["C0.3c"].settings["usable_val_esr"]
    seeds, cfg = conv.seeds, conv.cfg
    final, first = conv.final, conv.first
    dense_final = {(label, s): dense.rows[label, dense.cfg.epochs, s]
                   for label in DENSE_ACTIVATIONS for s in seeds}
    best_dense = {s: min(dense_final[l, s]["test esr"] for l in DENSE_ACTIVATIONS) for s in seeds}
    best_dense_mse = {s: min(dense_final[l, s]["test mse"] for l in DENSE_ACTIVATIONS)
                      for s in seeds}
    dense_power, conv_power = validation_power(dense.data), validation_power(conv.data)
    dense_seconds = {s: min(first_reaching(dense.runs[l, s].log, usable * dense_power)[1]
                            for l in DENSE_ACTIVATIONS) for s in seeds}
    no_hidden = {s: ablations.outputs["no hidden layer", s][0] for s in seeds}
    per = lambda f: [f(s) for s in seeds]
    rows = conv.rows
    record = {
        "seeds": list(seeds),
        "conv_initial_test_esr": per(lambda s: rows[0, s]["test esr"]),
        "conv_first_test_esr": per(lambda s: rows[first, s]["test esr"]),
        "conv_final_test_esr": per(lambda s: rows[final, s]["test esr"]),
        "dense_best_final_test_esr": per(best_dense.get),
        "conv_seconds_to_usable": per(lambda s: first_reaching(conv.runs[s].log,
                                                               usable * conv_power)[1]),
        "dense_seconds_to_usable": per(dense_seconds.get),
        "no_hidden_test_esr": per(lambda s: ablations.rows["no hidden layer", s]["test esr"]),
        "baseline_test_esr": per(lambda s: rows[cfg.ablation_epochs, s]["test esr"]),
        "no_hidden_flatness": per(lambda s: spectral_flatness(no_hidden[s])),
        "white_noise_flatness": white_noise_flatness(no_hidden[seeds[0]].size,
                                                     sample_rate=conv.sample_rate),
        "untied_epochs_to_usable": per(lambda s: first_reaching(
            ablations.runs["untied filters", s].log, usable * conv_power)[0]),
        "tied_epochs_to_usable": per(lambda s: first_reaching(
            _first_epochs(conv.runs[s].log, cfg.ablation_epochs), usable * conv_power)[0]),
        "conv_train_mse": per(lambda s: rows[final, s]["train mse"]),
        "conv_test_mse": per(lambda s: rows[final, s]["test mse"]),
        "dense_over_conv_test_mse": per(lambda s: best_dense_mse[s] / rows[final, s]["test mse"]),
    }
    for label in DENSE_ACTIVATIONS:
        record[f"{label}_train_mse"] = per(lambda s: dense_final[label, s]["train mse"])
        record[f"{label}_test_mse"] = per(lambda s: dense_final[label, s]["test mse"])
    for key in ("blocks_edge_error_db", "overlap_add_edge_excess_db", "edge_error_drop_db"):
        record[key] = per(lambda s: tick.levels[s][key])
    return record


def _scores(row):
    return dict(train_mse=row["train mse"], test_mse=row["test mse"], test_esr=row["test esr"],
                test_esr_pre=row["test esr pre-emph"], test_lsd=row["test lsd dB"],
                test_mos_lqo=row.get("test MOS-LQO"), train_nmse=row["train nmse"], val_nmse=row["val nmse"],
                test_nmse=row["test nmse"])


def dense_results(dense, record):
    """03's ``results.json``: every net's scores per epoch and seed, the FIR's, the seconds
    each training took, and the claims record."""
    results = {f"{label}_{epoch}_seed{seed}": _scores(row)
               for (label, epoch, seed), row in dense.rows.items()}
    results["fir"] = _scores(dense.fir.row)
    results["seconds"] = {f"{label}_seed{seed}": run.log.seconds[-1]
                          for (label, seed), run in dense.runs.items()}
    results["record"] = record
    return results


def conv_results(conv, *, ablations, tick, pedal, stereo, record):
    """04's ``results.json``: the conv net's scores per snapshot and seed, the FIR's, the
    ablations', the pedal extension's, the stereo net's, the tick levels, seconds, weights
    and the claims record."""
    return {"conv": {f"{e}_seed{s}": _scores(r) for (e, s), r in conv.rows.items()},
            "fir": _scores(conv.fir.row),
            "ablations": {f"{k}_seed{s}": _scores(r) for (k, s), r in ablations.rows.items()},
            "pedal": {k: _scores(r) for k, r in pedal.rows.items()},
            "stereo": {k: {c: float(v) for c, v in r.items()} for k, r in stereo.rows.items()},
            "tick": {str(s): t for s, t in tick.levels.items()},
            "seconds": {str(s): r.log.seconds[-1] for s, r in conv.runs.items()},
            "weights": conv.runs[conv.seeds[0]].model.count_params(), "record": record}


# ------------------------------------------------------------------ what differs, what it means

def _material_line(cfg_corpus, corpus):
    piano = (f"first {cfg_corpus.piano_seconds:g} s" if cfg_corpus.piano_seconds
             else "the whole piece")
    return (f"{sweep_material(cfg_corpus)}, through the {corpus.effect}; test: the Brahms "
            f"piano ({piano}), a rendered MIDI")


def _optimiser_line(cfg):
    return f"Adam, learning rate {cfg.learning_rate:g}, batch {cfg.batch_size}, MSE loss"


def _windows_line(data, cfg, *, what):
    return (f"{len(data[0]):,} {what} windows of {cfg.window} (every sample used "
            f"{cfg.sample_uses} times), reshuffled every epoch")


def dense_differences(dense):
    """What differs from 000 in 03: rows ``(aspect, 000, this run)``.

    Returns
    -------
    list of (str, str, str)
        Material, sample rate, window and hidden sizes, epochs, optimiser, training windows,
        seeds, test batching.
    """
    cfg, corpus_cfg = dense.cfg, scale_config("lowpass_000", dense.cfg.scale)
    return [
        ("material", PAPER_SETUP["material"], _material_line(corpus_cfg, dense.corpus)),
        ("sample rate", PAPER_SETUP["sample rate"], f"{dense.sample_rate} Hz"),
        ("window", "not stated", f"{cfg.window} samples "
                                 f"({1000 * cfg.window / dense.sample_rate:.1f} ms)"),
        ("hidden layer", f"{PAPER_DENSE_HIDDEN}", f"{cfg.hidden}"),
        ("epochs", " and ".join(map(str, PAPER_DENSE_EPOCHS)),
         " and ".join(map(str, dense.epochs))),
        ("optimiser", PAPER_SETUP["optimiser"], _optimiser_line(cfg)),
        ("training windows", PAPER_SETUP["training windows"],
         _windows_line(dense.data, cfg, what="training")),
        ("seeds", PAPER_SETUP["seeds"], ", ".join(map(str, dense.seeds))),
        ("test batching", "back-to-back windows",
         f"back-to-back windows of {cfg.window}"),
    ]


def conv_differences(conv, *, pedal, stereo):
    """What differs from 000 (and 001) in 04: rows ``(aspect, document, this run)``.

    Parameters
    ----------
    conv : ConvExperiment
    pedal : PedalExperiment
    stereo : doc001_stereo.StereoExperiment

    Returns
    -------
    list of (str, str, str)
    """
    from dsp_paper.studies.conv_tied.stereo import PAPER_STEREO_SETUP

    cfg, corpus_cfg = conv.cfg, scale_config("lowpass_000", conv.cfg.scale)
    return [
        ("material", PAPER_SETUP["material"], _material_line(corpus_cfg, conv.corpus)),
        ("sample rate", PAPER_SETUP["sample rate"], f"{conv.sample_rate} Hz"),
        ("filters", PAPER_SETUP["conv sizes"],
         f"{cfg.filters} filters of {cfg.kernel_size} samples "
         f"({1000 * cfg.kernel_size / conv.sample_rate:.1f} ms), stride {cfg.strides}"),
        ("hidden layer", f"{PAPER_CONV_HIDDEN}", f"{cfg.hidden}"),
        ("window", "not stated", f"{cfg.window} samples for training, {cfg.window // 2} for "
                                 "validation"),
        ("epochs", f"table at {min(PAPER_CONV_ROWS)}-{max(PAPER_CONV_ROWS)}, audio at "
                   f"{', '.join(map(str, PAPER_CONV_AUDIO_EPOCHS))}",
         f"snapshots at {', '.join(map(str, sorted(cfg.snapshots)))}"),
        ("ablation epochs", "not stated", f"{cfg.ablation_epochs}"),
        ("optimiser", PAPER_SETUP["optimiser"], _optimiser_line(cfg)),
        ("training windows", PAPER_SETUP["training windows"],
         _windows_line(conv.data, cfg, what="training")),
        ("seeds", PAPER_SETUP["seeds"], ", ".join(map(str, conv.seeds))),
        ("test blocks", f"{PAPER_TEST_BLOCK_SECONDS:g} s", f"{cfg.test_block_seconds:g} s"),
        ("pedal effect", "named, not evaluated",
         f"{pedal.corpus.effect}; {pedal.epochs} epochs, one seed"),
        ("stereo (001)", PAPER_STEREO_SETUP["layout"],
         f"{stereo.describe_setup()}; {stereo.epochs} epochs, one seed"),
    ]


def _verdict(claims, claim_id):
    return claims.loc[claim_id, "verdict"] if claim_id in claims.index else "not judged"


def _claim_line(claims, claim_id, text):
    return f"- **{claim_id}** ({_verdict(claims, claim_id)}): {text}"


def _g(x):
    return "never" if np.isinf(x) else f"{x:.3g}"


def _mean(record, key):
    return float(np.mean(record[key]))


def _scale_note(claims, scale):
    undecided = [i for i in claims.index if scale not in claims.loc[i, "decides at"]]
    if len(undecided) == len(claims.index):
        return (f"At the {scale} scale no rule can decide: the verdicts say so, and the "
                "numbers below show only that everything runs end to end.\n\n")
    return ""


# "Better" needs at least 10 % less error energy, the margin C0.2's rule calls better.
_BETTER = 0.9


def _verdict_summary(claims):
    """One sentence per verdict: which sub-claims got it."""
    groups = claims.groupby("verdict").groups
    return " ".join(f"{verdict.capitalize()}: {', '.join(ids)}."
                    for verdict, ids in sorted(groups.items()))


def _tally(claims):
    counts = claims["verdict"].value_counts()
    return ", ".join(f"{n} {v}" for v, n in counts.items())


def dense_what_it_means(dense, claims, record):
    """The closing Markdown of 03, written from the run's numbers and verdicts.

    Parameters
    ----------
    dense : DenseExperiment
    claims : pandas.DataFrame
        :func:`dsp_paper.study.claims.judge_notebook` of ``record``.
    record : dict
        :func:`dense_record`.

    Returns
    -------
    str
    """
    early, final = dense.epochs
    fir_esr = dense.fir.row["test esr"]
    lin = _mean(record, "linear_final_test_esr")
    non = _mean(record, "nonlinear_final_test_esr")
    flat, noise = _mean(record, "linear_early_flatness"), record["white_noise_flatness"]
    failed = lin > FAILED_ESR
    paper_val = {l: paper_nmse(PAPER_DENSE_ROWS[l])["val nmse"] for l in DENSE_ACTIVATIONS}
    ours_val = {l: dense.mean(l, final, "val nmse") for l in DENSE_ACTIVATIONS}
    ours_std = float(np.sqrt(dense.variances["val"]))
    paper_std = _seed_mean(r["reference"] for r in PAPER_DENSE_ROWS.values())
    lines = [
        "## What it means", "",
        _scale_note(claims, dense.cfg.scale) +
        f"Claims judged: {_tally(claims)} ({_plural(len(dense.seeds), 'seed')}).", "",
        _claim_line(claims, "C0.1a",
                    f"after {_plural(early, 'epoch')} (000: {PAPER_DENSE_EPOCHS[0]}) the linear "
                    f"net's output on the piano has a spectral flatness of {flat:.3g}, white "
                    f"noise {noise:.3g}: it is "
                    f"{'noise-like' if flat >= 0.5 * noise else 'tonal, not noise'}."),
        _claim_line(claims, "C0.1b",
                    f"after {_plural(final, 'epoch')} (000: {PAPER_DENSE_EPOCHS[1]}) its test "
                    f"ESR is {lin:.3g}, {'above' if failed else 'below'} the failure line of "
                    f"{FAILED_ESR:g}: the piano is {'lost' if failed else 'kept'}."),
        _claim_line(claims, "C0.2",
                    f"test ESR of the nonlinear net {non:.3g} against the linear net's {lin:.3g} "
                    f"at the end, {_mean(record, 'nonlinear_early_test_esr'):.3g} against "
                    f"{_mean(record, 'linear_early_test_esr'):.3g} after "
                    f"{_plural(early, 'epoch')}."),
        "",
        f"**Levels.** The validation target's standard deviation is {ours_std:.3g} here and "
        f"{paper_std:.3g} in 000 (its reference), so raw MSEs do not compare: relative "
        f"to the target's variance, 000's linear net left {paper_val['linear']:.3g} of the "
        f"validation sweeps' variance as error and its nonlinear net "
        f"{paper_val['nonlinear']:.3g}; ours leave {ours_val['linear']:.3g} and "
        f"{ours_val['nonlinear']:.3g}.", "",
        f"**The floor.** The least-squares FIR of {dense.fir.taps} taps reaches a test ESR of "
        f"{fir_esr:.3g}; the better dense net's error is {min(lin, non) / fir_esr:.3g} times "
        f"that, and its log-spectral distance on the piano "
        f"{dense.mean(dense.best_label(), final, 'test lsd dB'):.3g} dB against the FIR's "
        f"{dense.fir.row['test lsd dB']:.3g} dB.", "",
    ]
    if failed:
        lines.append("Our linear net failed on the piano as 000's did, even though a window-to-"
                     "window linear map can represent the lowpass: within these epochs training "
                     "did not find it.")
    elif lin < OK_ESR:
        lines.append("Our linear net did not fail the way 000's did: a window-to-window linear "
                     "map can represent the lowpass (all but the first samples of each window), "
                     f"and Adam finds a usable one within {_plural(final, 'epoch')} (test ESR "
                     f"below {OK_ESR:g}); 000's failure points to its training, not to the "
                     "architecture.")
    else:
        lines.append("Our linear net neither failed nor became usable: its test ESR lies between "
                     f"the failure line of {FAILED_ESR:g} and the usable level of {OK_ESR:g} "
                     f"after {_plural(final, 'epoch')}, so more training decides.")
    lines += ["", _verdict_summary(claims)]
    return "\n".join(lines)


def conv_what_it_means(conv, claims, record, *, ablations, tick, pedal, stereo):
    """The closing Markdown of 04, written from the run's numbers and verdicts.

    Parameters
    ----------
    conv : ConvExperiment
    claims : pandas.DataFrame
        :func:`dsp_paper.study.claims.judge_notebook` of ``record``.
    record : dict
        :func:`conv_record`.
    ablations, tick, pedal, stereo
        The other experiments of 04.

    Returns
    -------
    str
    """
    m = lambda key: _mean(record, key)
    final, first = conv.final, conv.first
    works = m("conv_final_test_esr") < OK_ESR
    best = pedal.best_net()
    best_esr, fir_esr = pedal.rows[best]["test esr"], pedal.rows[pedal.fir_name()]["test esr"]
    lines = [
        "## What it means", "",
        _scale_note(claims, conv.cfg.scale) +
        f"Claims judged: {_tally(claims)} ({_plural(len(conv.seeds), 'seed')}).", "",
        _claim_line(claims, "C0.3a",
                    f"the conv net's test ESR after {_plural(final, 'epoch')} is "
                    f"{m('conv_final_test_esr'):.3g} ({'below' if works else 'above'} the "
                    f"proper-audio line of {OK_ESR:g}); the better dense net's "
                    f"{m('dense_best_final_test_esr'):.3g} (failure line {FAILED_ESR:g})."),
        _claim_line(claims, "C0.3b",
                    f"test ESR {m('conv_initial_test_esr'):.3g} before training, "
                    f"{m('conv_first_test_esr'):.3g} at epoch {first}"
                    + ("" if first == final else
                       f", {m('conv_final_test_esr'):.3g} at epoch {final}") + "."),
        _claim_line(claims, "C0.3c",
                    f"seconds until the validation ESR first reached {OK_ESR:g}: conv net "
                    f"{_g(m('conv_seconds_to_usable'))}, faster dense net "
                    f"{_g(m('dense_seconds_to_usable'))} (000: almost "
                    f"{PAPER_LINEAR_TRAINING_HOURS} hours for its linear net)."),
        _claim_line(claims, "C0.4",
                    f"after {_plural(ablations.epochs, 'epoch')} the net without its hidden "
                    f"layer has test ESR {m('no_hidden_test_esr'):.3g} against the baseline's "
                    f"{m('baseline_test_esr'):.3g}, and spectral flatness "
                    f"{m('no_hidden_flatness'):.3g} against white noise's "
                    f"{record['white_noise_flatness']:.3g}."),
        _claim_line(claims, "C0.5",
                    f"epochs to a validation ESR of {OK_ESR:g}: untied "
                    f"{_g(m('untied_epochs_to_usable'))}, tied {_g(m('tied_epochs_to_usable'))}."),
        _claim_line(claims, "C0.6a",
                    f"test against training MSE: linear {m('linear_test_mse'):.3g} vs "
                    f"{m('linear_train_mse'):.3g}, nonlinear {m('nonlinear_test_mse'):.3g} vs "
                    f"{m('nonlinear_train_mse'):.3g}, conv {m('conv_test_mse'):.3g} vs "
                    f"{m('conv_train_mse'):.3g}. The piano's target variance is "
                    f"{conv.variances['test']:.3g}, the training sweeps' "
                    f"{conv.variances['train']:.3g}; relative to its own target's variance "
                    f"the conv net's test error is {conv.mean(final, 'test nmse'):.3g}, its "
                    f"training error {conv.mean(final, 'train nmse'):.3g}."),
        _claim_line(claims, "C0.6b",
                    f"the better dense net's test MSE is {m('dense_over_conv_test_mse'):.3g} "
                    "times the conv net's."),
        _claim_line(claims, "C0.7a",
                    f"in back-to-back {conv.cfg.test_block_seconds:g} s blocks the error near "
                    f"the edges is at {m('blocks_edge_error_db'):.3g} dB relative to the music "
                    "there."),
        _claim_line(claims, "C0.7b",
                    f"overlap-added, the error at the edges minus the error between them is "
                    f"{m('overlap_add_edge_excess_db'):.3g} dB, and the blocks' edge error minus "
                    f"the overlap-add's {m('edge_error_drop_db'):.3g} dB."),
        "",
        f"**Extension, pedal chain** (one seed, {_plural(pedal.epochs, 'epoch')}): the best "
        f"net ({best}) has test ESR {best_esr:.3g}, the least-squares FIR {fir_esr:.3g}: "
        + ("the net captures more of the nonlinear effect than a linear filter can."
           if best_esr < _BETTER * fir_esr else
           "no net does clearly better than the linear filter, so none has learned much of "
           "the drive's nonlinearity."),
        "",
        f"**001's stereo layout** (one seed, {_plural(stereo.epochs, 'epoch')}): test ESR "
        + ", ".join(f"{k.removeprefix('test_')} {r['esr']:.3g}" for k, r in stereo.rows.items())
        + "; two channels in and out train and run end to end.",
        "", _verdict_summary(claims),
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------ claims

CLAIMS = [
    # ---------------------------------------------------------------- 000, notebook 03
    SubClaim(
        "C0.1a", "000", "03_dense_baselines",
        quote="Predicted Output of Linear Network @ 20 epochs ... Strangely it's just white "
              "noise; maybe we just need to train it more.",
        claim="After 20 epochs the linear net (hidden 1000) outputs white noise.",
        measured="spectral flatness of the linear net's output on the test piano after 20 "
                 "epochs (linear_early_flatness, each seed) against that of white noise of the "
                 "same length (white_noise_flatness)",
        rule=Compare("linear_early_flatness", ">=", "white_noise_flatness", factor=0.5),
        decides_at=("quick", "paper"),
        why=("White noise has a flat spectrum (flatness about 0.56 for Gaussian noise) and a "
             "piano a peaked one (near 0); an output at least half as flat as white noise is "
             "noise-like rather than tonal.",)),
    SubClaim(
        "C0.1b", "000", "03_dense_baselines",
        quote="Predicted Output of Linear Network @ 4000 epochs ... it only really sounds like "
              "the training data; nothing from the testing data is really retained at all.",
        claim="Trained to the end, the linear net keeps nothing of the test piano.",
        measured="test ESR on the piano of the linear net at the run's last epoch "
                 "(linear_final_test_esr; 4000 epochs in 000, fewer at quick: a linear net "
                 "trained on MSE only moves towards the least-squares filter, which keeps the "
                 "piano, so more epochs would not lose it)",
        rule=Compare("linear_final_test_esr", ">", FAILED_ESR),
        decides_at=("quick", "paper"),
        why=("An ESR above 0.3 is what Neural Amp Modeler labels 'something went wrong': the "
             "error carries nearly a third of the target's energy, so the output is mostly "
             "something else.",)),
    SubClaim(
        "C0.2", "000", "03_dense_baselines",
        quote="[nonlinear @ 20 epochs] It's somehow worse than the linear one ... [@ 4000 "
              "epochs] It still sounds just about the same ... The numbers tell a very "
              "similar story as the audio.",
        claim="The nonlinear net is no better than the linear one, at 20 epochs or at the end.",
        measured="test ESR on the piano of the nonlinear (tanh) and the linear net after 20 "
                 "epochs (nonlinear_early_test_esr, linear_early_test_esr) and at the last "
                 "epoch (..._final_test_esr), each seed",
        rule=All(Compare("nonlinear_early_test_esr", ">=", "linear_early_test_esr", factor=0.9),
                 Compare("nonlinear_final_test_esr", ">=", "linear_final_test_esr", factor=0.9)),
        decides_at=("quick", "paper"),
        why=("'Better' needs at least 10 % less error energy (0.46 dB): a smaller gap is "
             "below what a listener or 000's four-digit table would call better.",)),
    # ---------------------------------------------------------------- 000, notebook 04
    SubClaim(
        "C0.3a", "000", "04_conv_tied",
        quote="First of all, this is the first time we have actually had the audio be properly "
              "output of the network, so we're off to a good start.",
        claim="The tied conv net is the first of 000's nets to output proper audio: the dense "
              "nets did not.",
        measured="test ESR on the piano at the last epoch of the tied conv net "
                 "(conv_final_test_esr) and of the better of 03's two dense nets "
                 "(dense_best_final_test_esr), each seed",
        rule=All(Compare("conv_final_test_esr", "<", OK_ESR, label="the conv net outputs proper audio"),
                 Compare("dense_best_final_test_esr", ">", FAILED_ESR,
                         label="the dense nets did not")),
        decides_at=("quick", "paper"),
        why=("Proper audio: ESR below 0.1, Neural Amp Modeler's 'might sound ok'.",
             "Failed: ESR above 0.3, its 'something went wrong'.")),
    SubClaim(
        "C0.3b", "000", "04_conv_tied",
        quote="it's clear that the effect is not only being emulated, the network is actually "
              "doing a fairly good job at it as the number of epochs increase.",
        claim="The conv net emulates the lowpass, and improves with epochs.",
        measured="test ESR on the piano of the tied conv net before training "
                 "(conv_initial_test_esr), at its first snapshot after training starts "
                 "(conv_first_test_esr: epoch 5, as in 000's table) and at the last epoch "
                 "(conv_final_test_esr), each seed",
        rule=All(Compare("conv_final_test_esr", "<", OK_ESR, label="it emulates the lowpass"),
                 Compare("conv_final_test_esr", "<", "conv_first_test_esr",
                         label="it improves after the first epochs"),
                 Compare("conv_first_test_esr", "<", "conv_initial_test_esr",
                         label="training helps at all")),
        decides_at=("quick", "paper"),
        why=("Emulates: ESR below 0.1, Neural Amp Modeler's 'might sound ok'; improving is "
             "judged by the seeds' spread, with no margin of its own.",)),
    SubClaim(
        "C0.3c", "000", "04_conv_tied",
        quote="Where the previous networks needed 1000 inner nodes, this network only needs 50. "
              "This drastically cuts back on the time needed to train the network.",
        claim="With a hidden layer of 50 instead of 1000, the conv net reaches a usable result "
              "in much less training time than the dense nets.",
        measured="training seconds until the validation ESR (the held-out sweeps) first falls "
                 "to usable_val_esr, for the tied conv net (conv_seconds_to_usable) and the "
                 "faster of 03's dense nets (dense_seconds_to_usable), each seed on this "
                 "machine; a net that never gets there within its epochs counts as infinitely "
                 "slow",
        rule=Compare("conv_seconds_to_usable", "<", "dense_seconds_to_usable", factor=0.5),
        settings={"usable_val_esr": OK_ESR},
        decides_at=("quick", "paper"),
        why=("Usable: a validation ESR of 0.1, Neural Amp Modeler's 'might sound ok' and "
             "C0.3a's proper audio; the validation windows are zero-padded at their edges, "
             "which keeps their ESR above about 0.02 whatever the net, so a stricter level "
             "could never be reached.",
             "'Drastically' cuts the time: at most half.")),
    SubClaim(
        "C0.4", "000", "04_conv_tied",
        quote="Although the network still seems to understand the audio format, as proven by "
              "the fact that it's not outputing white noise like the previous examples, it is "
              "significantly worse at applying the filter's effect to it.",
        claim="Without the hidden layer the conv net still outputs audio, not noise, but applies "
              "the lowpass much worse.",
        measured="after the ablation's epochs, test ESR on the piano of the conv net without "
                 "its hidden layer (no_hidden_test_esr) and of the baseline at the same epoch "
                 "(baseline_test_esr); spectral flatness of the ablation's output "
                 "(no_hidden_flatness) against white noise's (white_noise_flatness), each seed",
        rule=All(Compare("no_hidden_test_esr", ">", "baseline_test_esr", factor=2,
                         label="it applies the effect much worse"),
                 Compare("no_hidden_flatness", "<", "white_noise_flatness", factor=0.5,
                         label="it is not white noise")),
        decides_at=("quick", "paper"),
        why=("'Significantly worse': at least twice the error energy (3 dB).",
             "Not white noise: less than half as flat as white noise, the same line as C0.1a.")),
    SubClaim(
        "C0.5", "000", "04_conv_tied",
        quote="when the network was set up with different filters it seems significantly more "
              "resistant to training ... This fighting between variables can dramatically "
              "increase the time needed to train the network.",
        claim="With untied filters the conv net trains markedly slower than with tied ones.",
        measured="epochs until the validation ESR first falls to usable_val_esr, for the untied "
                 "ablation (untied_epochs_to_usable) and the tied baseline "
                 "(tied_epochs_to_usable), each seed; not reached within the ablation's epochs "
                 "counts as infinitely slow",
        rule=Compare("untied_epochs_to_usable", ">=", "tied_epochs_to_usable", factor=1.5),
        settings={"usable_val_esr": OK_ESR},
        decides_at=("quick", "paper"),
        why=("Usable: a validation ESR of 0.1, as in C0.3c.",
             "'Markedly slower': half as many epochs again.")),
    SubClaim(
        "C0.6a", "000", "04_conv_tied",
        quote="Surprisingly, the training and validation MSE's are higher than the testing ones. "
              "... the testing error is quite significantly lower than the training error.",
        claim="Test MSE is lower than training MSE for every network.",
        measured="MSE on the training sweeps and on the test piano at the last epoch of the "
                 "linear, the nonlinear and the conv net, each seed",
        rule=All(Compare("linear_test_mse", "<", "linear_train_mse"),
                 Compare("nonlinear_test_mse", "<", "nonlinear_train_mse"),
                 Compare("conv_test_mse", "<", "conv_train_mse")),
        decides_at=("quick", "paper"),
        why=("No margin: the claim is an inequality, decided by the seeds' spread alone.",)),
    SubClaim(
        "C0.6b", "000", "04_conv_tied",
        quote="given that the output of the first two networks were completely incorrect and "
              "the convolutional network was correct, you would expect a drastic decrease in "
              "error on that output. Yet the difference is actually pretty small.",
        claim="Between the failed dense nets and the working conv net the MSE gap is small: MSE "
              "is a poor judge of quality.",
        measured="test ESR on the piano of the better dense net (dense_best_final_test_esr) and "
                 "of the conv net (conv_final_test_esr), and the ratio of their test MSEs "
                 "(dense_over_conv_test_mse), each seed at the last epoch",
        rule=All(Compare("dense_best_final_test_esr", ">", FAILED_ESR,
                         label="premise: the dense nets failed"),
                 Compare("conv_final_test_esr", "<", OK_ESR, label="premise: the conv net works"),
                 Compare("dense_over_conv_test_mse", "<", 20.0, label="the MSE gap is small")),
        decides_at=("quick", "paper"),
        why=("Failed and working as in C0.3a (ESR above 0.3; below 0.1); if the dense nets do "
             "not fail, the premise does not arise and the claim is not supported here.",
             "Small: below 20x, since 000 called its own gap of 13x (test MSE 0.00119 against "
             "9.09e-5) 'pretty small'.")),
    SubClaim(
        "C0.7a", "000", "04_conv_tied",
        quote="the generated testing outputs will all have a slight 'tick' to them around every "
              "half a second ... the padding on the convolution resetting the audio data to 0.0 "
              "at the edges of the batches",
        claim="Processing the test in back-to-back zero-padded half-second blocks makes an "
              "audible tick at every block edge.",
        measured="level of the error of the block-processed output against the whole-track "
                 "output within one filter length of each block edge, relative to the "
                 "whole-track output's level there (blocks_edge_error_db, dB), each seed",
        rule=Compare("blocks_edge_error_db", ">", -30.0),
        decides_at=("quick", "paper"),
        why=("A broadband transient within 30 dB of the music around it escapes masking and is "
             "heard as a click; 000 itself calls its tick 'slight': audible, not loud.",)),
    SubClaim(
        "C0.7b", "000", "04_conv_tied",
        quote="Given time, I could have written one that used a sliding window system similar "
              "to the training data and eliminated this noise.",
        claim="Overlapping windows, overlap-added, remove the tick.",
        measured="for the piano processed in overlapping half-second windows (hop 1/8 block, "
                 "Hann taper) and overlap-added: how far its error level near the block edges "
                 "exceeds its error level elsewhere (overlap_add_edge_excess_db, dB), and how "
                 "far its edge error level lies below the block-processed output's "
                 "(edge_error_drop_db, dB), each seed",
        rule=All(Compare("overlap_add_edge_excess_db", "<=", 3.0,
                         label="the edges no longer stand out"),
                 Compare("edge_error_drop_db", ">=", 20.0, label="the edge error falls")),
        decides_at=("quick", "paper"),
        why=("No longer standing out: the error at the edges within 3 dB (twice the energy) of "
             "the error between them, so nothing marks the edges.",
             "Falls: 20 dB, a tenth of the amplitude, the difference between a click and an "
             "even background.")),
    # ---------------------------------------------------------------- 000, notebook 07
    SubClaim(
        "C0.6c", "000", "07_mse_critique",
        quote="I believe it's possible to have value which provides something very close to the "
              "correct audio but also provides a larger error than some value which will cause "
              "the audio to fall apart.",
        claim="Among 000's trained nets, MSE prefers one output that a spectral measure clearly "
              "judges worse.",
        measured="every pair of outputs of 03's and 04's nets on the test piano (dense linear "
                 "and nonlinear at epoch 20 and at the end, conv at epoch 20 and at the end): "
                 "pairs that MSE and the band-limited log-spectral distance order oppositely, "
                 "each by at least the margin in settings (decisive_disputes, a count per seed)",
        rule=Compare("decisive_disputes", ">=", 1.0),
        settings={"mse_margin_db": 1.0, "lsd_margin_db": 1.0, "floor_db": -60.0,
                  "band_hz": (20.0, 20000.0)},
        decides_at=("quick", "paper"),
        why=("A preference counts only when each measure holds it by at least 1 dB (an MSE "
             "ratio of 1.26, a spectral distance 1 dB lower), about the smallest level "
             "difference a listener hears; smaller gaps are ties.",)),
    SubClaim(
        "C0.6d", "000", "07_mse_critique",
        quote="I believe it's possible to have value which provides something very close to the "
              "correct audio but also provides a larger error than some value which will cause "
              "the audio to fall apart.",
        claim="Among 000's trained nets, MSE prefers one output that a perceptual judge clearly "
              "hears as worse.",
        measured="the pairs of C0.6c (every pair of outputs of 03's and 04's nets on the test "
                 "piano) that MSE and ViSQOL v3's MOS-LQO (audio mode, at 48 kHz; an objective "
                 "model of listeners, not a listening test) order oppositely, MSE by at least "
                 "mse_margin_db, MOS-LQO by at least mos_margin (perceptual_disputes, a count "
                 "per seed)",
        rule=Compare("perceptual_disputes", ">=", 1.0),
        settings={"mse_margin_db": 1.0, "mos_margin": 0.5},
        decides_at=("quick", "paper"),
        why=("MSE's margin is C0.6c's 1 dB; half a point of MOS-LQO is half a category of the "
             "five-point opinion scale ViSQOL maps onto, the smallest gap counted as a "
             "preference; smaller gaps on either side are ties.",)),
]
