"""Run the notebooks in order with papermill: ``python -m dsp_paper run``."""
from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dsp_paper._environment import BACKEND_VARIABLES, C_LOG_LINE, THREAD_VARIABLES
from dsp_paper.errors import ParameterError
from dsp_paper.paths import build_dir, notebooks_dir
from dsp_paper.study.settings import resolve_scale

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = ["list_notebooks", "run_notebooks", "forbidden_lines", "FORBIDDEN_OUTPUT",
           "NotebookFailed", "NotebookNoisy"]

# What no executed notebook may show, as regular expressions searched in every line of every
# output (streams and text results). TensorFlow's start-up and device-probe log lines are
# kept out by dsp_paper._environment.quiet_backend (which the kernels run first); retracing
# warnings mean a model's step is traced again and again, time lost and a sign that models
# are being trained or run the wrong way (dsp_paper.nn.evaluation.predict, training.fit). A run
# that shows any of them fails with the lines (NotebookNoisy), so it cannot pass unnoticed.
FORBIDDEN_OUTPUT = (
    r"All log messages before absl::InitializeLog\(\)",  # absl's banner
    r"oneDNN custom operations are on",
    r"Unable to register cu(DNN|FFT|BLAS) factory",
    r"cuInit",
    r"Could not find cuda drivers",
    r"TF-TRT Warning",
    r"This TensorFlow binary is optimized",
    r"triggered tf\.function retracing",
    r"\d+ out of the last \d+ calls to <function",
    C_LOG_LINE.pattern,  # any other C++ log line (absl's format): I0000 00:00:... file.cc:12]
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IWEF] \S+:\d+\]",  # older TensorFlow's
)
_FORBIDDEN = [re.compile(p) for p in FORBIDDEN_OUTPUT]

# Run by every kernel before the first cell: Keras is imported before dsp_paper in the
# notebooks, and the start-up lines are written as TensorFlow is imported. Binds no name.
KERNEL_STARTUP = "__import__('dsp_paper._environment', fromlist=['_']).quiet_backend()"


class NotebookFailed(RuntimeError):
    """A notebook raised; the message names it and the cell, and where the executed copy is."""

    def __init__(self, notebook: str, cell: str, error: str, executed: Path) -> None:
        self.notebook, self.cell, self.error, self.executed = notebook, cell, error, executed
        super().__init__(f"{notebook} failed in cell {cell}: {error}\n"
                         f"the executed notebook is kept for inspection: {executed}")


class NotebookNoisy(NotebookFailed):
    """A notebook ran, but its outputs show lines of :data:`FORBIDDEN_OUTPUT`; ``lines``
    holds ``(cell, line)`` for each (cells numbered as :class:`NotebookFailed` does)."""

    def __init__(self, notebook: str, lines: Sequence[tuple[int, str]], executed: Path) -> None:
        self.lines = lines
        cells = ", ".join(dict.fromkeys(str(cell) for cell, _ in lines))
        shown = "".join(f"\n  cell {cell}: {line[:200]}" for cell, line in lines[:20])
        more = f"\n  ... and {len(lines) - 20} more" if len(lines) > 20 else ""
        super().__init__(notebook, cells, f"{len(lines)} forbidden line(s) in the outputs "
                         f"(dsp_paper.runner.FORBIDDEN_OUTPUT):{shown}{more}", executed)


def _code_cells(nb: NotebookNode) -> list[NotebookNode]:
    """Code cells numbered from 1 as in the source notebook (papermill's injected
    parameters cell is not counted)."""
    return [c for c in nb.cells if c.cell_type == "code"
            and "injected-parameters" not in c.metadata.get("tags", [])]


def _output_text(output: Mapping) -> str:
    if output.get("output_type") == "stream":
        text = output.get("text", "")
    elif output.get("output_type") in ("execute_result", "display_data"):
        text = output.get("data", {}).get("text/plain", "")
    else:  # errors are failures already
        return ""
    return "".join(text) if isinstance(text, list) else text


def forbidden_lines(notebook: str | os.PathLike | NotebookNode) -> list[tuple[int, str]]:
    """Every output line of an executed notebook that matches :data:`FORBIDDEN_OUTPUT`.

    Parameters
    ----------
    notebook : path or nbformat.NotebookNode

    Returns
    -------
    list of (int, str)
        ``(code cell number, line)``, in order.
    """
    import nbformat  # heavy: nbformat

    nb = notebook if isinstance(notebook, nbformat.NotebookNode) else \
        nbformat.read(notebook, as_version=4)
    found = []
    for i, cell in enumerate(_code_cells(nb), 1):
        for out in cell.get("outputs", []):
            for line in _output_text(out).splitlines():
                if any(p.search(line) for p in _FORBIDDEN):
                    found.append((i, line))
    return found


