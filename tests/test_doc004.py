"""learned_spectrogram (004): its numbers, the exact reference, weights against it, cost, tables,
figures, clips and closing text, on small made-up runs (no training but one tiny DFT)."""
import matplotlib
import numpy as np
import pandas as pd
import pytest

from dsp_paper.studies import registry
from dsp_paper.study import verdicts
from dsp_paper import spectral
from dsp_paper.studies import scale_config
from dsp_paper.studies import learned_spectrogram as study
from dsp_paper.study.verdicts import INCONCLUSIVE, NOT_SUPPORTED, SUPPORTED
from dsp_paper.nn.training import TrainingLog, TrainingResult

N, N_FFT, HOP, SR = 64, 32, 8, 8000  # 9 frames x 17 bins: room for bin 10


class _Model:
    """What the module uses of a trained Keras layer: weights, size, and a call."""

    def __init__(self, W):
        self.W = np.asarray(W, np.float32)

    def get_weights(self):
        return [self.W]

    def count_params(self):
        return self.W.size

    def __call__(self, x):
        return np.asarray(x, np.float32) @ self.W


def _data(count=100, seed=0):
    rng = np.random.default_rng(seed)
    x = (0.25 * rng.standard_normal((count, N))).astype(np.float32)
    x_test = (0.25 * rng.standard_normal((20, N))).astype(np.float32)
    x_val = (0.25 * rng.standard_normal((20, N))).astype(np.float32)
    target = lambda v: spectral.stft_target(v, n_fft=N_FFT, hop=HOP)
    return study.SliceData(x, target(x), x_test, target(x_test), x_val, target(x_val),
                           sample_rate=SR, n_fft=N_FFT, hop=HOP)


def _runs(data, exact, seeds=(0, 1, 2), noise=1e-6, epochs=12):
    rng = np.random.default_rng(1)
    results = {}
    for s in seeds:
        W = exact.weights + noise * rng.standard_normal(exact.weights.shape)
        early = exact.weights + 0.1 * rng.standard_normal(exact.weights.shape)
        loss = [10.0 ** -(e + 1) for e in range(epochs)]
        log = TrainingLog(epoch=list(range(1, epochs + 1)), loss=loss,
                          val_loss=[v / 2 for v in loss],
                          seconds=[2.0 * (e + 1) + s for e in range(epochs)])
        results[s] = TrainingResult(_Model(W), log, {1: [early.astype(np.float32)]})
    return study.StftRuns(results, early_epoch=1,
                          test_mse={s: study.test_mse(r.model.get_weights()[0], data)
                                    for s, r in results.items()})


@pytest.fixture(scope="module")
def setup():
    data = _data()
    exact = study.exact_reference(data)
    return data, exact, _runs(data, exact)


@pytest.fixture(scope="module")
def cost(setup):
    """Measured once: every repeat of the smoke benchmark takes seconds."""
    data, _, runs = setup
    return study.measure_cost(runs, data, scale="smoke")


def _dft():
    W = spectral.dft_matrix(8)
    log = TrainingLog(epoch=[1, 2], loss=[1.0, 1e-3], val_loss=[1.0, 2e-3], seconds=[0.1, 0.2])
    return study.DftRun(TrainingResult(_Model(W + 1e-4), log, {}), W, size=8, count=50)


# ------------------------------------------------------------------ what 004 reports

def test_the_documents_numbers_agree_with_the_paper_settings():
    d = study.DOCUMENT
    slices, spec = scale_config("slices_004", "paper"), scale_config("02_learned_spectrogram",
                                                                      "paper")
    assert (slices.sample_rate, slices.slice_samples, slices.count) == (8000, 2048, 15000)
    assert spectral.stft_frames(d.slice_samples, n_fft=d.n_fft, hop=spec.hop) == d.frames
    assert d.frames * 2 * d.bins == d.outputs and d.bins == d.n_fft // 2 + 1
    assert spec.epochs >= d.reported_epochs[-1] and spec.dft_size == d.dft_size
    assert d.reported() == [(4, 3.0e-8, 80.0), (10, 2.0e-15, 420.0)]
    # the settings the verdicts were measured with are unchanged
    assert scale_config("slices_004", "quick").slice_samples == 512
    quick = scale_config("02_learned_spectrogram", "quick")
    assert (quick.epochs, quick.patience) == (60, 2)


def test_shown_slices_follow_the_post():
    assert study.shown_slices(33) == [1, 11, 21, 31]
    assert study.shown_slices(17) == [1, 6, 10, 15]
    assert all(1 <= s <= 9 for s in study.shown_slices(9))


