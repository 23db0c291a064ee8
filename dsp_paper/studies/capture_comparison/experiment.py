"""Notebook 08, an extension beyond the documents: the 2017 models of 03-05 beside the models
the field settled on since, on nonlinear effects, and one model with a drive knob.

000 named "a more complex effect made with some pedal effects" and never tested it; 04's
pedal extension found every 2017 model failing on it. Here the same guitar goes through three
nonlinear effects (the package's pedal chain, pedalboard's hard clipper and compressor), split
by time as :func:`dsp_paper.capture.capture` splits a recording (test last), and learned by:

* the 2017 models, as 03-05 train them at the scale that runs: 000's dense net (tanh hidden
  layer) and tied convolutional net on MSE over windows, overlap-added at test time (the fix
  04 measures), and 002's many-to-one LSTM (one window per output sample);
* today's capture models (:data:`dsp_paper.capture.RECIPES`): the causal dilated
  convolutional model ("wavenet", as Neural Amp Modeler and micro-TCN use it) and the
  recurrent model of Wright et al. (LSTM-32 with a linear skip), trained on segments with ESR
  on pre-emphasised audio plus DC, streamed through their compiled block kernels;
* the least-squares FIR of :func:`dsp_paper.capture.fir_baseline`, the linear floor.

Every model is scored on the same test part (ESR, ESR with pre-emphasis, the band-limited
log-spectral distance), counted, timed in training and timed running on one core. The knob:
one default capture model trained on the pedal chain at several drives, given the drive as a
second input, is judged at the drive of the main experiment, which it never saw, against the
models trained at that drive alone.

The notebook calls, in order: :func:`study_material`, :func:`fir_floors`, :func:`train_all`,
:func:`speed_rows`, :func:`comparison_table`, :func:`comparison_figure`, :func:`effect_clips`,
:func:`knob_experiment`, :func:`knob_table`, :func:`knob_figure`, :func:`record`,
:func:`differences`, :func:`what_it_means` and :func:`results`. Its claims (C8.*) are in
:data:`CLAIMS`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from dsp_paper import effects
from dsp_paper.errors import ParameterError
from dsp_paper.study.rules import FAILED_ESR, GREAT_ESR, OK_ESR, All, Compare, SubClaim
from dsp_paper.nn.runs import checkpoint_name
from dsp_paper.study.settings import Settings, by_scale
from dsp_paper.studies import scale_config

__all__ = [
    # settings and constants
    "CaptureStudySettings", "STUDY", "SETTINGS", "EFFECTS", "EFFECT_SETTINGS", "MODELS",
    "MODELS_2017", "MODELS_TODAY", "KNOB_RANGE_DB", "KNOB_UNSEEN_DB", "FIELD",
    # material and trainings
    "effect_wet", "effect_description", "drive_control", "study_material", "split_corpus",
    "fir_floors", "ModelRun", "fit_2017", "train_2017", "capture_today", "train_today",
    "train_all", "speed_rows", "KnobExperiment", "knob_takes", "capture_knob",
    "knob_experiment", "planned_work",
    # tables, figures, audio
    "comparison_table", "comparison_figure", "effect_clips", "knob_table", "knob_figure",
    "knob_clips",
    # claims, differences, text
    "record", "differences", "what_it_means", "results", "CLAIMS",
]

# ------------------------------------------------------------------ settings

# The three effects (a key each for the claims' quantities) and the five models.
EFFECTS = {"pedal chain": "pedal", "hard clipper": "clipper", "compressor": "compressor"}
MODELS_2017 = {"dense (000)": "dense", "tied conv (000)": "conv",
               "many-to-one LSTM (002)": "thesis_lstm"}
MODELS_TODAY = {"wavenet (NAM-style)": "wavenet", "LSTM-32 + skip (2019)": "lstm"}
MODELS = {**MODELS_2017, **MODELS_TODAY}
_RECIPE_OF = {"wavenet (NAM-style)": "wavenet", "LSTM-32 + skip (2019)": "lstm"}

# The knob: the pedal chain's drive (dB), mapped linearly onto [-1, 1] over KNOB_RANGE_DB. The
# drive the knob never sees is the main experiment's (so the models trained at it alone are
# the pedal chain's own), named by C8.4's rule.
KNOB_RANGE_DB = (12.0, 36.0)
KNOB_UNSEEN_DB = 24.0

# What the field reports (../CAPTURE.md), typed once: the settings and figures of Neural Amp
# Modeler's trainer and of Wright et al., set beside this run's in the table of differences.
FIELD = {
    "nam_wavenet": "Neural Amp Modeler's standard WaveNet: 16 then 8 channels, about 13.8 k "
                   "weights, receptive field about 4,100 samples",
    "nam_training": "100 epochs, batches of 16 segments of 8,192 outputs, Adam lr 0.004 with "
                    "decay 0.007, ESR plus an MR-STFT term on pre-emphasised audio",
    "wright": "LSTM-32 with a linear skip, ESR with pre-emphasis plus DC; 'three minutes of "
              "audio data is sufficient'",
    "nam_realtime": "whole DAW bounce at 48 kHz: LSTM presets about 20x, WaveNet standard 7x, "
                    "nano 16x real time",
    "nam_split": "a validation part at the end of the reamp file, labelled by its ESR",
}


@dataclass(frozen=True, kw_only=True)
class CaptureStudySettings(Settings):
    """Settings of notebook ``08_capture`` at one scale.

    Attributes
    ----------
    sample_rate : int
    dry_seconds : float or None
        The last this many seconds of the guitar DI (:func:`dsp_paper.capture.example_dry`),
        so that the test part stays in its last take; None keeps all of it (about 24 s).
    effects : tuple of str
        Keys of :data:`EFFECTS`.
    seeded_effects : tuple of str
        The effects every model is trained on once per seed; the others once, with the first
        seed (shown, but no verdict rests on one seed).
    today_epochs : dict of str -> int
        Epochs of each of today's capture models (passes over the training part's segments),
        set so that both train for about the same time on a CPU (an epoch of the LSTM costs
        about twice the wavenet's).
    knob_seen_db : tuple of float
        The drives the knob model trains on (:data:`KNOB_UNSEEN_DB` is left out).
    knob_epochs : int
        Passes over all of them: a quarter of the default model's ``today_epochs`` (rounded
        up) over four drives is about the gradient steps of one single-drive model, the
        budget the knob is judged at (C8.4).
    fir_taps : int
        The least-squares FIR floor's length.
    block : int
        Samples per block of the streaming benchmark.
    benchmark_seconds : float
        Audio timed per pass of the streaming benchmark.
    timing_repeats : int
        Passes of every speed measurement.
    clip_seconds : float
        Length of each published clip.
    time_limits : dict of str -> float
        Seconds of training after which a training of that name stops at the end of an
        epoch (:meth:`~dsp_paper.study.settings.Settings.time_limit`); set only at ``paper``, so that
        the notebook fits on one GPU.
    """

    section: ClassVar[str] = "08_capture"
    sample_rate: int
    dry_seconds: float | None
    effects: tuple
    seeded_effects: tuple
    today_epochs: dict
    knob_seen_db: tuple
    knob_epochs: int
    fir_taps: int
    block: int
    benchmark_seconds: float
    timing_repeats: int
    clip_seconds: float
    time_limits: dict

    def __post_init__(self):
        super().__post_init__()
        unknown = set(self.effects) - set(EFFECTS)
        if unknown or not set(self.seeded_effects) <= set(self.effects):
            raise ParameterError(f"effects must be among {list(EFFECTS)} and seeded_effects "
                                 f"among them, got {self.effects} and {self.seeded_effects}")
        if set(self.today_epochs) != set(MODELS_TODAY):
            raise ParameterError(f"today_epochs needs an entry for each of "
                                 f"{list(MODELS_TODAY)}")
        if KNOB_UNSEEN_DB in self.knob_seen_db:
            raise ParameterError(f"the knob must not see {KNOB_UNSEEN_DB:g} dB, the drive it is "
                                 "judged at")


def _epochs(wavenet, lstm):
    return {"wavenet (NAM-style)": wavenet, "LSTM-32 + skip (2019)": lstm}


# At paper every model trains on all the guitar, once per seed on every effect, for its
# epochs, but stops at a cap on its training time (``time_limits``, seconds per run, by the
# short names of MODELS; ``knob``: the knob model), so that the 48 runs fit in about 7 minutes
# of one GPU (`python -m dsp_paper estimate --scale paper` tells how many epochs fit).
STUDY = by_scale(
    CaptureStudySettings,
    common=dict(sample_rate=44100, fir_taps=256, block=64, knob_seen_db=(12.0, 18.0, 30.0, 36.0),
                time_limits={}),
    smoke=dict(dry_seconds=8.0, effects=("pedal chain",), seeded_effects=("pedal chain",),
               today_epochs=_epochs(1, 1), knob_epochs=1, benchmark_seconds=0.5,
               timing_repeats=2,
               clip_seconds=1.0),
    quick=dict(dry_seconds=16.0, effects=tuple(EFFECTS), seeded_effects=("pedal chain",),
               today_epochs=_epochs(3, 2), knob_epochs=1, benchmark_seconds=3.0,
               timing_repeats=5,
               clip_seconds=2.0),
    paper=dict(dry_seconds=None, effects=tuple(EFFECTS), seeded_effects=tuple(EFFECTS),
               today_epochs=_epochs(100, 50), knob_epochs=25, benchmark_seconds=10.0,
               timing_repeats=5,
               clip_seconds=3.0,
               time_limits={"dense": 3.0, "conv": 5.0, "thesis_lstm": 8.0, "wavenet": 12.0,
                            "lstm": 12.0, "knob": 15.0}),
)
SETTINGS = {"08_capture": STUDY}


# ------------------------------------------------------------------ material

# Each effect's settings, at the package's defaults (the pedal chain's drive is the knob's).
EFFECT_SETTINGS = {
    "pedal chain": dict(drive_db=KNOB_UNSEEN_DB, tone_hz=2500.0, level_db=-12.0),
    "hard clipper": dict(gain_db=24.0, threshold_db=-6.0, tone_hz=3500.0, level_db=-6.0),
    "compressor": dict(threshold_db=-30.0, ratio=6.0, attack_ms=2.0, release_ms=100.0,
                       makeup_db=6.0),
}
_EFFECT_FUNCTIONS = {"pedal chain": "pedal_chain", "hard clipper": "hard_clipper",
                     "compressor": "compressor"}


def effect_wet(effect, dry, *, sample_rate, drive_db=None):
    """``dry`` through one of :data:`EFFECTS` with its :data:`EFFECT_SETTINGS` (the pedal
    chain at ``drive_db`` when given).

    Returns
    -------
    np.ndarray, the shape of ``dry``, float32
    """
    if effect not in EFFECTS:
        raise ParameterError(f"unknown effect {effect!r}: choose one of {list(EFFECTS)}")
    settings = dict(EFFECT_SETTINGS[effect])
    if drive_db is not None:
        if effect != "pedal chain":
            raise ParameterError("only the pedal chain has a drive knob here")
        settings["drive_db"] = float(drive_db)
    return getattr(effects, _EFFECT_FUNCTIONS[effect])(dry, sample_rate=sample_rate, **settings)


def effect_description(effect):
    """One line naming the effect and its settings, e.g. ``"pedal_chain: drive_db 24, ..."``."""
    settings = ", ".join(f"{k} {v:g}" for k, v in EFFECT_SETTINGS[effect].items())
    return f"{_EFFECT_FUNCTIONS[effect]} ({settings})"


def drive_control(drive_db):
    """The knob's input for a drive in dB: :data:`KNOB_RANGE_DB` mapped onto [-1, 1]."""
    low, high = KNOB_RANGE_DB
    return float(2 * (drive_db - low) / (high - low) - 1)


