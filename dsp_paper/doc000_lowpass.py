"""Document 000, "TensorFlow Signal Processing": neural nets that learn a lowpass filter.

Notebooks ``03_dense_baselines`` (the dense nets) and ``04_conv_tied`` (the tied
convolutional net, its ablations, the tick, and the pedal extension 000 named but never
evaluated). This module holds 000's settings per scale, the numbers 000 reports, its corpora
(sweeps through the lowpass with the piano as test; guitar through a pedal chain), its
trainings and evaluations, and its entries of the claims registry (C0.*).
"""
from __future__ import annotations


from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from . import effects, material, signals
from .audio_io import normalise, read_audio, to_layout, write_wav

from .errors import ParameterError
from .paths import cache_dir
from .rules import FAILED_ESR, OK_ESR, All, Compare, SubClaim
from .scales import Settings, by_scale, scale_config
from .windowing import hop_for_uses
from .datasets import effect_corpus
from .runs import checkpoint_name, evaluate_snapshots, first_reaching
from .metrics import validation_power
from .windowing import window_arrays

__all__ = []

# ------------------------------------------------------------------ settings

# 000 "TensorFlow Signal Processing": sweeps through a lowpass, Brahms piano as test.
@dataclass(frozen=True, kw_only=True)
class LowpassCorpusSettings(Settings):
    """Settings of ``lowpass_000`` at one scale."""

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
    """Settings of ``pedal_ext`` at one scale."""

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
@dataclass(frozen=True, kw_only=True)
class DenseSettings(Settings):
    """Settings of ``03_dense_baselines`` at one scale."""

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

DENSE = by_scale(
    DenseSettings,
    common=dict(window=1000, hidden=1000, batch_size=64, learning_rate=0.001, seed=0,
                fir_taps=1000),
    smoke=dict(sample_uses=2, early_epoch=1, epochs=2),
    quick=dict(sample_uses=2, early_epoch=20, epochs=30),
    paper=dict(sample_uses=10, early_epoch=20, epochs=4000),
)


# 000's convolutional net with tied filters, its ablations, the tick, pedal and stereo.
@dataclass(frozen=True, kw_only=True)
class ConvSettings(Settings):
    """Settings of ``04_conv_tied`` at one scale."""

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

CONV = by_scale(
    ConvSettings,
    common=dict(window=4000, filters=16, kernel_size=1000, strides=10, hidden=50, batch_size=32,
                learning_rate=0.001, seed=0, test_block_seconds=0.5, fir_taps=1000),
    smoke=dict(sample_uses=2, epochs=1, snapshots=(0, 1), ablation_epochs=1, pedal_epochs=1,
               stereo_epochs=1),
    quick=dict(sample_uses=2, batch_size=16, epochs=15, snapshots=(0, 5, 10, 15),
               ablation_epochs=10, pedal_epochs=5, stereo_epochs=5),
    paper=dict(sample_uses=10, epochs=200, snapshots=(0, 5, 10, 15, 20, 30, 40, 50, 200),
               ablation_epochs=200, pedal_epochs=200, stereo_epochs=200),
)

SETTINGS = {"lowpass_000": LOWPASS_CORPUS, "pedal_ext": PEDAL_CORPUS, "03_dense_baselines": DENSE, "04_conv_tied": CONV}


# ------------------------------------------------------------------ code

# ---- from datasets
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


def lowpass_corpus(scale=None, **changes):
    """000's corpus: sweeps of sine, square and saw through the lowpass, piano as test.

    Each shape is a stereo 16-bit WAV (rising sweep left, falling right), read back as
    float32, normalised and split into mono tracks (``layout="mono"``, the document's
    choice) or kept stereo (``layout="stereo"``). Validation blocks are held out of every
    track before batching; the test is the Brahms piano.

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


# ---- from experiments
DENSE_ACTIVATIONS = {"linear": None, "nonlinear": "tanh"}


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
                progress=True):
    """Train 000's dense net (``label`` "linear" or "nonlinear", hidden ``cfg.hidden``)
    with Adam on MSE.

    Parameters
    ----------
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

    Returns
    -------
    TrainingResult
    """
    import keras

    from . import models
    from .training import fit

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
               loss="mse", progress=True):
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
    hidden, epochs : optional
        Default ``cfg.hidden`` and ``cfg.epochs``.
    loss : str or keras.losses.Loss
        MSE as in 000, or e.g. :func:`~dsp_paper.losses.mr_stft_loss`.

    Returns
    -------
    TrainingResult
    """
    import keras

    from . import models
    from .training import fit

    x, y, vx, vy = data
    model = models.conv_autoencoder(filters=cfg.filters, kernel_size=cfg.kernel_size,
                                    strides=cfg.strides,
                                    hidden=cfg.hidden if hidden is None else hidden, tied=tied,
                                    channels=x.shape[-1], name=name, seed=seed)
    model.compile(optimizer=keras.optimizers.Adam(cfg.learning_rate), loss=loss)
    return fit(model, x, y, epochs=cfg.epochs if epochs is None else epochs,
               batch_size=cfg.batch_size, validation=(vx, vy), snapshot_epochs=snapshots,
               checkpoint=checkpoint_name("04", name, cfg, seed), seed=seed, progress=progress)


