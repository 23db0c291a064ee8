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
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from dsp_paper.checks import check_audio, check_positive, check_sample_rate

if TYPE_CHECKING:
    import IPython.display
    import ipywidgets

__all__ = ["audio_html", "player", "players", "ab_chooser", "listening_page_html",
           "write_listening_index", "audio_bytes", "AUDIO_BUDGET_BYTES"]

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

    audio = check_audio(audio, name=name, max_channels=2)
    sample_rate = check_sample_rate(sample_rate)
    max_seconds = check_positive(max_seconds, name="max_seconds")
    clip = np.asarray(audio, np.float64)
    clip = clip.reshape(-1, clip.shape[-1]) if clip.ndim > 1 else clip
    if clip.ndim > 1 and clip.shape[0] == 1:
        clip = clip[0]
    clip = clip[..., :max(1, int(round(max_seconds * sample_rate)))]
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
               max_seconds: float = 5.0) -> str:
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

    Returns
    -------
    str
    """
    data = _encode(audio, sample_rate, max_seconds,
                   name=f"clip {title!r}" if title else "audio")
    label = f"<div style='font-size:90%'>{html.escape(title)}</div>" if title else ""
    return (f"<div style='display:inline-block;margin:2px 12px 2px 0'>{label}"
            f"<audio controls preload='none' src='data:{_MIME};base64,{data}'></audio></div>")


def player(audio: np.ndarray, sample_rate: int, *, title: str = "",
           max_seconds: float = 5.0) -> IPython.display.HTML:
    """A static player (an ``IPython.display.HTML``) that works without a kernel."""
    from IPython.display import HTML  # heavy: IPython

    return HTML(audio_html(audio, sample_rate, title=title, max_seconds=max_seconds))


def players(clips: Mapping[str, np.ndarray], sample_rate: int, *, max_seconds: float = 5.0,
            heading: str = "") -> IPython.display.HTML:
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

    Returns
    -------
    IPython.display.HTML
    """
    from IPython.display import HTML  # heavy: IPython

    body = "".join(audio_html(a, sample_rate, title=str(t), max_seconds=max_seconds)
                   for t, a in clips.items())
    head = f"<b>{html.escape(heading)}</b><br>" if heading else ""
    return HTML(f"<div>{head}{body}</div>")


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


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
            f"<h1>{html.escape(title)}</h1>\n{body}\n</body>\n</html>\n")


def _channels_word(channels: int) -> str:
    return "mono" if channels == 1 else "stereo" if channels == 2 else f"{channels} channels"


def listening_page_html(manifest: Mapping[str, Any]) -> str:
    """A self-contained page (no external scripts, styles or fonts) that plays one notebook's
    committed clips.

    Parameters
    ----------
    manifest : dict
        As written to ``audio/clips.json``: ``notebook``, ``scale`` and ``clips``, a list of
        dicts with ``file`` (relative to the page, e.g. ``"audio/x.flac"``), ``title``,
        ``heading``, ``description``, ``seconds`` and ``sample_rate`` (and optionally
        ``channels``). Clips are grouped by heading, in order of first appearance.

    Returns
    -------
    str
        The HTML document: one ``<section>`` per heading, one ``<figure>`` per clip holding an
        ``<audio controls preload="metadata">`` element, in a grid.
    """
    groups = {}
    for clip in manifest["clips"]:
        groups.setdefault(clip.get("heading", ""), []).append(clip)
    sections = []
    for heading, clips in groups.items():
        figures = []
        for clip in clips:
            facts = f"{clip['seconds']:.2f} s, {clip['sample_rate'] / 1000:g} kHz"
            if "channels" in clip:
                facts += f", {_channels_word(clip['channels'])}"
            text = clip.get("description") or ""
            figures.append(
                "<figure>\n"
                f"<figcaption>{html.escape(clip['title'])}</figcaption>\n"
                + (f"<p>{html.escape(text)}</p>\n" if text else "")
                + f"<p class=\"facts\">{facts}<span class=\"measured\"></span></p>\n"
                f"<audio controls preload=\"metadata\" src=\"{html.escape(clip['file'])}\">"
                "</audio>\n</figure>")
        head = f"<h2>{html.escape(heading)}</h2>\n" if heading else ""
        sections.append(f"<section>\n{head}<div class=\"grid\">\n" + "\n".join(figures)
                        + "\n</div>\n</section>")
    body = ("<p>The key audio clips of this notebook: the first seconds of each, as 16-bit "
            "FLAC (scaled down only where louder than full scale).</p>\n"
            + "\n".join(sections)
            + "\n<details><summary>durations measured by this browser</summary>"
              "<pre id=\"durations\"></pre></details>\n"
            + f"<script>{_DURATION_SCRIPT}</script>")
    return _page(f"{manifest['notebook']}: listening ({manifest['scale']} scale)", body)


def _write_atomically(path: str | os.PathLike, text: str) -> Path:
    path = Path(path)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def _clip_count(folder: Path) -> int:
    manifest = folder / "audio" / "clips.json"
    try:
        return len(json.loads(manifest.read_text())["clips"])
    except (OSError, ValueError, KeyError, TypeError):
        return (folder / "listen.html").read_text(encoding="utf-8").count("<audio")


def write_listening_index(root: str | os.PathLike) -> Path:
    """Write ``root/listen.html``: a link to every ``root/*/listen.html`` with its clip count.

    The page is written to a temporary file and moved into place with ``os.replace``, so a
    reader never sees half of it.

    Parameters
    ----------
    root : str or Path
        A figures root, e.g. ``figures/``, holding one folder per notebook.

    Returns
    -------
    Path
        The index page.
    """
    root = Path(root)
    rows = []
    for page in sorted(root.glob("*/listen.html")):
        folder = page.parent
        if folder.name.startswith("."):  # staging or old folders mid-publish
            continue
        count = _clip_count(folder)
        link = html.escape(f"{folder.name}/listen.html")
        rows.append(f"<li><a href=\"{link}\">{html.escape(folder.name)}</a>: "
                    f"{count} clip{'' if count == 1 else 's'}</li>")
    body = ("<ul>\n" + "\n".join(rows) + "\n</ul>") if rows else \
        "<p>No notebook has published clips yet.</p>"
    return _write_atomically(root / "listen.html", _page("Listening pages", body))


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
