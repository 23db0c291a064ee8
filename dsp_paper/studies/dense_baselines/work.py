"""What notebook ``03_dense_baselines`` trains, for :mod:`dsp_paper.study.estimate`."""
from __future__ import annotations

from dsp_paper.nn.probe import Probe
from dsp_paper.studies import scale_config
from dsp_paper.studies.dense_baselines.data import dense_data, lowpass_corpus
from dsp_paper.studies.dense_baselines.experiment import DENSE_ACTIVATIONS, train_dense
from dsp_paper.study.settings import seeds

__all__ = ["planned_work"]


def planned_work(notebook: str, scale: str, probe: Probe) -> None:
    """What ``03_dense_baselines`` trains at ``scale``, for :mod:`dsp_paper.study.estimate`:
    each of the two dense nets once, as the notebook calls it, inside ``probe.runs`` for its
    seeds (``04_conv_tied`` runs the same, as its notebook does)."""
    corpus, count = lowpass_corpus(scale), len(seeds(scale))
    dense_cfg = scale_config("03_dense_baselines", scale)
    data = dense_data(corpus, dense_cfg)
    with probe.runs(count):
        for label in DENSE_ACTIVATIONS:
            train_dense(label, dense_cfg, data, epochs=dense_cfg.epoch_cap,
                        snapshots=(dense_cfg.early_epoch,), patience=dense_cfg.patience,
                        progress=False, probe=probe)
