"""NeuralAmpModelerCore, Neural Amp Modeler's own engine, built from its source with the
package's small render program (``nam_render.cpp``) and run as the plugin runs it: the model
prewarmed by ``Reset``, then processed in blocks of 64 samples. For checking exported files
against :mod:`dsp_paper.capture.nam`, and timing the two engines side by side.

The source is ``$NAM_CORE_DIR``, else ``shared/nam-core`` beside the checkout; building needs
a C++20 compiler and Eigen's headers (``tools/system-packages.sh`` installs both). Compiling
every Core source takes about a minute of one core; the program is kept under the checkout's
``build/nam-core/`` and built again when Core's sources or headers, Eigen, the compiler or
its flags change (or, for a build for this CPU alone, the CPU).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from dsp_paper.errors import ParameterError
from dsp_paper.paths import build_dir

__all__ = ["core_source", "build_renderer", "render", "core_seconds", "RENDER_BLOCK",
           "EXACT_FLAGS", "PLUGIN_FLAGS", "NATIVE_FLAGS", "BUILD_FAILED"]

#: Samples per ``process`` call, as the plugin's host typically calls it.
RENDER_BLOCK = 64
#: Flags of the build used to compare outputs (exact arithmetic, no fast-math).
EXACT_FLAGS = ("-O2",)
#: Core as the plugin builds it: a release build (asserts off), plain -O3 (no fast-math) and
#: its A2 fast path.
PLUGIN_FLAGS = ("-O3", "-DNDEBUG", "-DNAM_ENABLE_A2_FAST")
#: Core at its fastest on the machine at hand: the plugin's flags for this CPU alone.
NATIVE_FLAGS = ("-O3", "-DNDEBUG", "-march=native", "-DNAM_ENABLE_A2_FAST")
_EIGEN = Path("/usr/include/eigen3")
_PROGRAM = Path(__file__).with_name("nam_render.cpp")
# the checkout the package runs from: the engine is its neighbour and its build is kept in
# the checkout's build/, whatever $DSP_PAPER_ROOT says (a test's root is thrown away)
_CHECKOUT = Path(__file__).resolve().parents[2]


def core_source() -> Path | None:
    """NeuralAmpModelerCore's source: ``$NAM_CORE_DIR``, else ``shared/nam-core`` beside the
    checkout; None where neither holds ``NAM/get_dsp.h``."""
    for candidate in (os.environ.get("NAM_CORE_DIR"), _CHECKOUT.parent / "shared" / "nam-core"):
        if candidate and (Path(candidate) / "NAM" / "get_dsp.h").is_file():
            return Path(candidate).resolve()
    return None


#: How :func:`build_renderer`'s reason begins when the compiler failed (rather than a
#: prerequisite missing): a test fails on it instead of skipping.
BUILD_FAILED = "building NeuralAmpModelerCore failed"


def _build_key(compiler: str, flags: tuple[str, ...], source: Path) -> str:
    """What a kept build depends on: the program, every source and header of Core it
    compiles (Core computes in its headers too), Eigen's version, the compiler's version and
    flags, and for ``-march=native`` the CPU."""
    digest = hashlib.sha256()
    files = [_PROGRAM, *sorted((source / "NAM").rglob("*")),
             *sorted((source / "Dependencies" / "nlohmann").rglob("*")),
             _EIGEN / "Eigen" / "src" / "Core" / "util" / "Macros.h"]
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(path.anchor)).encode())
            digest.update(path.read_bytes())
    version = subprocess.run([compiler, "--version"], capture_output=True, text=True).stdout
    digest.update(" ".join((version, *flags)).encode())
    if "-march=native" in flags and Path("/proc/cpuinfo").is_file():
        digest.update(next((line for line in Path("/proc/cpuinfo").read_text().splitlines()
                            if line.startswith("flags")), "").encode())
    return digest.hexdigest()[:16]


def build_renderer(*, flags: tuple[str, ...] = EXACT_FLAGS) -> tuple[Path | None, str]:
    """The render program built against Core (kept under the checkout's ``build/nam-core/``).

    Returns
    -------
    path, reason : Path or None, str
        The program, or None with the reason it cannot be built here (no source, no
        compiler, no Eigen), or, beginning with :data:`BUILD_FAILED`, the compiler's last
        lines.
    """
    source = core_source()
    compiler = shutil.which(os.environ.get("CXX", "g++"))
    if source is None:
        return None, "NeuralAmpModelerCore's source is not here (set NAM_CORE_DIR)"
    if compiler is None:
        return None, "no C++ compiler (g++ or $CXX) is installed"
    if not (_EIGEN / "Eigen").is_dir():
        return None, f"Eigen's headers are not in {_EIGEN} (Debian: libeigen3-dev)"
    units = sorted((source / "NAM").rglob("*.cpp"))
    builds = _CHECKOUT / "build" if (_CHECKOUT / "pyproject.toml").is_file() else build_dir()
    program = builds / "nam-core" / f"nam_render-{_build_key(compiler, flags, source)}"
    if program.is_file():
        return program, ""
    program.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=program.parent) as tmp:
        partial = Path(tmp) / program.name
        command = [compiler, *flags, "-std=c++20", "-isystem", str(_EIGEN), "-I", str(source),
                   "-I", str(source / "Dependencies" / "nlohmann"),
                   "-I", str(source / "Dependencies"), "-o", str(partial), str(_PROGRAM),
                   *map(str, units)]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            return None, f"{BUILD_FAILED}: " + done.stderr[-2000:]
        os.replace(partial, program)  # whole or not at all
    return program, ""


def render(program: Path, model_path: str | os.PathLike, audio: np.ndarray, *,
           fast_tanh: bool = False, controls: tuple[float, ...] = ()) -> np.ndarray:
    """``audio`` through the ``.nam`` file at ``model_path`` in NeuralAmpModelerCore.

    Parameters
    ----------
    program : Path
        :func:`build_renderer`'s.
    audio : np.ndarray, shape (n,)
        Mono, at the model's sample rate.
    fast_tanh : bool
        The plugin's approximate tanh; exact by default, for comparisons.
    controls : tuple of float
        A multi-input model's other input channels, held constant (zeros while Core
        prewarms).

    Returns
    -------
    np.ndarray, shape (n,), float64
    """
    audio = np.asarray(audio, dtype="<f8")
    if audio.ndim != 1:
        raise ParameterError(f"audio must be mono, shape (n,), got {audio.shape}")
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.f64", Path(tmp) / "out.f64"
        audio.tofile(src)
        done = subprocess.run([str(program), str(model_path), str(src), str(out)]
                              + (["--fast-tanh"] if fast_tanh else [])
                              + (["--controls", ",".join(repr(float(c)) for c in controls)]
                                 if len(controls) else []),
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise ParameterError(f"NeuralAmpModelerCore could not run {model_path}: "
                                 f"{done.stderr.strip()[-500:]}")
        return np.fromfile(out, dtype="<f8")


def core_seconds(program: Path, model_path: str | os.PathLike, *, seconds: float,
                 fast_tanh: bool = True) -> float:
    """Seconds NeuralAmpModelerCore takes for ``seconds`` of noise through the model in
    64-sample blocks, on one core (the fastest of three passes after a warm-up)."""
    core = min(os.sched_getaffinity(0))  # the core the package's kernel is timed on
    done = subprocess.run([str(program), str(model_path), "--bench", f"{seconds:g}"]
                          + (["--fast-tanh"] if fast_tanh else []),
                          capture_output=True, text=True,
                          preexec_fn=lambda: os.sched_setaffinity(0, {core}))
    if done.returncode != 0:
        raise ParameterError(f"NeuralAmpModelerCore could not run {model_path}: "
                             f"{done.stderr.strip()[-500:]}")
    return float(done.stdout.split()[0])

