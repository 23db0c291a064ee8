"""Document 001, "Deep Signal Processing" (the earlier draft of 000): stereo kept.

001 trained on sine and triangle sweeps and kept stereo because *"some effects might have
stereo-dependent elements"*; shown in notebook ``04_conv_tied``, where 000's tied conv net is
trained on 001's stereo corpus (:func:`stereo_experiment`) and tested on the stereo piano and
the voice. No claim of its own goes through the registry (000 restates 001's claims and is
judged there).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from dsp_paper import material
from dsp_paper.datasets import effect_corpus
from dsp_paper.studies.dense_baselines.experiment import (_lowpass, _lowpass_description,
                                                          _sweep_sources, conv_data,
                                                          sweep_material, train_conv)
from dsp_paper.paths import cache_dir
from dsp_paper.study.settings import Settings, by_scale
from dsp_paper.studies import scale_config

__all__ = ["StereoCorpusSettings", "STEREO_CORPUS", "SETTINGS", "PAPER_STEREO_SETUP",
           "stereo_corpus", "StereoExperiment", "stereo_training", "stereo_experiment"]

#: 001's material and layout as it states them.
PAPER_STEREO_SETUP = {
    "material": "sine and triangle sweeps; piano recordings and voice as harder material",
    "layout": "stereo kept, not split to mono; no result reported",
}

# ------------------------------------------------------------------ settings

# 001 "Deep Signal Processing": sine and triangle sweeps, stereo kept, piano and voice tests.
@dataclass(frozen=True, kw_only=True)
class StereoCorpusSettings(Settings):
    """Settings of ``stereo_001`` at one scale: those of
    :class:`~dsp_paper.studies.dense_baselines.experiment.LowpassCorpusSettings`, with ``layout="stereo"`` and
    ``sample_uses`` (part of the corpus's cache key; the windows the stereo net trains on
    are cut with 04's settings, :func:`stereo_experiment`)."""

    section: ClassVar[str] = "stereo_001"
    sample_rate: int
    shapes: tuple
    f_start: float
    f_end: float
    cutoff_hz: float
    order: int
    layout: str
    sample_uses: int
    validation_fraction: float
    level: float
    sweep_seconds: float
    piano_seconds: float | None
    validation_block_seconds: float

STEREO_CORPUS = by_scale(
    StereoCorpusSettings,
    common=dict(sample_rate=44100, shapes=('sine', 'triangle'), f_start=50.0, f_end=5000.0,
                cutoff_hz=1000.0, order=2, layout='stereo', sample_uses=10,
                validation_fraction=0.1, level=0.5),
    smoke=dict(sweep_seconds=0.5, piano_seconds=2.0, validation_block_seconds=0.05),
    quick=dict(sweep_seconds=5.0, piano_seconds=12.0, validation_block_seconds=0.25),
    paper=dict(sweep_seconds=30.0, piano_seconds=None, validation_block_seconds=0.25),
)

SETTINGS = {"stereo_001": STEREO_CORPUS}


# ------------------------------------------------------------------ code

def stereo_corpus(scale=None, **changes):
    """001's corpus: sine and triangle sweeps through the lowpass, stereo kept.

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional
    **changes
        Settings of ``stereo_001`` to change.

    Returns
    -------
    EffectCorpus
        Splits ``train``, ``validation``, ``test_piano``, ``test_voice``; every piece of
        shape ``(2, n)``.
    """
    return effect_corpus(
        scale_config("stereo_001", scale, **changes),
        sources=lambda cfg: _sweep_sources(cfg, cache_dir() / "wav"),
        tests=lambda cfg: {
            "test_piano": material.piano(sample_rate=cfg.sample_rate, seconds=cfg.piano_seconds),
            "test_voice": material.voice(sample_rate=cfg.sample_rate)},
        effect=_lowpass, description=_lowpass_description)


_TESTS = ("test_piano", "test_voice")


@dataclass
class StereoExperiment:
    """000's tied conv net with two channels in and out, trained on 001's stereo corpus.

    Attributes
    ----------
    corpus : EffectCorpus
        :func:`stereo_corpus`.
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

    def table(self):
        """The scores, one row per test split (pandas DataFrame)."""
        import pandas as pd

        return pd.DataFrame(self.rows).T.rename(columns={"mos": "MOS-LQO"}).rename_axis("test")

    def describe_setup(self):
        """One line: the material and the layout that ran."""
        return (f"{sweep_material(self.settings)}, through the {self.corpus.effect}; "
                f"windows {self.windows_shape} (batch, window, channels)")

    def clips(self):
        """The piano's expected output and the net's, both stereo (001's one published pair).

        Returns
        -------
        dict of str -> np.ndarray
        """
        return {"piano (stereo), expected": self.corpus.split("test_piano")[0].target,
                "piano (stereo), conv net": self.outputs["test_piano"]}

    def extra_clips(self):
        """The voice's expected output and the net's (inline only)."""
        return {"voice, expected": self.corpus.split("test_voice")[0].target,
                "voice, conv net": self.outputs["test_voice"]}


def stereo_training(cfg, *, scale, progress=True):
    """000's tied conv net trained (or loaded) on 001's stereo sweeps for
    ``cfg.stereo_epochs``, one seed.

    Returns
    -------
    corpus : EffectCorpus
        :func:`stereo_corpus`.
    data : tuple of np.ndarray
        Its windows (:func:`~dsp_paper.studies.dense_baselines.experiment.conv_data`).
    run : TrainingResult
    """
    corpus = stereo_corpus(scale)
    data = conv_data(corpus, cfg)
    run = train_conv("stereo_conv", cfg, data, epochs=cfg.stereo_epochs, progress=progress)
    return corpus, data, run


def stereo_experiment(cfg, *, scale, progress=True):
    """Train (or load) 000's tied conv net on 001's stereo sweeps for ``cfg.stereo_epochs``,
    one seed, and score it on the stereo piano and the voice in back-to-back blocks of
    ``cfg.test_block_seconds``.

    Parameters
    ----------
    cfg : doc000_lowpass.ConvSettings
        ``scale_config("04_conv_tied", scale)``: the net's sizes and training.
    scale : str
        The corpus's scale.
    progress : bool

    Returns
    -------
    StereoExperiment
    """
    from dsp_paper.nn.evaluation import frame_processor, predict_pieces, score

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
