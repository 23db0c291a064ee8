"""WAV in and out, 16-bit PCM <-> float32, normalising, and the mono/stereo layouts.

Arrays follow librosa's convention: ``(n,)`` for mono, ``(channels, n)`` for multichannel.
"""
from __future__ import annotations

import os
import tempfile
from math import gcd
from pathlib import Path

import numpy as np
import scipy.signal

from dsp_paper.checks import check_audio, check_positive, check_sample_rate
from dsp_paper.errors import ParameterError

__all__ = ["read_audio", "write_wav", "write_audio", "pcm16_to_float32", "float32_to_pcm16", "normalise",
           "split_mono", "to_layout", "resample", "LAYOUTS"]

LAYOUTS = ("mono", "stereo")
_PCM16_SCALE = 32768.0


def pcm16_to_float32(samples: np.ndarray) -> np.ndarray:
    """16-bit integer PCM to float32 in [-1, 1): ``x / 32768``."""
    samples = np.asarray(samples)
    if samples.dtype != np.int16:
        raise ParameterError(f"expected int16 PCM samples, got dtype {samples.dtype}")
    return (samples.astype(np.float32) / _PCM16_SCALE).astype(np.float32)


def float32_to_pcm16(audio: np.ndarray) -> np.ndarray:
    """float audio in [-1, 1] to 16-bit PCM, rounding and clipping to the int16 range."""
    audio = check_audio(audio)
    return np.clip(np.round(np.asarray(audio, np.float64) * _PCM16_SCALE), -32768, 32767) \
        .astype(np.int16)


def normalise(audio: np.ndarray, *, peak: float = 1.0) -> np.ndarray:
    """Scale ``audio`` so its largest absolute sample equals ``peak``.

    Raises
    ------
    ParameterError
        If the audio is empty, silent or contains NaN.
    """
    audio = check_audio(audio, allow_silent=False)
    peak = check_positive(peak, name="peak")
    return (audio * (peak / np.max(np.abs(audio)))).astype(np.float32)


def resample(audio: np.ndarray, *, orig_sr: int, target_sr: int) -> np.ndarray:
    """Polyphase resampling (``scipy.signal.resample_poly``) along the last axis."""
    audio = check_audio(audio)
    orig_sr, target_sr = check_sample_rate(orig_sr, name="orig_sr"), check_sample_rate(
        target_sr, name="target_sr")
    if orig_sr == target_sr:
        return audio.astype(np.float32)
    g = gcd(orig_sr, target_sr)
    return scipy.signal.resample_poly(audio, target_sr // g, orig_sr // g, axis=-1) \
        .astype(np.float32)


def read_audio(path: str | os.PathLike, *, expected_sr: int | None = None,
               target_sr: int | None = None,
               layout: str | None = None) -> tuple[np.ndarray, int]:
    """Read a sound file (WAV, FLAC, ...) as float32 in [-1, 1].

    Parameters
    ----------
    path : str or Path
    expected_sr : int, optional
        Raise if the file's sample rate differs (instead of silently resampling).
    target_sr : int, optional
        Resample to this rate.
    layout : {None, "mono", "stereo"}
        ``None`` keeps the file's channels; see :func:`to_layout`.

    Returns
    -------
    audio : np.ndarray, shape (n,) or (channels, n), float32
    sample_rate : int
    """
    import soundfile  # heavy: soundfile

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such audio file: {path}")
    data, sample_rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    audio = data.T if data.shape[1] > 1 else data[:, 0]
    audio = check_audio(audio, name=f"audio in {path.name}")
    if expected_sr is not None:
        check_sample_rate(sample_rate, expected=expected_sr, name=f"sample rate of {path.name}")
    if target_sr is not None:
        audio, sample_rate = resample(audio, orig_sr=sample_rate, target_sr=target_sr), target_sr
    if layout is not None:
        audio = to_layout(audio, layout)
    return np.ascontiguousarray(audio, dtype=np.float32), int(sample_rate)


def write_wav(path: str | os.PathLike, audio: np.ndarray, sample_rate: int, *,
              subtype: str = "PCM_16") -> Path:
    """Write ``audio`` (shape ``(n,)`` or ``(channels, n)``) as a WAV file, atomically.

    The file appears complete or not at all: it is written beside its destination and
    renamed into place.
    """
    audio = check_audio(audio, max_channels=8)
    if subtype == "PCM_16" and np.max(np.abs(audio)) > 1.0:
        raise ParameterError(
            f"audio peaks at {np.max(np.abs(audio)):.3f}: 16-bit PCM holds [-1, 1]; "
            "normalise first")
    # libsndfile scales float by 32767 on write but 1/32768 on read; converting here
    # keeps the round trip within half a step
    data = float32_to_pcm16(audio) if subtype == "PCM_16" else np.asarray(audio)
    return write_audio(path, data, sample_rate, subtype=subtype, file_format="WAV")


def current_umask() -> int:
    """The process's umask, read without changing it where Linux reports it
    (``/proc/self/status``); elsewhere set to 0 and restored at once (the one moment another
    thread's new file could get other permissions)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_audio(path: str | os.PathLike, audio: np.ndarray, sample_rate: int, *,
                subtype: str = "PCM_24", file_format: str | None = None) -> Path:
    """Write a sound file atomically (beside its destination, then renamed into place), in
    the format its extension names (``.wav``, ``.flac``, ...) unless ``file_format`` says.

    ``audio`` has shape ``(n,)`` or ``(channels, n)``; float samples beyond [-1, 1] are
    clipped by the integer subtypes. The file gets the permissions of any new file
    (``0o666`` less the umask), not the temporary file's ``0o600``.
    """
    import soundfile  # heavy: soundfile

    sample_rate = check_sample_rate(sample_rate)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix)
    os.close(fd)
    try:
        soundfile.write(tmp, np.asarray(audio).T, sample_rate, subtype=subtype,
                        format=file_format)
        os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def split_mono(audio: np.ndarray) -> np.ndarray:
    """Every channel as its own mono track (000's layout): shape ``(tracks, n)``."""
    audio = check_audio(audio)
    return np.atleast_2d(audio).reshape(-1, audio.shape[-1])


def to_layout(audio: np.ndarray, layout: str) -> np.ndarray:
    """Arrange audio as 000's mono tracks or 001's stereo.

    ``"mono"``: each channel becomes a track, shape ``(tracks, n)`` (a stereo file gives two
    tracks). ``"stereo"``: shape ``(2, n)``, channels kept together for stereo-dependent
    effects; a mono file is duplicated to both channels.
    """
    audio = check_audio(audio)
    if layout == "mono":
        return split_mono(audio)
    if layout == "stereo":
        if audio.ndim == 1 or audio.shape[0] == 1:
            mono = audio.reshape(-1)
            return np.stack([mono, mono])
        if audio.shape[0] != 2 or audio.ndim != 2:
            raise ParameterError(f"stereo layout takes mono or 2-channel audio, got shape "
                                 f"{audio.shape}")
        return audio
    raise ParameterError(f"unknown layout {layout!r}: use 'mono' or 'stereo'")
