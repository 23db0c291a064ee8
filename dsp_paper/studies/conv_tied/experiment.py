"""04's training and main experiment: 000's convolutional net with tied filters on the lowpass,
every seed, scored at each snapshot in back-to-back test blocks beside the least-squares FIR."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dsp_paper.datasets import EffectCorpus
from dsp_paper.nn.probe import Probe
from dsp_paper.nn.runs import checkpoint_name, evaluate_snapshots
from dsp_paper.studies.conv_tied.data import conv_data
from dsp_paper.studies.conv_tied.settings import ConvSettings
from dsp_paper.studies.dense_baselines import (LowpassExperiment, fir_floor, target_variances,
                                               with_nmse)
from dsp_paper.study.prose import mean
from dsp_paper.windowing import hop_for_uses

if TYPE_CHECKING:
    import keras

    from dsp_paper.nn.training import TrainingResult

__all__ = ["train_conv", "ConvExperiment", "run"]


def train_conv(name: str, cfg: ConvSettings, data: tuple, *, seed: int = 0, tied: bool = True,
               hidden: int | None = None, epochs: int | None = None, snapshots: tuple = (),
               loss: str | keras.losses.Loss = "mse", checkpoint: str | None = None,
               time_limit: float | None = None, progress: bool = True,
               probe: Probe | None = None) -> TrainingResult:
    """Train 000's convolutional net (tied filters unless ``tied=False``) with Adam.

    Parameters
    ----------
    name : str
        The model's name; the checkpoint is ``04_<name>_<scale>_s<seed>``.
    cfg : Settings
        ``scale_config("04_conv_tied", scale)``.
    data : tuple
        :func:`~dsp_paper.studies.conv_tied.data.conv_data` (mono or stereo).
    seed : int
        Initial weights and shuffling.
    tied : bool
        The transposed convolution reuses the convolution's kernel.
    hidden, epochs : int, optional
        Default ``cfg.hidden`` and ``cfg.epochs``; ``hidden=0`` leaves the layer out.
    snapshots : tuple of int
        Epochs whose weights are kept.
    loss : str or keras.losses.Loss
        MSE as in 000, or e.g. :func:`~dsp_paper.nn.losses.mr_stft_loss`.
    checkpoint : str, optional
        Default ``04_<name>_<scale>_s<seed>``.
    time_limit : float, optional
        Seconds of training after which it stops at the end of an epoch; default
        ``cfg.time_limit(name)`` (a cap only at ``paper``).
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

    x, y, vx, vy = data
    model = models.conv_autoencoder(filters=cfg.filters, kernel_size=cfg.kernel_size,
                                    strides=cfg.strides,
                                    hidden=cfg.hidden if hidden is None else hidden, tied=tied,
                                    channels=x.shape[-1], name=name, seed=seed)
    model.compile(optimizer=keras.optimizers.Adam(cfg.learning_rate), loss=loss)
    return fit(model, x, y, epochs=cfg.epochs if epochs is None else epochs,
               batch_size=cfg.batch_size, validation=(vx, vy), snapshot_epochs=snapshots,
               checkpoint=checkpoint or checkpoint_name("04", name, cfg, seed), seed=seed,
               time_limit=cfg.time_limit(name) if time_limit is None else time_limit,
               progress=progress, probe=probe)


@dataclass
class ConvExperiment(LowpassExperiment):
    """04's tied conv net, every seed, scored at each of ``cfg.snapshots``
    (:class:`~dsp_paper.studies.dense_baselines.LowpassExperiment`: ``runs`` by seed, ``rows``
    and ``outputs`` by ``(epoch, seed)``, ``data`` from
    :func:`~dsp_paper.studies.conv_tied.data.conv_data`)."""

    @property
    def block(self) -> int:
        """The test blocks, in samples."""
        return int(self.cfg.test_block_seconds * self.sample_rate)

    @property
    def final(self) -> int:
        return max(self.cfg.snapshots)

    @property
    def first(self) -> int:
        """The first snapshot after training starts."""
        return min(e for e in self.cfg.snapshots if e > 0)

    def mean(self, epoch: int, column: str) -> float:
        return mean(self.rows[epoch, s][column] for s in self.seeds)

    def describe(self) -> str:
        cfg, (x, _, vx, _) = self.cfg, self.data
        run = self.runs[self.seeds[0]]
        return (f"{len(x):,} training windows of {cfg.window} (hop "
                f"{hop_for_uses(cfg.window, cfg.sample_uses)}), {len(vx):,} validation windows "
                f"of {cfg.window // 2}; test in back-to-back blocks of {self.block} samples "
                f"({cfg.test_block_seconds:g} s)\n{run.model.count_params():,} weights; seconds "
                f"for {cfg.epochs} epochs: "
                + ", ".join(f"seed {s} {r.log.seconds[-1]:.0f}" for s, r in self.runs.items()))


def run(corpus: EffectCorpus, cfg: ConvSettings, seeds: Sequence[int], *,
        progress: bool = True) -> ConvExperiment:
    """Train (or load) 04's tied conv net for every seed and score it at each snapshot, the
    test in back-to-back blocks of ``cfg.test_block_seconds``.

    Parameters
    ----------
    corpus : EffectCorpus
        :func:`~dsp_paper.studies.dense_baselines.data.lowpass_corpus` (mono).
    cfg : ConvSettings
        ``scale_config("04_conv_tied", scale)``.
    seeds : tuple of int

    Returns
    -------
    ConvExperiment
    """
    data = conv_data(corpus, cfg)
    variances = target_variances(corpus)
    block = int(cfg.test_block_seconds * corpus.sample_rate)
    runs, rows, outputs = {}, {}, {}
    for seed in seeds:
        runs[seed] = train_conv("conv_tied", cfg, data, seed=seed, snapshots=cfg.snapshots,
                                progress=progress)
        for epoch, (row, out) in evaluate_snapshots(runs[seed], corpus, block=block,
                                                    batch_size=16).items():
            rows[epoch, seed], outputs[epoch, seed] = with_nmse(row, variances), out
    fir = fir_floor(corpus, taps=cfg.fir_taps)
    return ConvExperiment(cfg, tuple(seeds), corpus, data, fir, runs, rows, outputs, variances)
