"""Listening in the notebook: static HTML players that still play when the executed notebook
is opened without a kernel, and an ipywidgets chooser for A/B listening with a live kernel."""
from __future__ import annotations

import base64
import html
import io

import numpy as np

from .checks import check_audio, check_positive, check_sample_rate

__all__ = ["audio_html", "player", "players", "ab_chooser"]

# FLAC is lossless and about half the size of WAV: a notebook with dozens of clips stays small.
_FORMAT, _MIME = "FLAC", "audio/flac"


def _encode(audio, sample_rate, max_seconds):
    import soundfile

    audio = check_audio(audio, max_channels=2)
    sample_rate = check_sample_rate(sample_rate)
    max_seconds = check_positive(max_seconds, name="max_seconds")
    clip = np.asarray(audio, np.float64)[..., :int(max_seconds * sample_rate)]
    peak = np.max(np.abs(clip))
    if peak > 1.0:  # a player cannot hold more; scaling beats clipping for listening
        clip = clip / peak
    buffer = io.BytesIO()
    soundfile.write(buffer, clip.T, sample_rate, format=_FORMAT, subtype="PCM_16")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def audio_html(audio, sample_rate, *, title="", max_seconds=5.0):
    """An HTML ``<audio>`` element with the first ``max_seconds`` embedded as FLAC.

    Parameters
    ----------
    audio : np.ndarray, shape (n,) or (2, n)
    sample_rate : int
    title : str
    max_seconds : float
        Longer audio is cut, to keep executed notebooks small.

    Returns
    -------
    str
    """
    data = _encode(audio, sample_rate, max_seconds)
    label = f"<div style='font-size:90%'>{html.escape(title)}</div>" if title else ""
    return (f"<div style='display:inline-block;margin:2px 12px 2px 0'>{label}"
            f"<audio controls preload='none' src='data:{_MIME};base64,{data}'></audio></div>")


def player(audio, sample_rate, *, title="", max_seconds=5.0):
    """A static player (an ``IPython.display.HTML``) that works without a kernel."""
    from IPython.display import HTML

    return HTML(audio_html(audio, sample_rate, title=title, max_seconds=max_seconds))


def players(clips, sample_rate, *, max_seconds=5.0, heading=""):
    """Several players side by side, e.g. ``{"input": x, "target": y}``."""
    from IPython.display import HTML

    body = "".join(audio_html(a, sample_rate, title=t, max_seconds=max_seconds)
                   for t, a in clips.items())
    head = f"<b>{html.escape(heading)}</b><br>" if heading else ""
    return HTML(f"<div>{head}{body}</div>")


def ab_chooser(clips, sample_rate, *, max_seconds=5.0):
    """A/B listening with a live kernel: toggle buttons pick which clip the player holds.

    Without a kernel the widget does not render; every notebook also shows static players.
    """
    import ipywidgets as widgets

    names = list(clips)
    encoded = {n: audio_html(clips[n], sample_rate, title=n, max_seconds=max_seconds)
               for n in names}
    shown = widgets.HTML(encoded[names[0]])
    choice = widgets.ToggleButtons(options=names, description="listen to")
    choice.observe(lambda change: setattr(shown, "value", encoded[change["new"]]), names="value")
    return widgets.VBox([choice, shown])
