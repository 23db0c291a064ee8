"""How long each notebook takes at a scale on the machine at hand, before running it.

``python -m dsp_paper estimate --scale paper`` builds every training a notebook runs (its
models, losses, optimisers and data, through the notebook's own functions), times a few
steps of each on this machine, and multiplies: steps per epoch, the epochs that fit within
the training's time cap, seeds. It does the same for the heaviest model passes (a
many-to-one model's output at every sample). Nothing is trained to the end and nothing is
kept.

Each document's module lists its notebook's work in a function ``planned_work(scale)``, which
calls the same training functions the notebook calls, once per distinct training, inside
:func:`runs` to say how many times the notebook runs it (seeds, variants); while
:func:`probing` is on, :func:`dsp_paper.training.fit` times instead of training
(:func:`probe_training`).

Examples
--------
>>> table = estimate_notebooks("smoke", only=["03"])            # doctest: +SKIP
>>> print(format_estimate(table))                                # doctest: +SKIP
"""
from __future__ import annotations

import contextlib
import importlib
import math
import re
import time
from dataclasses import dataclass, field

import numpy as np

from .errors import ParameterError
from .scales import resolve_scale

__all__ = ["TrainingCost", "PassCost", "probing", "runs", "probe_training", "probe_passes",
           "planned_costs", "unmatched_checkpoints", "estimate_notebooks", "format_estimate",
           "NOTEBOOK_WORK"]

# Which module lists each notebook's work (``planned_work``); 01 trains nothing.
NOTEBOOK_WORK = {
    "01_data": None,
    "02_learned_spectrogram": "doc004_spectrogram",
    "03_dense_baselines": "doc000_lowpass",
    "04_conv_tied": "doc000_lowpass",
    "05_recurrent_eq": "doc002_recurrent_eq",
    "06_lstm_generation": "doc003_generation",
    "07_mse_critique": "critique",
    "08_capture": "capture_study",
}

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
    def epoch_training_s(self):
        return self.steps_per_epoch * self.step_s

    @property
    def epochs_run(self):
        """The epochs that fit: all of them, or as many (a fraction, perhaps) as train within
        ``time_limit`` (fit stops within the epoch that reaches it)."""
        if self.time_limit is None or self.epoch_training_s <= 0:
            return float(self.epochs)
        return min(float(self.epochs), self.time_limit / self.epoch_training_s)

    @property
    def seconds_per_run(self):
        """Compiling, training, and a validation after every epoch begun."""
        validations = math.ceil(self.epochs_run - 1e-9)
        return (self.compile_s + self.epochs_run * self.epoch_training_s
                + validations * self.validation_steps * self.validation_step_s)

    @property
    def seconds(self):
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
    def seconds_per_run(self):
        return self.compile_s + self.examples * self.example_s

    @property
    def seconds(self):
        return self.runs * self.seconds_per_run


@dataclass
class _Probe:
    steps: int
    costs: list = field(default_factory=list)
    multiplier: int = 1


_ACTIVE = []  # the probe in force, innermost last


def probing():
    """Whether a probe is on (:func:`dsp_paper.training.fit` then times instead of
    training)."""
    return bool(_ACTIVE)


@contextlib.contextmanager
def _probe(steps):
    probe = _Probe(steps)
    _ACTIVE.append(probe)
    try:
        yield probe
    finally:
        _ACTIVE.remove(probe)


