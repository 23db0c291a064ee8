"""The tables notebook ``01_data`` shows (DataFrames): the recordings' provenance, the
layouts of 000 and 001, 002's noise slopes and set sizes, 004's STFT framings and every corpus
at this scale."""
from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.signal

from dsp_paper import material, metrics, windowing
from dsp_paper.studies import scale_config
from dsp_paper.studies.data.data import TourData
from dsp_paper.studies.data.paper import NOISE_SLOPES_DB_PER_OCTAVE, SLICES_004, THESIS_SAMPLES

__all__ = ["provenance", "layouts", "noise_slopes", "highpass_sizes", "stft_framing",
           "datasets_table"]


def provenance(data: TourData) -> pd.DataFrame:
    """The real recordings: what, how long, licence, source (a DataFrame by name)."""
    return material.provenance_table(data.materials)


def layouts(data: TourData) -> pd.DataFrame:
    """000's mono split beside 001's stereo kept: tracks per file and the shape of the
    windows of the first training piece (window ``cfg.batch_window``)."""
    window = data.cfg.batch_window
    hop = windowing.hop_for_uses(window, data.cfg.batch_uses)
    rows = []
    for doc, corpus, layout, tracks in (("000", data.lowpass, "mono split", 2),
                                        ("001", data.stereo, "stereo kept", 1)):
        shape = windowing.sliding_windows(corpus.split("train")[0].input, window=window,
                                          hop=hop).shape
        rows.append(dict(document=doc, layout=layout, tracks_per_file=tracks,
                         window_batch_shape=shape))
    return pd.DataFrame(rows).set_index("document")


def noise_slopes(data: TourData) -> pd.DataFrame:
    """002's noises: expected and measured spectral slope (dB/octave) in
    ``cfg.slope_band_hz``."""
    low, high = data.cfg.slope_band_hz
    return pd.DataFrame([dict(noise=c, expected_db_per_octave=NOISE_SLOPES_DB_PER_OCTAVE[c],
                              measured_db_per_octave=round(metrics.spectral_slope(
                                  x, data.sample_rate, f_low=low, f_high=high), 2))
                         for c, x in data.noises.items()]).set_index("noise")


def highpass_sizes(data: TourData) -> pd.DataFrame:
    """002's set sizes: the thesis's (:data:`~dsp_paper.studies.data.paper.THESIS_SAMPLES`)
    beside this run's, in samples and seconds."""
    sr = data.sample_rate
    rows = [("full training set", THESIS_SAMPLES["full"], data.full, "train"),
            ('"miniaudio"', THESIS_SAMPLES["mini"], data.mini, "train"),
            ("validation 1 (new clips)", None, data.full, "validation1"),
            ("validation 2 (recorded voice)", None, data.full, "validation2")]
    frame = pd.DataFrame([dict(set=name, paper_samples=paper,
                               this_run=corpus.joined(split).n_samples)
                          for name, paper, corpus, split in rows]).set_index("set")
    frame["paper_samples"] = frame["paper_samples"].astype("Int64")
    frame["this_run_seconds"] = (frame["this_run"] / sr).round(2)
    return frame


def stft_framing(data: TourData) -> pd.DataFrame:
    """004's STFT framings: bins x frames of scipy's STFT (Hann window of ``n_fft``) for
    the document's slice length and this run's, with the hop that gives the document's
    33 frames and with the document's stride.

    Returns
    -------
    pandas.DataFrame
        One row per framing; columns the two slice lengths (values ``"bins x frames"``).
    """
    spec = scale_config("02_learned_spectrogram", data.slices_cfg.scale)
    n_fft, sr = spec.n_fft, data.slices_cfg.sample_rate
    lengths = {f"document's {SLICES_004['samples']} samples": SLICES_004["samples"],
               f"this run's {data.slices.shape[1]} samples": data.slices.shape[1]}
    framings = {f"hop {spec.hop} (noverlap {n_fft - spec.hop}), scipy's padding":
                dict(noverlap=n_fft - spec.hop),
                f"document's stride {SLICES_004['stride']}, scipy's padding":
                dict(noverlap=n_fft - SLICES_004["stride"]),
                f"document's stride {SLICES_004['stride']}, no padding":
                dict(noverlap=n_fft - SLICES_004["stride"], boundary=None, padded=False)}
    rows = []
    for name, kwargs in framings.items():
        row = dict(framing=name)
        for column, n in lengths.items():
            _, _, z = scipy.signal.stft(np.zeros(n), fs=sr, window="hann", nperseg=n_fft,
                                        **kwargs)  # the shape alone matters
            row[column] = f"{z.shape[0]} x {z.shape[1]}"
        rows.append(row)
    return pd.DataFrame(rows).set_index("framing")


def datasets_table(data: TourData) -> pd.DataFrame:
    """Every corpus at this scale: pieces, samples, seconds and channels per split."""
    rows = []
    for corpus in (data.lowpass, data.stereo, data.mini, data.full, data.pedal):
        for split, row in corpus.summary().iterrows():
            rows.append(dict(corpus=corpus.name, split=split, **row.to_dict()))
    k, sr4 = data.kicks, data.slices_cfg.sample_rate
    rows += [dict(corpus="drums_003_kicks", split="train", pieces=len(k.examples),
                  samples=k.examples.size, seconds=round(k.examples.size / k.sample_rate, 2),
                  channels=1),
             dict(corpus="drums_003_amen", split="train", pieces=1, samples=data.amen.audio.size,
                  seconds=round(data.amen.seconds, 2), channels=1),
             dict(corpus="slices_004", split="train", pieces=len(data.slices),
                  samples=data.slices.size, seconds=round(data.slices.size / sr4, 2), channels=1)]
    frame = pd.DataFrame(rows).astype({"pieces": int, "samples": int, "channels": int})
    return frame.set_index(["corpus", "split"])
