"""The perceptual judges beside ViSQOL (dsp_paper.perceptual) and their catalogue.

The 2f-model's tests are marked slow: in a process without numba's cache (NUMBA_CACHE_DIR)
its first call compiles seabass's kernels for about 80 s; with it, about a second.
"""
import numpy as np
import pytest

from dsp_paper import ParameterError, metrics, perceptual

SR = 22050  # not 48 kHz, so the judges that need 48 kHz resample
NEW = ["zimtohrli", "2f", "loudness"]
TWO_F = pytest.mark.slow


def _new_measures():
    return [pytest.param(name, marks=TWO_F) if name == "2f" else name for name in NEW]


@pytest.fixture(scope="module")
def voice():
    from dsp_paper import material

    audio = material.voice(sample_rate=SR).audio
    return np.ascontiguousarray(audio[SR:SR + 3 * SR // 2]).astype(np.float32)  # 1.5 s


def _noisy(clean, db, seed=1):
    rms = float(np.sqrt(np.mean(clean.astype(np.float64) ** 2)))
    noise = np.random.default_rng(seed).standard_normal(clean.shape[-1])
    return (clean + rms * 10 ** (db / 20) * noise).astype(np.float32)


def test_the_catalogue_holds_the_four_in_order():
    assert list(perceptual.PERCEPTUAL_MEASURES) == ["visqol", "zimtohrli", "2f", "loudness"]
    for name, measure in perceptual.PERCEPTUAL_MEASURES.items():
        assert measure.name == name and perceptual.perceptual_measure(name) is measure
        assert 0 < measure.resolution < measure.margin
    visqol = perceptual.perceptual_measure("visqol")
    assert visqol.function is metrics.mos_lqo and visqol.identical == metrics.VISQOL_IDENTICAL
    assert [perceptual.PERCEPTUAL_MEASURES[n].higher_is_better for n in NEW] == [True, True,
                                                                                 False]


def test_an_unknown_measure_is_refused_by_name():
    with pytest.raises(ParameterError, match="'visqol', 'zimtohrli', '2f', 'loudness'"):
        perceptual.perceptual_measure("x")


def test_badness_is_larger_for_worse():
    assert perceptual.perceptual_measure("zimtohrli").badness(4.0) == -4.0
    assert perceptual.perceptual_measure("loudness").badness(2.5) == 2.5


def test_zimtohrli_identical_is_its_mos_of_distance_zero():
    import zimtohrli

    assert perceptual.perceptual_measure("zimtohrli").identical == pytest.approx(
        zimtohrli.mos_from_zimtohrli(0.0), abs=1e-6)


@pytest.mark.parametrize("name", _new_measures())
def test_an_identical_copy_scores_the_documented_value(voice, name):
    measure = perceptual.perceptual_measure(name)
    assert measure.score(voice, voice.copy(), sample_rate=SR) == pytest.approx(
        measure.identical, abs=1e-6)


@pytest.mark.parametrize("name", _new_measures())
def test_more_noise_scores_worse(voice, name):
    measure = perceptual.perceptual_measure(name)
    badness = [measure.badness(measure.score(_noisy(voice, db) if db else voice, voice,
                                             sample_rate=SR)) for db in (None, -40, -20)]
    assert badness[0] < badness[1] < badness[2], badness


@pytest.mark.parametrize("name", _new_measures())
def test_every_channel_is_judged(voice, name):
    measure = perceptual.perceptual_measure(name)
    noisy = _noisy(voice, -20)
    scores = measure.score(np.stack([voice, noisy]), np.stack([voice, voice]), sample_rate=SR)
    assert isinstance(scores, np.ndarray) and scores.shape == (2,)
    assert scores[0] == pytest.approx(measure.identical, abs=1e-6)
    assert scores[1] == pytest.approx(measure.score(noisy, voice, sample_rate=SR), abs=1e-9)
    assert measure.score_or_nan(np.stack([voice, noisy]), np.stack([voice, voice]),
                                sample_rate=SR) == pytest.approx(np.mean(scores))


@pytest.mark.parametrize("name", NEW)
def test_what_cannot_be_judged_is_refused(voice, name):
    # refused before the judge runs: no 2f kernel is compiled here
    score = perceptual.perceptual_measure(name).function
    short = voice[:int(0.9 * SR)]
    bad = voice.copy()
    bad[10] = np.nan
    cases = [((short, short), "at least 0.96 s"),
             ((np.zeros_like(voice), voice), "prediction is silent"),
             ((voice, np.zeros_like(voice)), "target is silent"),
             ((np.stack([voice, 0 * voice]), np.stack([voice, voice])),
              "channel 1 of prediction is silent"),
             ((bad, voice), "NaN"),
             ((voice[:-1], voice), "mismatched lengths"),
             ((np.zeros(0, np.float32), np.zeros(0, np.float32)), "empty")]
    for (prediction, target), message in cases:
        with pytest.raises(ParameterError, match=message):
            score(prediction, target, sample_rate=SR)
    with pytest.raises(ParameterError):
        score(voice, voice, sample_rate=0)


@pytest.mark.parametrize("name", ["visqol", *NEW])
def test_score_or_nan_is_nan_where_there_is_nothing_to_judge(voice, name):
    measure = perceptual.perceptual_measure(name)
    short = voice[:int(0.9 * SR)]
    assert np.isnan(measure.score_or_nan(short, short, sample_rate=SR))
    assert np.isnan(measure.score_or_nan(np.zeros_like(voice), voice, sample_rate=SR))
    with pytest.raises(ParameterError, match="mismatched lengths"):
        measure.score_or_nan(voice[:-1], voice, sample_rate=SR)


@TWO_F
def test_mushra_2f_leaves_the_callers_arrays_alone(voice):
    from dsp_paper.audio_io import resample

    target = resample(voice, orig_sr=SR, target_sr=48000).astype(np.float64)
    prediction = _noisy(target, -30).astype(np.float64)
    kept = prediction.copy(), target.copy()
    first = perceptual.mushra_2f(prediction, target, sample_rate=48000)
    assert perceptual.mushra_2f_started()
    np.testing.assert_array_equal(prediction, kept[0])
    np.testing.assert_array_equal(target, kept[1])
    assert perceptual.mushra_2f(prediction, target, sample_rate=48000) == first
    assert isinstance(first, float) and 0.0 <= first < 100.0


@TWO_F
def test_mushra_2f_refuses_a_reference_too_quiet_for_peaq(voice):
    with pytest.raises(ParameterError, match="2f-model cannot judge"):
        perceptual.mushra_2f(1e-3 * voice, 1e-3 * voice, sample_rate=SR)


def test_loudness_error_of_a_gain_is_the_gain_in_db(voice):
    for db in (-6.0, 6.0):
        changed = voice * 10 ** (db / 20)
        assert perceptual.loudness_error(changed, voice, sample_rate=SR) == pytest.approx(
            abs(db), abs=0.01)


def test_loudness_error_judges_at_any_rate(voice):
    tone = 0.1 * np.sin(2 * np.pi * 1000 * np.arange(48000) / 48000)
    assert perceptual.loudness_error(0.5 * tone, tone, sample_rate=48000) == pytest.approx(
        6.02, abs=0.01)
    assert perceptual.loudness_error(0.5 * voice, voice, sample_rate=SR) == pytest.approx(
        6.02, abs=0.01)


def test_loudness_error_counts_a_silent_stretch_as_at_the_gate(voice):
    gapped = voice.copy()
    gapped[: SR // 2] = 0.0
    error = perceptual.loudness_error(gapped, voice, sample_rate=SR)
    assert np.isfinite(error) and error > 1.0


def test_loudness_error_refuses_a_target_below_the_gate(voice):
    quiet = 1e-5 * voice  # about -100 LUFS: not silent, but below the absolute gate
    with pytest.raises(ParameterError, match="-70 LUFS"):
        perceptual.loudness_error(voice, quiet, sample_rate=SR)
