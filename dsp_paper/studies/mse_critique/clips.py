"""What 07's players of disputed outputs say, from the run's numbers: whether the pairs played
are a clear dispute (both measures' gaps at least the claim's margins) or only the closest
disagreements of a seed that has none, the gaps of each pair, and a score beside each clip.

The first seed's outputs play (:meth:`LowpassRejudged.clips`): where it has no clear dispute,
its players hold pairs a listener may well hear as ties, and the words say so. The perceptual
players set MSE against the judge the calibration shows (``lowpass.judge``), with that judge's
own margin and unit, and say when it is no calibrated measure."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dsp_paper.studies.mse_critique.claims import claim_settings
from dsp_paper.studies.mse_critique.controlled import ControlledStudy
from dsp_paper.studies.mse_critique.limits import LIMIT_FAMILIES, LimitsStudy, limit_title
from dsp_paper.studies.mse_critique.measures import (BAND_LSD, MOS_LQO, column_measure,
                                                     preference_gap, with_unit)
from dsp_paper.studies.mse_critique.rejudged import (HighpassRejudged, LowpassRejudged,
                                                     perceptual_disputes)
from dsp_paper.studies.mse_critique.settings import VOICE
from dsp_paper.study.prose import word_list

__all__ = ["DisputeListening", "lowpass_dispute", "highpass_dispute", "measure_scores",
           "case_scores", "limits_scores"]

# what each judge listens to, for a listener deciding between the two: the spectral measure,
# and each perceptual candidate by its catalogue key
_LSD_WEIGHS = ("MSE weighs the waveform, so the loud low notes; the band-limited LSD weighs "
               "the spectrum's shape in dB, the quiet top band and any hiss in it included")
_HEARS = {
    "visqol": "is ViSQOL's model of a listener, which aligns the two signals and matches "
              "their levels first",
    "zimtohrli": "is Zimtohrli's model of a listener (a cochlear filterbank and loudness), "
                 "which compares levels as they are",
    "2f": "is the 2f-model's estimate of a MUSHRA score, from PEAQ's modulation difference "
          "and distorted blocks, levels as they are",
    "loudness": "compares only the momentary loudness, 400 ms at a time",
}


def _weighs(second: str) -> str:
    judge = column_measure(second)
    return _LSD_WEIGHS if judge is None else f"MSE weighs the waveform; {second} " \
                                            f"{_HEARS[judge.name]}"


def _short(second: str) -> str:
    return "the band-limited LSD" if second == BAND_LSD else second


@dataclass(frozen=True)
class DisputeListening:
    """The players of one dispute table and what to say about them.

    Attributes
    ----------
    clips : dict of str -> np.ndarray
        ``target`` and each output of the pairs shown.
    what : dict of str -> str
        Which measure prefers each output to which (:func:`~dsp_paper.studies.mse_critique.dispute_clips`), for a figure.
    described : dict of str -> str
        The same with each preference's gap, and whether it reaches the margin, for players.
    scores : dict of str -> str
        Each output's value under MSE and the second measure.
    heading, listen_for, figure_title : str
        Whether the dispute is a clear one is in each.
    text : str
        Markdown for under the players: is it a clear dispute, and what the other seeds have.
    clear : bool
        The pairs shown are a clear dispute (both gaps at least their margins).
    """

    clips: dict
    what: dict
    described: dict
    scores: dict
    heading: str
    listen_for: str
    figure_title: str
    text: str
    clear: bool


def _gap_text(gap: float, measure: str) -> str:
    number = f"{gap:.1f}" if gap >= 1 else f"{gap:.2g}"  # a small gap keeps its digits
    return with_unit(number, measure)


def _margin_text(margin: float, measure: str) -> str:
    return with_unit(f"{margin:g}", measure)


def _digits(resolution: float) -> int:
    """Decimals that show a score to its judge's resolution (0.05 -> 2, 1 -> 0)."""
    return max(0, int(np.ceil(-np.log10(resolution) - 1e-9)))


def _value_text(value: float, measure: str) -> str:
    judge = column_measure(measure)
    unit = " dB" if judge is None else f" {judge.unit}"
    label = measure.removesuffix(unit) if measure.endswith(unit) else measure
    if np.isnan(value):
        return f"{label} not judged"
    if judge is not None:
        return f"{label} {value:.{_digits(judge.resolution)}f}" \
               + (unit if measure.endswith(unit) else "")
    return f"{label} {value:.2f} dB" if measure.endswith(" dB") else f"{label} {value:.3g}"


