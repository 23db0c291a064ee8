"""05's tables: the corpus, the models' sizes and errors beside the thesis's, the measures
per part (every candidate perceptual measure's among them), the thesis's ratings and accuracy
beside this run's measures, and every number the thesis reports beside this run's."""
from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dsp_paper.datasets import EffectCorpus
from dsp_paper.metrics import mse
from dsp_paper.nn.recurrent import compare_outputs
from dsp_paper.nn.training import TrainingLog, TrainingResult, fitted
from dsp_paper.perceptual import perceptual_measure
from dsp_paper.study.prose import plural
from dsp_paper.study.report import paper_vs_ours
from dsp_paper.studies.recurrent_eq.data import CLIPS, VOICE
from dsp_paper.studies.recurrent_eq.experiment import STREAMING, final_validation_errors, seeds_with
from dsp_paper.studies.recurrent_eq.paper import (THESIS_ACCURACY_12BIT, THESIS_LESS_ERROR_PERCENT,
                                                  THESIS_MODELS, THESIS_MS_PER_SAMPLE,
                                                  THESIS_RATING_MEAN, THESIS_RATING_SCALE,
                                                  THESIS_RATINGS, THESIS_SECONDS_PER_SECOND,
                                                  THESIS_VALIDATION_ERROR, less_error,
                                                  rating_means)
from dsp_paper.studies.recurrent_eq.spectrum import band_values, measure_scores
from dsp_paper.windowing import Pair

__all__ = ["corpus_summary", "model_sizes", "training_stops", "validation_table", "band_table",
           "perceptual_table", "thesis_ratings", "accuracy_and_ratings", "paper_vs_ours_table"]


def corpus_summary(mini: EffectCorpus, full: EffectCorpus, parts: dict[str, Pair], *,
                   sample_rate: int) -> pd.DataFrame:
    """Pieces, samples and seconds of each split of both sets, and of each part of the
    assembled validation audio (:func:`~dsp_paper.studies.recurrent_eq.recurrent_validation`).

    Returns
    -------
    pandas.DataFrame
        Indexed by (set, split).
    """
    used = pd.DataFrame([dict(split=part, pieces=1, samples=p.n_samples,
                              seconds=round(p.n_samples / sample_rate, 2), channels=1)
                         for part, p in parts.items()]).set_index("split")
    return pd.concat({"full": full.summary(), "mini": mini.summary(),
                      "assembled validation": used}, names=["set"])


def model_sizes(runs: dict[int, dict[str, TrainingResult]]) -> pd.DataFrame:
    """Window, weights, epochs run and training seconds of each thesis network.

    Parameters
    ----------
    runs : dict of int -> dict of str -> TrainingResult
        :func:`~dsp_paper.studies.recurrent_eq.run`.

    Returns
    -------
    pandas.DataFrame
        One row per model; ``epochs`` and ``seconds`` are means over the seeds; how many
        seeds stopped on a plateau of the validation error.
    """
    seeds = list(runs)
    first = runs[seeds[0]]
    return pd.DataFrame.from_dict({name: {
        "window (samples)": first[name].model.input_shape[1],
        "weights": first[name].model.count_params(),
        "epochs (mean of seeds)": float(np.mean([len(runs[s][name].log.epoch) for s in seeds])),
        "training s (mean of seeds)": round(float(np.mean([runs[s][name].log.seconds[-1]
                                                           for s in seeds])), 1),
        "stopped on a plateau (seeds)":
            f"{sum(runs[s][name].log.stop_reason == 'plateau' for s in seeds)} of {len(seeds)}"}
        for name in first}, orient="index")