def study_material(cfg):
    """The guitar DI and one aligned take per effect.

    Returns
    -------
    dry : np.ndarray
    takes : dict of str -> dsp_paper.capture.Take
        Effect -> the DI and its output (no control input).
    """
    from dsp_paper.capture import Take, example_dry

    dry = example_dry(sample_rate=cfg.sample_rate)
    if cfg.dry_seconds is not None:
        dry = dry[-int(cfg.dry_seconds * cfg.sample_rate):]
    return dry, {e: Take(dry, effect_wet(e, dry, sample_rate=cfg.sample_rate))
                 for e in cfg.effects}


def split_corpus(take, *, sample_rate, effect):
    """A take as a corpus of three one-piece splits (train, validation, test) by
    :func:`dsp_paper.capture.time_split`, the form 03-05's training functions read."""
    from dsp_paper.capture import time_split
    from dsp_paper.datasets import EffectCorpus
    from dsp_paper.windowing import Pair

    spans = time_split(take.dry.size, sample_rate=sample_rate)
    splits = {name: [Pair(take.dry[slice(*span)], take.wet[slice(*span)])]
              for name, span in spans.items()}
    return EffectCorpus(f"08_{EFFECTS[effect]}", sample_rate, effect, splits)


def fir_floors(takes, cfg):
    """The least-squares FIR's test scores per effect (fitted on the training part)."""
    from dsp_paper.capture import fir_baseline

    return {e: fir_baseline([t], sample_rate=cfg.sample_rate, taps=cfg.fir_taps)[1][0]
            for e, t in takes.items()}


# ------------------------------------------------------------------ trainings

@dataclass
class ModelRun:
    """One trained model on one effect with one seed, scored on the test part."""

    effect: str
    model_name: str
    seed: int
    scores: dict
    output: np.ndarray
    weights: int
    seconds: float
    epochs: int
    model: object = field(repr=False, default=None)
    # what runs it again: a Capture (today's) or (process, window, hop) (2017's)
    runner: object = field(repr=False, default=None)


