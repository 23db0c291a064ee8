"""A notebook's figures and tables, written to a staging folder and published atomically.

Nothing reaches ``figures/NN_name/`` until :meth:`FigureStore.publish` runs at the end of a
notebook, and then the whole folder is swapped in at once: a run that fails half-way leaves
the previous good figures untouched.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import shutil
from pathlib import Path

from .errors import ParameterError
from .paths import figures_root
from .scales import resolve_scale

__all__ = ["FigureStore", "machine_description"]


def machine_description():
    """A one-line description of this machine (CPU, cores, OS, accelerator if any)."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, " \
           f"Python {platform.python_version()}"


class FigureStore:
    """Collects one notebook's outputs and publishes them together.

    Parameters
    ----------
    notebook : str
        The folder name, e.g. ``"01_data"``.
    scale : str
        Decides the destination: ``figures/`` for quick/paper, ``build/smoke-figures/`` for
        smoke.
    root : Path, optional
        Overrides the destination root (tests).
    """

    def __init__(self, notebook, scale, *, root=None):
        if not notebook or "/" in notebook or notebook.startswith("."):
            raise ParameterError(f"bad notebook name {notebook!r}")
        self.notebook, self.scale = notebook, resolve_scale(scale)
        self.root = Path(root) if root else figures_root(self.scale)
        self.destination = self.root / notebook
        self.staging = self.root / f".staging-{notebook}-{os.getpid()}"
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        self.files = []

    def path(self, name):
        """Where to write ``name`` now (inside the staging folder)."""
        if not name or "/" in name or name.startswith("."):
            raise ParameterError(f"bad output name {name!r}")
        self.files.append(name)
        return self.staging / name

    def savefig(self, fig, name, *, dpi=110):
        """Save a matplotlib figure as ``name.png``."""
        fig.savefig(self.path(f"{name}.png"), dpi=dpi, bbox_inches="tight")
        return self.destination / f"{name}.png"

    def show(self, fig, name, *, dpi=110):
        """Save a figure (see :meth:`savefig`), display it in the notebook, and close it."""
        import matplotlib.pyplot as plt
        from IPython.display import display

        self.savefig(fig, name, dpi=dpi)
        display(fig)
        plt.close(fig)

    def save_table(self, frame, name):
        """Save a pandas DataFrame as ``name.csv`` and ``name.md``."""
        frame.to_csv(self.path(f"{name}.csv"))
        self.path(f"{name}.md").write_text(frame.to_markdown() + "\n")
        return self.destination / f"{name}.md"

    def save_json(self, data, name):
        self.path(f"{name}.json").write_text(json.dumps(data, indent=1, sort_keys=True,
                                                        default=str) + "\n")
        return self.destination / f"{name}.json"

    def publish(self, **details):
        """Write ``RUN.json`` (scale, time, machine) and swap the staging folder in."""
        info = dict(notebook=self.notebook, scale=self.scale,
                    finished=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                    machine=machine_description(), files=sorted(set(self.files)), **details)
        (self.staging / "RUN.json").write_text(json.dumps(info, indent=1, default=str) + "\n")
        (self.staging / "SCALE").write_text(self.scale + "\n")
        old = self.root / f".old-{self.notebook}-{os.getpid()}"
        if self.destination.exists():
            os.replace(self.destination, old)
        os.replace(self.staging, self.destination)
        shutil.rmtree(old, ignore_errors=True)
        return self.destination
