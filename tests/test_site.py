"""The static site (``figures/site/``): how it is built, and every committed page opened in
headless Chromium, its images and players loaded and its links followed.

The browser is the system's Chromium (``tools/system-packages.sh`` installs it), driven by
Playwright without any browser download of its own.
"""
import base64
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import numpy as np
import pytest

from dsp_paper.errors import ParameterError
from dsp_paper.listening import audio_html
from dsp_paper.listening_pages import AUDIO_BUDGET_BYTES
from dsp_paper.study import site
from dsp_paper.study.references import Reference

FIGURES = Path(__file__).resolve().parents[1] / "figures"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: What the committed audio, figures and site may take together.
COMMITTED_BUDGET_BYTES = 40 * 2**20
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def _executed(tmp_path, *, clip: str, figure: str) -> Path:
    """An executed notebook with one player and one figure naming their committed files."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# 09 · A test\n\n<!-- references:start -->\n- x\n"
                                      "<!-- references:end -->\n\nWhat it rebuilds, in short."),
        nbformat.v4.new_code_cell("players(...)", outputs=[nbformat.v4.new_output(
            "display_data", data={"text/html": audio_html(
                0.1 * np.sin(np.arange(800) / 5.0), 8000, title="tone", clip=clip)})]),
        nbformat.v4.new_code_cell("nb.show(...)", outputs=[nbformat.v4.new_output(
            "display_data", data={"image/png": base64.b64encode(PNG).decode(),
                                  "text/plain": "<Figure>"},
            metadata={"dsp_paper": {"file": figure}})]),
    ]
    notebook.metadata["papermill"] = {"parameters": {"scale": "quick"},
                                      "input_path": str(tmp_path / "notebooks" / "09_test.ipynb")}
    folder = tmp_path / "build"
    folder.mkdir()
    nbformat.write(notebook, folder / "09_test.ipynb")
    return folder


def _published(tmp_path, *, scale="quick") -> Path:
    """A figures root holding what ``_executed``'s notebook names, published at ``scale``."""
    figures = tmp_path / "figures"
    (figures / "09_test" / "audio").mkdir(parents=True)
    (figures / "09_test" / "audio" / "tone.flac").write_bytes(b"fLaC")
    (figures / "09_test" / "plot.png").write_bytes(PNG)
    (figures / "09_test" / "listen.html").write_text("<html></html>")
    (figures / "09_test" / "SCALE").write_text(scale)
    (figures / "REPORT.md").write_text("# Report\n\nSee [09](../notebooks/09_test.ipynb) and "
                                       "[its clips](09_test/listen.html).\n")
    return figures


def test_players_and_figures_link_their_committed_files(tmp_path):
    figures = _published(tmp_path)
    executed = _executed(tmp_path, clip="09_test/audio/tone.flac", figure="09_test/plot.png")
    notebook = nbformat.read(executed / "09_test.ipynb", as_version=4)
    counts, missing = site.committed_media(notebook, figures)
    assert counts == dict(linked_clips=1, linked_figures=1, widgets=0) and missing == []
    player, figure = (cell.outputs[0].data for cell in notebook.cells[1:])
    assert "data:audio" not in player["text/html"]
    assert "src='../09_test/audio/tone.flac'" in player["text/html"]
    assert "image/png" not in figure and '<img src="../09_test/plot.png"' in figure["text/html"]


def test_a_widget_becomes_a_note_and_its_saved_state_goes(tmp_path):
    notebook = nbformat.v4.new_notebook(metadata={"widgets": {"state": "FLAC bytes"}})
    notebook.cells = [nbformat.v4.new_code_cell("ab_chooser(...)", outputs=[
        nbformat.v4.new_output("display_data", data={
            "application/vnd.jupyter.widget-view+json": {"model_id": "x"},
            "text/plain": "VBox()"})])]
    counts, _ = site.committed_media(notebook, tmp_path)
    assert counts["widgets"] == 1 and "widgets" not in notebook.metadata
    assert "live kernel" in notebook.cells[0].outputs[0].data["text/html"]


