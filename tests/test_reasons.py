"""One line per verdict: the numbers that decided it, read back from made-up verdicts as
their claims.csv rows hold them, for each verdict and each reason of the inconclusive policy;
and every rule of the registry read back from its text."""
import pandas as pd
import pytest

from dsp_paper import ParameterError
from dsp_paper.studies import registry
from dsp_paper.study import reasons, verdicts
from dsp_paper.study.rules import All, Any, Compare, Not, SubClaim

SEEDS = [0, 1, 2, 3, 4]
ONLINE = All(Compare("rtf", ">", 1), Compare("latency_ms", "<=", 3))


def _made_up(rule=ONLINE, *, decides_at=("quick", "paper"), **options) -> SubClaim:
    return SubClaim("C9.1", "009", "09_made_up", quote="it cannot run online",
                    claim="The model runs online.", measured="rtf and latency_ms", rule=rule,
                    decides_at=decides_at, why=("real time",), **options)


def _line(claim, record, *, scale="quick", through_csv=True, tmp_path=None, **options):
    """The one line of a verdict judged on a made-up record, read back, as the report reads
    it, from a claims.csv row."""
    judged = verdicts.judge(claim, {"seeds": SEEDS, **record}, scale=scale)
    row = judged.row()
    if through_csv:
        path = tmp_path / "claims.csv"
        verdicts.verdicts_frame([judged]).to_csv(path)
        row = pd.read_csv(path).iloc[0]
    return judged.verdict, reasons.verdict_line(row, **options)


def test_the_line_of_a_supported_verdict_gives_every_part_that_holds_it_up(tmp_path):
    verdict, line = _line(_made_up(), dict(rtf=[40, 41, 42, 43, 44], latency_ms=[1.0] * 5),
                          tmp_path=tmp_path)
    assert verdict == "supported"
    assert line == "holds in 5 of 5 seeds: rtf 42 > 1; latency_ms 1 <= 3"


def test_the_line_of_a_failed_verdict_gives_the_part_that_brought_it_down(tmp_path):
    verdict, line = _line(_made_up(), dict(rtf=[0.4, 0.5, 0.5, 0.5, 0.6], latency_ms=[1.0] * 5),
                          tmp_path=tmp_path)
    assert verdict == "not supported"
    # the relation that holds on the numbers, not the rule's: rtf is below 1
    assert line == "fails in 5 of 5 seeds: rtf 0.5 <= 1"


def test_under_a_not_the_line_gives_what_refutes_the_claim_and_one_part_of_an_or(tmp_path):
    cannot = Not(All(Compare("esr", "<", 0.1),
                     Any(All(Compare("rtf_32", ">", 1), Compare("latency_ms_32", "<=", 3)),
                         All(Compare("rtf_64", ">", 1), Compare("latency_ms_64", "<=", 3)))))
    record = dict(esr=[0.004, 0.005, 0.006, 0.005, 0.005], rtf_32=[37.0] * 5,
                  latency_ms_32=[0.75] * 5, rtf_64=[43.0] * 5, latency_ms_64=[1.5] * 5)
    verdict, line = _line(_made_up(cannot), record, tmp_path=tmp_path)
    assert verdict == "not supported"
    assert line == "fails in 5 of 5 seeds: esr 0.005 < 0.1; rtf_32 37 > 1; latency_ms_32 0.75 <= 3"


def test_timing_repeats_and_single_values_say_so(tmp_path):
    repeats = dict(rtf=[40, 41, 42, 43, 44], latency_ms=[1.0] * 5,
                   _repeats={"rtf": "blocks", "latency_ms": "blocks"})
    assert _line(_made_up(), repeats, tmp_path=tmp_path)[1] == \
        "holds in 5 of 5 repeats: rtf 42 > 1; latency_ms 1 <= 3"
    verdict, line = _line(_made_up(decides_at=("paper",)), dict(rtf=0.5, latency_ms=1.0),
                          tmp_path=tmp_path)
    assert verdict == "inconclusive at this scale"
    assert line == "decides only at paper; at quick it fails (single values): rtf 0.5 <= 1"


