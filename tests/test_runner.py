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


@pytest.mark.slow
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


@pytest.mark.slow
def test_latency_command_prints_the_table(capsys):
    from dsp_paper.__main__ import main
    assert main(["latency", "--scale", "smoke"]) == 0
    out = capsys.readouterr().out
    assert "blocks of 32" in out and "many-to-one" in out and "real-time factor" in out


def _executed(*cells):
    """A made-up executed notebook: each cell is a list of (output_type, text)."""
    nb = nbformat.v4.new_notebook()
    injected = nbformat.v4.new_code_cell('scale = "smoke"')
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# title"), injected]
    for outputs in cells:
        cell = nbformat.v4.new_code_cell("pass")
        for kind, text in outputs:
            if kind in ("stdout", "stderr"):
                cell.outputs.append(nbformat.v4.new_output("stream", name=kind, text=text))
            elif kind == "error":
                cell.outputs.append(nbformat.v4.new_output("error", ename="E", evalue=text,
                                                           traceback=[text]))
            else:
                cell.outputs.append(nbformat.v4.new_output(kind, data={"text/plain": text}))
        nb.cells.append(cell)
    return nb


NOISE = [
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
    "I0000 00:00:1796170842.395488   14237 cudart_stub.cc:31] Could not find cuda drivers on "
    "your machine, GPU will not be used.",
    "E0000 00:00:1796170851.474057   14237 cuda_platform.cc:52] failed call to cuInit: INTERNAL",
    "E0000 00:00:1796170871.946181   14268 node_def_util.cc:682] NodeDef mentions attribute "
    "use_unbounded_threadpool which is not in the op definition",
    "2024-05-01 10:00:00.123456: I tensorflow/core/util/port.cc:113] oneDNN custom operations "
    "are on. You may see slightly different numerical results",
    "2024-05-01 10:00:01.5: E external/local_xla/xla/stream_executor/cuda/cuda_dnn.cc:9261] "
    "Unable to register cuDNN factory",
    "2024-05-01 10:00:02.5: W tensorflow/compiler/tf2tensorrt/utils/py_utils.cc:38] TF-TRT "
    "Warning: Could not find TensorRT",
    "This TensorFlow binary is optimized to use available CPU instructions",
    "WARNING:tensorflow:5 out of the last 5 calls to <function TensorFlowTrainer."
    "make_predict_function.<locals>.one_step_on_data_distributed at 0x7f> triggered "
    "tf.function retracing. Tracing is expensive",
    "WARNING:tensorflow:6 out of the last 11 calls to <function f at 0x7f> triggered",
]


def test_forbidden_lines_finds_each_kind_of_noise():
    from dsp_paper.runner import forbidden_lines

    for line in NOISE:
        nb = _executed([("stdout", "fine\n")], [("stderr", f"progress 1/2\r{line}\nmore\n")])
        assert forbidden_lines(nb) == [(2, line)], line


def test_forbidden_lines_leaves_a_clean_notebook_alone(tmp_path):
    from dsp_paper.runner import forbidden_lines

    clean = _executed(
        [("stdout", "scale: smoke; Keras 3.15.1 on tensorflow\n"),
         ("stderr", "conv_tied: 100%|##########| 1/1 [00:01<00:00, loss=0.0788]\n")],
        [("execute_result", "   train mse  val mse\n0   0.1  0.2"),
         ("display_data", "<Figure size 800x350 with 1 Axes>")],
        [("error", "cuInit in a traceback is the error's business, not noise")])
    nbformat.write(clean, tmp_path / "clean.ipynb")
    assert forbidden_lines(clean) == [] and forbidden_lines(tmp_path / "clean.ipynb") == []
    noisy = _executed([], [("execute_result", f"x\n{NOISE[0]}")], [("stdout", NOISE[-1])])
    assert forbidden_lines(noisy) == [(2, NOISE[0]), (3, NOISE[-1])]


@pytest.mark.slow
def test_a_noisy_notebook_fails_with_its_lines(tmp_path, monkeypatch):
    import os

    from dsp_paper.runner import NotebookNoisy

    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)
    d = tmp_path / "nbs"
    d.mkdir()
    _notebook(d / "01_environment.ipynb",
              "import os, sys\n"
              "quiet = any(type(f).__name__ == '_QuietTensorFlowImport' for f in sys.meta_path)\n"
              "open('seen', 'w').write(os.environ.get('TF_CPP_MIN_LOG_LEVEL', '-') + f' {quiet}')")
    _notebook(d / "02_noisy.ipynb", "x = 1",
              f"import sys\nprint({NOISE[-2]!r}, file=sys.stderr)")
    _notebook(d / "03_after.ipynb", "open('ran-03', 'w').write('x')")
    with pytest.raises(NotebookNoisy) as info:
        run_notebooks(scale="smoke", folder=d, output=tmp_path / "out", progress=False)
    message = str(info.value)
    assert "02_noisy failed in cell 3" in message and "5 out of the last 5 calls" in message
    assert info.value.lines == [(3, NOISE[-2])]
    assert (tmp_path / "out" / "02_noisy.ipynb").is_file() and not (d / "ran-03").exists()
    # the kernels ran with the backend's variables and the start-up filter installed
    assert (d / "seen").read_text() == "3 True"
    assert "TF_CPP_MIN_LOG_LEVEL" not in os.environ  # and this process's environment is as it was
