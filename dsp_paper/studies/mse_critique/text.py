"""The prose notebook ``07_mse_critique`` writes from a run's numbers: what the limit cases
show (:func:`limits_text`), what differs from the documents (:func:`differences`), the closing
"what it means" (:func:`what_it_means`) and the results record (:func:`results`)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dsp_paper import metrics
from dsp_paper.perceptual import perceptual_measure
from dsp_paper.studies import scale_config
from dsp_paper.studies.mse_critique.claims import claim_settings
from dsp_paper.studies.mse_critique.controlled import CASE_WHAT, EAR_PAIRS, ControlledStudy
from dsp_paper.studies.mse_critique.evidence import record
from dsp_paper.studies.mse_critique.floor import Floor
from dsp_paper.studies.mse_critique.limits import LIMIT_FAMILIES, SATURATED_WITHIN, LimitsStudy
from dsp_paper.studies.mse_critique.measures import (BAND_LSD, LONG_TERM, MEASURES, MOS_LQO,
                                                     PERCEPTUAL_COLUMNS, RANKED_MEASURES, TIE_DB,
                                                     column_measure, gap_unit, margin_of,
                                                     pairs_told_apart, perceptual_column,
                                                     with_unit)
from dsp_paper.studies.mse_critique.paper import THESIS_GRU_EPOCHS_SHOWN
from dsp_paper.studies.mse_critique.perceptual import (LOWPASS_POOL, rank_agreement_summary,
                                                       rank_agreement_table)
from dsp_paper.studies.mse_critique.rejudged import (HighpassRejudged, LowpassRejudged,
                                                     epochs_text, perceptual_disputes)
from dsp_paper.studies.mse_critique.settings import (FIR, SPECTRAL_VARIANTS, STREAM_BASELINE,
                                                     VOICE, CritiqueSettings)
from dsp_paper.studies.mse_critique.spectral_losses import (SpectralConv, SpectralStreaming,
                                                            spectral_change)
from dsp_paper.study.calibration import failures_text
from dsp_paper.study.prose import word_list
from dsp_paper.study.settings import seeds as scale_seeds

__all__ = ["limits_text", "differences", "what_it_means", "results"]



def _span(values):
    values = [float(v) for v in values]
    return f"{min(values):.2f}" if np.ptp(values) < 0.005 else f"{min(values):.2f}-{max(values):.2f}"


def limits_text(limits: LimitsStudy, study: ControlledStudy) -> str:
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
           + (f" and told apart the steps of {word_list(partly)}" if partly else "") + ".")
    cannot = (f"**What it cannot:** {word_list(blind)}, of which it told at most one step in four "
              f"apart; {saturated} of the {scores.size} cases here scored within "
              f"{SATURATED_WITHIN:g} of identical audio's {metrics.VISQOL_IDENTICAL:.2f}, and "
              "it was fitted to listeners' scores of codec-like degradations, not of effect "
              "emulations, so where it disagrees with the signal measures on a model it is one "
              "more estimate, not a listener." if blind else
              f"**What it cannot:** {saturated} of the {scores.size} cases here scored within "
              f"{SATURATED_WITHIN:g} of identical audio's {metrics.VISQOL_IDENTICAL:.2f}, and "
              "it was fitted to codec-like degradations, not to effect emulations.")
    return "\n".join(lines) + "\n\n" + can + " " + cannot


def differences(cfg: CritiqueSettings) -> list[tuple[str, str, str]]:
    """What 07 does that the documents did not, and how its material and trainings differ.

    Parameters
    ----------
    cfg : CritiqueSettings
        The settings that ran; the documents' own values are the ``paper`` scale's.

    Returns
    -------
    list of (str, str, str)
        ``(aspect, the documents, this run)`` for :meth:`NotebookRun.differences`.

    Notes
    -----
    Over 60 lines: one list of eight rows, each written from the settings; splitting it would
    scatter one table.
    """
    s = cfg.scale
    lp, hp = scale_config("lowpass_000", s), scale_config("highpass_002", s)
    c04, c05 = scale_config("04_conv_tied", s), scale_config("05_recurrent_eq", s)
    paper04, paper05 = scale_config("04_conv_tied", "paper"), scale_config("05_recurrent_eq", "paper")
    paper_hp = scale_config("highpass_002", "paper")
    measures = list(MEASURES) + [BAND_LSD, LONG_TERM, *PERCEPTUAL_COLUMNS]
    voice = "the whole voice" if cfg.voice_seconds is None else f"{cfg.voice_seconds:g} s of voice"
    seeds = scale_seeds(s)
    return [
        ("what judges the outputs",
         "000: MSE, RMSE and the error's std, and listening; 002: the waveforms' difference, "
         "spectra compared by eye (Figs. 12-13), 9 listeners",
         f"{len(measures)} measures on the re-judged outputs ({', '.join(measures)}; the "
         f"controlled cases and limits with {MOS_LQO} alone of the perceptual ones); no "
         f"listeners: {word_list(PERCEPTUAL_COLUMNS)} are objective models of them, and C0.6d "
         "counts only by one that passes the perceptual calibration fixed before the run"),
        ("how MSE's weakness is shown",
         "argued from the documents' own nets (000: similar MSEs, different sound); "
         "no controlled case, no second measure",
         f"{len(CASE_WHAT)} known faults of real piano and voice, {len(EAR_PAIRS)} pairs per "
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
         f"tied conv net: MR-STFT and MR-STFT + ESR, {epochs_text(cfg.conv_epochs)}, FFT sizes "
         f"{', '.join(map(str, cfg.conv_fft_sizes))}, first seed (a demonstration); streaming "
         f"LSTM: MR-STFT + ESR against 05's own model on ESR + DC, every seed, and MR-STFT "
         f"alone for the first seed, FFT sizes {', '.join(map(str, cfg.stream_fft_sizes))}"),
        ("training budget of the streaming LSTMs C2.4b compares",
         "none (future work)",
         f"05's, the same for both losses: the same segments, batch ({c05.stream_batch}), "
         f"seeds and Adam at {c05.stream_learning_rate:g} with every gradient's global norm "
         f"clipped to {c05.stream_clipnorm:g}, each trained until its validation loss had not "
         f"improved for {epochs_text(c05.stream_patience)}, at most "
         f"{epochs_text(c05.stream_epochs)}, the best epoch's weights restored; both stop on "
         "the clips (validation 1) and are judged on the voice (validation 2), which neither "
         "saw"),
        ("epochs of the MSE-trained models compared",
         f"000's conv net: {paper04.epochs} (its last audio example); 002's reduced LSTM: "
         f"{paper05.reduced_epochs}, GRU: more than {THESIS_GRU_EPOCHS_SHOWN} (Fig. 16), dilated "
         f"CNN: {paper05.cnn_epochs} (18 h)",
         f"03's and 04's nets as 03 and 04 train them (to a plateau, at most "
         f"{c04.epoch_cap} epochs, the best restored), the conv net also at epoch "
         f"{cfg.conv_epochs}; "
         f"05's LSTM "
         f"{c05.lstm_epochs}, reduced LSTM and GRU {c05.reduced_epochs}, dilated CNN "
         f"{c05.cnn_epochs}, streaming LSTM {c05.stream_epochs}, each to a plateau (05's "
         "settings and models)"),
        ("runs", "one of each net", f"{len(seeds)} seed(s) ({', '.join(map(str, seeds))}); the "
                                    "claims are judged over them"),
        ("linear reference", "none",
         f"closed-form least-squares FIR of {cfg.fir_taps} taps (and of "
         f"{c05.lstm[0]}, the many-to-one LSTM's window) fitted on the training data"),
    ]


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


def _told_apart_sentence(lowpass, measure, margin, *, mse_margin_db):
    """Whether ``measure`` sees differences among 000's outputs at the margin a dispute
    needs: the pairs it (and MSE) orders by at least that margin, per seed."""
    n_outputs = len(lowpass.tables[lowpass.seeds[0]])
    counts = lambda m, g: ", ".join(str(pairs_told_apart(t, m, g))
                                    for t in lowpass.tables.values())
    shown_margin = with_unit(f"{margin:g}", measure)
    return (f"Of the {n_outputs * (n_outputs - 1) // 2} pairs per seed, {measure} told "
            f"{counts(measure, margin)} apart by at least its margin of {shown_margin} "
            f"(MSE by {mse_margin_db:g} dB: {counts('MSE', mse_margin_db)}; seeds "
            f"{word_list(map(str, lowpass.seeds))}), so a dispute "
            + ("could arise wherever the two measures disagreed. " if any(
                pairs_told_apart(t, measure, margin) for t in lowpass.tables.values()) else
               "could not arise: the measure sees no difference among these outputs at that "
               "margin. "))


def _tau_summary(summary, pool):
    row = summary.loc[pool]
    seeds = int(row["seeds"])
    return ", ".join(f"{m} {row[f'{m} mean']:.2f}"
                     + (f" ({row[f'{m} lowest']:.2f} to {row[f'{m} highest']:.2f})"
                        if seeds > 1 else "")
                     for m in RANKED_MEASURES)


def _judge_clause(choice):
    """Which measure judges C0.6d and whether it is calibrated, from the calibration's choice."""
    label = perceptual_measure(choice.shown).label
    if choice.measure:
        return (f"C0.6d's judge is {label}, the one candidate the calibration chose: it passes "
                "every family of faults the rule fixed before the run. ")
    fails = failures_text(choice.passed, choice.families)
    return (f"No candidate passed every family of the calibration ({fails}), so no calibrated "
            f"measure carries C0.6d; the numbers here are {label}'s, the candidate that "
            "passed the most, shown but not calibrated. ")


