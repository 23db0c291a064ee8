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


def test_controlled_cases_and_ear_agreement(voice_cases):
    dry, target, _ = voice_cases
    got_target, cases, table = critique.controlled_cases(dry, sample_rate=SR)
    np.testing.assert_allclose(got_target, target)
    assert list(table.index) == list(cases) and list(table.columns) == list(critique.MEASURES)
    counts = critique.ear_agreement({"voice": table, "again": table})
    n = len(critique.EAR_PAIRS)
    assert counts.loc["voice", "pairs"] == n and counts.loc["all", "pairs"] == 2 * n
    assert counts.loc["all", "MR-STFT"] == 2 * n
    assert counts.loc["voice", "MSE"] < n  # MSE hears the inaudible flip as worse than hiss


def test_rank_table_and_disputed_pairs():
    import pandas as pd

    table = pd.DataFrame({"MSE": [1.0, 2.0, 3.0], "MR-STFT": [0.3, 0.2, 0.1], "ESR": [1, 2, 3]},
                         index=["a", "b", "c"])
    ranks = critique.rank_table(table)
    assert ranks["MSE"].tolist() == [1, 2, 3] and ranks["MR-STFT"].tolist() == [3, 2, 1]
    disputed = critique.disputed_pairs(table)
    assert len(disputed) == 3  # every pair is ordered the other way round
    top = disputed.iloc[0]  # a vs c: MSE 3x apart, MR-STFT 3x the other way
    assert {top["better by MSE"], top["better by MR-STFT"]} == {"a", "c"}
    assert top["dispute"] == pytest.approx(9.0)
    assert critique.disputed_pairs(table, second="ESR").empty
    with pytest.raises(ParameterError):
        critique.disputed_pairs(table, second="LSD")


def test_disputed_players_show_both_sides():
    import pandas as pd

    t = np.linspace(-1, 1, 2000).astype(np.float32)
    outputs = {"a": t, "b": -t}
    table = pd.DataFrame({"MSE": [1.0, 2.0], "MR-STFT": [2.0, 1.0]}, index=["a", "b"])
    html = critique.disputed_players(critique.disputed_pairs(table), outputs, t,
                                     sample_rate=SR).data
    assert "a (MSE prefers)" in html and "b (MR-STFT prefers)" in html
    same = pd.DataFrame({"MSE": [1.0, 2.0], "MR-STFT": [1.0, 2.0]}, index=["a", "b"])
    assert "alike" in critique.disputed_players(critique.disputed_pairs(same), outputs, t,
                                                sample_rate=SR).data
