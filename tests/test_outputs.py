import base64
import json
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest
import soundfile

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from dsp_paper import ParameterError, listening
from dsp_paper.study.outputs import FigureStore
from dsp_paper.study.outputs import clip_slug
from dsp_paper.study.outputs import figures_root


def test_smoke_never_writes_figures(isolated_root):
    assert figures_root("smoke") == isolated_root / "build" / "smoke-figures"
    assert figures_root("quick") == isolated_root / "figures"


def test_publish_swaps_in_atomically(tmp_path):
    store = FigureStore("01_data", "quick", root=tmp_path)
    fig, ax = plt.subplots()
    store.savefig(fig, "a")
    store.save_table(pd.DataFrame({"x": [1]}), "t")
    assert not (tmp_path / "01_data").exists()  # nothing visible before publish
    store.publish()
    out = tmp_path / "01_data"
    assert {p.name for p in out.iterdir()} == {"a.png", "t.csv", "t.md", "RUN.json", "SCALE"}
    assert json.loads((out / "RUN.json").read_text())["scale"] == "quick"
    assert (out / "SCALE").read_text().strip() == "quick"


def test_a_table_indexed_by_several_levels_is_written_with_a_column_each(tmp_path):
    store = FigureStore("08_capture", "quick", root=tmp_path)
    frame = pd.DataFrame({"esr": [0.1, 0.2]},
                         index=pd.MultiIndex.from_tuples([("pedal", "lstm"), ("pedal", "fir")],
                                                         names=["effect", "model"]))
    md = store.save_table(frame, "t")
    store.publish()
    text = md.read_text()
    assert "| effect   | model   |" in text and "('pedal'" not in text
    assert list(pd.read_csv(tmp_path / "08_capture" / "t.csv").columns) == ["effect", "model", "esr"]


def test_failed_run_keeps_previous_figures(tmp_path):
    good = FigureStore("01_data", "quick", root=tmp_path)
    good.save_json({"v": 1}, "result")
    good.publish()
    failed = FigureStore("01_data", "quick", root=tmp_path)
    failed.save_json({"v": 2}, "result")
    # ... the notebook raises before publish()
    assert json.loads((tmp_path / "01_data" / "result.json").read_text()) == {"v": 1}
    replacement = FigureStore("01_data", "quick", root=tmp_path)
    replacement.save_json({"v": 3}, "result")
    replacement.publish()
    assert json.loads((tmp_path / "01_data" / "result.json").read_text()) == {"v": 3}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".old")] == []


def test_bad_names(tmp_path):
    with pytest.raises(ParameterError):
        FigureStore("../x", "quick", root=tmp_path)
    store = FigureStore("01_data", "quick", root=tmp_path)
    with pytest.raises(ParameterError):
        store.path("../escape.png")
    with pytest.raises(ParameterError, match="unknown scale"):
        FigureStore("01_data", "big", root=tmp_path)


# --- audio clips and the listening page ---------------------------------------------------


def _tone(seconds, sample_rate, *, stereo=False, amplitude=0.5):
    t = np.arange(int(seconds * sample_rate)) / sample_rate
    x = amplitude * np.sin(2 * np.pi * 440 * t)
    return np.stack([x, 0.5 * x]) if stereo else x


def test_slugs_are_safe_lowercase_ascii():
    assert clip_slug("002 noises", "Pink / brown") == "002-noises-pink-brown"
    assert clip_slug("", "Übersteuert: café") == "ubersteuert-cafe"
    assert clip_slug("", "../..") == "clip" and clip_slug("", "") == "clip"
    long = clip_slug("h" * 50, "t" * 50)
    assert len(long) <= 60 and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", long)
    # a long heading leaves each title its own name
    for title, tail in (("conv, end", "-conv-end"), ("dense, end", "-dense-end")):
        slug = clip_slug("a long heading " * 6, title)
        assert slug.startswith("a-long-heading-") and slug.endswith(tail) and len(slug) <= 60


