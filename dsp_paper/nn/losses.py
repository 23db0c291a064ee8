"""Training losses that judge audio as the field has since 2019: error-to-signal ratio on
pre-emphasised audio plus a DC term, computed after a warm-up (Wright et al.), and a
multi-resolution STFT loss (Yamamoto et al.), alone or with it."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import keras
from keras import ops

from dsp_paper.errors import ParameterError

__all__ = ["ESRDCLoss", "MRSTFTLoss", "esr_dc_loss", "mr_stft_loss"]

@keras.saving.register_keras_serializable(package="dsp_paper")
class ESRDCLoss(keras.losses.Loss):
    """``ESR(pre-emphasised) + dc_weight * DC`` over a batch of segments, skipping each
    segment's first ``warmup`` samples (the state is still settling there).

    Both terms are ratios of sums over the whole batch, so quiet segments do not
    dominate: ``sum(e_pre^2) / sum(t_pre^2)`` and ``sum_b mean_t(e)^2 / mean(t^2)``.
    """

    def __init__(self, warmup: int = 0, pre_emphasis: float = 0.85, dc_weight: float = 1.0,
                 eps: float = 1e-10, name: str = "esr_dc", **kwargs: Any) -> None:
        super().__init__(name=name, **kwargs)
        self.warmup, self.pre_emphasis = int(warmup), pre_emphasis
        self.dc_weight, self.eps = float(dc_weight), float(eps)

    def call(self, y_true: Any, y_pred: Any) -> Any:
        t = ops.cast(y_true[:, self.warmup:, :1], "float32")
        p = ops.cast(y_pred[:, self.warmup:, :1], "float32")
        if self.pre_emphasis:
            tp = t[:, 1:] - self.pre_emphasis * t[:, :-1]
            pp = p[:, 1:] - self.pre_emphasis * p[:, :-1]
        else:
            tp, pp = t, p
        esr = ops.sum(ops.square(tp - pp)) / (ops.sum(ops.square(tp)) + self.eps)
        dc = ops.mean(ops.square(ops.mean(t - p, axis=1))) / \
            (ops.mean(ops.square(t)) + self.eps)
        # Keras averages a per-sample loss over the batch; give every sample the batch value
        return ops.zeros_like(t[:, 0, 0]) + esr + self.dc_weight * dc

    def get_config(self) -> dict:
        return {**super().get_config(), "warmup": self.warmup,
                "pre_emphasis": self.pre_emphasis, "dc_weight": self.dc_weight,
                "eps": self.eps}


def _check_esr_arguments(warmup: int, pre_emphasis: float | None, dc_weight: float) -> None:
    if isinstance(warmup, bool) or not isinstance(warmup, int) or warmup < 0:
        raise ParameterError(f"warmup must be a non-negative integer, got {warmup!r}")
    if pre_emphasis is not None and not 0 <= pre_emphasis < 1:
        raise ParameterError(f"pre_emphasis must be in [0, 1), got {pre_emphasis!r}")
    if dc_weight < 0:
        raise ParameterError(f"dc_weight must be non-negative, got {dc_weight!r}")


def esr_dc_loss(*, warmup: int = 0, pre_emphasis: float | None = 0.85,
                dc_weight: float = 1.0) -> keras.losses.Loss:
    """The loss of the streaming models: ESR with ``1 - pre_emphasis z^-1`` plus a DC term.

    Parameters
    ----------
    warmup : int
        Samples at the start of every segment left out of the loss.
    pre_emphasis : float or None
        Coefficient of the first-order pre-emphasis (0.85); None or 0 for plain ESR.
    dc_weight : float
        Weight of the DC term.

    Returns
    -------
    keras.losses.Loss
        For ``y_true, y_pred`` of shape ``(batch, n, 1)``; serialisable with the model.
    """
    _check_esr_arguments(warmup, pre_emphasis, dc_weight)
    return ESRDCLoss(warmup=warmup, pre_emphasis=pre_emphasis or 0.0, dc_weight=dc_weight)


@keras.saving.register_keras_serializable(package="dsp_paper")
class MRSTFTLoss(keras.losses.Loss):
    """Multi-resolution STFT loss: for each FFT size (Hann window, hop a quarter of
    it), spectral convergence plus the mean absolute difference of log magnitudes,
    averaged over sizes; the same quantity as
    :func:`dsp_paper.metrics.mr_stft_distance` (magnitudes scaled as scipy's STFT
    scales them). ``esr_weight`` adds the ESR + DC loss of :func:`esr_dc_loss`.
    """

    def __init__(self, fft_sizes: Sequence[int] = (512, 1024, 2048), warmup: int = 0,
                 esr_weight: float = 0.0, pre_emphasis: float = 0.85, dc_weight: float = 1.0,
                 eps: float = 1e-7, name: str = "mr_stft", **kwargs: Any) -> None:
        super().__init__(name=name, **kwargs)
        self.fft_sizes = tuple(int(n) for n in fft_sizes)
        self.warmup, self.esr_weight, self.eps = int(warmup), float(esr_weight), float(eps)
        self.pre_emphasis, self.dc_weight = pre_emphasis, float(dc_weight)
        self._esr = ESRDCLoss(warmup=warmup, pre_emphasis=pre_emphasis,
                                  dc_weight=dc_weight) if esr_weight else None

    def _magnitude(self, x: Any, n_fft: int) -> Any:
        re, im = ops.stft(x, n_fft, n_fft // 4, n_fft, window="hann", center=False)
        return ops.sqrt(re * re + im * im + 1e-20) / (n_fft / 2)

    def call(self, y_true: Any, y_pred: Any) -> Any:
        t = ops.cast(y_true[:, self.warmup:, 0], "float32")
        p = ops.cast(y_pred[:, self.warmup:, 0], "float32")
        if t.shape[1] is not None and t.shape[1] < max(self.fft_sizes):
            # TensorFlow's STFT would return no frames, JAX's raises: say why, on both
            raise ParameterError(f"the MR-STFT loss needs at least {max(self.fft_sizes)} "
                                 f"samples after the warm-up, got {t.shape[1]}")
        total = 0.0
        for n_fft in self.fft_sizes:
            st, sp = self._magnitude(t, n_fft), self._magnitude(p, n_fft)
            convergence = ops.sqrt(ops.sum(ops.square(st - sp))) / \
                ops.maximum(ops.sqrt(ops.sum(ops.square(st))), self.eps)
            log_mag = ops.mean(ops.abs(ops.log(st + self.eps) - ops.log(sp + self.eps)))
            total = total + convergence + log_mag
        loss = total / len(self.fft_sizes)
        if self._esr is not None:
            loss = loss + self.esr_weight * self._esr.call(y_true, y_pred)[0]
        return ops.zeros_like(t[:, 0]) + loss

    def get_config(self) -> dict:
        return {**super().get_config(), "fft_sizes": list(self.fft_sizes),
                "warmup": self.warmup, "esr_weight": self.esr_weight,
                "pre_emphasis": self.pre_emphasis, "dc_weight": self.dc_weight,
                "eps": self.eps}


def mr_stft_loss(*, fft_sizes: Sequence[int] = (512, 1024, 2048), warmup: int = 0,
                 esr_weight: float = 0.0, pre_emphasis: float | None = 0.85,
                 dc_weight: float = 1.0) -> keras.losses.Loss:
    """A multi-resolution STFT loss (the spectral loss 000 and 002 named as future work),
    alone (``esr_weight=0``) or plus ``esr_weight`` times the ESR + DC loss.

    Parameters
    ----------
    fft_sizes : sequence of int
        FFT sizes; each segment after ``warmup`` must be at least as long as the largest.

    Returns
    -------
    keras.losses.Loss
        For ``y_true, y_pred`` of shape ``(batch, n, 1)``.
    """
    if not fft_sizes or any(int(n) < 8 for n in fft_sizes):
        raise ParameterError(f"fft_sizes must be FFT sizes of at least 8, got {fft_sizes!r}")
    _check_esr_arguments(warmup, pre_emphasis, dc_weight)
    if esr_weight < 0:
        raise ParameterError(f"esr_weight must be non-negative, got {esr_weight!r}")
    return MRSTFTLoss(fft_sizes=fft_sizes, warmup=warmup, esr_weight=esr_weight,
                            pre_emphasis=pre_emphasis or 0.0, dc_weight=dc_weight)
