"""Document 002's package: the thesis's numbers, the helpers, the tables, figures, record and
closing text of notebook 05, on small made-up runs (no long training)."""
import json

import numpy as np
import pandas as pd
import pytest

from dsp_paper import ParameterError, effects
from dsp_paper.perceptual import PERCEPTUAL_MEASURES
from dsp_paper.studies import recurrent_eq as doc
from dsp_paper.studies import registry
from dsp_paper.study import verdicts
from dsp_paper.study.calibration import PerceptualChoice
from dsp_paper.nn import models
from dsp_paper.studies import scale_config
from dsp_paper.nn.training import TrainingLog, TrainingResult
from dsp_paper.windowing import Pair

SR = 44100
RNG = np.random.default_rng(2)


def _pair(n):
    x = (0.3 * RNG.standard_normal(n)).astype(np.float32)
    return Pair(x, effects.highpass_eq(x, sample_rate=SR, cutoff_hz=440.0))


def _log(val):
    return TrainingLog(epoch=[1, 2], loss=[2 * val, val], val_loss=[1.5 * val, val],
                       seconds=[0.5, 1.0])


@pytest.fixture(scope="module")
def fake():
    """Two seeds of tiny untrained models with made-up logs, and their outputs."""
    parts = {doc.VOICE: _pair(4410), doc.CLIPS: _pair(4410)}
    validation, starts = doc.assemble(parts)
    val = {"LSTM": 1e-4, "reduced LSTM": 3e-4, "GRU": 8e-4, "dilated CNN": 2e-3}
    runs = {s: {n: TrainingResult(models.many_to_one_rnn(16, hidden=4, name=f"m{k}", seed=s),
                                  _log(v * (1 + 0.1 * s)), {})
                for k, (n, v) in enumerate(val.items())} for s in (0, 1)}
    stream_runs = {s: TrainingResult(models.streaming_rnn(hidden=4, seed=s), _log(0.1), {})
                   for s in (0, 1)}
    return dict(parts=parts, validation=validation, starts=starts, runs=runs,
                stream_runs=stream_runs)


@pytest.fixture
def outputs(fake):
    return doc.outputs_by_seed(fake["runs"], fake["stream_runs"], fake["validation"],
                               fake["parts"])


def _knob_table(seeds=(0, 1)):
    rows = []
    for seed in seeds:
        for cutoff in sorted({*scale_config("05_recurrent_eq", "smoke").knob_train_cutoffs,
                              *map(float, doc.KNOB_UNSEEN_CUTOFFS)}):
            seen = cutoff not in map(float, doc.KNOB_UNSEEN_CUTOFFS)
            rows.append({"cut-off Hz": cutoff, "seed": seed, "seen in training": seen,
                         "knob model": 0.02, "440 Hz model (no knob)": 0.5,
                         "trained at this cut-off": np.nan if seen else 0.015,
                         "knob model MOS-LQO": 3.5,
                         "trained at this cut-off MOS-LQO": np.nan if seen else 4.0})
    return pd.DataFrame(rows).set_index(["cut-off Hz", "seed"])


def _latency_repeats():
    return {"many_to_one": {"lstm": [40.0, 41.0, 42.0]},
            "blocks": {b: {"realtime_factor": [20.0, 21.0], "latency_ms": [b / 44.1 + 0.1] * 2}
                       for b in doc.STREAM_BLOCKS}}


def test_the_thesis_numbers_agree_with_each_other():
    err = doc.THESIS_VALIDATION_ERROR
    for other, percent in doc.THESIS_LESS_ERROR_PERCENT.items():
        assert doc.less_error(err["reduced LSTM"], err[other]) == pytest.approx(percent, abs=0.05)
    assert doc.THESIS_MS_PER_SAMPLE * doc.THESIS_SAMPLE_RATE / 1000 == pytest.approx(
        doc.THESIS_SECONDS_PER_SECOND, rel=0.01)
    assert set(doc.THESIS_VALIDATION_ERROR) == set(doc.THESIS_MODELS) == set(doc.THESIS_EPOCHS)
    paper = scale_config("05_recurrent_eq", "paper")
    assert (paper.lstm, paper.reduced_lstm, paper.cnn) == (
        doc.THESIS_SIZES["lstm"], doc.THESIS_SIZES["reduced_lstm"], doc.THESIS_SIZES["cnn"])
    assert paper.latency_sizes == scale_config("05_recurrent_eq", "quick").latency_sizes \
        == doc.THESIS_SIZES
    corpus = scale_config("highpass_002", "paper")
    assert (corpus.full_samples, corpus.mini_samples) == (doc.THESIS_SAMPLES["full"],
                                                          doc.THESIS_SAMPLES["mini"])
    assert doc.KNOB_PLAYED_CUTOFF in doc.KNOB_UNSEEN_CUTOFFS


