"""Document 001, "Deep Signal Processing" (the earlier draft of 000): stereo kept.

001 trained on sine and triangle sweeps and kept stereo because *"some effects might have
stereo-dependent elements"*; shown in notebook ``04_conv_tied``, where 000's tied conv net is
trained on 001's stereo corpus (:func:`stereo_experiment`) and tested on the stereo piano and
the voice. No claim of its own goes through the registry (000 restates 001's claims and is
judged there).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from dsp_paper.nn.evaluation import frame_processor, predict_pieces, score
from dsp_paper.nn.probe import Probe
from dsp_paper.studies import scale_config
from dsp_paper.studies.conv_tied.data import conv_data, stereo_corpus
from dsp_paper.studies.conv_tied.experiment import train_conv
from dsp_paper.studies.conv_tied.settings import ConvSettings, StereoCorpusSettings
from dsp_paper.studies.dense_baselines import sweep_material

if TYPE_CHECKING:
    import numpy as np

    from dsp_paper.datasets import EffectCorpus
    from dsp_paper.nn.training import TrainingResult

__all__ = ["StereoExperiment", "stereo_training", "stereo_experiment"]

_TESTS = ("test_piano", "test_voice")


@dataclass
class StereoExperiment:
    """000's tied conv net with two channels in and out, trained on 001's stereo corpus.

    Attributes
    ----------
    corpus : EffectCorpus
        :func:`~dsp_paper.studies.conv_tied.data.stereo_corpus`.
    settings : StereoCorpusSettings
        The corpus's settings.
    epochs : int
    windows_shape : tuple of int
        ``(windows, window, channels)`` of the training windows.
    rows : dict of str -> dict
        Test split -> :func:`~dsp_paper.nn.evaluation.score` (mse, rmse, std, reference, esr,
        esr_pre, lsd).
    outputs : dict of str -> np.ndarray
        Test split -> the net's output on its first piece, shape ``(2, n)``.
    """

    corpus: object
    settings: StereoCorpusSettings
    epochs: int
    windows_shape: tuple
    rows: dict
    outputs: dict

    def table(self) -> pd.DataFrame:
        """The scores, one row per test split (pandas DataFrame)."""
        return pd.DataFrame(self.rows).T.rename(columns={"mos": "MOS-LQO"}).rename_axis("test")

    def describe_setup(self) -> str:
        """One line: the material and the layout that ran."""
        return (f"{sweep_material(self.settings)}, through the {self.corpus.effect}; "
                f"windows {self.windows_shape} (batch, window, channels)")

    def clips(self) -> dict[str, np.ndarray]:
        """The piano's expected output and the net's, both stereo (001's one published pair).

        Returns
        -------
        dict of str -> np.ndarray
        """
        return {"piano (stereo), expected": self.corpus.split("test_piano")[0].target,
                "piano (stereo), conv net": self.outputs["test_piano"]}

    def extra_clips(self) -> dict[str, np.ndarray]:
        """The voice's expected output and the net's (inline only)."""
        return {"voice, expected": self.corpus.split("test_voice")[0].target,
                "voice, conv net": self.outputs["test_voice"]}


def stereo_training(cfg: ConvSettings, *, scale: str, progress: bool = True,
                    probe: Probe | None = None
                    ) -> tuple[EffectCorpus, tuple[np.ndarray, ...], TrainingResult]:
    """000's tied conv net trained (or loaded) on 001's stereo sweeps for
    ``cfg.stereo_epochs``, one seed.

    Returns
    -------
    corpus : EffectCorpus
        :func:`~dsp_paper.studies.conv_tied.data.stereo_corpus`.
    data : tuple of np.ndarray
        Its windows (:func:`~dsp_paper.studies.conv_tied.data.conv_data`).
    run : TrainingResult
    """
    corpus = stereo_corpus(scale)
    data = conv_data(corpus, cfg)
    run = train_conv("stereo_conv", cfg, data, epochs=cfg.stereo_epochs, progress=progress,
                     probe=probe)
    return corpus, data, run


def stereo_experiment(cfg: ConvSettings, *, scale: str,
                      progress: bool = True) -> StereoExperiment:
    """Train (or load) 000's tied conv net on 001's stereo sweeps for ``cfg.stereo_epochs``,
    one seed, and score it on the stereo piano and the voice in back-to-back blocks of
    ``cfg.test_block_seconds``.

    Parameters
    ----------
    cfg : ConvSettings
        ``scale_config("04_conv_tied", scale)``: the net's sizes and training.
    scale : str
        The corpus's scale.
    progress : bool

    Returns
    -------
    StereoExperiment
    """
    corpus, data, run = stereo_training(cfg, scale=scale, progress=progress)
    settings = scale_config("stereo_001", scale)
    process = frame_processor(run.model, batch_size=16)
    block = int(cfg.test_block_seconds * corpus.sample_rate)
    rows, outputs = {}, {}
    for split in _TESTS:
        pieces = corpus.split(split)
        predictions = predict_pieces(process, pieces, block=block)
        outputs[split] = predictions[0]
        rows[split] = score(predictions, pieces, extra=True, sample_rate=corpus.sample_rate)
    return StereoExperiment(corpus, settings, cfg.stereo_epochs, tuple(data[0].shape), rows,
                            outputs)
