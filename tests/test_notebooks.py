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
    # settings and the figures folder are named after the notebook; it ends by publishing
    assert f'nb = start_notebook("{path.stem}", scale)' in "".join(c.source for c in nb.cells)
    assert "nb.finish(" in nb.cells[-1].source


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: p.stem)
def test_no_code_cell_computes_a_verdict(path):
    from dsp_paper.studies import registry

    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for word in ("supported", "inconclusive"):
        assert word not in code.lower(), f"a code cell of {path.stem} says {word!r}: verdicts come from dsp_paper.study.verdicts"
    judged = {c.notebook for c in registry.REGISTRY.values()}
    if path.stem in judged:
        assert "nb.judge(record)" in code


# Notebooks call the package and show; the logic lives in dsp_paper (and is tested there).
CODE_LINE_BUDGET = 600


def _code_lines(path):
    nb = nbformat.read(path, as_version=4)
    return sum(1 for c in nb.cells if c.cell_type == "code"
               for line in c.source.splitlines() if line.strip())


def test_notebooks_are_thin():
    lines = {p.stem: _code_lines(p) for p in _notebooks()}
    assert sum(lines.values()) <= CODE_LINE_BUDGET, lines


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: p.stem)
def test_a_notebook_ends_on_what_it_means(path):
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "nb.markdown(" in code, "the closing text is generated from the run"
    assert "nb.differences(" in code, "a table of what differs from the document"
