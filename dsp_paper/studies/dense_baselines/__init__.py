"""Notebook ``03_dense_baselines``: document 000, "TensorFlow Signal Processing", its dense nets.

000 taught neural nets a lowpass filter from sweeps and tested them on a Brahms piano piece.
This package holds 000's lowpass corpus and its numbers (notebook ``04_conv_tied``, the
:mod:`~dsp_paper.studies.conv_tied` package, builds on both) and 03's two dense nets (hidden
1000, linear and tanh) beside the least-squares FIR.

Files
-----
settings.py
    ``lowpass_000`` and ``03_dense_baselines`` per scale (:data:`SETTINGS`).
paper.py
    The numbers 000 reports, typed once, and its setup as far as it states it.
data.py
    The lowpass corpus (:func:`lowpass_corpus`) and the dense nets' windows.
experiment.py
    The dense nets' training and 03's experiment (:func:`run`), the FIR floor, the normalised
    MSE.
tables.py, figures.py, clips.py
    What the notebook shows.
claims.py
    03's sub-claims (:data:`CLAIMS`) and the results record they are judged on
    (:func:`record`).
text.py
    What differs from 000, the closing text, ``results.json``.
work.py
    What the notebook trains, for ``estimate`` (:func:`planned_work`).
"""
from dsp_paper.studies.dense_baselines.claims import CLAIMS, record, white_noise_flatness
from dsp_paper.studies.dense_baselines.clips import dense_clips, dense_extra_clips, dense_net_clips
from dsp_paper.studies.dense_baselines.data import (dense_data, lowpass, lowpass_corpus,
                                                    lowpass_description, sweep_material,
                                                    sweep_sources)
from dsp_paper.studies.dense_baselines.experiment import (DENSE_ACTIVATIONS, END,
                                                          DenseExperiment, FirFloor,
                                                          LowpassExperiment, dense_experiment,
                                                          epoch_label, evaluate_overlapped,
                                                          evaluate_run, fir_floor,
                                                          overlap_add_pieces, run,
                                                          stop_summary, target_variances,
                                                          train_dense, with_nmse)
from dsp_paper.studies.dense_baselines.figures import (curves, dense_curves_figure,
                                                       dense_spectra_figure)
from dsp_paper.studies.dense_baselines.paper import (NMSE_COLUMNS, PAPER_COLUMNS,
                                                     PAPER_CONV_AUDIO_EPOCHS, PAPER_CONV_HIDDEN,
                                                     PAPER_CONV_ROWS, PAPER_DENSE_EPOCHS,
                                                     PAPER_DENSE_HIDDEN, PAPER_DENSE_ROWS,
                                                     PAPER_LINEAR_TRAINING_HOURS, PAPER_SETUP,
                                                     PAPER_TEST_BLOCK_SECONDS, paper_nmse)
from dsp_paper.studies.dense_baselines.settings import (DENSE, LOWPASS_CORPUS, SETTINGS,
                                                        DenseSettings, LowpassCorpusSettings)
from dsp_paper.studies.dense_baselines.tables import (COMPARED, dense_paper_vs_ours, dense_table,
                                                      flatness_table, frame, multi_frame)
from dsp_paper.studies.dense_baselines.text import (budget_line, differences, material_line,
                                                    optimiser_line, results, scores,
                                                    training_record, what_it_means,
                                                    windows_line)
from dsp_paper.studies.dense_baselines.work import planned_work

__all__ = [
    # settings and the document
    "SETTINGS", "LowpassCorpusSettings", "DenseSettings", "LOWPASS_CORPUS", "DENSE",
    "PAPER_COLUMNS", "PAPER_DENSE_EPOCHS", "PAPER_DENSE_HIDDEN", "PAPER_CONV_HIDDEN",
    "PAPER_TEST_BLOCK_SECONDS", "PAPER_CONV_AUDIO_EPOCHS", "PAPER_LINEAR_TRAINING_HOURS",
    "PAPER_DENSE_ROWS", "PAPER_CONV_ROWS", "NMSE_COLUMNS", "PAPER_SETUP", "paper_nmse",
    # data
    "lowpass_corpus", "sweep_sources", "lowpass", "lowpass_description", "sweep_material",
    "dense_data",
    # trainings and the experiment
    "DENSE_ACTIVATIONS", "END", "train_dense", "FirFloor", "LowpassExperiment", "fir_floor",
    "target_variances", "with_nmse", "overlap_add_pieces", "evaluate_overlapped",
    "evaluate_run", "epoch_label",
    "stop_summary", "DenseExperiment", "run", "dense_experiment",
    # tables, figures, clips
    "dense_table", "dense_paper_vs_ours", "flatness_table", "frame", "multi_frame", "COMPARED",
    "dense_curves_figure", "dense_spectra_figure", "curves", "dense_clips",
    "dense_extra_clips", "dense_net_clips",
    # claims, text, work
    "CLAIMS", "record", "white_noise_flatness", "differences", "what_it_means", "results",
    "scores", "material_line", "optimiser_line", "windows_line", "budget_line",
    "training_record", "planned_work",
]
