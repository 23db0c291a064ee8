import json
import numpy as np
import pytest

from dsp_paper import ParameterError
from dsp_paper.nn import models
from dsp_paper.nn.benchmark import block_timings
from dsp_paper.nn.streaming import StreamingLSTM, lstm_weights

RNG = np.random.default_rng(1)
AUDIO = RNG.uniform(-0.8, 0.8, 3000).astype(np.float32)


def _trained_like(model):
    """Random but non-trivial weights, so every gate matters."""
    model.set_weights([RNG.normal(0, 0.4, w.shape).astype(np.float32)
                       for w in model.get_weights()])
    return model


def test_kernel_matches_keras():
    model = _trained_like(models.streaming_rnn(hidden=8, seed=0))
    expected = _keras_output(model, AUDIO)
    got = StreamingLSTM.from_keras(model).process_file(AUDIO)
    np.testing.assert_allclose(got, expected, atol=1e-5)


def test_blockwise_equals_whole_file():
    stream = StreamingLSTM.from_keras(_trained_like(models.streaming_rnn(hidden=8, seed=0)))
    whole = stream.process_file(AUDIO)
    for block in (1, 32, 64, 128, 1000, 4096):
        np.testing.assert_array_equal(stream.process_file(AUDIO, block=block), whole)
    # blocks of changing sizes, as an audio host delivers them
    stream.reset()
    cuts = np.cumsum(RNG.integers(1, 300, 40))
    pieces = [stream.process(b) for b in np.split(AUDIO, cuts[cuts < AUDIO.size])]
    np.testing.assert_array_equal(np.concatenate(pieces), whole)


def test_state_is_carried_and_reset():
    stream = StreamingLSTM.from_keras(_trained_like(models.streaming_rnn(hidden=4, seed=0)))
    first = stream.process(AUDIO[:100])
    again = stream.process(AUDIO[:100])
    assert not np.array_equal(first, again)  # the second call continues from the state
    stream.reset()
    np.testing.assert_array_equal(stream.process(AUDIO[:100]), first)


def test_conditioned_model_matches_keras():
    model = _trained_like(models.streaming_rnn(hidden=6, controls=1, seed=0))
    knob = np.float32(-0.3)
    expected = _keras_output(model, AUDIO, knob=knob)
    stream = StreamingLSTM.from_keras(model)
    np.testing.assert_allclose(stream.process_file(AUDIO, block=50, controls=[knob]), expected,
                               atol=1e-5)
    with pytest.raises(ParameterError, match="control"):
        stream.process(AUDIO[:10])


def test_bad_input():
    stream = StreamingLSTM.from_keras(models.streaming_rnn(hidden=4, seed=0))
    with pytest.raises(ParameterError):
        stream.process(np.array([0.1, np.nan], np.float32))
    with pytest.raises(ParameterError, match="mono"):
        stream.process(np.zeros((2, 10), np.float32))
    with pytest.raises(ParameterError, match="no control"):
        stream.process(AUDIO[:10], controls=[0.5])
    with pytest.raises(ParameterError, match="streaming LSTM"):
        lstm_weights(models.dense_net(10, hidden=2))


def test_block_timings_report():
    stream = StreamingLSTM.from_keras(models.streaming_rnn(hidden=4, seed=0))
    t = block_timings(stream.process, AUDIO, block=100, sample_rate=44100, repeats=2)
    assert t["buffer_ms"] == pytest.approx(100 / 44.1)
    assert t["latency_ms"] == pytest.approx(t["buffer_ms"] + t["p99_ms"])
    assert t["realtime_factor"] > 0 and t["median_ms"] <= t["max_ms"]
    assert len(t["realtime_factor_by_pass"]) == len(t["latency_ms_by_pass"]) == 2
    assert t["realtime_factor"] == max(t["realtime_factor_by_pass"])
    assert all(l >= t["buffer_ms"] for l in t["latency_ms_by_pass"])


# ---------------------------------------------------------------- GRU and wavenet kernels
from dsp_paper.nn.streaming import (StreamingGRU, StreamingWaveNet, streamer, streamer_from_json,
                                    weights_to_json)

