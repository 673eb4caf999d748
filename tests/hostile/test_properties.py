"""Property tests: whatever goes in, out comes a result or one clear ``OrderdraftError``.

Targets: the case-file loader (arbitrary YAML-ish and JSON-ish text, arbitrary nested data,
mutations of the real example), the composer (``compose_case`` in memory on mutated but
loadable cases), the validator's text path (``check_text`` on arbitrary paragraphs) and
``read_document`` on mutated DOCX and PDF bytes. Any other exception fails the test.
Example counts are bounded so the whole file stays around ten seconds.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from hostile_tally import record
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orderdraft import source
from orderdraft.case import Case, case_from_data
from orderdraft.compose import compose_case
from orderdraft.errors import OrderdraftError
from orderdraft.extract import Limits, read_document
from orderdraft.library import load_library
from orderdraft.rules.registry import Text
from orderdraft.validate import check_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_TEXT = (ROOT / "examples" / "dvpp-direction.yaml").read_text("utf-8")
EXAMPLE: dict[str, Any] = yaml.safe_load(EXAMPLE_TEXT)
LIMITS = Limits(pdf_timeout_seconds=2.0)


def outcome(target: str, action: Callable[[], T]) -> T | None:
    """Run ``action``; a result or an OrderdraftError is fine, anything else propagates."""
    try:
        value = action()
    except OrderdraftError as exc:
        message = exc.format_message()
        assert message.strip(), "an error must say something"
        assert "Traceback" not in message
        record(target, "error")
        return None
    record(target, "result")
    return value


def quick(n: int) -> Any:
    # Fixed examples in CI (a run there must not fail on a new random draw it cannot show
    # us); fresh ones on every local run, which is where new hostile inputs are found.
    return settings(max_examples=n, deadline=None, database=None,
                    derandomize=bool(os.environ.get("CI")),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


# --------------------------------------------------------------------------- loader: text

YAML_BITS = [
    "court:", "judge: x", "  - ", "- ", ": ", "? ", "&a ", "*a", "!!python/object:os.system",
    "!!binary", "!tag ", "<<: ", "{", "}", "[", "]", ",", "'", '"', "|", ">", "#", "---",
    "...", "\n", "\n  ", "\t", "\\u0000", "\\ud800", "\x00", "\x07", "\ufeff", "2026-02-30",
    "0x1F", "0o17", "1e999", ".nan", "~", "null", "yes", "=", "%YAML 1.1", "%TAG ! x",
    "9" * 5000, "\u202e", "\U0001f600",
]
yamlish = st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=8), max_size=40).map("".join)
JSON_BITS = ['{', '}', '[', ']', ',', ':', '"a"', '"a"', '1', '-0', '1e999', 'NaN', 'true',
             'null', '"\\ud800"', '"\\u0000"', ' ', '\t', '\n', '"' + "x" * 3000 + '"']
jsonish = st.lists(st.sampled_from(JSON_BITS), max_size=60).map("".join)


@quick(400)
@given(text=yamlish)
def test_loader_on_yamlish_text(text: str) -> None:
    outcome("loader: YAML-ish text", lambda: source.loads(text, "case.yaml"))


@quick(200)
@given(text=jsonish)
def test_loader_on_jsonish_text(text: str) -> None:
    outcome("loader: JSON-ish text", lambda: source.loads(text, "case.json", is_json=True))


@quick(150)
@given(data=st.binary(max_size=300) | yamlish.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_loader_on_bytes_from_disk(tmp_path_factory: Any, data: bytes) -> None:
    path = tmp_path_factory.mktemp("bytes") / "case.yaml"
    path.write_bytes(data)
    outcome("loader: raw bytes on disk", lambda: source.load(path))


# --------------------------------------------------------------------------- loader: data

scalars = (
    st.none() | st.booleans() | st.integers() | st.integers(min_value=10**4300)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12)
    | st.text(st.characters(codec="utf-8", categories=["Cc", "Cs", "Co", "Zl"]), max_size=4)
    | st.dates() | st.datetimes() | st.just("2026-02-30") | st.just("x" * 2500)
)
nested = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=6) | st.sampled_from(list(EXAMPLE)), inner, max_size=4),
    max_leaves=12,
)


@quick(300)
@given(data=nested)
def test_case_from_arbitrary_nested_data(data: Any) -> None:
    outcome("schema: arbitrary nested data", lambda: case_from_data(data))


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += paths(value, (*prefix, i))
    return out


EXAMPLE_PATHS = paths(EXAMPLE)[1:]


@st.composite
def mutated_example(draw: st.DrawFn, values: st.SearchStrategy[Any] = nested) -> Any:
    """The real example with one to three values replaced, deleted or added."""
    data = copy.deepcopy(EXAMPLE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(EXAMPLE_PATHS))
        parent: Any = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            key = path[-1]
            action = draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "replace":
                parent[key] = draw(values)
            elif action == "delete":
                del parent[key]
            elif isinstance(parent, dict):
                parent[draw(st.text(max_size=8))] = draw(values)
            else:
                parent.append(draw(values))
        except (KeyError, IndexError, TypeError, AttributeError):
            continue  # an earlier mutation removed or replaced this path
    return data


@quick(300)
@given(data=mutated_example())
def test_case_from_mutated_example(data: Any) -> None:
    outcome("schema: mutated example", lambda: case_from_data(data))


# --------------------------------------------------------------------------- composer

LIBRARY = load_library()
# Text a drafter could really type: quotes, XML and Jinja syntax, right-to-left marks, emoji.
typed_text = st.lists(
    st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]) | st.sampled_from(
        ["<", ">", "&", '"', "'", "{{", "}}", "{%", "%}", "{_{", "]]>", "\u202e", "\U0001f600"]
    ),
    min_size=1, max_size=20,
).map("".join)
ENUMS = ["direction", "condition", "final", "interim", "case_management", "cafcass",
         "local_authority", "template_2016", "proposed", "miam", "spip", "respondent",
         "mother", "father", "wales", "scotland", "fortnightly"]


def same_kind(value: Any) -> st.SearchStrategy[Any]:
    """A new value of the example value's own kind, so most mutated cases still load."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(-3, 60) | st.integers(60, 10**9)
    if isinstance(value, dt.date):
        return st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31)) | st.dates()
    if isinstance(value, str):
        return typed_text | st.sampled_from(ENUMS)
    return st.just(copy.deepcopy(value))


