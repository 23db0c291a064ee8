import librosa
import numpy as np
import pytest

from dsp_paper import ParameterError, metrics

RNG = np.random.default_rng(0)
T = (0.3 * RNG.standard_normal(8192)).astype(np.float32)


def test_mse_rmse_std_reference():
    p = T + 0.1
    assert metrics.mse(p, T) == pytest.approx(0.01, rel=1e-5)
    assert metrics.rmse(p, T) == pytest.approx(0.1, rel=1e-5)
    assert metrics.error_std(p, T) == pytest.approx(0.0, abs=1e-6)  # constant error
    assert metrics.reference_std(T) == pytest.approx(np.std(T), rel=1e-6)
    row = metrics.table_row(p, T)
    assert set(row) == {"mse", "rmse", "std", "reference"}


def test_esr_known_values():
    assert metrics.esr(T, T) == 0
    assert metrics.esr(np.zeros_like(T), T) == pytest.approx(1.0)
    assert metrics.esr(0.5 * T, T) == pytest.approx(0.25)
    assert metrics.esr(-T, T) == pytest.approx(4.0)  # polarity flip
    assert metrics.esr(0.5 * T, T, pre_emphasis_coefficient=0.85) == pytest.approx(0.25)


def test_pre_emphasis_weights_high_frequencies():
    sr = 44100
    t = np.arange(sr) / sr
    low, high = np.sin(2 * np.pi * 100 * t), np.sin(2 * np.pi * 10000 * t)
    target = low + high
    miss_high, miss_low = low, high
    plain = metrics.esr(miss_high, target), metrics.esr(miss_low, target)
    emph = (metrics.esr(miss_high, target, pre_emphasis_coefficient=0.85),
            metrics.esr(miss_low, target, pre_emphasis_coefficient=0.85))
    assert plain[0] == pytest.approx(plain[1], rel=1e-3)
    assert emph[0] > 10 * emph[1]


def test_dc_error():
    assert metrics.dc_error(T + 0.3, T) == pytest.approx(0.09 / np.mean(T.astype(float) ** 2),
                                                         rel=1e-4)
    assert metrics.dc_error(T, T) == 0


def test_accuracy_12bit():
    step = metrics.TWELVE_BIT_STEP
    assert step == pytest.approx(0.000244, rel=1e-3)
    p = T.copy()
    p[::2] += 2 * step
    assert metrics.accuracy_12bit(p, T) == pytest.approx(0.5)


def test_log_spectral_distance():
    assert metrics.log_spectral_distance(T, T) == 0
    # ten times the amplitude is +20 dB in every bin
    assert metrics.log_spectral_distance(10 * T, T) == pytest.approx(20, rel=1e-4)
    # a one-sample delay leaves the spectrum (nearly) alone
    assert metrics.log_spectral_distance(np.roll(T, 1), T) < 1.0


def test_log_spectral_distance_against_librosa():
    p = (T + 0.05 * RNG.standard_normal(T.size)).astype(np.float32)
    sp = np.abs(librosa.stft(p, n_fft=2048, hop_length=512, center=False)) ** 2
    st = np.abs(librosa.stft(T, n_fft=2048, hop_length=512, center=False)) ** 2
    floor = st.max() * 1e-10
    d = 10 * np.log10(np.maximum(st, floor)) - 10 * np.log10(np.maximum(sp, floor))
    expected = np.mean(np.sqrt(np.mean(d ** 2, axis=0)))
    assert metrics.log_spectral_distance(p, T) == pytest.approx(expected, rel=1e-3)


def test_mr_stft_distance():
    assert metrics.mr_stft_distance(T, T) == pytest.approx(0, abs=1e-9)
    # doubling: convergence 1, log-magnitude difference ln 2 in every bin
    assert metrics.mr_stft_distance(2 * T, T) == pytest.approx(1 + np.log(2), rel=1e-3)
    # polarity flip: huge MSE, identical magnitudes
    assert metrics.mr_stft_distance(-T, T) == pytest.approx(0, abs=1e-9)
    assert metrics.mse(-T, T) > 0.3


def test_all_metrics_keys():
    row = metrics.all_metrics(0.9 * T, T)
    assert {"mse", "esr", "esr_pre_emphasis", "dc_error", "lsd_db", "mr_stft",
            "accuracy_12bit"} <= set(row)