def tick_levels(model, piece, *, block, radius, batch_size=16):
    """000's tick and its fix on one test piece, as bounded levels (C0.7).

    The model processes ``piece.input`` three ways: as one whole track (the reference: zero
    padding only at the track's ends), in back-to-back zero-padded blocks of ``block`` (000's
    test batching) and in overlapping windows of ``block`` at a hop of ``block // 8``,
    Hann-tapered and overlap-added.

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
    from .evaluation import frame_processor
    from .windowing import edge_error_db, process_blocks_zero_padded, process_overlap_add

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


def white_noise_flatness(n_samples, *, sample_rate, seed=3):
    """Spectral flatness of white noise of ``n_samples``: the reference "white noise" is
    judged against (C0.1a, C0.4)."""
    from .signals import noise

    from .metrics import spectral_flatness

    return spectral_flatness(noise("white", seconds=n_samples / sample_rate, sample_rate=sample_rate,
                           seed=seed))


def dense_evaluations(corpus, cfg, data, seeds, *, progress=True):
    """03's two dense nets for every seed, scored at the early and the final epoch.

    Returns
    -------
    runs : dict of (label, seed) -> TrainingResult
    rows : dict of (label, epoch, seed) -> dict
        000's table row (:func:`~dsp_paper.evaluation.evaluate_corpus`).
    outputs : dict of (label, epoch, seed) -> list of np.ndarray
        The test outputs, one per test piece.
    """
    runs, rows, outputs = {}, {}, {}
    for seed in seeds:
        for label in DENSE_ACTIVATIONS:
            run = train_dense(label, cfg, data, seed=seed, progress=progress)
            runs[label, seed] = run
            scored = evaluate_snapshots(run, corpus, block=cfg.window, batch_size=256,
                                        epochs=(cfg.early_epoch, cfg.epochs))
            for epoch, (row, out) in scored.items():
                rows[label, epoch, seed], outputs[label, epoch, seed] = row, out
    return runs, rows, outputs


def dense_record(rows, outputs, cfg, seeds, *, sample_rate):
    """The results record 03's claims are judged on (:func:`dsp_paper.claims.judge`)."""
    from .metrics import spectral_flatness

    early, final = cfg.early_epoch, cfg.epochs
    first_test = outputs["linear", early, seeds[0]][0]
    record = {"seeds": list(seeds),
              "white_noise_flatness": white_noise_flatness(first_test.size,
                                                           sample_rate=sample_rate),
              "linear_early_flatness": [spectral_flatness(outputs["linear", early, s][0])
                                        for s in seeds]}
    for label in DENSE_ACTIVATIONS:
        for name, epoch in (("early", early), ("final", final)):
            record[f"{label}_{name}_test_esr"] = [rows[label, epoch, s]["test esr"]
                                                  for s in seeds]
    return record


