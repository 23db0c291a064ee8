"""Training and timing of recurrent audio models, whatever the document: many-to-one
training (a window in, the target at its last sample out), streaming training (over segments
with a warm-up, optional control inputs as extra channels), a table of every measure for
several outputs, and a latency table (per-output-sample passes against block-wise streaming,
timed on one CPU core).

The study that uses them is :mod:`dsp_paper.studies.recurrent_eq`."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from dsp_paper import metrics
from dsp_paper.nn.benchmark import block_timings, median_seconds, one_core, per_output_latency
from dsp_paper.nn.losses import esr_dc_loss
from dsp_paper.nn.probe import Probe
from dsp_paper.nn.streaming import StreamingLSTM
from dsp_paper.nn.training import fit
from dsp_paper.windowing import many_to_one_windows

if TYPE_CHECKING:
    import keras
    import pandas

    from dsp_paper.nn.training import TrainingResult
    from dsp_paper.windowing import Pair

__all__ = ["train_many_to_one", "train_streaming", "compare_outputs", "latency_table"]


def _compile(model: keras.Model, learning_rate: float, loss: str | keras.losses.Loss, *,
             clipnorm: float | None = None) -> keras.Model:
    import keras  # heavy: Keras

    model.compile(optimizer=keras.optimizers.Adam(learning_rate, global_clipnorm=clipnorm),
                  loss=loss)
    return model


def train_many_to_one(model: keras.Model, train: Pair, validation: Pair, *, windows: int,
                      validation_windows: int, epochs: int, batch_size: int,
                      learning_rate: float, patience: int | None = None, seed: int = 0,
                      checkpoint: str | None = None, time_limit: float | None = None,
                      restore_best: bool = False, progress: bool = True,
                      probe: Probe | None = None) -> TrainingResult:
    """Train a many-to-one model with Adam on MSE.

    Parameters
    ----------
    model : keras.Model
        ``(batch, window, 1) -> (batch, 1)``.
    train, validation : Pair
        Mono audio; ``windows`` training and ``validation_windows`` validation windows are
        drawn from them once (seeded) and reused every epoch.
    windows, validation_windows : int
        How many windows are drawn.
    epochs, batch_size : int
    learning_rate : float
        Adam's.
    patience : int, optional
        Early stopping: epochs without a better validation error.
    seed : int
        The windows drawn (the validation windows with ``seed + 1``), the shuffling.
    checkpoint : str, optional
        Name under which :func:`dsp_paper.nn.training.fit` keeps and reuses the finished run.
    time_limit : float, optional
        Seconds of training after which it stops at the end of an epoch.
    restore_best : bool
        End on the weights of the epoch with the lowest validation error.
    probe : dsp_paper.nn.probe.Probe, optional
        Passed to :func:`~dsp_paper.nn.training.fit`: time a few steps for ``estimate``
        instead of training.

    Returns
    -------
    TrainingResult
    """

    window = model.input_shape[1]
    x, y = many_to_one_windows(train, window=window, count=windows, seed=seed)
    vx, vy = many_to_one_windows(validation, window=window, count=validation_windows,
                                 seed=seed + 1)
    _compile(model, learning_rate, "mse")
    return fit(model, x, y, epochs=epochs, batch_size=batch_size, validation=(vx, vy),
               patience=patience, seed=seed, checkpoint=checkpoint, time_limit=time_limit,
               restore_best=restore_best, progress=progress, probe=probe)


def train_streaming(model: keras.Model, data: tuple[np.ndarray, np.ndarray],
                    validation: tuple[np.ndarray, np.ndarray], *, epochs: int,
                    batch_size: int, learning_rate: float, warmup: int,
                    clipnorm: float | None = None, pre_emphasis: float = 0.85, dc_weight: float = 1.0,
                    loss: keras.losses.Loss | None = None, seed: int = 0,
                    checkpoint: str | None = None, time_limit: float | None = None,
                    patience: int | None = None, restore_best: bool = False,
                    progress: bool = True, probe: Probe | None = None) -> TrainingResult:
    """Train a streaming model (:func:`~dsp_paper.nn.models.streaming_rnn`) on segments.

    Gradients flow back through one segment at a time (truncated backpropagation through
    time at the segment length); the first ``warmup`` samples of each segment only settle
    the state and are left out of the loss, ESR with pre-emphasis plus a DC term.

    Parameters
    ----------
    data, validation : tuple of np.ndarray
        ``(x, y)`` of shapes ``(segments, length, 1 + controls)`` and ``(segments, length, 1)``
        (:func:`~dsp_paper.windowing.sequence_segments`; controls as extra input channels).
    epochs, batch_size : int
    learning_rate : float
        Adam's.
    warmup : int
        Samples at the start of each segment left out of the loss.
    clipnorm : float, optional
        Every gradient's global norm is clipped to this (none by default).
    pre_emphasis, dc_weight : float
        Of the ESR + DC loss (:func:`~dsp_paper.nn.losses.esr_dc_loss`).
    loss : keras.losses.Loss, optional
        Replaces the ESR + DC loss (e.g. :func:`~dsp_paper.nn.losses.mr_stft_loss` with the same
        ``warmup``); ``pre_emphasis`` and ``dc_weight`` then go unused.
    time_limit : float, optional
        Seconds of training after which it stops at the end of an epoch.
    patience : int, optional
        Early stopping: epochs without a better validation loss.
    restore_best : bool
        End on the weights of the epoch with the lowest validation loss.
    probe : dsp_paper.nn.probe.Probe, optional
        Passed to :func:`~dsp_paper.nn.training.fit`: time a few steps for ``estimate``
        instead of training.

    Returns
    -------
    TrainingResult
    """

    _compile(model, learning_rate, loss if loss is not None else
             esr_dc_loss(warmup=warmup, pre_emphasis=pre_emphasis, dc_weight=dc_weight),
             clipnorm=clipnorm)
    return fit(model, *data, epochs=epochs, batch_size=batch_size, validation=validation,
               seed=seed, checkpoint=checkpoint, time_limit=time_limit, patience=patience,
               restore_best=restore_best, progress=progress, probe=probe)


def compare_outputs(outputs: Mapping[str, np.ndarray], target: np.ndarray) -> pandas.DataFrame:
    """Every measure of :func:`dsp_paper.metrics.all_metrics` for each named output.

    Parameters
    ----------
    outputs : dict of str -> np.ndarray
        Name -> output, the shape of ``target``.
    target : np.ndarray

    Returns
    -------
    pandas.DataFrame
        One row per output.
    """
    import pandas as pd  # heavy: pandas

    return pd.DataFrame({name: metrics.all_metrics(out, target)
                         for name, out in outputs.items()}).T


def latency_table(many_to_one: Mapping[str, keras.Model], stream_model: keras.Model,
                  audio: np.ndarray, *, block_sizes: Sequence[int], sample_rate: int,
                  repeats: int = 5) -> tuple[pandas.DataFrame, dict]:
    """Time many-to-one models against a streaming LSTM, every row on one CPU core in the
    same run.

    Parameters
    ----------
    many_to_one : dict
        Name -> many-to-one Keras model, timed one forward pass (batch 1) per output sample.
    stream_model : keras.Model
        A :func:`~dsp_paper.nn.models.streaming_rnn` LSTM, timed in Keras over the whole of
        ``audio`` and through the compiled kernel in blocks of ``block_sizes``.
    audio : np.ndarray, shape (n,)
        Mono test audio for the streaming rows.
    block_sizes : sequence of int
        Samples per block.
    sample_rate : int
        Hz.
    repeats : int
        Timing repeats of the many-to-one models.

    Returns
    -------
    table : pandas.DataFrame
        ``ms per output sample``, ``s per s of audio`` (above 1: slower than real time),
        ``real-time factor`` (above 1: faster than real time), ``block latency ms``
        (buffering plus the 99th-percentile compute time of a block).
    repeats : dict
        Each timing repeat on its own: ``{name: seconds per second}`` for the many-to-one
        models, ``{block: {"realtime_factor": [...], "latency_ms": [...]}}`` for the
        compiled kernel's blocks.
    """
    import pandas as pd  # heavy: pandas

    rows, repeats_of, blocks_of = {}, {}, {}
    stream = StreamingLSTM.from_keras(stream_model)
    stream.process(audio[:64])  # compile the kernel outside the timing
    with one_core():
        for name, model in many_to_one.items():
            t = per_output_latency(model, repeats=repeats, sample_rate=sample_rate)
            repeats_of[name] = t["seconds_per_second_by_repeat"]
            rows[f"{name} (many-to-one, batch 1)"] = {
                "ms per output sample": t["ms_per_sample"],
                "s per s of audio": t["seconds_per_second"],
                "real-time factor": 1 / t["seconds_per_second"], "block latency ms": np.nan}
        # Keras steps through time with a fixed cost per step: one second is enough to see it
        x = audio[None, :sample_rate, None].astype(np.float32)
        seconds = median_seconds(lambda: stream_model.predict_on_batch(x), repeats=1, warmup=1)
        per_second = seconds * sample_rate / x.shape[1]
        rows["streaming LSTM, Keras, whole signal"] = {
            "ms per output sample": 1e3 * seconds / x.shape[1],
            "s per s of audio": per_second, "real-time factor": 1 / per_second,
            "block latency ms": np.nan}
        for block in (*block_sizes, audio.shape[0]):
            stream.reset()
            # five passes: the fewest with which the paired sign test can decide a claim on them
            t = block_timings(stream.process, audio, block=block, sample_rate=sample_rate,
                              repeats=5)
            if block != audio.shape[0]:
                blocks_of[block] = {"realtime_factor": t["realtime_factor_by_pass"],
                                    "latency_ms": t["latency_ms_by_pass"]}
            label = "whole signal" if block == audio.shape[0] else f"blocks of {block}"
            rows[f"streaming LSTM, compiled kernel, {label}"] = {
                "ms per output sample": 1e3 / sample_rate / t["realtime_factor"],
                "s per s of audio": 1 / t["realtime_factor"],
                "real-time factor": t["realtime_factor"],
                "block latency ms": t["latency_ms"] if label != "whole signal" else np.nan}
    return pd.DataFrame(rows).T, {"many_to_one": repeats_of, "blocks": blocks_of}
