"""dsp_paper.studies.data: notebook 01's tables, figures, clips and closing text."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dsp_paper import ParameterError, effects
from dsp_paper.studies import data as study

SR = 8000


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _spread(*, corr_pitch, corr_decay, peaks=(35.0, 52.0), levels=(-10.0, 0.0)):
    import pandas as pd

    columns = ["min", "median", "max", "correlation with pitch", "correlation with decay"]
    rows = {"peak level (dBFS)": [levels[0], -4.0, levels[1], 0.0, 0.0],
            "spectral peak (Hz)": [peaks[0], 43.0, peaks[1], 1.0, 0.0],
            "falls 20 dB by (s)": [0.06, 0.09, 0.12, corr_pitch, corr_decay],
            "falls 40 dB by (s)": [0.18, 0.32, 0.46, -0.4, 0.8]}
    return pd.DataFrame(rows, index=columns).T


@pytest.mark.parametrize("corr_pitch, corr_decay, word", [(-0.8, 0.3, "near-copies"),
                                                          (-0.2, 0.9, "variations")])
def test_kick_sentence_follows_what_the_body_follows(corr_pitch, corr_decay, word):
    text = study.kick_sentence(_spread(corr_pitch=corr_pitch, corr_decay=corr_decay), kicks=12)
    assert text.startswith(f"* **003's kicks are {word} of one hit.**")
    assert "12 kicks" in text and "6.9 semitones" in text and "10.0 dB" in text
    assert "differ audibly in pitch and loudness" in text
    assert ("same kick, transposed" in text) == (word == "near-copies")


def test_kick_sentence_says_when_kicks_do_not_differ_audibly():
    text = study.kick_sentence(_spread(corr_pitch=-0.8, corr_decay=0.3, peaks=(43.0, 44.0),
                                       levels=(-1.0, 0.0)), kicks=3)
    assert "neither pitch nor loudness" in text


def test_tick_outputs_tick_at_the_edges_and_overlap_add_fixes_it():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(4 * 800).astype(np.float32) * 0.3
    taps = effects.lowpass_fir_taps(31, cutoff_hz=1000, sample_rate=SR)
    reference, ticked, fixed = study.tick_outputs(x, taps=taps, block=800, hop=100)
    assert reference.shape == ticked.shape == fixed.shape == x.shape
    err_blocks, err_fixed = np.abs(ticked - reference), np.abs(fixed - reference)
    assert err_blocks[790:810].max() > 10 * err_blocks[300:500].max() + 1e-3
    assert err_fixed[790:810].max() < 0.1 * err_blocks[790:810].max()


# ---- on the smoke corpora (cached; a few seconds)

@pytest.fixture(scope="module")
def smoke():
    return study.load("smoke")


@pytest.mark.slow
def test_key_clips_are_mono_and_described(smoke):
    for doc in ("000", "001", "002", "003", "pedal"):
        keys = study.key_clips(smoke, doc)
        assert keys["heading"] and keys["sample_rate"] > 0
        assert set(keys["what"]) == set(keys["clips"])
        assert all(np.asarray(a).ndim == 1 for a in keys["clips"].values())
    with pytest.raises(ParameterError):
        study.key_clips(smoke, "005")


@pytest.mark.slow
def test_kick_sequence_holds_the_kicks_shown(smoke):
    seq = study.kick_sequence(smoke)
    slot = int(smoke.cfg.kick_slot_seconds * smoke.kicks.sample_rate)
    assert len(smoke.shown.index) == smoke.cfg.kicks_shown
    assert seq.size == smoke.cfg.kicks_shown * slot
    second = smoke.shown.index[1]
    np.testing.assert_array_equal(seq[slot:2 * slot], smoke.kicks.examples[second, :slot])


@pytest.mark.slow
def test_figures_have_units_colourbars_and_legends_outside(smoke):
    fig = study.training_spectrogram(smoke)
    panels, bar = fig.axes[:2], fig.axes[2]
    assert [ax.get_xlabel() for ax in panels] == ["time (s)"] * 2
    assert panels[0].get_ylabel() == "frequency (Hz)" and "dB" in bar.get_ylabel()
    fig = study.sampled_waveform(smoke)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "time (ms)" and "amplitude" in ax.get_ylabel()
    assert ax.get_legend().get_bbox_to_anchor().x0 > ax.get_window_extent().x1 - 1
    fig = study.tick_figure(study.tick_demo(smoke))
    assert len(fig.axes) == 3 and all(a.get_xlabel() == "time (ms)" for a in fig.axes)
    fig = study.kicks_figure(smoke)
    titles = [a.get_title() for a in fig.axes if a.get_visible()]
    assert len(titles) == smoke.cfg.kicks_shown and all("pitch" in t and "decay" in t
                                                        and "level" in t for t in titles)


@pytest.mark.slow
def test_stft_framing_states_the_documents_discrepancy(smoke):
    table = study.stft_framing(smoke)
    doc = table.columns[0]
    assert table[doc].iloc[0] == f"{study.SLICES_004['bins']} x {study.SLICES_004['frames']}"
    assert table[doc].iloc[1] != table[doc].iloc[0]


@pytest.mark.slow
def test_differences_cover_every_document_aspect(smoke):
    rows = study.differences(smoke)
    assert len(rows) == len(study.DOCUMENT_DATA)
    assert all(len(r) == 3 and all(isinstance(v, str) and v for v in r) for r in rows)
    assert {r[0].split(":")[0] for r in rows} == {"000", "001", "002", "003", "004"}


@pytest.mark.slow
def test_what_it_means_is_generated_from_the_run(smoke):
    fig, response = study.highpass_response(smoke)
    tick = study.tick_demo(smoke)
    text = study.what_it_means(smoke, slopes=study.noise_slopes(smoke), response=response,
                               tick=tick)
    assert text.startswith("## What it means")
    assert f"{tick.table.iloc[0]['edge_error_db']:.1f} dB" in text
    assert f"{len(smoke.kicks.examples)} kicks" in text
