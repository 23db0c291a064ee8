"""Controlled cases that show how each measure treats a fault of phase against a fault of
magnitude (the question 000 and 002 left open), and where two measures disagree about
trained models.

Each case degrades a real target in one known way; each pair puts a degradation a listener
does not hear (or barely hears) against one they clearly do. Some pairs set an inaudible phase
fault against an audible magnitude fault (where measures of the waveform go wrong), others a
slight magnitude fault against an audible phase fault (where measures of the magnitude
spectrum go wrong), so that no measure orders every pair by construction. They demonstrate;
the claims about MSE are judged on trained models (:func:`decisive_disputes`).

Notebook ``07_mse_critique`` runs, in order: :func:`controlled_study` (the demonstration),
:func:`rejudge_lowpass` and :func:`rejudge_highpass` (the outputs of 03-05 measured again),
:func:`spectral_conv` and :func:`spectral_streaming` (the spectral loss both documents named as
future work), :func:`least_squares_floor` (the closed-form FIR every learned model of a linear
effect is compared with), :func:`record` (what the claims C0.6c and C2.4b are judged on),
:func:`differences` and :func:`what_it_means`. The trained models of 03-05 come from the
training functions of :mod:`~dsp_paper.studies.dense_baselines.experiment` and :mod:`~dsp_paper.studies.recurrent_eq.experiment`
with their settings and checkpoint names, so a finished run is reused, never retrained.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import functools

import numpy as np

from dsp_paper import effects, material, metrics
from dsp_paper.nn import losses
from dsp_paper.checks import check_audio, check_sample_rate
from dsp_paper.errors import ParameterError
from dsp_paper.study.settings import Settings, by_scale
from dsp_paper.studies import scale_config

__all__ = [
    # settings and constants
    "CritiqueSettings", "CRITIQUE", "SETTINGS", "MEASURES", "BAND_LSD", "LONG_TERM", "MOS_LQO",
    "RANKED_MEASURES", "EAR_PAIRS", "TIE_DB", "TIE_MOS", "ROUNDING_LEVEL", "CLIP_SECONDS",
    "THESIS_GRU_EPOCHS_SHOWN", "PIANO", "VOICE", "CLIPS", "LIMIT_FAMILIES", "PRE_ECHO_SECONDS",
    "SATURATED_WITHIN",
    "LOWPASS_POOL",
    # controlled cases
    "degradations", "controlled_cases", "measure_table", "preference_gap", "agreement_table",
    "ear_agreement", "ear_pairs_frame", "ControlledStudy", "controlled_study", "case_clips",
    # the perceptual judge's limits
    "limit_cases", "steps_told_apart", "LimitsStudy", "perceptual_limits", "limits_clips",
    "limits_figure",
    "limits_text",
    # the outputs of 03-05 re-judged
    "rank_table", "disputed_pairs", "decisive_disputes", "perceptual_disputes", "dispute_clips",
    "dispute_figure", "LowpassRejudged", "rejudge_lowpass", "HighpassRejudged", "rejudge_highpass",
    "rank_agreement", "rank_pools", "rank_agreement_table", "rank_agreement_summary",
    "rank_agreement_figure",
    # spectral losses, the floor, claims
    "SPECTRAL_LOSSES", "planned_work",
    "SpectralConv", "spectral_conv", "SpectralStreaming", "spectral_streaming",
    "spectral_change", "Floor", "least_squares_floor", "record",
    # figures and text
    "controlled_cases_figure", "voice_spectra_figure", "floor_figure", "differences",
    "what_it_means", "results",
]

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
    time_limits: dict


# At paper 07's own trainings (the spectral-loss variants) stop at a cap on their training
# time (``time_limits``, seconds per run), as 03-05's do, so that it fits in minutes on one GPU.
CRITIQUE = by_scale(
    CritiqueSettings,
    common=dict(seed=0, conv_fft_sizes=(256, 512, 1024), stream_fft_sizes=(128, 256, 512),
                esr_weight=1.0, fir_taps=1000, disputed_shown=3,
                time_limits={}),
    smoke=dict(piano_seconds=2.0, voice_seconds=1.0, conv_epochs=1),
    quick=dict(piano_seconds=8.0, voice_seconds=None, conv_epochs=10),
    paper=dict(piano_seconds=8.0, voice_seconds=None, conv_epochs=200,
               time_limits={"conv_tied_mrstft": 40.0, "conv_tied_mrstft_esr": 40.0,
                            "streaming_mrstft": 10.0, "streaming_mrstft_esr": 10.0}),
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
# ViSQOL's objective estimate of perceived quality (measure_table adds it when given the
# sample rate): the one measure here on which higher is better.
MOS_LQO = "MOS-LQO"
# The signal measures whose order of a set of outputs is compared with MOS-LQO's (ESR orders
# the outputs of one target exactly as MSE does).
RANKED_MEASURES = ("ESR", "ESR pre-emphasis", "log-spectral distance dB", BAND_LSD, "MR-STFT")

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


def degradations(dry, target, *, sample_rate, cutoff_hz=440.0, order=2, noise_db=-40.0,
                 high_band_hz=4000.0, spread_seconds=0.03, seed=0):
    """Degraded copies of ``target`` (the high-pass of ``dry`` at ``cutoff_hz``, Butterworth
    of ``order``, 002's effect), one known fault each.

    Parameters
    ----------
    dry, target : np.ndarray, shape (n,)
        Mono float audio at ``sample_rate`` (Hz).
    cutoff_hz : float
        The effect's cut-off (Hz); ``cut-off 10 % off`` sets it 10 % higher.
    order : int
        The effect's Butterworth order.
    noise_db : float
        Level of the added white noise relative to the target's RMS (dB).
    high_band_hz : float
        Cut-off of the lowpass that removes the top band (Hz).
    spread_seconds : float
        Group delay at Nyquist of the dispersing all-pass (s).
    seed : int
        The noise and the scrambled phases.

    Returns
    -------
    dict of str -> np.ndarray
        ``delayed 1 sample``, ``polarity flipped``, ``noise -40 dB`` (white noise that
        many dB below the target's RMS), ``high band removed`` (8th-order lowpass at
        ``high_band_hz``), ``cut-off 10 % off`` (the effect at 1.1 x ``cutoff_hz``),
        ``phase scrambled`` (the whole signal's magnitude spectrum kept, every phase random) and ``transients smeared``
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
                                                cutoff_hz=1.1 * cutoff_hz, order=order),
        "phase scrambled": _phase_scrambled(t64, seed=seed),
        "transients smeared": _dispersed(t64, sample_rate=sample_rate,
                                         spread_seconds=spread_seconds),
    }
    return {k: np.asarray(v, np.float32) for k, v in cases.items()}


def measure_table(outputs, target, *, measures=None, sample_rate=None, band=None,
                  floor_db=-60.0, perceptual=True):
    """Every measure of every output against ``target``: a DataFrame, outputs x measures.

    With ``sample_rate`` and ``band`` (Hz), :data:`BAND_LSD` and :data:`LONG_TERM` join
    the measures: the log-spectral distance and the long-term spectrum distance over that
    band, levels below ``floor_db`` relative to the target's peak raised to it. With
    ``sample_rate`` and ``perceptual``, :data:`MOS_LQO` joins them too (ViSQOL's
    :func:`~dsp_paper.metrics.mos_lqo_or_nan`: NaN for clips it cannot judge); it is the
    only column on which higher is better.
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
    if sample_rate is not None and perceptual:
        measures[MOS_LQO] = functools.partial(metrics.mos_lqo_or_nan, sample_rate=sample_rate)
    return pd.DataFrame({name: {m: float(f(out, target)) for m, f in measures.items()}
                         for name, out in outputs.items()}).T


# A measure orders a pair only by a clear margin: 1 dB (an energy ratio of 1.26, or 1 dB on a
# measure in dB), half a point of MOS-LQO (the perceptual claims' margin). Closer values are
# a tie, and so are two values both at rounding level (below 1e-9, such as every case's DC
# error).
TIE_DB = 1.0
TIE_MOS = 0.5
ROUNDING_LEVEL = 1e-9


def preference_gap(a, b, measure):
    """How strongly ``measure`` prefers the output scoring ``a`` to the one scoring ``b``:
    positive when ``a`` is judged better. In dB for :data:`MOS_LQO`'s points (a - b), a
    measure in dB (b - a) and an energy ratio (10 log10 b/a, both floored at
    :data:`ROUNDING_LEVEL`); NaN where either value is."""
    if np.isnan(a) or np.isnan(b):
        return float("nan")
    if measure == MOS_LQO:
        return float(a - b)
    if measure.endswith("dB"):
        return float(b - a)
    return float(10 * np.log10(max(b, ROUNDING_LEVEL) / max(a, ROUNDING_LEVEL)))


def _order(a, b, measure):
    """"right" if ``a`` is clearly judged better than ``b``, "wrong" if clearly worse, "n/a"
    if either could not be judged, else "tie"."""
    if measure != MOS_LQO and not measure.endswith("dB") and max(a, b) < ROUNDING_LEVEL:
        return "tie"
    gap = preference_gap(a, b, measure)
    if np.isnan(gap):
        return "n/a"
    margin = TIE_MOS if measure == MOS_LQO else TIE_DB
    return "right" if gap >= margin else "wrong" if gap <= -margin else "tie"


def agreement_table(table, pairs=EAR_PAIRS):
    """For each ear pair, whether each measure scores the better-heard output clearly lower.

    Returns
    -------
    pandas.DataFrame
        Rows ``"better < worse"``, columns the measures, values ``"right"``, ``"wrong"`` or
        ``"tie"`` (the two within 1 dB, :data:`TIE_DB`, or half a point of MOS-LQO,
        :data:`TIE_MOS`); a last row ``agrees with the ear`` counts the pairs each measure
        gets right.
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


