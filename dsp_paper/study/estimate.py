"""How long each notebook takes at a scale on the machine at hand, before running it.

``python -m dsp_paper estimate --scale paper`` builds every training a notebook runs (its
models, losses, optimisers and data, through the notebook's own functions), times a few
steps of each on this machine, and multiplies: steps per epoch, the epochs that fit within
the training's time cap, seeds. It does the same for the heaviest model passes (a
many-to-one model's output at every sample). Nothing is trained to the end and nothing is
kept.

Each study lists its notebook's work in a function ``planned_work(notebook, scale, probe)``,
which calls the same training functions the notebook calls, once per distinct training, with
``probe=probe`` (so :func:`dsp_paper.nn.training.fit` times instead of training), inside
:meth:`dsp_paper.nn.probe.Probe.runs` to say how many times the notebook runs it (seeds,
variants). The caller passes the plans, notebook -> ``planned_work`` (or None for a notebook
that trains nothing): this module knows no study.

Examples
--------
>>> from dsp_paper import studies
>>> table = estimate_notebooks(studies.plans(), "smoke", only=["03"])   # doctest: +SKIP
>>> print(format_estimate(table))                                # doctest: +SKIP
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from dsp_paper.errors import ParameterError
from dsp_paper.nn.probe import PassCost, Probe, TrainingCost
from dsp_paper.nn.checkpoints import checkpoint_dir
from dsp_paper.study.settings import resolve_scale

if TYPE_CHECKING:
    import os

__all__ = ["Plans", "planned_costs", "unmatched_checkpoints", "estimate_notebooks",
           "format_estimate"]

# notebook -> its planned_work(notebook, scale, probe), or None where it trains nothing
Plans = Mapping[str, "Callable[[str, str, Probe], None] | None"]


def planned_costs(plans: Plans, notebook: str, scale: str, *, steps: int = 3) -> list:
    """The costs of one notebook's work at ``scale``, measured here.

    Parameters
    ----------
    plans : mapping
        Notebook -> its ``planned_work`` (:data:`Plans`).
    notebook : str
        A key of ``plans``.
    steps : int
        Training steps timed per training (after the first, which compiles); 0 only lists
        the work, with every time 0.

    Returns
    -------
    list of TrainingCost and PassCost
    """
    if notebook not in plans:
        raise ParameterError(f"unknown notebook {notebook!r}; known: {', '.join(plans)}")
    work = plans[notebook]
    if work is None:
        return []
    probe = Probe(steps)
    work(notebook, resolve_scale(scale), probe)
    return probe.costs


def unmatched_checkpoints(plans: Plans, scale: str = "smoke", *,
                          folder: str | os.PathLike | None = None
                          ) -> tuple[list[str], list[str]]:
    """The planned trainings of every notebook at ``scale`` set against the runs kept under
    ``folder``: after a run of every notebook at ``scale`` (nbval at smoke) both lists are
    empty, or a notebook's ``planned_work`` has drifted from what the notebook trains.

    Only the first seed's run of each training is compared (``smoke`` runs one seed).

    Parameters
    ----------
    plans : mapping
        Notebook -> its ``planned_work`` (:data:`Plans`).
    folder : path, optional
        The kept runs of this backend (default ``build/checkpoints/<backend>/``).

    Returns
    -------
    missing, unplanned : list of str
        Planned but never trained; trained but not planned (runs at other scales ignored).
    """
    scale = resolve_scale(scale)
    planned = {c.checkpoint for notebook in plans
               for c in planned_costs(plans, notebook, scale, steps=0)
               if isinstance(c, TrainingCost) and c.checkpoint}
    folder = Path(folder) if folder else checkpoint_dir("_").parent
    kept = {p.name for p in folder.iterdir() if p.is_dir() and (p / "state.json").is_file()
            and re.search(rf"_{scale}(_s0)?$", p.name)} if folder.is_dir() else set()
    return sorted(planned - kept), sorted(kept - planned)


def _select(notebooks: Collection[str], only: Sequence[str]) -> list[str]:
    if not only:
        return list(notebooks)
    chosen = [n for n in notebooks if any(n == o or n.split("_")[0] == o for o in only)]
    unknown = [o for o in only if not any(n == o or n.split("_")[0] == o for n in notebooks)]
    if unknown:
        raise ParameterError(f"no notebook matches {unknown}; there are {list(notebooks)}")
    return chosen


def estimate_notebooks(plans: Plans, scale: str, *, only: Sequence[str] = (), steps: int = 3,
                       log: Callable[[str], None] | None = None
                       ) -> dict[str, list[tuple[TrainingCost | PassCost, str | None]]]:
    """Every chosen notebook's costs, with the trainings and model passes an earlier notebook
    of the series already ran (and keeps) marked as reused.

    Returns
    -------
    dict of str -> list of (cost, reused_from or None)
    """
    chosen = _select(plans, only)
    done_by, table = {}, {}
    for notebook in chosen:
        if log:
            log(f"timing {notebook} ...")
        rows = []
        for cost in planned_costs(plans, notebook, scale, steps=steps):
            key = (type(cost).__name__, cost.name)
            rows.append((cost, done_by.get(key)))
            done_by.setdefault(key, notebook)
        table[notebook] = rows
    return table


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.1f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def format_estimate(table: dict, *, scale: str | None = None, header: str = "") -> str:
    """The estimate as text: one table per notebook, then the totals.

    Parameters
    ----------
    table : dict
        :func:`estimate_notebooks`.
    """
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
