"""The clips notebook ``01_data`` publishes: each document's key clips, for ``nb.players``."""
from __future__ import annotations

import numpy as np

from dsp_paper.errors import ParameterError
from dsp_paper.studies.data.data import TourData, first_piece

__all__ = ["kick_sequence", "key_clips"]


def kick_sequence(data: TourData) -> np.ndarray:
    """The kicks shown, one after another, each in a slot of ``kick_slot_seconds``."""
    slot = int(data.cfg.kick_slot_seconds * data.shown.sample_rate)
    shown = data.shown.examples[:, :slot]
    return np.pad(shown, ((0, 0), (0, slot - shown.shape[1]))).reshape(-1)


def key_clips(data: TourData, document: str) -> dict:
    """The clips 01 publishes for one document, as keywords of ``nb.players``.

    Parameters
    ----------
    data : TourData
    document : {"000", "001", "002", "003", "pedal"}

    Returns
    -------
    dict
        ``clips`` (title -> mono audio), ``sample_rate``, ``heading``, ``what`` (title ->
        a description for the listening page) and ``listen_for`` (what the group lets a
        listener hear; no clip is scored: they are the data, not a model's output).
    """
    low, cfg, high = data.lowpass_cfg, data.cfg, data.highpass_cfg
    sweep_range = f"{low.f_start:g} Hz to {low.f_end:g} Hz, exponential, band-limited"
    if document == "000":
        heading = "000: sweeps through the lowpass, piano as the test"
        saw = data.sweeps["saw"]
        clips = [("saw sweep (input)", saw, f"saw sweep, {sweep_range}"),
                 ("saw sweep through the lowpass (target)", data.through_lowpass(saw),
                  data.lowpass.effect),
                 ("piano (test input)", first_piece(data.lowpass, "test")[0],
                  data.material("piano").description)]
        listen_for = (f"the saw's buzz losing its top as the sweep rises past the lowpass's "
                      f"{low.cutoff_hz:g} Hz cut-off ({6 * low.order} dB per octave above "
                      "it); the piano is what the nets are tested on")
    elif document == "001":
        heading = "001: triangle sweeps, voice as harder material"
        clips = [("triangle sweep (input)", data.sweeps["triangle"],
                  f"triangle sweep, {sweep_range}"),
                 ("voice (test input)", first_piece(data.stereo, "test_voice")[0],
                  data.material("voice").description)]
        listen_for = ("the triangle's softer tone than the saw's (fewer, weaker harmonics "
                      "for a net to learn from), and speech: consonants and pitch glides no "
                      "sweep contains")
    elif document == "002":
        heading = '002: "miniaudio" through the high-pass EQ'
        x, y = first_piece(data.mini, "train")
        clips = [("training input", x, "the start of the training set: noise clips with "
                  "amplitude envelopes and fades (the clips cycle through every kind)"),
                 ("training target", y, data.mini.effect)]
        listen_for = (f"the missing low end below {high.cutoff_hz:g} Hz in the target: the "
                      "same noise bursts and fades, thinner and hissier")
    elif document == "003":
        heading = "003: 808 kick variations and the amen break"
        clips = [("kick variations", kick_sequence(data),
                  "kicks " + ", ".join(map(str, data.shown.index)) + " of the set, one every "
                  f"{cfg.kick_slot_seconds:g} s (their pitch, decay and level: the kicks table)"),
                 ("amen break", data.amen.audio, data.amen.description)]
        listen_for = ("how far the kicks differ from one another in pitch, length and level "
                      "(the set is one recorded kick varied), and the break's hits, which 003's "
                      "LSTM learns to generate again")
    elif document == "pedal":
        heading = "the pedal extension: guitar DI and the pedal chain"
        x, y = first_piece(data.pedal, "test")
        clips = [("guitar DI (test input)", x,
                  "electric guitar, direct input: " + ", ".join(data.pedal_cfg.test_takes)),
                 ("through the pedal chain", y, data.pedal.effect)]
        pedal = data.pedal_cfg
        listen_for = (f"the drive's distortion ({pedal.drive_db:+g} dB into tanh) and the "
                      f"tone control's duller top above {pedal.tone_hz:g} Hz, on notes the "
                      "training never played")
    else:
        raise ParameterError(f"unknown document {document!r}: use 000, 001, 002, 003 or pedal")
    return dict(clips={t: a for t, a, _ in clips}, what={t: w for t, _, w in clips},
                sample_rate=data.drums_cfg.sample_rate if document == "003" else data.sample_rate,
                heading=heading, listen_for=listen_for)
