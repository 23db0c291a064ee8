import os

import pytest

# Every test builds what it needs under a temporary root, never under the checkout's build/.
@pytest.fixture(autouse=True)
def isolated_root(tmp_path, monkeypatch):
    monkeypatch.setenv("DSP_PAPER_ROOT", str(tmp_path))
    monkeypatch.delenv("DSP_PAPER_SCALE", raising=False)
    os.environ.setdefault("MPLBACKEND", "Agg")
    return tmp_path