def conv_record(*, dense_rows, dense_runs, dense_data_, conv_rows, conv_runs, conv_data_,
                ablation_rows, ablation_runs, no_hidden_outputs, ticks, cfg, dense_cfg, seeds,
                sample_rate):
    """The results record 04's claims are judged on.

    Parameters
    ----------
    dense_rows, dense_runs : dict
        :func:`dense_evaluations` of 03's nets (their final epoch is used).
    conv_rows : dict of (epoch, seed) -> dict
        The tied conv net's table rows at its snapshots.
    conv_runs, ablation_runs : dict
        ``{seed: TrainingResult}`` and ``{(name, seed): TrainingResult}`` with names
        ``no hidden layer`` and ``untied filters``.
    ablation_rows : dict of (name, seed) -> dict
    no_hidden_outputs : dict of seed -> np.ndarray
        The no-hidden-layer net's output on the first test piece.
    ticks : dict of seed -> dict
        :func:`tick_levels`' levels.
    """
    from .claims import REGISTRY
    from .metrics import spectral_flatness

    usable = REGISTRY["C0.3c"].settings["usable_val_esr"]
    final, first = max(cfg.snapshots), min(e for e in cfg.snapshots if e > 0)
    dense_final = {(label, s): dense_rows[label, dense_cfg.epochs, s]
                   for label in DENSE_ACTIVATIONS for s in seeds}
    best_dense = {s: min(dense_final[l, s]["test esr"] for l in DENSE_ACTIVATIONS) for s in seeds}
    best_dense_mse = {s: min(dense_final[l, s]["test mse"] for l in DENSE_ACTIVATIONS)
                      for s in seeds}
    dense_power, conv_power = validation_power(dense_data_), validation_power(conv_data_)
    dense_seconds = {s: min(first_reaching(dense_runs[l, s].log, usable * dense_power)[1]
                            for l in DENSE_ACTIVATIONS) for s in seeds}
    per = lambda f: [f(s) for s in seeds]
    record = {
        "seeds": list(seeds),
        "conv_initial_test_esr": per(lambda s: conv_rows[0, s]["test esr"]),
        "conv_first_test_esr": per(lambda s: conv_rows[first, s]["test esr"]),
        "conv_final_test_esr": per(lambda s: conv_rows[final, s]["test esr"]),
        "dense_best_final_test_esr": per(best_dense.get),
        "conv_seconds_to_usable": per(lambda s: first_reaching(conv_runs[s].log,
                                                               usable * conv_power)[1]),
        "dense_seconds_to_usable": per(dense_seconds.get),
        "no_hidden_test_esr": per(lambda s: ablation_rows["no hidden layer", s]["test esr"]),
        "baseline_test_esr": per(lambda s: conv_rows[cfg.ablation_epochs, s]["test esr"]),
        "no_hidden_flatness": per(lambda s: spectral_flatness(no_hidden_outputs[s])),
        "white_noise_flatness": white_noise_flatness(no_hidden_outputs[seeds[0]].size,
                                                     sample_rate=sample_rate),
        "untied_epochs_to_usable": per(lambda s: first_reaching(
            ablation_runs["untied filters", s].log, usable * conv_power)[0]),
        "tied_epochs_to_usable": per(lambda s: first_reaching(
            _first_epochs(conv_runs[s].log, cfg.ablation_epochs), usable * conv_power)[0]),
        "conv_train_mse": per(lambda s: conv_rows[final, s]["train mse"]),
        "conv_test_mse": per(lambda s: conv_rows[final, s]["test mse"]),
        "dense_over_conv_test_mse": per(lambda s: best_dense_mse[s]
                                        / conv_rows[final, s]["test mse"]),
    }
    for label in DENSE_ACTIVATIONS:
        record[f"{label}_train_mse"] = per(lambda s: dense_final[label, s]["train mse"])
        record[f"{label}_test_mse"] = per(lambda s: dense_final[label, s]["test mse"])
    for key in ("blocks_edge_error_db", "overlap_add_edge_excess_db", "edge_error_drop_db"):
        record[key] = per(lambda s: ticks[s][key])
    return record


def _first_epochs(log, epochs):
    """The first ``epochs`` of a training log (the tied baseline over the ablations' span)."""
    from .training import TrainingLog

    return TrainingLog(epoch=log.epoch[:epochs], loss=log.loss[:epochs],
                       val_loss=log.val_loss[:epochs], seconds=log.seconds[:epochs])


def conv_evaluations(corpus, cfg, data, seeds, *, progress=True):
    """04's tied conv net for every seed, scored at each of ``cfg.snapshots`` on the test
    in back-to-back blocks of ``cfg.test_block_seconds``.

    Returns
    -------
    runs : dict of seed -> TrainingResult
    rows : dict of (epoch, seed) -> dict
    outputs : dict of (epoch, seed) -> list of np.ndarray
    """
    block = int(cfg.test_block_seconds * corpus.sample_rate)
    runs, rows, outputs = {}, {}, {}
    for seed in seeds:
        runs[seed] = train_conv("conv_tied", cfg, data, seed=seed, snapshots=cfg.snapshots,
                                progress=progress)
        for epoch, (row, out) in evaluate_snapshots(runs[seed], corpus, block=block,
                                                    batch_size=16).items():
            rows[epoch, seed], outputs[epoch, seed] = row, out
    return runs, rows, outputs


ABLATIONS = {"no hidden layer": dict(hidden=0), "untied filters": dict(tied=False)}


def conv_ablations(corpus, cfg, data, seeds, *, progress=True):
    """000's two ablations of the tied conv net (no hidden layer; untied filters), each
    trained for ``cfg.ablation_epochs`` once per seed and scored like the baseline.

    Returns
    -------
    runs, rows, outputs : dict of (name, seed) -> ...
    """
    from .evaluation import evaluate_corpus, frame_processor

    block = int(cfg.test_block_seconds * corpus.sample_rate)
    runs, rows, outputs = {}, {}, {}
    for seed in seeds:
        for name, change in ABLATIONS.items():
            model_name = "conv_tied_nohidden" if "hidden" in change else "conv_untied"
            run = train_conv(model_name, cfg, data, seed=seed, epochs=cfg.ablation_epochs,
                             progress=progress, **change)
            runs[name, seed] = run
            rows[name, seed], outputs[name, seed] = evaluate_corpus(
                frame_processor(run.model, batch_size=16), corpus, block=block)
    return runs, rows, outputs


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
]
