"""Controlled cases where MSE ranks two outputs against what a listener hears (the question
000 and 002 left open), and which measures order them the way the ear does.

Each case degrades a real target in one known way; each pair puts a degradation a listener
does not hear (or barely hears) against one they clearly do.
"""
from __future__ import annotations

import numpy as np

from . import effects, metrics
from .checks import check_audio, check_sample_rate
from .errors import ParameterError

__all__ = ["MEASURES", "degradations", "EAR_PAIRS", "measure_table", "agreement_table"]

# name -> function(prediction, target); lower is better for every one
MEASURES = {
    "MSE": metrics.mse,
    "ESR": metrics.esr,
    "ESR pre-emphasis": lambda p, t: metrics.esr(p, t, pre_emphasis_coefficient=0.85),
    "DC error": metrics.dc_error,
    "log-spectral distance dB": metrics.log_spectral_distance,
    "MR-STFT": metrics.mr_stft_distance,
}

# (heard as better, heard as worse, why)
EAR_PAIRS = (
    ("delayed 1 sample", "noise -40 dB",
     "a 23 us delay is inaudible; broadband hiss 40 dB down is audible in quiet passages"),
    ("polarity flipped", "noise -40 dB",
     "a polarity flip of a whole mono signal sounds identical; hiss does not"),
    ("delayed 1 sample", "high band removed",
     "the delay is inaudible; losing everything above 4 kHz dulls the sound"),
    ("polarity flipped", "high band removed",
     "the flip is inaudible; the missing top octaves are not"),
    ("cut-off 10 % off", "noise -40 dB",
     "a slightly mis-set filter is a small change of colour; hiss is an added sound"),
)


def degradations(dry, target, *, sample_rate, cutoff_hz=440.0, noise_db=-40.0,
                 high_band_hz=4000.0, seed=0):
    """Degraded copies of ``target`` (the 440 Hz high-pass of ``dry``), one known fault each.

    Returns
    -------
    dict of str -> np.ndarray
        ``delayed 1 sample``, ``polarity flipped``, ``noise -40 dB`` (white noise that
        many dB below the target's RMS), ``high band removed`` (8th-order lowpass at
        ``high_band_hz``), ``cut-off 10 % off`` (the effect at 1.1 x ``cutoff_hz``).
    """
    target = check_audio(target, allow_silent=False)
    dry = check_audio(dry)
    sample_rate = check_sample_rate(sample_rate)
    if target.ndim != 1 or dry.shape != target.shape:
        raise ParameterError(f"need mono dry and target of one shape, got {dry.shape} and "
                             f"{target.shape}")
    rms = float(np.sqrt(np.mean(target.astype(np.float64) ** 2)))
    noise = np.random.default_rng(seed).standard_normal(target.shape) * rms * 10 ** (noise_db / 20)
    lowpass = effects.butterworth_sos("lowpass", cutoff_hz=high_band_hz, sample_rate=sample_rate,
                                      order=8)
    import scipy.signal

    return {
        "delayed 1 sample": np.concatenate([[0.0], target[:-1]]).astype(np.float32),
        "polarity flipped": (-target).astype(np.float32),
        f"noise {noise_db:g} dB": (target + noise).astype(np.float32),
        "high band removed": scipy.signal.sosfilt(lowpass, target).astype(np.float32),
        "cut-off 10 % off": effects.highpass_eq(dry, sample_rate=sample_rate,
                                                cutoff_hz=1.1 * cutoff_hz).astype(np.float32),
    }


def measure_table(outputs, target, *, measures=None):
    """Every measure of every output against ``target``: a DataFrame, outputs x measures."""
    import pandas as pd

    measures = measures or MEASURES
    return pd.DataFrame({name: {m: float(f(out, target)) for m, f in measures.items()}
                         for name, out in outputs.items()}).T


def agreement_table(table, pairs=EAR_PAIRS):
    """For each ear pair, whether each measure scores the better-heard output lower.

    Returns
    -------
    pandas.DataFrame
        Rows ``"better < worse"``, columns the measures, values True/False; a last row
        ``agrees with the ear`` counts the pairs each measure gets right.
    """
    import pandas as pd

    rows = {}
    for better, worse, _ in pairs:
        if better not in table.index or worse not in table.index:
            raise ParameterError(f"pair ({better!r}, {worse!r}) is not in the table")
        rows[f"{better} < {worse}"] = table.loc[better] < table.loc[worse]
    frame = pd.DataFrame(rows).T.astype(object)
    frame.loc["agrees with the ear"] = frame.sum().astype(int).astype(str) + f" of {len(rows)}"
    return frame
