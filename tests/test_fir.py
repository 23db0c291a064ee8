import numpy as np
import pytest
import scipy.signal

from dsp_paper import ParameterError, effects, fir
from dsp_paper.windowing import Pair

RNG = np.random.default_rng(0)


def test_recovers_a_known_causal_filter_from_noise():
    h = RNG.standard_normal(32)
    x = RNG.standard_normal(50_000)
    y = scipy.signal.lfilter(h, [1.0], x)
    est = fir.least_squares_fir([Pair(x, y)], taps=32)
    np.testing.assert_allclose(est, h, atol=1e-2)
    np.testing.assert_allclose(fir.apply_fir(x, est), y, atol=0.05)


def test_matches_lstsq_on_the_convolution_matrix():
    # the correlation (Wiener) solution differs from lstsq only by edge terms: O(taps / n)
    x = RNG.standard_normal(20_000)
    y = effects.lowpass(x.astype(np.float32), sample_rate=8000, cutoff_hz=1000).astype(float)
    taps, look = 16, 3
    padded = np.concatenate([np.zeros(taps), x, np.zeros(taps)])
    # row n holds x[n - k + look] for k = 0..taps-1
    A = np.stack([padded[taps + look - k: taps + look - k + x.size] for k in range(taps)], 1)
    expected = np.linalg.lstsq(A, y, rcond=None)[0]
    np.testing.assert_allclose(fir.least_squares_fir([Pair(x, y)], taps=taps, lookahead=look),
                               expected, atol=2e-3)


def test_pieces_are_summed_not_joined():
    x = RNG.standard_normal(40_000)
    h = np.array([1.0, -0.5, 0.25])
    pieces = [Pair(x[:20_000], scipy.signal.lfilter(h, [1.0], x[:20_000])),
              Pair(x[20_000:], scipy.signal.lfilter(h, [1.0], x[20_000:]))]
    np.testing.assert_allclose(fir.least_squares_fir(pieces, taps=3), h, atol=1e-3)


def test_bad_arguments():
    with pytest.raises(ParameterError):
        fir.least_squares_fir([Pair(np.ones(10), np.ones(10))], taps=0)
    with pytest.raises(ParameterError):
        fir.least_squares_fir([Pair(np.zeros(10), np.ones(10))], taps=4)
    with pytest.raises(ParameterError):
        fir.least_squares_fir([Pair(np.ones(10), np.ones(10))], taps=4, lookahead=4)
