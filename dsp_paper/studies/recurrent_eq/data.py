"""002's data: the high-pass corpus (noises and sweeps with envelopes; the voice as
validation 2), the assembled validation audio of 05, the streaming model's segments and the
knob model's.

The validation audio's parts: ``"voice (validation 2)"`` and ``"clips (validation 1)"``
(:data:`VOICE`, :data:`CLIPS`).
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from dsp_paper import effects, material, signals
from dsp_paper.audio_io import normalise
from dsp_paper.cache import cached_arrays
from dsp_paper.datasets import EffectCorpus, arrays_to_splits, pairs_to_arrays
from dsp_paper.errors import ParameterError
from dsp_paper.studies import scale_config
from dsp_paper.studies.recurrent_eq.settings import RecurrentSettings
from dsp_paper.windowing import Pair, sequence_segments

__all__ = ["VOICE", "CLIPS", "HIGHPASS_KINDS", "highpass_corpus", "centre_excerpt", "assemble",
           "recurrent_validation", "stream_clips", "streaming_data", "cutoff_control", "knob_segments"]

#: The parts of the assembled validation audio (the thesis's Fig. 15 order: voice first).
VOICE, CLIPS = "voice (validation 2)", "clips (validation 1)"

HIGHPASS_KINDS = tuple(itertools.product(
    ("white", "pink", "gaussian", "brown", "sweep_up", "sweep_down"), signals.ENVELOPES))


def _highpass_clip(kind: str, env: str, n: int, sample_rate: int,
                   rng: np.random.Generator) -> np.ndarray:
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


def _highpass_signal(total: int, clip_samples: int, sample_rate: int, fade_seconds: float,
                     seed: int) -> np.ndarray:
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


def highpass_corpus(scale: str | None = None, *, variant: str = "mini",
                    **changes: object) -> EffectCorpus:
    """002's corpus for the 440 Hz high-pass EQ.

    Parameters
    ----------
    scale : {"smoke", "quick", "paper"}, optional
        Default ``$DSP_PAPER_SCALE`` or quick.
    variant : {"mini", "full"}
        ``"full"`` holds 7,813,000 samples at ``paper`` scale in clips of one second;
        ``"mini"`` ("miniaudio") 882,000 samples: every kind, shorter, 20 s together.

    Returns
    -------
    EffectCorpus
        Splits ``train``, ``validation1`` (new clips of the same kinds) and ``validation2``
        (recorded voice); mono float32 at ``sample_rate`` (Hz), one piece each.
    **changes
        Settings of ``highpass_002`` to change (e.g. ``cutoff_hz=500.0``).
    """
    if variant not in ("mini", "full"):
        raise ParameterError(f"unknown variant {variant!r}: use 'mini' or 'full'")
    cfg = scale_config("highpass_002", scale, **changes)
    sr = cfg.sample_rate
    voice = material.voice(sample_rate=sr)
    total = cfg.full_samples if variant == "full" else cfg.mini_samples
    clip = int(cfg.clip_seconds * sr) if variant == "full" else \
        max(1, total // len(HIGHPASS_KINDS))
    params = dict(cfg.as_dict(), variant=variant, voice=voice.provenance())
    effect = dict(sample_rate=sr, cutoff_hz=cfg.cutoff_hz, order=cfg.order)

    def build():
        train = _highpass_signal(total, clip, sr, cfg.fade_seconds, seed=2)
        val1 = _highpass_signal(cfg.validation1_samples, sr // 4, sr, cfg.fade_seconds, seed=3)
        val2 = normalise(voice.audio, peak=0.8)
        return {**pairs_to_arrays("train", [Pair(train, effects.highpass_eq(train, **effect))]),
                **pairs_to_arrays("validation1",
                                   [Pair(val1, effects.highpass_eq(val1, **effect))]),
                **pairs_to_arrays("validation2",
                                   [Pair(val2, effects.highpass_eq(val2, **effect))])}

    arrays, path = cached_arrays(f"highpass_002_{variant}", params, build)
    return EffectCorpus(f"highpass_002_{variant}", sr,
                        f"high-pass EQ band: Butterworth order {cfg.order} "
                        f"({6 * cfg.order} dB/octave), -3 dB at {cfg.cutoff_hz:g} Hz",
                        arrays_to_splits(arrays), [voice.provenance()], params, path)


def centre_excerpt(pair: Pair, *, samples: int | None = None) -> Pair:
    """The middle ``samples`` of a pair (all of it if None or longer than the pair)."""
    if samples is None or samples >= pair.n_samples:
        return pair
    start = (pair.n_samples - samples) // 2
    return Pair(pair.input[start:start + samples], pair.target[start:start + samples])


def assemble(pairs: dict[str, Pair]) -> tuple[Pair, dict[str, int]]:
    """Join pairs end to end, as the thesis's Figs. 15, 17 and 19 show its validation audio.

    Returns
    -------
    pair : Pair
    starts : dict
        Sample index where each named piece begins.
    """
    starts, at = {}, 0
    for name, p in pairs.items():
        starts[name] = at
        at += p.n_samples
    return Pair(np.concatenate([p.input for p in pairs.values()]),
                np.concatenate([p.target for p in pairs.values()])), starts


def recurrent_validation(mini: EffectCorpus, cfg: RecurrentSettings
                         ) -> tuple[dict[str, Pair], Pair, dict[str, int]]:
    """05's validation audio: the voice (validation 2; its first ``cfg.voice_seconds``, all
    of it if None) and the centre ``cfg.clips_seconds`` of the clips (validation 1), joined
    end to end.

    Parameters
    ----------
    mini : EffectCorpus
        :func:`highpass_corpus` ``variant="mini"``.
    cfg : RecurrentSettings

    Returns
    -------
    parts : dict of str -> Pair
        :data:`VOICE` and :data:`CLIPS`, mono.
    validation : Pair
        Both joined, voice first.
    starts : dict of str -> int
        Where each part begins in ``validation`` (samples).
    """
    sr = mini.sample_rate
    voice = mini.split("validation2")[0]
    if cfg.voice_seconds is not None:
        n = int(cfg.voice_seconds * sr)
        voice = Pair(voice.input[:n], voice.target[:n])
    parts = {VOICE: voice, CLIPS: stream_clips(mini, cfg)}
    validation, starts = assemble(parts)
    return parts, validation, starts


def stream_clips(mini: EffectCorpus, cfg: RecurrentSettings) -> Pair:
    """The clips the streaming models stop on: the centre ``cfg.clips_seconds`` of validation 1
    (all of it where None), the clips part of :func:`recurrent_validation`."""
    clips = None if cfg.clips_seconds is None else int(cfg.clips_seconds * mini.sample_rate)
    return centre_excerpt(mini.split("validation1")[0], samples=clips)


def streaming_data(mini: EffectCorpus, cfg: RecurrentSettings, *,
                   cutoff_hz: float | None = None
                   ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Segments for the streaming models: the "miniaudio" training signal in segments of
    ``cfg.stream_segment`` samples at ``cfg.stream_hop``, every ``cfg.stream_every``-th kept,
    and the segments they stop on: the clips (validation 1; their centre ``cfg.clips_seconds``,
    the clips part of :func:`recurrent_validation`) in segments of
    ``cfg.stream_validation_segment``. The voice (validation 2), on which the streaming
    models are judged, takes no part, so that no model is chosen on the audio it is judged
    on. With ``cutoff_hz``, both through the high-pass at that cut-off instead of the
    corpus's.

    Returns
    -------
    data, validation : tuple of np.ndarray
        ``(x, y)`` of shapes ``(segments, length, 1)``.
    """
    sr = mini.sample_rate
    train, validation = mini.split("train")[0], stream_clips(mini, cfg)
    if cutoff_hz is not None:
        retarget = lambda p: Pair(p.input, effects.highpass_eq(p.input, sample_rate=sr,
                                                               cutoff_hz=cutoff_hz))
        train, validation = retarget(train), retarget(validation)
    length = min(validation.n_samples, cfg.stream_validation_segment)
    x, y = sequence_segments(train, length=cfg.stream_segment, hop=cfg.stream_hop)
    data = x[::cfg.stream_every], y[::cfg.stream_every]
    return data, sequence_segments(validation, length=length, hop=length)