@pytest.mark.parametrize("call", [
    lambda: metrics.mse(T, T[:-1]),
    lambda: metrics.esr(T, np.zeros_like(T)),
    lambda: metrics.mse(np.full(4, np.nan), np.zeros(4)),
    lambda: metrics.mse(np.array([]), np.array([])),
    lambda: metrics.log_spectral_distance(T[:100], T[:100]),
    lambda: metrics.dc_error(T, np.zeros_like(T)),
    lambda: metrics.mr_stft_distance(T, T, fft_sizes=()),
    lambda: metrics.mse(np.arange(4), np.arange(4)),
])
def test_bad_input(call):
    with pytest.raises(ParameterError):
        call()


def test_spectral_slope():
    from dsp_paper import signals
    pink = signals.noise("pink", seconds=10, sample_rate=44100, seed=2)
    assert metrics.spectral_slope(pink, 44100, f_low=100, f_high=4000) == pytest.approx(-3,
                                                                                        abs=0.3)
    tone_free = np.random.default_rng(1).standard_normal(44100)
    assert metrics.spectral_slope(tone_free, 44100, f_low=100, f_high=4000) == pytest.approx(
        0, abs=0.3)
    with pytest.raises(ParameterError):
        metrics.spectral_slope(pink, 44100, f_low=4000, f_high=100)


def test_spectral_flatness_against_librosa():
    noise = RNG.standard_normal(44100)
    tone = np.sin(2 * np.pi * 440 * np.arange(44100) / 44100)
    assert metrics.spectral_flatness(noise) > 0.4
    assert metrics.spectral_flatness(tone) < 0.01
    ref = librosa.feature.spectral_flatness(y=noise, n_fft=2048, hop_length=512, center=False,
                                            window="hann", amin=1e-10, power=2.0).mean()
    assert metrics.spectral_flatness(noise) == pytest.approx(ref, rel=0.05)


def test_band_level_db():
    from dsp_paper.metrics import band_level_db
    sr = 8000
    t = np.arange(sr * 2) / sr
    tone = np.sin(2 * np.pi * 100 * t)
    low = band_level_db(tone, sr, f_low=50, f_high=150)
    assert low == pytest.approx(10 * np.log10(0.5), abs=0.1)  # a unit sine carries power 1/2
    assert band_level_db(2 * tone, sr, f_low=50, f_high=150) - low == pytest.approx(6.02, abs=0.01)
    assert band_level_db(tone, sr, f_low=1000, f_high=2000) < low - 60
    with pytest.raises(ParameterError):
        band_level_db(tone, sr, f_low=100, f_high=5000)


def test_band_limited_lsd_against_numpy_framing():
    import numpy as np

    from dsp_paper import metrics

    rng = np.random.default_rng(5)
    sr, n_fft, hop = 16000, 512, 128
    t = rng.standard_normal(8192)
    p = t + 0.3 * rng.standard_normal(8192)
    frames = lambda x: np.stack([x[i:i + n_fft] for i in range(0, x.size - n_fft + 1, hop)])
    window = np.hanning(n_fft + 1)[:-1]  # scipy's periodic Hann
    power = lambda x: np.abs(np.fft.rfft(frames(x) * window, axis=1)) ** 2
    freqs = np.fft.rfftfreq(n_fft, 1 / sr)
    keep = (freqs >= 300) & (freqs <= 3000)
    pt, pp = power(t)[:, keep], power(p)[:, keep]
    floor = pt.max() * 10 ** (-60 / 10)
    diff = 10 * np.log10(np.maximum(pt, floor)) - 10 * np.log10(np.maximum(pp, floor))
    expected = np.mean(np.sqrt(np.mean(diff ** 2, axis=1)))
    got = metrics.log_spectral_distance(p, t, n_fft=n_fft, hop=hop, floor_db=-60.0,
                                        band=(300, 3000), sample_rate=sr)
    assert got == pytest.approx(expected, rel=1e-6)
    # the long-term distance ignores phase entirely
    assert metrics.long_term_spectrum_distance(-t, t, sample_rate=sr, band=(300, 3000)) == 0.0
    with pytest.raises(ParameterError):
        metrics.log_spectral_distance(p, t, band=(300, 9000), sample_rate=sr)


# ---------------------------------------------------------------- ViSQOL's MOS-LQO

@pytest.fixture(scope="module")
def voice_2s():
    from dsp_paper import material

    audio = material.voice(sample_rate=22050).audio
    return np.ascontiguousarray(audio[22050:3 * 22050]).astype(np.float32)


