"""Notebook ``01_data``: the tour of every document's data (no claims, no training).

01 builds every document's corpus through the studies that own them
(``dense_baselines.lowpass_corpus``, ``conv_tied.stereo_corpus`` and ``pedal_corpus``,
``recurrent_eq.highpass_corpus``, ``lstm_generation.kick_set`` and ``amen_clip``,
``learned_spectrogram.stft_slices``), lets a reader hear and see them, rebuilds 000's figures
[2]-[5], shows how audio is cut into training windows, and rebuilds 000's half-second tick and
its overlap-add fix.

Files
-----
settings.py
    :class:`DataTourSettings` and its table (``SETTINGS``).
paper.py
    What the documents say about their data, typed once (:data:`DOCUMENT_DATA`, ...).
data.py
    :class:`TourData` and :func:`load`, which builds (or reads from the cache) every corpus.
experiment.py
    000's tick and its fix (:func:`tick_demo`).
tables.py, figures.py, clips.py
    What the notebook shows and publishes.
text.py
    :func:`differences` and :func:`what_it_means`.

Examples
--------
>>> from dsp_paper.studies import data as study
>>> tour = study.load("smoke")  # doctest: +SKIP
>>> fig = study.sampled_waveform(tour)  # doctest: +SKIP
"""
from dsp_paper.studies.data.clips import key_clips, kick_sequence
from dsp_paper.studies.data.data import TourData, first_piece, load, mono
from dsp_paper.studies.data.experiment import TickDemo, tick_demo, tick_outputs
from dsp_paper.studies.data.figures import (amen_figure, batching, envelopes, highpass_response,
                                            kicks_figure, miniaudio_waveform, noise_spectra,
                                            sampled_waveform, spectra_over_time, spectrograms,
                                            test_spectrum, tick_figure, time_and_frequency,
                                            training_spectrogram, voice_spectrum)
from dsp_paper.studies.data.paper import (DOCUMENT_DATA, NOISE_SLOPES_DB_PER_OCTAVE, SLICES_004,
                                          THESIS_SAMPLE_RATE, THESIS_SAMPLES, USES_001)
from dsp_paper.studies.data.settings import DATA_TOUR, SETTINGS, DataTourSettings
from dsp_paper.studies.data.tables import (datasets_table, highpass_sizes, layouts, noise_slopes,
                                           provenance, stft_framing)
from dsp_paper.studies.data.text import differences, kick_sentence, what_it_means

CLAIMS = ()
"""01 judges no claims."""

__all__ = ["SETTINGS", "CLAIMS", "DataTourSettings", "DATA_TOUR",
           "DOCUMENT_DATA", "THESIS_SAMPLES", "THESIS_SAMPLE_RATE", "SLICES_004", "USES_001",
           "NOISE_SLOPES_DB_PER_OCTAVE",
           "TourData", "load", "mono", "first_piece",
           "TickDemo", "tick_outputs", "tick_demo",
           "provenance", "layouts", "noise_slopes", "highpass_sizes", "stft_framing",
           "datasets_table",
           "training_spectrogram", "test_spectrum", "time_and_frequency", "spectra_over_time",
           "spectrograms", "sampled_waveform", "noise_spectra", "envelopes",
           "highpass_response", "voice_spectrum", "miniaudio_waveform", "kicks_figure",
           "amen_figure", "batching", "tick_figure",
           "key_clips", "kick_sequence",
           "differences", "kick_sentence", "what_it_means"]
