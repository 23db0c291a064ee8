import numpy as np
import pytest

from dsp_paper import ParameterError, effects, faults, material
from dsp_paper.studies import mse_critique as critique
from dsp_paper.study.calibration import PerceptualChoice

SR = 22050

# The calibration's choice when no candidate passes every family: ViSQOL's numbers shown (the
# made-up tables below hold its column alone), every other candidate failing more families.
UNCALIBRATED = PerceptualChoice(
    "", "visqol",
    {"visqol": tuple(f for f in critique.PERCEPTUAL_FAMILIES if f not in ("level", "pre-echo")),
     "2f": ("level",)}, critique.PERCEPTUAL_FAMILIES)


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


@pytest.mark.slow
def test_controlled_cases_and_ear_agreement(voice_cases):
    dry, target, _ = voice_cases
    got_target, cases, table = critique.controlled_cases(dry, sample_rate=SR)
    np.testing.assert_allclose(got_target, target)
    assert list(table.index) == list(cases)
    assert list(table.columns) == [*critique.MEASURES, critique.MOS_LQO]
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


def test_dispute_clips_name_each_side_once():
    import pandas as pd

    t = np.linspace(-1, 1, 2000).astype(np.float32)
    outputs = {"a": t, "b": -t, "c": 0.5 * t}
    table = pd.DataFrame({"MSE": [1.0, 2.0, 3.0], "MR-STFT": [3.0, 2.0, 1.0]}, index=list("abc"))
    clips, what = critique.dispute_clips(critique.disputed_pairs(table), outputs, t, shown=2,
                                         second="MR-STFT")
    assert list(clips)[0] == "target" and set(clips) == {"target", "a", "b", "c"}
    assert "MSE prefers it to c" in what["a"] and "MR-STFT prefers it to a" in what["c"]
    same = pd.DataFrame({"MSE": [1.0, 2.0], "MR-STFT": [1.0, 2.0]}, index=["a", "b"])
    clips, _ = critique.dispute_clips(critique.disputed_pairs(same), outputs, t, shown=3,
                                      second="MR-STFT")
    assert list(clips) == ["target"]
    with pytest.raises(ParameterError, match="not given"):
        critique.dispute_clips(critique.disputed_pairs(table), {"a": t}, t, shown=1,
                               second="MR-STFT")


def test_degradations_use_the_effect_they_are_given(voice_cases):
    dry, _, _ = voice_cases
    target = effects.highpass_eq(dry, sample_rate=SR, cutoff_hz=500.0, order=4)
    cases = critique.degradations(dry, target, sample_rate=SR, cutoff_hz=500.0, order=4)
    np.testing.assert_allclose(cases["cut-off 10 % off"],
                               effects.highpass_eq(dry, sample_rate=SR, cutoff_hz=550.0, order=4),
                               atol=1e-6)


# ---------------------------------------------------------------- made-up runs for 07's text

def _made_up_run(epochs, *, cap):
    """A finished training of ``epochs`` epochs: stopped on a plateau (patience 1, the best
    epoch one before the last, restored) below ``cap``, at the cap otherwise."""
    from dsp_paper.nn.training import TrainingLog, TrainingResult

    plateau = epochs < cap
    val = [1.0 / e for e in range(1, epochs + 1)]
    if plateau:
        val[-1] = val[-2] + 0.1
    log = TrainingLog(epoch=list(range(1, epochs + 1)), loss=val, val_loss=val,
                      seconds=[float(e) for e in range(1, epochs + 1)],
                      steps=[2 * e for e in range(1, epochs + 1)],
                      stopped_early=epochs if plateau else None,
                      restored_epoch=epochs - 1 if plateau else epochs, epochs_planned=cap,
                      patience=1, stopped_by="plateau" if plateau else "epochs")
    return TrainingResult(None, log, {}, resumed_from=0)


