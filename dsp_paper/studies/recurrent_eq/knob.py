"""C2.4a's cut-off knob: the streaming LSTM with the cut-off as a second input, judged at
cut-offs it never saw against models trained at those cut-offs alone."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dsp_paper import effects
from dsp_paper.datasets import EffectCorpus
from dsp_paper.metrics import esr, mos_lqo
from dsp_paper.nn.probe import Probe
from dsp_paper.nn.recurrent import train_streaming
from dsp_paper.nn.runs import checkpoint_name
from dsp_paper.nn.streaming import StreamingLSTM
from dsp_paper.nn.training import TrainingResult
from dsp_paper.studies import scale_config
from dsp_paper.studies.recurrent_eq.data import (cutoff_control, knob_segments, stream_clips,
                                                 streaming_data)
from dsp_paper.studies.recurrent_eq.experiment import train_streaming_model
from dsp_paper.studies.recurrent_eq.settings import KNOB_UNSEEN_CUTOFFS, RecurrentSettings

__all__ = ["train_knob_model", "knob_evaluations", "knob_summary"]


def train_knob_model(cfg: RecurrentSettings, mini: EffectCorpus, *, seed: int = 0, progress: bool = True,
                     probe: Probe | None = None) -> TrainingResult:
    """The streaming LSTM with the cut-off as a second input, trained on "miniaudio"
    through the high-pass at each of ``cfg.knob_train_cutoffs``, until its validation loss
    (over the clips, :func:`~dsp_paper.studies.recurrent_eq.stream_clips`, at those cut-offs:
    the voice it is judged on takes no part) has not improved for ``cfg.stream_patience``
    epochs (at most ``cfg.knob_epochs``), the best epoch's weights kept, at the learning rate
    and clipping of :func:`~dsp_paper.studies.recurrent_eq.train_streaming_model`.

    Its budget matches a model trained at one cut-off (:func:`~dsp_paper.studies.recurrent_eq.
    train_streaming_model`) by optimiser steps per cut-off: each batch holds
    ``cfg.stream_batch`` segments per training cut-off on average (every segment at every
    cut-off, :func:`~dsp_paper.studies.recurrent_eq.knob_segments`), so an epoch has that
    model's number of steps and shows each cut-off all of the audio, as that model's epoch
    shows its one.

    Returns
    -------
    TrainingResult
        Checkpoint ``05_knob_<scale>_s<seed>``.
    """
    from dsp_paper.nn import models  # heavy: keras

    low, high = cfg.knob_range
    sr = mini.sample_rate
    order = scale_config("highpass_002", cfg.scale).order
    x, y = knob_segments(mini.split("train")[0].input, cfg.knob_train_cutoffs, sample_rate=sr,
                         order=order, low=low, high=high, length=cfg.stream_segment,
                         hop=cfg.stream_hop, every=cfg.stream_every)
    validation = stream_clips(mini, cfg)
    length = min(validation.n_samples, cfg.stream_validation_segment)
    vx, vy = knob_segments(validation.input, cfg.knob_train_cutoffs, sample_rate=sr,
                           order=order, low=low, high=high, length=length, hop=length)
    model = models.streaming_rnn(hidden=cfg.stream_hidden, controls=1, name="streaming_knob",
                                 seed=seed)
    return train_streaming(model, (x, y), (vx, vy), epochs=cfg.knob_epochs,
                           batch_size=cfg.stream_batch * len(cfg.knob_train_cutoffs),
                           learning_rate=cfg.stream_learning_rate,
                           clipnorm=cfg.stream_clipnorm, warmup=cfg.stream_warmup,
                           pre_emphasis=cfg.pre_emphasis, dc_weight=cfg.dc_weight, seed=seed,
                           checkpoint=checkpoint_name("05", "knob", cfg, seed),
                           time_limit=cfg.time_limit("knob"), patience=cfg.stream_patience,
                           restore_best=True, progress=progress, probe=probe)


def knob_evaluations(cfg: RecurrentSettings, mini: EffectCorpus, seeds: Sequence[int], stream_runs: dict[int, TrainingResult], *,
                     progress: bool = True) -> tuple[pd.DataFrame, dict]:
    """The knob model against models trained at single cut-offs (C2.4a), once per seed of
    the first ``cfg.knob_seeds`` of ``seeds``.

    For every cut-off the knob saw in training and every unseen cut-off of the registry
    (:data:`~dsp_paper.studies.recurrent_eq.KNOB_UNSEEN_CUTOFFS`), the ESR on the whole voice
    through the high-pass at that cut-off: of the knob model, of 05's 440 Hz model (no knob)
    and, at the unseen cut-offs, of the streaming LSTM trained at that cut-off alone (at
    440 Hz, 05's own model, ``stream_runs``).

    Parameters
    ----------
    cfg : RecurrentSettings
    mini : EffectCorpus
    seeds : sequence of int
        The run's seeds, of which the first ``cfg.knob_seeds`` train these models.
    stream_runs : dict of int -> TrainingResult
        :func:`~dsp_paper.studies.recurrent_eq.streaming_runs_by_seed`.

    Returns
    -------
    table : pandas.DataFrame
        One row per (cut-off Hz, seed): ``seen in training``, ``knob model``,
        ``440 Hz model (no knob)``, ``trained at this cut-off`` (ESR; NaN at seen cut-offs),
        and ViSQOL's MOS-LQO of the knob model and of the model trained at that cut-off.
    outputs : dict of (float, int) -> (np.ndarray, np.ndarray)
        (cut-off, seed) -> (knob output, target) on the whole voice.
    """
    low, high = cfg.knob_range
    sr = mini.sample_rate
    voice = mini.split("validation2")[0]
    rows, outputs = [], {}
    for seed in list(seeds)[:cfg.knob_seeds]:
        knob = StreamingLSTM.from_keras(train_knob_model(cfg, mini, seed=seed,
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
                dedicated_out = _dedicated_output(cfg, mini, stream_runs, voice,
                                                  seed=seed, cutoff=cutoff, progress=progress)
                row["trained at this cut-off"] = esr(dedicated_out, target)
                row["trained at this cut-off MOS-LQO"] = mos_lqo(dedicated_out, target,
                                                                 sample_rate=sr)
            rows.append(row)
            outputs[cutoff, seed] = (out, target)
    return pd.DataFrame(rows).set_index(["cut-off Hz", "seed"]), outputs


def _dedicated_output(cfg, mini, stream_runs, voice, *, seed, cutoff, progress):
    """The whole voice through the streaming LSTM trained at ``cutoff`` alone (at 440 Hz,
    05's own model, ``stream_runs``), trained here when it is not 05's."""
    if cutoff == 440.0:
        dedicated = stream_runs[seed]
    else:
        data, val = streaming_data(mini, cfg, cutoff_hz=cutoff)
        dedicated = train_streaming_model(cfg, data, val, seed=seed,
                                          name=f"streaming_at_{cutoff:g}",
                                          progress=progress)
    return StreamingLSTM.from_keras(dedicated.model).process_file(voice.input)


def knob_summary(knob_table: pd.DataFrame) -> pd.DataFrame:
    """:func:`knob_evaluations`' table averaged over the seeds, one row per cut-off (Hz)."""
    return knob_table.groupby(level="cut-off Hz").agg(
        {"seen in training": "first", "knob model": "mean", "trained at this cut-off": "mean",
         "440 Hz model (no knob)": "mean", "knob model MOS-LQO": "mean",
         "trained at this cut-off MOS-LQO": "mean"})
