"""1c. Calibrating the perceptual judge: every candidate of
:data:`~dsp_paper.perceptual.PERCEPTUAL_MEASURES` scores real material through known faults at
rising severity (:func:`~dsp_paper.study.calibration.run_calibration`, cached, so notebook 05
usually pays for it), and the rule pinned before the run
(:data:`~dsp_paper.study.calibration.CALIBRATION`) says which one, if any, may carry claim
C0.6d's perceptual verdict. The tables and sentences here are the notebook's view of it; the
figures are :func:`~dsp_paper.studies.mse_critique.calibration_figure` and
:func:`~dsp_paper.studies.mse_critique.calibration_curves_figure`."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dsp_paper import faults
from dsp_paper.perceptual import PERCEPTUAL_MEASURES, perceptual_measure
from dsp_paper.studies.mse_critique.claims import PERCEPTUAL_FAMILIES
from dsp_paper.studies.mse_critique.measures import perceptual_column, with_unit
from dsp_paper.study.calibration import (CALIBRATION_MATERIALS, Calibration, PerceptualChoice,
                                         choose_measure, run_calibration)
from dsp_paper.study.prose import word_list
from dsp_paper.study.settings import Settings

__all__ = ["perceptual_calibration", "perceptual_choice", "calibration_table",
           "calibration_cost", "calibration_rule_text", "choice_text"]



def perceptual_calibration(cfg: Settings | str) -> Calibration:
    """The calibration at ``cfg``'s scale (or at the scale ``cfg`` names): every candidate,
    every family, loaded from the cache where an earlier notebook ran it.

    Parameters
    ----------
    cfg : Settings or str
        07's settings, or a scale (``"smoke"``, ``"quick"``, ``"paper"``).

    Returns
    -------
    Calibration
    """
    return run_calibration(cfg if isinstance(cfg, str) else cfg.scale)


def perceptual_choice(calibration: Calibration) -> PerceptualChoice:
    """The rule's choice over the families C0.6d involves
    (:data:`~dsp_paper.studies.mse_critique.PERCEPTUAL_FAMILIES`): the measure that carries
    its verdict, or none, and the candidate whose numbers it shows."""
    return choose_measure(calibration, families=PERCEPTUAL_FAMILIES)


def calibration_table(calibration: Calibration) -> pd.DataFrame:
    """Every candidate against every family, as a reader checks the rule.

    Returns
    -------
    pandas.DataFrame
        Rows (measure, family), the measure by its label; columns ``expectation``
        (``ordered`` or ``unheard``), ``tau`` (Kendall's tau-b, the lowest over the materials
        of the mean over the seeds), ``told from clean`` (the mildest severity told from the
        clean copy on every material and seed), ``steps told apart`` (``"k of n"``:
        neighbouring severities ordered by at least the resolution), ``worst gap`` (an unheard
        family's largest badness over the clean copy's, in the measure's unit; NaN for an
        ordered family, which it does not decide), ``margin`` and ``passes``.
    """
    table = calibration.family_table()
    rows = []
    for (key, family), row in table.iterrows():
        m = perceptual_measure(key)
        unheard = faults.FAULT_FAMILIES[family].expectation == "unheard"
        rows.append({"measure": m.label, "family": family,
                     "expectation": faults.FAULT_FAMILIES[family].expectation,
                     "tau": float(row["tau"]), "told from clean": bool(row["told"]),
                     "steps told apart": f"{int(row['steps told apart'])} of "
                                         f"{int(row['steps'])}",
                     "worst gap": float(row["worst gap"]) if unheard else float("nan"),
                     "margin": m.margin, "passes": bool(row["passes"])})
    return pd.DataFrame(rows).set_index(["measure", "family"])


def calibration_cost(calibration: Calibration) -> pd.DataFrame:
    """:meth:`~dsp_paper.study.calibration.Calibration.cost_table` with each measure by its
    label: seconds per second of audio judged, and its first call in the calibration (which
    compiles or loads its kernels only where nothing in the process had called it yet)."""
    cost = calibration.cost_table()
    cost.index = pd.Index([perceptual_measure(k).label for k in cost.index], name="measure")
    return cost


def calibration_rule_text(calibration: Calibration) -> str:
    """The rule the calibration ran under, quoted from its fields (Markdown): what passes, on
    which material and faults, at which size, and why.

    Returns
    -------
    str
    """
    rule = calibration.rule
    size = rule.sizes[calibration.scale]
    unheard = [f for f in rule.severities if faults.FAULT_FAMILIES[f].expectation == "unheard"]
    lines = [
        "**The rule, fixed before the run** (`dsp_paper.study.calibration.CALIBRATION`, "
        "pinned in the registry):",
        "",
        f"- an *ordered* family passes when, on every material, Kendall's tau-b between the "
        f"severity (the clean copy first) and the measure's badness, rounded to the measure's "
        f"resolution, is at least {rule.min_tau:g} on average over the seeds of the noise, and "
        "in every seed the mildest severity scores worse than the clean copy by at least the "
        "resolution;",
        f"- an *unheard* family ({word_list(unheard)}) passes when no severity, on any material "
        "and seed, scores worse than the clean copy by the measure's clear-preference margin;",
        "- a measure carries C0.6d's verdict only if it passes every family: "
        + word_list(PERCEPTUAL_FAMILIES) + ".",
        "",
        f"Materials ({calibration.scale}: {size.seeds} seed(s) of the noise, the loudest "
        f"{size.seconds:g} s of each): "
        + "; ".join(f"{name}, {CALIBRATION_MATERIALS[name][0]}"
                    for name in size.materials or rule.materials)
        + ".",
        "",
        "| family | expectation | severity | mildest to harshest |",
        "|---|---|---|---|",
    ]
    for family, values in rule.severities.items():
        f = faults.FAULT_FAMILIES[family]
        lines.append(f"| {family} | {f.expectation} | {f.setting} ({f.unit}) | "
                     + ", ".join(f"{v:g}" for v in values) + " |")
    lines += ["", "| candidate | scale | higher is better | resolution | margin |",
              "|---|---|---|---|---|"]
    for m in PERCEPTUAL_MEASURES.values():
        lines.append(f"| {m.label} | {m.unit} | {'yes' if m.higher_is_better else 'no'} | "
                     f"{m.resolution:g} | {m.margin:g} |")
    lines += ["", "Why:", ""] + [f"- {why}" for why in rule.why]
    return "\n".join(lines)


def _mean_tau(calibration: Calibration, key: str, families) -> float:
    ordered = [f for f in families if faults.FAULT_FAMILIES[f].expectation == "ordered"]
    table = calibration.family_table()
    return float(np.mean([table.loc[(key, f), "tau"] for f in ordered])) if ordered else 0.0


def choice_text(choice: PerceptualChoice, calibration: Calibration) -> str:
    """The rule's choice in words, from the run: which measure carries C0.6d's perceptual
    verdict (or that none passes every family), its margin, and the families each other
    candidate failed.

    Returns
    -------
    str
        Markdown.
    """
    n = len(choice.families)
    shown = perceptual_measure(choice.shown)
    margin = with_unit(f"{shown.margin:g}", perceptual_column(choice.shown))
    tau = _mean_tau(calibration, choice.shown, choice.families)
    others = [k for k in choice.passed if k != choice.shown]
    failures = "; ".join(
        f"{perceptual_measure(k).label} fails "
        + (f"{len(choice.failed(k))} of {n}: {', '.join(choice.failed(k))}"
           if choice.failed(k) else "none") for k in others)
    if choice.measure:
        text = (f"**The rule's choice: {shown.label}.** It passes every one of the {n} "
                f"families C0.6d involves (mean tau {tau:.2f} over the ordered ones), so it "
                f"carries C0.6d's perceptual verdict, with a clear-preference margin of "
                f"{margin}. ")
    else:
        failed = choice.failed(choice.shown)
        text = (f"**The rule's choice: none.** No candidate passes every one of the {n} "
                "families C0.6d involves, so its verdict is inconclusive (no calibrated "
                f"measure). Section 2 shows the numbers of {shown.label}, the candidate that "
                f"passes the most ({n - len(failed)} of {n}; mean tau {tau:.2f} over the "
                f"ordered ones), with its margin of {margin}; it fails "
                f"{word_list(failed)}. ")
    return text + (f"The other candidates: {failures}." if others else "")
