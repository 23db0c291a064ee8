"""Where things go: the repository root, ``build/`` (executed notebooks, caches, smoke
figures) and ``figures/`` (the committed results of the latest quick or paper run)."""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["repo_root", "build_dir", "cache_dir", "notebooks_dir", "write_text_atomically"]

ROOT_ENV = "DSP_PAPER_ROOT"


def repo_root() -> Path:
    """``$DSP_PAPER_ROOT``, else the checkout this package was installed from (editable),
    else the current directory."""
    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV]).resolve()
    here = Path(__file__).resolve().parent.parent
    if (here / "pyproject.toml").is_file() and (here / "notebooks").is_dir():
        return here
    return Path.cwd().resolve()


def build_dir() -> Path:
    return repo_root() / "build"


def cache_dir() -> Path:
    """Datasets cached under a key of their parameters."""
    return build_dir() / "cache"


def notebooks_dir() -> Path:
    return repo_root() / "notebooks"


def write_text_atomically(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file beside it, moved into place
    with ``os.replace``: a reader sees the old file or the new one, never half of one."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
