"""The generated prose of notebook ``01_data``: what its data differ in from each document's
(:func:`differences`) and its closing text (:func:`what_it_means`)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dsp_paper import signals
from dsp_paper.datasets import EffectCorpus
from dsp_paper.studies import lstm_generation, scale_config
from dsp_paper.studies.data.data import TourData
from dsp_paper.studies.data.experiment import TickDemo
from dsp_paper.studies.data.paper import DOCUMENT_DATA, SLICES_004
from dsp_paper.studies.data.tables import stft_framing

__all__ = ["differences", "kick_sentence", "what_it_means"]

_DOC003 = lstm_generation.DOCUMENT


def _seconds(corpus: EffectCorpus, split: str) -> float:
    return sum(p.n_samples for p in corpus.split(split)) / corpus.sample_rate


def differences(data: TourData) -> list[tuple[str, str, str]]:
    """What our data differ in from each document's: a row per aspect and document.

    Returns
    -------
    list of (str, str, str)
        ``(document: aspect, what the document says, this run)``, for
        :meth:`dsp_paper.study.notebook.NotebookRun.differences`.

    Notes
    -----
    Longer than most functions here: it is one table, this run's side of
    :data:`~dsp_paper.studies.data.paper.DOCUMENT_DATA` row by row; splitting it would scatter
    the table.
    """
    low, st, hp, pd_, dr, sl = (data.lowpass_cfg, data.stereo_cfg, data.highpass_cfg,
                                data.pedal_cfg, data.drums_cfg, data.slices_cfg)
    sr = data.sample_rate
    piano = data.material("piano")
    conv = scale_config("04_conv_tied", low.scale)

    def split_seconds(corpus, *splits):
        return ", ".join(f"{s} {_seconds(corpus, s):.2f} s" for s in splits)

    ours = {
        ("000", "material"): f"{', '.join(low.shapes)} sweeps {low.f_start:g} Hz to "
                             f"{low.f_end:g} Hz, band-limited, through the {data.lowpass.effect}; "
                             f"test: {piano.description}, rendered from MIDI",
        ("000", "sample rate"): f"{sr} Hz",
        ("000", "files"): "the same: stereo 16-bit PCM WAV (rising sweep left, falling right), "
                          f"read as float32, normalised, {low.layout} tracks",
        ("000", "durations"): f"{low.sweep_seconds:g} s per sweep; "
                              + split_seconds(data.lowpass, "train", "validation", "test"),
        ("000", "pedal effect"): f"evaluated as an extension: {data.pedal.effect}; guitar takes "
                                 f"{', '.join(pd_.train_takes)} (train), "
                                 f"{', '.join(pd_.test_takes)} (test)",
        ("001", "material"): f"{', '.join(st.shapes)} sweeps {st.f_start:g} Hz to {st.f_end:g} Hz"
                             f" through the same lowpass; test: the piano and "
                             f"{data.material('voice').description}",
        ("001", "layout"): f"{st.layout} kept (a window batch of shape (batch, window, 2))",
        ("001", "sample uses"): f"every sample used {data.cfg.batch_uses} times in 01's batching "
                                f"example; {conv.sample_uses} times in 04's stereo training",
        ("001", "sample rate"): f"{data.stereo.sample_rate} Hz",
        ("001", "durations"): f"{st.sweep_seconds:g} s per sweep; "
                              + split_seconds(data.stereo, "train", "validation", "test_piano",
                                              "test_voice"),
        ("002", "material"): f"the same kinds ({len(signals.ENVELOPES)} envelopes on each); "
                             f"{hp.clip_seconds:g} s per clip in the full set, shorter in "
                             f'"miniaudio"; fades of {hp.fade_seconds:g} s',
        ("002", "effect"): data.full.effect,
        ("002", "sample rate"): f"{data.full.sample_rate} Hz",
        ("002", "full set"): f"{data.full.joined('train').n_samples:,} samples",
        ("002", "miniaudio"): f"{data.mini.joined('train').n_samples:,} samples "
                              f"({_seconds(data.mini, 'train'):.2f} s)",
        ("002", "validation"): f"1: {_seconds(data.full, 'validation1'):.2f} s of new clips; 2: "
                               f"{data.material('voice').description}",
        ("003", "kicks"): f"{len(data.kicks.examples)} variations of one recorded 808 kick "
                          f"(pitch ×{dr.pitch_range[0]:g} to ×{dr.pitch_range[1]:g}, decay "
                          f"{dr.decay_range[0]:g} to {dr.decay_range[1]:g} s, level "
                          f"{dr.level_range[0]:g} to {dr.level_range[1]:g}), zero-padded to "
                          f"{dr.kick_frames} frames of {dr.frame_samples}",
        ("003", "amen break"): f"{data.amen.description} (the whole loop lasts "
                               f"{data.material('loop_amen_full').seconds:.2f} s)",
        ("003", "sample rate"): f"{dr.sample_rate} Hz",
        ("004", "slices"): f"{data.slices.shape[0]:,} slices of {data.slices.shape[1]} samples, "
                           "white Gaussian noise",
        ("004", "sample rate"): f"{sl.sample_rate} Hz",
    }
    return [(f"{doc}: {aspect}", DOCUMENT_DATA[doc, aspect], ours[doc, aspect])
            for doc, aspect in DOCUMENT_DATA]


def kick_sentence(spread: pd.DataFrame, *, kicks: int) -> str:
    """What sets 003's kicks apart, in words, from
    :func:`dsp_paper.studies.lstm_generation.kick_variation`'s table."""
    peak, level = spread.loc["spectral peak (Hz)"], spread.loc["peak level (dBFS)"]
    t20, t40 = spread.loc["falls 20 dB by (s)"], spread.loc["falls 40 dB by (s)"]
    semitones = 12 * np.log2(peak["max"] / peak["min"])
    level_db = level["max"] - level["min"]
    audible = [w for w, ok in (("pitch", semitones >= 1.0), ("loudness", level_db >= 3.0)) if ok]
    body_follows_pitch = abs(t20["correlation with pitch"]) > abs(t20["correlation with decay"])
    text = (f"* **003's kicks are {'near-copies' if body_follows_pitch else 'variations'} of one "
            f"hit.** The {kicks} kicks are one recorded 808 kick: their spectral peaks run from "
            f"{peak['min']:.0f} to {peak['max']:.0f} Hz ({semitones:.1f} semitones) and their "
            f"peak levels span {level_db:.1f} dB, so they differ audibly in "
            f"{' and '.join(audible) if audible else 'neither pitch nor loudness'}. They fall "
            f"20 dB within {t20['min']:.3f} to {t20['max']:.3f} s (correlation "
            f"{t20['correlation with pitch']:.2f} with the pitch factor, "
            f"{t20['correlation with decay']:.2f} with the decay setting) and 40 dB within "
            f"{t40['min']:.2f} to {t40['max']:.2f} s (correlation "
            f"{t40['correlation with decay']:.2f} with the decay setting)")
    if body_follows_pitch:
        return text + (": the decay setting shows mostly in the quiet end, and otherwise they are "
                       f"the same kick, transposed. The {_DOC003.kick_material} 003 trained on "
                       "vary more in timbre: what 06 learns from this set is one kick's shape.")
    return text + (": the decay setting shortens the body itself. Still, they share one "
                   f"recording's timbre, where 003 had {_DOC003.kick_material}.")


