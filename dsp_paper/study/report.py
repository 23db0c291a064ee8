"""The reproduction report: every sub-claim of the registry with the rule, the seeds, the spread
and the verdict of the notebook that judges it, each notebook's numbers beside the paper's,
and every rule change.

The registry comes from the caller (:data:`dsp_paper.studies.registry.CLAIM_REGISTRY`): this
module knows no study.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dsp_paper.errors import ParameterError
from dsp_paper.listening_pages import write_listening_index
from dsp_paper.paths import repo_root, write_text_atomically
from dsp_paper.study.reasons import read_reason
from dsp_paper.study.references import Reference, references_markdown, replace_block
from dsp_paper.study.verdicts import NOT_SUPPORTED, SUPPORTED, VERDICTS, ClaimRegistry

if TYPE_CHECKING:
    import pandas as pd

    from dsp_paper.study.rules import RuleChange

__all__ = ["paper_vs_ours", "collect", "claim_rows", "outcomes_markdown",
           "report_markdown", "summary_markdown", "readme_summary", "write_report",
           "update_readme"]

README_START, README_END = "<!-- report-summary:start -->", "<!-- report-summary:end -->"


def paper_vs_ours(rows: Iterable[Sequence[object]]) -> pd.DataFrame:
    """Rows of ``(quantity, paper value, this run's value[, note])`` as a DataFrame whose
    columns say which number is the paper's."""
    import pandas as pd  # heavy: pandas

    records = []
    for row in rows:
        if len(row) not in (3, 4):
            raise ParameterError(f"each row is (quantity, paper, ours[, note]), got {row!r}")
        quantity, paper, ours, *note = row
        records.append({"quantity": quantity, "paper (reported)": paper, "this run": ours,
                        "note": note[0] if note else ""})
    return pd.DataFrame(records).set_index("quantity")


def collect(root: str | os.PathLike | None = None) -> list[dict]:
    """Read every published notebook folder under ``root`` (default ``figures/``).

    Returns
    -------
    list of dict
        One per folder ``NN_name`` that holds a ``SCALE`` file, in order: ``name``, ``scale``,
        ``machine``, ``finished``, ``claims``, ``paper_vs_ours`` and ``differences``
        (DataFrames or None), ``meaning`` (the notebook's generated closing text or None),
        ``listening`` (whether it published a listening page), ``figures`` (PNG file names).
    """

    import pandas as pd  # heavy: pandas

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
                          differences=read("differences.csv"),
                          meaning=_text(folder / "what_it_means.md"),
                          listening=(folder / "listen.html").is_file(),
                          figures=sorted(p.name for p in folder.glob("*.png"))))
    return found


def _text(path: Path) -> str | None:
    return path.read_text().strip() if path.is_file() else None


def _table(frame: pd.DataFrame) -> str:
    return frame.to_markdown(index=False)


def summary_markdown(runs: Iterable[Mapping], *, notebooks_link: str = "../notebooks") -> str:
    """One row per notebook: its scale and how many of its claims got each verdict
    (notebook links relative to ``notebooks_link``)."""
    import pandas as pd  # heavy: pandas

    rows = []
    for run in runs:
        claims = run["claims"]
        counts = claims["verdict"].value_counts() if claims is not None else pd.Series(dtype=int)
        rows.append({"notebook": f"[{run['name']}]({notebooks_link}/{run['name']}.ipynb)",
                     "scale": run["scale"], "claims": int(counts.sum()),
                     **{v: int(counts.get(v, 0)) for v in VERDICTS}})
    return _table(pd.DataFrame(rows))


