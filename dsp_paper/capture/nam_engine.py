"""NeuralAmpModelerCore, Neural Amp Modeler's own engine, built from its source with the
package's small render program (``nam_render.cpp``) and run as the plugin runs it: the model
prewarmed by ``Reset``, then processed in blocks of 64 samples. For checking exported files
against :mod:`dsp_paper.capture.nam`, and timing the two engines side by side.

The source is ``$NAM_CORE_DIR``, else ``shared/nam-core`` beside the checkout; building needs
a C++20 compiler and Eigen's headers (``tools/system-packages.sh`` installs both). Compiling
every Core source takes about a minute of one core; the program is kept under the checkout's
``build/nam-core/`` and built again only when its source, the compiler or its flags change.
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

__all__ = ["core_source", "build_renderer", "render", "core_seconds", "benchmark_nam",
           "RENDER_BLOCK", "EXACT_FLAGS", "PLUGIN_FLAGS", "NATIVE_FLAGS"]

#: Samples per ``process`` call, as the plugin's host typically calls it.
RENDER_BLOCK = 64
#: Flags of the build used to compare outputs (exact arithmetic, no fast-math).
EXACT_FLAGS = ("-O2",)
#: Core as the plugin builds it: plain -O3 (no fast-math) and its A2 fast path.
PLUGIN_FLAGS = ("-O3", "-DNAM_ENABLE_A2_FAST")
#: Core at its fastest on the machine at hand: the plugin's flags for this CPU alone.
NATIVE_FLAGS = ("-O3", "-march=native", "-DNAM_ENABLE_A2_FAST")
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


def build_renderer(*, flags: tuple[str, ...] = EXACT_FLAGS) -> tuple[Path | None, str]:
    """The render program built against Core (kept under ``build/nam-core/``).

    Returns
    -------
    path, reason : Path or None, str
        The program, or None with the reason it cannot be built here (no source, no
        compiler, no Eigen) or the compiler's last lines where the build failed.
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
    digest = hashlib.sha256()
    for path in (_PROGRAM, *units):
        digest.update(path.read_bytes())
    digest.update(" ".join((compiler, *flags)).encode())
    builds = _CHECKOUT / "build" if (_CHECKOUT / "pyproject.toml").is_file() else build_dir()
    program = builds / "nam-core" / f"nam_render-{digest.hexdigest()[:16]}"
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
            return None, "building NeuralAmpModelerCore failed: " + done.stderr[-2000:]
        os.replace(partial, program)  # whole or not at all
    return program, ""


def render(program: Path, model_path: str | os.PathLike, audio: np.ndarray, *,
           fast_tanh: bool = False) -> np.ndarray:
    """``audio`` through the ``.nam`` file at ``model_path`` in NeuralAmpModelerCore.

    Parameters
    ----------
    program : Path
        :func:`build_renderer`'s.
    audio : np.ndarray, shape (n,)
        Mono, at the model's sample rate.
    fast_tanh : bool
        The plugin's approximate tanh; exact by default, for comparisons.

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
                              + (["--fast-tanh"] if fast_tanh else []),
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise ParameterError(f"NeuralAmpModelerCore could not run {model_path}: "
                                 f"{done.stderr.strip()[-500:]}")
        return np.fromfile(out, dtype="<f8")


def core_seconds(program: Path, model_path: str | os.PathLike, *, seconds: float,
                 fast_tanh: bool = True) -> float:
    """Seconds NeuralAmpModelerCore takes for ``seconds`` of noise through the model in
    64-sample blocks, on one core (the fastest of three passes after a warm-up)."""
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    done = subprocess.run([*pin, str(program), str(model_path), "--bench", f"{seconds:g}"]
                          + (["--fast-tanh"] if fast_tanh else []),
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise ParameterError(f"NeuralAmpModelerCore could not run {model_path}: "
                             f"{done.stderr.strip()[-500:]}")
    return float(done.stdout.split()[0])


def benchmark_nam(model_path: str | os.PathLike, *, seconds: float = 10.0,
                  builds: dict[str, tuple[str, ...]] | None = None) -> dict:
    """The package's block kernel and NeuralAmpModelerCore on the same ``.nam`` model, in one
    run: 64-sample blocks of noise on one core, each engine's real-time factor (the fastest
    of three passes) and the kernel's error against the Keras model it was built from.

    Parameters
    ----------
    model_path : path
        A ``.nam`` file :func:`dsp_paper.capture.nam.from_nam` reads.
    seconds : float
        Audio per timed pass.
    builds : dict of str -> tuple of str, optional
        Core's builds to time, by name; default the plugin's (:data:`PLUGIN_FLAGS`) and
        this CPU's best (:data:`NATIVE_FLAGS`), both with fast tanh as the plugin runs them.

    Returns
    -------
    dict
        ``package`` (real-time factor), ``core`` (build -> real-time factor), ``ratio``
        (build -> package over Core), ``kernel_error`` (the kernel's largest difference from
        Keras over its output's RMS), ``sample_rate``.

    Raises
    ------
    ParameterError
        Where the file cannot be read or Core cannot be built (with the reason).
    """
    import json

    from dsp_paper.capture.nam import from_nam
    from dsp_paper.capture.speed import realtime_factor
    from dsp_paper.nn.streaming import streamer  # heavy: keras

    if not seconds > 0:
        raise ParameterError(f"seconds must be positive, got {seconds!r}")
    path = Path(model_path)
    try:
        written = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ParameterError(f"{path} is not a .nam file this package reads: {exc}") from None
    rate = int(written.get("sample_rate") or 48000)
    model = from_nam(written)
    stream = streamer(model)
    check = np.random.default_rng(1).uniform(-0.5, 0.5, rate // 2).astype(np.float32)
    reference = model.predict(check[None, :, None], verbose=0)[0, :, 0]
    stream.reset()
    error = float(np.max(np.abs(stream.process(check) - reference))
                  / np.sqrt(np.mean(reference.astype(np.float64) ** 2)))
    package = realtime_factor(stream, sample_rate=rate, block=RENDER_BLOCK, seconds=seconds)
    core, ratio = {}, {}
    for name, flags in (builds or {"plugin build": PLUGIN_FLAGS,
                                   "-march=native": NATIVE_FLAGS}).items():
        program, reason = build_renderer(flags=flags)
        if program is None:
            raise ParameterError(f"cannot time NeuralAmpModelerCore: {reason}")
        core[name] = seconds / core_seconds(program, path, seconds=seconds)
        ratio[name] = package / core[name]
    return dict(package=package, core=core, ratio=ratio, kernel_error=error, sample_rate=rate)
