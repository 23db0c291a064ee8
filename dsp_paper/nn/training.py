"""Training loops shared by the notebooks: seeded, timed per epoch, with weight snapshots at
chosen epochs, and a checkpoint (:mod:`dsp_paper.nn.checkpoints`) that lets an interrupted run
resume where it stopped."""
from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from dsp_paper.errors import ParameterError
from dsp_paper.nn import checkpoints
from dsp_paper.nn.probe import Probe
from dsp_paper.nn.steps import batch_step

if TYPE_CHECKING:
    import keras
    import pandas

__all__ = ["TrainingLog", "TrainingResult", "fit", "fitted",
           "capped_epochs", "training_summary", "patience_stop", "STOP_REASONS", "JUMP_FACTOR"]

# Every run fit returned in this process, in order: ``(checkpoint or model name, log)``.
_FITTED = []


# What ended a run (TrainingLog.stop_reason): the time limit, the patience of early
# stopping on a plateau, the patience after a jump, the target loss (stop_below), or all the
# epochs asked for.
STOP_REASONS = ("budget", "plateau", "jump", "target", "epochs")

# When patience ends a run, it ended on a "jump" rather than a plateau if even the lowest
# validation loss of the final ``patience`` epochs lies more than this many times above the
# best: the loss jumped up (the training diverged) and never came back near its best, so the
# run says nothing of how low the model could go. On a plateau the loss wanders around its
# best, and the lowest of several epochs comes back close to it; a factor of 3 leaves room for
# that wandering (even at float32's floor, where one epoch's loss can be twice another's) and
# is crossed only when the loss jumped away and stayed away.
JUMP_FACTOR = 3.0


@dataclass
class TrainingLog:
    """Per-epoch training loss, validation loss, cumulative training seconds and cumulative
    optimiser steps (``steps`` is empty in logs kept before it was recorded)."""

    epoch: list = field(default_factory=list)
    loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    seconds: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    stopped_early: int | None = None
    restored_epoch: int | None = None
    last_epoch_cut: bool = False  # the time cap ended the last epoch before all its batches
    epochs_planned: int | None = None
    time_limit: float | None = None
    patience: int | None = None       # fit's early stopping and target, for stop_reason
    stop_below: float | None = None
    stopped_by: str | None = None     # what fit saw end the run; None in older checkpoints

    @property
    def capped(self) -> bool:
        """Whether the time cap, not the epochs, patience or a target, ended the run."""
        return self.time_limit is not None and bool(self.seconds) and \
            self.stopped_early == self.epoch[-1] and self.seconds[-1] >= self.time_limit

    @property
    def stop_reason(self) -> str:
        """What ended the run, one of :data:`STOP_REASONS`: ``"budget"`` (the time limit),
        ``"plateau"`` (no better validation loss for ``patience`` epochs), ``"jump"`` (the
        same, but the validation loss had jumped to more than :data:`JUMP_FACTOR` times its
        best and stayed there: :func:`patience_stop`), ``"target"`` (the training loss
        reached ``stop_below``) or ``"epochs"`` (every epoch ran).

        What :func:`fit` recorded (``stopped_by``); derived from the log for logs kept in
        older checkpoints, where those kept before ``patience`` and ``stop_below`` were
        logged count a stop after a worse validation loss than the best as the plateau (or
        jump), any other early stop as the target. A patience stop recorded before jumps were
        told apart is told apart here, from its validation losses.
        """
        validated = bool(self.val_loss) and None not in self.val_loss
        since_best = _epochs_since_best(self.val_loss) if validated else 0
        patient = lambda: patience_stop(self.val_loss, self.patience or since_best)
        if self.stopped_by is not None:
            return patient() if self.stopped_by == "plateau" and validated else self.stopped_by
        if self.stopped_early is None or not self.epoch:
            return "epochs"
        if self.capped:
            return "budget"
        if self.patience is not None and validated and since_best >= self.patience:
            return patient()
        if self.stop_below is not None and self.loss[-1] <= self.stop_below:
            return "target"
        return patient() if since_best > 0 else "target"

    def frame(self) -> pandas.DataFrame:
        import pandas as pd  # heavy: pandas

        return pd.DataFrame(dict(epoch=self.epoch, loss=self.loss, val_loss=self.val_loss,
                                 seconds=self.seconds)).set_index("epoch")

    def at(self, epoch: int, key: str = "val_loss") -> float | None:
        """The value logged after ``epoch`` (None if the run stopped earlier)."""
        return getattr(self, key)[self.epoch.index(epoch)] if epoch in self.epoch else None

    def first_below(self, threshold: float,
                    key: str = "val_loss") -> tuple[int, float] | None:
        """``(epoch, seconds)`` of the first epoch whose ``key`` fell to ``threshold``, or None."""
        for e, v, s in zip(self.epoch, getattr(self, key), self.seconds):
            if v is not None and v <= threshold:
                return e, s
        return None


