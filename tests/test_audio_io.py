import numpy as np
import pytest
import soundfile

from dsp_paper import ParameterError, audio_io


def test_pcm16_round_trip_is_exact():
    pcm = np.arange(-32768, 32768, 7, dtype=np.int16)
    assert np.array_equal(audio_io.float32_to_pcm16(audio_io.pcm16_to_float32(pcm)), pcm)


def test_float_to_pcm_clips_and_rounds():
    out = audio_io.float32_to_pcm16(np.array([1.5, -1.5, 0.5, 1 / 65536 * 0.9]))
    assert out.tolist() == [32767, -32768, 16384, 0]


def test_stereo_wav_round_trip(tmp_path):
    rng = np.random.default_rng(0)
    stereo = rng.uniform(-0.9, 0.9, (2, 4410)).astype(np.float32)
    path = audio_io.write_wav(tmp_path / "x.wav", stereo, 44100)
    info = soundfile.info(str(path))
    assert (info.channels, info.samplerate, info.subtype) == (2, 44100, "PCM_16")
    back, sr = audio_io.read_audio(path, expected_sr=44100)
    assert sr == 44100 and back.shape == (2, 4410) and back.dtype == np.float32
    assert np.max(np.abs(back - stereo)) <= 0.5 / 32768 + 1e-7


def test_write_is_atomic_on_failure(tmp_path, monkeypatch):
    good = audio_io.write_wav(tmp_path / "x.wav", np.full(10, 0.5), 8000)
    with pytest.raises(ParameterError):
        audio_io.write_wav(good, np.full(10, 2.0), 8000)

    def fail_half_way(path, *args, **kwargs):
        with open(path, "wb") as f:
            f.write(b"RIFF half a header")
        raise OSError("disk full")

    monkeypatch.setattr(soundfile, "write", fail_half_way)
    with pytest.raises(OSError, match="disk full"):
        audio_io.write_wav(good, np.full(10, 0.1), 8000)
    monkeypatch.undo()
    back, _ = audio_io.read_audio(good)
    assert np.allclose(back, 0.5, atol=1e-4)
    assert [p.name for p in tmp_path.iterdir()] == ["x.wav"]


def test_layouts():
    stereo = np.stack([np.full(8, 0.1), np.full(8, 0.2)]).astype(np.float32)
    mono_tracks = audio_io.to_layout(stereo, "mono")
    assert mono_tracks.shape == (2, 8) and np.allclose(mono_tracks[1], 0.2)
    assert audio_io.to_layout(stereo, "stereo").shape == (2, 8)
    assert audio_io.to_layout(np.full(8, 0.1), "stereo").shape == (2, 8)
    assert audio_io.to_layout(np.full(8, 0.1), "mono").shape == (1, 8)
    assert audio_io.to_layout(np.full((1, 8), 0.1), "stereo").shape == (2, 8)
    with pytest.raises(ParameterError):
        audio_io.to_layout(stereo, "surround")
    with pytest.raises(ParameterError):
        audio_io.to_layout(np.ones((3, 8)), "stereo")


def test_normalise():
    assert np.max(np.abs(audio_io.normalise(np.array([0.1, -0.4]), peak=0.8))) == pytest.approx(
        0.8)
    with pytest.raises(ParameterError, match="silent"):
        audio_io.normalise(np.zeros(10))
    with pytest.raises(ParameterError, match="NaN"):
        audio_io.normalise(np.array([0.1, np.nan]))
    with pytest.raises(ParameterError, match="empty"):
        audio_io.normalise(np.array([]))


def test_read_audio_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such audio file"):
        audio_io.read_audio(tmp_path / "missing.wav")
    path = audio_io.write_wav(tmp_path / "x.wav", np.full(100, 0.5), 16000)
    with pytest.raises(ParameterError, match="wrong sample rate"):
        audio_io.read_audio(path, expected_sr=44100)


def test_resample_against_scipy_and_length():
    import scipy.signal
    x = np.sin(2 * np.pi * 440 * np.arange(16000) / 16000).astype(np.float32)
    y = audio_io.resample(x, orig_sr=16000, target_sr=44100)
    assert y.shape == (44100,)
    np.testing.assert_allclose(y, scipy.signal.resample_poly(x, 441, 160), atol=1e-6)
    assert np.argmax(np.abs(np.fft.rfft(y))) == 440


def test_integer_samples_are_refused_with_a_pointer():
    with pytest.raises(ParameterError, match="pcm16_to_float32"):
        audio_io.normalise(np.array([1000, -2000], dtype=np.int16))


def test_write_audio_picks_the_format_from_the_extension(tmp_path):
    import soundfile

    from dsp_paper.audio_io import write_audio

    audio = np.linspace(-0.5, 0.5, 800, dtype=np.float32)
    for name, fmt in (("a.flac", "FLAC"), ("b.wav", "WAV")):
        path = write_audio(tmp_path / name, audio, 8000)
        info = soundfile.info(path)
        assert info.format == fmt and info.subtype == "PCM_24" and info.frames == 800
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.flac", "b.wav"]  # no leftovers
