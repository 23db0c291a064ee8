"""Claims tables and paper-versus-reproduction tables, in one format for every notebook."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import ParameterError

__all__ = ["VERDICTS", "DOCUMENT_CLAIMS", "Claim", "claims_frame", "paper_vs_ours",
           "collect", "current_verdicts", "report_markdown", "summary_markdown", "write_report", "update_readme"]

README_START, README_END = "<!-- report-summary:start -->", "<!-- report-summary:end -->"

VERDICTS = ("supported", "not supported", "inconclusive at this scale")

# Every claim of the source documents, by the number the reproduction plan gives it.
DOCUMENT_CLAIMS = {
    "C0.1": "000: the linear net gives white noise at 20 epochs, training-like audio at 4000",
    "C0.2": "000: the nonlinear net is no better than the linear one",
    "C0.3": "000: the conv net is the first to output proper audio, improving with epochs, "
            "cheaply",
    "C0.4": "000: without the hidden layer the conv net applies the effect much worse",
    "C0.5": "000: untied filters train markedly slower than tied ones",
    "C0.6": "000: test MSE below training MSE; MSE misjudges output quality",
    "C0.7": "000: the half-second tick from zero-padded blocks; overlap removes it",
    "C2.1": "002: the LSTM has the lowest error; 61.3 % / 84.09 % less error",
    "C2.2": "002: the LSTM does not preserve the frequency spectrum, above all on voice",
    "C2.3": "002: 0.8 ms per output sample, 35 s per second: the LSTM cannot run online",
    "C2.4": "002 future work: a spectral loss; a parameter input",
    "C3.1": "003: the FFT representation is lossless but less descriptive than raw frames",
    "C3.2": "003: the raw-frame model recreates the break when it overfits",
    "C3.3": "003: a tail (feedback) phase after the sound ends",
    "C4.1": "004: one linear layer learns the STFT to near machine precision",
    "C4.2": "004: its weights are Hann-windowed sinusoids",
    "C4.3": "004: learning the STFT is impractical next to an FFT",
}


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


def _document_claim(claim_id):
    """``C0.3b`` -> ``C0.3``: sub-claims a notebook splits a document's claim into."""
    import re

    match = re.match(r"(C\d+\.\d+)", str(claim_id))
    return match.group(1) if match else str(claim_id)


def collect(root=None):
    """Read every published notebook folder under ``root`` (default ``figures/``).

    Returns
    -------
    list of dict
        One per folder ``NN_name`` that holds a ``SCALE`` file, in order: ``name``, ``scale``,
        ``machine``, ``finished``, ``claims`` (DataFrame or None), ``paper_vs_ours``
        (DataFrame or None), ``figures`` (PNG file names).
    """
    import json

    import pandas as pd

    from .paths import repo_root

    root = Path(root) if root is not None else repo_root() / "figures"
    found = []
    for folder in sorted(p for p in root.glob("[0-9][0-9]_*") if p.is_dir()):
        if not (folder / "SCALE").is_file():
            continue
        run = json.loads((folder / "RUN.json").read_text()) if (folder / "RUN.json").is_file() \
            else {}
        read = lambda name: pd.read_csv(folder / name) if (folder / name).is_file() else None
        found.append(dict(name=folder.name, scale=(folder / "SCALE").read_text().strip(),
                          machine=run.get("machine", "unknown"),
                          finished=run.get("finished", "unknown"), folder=folder,
                          claims=read("claims.csv"), paper_vs_ours=read("paper_vs_ours.csv"),
                          figures=sorted(p.name for p in folder.glob("*.png"))))
    return found


def _table(frame):
    return frame.to_markdown(index=False)


def summary_markdown(runs, *, notebooks_link="../notebooks"):
    """One row per notebook: its scale and how many of its claims got each verdict
    (notebook links relative to ``notebooks_link``)."""
    import pandas as pd

    rows = []
    for run in runs:
        claims = run["claims"]
        counts = claims["verdict"].value_counts() if claims is not None else pd.Series(dtype=int)
        rows.append({"notebook": f"[{run['name']}]({notebooks_link}/{run['name']}.ipynb)",
                     "scale": run["scale"], "claims": int(counts.sum()),
                     **{v: int(counts.get(v, 0)) for v in VERDICTS}})
    return _table(pd.DataFrame(rows))


