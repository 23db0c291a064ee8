"""The claims registry: every sub-claim of the five documents, gathered from the studies that
judge them, with the document's words, what is measured, the rule that decides it, the scales
at which it can decide, and why each threshold is what it is. Written in each study's claims
after pilot runs of the notebooks (not before any run), and changed since only with a dated
reason in :data:`RULE_CHANGES`; the notebooks only measure and judge
(:mod:`dsp_paper.study.verdicts`).

Evidence another notebook adds is a sub-claim of its own. A test pins every rule's text
(``tests/snapshots/claims_rules.json``): a rule can change, but the change shows in the diff
and is listed, with its date and reason, in :data:`RULE_CHANGES` and in ``figures/REPORT.md``.

Importing this module imports every study.
"""
from __future__ import annotations

import re

import pandas as pd

from dsp_paper import studies
from dsp_paper.errors import ParameterError
from dsp_paper.study.calibration import CALIBRATION
from dsp_paper.study.rules import RuleChange, SubClaim
from dsp_paper.study.verdicts import ClaimRegistry

__all__ = ["DOCUMENT_CLAIMS", "REGISTRY", "RULE_CHANGES", "MACHINE_SENSITIVE", "CLAIM_REGISTRY",
           "for_notebook", "registry_frame", "snapshot"]

# The documents' claims as the reproduction plan numbers them (each is split below).
DOCUMENT_CLAIMS = {
    "C0.1": "000: the linear net gives white noise at 20 epochs, training-like audio at 4000",
    "C0.2": "000: the nonlinear net is no better than the linear one",
    "C0.3": "000: the conv net is the first to output proper audio, improving with epochs, cheaply",
    "C0.4": "000: without the hidden layer the conv net applies the effect much worse",
    "C0.5": "000: untied filters train markedly slower than tied ones",
    "C0.6": "000: test MSE below training MSE; MSE misjudges output quality",
    "C0.7": "000: the half-second tick from zero-padded blocks; overlap removes it",
    "C2.1": "002: the LSTM has the lowest error; 61.3 % / 84.09 % less error",
    "C2.2": "002: the LSTM does not preserve the frequency spectrum, above all on voice",
    "C2.3": "002: 0.8 ms per output sample, 35 s per second: the LSTM cannot run online",
    "C2.4": "002 future work: a parameter input; a spectral loss",
    "C3.1": "003: the FFT representation is lossless but less descriptive than raw frames",
    "C3.2": "003: the raw-frame model recreates the break when it overfits",
    "C3.3": "003: a tail (feedback) phase after the sound ends",
    "C4.1": "004: one linear layer learns the STFT to near machine precision",
    "C4.2": "004: its weights are Hann-windowed sinusoids",
    "C4.3": "004: learning the STFT is impractical next to an FFT",
    "C8.1": "extension (08): today's recurrent capture model beats every 2017 model on "
            "nonlinear effects",
    "C8.2": "extension (08): today's convolutional capture model beats every 2017 model on "
            "nonlinear effects",
    "C8.3": "extension (08): today's capture models run online with room to spare",
    "C8.4": "extension (08): one model with a drive knob, at a drive it never saw",
}




def _document(claim: SubClaim) -> int:
    return int(re.match(r"C(\d+)\.", claim.id).group(1))


def _gather() -> list[SubClaim]:
    """Every study's sub-claims, by document, then by the notebook that judges them, then in
    the order the study lists them."""
    order = list(studies.NOTEBOOKS)
    seen, found = set(), []
    for notebook in order:
        for claim in getattr(studies.study(notebook), "CLAIMS", ()):
            if claim.id in seen:
                raise ParameterError(f"sub-claim {claim.id} is listed twice (again by "
                                     f"{notebook}'s study)")
            seen.add(claim.id)
            found.append(claim)
    return sorted(found, key=lambda c: (_document(c), order.index(c.notebook)))


_ENTRIES = _gather()
REGISTRY = {c.id: c for c in _ENTRIES}

# why 08's capability claims moved to paper (each one's entry below gives it)
_NO_PLATEAU_AT_QUICK_08 = (
    "at quick the series' time holds about 99 optimiser steps per model for five seeds, and no "
    "model reaches a plateau in them (run without a cap, wavenet's validation loss still fell "
    "after 850 steps, the dense net's after 1,800): the quick run shows the comparison under "
    "matched budgets, and only paper, with thousands of steps, can decide it")

