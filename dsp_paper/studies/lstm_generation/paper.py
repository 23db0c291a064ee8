"""What document 003, "Deep Learning and Sound 02: Generating Audio", reports, typed once:
the settings, tables and texts read it."""
from __future__ import annotations

from dsp_paper.study.references import Reference

from dataclasses import dataclass

__all__ = ["REFERENCE", "Document003", "DOCUMENT"]


@dataclass(frozen=True)
class Document003:
    """What document 003 reports, typed once; the settings, tables and texts read it.

    ``None`` marks what the document does not state.
    """

    frame_samples: int = 2048        # "I trimmed the training data to 60 2048-long frames"
    amen_frames: int = 60
    amen_bpm: int = 120              # "a nice 120bpm amen break on freesound"
    kick_count: int = 250            # "a database of ~250 kick drum samples from an 808"
    kick_target_mse: float = 0.15    # "until the MSE loss fell below ~0.15"
    amen_target_mse: float = 0.05    # "training all the way down to mse~=0.05"
    vowels: int = 4                  # "There were 4 different vowels in the source recording"
    kick_sounds: int = 3             # the three generated kicks it plays
    vowel_material: str = "one recording of the author singing vowels at a constant pitch"
    kick_material: str = "~250 kick drum samples from an 808 drum machine"
    amen_material: str = "a 120 bpm amen break from freesound"
    lstm_width: str = "N, the frame's values (2048 for the amen break's frames)"
    lstm_layers: str = "several"
    toolkit: str = "Keras on Theano, GPU"
    sample_rate: int | None = None
    optimiser: str | None = None
    epochs: str | None = None
    batch_size: int | None = None


DOCUMENT = Document003()

#: Document 003 as its front matter names it; the post links only its predecessor, on the
#: same site, as "/notes/deep-learning-and-sound-01-intro".
REFERENCE = Reference(
    key="003", title="Deep Learning and Sound ~ 02: Generating Audio", author=None,
    kind="blog post, the second of a series", date="2015-12-18", venue=None, link=None,
    note="its first part is at /notes/deep-learning-and-sound-01-intro on the same site")
