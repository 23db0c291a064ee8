import librosa
import numpy as np
import pytest
import scipy.signal

from dsp_paper import ParameterError, spectral

RNG = np.random.default_rng(0)


def test_sizes_of_004():
    assert spectral.stft_frames(2048, n_fft=256, hop=64) == 33
    W = spectral.stft_matrix(2048)
    assert W.shape == (2048, 33 * 2 * 129) == (2048, 8514)
    assert W.size == 17_436_672


def test_stft_matrix_against_scipy_and_librosa():
    x = RNG.standard_normal((3, 2048))
    W = spectral.stft_matrix(2048)
    ours = spectral.unpack_stft(x @ W)  # (3, 129, 33) complex
    _, _, Z = scipy.signal.stft(x, window="hann", nperseg=256, noverlap=192)
    Z = Z * scipy.signal.get_window("hann", 256).sum()
    assert ours.shape == Z.shape == (3, 129, 33)
    np.testing.assert_allclose(ours, Z, atol=1e-5)
    L = librosa.stft(x, n_fft=256, hop_length=64, window="hann", center=True,
                     pad_mode="constant")
    np.testing.assert_allclose(ours, L, atol=1e-5)


def test_target_and_fft_path_agree_with_the_matrix():
    x = (0.25 * RNG.standard_normal((4, 2048))).astype(np.float32)
    exact = x.astype(np.float64) @ spectral.stft_matrix(2048)
    np.testing.assert_allclose(spectral.stft_target(x), exact, atol=1e-4)
    np.testing.assert_allclose(spectral.fft_stft(x), exact, atol=1e-4)


def test_dft_matrices():
    z = RNG.standard_normal(128) + 1j * RNG.standard_normal(128)
    W = spectral.dft_matrix(128)
    assert W.size == 65_536
    out = np.concatenate([z.real, z.imag]) @ W
    np.testing.assert_allclose(out[:128] + 1j * out[128:], np.fft.fft(z), atol=1e-9)
    R = spectral.dft_matrix(128, layout="real")
    assert R.size == 16_640
    out = z.real @ R
    np.testing.assert_allclose(out[:65] + 1j * out[65:], np.fft.rfft(z.real), atol=1e-9)


def test_least_squares_recovers_the_transform_from_noise():
    W = spectral.dft_matrix(16)
    x = RNG.standard_normal((200, 32))
    np.testing.assert_allclose(spectral.least_squares_weights(x, x @ W), W, atol=1e-9)


def test_bad_parameters():
    with pytest.raises(ParameterError):
        spectral.stft_matrix(2048, n_fft=255)
    with pytest.raises(ParameterError):
        spectral.dft_matrix(1)
    with pytest.raises(ParameterError):
        spectral.unpack_stft(np.zeros(10))
    with pytest.raises(ParameterError):
        spectral.least_squares_weights(np.ones((3, 2)), np.ones((4, 2)))


def test_least_squares_matches_lstsq_and_handles_underdetermined():
    x = RNG.standard_normal((40, 8))
    y = RNG.standard_normal((40, 3))
    np.testing.assert_allclose(spectral.least_squares_weights(x, y),
                               np.linalg.lstsq(x, y, rcond=None)[0], atol=1e-10)
    few = RNG.standard_normal((3, 8))  # fewer examples than inputs: minimum-norm solution
    np.testing.assert_allclose(spectral.least_squares_weights(few, few @ np.eye(8)[:, :2]),
                               np.linalg.lstsq(few, few[:, :2], rcond=None)[0], atol=1e-10)


def test_lengths_that_are_not_a_multiple_of_the_hop():
    for n in (2000, 2050):
        x = RNG.standard_normal((2, n)).astype(np.float32)
        exact = x.astype(np.float64) @ spectral.stft_matrix(n)
        assert spectral.stft_target(x).shape == exact.shape == spectral.fft_stft(x).shape
        np.testing.assert_allclose(spectral.stft_target(x), exact, atol=1e-4)


def test_split_weights_and_frame_span_match_the_matrix():
    W = spectral.stft_matrix(64, n_fft=16, hop=4)
    parts = spectral.split_weights(W, n_frames=17, n_bins=9)
    assert parts.shape == (64, 17, 2, 9)
    for frame in (0, 8, 16):
        lo, hi = spectral.frame_span(frame, n_samples=64, n_fft=16, hop=4)
        reads = np.flatnonzero(np.abs(parts[:, frame]).sum(axis=(1, 2)) > 0)
        assert lo <= reads.min() and reads.max() < hi  # nothing outside the window
    assert spectral.frame_span(0, n_samples=2048) == (0, 128)
    assert spectral.frame_span(16, n_samples=2048) == (896, 1152)
    with pytest.raises(ParameterError):
        spectral.frame_span(17, n_samples=64, n_fft=16, hop=4)
    with pytest.raises(ParameterError):
        spectral.split_weights(W, n_frames=16, n_bins=9)


def test_relative_error_and_float32_floor():
    W = spectral.stft_matrix(64, n_fft=16, hop=4)
    assert spectral.relative_error(W, W) == 0.0
    assert spectral.relative_error(2 * W, W) == pytest.approx(1.0)
    with pytest.raises(ParameterError):
        spectral.relative_error(W[:3], W)
    x = (0.25 * RNG.standard_normal((20, 64))).astype(np.float32)
    floor = spectral.float32_floor(x, W)
    assert 0 < floor < 1e-10
    # dividing the targets by c divides the floor by about c squared
    assert spectral.float32_floor(x, W, divide_by=8.0) == pytest.approx(floor / 64, rel=0.5)


def test_phase_scrambled_keeps_the_magnitude_spectrum_only():
    x = RNG.standard_normal(1001)  # odd length: no Nyquist bin
    for signal in (x, x[:1000]):
        y = spectral.phase_scrambled(signal, seed=3)
        assert y.shape == signal.shape and y.dtype == np.float64
        np.testing.assert_allclose(np.abs(np.fft.rfft(y)), np.abs(np.fft.rfft(signal)),
                                   rtol=1e-9, atol=1e-9)
        assert abs(np.corrcoef(y, signal)[0, 1]) < 0.1  # the waveform is gone
    np.testing.assert_array_equal(spectral.phase_scrambled(x, seed=3),
                                  spectral.phase_scrambled(x, seed=3))
    with pytest.raises(ParameterError):
        spectral.phase_scrambled(np.stack([x, x]))
