"""05's generated prose: what differs from the thesis (:func:`differences`), the closing
"what it means" (:func:`what_it_means`) and what it saves as ``results.json``
(:func:`results`)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from dsp_paper import signals
from dsp_paper.datasets import EffectCorpus
from dsp_paper.nn.training import TrainingResult
from dsp_paper.perceptual import PERCEPTUAL_MEASURES, perceptual_measure
from dsp_paper.study.calibration import failures_text
from dsp_paper.study.prose import mean, plural
from dsp_paper.study.rules import OK_ESR
from dsp_paper.study.verdicts import INCONCLUSIVE
from dsp_paper.studies import scale_config
from dsp_paper.studies.recurrent_eq.data import CLIPS, HIGHPASS_KINDS, VOICE
from dsp_paper.studies.recurrent_eq.experiment import final_validation_errors
from dsp_paper.studies.recurrent_eq.heard import heard_families, required_gap
from dsp_paper.studies.recurrent_eq.paper import (THESIS_CNN_HOURS, THESIS_CUTOFF_HZ,
                                                  THESIS_EPOCHS, THESIS_HARDWARE,
                                                  THESIS_LATENCY_LIMITS_MS,
                                                  THESIS_LESS_ERROR_PERCENT,
                                                  THESIS_MS_PER_SAMPLE, THESIS_PATIENCE,
                                                  THESIS_RATING_MEAN, THESIS_RATINGS,
                                                  THESIS_SAMPLE_RATE, THESIS_SAMPLES,
                                                  THESIS_SECONDS_PER_SECOND, THESIS_SIZES,
                                                  THESIS_VALIDATION_ERROR, less_error,
                                                  rating_means)
from dsp_paper.studies.recurrent_eq.settings import (KNOB_UNSEEN_CUTOFFS, STREAM_BLOCKS,
                                                     RecurrentSettings)
from dsp_paper.studies.recurrent_eq.spectrum import spectrum_settings

__all__ = ["differences", "what_it_means", "results"]


def differences(cfg: RecurrentSettings, mini: EffectCorpus, full: EffectCorpus, *,
                runs: dict[int, dict[str, TrainingResult]],
                seeds: Sequence[int]) -> list[tuple[str, str, str]]:
    """What differs from the thesis, taken from the settings that ran.

    Parameters
    ----------
    cfg : RecurrentSettings
    mini, full : EffectCorpus
    runs : dict of int -> dict of str -> TrainingResult
        :func:`~dsp_paper.studies.recurrent_eq.run` (the weights counted).
    seeds : sequence of int

    Returns
    -------
    list of (str, str, str)
        ``(aspect, the thesis, this run)`` for :meth:`dsp_paper.study.notebook.NotebookRun.differences`.
    """
    return [*_data_differences(cfg, mini, full), *_model_differences(cfg, runs=runs, seeds=seeds)]


def _data_differences(cfg: RecurrentSettings, mini: EffectCorpus,
                      full: EffectCorpus) -> list[tuple[str, str, str]]:
    """:func:`differences`' rows on the material, the effect and the data."""
    corpus = scale_config("highpass_002", cfg.scale)
    train_samples = lambda c: sum(p.n_samples for p in c.split("train"))
    kinds = sorted({k for k, _ in HIGHPASS_KINDS})
    return [
        ("material", "noises and sine sweeps with rising/falling envelopes and fades, made in "
                     "Reaper and Audacity; a recorded voice (validation 2)",
         f"the same kinds generated in numpy ({', '.join(kinds)} x {len(signals.ENVELOPES)} "
         f"envelopes, {corpus.fade_seconds:g} s fades); voice: "
         + "; ".join(p.split("; ")[0].removeprefix("voice: ") for p in mini.provenance)),
        ("effect", f"a DAW EQ's high-pass band at {THESIS_CUTOFF_HZ:g} Hz (slope not given)",
         mini.effect),
        ("sample rate", f"{THESIS_SAMPLE_RATE} Hz",
         f"{mini.sample_rate} Hz (the voice resampled from its recording rate)"),
        ("data sizes", f"full set {THESIS_SAMPLES['full']:,} samples, \"miniaudio\" "
                       f"{THESIS_SAMPLES['mini']:,}",
         f"full set {train_samples(full):,}, \"miniaudio\" {train_samples(mini):,} samples"),
        ("windows per epoch", "every window of the set, in sequential mini-batches",
         f"{cfg.windows:,} training and {cfg.validation_windows:,} validation windows, drawn "
         f"once (seeded), batches of {cfg.batch_size}"
         + (" (fewer than the set holds, so that a plateau fits in this scale's minutes)"
            if cfg.scale == "quick" else "")),
    ]


