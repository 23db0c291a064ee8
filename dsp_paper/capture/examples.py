"""Something to capture: the package's own guitar DI (:func:`example_dry`) and a dry/wet
pair of it through the pedal chain (:func:`example_pair`, the ``example-pair`` command)."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from dsp_paper import effects, material
from dsp_paper.audio_io import normalise, to_layout, write_audio

__all__ = ["example_dry", "example_pair"]


def example_dry(*, sample_rate: int = 44100) -> np.ndarray:
    """The package's four recorded guitar takes (:data:`dsp_paper.material.GUITAR_TAKES`,
    first channel, each peaking at 0.5) one after the other: about 24 s of a guitar DI to
    capture an effect with.

    Returns
    -------
    np.ndarray, shape (n,)
    """
    return np.concatenate([normalise(to_layout(material.guitar(t, sample_rate=sample_rate)
                                               .audio, "mono")[0], peak=0.5)
                           for t in material.GUITAR_TAKES])


def example_pair(folder: str | os.PathLike, *, sample_rate: int = 44100,
                 drive_db: float = 24.0, reamp: bool = False) -> tuple[Path, Path]:
    """Write a dry/wet pair of the package's own material to try
    :func:`~dsp_paper.capture.capture_files` on: :func:`example_dry` as ``guitar_dry.wav``
    and the same through :func:`dsp_paper.effects.pedal_chain` as ``guitar_pedal.wav``
    (24-bit WAV); with ``reamp``, the reamp signal
    (:func:`~dsp_paper.capture.reamp.reamp_signal`, 3 minutes) as ``reamp.wav`` and the
    same through the pedal chain as ``reamp_pedal.wav``, as a recording of the chain with
    the reamp signal would be.

    Returns
    -------
    (Path, Path)
        The dry and the wet file.

    Raises
    ------
    ParameterError
        When nothing can be written into ``folder`` (checked before the pair is rendered).
    """
    from dsp_paper.capture.preflight import check_writable_folder

    check_writable_folder(folder, f"the example pair into {folder}")
    if reamp:
        from dsp_paper.capture.reamp import reamp_signal

        dry, _ = reamp_signal(sample_rate=sample_rate)
        names = "reamp.wav", "reamp_pedal.wav"
    else:
        dry = example_dry(sample_rate=sample_rate)
        names = "guitar_dry.wav", "guitar_pedal.wav"
    wet = effects.pedal_chain(dry, sample_rate=sample_rate, drive_db=drive_db)
    paths = Path(folder) / names[0], Path(folder) / names[1]
    for path, audio in zip(paths, (dry, wet)):
        write_audio(path, audio, sample_rate, subtype="PCM_24")
    return paths
