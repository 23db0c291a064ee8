"""House rules for the committed notebooks (their execution is nbval's job, at smoke scale)."""
import nbformat
import pytest

from pathlib import Path

from dsp_paper.runner import list_notebooks


def _notebooks():
    return list_notebooks(Path(__file__).resolve().parent.parent / "notebooks")


def test_there_are_notebooks():
    assert [p.stem for p in _notebooks()][:1] == ["01_data"]


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: p.stem)
def test_notebook_hygiene(path):
    nb = nbformat.read(path, as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, "exactly one cell tagged 'parameters'"
    assert 'os.environ.get("DSP_PAPER_SCALE", "quick")' in params[0].source
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, "strip outputs"
    assert nb.metadata["kernelspec"]["name"] == "python3"
    # the figures folder is named after the notebook
    assert f'dp.FigureStore("{path.stem}", scale)' in "".join(c.source for c in nb.cells)
    assert "store.publish()" in nb.cells[-1].source


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: p.stem)
def test_no_code_cell_computes_a_verdict(path):
    from dsp_paper import claims

    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for word in ("supported", "inconclusive"):
        assert word not in code.lower(), f"a code cell of {path.stem} says {word!r}: verdicts come from dsp_paper.claims"
    judged = {c.notebook for c in claims.REGISTRY.values()}
    if path.stem in judged:
        assert f'dp.claims.judge_notebook("{path.stem}", record, scale=scale)' in code
