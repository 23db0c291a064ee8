"""Notebook ``06_lstm_generation``: document 003, "Deep Learning and Sound 02: Generating
Audio" (2015), GRUV-style next-frame LSTMs that generate a vowel, 808 kicks and the amen break.

The frame representation and generation are the toolkit's :mod:`dsp_paper.nn.gruv`.

Files
-----
``paper.py``
    What 003 reports (:data:`DOCUMENT`), typed once.
``settings.py``
    The settings of ``drums_003`` and ``06_lstm_generation`` per scale (:data:`SETTINGS`).
``data.py``
    The material: variations of a recorded 808 kick (:func:`kick_set`), the kicks shown
    (:func:`shown_kicks`), how much they differ (:func:`kick_variation`), the amen break
    (:func:`amen_clip`).
``experiment.py``
    The five experiments: the representation's round trip (:func:`representation_check`),
    the pitfall of the first frame (:func:`vowel_experiment`), the kicks
    (:func:`kick_experiment`), the amen break in FFT and raw frames and without the mean and
    variance (:func:`amen_experiment`); the measures of what 003 heard and saw.
``tables.py``, ``figures.py``, ``clips.py``
    What the notebook shows.
``claims.py``
    The sub-claims C3.* (:data:`CLAIMS`) and the record they are judged on (:func:`record`).
``text.py``
    What differs from the document (:func:`differences`), the closing text
    (:func:`what_it_means`), what ``results.json`` keeps (:func:`results`).
``work.py``
    What the notebook trains, for :mod:`dsp_paper.study.estimate` (:func:`planned_work`).

Examples
--------
>>> from dsp_paper.studies import lstm_generation as study
>>> kicks = study.kick_set("smoke")  # doctest: +SKIP
>>> shown = study.shown_kicks(kicks, count=3)  # doctest: +SKIP
>>> shown.index, shown.labels[0]  # doctest: +SKIP
(array([ 0,  5, 11]), 'kick 0: pitch ×1.06, decay 0.88 s, level 0.73')
"""
from dsp_paper.studies.lstm_generation.claims import CLAIMS, record
from dsp_paper.studies.lstm_generation.clips import amen_clips, kick_clips, tail_clips, vowel_clips
from dsp_paper.studies.lstm_generation.data import (KickSet, ShownKicks, amen_clip, kick_set,
                                                    kick_variation, shown_kicks)
from dsp_paper.studies.lstm_generation.experiment import (RENDERS, AmenRun, KickRun,
                                                          Representation, VowelRun,
                                                          amen_experiment, break_measures,
                                                          kick_experiment, kick_measures,
                                                          onset_f_by_chance, onset_f_measure,
                                                          representation_check,
                                                          vowel_experiment)
from dsp_paper.studies.lstm_generation.figures import (amen_figure, kicks_figure,
                                                       representation_figure, vowel_figure)
from dsp_paper.studies.lstm_generation.paper import DOCUMENT, Document003
from dsp_paper.studies.lstm_generation.settings import (DRUMS, GENERATION, SETTINGS,
                                                        DrumsSettings, GenerationSettings)
from dsp_paper.studies.lstm_generation.tables import paper_vs_ours, training_table
from dsp_paper.studies.lstm_generation.text import differences, results, what_it_means
from dsp_paper.studies.lstm_generation.work import planned_work

__all__ = ["SETTINGS", "CLAIMS", "planned_work", "record", "differences", "what_it_means",
           "results",
           # what other studies use
           "DOCUMENT", "amen_clip", "kick_set", "kick_variation", "shown_kicks", "KickSet",
           "ShownKicks",
           # what 003 reports, and the settings
           "Document003", "DrumsSettings", "DRUMS", "GenerationSettings", "GENERATION",
           # experiments and measures
           "kick_measures", "break_measures", "onset_f_measure", "onset_f_by_chance",
           "Representation", "representation_check",
           "VowelRun", "vowel_experiment", "KickRun", "kick_experiment", "RENDERS", "AmenRun",
           "amen_experiment",
           # what the notebook shows
           "paper_vs_ours", "training_table", "representation_figure", "vowel_figure",
           "kicks_figure", "amen_figure", "vowel_clips", "kick_clips", "amen_clips",
           "tail_clips"]
