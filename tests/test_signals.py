import numpy as np
import pytest
import scipy.signal

from dsp_paper import ParameterError, signals

SR = 44100


def slope_db_per_octave(x, sr, f_lo, f_hi):
    f, p = scipy.signal.welch(x, fs=sr, nperseg=8192)
    keep = (f >= f_lo) & (f <= f_hi)
    return np.polyfit(np.log2(f[keep]), 10 * np.log10(p[keep]), 1)[0]


@pytest.mark.parametrize("color, expected", [("white", 0.0), ("gaussian", 0.0),
                                             ("pink", -3.0), ("brown", -6.0)])
def test_noise_slopes(color, expected):
    x = signals.noise(color, seconds=20, sample_rate=SR, seed=1)
    assert abs(slope_db_per_octave(x, SR, 100, 4000) - expected) < 0.5
    assert np.max(np.abs(x)) == pytest.approx(1.0)
    assert abs(x.mean()) < 0.05


def test_noise_distributions():
    white = signals.noise("white", seconds=2, sample_rate=SR, seed=0)
    gauss = signals.noise("gaussian", seconds=2, sample_rate=SR, seed=0)
    # uniform samples have kurtosis 1.8, Gaussian 3
    kurt = lambda v: np.mean((v - v.mean()) ** 4) / np.var(v) ** 2
    assert kurt(white) == pytest.approx(1.8, abs=0.05)
    assert kurt(gauss) == pytest.approx(3.0, abs=0.15)


def test_noise_is_reproducible_from_seed():
    a = signals.noise("pink", seconds=0.5, sample_rate=SR, seed=7)
    b = signals.noise("pink", seconds=0.5, sample_rate=SR, seed=7)
    c = signals.noise("pink", seconds=0.5, sample_rate=SR, seed=8)
    assert np.array_equal(a, b) and not np.array_equal(a, c)


