"""04's claims (C0.3a-C0.7b: the tied conv net, its ablations, MSE's levels, the tick) and the
results record they are judged on."""
from __future__ import annotations

from dsp_paper.errors import ParameterError
from dsp_paper.metrics import spectral_flatness, validation_power
from dsp_paper.nn.runs import first_reaching
from dsp_paper.studies.conv_tied.ablations import AblationExperiment
from dsp_paper.studies.conv_tied.experiment import ConvExperiment, stride_hop
from dsp_paper.studies.conv_tied.tick import TickExperiment
from dsp_paper.studies.dense_baselines import (DENSE_ACTIVATIONS, END, DenseExperiment,
                                               white_noise_flatness)
from dsp_paper.study.rules import FAILED_ESR, OK_ESR, All, Compare, SubClaim

__all__ = ["CLAIMS", "record"]

CLAIMS = (
    SubClaim(
        "C0.3a", "000", "04_conv_tied",
        quote="First of all, this is the first time we have actually had the audio be properly "
              "output of the network, so we're off to a good start.",
        claim="The tied conv net is the first of 000's nets to output proper audio: the dense "
              "nets did not.",
        measured="pre-emphasised test ESR on the piano (both signals through 1 - 0.85 z^-1 "
                 "first, as in Wright et al. 2019) of the tied conv net "
                 "(conv_final_test_esr_pre) and of the better of 03's two dense nets "
                 "(dense_best_final_test_esr_pre), each trained to the end (to a plateau of "
                 "its validation loss, the best weights restored), each seed",
        rule=All(Compare("conv_final_test_esr_pre", "<", OK_ESR,
                         label="the conv net outputs proper audio"),
                 Compare("dense_best_final_test_esr_pre", ">", FAILED_ESR,
                         label="the dense nets did not")),
        decides_at=("quick", "paper"),
        trained=("03_*_plateau_*", "04_conv_tied_plateau_*"), capability=True,
        why=("Proper audio: ESR below 0.1, Neural Amp Modeler's 'might sound ok'.",
             "Failed: ESR above 0.3, its 'something went wrong'.",
             "Pre-emphasised, since plain ESR is the MSE over the target's energy, which the "
             "piano's low band dominates; the first-order high-pass lets the band above the "
             "cut-off, where a lowpass acts and the nets differ, weigh in.")),
    SubClaim(
        "C0.3b", "000", "04_conv_tied",
        quote="it's clear that the effect is not only being emulated, the network is actually "
              "doing a fairly good job at it as the number of epochs increase.",
        claim="The conv net emulates the lowpass, and improves with epochs.",
        measured="pre-emphasised test ESR on the piano (1 - 0.85 z^-1, as in C0.3a) of the "
                 "tied conv net before training (conv_initial_test_esr_pre), at its first "
                 "snapshot after training starts (conv_first_test_esr_pre: epoch 5, as in "
                 "000's table) and trained to the end (conv_final_test_esr_pre), each seed",
        rule=All(Compare("conv_final_test_esr_pre", "<", OK_ESR,
                         label="it emulates the lowpass"),
                 Compare("conv_final_test_esr_pre", "<", "conv_first_test_esr_pre",
                         label="it improves after the first epochs"),
                 Compare("conv_first_test_esr_pre", "<", "conv_initial_test_esr_pre",
                         label="training helps at all")),
        decides_at=("quick", "paper"),
        trained=("04_conv_tied_plateau_*",), capability=True,
        why=("Emulates: ESR below 0.1, Neural Amp Modeler's 'might sound ok'; improving is "
             "judged by the seeds' spread, with no margin of its own.",
             "Pre-emphasised as in C0.3a: plain ESR is MSE, which the low band dominates.")),
    SubClaim(
        "C0.3c", "000", "04_conv_tied",
        quote="Where the previous networks needed 1000 inner nodes, this network only needs 50. "
              "This drastically cuts back on the time needed to train the network.",
        claim="With a hidden layer of 50 instead of 1000, the conv net reaches a usable result "
              "in much less training time than the dense nets.",
        measured="training seconds until the validation ESR (the held-out sweeps) first falls "
                 "to usable_val_esr, for the tied conv net (conv_seconds_to_usable) and the "
                 "faster of 03's dense nets (dense_seconds_to_usable), each seed on this "
                 "machine, each net trained to a plateau; a net that never gets there counts "
                 "as infinitely slow",
        rule=Compare("conv_seconds_to_usable", "<", "dense_seconds_to_usable", factor=0.5),
        settings={"usable_val_esr": OK_ESR},
        decides_at=("quick", "paper"),
        trained=("03_*_plateau_*", "04_conv_tied_plateau_*"), capability=True,
        why=("Usable: a validation ESR of 0.1, Neural Amp Modeler's 'might sound ok' and "
             "C0.3a's proper audio; the validation windows are zero-padded at their edges, "
             "which keeps their ESR above about 0.02 whatever the net, so a stricter level "
             "could never be reached.",
             "'Drastically' cuts the time: at most half.")),
    SubClaim(
        "C0.4", "000", "04_conv_tied",
        quote="Although the network still seems to understand the audio format, as proven by "
              "the fact that it's not outputing white noise like the previous examples, it is "
              "significantly worse at applying the filter's effect to it.",
        claim="Without the hidden layer the conv net still outputs audio, not noise, but applies "
              "the lowpass much worse.",
        measured="test ESR on the piano of the conv net without its hidden layer "
                 "(no_hidden_test_esr) and of the baseline (baseline_test_esr), both trained to "
                 "the end under the same patience and epoch cap; spectral flatness of the "
                 "ablation's output "
                 "(no_hidden_flatness) against white noise's (white_noise_flatness), each seed",
        rule=All(Compare("no_hidden_test_esr", ">", "baseline_test_esr", factor=2,
                         label="it applies the effect much worse"),
                 Compare("no_hidden_flatness", "<", "white_noise_flatness", factor=0.5,
                         label="it is not white noise")),
        decides_at=("quick", "paper"),
        trained=("04_conv_tied_plateau_*", "04_conv_tied_nohidden_plateau_*"), capability=True,
        why=("'Significantly worse': at least twice the error energy (3 dB).",
             "Not white noise: less than half as flat as white noise, the same line as C0.1a.")),
    SubClaim(
        "C0.5", "000", "04_conv_tied",
        quote="when the network was set up with different filters it seems significantly more "
              "resistant to training ... This fighting between variables can dramatically "
              "increase the time needed to train the network.",
        claim="With untied filters the conv net trains markedly slower than with tied ones.",
        measured="epochs until the validation ESR first falls to usable_val_esr, for the untied "
                 "ablation (untied_epochs_to_usable) and the tied baseline "
                 "(tied_epochs_to_usable), each seed, both trained to a plateau under the same "
                 "patience and epoch cap; not reached counts as infinitely slow",
        rule=Compare("untied_epochs_to_usable", ">=", "tied_epochs_to_usable", factor=1.5),
        settings={"usable_val_esr": OK_ESR},
        decides_at=("quick", "paper"),
        trained=("04_conv_tied_plateau_*", "04_conv_untied_plateau_*"), capability=True,
        why=("Usable: a validation ESR of 0.1, as in C0.3c.",
             "'Markedly slower': half as many epochs again.")),
    SubClaim(
        "C0.6a", "000", "04_conv_tied",
        quote="Surprisingly, the training and validation MSE's are higher than the testing ones. "
              "... the testing error is quite significantly lower than the training error.",
        claim="Test MSE is lower than training MSE for every network.",
        measured="MSE on the training sweeps and on the test piano of the linear, the "
                 "nonlinear and the conv net trained to the end, each seed",
        rule=All(Compare("linear_test_mse", "<", "linear_train_mse"),
                 Compare("nonlinear_test_mse", "<", "nonlinear_train_mse"),
                 Compare("conv_test_mse", "<", "conv_train_mse")),
        decides_at=("quick", "paper"),
        trained=("03_*_plateau_*", "04_conv_tied_plateau_*"), capability=True,
        why=("No margin: the claim is an inequality, decided by the seeds' spread alone.",)),
    SubClaim(
        "C0.6b", "000", "04_conv_tied",
        quote="given that the output of the first two networks were completely incorrect and "
              "the convolutional network was correct, you would expect a drastic decrease in "
              "error on that output. Yet the difference is actually pretty small.",
        claim="Between the failed dense nets and the working conv net the MSE gap is small: MSE "
              "is a poor judge of quality.",
        measured="pre-emphasised test ESR on the piano (1 - 0.85 z^-1, as in C0.3a) of the "
                 "better dense net (dense_best_final_test_esr_pre) and of the conv net "
                 "(conv_final_test_esr_pre), and the ratio of their test MSEs "
                 "(dense_over_conv_test_mse), each seed, the nets trained to the end",
        rule=All(Compare("dense_best_final_test_esr_pre", ">", FAILED_ESR,
                         label="premise: the dense nets failed"),
                 Compare("conv_final_test_esr_pre", "<", OK_ESR,
                         label="premise: the conv net works"),
                 Compare("dense_over_conv_test_mse", "<", 20.0, label="the MSE gap is small")),
        decides_at=("quick", "paper"),
        trained=("03_*_plateau_*", "04_conv_tied_plateau_*"), capability=True,
        why=("Failed and working as in C0.3a (pre-emphasised ESR above 0.3; below 0.1): the "
             "premise is judged by a measure other than the MSE the claim says misjudges; if "
             "the dense nets do not fail, the premise does not arise and the claim is not "
             "supported here.",
             "Small: below 20x, since 000 called its own gap of 13x (test MSE 0.00119 against "
             "9.09e-5) 'pretty small'.")),
    SubClaim(
        "C0.7a", "000", "04_conv_tied",
        quote="the generated testing outputs will all have a slight 'tick' to them around every "
              "half a second ... the padding on the convolution resetting the audio data to 0.0 "
              "at the edges of the batches",
        claim="Processing the test in back-to-back zero-padded half-second blocks makes an "
              "audible tick at every block edge.",
        measured="level of the error of the block-processed output against the whole-track "
                 "output within one filter length of each block edge, relative to the "
                 "whole-track output's level there (blocks_edge_error_db, dB), each seed",
        rule=Compare("blocks_edge_error_db", ">", -30.0),
        decides_at=("quick", "paper"),
        trained=("04_conv_tied_plateau_*",),
        why=("A broadband transient within 30 dB of the music around it escapes masking and is "
             "heard as a click; 000 itself calls its tick 'slight': audible, not loud.",)),
    SubClaim(
        "C0.7b", "000", "04_conv_tied",
        quote="Given time, I could have written one that used a sliding window system similar "
              "to the training data and eliminated this noise.",
        claim="Overlapping windows, overlap-added, remove the tick.",
        measured="for the piano processed in overlapping half-second windows (hop 1/8 block "
                 "rounded down to a multiple of the net's stride, so that every window meets "
                 "the stride grid where the whole track does; Hann taper) and overlap-added: "
                 "how far its error level near the block edges "
                 "exceeds its error level elsewhere (overlap_add_edge_excess_db, dB), and how "
                 "far its edge error level lies below the block-processed output's "
                 "(edge_error_drop_db, dB), each seed",
        rule=All(Compare("overlap_add_edge_excess_db", "<=", 3.0,
                         label="the edges no longer stand out"),
                 Compare("edge_error_drop_db", ">=", 20.0, label="the edge error falls")),
        settings={"overlap_add_hop": "block // 8 on the stride grid"},
        decides_at=("quick", "paper"),
        trained=("04_conv_tied_plateau_*",),
        why=("No longer standing out: the error at the edges within 3 dB (twice the energy) of "
             "the error between them, so nothing marks the edges.",
             "Falls: 20 dB, a tenth of the amplitude, the difference between a click and an "
             "even background.")),
)


