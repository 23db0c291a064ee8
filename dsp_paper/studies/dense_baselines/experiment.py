"""03's trainings and experiment: 000's linear and nonlinear dense nets (hidden 1000) on the
lowpass, every seed, scored at the early and the final epoch beside the least-squares FIR; the
normalised MSE (MSE over the target's variance: 000's levels differ from ours)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from dsp_paper.datasets import EffectCorpus
from dsp_paper.errors import ParameterError
from dsp_paper.nn.evaluation import evaluate_fir
from dsp_paper.nn.probe import Probe
from dsp_paper.nn.runs import checkpoint_name, evaluate_snapshots
from dsp_paper.studies.dense_baselines.data import dense_data
from dsp_paper.studies.dense_baselines.settings import DenseSettings
from dsp_paper.study.prose import mean
from dsp_paper.windowing import hop_for_uses

if TYPE_CHECKING:
    from dsp_paper.nn.training import TrainingResult

__all__ = ["DENSE_ACTIVATIONS", "train_dense", "FirFloor", "LowpassExperiment", "fir_floor",
           "target_variances", "with_nmse", "DenseExperiment", "run", "dense_experiment"]

DENSE_ACTIVATIONS = {"linear": None, "nonlinear": "tanh"}


def train_dense(label: str, cfg: DenseSettings, data: tuple, *, seed: int = 0,
                epochs: int | None = None, snapshots: tuple | None = None,
                checkpoint: str | None = None, time_limit: float | None = None,
                progress: bool = True, probe: Probe | None = None) -> TrainingResult:
    """Train 000's dense net (``label`` "linear" or "nonlinear", hidden ``cfg.hidden``)
    with Adam on MSE.

    Parameters
    ----------
    label : {"linear", "nonlinear"}
        No activation, or tanh in the hidden layer.
    cfg : Settings
        ``scale_config("03_dense_baselines", scale)``.
    data : tuple
        :func:`~dsp_paper.studies.dense_baselines.data.dense_data`.
    seed : int
        Initial weights and shuffling.
    epochs, snapshots : optional
        Default ``cfg.epochs`` and ``(cfg.early_epoch, cfg.epochs)``.
    checkpoint : str, optional
        Default ``03_<label>_<scale>_s<seed>``.
    time_limit : float, optional
        Seconds of training after which it stops at the end of an epoch; default
        ``cfg.time_limit(label)`` (a cap only at ``paper``).
    progress : bool
        Show a progress bar.
    probe : dsp_paper.nn.probe.Probe, optional
        Passed to :func:`~dsp_paper.nn.training.fit`: time a few steps for ``estimate``
        instead of training.

    Returns
    -------
    TrainingResult
    """
    import keras  # heavy: Keras

    from dsp_paper.nn import models  # heavy: Keras
    from dsp_paper.nn.training import fit  # heavy: Keras

    if label not in DENSE_ACTIVATIONS:
        raise ParameterError(f"label must be one of {sorted(DENSE_ACTIVATIONS)}, got {label!r}")
    epochs = cfg.epochs if epochs is None else epochs
    snapshots = (cfg.early_epoch, epochs) if snapshots is None else snapshots
    x, y, vx, vy = data
    model = models.dense_net(x.shape[1], hidden=cfg.hidden, activation=DENSE_ACTIVATIONS[label],
                             name=f"{label}_{cfg.hidden}", seed=seed)
    model.compile(optimizer=keras.optimizers.Adam(cfg.learning_rate), loss="mse")
    return fit(model, x, y, epochs=epochs, batch_size=cfg.batch_size, validation=(vx, vy),
               snapshot_epochs=snapshots,
               checkpoint=checkpoint or checkpoint_name("03", label, cfg, seed), seed=seed,
               time_limit=cfg.time_limit(label) if time_limit is None else time_limit,
               progress=progress, probe=probe)


@dataclass
class FirFloor:
    """The least-squares FIR fitted to the training sweeps: the best a linear filter of
    ``taps`` coefficients does on the same data (whole tracks, no blocks).

    Attributes
    ----------
    taps : int
    row : dict
        000's table row, with test ESR, pre-emphasised ESR and LSD.
    test_outputs : list of np.ndarray
        One per test piece.
    """

    taps: int
    row: dict
    test_outputs: list


def fir_floor(corpus: EffectCorpus, *, taps: int) -> FirFloor:
    """:class:`FirFloor` of ``corpus`` (mono) for a filter of ``taps`` coefficients, its row
    with normalised MSEs (:func:`with_nmse`)."""
    row, outputs, _ = evaluate_fir(corpus, taps=taps)
    return FirFloor(taps, with_nmse(row, target_variances(corpus)), outputs)


def target_variances(corpus: EffectCorpus, *,
                     splits: tuple = (("train", "train"), ("val", "validation"),
                                      ("test", "test"))) -> dict[str, float]:
    """The variance of each split's target, all its pieces joined: what the normalised MSE
    divides by.

    Returns
    -------
    dict of str -> float
        ``{"train": ..., "val": ..., "test": ...}`` (the table's column prefixes).
    """
    return {short: float(np.var(np.concatenate([np.ravel(p.target)
                                                 for p in corpus.split(split)])))
            for short, split in splits}


def with_nmse(row: dict, variances: dict[str, float]) -> dict:
    """A copy of a table row with ``train/val/test nmse`` (MSE over that split's target
    variance, from :func:`target_variances`)."""
    return {**row, **{f"{s} nmse": row[f"{s} mse"] / variances[s]
                      for s in ("train", "val", "test")}}


@dataclass
class LowpassExperiment:
    """A net of 000's trained on the lowpass corpus for every seed and scored (03's dense
    nets, 04's tied conv net).

    Attributes
    ----------
    cfg : Settings
    seeds : tuple of int
    corpus : EffectCorpus
    data : tuple of np.ndarray
        Training and validation windows.
    fir : FirFloor
    runs : dict
        The trainings, by seed (and by net, where there are several).
    rows : dict
        000's table row (:func:`~dsp_paper.nn.evaluation.evaluate_corpus`) with normalised
        MSEs, by epoch and seed (and net).
    outputs : dict
        The test outputs, one per test piece, keyed as ``rows``.
    variances : dict of str -> float
        :func:`target_variances`.
    """

    cfg: object
    seeds: tuple
    corpus: object
    data: tuple
    fir: FirFloor
    runs: dict
    rows: dict
    outputs: dict
    variances: dict

    @property
    def sample_rate(self) -> int:
        return self.corpus.sample_rate


@dataclass
class DenseExperiment(LowpassExperiment):
    """03's two dense nets, every seed, scored at the early and the final epoch
    (:class:`LowpassExperiment`: ``runs`` by ``(label, seed)``, ``rows`` and ``outputs`` by
    ``(label, epoch, seed)``, ``data`` from
    :func:`~dsp_paper.studies.dense_baselines.data.dense_data`)."""

    @property
    def epochs(self) -> tuple[int, int]:
        """``(early, final)``: the epochs 000 listened at, as this run has them."""
        return self.cfg.early_epoch, self.cfg.epochs

    def mean(self, label: str, epoch: int, column: str) -> float:
        """One column of one net at one epoch, averaged over the seeds."""
        return mean(self.rows[label, epoch, s][column] for s in self.seeds)

    def best_label(self) -> str:
        """The dense net with the lower mean test ESR at the final epoch."""
        return min(DENSE_ACTIVATIONS, key=lambda l: self.mean(l, self.cfg.epochs, "test esr"))

    def describe(self) -> str:
        """What ran: windows, the FIR floor, each net's weights and seconds."""
        cfg, (x, _, vx, _) = self.cfg, self.data
        lines = [f"{len(x):,} training windows of {cfg.window} samples "
                 f"({1000 * cfg.window / self.sample_rate:.1f} ms; hop "
                 f"{hop_for_uses(cfg.window, cfg.sample_uses)}, every sample used "
                 f"{cfg.sample_uses} times), {len(vx):,} validation windows",
                 f"least-squares FIR, {self.fir.taps} taps, whole tracks: test ESR "
                 f"{self.fir.row['test esr']:.2e}"]
        lines += [f"{label}, seed {seed}: {run.model.count_params():,} weights, "
                  f"{run.log.seconds[-1]:.0f} s for {cfg.epochs} epochs"
                  for (label, seed), run in self.runs.items()]
        return "\n".join(lines)


def run(corpus: EffectCorpus, cfg: DenseSettings, seeds: Sequence[int], *,
        progress: bool = True) -> DenseExperiment:
    """Train (or load) 03's linear and nonlinear net for every seed and score them.

    Parameters
    ----------
    corpus : EffectCorpus
        :func:`~dsp_paper.studies.dense_baselines.data.lowpass_corpus` (mono).
    cfg : DenseSettings
        ``scale_config("03_dense_baselines", scale)``.
    seeds : tuple of int
    progress : bool

    Returns
    -------
    DenseExperiment
        Rows and test outputs at ``cfg.early_epoch`` and ``cfg.epochs`` (back-to-back
        windows of ``cfg.window``, as 000 tested).
    """
    data = dense_data(corpus, cfg)
    variances = target_variances(corpus)
    runs, rows, outputs = {}, {}, {}
    for seed in seeds:
        for label in DENSE_ACTIVATIONS:
            trained = train_dense(label, cfg, data, seed=seed, progress=progress)
            runs[label, seed] = trained
            scored = evaluate_snapshots(trained, corpus, block=cfg.window, batch_size=256,
                                        epochs=(cfg.early_epoch, cfg.epochs))
            for epoch, (row, out) in scored.items():
                rows[label, epoch, seed] = with_nmse(row, variances)
                outputs[label, epoch, seed] = out
    fir = fir_floor(corpus, taps=cfg.fir_taps)
    return DenseExperiment(cfg, tuple(seeds), corpus, data, fir, runs, rows, outputs,
                           variances)


#: :func:`run` under the name other studies know it by (04 runs 03's dense nets).
dense_experiment = run
