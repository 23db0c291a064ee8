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


def _model(gated=False, seed=1):
    model = models.wavenet(channels=(4, 3), dilations=(1, 2, 4), gated=gated, input_gain=3.0,
                           head_scale=0.02, seed=seed)
    # moved off the initial weights, so that a misplaced weight shows
    rng = np.random.default_rng(seed)
    model.set_weights([w + 0.1 * rng.standard_normal(w.shape) if w.ndim else w
                       for w in model.get_weights()])
    return model


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


def test_what_the_format_cannot_hold_is_refused():
    with pytest.raises(ParameterError, match="layer arrays"):
        nam.to_nam(models.wavenet(channels=4, dilations=(1, 2)))
    with pytest.raises(ParameterError, match="control"):
        nam.to_nam(models.wavenet(channels=(4,), dilations=(1, 2), controls=1))
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
        nam.from_nam({**good, "architecture": "LSTM"})
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


@pytest.mark.slow
@pytest.mark.parametrize("gated", [False, True])
def test_an_exported_file_runs_in_neural_amp_modelers_engine_as_here(core, gated, tmp_path):
    model = _model(gated)
    path = tmp_path / "model.nam"
    path.write_text(json.dumps(nam.to_nam(model, sample_rate=48000), allow_nan=False))
    x = _audio()
    assert _close(nam_engine.render(core, path, x), _forward(model, x))


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
