"""lstm_generation (003): its numbers, the kicks shown, tables, figures, clips and closing text,
on small made-up runs (no training)."""
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from dsp_paper import ParameterError
from dsp_paper.studies import scale_config
from dsp_paper.studies import registry
from dsp_paper.study import verdicts
from dsp_paper.studies import lstm_generation as study
from dsp_paper.studies.lstm_generation.text import kick_variation_text

SR = 8000
FRAME = 256


def _kick(pitch_hz, decay_s, level, n=48 * FRAME):
    t = np.arange(n) / SR
    x = np.sin(2 * np.pi * pitch_hz * t) * np.exp(-t / decay_s)
    return (level * x / np.max(np.abs(x))).astype(np.float32)


def _kick_set(count=5):
    pitch = np.linspace(0.8, 1.25, count)
    decay = np.linspace(0.08, 0.3, count)[::-1].copy()
    level = np.linspace(0.3, 1.0, count)
    examples = np.stack([_kick(100 * p, d, v) for p, d, v in zip(pitch, decay, level)])
    return study.KickSet(examples, SR, pitch, decay, level, "made up")


def _log(epochs, loss):
    return SimpleNamespace(log=SimpleNamespace(epoch=list(range(1, epochs + 1)),
                                               loss=[loss] * epochs,
                                               seconds=[0.5 * (i + 1) for i in range(epochs)],
                                               stop_reason="target"))


def _runs(seeds=(0, 1)):
    rng = np.random.default_rng(0)
    kicks = _kick_set()
    shown = study.shown_kicks(kicks, count=3)
    audio = {(s, int(i)): np.concatenate([x, 0.1 * rng.standard_normal(2 * FRAME)])
             .astype(np.float32) for s in seeds for i, x in zip(shown.index, shown.examples)}
    rows = [{"seed": s, "kick": int(i),
             **study.kick_measures(audio[s, int(i)], x, frame=FRAME, sample_rate=SR)}
            for s in seeds for i, x in zip(shown.index, shown.examples)]
    kick_run = study.KickRun({s: _log(5 + s, 0.14) for s in seeds}, shown, audio,
                           pd.DataFrame(rows).set_index(["seed", "kick"]), SR)
    original = np.zeros(12 * FRAME, np.float32)
    for k in range(0, 12, 3):
        original[k * FRAME:k * FRAME + 40] = rng.uniform(-0.9, 0.9, 40)
    amen_audio, amen_rows = {}, {}
    for s in seeds:
        for label, (rep, denormalise) in study.RENDERS.items():
            gain = 1.0 if denormalise else 4.0
            x = gain * np.concatenate([original, np.roll(original, FRAME)])
            amen_audio[label, s] = x + 0.01 * rng.standard_normal(x.size).astype(np.float32)
            amen_rows[label, s] = {"training MSE": 0.05,
                                   **study.break_measures(amen_audio[label, s], original,
                                                        frame=FRAME, sample_rate=SR)}
    amen_run = study.AmenRun(original, {(rep, s): _log(10, 0.049) for rep in ("fft", "raw")
                                      for s in seeds},
                           amen_audio, pd.DataFrame(amen_rows).T.rename_axis(["render", "seed"]),
                           SR, FRAME)
    pitfall = pd.DataFrame({"frame-to-frame change": [0.0, 1.2, 1.6], "RMS": [0.03, 0.06, 0.07]},
                           index=pd.Index(["first", "last", "original"], name="frame taken"))
    vowel = study.VowelRun(_log(3, 0.02), original, {"first": original, "last": original},
                         pitfall, SR, 0)
    representation = study.representation_check(original, frame=FRAME)
    return kicks, representation, vowel, kick_run, amen_run


def test_the_documents_numbers_are_typed_once_and_feed_the_settings():
    drums, gen = scale_config("drums_003", "paper"), scale_config("06_lstm_generation", "paper")
    assert drums.frame_samples == study.DOCUMENT.frame_samples == 2048
    assert drums.amen_frames == study.DOCUMENT.amen_frames == 60
    assert drums.kick_count == study.DOCUMENT.kick_count
    assert gen.hidden == study.DOCUMENT.frame_samples  # LSTMs "also of size N"
    assert (gen.kick_target_mse, gen.amen_target_mse) == (study.DOCUMENT.kick_target_mse,
                                                          study.DOCUMENT.amen_target_mse)
    assert gen.kicks_shown == study.DOCUMENT.kick_sounds
    assert study.DOCUMENT.sample_rate is None and study.DOCUMENT.optimiser is None  # not stated


