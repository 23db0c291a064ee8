"""03's generated prose: what differs from 000, the closing text written from a run's numbers
and verdicts, and ``results.json``; with the small helpers 04's text shares."""
from __future__ import annotations


import numpy as np
import pandas as pd

from dsp_paper.datasets import EffectCorpus
from dsp_paper.studies import scale_config
from dsp_paper.studies.dense_baselines.data import sweep_material
from dsp_paper.studies.dense_baselines.experiment import DENSE_ACTIVATIONS, END, DenseExperiment
from dsp_paper.studies.dense_baselines.paper import (PAPER_DENSE_EPOCHS, PAPER_DENSE_HIDDEN,
                                                     PAPER_DENSE_ROWS, PAPER_SETUP, paper_nmse)
from dsp_paper.studies.dense_baselines.settings import LowpassCorpusSettings
from dsp_paper.study.prose import (claim_line, mean, plural, scale_note, tally,
                                    verdict_summary)
from dsp_paper.study.rules import FAILED_ESR, OK_ESR
from dsp_paper.study.settings import Settings

__all__ = ["material_line", "optimiser_line", "windows_line", "budget_line", "training_record",
           "scores", "results", "differences", "what_it_means"]


def material_line(cfg_corpus: LowpassCorpusSettings, corpus: EffectCorpus) -> str:
    """The lowpass corpus in one line: its sweeps, the effect and the test piano."""
    piano = (f"first {cfg_corpus.piano_seconds:g} s" if cfg_corpus.piano_seconds
             else "the whole piece")
    return (f"{sweep_material(cfg_corpus)}, through the {corpus.effect}; test: the Brahms "
            f"piano ({piano}), a rendered MIDI")


def optimiser_line(cfg: Settings) -> str:
    """The optimiser, learning rate, batch and loss of a training's settings."""
    return f"Adam, learning rate {cfg.learning_rate:g}, batch {cfg.batch_size}, MSE loss"


def windows_line(data: tuple, cfg: Settings, *, what: str) -> str:
    """How many windows of what length a training saw, and how often each sample."""
    return (f"{len(data[0]):,} {what} windows of {cfg.window} (every sample used "
            f"{cfg.sample_uses} times), reshuffled every epoch")


def budget_line(cfg: Settings, stopped: str, *, models: str) -> str:
    """The training budget of a group of compared models: patience, cap, how they ended."""
    return (f"{models}: each until its validation loss has not improved for "
            f"{plural(cfg.patience, 'epoch')} (the best epoch's weights restored) or "
            f"{cfg.epoch_cap} epochs have run, the same patience and cap for every model and "
            f"seed; {stopped}")


def training_record(runs: dict) -> dict:
    """Each training's epochs, optimiser steps, seconds, best epoch and how it stopped, for
    ``results.json`` (keys as ``runs``'s, joined by ``_seed``)."""
    key = lambda k: "_seed".join(map(str, k)) if isinstance(k, tuple) else f"seed{k}"
    return {key(k): dict(epochs=len(r.log.epoch), steps=r.log.steps[-1] if r.log.steps else None,
                         seconds=r.log.seconds[-1], best_epoch=r.log.restored_epoch,
                         stop_reason=r.log.stop_reason)
            for k, r in runs.items()}


def scores(row: dict) -> dict:
    """One table row's scores under the names ``results.json`` keeps."""
    return dict(train_mse=row["train mse"], test_mse=row["test mse"], test_esr=row["test esr"],
                test_esr_pre=row["test esr pre-emph"], test_lsd=row["test lsd dB"],
                test_mos_lqo=row.get("test MOS-LQO"), train_nmse=row["train nmse"], val_nmse=row["val nmse"],
                test_nmse=row["test nmse"])


def results(dense: DenseExperiment, record: dict) -> dict:
    """03's ``results.json``: every net's scores per epoch and seed, the FIR's, the seconds
    each training took, and the claims record."""
    results = {f"{label}_{epoch}_seed{seed}": scores(row)
               for (label, epoch, seed), row in dense.rows.items()}
    results["fir"] = scores(dense.fir.row)
    results["seconds"] = {f"{label}_seed{seed}": run.log.seconds[-1]
                          for (label, seed), run in dense.runs.items()}
    results["trainings"] = training_record(dense.runs)
    results["record"] = record
    return results


def differences(dense: DenseExperiment) -> list[tuple[str, str, str]]:
    """What differs from 000 in 03: rows ``(aspect, 000, this run)``.

    Returns
    -------
    list of (str, str, str)
        Material, sample rate, window and hidden sizes, epochs, optimiser, training windows,
        seeds, test batching.
    """
    cfg, corpus_cfg = dense.cfg, scale_config("lowpass_000", dense.cfg.scale)
    return [
        ("material", PAPER_SETUP["material"], material_line(corpus_cfg, dense.corpus)),
        ("sample rate", PAPER_SETUP["sample rate"], f"{dense.sample_rate} Hz"),
        ("window", "not stated", f"{cfg.window} samples "
                                 f"({1000 * cfg.window / dense.sample_rate:.1f} ms)"),
        ("hidden layer", f"{PAPER_DENSE_HIDDEN}", f"{cfg.hidden}"),
        ("epochs", " and ".join(map(str, PAPER_DENSE_EPOCHS)),
         f"{cfg.early_epoch} (a snapshot) and trained to a plateau (cap {cfg.epoch_cap})"),
        ("training budget", "4000 epochs, nearly 24 hours for the linear net",
         budget_line(cfg, dense.stopped(), models="both nets")
         + (f"; at {cfg.scale} a cap of {cfg.epoch_cap} epochs (000: 4000) and a patience "
            f"of {cfg.patience}, so that the notebook fits its time" if cfg.scale != "paper"
            else "")),
        ("optimiser", PAPER_SETUP["optimiser"], optimiser_line(cfg)),
        ("training windows", PAPER_SETUP["training windows"],
         windows_line(dense.data, cfg, what="training")),
        ("seeds", PAPER_SETUP["seeds"], ", ".join(map(str, dense.seeds))),
        ("test batching", "back-to-back windows",
         f"windows of {cfg.window} overlapping at hop {dense.hop}, Hann-tapered and "
         "overlap-added, for every split and both nets: back-to-back windows would add a "
         f"tick every {cfg.window} samples ({dense.sample_rate / cfg.window:.0f} Hz) to every "
         "output, a broadband floor in the spectra and the spectral scores that comes from "
         "the evaluation, not from the nets (04 measures that tick for the conv net)"),
    ]


