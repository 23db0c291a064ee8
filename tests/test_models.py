import numpy as np
import pytest

from dsp_paper import ParameterError
from dsp_paper.nn import models

# its results can differ between Keras backends: `make test` runs it under JAX too
pytestmark = pytest.mark.backend

X = np.random.default_rng(0).standard_normal((2, 400, 1)).astype(np.float32)


def test_dense_net_shapes():
    lin = models.dense_net(100, hidden=20)
    non = models.dense_net(100, hidden=20, activation="tanh")
    assert lin.output_shape == (None, 100) and lin.count_params() == 100 * 20 + 20 + 20 * 100 + 100
    assert lin.get_layer("hidden").activation.__name__ == "linear"
    assert non.get_layer("hidden").activation.__name__ == "tanh"


def test_tied_conv_shares_one_kernel():
    tied = models.conv_autoencoder(filters=4, kernel_size=50, strides=10, hidden=5)
    untied = models.conv_autoencoder(filters=4, kernel_size=50, strides=10, hidden=5, tied=False)
    assert tied.count_params() == 50 * 4 + (4 * 5 + 5) + (5 * 4 + 4)
    assert untied.count_params() == tied.count_params() + 50 * 4
    assert tied(X).shape == X.shape


def test_tied_conv_is_conv_then_its_transpose():
    import scipy.signal
    model = models.conv_autoencoder(filters=1, kernel_size=9, strides=1, hidden=0)
    k = model.get_layer("conv_autoencoder").kernel.numpy()[:, 0, 0]
    x = X[0, :, 0]
    analysed = scipy.signal.correlate(x, k, mode="same")  # a Conv1D correlates
    expected = scipy.signal.convolve(analysed, k, mode="same")  # its transpose convolves
    np.testing.assert_allclose(np.asarray(model(X[:1]))[0, :, 0], expected, atol=1e-4)


def test_stereo_and_any_length():
    model = models.conv_autoencoder(filters=4, kernel_size=20, strides=5, hidden=3, channels=2)
    for n in (100, 335, 337):  # 337 is not a multiple of the stride
        assert model(np.zeros((1, n, 2), np.float32)).shape == (1, n, 2)


def test_save_and_reload(tmp_path):
    import keras
    model = models.conv_autoencoder(filters=4, kernel_size=20, strides=5, hidden=3)
    model.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras")
    np.testing.assert_allclose(np.asarray(again(X)), np.asarray(model(X)), atol=1e-6)
    layer = again.get_layer("conv_autoencoder")
    assert layer.kernel_out is layer.kernel  # still tied after reloading


def test_bad_sizes():
    with pytest.raises(ParameterError):
        models.conv_autoencoder(kernel_size=0)
    with pytest.raises(ParameterError):
        models.conv_autoencoder(hidden=-1)
    with pytest.raises(ParameterError):
        models.dense_net(0)


def test_seed_gives_the_same_initial_weights():
    a = models.conv_autoencoder(filters=2, kernel_size=8, strides=2, hidden=3, seed=5)
    b = models.conv_autoencoder(filters=2, kernel_size=8, strides=2, hidden=3, seed=5)
    c = models.conv_autoencoder(filters=2, kernel_size=8, strides=2, hidden=3, seed=6)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(wa, wb)
    assert not np.array_equal(a.get_weights()[0], c.get_weights()[0])
    d1, d2 = models.dense_net(10, hidden=4, seed=1), models.dense_net(10, hidden=4, seed=1)
    np.testing.assert_array_equal(d1.get_weights()[0], d2.get_weights()[0])


def test_tied_conv_at_stride_is_the_adjoint_of_itself():
    # <conv(x), h> == <x, conv_transpose(h)> with one shared kernel, at the real stride
    from keras import ops
    model = models.conv_autoencoder(filters=3, kernel_size=40, strides=10, hidden=0, seed=1)
    kernel = model.get_layer("conv_autoencoder").kernel
    x = np.random.default_rng(2).standard_normal((1, 200, 1)).astype(np.float32)
    h = np.random.default_rng(3).standard_normal((1, 20, 3)).astype(np.float32)
    lhs = float(np.sum(np.asarray(ops.conv(x, kernel, strides=10, padding="same")) * h))
    rhs = float(np.sum(x * np.asarray(ops.conv_transpose(h, kernel, strides=10, padding="same"))))
    assert lhs == pytest.approx(rhs, rel=1e-4)


