"""03's trainings and experiment: 000's linear and nonlinear dense nets (hidden 1000) on the
lowpass, every seed, trained to a plateau and scored at 000's early epoch and at the end beside
the least-squares FIR; the normalised MSE (MSE over the target's variance: 000's levels differ
from ours)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from dsp_paper.datasets import EffectCorpus
from dsp_paper.errors import ParameterError
from dsp_paper.nn.evaluation import (document_row, evaluate_corpus, evaluate_fir,
                                     frame_processor, score)
from dsp_paper.nn.probe import Probe
from dsp_paper.nn.runs import at_snapshots, checkpoint_name
from dsp_paper.studies.dense_baselines.data import dense_data
from dsp_paper.studies.dense_baselines.settings import DenseSettings
from dsp_paper.study.prose import mean
from dsp_paper.windowing import Pair, hop_for_uses, overlap_add, sliding_windows

if TYPE_CHECKING:
    from dsp_paper.nn.training import TrainingResult

__all__ = ["DENSE_ACTIVATIONS", "END", "train_dense", "FirFloor", "LowpassExperiment",
           "fir_floor", "target_variances", "with_nmse", "overlap_add_pieces",
           "evaluate_overlapped", "evaluate_run",
           "epoch_label", "stop_summary", "DenseExperiment", "run", "dense_experiment"]

DENSE_ACTIVATIONS = {"linear": None, "nonlinear": "tanh"}

#: The key of a training's end in the experiments' ``rows`` and ``outputs``: the weights of
#: the epoch with the lowest validation loss, restored once the loss stopped improving for
#: the settings' ``patience`` epochs (or the cap was reached).
END = "end"


def epoch_label(epoch: int | str) -> str:
    """``"epoch 20"``, or ``"trained to the end"`` for :data:`END`."""
    return "trained to the end" if epoch == END else f"epoch {epoch}"


def stop_summary(runs: Sequence[TrainingResult]) -> str:
    """How a group of trainings ended, in a few words: epochs run, best epochs restored,
    and how many stopped on a plateau (the others at the cap, at a time budget or after a
    jump of the validation loss, :func:`~dsp_paper.nn.training.patience_stop`)."""
    logs = [r.log for r in runs]
    ran = [len(log.epoch) for log in logs]
    best = [log.restored_epoch or len(log.epoch) for log in logs]
    plateau = sum(log.stop_reason == "plateau" for log in logs)
    span = lambda v: f"{min(v)}" if min(v) == max(v) else f"{min(v)}-{max(v)}"
    jumps = sum(log.stop_reason == "jump" for log in logs)
    return (f"{span(ran)} epochs run, best epoch {span(best)} restored; {plateau} of "
            f"{len(logs)} stopped on a plateau" + (f", {jumps} after a jump of the validation "
                                                    "loss" if jumps else ""))


def train_dense(label: str, cfg: DenseSettings, data: tuple, *, seed: int = 0,
                epochs: int | None = None, snapshots: tuple | None = None,
                checkpoint: str | None = None, time_limit: float | None = None,
                patience: int | None = None, progress: bool = True,
                probe: Probe | None = None) -> TrainingResult:
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
        Default ``03_<label>_<scale>_s<seed>``, with ``patience`` ``03_<label>_plateau_<scale>_s<seed>``
        (a fixed-epoch training of another notebook never replaces 03's).
    time_limit : float, optional
        Seconds of training after which it stops at the end of an epoch; default
        ``cfg.time_limit(label)`` (a cap only at ``paper``).
    patience : int, optional
        Train to a plateau: stop once the validation loss has not improved for ``patience``
        epochs and restore the best epoch's weights (``epochs`` is then the cap); by default
        every epoch runs and the last weights are kept.
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
               checkpoint=checkpoint or checkpoint_name(
                   "03", label if patience is None else f"{label}_plateau", cfg, seed), seed=seed,
               time_limit=cfg.time_limit(label) if time_limit is None else time_limit,
               patience=patience, restore_best=patience is not None,
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


def overlap_add_pieces(process: Callable[[np.ndarray], np.ndarray], pieces: Sequence[Pair], *,
                       window: int, hop: int) -> list[np.ndarray]:
    """Every (mono) piece through ``process`` in windows of ``window`` at ``hop``, the last
    zero-padded, Hann-tapered and overlap-added: as
    :func:`~dsp_paper.windowing.process_overlap_add` per piece, with the windows of all the
    pieces in one call of ``process`` (a model's predict has a fixed cost per call, and a
    split can hold dozens of short pieces)."""
    frames, counts = [], []
    for piece in pieces:
        x = np.asarray(piece.input, np.float32)
        if x.ndim != 1:
            raise ParameterError(f"overlap-add takes mono pieces, got shape {x.shape}")
        count = max(1, -(-(x.size - window) // hop) + 1)
        frames.append(sliding_windows(np.pad(x, (0, (count - 1) * hop + window - x.size)),
                                      window=window, hop=hop))
        counts.append(count)
    out = np.asarray(process(np.ascontiguousarray(np.concatenate(frames))))
    starts = np.cumsum([0, *counts])
    return [overlap_add(out[lo:hi], hop=hop, length=piece.input.size)
            for piece, lo, hi in zip(pieces, starts[:-1], starts[1:])]


def evaluate_overlapped(process: Callable[[np.ndarray], np.ndarray], corpus: EffectCorpus, *,
                        window: int, hop: int | None, mos: bool = True
                        ) -> tuple[dict[str, float], list[np.ndarray]]:
    """000's table row of ``process`` on the corpus's training, validation and test splits
    (mono), every piece run through windows of ``window`` samples that overlap at ``hop``,
    Hann-tapered and overlap-added: no window edge of the evaluation's own making enters the
    scores (000's back-to-back blocks tick at every edge, 04's C0.7a). ``hop=None``: 000's
    back-to-back blocks (:func:`~dsp_paper.nn.evaluation.evaluate_corpus`). ``mos=False``
    leaves out ViSQOL's MOS-LQO (about 2 s a score on 2 cores), for callers that need only
    the outputs and the signal measures.

    Returns
    -------
    row : dict
        :func:`~dsp_paper.nn.evaluation.document_row` (test with ESR, pre-emphasised ESR,
        LSD and MOS-LQO).
    test_predictions : list of np.ndarray
        One per test piece.
    """
    if hop is None:
        return evaluate_corpus(process, corpus, block=window, mos=mos)
    run = lambda pieces: overlap_add_pieces(process, pieces, window=window, hop=hop)
    train, val, test = (corpus.split(s) for s in ("train", "validation", "test"))
    predictions = run(test)
    return document_row(score(run(train), train), score(run(val), val),
                        score(predictions, test, extra=True,
                              sample_rate=corpus.sample_rate if mos else None)), \
        predictions


def evaluate_run(run: TrainingResult, corpus: EffectCorpus, *, window: int, hop: int | None,
                 batch_size: int, epochs: Sequence[int] = (), mos: bool = True
                 ) -> dict[int | str, tuple[dict[str, float], list[np.ndarray]]]:
    """:func:`evaluate_overlapped` of a training at those of ``epochs`` it kept a snapshot of
    (a training stopped on a plateau keeps none after it stopped) and at its end (:data:`END`,
    the weights it ended on: the best epoch's, restored)."""
    process = frame_processor(run.model, batch_size=batch_size)
    work = lambda: evaluate_overlapped(process, corpus, window=window, hop=hop, mos=mos)
    scored = at_snapshots(run, [e for e in epochs if e in run.snapshots], work)
    scored[END] = work()
    return scored


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
    """03's two dense nets, every seed, scored at the early epoch and at the end
    (:class:`LowpassExperiment`: ``runs`` by ``(label, seed)``, ``rows`` and ``outputs`` by
    ``(label, epoch, seed)`` with the end as :data:`END`, ``data`` from
    :func:`~dsp_paper.studies.dense_baselines.data.dense_data`)."""

    @property
    def epochs(self) -> tuple[int, str]:
        """``(early, END)``: 000's 20 epochs and its end (4000), as this run has them."""
        return self.cfg.early_epoch, END

    @property
    def hop(self) -> int:
        """The hop of the overlapped windows the nets are scored in: half a window."""
        return self.cfg.window // 2

    def stopped(self, label: str | None = None) -> str:
        """:func:`stop_summary` of one net's trainings (both nets' by default)."""
        return stop_summary([r for (l, _), r in self.runs.items() if label in (None, l)])

    def mean(self, label: str, epoch: int, column: str) -> float:
        """One column of one net at one epoch, averaged over the seeds."""
        return mean(self.rows[label, epoch, s][column] for s in self.seeds)

    def best_label(self) -> str:
        """The dense net with the lower mean test ESR at the final epoch."""
        return min(DENSE_ACTIVATIONS, key=lambda l: self.mean(l, END, "test esr"))

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
                  f"{run.log.seconds[-1]:.0f} s for {len(run.log.epoch)} epochs "
                  f"(stopped: {run.log.stop_reason}; best epoch {run.log.restored_epoch})"
                  for (label, seed), run in self.runs.items()]
        lines.append(f"trained to a plateau (patience {cfg.patience}, cap {cfg.epoch_cap} "
                     f"epochs): {self.stopped()}; scored in windows of {cfg.window} "
                     f"overlapping at hop {self.hop}, overlap-added")
        return "\n".join(lines)


