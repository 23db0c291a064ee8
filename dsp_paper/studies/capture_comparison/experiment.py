"""The trainings and measurements of notebook ``08_capture``: every 2017 model (the model, data,
loss, optimiser and batch of 03-05) and today's capture models on every effect, all under one
budget of optimiser steps with early stopping (:func:`matched_budget`), the least-squares FIR
floor, every model's speed on one core, and the knob models against the models trained at the
drives they never saw (the same steps per drive)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from dsp_paper.capture import (RECIPES, Capture, CaptureRecipe, Take, block_benchmark,
                               fir_baseline, test_scores, test_take, time_split, train_capture)
from dsp_paper.errors import ParameterError
from dsp_paper.nn.benchmark import one_core, repeat_seconds
from dsp_paper.nn.evaluation import frame_processor, predict, predict_many_to_one
from dsp_paper.nn.probe import Probe
from dsp_paper.nn.runs import checkpoint_name
from dsp_paper.studies import conv_tied, dense_baselines, scale_config
from dsp_paper.studies.capture_comparison.data import knob_takes, span_of_test, split_corpus
from dsp_paper.studies.capture_comparison.settings import (EFFECTS, KNOB_UNSEEN_DB,
                                                           KNOBS_UNSEEN_DB, MODELS, MODELS_2017,
                                                           MODELS_TODAY, RECIPE_OF,
                                                           CaptureStudySettings)
from dsp_paper.windowing import many_to_one_windows, process_overlap_add

if TYPE_CHECKING:
    from dsp_paper.nn.training import TrainingResult  # heavy: keras

__all__ = ["fir_floors", "matched_budget", "capture_steps", "today_recipe", "ModelRun",
           "fit_2017", "train_2017", "capture_today", "train_today", "train_all",
           "window_rates", "speed_windows", "speed_rows", "KnobExperiment", "KNOB_COLUMNS",
           "capture_knob", "capture_at_drive", "knob_experiment"]

def fir_floors(takes: dict[str, Take], cfg: CaptureStudySettings) -> dict[str, dict]:
    """The least-squares FIR's test scores per effect (fitted on the training part)."""
    return {e: fir_baseline([t], sample_rate=cfg.sample_rate, taps=cfg.fir_taps)[1][0]
            for e, t in takes.items()}


# ------------------------------------------------------------------ the budget

def matched_budget(steps_per_epoch: int, cfg: CaptureStudySettings, *,
                   drives: int = 1) -> tuple[int, int]:
    """The epochs and the patience (in epochs) that give a model whose epoch is
    ``steps_per_epoch`` optimiser steps the budget of every model here: ``cfg.step_cap``
    steps at most and early stopping after ``cfg.patience_steps`` steps without a better
    validation loss, each the nearest whole number of epochs (at least one). With ``drives``,
    an epoch covers that many drives, and the budget is per drive.

    Returns
    -------
    epochs, patience : int

    Examples
    --------
    >>> from dsp_paper.studies import scale_config
    >>> cfg = scale_config("08_capture", "quick")  # 99 steps at most, patience 66
    >>> matched_budget(33, cfg), matched_budget(17, cfg), matched_budget(132, cfg, drives=4)
    ((3, 2), (6, 4), (3, 2))
    """
    if steps_per_epoch < 1 or drives < 1:
        raise ParameterError(f"an epoch needs at least one step and one drive, got "
                             f"{steps_per_epoch} and {drives}")
    per_drive = steps_per_epoch / drives
    return (max(1, round(cfg.step_cap / per_drive)),
            max(1, round(cfg.patience_steps / per_drive)))