def _linear_net_conclusion(lin: float, final: str) -> str:
    """The closing sentence on the linear net (mean test ESR ``lin`` at the end; ``final``
    says how its trainings ended): failed as 000's did, usable, or neither."""
    if lin > FAILED_ESR:
        return ("Our linear net failed on the piano as 000's did, even though a window-to-"
                "window linear map can represent the lowpass: within these epochs training "
                "did not find it.")
    if lin < OK_ESR:
        return ("Our linear net did not fail the way 000's did: a window-to-window linear "
                "map can represent the lowpass (all but the first samples of each window), "
                f"and Adam finds a usable one ({final}; test ESR below {OK_ESR:g}); 000's "
                "failure points to its training, not to the architecture.")
    return ("Our linear net neither failed nor became usable: its test ESR lies between "
            f"the failure line of {FAILED_ESR:g} and the usable level of {OK_ESR:g} "
            f"({final}).")


def what_it_means(dense: DenseExperiment, claims: pd.DataFrame, record: dict) -> str:
    """The closing Markdown of 03, written from the run's numbers and verdicts.

    Parameters
    ----------
    dense : DenseExperiment
    claims : pandas.DataFrame
        :meth:`dsp_paper.study.notebook.NotebookRun.judge` of ``record``.
    record : dict
        :func:`~dsp_paper.studies.dense_baselines.claims.record`.

    Returns
    -------
    str
    """
    early, final = dense.epochs
    stopped = dense.stopped("linear")
    fir_esr = dense.fir.row["test esr"]
    lin = mean(record["linear_final_test_esr"])
    non = mean(record["nonlinear_final_test_esr"])
    flat, noise = mean(record["linear_early_flatness"]), record["white_noise_flatness"]
    failed = lin > FAILED_ESR
    paper_val = {l: paper_nmse(PAPER_DENSE_ROWS[l])["val nmse"] for l in DENSE_ACTIVATIONS}
    ours_val = {l: dense.mean(l, final, "val nmse") for l in DENSE_ACTIVATIONS}
    ours_std = float(np.sqrt(dense.variances["val"]))
    paper_std = mean(r["reference"] for r in PAPER_DENSE_ROWS.values())
    lines = [
        "## What it means", "",
        scale_note(claims, dense.cfg.scale) +
        f"Claims judged: {tally(claims)} ({plural(len(dense.seeds), 'seed')}).", "",
        claim_line(claims, "C0.1a",
                   f"after {plural(early, 'epoch')} (000: {PAPER_DENSE_EPOCHS[0]}) the linear "
                   f"net's output on the piano has a spectral flatness of {flat:.3g}, white "
                   f"noise {noise:.3g}: it is "
                   f"{'noise-like' if flat >= 0.5 * noise else 'tonal, not noise'}."),
        claim_line(claims, "C0.1b",
                   f"trained to the end ({stopped}; 000: {PAPER_DENSE_EPOCHS[1]} epochs) its "
                   f"test ESR is {lin:.3g}, {'above' if failed else 'below'} the failure line of "
                   f"{FAILED_ESR:g}: the piano is {'lost' if failed else 'kept'}."),
        claim_line(claims, "C0.2",
                   f"test ESR of the nonlinear net {non:.3g} against the linear net's {lin:.3g} "
                   f"at the end, {mean(record['nonlinear_early_test_esr']):.3g} against "
                   f"{mean(record['linear_early_test_esr']):.3g} after "
                   f"{plural(early, 'epoch')}."),
        "",
        f"**Levels.** The validation target's standard deviation is {ours_std:.3g} here and "
        f"{paper_std:.3g} in 000 (its reference), so raw MSEs do not compare: relative "
        f"to the target's variance, 000's linear net left {paper_val['linear']:.3g} of the "
        f"validation sweeps' variance as error and its nonlinear net "
        f"{paper_val['nonlinear']:.3g}; ours leave {ours_val['linear']:.3g} and "
        f"{ours_val['nonlinear']:.3g}.", "",
        f"**The floor.** The least-squares FIR of {dense.fir.taps} taps reaches a test ESR of "
        f"{fir_esr:.3g}; the better dense net's error is {min(lin, non) / fir_esr:.3g} times "
        f"that, and its log-spectral distance on the piano "
        f"{dense.mean(dense.best_label(), final, 'test lsd dB'):.3g} dB against the FIR's "
        f"{dense.fir.row['test lsd dB']:.3g} dB.", "",
        _linear_net_conclusion(lin, stopped), "", verdict_summary(claims),
    ]
    return "\n".join(lines)
