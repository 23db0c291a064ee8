import base64
import io
import json
import os
import re

import numpy as np
import pytest
import soundfile

from dsp_paper import ParameterError, listening, listening_pages


def test_static_player_embeds_playable_flac():
    x = (0.5 * np.sin(np.arange(44100 * 10) / 10)).astype(np.float32)
    html = listening.audio_html(x, 44100, title="sine", max_seconds=2)
    assert "<audio controls" in html and "sine" in html
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", html).group(1)
    audio, sr = soundfile.read(io.BytesIO(base64.b64decode(data)))
    assert sr == 44100 and audio.shape == (2 * 44100,)  # cut to max_seconds
    np.testing.assert_allclose(audio, x[:2 * 44100], atol=1e-4)


def test_stereo_and_several_players():
    x = np.zeros((2, 4410), dtype=np.float32)
    x[:, 10] = 0.5
    out = listening.players({"input": x, "target": 0.5 * x}, 44100)
    assert out.data.count("<audio") == 2


def test_loud_audio_is_scaled_not_clipped():
    html = listening.audio_html(np.array([0.0, 2.0, -1.0] * 100), 8000)
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", html).group(1)
    audio, _ = soundfile.read(io.BytesIO(base64.b64decode(data)))
    assert audio.max() == pytest.approx(1.0, abs=1e-4) and audio.min() == pytest.approx(-0.5,
                                                                                       abs=1e-4)


def test_ab_chooser_switches_clip():
    box = listening.ab_chooser({"A": np.full(100, 0.1), "B": np.full(100, -0.1)}, 8000)
    choice, shown = box.children
    first = shown.value
    choice.value = "B"
    assert shown.value != first and "B" in shown.value


def test_bad_input():
    with pytest.raises(ParameterError):
        listening.audio_html(np.array([np.nan, 0.0]), 8000)
    with pytest.raises(ParameterError):
        listening.audio_html(np.ones(10), 0)


def test_error_names_the_clip():
    with pytest.raises(ParameterError, match="clip 'noisy'"):
        listening.players({"fine": np.zeros(10), "noisy": np.array([0.0, np.inf])}, 8000)


def test_encode_clip_reports_what_it_wrote():
    stereo = np.zeros((2, 10000))
    clip = listening.encode_clip(stereo, 8000, 1.0)
    assert (clip.frames, clip.channels, clip.sample_rate, clip.seconds) == (8000, 2, 8000, 1.0)
    audio, sr = soundfile.read(io.BytesIO(clip.data))
    assert sr == 8000 and audio.shape == (8000, 2)
    short = listening.encode_clip(np.zeros((1, 100)), 8000, 1.0)  # (1, n) is mono
    assert (short.frames, short.channels) == (100, 1)
    with pytest.raises(ParameterError, match="my clip"):
        listening.encode_clip(np.array([np.nan]), 8000, 1.0, name="my clip")


def _manifest(n=2):
    return dict(notebook="05_demo", scale="smoke",
                clips=[dict(slug=f"g-c{i}", file=f"audio/g-c{i}.flac", title=f"c{i} <&>",
                            heading="G" if i else "", description="text" if i else "",
                            seconds=0.5, frames=4000, sample_rate=8000, channels=1 + i % 2)
                       for i in range(n)])


def test_listening_page_is_self_contained():
    page = listening_pages.listening_page_html(_manifest(3))
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>05_demo: listening (smoke scale)</title>" in page
    assert page.count("<figure>") == 3 and page.count("<section>") == 2  # an old manifest
    assert "c1 &lt;&amp;&gt;" in page and "c1 <&>" not in page  # escaped
    assert "0.50 s, 8 kHz, stereo" in page and "0.50 s, 8 kHz, mono" in page
    # no network: every src is a local clip, no external scripts, styles or fonts
    assert re.findall(r'src="([^"]*)"', page) == [f"audio/g-c{i}.flac" for i in range(3)]
    assert "http" not in page and "<link" not in page and "@import" not in page
    assert '<script src' not in page and "url(" not in page


def test_listening_index_links_every_page_atomically(tmp_path, monkeypatch):
    for name, n in (("02_b", 2), ("01_a", 1)):
        (tmp_path / name / "audio").mkdir(parents=True)
        (tmp_path / name / "audio" / "clips.json").write_text(json.dumps(_manifest(n)))
        (tmp_path / name / "listen.html").write_text(listening_pages.listening_page_html(_manifest(n)))
    (tmp_path / "03_c").mkdir()  # no clips: not listed
    (tmp_path / ".staging-04_d-1").mkdir()  # mid-publish: not listed
    (tmp_path / ".staging-04_d-1" / "listen.html").write_text("")
    (tmp_path / "listen.html").write_text("old index")
    moves = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (moves.append((a, b)), real_replace(a, b)))
    index = listening_pages.write_listening_index(tmp_path)
    assert index == tmp_path / "listen.html"
    assert len(moves) == 1 and moves[0][1] == index and moves[0][0] != index
    text = index.read_text()
    rows = re.findall(r'<nav><a href="([^"]+)">[^<:]+: (\d+ clips?) \(smoke scale\)</a>', text)
    assert rows == [("01_a/listen.html", "1 clip"), ("02_b/listen.html", "2 clips")]
    assert "listen.html#" not in text  # pages from manifests without groups have no anchors
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".staging-04_d-1", "01_a", "02_b", "03_c", "listen.html"]  # no temp file left


def test_audio_bytes_counts_only_published_audio_folders(tmp_path):
    assert listening_pages.audio_bytes(tmp_path) == 0
    (tmp_path / "01_a" / "audio").mkdir(parents=True)
    (tmp_path / "01_a" / "audio" / "x.flac").write_bytes(b"1" * 100)
    (tmp_path / "01_a" / "audio" / "clips.json").write_bytes(b"1" * 10)
    (tmp_path / "01_a" / "plot.png").write_bytes(b"1" * 1000)
    (tmp_path / ".staging-01_a-9" / "audio").mkdir(parents=True)
    (tmp_path / ".staging-01_a-9" / "audio" / "y.flac").write_bytes(b"1" * 1000)
    assert listening_pages.audio_bytes(tmp_path) == 110
    assert listening_pages.AUDIO_BUDGET_BYTES == 20 * 2**20
