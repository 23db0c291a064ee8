"""The perceptual judge's calibration: every candidate measure
(:data:`~dsp_paper.perceptual.PERCEPTUAL_MEASURES`) scores the package's real material through
known faults (:data:`~dsp_paper.faults.FAULT_FAMILIES`) at rising severity, and a rule fixed
here before any run says which measure may carry a perceptual verdict.

The rule (:data:`CALIBRATION`), per measure and family:

* an *ordered* family (a listener hears each severity as at least as bad as the one before)
  passes when, on every material, Kendall's tau-b between the severity (the clean copy first)
  and the measure's badness, rounded to the measure's resolution, is at least
  :attr:`CalibrationRule.min_tau` on average over the seeds of the noise, and in every seed the
  mildest severity scores worse than the clean copy by at least the resolution;
* an *unheard* family (a small pure delay) passes when no severity, on any material and seed,
  scores worse than the clean copy by the measure's clear-preference margin.

A sub-claim whose quantities a perceptual measure gives names the families it involves
(:attr:`~dsp_paper.study.rules.SubClaim.perceptual_families`); a measure may carry its
verdict only if it passes every one (:func:`calibrated_for`). The registry pins this rule
beside the claims' (``tests/snapshots/claims_rules.json``).
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata

import numpy as np
import pandas as pd

from dsp_paper import effects, faults, material
from dsp_paper.cache import cached_arrays
from dsp_paper.errors import ParameterError
from dsp_paper.perceptual import PERCEPTUAL_MEASURES, perceptual_measure
from dsp_paper.study.settings import resolve_scale

__all__ = ["CalibrationSize", "CalibrationRule", "CALIBRATION", "CALIBRATION_MATERIALS",
           "calibration_excerpt", "Calibration", "run_calibration", "calibrated_for",
           "failures_text", "PerceptualChoice", "choose_measure"]

SAMPLE_RATE = 44100


@dataclass(frozen=True)
class CalibrationSize:
    """How much audio a scale calibrates on: noise seeds, seconds per clip, and which of the
    rule's materials (empty: all of them)."""

    seeds: int
    seconds: float
    materials: tuple = ()


@dataclass(frozen=True)
class CalibrationRule:
    """What passing the calibration means (see the module's text).

    Attributes
    ----------
    severities : dict of str -> tuple of float
        Family of :data:`~dsp_paper.faults.FAULT_FAMILIES` -> its severities, mildest first.
    min_tau : float
        The least mean Kendall tau-b over the noise's seeds, on every material.
    materials : tuple of str
        Names of :data:`CALIBRATION_MATERIALS`.
    sizes : dict of str -> CalibrationSize
        Per scale.
    why : tuple of str
    """

    severities: dict
    min_tau: float
    materials: tuple
    sizes: dict
    why: tuple = field(default=())

    def text(self) -> str:
        """The rule as a reader sees it, one line."""
        fams = "; ".join(f"{name} ({faults.FAULT_FAMILIES[name].unit}): "
                         + ", ".join(f"{v:g}" for v in values)
                         for name, values in self.severities.items())
        sizes = ", ".join(f"{s}: {z.seeds} seed(s) of {z.seconds:g} s"
                          + (f" on {', '.join(z.materials)} alone" if z.materials else "")
                          for s, z in self.sizes.items())
        return (f"an ordered family passes when tau-b >= {self.min_tau:g} (mean over seeds, "
                "on every material; badness rounded to the measure's resolution) and the "
                "mildest severity scores worse than the clean copy by the resolution in every "
                "seed; an unheard family passes when no severity scores worse than the clean "
                "copy by the measure's margin; materials: " + ", ".join(self.materials)
                + f"; families: {fams}; sizes: {sizes}")

    def snapshot(self) -> dict:
        """What the registry's pinning test compares."""
        return {"rule": self.text(),
                "resolution": {k: m.resolution for k, m in PERCEPTUAL_MEASURES.items()},
                "margin": {k: m.margin for k, m in PERCEPTUAL_MEASURES.items()},
                "expectation": {k: faults.FAULT_FAMILIES[k].expectation
                                for k in self.severities}}


