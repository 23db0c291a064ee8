"""003's five experiments: the representation's round trip (:func:`representation_check`), the
pitfall of the first frame on a vowel (:func:`vowel_experiment`), the kicks
(:func:`kick_experiment`), and the amen break in FFT and raw frames, and without the mean and
variance (:func:`amen_experiment`); what 003 heard and saw, measured (:func:`kick_measures`,
:func:`break_measures`). The frame representation and generation are the toolkit's
:mod:`dsp_paper.nn.gruv`."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dsp_paper import material
from dsp_paper.errors import ParameterError
from dsp_paper.metrics import (frame_rms, high_frequency_share, onset_alignment, onsets_after,
                               spectral_flatness)
from dsp_paper.nn import gruv
from dsp_paper.nn.probe import Probe
from dsp_paper.nn.training import TrainingResult
from dsp_paper.studies import scale_config
from dsp_paper.studies.lstm_generation.data import KickSet, ShownKicks, shown_kicks

__all__ = ["kick_measures", "onset_f_measure", "onset_f_by_chance", "CHANCE_DRAWS",
           "break_measures", "train", "Representation",
           "representation_check", "VowelRun", "vowel_experiment", "KickRun", "kick_experiment",
           "RENDERS", "FIGURE", "PLAIN", "AmenRun", "amen_experiment"]


def kick_measures(generated: np.ndarray, original: np.ndarray, *, frame: int,
                  sample_rate: int) -> dict:
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


def onset_f_measure(estimated: np.ndarray, reference: np.ndarray, *,
                    tolerance: float = 0.05) -> float:
    """Onset F-measure of ``estimated`` onset times against ``reference`` ones (seconds),
    matched one to one within ``tolerance``, each reference onset to the nearest unused
    estimate (as :func:`dsp_paper.metrics.onset_alignment` scores them).

    Examples
    --------
    >>> onset_f_measure(np.array([0.0, 1.02, 3.0]), np.array([0.01, 1.0, 2.0]))
    0.6666666666666666
    """
    used, hits = set(), 0
    for r in reference:
        candidates = [i for i, e in enumerate(estimated)
                      if i not in used and abs(e - r) <= tolerance]
        if candidates:
            used.add(min(candidates, key=lambda i: abs(estimated[i] - r)))
            hits += 1
    if not hits:
        return 0.0
    precision, recall = hits / len(estimated), hits / len(reference)
    return 2 * precision * recall / (precision + recall)


# Random shifts over which the chance onset F-measure is averaged.
CHANCE_DRAWS = 500


def onset_f_by_chance(estimated: np.ndarray, reference: np.ndarray, *, duration: float,
                      tolerance: float = 0.05, draws: int = CHANCE_DRAWS,
                      seed: int = 0) -> float:
    """The onset F-measure ``estimated`` scores by chance: its onsets shifted together,
    circularly over ``duration`` seconds, by a random time (uniform, ``draws`` times,
    seeded), each shifted set scored against ``reference`` by :func:`onset_f_measure`; the
    mean. The shift keeps the generated onsets' number and rhythm and removes only their
    alignment with the original: at the amen break's density, with 50 ms either side,
    onsets placed anywhere match about half the time.

    Parameters
    ----------
    estimated, reference : np.ndarray
        Onset times in seconds, within ``[0, duration)``.
    duration : float
        Seconds the onsets are shifted around.
    tolerance : float
    draws : int
    seed : int

    Returns
    -------
    float

    Examples
    --------
    >>> grid = np.arange(0, 10, 0.5)  # a steady beat: a shifted copy lines up 20 % of the time
    >>> round(onset_f_by_chance(grid, grid, duration=10.0, draws=4000), 1)
    0.2
    """
    if draws < 1:
        raise ParameterError(f"draws must be at least 1, got {draws!r}")
    estimated = np.asarray(estimated, np.float64)
    if estimated.size == 0:
        return 0.0
    shifts = np.random.default_rng(seed).uniform(0.0, duration, draws)
    return float(np.mean([onset_f_measure(np.sort((estimated + d) % duration), reference,
                                          tolerance=tolerance) for d in shifts]))


def _onset_times(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    """Onset times (s) as :func:`dsp_paper.metrics.onset_alignment` detects them."""
    import librosa  # heavy: librosa

    return librosa.onset.onset_detect(y=np.asarray(audio, np.float32), sr=sample_rate,
                                      units="time")


def break_measures(generated: np.ndarray, original: np.ndarray, *, frame: int, sample_rate: int,
                   tolerance: float = 0.05, seed: int = 0) -> dict:
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
    seed : int
        Seeds the random shifts of the chance F-measure (:func:`onset_f_by_chance`).

    Returns
    -------
    dict
        ``onset-strength correlation``, ``onset F-measure``, ``onset F-measure by chance``,
        ``onsets (generated / original)``, ``flatness``, ``RMS after the break / during``,
        ``onsets after the break``.
    """
    n = original.size
    onsets = onset_alignment(generated[:n], original, sample_rate=sample_rate,
                             tolerance=tolerance)
    chance = onset_f_by_chance(_onset_times(generated[:n], sample_rate),
                               _onset_times(original, sample_rate), duration=n / sample_rate,
                               tolerance=tolerance, seed=seed)
    rms = frame_rms(generated, frame=frame)
    frames = n // frame
    return {"onset-strength correlation": onsets["correlation"],
            "onset F-measure": onsets["f_measure"],
            "onset F-measure by chance": chance,
            "onsets (generated / original)": f"{onsets['onsets_generated']} / {onsets['onsets_original']}",
            "flatness": spectral_flatness(generated[:n]),
            "RMS after the break / during": float(rms[frames:].mean() / rms[:frames].mean())
            if generated.size > n else float("nan"),
            "onsets after the break": onsets_after(generated, start=n, sample_rate=sample_rate)
            if generated.size > n else 0}