@dataclass
class TrainingResult:
    model: object
    log: TrainingLog
    snapshots: dict  # epoch -> list of weight arrays
    resumed_from: int = 0


def fitted() -> list[tuple[str, TrainingLog]]:
    """Every ``(name, TrainingLog)`` :func:`fit` has returned in this process (trained or
    reused), in order; a notebook's runs are those after its start."""
    return list(_FITTED)


def capped_epochs(runs: Iterable[tuple[str, TrainingLog]]) -> str:
    """One line on the runs a time cap ended: for each training (its checkpoint name without
    the seed), the epochs run over its seeds, of how many, in how many seconds.

    Parameters
    ----------
    runs : iterable of (str, TrainingLog)
        :func:`fitted`.

    Returns
    -------
    str
        ``""`` when no run was capped, e.g. ``"05_lstm_paper: 1.4-1.6 of 1000 epochs in 20 s
        (3 runs)"``.

    Examples
    --------
    >>> log = TrainingLog(epoch=[1, 2], loss=[2, 1], val_loss=[2, 1], seconds=[11.0, 21.0],
    ...                   stopped_early=2, last_epoch_cut=True, epochs_planned=100,
    ...                   time_limit=20.0)
    >>> capped_epochs([("05_lstm_paper_s0", log)])
    '05_lstm_paper: 2 (the last cut short) of 100 epochs in 20 s'
    """

    groups = {}
    for name, log in _once(runs):
        if log.capped:
            groups.setdefault(re.sub(r"_s\d+$", "", name), []).append(log)
    parts = []
    for name, logs in groups.items():
        counts = sorted(len(log.epoch) for log in logs)
        span = f"{counts[0]}" if counts[0] == counts[-1] else f"{counts[0]}-{counts[-1]}"
        cut = " (the last cut short)" if any(log.last_epoch_cut for log in logs) else ""
        runs_text = f" ({len(logs)} runs)" if len(logs) > 1 else ""
        parts.append(f"{name}: {span}{cut} of {logs[0].epochs_planned} epochs in "
                     f"{logs[0].time_limit:g} s{runs_text}")
    return "; ".join(parts)


def _once(runs: Iterable[tuple[str, TrainingLog]]) -> list[tuple[str, TrainingLog]]:
    """Each name once, with its last log, in the order the names first came: a notebook that
    reuses a finished run (another notebook's, or its own twice) fitted it again under the
    same checkpoint name, and that is one run, not two."""
    last = dict(runs)
    return list(last.items())


def training_summary(runs: Iterable[tuple[str, TrainingLog]]) -> dict[str, dict]:
    """How each training of ``runs`` went, over its seeds: the record a verdict cites.

    Parameters
    ----------
    runs : iterable of (str, TrainingLog)
        :func:`fitted`; a run's training is its name without the ``_s<seed>`` ending, and a
        run fitted again under the same name (its checkpoint reused) counts once.

    Returns
    -------
    dict
        Training -> ``{"runs", "epochs", "steps", "seconds", "stopped_by"}``, the last four one
        entry per run (``steps`` None where the log predates them); plain values, for JSON.

    Examples
    --------
    >>> log = TrainingLog(epoch=[1, 2, 3], loss=[3, 2, 2], val_loss=[3, 1, 2],
    ...                   seconds=[1.0, 2.0, 3.0], steps=[10, 20, 30], stopped_early=3,
    ...                   stopped_by="plateau")
    >>> training_summary([("05_lstm_quick_s0", log)])["05_lstm_quick"]["stopped_by"]
    ['plateau']
    """
    summary: dict[str, dict] = {}
    for name, log in _once(runs):
        entry = summary.setdefault(re.sub(r"_s\d+$", "", name), dict(
            runs=0, epochs=[], steps=[], seconds=[], stopped_by=[]))
        entry["runs"] += 1
        entry["epochs"].append(len(log.epoch))
        entry["steps"].append(int(log.steps[-1]) if log.steps else None)
        entry["seconds"].append(round(float(log.seconds[-1]), 3) if log.seconds else 0.0)
        entry["stopped_by"].append(log.stop_reason)
    return summary


