import keras
import numpy as np
import pytest

from dsp_paper import ParameterError
from dsp_paper.studies import dense_baselines
from dsp_paper.nn import evaluation, models
from dsp_paper.windowing import Pair

# its results can differ between Keras backends: `make test` runs it under JAX too
pytestmark = pytest.mark.backend

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
    corpus = dense_baselines.lowpass_corpus("smoke")
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


def test_predict_many_to_one_sees_the_window_ending_at_each_sample():
    import keras
    window = 5
    inputs = keras.Input((window, 1))
    # a fixed model: the sum of the window, so output i = x[i-4] + ... + x[i]
    outputs = keras.layers.Dense(1, use_bias=False, kernel_initializer="ones")(
        keras.layers.Flatten()(inputs))
    model = keras.Model(inputs, outputs)
    x = RNG.standard_normal(103).astype(np.float32)
    got = evaluation.predict_many_to_one(model, x, window=window, chunk=17)
    expected = np.convolve(x, np.ones(window))[:x.size]
    np.testing.assert_allclose(got, expected, atol=1e-5)


def _predicted_models():
    return [
        (models.dense_net(40, hidden=8, activation="tanh", seed=0), (300, 40), 256),
        (models.conv_autoencoder(filters=2, kernel_size=20, strides=5, hidden=3, seed=0),
         (37, 200, 1), 16),
        (models.conv_autoencoder(filters=2, kernel_size=20, strides=5, hidden=0, tied=False,
                                 seed=0), (1, 3000, 1), 16),
        (models.many_to_one_rnn(16, hidden=4, seed=0), (700, 16, 1), 256),
        (models.many_to_one_rnn(8, hidden=4, cell="gru", seed=0), (700, 8, 1), 256),
        (models.dilated_cnn(64, filters=8, kernel_size=8, seed=0), (300, 64, 1), 128),
    ]


@pytest.mark.slow
def test_predict_gives_exactly_what_keras_predict_gives():
    for model, shape, batch_size in _predicted_models():
        for n in (shape[0], batch_size, 3):  # a shorter last batch, whole batches, one short
            x = (0.3 * RNG.standard_normal((n, *shape[1:]))).astype(np.float32)
            expected = model.predict(x, batch_size=batch_size, verbose=0)
            got = evaluation.predict(model, x, batch_size=batch_size)
            assert got.dtype == expected.dtype, model.name
            np.testing.assert_array_equal(got, expected, err_msg=model.name)


def test_each_model_is_traced_once_for_every_batch_size_and_length():
    dense = models.dense_net(20, hidden=4, seed=0)
    conv = models.conv_autoencoder(filters=2, kernel_size=20, strides=5, hidden=2, seed=0)
    for n in (50, 16, 7, 1):
        evaluation.predict(dense, np.zeros((n, 20), np.float32), batch_size=16)
    process = evaluation.frame_processor(conv, batch_size=4)
    for n, length in ((9, 100), (1, 2000), (4, 50)):
        assert process(np.zeros((n, length), np.float32)).shape == (n, length)
    many_to_one = models.many_to_one_rnn(10, hidden=2, seed=0)
    evaluation.predict_many_to_one(many_to_one, np.zeros(30, np.float32), window=10, chunk=7,
                                   batch_size=4)
    if keras.backend.backend() == "tensorflow":  # other backends go through model.predict
        for model in (dense, conv, many_to_one):
            assert evaluation._inference_step(model).experimental_get_tracing_count() == 1
    # a model's step does not keep the model alive
    import gc
    import weakref
    gone = weakref.ref(dense)
    del dense
    gc.collect()
    assert gone() is None


def test_pieces_mos_joins_the_pieces_and_has_no_score_for_silence_or_too_little():
    from dsp_paper import material, metrics
    from dsp_paper.nn.evaluation import pieces_mos

    sr = 22050
    voice = material.voice(sample_rate=sr).audio[:int(1.2 * sr)].astype(np.float32)
    pieces = [Pair(voice[:len(voice) // 2], voice[:len(voice) // 2]),
              Pair(voice[len(voice) // 2:], voice[len(voice) // 2:])]
    exact = [p.target for p in pieces]
    # each half is too short for ViSQOL; joined they are not
    assert pieces_mos(exact, pieces, sample_rate=sr) == pytest.approx(metrics.VISQOL_IDENTICAL,
                                                                       abs=1e-3)
    assert np.isnan(pieces_mos([0 * e for e in exact], pieces, sample_rate=sr))
    assert pieces_mos([exact[0], 0 * exact[1]], pieces, sample_rate=sr) < 3
    assert np.isnan(pieces_mos(exact[:1], pieces[:1], sample_rate=sr))
    row = evaluation.score(exact, pieces, extra=True, sample_rate=sr)
    assert row["mos"] == pytest.approx(metrics.VISQOL_IDENTICAL, abs=1e-3)
    assert "mos" not in evaluation.score(exact, pieces, extra=True)
