"""The fault families: each keeps length and dtype, orders its severities by construction,
and refuses what makes no sense."""
from __future__ import annotations

import numpy as np
import pytest

from dsp_paper import faults, material
from dsp_paper.errors import ParameterError

SR = 16000
# mildest first; each family's "ordered" severities
SEVERITIES = {
    "level": [-0.5, -1.0, -3.0, -6.0],
    "broadband noise": [-50.0, -40.0, -30.0, -20.0],
    "noise in an empty band": [-50.0, -40.0, -30.0, -20.0],
    "low-order distortion": [-50.0, -40.0, -30.0, -20.0],
    "high-order distortion": [-1.0, -3.0, -6.0, -12.0],
    "aliasing": [-50.0, -40.0, -30.0, -20.0],
    "cut-off": [0.0, 5.0, 25.0, 100.0],
    "compression": [1.0, 2.0, 4.0, 20.0],
    "expansion": [1.0, 2.0, 4.0, 20.0],
    "pre-echo": [-40.0, -30.0, -20.0, -10.0],
    "smeared transients": [0.0, 2.0, 10.0, 40.0],
    "delay": [0.0, 0.5, 1.0, 10.0],
}
EXACT = ("broadband noise", "noise in an empty band", "low-order distortion", "aliasing",
         "pre-echo")


@pytest.fixture(scope="module")
def voice() -> np.ndarray:
    # 1 s from 0.3 s: the end of the leading silence, then speech
    return material.voice(sample_rate=SR).audio[int(0.3 * SR):int(1.3 * SR)]


@pytest.fixture(scope="module")
def cases(voice):
    return faults.fault_cases(voice, SEVERITIES, sample_rate=SR)


def _esr_db(faulty: np.ndarray, clean: np.ndarray) -> float:
    faulty, clean = faulty.astype(np.float64), clean.astype(np.float64)
    error = max(float(np.sum((faulty - clean) ** 2)), 1e-30)  # identical copies: -300 dB
    return float(10 * np.log10(error / np.sum(clean ** 2)))


def test_the_families_in_order_and_what_they_say():
    assert list(faults.FAULT_FAMILIES) == list(SEVERITIES)
    for name, family in faults.FAULT_FAMILIES.items():
        assert family.name == name and family.setting and family.unit
        assert family.expectation == ("unheard" if name == "delay" else "ordered")
    assert {n for n, f in faults.FAULT_FAMILIES.items() if f.seeded} == {
        "broadband noise", "noise in an empty band"}
    with pytest.raises(AttributeError):
        faults.FAULT_FAMILIES["level"].unit = "%"  # frozen


def test_every_family_keeps_length_and_dtype(voice, cases):
    assert list(cases) == list(SEVERITIES)
    for family, (clean, faulty) in cases.items():
        assert list(faulty) == SEVERITIES[family]
        for audio in (clean, *faulty.values()):
            assert audio.shape == voice.shape and audio.dtype == np.float32, family
            assert np.all(np.isfinite(audio)), family


def test_apply_fault_is_what_fault_cases_holds(voice, cases):
    for family in ("broadband noise", "aliasing", "compression", "cut-off"):
        severity = SEVERITIES[family][-1]
        np.testing.assert_array_equal(
            faults.apply_fault(voice, family, severity, sample_rate=SR),
            cases[family][1][severity])


@pytest.mark.parametrize("family", [f for f, v in faults.FAULT_FAMILIES.items()
                                    if v.expectation == "ordered"])
def test_the_error_grows_with_severity(cases, family):
    clean, faulty = cases[family]
    errors = [_esr_db(faulty[s], clean) for s in SEVERITIES[family]]
    assert all(b > a + 1 for a, b in zip(errors, errors[1:])), errors


@pytest.mark.parametrize("family", EXACT)
def test_the_added_components_are_exactly_at_their_level(cases, family):
    clean, faulty = cases[family]
    for severity in SEVERITIES[family]:
        assert _esr_db(faulty[severity], clean) == pytest.approx(severity, abs=0.01)


def test_pre_echo_is_the_signal_plus_a_copy_10_ms_early_at_a_gain(voice):
    lead = int(0.01 * SR)
    out = faults.apply_fault(voice, "pre-echo", -20.0, sample_rate=SR)
    early = np.concatenate([voice[lead:], np.zeros(lead)])
    np.testing.assert_allclose(out, voice + 0.1 * early, atol=1e-6)


def test_a_level_of_minus_6_db_halves_the_amplitude(voice):
    out = faults.apply_fault(voice, "level", -6.0, sample_rate=SR)
    np.testing.assert_allclose(out, voice * 10 ** (-6 / 20), rtol=1e-6)
    assert 10 ** (-6 / 20) == pytest.approx(0.5, abs=0.002)


def test_high_order_distortion_clips_at_the_level_re_the_peak(voice):
    out = faults.apply_fault(voice, "high-order distortion", -6.0, sample_rate=SR)
    assert np.max(np.abs(out)) == pytest.approx(np.max(np.abs(voice)) * 10 ** (-6 / 20))
    np.testing.assert_array_equal(faults.apply_fault(voice, "high-order distortion", 0.0,
                                                     sample_rate=SR), voice)


@pytest.mark.parametrize("ms, samples", [(0.0, 0), (1.0, 16), (2.5, 40), (10.0, 160)])
def test_delay_shifts_by_whole_samples(voice, ms, samples):
    out = faults.apply_fault(voice, "delay", ms, sample_rate=SR)
    np.testing.assert_array_equal(out[:samples], 0)
    np.testing.assert_array_equal(out[samples:], voice[:voice.size - samples])


