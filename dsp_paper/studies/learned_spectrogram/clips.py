"""The sound of notebook 02: the training slices and the unseen four-tone slice."""
from __future__ import annotations

import numpy as np

from dsp_paper.studies.learned_spectrogram.data import FOUR_TONES, SliceData, four_tones

__all__ = ["clips"]


def clips(data: SliceData, *, seconds: float = 3.0) -> dict:
    """The slices' source material, as ``nb.players`` keywords: training slices played back
    to back (white noise), and the unseen four-tone test slice.

    Parameters
    ----------
    data : SliceData
    seconds : float
        Length of the training-slices clip (the tone slice is one slice long).

    Returns
    -------
    dict
        ``clips``, ``sample_rate``, ``heading``, ``what``, ``seconds`` and ``listen_for``
        (no clip is scored: they are inputs).
    """
    count = max(1, min(len(data.x_train), int(np.ceil(seconds * data.sample_rate /
                                                      data.n_samples))))
    training = data.x_train[:count].reshape(-1)
    tones = four_tones(data)[0]
    hz = ", ".join(f"{f:g}" for f, _ in FOUR_TONES)
    clips_ = {"training slices": training, "unseen test slice: four tones": tones}
    what = {"training slices": f"the first {count} training slices of {data.n_samples} "
                               f"samples, back to back: white Gaussian noise, as 004 "
                               f"synthesised its data",
            "unseen test slice: four tones": f"one slice of {data.n_samples} samples: tones at "
                                             f"{hz} Hz entering one after another"}
    listen_for = (f"hiss with no structure in the training slices (white noise excites every "
                  f"frequency), against the unseen slice's tones at {hz} Hz entering one "
                  f"after another: sound the learned transform never heard")
    return dict(clips=clips_, sample_rate=data.sample_rate,
                heading=f"the slices (mono, {data.sample_rate} Hz)", what=what,
                seconds=seconds, listen_for=listen_for)
