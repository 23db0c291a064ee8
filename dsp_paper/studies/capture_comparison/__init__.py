"""Notebook ``08_capture``, an extension beyond the documents: the 2017 models of 03-05 beside
the models the field settled on since, on nonlinear effects, and one model with a drive knob.

000 named "a more complex effect made with some pedal effects" and never tested it; 04's
pedal extension found every 2017 model failing on it. Here the same guitar goes through three
nonlinear effects (the package's pedal chain, pedalboard's hard clipper and compressor), split
by time as :func:`dsp_paper.capture.capture` splits a recording (test last), and learned by:

* the 2017 models, with the model, data, loss and optimiser 03-05 give them at the scale that
  runs: 000's dense net (tanh hidden layer) and tied convolutional net on MSE over windows,
  overlap-added at test time (the fix 04 measures), and 002's many-to-one LSTM (one window
  per output sample);
* today's capture models (:data:`dsp_paper.capture.RECIPES`): the causal dilated
  convolutional model ("wavenet", as Neural Amp Modeler and micro-TCN use it) and the
  recurrent model of Wright et al. (LSTM-32 with a linear skip), trained on segments with ESR
  on pre-emphasised audio plus DC, streamed through their compiled block kernels;
* the least-squares FIR of :func:`dsp_paper.capture.fir_baseline`, the linear floor.

Every model trains under the same budget, counted in optimiser steps (:func:`matched_budget`):
the same cap, and early stopping after the same number of steps without a better validation
loss, the best weights kept; a run that stops so has plateaued, one that reaches the cap has
not, and the record says which.

Every model is scored on the same test part (ESR, ESR with pre-emphasis, the band-limited
log-spectral distance), counted, timed in training and timed running on one core. The knob:
one default capture model trained on the pedal chain at several drives, given the drive as a
second input (and a second one, the drive also modulating every layer: FiLM), is judged at two
drives it never saw (the main experiment's and one more), against models trained at each of
those drives alone, with as many optimiser steps per drive as they had.

The notebook calls, in order: :func:`study_material`, :func:`fir_floors`, :func:`train_all`,
:func:`speed_rows`, :func:`comparison_table`, :func:`comparison_figure`, :func:`effect_clips`,
:func:`knob_experiment`, :func:`knob_table`, :func:`knob_figure`, :func:`record`,
:func:`reamp_checks`, :func:`load_check`, :func:`check_table`, :func:`check_text`,
:func:`differences`, :func:`what_it_means` and :func:`results`. Its claims (C8.*) are in
:data:`CLAIMS`.

Files
-----
settings.py
    :class:`CaptureStudySettings`, its table (``SETTINGS``), the effects and the models.
paper.py
    What the field reports (:data:`FIELD`), typed once.
data.py
    The guitar through the effects, the split, the knob's takes.
experiment.py
    The budget every model trains under (:func:`matched_budget`), the trainings (2017 and
    today's models, the FIR floor), the speed measure, the knob.
claims.py
    :data:`CLAIMS` and :func:`record`.
tables.py, figures.py, clips.py
    What the notebook shows and publishes.
text.py
    :func:`differences`, :func:`what_it_means` and :func:`results`.
general_check.py
    The capture command on effects nobody here tuned it to (``make capture-check``, outside
    the notebook: :func:`load_check`, :func:`check_table`, :func:`check_text` show it) and
    what it reads off the reamp signal (:func:`reamp_checks`).
work.py
    :func:`planned_work`.
"""
from dsp_paper.studies.capture_comparison.claims import CLAIMS, record
from dsp_paper.studies.capture_comparison.general_check import (CHECK_PATH, check_table,
                                                                check_text, load_check,
                                                                reamp_checks)
from dsp_paper.studies.capture_comparison.clips import (effect_clips, effect_listen_for,
                                                        effect_target, knob_clips,
                                                        knob_listen_for, knob_target)
from dsp_paper.studies.capture_comparison.data import (EFFECT_SETTINGS, drive_control,
                                                       effect_description, effect_wet,
                                                       knob_takes, span_of_test, split_corpus,
                                                       study_material)
from dsp_paper.studies.capture_comparison.experiment import (KNOB_COLUMNS,
                                                             KnobExperiment, ModelRun,
                                                             capture_at_drive, capture_knob,
                                                             capture_steps,
                                                             capture_today, fir_floors,
                                                             fit_2017, knob_experiment,
                                                             matched_budget, speed_rows,
                                                             speed_windows, today_recipe,
                                                             train_2017, train_all,
                                                             train_today, window_rates)
from dsp_paper.studies.capture_comparison.figures import comparison_figure, knob_figure
from dsp_paper.studies.capture_comparison.paper import FIELD
from dsp_paper.studies.capture_comparison.settings import (EFFECTS, KNOB_RANGE_DB,
                                                           KNOB_SECOND_UNSEEN_DB, KNOB_UNSEEN_DB,
                                                           KNOBS_UNSEEN_DB, MODELS, MODELS_2017,
                                                           MODELS_TODAY, RECIPE_OF, SETTINGS,
                                                           STUDY, CaptureStudySettings)
from dsp_paper.studies.capture_comparison.tables import comparison_table, knob_table
from dsp_paper.studies.capture_comparison.text import differences, results, what_it_means
from dsp_paper.studies.capture_comparison.work import planned_work

__all__ = [
    # settings and constants
    "CaptureStudySettings", "STUDY", "SETTINGS", "EFFECTS", "EFFECT_SETTINGS", "MODELS",
    "MODELS_2017", "MODELS_TODAY", "RECIPE_OF", "KNOB_RANGE_DB", "KNOB_UNSEEN_DB",
    "KNOB_SECOND_UNSEEN_DB", "KNOBS_UNSEEN_DB", "KNOB_COLUMNS", "FIELD",
    # material and trainings
    "effect_wet", "effect_description", "drive_control", "study_material", "split_corpus",
    "span_of_test", "fir_floors", "matched_budget", "capture_steps", "today_recipe",
    "ModelRun", "fit_2017", "train_2017", "capture_today",
    "train_today", "train_all", "window_rates", "speed_windows", "speed_rows",
    "KnobExperiment", "knob_takes", "capture_knob", "capture_at_drive", "knob_experiment",
    "planned_work",
    # tables, figures, audio
    "comparison_table", "comparison_figure", "effect_clips", "effect_target",
    "effect_listen_for", "knob_table", "knob_figure", "knob_clips", "knob_target",
    "knob_listen_for",
    # the capture command on effects nobody here tuned it to, and on the reamp signal
    "CHECK_PATH", "load_check", "check_table", "check_text", "reamp_checks",
    # claims, differences, text
    "record", "differences", "what_it_means", "results", "CLAIMS",
]