def _model_differences(cfg: RecurrentSettings, *, runs: dict[int, dict[str, TrainingResult]],
                       seeds: Sequence[int]) -> list[tuple[str, str, str]]:
    """:func:`differences`' rows on the models, their training, timing and listening."""
    first = runs[next(iter(runs))]
    weights = lambda name: f"{first[name].model.count_params():,} weights"
    (lw, lh), (rw, rh), (cw, cf, ck) = cfg.lstm, cfg.reduced_lstm, cfg.cnn
    tw, th = THESIS_SIZES["lstm"]
    rtw, rth = THESIS_SIZES["reduced_lstm"]
    _, tcf, tck = THESIS_SIZES["cnn"]
    thesis_epochs = ", ".join(f"{n} {'not stated' if e is None else e}"
                              for n, e in THESIS_EPOCHS.items())
    return [
        ("model sizes (window x units)",
         f"LSTM {tw} x {th}; reduced LSTM and GRU {rtw} x {rth}; CNN {tcf} filters, kernel "
         f"{tck} (window not given)",
         f"LSTM {lw} x {lh} ({weights('LSTM')}); reduced LSTM and GRU {rw} x {rh} "
         f"({weights('reduced LSTM')}, {weights('GRU')}); CNN window {cw}, {cf} filters, "
         f"kernel {ck} ({weights('dilated CNN')})"),
        ("epochs", f"{thesis_epochs} (CNN: over {THESIS_CNN_HOURS} h)",
         (f"at most {cfg.lstm_epochs} for each network (the same cap, so the four compared "
          f"get the same budget in epochs of the same optimiser steps)"
          if len({cfg.lstm_epochs, cfg.reduced_epochs, cfg.cnn_epochs}) == 1 else
          f"at most: LSTM {cfg.lstm_epochs}, reduced LSTM and GRU {cfg.reduced_epochs}, CNN "
          f"{cfg.cnn_epochs}") + "; each stops earlier on a plateau (below)"
         + (f"; and after {_time_limits(cfg)} of training" if cfg.time_limits else "")),
        ("optimiser and loss", f"Adam (initial learning rate not given), MSE; stop after "
                               f"{THESIS_PATIENCE} epochs of rising validation error",
         f"Adam, learning rate {cfg.learning_rate:g}, MSE; stop on a plateau: "
         f"{plural(cfg.patience, 'epoch')} without a new best validation error, the best "
         f"epoch's weights kept (the training-stops table says which runs got there)"),
        ("runs", "one", f"{plural(len(seeds), 'seed')}: {', '.join(map(str, seeds))} (the "
                        f"same for every model a claim compares)"),
        ("latency timed on", f"{THESIS_HARDWARE}, the trained LSTM",
         "one CPU core, untrained models at "
         + ", ".join(f"{k} {' x '.join(map(str, v))}" for k, v in cfg.latency_sizes.items())),
        ("listening test", "9 listeners rated the LSTM's voice output (1-4)",
         f"no listeners: signal measures and "
         f"{plural(len(PERCEPTUAL_MEASURES), 'candidate perceptual measure')} (objective "
         f"estimates, never converted into the 1-4 scale) beside the thesis's ratings, players "
         f"to judge"),
        ("models beyond the thesis", "none (a spectral loss and a cut-off input named as "
                                     "future work)",
         f"a streaming LSTM of {cfg.stream_hidden} units (ESR + DC loss, segments of "
         f"{cfg.stream_segment} with {cfg.stream_warmup} warm-up"
         + (f", every {_ordinal(cfg.stream_every)} of them" if cfg.stream_every > 1 else "")
         + f", validated on the clips (validation 1, not the voice it is judged on) in segments of "
         f"{cfg.stream_validation_segment:,} samples; Adam at {cfg.stream_learning_rate:g}, "
         f"every gradient's global norm clipped to {cfg.stream_clipnorm:g}, until "
         f"{plural(cfg.stream_patience, 'epoch')} bring no new best validation loss (an epoch "
         f"is only a few optimiser steps, and the loss on the short clips is noisy), at most "
         f"{plural(cfg.stream_epochs, 'epoch')}, the best epoch's weights kept) and the same "
         f"with a cut-off knob (cut-offs {', '.join(f'{c:g}' for c in cfg.knob_train_cutoffs)} "
         f"Hz; at most {plural(cfg.knob_epochs, 'epoch')}, the same optimiser and patience), "
         f"against the same "
         f"streaming LSTM trained at each unseen cut-off alone: budgets matched by optimiser "
         f"steps per cut-off (each knob step holds {cfg.stream_batch} segments per cut-off, so "
         f"an epoch has as many steps as a single cut-off model's and shows each cut-off all "
         f"of the audio)"
         + (f"; the knob and its single cut-off models at "
            f"{plural(min(cfg.knob_seeds, len(seeds)), 'seed')} only "
            f"({', '.join(map(str, list(seeds)[:cfg.knob_seeds]))}): with every cut-off in "
            f"every step the knob model takes several minutes a seed on 2 CPU cores, more than "
            f"this scale's budget allows for five" if cfg.knob_seeds < len(seeds) else "")),
    ]


