"""Publishing a run: the report (``python -m dsp_paper report``), the static site
(``site``) and the citations that open each notebook and the README's map (``references``).

The command line's side of them: what the framework's :mod:`~dsp_paper.study.report`,
:mod:`~dsp_paper.study.site` and :mod:`~dsp_paper.study.references` need of the studies is
gathered here, and each returns an exit code (2 for bad input, with the reason on stderr).
"""
from __future__ import annotations

import sys
from pathlib import Path

from dsp_paper.errors import ParameterError
from dsp_paper.study.prose import word_list
from dsp_paper.study.site import DocumentCard

__all__ = ["publish_report", "publish_site", "publish_references", "document_cards",
           "perceptual_summary", "PERCEPTUAL_START", "PERCEPTUAL_END"]

PERCEPTUAL_START = "<!-- perceptual-judges:start -->"
PERCEPTUAL_END = "<!-- perceptual-judges:end -->"
# notebook 07's published calibration: every candidate against every family, and its cost
_JUDGE_RESULTS = ("07_mse_critique", "results.json")
_COST_TABLE = ("07_mse_critique", "perceptual_cost.csv")


def publish_report(scale: str | None, *, readme: bool) -> int:
    """``python -m dsp_paper report``: REPORT.md, the listening index, and with ``readme`` the
    README's summary."""
    from dsp_paper import studies
    from dsp_paper.paths import repo_root
    from dsp_paper.studies.registry import CLAIM_REGISTRY
    from dsp_paper.study import report
    from dsp_paper.study.outputs import figures_root

    try:
        path = report.write_report(CLAIM_REGISTRY, figures_root(scale),
                                   references=studies.references())
        print(f"wrote {path}")
        if readme and scale == "smoke":
            print("README.md left alone: it shows quick or paper results only")
        elif readme:
            updated = report.update_readme(repo_root() / "README.md",
                                           report.collect(figures_root(scale)), CLAIM_REGISTRY)
            _update_perceptual_block(repo_root() / "README.md", figures_root(scale))
            print(f"updated {updated}")
    except ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def perceptual_summary(root: Path) -> str | None:
    """The README's paragraph on the perceptual judges, from notebook 07's published run: how
    many families of the calibration each candidate passes, which one (if any) carries the
    perceptual verdicts, and what each costs per second of audio and per 3-s clip.

    Parameters
    ----------
    root : Path
        The published results (``figures/``).

    Returns
    -------
    str or None
        Markdown; None where notebook 07 has published no calibration under ``root``.
    """
    import json

    import pandas as pd

    from dsp_paper.perceptual import PERCEPTUAL_MEASURES, perceptual_measure
    from dsp_paper.study.calibration import CALIBRATION

    results, cost_path = root / _JUDGE_RESULTS[0] / _JUDGE_RESULTS[1], root.joinpath(*_COST_TABLE)
    if not results.is_file() or not cost_path.is_file():
        return None
    judge = json.loads(results.read_text(encoding="utf-8")).get("perceptual_judge")
    if not judge:
        return None
    by_label = {m.label: k for k, m in PERCEPTUAL_MEASURES.items()}
    cost = pd.read_csv(cost_path)
    cost = cost.set_index(cost["measure"].map(lambda v: by_label.get(v, v)))
    families = len(CALIBRATION.severities)
    lines = ["| candidate | families passed | s per s of audio | s per 3-s clip |",
             "|---|---|---|---|"]
    for key in (k for k in PERCEPTUAL_MEASURES if k in judge["failed"]):
        failed, per = judge["failed"][key], float(cost.loc[key, "s per s of audio"])
        lines.append(f"| {perceptual_measure(key).label} | {families - len(failed)} of "
                     f"{families} | {per:.3f} | {3 * per:.2f} |")
    shown = perceptual_measure(judge["shown"]).label
    if judge["chosen"]:
        verdict = f"{shown} passes every family and carries the perceptual verdicts (C0.6d, C2.2c)."
    else:
        verdict = (f"No candidate passes every family, so the perceptual verdicts (C0.6d, "
                   f"C2.2c) stay inconclusive, \"no calibrated measure\"; the closest, {shown}, "
                   f"fails {word_list(judge['failed'][judge['shown']])}.")
    severities = {len(v) for v in CALIBRATION.severities.values()}
    return "\n".join([
        f"{len(judge['failed'])} perceptual judges stand beside ESR, each tested before it may "
        f"judge on {families} families of known faults at {'/'.join(map(str, severities))} "
        f"severities on {word_list(list(CALIBRATION.materials))} (notebook 07; the rule is in "
        "[docs/claims.md](docs/claims.md#a-perceptual-judge-that-is-calibrated-before-it-"
        f"judges)). {verdict} What each costs on the machine that ran it, after its first "
        "call:", "", *lines])



