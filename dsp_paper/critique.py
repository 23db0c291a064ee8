"""Controlled cases that show how each measure treats a fault of phase against a fault of
magnitude (the question 000 and 002 left open), and where two measures disagree about
trained models.

Each case degrades a real target in one known way; each pair puts a degradation a listener
does not hear (or barely hears) against one they clearly do. Some pairs set an inaudible phase
fault against an audible magnitude fault (where measures of the waveform go wrong), others a
slight magnitude fault against an audible phase fault (where measures of the magnitude
spectrum go wrong), so that no measure orders every pair by construction. They demonstrate;
the claims about MSE are judged on trained models (:func:`decisive_disputes`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import functools

import numpy as np

from . import effects, metrics
from .checks import check_audio, check_sample_rate
from .errors import ParameterError
from .scales import Settings, by_scale

__all__ = ["MEASURES", "BAND_LSD", "LONG_TERM", "degradations", "EAR_PAIRS", "controlled_cases",
           "measure_table", "agreement_table", "ear_agreement", "rank_table", "disputed_pairs",
           "decisive_disputes", "disputed_players"]

# The MSE-trained conv net 07 compares with is 04's snapshot after ``conv_epochs`` (one of 04's
# snapshots at every scale); the streaming LSTM's spectral variants train on 05's segments for
# 05's epochs, with FFTs up to what a segment holds after its warm-up.
@dataclass(frozen=True, kw_only=True)
class CritiqueSettings(Settings):
    """Settings of notebook ``07_mse_critique`` at one scale."""

    section: ClassVar[str] = "07_mse_critique"
    seed: int
    conv_fft_sizes: tuple
    stream_fft_sizes: tuple
    esr_weight: float
    fir_taps: int
    disputed_shown: int
    piano_seconds: float
    voice_seconds: float | None
    conv_epochs: int


CRITIQUE = by_scale(
    CritiqueSettings,
    common=dict(seed=0, conv_fft_sizes=(256, 512, 1024), stream_fft_sizes=(128, 256, 512),
                esr_weight=1.0, fir_taps=1000, disputed_shown=3),
    smoke=dict(piano_seconds=2.0, voice_seconds=1.0, conv_epochs=1),
    quick=dict(piano_seconds=8.0, voice_seconds=None, conv_epochs=10),
    paper=dict(piano_seconds=8.0, voice_seconds=None, conv_epochs=200),
)
SETTINGS = {"07_mse_critique": CRITIQUE}


# name -> function(prediction, target); lower is better for every one
MEASURES = {
    "MSE": metrics.mse,
    "ESR": metrics.esr,
    "ESR pre-emphasis": lambda p, t: metrics.esr(p, t, pre_emphasis_coefficient=0.85),
    "DC error": metrics.dc_error,
    "log-spectral distance dB": metrics.log_spectral_distance,
    "MR-STFT": metrics.mr_stft_distance,
}
# Measures that need the sample rate and the band the material occupies (measure_table adds
# them when given both): the log-spectral distance over that band with a level floor, and
# the distance of the long-term spectra, which no phase and no timing can move.
BAND_LSD = "band-limited LSD dB"
LONG_TERM = "long-term spectrum dB"

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
    ("delayed 1 sample", "phase scrambled",
     "the delay is inaudible; with its phases scrambled the recording becomes noise of the "
     "same long-term spectrum"),
    ("cut-off 10 % off", "phase scrambled",
     "a small change of colour against a recording turned into coloured noise"),
    ("polarity flipped", "transients smeared",
     "the flip is inaudible; a 30 ms dispersion turns every attack into a chirp"),
    ("cut-off 10 % off", "transients smeared",
     "a small change of colour against chirping attacks"),
)


def _phase_scrambled(target, *, seed=0):
    """``target`` with the magnitude of its whole-signal spectrum kept exactly and every
    phase drawn at random: its long-term spectrum is untouched, its sound is noise."""
    spectrum = np.fft.rfft(target)
    phase = np.random.default_rng(seed).uniform(-np.pi, np.pi, spectrum.shape)
    phase[0] = 0.0
    if target.shape[-1] % 2 == 0:
        phase[-1] = 0.0
    return np.fft.irfft(np.abs(spectrum) * np.exp(1j * phase), target.shape[-1])


def _dispersed(target, *, sample_rate, spread_seconds=0.03):
    """``target`` through an all-pass whose group delay rises linearly from 0 at DC to
    ``spread_seconds`` at Nyquist: the magnitude spectrum is untouched, attacks become
    chirps."""
    n = target.shape[-1]
    pad = int(np.ceil(spread_seconds * sample_rate)) + 1
    spectrum = np.fft.rfft(np.concatenate([target, np.zeros(pad)]))
    f = np.fft.rfftfreq(n + pad, 1 / sample_rate)
    nyquist = sample_rate / 2
    phase = np.pi * spread_seconds * f ** 2 / nyquist  # d(phase)/d(2 pi f) = delay(f)
    return np.fft.irfft(spectrum * np.exp(-1j * phase), n + pad)[:n]


def degradations(dry, target, *, sample_rate, cutoff_hz=440.0, noise_db=-40.0,
                 high_band_hz=4000.0, spread_seconds=0.03, seed=0):
    """Degraded copies of ``target`` (the 440 Hz high-pass of ``dry``), one known fault each.

    Returns
    -------
    dict of str -> np.ndarray
        ``delayed 1 sample``, ``polarity flipped``, ``noise -40 dB`` (white noise that
        many dB below the target's RMS), ``high band removed`` (8th-order lowpass at
        ``high_band_hz``), ``cut-off 10 % off`` (the effect at 1.1 x ``cutoff_hz``),
        ``phase scrambled`` (STFT magnitudes kept, phases random) and ``transients smeared``
        (an all-pass dispersing the band over ``spread_seconds``).
    """
    target = check_audio(target, allow_silent=False)
    dry = check_audio(dry)
    sample_rate = check_sample_rate(sample_rate)
    if target.ndim != 1 or dry.shape != target.shape:
        raise ParameterError(f"need mono dry and target of one shape, got {dry.shape} and "
                             f"{target.shape}")
    t64 = target.astype(np.float64)
    rms = float(np.sqrt(np.mean(t64 ** 2)))
    noise = np.random.default_rng(seed).standard_normal(target.shape) * rms * 10 ** (noise_db / 20)
    lowpass = effects.butterworth_sos("lowpass", cutoff_hz=high_band_hz, sample_rate=sample_rate,
                                      order=8)
    import scipy.signal

    cases = {
        "delayed 1 sample": np.concatenate([[0.0], t64[:-1]]),
        "polarity flipped": -t64,
        f"noise {noise_db:g} dB": t64 + noise,
        "high band removed": scipy.signal.sosfilt(lowpass, t64),
        "cut-off 10 % off": effects.highpass_eq(dry, sample_rate=sample_rate,
                                                cutoff_hz=1.1 * cutoff_hz),
        "phase scrambled": _phase_scrambled(t64, seed=seed),
        "transients smeared": _dispersed(t64, sample_rate=sample_rate,
                                         spread_seconds=spread_seconds),
    }
    return {k: np.asarray(v, np.float32) for k, v in cases.items()}


def measure_table(outputs, target, *, measures=None, sample_rate=None, band=None,
                  floor_db=-60.0):
    """Every measure of every output against ``target``: a DataFrame, outputs x measures.

    With ``sample_rate`` and ``band`` (Hz), :data:`BAND_LSD` and :data:`LONG_TERM` join
    the measures: the log-spectral distance and the long-term spectrum distance over that
    band, levels below ``floor_db`` relative to the target's peak raised to it.
    """
    import pandas as pd

    measures = dict(measures or MEASURES)
    if band is not None:
        measures[BAND_LSD] = functools.partial(metrics.log_spectral_distance,
                                               sample_rate=sample_rate, band=band,
                                               floor_db=floor_db)
        measures[LONG_TERM] = functools.partial(metrics.long_term_spectrum_distance,
                                                sample_rate=sample_rate, band=band,
                                                floor_db=floor_db)
    return pd.DataFrame({name: {m: float(f(out, target)) for m, f in measures.items()}
                         for name, out in outputs.items()}).T


# A measure orders a pair only by a clear margin: 1 dB (an energy ratio of 1.26, or 1 dB on a
# measure in dB). Closer values are a tie, and so are two values both at rounding level
# (below 1e-9, such as every case's DC error).
TIE_DB = 1.0
ROUNDING_LEVEL = 1e-9


def _order(a, b, measure):
    """"right" if ``a`` is clearly below ``b``, "wrong" if clearly above, else "tie"."""
    if measure.endswith("dB"):
        gap = b - a
    elif max(a, b) < ROUNDING_LEVEL:
        return "tie"
    else:
        gap = 10 * np.log10(max(b, ROUNDING_LEVEL) / max(a, ROUNDING_LEVEL))
    return "right" if gap >= TIE_DB else "wrong" if gap <= -TIE_DB else "tie"


def agreement_table(table, pairs=EAR_PAIRS):
    """For each ear pair, whether each measure scores the better-heard output clearly lower.

    Returns
    -------
    pandas.DataFrame
        Rows ``"better < worse"``, columns the measures, values ``"right"``, ``"wrong"`` or
        ``"tie"`` (the two within 1 dB, :data:`TIE_DB`); a last row ``agrees with the ear``
        counts the pairs each measure gets right.
    """
    import pandas as pd

    rows = {}
    for better, worse, _ in pairs:
        if better not in table.index or worse not in table.index:
            raise ParameterError(f"pair ({better!r}, {worse!r}) is not in the table")
        rows[f"{better} < {worse}"] = {m: _order(table.loc[better, m], table.loc[worse, m], m)
                                       for m in table.columns}
    frame = pd.DataFrame(rows).T
    frame.loc["agrees with the ear"] = [f"{int((frame[m] == 'right').sum())} of {len(rows)}"
                                        for m in frame.columns]
    return frame


def controlled_cases(dry, *, sample_rate, cutoff_hz=440.0, band=None, **options):
    """The 440 Hz high-pass of ``dry``, its :func:`degradations` and every measure of each.

    Parameters
    ----------
    dry : np.ndarray, shape (n,)
        Real mono material (piano, voice).
    band : (float, float), optional
        The band the material occupies (Hz): adds the measures that need it
        (:func:`measure_table`).
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
    return target, cases, measure_table(cases, target, sample_rate=sample_rate, band=band)


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
        orders them, by a clear margin) and ``pairs`` (how many were judged).
    """
    import pandas as pd

    counts = {}
    for name, table in tables.items():
        agree = agreement_table(table, pairs).iloc[:-1] == "right"
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


def decisive_disputes(table, *, mse_margin_db, lsd_margin_db, first="MSE", second=BAND_LSD):
    """Pairs of outputs that MSE and a log-spectral distance (dB) order oppositely, each by at
    least its margin: MSE by a ratio of ``10 ** (mse_margin_db / 10)``, the distance by
    ``lsd_margin_db`` dB. Smaller gaps on either side are ties, not disputes.

    Returns
    -------
    pandas.DataFrame
        One row per decisive dispute: ``better by <first>``, ``better by <second>``, the MSE
        gap in dB and the distance gap in dB.
    """
    import itertools

    import pandas as pd

    for m in (first, second):
        if m not in table.columns:
            raise ParameterError(f"measure {m!r} is not in the table ({list(table.columns)})")
    rows = []
    for a, b in itertools.combinations(table.index, 2):
        mse_gap = 10 * np.log10(table.loc[b, first] / table.loc[a, first])  # > 0: MSE prefers a
        lsd_gap = table.loc[b, second] - table.loc[a, second]  # > 0: the distance prefers a
        if mse_gap * lsd_gap < 0 and abs(mse_gap) >= mse_margin_db and abs(lsd_gap) >= lsd_margin_db:
            rows.append({f"better by {first}": a if mse_gap > 0 else b,
                         f"better by {second}": a if lsd_gap > 0 else b,
                         f"{first} gap dB": abs(mse_gap), f"{second} gap": abs(lsd_gap)})
    return pd.DataFrame(rows, columns=[f"better by {first}", f"better by {second}",
                                       f"{first} gap dB", f"{second} gap"])


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