def test_many_to_one_rnn_counts_and_shapes():
    lstm = models.many_to_one_rnn(32, hidden=5)
    gru = models.many_to_one_rnn(32, hidden=5, cell="gru")
    assert lstm.output_shape == (None, 1)
    assert lstm.count_params() == 4 * (5 * (1 + 5 + 1)) + 5 + 1
    assert gru.count_params() == 3 * (5 * (1 + 5 + 2)) + 5 + 1  # Keras 3 GRU: reset_after
    assert lstm.get_layer("output").activation.__name__ == "tanh"
    with pytest.raises(ParameterError):
        models.many_to_one_rnn(32, hidden=5, cell="rnn")


def test_dilated_cnn_follows_the_thesis_plan():
    plan = models.dilated_cnn_plan(1024)
    assert [p["filters"] for p in plan] == [128, 64, 32, 16]
    assert [p["kernel_size"] for p in plan] == [128, 64, 32, 16]
    assert [p["strides"] for p in plan] == [p["dilation"] for p in plan] == \
        [p["pool"] for p in plan] == [1, 2, 4, 8]
    assert plan[-1]["length"] == 1
    model = models.dilated_cnn(64, filters=8, kernel_size=8)
    assert [model.get_layer(f"dense{u}").units for u in (8, 4, 2, 1)] == [8, 4, 2, 1]
    assert model.get_layer("g2_dilated").dilation_rate == (2,)
    with pytest.raises(ParameterError):
        models.dilated_cnn_plan(64, filters=4, kernel_size=4, groups=4)


def test_dilated_cnn_adds_its_output_to_the_last_sample():
    model = models.dilated_cnn(64, filters=8, kernel_size=8)
    model.get_layer("dense1").set_weights([np.zeros((2, 1), np.float32),
                                           np.zeros(1, np.float32)])
    x = np.random.default_rng(3).uniform(-1, 1, (4, 64, 1)).astype(np.float32)
    np.testing.assert_allclose(np.asarray(model(x))[:, 0], x[:, -1, 0], atol=1e-7)


def test_streaming_rnn_is_a_skip_plus_a_residual():
    model = models.streaming_rnn(hidden=4, controls=1)
    model.get_layer("readout").set_weights([np.zeros((4, 1), np.float32),
                                            np.zeros(1, np.float32)])
    x = np.random.default_rng(4).uniform(-1, 1, (2, 50, 2)).astype(np.float32)
    np.testing.assert_allclose(np.asarray(model(x)), x[..., :1], atol=1e-7)
    assert models.streaming_rnn(hidden=32).count_params() == 4 * 32 * (1 + 32 + 1) + 33


def test_streaming_rnn_is_causal():
    model = models.streaming_rnn(hidden=4, seed=1)
    x = np.random.default_rng(5).uniform(-1, 1, (1, 80, 1)).astype(np.float32)
    changed = x.copy()
    changed[0, 50:] = 0
    a, b = np.asarray(model(x)), np.asarray(model(changed))
    np.testing.assert_array_equal(a[0, :50], b[0, :50])


PINNED_LSTM_KERNEL = [0.352284, 0.455333, -0.488084]


def test_initial_weights_are_drawn_the_same_on_every_backend():
    # NumPy draws them (make test runs this file under TensorFlow and under JAX): pinned values
    model = models.streaming_rnn(hidden=4, seed=0)
    kernel, recurrent, bias, readout, readout_bias = model.get_weights()
    np.testing.assert_allclose(kernel[0, :3], PINNED_LSTM_KERNEL, atol=1e-6)
    np.testing.assert_allclose(recurrent @ recurrent.T, np.eye(4), atol=1e-5)  # orthogonal
    assert np.all(bias == np.repeat([0.0, 1.0, 0.0, 0.0], 4))  # the forget gate at one
    limit = np.sqrt(6 / (4 + 1))
    assert np.all(np.abs(readout) <= limit) and np.all(readout_bias == 0)
    again = models.streaming_rnn(hidden=4, seed=0).get_weights()
    other = models.streaming_rnn(hidden=4, seed=1).get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(again, model.get_weights()))
    assert not np.array_equal(other[0], kernel)


def test_a_layer_with_another_initializer_is_refused():
    import keras

    inputs = keras.Input((3,))
    model = keras.Model(inputs, keras.layers.Dense(2, kernel_initializer="he_normal")(inputs))
    with pytest.raises(ParameterError, match="HeNormal"):
        models._initialised(model, 0)
