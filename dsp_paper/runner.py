"""Run the notebooks in order with papermill: ``python -m dsp_paper run``."""
from __future__ import annotations

import time
from pathlib import Path

from .errors import ParameterError
from .paths import build_dir, notebooks_dir
from .scales import resolve_scale

__all__ = ["list_notebooks", "run_notebooks", "NotebookFailed"]


class NotebookFailed(RuntimeError):
    """A notebook raised; the message names it and the cell, and where the executed copy is."""

    def __init__(self, notebook, cell, error, executed):
        self.notebook, self.cell, self.error, self.executed = notebook, cell, error, executed
        super().__init__(f"{notebook} failed in cell {cell}: {error}\n"
                         f"the executed notebook is kept for inspection: {executed}")


def list_notebooks(folder=None):
    """The ordered notebooks ``NN_name.ipynb`` of ``folder`` (``notebooks/``)."""
    folder = Path(folder) if folder else notebooks_dir()
    if not folder.is_dir():
        raise FileNotFoundError(f"no notebooks folder at {folder}")
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def _select(notebooks, only):
    if not only:
        return notebooks
    wanted = [str(o).removesuffix(".ipynb") for o in only]
    chosen = [nb for nb in notebooks if any(nb.stem == w or nb.stem.split("_")[0] == w
                                            for w in wanted)]
    missing = [w for w in wanted if not any(nb.stem == w or nb.stem.split("_")[0] == w
                                            for nb in notebooks)]
    if missing:
        raise ParameterError(f"no notebook matches {missing}; there are "
                             f"{[nb.stem for nb in notebooks]}")
    return chosen


def _failed_cell(executed_path):
    """(cell number, error text) of the first cell whose output is an error."""
    import nbformat

    nb = nbformat.read(executed_path, as_version=4)
    # numbered as in the source notebook: papermill's injected parameters cell is not counted
    code_cells = [c for c in nb.cells if c.cell_type == "code"
                  and "injected-parameters" not in c.metadata.get("tags", [])]
    for i, cell in enumerate(code_cells, 1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                first = cell.source.strip().splitlines()[:1]
                where = f"{i} (code cell {i}: {first[0][:60]!r})" if first else str(i)
                return where, f"{out.get('ename')}: {out.get('evalue')}"
    return "?", "unknown error"


def run_notebooks(*, scale=None, only=(), output=None, folder=None, kernel_name="python3",
                  progress=True, log=print):
    """Execute notebooks in order at one scale, stopping at the first failure.

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional
        Injected as the ``scale`` parameter (``$DSP_PAPER_SCALE`` or quick if omitted).
    only : iterable of str
        Notebook numbers or names (``"01"``, ``"01_data"``); all if empty.
    output : Path, optional
        Folder for the executed notebooks (``build/``).

    Returns
    -------
    list of (Path, float)
        Executed notebooks and their wall time in seconds.

    Raises
    ------
    NotebookFailed
        Naming the notebook and the cell; the executed copy stays in ``output``.
    """
    import papermill
    from tqdm.auto import tqdm

    scale = resolve_scale(scale)
    notebooks = _select(list_notebooks(folder), only)
    output = Path(output) if output else build_dir()
    output.mkdir(parents=True, exist_ok=True)
    done = []
    bar = tqdm(notebooks, desc=f"notebooks ({scale})", unit="nb", disable=not progress)
    for nb in bar:
        bar.set_postfix_str(nb.stem)
        executed = output / nb.name
        start = time.perf_counter()
        try:
            papermill.execute_notebook(str(nb), str(executed), parameters={"scale": scale},
                                       kernel_name=kernel_name, cwd=str(nb.parent),
                                       progress_bar=False, log_output=False)
        except papermill.PapermillExecutionError as exc:
            cell, _ = _failed_cell(executed)
            raise NotebookFailed(nb.stem, cell, f"{exc.ename}: {exc.evalue}", executed) from None
        elapsed = time.perf_counter() - start
        done.append((executed, elapsed))
        log(f"{nb.stem}: ok in {elapsed:.1f} s -> {executed}")
    return done
