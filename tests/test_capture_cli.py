"""The capture, apply and example-pair commands on bad input: every case fails before any
training with one "error: " line, exit code 2, no traceback and nothing written; and what a
capture left running needs besides: notes on its input, permissions of what it writes, the
words for what stopped its training."""
import os
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import soundfile

from dsp_paper import audio_io
from dsp_paper.__main__ import main
from made_up_pairs import made_up_dry, made_up_effect
from dsp_paper.capture import preflight, report
from dsp_paper.capture.recipes import RECIPES, CaptureRecipe
from dsp_paper.nn.training import TrainingLog

SR = 8000
RNG = np.random.default_rng(5)


def _dry(seconds=9.0, sr=SR):
    return made_up_dry(RNG, seconds, sr)


_effect = made_up_effect


def _capture_folder(folder, controls=0, size=2, kind="wavenet"):
    """A capture folder holding an untrained tiny model's model.json, model.keras and a
    report.json (nothing trains)."""
    import json
    from dataclasses import asdict

    from dsp_paper.nn.streaming import weights_to_json

    recipe = CaptureRecipe(kind, size)
    model = recipe.build(controls=controls, seed=0)
    folder.mkdir()
    (folder / "model.json").write_text(weights_to_json(model, sample_rate=SR, latency=0,
                                                       scores={}))
    model.save(folder / "model.keras")
    (folder / "report.json").write_text(json.dumps(
        {"recipe": asdict(recipe), "sample_rate": SR, "scores": {"esr": 0.01}, "epochs": 1}))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """Every file the cases need, made once."""
    root = tmp_path_factory.mktemp("inputs")
    dry = _dry()
    wet = _effect(dry)
    soundfile.write(root / "dry.wav", dry, SR, subtype="PCM_24")
    soundfile.write(root / "wet.wav", wet, SR, subtype="PCM_24")
    soundfile.write(root / "copy.wav", dry, SR, subtype="PCM_24")
    soundfile.write(root / "wet16k.wav", np.repeat(wet, 2), 2 * SR, subtype="PCM_24")
    soundfile.write(root / "short_dry.wav", dry[:3 * SR], SR, subtype="PCM_24")
    soundfile.write(root / "short_wet.wav", wet[:3 * SR], SR, subtype="PCM_24")
    soundfile.write(root / "silent.wav", np.zeros_like(wet), SR, subtype="PCM_24")
    nan = wet.copy()
    nan[[10, 20, 30]] = np.nan
    soundfile.write(root / "nan.wav", nan, SR, subtype="FLOAT")
    soundfile.write(root / "empty.wav", np.zeros(0, np.float32), SR)  # a header only
    (root / "truncated.wav").write_bytes((root / "empty.wav").read_bytes()[:20])
    (root / "text.wav").write_text("not a sound file\n")
    (root / "notes.json").write_text('{"not": "a capture"}')
    (root / "folder").mkdir()
    (root / "folder" / "file.txt").write_text("someone's work\n")
    (root / "a_file").write_text("x\n")
    (root / "dir.wav").mkdir()
    soundfile.write(root / "taken.wav", dry[:SR], SR)
    _capture_folder(root / "cap")
    # a knob: the made-up effect's drive at three settings, one held out
    for drive in (1.0, 2.0, 4.0, 3.0):
        soundfile.write(root / f"drive{drive:g}.wav", 0.4 * np.tanh(drive * dry), SR,
                        subtype="PCM_24")
    (root / "knob.csv").write_text("dry,wet,drive,use\ndry.wav,drive1.wav,1,\n"
                                   "dry.wav,drive2.wav,2,\ndry.wav,drive4.wav,4,train\n"
                                   "dry.wav,drive3.wav,3,holdout\n")
    manifests = {
        "one_setting.csv": "dry,wet,drive\ndry.wav,drive1.wav,1\ndry.wav,drive2.wav,1\n",
        "one_take.csv": "dry,wet,drive\ndry.wav,drive1.wav,1\n",
        "no_control.csv": "dry,wet\ndry.wav,drive1.wav\ndry.wav,drive2.wav\n",
        "bad_cells.csv": "dry,wet,drive,use\ndry.wav,drive1.wav,nan,\n"
                         "dry.wav,drive2.wav,2,maybe\ndry.wav,nope.wav,3,\n"
                         "dry.wav,drive2.wav,4,\ndry.wav,drive1.wav\n",
        "rates.csv": "dry,wet,drive\ndry.wav,drive1.wav,1\ndry.wav,wet16k.wav,2\n",
        "silent.csv": "dry,wet,drive\ndry.wav,drive1.wav,1\ndry.wav,silent.wav,2\n",
        "same_file.csv": "dry,wet,drive\ndry.wav,drive1.wav,1\ndry.wav,./dry.wav,2\n",
    }
    for name, text in manifests.items():
        (root / name).write_text(text)
    _capture_folder(root / "knob", controls=1)
    _capture_folder(root / "nam", size=(2, 2))
    _capture_folder(root / "lstm_cap", kind="lstm")
    _capture_folder(root / "broken_report", size=(2, 2))
    import json

    from dsp_paper.capture.nam import to_nam
    from dsp_paper.nn import models

    lstm = models.streaming_rnn(hidden=3, skip=False, input_gain=2.0, seed=0)
    (root / "lstm.nam").write_text(json.dumps(to_nam(lstm, sample_rate=SR)))
    (root / "broken.nam").write_text('{"architecture": "WaveNet"')
    (root / "rate0.nam").write_text(json.dumps({**to_nam(lstm), "sample_rate": -1}))
    (root / "broken_report" / "report.json").write_text("{not json")
    return root


