"""Notebook ``05_recurrent_eq``: document 002, the thesis "Audio Effects Emulation with Neural
Networks" (2017): a 440 Hz high-pass EQ learned by many-to-one LSTM, GRU and dilated CNN
models, and the streaming recurrent model that replaces them, with a cut-off knob.

Files, from the bottom up:

* ``paper.py``: the numbers the thesis reports, typed once (``THESIS_*``);
* ``settings.py``: 002's settings per scale (``HIGHPASS_CORPUS``, ``RECURRENT``, ``SETTINGS``);
* ``data.py``: its corpus (noises and sweeps with envelopes; the voice as validation 2), the
  assembled validation audio, the streaming and knob models' segments;
* ``experiment.py``: its trainings, once per seed (the thesis's four networks: :func:`run`;
  the streaming LSTM) and every model's output over the validation audio;
* ``latency.py``: C2.3's latency; ``knob.py``: C2.4a's knob model against dedicated models;
* ``claims.py``: its entries of the claims registry (``CLAIMS``, C2.1a-C2.4a) and the results
  record they are judged on (:func:`record`);
* ``spectrum.py``: C2.2's band-limited spectral distances, every candidate perceptual
  measure's scores and their yardsticks;
* ``heard.py``: C2.2c's calibrated measure, and the candidates' placings of the LSTM beside the
  thesis's listeners;
* ``tables.py``, ``figures.py``, ``clips.py``: what the notebook shows;
* ``text.py``: the "what differs" rows, the closing text and ``results.json``;
* ``work.py``: what ``estimate`` times (:func:`planned_work`).

Model names, everywhere: ``"LSTM"``, ``"reduced LSTM"``, ``"GRU"``, ``"dilated CNN"`` (the
thesis's, :data:`THESIS_MODELS`) and ``"streaming LSTM"`` (this run's, :data:`STREAMING`). The
validation audio's parts: ``"voice (validation 2)"`` and ``"clips (validation 1)"``
(:data:`VOICE`, :data:`CLIPS`).
"""
from __future__ import annotations

from dsp_paper.studies.recurrent_eq.claims import CLAIMS, perceptual_gap, record
from dsp_paper.studies.recurrent_eq.clips import (VOICE_DRY, VOICE_TARGET, dry_and_wet,
                                                  knob_clips, knob_target, voice_clips)
from dsp_paper.studies.recurrent_eq.data import (CLIPS, HIGHPASS_KINDS, VOICE, assemble,
                                                 centre_excerpt, cutoff_control,
                                                 highpass_corpus, knob_segments,
                                                 recurrent_validation, stream_clips,
                                                 streaming_data)
from dsp_paper.studies.recurrent_eq.experiment import (STREAMING, check_streaming,
                                                       final_validation_errors, kept_val_loss,
                                                       outputs_by_seed, recurrent_outputs, run,
                                                       streaming_runs_by_seed,
                                                       train_streaming_model,
                                                       train_thesis_models)
from dsp_paper.studies.recurrent_eq.figures import (MODEL_COLOURS, assembled_figure,
                                                    comparison_figure, effect_figure,
                                                    knob_figure, spectra_figure,
                                                    training_curves_figure)
from dsp_paper.studies.recurrent_eq.heard import (describe_choice, describe_listeners,
                                                  heard_families, listeners_and_candidates,
                                                  perceptual_calibration, required_gap,
                                                  yardstick_name)
from dsp_paper.studies.recurrent_eq.knob import knob_evaluations, knob_summary, train_knob_model
from dsp_paper.studies.recurrent_eq.latency import latency_measurements, thesis_size_models
from dsp_paper.studies.recurrent_eq.paper import (THESIS_ACCURACY_12BIT, THESIS_CNN_HOURS,
                                                  THESIS_CUTOFF_HZ, THESIS_EPOCHS,
                                                  THESIS_HARDWARE, THESIS_LATENCY_LIMITS_MS,
                                                  THESIS_LESS_ERROR_PERCENT, THESIS_MODELS,
                                                  THESIS_MS_PER_SAMPLE, THESIS_PATIENCE,
                                                  THESIS_RATING_MEAN, THESIS_RATING_SCALE,
                                                  THESIS_RATINGS, THESIS_SAMPLE_RATE,
                                                  THESIS_SAMPLES, THESIS_SECONDS_PER_SECOND,
                                                  THESIS_SIZES, THESIS_VALIDATION_ERROR,
                                                  less_error, rating_means)
