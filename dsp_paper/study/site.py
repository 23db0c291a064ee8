"""The executed notebooks as a static site that opens from the clone with no server and no
kernel: ``figures/site/index.html`` (one card per notebook: what it rebuilds, cited in full,
its verdicts in words, where to listen), one page per notebook rendered by nbconvert, and the
report as ``report.html``.

Audio and figures are not embedded a second time: a player whose ``<audio>`` element names its
committed clip (``data-clip``, see :func:`dsp_paper.listening.audio_html`) plays that FLAC file,
and a figure whose output names its published PNG (``FigureStore.show``) shows that file.

This module knows no study: the notebooks' references and claims come from the caller.
"""
from __future__ import annotations

import html
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from dsp_paper.errors import ParameterError
from dsp_paper.listening_pages import html_page
from dsp_paper.study.references import first_heading

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from dsp_paper.study.references import Reference

__all__ = ["DocumentCard", "render_notebook_page", "build_site", "SITE_FOLDER",
           "committed_media"]

SITE_FOLDER = "site"
_TEMPLATE_DIR = Path(__file__).with_name("site_template")
# <audio ... data-clip='X' src='data:...'> as audio_html writes it
_WIDGET = "application/vnd.jupyter.widget-view+json"
_WIDGET_NOTE = ("<p><i>Here the notebook shows an interactive A/B chooser, which needs a live "
                "kernel: open the notebook in Jupyter to use it. The players above play the "
                "same clips.</i></p>")
_EMBEDDED_CLIP = re.compile(r"preload='none' data-clip='([^']+)' src='data:[^']*'")


@dataclass(frozen=True)
class DocumentCard:
    """What the landing page says about one document (or the extension beyond them).

    Parameters
    ----------
    heading : str
        The card's title, e.g. ``"000 · TensorFlow Signal Processing"``.
    references : sequence of Reference
        The document, cited in full (or, for the extension, the works it sets beside).
    notebooks : sequence of str
        The notebooks (``NN_name``) that rebuild it.
    verdicts : sequence of (str, str, str, str)
        ``(claim id, claim, verdict, one-line reason)`` for each of its sub-claims.
    """

    heading: str
    references: Sequence[Reference] = ()
    notebooks: Sequence[str] = ()
    verdicts: Sequence[tuple[str, str, str, str]] = field(default_factory=tuple)


def _relative(target: str, *, depth: int = 1) -> str:
    """``target`` (relative to the figures root) as seen from a page ``depth`` folders down."""
    return "../" * depth + str(PurePosixPath(target))


def committed_media(notebook: NotebookNode,
                    figures_root: str | os.PathLike) -> tuple[dict[str, int], list[str]]:
    """Point the notebook's players and figures at their committed files instead of embedded
    copies, in place, and replace each widget (it needs a live kernel) by a note.

    Parameters
    ----------
    notebook : NotebookNode
        An executed notebook (changed in place).
    figures_root : str or Path
        The folder the ``data-clip`` and figure names are relative to (``figures/``).

    Returns
    -------
    counts : dict
        ``linked_clips``, ``linked_figures``, ``widgets``: how many of each were replaced.
    missing : list of str
        The files a player or figure names that ``figures_root`` lacks (then the run and the
        published results are not the same run); those stay embedded.
    """
    root = Path(figures_root)
    counts = dict(linked_clips=0, linked_figures=0, widgets=0)
    missing = []

    def link_clip(match: re.Match) -> str:
        clip = match.group(1)
        if not (root / clip).is_file():
            missing.append(clip)
            return match.group(0)
        counts["linked_clips"] += 1
        return f"preload='metadata' data-clip='{clip}' src='{_relative(clip)}'"

    for cell in notebook.cells:
        for output in cell.get("outputs", ()):
            data = output.get("data", {})
            if _WIDGET in data:
                data.clear()
                data["text/html"] = _WIDGET_NOTE
                counts["widgets"] += 1
                continue
            if "text/html" in data:
                text = data["text/html"]
                text = "".join(text) if isinstance(text, list) else text
                data["text/html"] = _EMBEDDED_CLIP.sub(link_clip, text)
            figure = output.get("metadata", {}).get("dsp_paper", {}).get("file")
            if "image/png" in data and figure:
                if (root / figure).is_file():
                    del data["image/png"]
                    data["text/html"] = (f"<img src=\"{html.escape(_relative(figure))}\" "
                                         f"alt=\"{html.escape(figure)}\">")
                    counts["linked_figures"] += 1
                else:
                    missing.append(figure)
    if counts["widgets"]:  # their saved state holds the clips once more
        notebook.metadata.pop("widgets", None)
    return counts, missing


def _navigation(name: str, names: Sequence[str], *, listening: bool) -> str:
    at = names.index(name)
    links = ["[all notebooks](index.html)", "[the report](report.html)"]
    if listening:
        links.append(f"[listen to its clips](../{name}/listen.html)")
    if at > 0:
        links.append(f"[← {names[at - 1]}]({names[at - 1]}.html)")
    if at + 1 < len(names):
        links.append(f"[{names[at + 1]} →]({names[at + 1]}.html)")
    return " · ".join(links)