def test_rating_means_show_the_thesis_mean_is_that_of_the_counts():
    means = doc.rating_means()
    assert means["listeners"] == 9
    assert means["of_ratings"] == pytest.approx(17 / 9)
    assert means["of_counts"] == pytest.approx(doc.THESIS_RATING_MEAN)
    assert doc.rating_means({1: 0, 2: 2})["of_ratings"] == 2
    with pytest.raises(ParameterError):
        doc.rating_means({1: 0})
    table = doc.thesis_ratings()
    assert table["listeners (thesis)"].sum() == 9 and list(table.index) == [1, 2, 3, 4]


def test_helpers():
    a = Pair(np.arange(10, dtype=np.float32), np.zeros(10, np.float32))
    b = Pair(np.ones(4, np.float32), np.ones(4, np.float32))
    joined, starts = doc.assemble({"a": a, "b": b})
    assert joined.n_samples == 14 and starts == {"a": 0, "b": 10}
    np.testing.assert_array_equal(doc.centre_excerpt(a, samples=4).input, [3, 4, 5, 6])
    assert doc.centre_excerpt(a, samples=None) is a
    assert doc.less_error(2.0, 1.0) == pytest.approx(-100.0)
    with pytest.raises(ParameterError):
        doc.less_error(1.0, 0.0)
    np.testing.assert_allclose(doc.cutoff_control([200, 632.456, 2000], low=200, high=2000),
                               [-1, 0, 1], atol=1e-5)
    with pytest.raises(ParameterError):
        doc.cutoff_control(0, low=200, high=2000)
    wet = doc.dry_and_wet({"a": a})
    assert list(wet) == ["a, dry", "a, high-passed"] and wet["a, dry"] is a.input


def test_knob_segments_give_every_segment_at_every_cutoff():
    audio = RNG.uniform(-0.5, 0.5, 4000).astype(np.float32)
    x, y = doc.knob_segments(audio, (200, 2000), sample_rate=44100, order=2, low=200,
                             high=2000, length=500, hop=250)
    assert x.shape == (30, 500, 2) and y.shape == (30, 500, 1)
    np.testing.assert_array_equal(x[:, 0, 1], np.tile([-1.0, 1.0], 15))
    np.testing.assert_array_equal(x[0::2, :, 0], x[1::2, :, 0])  # the same audio at both
    start = 250  # segment 1 of the audio, at 2000 Hz
    expected = effects.highpass_eq(audio, sample_rate=44100, cutoff_hz=2000)[start:start + 500]
    np.testing.assert_allclose(y[3, :, 0], expected, atol=1e-6)
    np.testing.assert_allclose(x[3, :, 0], audio[start:start + 500])


def test_runs_end_on_their_best_weights_and_the_stops_are_counted():
    best = TrainingLog(epoch=[1, 2, 3], loss=[3.0, 2.0, 1.0], val_loss=[0.3, 0.1, 0.2],
                       seconds=[1.0, 2.0, 3.0], steps=[8, 16, 24], restored_epoch=2,
                       epochs_planned=60, patience=1, stopped_early=3, stopped_by="plateau")
    assert doc.kept_val_loss(TrainingResult(None, best, {})) == 0.1
    assert doc.kept_val_loss(TrainingResult(None, _log(1e-3), {})) == 1e-3  # none restored
    capped = TrainingLog(epoch=[1, 2], loss=[2.0, 1.0], val_loss=[0.4, 0.3], seconds=[1.0, 3.0],
                         steps=[8, 16], epochs_planned=2, patience=1)
    stops = doc.training_stops([("05_gru_quick_s0", best), ("05_gru_quick_s1", capped),
                                ("05_knob_quick_s0", best)])
    assert list(stops.index) == ["05_gru_quick", "05_knob_quick"]
    gru = stops.loc["05_gru_quick"]
    assert gru["runs"] == 2 and gru["steps (mean)"] == 20 and gru["epochs (mean)"] == 2.5
    assert gru["stopped on a plateau"] == "1 of 2" and gru["epoch cap"] == 60
    assert stops.loc["05_knob_quick", "stopped on a plateau"] == "1 of 1"