# why 05's streaming models train at a lower rate, clipped, and wait longer (C2.3b-C2.4b)
_STREAMING_NOT_PLATEAUED = (
    "the models had not stopped improving when they stopped: an epoch of a streaming model is "
    "about eleven optimiser steps at quick, and at 0.01, unclipped, the validation loss on the "
    "short clips jumped tenfold between epochs, so that a patience of 5 epochs stopped four of "
    "five seeds after 7-11 epochs with a voice ESR near 0.17 while their training loss still "
    "fell (the fifth ran 48 epochs to 0.0017); every streaming model now trains at 0.003 with "
    "each gradient's global norm clipped to 1 (07's setting for the same network, under which "
    "its training settled) and waits 10 epochs at every scale, at most 120 at quick "
    "(at paper the 05 models waited the thesis's 100 epochs, as its many-to-one nets still "
    "do, under a cap of seconds)")

# the rules whose models' training changed on 2026-12-07 (their text did not)
_C23B = ("not (streaming_voice_esr < 0.1 and ((stream_rtf_32 > 1 and stream_latency_ms_32 <= 3)"
         " or (stream_rtf_64 > 1 and stream_latency_ms_64 <= 3) or (stream_rtf_128 > 1 and "
         "stream_latency_ms_128 <= 3)))")
_C24A = ("knob_voice_esr_251 <= 2 × dedicated_voice_esr_251 and knob_voice_esr_440 <= 2 × "
         "dedicated_voice_esr_440 and knob_voice_esr_1573 <= 2 × dedicated_voice_esr_1573")
_C24B = ("spectral_voice_band_lsd_db < baseline_voice_band_lsd_db and spectral_voice_esr <= 2 × "
         "baseline_voice_esr; with floor_db = -60, voice_band_hz = (20, 7600)")

# the calibration's families, as the rules of the perceptual claims name them
_CALIBRATION_FAMILIES = ", ".join(CALIBRATION.severities)

