import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import scipy.signal  # noqa: E402

from dsp_paper import ParameterError, plotting, signals

SR = 8000
X = signals.sweep("saw", f_start=100, f_end=2000, seconds=1.0, sample_rate=SR, amplitude=0.5)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_welch_db_matches_scipy():
    f, p = plotting.welch_db(X, SR, n_fft=1024)
    f_ref, p_ref = scipy.signal.welch(X, fs=SR, nperseg=1024)
    np.testing.assert_allclose(f, f_ref)
    np.testing.assert_allclose(p, 10 * np.log10(p_ref), atol=1e-6)


@pytest.mark.parametrize("draw", [
    lambda: plotting.waveform({"a": X, "b": 0.5 * X}, SR, title="t"),
    lambda: plotting.spectrum({"a": X}, SR),
    lambda: plotting.spectrogram({"a": X, "b": X}, SR),
    lambda: plotting.time_and_frequency(X[:1024], SR),
    lambda: plotting.spectra_over_time(X, SR, n_fft=512, frames=5),
    lambda: plotting.sampled_points(X, SR, n_points=20),
    lambda: plotting.batching_picture(5000, window=1000, hop=100, holdout=[(2000, 3000)]),
    lambda: plotting.compare_waveforms({"a": X}, SR, start=100, stop=400, marks=[200]),
])
def test_every_plot_returns_a_figure(draw):
    fig = draw()
    assert isinstance(fig, matplotlib.figure.Figure) and fig.axes


def test_batching_picture_counts_skip_the_holdout():
    fig = plotting.batching_picture(5000, window=1000, hop=100, holdout=[(2000, 3000)])
    counts = fig.axes[1].lines[0].get_ydata()
    assert np.all(counts[2000:3000] == 0)
    assert counts[1000] == 10 and counts[3500] == 6  # the kept piece 3000-5000 ramps up


def test_plots_reject_bad_audio():
    with pytest.raises(ParameterError):
        plotting.waveform({"nan": np.array([np.nan, 1.0])}, SR)


def test_seed_curves_one_style_per_model_and_the_legend_outside():
    panels = {"training": {"a": [([1, 2, 3], [1.0, 0.5, 0.2]), ([1, 2, 3], [0.9, 0.4, 0.3])],
                           "b": [([1, 2, 3], [2.0, 1.0, 0.9])]},
              "validation": {"a": [([1, 2], [1.0, 0.6]), ([1, 2], [1.1, 0.7])]}}
    fig = plotting.seed_curves(panels, references={"validation": {"floor": 0.1}}, title="t")
    left, right = fig.axes[:2]
    assert left.get_yscale() == "log" and left.get_ylabel() == "MSE"
    # each seed of "a" and their mean share one colour and one line style, in both panels
    a_lines = [l for l in left.lines if l.get_color() == "C0"] + \
              [l for l in right.lines if l.get_color() == "C0"]
    assert len(a_lines) == 6 and {l.get_linestyle() for l in a_lines} == {"-"}
    assert {l.get_linestyle() for l in left.lines if l.get_color() == "C1"} == {"--"}
    legend = right.get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == ["a (mean where every seed ran)", "b", "thin lines: each of 2 seeds",
                      "floor"]
    fig.canvas.draw()
    box, axes_box = legend.get_window_extent(), right.get_window_extent()
    assert box.x0 >= axes_box.x1  # right of the data, not on it
    with pytest.raises(ParameterError):
        plotting.seed_curves({})
    with pytest.raises(ParameterError):
        plotting.seed_curves({"p": {"a": []}})
    unshared = plotting.seed_curves(panels, sharey=False)
    assert [ax.get_ylabel() for ax in unshared.axes[:2]] == ["MSE", "MSE"]


def _off_axis_marks(ax):
    """The triangles a panel draws on its edge for levels it does not draw."""
    return [l for l in ax.lines if l.get_marker() in ("v", "^")]


def test_seed_curves_mean_over_the_epochs_every_seed_reached_and_a_far_level_named():
    panels = {"p": {"a": [([1, 2, 3, 4], [1.0, 0.5, 0.2, 0.1]), ([1, 2], [0.8, 0.4])]}}
    fig = plotting.seed_curves(panels, references={"p": {"floor": 1e-9, "near": 0.05,
                                                         "deep": 1e-12}})
    ax = fig.axes[0]
    mean = [l for l in ax.lines if l.get_linewidth() == 2.0]
    assert len(mean) == 1
    np.testing.assert_allclose(mean[0].get_ydata(), [0.9, 0.45])
    # the far levels are not drawn: the y axis spans the curves (and the near level) only
    assert [l.get_ydata()[0] for l in ax.lines if l.get_linestyle() not in ("-", "None")] \
        == [0.05]
    assert ax.get_ylim()[0] > 0.01
    marks = _off_axis_marks(ax)
    assert [m.get_marker() for m in marks] == ["v", "v"]
    assert len({m.get_xdata()[0] for m in marks}) == 2  # side by side, not overprinted
    legend = [t.get_text() for t in fig.axes[-1].get_legend().get_texts()]
    assert "near" in legend
    assert "floor: 1.0e-09, below the axis" in legend and "deep: 1.0e-12, below the axis" in legend
    # one shared axis spans every panel's curves: a level is named only off all of them
    two = {"p": {"a": [([1, 2], [1.0, 0.5])]}, "q": {"a": [([1, 2], [1e-2, 1e-2])]}}
    shared = plotting.seed_curves(two, references={"p": {"mid": 5e-3}}, sharey=True)
    assert not _off_axis_marks(shared.axes[0])
    apart = plotting.seed_curves(two, references={"p": {"mid": 5e-3}}, sharey=False)
    assert [m.get_marker() for m in _off_axis_marks(apart.axes[0])] == ["v"]
    legend = [t.get_text() for t in apart.axes[-1].get_legend().get_texts()]
    assert "mid, below the axis: 5.0e-03 in p" in legend


def test_seed_curves_name_a_level_off_the_curves_in_every_panel_it_misses():
    """04's figure: the FIR lies decades below the nets' training, validation and test MSE;
    each panel's axis spans the nets, the legend gives the FIR's level in each."""
    panels = {name: {"net": [([1, 2, 3], [1e-2, 1e-3, 5e-4])]}
              for name in ("training", "validation", "test")}
    levels = {"training": 4e-6, "validation": 1.2e-5, "test": 2e-10}
    fig = plotting.seed_curves(panels, references={p: {"FIR": v} for p, v in levels.items()},
                               sharey=False)
    for ax in fig.axes[:3]:
        low, high = ax.get_ylim()
        assert 1e-4 < low < 5e-4 and 1e-2 < high < 1e-1
        assert len(_off_axis_marks(ax)) == 1
    (label,) = [t.get_text() for t in fig.axes[2].get_legend().get_texts()
                if "FIR" in t.get_text()]
    assert label.replace("\n", " ") == ("FIR, below the axes: 4.0e-06 in training, 1.2e-05 "
                                        "in validation, 2.0e-10 in test")