def test_a_run_that_is_not_the_published_one_is_refused(tmp_path):
    figures = _published(tmp_path)
    executed = _executed(tmp_path, clip="09_test/audio/gone.flac", figure="09_test/plot.png")
    notebook = nbformat.read(executed / "09_test.ipynb", as_version=4)
    _, missing = site.committed_media(notebook, figures)
    assert missing == ["09_test/audio/gone.flac"]
    assert "data:audio/flac;base64," in notebook.cells[1].outputs[0].data["text/html"]
    with pytest.raises(ParameterError, match="gone.flac.*not the run"):
        site.build_site(executed, figures, ["09_test"], [])
    (figures / "09_test" / "SCALE").write_text("smoke")
    with pytest.raises(ParameterError, match="ran at scale 'quick' but .* holds results at "
                                             "'smoke'"):
        site.build_site(executed, figures, ["09_test"], [])
    assert not (figures / "site").exists() and not list(figures.glob(".site-*"))


def test_build_site_writes_pages_cards_and_report(tmp_path):
    figures = _published(tmp_path)
    executed = _executed(tmp_path, clip="09_test/audio/tone.flac", figure="09_test/plot.png")
    ref = Reference(key="999", title="A <Post>", author=None, kind="blog post", date="2015",
                    venue=None, link="https://example.org/post")
    card = site.DocumentCard(heading="999 · A <Post>", references=(ref,),
                             notebooks=["09_test"], verdicts=(
        ("C9.1", "It works.", "not supported", "holds in 0 of 5 seeds"),))
    built = site.build_site(executed, figures, ["09_test"], [card], intro="Hello.")
    folder = built["folder"]
    assert sorted(p.name for p in folder.iterdir()) == ["09_test.html", "index.html",
                                                        "report.html"]
    index = (folder / "index.html").read_text()
    assert "<cite>A &lt;Post&gt;</cite>" in index and "https://example.org/post" in index
    assert "999 · A &lt;Post&gt;" in index and "holds in 0 of 5 seeds" in index
    assert "<p>Hello.</p>" in index and ">09 · A test</a>" in index
    assert 'href="../09_test/listen.html"' in index and 'href="09_test.html"' in index
    page = (folder / "09_test.html").read_text()
    assert "../09_test/audio/tone.flac" in page and "data:audio" not in page
    assert "cdnjs" not in page and "require.js" not in page  # opens offline
    assert str(tmp_path) not in page  # papermill's paths are this machine's
    report = (folder / "report.html").read_text()
    assert 'href="09_test.html"' in report and 'href="../09_test/listen.html"' in report
    assert not list(figures.glob(".site-*"))  # staging cleaned up
    site.build_site(executed, figures, ["09_test"], [card], intro="Hello.")
    assert (folder / "09_test.html").read_text() == page  # the same run, the same bytes


def test_build_site_refuses_a_missing_notebook_and_keeps_the_old_site(tmp_path):
    figures = tmp_path / "figures"
    (figures / "site").mkdir(parents=True)
    (figures / "site" / "index.html").write_text("old")
    (figures / "REPORT.md").write_text("# Report\n")
    (tmp_path / "build").mkdir()
    with pytest.raises(ParameterError, match="no executed notebook"):
        site.build_site(tmp_path / "build", figures, ["09_test"], [])
    with pytest.raises(ParameterError, match=r"cards name notebooks .*'10_other'"):
        site.build_site(tmp_path / "build", figures, [],
                        [site.DocumentCard(heading="x", notebooks=["10_other"])])
    assert (figures / "site" / "index.html").read_text() == "old"


def test_committed_audio_figures_and_site_fit_the_budget():
    assert (FIGURES / "site" / "index.html").is_file(), "no site: python -m dsp_paper site"
    audio = sum(p.stat().st_size for p in FIGURES.glob("*/audio/*") if p.is_file())
    images = sum(p.stat().st_size for p in FIGURES.rglob("*.png"))
    pages = sum(p.stat().st_size for p in (FIGURES / "site").rglob("*") if p.is_file())
    assert audio <= AUDIO_BUDGET_BYTES
    assert audio + images + pages <= COMMITTED_BUDGET_BYTES, \
        f"{(audio + images + pages) / 2**20:.1f} MiB committed"


# --- the committed site in a real browser --------------------------------------------------

def _pages() -> list[Path]:
    return sorted((FIGURES / "site").glob("*.html")) + [FIGURES / "listen.html"] \
        + sorted(FIGURES.glob("[0-9][0-9]_*/listen.html"))


def test_the_committed_site_has_a_page_per_notebook():
    from dsp_paper import studies

    assert {p.stem for p in (FIGURES / "site").glob("*.html")} == \
        set(studies.NOTEBOOKS) | {"index", "report"}


