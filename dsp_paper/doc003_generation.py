"""Document 003, "Deep Learning and Sound 02: Generating Audio": GRUV-style next-frame
LSTMs that generate a vowel, 808 kicks and the amen break (notebook ``06_lstm_generation``).

Holds 003's settings per scale, its material (variations of a recorded 808 kick, the amen
break), the measures its claims use, and its entries of the claims registry (C3.*). The frame
representation and generation are the toolkit's :mod:`dsp_paper.gruv`.
"""
from __future__ import annotations


from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from . import material
from .audio_io import normalise
from .cache import cached_arrays
from .errors import ParameterError

from .rules import All, Compare, SubClaim, between
from .scales import Settings, by_scale, scale_config


from .metrics import frame_rms, high_frequency_share, onset_alignment, onsets_after
import scipy.signal

__all__ = []

# ------------------------------------------------------------------ settings

# 003 GRUV-style generation: variations of a real 808 kick, and the amen break.
@dataclass(frozen=True, kw_only=True)
class DrumsSettings(Settings):
    """Settings of ``drums_003`` at one scale."""

    section: ClassVar[str] = "drums_003"
    sample_rate: int
    frame_samples: int
    amen_frames: int
    kick_frames: int
    pitch_range: tuple
    decay_range: tuple
    level_range: tuple
    kick_count: int

DRUMS = by_scale(
    DrumsSettings,
    common=dict(sample_rate=44100, frame_samples=2048, amen_frames=60, kick_frames=16,
                pitch_range=(0.8, 1.25), decay_range=(0.15, 1.0), level_range=(0.3, 1.0)),
    smoke=dict(kick_count=12),
    quick=dict(kick_count=250),
    paper=dict(kick_count=250),
)


# 003's GRUV-style generation: LSTM width N (= frame values) at paper, narrower below.
@dataclass(frozen=True, kw_only=True)
class GenerationSettings(Settings):
    """Settings of ``06_lstm_generation`` at one scale."""

    section: ClassVar[str] = "06_lstm_generation"
    layers: int
    learning_rate: float
    amen_learning_rate: float
    seed: int
    kick_batch: int
    kick_target_mse: float
    amen_target_mse: float
    kick_extra_frames: int
    kicks_shown: int
    onset_tolerance: float
    hidden: int
    vowel_epochs: int
    kick_max_epochs: int
    amen_max_epochs: int
    vowel_frames: int
    amen_generate_frames: int

GENERATION = by_scale(
    GenerationSettings,
    common=dict(layers=2, learning_rate=0.001, amen_learning_rate=0.003, seed=0, kick_batch=32,
                kick_target_mse=0.15, amen_target_mse=0.05, kick_extra_frames=16, kicks_shown=3,
                onset_tolerance=0.05),
    smoke=dict(hidden=32, vowel_epochs=2, kick_max_epochs=2, amen_max_epochs=3, vowel_frames=20,
               amen_generate_frames=70),
    quick=dict(hidden=256, vowel_epochs=100, kick_max_epochs=40, amen_max_epochs=400,
               vowel_frames=60, amen_generate_frames=120),
    paper=dict(hidden=2048, vowel_epochs=500, kick_max_epochs=500, amen_max_epochs=2000,
               vowel_frames=60, amen_generate_frames=120),
)

SETTINGS = {"drums_003": DRUMS, "06_lstm_generation": GENERATION}


# ------------------------------------------------------------------ code

# ---- from datasets
@dataclass
class KickSet:
    """Variations of one recorded 808 kick, zero-padded to a common length.

    Attributes
    ----------
    examples : np.ndarray, shape (count, samples), float32
    pitch, decay, level : np.ndarray, shape (count,)
        Playback-rate factor, decay time constant in seconds, and peak level of each.
    """

    examples: np.ndarray
    sample_rate: int
    pitch: np.ndarray
    decay: np.ndarray
    level: np.ndarray
    provenance: str


