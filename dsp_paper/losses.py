"""Training losses that judge audio the way the field has since 2019 (Wright et al.):
error-to-signal ratio on pre-emphasised audio plus a DC term, computed after a warm-up."""
from __future__ import annotations

from .errors import ParameterError

__all__ = ["esr_dc_loss"]

_CLASS = None


def _loss_class():
    global _CLASS
    if _CLASS is not None:
        return _CLASS
    import keras
    from keras import ops

    @keras.saving.register_keras_serializable(package="dsp_paper")
    class ESRDCLoss(keras.losses.Loss):
        """``ESR(pre-emphasised) + dc_weight * DC`` over a batch of segments, skipping each
        segment's first ``warmup`` samples (the state is still settling there).

        Both terms are ratios of sums over the whole batch, so quiet segments do not
        dominate: ``sum(e_pre^2) / sum(t_pre^2)`` and ``sum_b mean_t(e)^2 / mean(t^2)``.
        """

        def __init__(self, warmup=0, pre_emphasis=0.85, dc_weight=1.0, eps=1e-10,
                     name="esr_dc", **kwargs):
            super().__init__(name=name, **kwargs)
            self.warmup, self.pre_emphasis = int(warmup), pre_emphasis
            self.dc_weight, self.eps = float(dc_weight), float(eps)

        def call(self, y_true, y_pred):
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

        def get_config(self):
            return {**super().get_config(), "warmup": self.warmup,
                    "pre_emphasis": self.pre_emphasis, "dc_weight": self.dc_weight,
                    "eps": self.eps}

    _CLASS = ESRDCLoss
    return _CLASS


def esr_dc_loss(*, warmup=0, pre_emphasis=0.85, dc_weight=1.0):
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
    if isinstance(warmup, bool) or not isinstance(warmup, int) or warmup < 0:
        raise ParameterError(f"warmup must be a non-negative integer, got {warmup!r}")
    if pre_emphasis is not None and not 0 <= pre_emphasis < 1:
        raise ParameterError(f"pre_emphasis must be in [0, 1), got {pre_emphasis!r}")
    if dc_weight < 0:
        raise ParameterError(f"dc_weight must be non-negative, got {dc_weight!r}")
    return _loss_class()(warmup=warmup, pre_emphasis=pre_emphasis or 0.0, dc_weight=dc_weight)
