"""The tables notebook ``08_capture`` shows: every model on every effect, and the knob."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dsp_paper.studies.capture_comparison.experiment import KnobExperiment, ModelRun
from dsp_paper.studies.capture_comparison.settings import MODELS, MODELS_2017

__all__ = ["comparison_table", "knob_table"]

def _mean_judged(values: list[float]) -> float:
    """The mean of the scores ViSQOL could give (NaN where it gave none)."""
    values = np.asarray(values, float)
    return float(np.mean(values[~np.isnan(values)])) if np.any(~np.isnan(values)) else np.nan


def comparison_table(runs: dict[tuple[str, str, int], ModelRun], fir: dict[str, dict],
                     speed: dict[str, dict]) -> pd.DataFrame:
    """One row per (effect, model): the test scores (mean over the seeds that ran, and the
    range of the ESR; MOS-LQO, ViSQOL's objective estimate, over the seeds it could judge),
    weights, training (epochs and optimiser steps, means over the seeds; how many of the runs
    stopped on a plateau of their validation loss; seconds), and speed on one core; the FIR
    floor last.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``effect`` and ``model``.
    """
    rows = []
    for effect in dict.fromkeys(e for e, _, _ in runs):
        for name in MODELS:
            done = [r for (e, n, _), r in runs.items() if e == effect and n == name]
            esr = [r.scores["esr"] for r in done]
            rows.append({
                "effect": effect, "model": name,
                "from": "2017" if name in MODELS_2017 else "today",
                "seeds": len(done), "test ESR": float(np.mean(esr)),
                "ESR lowest": float(np.min(esr)), "ESR highest": float(np.max(esr)),
                "ESR pre-emph.": float(np.mean([r.scores["esr_pre_emphasis"] for r in done])),
                "band LSD dB": float(np.mean([r.scores["band_lsd_db"] for r in done])),
                "MOS-LQO": _mean_judged([r.scores["mos_lqo"] for r in done]),
                "weights": done[0].weights,
                "epochs": float(np.mean([r.epochs for r in done])),
                "steps": float(np.mean([r.steps for r in done])),
                "plateaued": sum(r.stopped == "plateau" for r in done),
                "training s": float(np.mean([r.seconds for r in done])),
                "real-time factor": speed[name]["realtime_factor"],
                "latency ms": speed[name]["latency_ms"]})
        f = fir[effect]
        rows.append({"effect": effect, "model": "least-squares FIR", "from": "linear floor",
                     "seeds": 1, "test ESR": f["esr"], "ESR lowest": f["esr"],
                     "ESR highest": f["esr"], "ESR pre-emph.": f["esr_pre_emphasis"],
                     "band LSD dB": f["band_lsd_db"], "MOS-LQO": f["mos_lqo"],
                     "weights": np.nan, "epochs": np.nan, "steps": np.nan,
                     "plateaued": np.nan, "training s": np.nan, "real-time factor": np.nan,
                     "latency ms": np.nan})
    return pd.DataFrame(rows).set_index(["effect", "model"])


def knob_table(knob: KnobExperiment) -> pd.DataFrame:
    """The knob's rows averaged over the seeds, one row per drive (dB), with the seed count.

    Returns
    -------
    pandas.DataFrame
    """
    frame = pd.DataFrame(knob.rows)
    return frame.groupby("drive dB").agg(**{
        "seen in training": ("seen in training", "first"),
        "knob model": ("knob model", "mean"),
        "knob model, worst seed": ("knob model", "max"),
        "knob model, FiLM": ("knob model, FiLM", "mean"),
        "FiLM, worst seed": ("knob model, FiLM", "max"),
        "trained at this drive": ("trained at this drive", "mean"),
        "seeds": ("seed", "count")})
