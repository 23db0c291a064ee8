"""Neural Amp Modeler's ``.nam`` format: files written by :func:`to_nam` run in
NeuralAmpModelerCore itself (built from its source, driven as the plugin drives it) exactly
as the package's model runs, and one of Core's own example files read by :func:`from_nam`
renders as Core renders it."""
import json

import numpy as np
import pytest

from dsp_paper.capture import nam, nam_engine
from dsp_paper.errors import ParameterError
from dsp_paper.nn import models

# float32 weights and arithmetic on both sides: the largest difference stays within this
# fraction of the output's RMS (seen: about 1e-6 on exported files, 3e-6 on Core's example)
FLOAT32_RELATIVE = 1e-5


def _model(gated=False, seed=1, **knob):
    """A (4, 3)-channel wavenet (with ``knob``: ``controls``, ``film``)."""
    model = models.wavenet(channels=(4, 3), dilations=(1, 2, 4), gated=gated, input_gain=3.0,
                           head_scale=0.02, seed=seed, **knob)
    # moved off the initial weights, so that a misplaced weight shows
    rng = np.random.default_rng(seed)
    model.set_weights([w + 0.1 * rng.standard_normal(w.shape) if w.ndim else w
                       for w in model.get_weights()])
    return model


def _lstm(seed=1):
    """An LSTM without the input skip (the recipe lstm-noskip's model), off its initial
    weights."""
    model = models.streaming_rnn(hidden=6, skip=False, input_gain=3.0, seed=seed)
    rng = np.random.default_rng(seed)
    model.set_weights([w + 0.1 * rng.standard_normal(w.shape) for w in model.get_weights()])
    return model


def _settled(model, x, *, silence):
    """The package's block kernel over ``silence`` zeros, then ``x`` (the part after)."""
    from dsp_paper.nn.streaming import streamer

    padded = np.concatenate([np.zeros(silence), x]).astype(np.float32)
    return streamer(model).process_file(padded, block=64)[silence:].astype(np.float64)


def test_an_lstm_without_the_skip_is_written_and_read_back():
    model = _lstm()
    written = nam.to_nam(model, sample_rate=48000)
    assert written["architecture"] == "LSTM"
    assert written["config"] == {"input_size": 1, "hidden_size": 6, "num_layers": 1}
    assert len(written["weights"]) == 4 * 6 * 7 + 4 * 6 + 2 * 6 + 6 + 1
    back = nam.from_nam(json.loads(json.dumps(written)))
    x = _audio(2000)[None, :, None].astype(np.float32)
    np.testing.assert_allclose(back.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)
    # h0 and c0: the state after a second of silence, as NAM's trainer stores it
    from dsp_paper.nn.streaming import streamer

    stream = streamer(model)
    stream.process_file(np.zeros(48000, np.float32))
    stored = np.asarray(written["weights"][4 * 6 * 7 + 4 * 6:4 * 6 * 7 + 4 * 6 + 12])
    np.testing.assert_allclose(stored, np.concatenate([stream.h, stream.c]), atol=1e-7)


def _forward(model, x):
    """The model over ``x`` after zeros as long as its receptive field, as Core prewarms."""
    pad = models.receptive_field(model) - 1
    padded = np.concatenate([np.zeros(pad), x]).astype(np.float32)
    return model.predict(padded[None, :, None], verbose=0)[0, pad:, 0].astype(np.float64)


def _audio(n=3000, seed=0):
    return 0.3 * np.random.default_rng(seed).standard_normal(n)


def _close(a, b):
    return np.max(np.abs(a - b)) <= FLOAT32_RELATIVE * np.sqrt(np.mean(b ** 2))


@pytest.mark.parametrize("gated", [False, True])
def test_a_written_file_reads_back_into_the_same_model(gated, tmp_path):
    model = _model(gated)
    written = nam.to_nam(model, sample_rate=48000, metadata={"name": "test"})
    assert written["version"] == nam.NAM_VERSION and written["architecture"] == "WaveNet"
    assert len(written["weights"]) == model.count_params()
    assert written["weights"][-1] == pytest.approx(0.02) and written["sample_rate"] == 48000
    assert written["metadata"]["name"] == "test" and "year" in written["metadata"]["date"]
    path = tmp_path / "model.nam"
    path.write_text(json.dumps(written, allow_nan=False))
    back = nam.from_nam(json.loads(path.read_text()))
    x = _audio()
    assert _close(_forward(back, x), _forward(model, x))


