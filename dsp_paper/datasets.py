"""Each document's corpus, built from :mod:`signals`, :mod:`material` and :mod:`effects`
at the sizes of a scale, and cached on disk under a key of its parameters.

* :func:`lowpass_corpus` - 000: sine/square/saw sweeps through the lowpass, piano as test;
* :func:`stereo_corpus` - 001: sine/triangle sweeps kept stereo, piano and voice as tests;
* :func:`pedal_corpus` - the extension: recorded guitar through a drive + tone pedal chain;
* :func:`highpass_corpus` - 002: noises and sweeps with envelopes through the 440 Hz
  high-pass, "full" or "mini" training set, validation 1 and the voice as validation 2;
* :func:`kick_set` and :func:`amen_clip` - 003: 808 kick variations and the trimmed amen break;
* :func:`stft_slices` - 004: random 2048-sample slices at 8 kHz.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.signal

from . import effects, material, signals
from .audio_io import normalise, read_audio, resample, to_layout, write_wav
from .cache import cached_arrays
from .errors import ParameterError
from .paths import cache_dir
from .scales import scale_config
from .windowing import Pair, split_holdout

__all__ = ["EffectCorpus", "KickSet", "lowpass_corpus", "stereo_corpus", "pedal_corpus",
           "highpass_corpus",
           "kick_set", "amen_clip", "stft_slices", "HIGHPASS_KINDS"]

HIGHPASS_KINDS = tuple(itertools.product(
    ("white", "pink", "gaussian", "brown", "sweep_up", "sweep_down"), signals.ENVELOPES))


@dataclass
class EffectCorpus:
    """Dry/wet audio for one effect, split before any windowing.

    Attributes
    ----------
    name : str
    sample_rate : int
    effect : str
        What made the targets.
    splits : dict[str, list[Pair]]
        E.g. ``train``, ``validation``, ``test``; each a list of contiguous pieces.
    provenance : list of str
        Where every piece of real material comes from.
    params : dict
        Everything the corpus was built from (its cache key).
    """

    name: str
    sample_rate: int
    effect: str
    splits: dict
    provenance: list = field(default_factory=list)
    params: dict = field(default_factory=dict)
    cache_path: Path | None = None

    def split(self, name):
        if name not in self.splits:
            raise ParameterError(f"{self.name} has no split {name!r}; it has {list(self.splits)}")
        return self.splits[name]

    def joined(self, name):
        """One split's pieces concatenated along time: a single :class:`Pair`.

        Each piece went through the effect on its own, so at a join the target is not
        exactly the effect applied to the joined input (a filter's memory restarts there).
        """
        pieces = self.split(name)
        return Pair(np.concatenate([p.input for p in pieces], axis=-1),
                    np.concatenate([p.target for p in pieces], axis=-1))

    def summary(self):
        """A pandas DataFrame: pieces, samples and seconds per split."""
        import pandas as pd

        rows = []
        for name, pieces in self.splits.items():
            samples = sum(p.n_samples for p in pieces)
            shape = pieces[0].input.shape[:-1] if pieces else ()
            rows.append(dict(split=name, pieces=len(pieces), samples=samples,
                             seconds=round(samples / self.sample_rate, 2),
                             channels=shape[0] if shape else 1))
        return pd.DataFrame(rows).set_index("split")


def _pairs_to_arrays(prefix, pairs):
    out = {}
    for i, p in enumerate(pairs):
        out[f"{prefix}/{i}/input"], out[f"{prefix}/{i}/target"] = p.input, p.target
    return out


def _arrays_to_splits(arrays):
    splits = {}
    for key in sorted(arrays, key=lambda k: (k.split("/")[0], int(k.split("/")[1]))):
        split, index, role = key.split("/")
        if role == "input":
            splits.setdefault(split, []).append(
                Pair(arrays[key], arrays[f"{split}/{index}/target"]))
    return splits


def _sweep_sources(cfg, folder):
    """000's source files: one stereo 16-bit PCM WAV per shape, rising sweep on the left,
    falling on the right; read back as normalised float32."""
    tracks = []
    for shape in cfg.shapes:
        kwargs = dict(seconds=cfg.sweep_seconds, sample_rate=cfg.sample_rate)
        left = signals.sweep(shape, f_start=cfg.f_start, f_end=cfg.f_end, **kwargs)
        right = signals.sweep(shape, f_start=cfg.f_end, f_end=cfg.f_start, **kwargs)
        stereo = signals.fade(np.stack([left, right]), sample_rate=cfg.sample_rate,
                              fade_in=0.01, fade_out=0.01)
        path = write_wav(folder / f"sweep_{shape}_{cfg.sweep_seconds}s.wav",
                         normalise(stereo, peak=0.99), cfg.sample_rate)
        audio, _ = read_audio(path, expected_sr=cfg.sample_rate)
        tracks.append(normalise(audio, peak=cfg.level))
    return tracks


def _effect_build(cfg, sources, tests, effect):
    """Train pieces (with validation blocks held out of every track) and test pieces."""
    train, validation = [], []
    for i, audio in enumerate(sources):
        audio = to_layout(audio, cfg.layout)
        for j, track in enumerate(audio if cfg.layout == "mono" else [audio]):
            kept, held = split_holdout(
                Pair(track, effect(track)), fraction=cfg.validation_fraction,
                block=int(cfg.validation_block_seconds * cfg.sample_rate), seed=100 * i + j)
            train += kept
            validation += held
    arrays = {**_pairs_to_arrays("train", train), **_pairs_to_arrays("validation", validation)}
    for split, item in tests.items():
        audio = to_layout(normalise(item.audio, peak=cfg.level), cfg.layout)
        arrays.update(_pairs_to_arrays(split, [
            Pair(t, effect(t)) for t in (audio if cfg.layout == "mono" else [audio])]))
    return arrays


def _effect_corpus(section, scale, layout, *, sources, tests, effect, description):
    cfg = scale_config(section, scale)
    values = dict(cfg)
    if layout is not None:
        if layout not in ("mono", "stereo"):
            raise ParameterError(f"unknown layout {layout!r}: use 'mono' or 'stereo'")
        values["layout"] = layout
    cfg = type(cfg)(section, cfg.scale, values)
    materials = tests(cfg)
    params = dict(values, section=section,
                  material={k: m.provenance() for k, m in materials.items()})

    def apply(audio):
        return effect(audio, cfg)

    arrays, path = cached_arrays(section, params,
                                 lambda: _effect_build(cfg, sources(cfg), materials, apply))
    return EffectCorpus(section, cfg.sample_rate, description(cfg), _arrays_to_splits(arrays),
                        [m.provenance() for m in materials.values()], params, path)


def _lowpass(audio, cfg):
    return effects.lowpass(audio, sample_rate=cfg.sample_rate, cutoff_hz=cfg.cutoff_hz,
                           order=cfg.order)


def _lowpass_description(cfg):
    return (f"lowpass: Butterworth order {cfg.order} ({6 * cfg.order} dB/octave), "
            f"-3 dB at {cfg.cutoff_hz:g} Hz")


def lowpass_corpus(scale=None, *, layout=None):
    """000's corpus: sweeps of sine, square and saw through the lowpass, piano as test.

    Each shape is a stereo 16-bit WAV (rising sweep left, falling right), read back as
    float32, normalised and split into mono tracks (``layout="mono"``, the document's
    choice) or kept stereo (``layout="stereo"``). Validation blocks are held out of every
    track before batching; the test is the Brahms piano.

    Returns
    -------
    EffectCorpus
        Splits ``train``, ``validation``, ``test``.
    """
    return _effect_corpus(
        "lowpass_000", scale, layout,
        sources=lambda cfg: _sweep_sources(cfg, cache_dir() / "wav"),
        tests=lambda cfg: {"test": material.piano(sample_rate=cfg.sample_rate,
                                                  seconds=cfg.piano_seconds)},
        effect=_lowpass, description=_lowpass_description)


def stereo_corpus(scale=None, *, layout=None):
    """001's corpus: sine and triangle sweeps through the lowpass, stereo kept.

    Returns
    -------
    EffectCorpus
        Splits ``train``, ``validation``, ``test_piano``, ``test_voice``.
    """
    return _effect_corpus(
        "stereo_001", scale, layout,
        sources=lambda cfg: _sweep_sources(cfg, cache_dir() / "wav"),
        tests=lambda cfg: {
            "test_piano": material.piano(sample_rate=cfg.sample_rate, seconds=cfg.piano_seconds),
            "test_voice": material.voice(sample_rate=cfg.sample_rate)},
        effect=_lowpass, description=_lowpass_description)


def pedal_corpus(scale=None, *, layout=None):
    """The extension 000 named but never evaluated: recorded guitar through the pedal chain.

    Training takes (validation blocks held out) and unseen test takes are set per scale.

    Returns
    -------
    EffectCorpus
        Splits ``train``, ``validation``, ``test``.
    """
    def sources(cfg):
        return [normalise(material.guitar(t, sample_rate=cfg.sample_rate).audio, peak=cfg.level)
                for t in cfg.train_takes]

    def tests(cfg):
        takes = [material.guitar(t, sample_rate=cfg.sample_rate) for t in cfg.test_takes]
        audio = np.concatenate([to_layout(t.audio, "stereo") for t in takes], axis=-1)
        return {"test": material.Material("guitar_test", audio, cfg.sample_rate,
                                          " + ".join(t.description for t in takes),
                                          takes[0].licence, "; ".join(t.source for t in takes))}

    def effect(audio, cfg):
        return effects.pedal_chain(audio, sample_rate=cfg.sample_rate, drive_db=cfg.drive_db,
                                   tone_hz=cfg.tone_hz, level_db=cfg.level_db)

    return _effect_corpus(
        "pedal_ext", scale, layout, sources=sources, tests=tests, effect=effect,
        description=lambda cfg: (f"pedal chain: tanh drive +{cfg.drive_db:g} dB, tone lowpass "
                                 f"{cfg.tone_hz:g} Hz (6 dB/octave), level {cfg.level_db:g} dB"))


def _highpass_clip(kind, env, n, sample_rate, rng):
    seconds = n / sample_rate
    seed = int(rng.integers(2 ** 31))
    if kind.startswith("sweep"):
        low, high = np.exp(rng.uniform(np.log(20), np.log(200))), \
            np.exp(rng.uniform(np.log(2000), np.log(20000)))
        f0, f1 = (low, high) if kind == "sweep_up" else (high, low)
        clip = signals.sweep("sine", f_start=f0, f_end=f1, seconds=seconds,
                             sample_rate=sample_rate)
    else:
        clip = signals.noise(kind, seconds=seconds, sample_rate=sample_rate, seed=seed)
    clip = clip[:n] if clip.shape[-1] >= n else np.pad(clip, (0, n - clip.shape[-1]))
    return signals.apply_envelope(clip, env) * rng.uniform(0.2, 0.8)


def _highpass_signal(total, clip_samples, sample_rate, fade_seconds, seed):
    """Clips of every kind x envelope in turn, each faded in and out, ``total`` samples."""
    rng = np.random.default_rng(seed)
    pieces, made = [], 0
    for kind, env in itertools.cycle(HIGHPASS_KINDS):
        n = min(clip_samples, total - made)
        if n <= 0:
            break
        clip = _highpass_clip(kind, env, n, sample_rate, rng)
        fade = min(fade_seconds, n / sample_rate / 4)
        pieces.append(signals.fade(clip, sample_rate=sample_rate, fade_in=fade, fade_out=fade))
        made += n
    return np.concatenate(pieces).astype(np.float32)


def highpass_corpus(scale=None, *, variant="mini"):
    """002's corpus for the 440 Hz high-pass EQ.

    Parameters
    ----------
    variant : {"mini", "full"}
        ``"full"`` holds 7,813,000 samples at ``paper`` scale in clips of one second;
        ``"mini"`` ("miniaudio") 882,000 samples: every kind, shorter, 20 s together.

    Returns
    -------
    EffectCorpus
        Splits ``train``, ``validation1`` (new clips of the same kinds) and ``validation2``
        (recorded voice).
    """
    if variant not in ("mini", "full"):
        raise ParameterError(f"unknown variant {variant!r}: use 'mini' or 'full'")
    cfg = scale_config("highpass_002", scale)
    sr = cfg.sample_rate
    voice = material.voice(sample_rate=sr)
    total = cfg.full_samples if variant == "full" else cfg.mini_samples
    clip = int(cfg.clip_seconds * sr) if variant == "full" else \
        max(1, total // len(HIGHPASS_KINDS))
    params = dict(cfg, variant=variant, voice=voice.provenance())
    effect = dict(sample_rate=sr, cutoff_hz=cfg.cutoff_hz, order=cfg.order)

    def build():
        train = _highpass_signal(total, clip, sr, cfg.fade_seconds, seed=2)
        val1 = _highpass_signal(cfg.validation1_samples, sr // 4, sr, cfg.fade_seconds, seed=3)
        val2 = normalise(voice.audio, peak=0.8)
        return {**_pairs_to_arrays("train", [Pair(train, effects.highpass_eq(train, **effect))]),
                **_pairs_to_arrays("validation1",
                                   [Pair(val1, effects.highpass_eq(val1, **effect))]),
                **_pairs_to_arrays("validation2",
                                   [Pair(val2, effects.highpass_eq(val2, **effect))])}

    arrays, path = cached_arrays(f"highpass_002_{variant}", params, build)
    return EffectCorpus(f"highpass_002_{variant}", sr,
                        f"high-pass EQ band: Butterworth order {cfg.order} "
                        f"({6 * cfg.order} dB/octave), -3 dB at {cfg.cutoff_hz:g} Hz",
                        _arrays_to_splits(arrays), [voice.provenance()], params, path)


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
    params = dict(cfg, seed=seed, kick=kick.provenance())

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


def stft_slices(scale=None, *, source="noise", seed=0):
    """004's training inputs: random slices of ``slice_samples`` (2048) at 8 kHz.

    Parameters
    ----------
    source : {"noise", "material"}
        ``"noise"``: white Gaussian noise, as the document synthesised its data (it excites
        every frequency, so a linear fit is well determined); ``"material"``: random slices
        of the real piano, voice, amen break and guitar, resampled to 8 kHz.

    Returns
    -------
    np.ndarray, shape (count, slice_samples), float32
    """
    cfg = scale_config("slices_004", scale)
    if source not in ("noise", "material"):
        raise ParameterError(f"unknown source {source!r}: use 'noise' or 'material'")
    sr = cfg.sample_rate
    items = [] if source == "noise" else [
        material.piano(sample_rate=sr), material.voice(sample_rate=sr),
        material.amen_break(sample_rate=sr), material.guitar(sample_rate=sr)]
    params = dict(cfg, source=source, seed=seed, material=[m.provenance() for m in items])

    def build():
        rng = np.random.default_rng(seed)
        if source == "noise":
            slices = rng.standard_normal((cfg.count, cfg.slice_samples)) * 0.25
        else:
            pool = [m.audio if m.audio.ndim == 1 else m.audio.mean(axis=0) for m in items]
            slices = np.empty((cfg.count, cfg.slice_samples))
            for i in range(cfg.count):
                clip = pool[rng.integers(len(pool))]
                start = rng.integers(clip.shape[-1] - cfg.slice_samples)
                slices[i] = clip[start:start + cfg.slice_samples]
        return dict(slices=slices.astype(np.float32))

    return cached_arrays("slices_004", params, build)[0]["slices"]
