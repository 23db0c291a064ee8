"""Notebook ``07_mse_critique``: why MSE misjudges audio, what a perceptual judge says, and what
a spectral loss changes, across documents 000 ("TensorFlow Signal Processing") and 002 (the
thesis "Audio Effects Emulation with Neural Networks", 2017).

The notebook runs, in order: :func:`controlled_study` (the demonstration: known faults of real
piano and voice) and :func:`perceptual_limits` (where ViSQOL is blind or saturates),
:func:`perceptual_calibration` and :func:`perceptual_choice` (which candidate perceptual judge
passes the calibration pinned before the run, if any),
:func:`rejudge_lowpass` and :func:`rejudge_highpass` (the outputs of 03-05 measured again, by
every candidate judge too), :func:`rank_agreement_table` (each signal measure's order against
the shown perceptual judge's),
:func:`spectral_conv` and :func:`spectral_streaming` (the spectral loss both documents named as
future work), :func:`least_squares_floor` (the closed-form FIR every learned model of a linear
effect is compared with), :func:`record` (what the claims C0.6c, C0.6d and C2.4b are judged
on), :func:`differences` and :func:`what_it_means`. The trained models of 03-05 come from the
training functions of :mod:`dsp_paper.studies.dense_baselines`,
:mod:`dsp_paper.studies.conv_tied` and :mod:`dsp_paper.studies.recurrent_eq` with their settings
and checkpoint names, so a finished run is reused, never retrained.

Files: ``settings`` (settings per scale, the names of materials and baselines), ``paper`` (the
documents' numbers), ``claims`` (the sub-claims and the settings fixed with them),
``measures`` (the measures and how two are set against each other), ``data`` (the voice),
``controlled`` (1. controlled cases), ``limits`` (1b. the perceptual judge's limits),
``judge`` (1c. the calibration of the perceptual judge), ``rejudged`` (2. the outputs of 03-05
re-judged), ``perceptual`` (2b. rank agreement with the perceptual judge), ``spectral_losses``
(3. spectral losses), ``floor`` (4. the least-squares FIR), ``evidence`` (the results record), ``figures``, ``clips`` (what the players of disputed
outputs say, and the scores beside each clip), ``text`` (generated prose) and ``work``
(what :mod:`dsp_paper.study.estimate` times).
"""
from dsp_paper.studies.mse_critique.claims import (CLAIMS, REJUDGED_TRAININGS, STREAM_TRAININGS,
                                                   PERCEPTUAL_FAMILIES, claim_bands, claim_settings)
from dsp_paper.studies.mse_critique.clips import (DisputeListening, case_scores,
                                                  highpass_dispute, limits_scores,
                                                  lowpass_dispute, measure_scores)
from dsp_paper.studies.mse_critique.controlled import (CASE_WHAT, EAR_PAIRS, ControlledStudy,
                                                       agreement_table, case_clips,
                                                       controlled_cases, controlled_study,
                                                       degradations, ear_agreement,
                                                       ear_pairs_frame)
from dsp_paper.studies.mse_critique.data import voice_audio
from dsp_paper.studies.mse_critique.evidence import record
from dsp_paper.studies.mse_critique.figures import (calibration_curves_figure,
                                                    calibration_figure, controlled_cases_figure,
                                                    dispute_figure, floor_figure, limits_figure,
                                                    rank_agreement_figure, voice_spectra_figure)
from dsp_paper.studies.mse_critique.floor import Floor, least_squares_floor
from dsp_paper.studies.mse_critique.judge import (calibration_cost, calibration_rule_text,
                                                  calibration_table, choice_text,
                                                  perceptual_calibration, perceptual_choice)
from dsp_paper.studies.mse_critique.limits import (LIMIT_FAMILIES, PRE_ECHO_SECONDS,
                                                   SATURATED_WITHIN, LimitsStudy, limit_cases,
                                                   limit_title, limits_clips, perceptual_limits,
                                                   steps_told_apart)
from dsp_paper.studies.mse_critique.measures import (ALL_JUDGES, BAND_LSD, COMPARED,
                                                     LONG_TERM, MEASURES, MOS_LQO,
                                                     PERCEPTUAL_COLUMNS, RANKED_MEASURES,
                                                     ROUNDING_LEVEL, TIE_DB, column_measure,
                                                     concat_tables, decisive_disputes,
                                                     dispute_clips, disputed_pairs, gap_unit,
                                                     margin_of, measure_table, pair_order,
                                                     pairs_told_apart, perceptual_column,
                                                     preference_gap, rank_table, with_unit)
