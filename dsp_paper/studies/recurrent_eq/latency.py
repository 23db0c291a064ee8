"""C2.3's latency, measured as the thesis measured it: its networks at its sizes, one forward
pass per output sample, beside 05's streaming LSTM in blocks (also the CLI's ``latency``)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dsp_paper.nn.recurrent import latency_table
from dsp_paper.studies.recurrent_eq.paper import THESIS_MS_PER_SAMPLE, THESIS_SECONDS_PER_SECOND
from dsp_paper.studies.recurrent_eq.settings import STREAM_BLOCKS, RecurrentSettings

if TYPE_CHECKING:
    import keras

__all__ = ["thesis_size_models", "latency_measurements"]


def thesis_size_models(sizes: dict[str, tuple], *, seed: int = 0) -> dict[str, keras.Model]:
    """Untrained models at the thesis's sizes, for timing only (the time of a forward pass
    does not depend on the weights' values).

    Parameters
    ----------
    sizes : dict
        ``lstm``, ``reduced_lstm``, ``gru``: ``(window, hidden)``; ``cnn``:
        ``(window, filters, kernel_size)`` (:data:`~dsp_paper.studies.recurrent_eq.THESIS_SIZES`).
    seed : int
        Initial weights.

    Returns
    -------
    dict of str -> keras.Model
        Keyed as ``sizes``.
    """
    from dsp_paper.nn import models  # heavy: keras

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


def latency_measurements(cfg: RecurrentSettings, stream_model: keras.Model, audio: np.ndarray,
                         *, sample_rate: int, seed: int | None = None
                         ) -> tuple[pd.DataFrame, dict]:
    """C2.3 measured on this machine, every row on one CPU core in the same run: the
    thesis's networks at ``cfg.latency_sizes`` (untrained: a forward pass costs the same
    whatever the weights) one forward pass per output sample, then ``stream_model`` in Keras
    and through the compiled kernel in blocks of
    :data:`~dsp_paper.studies.recurrent_eq.STREAM_BLOCKS`.

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
        figures (:data:`~dsp_paper.studies.recurrent_eq.THESIS_MS_PER_SAMPLE`,
        :data:`~dsp_paper.studies.recurrent_eq.THESIS_SECONDS_PER_SECOND`) beside the LSTM's row.
    repeats : dict
        Each timing repeat (:func:`dsp_paper.nn.recurrent.latency_table`).
    """
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
