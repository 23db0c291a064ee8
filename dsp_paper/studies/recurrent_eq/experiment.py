"""Document 002, the thesis "Audio Effects Emulation with Neural Networks" (2017): a 440 Hz
high-pass EQ learned by many-to-one LSTM, GRU and dilated CNN models (notebook
``05_recurrent_eq``), and the streaming recurrent model that replaces them, with a cut-off knob.

Holds, in this order:

* the numbers the thesis reports, typed once (``THESIS_*``);
* 002's settings per scale (``HIGHPASS_CORPUS``, ``RECURRENT``);
* its corpus (noises and sweeps with envelopes; the voice as validation 2);
* its trainings, once per seed: the thesis's four networks, the streaming LSTM, the knob model;
* its evaluations: outputs over the assembled validation audio, measures, band-limited
  spectral distances, latency, the knob against dedicated models;
* the tables that set the thesis's numbers beside this run's, the figures, the results record
  the claims are judged on, the "what differs" rows and the closing text;
* its entries of the claims registry (``CLAIMS``, C2.*).

Model names, everywhere: ``"LSTM"``, ``"reduced LSTM"``, ``"GRU"``, ``"dilated CNN"`` (the
thesis's, :data:`THESIS_MODELS`) and ``"streaming LSTM"`` (this run's). The validation audio's
parts: ``"voice (validation 2)"`` and ``"clips (validation 1)"`` (:data:`VOICE`, :data:`CLIPS`).
"""
from __future__ import annotations

import itertools

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from dsp_paper import effects, material, signals
from dsp_paper.audio_io import normalise
from dsp_paper.cache import cached_arrays
from dsp_paper.errors import ParameterError

from dsp_paper.study.rules import OK_ESR, All, Any, Compare, Not, SubClaim, between
from dsp_paper.study.settings import Settings, by_scale
from dsp_paper.studies import scale_config
from dsp_paper.windowing import Pair, sequence_segments
from dsp_paper.metrics import VISQOL_IDENTICAL, band_lsd, mos_lqo
from dsp_paper.datasets import EffectCorpus, pairs_to_arrays, arrays_to_splits
from dsp_paper.nn.runs import checkpoint_name, kept_prediction

__all__ = [
    # the thesis's numbers
    "THESIS_MODELS", "THESIS_SIZES", "THESIS_SAMPLE_RATE", "THESIS_CUTOFF_HZ",
    "THESIS_SAMPLES", "THESIS_PATIENCE", "THESIS_VALIDATION_ERROR", "THESIS_LESS_ERROR_PERCENT",
    "THESIS_EPOCHS", "THESIS_CNN_HOURS", "THESIS_MS_PER_SAMPLE", "THESIS_SECONDS_PER_SECOND",
    "THESIS_LATENCY_LIMITS_MS", "THESIS_ACCURACY_12BIT", "THESIS_RATING_SCALE",
    "THESIS_RATINGS", "THESIS_RATING_MEAN", "THESIS_HARDWARE",
    # settings and names
    "HighpassCorpusSettings", "HIGHPASS_CORPUS", "RecurrentSettings", "RECURRENT", "SETTINGS",
    "KNOB_UNSEEN_CUTOFFS", "KNOB_PLAYED_CUTOFF", "STREAM_BLOCKS", "STREAMING", "VOICE", "CLIPS",
    "MODEL_COLOURS",
    # corpus and helpers
    "HIGHPASS_KINDS", "highpass_corpus", "corpus_summary", "dry_and_wet", "centre_excerpt",
    "assemble", "cutoff_control", "knob_segments", "less_error", "rating_means",
    "thesis_size_models", "recurrent_validation",
    # trainings
    "train_thesis_models", "thesis_runs_by_seed", "model_sizes", "final_validation_errors",
    "streaming_data", "train_streaming_model", "streaming_runs_by_seed", "check_streaming",
    "train_knob_model", "planned_work", "planned_outputs",
    # evaluations and tables
    "recurrent_outputs", "outputs_by_seed", "validation_table", "spectrum_settings",
    "spectrum_yardsticks", "describe_yardsticks", "part_band_lsd", "band_lsd_by_seed",
    "mos_yardsticks", "part_mos", "mos_by_seed", "mos_table",
    "band_table", "thesis_ratings", "accuracy_and_ratings", "voice_clips", "latency_measurements",
    "knob_evaluations", "knob_summary", "knob_clips", "paper_vs_ours_table",
    # figures
    "effect_figure", "training_curves_figure", "assembled_figure", "spectra_figure",
    "comparison_figure", "knob_figure",
    # record, differences, closing text
    "recurrent_record", "differences", "what_it_means", "results_summary",
    "CLAIMS",
]

# ------------------------------------------------------------------ the thesis's numbers

#: The thesis's four networks, in its order.
THESIS_MODELS = ("LSTM", "reduced LSTM", "GRU", "dilated CNN")
#: This run's streaming model (not in the thesis).
STREAMING = "streaming LSTM"
#: The parts of the assembled validation audio (the thesis's Fig. 15 order: voice first).
VOICE, CLIPS = "voice (validation 2)", "clips (validation 1)"
#: One colour per model in every figure.
MODEL_COLOURS = {"LSTM": "C0", "reduced LSTM": "C1", "GRU": "C2", "dilated CNN": "C3",
                 STREAMING: "C4"}

#: Sizes (4.1.1, 4.1.3, 3.1.3): ``(input window, hidden units)`` of the recurrent nets and
#: ``(input window, filters, kernel size)`` of the CNN. The CNN's window is not given: the
#: LSTM's is used.
THESIS_SIZES = {"lstm": (1024, 384), "reduced_lstm": (512, 160), "gru": (512, 160),
                "cnn": (1024, 128, 128)}
#: Sample rate of all the thesis's audio (Hz, 3.3) and the high-pass's cut-off (Hz, 3.4).
THESIS_SAMPLE_RATE = 44100
THESIS_CUTOFF_HZ = 440.0
#: Training samples of the full set and of "miniaudio" (3.3).
THESIS_SAMPLES = {"full": 7_813_000, "mini": 882_000}
#: Early stopping: "when the validation error increased ... 100 epochs in a row" (3.4).
THESIS_PATIENCE = 100
#: Final validation error (MSE) of each network (4.1.1, 4.1.3, 4.2, 4.3).
THESIS_VALIDATION_ERROR = {"LSTM": 7.9e-5, "reduced LSTM": 3.03e-3, "GRU": 7.823e-3,
                           "dilated CNN": 1.905e-2}
#: "% less error" of the reduced LSTM than each other network (5).
THESIS_LESS_ERROR_PERCENT = {"GRU": 61.3, "dilated CNN": 84.09}
#: Epochs as the thesis gives them: the LSTM's are not stated; the GRU's figure shows "the last
#: 3000 epochs", so it ran more.
THESIS_EPOCHS = {"LSTM": None, "reduced LSTM": 450, "GRU": "over 3000", "dilated CNN": 3}
#: The CNN trained "for over 18 hours" (4.3).
THESIS_CNN_HOURS = 18
#: One forward pass of the LSTM for one output sample (ms), and so seconds per second of
#: 44.1 kHz audio (4.1.1).
THESIS_MS_PER_SAMPLE = 0.8
THESIS_SECONDS_PER_SECOND = 35.0
#: The latencies the thesis calls optimal (ms, 5, after its ref. [16]).
THESIS_LATENCY_LIMITS_MS = {"guitar": 13.0, "voice": 3.0}
#: The 12-bit "accuracy" (share of samples within 0.000244 of the target, 3.5.1): used for
#: the CNN only, and reported only in words (4.3); None: not reported.
THESIS_ACCURACY_12BIT = {"LSTM": None, "reduced LSTM": None, "GRU": None,
                         "dilated CNN": "decreased drastically during training (Fig. 18); "
                                        "no value given"}
#: The listeners' scale (3.5.2) and how many of the 9 listeners gave each rating to the LSTM's
#: voice output (4.1.2); and the mean the thesis states ("2'25").
THESIS_RATING_SCALE = {1: "not similar at all", 2: "some similarities", 3: "almost the same",
                       4: "the same"}
THESIS_RATINGS = {1: 3, 2: 4, 3: 2, 4: 0}
THESIS_RATING_MEAN = 2.25
#: Where the thesis trained and timed (3.6).
THESIS_HARDWARE = "NVIDIA GeForce GTX 960M (2 GB) and a 10 GB FloydHub GPU"

# ------------------------------------------------------------------ settings

# The knob model is judged at these cut-offs it never saw (Hz), each against a model trained
# at that cut-off alone: the thesis's 440 Hz (05's own streaming model) and, near each end of
# the knob's range, the unseen cut-off between its two outermost training cut-offs.
KNOB_UNSEEN_CUTOFFS = (251, 440, 1573)
# The unseen cut-off at which the knob model's voice is published for listening (Hz).
KNOB_PLAYED_CUTOFF = 1573
# Block sizes (samples) at which the streaming LSTM's real-time use is judged.
STREAM_BLOCKS = (32, 64, 128)

# 002 thesis: noises and sweeps with envelopes through a 440 Hz high-pass; voice validation.
@dataclass(frozen=True, kw_only=True)
class HighpassCorpusSettings(Settings):
    """Settings of ``highpass_002`` at one scale."""

    section: ClassVar[str] = "highpass_002"
    sample_rate: int
    cutoff_hz: float
    order: int
    clip_seconds: float
    fade_seconds: float
    full_samples: int
    mini_samples: int
    validation1_samples: int

HIGHPASS_CORPUS = by_scale(
    HighpassCorpusSettings,
    common=dict(sample_rate=THESIS_SAMPLE_RATE, cutoff_hz=THESIS_CUTOFF_HZ, order=2,
                clip_seconds=1.0, fade_seconds=0.05),
    smoke=dict(full_samples=88200, mini_samples=44100, validation1_samples=44100),
    quick=dict(full_samples=2646000, mini_samples=882000, validation1_samples=264600),
    paper=dict(full_samples=THESIS_SAMPLES["full"], mini_samples=THESIS_SAMPLES["mini"],
               validation1_samples=529200),
)


# 002's many-to-one LSTM / GRU / dilated CNN, and the streaming LSTM with a cut-off knob.
# C2.3's latency is measured at latency_sizes: the thesis's own sizes from quick up. The
# streaming LSTM's segments leave 512 samples after the warm-up, room for the 512-point
# FFT of 07's spectral loss (bins 86 Hz apart: five below the 440 Hz cut-off), so 07's
# spectral variant and 05's model learn from the same segments. The knob model is judged
# at the unseen cut-offs KNOB_UNSEEN_CUTOFFS, the streaming LSTM's real time in blocks of
# STREAM_BLOCKS samples (both named by C2.3b's and C2.4a's rules).
# At paper the models have the thesis's sizes and data and its epochs, but every training stops
# at a cap on its training time (``time_limits``, seconds per run; the models trained at single
# cut-offs take the streaming LSTM's), so that the notebook fits in minutes on one GPU: its 24
# runs share about 6 minutes (`python -m dsp_paper estimate --scale paper` tells how many
# epochs fit). A many-to-one model runs its window once per output sample, so the validation
# clips are a 4 s excerpt there too (all of them: 2.6 h of the LSTM's passes on a 2-core CPU).
@dataclass(frozen=True, kw_only=True)
class RecurrentSettings(Settings):
    """Settings of ``05_recurrent_eq`` at one scale."""

    section: ClassVar[str] = "05_recurrent_eq"
    batch_size: int
    learning_rate: float
    patience: int
    seed: int
    stream_hidden: int
    stream_segment: int
    stream_warmup: int
    stream_hop: int
    stream_batch: int
    stream_learning_rate: float
    pre_emphasis: float
    dc_weight: float
    knob_range: tuple
    knob_train_cutoffs: tuple
    lstm: tuple
    reduced_lstm: tuple
    cnn: tuple
    windows: int
    latency_sizes: dict
    latency_repeats: int
    validation_windows: int
    lstm_epochs: int
    reduced_epochs: int
    cnn_epochs: int
    voice_seconds: float | None
    clips_seconds: float | None
    stream_epochs: int
    knob_epochs: int
    benchmark_seconds: float
    time_limits: dict