def _every_candidate(lowpass):
    """Each candidate's count of C0.6d's disputes with its own margin, per seed, where the
    tables hold every candidate: whether the count hangs on the judge."""
    keys = [m.name for c, m in PERCEPTUAL_COLUMNS.items()
            if all(c in t.columns for t in lowpass.tables.values())]
    if len(keys) < 2:
        return ""
    counts = "; ".join(
        f"{perceptual_column(k)} " + ", ".join(str(len(perceptual_disputes(t, judge=k)))
                                     for t in lowpass.tables.values())
        for k in keys)
    return f"Counted by each candidate instead, each with its own margin (per seed): {counts}. "


def _perceptual_paragraph(lowpass, highpass, verdicts):
    """C0.6d and the rank agreement, by the judge the calibration shows, from the numbers."""
    settings = claim_settings("C0.6d")
    column = lowpass.judge
    judge, unit = column_measure(column), gap_unit(column)
    margin = with_unit(f"{judge.margin:g}", column)
    digits = max(0, int(np.ceil(-np.log10(judge.resolution) - 1e-9)))
    counts = {s: len(d) for s, d in lowpass.perceptual.items()}
    text = (f"**Heard by {judge.label} (an objective model of listeners, not a listening "
            f"test).** " + _judge_clause(lowpass.choice) + f"MSE and {column} ordered "
            + ", ".join(f"{c} (seed {s})" for s, c in counts.items())
            + f" pairs of 000's nets oppositely, MSE by at least {settings['mse_margin_db']:g} dB "
            f"and {column} by at least its margin of {margin}. ")
    text += _clearest(lowpass.perceptual, column, column, f"{{:.{digits}f}} {unit}",
                      margins=(settings["mse_margin_db"], judge.margin))
    text += _every_candidate(lowpass)
    scores = np.concatenate([t[column].to_numpy(dtype=float) for t in lowpass.tables.values()])
    scores = scores[~np.isnan(scores)]
    if scores.size:
        spread = float(np.ptp(scores))
        text += (f"Its scores of these nets lay between {scores.min():.{digits}f} and "
                 f"{scores.max():.{digits}f} over every seed (an identical copy scores "
                 f"{judge.identical:g})"
                 + (f", so no two were {margin} apart. "
                    if spread < judge.margin else ". "))
    summary = rank_agreement_summary(rank_agreement_table(lowpass, highpass))
    seeds = len(lowpass.seeds)
    over = (f"mean over {seeds} seeds (lowest to highest)" if seeds > 1 else
             f"seed {lowpass.seeds[0]}")
    text += (f"Kendall's tau of each signal measure's order with {column}'s (1 = the same "
             f"order, 0 = none), for 000's nets, {over}: {_tau_summary(summary, LOWPASS_POOL)}")
    voice_pool = f"05's networks, {VOICE}"
    if voice_pool in summary.index:
        text += f"; for 05's networks on the voice (seed {lowpass.seeds[0]}): " \
                f"{_tau_summary(summary, voice_pool)}"
    disputed = highpass.perceptual[VOICE] if VOICE in highpass.tables else []
    text += (f". On the voice, MSE and {column} order {len(disputed)} of 05's pairs "
             "oppositely, however slightly. ")
    text += _told_apart_sentence(lowpass, column, judge.margin,
                                 mse_margin_db=settings["mse_margin_db"])
    return text + f"{_verdict(verdicts, 'C0.6d')}."