def controlled_cases(dry, *, sample_rate, cutoff_hz=440.0, order=2, band=None, floor_db=-60.0,
                     **options):
    """The high-pass of ``dry`` (``cutoff_hz``, Butterworth of ``order``), its
    :func:`degradations` and every measure of each.

    Parameters
    ----------
    dry : np.ndarray, shape (n,)
        Real mono material (piano, voice).
    band : (float, float), optional
        The band the material occupies (Hz): adds the measures that need it
        (:func:`measure_table`).
    floor_db : float
        Their level floor, relative to the target's peak (dB).
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
                                 cutoff_hz=cutoff_hz, order=order)
    cases = degradations(dry, target, sample_rate=sample_rate, cutoff_hz=cutoff_hz, order=order,
                         **options)
    return target, cases, measure_table(cases, target, sample_rate=sample_rate, band=band,
                                        floor_db=floor_db)


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
    """Each output's rank under each measure (1 = judged best; ties share the lower rank;
    outputs a measure could not judge last).

    Parameters
    ----------
    table : pandas.DataFrame
        Outputs x measures (:func:`measure_table`): lower is better, but for
        :data:`MOS_LQO`.
    """
    import pandas as pd

    return pd.DataFrame({m: table[m].rank(method="min", ascending=m != MOS_LQO,
                                          na_option="bottom").astype(int)
                         for m in table.columns})


def rank_agreement(tables, *, measures=RANKED_MEASURES, reference=MOS_LQO):
    """Kendall's tau between each measure's order of a set of outputs and ``reference``'s.

    Parameters
    ----------
    tables : dict of hashable -> pandas.DataFrame
        A name (a pool of outputs, a seed) -> :func:`measure_table` of those outputs.
    measures : sequence of str
        The columns compared with ``reference``.

    Returns
    -------
    pandas.DataFrame
        One row per table: ``outputs`` (those ``reference`` could judge) and, per measure,
        tau oriented so that 1 is the same order (each judging its best first), -1 the
        reverse and 0 no relation; NaN with fewer than three outputs. Computed with
        :func:`scipy.stats.kendalltau` (tau-b, ties counted).
    """
    import pandas as pd
    import scipy.stats

    rows = {}
    for key, table in tables.items():
        missing = [m for m in (*measures, reference) if m not in table.columns]
        if missing:
            raise ParameterError(f"measures {missing} are not in the table ({list(table.columns)})")
        judged = table[table[reference].notna()]
        # scores on which lower is better, so that agreeing measures correlate positively
        badness = lambda m: -judged[m] if m == MOS_LQO else judged[m]
        row = {"outputs": len(judged)}
        for m in measures:
            row[m] = (float(scipy.stats.kendalltau(badness(m), badness(reference)).statistic)
                      if len(judged) >= 3 else float("nan"))
        rows[key] = row
    frame = pd.DataFrame(rows).T
    frame["outputs"] = frame["outputs"].astype(int)
    return frame


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


def decisive_disputes(table, *, mse_margin_db, second_margin, first="MSE", second=BAND_LSD):
    """Pairs of outputs that MSE and a second measure order oppositely, each by at least its
    margin: MSE by a ratio of ``10 ** (mse_margin_db / 10)``, the second by ``second_margin``
    (dB for a measure in dB, points for :data:`MOS_LQO`; :func:`preference_gap`). Smaller gaps
    on either side are ties, not disputes; outputs a measure could not judge take no part.

    Returns
    -------
    pandas.DataFrame
        One row per decisive dispute: ``better by <first>``, ``better by <second>``, the MSE
        gap in dB and the second measure's gap, largest disputes (the smaller of the two
        gaps, each over its margin) first.
    """
    import itertools

    import pandas as pd

    for m in (first, second):
        if m not in table.columns:
            raise ParameterError(f"measure {m!r} is not in the table ({list(table.columns)})")
    rows = []
    for a, b in itertools.combinations(table.index, 2):
        # > 0: that measure prefers a
        first_gap = preference_gap(table.loc[a, first], table.loc[b, first], first)
        second_gap = preference_gap(table.loc[a, second], table.loc[b, second], second)
        if (first_gap * second_gap < 0 and abs(first_gap) >= mse_margin_db
                and abs(second_gap) >= second_margin):
            rows.append({f"better by {first}": a if first_gap > 0 else b,
                         f"better by {second}": a if second_gap > 0 else b,
                         f"{first} gap dB": abs(first_gap), f"{second} gap": abs(second_gap),
                         "_strength": min(abs(first_gap) / max(mse_margin_db, 1e-12),
                                          abs(second_gap) / max(second_margin, 1e-12))})
    frame = pd.DataFrame(rows, columns=[f"better by {first}", f"better by {second}",
                                        f"{first} gap dB", f"{second} gap", "_strength"])
    return (frame.sort_values("_strength", ascending=False, kind="stable")
            .drop(columns="_strength").reset_index(drop=True))


def perceptual_disputes(table, *, margins=True):
    """:func:`decisive_disputes` of MSE against :data:`MOS_LQO` with claim C0.6d's margins
    (``margins=False``: every pair the two order oppositely, however slightly).

    Returns
    -------
    pandas.DataFrame
        Columns ``better by MSE``, ``better by MOS-LQO``, ``MSE gap dB``, ``MOS-LQO gap``
        (points).
    """
    settings = _claim_settings("C0.6d")
    scale_ = 1.0 if margins else 0.0
    return decisive_disputes(table, mse_margin_db=scale_ * settings["mse_margin_db"],
                             second_margin=scale_ * settings["mos_margin"], second=MOS_LQO)


def dispute_clips(disputed, outputs, target, *, shown, first="MSE", second=BAND_LSD):
    """The clips a listener needs to settle the ``shown`` first pairs of a dispute table.

    Parameters
    ----------
    disputed : pandas.DataFrame
        :func:`disputed_pairs` or :func:`decisive_disputes`: columns ``better by <first>``
        and ``better by <second>``.
    outputs : dict of str -> np.ndarray, shape (n,)
        Every output the table names.
    target : np.ndarray, shape (n,)
    shown : int
        How many pairs, from the top.

    Returns
    -------
    clips : dict of str -> np.ndarray
        ``target`` and each output of those pairs once.
    what : dict of str -> str
        Each clip's description: which measure prefers it to which other output.
    """
    preferred = {}
    for _, row in disputed.head(shown).iterrows():
        a, b = row[f"better by {first}"], row[f"better by {second}"]
        preferred.setdefault(a, []).append(f"{first} prefers it to {b}")
        preferred.setdefault(b, []).append(f"{second} prefers it to {a}")
    missing = sorted(set(preferred) - set(outputs))
    if missing:
        raise ParameterError(f"the dispute table names outputs that are not given: {missing}")
    clips = {"target": target, **{name: outputs[name] for name in preferred}}
    what = {"target": "the reference every output is measured against",
            **{name: "; ".join(why) for name, why in preferred.items()}}
    return clips, what


def dispute_figure(clips, what, *, sample_rate, title=""):
    """Spectrograms of :func:`dispute_clips`' clips, each titled with the measure that prefers
    it, on a log-frequency axis with a colourbar (dB relative to each panel's peak).

    Parameters
    ----------
    clips, what : dict
        :func:`dispute_clips`.
    sample_rate : int
        Hz.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import textwrap

    from dsp_paper.plotting import spectrogram

    fig = spectrogram(clips, sample_rate, title=title)
    panels = fig.axes[:len(clips)]
    for ax, name in zip(panels, clips):
        ax.set_title("\n".join(textwrap.wrap(f"{name}: {what[name]}", 44)), fontsize=8)
        ax.set_xlabel("time (s)")
    panels[0].set_ylabel("frequency (Hz, log scale)")
    for ax in panels[1:]:
        ax.set_ylabel("")
    fig.axes[-1].set_ylabel("level re each panel's peak (dB)")
    if title:
        fig.suptitle(title, y=1.12)  # above the two-line panel titles
    return fig


# ------------------------------------------------------------------ what 07 runs on

#: Seconds of each published clip: the voice's controlled cases (the target and seven faults)
#: and the disputed outputs (the target and the outputs of at most ``disputed_shown`` pairs),
#: under 3 MB of FLAC in all at quick.
CLIP_SECONDS = 3.0
#: 002's Fig. 16 shows "the last 3000 epochs" of the GRU's training: it trained for more.
THESIS_GRU_EPOCHS_SHOWN = 3000
PIANO = "piano"
#: The parts of 05's validation audio (:func:`dsp_paper.studies.recurrent_eq.experiment.recurrent_validation`).
VOICE, CLIPS = "voice (validation 2)", "clips (validation 1)"
_CONV_BASELINE, _STREAM_BASELINE = "MSE (04)", "ESR + DC (05)"
_SPECTRAL_VARIANTS = ("MR-STFT", "MR-STFT + ESR")
_FIR = "least-squares FIR"
# What the floor, the spectral change and the closing text compare.
_COMPARED = ("ESR", BAND_LSD, "MR-STFT")
_CASE_WHAT = {
    "delayed 1 sample": "the target one sample late: inaudible",
    "polarity flipped": "the target upside down: sounds identical",
    "noise -40 dB": "the target plus white noise 40 dB below its RMS: hiss in quiet passages",
    "high band removed": "the target without its top band: duller",
    "cut-off 10 % off": "the effect with its cut-off 10 % too high: a slight change of colour",
    "phase scrambled": "the target's long-term spectrum with random phases: coloured noise",
    "transients smeared": "the target through a 30 ms dispersing all-pass: attacks chirp",
}


def _claim_settings(claim_id):
    from dsp_paper.studies.mse_critique import CLAIMS

    return {c.id: c for c in CLAIMS}[claim_id].settings


def _bands():
    """The bands (Hz) the claims' spectral measures use: piano (C0.6c) and voice (C2.4b)."""
    dispute, spectral = _claim_settings("C0.6c"), _claim_settings("C2.4b")
    return tuple(dispute["band_hz"]), tuple(spectral["voice_band_hz"])


def _slug(name):
    """``"MR-STFT + ESR"`` -> ``"mrstft_esr"``: the checkpoint names of the spectral variants."""
    return name.lower().replace(" + ", "_").replace("-", "")


def _provenance(run):
    """Whether a finished run was found (by an earlier notebook or run) or trained just now."""
    return "reused" if run.resumed_from and run.resumed_from == len(run.log.epoch) \
        else "trained here"


def _voice(cfg, sample_rate):
    audio = material.voice(sample_rate=sample_rate).audio
    return audio if cfg.voice_seconds is None else audio[:int(cfg.voice_seconds * sample_rate)]


def _concat(tables, names):
    import pandas as pd

    return pd.concat(tables, names=names)


# ------------------------------------------------------------------ 1. controlled cases

def ear_pairs_frame(pairs=EAR_PAIRS):
    """:data:`EAR_PAIRS` as a table: ``heard as better``, ``heard as worse``, ``why``."""
    import pandas as pd

    return pd.DataFrame(pairs, columns=["heard as better", "heard as worse", "why"])


@dataclass(frozen=True)
class ControlledStudy:
    """The controlled cases of real piano and voice (:func:`controlled_study`).

    Attributes
    ----------
    sample_rate : int
        Hz.
    targets : dict of str -> np.ndarray, shape (n,)
        Material -> the high-passed material.
    cases : dict of str -> dict of str -> np.ndarray
        Material -> case -> degraded target.
    tables : dict of str -> pandas.DataFrame
        Material -> :func:`measure_table` of its cases.
    """

    sample_rate: int
    targets: dict
    cases: dict
    tables: dict

    @property
    def table(self):
        """Every measure of every case: rows (material, case)."""
        return _concat(self.tables, ["material", "output"])

    @property
    def agreement(self):
        """:func:`agreement_table` of each material: rows (material, pair)."""
        return _concat({name: agreement_table(t) for name, t in self.tables.items()},
                       ["material", "pair"])

    @property
    def ear(self):
        """:func:`ear_agreement`: pairs each measure orders as the ear does, per material."""
        return ear_agreement(self.tables)


def controlled_study(cfg):
    """Real piano and voice through 002's high-pass, each with its :func:`degradations`,
    measured by every measure over the band each material occupies.

    Parameters
    ----------
    cfg : CritiqueSettings
        ``piano_seconds`` and ``voice_seconds`` (None: the whole voice) say how much.

    Returns
    -------
    ControlledStudy
    """
    hp = scale_config("highpass_002", cfg.scale)
    sr = hp.sample_rate
    piano_band, voice_band = _bands()
    floor_db = _claim_settings("C2.4b")["floor_db"]
    dry = {PIANO: (material.piano(sample_rate=sr, seconds=cfg.piano_seconds).audio[0], piano_band),
           "voice": (_voice(cfg, sr), voice_band)}  # the piano's left channel, as 000's tracks
    targets, cases, tables = {}, {}, {}
    for name, (audio, band) in dry.items():
        targets[name], cases[name], tables[name] = controlled_cases(
            audio, sample_rate=sr, cutoff_hz=hp.cutoff_hz, order=hp.order, band=band,
            floor_db=floor_db)
    return ControlledStudy(sr, targets, cases, tables)


def case_clips(study, *, material="voice"):
    """One material's target and its controlled cases, for :meth:`NotebookRun.players`.

    Returns
    -------
    clips : dict of str -> np.ndarray
    what : dict of str -> str
    """
    cases = study.cases[material]
    return ({"target": study.targets[material], **cases},
            {"target": f"the {material} through 002's high-pass",
             **{k: _CASE_WHAT.get(k, k) for k in cases}})


# ------------------------------------------------------------------ 1b. the perceptual judge's limits

# family -> (what the setting is, its unit, the settings from mildest to harshest). Every
# step of a family is a fault a listener hears as at least as bad as the step before; a
# measure that tells two steps apart orders them by a clear margin (TIE_DB, TIE_MOS).
LIMIT_FAMILIES = {
    "level change": ("gain", "dB", (-0.5, -1.0, -3.0, -6.0)),
    "added noise": ("white noise re the RMS", "dB", (-50.0, -40.0, -30.0, -20.0)),
    "harmonic distortion": ("cubic distortion re the RMS", "dB", (-50.0, -40.0, -30.0, -20.0)),
    "pre-echo": ("a copy 10 ms early, re the signal", "dB", (-40.0, -30.0, -20.0, -10.0)),
    "transients smeared": ("all-pass dispersion at Nyquist", "ms", (5.0, 10.0, 20.0, 40.0)),
}
PRE_ECHO_SECONDS = 0.01
# A case this close to identical audio's MOS-LQO is at the top of ViSQOL's scale.
SATURATED_WITHIN = 0.05


def _harmonic(target, level_db):
    """``target`` plus its cube's part orthogonal to it (odd harmonics and intermodulation,
    as a soft clipper adds), scaled to ``level_db`` below the target's RMS: the ESR of the
    result is exactly that level."""
    cube = target ** 3
    residual = cube - (np.dot(cube, target) / np.dot(target, target)) * target
    scale_ = np.sqrt(np.mean(target ** 2) / max(np.mean(residual ** 2), 1e-30))
    return target + residual * scale_ * 10 ** (level_db / 20)


def limit_cases(target, *, sample_rate, seed=0):
    """``target`` degraded by each family of :data:`LIMIT_FAMILIES` at each of its settings.

    Parameters
    ----------
    target : np.ndarray, shape (n,)
        Real mono audio.
    sample_rate : int
        Hz.
    seed : int
        The noise.

    Returns
    -------
    dict of str -> dict of float -> np.ndarray
        Family -> setting -> degraded copy, shape (n,), float32.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_normal(4000)
    >>> cases = limit_cases(x, sample_rate=8000)
    >>> round(float(np.mean(cases["level change"][-6.0] / x)), 3)
    0.501
    """
    target = check_audio(target, allow_silent=False).astype(np.float64)
    sample_rate = check_sample_rate(sample_rate)
    if target.ndim != 1:
        raise ParameterError(f"need mono audio, got shape {target.shape}")
    rms = float(np.sqrt(np.mean(target ** 2)))
    noise = np.random.default_rng(seed).standard_normal(target.shape) * rms
    lead = int(round(PRE_ECHO_SECONDS * sample_rate))
    early = np.concatenate([target[lead:], np.zeros(lead)])
    make = {
        "level change": lambda v: target * 10 ** (v / 20),
        "added noise": lambda v: target + noise * 10 ** (v / 20),
        "harmonic distortion": lambda v: _harmonic(target, v),
        "pre-echo": lambda v: target + early * 10 ** (v / 20),
        "transients smeared": lambda v: _dispersed(target, sample_rate=sample_rate,
                                                   spread_seconds=v / 1000),
    }
    return {family: {v: np.asarray(make[family](v), np.float32) for v in settings}
            for family, (_, _, settings) in LIMIT_FAMILIES.items()}


def steps_told_apart(table):
    """For each family, how many of its steps (each setting against the next harsher one)
    each measure orders as harsher-is-worse by a clear margin.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows (family, setting) in :data:`LIMIT_FAMILIES`' order, columns the measures.

    Returns
    -------
    pandas.DataFrame
        Rows the families, columns the measures and ``steps`` (how many were judged), ints.
    """
    import pandas as pd

    rows = {}
    for family in table.index.get_level_values(0).unique():
        part = table.loc[family]
        pairs = list(zip(part.index[:-1], part.index[1:]))
        rows[family] = {m: sum(_order(part.loc[a, m], part.loc[b, m], m) == "right"
                               for a, b in pairs) for m in table.columns}
        rows[family]["steps"] = len(pairs)
    return pd.DataFrame(rows).T.astype(int)


@dataclass(frozen=True)
class LimitsStudy:
    """:func:`limit_cases` of the controlled study's targets, every measure of each.

    Attributes
    ----------
    sample_rate : int
    cases : dict of str -> dict of str -> dict of float -> np.ndarray
        Material -> family -> setting -> degraded target.
    tables : dict of str -> pandas.DataFrame
        Material -> rows (family, setting), every measure.
    """

    sample_rate: int
    cases: dict
    tables: dict

    @property
    def table(self):
        return _concat(self.tables, ["material", "family", "setting"])

    @property
    def told_apart(self):
        """:func:`steps_told_apart` summed over the materials."""
        return sum(steps_told_apart(t) for t in self.tables.values())


def perceptual_limits(study):
    """Where each measure, ViSQOL's MOS-LQO among them, is blind or saturates: the targets of
    the controlled ``study`` through every :data:`LIMIT_FAMILIES` family at every setting.

    Parameters
    ----------
    study : ControlledStudy

    Returns
    -------
    LimitsStudy
    """
    import pandas as pd

    piano_band, voice_band = _bands()
    bands = {PIANO: piano_band, "voice": voice_band}
    floor_db = _claim_settings("C2.4b")["floor_db"]
    cases, tables = {}, {}
    for name, target in study.targets.items():
        cases[name] = limit_cases(target, sample_rate=study.sample_rate)
        tables[name] = pd.concat(
            {family: measure_table({v: a for v, a in settings.items()}, target,
                                   sample_rate=study.sample_rate, band=bands.get(name, voice_band),
                                   floor_db=floor_db)
             for family, settings in cases[name].items()}, names=["family", "setting"])
    return LimitsStudy(study.sample_rate, cases, tables)


def limits_clips(limits, study, *, material="voice"):
    """One material's target and the harshest setting of each limit family, for players.

    Returns
    -------
    clips : dict of str -> np.ndarray
    what : dict of str -> str
        Each clip's MOS-LQO and ESR.
    """
    table = limits.tables[material]
    clips, what = {"target": study.targets[material]}, {"target": f"the {material} through "
                                                                  "002's high-pass"}
    for family, (label, unit, settings) in LIMIT_FAMILIES.items():
        name = f"{family}, {settings[-1]:g} {unit}"
        clips[name] = limits.cases[material][family][settings[-1]]
        row = table.loc[(family, settings[-1])]
        what[name] = f"{label}: MOS-LQO {row[MOS_LQO]:.2f}, ESR {row['ESR']:.3g}"
    return clips, what


def limits_figure(limits):
    """Each limit family's settings against MOS-LQO (top row) and against ESR and the
    band-limited LSD, both in dB (bottom row); one line per material.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import textwrap

    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    families = list(LIMIT_FAMILIES)
    fig, axes = plt.subplots(2, len(families), figsize=(3.2 * len(families) + 1, 6.4),
                             sharey="row", squeeze=False, constrained_layout=True)
    styles = dict(zip(limits.tables, ("-", "--", ":", "-.")))
    for c, family in enumerate(families):
        what, unit, settings = LIMIT_FAMILIES[family]
        for name, table in limits.tables.items():
            part = table.loc[family]
            x = np.arange(len(part))
            axes[0, c].plot(x, part[MOS_LQO], "o", ls=styles[name], color="C2")
            axes[1, c].plot(x, 10 * np.log10(np.maximum(part["ESR"], 1e-30)), "o",
                            ls=styles[name], color="C0")
            axes[1, c].plot(x, part[BAND_LSD], "s", ls=styles[name], color="C1")
        for ax in axes[:, c]:
            ax.set_xticks(range(len(settings)), [f"{v:g}" for v in settings])
            ax.grid(True, alpha=0.3)
        axes[0, c].axhline(metrics.VISQOL_IDENTICAL, color="0.5", ls=":", lw=1)
        axes[0, c].set_title(family, fontsize=10)
        axes[1, c].set_xlabel("\n".join(textwrap.wrap(f"{what} ({unit}), harsher to the right",
                                                      34)), fontsize=8)
    axes[0, 0].set_ylabel("MOS-LQO (higher is better)")
    axes[1, 0].set_ylabel("ESR or band-limited LSD (dB, lower is better)")
    handles = ([Line2D([], [], color="C2", marker="o", label="MOS-LQO"),
                Line2D([], [], color="C0", marker="o", label="ESR (10·log10)"),
                Line2D([], [], color="C1", marker="s", label=BAND_LSD),
                Line2D([], [], color="0.5", ls=":", label=f"MOS-LQO of identical audio "
                                                          f"({metrics.VISQOL_IDENTICAL:.2f})")]
               + [Line2D([], [], color="k", ls=ls, label=name) for name, ls in styles.items()])
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=8,
               frameon=False)
    fig.suptitle("where each judge is blind or saturates: known faults at rising severity")
    return fig


def _span(values):
    values = [float(v) for v in values]
    return f"{min(values):.2f}" if np.ptp(values) < 0.005 else f"{min(values):.2f}-{max(values):.2f}"


def limits_text(limits, study):
    """What the limit cases show of ViSQOL against the signal measures, from the numbers:
    one line per family, then one sentence each on what MOS-LQO can and cannot stand in for
    (with the ear pairs of the controlled ``study``).

    Returns
    -------
    str
        Markdown.
    """
    told = limits.told_apart
    lines = []
    for family, (what, unit, settings) in LIMIT_FAMILIES.items():
        mos = {name: t.loc[family, MOS_LQO] for name, t in limits.tables.items()}
        scores = "; ".join(f"{name} {_span(m.iloc[:1])} at {settings[0]:g} {unit}, "
                           f"{_span(m.iloc[-1:])} at {settings[-1]:g} {unit}"
                           for name, m in mos.items())
        row = told.loc[family]
        lines.append(f"- *{family}* ({what}, {settings[0]:g} to {settings[-1]:g} {unit}): "
                     f"MOS-LQO {scores}. Steps told apart (of {row['steps']}, both materials): "
                     f"MOS-LQO {row[MOS_LQO]}, ESR {row['ESR']}, "
                     f"ESR pre-emphasis {row['ESR pre-emphasis']}, {BAND_LSD} {row[BAND_LSD]}, "
                     f"MR-STFT {row['MR-STFT']}.")
    share = told[MOS_LQO] / told["steps"]
    partly = [f"{f} ({told.loc[f, MOS_LQO]} of {told.loc[f, 'steps']})"
              for f in told.index if share[f] >= 0.5]
    blind = [f for f in told.index if share[f] <= 0.25]
    ear = study.ear.loc["all"]
    scores = np.concatenate([t[MOS_LQO].to_numpy(dtype=float) for t in limits.tables.values()])
    saturated = int(np.sum(scores >= metrics.VISQOL_IDENTICAL - SATURATED_WITHIN))
    agreement = study.agreement[MOS_LQO]
    missed = sorted({pair.replace(" < ", " against ") for (_, pair), v in agreement.items()
                     if v != "right" and pair != "agrees with the ear"})
    can = (f"**What MOS-LQO can stand in for:** a listener's order of faults that add a sound "
           f"or take bandwidth away; it kept {ear[MOS_LQO]} of the {ear['pairs']} ear pairs "
           "above" + (f" (not {'; '.join(missed)})" if missed else "")
           + (f" and told apart the steps of {_names(partly)}" if partly else "") + ".")
    cannot = (f"**What it cannot:** {_names(blind)}, of which it told at most one step in four "
              f"apart; {saturated} of the {scores.size} cases here scored within "
              f"{SATURATED_WITHIN:g} of identical audio's {metrics.VISQOL_IDENTICAL:.2f}, and "
              "it was fitted to listeners' scores of codec-like degradations, not of effect "
              "emulations, so where it disagrees with the signal measures on a model it is one "
              "more estimate, not a listener." if blind else
              f"**What it cannot:** {saturated} of the {scores.size} cases here scored within "
              f"{SATURATED_WITHIN:g} of identical audio's {metrics.VISQOL_IDENTICAL:.2f}, and "
              "it was fitted to codec-like degradations, not to effect emulations.")
    return "\n".join(lines) + "\n\n" + can + " " + cannot


# ------------------------------------------------------------------ 2. outputs re-judged

@dataclass(frozen=True)
class LowpassRejudged:
    """000's nets (03's dense, 04's tied conv) on the test piano, every measure, every seed.

    Attributes
    ----------
    seeds : tuple of int
    corpus : EffectCorpus
        000's corpus (``lowpass_corpus``).
    outputs : dict of int -> dict of str -> np.ndarray
        Seed -> ``"dense linear, epoch 20"`` ... -> output on the test piano, shape (n,).
    tables : dict of int -> pandas.DataFrame
        Seed -> :func:`measure_table` of its outputs.
    decisive : dict of int -> pandas.DataFrame
        Seed -> :func:`decisive_disputes` (the evidence of C0.6c).
    provenance : dict of str -> str
        Model -> ``"reused"`` or ``"trained here"``.
    conv_runs : dict of int -> TrainingResult
        Seed -> 04's tied conv net.
    conv_data : tuple
        04's training windows (``conv_data``).
    block : int
        04's test block (samples).
    """

    seeds: tuple
    corpus: object
    outputs: dict
    tables: dict
    decisive: dict
    provenance: dict
    conv_runs: dict
    conv_data: tuple
    block: int

    @property
    def sample_rate(self):
        return self.corpus.sample_rate

    @property
    def test(self):
        return self.corpus.split("test")

    @property
    def target(self):
        """The lowpassed test piano, shape (n,)."""
        return self.test[0].target

    @property
    def table(self):
        """Every seed's measures: rows (seed, output)."""
        return _concat(self.tables, ["seed", "output"])

    @property
    def decisive_table(self):
        """Every seed's decisive disputes: rows (seed, pair)."""
        return _concat(self.decisive, ["seed", "pair"])

    def ranked(self, seed=None):
        """One seed's values beside their ranks (1 = best); the first seed by default."""
        import pandas as pd

        table = self.tables[self.seeds[0] if seed is None else seed]
        return pd.concat({"value": table, "rank (1 = best)": rank_table(table)}, axis=1)

    @property
    def disputed(self):
        """The first seed's pairs that MSE and :data:`BAND_LSD` order differently at all."""
        return disputed_pairs(self.tables[self.seeds[0]], second=BAND_LSD)

    @property
    def correlation(self):
        """The first seed's Spearman rank correlation of MSE with every measure (one row)."""
        table = self.tables[self.seeds[0]]
        return table.corr(method="spearman")["MSE"].to_frame("rank correlation with MSE").T

    def clips(self, *, shown):
        """:func:`dispute_clips` of the first seed's decisive disputes (its closest
        disagreements when it has none)."""
        seed = self.seeds[0]
        disputes = self.decisive[seed] if len(self.decisive[seed]) else self.disputed
        return dispute_clips(disputes, self.outputs[seed], self.target, shown=shown)

    @property
    def perceptual(self):
        """Seed -> :func:`perceptual_disputes` of its outputs (the evidence of C0.6d)."""
        return {seed: perceptual_disputes(t) for seed, t in self.tables.items()}

    @property
    def perceptual_table(self):
        """Every seed's perceptual disputes: rows (seed, pair)."""
        return _concat(self.perceptual, ["seed", "pair"])

    def perceptual_clips(self, *, shown):
        """:func:`dispute_clips` of the first seed's perceptual disputes (every pair MSE and
        MOS-LQO order oppositely, however slightly, when it has none)."""
        seed = self.seeds[0]
        disputes = self.perceptual[seed]
        if not len(disputes):
            disputes = perceptual_disputes(self.tables[seed], margins=False)
        return dispute_clips(disputes, self.outputs[seed], self.target, shown=shown,
                             second=MOS_LQO)

    def provenance_line(self):
        return "models: " + ", ".join(f"{k} {v}" for k, v in self.provenance.items())


def rejudge_lowpass(cfg, *, seeds, progress=False):
    """03's dense nets and 04's tied conv net, each seed, on the test piano in 000's
    back-to-back blocks, measured again; a finished training is reused.

    Parameters
    ----------
    cfg : CritiqueSettings
        ``conv_epochs``: the conv snapshot compared (with 04's last).
    seeds : sequence of int
    progress : bool
        Show training progress.

    Returns
    -------
    LowpassRejudged
    """
    from dsp_paper.studies.dense_baselines import experiment as doc
    from dsp_paper.nn.runs import snapshot_outputs

    dispute = _claim_settings("C0.6c")
    corpus = doc.lowpass_corpus(cfg.scale)
    c03, c04 = scale_config("03_dense_baselines", cfg.scale), scale_config("04_conv_tied", cfg.scale)
    test = corpus.split("test")
    block = int(c04.test_block_seconds * corpus.sample_rate)
    conv_epochs = sorted({cfg.conv_epochs, max(c04.snapshots)})
    dense_data, conv_data = doc.dense_data(corpus, c03), doc.conv_data(corpus, c04)
    outputs, provenance, conv_runs = {}, {}, {}
    for seed in seeds:
        outputs[seed] = {}
        for label in doc.DENSE_ACTIVATIONS:
            run = doc.train_dense(label, c03, dense_data, seed=seed, progress=progress)
            provenance[f"dense {label}, seed {seed}"] = _provenance(run)
            for epoch, out in snapshot_outputs(run, test, block=c03.window, batch_size=256).items():
                outputs[seed][f"dense {label}, epoch {epoch}"] = out[0]
        conv_runs[seed] = doc.train_conv("conv_tied", c04, conv_data, seed=seed,
                                         snapshots=c04.snapshots, progress=progress)
        provenance[f"tied conv net, seed {seed}"] = _provenance(conv_runs[seed])
        for epoch, out in snapshot_outputs(conv_runs[seed], test, block=block, batch_size=16,
                                           epochs=conv_epochs).items():
            outputs[seed][f"conv, epoch {epoch}"] = out[0]
    tables = {seed: measure_table(out, test[0].target, sample_rate=corpus.sample_rate,
                                  band=tuple(dispute["band_hz"]), floor_db=dispute["floor_db"])
              for seed, out in outputs.items()}
    decisive = {seed: decisive_disputes(t, mse_margin_db=dispute["mse_margin_db"],
                                        second_margin=dispute["lsd_margin_db"])
                for seed, t in tables.items()}
    return LowpassRejudged(tuple(seeds), corpus, outputs, tables, decisive, provenance,
                           conv_runs, conv_data, block)


@dataclass(frozen=True)
class HighpassRejudged:
    """002's networks (05's four many-to-one models of the first seed and its streaming LSTM)
    on 05's validation audio, every measure.

    Attributes
    ----------
    settings : Settings
        ``scale_config("05_recurrent_eq", scale)``.
    mini : EffectCorpus
        002's "miniaudio" corpus.
    parts : dict of str -> Pair
        :data:`VOICE` and :data:`CLIPS`.
    validation : Pair
        The parts end to end; ``starts`` says where each begins.
    starts : dict of str -> int
    runs : dict of str -> TrainingResult
        The thesis's four networks (first seed).
    stream_runs : dict of int -> TrainingResult
        Seed -> 05's streaming LSTM (ESR + DC).
    stream_data, stream_validation : tuple
        05's segments (``streaming_data``).
    outputs : dict of str -> np.ndarray, shape (validation.n_samples,)
        Model -> output (the streaming LSTM of the first seed).
    tables : dict of str -> pandas.DataFrame
        Part -> :func:`measure_table` of the outputs over that part.
    """

    settings: object
    mini: object
    parts: dict
    validation: object
    starts: dict
    runs: dict
    stream_runs: dict
    stream_data: tuple
    stream_validation: tuple
    outputs: dict
    tables: dict

    @property
    def sample_rate(self):
        return self.mini.sample_rate

    def section(self, audio, part):
        """The stretch of ``audio`` (shape (validation.n_samples,)) that covers ``part``."""
        return audio[self.starts[part]:self.starts[part] + self.parts[part].n_samples]

    @property
    def table(self):
        """Values beside ranks, rows (part, output)."""
        import pandas as pd

        return pd.concat({part: pd.concat({"value": t, "rank": rank_table(t)}, axis=1)
                          for part, t in self.tables.items()}, names=["part", "output"])

    @property
    def disputed(self):
        """Part -> :func:`disputed_pairs` of MSE and :data:`BAND_LSD`."""
        return {part: disputed_pairs(t, second=BAND_LSD) for part, t in self.tables.items()}

    @property
    def disputed_table(self):
        return _concat(self.disputed, ["part", "pair"])

    def clips(self, *, shown, part=VOICE):
        """:func:`dispute_clips` of the ``shown`` most disputed pairs over ``part``."""
        return dispute_clips(self.disputed[part],
                             {n: self.section(o, part) for n, o in self.outputs.items()},
                             self.parts[part].target, shown=shown)

    @property
    def perceptual(self):
        """Part -> every pair MSE and MOS-LQO order oppositely, however slightly
        (:func:`perceptual_disputes` without margins), most decisive first."""
        return {part: perceptual_disputes(t, margins=False) for part, t in self.tables.items()}

    @property
    def perceptual_table(self):
        return _concat(self.perceptual, ["part", "pair"])

    def perceptual_clips(self, *, shown, part=VOICE):
        """:func:`dispute_clips` of the ``shown`` pairs MSE and MOS-LQO dispute most over
        ``part``."""
        return dispute_clips(self.perceptual[part],
                             {n: self.section(o, part) for n, o in self.outputs.items()},
                             self.parts[part].target, shown=shown, second=MOS_LQO)

    def provenance_line(self):
        runs = {**self.runs, **{f"streaming LSTM, seed {s}": r for s, r in self.stream_runs.items()}}
        return "models: " + ", ".join(f"{k} {_provenance(r)}" for k, r in runs.items())


def rejudge_highpass(cfg, *, seeds, progress=False):
    """05's models trained (or reused) with 05's settings and measured again on the voice
    and on the clips of 05's validation audio.

    Parameters
    ----------
    cfg : CritiqueSettings
    seeds : sequence of int
        The streaming LSTM trains once per seed; the thesis's networks for the first.
    progress : bool

    Returns
    -------
    HighpassRejudged
    """
    from dsp_paper.studies.recurrent_eq import experiment as doc

    c05 = scale_config("05_recurrent_eq", cfg.scale)
    piano_band, voice_band = _bands()
    floor_db = _claim_settings("C2.4b")["floor_db"]
    mini = doc.highpass_corpus(cfg.scale, variant="mini")
    full = doc.highpass_corpus(cfg.scale, variant="full")
    parts, validation, starts = doc.recurrent_validation(mini, c05)
    runs = doc.train_thesis_models(c05, mini, full, validation, seed=seeds[0], progress=progress)
    stream_data, stream_validation = doc.streaming_data(mini, validation, c05)
    stream_runs = {seed: doc.train_streaming_model(c05, stream_data, stream_validation, seed=seed,
                                                   progress=progress) for seed in seeds}
    outputs = doc.recurrent_outputs(runs, stream_runs[seeds[0]].model, validation, parts)
    bands = {VOICE: voice_band, CLIPS: piano_band}
    out = HighpassRejudged(c05, mini, parts, validation, starts, runs, stream_runs, stream_data,
                           stream_validation, outputs, {})
    for part, pair in parts.items():
        out.tables[part] = measure_table({n: out.section(o, part) for n, o in outputs.items()},
                                         pair.target, sample_rate=mini.sample_rate,
                                         band=bands[part], floor_db=floor_db)
    return out


# ------------------------------------------------------------------ 2b. rank agreement

LOWPASS_POOL = "03's and 04's nets, test piano"


def rank_pools(lowpass, highpass):
    """The sets of outputs whose orders are compared (:func:`rank_agreement`).

    Returns
    -------
    dict of (str, int) -> pandas.DataFrame
        (pool, seed) -> measure table: 000's nets on the test piano for every seed, and 05's
        networks on each part of its validation audio (the first seed, the only one at which
        05 runs every network).
    """
    pools = {(LOWPASS_POOL, seed): t for seed, t in lowpass.tables.items()}
    pools.update({(f"05's networks, {part}", lowpass.seeds[0]): t
                  for part, t in highpass.tables.items()})
    return pools


def rank_agreement_table(lowpass, highpass):
    """:func:`rank_agreement` of every pool of :func:`rank_pools`: rows (pool, seed)."""
    frame = rank_agreement(rank_pools(lowpass, highpass))
    frame.index.names = ["pool", "seed"]
    return frame


def rank_agreement_summary(agreement):
    """Per pool, the mean of each measure's tau over the seeds, and its lowest and highest
    (the spread): columns ``<measure> mean``, ``<measure> lowest``, ``<measure> highest``
    and ``seeds``."""
    import pandas as pd

    grouped = agreement.drop(columns="outputs").groupby(level="pool", sort=False)
    stats = {"mean": grouped.mean(), "lowest": grouped.min(), "highest": grouped.max()}
    frame = pd.DataFrame({f"{m} {stat}": stats[stat][m]
                          for m in agreement.columns.drop("outputs") for stat in stats})
    frame["seeds"] = grouped.size()
    return frame


def rank_agreement_figure(agreement):
    """Kendall's tau of each signal measure against MOS-LQO, one dot per pool and seed.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    measures = list(agreement.columns.drop("outputs"))
    pools = list(dict.fromkeys(agreement.index.get_level_values("pool")))
    fig, ax = plt.subplots(figsize=(9.5, 4.6), constrained_layout=True)
    width = 0.7 / max(len(pools), 1)
    for k, pool in enumerate(pools):
        part = agreement.xs(pool, level="pool")
        x = np.arange(len(measures)) - 0.35 + (k + 0.5) * width
        for _, row in part.iterrows():
            ax.scatter(x, row[measures].to_numpy(dtype=float), color=f"C{k}", s=30, zorder=3)
        ax.scatter([], [], color=f"C{k}", label=f"{pool} ({len(part)} seed"
                                                f"{'s' if len(part) > 1 else ''}, "
                                                f"{int(part['outputs'].iloc[0])} outputs)")
    ax.axhline(0, color="0.4", lw=1)
    ax.axhline(1, color="0.4", lw=1, ls=":")
    ax.set_xticks(range(len(measures)), measures, rotation=20, ha="right", fontsize=9)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("Kendall's tau with MOS-LQO\n(1 = the same order)")
    ax.set_xlabel("signal measure")
    ax.grid(True, axis="y", alpha=0.3)
    ax.set_title("do the signal measures order the models as ViSQOL does?", fontsize=10)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", fontsize=8,
               frameon=False)
    return fig


# ------------------------------------------------------------------ 3. spectral losses

def _epochs(n):
    return f"{n} epoch" + ("" if n == 1 else "s")


def _summary(runs):
    return "\n".join(f"{key}: {_epochs(len(r.log.epoch))} in {r.log.seconds[-1]:.0f} s "
                     f"({_provenance(r)})" for key, r in runs.items())


@dataclass(frozen=True)
class SpectralConv:
    """000's tied conv net trained on MSE (04) and on the MR-STFT losses (first seed).

    Attributes
    ----------
    seed, epochs : int
    sample_rate : int
    cutoff_hz : float
        000's lowpass cut-off (Hz).
    runs : dict of str -> TrainingResult
        ``"MSE (04)"``, ``"MR-STFT"``, ``"MR-STFT + ESR"``.
    targets : dict of str -> np.ndarray
        ``piano`` (the test piano) and ``voice`` (the voice through 000's lowpass).
    outputs : dict of str -> dict of str -> np.ndarray
        Loss -> material -> output at ``epochs``.
    table : pandas.DataFrame
        Rows (material, loss): every measure.
    """

    seed: int
    epochs: int
    sample_rate: int
    cutoff_hz: float
    runs: dict
    targets: dict
    outputs: dict
    table: object

    def summary(self):
        """One line per spectral-loss training: epochs, seconds, reused or trained."""
        return _summary({f"conv, {n}": r for n, r in self.runs.items() if n != _CONV_BASELINE})

    def clips(self, material_="voice"):
        """The target and every variant's output on ``material_``, for players."""
        return {"target": self.targets[material_],
                **{f"trained on {n}": o[material_] for n, o in self.outputs.items()}}


# The spectral losses 07 retrains with: alone, and with ESR.
SPECTRAL_LOSSES = ("MR-STFT", "MR-STFT + ESR")


def _spectral_conv_run(cfg, name, conv_data, *, seed, progress):
    """04's tied conv net trained on the spectral loss ``name`` (:data:`SPECTRAL_LOSSES`)."""
    from dsp_paper.studies.dense_baselines import experiment as doc

    loss = losses.mr_stft_loss(fft_sizes=cfg.conv_fft_sizes,
                               esr_weight=cfg.esr_weight if "ESR" in name else 0.0)
    slug = f"conv_tied_{_slug(name)}"
    return doc.train_conv(slug, scale_config("04_conv_tied", cfg.scale), conv_data, seed=seed,
                          epochs=cfg.conv_epochs, snapshots=(cfg.conv_epochs,), loss=loss,
                          time_limit=cfg.time_limit(slug), progress=progress)


def _spectral_stream_run(cfg, name, data, validation, *, seed, progress):
    """05's streaming LSTM trained on the spectral loss ``name`` (with ESR + DC as 05's)."""
    from dsp_paper.studies.recurrent_eq import experiment as doc

    c05 = scale_config("05_recurrent_eq", cfg.scale)
    extra = dict(esr_weight=cfg.esr_weight, pre_emphasis=c05.pre_emphasis,
                 dc_weight=c05.dc_weight) if "ESR" in name else {}
    loss = losses.mr_stft_loss(fft_sizes=cfg.stream_fft_sizes, warmup=c05.stream_warmup,
                               **extra)
    slug = f"streaming_{_slug(name)}"
    return doc.train_streaming_model(c05, data, validation, seed=seed, loss=loss, name=slug,
                                     time_limit=cfg.time_limit(slug), progress=progress)


def planned_work(notebook, scale):
    """What ``07_mse_critique`` trains and runs at ``scale``, for :mod:`dsp_paper.study.estimate`:
    03's, 04's and 05's trainings that it re-judges (reused after those notebooks), 05's
    many-to-one outputs (kept in the cache after 05), and its own spectral-loss variants."""
    from dsp_paper.studies.dense_baselines import experiment as doc000_lowpass
    from dsp_paper.studies.recurrent_eq import experiment as doc002_recurrent_eq
    from dsp_paper.nn import probe
    from dsp_paper.study.settings import seeds

    cfg, count = scale_config("07_mse_critique", scale), len(seeds(scale))
    corpus = doc000_lowpass.lowpass_corpus(scale)
    c03, c04 = scale_config("03_dense_baselines", scale), scale_config("04_conv_tied", scale)
    conv_data = doc000_lowpass.conv_data(corpus, c04)
    with probe.runs(count):
        for label in doc000_lowpass.DENSE_ACTIVATIONS:
            doc000_lowpass.train_dense(label, c03, doc000_lowpass.dense_data(corpus, c03),
                                       progress=False)
        doc000_lowpass.train_conv("conv_tied", c04, conv_data, snapshots=c04.snapshots,
                                  progress=False)
    _spectral_conv_run(cfg, "MR-STFT", conv_data, seed=0, progress=False)
    _spectral_conv_run(cfg, "MR-STFT + ESR", conv_data, seed=0, progress=False)
    c05 = scale_config("05_recurrent_eq", scale)
    mini = doc002_recurrent_eq.highpass_corpus(scale, variant="mini")
    full = doc002_recurrent_eq.highpass_corpus(scale, variant="full")
    _, validation, _ = doc002_recurrent_eq.recurrent_validation(mini, c05)
    runs = doc002_recurrent_eq.train_thesis_models(c05, mini, full, validation, progress=False)
    doc002_recurrent_eq.planned_outputs(runs, validation, lstm_runs=1)
    data, val = doc002_recurrent_eq.streaming_data(mini, validation, c05)
    _spectral_stream_run(cfg, "MR-STFT", data, val, seed=0, progress=False)
    with probe.runs(count):
        doc002_recurrent_eq.train_streaming_model(c05, data, val, progress=False)
        _spectral_stream_run(cfg, "MR-STFT + ESR", data, val, seed=0, progress=False)


def spectral_conv(cfg, lowpass, *, progress=False):
    """04's tied conv net of the first seed retrained on the MR-STFT loss, alone and with ESR,
    for ``cfg.conv_epochs`` on 04's windows, against 04's MSE snapshot at the same epoch, on
    the test piano and on the voice through 000's lowpass.

    Parameters
    ----------
    cfg : CritiqueSettings
        ``conv_fft_sizes``, ``esr_weight``, ``conv_epochs``.
    lowpass : LowpassRejudged

    Returns
    -------
    SpectralConv
    """
    from dsp_paper.studies.dense_baselines import experiment as doc
    from dsp_paper.audio_io import normalise
    from dsp_paper.nn.runs import snapshot_outputs
    from dsp_paper.windowing import Pair

    lp, c04 = scale_config("lowpass_000", cfg.scale), scale_config("04_conv_tied", cfg.scale)
    sr, seed = lowpass.sample_rate, lowpass.seeds[0]
    piano_band, voice_band = _bands()
    dry = normalise(_voice(cfg, sr), peak=lp.level)
    voice = Pair(dry, effects.lowpass(dry, sample_rate=sr, cutoff_hz=lp.cutoff_hz, order=lp.order))
    runs = {_CONV_BASELINE: lowpass.conv_runs[seed],
            **{name: _spectral_conv_run(cfg, name, lowpass.conv_data, seed=seed,
                                        progress=progress) for name in SPECTRAL_LOSSES}}
    pieces = {PIANO: lowpass.test, "voice": [voice]}
    outputs = {name: {m: snapshot_outputs(run, p, block=lowpass.block, batch_size=16,
                                          epochs=[cfg.conv_epochs])[cfg.conv_epochs][0]
                      for m, p in pieces.items()} for name, run in runs.items()}
    targets = {PIANO: lowpass.target, "voice": voice.target}
    bands = {PIANO: piano_band, "voice": voice_band}
    table = _concat({m: measure_table({n: o[m] for n, o in outputs.items()}, targets[m],
                                      sample_rate=sr, band=bands[m]) for m in targets},
                    ["material", f"conv net, {_epochs(cfg.conv_epochs)}, trained on"])
    return SpectralConv(seed, cfg.conv_epochs, sr, lp.cutoff_hz, runs, targets, outputs, table)


@dataclass(frozen=True)
class SpectralStreaming:
    """05's streaming LSTM trained on ESR + DC (05) and on the MR-STFT losses.

    Attributes
    ----------
    seeds : tuple of int
    epochs, sample_rate : int
    cutoff_hz : float
        002's high-pass cut-off (Hz).
    runs : dict of (str, int) -> TrainingResult
        (loss, seed): ``"ESR + DC (05)"`` and ``"MR-STFT + ESR"`` for every seed,
        ``"MR-STFT"`` for the first.
    pairs : dict of str -> Pair
        ``voice`` (validation 2, whole) and ``clips`` (validation 1, whole).
    outputs : dict of (str, int) -> dict of str -> np.ndarray
        (loss, seed) -> material -> output of the compiled streaming kernel.
    table : pandas.DataFrame
        Rows (material, ``"<loss>, seed <s>"``): every measure.
    """

    seeds: tuple
    epochs: int
    sample_rate: int
    cutoff_hz: float
    runs: dict
    pairs: dict
    outputs: dict
    table: object

    def summary(self):
        """One line per spectral-loss training: epochs, seconds, reused or trained."""
        return _summary({f"streaming LSTM, {n}, seed {s}": r for (n, s), r in self.runs.items()
                         if n != _STREAM_BASELINE})

    def clips(self, material_="voice", *, seed=None):
        """The target and every variant's output of one seed (the first by default)."""
        seed = self.seeds[0] if seed is None else seed
        return {"target": self.pairs[material_].target,
                **{f"trained on {n}": o[material_] for (n, s), o in self.outputs.items()
                   if s == seed}}


def spectral_streaming(cfg, highpass, *, seeds, progress=False):
    """05's streaming LSTM retrained on the MR-STFT loss: with ESR (pre-emphasised, + DC)
    once per seed, alone for the first seed (a demonstration), on 05's segments for 05's
    epochs, and every variant run over the whole voice and the whole clips.

    Parameters
    ----------
    cfg : CritiqueSettings
        ``stream_fft_sizes``, ``esr_weight``.
    highpass : HighpassRejudged
    seeds : sequence of int

    Returns
    -------
    SpectralStreaming
    """
    from dsp_paper.studies.recurrent_eq import experiment as doc
    from dsp_paper.nn.streaming import StreamingLSTM

    c05 = highpass.settings
    hp = scale_config("highpass_002", cfg.scale)
    piano_band, voice_band = _bands()
    runs = {(_STREAM_BASELINE, s): r for s, r in highpass.stream_runs.items()}
    for seed in seeds:
        for name in SPECTRAL_LOSSES:
            if name == "MR-STFT" and seed != seeds[0]:
                continue  # a demonstration: no claim rests on the spectral term alone
            runs[name, seed] = _spectral_stream_run(cfg, name, highpass.stream_data,
                                                    highpass.stream_validation, seed=seed,
                                                    progress=progress)
    pairs = {"voice": highpass.mini.split("validation2")[0],
             "clips": highpass.mini.split("validation1")[0]}
    bands = {"voice": voice_band, "clips": piano_band}
    outputs = {key: {m: StreamingLSTM.from_keras(run.model).process_file(p.input)
                     for m, p in pairs.items()} for key, run in runs.items()}
    table = _concat({m: measure_table({f"{n}, seed {s}": o[m] for (n, s), o in outputs.items()},
                                      p.target, sample_rate=highpass.sample_rate, band=bands[m])
                     for m, p in pairs.items()}, ["material", "streaming LSTM trained on"])
    return SpectralStreaming(tuple(seeds), c05.stream_epochs, highpass.sample_rate,
                             hp.cutoff_hz, runs, pairs, outputs, table)


def spectral_change(conv, stream):
    """Each spectral-loss model's ESR, band-limited LSD and MR-STFT divided by its baseline's:
    the conv net's by 04's MSE-trained net, the streaming LSTM's by 05's ESR + DC model of
    the same seed (below 1 is better), and its MOS-LQO minus the baseline's (above 0 is
    better), where the tables have it.

    Returns
    -------
    pandas.DataFrame
        Rows (network, trained on, material, seed), columns ``ESR``, :data:`BAND_LSD`,
        ``MR-STFT`` and ``MOS-LQO difference``.
    """
    import pandas as pd

    compared = list(_COMPARED)

    def versus(table, variant, baseline):
        row = table.loc[variant, compared] / table.loc[baseline, compared]
        if MOS_LQO in table.columns:
            row[f"{MOS_LQO} difference"] = table.loc[variant, MOS_LQO] - table.loc[baseline, MOS_LQO]
        return row

    change = {}
    for variant in _SPECTRAL_VARIANTS:
        for material_ in conv.targets:
            change["conv net", variant, material_, conv.seed] = versus(
                conv.table, (material_, variant), (material_, _CONV_BASELINE))
    for variant, seed in stream.runs:
        if variant == _STREAM_BASELINE:
            continue
        for material_ in stream.pairs:
            change["streaming LSTM", variant, material_, seed] = versus(
                stream.table, (material_, f"{variant}, seed {seed}"),
                (material_, f"{_STREAM_BASELINE}, seed {seed}"))
    frame = pd.DataFrame(change).T
    frame.index.names = ["network", "trained on", "material", "seed"]
    return frame


# ------------------------------------------------------------------ 4. the floor

@dataclass(frozen=True)
class Floor:
    """Every model of a linear effect beside the least-squares FIR fitted to its training data.

    Attributes
    ----------
    taps : int
        The FIR every ratio is taken against.
    tables : dict of str -> pandas.DataFrame
        Effect (``"lowpass, piano"``, ``"high-pass, voice"``) -> :func:`measure_table` of its
        models and FIRs.
    titles : dict of str -> str
        Effect -> a title naming the effect's settings.
    """

    taps: int
    tables: dict
    titles: dict

    @property
    def name(self):
        """The row of the FIR the ratios are taken against."""
        return f"{_FIR}, {self.taps} taps"

    @property
    def table(self):
        return _concat(self.tables, ["effect", "output"])

    @property
    def ratios(self):
        """ESR, band-limited LSD and MR-STFT of every row divided by the FIR's (above 1: worse
        than the filter); rows (effect, output)."""
        compared = list(_COMPARED)
        return _concat({e: t[compared] / t.loc[self.name, compared] for e, t in self.tables.items()},
                       ["effect", "output"])


def least_squares_floor(cfg, *, lowpass, highpass, conv, stream):
    """The closed-form least-squares FIR of ``cfg.fir_taps`` (and, for the high-pass, one as
    long as the many-to-one LSTM's window) fitted on each effect's training data, measured
    with every learned model of 03-05 and 07 on the test piano and on the voice.

    Returns
    -------
    Floor
    """
    from dsp_paper.studies.recurrent_eq import experiment as doc
    from dsp_paper.nn.evaluation import evaluate_fir
    from dsp_paper.fir import apply_fir, least_squares_fir

    piano_band, voice_band = _bands()
    lp, hp = scale_config("lowpass_000", cfg.scale), scale_config("highpass_002", cfg.scale)
    seed = lowpass.seeds[0]
    _, fir_test, _ = evaluate_fir(lowpass.corpus, taps=cfg.fir_taps)
    lowpass_all = {**lowpass.outputs[seed],
                   **{f"conv, {_epochs(conv.epochs)}, {n}": o[PIANO]
                      for n, o in conv.outputs.items() if n != _CONV_BASELINE},
                   f"{_FIR}, {cfg.fir_taps} taps": fir_test[0]}
    firs = {f"{_FIR}, {taps} taps": least_squares_fir(highpass.mini.split("train"), taps=taps)
            for taps in sorted({cfg.fir_taps, highpass.settings.lstm[0]})}
    highpass_all = {
        **highpass.outputs,
        **{f"streaming LSTM, {n}": doc.recurrent_outputs({}, r.model, highpass.validation,
                                                         highpass.parts)["streaming LSTM"]
           for (n, s), r in stream.runs.items() if s == seed and n != _STREAM_BASELINE},
        **{name: np.concatenate([apply_fir(p.input, h) for p in highpass.parts.values()])
           for name, h in firs.items()}}
    tables = {
        "lowpass, piano": measure_table(lowpass_all, lowpass.target,
                                        sample_rate=lowpass.sample_rate, band=piano_band),
        "high-pass, voice": measure_table({n: highpass.section(o, VOICE)
                                           for n, o in highpass_all.items()},
                                          highpass.parts[VOICE].target,
                                          sample_rate=highpass.sample_rate, band=voice_band)}
    titles = {"lowpass, piano": f"000's lowpass ({lp.cutoff_hz:g} Hz, order {lp.order}), "
                                f"test piano, seed {seed}",
              "high-pass, voice": f"002's high-pass ({hp.cutoff_hz:g} Hz, order {hp.order}), "
                                  f"voice, seed {seed}"}
    return Floor(cfg.fir_taps, tables, titles)


# ------------------------------------------------------------------ 5. claims

def record(*, lowpass, stream):
    """The results record C0.6c, C0.6d and C2.4b are judged on (quantity -> one value per seed).

    Returns
    -------
    dict
        ``seeds``, ``decisive_disputes`` (:func:`decisive_disputes` counts),
        ``perceptual_disputes`` (:func:`perceptual_disputes` counts), and the
        band-limited LSD (dB) and ESR on the whole voice of the streaming LSTM trained on
        MR-STFT + ESR (``spectral_voice_*``) and of 05's ESR + DC model (``baseline_voice_*``).
    """
    spectral = _claim_settings("C2.4b")
    voice = stream.pairs["voice"]
    band_lsd = functools.partial(metrics.band_lsd, sample_rate=stream.sample_rate,
                                 band=tuple(spectral["voice_band_hz"]),
                                 floor_db=spectral["floor_db"])

    def per_seed(variant, measure):
        return [float(measure(stream.outputs[variant, s]["voice"], voice.target))
                for s in stream.seeds]

    return {"seeds": list(stream.seeds),
            "decisive_disputes": [len(lowpass.decisive[s]) for s in stream.seeds],
            "perceptual_disputes": [len(lowpass.perceptual[s]) for s in stream.seeds],
            "spectral_voice_band_lsd_db": per_seed("MR-STFT + ESR", band_lsd),
            "baseline_voice_band_lsd_db": per_seed(_STREAM_BASELINE, band_lsd),
            "spectral_voice_esr": per_seed("MR-STFT + ESR", metrics.esr),
            "baseline_voice_esr": per_seed(_STREAM_BASELINE, metrics.esr)}


# ------------------------------------------------------------------ figures

def controlled_cases_figure(study):
    """Each controlled case's rank under each measure, one panel per material.

    Rows are the cases (marked by what a listener hears), columns the measures (with the pairs
    each keeps in the listener's order); each cell is the case's rank among the cases under
    that measure, 1 = judged closest to the target.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    ear = study.ear
    slight = {better for better, _, _ in EAR_PAIRS}
    n = len(study.tables)
    fig, axes = plt.subplots(1, n, figsize=(6.2 * n + 1.2, 5.2), squeeze=False,
                             constrained_layout=True)
    for ax, (name, table) in zip(axes[0], study.tables.items()):
        ranks = rank_table(table).to_numpy()
        img = ax.imshow(ranks, cmap="viridis_r", vmin=1, vmax=len(table), aspect="auto")
        for (i, j), r in np.ndenumerate(ranks):
            ax.text(j, i, str(r), ha="center", va="center", fontsize=9,
                    color="w" if r > (len(table) + 1) / 2 else "k")
        ax.set_xticks(range(table.shape[1]),
                      [f"{m}\n({ear.loc[name, m]} of {ear.loc[name, 'pairs']})"
                       for m in table.columns], rotation=50, ha="right", fontsize=8)
        ax.set_yticks(range(len(table)),
                      [f"{c}\n({'slight or inaudible' if c in slight else 'audible'})"
                       for c in table.index], fontsize=8)
        ax.set_title(f"{name}: rank of each case under each measure", fontsize=10)
        ax.set_xlabel("measure (pairs it orders as a listener does, by 1 dB or half a point "
                      "of MOS-LQO)", fontsize=9)
    axes[0, 0].set_ylabel("degraded copy of the target", fontsize=9)
    fig.colorbar(img, ax=axes[0].tolist(), label="rank (1 = judged closest to the target)",
                 ticks=range(1, len(table) + 1), shrink=0.9)
    return fig


def voice_spectra_figure(conv, stream):
    """Welch spectra of the voice: the target and each conv-net and streaming-LSTM variant
    (first seed), the effect's cut-off marked.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    from dsp_paper.plotting import welch_db

    seed = stream.seeds[0]
    panels = [
        (f"tied conv net on the lowpassed voice ({_epochs(conv.epochs)})", conv.targets["voice"],
         {n: o["voice"] for n, o in conv.outputs.items()}, conv.cutoff_hz, "lowpass cut-off"),
        (f"streaming LSTM on the high-passed voice (seed {seed}, {_epochs(stream.epochs)})",
         stream.pairs["voice"].target,
         {n: o["voice"] for (n, s), o in stream.outputs.items() if s == seed},
         stream.cutoff_hz, "high-pass cut-off")]
    fig, axes = plt.subplots(1, 2, figsize=(14, 4.8), constrained_layout=True)
    for ax, (title, target, outs, mark, what) in zip(axes, panels):
        f, db = welch_db(target, conv.sample_rate)
        ax.semilogx(f[1:], db[1:], color="k", lw=1.6, label="target")
        for k, (name, audio) in enumerate(outs.items()):
            f, db = welch_db(audio, conv.sample_rate)
            ax.semilogx(f[1:], db[1:], lw=0.9, color=f"C{k}", label=f"trained on {name}")
        ax.axvline(mark, color="0.5", ls=":", label=f"{what} ({mark:g} Hz)")
        ax.set(xlabel="frequency (Hz, log scale)", ylabel="power spectral density (dB/Hz)",
               xlim=(20, conv.sample_rate / 2))
        ax.set_title(title, fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3,
                  frameon=False)
    fig.suptitle("the voice's spectrum: MSE/ESR-trained against spectral-loss-trained")
    return fig


def floor_figure(floor):
    """Every model against the least-squares FIR floor: one row of panels per effect, one
    panel per measure (each on its own axis, with its unit), one dot per output, the FIR the
    ratios are taken against as a dotted line.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    measures = [("ESR", "ESR (dB, 10·log10 of the ratio)", lambda v: 10 * np.log10(v), False),
                (BAND_LSD, "band-limited log-spectral distance (dB)", lambda v: v, False),
                ("MR-STFT", "MR-STFT distance (no unit, log scale)", lambda v: v, True)]
    rows = [len(t) for t in floor.tables.values()]
    fig, axes = plt.subplots(len(rows), len(measures), figsize=(15, 0.32 * sum(rows) + 2.6),
                             gridspec_kw={"height_ratios": rows}, squeeze=False,
                             constrained_layout=True)
    for r, (effect, table) in enumerate(floor.tables.items()):
        y = np.arange(len(table))
        is_fir = np.asarray(table.index.str.startswith(_FIR))
        for c, (m, label, scale_, log) in enumerate(measures):
            ax = axes[r, c]
            v = scale_(np.maximum(table[m].to_numpy(dtype=float), 1e-30))
            level = scale_(max(float(table.loc[floor.name, m]), 1e-30))
            ax.hlines(y, level, v, color="0.8", lw=1, zorder=1)
            ax.scatter(v[~is_fir], y[~is_fir], color="C0", s=28, zorder=3)
            ax.scatter(v[is_fir], y[is_fir], color="C3", marker="D", s=28, zorder=3)
            ax.axvline(level, color="C3", ls=":", zorder=2)
            ax.set_xscale("log" if log else "linear")
            ax.set_yticks(y, table.index if c == 0 else [], fontsize=8)
            ax.set_ylim(len(table) - 0.5, -0.5)
            ax.grid(True, axis="x", alpha=0.3)
            ax.set_xlabel(label, fontsize=9)
            ax.set_title(floor.titles[effect] if c == 0 else f"{m} (lower is better)",
                         fontsize=9, loc="left" if c == 0 else "center")
    handles = [Line2D([], [], color="C0", marker="o", ls="", label="learned model"),
               Line2D([], [], color="C3", marker="D", ls="", label="least-squares FIR"),
               Line2D([], [], color="C3", ls=":", label=f"the floor: {floor.name}")]
    fig.legend(handles=handles, loc="outside lower center", ncol=3, fontsize=9, frameon=False)
    fig.suptitle("every model against the least-squares FIR floor (further right is worse)")
    return fig


# ------------------------------------------------------------------ text

def differences(cfg):
    """What 07 does that the documents did not, and how its material and trainings differ.

    Parameters
    ----------
    cfg : CritiqueSettings
        The settings that ran; the documents' own values are the ``paper`` scale's.

    Returns
    -------
    list of (str, str, str)
        ``(aspect, the documents, this run)`` for :meth:`NotebookRun.differences`.
    """
    from dsp_paper.study.settings import seeds as scale_seeds

    s = cfg.scale
    lp, hp = scale_config("lowpass_000", s), scale_config("highpass_002", s)
    c04, c05 = scale_config("04_conv_tied", s), scale_config("05_recurrent_eq", s)
    paper04, paper05 = scale_config("04_conv_tied", "paper"), scale_config("05_recurrent_eq", "paper")
    paper_hp = scale_config("highpass_002", "paper")
    measures = list(MEASURES) + [BAND_LSD, LONG_TERM, MOS_LQO]
    voice = "the whole voice" if cfg.voice_seconds is None else f"{cfg.voice_seconds:g} s of voice"
    seeds = scale_seeds(s)
    return [
        ("what judges the outputs",
         "000: MSE, RMSE and the error's std, and listening; 002: the waveforms' difference, "
         "spectra compared by eye (Figs. 12-13), 9 listeners",
         f"{len(measures)} measures on the same outputs ({', '.join(measures)}); no listeners "
         "(MOS-LQO is ViSQOL v3's objective model of them)"),
        ("how MSE's weakness is shown",
         "argued from the documents' own nets (000: similar MSEs, different sound); "
         "no controlled case, no second measure",
         f"{len(_CASE_WHAT)} known faults of real piano and voice, {len(EAR_PAIRS)} pairs per "
         "material a listener can order; 03-05's outputs re-judged on every measure, every seed"),
        ("material",
         "000: sweeps through a lowpass, a piano piece (Brahms, from MIDI) as test; "
         "002: noises and sweeps through a 440 Hz high-pass, a recorded voice",
         f"000's: {', '.join(lp.shapes)} sweeps through a {lp.cutoff_hz:g} Hz order-{lp.order} "
         f"lowpass, Brahms rendered from MIDI; 002's: its noises and sweeps through a "
         f"{hp.cutoff_hz:g} Hz order-{hp.order} high-pass, a recorded voice; controlled cases on "
         f"{cfg.piano_seconds:g} s of piano and {voice}"),
        ("sample rate",
         f"000: not stated (uniform); 002: {paper_hp.sample_rate} Hz",
         f"{lp.sample_rate} Hz (000's material), {hp.sample_rate} Hz (002's)"),
        ("spectral-loss trainings",
         "none: future work in both (000: 'raw frequency analysis' to guide training; 002: a "
         "loss on the difference of the frequency spectra)",
         f"tied conv net: MR-STFT and MR-STFT + ESR, {_epochs(cfg.conv_epochs)}, FFT sizes "
         f"{', '.join(map(str, cfg.conv_fft_sizes))}, first seed; streaming LSTM: the same two "
         f"losses, {_epochs(c05.stream_epochs)} (05's), FFT sizes "
         f"{', '.join(map(str, cfg.stream_fft_sizes))}, MR-STFT + ESR every seed"),
        ("epochs of the MSE-trained models compared",
         f"000's conv net: {paper04.epochs} (its last audio example); 002's reduced LSTM: "
         f"{paper05.reduced_epochs}, GRU: more than {THESIS_GRU_EPOCHS_SHOWN} (Fig. 16), dilated "
         f"CNN: {paper05.cnn_epochs} (18 h)",
         f"04's conv net at {_names(map(str, sorted({cfg.conv_epochs, max(c04.snapshots)})))}; "
         f"05's LSTM "
         f"{c05.lstm_epochs}, reduced LSTM and GRU {c05.reduced_epochs}, dilated CNN "
         f"{c05.cnn_epochs}, streaming LSTM {c05.stream_epochs}"),
        ("runs", "one of each net", f"{len(seeds)} seed(s) ({', '.join(map(str, seeds))}); the "
                                    "claims are judged over them"),
        ("linear reference", "none",
         f"closed-form least-squares FIR of {cfg.fir_taps} taps (and of "
         f"{c05.lstm[0]}, the many-to-one LSTM's window) fitted on the training data"),
    ]


def _names(items):
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _verdict(verdicts, claim_id):
    row = verdicts.loc[claim_id]
    return f"**{claim_id}: {row['verdict']}** ({row['why this verdict']})"


def _times(ratio):
    return f"{ratio:.2g}×" if ratio < 10 else f"{ratio:.3g}×"


def _clearest(disputes, second, name, gap_format, *, margins):
    """The sentence on the clearest dispute of any seed (the larger of its two gaps' smaller
    multiple of its margin), or "" without one."""
    rows = [(min(row["MSE gap dB"] / margins[0], row[f"{second} gap"] / margins[1]), s, row)
            for s, d in disputes.items() for _, row in d.iterrows()]
    if not rows:
        return ""
    _, s, row = max(rows, key=lambda x: x[0])
    return (f"The clearest, seed {s}: MSE prefers *{row['better by MSE']}* by "
            f"{row['MSE gap dB']:.1f} dB, {name} prefers *{row[f'better by {second}']}* by "
            f"{gap_format.format(row[f'{second} gap'])}. ")


def _tau_summary(summary, pool):
    row = summary.loc[pool]
    seeds = int(row["seeds"])
    return ", ".join(f"{m} {row[f'{m} mean']:.2f}"
                     + (f" ({row[f'{m} lowest']:.2f} to {row[f'{m} highest']:.2f})"
                        if seeds > 1 else "")
                     for m in RANKED_MEASURES)


def _perceptual_paragraph(lowpass, highpass, verdicts):
    """C0.6d and the rank agreement, from the numbers."""
    settings = _claim_settings("C0.6d")
    counts = {s: len(d) for s, d in lowpass.perceptual.items()}
    text = ("**Heard by ViSQOL (an objective model of listeners, not a listening test).** "
            "MSE and MOS-LQO ordered "
            + ", ".join(f"{c} (seed {s})" for s, c in counts.items())
            + f" pairs of 000's nets oppositely, MSE by at least {settings['mse_margin_db']:g} dB "
            f"and MOS-LQO by at least {settings['mos_margin']:g} points. ")
    text += _clearest(lowpass.perceptual, MOS_LQO, "MOS-LQO", "{:.2f} points",
                      margins=(settings["mse_margin_db"], settings["mos_margin"]))
    scores = np.concatenate([t[MOS_LQO].to_numpy(dtype=float) for t in lowpass.tables.values()])
    scores = scores[~np.isnan(scores)]
    if scores.size:
        spread = float(np.ptp(scores))
        text += (f"Its scores of these nets lay between {scores.min():.2f} and "
                 f"{scores.max():.2f} over every seed (identical audio scores "
                 f"{metrics.VISQOL_IDENTICAL:.2f})"
                 + (f", so no two were {settings['mos_margin']:g} points apart. "
                    if spread < settings["mos_margin"] else ". "))
    summary = rank_agreement_summary(rank_agreement_table(lowpass, highpass))
    seeds = len(lowpass.seeds)
    over = (f"mean over {seeds} seeds (lowest to highest)" if seeds > 1 else
             f"seed {lowpass.seeds[0]}")
    text += (f"Kendall's tau of each signal measure's order with MOS-LQO's (1 = the same "
             f"order, 0 = none), for 000's nets, {over}: {_tau_summary(summary, LOWPASS_POOL)}")
    voice_pool = f"05's networks, {VOICE}"
    if voice_pool in summary.index:
        text += f"; for 05's networks on the voice (seed {lowpass.seeds[0]}): " \
                f"{_tau_summary(summary, voice_pool)}"
    disputed = highpass.perceptual[VOICE] if VOICE in highpass.tables else []
    text += (f". On the voice, MSE and MOS-LQO order {len(disputed)} of 05's pairs "
             f"oppositely, however slightly. {_verdict(verdicts, 'C0.6d')}.")
    return text


def what_it_means(*, study, lowpass, highpass, conv, stream, floor, verdicts):
    """The closing "what it means", written from the run's numbers and verdicts.

    Parameters
    ----------
    study : ControlledStudy
    lowpass : LowpassRejudged
    highpass : HighpassRejudged
    conv : SpectralConv
    stream : SpectralStreaming
    floor : Floor
    verdicts : pandas.DataFrame
        :meth:`NotebookRun.judge`'s table (rows C0.6c, C0.6d and C2.4b).

    Returns
    -------
    str
        Markdown.
    """
    parts = []
    # 1. controlled cases
    ear = study.ear.loc["all"]
    pairs = int(ear["pairs"])
    counts = ear.drop("pairs").sort_values(ascending=False)
    best = list(counts.index[counts == counts.max()])
    wrong = study.agreement.xs("MSE", axis=1)
    wrong = sorted({pair for (_, pair), v in wrong.items() if v == "wrong"})
    text = (f"**Controlled cases.** Of the {pairs} pairs a listener can order "
            f"({len(EAR_PAIRS)} per material, on {_names(study.tables)}), each measure kept the "
            f"listener's order, by a clear margin ({TIE_DB:g} dB, or {TIE_MOS:g} points of "
            "MOS-LQO), this often: "
            + ", ".join(f"{m} {int(k)}" for m, k in counts.items()) + ". ")
    text += (f"{_names(best)} kept every pair. " if counts.max() == pairs else
             f"No measure kept every pair; the best, {_names(best)}, kept {int(counts.max())}. ")
    text += ("MSE scored the first of each of these pairs clearly worse than the second, "
             "though a listener hears it as the better: "
             + "; ".join(f"{p.replace(' < ', ' against ')}" for p in wrong) + ". " if wrong else
             "MSE put no pair the other way round. ")
    text += ("The cases were chosen to show each measure's blind spots, so these counts "
             "demonstrate; no verdict rests on them.")
    parts.append(text)
    # 2. the outputs of 03-05
    n_outputs = len(lowpass.tables[lowpass.seeds[0]])
    counts = {s: len(d) for s, d in lowpass.decisive.items()}
    dispute = _claim_settings("C0.6c")
    text = (f"**000's nets re-judged.** Among {n_outputs} outputs of 03's and 04's nets on the "
            f"test piano ({n_outputs * (n_outputs - 1) // 2} pairs per seed), MSE and the "
            f"band-limited log-spectral distance ordered "
            + ", ".join(f"{c} (seed {s})" for s, c in counts.items())
            + f" pairs oppositely, each by at least {dispute['mse_margin_db']:g} dB. ")
    text += _clearest(lowpass.decisive, BAND_LSD, "the spectral distance", "{:.1f} dB",
                      margins=(dispute["mse_margin_db"], dispute["lsd_margin_db"]))
    rho = lowpass.correlation.loc["rank correlation with MSE", BAND_LSD]
    text += (f"Over all outputs of seed {lowpass.seeds[0]}, the two measures' ranks correlate "
             f"at {rho:.2f} (1 would be the same order). {_verdict(verdicts, 'C0.6c')}.")
    parts.append(text)
    voice_disputes = len(highpass.disputed[VOICE])
    n_hp = len(highpass.tables[VOICE])
    parts.append(f"On 002's high-pass, {voice_disputes} of the {n_hp * (n_hp - 1) // 2} pairs "
                 f"of 05's {n_hp} outputs on the voice are ordered differently, however "
                 "slightly, by MSE and the band-limited distance.")
    parts.append(_perceptual_paragraph(lowpass, highpass, verdicts))
    # 3. spectral losses
    change = spectral_change(conv, stream)
    conv_lines = []
    for variant in _SPECTRAL_VARIANTS:
        row = change.loc[("conv net", variant, "voice", conv.seed)]
        conv_lines.append(f"the one trained on {variant} had {_times(row[BAND_LSD])} the "
                          f"band-limited distance and {_times(row['ESR'])} the ESR")
    rec = record(lowpass=lowpass, stream=stream)
    mean = lambda key: float(np.mean(rec[key]))
    seeds = f"seed{'s' if len(stream.seeds) > 1 else ''} {_names(map(str, stream.seeds))}"
    text = (f"**A spectral loss.** On the lowpassed voice, against the MSE-trained conv net "
            f"(seed {conv.seed}, {_epochs(conv.epochs)}; below 1× is better), "
            + ", ".join(conv_lines) + ". The streaming LSTM trained on "
            f"MR-STFT + ESR for {_epochs(stream.epochs)} had, over {seeds}, a band-limited "
            f"distance on the voice of {mean('spectral_voice_band_lsd_db'):.2f} dB on average "
            f"against {mean('baseline_voice_band_lsd_db'):.2f} dB for 05's ESR + DC model, and "
            f"an ESR of {mean('spectral_voice_esr'):.3g} against {mean('baseline_voice_esr'):.3g}. "
            f"{_verdict(verdicts, 'C2.4b')}.")
    parts.append(text)
    # 4. the floor
    lines = []
    for effect, table in floor.tables.items():
        ratios = floor.ratios.loc[effect, "ESR"]
        learned = ratios[~ratios.index.str.startswith(_FIR)]
        best_model = learned.idxmin()
        beaten = int((learned < 1).sum())
        lines.append(f"{effect}: the best learned model, *{best_model}*, has {_times(learned.min())} "
                     f"the FIR's ESR, and {beaten} of {len(learned)} learned models do better "
                     "than the filter")
    parts.append(f"**The floor.** Against the {floor.name} (fitted in closed form on the same "
                 "training data): " + "; ".join(lines) + ".")
    return "\n\n".join(parts)


def results(*, study, limits, lowpass, highpass, conv, stream, floor, record_):
    """Everything 07 measured, for ``results.json`` (:meth:`NotebookRun.finish`)."""
    tidy = lambda frame: frame.reset_index().to_dict(orient="records")
    return {
        "ear_agreement": study.ear.to_dict(), "controlled_cases": tidy(study.table),
        "perceptual_limits": tidy(limits.table), "steps_told_apart": limits.told_apart.to_dict(),
        "rank_agreement": tidy(rank_agreement_table(lowpass, highpass)),
        "perceptual_disputes": {str(s): d.to_dict(orient="records")
                                for s, d in lowpass.perceptual.items()},
        "rejudged_lowpass": {str(s): t.to_dict(orient="index") for s, t in lowpass.tables.items()},
        "decisive_disputes": {str(s): d.to_dict(orient="records")
                              for s, d in lowpass.decisive.items()},
        "rejudged_highpass": {p: t.to_dict(orient="index") for p, t in highpass.tables.items()},
        "spectral_conv": tidy(conv.table), "spectral_streaming": tidy(stream.table),
        "spectral_change": tidy(spectral_change(conv, stream)), "floor_ratios": tidy(floor.ratios),
        "training_seconds": {**{f"conv {n}": r.log.seconds[-1] for n, r in conv.runs.items()},
                             **{f"streaming {n}, seed {s}": r.log.seconds[-1]
                                for (n, s), r in stream.runs.items()}},
        "record": record_,
    }
