"""04's generated prose: what differs from 000 (and 001), the closing text written from a run's
numbers and verdicts, and ``results.json``."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dsp_paper.studies import scale_config
from dsp_paper.studies.conv_tied.ablations import ABLATIONS, AblationExperiment
from dsp_paper.studies.conv_tied.experiment import ConvExperiment
from dsp_paper.studies.conv_tied.paper import PAPER_STEREO_SETUP
from dsp_paper.studies.conv_tied.pedal import PedalExperiment
from dsp_paper.studies.conv_tied.stereo import StereoExperiment
from dsp_paper.studies.conv_tied.tick import TickExperiment
from dsp_paper.studies.dense_baselines import (PAPER_CONV_AUDIO_EPOCHS, PAPER_CONV_HIDDEN,
                                               PAPER_CONV_ROWS, PAPER_LINEAR_TRAINING_HOURS,
                                               PAPER_SETUP, PAPER_TEST_BLOCK_SECONDS,
                                               budget_line, material_line, optimiser_line,
                                               scores, training_record)
from dsp_paper.study.prose import claim_line, mean, plural, scale_note, tally, verdict_summary
from dsp_paper.study.rules import FAILED_ESR, OK_ESR

__all__ = ["results", "differences", "what_it_means"]


def results(conv: ConvExperiment, *, ablations: AblationExperiment, tick: TickExperiment,
            pedal: PedalExperiment, stereo: StereoExperiment, record: dict) -> dict:
    """04's ``results.json``: the conv net's scores per snapshot and seed, the FIR's, the
    ablations', the pedal extension's, the stereo net's, the tick levels, seconds, weights
    and the claims record."""
    return {"conv": {f"{e}_seed{s}": scores(r) for (e, s), r in conv.rows.items()},
            "fir": scores(conv.fir.row),
            "ablations": {f"{k}_seed{s}": scores(r) for (k, s), r in ablations.rows.items()},
            "pedal": {k: scores(r) for k, r in pedal.rows.items()},
            "stereo": {k: {c: float(v) for c, v in r.items()} for k, r in stereo.rows.items()},
            "tick": {str(s): t for s, t in tick.levels.items()},
            "seconds": {str(s): r.log.seconds[-1] for s, r in conv.runs.items()},
            "trainings": {"conv_tied": training_record(conv.runs),
                          "ablations": training_record(ablations.runs)},
            "weights": conv.runs[conv.seeds[0]].model.count_params(), "record": record}


def differences(conv: ConvExperiment, *, pedal: PedalExperiment, stereo: StereoExperiment,
                ablations: AblationExperiment) -> list[tuple[str, str, str]]:
    """What differs from 000 (and 001) in 04: rows ``(aspect, document, this run)``.

    Parameters
    ----------
    conv : ConvExperiment
    pedal : PedalExperiment
    stereo : StereoExperiment
    ablations : AblationExperiment

    Returns
    -------
    list of (str, str, str)
    """
    cfg, corpus_cfg = conv.cfg, scale_config("lowpass_000", conv.cfg.scale)
    return [
        ("material", PAPER_SETUP["material"], material_line(corpus_cfg, conv.corpus)),
        ("sample rate", PAPER_SETUP["sample rate"], f"{conv.sample_rate} Hz"),
        ("filters", PAPER_SETUP["conv sizes"],
         f"{cfg.filters} filters of {cfg.kernel_size} samples "
         f"({1000 * cfg.kernel_size / conv.sample_rate:.1f} ms), stride {cfg.strides}"),
        ("hidden layer", f"{PAPER_CONV_HIDDEN}", f"{cfg.hidden}"),
        ("window", "not stated", f"{cfg.window} samples for training, {cfg.window // 2} for "
                                 "validation"),
        ("epochs", f"table at {min(PAPER_CONV_ROWS)}-{max(PAPER_CONV_ROWS)}, audio at "
                   f"{', '.join(map(str, PAPER_CONV_AUDIO_EPOCHS))}",
         f"snapshots at {', '.join(map(str, sorted(cfg.snapshots)))} (those a training "
         f"reached) and at the end: trained to a plateau, cap {cfg.epoch_cap} epochs"),
        ("training budget", "not stated",
         budget_line(cfg, conv.stopped(), models="the tied conv net and both ablations")
         + (f"; at {cfg.scale} a cap of {cfg.epoch_cap} epochs and a patience of "
            f"{cfg.patience}, so that the notebook fits its time" if cfg.scale != "paper"
            else "")),
        ("ablation epochs", "not stated",
         f"as the baseline (matched: the same patience and cap); "
         + "; ".join(f"{name}: {ablations.stopped(name)}" for name in ABLATIONS)),
        ("optimiser", PAPER_SETUP["optimiser"], optimiser_line(cfg)),
        ("training windows", PAPER_SETUP["training windows"],
         f"{len(conv.data[0]):,} training windows of {cfg.window} (every sample used "
         f"{cfg.plateau_sample_uses} times), reshuffled every epoch"
         + (f"; at {cfg.scale} back to back rather than overlapping, so that an epoch costs "
            "half as much and the conv net and its ablations reach a plateau within the "
            "notebook's time" if cfg.plateau_sample_uses == 1 else "")),
        ("seeds", PAPER_SETUP["seeds"], ", ".join(map(str, conv.seeds))),
        ("test blocks", f"{PAPER_TEST_BLOCK_SECONDS:g} s, back to back",
         f"scores: {cfg.test_block_seconds:g} s windows overlapping at hop {conv.hop} (a "
         f"multiple of the stride {cfg.strides}), Hann-tapered and overlap-added, for every "
         "split, every net and the dense nets alike: back-to-back blocks add a tick at every "
         "edge (C0.7a), which the scores would carry; the tick is measured on its own in "
         "back-to-back blocks"),
        ("pedal effect", "named, not evaluated",
         f"{pedal.corpus.effect}; {pedal.epochs} epochs, one seed"),
        ("stereo (001)", PAPER_STEREO_SETUP["layout"],
         f"{stereo.describe_setup()}; {stereo.epochs} epochs, one seed"),
    ]


def _g(x: float) -> str:
    return "never" if np.isinf(x) else f"{x:.3g}"


# "Better" needs at least 10 % less error energy, the margin C0.2's rule calls better.
_BETTER = 0.9


def _claim_lines(conv: ConvExperiment, claims: pd.DataFrame, record: dict,
                 ablations: AblationExperiment, tick: TickExperiment) -> list[str]:
    """The closing text's bullets, one per sub-claim of 04, with what the run measured."""
    m = lambda key: mean(record[key])
    first = conv.first
    works = m("conv_final_test_esr_pre") < OK_ESR
    return [
        claim_line(claims, "C0.3a",
                   f"the conv net's pre-emphasised test ESR trained to the end "
                   f"({conv.stopped()}) is {m('conv_final_test_esr_pre'):.3g} "
                   f"({'below' if works else 'above'} the proper-audio line of {OK_ESR:g}); "
                   f"the better dense net's {m('dense_best_final_test_esr_pre'):.3g} (failure "
                   f"line {FAILED_ESR:g}). Plain ESR: {m('conv_final_test_esr'):.3g} and "
                   f"{m('dense_best_final_test_esr'):.3g}."),
        claim_line(claims, "C0.3b",
                   f"pre-emphasised test ESR {m('conv_initial_test_esr_pre'):.3g} before "
                   f"training, {m('conv_first_test_esr_pre'):.3g} at epoch {first}, "
                   f"{m('conv_final_test_esr_pre'):.3g} at the end."),
        claim_line(claims, "C0.3c",
                   f"seconds until the validation ESR first reached {OK_ESR:g}: conv net "
                   f"{_g(m('conv_seconds_to_usable'))}, faster dense net "
                   f"{_g(m('dense_seconds_to_usable'))} (000: almost "
                   f"{PAPER_LINEAR_TRAINING_HOURS} hours for its linear net)."),
        claim_line(claims, "C0.4",
                   f"trained to the end (as the baseline, {ablations.stopped('no hidden layer')}) "
                   f"the net without its hidden layer has test ESR {m('no_hidden_test_esr'):.3g} against the baseline's "
                   f"{m('baseline_test_esr'):.3g}, and spectral flatness "
                   f"{m('no_hidden_flatness'):.3g} against white noise's "
                   f"{record['white_noise_flatness']:.3g}."),
        claim_line(claims, "C0.5",
                   f"epochs to a validation ESR of {OK_ESR:g}: untied "
                   f"{_g(m('untied_epochs_to_usable'))}, tied {_g(m('tied_epochs_to_usable'))}."),
        claim_line(claims, "C0.6a",
                   f"test against training MSE: linear {m('linear_test_mse'):.3g} vs "
                   f"{m('linear_train_mse'):.3g}, nonlinear {m('nonlinear_test_mse'):.3g} vs "
                   f"{m('nonlinear_train_mse'):.3g}, conv {m('conv_test_mse'):.3g} vs "
                   f"{m('conv_train_mse'):.3g}. The piano's target variance is "
                   f"{conv.variances['test']:.3g}, the training sweeps' "
                   f"{conv.variances['train']:.3g}; relative to its own target's variance "
                   f"the conv net's test error is {conv.mean(conv.final, 'test nmse'):.3g}, its "
                   f"training error {conv.mean(conv.final, 'train nmse'):.3g}."),
        claim_line(claims, "C0.6b",
                   f"the better dense net's test MSE is {m('dense_over_conv_test_mse'):.3g} "
                   "times the conv net's; by pre-emphasised ESR the better dense net scores "
                   f"{m('dense_best_final_test_esr_pre'):.3g}, the conv net "
                   f"{m('conv_final_test_esr_pre'):.3g}."),
        claim_line(claims, "C0.7a",
                   f"in back-to-back {conv.cfg.test_block_seconds:g} s blocks the error near "
                   f"the edges is at {m('blocks_edge_error_db'):.3g} dB relative to the music "
                   "there."),
        claim_line(claims, "C0.7b",
                   f"overlap-added (hop {tick.hop}, on the stride grid), the error at the edges "
                   f"minus the error between them is "
                   f"{m('overlap_add_edge_excess_db'):.3g} dB, and the blocks' edge error minus "
                   f"the overlap-add's {m('edge_error_drop_db'):.3g} dB."),
    ]