def _made_up_runs(decisive_first_seed=True):
    """07's results objects over a second of made-up audio (no training)."""
    import pandas as pd

    from dsp_paper.windowing import Pair

    rng = np.random.default_rng(1)
    n = SR  # long enough for ViSQOL
    dry = rng.standard_normal(n).astype(np.float32) * 0.1
    target = effects.highpass_eq(dry, sample_rate=SR)
    noisy = lambda level: (target + level * rng.standard_normal(n)).astype(np.float32)
    band = (20.0, 10000.0)
    table = lambda outs: critique.measure_table(outs, target, sample_rate=SR, band=band)
    _, cases, case_table = critique.controlled_cases(dry, sample_rate=SR, band=band)
    study = critique.ControlledStudy(SR, {"voice": target}, {"voice": cases}, {"voice": case_table})
    # seed 0: a quiet output with a spectral hole against a louder broadband one
    holed = critique.degradations(dry, target, sample_rate=SR)["high band removed"]
    lp_outputs = {0: {"holed": holed, "hiss": noisy(0.05), "close": noisy(0.001)},
                  1: {"a": noisy(0.01), "b": noisy(0.1)}}
    lp_tables = {s: table(o) for s, o in lp_outputs.items()}
    lp_decisive = {s: critique.decisive_disputes(t, mse_margin_db=1.0, second_margin=1.0)
                   for s, t in lp_tables.items()}
    if not decisive_first_seed:
        lp_decisive[0] = lp_decisive[0].iloc[:0]
    lowpass = critique.LowpassRejudged((0, 1), None, lp_outputs, lp_tables, lp_decisive, {}, {},
                                       (), 0, UNCALIBRATED)
    voice = Pair(dry, target)
    highpass = critique.HighpassRejudged(None, None, {critique.VOICE: voice}, voice,
                                         {critique.VOICE: 0}, {}, {}, (), (),
                                         {"x": noisy(0.01), "y": noisy(0.2)}, {}, UNCALIBRATED)
    highpass.tables[critique.VOICE] = table(highpass.outputs)
    conv_outputs = {"MSE (04)": noisy(0.02), "MR-STFT": noisy(0.03), "MR-STFT + ESR": noisy(0.01)}
    conv_table = pd.concat({m: table(conv_outputs) for m in ("piano", "voice")},
                           names=["material", "trained on"])
    conv = critique.SpectralConv(0, 3, SR, 1000.0, {}, {"piano": target, "voice": target},
                                 {k: {"piano": v, "voice": v} for k, v in conv_outputs.items()},
                                 conv_table)
    stream_outputs = {(name, s): {"voice": noisy(level * (1 + s))}
                      for name, level in ((critique.STREAM_BASELINE, 0.02),
                                          ("MR-STFT + ESR", 0.01))
                      for s in (0, 1)}
    stream_table = pd.concat({"voice": table({f"{n}, seed {s}": o["voice"]
                                              for (n, s), o in stream_outputs.items()})},
                             names=["material", "trained on"])
    # every run stopped on a plateau after 3 epochs but the MR-STFT + ESR one of seed 1, which
    # used up its cap of 4
    stream_runs = {key: _made_up_run(4 if key == ("MR-STFT + ESR", 1) else 3, cap=4)
                   for key in stream_outputs}
    stream = critique.SpectralStreaming((0, 1), 4, SR, 440.0, stream_runs,
                                        {"voice": voice}, stream_outputs, stream_table)
    fir = "least-squares FIR, 8 taps"
    floor = critique.Floor(8, {"high-pass, voice": table({"x": noisy(0.01), fir: noisy(1e-4)}),
                               "lowpass, piano": table({"y": noisy(1e-5), fir: noisy(1e-4)})},
                           {"high-pass, voice": "the high-pass", "lowpass, piano": "the lowpass"})
    verdicts = pd.DataFrame({"verdict": ["VERDICT-A", "VERDICT-B", "VERDICT-C"],
                             "why this verdict": ["reason a", "reason b", "reason c"]},
                            index=pd.Index(["C0.6c", "C2.4b", "C0.6d"], name="id"))
    return dict(study=study, lowpass=lowpass, highpass=highpass, conv=conv, stream=stream,
                floor=floor, verdicts=verdicts)


@pytest.mark.slow
@pytest.mark.parametrize("decisive", [True, False])
def test_what_it_means_is_written_from_the_numbers(decisive):
    runs = _made_up_runs(decisive_first_seed=decisive)
    text = critique.what_it_means(**runs)
    assert "**C0.6c: VERDICT-A** (reason a)" in text and "**C2.4b: VERDICT-B** (reason b)" in text
    assert "**C0.6d: VERDICT-C** (reason c)" in text
    counts = ", ".join(f"{len(d)} (seed {s})" for s, d in runs["lowpass"].decisive.items())
    assert counts in text
    assert ("The clearest" in text) == any(len(d) for d in runs["lowpass"].decisive.values())
    ear = runs["study"].ear.loc["all"]
    assert f"MSE {ear['MSE']}" in text and f"MR-STFT {ear['MR-STFT']}" in text
    rec = critique.record(lowpass=runs["lowpass"], stream=runs["stream"])
    assert f"{np.median(rec['spectral_voice_band_lsd_db']):.2f} dB (median)" in text
    # how the streaming trainings stopped, from their logs
    assert "on ESR + DC, 2 of 2 stopped on a plateau, after 3 epochs" in text
    assert "on MR-STFT + ESR, 1 of 2 stopped on a plateau, after 3-4 epochs" in text
    # C0.6d's judge, from the calibration's choice: none passes, ViSQOL's numbers are shown
    assert "**Heard by ViSQOL MOS-LQO" in text
    assert "No candidate passed every family of the calibration (ViSQOL MOS-LQO fails level, " \
           "pre-echo; 2f MUSHRA fails" in text
    assert "shown but not calibrated" in text and "by at least its margin of 0.5 points" in text
    assert "Kendall's tau of each signal measure's order with MOS-LQO's" in text
    assert "withheld" not in text
    # whether each measure sees differences among 000's outputs at a dispute's margin
    for measure, margin in ((critique.BAND_LSD, 1.0), (critique.MOS_LQO, 0.5)):
        counts = ", ".join(str(critique.pairs_told_apart(t, measure, margin))
                           for t in runs["lowpass"].tables.values())
        assert f"{measure} told {counts} apart" in text
    scores = np.concatenate([t[critique.MOS_LQO].to_numpy(dtype=float)
                             for t in runs["lowpass"].tables.values()])
    assert f"between {np.nanmin(scores):.2f} and {np.nanmax(scores):.2f}" in text
    # one learned model beats its floor (lowpass), none the other
    assert "1 of 1 learned models do better" in text and "0 of 1 learned models do better" in text


