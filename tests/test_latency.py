"""The recording chain's delay, found from music: never later than where the effect's
response begins (a causal model can learn a delay, never an advance), whether the response
peaks at once (a pure delay) or late (a distortion behind a filter, an amp with a cabinet-like
filter, a filter of high order); and the candidates a short training compares."""
import numpy as np
import pytest
from scipy import signal

from dsp_paper.capture.examples import example_dry
from dsp_paper.capture.latency import align, find_latency, latency_candidates

SR = 44100
DRY = example_dry(sample_rate=SR)[:12 * SR].astype(np.float64)


def _delay(x, d):
    return np.concatenate([np.zeros(d), x])[:x.size]


def _lowpass8(x):
    return signal.sosfilt(signal.butter(8, 2000, fs=SR, output="sos"), x)


def _heavy(x):  # a distortion between a highpass and a 4th-order lowpass
    y = signal.sosfilt(signal.butter(2, 700, "hp", fs=SR, output="sos"), x)
    return 0.5 * signal.sosfilt(signal.butter(4, 3000, fs=SR, output="sos"), np.tanh(30 * y))


def _amp(x):  # a biased tube-like stage into a cabinet-like 6th-order lowpass with a peak
    y = signal.sosfilt(signal.butter(1, 100, "hp", fs=SR, output="sos"), x)
    y = np.tanh(6 * y + 0.2) - np.tanh(0.2)
    y = signal.sosfilt(signal.butter(6, 4500, fs=SR, output="sos"), y)
    b, a = signal.iirpeak(1200, 2, fs=SR)
    return 0.5 * (y + 0.5 * signal.lfilter(b, a, y))


def _overdrive(x):
    return signal.sosfilt(signal.butter(2, 6000, fs=SR, output="sos"), np.tanh(4 * x) / 2)


def _response_peak(effect):
    """Where the effect's response to a small impulse peaks (its own group delay)."""
    impulse = np.zeros(4096)
    impulse[0] = 1e-3
    return int(np.argmax(np.abs(effect(impulse))))


# effect, the chain's true delay (the response begins there)
CASES = {
    "pure delay 0": (lambda x: 0.7 * x, 0),
    "pure delay 5": (lambda x: _delay(0.7 * x, 5), 5),
    "pure delay 37": (lambda x: _delay(0.7 * x, 37), 37),
    "pure delay 300": (lambda x: _delay(0.7 * x, 300), 300),
    "8th-order lowpass": (_lowpass8, 0),
    "8th-order lowpass, delay 37": (lambda x: _delay(_lowpass8(x), 37), 37),
    "distortion behind a filter": (_heavy, 0),
    "the same, delay 12": (lambda x: _delay(_heavy(x), 12), 12),
    "amp with a cabinet filter": (_amp, 0),
    "the same, delay 100": (lambda x: _delay(_amp(x), 100), 100),
    "overdrive": (_overdrive, 0),
}


@pytest.mark.parametrize("name", CASES)
def test_latency_never_asks_the_model_to_see_the_future(name):
    effect, true = CASES[name]
    found, clarity = find_latency(DRY, effect(DRY), sample_rate=SR)
    assert found <= true, f"{name}: found {found}, the response begins at {true}"
    # erring early, but by little: the band of a guitar DI smears a response over ~10 samples
    assert found >= true - 24, f"{name}: found {found}, true {true}"
    assert clarity > 8


def test_late_peaking_responses_are_the_test():
    # the cases above are the hard ones: their responses peak well after they begin
    assert _response_peak(_lowpass8) >= 15
    assert _response_peak(_heavy) >= 5
    assert _response_peak(_amp) >= 5


def test_a_broadband_dry_finds_a_pure_delay_to_a_few_samples():
    x = np.random.default_rng(0).standard_normal(2 * 48000)
    for delay in (0, 30, 1000):
        found, _ = find_latency(x, _delay(x, delay), sample_rate=48000)
        assert delay - 3 <= found <= delay


def test_an_early_wet_is_found_early():
    found, _ = find_latency(DRY, 0.7 * np.concatenate([DRY[50:], np.zeros(50)]),
                            sample_rate=SR)
    assert -50 - 24 <= found <= -50


def test_candidates_never_exceed_the_estimate():
    assert latency_candidates(40) == [40, 20, 0]
    assert latency_candidates(1) == [1] and latency_candidates(0) == [0]
    assert latency_candidates(-5) == [-5]
    assert all(c <= 17 for c in latency_candidates(17))


def test_align_removes_exactly_the_latency():
    dry, wet = np.arange(10.0), np.arange(10.0) + 100
    d, w = align(dry, wet, 3)
    assert d.tolist() == list(range(7)) and w.tolist() == [103.0 + i for i in range(7)]
    d, w = align(dry, wet, -2)
    assert d.tolist() == [2.0 + i for i in range(8)] and w.size == 8


class _Trial:
    """What the latency check reads of a trial training: its validation losses and seconds."""

    def __init__(self, val_loss):
        self.log = type("Log", (), dict(val_loss=[2 * val_loss, val_loss]))()
        self.seconds = 1.0


@pytest.mark.parametrize("losses, kept", [
    ((0.30, 0.020, 0.021), 22),   # the estimate asks for an advance: a smaller one validates
    ((0.020, 0.021, 0.019), 44),  # within the margin: the largest (least delay left in)
    ((0.30, 0.25, 0.020), 0),
])
def test_the_latency_check_keeps_the_largest_candidate_near_the_best(monkeypatch, losses,
                                                                      kept):
    from dsp_paper.capture import check_pair, pipeline

    wet = _delay(_overdrive(DRY), 44).astype(np.float32)
    dry = DRY.astype(np.float32)
    pair = check_pair(dry, wet, sample_rate=SR, latency=44)
    pair.latency_source = "estimate"
    by_latency = dict(zip(latency_candidates(44), losses))
    tried = []

    def trial(takes, **kwargs):
        latency = next(c for c in by_latency if takes[0].dry.size == DRY.size - c)
        tried.append((latency, kwargs["minutes"], kwargs["test"]))
        return _Trial(by_latency[latency])

    monkeypatch.setattr(pipeline, "train_capture", trial)
    chosen, minutes = pipeline._checked_latency(dry, wet, pair, recipe=None, epochs=100,
                                                minutes=5.0, seed=0, progress=False,
                                                sample_rate=SR)
    assert [t[0] for t in tried] == [44, 22, 0] and not any(t[2] for t in tried)
    assert all(t[1] == pytest.approx(0.5 / 3) for t in tried) and minutes == pytest.approx(4.5)
    assert chosen.latency == kept and chosen.dry.size == DRY.size - kept
    note = next(n for n in chosen.notes if n.startswith("latency check"))
    assert f"kept {kept}" in note and "44 samples: " in note
    assert any(f"late by {kept} samples" in n for n in chosen.notes)