RECURRENT = by_scale(
    RecurrentSettings,
    common=dict(batch_size=256, learning_rate=0.001, patience=THESIS_PATIENCE, seed=0,
                stream_hidden=32,
                stream_segment=640, stream_warmup=128, stream_hop=640, stream_batch=64,
                stream_learning_rate=0.01, pre_emphasis=0.85, dc_weight=1.0,
                knob_range=(200.0, 2000.0),
                knob_train_cutoffs=(200.0, 316.0, 500.0, 791.0, 1250.0, 2000.0),
                time_limits={}),
    smoke=dict(lstm=(64, 16), reduced_lstm=(32, 8), cnn=(64, 8, 8), windows=512,
               latency_sizes={'lstm': (64, 16), 'reduced_lstm': (32, 8), 'gru': (32, 8),
                              'cnn': (64, 8, 8)},
               latency_repeats=2, validation_windows=256, lstm_epochs=1, reduced_epochs=1,
               cnn_epochs=1, voice_seconds=1.0, clips_seconds=1.0, stream_epochs=1,
               knob_epochs=1, benchmark_seconds=1.0),
    quick=dict(lstm=(128, 32), reduced_lstm=(64, 16), cnn=(128, 8, 8), windows=8192,
               latency_sizes=THESIS_SIZES, latency_repeats=5, validation_windows=2048,
               lstm_epochs=6, reduced_epochs=6,
               cnn_epochs=4, voice_seconds=None, clips_seconds=2.0, stream_epochs=4,
               knob_epochs=8, benchmark_seconds=5.0),
    paper=dict(lstm=THESIS_SIZES["lstm"], reduced_lstm=THESIS_SIZES["reduced_lstm"],
               cnn=THESIS_SIZES["cnn"], latency_sizes=THESIS_SIZES, latency_repeats=5,
               windows=65536, validation_windows=8192, lstm_epochs=1000,
               reduced_epochs=THESIS_EPOCHS["reduced LSTM"],
               cnn_epochs=THESIS_EPOCHS["dilated CNN"], voice_seconds=None, clips_seconds=4.0,
               stream_epochs=100, knob_epochs=100, benchmark_seconds=10.0,
               time_limits={"LSTM": 20.0, "reduced LSTM": 15.0, "GRU": 15.0,
                            "dilated CNN": 20.0, "streaming": 10.0, "knob": 10.0}),
)

SETTINGS = {"highpass_002": HIGHPASS_CORPUS, "05_recurrent_eq": RECURRENT}


# ------------------------------------------------------------------ corpus

HIGHPASS_KINDS = tuple(itertools.product(
    ("white", "pink", "gaussian", "brown", "sweep_up", "sweep_down"), signals.ENVELOPES))


def _highpass_clip(kind, env, n, sample_rate, rng):
    seconds = n / sample_rate
    seed = int(rng.integers(2 ** 31))
    if kind.startswith("sweep"):
        low, high = np.exp(rng.uniform(np.log(20), np.log(200))), \
            np.exp(rng.uniform(np.log(2000), np.log(20000)))
        f0, f1 = (low, high) if kind == "sweep_up" else (high, low)
        clip = signals.sweep("sine", f_start=f0, f_end=f1, seconds=seconds,
                             sample_rate=sample_rate)
    else:
        clip = signals.noise(kind, seconds=seconds, sample_rate=sample_rate, seed=seed)
    clip = clip[:n] if clip.shape[-1] >= n else np.pad(clip, (0, n - clip.shape[-1]))
    return signals.apply_envelope(clip, env) * rng.uniform(0.2, 0.8)


def _highpass_signal(total, clip_samples, sample_rate, fade_seconds, seed):
    """Clips of every kind x envelope in turn, each faded in and out, ``total`` samples."""
    rng = np.random.default_rng(seed)
    pieces, made = [], 0
    for kind, env in itertools.cycle(HIGHPASS_KINDS):
        n = min(clip_samples, total - made)
        if n <= 0:
            break
        clip = _highpass_clip(kind, env, n, sample_rate, rng)
        fade = min(fade_seconds, n / sample_rate / 4)
        pieces.append(signals.fade(clip, sample_rate=sample_rate, fade_in=fade, fade_out=fade))
        made += n
    return np.concatenate(pieces).astype(np.float32)


