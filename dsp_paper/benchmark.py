"""Wall-clock and memory measurements the notebooks print (medians, on this machine)."""
from __future__ import annotations

import contextlib
import gc
import os
import statistics
import time
import tracemalloc

import numpy as np

__all__ = ["median_seconds", "peak_python_memory", "one_core", "block_timings",
           "per_output_latency"]


def median_seconds(fn, *, repeats=7, warmup=1):
    """Median wall time of ``fn()`` over ``repeats`` calls after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def peak_python_memory(fn):
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
def one_core():
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


def block_timings(process, audio, *, block, sample_rate, repeats=3):
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
        second of compute; above 1 is faster than real time).
    """
    starts = range(0, audio.shape[0] - block + 1, block)
    per_block, best_total = [], float("inf")
    for _ in range(repeats):
        times = np.empty(len(starts))
        for i, s in enumerate(starts):
            t0 = time.perf_counter()
            process(audio[s:s + block])
            times[i] = time.perf_counter() - t0
        per_block.append(times)
        best_total = min(best_total, float(times.sum()))
    times = np.concatenate(per_block) * 1e3
    buffer_ms = 1e3 * block / sample_rate
    p99 = float(np.percentile(times, 99))
    return dict(block=block, buffer_ms=buffer_ms, median_ms=float(np.median(times)),
                p99_ms=p99, max_ms=float(times.max()), latency_ms=buffer_ms + p99,
                realtime_factor=len(starts) * block / sample_rate / best_total)


def per_output_latency(model, *, repeats=5, sample_rate=44100):
    """002's latency measure: one forward pass of a many-to-one model for one output sample
    (batch of 1, compiled), and what that means for one second of audio.

    Returns
    -------
    dict
        ``ms_per_sample`` and ``seconds_per_second`` (= ms_per_sample * sample_rate / 1000;
        1 means exactly real time).
    """
    shape = (1, *model.input_shape[1:])
    x = np.random.default_rng(0).uniform(-0.5, 0.5, shape).astype(np.float32)
    seconds = median_seconds(lambda: model.predict_on_batch(x), repeats=repeats, warmup=2)
    return dict(ms_per_sample=1e3 * seconds, seconds_per_second=seconds * sample_rate)