def _controlled_paragraph(study: ControlledStudy) -> str:
    """What the controlled cases showed, from the ear-agreement counts."""
    ear = study.ear.loc["all"]
    pairs = int(ear["pairs"])
    counts = ear.drop("pairs").sort_values(ascending=False)
    best = list(counts.index[counts == counts.max()])
    wrong = study.agreement.xs("MSE", axis=1)
    wrong = sorted({pair for (_, pair), v in wrong.items() if v == "wrong"})
    text = (f"**Controlled cases.** Of the {pairs} pairs a listener can order "
            f"({len(EAR_PAIRS)} per material, on {word_list(study.tables)}), each measure kept the "
            f"listener's order, by a clear margin ({TIE_DB:g} dB, or "
            f"{margin_of(MOS_LQO):g} points of {MOS_LQO}), this often: "
            + ", ".join(f"{m} {int(k)}" for m, k in counts.items()) + ". ")
    text += (f"{word_list(best)} kept every pair. " if counts.max() == pairs else
             f"No measure kept every pair; the best, {word_list(best)}, kept {int(counts.max())}. ")
    text += ("MSE scored the first of each of these pairs clearly worse than the second, "
             "though a listener hears it as the better: "
             + "; ".join(f"{p.replace(' < ', ' against ')}" for p in wrong) + ". " if wrong else
             "MSE put no pair the other way round. ")
    text += ("The cases were chosen to show each measure's blind spots, so these counts "
             "demonstrate; no verdict rests on them.")
    return text


