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
from dsp_paper.paths import notebooks_dir, write_text_atomically
from dsp_paper.study.estimate import Plans
from dsp_paper.study.notebook import NotebookRun
from dsp_paper.study.references import (Reference, first_heading, references_markdown,
                                        replace_block, sync_notebook_cell)
from dsp_paper.study.settings import Settings, resolve_scale

__all__ = ["NOTEBOOKS", "SITE_INTRO", "DOCUMENTS", "REBUILDS", "study", "document", "references", "field_references", "reference_block",
           "sync_reference_cells", "readme_map", "sync_readme_map", "plans",
           "sections", "scale_config", "start_notebook"]

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

#: What the landing page of the site says first (Markdown).
SITE_INTRO = (
    "Jupyter notebooks that rebuild five early documents on emulating audio effects with "
    "neural networks, judge every claim they make by a rule written down before the run, and "
    "measure how far the field has come since, up to capturing a guitar pedal with today's "
    "models. Each card below is one document: its citation, the notebooks that rebuild it, "
    "and what held and what did not, each with the numbers that decided it. Every notebook "
    "page is the notebook as it ran, with its plots, tables and players, no kernel needed; "
    "each ends with *What it means*, its findings in plain words.")

# document -> the study whose paper.py types its reference (REFERENCE) and its numbers
DOCUMENTS = {
    "000": "dense_baselines",
    "001": "conv_tied",
    "002": "recurrent_eq",
    "003": "lstm_generation",
    "004": "learned_spectrogram",
}

# notebook -> the documents it rebuilds (the field's references, FIELD_REFERENCES of a study's
# paper.py, come after them)
REBUILDS = {
    "01_data": ("000", "001", "002", "003", "004"),
    "02_learned_spectrogram": ("004",),
    "03_dense_baselines": ("000",),
    "04_conv_tied": ("000", "001"),
    "05_recurrent_eq": ("002",),
    "06_lstm_generation": ("003",),
    "07_mse_critique": ("000", "002"),
    "08_capture": ("000",),
}


def document(key: str) -> Reference:
    """The reference of document ``key`` (``"000"`` ... ``"004"``), from its study's
    ``paper.py``."""
    if key not in DOCUMENTS:
        raise ParameterError(f"unknown document {key!r}; known: {', '.join(DOCUMENTS)}")
    return importlib.import_module(f"{__name__}.{DOCUMENTS[key]}.paper").REFERENCE


def field_references(notebook: str) -> tuple[Reference, ...]:
    """The field's works ``notebook``'s study sets beside the documents (its ``paper.py``'s
    ``FIELD_REFERENCES``; none for most)."""
    study(notebook)  # refuses an unknown notebook by name
    paper = importlib.import_module(f"{__name__}.{NOTEBOOKS[notebook]}.paper")
    return tuple(getattr(paper, "FIELD_REFERENCES", ()))


def references(notebook: str | None = None) -> tuple[Reference, ...]:
    """What ``notebook`` rebuilds and cites: its documents, then the field's works its study
    names; without a notebook, the five documents.

    Examples
    --------
    >>> [r.key for r in references("04_conv_tied")]
    ['000', '001']
    """
    if notebook is None:
        return tuple(document(key) for key in DOCUMENTS)
    field = field_references(notebook)  # refuses an unknown notebook by name
    return tuple(document(key) for key in REBUILDS[notebook]) + field


def reference_block(notebook: str) -> str:
    """The Markdown that opens ``notebook`` (between the reference markers of its first cell):
    what it rebuilds, cited in full."""
    documents = [document(key) for key in REBUILDS[notebook]]
    field = field_references(notebook)
    lead = "**Extends**" if field else "**Rebuilds**"
    parts = [references_markdown(documents, lead=f"{lead}:")]
    if field:
        parts.append(references_markdown(field, lead="**Sets beside it**:"))
    return "\n\n".join(parts)


README_MAP_START, README_MAP_END = "<!-- readme-map:start -->", "<!-- readme-map:end -->"


def readme_map(folder: str | Path | None = None) -> str:
    """The README's map (Markdown): each document cited in full with the notebooks that
    rebuild it, then each notebook with its title, its executed page, its clips and its study
    package."""
    folder = Path(folder) if folder else notebooks_dir()
    lines = ["The documents, as far as each names itself:", ""]
    for key in DOCUMENTS:
        using = [nb[:2] for nb, keys in REBUILDS.items() if key in keys]
        lines.append(f"- {document(key).markdown()} Notebooks {', '.join(using)}.")
    lines += ["", "| notebook | what it does | read it | study package |", "|---|---|---|---|"]
    for nb, package in NOTEBOOKS.items():
        title = (first_heading(folder / f"{nb}.ipynb") or nb).split(" · ", 1)[-1]
        lines.append(f"| [{nb}](notebooks/{nb}.ipynb) | {title} | "
                     f"[executed](figures/site/{nb}.html) · [listen](figures/{nb}/listen.html)"
                     f" | `dsp_paper.studies.{package}` |")
    return "\n".join(lines)


def sync_readme_map(readme: str | Path, *, write: bool,
                    folder: str | Path | None = None) -> bool:
    """Refresh the README's map between its markers (from the notebooks in ``folder``);
    returns whether it changed (or would)."""
    readme = Path(readme)
    text = readme.read_text(encoding="utf-8")
    updated = replace_block(text, readme_map(folder), start=README_MAP_START, end=README_MAP_END,
                            where=readme.name)
    if updated != text and write:
        write_text_atomically(readme, updated)
    return updated != text


def sync_reference_cells(*, write: bool, folder: str | Path | None = None) -> list[Path]:
    """Refresh the generated citations in each notebook's first cell (``write=True``), or only
    list the notebooks whose citations differ from their studies' ``paper.py``."""
    folder = Path(folder) if folder else notebooks_dir()
    return [folder / f"{nb}.ipynb" for nb in NOTEBOOKS
            if sync_notebook_cell(folder / f"{nb}.ipynb", reference_block(nb), write=write)]


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
