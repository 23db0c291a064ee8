"""dense_baselines and conv_tied (with 001's stereo experiment object): 000's numbers, the
normalised MSE, the experiments on a tiny made-up corpus, their tables, figures, clips, records,
what differs and the closing text."""
import math
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from dsp_paper import EffectCorpus, effects
from dsp_paper.studies import registry
from dsp_paper.study import verdicts
from dsp_paper.studies import conv_tied, dense_baselines
from dsp_paper.studies import scale_config
from dsp_paper.nn.evaluation import DOCUMENT_COLUMNS
from dsp_paper.windowing import Pair

SR = 8000


def _pairs(rng, n, seconds):
    out = []
    for _ in range(n):
        x = (0.3 * rng.standard_normal(int(SR * seconds))).astype(np.float32)
        out.append(Pair(x, effects.lowpass(x, sample_rate=SR, cutoff_hz=1000.0)))
    return out


def _corpus():
    rng = np.random.default_rng(1)
    return EffectCorpus("noise through the lowpass", SR, "lowpass at 1 kHz",
                        {"train": _pairs(rng, 2, 0.5), "validation": _pairs(rng, 1, 0.2),
                         "test": _pairs(rng, 1, 0.5)})


DENSE = scale_config("03_dense_baselines", "smoke", window=64, hidden=16, batch_size=32,
                     sample_uses=2, early_epoch=1, epoch_cap=2, patience=1, epochs=2,
                     fir_taps=16)
CONV = scale_config("04_conv_tied", "smoke", window=256, filters=2, kernel_size=32, strides=4,
                    hidden=3, batch_size=32, test_block_seconds=0.1, fir_taps=16, epoch_cap=5,
                    patience=4, epochs=5,
                    snapshots=(0, 5), ablation_epochs=5, pedal_epochs=1, stereo_epochs=1)
