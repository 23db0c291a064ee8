"""What document 004, learning spectrograms with a neural network, reports, typed once: the
settings, tables and texts read it."""
from __future__ import annotations

from dsp_paper.study.references import Reference

from dataclasses import dataclass

__all__ = ["REFERENCE", "Document004", "DOCUMENT"]


@dataclass(frozen=True)
class Document004:
    """What document 004 reports, typed once; the settings, tables and texts read it.

    ``None`` marks what the document does not state.
    """

    sample_rate: int = 8000            # "25ms of audio sampled at 8khz, which is 2000 samples"
    slice_ms: float = 25.0
    slice_samples: int = 2048          # "Round up (in binary) to 2048"
    window: str = "hann"               # "a hanning window of size 256"
    window_samples: int = 256
    n_fft: int = 256                   # "FFT size of 256"
    stated_stride: int = 250           # "a stride length of 250" (cannot give 33 frames)
    frames: int = 33                   # "producing 33x129 images"
    bins: int = 129
    outputs: int = 8514                # "(2048, 8514) weights"
    weights: str = "about 17 million"  # "With, oh, about 17 million variables!"
    examples: int = 15000              # "batch_size (15,000) examples, each with 2048 samples"
    material: str = "synthesised audio slices (the generator is not shown)"
    reported_epochs: tuple = (4, 10)   # "In 4 epochs (about 80 seconds), the loss drops to
    reported_loss: tuple = (3.0e-8, 2.0e-15)  # 3.0e-08 ... in 10 epochs (about 7 minutes),
    reported_seconds: tuple = (80.0, 420.0)   # we can drop it all the way to 2.0e-15"
    weight_map_slices: tuple = (1, 11, 21, 31)  # "the first, 11th, 21st, and 31st slices"
    band_cycles: tuple = (1, 5, 10)    # "1, 5, and 10hz Sine Waves (Windowed)"
    dft_size: int = 128                # "a 128-point DFT, without any windowing"
    dft_weights: int = 65_000          # "only about 65k weights"
    optimiser: str | None = None
    toolkit: str | None = None

    def reported(self) -> list[tuple[int, float, float]]:
        """``(epoch, loss, seconds)`` for each loss the post reports."""
        return list(zip(self.reported_epochs, self.reported_loss, self.reported_seconds))


DOCUMENT = Document004()

#: Document 004 names neither itself, its author nor its date: a blog post (it ends in "Post a
#: Comment") on learning spectrograms with one linear layer.
REFERENCE = Reference(
    key="004", title=None, author=None,
    kind="blog post on learning spectrograms with a neural network", date="no date given",
    venue=None, link=None)