def test_four_tones_is_one_slice_at_the_test_level():
    tones = study.four_tones(_data(count=10))
    assert tones.shape == (1, N) and tones.dtype == np.float32
    assert np.max(np.abs(tones)) == pytest.approx(study.TEST_LEVEL, rel=1e-6)


# ------------------------------------------------------------------ the exact reference

@pytest.mark.slow
def test_exact_reference_and_floors(setup):
    data, exact, _ = setup
    assert exact.weights.shape == (N, data.n_frames * 2 * data.n_bins)
    assert not exact.underdetermined  # 100 slices > 64 inputs
    assert exact.check.loc["least squares on the training data vs closed form",
                           "max_abs_difference"] < 1e-8
    assert 0 < exact.floor_scaled < exact.floor < 1e-9
    assert exact.floors["test_mse"].iloc[-1] == study.DOCUMENT.reported_loss[-1]
    few = study.exact_reference(_data(count=10))
    assert few.underdetermined and "underdetermined" in few.describe()


def test_data_describe_names_its_shapes():
    data = _data(count=10)
    assert data.n_frames == 9 and data.n_bins == 17
    assert "9 frames x 17 bins" in data.describe()


# ------------------------------------------------------------------ weights against the truth

@pytest.mark.slow
def test_weight_agreement_error_map_and_record(setup, cost):
    data, exact, runs = setup
    agree = study.weight_agreement(runs, exact)
    assert list(agree.index) == ["seed 0, after epoch 1", "seed 0, after epoch 12",
                                 "seed 1, after epoch 12", "seed 2, after epoch 12",
                                 "least squares (float64)"]
    assert (agree["relative_frobenius_error"].iloc[1:4] < 1e-4).all()
    error = study.error_map(runs, data, exact)
    assert error.error.shape == (2, data.n_bins, N) and error.frame == data.n_frames // 2
    assert error.span == spectral.frame_span(error.frame, n_samples=N, n_fft=N_FFT, hop=HOP)
    assert 0.5 < error.outside_share < 2  # noise everywhere: no locality
    assert 0 < error.band_error < 1e-5
    assert "inputs it should ignore" in error.describe()
    record = study.record(runs, exact, cost)
    assert record["seeds"] == [0, 1, 2] and len(record["weights_relative_error"]) == 3
    assert {"layer_seconds", "fft_seconds", "layer_peak_bytes", "fft_peak_bytes",
            "fft_training_set_seconds", "test_mse_over_float32_floor",
            "training_seconds"} <= set(record)
    claims = registry.for_notebook("02_learned_spectrogram")
    table = verdicts.judge_all(claims, record, scale="quick")
    assert list(table.index) == ["C4.1", "C4.2", "C4.3"]
    # no training recorded, three seeds: nothing decides
    assert "not trained to a plateau" in table.loc["C4.2", "why this verdict"]
    assert "too few" in table.loc["C4.3", "why this verdict"]
    # five seeds of trainings that plateaued decide the capability claims
    five = dict(record, seeds=[0, 1, 2, 3, 4],
                weights_relative_error=record["weights_relative_error"][:1] * 5,
                _trainings={"02_stft_quick": dict(runs=5, epochs=[20] * 5, steps=[100] * 5,
                                                  seconds=[2.0] * 5,
                                                  stopped_by=["plateau"] * 5)})
    assert verdicts.judge_all(claims, five, scale="quick").loc["C4.2", "verdict"] == SUPPORTED
    five["_trainings"]["02_stft_quick"]["stopped_by"][0] = "epochs"
    assert verdicts.judge_all(claims, five, scale="quick").loc["C4.2", "verdict"] == INCONCLUSIVE
    assert list(cost.table.index) == ["learned layer (Keras call)",
                                      "learned layer (NumPy matmul)", "FFT STFT (scipy.fft.rfft)"]
    assert cost.table.loc["FFT STFT (scipy.fft.rfft)", "ratio_to_fft"] == 1.0


# ------------------------------------------------------------------ tables and texts

@pytest.mark.slow
def test_paper_vs_ours_puts_every_reported_number_beside_ours(setup):
    data, exact, runs = setup
    table = study.paper_vs_ours(runs, data, exact, _dft())
    assert table.loc["loss after 4 epochs (ours: validation)", "paper (reported)"] == "3.0e-08 (about 80 s)"
    assert table.loc["loss after 10 epochs (ours: validation)", "paper (reported)"] == \
        "2.0e-15 (about 7 min)"
    assert table.loc["weights", "this run"] == f"{exact.weights.size:,}"
    assert table.loc["DFT-128 weights", "paper (reported)"] == "about 65k"
    short = _runs(data, exact, seeds=(0,), epochs=2)
    assert "not run" in study.paper_vs_ours(short, data, exact, _dft()).loc[
        "loss after 10 epochs (ours: validation)", "this run"]


