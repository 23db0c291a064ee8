"""What notebook ``08_capture`` trains and runs at a scale, for :mod:`dsp_paper.study.estimate`."""
from __future__ import annotations

import numpy as np

from dsp_paper.nn.probe import Probe
from dsp_paper.nn.runs import PREDICTION_BATCH
from dsp_paper.study.settings import seeds
from dsp_paper.studies import scale_config
from dsp_paper.studies.capture_comparison.data import knob_takes, span_of_test, study_material
from dsp_paper.studies.capture_comparison.experiment import (capture_at_drive, capture_knob,
                                                             capture_today,
                                                             fit_2017, speed_windows)
from dsp_paper.studies.capture_comparison.settings import KNOBS_UNSEEN_DB, MODELS, MODELS_2017

__all__ = ["planned_work"]

def planned_work(notebook: str, scale: str, probe: Probe) -> None:
    """What ``08_capture`` trains and runs at ``scale``, for :mod:`dsp_paper.study.estimate`:
    every model on every effect (once per seed on ``seeded_effects``), 002's LSTM's output at
    every sample of each test part and its speed passes
    (:func:`~dsp_paper.studies.capture_comparison.experiment.speed_rows`), and per seed both
    knob models and the models trained at the unseen drives beyond the main one."""
    cfg, count = scale_config("08_capture", scale), len(seeds(scale))
    dry, takes = study_material(cfg)
    speed = None  # the first effect's LSTM, timed by speed_rows
    for effect, take in takes.items():
        with probe.runs(count if effect in cfg.seeded_effects else 1):
            for name in MODELS:
                if name not in MODELS_2017:
                    capture_today(name, take, effect=effect, scale=scale, seed=0,
                                  progress=False, probe=probe)
                    continue
                run = fit_2017(name, take, effect=effect, scale=scale, seed=0, progress=False,
                               probe=probe)
                if name == "many-to-one LSTM (002)":
                    start, stop = span_of_test(take, cfg.sample_rate)
                    window = run.model.input_shape[1]
                    rows = np.lib.stride_tricks.sliding_window_view(
                        take.dry[:window + 255], window)[:256, :, None]
                    probe.time_passes(f"08 {effect}: 002's LSTM at every test sample",
                                       run.model, rows, examples=stop - start,
                                       batch_size=PREDICTION_BATCH)
                    speed = speed or (run.model, rows)
    windows = speed_windows(cfg, 1)
    probe.time_passes("08 002's LSTM: speed passes", *speed,
                       examples=windows * (cfg.timing_repeats + 1), batch_size=windows)
    with probe.runs(count):
        takes = knob_takes(dry, cfg)
        for film in (False, True):
            capture_knob(takes, cfg, seed=0, film=film, progress=False, probe=probe)
        for drive in KNOBS_UNSEEN_DB[1:]:
            capture_at_drive(takes[drive], drive, cfg, seed=0, progress=False, probe=probe)