@pytest.mark.parametrize("method", ["exponential", "linear"])
def test_sweep_instantaneous_frequency(method):
    x = signals.sweep("sine", f_start=100, f_end=8000, seconds=2, sample_rate=SR, method=method)
    phase = np.unwrap(np.angle(scipy.signal.hilbert(x)))
    measured = np.diff(phase) * SR / (2 * np.pi)
    expected = signals.sweep_frequency(x.size, f_start=100, f_end=8000, sample_rate=SR,
                                       method=method)[:-1]
    middle = slice(x.size // 20, -x.size // 20)
    assert np.max(np.abs(measured[middle] / expected[middle] - 1)) < 0.01


@pytest.mark.parametrize("method", ["exponential", "linear"])
def test_sweep_reaches_its_end_frequencies(method):
    for n in (100, SR):
        f = signals.sweep_frequency(n, f_start=50, f_end=5000, sample_rate=SR, method=method)
        assert f[0] == pytest.approx(50) and f[-1] == pytest.approx(5000, rel=1e-9)
        assert np.all(np.diff(f) > 0)
    # the phase is the integral of the frequency: its last step matches f_end
    x = signals.sweep("sine", f_start=100, f_end=1000, seconds=0.01, sample_rate=SR,
                      method=method)
    phase = signals._sweep_phase(x.size, 100, 1000, SR, method)
    assert np.diff(phase)[-1] * SR / (2 * np.pi) == pytest.approx(1000, rel=0.01)


def test_a_pure_tone_near_nyquist_keeps_its_level():
    assert np.max(np.abs(signals.tone(21000, seconds=0.1, sample_rate=SR))) > 0.99


def _alias_energy(x, f0, sr):
    """Share of energy not within 3 Hz of a harmonic of f0."""
    spec = np.abs(np.fft.rfft(x * scipy.signal.get_window("blackmanharris", x.size))) ** 2
    freqs = np.fft.rfftfreq(x.size, 1 / sr)
    dist = np.abs(freqs - f0 * np.round(freqs / f0))
    return spec[dist > 3].sum() / spec.sum()


@pytest.mark.parametrize("shape", ["square", "saw", "triangle"])
def test_band_limited_shapes_do_not_alias(shape):
    f0 = 1234.0  # its harmonics above Nyquist would fold onto non-harmonic frequencies
    x = signals.tone(f0, seconds=1, sample_rate=SR, shape=shape)
    naive = {"square": scipy.signal.square, "saw": scipy.signal.sawtooth,
             "triangle": lambda p: scipy.signal.sawtooth(p, 0.5)}[shape](
        2 * np.pi * f0 * np.arange(SR) / SR)
    assert _alias_energy(x, f0, SR) < 1e-7
    if shape != "triangle":  # the naive triangle aliases too, but only faintly
        assert _alias_energy(naive, f0, SR) > 1e-5


@pytest.mark.parametrize("shape, odd_only", [("square", True), ("saw", False),
                                             ("triangle", True)])
def test_shape_harmonics(shape, odd_only):
    f0 = 441.0
    x = signals.tone(f0, seconds=1, sample_rate=SR, shape=shape)
    spec = np.abs(np.fft.rfft(x)) / (SR / 2)
    assert spec[441] == pytest.approx({"square": 4 / np.pi, "saw": 2 / np.pi,
                                       "triangle": 8 / np.pi ** 2}[shape], rel=1e-3)
    assert (spec[882] < 1e-6) == odd_only


def test_sweep_square_matches_scipy_far_from_nyquist():
    # at a low fundamental, the band-limited square is close to the ideal one
    x = signals.tone(50, seconds=0.2, sample_rate=SR, shape="square")
    ideal = scipy.signal.square(2 * np.pi * 50 * np.arange(x.size) / SR)
    assert np.median(np.abs(x - ideal)) < 0.02


def test_envelopes():
    assert np.all(signals.envelope("flat", 5) == 1)
    np.testing.assert_allclose(signals.envelope("rising", 5), [0, .25, .5, .75, 1])
    np.testing.assert_allclose(signals.envelope("falling", 5), [1, .75, .5, .25, 0])
    np.testing.assert_allclose(signals.envelope("both", 5), [0, .5, 1, .5, 0])


def test_fade():
    x = np.ones(1000, dtype=np.float32)
    y = signals.fade(x, sample_rate=1000, fade_in=0.1, fade_out=0.2)
    assert y[0] == 0 and y[-1] == pytest.approx(0, abs=1e-3)
    assert np.all(y[100:800] == 1)
    assert np.all(np.diff(y[:100]) > 0)


@pytest.mark.parametrize("kwargs", [
    dict(f_start=100, f_end=30000, seconds=1, sample_rate=SR),
    dict(f_start=-1, f_end=100, seconds=1, sample_rate=SR),
    dict(f_start=100, f_end=200, seconds=0, sample_rate=SR),
    dict(f_start=100, f_end=200, seconds=1, sample_rate=0),
    dict(f_start=100, f_end=200, seconds=1, sample_rate=44100.5),
])
def test_sweep_rejects_bad_parameters(kwargs):
    with pytest.raises(ParameterError):
        signals.sweep("sine", **kwargs)


def test_unknown_names_raise():
    with pytest.raises(ParameterError, match="unknown shape"):
        signals.sweep("circle", f_start=1, f_end=2, seconds=1, sample_rate=SR)
    with pytest.raises(ParameterError, match="unknown noise"):
        signals.noise("blue", seconds=1, sample_rate=SR)
    with pytest.raises(ParameterError, match="unknown envelope"):
        signals.envelope("wobble", 10)
    with pytest.raises(ParameterError, match="NaN"):
        signals.fade(np.array([0.1, np.nan]), sample_rate=SR, fade_in=0.1)
    with pytest.raises(ParameterError, match="fade lengths"):
        signals.fade(np.array([0.1, 0.2]), sample_rate=SR, fade_in=float("nan"))
