"""004's data: random slices at 8 kHz (:func:`stft_slices`), with unseen test slices and
their STFT targets (:func:`slice_data`), and the unseen four-tone slice (:func:`four_tones`)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dsp_paper import material, spectral
from dsp_paper.cache import cached_arrays
from dsp_paper.errors import ParameterError
from dsp_paper.signals import tone
from dsp_paper.studies import scale_config

__all__ = ["TEST_LEVEL", "FOUR_TONES", "stft_slices", "SliceData", "slice_data", "four_tones",
           "middle_frame"]

#: Standard deviation of the white-noise slices (training and test).
TEST_LEVEL = 0.25
#: The unseen four-tone slice: (frequency in Hz, start as a fraction of the slice).
FOUR_TONES = ((440.0, 0.0), (880.0, 0.2), (1760.0, 0.4), (3000.0, 0.6))


def stft_slices(scale: str | None = None, *, source: str = "noise", seed: int = 0) -> np.ndarray:
    """004's training inputs: random slices of ``slice_samples`` (2048) at 8 kHz.

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional
    source : {"noise", "material"}
        ``"noise"``: white Gaussian noise of standard deviation :data:`TEST_LEVEL`, 004
        synthesised its data (it excites every frequency, so a linear fit is well
        determined); ``"material"``: random slices of the real piano, voice, amen break and
        guitar, resampled to 8 kHz.
    seed : int
        Seeds the draw.

    Returns
    -------
    np.ndarray, shape (count, slice_samples), float32
    """
    cfg = scale_config("slices_004", scale)
    if source not in ("noise", "material"):
        raise ParameterError(f"unknown source {source!r}: use 'noise' or 'material'")
    sr = cfg.sample_rate
    items = [] if source == "noise" else [
        material.piano(sample_rate=sr), material.voice(sample_rate=sr),
        material.amen_break(sample_rate=sr), material.guitar(sample_rate=sr)]
    params = dict(cfg.as_dict(), source=source, seed=seed, material=[m.provenance() for m in items])

    def build() -> dict[str, np.ndarray]:
        rng = np.random.default_rng(seed)
        if source == "noise":
            slices = rng.standard_normal((cfg.count, cfg.slice_samples)) * TEST_LEVEL
        else:
            pool = [m.audio if m.audio.ndim == 1 else m.audio.mean(axis=0) for m in items]
            slices = np.empty((cfg.count, cfg.slice_samples))
            for i in range(cfg.count):
                clip = pool[rng.integers(len(pool))]
                start = rng.integers(clip.shape[-1] - cfg.slice_samples)
                slices[i] = clip[start:start + cfg.slice_samples]
        return dict(slices=slices.astype(np.float32))

    return cached_arrays("slices_004", params, build)[0]["slices"]


@dataclass(frozen=True)
class SliceData:
    """004's training and test slices with their STFT targets.

    Attributes
    ----------
    x_train : np.ndarray, shape (count, n_samples), float32
    y_train : np.ndarray, shape (count, n_frames * 2 * n_bins), float32
        Unscaled complex STFT, each frame's real parts then imaginary parts
        (:func:`dsp_paper.spectral.stft_target`).
    x_test, y_test : np.ndarray
        Unseen white-noise slices and their targets, the same layout: what C4.1 is judged on.
    x_val, y_val : np.ndarray
        Other unseen white-noise slices, as many, the same layout: what the training stops
        on, so that no layer is chosen on the slices it is judged on.
    sample_rate : int
        Hz.
    n_fft, hop : int
        Samples.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    sample_rate: int
    n_fft: int
    hop: int

    @property
    def n_samples(self) -> int:
        return self.x_train.shape[1]

    @property
    def n_frames(self) -> int:
        return spectral.stft_frames(self.n_samples, n_fft=self.n_fft, hop=self.hop)

    @property
    def n_bins(self) -> int:
        return self.n_fft // 2 + 1

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(x_train, y_train, x_val, y_val)``: what a training sees."""
        return self.x_train, self.y_train, self.x_val, self.y_val

    def describe(self) -> str:
        """One paragraph: shapes, and the loss of predicting zeros."""
        return (f"{len(self.x_train):,} training slices, {len(self.x_val):,} unseen validation "
                f"slices (the trainings stop on them) and {len(self.x_test):,} unseen test "
                f"slices (C4.1 is judged on them), each of {self.n_samples} samples ({self.n_samples / self.sample_rate * 1000:.0f}"
                f" ms at {self.sample_rate} Hz); targets {self.y_train.shape[1]} values each = "
                f"{self.n_frames} frames x {self.n_bins} bins x (real, imaginary). Target "
                f"variance {self.y_train.var():.3f}: the loss of predicting zeros.")


def slice_data(scale: str | None = None) -> SliceData:
    """The training slices (:func:`stft_slices`, white noise), unseen white-noise validation
    and test slices (``test_count`` each, drawn apart), and their unscaled STFT targets.

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional

    Returns
    -------
    SliceData
    """
    cfg = scale_config("02_learned_spectrogram", scale)
    x_train = stft_slices(scale)
    rng = np.random.default_rng(cfg.seed + 1)
    x_test = (TEST_LEVEL * rng.standard_normal((cfg.test_count, x_train.shape[1]))).astype(
        np.float32)
    x_val = (TEST_LEVEL * rng.standard_normal((cfg.test_count, x_train.shape[1]))).astype(
        np.float32)
    target = lambda x: spectral.stft_target(x, n_fft=cfg.n_fft, hop=cfg.hop)
    return SliceData(x_train, target(x_train), x_test, target(x_test), x_val, target(x_val),
                     sample_rate=scale_config("slices_004", scale).sample_rate,
                     n_fft=cfg.n_fft, hop=cfg.hop)


def four_tones(data: SliceData) -> np.ndarray:
    """The unseen test slice: four sine tones (:data:`FOUR_TONES`) entering one after
    another, peak :data:`TEST_LEVEL`.

    Parameters
    ----------
    data : SliceData
        Gives the slice length and the sample rate.

    Returns
    -------
    np.ndarray, shape (1, n_samples), float32
    """
    n, sr = data.n_samples, data.sample_rate
    t = np.arange(n)
    total = sum(tone(f, seconds=n / sr, sample_rate=sr)[:n] * (t >= round(start * n))
                for f, start in FOUR_TONES)
    return (TEST_LEVEL * total / np.max(np.abs(total))).astype(np.float32)[None]


def middle_frame(data: SliceData) -> int:
    """The middle output frame (0-based): the one the error map and the zoomed weights show."""
    return data.n_frames // 2
