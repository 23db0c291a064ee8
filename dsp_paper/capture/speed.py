"""How fast a capture runs: its streaming kernel timed on one core in small blocks
(:func:`block_benchmark`, :func:`realtime_factor`)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from dsp_paper.nn.benchmark import block_timings, one_core
from dsp_paper.nn.streaming import StreamingGRU, StreamingLSTM, StreamingWaveNet, streamer

if TYPE_CHECKING:
    from dsp_paper.capture.training import Capture

__all__ = ["block_benchmark", "realtime_factor"]


def block_benchmark(capture_or_stream: Capture | StreamingLSTM | StreamingGRU | StreamingWaveNet,
                    *, sample_rate: int, block: int = 64, seconds: float = 5.0,
                    repeats: int = 3) -> dict:
    """Time a capture's streaming kernel on one core in ``block``-sample blocks (noise in,
    the kernel compiled before timing).

    Parameters
    ----------
    capture_or_stream : Capture or streaming kernel
        A capture (its model's kernel is built) or a kernel of
        :func:`dsp_paper.nn.streaming.streamer`; a kernel with knobs gets them all at 0.
    sample_rate : int
    block : int
        Samples per call.
    seconds : float
        Audio processed per pass.
    repeats : int
        Timed passes.

    Returns
    -------
    dict
        :func:`dsp_paper.nn.benchmark.block_timings`: ``realtime_factor`` (the fastest pass),
        ``realtime_factor_by_pass``, ``latency_ms`` and the per-block times.
    """
    stream = capture_or_stream if hasattr(capture_or_stream, "process") \
        else streamer(capture_or_stream.model)
    audio = np.random.default_rng(0).uniform(-0.5, 0.5, int(seconds * sample_rate)) \
        .astype(np.float32)
    controls = [0.0] * (stream.inputs - 1) or None
    process = (lambda b: stream.process(b, controls)) if controls else stream.process
    stream.reset()
    with one_core():
        process(audio[:block])  # compile before timing
        return block_timings(process, audio, block=block, sample_rate=sample_rate,
                             repeats=repeats)


def realtime_factor(capture_or_stream: Capture | StreamingLSTM | StreamingGRU | StreamingWaveNet,
                    *, sample_rate: int, block: int = 64, seconds: float = 5.0,
                    repeats: int = 3) -> float:
    """Seconds of audio processed per second on one core in ``block``-sample blocks (the
    fastest of the passes of :func:`block_benchmark`, which takes the same parameters).

    Returns
    -------
    float
    """
    return block_benchmark(capture_or_stream, sample_rate=sample_rate, block=block,
                           seconds=seconds, repeats=repeats)["realtime_factor"]