def _single_stack():
    """A wavenet as the package built one before every wavenet was made of layer arrays
    (a biased input 1x1, one stack, the last layer without a residual 1x1): such a model,
    saved then, still loads, and the format cannot hold it."""
    import keras

    from dsp_paper.nn.layers import WaveNetLayer

    inputs = keras.Input((None, 1), name="audio")
    scaled = keras.layers.Rescaling([1.0], name="input_gain")(inputs)
    h = keras.layers.Conv1D(4, 1, name="input_mix")(scaled)
    h, first = WaveNetLayer(4, 3, 1, name="layer0")([h, scaled])
    _, second = WaveNetLayer(4, 3, 2, residual=False, name="layer1")([h, scaled])
    summed = keras.layers.Add(name="skips")([first, second])
    return keras.Model(inputs, keras.layers.Conv1D(1, 1, name="head")(summed))


def test_every_wavenet_recipe_is_written(tmp_path):
    from dsp_paper.capture import RECIPES

    for name, recipe in RECIPES.items():
        if recipe.kind == "wavenet":
            model = recipe.build(input_rms=0.1)
            written = nam.to_nam(model, sample_rate=48000)
            assert len(written["weights"]) == model.count_params(), name


def test_what_the_format_cannot_hold_is_refused():
    with pytest.raises(ParameterError, match="layer arrays"):
        nam.to_nam(_single_stack())
    with pytest.raises(ParameterError, match="control"):
        nam.to_nam(models.streaming_rnn(hidden=4, skip=False, controls=1))
    model = _model()
    model.set_weights([np.full_like(w, np.nan) if w.ndim == 3 else w
                       for w in model.get_weights()])
    with pytest.raises(ParameterError, match="not finite"):
        nam.to_nam(model)
    good = nam.to_nam(_model())
    with pytest.raises(ParameterError, match="weights where"):
        nam.from_nam({**good, "weights": good["weights"][:-2]})
    with pytest.raises(ParameterError, match="activation"):
        layers = [{**good["config"]["layers"][0], "activation": "ReLU"},
                  *good["config"]["layers"][1:]]
        nam.from_nam({**good, "config": {**good["config"], "layers": layers}})
    with pytest.raises(ParameterError, match="LSTM"):
        nam.from_nam({**good, "architecture": "ConvNet"})
    with pytest.raises(ParameterError, match="lstm-noskip"):
        nam.to_nam(models.streaming_rnn(hidden=4))
    for gain in (1.0, 2.0):   # a GRU, with or without an input gain
        with pytest.raises(ParameterError, match="GRU"):
            nam.to_nam(models.streaming_rnn(hidden=4, cell="gru", input_gain=gain))
    lstm = nam.to_nam(_lstm())
    with pytest.raises(ParameterError, match="weights where"):
        nam.from_nam({**lstm, "weights": lstm["weights"][:-1]})
    with pytest.raises(ParameterError, match="one layer"):
        nam.from_nam({**lstm, "config": {**lstm["config"], "num_layers": 2}})
    # what Core would render otherwise is refused, not read as the nearest thing
    gated = nam.to_nam(_model(gated=True))
    blended = [{**layer, "gating_mode": "blended"} for layer in gated["config"]["layers"]]
    with pytest.raises(ParameterError, match="blended"):
        nam.from_nam({**gated, "config": {**gated["config"], "layers": blended}})
    relu_gate = [{**layer, "secondary_activation": "ReLU"} for layer in gated["config"]["layers"]]
    with pytest.raises(ParameterError, match="ReLU"):
        nam.from_nam({**gated, "config": {**gated["config"], "layers": relu_gate}})
    slim = [{**layer, "slimmable": {"kind": "channels"}} for layer in good["config"]["layers"]]
    with pytest.raises(ParameterError, match="slimmable"):
        nam.from_nam({**good, "config": {**good["config"], "layers": slim}})
    for version in ("0.7", "1.0.0", "0.8.0"):
        with pytest.raises(ParameterError, match="version"):
            nam.from_nam({**good, "version": version})
    for broken in ({**good, "config": {}}, {**good, "weights": ["a"] * 3}, [1, 2]):
        with pytest.raises(ParameterError):
            nam.from_nam(broken)


@pytest.fixture(scope="module")
def core():
    program, reason = nam_engine.build_renderer()
    if program is None:
        assert not reason.startswith(nam_engine.BUILD_FAILED), reason  # a failure, not a skip
        pytest.skip(reason)
    return program


