import nbformat
import pytest

from dsp_paper import ParameterError
from dsp_paper.__main__ import main
from dsp_paper.runner import NotebookFailed, list_notebooks, run_notebooks


def _notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('scale = "quick"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params] + [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "nbs"
    d.mkdir()
    _notebook(d / "01_first.ipynb", "open('ran-01-' + scale, 'w').write('x')")
    _notebook(d / "02_second.ipynb", "x = 1", "raise ValueError('broken on purpose')")
    _notebook(d / "03_third.ipynb", "open('ran-03', 'w').write('x')")
    return d


def test_runs_in_order_and_stops_at_first_failure(folder, tmp_path):
    assert [p.stem for p in list_notebooks(folder)] == ["01_first", "02_second", "03_third"]
    with pytest.raises(NotebookFailed) as info:
        run_notebooks(scale="smoke", folder=folder, output=tmp_path / "out", progress=False)
    message = str(info.value)
    assert "02_second" in message and "cell 3" in message and "broken on purpose" in message
    assert (tmp_path / "out" / "02_second.ipynb").is_file()  # kept for inspection
    assert (folder / "ran-01-smoke").is_file()  # the scale was injected
    assert not (folder / "ran-03").exists()  # stopped at the failure


def test_only_selects_by_number(folder, tmp_path):
    done = run_notebooks(scale="quick", only=["03"], folder=folder, output=tmp_path / "o",
                         progress=False)
    assert [p.name for p, _ in done] == ["03_third.ipynb"]
    with pytest.raises(ParameterError, match="no notebook matches"):
        run_notebooks(only=["09"], folder=folder, progress=False)


def test_cli_rejects_unknown_scale(capsys):
    with pytest.raises(SystemExit):
        main(["run", "--scale", "huge"])
    assert "invalid choice" in capsys.readouterr().err


def test_latency_command_prints_the_table(capsys):
    from dsp_paper.__main__ import main
    assert main(["latency", "--scale", "smoke"]) == 0
    out = capsys.readouterr().out
    assert "blocks of 32" in out and "many-to-one" in out and "real-time factor" in out