@pytest.fixture
def work(inputs, tmp_path, monkeypatch):
    """A copy of the inputs as the current folder."""
    folder = tmp_path / "w"
    shutil.copytree(inputs, folder)
    monkeypatch.chdir(folder)
    return folder


def _tree(folder):
    return sorted((str(p.relative_to(folder)), p.stat().st_size if p.is_file() else -1)
                  for p in folder.rglob("*"))


def _run(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


CAPTURE = ["capture", "dry.wav", "wet.wav", "--out", "c"]

BAD = [
    # capture: the files
    ("missing dry", ["capture", "nope.wav", "wet.wav", "--out", "c"], "no such dry file"),
    ("missing wet", ["capture", "dry.wav", "nope.wav", "--out", "c"], "no such wet file"),
    ("dry not audio", ["capture", "text.wav", "wet.wav", "--out", "c"],
     "cannot read the dry file"),
    ("dry a folder", ["capture", "folder", "wet.wav", "--out", "c"], "is a folder"),
    ("empty dry", ["capture", "empty.wav", "wet.wav", "--out", "c"], "the dry has no samples"),
    ("truncated wet", ["capture", "dry.wav", "truncated.wav", "--out", "c"],
     "cannot read the wet file"),
    ("NaN wet", ["capture", "dry.wav", "nan.wav", "--out", "c"], "NaN"),
    ("rates differ", ["capture", "dry.wav", "wet16k.wav", "--out", "c"], "--resample"),
    ("too short", ["capture", "short_dry.wav", "short_wet.wav", "--out", "c"],
     "too little audio"),
    ("silent wet", ["capture", "dry.wav", "silent.wav", "--out", "c"], "the wet is silent"),
    ("wet is the dry", ["capture", "dry.wav", "dry.wav", "--out", "c"], "same file"),
    ("wet a copy of the dry", ["capture", "dry.wav", "copy.wav", "--out", "c"],
     "no effect was recorded"),
    # capture: the options
    ("minutes 0", CAPTURE + ["--minutes", "0"], "--minutes must be a positive number, got 0"),
    ("minutes -1", CAPTURE + ["--minutes", "-1"], "--minutes must be a positive number, got -1"),
    ("minutes nan", CAPTURE + ["--minutes", "nan"], "got nan"),
    ("minutes inf", CAPTURE + ["--minutes", "inf"], "got inf"),
    ("minutes words", CAPTURE + ["--minutes", "five"], "--minutes"),
    ("epochs 0", CAPTURE + ["--epochs", "0"], "--epochs must be a whole number of at least 1"),
    ("epochs -3", CAPTURE + ["--epochs", "-3"], "got -3"),
    ("epochs 1.5", CAPTURE + ["--epochs", "1.5"], "--epochs"),
    ("seed -1", CAPTURE + ["--seed", "-1"], "--seed"),
    ("latency 1 s", CAPTURE + ["--latency", "8000"], "+-0.25 s"),
    ("latency -1 s", CAPTURE + ["--latency", "-8000"], "+-0.25 s"),
    ("unknown model", CAPTURE + ["--model", "transformer"], "unknown --model 'transformer'"),
    ("negative mr-stft", CAPTURE + ["--mr-stft", "-1"], "--mr-stft"),
    ("several options", CAPTURE + ["--minutes", "-1", "--epochs", "0"], "--epochs"),
    # capture: the folder to write
    ("out under /proc", ["capture", "dry.wav", "wet.wav", "--out", "/proc/x"],
     "cannot write the capture folder /proc/x"),
    ("out under a file", ["capture", "dry.wav", "wet.wav", "--out", "a_file/c"], "is a file"),
    ("out a file", ["capture", "dry.wav", "wet.wav", "--out", "a_file"], "is a file"),
    ("out not a capture", ["capture", "dry.wav", "wet.wav", "--out", "folder"],
     "not a capture folder"),
    ("out not a capture, overwrite", ["capture", "dry.wav", "wet.wav", "--out", "folder",
                                      "--overwrite"], "not a capture folder"),
    ("out an earlier capture", ["capture", "dry.wav", "wet.wav", "--out", "cap"],
     "--overwrite"),
    ("a usage mistake", ["capture", "dry.wav"], "needs DRY and WET"),
    # apply
    ("apply swapped", ["apply", "dry.wav", "cap", "o.wav"], "did you swap the arguments"),
    ("apply a folder as input", ["apply", "cap", "cap", "o.wav"], "did you swap the arguments"),
    ("apply model.json as input", ["apply", "cap", "cap/model.json", "o.wav"],
     "did you swap the arguments"),
    ("apply no model", ["apply", "nothing", "dry.wav", "o.wav"], "no capture model"),
    ("apply a folder not a capture", ["apply", "folder", "dry.wav", "o.wav"],
     "not a capture folder"),
    ("apply other JSON", ["apply", "notes.json", "dry.wav", "o.wav"], "not a capture model"),
    ("apply missing input", ["apply", "cap", "nope.wav", "o.wav"], "no such input file"),
    ("apply empty input", ["apply", "cap", "empty.wav", "o.wav"], "the input has no samples"),
    ("apply truncated input", ["apply", "cap", "truncated.wav", "o.wav"],
     "cannot read the input file"),
    ("apply text input", ["apply", "cap", "text.wav", "o.wav"], "cannot read the input file"),
    ("apply NaN input", ["apply", "cap", "nan.wav", "o.wav"], "NaN"),
    ("apply no extension", ["apply", "cap", "dry.wav", "out"], "no extension"),
    ("apply mp3", ["apply", "cap", "dry.wav", "out.mp3"], ".wav, .flac"),
    ("apply output is input", ["apply", "cap", "dry.wav", "dry.wav"], "the output is the input"),
    ("apply output is input, overwrite", ["apply", "cap", "dry.wav", "./dry.wav", "--overwrite"],
     "the output is the input"),
    ("apply output exists", ["apply", "cap", "dry.wav", "taken.wav"], "--overwrite"),
    ("apply output a folder", ["apply", "cap", "dry.wav", "dir.wav"], "is a folder"),
    ("apply output under /proc", ["apply", "cap", "dry.wav", "/proc/x/o.wav"],
     "cannot write the output"),
    ("apply wrong rate", ["apply", "cap", "wet16k.wav", "o.wav"], "captured at 8000 Hz"),
    ("apply controls to no knob", ["apply", "cap", "dry.wav", "o.wav", "--controls", "1"],
     "no controls"),
    ("apply missing controls", ["apply", "knob", "dry.wav", "o.wav"], "takes 1 control"),
    ("apply too many controls", ["apply", "knob", "dry.wav", "o.wav", "--controls", "1", "2"],
     "takes 1 control"),
    ("apply NaN control", ["apply", "knob", "dry.wav", "o.wav", "--controls", "nan"], "finite"),
    ("apply unknown control", ["apply", "knob", "dry.wav", "o.wav", "--controls", "gain=1"],
     "have no names"),
    ("apply mixed controls", ["apply", "knob", "dry.wav", "o.wav", "--controls", "a=1", "2"],
     "not both"),
    # capture --takes
    ("takes missing", ["capture", "--takes", "nope.csv"], "no takes file"),
    ("takes a sound file", ["capture", "--takes", "dry.wav"], "not a CSV"),
    ("takes and a pair", ["capture", "dry.wav", "wet.wav", "--takes", "knob.csv"], "not both"),
    ("takes, no pair", ["capture"], "--takes"),
    ("takes at one setting", ["capture", "--takes", "one_setting.csv"], "two settings"),
    ("takes, one take", ["capture", "--takes", "one_take.csv"], "two training takes"),
    ("takes without a control", ["capture", "--takes", "no_control.csv"], "no control column"),
    ("takes, every bad cell at once", ["capture", "--takes", "bad_cells.csv"],
     "line 2: drive must be a finite number, got 'nan'; line 3: use must be train or "
     "holdout"),
    ("takes at two rates", ["capture", "--takes", "rates.csv"], "different sample rates"),
    ("takes, a silent wet", ["capture", "--takes", "silent.csv", "--epochs", "1"],
     "silent.wav: the silent.wav is silent"),
    ("takes, bad option", ["capture", "--takes", "knob.csv", "--minutes", "-1"], "--minutes"),
    ("takes, a wet that is its dry", ["capture", "--takes", "same_file.csv"], "same file"),
    ("apply names to no knob", ["apply", "cap", "dry.wav", "o.wav", "--controls", "drive=1"],
     "no controls"),
    ("takes, FiLM on an LSTM", ["capture", "--takes", "knob.csv", "--model", "lstm",
                                "--conditioning", "film"], "needs a wavenet recipe"),
    ("conditioning without takes", CAPTURE + ["--conditioning", "film"], "knob capture"),
    # export-nam
    ("export-nam an LSTM with its skip", ["export-nam", "lstm_cap"], "lstm-noskip"),
    ("export-nam not a capture", ["export-nam", "dir.wav"], "not a capture folder"),
    ("export-nam output exists", ["export-nam", "nam", "taken.wav"], "--overwrite"),
    ("export-nam output a folder", ["export-nam", "nam", "dir.wav"], "is a folder"),
    ("export-nam broken report", ["export-nam", "broken_report"], "not a capture's report"),
    ("import-nam a sound file", ["import-nam", "dry.wav"], "not a .nam file"),
    ("import-nam broken", ["import-nam", "broken.nam"], "not a .nam file"),
    ("import-nam missing", ["import-nam", "nope.nam"], "not a .nam file"),
    ("import-nam a bad rate", ["import-nam", "rate0.nam"], "sample rate -1"),
    ("import-nam output exists", ["import-nam", "lstm.nam", "taken.wav"], "--overwrite"),
    ("import-nam onto itself", ["import-nam", "lstm.nam", "lstm.nam", "--overwrite"],
     "the .nam file itself"),
    ("benchmark-nam a sound file", ["benchmark-nam", "dry.wav"], "not a .nam file"),
    ("benchmark-nam missing", ["benchmark-nam", "nope.nam"], "not a .nam file"),
    # example-pair
    ("example-pair under /proc", ["example-pair", "/proc/x"], "cannot write the example pair"),
    ("example-pair under a file", ["example-pair", "a_file/pair"], "is a file"),
]


@pytest.mark.parametrize("argv, keyword", [case[1:] for case in BAD],
                         ids=[case[0] for case in BAD])
def test_bad_input_is_one_error_line_and_nothing_is_written(argv, keyword, work, capsys):
    before = _tree(work)
    code, out, err = _run(argv, capsys)
    assert code == 2, (out, err)
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert keyword in err, err
    assert "Traceback" not in err + out
    assert _tree(work) == before  # nothing written, nothing left behind


def test_options_are_refused_before_keras_loads(work, capsys):
    """--minutes -1 in the user's words, at once: nothing heavy is imported for it."""
    import subprocess
    import sys
    import time

    code = ("import sys; from dsp_paper.__main__ import main; "
            "code = main(['capture', 'dry.wav', 'wet.wav', '--minutes', '-1']); "
            "print('keras' in sys.modules, code)")
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=work)
    assert done.stdout.split() == ["False", "2"], done.stderr[-2000:]
    assert done.stderr == "error: --minutes must be a positive number, got -1\n"
    # keras never loads (above); the bound only catches a training begun by mistake
    assert time.perf_counter() - began < 30


