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


# ---------------------------------------------------------------- wavenet layer arrays (NAM's)
def test_wavenet_with_int_channels_is_one_nam_layer_array():
    model = models.wavenet(channels=8, head_scale=0.02)
    names = [layer.name for layer in model.layers]
    assert names[:3] == ["audio", "input_gain", "array0_rechannel"] and names[-3:] == \
        ["array0_skips", "array0_head", "head_scale"]
    # rechannel without bias, 10 layers (the last one's residual 1x1 kept, not trained), a
    # head with bias, head_scale: NAM's count for one array of 8 channels
    assert model.count_params() == 8 + 10 * (200 + 8 + 72) + (8 + 1) + 1 == 2818
    assert sum(int(np.prod(w.shape)) for w in model.trainable_weights) == 2818 - 72 - 1
    assert models.receptive_field(model) == 1 + 2 * 1023
    assert len(models.wavenet_arrays(model)) == 1 and model.name == "wavenet8"
    assert models.wavenet(channels=(8,), head_scale=0.02).count_params() == 2818


def test_nam_standard_wavenet_has_nams_weights_and_receptive_field():
    model = models.wavenet(channels=(16, 8), head_scale=0.02, seed=0)
    assert model.count_params() == 13802  # NAM's count, head_scale included
    # nothing reads the last layer's residual 1x1 (72 weights) and head_scale is fixed
    assert sum(int(np.prod(w.shape)) for w in model.trainable_weights) == 13802 - 72 - 1
    assert models.receptive_field(model) == 1 + 2 * 2 * 1023 == 4093
    assert [len(a) for a in models.wavenet_arrays(model)] == [10, 10]
    assert not model.get_layer("array0_rechannel").use_bias
    assert not model.get_layer("array1_rechannel").use_bias
    assert not model.get_layer("array0_head").use_bias and model.get_layer("array1_head").use_bias
    assert model.get_layer("array0_head").filters == 8
    assert model.get_layer("head_scale").get_weights()[0] == np.float32(0.02)
    assert model.name == "wavenet16_8"


def _nam_reference(model, x):
    """NAM Core's layer arrays in NumPy from the model's weights, ``(n, inputs) -> (n,)``:
    condition c = the (scaled) input; per array h = rechannel(h); per layer
    z = dilated(h) + mixin(c), a = tanh(z), h += layer1x1(a), head += a; the head starts
    from the previous array's head rechannel; y = head_scale * last head rechannel."""
    c = x * np.asarray(model.get_layer("input_gain").scale, np.float64)

    def causal(h, kernel, bias, dilation):
        k, n = kernel.shape[0], h.shape[0]
        padded = np.concatenate([np.zeros(((k - 1) * dilation, h.shape[1])), h])
        return sum(padded[j * dilation:j * dilation + n] @ kernel[j] for j in range(k)) + bias

    h, head = c, 0.0
    for a, layers in enumerate(models.wavenet_arrays(model)):
        (rechannel,) = model.get_layer(f"array{a}_rechannel").get_weights()
        h, total = h @ rechannel[0], head
        for layer in layers:
            z = causal(h, *layer.dilated.get_weights(), layer.dilation) + \
                c @ layer.condition.get_weights()[0][0]
            act = np.tanh(z)
            w, b = layer.residual.get_weights()
            h, total = h + act @ w[0] + b, total + act
        w = model.get_layer(f"array{a}_head").get_weights()
        head = total @ w[0][0] + (w[1] if len(w) > 1 else 0.0)
    return model.get_layer("head_scale").get_weights()[0] * head[:, 0]


def test_layer_arrays_are_wired_as_nam_core_wires_them():
    model = models.wavenet(channels=(3, 2, 4), dilations=(1, 2), controls=1, input_gain=2.0,
                           head_scale=0.3, seed=0)
    rng = np.random.default_rng(6)
    model.set_weights([rng.normal(0, 0.5, w.shape).astype(np.float32) if w.ndim else w
                       for w in model.get_weights()])
    x = rng.uniform(-1, 1, (300, 2)).astype(np.float32)
    got = np.asarray(model.predict_on_batch(x[None]))[0, :, 0]
    np.testing.assert_allclose(got, _nam_reference(model, x.astype(np.float64)), atol=1e-5)


def test_layer_arrays_save_and_load(tmp_path):
    model = models.wavenet(channels=(4, 2), dilations=(1, 2), head_scale=0.02, seed=1)
    model.save(tmp_path / "m.keras")
    again = models.load_model(tmp_path / "m.keras")
    assert again.count_params() == model.count_params()
    assert len(again.trainable_weights) == len(model.trainable_weights)
    np.testing.assert_array_equal(np.asarray(again(X[:, :, :1])), np.asarray(model(X[:, :, :1])))


def test_wavenet_refuses_bad_channels():
    for channels in ((), (8, 0), "16", (8, True), 2.5, [4.0]):
        with pytest.raises(ParameterError, match="channels"):
            models.wavenet(channels=channels)
