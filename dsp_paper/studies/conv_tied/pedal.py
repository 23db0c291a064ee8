"""The extension 000 named but never evaluated: the tied conv net, 03's better dense net and the
least-squares FIR on recorded guitar through a pedal chain."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from dsp_paper.datasets import EffectCorpus
from dsp_paper.nn.evaluation import evaluate_corpus, frame_processor
from dsp_paper.nn.probe import Probe
from dsp_paper.studies.conv_tied.data import conv_data, pedal_corpus
from dsp_paper.studies.conv_tied.experiment import train_conv
from dsp_paper.studies.conv_tied.settings import ConvSettings
from dsp_paper.studies.dense_baselines import (DenseExperiment, DenseSettings, dense_data,
                                               fir_floor, frame, target_variances, train_dense,
                                               with_nmse)

if TYPE_CHECKING:
    from dsp_paper.nn.training import TrainingResult

__all__ = ["PedalExperiment", "pedal_trainings", "pedal_experiment"]


@dataclass
class PedalExperiment:
    """The extension: the tied conv net, 03's better dense net and the FIR on the pedal chain.

    Attributes
    ----------
    corpus : EffectCorpus
        :func:`~dsp_paper.studies.conv_tied.data.pedal_corpus`.
    epochs : int
    best_dense : str
        The dense net's label.
    rows : dict of str -> dict
        Model -> 000's table row (with normalised MSEs).
    outputs : dict of str -> list of np.ndarray
        Model -> test outputs.
    """

    corpus: object
    epochs: int
    best_dense: str
    rows: dict
    outputs: dict

    @property
    def nets(self) -> list[str]:
        """The trained models' names (the FIR left out)."""
        return [m for m in self.rows if not m.startswith("least-squares")]

    def best_net(self) -> str:
        """The trained model with the lowest test ESR."""
        return min(self.nets, key=lambda m: self.rows[m]["test esr"])

    def fir_name(self) -> str:
        return next(m for m in self.rows if m.startswith("least-squares"))

    def table(self) -> pd.DataFrame:
        """The rows as a DataFrame in 000's column order (pandas)."""
        return frame(self.rows, index_name=f"pedal chain, {self.epochs} epochs, one seed")


def pedal_trainings(cfg: ConvSettings, dense_cfg: DenseSettings, pedal: EffectCorpus,
                    dense_label: str, *,
                    progress: bool = True,
                    probe: Probe | None = None) -> tuple[TrainingResult, TrainingResult]:
    """The extension's two trainings on
    :func:`~dsp_paper.studies.conv_tied.data.pedal_corpus`, one seed, for
    ``cfg.pedal_epochs``: the tied conv net and the dense net ``dense_label``.

    Returns
    -------
    tuple of TrainingResult
        ``(conv, dense)``.
    """
    conv_run = train_conv("pedal_conv", cfg, conv_data(pedal, cfg), epochs=cfg.pedal_epochs,
                          progress=progress, probe=probe)
    dense_run = train_dense(dense_label, dense_cfg, dense_data(pedal, dense_cfg),
                            epochs=cfg.pedal_epochs, snapshots=(),
                            time_limit=cfg.time_limit("pedal_dense"),
                            checkpoint=f"04_pedal_dense_{cfg.scale}", progress=progress,
                            probe=probe)
    return conv_run, dense_run


def pedal_experiment(cfg: ConvSettings, dense: DenseExperiment, *, scale: str,
                     progress: bool = True) -> PedalExperiment:
    """Train (or load) the tied conv net and 03's better dense net (by mean final test ESR
    over the seeds) on :func:`~dsp_paper.studies.conv_tied.data.pedal_corpus` for
    ``cfg.pedal_epochs``, one seed, and score both beside the least-squares FIR.

    Parameters
    ----------
    cfg : ConvSettings
    dense : DenseExperiment
        Picks the dense net; its settings train it.
    scale : str

    Returns
    -------
    PedalExperiment
    """
    pedal = pedal_corpus(scale)
    variances = target_variances(pedal)
    block = int(cfg.test_block_seconds * pedal.sample_rate)
    best = dense.best_label()
    conv_run, dense_run = pedal_trainings(cfg, dense.cfg, pedal, best, progress=progress)
    rows, outputs = {}, {}
    for name, run, size, batch in (("tied conv net", conv_run, block, 16),
                                   (f"dense {best} (best of 03)", dense_run, dense.cfg.window,
                                    256)):
        rows[name], outputs[name] = evaluate_corpus(frame_processor(run.model, batch_size=batch),
                                                    pedal, block=size)
    fir = fir_floor(pedal, taps=cfg.fir_taps)
    rows[f"least-squares FIR, {fir.taps} taps"] = fir.row
    outputs[f"least-squares FIR, {fir.taps} taps"] = fir.test_outputs
    rows = {k: r if "train nmse" in r else with_nmse(r, variances) for k, r in rows.items()}
    return PedalExperiment(pedal, cfg.pedal_epochs, best, rows, outputs)