def training_stops(logs: Iterable[tuple[str, TrainingLog]] | None = None) -> pd.DataFrame:
    """How every training of 05 ended: per training (the checkpoint's name without its
    seed), the runs, the cap on epochs and the patience, the epochs, optimiser steps and
    seconds (means over the runs) and how many runs stopped on a plateau of their validation
    loss (the others used up their epochs, ``epochs``, or a time cap, ``budget``).

    Parameters
    ----------
    logs : iterable of (str, TrainingLog), optional
        ``(checkpoint name, log)``; default every training of ``05_`` this process has run
        or reused (:func:`dsp_paper.nn.training.fitted`), each checkpoint once.

    Returns
    -------
    pandas.DataFrame
        One row per training.
    """
    if logs is None:
        logs = [(n, log) for n, log in fitted() if n.startswith("05_")]
    by: dict[str, dict[str, TrainingLog]] = {}
    for name, log in logs:
        by.setdefault(re.sub(r"_s\d+$", "", name), {})[name] = log
    rows = {}
    for training, runs in by.items():
        logs_ = list(runs.values())
        stops = pd.Series([log.stop_reason for log in logs_]).value_counts()
        rows[training] = {
            "runs": len(logs_), "epoch cap": logs_[0].epochs_planned,
            "patience": logs_[0].patience,
            "epochs (mean)": float(np.mean([len(log.epoch) for log in logs_])),
            "steps (mean)": float(np.mean([log.steps[-1] if log.steps else np.nan
                                           for log in logs_])),
            "training s (mean)": round(float(np.mean([log.seconds[-1] if log.seconds else 0.0
                                                      for log in logs_])), 1),
            "stopped on a plateau": f"{int(stops.get('plateau', 0))} of {len(logs_)}",
            "stopped by": ", ".join(f"{k} {v}" for k, v in stops.items())}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("training")


def _per_seed_measures(outputs: dict[int, dict[str, np.ndarray]], target: np.ndarray, *,
                       piece: slice = slice(None)) -> pd.DataFrame:
    """Every measure of :func:`~dsp_paper.nn.recurrent.compare_outputs` of every output,
    indexed by (seed, model)."""
    return pd.concat({seed: compare_outputs({n: o[piece] for n, o in by.items()}, target)
                      for seed, by in outputs.items()}, names=["seed", "model"])


Perceptual = dict[int, dict[tuple[str, str], dict[str, float]]]


def _candidates(perceptual: Perceptual) -> list[str]:
    """The measures' keys that :func:`~dsp_paper.studies.recurrent_eq.perceptual_by_seed`
    scored with."""
    return list(next(iter(next(iter(perceptual.values())).values())))


def _perceptual_means(perceptual: Perceptual, key: str, part: str) -> pd.Series:
    """Model -> measure ``key``'s score on ``part``, the mean over the seeds that ran it."""
    scores = measure_scores(perceptual, key)
    names = list(dict.fromkeys(n for by in scores.values() for n, _ in by))
    return pd.Series({n: float(np.mean(band_values(scores, n, part))) for n in names})


def validation_table(runs: dict[int, dict[str, TrainingResult]],
                     outputs: dict[int, dict[str, np.ndarray]], validation: Pair, *,
                     perceptual: Perceptual) -> pd.DataFrame:
    """The thesis's validation error beside this run's, every measure of
    :func:`dsp_paper.metrics.all_metrics` over the whole assembled validation output, and
    every candidate perceptual measure's score on each part.

    Parameters
    ----------
    runs : dict of int -> dict of str -> TrainingResult
    outputs : dict of int -> dict of str -> np.ndarray
        :func:`~dsp_paper.studies.recurrent_eq.outputs_by_seed`.
    validation : Pair
    perceptual : dict of int -> dict of (model, part) -> dict of str -> float
        :func:`~dsp_paper.studies.recurrent_eq.perceptual_by_seed`.

    Returns
    -------
    pandas.DataFrame
        One row per model: ``thesis: validation error``
        (:data:`~dsp_paper.studies.recurrent_eq.THESIS_VALIDATION_ERROR`),
        ``validation error (mean of seeds)`` (the last epoch's MSE on the validation
        windows), ``seeds`` (how many seeds each measure averages), then ``mse``, ``esr``,
        ``esr_pre_emphasis``, ``dc_error``, ``lsd_db`` (dB), ``mr_stft``,
        ``accuracy_12bit`` (share of samples, 0-1) and ``<part>: <label>`` for the voice and
        the clips and every candidate (its label in
        :data:`~dsp_paper.perceptual.PERCEPTUAL_MEASURES`, each on its own scale), means over
        those seeds.
    """
    measures = _per_seed_measures(outputs, validation.target)
    table = measures.groupby(level="model", sort=False).mean()
    table.insert(0, "seeds", pd.Series({n: len(s) for n, s in seeds_with(outputs).items()}))
    table.insert(0, "validation error (mean of seeds)",
                 final_validation_errors(runs).mean(axis=1))
    table.insert(0, "thesis: validation error", pd.Series(THESIS_VALIDATION_ERROR))
    heard = []
    for part in (VOICE, CLIPS):
        for key in _candidates(perceptual):
            heard.append(f"{part}: {perceptual_measure(key).label}")
            table[heard[-1]] = _perceptual_means(perceptual, key, part)
    return table[["thesis: validation error", "validation error (mean of seeds)", "seeds",
                  "mse", "esr", "esr_pre_emphasis", "dc_error", "lsd_db", "mr_stft",
                  "accuracy_12bit", *heard]]