def _batches(step: Callable[[np.ndarray, np.ndarray], Any], x: np.ndarray, y: np.ndarray,
             batch_size: int, order: np.ndarray | None = None, deadline: float | None = None,
             *, spare_first: bool = False) -> tuple[float, int, float]:
    """Run ``step(x_batch, y_batch) -> loss`` over ``x`` in batches (in ``order``), stopping
    after the batch that ends past ``deadline`` (a ``time.perf_counter()`` value), if any;
    with ``spare_first``, the deadline moves on by the first batch's time (the step's
    compilation, which a time cap should not spend).

    One call per batch rather than one ``model.fit`` per epoch: ``fit`` costs up to a second
    of set-up per call, more than a small model's whole epoch.

    Returns
    -------
    mean : float
        The loss weighted by batch size, as Keras reports an epoch's loss.
    seen : int
        Rows run (``len(x)`` unless the deadline came first).
    first : float
        Seconds the first batch took.
    """
    total, count, first = 0.0, 0, 0.0
    for start in range(0, len(x), batch_size):
        began = time.perf_counter()
        if order is None:
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
        else:
            idx = order[start:start + batch_size]
            xb, yb = x[idx], y[idx]
        total += float(np.asarray(step(xb, yb))) * len(xb)
        if not count:
            first = time.perf_counter() - began
            if spare_first and deadline is not None:
                deadline += first
        count += len(xb)
        if deadline is not None and time.perf_counter() >= deadline:
            break
    return total / count, count, first


def _batched_mean(step: Callable[[np.ndarray, np.ndarray], Any], x: np.ndarray,
                  y: np.ndarray, batch_size: int, order: np.ndarray | None = None) -> float:
    """The mean loss of ``step`` over all of ``x`` in batches (:func:`_batches`)."""
    return _batches(step, x, y, batch_size, order)[0]


# The progress bar of a run with a time limit: seconds of training against the budget.
_BUDGET_BAR = ("{desc}: {percentage:3.0f}%|{bar}| {n:.1f}/{total:.1f} s of the budget "
               "[{elapsed}<{remaining}{postfix}]")


def _losses(values: Sequence[float]) -> np.ndarray:
    """``values`` as floats with NaN (a diverged loss, or a missing one) read as +inf: worse
    than any number, so it is never the best and never brings a run back near its best."""
    losses = np.asarray(values, dtype=float)
    return np.where(np.isnan(losses), np.inf, losses)


def _epochs_since_best(values: Sequence[float]) -> int:
    """Epochs logged after the first lowest validation loss; NaN and +inf are never the
    best, and a run with no finite loss has had no best at all (``len(values)``)."""
    losses = _losses(values)
    if not np.isfinite(losses).any():
        return len(losses)
    return len(losses) - 1 - int(np.argmin(losses))


def _is_best(values: Sequence[float]) -> bool:
    """Whether the last of ``values`` is finite and at or below every earlier one (NaN and
    +inf are worse than any number): the epoch whose weights ``restore_best`` keeps."""
    losses = _losses(values)
    return bool(np.isfinite(losses[-1])) and losses[-1] <= losses.min()


def patience_stop(val_loss: Sequence[float], patience: int) -> str:
    """How patience ended a run with these validation losses: ``"jump"`` when the lowest of
    the final ``patience`` is more than :data:`JUMP_FACTOR` times the best (the loss jumped
    up and never came back near it), else ``"plateau"``. A best at or below zero (a loss that
    is not a positive error) is never a jump by that factor.

    NaN and +inf (a diverged loss) count as worse than any number: the best is the lowest
    finite loss, a final ``patience`` of only NaN or +inf after it is a jump (whatever the
    best's sign), and so is a run with no finite loss at all; never a plateau.

    Examples
    --------
    >>> patience_stop([1.0, 0.2, 0.25, 0.3, 0.21], patience=3)
    'plateau'
    >>> patience_stop([1.0, 0.2, 5.0, 0.7, 9.0], patience=3)
    'jump'
    >>> patience_stop([1.0, 0.2, float("nan"), float("nan"), float("nan")], patience=3)
    'jump'
    """
    losses = _losses(val_loss)
    if not np.isfinite(losses).any():
        return "jump"
    best = float(losses.min())
    tail = float(losses[-patience:].min()) if patience > 0 else best
    return "jump" if tail == np.inf or best > 0 and tail > JUMP_FACTOR * best else "plateau"


def _best(log: TrainingLog, epoch: int | None) -> dict | None:
    """What a checkpoint says of the best weights it keeps: their epoch and validation loss."""
    return None if epoch is None else dict(epoch=epoch, val_loss=log.at(epoch))


