"""Capture an effect from a dry and a wet recording, as Neural Amp Modeler and its kin do:
check the pair, find and compensate the wet's latency, split by time (test last), train a
streaming model with ESR on pre-emphasised audio plus DC, and write the model (Keras and
plain JSON weights), a report and the test clips.

``python -m dsp_paper capture DRY WET`` and ``python -m dsp_paper apply MODEL IN OUT`` are
:func:`capture_files` and :func:`apply_files`.

One module a job, each importing only those below it:

* :mod:`~dsp_paper.capture.pipeline` - :func:`capture` and :func:`capture_files`, the whole
  capture: checks, latency, training, timing, writing;
* :mod:`~dsp_paper.capture.export` - the capture folder written and loaded, ``apply``;
* :mod:`~dsp_paper.capture.report` - ``report.md``, its figures, the words for the scores;
* :mod:`~dsp_paper.capture.speed` - the streaming kernel's real-time factor;
* :mod:`~dsp_paper.capture.training` - training on takes, the test parts scored, the FIR
  floor;
* :mod:`~dsp_paper.capture.recipes` - the capture models and how each is trained;
* :mod:`~dsp_paper.capture.checks` - reading and checking a pair, its limits, the time split;
* :mod:`~dsp_paper.capture.latency` - the wet's latency found and compensated;
* :mod:`~dsp_paper.capture.examples` - a guitar DI and a pair of it to try capture on.
"""
from dsp_paper.capture.checks import (
    MIN_SECONDS,
    CaptureInputError,
    CheckedPair,
    check_pair,
    time_split,
)
from dsp_paper.capture.examples import example_dry, example_pair
from dsp_paper.capture.export import apply_files, load_capture, write_capture
from dsp_paper.capture.latency import align, find_latency
from dsp_paper.capture.pipeline import capture, capture_files
from dsp_paper.capture.recipes import RECIPES, CaptureRecipe
from dsp_paper.capture.report import mos_words, quality_label
from dsp_paper.capture.speed import block_benchmark, realtime_factor
from dsp_paper.capture.training import (
    Capture,
    Take,
    fir_baseline,
    test_scores,
    test_take,
    train_capture,
)

# the base of CaptureInputError, raised for bad options; callers catch it as capture.ParameterError
from dsp_paper.errors import ParameterError

__all__ = ["CaptureInputError", "CaptureRecipe", "RECIPES", "Take", "CheckedPair", "Capture",
           "check_pair", "find_latency", "align", "time_split", "train_capture", "test_take",
           "test_scores", "mos_words", "fir_baseline", "block_benchmark", "realtime_factor", "capture",
           "capture_files", "write_capture", "apply_files", "load_capture", "quality_label",
           "example_dry", "example_pair", "MIN_SECONDS", "ParameterError"]