def band_table(band: dict[int, dict[tuple[str, str], float]],
               parts: dict[str, Pair]) -> pd.DataFrame:
    """Band-limited LSD per model and part as ``mean [min–max] (seeds)`` strings.

    Parameters
    ----------
    band : dict of int -> dict of (model, part) -> float
        :func:`~dsp_paper.studies.recurrent_eq.band_lsd_by_seed`.

    Returns
    -------
    pandas.DataFrame
        One row per model, one column per part.
    """
    return _per_part_table(band, parts, measure="band-limited LSD dB")


def perceptual_table(perceptual: Perceptual, parts: dict[str, Pair]) -> pd.DataFrame:
    """Every candidate perceptual measure's score per model and part as
    ``mean [min–max] (seeds)`` strings (:func:`band_table`'s layout), each on its own scale.

    Parameters
    ----------
    perceptual : dict of int -> dict of (model, part) -> dict of str -> float
        :func:`~dsp_paper.studies.recurrent_eq.perceptual_by_seed`.

    Returns
    -------
    pandas.DataFrame
        One row per model; a column ``<part>: <label>`` per part and measure.
    """
    return pd.concat([_per_part_table(measure_scores(perceptual, key), parts,
                                      measure=perceptual_measure(key).label)
                      for key in _candidates(perceptual)], axis=1)


def _per_part_table(values: dict[int, dict[tuple[str, str], float]], parts: dict[str, Pair], *,
                    measure: str) -> pd.DataFrame:
    names = list(dict.fromkeys(n for b in values.values() for n, _ in b))
    cell = lambda v: f"{np.mean(v):.2f} [{min(v):.2f}–{max(v):.2f}] ({len(v)})"
    return pd.DataFrame({f"{part}: {measure}": {n: cell(band_values(values, n, part))
                                                for n in names}
                         for part in parts})


def thesis_ratings() -> pd.DataFrame:
    """The thesis's listener ratings of its LSTM's voice output (4.1.2).

    Returns
    -------
    pandas.DataFrame
        One row per rating of the 1-4 scale: its meaning and how many of the 9 listeners
        gave it.
    """
    return pd.DataFrame({"meaning": THESIS_RATING_SCALE,
                         "listeners (thesis)": THESIS_RATINGS}).rename_axis("rating")


