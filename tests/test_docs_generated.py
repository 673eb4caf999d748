"""Generated docs must match what the code generates, so they cannot drift."""

from pathlib import Path

from click.testing import CliRunner

from orderdraft.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent


def test_case_file_schema_doc_is_current() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    expected = (ROOT / "docs" / "case-file.md").read_text("utf-8")
    assert result.output == expected, "run: orderdraft schema > docs/case-file.md"


def test_schema_doc_documents_every_activity_key() -> None:
    text = (ROOT / "docs" / "case-file.md").read_text("utf-8")
    for key in ("mechanism", "referrer", "refer_by", "updated_section7", "list_on_completion",
                "previous_assessment", "one_to_one", "wording"):
        assert f"| `{key}` |" in text