def _lowpass_paragraphs(lowpass: LowpassRejudged, highpass: HighpassRejudged,
                        verdicts: pd.DataFrame) -> list[str]:
    """C0.6c from 000's nets, and how often MSE and the spectral distance disagree on 05's."""
    n_outputs = len(lowpass.tables[lowpass.seeds[0]])
    counts = {s: len(d) for s, d in lowpass.decisive.items()}
    dispute = claim_settings("C0.6c")
    text = (f"**000's nets re-judged.** Among {n_outputs} outputs of 03's and 04's nets on the "
            f"test piano ({n_outputs * (n_outputs - 1) // 2} pairs per seed), MSE and the "
            f"band-limited log-spectral distance ordered "
            + ", ".join(f"{c} (seed {s})" for s, c in counts.items())
            + f" pairs oppositely, each by at least {dispute['mse_margin_db']:g} dB. ")
    text += _clearest(lowpass.decisive, BAND_LSD, "the spectral distance", "{:.1f} dB",
                      margins=(dispute["mse_margin_db"], dispute["lsd_margin_db"]))
    rho = lowpass.correlation.loc["rank correlation with MSE", BAND_LSD]
    text += (f"Over all outputs of seed {lowpass.seeds[0]}, the two measures' ranks correlate "
             f"at {rho:.2f} (1 would be the same order). ")
    text += _told_apart_sentence(lowpass, BAND_LSD, dispute["lsd_margin_db"],
                                 mse_margin_db=dispute["mse_margin_db"])
    text += f"{_verdict(verdicts, 'C0.6c')}."
    parts = [text]
    voice_disputes = len(highpass.disputed[VOICE])
    n_hp = len(highpass.tables[VOICE])
    parts.append(f"On 002's high-pass, {voice_disputes} of the {n_hp * (n_hp - 1) // 2} pairs "
                 f"of 05's {n_hp} outputs on the voice are ordered differently, however "
                 "slightly, by MSE and the band-limited distance.")
    return parts