def test_an_interrupted_capture_says_so_and_notes_its_input(work, capsys, monkeypatch):
    """Notes on an 8-bit dry and on 192 kHz come before training; an interruption is exit
    code 130 without a traceback."""
    from dsp_paper.capture import pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "train_capture", interrupted)
    rate = 192000
    dry = _dry(8.0, rate)
    soundfile.write("dry8.wav", dry, rate, subtype="PCM_U8")
    soundfile.write("wet192.wav", _effect(dry), rate, subtype="PCM_24")
    before = _tree(work)
    code, out, err = _run(["capture", "dry8.wav", "wet192.wav", "--out", "c"], capsys)
    assert code == 130 and err == "interrupted: nothing written\n"
    assert "the dry is 8-bit: its quantisation noise (about -48 dBFS)" in out
    assert "the wet is" not in out.split("latency")[0]  # the 24-bit wet gets no note
    assert "at 192000 Hz the model sees 10.7 ms of input" in out
    assert _tree(work) == before


def test_notes_on_resolution_and_rate():
    audio = _dry(1.0)
    assert preflight.resolution_note(audio, "dry") is None
    assert "is 8-bit" in preflight.resolution_note(np.round(audio * 128) / 128, "dry")
    assert "is 4-bit" in preflight.resolution_note(np.round(audio * 8) / 8, "wet")
    assert "is 8-bit" in preflight.resolution_note(audio, "dry", subtype="PCM_U8")
    assert preflight.resolution_note(audio, "dry", subtype="PCM_16") is None
    assert preflight.resolution_note(np.zeros(100, np.float32), "dry") is None
    wavenet, lstm = RECIPES["wavenet"], RECIPES["lstm"]
    assert preflight.rate_notes(48000, wavenet) == [] and preflight.rate_notes(44100, wavenet) == []
    assert preflight.rate_notes(192000, lstm) == []  # unbounded memory: nothing to say
    (note,) = preflight.rate_notes(192000, wavenet)
    assert note.startswith("at 192000 Hz the model sees 10.7 ms of input")
    (note,) = preflight.rate_notes(22050, lstm)
    assert note.startswith("the wet's top octave is missing at 22.05 kHz")