def test_the_line_of_each_inconclusive_reason(tmp_path):
    online = dict(rtf=[40, 41, 42, 43, 44], latency_ms=[1.0] * 5)
    lines = {}
    # the seeds disagree: the part they disagree on, with the seeds it holds in
    lines["disagree"] = _line(_made_up(), dict(online, rtf=[0.5, 41, 42, 43, 44]),
                              tmp_path=tmp_path)
    lines["scale"] = _line(_made_up(), online, scale="smoke", tmp_path=tmp_path)
    lines["withheld"] = _line(_made_up(withheld="the meter saturates here: it reads 4.7 at "
                                                "silence; so no verdict rests on it"),
                              online, tmp_path=tmp_path)
    lines["uncalibrated"] = _line(_made_up(perceptual_families=("level",)),
                                  dict(online, _perceptual={"measure": "visqol",
                                                            "passed": {"visqol": []}}),
                                  tmp_path=tmp_path)
    trained = {"09_made_up_quick": {"runs": 5, "epochs": [9] * 5, "steps": [90] * 5,
                                    "seconds": [1.0] * 5, "stopped_by": ["epochs"] * 5}}
    lines["plateau"] = _line(_made_up(trained=("09_made_up_*",), capability=True),
                             dict(online, _trainings=trained), tmp_path=tmp_path)
    lines["one value"] = _line(_made_up(), dict(rtf=42.0, latency_ms=1.0), tmp_path=tmp_path)
    few = verdicts.judge(_made_up(), {"seeds": [0, 1, 2], "rtf": [40, 41, 42],
                                      "latency_ms": [1.0] * 3}, scale="quick")
    lines["few seeds"] = few.verdict, reasons.verdict_line(few.row())
    assert {v for v, _ in lines.values()} == {"inconclusive at this scale"}
    assert {k: line for k, (_, line) in lines.items()} == {
        "disagree": "seeds disagree: holds in 4 of 5 seeds (a verdict needs 5): rtf 34.1 > 1",
        "scale": "decides only at quick, paper; at smoke it holds in 5 of 5 seeds: rtf 42 > 1; "
                 "latency_ms 1 <= 3",
        "withheld": "measure withheld (the meter saturates here); it holds in 5 of 5 seeds: "
                    "rtf 42 > 1; latency_ms 1 <= 3",
        "uncalibrated": "no calibrated measure; it holds in 5 of 5 seeds: rtf 42 > 1; "
                        "latency_ms 1 <= 3",
        "plateau": "not trained to a plateau (09_made_up_quick stopped before a plateau); it "
                   "holds in 5 of 5 seeds: rtf 42 > 1; latency_ms 1 <= 3",
        "one value": "one value per quantity for 5 seeds, too few for the sign test; it holds "
                     "(single values): rtf 42 > 1; latency_ms 1 <= 3",
        "few seeds": "too few seeds: holds in 3 of 3 seeds (a verdict needs 5 seeds): rtf 41 > "
                     "1; latency_ms 1 <= 3"}


def test_a_long_line_counts_what_it_leaves_out_and_a_rule_it_cannot_read_gives_its_numbers():
    wide = All(*[Compare(f"a_rather_long_quantity_name_{i}", "<", 1) for i in range(4)])
    record = {f"a_rather_long_quantity_name_{i}": [0.1 * (i + 1)] * 5 for i in range(4)}
    line = reasons.verdict_line(verdicts.judge(_made_up(wide), {"seeds": SEEDS, **record},
                                              scale="quick").row(), limit=120)
    assert len(line) <= 120 and line.endswith("(+2 more)")
    assert line.startswith("holds in 5 of 5 seeds: a_rather_long_quantity_name_0 0.1 < 1; ")
    row = {"verdict": "supported", "rule": "made up (not a rule's text)",
           "why this verdict": "the rule holds in enough paired seeds",
           "evidence": "x = 1 [0.9–1.1] (3); rule by seed: holds, holds, holds", "effect": "—"}
    assert reasons.verdict_line(row) == "holds in 3 of 3 seeds: x 1"


def test_every_inconclusive_reason_of_judge_is_read_back():
    # a reason judge words anew must be taught to the line, or it reads as "other"
    import inspect
    source = inspect.getsource(verdicts.judge)
    assert source.count("verdict = INCONCLUSIVE") == 7 == len(reasons._WHY)


def test_every_rule_is_read_back_from_its_text():
    # the report reads a published verdict's rule from its text alone (claims.csv)
    for claim in registry.REGISTRY.values():
        read = reasons.parse_rule(claim.rule_text())
        assert read.text() == claim.rule.text(), claim.id
        assert [c.difference() for c in read.comparisons()] == \
            [c.difference() for c in claim.rule.comparisons()], claim.id
    assert reasons.parse_rule("a < 2 × b or not (c >= -30)") == \
        Any(Compare("a", "<", "b", factor=2), Not(Compare("c", ">=", -30)))
    for bad in ("a < b and c > d or e < f", "a = b", "a < b)", "made up"):
        with pytest.raises(ParameterError, match="not a rule's text"):
            reasons.parse_rule(bad)