# its results can differ between Keras backends: `make test` runs it under JAX too
pytestmark = pytest.mark.backend

WAVENETS = [
    dict(channels=4, dilations=(1, 2, 4, 8, 16)),
    dict(channels=3, dilations=(1, 3, 9), gated=True, input_gain=7.0),
    dict(channels=2, kernel_size=5, dilations=(2, 1)),
]


def _keras_output(model, audio, knob=None):
    x = audio[None, :, None]
    for value in np.atleast_1d(knob) if knob is not None else ():
        x = np.concatenate([x, np.full_like(x[..., :1], value)], axis=-1)
    # predict_on_batch runs the model as one graph: called eagerly, a recurrent layer steps
    # through 3,000 samples in Python (20 s a test)
    return np.asarray(model.predict_on_batch(x))[0, :, 0]


@pytest.mark.parametrize("options", WAVENETS)
def test_wavenet_kernel_matches_keras_in_any_blocks(options):
    model = _trained_like(models.wavenet(seed=0, **options))
    expected = _keras_output(model, AUDIO)
    stream = streamer(model)
    assert isinstance(stream, StreamingWaveNet)
    np.testing.assert_allclose(stream.process_file(AUDIO), expected, atol=1e-5)
    whole = stream.process_file(AUDIO)
    for block in (1, 7, 64, 1000):
        np.testing.assert_array_equal(stream.process_file(AUDIO, block=block), whole)


def test_wavenet_is_causal_with_its_stated_receptive_field():
    model = _trained_like(models.wavenet(channels=3, dilations=(1, 2, 4), seed=0))
    rf = models.receptive_field(model)
    assert rf == 1 + 2 * (1 + 2 + 4)
    k = 1500
    bumped = AUDIO.copy()
    bumped[k] += 0.5
    diff = np.abs(_keras_output(model, bumped) - _keras_output(model, AUDIO))
    assert diff[:k].max() == 0 and diff[k] > 0
    assert diff[k + rf - 1] > 0 and diff[k + rf:].max() == 0


def test_gru_kernel_matches_keras():
    model = _trained_like(models.streaming_rnn(hidden=6, cell="gru", input_gain=3.0, seed=0))
    stream = streamer(model)
    assert isinstance(stream, StreamingGRU)
    np.testing.assert_allclose(stream.process_file(AUDIO, block=64), _keras_output(model, AUDIO),
                               atol=1e-5)


@pytest.mark.parametrize("build", [
    lambda: models.wavenet(channels=3, dilations=(1, 2), controls=1, input_gain=5.0, seed=0),
    lambda: models.streaming_rnn(hidden=4, cell="gru", controls=1, seed=0),
    # the input gain scales the audio into the cell, not the knob, not the skip
    lambda: models.streaming_rnn(hidden=4, cell="lstm", controls=1, input_gain=4.0, seed=0),
    lambda: models.streaming_rnn(hidden=4, cell="lstm", controls=1, skip=False, seed=0),
    lambda: models.streaming_rnn(hidden=4, cell="gru", controls=1, skip=False, seed=0),
    lambda: models.wavenet(channels=(3,), dilations=(1, 2), controls=1, film=True, seed=0),
])
def test_json_weights_round_trip_with_a_knob(build):
    model = _trained_like(build())
    text = weights_to_json(model, sample_rate=44100)
    document = json.loads(text)
    assert document["format"] == "dsp_paper.nn.streaming" and document["sample_rate"] == 44100
    assert document["model"]["controls"] == 1
    stream, _ = streamer_from_json(text)
    got = stream.process_file(AUDIO, block=64, controls=[0.7])
    np.testing.assert_allclose(got, _keras_output(model, AUDIO, knob=0.7), atol=1e-5)
    with pytest.raises(ParameterError, match="not a dsp_paper.nn.streaming"):
        streamer_from_json(json.dumps({"format": "other"}))


def test_streamer_refuses_other_models():
    with pytest.raises(ParameterError, match="neither"):
        streamer(models.dense_net(10, hidden=2))
    with pytest.raises(ParameterError, match="neither"):
        models.receptive_field(models.dense_net(10, hidden=2))