def test_streaming_data_keeps_every_nth_segment_and_short_validation_segments():
    from dsp_paper import EffectCorpus

    cfg = scale_config("05_recurrent_eq", "quick")
    mini = EffectCorpus("mini", SR, "hp", {"train": [_pair(64000)], "validation1": [_pair(3 * SR)],
                                           "validation2": [_pair(7000)]})
    (x, y), (vx, vy) = doc.streaming_data(mini, cfg)
    every = -(-((64000 - cfg.stream_segment) // cfg.stream_hop + 1) // cfg.stream_every)
    assert x.shape == (every, cfg.stream_segment, 1) and cfg.stream_every == 2
    assert vx.shape[1] == cfg.stream_validation_segment
    # the centre clips_seconds of the clips (validation 1); the voice (validation 2) takes no part
    clips = mini.split("validation1")[0].input
    start = (3 * SR - int(cfg.clips_seconds * SR)) // 2
    assert len(vx) == int(cfg.clips_seconds * SR) // cfg.stream_validation_segment
    np.testing.assert_array_equal(vx[0, :, 0], clips[start:start + cfg.stream_validation_segment])
    np.testing.assert_array_equal(doc.stream_clips(mini, cfg).input, clips[start:start + 2 * SR])
    np.testing.assert_array_equal(x[1, :, 0], mini.split("train")[0].input[
        2 * cfg.stream_hop:2 * cfg.stream_hop + cfg.stream_segment])


def test_recurrent_outputs_cover_the_validation_audio():
    parts = {"a": _pair(2205), "b": _pair(1323)}
    validation, starts = doc.assemble(parts)
    m2o = models.many_to_one_rnn(16, hidden=4, name="tiny", seed=0)
    stream = models.streaming_rnn(hidden=4, seed=0)
    outs = doc.recurrent_outputs({"tiny": TrainingResult(m2o, TrainingLog(), {})}, stream,
                                 validation, parts)
    assert set(outs) == {"tiny", doc.STREAMING}
    assert all(o.shape == (validation.n_samples,) for o in outs.values())
    # the streaming model restarts from zero at the second part
    b = parts["b"].input
    np.testing.assert_allclose(outs[doc.STREAMING][starts["b"]:],
                               stream.predict(b[None, :, None], verbose=0)[0, :, 0], atol=1e-5)


@pytest.mark.slow
def test_corpus_summary_lists_both_sets_and_the_parts(fake):
    from dsp_paper import EffectCorpus

    corpus = EffectCorpus("c", SR, "hp", {"train": [_pair(100)]})
    table = doc.corpus_summary(corpus, corpus, fake["parts"], sample_rate=SR)
    assert table.loc[("assembled validation", doc.VOICE), "samples"] == 4410
    assert table.loc[("mini", "train"), "samples"] == 100


@pytest.mark.slow
def test_sizes_errors_and_streaming_check(fake):
    sizes = doc.model_sizes(fake["runs"])
    assert list(sizes.index) == list(doc.THESIS_MODELS)
    assert sizes["window (samples)"].dtype.kind == "i" and sizes.loc["GRU", "epochs (mean of seeds)"] == 2
    errors = doc.final_validation_errors(fake["runs"])
    assert list(errors.columns) == [0, 1]
    assert errors.loc["LSTM", 1] == pytest.approx(1.1e-4)
    voice = fake["parts"][doc.VOICE]
    check = doc.check_streaming(fake["stream_runs"], voice, sample_rate=SR, check_seconds=0.05)
    assert check["kernel_gap"] < 1e-5
    assert set(check["voice_esr"]) == {0, 1} and list(check["table"].index) == [0, 1]


# made-up scores per seed, each on its measure's own scale (loudness: lower is better)
_BASE = {"visqol": (3.0, 0.5), "zimtohrli": (4.0, 0.25), "2f": (50.0, 10.0), "loudness": (2.0, 1.0)}


def _made_up_perceptual(outputs):
    """Every candidate's score of every output and part: base + step x seed."""
    return {seed: {(n, part): {k: b + step * seed for k, (b, step) in _BASE.items()}
                   for n in by for part in (doc.VOICE, doc.CLIPS)}
            for seed, by in outputs.items()}


def _choice(measure="2f", *, fails=()):
    """A calibration's choice: ``measure`` passes every family but ``fails``; ViSQOL fails
    level and delay; the others fail delay when ``measure`` fails anything (so that none
    passes every family), else pass everything."""
    families = doc.heard_families()
    other = ("delay",) if fails else ()
    passed = {k: tuple(f for f in families if f not in
                       (fails if k == measure else ("level", "delay") if k == "visqol"
                        else other))
              for k in PERCEPTUAL_MEASURES}
    return PerceptualChoice("" if fails else measure, measure, passed, families)


def test_the_gap_is_in_margins_and_positive_where_the_lstm_is_worse():
    # 2f: higher is better, margin 10 points; the LSTM 20 points below the yardstick is 2 worse
    assert doc.perceptual_gap([60.0, 80.0, 95.0], 80.0, measure="2f") == [2.0, 0.0, -1.5]
    # ViSQOL: margin 0.5 of a MOS point
    assert doc.perceptual_gap([3.0], 4.0, measure="visqol") == [pytest.approx(2.0)]
    # the loudness error: lower is better, margin 1 LU; more error than the yardstick is worse
    assert doc.perceptual_gap([3.5, 0.5], 1.5, measure="loudness") == [2.0, -1.0]
    assert np.isnan(doc.perceptual_gap([np.nan], 1.5, measure="loudness")[0])
    with pytest.raises(ParameterError):
        doc.perceptual_gap([1.0], 1.0, measure="pesq")
    # the rule asks for a clear preference: one margin
    assert doc.required_gap() == 1.0
    assert set(doc.heard_families()) == set(registry.REGISTRY["C2.2c"].perceptual_families)


def test_the_choice_is_said_with_each_candidate_s_failures():
    chosen = doc.describe_choice(_choice("2f"))
    assert chosen.startswith("The calibration chose 2f MUSHRA by its rule") and "07" in chosen
    assert "Zimtohrli MOS" in chosen  # it passes too: the rule's tie-break decides
    none = doc.describe_choice(_choice("2f", fails=("delay",)))
    assert none.startswith("No candidate perceptual measure passes all 12 families")
    assert "ViSQOL MOS-LQO fails level, delay" in none and "2f MUSHRA fails delay" in none
    assert "stays inconclusive" in none and "(11 of 12)" in none


def test_the_listeners_table_ranks_every_row_by_each_candidate():
    perceptual = {s: {("LSTM", doc.VOICE): {"2f": 40.0 + s, "loudness": 3.0},
                      ("LSTM", doc.CLIPS): {"2f": 0.0, "loudness": 0.0},
                      (doc.STREAMING, doc.VOICE): {"2f": 90.0, "loudness": 0.5}}
                  for s in (0, 1)}
    perceptual[0]["GRU", doc.VOICE] = {"2f": 70.0, "loudness": np.nan}
    yard = {doc.VOICE: {"2f": 80.0, "loudness": 4.0}, doc.CLIPS: {"2f": 0.0, "loudness": 0.0}}
    table = doc.listeners_and_candidates(perceptual, yard, _choice("2f", fails=("delay",)))
    assert list(table.index) == ["LSTM", doc.STREAMING, "GRU", doc.yardstick_name()]
    assert "10%" in doc.yardstick_name()
    assert table.loc["LSTM", "seeds"] == 2 and table.loc["GRU", "seeds"] == 1
    assert table.loc["LSTM", "2f MUSHRA: score (mean of seeds)"] == pytest.approx(40.5)
    # 2f: higher is better; the loudness error: lower is better; NaN takes no rank
    assert list(table["2f MUSHRA: rank (1 = closest)"]) == [4, 1, 3, 2]
    ranks = table["loudness error LU: rank (1 = closest)"]
    assert list(ranks.iloc[[0, 1, 3]]) == [2, 1, 3] and pd.isna(ranks.iloc[2])
    assert set(table["2f MUSHRA: passes the calibration"]) == {"no (fails 1 of 12)"}
    assert set(table["loudness error LU: passes the calibration"]) == {"no (fails 1 of 12)"}
    listeners = table["the thesis's listeners (1-4)"]
    assert "3 rated 1" in listeners["LSTM"] and "2.25" in listeners["LSTM"]
    assert set(listeners.drop("LSTM")) == {"not rated"}
    text = doc.describe_listeners(table)
    assert "rated one output only, the LSTM's voice" in text and "not a correlation" in text
    assert ("2f MUSHRA (fails 1 of 12 families of the calibration) ranks it 4 of 4, behind the "
            "yardstick") in text
    assert ("loudness error LU (fails 1 of 12 families of the calibration) ranks it 2 of 4, "
            "ahead of the "
            "yardstick") in text
    assert "none is converted into the listeners' 1-4" in text


@pytest.mark.slow
def test_perceptual_scores_and_their_yardstick_on_real_voice():
    from dsp_paper import material

    sr = 22050
    voice = material.voice(sample_rate=sr).audio[:int(2.5 * sr)].astype(np.float32)
    target = effects.highpass_eq(voice, sample_rate=sr, cutoff_hz=440.0)
    parts = {doc.VOICE: Pair(voice, target)}
    noisy = target + 0.05 * np.random.default_rng(0).standard_normal(target.size).astype(np.float32)
    keys = ("visqol", "loudness")
    scores = doc.perceptual_by_seed({3: {"exact": target, "noisy": noisy}}, parts,
                                    {doc.VOICE: 0}, sample_rate=sr, measures=keys)
    exact, bad = scores[3]["exact", doc.VOICE], scores[3]["noisy", doc.VOICE]
    assert set(exact) == set(keys)
    assert exact["visqol"] == pytest.approx(4.73, abs=0.01) and exact["loudness"] == 0.0
    assert bad["visqol"] < exact["visqol"] - 0.5 and bad["loudness"] > 0.1
    yard = doc.perceptual_yardsticks(parts, sample_rate=sr, cutoff_hz=440.0, measures=keys)
    assert bad["visqol"] < yard[doc.VOICE]["visqol"] < exact["visqol"]
    assert "ViSQOL MOS-LQO" in doc.describe_yardsticks({doc.VOICE: 1.0}, perceptual=yard)
    with pytest.raises(ParameterError):
        doc.perceptual_yardsticks(parts, sample_rate=sr, cutoff_hz=440.0, measures=["pesq"])


@pytest.mark.slow
def test_outputs_tables_and_clips(fake, outputs):
    assert set(outputs[0]) == {*doc.THESIS_MODELS, doc.STREAMING}
    assert set(outputs[1]) == {"LSTM", doc.STREAMING}  # other seeds: what the claims need
    perceptual = _made_up_perceptual(outputs)
    table = doc.validation_table(fake["runs"], outputs, fake["validation"], perceptual=perceptual)
    assert table.loc["LSTM", f"{doc.VOICE}: ViSQOL MOS-LQO"] == pytest.approx(3.25)  # seeds 0, 1
    assert table.loc["GRU", f"{doc.CLIPS}: ViSQOL MOS-LQO"] == pytest.approx(3.0)
    assert table.loc["LSTM", f"{doc.VOICE}: 2f MUSHRA"] == pytest.approx(55.0)
    assert table.loc["LSTM", "seeds"] == 2 and table.loc["GRU", "seeds"] == 1
    assert table.loc["GRU", "thesis: validation error"] == doc.THESIS_VALIDATION_ERROR["GRU"]
    assert np.isnan(table.loc[doc.STREAMING, "thesis: validation error"])
    assert 0 <= table.loc["LSTM", "accuracy_12bit"] <= 1
    band = doc.band_lsd_by_seed(outputs, fake["parts"], fake["starts"], sample_rate=SR)
    assert (("LSTM", doc.VOICE) in band[1]) and (("GRU", doc.VOICE) not in band[1])
    shown = doc.band_table(band, fake["parts"])
    assert shown.loc["LSTM"].iloc[0].endswith("(2)") and shown.loc["GRU"].iloc[0].endswith("(1)")
    accuracy = doc.accuracy_and_ratings(outputs, fake["validation"], fake["parts"],
                                        fake["starts"], perceptual=perceptual)
    stand_in = [c for c in accuracy.columns if "objective estimate" in c]
    assert len(stand_in) == len(PERCEPTUAL_MEASURES)
    assert all("not a rating" in c for c in stand_in)
    assert accuracy.loc["LSTM", [c for c in stand_in if "ViSQOL" in c][0]] == pytest.approx(3.25)
    scores = doc.perceptual_table(perceptual, fake["parts"])
    assert scores.loc["LSTM", f"{doc.VOICE}: ViSQOL MOS-LQO"] == "3.25 [3.00–3.50] (2)"
    assert scores.shape[1] == 2 * len(PERCEPTUAL_MEASURES)
    # no rating is ever invented: the thesis's stands beside none of ours
    assert set(accuracy["this run: listener rating"]) == {"none (no listeners)"}
    assert "2.25" in accuracy.loc["LSTM", "thesis: listener rating of the voice (1-4)"]
    assert accuracy.loc["GRU", "thesis: listener rating of the voice (1-4)"] == "not rated"
    assert "no value given" in accuracy.loc["dilated CNN", "thesis: 12-bit accuracy"]
    clips = doc.voice_clips(outputs, fake["parts"], fake["starts"], seed=0)
    assert len(clips) == 2 + 5 and all(c.shape == (4410,) for c in clips.values())
    yard = doc.spectrum_yardsticks(fake["parts"], sample_rate=SR, cutoff_hz=440.0)
    assert set(yard) == {doc.VOICE, doc.CLIPS} and all(v > 0 for v in yard.values())
    assert "10%" in doc.describe_yardsticks(yard)


def test_spectrum_settings_are_the_registry_s():
    assert doc.spectrum_settings() == registry.REGISTRY["C2.2a"].settings


@pytest.mark.slow
def test_latency_measurements_put_the_thesis_beside_the_lstm():
    cfg = scale_config("05_recurrent_eq", "smoke", benchmark_seconds=0.05, latency_repeats=1,
                       latency_sizes={"lstm": (8, 2), "cnn": (16, 8, 8)})
    audio = RNG.uniform(-0.5, 0.5, 1000).astype(np.float32)
    table, repeats = doc.latency_measurements(cfg, models.streaming_rnn(hidden=2, seed=0),
                                              audio, sample_rate=SR)
    lstm = [i for i in table.index if i.startswith("lstm ")][0]
    assert table.loc[lstm, "thesis: s per s"] == doc.THESIS_SECONDS_PER_SECOND
    assert table.loc[lstm, "thesis: ms per output sample"] == doc.THESIS_MS_PER_SAMPLE
    assert table["thesis: s per s"].notna().sum() == 1
    assert table.loc[lstm, "sizes"] == "(8, 2)"
    assert set(repeats["blocks"]) == set(doc.STREAM_BLOCKS)


def test_knob_summary_and_clips():
    summary = doc.knob_summary(_knob_table())
    assert list(summary.index) == sorted(summary.index)
    assert not summary.loc[440.0, "seen in training"]
    target, out = np.zeros(10), np.ones(10)
    clips = doc.knob_clips({(float(doc.KNOB_PLAYED_CUTOFF), 0): (out, target)}, seed=0)
    assert [c.sum() for c in clips.values()] == [0, 10]
    assert all(f"{doc.KNOB_PLAYED_CUTOFF}" in title for title in clips)


@pytest.mark.slow
def test_record_keys_match_the_registry_and_the_text_follows_the_verdicts(fake):
    seeds = (0, 1)
    band = {s: {(n, p): 2.0 + s for n in ("LSTM",) for p in (doc.VOICE, doc.CLIPS)}
            for s in seeds}
    perceptual = {s: {("LSTM", p): {"visqol": 3.0 - 0.1 * s, "2f": 40.0 - s}
                      for p in (doc.VOICE, doc.CLIPS)} for s in seeds}
    heard = dict(perceptual=perceptual, choice=_choice("2f"),
                 perceptual_yardsticks={doc.VOICE: {"visqol": 4.2, "2f": 70.0},
                                        doc.CLIPS: {"visqol": 4.5, "2f": 80.0}})
    record = doc.record(runs=fake["runs"], band=band,
                        yardsticks={doc.VOICE: 0.5, doc.CLIPS: 1.0}, **heard,
                        latency_repeats=_latency_repeats(),
                        stream_voice_esr={0: 0.01, 1: 0.02}, knob_table=_knob_table(),
                        seeds=seeds)
    for claim in registry.for_notebook("05_recurrent_eq"):
        assert set(claim.rule.keys()) <= set(record), claim.id
    # C2.2c's quantities are the shown measure's (2f): 30 and 31 points worse, in margins of 10
    assert record["lstm_voice_perceptual"] == [40.0, 39.0]
    assert record["cutoff_off_voice_perceptual"] == 70.0
    assert record["lstm_voice_perceptual_gap"] == pytest.approx([3.0, 3.1])
    assert record["_perceptual"]["measure"] == "2f" and "lstm_voice_mos_gap" not in record
    first_only = doc.record(runs=fake["runs"], band=band,
                            yardsticks={doc.VOICE: 0.5, doc.CLIPS: 1.0}, **heard,
                            latency_repeats=_latency_repeats(),
                            stream_voice_esr={0: 0.01, 1: 0.02},
                            knob_table=_knob_table(seeds=(0,)), seeds=seeds)
    assert first_only["knob_voice_esr_440"] == [0.02] and len(first_only["lstm_val_mse"]) == 2
    judged = verdicts.judge_all(registry.for_notebook("05_recurrent_eq"), record, scale="quick")
    text = doc.what_it_means(record, judged, scale="quick", stream_hidden=32)
    for claim_id, verdict in judged["verdict"].items():
        assert f"{claim_id} **{verdict}**" in text
    assert "The LSTM had the lowest" in text and "less error than the GRU" in text
    assert "faster than real time" in text and "1.89" in text
    assert "At smoke" not in text
    assert ("The calibration chose 2f MUSHRA" in text and "3.05 of its clear-preference "
            "margins (10) worse than the yardstick" in text and "not a listening test" in text)
    assert "judged by 2f MUSHRA" in judged.loc["C2.2c", "evidence"]
    # none passes every family: the verdict waits, and the text names what each fails
    uncalibrated = dict(record, _perceptual=_choice("2f", fails=("delay",)).record())
    judged_none = verdicts.judge_all(registry.for_notebook("05_recurrent_eq"), uncalibrated,
                                     scale="quick")
    assert judged_none.loc["C2.2c", "verdict"] == verdicts.INCONCLUSIVE
    none = doc.what_it_means(uncalibrated, judged_none, scale="quick", stream_hidden=32)
    assert "No candidate perceptual measure passes all 12 families" in none
    assert "2f MUSHRA fails delay" in none and "ViSQOL MOS-LQO fails level, delay" in none
    # another run's verdicts and numbers: the text follows them
    worse = dict(record, reduced_lstm_val_mse=[1e-2, 1e-2], streaming_voice_esr=[0.5, 0.6])
    flipped = judged.assign(verdict=verdicts.VERDICTS[1])
    other = doc.what_it_means(worse, flipped, scale="smoke", stream_hidden=32)
    assert f"C2.1a **{verdicts.VERDICTS[1]}**" in other
    assert "more error than the GRU" in other and "not below" in other and "At smoke" in other
    assert "cannot decide" not in other


@pytest.mark.slow
def test_paper_vs_ours_differences_and_results(fake, outputs):
    cfg = scale_config("05_recurrent_eq", "smoke")
    latency = pd.DataFrame({"sizes": ["(64, 16)", "32 units"], "ms per output sample": [1.0, 0.01],
                            "s per s of audio": [44.1, 0.44]},
                           index=["lstm (many-to-one, batch 1)", "streaming LSTM, blocks of 32"])
    table = doc.paper_vs_ours_table(fake["runs"], outputs, latency,
                                    validation=fake["validation"], lstm_size=cfg.lstm)
    assert table.loc["reduced LSTM vs GRU: % less error", "paper (reported)"] == 61.3
    assert table.loc["LSTM: s per s of 44.1 kHz audio", "this run"] == 44.1
    assert table.loc["listener rating of the LSTM's voice (1-4)", "this run"] == "—"
    from dsp_paper import EffectCorpus

    mini = EffectCorpus("mini", SR, "hp", {"train": [_pair(100)]},
                        ["voice: recorded speech (recorded at 16000 Hz); 4 s; licence: x"])
    rows = doc.differences(cfg, mini, mini, runs=fake["runs"], seeds=(0, 1))
    aspects = [r[0] for r in rows]
    for aspect in ("material", "sample rate", "model sizes (window x units)", "epochs",
                   "optimiser and loss", "data sizes"):
        assert aspect in aspects
    assert all(len(r) == 3 and all(isinstance(x, str) for x in r) for r in rows)
    sizes = dict((a, o) for a, _, o in rows)["model sizes (window x units)"]
    assert f"{cfg.lstm[0]} x {cfg.lstm[1]}" in sizes
    assert "licence" not in dict((a, o) for a, _, o in rows)["material"]
    check = {"voice_esr": {0: 0.1, 1: 0.2}, "kernel_gap": 1e-8}
    summary = doc.results(
        validation_table=doc.validation_table(fake["runs"], outputs, fake["validation"],
                                              perceptual=_made_up_perceptual(outputs)),
        runs=fake["runs"], stream_check=check, latency=latency, knob_table=_knob_table(),
        record={"seeds": [0, 1]})
    json.dumps(summary, sort_keys=True, default=str)  # what FigureStore.save_json writes
    assert summary["paper_validation_error"] == doc.THESIS_VALIDATION_ERROR
    assert f"{doc.VOICE}: 2f MUSHRA" in summary["validation"]["LSTM"]


@pytest.mark.slow
def test_figures(fake, outputs):
    import matplotlib.pyplot as plt

    first = outputs[0]
    fig = doc.spectra_figure(first, fake["parts"], fake["starts"], sample_rate=SR,
                             cutoff_hz=440.0, seed=0)
    labels = fig.legends[0].get_texts()
    assert {t.get_text() for t in labels} >= {"target", *doc.THESIS_MODELS, doc.STREAMING,
                                             "440 Hz cut-off"}
    assert all(ax.get_xscale() == "log" and "Hz" in ax.get_xlabel() for ax in fig.axes)
    assert "dB" in fig.axes[0].get_ylabel()
    assert any("440 Hz" in t.get_text() for ax in fig.axes for t in ax.texts)
    plt.close(fig)
    figs = [doc.effect_figure(fake["parts"][doc.VOICE], sample_rate=SR, cutoff_hz=440.0, order=2),
            doc.training_curves_figure(fake["runs"]),
            doc.assembled_figure(first, fake["validation"], fake["starts"], sample_rate=SR,
                                 seed=0),
            doc.comparison_figure(fake["runs"], outputs,
                                  doc.band_lsd_by_seed(outputs, fake["parts"], fake["starts"],
                                                       sample_rate=SR), fake["validation"]),
            doc.knob_figure(doc.knob_summary(_knob_table()), seeds=(0, 1))]
    for fig in figs:
        assert fig.get_layout_engine() is not None  # constrained: no overlapping titles
        # every figure's axes say what they show (shared axes are labelled once)
        assert fig.axes[0].get_ylabel() and any(ax.get_xlabel() for ax in fig.axes)
        plt.close(fig)


def test_every_streaming_model_trains_under_one_budget(monkeypatch):
    """05's model, the models at single cut-offs and the knob model (C2.3b, C2.4a) get the
    same optimiser, clipping and patience; the caps are the settings' own."""
    from dsp_paper.nn import recurrent

    seen = {}

    def fake_fit(model, x, y, **kwargs):
        seen[kwargs["checkpoint"]] = ({k: v for k, v in model.optimizer.get_config().items()
                                       if k != "name"}, kwargs)

    class Mini:  # the two splits the streaming models read, a second of noise each
        sample_rate = 44100

        def split(self, name):
            x = np.random.default_rng(len(name)).standard_normal(44100).astype(np.float32)
            return (Pair(x, effects.highpass_eq(x, sample_rate=44100, cutoff_hz=440.0)),)

    monkeypatch.setattr(recurrent, "fit", fake_fit)
    cfg = scale_config("05_recurrent_eq", "smoke")
    data, val = doc.streaming_data(Mini(), cfg)
    doc.train_streaming_model(cfg, data, val, seed=2, progress=False)
    data, val = doc.streaming_data(Mini(), cfg, cutoff_hz=251.0)
    doc.train_streaming_model(cfg, data, val, seed=2, name="streaming_at_251", progress=False)
    doc.train_knob_model(cfg, Mini(), seed=2, progress=False)
    assert set(seen) == {"05_streaming_smoke_s2", "05_streaming_at_251_smoke_s2",
                         "05_knob_smoke_s2"}
    for optimiser, kwargs in seen.values():
        assert optimiser["learning_rate"] == pytest.approx(cfg.stream_learning_rate)
        assert optimiser["global_clipnorm"] == cfg.stream_clipnorm
        assert kwargs["patience"] == cfg.stream_patience and kwargs["restore_best"]
    assert seen["05_streaming_smoke_s2"][1]["epochs"] == cfg.stream_epochs
    assert seen["05_knob_smoke_s2"][1]["epochs"] == cfg.knob_epochs