def capture_steps(takes: list[Take], recipe: CaptureRecipe, *, sample_rate: int) -> int:
    """Optimiser steps in one epoch of :func:`dsp_paper.capture.train_capture` on ``takes``:
    segments of ``recipe.segment`` outputs overlapping by half over each take's training part,
    in full batches of ``recipe.batch_size``.

    Returns
    -------
    int
    """
    count = 0
    for take in takes:
        start, stop = time_split(take.dry.size, sample_rate=sample_rate)["train"]
        count += len(range(start, max(stop - recipe.segment, start) + 1, recipe.segment // 2))
    return -(-count // recipe.batch_size)


def today_recipe(model_name: str, takes: list[Take], cfg: CaptureStudySettings, *,
                 drives: int = 1) -> tuple[CaptureRecipe, int, int]:
    """The :data:`dsp_paper.capture.RECIPES` entry of one of today's models with the budget's
    patience, its epochs and its steps per epoch on ``takes``.

    Returns
    -------
    recipe : CaptureRecipe
    epochs, steps_per_epoch : int
    """
    recipe = RECIPES[RECIPE_OF[model_name]]
    steps = capture_steps(takes, recipe, sample_rate=cfg.sample_rate)
    epochs, patience = matched_budget(steps, cfg, drives=drives)
    return dataclasses.replace(recipe, patience=patience), epochs, steps


def _check_steps(log, steps: int, name: str) -> None:
    """The first epoch of a trained run took the steps its budget was set from."""
    if log.steps and log.steps[0] != steps:
        raise RuntimeError(f"{name}: an epoch took {log.steps[0]} optimiser steps, the budget "
                           f"was set for {steps}: capture_steps no longer counts what "
                           "train_capture runs")


# ------------------------------------------------------------------ the trainings

@dataclass
class ModelRun:
    """One trained model on one effect with one seed, scored on the test part; ``steps`` are
    its optimiser steps, ``stopped`` what ended its training
    (:attr:`dsp_paper.nn.training.TrainingLog.stop_reason`: ``"plateau"`` when early stopping
    did)."""

    effect: str
    model_name: str
    seed: int
    scores: dict
    output: np.ndarray
    weights: int
    seconds: float
    epochs: int
    steps: int = 0
    stopped: str = ""
    model: object = field(repr=False, default=None)
    # what runs it again: a Capture (today's) or (process, window, hop) (2017's)
    runner: object = field(repr=False, default=None)


def _fit_budgeted(model, data: tuple, *, batch_size: int, learning_rate: float,
                  cfg: CaptureStudySettings, cap: float | None, checkpoint: str, seed: int,
                  progress: bool, probe: Probe | None) -> TrainingResult:
    """Adam on MSE, as 03-05 train their models, under the budget of every model here."""
    import keras  # heavy: Keras

    from dsp_paper.nn.training import fit  # heavy: Keras

    x, y, vx, vy = data
    epochs, patience = matched_budget(-(-len(x) // batch_size), cfg)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
    return fit(model, x, y, epochs=epochs, batch_size=batch_size, validation=(vx, vy),
               patience=patience, restore_best=True, seed=seed, checkpoint=checkpoint,
               time_limit=cap, progress=progress, probe=probe)


def fit_2017(model_name: str, take: Take, *, effect: str, scale: str, seed: int,
             progress: bool = True, probe: Probe | None = None) -> TrainingResult:
    """One 2017 model trained (or loaded) on the take's training part: the model, training
    data, loss (MSE), optimiser (Adam at its rate) and batch its notebook uses at ``scale``
    (000's dense net as 03, its tied conv net as 04, 002's LSTM as 05), under the budget of
    every model here (:func:`matched_budget`, best weights restored), stopping at
    ``time_limit(<model's short name>)`` of 08's settings (``paper``).

    Returns
    -------
    TrainingResult
    """
    from dsp_paper.nn import models  # heavy: keras

    if model_name not in MODELS_2017:
        raise ParameterError(f"unknown 2017 model {model_name!r}: choose one of "
                             f"{list(MODELS_2017)}")
    study = scale_config("08_capture", scale)
    corpus = split_corpus(take, sample_rate=study.sample_rate, effect=effect)
    name = f"{EFFECTS[effect]}_{MODELS[model_name]}"
    common = dict(cfg=study, cap=study.time_limit(MODELS[model_name]),
                  checkpoint=checkpoint_name("08", name, study, seed), seed=seed,
                  progress=progress, probe=probe)
    if model_name == "many-to-one LSTM (002)":
        cfg = scale_config("05_recurrent_eq", scale)
        window, hidden = cfg.lstm
        model = models.many_to_one_rnn(window, hidden=hidden, name=name, seed=seed)
        data = (*many_to_one_windows(corpus.joined("train"), window=window, count=cfg.windows,
                                     seed=seed),
                *many_to_one_windows(corpus.joined("validation"), window=window,
                                     count=cfg.validation_windows, seed=seed + 1))
    elif model_name == "dense (000)":
        cfg = scale_config("03_dense_baselines", scale)
        data = dense_baselines.dense_data(corpus, cfg)
        model = models.dense_net(data[0].shape[1], hidden=cfg.hidden,
                                 activation=dense_baselines.DENSE_ACTIVATIONS["nonlinear"],
                                 name=name, seed=seed)
    else:
        cfg = scale_config("04_conv_tied", scale)
        data = conv_tied.conv_data(corpus, cfg)
        model = models.conv_autoencoder(filters=cfg.filters, kernel_size=cfg.kernel_size,
                                        strides=cfg.strides, hidden=cfg.hidden, tied=True,
                                        channels=data[0].shape[-1], name=name, seed=seed)
    return _fit_budgeted(model, data, batch_size=cfg.batch_size,
                         learning_rate=cfg.learning_rate, **common)


def train_2017(model_name: str, take: Take, *, effect: str, scale: str, seed: int,
               progress: bool = True) -> ModelRun:
    """One 2017 model, trained by :func:`fit_2017` on the take's training part, and scored
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
    run = fit_2017(model_name, take, effect=effect, scale=scale, seed=seed, progress=progress)
    sample_rate = scale_config("08_capture", scale).sample_rate
    start, stop = span_of_test(take, sample_rate)
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
    return ModelRun(effect, model_name, seed, test_scores(output, wet, sample_rate=sample_rate),
                    output, int(model.count_params()), float(log.seconds[-1]),
                    len(log.epoch), steps=int(log.steps[-1]) if log.steps else 0,
                    stopped=log.stop_reason, model=model, runner=runner)


def capture_today(model_name: str, take: Take, *, effect: str, scale: str, seed: int,
                  progress: bool = True, probe: Probe | None = None) -> Capture:
    """One of today's capture models trained (or loaded) by
    :func:`dsp_paper.capture.train_capture` under the budget of every model here
    (:func:`today_recipe`: its recipe with the budget's patience, best weights restored),
    stopping at ``time_limit(<model's short name>)`` of 08's settings (``paper``).

    Returns
    -------
    dsp_paper.capture.Capture
    """
    if model_name not in MODELS_TODAY:
        raise ParameterError(f"unknown capture model {model_name!r}: choose one of "
                             f"{list(MODELS_TODAY)}")
    cfg = scale_config("08_capture", scale)
    cap = cfg.time_limit(MODELS[model_name])
    recipe, epochs, steps = today_recipe(model_name, [take], cfg)
    name = checkpoint_name("08", f"{EFFECTS[effect]}_{MODELS[model_name]}", cfg, seed)
    trained = train_capture([take], sample_rate=cfg.sample_rate, recipe=recipe, epochs=epochs,
                            seed=seed, progress=progress,
                            minutes=None if cap is None else cap / 60.0, checkpoint=name,
                            probe=probe)
    _check_steps(trained.log, steps, name)
    return trained


def train_today(model_name: str, take: Take, *, effect: str, scale: str, seed: int,
                progress: bool = True) -> ModelRun:
    """One of today's capture models
    (:data:`~dsp_paper.studies.capture_comparison.settings.MODELS_TODAY`: its
    :data:`dsp_paper.capture.RECIPES` entry), trained by :func:`capture_today` and scored
    through its streaming kernel.

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


def train_all(takes: dict[str, Take], cfg: CaptureStudySettings, seeds: tuple[int, ...], *,
              progress: bool = True) -> dict[tuple[str, str, int], ModelRun]:
    """Every model on every effect, all with the same seeds: once per seed on
    ``cfg.seeded_effects``, with the first seed on the others.

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

def window_rates(runner: tuple, audio: np.ndarray, *, sample_rate: int, repeats: int,
                 windows: int) -> list[float]:
    """Real-time factors of a 2017 model, one per pass: ``windows`` windows of the test
    audio (one per ``hop`` output samples) run as one batch through Keras on one core."""
    process, window, hop = runner
    padded = np.concatenate([np.zeros(window, np.float32), audio])
    frames = np.lib.stride_tricks.sliding_window_view(padded, window)[::hop][:windows]
    frames = np.ascontiguousarray(frames, dtype=np.float32)
    with one_core():
        times = repeat_seconds(lambda: process(frames), repeats=repeats, warmup=1)
    return [len(frames) * hop / sample_rate / t for t in times]


def speed_windows(cfg: CaptureStudySettings, hop: int) -> int:
    """Windows a 2017 model's speed pass runs: ``cfg.benchmark_seconds`` of output, or a
    tenth of that for one window per output sample (plenty)."""
    count = max(1, int(cfg.benchmark_seconds * cfg.sample_rate / hop))
    return max(1, count // 10) if hop == 1 else count


def speed_rows(runs: dict[tuple[str, str, int], ModelRun],
               cfg: CaptureStudySettings) -> dict[str, dict]:
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
            count = speed_windows(cfg, hop)
            rates = window_rates(run.runner, audio, sample_rate=cfg.sample_rate,
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
    """The knob models against the models trained at the drives they never saw.

    Attributes
    ----------
    rows : list of dict
        One per (drive dB, seed): ``seen in training``, ``knob model`` (test ESR, the drive
        as an input channel), ``knob model, FiLM`` (the drive also modulating every layer)
        and, at each of
        :data:`~dsp_paper.studies.capture_comparison.settings.KNOBS_UNSEEN_DB`, ``trained at
        this drive`` (a model of that seed trained at that drive alone; at
        :data:`~dsp_paper.studies.capture_comparison.settings.KNOB_UNSEEN_DB` the pedal
        chain's own capture model).
    outputs : dict of (str, float, int) -> (np.ndarray, np.ndarray)
        (``"input"`` or ``"film"``, drive, seed) -> (the knob model's test output, the
        target).
    dedicated : dict of (float, int) -> np.ndarray
        (unseen drive, seed) -> the output of the model trained at that drive alone.
    weights : dict of str -> int
        Each knob model's size.
    training : dict of str -> dict
        Each knob model's ``seconds``, ``epochs``, ``steps`` and ``stopped`` (what ended its
        training, ``"plateau"``: early stopping), one per seed.
    """

    rows: list
    outputs: dict
    dedicated: dict
    weights: dict
    training: dict

    def summary(self, conditioning: str = "input") -> dict:
        """One knob model's training, as lists over the seeds."""
        return self.training[conditioning]


# the knob models compared, by their conditioning (dsp_paper.capture's KNOB_CONDITIONINGS):
# the drive as an input channel (002's suggestion), and FiLM; their columns in the rows
KNOB_COLUMNS = {"input": "knob model", "film": "knob model, FiLM"}


def capture_knob(takes: dict[float, Take], cfg: CaptureStudySettings, *, seed: int,
                 film: bool = False, progress: bool = True,
                 probe: Probe | None = None) -> Capture:
    """The default capture model trained (or loaded) with the drive as a second input (and,
    with ``film``, modulating every layer) on the takes at ``cfg.knob_seen_db``, under the
    budget of every model here per drive (:func:`today_recipe` with ``drives``: as many
    optimiser steps per drive, and as much patience, as the models trained at one drive),
    capped at ``time_limit("knob")``.

    Returns
    -------
    dsp_paper.capture.Capture
    """
    cap = cfg.time_limit("knob")
    seen = [takes[d] for d in cfg.knob_seen_db]
    recipe, epochs, steps = today_recipe(next(iter(MODELS_TODAY)), seen, cfg,
                                         drives=len(seen))
    recipe = dataclasses.replace(recipe, film=film)
    name = checkpoint_name("08", "pedal_filmknob" if film else "pedal_knob", cfg, seed)
    trained = train_capture(seen, sample_rate=cfg.sample_rate, recipe=recipe, epochs=epochs,
                            seed=seed, progress=progress, knob_names=("drive",),
                            minutes=None if cap is None else cap / 60.0, checkpoint=name,
                            probe=probe)
    _check_steps(trained.log, steps, name)
    return trained


def capture_at_drive(take: Take, drive: float, cfg: CaptureStudySettings, *, seed: int,
                     progress: bool = True, probe: Probe | None = None) -> Capture:
    """The default capture model trained (or loaded) on the pedal chain at one ``drive``
    alone, without the knob, under the budget of every model here (the pedal chain's own
    model at another drive).

    Returns
    -------
    dsp_paper.capture.Capture
    """
    name = next(iter(MODELS_TODAY))
    cap = cfg.time_limit(MODELS[name])
    recipe, epochs, steps = today_recipe(name, [take], cfg)
    checkpoint = checkpoint_name("08", f"pedal_{drive:g}db_{MODELS[name]}", cfg, seed)
    trained = train_capture([Take(take.dry, take.wet)], sample_rate=cfg.sample_rate,
                            recipe=recipe, epochs=epochs, seed=seed, progress=progress,
                            minutes=None if cap is None else cap / 60.0,
                            checkpoint=checkpoint, probe=probe)
    _check_steps(trained.log, steps, checkpoint)
    return trained


def knob_experiment(dry: np.ndarray, runs: dict[tuple[str, str, int], ModelRun],
                    cfg: CaptureStudySettings, seeds: tuple[int, ...], *,
                    progress: bool = True) -> KnobExperiment:
    """Train the default capture model on the pedal chain at ``cfg.knob_seen_db`` with the
    drive as a second input (:func:`~dsp_paper.studies.capture_comparison.data.drive_control`),
    once as an input channel and once also modulating every layer (FiLM), once per seed,
    and score both at every drive they saw and at
    :data:`~dsp_paper.studies.capture_comparison.settings.KNOBS_UNSEEN_DB`, which they
    never saw, beside models of the same seed trained at each unseen drive alone with as
    many optimiser steps as a knob model has per drive (at the first, the pedal chain's own
    model).

    Parameters
    ----------
    dry : np.ndarray
    runs : dict
        :func:`train_all` (its pedal-chain runs of the default model, every seed).

    Returns
    -------
    KnobExperiment
    """
    default = next(iter(MODELS_TODAY))
    takes = knob_takes(dry, cfg)
    rows, outputs, dedicated, weights = [], {}, {}, {}
    training = {c: dict(seconds=[], epochs=[], steps=[], stopped=[]) for c in KNOB_COLUMNS}
    for seed in seeds:
        knobs = {c: capture_knob(takes, cfg, seed=seed, film=c == "film", progress=progress)
                 for c in KNOB_COLUMNS}
        for c, knob in knobs.items():
            weights[c] = int(knob.model.count_params())
            log = training[c]
            log["seconds"].append(knob.seconds)
            log["epochs"].append(len(knob.log.epoch))
            log["steps"].append(int(knob.log.steps[-1]) if knob.log.steps else 0)
            log["stopped"].append(knob.log.stop_reason)
        main = runs["pedal chain", default, seed]
        alone = {KNOB_UNSEEN_DB: (main.output, main.scores["esr"])}
        for drive in KNOBS_UNSEEN_DB[1:]:
            own = capture_at_drive(takes[drive], drive, cfg, seed=seed, progress=progress)
            test = test_take(own, Take(takes[drive].dry, takes[drive].wet))
            alone[drive] = (test["output"], test["scores"]["esr"])
        for drive in sorted(takes):
            seen = drive in cfg.knob_seen_db
            row = {"drive dB": drive, "seed": seed, "seen in training": seen}
            for c, column in KNOB_COLUMNS.items():
                test = test_take(knobs[c], takes[drive])
                row[column] = test["scores"]["esr"]
                outputs[c, drive, seed] = (test["output"], test["wet"])
            if seen:
                row["trained at this drive"] = np.nan
            else:
                dedicated[drive, seed], row["trained at this drive"] = alone[drive]
            rows.append(row)
    return KnobExperiment(rows, outputs, dedicated, weights, training)
