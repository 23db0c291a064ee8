"""Study package; see ``experiment``."""
from dsp_paper.studies.dense_baselines.experiment import CLAIMS as _DOC000_CLAIMS
from dsp_paper.studies.mse_critique.experiment import SETTINGS, planned_work
from dsp_paper.studies.recurrent_eq.experiment import CLAIMS as _DOC002_CLAIMS

CLAIMS = tuple(c for c in (*_DOC000_CLAIMS, *_DOC002_CLAIMS) if c.notebook == "07_mse_critique")
