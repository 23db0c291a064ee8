"""Document 001, "Deep Signal Processing" (its overview reads as an earlier version of 000's):
its setup as it states it.

000's own numbers, the conv net's included, are typed in
:mod:`dsp_paper.studies.dense_baselines.paper`.
"""
from __future__ import annotations

from dsp_paper.study.references import Reference

__all__ = ["REFERENCE", "PAPER_STEREO_SETUP"]

#: 001's material and layout as it states them.
PAPER_STEREO_SETUP = {
    "material": "sine and triangle sweeps; piano recordings and voice as harder material",
    "layout": "stereo kept, not split to mono; no result reported",
}

#: Document 001 as it names itself: "Deep Signal Processing" by Joel Shapiro, an earlier draft
#: of 000 ("The current progress on this project is available at github.com/jshap70/DeepSP").
REFERENCE = Reference(
    key="001", title="Deep Signal Processing", author="Joel Shapiro",
    kind="project write-up", date="no date given", venue="GitHub",
    link="http://github.com/jshap70/DeepSP",
    note="its overview reads as an earlier version of 000's")