def kick_set(scale=None, *, seed=0):
    """003's ~250 kick drums, made from the real 808 kick by varying pitch (playback rate),
    decay and level; each zero-padded to ``kick_frames x frame_samples``."""
    cfg = scale_config("drums_003", scale)
    kick = material.kick_808(sample_rate=cfg.sample_rate)
    length = cfg.kick_frames * cfg.frame_samples
    params = dict(cfg.as_dict(), seed=seed, kick=kick.provenance())

    def build():
        rng = np.random.default_rng(seed)
        pitch = np.exp(rng.uniform(*np.log(cfg.pitch_range), cfg.kick_count))
        decay = rng.uniform(*cfg.decay_range, cfg.kick_count)
        level = rng.uniform(*cfg.level_range, cfg.kick_count)
        out = np.zeros((cfg.kick_count, length), dtype=np.float32)
        base = kick.audio if kick.audio.ndim == 1 else kick.audio.mean(axis=0)
        for i in range(cfg.kick_count):
            n = int(round(base.shape[-1] / pitch[i]))
            hit = scipy.signal.resample(base, n)[:length]
            hit = hit * np.exp(-np.arange(hit.size) / (decay[i] * cfg.sample_rate))
            out[i, :hit.size] = level[i] * hit / np.max(np.abs(hit))
        return dict(examples=out, pitch=pitch, decay=decay, level=level)

    arrays, _ = cached_arrays("drums_003_kicks", params, build)
    return KickSet(arrays["examples"], cfg.sample_rate, arrays["pitch"], arrays["decay"],
                   arrays["level"], kick.provenance())


def amen_clip(scale=None):
    """003's amen break trimmed to ``amen_frames`` frames of ``frame_samples`` (60 x 2048),
    mixed to mono, as a :class:`~dsp_paper.material.Material`."""
    cfg = scale_config("drums_003", scale)
    amen = material.amen_break(sample_rate=cfg.sample_rate)
    n = cfg.amen_frames * cfg.frame_samples
    mono = amen.audio.mean(axis=0) if amen.audio.ndim == 2 else amen.audio
    if mono.shape[-1] < n:
        raise ParameterError(f"the amen break has {mono.shape[-1]} samples, fewer than {n}")
    return material.Material(
        "amen_break", normalise(mono[:n], peak=0.9), cfg.sample_rate,
        f"{amen.description}, first {cfg.amen_frames} frames of {cfg.frame_samples}, mono",
        amen.licence, amen.source)


# ---- from gruv
def kick_measures(generated, original, *, frame, sample_rate):
    """What 003 heard in a generated kick: its envelope against the original's, its noise
    (share of power above 2 kHz, spectral flatness) and its tail (RMS after the original's
    zero-padded end relative to the kick's, and whether it rises).

    Parameters
    ----------
    generated : np.ndarray
        The generated audio, running past the original's length.
    original : np.ndarray
        The real kick, zero-padded to whole frames.
    """
    from .metrics import spectral_flatness

    body, tail = generated[:original.size], generated[original.size:]
    if tail.size < frame:
        raise ParameterError("the generated kick must run at least one frame past the original")
    rms_orig = frame_rms(original, frame=frame)
    sounding = rms_orig > 1e-3  # frames where the real kick sounds
    tail_rms = frame_rms(tail, frame=frame)
    half = len(tail_rms) // 2
    n_sounding = int(sounding.sum()) * frame
    return {"envelope correlation": float(np.corrcoef(frame_rms(body, frame=frame), rms_orig)[0, 1]),
            "HF share >2 kHz, generated": high_frequency_share(body, sample_rate=sample_rate),
            "HF share >2 kHz, original": high_frequency_share(original, sample_rate=sample_rate),
            "flatness, generated": spectral_flatness(body[:n_sounding]),
            "flatness, original": spectral_flatness(original[:n_sounding]),
            "tail RMS / kick RMS": float(tail_rms.mean() / rms_orig[sounding].mean()),
            "tail rising": bool(tail_rms[half:].mean() > tail_rms[:half].mean())}


def break_measures(generated, original, *, frame, sample_rate, tolerance=0.05):
    """What 003 saw in a generated break: onsets against the original's over the break's
    length, flatness, the RMS after the break relative to during it, and the onsets after
    it.

    Returns
    -------
    dict
        ``onset-strength correlation``, ``onset F-measure``, ``onsets (generated /
        original)``, ``flatness``, ``RMS after the break / during``, ``onsets after the
        break``.
    """
    from .metrics import spectral_flatness

    n = original.size
    onsets = onset_alignment(generated[:n], original, sample_rate=sample_rate,
                             tolerance=tolerance)
    rms = frame_rms(generated, frame=frame)
    frames = n // frame
    return {"onset-strength correlation": onsets["correlation"],
            "onset F-measure": onsets["f_measure"],
            "onsets (generated / original)": f"{onsets['onsets_generated']} / {onsets['onsets_original']}",
            "flatness": spectral_flatness(generated[:n]),
            "RMS after the break / during": float(rms[frames:].mean() / rms[:frames].mean())
            if generated.size > n else float("nan"),
            "onsets after the break": onsets_after(generated, start=n, sample_rate=sample_rate)
            if generated.size > n else 0}


# ------------------------------------------------------------------ claims