def _spectral_paragraph(lowpass: LowpassRejudged, conv: SpectralConv, stream: SpectralStreaming,
                        verdicts: pd.DataFrame) -> str:
    """What the spectral losses changed, and C2.4b."""
    change = spectral_change(conv, stream)
    conv_lines = []
    for variant in SPECTRAL_VARIANTS:
        row = change.loc[("conv net", variant, "voice", conv.seed)]
        conv_lines.append(f"the one trained on {variant} had {_times(row[BAND_LSD])} the "
                          f"band-limited distance and {_times(row['ESR'])} the ESR")
    rec = record(lowpass=lowpass, stream=stream)
    median = lambda key: float(np.median(rec[key]))
    seeds = f"seed{'s' if len(stream.seeds) > 1 else ''} {word_list(map(str, stream.seeds))}"
    runs = {name: [r for (n, _), r in stream.runs.items() if n == name]
            for name in (STREAM_BASELINE, "MR-STFT + ESR")}
    trained = "; ".join(
        f"on {name}, {stream.plateaued(name)} of {len(rs)} stopped on a plateau, after "
        f"{_span_int([len(r.log.epoch) for r in rs])} epochs"
        for name, rs in runs.items() if rs)
    lsd = np.subtract(rec["spectral_voice_band_lsd_db"], rec["baseline_voice_band_lsd_db"])
    esr_ratio = np.divide(rec["spectral_voice_esr"], rec["baseline_voice_esr"])
    text = (f"**A spectral loss.** On the lowpassed voice, against the MSE-trained conv net "
            f"(seed {conv.seed}, {epochs_text(conv.epochs)}; below 1× is better), "
            + ", ".join(conv_lines) + ". The streaming LSTM was trained on ESR + DC (05's "
            f"loss) and on MR-STFT + ESR with the same budget, each until its validation loss "
            f"on the clips stopped improving (at most {epochs_text(stream.epochs)}; {trained}). "
            f"Over {seeds}, the one trained on MR-STFT + ESR had a band-limited distance on the "
            f"voice of {median('spectral_voice_band_lsd_db'):.2f} dB (median) against "
            f"{median('baseline_voice_band_lsd_db'):.2f} dB for ESR + DC, closer in "
            f"{int(np.sum(lsd < 0))} of {lsd.size} seeds (median difference "
            f"{float(np.median(lsd)):+.2f} dB), and an ESR of "
            f"{median('spectral_voice_esr'):.3g} against {median('baseline_voice_esr'):.3g}, "
            f"within twice the baseline's in {int(np.sum(esr_ratio <= 2))} of {esr_ratio.size}. "
            f"{_verdict(verdicts, 'C2.4b')}.")
    return text


def _span_int(values):
    return f"{min(values)}" if min(values) == max(values) else f"{min(values)}-{max(values)}"


def _floor_paragraph(floor: Floor) -> str:
    """How the learned models compare with the least-squares FIR."""
    lines = []
    for effect, table in floor.tables.items():
        ratios = floor.ratios.loc[effect, "ESR"]
        learned = ratios[~ratios.index.str.startswith(FIR)]
        best_model = learned.idxmin()
        beaten = int((learned < 1).sum())
        lines.append(f"{effect}: the best learned model, *{best_model}*, has "
                     f"{_times(learned.min())} the FIR's ESR, and {beaten} of {len(learned)} "
                     "learned models do better than the filter")
    return (f"**The floor.** Against the {floor.name} (fitted in closed form on the same "
            "training data): " + "; ".join(lines) + ".")


def what_it_means(*, study: ControlledStudy, lowpass: LowpassRejudged,
                  highpass: HighpassRejudged, conv: SpectralConv, stream: SpectralStreaming,
                  floor: Floor, verdicts: pd.DataFrame) -> str:
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
    return "\n\n".join([_controlled_paragraph(study),
                        *_lowpass_paragraphs(lowpass, highpass, verdicts),
                        _perceptual_paragraph(lowpass, highpass, verdicts),
                        _spectral_paragraph(lowpass, conv, stream, verdicts),
                        _floor_paragraph(floor)])


def results(*, study: ControlledStudy, limits: LimitsStudy, lowpass: LowpassRejudged,
            highpass: HighpassRejudged, conv: SpectralConv, stream: SpectralStreaming,
            floor: Floor, record_: dict) -> dict:
    """Everything 07 measured, for ``results.json`` (:meth:`NotebookRun.finish`)."""
    tidy = lambda frame: frame.reset_index().to_dict(orient="records")
    return {
        "ear_agreement": study.ear.to_dict(), "controlled_cases": tidy(study.table),
        "perceptual_limits": tidy(limits.table), "steps_told_apart": limits.told_apart.to_dict(),
        "rank_agreement": tidy(rank_agreement_table(lowpass, highpass)),
        "perceptual_judge": {"chosen": lowpass.choice.measure, "shown": lowpass.choice.shown,
                             "column": lowpass.judge,
                             "failed": {k: list(lowpass.choice.failed(k))
                                        for k in lowpass.choice.passed}},
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
        "streaming_training": tidy(stream.training),
        "record": record_,
    }
