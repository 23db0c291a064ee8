"""The static listening pages: ``figures/NN_name/listen.html``, which plays one notebook's
committed FLAC clips in any browser, grouped as the notebook compares them, and the index
``figures/listen.html``; the shared page template; the committed clips' size budget."""
from __future__ import annotations

import html
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dsp_paper.listening import channels_word
from dsp_paper.paths import write_text_atomically

__all__ = ["listening_page_html", "manifest_groups", "html_page", "write_listening_index",
           "audio_bytes", "AUDIO_BUDGET_BYTES"]

#: The most bytes the committed clips (every ``figures/*/audio`` folder together) may take.
AUDIO_BUDGET_BYTES = 20 * 2**20

_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;
color:#222;background:#fff}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(19em,1fr));gap:1em}
figure{margin:0;padding:.6em .8em;border:1px solid #ddd;border-radius:6px;background:#fafafa}
figcaption{font-weight:600;margin-bottom:.3em}
figure p{margin:.2em 0;font-size:90%}.facts{color:#666;font-size:85%}
audio{width:100%;margin-top:.4em}
details{margin-top:2em;color:#666;font-size:85%}
nav{margin:.2em 0 1em}nav a{margin-right:1.2em}.about{font-size:110%}
.listen{background:#fff8e0;border-left:4px solid #d9a400;padding:.3em .6em}
.note,.toc{color:#555;font-size:90%}.score{font-weight:600;color:#1d4f91}
section.notebook{margin-top:1.4em}section.notebook li{margin:.35em 0}
"""

# Waits for every <audio> element's metadata (or error) and writes what this browser measured
# into <pre id="durations"> as JSON {src: seconds or null}: a reader sees whether each clip
# loads, and a headless browser test reads the same element.
_DURATION_SCRIPT = """
(function () {
  var audios = Array.prototype.slice.call(document.querySelectorAll("audio"));
  var out = document.getElementById("durations"), result = {}, pending = audios.length;
  function finish() {
    out.textContent = JSON.stringify(result);
    out.setAttribute("data-complete", "true");
  }
  function settle(audio, seconds) {
    var key = audio.getAttribute("src");
    if (Object.prototype.hasOwnProperty.call(result, key)) return;
    result[key] = (typeof seconds === "number" && isFinite(seconds)) ? seconds : null;
    var shown = audio.parentNode.querySelector(".measured");
    if (shown) shown.textContent = result[key] === null ? " (does not load here)"
                                   : " (" + result[key].toFixed(2) + " s here)";
    if (--pending === 0) finish();
  }
  audios.forEach(function (audio) {
    audio.addEventListener("loadedmetadata", function () { settle(audio, audio.duration); });
    audio.addEventListener("error", function () { settle(audio, null); });
    if (audio.readyState >= 1) settle(audio, audio.duration);
    else if (audio.error) settle(audio, null);
  });
  if (pending === 0) finish();
})();
"""


def html_page(title: str, body: str, *, style: str = _STYLE, heading: bool = True) -> str:
    """A self-contained HTML document: ``body`` (HTML) under ``title``, styled by ``style``
    (CSS), with the title as its ``<h1>`` unless ``heading`` is False."""
    head = f"<h1>{html.escape(title)}</h1>\n" if heading else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
            f"{head}{body}\n</body>\n</html>\n")


def manifest_groups(manifest: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A manifest's groups (one per heading, in order of first appearance), each with its
    clips.

    Parameters
    ----------
    manifest : dict
        As written to ``audio/clips.json``; one written before groups were recorded (no
        ``groups`` entry) gets groups from its clips' headings, with nothing to listen for
        and no anchor.

    Returns
    -------
    list of dict
        ``heading``, ``anchor`` (the section's id on the page; empty where the manifest
        names none), ``listen_for``, ``score_note`` and ``clips`` (the manifest's clip
        entries of that heading).
    """
    known = {g["heading"]: dict(g) for g in manifest.get("groups", ())}
    groups = {}
    for clip in manifest["clips"]:
        heading = clip.get("heading", "")
        if heading not in groups:
            # no made-up anchor: a page written from an older manifest has no ids to link
            groups[heading] = {"anchor": "", "listen_for": "",
                               "score_note": "", **known.get(heading, {}),
                               "heading": heading, "clips": []}
        groups[heading]["clips"].append(clip)
    return list(groups.values())


def _score_line(clip: Mapping[str, Any], group: Mapping[str, Any]) -> str:
    if clip.get("score"):
        return f"<p class=\"score\">{html.escape(clip['score'])}</p>\n"
    if group.get("reference") == clip["title"]:
        return "<p class=\"score\">the reference of the scores</p>\n"
    return ""


def listening_page_html(manifest: Mapping[str, Any]) -> str:
    """A self-contained page (no external scripts, styles or fonts) that plays one notebook's
    committed clips, with what to listen for and a score beside each clip.

    Parameters
    ----------
    manifest : dict
        As written to ``audio/clips.json``: ``notebook``, ``scale``, optionally ``title``
        (the notebook's), ``groups`` (``heading``, ``anchor``, ``listen_for``,
        ``score_note``, ``reference``; see :func:`manifest_groups`) and ``clips``, a list of
        dicts with ``file`` (relative to the page, e.g. ``"audio/x.flac"``), ``title``,
        ``heading``, ``description``, ``seconds``, ``sample_rate`` and optionally
        ``channels`` and ``score`` (text, or None).

    Returns
    -------
    str
        The HTML document: links to the index (``../listen.html``), to the notebook's page
        on the site (``../site/<notebook>.html``) and to the site (``../site/index.html``);
        one ``<section id="<anchor>">`` per group, with what to listen for, then one
        ``<figure>`` per clip (its score, description, facts and an
        ``<audio controls preload="metadata">`` element), in a grid.
    """
    notebook = manifest["notebook"]
    groups = manifest_groups(manifest)
    sections, contents = [], []
    for group in groups:
        figures = []
        for clip in group["clips"]:
            facts = f"{clip['seconds']:.2f} s, {clip['sample_rate'] / 1000:g} kHz"
            if "channels" in clip:
                facts += f", {channels_word(clip['channels'])}"
            text = clip.get("description") or ""
            figures.append(
                "<figure>\n"
                f"<figcaption>{html.escape(clip['title'])}</figcaption>\n"
                + _score_line(clip, group)
                + (f"<p>{html.escape(text)}</p>\n" if text else "")
                + f"<p class=\"facts\">{facts}<span class=\"measured\"></span></p>\n"
                f"<audio controls preload=\"metadata\" src=\"{html.escape(clip['file'])}\">"
                "</audio>\n</figure>")
        anchor, heading = html.escape(group["anchor"]), group["heading"]
        title = f"<a href=\"#{anchor}\">{html.escape(heading)}</a>" if anchor else \
            html.escape(heading)
        head = f"<h2>{title}</h2>\n" if heading else ""
        listen = (f"<p class=\"listen\"><b>Listen for:</b> {html.escape(group['listen_for'])}"
                  "</p>\n" if group["listen_for"] else "")
        note = (f"<p class=\"note\">Scores: {html.escape(group['score_note'])}.</p>\n"
                if group["score_note"] else "")
        where = f" id=\"{anchor}\"" if anchor else ""
        sections.append(f"<section{where}>\n{head}{listen}{note}<div class=\"grid\">\n"
                        + "\n".join(figures) + "\n</div>\n</section>")
        if heading and anchor:
            contents.append(title)
    site = html.escape(f"../site/{notebook}.html")
    body = ((f"<p class=\"about\">{html.escape(manifest['title'])}</p>\n"
             if manifest.get("title") else "")
            + "<nav><a href=\"../listen.html\">\u2190 every listening page</a>"
              f"<a href=\"{site}\">the executed notebook</a>"
              "<a href=\"../site/index.html\">all notebooks</a></nav>\n"
            + "<p>The key audio clips of this notebook: the first seconds of each, as 16-bit "
              "FLAC (scaled down only where louder than full scale).</p>\n"
            + ("<p class=\"toc\">" + " \u00b7 ".join(contents) + "</p>\n"
               if len(contents) > 1 else "")
            + "\n".join(sections)
            + "\n<details><summary>durations measured by this browser</summary>"
              "<pre id=\"durations\"></pre></details>\n"
            + f"<script>{_DURATION_SCRIPT}</script>")
    return html_page(f"{notebook}: listening ({manifest['scale']} scale)", body)


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        manifest = json.loads((folder / "audio" / "clips.json").read_text(encoding="utf-8"))
        return manifest if isinstance(manifest.get("clips"), list) else None
    except (OSError, ValueError, AttributeError):
        return None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _group_line(folder: str, group: Mapping[str, Any]) -> str:
    """One group of a notebook on the index: a link to its section, its clip count, the
    range of its computed ESRs and what to listen for."""
    link = html.escape(f"{folder}/listen.html" + (f"#{group['anchor']}" if group["anchor"]
                                                  else ""))
    name = html.escape(group["heading"] or "clips")
    facts = [_plural(len(group["clips"]), "clip")]
    esr = [c["esr"] for c in group["clips"] if isinstance(c.get("esr"), (int, float))]
    if esr:
        span = f"{min(esr):.3g}" if len(esr) == 1 else f"{min(esr):.3g}\u2013{max(esr):.3g}"
        facts.append(f"ESR {span} against \u201c{html.escape(str(group.get('reference')))}\u201d")
    elif any(c.get("score") for c in group["clips"]):
        facts.append("scored by the run")
    listen = (f"<br><b>Listen for:</b> {html.escape(group['listen_for'])}"
              if group["listen_for"] else "")
    return f"<li><a href=\"{link}\">{name}</a> ({'; '.join(facts)}){listen}</li>"


def write_listening_index(root: str | os.PathLike) -> Path:
    """Write ``root/listen.html``: every notebook's listening page, what each of its groups
    compares and what to listen for, with links to each group and to the site.

    The page is written to a temporary file and moved into place with ``os.replace``, so a
    reader never sees half of it.

    Parameters
    ----------
    root : str or Path
        A figures root, e.g. ``figures/``, holding one folder per notebook (and the site,
        ``site/index.html`` and ``site/report.html``, which the index links).

    Returns
    -------
    Path
        The index page.
    """
    root = Path(root)
    sections = []
    for page in sorted(root.glob("*/listen.html")):
        folder = page.parent
        if folder.name.startswith("."):  # staging or old folders mid-publish
            continue
        name = html.escape(folder.name)
        manifest = _read_manifest(folder)
        if manifest is None:  # a page without its manifest: count its players
            count = page.read_text(encoding="utf-8").count("<audio")
            groups, title, scale = [], "", ""
        else:
            count, groups = len(manifest["clips"]), manifest_groups(manifest)
            title, scale = manifest.get("title") or "", manifest.get("scale") or ""
        lines = "".join(f"\n{_group_line(folder.name, g)}" for g in groups)
        sections.append(
            f"<section class=\"notebook\" id=\"{name}\">\n"
            f"<h2><a href=\"{name}/listen.html\">{html.escape(title or folder.name)}</a></h2>\n"
            f"<nav><a href=\"{name}/listen.html\">{name}: {_plural(count, 'clip')}"
            + (f" ({html.escape(scale)} scale)" if scale else "") + "</a>"
            f"<a href=\"site/{name}.html\">the executed notebook</a></nav>\n"
            + (f"<ul>{lines}\n</ul>\n" if lines else "") + "</section>")
    body = ("<nav><a href=\"site/index.html\">all notebooks, executed</a>"
            "<a href=\"site/report.html\">the report</a></nav>\n"
            "<p>Each notebook's key audio clips, grouped as the notebook compares them: what "
            "each group is about and what to listen for, and a score beside each clip on its "
            "page (an ESR against the group's reference, or a number the run computed; inputs "
            "and generated audio have none).</p>\n"
            + ("\n".join(sections) if sections else
               "<p>No notebook has published clips yet.</p>"))
    return write_text_atomically(root / "listen.html", html_page("Listening pages", body))


def audio_bytes(root: str | os.PathLike) -> int:
    """The bytes every ``root/*/audio`` folder holds together (what the budget limits).

    Parameters
    ----------
    root : str or Path
        A figures root.

    Returns
    -------
    int
        Total size in bytes of the files under ``root/*/audio`` (staging folders, whose names
        start with a dot, left out); 0 when there are none.
    """
    return sum(p.stat().st_size for folder in Path(root).glob("*/audio")
               if folder.is_dir() and not folder.parent.name.startswith(".")
               for p in folder.rglob("*") if p.is_file())
