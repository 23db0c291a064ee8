"""The generated prose of notebook ``08_capture``: what differs from the field and the documents
(:func:`differences`), the closing text (:func:`what_it_means`) and what ``results.json`` keeps
(:func:`results`)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dsp_paper.capture import RECIPES, quality_label, time_split
from dsp_paper.material import GUITAR_TAKES
from dsp_paper.studies import conv_tied, dense_baselines, recurrent_eq, scale_config
from dsp_paper.studies.capture_comparison.data import effect_description
from dsp_paper.studies.capture_comparison.experiment import KnobExperiment, ModelRun
from dsp_paper.studies.capture_comparison.paper import FIELD
from dsp_paper.studies.capture_comparison.settings import (KNOBS_UNSEEN_DB, MODELS, MODELS_TODAY,
                                                           CaptureStudySettings)
from dsp_paper.study.prose import plural, verdict_of

__all__ = ["differences", "what_it_means", "results"]


def differences(cfg: CaptureStudySettings, dry: np.ndarray,
                runs: dict[tuple[str, str, int], ModelRun],
                knob: KnobExperiment) -> list[tuple[str, str, str]]:
    """What differs from what the field reports
    (:data:`~dsp_paper.studies.capture_comparison.paper.FIELD`) and from the 2017 documents'
    own settings, taken from the settings that ran.

    Returns
    -------
    list of (str, str, str)
        ``(aspect, the documents / the field, this run)``.

    Notes
    -----
    Longer than most functions here: it is one table, a row per aspect; splitting it would
    scatter the table.
    """
    scale = cfg.scale
    dense_cfg = scale_config("03_dense_baselines", scale)
    conv_cfg = scale_config("04_conv_tied", scale)
    rec_cfg = scale_config("05_recurrent_eq", scale)
    first = {name: next(r for (_, n, _), r in runs.items() if n == name) for name in MODELS}
    wavenet, lstm = RECIPES["wavenet"], RECIPES["lstm"]
    take_seconds = dry.size / cfg.sample_rate
    spans = time_split(dry.size, sample_rate=cfg.sample_rate)
    seconds = {k: (b - a) / cfg.sample_rate for k, (a, b) in spans.items()}
    seeded = ", ".join(cfg.seeded_effects)
    return [
        ("effects", "000: 'a more complex effect made with some pedal effects', not tested",
         "; ".join(f"{e}: {effect_description(e)}" for e in cfg.effects)),
        ("material and split", FIELD["nam_split"],
         ("the package's" if cfg.dry_seconds is None else f"the last {take_seconds:.1f} s "
                                                            "of the package's")
         + f" {len(GUITAR_TAKES)} recorded guitar takes played one after another, split by "
           "time: train "
         f"{seconds['train']:.1f} s, validation {seconds['validation']:.1f} s, test (last) "
         f"{seconds['test']:.1f} s"),
        ("seeds", "one run each",
         f"{len(set(s for *_, s in runs))} on {seeded}, the same for every model" +
         ("; the first only on the others" if set(cfg.seeded_effects) != set(cfg.effects)
          else "")),
        ("training budget", f"each its own: 000 {dense_baselines.PAPER_DENSE_EPOCHS[1]} "
                            f"epochs (dense) and {max(conv_tied.PAPER_CONV_AUDIO_EPOCHS)} (conv), "
                            f"002 early stopping (patience {recurrent_eq.THESIS_PATIENCE}), "
                            "Neural Amp Modeler 100 epochs",
         _budget_text(cfg, runs)),
        ("000's nets", f"dense (hidden {dense_baselines.PAPER_DENSE_HIDDEN}) and tied conv, "
                       "on the lowpass; back-to-back test blocks",
         f"dense with tanh, window {dense_cfg.window}, and tied conv, window {conv_cfg.window}, "
         f"on MSE with Adam (lr {dense_cfg.learning_rate:g} and {conv_cfg.learning_rate:g}, "
         f"batches of {dense_cfg.batch_size} and {conv_cfg.batch_size}), the windows of 03 "
         f"and 04 at {scale}; test windows overlap-added"),
        ("002's LSTM", f"{recurrent_eq.THESIS_SIZES['lstm'][0]}-sample windows, "
                       f"{recurrent_eq.THESIS_SIZES['lstm'][1]} units, on a "
                       f"{recurrent_eq.THESIS_CUTOFF_HZ:g} Hz high-pass",
         f"{rec_cfg.lstm[0]}-sample windows, {rec_cfg.lstm[1]} units, epochs of "
         f"{rec_cfg.windows:,} windows in batches of {rec_cfg.batch_size} (05's settings at "
         f"{scale})"),
        ("convolutional capture model", FIELD["nam_wavenet"],
         f"{wavenet.size} channels, {first['wavenet (NAM-style)'].weights:,} weights, "
         f"receptive field {first['wavenet (NAM-style)'].runner.receptive_field} samples"),
        ("recurrent capture model", FIELD["wright"],
         f"LSTM-{lstm.size} with a linear skip, {first['LSTM-32 + skip (2019)'].weights:,} "
         f"weights, {seconds['train']:.1f} s of training audio"),
        ("training of today's models", FIELD["nam_training"],
         f"batches of {wavenet.batch_size} segments of {wavenet.segment} outputs, Adam lr "
         f"{wavenet.learning_rate:g} (LSTM {lstm.learning_rate:g}) decaying by "
         f"{wavenet.decay:g} an epoch, ESR with pre-emphasis {wavenet.pre_emphasis:g} plus DC, "
         "fixed input gain 1/RMS; the recipe's patience replaced by the budget's"),
        ("knob", "NAM: knobs out of scope; 002: 'including the parameter along with the input "
                 "data'",
         f"drive as a second input (and, beside it, also modulating every layer: FiLM), "
         f"trained at {', '.join(f'{d:g}' for d in cfg.knob_seen_db)} dB, judged at "
         f"{' and '.join(f'{d:g}' for d in KNOBS_UNSEEN_DB)} dB; matched by optimiser steps "
         f"per drive: the budget above for each of the {len(cfg.knob_seen_db)} drives "
         f"(input: {_span(knob.summary('input')['steps'])} steps in all, in "
         f"{_epochs(knob.summary('input')['epochs'])}, "
         f"{_plateaued(knob.summary('input')['stopped'])}; FiLM: "
         f"{_span(knob.summary('film')['steps'])} steps, in "
         f"{_epochs(knob.summary('film')['epochs'])}, "
         f"{_plateaued(knob.summary('film')['stopped'])}), as many per drive as the models "
         "trained at each unseen drive alone had"),
        ("speed", FIELD["nam_realtime"],
         f"one core of this machine, {cfg.block}-sample blocks (today's models); Keras "
         "batches of windows (2017 models)"),
    ]


def _span(values) -> str:
    """``"96"`` or ``"66-99"``: the smallest and largest of some counts."""
    low, high = min(values), max(values)
    return f"{low:,}" if low == high else f"{low:,}-{high:,}"


def _epochs(counts) -> str:
    """``"1 epoch"`` or ``"3-6 epochs"``."""
    return f"{_span(counts)} epoch{'' if set(counts) == {1} else 's'}"


def _plateaued(stopped) -> str:
    """How many runs stopped on a plateau of their validation loss, in words."""
    count = sum(s == "plateau" for s in stopped)
    others = sorted({s for s in stopped if s != "plateau"})
    words = {"jump": "after a jump of the validation loss", "epochs": "at the cap",
             "budget": "at the time cap"}
    return (f"{count} of {len(stopped)} run{'s' if len(stopped) != 1 else ''} stopped on a "
            "plateau of the validation loss" + ("" if not others else ", the others "
                                               + " or ".join(words.get(s, s) for s in others)))


def _budget_text(cfg: CaptureStudySettings, runs: dict[tuple[str, str, int], ModelRun]) -> str:
    """The training budget's row of :func:`differences`: the cap and patience in steps, each
    model's epochs, and how many runs plateaued."""
    per_model = []
    for name in MODELS:
        done = [r for (_, n, _), r in runs.items() if n == name]
        per_epoch = done[0].steps // max(done[0].epochs, 1)
        per_model.append(f"{name} {_span([r.steps for r in done])} in "
                         f"{_epochs([r.epochs for r in done])} of {per_epoch}")
    seconds = {cfg.time_limit(MODELS[n]) for n in MODELS} - {None}
    limit = (f"; and at most {max(seconds):g} s of training each (the knob model "
             f"{cfg.time_limit('knob'):g} s)" if seconds else "")
    return (f"matched by optimiser steps: every model {plural(cfg.step_cap, 'step')} at most, "
            "as the nearest whole number of epochs of its own data (at least one), early "
            f"stopping after {plural(cfg.patience_steps, 'step')} without a better validation "
            "loss (the same rounding), the best weights kept" + limit
            + f". Steps run: {'; '.join(per_model)}. "
            + _plateaued([r.stopped for r in runs.values()]))


