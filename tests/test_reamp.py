"""The reamp signal made for capture: its layout, its levels, that it is known again (and
nothing else is), the chain's delay read from its blips (the onset of the response, never
its peak), and the check that the chain sounds like itself twice."""
import os
import time

import numpy as np
import pytest
import soundfile
from scipy import signal

from dsp_paper import capture
from dsp_paper.capture import reamp
from dsp_paper.capture.checks import time_split
from dsp_paper.capture.examples import example_dry
from dsp_paper.capture.latency import align
from dsp_paper.errors import ParameterError

SR = 48000


@pytest.fixture(scope="module")
def long48():
    return reamp.reamp_signal(minutes=3.0, sample_rate=SR)


@pytest.fixture(scope="module")
def short48():
    return reamp.reamp_signal(minutes=1.0, sample_rate=SR)


@pytest.fixture(scope="module")
def short44():
    return reamp.reamp_signal(minutes=1.5, sample_rate=44100)


def _delay(x, d):
    return np.concatenate([np.zeros(d), x])[:x.size]


def _lowpass8(x):  # peaks 22 samples late, begins at once (its first sample is 5e-7 of its peak)
    return signal.sosfilt(signal.butter(8, 2000, fs=SR, output="sos"), x)


def _distortion(x):  # a tanh between a highpass and a 4th-order lowpass
    y = signal.lfilter(*signal.butter(1, 100, "hp", fs=SR), x)
    return 0.5 * signal.lfilter(*signal.butter(4, 5000, fs=SR), np.tanh(10 * y))


def _noise(x, dbfs, seed=0):
    return x + 10 ** (dbfs / 20) * np.random.default_rng(seed).standard_normal(x.size)


# --- the signal and its layout ----------------------------------------------------------