# an absolute path of some machine: means nothing to a reader, and changes with every clone
MACHINE_PATH = re.compile(r"(?<![\w.:/])/(?:work|home|root|tmp|Users|opt)/|site-packages")


def test_the_committed_pages_play_published_files_and_name_no_machine_path():
    for page in sorted((FIGURES / "site").glob("*.html")) + [FIGURES / "REPORT.md"]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"data-clip='[^']*' src='data:", text), \
            f"{page.name} embeds a clip that is published as a file"
        assert '<img src="data:image/png' not in text, f"{page.name} embeds a figure"
        found = MACHINE_PATH.search(text)
        assert not found, f"{page.name}: {text[max(0, found.start() - 60):found.end() + 60]!r}"


# Each image and clip gets 20 s to load or fail; one that does neither counts as not loading.
_WAIT_FOR_MEDIA = """
async () => {
  const late = (value) => new Promise(r => setTimeout(() => r(value), 20000));
  const images = Array.from(document.images);
  await Promise.all(images.map(i => i.complete ? null : Promise.race([late(null),
      new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })])));
  const audios = Array.from(document.querySelectorAll('audio'));
  const durations = await Promise.all(audios.map(a => Promise.race([
      late([a.getAttribute('src'), null]),
      new Promise(r => {
        const done = () => r([a.currentSrc || a.getAttribute('src'), a.duration]);
        if (a.readyState >= 1) return done();
        a.addEventListener('loadedmetadata', done);
        a.addEventListener('error', () => r([a.getAttribute('src'), null]));
        a.preload = 'metadata'; a.load(); })])));
  return {
    images: images.map(i => [i.getAttribute('src').slice(0, 80), i.naturalWidth]),
    audio: durations.map(([s, d]) => [(s || '').slice(0, 80), d]),
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
    ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
  };
}
"""


def _broken_link(page: Path, href: str, ids: dict[Path, set[str]]) -> str | None:
    parsed = urlparse(href)
    if parsed.scheme in ("http", "https", "mailto"):
        return None if parsed.scheme == "mailto" or parsed.netloc else "malformed"
    if parsed.scheme:
        return f"scheme {parsed.scheme}"
    target = (page.parent / unquote(parsed.path)).resolve() if parsed.path else page.resolve()
    if not target.is_file():
        return "no such file"
    if parsed.fragment and target in ids and parsed.fragment not in ids[target]:
        return f"no element #{parsed.fragment}"
    return None


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (tools/system-packages.sh "
                                             "installs Debian's chromium)")
def test_every_page_loads_its_images_and_audio_and_no_link_is_broken():
    from playwright.sync_api import sync_playwright

    from dsp_paper import studies

    pages = _pages()
    assert len(list((FIGURES / "site").glob("*.html"))) == len(studies.NOTEBOOKS) + 2, \
        "the site has not been built (python -m dsp_paper site)"
    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--mute-audio", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--allow-file-access-from-files"])
        try:
            tab = browser.new_page()
            # the site opens offline: any request off the disk is a fault of the page
            outside = []
            tab.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
                   else outside.append(r.url))
            for page in pages:
                tab.goto(page.as_uri(), wait_until="load", timeout=60_000)
                found[page] = tab.evaluate(_WAIT_FOR_MEDIA)
        finally:
            browser.close()
    assert not outside, f"pages fetch from the network: {sorted(set(outside))[:5]}"
    ids = {page.resolve(): set(seen["ids"]) for page, seen in found.items()}
    problems = []
    for page, seen in found.items():
        name = page.relative_to(FIGURES)
        problems += [f"{name}: image {src} does not load" for src, width in seen["images"]
                     if not width]
        problems += [f"{name}: audio {src} does not load" for src, seconds in seen["audio"]
                     if not (seconds and np.isfinite(seconds) and seconds > 0)]
        for href in seen["links"]:
            why = _broken_link(page, href, ids)
            if why:
                problems.append(f"{name}: link {href} is broken ({why})")
    assert not problems, "\n".join(problems[:30])
    site_pages = [p for p in found if p.parent.name == "site" and p.stem[:2].isdigit()]
    assert all(found[p]["images"] for p in site_pages), "a notebook page shows no figure"
    counted = json.dumps({str(p.relative_to(FIGURES)): (len(s["images"]), len(s["audio"]))
                          for p, s in found.items()})
    assert sum(len(s["audio"]) for s in found.values()) > 50, counted