def fit(model: keras.Model, x: np.ndarray, y: np.ndarray, *, epochs: int, batch_size: int,
        validation: tuple[np.ndarray, np.ndarray] | None = None,
        snapshot_epochs: Iterable[int] = (), checkpoint: str | None = None, seed: int = 0,
        extra: dict | None = None, progress: bool = True, patience: int | None = None,
        stop_below: float | None = None, time_limit: float | None = None,
        restore_best: bool = False, probe: Probe | None = None) -> TrainingResult:
    """Train ``model`` (compiled) for ``epochs``, one epoch at a time.

    Parameters
    ----------
    x, y : np.ndarray
        Training inputs and targets.
    validation : tuple of np.ndarray, optional
        ``(x, y)`` evaluated after every epoch.
    snapshot_epochs : iterable of int
        Epochs after which to keep a copy of the weights (0 = before training).
    checkpoint : str, optional
        A name under ``build/checkpoints/<backend>/``: the state is saved after an epoch
        every :data:`~dsp_paper.nn.checkpoints.CHECKPOINT_SECONDS` and an interrupted run with the same model, loss,
        data and settings resumes from the last save. The
        finished run is kept there too, so a later call with the same everything returns its
        model, log and snapshots without training (``resumed_from == len(log.epoch)``);
        anything changed trains afresh.
    seed : int
        Seeds the shuffling (the initial weights are seeded where the model is built, e.g.
        ``dense_net(..., seed=...)``).
    extra : dict, optional
        Anything else that should make a checkpoint stale when it changes.
    patience : int, optional
        Early stopping (002): stop once the validation loss has not improved on its best
        for ``patience`` epochs in a row. The weights of the last epoch are kept. The log
        says ``"plateau"``, or ``"jump"`` where the loss had jumped far above its best and
        stayed there (:func:`patience_stop`).
    stop_below : float, optional
        Stop after the first epoch whose training loss is at or below this value (003
        trained "until the MSE fell below 0.15").
    time_limit : float, optional
        Stop once the training time, less the first step (which compiles it), reaches this
        many seconds, within an epoch if need be (``log.last_epoch_cut``; its loss is over the
        batches it ran): a budget on the machine at hand, so runs that stop on it are not
        repeatable to the step.
    restore_best : bool
        With ``validation``: end on the weights of the epoch with the lowest validation loss
        (``log.restored_epoch``) rather than the last epoch's. The checkpoint keeps the best
        weights so far, so a resumed run restores the best of all its epochs, before the
        resume too; an unfinished checkpoint kept before it did so is stale, and the run
        trains afresh. A NaN or infinite validation loss is never the best.
    probe : Probe, optional
        Time a few steps for :mod:`dsp_paper.study.estimate` instead of training (the model
        is returned after those steps, with an empty log; nothing is kept).

    Returns
    -------
    TrainingResult
        ``.model`` is the trained model (a reloaded one after a resume).

    Notes
    -----
    One function on purpose: the epoch loop's state (log, snapshots, time spent and spared,
    best weights, time of the last save) lives across epochs and across a resume; split into
    pieces, it would be passed back and forth between them.
    """
    from tqdm import tqdm  # heavy: tqdm

    if patience is not None and (not isinstance(patience, int) or patience < 1):
        raise ParameterError(f"patience must be a positive integer, got {patience!r}")
    if not isinstance(epochs, int) or epochs < 0:
        raise ParameterError(f"epochs must be a non-negative integer, got {epochs!r}")
    if len(x) != len(y):
        raise ParameterError(f"mismatched lengths: {len(x)} inputs but {len(y)} targets")
    if time_limit is not None and not time_limit > 0:
        raise ParameterError(f"time_limit must be a positive number of seconds, got {time_limit!r}")
    if restore_best and validation is None:
        raise ParameterError("restore_best needs validation data")
    if probe is not None:
        probe.time_training(model, x, y, epochs=epochs, batch_size=batch_size,
                            validation=validation, time_limit=time_limit, checkpoint=checkpoint,
                            may_stop_early=patience is not None or stop_below is not None)
        return TrainingResult(model, TrainingLog(), {}, resumed_from=0)
    if patience is not None:  # a run kept under another patience is another run
        extra = {**(extra or {}), "patience": patience}
    if time_limit is not None or restore_best:
        extra = {**(extra or {}), "time_limit": time_limit, "restore_best": restore_best}
    snapshot_epochs = set(snapshot_epochs)
    log, snapshots, start = TrainingLog(), {}, 0
    folder = checkpoints.checkpoint_dir(checkpoint) if checkpoint else None
    signature = checkpoints.signature(model, x, y, epochs, batch_size, seed, extra, snapshot_epochs,
                           validation) if folder else None
    loaded = checkpoints.load(folder, signature, need_best=restore_best) \
        if folder and folder.exists() else None
    best_weights, best_epoch = None, None
    if loaded:
        model, state, snapshots = loaded
        log = TrainingLog(**state["log"])
        start = state["epoch"]
        if state.get("best") is not None:
            best_weights, best_epoch = state["best"]["weights"], state["best"]["epoch"]
        if state.get("finished"):
            _FITTED.append((checkpoint, log))
            return TrainingResult(model, log, snapshots, resumed_from=start)
    else:
        if 0 in snapshot_epochs:
            snapshots[0] = [w.copy() for w in model.get_weights()]
    log.epochs_planned, log.time_limit = epochs, time_limit
    log.patience, log.stop_below = patience, stop_below
    elapsed = log.seconds[-1] if log.seconds else 0.0
    spared = 0.0  # this call's first step (compiling it), which the time cap leaves out
    train_step, test_step = batch_step(model, "train"), batch_step(model, "test")
    if time_limit is None:
        bar = epoch_range = tqdm(range(start + 1, epochs + 1), desc=model.name, unit="epoch",
                                 mininterval=5, disable=not progress, initial=start,
                                 total=epochs)
    else:  # the budget, not the epochs, ends such a run: the bar counts its seconds
        epoch_range = range(start + 1, epochs + 1)
        bar = tqdm(total=time_limit, desc=model.name, mininterval=5, disable=not progress,
                   initial=min(elapsed, time_limit), bar_format=_BUDGET_BAR)
    last_save = time.monotonic()
    for epoch in epoch_range:
        # Each epoch's order comes from (seed, epoch) alone, so a resumed run shuffles exactly
        # as an uninterrupted one. Shuffled here rather than by reseeding Keras: a new global
        # seed makes Keras trace its training step again, about a second per epoch.
        order = np.random.default_rng([seed, epoch]).permutation(len(x))
        t0 = time.perf_counter()
        deadline = None if time_limit is None else t0 + time_limit - (elapsed - spared)
        loss, seen, first = _batches(train_step, x, y, batch_size, order, deadline,
                                     spare_first=epoch == start + 1)
        spared += first if epoch == start + 1 else 0.0
        elapsed += time.perf_counter() - t0
        val = (_batched_mean(test_step, *validation, max(batch_size, 256))
               if validation is not None else None)
        log.epoch.append(epoch)
        log.loss.append(loss)
        log.val_loss.append(val)
        log.seconds.append(elapsed)
        if len(log.steps) == len(log.epoch) - 1:  # (a log kept before steps were recorded has none)
            log.steps.append((log.steps[-1] if log.steps else 0) + -(-seen // batch_size))
        if time_limit is None:
            bar.set_postfix(loss=f"{log.loss[-1]:.3g}",
                            val=f"{val:.3g}" if val is not None else "-")
        else:
            bar.set_postfix(epoch=epoch, loss=f"{log.loss[-1]:.3g}",
                            val=f"{val:.3g}" if val is not None else "-", refresh=False)
            bar.update(min(elapsed - spared, time_limit) - bar.n)
        if epoch in snapshot_epochs:
            snapshots[epoch] = [w.copy() for w in model.get_weights()]
        if restore_best and _is_best(log.val_loss):
            best_weights, best_epoch = [w.copy() for w in model.get_weights()], epoch
        if time_limit is not None and elapsed - spared >= time_limit:
            log.stopped_early, log.last_epoch_cut = epoch, seen < len(x)
            log.stopped_by = "budget"
            break
        if patience and val is not None and _epochs_since_best(log.val_loss) >= patience:
            log.stopped_early, log.stopped_by = epoch, patience_stop(log.val_loss, patience)
            break
        if stop_below is not None and log.loss[-1] <= stop_below:
            log.stopped_early, log.stopped_by = epoch, "target"
            break
        if folder and epoch < epochs and time.monotonic() - last_save >= checkpoints.CHECKPOINT_SECONDS:
            checkpoints.save(folder, model, dict(signature=signature, epoch=epoch,
                                                 log=log.__dict__, best=_best(log, best_epoch)),
                             snapshots, best=best_weights)
            last_save = time.monotonic()
    if time_limit is not None:
        bar.close()
    if best_weights is not None:  # (the best of every epoch, before a resume too)
        model.set_weights(best_weights)
        log.restored_epoch = best_epoch
    if folder:
        checkpoints.save(folder, model, dict(signature=signature, epoch=log.epoch[-1] if log.epoch
                                             else 0, log=log.__dict__, finished=True), snapshots)
    _FITTED.append((checkpoint or model.name, log))
    return TrainingResult(model, log, snapshots, resumed_from=start)