def _extension_lines(pedal: PedalExperiment, stereo: StereoExperiment) -> list[str]:
    """The closing text's paragraphs on the pedal extension and 001's stereo layout."""
    best = pedal.best_net()
    best_esr, fir_esr = pedal.rows[best]["test esr"], pedal.rows[pedal.fir_name()]["test esr"]
    return [
        f"**Extension, pedal chain** (one seed, {plural(pedal.epochs, 'epoch')}): the best "
        f"net ({best}) has test ESR {best_esr:.3g}, the least-squares FIR {fir_esr:.3g}: "
        + ("the net captures more of the nonlinear effect than a linear filter can."
           if best_esr < _BETTER * fir_esr else
           "no net does clearly better than the linear filter, so none has learned much of "
           "the drive's nonlinearity."),
        "",
        f"**001's stereo layout** (one seed, {plural(stereo.epochs, 'epoch')}): test ESR "
        + ", ".join(f"{k.removeprefix('test_')} {r['esr']:.3g}" for k, r in stereo.rows.items())
        + "; two channels in and out train and run end to end.",
    ]


def what_it_means(conv: ConvExperiment, claims: pd.DataFrame, record: dict, *,
                  ablations: AblationExperiment, tick: TickExperiment, pedal: PedalExperiment,
                  stereo: StereoExperiment) -> str:
    """The closing Markdown of 04, written from the run's numbers and verdicts.

    Parameters
    ----------
    conv : ConvExperiment
    claims : pandas.DataFrame
        :meth:`dsp_paper.study.notebook.NotebookRun.judge` of ``record``.
    record : dict
        :func:`~dsp_paper.studies.conv_tied.claims.record`.
    ablations, tick, pedal, stereo
        The other experiments of 04.

    Returns
    -------
    str
    """
    lines = [
        "## What it means", "",
        scale_note(claims, conv.cfg.scale) +
        f"Claims judged: {tally(claims)} ({plural(len(conv.seeds), 'seed')}).", "",
        *_claim_lines(conv, claims, record, ablations, tick), "",
        *_extension_lines(pedal, stereo),
        "", verdict_summary(claims),
    ]
    return "\n".join(lines)
