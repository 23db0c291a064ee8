"""The STFT and the DFT as explicit matrices: the exact answer a linear layer can learn (004).

A single dense layer with no bias computes ``y = x @ W``. For the STFT of 004 the exact
``W`` is known in closed form; :func:`stft_matrix` builds it, so learned weights can be
compared with the truth element by element.

Layouts
-------
STFT: the input is a slice of ``n_samples``; the output is, for each of ``n_frames`` frames,
the real parts of the ``n_fft // 2 + 1`` bins followed by their imaginary parts, i.e. an
array ``(n_frames, 2, n_bins)`` flattened to ``n_frames * 2 * n_bins`` (8514 for 004).
Frame ``m`` is centred on sample ``m * hop`` with zeros beyond the ends (``center=True``,
as ``scipy.signal.stft`` and ``librosa.stft(center=True, pad_mode="constant")`` do), and no
normalisation is applied (scipy's ``stft`` divides by the window's sum; this does not).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.fft
import scipy.linalg
import scipy.signal

from dsp_paper.checks import check_audio, check_mono
from dsp_paper.errors import ParameterError

if TYPE_CHECKING:
    from numpy.typing import DTypeLike

__all__ = ["stft_frames", "stft_matrix", "stft_target", "unpack_stft", "dft_matrix",
           "least_squares_weights", "fft_stft", "split_weights", "frame_span", "relative_error",
           "float32_floor", "phase_scrambled"]


def _check_sizes(n_samples: int, n_fft: int, hop: int) -> None:
    for name, v in (("n_samples", n_samples), ("n_fft", n_fft), ("hop", hop)):
        if not isinstance(v, (int, np.integer)) or v < 1:
            raise ParameterError(f"{name} must be a positive integer, got {v!r}")
    if n_fft % 2:
        raise ParameterError(f"n_fft must be even, got {n_fft}")


def stft_frames(n_samples: int, *, n_fft: int = 256, hop: int = 64) -> int:
    """Number of centred frames: ``1 + n_samples // hop`` (33 for 2048 at hop 64)."""
    _check_sizes(n_samples, n_fft, hop)
    return 1 + n_samples // hop


def stft_matrix(n_samples: int = 2048, *, n_fft: int = 256, hop: int = 64,
                window: str = "hann", dtype: DTypeLike = np.float64) -> np.ndarray:
    """The exact weights of a dense layer computing the unscaled, centred STFT.

    Returns
    -------
    np.ndarray, shape (n_samples, n_frames * 2 * (n_fft // 2 + 1))
        With 004's sizes, (2048, 8514): 17,436,672 weights.

    Examples
    --------
    >>> stft_matrix(2048).shape
    (2048, 8514)
    """
    _check_sizes(n_samples, n_fft, hop)
    n_frames, n_bins = stft_frames(n_samples, n_fft=n_fft, hop=hop), n_fft // 2 + 1
    win = scipy.signal.get_window(window, n_fft)  # periodic, as scipy and librosa use
    kernel = win[:, None] * np.exp(-2j * np.pi * np.outer(np.arange(n_fft), np.arange(n_bins))
                                   / n_fft)
    W = np.zeros((n_samples, n_frames, 2, n_bins), dtype=dtype)
    for m in range(n_frames):
        start = m * hop - n_fft // 2
        lo, hi = max(start, 0), min(start + n_fft, n_samples)
        W[lo:hi, m, 0] = kernel[lo - start:hi - start].real
        W[lo:hi, m, 1] = kernel[lo - start:hi - start].imag
    return W.reshape(n_samples, -1)


def stft_target(x: np.ndarray, *, n_fft: int = 256, hop: int = 64, window: str = "hann",
                dtype: DTypeLike = np.float32) -> np.ndarray:
    """004's training target, computed with ``scipy.signal.stft`` (independently of
    :func:`stft_matrix`) and unscaled: shape ``(batch, n_frames * 2 * n_bins)``, ``dtype``."""
    x = check_audio(x, name="x")
    x2 = np.atleast_2d(np.asarray(x, np.float64))
    win = scipy.signal.get_window(window, n_fft)
    _, _, Z = scipy.signal.stft(x2, window=win, nperseg=n_fft, noverlap=n_fft - hop, axis=-1,
                                padded=False)  # 1 + n // hop frames, as stft_matrix
    Z = Z * win.sum()  # undo scipy's 1 / sum(window) scaling
    # (batch, bins, frames) -> (batch, frames, 2, bins)
    out = np.stack([Z.real, Z.imag], axis=1).transpose(0, 3, 1, 2)
    return out.reshape(x2.shape[0], -1).astype(dtype)