RULE_CHANGES = [
    RuleChange("2026-12-01", 'C0.1a',
               before="the verdict on C0.1 as a whole, in 03's code: supported if the linear net's"
                      ' epoch-20 output has spectral flatness > 0.3 and its final test ESR >= 0.5',
               after='linear_early_flatness >= 0.5 × white_noise_flatness',
               reason='C0.1 said two things, each now judged by its own rule; the noise threshold '
                      "is tied to white noise's own flatness instead of a bare 0.3"),
    RuleChange("2026-12-01", 'C0.1b',
               before="part of C0.1 in 03's code: final test ESR of the linear net >= 0.5",
               after='linear_final_test_esr > 0.3',
               reason="split from C0.1; 'nothing retained' uses the same failure line (ESR 0.3, "
                      "NAM's 'something went wrong') as every other claim"),
    RuleChange("2026-12-01", 'C0.2',
               before="03's code: not supported if the nonlinear net's test ESR < 0.9 x the linear"
                      " net's at epoch 20 or at the end, one seed",
               after='nonlinear_early_test_esr >= 0.9 × linear_early_test_esr and '
                     'nonlinear_final_test_esr >= 0.9 × linear_final_test_esr',
               reason="the same comparison, now over the seeds and with the package's inconclusive"
                      ' policy'),
    RuleChange("2026-12-01", 'C0.3a',
               before="04's code: supported if the dense nets' best test ESR > 0.5 and the conv "
                      "net's < 0.1, one seed",
               after='conv_final_test_esr < 0.1 and dense_best_final_test_esr > 0.3',
               reason="one failure line for every claim (ESR 0.3, NAM's 'something went wrong'), "
                      'over the seeds'),
    RuleChange("2026-12-01", 'C0.3b',
               before="04's code: supported if test ESR at the end < at epoch 5 < at epoch 0, one "
                      'seed',
               after='conv_final_test_esr < 0.1 and conv_final_test_esr < conv_first_test_esr and '
                     'conv_first_test_esr < conv_initial_test_esr',
               reason="'emulates' needs a level as well as an improvement; over the seeds"),
    RuleChange("2026-12-01", 'C0.3c',
               before="04's code: supported if the conv net's training time per window-sample is "
                      "below the dense nets'",
               after='conv_seconds_to_usable < 0.5 × dense_seconds_to_usable; with usable_val_esr '
                     '= 0.01',
               reason="000's point is time to a usable result (5 hours for the dense nets), not "
                      'the cost of a step'),
    RuleChange("2026-12-01", 'C0.4',
               before="04's code: supported if the ablation's test ESR > 2 x the baseline's, one "
                      'seed',
               after='no_hidden_test_esr > 2 × baseline_test_esr and no_hidden_flatness < 0.5 × '
                     'white_noise_flatness',
               reason='the claim also says the ablation still outputs audio, not white noise: now '
                      'tested; over the seeds'),
    RuleChange("2026-12-01", 'C0.5',
               before="04's code: supported if the untied net needs >= 1.5 x the tied net's epochs"
                      " to reach twice the tied net's validation MSE after the ablation's epochs, "
                      'and its test ESR > 1.5 x, one seed (12 epochs against 10 decided)',
               after='untied_epochs_to_usable >= 1.5 × tied_epochs_to_usable; with usable_val_esr '
                     '= 0.01',
               reason='a target taken from one tied run put the verdict on a knife edge; a fixed '
                      'usable level and the seeds decide'),
    RuleChange("2026-12-01", 'C0.6a',
               before="04's code: test MSE < train MSE for every net, one seed",
               after='linear_test_mse < linear_train_mse and nonlinear_test_mse < '
                     'nonlinear_train_mse and conv_test_mse < conv_train_mse',
               reason='the same comparison, over the seeds'),
    RuleChange("2026-12-01", 'C0.6b',
               before="04's code: supported if the dense nets failed (best test ESR > 0.5) and the"
                      " MSE gap < 3x; 07's code judged the same id again on controlled pairs",
               after='dense_best_final_test_esr > 0.3 and conv_final_test_esr < 0.1 and '
                     'dense_over_conv_test_mse < 20',
               reason="one verdict per sub-claim: 07's evidence is C0.6c; the gap threshold "
                      "follows 000's own 'pretty small' 13x, and the conv net must work too"),
    RuleChange("2026-12-01", 'C0.6c',
               before="07's code, under the id C0.6b: supported if MSE misorders at least one "
                      'controlled pair on each material while another measure orders all of them',
               after='decisive_disputes >= 1; with mse_margin_db = 1, lsd_margin_db = 1, floor_db '
                     '= -60, band_hz = (20, 20000)',
               reason='controlled phase-only faults let phase-blind measures win by construction; '
                      'the claim is now judged on the nets 000 trained, with ties below 1 dB'),
    RuleChange("2026-12-01", 'C0.7a',
               before="04's code, for C0.7 as a whole: boundary error ratio of the blocks > 10 (an"
                      " unbounded ratio, 12,104,918,043x in one run), the overlap-add's < 2 and "
                      "its RMS difference smaller; earlier, 'overlap-add halves the RMS "
                      "difference'",
               after='blocks_edge_error_db > -30',
               reason='the edge error as a bounded level relative to the music near the edges; the'
                      ' tick and its fix are two sub-claims'),
    RuleChange("2026-12-01", 'C0.7b',
               before="part of C0.7 in 04's code: overlap-add boundary error ratio < 2 and a "
                      'smaller RMS difference',
               after='overlap_add_edge_excess_db <= 3 and edge_error_drop_db >= 20',
               reason='split from C0.7; bounded levels in dB instead of a ratio of energies'),
    RuleChange("2026-12-01", 'C2.1a',
               before="05's code: the LSTM's validation MSE (on a 1 s excerpt) is the lowest, one "
                      'seed',
               after='lstm_val_mse < reduced_lstm_val_mse and lstm_val_mse < gru_val_mse and '
                     'lstm_val_mse < cnn_val_mse',
               reason="the thesis's validation error as logged in training, over the seeds"),
    RuleChange("2026-12-01", 'C2.1b',
               before="05's code: the reduced LSTM has less error than the GRU and the CNN, one "
                      'seed; the sizes of 61.3 % and 84.09 % were not judged',
               after='reduced_lstm_val_mse < gru_val_mse and reduced_lstm_val_mse < cnn_val_mse',
               reason='the ordering and the sizes are two sub-claims (C2.1c is new); over the '
                      'seeds'),
    RuleChange("2026-12-01", 'C2.2a',
               before="05's code: the LSTM's level in the 20-220 Hz stop band on the voice more "
                      "than 6 dB off the target's; 07's code judged the same id again by MR-STFT "
                      'against a 10 % mis-set cut-off',
               after='lstm_voice_band_lsd_db > cutoff_off_voice_band_lsd_db; with floor_db = -60, '
                     'cutoff_error = 0.1, voice_band_hz = (20, 7600), clips_band_hz = (20, 20000)',
               reason='one verdict per sub-claim; a spectral measure limited to the band the '
                      'material occupies with a level floor (the empty band above 8 kHz of the 16 '
                      'kHz voice dominated LSD and MR-STFT), on the whole voice, over the seeds'),
    RuleChange("2026-12-01", 'C2.2b',
               before="05's code: the LSTM's full-band LSD larger on the voice than on the clips; "
                      "07's code judged the same id again by MR-STFT relative to a mis-set cut-off",
               after='lstm_voice_relative > lstm_clips_relative; with floor_db = -60, cutoff_error'
                     ' = 0.1, voice_band_hz = (20, 7600), clips_band_hz = (20, 20000)',
               reason='one verdict per sub-claim, the band-limited measure of C2.2a relative to '
                      'its yardstick, over the seeds'),
    RuleChange("2026-12-01", 'C2.3a',
               before="05's code: the thesis-size LSTM's seconds per second of audio > 1 (the "
                      'median of the repeats)',
               after='lstm_seconds_per_second > 1',
               reason='the same comparison, decided over every timing repeat'),
    RuleChange("2026-12-01", 'C2.3b',
               before="05's code: not supported if any block size runs faster than real time "
                      'within 3 ms',
               after='not (streaming_voice_esr < 0.1 and ((stream_rtf_32 > 1 and '
                     'stream_latency_ms_32 <= 3) or (stream_rtf_64 > 1 and stream_latency_ms_64 <='
                     ' 3) or (stream_rtf_128 > 1 and stream_latency_ms_128 <= 3)))',
               reason='a real-time model refutes the thesis only if its error is acceptable too; '
                      'decided over every timing repeat'),
    RuleChange("2026-12-01", 'C2.4a',
               before="05's code, for C2.4: the knob model beats the 440 Hz model at every unseen "
                      'cut-off more than half an octave from 440 Hz, and its median ESR at unseen '
                      'cut-offs is within 1.5x of that at seen ones',
               after='knob_voice_esr_251 <= 2 × dedicated_voice_esr_251 and knob_voice_esr_440 <= '
                     '2 × dedicated_voice_esr_440 and knob_voice_esr_1573 <= 2 × '
                     'dedicated_voice_esr_1573',
               reason='judged against models trained at those cut-offs, with no cut-off left out; '
                      'over the seeds'),
    RuleChange("2026-12-01", 'C2.4b',
               before="07's code: supported if, for both the conv net and the streaming LSTM, a "
                      'spectral variant lowers the LSD and the MR-STFT distance on the voice '
                      'without doubling the ESR; inconclusive if for one',
               after='spectral_voice_band_lsd_db < baseline_voice_band_lsd_db and '
                     'spectral_voice_esr <= 2 × baseline_voice_esr; with floor_db = -60, '
                     'voice_band_hz = (20, 7600)',
               reason="002's future work is about its own network; judged against 05's own model, "
                      'by measures neither was trained on, over the seeds'),
    RuleChange("2026-12-01", 'C3.1',
               before="06's code: round trip < 1e-5 and the raw-frame model better on both onset "
                      'measures, one seed',
               after='fft_round_trip_error < 1e-05 and raw_onset_f > fft_onset_f and '
                     'raw_onset_corr > fft_onset_corr; with onset_tolerance_s = 0.05',
               reason='the same comparison, over the seeds'),
    RuleChange("2026-12-01", 'C3.2',
               before="06's code: onset F >= 0.5 and onset-strength correlation >= 0.3, one seed",
               after='raw_onset_f >= 0.5 and raw_onset_corr >= 0.3; with onset_tolerance_s = 0.05',
               reason='the same thresholds, over the seeds'),
    RuleChange("2026-12-01", 'C3.3a',
               before="06's code, for C3.3: the generated kicks keep at least 5 % of their RMS "
                      'after the end (median), one seed',
               after='kick_tail_rms_ratio >= 0.05',
               reason="the same threshold, over the seeds; 003's experiment (5) is C3.3b"),
    RuleChange("2026-12-01", 'C4.1',
               before="02's code: supported if test MSE <= 100 x the float32 floor; inconclusive "
                      'if <= 1e-7 and still falling; one run',
               after='test_mse_over_float32_floor <= 100',
               reason="'still falling' was a gate of its own; the one inconclusive policy and the "
                      'seeds decide'),
    RuleChange("2026-12-01", 'C4.2',
               before="02's code: supported if the correlation with the exact matrix >= 0.999 and "
                      'three bins within 0.05; not supported below 0.9; inconclusive between',
               after='weights_relative_error <= 0.01',
               reason='one threshold on the whole matrix, over the seeds'),
    RuleChange("2026-12-01", 'C4.3',
               before="02's code: supported if applying the layer is slower than the FFT and its "
                      "weights exceed 1000 x the window's bytes",
               after='layer_seconds > fft_seconds and layer_peak_bytes > fft_peak_bytes and '
                     'training_seconds > fft_training_set_seconds',
               reason='the memory test depended only on array sizes and could not fail; now '
                      'measured peak memory of both paths, the timing repeats and the training '
                      'cost'),
    RuleChange("2026-12-01", 'C0.3c',
               before='conv_seconds_to_usable < 0.5 × dense_seconds_to_usable; with '
                      'usable_val_esr = 0.01',
               after='conv_seconds_to_usable < 0.5 × dense_seconds_to_usable; with '
                     'usable_val_esr = 0.1',
               reason="the first quick run showed the level unreachable by construction: the "
                      "validation windows are processed one by one with zero padding at their "
                      "edges, which keeps the validation ESR above 0.06 (dense, 1000-sample "
                      "windows) and 0.02 (conv, 2000-sample windows) however well a net "
                      "learns, so the rule could never decide; 0.1 is the proper-audio level "
                      "of C0.3a"),
    RuleChange("2026-12-01", 'C0.5',
               before='untied_epochs_to_usable >= 1.5 × tied_epochs_to_usable; with '
                      'usable_val_esr = 0.01',
               after='untied_epochs_to_usable >= 1.5 × tied_epochs_to_usable; with '
                     'usable_val_esr = 0.1',
               reason="as for C0.3c: the edge-padded validation windows keep the conv nets' "
                      "validation ESR above 0.02, so a level of 0.01 could never be reached"),
    RuleChange("2026-12-07", 'C4.3',
               before='layer_seconds > fft_seconds and layer_peak_bytes > fft_peak_bytes and '
                      'training_seconds > fft_training_set_seconds; peak bytes of the whole '
                      'timed batch',
               after='layer_seconds > fft_seconds and layer_peak_bytes > fft_peak_bytes and '
                     'training_seconds > fft_training_set_seconds',
               reason="the rule's text is unchanged; layer_peak_bytes and fft_peak_bytes are "
                      "now measured per slice, the same way for both paths (parameters plus "
                      "the peak of what producing one slice's spectrogram allocates), because "
                      "on the whole batch the FFT path's peak counted three batch-sized "
                      "temporaries (the windowed frames, their spectra and the stacked output) "
                      "against the matmul's one output array: a measure of how the batch was "
                      "handed to scipy, not of the memory either method needs"),
    RuleChange("2026-12-07", 'C3.1',
               before='fft_round_trip_error < 1e-05 and raw_onset_f > fft_onset_f and '
                      'raw_onset_corr > fft_onset_corr; with onset_tolerance_s = 0.05',
               after='fft_round_trip_error < 1e-05 and raw_onset_f_above_chance > '
                     'fft_onset_f_above_chance and raw_onset_corr > fft_onset_corr; with '
                     'onset_tolerance_s = 0.05',
               reason="an onset F-measure near 0.5 is chance at the amen break's density "
                      "(onsets placed at random score about 0.5 within 50 ms, a steady "
                      "16th-note grid about 0.77), and the two models' chance levels differ "
                      "with their onset counts; each model's F-measure now counts above what "
                      "its own generated onsets score shifted together by random times"),
    RuleChange("2026-12-07", 'C3.2',
               before='raw_onset_f >= 0.5 and raw_onset_corr >= 0.3; with onset_tolerance_s '
                      '= 0.05',
               after='raw_onset_f > raw_onset_f_chance and raw_onset_corr >= 0.3; with '
                     'onset_tolerance_s = 0.05',
               reason="an onset F-measure of 0.5 is what onsets placed at random at the amen "
                      "break's density score (a steady 16th-note grid scores about 0.77), so "
                      "it cannot show that peaks line up; compared now with the same "
                      "generated onsets shifted together by random times, seeded"),
    RuleChange("2026-12-07", 'C3.3b',
               before='plain_onset_f >= 0.5 and (plain_after_over_during_rms > 0.05 and '
                      'plain_after_over_during_rms < 1) and plain_onsets_after >= 2; with '
                      'onset_tolerance_s = 0.05',
               after='plain_onset_f > plain_onset_f_chance and (plain_after_over_during_rms > '
                     '0.05 and plain_after_over_during_rms < 1) and plain_onsets_after >= 2; '
                     'with onset_tolerance_s = 0.05',
               reason="'it is the break' used C3.2's onset F-measure of 0.5, which is chance "
                      "at the amen break's density; judged now as C3.2 is, against the same "
                      "onsets shifted together by random times"),
    RuleChange("2026-12-07", 'C0.3a',
               before='conv_final_test_esr < 0.1 and dense_best_final_test_esr > 0.3',
               after='conv_final_test_esr_pre < 0.1 and dense_best_final_test_esr_pre > 0.3',
               reason="plain ESR is MSE over the target's energy, which the piano's low band "
                      "dominates, so it could not tell 'proper audio' from a failed output "
                      "that keeps the low band; judged by ESR with first-order pre-emphasis "
                      "(1 - 0.85 z^-1, Wright et al. 2019), thresholds unchanged"),
    RuleChange("2026-12-07", 'C0.3b',
               before='conv_final_test_esr < 0.1 and conv_final_test_esr < conv_first_test_esr '
                      'and conv_first_test_esr < conv_initial_test_esr',
               after='conv_final_test_esr_pre < 0.1 and conv_final_test_esr_pre < '
                     'conv_first_test_esr_pre and conv_first_test_esr_pre < '
                     'conv_initial_test_esr_pre',
               reason="as for C0.3a: 'emulates' was judged by plain ESR, which the low band "
                      "dominates; the whole claim now on pre-emphasised ESR, thresholds "
                      "unchanged"),
    RuleChange("2026-12-07", 'C0.6b',
               before='dense_best_final_test_esr > 0.3 and conv_final_test_esr < 0.1 and '
                      'dense_over_conv_test_mse < 20',
               after='dense_best_final_test_esr_pre > 0.3 and conv_final_test_esr_pre < 0.1 '
                     'and dense_over_conv_test_mse < 20',
               reason="the premise ('the dense nets failed') was judged by plain ESR, which is "
                      "MSE, in a claim that MSE misjudges audio: the measure under dispute "
                      "decided whether the dispute arises; judged by pre-emphasised ESR "
                      "(1 - 0.85 z^-1), thresholds unchanged"),
    RuleChange("2026-12-07", 'C0.7b',
               before='overlap_add_edge_excess_db <= 3 and edge_error_drop_db >= 20',
               after='overlap_add_edge_excess_db <= 3 and edge_error_drop_db >= 20; with '
                     'overlap_add_hop = block // 8 on the stride grid',
               reason="the hop of block // 8 = 2756 samples is not a multiple of the conv net's "
                      "stride (10), "
                      "so each window met the audio on a stride grid of its own and the "
                      "overlap-add mixed outputs that differ everywhere: a uniform error of "
                      "about -35 dB where the exact filter with the same overlap-add gives "
                      "-91 dB, an error of the measurement rather than of the fix; a test now "
                      "checks that on the grid the net's overlap-add error falls to an exact "
                      "filter's level"),
    RuleChange("2026-12-07", 'C2.4a',
               before='decides at quick, paper',
               after='decides at paper',
               reason="at quick the knob model and the models trained at its unseen cut-offs "
                      "do not reach a plateau on five seeds within the quick series' time (one "
                      "knob training took 50 capped epochs, still improving): the quick run "
                      "trains them at one seed to show the comparison, and only paper, with "
                      "five seeds trained to a plateau, can decide it"),
    RuleChange("2026-12-07", 'C8.1a',
               before='lstm_pedal_test_esr < 0.5 × best_2017_pedal_test_esr, each model '
                      'trained as its notebook trains it: the 2017 nets for their '
                      "notebooks' epochs (85-192 optimiser steps, 1.2-6 s at quick), today's "
                      'for 3 and 2 epochs (66-99 steps, 10-15 s)',
               after='lstm_pedal_test_esr < 0.5 × best_2017_pedal_test_esr',
               reason="the models the rule compares had unequal budgets (the 2017 nets trained "
                      "1.2-6 s, today's 10-15 s), so it compared budgets as well as models: now "
                      "every model has the same cap of optimiser steps and the same patience of "
                      "early stopping, the best weights kept"),
    RuleChange("2026-12-07", 'C8.1b',
               before='lstm_clipper_test_esr < 0.5 × best_2017_clipper_test_esr and '
                      'lstm_compressor_test_esr < 0.5 × best_2017_compressor_test_esr, each '
                      'model trained as its notebook trains it: the 2017 nets for their '
                      "notebooks' epochs (85-192 optimiser steps, 1.2-6 s at quick), today's "
                      'for 3 and 2 epochs (66-99 steps, 10-15 s)',
               after='lstm_clipper_test_esr < 0.5 × best_2017_clipper_test_esr and '
                     'lstm_compressor_test_esr < 0.5 × best_2017_compressor_test_esr',
               reason="the models the rule compares had unequal budgets (the 2017 nets trained "
                      "1.2-6 s, today's 10-15 s), so it compared budgets as well as models: now "
                      "every model has the same cap of optimiser steps and the same patience of "
                      "early stopping, the best weights kept"),
    RuleChange("2026-12-07", 'C8.2a',
               before='wavenet_pedal_test_esr < 0.5 × best_2017_pedal_test_esr, each model '
                      'trained as its notebook trains it: the 2017 nets for their '
                      "notebooks' epochs (85-192 optimiser steps, 1.2-6 s at quick), today's "
                      'for 3 and 2 epochs (66-99 steps, 10-15 s)',
               after='wavenet_pedal_test_esr < 0.5 × best_2017_pedal_test_esr',
               reason="the models the rule compares had unequal budgets (the 2017 nets trained "
                      "1.2-6 s, today's 10-15 s), so it compared budgets as well as models: now "
                      "every model has the same cap of optimiser steps and the same patience of "
                      "early stopping, the best weights kept"),
    RuleChange("2026-12-07", 'C8.2b',
               before='wavenet_clipper_test_esr < 0.5 × best_2017_clipper_test_esr and '
                      'wavenet_compressor_test_esr < 0.5 × best_2017_compressor_test_esr, each '
                      'model trained as its notebook trains it: the 2017 nets for their '
                      "notebooks' epochs (85-192 optimiser steps, 1.2-6 s at quick), today's "
                      'for 3 and 2 epochs (66-99 steps, 10-15 s)',
               after='wavenet_clipper_test_esr < 0.5 × best_2017_clipper_test_esr and '
                     'wavenet_compressor_test_esr < 0.5 × best_2017_compressor_test_esr',
               reason="the models the rule compares had unequal budgets (the 2017 nets trained "
                      "1.2-6 s, today's 10-15 s), so it compared budgets as well as models: now "
                      "every model has the same cap of optimiser steps and the same patience of "
                      "early stopping, the best weights kept"),
    RuleChange("2026-12-07", 'C8.4',
               before='knob_unseen_test_esr <= 2 × dedicated_unseen_test_esr, the knob model '
                      'trained for about the optimiser steps in all of the model trained at '
                      '24 dB alone, a quarter of them per drive (at quick 129 steps over four '
                      'drives against 99 at one)',
               after='knob_unseen_test_esr <= 2 × dedicated_unseen_test_esr',
               reason='the knob model had about a quarter of the optimiser steps per drive of '
                      'the model it is compared with, so the rule compared budgets rather than '
                      'the knob: now as many steps per drive (four times in all) and the same '
                      'patience, the best weights kept'),
    RuleChange("2026-12-07", 'C0.6c',
               before="decisive_disputes >= 1 over 03's and 04's nets trained for fixed epochs "
                      "and run over the test piano in 000's back-to-back blocks; with "
                      "mse_margin_db = 1, lsd_margin_db = 1, floor_db = -60, band_hz = (20, 20000)",
               after='decisive_disputes >= 1; with mse_margin_db = 1, lsd_margin_db = 1, '
                     'floor_db = -60, band_hz = (20, 20000)',
               reason="the nets are now those 03 and 04 judge (trained to a plateau, the best "
                      "epoch restored) and scored as 03 and 04 score them, in overlapped windows "
                      "overlap-added: back-to-back blocks built 000's tick into every output, "
                      "which gave the dense nets a flat floor in their spectra and drove their "
                      "spectral penalty"),
    RuleChange("2026-12-07", 'C0.6d',
               before="perceptual_disputes >= 1 over 03's and 04's nets trained for fixed "
                      "epochs and run over the test piano in 000's back-to-back blocks; with "
                      "mse_margin_db = 1, mos_margin = 0.5",
               after='perceptual_disputes >= 1; with mse_margin_db = 1, mos_margin = 0.5',
               reason="the same outputs as C0.6c, for the same reason (no tick of the "
                      "evaluation's own making, the nets trained to a plateau)"),
    RuleChange("2026-12-07", 'C2.3b',
               before=_C23B + ", over 05's streaming LSTM trained at a learning rate of 0.01, "
                      "unclipped, until 5 epochs (at paper 100) brought no better validation "
                      "loss",
               after=_C23B,
               reason=_STREAMING_NOT_PLATEAUED),
    RuleChange("2026-12-07", 'C2.4a',
               before=_C24A + ", over the knob model and the models at single cut-offs "
                      "trained at a learning rate of 0.01, unclipped, until 5 epochs (at paper "
                      "100) brought no better validation loss",
               after=_C24A,
               reason=_STREAMING_NOT_PLATEAUED),
    RuleChange("2026-12-07", 'C2.4b',
               before=_C24B + ", over 07's own streaming LSTMs on both losses, trained at "
                      "0.003 with clipping until 5 epochs (at paper 10) brought no better "
                      "validation loss, at most 40 epochs (at paper 200, or 30 s)",
               after=_C24B,
               reason="the same early stops as C2.3b's (on ESR + DC, 9-19 epochs and a voice "
                      "ESR of 0.149, median); both losses now train under 05's settings for "
                      "the network (C2.3b's reason), and the model on ESR + DC is 05's own "
                      "rather than a second one trained the same way; at paper both now get "
                      "05's cap for the network (10 s of training, 100 epochs) instead of 07's "
                      "30 s"),
    RuleChange("2026-12-07", 'C8.1a',
               before='decides at quick, paper',
               after='decides at paper',
               reason=_NO_PLATEAU_AT_QUICK_08),
    RuleChange("2026-12-07", 'C8.2a',
               before='decides at quick, paper',
               after='decides at paper',
               reason=_NO_PLATEAU_AT_QUICK_08),
    RuleChange("2026-12-07", 'C8.4',
               before='decides at quick, paper',
               after='decides at paper',
               reason=_NO_PLATEAU_AT_QUICK_08),
    RuleChange("2026-12-07", 'C8.4',
               before="knob_unseen_test_esr <= 2 × dedicated_unseen_test_esr, at 24 dB of drive",
               after="knob_unseen_24db_test_esr <= 2 × dedicated_unseen_24db_test_esr and "
                     "knob_unseen_33db_test_esr <= 2 × dedicated_unseen_33db_test_esr",
               reason="one unseen setting cannot say whether a knob plays between the settings "
                      "it trained on or only near one of them: the knob is now judged at 24 and "
                      "at 33 dB (between 30 and 36), against models trained at each alone under "
                      "the same budget, both drives on each seed (one outcome per seed, since "
                      "both come from one knob model)"),
    RuleChange("2026-12-07", 'C0.6d',
               before="perceptual_disputes >= 1; with mse_margin_db = 1, mos_margin = 0.5; "
                      "judged by ViSQOL v3's MOS-LQO, its verdict withheld because ViSQOL "
                      "saturates on this material",
               after="perceptual_disputes >= 1; with mse_margin_db = 1; judged by a perceptual "
                     "measure that passes the calibration's " + _CALIBRATION_FAMILIES,
               reason="a withholding cannot end: nothing said which measure could carry the "
                      "verdict. The calibration (dsp_paper.study.calibration, pinned in the "
                      "registry before its first run) tests every candidate on known faults at "
                      "rising severity on this material, and only a measure that orders every "
                      "family may judge"),
    RuleChange("2026-12-07", 'C2.2c',
               before="lstm_voice_mos_gap >= 0.5; with cutoff_error = 0.1; judged by ViSQOL "
                      "v3's MOS-LQO, its verdict withheld because ViSQOL saturates on this "
                      "material",
               after="lstm_voice_perceptual_gap >= 1; with cutoff_error = 0.1; judged by a "
                     "perceptual measure that passes the calibration's " + _CALIBRATION_FAMILIES,
               reason="as C0.6d's: the measure is chosen by a calibration fixed before it "
                      "runs, and the gap is counted in that measure's own margin so that one "
                      "rule reads the same whichever measure passes"),
]