def test_shown_kicks_are_spread_through_the_set_with_their_parameters():
    kicks = _kick_set(5)
    shown = study.shown_kicks(kicks, count=3)
    np.testing.assert_array_equal(shown.index, [0, 2, 4])
    np.testing.assert_array_equal(shown.examples, kicks.examples[[0, 2, 4]])
    np.testing.assert_allclose(shown.pitch, kicks.pitch[[0, 2, 4]])
    assert shown.labels[0] == (f"kick 0: pitch ×{kicks.pitch[0]:.2f}, decay "
                               f"{kicks.decay[0]:.2f} s, level {kicks.level[0]:.2f}")
    table = shown.table
    assert list(table.index) == [0, 2, 4]
    # the spectral peak is the sine's pitch within a bin; the level is the peak in dBFS
    bin_hz = SR / kicks.examples.shape[1]
    np.testing.assert_allclose(table["spectral peak (Hz)"], 100 * kicks.pitch[[0, 2, 4]],
                               atol=bin_hz)
    np.testing.assert_allclose(table["peak level (dBFS)"], 20 * np.log10(kicks.level[[0, 2, 4]]))
    # exp(-t/d) falls 20 dB by d ln 10 (to within a 256-sample frame)
    np.testing.assert_allclose(table["falls 20 dB by (s)"], kicks.decay[[0, 2, 4]] * np.log(10),
                               atol=2 * FRAME / SR)
    assert (table["falls 40 dB by (s)"] >= table["falls 20 dB by (s)"]).all()
    for bad in (0, 6, 2.0, True):
        with pytest.raises(ParameterError):
            study.shown_kicks(kicks, count=bad)


def test_kick_variation_follows_the_parameters():
    v = study.kick_variation(_kick_set(6))
    assert list(v.columns) == ["min", "median", "max", "correlation with pitch",
                               "correlation with decay"]
    assert v.loc["spectral peak (Hz)", "correlation with pitch"] > 0.99
    assert v.loc["falls 20 dB by (s)", "correlation with decay"] > 0.9
    assert v.loc["peak level (dBFS)", "max"] == pytest.approx(0.0, abs=1e-6)


def test_representation_check_is_lossless():
    audio = np.random.default_rng(1).uniform(-1, 1, 3 * FRAME + 10).astype(np.float32)
    r = study.representation_check(audio, frame=FRAME)
    assert r.chunks.shape == r.packed.shape == (4, FRAME)
    assert r.round_trip_error < 1e-5


def test_onset_f_measure_scores_as_the_toolkits_onset_alignment():
    import librosa

    from dsp_paper.metrics import onset_alignment

    rng = np.random.default_rng(3)
    original = np.zeros(4 * SR, np.float32)
    for t in (0.25, 0.75, 1.25, 1.5, 2.25, 3.0, 3.5):
        original[int(t * SR):int(t * SR) + 200] = rng.uniform(-0.9, 0.9, 200)
    generated = np.roll(original, int(0.03 * SR)) + 0.001 * rng.standard_normal(original.size)
    generated[int(1.5 * SR):int(1.6 * SR)] = 0  # one hit dropped
    times = lambda x: librosa.onset.onset_detect(y=x.astype(np.float32), sr=SR, units="time")
    f = study.onset_f_measure(times(generated), times(original), tolerance=0.05)
    assert f == pytest.approx(onset_alignment(generated, original, sample_rate=SR)["f_measure"])
    assert 0.5 < f < 1
    # by chance: a shifted copy of the same hits scores far less, the same for the same seed
    chance = study.onset_f_by_chance(times(generated), times(original), duration=4.0, seed=1)
    assert chance < f - 0.2
    assert chance == study.onset_f_by_chance(times(generated), times(original), duration=4.0,
                                             seed=1)
    # seven onsets in 4 s, 0.1 s of each 4 s matching window: at random about 7 x 0.1 / 4
    random = np.sort(rng.uniform(0, 4, 7))
    assert study.onset_f_by_chance(random, times(original), duration=4.0,
                                   draws=2000) == pytest.approx(7 * 0.1 / 4, abs=0.06)


@pytest.mark.slow
def test_record_tables_and_results():
    _, representation, vowel, kick_run, amen_run = _runs()
    record = study.record(representation, kick_run, amen_run, seeds=(0, 1))
    assert set(record) >= set().union(*(c.rule.keys() for c in study.CLAIMS))
    assert len(record["raw_onset_f"]) == len(record["kick_tail_rms_ratio"]) == 2
    versus = study.paper_vs_ours(kick_run, amen_run)
    assert versus["paper (reported)"].tolist() == [0.15, 0.05, 0.05]
    assert versus.loc["kicks: training MSE when stopped", "note"].startswith("mean of 2 seeds")
    training = study.training_table(vowel, kick_run, amen_run)
    assert len(training) == 1 + 2 + 4
    assert training.loc[("kicks, FFT frames", 1), "epochs"] == 6
    assert training.loc[("amen, FFT frames", 0), "document's target MSE"] == 0.05
    assert (training["stopped by"] == "target").all()
    out = study.results(representation, vowel, kick_run, amen_run, record)
    assert set(out) == {"round_trip_error", "pitfall", "training", "kicks", "kicks_shown",
                        "amen", "record"}
    assert kick_run.noise().shape == (2, 2)


