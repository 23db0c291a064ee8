"""Listening: static HTML players that still play when the executed notebook is opened without
a kernel, an ipywidgets chooser for A/B listening with a live kernel, and the static listening
pages (``figures/NN_name/listen.html`` and the index ``figures/listen.html``) that play the
committed FLAC clips in any browser."""
from __future__ import annotations

import base64
import html
import io
import json
import os
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from dsp_paper.checks import check_audio, check_positive, check_sample_rate
from dsp_paper.errors import ParameterError
from dsp_paper.paths import write_text_atomically

if TYPE_CHECKING:
    import IPython.display
    import ipywidgets

__all__ = ["audio_html", "player", "players", "players_html", "clip_scores", "ab_chooser",
           "listening_page_html", "manifest_groups", "html_page", "write_listening_index",
           "audio_bytes", "AUDIO_BUDGET_BYTES"]

# FLAC is lossless and about half the size of WAV: a notebook with dozens of clips stays small.
_FORMAT, _MIME = "FLAC", "audio/flac"

#: The most bytes the committed clips (every ``figures/*/audio`` folder together) may take.
AUDIO_BUDGET_BYTES = 20 * 2**20


class EncodedClip(NamedTuple):
    """One clip as a 16-bit FLAC file: its bytes and what a listener needs to know."""

    data: bytes
    frames: int
    channels: int
    sample_rate: int

    @property
    def seconds(self) -> float:
        """Duration of the encoded (possibly cut) clip, in seconds."""
        return self.frames / self.sample_rate


def _first_seconds(audio: np.ndarray, sample_rate: int, max_seconds: float, *,
                   name: str) -> np.ndarray:
    """The first ``max_seconds`` of checked audio as float64, shape (n,) or (2, n): what a
    player holds, and what a score beside it is measured on."""
    audio = check_audio(audio, name=name, max_channels=2)
    sample_rate = check_sample_rate(sample_rate)
    max_seconds = check_positive(max_seconds, name="max_seconds")
    clip = np.asarray(audio, np.float64)
    clip = clip.reshape(-1, clip.shape[-1]) if clip.ndim > 1 else clip
    if clip.ndim > 1 and clip.shape[0] == 1:
        clip = clip[0]
    return clip[..., :max(1, int(round(max_seconds * sample_rate)))]


def encode_clip(audio: np.ndarray, sample_rate: int, max_seconds: float, *,
                name: str = "audio") -> EncodedClip:
    """The first ``max_seconds`` of ``audio`` as 16-bit PCM FLAC, scaled down if it is louder
    than full scale.

    The one encoder behind the inline players and the committed ``audio/*.flac`` files.

    Parameters
    ----------
    audio : np.ndarray, shape (n,) or (channels, n), channels <= 2
        Float samples, nominally in [-1, 1]; the last axis is time.
    sample_rate : int
        Samples per second (Hz).
    max_seconds : float
        Longer audio is cut to this many seconds.
    name : str
        How an error message refers to the clip.

    Returns
    -------
    EncodedClip
        The FLAC bytes, the number of frames and channels, and the sample rate.

    Raises
    ------
    ParameterError
        If the audio is empty, not float, has NaN or infinite samples or more than two
        channels, or if the sample rate or ``max_seconds`` is bad.
    """
    import soundfile  # heavy: soundfile

    clip = _first_seconds(audio, sample_rate, max_seconds, name=name)
    peak = np.max(np.abs(clip))
    if peak > 1.0:  # a player cannot hold more; scaling beats clipping for listening
        clip = clip / peak
    buffer = io.BytesIO()
    soundfile.write(buffer, clip.T, sample_rate, format=_FORMAT, subtype="PCM_16")
    return EncodedClip(buffer.getvalue(), int(clip.shape[-1]), 1 if clip.ndim == 1 else 2,
                       sample_rate)


def _encode(audio: np.ndarray, sample_rate: int, max_seconds: float, *,
            name: str = "audio") -> str:
    data = encode_clip(audio, sample_rate, max_seconds, name=name).data
    return base64.b64encode(data).decode("ascii")


