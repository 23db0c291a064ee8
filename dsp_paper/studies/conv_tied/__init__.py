"""Notebook ``04_conv_tied``: document 000, "TensorFlow Signal Processing", its tied conv net;
and document 001, "Deep Signal Processing" (000's earlier draft), its stereo layout.

000's convolutional net whose transposed convolution reuses its filters, on 000's lowpass
corpus (from :mod:`~dsp_paper.studies.dense_baselines`, whose dense nets the notebook also
runs); 000's two ablations, its half-second tick and the overlap-add fix it proposed, the
pedal-chain extension 000 named but never evaluated, and 001's stereo layout.

Files
-----
settings.py
    ``04_conv_tied``, ``pedal_ext`` and ``stereo_001`` per scale (:data:`SETTINGS`).
paper.py
    001's setup as it states it (000's numbers are in ``dense_baselines.paper``).
data.py
    The pedal and the stereo corpus, and the conv net's windows (:func:`conv_data`).
experiment.py
    The conv net's training (:func:`train_conv`) and 04's main experiment (:func:`run`).
ablations.py, tick.py, pedal.py, stereo.py
    The ablations, the tick, the pedal extension, 001's stereo net.
tables.py, figures.py, clips.py
    What the notebook shows.
claims.py
    04's sub-claims (:data:`CLAIMS`) and the results record they are judged on
    (:func:`record`).
text.py
    What differs from 000 and 001, the closing text, ``results.json``.
work.py
    What the notebook trains, for ``estimate`` (:func:`planned_work`).
"""
from dsp_paper.studies.conv_tied.ablations import (ABLATION_MODELS, ABLATIONS, AblationExperiment,
                                                   ablation_experiment)
from dsp_paper.studies.conv_tied.claims import CLAIMS, record
from dsp_paper.studies.conv_tied.clips import (ablation_clips, ablation_scores, conv_clips,
                                               conv_published_epochs, pedal_clips, pedal_scores,
                                               tick_clips, tick_scores)
from dsp_paper.studies.conv_tied.data import conv_data, pedal_corpus, stereo_corpus
from dsp_paper.studies.conv_tied.experiment import ConvExperiment, run, stride_hop, train_conv
from dsp_paper.studies.conv_tied.figures import (ablation_curves_figure, conv_curves_figure,
                                                 tick_edge, tick_figure)
from dsp_paper.studies.conv_tied.paper import PAPER_STEREO_SETUP
from dsp_paper.studies.conv_tied.pedal import PedalExperiment, pedal_experiment, pedal_trainings
from dsp_paper.studies.conv_tied.settings import (CONV, PEDAL_CORPUS, SETTINGS, STEREO_CORPUS,
                                                  ConvSettings, PedalCorpusSettings,
                                                  StereoCorpusSettings)
from dsp_paper.studies.conv_tied.stereo import (StereoExperiment, stereo_experiment,
                                                stereo_training)
from dsp_paper.studies.conv_tied.tables import ablation_table, conv_paper_vs_ours, conv_table
from dsp_paper.studies.conv_tied.text import differences, results, what_it_means
from dsp_paper.studies.conv_tied.tick import TickExperiment, tick_experiment, tick_levels
from dsp_paper.studies.conv_tied.work import planned_work
from dsp_paper.studies.dense_baselines import PAPER_CONV_AUDIO_EPOCHS

__all__ = [
    # settings and the documents
    "SETTINGS", "ConvSettings", "PedalCorpusSettings", "StereoCorpusSettings", "CONV",
    "PEDAL_CORPUS", "STEREO_CORPUS", "PAPER_STEREO_SETUP", "PAPER_CONV_AUDIO_EPOCHS",
    # data
    "conv_data", "pedal_corpus", "stereo_corpus",
    # trainings and experiments
    "train_conv", "stride_hop", "ConvExperiment", "run", "ABLATIONS", "ABLATION_MODELS", "AblationExperiment",
    "ablation_experiment", "tick_levels", "TickExperiment", "tick_experiment",
    "PedalExperiment", "pedal_trainings", "pedal_experiment", "StereoExperiment",
    "stereo_training", "stereo_experiment",
    # tables, figures, clips
    "conv_table", "conv_paper_vs_ours", "ablation_table", "conv_curves_figure",
    "ablation_curves_figure", "tick_edge", "tick_figure", "conv_published_epochs", "conv_clips",
    "ablation_clips", "ablation_scores", "tick_clips", "tick_scores", "pedal_clips",
    "pedal_scores",
    # claims, text, work
    "CLAIMS", "record", "differences", "what_it_means", "results", "planned_work",
]
