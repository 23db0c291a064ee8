"""The machinery every document's corpus is built with: pairs of input and target audio in
named splits, built once from :mod:`signals`, :mod:`material` and :mod:`effects` and cached
on disk under a key of their settings.

The corpora themselves live with their studies (``dsp_paper.studies.<notebook>.data``).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from dsp_paper.audio_io import normalise, to_layout
from dsp_paper.cache import cached_arrays
from dsp_paper.errors import ParameterError
from dsp_paper.windowing import Pair, split_holdout

if TYPE_CHECKING:
    import pandas as pd

    from dsp_paper.material import Material

__all__ = ["EffectCorpus", "effect_corpus", "pairs_to_arrays", "arrays_to_splits"]


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

    def split(self, name: str) -> list[Pair]:
        if name not in self.splits:
            raise ParameterError(f"{self.name} has no split {name!r}; it has {list(self.splits)}")
        return self.splits[name]

    def joined(self, name: str) -> Pair:
        """One split's pieces concatenated along time: a single :class:`Pair`.

        Each piece went through the effect on its own, so at a join the target is not
        exactly the effect applied to the joined input (a filter's memory restarts there).
        """
        pieces = self.split(name)
        return Pair(np.concatenate([p.input for p in pieces], axis=-1),
                    np.concatenate([p.target for p in pieces], axis=-1))

    def summary(self) -> pd.DataFrame:
        """A pandas DataFrame: pieces, samples and seconds per split."""
        import pandas as pd  # heavy: pandas

        rows = []
        for name, pieces in self.splits.items():
            samples = sum(p.n_samples for p in pieces)
            shape = pieces[0].input.shape[:-1] if pieces else ()
            rows.append(dict(split=name, pieces=len(pieces), samples=samples,
                             seconds=round(samples / self.sample_rate, 2),
                             channels=shape[0] if shape else 1))
        return pd.DataFrame(rows).set_index("split")


def pairs_to_arrays(prefix: str, pairs: Iterable[Pair]) -> dict[str, np.ndarray]:
    out = {}
    for i, p in enumerate(pairs):
        out[f"{prefix}/{i}/input"], out[f"{prefix}/{i}/target"] = p.input, p.target
    return out


def arrays_to_splits(arrays: Mapping[str, np.ndarray]) -> dict[str, list[Pair]]:
    splits = {}
    for key in sorted(arrays, key=lambda k: (k.split("/")[0], int(k.split("/")[1]))):
        split, index, role = key.split("/")
        if role == "input":
            splits.setdefault(split, []).append(
                Pair(arrays[key], arrays[f"{split}/{index}/target"]))
    return splits


def _effect_build(cfg: Any, sources: Iterable[np.ndarray], tests: Mapping[str, Material],
                  effect: Callable[[np.ndarray], np.ndarray]) -> dict[str, np.ndarray]:
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
    arrays = {**pairs_to_arrays("train", train), **pairs_to_arrays("validation", validation)}
    for split, item in tests.items():
        audio = to_layout(normalise(item.audio, peak=cfg.level), cfg.layout)
        arrays.update(pairs_to_arrays(split, [
            Pair(t, effect(t)) for t in (audio if cfg.layout == "mono" else [audio])]))
    return arrays


def effect_corpus(cfg: Any, *, sources: Callable[[Any], Sequence[np.ndarray]],
                  tests: Callable[[Any], Mapping[str, Material]],
                  effect: Callable[[np.ndarray, Any], np.ndarray],
                  description: Callable[[Any], str]) -> EffectCorpus:
    """Build (or load from the cache) a corpus of training tracks through an effect.

    Parameters
    ----------
    cfg : dsp_paper.study.settings.Settings
        The corpus's settings (with ``sample_rate``, ``layout``, ``validation_fraction``,
        ``validation_block_seconds``, ``level``); their values are the cache key.
    sources : callable
        ``sources(cfg)`` -> list of training tracks, shape ``(n,)`` or ``(2, n)``.
    tests : callable
        ``tests(cfg)`` -> ``{split name: Material}``.
    effect : callable
        ``effect(audio, cfg)`` -> the target.
    description : callable
        ``description(cfg)`` -> one line naming the effect.

    Returns
    -------
    EffectCorpus
    """
    if cfg.layout not in ("mono", "stereo"):
        raise ParameterError(f"unknown layout {cfg.layout!r}: use 'mono' or 'stereo'")
    section = cfg.section
    materials = tests(cfg)
    params = dict(cfg.as_dict(), section=section,
                  material={k: m.provenance() for k, m in materials.items()})

    def apply(audio: np.ndarray) -> np.ndarray:
        return effect(audio, cfg)

    arrays, path = cached_arrays(section, params,
                                 lambda: _effect_build(cfg, sources(cfg), materials, apply))
    return EffectCorpus(section, cfg.sample_rate, description(cfg), arrays_to_splits(arrays),
                        [m.provenance() for m in materials.values()], params, path)
