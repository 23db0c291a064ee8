"""The capture command: its checks one by one, latency, the split, a whole (tiny) capture
and applying it. The pairs here are made up: they test the checks, not any model."""
import json
from pathlib import Path

import numpy as np
import pytest
import soundfile

from dsp_paper import capture
from dsp_paper.__main__ import main
from made_up_pairs import made_up_dry, made_up_effect
from dsp_paper.capture import CaptureInputError, check_pair, find_latency
from dsp_paper.capture.report import json_scores, perceptual_words
from dsp_paper.perceptual import CAPTURE_MEASURE, perceptual_measure

# its results can differ between Keras backends: `make test` runs it under JAX too
pytestmark = pytest.mark.backend

SR = 8000
RNG = np.random.default_rng(3)


def _dry(seconds=9.0, sr=SR):
    return made_up_dry(RNG, seconds, sr)


_effect = made_up_effect


DRY = _dry()
WET = _effect(DRY)


def test_a_good_pair_passes_and_is_aligned():
    pair = check_pair(DRY, WET, sample_rate=SR)
    assert pair.latency == 0 and pair.dry.size == pair.wet.size == DRY.size
    assert any("latency" in n for n in pair.notes)


@pytest.mark.parametrize("delay", [37, 500])
def test_latency_is_found_and_never_too_long(delay):
    wet = np.concatenate([np.zeros(delay, np.float32), WET])[:DRY.size]
    found, clarity = find_latency(DRY, wet, sample_rate=SR)
    assert delay - 8 <= found <= delay and clarity > 8
    pair = check_pair(DRY, wet, sample_rate=SR)
    assert pair.latency == found and pair.dry.size == DRY.size - found
    np.testing.assert_array_equal(pair.wet[:100], wet[found:found + 100])
    assert any(f"late by {found} samples" in n for n in pair.notes)


def test_known_latency_is_used():
    assert check_pair(DRY, WET, sample_rate=SR, latency=5).latency == 5


@pytest.mark.parametrize("case, message", [
    ("rates", "sample rates differ: the dry is at 8000 Hz, the wet at 16000 Hz"),
    ("shorter", "the wet is shorter by 100 samples"),
    ("longer", "the wet is longer by 16000 samples"),
    ("same", "the wet is the dry times 1"),
    ("gain", "the wet is the dry times 0.5"),
    ("silent_dry", "the dry is silent"),
    ("silent_wet", "the wet is silent"),
    ("nan", "the wet holds 3 NaN or infinite samples"),
    ("clip", "the dry clips"),
    ("dc", "the wet has a DC offset of +0.1"),
    ("short", "too little audio: 3.00 s"),
])
def test_each_bad_pair_is_refused_with_its_reason(case, message, tmp_path):
    dry, wet, rates = DRY, WET, {}
    if case == "rates":
        rates = dict(wet_sample_rate=2 * SR)
    elif case == "shorter":
        wet = WET[:-100]
    elif case == "longer":
        wet = np.concatenate([WET, np.zeros(2 * SR, np.float32)])
    elif case == "same":
        wet = DRY.copy()
    elif case == "gain":
        wet = 0.5 * DRY
    elif case == "silent_dry":
        dry = np.zeros_like(DRY)
    elif case == "silent_wet":
        wet = np.zeros_like(WET)
    elif case == "nan":
        wet = WET.copy()
        wet[[10, 20, 30]] = np.nan
    elif case == "clip":
        dry = DRY.copy()
        dry[1000:1010] = 1.0
    elif case == "dc":
        wet = WET + np.float32(0.1)
    elif case == "short":
        dry, wet = DRY[:3 * SR], WET[:3 * SR]
    out = tmp_path / "capture"
    with pytest.raises(CaptureInputError, match=message.replace("+", r"\+")):
        capture.capture(dry, wet, sample_rate=SR, out=out, progress=False, **rates)
    assert not out.exists() and not list(tmp_path.iterdir())  # nothing written


def test_every_problem_is_listed_at_once():
    dry = DRY.copy()
    dry[:20] = 1.0
    with pytest.raises(CaptureInputError) as info:
        check_pair(dry, WET[:-10] + np.float32(0.1), sample_rate=SR)
    text = str(info.value)
    assert "dry clips" in text and "DC offset" in text and "shorter by 10" in text