def _test_span(take, sample_rate):
    from dsp_paper.capture import time_split

    return time_split(take.dry.size, sample_rate=sample_rate)["test"]


def fit_2017(model_name, take, *, effect, scale, seed, progress=True):
    """One 2017 model trained (or loaded) as its notebook trains it at ``scale``, on the
    take's training part: 000's nets for the epochs of 04's pedal extension, 002's LSTM for
    05's; each stops at ``time_limit(<model's short name>)`` of 08's settings (``paper``).

    Returns
    -------
    TrainingResult
    """
    from dsp_paper.nn import models
    from dsp_paper.studies.dense_baselines.experiment import (conv_data, dense_data, train_conv,
                                                              train_dense)
    from dsp_paper.nn.recurrent import train_many_to_one

    if model_name not in MODELS_2017:
        raise ParameterError(f"unknown 2017 model {model_name!r}: choose one of "
                             f"{list(MODELS_2017)}")
    study = scale_config("08_capture", scale)
    corpus = split_corpus(take, sample_rate=study.sample_rate, effect=effect)
    conv_cfg = scale_config("04_conv_tied", scale)
    name = f"{EFFECTS[effect]}_{MODELS[model_name]}"
    checkpoint = checkpoint_name("08", name, study, seed)
    cap = study.time_limit(MODELS[model_name])
    if model_name == "many-to-one LSTM (002)":
        cfg = scale_config("05_recurrent_eq", scale)
        window, hidden = cfg.lstm
        model = models.many_to_one_rnn(window, hidden=hidden, name=name, seed=seed)
        return train_many_to_one(model, corpus.joined("train"), corpus.joined("validation"),
                                 windows=cfg.windows, validation_windows=cfg.validation_windows,
                                 epochs=cfg.lstm_epochs, batch_size=cfg.batch_size,
                                 learning_rate=cfg.learning_rate, patience=cfg.patience,
                                 seed=seed, checkpoint=checkpoint, time_limit=cap,
                                 progress=progress)
    if model_name == "dense (000)":
        cfg = scale_config("03_dense_baselines", scale)
        return train_dense("nonlinear", cfg, dense_data(corpus, cfg), seed=seed,
                           epochs=conv_cfg.pedal_epochs, snapshots=(), checkpoint=checkpoint,
                           time_limit=cap, progress=progress)
    return train_conv(name, conv_cfg, conv_data(corpus, conv_cfg), seed=seed,
                      epochs=conv_cfg.pedal_epochs, checkpoint=checkpoint, time_limit=cap,
                      progress=progress)