def what_it_means(data: TourData, *, slopes: pd.DataFrame, response: pd.DataFrame,
                  tick: TickDemo) -> str:
    """The closing text of 01, from the run's numbers.

    Parameters
    ----------
    data : TourData
    slopes : pandas.DataFrame
        :func:`~dsp_paper.studies.data.tables.noise_slopes`.
    response : pandas.DataFrame
        :func:`~dsp_paper.studies.data.figures.highpass_response`'s table.
    tick : TickDemo

    Returns
    -------
    str
        Markdown.
    """
    worst_slope = float((slopes["measured_db_per_octave"]
                         - slopes["expected_db_per_octave"]).abs().max())
    worst_response = float((response["measured"] - response["analytic"]).abs().max())
    blocks, fixed = (tick.table.iloc[i] for i in range(2))
    names = ", ".join(m.name for m in data.materials)
    lines = ["## What it means", "",
             f"* **Real material.** Every recording used ({names}) is real (the piano a "
             "rendering of MIDI through a sampled piano, as 000's was), listed with its licence "
             "and source above; the generated signals are the documents' own kinds.",
             f"* **Generated signals behave as stated.** The noise colours' measured slopes are "
             f"within {worst_slope:.2f} dB per octave of their physics, and the high-pass EQ's "
             f"measured response agrees with the analytic Butterworth to within "
             f"{max(worst_response, 0.01):.2f} dB at its cut-off and in its stop band."]
    lines.append(kick_sentence(data.kick_spread, kicks=len(data.kicks.examples)))
    edge_gap = blocks["edge_error_db"] - blocks["between_edges_error_db"]
    fix_gain = blocks["edge_error_db"] - fixed["edge_error_db"]
    stands_out = "stands out at" if edge_gap > 0 else "does not stand out at"
    lines.append(
        f"* **000's tick is a property of block processing.** Filtering "
        f"{data.cfg.tick_block_seconds:g} s blocks with zeros beyond their edges leaves an error "
        f"that {stands_out} the block edges ({blocks['edge_error_db']:.1f} dB re the music there"
        f", against {blocks['between_edges_error_db']:.1f} dB between them); overlap-adding "
        f"tapered windows brings the edge error to {fixed['edge_error_db']:.1f} dB, "
        f"{fix_gain:.1f} dB lower.")
    framing = stft_framing(data)
    doc_col = framing.columns[0]
    hop = scale_config("02_learned_spectrogram", data.slices_cfg.scale).hop
    lines.append(
        f"* **004's framing.** The stated stride {SLICES_004['stride']} gives "
        f"{framing[doc_col].iloc[1]} (bins x frames) from {SLICES_004['samples']} samples, not "
        f"{SLICES_004['bins']} x {SLICES_004['frames']}; notebook 02's hop of {hop} gives "
        f"{framing[doc_col].iloc[0]}.")
    lines.append(
        "* **What differs** from each document's data (material, sample rates, sizes) is in "
        f"the table above, for this run's scale ({data.cfg.scale}).")
    return "\n".join(lines)
