"""Claims tables and paper-versus-reproduction tables, in one format for every notebook."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from .errors import ParameterError

__all__ = ["VERDICTS", "Claim", "claims_frame", "paper_vs_ours"]

VERDICTS = ("supported", "not supported", "inconclusive at this scale")


@dataclass(frozen=True)
class Claim:
    """One claim of a document, the evidence this run produced, and the verdict."""

    id: str
    claim: str
    evidence: str
    verdict: str

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ParameterError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")
        if not self.evidence.strip():
            raise ParameterError(f"claim {self.id} has no evidence")


def claims_frame(claims):
    """A pandas DataFrame indexed by claim id."""
    import pandas as pd

    return pd.DataFrame([asdict(c) for c in claims]).set_index("id")


def paper_vs_ours(rows):
    """Rows of ``(quantity, paper value, this run's value[, note])`` as a DataFrame whose
    columns say which number is the paper's."""
    import pandas as pd

    records = []
    for row in rows:
        if len(row) not in (3, 4):
            raise ParameterError(f"each row is (quantity, paper, ours[, note]), got {row!r}")
        quantity, paper, ours, *note = row
        records.append({"quantity": quantity, "paper (reported)": paper, "this run": ours,
                        "note": note[0] if note else ""})
    return pd.DataFrame(records).set_index("quantity")