@pytest.mark.parametrize("name, expected", [("wavenet", 2047), ("wavenet-standard", 4093)])
def test_the_receptive_field_from_the_recipe_is_the_models(name, expected):
    from dsp_paper.nn.models import receptive_field

    recipe = RECIPES[name]
    assert recipe.receptive_field == receptive_field(recipe.build()) == expected
    assert RECIPES["gru"].receptive_field is None


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_written_files_have_the_usual_permissions(tmp_path, umask, mode):
    from dsp_paper.capture.export import _usual_permissions

    old = os.umask(umask)
    try:
        path = audio_io.write_audio(tmp_path / "x.wav", np.zeros(10), SR)
        assert path.stat().st_mode & 0o777 == mode
        folder = Path(tempfile.mkdtemp(dir=tmp_path))  # 0o700, as write_capture's
        fd, inner = tempfile.mkstemp(dir=folder)  # 0o600
        os.close(fd)
        _usual_permissions(folder)
        assert folder.stat().st_mode & 0o777 == 0o777 & ~umask
        assert Path(inner).stat().st_mode & 0o777 == mode
        assert audio_io.current_umask() == umask
    finally:
        os.umask(old)


def _log(val_loss, **kwargs):
    n = len(val_loss)
    return TrainingLog(epoch=list(range(1, n + 1)), loss=list(val_loss), val_loss=list(val_loss),
                       seconds=[float(i) for i in range(1, n + 1)], **kwargs)


