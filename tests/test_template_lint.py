"""``orderdraft templates lint``: each thing Word editing does to a template, made by hand in
the shipped order template's XML, found with its part and paragraph; the shipped templates
themselves are clean.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from orderdraft.case import load_case
from orderdraft.cli.main import cli
from orderdraft.compose import compose_case
from orderdraft.library import load_library
from orderdraft.render.docx import CompiledTemplate
from orderdraft.template_lint import lint_template, template_kind

ROOT = Path(__file__).resolve().parents[1]
ORDER = ROOT / "templates" / "orders" / "order.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def invoke(*args: str | Path) -> Result:
    result = CliRunner().invoke(cli, ["templates", "lint", *map(str, args)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def edited(tmp_path: Path, old: str, new: str, *, part: str = "word/document.xml",
           folder: str = "orders", count: int = 1) -> Path:
    """A copy of the order template with ``old`` replaced by ``new`` in ``part``'s XML."""
    target = tmp_path / folder / "order.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(ORDER) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                text = data.decode("utf-8")
                assert text.count(old) >= count, f"{old!r} is not in {part}"
                data = text.replace(old, new, count).encode("utf-8")
            dst.writestr(info, data)
    return target


def paragraph_text(path: Path, number: int, part: str = "word/document.xml") -> str:
    """Paragraph ``number`` counted as Word's navigation does: every w:p in order."""
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read(part))
    p = list(root.iter(f"{W}p"))[number - 1]
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def test_shipped_templates_are_clean() -> None:
    result = invoke()
    assert result.exit_code == 0
    assert result.output == "templates are clean\n"


def test_a_tag_split_across_runs_is_a_warning_and_still_renders(tmp_path: Path) -> None:
    path = edited(tmp_path, "<w:t>{{ title }}</w:t>",
                  '<w:t>{{ ti</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>tle }}</w:t>')
    (problem,) = lint_template(path)
    assert problem.severity == "warning"
    assert problem.part == "body"
    assert paragraph_text(path, problem.paragraph or 0) == "{{ title }}"
    assert problem.message.startswith("'{{ title }}' is split across 2 runs")
    result = invoke(path)
    assert result.exit_code == 0  # warnings are reported, not failed
    assert result.stdout == f"{path}: {problem.format().split(': ', 1)[1]}\n"
    # ...and it really does still work: the renderer joins the pieces.
    draft = compose_case(load_case(ROOT / "examples" / "dvpp-direction.yaml"), load_library())[0]
    from orderdraft.compose import order_properties, template_context

    out = CompiledTemplate(path).render(template_context(draft), order_properties(draft))
    with zipfile.ZipFile(__import__("io").BytesIO(out)) as zf:
        assert "CASE MANAGEMENT ORDER" in zf.read("word/document.xml").decode("utf-8")


def test_curly_quotes_inside_a_tag(tmp_path: Path) -> None:
    path = edited(tmp_path, "{{ title }}", "{{ title | default(“Order”) }}")
    problems = lint_template(path)
    assert [p.severity for p in problems] == ["error"]
    assert problems[0].message.startswith("curly quotes inside '{{ title | default(“Order”) }}'")
    assert invoke(path).exit_code == 1


def test_unknown_variable_with_did_you_mean(tmp_path: Path) -> None:
    path = edited(tmp_path, "{{ case_number }}", "{{ case_numbr }}")
    (problem,) = lint_template(path)
    assert problem.severity == "error"
    assert problem.message.startswith(
        "unknown variable 'case_numbr' — did you mean 'case_number'?; this template is given: ")
    assert paragraph_text(path, problem.paragraph or 0) == "Case number: {{ case_numbr }}"


def test_unknown_variable_in_a_report_template_uses_that_reports_names(tmp_path: Path) -> None:
    src = ROOT / "templates" / "reports" / "midway.docx"
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(src, folder / "midway.docx")
    assert template_kind(folder / "midway.docx") == "midway"
    assert lint_template(folder / "midway.docx") == []
    # the order's variables are not a midway report's: 'title' is unknown there
    problems = lint_template(folder / "midway.docx", kind="order")
    assert any(p.message.startswith("unknown variable 'midway_session'") for p in problems)


def test_a_deleted_endfor_names_the_paragraph_of_the_open_block(tmp_path: Path) -> None:
    # the recitals loop's closing paragraph is deleted in Word
    path = edited(tmp_path, "<w:t>{%p endfor %}</w:t>", "<w:t></w:t>")
    (problem,) = lint_template(path)
    assert problem.severity == "error"
    assert problem.message == ("{% for %} is never closed: add {% endfor %} where the block "
                               "should end (a deleted paragraph may have taken it)")
    assert paragraph_text(path, problem.paragraph or 0) == "{%p for r in recitals %}"


def test_an_end_tag_that_closes_nothing(tmp_path: Path) -> None:
    path = edited(tmp_path, "<w:t>{%p if notices %}</w:t>", "<w:t>Notices follow</w:t>")
    (problem,) = lint_template(path)
    assert problem.message == "{% endif %} closes no {% if %}"
    assert paragraph_text(path, problem.paragraph or 0) == "{%p endif %}"


def test_mismatched_end_names_the_open_block(tmp_path: Path) -> None:
    path = edited(tmp_path, "<w:t>{%p endif %}</w:t>", "<w:t>{%p endfor %}</w:t>")
    problems = lint_template(path)
    assert problems[0].message.startswith("{% endfor %} closes no {% for %}"[:20])
    assert any("the open block is {% if %} from paragraph" in p.message for p in problems)


