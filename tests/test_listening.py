import base64
import io
import re

import numpy as np
import pytest
import soundfile

from dsp_paper import ParameterError, listening


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