# ---------------------------------------------------------------- wavenet layer arrays (NAM's)
LONG = RNG.uniform(-0.8, 0.8, 5000).astype(np.float32)  # longer than the standard's 4093


def _random_weights(model, std):
    """Random weights of ``std`` (a 16-channel layer at 0.4 saturates every tanh), the
    fixed head_scale kept."""
    model.set_weights([RNG.normal(0, std, w.shape).astype(np.float32) if w.ndim else w
                       for w in model.get_weights()])
    return model


LAYER_ARRAYS = [
    (dict(channels=(16, 8), head_scale=0.02), 0.2),  # NAM's standard model
    (dict(channels=(16, 8), controls=1, input_gain=3.0, head_scale=0.02), 0.2),
    (dict(channels=(3, 2, 4), dilations=(1, 3, 9), gated=True, head_scale=0.5), 0.4),
    # FiLM: the knob scales and shifts every layer, folded into the kernel's weights
    (dict(channels=(4, 3), dilations=(1, 2, 4), controls=1, film=True, input_gain=3.0,
          head_scale=0.5), 0.4),
    (dict(channels=(3,), dilations=(1, 3), controls=2, film=True, gated=True), 0.4),
]


@pytest.mark.parametrize("options, std", LAYER_ARRAYS)
def test_layer_arrays_kernel_matches_keras_in_any_blocks(options, std):
    model = _random_weights(models.wavenet(seed=0, **options), std)
    knob = [0.4] * options.get("controls", 0) or None
    expected = _keras_output(model, LONG, knob=knob)
    stream = streamer(model)
    assert isinstance(stream, StreamingWaveNet)
    assert stream.receptive_field == models.receptive_field(model)
    whole = stream.process_file(LONG, controls=knob)
    np.testing.assert_allclose(whole, expected, atol=1e-5)
    for block in (1, 7, 64, 257, 1000):
        np.testing.assert_array_equal(stream.process_file(LONG, block=block, controls=knob),
                                      whole)


def test_layer_arrays_json_round_trip():
    model = _random_weights(models.wavenet(channels=(4, 3), dilations=(1, 2, 4), controls=1,
                                           input_gain=2.0, head_scale=0.02, seed=0), 0.4)
    document = json.loads(weights_to_json(model, sample_rate=48000))
    assert document["model"]["channels"] == [4, 3]
    assert document["model"]["dilations"] == [[1, 2, 4], [1, 2, 4]]
    assert document["model"]["receptive_field"] == 1 + 2 * 2 * 7
    assert document["weights"]["array0.head_w"]["shape"] == [4, 3]
    assert document["weights"]["array1.dilations"]["values"] == [1, 2, 4]
    stream, _ = streamer_from_json(json.dumps(document))
    expected = streamer(model).process_file(LONG, block=64, controls=[0.7])
    np.testing.assert_array_equal(stream.process_file(LONG, block=64, controls=[0.7]), expected)
    np.testing.assert_allclose(expected, _keras_output(model, LONG, knob=0.7), atol=1e-5)
    document["weights"]["array0.head_w"]["shape"] = [3, 4]  # not what array 1 reads
    with pytest.raises(ParameterError, match="neighbours"):
        streamer_from_json(json.dumps(document))
    del document["weights"]["array1.head_w"]
    with pytest.raises(ParameterError, match="array1.head_w"):
        streamer_from_json(json.dumps(document))


