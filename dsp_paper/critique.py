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

__all__ = ["MEASURES", "degradations", "EAR_PAIRS", "controlled_cases", "measure_table",
           "agreement_table", "ear_agreement", "rank_table", "disputed_pairs", "disputed_players"]

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


def controlled_cases(dry, *, sample_rate, cutoff_hz=440.0, **options):
    """The 440 Hz high-pass of ``dry``, its :func:`degradations` and every measure of each.

    Parameters
    ----------
    dry : np.ndarray, shape (n,)
        Real mono material (piano, voice).
    **options
        Passed to :func:`degradations`.

    Returns
    -------
    target : np.ndarray, shape (n,)
    cases : dict of str -> np.ndarray
    table : pandas.DataFrame
        :func:`measure_table` of the cases against ``target``.

    Examples
    --------
    >>> import numpy as np
    >>> dry = np.random.default_rng(0).standard_normal(8192).astype(np.float32)
    >>> _, _, table = controlled_cases(dry, sample_rate=22050)
    >>> bool(table.loc["polarity flipped", "MSE"] > table.loc["noise -40 dB", "MSE"])
    True
    """
    dry = check_audio(dry, allow_silent=False)
    target = effects.highpass_eq(dry, sample_rate=check_sample_rate(sample_rate),
                                 cutoff_hz=cutoff_hz)
    cases = degradations(dry, target, sample_rate=sample_rate, cutoff_hz=cutoff_hz, **options)
    return target, cases, measure_table(cases, target)


def ear_agreement(tables, pairs=EAR_PAIRS):
    """How many ear pairs each measure orders as a listener does, per material and in all.

    Parameters
    ----------
    tables : dict of str -> pandas.DataFrame
        Material name -> :func:`measure_table` of its degradations.

    Returns
    -------
    pandas.DataFrame
        Rows: the materials and ``all``; columns: the measures (pairs ordered as the ear
        orders them) and ``pairs`` (how many were judged).
    """
    import pandas as pd

    counts = {}
    for name, table in tables.items():
        agree = agreement_table(table, pairs).iloc[:-1].astype(bool)
        counts[name] = {**agree.sum().astype(int).to_dict(), "pairs": len(agree)}
    frame = pd.DataFrame(counts).T
    frame.loc["all"] = frame.sum()
    return frame.astype(int)


def rank_table(table):
    """Each output's rank under each measure (1 = judged best; ties share the lower rank).

    Parameters
    ----------
    table : pandas.DataFrame
        Outputs x measures, lower is better (:func:`measure_table`).
    """
    return table.rank(method="min").astype(int)


def disputed_pairs(table, *, first="MSE", second="MR-STFT"):
    """Pairs of outputs that two measures order differently.

    Returns
    -------
    pandas.DataFrame
        One row per disputed pair, ``better by <first>`` and ``better by <second>``, each
        measure's ratio of the two outputs' values, and ``dispute`` (the product of the two
        ratios, taken above 1: how strongly they disagree). Most disputed first.
    """
    import itertools

    import pandas as pd

    for m in (first, second):
        if m not in table.columns:
            raise ParameterError(f"measure {m!r} is not in the table ({list(table.columns)})")
    rows = []
    for a, b in itertools.combinations(table.index, 2):
        da = table.loc[a, first] - table.loc[b, first]
        db = table.loc[a, second] - table.loc[b, second]
        if da * db < 0:
            ratio_first = table.loc[a, first] / table.loc[b, first]
            ratio_second = table.loc[a, second] / table.loc[b, second]
            rows.append({f"better by {first}": a if da < 0 else b,
                         f"better by {second}": a if db < 0 else b,
                         f"{first} ratio": max(ratio_first, 1 / ratio_first),
                         f"{second} ratio": max(ratio_second, 1 / ratio_second)})
    frame = pd.DataFrame(rows, columns=[f"better by {first}", f"better by {second}",
                                        f"{first} ratio", f"{second} ratio"])
    frame["dispute"] = frame[f"{first} ratio"] * frame[f"{second} ratio"]
    return frame.sort_values("dispute", ascending=False).reset_index(drop=True)


def disputed_players(disputed, outputs, target, *, sample_rate, shown=3, first="MSE",
                     second="MR-STFT", max_seconds=5.0):
    """Players for the ``shown`` most disputed pairs of :func:`disputed_pairs`: the target,
    the output ``first`` prefers and the one ``second`` prefers, so a listener can decide.

    Returns
    -------
    IPython.display.HTML
    """
    from IPython.display import HTML

    from .listening import players

    blocks = []
    for _, row in disputed.head(shown).iterrows():
        a, b = row[f"better by {first}"], row[f"better by {second}"]
        blocks.append(players({"target": target, f"{a} ({first} prefers)": outputs[a],
                               f"{b} ({second} prefers)": outputs[b]}, sample_rate,
                              max_seconds=max_seconds,
                              heading=f"{first} prefers {a}; {second} prefers {b}").data)
    return HTML("".join(blocks) or f"<i>{first} and {second} order every pair alike</i>")
