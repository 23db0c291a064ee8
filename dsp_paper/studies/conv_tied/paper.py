"""Document 001, "Deep Signal Processing" (the earlier draft of 000): its setup as it states it.

000's own numbers, the conv net's included, are typed in
:mod:`dsp_paper.studies.dense_baselines.paper`.
"""
from __future__ import annotations

__all__ = ["PAPER_STEREO_SETUP"]

#: 001's material and layout as it states them.
PAPER_STEREO_SETUP = {
    "material": "sine and triangle sweeps; piano recordings and voice as harder material",
    "layout": "stereo kept, not split to mono; no result reported",
}
