"""What the five documents say about their data, typed once (notebook ``01_data``).

000's, 001's and 003's entries come from their studies (``PAPER_SETUP``,
``PAPER_STEREO_SETUP``, ``DOCUMENT``); the rest is typed here.
"""
from __future__ import annotations

from dsp_paper.studies import conv_tied, dense_baselines, lstm_generation

__all__ = ["THESIS_SAMPLES", "THESIS_SAMPLE_RATE", "SLICES_004", "USES_001", "DOCUMENT_DATA",
           "NOISE_SLOPES_DB_PER_OCTAVE"]


THESIS_SAMPLES = {"full": 7_813_000, "mini": 882_000}
"""002's training sets, in samples: the full set and "miniaudio" (20 s at 44.1 kHz)."""

THESIS_SAMPLE_RATE = 44100
"""002: "each sample rendered with 44100Hz"."""

SLICES_004 = dict(samples=2048, sample_rate=8000, count=15000, stride=250, bins=129, frames=33)
"""004's slices (samples at Hz; ``count`` per batch) and the STFT it states: stride 250,
129 bins x 33 frames."""

USES_001 = 10
"""001: windows overlap so that "every datapoint will be used 10 times"."""

_DOC003 = lstm_generation.DOCUMENT


DOCUMENT_DATA = {
    ("000", "material"): dense_baselines.PAPER_SETUP["material"],
    ("000", "sample rate"): dense_baselines.PAPER_SETUP["sample rate"],
    ("000", "files"): "stereo 16-bit PCM WAV, converted to float32, normalised, split into "
                      "mono tracks",
    ("000", "durations"): "not stated",
    ("000", "pedal effect"): '"a more complex effect made with some pedal effects", never '
                             "evaluated",
    ("001", "material"): conv_tied.PAPER_STEREO_SETUP["material"],
    ("001", "layout"): conv_tied.PAPER_STEREO_SETUP["layout"],
    ("001", "sample uses"): f"windows overlap so that every sample is used {USES_001} times",
    ("001", "sample rate"): "not stated ('a uniform sample rate')",
    ("001", "durations"): "not stated",
    ("002", "material"): "white, pink, Gaussian and brown noise; sine sweeps rising and "
                         "falling; amplitude rising, falling or both; fades; one second per clip",
    ("002", "effect"): "a DAW EQ's high-pass at 440 Hz",
    ("002", "sample rate"): f"{THESIS_SAMPLE_RATE} Hz",
    ("002", "full set"): f"{THESIS_SAMPLES['full']:,} samples",
    ("002", "miniaudio"): f"{THESIS_SAMPLES['mini']:,} samples (20 s)",
    ("002", "validation"): "1: new chunks of the same kinds; 2: a recorded voice",
    ("003", "kicks"): f"{_DOC003.kick_material}, zero-padded to one length",
    ("003", "amen break"): f"{_DOC003.amen_material}, trimmed to {_DOC003.amen_frames} frames "
                           f"of {_DOC003.frame_samples} samples",
    ("003", "sample rate"): "not stated" if _DOC003.sample_rate is None
                            else f"{_DOC003.sample_rate} Hz",
    ("004", "slices"): f"random slices of {SLICES_004['samples']} samples, synthesised; "
                       f"{SLICES_004['count']:,} per batch",
    ("004", "sample rate"): f"{SLICES_004['sample_rate']} Hz",
}
"""``(document, aspect) -> what the document says about its data``: the "document" column of
:func:`~dsp_paper.studies.data.text.differences`; 000's, 001's and 003's entries are their
studies' (``PAPER_SETUP``, ``PAPER_STEREO_SETUP``, ``DOCUMENT``)."""

NOISE_SLOPES_DB_PER_OCTAVE = {"white": 0.0, "gaussian": 0.0, "pink": -3.0, "brown": -6.0}
"""The physics of 002's noise colours: power slope in dB per octave."""