def test_players_stage_flac_and_return_the_inline_players(tmp_path):
    store = FigureStore("01_data", "quick", root=tmp_path)
    clips = {"input": _tone(6, 8000), "target": _tone(6, 8000, stereo=True)}
    out = store.players(clips, 8000, heading="000 pair", seconds=4.0)
    files = {t: f"01_data/audio/000-pair-{t}.flac" for t in clips}
    assert out.data == listening.players(clips, 8000, max_seconds=4.0, heading="000 pair",
                                         files=files).data
    assert not (tmp_path / "01_data").exists()  # staged only
    staged = store.staging / "audio" / "000-pair-input.flac"
    audio, sr = soundfile.read(staged)
    assert sr == 8000 and audio.shape == (4 * 8000,)  # cut to `seconds`
    np.testing.assert_allclose(audio, clips["input"][:4 * 8000], atol=1e-4)
    inline = re.findall(r"base64,([A-Za-z0-9+/=]+)", out.data)
    assert base64.b64decode(inline[0]) == staged.read_bytes()  # one encoder for both
    stereo, _ = soundfile.read(store.staging / "audio" / "000-pair-target.flac")
    assert stereo.shape == (4 * 8000, 2)
    np.testing.assert_allclose(stereo.T, clips["target"][:, :4 * 8000], atol=1e-4)


def test_loud_clip_is_scaled_not_clipped_in_the_file(tmp_path):
    store = FigureStore("01_data", "quick", root=tmp_path)
    store.players({"loud": np.array([0.0, 2.0, -1.0] * 100)}, 8000)
    audio, _ = soundfile.read(store.staging / "audio" / "loud.flac")
    assert audio.max() == pytest.approx(1.0, abs=1e-4)
    assert audio.min() == pytest.approx(-0.5, abs=1e-4)
    store.players({"quiet": np.array([0.0, 0.25, -0.5] * 100)}, 8000)
    audio, _ = soundfile.read(store.staging / "audio" / "quiet.flac")
    assert audio.min() == pytest.approx(-0.5, abs=1e-4)  # not normalised up


def test_publish_writes_manifest_page_and_lists_audio_in_run_json(tmp_path):
    store = FigureStore("02_x", "quick", root=tmp_path)
    store.save_json({"v": 1}, "result")
    store.players({"a": _tone(0.5, 44100), "b": _tone(0.25, 8000, stereo=True)}, 44100,
                  heading="Group one", what={"a": "a plain <tone>"})
    store.players({"a": _tone(0.1, 8000)}, 8000, heading="Group one")  # same slug again
    store.players({"c": _tone(0.1, 8000)}, 8000)
    out = store.publish()
    slugs = ["group-one-a", "group-one-b", "group-one-a-2", "c"]
    manifest = json.loads((out / "audio" / "clips.json").read_text())
    assert manifest["notebook"] == "02_x" and manifest["scale"] == "quick"
    assert [c["slug"] for c in manifest["clips"]] == slugs
    first, second = manifest["clips"][:2]
    assert first == dict(slug="group-one-a", file="audio/group-one-a.flac", title="a",
                         heading="Group one", description="a plain <tone>", score=None,
                         seconds=0.5, frames=22050, sample_rate=44100, channels=1)
    assert second["channels"] == 2 and second["seconds"] == pytest.approx(2000 / 44100, abs=1e-6)
    assert manifest["clips"][3]["heading"] == ""
    files = json.loads((out / "RUN.json").read_text())["files"]
    assert files == sorted(["result.json", "listen.html", "audio/clips.json"]
                           + [f"audio/{s}.flac" for s in slugs])
    assert sorted(p.name for p in (out / "audio").iterdir()) == sorted(
        ["clips.json"] + [f"{s}.flac" for s in slugs])
    page = (out / "listen.html").read_text()
    assert "<title>02_x: listening (quick scale)</title>" in page
    assert page.count("<figure>") == 4 and page.count("<section id=") == 2
    assert '<h2><a href="#group-one">Group one</a></h2>' in page
    assert "a plain &lt;tone&gt;" in page
    assert '<audio controls preload="metadata" src="audio/group-one-a.flac">' in page
    assert "0.50 s, 44.1 kHz, mono" in page
    index = (tmp_path / "listen.html").read_text()
    assert '<a href="02_x/listen.html">02_x: 4 clips (quick scale)</a>' in index
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_publish_without_clips_writes_no_page(tmp_path):
    store = FigureStore("01_data", "quick", root=tmp_path)
    store.save_json({"v": 1}, "result")
    out = store.publish()
    assert {p.name for p in out.iterdir()} == {"result.json", "RUN.json", "SCALE"}
    assert not (tmp_path / "listen.html").exists()