def claim_rows(runs: list[dict], registry: ClaimRegistry) -> list[dict]:
    """One row per sub-claim of the registry: its verdict from the notebook the registry
    names, with the rule, the scale, the seeds and the evidence that notebook recorded.

    A notebook whose recorded rule is not the registry's current one was run under an earlier
    rule; its verdict is shown as such and the notebook has to run again.

    Returns
    -------
    list of dict
        One per sub-claim, in the registry's order: ``claim``, ``what``, ``judged in``,
        ``rule``, ``decides at``, ``scale``, ``seeds``, ``evidence``, ``effect``,
        ``trainings``, ``why`` (the verdict's reason as judged), ``verdict``, ``reason`` (the
        numbers that decided it, :func:`dsp_paper.study.reasons.verdict_line`) and ``inconclusive because`` (a few
        words on why it is not decided; empty where it is).
    """
    import pandas as pd  # heavy: pandas

    by_name = {r["name"]: r for r in runs}
    rows = []
    for claim in registry.claims.values():
        run = by_name.get(claim.notebook)
        row = {"claim": claim.id, "what": claim.claim, "judged in": claim.notebook,
               "rule": claim.rule_text(), "decides at": ", ".join(claim.decides_at),
               "scale": "—", "seeds": "—", "evidence": "—", "effect": "—", "trainings": "—",
               "why": "—", "verdict": "not judged yet",
               "reason": f"no published run of {claim.notebook} has judged it yet",
               "inconclusive because": "not judged yet"}
        table = run["claims"] if run is not None else None
        if table is not None and claim.id in set(table["id"]):
            judged = table.set_index("id").loc[claim.id]
            seeds = judged.get("seeds", "—")
            kept = lambda k: "—" if pd.isna(judged.get(k, "—")) else str(judged.get(k, "—"))
            reason = read_reason(judged)
            row.update(scale=run["scale"], evidence=judged["evidence"],
                       seeds="—" if pd.isna(seeds) else str(seeds), effect=kept("effect"),
                       trainings=kept("trainings"), why=kept("why this verdict"),
                       verdict=judged["verdict"], reason=reason.line,
                       **{"inconclusive because": reason.because})
            if judged.get("rule") != claim.rule_text():
                row["verdict"] = (f"{judged['verdict']}, under an earlier rule: run "
                                  f"{claim.notebook} again")
                row["reason"] = f"judged under an earlier rule, then: {reason.line}"
                row["inconclusive because"] = "judged under an earlier rule"
        rows.append(row)
    return rows


# The three groups of the first section, and the verdict each takes (None: every other one,
# "inconclusive at this scale", "not judged yet" and a verdict under an earlier rule).
_GROUPS = (("Held", SUPPORTED), ("Did not hold", NOT_SUPPORTED),
           ("Not decided at this scale", None))
OUTCOMES_TITLE = "What held and what did not"


def _group(rows: Sequence[Mapping]) -> dict[str, list[Mapping]]:
    decided = {verdict for _, verdict in _GROUPS if verdict}
    return {title: [r for r in rows if r["verdict"] == verdict
                    or (verdict is None and r["verdict"] not in decided)]
            for title, verdict in _GROUPS}


def outcomes_markdown(rows: Sequence[Mapping], *, brief: str | None = None) -> str:
    """The sub-claims in three groups, held, did not hold and not decided at this scale, each
    on one line: its id, the claim in words and the numbers that decided it.

    Parameters
    ----------
    rows : sequence of mapping
        :func:`claim_rows`.
    brief : str, optional
        A link to the full list (the report's section). Given, the groups are bold labels
        rather than headings, and the sub-claims not decided are summarised by why (their
        ids), with the link, where the README wants it short.

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> rows = [{"claim": "C9.1", "what": "It is fast.", "verdict": "supported", "scale": "quick",
    ...          "reason": "holds in 5 of 5 repeats: rtf 40 > 1", "inconclusive because": ""}]
    >>> print(outcomes_markdown(rows).splitlines()[2])
    ### Held (1)
    """
    groups = _group(rows)
    scales = sorted({r["scale"] for r in rows if r["scale"] != "—"})
    at = (f"the {scales[0]} scale" if len(scales) == 1 else
          f"the scales {', '.join(scales)}" if scales else "no scale")
    held, failed, undecided = (len(found) for found in groups.values())
    one_line = lambda r: (f"- **{r['claim']}** {r['what']} — {r['reason']}"
                          + (f" ({r['scale']})" if len(scales) > 1 else ""))
    lines = [f"Of the {len(rows)} sub-claims, at {at}: {held} held, {failed} did not hold, "
             f"{undecided} are not decided.", ""]
    for title, found in groups.items():
        if brief is not None and title == _GROUPS[-1][0]:
            by_why: dict[str, list[str]] = {}
            for r in found:
                by_why.setdefault(r["inconclusive because"] or "inconclusive", []).append(
                    r["claim"])
            said = "; ".join(f"{why}: {', '.join(ids)}" for why, ids in by_why.items())
            lines += [f"**{title}** ({len(found)}; each with its numbers in [the report]"
                      f"({brief})){': ' + said if said else ''}.", ""]
            continue
        label = (f"**{title}** ({len(found)})" if brief is not None
                 else f"### {title} ({len(found)})")
        lines += [label, ""] + ([one_line(r) for r in found] or ["None."]) + [""]
    return "\n".join(lines).rstrip()


def _rule_changes_markdown(rule_changes: Sequence[RuleChange]) -> list[str]:
    import pandas as pd  # heavy: pandas

    if not rule_changes:
        return ["No rule has changed since the registry was written.", ""]
    frame = pd.DataFrame([{"date": c.date, "claim": c.claim, "before": c.before,
                           "after": c.after, "reason": c.reason} for c in rule_changes])
    return [_table(frame), ""]