def audio_html(audio: np.ndarray, sample_rate: int, *, title: str = "",
               max_seconds: float = 5.0, clip: str | None = None, score: str = "") -> str:
    """An HTML ``<audio>`` element with the first ``max_seconds`` embedded as FLAC.

    Parameters
    ----------
    audio : np.ndarray, shape (n,) or (2, n)
        Float samples; louder than full scale is scaled down, not clipped.
    sample_rate : int
        Hz.
    title : str
        Shown above the player (and named in error messages).
    max_seconds : float
        Longer audio is cut, to keep executed notebooks small.
    clip : str, optional
        Where the same clip is committed, relative to the figures root
        (``"07_mse_critique/audio/x.flac"``), kept as the element's ``data-clip``: the site
        (:mod:`dsp_paper.study.site`) plays that file instead of a second embedded copy.
    score : str
        Shown beside the title (``"ESR 0.0034"``); none when empty.

    Returns
    -------
    str
    """
    data = _encode(audio, sample_rate, max_seconds,
                   name=f"clip {title!r}" if title else "audio")
    scored = f" <span style='color:#555'>· {html.escape(score)}</span>" if score else ""
    label = f"<div style='font-size:90%'>{html.escape(title)}{scored}</div>" \
        if title or score else ""
    where = f" data-clip='{html.escape(clip, quote=True)}'" if clip else ""
    # the site finds players by this exact attribute order (study.site._EMBEDDED_CLIP)
    return (f"<div style='display:inline-block;margin:2px 12px 2px 0'>{label}"
            f"<audio controls preload='none'{where} src='data:{_MIME};base64,{data}'></audio>"
            "</div>")


def player(audio: np.ndarray, sample_rate: int, *, title: str = "",
           max_seconds: float = 5.0) -> IPython.display.HTML:
    """A static player (an ``IPython.display.HTML``) that works without a kernel."""
    from IPython.display import HTML  # heavy: IPython

    return HTML(audio_html(audio, sample_rate, title=title, max_seconds=max_seconds))


class ClipScores(NamedTuple):
    """What :func:`clip_scores` gives: each scored clip's text, and its ESR where computed."""

    text: dict[str, str]
    esr: dict[str, float]
    reference: str | None
    seconds: float

    def note(self) -> str:
        """One line on what the computed scores are, for above the players (empty if none)."""
        if not self.esr:
            return ""
        return (f"ESR against \u201c{self.reference}\u201d over the same first "
                f"{self.seconds:.3g} s (0 is perfect; 1 is what silence scores)")


def clip_scores(clips: Mapping[str, np.ndarray], sample_rate: int, *, seconds: float,
                scores: Mapping[str, str] | None = None, reference: str | None = None,
                unscored: Collection[str] = ()) -> ClipScores:
    """The short score shown beside each clip: given by the study, or each clip's ESR against
    a reference clip on the very seconds a listener hears.

    Parameters
    ----------
    clips : dict of str to np.ndarray, each shape (n,) or (2, n)
        Title -> float audio; the last axis is time.
    sample_rate : int
        Hz, shared by every clip.
    seconds : float
        The players' length: the ESR compares the first ``seconds`` of a clip with the first
        ``seconds`` of the reference (the shorter of the two sets the length).
    scores : dict of str to str, optional
        Title -> a score the study computed, as text (``"test ESR 0.0034"``); it takes the
        place of the computed ESR for that clip.
    reference : str, optional
        The title of the clip every other clip is measured against (the target): each other
        clip, less those in ``unscored`` and ``scores``, gets ``"ESR <value>"``, with ESR =
        sum((reference - clip)^2) / sum(reference^2) (:func:`dsp_paper.metrics.esr`).
    unscored : collection of str
        Titles that get no computed score: inputs, generated audio, anything an ESR against
        the reference would not describe.

    Returns
    -------
    ClipScores
        ``text`` (title -> score text, only the clips that have one), ``esr`` (title -> ESR,
        the computed ones), ``reference`` and ``seconds`` (what the reference's player holds:
        ``seconds``, or less where the reference is shorter).

    Raises
    ------
    ParameterError
        If ``reference``, a key of ``scores`` or a title in ``unscored`` is not a clip's
        title, a title is both given a score and left unscored, a score is not a non-empty
        str, the reference is silent over those seconds, or a clip's channels differ from the
        reference's (no ESR between mono and stereo).
    """
    titles = [str(t) for t in clips]
    given = {str(k): v for k, v in (scores or {}).items()}
    left = {str(t) for t in unscored}
    for what, names in (("scores name", set(given)), ("unscored names", left)):
        unknown = sorted(names - set(titles))
        if unknown:
            raise ParameterError(f"{what} clips that are not given: {unknown}")
    if reference is not None and str(reference) not in titles:
        raise ParameterError(f"the reference {reference!r} is not a clip's title; the titles "
                             f"are {titles}")
    both = sorted(set(given) & left)
    if both:
        raise ParameterError(f"clips both scored and unscored: {both}")
    bad = sorted(t for t, v in given.items() if not isinstance(v, str) or not v.strip())
    if bad:
        raise ParameterError(f"a score must be non-empty text (format the number where the "
                             f"run computed it); not so for {bad}")
    esr = {}
    if reference is not None:
        from dsp_paper.metrics import esr as error_to_signal  # heavy: scipy

        audio = {str(t): a for t, a in clips.items()}
        target = _first_seconds(audio[str(reference)], sample_rate, seconds,
                                name=f"the reference {str(reference)!r}")
        if not np.any(target):
            raise ParameterError(f"the reference {reference!r} is silent over its first "
                                 f"{seconds:g} s: no ESR against it")
        for title in titles:
            if title == str(reference) or title in left or title in given:
                continue
            clip = _first_seconds(audio[title], sample_rate, seconds, name=f"clip {title!r}")
            if clip.ndim != target.ndim:
                raise ParameterError(f"clip {title!r} has {_channels_word(_channels(clip))} "
                                     f"audio, the reference {reference!r} "
                                     f"{_channels_word(_channels(target))}: no ESR between "
                                     "them; leave it unscored")
            n = min(clip.shape[-1], target.shape[-1])
            esr[title] = error_to_signal(clip[..., :n], target[..., :n])
    text = {t: f"ESR {esr[t]:.3g}" if t in esr else given[t] for t in titles
            if t in esr or t in given}
    if reference is None:
        return ClipScores(text, esr, None, float(seconds))
    heard = target.shape[-1] / check_sample_rate(sample_rate)
    return ClipScores(text, esr, str(reference), heard)


