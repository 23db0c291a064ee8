import numpy as np
import pytest

from dsp_paper import ParameterError, critique, effects, material

SR = 22050


@pytest.fixture(scope="module")
def voice_cases():
    dry = material.voice(sample_rate=SR).audio[:SR * 2]
    target = effects.highpass_eq(dry, sample_rate=SR)
    return dry, target, critique.degradations(dry, target, sample_rate=SR)


def test_degradations_do_what_they_say(voice_cases):
    dry, target, cases = voice_cases
    np.testing.assert_array_equal(cases["delayed 1 sample"][1:], target[:-1].astype(np.float32))
    np.testing.assert_array_equal(cases["polarity flipped"], -target.astype(np.float32))
    noise = cases["noise -40 dB"] - target
    assert 20 * np.log10(np.std(noise) / np.std(target)) == pytest.approx(-40, abs=0.2)
    assert all(c.shape == target.shape for c in cases.values())


def test_mse_disagrees_with_the_ear_and_spectral_measures_agree(voice_cases):
    _, target, cases = voice_cases
    table = critique.measure_table(cases, target)
    agree = critique.agreement_table(table)
    n = len(critique.EAR_PAIRS)
    assert agree.loc["agrees with the ear", "MR-STFT"] == f"{n} of {n}"
    # the inaudible delay and flip cost more MSE than the audible hiss
    assert table.loc["polarity flipped", "MSE"] > table.loc["noise -40 dB", "MSE"]
    assert table.loc["polarity flipped", "MR-STFT"] < 1e-3


def test_bad_input(voice_cases):
    dry, target, cases = voice_cases
    with pytest.raises(ParameterError):
        critique.degradations(dry[:100], target, sample_rate=SR)
    with pytest.raises(ParameterError):
        critique.agreement_table(critique.measure_table({"x": target}, target))
