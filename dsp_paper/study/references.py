"""How a source is cited: :class:`Reference`, one per document (typed once, in its study's
``paper.py``), and the blocks of generated text that show them where a reader looks first (the
README's map, each notebook's first cell, the report and the site).

This module knows no study: the references come from the caller
(:func:`dsp_paper.studies.references`).

Examples
--------
>>> ref = Reference(key="999", title="A Post", author=None, kind="blog post", date="2015",
...                 venue=None, link=None)
>>> ref.markdown()
'**999** · *A Post*, blog post, 2015; no author named; no address given.'
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dsp_paper.errors import ParameterError
from dsp_paper.paths import write_text_atomically

__all__ = ["Reference", "references_markdown", "replace_block", "NOTEBOOK_START",
           "NOTEBOOK_END", "sync_notebook_cell", "first_heading"]

NOTEBOOK_START, NOTEBOOK_END = "<!-- references:start -->", "<!-- references:end -->"


@dataclass(frozen=True)
class Reference:
    """One source as far as it names itself; ``None`` where it does not say.

    Parameters
    ----------
    key : str
        How the package names it: a document's number (``"000"``) or a short key
        (``"wright2020"``).
    title, author : str or None
        As the source gives them.
    kind : str
        What it is: "bachelor's thesis", "blog post", ...
    date : str
        When, in the source's own words ("2016/2017", "2015-12-18", "not stated").
    venue : str or None
        Where it appeared (a school, a journal, a repository).
    link : str or None
        Its address, when the source gives one.
    note : str
        Anything else a reader needs to find it.
    """

    key: str
    title: str | None
    author: str | None
    kind: str
    date: str
    venue: str | None
    link: str | None
    note: str = ""

    def _missing(self) -> str:
        missing = [] if self.author else ["no author named"]
        if not self.link:
            missing.append("no address given")
        return "; ".join(missing + ([self.note] if self.note else []))

    def markdown(self) -> str:
        """The citation as one line of Markdown, its link clickable."""
        title = f"*{self.title}*" if self.title else "untitled"
        parts = [f"{self.author}, {title}" if self.author else title,
                 *(p for p in (self.kind, self.date, self.venue) if p)]
        if self.link:
            parts.append(f"<{self.link}>")
        missing = self._missing()
        return f"**{self.key}** · " + ", ".join(parts) + (f"; {missing}." if missing else ".")

    def html(self) -> str:
        """The citation as an HTML fragment, everything it quotes escaped."""
        title = f"<cite>{html.escape(self.title)}</cite>" if self.title else "untitled"
        parts = [f"{html.escape(self.author)}, {title}" if self.author else title,
                 *(html.escape(p) for p in (self.kind, self.date, self.venue) if p)]
        if self.link:
            link = html.escape(self.link)
            parts.append(f"<a href=\"{link}\">{link}</a>")
        missing = html.escape(self._missing())
        return (f"<b>{html.escape(self.key)}</b> · " + ", ".join(parts)
                + (f"; {missing}." if missing else "."))


def references_markdown(references: Sequence[Reference], *, lead: str = "") -> str:
    """A Markdown list of citations, one per line, after an optional lead sentence."""
    lines = [lead, ""] if lead else []
    return "\n".join(lines + [f"- {ref.markdown()}" for ref in references])


def replace_block(text: str, block: str, *, start: str, end: str, where: str = "text") -> str:
    """``text`` with what lies between the markers ``start`` and ``end`` replaced by ``block``.

    Raises
    ------
    ParameterError
        If the markers are missing or out of order (the message names ``where``).
    """
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise ParameterError(f"{where} has no {start} ... {end} block")
    return pattern.sub(lambda _: f"{start}\n{block}\n{end}", text, count=1)


def first_heading(path: str | Path) -> str | None:
    """The heading that opens the notebook at ``path`` (``"07 · Why MSE misjudges audio,
    ..."``, without its ``#``); None where the file cannot be read or opens with no heading."""
    try:
        cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
        source = "".join(cells[0]["source"]).strip()
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None
    first = source.splitlines()[0] if source else ""
    return first.lstrip("#").strip() if first.startswith("#") else None


def sync_notebook_cell(path: str | Path, block: str, *, write: bool) -> bool:
    """Put ``block`` between the reference markers of the first cell of the notebook at
    ``path``; returns whether the cell was (or, with ``write=False``, would be) changed.

    Only the first cell's source changes; the rest of the file is written back as read.
    """
    path = Path(path)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cell = notebook["cells"][0]
    source = "".join(cell["source"])
    updated = replace_block(source, block, start=NOTEBOOK_START, end=NOTEBOOK_END,
                            where=f"the first cell of {path.name}")
    if updated == source:
        return False
    if write:
        cell["source"] = updated.splitlines(keepends=True)
        write_text_atomically(path, json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")
    return True

