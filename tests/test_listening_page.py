"""The published listening page, played in a real headless browser, and the size budget of the
committed clips.

The browser test opens ``listen.html`` with headless Chromium and ``--dump-dom``. The page's
own small inline script waits for ``loadedmetadata`` (or ``error``) on every ``<audio>``
element and writes the durations the browser decoded into ``<pre id="durations">`` as JSON;
``--virtual-time-budget`` lets the page settle before the DOM is printed.
"""
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from dsp_paper.study.outputs import FigureStore
from dsp_paper.listening import AUDIO_BUDGET_BYTES, audio_bytes

REPO_FIGURES = Path(__file__).resolve().parents[1] / "figures"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_browser = pytest.mark.skipif(
    CHROMIUM is None, reason="no headless browser: neither chromium nor chromium-browser is on "
                             "PATH (tools/system-packages.sh installs Debian's chromium)")

# title -> (seconds of audio given, sample rate, stereo); the store keeps the first SECONDS
CLIPS = {"low tone": (0.75, 44100, False), "wide tone": (1.2, 44100, True),
         "phone tone": (0.5, 8000, False), "long phone tone": (3.0, 8000, True)}
SECONDS = 2.0


def _tone(seconds, sample_rate, stereo):
    t = np.arange(int(seconds * sample_rate)) / sample_rate
    x = 0.3 * np.sin(2 * np.pi * 330 * t) * np.hanning(t.size)
    return np.stack([x, -x]) if stereo else x


@pytest.fixture
def published(tmp_path):
    """A notebook folder with four clips in two groups, mono and stereo, 44.1 and 8 kHz."""
    store = FigureStore("09_listen", "quick", root=tmp_path / "figures")
    for rate in (44100, 8000):
        group = {t: _tone(s, r, st) for t, (s, r, st) in CLIPS.items() if r == rate}
        store.players(group, rate, heading=f"{rate / 1000:g} kHz", seconds=SECONDS,
                      what={t: f"a {t}" for t in group})
    return store.publish()


def _durations(page, profile):
    """Open ``page`` in headless Chromium; the ``{src: seconds or None}`` its script wrote."""
    command = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
               "--allow-file-access-from-files", "--mute-audio", "--no-first-run",
               f"--user-data-dir={profile}", "--virtual-time-budget=15000", "--dump-dom",
               page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    found = re.search(r'<pre id="durations"([^>]*)>(.*?)</pre>', done.stdout, re.S)
    assert done.returncode == 0 and found, \
        f"chromium exited {done.returncode} without the page's DOM:\n{done.stderr[-2000:]}"
    assert 'data-complete="true"' in found.group(1), \
        f"not every <audio> element loaded or failed within the budget: {found.group(2)!r}"
    return done.stdout, json.loads(html.unescape(found.group(2)))


@pytest.mark.slow
@needs_browser
def test_every_clip_plays_in_headless_chromium(published, tmp_path):
    manifest = json.loads((published / "audio" / "clips.json").read_text())
    expected = {c["file"]: min(CLIPS[c["title"]][0], SECONDS) for c in manifest["clips"]}
    assert len(expected) == len(CLIPS)
    dom, durations = _durations(published / "listen.html", tmp_path / "profile")
    assert "<title>09_listen: listening (quick scale)</title>" in dom
    assert dom.count("<audio") == len(CLIPS) and dom.count("<figure>") == len(CLIPS)
    assert set(durations) == set(expected)
    for src, seconds in expected.items():
        assert durations[src] is not None and np.isfinite(durations[src]), src
        assert durations[src] == pytest.approx(seconds, abs=0.05), src
    assert "s here)" in dom  # a reader sees the measured durations too

    # The mechanism can fail: a missing file and a file that is not FLAC give null, not a
    # duration, while the good clips on the same page still load.
    page = (published / "listen.html").read_text()
    first, second = list(expected)[:2]
    (published / "audio" / "not-flac.flac").write_bytes(b"fLaC" + b"\0" * 64)
    broken = page.replace(f'src="{first}"', 'src="audio/missing.flac"') \
                 .replace(f'src="{second}"', 'src="audio/not-flac.flac"')
    (published / "broken.html").write_text(broken)
    _, durations = _durations(published / "broken.html", tmp_path / "profile")
    assert durations["audio/missing.flac"] is None and durations["audio/not-flac.flac"] is None
    for src in list(expected)[2:]:
        assert durations[src] == pytest.approx(expected[src], abs=0.05)


def test_index_links_the_published_page(published):
    index = (published.parent / "listen.html").read_text()
    assert '<a href="09_listen/listen.html">09_listen</a>: 4 clips' in index


def test_committed_clips_stay_under_budget():
    """Whatever ``figures/*/audio`` holds now (possibly nothing) fits the budget, and every
    committed clip is one a manifest and RUN.json account for."""
    used = audio_bytes(REPO_FIGURES)
    files = [p for p in REPO_FIGURES.glob("*/audio/*") if p.is_file()]
    assert used == sum(p.stat().st_size for p in files)
    biggest = sorted(files, key=lambda p: -p.stat().st_size)[:5]
    assert used <= AUDIO_BUDGET_BYTES, (
        f"figures/*/audio takes {used / 2**20:.1f} MiB, over the "
        f"{AUDIO_BUDGET_BYTES / 2**20:g} MiB budget; biggest: "
        + ", ".join(f"{p.relative_to(REPO_FIGURES)} ({p.stat().st_size // 1024} KiB)"
                    for p in biggest))
    for folder in sorted({p.parent.parent for p in files}):
        flacs = {f"audio/{p.name}" for p in (folder / "audio").glob("*.flac")}
        manifest = json.loads((folder / "audio" / "clips.json").read_text())
        assert {c["file"] for c in manifest["clips"]} == flacs, folder.name
        listed = set(json.loads((folder / "RUN.json").read_text())["files"])
        assert flacs <= listed and (folder / "listen.html").is_file(), folder.name
