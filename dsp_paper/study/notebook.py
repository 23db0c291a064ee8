"""What every notebook does at its start and end, written once.

A notebook opens with :func:`dsp_paper.studies.start_notebook` (its settings, seeds, claims,
where its figures go, and which backend and device train), shows its figures, tables, players and generated text through
the returned :class:`NotebookRun`, and ends with :meth:`NotebookRun.finish`, which publishes
everything at once (see :class:`~dsp_paper.study.outputs.FigureStore`).

Examples
--------
>>> from dsp_paper.studies import start_notebook
>>> run = start_notebook("03_dense_baselines", "smoke", root=tmp_path)  # doctest: +SKIP
>>> run.cfg.window, run.seeds  # doctest: +SKIP
(1000, (0,))
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from dsp_paper.errors import ParameterError
from dsp_paper.nn.training import capped_epochs, fitted, training_summary
from dsp_paper.paths import repo_root
from dsp_paper.study.outputs import FigureStore, machine_description
from dsp_paper.study.rules import SubClaim
from dsp_paper.study.settings import Settings, resolve_scale, seeds
from dsp_paper.study.verdicts import judge_all

if TYPE_CHECKING:
    import numpy as np
    from IPython.display import HTML, Markdown
    from matplotlib.figure import Figure

__all__ = ["NotebookRun", "backend_description", "differences_table"]


def backend_description() -> str:
    """``"Keras 3.x on tensorflow (CPU)"``: the backend and the device it trains on."""
    import keras  # heavy: Keras

    backend = keras.backend.backend()
    device = "CPU"
    try:
        if backend == "jax":
            import jax  # heavy: JAX

            device = ", ".join(sorted({d.platform.upper() for d in jax.devices()}))
        elif backend == "tensorflow":
            import tensorflow as tf  # heavy: TensorFlow

            device = "GPU" if tf.config.list_physical_devices("GPU") else "CPU"
        elif backend == "torch":
            import torch  # heavy: PyTorch

            device = "GPU" if torch.cuda.is_available() else "CPU"
    except Exception as error:  # a probe that fails must not stop a notebook
        device = f"device unknown ({type(error).__name__})"
    return f"Keras {keras.__version__} on {backend} ({device})"


def differences_table(rows: Iterable[tuple[str, str, str]], *, scale: str) -> pd.DataFrame:
    """What differs from the document, one row per aspect.

    Parameters
    ----------
    rows : list of (str, str, str)
        ``(aspect, the document, this run)``, e.g. ``("epochs", "4000", "30")``.
    scale : str
        Names the column of this run.

    Returns
    -------
    pandas.DataFrame
        Indexed by aspect, columns ``document`` and ``this run (<scale>)``.
    """
    return pd.DataFrame([{"aspect": a, "document": d, f"this run ({scale})": o}
                         for a, d, o in rows]).set_index("aspect")


def _shown(path: Path) -> str:
    """``path`` relative to the checkout where it lies inside it."""
    try:
        return str(Path(path).resolve().relative_to(repo_root()))
    except ValueError:
        return str(path)


class NotebookRun:
    """One notebook's run: its settings, seeds and outputs.

    Attributes
    ----------
    name, scale : str
    cfg : dsp_paper.study.settings.Settings
        The notebook's settings at ``scale``.
    seeds : tuple of int
        :func:`~dsp_paper.study.settings.seeds` at the scale.
    many_seeds : tuple of int
        The seeds of trainings that take seconds (``seeds(scale, many=True)``).
    claims : tuple of SubClaim
        The sub-claims this notebook judges.
    store : dsp_paper.study.outputs.FigureStore
    """

    def __init__(self, name: str, cfg: Settings, *, claims: Iterable[SubClaim] = (),
                 root: str | Path | None = None) -> None:
        self._fits_before = len(fitted())
        self.name, self.scale = name, resolve_scale(cfg.scale)
        self.cfg = cfg
        self.claims = tuple(claims)
        self.seeds = seeds(self.scale)
        self.many_seeds = seeds(self.scale, many=True)
        self.store = FigureStore(name, self.scale, root=root)

    @classmethod
    def start(cls, name: str, cfg: Settings, *, claims: Iterable[SubClaim] = (),
              root: str | Path | None = None) -> NotebookRun:
        """Open a notebook's run and print what it runs with.

        Parameters
        ----------
        name : str
            The notebook, e.g. ``"04_conv_tied"``; names its figures folder.
        cfg : Settings
            The notebook's settings at the scale it runs.
        claims : iterable of SubClaim
            The sub-claims it judges (:meth:`judge`).
        root : path, optional
            Where figures go instead of ``figures/`` (tests).
        """
        run = cls(name, cfg, claims=claims, root=root)
        print(run.describe())
        return run

    def describe(self) -> str:
        return (f"{self.name} at scale {self.scale}: seeds {self.seeds}; "
                f"{backend_description()}; figures go to {_shown(self.store.destination)}")

    def machine_description(self) -> str:
        """The machine this notebook runs on (:func:`dsp_paper.study.outputs.machine_description`)."""
        return machine_description()

    def show(self, fig: Figure, name: str) -> None:
        """Save a figure as ``name.png``, show it, close it."""
        self.store.show(fig, name)

    def table(self, frame: pd.DataFrame, name: str) -> pd.DataFrame:
        """Save a table as ``name.csv`` and ``name.md``; return it, for the cell to show."""
        self.store.save_table(frame, name)
        return frame

    def players(self, clips: Mapping[str, np.ndarray], sample_rate: int, *, heading: str = "",
                what: Mapping[str, str] | None = None, seconds: float = 4.0,
                listen_for: str = "", scores: Mapping[str, str] | None = None,
                reference: str | None = None, unscored: Collection[str] = ()) -> HTML:
        """Players in the notebook, and the clips published as FLAC with a listening page:
        what to listen for above them and a score beside each
        (:meth:`~dsp_paper.study.outputs.FigureStore.players`)."""
        return self.store.players(clips, sample_rate, heading=heading, what=what,
                                  seconds=seconds, listen_for=listen_for, scores=scores,
                                  reference=reference, unscored=unscored)

    def differences(self, rows: Iterable[tuple[str, str, str]]) -> pd.DataFrame:
        """The table of what differs from the document (``differences.md``), with a last row
        on the trainings of this notebook that a time cap ended (``paper``), if any."""
        capped = capped_epochs(fitted()[self._fits_before:])
        if capped:
            rows = [*rows, ("epochs that fit the time caps", "the document's own", capped)]
        return self.table(differences_table(rows, scale=self.scale), "differences")

    def trainings(self) -> dict[str, dict]:
        """How every training of this notebook went so far
        (:func:`~dsp_paper.nn.training.training_summary`), by training."""
        return training_summary(fitted()[self._fits_before:])

    def judge(self, record: Mapping) -> pd.DataFrame:
        """Judge this notebook's sub-claims on ``record`` (their rules) and on how its
        trainings went (:meth:`trainings`, kept in the record as ``_trainings``); save them."""
        if not self.claims:
            raise ParameterError(f"{self.name} judges no claim")
        if isinstance(record, dict) and "_trainings" not in record:
            record["_trainings"] = self.trainings()
        return self.table(judge_all(self.claims, record, scale=self.scale), "claims")

    def markdown(self, text: str, name: str = "what_it_means") -> Markdown:
        """Show generated Markdown and save it as ``name.md``."""
        from IPython.display import Markdown  # heavy: IPython

        self.store.path(f"{name}.md").write_text(text.rstrip() + "\n")
        return Markdown(text)

    def finish(self, results: Mapping | None = None) -> None:
        """Save ``results`` as ``results.json`` (if given) and publish every output at once.

        Says where, relative to the checkout: an executed notebook is published as a page,
        and a path of this machine means nothing to its reader.
        """
        if results is not None:
            self.store.save_json(results, "results")
        published = self.store.publish()
        print(f"published {len(set(self.store.files))} files to {_shown(published)}")

