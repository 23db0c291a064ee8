"""What every notebook does at its start and end, written once.

A notebook opens with :func:`start_notebook` (its settings, seeds, where its figures go, and
which backend and device train), shows its figures, tables, players and generated text through
the returned :class:`NotebookRun`, and ends with :meth:`NotebookRun.finish`, which publishes
everything at once (see :class:`~dsp_paper.outputs.FigureStore`).

Examples
--------
>>> run = start_notebook("03_dense_baselines", "smoke", root=tmp_path)  # doctest: +SKIP
>>> run.cfg.window, run.seeds  # doctest: +SKIP
(1000, (0,))
"""
from __future__ import annotations

from .outputs import FigureStore
from .scales import resolve_scale, scale_config, seeds

__all__ = ["NotebookRun", "start_notebook", "backend_description", "differences_table"]


def backend_description():
    """``"Keras 3.x on tensorflow (CPU)"``: the backend and the device it trains on."""
    import keras

    backend = keras.backend.backend()
    device = "CPU"
    try:
        if backend == "jax":
            import jax

            device = ", ".join(sorted({d.platform.upper() for d in jax.devices()}))
        elif backend == "tensorflow":
            import tensorflow as tf

            device = "GPU" if tf.config.list_physical_devices("GPU") else "CPU"
        elif backend == "torch":
            import torch

            device = "GPU" if torch.cuda.is_available() else "CPU"
    except Exception as error:  # a probe that fails must not stop a notebook
        device = f"device unknown ({type(error).__name__})"
    return f"Keras {keras.__version__} on {backend} ({device})"


def differences_table(rows, *, scale):
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
    import pandas as pd

    return pd.DataFrame([{"aspect": a, "document": d, f"this run ({scale})": o}
                         for a, d, o in rows]).set_index("aspect")


class NotebookRun:
    """One notebook's run: its settings, seeds and outputs.

    Attributes
    ----------
    name, scale : str
    cfg : dsp_paper.scales.Settings
        The notebook's settings at ``scale``.
    seeds : tuple of int
    store : dsp_paper.outputs.FigureStore
    """

    def __init__(self, name, scale, *, root=None):
        from .training import fitted

        self._fits_before = len(fitted())
        self.name, self.scale = name, resolve_scale(scale)
        self.cfg = scale_config(name, self.scale)
        self.seeds = seeds(self.scale)
        self.store = FigureStore(name, self.scale, root=root)

    def describe(self):
        return (f"{self.name} at scale {self.scale}: seeds {self.seeds}; "
                f"{backend_description()}; figures go to {self.store.destination}")

    def show(self, fig, name):
        """Save a figure as ``name.png``, show it, close it."""
        self.store.show(fig, name)

    def table(self, frame, name):
        """Save a table as ``name.csv`` and ``name.md``; return it, for the cell to show."""
        self.store.save_table(frame, name)
        return frame

    def players(self, clips, sample_rate, *, heading="", what=None, seconds=4.0):
        """Players in the notebook, and the clips published as FLAC with a listening page."""
        return self.store.players(clips, sample_rate, heading=heading, what=what,
                                  seconds=seconds)

    def differences(self, rows):
        """The table of what differs from the document (``differences.md``), with a last row
        on the trainings of this notebook that a time cap ended (``paper``), if any."""
        from .training import capped_epochs, fitted

        capped = capped_epochs(fitted()[self._fits_before:])
        if capped:
            rows = [*rows, ("epochs that fit the time caps", "the document's own", capped)]
        return self.table(differences_table(rows, scale=self.scale), "differences")

    def judge(self, record):
        """Judge this notebook's sub-claims on ``record`` (the registry's rules); save them."""
        from . import claims

        return self.table(claims.judge_notebook(self.name, record, scale=self.scale), "claims")

    def markdown(self, text, name="what_it_means"):
        """Show generated Markdown and save it as ``name.md``."""
        from IPython.display import Markdown

        self.store.path(f"{name}.md").write_text(text.rstrip() + "\n")
        return Markdown(text)

    def finish(self, results=None):
        """Save ``results`` as ``results.json`` (if given) and publish every output at once."""
        if results is not None:
            self.store.save_json(results, "results")
        published = self.store.publish()
        print(f"published {len(set(self.store.files))} files to {published}")
        return published


def start_notebook(name, scale, *, root=None):
    """Open a notebook's run and print what it runs with.

    Parameters
    ----------
    name : str
        The notebook, e.g. ``"04_conv_tied"``; names its settings and its figures folder.
    scale : {"smoke", "quick", "paper"}
    root : path, optional
        Where figures go instead of ``figures/`` (tests).

    Returns
    -------
    NotebookRun
    """
    run = NotebookRun(name, scale, root=root)
    print(run.describe())
    return run
