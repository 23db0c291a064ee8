"""Real audio material, offline, each item with its provenance.

* piano: Brahms's Wiegenlied Op. 49 No. 4, written here as MIDI and rendered through a
  sampled-piano soundfont (FluidR3_GM when installed, else the GM soundfont pretty_midi ships);
* voice: a CMU ARCTIC utterance that pysptk ships;
* drums: the amen break and the 808 kick of Debian's ``sonic-pi-samples`` (CC0);
* guitar: the guitar recordings of ``sonic-pi-samples`` (CC0).

Missing material raises :class:`~dsp_paper.errors.MaterialMissingError` naming what to
install; nothing is ever replaced by synthetic audio. A source names the package that ships
the file, its version and the file within it, never where it lies on this machine.
"""
from __future__ import annotations


import functools
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from dsp_paper.audio_io import read_audio, resample
from dsp_paper.checks import check_audio, check_positive, check_sample_rate
from dsp_paper.errors import MaterialMissingError, ParameterError

if TYPE_CHECKING:
    import pandas as pd
    import pretty_midi

__all__ = ["Material", "piano", "voice", "amen_break", "kick_808", "choir", "guitar", "GUITAR_TAKES",
           "brahms_lullaby_midi", "render_midi", "find_soundfont", "sonic_pi_samples_dir",
           "provenance_table"]

SONIC_PI_ENV = "DSP_PAPER_SONIC_PI_SAMPLES"
_SONIC_PI_DIRS = ("/usr/share/sonic-pi/samples",)
_FLUIDR3 = ("/usr/share/sounds/sf2/FluidR3_GM.sf2",)
_SONIC_PI_HINT = ("install Debian's sonic-pi-samples package (sudo apt-get install "
                  f"sonic-pi-samples) or point ${SONIC_PI_ENV} at a folder holding its samples")
_SONIC_PI_PACKAGE = "sonic-pi-samples"
_SONIC_PI_ORIGIN = "samples from freesound.org, placed in the public domain by their authors"
_FLUIDR3_PACKAGE = "fluid-soundfont-gm"

GUITAR_TAKES = {
    "guit_em9": "electric guitar, E minor 9 chord",
    "guit_e_fifths": "electric guitar, power-chord fifths on E",
    "guit_e_slide": "electric guitar, slide on E",
    "guit_harmonics": "electric guitar, harmonics",
}


@dataclass(frozen=True)
class Material:
    """A real recording (or rendering) with where it comes from.

    Attributes
    ----------
    audio : np.ndarray, shape (n,) or (channels, n), float32 in [-1, 1]
    sample_rate : int
    name, description, licence, source : str
    """

    name: str
    audio: np.ndarray = field(repr=False)
    sample_rate: int
    description: str
    licence: str
    source: str

    @property
    def seconds(self) -> float:
        return self.audio.shape[-1] / self.sample_rate

    def provenance(self) -> str:
        """One line: what it is, its licence, where it comes from."""
        return (f"{self.name}: {self.description}; {self.seconds:.2f} s at {self.sample_rate} Hz"
                f"; licence: {self.licence}; source: {self.source}")


def provenance_table(materials: Iterable[Material]) -> pd.DataFrame:
    """A pandas DataFrame with one row per :class:`Material`."""
    import pandas as pd  # heavy: pandas

    return pd.DataFrame([dict(name=m.name, what=m.description, seconds=round(m.seconds, 2),
                              channels=1 if m.audio.ndim == 1 else m.audio.shape[0],
                              sample_rate=m.sample_rate, licence=m.licence, source=m.source)
                         for m in materials]).set_index("name")


@functools.lru_cache(maxsize=None)
def _debian_version(package: str) -> str | None:
    """The installed version of a Debian package, None where dpkg is absent or does not know
    it (cached: every corpus asks again)."""
    try:
        done = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package],
                              capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def _debian_file(package: str, path: Path, *, about: str = "") -> str:
    """``Debian package <package> <version> (<about>): <path>``: a Debian package's files are
    named by where it installs them, so the path is the file within the package."""
    version = _debian_version(package) or "(version unknown)"
    return f"Debian package {package} {version}{f' ({about})' if about else ''}: {path}"