def test_a_knob_wavenet_is_written_as_cores_multi_input_wavenet():
    counts = {}
    for film in (False, True):
        written = nam.to_nam(_model(seed=2, controls=1, film=film), sample_rate=48000)
        assert written["config"]["in_channels"] == 2
        first = written["config"]["layers"][0]
        assert first["input_size"] == 2 and first["condition_size"] == 2
        assert ("activation_pre_film" in first) == film
        counts[film] = len(written["weights"])
    # a FiLM per layer: a 1x1 from both inputs to scale and shift (2W), with bias; W = 4
    # in array 0 and 3 in array 1, three layers each
    assert counts[True] - counts[False] == 3 * (2 * 4 * 3) + 3 * (2 * 3 * 3)


@pytest.mark.slow
@pytest.mark.parametrize("options", [dict(), dict(gated=True), dict(controls=1),
                                     dict(controls=1, film=True)],
                         ids=["plain", "gated", "knob as input", "knob with FiLM"])
def test_an_exported_wavenet_runs_in_neural_amp_modelers_engine_as_here(core, options,
                                                                       tmp_path):
    model = _model(seed=2, **options)
    path = tmp_path / "model.nam"
    path.write_text(json.dumps(nam.to_nam(model, sample_rate=48000), allow_nan=False))
    x = _audio()
    field = models.receptive_field(model)
    if not options.get("controls"):
        # against the Keras model and against apply's block kernel, after Core's prewarm
        rendered = nam_engine.render(core, path, x)
        assert _close(rendered, _forward(model, x))
        assert _close(rendered, _settled(model, x, silence=field - 1))
        return
    from dsp_paper.nn.streaming import streamer

    for knob in (-0.6, 0.9):
        rendered = nam_engine.render(core, path, x, controls=(knob,))
        here = streamer(model).process_file(x.astype(np.float32), block=64, controls=[knob])
        # Core prewarms with the knob at zero: the same output once the receptive field has
        # passed
        assert _close(rendered[field:], here[field:].astype(np.float64))


@pytest.mark.slow
def test_an_exported_lstm_runs_in_neural_amp_modelers_engine_as_here(core, tmp_path):
    model = _lstm()
    path = tmp_path / "model.nam"
    path.write_text(json.dumps(nam.to_nam(model, sample_rate=48000), allow_nan=False))
    x = _audio()
    # Core starts from the stored state (a second of silence) and prewarms 0.5 s of zeros
    silence = int((nam.LSTM_SETTLE_SECONDS + 0.5) * 48000)
    assert _close(nam_engine.render(core, path, x), _settled(model, x, silence=silence))


@pytest.mark.slow
def test_cores_own_lstm_imports_and_applies_as_core_renders_it(core, tmp_path):
    from dsp_paper.capture.export import import_nam
    from dsp_paper.nn.streaming import streamer_from_json

    path = nam_engine.core_source() / "example_models" / "lstm.nam"
    x = _audio()
    # import-nam keeps the state Core starts from (the file's, then 0.5 s of prewarm), so
    # that apply's kernel renders as Core does from the first sample
    stream, _ = streamer_from_json(import_nam(path, tmp_path / "lstm.json").read_text())
    rendered = nam_engine.render(core, path, x)
    assert _close(stream.process_file(x.astype(np.float32), block=64).astype(np.float64),
                  rendered)
    # a model read without that state starts from zero: the same only after a silence
    model = nam.from_nam(json.loads(path.read_text()))
    assert _close(_settled(model, x, silence=48000 + 24000), rendered)


@pytest.mark.slow
def test_cores_own_standard_wavenet_reads_into_the_package(core):
    path = nam_engine.core_source() / "example_models" / "wavenet_a1_standard.nam"
    model = nam.from_nam(json.loads(path.read_text()))
    assert model.count_params() == 13802
    x = _audio()
    assert _close(_forward(model, x), nam_engine.render(core, path, x))


@pytest.mark.slow
def test_both_engines_are_timed_on_one_model_in_one_run(core, tmp_path):
    from dsp_paper.capture.speed import benchmark_nam

    path = tmp_path / "model.nam"
    path.write_text(json.dumps(nam.to_nam(_model(), sample_rate=48000), allow_nan=False))
    found = benchmark_nam(path, seconds=0.2, builds={"exact": nam_engine.EXACT_FLAGS})
    assert found["sample_rate"] == 48000 and set(found["core"]) == {"exact"}
    # a tiny model runs hundreds of times faster than real time in either engine
    assert found["package"] > 20 and found["core"]["exact"] > 20
    assert found["kernel_error"] < FLOAT32_RELATIVE
    for seconds in (0, 1e-4, float("inf")):
        with pytest.raises(ParameterError, match="at least one block"):
            benchmark_nam(path, seconds=seconds)