def unpack_stft(y: np.ndarray, *, n_frames: int = 33, n_bins: int = 129) -> np.ndarray:
    """Flat outputs ``(..., n_frames * 2 * n_bins)`` back to complex ``(..., n_bins, n_frames)``
    (scipy's orientation, for plotting)."""
    y = np.asarray(y)
    if y.shape[-1] != n_frames * 2 * n_bins:
        raise ParameterError(f"expected {n_frames * 2 * n_bins} values per example, got "
                             f"{y.shape[-1]}")
    parts = y.reshape(*y.shape[:-1], n_frames, 2, n_bins)
    z = parts[..., 0, :] + 1j * parts[..., 1, :]
    return np.swapaxes(z, -1, -2)


def dft_matrix(n: int = 128, *, layout: str = "complex") -> np.ndarray:
    """The exact weights of a dense layer computing an ``n``-point DFT without a window.

    ``layout="complex"``: input is a complex vector as [real parts, imaginary parts]
    (``2n``), output every bin as [real, imaginary] (``2n``): ``(2n)^2`` weights, 65,536 for
    ``n = 128`` -- the document's "about 65k". ``layout="real"``: a real input of ``n`` and
    the ``n // 2 + 1`` bins of an rfft as [real, imaginary]: 16,640 weights for 128.

    Returns
    -------
    np.ndarray, shape (inputs, outputs), float64
    """
    if not isinstance(n, (int, np.integer)) or n < 2:
        raise ParameterError(f"n must be an integer >= 2, got {n!r}")
    k = np.arange(n)
    F = np.exp(-2j * np.pi * np.outer(k, k) / n)  # X = x @ F
    if layout == "complex":
        # (a + ib) @ (C + iS) = (aC - bS) + i(aS + bC)
        return np.block([[F.real, F.imag], [-F.imag, F.real]])
    if layout == "real":
        half = F[:, :n // 2 + 1]
        return np.concatenate([half.real, half.imag], axis=1)
    raise ParameterError(f"unknown layout {layout!r}: use 'complex' or 'real'")


def least_squares_weights(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The float64 least-squares ``W`` minimising ``||x @ W - y||``: what a linear layer
    trained to the end on this data would hold.

    With more examples than inputs the normal equations are solved by Cholesky (ten times
    faster than an SVD for 004's sizes, and as accurate when ``x`` is well conditioned, as
    white noise is); otherwise, or if ``x^T x`` is singular, ``numpy.linalg.lstsq`` gives the
    minimum-norm solution."""
    x = check_audio(x, name="x")
    y = check_audio(y, name="y")
    if x.ndim != 2 or y.ndim != 2 or x.shape[0] != y.shape[0]:
        raise ParameterError(f"need x (examples, inputs) and y (examples, outputs) with the "
                             f"same examples, got {x.shape} and {y.shape}")
    x64, y64 = np.asarray(x, np.float64), np.asarray(y, np.float64)
    if x64.shape[0] >= x64.shape[1]:
        try:
            factor = scipy.linalg.cho_factor(x64.T @ x64)
            return scipy.linalg.cho_solve(factor, x64.T @ y64)
        except np.linalg.LinAlgError:
            pass
    return np.linalg.lstsq(x64, y64, rcond=None)[0]


def fft_stft(x: np.ndarray, *, n_fft: int = 256, hop: int = 64,
             window: str = "hann") -> np.ndarray:
    """The same transform as :func:`stft_matrix` the usual way: centred, zero-padded frames
    through ``scipy.fft.rfft`` in float32 on every core; output in the same flat layout."""
    x = check_audio(x, name="x")
    x2 = np.atleast_2d(np.asarray(x, np.float32))
    n_frames = stft_frames(x2.shape[-1], n_fft=n_fft, hop=hop)
    padded = np.pad(x2, ((0, 0), (n_fft // 2, n_fft // 2)))
    frames = np.lib.stride_tricks.sliding_window_view(padded, n_fft, axis=-1)[:, ::hop][:, :n_frames]
    spec = scipy.fft.rfft(frames * scipy.signal.get_window(window, n_fft).astype(np.float32),
                          axis=-1, workers=-1)
    return np.stack([spec.real, spec.imag], axis=2).reshape(x2.shape[0], -1).astype(
        np.float32, copy=False)


def split_weights(weights: np.ndarray, *, n_frames: int, n_bins: int) -> np.ndarray:
    """An STFT layer's weights ``(n_samples, n_frames * 2 * n_bins)`` as a view
    ``(n_samples, n_frames, 2, n_bins)``: input sample, frame, real/imaginary, bin.

    Raises
    ------
    ParameterError
        If the second axis is not ``n_frames * 2 * n_bins`` long.
    """
    weights = np.asarray(weights)
    if weights.ndim != 2 or weights.shape[1] != n_frames * 2 * n_bins:
        raise ParameterError(f"expected weights (n_samples, {n_frames * 2 * n_bins}), got "
                             f"{weights.shape}")
    return weights.reshape(weights.shape[0], n_frames, 2, n_bins)


def frame_span(frame: int, *, n_samples: int, n_fft: int = 256,
               hop: int = 64) -> tuple[int, int]:
    """The input samples centred frame ``frame`` (0-based) reads: ``(lo, hi)``, clipped to
    ``[0, n_samples)`` (its window starts at ``frame * hop - n_fft // 2``).

    Examples
    --------
    >>> frame_span(0, n_samples=2048), frame_span(16, n_samples=2048)
    ((0, 128), (896, 1152))
    """
    _check_sizes(n_samples, n_fft, hop)
    n_frames = stft_frames(n_samples, n_fft=n_fft, hop=hop)
    if not isinstance(frame, (int, np.integer)) or not 0 <= frame < n_frames:
        raise ParameterError(f"frame must be an integer in [0, {n_frames}), got {frame!r}")
    start = int(frame) * hop - n_fft // 2
    return max(start, 0), min(start + n_fft, n_samples)


def relative_error(weights: np.ndarray, exact: np.ndarray) -> float:
    """Relative Frobenius distance ``||W - W_exact|| / ||W_exact||`` (in float64)."""
    weights, exact = np.asarray(weights, np.float64), np.asarray(exact, np.float64)
    if weights.shape != exact.shape:
        raise ParameterError(f"shapes differ: {weights.shape} and {exact.shape}")
    return float(np.linalg.norm(weights - exact) / np.linalg.norm(exact))


def float32_floor(x: np.ndarray, weights: np.ndarray, *, divide_by: float = 1.0) -> float:
    """The lowest MSE a float32 linear layer can report on ``x``: the exact ``weights``
    (divided by ``divide_by``, e.g. a window's sum) stored and applied in float32, against the
    float64 result.

    Parameters
    ----------
    x : np.ndarray, shape (examples, inputs)
        Inputs, used as float32 (as the layer sees them).
    weights : np.ndarray, shape (inputs, outputs)
        The exact map, float64.
    divide_by : float
        Scales the targets (and so the floor, by its square).

    Returns
    -------
    float
    """
    x32 = np.asarray(x, np.float32)
    exact = np.asarray(weights, np.float64) / divide_by
    truth = x32.astype(np.float64) @ exact
    return float(np.mean((x32 @ exact.astype(np.float32) - truth) ** 2))


def phase_scrambled(audio: np.ndarray, *, seed: int = 0) -> np.ndarray:
    """``audio`` with the magnitude of its whole-signal spectrum kept exactly and every phase
    drawn at random: its long-term spectrum is untouched, its sound is noise.

    Parameters
    ----------
    audio : np.ndarray, shape (n,)
        Mono float audio.
    seed : int
        The random phases (uniform on [-pi, pi); the DC bin, and the Nyquist bin of an even
        length, keep phase 0 so that the result is real).

    Returns
    -------
    np.ndarray, shape (n,), float64

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_normal(1000)
    >>> y = phase_scrambled(x)
    >>> bool(np.allclose(np.abs(np.fft.rfft(y)), np.abs(np.fft.rfft(x))))
    True
    """
    audio = np.asarray(check_mono(audio), dtype=np.float64)
    spectrum = np.fft.rfft(audio)
    phase = np.random.default_rng(seed).uniform(-np.pi, np.pi, spectrum.shape)
    phase[0] = 0.0
    if audio.shape[-1] % 2 == 0:
        phase[-1] = 0.0
    return np.fft.irfft(np.abs(spectrum) * np.exp(1j * phase), audio.shape[-1])