def test_still_improving_is_the_last_tenth_5_percent_below_the_best_before():
    falling = [0.8 ** i for i in range(30)]  # 20 % per epoch
    assert report.still_improving(_log(falling))
    flat = [1.0] * 27 + [0.97, 0.96, 0.96]  # 4 % better at the end: a plateau
    assert not report.still_improving(_log(flat))
    assert report.still_improving(_log([1.0] * 27 + [0.97, 0.95, 0.94]))  # 6 %
    assert report.still_improving(_log([1.0]))  # one epoch: it had hardly begun
    assert not report.still_improving(_log([]))
    assert report.IMPROVING_TAIL == 0.10 and report.IMPROVING_GAIN == 0.05


def test_the_stop_is_said_and_more_minutes_suggested_only_when_they_would_help():
    falling = [0.8 ** i for i in range(30)]
    budget = dict(stopped_early=30, time_limit=30.0, epochs_planned=2000)
    recipe = RECIPES["wavenet"]
    text = report.stop_text(SimpleNamespace(log=_log(falling, **budget), recipe=recipe))
    assert text == ("training stopped: the budget of 0.5 minutes ran out after 30 epochs; the "
                    "budget stopped a training that was still improving: more --minutes would "
                    "likely help")
    flat = [1.0] * 30
    text = report.stop_text(SimpleNamespace(log=_log(flat, **budget), recipe=recipe))
    assert text.endswith("ran out after 30 epochs")
    plateau = _log([1.0, 0.5] + [0.6] * 40, stopped_early=42, patience=40)
    text = report.stop_text(SimpleNamespace(log=plateau, recipe=recipe))
    assert "early stopping after 42 epochs" in text and "more --minutes" not in text
    jump = _log([1.0, 0.5] + [4.0] * 40, stopped_early=42, patience=40)
    text = report.stop_text(SimpleNamespace(log=jump, recipe=recipe))
    assert text == ("training stopped: early stopping after 42 epochs: the validation loss had "
                    "jumped far above its best and not come back near it for 40 epochs")
    done = report.stop_text(SimpleNamespace(log=_log(falling, epochs_planned=30), recipe=recipe))
    assert done == "training stopped: all 30 epochs asked for ran (--epochs)"


