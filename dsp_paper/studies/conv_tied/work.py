"""What notebook ``04_conv_tied`` trains, for :mod:`dsp_paper.study.estimate`."""
from __future__ import annotations

from dsp_paper.nn.probe import Probe
from dsp_paper.studies import dense_baselines, scale_config
from dsp_paper.studies.conv_tied.ablations import ABLATION_MODELS, ABLATIONS
from dsp_paper.studies.conv_tied.data import conv_data, pedal_corpus
from dsp_paper.studies.conv_tied.experiment import train_conv
from dsp_paper.studies.conv_tied.pedal import pedal_trainings
from dsp_paper.studies.conv_tied.stereo import stereo_training
from dsp_paper.study.settings import seeds

__all__ = ["planned_work"]


def planned_work(notebook: str, scale: str, probe: Probe) -> None:
    """What ``04_conv_tied`` trains at ``scale``, for :mod:`dsp_paper.study.estimate`: each
    distinct training once, as the notebook calls it, inside ``probe.runs`` for its seeds;
    first 03's dense nets, which the notebook runs too
    (:func:`dsp_paper.studies.dense_baselines.planned_work`)."""
    dense_baselines.planned_work(notebook, scale, probe)
    corpus, count = dense_baselines.lowpass_corpus(scale), len(seeds(scale))
    dense_cfg = scale_config("03_dense_baselines", scale)
    cfg = scale_config("04_conv_tied", scale)
    data = conv_data(corpus, cfg, sample_uses=cfg.plateau_sample_uses)
    with probe.runs(count):
        train_conv("conv_tied", cfg, data, epochs=cfg.epoch_cap, snapshots=cfg.snapshots,
                   patience=cfg.patience, progress=False, probe=probe)
        for name, change in ABLATIONS.items():
            train_conv(ABLATION_MODELS[name], cfg, data, epochs=cfg.epoch_cap,
                       patience=cfg.patience, progress=False, **change, probe=probe)
    # the dense net is 03's better one, known only after 03: both cost the same
    pedal_trainings(cfg, dense_cfg, pedal_corpus(scale), "nonlinear", progress=False, probe=probe)
    stereo_training(cfg, scale=scale, progress=False, probe=probe)
