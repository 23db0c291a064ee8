import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import scipy.signal  # noqa: E402

from dsp_paper import ParameterError, plotting, signals  # noqa: E402

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
