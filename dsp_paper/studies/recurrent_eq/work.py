"""What ``05_recurrent_eq`` trains and runs, for :mod:`dsp_paper.study.estimate`."""
from __future__ import annotations

import numpy as np

from dsp_paper.nn.probe import Probe
from dsp_paper.nn.runs import PREDICTION_BATCH
from dsp_paper.nn.training import TrainingResult
from dsp_paper.study.settings import seeds
from dsp_paper.studies import scale_config
from dsp_paper.studies.recurrent_eq.data import (highpass_corpus, recurrent_validation,
                                                 streaming_data)
from dsp_paper.studies.recurrent_eq.experiment import train_streaming_model, train_thesis_models
from dsp_paper.studies.recurrent_eq.knob import train_knob_model
from dsp_paper.studies.recurrent_eq.settings import KNOB_UNSEEN_CUTOFFS
from dsp_paper.windowing import Pair

__all__ = ["planned_work", "planned_outputs"]


def planned_work(notebook: str, scale: str, probe: Probe) -> None:
    """What ``05_recurrent_eq`` trains and runs at ``scale``, for :mod:`dsp_paper.study.estimate`:
    each distinct training once, as the notebook calls it, inside ``probe.runs`` for its
    seeds (the knob model and the models at its unseen cut-offs: the first ``cfg.knob_seeds``),
    and the many-to-one models' outputs at every sample of the validation audio (every model
    at the first seed, the LSTM at every seed:
    :func:`~dsp_paper.studies.recurrent_eq.outputs_by_seed`)."""
    cfg, count = scale_config("05_recurrent_eq", scale), len(seeds(scale))
    mini, full = highpass_corpus(scale, variant="mini"), highpass_corpus(scale, variant="full")
    _, validation, _ = recurrent_validation(mini, cfg)
    with probe.runs(count):
        runs = train_thesis_models(cfg, mini, full, validation, progress=False, probe=probe)
        data, val = streaming_data(mini, cfg)
        train_streaming_model(cfg, data, val, progress=False, probe=probe)
    with probe.runs(min(count, cfg.knob_seeds)):
        train_knob_model(cfg, mini, progress=False, probe=probe)
        for cutoff in KNOB_UNSEEN_CUTOFFS:
            if float(cutoff) not in cfg.knob_train_cutoffs and cutoff != 440:
                data, val = streaming_data(mini, cfg, cutoff_hz=cutoff)
                train_streaming_model(cfg, data, val, name=f"streaming_at_{float(cutoff):g}",
                                      progress=False, probe=probe)
    planned_outputs(runs, validation, lstm_runs=count, probe=probe)


def planned_outputs(runs: dict[str, TrainingResult], validation: Pair, *,
                    lstm_runs: int, probe: Probe) -> None:
    """For :mod:`dsp_paper.study.estimate`: the thesis models' outputs at every sample of the
    validation audio (:func:`~dsp_paper.nn.runs.kept_prediction`), the LSTM's ``lstm_runs``
    times, the others' once."""
    for name, run in runs.items():
        window = run.model.input_shape[1]
        rows = np.lib.stride_tricks.sliding_window_view(validation.input, window)[:256, :, None]
        with probe.runs(lstm_runs if name == "LSTM" else 1):
            probe.time_passes(f"05 {name}: output at every sample", run.model, rows,
                                  examples=validation.n_samples, batch_size=PREDICTION_BATCH)
