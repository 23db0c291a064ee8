"""Timing planned work instead of running it: what :mod:`dsp_paper.study.estimate` measures.

A study's ``planned_work(notebook, scale, probe)`` calls the notebook's own training functions
with ``probe=``: :func:`dsp_paper.nn.training.fit`, given a probe, times a few steps of the real
model on the real data instead of training (:meth:`Probe.time_training`);
:meth:`Probe.time_passes` times a few examples of a heavy model pass; :meth:`Probe.runs` says
how many times the surrounding work is run (seeds, variants).
"""
from __future__ import annotations

import contextlib
import math
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from dsp_paper.errors import ParameterError
from dsp_paper.nn.evaluation import predict
from dsp_paper.nn.steps import batch_step

if TYPE_CHECKING:
    import keras

__all__ = ["TrainingCost", "PassCost", "Probe", "PROBE_SECONDS", "PASS_PROBE_EXAMPLES"]

# A probe times steps until it has ``steps`` of them or has spent this long on them.
PROBE_SECONDS = 3.0
# Model passes are timed on at most this many examples and scaled up linearly (an upper
# bound where a larger batch runs more efficiently, as on a GPU).
PASS_PROBE_EXAMPLES = 256


@dataclass(frozen=True)
class TrainingCost:
    """One training's measured step times and what its notebook asks of it.

    Attributes
    ----------
    name : str
        Its checkpoint name without the seed (``05_lstm_paper``), or the model's name.
    checkpoint : str or None
        The checkpoint name it was probed under (the first seed's).
    weights, examples, batch_size, steps_per_epoch, validation_steps, epochs : int
    time_limit : float or None
        Seconds of training after which the run stops (within an epoch if need be).
    compile_s, step_s, validation_step_s : float
        Seconds: the first step's extra cost (tracing, compiling), one training step, one
        validation step.
    runs : int
        How many times the notebook runs it (seeds, variants).
    may_stop_early : bool
        Early stopping or a target loss can end it before its epochs.
    """

    name: str
    checkpoint: str | None
    weights: int
    examples: int
    batch_size: int
    steps_per_epoch: int
    validation_steps: int
    epochs: int
    time_limit: float | None
    compile_s: float
    step_s: float
    validation_step_s: float
    runs: int = 1
    may_stop_early: bool = False

    @property
    def epoch_training_s(self) -> float:
        return self.steps_per_epoch * self.step_s

    @property
    def epochs_run(self) -> float:
        """The epochs that fit: all of them, or as many (a fraction, perhaps) as train within
        ``time_limit`` (fit stops within the epoch that reaches it)."""
        if self.time_limit is None or self.epoch_training_s <= 0:
            return float(self.epochs)
        return min(float(self.epochs), self.time_limit / self.epoch_training_s)

    @property
    def seconds_per_run(self) -> float:
        """Compiling, training, and a validation after every epoch begun."""
        validations = math.ceil(self.epochs_run - 1e-9)
        return (self.compile_s + self.epochs_run * self.epoch_training_s
                + validations * self.validation_steps * self.validation_step_s)

    @property
    def seconds(self) -> float:
        return self.runs * self.seconds_per_run


@dataclass(frozen=True)
class PassCost:
    """A model pass over many examples (inference), timed on a few of them.

    Attributes
    ----------
    name : str
    examples, batch_size, runs : int
    compile_s, example_s : float
        Seconds: the first call's extra cost, and one example's share of a batch.
    """

    name: str
    examples: int
    batch_size: int
    compile_s: float
    example_s: float
    runs: int = 1

    @property
    def seconds_per_run(self) -> float:
        return self.compile_s + self.examples * self.example_s

    @property
    def seconds(self) -> float:
        return self.runs * self.seconds_per_run


@dataclass
class Probe:
    """What a block of planned work costs: the trainings and model passes timed inside it.

    Attributes
    ----------
    steps : int
        Training steps timed per training after the first (0: only list the work).
    costs : list of TrainingCost and PassCost
    multiplier : int
        How many times the notebook runs the work being timed (:meth:`runs`).
    """

    steps: int
    costs: list = field(default_factory=list)
    multiplier: int = 1

    def time_training(self, model: keras.Model, x: np.ndarray, y: np.ndarray, *, epochs: int,
                      batch_size: int,
                      validation: tuple[np.ndarray, np.ndarray] | None = None,
                      time_limit: float | None = None, checkpoint: str | None = None,
                      may_stop_early: bool = False) -> None:
        """Time a few training steps (and validation steps) of ``model`` on its first
        batches and record what a whole training would cost (:func:`dsp_paper.nn.training.fit`
        calls this instead of training when given a probe)."""
        train_step = batch_step(model, "train")
        xb, yb = x[:batch_size], y[:batch_size]
        first, step = _timed(lambda: float(np.asarray(train_step(xb, yb))), self.steps)
        validation_steps, validation_step = 0, 0.0
        if validation is not None:
            vx, vy = validation
            size = max(batch_size, 256)  # as fit validates
            test_step = batch_step(model, "test")
            _, validation_step = _timed(
                lambda: float(np.asarray(test_step(vx[:size], vy[:size]))), min(self.steps, 1))
            validation_steps = math.ceil(len(vx) / size)
        name = re.sub(r"_s\d+$", "", checkpoint) if checkpoint else model.name
        self.costs.append(TrainingCost(
            name=name, checkpoint=checkpoint, weights=int(model.count_params()),
            examples=len(x), batch_size=batch_size,
            steps_per_epoch=math.ceil(len(x) / batch_size), validation_steps=validation_steps,
            epochs=epochs, time_limit=time_limit, compile_s=max(first - step, 0.0), step_s=step,
            validation_step_s=validation_step, runs=self.multiplier,
            may_stop_early=may_stop_early))

    def time_passes(self, name: str, model: keras.Model, x: np.ndarray, *, examples: int,
                    batch_size: int) -> None:
        """Record the cost of running ``model`` over ``examples`` inputs shaped like ``x``'s
        rows in batches of ``batch_size`` (timed on at most :data:`PASS_PROBE_EXAMPLES` of
        them)."""
        rows = np.asarray(x[:min(batch_size, PASS_PROBE_EXAMPLES, len(x))])
        first, call = _timed(lambda: predict(model, rows, batch_size=len(rows)),
                             min(self.steps, 1))
        self.costs.append(PassCost(name=name, examples=int(examples), batch_size=batch_size,
                                   compile_s=max(first - call, 0.0), example_s=call / len(rows),
                                   runs=self.multiplier))

    @contextlib.contextmanager
    def runs(self, count: int) -> Iterator[None]:
        """Work timed inside is run ``count`` times by the notebook (e.g. once per seed)."""
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ParameterError(f"runs needs a positive count, got {count!r}")
        before = self.multiplier
        self.multiplier = before * count
        try:
            yield
        finally:
            self.multiplier = before


def _timed(call: Callable[[], object], steps: int) -> tuple[float, float]:
    """``(first call's seconds, median of the later calls' seconds)``: at least one later
    call, at most ``steps``, stopping once they have taken :data:`PROBE_SECONDS`; with
    ``steps=0``, nothing is called and both are 0 (the work is only listed)."""
    if steps == 0:
        return 0.0, 0.0
    start = time.perf_counter()
    call()
    first = time.perf_counter() - start
    times = []
    while len(times) < max(1, steps) and (not times or sum(times) < PROBE_SECONDS):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return first, float(np.median(times))
