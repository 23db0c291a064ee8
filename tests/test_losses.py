import numpy as np
import pytest

from dsp_paper import ParameterError, metrics
from dsp_paper.nn.losses import esr_dc_loss

# its results can differ between Keras backends: `make test` runs it under JAX too
pytestmark = pytest.mark.backend

RNG = np.random.default_rng(0)


def _numpy_loss(t, p, warmup, c, dc_weight):
    t, p = t[:, warmup:, 0].astype(np.float64), p[:, warmup:, 0].astype(np.float64)
    tp, pp = t[:, 1:] - c * t[:, :-1], p[:, 1:] - c * p[:, :-1]
    esr = np.sum((tp - pp) ** 2) / np.sum(tp ** 2)
    dc = np.mean(np.mean(t - p, axis=1) ** 2) / np.mean(t ** 2)
    return esr + dc_weight * dc


def test_matches_numpy_formula():
    t = RNG.normal(size=(3, 200, 1)).astype(np.float32)
    p = (t + 0.1 * RNG.normal(size=t.shape) + 0.05).astype(np.float32)
    loss = esr_dc_loss(warmup=20, pre_emphasis=0.85, dc_weight=2.0)
    assert float(loss(t, p)) == pytest.approx(_numpy_loss(t, p, 20, 0.85, 2.0), rel=1e-4)


def test_plain_esr_of_a_scaled_copy():
    t = RNG.normal(size=(2, 100, 1)).astype(np.float32)
    t -= t.mean(axis=1, keepdims=True)
    loss = esr_dc_loss(pre_emphasis=None, dc_weight=0.0)
    assert float(loss(t, 0.5 * t)) == pytest.approx(0.25, rel=1e-5)  # error 0.5 t
    assert float(loss(t, t)) == 0.0


def test_dc_term_sees_an_offset_that_pre_emphasis_hides():
    t = RNG.normal(size=(1, 500, 1)).astype(np.float32)
    shifted = t + 0.2
    plain = float(esr_dc_loss(pre_emphasis=None, dc_weight=0.0)(t, shifted))
    emphasised = float(esr_dc_loss(dc_weight=0.0)(t, shifted))
    assert emphasised < plain / 50  # 1 - 0.85 z^-1 passes only 0.15 of a constant
    assert float(esr_dc_loss(dc_weight=1.0)(t, shifted)) > emphasised + 0.03


def test_bad_parameters():
    for kwargs in (dict(warmup=-1), dict(pre_emphasis=1.2), dict(dc_weight=-1.0)):
        with pytest.raises(ParameterError):
            esr_dc_loss(**kwargs)


def test_serialises_with_a_model(tmp_path):
    import keras
    from dsp_paper.nn import models
    m = models.streaming_rnn(hidden=2, seed=0)
    m.compile("adam", loss=esr_dc_loss(warmup=5))
    m.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras")
    assert again.loss.warmup == 5


def test_mr_stft_loss_matches_the_metric():
    from dsp_paper import metrics
    from dsp_paper.nn.losses import mr_stft_loss
    t = (0.3 * RNG.normal(size=(1, 4096, 1))).astype(np.float32)
    p = (t + 0.05 * RNG.normal(size=t.shape)).astype(np.float32)
    expected = metrics.mr_stft_distance(p[0, :, 0], t[0, :, 0], fft_sizes=(256, 512))
    assert float(mr_stft_loss(fft_sizes=(256, 512))(t, p)) == pytest.approx(expected, rel=2e-3)


def test_mr_stft_loss_does_not_hear_a_polarity_flip_but_esr_does():
    from dsp_paper.nn.losses import mr_stft_loss
    t = (0.3 * RNG.normal(size=(2, 2048, 1))).astype(np.float32)
    assert float(mr_stft_loss(fft_sizes=(256,))(t, -t)) < 1e-4
    combined = float(mr_stft_loss(fft_sizes=(256,), esr_weight=1.0, pre_emphasis=None,
                                  dc_weight=0.0)(t, -t))
    assert combined == pytest.approx(4.0, rel=1e-3)  # ESR of a flipped copy: |2t|^2 / |t|^2
    with pytest.raises(ParameterError):
        mr_stft_loss(fft_sizes=())
    with pytest.raises(ParameterError, match="at least 4096 samples after the warm-up"):
        mr_stft_loss(fft_sizes=(4096,), warmup=100)(t, t)
