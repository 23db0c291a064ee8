import numpy as np
import pytest

from dsp_paper import EffectCorpus, ParameterError, effects
from dsp_paper.nn import models, runs
from dsp_paper.nn.evaluation import frame_processor, predict_pieces
from dsp_paper.studies import conv_tied, dense_baselines, scale_config
from dsp_paper.windowing import Pair

SR = 8000
RNG = np.random.default_rng(1)


def _pairs(n, seconds=0.5):
    out = []
    for _ in range(n):
        x = (0.3 * RNG.standard_normal(int(SR * seconds))).astype(np.float32)
        out.append(Pair(x, effects.lowpass(x, sample_rate=SR, cutoff_hz=1000.0)))
    return out


def _corpus():
    return EffectCorpus("noise through the lowpass", SR, "lowpass at 1 kHz",
                        {"train": _pairs(2), "validation": _pairs(1, 0.2), "test": _pairs(1)})


DENSE = scale_config("03_dense_baselines", "smoke", **dict(window=64, hidden=16, batch_size=32,
                                                       learning_rate=1e-3, seed=0, sample_uses=2,
                                                       early_epoch=1, epochs=2))


def test_dense_training_is_reused_and_snapshot_outputs_restore_the_weights():
    corpus = _corpus()
    data = dense_baselines.dense_data(corpus, DENSE)
    assert data[0].shape[1] == 64 and data[2].shape[1] == 64
    run = dense_baselines.train_dense("linear", DENSE, data, progress=False)
    assert sorted(run.snapshots) == [1, 2] and run.resumed_from == 0
    again = dense_baselines.train_dense("linear", DENSE, data, progress=False)
    assert again.resumed_from == 2  # the finished run is kept under the same checkpoint
    other_seed = dense_baselines.train_dense("linear", DENSE, data, seed=1, progress=False)
    assert other_seed.resumed_from == 0  # each seed is a run of its own
    assert not np.allclose(other_seed.model.get_weights()[0], run.model.get_weights()[0])
    np.testing.assert_array_equal(again.model.get_weights()[0], run.model.get_weights()[0])
    final = [w.copy() for w in run.model.get_weights()]
    outs = runs.snapshot_outputs(run, corpus.split("test"), block=64, batch_size=32)
    assert sorted(outs) == [1, 2]
    for a, b in zip(final, run.model.get_weights()):
        np.testing.assert_array_equal(a, b)
    direct = predict_pieces(frame_processor(run.model, batch_size=32), corpus.split("test"),
                            block=64)
    np.testing.assert_allclose(outs[2][0], direct[0], atol=1e-6)
    assert not np.allclose(outs[1][0], outs[2][0])
    with pytest.raises(ParameterError):
        runs.snapshot_outputs(run, corpus.split("test"), block=64, batch_size=32,
                                     epochs=[7])
    with pytest.raises(ParameterError):
        dense_baselines.train_dense("quadratic", DENSE, data)


def test_first_reaching_and_tick_levels():
    from dsp_paper.nn.training import TrainingLog

    log = TrainingLog(epoch=[1, 2, 3], loss=[1, 1, 1], val_loss=[0.3, 0.1, 0.05],
                      seconds=[2.0, 4.0, 6.0])
    assert runs.first_reaching(log, 0.1) == (2, 4.0)
    assert runs.first_reaching(log, 0.01) == (float("inf"), float("inf"))
    corpus = _corpus()
    model = models.conv_autoencoder(filters=2, kernel_size=32, strides=4, hidden=3, seed=0)
    piece = corpus.split("test")[0]
    outputs, levels = conv_tied.tick_levels(model, piece, block=800, radius=32)
    assert set(outputs) == {"whole", "blocks", "overlap-add"}
    # block processing errs at the edges; overlap-add much less so
    assert levels["edge_error_drop_db"] > 10
    assert levels["overlap_add_edge_excess_db"] == pytest.approx(
        levels["overlap_add_edge_error_db"] - levels["overlap_add_between_error_db"])
