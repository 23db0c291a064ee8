"""Every document's data at one scale, as notebook ``01_data`` shows it.

The corpora come from their studies' packages (``dense_baselines.lowpass_corpus``,
``conv_tied.stereo_corpus`` and ``pedal_corpus``, ``recurrent_eq.highpass_corpus``,
``lstm_generation.kick_set`` and ``amen_clip``, ``learned_spectrogram.stft_slices``);
:func:`load` gathers them into a :class:`TourData`.

Examples
--------
>>> data = load("smoke")  # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dsp_paper import effects, material, signals
from dsp_paper.datasets import EffectCorpus
from dsp_paper.errors import ParameterError
from dsp_paper.study.settings import Settings
from dsp_paper.studies import (conv_tied, dense_baselines, learned_spectrogram, lstm_generation,
                               recurrent_eq, scale_config)
from dsp_paper.studies.data.paper import NOISE_SLOPES_DB_PER_OCTAVE
from dsp_paper.studies.data.settings import DataTourSettings

__all__ = ["TourData", "load", "mono", "first_piece"]


NOISE_MIN_SECONDS = 2.0  # long enough for a steady slope estimate


@dataclass(frozen=True)
class TourData:
    """Every document's data at one scale, as 01 shows it.

    Attributes
    ----------
    cfg : dsp_paper.studies.data.settings.DataTourSettings
    lowpass_cfg, stereo_cfg, highpass_cfg, pedal_cfg, drums_cfg, slices_cfg : Settings
        The corpora's settings (``lowpass_000``, ``stereo_001``, ``highpass_002``,
        ``pedal_ext``, ``drums_003``, ``slices_004``).
    lowpass, stereo, mini, full, pedal : dsp_paper.datasets.EffectCorpus
        000's sweeps through the lowpass, 001's stereo sweeps, 002's "miniaudio" and full set,
        the pedal extension.
    kicks : dsp_paper.studies.lstm_generation.KickSet
    shown : dsp_paper.studies.lstm_generation.ShownKicks
        The ``cfg.kicks_shown`` kicks drawn and played (as notebook 06 picks them).
    kick_spread : pandas.DataFrame
        :func:`dsp_paper.studies.lstm_generation.kick_variation` of the whole set.
    amen : dsp_paper.material.Material
    slices : np.ndarray, shape (count, slice_samples)
        004's slices at ``slices_cfg.sample_rate``.
    materials : tuple of Material
        The real recordings (piano, voice, amen break, 808 kick, guitar) at full length.
    sweeps : dict of str to np.ndarray, shape (n,)
        Example sweeps of every shape of 000 and 001, ``cfg.example_seconds`` long.
    noises : dict of str to np.ndarray, shape (n,)
        002's four noise colours.
    """

    cfg: DataTourSettings
    lowpass_cfg: Settings
    stereo_cfg: Settings
    highpass_cfg: Settings
    pedal_cfg: Settings
    drums_cfg: Settings
    slices_cfg: Settings
    lowpass: EffectCorpus
    stereo: EffectCorpus
    mini: EffectCorpus
    full: EffectCorpus
    pedal: EffectCorpus
    kicks: lstm_generation.KickSet
    shown: lstm_generation.ShownKicks
    kick_spread: pd.DataFrame
    amen: material.Material
    slices: np.ndarray
    materials: tuple
    sweeps: dict
    noises: dict

    @property
    def sample_rate(self) -> int:
        """The sample rate (Hz) of every corpus but 004's."""
        return self.lowpass.sample_rate

    def material(self, name: str) -> material.Material:
        """The real recording called ``name`` (e.g. ``"piano"``)."""
        for m in self.materials:
            if m.name == name:
                return m
        raise ParameterError(f"no material {name!r}; there are {[m.name for m in self.materials]}")

    def through_lowpass(self, audio: np.ndarray) -> np.ndarray:
        """``audio`` through 000's lowpass (its corpus's cut-off and order)."""
        return effects.lowpass(audio, sample_rate=self.sample_rate,
                               cutoff_hz=self.lowpass_cfg.cutoff_hz, order=self.lowpass_cfg.order)


def load(scale: str) -> TourData:
    """Build (or read from the cache) every document's data at ``scale``.

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}

    Returns
    -------
    TourData
    """
    cfg = scale_config("01_data", scale)
    low = scale_config("lowpass_000", scale)
    stereo = scale_config("stereo_001", scale)
    sr = low.sample_rate
    sweeps = {shape: signals.sweep(shape, f_start=low.f_start, f_end=low.f_end,
                                   seconds=cfg.example_seconds, sample_rate=sr, amplitude=low.level)
              for shape in dict.fromkeys(low.shapes + stereo.shapes)}
    noises = {c: signals.noise(c, seconds=max(cfg.example_seconds, NOISE_MIN_SECONDS),
                               sample_rate=sr, seed=1) for c in NOISE_SLOPES_DB_PER_OCTAVE}
    kicks = lstm_generation.kick_set(scale)
    materials = (material.piano(sample_rate=sr), material.voice(sample_rate=sr),
                 material.amen_break(sample_rate=sr), material.kick_808(sample_rate=sr),
                 material.guitar(sample_rate=sr))
    return TourData(
        cfg=cfg, lowpass_cfg=low, stereo_cfg=stereo,
        highpass_cfg=scale_config("highpass_002", scale),
        pedal_cfg=scale_config("pedal_ext", scale), drums_cfg=scale_config("drums_003", scale),
        slices_cfg=scale_config("slices_004", scale),
        lowpass=dense_baselines.lowpass_corpus(scale), stereo=conv_tied.stereo_corpus(scale),
        mini=recurrent_eq.highpass_corpus(scale, variant="mini"),
        full=recurrent_eq.highpass_corpus(scale, variant="full"),
        pedal=conv_tied.pedal_corpus(scale), kicks=kicks,
        shown=lstm_generation.shown_kicks(kicks, count=cfg.kicks_shown),
        kick_spread=lstm_generation.kick_variation(kicks),
        amen=lstm_generation.amen_clip(scale), slices=learned_spectrogram.stft_slices(scale),
        materials=materials, sweeps=sweeps, noises=noises)


def mono(audio: np.ndarray) -> np.ndarray:
    """``audio`` mixed to mono (channels first), or as it is when mono."""
    audio = np.asarray(audio)
    return audio if audio.ndim == 1 else audio.mean(axis=0)


def first_piece(corpus: EffectCorpus, split: str) -> tuple[np.ndarray, np.ndarray]:
    """The first piece of a split, mixed to mono: ``(input, target)``."""
    piece = corpus.split(split)[0]
    return mono(piece.input), mono(piece.target)