def current_verdicts(runs):
    """Each document claim's sub-claims with the verdict of the last notebook that judged them.

    Returns
    -------
    dict
        ``{"C0.6": {"C0.6a": {"verdict", "notebook", "earlier": [{"verdict", "notebook"}]}}}``,
        notebooks in run order (a later notebook's verdict replaces an earlier one's).
    """
    found = {}
    for run in runs:
        if run["claims"] is None:
            continue
        for _, row in run["claims"].iterrows():
            subs = found.setdefault(_document_claim(row["id"]), {})
            before = subs.get(row["id"])
            earlier = (before["earlier"] + [{k: before[k] for k in ("verdict", "notebook")}]
                       if before else [])
            subs[row["id"]] = {"verdict": row["verdict"], "notebook": run["name"],
                               "earlier": earlier}
    return found


def report_markdown(runs):
    """The whole report: the summary, every document claim with where it is judged, and
    each notebook's paper-versus-ours numbers, claims and figures."""
    import pandas as pd

    scales = sorted({r["scale"] for r in runs})
    machines = sorted({r["machine"] for r in runs})
    lines = ["# Reproduction report", "",
             "Generated by `python -m dsp_paper report` from the published results under "
             "`figures/`; nothing in it is written by hand.", "",
             f"Scales of the runs: {', '.join(scales) or 'none'}. "
             f"Machines: {'; '.join(machines) or 'none'}.", "",
             "## Summary", "", summary_markdown(runs), ""]
    current = current_verdicts(runs)
    lines += ["## Every claim of the documents", "",
              "A sub-claim judged by more than one notebook takes the verdict of the last one "
              "(07 judges C0.6b and C2.2 again with controlled evidence); the earlier verdicts "
              "are listed beside it.", ""]
    rows = []
    for cid, what in DOCUMENT_CLAIMS.items():
        subs = current.get(cid, {})
        rows.append({"claim": cid, "what": what,
                     "current verdict": "; ".join(f"{sub}: {v['verdict']} ({v['notebook']})"
                                                  for sub, v in subs.items()) or "not judged yet",
                     "earlier verdicts": "; ".join(f"{sub}: {e['verdict']} ({e['notebook']})"
                                                   for sub, v in subs.items()
                                                   for e in v["earlier"]) or "—"})
    lines.append(_table(pd.DataFrame(rows)))
    lines.append("")
    for run in runs:
        lines += [f"## {run['name']}", "",
                  f"[notebook](../notebooks/{run['name']}.ipynb) · scale **{run['scale']}** · "
                  f"finished {run['finished']} · {run['machine']}", ""]
        if run["paper_vs_ours"] is not None:
            lines += ["### The paper's numbers beside this run's", "",
                      _table(run["paper_vs_ours"]), ""]
        if run["claims"] is not None:
            lines += ["### Claims", "",
                      _table(run["claims"][["id", "claim", "verdict", "evidence"]]), ""]
        if run["figures"]:
            lines += ["### Figures", "", " · ".join(
                f"[{name}]({run['name']}/{name})" for name in run["figures"]), ""]
    return "\n".join(lines)


def write_report(root=None, *, path=None):
    """Write ``REPORT.md`` into ``root`` (default ``figures/``) atomically; return its path."""
    import os

    from .paths import repo_root

    root = Path(root) if root is not None else repo_root() / "figures"
    runs = collect(root)
    if not runs:
        raise ParameterError(f"no published notebook results under {root}: run the notebooks "
                             "first (python -m dsp_paper run)")
    path = Path(path) if path is not None else root / "REPORT.md"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(report_markdown(runs) + "\n")
    os.replace(tmp, path)
    return path


def update_readme(readme, runs):
    """Replace the summary between the README's report markers with the current one."""
    import os

    readme = Path(readme)
    text = readme.read_text()
    if README_START not in text or README_END not in text:
        raise ParameterError(f"{readme} has no {README_START} ... {README_END} section")
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    body = summary_markdown(runs, notebooks_link="notebooks")
    tmp = readme.with_name(readme.name + ".tmp")
    tmp.write_text(f"{head}{README_START}\n{body}\n{README_END}{tail}")
    os.replace(tmp, readme)
    return readme
