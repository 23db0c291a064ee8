"""Notebook ``02_learned_spectrogram``: document 004, learning spectrograms with a neural
network.

004 trained one bias-free dense layer to output the complex STFT of random 2048-sample slices
at 8 kHz, reported its loss after 4 and 10 epochs, looked at its weights (Hann-windowed
sinusoids), learned a 128-point DFT the same way, and called the whole thing impractical.
The transforms as matrices are the toolkit's :mod:`dsp_paper.spectral`.

Files
-----
``paper.py``
    What 004 reports (:data:`DOCUMENT`), typed once.
``settings.py``
    The settings of ``slices_004`` and ``02_learned_spectrogram`` per scale (:data:`SETTINGS`).
``data.py``
    The slices (:func:`stft_slices`), the training and test data with their targets
    (:func:`slice_data`), the unseen four-tone slice (:func:`four_tones`).
``experiment.py``
    The exact answer and the float32 floor (:func:`exact_reference`), the layer's trainings
    over seeds (:func:`run`), the weights against the closed form, the DFT network
    (:func:`train_dft_layer`), the cost against an FFT (:func:`measure_cost`).
``tables.py``, ``figures.py``, ``clips.py``
    What the notebook shows.
``claims.py``
    The sub-claims C4.* (:data:`CLAIMS`) and the record they are judged on (:func:`record`).
``text.py``
    What differs from the document (:func:`differences`), the closing text
    (:func:`what_it_means`), what ``results.json`` keeps (:func:`results`).
``work.py``
    What the notebook trains, for :mod:`dsp_paper.study.estimate` (:func:`planned_work`).

Examples
--------
>>> from dsp_paper.studies import learned_spectrogram as study
>>> data = study.slice_data("smoke")  # doctest: +SKIP
>>> exact = study.exact_reference(data)  # doctest: +SKIP
>>> runs = study.run(data, scale="smoke", seeds=(0,))  # doctest: +SKIP
>>> study.record(runs, exact, study.measure_cost(runs, data, scale="smoke"))  # doctest: +SKIP
"""
from dsp_paper.studies.learned_spectrogram.claims import CLAIMS, record
from dsp_paper.studies.learned_spectrogram.clips import clips
from dsp_paper.studies.learned_spectrogram.data import (FOUR_TONES, TEST_LEVEL, SliceData,
                                                        four_tones, slice_data, stft_slices)
from dsp_paper.studies.learned_spectrogram.experiment import (Cost, DftRun, ErrorMap,
                                                              ExactReference, StftRuns,
                                                              error_map, exact_reference,
                                                              measure_cost, run, test_mse,
                                                              train_dft_layer, train_stft_layer,
                                                              weight_agreement)
from dsp_paper.studies.learned_spectrogram.figures import (DFT_SHOWN_BINS, band_figure,
                                                           dft_figure, four_tones_figure,
                                                           log_error_figure, shown_slices,
                                                           training_figure, weight_maps_figure)
from dsp_paper.studies.learned_spectrogram.paper import DOCUMENT, Document004
from dsp_paper.studies.learned_spectrogram.settings import (SETTINGS, SLICES, SPECTROGRAM,
                                                            SlicesSettings,
                                                            SpectrogramSettings)
from dsp_paper.studies.learned_spectrogram.tables import paper_vs_ours
from dsp_paper.studies.learned_spectrogram.text import differences, results, what_it_means
from dsp_paper.studies.learned_spectrogram.work import planned_work

__all__ = ["SETTINGS", "CLAIMS", "planned_work", "run", "record", "differences",
           "what_it_means", "results", "stft_slices",
           # what 004 reports, and the settings
           "Document004", "DOCUMENT", "SlicesSettings", "SLICES", "SpectrogramSettings",
           "SPECTROGRAM",
           # data
           "TEST_LEVEL", "FOUR_TONES", "SliceData", "slice_data", "four_tones",
           # experiments
           "ExactReference", "exact_reference", "train_stft_layer", "StftRuns", "test_mse",
           "weight_agreement", "ErrorMap", "error_map", "DftRun", "train_dft_layer", "Cost",
           "measure_cost",
           # what the notebook shows
           "DFT_SHOWN_BINS", "shown_slices", "training_figure", "four_tones_figure",
           "weight_maps_figure", "band_figure", "log_error_figure", "dft_figure", "clips",
           "paper_vs_ours"]
