"""Validation of the arguments every public function shares (audio arrays, sample rates)."""
from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

from dsp_paper.errors import ParameterError

__all__ = ["check_audio", "check_mono", "check_sample_rate", "check_same_length",
           "check_positive"]


def check_sample_rate(sample_rate: int, *, expected: int | None = None,
                      name: str = "sample_rate") -> int:
    """Return ``sample_rate`` as an int after checking it is a positive whole number of Hz.

    Parameters
    ----------
    sample_rate : int
        Samples per second.
    expected : int, optional
        If given, ``sample_rate`` must equal it.
    """
    if isinstance(sample_rate, bool) or not isinstance(sample_rate, numbers.Real):
        raise ParameterError(f"{name} must be a number of Hz, got {sample_rate!r}")
    if not np.isfinite(sample_rate) or sample_rate <= 0 or int(sample_rate) != sample_rate:
        raise ParameterError(f"{name} must be a positive whole number of Hz, got {sample_rate!r}")
    sample_rate = int(sample_rate)
    if expected is not None and sample_rate != int(expected):
        raise ParameterError(
            f"wrong sample rate: {name} is {sample_rate} Hz but {int(expected)} Hz is required "
            "(resample the audio first)")
    return sample_rate


def check_positive(value: float, *, name: str) -> float:
    """Return ``value`` as a float after checking it is finite and > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) \
            or value <= 0:
        raise ParameterError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def check_audio(audio: np.ndarray, *, name: str = "audio", allow_silent: bool = True,
                max_channels: int | None = None) -> np.ndarray:
    """Return ``audio`` as a float array after checking it is usable.

    Parameters
    ----------
    audio : np.ndarray, shape (n,) or (channels, n)
        Samples; the last axis is time.
    allow_silent : bool
        If False, an all-zero signal is an error.
    max_channels : int, optional
        Reject arrays with more than this many channels (leading axes).

    Raises
    ------
    ParameterError
        If the array is empty, not numeric, contains NaN or inf, or is silent when that is
        not allowed.
    """
    if audio is None:
        raise ParameterError(f"{name} is None")
    array = np.asarray(audio)
    if array.dtype.kind in "iu":
        raise ParameterError(
            f"{name} holds integer samples (dtype {array.dtype}): convert 16-bit PCM with "
            "dsp_paper.pcm16_to_float32 first")
    if array.dtype.kind != "f":
        raise ParameterError(f"{name} must be a float array, got dtype {array.dtype}")
    if array.ndim == 0 or array.size == 0 or array.shape[-1] == 0:
        raise ParameterError(f"{name} is empty (shape {array.shape})")
    if max_channels is not None and array.ndim > 1 and int(np.prod(array.shape[:-1])) > max_channels:
        raise ParameterError(
            f"{name} has shape {array.shape}: expected (n,) or (channels<={max_channels}, n)")
    if array.dtype.kind == "f" and not np.all(np.isfinite(array)):
        bad = int(np.count_nonzero(~np.isfinite(array)))
        raise ParameterError(f"{name} contains {bad} NaN or infinite samples")
    if not allow_silent and not np.any(array):
        raise ParameterError(f"{name} is silent (every sample is zero)")
    return array


def check_same_length(dry: np.ndarray, wet: np.ndarray, *,
                      names: Sequence[str] = ("input", "target")) -> None:
    """Check that a dry/wet (input/target or prediction/target) pair has the same shape."""
    dry, wet = np.asarray(dry), np.asarray(wet)
    if dry.shape != wet.shape:
        raise ParameterError(
            f"mismatched lengths: {names[0]} has shape {dry.shape} but {names[1]} has shape "
            f"{wet.shape}")


def check_mono(audio: np.ndarray, *, name: str = "audio",
               allow_silent: bool = True) -> np.ndarray:
    """:func:`check_audio`, and the array must be one channel of shape ``(n,)``."""
    audio = check_audio(audio, name=name, allow_silent=allow_silent)
    if audio.ndim != 1:
        raise ParameterError(f"{name} must be mono audio of shape (n,), got {audio.shape}")
    return audio