def _exporter():
    from nbconvert import HTMLExporter  # heavy: nbconvert

    # lab's template, less the scripts it fetches from CDNs (require.js, MathJax, Mermaid): the site
    # opens offline, and no notebook here writes TeX
    return HTMLExporter(template_name="site", extra_template_basedirs=[str(_TEMPLATE_DIR)],
                        exclude_input_prompt=True, exclude_output_prompt=True)


def render_notebook_page(executed: str | os.PathLike, destination: str | os.PathLike, *,
                         figures_root: str | os.PathLike, names: Sequence[str],
                         title: str) -> dict[str, int]:
    """Render one executed notebook to ``destination`` (an HTML file in the site folder).

    Parameters
    ----------
    executed : str or Path
        The executed notebook ``NN_name.ipynb``.
    destination : str or Path
        The page to write.
    figures_root : str or Path
        Where its clips and figures are published (see :func:`committed_media`).
    names : sequence of str
        Every notebook of the site, in order (for the links to the previous and next).
    title : str
        The page's title.

    Returns
    -------
    dict
        What :func:`committed_media` counted.

    Raises
    ------
    ParameterError
        If the notebook ran at another scale than the results published in ``figures_root``
        (its ``SCALE`` file), or names clips or figures they lack: the page would show one
        run's text beside another's results.
    """
    import nbformat  # heavy: nbformat

    executed, root = Path(executed), Path(figures_root)
    notebook = nbformat.read(executed, as_version=4)
    name = executed.stem
    ran_at = notebook.metadata.get("papermill", {}).get("parameters", {}).get("scale")
    scale_file = root / name / "SCALE"
    published_at = scale_file.read_text().strip() if scale_file.is_file() else None
    if ran_at != published_at:
        raise ParameterError(f"{executed} ran at scale {ran_at!r} but {root / name} holds "
                             f"results at {published_at!r}: run the notebook again "
                             f"(python -m dsp_paper run --scale ... --only {name[:2]})")
    counts, missing = committed_media(notebook, root)
    if missing:
        raise ParameterError(f"{executed} plays or shows files {root} lacks ("
                             + ", ".join(sorted(set(missing))[:5])
                             + "): it is not the run those results came from; run it again")
    notebook.metadata.pop("papermill", None)  # its paths are this machine's
    listening = (root / name / "listen.html").is_file()
    notebook.cells.insert(0, nbformat.v4.new_markdown_cell(  # a fixed id: the same run, the
        _navigation(name, names, listening=listening), id="site-navigation"))  # same page
    notebook.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(notebook)
    Path(destination).write_text(body, encoding="utf-8")
    return counts


def _markdown_html(text: str) -> str:
    import mistune  # heavy: mistune (nbconvert's Markdown renderer)

    return mistune.create_markdown(escape=True, plugins=["table", "strikethrough", "url"])(text)