# Fixed before the first calibration run. Each family's mildest severity is one a listener
# hears beside the reference (by the usual just-noticeable differences: about 1 dB of level,
# hiss 40 dB below the music, a few percent of distortion), so a measure that cannot tell it
# from the clean copy misses an audible fault; the harshest is gross.
CALIBRATION = CalibrationRule(
    severities={
        "level": (-1.0, -2.0, -3.0, -6.0, -10.0),
        "broadband noise": (-40.0, -34.0, -28.0, -22.0, -16.0),
        "noise in an empty band": (-45.0, -39.0, -33.0, -27.0, -21.0),
        "low-order distortion": (-30.0, -25.0, -20.0, -15.0, -10.0),
        "high-order distortion": (-6.0, -9.0, -12.0, -15.0, -18.0),
        "aliasing": (-40.0, -34.0, -28.0, -22.0, -16.0),
        "cut-off": (10.0, 20.0, 40.0, 80.0, 160.0),
        "compression": (2.0, 3.0, 4.0, 6.0, 10.0),
        "expansion": (2.0, 3.0, 4.0, 6.0, 10.0),
        "pre-echo": (-25.0, -20.0, -15.0, -10.0, -5.0),
        "smeared transients": (10.0, 20.0, 40.0, 80.0, 160.0),
        "delay": (0.1, 0.5, 1.0, 2.0, 5.0),
    },
    min_tau=0.8,
    materials=("piano", "voice", "guitar"),
    # smoke proves the code path on one material: it never decides, and make test runs it twice
    sizes={"smoke": CalibrationSize(1, 1.0, ("voice",)), "quick": CalibrationSize(3, 2.0),
           "paper": CalibrationSize(5, 5.0)},
    why=("tau-b >= 0.8 over six points (the clean copy and five severities) allows one pair of "
         "the fifteen out of order: a measure may waver between two neighbouring severities, "
         "not misorder a family",
         "the mildest severity told from the clean copy: a measure saturated at the top of its "
         "scale cannot hear the faults an effect model makes when it is nearly right",
         "a delay passes unheard: a whole-signal delay of a few milliseconds is not a fault a "
         "listener hears, and a measure that counts it as a clear preference would rank an "
         "aligned bad model above a late good one"))


# The take with the most dynamics left after the pedal's drive: the chord takes come out of it
# nearly flat, so a compressor or an expander after it changes them by less than -25 dB of
# error, a fault no listener could be asked to hear.
GUITAR_TAKE = "guit_e_slide"


def _guitar(sample_rate: int) -> np.ndarray:
    take = material.guitar(GUITAR_TAKE, sample_rate=sample_rate)
    mono = np.mean(np.atleast_2d(take.audio), axis=0)
    return effects.pedal_chain(mono, sample_rate=sample_rate)


# name -> (what it is, how it is made at a sample rate): mono float audio
CALIBRATION_MATERIALS = {
    "piano": ("002's piano (a rendered Brahms lullaby)",
              lambda sr: material.piano(sample_rate=sr).audio),
    "voice": ("a speaker of the CMU Arctic corpus",
              lambda sr: material.voice(sample_rate=sr).audio),
    "guitar": ("a slide guitar take through 08's pedal chain (drive, tone, level)", _guitar),
}


def calibration_excerpt(audio: np.ndarray, *, seconds: float, sample_rate: int) -> np.ndarray:
    """The ``seconds`` of mono ``audio`` with the highest RMS (on a 50 ms grid): the part of a
    recording where a fault has the most to act on.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.concatenate([np.zeros(1000), np.ones(500), np.zeros(1000)])
    >>> float(calibration_excerpt(x, seconds=0.05, sample_rate=10000).mean())
    1.0
    """
    audio = np.asarray(audio, np.float64)
    if audio.ndim != 1:
        audio = audio.mean(axis=0)
    n = int(round(seconds * sample_rate))
    if audio.size < n:
        raise ParameterError(f"the material is {audio.size / sample_rate:.2f} s long; the "
                             f"calibration needs {seconds:g} s")
    energy = np.concatenate([[0.0], np.cumsum(audio ** 2)])
    step = max(1, int(0.05 * sample_rate))
    starts = np.arange(0, audio.size - n + 1, step)
    best = int(starts[np.argmax(energy[starts + n] - energy[starts])])
    return audio[best:best + n].astype(np.float32)