@pytest.mark.slow
def test_record_has_one_value_per_seed():
    runs = _made_up_runs()
    rec = critique.record(lowpass=runs["lowpass"], stream=runs["stream"])
    assert rec["seeds"] == [0, 1]
    assert rec["_perceptual"] == UNCALIBRATED.record()
    assert rec["decisive_disputes"] == [len(d) for d in runs["lowpass"].decisive.values()]
    assert rec["perceptual_disputes"] == [len(d) for d in runs["lowpass"].perceptual.values()]
    for key in ("spectral_voice_band_lsd_db", "baseline_voice_band_lsd_db", "spectral_voice_esr",
                "baseline_voice_esr"):
        assert len(rec[key]) == 2 and all(np.isfinite(rec[key]))
    # the made-up spectral variant has half the noise of the baseline: a quarter of its ESR
    np.testing.assert_allclose(np.array(rec["spectral_voice_esr"]) / rec["baseline_voice_esr"],
                               0.25, rtol=0.2)


@pytest.mark.slow
def test_spectral_change_and_floor_ratios_divide_by_their_baselines():
    runs = _made_up_runs()
    change = critique.spectral_change(runs["conv"], runs["stream"])
    conv, stream = runs["conv"].table, runs["stream"].table
    got = change.loc[("conv net", "MR-STFT", "voice", 0), "ESR"]
    assert got == pytest.approx(conv.loc[("voice", "MR-STFT"), "ESR"]
                                / conv.loc[("voice", "MSE (04)"), "ESR"])
    got = change.loc[("streaming LSTM", "MR-STFT + ESR", "voice", 1), "MR-STFT"]
    assert got == pytest.approx(stream.loc[("voice", "MR-STFT + ESR, seed 1"), "MR-STFT"]
                                / stream.loc[("voice", "ESR + DC, seed 1"), "MR-STFT"])
    ratios = runs["floor"].ratios
    np.testing.assert_allclose(ratios.xs("least-squares FIR, 8 taps", level="output"), 1.0)
    assert list(ratios.columns) == ["ESR", critique.BAND_LSD, "MR-STFT"]


@pytest.mark.slow
def test_figures_have_labels_and_colourbars():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = _made_up_runs()
    fig = critique.controlled_cases_figure(runs["study"])
    assert len(fig.axes) == 2 and "rank" in fig.axes[-1].get_ylabel()  # one panel, a colourbar
    fig = critique.floor_figure(runs["floor"])
    assert all(ax.get_xlabel() for ax in fig.axes) and fig.legends
    fig = critique.voice_spectra_figure(runs["conv"], runs["stream"])
    assert all("Hz" in ax.get_xlabel() for ax in fig.axes)
    clips, what = runs["highpass"].clips(shown=2)
    fig = critique.dispute_figure(clips, what, sample_rate=SR, title="t")
    assert len(fig.axes) == len(clips) + 1 and "dB" in fig.axes[-1].get_ylabel()
    assert all(ax.get_xlabel() == "time (s)" for ax in fig.axes[:-1])
    plt.close("all")


@pytest.mark.parametrize("scale", ["smoke", "quick", "paper"])
def test_differences_come_from_the_settings(scale):
    from dsp_paper.studies import scale_config

    cfg = scale_config("07_mse_critique", scale)
    rows = critique.differences(cfg)
    assert all(len(r) == 3 and all(r) for r in rows)
    rows = {aspect: (doc, ours) for aspect, doc, ours in rows}
    assert f"{cfg.conv_epochs} epoch" in rows["spectral-loss trainings"][1]
    paper = scale_config("04_conv_tied", "paper")
    assert f"{paper.epochs}" in rows["epochs of the MSE-trained models compared"][0]
    assert f"{scale_config('lowpass_000', scale).sample_rate} Hz" in rows["sample rate"][1]


# ---------------------------------------------------------------- the perceptual judge

def test_mos_ranks_and_orders_higher_as_better():
    import pandas as pd

    table = pd.DataFrame({"MSE": [1.0, 2.0, 3.0], critique.MOS_LQO: [2.0, 4.0, np.nan]},
                         index=["a", "b", "c"])
    ranks = critique.rank_table(table)
    assert ranks[critique.MOS_LQO].tolist() == [2, 1, 3]  # unjudged last
    assert critique.preference_gap(4.0, 2.0, critique.MOS_LQO) == 2.0
    assert critique.preference_gap(1.0, 10.0, "MSE") == pytest.approx(10.0)
    assert critique.preference_gap(1.0, 3.0, critique.BAND_LSD) == 2.0
    assert np.isnan(critique.preference_gap(np.nan, 3.0, critique.MOS_LQO))
    assert critique.pair_order(4.0, 3.6, critique.MOS_LQO) == "tie"
    assert critique.pair_order(4.0, 3.5, critique.MOS_LQO) == "right"
    assert critique.pair_order(np.nan, 3.5, critique.MOS_LQO) == "n/a"


