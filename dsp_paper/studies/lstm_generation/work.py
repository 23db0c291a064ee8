"""What notebook 06 trains, for :mod:`dsp_paper.study.estimate`."""
from __future__ import annotations

from dsp_paper import material
from dsp_paper.nn import gruv
from dsp_paper.nn.probe import Probe
from dsp_paper.study.settings import seeds
from dsp_paper.studies import scale_config
from dsp_paper.studies.lstm_generation.data import amen_clip, kick_set
from dsp_paper.studies.lstm_generation.experiment import train

__all__ = ["planned_work"]


def planned_work(notebook: str, scale: str, probe: Probe) -> None:
    """What ``06_lstm_generation`` trains at ``scale``, for :mod:`dsp_paper.study.estimate`: the
    vowel once, the kicks once per seed, the break from FFT and from raw frames once per
    seed, as the experiments call
    :func:`~dsp_paper.studies.lstm_generation.experiment.train` (at most their epochs: each
    stops at its target MSE)."""
    cfg, frame = scale_config("06_lstm_generation", scale), scale_config("drums_003", scale)
    choir = material.choir(sample_rate=frame.sample_rate)
    z = gruv.prepare([choir.audio], frame=frame.frame_samples, representation="fft")[2]
    train("vowel_fft", z, scale=scale, seed=0, epochs=cfg.vowel_epochs, progress=False,
          probe=probe)
    z = gruv.prepare(list(kick_set(scale).examples), frame=frame.frame_samples,
                     representation="fft")[2]
    with probe.runs(len(seeds(scale))):
        train("kicks_fft", z, scale=scale, seed=0, epochs=cfg.kick_max_epochs,
              batch_size=cfg.kick_batch, target=cfg.kick_target_mse, progress=False, probe=probe)
        for rep in ("fft", "raw"):
            z = gruv.prepare([amen_clip(scale).audio], frame=frame.frame_samples,
                             representation=rep)[2]
            train(f"amen_{rep}", z, scale=scale, seed=0, epochs=cfg.amen_max_epochs,
                  target=cfg.amen_target_mse, learning_rate=cfg.amen_learning_rate,
                  progress=False, probe=probe)
