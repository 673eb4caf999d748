"""Every corpus document gives exactly the rule codes tests/fixtures/corpus/expected.yaml lists.

The documents are generated once per session (PDFs in one LibreOffice batch) from varied
wordings, and checked through the text heuristics — the path every order not composed by
orderdraft takes. A heuristic that changes what it finds fails here until expected.yaml is
updated, with a reason for every known miss or false alarm.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_support import ROOT, Expected, expected, generator

from orderdraft.extract import read_document
from orderdraft.providers import load_providers
from orderdraft.rules.registry import Context, Text
from orderdraft.validate import check_text

MANIFEST, ROWS = expected()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    return generator().build(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def corpus_ctx() -> Context:
    return Context(providers=load_providers(ROOT / MANIFEST["providers"]))


def test_manifest_matches_generator() -> None:
    ids = [d["id"] for d in MANIFEST["documents"]]
    assert ids == [s.id for s in generator().specs()]
    assert len(set(ids)) == len(ids)
    assert len(ROWS) >= 40
    assert {r.format for r in ROWS} == {"docx", "pdf"}
    for r in ROWS:
        assert not set(r.misses) - r.codes, f"{r.id}: a known miss must be a true code"
        assert not set(r.false_alarms) & r.codes, f"{r.id}: a false alarm cannot be true"
        assert all(why.strip() for why in (*r.misses.values(), *r.false_alarms.values()))


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.id}.{r.format}")
def test_document_findings(row: Expected, corpus: dict[tuple[str, str], Path],
                           corpus_ctx: Context) -> None:
    path = corpus[(row.id, row.format)]
    doc = read_document(path)
    found = check_text(Text(str(path), doc.paragraphs, doc.paragraph_pages), corpus_ctx)
    assert {f.rule for f in found} == row.should_find, [
        (f.rule, f.message, f.location.snippet) for f in found]
