"""Shared by the test_hook_* suites: case files with known findings, composed and foreign
orders, and running ``orderdraft validate`` in-process from a chosen folder."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import docx
from click.testing import CliRunner, Result

from orderdraft.case import case_from_data
from orderdraft.cli.main import cli
from orderdraft.compose import compose_case
from orderdraft.library import Library, load_library
from orderdraft.source import load

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "dvpp-direction.yaml"
EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")

# The example with its DVPP made an Activity Condition: OD101, OD201 and OD202 on line 38.
CONDITION_TEXT = EXAMPLE_TEXT.replace("mechanism: direction", "mechanism: condition")
CONDITION_LINE = 1 + EXAMPLE_TEXT[: EXAMPLE_TEXT.index("mechanism: direction")].count("\n")
CONDITION_CODES = ("OD101", "OD201", "OD202")


def with_suppress(text: str, entries: Sequence[str]) -> str:
    """The case text with a ``suppress:`` list (entries are YAML mapping bodies)."""
    items = "".join(f"  - {e}\n" for e in entries)
    return text.rstrip("\n") + "\nsuppress:\n" + items


@cache
def library() -> Library:
    return load_library()


def composed_docx(text: str = EXAMPLE_TEXT, name: str = "case.yaml",
                  accept: Sequence[str] = ()) -> bytes:
    """The DOCX orderdraft composes from a case file's text."""
    import yaml

    case = case_from_data(yaml.safe_load(text), name=name)
    return compose_case(case, library(), accept=accept)[2]


def edit_docx(data: bytes, old: str, new: str) -> bytes:
    """``data`` with ``old`` replaced by ``new`` in its body text, as an edit in Word would."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "word/document.xml":
                assert old.encode() in body
                body = body.replace(old.encode(), new.encode())
            dst.writestr(item, body)
    return out.getvalue()


def foreign_docx(paragraphs: Sequence[str]) -> bytes:
    """A Word document drafted by someone else: plain paragraphs, no orderdraft properties."""
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# A hand-drafted order in the 2016 template style: a DVPP with no referral, no suitability
# assessment and no midway report (OD201, OD202, OD203, OD205 from the text heuristics).
TEMPLATE_2016_ORDER = (
    "IN THE FAMILY COURT SITTING AT NOTTINGHAM",
    "CASE MANAGEMENT ORDER",
    "The father must attend the following activity programme:",
    "a Domestic Violence Perpetrator Programme (DVPP)",
    "The matter is adjourned.",
)


@contextmanager
def chdir(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def run(args: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Result:
    """``orderdraft <args>`` in-process, from ``cwd`` (config discovery starts there)."""
    with chdir(cwd):
        return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def example_data() -> dict[str, object]:
    data = load(EXAMPLE).data
    assert isinstance(data, dict)
    return data