CLAIMS = [
    # ---------------------------------------------------------------- 003, notebook 06
    SubClaim(
        "C3.1", "003", "06_lstm_generation",
        quote="even though the concatenated complex FFT representation is perfectly lossless, "
              "it may not be as descriptive of what the sound is, or how it changes. Especially "
              "when it comes to percussive rhythmic sequences",
        claim="The packed FFT frames are lossless, yet a model of the amen break built on them "
              "recreates its rhythm less well than one on raw frames.",
        measured="largest round-trip error of the packed FFT (fft_round_trip_error); for the "
                 "break generated from its first frame by the raw-frame and the FFT-frame "
                 "model, onset F-measure (raw_onset_f, fft_onset_f; onsets within "
                 "onset_tolerance_s) and onset-strength correlation (raw_onset_corr, "
                 "fft_onset_corr) against the original, each seed",
        rule=All(Compare("fft_round_trip_error", "<", 1e-5, label="lossless"),
                 Compare("raw_onset_f", ">", "fft_onset_f"),
                 Compare("raw_onset_corr", ">", "fft_onset_corr")),
        settings={"onset_tolerance_s": 0.05},
        decides_at=("quick", "paper"),
        why=("Lossless: 1e-5, a hundred times float32's rounding of a 2048-point transform of "
             "audio at full scale.",
             "Onsets within 50 ms, MIREX's tolerance for onset detection; the orderings need "
             "no margin beyond the seeds' spread.")),
    SubClaim(
        "C3.2", "003", "06_lstm_generation",
        quote="notice how the weird interrupted peaks in the upper signal coincide with the "
              "peaks in the amen break? ... the stacked LSTM model can basically recreate the "
              "input sequence, at least when it's overfitting on the one single example",
        claim="The raw-frame model, overfitted on one break, recreates it: its peaks line up "
              "with the original's.",
        measured="onset F-measure (raw_onset_f) and onset-strength correlation (raw_onset_corr) "
                 "of the raw-frame model's generated break against the original, each seed",
        rule=All(Compare("raw_onset_f", ">=", 0.5, label="at least half the onsets line up"),
                 Compare("raw_onset_corr", ">=", 0.3, label="the onset envelopes follow")),
        settings={"onset_tolerance_s": 0.05},
        decides_at=("quick", "paper"),
        why=("F-measure 0.5: at least half the onsets matched within 50 ms.",
             "Correlation 0.3: the onset envelopes clearly related, beyond the near-zero of "
             "unrelated drum patterns.")),
    SubClaim(
        "C3.3a", "003", "06_lstm_generation",
        quote="I've zero-padded each sample to uniform length M and left the model to go on for "
              "a few more frames ... the network captures some kind of signal, and repeats it "
              "after the original sound would have ended",
        claim="Generated 808 kicks go on in a tail after the zero-padded end of the sound.",
        measured="RMS of each generated kick over the frames after the original's zero-padded "
                 "end relative to its RMS while the kick sounds; median over the kicks shown "
                 "(kick_tail_rms_ratio), each seed; the original is silent there",
        rule=Compare("kick_tail_rms_ratio", ">=", 0.05),
        decides_at=("quick", "paper"),
        why=("5 % of the kick's RMS (26 dB down) is far above the original's silence and "
             "audible after a kick.",)),
    SubClaim(
        "C3.3b", "003", "06_lstm_generation",
        quote="Without compensating for mean & variance, this well-trained model actually "
              "generates an amen break. ... It gracefully dissolves into the typical 'tail' at "
              "the end, but periodically comes back with a bit of the drum beat.",
        claim="Rendered without the mean and variance, the raw-frame model's break is the amen "
              "break, then dissolves into a tail that comes back with drum hits.",
        measured="for the raw-frame model's generation rendered without adding the mean and "
                 "variance back: onset F-measure over the break's length (plain_onset_f), RMS "
                 "after the break relative to during it (plain_after_over_during_rms), and "
                 "onsets detected after the break (plain_onsets_after), each seed",
        rule=All(Compare("plain_onset_f", ">=", 0.5, label="it is the break"),
                 between("plain_after_over_during_rms", 0.05, 1.0,
                          label="it dissolves into a tail"),
                 Compare("plain_onsets_after", ">=", 2.0, label="hits come back")),
        settings={"onset_tolerance_s": 0.05},
        decides_at=("quick", "paper"),
        why=("The break: onsets as in C3.2 (F at least 0.5 within 50 ms).",
             "A tail: after the break at least 5 % of the break's RMS (as in C3.3a) and less "
             "than all of it ('dissolves').",
             "Comes back: two or more onsets after the break, more than one stray hit.")),
]