def _update_perceptual_block(readme: Path, root: Path) -> None:
    from dsp_paper.paths import write_text_atomically
    from dsp_paper.study.references import replace_block

    summary = perceptual_summary(root)
    if summary is None:
        print("README's perceptual judges left alone: notebook 07 has published no calibration")
        return
    text = replace_block(readme.read_text(encoding="utf-8"), summary,
                         start=PERCEPTUAL_START, end=PERCEPTUAL_END, where=str(readme))
    write_text_atomically(readme, text)


def document_cards(root: Path) -> list[DocumentCard]:
    """One landing-page card per document, and one for the extension beyond them: its
    citation, the notebooks that rebuild it, and each of its sub-claims' verdict and reason
    as the report gives them (:func:`dsp_paper.study.report.claim_rows`)."""
    from dsp_paper import studies
    from dsp_paper.studies.registry import CLAIM_REGISTRY
    from dsp_paper.study import report

    rows = report.claim_rows(report.collect(root), CLAIM_REGISTRY)

    def verdicts(document: str) -> list[tuple[str, str, str, str]]:
        return [(r["claim"], r["what"], r["verdict"], r["reason"]) for r in rows
                if CLAIM_REGISTRY.claims[r["claim"]].document == document]

    cards = []
    for key in studies.DOCUMENTS:
        ref = studies.document(key)
        cards.append(DocumentCard(
            heading=f"{key} · {ref.title or ref.kind}", references=(ref,),
            notebooks=[nb for nb, keys in studies.REBUILDS.items() if key in keys],
            verdicts=verdicts(key)))
    beyond = [nb for nb in studies.NOTEBOOKS if studies.field_references(nb)]
    cards.append(DocumentCard(
        heading="Beyond the documents: capturing an effect with today's models",
        references=[r for nb in beyond for r in studies.field_references(nb)],
        notebooks=beyond, verdicts=verdicts("extension")))
    return cards


def publish_site(executed: str | None, scale: str | None = None) -> int:
    """``python -m dsp_paper site``: the executed notebooks, the report and a landing page as
    ``site/`` beside the results of ``scale`` (``figures/site/``; at smoke
    ``build/smoke-figures/site/``)."""
    import time

    from dsp_paper import studies
    from dsp_paper.paths import build_dir
    from dsp_paper.study import report
    from dsp_paper.study.outputs import figures_root
    from dsp_paper.study.site import build_site

    started = time.perf_counter()
    root = figures_root(scale)
    try:
        runs = report.collect(root)
        machines = sorted({r["machine"] for r in runs})
        scales = sorted({r["scale"] for r in runs})
        ran = (f"\n\nThese pages ran at the {', '.join(f'`{s}`' for s in scales)} scale on "
               f"{'; '.join(machines)}." if runs else "")
        built = build_site(Path(executed) if executed else build_dir(), root,
                           list(studies.NOTEBOOKS), document_cards(root),
                           intro=studies.SITE_INTRO + ran)
    except ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    pages = built["pages"].values()
    print(f"wrote {built['folder']}/ ({len(built['pages'])} notebooks, "
          f"{built['bytes'] / 2**20:.1f} MiB; {sum(p['linked_clips'] for p in pages)} clips and "
          f"{sum(p['linked_figures'] for p in pages)} figures play from their published files) "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


def publish_references(*, write: bool) -> int:
    """``python -m dsp_paper references``: print each notebook's citations, or with ``write``
    refresh them in the notebooks' first cells and the README's map."""
    from dsp_paper import studies

    if write:
        from dsp_paper.paths import repo_root

        try:
            changed = [p.name for p in studies.sync_reference_cells(write=True)]
            if studies.sync_readme_map(repo_root() / "README.md", write=True):
                changed.append("README.md (its map)")
        except ParameterError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print("refreshed the citations of " + (", ".join(changed) or "nothing: all current"))
        return 0
    for notebook in studies.NOTEBOOKS:
        print(f"{notebook}\n{studies.reference_block(notebook)}\n")
    return 0