@pytest.mark.parametrize("family", list(SEVERITIES))
def test_the_seed_changes_only_the_seeded_families(voice, family):
    severity = SEVERITIES[family][-1]
    a, b, c = (faults.apply_fault(voice, family, severity, sample_rate=SR, seed=s)
               for s in (0, 0, 1))
    np.testing.assert_array_equal(a, b)
    assert (not np.array_equal(a, c)) == faults.FAULT_FAMILIES[family].seeded


@pytest.mark.parametrize("family", ["compression", "expansion"])
def test_dynamics_keep_the_rms(voice, cases, family):
    rms = np.sqrt(np.mean(voice.astype(np.float64) ** 2))
    for out in cases[family][1].values():
        assert np.sqrt(np.mean(out.astype(np.float64) ** 2)) == pytest.approx(rms, rel=1e-5)


def test_the_cut_off_family_compares_tone_controls(voice, cases):
    clean, faulty = cases["cut-off"]
    np.testing.assert_array_equal(faulty[0.0], clean)
    assert not np.allclose(clean, voice, atol=1e-3)  # the clean copy is filtered
    for family in SEVERITIES:
        if family != "cut-off":
            np.testing.assert_array_equal(cases[family][0], voice)


def test_noise_in_an_empty_band_lies_above_the_edge(voice, cases):
    edge = faults.empty_band_edge_hz(voice, sample_rate=SR)
    assert 1000 < edge < 0.9 * SR / 2
    noise = cases["noise in an empty band"][1][-20.0].astype(np.float64) - voice
    power = np.abs(np.fft.rfft(noise)) ** 2
    freqs = np.fft.rfftfreq(noise.size, 1 / SR)
    assert np.sum(power[freqs < 0.8 * edge]) < 1e-3 * np.sum(power)


def test_the_empty_band_edge():
    t = np.arange(SR) / SR
    assert faults.empty_band_edge_hz(np.sin(2 * np.pi * 500 * t), sample_rate=SR) == 500.0
    white = np.random.default_rng(0).standard_normal(SR)
    assert faults.empty_band_edge_hz(white, sample_rate=SR) == pytest.approx(0.9 * SR / 2)


def test_fault_cases_share_the_noise_across_severities(voice, cases):
    clean, faulty = cases["broadband noise"]
    a = faulty[-40.0].astype(np.float64) - clean
    b = faulty[-20.0].astype(np.float64) - clean
    np.testing.assert_allclose(b, 10 * a, rtol=1e-3, atol=1e-6)


@pytest.mark.parametrize("audio, message", [
    (np.full((2, 800), 0.1, np.float32), "mono"),
    (np.zeros(800, np.float32), "silent"),
    (np.array([0.1, np.nan, 0.2] * 300, np.float32), "NaN"),
])
def test_refuses_unusable_audio(audio, message):
    with pytest.raises(ParameterError, match=message):
        faults.apply_fault(audio, "level", -1.0, sample_rate=SR)
    with pytest.raises(ParameterError, match=message):
        faults.clean_copy(audio, "level", sample_rate=SR)


@pytest.mark.parametrize("sample_rate", [0, -16000, 16000.5])
def test_refuses_a_bad_sample_rate(voice, sample_rate):
    with pytest.raises(ParameterError, match="sample_rate"):
        faults.apply_fault(voice, "level", -1.0, sample_rate=sample_rate)


def test_refuses_an_unknown_family(voice):
    with pytest.raises(ParameterError, match="unknown fault family 'hiss'.*'pre-echo'"):
        faults.apply_fault(voice, "hiss", -1.0, sample_rate=SR)
    with pytest.raises(ParameterError, match="unknown fault family"):
        faults.fault_cases(voice, {"hiss": [1.0]}, sample_rate=SR)


@pytest.mark.parametrize("family, severity, message", [
    ("compression", 0.5, "ratio of at least 1"),
    ("expansion", 0.0, "ratio of at least 1"),
    ("delay", -1.0, "0 ms or more"),
    ("delay", 1000.0, "leaves nothing"),
    ("smeared transients", -2.0, "0 ms or more"),
    ("cut-off", -100.0, "above -100"),
    ("cut-off", 300.0, "Nyquist"),
    ("high-order distortion", 1.0, "above 0 dB"),
    ("level", float("nan"), "finite number"),
    ("level", True, "finite number"),
])
def test_refuses_a_severity_that_makes_no_sense(voice, family, severity, message):
    with pytest.raises(ParameterError, match=message):
        faults.apply_fault(voice, family, severity, sample_rate=SR)
    with pytest.raises(ParameterError, match=message):
        faults.fault_cases(voice, {family: [severity]}, sample_rate=SR)


@pytest.mark.parametrize("seed", [-1, 1.5, True])
def test_refuses_a_bad_seed(voice, seed):
    with pytest.raises(ParameterError, match="seed"):
        faults.apply_fault(voice, "broadband noise", -20.0, sample_rate=SR, seed=seed)


def test_refuses_aliasing_of_material_with_nothing_to_alias():
    with pytest.raises(ParameterError, match="nothing to alias"):
        faults.apply_fault(np.full(SR, 0.5, np.float32), "aliasing", -20.0, sample_rate=SR)


def test_refuses_severities_that_are_not_a_mapping_of_sequences(voice):
    with pytest.raises(ParameterError, match="map each family"):
        faults.fault_cases(voice, [("level", [-1.0])], sample_rate=SR)
    with pytest.raises(ParameterError, match="sequence of numbers"):
        faults.fault_cases(voice, {"level": -1.0}, sample_rate=SR)
