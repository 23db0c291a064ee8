"""Study package; see experiment."""
from dsp_paper.studies.capture_comparison.experiment import CLAIMS, SETTINGS, planned_work