def _channels(clip: np.ndarray) -> int:
    return 1 if clip.ndim == 1 else clip.shape[0]


def players_html(clips: Mapping[str, np.ndarray], sample_rate: int, *,
                 max_seconds: float = 5.0, heading: str = "",
                 files: Mapping[str, str] | None = None, listen_for: str = "",
                 scored: ClipScores | None = None) -> str:
    """The HTML of :func:`players`, with the scores already computed (``scored``)."""
    files = files or {}
    text = scored.text if scored else {}
    body = "".join(audio_html(a, sample_rate, title=str(t), max_seconds=max_seconds,
                              clip=files.get(str(t)), score=text.get(str(t), ""))
                   for t, a in clips.items())
    head = f"<b>{html.escape(heading)}</b><br>" if heading else ""
    notes = [f"<i>listen for:</i> {html.escape(listen_for)}"] if listen_for else []
    if scored and scored.note():
        notes.append(html.escape(scored.note()))
    note = "".join(f"<div style='font-size:90%;max-width:60em'>{n}</div>" for n in notes)
    return f"<div>{head}{note}{body}</div>"


def players(clips: Mapping[str, np.ndarray], sample_rate: int, *, max_seconds: float = 5.0,
            heading: str = "", files: Mapping[str, str] | None = None,
            listen_for: str = "", scores: Mapping[str, str] | None = None,
            reference: str | None = None,
            unscored: Collection[str] = ()) -> IPython.display.HTML:
    """Several players side by side, e.g. ``{"input": x, "target": y}``.

    Parameters
    ----------
    clips : dict of str to np.ndarray, each shape (n,) or (2, n)
        Title -> audio.
    sample_rate : int
        Hz, shared by every clip.
    max_seconds : float
        Each clip is cut to this many seconds.
    heading : str
        Shown in bold above the players.
    files : dict of str to str, optional
        Title -> where that clip is committed (see :func:`audio_html`'s ``clip``).
    listen_for : str
        What the comparison is about, shown under the heading ("the tick every half
        second").
    scores, reference, unscored
        The score beside each clip (:func:`clip_scores`, over the first ``max_seconds``).

    Returns
    -------
    IPython.display.HTML

    Raises
    ------
    ParameterError
        As :func:`clip_scores`, or if ``listen_for`` is not a str.
    """
    from IPython.display import HTML  # heavy: IPython

    if not isinstance(listen_for, str):
        raise ParameterError(f"listen_for must be text, got {type(listen_for).__name__}")
    scored = clip_scores(clips, sample_rate, seconds=max_seconds, scores=scores,
                         reference=reference, unscored=unscored)
    return HTML(players_html(clips, sample_rate, max_seconds=max_seconds, heading=heading,
                             files=files, listen_for=listen_for, scored=scored))


def ab_chooser(clips: Mapping[str, np.ndarray], sample_rate: int, *,
               max_seconds: float = 5.0) -> ipywidgets.VBox:
    """A/B listening with a live kernel: toggle buttons pick which clip the player holds.

    Without a kernel the widget does not render; every notebook also shows static players.
    """
    import ipywidgets as widgets  # heavy: ipywidgets

    names = list(clips)
    encoded = {n: audio_html(clips[n], sample_rate, title=n, max_seconds=max_seconds)
               for n in names}
    shown = widgets.HTML(encoded[names[0]])
    choice = widgets.ToggleButtons(options=names, description="listen to")
    choice.observe(lambda change: setattr(shown, "value", encoded[change["new"]]), names="value")
    return widgets.VBox([choice, shown])


# --- static listening pages ---------------------------------------------------------------

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


def _channels_word(channels: int) -> str:
    return "mono" if channels == 1 else "stereo" if channels == 2 else f"{channels} channels"


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
                facts += f", {_channels_word(clip['channels'])}"
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
