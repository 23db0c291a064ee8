"""2. The outputs of 03-05 re-judged: 000's nets (03's dense, 04's tied conv) on the test
piano and 002's networks (05's) on its validation audio, trained with their notebooks'
settings and checkpoint names (so a finished run is reused, never retrained) and measured
again on every measure, every candidate perceptual judge among them; the pairs MSE and a
spectral or perceptual judge dispute. The perceptual judge of the disputes is the one the
calibration shows (:class:`~dsp_paper.study.calibration.PerceptualChoice`: the chosen
measure, or the best candidate when none passes every family), carried by each result."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dsp_paper.perceptual import perceptual_measure
from dsp_paper.studies import conv_tied, dense_baselines, recurrent_eq, scale_config
from dsp_paper.studies.mse_critique.claims import claim_bands, claim_settings
from dsp_paper.studies.mse_critique.measures import (ALL_JUDGES, BAND_LSD, concat_tables,
                                                     decisive_disputes, dispute_clips,
                                                     disputed_pairs, measure_table,
                                                     perceptual_column, rank_table)
from dsp_paper.studies.mse_critique.settings import CLIPS, VOICE, CritiqueSettings
from dsp_paper.study.calibration import PerceptualChoice
from dsp_paper.windowing import Pair

if TYPE_CHECKING:
    from dsp_paper.nn.training import TrainingResult

__all__ = ["run_provenance", "epochs_text", "perceptual_disputes", "LowpassRejudged",
           "rejudge_lowpass", "HighpassRejudged", "rejudge_highpass"]


def run_provenance(run: TrainingResult) -> str:
    """Whether a finished run was found (by an earlier notebook or run) or trained just now."""
    return "reused" if run.resumed_from and run.resumed_from == len(run.log.epoch) \
        else "trained here"


def epochs_text(n: int) -> str:
    """``"1 epoch"``, ``"10 epochs"``."""
    return f"{n} epoch" + ("" if n == 1 else "s")


def perceptual_disputes(table: pd.DataFrame, *, judge: str,
                        margins: bool = True) -> pd.DataFrame:
    """:func:`~dsp_paper.studies.mse_critique.decisive_disputes` of MSE against the perceptual
    judge ``judge`` (a key of :data:`~dsp_paper.perceptual.PERCEPTUAL_MEASURES`; its column,
    :func:`~dsp_paper.studies.mse_critique.perceptual_column`) with claim C0.6d's MSE margin
    and the judge's own clear-preference margin (``margins=False``: every pair the two order
    oppositely, however slightly).

    Returns
    -------
    pandas.DataFrame
        Columns ``better by MSE``, ``better by <column>``, ``MSE gap dB``, ``<column> gap``
        (in the judge's unit).
    """
    settings = claim_settings("C0.6d")
    scale_ = 1.0 if margins else 0.0
    return decisive_disputes(table, mse_margin_db=scale_ * settings["mse_margin_db"],
                             second_margin=scale_ * perceptual_measure(judge).margin,
                             second=perceptual_column(judge))


@dataclass(frozen=True)
class LowpassRejudged:
    """000's nets (03's dense, 04's tied conv) on the test piano, every measure, every seed.

    Attributes
    ----------
    seeds : tuple of int
    corpus : EffectCorpus
        000's corpus (``lowpass_corpus``).
    outputs : dict of int -> dict of str -> np.ndarray
        Seed -> ``"dense linear, epoch 20"`` ... -> output on the test piano, shape (n,).
    tables : dict of int -> pandas.DataFrame
        Seed -> :func:`~dsp_paper.studies.mse_critique.measure_table` of its outputs.
    decisive : dict of int -> pandas.DataFrame
        Seed -> :func:`~dsp_paper.studies.mse_critique.decisive_disputes` (the evidence of
        C0.6c).
    provenance : dict of str -> str
        Model -> ``"reused"`` or ``"trained here"``.
    conv_runs : dict of int -> TrainingResult
        Seed -> 04's tied conv net.
    conv_data : tuple
        04's training windows (``conv_data``).
    block : int
        04's test block (samples).
    choice : PerceptualChoice
        The calibration's choice: its ``shown`` measure judges the perceptual disputes.
    """

    seeds: tuple
    corpus: object
    outputs: dict
    tables: dict
    decisive: dict
    provenance: dict
    conv_runs: dict
    conv_data: tuple
    block: int
    choice: PerceptualChoice

    @property
    def judge(self) -> str:
        """The measure-table column of the perceptual judge of the disputes (the calibration's
        chosen measure, or its best candidate when none passes every family)."""
        return perceptual_column(self.choice.shown)

    def judge_line(self) -> str:
        """Which perceptual judge C0.6d's disputes and the rank agreement use, and whether the
        calibration chose it, on one line."""
        if self.choice.measure:
            return f"C0.6d's perceptual judge: {self.judge}, chosen by the calibration"
        return (f"C0.6d's perceptual judge: none passes every family of the calibration; "
                f"{self.judge}'s numbers are shown (the candidate that passes the most, not "
                "calibrated)")

    @property
    def sample_rate(self) -> int:
        """Hz."""
        return self.corpus.sample_rate

    @property
    def test(self) -> list[Pair]:
        """000's test pieces (the piano)."""
        return self.corpus.split("test")

    @property
    def target(self) -> np.ndarray:
        """The lowpassed test piano, shape (n,)."""
        return self.test[0].target

    @property
    def table(self) -> pd.DataFrame:
        """Every seed's measures: rows (seed, output)."""
        return concat_tables(self.tables, ["seed", "output"])

    @property
    def decisive_table(self) -> pd.DataFrame:
        """Every seed's decisive disputes: rows (seed, pair)."""
        return concat_tables(self.decisive, ["seed", "pair"])

    def ranked(self, seed: int | None = None) -> pd.DataFrame:
        """One seed's values beside their ranks (1 = best); the first seed by default."""
        table = self.tables[self.seeds[0] if seed is None else seed]
        return pd.concat({"value": table, "rank (1 = best)": rank_table(table)}, axis=1)

    @property
    def disputed(self) -> pd.DataFrame:
        """The first seed's pairs that MSE and :data:`BAND_LSD` order differently at all."""
        return disputed_pairs(self.tables[self.seeds[0]], second=BAND_LSD)

    @property
    def correlation(self) -> pd.DataFrame:
        """The first seed's Spearman rank correlation of MSE with every measure (one row)."""
        table = self.tables[self.seeds[0]]
        return table.corr(method="spearman")["MSE"].to_frame("rank correlation with MSE").T

    def clips(self, *, shown: int) -> tuple[dict[str, np.ndarray], dict[str, str]]:
        """:func:`dispute_clips` of the first seed's decisive disputes (its closest
        disagreements when it has none)."""
        seed = self.seeds[0]
        disputes = self.decisive[seed] if len(self.decisive[seed]) else self.disputed
        return dispute_clips(disputes, self.outputs[seed], self.target, shown=shown)

    @property
    def perceptual(self) -> dict[int, pd.DataFrame]:
        """Seed -> :func:`perceptual_disputes` of its outputs by the shown judge (the evidence
        of C0.6d)."""
        return {seed: perceptual_disputes(t, judge=self.choice.shown)
                for seed, t in self.tables.items()}

    @property
    def perceptual_table(self) -> pd.DataFrame:
        """Every seed's perceptual disputes: rows (seed, pair)."""
        return concat_tables(self.perceptual, ["seed", "pair"])

    def perceptual_clips(self, *, shown: int) -> tuple[dict[str, np.ndarray], dict[str, str]]:
        """:func:`dispute_clips` of the first seed's perceptual disputes (every pair MSE and
        the shown judge order oppositely, however slightly, when it has none)."""
        seed = self.seeds[0]
        disputes = self.perceptual[seed]
        if not len(disputes):
            disputes = perceptual_disputes(self.tables[seed], judge=self.choice.shown,
                                           margins=False)
        return dispute_clips(disputes, self.outputs[seed], self.target, shown=shown,
                             second=self.judge)

    def provenance_line(self) -> str:
        """Whether each model was reused or trained here, on one line."""
        return "models: " + ", ".join(f"{k} {v}" for k, v in self.provenance.items())


def rejudge_lowpass(cfg: CritiqueSettings, *, seeds: Sequence[int], choice: PerceptualChoice,
                    progress: bool = False) -> LowpassRejudged:
    """03's dense nets and 04's tied conv net, each seed, as 03 and 04 train and score them
    (to a plateau, the best epoch restored; every piece in overlapped windows overlap-added, so
    no window edge of the evaluation's own making enters the outputs), measured again on the
    test piano; a finished training is reused.

    Parameters
    ----------
    cfg : CritiqueSettings
        ``conv_epochs``: the conv snapshot compared (with its end), where the training
        reached it.
    seeds : sequence of int
    choice : PerceptualChoice
        The calibration's choice (:func:`~dsp_paper.studies.mse_critique.perceptual_choice`):
        every candidate scores the outputs, the shown one judges the disputes.
    progress : bool
        Show training progress.

    Returns
    -------
    LowpassRejudged
        Outputs named ``"dense linear, epoch 20"``, ``"dense linear, end"``, ``"conv, epoch
        10"``, ``"conv, end"``.
    """
    dispute = claim_settings("C0.6c")
    corpus = dense_baselines.lowpass_corpus(cfg.scale)
    c03 = scale_config("03_dense_baselines", cfg.scale)
    c04 = scale_config("04_conv_tied", cfg.scale)
    test = corpus.split("test")
    block = int(c04.test_block_seconds * corpus.sample_rate)
    # only the outputs are used here: their measures come from measure_table below
    dense = dense_baselines.run(corpus, c03, tuple(seeds), progress=progress, mos=False)
    conv = conv_tied.run(corpus, c04, tuple(seeds), progress=progress, mos=False)
    # the spectral-loss variants train on 04's windows, so an epoch is as many steps as 04's
    conv_data = conv_tied.conv_data(corpus, c04, sample_uses=c04.plateau_sample_uses)
    name = lambda what, epoch: f"{what}, end" if epoch == dense_baselines.END else f"{what}, epoch {epoch}"
    outputs, provenance, conv_runs = {}, {}, {}
    for seed in seeds:
        outputs[seed] = {}
        for label in dense_baselines.DENSE_ACTIVATIONS:
            provenance[f"dense {label}, seed {seed}"] = run_provenance(dense.runs[label, seed])
            for epoch in (c03.early_epoch, dense_baselines.END):
                outputs[seed][name(f"dense {label}", epoch)] = \
                    dense.outputs[label, epoch, seed][0]
        conv_runs[seed] = conv.runs[seed]
        provenance[f"tied conv net, seed {seed}"] = run_provenance(conv_runs[seed])
        for epoch in (cfg.conv_epochs, dense_baselines.END):
            if (epoch, seed) in conv.outputs:
                outputs[seed][name("conv", epoch)] = conv.outputs[epoch, seed][0]
    tables = {seed: measure_table(out, test[0].target, sample_rate=corpus.sample_rate,
                                  band=tuple(dispute["band_hz"]), floor_db=dispute["floor_db"],
                                  perceptual=ALL_JUDGES)
              for seed, out in outputs.items()}
    decisive = {seed: decisive_disputes(t, mse_margin_db=dispute["mse_margin_db"],
                                        second_margin=dispute["lsd_margin_db"])
                for seed, t in tables.items()}
    return LowpassRejudged(tuple(seeds), corpus, outputs, tables, decisive, provenance,
                           conv_runs, conv_data, block, choice)


@dataclass(frozen=True)
class HighpassRejudged:
    """002's networks (05's four many-to-one models of the first seed and its streaming LSTM)
    on 05's validation audio, every measure.

    Attributes
    ----------
    settings : Settings
        ``scale_config("05_recurrent_eq", scale)``.
    mini : EffectCorpus
        002's "miniaudio" corpus.
    parts : dict of str -> Pair
        :data:`~dsp_paper.studies.mse_critique.VOICE` and
        :data:`~dsp_paper.studies.mse_critique.CLIPS`.
    validation : Pair
        The parts end to end; ``starts`` says where each begins.
    starts : dict of str -> int
    runs : dict of str -> TrainingResult
        The thesis's four networks (first seed).
    stream_runs : dict of int -> TrainingResult
        The first seed -> 05's streaming LSTM (ESR + DC), trained with 05's settings.
    stream_data, stream_validation : tuple
        05's segments (``streaming_data``).
    outputs : dict of str -> np.ndarray, shape (validation.n_samples,)
        Model -> output (the streaming LSTM of the first seed).
    tables : dict of str -> pandas.DataFrame
        Part -> :func:`~dsp_paper.studies.mse_critique.measure_table` of the outputs over that
        part.
    choice : PerceptualChoice
        The calibration's choice: its ``shown`` measure judges the perceptual disputes.
    """

    settings: object
    mini: object
    parts: dict
    validation: object
    starts: dict
    runs: dict
    stream_runs: dict
    stream_data: tuple
    stream_validation: tuple
    outputs: dict
    tables: dict
    choice: PerceptualChoice

    @property
    def judge(self) -> str:
        """The measure-table column of the perceptual judge of the disputes."""
        return perceptual_column(self.choice.shown)

    @property
    def sample_rate(self) -> int:
        """Hz."""
        return self.mini.sample_rate

    def section(self, audio: np.ndarray, part: str) -> np.ndarray:
        """The stretch of ``audio`` (shape (validation.n_samples,)) that covers ``part``."""
        return audio[self.starts[part]:self.starts[part] + self.parts[part].n_samples]

    @property
    def table(self) -> pd.DataFrame:
        """Values beside ranks, rows (part, output)."""
        return pd.concat({part: pd.concat({"value": t, "rank": rank_table(t)}, axis=1)
                          for part, t in self.tables.items()}, names=["part", "output"])

    @property
    def disputed(self) -> dict[str, pd.DataFrame]:
        """Part -> :func:`disputed_pairs` of MSE and :data:`BAND_LSD`."""
        return {part: disputed_pairs(t, second=BAND_LSD) for part, t in self.tables.items()}

    @property
    def disputed_table(self) -> pd.DataFrame:
        """:attr:`disputed` of every part: rows (part, pair)."""
        return concat_tables(self.disputed, ["part", "pair"])

    def clips(self, *, shown: int,
              part: str = VOICE) -> tuple[dict[str, np.ndarray], dict[str, str]]:
        """:func:`dispute_clips` of the ``shown`` most disputed pairs over ``part``."""
        return dispute_clips(self.disputed[part],
                             {n: self.section(o, part) for n, o in self.outputs.items()},
                             self.parts[part].target, shown=shown)

    @property
    def perceptual(self) -> dict[str, pd.DataFrame]:
        """Part -> every pair MSE and the shown judge order oppositely, however slightly
        (:func:`perceptual_disputes` without margins), most decisive first."""
        return {part: perceptual_disputes(t, judge=self.choice.shown, margins=False)
                for part, t in self.tables.items()}

    @property
    def perceptual_table(self) -> pd.DataFrame:
        """:attr:`perceptual` of every part: rows (part, pair)."""
        return concat_tables(self.perceptual, ["part", "pair"])

    def perceptual_clips(self, *, shown: int,
                         part: str = VOICE) -> tuple[dict[str, np.ndarray], dict[str, str]]:
        """:func:`dispute_clips` of the ``shown`` pairs MSE and the shown judge dispute most
        over ``part``."""
        return dispute_clips(self.perceptual[part],
                             {n: self.section(o, part) for n, o in self.outputs.items()},
                             self.parts[part].target, shown=shown, second=self.judge)

    def provenance_line(self) -> str:
        """Whether each model was reused or trained here, on one line."""
        runs = {**self.runs,
                **{f"streaming LSTM, seed {s}": r for s, r in self.stream_runs.items()}}
        return "models: " + ", ".join(f"{k} {run_provenance(r)}" for k, r in runs.items())


def rejudge_highpass(cfg: CritiqueSettings, *, seeds: Sequence[int], choice: PerceptualChoice,
                     progress: bool = False) -> HighpassRejudged:
    """05's models trained (or reused) with 05's settings and measured again on the voice
    and on the clips of 05's validation audio.

    Parameters
    ----------
    cfg : CritiqueSettings
    seeds : sequence of int
        05's networks, its streaming LSTM among them, of the first (C2.4b's streaming LSTMs,
        every seed, are :func:`~dsp_paper.studies.mse_critique.spectral_streaming`'s).
    choice : PerceptualChoice
        As :func:`rejudge_lowpass`'s.
    progress : bool

    Returns
    -------
    HighpassRejudged
    """
    c05 = scale_config("05_recurrent_eq", cfg.scale)
    piano_band, voice_band = claim_bands()
    floor_db = claim_settings("C2.4b")["floor_db"]
    mini = recurrent_eq.highpass_corpus(cfg.scale, variant="mini")
    full = recurrent_eq.highpass_corpus(cfg.scale, variant="full")
    parts, validation, starts = recurrent_eq.recurrent_validation(mini, c05)
    runs = recurrent_eq.train_thesis_models(c05, mini, full, validation, seed=seeds[0],
                                            progress=progress)
    stream_data, stream_validation = recurrent_eq.streaming_data(mini, c05)
    stream_runs = {seeds[0]: recurrent_eq.train_streaming_model(
        c05, stream_data, stream_validation, seed=seeds[0], progress=progress)}
    outputs = recurrent_eq.recurrent_outputs(runs, stream_runs[seeds[0]].model, validation, parts)
    bands = {VOICE: voice_band, CLIPS: piano_band}
    out = HighpassRejudged(c05, mini, parts, validation, starts, runs, stream_runs, stream_data,
                           stream_validation, outputs, {}, choice)
    for part, pair in parts.items():
        out.tables[part] = measure_table({n: out.section(o, part) for n, o in outputs.items()},
                                         pair.target, sample_rate=mini.sample_rate,
                                         band=bands[part], floor_db=floor_db,
                                         perceptual=ALL_JUDGES)
    return out