def test_a_tag_left_open_in_its_paragraph(tmp_path: Path) -> None:
    path = edited(tmp_path, "<w:t>{{ heading }}</w:t>", "<w:t>{{ heading</w:t>")
    problems = lint_template(path)
    assert [p.message for p in problems] == [
        "{{ is not closed by }} in the same paragraph (a tag cannot span paragraphs): "
        "'{{ heading'"]
    assert paragraph_text(path, problems[0].paragraph or 0) == "{{ heading"


def test_other_syntax_errors_come_from_jinja_with_the_paragraph(tmp_path: Path) -> None:
    path = edited(tmp_path, "{{ title }}", "{{ title | }}")
    (problem,) = lint_template(path)
    assert problem.message.startswith("template error: ")
    assert paragraph_text(path, problem.paragraph or 0) == "{{ title | }}"


def test_headers_are_linted_too(tmp_path: Path) -> None:
    path = edited(tmp_path, "{{ case_number }}", "{{ case_no }}", part="word/header1.xml")
    (problem,) = lint_template(path)
    assert problem.part == "header1"
    assert "unknown variable 'case_no'" in problem.message


@pytest.mark.parametrize(("content", "message"), [
    (b"plain text", "cannot be read as a .docx (damaged)"),
    (None, "no such file or folder"),
])
def test_unreadable_input_is_one_line_and_exit_2(tmp_path: Path, content: bytes | None,
                                                 message: str) -> None:
    path = tmp_path / "broken.docx"
    if content is not None:
        path.write_bytes(content)
    result = invoke(path)
    assert result.exit_code == 2
    assert result.output == f"Error: {path}: {message}\n" or result.output.endswith(
        f"{path}: {message}\n")
    assert "Traceback" not in result.output


def test_a_folder_is_searched_and_problems_from_every_file_are_listed(tmp_path: Path) -> None:
    edited(tmp_path / "a", "{{ title }}", "{{ titel }}")
    edited(tmp_path / "b", "{{ heading }}", "{{ heading")
    result = invoke(tmp_path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert re.search(r"a/orders/order\.docx: body, paragraph \d+: error: unknown variable "
                     r"'titel' — did you mean 'title'\?", lines[0])
    assert re.search(r"b/orders/order\.docx: body, paragraph \d+: error: \{\{ is not closed",
                     lines[1])
    assert result.stderr == "2 error(s), 0 warning(s)\n"



def test_a_misspelled_filter_is_reported_not_a_crash(tmp_path: Path) -> None:
    path = edited(tmp_path, "{{ title }}", "{{ title|uper }}")
    (problem,) = lint_template(path)
    assert problem.message == "unknown filter 'uper' — did you mean 'upper'?"
    assert paragraph_text(path, problem.paragraph or 0) == "{{ title|uper }}"
    assert invoke(path).exit_code == 1


def test_a_field_the_loops_items_do_not_have(tmp_path: Path) -> None:
    path = edited(tmp_path, "{{ p.name }}", "{{ p.nme }}")
    (problem,) = lint_template(path)
    assert problem.message == ("p.nme: the items of 'parties' have no field 'nme' — did you "
                               "mean 'name'?; they have: name, role")
    assert paragraph_text(path, problem.paragraph or 0) == "{{ p.nme }}"


def test_words_beside_a_paragraph_tag_would_be_dropped(tmp_path: Path) -> None:
    path = edited(tmp_path, "<w:t>{%p for r in recitals %}</w:t>",
                  "<w:t>Recitals follow: {%p for r in recitals %}</w:t>")
    (problem,) = lint_template(path)
    assert problem.message == ("'{%p for r in recitals %}' replaces its whole paragraph, so "
                               "the other words in it are dropped ('Recitals follow:'); move "
                               "them to a paragraph of their own")


def test_a_template_outside_orders_or_reports_says_its_variables_were_not_checked(
        tmp_path: Path) -> None:
    path = edited(tmp_path, "{{ case_number }}", "{{ case_numbr }}", folder="mine")
    (problem,) = lint_template(path)
    assert problem.severity == "warning"
    assert problem.format() == (f"{path}: template: warning: its variables were not checked: "
                                "only a template in an orders/ folder, or a reports/<kind>.docx, "
                                "says which renderer fills it in (or pass --kind)")
    result = invoke(path, "--kind", "order")
    assert result.exit_code == 1
    assert "unknown variable 'case_numbr' — did you mean 'case_number'?" in result.stdout


@pytest.mark.parametrize(("old", "new", "message"), [
    ("<w:t>{%p for d in orders %}</w:t>", "<w:t>{%p for d in orders if d.lvl %}</w:t>",
     "d.lvl: the items of 'orders' have no field 'lvl' — did you mean 'level'?"),
    ("<w:t>{{ r }}</w:t>", "<w:t>{{ r }}</w:t>", None),
    ("{{ p.name }}", "{{ p['nme'] }}",
     "p.nme: the items of 'parties' have no field 'nme' — did you mean 'name'?"),
])
def test_fields_in_loop_filters_and_subscripts(tmp_path: Path, old: str, new: str,
                                               message: str | None) -> None:
    path = edited(tmp_path, old, new)
    found = [p.message for p in lint_template(path)]
    if message is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith(message)


def test_include_and_extends_are_refused_by_lint_and_renderer(tmp_path: Path) -> None:
    path = edited(tmp_path, "{{ title }}", "{{ title }}{% include 'notes.docx' %}")
    (problem,) = lint_template(path)
    assert problem.message.startswith("a template cannot include, extend or import another")
    from orderdraft.errors import RenderError

    with pytest.raises(RenderError, match="cannot include, extend or import another file"):
        CompiledTemplate(path)