def _orders(part: pd.DataFrame) -> str:
    """The models (and the FIR) of one effect in ESR's order and in MOS-LQO's, one sentence."""
    by_esr = list(part["test ESR"].sort_values(kind="stable").index)
    judged = part["MOS-LQO"].dropna()
    if judged.empty:
        return "ViSQOL could not judge this test part (too short or silent)."
    by_mos = list(judged.sort_values(ascending=False, kind="stable").index)
    same = [m for m in by_esr if m in judged.index] == by_mos
    return (f"By ESR, best first: {', '.join(by_esr)}; by MOS-LQO (ViSQOL, an objective "
            f"estimate): " + ", ".join(f"{m} {judged[m]:.2f}" for m in by_mos)
            + (" (the same order)." if same else " (a different order)."))


def _effect_lines(table: pd.DataFrame) -> list[str]:
    """One bullet per effect of :func:`what_it_means`: the best 2017 model, the FIR, today's."""
    lines = []
    for effect in dict.fromkeys(table.index.get_level_values("effect")):
        part = table.loc[effect]
        old = part[part["from"] == "2017"]["test ESR"]
        new = part[part["from"] == "today"]["test ESR"]
        fir = part.loc["least-squares FIR", "test ESR"]
        seeds = int(part["seeds"].iloc[0])
        lines.append(
            f"- **{effect}** ({seeds} seed{'s' if seeds > 1 else ''}): the best 2017 model "
            f"({old.idxmin()}) reached test ESR {old.min():.3g}, the linear FIR {fir:.3g}; "
            f"today's {new.idxmin()} {new.min():.3g} ({quality_label(new.min())} on Neural Amp "
            f"Modeler's scale) and {new.idxmax()} {new.max():.3g}. " + _orders(part))
    return lines


