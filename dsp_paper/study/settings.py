"""The three scales and the typed settings every document's module defines for them.

``smoke`` proves a code path in seconds, ``quick`` shows the papers' qualitative findings on a
2-core CPU, ``paper`` uses the documents' own sizes (for a GPU). A scale changes sizes and
epochs, never which code runs.

Each study (``dsp_paper.studies.<notebook>.settings``) defines its settings as a frozen
dataclass and one instance per scale (:func:`by_scale`); :func:`dsp_paper.studies.scale_config`
finds them by section name. A typo in a setting's name fails at once, and a caller changes a
setting (a corpus's cut-off, say) with ``scale_config(section, scale, cutoff_hz=500.0)``
without editing any table.
"""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from dsp_paper.errors import ParameterError

__all__ = ["SCALES", "DEFAULT_SCALE", "ENV_VAR", "SEEDS", "MANY_SEEDS", "Settings", "by_scale",
           "resolve_scale", "seeds"]

SCALES = ("smoke", "quick", "paper")
DEFAULT_SCALE = "quick"
ENV_VAR = "DSP_PAPER_SCALE"

# Every training a claim rests on runs once per seed (the initial weights and the shuffling),
# the same seeds for every model a rule compares; the verdicts are judged over them, paired
# seed by seed (dsp_paper.study.rules). Five is the fewest with which the paired sign test can
# decide at all (all five agreeing happens by chance 1 time in 32); models that train in
# seconds run ten (MANY_SEEDS). Smoke proves the code path with one.
SEEDS = {"smoke": (0,), "quick": (0, 1, 2, 3, 4), "paper": (0, 1, 2, 3, 4)}
MANY_SEEDS = {"smoke": (0,), "quick": tuple(range(10)), "paper": tuple(range(10))}

@dataclass(frozen=True, kw_only=True)
class Settings:
    """Base of every section's settings: read-only, one instance per scale.

    Subclasses declare their fields and a ``section`` class variable.
    """

    section: ClassVar[str] = ""
    scale: str

    def __post_init__(self) -> None:
        if self.scale not in SCALES:
            raise ParameterError(f"unknown scale {self.scale!r}: choose one of {', '.join(SCALES)}")

    def replace(self, **changes: object) -> Settings:
        """A copy with some settings changed; an unknown name raises ParameterError."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ParameterError(f"section {self.section!r} has no setting "
                                 f"{', '.join(sorted(unknown))}; it has {sorted(self.as_dict())}")
        return dataclasses.replace(self, **changes)

    def time_limit(self, name: str) -> float | None:
        """Seconds of training after which the training ``name`` stops, at the end of an
        epoch, or None (no cap): the notebooks' settings hold their caps in ``time_limits``
        (only ``paper`` sets any, so that its trainings fit on one GPU)."""
        return dict(getattr(self, "time_limits", None) or {}).get(name)

    def as_dict(self) -> dict[str, object]:
        """The settings as a plain dict (without the scale), e.g. for a cache key."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if f.name != "scale"}


def by_scale(cls: type[Settings], *, common: Mapping[str, object] | None = None,
             smoke: Mapping[str, object], quick: Mapping[str, object],
             paper: Mapping[str, object]) -> dict[str, Settings]:
    """One ``cls`` instance per scale: ``common`` values shared, each scale's own added.

    Returns
    -------
    dict
        ``{"smoke": cls(...), "quick": cls(...), "paper": cls(...)}``.
    """
    common = common or {}
    table = {}
    for scale, own in zip(SCALES, (smoke, quick, paper)):
        try:
            table[scale] = cls(scale=scale, **{**common, **own})
        except TypeError as error:
            raise ParameterError(f"{cls.__name__} at {scale}: {error}") from None
    return table


def resolve_scale(scale: str | None = None) -> str:
    """Return a valid scale name; ``None`` means ``$DSP_PAPER_SCALE``, else ``"quick"``.

    Raises
    ------
    ParameterError
        For any name other than ``smoke``, ``quick`` or ``paper``.
    """
    if scale is None:
        scale = os.environ.get(ENV_VAR) or DEFAULT_SCALE
    if not isinstance(scale, str) or scale.strip().lower() not in SCALES:
        raise ParameterError(f"unknown scale {scale!r}: choose one of {', '.join(SCALES)}")
    return scale.strip().lower()


def seeds(scale: str | None = None, *, many: bool = False) -> tuple[int, ...]:
    """The seeds every claim-bearing training runs with at ``scale`` (:data:`SEEDS`), or with
    ``many`` those of trainings that take seconds (:data:`MANY_SEEDS`).

    Examples
    --------
    >>> seeds("quick")
    (0, 1, 2, 3, 4)
    >>> len(seeds("quick", many=True))
    10
    """
    return (MANY_SEEDS if many else SEEDS)[resolve_scale(scale)]