def test_decisive_disputes_against_mos_use_both_margins():
    import pandas as pd

    # a: low MSE, low MOS; b: 10 dB more MSE, a point more MOS; c: 0.5 dB more MSE than a
    # (a tie), half a point more MOS than a and half a point less than b
    table = pd.DataFrame({"MSE": [1.0, 10.0, 1.12], critique.MOS_LQO: [2.0, 3.0, 2.5]},
                         index=["a", "b", "c"])
    got = critique.decisive_disputes(table, mse_margin_db=1.0, second_margin=0.5,
                                     second=critique.MOS_LQO)
    assert got[["better by MSE", "better by MOS-LQO"]].values.tolist() == [["a", "b"], ["c", "b"]]
    np.testing.assert_allclose(got["MSE gap dB"], [10.0, 10 * np.log10(10 / 1.12)])
    np.testing.assert_allclose(got["MOS-LQO gap"], [1.0, 0.5])
    # the perceptual claim's own margins, and every opposite pair without them
    assert len(critique.perceptual_disputes(table, judge="visqol")) == 2
    assert len(critique.perceptual_disputes(table, judge="visqol", margins=False)) == 3


def test_rank_agreement_against_scipy():
    import pandas as pd
    import scipy.stats

    rng = np.random.default_rng(3)
    mos = rng.uniform(1, 4.7, 6)
    table = pd.DataFrame({"ESR": rng.uniform(0, 1, 6), "MR-STFT": -mos + rng.normal(0, .1, 6),
                          critique.MOS_LQO: mos}, index=list("abcdef"))
    got = critique.rank_agreement({"pool": table}, measures=("ESR", "MR-STFT"),
                                  reference=critique.MOS_LQO)
    want = scipy.stats.kendalltau(table["ESR"], -table[critique.MOS_LQO]).statistic
    assert got.loc["pool", "ESR"] == pytest.approx(want)
    assert got.loc["pool", "MR-STFT"] > 0.8  # a measure that orders as MOS-LQO does: near 1
    assert got.loc["pool", "outputs"] == 6
    table.loc["a", critique.MOS_LQO] = np.nan
    agree = lambda t, measures: critique.rank_agreement(t, measures=measures,
                                                        reference=critique.MOS_LQO)
    assert agree({"p": table}, ("ESR",)).loc["p", "outputs"] == 5
    short = agree({"p": table.iloc[:3]}, ("ESR",))
    assert np.isnan(short.loc["p", "ESR"])
    with pytest.raises(ParameterError, match="not in the table"):
        agree({"p": table}, ("LSD",))


def test_rank_agreement_summary_gives_the_spread():
    import pandas as pd

    frame = pd.DataFrame({"outputs": [5, 5, 4], "ESR": [0.2, 0.6, -0.4]},
                         index=pd.MultiIndex.from_tuples([("p", 0), ("p", 1), ("q", 0)],
                                                         names=["pool", "seed"]))
    summary = critique.rank_agreement_summary(frame)
    assert summary.loc["p", "ESR mean"] == pytest.approx(0.4)
    assert summary.loc["p", "ESR lowest"] == 0.2 and summary.loc["p", "ESR highest"] == 0.6
    assert summary.loc["q", "seeds"] == 1


def test_limit_cases_do_what_they_say(voice_cases):
    _, target, _ = voice_cases
    cases = critique.limit_cases(target, sample_rate=SR)
    assert list(cases) == list(critique.LIMIT_FAMILIES)
    t = target.astype(np.float64)
    esr_db = lambda y: 10 * np.log10(np.sum((y - t) ** 2) / np.sum(t ** 2))
    for level, y in cases["harmonic distortion"].items():
        assert esr_db(y) == pytest.approx(level, abs=0.05)  # the residual is orthogonal to t
    for level, y in cases["added noise"].items():
        assert esr_db(y) == pytest.approx(level, abs=0.3)
    np.testing.assert_allclose(cases["level change"][-6.0], t * 10 ** (-6 / 20), rtol=1e-5,
                               atol=1e-7)
    lead = int(round(critique.PRE_ECHO_SECONDS * SR))
    echo = cases["pre-echo"][-10.0] - t
    np.testing.assert_allclose(echo[:-lead], 10 ** (-0.5) * t[lead:], atol=1e-6)
    smeared = cases["transients smeared"][40.0]
    assert not np.allclose(smeared, t, atol=1e-3)
    with pytest.raises(ParameterError):
        critique.limit_cases(np.stack([t, t]), sample_rate=SR)


