"""Each document's reference, typed once in its study's paper.py, and the generated copies of it
that open each notebook and the README's map."""
import pytest

from dsp_paper import studies
from dsp_paper.errors import ParameterError
from pathlib import Path
from dsp_paper.study.references import Reference, replace_block


def test_each_document_is_typed_once_under_its_own_key():
    keys = [studies.document(key).key for key in studies.DOCUMENTS]
    assert keys == list(studies.DOCUMENTS)
    with pytest.raises(ParameterError, match="unknown document '005'"):
        studies.document("005")


def test_every_notebook_cites_what_it_rebuilds():
    assert list(studies.REBUILDS) == list(studies.NOTEBOOKS)
    for notebook, keys in studies.REBUILDS.items():
        cited = [r.key for r in studies.references(notebook)]
        assert cited[:len(keys)] == list(keys), notebook
    assert [r.key for r in studies.references("08_capture")][1:] == ["Wright et al. 2019", "Wright et al. 2020",
                                                                 "NAM"]
    with pytest.raises(ParameterError, match="unknown notebook"):
        studies.references("09_nothing")


CHECKOUT = Path(__file__).resolve().parents[1]


def test_the_notebooks_first_cells_and_the_readme_map_are_current():
    stale = studies.sync_reference_cells(write=False, folder=CHECKOUT / "notebooks")
    assert not stale, f"run `python -m dsp_paper references --write`: {stale}"
    assert not studies.sync_readme_map(CHECKOUT / "README.md", write=False,
                                       folder=CHECKOUT / "notebooks"), \
        "the README's map is stale: run `python -m dsp_paper references --write`"


def test_a_citation_says_what_the_source_does_not_name():
    bare = Reference(key="004", title=None, author=None, kind="blog post", date="no date given",
                     venue=None, link=None)
    assert bare.markdown() == ("**004** · untitled, blog post, no date given; no author named; "
                               "no address given.")
    full = Reference(key="x", title="A <b>", author="Ann & Bo", kind="thesis", date="2017",
                     venue="A school", link="https://example.org/?a=1&b=2")
    assert full.markdown() == ("**x** · Ann & Bo, *A <b>*, thesis, 2017, A school, "
                               "<https://example.org/?a=1&b=2>.")
    assert full.html() == ("<b>x</b> · Ann &amp; Bo, <cite>A &lt;b&gt;</cite>, thesis, 2017, "
                           "A school, <a href=\"https://example.org/?a=1&amp;b=2\">"
                           "https://example.org/?a=1&amp;b=2</a>.")


def test_replace_block_needs_both_markers():
    assert replace_block("a <s> old <e> b", "new", start="<s>", end="<e>") == "a <s>\nnew\n<e> b"
    with pytest.raises(ParameterError, match="README.md has no <s> ... <e> block"):
        replace_block("a <s> b", "new", start="<s>", end="<e>", where="README.md")
