"""05's trainings and model outputs: the thesis's four many-to-one networks (:func:`run`,
once per seed), the streaming LSTM checked through the compiled kernel, and every model's
output over the assembled validation audio.

This run's streaming model is named :data:`STREAMING` (``"streaming LSTM"``) beside the
thesis's :data:`~dsp_paper.studies.recurrent_eq.THESIS_MODELS`.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dsp_paper.datasets import EffectCorpus
from dsp_paper.metrics import esr
from dsp_paper.nn.probe import Probe
from dsp_paper.nn.recurrent import train_many_to_one, train_streaming
from dsp_paper.nn.runs import checkpoint_name, kept_prediction
from dsp_paper.nn.streaming import StreamingLSTM
from dsp_paper.nn.training import TrainingResult
from dsp_paper.studies.recurrent_eq.settings import RecurrentSettings
from dsp_paper.windowing import Pair

if TYPE_CHECKING:
    import keras

__all__ = ["STREAMING", "train_thesis_models", "run", "kept_val_loss", "final_validation_errors",
           "train_streaming_model", "streaming_runs_by_seed", "check_streaming",
           "recurrent_outputs", "outputs_by_seed", "seeds_with"]

#: This run's streaming model (not in the thesis).
STREAMING = "streaming LSTM"


def train_thesis_models(cfg: RecurrentSettings, mini: EffectCorpus, full: EffectCorpus,
                        validation: Pair, *, seed: int = 0,
                        progress: bool = True,
                        probe: Probe | None = None) -> dict[str, TrainingResult]:
    """002's four many-to-one networks at ``cfg``'s sizes, each on the thesis's data set
    (the LSTM on the full set, the others on "miniaudio"), Adam on MSE, under the same cap on
    epochs at quick until the validation error has not improved for ``cfg.patience`` epochs,
    the best epoch's weights kept.

    Parameters
    ----------
    cfg : RecurrentSettings
    mini, full : EffectCorpus
        :func:`~dsp_paper.studies.recurrent_eq.highpass_corpus`.
    validation : Pair
        The assembled validation audio
        (:func:`~dsp_paper.studies.recurrent_eq.recurrent_validation`).
    seed : int
        Initial weights, the windows drawn and the shuffling; the checkpoints are
        ``05_<model>_<scale>_s<seed>``.
    probe : dsp_paper.nn.probe.Probe, optional
        Passed to :func:`~dsp_paper.nn.training.fit`: time a few steps for ``estimate``
        instead of training.

    Returns
    -------
    dict of str -> TrainingResult
        ``LSTM``, ``reduced LSTM``, ``GRU``, ``dilated CNN``
        (:data:`~dsp_paper.studies.recurrent_eq.THESIS_MODELS`).
    """
    from dsp_paper.nn import models  # heavy: keras

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
            time_limit=cfg.time_limit(name), restore_best=True, progress=progress, probe=probe)
    return runs


def run(cfg: RecurrentSettings, mini: EffectCorpus, full: EffectCorpus, validation: Pair, *,
        seeds: Sequence[int], progress: bool = True) -> dict[int, dict[str, TrainingResult]]:
    """05's main experiment: :func:`train_thesis_models` once per seed.

    Returns
    -------
    dict of int -> dict of str -> TrainingResult
        Seed -> model name -> run.
    """
    return {seed: train_thesis_models(cfg, mini, full, validation, seed=seed,
                                      progress=progress) for seed in seeds}


def kept_val_loss(run: TrainingResult) -> float:
    """The validation loss of the weights a run ended on: the best epoch's where the best
    weights were restored, else the last epoch's."""
    log = run.log
    return float(log.at(log.restored_epoch) if log.restored_epoch is not None
                 else log.val_loss[-1])


def final_validation_errors(runs: dict[int, dict[str, TrainingResult]]) -> pd.DataFrame:
    """The validation MSE (the thesis's "validation error") of every run's final weights
    (:func:`kept_val_loss`: the best epoch's).

    Returns
    -------
    pandas.DataFrame
        Models (rows) x seeds (columns).
    """
    return pd.DataFrame({seed: {name: kept_val_loss(run) for name, run in by.items()}
                         for seed, by in runs.items()})


