import pytest

from dsp_paper import ParameterError, scales


def test_default_scale_from_environment(monkeypatch):
    assert scales.resolve_scale() == "quick"
    monkeypatch.setenv("DSP_PAPER_SCALE", "smoke")
    assert scales.resolve_scale() == "smoke"
    assert scales.resolve_scale("paper") == "paper"


@pytest.mark.parametrize("bad", ["huge", "", 3, "smoke-ish"])
def test_unknown_scale(bad):
    with pytest.raises(ParameterError, match="unknown scale"):
        scales.resolve_scale(bad)


def test_every_section_has_every_scale_with_the_same_keys():
    for section in scales.sections():
        keys = {s: set(scales.scale_config(section, s)) for s in scales.SCALES}
        assert keys["smoke"] == keys["quick"] == keys["paper"], section


def test_settings_are_read_only_and_named():
    cfg = scales.scale_config("slices_004", "smoke")
    assert cfg.count == cfg["count"] == 256 and cfg.scale == "smoke"
    with pytest.raises(AttributeError, match="no setting"):
        cfg.epochs
    with pytest.raises(TypeError):
        cfg["count"] = 1
    with pytest.raises(ParameterError, match="unknown section"):
        scales.scale_config("99_nothing")
