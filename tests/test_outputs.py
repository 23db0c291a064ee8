import json

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from dsp_paper import FigureStore, ParameterError  # noqa: E402
from dsp_paper.paths import figures_root  # noqa: E402


def test_smoke_never_writes_figures(isolated_root):
    assert figures_root("smoke") == isolated_root / "build" / "smoke-figures"
    assert figures_root("quick") == isolated_root / "figures"


def test_publish_swaps_in_atomically(tmp_path):
    store = FigureStore("01_data", "quick", root=tmp_path)
    fig, ax = plt.subplots()
    store.savefig(fig, "a")
    store.save_table(pd.DataFrame({"x": [1]}), "t")
    assert not (tmp_path / "01_data").exists()  # nothing visible before publish
    store.publish()
    out = tmp_path / "01_data"
    assert {p.name for p in out.iterdir()} == {"a.png", "t.csv", "t.md", "RUN.json", "SCALE"}
    assert json.loads((out / "RUN.json").read_text())["scale"] == "quick"
    assert (out / "SCALE").read_text().strip() == "quick"


def test_failed_run_keeps_previous_figures(tmp_path):
    good = FigureStore("01_data", "quick", root=tmp_path)
    good.save_json({"v": 1}, "result")
    good.publish()
    failed = FigureStore("01_data", "quick", root=tmp_path)
    failed.save_json({"v": 2}, "result")
    # ... the notebook raises before publish()
    assert json.loads((tmp_path / "01_data" / "result.json").read_text()) == {"v": 1}
    replacement = FigureStore("01_data", "quick", root=tmp_path)
    replacement.save_json({"v": 3}, "result")
    replacement.publish()
    assert json.loads((tmp_path / "01_data" / "result.json").read_text()) == {"v": 3}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".old")] == []


def test_bad_names(tmp_path):
    with pytest.raises(ParameterError):
        FigureStore("../x", "quick", root=tmp_path)
    store = FigureStore("01_data", "quick", root=tmp_path)
    with pytest.raises(ParameterError):
        store.path("../escape.png")
    with pytest.raises(ParameterError, match="unknown scale"):
        FigureStore("01_data", "big", root=tmp_path)