def test_steps_told_apart_counts_clear_steps_only():
    import pandas as pd

    index = pd.MultiIndex.from_product([["noise"], [1, 2, 3]], names=["family", "setting"])
    table = pd.DataFrame({"ESR": [0.001, 0.01, 0.0105], critique.MOS_LQO: [4.7, 4.6, 2.0]},
                         index=index)
    got = critique.steps_told_apart(table)
    assert got.loc["noise", "steps"] == 2
    assert got.loc["noise", "ESR"] == 1  # the second step is 0.2 dB: a tie
    assert got.loc["noise", critique.MOS_LQO] == 1  # the first is a tenth of a point


@pytest.fixture(scope="module")
def limits(voice_cases):
    _, target, _ = voice_cases
    targets = {"voice": target}
    _, cases, table = critique.controlled_cases(voice_cases[0], sample_rate=SR,
                                                band=(100.0, 8000.0))
    study = critique.ControlledStudy(SR, targets, {"voice": cases}, {"voice": table})
    return study, critique.perceptual_limits(study)


@pytest.mark.slow
def test_perceptual_limits_measure_the_judge_where_it_is_blind(limits):
    study, got = limits
    table = got.tables["voice"]
    mos = table[critique.MOS_LQO]
    # level-blind by construction (it scales the estimate to the reference), and monotone in noise
    assert mos.loc["level change"].max() - mos.loc["level change"].min() < 0.01
    noise = mos.loc["added noise"].to_numpy()
    assert noise[0] > noise[-1] + 1.0
    assert got.told_apart.loc["level change", "ESR"] == 3
    text = critique.limits_text(got, study)
    for family in critique.LIMIT_FAMILIES:
        assert f"*{family}*" in text
    assert "**What MOS-LQO can stand in for:**" in text and "**What it cannot:**" in text
    assert f"it kept {study.ear.loc['all', critique.MOS_LQO]} of the" in text
    clips, what = critique.limits_clips(got, study)
    assert len(clips) == len(critique.LIMIT_FAMILIES) + 1 and set(clips) == set(what)
    scores = critique.limits_scores(got)
    assert set(scores) == set(clips) - {"target"}
    assert all(s.startswith("MOS-LQO ") and ", ESR " in s for s in scores.values())
    cases = critique.case_scores(study)
    assert set(cases) == set(study.cases["voice"]) and "ESR 4, " in cases["polarity flipped"]


@pytest.mark.slow
def test_limits_and_rank_agreement_figures(limits):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    _, got = limits
    fig = critique.limits_figure(got)
    assert fig.legends and all(ax.get_xlabel() for ax in fig.axes[len(critique.LIMIT_FAMILIES):])
    frame = pd.DataFrame({"outputs": [5, 5], "ESR": [0.2, 0.6], "MR-STFT": [0.1, -0.3]},
                         index=pd.MultiIndex.from_tuples([("p", 0), ("p", 1)],
                                                         names=["pool", "seed"]))
    fig = critique.rank_agreement_figure(frame, reference="2f MUSHRA")
    assert "tau with 2f MUSHRA" in fig.axes[0].get_ylabel() and fig.legends
    plt.close("all")


# ---------------------------------------------------------------- C0.6c/d: can a measure tell?

def test_pairs_told_apart_counts_pairs_beyond_the_margin_either_way():
    import pandas as pd

    frame = pd.DataFrame({critique.MOS_LQO: [1.45, 1.50, 2.10], "MSE": [1e-4, 1.1e-4, 1e-3],
                          critique.BAND_LSD: [3.0, 1.5, np.nan]})
    # MOS-LQO: only 1.45 and 1.50 are within half a point of each other
    assert critique.pairs_told_apart(frame, critique.MOS_LQO, 0.5) == 2
    # MSE: 0.4 dB between the first two (a tie), 10 and 9.6 dB to the third
    assert critique.pairs_told_apart(frame, "MSE", 1.0) == 2
    # a value the measure could not judge takes part in no pair
    assert critique.pairs_told_apart(frame, critique.BAND_LSD, 1.0) == 1
    with pytest.raises(ParameterError, match="not in the table"):
        critique.pairs_told_apart(frame, "LSD", 1.0)


# ---------------------------------------------------------------- C2.4b: matched budgets

