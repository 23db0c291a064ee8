"""A notebook's figures and tables, written to a staging folder and published atomically.

Nothing reaches ``figures/NN_name/`` until :meth:`FigureStore.publish` runs at the end of a
notebook, and then the whole folder is swapped in at once: a run that fails half-way leaves
the previous good figures untouched.

Key audio clips go the same way: :meth:`FigureStore.players` shows them in the notebook and
stages them as ``audio/<slug>.flac``, with what each group lets a listener hear
(``listen_for``) and a score beside each clip (given by the study, or each clip's ESR against
the group's reference); publishing adds ``audio/clips.json`` and a static ``listen.html`` that
plays them, and refreshes the index ``listen.html`` of the figures root.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import platform
import re
import shutil
import sys
import unicodedata
import warnings
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from dsp_paper.errors import ParameterError
from dsp_paper.listening import clip_scores, encode_clip, players_html
from dsp_paper.listening_pages import (
    AUDIO_BUDGET_BYTES,
    audio_bytes,
    listening_page_html,
    write_listening_index,
)
from dsp_paper.paths import build_dir, notebooks_dir, repo_root
from dsp_paper.study.references import first_heading
from dsp_paper.study.settings import resolve_scale

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from IPython.display import HTML
    from matplotlib.figure import Figure

__all__ = ["FigureStore", "machine_description", "environment_record", "clip_slug", "figures_root",
           "notebook_title"]

_AUDIO = "audio"  # the one subfolder a notebook's outputs may have
_MANIFEST = "clips.json"
_PAGE = "listen.html"
# Written by publish() itself; a notebook's own output of the same name would be lost.
_RESERVED = frozenset({"RUN.json", "SCALE", _AUDIO, _PAGE})
_SLUG_LENGTH, _TITLE_LENGTH = 60, 40


def _check_name(name: object, what: str = "output name") -> str:
    if not isinstance(name, str) or not name or "/" in name or "\\" in name \
            or name.startswith("."):
        raise ParameterError(f"bad {what} {name!r}")
    return name


def clip_slug(heading: str, title: str) -> str:
    """A file-name stem for a clip: lowercase ASCII letters, digits and ``-``.

    Parameters
    ----------
    heading, title : str
        The clip's group and its title; accents are dropped, every other run of characters
        becomes one ``-``, and the result is cut to 60 characters, the heading's part first
        (the title keeps up to 40), so clips under a long heading keep names of their own.

    Returns
    -------
    str
        Never empty (``"clip"`` when nothing is left), never with ``/`` or a leading ``.``.
        Not unique by itself: :meth:`FigureStore.players` adds ``-2``, ``-3``, ... to repeats.
    """
    def plain(text: str) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")

    def cut(slug: str, length: int) -> str:
        if len(slug) <= length:
            return slug
        # at a word's end, where there is one, so a long heading reads as words
        kept = slug[:length + 1].rsplit("-", 1)[0] if "-" in slug[:length + 1] else ""
        return (kept or slug[:length]).strip("-")

    tail = cut(plain(title), _TITLE_LENGTH)
    head = cut(plain(heading), max(0, _SLUG_LENGTH - len(tail) - 1))
    return "-".join(p for p in (head, tail) if p) or "clip"



def notebook_title(notebook: str) -> str | None:
    """The first heading of ``notebooks/<notebook>.ipynb`` (``"07 · Why MSE misjudges
    audio, ..."``), for the listening pages; None where there is no such notebook (tests, a
    root moved by ``DSP_PAPER_ROOT``) or it opens with no heading."""
    # a root moved elsewhere (smoke runs, tests) has no notebooks; the checkout this package
    # runs from does
    for folder in (notebooks_dir(), Path(__file__).resolve().parents[2] / "notebooks"):
        if (folder / f"{notebook}.ipynb").is_file():
            return first_heading(folder / f"{notebook}.ipynb")
    return None


def figures_root(scale: str | None) -> Path:
    """``figures/`` for quick and paper runs; ``build/smoke-figures/`` for smoke, so a smoke
    run never writes over the committed results."""
    scale = resolve_scale(scale)
    return build_dir() / "smoke-figures" if scale == "smoke" else repo_root() / "figures"


def machine_description() -> str:
    """A one-line description of this machine (CPU, cores, OS, accelerator if any)."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, " \
           f"Python {platform.python_version()}"


# The libraries whose versions can change a run's numbers.
_VERSIONED = ("numpy", "scipy", "keras", "tensorflow", "jax", "jaxlib", "numba", "librosa",
              "soundfile", "pedalboard")


