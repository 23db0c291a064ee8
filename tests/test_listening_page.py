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

from dsp_paper import ParameterError
from dsp_paper.study.outputs import FigureStore
from dsp_paper.listening_pages import AUDIO_BUDGET_BYTES, audio_bytes

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
                      what={t: f"a {t}" for t in group}, listen_for=f"a tone at {rate} Hz")
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
    assert '<a href="09_listen/listen.html">09_listen: 4 clips (quick scale)</a>' in index


# --- what to listen for, scores, and the links between the pages -------------------------

RATE, HEARD = 8000, 1.0  # the scored group: its rate, and the seconds each player keeps


def _scored_group():
    """A target, a net off by 10 % (ESR exactly 0.01), a net equal to the target over the
    heard second and wild after it, and a dry input: every ESR is known in advance."""
    t = np.arange(int(2.5 * RATE)) / RATE
    target = 0.4 * np.sin(2 * np.pi * 220 * t)
    late = target.copy()
    late[int(HEARD * RATE):] = 0.9 * np.sign(np.sin(2 * np.pi * 37 * t[int(HEARD * RATE):]))
    return {"dry": 0.8 * np.sin(2 * np.pi * 110 * t), "target": target, "net": 0.9 * target,
            "late net": late}


def _esr(y, yhat):
    return float(np.sum((y - yhat) ** 2) / np.sum(y ** 2))


@pytest.fixture
def scored(tmp_path):
    """A notebook with a group scored against its reference and a group the study scores."""
    store = FigureStore("09_listen", "quick", root=tmp_path / "figures")
    html_ = store.players(_scored_group(), RATE, heading="nets against the target",
                          seconds=HEARD, listen_for="hiss & a dull top end", reference="target",
                          unscored=["dry"])
    store.players({"blocks": _tone(1.0, RATE, False), "overlap-add": _tone(1.0, RATE, False)},
                  RATE, heading="the tick", seconds=HEARD,
                  listen_for="the tick every half second",
                  scores={"blocks": "edge error -21.4 dB re the music"})
    return html_, store.publish()


def test_reference_scores_are_the_esr_of_the_heard_seconds(scored):
    _, folder = scored
    manifest = json.loads((folder / "audio" / "clips.json").read_text())
    clips = {c["title"]: c for c in manifest["clips"]}
    group = _scored_group()
    heard = int(HEARD * RATE)
    for title in ("net", "late net"):
        expected = _esr(group["target"][:heard], group[title][:heard])
        assert clips[title]["esr"] == pytest.approx(expected, rel=1e-9), title
    assert clips["net"]["esr"] == pytest.approx(0.01, rel=1e-9)
    # the late net differs only after the heard second: a score over more would be far off
    assert clips["late net"]["esr"] == pytest.approx(0.0, abs=1e-12)
    assert _esr(group["target"], group["late net"]) > 1.0
    assert clips["net"]["score"] == "ESR 0.01"
    # no score for the input (left unscored), the reference itself, or an unscored clip
    assert clips["dry"]["score"] is None and "esr" not in clips["dry"]
    assert clips["target"]["score"] is None and "esr" not in clips["target"]
    assert clips["blocks"]["score"] == "edge error -21.4 dB re the music"
    assert clips["overlap-add"]["score"] is None and "esr" not in clips["blocks"]


def test_manifest_keeps_what_to_listen_for_per_group(scored):
    _, folder = scored
    manifest = json.loads((folder / "audio" / "clips.json").read_text())
    groups = {g["heading"]: g for g in manifest["groups"]}
    assert list(groups) == ["nets against the target", "the tick"]
    nets, tick = groups["nets against the target"], groups["the tick"]
    assert nets["listen_for"] == "hiss & a dull top end" and nets["reference"] == "target"
    assert nets["anchor"] == "nets-against-the-target" and tick["anchor"] == "the-tick"
    assert "first 1 s" in nets["score_note"] and tick["score_note"] == ""
    assert tick["listen_for"] == "the tick every half second" and tick["reference"] is None


