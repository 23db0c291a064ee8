import numpy as np
import pytest

from dsp_paper import ParameterError, effects, windowing
from dsp_paper.windowing import Pair


def test_sliding_windows_values():
    x = np.arange(10, dtype=np.float32)
    w = windowing.sliding_windows(x, window=4, hop=2)
    assert w.shape == (4, 4)
    assert w[1].tolist() == [2, 3, 4, 5]


def test_sliding_windows_stereo_is_channels_last():
    x = np.stack([np.arange(10), -np.arange(10)]).astype(np.float32)
    w = windowing.sliding_windows(x, window=4, hop=3)
    assert w.shape == (3, 4, 2)
    assert w[1, :, 1].tolist() == [-3, -4, -5, -6]


def test_every_sample_used_ten_times():
    hop = windowing.hop_for_uses(1000, 10)
    assert hop == 100
    uses = windowing.sample_uses(20000, window=1000, hop=hop)
    assert np.all(uses[1000:-1000] == 10)
    assert uses.max() == 10


def test_holdout_ranges_tile_the_signal():
    keep, held = windowing.holdout_ranges(10000, fraction=0.1, block=100, seed=3)
    covered = np.zeros(10000, int)
    for a, b in keep + held:
        covered[a:b] += 1
    assert np.all(covered == 1)
    assert sum(b - a for a, b in held) == 1000
    # spread over the whole signal, one per stratum
    assert held[0][0] < 1000 and held[-1][0] >= 9000


def test_windows_never_cross_a_holdout():
    x = np.arange(5000, dtype=np.float32)
    kept, held = windowing.split_holdout(Pair(x, x), fraction=0.2, block=250, seed=0)
    batches = windowing.WindowBatches(kept, window=100, hop=10, batch_size=32)
    held_samples = set(np.concatenate([p.input for p in held]).astype(int).tolist())
    for xb, _ in batches.epoch(0):
        assert np.all(np.diff(xb, axis=1) == 1)  # contiguous
        assert not held_samples.intersection(xb.astype(int).ravel().tolist())


def test_batches_reshuffle_each_epoch_and_repeat_from_seed():
    x = np.random.default_rng(0).standard_normal(3000).astype(np.float32)
    pairs = [Pair(x, 0.5 * x)]
    a = windowing.WindowBatches(pairs, window=100, hop=50, batch_size=8, seed=1)
    b = windowing.WindowBatches(pairs, window=100, hop=50, batch_size=8, seed=1)
    assert np.array_equal(a.order(0), b.order(0))
    assert not np.array_equal(a.order(0), a.order(1))
    xs = [xb for xb, _ in a.epoch(0)]
    assert sum(len(xb) for xb in xs) == a.n_windows == len(range(0, 3000 - 100 + 1, 50))
    assert len(xs) == len(a)
    for xb, yb in a.epoch(2):
        np.testing.assert_allclose(yb, 0.5 * xb)
    xs_all, ys_all = a.arrays()
    assert xs_all.shape == (a.n_windows, 100) and np.allclose(ys_all, 0.5 * xs_all)
    assert xs_all[1, 0] == x[50]


@pytest.mark.parametrize("window, hop", [(256, 64), (1000, 100), (512, 512), (300, 7)])
def test_overlap_add_reconstructs_exactly(window, hop):
    x = np.random.default_rng(window).standard_normal(10_007).astype(np.float32)
    y = windowing.process_overlap_add(x, lambda frames: frames, window=window, hop=hop)
    np.testing.assert_allclose(y, x, atol=1e-5)