def _ordinal(n: int) -> str:
    return {2: "second", 3: "third", 4: "fourth"}.get(n, f"{n}th")


def _time_limits(cfg: RecurrentSettings) -> str:
    return ", ".join(f"{name} {seconds:g} s" for name, seconds in cfg.time_limits.items())


def _verdicts(claims: pd.DataFrame, ids: Sequence[str]) -> str:
    return "; ".join(f"{i} **{claims.loc[i, 'verdict']}**" for i in ids if i in claims.index)


def what_it_means(record: dict, claims: pd.DataFrame, *, scale: str, stream_hidden: int) -> str:
    """The closing "what it means" of 05, written from the run's numbers and verdicts.

    Parameters
    ----------
    record : dict
        :func:`~dsp_paper.studies.recurrent_eq.record`.
    claims : pandas.DataFrame
        The judged claims (:meth:`dsp_paper.study.notebook.NotebookRun.judge`), indexed by id with
        a ``verdict`` column.
    scale : str
    stream_hidden : int
        Units of the streaming LSTM (``cfg.stream_hidden``).

    Returns
    -------
    str
        Markdown.
    """
    lines = [f"### What it means (scale {scale}, {plural(len(record['seeds']), 'seed')})", "",
             *_networks(record, claims), *_spectrum(record, claims),
             *_online(record, claims, stream_hidden=stream_hidden), *_knob(record, claims),
             _listening(), ""]
    undecided = [i for i in claims.index if claims.loc[i, "verdict"] == INCONCLUSIVE]
    if undecided:
        lines.append(f"This run cannot decide {', '.join(undecided)}: the claims table gives "
                     f"each reason (the scale below the one that decides, too few seeds or "
                     f"seeds that disagree, a model not trained to a plateau, or a measure "
                     f"that cannot hear the difference).")
        lines.append("")
    if scale == "smoke":
        lines.append("At smoke the networks are tiny and trained for an epoch, never to a "
                     "plateau: the numbers above prove the code path, not the thesis.")
    return "\n".join(lines).rstrip() + "\n"


def _networks(record: dict, claims: pd.DataFrame) -> list[str]:
    """What it means, C2.1: which network is best, and the reduced LSTM's gaps."""
    keys = {"LSTM": "lstm", "reduced LSTM": "reduced_lstm", "GRU": "gru", "dilated CNN": "cnn"}
    val = {name: mean(record[f"{key}_val_mse"]) for name, key in keys.items()}
    best = min(val, key=val.get)
    gaps = {other: less_error(val["reduced LSTM"], val[other]) for other in
            THESIS_LESS_ERROR_PERCENT}
    gap_text = " and ".join(f"{abs(g):.1f} % {'less' if g >= 0 else 'more'} error than the "
                            f"{other} (thesis: {THESIS_LESS_ERROR_PERCENT[other]:g} % less)"
                            for other, g in gaps.items())
    return [f"**Which network is best (C2.1).** The {best} had the lowest mean validation "
            f"error ({val[best]:.3g}; the thesis's lowest: the LSTM, "
            f"{THESIS_VALIDATION_ERROR['LSTM']:.3g}). The reduced LSTM had {gap_text}. "
            f"{_verdicts(claims, ('C2.1a', 'C2.1b', 'C2.1c'))}.", ""]