def test_failed_run_keeps_previous_clips_and_a_rerun_without_clips_drops_them(tmp_path):
    good = FigureStore("01_data", "quick", root=tmp_path)
    good.players({"a": _tone(0.2, 8000)}, 8000)
    good.publish()
    failed = FigureStore("01_data", "quick", root=tmp_path)
    failed.players({"b": _tone(0.2, 8000)}, 8000)
    # ... the notebook raises before publish()
    assert [p.name for p in (tmp_path / "01_data" / "audio").glob("*.flac")] == ["a.flac"]
    assert "01_data: 1 clip (quick scale)<" in (tmp_path / "listen.html").read_text()
    again = FigureStore("01_data", "quick", root=tmp_path)
    again.save_json({}, "r")
    again.publish()
    assert not (tmp_path / "01_data" / "audio").exists()
    assert "No notebook has published clips yet" in (tmp_path / "listen.html").read_text()


def test_non_finite_clip_is_named_and_nothing_is_staged(tmp_path):
    store = FigureStore("01_data", "quick", root=tmp_path)
    bad = _tone(0.1, 8000)
    bad[3] = np.nan
    with pytest.raises(ParameterError, match=r"clip 'broken' under heading 'h'.*NaN"):
        store.players({"fine": _tone(0.1, 8000), "broken": bad}, 8000, heading="h")
    with pytest.raises(ParameterError, match="clip 'inf'"):
        store.players({"inf": np.full(10, np.inf)}, 8000)
    assert store.clips == [] and not (store.staging / "audio").exists()


def test_bad_player_parameters(tmp_path):
    store = FigureStore("01_data", "quick", root=tmp_path)
    with pytest.raises(ParameterError, match="not given"):
        store.players({"a": _tone(0.1, 8000)}, 8000, what={"b": "typo"})
    with pytest.raises(ParameterError):
        store.players({}, 8000)
    with pytest.raises(ParameterError):
        store.players({"a": _tone(0.1, 8000)}, 0)
    with pytest.raises(ParameterError):
        store.players({"a": _tone(0.1, 8000)}, 8000, seconds=0)
    with pytest.raises(ParameterError):
        store.players({"a": np.zeros((3, 100))}, 8000)  # more than stereo
    assert store.clips == []


def test_audio_subfolder_has_its_own_checked_path(tmp_path):
    store = FigureStore("01_data", "quick", root=tmp_path)
    for name in ("audio/x.flac", "../x", ".hidden", "", "a\\b"):
        with pytest.raises(ParameterError):
            store.path(name)
        with pytest.raises(ParameterError):
            store.audio_path(name)
    for reserved in ("audio", "listen.html", "RUN.json", "SCALE"):
        with pytest.raises(ParameterError, match="reserved"):
            store.path(reserved)
    with pytest.raises(ParameterError, match="reserved"):
        store.audio_path("clips.json")
    target = store.audio_path("extra.txt")
    assert target == store.staging / "audio" / "extra.txt" and target.parent.is_dir()
    target.write_text("x")
    out = store.publish()
    assert "audio/extra.txt" in json.loads((out / "RUN.json").read_text())["files"]
