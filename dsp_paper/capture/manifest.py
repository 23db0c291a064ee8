"""A knob capture's takes, listed in a small CSV file: one row per take, the dry and wet files
(paths relative to the file) and the value of every control at which the wet was recorded,
checked whole before any audio is read (:func:`read_manifest`).

The file::

    dry,wet,drive
    di.wav,drive_0.wav,0.0
    di.wav,drive_5.wav,0.5
    di.wav,drive_10.wav,1.0
    di.wav,drive_7.wav,0.7,holdout

Columns ``dry`` and ``wet``, then one column per control (its name the header: letters,
digits, ``_`` and ``-``), and optionally ``use``: ``train`` (the default, also when empty) or
``holdout``, a take the model never trains on and is tested at, to show how it plays at a
setting it did not hear.
"""
from __future__ import annotations

import csv
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dsp_paper.capture.preflight import check_model_path, check_sound_file
from dsp_paper.errors import ParameterError

__all__ = ["ManifestTake", "Manifest", "read_manifest", "control_inputs", "model_controls",
           "check_apply_controls", "USES"]

USES = ("train", "holdout")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


@dataclass(frozen=True)
class ManifestTake:
    """One row of a manifest: its files, its control values (in the manifest's order) and
    whether the model trains on it."""

    dry: Path
    wet: Path
    controls: tuple[float, ...]
    use: str = "train"

    @property
    def label(self) -> str:
        """The wet file's name, which names the take in reports."""
        return self.wet.name


@dataclass(frozen=True)
class Manifest:
    """A checked manifest: the control names and the takes."""

    controls: tuple[str, ...]
    takes: tuple[ManifestTake, ...]
    sample_rate: int

    @property
    def training(self) -> tuple[ManifestTake, ...]:
        return tuple(t for t in self.takes if t.use == "train")


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ParameterError(f"no takes file at {path}") from None
    except (IsADirectoryError, UnicodeDecodeError, OSError) as exc:
        raise ParameterError(f"{path} is not a CSV text file of takes "
                             f"({type(exc).__name__})") from None
    rows = [[cell.strip() for cell in row] for row in csv.reader(text.splitlines())
            if any(cell.strip() for cell in row)]
    if not rows:
        raise ParameterError(f"{path} is empty: it needs a header (dry,wet,<control>...) and "
                             "one row per take")
    return rows[0], rows[1:]


