"""Wall-clock and memory measurements the notebooks print (medians, on this machine)."""
from __future__ import annotations

import gc
import statistics
import time
import tracemalloc

__all__ = ["median_seconds", "peak_python_memory"]


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
