"""Every committed figure reads at 100 %: no PNG under ``figures/`` is wider than a screen
shows without scaling it down, unless the allowlist below says why it must be.

The PNGs are those of the latest full run (``make reproduce``); a layout changed in a study
shows here once they are regenerated.
"""
from pathlib import Path

import pytest
from PIL import Image

FIGURES = Path(__file__).resolve().parents[1] / "figures"

# Wider than this and a notebook, a browser or the report shrinks the figure, and its 8-10 pt
# text (12-15 px at the 110 dpi the figures are saved at) falls below legibility.
MAX_WIDTH_PX = 1600

# figure (relative to figures/) -> why it needs more width; empty while none does
WIDE_ALLOWED: dict[str, str] = {}

PNGS = sorted(FIGURES.glob("*/*.png"))


def test_there_are_committed_figures_and_the_allowlist_names_only_them():
    assert PNGS, f"no PNG under {FIGURES}"
    names = {p.relative_to(FIGURES).as_posix() for p in PNGS}
    assert set(WIDE_ALLOWED) <= names, sorted(set(WIDE_ALLOWED) - names)
    assert all(reason.strip() for reason in WIDE_ALLOWED.values())


@pytest.mark.parametrize("png", PNGS, ids=lambda p: p.relative_to(FIGURES).as_posix())
def test_figure_fits_a_screen_at_100_percent(png):
    name = png.relative_to(FIGURES).as_posix()
    with Image.open(png) as image:
        width, height = image.size
    if name in WIDE_ALLOWED:
        pytest.skip(f"{name} is {width} px wide: {WIDE_ALLOWED[name]}")
    assert width <= MAX_WIDTH_PX, (
        f"{name} is {width} x {height} px: lay its panels out in rows (or narrow them) so it "
        f"is at most {MAX_WIDTH_PX} px wide, or say in WIDE_ALLOWED why it needs the width")