def test_page_shows_what_to_listen_for_and_each_score(scored):
    inline, folder = scored
    page = (folder / "listen.html").read_text()
    section = re.search(r'<section id="nets-against-the-target">(.*?)</section>', page, re.S)
    assert section, "no section with the group's anchor"
    body = section.group(1)
    # what to listen for comes before the first player, escaped
    assert body.index("hiss &amp; a dull top end") < body.index("<audio")
    figures = dict(re.findall(r"<figcaption>([^<]+)</figcaption>\n(.*?)</figure>", body, re.S))
    assert '<p class="score">ESR 0.01</p>' in figures["net"]
    assert '<p class="score">ESR 0</p>' in figures["late net"]
    assert "the reference of the scores" in figures["target"]
    assert 'class="score"' not in figures["dry"]
    tick = re.search(r'<section id="the-tick">(.*?)</section>', page, re.S).group(1)
    assert "edge error -21.4 dB re the music" in tick and "the tick every half second" in tick
    # the notebook's own players say the same
    html_ = inline.data
    assert "hiss &amp; a dull top end" in html_ and "ESR 0.01" in html_


def _hrefs(page):
    return re.findall(r'href="([^"]+)"', page.read_text())


def _resolve(page, href):
    path, _, anchor = href.partition("#")
    return (page.parent / path).resolve(), anchor


def test_pages_and_index_link_both_ways(scored):
    _, folder = scored
    root = folder.parent.resolve()
    index, page = root / "listen.html", (folder / "listen.html").resolve()
    targets = [_resolve(index, h) for h in _hrefs(index)]
    # the index links the page, every group's section on it, and the site
    assert (page, "") in targets
    ids = set(re.findall(r'<section id="([^"]+)"', page.read_text()))
    assert ids == {"nets-against-the-target", "the-tick"}
    assert {a for p, a in targets if p == page and a} == ids
    for name in ("index.html", "report.html", "09_listen.html"):
        assert (root / "site" / name, "") in targets, name
    # the page links back to the index, to its notebook on the site and to the site
    back = [_resolve(page, h) for h in _hrefs(page)]
    for expected in (index, root / "site" / "09_listen.html", root / "site" / "index.html"):
        assert (expected, "") in back, expected
    # every link within the page lands on a section that is there
    assert {a for p, a in back if p == page and a} <= ids


def test_bad_scores_are_refused_and_nothing_is_staged(tmp_path):
    store = FigureStore("09_listen", "quick", root=tmp_path)
    group = _scored_group()
    with pytest.raises(ParameterError, match="reference 'targte'"):
        store.players(group, RATE, reference="targte")
    with pytest.raises(ParameterError, match="not given.*nte"):
        store.players(group, RATE, scores={"nte": "ESR 1"})
    with pytest.raises(ParameterError, match="not given.*drie"):
        store.players(group, RATE, reference="target", unscored=["drie"])
    with pytest.raises(ParameterError, match="both scored and unscored"):
        store.players(group, RATE, scores={"net": "x"}, unscored=["net"])
    with pytest.raises(ParameterError, match="text"):
        store.players(group, RATE, scores={"net": 0.01})
    with pytest.raises(ParameterError, match="stereo"):
        store.players({"target": _tone(1.0, RATE, False), "wide": _tone(1.0, RATE, True)},
                      RATE, reference="target")
    with pytest.raises(ParameterError, match="silent"):
        store.players({"target": np.zeros(RATE), "net": _tone(1.0, RATE, False)}, RATE,
                      reference="target")
    assert store.clips == [] and not (store.staging / "audio").exists()
    store.players({"a": _tone(0.5, RATE, False)}, RATE, heading="h", listen_for="one thing")
    with pytest.raises(ParameterError, match="listen_for"):
        store.players({"b": _tone(0.5, RATE, False)}, RATE, heading="h", listen_for="another")
    assert [c["title"] for c in store.clips] == ["a"]


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


def test_the_score_note_names_the_seconds_actually_compared():
    from dsp_paper.listening import clip_scores

    long = 0.3 * np.sin(2 * np.pi * 220 * np.arange(2 * RATE) / RATE)
    short = long[:RATE // 2]
    scored = clip_scores({"target": short, "net": 0.5 * long}, RATE, seconds=3.0,
                         reference="target")
    assert "first 0.5 s" in scored.note()
    assert scored.esr["net"] == pytest.approx(0.25, rel=1e-9)  # (1 - 0.5)^2 on the same 0.5 s
    assert clip_scores({"a": short}, RATE, seconds=3.0).note() == ""