def accuracy_and_ratings(outputs: dict[int, dict[str, np.ndarray]], validation: Pair,
                         parts: dict[str, Pair], starts: dict[str, int], *,
                         perceptual: Perceptual) -> pd.DataFrame:
    """The thesis's 12-bit accuracy and listener rating beside this run's 12-bit accuracy,
    its signal measures on the voice and every candidate perceptual measure's score of the
    voice. This run had no listeners: it gives no rating, and each perceptual score (an
    objective model of listeners, on its own scale) stands beside the thesis's rating without
    being converted into it.

    Parameters
    ----------
    outputs : dict of int -> dict of str -> np.ndarray
        :func:`~dsp_paper.studies.recurrent_eq.outputs_by_seed`.
    validation : Pair
    parts : dict of str -> Pair
    starts : dict of str -> int
    perceptual : dict of int -> dict of (model, part) -> dict of str -> float
        :func:`~dsp_paper.studies.recurrent_eq.perceptual_by_seed`.

    Returns
    -------
    pandas.DataFrame
        One row per model; this run's columns are means over the seeds each was run with.
    """
    voice = parts[VOICE]
    piece = slice(starts[VOICE], starts[VOICE] + voice.n_samples)
    whole = _per_seed_measures(outputs, validation.target).groupby(level="model",
                                                                   sort=False).mean()
    on_voice = _per_seed_measures(outputs, voice.target, piece=piece).groupby(
        level="model", sort=False).mean()
    heard = {f"this run, voice, objective estimate (not a rating): {m.label}, {m.unit}":
             _perceptual_means(perceptual, key, VOICE)
             for key in _candidates(perceptual) for m in [perceptual_measure(key)]}
    means = rating_means()
    rated = (f"{THESIS_RATING_MEAN:g} as stated (mean rating from its counts "
             f"{means['of_ratings']:.2f}), {means['listeners']} listeners")
    rows = {}
    for name in whole.index:
        thesis_accuracy = THESIS_ACCURACY_12BIT.get(name, "not in the thesis")
        rows[name] = {
            "thesis: 12-bit accuracy": thesis_accuracy or "not reported",
            "this run: 12-bit accuracy, assembled validation": whole.loc[name,
                                                                         "accuracy_12bit"],
            "this run: 12-bit accuracy, voice": on_voice.loc[name, "accuracy_12bit"],
            "thesis: listener rating of the voice (1-4)": rated if name == "LSTM" else
            ("not rated" if name in THESIS_MODELS else "not in the thesis"),
            "this run: listener rating": "none (no listeners)",
            **{column: scores[name] for column, scores in heard.items()},
            "this run, voice, signal measure (not a rating): ESR": on_voice.loc[name, "esr"],
            "this run, voice, signal measure: LSD dB": on_voice.loc[name, "lsd_db"],
            "this run, voice, signal measure: MR-STFT": on_voice.loc[name, "mr_stft"]}
    return pd.DataFrame(rows).T


def paper_vs_ours_table(runs: dict[int, dict[str, TrainingResult]],
                        outputs: dict[int, dict[str, np.ndarray]],
                        latency: pd.DataFrame, *, validation: Pair,
                        lstm_size: tuple) -> pd.DataFrame:
    """Every number the thesis reports that this run measures, beside this run's.

    Parameters
    ----------
    runs : dict of int -> dict of str -> TrainingResult
    outputs : dict of int -> dict of str -> np.ndarray
        :func:`~dsp_paper.studies.recurrent_eq.outputs_by_seed`.
    latency : pandas.DataFrame
        :func:`~dsp_paper.studies.recurrent_eq.latency_measurements`' table.
    validation : Pair
    lstm_size : tuple
        ``cfg.lstm``: the size this run trained the LSTM at.

    Returns
    -------
    pandas.DataFrame
        :func:`dsp_paper.study.report.paper_vs_ours`: quantity, paper (reported), this run, note.
    """
    ours = final_validation_errors(runs).mean(axis=1)
    n = len(runs)
    lstm_row = latency.loc[[i for i in latency.index if i.startswith("lstm ")][0]]
    stream_mse = np.mean([mse(by[STREAMING], validation.target) for by in outputs.values()])
    means = rating_means()
    rows = [(f"reduced LSTM vs {other}: % less error", percent,
             round(less_error(ours["reduced LSTM"], ours[other]), 1),
             f"mean of {plural(n, 'seed')}")
            for other, percent in THESIS_LESS_ERROR_PERCENT.items()]
    rows += [(f"{name} validation error (MSE)", value, float(f"{ours[name]:.3g}"),
              f"sizes {lstm_size}, mean of {plural(n, 'seed')}" if name == "LSTM"
              else f"mean of {plural(n, 'seed')}")
             for name, value in THESIS_VALIDATION_ERROR.items()]
    rows += [("LSTM: ms per output sample", THESIS_MS_PER_SAMPLE,
              float(f"{lstm_row['ms per output sample']:.3g}"),
              f"sizes {lstm_row['sizes']}, one CPU core; thesis: its GPU"),
             ("LSTM: s per s of 44.1 kHz audio", THESIS_SECONDS_PER_SECOND,
              float(f"{lstm_row['s per s of audio']:.3g}"), "the same timing"),
             ("streaming LSTM validation error (MSE)", "—", float(f"{stream_mse:.3g}"),
              "not in the thesis; whole assembled validation"),
             ("listener rating of the LSTM's voice (1-4)", THESIS_RATING_MEAN, "—",
              f"no listeners here; the thesis's counts give a mean of "
              f"{means['of_ratings']:.2f}")]
    return paper_vs_ours(rows)