def _python_package_file(distribution: str, root: Path, path: Path) -> str:
    """``Python package <distribution> <version>: <path below root>``, ``root`` being the
    package's folder: where it is installed differs from machine to machine."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version(distribution)
    except PackageNotFoundError:
        release = "(version unknown)"
    try:
        inside = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:  # not below the package's folder: its name is all that travels
        inside = path.name
    return f"Python package {distribution} {release}: {inside}"


def _sonic_pi_source(path: Path) -> str:
    """Where a Sonic Pi sample comes from: Debian's package, or a folder named by
    ``$DSP_PAPER_SONIC_PI_SAMPLES`` (recorded by the file's name alone)."""
    if str(path.parent) in _SONIC_PI_DIRS:
        return _debian_file(_SONIC_PI_PACKAGE, path, about=_SONIC_PI_ORIGIN)
    return (f"Sonic Pi's samples as in Debian package {_SONIC_PI_PACKAGE} ({_SONIC_PI_ORIGIN}), "
            f"from ${SONIC_PI_ENV}: {path.name}")


def _soundfont_source(path: Path) -> str:
    """Where the piano's soundfont comes from: Debian's FluidR3_GM, pretty_midi's own, or
    (one given by hand) its file name."""
    if str(path) in _FLUIDR3:
        return _debian_file(_FLUIDR3_PACKAGE, path)
    try:
        import pretty_midi  # heavy: pretty_midi
    except ImportError:
        return path.name
    folder = Path(pretty_midi.__file__).parent
    if path.resolve().parent == folder.resolve():
        return _python_package_file("pretty_midi", folder, path)
    return path.name


def sonic_pi_samples_dir() -> Path:
    """The folder of Sonic Pi's samples (``$DSP_PAPER_SONIC_PI_SAMPLES`` or Debian's)."""
    candidates = [os.environ[SONIC_PI_ENV]] if os.environ.get(SONIC_PI_ENV) else []
    for folder in candidates + list(_SONIC_PI_DIRS):
        if Path(folder, "loop_amen.flac").is_file():
            return Path(folder)
    raise MaterialMissingError(f"Sonic Pi's samples were not found: {_SONIC_PI_HINT}")


def _sonic_pi(name: str, *, sample_rate: int, description: str,
              layout: str | None = None) -> Material:
    path = sonic_pi_samples_dir() / f"{name}.flac"
    if not path.is_file():
        raise MaterialMissingError(f"{path} is missing: {_SONIC_PI_HINT}")
    audio, _ = read_audio(path, target_sr=sample_rate, layout=layout)
    return Material(name, audio, sample_rate, description, "CC0 1.0 (public domain)",
                    _sonic_pi_source(path))


def amen_break(*, sample_rate: int = 44100) -> Material:
    """The amen break (The Winstons, 1969) as sampled in Sonic Pi's ``loop_amen_full``:
    four bars, stereo, 6.86 s."""
    return _sonic_pi("loop_amen_full", sample_rate=check_sample_rate(sample_rate),
                     description="amen break, 4 bars, recorded drums")


def kick_808(*, sample_rate: int = 44100) -> Material:
    """One recorded Roland TR-808 bass drum hit (Sonic Pi's ``bd_808``), mono."""
    return _sonic_pi("bd_808", sample_rate=check_sample_rate(sample_rate),
                     description="Roland TR-808 kick drum, one hit", layout=None)


def choir(*, sample_rate: int = 44100) -> Material:
    """A recorded choir singing one vowel ("aah") at a steady pitch, about 91 Hz (Sonic Pi's
    ``ambi_choir``, 1.57 s), mono."""
    m = _sonic_pi("ambi_choir", sample_rate=check_sample_rate(sample_rate),
                  description="choir singing one vowel at a steady pitch (about 91 Hz), "
                              "stereo mixed to mono")
    audio = m.audio.mean(axis=0) if m.audio.ndim == 2 else m.audio
    return replace(m, audio=audio.astype(np.float32))


def guitar(take: str = "guit_em9", *, sample_rate: int = 44100) -> Material:
    """A recorded electric guitar take from Sonic Pi's samples (see ``GUITAR_TAKES``)."""
    if take not in GUITAR_TAKES:
        raise ParameterError(f"unknown guitar take {take!r}: choose one of {list(GUITAR_TAKES)}")
    return _sonic_pi(take, sample_rate=check_sample_rate(sample_rate),
                     description=GUITAR_TAKES[take])


def voice(*, sample_rate: int = 44100) -> Material:
    """Recorded English speech: CMU ARCTIC utterance a0007, as shipped by pysptk.

    Recorded at 16 kHz; resampled to ``sample_rate``, so it holds nothing above 8 kHz.
    """
    sample_rate = check_sample_rate(sample_rate)
    try:
        import pysptk.util  # heavy: pysptk
    except ImportError as exc:
        raise MaterialMissingError(
            "recorded voice needs the pysptk package (pip install pysptk), which ships a CMU "
            "ARCTIC utterance") from exc
    path = Path(pysptk.util.example_audio_file())
    if not path.is_file():
        raise MaterialMissingError(f"pysptk's example utterance {path} is missing: reinstall "
                                   "pysptk (pip install --force-reinstall pysptk)")
    audio, orig_sr = read_audio(path)
    audio = resample(audio, orig_sr=orig_sr, target_sr=sample_rate)
    return Material("voice", audio, sample_rate,
                    f"recorded English speech, CMU ARCTIC a0007 (recorded at {orig_sr} Hz)",
                    "CMU ARCTIC licence (free use, modification and redistribution)",
                    _python_package_file("pysptk", Path(pysptk.__file__).parent, path))


# Brahms, Wiegenlied Op. 49 No. 4 (1868): melody in C as (MIDI pitch, beats), 3/4 time,
# transposed to the original E-flat when written; one chord per bar underneath.
_MELODY = [(64, .5), (64, .5),
           (67, 2), (64, .5), (64, .5), (67, 2), (64, .5), (67, .5),
           (72, 1), (71, 1.5), (69, .5), (69, 1), (67, 1), (62, .5), (64, .5),
           (65, 1), (62, 1), (62, .5), (64, .5), (65, 2), (62, .5), (65, .5),
           (71, .5), (69, .5), (67, 1), (71, 1), (72, 2), (60, .5), (60, .5),
           (72, 2), (69, .5), (65, .5), (67, 2), (64, .5), (60, .5),
           (65, 1), (67, 1), (69, 1), (67, 2), (60, .5), (60, .5),
           (72, 2), (69, .5), (65, .5), (67, 2), (64, .5), (60, .5),
           (65, 1), (64, 1), (62, 1), (60, 3)]
_CHORDS = {"C": (48, (52, 55, 60)), "F": (41, (53, 57, 60)), "G7": (43, (53, 55, 59))}
_HARMONY = ["C", "C", "C", "G7", "G7", "G7", "G7", "C", "F", "C", "G7", "C", "F", "C", "G7",
            "C"]


def brahms_lullaby_midi(*, tempo_bpm: float = 72.0,
                        transpose: int = 3) -> pretty_midi.PrettyMIDI:
    """Brahms's Wiegenlied Op. 49 No. 4 as a ``pretty_midi.PrettyMIDI`` (acoustic grand piano).

    The composition (1868) is in the public domain; this melody-and-accompaniment
    arrangement is written by dsp_paper.
    """
    import pretty_midi  # heavy: pretty_midi

    beat = 60.0 / tempo_bpm
    pm = pretty_midi.PrettyMIDI(initial_tempo=tempo_bpm)
    right, left = pretty_midi.Instrument(program=0, name="right hand"), \
        pretty_midi.Instrument(program=0, name="left hand")
    t = 0.0
    for pitch, beats in _MELODY:
        right.notes.append(pretty_midi.Note(velocity=84, pitch=pitch + transpose, start=t * beat,
                                            end=(t + beats * 0.95) * beat))
        t += beats
    bar_start = 1.0  # after the two-eighth pickup
    for bar, name in enumerate(_HARMONY):
        root, chord = _CHORDS[name]
        start = bar_start + 3 * bar
        left.notes.append(pretty_midi.Note(velocity=58, pitch=root + transpose, start=start * beat,
                                           end=(start + 2.9) * beat))
        for offbeat in (1, 2):
            for p in chord:
                left.notes.append(pretty_midi.Note(velocity=42, pitch=p + transpose,
                                                   start=(start + offbeat) * beat,
                                                   end=(start + offbeat + 0.8) * beat))
    pm.instruments.extend([right, left])
    return pm


def find_soundfont() -> tuple[Path, str]:
    """Path and name of the sampled-piano soundfont: FluidR3_GM if installed, else the
    TimGM6mb soundfont that pretty_midi ships."""
    for path in _FLUIDR3:
        if Path(path).is_file():
            return Path(path), "FluidR3_GM (Frank Wen, MIT licence; Debian fluid-soundfont-gm)"
    try:
        import pretty_midi  # heavy: pretty_midi
    except ImportError as exc:
        raise MaterialMissingError("the piano needs pretty_midi (pip install pretty_midi)") \
            from exc
    path = Path(pretty_midi.__file__).with_name("TimGM6mb.sf2")
    if path.is_file():
        return path, "TimGM6mb (Tim Brechbill, GPL-2; shipped by pretty_midi)"
    raise MaterialMissingError("no General MIDI soundfont found: sudo apt-get install "
                               "fluid-soundfont-gm (or reinstall pretty_midi)")


def render_midi(midi: pretty_midi.PrettyMIDI, *, sample_rate: int = 44100,
                soundfont: str | os.PathLike | None = None,
                tail_seconds: float = 1.5) -> np.ndarray:
    """Render a ``PrettyMIDI`` through FluidSynth in stereo.

    Returns
    -------
    np.ndarray, shape (2, n), float32 in [-1, 1] (peak-normalised to 0.9)
    """
    sample_rate = check_sample_rate(sample_rate)
    try:
        import fluidsynth  # heavy: fluidsynth
    except (ImportError, OSError) as exc:
        raise MaterialMissingError(
            "rendering MIDI needs the FluidSynth library and its Python binding: sudo apt-get "
            "install libfluidsynth3 and pip install pyfluidsynth") from exc
    soundfont = Path(soundfont) if soundfont else find_soundfont()[0]
    if not soundfont.is_file():
        raise MaterialMissingError(f"soundfont {soundfont} not found")
    events = []
    for channel, inst in enumerate(midi.instruments):
        for note in inst.notes:
            events.append((note.start, 1, channel, note.pitch, note.velocity))
            events.append((note.end, 0, channel, note.pitch, 0))
    events.sort(key=lambda e: (e[0], e[1]))
    synth = fluidsynth.Synth(samplerate=float(sample_rate))
    try:
        sfid = synth.sfload(str(soundfont))
        for channel, inst in enumerate(midi.instruments):
            synth.program_select(channel, sfid, 0, inst.program)
        chunks, cursor = [], 0
        for time, is_on, channel, pitch, velocity in events:
            frame = int(round(time * sample_rate))
            if frame > cursor:
                chunks.append(synth.get_samples(frame - cursor))
                cursor = frame
            if is_on:
                synth.noteon(channel, pitch, velocity)
            else:
                synth.noteoff(channel, pitch)
        chunks.append(synth.get_samples(int(tail_seconds * sample_rate)))
    finally:
        synth.delete()
    interleaved = np.concatenate(chunks).astype(np.float32)
    stereo = interleaved.reshape(-1, 2).T
    stereo = check_audio(stereo, name="rendered MIDI", allow_silent=False)
    return (0.9 * stereo / np.max(np.abs(stereo))).astype(np.float32)


def piano(*, sample_rate: int = 44100, seconds: float | None = None) -> Material:
    """The test piece of 000: Brahms's Wiegenlied rendered on a sampled piano, stereo.

    Parameters
    ----------
    seconds : float, optional
        Keep only the first ``seconds`` (the whole piece, about 42 s, if None).
    """
    sample_rate = check_sample_rate(sample_rate)
    if seconds is not None:
        seconds = check_positive(seconds, name="seconds")
    soundfont, soundfont_name = find_soundfont()
    audio = render_midi(brahms_lullaby_midi(), sample_rate=sample_rate, soundfont=soundfont)
    if seconds is not None:
        audio = audio[:, :int(round(seconds * sample_rate))]
    return Material("piano", np.ascontiguousarray(audio), sample_rate,
                    "Brahms, Wiegenlied Op. 49 No. 4 (melody and accompaniment), sampled piano",
                    "composition public domain (1868); arrangement and MIDI written by "
                    f"dsp_paper; soundfont {soundfont_name}",
                    f"MIDI rendered by FluidSynth through {_soundfont_source(soundfont)}")