def _spectrum(record: dict, claims: pd.DataFrame) -> list[str]:
    """What it means, C2.2: the LSTM's spectrum against the yardstick, measured and heard."""
    voice_lsd = mean(record["lstm_voice_band_lsd_db"])
    yard = mean(record["cutoff_off_voice_band_lsd_db"])
    rel_voice, rel_clips = mean(record["lstm_voice_relative"]), mean(record["lstm_clips_relative"])
    lines = [f"**The spectrum (C2.2).** On the voice the LSTM's output is {voice_lsd:.2f} dB "
             f"from the target's spectrum (band-limited LSD), "
             f"{'more' if voice_lsd > yard else 'less'} than the {yard:.2f} dB of the same "
             f"high-pass with its cut-off {spectrum_settings()['cutoff_error']:.0%} off. "
             f"Measured against that yardstick it is {rel_voice:.2f} times it on the voice and "
             f"{rel_clips:.2f} times it on the clips, so its spectrum is off "
             f"{'more on the voice' if rel_voice > rel_clips else 'more on the clips'}. "
             f"{_verdicts(claims, ('C2.2a', 'C2.2b'))}.", ""]
    lines += [_heard(record, claims), ""]
    return lines


def _heard(record: dict, claims: pd.DataFrame) -> str:
    """What it means, C2.2c: the perceptual gap, by the measure the calibration chose, or why
    none carries the verdict; never in the listeners' units."""
    info = record["_perceptual"]
    m = perceptual_measure(info["measure"])
    families = heard_families()
    passed = {k: set(v) for k, v in info["passed"].items()}
    failed = lambda key: [f for f in families if f not in passed.get(key, ())]
    lstm, yard = mean(record["lstm_voice_perceptual"]), mean(record["cutoff_off_voice_perceptual"])
    gap = mean(record["lstm_voice_perceptual_gap"])
    if not failed(m.name):
        judge = (f"The calibration chose {m.label}: it passes all {len(families)} families of "
                 f"known faults the claim involves (notebook 07 shows the calibration).")
    else:
        fails = failures_text(passed, families)
        judge = (f"No candidate perceptual measure passes all {len(families)} families of "
                 f"known faults the claim involves ({fails}; notebook 07 shows the "
                 f"calibration), so none carries the verdict; the numbers are those of "
                 f"{m.label}, which passes the most "
                 f"({len(families) - len(failed(m.name))} of {len(families)}).")
    direction = "higher" if m.higher_is_better else "lower"
    if np.isfinite(gap):
        told = (f"so the LSTM is {abs(gap):.2f} of its clear-preference margins "
                f"({m.margin:g}) {'worse' if gap > 0 else 'better'} than the yardstick, where "
                f"the rule asks for at least {required_gap():g} worse")
    else:
        told = "so it gives no gap: it cannot judge one of them"
    return (f"**Heard (C2.2c).** {judge} {m.label} is an objective estimate of what "
            f"listeners would say, not a listening test: it gives the LSTM's voice "
            f"{lstm:.3g} and the mis-set cut-off {yard:.3g}, in {m.unit}, where {direction} is "
            f"better and an identical copy scores {m.identical:g}; {told}. The thesis's "
            f"{rating_means()['listeners']} listeners gave the LSTM's voice a mean "
            f"{THESIS_RATING_MEAN:g} on their own 1-4 scale, which no score here "
            f"is converted to. {_verdicts(claims, ('C2.2c',))}.")


def _online(record: dict, claims: pd.DataFrame, *, stream_hidden: int) -> list[str]:
    """What it means, C2.3: the LSTM's speed once per sample, and the streaming LSTM's."""
    lat = {b: (mean(record[f"stream_rtf_{b}"]), mean(record[f"stream_latency_ms_{b}"]))
           for b in STREAM_BLOCKS}
    voice_limit = THESIS_LATENCY_LIMITS_MS["voice"]
    fitting = [b for b in STREAM_BLOCKS if lat[b][1] <= voice_limit and lat[b][0] > 1]
    block = fitting[-1] if fitting else STREAM_BLOCKS[0]
    stream_esr = mean(record["streaming_voice_esr"])
    return [f"**Online (C2.3).** Run once per output sample at the thesis's size, the LSTM "
            f"needs {mean(record['lstm_seconds_per_second']):.3g} s of one CPU core per second "
            f"of audio (thesis: {THESIS_SECONDS_PER_SECOND:g} s on its GPU, "
            f"{THESIS_MS_PER_SAMPLE:g} ms per sample). The streaming LSTM of {stream_hidden} "
            f"units, the same kind of network run over the signal, processes blocks of "
            f"{block} samples at {lat[block][0]:.3g} times real time "
            f"({'faster' if lat[block][0] > 1 else 'slower'} than real time) with "
            f"{lat[block][1]:.2g} ms latency "
            f"({'within' if lat[block][1] <= voice_limit else 'beyond'} the thesis's "
            f"{voice_limit:g} ms for voice), and its ESR on the voice is "
            f"{stream_esr:.3g} ({'below' if stream_esr < OK_ESR else 'not below'} "
            f"{OK_ESR:g}). {_verdicts(claims, ('C2.3a', 'C2.3b'))} (C2.3b is the thesis's "
            f"conclusion that an LSTM cannot run online).", ""]