def test_rates_differ_can_be_resampled_on_request():
    wet = np.repeat(WET, 2)  # the same length in seconds at twice the rate
    pair = check_pair(DRY, wet, sample_rate=SR, wet_sample_rate=2 * SR, resample=True)
    assert any("resampled from 16000 Hz to 8000 Hz" in n for n in pair.notes)


def test_a_tail_is_trimmed_and_stereo_mixed_with_a_note():
    wet = np.stack([np.concatenate([WET, np.zeros(SR // 2, np.float32)])] * 2)
    pair = check_pair(np.stack([DRY, 0.9 * DRY]), wet, sample_rate=SR)
    notes = " ".join(pair.notes)
    assert "averaged to mono" in notes and "identical channels" in notes
    assert "last 4000 samples" in notes and pair.wet.size == DRY.size


def test_time_split_puts_the_test_last():
    parts = capture.time_split(100 * SR, sample_rate=SR)
    assert parts["train"][0] == 0 and parts["train"][1] == parts["validation"][0]
    assert parts["validation"][1] == parts["test"][0] and parts["test"][1] == 100 * SR
    assert parts["test"][1] - parts["test"][0] == 15 * SR
    with pytest.raises(CaptureInputError, match="too little"):
        capture.time_split(5 * SR, sample_rate=SR)


@pytest.mark.parametrize("esr, label", [(0.005, "great"), (0.02, "good"),
                                        (0.05, "may sound acceptable"), (0.5, "poor")])
def test_quality_label(esr, label):
    assert capture.quality_label(esr) == label


TINY = capture.CaptureRecipe("wavenet", 2, segment=1024, batch_size=8, patience=5)


@pytest.mark.slow
def test_a_whole_capture_is_written_and_applied(tmp_path, monkeypatch):
    monkeypatch.setitem(capture.RECIPES, "tiny", TINY)
    out = tmp_path / "pedal"
    result = capture.capture(DRY, WET, sample_rate=SR, model="tiny", epochs=2, minutes=None,
                             out=out, progress=False)
    names = {p.name for p in out.iterdir()}
    assert {"model.json", "model.keras", "report.md", "report.json", "training.png",
            "test_clip.png", "test_dry.flac", "test_wet.flac", "test_capture.flac"} <= names
    # model.nam: the same model, with the capture's metadata
    from dsp_paper.capture.nam import from_nam

    written = json.loads((out / "model.nam").read_text())
    assert written["sample_rate"] == SR and written["metadata"]["name"] == "pedal"
    meta = written["metadata"]
    assert meta["training"]["test_esr"] == pytest.approx(result.scores["esr"])
    output = result.tests[0]["output"]
    assert meta["loudness"] == pytest.approx(10 * np.log10(np.mean(output.astype(float) ** 2)))
    x = DRY[None, :2000, None].astype(np.float32)
    np.testing.assert_allclose(from_nam(written).predict(x, verbose=0),
                               result.model.predict(x, verbose=0), rtol=1e-5, atol=1e-6)
    assert "model.nam" in (out / "report.md").read_text()
    report = json.loads((out / "report.json").read_text())
    assert report["epochs"] == 2 and report["scores"]["esr"] == pytest.approx(result.scores["esr"])
    assert report["latency"] == 0 and report["realtime_factor"] > 0
    text = (out / "report.md").read_text()
    label = perceptual_measure(CAPTURE_MEASURE).label
    assert "Test ESR" in text and f"Test {label}" in text and "Both are objective estimates" in text
    assert text.index("Test ESR") < text.index(f"Test {label}") < text.index("Both are objective")
    mos = report["scores"]["mos_lqo"]
    assert (mos is None) == np.isnan(result.scores["mos_lqo"])
    if mos is not None:
        assert 1.0 <= mos <= 4.8 and f"| MOS-LQO (ViSQOL, higher is better) | {mos:.2f} |" in text
    heard = report["scores"]["perceptual"]
    assert (heard is None) == np.isnan(result.scores["perceptual"])
    assert f"Test {label} **{perceptual_words(result.scores['perceptual'])}**" in text
    if heard is not None:
        assert 0.0 <= heard <= 100.0
    # model.keras loads in a process that has not built a model (its own layers and loss)
    import subprocess
    import sys

    code = ("from dsp_paper.nn.models import load_model; "
            f"print(load_model({str(out / 'model.keras')!r}).count_params())")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert loaded.stdout.split()[-1] == str(result.model.count_params()), loaded.stderr[-2000:]
    # an earlier capture is never replaced silently
    with pytest.raises(capture.ParameterError, match="exists"):
        capture.capture(DRY, WET, sample_rate=SR, model="tiny", epochs=1, out=out,
                        progress=False)
    # apply: a file through the JSON weights equals the kernel on the array
    soundfile.write(tmp_path / "in.wav", DRY[:SR], SR, subtype="PCM_16")
    done = capture.apply_files(out, tmp_path / "in.wav", tmp_path / "out.wav")
    assert done["seconds"] == pytest.approx(1.0)
    got, rate = soundfile.read(tmp_path / "out.wav", dtype="float32")
    x, _ = soundfile.read(tmp_path / "in.wav", dtype="float32")
    from dsp_paper.nn.streaming import streamer

    expected = streamer(result.model).process_file(x)
    assert rate == SR
    np.testing.assert_allclose(got, np.clip(expected, -1, 1), atol=2 ** -22)
    soundfile.write(tmp_path / "in16k.wav", DRY[:SR], 2 * SR)
    with pytest.raises(CaptureInputError, match="captured at 8000 Hz"):
        capture.apply_files(out, tmp_path / "in16k.wav", tmp_path / "o.wav")


@pytest.mark.slow
def test_command_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(capture.RECIPES, "tiny", TINY)
    soundfile.write(tmp_path / "dry.wav", DRY, SR, subtype="PCM_24")
    soundfile.write(tmp_path / "wet.flac", WET, SR)
    soundfile.write(tmp_path / "wet48.wav", WET, 2 * SR)
    assert main(["capture", str(tmp_path / "dry.wav"), str(tmp_path / "wet48.wav"),
                 "--out", str(tmp_path / "c")]) == 2
    assert "--resample" in capsys.readouterr().err and not (tmp_path / "c").exists()
    monkeypatch.setattr("sys.argv", ["x"])
    code = main(["capture", str(tmp_path / "dry.wav"), str(tmp_path / "wet.flac"), "--model",
                 "tiny", "--epochs", "1", "--out", str(tmp_path / "c")])
    printed = capsys.readouterr().out.splitlines()
    label = perceptual_measure(CAPTURE_MEASURE).label
    assert code == 0 and any(line.startswith("test ESR") for line in printed)
    # the perceptual measure's line right after ESR's, then the objective-estimates sentence
    at = next(i for i, line in enumerate(printed) if line.startswith("test ESR"))
    assert printed[at + 1].startswith(f"test {label} ") and "MOS-LQO (ViSQOL)" in printed[at + 1]
    assert "objective estimates, not a listening test" in printed[at + 2]
    assert main(["apply", str(tmp_path / "c"), str(tmp_path / "dry.wav"),
                 str(tmp_path / "o.wav")]) == 0
    assert "real time" in capsys.readouterr().out and (tmp_path / "o.wav").is_file()
    assert main(["apply", str(tmp_path / "nothing"), str(tmp_path / "dry.wav"),
                 str(tmp_path / "o2.wav")]) == 2


@pytest.mark.slow
def test_an_mr_stft_term_can_join_the_loss(monkeypatch):
    monkeypatch.setitem(capture.RECIPES, "tiny", TINY)
    result = capture.capture(DRY, WET, sample_rate=SR, model="tiny", epochs=1, minutes=None,
                             mr_stft_weight=2e-4, progress=False)
    assert result.recipe.mr_stft_weight == 2e-4 and np.isfinite(result.scores["esr"])
    assert type(result.model.loss).__name__ == "MRSTFTLoss"
    assert result.model.loss.fft_sizes == (512, 1024)  # those a 1024-sample segment holds
    with pytest.raises(capture.ParameterError, match="mr_stft_weight"):
        capture.capture(DRY, WET, sample_rate=SR, model="tiny", mr_stft_weight=-1.0)


@pytest.mark.slow
def test_takes_at_several_settings_train_one_model_with_a_knob():
    takes = [capture.Take(DRY, (0.4 * np.tanh(g * DRY)).astype(np.float32), (g / 8,))
             for g in (2.0, 8.0)]
    result = capture.train_capture(takes, sample_rate=SR, recipe=TINY, epochs=1,
                                   progress=False, knob_names=("drive",))
    assert result.model.inputs[0].shape[-1] == 2
    assert [t["controls"] for t in result.tests] == [{"drive": 0.25}, {"drive": 1.0}]
    assert all(np.isfinite(t["scores"]["esr"]) for t in result.tests)
    with pytest.raises(capture.ParameterError, match="same number of control"):
        capture.train_capture([takes[0], capture.Take(DRY, WET)], sample_rate=SR, recipe=TINY,
                              epochs=1, progress=False)


def test_mos_words_and_json_scores():
    assert capture.mos_words(3.14159) == "3.14"
    assert "at least 0.96 s" in capture.mos_words(float("nan"))
    assert json_scores({"esr": 0.1, "mos_lqo": float("nan")}) == {"esr": 0.1,
                                                                 "mos_lqo": None}


def test_perceptual_words_say_the_score_or_why_there_is_none():
    assert perceptual_words(71.34) == "71.3" and perceptual_words(100.0) == "100"
    why = perceptual_words(float("nan"))
    assert why.startswith("not judged (2f MUSHRA needs") and "at least 0.96 s" in why
    assert "about -58 dBFS" in why  # the 2f-model's own refusal of a quiet wet
    assert "-58 dBFS" not in perceptual_words(float("nan"), "loudness")


def test_test_scores_record_nan_where_the_perceptual_measure_refuses(monkeypatch):
    """The 2f-model's refusal of a quiet reference is a score it could not give, not an
    error of the capture (made up here: the real refusal is in the slow test below)."""
    import dataclasses

    from dsp_paper.perceptual import PERCEPTUAL_MEASURES

    def refuse(prediction, target, *, sample_rate):
        raise capture.ParameterError("the 2f-model cannot judge this pair: too quiet")

    monkeypatch.setitem(PERCEPTUAL_MEASURES, CAPTURE_MEASURE, dataclasses.replace(
        PERCEPTUAL_MEASURES[CAPTURE_MEASURE], function=refuse))
    target = WET[:SR * 2]
    scores = capture.test_scores(target, target, sample_rate=SR)
    assert set(scores) == {"esr", "esr_pre_emphasis", "band_lsd_db", "dc", "mos_lqo",
                           "perceptual"}
    assert np.isnan(scores["perceptual"]) and np.isfinite(scores["mos_lqo"])
    assert json_scores(scores)["perceptual"] is None


@pytest.mark.slow
def test_test_scores_judge_long_parts_only():
    """ViSQOL and the 2f-model (real: its first call may compile for a minute) judge test
    parts of a second or more; the 2f-model refuses a wet below about -58 dBFS."""
    target = WET[:SR * 2]
    noisy = (target + 0.01 * RNG.standard_normal(target.size)).astype(np.float32)
    scores = capture.test_scores(noisy, target, sample_rate=SR)
    assert 1.0 <= scores["mos_lqo"] <= 4.8
    # noise 26 dB below the wet is near the 2f-model's top; 6 dB below, far from it
    louder = (target + 0.1 * RNG.standard_normal(target.size)).astype(np.float32)
    assert 0.0 <= capture.test_scores(louder, target, sample_rate=SR)["perceptual"] < \
        scores["perceptual"] <= 100.0
    assert capture.test_scores(target, target, sample_rate=SR)["perceptual"] == 100.0
    short = capture.test_scores(noisy[:SR // 2], target[:SR // 2], sample_rate=SR)
    assert np.isnan(short["mos_lqo"]) and np.isnan(short["perceptual"])
    quiet = (1e-4 * target / np.max(np.abs(target))).astype(np.float32)  # -80 dBFS peak
    scores = capture.test_scores(quiet, quiet, sample_rate=SR)
    assert np.isnan(scores["perceptual"]) and np.isfinite(scores["esr"])


def test_the_capture_measure_is_the_one_the_published_calibration_ranks_first():
    """CAPTURE_MEASURE, and the families the report says it fails, against the choice notebook
    07 published (``results.json``: ``perceptual_judge``)."""
    import json

    from dsp_paper.capture.report import CALIBRATION_MISSES

    path = Path(__file__).resolve().parents[1] / "figures" / "07_mse_critique" / "results.json"
    judge = json.loads(path.read_text(encoding="utf-8")).get("perceptual_judge")
    assert judge is not None, ("07's published results lack the perceptual judge: run "
                               "notebook 07 again")
    assert CAPTURE_MEASURE == (judge["chosen"] or judge["shown"])
    failed = set(judge["failed"][CAPTURE_MEASURE])
    if CAPTURE_MEASURE in CALIBRATION_MISSES:  # the families the report names
        assert failed == set(CALIBRATION_MISSES[CAPTURE_MEASURE][0])
    else:
        assert failed  # the report says it does not pass every family