def _scored(scores, fir):
    """A made-up scored capture, as report_text reads one (nothing trains)."""
    recipe = CaptureRecipe("wavenet", 2)
    test = dict(scores=scores, fir=fir, dry=np.zeros(2 * SR, np.float32), realtime_factor=50.0)
    return SimpleNamespace(tests=[test], recipe=recipe, sample_rate=SR, seconds=3.0,
                           model=SimpleNamespace(count_params=lambda: 123), controls=[],
                           log=_log([1.0, 0.5], epochs_planned=2, restored_epoch=2),
                           receptive_field=200, notes=[])


def test_the_report_shows_the_perceptual_measure_after_esr_and_says_both_are_estimates():
    from dsp_paper.perceptual import CAPTURE_MEASURE, perceptual_measure

    m = perceptual_measure(CAPTURE_MEASURE)
    scores = dict(esr=0.02, esr_pre_emphasis=0.03, band_lsd_db=1.5, dc=1e-4, mos_lqo=3.9,
                  perceptual=71.34)
    fir = dict(scores, esr=0.3, mos_lqo=float("nan"), perceptual=12.0)
    text = report.report_text(_scored(scores, fir), ["report.md"])
    lines = text.splitlines()
    esr = next(i for i, line in enumerate(lines) if line.startswith("Test ESR"))
    # the label and scale come from the catalogue entry
    assert lines[esr + 2].startswith(f"Test {m.label} **71.3** (")
    assert m.unit in lines[esr + 2] and f"{m.identical:g} = identical" in lines[esr + 2]
    assert "ranks first (notebook 07)" in lines[esr + 2]
    assert "a second opinion, not a verdict" in lines[esr + 2]
    assert lines[esr + 4].startswith("Both are objective estimates, not a listening test: ESR "
                                     "counts every difference of the waveform")
    assert "Listen to the test clips." in lines[esr + 4]
    assert "| MOS-LQO (ViSQOL, higher is better) | 3.90 | - |" in lines
    assert f"| {m.label} (higher is better, {m.identical:g} = identical) | 71.3 | 12 |" in lines
    # a measure that judged nothing says why, in the paragraph; a dash in the table
    text = report.report_text(_scored(dict(scores, perceptual=float("nan")), fir), [])
    assert f"Test {m.label} **not judged ({m.label} needs" in text
    assert f"| {m.label} (higher is better, {m.identical:g} = identical) | - | 12 |" in text


def test_a_capture_a_linear_filter_beats_says_so():
    from types import SimpleNamespace

    from dsp_paper.capture.report import linear_warning

    beaten = SimpleNamespace(tests=[dict(scores=dict(esr=0.045), fir=dict(esr=0.039))])
    assert linear_warning(beaten).startswith("a linear filter does better")
    assert "0.039" in linear_warning(beaten) and "0.045" in linear_warning(beaten)
    winning = SimpleNamespace(tests=[dict(scores=dict(esr=0.002), fir=dict(esr=0.039))])
    assert linear_warning(winning) is None
    assert linear_warning(SimpleNamespace(tests=[dict(scores=dict(esr=0.1))])) is None