@contextlib.contextmanager
def runs(count):
    """Work probed inside is run ``count`` times by the notebook (e.g. once per seed)."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ParameterError(f"runs needs a positive count, got {count!r}")
    if not _ACTIVE:
        yield
        return
    probe = _ACTIVE[-1]
    before = probe.multiplier
    probe.multiplier = before * count
    try:
        yield
    finally:
        probe.multiplier = before


def _timed(call, steps):
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


def probe_training(model, x, y, *, epochs, batch_size, validation=None, time_limit=None,
                   checkpoint=None, may_stop_early=False):
    """Time a few training steps (and validation steps) of ``model`` on its first batches
    and record what a whole training would cost; called by
    :func:`dsp_paper.training.fit` while :func:`probing`.

    Returns
    -------
    TrainingResult
        The model (a few steps trained), an empty log, no snapshots.
    """
    from .training import TrainingLog, TrainingResult, _batch_step

    probe = _ACTIVE[-1]
    train_step = _batch_step(model, "train")
    xb, yb = x[:batch_size], y[:batch_size]
    first, step = _timed(lambda: float(np.asarray(train_step(xb, yb))), probe.steps)
    validation_steps, validation_step = 0, 0.0
    if validation is not None:
        vx, vy = validation
        size = max(batch_size, 256)  # as fit validates
        test_step = _batch_step(model, "test")
        _, validation_step = _timed(lambda: float(np.asarray(test_step(vx[:size], vy[:size]))),
                                    min(probe.steps, 1))
        validation_steps = math.ceil(len(vx) / size)
    name = re.sub(r"_s\d+$", "", checkpoint) if checkpoint else model.name
    probe.costs.append(TrainingCost(
        name=name, checkpoint=checkpoint, weights=int(model.count_params()), examples=len(x), batch_size=batch_size,
        steps_per_epoch=math.ceil(len(x) / batch_size), validation_steps=validation_steps,
        epochs=epochs, time_limit=time_limit, compile_s=max(first - step, 0.0), step_s=step,
        validation_step_s=validation_step, runs=probe.multiplier,
        may_stop_early=may_stop_early))
    return TrainingResult(model, TrainingLog(), {}, resumed_from=0)


def probe_passes(name, model, x, *, examples, batch_size):
    """Record the cost of running ``model`` over ``examples`` inputs shaped like ``x``'s rows
    in batches of ``batch_size`` (timed on at most :data:`PASS_PROBE_EXAMPLES` of them).
    Does nothing unless :func:`probing`."""
    from .evaluation import predict

    if not _ACTIVE:
        return
    probe = _ACTIVE[-1]
    rows = np.asarray(x[:min(batch_size, PASS_PROBE_EXAMPLES, len(x))])
    first, call = _timed(lambda: predict(model, rows, batch_size=len(rows)),
                         min(probe.steps, 1))
    probe.costs.append(PassCost(name=name, examples=int(examples), batch_size=batch_size,
                                compile_s=max(first - call, 0.0), example_s=call / len(rows),
                                runs=probe.multiplier))


def planned_costs(notebook, scale, *, steps=3):
    """The costs of one notebook's work at ``scale``, measured here.

    Parameters
    ----------
    notebook : str
        A key of :data:`NOTEBOOK_WORK`.
    steps : int
        Training steps timed per training (after the first, which compiles); 0 only lists
        the work, with every time 0.

    Returns
    -------
    list of TrainingCost and PassCost
    """
    if notebook not in NOTEBOOK_WORK:
        raise ParameterError(f"unknown notebook {notebook!r}; known: {', '.join(NOTEBOOK_WORK)}")
    module = NOTEBOOK_WORK[notebook]
    if module is None:
        return []
    work = importlib.import_module(f"dsp_paper.{module}").planned_work
    with _probe(steps) as probe:
        work(notebook, resolve_scale(scale))
    return probe.costs


def unmatched_checkpoints(scale="smoke", *, folder=None):
    """The planned trainings of every notebook at ``scale`` set against the runs kept under
    ``folder``: after a run of every notebook at ``scale`` (nbval at smoke) both lists are
    empty, or a notebook's ``planned_work`` has drifted from what the notebook trains.

    Only the first seed's run of each training is compared (``smoke`` runs one seed).

    Parameters
    ----------
    folder : path, optional
        The kept runs of this backend (default ``build/checkpoints/<backend>/``).

    Returns
    -------
    missing, unplanned : list of str
        Planned but never trained; trained but not planned (runs at other scales ignored).
    """
    from pathlib import Path

    from .training import checkpoint_dir

    scale = resolve_scale(scale)
    planned = {c.checkpoint for notebook in NOTEBOOK_WORK
               for c in planned_costs(notebook, scale, steps=0)
               if isinstance(c, TrainingCost) and c.checkpoint}
    folder = Path(folder) if folder else checkpoint_dir("_").parent
    kept = {p.name for p in folder.iterdir() if p.is_dir() and (p / "state.json").is_file()
            and re.search(rf"_{scale}(_s0)?$", p.name)} if folder.is_dir() else set()
    return sorted(planned - kept), sorted(kept - planned)


def _select(only):
    if not only:
        return list(NOTEBOOK_WORK)
    chosen = [n for n in NOTEBOOK_WORK if any(n == o or n.split("_")[0] == o for o in only)]
    unknown = [o for o in only if not any(n == o or n.split("_")[0] == o for n in NOTEBOOK_WORK)]
    if unknown:
        raise ParameterError(f"no notebook matches {unknown}; there are {list(NOTEBOOK_WORK)}")
    return chosen


def estimate_notebooks(scale, *, only=(), steps=3, log=None):
    """Every chosen notebook's costs, with the trainings and model passes an earlier notebook
    of the series already ran (and keeps) marked as reused.

    Returns
    -------
    dict of str -> list of (cost, reused_from or None)
    """
    chosen = _select(only)
    done_by, table = {}, {}
    for notebook in chosen:
        if log:
            log(f"timing {notebook} ...")
        rows = []
        for cost in planned_costs(notebook, scale, steps=steps):
            key = (type(cost).__name__, cost.name)
            rows.append((cost, done_by.get(key)))
            done_by.setdefault(key, notebook)
        table[notebook] = rows
    return table


def _duration(seconds):
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.1f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def format_estimate(table, *, scale=None, header=""):
    """The estimate as text: one table per notebook, then the totals.

    Parameters
    ----------
    table : dict
        :func:`estimate_notebooks`.
    """
    import pandas as pd

    lines = [header] if header else []
    total = 0.0
    totals = {}
    for notebook, rows in table.items():
        trainings = [(c, r) for c, r in rows if isinstance(c, TrainingCost)]
        passes = [(c, r) for c, r in rows if isinstance(c, PassCost)]
        own = sum(c.seconds for c, r in rows if r is None)
        alone = sum(c.seconds for c, _ in rows)
        totals[notebook] = own
        total += own
        lines.append(f"\n{notebook}: {_duration(own)}"
                     + (f" in the series ({_duration(alone)} run alone)" if alone > own else ""))
        if trainings:
            frame = pd.DataFrame([{
                "training": c.name, "runs": c.runs, "weights": f"{c.weights:,}",
                "examples": f"{c.examples:,}", "batch": c.batch_size,
                "s/step": f"{c.step_s:.3g}", "s/epoch": f"{c.epoch_training_s:.3g}",
                "epochs": c.epochs,
                "cap s": "-" if c.time_limit is None else f"{c.time_limit:g}",
                "epochs that fit": f"{c.epochs_run:.3g}",
                "per run": _duration(c.seconds_per_run) + (" at most" if c.may_stop_early else ""),
                "total": f"reused from {r}" if r else _duration(c.seconds)} for c, r in trainings])
            lines.append(frame.to_string(index=False))
        if passes:
            frame = pd.DataFrame([{
                "model pass": c.name, "runs": c.runs, "examples": f"{c.examples:,}",
                "batch": c.batch_size, "ms/example": f"{1e3 * c.example_s:.3g}",
                "total": f"reused from {r}" if r else _duration(c.seconds)}
                for c, r in passes])
            lines.append(frame.to_string(index=False))
        if not rows:
            lines.append("  no training")
    lines.append(f"\nall {len(table)} notebooks: {_duration(total)} of training and model "
                 f"passes" + (f" at {scale}" if scale else "")
                 + "; building the data, the measures, the figures and the block kernels "
                   "come on top")
    return "\n".join(lines)
