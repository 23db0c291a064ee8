"""4. The floor: the closed-form least-squares FIR fitted on each effect's training data,
against which every learned model of a linear effect is measured."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dsp_paper.fir import apply_fir, least_squares_fir
from dsp_paper.nn.evaluation import evaluate_fir
from dsp_paper.studies import recurrent_eq, scale_config
from dsp_paper.studies.mse_critique.claims import claim_bands
from dsp_paper.studies.mse_critique.measures import COMPARED, concat_tables, measure_table
from dsp_paper.studies.mse_critique.rejudged import HighpassRejudged, LowpassRejudged, epochs_text
from dsp_paper.studies.mse_critique.settings import (CONV_BASELINE, FIR, PIANO, STREAM_BASELINE,
                                                     VOICE, CritiqueSettings)
from dsp_paper.studies.mse_critique.spectral_losses import SpectralConv, SpectralStreaming

__all__ = ["Floor", "least_squares_floor"]


@dataclass(frozen=True)
class Floor:
    """Every model of a linear effect beside the least-squares FIR fitted to its training data.

    Attributes
    ----------
    taps : int
        The FIR every ratio is taken against.
    tables : dict of str -> pandas.DataFrame
        Effect (``"lowpass, piano"``, ``"high-pass, voice"``) ->
        :func:`~dsp_paper.studies.mse_critique.measure_table` of its models and FIRs.
    titles : dict of str -> str
        Effect -> a title naming the effect's settings.
    """

    taps: int
    tables: dict
    titles: dict

    @property
    def name(self) -> str:
        """The row of the FIR the ratios are taken against."""
        return f"{FIR}, {self.taps} taps"

    @property
    def table(self) -> pd.DataFrame:
        """Every measure of every output: rows (effect, output)."""
        return concat_tables(self.tables, ["effect", "output"])

    @property
    def ratios(self) -> pd.DataFrame:
        """ESR, band-limited LSD and MR-STFT of every row divided by the FIR's (above 1: worse
        than the filter); rows (effect, output)."""
        compared = list(COMPARED)
        return concat_tables({e: t[compared] / t.loc[self.name, compared]
                              for e, t in self.tables.items()}, ["effect", "output"])


def least_squares_floor(cfg: CritiqueSettings, *, lowpass: LowpassRejudged,
                        highpass: HighpassRejudged, conv: SpectralConv,
                        stream: SpectralStreaming) -> Floor:
    """The closed-form least-squares FIR of ``cfg.fir_taps`` (and, for the high-pass, one as
    long as the many-to-one LSTM's window) fitted on each effect's training data, measured
    with every learned model of 03-05 and 07 on the test piano and on the voice.

    Returns
    -------
    Floor
    """
    piano_band, voice_band = claim_bands()
    lp, hp = scale_config("lowpass_000", cfg.scale), scale_config("highpass_002", cfg.scale)
    seed = lowpass.seeds[0]
    _, fir_test, _ = evaluate_fir(lowpass.corpus, taps=cfg.fir_taps)
    lowpass_all = {**lowpass.outputs[seed],
                   **{f"conv, {epochs_text(conv.epochs)}, {n}": o[PIANO]
                      for n, o in conv.outputs.items() if n != CONV_BASELINE},
                   f"{FIR}, {cfg.fir_taps} taps": fir_test[0]}
    firs = {f"{FIR}, {taps} taps": least_squares_fir(highpass.mini.split("train"), taps=taps)
            for taps in sorted({cfg.fir_taps, highpass.settings.lstm[0]})}
    highpass_all = {
        **highpass.outputs,
        **{f"streaming LSTM, {n}": recurrent_eq.recurrent_outputs(
               {}, r.model, highpass.validation, highpass.parts)["streaming LSTM"]
           for (n, s), r in stream.runs.items() if s == seed and n != STREAM_BASELINE},
        **{name: np.concatenate([apply_fir(p.input, h) for p in highpass.parts.values()])
           for name, h in firs.items()}}
    tables = {
        "lowpass, piano": measure_table(lowpass_all, lowpass.target,
                                        sample_rate=lowpass.sample_rate, band=piano_band),
        "high-pass, voice": measure_table({n: highpass.section(o, VOICE)
                                           for n, o in highpass_all.items()},
                                          highpass.parts[VOICE].target,
                                          sample_rate=highpass.sample_rate, band=voice_band)}
    titles = {"lowpass, piano": f"000's lowpass ({lp.cutoff_hz:g} Hz, order {lp.order}), "
                                f"test piano, seed {seed}",
              "high-pass, voice": f"002's high-pass ({hp.cutoff_hz:g} Hz, order {hp.order}), "
                                  f"voice, seed {seed}"}
    return Floor(cfg.fir_taps, tables, titles)
