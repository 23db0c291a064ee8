"""Document 003, "Deep Learning and Sound 02: Generating Audio": GRUV-style next-frame
LSTMs that generate a vowel, 808 kicks and the amen break (notebook ``06_lstm_generation``).

Holds what 003 reports (:data:`DOCUMENT`, typed once), its settings per scale, its material
(variations of a recorded 808 kick, the amen break), its five experiments (the pitfall of the
first frame, the kicks, the amen break in FFT and raw frames, and without the mean and
variance), their tables, figures and clips, the claims record, the table of what differs
from the document, the closing text, and its entries of the claims registry (C3.*). The frame
representation and generation are the toolkit's :mod:`dsp_paper.nn.gruv`.

Examples
--------
>>> kicks = kick_set("smoke")  # doctest: +SKIP
>>> shown = shown_kicks(kicks, count=3)  # doctest: +SKIP
>>> shown.index, shown.labels[0]  # doctest: +SKIP
(array([ 0,  5, 11]), 'kick 0: pitch ×1.06, decay 0.88 s, level 0.73')
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import scipy.signal

from dsp_paper.nn import gruv
from dsp_paper import material
from dsp_paper.audio_io import normalise
from dsp_paper.cache import cached_arrays
from dsp_paper.errors import ParameterError
from dsp_paper.metrics import (frame_rms, high_frequency_share, onset_alignment, onsets_after,
                               spectral_flatness)
from dsp_paper.study.rules import All, Compare, SubClaim, between
from dsp_paper.study.settings import Settings, by_scale
from dsp_paper.studies import scale_config

__all__ = ["Document003", "DOCUMENT", "DrumsSettings", "DRUMS", "GenerationSettings",
           "GENERATION", "SETTINGS", "KickSet", "kick_set", "amen_clip", "ShownKicks",
           "shown_kicks", "kick_variation", "kick_measures", "break_measures",
           "Representation", "representation_check", "VowelRun", "vowel_experiment",
           "KickRun", "kick_experiment", "RENDERS", "AmenRun", "amen_experiment", "planned_work",
           "claims_record", "paper_vs_ours", "training_table", "results",
           "representation_figure", "vowel_figure", "kicks_figure", "amen_figure",
           "vowel_clips", "kick_clips", "amen_clips", "tail_clips", "differences",
           "what_it_means", "CLAIMS"]


# ------------------------------------------------------------------ what 003 reports

@dataclass(frozen=True)
class Document003:
    """What document 003 reports, typed once; the settings, tables and texts read it.

    ``None`` marks what the document does not state.
    """

    frame_samples: int = 2048        # "I trimmed the training data to 60 2048-long frames"
    amen_frames: int = 60
    amen_bpm: int = 120              # "a nice 120bpm amen break on freesound"
    kick_count: int = 250            # "a database of ~250 kick drum samples from an 808"
    kick_target_mse: float = 0.15    # "until the MSE loss fell below ~0.15"
    amen_target_mse: float = 0.05    # "training all the way down to mse~=0.05"
    vowels: int = 4                  # "There were 4 different vowels in the source recording"
    kick_sounds: int = 3             # the three generated kicks it plays
    vowel_material: str = "one recording of the author singing vowels at a constant pitch"
    kick_material: str = "~250 kick drum samples from an 808 drum machine"
    amen_material: str = "a 120 bpm amen break from freesound"
    lstm_width: str = "N, the frame's values (2048 for the amen break's frames)"
    lstm_layers: str = "several"
    toolkit: str = "Keras on Theano, GPU"
    sample_rate: int | None = None
    optimiser: str | None = None
    epochs: str | None = None
    batch_size: int | None = None


DOCUMENT = Document003()


# ------------------------------------------------------------------ settings

# 003 GRUV-style generation: variations of a real 808 kick, and the amen break.
@dataclass(frozen=True, kw_only=True)
class DrumsSettings(Settings):
    """Settings of ``drums_003`` at one scale.

    Attributes
    ----------
    sample_rate : int
        Hz.
    frame_samples : int
        Samples per frame (N).
    amen_frames, kick_frames : int
        Frames of the amen break and of each zero-padded kick.
    pitch_range, decay_range, level_range : tuple of float
        Playback-rate factor (drawn log-uniform), decay time constant in seconds and peak
        level (uniform) of the kick variations.
    kick_count : int
        Kick variations.
    """

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
    common=dict(sample_rate=44100, frame_samples=DOCUMENT.frame_samples,
                amen_frames=DOCUMENT.amen_frames, kick_frames=16,
                pitch_range=(0.8, 1.25), decay_range=(0.15, 1.0), level_range=(0.3, 1.0)),
    smoke=dict(kick_count=12),
    quick=dict(kick_count=DOCUMENT.kick_count),
    paper=dict(kick_count=DOCUMENT.kick_count),
)


# 003's GRUV-style generation: LSTM width N (= frame values) at paper, narrower below. At
# paper each training also stops at a cap on its training time (``time_limits``, seconds per
# run) if its target MSE has not stopped it first, so that the notebook fits in minutes on one
# GPU (`python -m dsp_paper estimate --scale paper` tells how many epochs fit).
@dataclass(frozen=True, kw_only=True)
class GenerationSettings(Settings):
    """Settings of ``06_lstm_generation`` at one scale.

    Attributes
    ----------
    layers, hidden : int
        Stacked LSTM layers and their width (and the dense input layer's).
    learning_rate, amen_learning_rate : float
        Adam's step for the vowel and kicks, and for the amen break.
    kick_batch : int
        Kicks per batch (the vowel and the break train with batches of one).
    kick_target_mse, amen_target_mse : float
        Training stops once its MSE is at or below these.
    vowel_epochs, kick_max_epochs, amen_max_epochs : int
        Epochs (the vowel), at most (kicks, break).
    kick_extra_frames : int
        Frames each generated kick runs past the padded original.
    kicks_shown : int
        Kicks generated, measured, drawn and played.
    onset_tolerance : float
        Seconds within which onsets match.
    vowel_frames, amen_generate_frames : int
        Frames generated.
    time_limits : dict of str -> float
        Seconds of training after which a training of that name stops at the end of an
        epoch (:meth:`~dsp_paper.study.settings.Settings.time_limit`); set only at ``paper``, so that
        the notebook fits on one GPU.
    """

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
    time_limits: dict


GENERATION = by_scale(
    GenerationSettings,
    common=dict(layers=2, learning_rate=0.001, amen_learning_rate=0.003, seed=0, kick_batch=32,
                kick_target_mse=DOCUMENT.kick_target_mse,
                amen_target_mse=DOCUMENT.amen_target_mse, kick_extra_frames=16,
                kicks_shown=DOCUMENT.kick_sounds, onset_tolerance=0.05,
                time_limits={}),
    smoke=dict(hidden=32, vowel_epochs=2, kick_max_epochs=2, amen_max_epochs=3, vowel_frames=20,
               amen_generate_frames=70),
    quick=dict(hidden=256, vowel_epochs=100, kick_max_epochs=40, amen_max_epochs=400,
               vowel_frames=60, amen_generate_frames=120),
    paper=dict(hidden=DOCUMENT.frame_samples, vowel_epochs=500, kick_max_epochs=500,
               amen_max_epochs=2000, vowel_frames=60, amen_generate_frames=120,
               time_limits={"vowel_fft": 30.0, "kicks_fft": 40.0, "amen_fft": 40.0,
                            "amen_raw": 40.0}),
)

SETTINGS = {"drums_003": DRUMS, "06_lstm_generation": GENERATION}


# ------------------------------------------------------------------ material

@dataclass
class KickSet:
    """Variations of one recorded 808 kick, zero-padded to a common length.

    Attributes
    ----------
    examples : np.ndarray, shape (count, samples), float32
    sample_rate : int
        Hz.
    pitch, decay, level : np.ndarray, shape (count,)
        Playback-rate factor, decay time constant in seconds, and peak level of each.
    provenance : str
        Where the recorded kick comes from.
    """

    examples: np.ndarray
    sample_rate: int
    pitch: np.ndarray
    decay: np.ndarray
    level: np.ndarray
    provenance: str


def kick_set(scale=None, *, seed=0):
    """003's ~250 kick drums, made from the real 808 kick by varying pitch (playback rate),
    decay and level.

    Each variation is the recorded kick resampled by its pitch factor, multiplied by
    ``exp(-t / decay)``, scaled to its peak level and zero-padded to ``kick_frames x
    frame_samples`` samples.

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional
    seed : int
        Draws the parameters.

    Returns
    -------
    KickSet
    """
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
    mixed to mono and normalised to a peak of 0.9.

    Returns
    -------
    dsp_paper.material.Material
    """
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


def _kick_character(audio, sample_rate, *, frame=256):
    """Spectral peak (Hz), and the times (s) after which the frame RMS stays 20 and 40 dB
    below its maximum."""
    audio = np.asarray(audio, np.float64)
    spectrum = np.abs(np.fft.rfft(audio))
    peak_hz = float(np.fft.rfftfreq(audio.size, 1 / sample_rate)[np.argmax(spectrum)])
    rms = frame_rms(audio, frame=frame)
    db = 20 * np.log10(np.maximum(rms / max(rms.max(), 1e-20), 1e-12))
    times = [(np.nonzero(db > -drop)[0][-1] + 1) * frame / sample_rate for drop in (20, 40)]
    return peak_hz, float(times[0]), float(times[1])


_CHARACTER = ("spectral peak (Hz)", "falls 20 dB by (s)", "falls 40 dB by (s)")


def _character_frame(kicks, index):
    import pandas as pd

    rows = []
    for i in index:
        peak, t20, t40 = _kick_character(kicks.examples[i], kicks.sample_rate)
        rows.append({"kick": int(i), "pitch factor": float(kicks.pitch[i]),
                     "decay time constant (s)": float(kicks.decay[i]),
                     "peak level": float(kicks.level[i]),
                     "peak level (dBFS)": float(20 * np.log10(kicks.level[i])),
                     _CHARACTER[0]: peak, _CHARACTER[1]: t20, _CHARACTER[2]: t40})
    return pd.DataFrame(rows).set_index("kick")


@dataclass
class ShownKicks:
    """The kicks a notebook shows: evenly spaced through the set, with their parameters.

    Attributes
    ----------
    index : np.ndarray, shape (count,), int
        Their positions in the :class:`KickSet`.
    examples : np.ndarray, shape (count, samples), float32
    sample_rate : int
        Hz.
    pitch, decay, level : np.ndarray, shape (count,)
        Playback-rate factor, decay time constant (s), peak level.
    table : pandas.DataFrame
        Indexed by kick: the three parameters, the peak level in dBFS, and what they do to
        the sound (spectral peak in Hz; when the RMS has fallen 20 and 40 dB, in s).
    labels : list of str
        ``"kick 124: pitch ×0.90, decay 0.70 s, level 0.83"``, one per kick, for titles.
    """

    index: np.ndarray
    examples: np.ndarray
    sample_rate: int
    pitch: np.ndarray
    decay: np.ndarray
    level: np.ndarray
    table: object
    labels: list


def shown_kicks(kicks, *, count=DOCUMENT.kick_sounds):
    """The ``count`` kicks shown: the first, the last and evenly spaced between.

    Parameters
    ----------
    kicks : KickSet
    count : int
        How many (06 shows ``kicks_shown``, 003's three).

    Returns
    -------
    ShownKicks
    """
    n = len(kicks.examples)
    if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or not 1 <= count <= n:
        raise ParameterError(f"count must be an integer from 1 to {n}, got {count!r}")
    index = np.linspace(0, n - 1, count).astype(int)
    labels = [f"kick {i}: pitch ×{kicks.pitch[i]:.2f}, decay {kicks.decay[i]:.2f} s, "
              f"level {kicks.level[i]:.2f}" for i in index]
    return ShownKicks(index, kicks.examples[index], kicks.sample_rate, kicks.pitch[index],
                      kicks.decay[index], kicks.level[index], _character_frame(kicks, index),
                      labels)


def kick_variation(kicks):
    """How much the variations differ, over the whole set: minimum, median and maximum of
    their spectral peak, peak level and decay times, and how each follows the pitch factor
    and the decay time constant.

    Returns
    -------
    pandas.DataFrame
        Indexed by quantity; columns ``min``, ``median``, ``max``, ``correlation with
        pitch``, ``correlation with decay``.
    """
    import pandas as pd

    frame = _character_frame(kicks, range(len(kicks.examples)))
    rows = {}
    for name in ("peak level (dBFS)", *_CHARACTER):
        values = frame[name].to_numpy()
        rows[name] = {"min": values.min(), "median": float(np.median(values)),
                      "max": values.max(),
                      "correlation with pitch": float(np.corrcoef(values, kicks.pitch)[0, 1]),
                      "correlation with decay": float(np.corrcoef(values, kicks.decay)[0, 1])}
    return pd.DataFrame(rows).T.rename_axis("quantity")


# ------------------------------------------------------------------ measures

def kick_measures(generated, original, *, frame, sample_rate):
    """What 003 heard in a generated kick: its envelope against the original's, its noise
    (share of power above 2 kHz, spectral flatness) and its tail (RMS after the original's
    zero-padded end relative to the kick's, and whether it rises).

    Parameters
    ----------
    generated : np.ndarray, shape (n,)
        The generated audio, running at least one frame past the original's length.
    original : np.ndarray, shape (m,)
        The real kick, zero-padded to whole frames.
    frame : int
        Samples per frame.
    sample_rate : int
        Hz.

    Returns
    -------
    dict
        ``envelope correlation``, ``HF share >2 kHz`` and ``flatness`` of the generated and
        original kick, ``tail RMS / kick RMS``, ``tail rising``.
    """
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

    Parameters
    ----------
    generated : np.ndarray, shape (n,)
    original : np.ndarray, shape (m,)
        The break; ``n > m`` gives the measures after it.
    frame : int
        Samples per frame.
    sample_rate : int
        Hz.
    tolerance : float
        Seconds within which onsets match.

    Returns
    -------
    dict
        ``onset-strength correlation``, ``onset F-measure``, ``onsets (generated /
        original)``, ``flatness``, ``RMS after the break / during``, ``onsets after the
        break``.
    """
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


# ------------------------------------------------------------------ experiments

def _train(name, normalised, *, scale, seed, epochs, batch_size=1, target=None,
           learning_rate=None, progress=True):
    """One GRUV model trained on ``normalised`` frames; checkpoint ``06_<name>_<scale>_s<seed>``."""
    from dsp_paper.nn.models import gruv_lstm

    cfg = scale_config("06_lstm_generation", scale)
    model = gruv_lstm(normalised.shape[-1], hidden=cfg.hidden, layers=cfg.layers, name=name,
                      seed=seed)
    return gruv.train_next_frame(model, normalised, epochs=epochs, batch_size=batch_size,
                                 learning_rate=learning_rate or cfg.learning_rate,
                                 stop_below=target, seed=seed,
                                 checkpoint=f"06_{name}_{cfg.scale}_s{seed}",
                                 time_limit=cfg.time_limit(name), progress=progress)


def planned_work(notebook, scale):
    """What ``06_lstm_generation`` trains at ``scale``, for :mod:`dsp_paper.study.estimate`: the
    vowel once, the kicks once per seed, the break from FFT and from raw frames once per
    seed, as the experiments call :func:`_train` (at most their epochs: each stops at its
    target MSE)."""
    from dsp_paper.nn import probe
    from dsp_paper.study.settings import seeds

    cfg, frame = scale_config("06_lstm_generation", scale), scale_config("drums_003", scale)
    choir = material.choir(sample_rate=frame.sample_rate)
    z = gruv.prepare([choir.audio], frame=frame.frame_samples, representation="fft")[2]
    _train("vowel_fft", z, scale=scale, seed=0, epochs=cfg.vowel_epochs, progress=False)
    z = gruv.prepare(list(kick_set(scale).examples), frame=frame.frame_samples,
                     representation="fft")[2]
    with probe.runs(len(seeds(scale))):
        _train("kicks_fft", z, scale=scale, seed=0, epochs=cfg.kick_max_epochs,
               batch_size=cfg.kick_batch, target=cfg.kick_target_mse, progress=False)
        for rep in ("fft", "raw"):
            z = gruv.prepare([amen_clip(scale).audio], frame=frame.frame_samples,
                             representation=rep)[2]
            _train(f"amen_{rep}", z, scale=scale, seed=0, epochs=cfg.amen_max_epochs,
                   target=cfg.amen_target_mse, learning_rate=cfg.amen_learning_rate,
                   progress=False)


@dataclass
class Representation:
    """The amen break as raw chunks and packed FFT frames, and the round trip's error.

    Attributes
    ----------
    chunks, packed : np.ndarray, shape (frames, frame), float32
    round_trip_error : float
        Largest absolute difference after packing and unpacking.
    """

    chunks: np.ndarray
    packed: np.ndarray
    round_trip_error: float


def representation_check(audio, *, frame):
    """Pack ``audio``'s frames as FFT frames and back (:func:`dsp_paper.nn.gruv.fft_pack`).

    Parameters
    ----------
    audio : np.ndarray, shape (n,)
    frame : int
        Samples per frame.

    Returns
    -------
    Representation
    """
    chunks = gruv.to_chunks(audio, frame=frame)
    packed = gruv.fft_pack(chunks)
    error = float(np.max(np.abs(gruv.fft_unpack(packed) - chunks)))
    return Representation(chunks, packed, error)


@dataclass
class VowelRun:
    """003's first experiment on the choir's vowel: one model, generation taking the first
    and the last output frame.

    Attributes
    ----------
    training : dsp_paper.nn.training.TrainingResult
    original : np.ndarray, shape (n,)
        The choir.
    audio : dict of str to np.ndarray
        ``"first"`` and ``"last"``: the generated audio.
    pitfall : pandas.DataFrame
        Rows ``first``, ``last``, ``original``; frame-to-frame change and RMS.
    sample_rate : int
        Hz.
    seed : int
        The training's seed.
    """

    training: object
    original: np.ndarray
    audio: dict
    pitfall: object
    sample_rate: int
    seed: int


def vowel_experiment(scale=None, *, seed=0, progress=True):
    """Train on the choir's FFT frames and continue from its first frame, taking the
    first output frame (003's pitfall) and the last.

    Returns
    -------
    VowelRun
    """
    import pandas as pd

    cfg = scale_config("06_lstm_generation", scale)
    drums = scale_config("drums_003", scale)
    choir = material.choir(sample_rate=drums.sample_rate)
    _, norm, z = gruv.prepare([choir.audio], frame=drums.frame_samples, representation="fft")
    training = _train("vowel_fft", z, scale=cfg.scale, seed=seed, epochs=cfg.vowel_epochs,
                      progress=progress)
    frames = {take: gruv.generate(training.model, z[0, :1], cfg.vowel_frames - 1, take=take)
              for take in ("first", "last")}
    audio = {take: gruv.render(f, norm, representation="fft") for take, f in frames.items()}
    pitfall = pd.DataFrame({take: {"frame-to-frame change": gruv.frame_change(f[1:]),
                                   "RMS": float(np.sqrt(np.mean(audio[take] ** 2)))}
                            for take, f in frames.items()}).T
    pitfall.loc["original"] = [gruv.frame_change(z[0]), float(np.sqrt(np.mean(choir.audio ** 2)))]
    return VowelRun(training, choir.audio, audio, pitfall.rename_axis("frame taken"),
                    drums.sample_rate, seed)


@dataclass
class KickRun:
    """003's kicks: one model per seed, the shown kicks generated by each.

    Attributes
    ----------
    runs : dict of int to TrainingResult
        By seed.
    shown : ShownKicks
    audio : dict of (int, int) to np.ndarray
        ``(seed, kick) -> generated audio``, running ``kick_extra_frames`` past the original.
    table : pandas.DataFrame
        :func:`kick_measures` by ``(seed, kick)``.
    sample_rate : int
    """

    runs: dict
    shown: ShownKicks
    audio: dict
    table: object
    sample_rate: int

    def original(self, kick):
        """The real kick ``kick`` (its index in the set), zero-padded."""
        return self.shown.examples[list(self.shown.index).index(kick)]

    def noise(self):
        """Median share of power above 2 kHz of the shown kicks, generated and original,
        by seed (what 003 heard as "noisy")."""
        return self.table.groupby("seed")[["HF share >2 kHz, generated",
                                           "HF share >2 kHz, original"]].median()


def kick_experiment(kicks, *, scale=None, seeds=(0,), progress=True):
    """Train on every kick's FFT frames until the MSE reaches ``kick_target_mse`` (once per
    seed); generate each shown kick from its first frame, ``kick_extra_frames`` past the end.

    Parameters
    ----------
    kicks : KickSet
    scale : str, optional
    seeds : sequence of int

    Returns
    -------
    KickRun
    """
    import pandas as pd

    cfg = scale_config("06_lstm_generation", scale)
    frame = scale_config("drums_003", scale).frame_samples
    _, norm, z = gruv.prepare(list(kicks.examples), frame=frame, representation="fft")
    shown = shown_kicks(kicks, count=cfg.kicks_shown)
    runs, audio, rows = {}, {}, []
    for seed in seeds:
        runs[seed] = _train("kicks_fft", z, scale=cfg.scale, seed=seed,
                            epochs=cfg.kick_max_epochs, batch_size=cfg.kick_batch,
                            target=cfg.kick_target_mse, progress=progress)
        for i, original in zip(shown.index, shown.examples):
            grown = gruv.generate(runs[seed].model, z[i, :1],
                                  z.shape[1] + cfg.kick_extra_frames - 1)
            audio[seed, int(i)] = gruv.render(grown, norm, representation="fft")
            rows.append({"seed": seed, "kick": int(i),
                         **kick_measures(audio[seed, int(i)], original, frame=frame,
                                         sample_rate=kicks.sample_rate)})
    return KickRun(runs, shown, audio, pd.DataFrame(rows).set_index(["seed", "kick"]),
                   kicks.sample_rate)


# How each generated break is rendered: its model's representation, and whether the mean and
# variance are added back; 003's names for the first two figures.
RENDERS = {"FFT frames": ("fft", True), "raw frames": ("raw", True),
           "raw frames, mean and variance not added back": ("raw", False)}
_FIGURE = {"FFT frames": "gen2", "raw frames": "gen3"}
_PLAIN = "raw frames, mean and variance not added back"
_REP_NAME = {"fft": "FFT", "raw": "raw"}


@dataclass
class AmenRun:
    """003's amen break: an FFT-frame and a raw-frame model per seed, three renders.

    Attributes
    ----------
    original : np.ndarray, shape (n,)
        The trimmed break.
    runs : dict of (str, int) to TrainingResult
        ``(representation, seed)``.
    audio : dict of (str, int) to np.ndarray
        ``(render, seed)`` (a key of :data:`RENDERS`) -> generated audio.
    table : pandas.DataFrame
        Training MSE and :func:`break_measures` by ``(render, seed)``.
    sample_rate, frame : int
    """

    original: np.ndarray
    runs: dict
    audio: dict
    table: object
    sample_rate: int
    frame: int

    def column(self, render, key):
        """``key`` of the table for ``render``, one value per seed, in seed order."""
        return [self.table.loc[(render, s), key] for s in sorted({s for _, s in self.runs})]


def amen_experiment(amen, *, scale=None, seeds=(0,), progress=True):
    """Train one model per representation and seed on the break until the MSE reaches
    ``amen_target_mse``, generate ``amen_generate_frames`` from its first frame, and render
    and measure each of :data:`RENDERS`.

    Parameters
    ----------
    amen : dsp_paper.material.Material
        :func:`amen_clip`.
    scale : str, optional
    seeds : sequence of int

    Returns
    -------
    AmenRun
    """
    import pandas as pd

    cfg = scale_config("06_lstm_generation", scale)
    frame = scale_config("drums_003", scale).frame_samples
    runs, audio, rows = {}, {}, {}
    for seed in seeds:
        generated = {}
        for rep in ("fft", "raw"):
            _, norm, z = gruv.prepare([amen.audio], frame=frame, representation=rep)
            runs[rep, seed] = _train(f"amen_{rep}", z, scale=cfg.scale, seed=seed,
                                     epochs=cfg.amen_max_epochs, target=cfg.amen_target_mse,
                                     learning_rate=cfg.amen_learning_rate, progress=progress)
            generated[rep] = (gruv.generate(runs[rep, seed].model, z[0, :1],
                                            cfg.amen_generate_frames - 1), norm)
        for label, (rep, denormalise) in RENDERS.items():
            frames, norm = generated[rep]
            audio[label, seed] = gruv.render(frames, norm, representation=rep,
                                             denormalise=denormalise)
            rows[label, seed] = {"training MSE": runs[rep, seed].log.loss[-1],
                                 **break_measures(audio[label, seed], amen.audio, frame=frame,
                                                  sample_rate=amen.sample_rate,
                                                  tolerance=cfg.onset_tolerance)}
    table = pd.DataFrame(rows).T.rename_axis(["render", "seed"])
    return AmenRun(amen.audio, runs, audio, table, amen.sample_rate, frame)


# ------------------------------------------------------------------ record and tables

def claims_record(representation, kicks, amen, *, seeds):
    """The quantities the C3.* rules read, one value per seed.

    Parameters
    ----------
    representation : Representation
    kicks : KickRun
    amen : AmenRun
    seeds : sequence of int

    Returns
    -------
    dict
    """
    return {"seeds": list(seeds), "fft_round_trip_error": representation.round_trip_error,
            "raw_onset_f": amen.column("raw frames", "onset F-measure"),
            "fft_onset_f": amen.column("FFT frames", "onset F-measure"),
            "raw_onset_corr": amen.column("raw frames", "onset-strength correlation"),
            "fft_onset_corr": amen.column("FFT frames", "onset-strength correlation"),
            "kick_tail_rms_ratio": [float(kicks.table.loc[s, "tail RMS / kick RMS"].median())
                                    for s in seeds],
            "plain_onset_f": amen.column(_PLAIN, "onset F-measure"),
            "plain_after_over_during_rms": amen.column(_PLAIN, "RMS after the break / during"),
            "plain_onsets_after": amen.column(_PLAIN, "onsets after the break")}


def _mean(values):
    return float(np.mean(list(values)))


def paper_vs_ours(kicks, amen):
    """The training MSE 003 stopped at beside ours (mean over seeds, with the epochs).

    Returns
    -------
    pandas.DataFrame
        :func:`dsp_paper.study.report.paper_vs_ours`'s layout.
    """
    from dsp_paper.study.report import paper_vs_ours as table

    def row(quantity, paper, runs):
        runs = list(runs)
        return (quantity, paper, float(f"{_mean(r.log.loss[-1] for r in runs):.3g}"),
                f"mean of {len(runs)} seeds, "
                f"{_mean(len(r.log.epoch) for r in runs):.0f} epochs on average")

    return table([row("kicks: training MSE when stopped", DOCUMENT.kick_target_mse,
                      kicks.runs.values()),
                  *[row(f"amen, {rep}: training MSE when stopped", DOCUMENT.amen_target_mse,
                        [r for (p, _), r in amen.runs.items() if p == rep])
                    for rep in ("fft", "raw")]])


def _trainings(vowel, kicks, amen):
    return ([("vowel, FFT frames", vowel.seed, vowel.training)]
            + [("kicks, FFT frames", s, r) for s, r in kicks.runs.items()]
            + [(f"amen, {_REP_NAME[rep]} frames", s, r) for (rep, s), r in amen.runs.items()])


def training_table(vowel, kicks, amen):
    """Every training: epochs run, the MSE it stopped at, the document's target, seconds.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(model, seed)``.
    """
    import pandas as pd

    targets = {"kicks": DOCUMENT.kick_target_mse, "amen": DOCUMENT.amen_target_mse}
    rows = []
    for name, seed, run in _trainings(vowel, kicks, amen):
        rows.append({"model": name, "seed": seed,
                     "epochs": len(run.log.epoch), "training MSE": run.log.loss[-1],
                     "document's target MSE": targets.get(name.split(",")[0], float("nan")),
                     "seconds": run.log.seconds[-1]})
    return pd.DataFrame(rows).set_index(["model", "seed"])


def results(representation, vowel, kicks, amen, record):
    """Everything ``results.json`` keeps: the round trip, the pitfall, every training, the
    kick and break tables and the claims record.

    Returns
    -------
    dict
    """
    return {"round_trip_error": representation.round_trip_error,
            "pitfall": vowel.pitfall.to_dict(),
            "training": training_table(vowel, kicks, amen)
            .reset_index().to_dict(orient="records"),
            "kicks": kicks.table.reset_index().to_dict(orient="records"),
            "kicks_shown": kicks.shown.table.reset_index().to_dict(orient="records"),
            "amen": amen.table.reset_index().to_dict(orient="records"), "record": record}


# ------------------------------------------------------------------ figures

def _subplots(nrows, ncols=1, **kwargs):
    import matplotlib.pyplot as plt

    return plt.subplots(nrows, ncols, squeeze=False, **kwargs)


def representation_figure(representation, *, sample_rate, frame_index=10):
    """One frame as raw samples and as its packed FFT (real parts, then imaginary parts).

    Parameters
    ----------
    representation : Representation
    sample_rate : int
        Hz.
    frame_index : int

    Returns
    -------
    matplotlib.figure.Figure
    """
    chunk = representation.chunks[frame_index]
    packed = representation.packed[frame_index]
    n = chunk.size
    half = n // 2
    fig, axes = _subplots(1, 2, figsize=(12, 3.4))
    ax_t, ax_f = axes[0]
    ax_t.plot(np.arange(n) / sample_rate * 1000, chunk, lw=0.7, color="k")
    ax_t.set(xlabel=f"time in the frame (ms; {n} samples at {sample_rate} Hz)",
             ylabel="amplitude (full scale = 1)", title=f"frame {frame_index}: raw samples")
    hz = np.fft.rfftfreq(n, 1 / sample_rate)
    ax_f.plot(np.arange(half + 1), packed[:half + 1], lw=0.7, color="C0",
              label=f"real parts, bins 0–{half}")
    ax_f.plot(np.arange(half + 1, n), packed[half + 1:], lw=0.7, color="C1",
              label=f"imaginary parts, bins 1–{half - 1}")
    ax_f.axvline(half + 0.5, color="k", ls=":", lw=1)
    ax_f.set(xlabel=f"value index in the packed frame (bin k is {hz[1]:.1f}·k Hz)",
             ylabel="FFT value (linear, unnormalised)",
             title=f"the same frame packed: {n} values, nothing lost")
    ax_f.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False)
    fig.tight_layout()
    return fig


def vowel_figure(vowel):
    """003's Fig. gen1: the choir and the two generations, on one amplitude scale.

    Parameters
    ----------
    vowel : VowelRun

    Returns
    -------
    matplotlib.figure.Figure
    """
    traces = [("original choir (training audio)", vowel.original, "k"),
              ("generated, first output frame taken (003's pitfall)", vowel.audio["first"], "C3"),
              ("generated, last output frame taken", vowel.audio["last"], "C0")]
    peak = max(float(np.max(np.abs(a))) for _, a, _ in traces) * 1.05 or 1.0
    fig, axes = _subplots(3, 1, figsize=(12, 6.4), sharex=True, sharey=True)
    for ax, (label, audio, colour) in zip(axes[:, 0], traces):
        ax.plot(np.arange(audio.size) / vowel.sample_rate, audio, lw=0.4, color=colour)
        ax.set_title(label, fontsize=10, loc="left")
        ax.set(ylabel="amplitude", ylim=(-peak, peak))
    axes[-1, 0].set_xlabel("time (s)")
    fig.suptitle("one vowel: the frame that never changes (003's Fig. gen1); "
                 "one amplitude scale for all three")
    fig.tight_layout()
    return fig


def kicks_figure(kicks, *, seed):
    """Each shown kick, original and generated: waveform with the tail, and spectrum.

    Parameters
    ----------
    kicks : KickRun
    seed : int
        Whose generation is drawn.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from dsp_paper.plotting import welch_db

    sr = kicks.sample_rate
    shown = kicks.shown
    peak = max(max(float(np.max(np.abs(kicks.audio[seed, int(i)]))) for i in shown.index),
               float(np.max(np.abs(shown.examples)))) * 1.05
    fig, axes = _subplots(len(shown.index), 2, figsize=(13, 2.5 * len(shown.index) + 0.8),
                          sharex="col", gridspec_kw=dict(width_ratios=(1.6, 1)))
    for row, (i, original, label) in enumerate(zip(shown.index, shown.examples, shown.labels)):
        generated = kicks.audio[seed, int(i)]
        ax_t, ax_f = axes[row]
        ax_t.plot(np.arange(generated.size) / sr, generated, lw=0.5, color="C0",
                  label="generated")
        ax_t.plot(np.arange(original.size) / sr, original, lw=0.5, color="C1", alpha=0.8,
                  label="original")
        ax_t.axvline(original.size / sr, color="k", ls=":", lw=1,
                     label="end of the zero-padded original")
        ax_t.set(ylabel="amplitude", ylim=(-peak, peak))
        ax_t.set_title(label, fontsize=10, loc="left")
        for name, x, colour in (("generated", generated[:original.size], "C0"),
                                ("original", original, "C1")):
            f, db = welch_db(x, sr)
            ax_f.semilogx(f[1:], db[1:], lw=0.8, color=colour)
        ax_f.set(ylabel="power (dB/Hz)")
        ax_f.set_title("spectrum (Welch) over the original's length", fontsize=10, loc="left")
        ax_f.grid(True, which="both", alpha=0.3)
    axes[-1, 0].set_xlabel("time (s)")
    axes[-1, 1].set_xlabel("frequency (Hz)")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.suptitle(f"generated kicks (seed {seed}): envelope, noise, and the tail", y=1.0)
    fig.legend(handles, labels, loc="upper center", ncol=3, bbox_to_anchor=(0.5, 0.975),
               frameon=False, fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.94))
    return fig


