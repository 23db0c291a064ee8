"""Study package; see ``experiment``."""
from dsp_paper.studies.dense_baselines.experiment import (CLAIMS, DENSE_ACTIVATIONS,
                                                          PAPER_DENSE_EPOCHS, PAPER_DENSE_HIDDEN,
                                                          PAPER_SETUP, SETTINGS, dense_data,
                                                          lowpass_corpus, planned_work,
                                                          train_dense)