def train_2017(model_name, take, *, effect, scale, seed, progress=True):
    """One 2017 model, trained as its notebook trains it at ``scale`` on the take's training
    part (000's nets for the epochs of 04's pedal extension, 002's LSTM for 05's), and scored
    on the test part with the audio before it as lead-in.

    000's nets map a window to a window: at test time their windows overlap by half and are
    overlap-added (the fix of 04's half-second tick). 002's LSTM runs one window per output
    sample.

    Returns
    -------
    ModelRun
        ``runner`` is ``(process, window, hop)``: ``process`` maps windows of ``window``
        samples to their outputs, one window per ``hop`` output samples.
    """
    from dsp_paper.nn.evaluation import frame_processor, predict, predict_many_to_one
    from dsp_paper.windowing import process_overlap_add

    run = fit_2017(model_name, take, effect=effect, scale=scale, seed=seed, progress=progress)
    sample_rate = scale_config("08_capture", scale).sample_rate
    start, stop = _test_span(take, sample_rate)
    if model_name == "many-to-one LSTM (002)":
        window = run.model.input_shape[1]
        lead = min(start, window - 1)
        output = predict_many_to_one(run.model, take.dry[start - lead:stop],
                                     window=window)[lead:]
        runner = (lambda frames: predict(run.model, frames[..., None], batch_size=1024),
                  window, 1)
    else:
        window = run.model.input_shape[1] if model_name == "dense (000)" else \
            scale_config("04_conv_tied", scale).window
        batch = 256 if model_name == "dense (000)" else 16
        process = frame_processor(run.model, batch_size=batch)
        lead = min(start, window)
        output = process_overlap_add(take.dry[start - lead:stop], process, window=window,
                                     hop=window // 2)[lead:]
        runner = (process, window, window // 2)
    return _model_run(effect, model_name, seed, run.model, run.log, output,
                      take.wet[start:stop], sample_rate=sample_rate, runner=runner)


def _model_run(effect, model_name, seed, model, log, output, wet, *, sample_rate, runner):
    from dsp_paper.capture import test_scores

    return ModelRun(effect, model_name, seed, test_scores(output, wet, sample_rate=sample_rate),
                    output, int(model.count_params()), float(log.seconds[-1]),
                    len(log.epoch), model, runner)


def capture_today(model_name, take, *, effect, scale, seed, progress=True):
    """One of today's capture models trained (or loaded) by
    :func:`dsp_paper.capture.train_capture` for its ``today_epochs``, stopping at
    ``time_limit(<model's short name>)`` of 08's settings (``paper``).

    Returns
    -------
    dsp_paper.capture.Capture
    """
    from dsp_paper.capture import train_capture

    if model_name not in MODELS_TODAY:
        raise ParameterError(f"unknown capture model {model_name!r}: choose one of "
                             f"{list(MODELS_TODAY)}")
    cfg = scale_config("08_capture", scale)
    cap = cfg.time_limit(MODELS[model_name])
    return train_capture([take], sample_rate=cfg.sample_rate, recipe=_RECIPE_OF[model_name],
                         epochs=cfg.today_epochs[model_name], seed=seed, progress=progress,
                         minutes=None if cap is None else cap / 60.0,
                         checkpoint=checkpoint_name("08", f"{EFFECTS[effect]}_"
                                                    f"{MODELS[model_name]}", cfg, seed))


def train_today(model_name, take, *, effect, scale, seed, progress=True):
    """One of today's capture models (:data:`MODELS_TODAY`: its
    :data:`dsp_paper.capture.RECIPES` entry), trained by
    :func:`dsp_paper.capture.train_capture` for its ``today_epochs`` (never a time budget, so
    the numbers repeat) and scored through its streaming kernel.

    Returns
    -------
    ModelRun
        ``runner`` is the :class:`~dsp_paper.capture.Capture`.
    """
    trained = capture_today(model_name, take, effect=effect, scale=scale, seed=seed,
                            progress=progress)
    cfg = scale_config("08_capture", scale)
    test = trained.tests[0]
    return _model_run(effect, model_name, seed, trained.model, trained.log, test["output"],
                      test["wet"], sample_rate=cfg.sample_rate, runner=trained)


def train_all(takes, cfg, seeds, *, progress=True):
    """Every model on every effect: once per seed on ``cfg.seeded_effects``, with the first
    seed on the others.

    Returns
    -------
    dict of (str, str, int) -> ModelRun
        ``(effect, model, seed)`` -> run, in that order.
    """
    runs = {}
    for effect, take in takes.items():
        for seed in (seeds if effect in cfg.seeded_effects else seeds[:1]):
            for name in MODELS:
                train = train_2017 if name in MODELS_2017 else train_today
                runs[effect, name, seed] = train(name, take, effect=effect, scale=cfg.scale,
                                                 seed=seed, progress=progress)
    return runs


# ------------------------------------------------------------------ speed

def _window_rates(runner, audio, *, sample_rate, repeats, windows):
    """Real-time factors of a 2017 model, one per pass: ``windows`` windows of the test
    audio (one per ``hop`` output samples) run as one batch through Keras on one core."""
    from dsp_paper.nn.benchmark import one_core, repeat_seconds

    process, window, hop = runner
    padded = np.concatenate([np.zeros(window, np.float32), audio])
    frames = np.lib.stride_tricks.sliding_window_view(padded, window)[::hop][:windows]
    frames = np.ascontiguousarray(frames, dtype=np.float32)
    with one_core():
        times = repeat_seconds(lambda: process(frames), repeats=repeats, warmup=1)
    return [len(frames) * hop / sample_rate / t for t in times]


def _speed_windows(cfg, hop):
    """Windows a 2017 model's speed pass runs: ``cfg.benchmark_seconds`` of output, or a
    tenth of that for one window per output sample (plenty)."""
    count = max(1, int(cfg.benchmark_seconds * cfg.sample_rate / hop))
    return max(1, count // 10) if hop == 1 else count


def speed_rows(runs, cfg):
    """How fast each model runs on one core, on the first effect's first-seed model (the
    weights' values do not change the cost).

    Today's models: the compiled streaming kernel in blocks of ``cfg.block`` samples
    (:func:`dsp_paper.capture.block_benchmark`). The 2017 models have no such form: their
    windows (one per half window of output for 000's nets, one per output sample for 002's
    LSTM) are timed in one large batch through Keras, the compute alone, without the cost of
    a call per block a real-time host would add.

    Returns
    -------
    dict of str -> dict
        Model -> ``realtime_factor`` (median of the passes), ``by_pass`` (every pass),
        ``latency_ms`` (the smallest delay of its output: a block, or a whole window),
        ``how`` (one line).
    """
    from dsp_paper.capture import block_benchmark

    effect = cfg.effects[0]
    seed = min(s for (e, _, s) in runs if e == effect)
    rows = {}
    for name in MODELS:
        run = runs[effect, name, seed]
        if name in MODELS_TODAY:
            t = block_benchmark(run.runner, sample_rate=cfg.sample_rate, block=cfg.block,
                                seconds=cfg.benchmark_seconds, repeats=cfg.timing_repeats)
            rows[name] = dict(by_pass=t["realtime_factor_by_pass"],
                              latency_ms=t["latency_ms"],
                              how=f"compiled kernel, blocks of {cfg.block} samples")
        else:
            process, window, hop = run.runner
            audio = np.random.default_rng(0).uniform(
                -0.5, 0.5, int(cfg.benchmark_seconds * cfg.sample_rate)).astype(np.float32)
            count = _speed_windows(cfg, hop)
            rates = _window_rates(run.runner, audio, sample_rate=cfg.sample_rate,
                                  repeats=cfg.timing_repeats, windows=count)
            rows[name] = dict(by_pass=rates,
                              latency_ms=1e3 * window / cfg.sample_rate if hop > 1
                              else float("nan"),
                              how=("Keras, one window per output sample" if hop == 1 else
                                   f"Keras, windows of {window} overlapping by half"))
        rows[name]["realtime_factor"] = float(np.median(rows[name]["by_pass"]))
    return rows


# ------------------------------------------------------------------ the knob

@dataclass
class KnobExperiment:
    """The knob model against the models trained at the drive it never saw.

    Attributes
    ----------
    rows : list of dict
        One per (drive dB, seed): ``seen in training``, ``knob model`` (test ESR) and, at
        :data:`KNOB_UNSEEN_DB`, ``trained at this drive`` (the pedal chain's own capture
        model of that seed).
    outputs : dict of (float, int) -> (np.ndarray, np.ndarray)
        (drive, seed) -> (the knob model's test output, the target).
    dedicated : dict of int -> np.ndarray
        Seed -> the output of the model trained at the unseen drive alone.
    weights, seconds, epochs : int, list of float, int
        The knob model's size, training seconds per seed and epochs.
    """

    rows: list
    outputs: dict
    dedicated: dict
    weights: int
    seconds: list
    epochs: int


def knob_takes(dry, cfg):
    """The pedal chain at every drive of the knob study, the drive as a control: the drives
    ``cfg.knob_seen_db`` it trains on and :data:`KNOB_UNSEEN_DB`.

    Returns
    -------
    dict of float -> dsp_paper.capture.Take
    """
    from dsp_paper.capture import Take

    return {d: Take(dry, effect_wet("pedal chain", dry, sample_rate=cfg.sample_rate,
                                    drive_db=d), (drive_control(d),))
            for d in (*cfg.knob_seen_db, KNOB_UNSEEN_DB)}


def capture_knob(takes, cfg, *, seed, progress=True):
    """The default capture model trained (or loaded) with the drive as a second input on the
    takes at ``cfg.knob_seen_db`` for ``cfg.knob_epochs`` (capped at ``time_limit("knob")``).

    Returns
    -------
    dsp_paper.capture.Capture
    """
    from dsp_paper.capture import train_capture

    cap = cfg.time_limit("knob")
    return train_capture([takes[d] for d in cfg.knob_seen_db], sample_rate=cfg.sample_rate,
                         recipe=_RECIPE_OF[next(iter(MODELS_TODAY))], epochs=cfg.knob_epochs,
                         seed=seed, progress=progress, knob_names=("drive",),
                         minutes=None if cap is None else cap / 60.0,
                         checkpoint=checkpoint_name("08", "pedal_knob", cfg, seed))


def planned_work(notebook, scale):
    """What ``08_capture`` trains and runs at ``scale``, for :mod:`dsp_paper.study.estimate`: every
    model on every effect (once per seed on ``seeded_effects``), 002's LSTM's output at every
    sample of each test part and its speed passes (:func:`speed_rows`), and the knob model
    once per seed."""
    from dsp_paper.nn import probe
    from dsp_paper.nn.runs import PREDICTION_BATCH
    from dsp_paper.study.settings import seeds

    cfg, count = scale_config("08_capture", scale), len(seeds(scale))
    dry, takes = study_material(cfg)
    speed = None  # the first effect's LSTM, timed by speed_rows
    for effect, take in takes.items():
        with probe.runs(count if effect in cfg.seeded_effects else 1):
            for name in MODELS:
                if name not in MODELS_2017:
                    capture_today(name, take, effect=effect, scale=scale, seed=0,
                                  progress=False)
                    continue
                run = fit_2017(name, take, effect=effect, scale=scale, seed=0, progress=False)
                if name == "many-to-one LSTM (002)":
                    start, stop = _test_span(take, cfg.sample_rate)
                    window = run.model.input_shape[1]
                    rows = np.lib.stride_tricks.sliding_window_view(
                        take.dry[:window + 255], window)[:256, :, None]
                    probe.probe_passes(f"08 {effect}: 002's LSTM at every test sample",
                                          run.model, rows, examples=stop - start,
                                          batch_size=PREDICTION_BATCH)
                    speed = speed or (run.model, rows)
    windows = _speed_windows(cfg, 1)
    probe.probe_passes("08 002's LSTM: speed passes", *speed,
                          examples=windows * (cfg.timing_repeats + 1), batch_size=windows)
    with probe.runs(count):
        capture_knob(knob_takes(dry, cfg), cfg, seed=0, progress=False)


def knob_experiment(dry, runs, cfg, seeds, *, progress=True):
    """Train the default capture model on the pedal chain at ``cfg.knob_seen_db`` with the
    drive as a second input (:func:`drive_control`), once per seed, and score it at every
    drive it saw and at :data:`KNOB_UNSEEN_DB`, which it never saw, beside the pedal chain's
    own model of the same seed (trained at that drive alone).

    Parameters
    ----------
    dry : np.ndarray
    runs : dict
        :func:`train_all` (its pedal-chain runs of the default model, every seed).

    Returns
    -------
    KnobExperiment
    """
    from dsp_paper.capture import test_take

    default = next(iter(MODELS_TODAY))
    takes = knob_takes(dry, cfg)
    rows, outputs, dedicated, seconds = [], {}, {}, []
    for seed in seeds:
        knob = capture_knob(takes, cfg, seed=seed, progress=progress)
        seconds.append(knob.seconds)
        own = runs["pedal chain", default, seed]
        dedicated[seed] = own.output
        for drive in sorted(takes):
            test = test_take(knob, takes[drive])
            seen = drive in cfg.knob_seen_db
            rows.append({"drive dB": drive, "seed": seed, "seen in training": seen,
                         "knob model": test["scores"]["esr"],
                         "trained at this drive": np.nan if seen else own.scores["esr"]})
            outputs[drive, seed] = (test["output"], test["wet"])
    return KnobExperiment(rows, outputs, dedicated, int(knob.model.count_params()), seconds,
                          len(knob.log.epoch))


def knob_table(knob):
    """The knob's rows averaged over the seeds, one row per drive (dB), with the seed count.

    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd

    frame = pd.DataFrame(knob.rows)
    return frame.groupby("drive dB").agg(**{
        "seen in training": ("seen in training", "first"),
        "knob model": ("knob model", "mean"),
        "knob model, worst seed": ("knob model", "max"),
        "trained at this drive": ("trained at this drive", "mean"),
        "seeds": ("seed", "count")})


def knob_figure(knob):
    """Test ESR of the knob model at every drive (seen: dots; unseen: a cross) and of the
    models trained at the unseen drive alone, every seed.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import pandas as pd

    frame = pd.DataFrame(knob.rows)
    fig, axes = _figure(size=(8.5, 3.6))
    ax = axes[0, 0]
    mean = frame.groupby("drive dB")["knob model"].mean()
    ax.semilogy(mean.index, mean.values, "-", color="C0", alpha=0.4)
    for seen, marker, label in ((True, "o", "knob model, drives it trained on"),
                                (False, "X", "knob model, a drive it never saw")):
        part = frame[frame["seen in training"] == seen]
        ax.semilogy(part["drive dB"], part["knob model"], marker, color="C0", ms=7 if seen else 10,
                    ls="none", label=label)
    unseen = frame[~frame["seen in training"].astype(bool)]
    ax.semilogy(unseen["drive dB"] + 0.6, unseen["trained at this drive"], "s", mfc="none",
                color="C1", ms=8, ls="none", label="trained at that drive alone")
    ax.axhline(GREAT_ESR, color="k", ls=":", lw=0.8, label=f"ESR {GREAT_ESR:g} ('great')")
    ax.set(xlabel="drive of the pedal chain (dB)", ylabel="test ESR (error / target energy)",
           title=f"one model, every drive ({_seeds_words(len(set(frame['seed'])))}, each a "
                 "point)")
    ax.set_xticks(sorted(set(frame["drive dB"])))
    ax.grid(True, which="both", alpha=0.3)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside right upper", fontsize=8)
    return fig


def knob_clips(knob, *, seed):
    """The pedal chain at the unseen drive: the target, the knob model set to it, and the
    model trained at that drive alone.

    Returns
    -------
    dict of str -> np.ndarray
    """
    out, target = knob.outputs[KNOB_UNSEEN_DB, seed]
    return {f"pedal chain at {KNOB_UNSEEN_DB:g} dB (target)": target,
            f"knob model set to {KNOB_UNSEEN_DB:g} dB (never seen)": out,
            f"trained at {KNOB_UNSEEN_DB:g} dB alone": knob.dedicated[seed]}


# ------------------------------------------------------------------ tables and figures

def _figure(nrows=1, ncols=1, *, size, **kwargs):
    import matplotlib.pyplot as plt

    return plt.subplots(nrows, ncols, figsize=size, squeeze=False, layout="constrained",
                        **kwargs)


def _mean_judged(values):
    """The mean of the scores ViSQOL could give (NaN where it gave none)."""
    values = np.asarray(values, float)
    return float(np.mean(values[~np.isnan(values)])) if np.any(~np.isnan(values)) else np.nan


def comparison_table(runs, fir, speed):
    """One row per (effect, model): the test scores (mean over the seeds that ran, and the
    range of the ESR; MOS-LQO, ViSQOL's objective estimate, over the seeds it could judge),
    weights, training, and speed on one core; the FIR floor last.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``effect`` and ``model``.
    """
    import pandas as pd

    rows = []
    for effect in dict.fromkeys(e for e, _, _ in runs):
        for name in MODELS:
            done = [r for (e, n, _), r in runs.items() if e == effect and n == name]
            esr = [r.scores["esr"] for r in done]
            rows.append({
                "effect": effect, "model": name,
                "from": "2017" if name in MODELS_2017 else "today",
                "seeds": len(done), "test ESR": float(np.mean(esr)),
                "ESR lowest": float(np.min(esr)), "ESR highest": float(np.max(esr)),
                "ESR pre-emph.": float(np.mean([r.scores["esr_pre_emphasis"] for r in done])),
                "band LSD dB": float(np.mean([r.scores["band_lsd_db"] for r in done])),
                "MOS-LQO": _mean_judged([r.scores["mos_lqo"] for r in done]),
                "weights": done[0].weights, "epochs": done[0].epochs,
                "training s": float(np.mean([r.seconds for r in done])),
                "real-time factor": speed[name]["realtime_factor"],
                "latency ms": speed[name]["latency_ms"]})
        f = fir[effect]
        rows.append({"effect": effect, "model": "least-squares FIR", "from": "linear floor",
                     "seeds": 1, "test ESR": f["esr"], "ESR lowest": f["esr"],
                     "ESR highest": f["esr"], "ESR pre-emph.": f["esr_pre_emphasis"],
                     "band LSD dB": f["band_lsd_db"], "MOS-LQO": f["mos_lqo"], "weights": np.nan, "epochs": np.nan,
                     "training s": np.nan, "real-time factor": np.nan, "latency ms": np.nan})
    return pd.DataFrame(rows).set_index(["effect", "model"])


def _orders(part):
    """The models (and the FIR) of one effect in ESR's order and in MOS-LQO's, one sentence."""
    by_esr = list(part["test ESR"].sort_values(kind="stable").index)
    judged = part["MOS-LQO"].dropna()
    if judged.empty:
        return "ViSQOL could not judge this test part (too short or silent)."
    by_mos = list(judged.sort_values(ascending=False, kind="stable").index)
    same = [m for m in by_esr if m in judged.index] == by_mos
    return (f"By ESR, best first: {', '.join(by_esr)}; by MOS-LQO (ViSQOL, an objective "
            f"estimate): " + ", ".join(f"{m} {judged[m]:.2f}" for m in by_mos)
            + (" (the same order)." if same else " (a different order)."))


def _seeds_words(n):
    return f"{n} seed{'s' if n != 1 else ''}"


# today's models in colour, the 2017 ones in grey
_COLOURS = {"wavenet (NAM-style)": "C0", "LSTM-32 + skip (2019)": "C1"}


def comparison_figure(runs, fir):
    """Test ESR of every model on every effect: each seed a dot, the mean a bar across it;
    the least-squares FIR (linear floor) dashed, Neural Amp Modeler's 'great' and 'went
    wrong' levels dotted.

    Parameters
    ----------
    runs : dict
        :func:`train_all`.
    fir : dict of str -> dict
        :func:`fir_floors`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    effects_shown = list(dict.fromkeys(e for e, _, _ in runs))
    fig, axes = _figure(1, len(effects_shown), size=(4.2 * len(effects_shown) + 1.0, 4.4),
                        sharey=True)
    names = list(MODELS)
    for ax, effect in zip(axes[0], effects_shown):
        seeds = sorted({s for e, _, s in runs if e == effect})
        for i, name in enumerate(names):
            values = [runs[effect, name, s].scores["esr"] for s in seeds]
            colour = _COLOURS.get(name, "0.45")
            offsets = np.linspace(-0.15, 0.15, len(values)) if len(values) > 1 else [0.0]
            ax.plot(i + np.asarray(offsets), values, "o", color=colour, mec="k", mew=0.5, ms=6)
            ax.plot([i - 0.3, i + 0.3], [np.mean(values)] * 2, "-", color=colour, lw=2.5)
        ax.axhline(fir[effect]["esr"], color="C3", ls="--", lw=1.2,
                   label="least-squares FIR (linear floor)")
        ax.axhline(GREAT_ESR, color="k", ls=":", lw=0.9,
                   label=f"ESR {GREAT_ESR:g}: NAM's 'great'")
        ax.axhline(FAILED_ESR, color="0.3", ls="-.", lw=0.9,
                   label=f"ESR {FAILED_ESR:g}: NAM's 'something went wrong'")
        ax.set_yscale("log")
        ax.set_xticks(range(len(names)), [n.replace(" (", "\n(") for n in names],
                      fontsize=8, rotation=30, ha="right")
        ax.set_xlim(-0.6, len(names) - 0.4)
        ax.set_title(f"{effect} ({_seeds_words(len(seeds))})", fontsize=10)
        ax.grid(True, axis="y", which="both", alpha=0.3)
    axes[0, 0].set_ylabel("test ESR (error / target energy), log scale")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=8)
    fig.suptitle("2017 models (grey) and today's capture models (colour) on the same test "
                 "part: a dot per seed, a bar at their mean", fontsize=10)
    return fig


def effect_clips(runs, takes, effect, *, seed, sample_rate):
    """The test part of one effect: dry, wet, today's two models and the best 2017 model
    (by test ESR) of one seed.

    Returns
    -------
    clips : dict of str -> np.ndarray
    what : dict of str -> str
    """
    from dsp_paper.capture import time_split

    take = takes[effect]
    start, stop = time_split(take.dry.size, sample_rate=sample_rate)["test"]
    best = min(MODELS_2017, key=lambda n: runs[effect, n, seed].scores["esr"])
    clips = {"dry guitar (test part)": take.dry[start:stop],
             f"through the {effect} (target)": take.wet[start:stop]}
    what = {f"through the {effect} (target)": effect_description(effect)}
    for name in (*MODELS_TODAY, best):
        run = runs[effect, name, seed]
        label = f"{name}, ESR {run.scores['esr']:.3g}"
        clips[label] = run.output
        what[label] = ("the best 2017 model on this effect" if name == best else
                       "today's capture model") + f", seed {seed}"
    return clips, what


# ------------------------------------------------------------------ record, differences, text

def record(runs, speed, knob, seeds):
    """What the claims C8.* are judged on: per seed, the test ESR of today's models and of
    the best 2017 model on each effect (the first seed only where an effect ran once), every
    speed pass of today's models, and the knob against the models trained at its unseen
    drive.

    Returns
    -------
    dict
    """
    rec = {"seeds": list(seeds)}
    for effect, key in EFFECTS.items():
        ran = sorted({s for (e, _, s) in runs if e == effect})
        if not ran:  # not run at this scale: undefined, so no rule can decide on it
            rec.update({f"{k}_{key}_test_esr": [np.nan]
                        for k in (*MODELS_TODAY.values(), "best_2017")})
            continue
        for name, model_key in MODELS_TODAY.items():
            rec[f"{model_key}_{key}_test_esr"] = [runs[effect, name, s].scores["esr"]
                                                  for s in ran]
        rec[f"best_2017_{key}_test_esr"] = [min(runs[effect, n, s].scores["esr"]
                                                for n in MODELS_2017) for s in ran]
    for name, model_key in MODELS_TODAY.items():
        rec[f"{model_key}_realtime_factor"] = list(speed[name]["by_pass"])
    rows = [r for r in knob.rows if not r["seen in training"]]
    rec["knob_unseen_test_esr"] = [r["knob model"] for r in rows]
    rec["dedicated_unseen_test_esr"] = [r["trained at this drive"] for r in rows]
    return rec


def differences(cfg, dry, runs, knob):
    """What differs from what the field reports (:data:`FIELD`) and from the 2017 documents'
    own settings, taken from the settings that ran.

    Returns
    -------
    list of (str, str, str)
        ``(aspect, the documents / the field, this run)``.
    """
    from dsp_paper.capture import RECIPES, time_split
    from dsp_paper.studies.dense_baselines.experiment import (PAPER_CONV_AUDIO_EPOCHS,
                                                              PAPER_DENSE_EPOCHS,
                                                              PAPER_DENSE_HIDDEN)
    from dsp_paper.studies.recurrent_eq.experiment import THESIS_CUTOFF_HZ, THESIS_SIZES
    from dsp_paper.material import GUITAR_TAKES

    scale = cfg.scale
    dense_cfg = scale_config("03_dense_baselines", scale)
    conv_cfg = scale_config("04_conv_tied", scale)
    rec_cfg = scale_config("05_recurrent_eq", scale)
    first = {name: next(r for (_, n, _), r in runs.items() if n == name) for name in MODELS}
    wavenet, lstm = RECIPES["wavenet"], RECIPES["lstm"]
    take_seconds = dry.size / cfg.sample_rate
    spans = time_split(dry.size, sample_rate=cfg.sample_rate)
    seconds = {k: (b - a) / cfg.sample_rate for k, (a, b) in spans.items()}
    seeded = ", ".join(cfg.seeded_effects)
    return [
        ("effects", "000: 'a more complex effect made with some pedal effects', not tested",
         "; ".join(f"{e}: {effect_description(e)}" for e in cfg.effects)),
        ("material and split", FIELD["nam_split"],
         ("the package's" if cfg.dry_seconds is None else f"the last {take_seconds:.1f} s "
                                                            "of the package's")
         + f" {len(GUITAR_TAKES)} recorded guitar takes played one after another, split by "
           "time: train "
         f"{seconds['train']:.1f} s, validation {seconds['validation']:.1f} s, test (last) "
         f"{seconds['test']:.1f} s"),
        ("seeds", "one run each",
         f"{len(set(s for *_, s in runs))} on {seeded}" +
         ("; the first only on the others" if set(cfg.seeded_effects) != set(cfg.effects)
          else "")),
        ("000's nets", f"dense (hidden {PAPER_DENSE_HIDDEN}) {PAPER_DENSE_EPOCHS[1]} epochs, "
                       f"tied conv {max(PAPER_CONV_AUDIO_EPOCHS)} epochs, on the lowpass; "
                       "back-to-back test blocks",
         f"dense with tanh, window {dense_cfg.window}, and tied conv, window {conv_cfg.window}, "
         f"{conv_cfg.pedal_epochs} epochs each on MSE (04's pedal extension); test windows "
         "overlap-added"),
        ("002's LSTM", f"{THESIS_SIZES['lstm'][0]}-sample windows, {THESIS_SIZES['lstm'][1]} "
                       f"units, on a {THESIS_CUTOFF_HZ:g} Hz high-pass",
         f"{rec_cfg.lstm[0]}-sample windows, {rec_cfg.lstm[1]} units, {rec_cfg.lstm_epochs} "
         f"epochs of {rec_cfg.windows:,} windows (05's settings at {scale})"),
        ("convolutional capture model", FIELD["nam_wavenet"],
         f"{wavenet.size} channels, {first['wavenet (NAM-style)'].weights:,} weights, "
         f"receptive field {first['wavenet (NAM-style)'].runner.receptive_field} samples"),
        ("recurrent capture model", FIELD["wright"],
         f"LSTM-{lstm.size} with a linear skip, {first['LSTM-32 + skip (2019)'].weights:,} "
         f"weights, {seconds['train']:.1f} s of training audio"),
        ("training of today's models", FIELD["nam_training"],
         f"{' and '.join(f'{n}: {e}' for n, e in cfg.today_epochs.items())} epochs (about "
         f"the same training time), batches of {wavenet.batch_size} segments of "
         f"{wavenet.segment} outputs, Adam lr {wavenet.learning_rate:g} (LSTM "
         f"{lstm.learning_rate:g}) decaying by {wavenet.decay:g} an epoch, ESR with "
         f"pre-emphasis {wavenet.pre_emphasis:g} plus DC, fixed input gain 1/RMS"),
        ("knob", "NAM: knobs out of scope; 002: 'including the parameter along with the input "
                 "data'",
         f"drive as a second input, trained at {', '.join(f'{d:g}' for d in cfg.knob_seen_db)}"
         f" dB for {knob.epochs} epoch(s), judged at {KNOB_UNSEEN_DB:g} dB"),
        ("speed", FIELD["nam_realtime"],
         f"one core of this machine, {cfg.block}-sample blocks (today's models); Keras "
         "batches of windows (2017 models)"),
    ]


def _m(values):
    return float(np.mean(values))


def _verdict(claims, claim_id):
    return claims.loc[claim_id, "verdict"] if claim_id in claims.index else "not judged"


def what_it_means(rec, claims, table, knob_summary, *, scale):
    """The closing text of 08, written from the run's numbers and verdicts.

    Parameters
    ----------
    rec : dict
        :func:`record`.
    claims : pandas.DataFrame
        The judged claims, indexed by id with a ``verdict`` column.
    table : pandas.DataFrame
        :func:`comparison_table`.
    knob_summary : pandas.DataFrame
        :func:`knob_table`.
    scale : str

    Returns
    -------
    str
        Markdown.
    """
    from dsp_paper.capture import quality_label

    lines = []
    for effect in dict.fromkeys(table.index.get_level_values("effect")):
        part = table.loc[effect]
        old = part[part["from"] == "2017"]["test ESR"]
        new = part[part["from"] == "today"]["test ESR"]
        fir = part.loc["least-squares FIR", "test ESR"]
        seeds = int(part["seeds"].iloc[0])
        lines.append(
            f"- **{effect}** ({seeds} seed{'s' if seeds > 1 else ''}): the best 2017 model "
            f"({old.idxmin()}) reached test ESR {old.min():.3g}, the linear FIR {fir:.3g}; "
            f"today's {new.idxmin()} {new.min():.3g} ({quality_label(new.min())} on Neural Amp "
            f"Modeler's scale) and {new.idxmax()} {new.max():.3g}. " + _orders(part))
    speed = table.groupby(level="model")["real-time factor"].first()
    today = {n: speed[n] for n in MODELS_TODAY}
    lines.append(
        "- **Speed** on one core: " + ", ".join(f"{n} {v:.1f}x real time" for n, v in
                                                today.items()) +
        f" in blocks of 64 samples; 002's LSTM {speed['many-to-one LSTM (002)']:.2g}x, one "
        "window per output sample.")
    unseen = knob_summary[~knob_summary["seen in training"].astype(bool)].iloc[0]
    seen = knob_summary[knob_summary["seen in training"].astype(bool)]["knob model"]
    seen_range = f"{seen.min():.3g} to {seen.max():.3g}"
    lines.append(
        f"- **Knob**: at {KNOB_UNSEEN_DB:g} dB, a drive it never saw, the knob model reached "
        f"test ESR {unseen['knob model']:.3g} (mean over the seeds), the models trained at "
        f"that drive alone {unseen['trained at this drive']:.3g}; at the drives it trained on, "
        f"{seen_range}. It had about the gradient steps of one of those models, spread over "
        "four drives.")
    verdicts = [f"C8.1a {_verdict(claims, 'C8.1a')}", f"C8.2a {_verdict(claims, 'C8.2a')}",
                f"C8.1b {_verdict(claims, 'C8.1b')}", f"C8.2b {_verdict(claims, 'C8.2b')}",
                f"C8.3 {_verdict(claims, 'C8.3')}", f"C8.4 {_verdict(claims, 'C8.4')}"]
    text = ["### What it means", "",
            "An extension beyond the documents: what the 2017 models could not do on a "
            "nonlinear effect, and what the models the field settled on since do on the same "
            "guitar and the same test part.", "", *lines, "",
            "Verdicts: " + "; ".join(verdicts) + "."]
    if scale == "smoke":
        text += ["", "At `smoke` every model trains for a moment on a few seconds: the numbers "
                     "prove the code path, not the models, and every verdict is "
                     "inconclusive at this scale."]
    else:
        text += ["", "ESR measures the waveform; the band-limited spectral distance in the "
                     "table and the players are there because a capture is judged by ear as "
                     "well. The training times are this machine's, with the epochs the table "
                     "gives: a capture trained for minutes rather than seconds (`python -m "
                     "dsp_paper capture`) goes further."]
    return "\n".join(text)


def results(table, knob_summary, speed, rec):
    """What ``results.json`` keeps: the comparison and knob tables, the speeds and the
    record the claims were judged on."""
    def plain(frame):
        return [{str(k): (None if isinstance(v, float) and np.isnan(v) else v)
                 for k, v in row.items()} for row in frame.reset_index().to_dict("records")]

    return {"comparison": plain(table), "knob": plain(knob_summary),
            "speed": {n: {k: v for k, v in s.items()} for n, s in speed.items()},
            "record": rec}


# ------------------------------------------------------------------ claims

_PEDAL_QUOTE = ("Starting off I just use a lowpass (cuts off high frequencies) effect as the "
                "filter, but later I used a more complex effect made with some pedal effects. "
                "Unfortunately I have not had enough time to do very in depth testing with the "
                "later yet")
_BEATS_WHY = ("'Beats' needs at most half the best 2017 model's error energy (3 dB less): a "
              "margin no seed-to-seed wobble or choice of test passage makes up, and the 2017 "
              "model is each seed's best of three, so today's model must beat all of them.")


def _beats(model_key, effect_keys):
    parts = [Compare(f"{model_key}_{k}_test_esr", "<", f"best_2017_{k}_test_esr", factor=0.5,
                     label=f"beats them on the {next(e for e, v in EFFECTS.items() if v == k)}")
             for k in effect_keys]
    return parts[0] if len(parts) == 1 else All(*parts)


_MODEL_WORDS = {"lstm": "recurrent capture model (LSTM-32 with a linear skip, ESR with "
                        "pre-emphasis plus DC, after Wright et al. 2019)",
                "wavenet": "convolutional capture model (causal dilated convolutions in the "
                           "style of WaveNet as Neural Amp Modeler uses it)"}


def _beats_claims(number, model_key):
    measured = (f"test ESR on the last 15 % of the guitar (the capture's time split) of the "
                f"{model_key} model ({model_key}_<effect>_test_esr) and of the best of 000's "
                "dense net, 000's tied conv net and 002's many-to-one LSTM, each trained as "
                "03-05 train it (best_2017_<effect>_test_esr, the lowest of the three for each "
                "seed), each seed")
    return [
        SubClaim(
            f"C8.{number}a", "extension", "08_capture", quote=_PEDAL_QUOTE,
            claim=f"Today's {_MODEL_WORDS[model_key]} beats every 2017 model on the pedal "
                  "chain, the nonlinear effect 000 named.",
            measured=measured.replace("<effect>", "pedal"),
            rule=_beats(model_key, ("pedal",)), decides_at=("quick", "paper"),
            why=(_BEATS_WHY,)),
        SubClaim(
            f"C8.{number}b", "extension", "08_capture", quote=_PEDAL_QUOTE,
            claim=f"Today's {_MODEL_WORDS[model_key]} beats every 2017 model on two more "
                  "nonlinear effects: a hard clipper and a compressor.",
            measured=measured.replace("<effect>", "clipper / compressor"),
            rule=_beats(model_key, ("clipper", "compressor")), decides_at=("paper",),
            why=(_BEATS_WHY,
                 "Below paper these two effects are trained with one seed (the budget of a "
                 "2-core CPU), which cannot decide a comparison of trained models.")),
    ]


CLAIMS = [
    *_beats_claims(1, "lstm"),
    *_beats_claims(2, "wavenet"),
    SubClaim(
        "C8.3", "extension", "08_capture",
        quote="LSTMs could not produce a stream of outputs without a significant delay. So, the "
              "algorithm has a too high temporal cost to deal with online effect emulation.",
        claim="Today's capture models run online with room to spare: at least 10 times faster "
              "than real time on one CPU core, in blocks of 64 samples.",
        measured="seconds of audio per second of compute of the wavenet and the LSTM capture "
                 "models' compiled kernels on one core in 64-sample blocks "
                 "(wavenet_realtime_factor, lstm_realtime_factor), every timing pass",
        rule=All(Compare("wavenet_realtime_factor", ">=", 10.0),
                 Compare("lstm_realtime_factor", ">=", 10.0)),
        decides_at=("quick", "paper"),
        why=("10x real time leaves nine tenths of a core to the rest of a host's work (Neural "
             "Amp Modeler reports 7-20x for its models on a whole DAW bounce); 64 samples "
             "(1.45 ms at 44.1 kHz) is a common interface buffer, inside 002's 3 ms for "
             "voice.",)),
    SubClaim(
        "C8.4", "extension", "08_capture",
        quote="This problem may be solved by including the parameter along with the input "
              "data, increasing the each input's size by 1. Maybe if the input size is too big "
              "this is not the way to approach this problem because the parameter input will "
              "not have much impact through the flow of the network. This should be "
              "researched.",
        claim="Given the drive as a second input, one capture model reproduces the pedal chain "
              "at a drive it never saw about as well as models trained at that drive alone.",
        measured="test ESR at 24 dB of drive of the default capture model trained at 12, 18, "
                 "30 and 36 dB with the drive as an input (knob_unseen_test_esr) and of the "
                 "same model trained at 24 dB alone (dedicated_unseen_test_esr), each seed; "
                 "the knob model trains for about as many gradient steps in all as the "
                 "single-drive model (a quarter of its epochs, over four drives): one model "
                 "for the price of one",
        rule=Compare("knob_unseen_test_esr", "<=", "dedicated_unseen_test_esr", factor=2.0),
        decides_at=("quick", "paper"),
        why=("Within a factor of 2 of the error energy (3 dB), the margin C2.4a gives the "
             "cut-off knob of 05: a knob that costs more than that is no substitute for a "
             "capture at the setting.",)),
]