# Verdicts seen to move between two machine images with the same code, seeds and versions
# (TensorFlow's op determinism holds on one image only): what moved, as observed.
MACHINE_SENSITIVE = {
    "C3.3b": "flipped between two machine images under the earlier setup (three unpaired "
             "seeds): the raw-frame model stops at a target MSE and generates "
             "autoregressively, both of which amplify a training MSE that moved in the fifth "
             "digit",
    "C2.4b": "flipped between two machine images under the earlier setup (three unpaired seeds, "
             "05's four-epoch models at a learning rate of 0.01): the MR-STFT loss amplifies "
             "differences in the last digits of training",
}

# what the report takes (dsp_paper.study.report)
CLAIM_REGISTRY = ClaimRegistry(REGISTRY, DOCUMENT_CLAIMS, tuple(RULE_CHANGES),
                               MACHINE_SENSITIVE)


def for_notebook(notebook: str) -> list[SubClaim]:
    """The registry's sub-claims judged by ``notebook``, in registry order."""
    found = [c for c in _ENTRIES if c.notebook == notebook]
    if not found:
        known = sorted({c.notebook for c in _ENTRIES})
        raise ParameterError(f"no claim is judged by {notebook!r}; notebooks with claims: "
                             f"{known}")
    return found


def registry_frame() -> pd.DataFrame:
    """The registry as a table: id, claim, rule, decides at, notebook."""
    return pd.DataFrame([{"id": c.id, "claim": c.claim, "rule": c.rule_text(),
                          "decides at": ", ".join(c.decides_at), "notebook": c.notebook}
                         for c in _ENTRIES]).set_index("id")


def snapshot() -> dict:
    """What the pinning test compares: every sub-claim's rule text, scales and settings, the
    trainings it rests on, whether it is a capability claim, any withheld measure, the
    calibration families a perceptual claim's measure must pass, and the calibration's rule
    (:data:`~dsp_paper.study.calibration.CALIBRATION`)."""
    pinned = {c.id: {"rule": c.rule_text(), "decides_at": list(c.decides_at),
                     "trained": list(c.trained), "capability": c.capability,
                     "withheld": c.withheld,
                     **({"perceptual_families": list(c.perceptual_families)}
                        if c.perceptual_families else {})} for c in _ENTRIES}
    pinned["perceptual calibration"] = CALIBRATION.snapshot()
    return pinned