def test_mos_lqo_of_identical_audio_is_the_top_of_the_scale(voice_2s):
    assert metrics.mos_lqo(voice_2s, voice_2s, sample_rate=22050) == pytest.approx(
        metrics.VISQOL_IDENTICAL, abs=1e-3)


def test_mos_lqo_is_the_library_at_48k_after_polyphase_resampling(voice_2s):
    import scipy.signal
    from visqol.api import VisqolApi

    noisy = voice_2s + 0.01 * RNG.standard_normal(voice_2s.size).astype(np.float32)
    up = lambda x: scipy.signal.resample_poly(x, 320, 147).astype(np.float32).astype(np.float64)
    api = VisqolApi()
    api.create(mode="audio")
    direct = api.measure_from_arrays(up(voice_2s), up(noisy), 48000).moslqo
    assert metrics.mos_lqo(noisy, voice_2s, sample_rate=22050) == pytest.approx(direct, abs=1e-9)


def test_mos_lqo_falls_as_noise_rises(voice_2s):
    rms = float(np.sqrt(np.mean(voice_2s ** 2)))
    noise = np.random.default_rng(1).standard_normal(voice_2s.size).astype(np.float32)
    scores = [metrics.mos_lqo(voice_2s + rms * 10 ** (db / 20) * noise, voice_2s,
                              sample_rate=22050) for db in (-50, -40, -30, -20, -10)]
    assert np.all(np.diff(scores) < 0), scores
    assert scores[-1] < 2.5 < scores[0]


def test_mos_lqo_ignores_polarity_and_a_one_sample_delay(voice_2s):
    delayed = np.concatenate([[0.0], voice_2s[:-1]]).astype(np.float32)
    for changed in (-voice_2s, delayed):
        assert metrics.mos_lqo(changed, voice_2s, sample_rate=22050) == pytest.approx(
            metrics.VISQOL_IDENTICAL, abs=0.01)


def test_mos_lqo_judges_each_channel(voice_2s):
    noisy = voice_2s + 0.02 * np.random.default_rng(2).standard_normal(voice_2s.size)
    stereo_target = np.stack([voice_2s, voice_2s])
    stereo = np.stack([voice_2s, noisy.astype(np.float32)])
    scores = metrics.mos_lqo(stereo, stereo_target, sample_rate=22050)
    assert scores.shape == (2,)
    assert scores[0] == pytest.approx(metrics.VISQOL_IDENTICAL, abs=1e-3)
    assert scores[1] == pytest.approx(metrics.mos_lqo(noisy.astype(np.float32), voice_2s,
                                                      sample_rate=22050))


def test_mos_lqo_refuses_what_it_cannot_judge(voice_2s):
    sr = 22050
    short = voice_2s[:int(0.9 * sr)]
    with pytest.raises(ParameterError, match="at least 0.96 s"):
        metrics.mos_lqo(short, short, sample_rate=sr)
    with pytest.raises(ParameterError, match="prediction is silent"):
        metrics.mos_lqo(np.zeros_like(voice_2s), voice_2s, sample_rate=sr)
    with pytest.raises(ParameterError, match="target is silent"):
        metrics.mos_lqo(voice_2s, np.zeros_like(voice_2s), sample_rate=sr)
    with pytest.raises(ParameterError, match="channel 1 of prediction is silent"):
        metrics.mos_lqo(np.stack([voice_2s, 0 * voice_2s]), np.stack([voice_2s, voice_2s]),
                        sample_rate=sr)
    bad = voice_2s.copy()
    bad[10] = np.nan
    with pytest.raises(ParameterError, match="NaN"):
        metrics.mos_lqo(bad, voice_2s, sample_rate=sr)
    with pytest.raises(ParameterError, match="mismatched lengths"):
        metrics.mos_lqo(voice_2s[:-1], voice_2s, sample_rate=sr)


def test_mos_lqo_builds_its_judge_once(voice_2s):
    metrics.mos_lqo(voice_2s, voice_2s, sample_rate=22050)
    first = metrics._visqol_api()
    metrics.mos_lqo(-voice_2s, voice_2s, sample_rate=22050)
    assert metrics._visqol_api() is first


@pytest.mark.slow
def test_mos_lqo_seconds_reports_each_call():
    from dsp_paper.nn.benchmark import mos_lqo_seconds

    got = mos_lqo_seconds(seconds=1.0, sample_rate=22050, repeats=2)
    assert len(got["per_clip"]) == 2 and all(t > 0 for t in got["per_clip"])
    assert got["first_call"] >= 0 and got["per_second_of_audio"] > 0