def record(*, dense: DenseExperiment, conv: ConvExperiment, ablations: AblationExperiment,
           tick: TickExperiment) -> dict:
    """The results record 04's claims are judged on.

    Parameters
    ----------
    dense : DenseExperiment
        03's nets (at their end).
    conv : ConvExperiment
    ablations : AblationExperiment
    tick : TickExperiment

    Returns
    -------
    dict
        One value per seed for every quantity the rules of C0.3a-C0.7b name.
    """
    usable = {c.id: c for c in CLAIMS}["C0.3c"].settings["usable_val_esr"]
    seeds = conv.seeds
    final, first = conv.final, conv.first
    dense_final = {(label, s): dense.rows[label, END, s]
                   for label in DENSE_ACTIVATIONS for s in seeds}
    best_dense = {s: min(dense_final[l, s]["test esr"] for l in DENSE_ACTIVATIONS) for s in seeds}
    best_dense_mse = {s: min(dense_final[l, s]["test mse"] for l in DENSE_ACTIVATIONS)
                      for s in seeds}
    best_dense_pre = {s: min(dense_final[l, s]["test esr pre-emph"] for l in DENSE_ACTIVATIONS)
                      for s in seeds}
    dense_power, conv_power = validation_power(dense.data), validation_power(conv.data)
    dense_seconds = {s: min(first_reaching(dense.runs[l, s].log, usable * dense_power)[1]
                            for l in DENSE_ACTIVATIONS) for s in seeds}
    no_hidden = {s: ablations.outputs["no hidden layer", s][0] for s in seeds}
    per = lambda f: [f(s) for s in seeds]
    rows = conv.rows
    record = {
        "seeds": list(seeds),
        "conv_initial_test_esr": per(lambda s: rows[0, s]["test esr"]),
        "conv_first_test_esr": per(lambda s: rows[first, s]["test esr"]),
        "conv_final_test_esr": per(lambda s: rows[final, s]["test esr"]),
        "dense_best_final_test_esr": per(best_dense.get),
        "conv_initial_test_esr_pre": per(lambda s: rows[0, s]["test esr pre-emph"]),
        "conv_first_test_esr_pre": per(lambda s: rows[first, s]["test esr pre-emph"]),
        "conv_final_test_esr_pre": per(lambda s: rows[final, s]["test esr pre-emph"]),
        "dense_best_final_test_esr_pre": per(best_dense_pre.get),
        "conv_seconds_to_usable": per(lambda s: first_reaching(conv.runs[s].log,
                                                               usable * conv_power)[1]),
        "dense_seconds_to_usable": per(dense_seconds.get),
        "no_hidden_test_esr": per(lambda s: ablations.rows["no hidden layer", s]["test esr"]),
        "baseline_test_esr": per(lambda s: rows[final, s]["test esr"]),
        "no_hidden_flatness": per(lambda s: spectral_flatness(no_hidden[s])),
        "white_noise_flatness": white_noise_flatness(no_hidden[seeds[0]].size,
                                                     sample_rate=conv.sample_rate),
        "untied_epochs_to_usable": per(lambda s: first_reaching(
            ablations.runs["untied filters", s].log, usable * conv_power)[0]),
        "tied_epochs_to_usable": per(lambda s: first_reaching(conv.runs[s].log,
                                                              usable * conv_power)[0]),
        "conv_train_mse": per(lambda s: rows[final, s]["train mse"]),
        "conv_test_mse": per(lambda s: rows[final, s]["test mse"]),
        "dense_over_conv_test_mse": per(lambda s: best_dense_mse[s] / rows[final, s]["test mse"]),
    }
    for label in DENSE_ACTIVATIONS:
        record[f"{label}_train_mse"] = per(lambda s: dense_final[label, s]["train mse"])
        record[f"{label}_test_mse"] = per(lambda s: dense_final[label, s]["test mse"])
    if tick.hop != stride_hop(tick.block // 8, conv.cfg.strides):
        raise ParameterError(f"C0.7b's overlap-add hop is block // 8 on the stride grid "
                             f"({stride_hop(tick.block // 8, conv.cfg.strides)}), not {tick.hop}")
    for key in ("blocks_edge_error_db", "overlap_add_edge_excess_db", "edge_error_drop_db"):
        record[key] = per(lambda s: tick.levels[s][key])
    return record
