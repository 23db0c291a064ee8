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