SEEDS = (0, 1)
CONV_SEEDS = (0,)


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """A temporary root for the module's trainings (the per-test root is function-scoped)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DSP_PAPER_ROOT", str(tmp_path_factory.mktemp("root")))
        yield


@pytest.fixture(scope="module")
def dense_run(root):
    return dense_baselines.run(_corpus(), DENSE, SEEDS, progress=False)


@pytest.fixture(scope="module")
def runs(root, dense_run):
    """The tiny conv experiments (one seed), trained once for the module."""
    conv = conv_tied.run(_corpus(), CONV, CONV_SEEDS, progress=False)
    ablations = conv_tied.ablation_experiment(conv, progress=False)
    return SimpleNamespace(dense=dense_run, conv=conv, ablations=ablations,
                           tick=conv_tied.tick_experiment(conv))


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_the_document_numbers_are_typed_once_in_its_column_order():
    assert list(dense_baselines.PAPER_DENSE_ROWS["linear"]) == DOCUMENT_COLUMNS
    assert dense_baselines.PAPER_DENSE_ROWS["nonlinear"]["test mse"] == 0.00144
    assert sorted(dense_baselines.PAPER_CONV_ROWS) == [0, 5, 10, 15, 20, 30, 40, 50]
    assert all(list(r) == DOCUMENT_COLUMNS for r in dense_baselines.PAPER_CONV_ROWS.values())
    assert dense_baselines.PAPER_DENSE_EPOCHS[-1] == 4000
    assert dense_baselines.PAPER_CONV_HIDDEN == 50


def test_paper_nmse_uses_the_reference_and_leaves_the_test_unknown():
    row = dense_baselines.paper_nmse(dense_baselines.PAPER_CONV_ROWS[5])
    assert row["train nmse"] == pytest.approx(0.00202 / 0.09906 ** 2)
    assert row["val nmse"] == pytest.approx(0.00542 / 0.09906 ** 2)
    assert math.isnan(row["test nmse"])
    assert row["test mse"] == 0.00021  # the reported columns are kept


def test_target_variances_and_with_nmse():
    corpus = _corpus()
    var = dense_baselines.target_variances(corpus)
    joined = np.concatenate([p.target for p in corpus.split("train")])
    assert var["train"] == pytest.approx(float(np.var(joined)))
    row = dense_baselines.with_nmse({"train mse": 2.0, "val mse": 1.0, "test mse": 0.5}, var)
    assert row["val nmse"] == pytest.approx(1.0 / var["val"])
    assert row["test nmse"] == pytest.approx(0.5 / var["test"])


def test_overlap_add_of_many_pieces_in_one_call_matches_each_piece_on_its_own():
    from dsp_paper.windowing import process_overlap_add

    calls = []

    def process(frames):  # not time-invariant: any misplaced frame shows
        calls.append(len(frames))
        return np.tanh(3 * frames) + 0.1 * np.linspace(0, 1, frames.shape[1])

    pieces = _corpus().split("train") + [Pair(np.ones(30, np.float32), np.ones(30, np.float32))]
    joined = dense_baselines.overlap_add_pieces(process, pieces, window=64, hop=24)
    assert len(calls) == 1
    for piece, out in zip(pieces, joined):
        np.testing.assert_allclose(out, process_overlap_add(piece.input, process, window=64,
                                                            hop=24), atol=1e-6)


@pytest.mark.slow
def test_dense_experiment_tables_and_record(dense_run):
    dense = dense_run
    assert set(dense.rows) == {(l, e, s) for l in dense_baselines.DENSE_ACTIVATIONS
                               for e in (1, dense_baselines.END) for s in SEEDS}
    assert all(r.log.restored_epoch is not None and r.log.patience == 1
               for r in dense.runs.values())
    assert all("test nmse" in r for r in dense.rows.values()) and "val nmse" in dense.fir.row
    table = dense_baselines.dense_table(dense)
    assert table.index.names == ["net", "epoch", "source"]
    assert ("linear", 4000, "000 (reported)") in table.index
    assert ("linear", "end", f"this run (smoke), seed {SEEDS[-1]}") in table.index
    assert list(table.columns[:10]) == DOCUMENT_COLUMNS and "test nmse" in table.columns
    assert table.loc[("linear", 4000, "000 (reported)"), "test mse"] == 0.00119
    versus = dense_baselines.dense_paper_vs_ours(dense)
    ours = versus.loc["linear net: val nmse", "this run"]
    assert ours == pytest.approx(dense.mean("linear", "end", "val nmse"), rel=1e-2)
    record = dense_baselines.record(dense)
    judged = verdicts.judge_all(registry.for_notebook("03_dense_baselines"), record, scale="smoke")
    assert list(judged.index) == ["C0.1a", "C0.1b", "C0.2"]
    assert len(record["linear_final_test_esr"]) == len(SEEDS)
    results = dense_baselines.results(dense, record)
    assert results["record"] is record and "linear_end_seed1" in results
    assert set(results["trainings"]["linear_seed0"]) == {"epochs", "steps", "seconds",
                                                         "best_epoch", "stop_reason"}


@pytest.mark.slow
def test_dense_figures_clips_and_flatness(dense_run):
    dense = dense_run
    fig = dense_baselines.dense_curves_figure(dense)
    assert [ax.get_title() for ax in fig.axes] == ["training (sweeps)",
                                                   "validation (held-out sweeps)"]
    assert fig.axes[0].get_ylabel() == "MSE" and fig.axes[1].get_legend() is not None
    spectra = dense_baselines.dense_spectra_figure(dense)
    assert spectra.axes[0].get_legend().get_bbox_to_anchor() is not None
    clips, what = dense_baselines.dense_clips(dense)
    assert list(clips)[:2] == ["test input (piano)", "expected output (lowpass)"]
    assert len(clips) == 2 + 2 * len(dense_baselines.DENSE_ACTIVATIONS) and set(what) <= set(clips)
    assert "000 listened at epoch 4000" in what["linear net, trained to the end"]
    flat = dense_baselines.flatness_table(dense)
    assert flat.loc["white noise (reference)", "spectral_flatness"] > 0.4


def _claims_with(notebook, verdict):
    ids = [c.id for c in registry.for_notebook(notebook)]
    return pd.DataFrame({"verdict": [verdict] * len(ids), "decides at": ["quick, paper"] * len(ids)},
                        index=pd.Index(ids, name="id"))


@pytest.mark.slow
@pytest.mark.parametrize("verdict", verdicts.VERDICTS)
def test_dense_what_it_means_reads_right_whatever_the_verdicts(dense_run, verdict):
    record = dense_baselines.record(dense_run)
    text = dense_baselines.what_it_means(dense_run, _claims_with("03_dense_baselines", verdict),
                                   record)
    assert text.startswith("## What it means")
    assert f"**C0.1a** ({verdict})" in text and "nan" not in text
    assert f"{verdict.capitalize()}: C0.1a, C0.1b, C0.2." in text


@pytest.mark.slow
def test_dense_differences_come_from_the_settings(dense_run):
    rows = dict((a, (d, o)) for a, d, o in dense_baselines.differences(dense_run))
    assert rows["epochs"] == ("20 and 4000", "1 (a snapshot) and trained to a plateau (cap 2)")
    assert "patience" in rows["training budget"][1] and "overlap-added" in rows["test batching"][1]
    assert rows["hidden layer"] == ("1000", "16")
    assert rows["sample rate"][1] == f"{SR} Hz"
    assert "Adam" in rows["optimiser"][1] and "training windows" in rows


@pytest.mark.slow
def test_conv_experiment_tables_figures_and_clips(runs):
    conv = runs.conv
    assert conv.first == 5 and conv.final == "end" and conv.block == int(0.1 * SR)
    assert conv.hop % CONV.strides == 0 and conv.hop <= conv.block // 2
    table = conv_tied.conv_table(conv)
    assert (5, "000 (reported)") in table.index and (5, "this run (smoke), seed 0") in table.index
    assert (10, "000 (reported)") in table.index and ("FIR", "least-squares FIR, 16 taps") in \
        table.index
    assert any(e == "end" for e, _ in table.index)
    versus = conv_tied.conv_paper_vs_ours(conv)
    assert versus.loc["test mse, epoch 5", "paper (reported)"] == 0.00021
    fig = conv_tied.conv_curves_figure(conv)
    assert len(fig.axes) == 3 and fig.axes[2].get_ylabel() == "MSE"
    clips, what = conv_tied.conv_clips(conv)
    assert [k for k in clips if k.startswith("conv net")] == ["conv net, epoch 0",
                                                              "conv net, epoch 5",
                                                              "conv net, trained to the end"]
    assert conv_tied.conv_published_epochs(conv) == [0, 5, "end"]


@pytest.mark.slow
def test_ablations_tick_and_the_conv_record(runs):
    conv, ablations, tick = runs.conv, runs.ablations, runs.tick
    assert set(ablations.rows) == {(n, s) for n in conv_tied.ABLATIONS for s in CONV_SEEDS}
    table = conv_tied.ablation_table(ablations, conv)
    assert ("unmodified baseline", 0) in table.index
    assert len(conv_tied.ablation_curves_figure(ablations, conv).axes) == 2
    assert list(tick.table().index) == list(CONV_SEEDS)
    fig = conv_tied.tick_figure(tick)
    waves, errors = fig.axes[:2]
    assert errors.get_xlabel() == "time from the block edge (ms)"
    assert waves.get_ylabel() == "amplitude" and errors.get_ylabel() == "error (amplitude)"
    assert [l.get_label() for l in errors.lines[:2]] == ["0.1 s blocks - whole track",
                                                         "overlap-add - whole track"]
    clips, what, inline = conv_tied.tick_clips(tick)
    assert len(clips) == 2 and "whole track (reference)" in inline
    record = conv_tied.record(dense=runs.dense, conv=conv, ablations=ablations, tick=tick)
    judged = verdicts.judge_all(registry.for_notebook("04_conv_tied"), record, scale="smoke")
    assert len(judged) == len(registry.for_notebook("04_conv_tied"))
    # the pre-emphasised ESR of C0.3a/b and C0.6b, against the filter written out by hand
    emphasise = lambda x: np.concatenate([x[:1], x[1:] - 0.85 * x[:-1]]).astype(np.float64)
    target = emphasise(conv.corpus.split("test")[0].target)
    for i, s in enumerate(CONV_SEEDS):
        out = emphasise(conv.outputs["end", s][0])
        expected = np.sum((target - out) ** 2) / np.sum(target ** 2)
        assert record["conv_final_test_esr_pre"][i] == pytest.approx(expected, rel=1e-4)
    assert all(p > 0 for p in record["dense_best_final_test_esr_pre"])


def _pedal_and_stereo():
    rows = {"tied conv net": {"test esr": 0.2}, "dense linear (best of 03)": {"test esr": 0.5},
            "least-squares FIR, 16 taps": {"test esr": 0.4}}
    pedal = conv_tied.PedalExperiment(SimpleNamespace(effect="pedal chain"), 1, "linear", rows, {})
    stereo = conv_tied.StereoExperiment(SimpleNamespace(effect="lowpass"),
                              scale_config("stereo_001", "smoke"), 1, (10, 256, 2),
                              {"test_piano": {"esr": 0.03}, "test_voice": {"esr": 0.06}}, {})
    return pedal, stereo


def test_pedal_picks_the_best_net_not_the_fir():
    pedal, _ = _pedal_and_stereo()
    assert pedal.best_net() == "tied conv net" and pedal.fir_name().startswith("least-squares")


@pytest.mark.slow
@pytest.mark.parametrize("verdict", verdicts.VERDICTS)
def test_conv_what_it_means_and_differences(runs, verdict):
    pedal, stereo = _pedal_and_stereo()
    record = conv_tied.record(dense=runs.dense, conv=runs.conv, ablations=runs.ablations,
                             tick=runs.tick)
    text = conv_tied.what_it_means(runs.conv, _claims_with("04_conv_tied", verdict), record,
                                  ablations=runs.ablations, tick=runs.tick, pedal=pedal,
                                  stereo=stereo)
    assert f"**C0.7b** ({verdict})" in text and "piano 0.03, voice 0.06" in text
    assert "captures more of the nonlinear effect" in text  # 0.2 against the FIR's 0.4
    rows = {a: (d, o) for a, d, o in conv_tied.differences(runs.conv, pedal=pedal, stereo=stereo,
                                                            ablations=runs.ablations)}
    assert rows["hidden layer"] == ("50", "3") and rows["test blocks"][0] == "0.5 s, back to back"
    assert "0.1 s windows overlapping" in rows["test blocks"][1]
    assert "same patience and cap" in rows["training budget"][1]
    assert "not evaluated" in rows["pedal effect"][0] and "(10, 256, 2)" in rows["stereo (001)"][1]


def test_overlap_add_on_the_stride_grid_brings_the_net_to_the_exact_filters_level():
    """C0.7b's hop: a strided net overlap-added at a hop off its stride grid errs everywhere
    (each window sees the audio on a grid of its own); on the grid its error falls to the level
    an exact filter of the same span gives with the same overlap-add."""
    import scipy.signal

    from dsp_paper.nn import models
    from dsp_paper.windowing import edge_error_db, process_overlap_add

    rng = np.random.default_rng(0)
    x = (0.3 * rng.standard_normal(8000)).astype(np.float32)
    piece = Pair(x, effects.lowpass(x, sample_rate=SR, cutoff_hz=1000.0))
    kernel, strides, block = 32, 4, 1000  # block // 8 = 125, not a multiple of the stride
    model = models.conv_autoencoder(filters=2, kernel_size=kernel, strides=strides, hidden=3,
                                    channels=1, name="grid", seed=0)
    assert conv_tied.stride_hop(block // 8, strides) == 124
    _, off = conv_tied.tick_levels(model, piece, block=block, radius=kernel, hop=block // 8)
    _, on = conv_tied.tick_levels(model, piece, block=block, radius=kernel)
    fir = scipy.signal.firwin(2 * kernel - 1, 1000.0, fs=SR).astype(np.float32)
    exact = lambda frames: np.stack([np.convolve(f, fir, mode="same") for f in frames])
    filtered = process_overlap_add(x, exact, window=block, hop=124)
    exact_db = edge_error_db(filtered, np.convolve(x, fir, mode="same"), block=block,
                             radius=kernel)
    assert off["overlap_add_edge_error_db"] > -20 and off["overlap_add_between_error_db"] > -20
    assert exact_db < -70
    assert on["overlap_add_edge_error_db"] < -55
    assert on["overlap_add_edge_error_db"] - exact_db < 30
    assert on["edge_error_drop_db"] > 40 > off["edge_error_drop_db"]
