"""Notebook 08's study, without training: its settings, material, split, the record its
claims read, its table and figure on made-up runs, and the 2017 models' speed measure."""
import numpy as np
import pytest

from dsp_paper import ParameterError, capture
from dsp_paper.studies import registry
from dsp_paper.study import rules, verdicts
from dsp_paper.studies import capture_comparison as study
from dsp_paper.studies import scale_config

SR = 8000
RNG = np.random.default_rng(5)


def test_settings_refuse_unknown_effects_and_a_knob_that_sees_its_test_drive():
    cfg = scale_config("08_capture", "quick")
    assert set(cfg.seeded_effects) <= set(cfg.effects) <= set(study.EFFECTS)
    with pytest.raises(ParameterError, match="effects must be among"):
        cfg.replace(effects=("fuzz",))
    for drive in (24.0, 33.0):
        with pytest.raises(ParameterError, match="must not see"):
            cfg.replace(knob_seen_db=(12.0, drive))
    with pytest.raises(ParameterError, match="positive number of optimiser steps"):
        cfg.replace(patience_steps=0)


def test_every_model_gets_the_same_budget_of_optimiser_steps_and_the_knob_as_much_per_drive():
    from dsp_paper.studies import conv_tied, dense_baselines

    cfg = scale_config("08_capture", "quick")
    sr = cfg.sample_rate
    dry = (0.1 * RNG.standard_normal(int(cfg.dry_seconds * sr))).astype(np.float32)
    take = capture.Take(dry, 0.5 * dry)
    corpus = study.split_corpus(take, sample_rate=sr, effect="pedal chain")
    dense, conv = (scale_config(n, "quick") for n in ("03_dense_baselines", "04_conv_tied"))
    rec = scale_config("05_recurrent_eq", "quick")
    per_epoch = {
        "dense (000)": -(-len(dense_baselines.dense_data(corpus, dense)[0]) // dense.batch_size),
        "tied conv (000)": -(-len(conv_tied.conv_data(corpus, conv)[0]) // conv.batch_size),
        "many-to-one LSTM (002)": -(-rec.windows // rec.batch_size),
        **{n: study.today_recipe(n, [take], cfg)[2] for n in study.MODELS_TODAY}}
    for name, steps in per_epoch.items():
        epochs, patience = study.matched_budget(steps, cfg)
        # the nearest whole epochs to the cap and to the patience: within half an epoch
        assert abs(epochs * steps - cfg.step_cap) <= steps / 2, name
        assert abs(patience * steps - cfg.patience_steps) <= steps / 2, name
    recipe, epochs, steps = study.today_recipe("wavenet (NAM-style)", [take], cfg)
    assert recipe.patience == study.matched_budget(steps, cfg)[1]
    drives = [capture.Take(dry, 0.5 * dry, (c,)) for c in (-1.0, -0.5, 0.5, 1.0)]
    knob_recipe, knob_epochs, knob_steps = study.today_recipe("wavenet (NAM-style)", drives,
                                                              cfg, drives=4)
    assert knob_epochs == epochs and knob_recipe.patience == recipe.patience
    assert abs(knob_steps / 4 - steps) < 1  # per drive: within the last, partly full batch
    with pytest.raises(ParameterError, match="at least one step"):
        study.matched_budget(0, cfg)


def test_capture_steps_counts_segments_overlapping_by_half_in_full_batches():
    recipe = capture.RECIPES["wavenet"]
    dry = np.zeros(10 * SR, np.float32)
    start, stop = capture.time_split(dry.size, sample_rate=SR)["train"]
    segments = (stop - start - recipe.segment) // (recipe.segment // 2) + 1
    assert study.capture_steps([capture.Take(dry, dry)], recipe, sample_rate=SR) == \
        -(-segments // recipe.batch_size)
    assert study.capture_steps([capture.Take(dry, dry)] * 3, recipe, sample_rate=SR) == \
        -(-3 * segments // recipe.batch_size)


def test_drive_control_maps_the_knob_range_onto_minus_one_to_one():
    low, high = study.KNOB_RANGE_DB
    assert study.drive_control(low) == -1.0 and study.drive_control(high) == 1.0
    assert study.drive_control(study.KNOB_UNSEEN_DB) == pytest.approx(0.0)


def test_every_effect_is_nonlinear_and_keeps_the_shape():
    dry = (0.3 * RNG.standard_normal(SR // 2)).astype(np.float32)
    for effect in study.EFFECTS:
        wet = study.effect_wet(effect, dry, sample_rate=SR)
        assert wet.shape == dry.shape and np.isfinite(wet).all(), effect
        # twice the input is not twice the output
        twice = study.effect_wet(effect, 2 * dry, sample_rate=SR)
        assert np.abs(twice - 2 * wet).max() > 0.05 * np.abs(wet).max(), effect
    louder = study.effect_wet("pedal chain", dry, sample_rate=SR, drive_db=36.0)
    assert not np.allclose(louder, study.effect_wet("pedal chain", dry, sample_rate=SR))
    with pytest.raises(ParameterError, match="unknown effect"):
        study.effect_wet("fuzz", dry, sample_rate=SR)


def test_the_split_corpus_is_the_capture_split():
    dry = RNG.standard_normal(10 * SR).astype(np.float32)
    take = capture.Take(dry, 0.5 * dry)
    corpus = study.split_corpus(take, sample_rate=SR, effect="compressor")
    spans = capture.time_split(dry.size, sample_rate=SR)
    for name, (a, b) in spans.items():
        (piece,) = corpus.split(name)
        np.testing.assert_array_equal(piece.input, dry[a:b])
        np.testing.assert_array_equal(piece.target, 0.5 * dry[a:b])
    assert spans["test"][1] == dry.size  # the test part is the last


SEEDS = (0, 1, 2, 3, 4)


def _run(effect, name, seed, esr):
    # MOS-LQO falls with the ESR on the pedal; the compressor's test part is too short to judge
    mos = 4.0 - 2 * esr if effect == "pedal chain" else np.nan
    # seed 0's dense net stopped on a plateau, the others at the cap
    stopped = "plateau" if seed == 0 and name == "dense (000)" else "epochs"
    return study.ModelRun(effect, name, seed, dict(esr=esr, esr_pre_emphasis=2 * esr,
                                                   band_lsd_db=10 * esr, dc=0.0, mos_lqo=mos),
                          np.zeros(10, np.float32), 100, 1.0, 2, steps=66, stopped=stopped)


def _made_up_runs():
    runs = {}
    esr = {"dense (000)": 0.5, "tied conv (000)": 0.4, "many-to-one LSTM (002)": 0.6,
           "wavenet (NAM-style)": 0.002, "LSTM-32 + skip (2019)": 0.004}
    for seed in SEEDS:
        for name, value in esr.items():
            # seed 1's conv net is the worst 2017 model: the best is then the dense net
            runs["pedal chain", name, seed] = _run("pedal chain", name, seed,
                                                   value + (0.3 if seed == 1 and "conv" in name
                                                            else 0.01 * seed))
    for name, value in esr.items():
        runs["compressor", name, 0] = _run("compressor", name, 0, 2 * value)
    return runs


def _made_up_speed():
    return {name: dict(by_pass=[20.0, 22.0, 21.0, 19.0, 23.0], realtime_factor=21.0,
                       latency_ms=1.5, how="")
            for name in study.MODELS}


def _made_up_knob():
    unseen = (24.0, 33.0)
    rows = [{"drive dB": d, "seed": s, "seen in training": d not in unseen, "knob model": 0.01,
             "knob model, FiLM": 0.006,
             "trained at this drive": np.nan if d not in unseen else 0.004}
            for s in SEEDS for d in (12.0, 24.0, 33.0, 36.0)]
    log = dict(seconds=[1.0] * 5, epochs=[2] * 5, steps=[264] * 5, stopped=["epochs"] * 5)
    return study.KnobExperiment(rows, {}, {}, {"input": 100, "film": 130},
                                {"input": log, "film": log})


def test_the_record_takes_each_seeds_best_2017_model_and_leaves_unrun_effects_undefined():
    rec = study.record(_made_up_runs(), _made_up_speed(), _made_up_knob(), SEEDS)
    assert rec["best_2017_pedal_test_esr"] == pytest.approx([0.4, 0.51, 0.42, 0.43, 0.44])
    assert rec["lstm_pedal_test_esr"] == pytest.approx([0.004, 0.014, 0.024, 0.034, 0.044])
    assert rec["best_2017_compressor_test_esr"] == pytest.approx([0.8])
    assert np.isnan(rec["lstm_clipper_test_esr"]).all()
    # one outcome per seed: both unseen drives of that seed's knob model
    for drive in (24, 33):
        assert rec[f"knob_unseen_{drive}db_test_esr"] == [0.01] * 5
        assert rec[f"dedicated_unseen_{drive}db_test_esr"] == [0.004] * 5
    claims = {c.id: c for c in registry.for_notebook("08_capture")}
    assert rules.per_seed(claims["C8.1a"].rule, rec) == [True] * 5
    assert rules.per_seed(claims["C8.4"].rule, rec) == [False] * 5  # 0.01 > 2 x 0.004
    table = verdicts.judge_all(claims.values(), rec, scale="quick")
    assert table.loc["C8.1b", "verdict"] == "inconclusive at this scale"  # paper decides it
    assert table.loc["C8.3", "verdict"] == "supported"


def test_the_comparison_table_and_figure():
    runs = _made_up_runs()
    fir = {e: dict(esr=0.2, esr_pre_emphasis=0.3, band_lsd_db=4.0, dc=0.0,
                   mos_lqo=3.9 if e == "pedal chain" else np.nan)
           for e in ("pedal chain", "compressor")}
    table = study.comparison_table(runs, fir, _made_up_speed())
    row = table.loc[("pedal chain", "tied conv (000)")]
    assert row["seeds"] == 5 and row["ESR lowest"] == pytest.approx(0.4)
    assert row["ESR highest"] == pytest.approx(0.7) and row["from"] == "2017"
    assert row["steps"] == 66 and row["plateaued"] == 0
    assert table.loc[("pedal chain", "dense (000)"), "plateaued"] == 1
    assert table.loc[("compressor", "least-squares FIR"), "test ESR"] == 0.2
    assert len(table) == 2 * (len(study.MODELS) + 1)
    fig = study.comparison_figure(runs, fir)
    assert len(fig.axes) == 2 and fig.axes[0].get_yscale() == "log"
    knob = _made_up_knob()
    summary = study.knob_table(knob)
    assert list(summary.index) == [12.0, 24.0, 33.0, 36.0]
    assert summary.loc[24.0, "trained at this drive"] == pytest.approx(0.004)
    assert summary.loc[33.0, "knob model, FiLM"] == pytest.approx(0.006)
    assert len(study.knob_figure(knob).axes) == 1
    text = study.what_it_means(
        study.record(runs, _made_up_speed(), knob, SEEDS),
        verdicts.judge_all(registry.for_notebook("08_capture"),
                           study.record(runs, _made_up_speed(), knob, SEEDS), scale="quick"),
        table, summary, scale="quick")
    assert "wavenet (NAM-style) 0.022" in text and "C8.4 " in text
    assert "at 33 dB, input 0.01, FiLM 0.006, trained there alone 0.004 (input 2.5x, FiLM " \
        "1.5x)" in text
    assert "2 of 30 runs stopped on a plateau, the others reached the cap first" in text
    assert table.loc[("pedal chain", "wavenet (NAM-style)"), "MOS-LQO"] == \
        pytest.approx(4.0 - 2 * 0.022)
    assert np.isnan(table.loc[("compressor", "wavenet (NAM-style)"), "MOS-LQO"])
    # the FIR's 3.9 sits above the 2017 models by MOS-LQO as by ESR: the same order
    assert "by MOS-LQO (ViSQOL, an objective estimate): wavenet (NAM-style) 3.96" in text
    assert "(the same order)." in text and "ViSQOL could not judge this test part" in text


@pytest.mark.slow
def test_the_2017_speed_measure_counts_output_samples_per_second():
    calls = []

    def process(frames):
        calls.append(frames.shape)
        return frames

    rates = study.window_rates((process, 100, 50), np.zeros(SR, np.float32), sample_rate=SR,
                               repeats=2, windows=40)
    assert len(rates) == 2 and all(r > 0 for r in rates)
    assert calls[0] == (40, 100)  # one batch of windows, one per hop
