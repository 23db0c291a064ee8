"""A made-up dry/wet pair for the capture tests: they test the checks and the command, not any
model, so a sine with vibrato, some noise and a tanh do."""
import numpy as np


def made_up_dry(rng: np.random.Generator, seconds: float = 9.0, sr: int = 8000) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    notes = 0.3 * np.sin(2 * np.pi * 196 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 0.7 * t))
    return (notes + 0.05 * rng.standard_normal(t.size)).astype(np.float32)


def made_up_effect(x: np.ndarray) -> np.ndarray:
    return (0.4 * np.tanh(4 * x)).astype(np.float32)
