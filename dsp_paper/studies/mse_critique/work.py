"""What notebook ``07_mse_critique`` trains and runs at a scale, for
:mod:`dsp_paper.study.estimate`."""
from __future__ import annotations

from dsp_paper.nn.probe import Probe
from dsp_paper.studies import conv_tied, dense_baselines, recurrent_eq, scale_config
from dsp_paper.studies.mse_critique.settings import STREAM_BASELINE
from dsp_paper.studies.mse_critique.spectral_losses import (spectral_conv_run,
                                                            spectral_stream_run)
from dsp_paper.study.settings import seeds

__all__ = ["planned_work"]


def planned_work(notebook: str, scale: str, probe: Probe) -> None:
    """What ``07_mse_critique`` trains and runs at ``scale``, for :mod:`dsp_paper.study.estimate`:
    03's, 04's and 05's trainings that it re-judges (reused after those notebooks), 05's
    many-to-one outputs (kept in the cache after 05), 05's streaming LSTM on ESR + DC every
    seed (reused after 05), and its own trainings: the conv net's spectral-loss variants and
    the streaming LSTM on the spectral losses, MR-STFT + ESR every seed (each may stop on a
    plateau before its cap: the estimate is the cap's)."""
    cfg, count = scale_config("07_mse_critique", scale), len(seeds(scale))
    corpus = dense_baselines.lowpass_corpus(scale)
    c03, c04 = scale_config("03_dense_baselines", scale), scale_config("04_conv_tied", scale)
    conv_data = conv_tied.conv_data(corpus, c04, sample_uses=c04.plateau_sample_uses)
    dense_data = dense_baselines.dense_data(corpus, c03)
    with probe.runs(count):  # as 03 and 04 train them (dense_baselines.run, conv_tied.run)
        for label in dense_baselines.DENSE_ACTIVATIONS:
            dense_baselines.train_dense(label, c03, dense_data, epochs=c03.epoch_cap,
                                        snapshots=(c03.early_epoch,), patience=c03.patience,
                                        progress=False, probe=probe)
        conv_tied.train_conv("conv_tied", c04, conv_data, epochs=c04.epoch_cap,
                             snapshots=c04.snapshots, patience=c04.patience, progress=False,
                             probe=probe)
    spectral_conv_run(cfg, "MR-STFT", conv_data, seed=0, progress=False, probe=probe)
    spectral_conv_run(cfg, "MR-STFT + ESR", conv_data, seed=0, progress=False, probe=probe)
    c05 = scale_config("05_recurrent_eq", scale)
    mini = recurrent_eq.highpass_corpus(scale, variant="mini")
    full = recurrent_eq.highpass_corpus(scale, variant="full")
    _, validation, _ = recurrent_eq.recurrent_validation(mini, c05)
    runs = recurrent_eq.train_thesis_models(c05, mini, full, validation, progress=False,
                                            probe=probe)
    recurrent_eq.planned_outputs(runs, validation, lstm_runs=1, probe=probe)
    data, val = recurrent_eq.streaming_data(mini, c05)
    spectral_stream_run(cfg, "MR-STFT", data, val, seed=0, progress=False, probe=probe)
    with probe.runs(count):  # on ESR + DC, 05's own model (reused after 05)
        for name in (STREAM_BASELINE, "MR-STFT + ESR"):
            spectral_stream_run(cfg, name, data, val, seed=0, progress=False, probe=probe)
