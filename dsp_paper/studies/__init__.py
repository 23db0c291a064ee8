"""The studies: one package per notebook, and the one table that says which is which.

Every study package has the same files for the same roles and the same public names
(``SETTINGS``, ``CLAIMS``, ``planned_work``; see ``ARCHITECTURE.md``). This table is the only
place that maps a notebook to its study (a settings section is found in the studies'
``SETTINGS``); the framework
(:mod:`dsp_paper.study`) knows no study by name, and the study packages are imported only
when first asked for.

Examples
--------
>>> from dsp_paper import studies
>>> studies.scale_config("lowpass_000", "smoke", cutoff_hz=500.0).cutoff_hz
500.0
"""
from __future__ import annotations

import functools
import importlib
from pathlib import Path
from types import ModuleType

from dsp_paper.errors import ParameterError
from dsp_paper.study.estimate import Plans
from dsp_paper.study.notebook import NotebookRun
from dsp_paper.study.settings import Settings, resolve_scale

__all__ = ["NOTEBOOKS", "study", "plans", "sections", "scale_config",
           "start_notebook"]

# notebook -> its study package (dsp_paper.studies.<package>), in the order the series runs
NOTEBOOKS = {
    "01_data": "data",
    "02_learned_spectrogram": "learned_spectrogram",
    "03_dense_baselines": "dense_baselines",
    "04_conv_tied": "conv_tied",
    "05_recurrent_eq": "recurrent_eq",
    "06_lstm_generation": "lstm_generation",
    "07_mse_critique": "mse_critique",
    "08_capture": "capture_comparison",
}

def study(notebook: str) -> ModuleType:
    """The study package of ``notebook`` (a key of :data:`NOTEBOOKS`), imported."""
    if notebook not in NOTEBOOKS:
        raise ParameterError(f"unknown notebook {notebook!r}; known: {', '.join(NOTEBOOKS)}")
    return importlib.import_module(f"{__name__}.{NOTEBOOKS[notebook]}")


def plans() -> Plans:
    """Notebook -> the function that lists its trainings for :mod:`dsp_paper.study.estimate`
    (None for a notebook that trains nothing)."""
    return {notebook: getattr(study(notebook), "planned_work", None) for notebook in NOTEBOOKS}


@functools.cache
def _settings_tables() -> dict[str, dict[str, Settings]]:
    """Section -> its table of settings per scale, from every study's ``SETTINGS`` (each
    notebook is a section of its own; a corpus, ``lowpass_000`` say, is one too)."""
    tables = {}
    for notebook in NOTEBOOKS:
        for section, table in study(notebook).SETTINGS.items():
            if section in tables:
                raise ParameterError(f"settings section {section!r} is defined twice (again by "
                                     f"{notebook}'s study)")
            tables[section] = table
    return tables


def sections() -> tuple[str, ...]:
    """Names of every section that has settings."""
    return tuple(_settings_tables())


def settings_table(section: str) -> dict[str, Settings]:
    """Scale -> the settings of ``section`` (one of :func:`sections`)."""
    tables = _settings_tables()
    if section not in tables:
        raise ParameterError(f"unknown section {section!r}; known: {', '.join(tables)}")
    return tables[section]


def scale_config(section: str, scale: str | None = None, **changes: object) -> Settings:
    """Settings of one corpus or notebook at one scale, optionally with some changed.

    Parameters
    ----------
    section : str
        A corpus (``"lowpass_000"``, ``"highpass_002"``, ...) or a notebook (``"01_data"``).
    scale : {"smoke", "quick", "paper"}, optional
        Defaults to ``$DSP_PAPER_SCALE`` or ``"quick"``.
    **changes
        Settings to change in the returned copy (the tables stay as they are).

    Examples
    --------
    >>> scale_config("slices_004", "paper").count
    15000
    """
    settings = settings_table(section)[resolve_scale(scale)]
    return settings.replace(**changes) if changes else settings


def start_notebook(name: str, scale: str | None, *, root: str | Path | None = None) -> NotebookRun:
    """What every notebook runs first: its settings and seeds at ``scale``, the claims it
    judges, and a store for what it publishes (:class:`dsp_paper.study.notebook.NotebookRun`).
    """
    claims = [c for c in getattr(study(name), "CLAIMS", ()) if c.notebook == name]
    return NotebookRun.start(name, scale_config(name, scale), claims=claims, root=root)
