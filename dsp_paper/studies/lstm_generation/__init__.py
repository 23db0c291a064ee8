"""Study package; see ``experiment``."""
from dsp_paper.studies.lstm_generation.experiment import (CLAIMS, DOCUMENT, SETTINGS, KickSet,
                                                          ShownKicks, amen_clip, kick_set,
                                                          kick_variation, planned_work,
                                                          shown_kicks)
