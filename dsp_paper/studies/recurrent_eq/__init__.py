"""Study package; see ``experiment``."""
from dsp_paper.studies.recurrent_eq.experiment import (CLAIMS, SETTINGS, THESIS_CUTOFF_HZ,
                                                       THESIS_SIZES, highpass_corpus,
                                                       planned_outputs, planned_work,
                                                       recurrent_outputs, recurrent_validation,
                                                       streaming_data, train_streaming_model,
                                                       train_thesis_models)
