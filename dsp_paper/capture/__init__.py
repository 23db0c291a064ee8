"""Capture an effect from a dry and a wet recording, as Neural Amp Modeler and its kin do:
check the pair, find and remove the recording chain's delay (never the effect's own), split
by time (test last), train a streaming model with ESR on pre-emphasised audio plus DC, and
write the model (Keras and plain JSON weights), a report and the test clips.

``python -m dsp_paper capture DRY WET`` and ``python -m dsp_paper apply MODEL IN OUT`` are
:func:`capture_files` and :func:`apply_files`; ``python -m dsp_paper reamp-signal FILE`` is
:func:`write_reamp_signal`.

One module a job, each importing only those below it:

* :mod:`~dsp_paper.capture.pipeline` - :func:`capture` and :func:`capture_files`, the whole
  capture: checks, latency, training, timing, writing; :func:`capture_takes`, a knob capture
  from several takes;
* :mod:`~dsp_paper.capture.manifest` - a knob capture's takes file read and checked;
* :mod:`~dsp_paper.capture.export` - the capture folder written and loaded, ``apply``;
* :mod:`~dsp_paper.capture.report` - ``report.md``, its figures, the words for the scores;
* :mod:`~dsp_paper.capture.speed` - the streaming kernel's real-time factor;
* :mod:`~dsp_paper.capture.training` - training on takes, the test parts scored, the FIR
  floor;
* :mod:`~dsp_paper.capture.examples` - a guitar DI, and a pair of it or of the reamp signal,
  to try capture on;
* :mod:`~dsp_paper.capture.preflight` - every option, file header and output folder checked
  before any audio is read or model trained;
* :mod:`~dsp_paper.capture.nam` - Neural Amp Modeler's ``.nam`` format written and read;
* :mod:`~dsp_paper.capture.nam_engine` - NeuralAmpModelerCore built from its source and run
  as the plugin runs it, to check exported files against;
* :mod:`~dsp_paper.capture.recipes` - the capture models and how each is trained;
* :mod:`~dsp_paper.capture.checks` - reading and checking a pair, its limits, the latency's
  source, the time split;
* :mod:`~dsp_paper.capture.reamp` - a reamp signal made for capture, and the chain's delay
  and steadiness read back from its blips and its repeated passage;
* :mod:`~dsp_paper.capture.latency` - the chain's delay estimated from music (erring early),
  the candidates a short training compares, the pair aligned.

Its names load on first use (``lazy_loader``), so the command line reads :data:`RECIPES`
without loading Keras.
"""
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=[],
    submod_attrs={
        "checks": ["MIN_SECONDS", "CaptureInputError", "CheckedPair", "check_pair", "time_split"],
        "examples": ["example_dry", "example_pair"],
        "export": ["apply_files", "export_nam", "import_nam", "load_capture", "model_controls",
                   "nam_metadata", "write_capture"],
        "manifest": ["Manifest", "ManifestTake", "check_apply_controls", "control_inputs",
                     "model_controls", "read_manifest"],
        "latency": ["align", "find_latency", "latency_candidates"],
        "nam": ["NAM_VERSION", "from_nam", "to_nam"],
        "nam_engine": ["build_renderer", "core_seconds", "core_source", "render"],
        "pipeline": ["capture", "capture_files", "capture_takes"],
        "reamp": ["REPEAT_ESR_LIMIT", "ReampLayout", "blip_latency", "reamp_layout",
                  "reamp_signal", "recognise_reamp", "repeat_esr", "repeat_problem",
                  "write_reamp_signal"],
        "recipes": ["RECIPES", "CaptureRecipe"],
        "report": ["mos_words", "quality_label", "takes_table"],
        "speed": ["benchmark_nam", "block_benchmark", "realtime_factor"],
        "training": ["Capture", "Take", "fir_baseline", "test_scores", "test_take",
                     "train_capture"],
    },
)
# the base of CaptureInputError, raised for bad options; callers catch it as capture.ParameterError
from dsp_paper.errors import ParameterError  # noqa: E402

__all__ = [*__all__, "ParameterError"]