@pytest.mark.parametrize("rate", reamp.SAMPLE_RATES)
@pytest.mark.parametrize("minutes", [1.0, 3.0, 7.5])
def test_layout_covers_the_signal_in_order_without_gaps(rate, minutes):
    layout = reamp.reamp_layout(minutes=minutes, sample_rate=rate)
    spans = list(layout.segments.values())
    assert layout.n_samples == round(60 * minutes) * rate
    assert spans[0][0] == 0 and spans[-1][1] == layout.n_samples
    assert all(a < b for a, b in spans)
    assert all(prev[1] == nxt[0] for prev, nxt in zip(spans, spans[1:]))
    assert list(layout.segments)[:3] == ["lead-in", "blips", "silence"]
    assert list(layout.segments)[-3:] == ["repeat 1", "guitar -12/-4.5 dBFS", "repeat 2"]
    a, b = layout.segments["blips"]
    assert len(layout.blips) == 4 and a == layout.blips[0] == round(0.5 * rate)
    assert all(a <= blip < b for blip in layout.blips)
    assert np.all(np.diff(layout.blips) == rate // 2)
    assert layout.repeat == (layout.segments["repeat 1"], layout.segments["repeat 2"])
    (a, b), (c, d) = layout.repeat
    assert b - a == d - c == 6 * rate and d == layout.n_samples
    guitar = sum(b - a for name, (a, b) in layout.segments.items() if name != "repeat 2"
                 and name.startswith(("guitar", "repeat")))
    assert guitar >= 10 * rate + 6 * rate


@pytest.mark.parametrize("latency", [0, 0.25])
@pytest.mark.parametrize("minutes", [1.0, 3.0, 30.0])
def test_first_play_trains_and_second_play_ends_the_test_part(minutes, latency):
    layout = reamp.reamp_layout(minutes=minutes, sample_rate=SR)
    shift = int(latency * SR)  # the aligned pair is this much shorter
    split = time_split(layout.n_samples - shift, sample_rate=SR)
    (a, b), (c, d) = layout.repeat
    assert b <= split["train"][1]
    assert split["test"][0] <= c and d - shift == split["test"][1]


def test_minutes_and_rate_are_checked():
    with pytest.raises(ParameterError, match="0.93 to 30 minutes"):
        reamp.reamp_layout(minutes=0.5)
    for bad in (31, float("nan"), "3", True):
        with pytest.raises(ParameterError):
            reamp.reamp_layout(minutes=bad)
    with pytest.raises(ParameterError, match="44100"):
        reamp.reamp_signal(sample_rate=22050)
    assert reamp.reamp_layout(minutes=0.93, sample_rate=SR).n_samples == 56 * SR
    assert reamp.reamp_layout(minutes=2.501).n_samples == 150 * SR  # to the second


def test_signal_is_mono_float32_below_minus_1_dbfs_and_the_same_every_time(long48):
    x, layout = long48
    assert x.dtype == np.float32 and x.shape == (layout.n_samples,)
    assert np.max(np.abs(x)) < 10 ** (-1 / 20)
    again, layout_again = reamp.reamp_signal(minutes=3.0, sample_rate=SR)
    assert layout_again == layout and np.array_equal(again, x)


def test_each_part_holds_what_its_name_says(long48):
    x, layout = long48
    seg = {name: x[a:b].astype(np.float64) for name, (a, b) in layout.segments.items()}
    assert not seg["lead-in"].any() and not seg["silence"].any()
    blips = np.flatnonzero(x[:layout.segments["silence"][1]])
    assert tuple(blips) == layout.blips
    assert np.allclose(x[list(layout.blips)], 10 ** (-2 / 20))
    for db in (-18, -9, -3):
        assert 20 * np.log10(np.max(np.abs(seg[f"sweep {db} dBFS"]))) == pytest.approx(db, abs=0.01)
        assert 20 * np.log10(np.max(np.abs(seg[f"guitar {db} dBFS"]))) == pytest.approx(db, abs=0.01)
    for db in (-30, -18, -9):
        rms = np.sqrt(np.mean(seg[f"noise {db} dBFS"] ** 2))
        assert 20 * np.log10(rms) == pytest.approx(db, abs=0.01)
    # pink: about 3 dB less power per octave
    spectrum = np.abs(np.fft.rfft(seg["noise -18 dBFS"])) ** 2
    f = np.fft.rfftfreq(seg["noise -18 dBFS"].size, 1 / SR)
    low, high = spectrum[(f > 200) & (f < 400)].sum(), spectrum[(f > 1600) & (f < 3200)].sum()
    assert 10 * np.log10(low / high) == pytest.approx(0, abs=1)
    (a, b), (c, d) = layout.repeat
    assert np.array_equal(x[a:b], x[c:d]) and np.max(np.abs(x[a:b])) > 0.4
    assert np.max(np.abs(seg["guitar -12/-4.5 dBFS"])) == pytest.approx(10 ** (-4.5 / 20), rel=1e-3)


# --- known again ------------------------------------------------------------------------

def test_recognised_at_each_rate_and_length(long48, short44):
    for x, layout in (long48, short44):
        assert reamp.recognise_reamp(x, layout.sample_rate) == layout
    x, layout = long48
    start = time.perf_counter()
    assert reamp.recognise_reamp(x, SR) == layout
    assert time.perf_counter() - start < 0.5


def test_recognised_after_a_24_bit_wav_round_trip(tmp_path):
    path = reamp.write_reamp_signal(tmp_path / "reamp.wav", minutes=1.0, sample_rate=44100)
    info = soundfile.info(str(path))
    assert (info.subtype, info.samplerate, info.channels) == ("PCM_24", 44100, 1)
    dry, rate = soundfile.read(str(path), dtype="float32")
    assert reamp.recognise_reamp(dry, rate) == reamp.reamp_layout(minutes=1.0, sample_rate=44100)


def test_nothing_else_is_recognised(long48):
    x, layout = long48
    n = layout.n_samples
    guitar = example_dry(sample_rate=SR)
    assert reamp.recognise_reamp(guitar, SR) is None
    assert reamp.recognise_reamp(np.resize(guitar, n), SR) is None      # a DI of its length
    noise = np.random.default_rng(0).standard_normal(n).astype(np.float32) * 0.1
    assert reamp.recognise_reamp(noise, SR) is None
    click = np.zeros(n, np.float32)
    click[layout.blips[0]] = x[layout.blips[0]]                           # silence and a click
    assert reamp.recognise_reamp(click, SR) is None
    for cut in (1, 2, 3, 100):                                            # cut short
        assert reamp.recognise_reamp(x[:-cut], SR) is None
    assert reamp.recognise_reamp(np.concatenate([x, np.zeros(SR, np.float32)]), SR) is None
    assert reamp.recognise_reamp(x, 44100) is None                        # the wrong rate
    assert reamp.recognise_reamp(np.stack([x, x]), SR) is None            # stereo
    changed = x.copy()
    changed[layout.segments["sweep -9 dBFS"][0] + 1000] += 0.01
    assert reamp.recognise_reamp(changed, SR) is None


def test_written_atomically_with_the_usual_permissions_and_never_over_a_file(tmp_path):
    old = os.umask(0o022)
    try:
        path = reamp.write_reamp_signal(tmp_path / "a" / "reamp.wav", minutes=1.0)
        assert os.stat(path).st_mode & 0o777 == 0o644
        os.umask(0o027)
        with pytest.raises(ParameterError, match="exists"):
            reamp.write_reamp_signal(path, minutes=1.0)
        reamp.write_reamp_signal(path, minutes=1.0, overwrite=True)
        assert os.stat(path).st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
    assert os.listdir(path.parent) == ["reamp.wav"]


# --- the chain's delay from the blips --------------------------------------------------

@pytest.fixture(scope="module")
def blip_part(short48):
    x, layout = short48
    return x[:layout.segments["silence"][1]].astype(np.float64), layout


@pytest.mark.parametrize("delay", [0, 7, 123, SR // 4])
@pytest.mark.parametrize("noise_dbfs", [None, -70])
def test_blip_latency_of_a_pure_delay(blip_part, delay, noise_dbfs):
    dry, layout = blip_part
    wet = _delay(dry, delay)
    if noise_dbfs is not None:
        wet = _noise(wet, noise_dbfs)
    assert reamp.blip_latency(wet.astype(np.float32), layout) == delay


@pytest.mark.parametrize("delay", [0, 37])
def test_blip_latency_is_where_a_late_peaking_response_begins(blip_part, delay):
    dry, layout = blip_part
    wet = _delay(_lowpass8(dry), delay).astype(np.float32)
    response = np.abs(wet[layout.blips[0]:layout.blips[0] + 100])
    assert np.argmax(response) - delay > 20                   # the peak comes late
    assert delay - 1 <= reamp.blip_latency(wet, layout) <= delay


@pytest.mark.parametrize("noise_dbfs", [None, -70])
def test_blip_latency_of_a_distortion_between_filters(blip_part, noise_dbfs):
    dry, layout = blip_part
    wet = _delay(_distortion(dry), 12)
    if noise_dbfs is not None:
        wet = _noise(wet, noise_dbfs, seed=1)
    assert reamp.blip_latency(wet.astype(np.float32), layout) == 12


def test_blip_latency_in_noise_finds_a_slow_rise_where_it_leaves_the_noise(blip_part):
    # the lowpass's first 8 samples lie below noise at -70 dBFS: found late, never early
    dry, layout = blip_part
    wet = _noise(_delay(_lowpass8(dry), 37), -70, seed=2).astype(np.float32)
    assert 37 <= reamp.blip_latency(wet, layout) <= 37 + 10


def test_blip_latency_refuses_a_wet_without_responses(blip_part):
    dry, layout = blip_part
    for wet in (np.zeros_like(dry), _noise(np.zeros_like(dry), -70)):
        with pytest.raises(ParameterError, match="no blip's response rises above"):
            reamp.blip_latency(wet, layout)
    with pytest.raises(ParameterError, match="samples"):
        reamp.blip_latency(dry[:layout.blips[-1]], layout)


# --- the chain sounds like itself twice -------------------------------------------------

@pytest.fixture(scope="module")
def rendered(short48):
    x, layout = short48
    return _delay(_distortion(x.astype(np.float64)), 12), layout


def test_repeat_esr_of_a_deterministic_effect_is_nearly_zero(short48, rendered):
    wet, layout = rendered
    value = reamp.repeat_esr(wet[12:], layout, 12)
    assert value < 1e-4 and reamp.repeat_problem(value) is None
    dry = short48[0]
    early = _distortion(dry.astype(np.float64))[5:]                     # a wet 5 samples early
    _, aligned = align(dry, early, -5)
    assert reamp.repeat_esr(aligned, layout, -5) < 1e-4


def test_repeat_esr_finds_noise_and_a_level_change(rendered):
    wet, layout = rendered
    noisy = reamp.repeat_esr(_noise(wet, -30)[12:], layout, 12)
    assert noisy > reamp.REPEAT_ESR_LIMIT
    message = reamp.repeat_problem(noisy)
    assert message.startswith("the chain does not sound like itself when played twice (ESR ")
    assert f"ESR {noisy:.3g} between the two plays" in message and "above 0.01" in message
    for cause in ("noise or hum", "delay", "reverb", "chorus", "tremolo", "knob", "level"):
        assert cause in message
    louder = wet.copy()
    c, d = layout.repeat[1]
    louder[c + 12:] *= 1.2
    assert reamp.repeat_esr(louder[12:], layout, 12) > reamp.REPEAT_ESR_LIMIT
    assert reamp.repeat_problem(float("nan")) is not None
    assert reamp.repeat_problem(0.009) is None


def test_repeat_esr_refuses_a_wet_without_the_passage(rendered):
    wet, layout = rendered
    (a, b), (c, d) = layout.repeat
    with pytest.raises(ParameterError, match="does not hold"):
        reamp.repeat_esr(wet[:c], layout, 0)
    silent = wet.copy()
    silent[a:b] = 0
    with pytest.raises(ParameterError, match="silent"):
        reamp.repeat_esr(silent, layout, 0)


def test_names_load_from_the_capture_package():
    assert capture.blip_latency is reamp.blip_latency
    assert capture.recognise_reamp is reamp.recognise_reamp
    assert capture.REPEAT_ESR_LIMIT == 0.01


def test_capture_reads_the_reamp_signal_before_any_training():
    """What capture makes of a recording of the reamp signal: the latency from its blips,
    the repeat check, and the second play cut off so that it is in neither training nor test
    (no model is trained here: all of it happens before training)."""
    from dsp_paper.capture import check_pair, time_split
    from dsp_paper.capture.pipeline import _repeat_checked

    sr = 44100
    dry, layout = reamp.reamp_signal(minutes=2.0, sample_rate=sr)
    wet = np.concatenate([np.zeros(23), 0.4 * np.tanh(4 * dry)])[:dry.size].astype(np.float32)
    pair = check_pair(dry, wet, sample_rate=sr)
    assert (pair.latency, pair.latency_source) == (23, "blips") and pair.reamp is not None
    pair = _repeat_checked(pair, False)
    notes = " ".join(pair.notes)
    assert "read off its blips" in notes and "the chain sounds like itself" in notes
    assert pair.dry.size == pair.wet.size == layout.repeat[1][0]
    assert time_split(pair.dry.size, sample_rate=sr)["train"][1] > layout.repeat[0][1]
    # a chain that does not repeat itself (hiss) is named, not hidden
    noisy = wet + 0.03 * np.random.default_rng(0).standard_normal(wet.size).astype(np.float32)
    noisy_pair = _repeat_checked(check_pair(dry, noisy, sample_rate=sr), False)
    assert any("does not sound like itself" in n for n in noisy_pair.notes)