def report_markdown(runs: list[dict], registry: ClaimRegistry, *,
                    references: Sequence[Reference] = ()) -> str:
    """The whole report: the documents cited, what held and what did not, the summary, every
    sub-claim with its rule, seeds, spread and verdict, the rule changes, and each notebook's
    paper-versus-ours numbers and figures."""
    import pandas as pd  # heavy: pandas

    scales = sorted({r["scale"] for r in runs})
    machines = sorted({r["machine"] for r in runs})
    rows = claim_rows(runs, registry)
    lines = ["# Reproduction report", "",
             "Generated by `python -m dsp_paper report` from the published results under "
             "`figures/`; nothing in it is written by hand.", "",
             f"Scales of the runs: {', '.join(scales) or 'none'}. "
             f"Machines: {'; '.join(machines) or 'none'}.", "",
             *(["## The documents", "", references_markdown(references), ""]
               if references else []),
             f"## {OUTCOMES_TITLE}", "",
             "Each sub-claim of the documents on one line: what it says, then the numbers "
             "that decided it. Whether its rule holds or fails, and in how many of the seeds "
             "(or timing repeats): a rule is decided only when all five of five seeds agree, "
             "or nine of ten; then the comparisons that settled it, each with this run's "
             "means over the seeds and the relation that holds between them (the rule's "
             "own where it holds, its reverse where it fails). A sub-claim is not decided when "
             "the seeds disagree, when its rule decides only at a larger scale, when a model "
             "did not train to a plateau, or when the measure cannot tell; the line says "
             "which. The rule, the spread of every number and the document's words are in "
             "the sub-claim's section below.", "",
             outcomes_markdown(rows), "",
             "## Summary", "", summary_markdown(runs), "",
             "## Every claim of the documents", "",
             "Each sub-claim has one rule in the package's claims registry "
             "(`python -m dsp_paper claims`) and one verdict, from the notebook the registry "
             "names. The registry was written after pilot runs of the notebooks, not before "
             "any run; every rule changed since is listed, with its date and reason, under "
             "*Rule changes* below.", "",
             "Every model a rule compares trains with the same seeds, and a rule is decided "
             "seed by seed, as a whole (on each seed, do all its comparisons hold?): by one "
             "one-sided sign test at 5 % over the seeds, which needs all five of five seeds "
             "to agree, or nine of ten (timing repeats are sign-tested on their own and never "
             "paired with seeds). The evidence gives every number the rule "
             "uses as mean [min–max] over the seeds (or timing repeats), with the count in "
             "parentheses; the effect of each comparison, the median paired difference with its "
             "distribution-free interval and how many seeds it holds in; the trainings, how "
             "long each model the claim rests on trained (epochs, optimiser steps, seconds) "
             "and what stopped it. A verdict is *inconclusive at this scale* when the scale "
             "is below the one the registry says can decide, when the seeds do not agree "
             "often enough to rule out chance, when a claim about what a model can or cannot "
             "do rests on a training that did not reach a plateau, or when the measure cannot "
             "tell the difference on this material.", "",
             "The *why* column is the sub-claim's line of the first section.", "",
             _table(pd.DataFrame([{k: r[k] for k in ("claim", "what", "verdict", "reason",
                                                      "judged in", "scale", "seeds")}
                                  for r in rows]).rename(columns={"reason": "why"})), ""]
    for cid, what in registry.document_claims.items():
        subs = [r for r in rows if registry.claims[r["claim"]].parent == cid]
        lines += [f"### {cid} · {what}", ""]
        for r in subs:
            claim = registry.claims[r["claim"]]
            lines += [f"**{r['claim']}** — {r['what']} **Verdict: {r['verdict']}** "
                      f"({r['judged in']}, scale {r['scale']}, seeds {r['seeds']}).", "",
                      f"> {claim.quote}", "",
                      f"- In one line: {r['reason']}",
                      f"- Measured: {claim.measured}.",
                      f"- Rule: `{r['rule']}` (decides at {r['decides at']}).",
                      *[f"- Why: {w}" for w in claim.why],
                      f"- Evidence: {r['evidence']}",
                      *([f"- Effect: {r['effect']}"] if r["effect"] != "—" else []),
                      *([f"- Trainings: {r['trainings']}"] if r["trainings"] != "—" else []),
                      *([f"- Why this verdict: {r['why']}"] if r["why"] != "—" else []),
                      *([f"- Between machines: {registry.machine_sensitive[claim.id]}"]
                        if claim.id in registry.machine_sensitive else []), ""]
    sensitive = [r for r in rows if r["claim"] in registry.machine_sensitive]
    if sensitive:
        lines += ["## Verdicts that another machine may change", "",
                  "TensorFlow's op determinism holds on one machine image; across images these "
                  "verdicts were seen to move with the same code, seeds and versions:", "",
                  *[f"- **{r['claim']}** ({r['verdict']}): "
                    f"{registry.machine_sensitive[r['claim']]}." for r in sensitive], ""]
    lines += ["## Rule changes", ""] + _rule_changes_markdown(registry.rule_changes)
    differences = [(run["name"], run["differences"]) for run in runs
                   if run.get("differences") is not None]
    if differences:
        lines += ["## What differs from the documents", "",
                  "Each notebook's own table, at the scale that ran: material, sample rate, "
                  "model sizes, epochs, optimiser and data sizes.", ""]
        for name, frame in differences:
            lines += [f"### {name}", "", _table(frame), ""]
    for run in runs:
        lines += [f"## {run['name']}", "",
                  f"[notebook](../notebooks/{run['name']}.ipynb) · scale **{run['scale']}** · "
                  f"finished {run['finished']} · {run['machine']}", ""]
        if run.get("meaning"):
            lines += ["### What it means", "", run["meaning"], ""]
        if run.get("listening"):
            lines += [f"Listen: [{run['name']}/listen.html]({run['name']}/listen.html)", ""]
        if run["paper_vs_ours"] is not None:
            lines += ["### The paper's numbers beside this run's", "",
                      _table(run["paper_vs_ours"]), ""]
        if run["claims"] is not None:
            columns = [c for c in ("id", "verdict", "why this verdict") if c in run["claims"]]
            lines += ["### Verdicts", "", _table(run["claims"][columns]), ""]
        if run["figures"]:
            lines += ["### Figures", "", " · ".join(
                f"[{name}]({run['name']}/{name})" for name in run["figures"]), ""]
    return "\n".join(lines)