def amen_figure(amen, *, seed):
    """003's Figs. gen2 and gen3 and the render without mean and variance, beside the
    original, on one common amplitude scale, with the original's onsets.

    Every trace shares the y axis (no per-trace scaling), so a render that is louder or
    quieter than the original shows as such. Red lines: the original's onsets (librosa),
    repeated through every trace and in a strip on top; green triangles: each trace's own
    onsets;
    dotted: the end of the training frames.

    Parameters
    ----------
    amen : AmenRun
    seed : int

    Returns
    -------
    matplotlib.figure.Figure
    """
    import librosa
    from matplotlib.lines import Line2D

    sr = amen.sample_rate
    traces = [("original (the training audio)", amen.original, "k")] + [
        (f"generated from {label}" + (f" (003's Fig. {_FIGURE[label]})" if label in _FIGURE
                                      else " (so in the model's normalised units)"),
         amen.audio[label, seed], "C0")
        for label in RENDERS]
    onsets = librosa.onset.onset_detect(y=amen.original.astype(np.float32), sr=sr,
                                        units="time")
    peak = max(float(np.max(np.abs(a))) for _, a, _ in traces) * 1.1 or 1.0
    end = amen.original.size / sr
    fig, axes = _subplots(len(traces) + 1, 1, figsize=(13, 9.2), sharex=True,
                          gridspec_kw=dict(height_ratios=[0.35] + [1] * len(traces)))
    rug = axes[0, 0]
    rug.vlines(onsets, 0, 1, color="C3", lw=1.6)
    rug.set(yticks=[], ylim=(0, 1))
    rug.set_title("the original's onsets (librosa)", fontsize=10, loc="left")
    for ax, (label, audio, colour) in zip(axes[1:, 0], traces):
        ax.plot(np.arange(audio.size) / sr, audio, lw=0.3, color=colour)
        ax.vlines(onsets, -peak, peak, color="C3", lw=1.0, alpha=0.45, zorder=3)
        own = librosa.onset.onset_detect(y=np.asarray(audio, np.float32), sr=sr, units="time")
        ax.plot(own, np.full(own.size, 0.93 * peak), "v", color="C2", ms=5, zorder=4)
        ax.axvline(end, color="k", ls=":", lw=1.2)
        ax.set(ylabel="amplitude", ylim=(-peak, peak))
        ax.set_title(f"{label}, seed {seed}" if colour != "k" else label, fontsize=10,
                     loc="left")
    axes[-1, 0].set_xlabel("time (s)")
    legend = [Line2D([], [], color="C3", lw=1.2, alpha=0.6, label="the original's onsets"),
              Line2D([], [], color="C2", marker="v", ls="", label="this trace's onsets"),
              Line2D([], [], color="k", ls=":", label="end of the training frames")]
    fig.suptitle("the amen break generated from its first frame, one amplitude scale for "
                 "every trace", y=1.0)
    fig.legend(handles=legend, loc="upper center", ncol=3, bbox_to_anchor=(0.5, 0.975),
               frameon=False, fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return fig


# ------------------------------------------------------------------ clips

def _players(clips, sample_rate, heading, what, seconds):
    return dict(clips=clips, sample_rate=sample_rate, heading=heading, what=what,
                seconds=seconds)


def vowel_clips(vowel, *, seconds=3.0):
    """The choir and 003's gen1 (both generations), as ``nb.players`` keywords.

    Returns
    -------
    dict
        ``clips``, ``sample_rate``, ``heading``, ``what``, ``seconds``.
    """
    clips = {"choir (training audio)": vowel.original,
             "gen1: first output frame taken (pitfall)": vowel.audio["first"],
             "gen1: last output frame taken": vowel.audio["last"]}
    what = {"choir (training audio)": "Sonic Pi's ambi_choir: a choir holding one vowel",
            "gen1: first output frame taken (pitfall)":
                "generated from the first frame, taking the first output frame every time: "
                "one frame repeated",
            "gen1: last output frame taken": "generated from the first frame, taking the "
                                             "last output frame"}
    return _players(clips, vowel.sample_rate, "one vowel (gen1)", what, seconds)


def kick_clips(kicks, *, seed, seconds=3.0):
    """Each shown kick, original and generated by seed ``seed``, as ``nb.players`` keywords.

    Returns
    -------
    dict
    """
    clips, what = {}, {}
    for i, original, label in zip(kicks.shown.index, kicks.shown.examples, kicks.shown.labels):
        clips[f"kick {i}, original"] = original
        clips[f"kick {i}, generated"] = kicks.audio[seed, int(i)]
        what[f"kick {i}, original"] = label
        what[f"kick {i}, generated"] = (f"generated by seed {seed} from the first frame of "
                                        f"kick {i}, running past its padded end")
    return _players(clips, kicks.sample_rate,
                    "808 kicks (headphones: a lot of low end)", what, seconds)


def amen_clips(amen, *, seed, seconds=3.0):
    """The break and 003's gen2 (FFT frames) and gen3 (raw frames), as ``nb.players``
    keywords.

    Returns
    -------
    dict
    """
    clips = {"original break (training audio)": amen.original,
             **{f"{_FIGURE[label]}: {label}": amen.audio[label, seed] for label in _FIGURE}}
    what = {f"{_FIGURE[label]}: {label}": f"seed {seed}, generated from the break's first "
                                           f"frame" for label in _FIGURE}
    return _players(clips, amen.sample_rate, f"amen break (seed {seed})", what, seconds)


def tail_clips(amen, *, seed, seconds=6.0):
    """003's last experiment, the raw-frame generation without mean and variance, long
    enough to hear what follows the break, as ``nb.players`` keywords.

    Returns
    -------
    dict
    """
    title = f"{_PLAIN}, past the break's end"
    return _players({title: amen.audio[_PLAIN, seed]}, amen.sample_rate,
                    f"amen break without mean and variance (seed {seed})",
                    {title: f"seed {seed}; the break ends at "
                            f"{amen.original.size / amen.sample_rate:.2f} s"}, seconds)


# ------------------------------------------------------------------ what differs, what it means

def differences(kicks, amen, *, scale=None, seeds=(0,)):
    """What differs from 003: material, sample rate, model sizes, epochs, optimiser, data.

    Parameters
    ----------
    kicks : KickRun
    amen : AmenRun
    scale : str, optional
    seeds : sequence of int

    Returns
    -------
    list of (str, str, str)
        ``(aspect, the document, this run)`` for ``nb.differences``.
    """
    from dsp_paper.study.notebook import backend_description

    cfg = scale_config("06_lstm_generation", scale)
    drums = scale_config("drums_003", scale)
    choir = material.choir(sample_rate=drums.sample_rate)
    kick = material.kick_808(sample_rate=drums.sample_rate)
    amen_source = material.amen_break(sample_rate=drums.sample_rate)
    unstated = "not stated"
    kick_epochs = _mean(len(r.log.epoch) for r in kicks.runs.values())
    amen_epochs = {rep: _mean(len(r.log.epoch) for (p, _), r in amen.runs.items() if p == rep)
                   for rep in ("fft", "raw")}
    return [
        ("vowel material", f"{DOCUMENT.vowel_material} ({DOCUMENT.vowels} vowels)",
         f"{choir.description}; {choir.source}"),
        ("kick material", DOCUMENT.kick_material,
         f"{drums.kick_count} variations of one recorded 808 kick (pitch ×{drums.pitch_range[0]}"
         f"–{drums.pitch_range[1]}, decay time constant {drums.decay_range[0]}–"
         f"{drums.decay_range[1]} s, level {drums.level_range[0]}–{drums.level_range[1]}), "
         f"zero-padded to {drums.kick_frames} frames; {kick.source}"),
        ("amen material", f"{DOCUMENT.amen_material}, trimmed to {DOCUMENT.amen_frames} frames "
                          f"of {DOCUMENT.frame_samples}",
         f"{amen_source.description}, first {drums.amen_frames} frames of "
         f"{drums.frame_samples}, mono; {amen_source.source}"),
        ("sample rate", DOCUMENT.sample_rate or unstated, f"{drums.sample_rate} Hz"),
        ("frame", f"{DOCUMENT.frame_samples} samples", f"{drums.frame_samples} samples"),
        ("LSTM width", DOCUMENT.lstm_width, f"{cfg.hidden}"),
        ("LSTM layers", DOCUMENT.lstm_layers, f"{cfg.layers}"),
        ("training length",
         f"until the MSE fell below ~{DOCUMENT.kick_target_mse} (kicks), to "
         f"~{DOCUMENT.amen_target_mse} (amen); epochs {DOCUMENT.epochs or unstated}",
         f"vowel {cfg.vowel_epochs} epochs; kicks until MSE ≤ {cfg.kick_target_mse} "
         f"(at most {cfg.kick_max_epochs}; {kick_epochs:.0f} on average); amen until MSE ≤ "
         f"{cfg.amen_target_mse} (at most {cfg.amen_max_epochs}; FFT {amen_epochs['fft']:.0f}, "
         f"raw {amen_epochs['raw']:.0f} on average)"),
        ("optimiser", DOCUMENT.optimiser or unstated,
         f"Adam, learning rate {cfg.learning_rate} (vowel, kicks), {cfg.amen_learning_rate} "
         f"(amen); MSE loss"),
        ("batch size", DOCUMENT.batch_size or unstated,
         f"kicks {cfg.kick_batch}; vowel and amen 1 (one sequence)"),
        ("training sequences", f"1 vowel recording; ~{DOCUMENT.kick_count} kicks; 1 amen break",
         f"1 vowel recording; {drums.kick_count} kicks; 1 amen break"),
        ("generated", f"{DOCUMENT.kick_sounds} kicks played; the breaks drawn",
         f"{cfg.kicks_shown} kicks, {cfg.kick_extra_frames} frames past the padded end; "
         f"vowel {cfg.vowel_frames} frames; breaks {cfg.amen_generate_frames} frames"),
        ("runs", "one", f"one per seed: {', '.join(map(str, seeds))}"),
        ("toolkit", DOCUMENT.toolkit, backend_description()),
    ]


def _verdict_phrase(verdict):
    from dsp_paper.study.verdicts import INCONCLUSIVE, NOT_SUPPORTED, SUPPORTED

    return {SUPPORTED: "*supported*", NOT_SUPPORTED: "*not supported*",
            INCONCLUSIVE: "*inconclusive* at this scale"}.get(verdict, f"*{verdict}*")


def _spread(values):
    values = np.asarray(values, float)
    if values.size == 1:
        return f"{values[0]:.3g}"
    return f"{values.mean():.3g} [{values.min():.3g}–{values.max():.3g}]"


def _kick_variation_text(v):
    """The closing text's sentence on how different the kick variations are."""
    peak, level = v.loc["spectral peak (Hz)"], v.loc["peak level (dBFS)"]
    t20, t40 = v.loc["falls 20 dB by (s)"], v.loc["falls 40 dB by (s)"]
    semitones = 12 * np.log2(peak["max"] / peak["min"])
    level_db = level["max"] - level["min"]
    audible = [what for what, ok in (("pitch", semitones >= 1.0), ("loudness", level_db >= 3.0))
               if ok]
    how = (f"so the variations differ audibly in {' and '.join(audible)}" if audible else
           "so the variations are near-copies of one another in pitch and loudness")
    body = ("the body's length follows the pitch factor more than the decay setting, which "
            "shows mostly in the quiet end"
            if abs(t20["correlation with pitch"]) > abs(t20["correlation with decay"]) else
            "the decay setting shortens the body itself")
    return (f"- **The kick variations.** The spectral peak runs from {peak['min']:.0f} to "
            f"{peak['max']:.0f} Hz ({semitones:.1f} semitones) and the peak levels span "
            f"{level_db:.1f} dB, {how}. The kicks fall 20 dB within {t20['min']:.3f}–"
            f"{t20['max']:.3f} s (correlation {t20['correlation with pitch']:.2f} with the pitch "
            f"factor, {t20['correlation with decay']:.2f} with the decay setting) and 40 dB within "
            f"{t40['min']:.2f}–{t40['max']:.2f} s (correlation "
            f"{t40['correlation with decay']:.2f} with the decay setting): {body}. They are "
            f"variations of one recorded kick, where 003 had {DOCUMENT.kick_material}.")


def what_it_means(representation, vowel, kicks, amen, claims, *, variation, scale=None):
    """The closing text, written from the run's numbers and the verdicts.

    Parameters
    ----------
    representation : Representation
    vowel : VowelRun
    kicks : KickRun
    amen : AmenRun
    claims : pandas.DataFrame
        ``nb.judge(record)``: indexed by sub-claim id, with ``verdict`` and ``why this
        verdict``.
    variation : pandas.DataFrame
        :func:`kick_variation` of the kick set.
    scale : str, optional

    Returns
    -------
    str
        Markdown.
    """
    cfg = scale_config("06_lstm_generation", scale)
    verdict = {i: _verdict_phrase(v) for i, v in claims["verdict"].items()}
    why = claims["why this verdict"].to_dict()
    p = vowel.pitfall["frame-to-frame change"]
    noise = kicks.noise()
    tail = [float(kicks.table.loc[s, "tail RMS / kick RMS"].median()) for s in kicks.runs]
    rising = float(kicks.table["tail rising"].mean())
    seeds = sorted(kicks.runs)
    f = {label: amen.column(label, "onset F-measure") for label in RENDERS}
    corr = {label: amen.column(label, "onset-strength correlation") for label in RENDERS}
    after = amen.column(_PLAIN, "RMS after the break / during")
    back = amen.column(_PLAIN, "onsets after the break")
    v = variation
    lines = [
        "## What it means",
        "",
        f"*Scale {cfg.scale}, seeds {', '.join(map(str, seeds))}; numbers are mean [min–max] "
        f"over the seeds.*",
        "",
        f"- **The representation.** Packing the FFT's real and imaginary parts into "
        f"{representation.packed.shape[1]} values per frame loses nothing: the round trip's "
        f"largest error is {representation.round_trip_error:.2g}.",
        f"- **The pitfall (gen1).** Taking the first output frame gives a frame-to-frame "
        f"change of {p['first']:.3g}, against {p['last']:.3g} taking the last and "
        f"{p['original']:.3g} in the choir: "
        + ("one frame repeated, as 003 found." if p["first"] == 0 else
           "the frames still change, unlike 003's finding.")
        + " One seed; no claim rests on it.",
        _kick_variation_text(v),
        f"- **Kicks: the tail (C3.3a)** — {verdict['C3.3a']}: {why['C3.3a']}. After the padded "
        f"end the generated kicks keep {_spread(tail)} of their RMS (median over the kicks "
        f"shown), and the tail rises in {rising:.0%} of them. The noise 003 heard: the share of "
        f"power above 2 kHz is {_spread(noise.iloc[:, 0])} generated against "
        f"{_spread(noise.iloc[:, 1])} in the originals"
        + (", noisier, as 003 heard." if (noise.iloc[:, 0] > noise.iloc[:, 1]).all() else
           ", not consistently noisier than the originals.")
        + " No claim rests on the noise.",
        f"- **FFT against raw frames (C3.1)** — {verdict['C3.1']}: {why['C3.1']}. Onset "
        f"F-measure {_spread(f['raw frames'])} from raw frames against "
        f"{_spread(f['FFT frames'])} from FFT frames; onset-strength correlation "
        f"{_spread(corr['raw frames'])} against {_spread(corr['FFT frames'])}.",
        f"- **The raw-frame model recreates the break (C3.2)** — {verdict['C3.2']}: "
        f"{why['C3.2']}.",
        f"- **Without mean and variance (C3.3b)** — {verdict['C3.3b']}: {why['C3.3b']}. Onset "
        f"F-measure {_spread(f[_PLAIN])} over the break; after it the RMS is {_spread(after)} "
        f"of the break's, with {_spread(back)} onsets coming back.",
    ]
    undecided = [i for i, v_ in claims["verdict"].items() if "inconclusive" in v_]
    if undecided:
        lines += ["", f"Undecided here: {', '.join(undecided)}. "
                      + ("This scale cannot decide them; run at quick or paper."
                         if cfg.scale == "smoke" else
                         "The seeds disagree or a margin lies inside their spread; more seeds "
                         "or the paper scale's wider LSTMs would settle them.")]
    return "\n".join(lines) + "\n"


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
