import os

import pytest

from dsp_paper._environment import THREAD_VARIABLES

# The thread pools pinned as the notebook runs pin them, before anything imports TensorFlow
# (and for the notebook kernels nbval starts, which inherit this environment).
for _name, _value in THREAD_VARIABLES.items():
    os.environ.setdefault(_name, _value)

# Every test builds what it needs under a temporary root, never under the checkout's build/.
@pytest.fixture(autouse=True)
def isolated_root(tmp_path, monkeypatch):
    monkeypatch.setenv("DSP_PAPER_ROOT", str(tmp_path))
    monkeypatch.delenv("DSP_PAPER_SCALE", raising=False)
    os.environ.setdefault("MPLBACKEND", "Agg")
    return tmp_path