def write_report(registry: ClaimRegistry, root: str | os.PathLike | None = None, *,
                 path: str | os.PathLike | None = None,
                 references: Sequence[Reference] = ()) -> Path:
    """Write ``REPORT.md`` into ``root`` (default ``figures/``) atomically, the documents of
    ``references`` cited first; return its path."""

    root = Path(root) if root is not None else repo_root() / "figures"
    runs = collect(root)
    if not runs:
        raise ParameterError(f"no published notebook results under {root}: run the notebooks "
                             "first (python -m dsp_paper run)")

    if any(run.get("listening") for run in runs):
        write_listening_index(root)
    path = Path(path) if path is not None else root / "REPORT.md"
    write_text_atomically(path, report_markdown(runs, registry, references=references) + "\n")
    return path


def readme_summary(runs: Iterable[Mapping], registry: ClaimRegistry, *,
                   notebooks_link: str = "notebooks",
                   report_link: str = "figures/REPORT.md") -> str:
    """The README's block between its report markers: what held and what did not, each
    sub-claim on one line with the numbers that decided it (:func:`outcomes_markdown`; those
    not decided only by id, grouped by why, with a link to the report's list), then each
    notebook's counts (:func:`summary_markdown`).

    Parameters
    ----------
    runs : iterable of mapping
        :func:`collect`.
    registry : ClaimRegistry
    notebooks_link, report_link : str
        Where the notebooks and the report lie, relative to the README.

    Returns
    -------
    str
        Markdown, without the markers.

    Examples
    --------
    >>> from dsp_paper.studies.registry import CLAIM_REGISTRY  # doctest: +SKIP
    >>> print(readme_summary(collect(), CLAIM_REGISTRY))  # doctest: +SKIP
    Of the 37 sub-claims, at the quick scale: 12 held, 8 did not hold, 17 are not decided.
    ...
    """
    runs = list(runs)
    anchor = OUTCOMES_TITLE.lower().replace(" ", "-")
    return "\n".join([outcomes_markdown(claim_rows(runs, registry),
                                        brief=f"{report_link}#{anchor}"), "",
                      "Each notebook's verdicts:", "",
                      summary_markdown(runs, notebooks_link=notebooks_link)])


def update_readme(readme: str | os.PathLike, runs: Iterable[Mapping],
                  registry: ClaimRegistry) -> Path:
    """Replace the block between the README's report markers with :func:`readme_summary`,
    atomically; return the README's path."""

    readme = Path(readme)
    text = replace_block(readme.read_text(encoding="utf-8"), readme_summary(runs, registry),
                         start=README_START, end=README_END, where=str(readme))
    return write_text_atomically(readme, text)
