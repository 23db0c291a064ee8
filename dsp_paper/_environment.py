"""Keep TensorFlow's start-up log lines out of notebooks, scripts and tests.

TensorFlow's C++ runtime logs what it probes when it loads and first runs: CUDA drivers and
devices (``cudart_stub.cc ... Could not find cuda drivers``, ``failed call to cuInit``), the
CPU's instruction sets (``This TensorFlow binary is optimized ...``) and, on some builds,
oneDNN (``oneDNN custom operations are on``). On the CPU machines this project runs on, none
of it is news, and in a notebook it lands in the output of whichever cell first imports Keras.
"""
from __future__ import annotations

import contextlib
import importlib.abc
import importlib.util
import os
import re
import sys
import tempfile
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec
    from types import ModuleType

__all__ = ["BACKEND_VARIABLES", "THREAD_VARIABLES", "quiet_backend"]

# Read by TensorFlow when it is imported; set only where the user has not set them.
# TF_CPP_MIN_LOG_LEVEL=3 keeps C++ log lines of severity below FATAL out (0 = all of them):
# "failed call to cuInit" is logged as an ERROR although it only means "no GPU here", and
# real errors reach Python as exceptions. oneDNN stays on (TF_ENABLE_ONEDNN_OPTS is left
# alone): switching it off changes results slightly, and its notice is an INFO line.
BACKEND_VARIABLES = {"TF_CPP_MIN_LOG_LEVEL": "3"}

# The thread pools of every notebook run and test run (set where the user has not set them,
# before the kernel or test process starts): how many threads split a reduction changes its
# order, and so the last digits of a training, and through them what a target loss or an
# autoregressive generation does. Two, the cores of the machine the published runs use; a run
# records what it had (dsp_paper.study.outputs.environment_record).
THREAD_VARIABLES = {"TF_NUM_INTRAOP_THREADS": "2", "TF_NUM_INTEROP_THREADS": "2",
                    "OMP_NUM_THREADS": "2", "OPENBLAS_NUM_THREADS": "2", "MKL_NUM_THREADS": "2"}

# absl's banner before its first line of a process that has not initialised absl logging
ABSL_BANNER = "WARNING: All log messages before absl::InitializeLog() is called"
# an absl / TensorFlow C++ log line: severity and date, time, thread, file:line]
C_LOG_LINE = re.compile(r"^(?P<severity>[IWEF])\d{4} [\d:.]+\s+\d+ [^\]\s]+:\d+\] ")
_SEVERITY = {"I": 0, "W": 1, "E": 2, "F": 3}


def quiet_backend() -> None:
    """Keep TensorFlow's start-up log lines out of the output (call before TensorFlow is
    first imported: ``dsp_paper/__init__.py`` does, and the notebook runner's kernels).

    1. Sets :data:`BACKEND_VARIABLES` in ``os.environ`` unless already set, so
       ``TF_CPP_MIN_LOG_LEVEL=0`` (or any value) in the environment still wins; with another
       Keras backend (``KERAS_BACKEND=jax``) also ``TF_FORCE_GPU_ALLOW_GROWTH=true``, since
       Keras imports TensorFlow to seed it whatever the backend.
    2. TensorFlow applies that level only once absl logging is initialised; the lines its
       libraries log while they load (the absl banner and the CUDA probe of
       ``cudart_stub.cc``) go to stderr regardless. So the first ``import tensorflow``
       (from Keras or anywhere) runs with the C-level stderr caught, and what it wrote goes
       back to stderr without the banner and the C++ log lines below that level: TensorFlow's
       own rule, applied to the lines it logs too early to apply it.

    Does nothing once TensorFlow is imported (its level is then fixed); calling it again is
    harmless. Python-level warnings (such as tf.function retracing) are left alone: they
    point at real problems, and the notebook runner fails a notebook that shows them.
    """
    for name, value in BACKEND_VARIABLES.items():
        os.environ.setdefault(name, value)
    if os.environ.get("KERAS_BACKEND", "tensorflow") != "tensorflow":
        # Keras imports TensorFlow, where installed, to seed it whatever the backend; on a GPU
        # it must not take the memory the backend that trains needs.
        os.environ.setdefault("TF_FORCE_GPU_ALLOW_GROWTH", "true")
    if "tensorflow" in sys.modules or _min_level() == 0:
        return
    if not any(isinstance(f, _QuietTensorFlowImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _QuietTensorFlowImport())


def _min_level() -> int:
    try:
        return int(os.environ.get("TF_CPP_MIN_LOG_LEVEL", "0"))
    except ValueError:
        return 0


def _is_startup_noise(line: str, level: int) -> bool:
    if line.startswith(ABSL_BANNER):
        return True
    match = C_LOG_LINE.match(line)
    return bool(match) and _SEVERITY[match["severity"]] < level


@contextlib.contextmanager
def _filtered_c_stderr() -> Iterator[None]:
    """Catch what is written to file descriptor 2 (C and C++ code included) and write it
    back afterwards without TensorFlow's start-up noise."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no usable stderr: nothing to filter
        yield
        return
    level = _min_level()
    with tempfile.TemporaryFile() as caught:
        os.dup2(caught.fileno(), 2)
        try:
            yield
        finally:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            caught.seek(0)
            text = caught.read().decode("utf-8", errors="replace")
            kept = "".join(line for line in text.splitlines(keepends=True)
                           if not _is_startup_noise(line, level))
            if kept:
                os.write(2, kept.encode("utf-8"))


class _QuietTensorFlowImport(importlib.abc.MetaPathFinder):
    """Finds ``tensorflow`` once, the first time it is imported, and has it executed
    inside :func:`_filtered_c_stderr`; then removes itself."""

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname != "tensorflow":
            return None
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            spec.loader = _QuietLoader(spec.loader)
        return spec


class _QuietLoader(importlib.abc.Loader):
    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        try:
            with _filtered_c_stderr():
                self.loader.exec_module(module)
        finally:  # the module keeps its own loader
            module.__loader__ = self.loader
            if module.__spec__ is not None:
                module.__spec__.loader = self.loader

    def __getattr__(self, name: str) -> Any:
        return getattr(self.loader, name)