def test_figures_share_one_amplitude_scale_and_keep_legends_off_the_data():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    _, representation, vowel, kick_run, amen_run = _runs(seeds=(0,))
    fig = study.amen_figure(amen_run, seed=0)
    traces = fig.axes[1:5]
    assert len({ax.get_ylim() for ax in traces}) == 1  # one common scale
    loudest = max(np.max(np.abs(a)) for a in amen_run.audio.values())
    assert traces[0].get_ylim()[1] >= loudest
    assert all(ax.get_ylabel() == "amplitude" and ax.get_title(loc="left") for ax in traces)
    assert fig.axes[-1].get_xlabel() == "time (s)"
    assert fig.legends and not any(ax.get_legend() for ax in fig.axes)
    for fig in (study.kicks_figure(kick_run, seed=0), study.vowel_figure(vowel),
                study.representation_figure(representation, sample_rate=SR, frame_index=1)):
        assert all(ax.get_xlabel() or ax.get_ylabel() for ax in fig.axes)
        plt.close(fig)
    plt.close("all")


def test_clips_name_what_the_document_lists():
    _, _, vowel, kick_run, amen_run = _runs(seeds=(0,))
    v = study.vowel_clips(vowel)
    assert set(v) == {"clips", "sample_rate", "heading", "what", "seconds", "listen_for"}
    assert all(kw["listen_for"] for kw in (v, study.kick_clips(kick_run, seed=0)))
    assert v["seconds"] == 3.0 and any("gen1" in t for t in v["clips"])
    k = study.kick_clips(kick_run, seed=0)
    assert len(k["clips"]) == 2 * len(kick_run.shown.index)
    a = study.amen_clips(amen_run, seed=0)
    assert [t.split(":")[0] for t in a["clips"]][1:] == ["gen2", "gen3"]
    assert set(a["what"]) <= set(a["clips"])
    t = study.tail_clips(amen_run, seed=0)
    assert t["seconds"] > amen_run.original.size / SR


def test_differences_read_the_settings_that_ran():
    _, _, _, kick_run, amen_run = _runs()
    rows = study.differences(kick_run, amen_run, scale="quick", seeds=(0, 1))
    table = dict((a, (d, o)) for a, d, o in rows)
    assert table["sample rate"] == ("not stated", "44100 Hz")
    assert table["LSTM width"][1] == str(scale_config("06_lstm_generation", "quick").hidden)
    assert "sonic-pi-samples" in table["kick material"][1]
    assert "sonic-pi-samples" in table["amen material"][1]
    assert table["optimiser"][0] == "not stated" and "Adam" in table["optimiser"][1]
    assert all(isinstance(x, str) for row in rows for x in row)


@pytest.mark.parametrize("verdict", verdicts.VERDICTS)
def test_what_it_means_reads_right_whatever_the_verdicts(verdict):
    kicks, representation, vowel, kick_run, amen_run = _runs()
    frame = pd.DataFrame({"verdict": verdict, "why this verdict": "because"},
                         index=pd.Index([c.id for c in study.CLAIMS], name="id"))
    text = study.what_it_means(representation, vowel, kick_run, amen_run, frame,
                             variation=study.kick_variation(kicks), scale="quick")
    assert text.startswith("## What it means")
    for c in study.CLAIMS:
        assert c.id in text
    assert text.count(f"*{verdict.split(' at ')[0]}*") == len(study.CLAIMS)
    assert ("Undecided here" in text) == (verdict == verdicts.INCONCLUSIVE)
    assert "nan" not in text.lower()


def test_what_it_means_on_judged_claims():
    kicks, representation, vowel, kick_run, amen_run = _runs()
    record = study.record(representation, kick_run, amen_run, seeds=(0, 1))
    judged = verdicts.judge_all(registry.for_notebook("06_lstm_generation"), record, scale="smoke")
    text = study.what_it_means(representation, vowel, kick_run, amen_run, judged,
                             variation=study.kick_variation(kicks), scale="smoke")
    assert "This scale cannot decide them" in text
    assert "What of 003's amen result reproduced" in text and "Across machines" in text
    flat = [amen_run.column(r, "flatness") for r in ("FFT frames", "raw frames")]
    noisier = all(a > b for a, b in zip(*flat))
    assert ("The chaos reproduced" in text) == noisier
    assert ("The chaos did not reproduce" in text) == (not noisier)


def test_the_kick_sentence_says_near_copies_when_they_are():
    count = 5
    pitch, decay, level = np.linspace(1.0, 1.02, count), np.linspace(0.1, 0.12, count), \
        np.linspace(0.9, 1.0, count)
    examples = np.stack([_kick(100 * p, d, v) for p, d, v in zip(pitch, decay, level)])
    near = study.kick_variation(study.KickSet(examples, SR, pitch, decay, level, "made up"))
    assert "near-copies" in kick_variation_text(near)
    assert "differ audibly in pitch and loudness" in kick_variation_text(
        study.kick_variation(_kick_set(6)))
