"""How fast a capture runs: its streaming kernel timed on one core in small blocks
(:func:`block_benchmark`, :func:`realtime_factor`), and beside Neural Amp Modeler's own
engine on one ``.nam`` model (:func:`benchmark_nam`, the ``benchmark-nam`` command)."""
from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from dsp_paper.errors import ParameterError
from dsp_paper.nn.benchmark import block_timings, one_core
from dsp_paper.nn.streaming import StreamingGRU, StreamingLSTM, StreamingWaveNet, streamer

if TYPE_CHECKING:
    from dsp_paper.capture.training import Capture

__all__ = ["block_benchmark", "realtime_factor", "benchmark_nam"]


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


def benchmark_nam(model_path: str | Path, *, seconds: float = 10.0,
                  builds: dict[str, tuple[str, ...]] | None = None) -> dict:
    """The package's block kernel and NeuralAmpModelerCore on the same ``.nam`` model, in one
    run: 64-sample blocks of noise on one core, each engine's real-time factor (the fastest
    of three passes) and the kernel's error against the Keras model it was built from.

    Parameters
    ----------
    model_path : path
        A ``.nam`` file :func:`dsp_paper.capture.nam.from_nam` reads.
    seconds : float
        Audio per timed pass.
    builds : dict of str -> tuple of str, optional
        Core's builds to time, by name; default the plugin's
        (:data:`~dsp_paper.capture.nam_engine.PLUGIN_FLAGS`) and this CPU's best
        (:data:`~dsp_paper.capture.nam_engine.NATIVE_FLAGS`), both with fast tanh as the
        plugin runs them.

    Returns
    -------
    dict
        ``package`` (real-time factor), ``core`` (build -> real-time factor), ``ratio``
        (build -> package over Core), ``kernel_error`` (the kernel's largest difference from
        Keras over its output's RMS), ``sample_rate``.

    Raises
    ------
    ParameterError
        Where the file cannot be read or Core cannot be built (with the reason).
    """
    from dsp_paper.capture import nam_engine
    from dsp_paper.capture.nam import from_nam, read_nam_file

    path = Path(model_path)
    written, rate = read_nam_file(path)
    if not (math.isfinite(seconds) and seconds * rate >= nam_engine.RENDER_BLOCK
            and seconds <= 3600):
        raise ParameterError(f"seconds must hold at least one block of "
                             f"{nam_engine.RENDER_BLOCK} samples and at most an hour, "
                             f"got {seconds!r}")
    model = from_nam(written)
    stream = streamer(model)
    check = np.random.default_rng(1).uniform(-0.5, 0.5, rate // 2).astype(np.float32)
    reference = model.predict(check[None, :, None], verbose=0)[0, :, 0]
    stream.reset()
    error = float(np.max(np.abs(stream.process(check) - reference))
                  / np.sqrt(np.mean(reference.astype(np.float64) ** 2)))
    package = realtime_factor(stream, sample_rate=rate, block=nam_engine.RENDER_BLOCK,
                              seconds=seconds)
    core, ratio = {}, {}
    for name, flags in (builds or {"plugin build": nam_engine.PLUGIN_FLAGS,
                                   "-march=native": nam_engine.NATIVE_FLAGS}).items():
        program, reason = nam_engine.build_renderer(flags=flags)
        if program is None:
            raise ParameterError(f"cannot time NeuralAmpModelerCore: {reason}")
        timed = nam_engine.RENDER_BLOCK * (int(seconds * rate) // nam_engine.RENDER_BLOCK)
        core[name] = timed / rate / nam_engine.core_seconds(program, path, seconds=seconds)
        ratio[name] = package / core[name]
    return dict(package=package, core=core, ratio=ratio, kernel_error=error, sample_rate=rate)
