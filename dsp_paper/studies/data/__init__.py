"""01: the data of the five documents (a tour; no claims, no training)."""
from dsp_paper.studies.data.settings import SETTINGS

CLAIMS = ()