def test_export_nam_writes_a_file_that_reads_back_into_the_capture(work, capsys):
    import json

    import keras

    from dsp_paper.capture.nam import from_nam

    code, out, err = _run(["export-nam", "nam"], capsys)
    assert code == 0, err
    written = json.loads((work / "nam" / "model.nam").read_text())
    assert written["sample_rate"] == SR and written["metadata"]["name"] == "nam"
    assert written["metadata"]["training"]["test_esr"] == 0.01
    model = keras.models.load_model(work / "nam" / "model.keras", compile=False)
    x = np.random.default_rng(0).standard_normal((1, 500, 1)).astype(np.float32)
    np.testing.assert_allclose(from_nam(written).predict(x, verbose=0),
                               model.predict(x, verbose=0), rtol=1e-5, atol=1e-7)


def test_import_nam_writes_a_model_that_apply_runs(work, capsys):
    import json

    from dsp_paper.capture.nam import from_nam
    from dsp_paper.nn.streaming import streamer

    code, out, err = _run(["import-nam", "lstm.nam"], capsys)
    assert code == 0, err
    assert (work / "lstm.json").is_file() and "apply" in out
    code, out, err = _run(["apply", "lstm.json", "dry.wav", "out.wav"], capsys)
    assert code == 0, err
    got, _ = soundfile.read(work / "out.wav", dtype="float64")
    dry, _ = soundfile.read(work / "dry.wav", dtype="float32")
    model = from_nam(json.loads((work / "lstm.nam").read_text()))
    expected = np.clip(streamer(model).process_file(dry), -1, 1)
    np.testing.assert_allclose(got, expected, atol=2 ** -22)   # 24-bit output


@pytest.mark.slow  # trains, and scores each take with the 2f-model (its first call compiles)
def test_a_knob_capture_from_a_takes_file_is_tested_per_take_and_applied_by_name(
        work, capsys, monkeypatch):
    import json

    from dsp_paper.capture.manifest import control_inputs
    from dsp_paper.nn.streaming import streamer_from_json

    monkeypatch.setitem(RECIPES, "tiny", CaptureRecipe("wavenet", 2, segment=1024,
                                                       batch_size=8, patience=5))
    code, out, err = _run(["capture", "--takes", "knob.csv", "--model", "tiny", "--epochs",
                           "2", "--out", "k", "--conditioning", "film"], capsys)
    assert code == 0, err
    assert "| drive3.wav | 3 | no (held out) |" in out and "drive=..." in out
    assert "multi-input WaveNet" in out and "single-input files only" in out
    summary = json.loads((work / "k" / "report.json").read_text())
    assert [t["take"] for t in summary["takes"]] == ["drive1.wav", "drive2.wav", "drive4.wav",
                                                     "drive3.wav"]
    assert [t["use"] for t in summary["takes"]] == ["train"] * 3 + ["holdout"]
    assert summary["controls"] == [{"name": "drive", "min": 1.0, "max": 4.0}]
    assert summary["recipe"]["film"] is True
    assert "held out" in (work / "k" / "report.md").read_text()
    # a knob wavenet is Core's multi-input WaveNet: written, the ranges in its metadata
    written = json.loads((work / "k" / "model.nam").read_text())
    assert written["config"]["in_channels"] == 2 and summary["nam"] == "model.nam"
    assert written["metadata"]["controls"] == summary["controls"]
    # apply --controls drive=3 is the model at drive 3 mapped as in training
    code, _, err = _run(["apply", "k", "dry.wav", "o.wav", "--controls", "drive=3"], capsys)
    assert code == 0, err
    got, _ = soundfile.read(work / "o.wav", dtype="float64")
    stream, document = streamer_from_json((work / "k" / "model.json").read_text())
    dry, _ = soundfile.read(work / "dry.wav", dtype="float32")
    knob = control_inputs([3.0], document["control_ranges"])
    assert knob[0] == pytest.approx(1 / 3)
    expected = np.clip(stream.process_file(dry, controls=knob), -1, 1)
    np.testing.assert_allclose(got, expected, atol=2 ** -22)
    code, _, err = _run(["apply", "k", "dry.wav", "o2.wav", "--controls", "gain=3"], capsys)
    assert code == 2 and "unknown: gain" in err and "missing: drive" in err