# A single-stack wavenet's model.json as this package wrote it before layer arrays existed
# (its weights rounded to quarters).
ONE_STACK_JSON = (
    '{"format": "dsp_paper.nn.streaming", "version": 1, "model": {"kind": "wavenet", '
    '"controls": 1, "channels": 2, "input_gain": 2.0, "kernel_size": 3, "gated": false, '
    '"dilations": [1, 2], "receptive_field": 7}, "weights": {"in_w": {"shape": [2, 2], '
    '"values": [0.0, 0.5, -0.25, -0.5]}, "in_b": {"shape": [2], "values": [-0.25, -0.5]}, '
    '"dilated_w": {"shape": [2, 3, 2, 2], "values": [0.0, 0.75, -0.25, -0.25, 0.25, 0.25, '
    '0.0, -0.5, -0.0, 0.25, -0.75, -0.25, -0.75, -0.25, -0.5, -0.5, 0.5, -0.5, -0.0, 0.5, '
    '-0.25, -0.0, 0.0, 0.0]}, "dilated_b": {"shape": [2, 2], "values": [-1.0, -0.75, -0.5, '
    '0.0]}, "condition_w": {"shape": [2, 2, 2], "values": [-2.0, -0.0, -0.75, 0.25, 1.5, '
    '-1.5, 0.5, 0.0]}, "residual_w": {"shape": [2, 2, 2], "values": [0.0, -0.0, -1.25, '
    '-0.25, 0.0, 0.0, 0.0, 0.0]}, "residual_b": {"shape": [2, 2], "values": [-0.0, 0.0, '
    '0.0, 0.0]}, "dilations": {"shape": [2], "values": [1, 2]}, "head_w": {"shape": [2], '
    '"values": [-0.125, 0.5]}, "head_b": {"shape": [], "values": [0.25]}}, '
    '"sample_rate": 48000}')


def _one_stack_reference(document, x):
    """The single-stack model in NumPy from its JSON (gains already folded in):
    h = x in_w + in_b; per layer z = dilated(h) + x condition_w, a = tanh(z),
    h += a residual_w + residual_b; y = sum(a) head_w + head_b."""
    w = {name: np.asarray(e["values"], np.float64).reshape(e["shape"])
         for name, e in document["weights"].items()}
    h = x @ w["in_w"] + w["in_b"]
    skips = 0.0
    for layer, d in enumerate(w["dilations"].astype(int)):
        kernel = w["dilated_w"][layer]
        padded = np.concatenate([np.zeros(((kernel.shape[0] - 1) * d, h.shape[1])), h])
        z = sum(padded[j * d:j * d + len(h)] @ kernel[j] for j in range(kernel.shape[0])) \
            + w["dilated_b"][layer] + x @ w["condition_w"][layer]
        a = np.tanh(z)
        h, skips = h + a @ w["residual_w"][layer] + w["residual_b"][layer], skips + a
    return skips @ w["head_w"] + w["head_b"]


def test_one_stack_json_written_before_layer_arrays_still_loads():
    stream, document = streamer_from_json(ONE_STACK_JSON)
    assert document["sample_rate"] == 48000
    x = np.stack([AUDIO, np.full_like(AUDIO, 0.3)], axis=1).astype(np.float64)
    np.testing.assert_allclose(stream.process_file(AUDIO, block=64, controls=[0.3]),
                               _one_stack_reference(document, x), atol=1e-5)


def test_a_film_knob_may_change_between_blocks_but_not_within_one():
    model = _random_weights(models.wavenet(channels=(3,), dilations=(1, 2), controls=1,
                                           film=True, seed=0), 0.4)
    stream = streamer(model)
    stream.reset()
    first = stream.process(AUDIO[:300], controls=[0.2])
    second = stream.process(AUDIO[300:600], controls=[-0.5])
    x = np.stack([AUDIO[:600], np.r_[np.full(300, 0.2), np.full(300, -0.5)]], axis=1)
    expected = np.asarray(model.predict_on_batch(x[None].astype(np.float32)))[0, :, 0]
    np.testing.assert_allclose(np.r_[first, second], expected, atol=1e-5)
    with pytest.raises(ParameterError, match="constant over a block"):
        stream.process(AUDIO[:2], controls=np.array([[0.1], [0.2]], np.float32))


def test_an_lstm_starts_from_its_stored_state():
    model = _trained_like(models.streaming_rnn(hidden=4, skip=False, seed=0))
    h0, c0 = np.full(4, 0.3, np.float32), np.full(4, -0.2, np.float32)
    stream, _ = streamer_from_json(weights_to_json(model, initial_state=(h0, c0)))
    stream.reset()
    np.testing.assert_array_equal(stream.h, h0)
    plain = streamer(model).process_file(AUDIO[:50])
    assert not np.allclose(stream.process_file(AUDIO[:50]), plain)
    with pytest.raises(ParameterError, match="LSTM's"):
        weights_to_json(models.streaming_rnn(hidden=4, cell="gru"), initial_state=(h0, c0))
