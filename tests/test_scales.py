import pytest

from dsp_paper import ParameterError
from dsp_paper import studies
from dsp_paper.study import settings as scales


def test_default_scale_from_environment(monkeypatch):
    assert scales.resolve_scale() == "quick"
    monkeypatch.setenv("DSP_PAPER_SCALE", "smoke")
    assert scales.resolve_scale() == "smoke"
    assert scales.resolve_scale("paper") == "paper"


@pytest.mark.parametrize("bad", ["huge", "", 3, "smoke-ish"])
def test_unknown_scale(bad):
    with pytest.raises(ParameterError, match="unknown scale"):
        scales.resolve_scale(bad)


def test_every_section_has_every_scale_of_its_own_type():
    for section in studies.sections():
        table = [studies.scale_config(section, s) for s in scales.SCALES]
        assert len({type(cfg) for cfg in table}) == 1, section
        assert [cfg.scale for cfg in table] == list(scales.SCALES)
        assert table[0].section == section


def test_settings_are_typed_read_only_and_changed_by_copy():
    import dataclasses

    cfg = studies.scale_config("slices_004", "smoke")
    assert cfg.count == 256 and cfg.scale == "smoke"
    with pytest.raises(AttributeError):
        cfg.epochs
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.count = 1
    with pytest.raises(ParameterError, match="unknown section"):
        studies.scale_config("99_nothing")
    changed = studies.scale_config("lowpass_000", "smoke", cutoff_hz=500.0)
    assert changed.cutoff_hz == 500.0
    assert studies.scale_config("lowpass_000", "smoke").cutoff_hz == 1000.0  # table untouched
    with pytest.raises(ParameterError, match="no setting cutof_hz"):
        studies.scale_config("lowpass_000", "smoke", cutof_hz=500.0)


def test_a_typo_in_a_table_fails_when_it_is_built():
    from dataclasses import dataclass

    @dataclass(frozen=True, kw_only=True)
    class Example(scales.Settings):
        epochs: int

    with pytest.raises(ParameterError, match="Example at smoke"):
        scales.by_scale(Example, smoke=dict(epoch=1), quick=dict(epochs=2), paper=dict(epochs=3))


@pytest.mark.parametrize("scale", scales.SCALES)
def test_07_compares_with_what_04_and_05_train(scale):
    cfg = studies.scale_config("07_mse_critique", scale)
    conv = studies.scale_config("04_conv_tied", scale)
    rec = studies.scale_config("05_recurrent_eq", scale)
    assert cfg.conv_epochs in conv.snapshots  # the MSE-trained net it is compared with
    # every FFT of the spectral losses fits in what the loss sees: half-window validation
    # frames for the conv net, the segment after its warm-up for the streaming LSTM
    assert max(cfg.conv_fft_sizes) <= conv.window // 2
    assert max(cfg.stream_fft_sizes) <= rec.stream_segment - rec.stream_warmup


@pytest.mark.parametrize("scale", scales.SCALES)
def test_04_keeps_a_snapshot_where_the_ablations_end(scale):
    conv = studies.scale_config("04_conv_tied", scale)
    assert conv.ablation_epochs in conv.snapshots and 0 in conv.snapshots
    assert scales.seeds(scale) == ((0,) if scale == "smoke" else (0, 1, 2, 3, 4))
    assert len(scales.seeds(scale, many=True)) == (1 if scale == "smoke" else 10)