@pytest.mark.parametrize("scale", ["smoke", "paper"])  # paper: caps on seconds too
def test_streaming_losses_train_with_one_budget(monkeypatch, scale):
    from dsp_paper.nn import recurrent
    from dsp_paper.studies import scale_config

    seen = {}

    def fake_fit(model, x, y, **kwargs):
        seen[model.name] = ({k: v for k, v in model.optimizer.get_config().items()
                             if k != "name"}, kwargs)

    monkeypatch.setattr(recurrent, "fit", fake_fit)
    cfg = scale_config("07_mse_critique", scale)
    c05 = scale_config("05_recurrent_eq", scale)
    segments = np.zeros((2, 640, 1), np.float32)
    for name in critique.STREAM_LOSSES:
        critique.spectral_stream_run(cfg, name, (segments, segments), (segments, segments),
                                     seed=3, progress=False)
    assert len(seen) == 3 and {"streaming_mrstft", "streaming_mrstft_esr"} < set(seen)
    optimisers = [o for o, _ in seen.values()]
    assert all(o == optimisers[0] for o in optimisers)
    assert optimisers[0]["global_clipnorm"] == c05.stream_clipnorm
    assert optimisers[0]["learning_rate"] == pytest.approx(c05.stream_learning_rate)
    budgets = [{k: v for k, v in kw.items() if k != "checkpoint"} for _, kw in seen.values()]
    assert all(b == budgets[0] for b in budgets)
    assert budgets[0]["epochs"] == c05.stream_epochs
    assert budgets[0]["patience"] == c05.stream_patience and budgets[0]["restore_best"]
    assert budgets[0]["time_limit"] == c05.time_limit("streaming")
    checkpoints = {kw["checkpoint"] for _, kw in seen.values()}
    # on ESR + DC it is 05's own model; the spectral variants are 07's
    assert checkpoints == {f"05_streaming_{scale}_s3", f"07_streaming_mrstft_{scale}_s3",
                           f"07_streaming_mrstft_esr_{scale}_s3"}
    # the trainings C2.4b rests on are two of these, seed aside, and not 05's models trained
    # at other cut-offs
    from fnmatch import fnmatch
    claim = {c.id: c for c in critique.CLAIMS}["C2.4b"]
    assert claim.capability
    names = {c.removesuffix("_s3") for c in checkpoints} | {f"05_streaming_at_251_{scale}"}
    rests_on = {n for n in names if any(fnmatch(n, p) for p in claim.trained)}
    assert rests_on == {f"05_streaming_{scale}", f"07_streaming_mrstft_esr_{scale}"}
    with pytest.raises(ParameterError, match="must be one of"):
        critique.spectral_stream_run(cfg, "MSE", (segments, segments), (segments, segments),
                                     seed=0, progress=False)


def test_the_perceptual_claim_waits_for_the_calibration_and_the_others_do_not():
    claims = {c.id: c for c in critique.CLAIMS}
    assert claims["C0.6d"].perceptual_families == critique.PERCEPTUAL_FAMILIES
    assert set(critique.PERCEPTUAL_FAMILIES) == set(faults.FAULT_FAMILIES)
    assert not any(c.withheld for c in claims.values())
    assert not claims["C0.6c"].perceptual_families and not claims["C2.4b"].perceptual_families
    assert not claims["C0.6c"].capability and not claims["C0.6d"].capability


# ---------------------------------------------------------------- what the dispute players say

def _dispute_runs(first_seed):
    """000's re-judged nets with made-up measures: seed 1 has a clear dispute (MSE prefers a
    by 3 dB, the band-limited LSD prefers b by 1.5 dB); seed 0 ``"within"`` the margins (the
    LSD prefers b by only 0.5 dB), or ``"alike"`` (both measures order every pair alike)."""
    import pandas as pd

    from dsp_paper.windowing import Pair

    lsd_b = {"within": 2.5, "alike": 3.5}[first_seed]
    tables = {0: pd.DataFrame({"MSE": [1e-4, 2e-4, 1e-3], critique.BAND_LSD: [3.0, lsd_b, 5.0],
                               critique.MOS_LQO: [2.0, 2.1, 1.0]}, index=["a", "b", "c"]),
              1: pd.DataFrame({"MSE": [1e-4, 2e-4], critique.BAND_LSD: [3.0, 1.5],
                               critique.MOS_LQO: [3.0, 2.0]}, index=["a", "b"])}

    class Corpus:
        sample_rate = SR

        def split(self, _):
            return [Pair(np.zeros(8, np.float32), np.ones(8, np.float32))]

    decisive = {s: critique.decisive_disputes(t, mse_margin_db=1.0, second_margin=1.0)
                for s, t in tables.items()}
    outputs = {s: {o: np.full(8, i + 2.0, np.float32) for i, o in enumerate(t.index)}
               for s, t in tables.items()}
    return critique.LowpassRejudged((0, 1), Corpus(), outputs, tables, decisive, {}, {}, (), 8,
                                    UNCALIBRATED)


def test_dispute_players_say_when_the_dispute_is_not_clear():
    heard = critique.lowpass_dispute(_dispute_runs("within"), shown=3)
    assert not heard.clear and list(heard.clips) == ["target", "a", "b"]
    assert "no clear dispute" in heard.heading and "seed 0" in heard.heading
    assert heard.figure_title.endswith("(within the margins: no clear dispute)")
    assert "not a clear dispute" in heard.listen_for
    assert heard.text.startswith("**Is it a clear dispute?** No, not for seed 0")
    assert "1 of its 3 pairs oppositely" in heard.text
    assert "Seed 1 has clear disputes, 1 pair" in heard.text and "not played here" in heard.text
    # each preference with its gap, the LSD's under the margin; the figure keeps the short form
    assert heard.described["a"] == "MSE prefers it to b by 3.0 dB"
    assert heard.described["b"] == ("band-limited LSD prefers it to a by 0.5 dB, under the "
                                    "1 dB margin")
    assert heard.what["b"] == "band-limited LSD dB prefers it to a"
    assert heard.scores == {"a": "MSE 0.0001, band-limited LSD 3.00 dB",
                            "b": "MSE 0.0002, band-limited LSD 2.50 dB"}