def train_streaming_model(cfg: RecurrentSettings, data: tuple[np.ndarray, np.ndarray],
                          validation: tuple[np.ndarray, np.ndarray], *, seed: int = 0,
                          loss: keras.losses.Loss | None = None, name: str | None = None,
                          epochs: int | None = None, time_limit: float | None = None,
                          notebook: str = "05", progress: bool = True,
                          probe: Probe | None = None) -> TrainingResult:
    """The streaming LSTM of 05 (``cfg.stream_hidden`` units and a linear skip), trained at
    ``cfg.stream_learning_rate`` with every gradient's global norm clipped to
    ``cfg.stream_clipnorm`` until its validation loss has not improved for
    ``cfg.stream_patience`` epochs (at most ``epochs``), the best epoch's weights kept.

    Parameters
    ----------
    cfg : RecurrentSettings
        ``scale_config("05_recurrent_eq", scale)``.
    data, validation : tuple
        :func:`~dsp_paper.studies.recurrent_eq.streaming_data`.
    seed : int
        Initial weights and shuffling.
    loss : keras.losses.Loss, optional
        Default 05's ESR with pre-emphasis plus DC, after the warm-up.
    name : str, optional
        The model's name; the checkpoint is ``<notebook>_<name>_<scale>_s<seed>``
        (``streaming`` for the unnamed model of 05).
    epochs : int, optional
        The cap; default ``cfg.stream_epochs``.
    time_limit : float, optional
        Default ``cfg.time_limit("streaming")`` (a cap only at ``paper``).
    notebook : str
        The notebook that trains it, first in the checkpoint's name (07 trains 05's network
        on other losses).
    probe : dsp_paper.nn.probe.Probe, optional
        Passed to :func:`~dsp_paper.nn.training.fit`: time a few steps for ``estimate``
        instead of training.

    Returns
    -------
    TrainingResult
    """
    from dsp_paper.nn import models  # heavy: keras

    model = models.streaming_rnn(hidden=cfg.stream_hidden, name=name, seed=seed)
    return train_streaming(model, data, validation, epochs=cfg.stream_epochs if epochs is None
                           else epochs, batch_size=cfg.stream_batch,
                           learning_rate=cfg.stream_learning_rate, warmup=cfg.stream_warmup,
                           clipnorm=cfg.stream_clipnorm, pre_emphasis=cfg.pre_emphasis,
                           dc_weight=cfg.dc_weight, loss=loss, seed=seed,
                           checkpoint=checkpoint_name(notebook, name or "streaming", cfg, seed),
                           time_limit=cfg.time_limit("streaming") if time_limit is None
                           else time_limit, patience=cfg.stream_patience, restore_best=True,
                           progress=progress, probe=probe)


def streaming_runs_by_seed(cfg: RecurrentSettings, data: tuple[np.ndarray, np.ndarray],
                           validation: tuple[np.ndarray, np.ndarray], *, seeds: Sequence[int],
                           progress: bool = True) -> dict[int, TrainingResult]:
    """:func:`train_streaming_model` (05's own, ESR + DC) once per seed.

    Returns
    -------
    dict of int -> TrainingResult
    """
    return {seed: train_streaming_model(cfg, data, validation, seed=seed, progress=progress)
            for seed in seeds}


def check_streaming(stream_runs: dict[int, TrainingResult], voice: Pair, *, sample_rate: int,
                    check_seconds: float = 0.5) -> dict:
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


def recurrent_outputs(runs: dict[str, TrainingResult], stream_model: keras.Model | None,
                      validation: Pair, parts: dict[str, Pair]) -> dict[str, np.ndarray]:
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
        :func:`~dsp_paper.studies.recurrent_eq.recurrent_validation`.

    Returns
    -------
    dict of str -> np.ndarray, shape (validation.n_samples,)
    """
    outputs = {name: kept_prediction(run.model, validation.input) for name, run in runs.items()}
    if stream_model is not None:
        stream = StreamingLSTM.from_keras(stream_model)
        outputs[STREAMING] = np.concatenate([stream.process_file(p.input)
                                             for p in parts.values()])
    return outputs


def outputs_by_seed(runs: dict[int, dict[str, TrainingResult]],
                    stream_runs: dict[int, TrainingResult], validation: Pair,
                    parts: dict[str, Pair]) -> dict[int, dict[str, np.ndarray]]:
    """:func:`recurrent_outputs` for every seed of the streaming LSTM: every model at the
    first seed; at the others the LSTM (C2.2 rests on it) and the streaming LSTM only, since a
    many-to-one model runs its window once per output sample.

    Parameters
    ----------
    runs : dict of int -> dict of str -> TrainingResult
        :func:`run`, at these seeds and maybe more (the thesis's networks train with
        ``seeds(many=True)``).
    stream_runs : dict of int -> TrainingResult
        :func:`streaming_runs_by_seed`: the seeds of the outputs.

    Returns
    -------
    dict of int -> dict of str -> np.ndarray
        Seed -> model -> output over ``validation``.
    """
    seeds = list(stream_runs)
    return {seed: recurrent_outputs({n: r for n, r in runs[seed].items()
                                     if seed == seeds[0] or n == "LSTM"},
                                    stream_runs[seed].model, validation, parts)
            for seed in seeds}


def seeds_with(outputs: dict[int, dict[str, np.ndarray]]) -> dict[str, list[int]]:
    """Model -> the seeds of :func:`outputs_by_seed` that have its output."""
    names = list(next(iter(outputs.values())))
    return {n: [s for s in outputs if n in outputs[s]] for n in names}
