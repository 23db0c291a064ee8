import numpy as np
import pytest
import scipy.signal

from dsp_paper import ParameterError, effects

SR = 44100


def response_at(freqs, response, f):
    return np.interp(f, freqs, response)


def warped_octave_db(f):
    """Asymptotic gain change per order from f to 2f of a bilinear-transform lowpass:
    -6 dB/octave in analog frequency tan(pi f / fs), a little steeper in Hz."""
    return -20 * np.log10(np.tan(np.pi * 2 * f / SR) / np.tan(np.pi * f / SR))


@pytest.mark.parametrize("effect, cutoff, order", [
    (effects.lowpass, 1000.0, 2), (effects.lowpass, 1000.0, 4), (effects.highpass_eq, 440.0, 2)])
def test_minus_3db_at_cutoff(effect, cutoff, order):
    freqs, resp = effects.magnitude_response_db(effect, sample_rate=SR, cutoff_hz=cutoff,
                                                order=order)
    assert response_at(freqs, resp, cutoff) == pytest.approx(-3.01, abs=0.05)


@pytest.mark.parametrize("order", [1, 2, 3])
def test_lowpass_slope_per_octave(order):
    # two octaves above a low cut-off, where the bilinear transform has barely warped
    freqs, resp = effects.magnitude_response_db(effects.lowpass, sample_rate=SR,
                                                cutoff_hz=200.0, order=order)
    slope = response_at(freqs, resp, 4000) - response_at(freqs, resp, 2000)
    assert slope == pytest.approx(-6.0 * order, abs=0.7)
    assert slope == pytest.approx(order * warped_octave_db(2000), abs=0.05)


def test_highpass_eq_is_12db_per_octave_below_440():
    freqs, resp = effects.magnitude_response_db(effects.highpass_eq, sample_rate=SR)
    assert response_at(freqs, resp, 55) - response_at(freqs, resp, 110) == pytest.approx(-12,
                                                                                         abs=0.3)
    assert response_at(freqs, resp, 8000) == pytest.approx(0, abs=0.01)


def test_matches_analytic_butterworth():
    # |H(f)|^2 = 1 / (1 + (f'/fc')^(2n)) with bilinear pre-warping f' = tan(pi f / fs)
    freqs, resp = effects.magnitude_response_db(effects.lowpass, sample_rate=SR,
                                                cutoff_hz=1000.0, order=2)
    f = np.array([100, 500, 1000, 2000, 8000])
    warp = np.tan(np.pi * f / SR) / np.tan(np.pi * 1000 / SR)
    analytic = -10 * np.log10(1 + warp ** 4)
    np.testing.assert_allclose(response_at(freqs, resp, f), analytic, atol=0.01)


def test_filters_keep_shape_and_channels():
    x = np.random.default_rng(0).standard_normal((2, 1000)).astype(np.float32)
    y = effects.lowpass(x, sample_rate=SR)
    assert y.shape == x.shape and y.dtype == np.float32
    np.testing.assert_allclose(y[1], effects.lowpass(x[1], sample_rate=SR), atol=1e-6)


def test_pedal_tone_is_first_order_lowpass():
    # a tiny signal keeps tanh linear, so the chain's response is the tone filter's
    impulse = np.zeros(1 << 15, dtype=np.float32)
    impulse[0] = 1e-4
    y = effects.pedal_chain(impulse, sample_rate=SR, drive_db=0.0, tone_hz=500.0, level_db=0.0)
    spec = 20 * np.log10(np.abs(np.fft.rfft(y / 1e-4)))
    freqs = np.fft.rfftfreq(impulse.size, 1 / SR)
    assert response_at(freqs, spec, 500) == pytest.approx(-3.01, abs=0.3)
    slope = response_at(freqs, spec, 8000) - response_at(freqs, spec, 4000)
    assert slope == pytest.approx(warped_octave_db(4000), abs=0.1)
    assert slope == pytest.approx(-6, abs=1.0)