def measure_scores(table: pd.DataFrame, titles, measures) -> dict[str, str]:
    """``"MSE 3.4e-05, band-limited LSD 2.63 dB"``: each of ``titles`` (rows of a
    :func:`~dsp_paper.studies.mse_critique.measure_table`) under ``measures``.

    Returns
    -------
    dict of str -> str
        Title -> its values, the titles that are rows of ``table`` only.
    """
    return {t: ", ".join(_value_text(float(table.loc[t, m]), m) for m in measures)
            for t in titles if t in table.index}


def case_scores(study: ControlledStudy, *, material: str = "voice") -> dict[str, str]:
    """Each controlled case's ESR and MOS-LQO against the target (the titles of
    :func:`~dsp_paper.studies.mse_critique.case_clips`): what MSE's kind makes of a fault
    beside what a model of a listener does."""
    return measure_scores(study.tables[material], study.cases[material], ("ESR", MOS_LQO))


def limits_scores(limits: LimitsStudy, *, material: str = "voice") -> dict[str, str]:
    """The harshest setting of each limit family, its MOS-LQO and ESR (the titles of
    :func:`~dsp_paper.studies.mse_critique.limits_clips`)."""
    table = limits.tables[material]
    rows = pd.DataFrame({limit_title(f): table.loc[(f, settings[-1])]
                         for f, (_, _, settings) in LIMIT_FAMILIES.items()}).T
    return measure_scores(rows, list(rows.index), (MOS_LQO, "ESR"))


def _described(what: dict, table: pd.DataFrame, second: str, margins: tuple) -> dict:
    """``what`` with each preference's gap, and "under the margin" where it falls short."""
    described = {}
    for name, reasons in what.items():
        if name not in table.index:
            described[name] = reasons
            continue
        parts = []
        for reason in reasons.split("; "):
            measure, _, other = reason.partition(" prefers it to ")
            gap = abs(preference_gap(table.loc[name, measure], table.loc[other, measure],
                                     measure))
            margin = margins[0] if measure == "MSE" else margins[1]
            short = "" if gap >= margin else f", under the {_margin_text(margin, measure)} " \
                                             "margin"
            parts.append(f"{measure.removesuffix(' dB')} prefers it to {other} by "
                         f"{_gap_text(gap, measure)}{short}")
        described[name] = "; ".join(parts)
    return described



def _other_seeds(counts: dict, claim: str) -> str:
    """What the seeds that do not play have: the evidence the claim counts beside these."""
    have = {s: c for s, c in counts.items() if c}
    if not have:
        return f" No other seed has a clear dispute either (the table above; claim {claim} " \
               "counts every seed's)."
    plural = len(have) > 1
    return (f" Seed{'s' if plural else ''} {word_list([str(s) for s in have])} "
            f"{'have' if plural else 'has'} clear disputes, "
            f"{word_list([str(c) for c in have.values()])} pair{'s' if sum(have.values()) > 1 else ''}"
            f" (the table above; claim {claim} counts every seed's), not played here.")