def _knob(record: dict, claims: pd.DataFrame) -> list[str]:
    """What it means, C2.4a: the knob model against models trained at each unseen cut-off."""
    knob = ", ".join(f"{f} Hz {mean(record[f'knob_voice_esr_{f}']):.3g} against "
                     f"{mean(record[f'dedicated_voice_esr_{f}']):.3g}"
                     for f in KNOB_UNSEEN_CUTOFFS)
    runs = len(record[f"knob_voice_esr_{KNOB_UNSEEN_CUTOFFS[0]}"])
    return [f"**A cut-off knob (C2.4a).** At cut-offs it never saw, the knob model's voice ESR "
            f"against a model trained at that cut-off alone, with as many optimiser steps "
            f"per cut-off and each to its plateau ({plural(runs, 'seed')}): {knob}. "
            f"{_verdicts(claims, ('C2.4a',))}.", ""]


def _listening() -> str:
    """What it means, listening: the thesis's ratings, and what their mean is."""
    means = rating_means()
    counted = ", ".join(f"{n} gave {r}" for r, n in THESIS_RATINGS.items())
    listening = (f"**Listening.** No one listened to this run's outputs, so it gives no "
                 f"rating: its 12-bit accuracy, signal measures and the candidate perceptual "
                 f"measures' objective estimates stand beside the thesis's ratings, none "
                 f"converted into them. The listeners rated one output, the LSTM's voice, so "
                 f"the table of candidates beside them sets each measure's placing of the LSTM "
                 f"(among 05's models and against the mis-set cut-off) beside that one piece "
                 f"of human evidence; it is not a correlation. Of the thesis's "
                 f"{means['listeners']} listeners rating its LSTM's voice (1 to 4), {counted}")
    if np.isclose(THESIS_RATING_MEAN, means["of_ratings"]):
        listening += f", a mean of {THESIS_RATING_MEAN:g}."
    else:
        listening += (f"; the mean of those ratings is {means['of_ratings']:.2f}, not "
                      f"the {THESIS_RATING_MEAN:g} it states")
        listening += (f", which is the mean of the four counts ({means['listeners']} / "
                      f"{len(THESIS_RATINGS)})." if np.isclose(THESIS_RATING_MEAN,
                                                               means["of_counts"]) else ".")
    return listening


def results(*, validation_table: pd.DataFrame, runs: dict[int, dict[str, TrainingResult]],
            stream_check: dict, latency: pd.DataFrame, knob_table: pd.DataFrame,
            record: dict) -> dict:
    """What 05 saves as ``results.json``.

    Returns
    -------
    dict
        ``validation`` (model -> measures), ``paper_validation_error``,
        ``validation_error_by_seed``, ``streaming``, ``latency``, ``knob``, ``record``.
    """
    heard = [c for c in validation_table.columns if c.startswith((f"{VOICE}: ", f"{CLIPS}: "))]
    measures = ("mse", "esr", "esr_pre_emphasis", "lsd_db", "mr_stft", "accuracy_12bit", *heard)
    return {
        "validation": {n: {k: float(validation_table.loc[n, k]) for k in measures}
                       for n in validation_table.index},
        "paper_validation_error": dict(THESIS_VALIDATION_ERROR),
        "validation_error_by_seed": {str(s): v for s, v in
                                     final_validation_errors(runs).to_dict().items()},
        "streaming": dict(voice_esr={str(s): v for s, v in stream_check["voice_esr"].items()},
                          kernel_gap=stream_check["kernel_gap"]),
        "latency": latency.drop(columns=["sizes"]).reset_index().to_dict(orient="records"),
        "knob": knob_table.reset_index().to_dict(orient="records"),
        "record": record,
    }