@dataclass(frozen=True)
class Calibration:
    """Every candidate's scores of every case, and what they cost.

    Attributes
    ----------
    scores : pandas.DataFrame
        Rows (material, family, severity, seed); severity ``0.0`` at position 0 of each family
        is the clean copy (column ``step``: 0 clean, 1-5 the severities); columns the
        measures' keys.
    seconds_per_second : dict of str -> float
        Each measure's time per second of audio judged (after its first call).
    first_call_seconds : dict of str -> float
        Its first call in the calibration: it compiles or loads the measure's kernels only
        where nothing in the process had called the measure before.
    scale : str
    """

    scores: pd.DataFrame
    seconds_per_second: dict
    first_call_seconds: dict
    scale: str
    rule: CalibrationRule = CALIBRATION

    def family_table(self) -> pd.DataFrame:
        """Per measure and family: ``tau`` (the lowest over materials of the mean over seeds),
        ``told`` (the mildest told from the clean copy on every material and seed),
        ``steps told apart`` (neighbouring severities ordered by at least the resolution, on
        the seeds' mean, summed over materials, of ``steps``), ``worst gap`` (an unheard
        family's largest badness over the clean copy's, in the measure's units) and
        ``passes``."""
        rows = []
        for key in self.scores.columns.drop("step"):
            m = perceptual_measure(key)
            for family in self.rule.severities:
                rows.append({"measure": key, "family": family,
                             **_family_result(self.scores, key, family, m,
                                              self.rule.min_tau)})
        return pd.DataFrame(rows).set_index(["measure", "family"])

    def passed(self) -> dict[str, tuple[str, ...]]:
        """Measure -> the families it passes."""
        table = self.family_table()
        return {m: tuple(table.loc[m].index[table.loc[m, "passes"].astype(bool)])
                for m in table.index.get_level_values(0).unique()}

    def cost_table(self) -> pd.DataFrame:
        """Per measure: seconds per second of audio, and its first call's seconds."""
        return pd.DataFrame({"s per s of audio": self.seconds_per_second,
                             "first call s": self.first_call_seconds}).rename_axis("measure")


# Comparisons with a resolution or a threshold allow for rounding (0.05 computed as 0.0499...).
_TOLERANCE = 1e-9


def _badness(scores: pd.Series, m) -> np.ndarray:
    return np.array([m.badness(float(s)) for s in scores])


def _family_result(scores: pd.DataFrame, key: str, family: str, m, min_tau: float) -> dict:
    from scipy.stats import kendalltau

    part = scores.xs(family, level="family")
    taus, told, worst, steps, n_steps = [], True, -np.inf, 0, 0
    for mat in part.index.get_level_values("material").unique():
        by_seed = part.xs(mat, level="material")
        seed_taus, seed_bad = [], []
        for seed in by_seed.index.get_level_values("seed").unique():
            one = by_seed.xs(seed, level="seed").sort_values("step")
            bad = _badness(one[key], m)
            seed_bad.append(bad)
            rounded = np.round(bad / m.resolution)
            tau = kendalltau(np.arange(bad.size), rounded).statistic
            seed_taus.append(0.0 if not np.isfinite(tau) else float(tau))
            told = told and bool(bad[1] - bad[0] >= m.resolution - _TOLERANCE)
            worst = max(worst, float(np.max(bad[1:] - bad[0])))
        taus.append(float(np.mean(seed_taus)))
        mean_bad = np.mean(seed_bad, axis=0)
        steps += int(np.sum(np.diff(mean_bad[1:]) >= m.resolution - _TOLERANCE))
        n_steps += mean_bad.size - 2
    tau = float(min(taus))
    if faults.FAULT_FAMILIES[family].expectation == "unheard":
        passes = bool(worst < m.margin)
    else:
        passes = bool(tau >= min_tau - _TOLERANCE and told)
    return {"tau": tau, "told": told, "steps told apart": steps, "steps": n_steps,
            "worst gap": worst, "passes": passes}


