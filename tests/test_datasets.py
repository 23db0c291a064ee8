import numpy as np
import pytest

from dsp_paper import ParameterError, datasets, effects, metrics
from dsp_paper.studies import (conv_tied, dense_baselines, learned_spectrogram, lstm_generation,
                               recurrent_eq)


def test_lowpass_corpus_smoke():
    corpus = dense_baselines.lowpass_corpus("smoke")
    assert set(corpus.splits) == {"train", "validation", "test"}
    train = corpus.joined("train")
    # 3 shapes x 2 channels x 0.5 s, minus the validation blocks
    total = sum(p.n_samples for s in ("train", "validation") for p in corpus.split(s))
    assert total == 3 * 2 * 22050
    assert train.input.ndim == 1 and np.max(np.abs(train.input)) <= 0.5 + 1e-6
    # the targets really are the lowpass of the inputs (within the 16-bit round trip)
    piece = corpus.split("train")[0]
    expected = effects.lowpass(piece.input, sample_rate=44100, cutoff_hz=1000.0, order=2)
    assert metrics.esr(piece.target, expected) < 1e-3
    test = corpus.joined("test")
    assert test.n_samples == 2 * 2 * 44100  # piano: 2 s, stereo split into two tracks


@pytest.mark.slow
def test_lowpass_corpus_is_cached(isolated_root):
    a = dense_baselines.lowpass_corpus("smoke")
    assert a.cache_path.is_file() and a.cache_path.is_relative_to(isolated_root)
    b = dense_baselines.lowpass_corpus("smoke")
    assert b.cache_path == a.cache_path
    np.testing.assert_array_equal(a.joined("train").input, b.joined("train").input)
    c = dense_baselines.lowpass_corpus("smoke", layout="stereo")
    assert c.cache_path != a.cache_path
    assert c.split("train")[0].input.shape[0] == 2


def test_stereo_corpus_keeps_channels():
    corpus = conv_tied.stereo_corpus("smoke")
    assert set(corpus.splits) == {"train", "validation", "test_piano", "test_voice"}
    for pieces in corpus.splits.values():
        assert all(p.input.shape[0] == 2 for p in pieces)


def test_highpass_corpus_sizes():
    mini = recurrent_eq.highpass_corpus("smoke", variant="mini")
    full = recurrent_eq.highpass_corpus("smoke", variant="full")
    assert mini.joined("train").n_samples == 44_100
    assert full.joined("train").n_samples == 88_200
    assert "ARCTIC" in " ".join(full.provenance)
    v2 = full.joined("validation2")
    # the high-pass takes most of the voice's energy below 440 Hz away
    assert metrics.esr(v2.target, v2.input) > 0.05
    with pytest.raises(ParameterError):
        recurrent_eq.highpass_corpus("smoke", variant="huge")


def test_paper_sizes_are_the_thesis_sizes():
    from dsp_paper.studies import scale_config
    cfg = scale_config("highpass_002", "paper")
    assert (cfg.full_samples, cfg.mini_samples) == (7_813_000, 882_000)


def test_kicks_and_amen():
    kicks = lstm_generation.kick_set("smoke")
    assert kicks.examples.shape == (12, 16 * 2048)
    peaks = np.max(np.abs(kicks.examples), axis=1)
    np.testing.assert_allclose(peaks, kicks.level, rtol=1e-5)
    assert len(set(np.round(kicks.pitch, 4))) == 12
    amen = lstm_generation.amen_clip("smoke")
    assert amen.audio.shape == (60 * 2048,)


def test_stft_slices():
    x = learned_spectrogram.stft_slices("smoke")
    assert x.shape == (256, 2048) and x.dtype == np.float32
    y = learned_spectrogram.stft_slices("smoke", source="material")
    assert y.shape == (256, 2048)
    assert not np.allclose(x, y)


def test_pedal_corpus():
    corpus = conv_tied.pedal_corpus("smoke")
    test = corpus.joined("test")
    assert test.n_samples > 44100
    assert np.max(np.abs(test.target)) < 0.35  # -12 dB after a tanh that tops out at 1


def test_unknown_scale():
    with pytest.raises(ParameterError, match="unknown scale"):
        dense_baselines.lowpass_corpus("huge")


def test_same_seed_same_data_in_a_fresh_cache(monkeypatch, tmp_path):
    first = lstm_generation.kick_set("smoke").examples
    slices = learned_spectrogram.stft_slices("smoke")
    monkeypatch.setenv("DSP_PAPER_ROOT", str(tmp_path / "elsewhere"))
    np.testing.assert_array_equal(lstm_generation.kick_set("smoke").examples, first)
    np.testing.assert_array_equal(learned_spectrogram.stft_slices("smoke"), slices)
    assert not np.array_equal(lstm_generation.kick_set("smoke", seed=1).examples, first)