from dsp_paper.studies.recurrent_eq.settings import (HIGHPASS_CORPUS, KNOB_PLAYED_CUTOFF,
                                                     KNOB_UNSEEN_CUTOFFS, RECURRENT, SETTINGS,
                                                     STREAM_BLOCKS, HighpassCorpusSettings,
                                                     RecurrentSettings)
from dsp_paper.studies.recurrent_eq.spectrum import (band_lsd_by_seed, describe_yardsticks,
                                                     measure_scores, part_band_lsd,
                                                     perceptual_by_seed, perceptual_yardsticks,
                                                     spectrum_settings, spectrum_yardsticks)
from dsp_paper.studies.recurrent_eq.tables import (accuracy_and_ratings, band_table,
                                                   corpus_summary, model_sizes,
                                                   paper_vs_ours_table, perceptual_table,
                                                   thesis_ratings, training_stops,
                                                   validation_table)
from dsp_paper.studies.recurrent_eq.text import differences, results, what_it_means
from dsp_paper.studies.recurrent_eq.work import planned_outputs, planned_work

__all__ = [
    # the thesis's numbers
    "THESIS_MODELS", "THESIS_SIZES", "THESIS_SAMPLE_RATE", "THESIS_CUTOFF_HZ",
    "THESIS_SAMPLES", "THESIS_PATIENCE", "THESIS_VALIDATION_ERROR", "THESIS_LESS_ERROR_PERCENT",
    "THESIS_EPOCHS", "THESIS_CNN_HOURS", "THESIS_MS_PER_SAMPLE", "THESIS_SECONDS_PER_SECOND",
    "THESIS_LATENCY_LIMITS_MS", "THESIS_ACCURACY_12BIT", "THESIS_RATING_SCALE",
    "THESIS_RATINGS", "THESIS_RATING_MEAN", "THESIS_HARDWARE", "less_error", "rating_means",
    # settings and names
    "HighpassCorpusSettings", "HIGHPASS_CORPUS", "RecurrentSettings", "RECURRENT", "SETTINGS",
    "KNOB_UNSEEN_CUTOFFS", "KNOB_PLAYED_CUTOFF", "STREAM_BLOCKS", "STREAMING", "VOICE", "CLIPS",
    "MODEL_COLOURS",
    # data
    "HIGHPASS_KINDS", "highpass_corpus", "centre_excerpt", "assemble", "recurrent_validation",
    "stream_clips", "streaming_data", "cutoff_control", "knob_segments",
    # trainings and outputs
    "run", "train_thesis_models", "kept_val_loss", "final_validation_errors",
    "train_streaming_model",
    "streaming_runs_by_seed", "check_streaming", "recurrent_outputs", "outputs_by_seed",
    "planned_work", "planned_outputs",
    # latency, knob, spectrum, heard
    "thesis_size_models", "latency_measurements", "train_knob_model", "knob_evaluations",
    "knob_summary", "spectrum_settings", "spectrum_yardsticks", "describe_yardsticks",
    "part_band_lsd", "band_lsd_by_seed", "perceptual_yardsticks", "perceptual_by_seed",
    "measure_scores", "heard_families", "required_gap", "perceptual_calibration",
    "describe_choice", "yardstick_name",
    # tables, figures, clips
    "corpus_summary", "model_sizes", "training_stops", "validation_table", "band_table",
    "perceptual_table", "thesis_ratings", "accuracy_and_ratings", "listeners_and_candidates",
    "describe_listeners", "paper_vs_ours_table", "effect_figure",
    "training_curves_figure", "assembled_figure", "spectra_figure", "comparison_figure",
    "knob_figure", "dry_and_wet", "voice_clips", "VOICE_TARGET", "VOICE_DRY", "knob_target",
    "knob_clips",
    # claims, record, differences, closing text
    "CLAIMS", "record", "perceptual_gap", "differences", "what_it_means", "results",
]
