"""Wall-clock and memory measurements the notebooks print (medians, on this machine)."""
from __future__ import annotations

import contextlib
import gc
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

import numpy as np

from dsp_paper import material, metrics

if TYPE_CHECKING:
    import keras

__all__ = ["repeat_seconds", "interleaved_seconds", "median_seconds", "peak_python_memory", "one_core", "block_timings",
           "per_output_latency", "mos_lqo_seconds"]


def repeat_seconds(fn: Callable[[], object], *, repeats: int = 7,
                   warmup: int = 1) -> list[float]:
    """Wall time of each of ``repeats`` calls of ``fn()``, after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def interleaved_seconds(fns: Mapping[str, Callable[[], object]], *, repeats: int = 7,
                        warmup: int = 1) -> dict[str, list[float]]:
    """Wall time of each of ``repeats`` rounds in which every ``fns`` call runs once, in turn
    (after ``warmup`` rounds): repeat ``i`` of each was timed under the same conditions, so
    the repeats pair.

    Returns
    -------
    dict of str -> list of float
        Name -> seconds per repeat.
    """
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    times = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            gc.collect()
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return times


def median_seconds(fn: Callable[[], object], *, repeats: int = 7, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` over ``repeats`` calls after ``warmup`` calls."""
    return statistics.median(repeat_seconds(fn, repeats=repeats, warmup=warmup))


def peak_python_memory(fn: Callable[[], object]) -> int:
    """Peak bytes allocated through Python's allocator (NumPy included) while ``fn()`` runs.

    Memory held before the call (e.g. weights already loaded) is not counted; allocations
    made inside native libraries that bypass Python (TensorFlow's) are not seen.
    """
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@contextlib.contextmanager
def one_core() -> Iterator[set[int] | None]:
    """Pin this process to a single CPU core for the duration (Linux); elsewhere, no-op.

    Yields the set of cores in use. Threads already started (TensorFlow's pools) share
    that one core too, so every measurement inside runs on the same single core.
    """
    if not hasattr(os, "sched_getaffinity"):
        yield None
        return
    before = os.sched_getaffinity(0)
    core = {min(before)}
    os.sched_setaffinity(0, core)
    try:
        yield core
    finally:
        os.sched_setaffinity(0, before)


def block_timings(process: Callable[[np.ndarray], np.ndarray], audio: np.ndarray, *,
                  block: int, sample_rate: int, repeats: int = 3) -> dict:
    """Time a streaming processor on ``audio`` cut into blocks of ``block`` samples.

    Parameters
    ----------
    process : callable
        ``process(block) -> output block``, carrying its own state across calls.
    repeats : int
        Passes over ``audio``; the fastest pass gives the real-time factor.

    Returns
    -------
    dict
        ``block`` (samples), ``buffer_ms`` (the block's duration: the delay of waiting for
        it), ``median_ms`` / ``p99_ms`` / ``max_ms`` (compute time per block),
        ``latency_ms`` = ``buffer_ms + p99_ms``, ``realtime_factor`` (seconds of audio per
        second of compute over the fastest pass; above 1 is faster than real time), and the
        same two for each pass on its own: ``latency_ms_by_pass``, ``realtime_factor_by_pass``.
    """
    starts = range(0, audio.shape[0] - block + 1, block)
    per_block = []
    for _ in range(repeats):
        times = np.empty(len(starts))
        for i, s in enumerate(starts):
            t0 = time.perf_counter()
            process(audio[s:s + block])
            times[i] = time.perf_counter() - t0
        per_block.append(times)
    seconds_of_audio = len(starts) * block / sample_rate
    rtf = [seconds_of_audio / float(t.sum()) for t in per_block]
    buffer_ms = 1e3 * block / sample_rate
    latency = [buffer_ms + float(np.percentile(t * 1e3, 99)) for t in per_block]
    times = np.concatenate(per_block) * 1e3
    p99 = float(np.percentile(times, 99))
    return dict(block=block, buffer_ms=buffer_ms, median_ms=float(np.median(times)),
                p99_ms=p99, max_ms=float(times.max()), latency_ms=buffer_ms + p99,
                realtime_factor=max(rtf), latency_ms_by_pass=latency,
                realtime_factor_by_pass=rtf)


def per_output_latency(model: keras.Model, *, repeats: int = 5,
                       sample_rate: int = 44100) -> dict:
    """002's latency measure: one forward pass of a many-to-one model for one output sample
    (batch of 1, compiled), and what that means for one second of audio.

    Returns
    -------
    dict
        ``ms_per_sample`` and ``seconds_per_second`` (= ms_per_sample * sample_rate / 1000;
        1 means exactly real time), medians over the repeats, and
        ``seconds_per_second_by_repeat``.
    """
    shape = (1, *model.input_shape[1:])
    x = np.random.default_rng(0).uniform(-0.5, 0.5, shape).astype(np.float32)
    times = repeat_seconds(lambda: model.predict_on_batch(x), repeats=repeats, warmup=2)
    seconds = statistics.median(times)
    return dict(ms_per_sample=1e3 * seconds, seconds_per_second=seconds * sample_rate,
                seconds_per_second_by_repeat=[t * sample_rate for t in times])


def mos_lqo_seconds(*, seconds: float = 4.0, sample_rate: int = 44100,
                    repeats: int = 5) -> dict:
    """What :func:`~dsp_paper.metrics.mos_lqo` costs on this machine, on real voice.

    Parameters
    ----------
    seconds : float
        Length of the clip judged (s).
    sample_rate : int
        Its rate (Hz); it is resampled to 48 kHz inside.
    repeats : int

    Returns
    -------
    dict
        ``first_call`` (s: the first call in this process, with ViSQOL's set-up and numba's
        compile, or its load from numba's cache; 0 if an earlier call paid it), ``per_clip``
        (s, each later call) and ``per_second_of_audio`` (the median over ``seconds``).

    Examples
    --------
    >>> mos_lqo_seconds(seconds=1.0, repeats=1)["per_clip"]  # doctest: +SKIP
    [0.07]
    """

    target = material.voice(sample_rate=sample_rate).audio[:int(seconds * sample_rate)]
    noisy = target + 0.01 * np.random.default_rng(0).standard_normal(target.shape)
    fresh = not metrics.visqol_started()
    t0 = time.perf_counter()
    metrics.mos_lqo(noisy, target, sample_rate=sample_rate)
    first = time.perf_counter() - t0 if fresh else 0.0
    times = repeat_seconds(lambda: metrics.mos_lqo(noisy, target, sample_rate=sample_rate),
                           repeats=repeats, warmup=0)
    return dict(first_call=first, per_clip=times,
                per_second_of_audio=statistics.median(times) / (target.size / sample_rate))