@pytest.mark.slow
def test_differences_cover_the_aspects(setup):
    data, _, runs = setup
    rows = study.differences(runs, data, _dft(), scale="smoke")
    aspects = [r[0] for r in rows]
    for aspect in ("material", "sample rate", "slice", "layer size", "epochs", "optimiser",
                   "training slices", "STFT framing"):
        assert aspect in aspects
    assert all(len(r) == 3 and all(isinstance(v, str) for v in r) for r in rows)
    assert dict((a, o) for a, _, o in rows)["sample rate"] == f"{SR} Hz"


def _claims(verdicts):
    return pd.DataFrame({"verdict": verdicts, "why this verdict": ["because"] * 3},
                        index=["C4.1", "C4.2", "C4.3"])


@pytest.mark.slow
@pytest.mark.parametrize("verdicts", [[SUPPORTED] * 3, [NOT_SUPPORTED] * 3, [INCONCLUSIVE] * 3,
                                      [SUPPORTED, NOT_SUPPORTED, INCONCLUSIVE]])
def test_what_it_means_reads_right_whatever_the_verdicts(setup, cost, verdicts):
    data, exact, runs = setup
    error = study.error_map(runs, data, exact)
    text = study.what_it_means(runs, exact, error, _dft(), cost, _claims(verdicts), scale="smoke")
    assert text.startswith("## What it means")
    for cid, v in zip(("C4.1", "C4.2", "C4.3"), verdicts):
        phrase = {SUPPORTED: "*supported*", NOT_SUPPORTED: "*not supported*",
                  INCONCLUSIVE: "*inconclusive* at this scale"}[v]
        assert f"({cid})** — {phrase}" in text
    assert "{" not in text and "nan" not in text
    assert "learns no locality" in text  # the made-up errors are spread evenly


@pytest.mark.slow
def test_results_are_json_ready(setup, cost):
    import json

    data, exact, runs = setup
    record = study.record(runs, exact, cost)
    out = study.results(runs, exact, _dft(), cost, record)
    assert out["loss_after_4"] == runs.log.at(4) and out["float32_floor"] == exact.floor
    json.dumps(out, default=str)


# ------------------------------------------------------------------ figures and clips

@pytest.mark.slow
def test_figures_have_colourbars_and_labels(setup):
    data, exact, runs = setup
    figures = {
        "training": study.training_figure(runs, exact),
        "tones": study.four_tones_figure(study.four_tones(data), runs, data),
        "maps": study.weight_maps_figure(runs, data, exact, zoom_bins=6, curve_bins=(1, 3),
                                       margin=4),
        "band": study.band_figure(runs, data, exact),
        "error": study.log_error_figure(study.error_map(runs, data, exact)),
        "dft": study.dft_figure(_dft()),
    }
    for name, fig in figures.items():
        assert isinstance(fig, matplotlib.figure.Figure)
        axes = [ax for ax in fig.get_axes() if ax.get_label() != "<colorbar>"]
        images = [ax for ax in axes if ax.images]
        bars = [ax for ax in fig.get_axes() if ax.get_label() == "<colorbar>"]
        assert len(bars) >= (1 if images else 0), name
        for ax in images:  # labelled, or sharing the axis with a panel that is
            for get, shared in ((lambda a: a.get_xlabel(), ax.get_shared_x_axes()),
                                (lambda a: a.get_ylabel(), ax.get_shared_y_axes())):
                assert any(get(a) for a in shared.get_siblings(ax)), name
        matplotlib.pyplot.close(fig)
    maps = [ax for ax in figures["maps"].get_axes() if ax.images]
    assert {ax.get_xlabel() for ax in maps} == {"input sample index"}
    assert "frequency bin" in {ax.get_ylabel() for ax in maps}


def test_clips_are_player_keywords_and_publish(tmp_path):
    from dsp_paper.study.outputs import FigureStore

    data = _data(count=10)
    kw = study.clips(data, seconds=3.0)
    assert set(kw) == {"clips", "sample_rate", "heading", "what", "seconds", "listen_for"}
    assert "440" in kw["listen_for"]
    assert len(kw["clips"]) == 2 and kw["sample_rate"] == SR
    assert kw["clips"]["training slices"].size == 10 * N  # all ten slices, fewer than 3 s
    store = FigureStore("02_learned_spectrogram", "smoke", root=tmp_path)
    store.players(**kw)
    assert len(store.clips) == 2 and all(c["channels"] == 1 for c in store.clips)


