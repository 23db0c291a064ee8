"""What is checked before a capture reads its audio, so that one left running never fails at
its end: the options (:func:`check_capture_options`), the sound files' headers
(:func:`check_sound_file`), the folders written to (:func:`check_capture_folder`,
:func:`check_writable_folder`), ``apply``'s three paths (:func:`check_apply_paths`); and the
notes on what the input cannot give the model (:func:`resolution_note`, :func:`rate_notes`).

Nothing here loads Keras, so the command line refuses a bad option within a second.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import soundfile

from dsp_paper.capture.checks import CaptureInputError
from dsp_paper.capture.latency import MAX_LATENCY_SECONDS
from dsp_paper.capture.recipes import DEFAULT_RECIPE, KNOB_CONDITIONINGS, RECIPES
from dsp_paper.errors import ParameterError

__all__ = ["MIN_RECEPTIVE_MS", "FULL_BAND_RATE", "LOW_RESOLUTION_BITS",
           "check_capture_options", "check_writable_folder", "check_capture_folder",
           "check_sound_file", "output_formats", "check_output_file", "check_model_path",
           "check_apply_paths", "resolution_note", "rate_notes", "check_knob_conditioning",
           "check_new_file", "check_import_paths"]


# A wavenet that sees less than this many milliseconds of input cannot learn an effect with
# a longer memory (a compressor's release, a cabinet's low resonance); 2,047 samples are
# 46 ms at 44.1 kHz but 10.7 ms at 192 kHz.
MIN_RECEPTIVE_MS = 20.0
# Below this rate the wet's top octave (11-22 kHz at 22.05 kHz), where a distortion's
# harmonics still sound, is not in the recording.
FULL_BAND_RATE = 44100
# Audio of this many bits or fewer gets a note: 8 bits leave quantisation noise at about
# -48 dBFS, which the model learns as part of the effect.
LOW_RESOLUTION_BITS = 8
EIGHT_BIT_SUBTYPES = ("PCM_U8", "PCM_S8")
# The extensions ``apply`` writes, with soundfile's format for each (kept where soundfile
# can write 24-bit PCM to it); ``.aif`` needs the format named, soundfile does not infer it.
_OUTPUT_EXTENSIONS = {".wav": "WAV", ".flac": "FLAC", ".aiff": "AIFF", ".aif": "AIFF",
                      ".w64": "W64", ".caf": "CAF", ".rf64": "RF64", ".au": "AU"}


def _number_words(value):
    """``value`` as a user typed it: ``-1`` rather than ``-1.0``."""
    return f"{value:g}" if isinstance(value, float) else repr(value)


def _is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def check_capture_options(*, model: str = DEFAULT_RECIPE, minutes: float | None = None,
                          epochs: int = 1, seed: int = 0, latency: int | None = None,
                          mr_stft_weight: float | None = None, sample_rate: int | None = None,
                          names: dict[str, str] | None = None) -> None:
    """Refuse bad capture options before anything is read or trained, every problem at once.

    Parameters
    ----------
    model, minutes, epochs, seed, latency, mr_stft_weight
        As :func:`~dsp_paper.capture.capture` takes them: ``model`` a key of
        :data:`~dsp_paper.capture.recipes.RECIPES`, ``minutes`` positive and finite (or None),
        ``epochs`` a whole number of at least 1, ``seed`` a whole number of at least 0,
        ``latency`` a whole number of samples within ``MAX_LATENCY_SECONDS`` (checked when
        ``sample_rate`` is given), ``mr_stft_weight`` finite and at least 0 (or None).
    sample_rate : int, optional
        The dry's rate, for the latency's bounds.
    names : dict of str -> str, optional
        The words for each option in the messages (the command line's ``--minutes``); the
        keyword's own name otherwise.

    Raises
    ------
    ParameterError
        Listing every bad option.
    """
    name = lambda key: (names or {}).get(key, key)
    problems = []
    if model not in RECIPES:
        problems.append(f"unknown {name('model')} {model!r}: choose one of {', '.join(RECIPES)}")
    if minutes is not None and not (isinstance(minutes, (int, float, np.floating))
                                    and not isinstance(minutes, bool)
                                    and np.isfinite(minutes) and minutes > 0):
        problems.append(f"{name('minutes')} must be a positive number, got "
                        f"{_number_words(minutes)}")
    if not (_is_int(epochs) and epochs >= 1):
        problems.append(f"{name('epochs')} must be a whole number of at least 1, got "
                        f"{_number_words(epochs)}")
    if not (_is_int(seed) and seed >= 0):
        problems.append(f"{name('seed')} must be a whole number of at least 0, got "
                        f"{_number_words(seed)}")
    if latency is not None:
        if not _is_int(latency):
            problems.append(f"{name('latency')} must be a whole number of samples, got "
                            f"{_number_words(latency)}")
        elif sample_rate and abs(latency) > MAX_LATENCY_SECONDS * sample_rate:
            limit = int(MAX_LATENCY_SECONDS * sample_rate)
            problems.append(f"{name('latency')} {latency} samples is {latency / sample_rate:.2f} "
                            f"s at {sample_rate} Hz: a latency is within +-{MAX_LATENCY_SECONDS:g} "
                            f"s (+-{limit} samples): is it in samples?")
    if mr_stft_weight is not None and not (
            isinstance(mr_stft_weight, (int, float, np.floating))
            and not isinstance(mr_stft_weight, bool)
            and np.isfinite(mr_stft_weight) and mr_stft_weight >= 0):
        problems.append(f"{name('mr_stft_weight')} must be a non-negative number, got "
                        f"{_number_words(mr_stft_weight)}")
    if problems:
        raise ParameterError("; ".join(problems))


def check_writable_folder(folder: str | os.PathLike, what: str) -> None:
    """Refuse a folder that cannot be written: its missing parents are created and a
    temporary file is made in it, then both are removed again (nothing is left behind).

    Parameters
    ----------
    folder : str or os.PathLike
    what : str
        What is to be written there, for the message (``"the capture folder x"``).

    Raises
    ------
    ParameterError
        Naming the folder and why (a file in the way, no permission, a read-only or
        virtual file system).
    """
    folder = Path(folder)
    missing, existing = [], folder
    while not existing.exists() and existing != existing.parent:
        missing.append(existing)
        existing = existing.parent
    if not existing.is_dir():
        raise ParameterError(f"cannot write {what}: {existing} is a file, not a folder")
    created = []
    try:
        for path in reversed(missing):
            try:
                path.mkdir()
            except OSError as exc:
                raise ParameterError(f"cannot write {what}: cannot create the folder {path} "
                                     f"({exc.strerror or exc})") from None
            created.append(path)
        try:
            fd, probe = tempfile.mkstemp(dir=folder, prefix=".write-test-")
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise ParameterError(f"cannot write {what}: cannot create files in {folder} "
                                 f"({exc.strerror or exc})") from None
    finally:
        for path in reversed(created):
            try:
                path.rmdir()
            except OSError:
                pass


def check_knob_conditioning(conditioning: str, model: str) -> None:
    """Refuse a knob conditioning that is unknown, or FiLM with a recurrent recipe."""
    if conditioning not in KNOB_CONDITIONINGS:
        raise ParameterError(f"unknown --conditioning {conditioning!r}: choose one of "
                             f"{', '.join(KNOB_CONDITIONINGS)}")
    if conditioning == "film" and model in RECIPES and RECIPES[model].kind != "wavenet":
        raise ParameterError(f"--conditioning film needs a wavenet recipe; {model} takes its "
                             "controls as inputs only")


def check_new_file(out: Path, overwrite: bool, what: str) -> None:
    """Refuse a file to write that is a folder, or exists (without ``overwrite``)."""
    if out.is_dir():
        raise ParameterError(f"{out} is a folder: give the {what} file to write")
    if out.exists() and not overwrite:
        raise ParameterError(f"{out} exists: pass --overwrite to replace it")


def check_import_paths(path: Path, out: Path, *, overwrite: bool) -> None:
    """Refuse ``import-nam``'s output where it exists (without ``overwrite``), is a folder,
    or is the ``.nam`` file itself."""
    check_new_file(out, overwrite, ".json")
    if out.exists() and path.exists() and os.path.samefile(out, path):
        raise ParameterError(f"{out} is the .nam file itself: give another output")


def check_capture_folder(out: str | os.PathLike, *, overwrite: bool = False) -> None:
    """Refuse a capture folder that cannot be written, before any training: a file in its
    place, an existing folder that is not a capture (never replaced), an earlier capture
    without ``overwrite``, a place where nothing can be created.

    Raises
    ------
    ParameterError
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ParameterError(f"{out} is a file, not a folder: choose another --out")
    if out.exists():
        if not (out / "model.json").is_file():
            raise ParameterError(f"{out} exists and is not a capture folder: not overwriting "
                                 "it; choose another --out")
        if not overwrite:
            raise ParameterError(f"{out} exists: choose another --out or pass --overwrite")
        if not os.access(out, os.W_OK | os.X_OK):
            raise ParameterError(f"cannot replace the capture folder {out}: permission denied")
    check_writable_folder(out.parent, f"the capture folder {out}")


def _sound_file_hint(path):
    """A hint for a capture given where a sound file belongs."""
    path = Path(path)
    capture_like = path.suffix.lower() == ".json" or (path.is_dir()
                                                      and (path / "model.json").is_file())
    return ": did you swap the arguments?" if capture_like else ""


def check_sound_file(path: str | os.PathLike, name: str):
    """The header of a readable sound file with samples in it, read without its audio.

    Parameters
    ----------
    path : str or os.PathLike
    name : str
        What the file is (``"dry"``, ``"wet"``, ``"input"``), for the messages.

    Returns
    -------
    soundfile's info: ``samplerate``, ``channels``, ``frames``, ``subtype``, ...

    Raises
    ------
    FileNotFoundError
        When there is no such file.
    CaptureInputError
        When it is a folder, cannot be read as sound, or holds no samples.
    """
    path = Path(path)
    if path.is_dir():
        raise CaptureInputError(f"the {name} {path} is a folder, not a sound file"
                                f"{_sound_file_hint(path)}")
    if not path.exists():
        raise FileNotFoundError(f"no such {name} file: {path}")
    if not os.access(path, os.R_OK):
        raise CaptureInputError(f"cannot read the {name} file {path}: permission denied")
    try:
        info = soundfile.info(str(path))
    except RuntimeError as exc:  # soundfile.LibsndfileError: not a sound file, damaged
        reason = getattr(exc, "error_string", None) or str(exc)
        raise CaptureInputError(f"cannot read the {name} file {path} as sound "
                                f"({reason.rstrip('.')}){_sound_file_hint(path)}") from None
    if info.frames <= 0:
        raise CaptureInputError(f"the {name} has no samples: {path} holds a header only")
    return info


def output_formats() -> dict[str, str]:
    """The extensions ``apply`` can write 24-bit audio to, with soundfile's format of each."""
    return {ext: fmt for ext, fmt in _OUTPUT_EXTENSIONS.items()
            if fmt in soundfile.available_formats() and soundfile.check_format(fmt, "PCM_24")}


def check_output_file(out: str | os.PathLike, in_path: str | os.PathLike, *,
                      overwrite: bool = False) -> str:
    """Refuse an output sound file that cannot be written as 24-bit audio, before anything is
    computed: an extension soundfile cannot write 24-bit to, the input itself, a folder, an
    existing file without ``overwrite``, a folder where nothing can be created.

    Returns
    -------
    str
        soundfile's format for the output's extension.

    Raises
    ------
    ParameterError
    """
    out, in_path = Path(out), Path(in_path)
    formats = output_formats()
    fmt = formats.get(out.suffix.lower())
    if fmt is None:
        got = f"its extension is {out.suffix}" if out.suffix else "it has no extension"
        raise ParameterError(f"cannot write the output {out}: {got}; give it one of "
                             f"{', '.join(formats)} (24-bit audio)")
    if out.is_dir():
        raise ParameterError(f"the output {out} is a folder: give a file name")
    if out.resolve() == in_path.resolve() or (out.exists() and in_path.exists()
                                              and os.path.samefile(out, in_path)):
        raise ParameterError(f"the output is the input ({out}): give another name")
    if out.exists() and not overwrite:
        raise ParameterError(f"{out} exists: choose another name or pass --overwrite")
    check_writable_folder(out.parent, f"the output {out}")
    return fmt


def check_model_path(path: str | os.PathLike) -> Path:
    """The ``model.json`` of a capture folder or the file itself, refused when it is a sound
    file (the arguments swapped) or missing.

    Raises
    ------
    FileNotFoundError
        When there is nothing there.
    ParameterError
        When it is a sound file or a folder without ``model.json``.
    """
    path = Path(path)
    if path.is_dir():
        if not (path / "model.json").is_file():
            raise ParameterError(f"{path} is not a capture folder (it has no model.json): "
                                 "expected a capture folder or its model.json")
        return path / "model.json"
    if not path.exists():
        raise FileNotFoundError(f"no capture model at {path} (expected a capture folder or "
                                "its model.json)")
    if path.suffix.lower() != ".json":
        try:
            soundfile.info(str(path))
        except RuntimeError:
            pass
        else:
            raise ParameterError("expected a capture folder or its model.json; got a sound "
                                 f"file ({path}): did you swap the arguments?")
    return path


def check_apply_paths(model_path: str | os.PathLike, in_path: str | os.PathLike,
                      out_path: str | os.PathLike, *, overwrite: bool = False):
    """Every check of ``apply``'s three paths before anything is loaded or written
    (:func:`check_model_path`, :func:`check_sound_file`, :func:`check_output_file`).

    Returns
    -------
    model : Path
        The ``model.json``.
    info
        The input's header.
    file_format : str
        soundfile's format for the output.
    """
    model = check_model_path(model_path)
    info = check_sound_file(in_path, "input")
    return model, info, check_output_file(out_path, in_path, overwrite=overwrite)


def _grid_bits(audio):
    """The fewest bits (up to ``LOW_RESOLUTION_BITS``) whose grid every sample sits on, or
    None: 8-bit audio read as float is exactly on a 1/128 grid."""
    audio = np.asarray(audio).ravel()
    if not np.issubdtype(audio.dtype, np.floating) or not np.any(audio):
        return None
    head = audio[:1 << 16] * np.float32(2 ** (LOW_RESOLUTION_BITS - 1))
    if not np.array_equal(head, np.round(head)):  # most audio: no need to scale it all
        return None
    for bits in range(LOW_RESOLUTION_BITS, 0, -1):
        scaled = audio * np.float32(2 ** (bits - 1))
        if not np.array_equal(scaled, np.round(scaled)):
            return bits + 1 if bits < LOW_RESOLUTION_BITS else None
    return 1


def resolution_note(audio: np.ndarray, name: str, subtype: str | None = None) -> str | None:
    """A note for audio of ``LOW_RESOLUTION_BITS`` or fewer: an 8-bit file (``subtype``
    ``PCM_U8`` or ``PCM_S8``) or samples on a grid of 1/128 or coarser.

    Returns
    -------
    str or None
    """
    bits = LOW_RESOLUTION_BITS if subtype in EIGHT_BIT_SUBTYPES else _grid_bits(audio)
    if bits is None:
        return None
    return (f"the {name} is {bits}-bit: its quantisation noise (about {-6.02 * bits:.0f} dBFS) "
            "will be in what the model learns; record at 24 bit")


def rate_notes(sample_rate: int, recipe) -> list[str]:
    """Notes on the capture's rate: below ``FULL_BAND_RATE`` the top octave is missing;
    at high rates a wavenet sees less than ``MIN_RECEPTIVE_MS`` of input.

    Returns
    -------
    list of str
    """
    notes = []
    if sample_rate < FULL_BAND_RATE:
        notes.append(f"the wet's top octave is missing at {sample_rate / 1000:g} kHz: nothing "
                     f"above {sample_rate / 2000:.3g} kHz is captured, where a distortion's "
                     "harmonics still sound; record at 44.1 or 48 kHz")
    receptive = recipe.receptive_field
    if receptive is not None and 1e3 * receptive / sample_rate < MIN_RECEPTIVE_MS:
        notes.append(f"at {sample_rate} Hz the model sees {1e3 * receptive / sample_rate:.1f} "
                     "ms of input; an effect with a longer memory (a slow compressor, a big low end) "
                     "needs a lower rate: 48 kHz is enough for most")
    return notes