@st.composite
def composable_case(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(EXAMPLE)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(EXAMPLE_PATHS))
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = draw(same_kind(parent[path[-1]]))
    return data


@quick(120)
@given(data=composable_case())
def test_compose_case_in_memory(data: Any) -> None:
    case = outcome("compose: mutated case (loading)", lambda: case_from_data(data))
    if case is None:
        return
    assert isinstance(case, Case)
    codes = ["OD101", "OD201", "OD202", "OD203", "OD204", "OD301", "OD302", "OD303"]
    composed = outcome("compose: compose_case", lambda: compose_case(case, LIBRARY, accept=codes))
    if composed is None:
        return
    _, _, docx = composed
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        assert zf.testzip() is None


# --------------------------------------------------------------------------- validator text

ORDER_PHRASES = [
    "domestic violence perpetrator programme", "DVPP", "Activity Direction",
    "Activity Condition", "must attend", "Cafcass must refer", "by 4pm on 7 December 2026",
    "suitability assessment", "midway report", "filed and served", "final order",
    "child arrangements order", "[NAME]", "{{ name }}", "XX/XX/XXXX", "section 11A",
    "\u00ad", "\u00a0", "\n", "1.", "(a)",
]
paragraph = st.lists(st.sampled_from(ORDER_PHRASES) | st.text(max_size=20), max_size=12).map(
    " ".join
)


@quick(200)
@given(paragraphs=st.lists(paragraph, max_size=30), data=st.data())
def test_check_text_on_arbitrary_paragraphs(paragraphs: list[str], data: st.DataObject) -> None:
    pages = tuple(data.draw(st.lists(st.integers(0, 600), min_size=len(paragraphs),
                                     max_size=len(paragraphs))))
    text = Text("order.docx", tuple(paragraphs), pages)
    findings = outcome("validate: check_text", lambda: check_text(text))
    assert findings is not None
    for f in findings:
        assert f.rule and f.message and f.path == "order.docx"
        if f.location.paragraph is not None:
            assert 1 <= f.location.paragraph <= len(paragraphs)


# --------------------------------------------------------------------------- documents

_CASE = case_from_data(copy.deepcopy(EXAMPLE), "example.yaml")
REAL_DOCX = compose_case(_CASE, LIBRARY)[2]
REAL_PDF = make_corpus.text_pdf()


@st.composite
def mutated_bytes(draw: st.DrawFn, base: bytes) -> bytes:
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "splice"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        else:  # copy a run of the file over another place: keeps structure plausible
            length = draw(st.integers(1, 256))
            src = draw(st.integers(0, max(len(data) - 1, 0)))
            data[at : at + length] = data[src : src + length]
    return bytes(data)


@st.composite
def mutated_docx_xml(draw: st.DrawFn) -> bytes:
    """A well-formed package whose document.xml is mutated: exercises the XML walk."""
    with zipfile.ZipFile(io.BytesIO(REAL_DOCX)) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    xml = parts["word/document.xml"]
    parts["word/document.xml"] = draw(mutated_bytes(xml)) + draw(st.sampled_from(
        [b"", b"<!DOCTYPE x>", b"<w:p>", b"&lol;", b"\xff\xfe", b"<?xml?>"]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


@quick(200)
@given(data=mutated_bytes(REAL_DOCX) | mutated_docx_xml())
def test_read_document_on_mutated_docx(tmp_path_factory: Any, data: bytes) -> None:
    path = tmp_path_factory.mktemp("docx") / "order.docx"
    path.write_bytes(data)
    outcome("extract: mutated DOCX", lambda: read_document(path, limits=LIMITS))


@quick(150)
@given(data=mutated_bytes(REAL_PDF))
def test_read_document_on_mutated_pdf(tmp_path_factory: Any, data: bytes) -> None:
    path = tmp_path_factory.mktemp("pdf") / "order.pdf"
    path.write_bytes(data)
    outcome("extract: mutated PDF", lambda: read_document(path, limits=LIMITS))


def test_the_mutation_bases_are_readable() -> None:
    """If the bases did not read, every mutation above would be refused for a dull reason."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        docx, pdf = Path(tmp) / "a.docx", Path(tmp) / "a.pdf"
        docx.write_bytes(REAL_DOCX)
        pdf.write_bytes(REAL_PDF)
        assert read_document(docx).paragraphs
        assert read_document(pdf).paragraphs == (
            f"{make_corpus.SECRET} must attend a DVPP.", "1. Cafcass must refer"
        )