def highpass_corpus(scale=None, *, variant="mini", **changes):
    """002's corpus for the 440 Hz high-pass EQ.

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional
        Default ``$DSP_PAPER_SCALE`` or quick.
    variant : {"mini", "full"}
        ``"full"`` holds 7,813,000 samples at ``paper`` scale in clips of one second;
        ``"mini"`` ("miniaudio") 882,000 samples: every kind, shorter, 20 s together.

    Returns
    -------
    EffectCorpus
        Splits ``train``, ``validation1`` (new clips of the same kinds) and ``validation2``
        (recorded voice); mono float32 at ``sample_rate`` (Hz), one piece each.
    **changes
        Settings of ``highpass_002`` to change (e.g. ``cutoff_hz=500.0``).
    """
    if variant not in ("mini", "full"):
        raise ParameterError(f"unknown variant {variant!r}: use 'mini' or 'full'")
    cfg = scale_config("highpass_002", scale, **changes)
    sr = cfg.sample_rate
    voice = material.voice(sample_rate=sr)
    total = cfg.full_samples if variant == "full" else cfg.mini_samples
    clip = int(cfg.clip_seconds * sr) if variant == "full" else \
        max(1, total // len(HIGHPASS_KINDS))
    params = dict(cfg.as_dict(), variant=variant, voice=voice.provenance())
    effect = dict(sample_rate=sr, cutoff_hz=cfg.cutoff_hz, order=cfg.order)

    def build():
        train = _highpass_signal(total, clip, sr, cfg.fade_seconds, seed=2)
        val1 = _highpass_signal(cfg.validation1_samples, sr // 4, sr, cfg.fade_seconds, seed=3)
        val2 = normalise(voice.audio, peak=0.8)
        return {**pairs_to_arrays("train", [Pair(train, effects.highpass_eq(train, **effect))]),
                **pairs_to_arrays("validation1",
                                   [Pair(val1, effects.highpass_eq(val1, **effect))]),
                **pairs_to_arrays("validation2",
                                   [Pair(val2, effects.highpass_eq(val2, **effect))])}

    arrays, path = cached_arrays(f"highpass_002_{variant}", params, build)
    return EffectCorpus(f"highpass_002_{variant}", sr,
                        f"high-pass EQ band: Butterworth order {cfg.order} "
                        f"({6 * cfg.order} dB/octave), -3 dB at {cfg.cutoff_hz:g} Hz",
                        arrays_to_splits(arrays), [voice.provenance()], params, path)


# ------------------------------------------------------------------ helpers
def corpus_summary(mini, full, parts, *, sample_rate):
    """Pieces, samples and seconds of each split of both sets, and of each part of the
    assembled validation audio (:func:`recurrent_validation`).

    Returns
    -------
    pandas.DataFrame
        Indexed by (set, split).
    """
    import pandas as pd

    used = pd.DataFrame([dict(split=part, pieces=1, samples=p.n_samples,
                              seconds=round(p.n_samples / sample_rate, 2), channels=1)
                         for part, p in parts.items()]).set_index("split")
    return pd.concat({"full": full.summary(), "mini": mini.summary(),
                      "assembled validation": used}, names=["set"])


def dry_and_wet(parts):
    """``{"<part>, dry": input, "<part>, high-passed": target}`` for players."""
    return {f"{part}, {kind}": audio for part, p in parts.items()
            for kind, audio in (("dry", p.input), ("high-passed", p.target))}


def centre_excerpt(pair, *, samples=None):
    """The middle ``samples`` of a pair (all of it if None or longer than the pair)."""
    if samples is None or samples >= pair.n_samples:
        return pair
    start = (pair.n_samples - samples) // 2
    return Pair(pair.input[start:start + samples], pair.target[start:start + samples])


def assemble(pairs):
    """Join pairs end to end, as the thesis's Figs. 15, 17 and 19 show its validation audio.

    Returns
    -------
    pair : Pair
    starts : dict
        Sample index where each named piece begins.
    """
    starts, at = {}, 0
    for name, p in pairs.items():
        starts[name] = at
        at += p.n_samples
    return Pair(np.concatenate([p.input for p in pairs.values()]),
                np.concatenate([p.target for p in pairs.values()])), starts


def cutoff_control(cutoff_hz, *, low, high):
    """The knob's value fed to the network: the cut-off on a log scale, ``low`` -> -1,
    ``high`` -> +1."""
    cutoff_hz = np.asarray(cutoff_hz, np.float64)
    if np.any(cutoff_hz <= 0) or not 0 < low < high:
        raise ParameterError(f"need positive cut-offs and 0 < low < high, got {cutoff_hz}, "
                             f"{low}, {high}")
    return (2 * np.log(cutoff_hz / low) / np.log(high / low) - 1).astype(np.float32)


def knob_segments(audio, cutoffs, *, sample_rate, order, low, high, length, hop):
    """Training segments for the knob model: ``audio`` through the high-pass at each
    cut-off, the segments of the different cut-offs interleaved so every part of the audio
    is seen at one cut-off per epoch (an epoch costs what the plain model's does).

    Returns
    -------
    x : np.ndarray, shape (segments, length, 2)
        Audio and the knob value (:func:`cutoff_control`).
    y : np.ndarray, shape (segments, length, 1)
    """
    xs, ys = [], []
    for k, cutoff in enumerate(cutoffs):
        pair = Pair(audio, effects.highpass_eq(audio, sample_rate=sample_rate,
                                               cutoff_hz=cutoff, order=order))
        x, y = sequence_segments(pair, length=length, hop=hop,
                                 controls=[cutoff_control(cutoff, low=low, high=high)])
        xs.append(x[k::len(cutoffs)])
        ys.append(y[k::len(cutoffs)])
    return np.concatenate(xs), np.concatenate(ys)


def less_error(better, worse):
    """The thesis's "% less error": ``100 * (1 - better / worse)`` (negative: more error)."""
    if worse <= 0:
        raise ParameterError(f"the worse error must be positive, got {worse}")
    return 100.0 * (1.0 - better / worse)


def rating_means(counts=None):
    """Two means of the thesis's listener ratings (4.1.2).

    Parameters
    ----------
    counts : dict of int -> int, optional
        Rating -> listeners; default :data:`THESIS_RATINGS`.

    Returns
    -------
    dict
        ``listeners``; ``of_ratings``: the mean rating; ``of_counts``: the mean of the counts
        over the scale's steps (what the thesis's stated 2.25 equals).
    """
    counts = THESIS_RATINGS if counts is None else counts
    listeners = sum(counts.values())
    if listeners <= 0:
        raise ParameterError(f"need at least one listener, got {counts}")
    return dict(listeners=listeners,
                of_ratings=sum(r * n for r, n in counts.items()) / listeners,
                of_counts=listeners / len(counts))


def thesis_size_models(sizes, *, seed=0):
    """Untrained models at the thesis's sizes, for timing only (the time of a forward pass
    does not depend on the weights' values).

    Parameters
    ----------
    sizes : dict
        ``lstm``, ``reduced_lstm``, ``gru``: ``(window, hidden)``; ``cnn``:
        ``(window, filters, kernel_size)`` (:data:`THESIS_SIZES`).
    seed : int
        Initial weights.

    Returns
    -------
    dict of str -> keras.Model
        Keyed as ``sizes``.
    """
    from dsp_paper.nn import models

    built = {}
    for name, spec in sizes.items():
        if name == "cnn":
            window, filters, kernel = spec
            built[name] = models.dilated_cnn(window, filters=filters, kernel_size=kernel,
                                             name=f"thesis_{name}", seed=seed)
        else:
            window, hidden = spec
            built[name] = models.many_to_one_rnn(window, hidden=hidden,
                                                 cell="gru" if name == "gru" else "lstm",
                                                 name=f"thesis_{name}", seed=seed)
    return built


# ------------------------------------------------------------------ trainings

def recurrent_validation(mini, cfg):
    """05's validation audio: the voice (validation 2; its first ``cfg.voice_seconds``, all
    of it if None) and the centre ``cfg.clips_seconds`` of the clips (validation 1), joined
    end to end.

    Parameters
    ----------
    mini : EffectCorpus
        :func:`highpass_corpus` ``variant="mini"``.
    cfg : RecurrentSettings

    Returns
    -------
    parts : dict of str -> Pair
        :data:`VOICE` and :data:`CLIPS`, mono.
    validation : Pair
        Both joined, voice first.
    starts : dict of str -> int
        Where each part begins in ``validation`` (samples).
    """
    sr = mini.sample_rate
    voice = mini.split("validation2")[0]
    if cfg.voice_seconds is not None:
        n = int(cfg.voice_seconds * sr)
        voice = Pair(voice.input[:n], voice.target[:n])
    clips = None if cfg.clips_seconds is None else int(cfg.clips_seconds * sr)
    parts = {VOICE: voice,
             CLIPS: centre_excerpt(mini.split("validation1")[0], samples=clips)}
    validation, starts = assemble(parts)
    return parts, validation, starts


def train_thesis_models(cfg, mini, full, validation, *, seed=0, progress=True):
    """002's four many-to-one networks at ``cfg``'s sizes, each on the thesis's data set
    (the LSTM on the full set, the others on "miniaudio"), Adam on MSE, early stopping.

    Parameters
    ----------
    cfg : RecurrentSettings
    mini, full : EffectCorpus
        :func:`highpass_corpus`.
    validation : Pair
        The assembled validation audio (:func:`recurrent_validation`).
    seed : int
        Initial weights, the windows drawn and the shuffling; the checkpoints are
        ``05_<model>_<scale>_s<seed>``.

    Returns
    -------
    dict of str -> TrainingResult
        ``LSTM``, ``reduced LSTM``, ``GRU``, ``dilated CNN`` (:data:`THESIS_MODELS`).
    """
    from dsp_paper.nn import models
    from dsp_paper.nn.recurrent import train_many_to_one

    (lw, lh), (rw, rh) = cfg.lstm, cfg.reduced_lstm
    specs = {
        "LSTM": (lambda: models.many_to_one_rnn(lw, hidden=lh, name="lstm", seed=seed),
                 full, cfg.lstm_epochs),
        "reduced LSTM": (lambda: models.many_to_one_rnn(rw, hidden=rh, name="reduced_lstm",
                                                        seed=seed), mini, cfg.reduced_epochs),
        "GRU": (lambda: models.many_to_one_rnn(rw, hidden=rh, cell="gru", name="gru",
                                               seed=seed), mini, cfg.reduced_epochs),
        "dilated CNN": (lambda: models.dilated_cnn(cfg.cnn[0], filters=cfg.cnn[1],
                                                   kernel_size=cfg.cnn[2], name="dilated_cnn",
                                                   seed=seed), mini, cfg.cnn_epochs),
    }
    runs = {}
    for name, (build, corpus, epochs) in specs.items():
        model = build()
        runs[name] = train_many_to_one(
            model, corpus.split("train")[0], validation, windows=cfg.windows,
            validation_windows=cfg.validation_windows, epochs=epochs,
            batch_size=cfg.batch_size, learning_rate=cfg.learning_rate, patience=cfg.patience,
            seed=seed, checkpoint=checkpoint_name("05", model.name, cfg, seed),
            time_limit=cfg.time_limit(name), progress=progress)
    return runs


def thesis_runs_by_seed(cfg, mini, full, validation, *, seeds, progress=True):
    """:func:`train_thesis_models` once per seed.

    Returns
    -------
    dict of int -> dict of str -> TrainingResult
        Seed -> model name -> run.
    """
    return {seed: train_thesis_models(cfg, mini, full, validation, seed=seed,
                                      progress=progress) for seed in seeds}


def model_sizes(runs):
    """Window, weights, epochs run and training seconds of each thesis network.

    Parameters
    ----------
    runs : dict of int -> dict of str -> TrainingResult
        :func:`thesis_runs_by_seed`.

    Returns
    -------
    pandas.DataFrame
        One row per model; ``epochs`` and ``seconds`` are means over the seeds.
    """
    import pandas as pd

    seeds = list(runs)
    first = runs[seeds[0]]
    return pd.DataFrame.from_dict({name: {
        "window (samples)": first[name].model.input_shape[1],
        "weights": first[name].model.count_params(),
        "epochs (mean of seeds)": float(np.mean([len(runs[s][name].log.epoch) for s in seeds])),
        "training s (mean of seeds)": round(float(np.mean([runs[s][name].log.seconds[-1]
                                                           for s in seeds])), 1)}
        for name in first}, orient="index")


def final_validation_errors(runs):
    """The last epoch's validation MSE (the thesis's "validation error") of every run.

    Returns
    -------
    pandas.DataFrame
        Models (rows) x seeds (columns).
    """
    import pandas as pd

    return pd.DataFrame({seed: {name: float(run.log.val_loss[-1]) for name, run in by.items()}
                         for seed, by in runs.items()})


def streaming_data(mini, validation, cfg, *, cutoff_hz=None):
    """Segments for the streaming model: the "miniaudio" training signal in segments of
    ``cfg.stream_segment`` samples at ``cfg.stream_hop``, the validation audio in half
    seconds; with ``cutoff_hz``, both through the high-pass at that cut-off instead of the
    corpus's.

    Returns
    -------
    data, validation : tuple of np.ndarray
        ``(x, y)`` of shapes ``(segments, length, 1)``.
    """
    sr = mini.sample_rate
    train = mini.split("train")[0]
    if cutoff_hz is not None:
        retarget = lambda p: Pair(p.input, effects.highpass_eq(p.input, sample_rate=sr,
                                                               cutoff_hz=cutoff_hz))
        train, validation = retarget(train), retarget(validation)
    half = min(validation.n_samples, sr // 2)
    data = sequence_segments(train, length=cfg.stream_segment, hop=cfg.stream_hop)
    return data, sequence_segments(validation, length=half, hop=half)


def train_streaming_model(cfg, data, validation, *, seed=0, loss=None, name=None, epochs=None,
                          time_limit=None, progress=True):
    """The streaming LSTM of 05 (``cfg.stream_hidden`` units and a linear skip).

    Parameters
    ----------
    cfg : RecurrentSettings
        ``scale_config("05_recurrent_eq", scale)``.
    data, validation : tuple
        :func:`streaming_data`.
    seed : int
        Initial weights and shuffling.
    loss : keras.losses.Loss, optional
        Default 05's ESR with pre-emphasis plus DC, after the warm-up.
    name : str, optional
        The model's name; the checkpoint is ``05_<name>_<scale>_s<seed>`` (``streaming`` for
        the unnamed model of 05).
    epochs : int, optional
        Default ``cfg.stream_epochs``.
    time_limit : float, optional
        Default ``cfg.time_limit("streaming")`` (a cap only at ``paper``).

    Returns
    -------
    TrainingResult
    """
    from dsp_paper.nn import models
    from dsp_paper.nn.recurrent import train_streaming

    model = models.streaming_rnn(hidden=cfg.stream_hidden, name=name, seed=seed)
    return train_streaming(model, data, validation, epochs=cfg.stream_epochs if epochs is None
                           else epochs, batch_size=cfg.stream_batch,
                           learning_rate=cfg.stream_learning_rate, warmup=cfg.stream_warmup,
                           pre_emphasis=cfg.pre_emphasis, dc_weight=cfg.dc_weight, loss=loss,
                           seed=seed,
                           checkpoint=checkpoint_name("05", name or "streaming", cfg, seed),
                           time_limit=cfg.time_limit("streaming") if time_limit is None
                           else time_limit, progress=progress)


def streaming_runs_by_seed(cfg, data, validation, *, seeds, progress=True):
    """:func:`train_streaming_model` (05's own, ESR + DC) once per seed.

    Returns
    -------
    dict of int -> TrainingResult
    """
    return {seed: train_streaming_model(cfg, data, validation, seed=seed, progress=progress)
            for seed in seeds}


def check_streaming(stream_runs, voice, *, sample_rate, check_seconds=0.5):
    """Each streaming run on the whole voice through the compiled kernel, and the kernel
    checked against Keras on the voice's first ``check_seconds``.

    Parameters
    ----------
    stream_runs : dict of int -> TrainingResult
        :func:`streaming_runs_by_seed`.
    voice : Pair
        The whole voice (validation 2).
    sample_rate : int
        Hz.

    Returns
    -------
    dict
        ``voice_esr`` (seed -> ESR on the whole voice), ``kernel_gap`` (largest absolute
        difference between the kernel and Keras, first seed's model), ``table``
        (pandas.DataFrame, one row per seed: weights, epochs, training seconds, voice ESR).
    """
    import pandas as pd

    from dsp_paper.metrics import esr
    from dsp_paper.nn.streaming import StreamingLSTM

    first = next(iter(stream_runs.values())).model
    check = voice.input[:int(check_seconds * sample_rate)]
    keras_out = first.predict(check[None, :, None], verbose=0)[0, :, 0]
    gap = float(np.max(np.abs(StreamingLSTM.from_keras(first).process_file(check) - keras_out)))
    voice_esr = {s: esr(StreamingLSTM.from_keras(r.model).process_file(voice.input),
                        voice.target) for s, r in stream_runs.items()}
    table = pd.DataFrame.from_dict(
        {s: {"weights": r.model.count_params(), "epochs": len(r.log.epoch),
             "training s": round(r.log.seconds[-1], 1), "ESR, whole voice": voice_esr[s]}
         for s, r in stream_runs.items()}, orient="index").rename_axis("seed")
    return dict(voice_esr=voice_esr, kernel_gap=gap, table=table)


def train_knob_model(cfg, mini, validation, *, seed=0, progress=True):
    """The streaming LSTM with the cut-off as a second input, trained on "miniaudio"
    through the high-pass at each of ``cfg.knob_train_cutoffs`` (interleaved, so an epoch
    costs what the plain model's does) for ``cfg.knob_epochs``.

    Returns
    -------
    TrainingResult
        Checkpoint ``05_knob_<scale>_s<seed>``.
    """
    from dsp_paper.nn import models
    from dsp_paper.nn.recurrent import train_streaming

    low, high = cfg.knob_range
    sr = mini.sample_rate
    order = scale_config("highpass_002", cfg.scale).order
    x, y = knob_segments(mini.split("train")[0].input, cfg.knob_train_cutoffs, sample_rate=sr,
                         order=order, low=low, high=high, length=cfg.stream_segment,
                         hop=cfg.stream_hop)
    half = min(validation.n_samples, sr // 2)
    vx, vy = knob_segments(validation.input, cfg.knob_train_cutoffs, sample_rate=sr,
                           order=order, low=low, high=high, length=half, hop=half)
    model = models.streaming_rnn(hidden=cfg.stream_hidden, controls=1, name="streaming_knob",
                                 seed=seed)
    return train_streaming(model, (x, y), (vx, vy), epochs=cfg.knob_epochs,
                           batch_size=cfg.stream_batch, learning_rate=cfg.stream_learning_rate,
                           warmup=cfg.stream_warmup, pre_emphasis=cfg.pre_emphasis,
                           dc_weight=cfg.dc_weight, seed=seed,
                           checkpoint=checkpoint_name("05", "knob", cfg, seed),
                           time_limit=cfg.time_limit("knob"), progress=progress)

def planned_work(notebook, scale):
    """What ``05_recurrent_eq`` trains and runs at ``scale``, for :mod:`dsp_paper.study.estimate`:
    each distinct training once, as the notebook calls it, inside ``probe.runs`` for its
    seeds, and the many-to-one models' outputs at every sample of the validation audio (every
    model at the first seed, the LSTM at every seed: :func:`outputs_by_seed`)."""
    from dsp_paper.nn import probe
    from dsp_paper.study.settings import seeds

    cfg, count = scale_config("05_recurrent_eq", scale), len(seeds(scale))
    mini, full = highpass_corpus(scale, variant="mini"), highpass_corpus(scale, variant="full")
    _, validation, _ = recurrent_validation(mini, cfg)
    with probe.runs(count):
        runs = train_thesis_models(cfg, mini, full, validation, progress=False)
        data, val = streaming_data(mini, validation, cfg)
        train_streaming_model(cfg, data, val, progress=False)
        train_knob_model(cfg, mini, validation, progress=False)
        for cutoff in KNOB_UNSEEN_CUTOFFS:
            if float(cutoff) not in cfg.knob_train_cutoffs and cutoff != 440:
                data, val = streaming_data(mini, validation, cfg, cutoff_hz=cutoff)
                train_streaming_model(cfg, data, val, name=f"streaming_at_{float(cutoff):g}",
                                      progress=False)
    planned_outputs(runs, validation, lstm_runs=count)


def planned_outputs(runs, validation, *, lstm_runs):
    """For :mod:`dsp_paper.study.estimate`: the thesis models' outputs at every sample of the
    validation audio (:func:`~dsp_paper.nn.runs.kept_prediction`), the LSTM's ``lstm_runs``
    times, the others' once."""
    from dsp_paper.nn import probe
    from dsp_paper.nn.runs import PREDICTION_BATCH

    for name, run in runs.items():
        window = run.model.input_shape[1]
        rows = np.lib.stride_tricks.sliding_window_view(validation.input, window)[:256, :, None]
        with probe.runs(lstm_runs if name == "LSTM" else 1):
            probe.probe_passes(f"05 {name}: output at every sample", run.model, rows,
                                  examples=validation.n_samples, batch_size=PREDICTION_BATCH)


# ------------------------------------------------------------------ evaluations

def recurrent_outputs(runs, stream_model, validation, parts):
    """Every 05 model's output over the assembled validation audio.

    The many-to-one models see the window ending at each sample (zeros before the start);
    the streaming model starts from a zero state at the start of each part, as the windows
    do.

    Parameters
    ----------
    runs : dict of str -> TrainingResult
        :func:`train_thesis_models` (or a subset of it).
    stream_model : keras.Model or None
        A :func:`~dsp_paper.nn.models.streaming_rnn`, run through the compiled kernel.
    validation : Pair
    parts : dict of str -> Pair
        :func:`recurrent_validation`.

    Returns
    -------
    dict of str -> np.ndarray, shape (validation.n_samples,)
    """
    from dsp_paper.nn.streaming import StreamingLSTM

    outputs = {name: kept_prediction(run.model, validation.input) for name, run in runs.items()}
    if stream_model is not None:
        stream = StreamingLSTM.from_keras(stream_model)
        outputs[STREAMING] = np.concatenate([stream.process_file(p.input)
                                             for p in parts.values()])
    return outputs


def outputs_by_seed(runs, stream_runs, validation, parts):
    """:func:`recurrent_outputs` for every seed: every model at the first seed; at the
    others the LSTM (C2.2 rests on it) and the streaming LSTM only, since a many-to-one model
    runs its window once per output sample.

    Parameters
    ----------
    runs : dict of int -> dict of str -> TrainingResult
        :func:`thesis_runs_by_seed`.
    stream_runs : dict of int -> TrainingResult
        :func:`streaming_runs_by_seed`, the same seeds.

    Returns
    -------
    dict of int -> dict of str -> np.ndarray
        Seed -> model -> output over ``validation``.
    """
    seeds = list(runs)
    return {seed: recurrent_outputs({n: r for n, r in runs[seed].items()
                                     if seed == seeds[0] or n == "LSTM"},
                                    stream_runs[seed].model, validation, parts)
            for seed in seeds}


def _per_seed_measures(outputs, target, *, piece=slice(None)):
    import pandas as pd

    from dsp_paper.nn.recurrent import compare_outputs

    return pd.concat({seed: compare_outputs({n: o[piece] for n, o in by.items()}, target)
                      for seed, by in outputs.items()}, names=["seed", "model"])


def _seeds_with(outputs):
    names = list(next(iter(outputs.values())))
    return {n: [s for s in outputs if n in outputs[s]] for n in names}


def _mos_means(mos, part):
    """Model -> MOS-LQO on ``part``, the mean over the seeds that ran it."""
    import pandas as pd

    names = list(dict.fromkeys(n for by in mos.values() for n, _ in by))
    return pd.Series({n: float(np.mean(_band_values(mos, n, part))) for n in names})


def validation_table(runs, outputs, validation, *, mos):
    """The thesis's validation error beside this run's, every measure of
    :func:`dsp_paper.metrics.all_metrics` over the whole assembled validation output, and
    ViSQOL's MOS-LQO on each part.

    Parameters
    ----------
    runs : dict of int -> dict of str -> TrainingResult
    outputs : dict of int -> dict of str -> np.ndarray
        :func:`outputs_by_seed`.
    validation : Pair
    mos : dict of int -> dict of (model, part) -> float
        :func:`mos_by_seed`.

    Returns
    -------
    pandas.DataFrame
        One row per model: ``thesis: validation error`` (:data:`THESIS_VALIDATION_ERROR`),
        ``validation error (mean of seeds)`` (the last epoch's MSE on the validation
        windows), ``seeds`` (how many seeds each measure averages), then ``mse``, ``esr``,
        ``esr_pre_emphasis``, ``dc_error``, ``lsd_db`` (dB), ``mr_stft``,
        ``accuracy_12bit`` (share of samples, 0-1) and ``<part> MOS-LQO`` for the voice and
        the clips (about 1 to 4.73, higher is better), means over those seeds.
    """
    import pandas as pd

    measures = _per_seed_measures(outputs, validation.target)
    table = measures.groupby(level="model", sort=False).mean()
    table.insert(0, "seeds", pd.Series({n: len(s) for n, s in _seeds_with(outputs).items()}))
    table.insert(0, "validation error (mean of seeds)",
                 final_validation_errors(runs).mean(axis=1))
    table.insert(0, "thesis: validation error", pd.Series(THESIS_VALIDATION_ERROR))
    perceptual = [f"{part} MOS-LQO" for part in (VOICE, CLIPS)]
    for part, column in zip((VOICE, CLIPS), perceptual):
        table[column] = _mos_means(mos, part)
    return table[["thesis: validation error", "validation error (mean of seeds)", "seeds",
                  "mse", "esr", "esr_pre_emphasis", "dc_error", "lsd_db", "mr_stft",
                  "accuracy_12bit", *perceptual]]


def spectrum_settings():
    """The settings C2.2's rules are measured with (floor, bands, the yardstick's cut-off
    error), as the registry holds them."""
    return dict(next(c for c in CLAIMS if c.id == "C2.2a").settings)


def _part_bands(settings):
    return {VOICE: tuple(settings["voice_band_hz"]), CLIPS: tuple(settings["clips_band_hz"])}


def spectrum_yardsticks(parts, *, sample_rate, cutoff_hz, settings=None):
    """For each part, the band-limited distance of the same high-pass with its cut-off set
    ``settings["cutoff_error"]`` too high: what "not preserving the spectrum" is judged
    against (C2.2).

    Parameters
    ----------
    parts : dict of str -> Pair
    sample_rate : int
        Hz.
    cutoff_hz : float
        The corpus's cut-off (Hz).
    settings : dict, optional
        Default :func:`spectrum_settings`.

    Returns
    -------
    dict of str -> float
        Part -> band-limited log-spectral distance (dB).
    """
    settings = spectrum_settings() if settings is None else settings
    bands = _part_bands(settings)
    return {part: band_lsd(off, parts[part].target, sample_rate=sample_rate, band=bands[part],
                           floor_db=settings["floor_db"])
            for part, off in _cutoff_off(parts, sample_rate=sample_rate, cutoff_hz=cutoff_hz,
                                         cutoff_error=settings["cutoff_error"]).items()}


def _cutoff_off(parts, *, sample_rate, cutoff_hz, cutoff_error):
    """Each part's input through the effect with its cut-off ``cutoff_error`` too high."""
    return {part: effects.highpass_eq(p.input, sample_rate=sample_rate,
                                      cutoff_hz=(1 + cutoff_error) * cutoff_hz)
            for part, p in parts.items()}


def mos_yardsticks(parts, *, sample_rate, cutoff_hz):
    """For each part, ViSQOL's MOS-LQO of the same high-pass with its cut-off set C2.2c's
    ``cutoff_error`` too high (C2.2a's yardstick, heard instead of measured).

    Returns
    -------
    dict of str -> float
        Part -> MOS-LQO (about 1 to 4.73).
    """
    error = next(c for c in CLAIMS if c.id == "C2.2c").settings["cutoff_error"]
    return {part: mos_lqo(off, parts[part].target, sample_rate=sample_rate)
            for part, off in _cutoff_off(parts, sample_rate=sample_rate, cutoff_hz=cutoff_hz,
                                         cutoff_error=error).items()}


def describe_yardsticks(yardsticks, *, mos=None, settings=None):
    """One line naming the yardstick of C2.2 and its value on each part; with ``mos``
    (:func:`mos_yardsticks`), its MOS-LQO too (C2.2c)."""
    settings = spectrum_settings() if settings is None else settings
    line = (f"band-limited LSD of the same high-pass with its cut-off set "
            f"{settings['cutoff_error']:.0%} too high (the yardstick of C2.2): "
            + ", ".join(f"{part} {v:.2f} dB" for part, v in yardsticks.items()))
    if mos is not None:
        line += "; its MOS-LQO (C2.2c): " + ", ".join(f"{part} {v:.2f}"
                                                      for part, v in mos.items())
    return line


def part_band_lsd(outputs, parts, starts, *, sample_rate, settings=None):
    """Every output's band-limited distance on each part of the assembled validation audio.

    Parameters
    ----------
    outputs : dict of str -> np.ndarray
        :func:`recurrent_outputs`.
    settings : dict, optional
        Default :func:`spectrum_settings`.

    Returns
    -------
    dict of (model, part) -> float
        dB.
    """
    settings = spectrum_settings() if settings is None else settings
    bands = _part_bands(settings)
    return {(name, part): band_lsd(out[starts[part]:starts[part] + p.n_samples], p.target,
                                   sample_rate=sample_rate, band=bands[part],
                                   floor_db=settings["floor_db"])
            for name, out in outputs.items() for part, p in parts.items()}


def band_lsd_by_seed(outputs, parts, starts, *, sample_rate, settings=None):
    """:func:`part_band_lsd` for every seed of :func:`outputs_by_seed`.

    Returns
    -------
    dict of int -> dict of (model, part) -> float
    """
    return {seed: part_band_lsd(by, parts, starts, sample_rate=sample_rate, settings=settings)
            for seed, by in outputs.items()}


def part_mos(outputs, parts, starts, *, sample_rate):
    """Every output's MOS-LQO (:func:`~dsp_paper.metrics.mos_lqo`) on each part of the
    assembled validation audio.

    Returns
    -------
    dict of (model, part) -> float
    """
    return {(name, part): mos_lqo(out[starts[part]:starts[part] + p.n_samples], p.target,
                                  sample_rate=sample_rate)
            for name, out in outputs.items() for part, p in parts.items()}


def mos_by_seed(outputs, parts, starts, *, sample_rate):
    """:func:`part_mos` for every seed of :func:`outputs_by_seed`.

    Returns
    -------
    dict of int -> dict of (model, part) -> float
    """
    return {seed: part_mos(by, parts, starts, sample_rate=sample_rate)
            for seed, by in outputs.items()}


def _band_values(band, name, part):
    return [b[name, part] for b in band.values() if (name, part) in b]


def band_table(band, parts):
    """Band-limited LSD per model and part as ``mean [min–max] (seeds)`` strings.

    Parameters
    ----------
    band : dict of int -> dict of (model, part) -> float
        :func:`band_lsd_by_seed`.

    Returns
    -------
    pandas.DataFrame
        One row per model, one column per part.
    """
    import pandas as pd

    return _per_part_table(band, parts, measure="band-limited LSD dB")


def mos_table(mos, parts):
    """MOS-LQO per model and part as ``mean [min–max] (seeds)`` strings (:func:`band_table`'s
    layout).

    Parameters
    ----------
    mos : dict of int -> dict of (model, part) -> float
        :func:`mos_by_seed`.
    """
    return _per_part_table(mos, parts, measure="MOS-LQO")


def _per_part_table(values, parts, *, measure):
    import pandas as pd

    names = list(dict.fromkeys(n for b in values.values() for n, _ in b))
    cell = lambda v: f"{np.mean(v):.2f} [{min(v):.2f}–{max(v):.2f}] ({len(v)})"
    return pd.DataFrame({f"{part}: {measure}": {n: cell(_band_values(values, n, part))
                                                for n in names}
                         for part in parts})


def thesis_ratings():
    """The thesis's listener ratings of its LSTM's voice output (4.1.2).

    Returns
    -------
    pandas.DataFrame
        One row per rating of the 1-4 scale: its meaning and how many of the 9 listeners
        gave it.
    """
    import pandas as pd

    return pd.DataFrame({"meaning": THESIS_RATING_SCALE,
                         "listeners (thesis)": THESIS_RATINGS}).rename_axis("rating")


def accuracy_and_ratings(outputs, validation, parts, starts, *, mos):
    """The thesis's 12-bit accuracy and listener rating beside this run's 12-bit accuracy,
    its signal measures on the voice and ViSQOL's MOS-LQO of the voice. This run had no
    listeners: it gives no rating, and MOS-LQO (an objective model of listeners, on its own
    scale of about 1 to 4.73) stands beside the thesis's rating without being converted
    into it.

    Parameters
    ----------
    outputs : dict of int -> dict of str -> np.ndarray
        :func:`outputs_by_seed`.
    validation : Pair
    parts : dict of str -> Pair
    starts : dict of str -> int
    mos : dict of int -> dict of (model, part) -> float
        :func:`mos_by_seed`.

    Returns
    -------
    pandas.DataFrame
        One row per model; this run's columns are means over the seeds each was run with.
    """
    import pandas as pd

    voice = parts[VOICE]
    piece = slice(starts[VOICE], starts[VOICE] + voice.n_samples)
    whole = _per_seed_measures(outputs, validation.target).groupby(level="model",
                                                                   sort=False).mean()
    on_voice = _per_seed_measures(outputs, voice.target, piece=piece).groupby(
        level="model", sort=False).mean()
    voice_mos = _mos_means(mos, VOICE)
    means = rating_means()
    rated = (f"{THESIS_RATING_MEAN:g} as stated (mean rating from its counts "
             f"{means['of_ratings']:.2f}), {means['listeners']} listeners")
    rows = {}
    for name in whole.index:
        thesis_accuracy = THESIS_ACCURACY_12BIT.get(name, "not in the thesis")
        rows[name] = {
            "thesis: 12-bit accuracy": thesis_accuracy or "not reported",
            "this run: 12-bit accuracy, assembled validation": whole.loc[name,
                                                                         "accuracy_12bit"],
            "this run: 12-bit accuracy, voice": on_voice.loc[name, "accuracy_12bit"],
            "thesis: listener rating of the voice (1-4)": rated if name == "LSTM" else
            ("not rated" if name in THESIS_MODELS else "not in the thesis"),
            "this run: listener rating": "none (no listeners)",
            "this run, voice, objective stand-in (not a rating): ViSQOL MOS-LQO, about 1-4.73":
                voice_mos[name],
            "this run, voice, signal measure (not a rating): ESR": on_voice.loc[name, "esr"],
            "this run, voice, signal measure: LSD dB": on_voice.loc[name, "lsd_db"],
            "this run, voice, signal measure: MR-STFT": on_voice.loc[name, "mr_stft"]}
    return pd.DataFrame(rows).T


def voice_clips(outputs, parts, starts, *, seed):
    """The clips 05 publishes: the voice dry, through the high-pass (the target) and through
    every model of ``seed`` (the first seed has them all).

    Returns
    -------
    dict of str -> np.ndarray
        Title -> mono audio.
    """
    voice = parts[VOICE]
    piece = slice(starts[VOICE], starts[VOICE] + voice.n_samples)
    return {"voice, dry (input)": voice.input, "voice, high-passed (target)": voice.target,
            **{f"voice through the {n}": out[piece] for n, out in outputs[seed].items()}}


def latency_measurements(cfg, stream_model, audio, *, sample_rate, seed=None):
    """C2.3 measured on this machine, every row on one CPU core in the same run: the
    thesis's networks at ``cfg.latency_sizes`` (untrained: a forward pass costs the same
    whatever the weights) one forward pass per output sample, then ``stream_model`` in Keras
    and through the compiled kernel in blocks of :data:`STREAM_BLOCKS`.

    Parameters
    ----------
    cfg : RecurrentSettings
    stream_model : keras.Model
        A :func:`~dsp_paper.nn.models.streaming_rnn` LSTM.
    audio : np.ndarray, shape (n,)
        Mono test audio, repeated or cut to ``cfg.benchmark_seconds``.
    sample_rate : int
        Hz.
    seed : int, optional
        Initial weights of the timed models (default ``cfg.seed``).

    Returns
    -------
    table : pandas.DataFrame
        :func:`dsp_paper.nn.recurrent.latency_table`'s, with the sizes timed and the thesis's
        figures (:data:`THESIS_MS_PER_SAMPLE`, :data:`THESIS_SECONDS_PER_SECOND`) beside the
        LSTM's row.
    repeats : dict
        Each timing repeat (:func:`dsp_paper.nn.recurrent.latency_table`).
    """
    from dsp_paper.nn.recurrent import latency_table

    seed = cfg.seed if seed is None else seed
    timed = thesis_size_models(cfg.latency_sizes, seed=seed)
    bench = np.resize(np.asarray(audio, np.float32), int(cfg.benchmark_seconds * sample_rate))
    table, repeats = latency_table(timed, stream_model, bench, block_sizes=STREAM_BLOCKS,
                                   sample_rate=sample_rate, repeats=cfg.latency_repeats)
    streaming_rows = len(table) - len(timed)
    table.insert(0, "sizes", [str(cfg.latency_sizes[n]) for n in timed]
                 + [f"{cfg.stream_hidden} units"] * streaming_rows)
    thesis = lambda value: [value if n == "lstm" else np.nan for n in timed] \
        + [np.nan] * streaming_rows
    table.insert(1, "thesis: ms per output sample", thesis(THESIS_MS_PER_SAMPLE))
    table.insert(2, "thesis: s per s", thesis(THESIS_SECONDS_PER_SECOND))
    return table, repeats


def knob_evaluations(cfg, mini, validation, seeds, stream_runs, *, progress=True):
    """The knob model against models trained at single cut-offs (C2.4a), once per seed.

    For every cut-off the knob saw in training and every unseen cut-off of the registry
    (:data:`KNOB_UNSEEN_CUTOFFS`), the ESR on the whole voice through the
    high-pass at that cut-off: of the knob model, of 05's 440 Hz model (no knob) and, at the
    unseen cut-offs, of the streaming LSTM trained at that cut-off alone (at 440 Hz, 05's own
    model, ``stream_runs``).

    Parameters
    ----------
    cfg : RecurrentSettings
    mini : EffectCorpus
    validation : Pair
    seeds : sequence of int
    stream_runs : dict of int -> TrainingResult
        :func:`streaming_runs_by_seed`.

    Returns
    -------
    table : pandas.DataFrame
        One row per (cut-off Hz, seed): ``seen in training``, ``knob model``,
        ``440 Hz model (no knob)``, ``trained at this cut-off`` (ESR; NaN at seen cut-offs),
        and ViSQOL's MOS-LQO of the knob model and of the model trained at that cut-off.
    outputs : dict of (float, int) -> (np.ndarray, np.ndarray)
        (cut-off, seed) -> (knob output, target) on the whole voice.
    """
    import pandas as pd

    from dsp_paper.metrics import esr
    from dsp_paper.nn.streaming import StreamingLSTM

    low, high = cfg.knob_range
    sr = mini.sample_rate
    voice = mini.split("validation2")[0]
    rows, outputs = [], {}
    for seed in seeds:
        knob = StreamingLSTM.from_keras(train_knob_model(cfg, mini, validation, seed=seed,
                                                         progress=progress).model)
        fixed = StreamingLSTM.from_keras(stream_runs[seed].model).process_file(voice.input)
        for cutoff in sorted({*cfg.knob_train_cutoffs, *map(float, KNOB_UNSEEN_CUTOFFS)}):
            target = effects.highpass_eq(voice.input, sample_rate=sr, cutoff_hz=cutoff)
            out = knob.process_file(voice.input, controls=[cutoff_control(cutoff, low=low,
                                                                          high=high)])
            row = {"cut-off Hz": cutoff, "seed": seed,
                   "seen in training": cutoff in cfg.knob_train_cutoffs,
                   "knob model": esr(out, target), "440 Hz model (no knob)": esr(fixed, target),
                   "trained at this cut-off": float("nan"),
                   "knob model MOS-LQO": mos_lqo(out, target, sample_rate=sr),
                   "trained at this cut-off MOS-LQO": float("nan")}
            if not row["seen in training"]:
                if cutoff == 440.0:
                    dedicated = stream_runs[seed]
                else:
                    data, val = streaming_data(mini, validation, cfg, cutoff_hz=cutoff)
                    dedicated = train_streaming_model(cfg, data, val, seed=seed,
                                                      name=f"streaming_at_{cutoff:g}",
                                                      progress=progress)
                dedicated_out = StreamingLSTM.from_keras(dedicated.model).process_file(voice.input)
                row["trained at this cut-off"] = esr(dedicated_out, target)
                row["trained at this cut-off MOS-LQO"] = mos_lqo(dedicated_out, target,
                                                                 sample_rate=sr)
            rows.append(row)
            outputs[cutoff, seed] = (out, target)
    return pd.DataFrame(rows).set_index(["cut-off Hz", "seed"]), outputs


def knob_summary(knob_table):
    """:func:`knob_evaluations`' table averaged over the seeds, one row per cut-off (Hz)."""
    return knob_table.groupby(level="cut-off Hz").agg(
        {"seen in training": "first", "knob model": "mean", "trained at this cut-off": "mean",
         "440 Hz model (no knob)": "mean", "knob model MOS-LQO": "mean",
         "trained at this cut-off MOS-LQO": "mean"})


def knob_clips(knob_outputs, *, seed, cutoff_hz=KNOB_PLAYED_CUTOFF):
    """The voice through the high-pass at an unseen cut-off and through the knob model set
    to it (``knob_outputs`` of :func:`knob_evaluations`).

    Returns
    -------
    dict of str -> np.ndarray
    """
    out, target = knob_outputs[float(cutoff_hz), seed]
    return {f"voice, high-passed at {cutoff_hz:g} Hz (target)": target,
            f"voice through the knob model set to {cutoff_hz:g} Hz (never seen)": out}


def paper_vs_ours_table(runs, outputs, latency, *, validation, lstm_size):
    """Every number the thesis reports that this run measures, beside this run's.

    Parameters
    ----------
    runs : dict of int -> dict of str -> TrainingResult
    outputs : dict of int -> dict of str -> np.ndarray
        :func:`outputs_by_seed`.
    latency : pandas.DataFrame
        :func:`latency_measurements`' table.
    validation : Pair
    lstm_size : tuple
        ``cfg.lstm``: the size this run trained the LSTM at.

    Returns
    -------
    pandas.DataFrame
        :func:`dsp_paper.study.report.paper_vs_ours`: quantity, paper (reported), this run, note.
    """
    from dsp_paper.metrics import mse
    from dsp_paper.study.report import paper_vs_ours

    ours = final_validation_errors(runs).mean(axis=1)
    n = len(runs)
    lstm_row = latency.loc[[i for i in latency.index if i.startswith("lstm ")][0]]
    stream_mse = np.mean([mse(by[STREAMING], validation.target) for by in outputs.values()])
    means = rating_means()
    rows = [(f"reduced LSTM vs {other}: % less error", percent,
             round(less_error(ours["reduced LSTM"], ours[other]), 1),
             f"mean of {_count(n, 'seed')}")
            for other, percent in THESIS_LESS_ERROR_PERCENT.items()]
    rows += [(f"{name} validation error (MSE)", value, float(f"{ours[name]:.3g}"),
              f"sizes {lstm_size}, mean of {_count(n, 'seed')}" if name == "LSTM"
              else f"mean of {_count(n, 'seed')}")
             for name, value in THESIS_VALIDATION_ERROR.items()]
    rows += [("LSTM: ms per output sample", THESIS_MS_PER_SAMPLE,
              float(f"{lstm_row['ms per output sample']:.3g}"),
              f"sizes {lstm_row['sizes']}, one CPU core; thesis: its GPU"),
             ("LSTM: s per s of 44.1 kHz audio", THESIS_SECONDS_PER_SECOND,
              float(f"{lstm_row['s per s of audio']:.3g}"), "the same timing"),
             ("streaming LSTM validation error (MSE)", "—", float(f"{stream_mse:.3g}"),
              "not in the thesis; whole assembled validation"),
             ("listener rating of the LSTM's voice (1-4)", THESIS_RATING_MEAN, "—",
              f"no listeners here; the thesis's counts give a mean of "
              f"{means['of_ratings']:.2f}")]
    return paper_vs_ours(rows)

# ------------------------------------------------------------------ figures

def _count(n, noun):
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _figure(nrows=1, ncols=1, *, size, **kwargs):
    import matplotlib.pyplot as plt

    return plt.subplots(nrows, ncols, figsize=size, squeeze=False, layout="constrained",
                        **kwargs)


def _hz_axis(ax, sample_rate):
    """A log frequency axis from 20 Hz to Nyquist, ticks in plain Hz."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

    ax.set_xscale("log")
    ax.set_xlim(20, sample_rate / 2)
    ticks = [t for t in (20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000)
             if t <= sample_rate / 2]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda v, _: f"{v / 1000:g}k" if v >= 1000 else f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("frequency (Hz)")


def _cutoff_line(ax, cutoff_hz, *, label=True):
    ax.axvline(cutoff_hz, color="0.35", ls=":", lw=1.2,
               label=f"{cutoff_hz:g} Hz cut-off" if label else None)
    ax.text(cutoff_hz * 1.06, 0.03, f"{cutoff_hz:g} Hz cut-off",
            transform=ax.get_xaxis_transform(), fontsize=8, color="0.3")


def effect_figure(voice, *, sample_rate, cutoff_hz, order):
    """The effect on the voice: its spectrum dry and high-passed, and the high-pass's
    magnitude response.

    Parameters
    ----------
    voice : Pair
        The whole voice (validation 2).
    sample_rate : int
        Hz.
    cutoff_hz : float
    order : int
        The Butterworth high-pass's order.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from dsp_paper.plotting import welch_db

    fig, axes = _figure(1, 2, size=(12, 3.8))
    ax_s, ax_r = axes[0]
    for label, audio, colour in (("voice, dry", voice.input, "0.55"),
                                 ("voice, high-passed (target)", voice.target, "k")):
        f, db = welch_db(audio, sample_rate)
        ax_s.semilogx(f[1:], db[1:], color=colour, lw=1, label=label)
    f, response = effects.magnitude_response_db(effects.highpass_eq, sample_rate=sample_rate,
                                                cutoff_hz=cutoff_hz, order=order)
    ax_r.semilogx(f[1:], response[1:], color="C0", lw=1.2,
                  label=f"Butterworth high-pass, order {order}")
    for ax in (ax_s, ax_r):
        _cutoff_line(ax, cutoff_hz, label=False)
        _hz_axis(ax, sample_rate)
        ax.grid(True, which="both", alpha=0.3)
    ax_s.set(ylabel="power spectral density (dB re 1/Hz)", title="the voice, dry and through "
             "the effect")
    ax_r.set(ylabel="gain (dB)", ylim=(-80, 5), title="the effect's magnitude response")
    ax_s.legend(fontsize=8, loc="lower left")  # the stop band's empty corner
    ax_r.legend(fontsize=8, loc="upper left")
    return fig


def training_curves_figure(runs):
    """Training and validation MSE per epoch of each thesis network, every seed (the
    thesis's Figs. 10, 14, 16, 18).

    Parameters
    ----------
    runs : dict of int -> dict of str -> TrainingResult
        :func:`thesis_runs_by_seed`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    seeds = list(runs)
    names = list(runs[seeds[0]])
    fig, axes = _figure(1, len(names), size=(14, 3.4), sharey=True)
    for ax, name in zip(axes[0], names):
        for seed in seeds:
            log = runs[seed][name].log
            first = seed == seeds[0]
            ax.semilogy(log.epoch, log.loss, "o-", color="C0", ms=3, lw=0.8,
                        label="training" if first else None)
            ax.semilogy(log.epoch, log.val_loss, "s-", color="C1", ms=3, lw=0.8,
                        label="validation" if first else None)
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("epoch")
        ax.grid(True, which="both", alpha=0.3)
    axes[0, 0].set_ylabel("MSE (full scale²)")
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside right upper", fontsize=8)
    fig.suptitle(f"training and validation error, {_count(len(seeds), 'seed')} (the thesis's "
                 "Figs. 10, 14, 16, 18)")
    return fig


def assembled_figure(outputs, validation, starts, *, sample_rate, seed):
    """Target, output and difference over the assembled validation audio, one panel per
    model (the thesis's Figs. 11, 15, 17, 19).

    Parameters
    ----------
    outputs : dict of str -> np.ndarray
        One seed's :func:`recurrent_outputs`.
    validation : Pair
    starts : dict of str -> int
    sample_rate : int
        Hz.
    seed : int
        Named in the title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    names = list(outputs)
    fig, axes = _figure(len(names), 1, size=(12, 1.7 * len(names) + 0.8), sharex=True,
                        sharey=True)
    t = np.arange(validation.n_samples) / sample_rate
    for ax, name in zip(axes[:, 0], names):
        out = outputs[name]
        ax.plot(t, validation.target, lw=0.5, color="0.6", label="target")
        ax.plot(t, out, lw=0.5, color="C0", alpha=0.8, label="output")
        ax.plot(t, out - validation.target, lw=0.5, color="C3", alpha=0.8,
                label="output − target")
        for part, start in starts.items():
            ax.axvline(start / sample_rate, color="k", ls=":", lw=0.8)
        ax.set_ylabel(f"{name}\namplitude (FS)", fontsize=9)
    for part, start in starts.items():
        axes[0, 0].text(start / sample_rate, 1.02, f" {part}", transform=axes[0, 0]
                        .get_xaxis_transform(), fontsize=8, va="bottom")
    axes[-1, 0].set_xlabel("time (s): the voice, then the clips")
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside right upper", fontsize=8)
    fig.suptitle(f"assembled validation audio, seed {seed}: target, output and difference "
                 "(the thesis's Figs. 11, 15, 17, 19)")
    return fig


def spectra_figure(outputs, parts, starts, *, sample_rate, cutoff_hz, seed):
    """Welch spectrum of every model's output against the target's, on the voice and on
    the clips (the thesis's Figs. 12 and 13).

    Parameters
    ----------
    outputs : dict of str -> np.ndarray
        One seed's :func:`recurrent_outputs` (all five models).
    parts : dict of str -> Pair
    starts : dict of str -> int
    sample_rate : int
        Hz.
    cutoff_hz : float
        Drawn and labelled.
    seed : int

    Returns
    -------
    matplotlib.figure.Figure
    """
    from dsp_paper.plotting import welch_db

    fig, axes = _figure(1, len(parts), size=(14, 4.4), sharey=True)
    for ax, (part, p) in zip(axes[0], parts.items()):
        piece = slice(starts[part], starts[part] + p.n_samples)
        f, db = welch_db(p.target, sample_rate)
        ax.semilogx(f[1:], db[1:], color="k", lw=1.8, label="target")
        for name, out in outputs.items():
            f, db = welch_db(out[piece], sample_rate)
            ax.semilogx(f[1:], db[1:], color=MODEL_COLOURS.get(name), lw=0.8, label=name)
        _cutoff_line(ax, cutoff_hz)
        ax.set_title(part, fontsize=10)
        _hz_axis(ax, sample_rate)
        ax.grid(True, which="both", alpha=0.3)
    axes[0, 0].set_ylabel("power spectral density (dB re 1/Hz)")
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside right upper", fontsize=8)
    fig.suptitle(f"frequency spectrum of each output against the target's, seed {seed} "
                 "(the thesis's Figs. 12 and 13)")
    return fig


def comparison_figure(runs, outputs, band, validation):
    """The networks compared (the thesis's Fig. 20): validation error beside the thesis's,
    ESR over the assembled validation and band-limited LSD on the voice.

    Parameters
    ----------
    runs : dict of int -> dict of str -> TrainingResult
    outputs : dict of int -> dict of str -> np.ndarray
    band : dict of int -> dict of (model, part) -> float
        :func:`band_lsd_by_seed`.
    validation : Pair

    Returns
    -------
    matplotlib.figure.Figure
    """
    from dsp_paper.metrics import esr

    errors = final_validation_errors(runs)
    ours = errors.mean(axis=1)
    with_output = _seeds_with(outputs)
    names = list(with_output)
    fig, axes = _figure(1, 3, size=(14, 4))
    idx = np.arange(len(THESIS_MODELS))
    ax = axes[0, 0]
    ax.bar(idx - 0.2, [THESIS_VALIDATION_ERROR[n] for n in THESIS_MODELS], 0.4, color="0.6",
           label="thesis")
    ax.bar(idx + 0.2, [ours[n] for n in THESIS_MODELS], 0.4, color="C0",
           yerr=[[ours[n] - errors.loc[n].min() for n in THESIS_MODELS],
                 [errors.loc[n].max() - ours[n] for n in THESIS_MODELS]],
           label="this run (bars: seed range)")
    ax.set(yscale="log", title="validation error", ylabel="MSE (full scale²)", xticks=idx,
           xticklabels=THESIS_MODELS)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower left", ncol=2, fontsize=8)
    colours = [MODEL_COLOURS.get(n) for n in names]
    esr_of = [np.mean([esr(outputs[s][n], validation.target) for s in with_output[n]])
              for n in names]
    axes[0, 1].bar(range(len(names)), esr_of, color=colours)
    axes[0, 1].set(title="ESR, assembled validation", ylabel="ESR (error / target energy)",
                   yscale="log", xticks=range(len(names)), xticklabels=names)
    axes[0, 2].bar(range(len(names)), [np.mean(_band_values(band, n, VOICE)) for n in names],
                   color=colours)
    axes[0, 2].set(title="band-limited LSD on the voice", ylabel="LSD (dB)",
                   xticks=range(len(names)), xticklabels=names)
    for ax in axes[0]:
        ax.tick_params(axis="x", labelrotation=30, labelsize=8)
        ax.set_xlabel("network")
    fig.suptitle("the networks compared, means over the seeds each was run with (the "
                 "thesis's Fig. 20)")
    return fig


def knob_figure(summary, *, seeds):
    """The knob model's voice ESR at every cut-off, against models trained at the unseen
    cut-offs alone and 05's 440 Hz model.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`knob_summary`.
    seeds : sequence of int
        Named in the title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axes = _figure(size=(9, 3.8))
    ax = axes[0, 0]
    seen = summary[summary["seen in training"]]
    unseen = summary[~summary["seen in training"].astype(bool)]
    ax.loglog(summary.index, summary["knob model"], "-", color="C0", alpha=0.5)
    ax.loglog(seen.index, seen["knob model"], "o", color="C0", label="knob model, seen cut-offs")
    ax.loglog(unseen.index, unseen["knob model"], "x", color="C0", ms=9,
              label="knob model, unseen cut-offs")
    ax.loglog(unseen.index, unseen["trained at this cut-off"], "s", mfc="none", color="C1",
              ms=8, label="trained at that cut-off alone")
    ax.loglog(summary.index, summary["440 Hz model (no knob)"], ":", color="0.4",
              label="440 Hz model (no knob)")
    ax.axhline(OK_ESR, color="k", ls="--", lw=0.8, label=f"ESR {OK_ESR:g} ('might sound ok')")
    ax.set(xlabel="cut-off (Hz)", ylabel="ESR on the voice (error / target energy)",
           title=f"one network, every cut-off (mean of {_count(len(seeds), 'seed')})")
    from matplotlib.ticker import FixedLocator, NullFormatter

    ax.xaxis.set_major_locator(FixedLocator(list(summary.index)))
    ax.xaxis.set_major_formatter("{x:g}")
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(True, which="both", alpha=0.3)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside right upper", fontsize=8)
    return fig

# ------------------------------------------------------------------ record, differences, text

def recurrent_record(*, runs, band, yardsticks, mos, mos_yardsticks, latency_repeats,
                     stream_voice_esr, knob_table, seeds):
    """The results record 05's claims are judged on.

    Parameters
    ----------
    runs : dict of seed -> dict of name -> TrainingResult
        :func:`thesis_runs_by_seed`.
    band : dict of seed -> dict of (model, part) -> float
        :func:`band_lsd_by_seed`.
    yardsticks : dict of part -> float
        :func:`spectrum_yardsticks`.
    mos : dict of seed -> dict of (model, part) -> float
        :func:`mos_by_seed`.
    mos_yardsticks : dict of part -> float
        :func:`mos_yardsticks`.
    latency_repeats : dict
        The repeats of :func:`latency_measurements`.
    stream_voice_esr : dict of seed -> float
        ``check_streaming(...)["voice_esr"]``.
    knob_table : pandas.DataFrame
        :func:`knob_evaluations`.
    seeds : sequence of int

    Returns
    -------
    dict
        Quantity -> one number per seed (or timing repeat), and ``seeds``.
    """
    per = lambda f: [f(s) for s in seeds]
    val = lambda name: per(lambda s: runs[s][name].log.val_loss[-1])
    record = {"seeds": list(seeds),
              "lstm_val_mse": val("LSTM"), "reduced_lstm_val_mse": val("reduced LSTM"),
              "gru_val_mse": val("GRU"), "cnn_val_mse": val("dilated CNN"),
              "lstm_voice_band_lsd_db": per(lambda s: band[s]["LSTM", VOICE]),
              "cutoff_off_voice_band_lsd_db": yardsticks[VOICE],
              "lstm_voice_relative": per(lambda s: band[s]["LSTM", VOICE] / yardsticks[VOICE]),
              "lstm_clips_relative": per(lambda s: band[s]["LSTM", CLIPS] / yardsticks[CLIPS]),
              "lstm_voice_mos": per(lambda s: mos[s]["LSTM", VOICE]),
              "cutoff_off_voice_mos": mos_yardsticks[VOICE],
              "lstm_voice_mos_gap": per(lambda s: mos_yardsticks[VOICE] - mos[s]["LSTM", VOICE]),
              "lstm_seconds_per_second": latency_repeats["many_to_one"]["lstm"],
              "streaming_voice_esr": per(stream_voice_esr.get)}
    record["gru_over_reduced_lstm"] = [g / r for g, r in zip(record["gru_val_mse"],
                                                             record["reduced_lstm_val_mse"])]
    record["cnn_over_reduced_lstm"] = [c / r for c, r in zip(record["cnn_val_mse"],
                                                             record["reduced_lstm_val_mse"])]
    for b in STREAM_BLOCKS:
        record[f"stream_rtf_{b}"] = latency_repeats["blocks"][b]["realtime_factor"]
        record[f"stream_latency_ms_{b}"] = latency_repeats["blocks"][b]["latency_ms"]
    for f in KNOB_UNSEEN_CUTOFFS:
        rows = knob_table.xs(float(f), level="cut-off Hz").loc[list(seeds)]
        record[f"knob_voice_esr_{f}"] = rows["knob model"].tolist()
        record[f"dedicated_voice_esr_{f}"] = rows["trained at this cut-off"].tolist()
    return record


def differences(cfg, mini, full, *, runs, seeds):
    """What differs from the thesis, taken from the settings that ran.

    Parameters
    ----------
    cfg : RecurrentSettings
    mini, full : EffectCorpus
    runs : dict of int -> dict of str -> TrainingResult
        :func:`thesis_runs_by_seed` (the weights counted).
    seeds : sequence of int

    Returns
    -------
    list of (str, str, str)
        ``(aspect, the thesis, this run)`` for :meth:`dsp_paper.study.notebook.NotebookRun.differences`.
    """
    corpus = scale_config("highpass_002", cfg.scale)
    first = runs[next(iter(runs))]
    weights = lambda name: f"{first[name].model.count_params():,} weights"
    (lw, lh), (rw, rh), (cw, cf, ck) = cfg.lstm, cfg.reduced_lstm, cfg.cnn
    tw, th = THESIS_SIZES["lstm"]
    rtw, rth = THESIS_SIZES["reduced_lstm"]
    _, tcf, tck = THESIS_SIZES["cnn"]
    train_samples = lambda c: sum(p.n_samples for p in c.split("train"))
    thesis_epochs = ", ".join(f"{n} {'not stated' if e is None else e}"
                              for n, e in THESIS_EPOCHS.items())
    kinds = sorted({k for k, _ in HIGHPASS_KINDS})
    return [
        ("material", "noises and sine sweeps with rising/falling envelopes and fades, made in "
                     "Reaper and Audacity; a recorded voice (validation 2)",
         f"the same kinds generated in numpy ({', '.join(kinds)} x {len(signals.ENVELOPES)} "
         f"envelopes, {corpus.fade_seconds:g} s fades); voice: "
         + "; ".join(p.split("; ")[0].removeprefix("voice: ") for p in mini.provenance)),
        ("effect", f"a DAW EQ's high-pass band at {THESIS_CUTOFF_HZ:g} Hz (slope not given)",
         mini.effect),
        ("sample rate", f"{THESIS_SAMPLE_RATE} Hz",
         f"{mini.sample_rate} Hz (the voice resampled from its recording rate)"),
        ("data sizes", f"full set {THESIS_SAMPLES['full']:,} samples, \"miniaudio\" "
                       f"{THESIS_SAMPLES['mini']:,}",
         f"full set {train_samples(full):,}, \"miniaudio\" {train_samples(mini):,} samples"),
        ("windows per epoch", "every window of the set, in sequential mini-batches",
         f"{cfg.windows:,} training and {cfg.validation_windows:,} validation windows, drawn "
         f"once (seeded), batches of {cfg.batch_size}"),
        ("model sizes (window x units)",
         f"LSTM {tw} x {th}; reduced LSTM and GRU {rtw} x {rth}; CNN {tcf} filters, kernel "
         f"{tck} (window not given)",
         f"LSTM {lw} x {lh} ({weights('LSTM')}); reduced LSTM and GRU {rw} x {rh} "
         f"({weights('reduced LSTM')}, {weights('GRU')}); CNN window {cw}, {cf} filters, "
         f"kernel {ck} ({weights('dilated CNN')})"),
        ("epochs", f"{thesis_epochs} (CNN: over {THESIS_CNN_HOURS} h)",
         f"LSTM {cfg.lstm_epochs}, reduced LSTM and GRU {cfg.reduced_epochs}, CNN "
         f"{cfg.cnn_epochs} (at most; early stopping)"),
        ("optimiser and loss", f"Adam (initial learning rate not given), MSE; stop after "
                               f"{THESIS_PATIENCE} epochs of rising validation error",
         f"Adam, learning rate {cfg.learning_rate:g}, MSE; stop after {cfg.patience} epochs "
         f"without a new best"),
        ("runs", "one", f"{_count(len(seeds), 'seed')}: {', '.join(map(str, seeds))}"),
        ("latency timed on", f"{THESIS_HARDWARE}, the trained LSTM",
         "one CPU core, untrained models at "
         + ", ".join(f"{k} {' x '.join(map(str, v))}" for k, v in cfg.latency_sizes.items())),
        ("listening test", "9 listeners rated the LSTM's voice output (1-4)",
         "no listeners: signal measures beside the thesis's ratings, players to judge"),
        ("models beyond the thesis", "none (a spectral loss and a cut-off input named as "
                                     "future work)",
         f"a streaming LSTM of {cfg.stream_hidden} units ({_count(cfg.stream_epochs, 'epoch')}, "
         f"ESR + DC "
         f"loss, segments of {cfg.stream_segment} with {cfg.stream_warmup} warm-up) and the "
         f"same with a cut-off knob ({_count(cfg.knob_epochs, 'epoch')}, cut-offs "
         f"{', '.join(f'{c:g}' for c in cfg.knob_train_cutoffs)} Hz)"),
    ]


def _verdicts(claims, ids):
    return "; ".join(f"{i} **{claims.loc[i, 'verdict']}**" for i in ids if i in claims.index)


def _m(values):
    return float(np.mean(values))


def what_it_means(record, claims, *, scale, stream_hidden):
    """The closing "what it means" of 05, written from the run's numbers and verdicts.

    Parameters
    ----------
    record : dict
        :func:`recurrent_record`.
    claims : pandas.DataFrame
        The judged claims (:meth:`dsp_paper.study.notebook.NotebookRun.judge`), indexed by id with
        a ``verdict`` column.
    scale : str
    stream_hidden : int
        Units of the streaming LSTM (``cfg.stream_hidden``).

    Returns
    -------
    str
        Markdown.
    """
    from dsp_paper.study.verdicts import INCONCLUSIVE

    keys = {"LSTM": "lstm", "reduced LSTM": "reduced_lstm", "GRU": "gru", "dilated CNN": "cnn"}
    val = {name: _m(record[f"{key}_val_mse"]) for name, key in keys.items()}
    best = min(val, key=val.get)
    gaps = {other: less_error(val["reduced LSTM"], val[other]) for other in
            THESIS_LESS_ERROR_PERCENT}
    gap_text = " and ".join(f"{abs(g):.1f} % {'less' if g >= 0 else 'more'} error than the "
                            f"{other} (thesis: {THESIS_LESS_ERROR_PERCENT[other]:g} % less)"
                            for other, g in gaps.items())
    lines = [f"### What it means (scale {scale}, {_count(len(record['seeds']), 'seed')})", "",
             f"**Which network is best (C2.1).** The {best} had the lowest mean validation "
             f"error ({val[best]:.3g}; the thesis's lowest: the LSTM, "
             f"{THESIS_VALIDATION_ERROR['LSTM']:.3g}). The reduced LSTM had {gap_text}. "
             f"{_verdicts(claims, ('C2.1a', 'C2.1b', 'C2.1c'))}.", ""]
    voice_lsd = _m(record["lstm_voice_band_lsd_db"])
    yard = _m(record["cutoff_off_voice_band_lsd_db"])
    rel_voice, rel_clips = _m(record["lstm_voice_relative"]), _m(record["lstm_clips_relative"])
    lines += [f"**The spectrum (C2.2).** On the voice the LSTM's output is {voice_lsd:.2f} dB "
              f"from the target's spectrum (band-limited LSD), "
              f"{'more' if voice_lsd > yard else 'less'} than the {yard:.2f} dB of the same "
              f"high-pass with its cut-off {spectrum_settings()['cutoff_error']:.0%} off. "
              f"Measured against that yardstick it is {rel_voice:.2f} times it on the voice and "
              f"{rel_clips:.2f} times it on the clips, so its spectrum is off "
              f"{'more on the voice' if rel_voice > rel_clips else 'more on the clips'}. "
              f"{_verdicts(claims, ('C2.2a', 'C2.2b'))}.", ""]
    lstm_mos, yard_mos = _m(record["lstm_voice_mos"]), _m(record["cutoff_off_voice_mos"])
    lines += [f"**Heard (C2.2c).** ViSQOL, an objective model of listeners (not a listening "
              f"test), gives the LSTM's voice a MOS-LQO of {lstm_mos:.2f} and the mis-set "
              f"cut-off {yard_mos:.2f} (identical audio scores {VISQOL_IDENTICAL:.2f}): the LSTM "
              f"is {abs(yard_mos - lstm_mos):.2f} points "
              f"{'below' if lstm_mos < yard_mos else 'above'} the yardstick, where the rule "
              f"asks for at least 0.5 below. The thesis's 9 listeners gave it a mean "
              f"{THESIS_RATING_MEAN:g} on their own 1-4 scale, which no number here converts "
              f"to. {_verdicts(claims, ('C2.2c',))}.", ""]
    lat = {b: (_m(record[f"stream_rtf_{b}"]), _m(record[f"stream_latency_ms_{b}"]))
           for b in STREAM_BLOCKS}
    voice_limit = THESIS_LATENCY_LIMITS_MS["voice"]
    fitting = [b for b in STREAM_BLOCKS if lat[b][1] <= voice_limit and lat[b][0] > 1]
    block = fitting[-1] if fitting else STREAM_BLOCKS[0]
    stream_esr = _m(record["streaming_voice_esr"])
    lines += [f"**Online (C2.3).** Run once per output sample at the thesis's size, the LSTM "
              f"needs {_m(record['lstm_seconds_per_second']):.3g} s of one CPU core per second "
              f"of audio (thesis: {THESIS_SECONDS_PER_SECOND:g} s on its GPU, "
              f"{THESIS_MS_PER_SAMPLE:g} ms per sample). The streaming LSTM of {stream_hidden} "
              f"units, the same kind of network run over the signal, processes blocks of "
              f"{block} samples at {lat[block][0]:.3g} times real time "
              f"({'faster' if lat[block][0] > 1 else 'slower'} than real time) with "
              f"{lat[block][1]:.2g} ms latency "
              f"({'within' if lat[block][1] <= voice_limit else 'beyond'} the thesis's "
              f"{voice_limit:g} ms for voice), and its ESR on the voice is "
              f"{stream_esr:.3g} ({'below' if stream_esr < OK_ESR else 'not below'} "
              f"{OK_ESR:g}). {_verdicts(claims, ('C2.3a', 'C2.3b'))} (C2.3b is the thesis's "
              f"conclusion that an LSTM cannot run online).", ""]
    knob = ", ".join(f"{f} Hz {_m(record[f'knob_voice_esr_{f}']):.3g} against "
                     f"{_m(record[f'dedicated_voice_esr_{f}']):.3g}"
                     for f in KNOB_UNSEEN_CUTOFFS)
    lines += [f"**A cut-off knob (C2.4a).** At cut-offs it never saw, the knob model's voice ESR "
              f"against a model trained at that cut-off alone: {knob}. "
              f"{_verdicts(claims, ('C2.4a',))}.", ""]
    means = rating_means()
    counted = ", ".join(f"{n} gave {r}" for r, n in THESIS_RATINGS.items())
    listening = (f"**Listening.** No one listened to this run's outputs, so it gives no "
                 f"rating: its 12-bit accuracy and signal measures stand beside the thesis's "
                 f"ratings. Of the thesis's {means['listeners']} listeners rating its LSTM's "
                 f"voice (1 to 4), {counted}")
    if np.isclose(THESIS_RATING_MEAN, means["of_ratings"]):
        listening += f", a mean of {THESIS_RATING_MEAN:g}."
    else:
        listening += (f"; the mean of those ratings is {means['of_ratings']:.2f}, not "
                      f"the {THESIS_RATING_MEAN:g} it states")
        listening += (f", which is the mean of the four counts ({means['listeners']} / "
                      f"{len(THESIS_RATINGS)})." if np.isclose(THESIS_RATING_MEAN,
                                                               means["of_counts"]) else ".")
    lines += [listening, ""]
    undecided = [i for i in claims.index if claims.loc[i, "verdict"] == INCONCLUSIVE]
    if undecided:
        lines.append(f"This run cannot decide {', '.join(undecided)}: the claims table gives "
                     f"each reason (the scale below the one that decides, or seeds that "
                     f"disagree).")
        lines.append("")
    if scale == "smoke":
        lines.append("At smoke the networks are tiny and trained for an epoch: the numbers "
                     "above prove the code path, not the thesis.")
    return "\n".join(lines).rstrip() + "\n"


def results_summary(*, validation_table, runs, stream_check, latency, knob_table, record):
    """What 05 saves as ``results.json``.

    Returns
    -------
    dict
        ``validation`` (model -> measures), ``paper_validation_error``,
        ``validation_error_by_seed``, ``streaming``, ``latency``, ``knob``, ``record``.
    """
    measures = ("mse", "esr", "esr_pre_emphasis", "lsd_db", "mr_stft", "accuracy_12bit",
                f"{VOICE} MOS-LQO", f"{CLIPS} MOS-LQO")
    return {
        "validation": {n: {k: float(validation_table.loc[n, k]) for k in measures}
                       for n in validation_table.index},
        "paper_validation_error": dict(THESIS_VALIDATION_ERROR),
        "validation_error_by_seed": {str(s): v for s, v in
                                     final_validation_errors(runs).to_dict().items()},
        "streaming": dict(voice_esr={str(s): v for s, v in stream_check["voice_esr"].items()},
                          kernel_gap=stream_check["kernel_gap"]),
        "latency": latency.drop(columns=["sizes"]).reset_index().to_dict(orient="records"),
        "knob": knob_table.reset_index().to_dict(orient="records"),
        "record": record,
    }

# ------------------------------------------------------------------ claims

CLAIMS = [
    # ---------------------------------------------------------------- 002, notebook 05
    SubClaim(
        "C2.1a", "002", "05_recurrent_eq",
        quote="LSTMs are the ones which gave us the lowest error for the validation test",
        claim="The thesis's LSTM has the lowest validation error of its four networks.",
        measured="validation MSE (the thesis's 'validation error', over the assembled voice and "
                 "clips) of the LSTM, the reduced LSTM, the GRU and the dilated CNN at the end "
                 "of training, each seed",
        rule=All(Compare("lstm_val_mse", "<", "reduced_lstm_val_mse"),
                 Compare("lstm_val_mse", "<", "gru_val_mse"),
                 Compare("lstm_val_mse", "<", "cnn_val_mse")),
        decides_at=("quick", "paper"),
        why=("No margin: 'lowest' is an ordering, decided by the seeds' spread alone.",)),
    SubClaim(
        "C2.1b", "002", "05_recurrent_eq",
        quote="even with the reduced version of it in 4.1.3, outperforming GRUs with a 61.3% "
              "less error, and CNNs with a 84.09% less error.",
        claim="The reduced LSTM has less validation error than the GRU and than the CNN.",
        measured="validation MSE of the reduced LSTM, the GRU and the dilated CNN, each seed",
        rule=All(Compare("reduced_lstm_val_mse", "<", "gru_val_mse"),
                 Compare("reduced_lstm_val_mse", "<", "cnn_val_mse")),
        decides_at=("quick", "paper"),
        why=("No margin: the ordering alone, decided by the seeds' spread.",)),
    SubClaim(
        "C2.1c", "002", "05_recurrent_eq",
        quote="outperforming GRUs with a 61.3% less error, and CNNs with a 84.09% less error.",
        claim="The sizes of the gaps: 61.3 % less error than the GRU (a ratio of 2.58), 84.09 % "
              "less than the CNN (6.29).",
        measured="ratios of validation MSE, GRU over reduced LSTM (gru_over_reduced_lstm) and "
                 "CNN over reduced LSTM (cnn_over_reduced_lstm), each seed; only the thesis's "
                 "sizes and epochs can reproduce its percentages",
        rule=All(between("gru_over_reduced_lstm", 2.584 / 2, 2.584 * 2,
                          label="the GRU gap is 61.3 % within a factor of 2"),
                 between("cnn_over_reduced_lstm", 6.285 / 2, 6.285 * 2,
                          label="the CNN gap is 84.09 % within a factor of 2")),
        decides_at=("paper",),
        why=("Within a factor of 2 of the thesis's error ratios (2.58 and 6.29): runs of "
             "different seeds and budgets rarely agree more closely, and a factor of 2 still "
             "tells 'about 60 %' from 'about 80 %'.",)),
    SubClaim(
        "C2.2a", "002", "05_recurrent_eq",
        quote="one of the problems we expected, the frequency spectrum, is not preserved from "
              "the output audio and the target one, as shown in Fig. 12 and Fig. 13.",
        claim="The thesis's LSTM does not preserve the frequency spectrum of the target.",
        measured="band-limited log-spectral distance (dB; only the band the material occupies: "
                 "the voice was recorded at 16 kHz, so nothing above 7.6 kHz; levels below "
                 "floor_db relative to the target's peak raised to that floor) on the whole "
                 "voice (at least 4 s) of the LSTM (lstm_voice_band_lsd_db, each "
                 "seed) against the same measure for the effect with its cut-off set 10 % too "
                 "high (cutoff_off_voice_band_lsd_db); every model of 05 is shown beside it",
        rule=Compare("lstm_voice_band_lsd_db", ">", "cutoff_off_voice_band_lsd_db"),
        settings={"floor_db": -60.0, "cutoff_error": 0.1, "voice_band_hz": (20.0, 7600.0),
                  "clips_band_hz": (20.0, 20000.0)},
        decides_at=("quick", "paper"),
        why=("Not preserved: further from the target's spectrum than the same EQ with its "
             "cut-off 10 % off (about a seventh of an octave), the smallest mis-setting an "
             "engineer would call a different EQ; measured on the same audio, so the "
             "yardstick carries the material's own level of difficulty.",
             "The floor 60 dB below the target's peak keeps the effect's stop band (the "
             "high-pass is 36 dB down an octave and a half below 440 Hz) and drops bins no "
             "one hears; the band stops at 7.6 kHz, just below the voice's 8 kHz recording "
             "limit, and at 20 Hz, the edge of hearing.")),
    SubClaim(
        "C2.2b", "002", "05_recurrent_eq",
        quote="in Fig. 12 it learns better because the validation set is closer in its content "
              "to the training one, but Fig. 13 is the voice validation audio, which is "
              "completely different. The one to focus on is the latter.",
        claim="The LSTM's spectrum is off above all on the voice.",
        measured="the LSTM's band-limited log-spectral distance relative to the mis-set "
                 "cut-off's on the same material, on the voice (lstm_voice_relative) and on "
                 "the validation clips (lstm_clips_relative), each seed",
        rule=Compare("lstm_voice_relative", ">", "lstm_clips_relative"),
        settings={"floor_db": -60.0, "cutoff_error": 0.1, "voice_band_hz": (20.0, 7600.0),
                  "clips_band_hz": (20.0, 20000.0)},
        decides_at=("quick", "paper"),
        why=("Relative to the yardstick of C2.2a, because any error moves a voice's spectrum "
             "more than a noise clip's; no margin beyond the seeds' spread.",)),
    SubClaim(
        "C2.2c", "002", "05_recurrent_eq",
        quote="As shown in qualitative studies for LSTM, nobody reckon the output audio to be "
              "the same as the target one. Furthermore, the mean was 2'25, which indicates that "
              "the output just had some similarities with the target audio.",
        claim="Heard as well as measured: the LSTM's voice is clearly further from the target "
              "than the same EQ with its cut-off 10 % off, by a perceptual judge.",
        measured="ViSQOL v3's MOS-LQO (audio mode, at 48 kHz; an objective model of listeners, "
                 "not a listening test) on the whole voice of the effect with its cut-off set "
                 "10 % too high (cutoff_off_voice_mos) less that of the LSTM "
                 "(lstm_voice_mos_gap, each seed); every model of 05 is scored beside it",
        rule=Compare("lstm_voice_mos_gap", ">=", 0.5),
        settings={"cutoff_error": 0.1},
        decides_at=("quick", "paper"),
        why=("The yardstick of C2.2a, so that 'clearly worse' is judged against a fault an "
             "engineer would still call the same effect; half a point of MOS-LQO, half a "
             "category of the five-point opinion scale ViSQOL maps onto, is the smallest gap "
             "counted as a preference (the same margin as C0.6d).",
             "The thesis asked 9 listeners (mean 2.25 of 4); ViSQOL stands in for them here "
             "and its score is never converted into their scale.")),
    SubClaim(
        "C2.3a", "002", "05_recurrent_eq",
        quote="We calculated that it takes 0.8 milliseconds to do one forward pass of the LSTM "
              "for one input. Therefore, taking into account that the sampling rate is 44100 "
              "Hz, it will take 35 seconds to process a 1 second audio.",
        claim="The thesis's LSTM, run once per output sample, is far slower than real time.",
        measured="seconds to process one second of 44.1 kHz audio with one forward pass per "
                 "output sample of the LSTM at the thesis's size (1024 x 384), on one CPU core "
                 "(lstm_seconds_per_second, each timing repeat)",
        rule=Compare("lstm_seconds_per_second", ">", 1.0),
        decides_at=("quick", "paper"),
        why=("Real time is one second of compute per second of audio.",)),
    SubClaim(
        "C2.3b", "002", "05_recurrent_eq",
        quote="the optimal latency value for, for instance, a guitar is 13 ms and for voice is "
              "3 ms. 35 milliseconds is far from an optimal latency. Therefore, online "
              "processing for this network would not be good enough.",
        claim="So an LSTM cannot process audio online.",
        measured="the streaming 32-unit LSTM of 05 (the same kind of network, run over the "
                 "signal with its state carried) through the compiled kernel on one core: "
                 "real-time factor (stream_rtf_B) and latency (stream_latency_ms_B: the block's "
                 "duration plus the 99th-percentile compute time) in blocks of B samples, each "
                 "timing repeat; its ESR on the whole voice (streaming_voice_esr, each seed)",
        rule=Not(All(Compare("streaming_voice_esr", "<", OK_ESR,
                             label="the streaming LSTM's error is acceptable"),
                     Any(*[All(Compare(f"stream_rtf_{b}", ">", 1.0),
                               Compare(f"stream_latency_ms_{b}", "<=", 3.0))
                           for b in STREAM_BLOCKS]))),
        decides_at=("quick", "paper"),
        why=("Online: faster than real time (real-time factor above 1) within the thesis's own "
             "3 ms voice latency.",
             "Acceptable error: ESR below 0.1, Neural Amp Modeler's 'might sound ok'; a "
             "real-time model with a worse error would not refute the thesis.")),
    SubClaim(
        "C2.4a", "002", "05_recurrent_eq",
        quote="It would have been preferable to be able to modify some features of the effects "
              "applied, for instance, the frequence from where the high pass filter is applied. "
              "This problem may be solved by including the parameter along with the input data",
        claim="One network with the cut-off as an extra input emulates the high-pass at "
              "cut-offs it never saw about as well as networks trained at those cut-offs.",
        measured="ESR on the whole voice through the high-pass at each unseen cut-off of the "
                 "streaming LSTM with a knob input, trained at six other cut-offs "
                 "(knob_voice_esr_F), and of the same streaming LSTM trained at that cut-off "
                 "alone with the same epochs (dedicated_voice_esr_F; at 440 Hz, 05's model), "
                 "each seed; no unseen cut-off left out",
        rule=All(*[Compare(f"knob_voice_esr_{f}", "<=", f"dedicated_voice_esr_{f}", factor=2.0)
                   for f in KNOB_UNSEEN_CUTOFFS]),
        decides_at=("quick", "paper"),
        why=("About as well: at most twice the error energy (3 dB) of a model trained at that "
             "very cut-off.",)),
    # ---------------------------------------------------------------- 002, notebook 07
    SubClaim(
        "C2.4b", "002", "07_mse_critique",
        quote="This network could have included that the network also learns from the "
              "difference in the frequency spectrums of the output and the target audio ... "
              "Such a thing would penalize the modification of the frequency spectrum, keeping "
              "the integrity of it when applying the effect.",
        claim="Adding a spectral term to the loss makes the streaming LSTM preserve the voice's "
              "spectrum better without giving up the waveform.",
        measured="the streaming LSTM trained on MR-STFT + ESR (pre-emphasised, + DC) against "
                 "05's own streaming LSTM trained on ESR + DC (same segments, epochs and "
                 "seeds): band-limited log-spectral distance on the whole voice "
                 "(spectral_voice_band_lsd_db, baseline_voice_band_lsd_db) and ESR "
                 "(spectral_voice_esr, baseline_voice_esr); neither is the loss either model "
                 "was trained on",
        rule=All(Compare("spectral_voice_band_lsd_db", "<", "baseline_voice_band_lsd_db",
                         label="the spectrum is closer"),
                 Compare("spectral_voice_esr", "<=", "baseline_voice_esr", factor=2.0,
                         label="the waveform is kept")),
        settings={"floor_db": -60.0, "voice_band_hz": (20.0, 7600.0)},
        decides_at=("quick", "paper"),
        why=("Closer spectrum: no margin beyond the seeds' spread.",
             "Waveform kept: at most twice the baseline's error energy (3 dB), the same "
             "tolerance as C2.4a.")),
]
