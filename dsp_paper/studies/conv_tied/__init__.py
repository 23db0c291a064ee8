"""Study package; see ``stereo``."""
from dsp_paper.studies.conv_tied.stereo import PAPER_STEREO_SETUP, SETTINGS, stereo_corpus
from dsp_paper.studies.dense_baselines.experiment import CLAIMS as _DOC000_CLAIMS
from dsp_paper.studies.dense_baselines.experiment import (PAPER_CONV_AUDIO_EPOCHS, conv_data,
                                                          pedal_corpus, planned_work, train_conv)

CLAIMS = tuple(c for c in _DOC000_CLAIMS if c.notebook == "04_conv_tied")