def environment_record() -> dict[str, object]:
    """What could make this run's numbers differ on another machine: the CPU model and its
    flags, the cores this process may use, the thread settings, the versions of Python and of
    the numeric libraries, and oneDNN's switch (TensorFlow uses oneDNN on x86 unless
    ``TF_ENABLE_ONEDNN_OPTS=0``; its version is the one bundled with that TensorFlow).

    Returns
    -------
    dict
        Plain values, for ``RUN.json``.
    """
    from importlib import metadata

    cpu, flags = None, []
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and cpu is None:
                cpu = line.split(":", 1)[1].strip()
            elif line.startswith("flags") and not flags:
                flags = line.split(":", 1)[1].split()
    except OSError:
        pass
    versions = {"python": platform.python_version()}
    for name in _VERSIONED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    threads = {k: os.environ.get(k) for k in ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS",
                                              "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                              "MKL_NUM_THREADS", "XLA_FLAGS")}
    tf = sys.modules.get("tensorflow")
    if tf is not None:  # what TensorFlow's pools have, not only what was asked
        with contextlib.suppress(Exception):
            threads["tensorflow intra-op"] = tf.config.threading.get_intra_op_parallelism_threads()
            threads["tensorflow inter-op"] = tf.config.threading.get_inter_op_parallelism_threads()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return dict(cpu=cpu or platform.processor() or platform.machine(), cpu_flags=flags, cores=os.cpu_count(), usable_cores=usable,
                platform=platform.platform(), threads=threads, versions=versions,
                keras_backend=os.environ.get("KERAS_BACKEND", "tensorflow"),
                onednn=os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default (on for x86)"))


class FigureStore:
    """Collects one notebook's outputs and publishes them together.

    Parameters
    ----------
    notebook : str
        The folder name, e.g. ``"01_data"``.
    scale : str
        Decides the destination: ``figures/`` for quick/paper, ``build/smoke-figures/`` for
        smoke.
    root : Path, optional
        Overrides the destination root (tests).
    """

    def __init__(self, notebook: str, scale: str, *,
                 root: str | os.PathLike | None = None) -> None:
        if not notebook or "/" in notebook or notebook.startswith("."):
            raise ParameterError(f"bad notebook name {notebook!r}")
        self.notebook, self.scale = notebook, resolve_scale(scale)
        self.root = Path(root) if root else figures_root(self.scale)
        self.destination = self.root / notebook
        self.staging = self.root / f".staging-{notebook}-{os.getpid()}"
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        self.files = []
        self.clips = []  # one manifest entry per saved clip, in order
        self.groups = {}  # heading -> the manifest's entry for that group of clips

    def path(self, name: str) -> Path:
        """Where to write ``name`` now (inside the staging folder).

        Parameters
        ----------
        name : str
            A plain file name: no ``/``, no leading ``.``, and none of the names
            :meth:`publish` writes itself (``RUN.json``, ``SCALE``, ``audio``,
            ``listen.html``). Files in ``audio/`` go through :meth:`audio_path`.

        Returns
        -------
        Path
        """
        _check_name(name)
        if name in _RESERVED:
            raise ParameterError(f"output name {name!r} is reserved for what publish() writes")
        self.files.append(name)
        return self.staging / name

    def audio_path(self, name: str) -> Path:
        """Where to write ``name`` in the ``audio/`` subfolder now (listed as ``audio/name``).

        Parameters
        ----------
        name : str
            A plain file name, as for :meth:`path`; ``clips.json`` is the manifest
            :meth:`publish` writes.

        Returns
        -------
        Path
        """
        _check_name(name, "audio file name")
        if name == _MANIFEST:
            raise ParameterError(f"audio file name {name!r} is reserved for the manifest")
        folder = self.staging / _AUDIO
        folder.mkdir(exist_ok=True)
        self.files.append(f"{_AUDIO}/{name}")
        return folder / name

    def _unique_slug(self, heading: str, title: str) -> str:
        base = clip_slug(heading, title)
        taken = {c["slug"] for c in self.clips}
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug

    def _group(self, heading: str, listen_for: str, reference: str | None,
               score_note: str) -> dict:
        """The manifest's entry for ``heading``, made on its first clips; later clips under
        the same heading must not tell a different story about it."""
        entry = dict(heading=heading, listen_for=listen_for, reference=reference,
                     score_note=score_note)
        known = self.groups.get(heading)
        if known is None:
            taken = {g["anchor"] for g in self.groups.values()}
            base = clip_slug(heading, "") if heading else "clips"
            anchor, n = base, 1
            while anchor in taken:
                n += 1
                anchor = f"{base}-{n}"
            return dict(anchor=anchor, **entry)
        for key in ("listen_for", "reference", "score_note"):
            if entry[key] and known[key] and entry[key] != known[key]:
                raise ParameterError(f"heading {heading!r} already has {key} {known[key]!r}, "
                                     f"not {entry[key]!r}: give each group one heading")
        return {**known, **{k: v for k, v in entry.items() if v}}

    def players(self, clips: Mapping[str, np.ndarray], sample_rate: int, *, heading: str = "",
                what: Mapping[str, str] | None = None, seconds: float = 4.0,
                listen_for: str = "", scores: Mapping[str, str] | None = None,
                reference: str | None = None, unscored: Collection[str] = ()) -> HTML:
        """Show static players in the notebook and keep the clips for the listening page.

        The returned HTML is exactly :func:`dsp_paper.listening.players`' (end a cell with it
        to display it). Each clip's first ``seconds`` are also staged as
        ``audio/<slug>.flac`` (16-bit PCM FLAC, scaled down only if louder than full scale)
        and described in the manifest that :meth:`publish` writes with ``listen.html``.

        Parameters
        ----------
        clips : dict of str to np.ndarray, each shape (n,) or (2, n)
            Title -> float audio, mono or stereo; the last axis is time.
        sample_rate : int
            Hz, shared by every clip.
        heading : str
            The group: shown above the players, and a section of the listening page (its id,
            the manifest's ``anchor``, lets other pages link to ``listen.html#<anchor>``).
        what : dict of str to str, optional
            Title -> a longer description of that clip for the listening page.
        seconds : float
            Each clip is cut to its first ``seconds`` (inline and in the file).
        listen_for : str
            What the comparison is about, the artefacts to listen for ("the tick every half
            second"): kept in the manifest with the group, shown above its clips and on the
            index.
        scores : dict of str to str, optional
            Title -> a short score the run computed, as text (``"test ESR 0.0034"``).
        reference : str, optional
            The title of the clip the others are measured against: each other clip, less
            those in ``unscored`` or ``scores``, gets its ESR against it over these first
            ``seconds`` (:func:`dsp_paper.listening.clip_scores`).
        unscored : collection of str
            Titles that get no computed score (inputs, generated audio).

        Returns
        -------
        IPython.display.HTML

        Raises
        ------
        ParameterError
            If ``clips`` is empty or not a dict, a clip is not finite, empty, integer or has
            more than two channels (the message names the clip), ``what``, ``scores``,
            ``unscored`` or ``reference`` names a title that is not in ``clips``, a score is
            not text, an ESR cannot be computed (a silent reference, mono against stereo),
            ``listen_for`` is not text or differs from what the same heading was given
            before, or ``sample_rate`` or ``seconds`` is bad. Nothing is staged then.
        """
        from IPython.display import HTML  # heavy: IPython

        if not isinstance(clips, Mapping) or not clips:
            raise ParameterError(f"clips must be a non-empty dict of title -> audio, got "
                                 f"{type(clips).__name__}")
        if not isinstance(listen_for, str):
            raise ParameterError(f"listen_for must be text, got {type(listen_for).__name__}")
        what = {str(k): str(v) for k, v in (what or {}).items()}
        unknown = sorted(set(what) - {str(t) for t in clips})
        if unknown:
            raise ParameterError(f"what describes clips that are not given: {unknown}")
        where = f" under heading {heading!r}" if heading else ""
        encoded = {str(t): encode_clip(a, sample_rate, seconds, name=f"clip {str(t)!r}{where}")
                   for t, a in clips.items()}
        scored = clip_scores(clips, sample_rate, seconds=seconds, scores=scores,
                             reference=reference, unscored=unscored)
        group = self._group(heading, listen_for.strip(), scored.reference if scored.esr
                            else None, scored.note())  # all checked before anything is written
        self.groups[heading] = group
        files = {}
        for title, clip in encoded.items():
            slug = self._unique_slug(heading, title)
            self.audio_path(f"{slug}.flac").write_bytes(clip.data)
            entry = dict(slug=slug, file=f"{_AUDIO}/{slug}.flac", title=title,
                         heading=heading, description=what.get(title, ""),
                         score=scored.text.get(title), seconds=round(clip.seconds, 6),
                         frames=clip.frames, sample_rate=clip.sample_rate,
                         channels=clip.channels)
            if title in scored.esr:  # the number behind the text, for the index's ranges
                entry["esr"] = scored.esr[title]
            self.clips.append(entry)
            files[title] = f"{self.notebook}/{_AUDIO}/{slug}.flac"
        return HTML(players_html(clips, sample_rate, max_seconds=seconds, heading=heading,
                                 files=files, listen_for=listen_for.strip(), scored=scored))

    def savefig(self, fig: Figure, name: str, *, dpi: int = 110) -> Path:
        """Save a matplotlib figure as ``name.png``."""
        fig.savefig(self.path(f"{name}.png"), dpi=dpi, bbox_inches="tight")
        return self.destination / f"{name}.png"

    def show(self, fig: Figure, name: str, *, dpi: int = 110) -> None:
        """Save a figure (see :meth:`savefig`), display the saved PNG in the notebook, and
        close it.

        The notebook shows the very file that is published, and its output's metadata names
        it (``{"dsp_paper": {"file": "NN_name/name.png"}}``), so the site links that file
        instead of embedding a second copy.
        """
        import matplotlib.pyplot as plt  # heavy: matplotlib
        from IPython.display import Image, display  # heavy: IPython

        path = self.savefig(fig, name, dpi=dpi)
        plt.close(fig)
        staged = self.staging / path.name
        display(Image(data=staged.read_bytes(), format="png"),
                metadata={"dsp_paper": {"file": f"{self.notebook}/{path.name}"}})

    def save_table(self, frame: pd.DataFrame, name: str) -> Path:
        """Save a pandas DataFrame as ``name.csv`` and ``name.md`` (the levels of an index of
        several levels as columns of their own, rather than tuples)."""
        frame.to_csv(self.path(f"{name}.csv"))
        text = frame.reset_index().to_markdown(index=False) if frame.index.nlevels > 1 \
            else frame.to_markdown()
        self.path(f"{name}.md").write_text(text + "\n")
        return self.destination / f"{name}.md"

    def save_json(self, data: object, name: str) -> Path:
        """Save ``data`` (anything ``json`` can write; other values as ``str``) as
        ``name.json``."""
        self.path(f"{name}.json").write_text(json.dumps(data, indent=1, sort_keys=True,
                                                        default=str) + "\n")
        return self.destination / f"{name}.json"

    def publish(self, **details: object) -> Path:
        """Write ``RUN.json`` (scale, time, machine) and swap the staging folder in.

        When clips were kept by :meth:`players`, ``audio/clips.json`` (the manifest) and
        ``listen.html`` (a static page that plays them) are written first, and after the swap
        the index ``listen.html`` of the figures root is rewritten
        (:func:`dsp_paper.listening_pages.write_listening_index`).

        Parameters
        ----------
        **details
            Extra entries for ``RUN.json``.

        Returns
        -------
        Path
            The published folder.
        """

        if self.clips:
            used = {c["heading"] for c in self.clips}
            manifest = dict(notebook=self.notebook, scale=self.scale,
                            title=notebook_title(self.notebook),
                            groups=[g for h, g in self.groups.items() if h in used],
                            clips=self.clips)
            (self.staging / _AUDIO / _MANIFEST).write_text(
                json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            (self.staging / _PAGE).write_text(listening_page_html(manifest), encoding="utf-8")
            self.files += [f"{_AUDIO}/{_MANIFEST}", _PAGE]
        info = dict(notebook=self.notebook, scale=self.scale,
                    finished=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                    machine=machine_description(), environment=environment_record(),
                    files=sorted(set(self.files)), **details)
        (self.staging / "RUN.json").write_text(json.dumps(info, indent=1, default=str) + "\n")
        (self.staging / "SCALE").write_text(self.scale + "\n")
        old = self.root / f".old-{self.notebook}-{os.getpid()}"
        if self.destination.exists():
            os.replace(self.destination, old)
        os.replace(self.staging, self.destination)
        shutil.rmtree(old, ignore_errors=True)
        if self.clips or (self.root / _PAGE).exists():
            write_listening_index(self.root)
        if self.clips and audio_bytes(self.root) > AUDIO_BUDGET_BYTES:
            warnings.warn(f"the clips under {self.root} take {audio_bytes(self.root) / 2**20:.1f}"
                          f" MiB, over the {AUDIO_BUDGET_BYTES / 2**20:g} MiB budget: keep fewer"
                          " or shorter clips", stacklevel=2)
        return self.destination
