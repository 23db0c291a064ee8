"""On-disk cache of generated datasets, keyed by a hash of everything that made them."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from dsp_paper.paths import cache_dir

__all__ = ["cache_key", "cached_arrays"]

# Bump when a builder changes what it produces for the same parameters.
CACHE_VERSION = 2


def cache_key(name: str, params: Mapping[str, Any]) -> str:
    """``name-<12 hex>``: the hash covers ``params`` (JSON) and the cache version."""
    blob = json.dumps({"v": CACHE_VERSION, "params": params}, sort_keys=True, default=str)
    return f"{name}-{hashlib.sha256(blob.encode()).hexdigest()[:12]}"


def cached_arrays(name: str, params: Mapping[str, Any],
                  build: Callable[[], dict[str, np.ndarray]], *,
                  folder: str | os.PathLike | None = None
                  ) -> tuple[dict[str, np.ndarray], Path]:
    """Load the arrays built for ``params``, or build and store them atomically.

    Parameters
    ----------
    name : str
    params : dict
        Everything the result depends on (JSON-serialisable).
    build : callable
        ``build() -> dict[str, np.ndarray]``.

    Returns
    -------
    arrays : dict[str, np.ndarray]
    path : Path
        The ``.npz`` file.
    """
    folder = Path(folder) if folder else cache_dir()
    path = folder / f"{cache_key(name, params)}.npz"
    if path.is_file():
        try:
            with np.load(path, allow_pickle=False) as data:
                return {k: data[k] for k in data.files}, path
        except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
            print(f"cached {path.name} is damaged ({type(exc).__name__}: {exc}); rebuilding it")
            path.unlink(missing_ok=True)
    arrays = build()
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.stem}.", suffix=".npz")
    os.close(fd)
    try:
        np.savez(tmp, **arrays)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    (folder / f"{path.stem}.json").write_text(json.dumps(params, indent=1, sort_keys=True,
                                                         default=str))
    return arrays, path