def what_it_means(rec: dict, claims: pd.DataFrame, table: pd.DataFrame,
                  knob_summary: pd.DataFrame, *, scale: str) -> str:
    """The closing text of 08, written from the run's numbers and verdicts.

    Parameters
    ----------
    rec : dict
        :func:`~dsp_paper.studies.capture_comparison.claims.record`.
    claims : pandas.DataFrame
        The judged claims, indexed by id with a ``verdict`` column.
    table : pandas.DataFrame
        :func:`~dsp_paper.studies.capture_comparison.tables.comparison_table`.
    knob_summary : pandas.DataFrame
        :func:`~dsp_paper.studies.capture_comparison.tables.knob_table`.
    scale : str

    Returns
    -------
    str
        Markdown.
    """
    lines = _effect_lines(table)
    cfg = scale_config("08_capture", scale)
    trained = table[table["from"] != "linear floor"]
    plateaued, count = int(trained["plateaued"].sum()), int(trained["seeds"].sum())
    lines.append(
        f"- **Training**: every model under the same budget, "
        f"{plural(cfg.step_cap, 'optimiser step')} at most (to the nearest whole epoch), "
        f"early stopping after {plural(cfg.patience_steps, 'step')} without a better "
        f"validation loss; {plateaued} of {count} runs stopped on a plateau"
        + ("." if plateaued == count else
           ", the others reached the cap first: they show what that budget buys, not what "
           "the models can do."))
    speed = table.groupby(level="model")["real-time factor"].first()
    today = {n: speed[n] for n in MODELS_TODAY}
    lines.append(
        "- **Speed** on one core: " + ", ".join(f"{n} {v:.1f}x real time" for n, v in
                                                today.items()) +
        f" in blocks of 64 samples; 002's LSTM {speed['many-to-one LSTM (002)']:.2g}x, one "
        "window per output sample.")
    unseen = knob_summary[~knob_summary["seen in training"].astype(bool)]
    seen = knob_summary[knob_summary["seen in training"].astype(bool)]
    at = "; ".join(
        f"at {drive:g} dB, input {row['knob model']:.3g}, FiLM {row['knob model, FiLM']:.3g}, "
        f"trained there alone {row['trained at this drive']:.3g} (input "
        f"{row['knob model'] / row['trained at this drive']:.2g}x, FiLM "
        f"{row['knob model, FiLM'] / row['trained at this drive']:.2g}x)"
        for drive, row in unseen.iterrows())
    lines.append(
        f"- **Knob**: at the drives it never saw, test ESR (mean over the seeds): {at}. At the "
        f"drives they trained on: input {seen['knob model'].min():.3g} to "
        f"{seen['knob model'].max():.3g}, FiLM {seen['knob model, FiLM'].min():.3g} to "
        f"{seen['knob model, FiLM'].max():.3g}. Each had as many optimiser steps per drive as "
        "each model trained at one drive, four times theirs in all.")
    verdicts = [f"C8.1a {verdict_of(claims, 'C8.1a')}", f"C8.2a {verdict_of(claims, 'C8.2a')}",
                f"C8.1b {verdict_of(claims, 'C8.1b')}", f"C8.2b {verdict_of(claims, 'C8.2b')}",
                f"C8.3 {verdict_of(claims, 'C8.3')}", f"C8.4 {verdict_of(claims, 'C8.4')}"]
    text = ["### What it means", "",
            "An extension beyond the documents: what the 2017 models could not do on a "
            "nonlinear effect, and what the models the field settled on since do on the same "
            "guitar and the same test part.", "", *lines, "",
            "Verdicts: " + "; ".join(verdicts) + "."]
    if scale == "smoke":
        text += ["", "At `smoke` every model trains for a moment on a few seconds: the numbers "
                     "prove the code path, not the models, and every verdict is "
                     "inconclusive at this scale."]
    else:
        text += ["", "ESR measures the waveform; the band-limited spectral distance in the "
                     "table and the players are there because a capture is judged by ear as "
                     "well. The training times are this machine's, with the epochs the table "
                     "gives: a capture trained for minutes rather than seconds (`python -m "
                     "dsp_paper capture`) goes further."]
    return "\n".join(text)


def results(table: pd.DataFrame, knob_summary: pd.DataFrame, speed: dict[str, dict],
            rec: dict) -> dict:
    """What ``results.json`` keeps: the comparison and knob tables, the speeds and the
    record the claims were judged on."""
    def plain(frame):
        return [{str(k): (None if isinstance(v, float) and np.isnan(v) else v)
                 for k, v in row.items()} for row in frame.reset_index().to_dict("records")]

    return {"comparison": plain(table), "knob": plain(knob_summary),
            "speed": {n: {k: v for k, v in s.items()} for n, s in speed.items()},
            "record": rec}
