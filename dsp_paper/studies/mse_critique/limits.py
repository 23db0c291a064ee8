"""1b. The perceptual judge's limits: the controlled study's targets through known faults at
rising severity, to show where ViSQOL's MOS-LQO (and each signal measure) is blind or
saturates."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dsp_paper import effects
from dsp_paper.checks import check_audio, check_sample_rate
from dsp_paper.errors import ParameterError
from dsp_paper.studies.mse_critique.claims import claim_bands, claim_settings
from dsp_paper.studies.mse_critique.controlled import ControlledStudy
from dsp_paper.studies.mse_critique.measures import concat_tables, measure_table, pair_order
from dsp_paper.studies.mse_critique.settings import PIANO

__all__ = ["LIMIT_FAMILIES", "PRE_ECHO_SECONDS", "SATURATED_WITHIN", "limit_cases",
           "steps_told_apart", "LimitsStudy", "perceptual_limits", "limit_title",
           "limits_clips"]

# family -> (what the setting is, its unit, the settings from mildest to harshest). Every
# step of a family is a fault a listener hears as at least as bad as the step before; a
# measure that tells two steps apart orders them by a clear margin (margin_of: TIE_DB, or
# a perceptual judge's catalogue margin).
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


def limit_cases(target: np.ndarray, *, sample_rate: int,
                seed: int = 0) -> dict[str, dict[float, np.ndarray]]:
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
        "harmonic distortion": lambda v: effects.cubic_distortion(target, level_db=v),
        "pre-echo": lambda v: target + early * 10 ** (v / 20),
        "transients smeared": lambda v: effects.dispersive_allpass(
            target, sample_rate=sample_rate, spread_seconds=v / 1000),
    }
    return {family: {v: np.asarray(make[family](v), np.float32) for v in settings}
            for family, (_, _, settings) in LIMIT_FAMILIES.items()}


def steps_told_apart(table: pd.DataFrame) -> pd.DataFrame:
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
    rows = {}
    for family in table.index.get_level_values(0).unique():
        part = table.loc[family]
        pairs = list(zip(part.index[:-1], part.index[1:]))
        rows[family] = {m: sum(pair_order(part.loc[a, m], part.loc[b, m], m) == "right"
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
    def table(self) -> pd.DataFrame:
        """Every measure of every case: rows (material, family, setting)."""
        return concat_tables(self.tables, ["material", "family", "setting"])

    @property
    def told_apart(self) -> pd.DataFrame:
        """:func:`steps_told_apart` summed over the materials."""
        return sum(steps_told_apart(t) for t in self.tables.values())


def perceptual_limits(study: ControlledStudy) -> LimitsStudy:
    """Where each measure, ViSQOL's MOS-LQO among them, is blind or saturates: the targets of
    the controlled ``study`` through every :data:`LIMIT_FAMILIES` family at every setting.

    Parameters
    ----------
    study : ControlledStudy

    Returns
    -------
    LimitsStudy
    """
    piano_band, voice_band = claim_bands()
    bands = {PIANO: piano_band, "voice": voice_band}
    floor_db = claim_settings("C2.4b")["floor_db"]
    cases, tables = {}, {}
    for name, target in study.targets.items():
        cases[name] = limit_cases(target, sample_rate=study.sample_rate)
        tables[name] = pd.concat(
            {family: measure_table({v: a for v, a in settings.items()}, target,
                                   sample_rate=study.sample_rate, band=bands.get(name, voice_band),
                                   floor_db=floor_db)
             for family, settings in cases[name].items()}, names=["family", "setting"])
    return LimitsStudy(study.sample_rate, cases, tables)


def limit_title(family: str) -> str:
    """The player's title of ``family``'s harshest setting (``"added noise, -20 dB"``)."""
    _, unit, settings = LIMIT_FAMILIES[family]
    return f"{family}, {settings[-1]:g} {unit}"


def limits_clips(limits: LimitsStudy, study: ControlledStudy, *,
                 material: str = "voice") -> tuple[dict[str, np.ndarray], dict[str, str]]:
    """One material's target and the harshest setting of each limit family, for players
    (their MOS-LQO and ESR: :func:`~dsp_paper.studies.mse_critique.limits_scores`).

    Returns
    -------
    clips : dict of str -> np.ndarray
    what : dict of str -> str
        What each setting is.
    """
    clips, what = {"target": study.targets[material]}, {"target": f"the {material} through "
                                                                  "002's high-pass"}
    for family, (label, _, settings) in LIMIT_FAMILIES.items():
        clips[limit_title(family)] = limits.cases[material][family][settings[-1]]
        what[limit_title(family)] = f"{label}, the harshest setting"
    return clips, what
