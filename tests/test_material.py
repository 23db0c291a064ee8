import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pytest

from dsp_paper import MaterialMissingError, ParameterError, material

REPO = Path(__file__).resolve().parents[1]
# where this machine keeps things: a source naming any of them would not hold on another
MACHINE_PATHS = (sys.prefix, "site-packages", "dist-packages", str(REPO))


def test_piano_is_rendered_brahms_in_stereo():
    piano = material.piano(sample_rate=22050, seconds=6.0)
    assert piano.audio.shape == (2, 6 * 22050)
    assert 0.05 < np.max(np.abs(piano.audio)) <= 1.0
    assert "Brahms" in piano.provenance() and "licence" in piano.provenance()
    # a piano played legato: no silent second anywhere in the first six
    seconds = piano.audio.mean(0).reshape(6, -1)
    assert np.all(np.sqrt(np.mean(seconds ** 2, axis=1)) > 1e-3)


def test_lullaby_midi_is_the_melody():
    midi = material.brahms_lullaby_midi(transpose=0)
    melody = [n.pitch for n in midi.instruments[0].notes]
    assert melody[:6] == [64, 64, 67, 64, 64, 67]  # "Gu-ten A-bend, gut' Nacht"
    assert 35 < midi.get_end_time() < 50


def test_voice_is_recorded_speech():
    v = material.voice(sample_rate=16000)
    assert v.audio.ndim == 1 and 3.5 < v.seconds < 4.5
    assert "ARCTIC" in v.description


def test_drums_and_guitar():
    amen = material.amen_break()
    assert amen.audio.shape[0] == 2 and amen.seconds > 6
    kick = material.kick_808()
    assert kick.audio.ndim == 1 and kick.seconds < 1
    assert "CC0" in kick.licence
    for take in material.GUITAR_TAKES:
        assert material.guitar(take).seconds > 3


def test_missing_samples_name_the_package(monkeypatch, tmp_path):
    monkeypatch.setattr(material, "_SONIC_PI_DIRS", (str(tmp_path),))
    monkeypatch.delenv(material.SONIC_PI_ENV, raising=False)
    with pytest.raises(MaterialMissingError, match="sonic-pi-samples"):
        material.amen_break()


@pytest.mark.parametrize("seconds", [0, -40, float("nan")])
def test_piano_rejects_bad_durations(seconds):
    with pytest.raises(ParameterError, match="seconds"):
        material.piano(seconds=seconds)


def test_unknown_guitar_take():
    with pytest.raises(ParameterError):
        material.guitar("banjo")


def test_provenance_table():
    table = material.provenance_table([material.kick_808(), material.voice()])
    assert list(table.index) == ["bd_808", "voice"]
    assert {"licence", "source", "seconds"} <= set(table.columns)


def test_choir_is_mono_and_holds_a_steady_pitch():
    import librosa
    m = material.choir(sample_rate=22050)
    assert m.audio.ndim == 1 and m.sample_rate == 22050 and "CC0" in m.licence
    f0, voiced, _ = librosa.pyin(m.audio, fmin=60, fmax=400, sr=22050, frame_length=2048)
    assert 85 < np.nanmedian(f0[voiced]) < 100


def _machine_paths_in(text: str) -> list[str]:
    return [p for p in MACHINE_PATHS if p in text]


def test_sources_name_the_package_its_version_and_the_file_within_it():
    voice = material.voice(sample_rate=16000)
    assert voice.source == (f"Python package pysptk {version('pysptk')}: "
                            "example_audio_data/arctic_a0007.wav")
    kick = material.kick_808()
    assert kick.source.startswith("Debian package sonic-pi-samples ")
    assert kick.source.endswith(": /usr/share/sonic-pi/samples/bd_808.flac")
    assert "(version unknown)" not in kick.source  # dpkg knows the package it came from
    piano = material.piano(sample_rate=22050, seconds=1.0)
    for m in (voice, kick, piano, material.amen_break(), material.choir(), material.guitar()):
        assert not _machine_paths_in(m.source), m.source
        assert not _machine_paths_in(m.provenance()), m.provenance()


def test_samples_from_a_folder_of_ones_own_are_recorded_by_name(monkeypatch, tmp_path):
    for name in ("loop_amen", "bd_808"):
        (tmp_path / f"{name}.flac").symlink_to(material.sonic_pi_samples_dir() / f"{name}.flac")
    monkeypatch.setenv(material.SONIC_PI_ENV, str(tmp_path))
    source = material.kick_808().source
    assert str(tmp_path) not in source and source.endswith(": bd_808.flac")
    assert "sonic-pi-samples" in source


def test_the_committed_provenance_names_no_machine_path():
    """The published tables of the material (and any record quoting them) hold no path of
    the machine they were made on."""
    found = {str(p.relative_to(REPO)): _machine_paths_in(p.read_text())
             for p in sorted(REPO.glob("figures/*/*")) if p.suffix in (".md", ".csv", ".json")}
    assert not {k: v for k, v in found.items() if v}