def test_pedal_drive_is_tanh():
    t = np.arange(SR) / SR
    x = (0.5 * np.sin(2 * np.pi * 100 * t)).astype(np.float32)
    y = effects.pedal_chain(x, sample_rate=SR, drive_db=20.0, tone_hz=20000.0, level_db=0.0)
    expected = np.tanh(10 * x)
    # compare away from the start; the tone filter is nearly transparent at 100 Hz
    assert np.corrcoef(y[1000:], expected[1000:])[0, 1] > 0.999
    assert np.max(np.abs(y)) == pytest.approx(1.0, abs=0.05)


def test_fir_filter_same_matches_scipy():
    x = np.random.default_rng(1).standard_normal(2000).astype(np.float32)
    taps = effects.lowpass_fir_taps(101, cutoff_hz=1000.0, sample_rate=SR)
    np.testing.assert_allclose(effects.fir_filter(x, taps), np.convolve(x, taps, mode="same"),
                               atol=1e-5)


@pytest.mark.parametrize("call", [
    lambda: effects.lowpass(np.ones(10), sample_rate=SR, cutoff_hz=30000),
    lambda: effects.lowpass(np.ones(10), sample_rate=-1),
    lambda: effects.lowpass(np.array([]), sample_rate=SR),
    lambda: effects.lowpass(np.array([0.0, np.nan]), sample_rate=SR),
    lambda: effects.highpass_eq(np.ones(10), sample_rate=SR, order=0),
    lambda: effects.pedal_chain(np.ones((3, 10)), sample_rate=SR),
    lambda: effects.lowpass_fir_taps(100, cutoff_hz=1000, sample_rate=SR),
])
def test_bad_input_raises(call):
    with pytest.raises(ParameterError):
        call()


def test_hard_clipper_and_compressor_are_real_nonlinear_effects():
    import dsp_paper as dp

    sr = 44100
    t = np.arange(sr) / sr
    quiet = (0.05 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    loud = 10 * quiet
    for effect in (dp.hard_clipper, dp.compressor):
        q, l = effect(quiet, sample_rate=sr), effect(loud, sample_rate=sr)
        assert q.shape == quiet.shape and q.dtype == np.float32
        # not a gain: ten times the input is not ten times the output
        ratio = np.sqrt(np.mean(l[sr // 2:] ** 2) / np.mean(q[sr // 2:] ** 2))
        assert ratio < 5
    clipped = dp.hard_clipper(loud, sample_rate=sr)
    assert np.max(np.abs(clipped)) < 1.0  # below full scale at the defaults


def test_dispersive_allpass_keeps_the_magnitude_and_delays_the_highs():
    sr, spread = 8000, 0.01
    click = np.zeros(4000)
    click[100] = 1.0
    y = effects.dispersive_allpass(click, sample_rate=sr, spread_seconds=spread)
    assert y.shape == click.shape and y.dtype == np.float64
    # the magnitude is kept (to the little of the chirp's tail cut at the end of the signal)
    np.testing.assert_allclose(np.abs(np.fft.rfft(y, 8000)), 1.0, atol=2e-3)
    # group delay rises from 0 at DC to `spread` at Nyquist: the energy arrives after the click
    energy = np.cumsum(y ** 2) / np.sum(y ** 2)
    assert energy[99] < 0.01 and 100 + 0.3 * spread * sr < np.argmax(energy > 0.5)
    with pytest.raises(ParameterError):
        effects.dispersive_allpass(np.ones((2, 100)), sample_rate=sr)


def test_cubic_distortion_adds_an_orthogonal_residual_at_its_level():
    x = np.random.default_rng(0).standard_normal(4000)
    for level in (-40.0, -20.0):
        y = effects.cubic_distortion(x, level_db=level)
        residual = y - x
        assert 10 * np.log10(np.sum(residual ** 2) / np.sum(x ** 2)) == pytest.approx(level)
        assert abs(np.dot(residual, x)) < 1e-9 * np.dot(x, x)
    with pytest.raises(ParameterError):
        effects.cubic_distortion(np.zeros(100), level_db=-20.0)
