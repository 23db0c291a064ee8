"""1. Controlled cases: real piano and voice through 002's high-pass, each degraded in one
known way, and which measures order the pairs a listener can order as the listener does.

Each case degrades a real target in one known way; each pair puts a degradation a listener
does not hear (or barely hears) against one they clearly do. Some pairs set an inaudible phase
fault against an audible magnitude fault (where measures of the waveform go wrong), others a
slight magnitude fault against an audible phase fault (where measures of the magnitude
spectrum go wrong), so that no measure orders every pair by construction. They demonstrate;
the claims about MSE are judged on trained models
(:func:`~dsp_paper.studies.mse_critique.decisive_disputes`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.signal

from dsp_paper import effects, material, spectral
from dsp_paper.checks import check_audio, check_sample_rate
from dsp_paper.errors import ParameterError
from dsp_paper.studies import scale_config
from dsp_paper.studies.mse_critique.claims import claim_bands, claim_settings
from dsp_paper.studies.mse_critique.data import voice_audio
from dsp_paper.studies.mse_critique.measures import concat_tables, measure_table, pair_order
from dsp_paper.studies.mse_critique.settings import PIANO, CritiqueSettings

__all__ = ["EAR_PAIRS", "CASE_WHAT", "degradations", "controlled_cases", "agreement_table",
           "ear_agreement", "ear_pairs_frame", "ControlledStudy", "controlled_study",
           "case_clips"]

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
#: Each degradation of :func:`degradations`, as the players describe it.
CASE_WHAT = {
    "delayed 1 sample": "the target one sample late: inaudible",
    "polarity flipped": "the target upside down: sounds identical",
    "noise -40 dB": "the target plus white noise 40 dB below its RMS: hiss in quiet passages",
    "high band removed": "the target without its top band: duller",
    "cut-off 10 % off": "the effect with its cut-off 10 % too high: a slight change of colour",
    "phase scrambled": "the target's long-term spectrum with random phases: coloured noise",
    "transients smeared": "the target through a 30 ms dispersing all-pass: attacks chirp",
}


def degradations(dry: np.ndarray, target: np.ndarray, *, sample_rate: int,
                 cutoff_hz: float = 440.0, order: int = 2, noise_db: float = -40.0,
                 high_band_hz: float = 4000.0, spread_seconds: float = 0.03,
                 seed: int = 0) -> dict[str, np.ndarray]:
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
    cases = {
        "delayed 1 sample": np.concatenate([[0.0], t64[:-1]]),
        "polarity flipped": -t64,
        f"noise {noise_db:g} dB": t64 + noise,
        "high band removed": scipy.signal.sosfilt(lowpass, t64),
        "cut-off 10 % off": effects.highpass_eq(dry, sample_rate=sample_rate,
                                                cutoff_hz=1.1 * cutoff_hz, order=order),
        "phase scrambled": spectral.phase_scrambled(t64, seed=seed),
        "transients smeared": effects.dispersive_allpass(t64, sample_rate=sample_rate,
                                                         spread_seconds=spread_seconds),
    }
    return {k: np.asarray(v, np.float32) for k, v in cases.items()}


def controlled_cases(dry: np.ndarray, *, sample_rate: int, cutoff_hz: float = 440.0,
                     order: int = 2, band: tuple[float, float] | None = None,
                     floor_db: float = -60.0, **options: object
                     ) -> tuple[np.ndarray, dict[str, np.ndarray], pd.DataFrame]:
    """The high-pass of ``dry`` (``cutoff_hz``, Butterworth of ``order``), its
    :func:`degradations` and every measure of each.

    Parameters
    ----------
    dry : np.ndarray, shape (n,)
        Real mono material (piano, voice).
    band : (float, float), optional
        The band the material occupies (Hz): adds the measures that need it
        (:func:`~dsp_paper.studies.mse_critique.measure_table`).
    floor_db : float
        Their level floor, relative to the target's peak (dB).
    **options
        Passed to :func:`degradations`.

    Returns
    -------
    target : np.ndarray, shape (n,)
    cases : dict of str -> np.ndarray
    table : pandas.DataFrame
        :func:`~dsp_paper.studies.mse_critique.measure_table` of the cases against ``target``.

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