def test_dispute_players_say_when_the_dispute_is_clear_or_absent():
    runs = _dispute_runs("within")
    clear = critique.lowpass_dispute(
        critique.LowpassRejudged((1, 0), runs.corpus, runs.outputs, runs.tables, runs.decisive,
                                 {}, {}, (), 8, UNCALIBRATED), shown=3)
    assert clear.clear and "clearly order these outputs oppositely" in clear.heading
    assert "seed 1" in clear.heading
    assert clear.text.startswith("**Is it a clear dispute?** Yes")
    assert "No other seed has a clear dispute either" in clear.text
    assert "under the" not in " ".join(clear.described.values())
    alike = critique.lowpass_dispute(_dispute_runs("alike"), shown=3)
    assert not alike.clear and list(alike.clips) == ["target"] and "alike" in alike.heading
    assert "There is none to hear for seed 0" in alike.text
    perceptual = critique.lowpass_dispute(runs, shown=3, perceptual=True)
    assert "MOS-LQO" in perceptual.heading and "between 1.00 and 2.10" in perceptual.listen_for
    assert perceptual.scores["a"] == "MSE 0.0001, MOS-LQO 2.00"
    # the shown judge is no calibrated one here, and the words say so
    assert "MOS-LQO is no calibrated judge" in perceptual.text
    assert "fails level, pre-echo" in perceptual.text


# ---------------------------------------------------------------- every candidate judge

def test_perceptual_columns_take_direction_and_margin_from_the_catalogue():
    import pandas as pd

    loud, mushra = critique.perceptual_column("loudness"), critique.perceptual_column("2f")
    assert (loud, mushra) == ("loudness error LU", "2f MUSHRA")
    assert critique.perceptual_column("visqol") == critique.MOS_LQO
    # lower is better for the loudness error, and 1 LU is its margin
    assert critique.preference_gap(1.0, 3.0, loud) == 2.0
    assert critique.pair_order(1.0, 3.0, loud) == "right"
    assert critique.pair_order(1.0, 1.9, loud) == "tie"
    assert critique.pair_order(3.0, 1.0, loud) == "wrong"
    assert critique.pair_order(0.0, 2.0, loud) == "right"  # 0 LU is perfect, not rounding
    # higher is better for the 2f-model, and 10 MUSHRA points are its margin
    assert critique.preference_gap(80.0, 60.0, mushra) == 20.0
    assert critique.pair_order(80.0, 71.0, mushra) == "tie"
    assert critique.pair_order(60.0, 80.0, mushra) == "wrong"
    assert critique.pair_order(np.nan, 80.0, mushra) == "n/a"
    assert critique.margin_of(mushra) == 10.0 and critique.margin_of(loud) == 1.0
    assert critique.margin_of("MSE") == critique.TIE_DB
    assert critique.with_unit("1", loud) == "1 LU" and critique.with_unit("10", mushra) == \
        "10 points"
    table = pd.DataFrame({loud: [1.0, 3.0, np.nan], mushra: [60.0, 80.0, 75.0]},
                         index=list("abc"))
    ranks = critique.rank_table(table)
    assert ranks[loud].tolist() == [1, 2, 3] and ranks[mushra].tolist() == [3, 1, 2]
    assert critique.pairs_told_apart(table, mushra, 10.0) == 2  # 80 against 75 is a tie


def _two_judges():
    import pandas as pd

    # a: low MSE, 50 points, 1 LU; b: 10 dB more MSE, 70 points, 0.5 LU; c: a's MSE, 55
    # points, 3 LU
    return pd.DataFrame({"MSE": [1.0, 10.0, 1.0], "2f MUSHRA": [50.0, 70.0, 55.0],
                         "loudness error LU": [1.0, 0.5, 3.0]}, index=list("abc"))


def test_perceptual_disputes_use_the_judges_own_margin_and_direction():
    table = _two_judges()
    got = critique.perceptual_disputes(table, judge="2f")
    # MSE prefers a and c to b by 10 dB; 2f prefers b by 20 and 15 points (margin 10)
    assert got[["better by MSE", "better by 2f MUSHRA"]].values.tolist() == [["a", "b"],
                                                                             ["c", "b"]]
    np.testing.assert_allclose(got["2f MUSHRA gap"], [20.0, 15.0])
    got = critique.perceptual_disputes(table, judge="loudness")
    # the loudness error prefers b to a by only 0.5 LU (a tie), to c by 2.5 LU
    assert got[["better by MSE", "better by loudness error LU"]].values.tolist() == [["c", "b"]]
    assert len(critique.perceptual_disputes(table, judge="loudness", margins=False)) == 2
    agreement = critique.rank_agreement({"p": table}, measures=("MSE", "2f MUSHRA"),
                                        reference="loudness error LU")
    # the loudness error orders b, a, c; 2f orders b, c, a; MSE a = c, then b
    assert agreement.loc["p", "2f MUSHRA"] == pytest.approx(1 / 3)
    assert agreement.loc["p", "MSE"] < 0