def lowpass_dispute(lowpass: LowpassRejudged, *, shown: int,
                    perceptual: bool = False) -> DisputeListening:
    """The first seed's disputed outputs of 000's nets (MSE against the band-limited LSD, or
    against the perceptual judge the calibration shows with ``perceptual``), and whether they
    are a clear dispute.

    Parameters
    ----------
    lowpass : LowpassRejudged
    shown : int
        How many pairs play (from the top of the seed's decisive disputes, or of its
        closest disagreements when it has none).
    perceptual : bool
        Claim C0.6d's judge (``lowpass.judge``, with its own margin) instead of C0.6c's (the
        band-limited LSD).

    Returns
    -------
    DisputeListening
    """
    seed = lowpass.seeds[0]
    table = lowpass.tables[seed]
    second = lowpass.judge if perceptual else BAND_LSD
    settings = claim_settings("C0.6d" if perceptual else "C0.6c")
    margins = (settings["mse_margin_db"],
               column_measure(second).margin if perceptual else settings["lsd_margin_db"])
    decisive = lowpass.perceptual if perceptual else lowpass.decisive
    counts = {s: len(d) for s, d in decisive.items()}
    clear = counts[seed] > 0
    if perceptual:
        clips, what = lowpass.perceptual_clips(shown=shown)
        opposite = len(perceptual_disputes(table, judge=lowpass.choice.shown, margins=False))
    else:
        clips, what = lowpass.clips(shown=shown)
        opposite = len(lowpass.disputed)
    name, pairs = _short(second), len(table) * (len(table) - 1) // 2
    margin_text = (f"MSE by {_margin_text(margins[0], 'MSE')}, {name} by "
                   f"{_margin_text(margins[1], second)}")
    subject = f"000's nets, seed {seed}: MSE and {name}"
    if clear:
        heading = f"{subject} clearly order these outputs oppositely"
        state = (f"a clear dispute: MSE prefers one output of each pair, {name} the other, "
                 f"each by at least its margin ({margin_text})")
        title = " by a clear margin"
        answer = (f"**Is it a clear dispute?** Yes: MSE and {name} order {counts[seed]} of "
                  f"seed {seed}'s {pairs} pairs oppositely by both margins ({margin_text}); "
                  f"the players hold the first {min(shown, counts[seed])}.")
    elif opposite:
        heading = (f"{subject} order these outputs oppositely only within the margins (no "
                   "clear dispute)")
        state = (f"not a clear dispute: MSE and {name} order these outputs oppositely, but in "
                 f"no pair do both gaps reach their margins ({margin_text}), so neither judge "
                 "clearly prefers either and a listener may well hear ties")
        title = " (within the margins: no clear dispute)"
        answer = (f"**Is it a clear dispute?** No, not for seed {seed}, whose outputs play "
                  f"here: MSE and {name} order {opposite} of its {pairs} pairs oppositely, "
                  f"but none by both margins ({margin_text}); the players hold its closest "
                  "disagreements, and each clip's description gives its gaps.")
    else:
        heading = f"{subject} order every pair alike (nothing disputed)"
        state = f"nothing disputed: MSE and {name} order every pair of this seed alike"
        title = " (none: every pair ordered alike)"
        answer = (f"**Is it a clear dispute?** There is none to hear for seed {seed}: MSE and "
                  f"{name} order all of its {pairs} pairs alike; the target plays alone.")
    others = {s: c for s, c in counts.items() if s != seed}
    if others:
        answer += _other_seeds(others, "C0.6d" if perceptual else "C0.6c")
    if perceptual and not lowpass.choice.measure:
        failed = lowpass.choice.failed(lowpass.choice.shown)
        answer += (f" {second} is no calibrated judge: it is the calibration's best candidate "
                   f"but fails {', '.join(failed)}, so its preferences are shown, not counted "
                   "as a listener's.")
    listen_for = f"which output of each pair sounds closer to the target; {state}. " \
                 f"{_weighs(second)}"
    if perceptual:
        spread = table[second].dropna()
        digits = _digits(column_measure(second).resolution)
        if len(spread):
            listen_for += (f"; {second} puts every output of this seed between "
                           f"{spread.min():.{digits}f} and {spread.max():.{digits}f}")
    described = _described(what, table, second, margins)
    return DisputeListening(
        clips, what, described, measure_scores(table, list(clips)[1:], ("MSE", second)),
        heading, listen_for, f"000's nets on the test piano: outputs MSE and {name} order "
                             f"oppositely{title}", answer, clear)


def highpass_dispute(highpass: HighpassRejudged, *, shown: int,
                     perceptual: bool = False) -> DisputeListening:
    """05's models on the voice: the pairs MSE and the band-limited LSD (or, with
    ``perceptual``, the judge the calibration shows) order oppositely however slightly (no
    margins: this is no claim's evidence), for players.

    Returns
    -------
    DisputeListening
        ``clear`` is False: no margin is asked of these pairs.
    """
    table = highpass.tables[VOICE]
    second = highpass.judge if perceptual else BAND_LSD
    clips, what = (highpass.perceptual_clips if perceptual else highpass.clips)(shown=shown)
    opposite = len((highpass.perceptual if perceptual else highpass.disputed)[VOICE])
    name, pairs = _short(second), len(table) * (len(table) - 1) // 2
    if opposite:
        heading = (f"05's models on the voice: {opposite} of {pairs} pairs MSE and {name} "
                   "order oppositely, however slightly")
        listen_for = (f"which output of each pair sounds closer to the target; no margin is "
                      f"asked of these pairs, so some may be ties to the ear. "
                      f"{_weighs(second)}")
    else:
        heading = f"05's models on the voice: MSE and {name} order all {pairs} pairs alike"
        listen_for = "the target alone: no pair of outputs is disputed"
    # no margins asked, so no gap is "under" one
    described = _described(what, table, second, (0.0, 0.0))
    return DisputeListening(clips, what, described,
                            measure_scores(table, list(clips)[1:], ("MSE", second)),
                            heading, listen_for, heading, "", False)
