"""The documents' numbers 07 cites that no other study types: 000, "TensorFlow Signal
Processing", and 002, the thesis "Audio Effects Emulation with Neural Networks" (2017)."""
from __future__ import annotations

__all__ = ["THESIS_GRU_EPOCHS_SHOWN"]

#: 002's Fig. 16 shows "the last 3000 epochs" of the GRU's training: it trained for more.
THESIS_GRU_EPOCHS_SHOWN = 3000