# ------------------------------------------------------------------ experiments

def train(name: str, normalised: np.ndarray, *, scale: str | None, seed: int, epochs: int,
          batch_size: int = 1, target: float | None = None,
          learning_rate: float | None = None, progress: bool = True,
          probe: Probe | None = None) -> TrainingResult:
    """One GRUV model trained on ``normalised`` frames; checkpoint ``06_<name>_<scale>_s<seed>``."""
    from dsp_paper.nn.models import gruv_lstm  # heavy: imports Keras

    cfg = scale_config("06_lstm_generation", scale)
    model = gruv_lstm(normalised.shape[-1], hidden=cfg.hidden, layers=cfg.layers, name=name,
                      seed=seed)
    return gruv.train_next_frame(model, normalised, epochs=epochs, batch_size=batch_size,
                                 learning_rate=learning_rate or cfg.learning_rate,
                                 stop_below=target, seed=seed,
                                 checkpoint=f"06_{name}_{cfg.scale}_s{seed}",
                                 time_limit=cfg.time_limit(name), progress=progress, probe=probe)


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


def representation_check(audio: np.ndarray, *, frame: int) -> Representation:
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


def vowel_experiment(scale: str | None = None, *, seed: int = 0,
                     progress: bool = True) -> VowelRun:
    """Train on the choir's FFT frames and continue from its first frame, taking the
    first output frame (003's pitfall) and the last.

    Returns
    -------
    VowelRun
    """
    cfg = scale_config("06_lstm_generation", scale)
    drums = scale_config("drums_003", scale)
    choir = material.choir(sample_rate=drums.sample_rate)
    _, norm, z = gruv.prepare([choir.audio], frame=drums.frame_samples, representation="fft")
    training = train("vowel_fft", z, scale=cfg.scale, seed=seed, epochs=cfg.vowel_epochs,
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

    def original(self, kick: int) -> np.ndarray:
        """The real kick ``kick`` (its index in the set), zero-padded."""
        return self.shown.examples[list(self.shown.index).index(kick)]

    def noise(self) -> pd.DataFrame:
        """Median share of power above 2 kHz of the shown kicks, generated and original,
        by seed (what 003 heard as "noisy")."""
        return self.table.groupby("seed")[["HF share >2 kHz, generated",
                                           "HF share >2 kHz, original"]].median()


def kick_experiment(kicks: KickSet, *, scale: str | None = None, seeds: Sequence[int] = (0,),
                    progress: bool = True) -> KickRun:
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
    cfg = scale_config("06_lstm_generation", scale)
    frame = scale_config("drums_003", scale).frame_samples
    _, norm, z = gruv.prepare(list(kicks.examples), frame=frame, representation="fft")
    shown = shown_kicks(kicks, count=cfg.kicks_shown)
    runs, audio, rows = {}, {}, []
    for seed in seeds:
        runs[seed] = train("kicks_fft", z, scale=cfg.scale, seed=seed,
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
FIGURE = {"FFT frames": "gen2", "raw frames": "gen3"}
PLAIN = "raw frames, mean and variance not added back"


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

    def column(self, render: str, key: str) -> list:
        """``key`` of the table for ``render``, one value per seed, in seed order."""
        return [self.table.loc[(render, s), key] for s in sorted({s for _, s in self.runs})]


def amen_experiment(amen: material.Material, *, scale: str | None = None,
                    seeds: Sequence[int] = (0,), progress: bool = True) -> AmenRun:
    """Train one model per representation and seed on the break until the MSE reaches
    ``amen_target_mse``, generate ``amen_generate_frames`` from its first frame, and render
    and measure each of :data:`RENDERS`.

    Parameters
    ----------
    amen : dsp_paper.material.Material
        :func:`~dsp_paper.studies.lstm_generation.data.amen_clip`.
    scale : str, optional
    seeds : sequence of int

    Returns
    -------
    AmenRun
    """
    cfg = scale_config("06_lstm_generation", scale)
    frame = scale_config("drums_003", scale).frame_samples
    runs, audio, rows = {}, {}, {}
    for seed in seeds:
        generated = {}
        for rep in ("fft", "raw"):
            _, norm, z = gruv.prepare([amen.audio], frame=frame, representation=rep)
            runs[rep, seed] = train(f"amen_{rep}", z, scale=cfg.scale, seed=seed,
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
                                                  tolerance=cfg.onset_tolerance, seed=seed)}
    table = pd.DataFrame(rows).T.rename_axis(["render", "seed"])
    return AmenRun(amen.audio, runs, audio, table, amen.sample_rate, frame)