from dsp_paper.studies.mse_critique.paper import THESIS_GRU_EPOCHS_SHOWN
from dsp_paper.studies.mse_critique.perceptual import (LOWPASS_POOL, rank_agreement,
                                                       rank_agreement_summary,
                                                       rank_agreement_table, rank_pools)
from dsp_paper.studies.mse_critique.rejudged import (HighpassRejudged, LowpassRejudged,
                                                     epochs_text, perceptual_disputes,
                                                     rejudge_highpass, rejudge_lowpass,
                                                     run_provenance)
from dsp_paper.studies.mse_critique.settings import (CLIP_SECONDS, CLIPS, CONV_BASELINE, CRITIQUE,
                                                     FIR, PIANO, SETTINGS, SPECTRAL_LOSSES,
                                                     SPECTRAL_VARIANTS, STREAM_BASELINE,
                                                     STREAM_LOSSES, VOICE, CritiqueSettings)
from dsp_paper.studies.mse_critique.spectral_losses import (SpectralConv, SpectralStreaming,
                                                            spectral_change, spectral_conv,
                                                            spectral_conv_run, spectral_stream_run,
                                                            spectral_streaming)
from dsp_paper.studies.mse_critique.text import differences, limits_text, results, what_it_means
from dsp_paper.studies.mse_critique.work import planned_work

__all__ = [
    # settings, the documents' numbers, the claims
    "CritiqueSettings", "CRITIQUE", "SETTINGS", "CLIP_SECONDS", "PIANO", "VOICE", "CLIPS",
    "CONV_BASELINE", "STREAM_BASELINE", "SPECTRAL_LOSSES", "SPECTRAL_VARIANTS", "STREAM_LOSSES",
    "FIR",
    "THESIS_GRU_EPOCHS_SHOWN", "CLAIMS", "claim_settings", "claim_bands", "REJUDGED_TRAININGS",
    "STREAM_TRAININGS", "PERCEPTUAL_FAMILIES",
    # the measures
    "MEASURES", "BAND_LSD", "LONG_TERM", "MOS_LQO", "PERCEPTUAL_COLUMNS", "ALL_JUDGES",
    "perceptual_column", "column_measure", "RANKED_MEASURES", "COMPARED", "TIE_DB",
    "ROUNDING_LEVEL", "measure_table", "preference_gap", "margin_of", "gap_unit", "with_unit",
    "pair_order",
    "pairs_told_apart", "rank_table",
    "disputed_pairs", "decisive_disputes", "dispute_clips", "concat_tables",
    # 1. controlled cases
    "voice_audio", "EAR_PAIRS", "CASE_WHAT", "degradations", "controlled_cases",
    "agreement_table", "ear_agreement", "ear_pairs_frame", "ControlledStudy", "controlled_study",
    "case_clips", "case_scores",
    # 1b. the perceptual judge's limits
    "LIMIT_FAMILIES", "PRE_ECHO_SECONDS", "SATURATED_WITHIN", "limit_cases", "steps_told_apart",
    "LimitsStudy", "perceptual_limits", "limit_title", "limits_clips", "limits_scores",
    # 1c. the perceptual judge's calibration
    "perceptual_calibration", "perceptual_choice", "calibration_table", "calibration_cost",
    "calibration_rule_text", "choice_text",
    # 2. the outputs of 03-05 re-judged; 2b. rank agreement
    "run_provenance", "epochs_text", "perceptual_disputes", "LowpassRejudged", "rejudge_lowpass",
    "HighpassRejudged", "rejudge_highpass", "LOWPASS_POOL", "rank_agreement", "rank_pools",
    "rank_agreement_table", "rank_agreement_summary",
    # what the players of disputed outputs say
    "DisputeListening", "lowpass_dispute", "highpass_dispute", "measure_scores",
    # 3. spectral losses; 4. the floor
    "SpectralConv", "spectral_conv_run", "spectral_stream_run",
    "spectral_conv",
    "SpectralStreaming", "spectral_streaming", "spectral_change", "Floor", "least_squares_floor",
    # the claims' record, the work, figures and text
    "record", "planned_work", "controlled_cases_figure", "limits_figure", "calibration_figure",
    "calibration_curves_figure", "dispute_figure",
    "rank_agreement_figure", "voice_spectra_figure", "floor_figure", "limits_text",
    "differences", "what_it_means", "results",
]