_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;
color:#222;background:#fff;line-height:1.45}
h1{font-size:1.6em}h2{font-size:1.2em;margin:0 0 .4em}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(30em,1fr));gap:1.2em}
.card{border:1px solid #ddd;border-radius:8px;padding:1em 1.2em;background:#fafafa}
.card ul{padding-left:1.2em;margin:.3em 0}.card li{margin:.25em 0}
.cite{font-size:90%}.links a{margin-right:1em}
.verdict{font-weight:600}.supported{color:#17652c}.not-supported{color:#a12a1b}
.inconclusive{color:#6b5a00}.reason{color:#555;font-size:88%}
table{border-collapse:collapse;font-size:88%}td,th{border:1px solid #ddd;padding:.25em .5em;
vertical-align:top}
"""


def _page(title: str, body: str) -> str:
    return html_page(title, body, style=_STYLE, heading=False)


def _verdict_class(verdict: str) -> str:
    return {"supported": "supported", "not supported": "not-supported"}.get(verdict,
                                                                              "inconclusive")


def _card(card: DocumentCard, *, titles: dict[str, str], root: Path) -> str:
    cites = "".join(f"<li class=\"cite\">{ref.html()}</li>" for ref in card.references)
    rebuilt = "".join(
        f"<li><a href=\"{nb}.html\">{html.escape(titles[nb])}</a>"
        + (f" · <a href=\"../{nb}/listen.html\">listen</a>"
           if (root / nb / "listen.html").is_file() else "") + "</li>"
        for nb in card.notebooks)
    verdicts = "".join(
        f"<li><b>{html.escape(cid)}</b> {html.escape(claim)} "
        f"<span class=\"verdict {_verdict_class(verdict)}\">{html.escape(verdict)}</span>"
        + (f"<br><span class=\"reason\">{html.escape(reason)}</span>" if reason else "")
        + "</li>" for cid, claim, verdict, reason in card.verdicts)
    return ("<section class=\"card\">\n"
            f"<h2>{html.escape(card.heading)}</h2>\n"
            + (f"<ul>{cites}</ul>\n" if cites else "")
            + f"<p><b>Rebuilt in</b></p><ul>{rebuilt}</ul>\n"
            + (f"<p><b>What held and what did not</b></p><ul>{verdicts}</ul>\n" if verdicts
               else "<p>It makes no claim the notebooks judge.</p>\n")
            + "</section>")


def _report_page(report: Path, names: Sequence[str]) -> str:
    """REPORT.md as HTML, its links (relative to the figures root) made relative to the site;
    a link to a notebook's source goes to its executed page instead."""
    body = _markdown_html(report.read_text(encoding="utf-8"))

    def relink(match: re.Match) -> str:
        target = html.unescape(match.group(1))
        if re.match(r"^[a-z]+:|^#", target):
            return match.group(0)
        notebook = re.fullmatch(r"\.\./notebooks/(\d\d_\w+)\.ipynb", target)
        if notebook and notebook.group(1) in names:
            return f"href=\"{notebook.group(1)}.html\""
        return f"href=\"{html.escape(_relative(target))}\""

    body = re.sub(r"href=\"([^\"]+)\"", relink, body)
    nav = "<p><a href=\"index.html\">← all notebooks</a> · <a href=\"../listen.html\">" \
          "listening pages</a></p>\n"
    return _page("Reproduction report", nav + body)


def build_site(executed: str | os.PathLike, figures_root: str | os.PathLike,
               notebooks: Sequence[str], cards: Sequence[DocumentCard], *,
               intro: str = "") -> dict[str, object]:
    """Write ``figures_root/site/``: ``index.html`` (one card per document), one page per
    executed notebook, and ``report.html`` (from ``figures_root/REPORT.md``).

    The site is built in a staging folder and swapped in whole, so a reader never sees half
    of it and a failed build leaves the previous site.

    Parameters
    ----------
    executed : str or Path
        The folder of executed notebooks (``build/``).
    figures_root : str or Path
        ``figures/``: the published results the pages link to.
    notebooks : sequence of str
        Every notebook (``NN_name``) of the site, in order.
    cards : sequence of DocumentCard
        The landing page's cards, in order.
    intro : str
        Markdown shown at the top of the landing page.

    Returns
    -------
    dict
        ``folder`` (the site), ``pages`` (notebook -> what :func:`committed_media` counted),
        ``bytes`` (the site's size).

    Raises
    ------
    ParameterError
        If an executed notebook is missing or is not the run whose results ``figures_root``
        holds (see :func:`render_notebook_page`), a card names a notebook that is not in
        ``notebooks``, or ``REPORT.md`` is absent.
    """
    executed, root = Path(executed), Path(figures_root)
    names = list(notebooks)
    missing = [str(executed / f"{n}.ipynb") for n in names
               if not (executed / f"{n}.ipynb").is_file()]
    if missing:
        raise ParameterError("no executed notebook for the site: " + ", ".join(missing)
                             + " (make reproduce writes them)")
    unknown = sorted({nb for card in cards for nb in card.notebooks} - set(names))
    if unknown:
        raise ParameterError(f"cards name notebooks the site does not have: {unknown}")
    if not (root / "REPORT.md").is_file():
        raise ParameterError(f"no {root / 'REPORT.md'}: run `python -m dsp_paper report` first")
    staging = root / f".{SITE_FOLDER}-staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        pages, titles = {}, {}
        for name in names:
            titles[name] = first_heading(executed / f"{name}.ipynb") or name
            pages[name] = render_notebook_page(
                executed / f"{name}.ipynb", staging / f"{name}.html",
                figures_root=root, names=names, title=titles[name])
        sections = [_card(card, titles=titles, root=root) for card in cards]
        body = ("<h1>dsp_paper: the notebooks, executed</h1>\n"
                + (_markdown_html(intro) if intro else "")
                + "<p class=\"links\"><a href=\"report.html\">the full report</a>"
                  "<a href=\"../listen.html\">every listening page</a></p>\n"
                + "<div class=\"cards\">\n" + "\n".join(sections) + "\n</div>\n"
                + "<h2>Every notebook</h2><ol>" + "".join(
                    f"<li><a href=\"{n}.html\">{html.escape(titles[n])}</a></li>"
                    for n in names) + "</ol>")
        (staging / "index.html").write_text(_page("dsp_paper: the notebooks, executed", body),
                                            encoding="utf-8")
        (staging / "report.html").write_text(_report_page(root / "REPORT.md", names),
                                             encoding="utf-8")
        final, old = root / SITE_FOLDER, root / f".{SITE_FOLDER}-old-{os.getpid()}"
        if final.exists():
            final.rename(old)
        try:
            staging.rename(final)
        except OSError:
            if old.exists():  # put the previous site back
                old.rename(final)
            raise
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    size = sum(p.stat().st_size for p in final.rglob("*") if p.is_file())
    return {"folder": final, "pages": pages, "bytes": size}