def test_zero_padded_blocks_tick_and_overlap_add_fixes_it():
    sr = 8000
    x = np.sin(2 * np.pi * 200 * np.arange(4 * sr) / sr).astype(np.float32)
    taps = effects.lowpass_fir_taps(101, cutoff_hz=1000, sample_rate=sr)
    reference = effects.fir_filter(x, taps)
    block = sr // 2
    ticked = windowing.process_blocks_zero_padded(x, lambda b: effects.fir_filter(b, taps),
                                                  block=block)
    fixed = windowing.process_overlap_add(x, lambda f: effects.fir_filter(f, taps),
                                          window=block, hop=block // 8)
    tick_db = windowing.edge_error_db(ticked, reference, block=block, radius=50)
    fixed_db = windowing.edge_error_db(fixed, reference, block=block, radius=50)
    # the error lives at the block edges; the overlap-add output has no edges there
    assert tick_db > fixed_db + 60
    assert np.sqrt(np.mean((fixed - reference)[200:-200] ** 2)) < 1e-3
    assert np.sqrt(np.mean((ticked - reference) ** 2)) > 10 * np.sqrt(
        np.mean((fixed - reference)[200:-200] ** 2))


def test_zero_padded_blocks_keep_stereo_channels_apart():
    x = np.stack([np.arange(25), -np.arange(25)]).astype(np.float32)
    seen = []

    def process(blocks):
        seen.append(blocks.shape)
        return 2 * blocks

    y = windowing.process_blocks_zero_padded(x, process, block=10)
    assert seen == [(3, 10, 2)]
    np.testing.assert_array_equal(y, 2 * x)


def test_bad_parameters():
    x = np.ones(100, dtype=np.float32)
    with pytest.raises(ParameterError):
        windowing.sliding_windows(x, window=10, hop=20)
    with pytest.raises(ParameterError):
        windowing.sliding_windows(x, window=200, hop=10)
    with pytest.raises(ParameterError):
        windowing.hop_for_uses(1000, 3)
    with pytest.raises(ParameterError, match="mismatched lengths"):
        Pair(np.ones(10), np.ones(11))
    with pytest.raises(ParameterError):
        windowing.WindowBatches([Pair(x, x)], window=200, hop=10, batch_size=4)
    with pytest.raises(ParameterError):
        windowing.process_blocks_zero_padded(x, lambda b: b[:, :-1], block=10)
    with pytest.raises(ParameterError, match=r"\(n,\) or \(channels, n\)"):
        windowing.sliding_windows(np.ones((2, 3, 50)), window=5, hop=1)
    with pytest.raises(ParameterError, match="length"):
        windowing.overlap_add(np.ones((3, 10)), hop=5, length=0)


def test_many_to_one_windows_end_on_their_target():
    from dsp_paper.windowing import many_to_one_windows
    x = np.arange(100, dtype=np.float32)
    pair = Pair(x, -x)
    xs, ys = many_to_one_windows(pair, window=10, count=7, seed=2)
    assert xs.shape == (7, 10, 1) and ys.shape == (7, 1)
    np.testing.assert_array_equal(ys[:, 0], -xs[:, -1, 0])
    np.testing.assert_array_equal(np.diff(xs[:, :, 0], axis=1), 1)
    everything = many_to_one_windows(pair, window=10)[0]
    assert everything.shape[0] == 91
    with pytest.raises(ParameterError):
        many_to_one_windows(pair, window=10, count=92)


def test_sequence_segments_with_a_control():
    from dsp_paper.windowing import sequence_segments
    x = np.arange(100, dtype=np.float32)
    xs, ys = sequence_segments(Pair(x, 2 * x), length=20, hop=10, controls=[0.25])
    assert xs.shape == (9, 20, 2) and ys.shape == (9, 20, 1)
    np.testing.assert_array_equal(ys[..., 0], 2 * xs[..., 0])
    assert np.all(xs[..., 1] == 0.25)


def test_edge_error_level_against_a_direct_computation():
    rng = np.random.default_rng(3)
    ref = rng.standard_normal(3000)
    out = ref + 0.1 * rng.standard_normal(3000)
    near = np.zeros(3000, bool)
    for edge in (1000, 2000):
        near[edge - 20:edge + 20] = True
    expected = 10 * np.log10(np.sum((out - ref)[near] ** 2) / np.sum(ref[near] ** 2))
    assert windowing.edge_error_db(out, ref, block=1000, radius=20) == pytest.approx(expected)
    assert windowing.edge_error_db(ref, ref, block=1000, radius=20) == float("-inf")
    between = ~near
    between[:20] = between[-20:] = False
    expected = 10 * np.log10(np.sum((out - ref)[between] ** 2) / np.sum(ref[between] ** 2))
    assert windowing.edge_error_db(out, ref, block=1000, radius=20,
                                   region="between") == pytest.approx(expected)
    with pytest.raises(ParameterError):
        windowing.edge_error_db(out, ref, block=5000, radius=20)  # no edge inside the track
    with pytest.raises(ParameterError):
        windowing.edge_error_db(out, ref[:-1], block=1000, radius=20)
