import pytest

from dsp_paper import ParameterError
from dsp_paper.studies import registry
from dsp_paper.study import report, verdicts
from dsp_paper.study.report import paper_vs_ours
from dsp_paper.study.rules import All, Compare, SubClaim


def test_paper_vs_ours():
    frame = paper_vs_ours([("loss", 3e-8, 1e-8), ("weights", "17M", 17_436_672, "exact")])
    assert list(frame.columns) == ["paper (reported)", "this run", "note"]
    with pytest.raises(ParameterError):
        paper_vs_ours([("only two", 1)])


def _publish(root, name, scale, judged):
    import json
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "SCALE").write_text(scale + "\n")
    (folder / "RUN.json").write_text(json.dumps({"machine": "test box", "finished": "now"}))
    verdicts.verdicts_frame(judged).to_csv(folder / "claims.csv")
    (folder / "plot.png").write_bytes(b"")
    return folder


def _verdict(claim_id, verdict, *, rule=None, seeds=(0, 1, 2), evidence="x = 1 [0.9–1.1] (3)"):
    c = registry.REGISTRY[claim_id]
    return verdicts.Verdict(c.id, c.claim, rule or c.rule_text(), c.decides_at, "quick", seeds,
                          verdict, "because", evidence)


def test_report_shows_each_sub_claim_with_rule_seeds_spread_and_verdict(tmp_path):
    _publish(tmp_path, "03_dense_baselines", "quick",
             [_verdict("C0.1a", "not supported"), _verdict("C0.2", "supported")])
    folder = _publish(tmp_path, "05_recurrent_eq", "paper", [_verdict("C2.3a", "supported")])
    paper_vs_ours([("error", 7.9e-5, 3.7e-5)]).reset_index().to_csv(
        folder / "paper_vs_ours.csv", index=False)
    (tmp_path / "99_unpublished").mkdir()  # no SCALE: not a published run
    path = report.write_report(registry.CLAIM_REGISTRY, tmp_path)
    text = path.read_text()
    assert path == tmp_path / "REPORT.md" and not (tmp_path / "REPORT.md.tmp").exists()
    assert "99_unpublished" not in text and "paper, quick" in text and "test box" in text
    assert "**C2.3a**" in text and "**Verdict: supported** (05_recurrent_eq, scale paper, seeds 0, 1, 2)" in text
    assert registry.REGISTRY["C2.3a"].rule_text() in text and "x = 1 [0.9–1.1] (3)" in text
    assert registry.REGISTRY["C2.3a"].quote in text
    assert "**C3.1**" in text and "not judged yet" in text  # claims no notebook judged
    assert "7.9e-05" in text and "[plot.png](05_recurrent_eq/plot.png)" in text
    assert "## Rule changes" in text
    summary = report.summary_markdown(report.collect(tmp_path))
    row = [line for line in summary.splitlines() if "03_dense_baselines" in line][0]
    assert [c.strip() for c in row.split("|")[2:7]] == ["quick", "2", "1", "1", "0"]


def test_only_the_notebook_the_registry_names_decides(tmp_path):
    # C0.6b is 04's; a verdict on it in another notebook's table is not taken
    _publish(tmp_path, "04_conv_tied", "quick", [_verdict("C0.6b", "not supported")])
    _publish(tmp_path, "07_mse_critique", "quick", [_verdict("C0.6b", "supported"),
                                                    _verdict("C0.6c", "supported")])
    rows = {r["claim"]: r for r in report.claim_rows(report.collect(tmp_path), registry.CLAIM_REGISTRY)}
    assert rows["C0.6b"]["verdict"] == "not supported" and rows["C0.6b"]["judged in"] == "04_conv_tied"
    assert rows["C0.6c"]["verdict"] == "supported"


def test_a_verdict_under_an_earlier_rule_is_flagged(tmp_path):
    _publish(tmp_path, "04_conv_tied", "quick", [_verdict("C0.4", "supported", rule="old rule")])
    row = [r for r in report.claim_rows(report.collect(tmp_path), registry.CLAIM_REGISTRY) if r["claim"] == "C0.4"][0]
    assert row["verdict"].startswith("supported, under an earlier rule")


def test_readme_summary_is_replaced_between_markers(tmp_path):
    _publish(tmp_path / "figures", "06_lstm_generation", "quick", [_verdict("C3.1", "supported")])
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{report.README_START}\nold table\n{report.README_END}\nrest\n")
    report.update_readme(readme, report.collect(tmp_path / "figures"), registry.CLAIM_REGISTRY)
    text = readme.read_text()
    assert "old table" not in text and "(notebooks/06_lstm_generation.ipynb)" in text
    assert "**Held** (1)\n\n- **C3.1** " in text  # what held, said in the README too
    assert text.startswith("intro\n") and text.endswith("rest\n")
    readme.write_text("no markers")
    with pytest.raises(ParameterError, match="report-summary"):
        report.update_readme(readme, [], registry.CLAIM_REGISTRY)


def test_report_without_results_says_what_to_do(tmp_path):
    with pytest.raises(ParameterError, match="run the notebooks"):
        report.write_report(registry.CLAIM_REGISTRY, tmp_path)