@contextlib.contextmanager
def _kernel_environment() -> Iterator[None]:
    """:data:`~dsp_paper._environment.BACKEND_VARIABLES` and the pinned thread pools of
    :data:`~dsp_paper._environment.THREAD_VARIABLES` (where not set) in the environment
    the kernels inherit, for as long as the notebooks run; and, for JAX, a compilation cache
    in ``build/jax-cache`` (``JAX_COMPILATION_CACHE_DIR``): the same model trained for
    another seed or effect compiles to the same program, seconds each on a GPU."""
    wanted = dict(BACKEND_VARIABLES, **THREAD_VARIABLES,
                  JAX_COMPILATION_CACHE_DIR=str(build_dir() / "jax-cache"))
    added = {k: v for k, v in wanted.items() if k not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for k in added:
            os.environ.pop(k, None)


def _kernel_arguments(kernel_name: str) -> list[str]:
    """``exec_lines`` running :data:`KERNEL_STARTUP`, for IPython kernels (others get none)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel  # heavy: Jupyter

    try:
        argv = KernelSpecManager().get_kernel_spec(kernel_name).argv
    except NoSuchKernel:  # papermill says so
        return []
    if not any("ipykernel" in a for a in argv):
        return []
    return [f"--IPKernelApp.exec_lines={KERNEL_STARTUP}"]


def list_notebooks(folder: str | os.PathLike | None = None) -> list[Path]:
    """The ordered notebooks ``NN_name.ipynb`` of ``folder`` (``notebooks/``)."""
    folder = Path(folder) if folder else notebooks_dir()
    if not folder.is_dir():
        raise FileNotFoundError(f"no notebooks folder at {folder}")
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def _select(notebooks: list[Path], only: Iterable[str]) -> list[Path]:
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


def _failed_cell(executed_path: str | os.PathLike) -> tuple[str, str]:
    """(cell number, error text) of the first cell whose output is an error."""
    import nbformat  # heavy: nbformat

    nb = nbformat.read(executed_path, as_version=4)
    for i, cell in enumerate(_code_cells(nb), 1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                first = cell.source.strip().splitlines()[:1]
                where = f"{i} (code cell {i}: {first[0][:60]!r})" if first else str(i)
                return where, f"{out.get('ename')}: {out.get('evalue')}"
    return "?", "unknown error"


def run_notebooks(*, scale: str | None = None, only: Iterable[str] = (),
                  output: str | os.PathLike | None = None,
                  folder: str | os.PathLike | None = None, kernel_name: str = "python3",
                  progress: bool = True,
                  log: Callable[[str], object] = print) -> list[tuple[Path, float]]:
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
    import papermill  # heavy: papermill
    from tqdm.auto import tqdm  # heavy: tqdm

    scale = resolve_scale(scale)
    notebooks = _select(list_notebooks(folder), only)
    output = Path(output) if output else build_dir()
    output.mkdir(parents=True, exist_ok=True)
    done = []
    extra_arguments = _kernel_arguments(kernel_name)
    log(f"{len(notebooks)} notebook(s) at {scale}, Keras backend "
        f"{os.environ.get('KERAS_BACKEND', 'tensorflow')} (set KERAS_BACKEND to change it; "
        "each notebook prints the device it trains on)")
    bar = tqdm(notebooks, desc=f"notebooks ({scale})", unit="nb", disable=not progress)
    for nb in bar:
        bar.set_postfix_str(nb.stem)
        executed = output / nb.name
        start = time.perf_counter()
        try:
            with _kernel_environment():
                papermill.execute_notebook(str(nb), str(executed), parameters={"scale": scale},
                                           kernel_name=kernel_name, cwd=str(nb.parent),
                                           progress_bar=False, log_output=False,
                                           extra_arguments=list(extra_arguments))
        except papermill.PapermillExecutionError as exc:
            cell, _ = _failed_cell(executed)
            raise NotebookFailed(nb.stem, cell, f"{exc.ename}: {exc.evalue}", executed) from None
        elapsed = time.perf_counter() - start
        noisy = forbidden_lines(executed)
        if noisy:
            raise NotebookNoisy(nb.stem, noisy, executed)
        done.append((executed, elapsed))
        log(f"{nb.stem}: ok in {elapsed:.1f} s -> {executed}")
    return done