def _versions() -> dict[str, str]:
    found = {}
    for dist in ("visqol-python", "zimtohrli", "seabass-2f", "pyloudnorm", "pedalboard",
                 "numpy", "scipy", "numba"):
        try:
            found[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[dist] = "absent"
    return found


def _code_hash() -> str:
    """A hash of the code that makes the cases and scores them (this module, the faults, the
    measures' wrappers, the effects, the material, resampling and the checks): a change to
    any of them makes cached scores stale."""
    import hashlib
    from pathlib import Path

    from dsp_paper import audio_io, checks, metrics, perceptual

    digest = hashlib.sha256()
    for module in (faults, perceptual, metrics, effects, material, audio_io, checks):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def _cases(size: CalibrationSize, rule: CalibrationRule):
    """Yield (material, family, step, severity, seed, clean copy, case)."""
    for mat in size.materials or rule.materials:
        audio = CALIBRATION_MATERIALS[mat][1](SAMPLE_RATE)
        excerpt = calibration_excerpt(audio, seconds=size.seconds, sample_rate=SAMPLE_RATE)
        for seed in range(size.seeds):
            # an unseeded family is the same in every seed: scored once, as seed 0
            families = {f: v for f, v in rule.severities.items()
                        if seed == 0 or faults.FAULT_FAMILIES[f].seeded}
            for family, (clean, cases) in faults.fault_cases(
                    excerpt, families, sample_rate=SAMPLE_RATE, seed=seed).items():
                yield mat, family, 0, 0.0, seed, clean, clean
                for step, (severity, case) in enumerate(cases.items(), start=1):
                    yield mat, family, step, severity, seed, clean, case


def _score_all(scale: str, rule: CalibrationRule, measures: Sequence[str]) -> dict:
    size = rule.sizes[scale]
    rows, spent, first = [], {k: 0.0 for k in measures}, {}
    warm = calibration_excerpt(CALIBRATION_MATERIALS["voice"][1](SAMPLE_RATE),
                               seconds=size.seconds, sample_rate=SAMPLE_RATE)
    for key in measures:  # the first call compiles or loads a measure's kernels
        t0 = time.perf_counter()
        perceptual_measure(key).score(warm * 0.5, warm, sample_rate=SAMPLE_RATE)
        first[key] = time.perf_counter() - t0
    judged = 0.0
    for mat, family, step, severity, seed, clean, case in _cases(size, rule):
        row = [rule.materials.index(mat), list(rule.severities).index(family), step, severity,
               seed]
        for key in measures:
            t0 = time.perf_counter()
            value = float(perceptual_measure(key).score(case, clean, sample_rate=SAMPLE_RATE))
            spent[key] += time.perf_counter() - t0
            if not np.isfinite(value):  # a NaN would pass an unheard family unseen
                raise ParameterError(f"{key} scored {mat}, {family} at {severity:g} (seed "
                                     f"{seed}) as {value}: the calibration needs a score for "
                                     "every case")
            row.append(value)
        judged += case.size / SAMPLE_RATE
        rows.append(row)
    return {"rows": np.array(rows, np.float64),
            "spent": np.array([spent[k] / judged for k in measures]),
            "first": np.array([first[k] for k in measures])}


def run_calibration(scale: str | None = None, *, rule: CalibrationRule = CALIBRATION,
                    measures: Sequence[str] | None = None) -> Calibration:
    """Score every case of the calibration with every candidate, or load the scores a run
    with the same rule, sizes and measure versions stored (``build/cache``).

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional
        Picks :attr:`CalibrationRule.sizes`; default ``DSP_PAPER_SCALE``.
    rule : CalibrationRule
    measures : sequence of str, optional
        Keys of :data:`~dsp_paper.perceptual.PERCEPTUAL_MEASURES`; default all.

    Returns
    -------
    Calibration
    """
    scale = resolve_scale(scale)
    measures = tuple(measures or PERCEPTUAL_MEASURES)
    for key in measures:
        perceptual_measure(key)
    params = {"rule": rule.snapshot(), "scale": scale, "measures": measures,
              "versions": _versions(), "sample_rate": SAMPLE_RATE, "code": _code_hash(),
              "materials": {m: CALIBRATION_MATERIALS[m][0] for m in rule.materials},
              "guitar take": GUITAR_TAKE}
    arrays, _ = cached_arrays("perceptual_calibration", params,
                              lambda: _score_all(scale, rule, measures))
    rows = arrays["rows"]
    index = pd.MultiIndex.from_arrays(
        [[rule.materials[int(i)] for i in rows[:, 0]],
         [list(rule.severities)[int(i)] for i in rows[:, 1]],
         rows[:, 3], rows[:, 4].astype(int)], names=["material", "family", "severity", "seed"])
    scores = pd.DataFrame(rows[:, 5:], index=index, columns=list(measures))
    scores.insert(0, "step", rows[:, 2].astype(int))
    return Calibration(scores, dict(zip(measures, map(float, arrays["spent"]))),
                       dict(zip(measures, map(float, arrays["first"]))), scale, rule)


@dataclass(frozen=True)
class PerceptualChoice:
    """The measure that carries the perceptual verdicts, or none.

    Attributes
    ----------
    measure : str
        Key of the chosen measure; ``""`` when none passes every family asked for.
    shown : str
        The measure whose numbers the claims show: the chosen one, else the candidate that
        passes the most families (the higher mean tau breaking ties).
    passed : dict of str -> tuple of str
        Measure -> the families it passes.
    families : tuple of str
        The families asked for.
    """

    measure: str
    shown: str
    passed: dict
    families: tuple

    def failed(self, key: str) -> tuple[str, ...]:
        """The families asked for that ``key`` fails."""
        return tuple(f for f in self.families if f not in self.passed.get(key, ()))

    def record(self) -> dict:
        """What a results record carries for :func:`calibrated_for` (key ``_perceptual``)."""
        return {"measure": self.shown, "passed": {k: list(v) for k, v in self.passed.items()}}


def choose_measure(calibration: Calibration, *,
                   families: Sequence[str] | None = None) -> PerceptualChoice:
    """The rule's choice: among the candidates that pass every family in ``families``, the one
    with the highest mean tau over the ordered families; ties go to the catalogue's order.

    Parameters
    ----------
    calibration : Calibration
    families : sequence of str, optional
        Families of the calibration a claim involves; default all of them.

    Returns
    -------
    PerceptualChoice
        Its ``measure`` is empty when no candidate passes every one of ``families``; its
        ``shown`` is then the candidate that passes the most.

    Raises
    ------
    ParameterError
        If a family is not one of the calibration's.
    """
    families = tuple(calibration.rule.severities if families is None else families)
    unknown = [f for f in families if f not in calibration.rule.severities]
    if unknown or not families:
        raise ParameterError(f"families {unknown or '(none)'} are not the calibration's: "
                             f"choose from {list(calibration.rule.severities)}")
    table = calibration.family_table()
    passed = calibration.passed()
    ordered = [f for f in families if faults.FAULT_FAMILIES[f].expectation == "ordered"]
    catalogue = list(PERCEPTUAL_MEASURES)

    def rank(key: str) -> tuple:
        n = sum(f in passed[key] for f in families)
        tau = float(table.loc[key].loc[ordered, "tau"].mean()) if ordered else 0.0
        return (n, tau, -catalogue.index(key))

    best = max(passed, key=rank)
    chosen = best if all(f in passed[best] for f in families) else ""
    return PerceptualChoice(chosen, best, passed, families)


def calibrated_for(record: dict, families: Sequence[str]) -> tuple[bool, str]:
    """Whether the measure a results record's perceptual quantities come from passes every one
    of ``families``, and if not, why (one clause).

    Parameters
    ----------
    record : dict
        Carries ``_perceptual`` (:meth:`PerceptualChoice.record`).
    families : sequence of str

    Returns
    -------
    calibrated : bool
    why : str
        Empty where calibrated.

    Raises
    ------
    ParameterError
        If the record's measure fails a family that another candidate of the record passes
        with every other: the record did not take the calibration's choice.
    """
    info = record.get("_perceptual")
    if not info:
        return False, "no calibration was recorded with the run"
    key = info["measure"]
    passed = {k: set(v) for k, v in info["passed"].items()}
    if all(f in passed.get(key, ()) for f in families):
        return True, ""
    others = [k for k, p in passed.items() if all(f in p for f in families)]
    if others:
        raise ParameterError(f"the record's perceptual measure {key!r} fails families that "
                             f"{others} pass: it is not the calibration's choice")
    return False, ("no candidate passes every family of the calibration this claim involves ("
                   + failures_text(passed, families) + ")")


def failures_text(passed: dict, families: Sequence[str]) -> str:
    """Each candidate with the families of ``families`` it fails, one clause each
    (``"ViSQOL MOS-LQO fails level, delay; 2f MUSHRA fails delay"``).

    Parameters
    ----------
    passed : dict of str -> sequence of str
        Measure key -> the families it passes.
    families : sequence of str
    """
    return "; ".join(f"{perceptual_measure(k).label} fails "
                     + ", ".join(f for f in families if f not in v)
                     for k, v in passed.items() if any(f not in v for f in families))
