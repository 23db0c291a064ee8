"""04's training and main experiment: 000's convolutional net with tied filters on the lowpass,
every seed, trained to a plateau and scored at each snapshot it reached and at its end, in
overlapped half-second windows, beside the least-squares FIR."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dsp_paper.datasets import EffectCorpus
from dsp_paper.errors import ParameterError
from dsp_paper.nn.probe import Probe
from dsp_paper.nn.runs import checkpoint_name
from dsp_paper.studies.conv_tied.data import conv_data
from dsp_paper.studies.conv_tied.settings import ConvSettings
from dsp_paper.studies.dense_baselines import (END, LowpassExperiment, evaluate_run, fir_floor,
                                               stop_summary, target_variances, with_nmse)
from dsp_paper.study.prose import mean
from dsp_paper.windowing import hop_for_uses

if TYPE_CHECKING:
    import keras

    from dsp_paper.nn.training import TrainingResult

__all__ = ["stride_hop", "train_conv", "ConvExperiment", "run"]


def stride_hop(hop: int, strides: int) -> int:
    """The largest multiple of ``strides`` not above ``hop`` (at least ``strides``): a hop at
    which every overlapped window meets the conv net's stride grid where the whole track
    does, so each window's output is the whole track's, save near its edges.

    Examples
    --------
    >>> stride_hop(22050 // 8, 10), stride_hop(22050 // 2, 10), stride_hop(3, 10)
    (2750, 11020, 10)
    """
    return max(strides, hop - hop % strides)


def train_conv(name: str, cfg: ConvSettings, data: tuple, *, seed: int = 0, tied: bool = True,
               hidden: int | None = None, epochs: int | None = None, snapshots: tuple = (),
               loss: str | keras.losses.Loss = "mse", checkpoint: str | None = None,
               time_limit: float | None = None, patience: int | None = None,
               progress: bool = True, probe: Probe | None = None) -> TrainingResult:
    """Train 000's convolutional net (tied filters unless ``tied=False``) with Adam.

    Parameters
    ----------
    name : str
        The model's name; the checkpoint is ``04_<name>_<scale>_s<seed>`` (with ``patience``,
        ``04_<name>_plateau_<scale>_s<seed>``).
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
        Default as above: a fixed-epoch training of another notebook never replaces 04's.
    time_limit : float, optional
        Seconds of training after which it stops at the end of an epoch; default
        ``cfg.time_limit(name)`` (a cap only at ``paper``).
    patience : int, optional
        Train to a plateau: stop once the validation loss has not improved for ``patience``
        epochs and restore the best epoch's weights (``epochs`` is then the cap); by default
        every epoch runs and the last weights are kept.
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
               checkpoint=checkpoint or checkpoint_name(
                   "04", name if patience is None else f"{name}_plateau", cfg, seed), seed=seed,
               time_limit=cfg.time_limit(name) if time_limit is None else time_limit,
               patience=patience, restore_best=patience is not None,
               progress=progress, probe=probe)


@dataclass
class ConvExperiment(LowpassExperiment):
    """04's tied conv net, every seed, scored at each of ``cfg.snapshots`` it reached and at
    its end (:class:`~dsp_paper.studies.dense_baselines.LowpassExperiment`: ``runs`` by seed,
    ``rows`` and ``outputs`` by ``(epoch, seed)``, the end as
    :data:`~dsp_paper.studies.dense_baselines.END`, ``data`` from
    :func:`~dsp_paper.studies.conv_tied.data.conv_data`)."""

    @property
    def block(self) -> int:
        """000's test blocks, in samples: the windows the net is scored in."""
        return int(self.cfg.test_block_seconds * self.sample_rate)

    @property
    def hop(self) -> int:
        """The hop of the overlapped scoring windows: half a block, on the stride grid."""
        return stride_hop(self.block // 2, self.cfg.strides)

    @property
    def final(self) -> str:
        """The key of the trainings' end (the best epoch's weights, restored)."""
        return END

    def stopped(self) -> str:
        """How the trainings ended (:func:`~dsp_paper.studies.dense_baselines.stop_summary`)."""
        return stop_summary(list(self.runs.values()))

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
                f"{hop_for_uses(cfg.window, cfg.plateau_sample_uses)}), {len(vx):,} validation windows "
                f"of {cfg.window // 2}; scored in windows of {self.block} samples "
                f"({cfg.test_block_seconds:g} s) overlapping at hop {self.hop}, overlap-added\n"
                f"{run.model.count_params():,} weights; trained to a plateau (patience "
                f"{cfg.patience}, cap {cfg.epoch_cap} epochs): {self.stopped()}; seconds: "
                + ", ".join(f"seed {s} {r.log.seconds[-1]:.0f}" for s, r in self.runs.items()))


def run(corpus: EffectCorpus, cfg: ConvSettings, seeds: Sequence[int], *,
        progress: bool = True, mos: bool = True) -> ConvExperiment:
    """Train (or load) 04's tied conv net for every seed until its validation loss stops
    improving for ``cfg.patience`` epochs or ``cfg.epoch_cap`` epochs have run (the best
    weights restored), and score it at each snapshot it reached and at its end, every piece
    in windows of ``cfg.test_block_seconds`` overlapping by half (on the stride grid),
    overlap-added.

    Parameters
    ----------
    corpus : EffectCorpus
        :func:`~dsp_paper.studies.dense_baselines.data.lowpass_corpus` (mono).
    cfg : ConvSettings
        ``scale_config("04_conv_tied", scale)``.
    seeds : tuple of int
    progress : bool
    mos : bool
        Score the test split with ViSQOL's MOS-LQO too.

    Returns
    -------
    ConvExperiment
    """
    if min(e for e in cfg.snapshots if e > 0) > cfg.patience + 1:
        raise ParameterError(f"the first snapshot after training starts ({cfg.snapshots}) must "
                             f"come by epoch patience + 1 = {cfg.patience + 1}, which every "
                             "training reaches")
    data = conv_data(corpus, cfg, sample_uses=cfg.plateau_sample_uses)
    variances = target_variances(corpus)
    block = int(cfg.test_block_seconds * corpus.sample_rate)
    runs, rows, outputs = {}, {}, {}
    for seed in seeds:
        runs[seed] = train_conv("conv_tied", cfg, data, seed=seed, epochs=cfg.epoch_cap,
                                snapshots=cfg.snapshots, patience=cfg.patience,
                                progress=progress)
        for epoch, (row, out) in evaluate_run(runs[seed], corpus, window=block,
                                              hop=stride_hop(block // 2, cfg.strides),
                                              batch_size=16, epochs=cfg.snapshots,
                                              mos=mos).items():
            rows[epoch, seed], outputs[epoch, seed] = with_nmse(row, variances), out
    fir = fir_floor(corpus, taps=cfg.fir_taps)
    return ConvExperiment(cfg, tuple(seeds), corpus, data, fir, runs, rows, outputs, variances)
