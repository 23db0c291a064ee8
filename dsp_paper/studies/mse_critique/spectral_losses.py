"""3. Spectral losses: 04's tied conv net and 05's streaming LSTM retrained on the MR-STFT loss
(alone and with ESR), the future work both documents named, against their MSE- and
ESR-trained versions (the streaming LSTM's ESR-trained version is 05's own model, trained to a
plateau under the budget its spectral variants get here)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dsp_paper import effects
from dsp_paper.audio_io import normalise
from dsp_paper.errors import ParameterError
from dsp_paper.nn.probe import Probe
from dsp_paper.studies import conv_tied, recurrent_eq, scale_config
from dsp_paper.studies.mse_critique.claims import claim_bands
from dsp_paper.studies.mse_critique.data import voice_audio
from dsp_paper.studies.mse_critique.measures import (COMPARED, MOS_LQO, concat_tables,
                                                     measure_table)
from dsp_paper.studies.mse_critique.rejudged import (HighpassRejudged, LowpassRejudged,
                                                     epochs_text, run_provenance)
from dsp_paper.studies.mse_critique.settings import (CONV_BASELINE, PIANO, SPECTRAL_LOSSES,
                                                     SPECTRAL_VARIANTS, STREAM_BASELINE,
                                                     STREAM_LOSSES, CritiqueSettings)
from dsp_paper.windowing import Pair, sequence_segments

if TYPE_CHECKING:
    from dsp_paper.datasets import EffectCorpus
    from dsp_paper.nn.training import TrainingResult

__all__ = ["SpectralConv", "spectral_conv_run", "spectral_stream_run",
           "spectral_conv", "SpectralStreaming", "spectral_streaming", "spectral_change"]


def _summary(runs: dict) -> str:
    return "\n".join(f"{key}: {epochs_text(len(r.log.epoch))} in {r.log.seconds[-1]:.0f} s "
                     f"({run_provenance(r)})" for key, r in runs.items())


@dataclass(frozen=True)
class SpectralConv:
    """000's tied conv net trained on MSE (04) and on the MR-STFT losses (first seed).

    Attributes
    ----------
    seed, epochs : int
    sample_rate : int
    cutoff_hz : float
        000's lowpass cut-off (Hz).
    runs : dict of str -> TrainingResult
        ``"MSE (04)"``, ``"MR-STFT"``, ``"MR-STFT + ESR"``.
    targets : dict of str -> np.ndarray
        ``piano`` (the test piano) and ``voice`` (the voice through 000's lowpass).
    outputs : dict of str -> dict of str -> np.ndarray
        Loss -> material -> output at ``epochs``.
    table : pandas.DataFrame
        Rows (material, loss): every measure.
    """

    seed: int
    epochs: int
    sample_rate: int
    cutoff_hz: float
    runs: dict
    targets: dict
    outputs: dict
    table: object

    def summary(self) -> str:
        """One line per spectral-loss training: epochs, seconds, reused or trained."""
        return _summary({f"conv, {n}": r for n, r in self.runs.items() if n != CONV_BASELINE})

    def clips(self, material_: str = "voice") -> dict[str, np.ndarray]:
        """The target and every variant's output on ``material_``, for players."""
        return {"target": self.targets[material_],
                **{f"trained on {n}": o[material_] for n, o in self.outputs.items()}}


def _slug(name):
    """``"MR-STFT + ESR"`` -> ``"mrstft_esr"``: the checkpoint names of the spectral variants."""
    return name.lower().replace(" + ", "_").replace("-", "")


def spectral_conv_run(cfg: CritiqueSettings, name: str, conv_data: tuple, *, seed: int,
                      progress: bool, probe: Probe | None = None) -> TrainingResult:
    """04's tied conv net trained on the spectral loss ``name``
    (:data:`~dsp_paper.studies.mse_critique.SPECTRAL_LOSSES`)."""
    from dsp_paper.nn import losses  # heavy: keras

    loss = losses.mr_stft_loss(fft_sizes=cfg.conv_fft_sizes,
                               esr_weight=cfg.esr_weight if "ESR" in name else 0.0)
    slug = f"conv_tied_{_slug(name)}"
    return conv_tied.train_conv(slug, scale_config("04_conv_tied", cfg.scale), conv_data,
                                seed=seed, epochs=cfg.conv_epochs, snapshots=(cfg.conv_epochs,),
                                loss=loss, time_limit=cfg.time_limit(slug), progress=progress,
                                probe=probe)


def spectral_stream_run(cfg: CritiqueSettings, name: str, data: tuple, validation: tuple, *,
                        seed: int, progress: bool, probe: Probe | None = None) -> TrainingResult:
    """05's streaming LSTM on the loss ``name`` of :data:`STREAM_LOSSES` (05's ESR + DC, or
    the MR-STFT loss alone or with 05's ESR + DC), every loss under 05's budget for that
    network (:func:`~dsp_paper.studies.recurrent_eq.train_streaming_model`: the same optimiser,
    clipping, patience, cap on epochs and, at paper, cap on seconds). On ESR + DC it is 05's
    own model (checkpoint ``05_streaming_<scale>_s<seed>``, reused where 05 has run); the
    spectral variants' checkpoints are ``07_streaming_<loss>_<scale>_s<seed>``."""
    from dsp_paper.nn import losses  # heavy: keras

    if name not in STREAM_LOSSES:
        raise ParameterError(f"name must be one of {STREAM_LOSSES}, got {name!r}")
    c05 = scale_config("05_recurrent_eq", cfg.scale)
    if name == STREAM_BASELINE:
        return recurrent_eq.train_streaming_model(c05, data, validation, seed=seed,
                                                  progress=progress, probe=probe)
    loss = losses.mr_stft_loss(fft_sizes=cfg.stream_fft_sizes,
                               esr_weight=cfg.esr_weight if "ESR" in name else 0.0,
                               warmup=c05.stream_warmup, pre_emphasis=c05.pre_emphasis,
                               dc_weight=c05.dc_weight)
    return recurrent_eq.train_streaming_model(c05, data, validation, seed=seed, loss=loss,
                                              name=f"streaming_{_slug(name)}", notebook="07",
                                              time_limit=c05.time_limit("streaming"),
                                              progress=progress, probe=probe)


def spectral_conv(cfg: CritiqueSettings, lowpass: LowpassRejudged, *,
                  progress: bool = False) -> SpectralConv:
    """04's tied conv net of the first seed retrained on the MR-STFT loss, alone and with ESR,
    for ``cfg.conv_epochs`` on 04's windows, against 04's MSE snapshot at the same epoch, on
    the test piano and on the voice through 000's lowpass.

    Parameters
    ----------
    cfg : CritiqueSettings
        ``conv_fft_sizes``, ``esr_weight``, ``conv_epochs``.
    lowpass : LowpassRejudged

    Returns
    -------
    SpectralConv
    """
    from dsp_paper.nn.runs import snapshot_outputs  # heavy: keras

    lp, c04 = scale_config("lowpass_000", cfg.scale), scale_config("04_conv_tied", cfg.scale)
    sr, seed = lowpass.sample_rate, lowpass.seeds[0]
    piano_band, voice_band = claim_bands()
    dry = normalise(voice_audio(cfg, sr), peak=lp.level)
    voice = Pair(dry, effects.lowpass(dry, sample_rate=sr, cutoff_hz=lp.cutoff_hz, order=lp.order))
    runs = {CONV_BASELINE: lowpass.conv_runs[seed],
            **{name: spectral_conv_run(cfg, name, lowpass.conv_data, seed=seed,
                                       progress=progress) for name in SPECTRAL_LOSSES}}
    pieces = {PIANO: lowpass.test, "voice": [voice]}
    outputs = {name: {m: snapshot_outputs(run, p, block=lowpass.block, batch_size=16,
                                          epochs=[cfg.conv_epochs])[cfg.conv_epochs][0]
                      for m, p in pieces.items()} for name, run in runs.items()}
    targets = {PIANO: lowpass.target, "voice": voice.target}
    bands = {PIANO: piano_band, "voice": voice_band}
    table = concat_tables({m: measure_table({n: o[m] for n, o in outputs.items()}, targets[m],
                                            sample_rate=sr, band=bands[m]) for m in targets},
                          ["material", f"conv net, {epochs_text(cfg.conv_epochs)}, trained on"])
    return SpectralConv(seed, cfg.conv_epochs, sr, lp.cutoff_hz, runs, targets, outputs, table)


@dataclass(frozen=True)
class SpectralStreaming:
    """05's streaming LSTM on ESR + DC (05's own model) and trained here on the MR-STFT
    losses, each to a plateau under the same budget.

    Attributes
    ----------
    seeds : tuple of int
    epochs, sample_rate : int
        ``epochs``: the cap on every training's epochs.
    cutoff_hz : float
        002's high-pass cut-off (Hz).
    runs : dict of (str, int) -> TrainingResult
        (loss, seed): ``"ESR + DC"`` and ``"MR-STFT + ESR"`` for every seed, ``"MR-STFT"``
        for the first.
    pairs : dict of str -> Pair
        ``voice`` (validation 2, whole) and ``clips`` (validation 1, whole).
    outputs : dict of (str, int) -> dict of str -> np.ndarray
        (loss, seed) -> material -> output of the compiled streaming kernel.
    table : pandas.DataFrame
        Rows (material, ``"<loss>, seed <s>"``): every measure.
    """

    seeds: tuple
    epochs: int
    sample_rate: int
    cutoff_hz: float
    runs: dict
    pairs: dict
    outputs: dict
    table: object

    def summary(self) -> str:
        """One line per training: epochs, how it stopped, seconds, reused or trained."""
        return "\n".join(
            f"streaming LSTM, {n}, seed {s}: {epochs_text(len(r.log.epoch))} of at most "
            f"{self.epochs}, stopped by {r.log.stop_reason}, best epoch "
            f"{r.log.restored_epoch or len(r.log.epoch)}, in {r.log.seconds[-1]:.0f} s "
            f"({run_provenance(r)})" for (n, s), r in self.runs.items())

    @property
    def training(self) -> pd.DataFrame:
        """Each training's epochs, optimiser steps, best epoch, how it stopped and seconds:
        rows (loss, seed)."""
        rows = {key: {"epochs": len(r.log.epoch), "steps": r.log.steps[-1] if r.log.steps
                      else np.nan, "best epoch": r.log.restored_epoch or len(r.log.epoch),
                      "stopped by": r.log.stop_reason, "seconds": r.log.seconds[-1]}
                for key, r in self.runs.items()}
        frame = pd.DataFrame(rows).T
        frame.index.names = ["trained on", "seed"]
        return frame

    def plateaued(self, name: str) -> int:
        """How many of the trainings on the loss ``name`` stopped on a plateau."""
        return sum(r.log.stop_reason == "plateau" for (n, _), r in self.runs.items()
                   if n == name)

    def clips(self, material_: str = "voice", *,
              seed: int | None = None) -> dict[str, np.ndarray]:
        """The target and every variant's output of one seed (the first by default)."""
        seed = self.seeds[0] if seed is None else seed
        return {"target": self.pairs[material_].target,
                **{f"trained on {n}": o[material_] for (n, s), o in self.outputs.items()
                   if s == seed}}


def spectral_streaming(cfg: CritiqueSettings, highpass: HighpassRejudged, *,
                       seeds: Sequence[int], progress: bool = False) -> SpectralStreaming:
    """05's streaming LSTM on 05's segments (:func:`spectral_stream_run`): on ESR + DC (05's
    loss and model, reused where 05 has run) and on MR-STFT + ESR once per seed, the same
    seeds and budget for both, on MR-STFT alone for the first seed (a demonstration); every model run over the
    whole voice and the whole clips.

    Parameters
    ----------
    cfg : CritiqueSettings
        ``stream_fft_sizes``, ``esr_weight``; the budget is 05's (:func:`spectral_stream_run`).
    highpass : HighpassRejudged
    seeds : sequence of int

    Returns
    -------
    SpectralStreaming
    """
    from dsp_paper.nn.streaming import StreamingLSTM  # heavy: keras

    hp = scale_config("highpass_002", cfg.scale)
    piano_band, voice_band = claim_bands()
    validation = highpass.stream_validation  # 05's: the clips, never the voice
    runs = {}
    for seed in seeds:
        for name in STREAM_LOSSES:
            if name == "MR-STFT" and seed != seeds[0]:
                continue  # a demonstration: no claim rests on the spectral term alone
            if name == STREAM_BASELINE and seed in highpass.stream_runs:
                runs[name, seed] = highpass.stream_runs[seed]  # 05's model, already at hand
                continue
            runs[name, seed] = spectral_stream_run(cfg, name, highpass.stream_data, validation,
                                                   seed=seed, progress=progress)
    pairs = {"voice": highpass.mini.split("validation2")[0],
             "clips": highpass.mini.split("validation1")[0]}
    bands = {"voice": voice_band, "clips": piano_band}
    outputs = {key: {m: StreamingLSTM.from_keras(run.model).process_file(p.input)
                     for m, p in pairs.items()} for key, run in runs.items()}
    table = concat_tables({m: measure_table({f"{n}, seed {s}": o[m]
                                             for (n, s), o in outputs.items()},
                                            p.target, sample_rate=highpass.sample_rate,
                                            band=bands[m])
                           for m, p in pairs.items()}, ["material", "streaming LSTM trained on"])
    return SpectralStreaming(tuple(seeds), highpass.settings.stream_epochs, highpass.sample_rate,
                             hp.cutoff_hz, runs, pairs, outputs, table)


def spectral_change(conv: SpectralConv, stream: SpectralStreaming) -> pd.DataFrame:
    """Each spectral-loss model's ESR, band-limited LSD and MR-STFT divided by its baseline's:
    the conv net's by 04's MSE-trained net, the streaming LSTM's by 05's ESR + DC model of
    the same seed (below 1 is better), and its MOS-LQO minus the baseline's (above 0 is
    better), where the tables have it.

    Returns
    -------
    pandas.DataFrame
        Rows (network, trained on, material, seed), columns ``ESR``,
        :data:`~dsp_paper.studies.mse_critique.BAND_LSD`, ``MR-STFT`` and
        ``MOS-LQO difference``.
    """
    compared = list(COMPARED)

    def versus(table, variant, baseline):
        row = table.loc[variant, compared] / table.loc[baseline, compared]
        if MOS_LQO in table.columns:
            row[f"{MOS_LQO} difference"] = (table.loc[variant, MOS_LQO]
                                            - table.loc[baseline, MOS_LQO])
        return row

    change = {}
    for variant in SPECTRAL_VARIANTS:
        for material_ in conv.targets:
            change["conv net", variant, material_, conv.seed] = versus(
                conv.table, (material_, variant), (material_, CONV_BASELINE))
    for variant, seed in stream.runs:
        if variant == STREAM_BASELINE:
            continue
        for material_ in stream.pairs:
            change["streaming LSTM", variant, material_, seed] = versus(
                stream.table, (material_, f"{variant}, seed {seed}"),
                (material_, f"{STREAM_BASELINE}, seed {seed}"))
    frame = pd.DataFrame(change).T
    frame.index.names = ["network", "trained on", "material", "seed"]
    return frame
