"""Checkpoints of :func:`~dsp_paper.nn.training.fit`: where a run is kept, the signature that
tells a kept run from a stale one, and saving and loading it whole (a new folder replaces the
old at once, so an interrupted save loses nothing)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from dsp_paper.nn.models import load_model
from dsp_paper.paths import build_dir

if TYPE_CHECKING:
    from pathlib import Path

    import keras

__all__ = ["checkpoint_dir", "digest", "signature", "save", "load", "LOOP_VERSION",
           "CHECKPOINT_SECONDS"]


def checkpoint_dir(name: str) -> Path:
    """``build/checkpoints/<backend>/name``: a run is kept for the Keras backend that trained
    it, so a run on another backend trains its own rather than reusing this one's."""
    import keras  # heavy: Keras

    return build_dir() / "checkpoints" / keras.backend.backend() / name


def digest(*arrays: np.ndarray) -> str:
    """A hash of every byte of ``arrays`` (with their shapes and dtypes): data changed
    anywhere, not only at its ends, makes a kept run stale."""
    h = hashlib.blake2b(digest_size=32)
    for a in arrays:
        a = np.ascontiguousarray(a)
        h.update(f"{a.shape}{a.dtype.str}".encode())
        h.update(memoryview(a).cast("B"))
    return h.hexdigest()


# Bump when the loop itself changes what it produces for the same model, data and settings:
# a finished checkpoint of an older loop is then trained again rather than reused. (4: the
# models' initial weights are drawn by NumPy, the same on every backend.)
LOOP_VERSION = 4

# An unfinished run is saved after an epoch once this many seconds have passed since its last
# save (and always when it ends): an interrupted run loses at most this much training, and a
# model of many weights with short epochs does not spend its time writing them.
CHECKPOINT_SECONDS = 30.0


def _loss_config(model: keras.Model) -> Any:
    loss = getattr(model, "loss", None)
    return loss.get_config() | {"class": type(loss).__name__} if hasattr(loss, "get_config") \
        else loss


def signature(model: keras.Model, x: np.ndarray, y: np.ndarray, epochs: int, batch_size: int,
               seed: int, extra: dict | None, snapshot_epochs: set[int],
               validation: tuple[np.ndarray, np.ndarray] | None) -> str:
    optimizer = getattr(model, "optimizer", None)
    opt_config = {k: v for k, v in optimizer.get_config().items() if k != "name"} \
        if optimizer is not None else None
    blob = json.dumps(dict(loop=LOOP_VERSION, model=model.get_config(), optimizer=opt_config,
                           loss=_loss_config(model),
                           x=list(x.shape), y=list(y.shape),
                           epochs=epochs, batch_size=batch_size, seed=seed, extra=extra,
                           snapshots=sorted(snapshot_epochs), data=digest(x, y),
                           validation=digest(*validation) if validation is not None else None),
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def save(folder: Path, model: keras.Model, state: dict,
                     snapshots: dict[int, list[np.ndarray]], *,
                     best: list[np.ndarray] | None = None) -> None:
    """Save a run under ``folder`` at once (a new folder replaces the old): the model, the
    state, the snapshots and, with ``restore_best``, the best weights so far (``best``, whose
    epoch and validation loss ``state["best"]`` names)."""
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    model.save(tmp / "model.keras")
    np.savez(tmp / "snapshots.npz", **{f"{e}/{i}": w for e, ws in snapshots.items()
                                        for i, w in enumerate(ws)})
    if best is not None:
        np.savez(tmp / "best.npz", **{str(i): w for i, w in enumerate(best)})
    (tmp / "state.json").write_text(json.dumps(state))
    old = folder.with_name(folder.name + ".old")
    if folder.exists():
        os.replace(folder, old)
    os.replace(tmp, folder)
    shutil.rmtree(old, ignore_errors=True)


def load(folder: Path, signature: str, *, log: Callable[[str], object] = print,
                     need_best: bool = False
                     ) -> tuple[keras.Model, dict, dict[int, list[np.ndarray]]] | None:
    """The kept model, state and snapshots under ``folder`` if they were made with
    ``signature``; otherwise None, saying why the run starts over. The best weights so far,
    where the run kept them, are in ``state["best"]["weights"]``.

    With ``need_best`` (``restore_best``), an unfinished run that validated an epoch yet kept
    no best weights (saved before checkpoints kept them) is stale too: resumed, it could
    restore only the best of the epochs after the resume."""

    try:
        state = json.loads((folder / "state.json").read_text())
    except (OSError, ValueError) as exc:
        log(f"{folder.name}: the kept run cannot be read ({type(exc).__name__}: {exc}); "
            "training afresh")
        return None
    if state.get("signature") != signature:
        log(f"{folder.name}: the kept run was made with other settings, data or code; "
            "training afresh")
        return None
    if need_best and not state.get("finished") and state.get("best") is None and \
            np.isfinite(np.asarray(state.get("log", {}).get("val_loss") or [], float)).any():
        log(f"{folder.name}: the kept run predates keeping the best weights, which "
            "restore_best needs; training afresh")
        return None
    try:
        model = load_model(folder / "model.keras")
        snapshots = {}
        with np.load(folder / "snapshots.npz") as data:
            for key in sorted(data.files, key=lambda k: tuple(map(int, k.split("/")))):
                e, _ = key.split("/")
                snapshots.setdefault(int(e), []).append(data[key])
        if state.get("best") is not None:  # (kept before the best was saved: none)
            with np.load(folder / "best.npz") as data:
                state["best"]["weights"] = [data[k] for k in sorted(data.files, key=int)]
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
        log(f"{folder.name}: the kept model is damaged ({type(exc).__name__}: {exc}); "
            "training afresh")
        return None
    return model, state, snapshots