def test_dispute_players_speak_in_the_chosen_judges_unit():
    from dsp_paper.windowing import Pair

    table = _two_judges()
    chosen = PerceptualChoice("loudness", "loudness",
                              {"loudness": critique.PERCEPTUAL_FAMILIES, "2f": ()},
                              critique.PERCEPTUAL_FAMILIES)

    class Corpus:
        sample_rate = SR

        def split(self, _):
            return [Pair(np.zeros(8, np.float32), np.ones(8, np.float32))]

    outputs = {0: {o: np.full(8, i + 2.0, np.float32) for i, o in enumerate(table.index)}}
    lowpass = critique.LowpassRejudged((0,), Corpus(), outputs, {0: table}, {0: table.iloc[:0]},
                                       {}, {}, (), 8, chosen)
    assert lowpass.judge == "loudness error LU" and len(lowpass.perceptual[0]) == 1
    heard = critique.lowpass_dispute(lowpass, shown=3, perceptual=True)
    assert heard.clear and "loudness error LU clearly order" in heard.heading
    assert heard.described["b"] == "loudness error LU prefers it to c by 2.5 LU"
    assert heard.scores["b"] == "MSE 10, loudness error 0.5 LU"
    assert "compares only the momentary loudness" in heard.listen_for
    assert "no calibrated judge" not in heard.text


def _made_up_calibration(delay_heard: bool):
    """Every family of the pinned rule on every material, one seed: the 2f-model orders every
    family (and hears the delay with ``delay_heard``), the loudness error hears only level."""
    import pandas as pd

    from dsp_paper.study.calibration import CALIBRATION, Calibration

    def mushra(family, step):
        if family == "delay":
            return 100.0 - (20.0 * step if delay_heard else 0.0)
        return 100.0 - 10.0 * step

    def loudness(family, step):
        return 0.5 * step if family == "level" else 0.0

    rows = [{"material": m, "family": f, "severity": v, "seed": 0, "step": k,
             "2f": mushra(f, k), "loudness": loudness(f, k)}
            for m in CALIBRATION.materials for f, severities in CALIBRATION.severities.items()
            for k, v in enumerate((0.0, *severities))]
    scores = pd.DataFrame(rows).set_index(["material", "family", "severity", "seed"])
    return Calibration(scores, {"2f": 0.2, "loudness": 0.003}, {"2f": 80.0, "loudness": 0.01},
                       "smoke")


@pytest.mark.parametrize("delay_heard", [False, True])
def test_the_calibration_section_says_what_the_rule_chose(delay_heard):
    cal = _made_up_calibration(delay_heard)
    choice = critique.perceptual_choice(cal)
    assert choice.shown == "2f" and choice.measure == ("" if delay_heard else "2f")
    text = critique.choice_text(choice, cal)
    ordered = len(critique.PERCEPTUAL_FAMILIES) - 1
    if delay_heard:
        assert text.startswith("**The rule's choice: none.**")
        assert "2f MUSHRA, the candidate that passes the most" in text
        assert "its margin of 10 points; it fails delay" in text
    else:
        assert text.startswith("**The rule's choice: 2f MUSHRA.**")
        assert "a clear-preference margin of 10 points" in text
    assert f"loudness error LU fails {ordered - 1} of {ordered + 1}: broadband noise" in text
    table = critique.calibration_table(cal)
    assert table.loc[("2f MUSHRA", "level"), "steps told apart"] == "12 of 12"
    assert table.loc[("loudness error LU", "delay"), "passes"]
    assert np.isnan(table.loc[("2f MUSHRA", "level"), "worst gap"])
    assert table.loc[("2f MUSHRA", "delay"), "worst gap"] == (100.0 if delay_heard else 0.0)
    assert list(critique.calibration_cost(cal).index) == ["2f MUSHRA", "loudness error LU"]
    rule = critique.calibration_rule_text(cal)
    assert "at least 0.8 on average over the seeds" in rule and "| delay | unheard |" in rule
    assert "| 2f MUSHRA | MUSHRA points (0-100) | yes | 1 | 10 |" in rule


def test_the_calibration_figures_mark_every_cell():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cal = _made_up_calibration(delay_heard=True)
    fig = critique.calibration_figure(cal)
    assert len(fig.axes) == 2 and "tau" in fig.axes[1].get_ylabel()  # the grid, a colourbar
    width, _ = fig.get_size_inches()
    assert width * 110 <= 1600  # readable at 100 % at the dpi figures are saved at
    cells = [t.get_text() for t in fig.axes[0].texts]
    n = len(critique.PERCEPTUAL_FAMILIES)
    assert len(cells) == 2 * n
    assert sum(c.endswith("FAIL") for c in cells) == 1 + (n - 2)  # 2f's delay; loudness's
    assert any(c.startswith("gap 100\n(margin 10)") for c in cells)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0].startswith("2f MUSHRA\n11 of 12 pass\n(shown")
    fig = critique.calibration_curves_figure(cal)
    assert len(fig.axes) == 2 * 4 and fig.legends
    assert "delay (unheard)" in [ax.get_title() for ax in fig.axes]
    plt.close("all")
