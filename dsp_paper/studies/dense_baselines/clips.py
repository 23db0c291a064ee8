"""03's clips: the piano in and expected, and the dense nets' outputs at 000's epochs."""
from __future__ import annotations

import numpy as np

from dsp_paper.studies.dense_baselines.experiment import (DENSE_ACTIVATIONS, DenseExperiment,
                                                          epoch_label)
from dsp_paper.studies.dense_baselines.paper import PAPER_DENSE_EPOCHS

__all__ = ["dense_net_clips", "dense_clips", "dense_extra_clips"]


def dense_net_clips(dense: DenseExperiment) -> dict[str, np.ndarray]:
    """The first seed's nets on the first test piece, at the early and the final epoch."""
    seed = dense.seeds[0]
    return {f"{label} net, {epoch_label(epoch)}": dense.outputs[label, epoch, seed][0]
            for label in DENSE_ACTIVATIONS for epoch in dense.epochs}


def dense_clips(dense: DenseExperiment) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    """The clips 03 publishes: the piano (left channel), its expected output, and both nets
    of the first seed at the early and the final epoch.

    Returns
    -------
    clips : dict of str -> np.ndarray
    what : dict of str -> str
        Descriptions for the listening page.
    """
    piece = dense.corpus.split("test")[0]
    paper = dict(zip(dense.epochs, PAPER_DENSE_EPOCHS))
    clips = {"test input (piano)": piece.input, "expected output (lowpass)": piece.target,
             **dense_net_clips(dense)}
    what = {"test input (piano)": "the Brahms piano, left channel: the test 000 used",
            "expected output (lowpass)": dense.corpus.effect}
    what.update({f"{label} net, {epoch_label(epoch)}": f"seed {dense.seeds[0]}; 000 listened at "
                 f"epoch {paper[epoch]}" for label in DENSE_ACTIVATIONS for epoch in dense.epochs})
    return clips, what


def dense_extra_clips(dense: DenseExperiment) -> dict[str, np.ndarray]:
    """Clips shown inline only: a training sweep in and out, and the FIR on the piano."""
    train = dense.corpus.split("train")[0]
    return {"training input (sweep)": train.input, "training output (lowpass)": train.target,
            f"least-squares FIR ({dense.fir.taps} taps)": dense.fir.test_outputs[0]}
