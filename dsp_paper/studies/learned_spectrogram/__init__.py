"""Study package; see ``experiment``."""
from dsp_paper.studies.learned_spectrogram.experiment import (CLAIMS, SETTINGS, planned_work,
                                                              stft_slices)