def agreement_table(table: pd.DataFrame, pairs: tuple = EAR_PAIRS) -> pd.DataFrame:
    """For each ear pair, whether each measure scores the better-heard output clearly lower.

    Returns
    -------
    pandas.DataFrame
        Rows ``"better < worse"``, columns the measures, values ``"right"``, ``"wrong"`` or
        ``"tie"`` (the two within 1 dB, :data:`~dsp_paper.studies.mse_critique.TIE_DB`, or a
        perceptual judge's own margin, half a point of MOS-LQO,
        :func:`~dsp_paper.studies.mse_critique.margin_of`); a last row
        ``agrees with the ear`` counts the pairs each measure gets right.
    """
    rows = {}
    for better, worse, _ in pairs:
        if better not in table.index or worse not in table.index:
            raise ParameterError(f"pair ({better!r}, {worse!r}) is not in the table")
        rows[f"{better} < {worse}"] = {m: pair_order(table.loc[better, m], table.loc[worse, m], m)
                                       for m in table.columns}
    frame = pd.DataFrame(rows).T
    frame.loc["agrees with the ear"] = [f"{int((frame[m] == 'right').sum())} of {len(rows)}"
                                        for m in frame.columns]
    return frame


def ear_agreement(tables: dict[str, pd.DataFrame], pairs: tuple = EAR_PAIRS) -> pd.DataFrame:
    """How many ear pairs each measure orders as a listener does, per material and in all.

    Parameters
    ----------
    tables : dict of str -> pandas.DataFrame
        Material name -> :func:`~dsp_paper.studies.mse_critique.measure_table` of its degradations.

    Returns
    -------
    pandas.DataFrame
        Rows: the materials and ``all``; columns: the measures (pairs ordered as the ear
        orders them, by a clear margin) and ``pairs`` (how many were judged).
    """
    counts = {}
    for name, table in tables.items():
        agree = agreement_table(table, pairs).iloc[:-1] == "right"
        counts[name] = {**agree.sum().astype(int).to_dict(), "pairs": len(agree)}
    frame = pd.DataFrame(counts).T
    frame.loc["all"] = frame.sum()
    return frame.astype(int)


def ear_pairs_frame(pairs: tuple = EAR_PAIRS) -> pd.DataFrame:
    """:data:`EAR_PAIRS` as a table: ``heard as better``, ``heard as worse``, ``why``."""
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
        Material -> :func:`~dsp_paper.studies.mse_critique.measure_table` of its cases.
    """

    sample_rate: int
    targets: dict
    cases: dict
    tables: dict

    @property
    def table(self) -> pd.DataFrame:
        """Every measure of every case: rows (material, case)."""
        return concat_tables(self.tables, ["material", "output"])

    @property
    def agreement(self) -> pd.DataFrame:
        """:func:`agreement_table` of each material: rows (material, pair)."""
        return concat_tables({name: agreement_table(t) for name, t in self.tables.items()},
                             ["material", "pair"])

    @property
    def ear(self) -> pd.DataFrame:
        """:func:`ear_agreement`: pairs each measure orders as the ear does, per material."""
        return ear_agreement(self.tables)


def controlled_study(cfg: CritiqueSettings) -> ControlledStudy:
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
    piano_band, voice_band = claim_bands()
    floor_db = claim_settings("C2.4b")["floor_db"]
    dry = {PIANO: (material.piano(sample_rate=sr, seconds=cfg.piano_seconds).audio[0], piano_band),
           "voice": (voice_audio(cfg, sr), voice_band)}  # the piano's left channel, as 000's tracks
    targets, cases, tables = {}, {}, {}
    for name, (audio, band) in dry.items():
        targets[name], cases[name], tables[name] = controlled_cases(
            audio, sample_rate=sr, cutoff_hz=hp.cutoff_hz, order=hp.order, band=band,
            floor_db=floor_db)
    return ControlledStudy(sr, targets, cases, tables)


def case_clips(study: ControlledStudy, *,
               material: str = "voice") -> tuple[dict[str, np.ndarray], dict[str, str]]:
    """One material's target and its controlled cases, for :meth:`NotebookRun.players`.

    Returns
    -------
    clips : dict of str -> np.ndarray
    what : dict of str -> str
    """
    cases = study.cases[material]
    return ({"target": study.targets[material], **cases},
            {"target": f"the {material} through 002's high-pass",
             **{k: CASE_WHAT.get(k, k) for k in cases}})