def test_a_tiny_dft_layer_trains_towards_the_transform():
    dft = study.train_dft_layer(scale="smoke", progress=False)
    assert dft.exact.shape == (256, 256) and dft.result.model.count_params() == 65_536
    assert dft.result.log.val_loss[-1] < dft.result.log.val_loss[0]
    assert "65,536 weights" in dft.describe()


def test_runs_keep_the_restored_epochs_losses_and_the_whole_trainings_time():
    log = TrainingLog(epoch=[1, 2, 3, 4], loss=[4.0, 3.0, 2.0, 2.5], val_loss=[4.0, 1.0, 2.0, 3.0],
                      seconds=[1.0, 2.0, 3.0, 4.0], steps=[10, 20, 30, 40], restored_epoch=2,
                      patience=2, stopped_early=4, stopped_by="plateau")
    runs = study.StftRuns({5: TrainingResult(_Model(np.zeros((2, 2))), log, {})}, early_epoch=1,
                          test_mse={5: 0.5})
    assert runs.column("val_loss") == [1.0] and runs.column("loss") == [3.0]
    assert runs.column("seconds") == [4.0] and runs.column("steps") == [40]
    assert runs.stop_reasons() == ["plateau"]
    assert "at epoch 2 of 4 (plateau" in runs.describe()
    assert runs.test_mses() == [0.5] and "test MSE 5.00e-01 (validation 1.00e+00)" in runs.describe()


def test_the_test_slices_are_apart_from_the_validation_slices_and_judge_the_kept_weights():
    data = study.slice_data("smoke")  # the package's slices, not this file's made-up ones
    assert data.x_val.shape == data.x_test.shape and data.y_val.shape == data.y_test.shape
    # no slice shared; of 200 000 float32 noise values a few hundred coincide by chance, but
    # a slice copied or shifted from the other set would share far more
    assert not (data.x_val[:, None, :] == data.x_test[None, :, :]).all(axis=2).any()
    assert np.isin(data.x_val, data.x_test).mean() < 0.01
    # the test slices are the first draw of their generator, the validation slices the second
    cfg = scale_config("02_learned_spectrogram", "smoke")
    rng = np.random.default_rng(cfg.seed + 1)
    shape = (cfg.test_count, data.x_train.shape[1])
    first = (study.TEST_LEVEL * rng.standard_normal(shape)).astype(np.float32)
    second = (study.TEST_LEVEL * rng.standard_normal(shape)).astype(np.float32)
    np.testing.assert_array_equal(data.x_test, first)
    np.testing.assert_array_equal(data.x_val, second)
    # test_mse judges weights on the test slices, never on the validation ones
    zeros = np.zeros((data.x_test.shape[1], data.y_test.shape[1]), np.float32)
    on_test = float(np.mean(data.y_test.astype(np.float64) ** 2))
    assert study.test_mse(zeros, data) == pytest.approx(on_test, rel=1e-6)
    assert on_test != pytest.approx(float(np.mean(data.y_val.astype(np.float64) ** 2)),
                                    rel=1e-6)
    small = _data()
    exact = study.exact_reference(small)
    assert study.test_mse(exact.weights, small) == pytest.approx(exact.floor, rel=1e-6)
    assert study.test_mse(np.zeros_like(exact.weights), small) == pytest.approx(
        float(np.mean(small.y_test.astype(np.float64) ** 2)))


@pytest.mark.slow
def test_memory_is_measured_per_slice_the_same_way_for_both_paths(setup, cost):
    data, _, runs = setup
    row = data.n_frames * 2 * data.n_bins * 4  # one slice's float32 spectrogram
    weights = runs.first.model.get_weights()[0].nbytes
    layer = cost.measured["layer_peak_bytes"] - weights
    fft = cost.measured["fft_peak_bytes"] - 4 * N_FFT
    # the matmul allocates its output row; the FFT its frames, their spectra and the output
    assert row <= layer < 2 * row + 1024 and row <= fft < 4 * row + 4096
    batch = cost.table["batch_peak_bytes"]
    # on the whole batch the FFT path holds about three batch-sized arrays, the matmul one
    assert batch["FFT STFT (scipy.fft.rfft)"] > 2 * cost.batch * row
    assert batch["learned layer (NumPy matmul)"] < weights + 1.5 * cost.batch * row