def cutoff_control(cutoff_hz: float | Sequence[float] | np.ndarray, *, low: float,
                   high: float) -> np.ndarray:
    """The knob's value fed to the network: the cut-off on a log scale, ``low`` -> -1,
    ``high`` -> +1."""
    cutoff_hz = np.asarray(cutoff_hz, np.float64)
    if np.any(cutoff_hz <= 0) or not 0 < low < high:
        raise ParameterError(f"need positive cut-offs and 0 < low < high, got {cutoff_hz}, "
                             f"{low}, {high}")
    return (2 * np.log(cutoff_hz / low) / np.log(high / low) - 1).astype(np.float32)


def knob_segments(audio: np.ndarray, cutoffs: Sequence[float], *, sample_rate: int, order: int,
                  low: float, high: float, length: int, hop: int, every: int = 1
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Training segments for the knob model: ``audio`` through the high-pass at each
    cut-off, every segment at every cut-off, so that the knob model, trained in batches
    ``len(cutoffs)`` times a single cut-off model's, takes as many optimiser steps an epoch
    as that model and sees each cut-off as often. Every ``every``-th segment is kept
    (:func:`streaming_data`'s ``stream_every``).

    Returns
    -------
    x : np.ndarray, shape (segments x cut-offs, length, 2)
        Audio and the knob value (:func:`cutoff_control`), the cut-offs in turn at each
        segment.
    y : np.ndarray, shape (segments x cut-offs, length, 1)
    """
    xs, ys = [], []
    for cutoff in cutoffs:
        pair = Pair(audio, effects.highpass_eq(audio, sample_rate=sample_rate,
                                               cutoff_hz=cutoff, order=order))
        x, y = sequence_segments(pair, length=length, hop=hop,
                                 controls=[cutoff_control(cutoff, low=low, high=high)])
        xs.append(x[::every])
        ys.append(y[::every])
    shape = lambda parts: np.stack(parts, axis=1).reshape(-1, *parts[0].shape[1:])
    return shape(xs), shape(ys)
