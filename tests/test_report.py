import pytest

from dsp_paper import ParameterError
from dsp_paper.report import Claim, claims_frame, paper_vs_ours


def test_claims_frame():
    frame = claims_frame([Claim("C4.1", "learns the STFT", "loss 1e-8", "supported")])
    assert frame.loc["C4.1", "verdict"] == "supported"


def test_verdict_and_evidence_are_checked():
    with pytest.raises(ParameterError, match="verdict"):
        Claim("C", "x", "y", "probably")
    with pytest.raises(ParameterError, match="evidence"):
        Claim("C", "x", " ", "supported")


def test_paper_vs_ours():
    frame = paper_vs_ours([("loss", 3e-8, 1e-8), ("weights", "17M", 17_436_672, "exact")])
    assert list(frame.columns) == ["paper (reported)", "this run", "note"]
    with pytest.raises(ParameterError):
        paper_vs_ours([("only two", 1)])


def _publish(root, name, scale, claims):
    import json
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "SCALE").write_text(scale + "\n")
    (folder / "RUN.json").write_text(json.dumps({"machine": "test box", "finished": "now"}))
    claims_frame(claims).to_csv(folder / "claims.csv")
    (folder / "plot.png").write_bytes(b"")
    return folder


def test_report_collects_every_published_notebook(tmp_path):
    from dsp_paper import report
    _publish(tmp_path, "03_dense_baselines", "quick",
             [Claim("C0.1", "noise at 20 epochs", "flatness 0.003", "not supported"),
              Claim("C0.2", "nonlinear no better", "ESR 0.02 vs 0.007", "supported")])
    folder = _publish(tmp_path, "05_recurrent_eq", "paper",
                      [Claim("C2.3a", "slow", "225 ms", "supported")])
    paper_vs_ours([("error", 7.9e-5, 3.7e-5)]).reset_index().to_csv(
        folder / "paper_vs_ours.csv", index=False)
    (tmp_path / "99_unpublished").mkdir()  # no SCALE: not a published run
    path = report.write_report(tmp_path)
    text = path.read_text()
    assert path == tmp_path / "REPORT.md" and not (tmp_path / "REPORT.md.tmp").exists()
    assert "99_unpublished" not in text and "paper, quick" in text and "test box" in text
    assert "| C2.3 " in text and "C2.3a: supported (05_recurrent_eq)" in text
    assert "C3.1" in text and "not judged yet" in text  # claims no notebook judged
    assert "7.9e-05" in text and "[plot.png](05_recurrent_eq/plot.png)" in text
    summary = report.summary_markdown(report.collect(tmp_path))
    row = [line for line in summary.splitlines() if "03_dense_baselines" in line][0]
    assert [c.strip() for c in row.split("|")[2:7]] == ["quick", "2", "1", "1", "0"]


def test_a_later_notebook_updates_a_verdict(tmp_path):
    from dsp_paper import report
    _publish(tmp_path, "04_conv_tied", "quick",
             [Claim("C0.6a", "test below train", "1e-5 < 1e-4", "supported"),
              Claim("C0.6b", "MSE a poor judge", "gap 3x", "not supported")])
    _publish(tmp_path, "07_mse_critique", "quick",
             [Claim("C0.6b", "MSE a poor judge", "5 of 10 pairs wrong", "supported")])
    current = report.current_verdicts(report.collect(tmp_path))["C0.6"]
    assert current["C0.6a"]["verdict"] == "supported" and current["C0.6a"]["earlier"] == []
    assert current["C0.6b"] == {"verdict": "supported", "notebook": "07_mse_critique",
                                "earlier": [{"verdict": "not supported",
                                             "notebook": "04_conv_tied"}]}
    row = [line for line in report.write_report(tmp_path).read_text().splitlines()
           if line.startswith("| C0.6 ")][0]
    assert "C0.6b: supported (07_mse_critique)" in row
    assert "C0.6b: not supported (04_conv_tied)" in row  # kept as the earlier verdict


def test_readme_summary_is_replaced_between_markers(tmp_path):
    from dsp_paper import report
    _publish(tmp_path / "figures", "06_lstm_generation", "quick",
             [Claim("C3.1", "lossless", "6e-8", "supported")])
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{report.README_START}\nold table\n{report.README_END}\nrest\n")
    report.update_readme(readme, report.collect(tmp_path / "figures"))
    text = readme.read_text()
    assert "old table" not in text and "(notebooks/06_lstm_generation.ipynb)" in text
    assert text.startswith("intro\n") and text.endswith("rest\n")
    readme.write_text("no markers")
    with pytest.raises(ParameterError, match="report-summary"):
        report.update_readme(readme, [])


def test_report_without_results_says_what_to_do(tmp_path):
    from dsp_paper import report
    with pytest.raises(ParameterError, match="run the notebooks"):
        report.write_report(tmp_path)
