"""A training run's snapshots: checkpoint names, outputs and scores at saved epochs, the
first epoch a validation loss reached a level, and predictions kept under a hash of the
weights and the audio."""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from dsp_paper.cache import cached_arrays
from dsp_paper.errors import ParameterError
from dsp_paper.nn.evaluation import (
    evaluate_corpus,
    frame_processor,
    predict_many_to_one,
    predict_pieces,
)
from dsp_paper.nn.checkpoints import digest

if TYPE_CHECKING:
    import keras
    import numpy as np

    from dsp_paper.datasets import EffectCorpus
    from dsp_paper.nn.training import TrainingLog, TrainingResult
    from dsp_paper.windowing import Pair

__all__ = ["checkpoint_name", "first_reaching", "at_snapshots", "snapshot_outputs",
           "evaluate_snapshots", "kept_prediction", "PREDICTION_BATCH"]

# Windows per batch when a many-to-one model runs at every sample of a signal.
PREDICTION_BATCH = 4096


def checkpoint_name(prefix: str, name: str, cfg: Any, seed: int) -> str:
    return f"{prefix}_{name}_{cfg.scale}_s{seed}"


def first_reaching(log: TrainingLog, level: float) -> tuple[float, float]:
    """``(epoch, training seconds)`` after which the validation loss first fell to
    ``level``; ``(inf, inf)`` if it never did within the epochs run.

    Examples
    --------
    >>> from dsp_paper.nn.training import TrainingLog
    >>> log = TrainingLog(epoch=[1, 2, 3], loss=[3, 2, 1], val_loss=[0.5, 0.2, 0.1],
    ...                   seconds=[1.0, 2.0, 3.0])
    >>> first_reaching(log, 0.2), first_reaching(log, 0.01)
    ((2, 2.0), (inf, inf))
    """
    hit = log.first_below(level)
    return (hit[0], hit[1]) if hit else (math.inf, math.inf)


def at_snapshots(run: TrainingResult, epochs: Iterable[int] | None,
                 work: Callable[[], Any]) -> dict[int, Any]:
    """Call ``work()`` with the model at each snapshot in turn; the final weights come back."""
    epochs = sorted(run.snapshots) if epochs is None else list(epochs)
    missing = [e for e in epochs if e not in run.snapshots]
    if missing:
        raise ParameterError(f"no snapshot at epochs {missing}; have {sorted(run.snapshots)}")
    final = [w.copy() for w in run.model.get_weights()]
    results = {}
    try:
        for epoch in epochs:
            run.model.set_weights(run.snapshots[epoch])
            results[epoch] = work()
    finally:
        run.model.set_weights(final)
    return results


def snapshot_outputs(run: TrainingResult, pieces: Sequence[Pair], *, block: int,
                     batch_size: int,
                     epochs: Iterable[int] | None = None) -> dict[int, list[np.ndarray]]:
    """A window-in, window-out net's outputs at some of its snapshots, run over ``pieces``
    in back-to-back blocks of ``block`` samples as 000 ran its test.

    Parameters
    ----------
    run : TrainingResult
    pieces : list of Pair
    epochs : iterable of int, optional
        Snapshot epochs (default: all of them).

    Returns
    -------
    dict of int -> list of np.ndarray
        Epoch -> one output per piece. The model is left at its last epoch's weights.
    """

    process = frame_processor(run.model, batch_size=batch_size)
    return at_snapshots(run, epochs, lambda: predict_pieces(process, pieces, block=block))


def evaluate_snapshots(run: TrainingResult, corpus: EffectCorpus, *, block: int,
                       batch_size: int, epochs: Iterable[int] | None = None
                       ) -> dict[int, tuple[dict[str, float], list[np.ndarray]]]:
    """000's table row and the test outputs of ``run`` at each snapshot.

    Returns
    -------
    dict of int -> (dict, list of np.ndarray)
        Epoch -> (:func:`~dsp_paper.nn.evaluation.evaluate_corpus` row, test outputs).
    """

    process = frame_processor(run.model, batch_size=batch_size)
    return at_snapshots(run, epochs, lambda: evaluate_corpus(process, corpus, block=block))


def kept_prediction(model: keras.Model, audio: np.ndarray) -> np.ndarray:
    """A many-to-one model's output at every sample of ``audio``, kept in the dataset cache
    under a hash of the weights and the audio: 07 re-judges 05's models without running
    them again (a thesis-style LSTM costs seconds per second of audio)."""

    window = model.input_shape[1]
    params = {"weights": digest(*model.get_weights()), "audio": digest(audio),
              "window": window, "model": model.name}
    arrays, _ = cached_arrays("many_to_one_output", params, lambda: {
        "output": predict_many_to_one(model, audio, window=window,
                                      batch_size=PREDICTION_BATCH)})
    return arrays["output"]

