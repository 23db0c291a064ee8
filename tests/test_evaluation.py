import numpy as np
import pytest

from dsp_paper import ParameterError, evaluation, models
from dsp_paper.windowing import Pair

RNG = np.random.default_rng(0)


def test_score_and_document_row():
    t = RNG.standard_normal(5000).astype(np.float32)
    pieces = [Pair(t[:2500], t[:2500]), Pair(t[2500:], t[2500:])]
    preds = [p.target + 0.1 for p in pieces]
    row = evaluation.score(preds, pieces, extra=True)
    assert row["mse"] == pytest.approx(0.01, rel=1e-4) and row["std"] == pytest.approx(0, abs=1e-5)
    full = evaluation.document_row(row, row, row)
    table = evaluation.document_table({20: full})
    assert list(table.columns[:10]) == evaluation.DOCUMENT_COLUMNS
    assert table.loc[20, "test esr"] == pytest.approx(row["esr"])
    with pytest.raises(ParameterError):
        evaluation.score(preds[:1], pieces)


def test_frame_processor_and_predict_pieces():
    dense = models.dense_net(100, hidden=10)
    conv = models.conv_autoencoder(filters=2, kernel_size=20, strides=10, hidden=2)
    pieces = [Pair(RNG.standard_normal(250).astype(np.float32), np.zeros(250, np.float32))]
    for model in (dense, conv):
        out = evaluation.predict_pieces(evaluation.frame_processor(model), pieces, block=100)
        assert out[0].shape == (250,)
    ola = evaluation.predict_pieces(evaluation.frame_processor(conv), pieces, block=100,
                                    overlap_add_hop=50)
    assert ola[0].shape == (250,)


def test_evaluate_fir_on_a_linear_corpus():
    from dsp_paper import datasets
    corpus = datasets.lowpass_corpus("smoke")
    row, preds, h = evaluation.evaluate_fir(corpus, taps=256)
    assert h.shape == (256,) and len(preds) == len(corpus.split("test"))
    # a 256-tap FIR gets a 2nd-order lowpass almost exactly, on sweeps and on the piano
    assert row["test esr"] < 1e-3 and row["train mse"] < 1e-4


def test_predict_pieces_batches_blocks_but_keeps_them_apart():
    calls = []

    def process(blocks):
        calls.append(blocks.shape)
        return blocks * np.arange(blocks.shape[0])[:, None]  # depends on the block's index

    pieces = [Pair(np.ones(25, np.float32), np.ones(25, np.float32)),
              Pair(np.ones(12, np.float32), np.ones(12, np.float32))]
    out = evaluation.predict_pieces(process, pieces, block=10)
    assert calls == [(5, 10)]  # 3 blocks + 2 blocks, one call
    np.testing.assert_array_equal(out[0], np.repeat([0, 1, 2], 10)[:25])
    np.testing.assert_array_equal(out[1], np.repeat([3, 4], 10)[:12])
