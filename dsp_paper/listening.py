"""Listening in a notebook: static HTML players that still play when the executed notebook is
opened without a kernel, each clip's score, and an ipywidgets chooser for A/B listening with a
live kernel. The static pages that play the committed clips are
:mod:`dsp_paper.listening_pages`."""
from __future__ import annotations

import base64
import html
import io
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from dsp_paper.checks import check_audio, check_positive, check_sample_rate
from dsp_paper.errors import ParameterError

if TYPE_CHECKING:
    import IPython.display
    import ipywidgets

__all__ = ["audio_html", "player", "players", "players_html", "clip_scores", "ab_chooser",
           "channels_word"]

# FLAC is lossless and about half the size of WAV: a notebook with dozens of clips stays small.
_FORMAT, _MIME = "FLAC", "audio/flac"


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
                raise ParameterError(f"clip {title!r} has {channels_word(_channels(clip))} "
                                     f"audio, the reference {reference!r} "
                                     f"{channels_word(_channels(target))}: no ESR between "
                                     "them; leave it unscored")
            n = min(clip.shape[-1], target.shape[-1])
            esr[title] = error_to_signal(clip[..., :n], target[..., :n])
    text = {t: f"ESR {esr[t]:.3g}" if t in esr else given[t] for t in titles
            if t in esr or t in given}
    if reference is None:
        return ClipScores(text, esr, None, float(seconds))
    heard = target.shape[-1] / check_sample_rate(sample_rate)
    return ClipScores(text, esr, str(reference), heard)


def channels_word(channels: int) -> str:
    """``"mono"``, ``"stereo"`` or ``"N channels"``."""
    return "mono" if channels == 1 else "stereo" if channels == 2 else f"{channels} channels"



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