def test_report_carries_each_notebooks_differences_meaning_and_listening_page(tmp_path):
    from dsp_paper.study.notebook import differences_table

    folder = _publish(tmp_path, "03_dense_baselines", "quick", [_verdict("C0.2", "supported")])
    differences_table([("epochs", "4000", "30")], scale="quick").to_csv(folder / "differences.csv")
    (folder / "what_it_means.md").write_text("The nets learned the lowpass in 30 epochs.\n")
    (folder / "listen.html").write_text("<html></html>")
    text = report.write_report(registry.CLAIM_REGISTRY, tmp_path).read_text()
    assert "## What differs from the documents" in text and "this run (quick)" in text
    assert any(line.startswith("| epochs") and "4000" in line and "30" in line
               for line in text.splitlines())
    assert "The nets learned the lowpass in 30 epochs." in text
    assert "03_dense_baselines/listen.html" in text
    assert (tmp_path / "listen.html").is_file()  # the index of every listening page


# ------------------------------------------------------------------ what held and what did not

SEEDS = [0, 1, 2, 3, 4]


def _claim(cid, claim, rule, notebook="09_made_up"):
    return SubClaim(cid, "009", notebook, quote="made up", claim=claim, measured="made up",
                    rule=rule, decides_at=("quick", "paper"), why=("made up",))


MADE_UP_REGISTRY = verdicts.ClaimRegistry(
    claims={c.id: c for c in (
        _claim("C9.1", "The model runs online.",
               All(Compare("rtf", ">", 1), Compare("latency_ms", "<=", 3))),
        _claim("C9.2", "The model is slow.", Compare("rtf", "<", 1)),
        _claim("C9.3", "The model is exact.", Compare("esr", "<", 1e-3)),
        _claim("C9.4", "The model sings.", Compare("notes", ">", 0), notebook="10_unrun"))},
    document_claims={f"C9.{i}": f"009: made-up claim {i}" for i in range(1, 5)}, rule_changes=())


def test_the_report_opens_with_what_held_and_what_did_not(tmp_path):
    record = {"seeds": SEEDS, "rtf": [40, 41, 42, 43, 44], "latency_ms": [1.0] * 5,
              "esr": [1e-4, 1e-4, 1e-2, 1e-4, 1e-4]}
    judged = [verdicts.judge(c, record, scale="quick")
              for c in list(MADE_UP_REGISTRY.claims.values())[:3]]
    assert [j.verdict for j in judged] == ["supported", "not supported",
                                           "inconclusive at this scale"]
    _publish(tmp_path, "09_made_up", "quick", judged)
    text = report.write_report(MADE_UP_REGISTRY, tmp_path).read_text()
    first = text.index("## What held and what did not")
    assert first < text.index("## Summary") < text.index("## Every claim")
    section = text[first:text.index("## Summary")]
    groups = {h: section.index(h) for h in ("### Held (1)", "### Did not hold (1)",
                                            "### Not decided at this scale (2)")}
    assert list(groups) == sorted(groups, key=groups.get)  # in that order
    held = "- **C9.1** The model runs online. — holds in 5 of 5 seeds: rtf 42 > 1; latency_ms 1 <= 3"
    failed = "- **C9.2** The model is slow. — fails in 5 of 5 seeds: rtf 42 >= 1"
    undecided = ("- **C9.3** The model is exact. — seeds disagree: holds in 4 of 5 seeds (a "
                 "verdict needs 5): esr 0.00208 vs 0.001")
    unrun = "- **C9.4** The model sings. — no published run of 10_unrun has judged it yet"
    assert groups["### Held (1)"] < section.index(held) < groups["### Did not hold (1)"]
    assert groups["### Did not hold (1)"] < section.index(failed) < \
        groups["### Not decided at this scale (2)"]
    assert groups["### Not decided at this scale (2)"] < section.index(undecided) < \
        section.index(unrun)
    assert "Of the 4 sub-claims, at the quick scale: 1 held, 1 did not hold, 2 are not decided." \
        in section
    # the same line beside the claim in the table and in the claim's own section
    row = [l for l in text.splitlines() if l.startswith("| C9.2")][0]
    assert "fails in 5 of 5 seeds: rtf 42 >= 1" in row
    assert "- In one line: fails in 5 of 5 seeds: rtf 42 >= 1" in text


def test_readme_block_says_what_held_and_what_did_not(tmp_path):
    record = {"seeds": SEEDS, "rtf": [40, 41, 42, 43, 44], "latency_ms": [1.0] * 5,
              "esr": [1e-4, 1e-4, 1e-2, 1e-4, 1e-4]}
    _publish(tmp_path, "09_made_up", "quick", [verdicts.judge(c, record, scale="quick") for c in
                                                list(MADE_UP_REGISTRY.claims.values())[:3]])
    block = report.readme_summary(report.collect(tmp_path), MADE_UP_REGISTRY)
    assert "**Held** (1)\n\n- **C9.1** The model runs online. — holds in 5 of 5 seeds" in block
    assert "**Did not hold** (1)\n\n- **C9.2** The model is slow. — fails in 5 of 5 seeds" in block
    assert ("**Not decided at this scale** (2; each with its numbers in [the report]"
            "(figures/REPORT.md#what-held-and-what-did-not)): seeds disagree: C9.3; not judged "
            "yet: C9.4.") in block
    assert "[09_made_up](notebooks/09_made_up.ipynb)" in block  # and each notebook's counts