def run(corpus: EffectCorpus, cfg: DenseSettings, seeds: Sequence[int], *,
        progress: bool = True, mos: bool = True) -> DenseExperiment:
    """Train (or load) 03's linear and nonlinear net for every seed, each until its validation
    loss stops improving for ``cfg.patience`` epochs or ``cfg.epoch_cap`` epochs have run (the
    best weights restored; the same budget for both nets and every seed), and score them.

    Parameters
    ----------
    corpus : EffectCorpus
        :func:`~dsp_paper.studies.dense_baselines.data.lowpass_corpus` (mono).
    cfg : DenseSettings
        ``scale_config("03_dense_baselines", scale)``.
    seeds : tuple of int
    progress : bool
    mos : bool
        Score the test split with ViSQOL's MOS-LQO too (2 s a score on 2 cores; a caller that
        needs only the outputs leaves it out).

    Returns
    -------
    DenseExperiment
        Rows and test outputs at ``cfg.early_epoch`` and at the end (:data:`END`), every
        piece in windows of ``cfg.window`` overlapping by half, overlap-added. A training that
        stopped before ``cfg.early_epoch`` is scored there at its end.
    """
    data = dense_data(corpus, cfg)
    variances = target_variances(corpus)
    runs, rows, outputs = {}, {}, {}
    for seed in seeds:
        for label in DENSE_ACTIVATIONS:
            trained = train_dense(label, cfg, data, seed=seed, epochs=cfg.epoch_cap,
                                  snapshots=(cfg.early_epoch,), patience=cfg.patience,
                                  progress=progress)
            runs[label, seed] = trained
            scored = evaluate_run(trained, corpus, window=cfg.window, hop=cfg.window // 2,
                                  batch_size=256, epochs=(cfg.early_epoch,), mos=mos)
            scored.setdefault(cfg.early_epoch, scored[END])
            for epoch, (row, out) in scored.items():
                rows[label, epoch, seed] = with_nmse(row, variances)
                outputs[label, epoch, seed] = out
    fir = fir_floor(corpus, taps=cfg.fir_taps)
    return DenseExperiment(cfg, tuple(seeds), corpus, data, fir, runs, rows, outputs,
                           variances)


#: :func:`run` under the name other studies know it by (04 runs 03's dense nets).
dense_experiment = run