def _identity(path: Path) -> tuple[int, int] | None:
    """The file's device and inode (the same file under two names, or a hard link), or None
    where it cannot be read."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def read_manifest(path: str | os.PathLike) -> Manifest:
    """Read and check a takes file, every problem named at once, before any audio is read.

    Checked: the header (``dry``, ``wet``, at least one control, optionally ``use``); every
    row's cell count, numbers (finite) and ``use``; every file a readable sound file with
    samples, all at one sample rate (a wet at another rate is refused here: resample it
    first); no wet file listed twice or as its own dry; at least two training takes, and
    every control taking
    at least two values among them (one value teaches the model nothing about the knob).

    Parameters
    ----------
    path : path
        The CSV file; the audio paths in it are relative to its folder (or absolute).

    Returns
    -------
    Manifest

    Raises
    ------
    ParameterError
        Naming every problem found.
    """
    path = Path(path)
    header, rows = _rows(path)
    lower = [h.lower() for h in header]
    problems = []
    for needed in ("dry", "wet"):
        if needed not in lower:
            problems.append(f"the header has no {needed!r} column")
    controls = [h for h in header if h.lower() not in ("dry", "wet", "use")]
    if not controls:
        problems.append("the header names no control column (dry,wet,drive for a drive knob)")
    bad = [c for c in controls if not _NAME.match(c)]
    if bad:
        problems.append(f"control names must be letters, digits, _ and -: {bad}")
    if len(set(lower)) != len(lower):
        problems.append("a column is named twice in the header")
    if problems:
        raise ParameterError(f"{path}: " + "; ".join(problems))
    takes, rates, seen_wet = [], {}, set()
    for number, row in enumerate(rows, start=2):
        where = f"line {number}"
        if len(row) != len(header):
            problems.append(f"{where} has {len(row)} cells where the header has {len(header)}")
            continue
        cells = dict(zip(lower, row))
        values = []
        for name in controls:
            cell = cells[name.lower()]
            try:
                value = float(cell)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                problems.append(f"{where}: {name} must be a finite number, got {cell!r}")
            values.append(value)
        use = cells.get("use", "").lower() or "train"
        if use not in USES:
            problems.append(f"{where}: use must be train or holdout, got {cells['use']!r}")
        files = {}
        for kind in ("dry", "wet"):
            file = Path(cells[kind])
            file = file if file.is_absolute() else path.parent / file
            files[kind] = file
            try:
                info = check_sound_file(file, kind)
            except (ParameterError, FileNotFoundError) as exc:
                problems.append(f"{where}: {exc}")
                continue
            rates.setdefault(info.samplerate, []).append(f"{where} {kind}")
        identity = _identity(files["wet"])
        if identity is not None and identity == _identity(files["dry"]):
            problems.append(f"{where}: the dry and the wet are the same file ({cells['wet']})")
        elif identity is not None and identity in seen_wet:
            problems.append(f"{where}: the wet file {cells['wet']} is listed twice")
        seen_wet.add(identity)
        takes.append(ManifestTake(files["dry"], files["wet"], tuple(values), use))
    if len(rates) > 1:
        problems.append("the files are at different sample rates ("
                        + "; ".join(f"{rate} Hz: {', '.join(where[:3])}"
                                    + (" ..." if len(where) > 3 else "")
                                    for rate, where in sorted(rates.items()))
                        + "): resample them to one rate first")
    training = [t for t in takes if t.use == "train"]
    if len(training) < 2:
        problems.append(f"a knob capture needs at least two training takes, got {len(training)}")
    for i, name in enumerate(controls):
        if len(training) >= 2 and len({t.controls[i] for t in training}) < 2:
            problems.append(f"the control {name} has one value in every training take: a knob "
                            "needs takes at two settings at least")
    if problems:
        raise ParameterError(f"{path}: " + "; ".join(problems))
    return Manifest(tuple(controls), tuple(takes), next(iter(rates)))


def control_inputs(values: np.ndarray | list, controls: list[dict]) -> np.ndarray:
    """Control values as a knob capture's model takes them: each mapped linearly from the
    range of its training takes (``controls``: ``{"name", "min", "max"}`` per control) onto
    [-1, 1], so that a knob read in 0-10 or in dB starts where tanh bends. Values outside
    the range map beyond it (the model extrapolates there).

    Returns
    -------
    np.ndarray, float32
    """
    values = np.asarray(values, np.float64)
    low = np.array([c["min"] for c in controls], np.float64)
    high = np.array([c["max"] for c in controls], np.float64)
    return (2.0 * (values - low) / (high - low) - 1.0).astype(np.float32)


def model_controls(document: dict, count: int,
                   given: list[float] | dict[str, float] | None) -> list[float] | None:
    """The values a capture's model takes for its controls, from those given to ``apply``:
    in order, or by name (``{"drive": 0.6}``); a knob capture's values (its ``model.json``
    has ``control_ranges``) as in its takes file, mapped as in training
    (:func:`~dsp_paper.capture.training.control_inputs`).

    Raises
    ------
    ParameterError
        For the wrong count, unknown or missing names, values that are not finite.
    """
    ranges = document.get("control_ranges") or []
    names = [c["name"] for c in ranges]
    if given is not None and not count:
        raise ParameterError(f"this model has no controls: leave out --controls (got "
                             f"{len(given)})")
    if isinstance(given, dict):
        if not names:
            raise ParameterError("this model's controls have no names: give their values in "
                                 "order (--controls 0.5)")
        unknown = sorted(set(given) - set(names))
        missing = [n for n in names if n not in given]
        if unknown or missing:
            raise ParameterError(f"this model's controls are {', '.join(names)}"
                                 + (f"; unknown: {', '.join(unknown)}" if unknown else "")
                                 + (f"; missing: {', '.join(missing)}" if missing else ""))
        given = [given[n] for n in names]
    n_given = 0 if given is None else len(given)
    if n_given != count:
        raise ParameterError(
            f"this model takes {count} control value(s) (--controls"
            + (f" {' '.join(f'{n}=...' for n in names)}" if names else "") + f"), got {n_given}"
            if count else f"this model has no controls: leave out --controls (got {n_given})")
    if given is None:
        return None
    if not np.all(np.isfinite(np.asarray(given, np.float64))):
        raise ParameterError(f"--controls must be finite numbers, got {list(given)}")
    return control_inputs(given, ranges).tolist() if ranges else list(given)


def check_apply_controls(model_path: str | os.PathLike,
                         controls: list[float] | dict[str, float] | None) -> None:
    """Refuse ``apply``'s controls that do not fit the model (:func:`model_controls`),
    reading only its ``model.json``, before Keras loads; a file that is no capture model is
    left to :func:`~dsp_paper.capture.export.load_capture` to refuse."""
    import json

    try:
        document = json.loads(check_model_path(model_path).read_text())
        count = int(document["model"]["controls"])
    except (OSError, ValueError, KeyError, TypeError):
        return
    model_controls(document, count, controls)
