"""``orderdraft validate`` as a hook runs it: exit codes, --fail-on/--select/--ignore/
--exit-zero, folders searched recursively, and unreadable files that never stop the rest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hook_helpers import (
    CONDITION_TEXT,
    EXAMPLE_TEXT,
    TEMPLATE_2016_ORDER,
    composed_docx,
    edit_docx,
    foreign_docx,
    run,
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # keeps config discovery inside the test folder
    return tmp_path


def codes(output: str) -> list[str]:
    """The rule codes in text output, in order."""
    return [line.split()[2] if line.split()[1] != "suppressed" else line.split()[3]
            for line in output.splitlines() if line and not line.startswith((" ", "1 ", "2 "))
            and ": " in line and " file(s) checked" not in line and "cannot check" not in line]


# The 2016-style foreign order gives OD201, OD202 (errors) and OD203, OD205 (warnings).
@pytest.mark.parametrize(
    ("args", "exit_code"),
    [
        ([], 1),
        (["--fail-on", "error"], 1),
        (["--select", "OD203"], 0),  # a warning only: below the default --fail-on error
        (["--select", "OD203", "--fail-on", "warning"], 1),
        (["--select", "OD203", "--fail-on", "info"], 1),
        (["--select", "OD9"], 2),  # matches no rule: a typo, refused rather than passing
        (["--exit-zero"], 0),
        (["--ignore", "OD2"], 0),
    ],
)
def test_exit_codes(repo: Path, args: list[str], exit_code: int) -> None:
    (repo / "order.docx").write_bytes(foreign_docx(TEMPLATE_2016_ORDER))
    assert run(["validate", "order.docx", *args], repo).exit_code == exit_code


@pytest.mark.parametrize(("args", "config", "message"), [
    (["--select", "OD310"], "",
     "error: select: 'OD310' matches no rule — did you mean 'OD306'?; "
     "`orderdraft rules` lists them\n"),
    (["--ignore", "OD9"], "", "error: ignore: 'OD9' matches no rule; "
     "`orderdraft rules` lists them\n"),
    ([], "ignore = ['OD55']\n", "error: TOML: ignore: 'OD55' matches no rule — "
     "did you mean 'OD503'?; `orderdraft rules` lists them\n"),
])
def test_a_code_that_matches_no_rule_is_refused_not_silently_empty(
        repo: Path, args: list[str], config: str, message: str) -> None:
    (repo / "order.docx").write_bytes(foreign_docx(TEMPLATE_2016_ORDER))
    if config:
        (repo / "orderdraft.toml").write_text(config, encoding="utf-8")
    result = run(["validate", "order.docx", *args], repo)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message.replace("TOML", str(repo.resolve() / "orderdraft.toml"))


def test_info_findings_fail_only_with_fail_on_info(repo: Path) -> None:
    # Editing a composed order's text makes OD002 (info) fire: "checked from its text".
    edited = edit_docx(composed_docx(), "dispute resolution appointment", "hearing")
    (repo / "edited.docx").write_bytes(edited)
    args = ["validate", "edited.docx", "--select", "OD002"]
    assert run(args, repo).exit_code == 0
    assert run([*args, "--fail-on", "warning"], repo).exit_code == 0
    assert run([*args, "--fail-on", "info"], repo).exit_code == 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["OD201", "OD202", "OD203", "OD205"]),
        (["--select", "OD20"], ["OD201", "OD202", "OD203", "OD205"]),
        (["--select", "OD201", "--select", "od205"], ["OD201", "OD205"]),  # repeatable, any case
        (["--ignore", "OD20"], []),
        (["--select", "OD2", "--ignore", "OD202"], ["OD201", "OD203", "OD205"]),
        (["--ignore", "OD201", "--ignore", "OD203"], ["OD202", "OD205"]),
    ],
)
def test_select_and_ignore_by_prefix(repo: Path, args: list[str], expected: list[str]) -> None:
    (repo / "order.docx").write_bytes(foreign_docx(TEMPLATE_2016_ORDER))
    result = run(["validate", "order.docx", *args, "--select", "OD2"] if not any(
        a == "--select" for a in args) else ["validate", "order.docx", *args], repo)
    assert codes(result.stdout) == expected


def test_a_bad_code_prefix_is_a_usage_error(repo: Path) -> None:
    (repo / "order.docx").write_bytes(foreign_docx(["An order."]))
    result = run(["validate", "order.docx", "--select", "D2"], repo)
    assert result.exit_code == 2
    assert "Invalid value for --select: 'D2' is not a rule code or code prefix (such as " \
           "OD101, OD1 or HS)" in result.stderr


def test_exit_zero_never_hides_unreadable_input(repo: Path) -> None:
    (repo / "bad.docx").write_bytes(b"not a document at all")
    assert run(["validate", "bad.docx", "--exit-zero"], repo).exit_code == 2


def test_folders_are_searched_recursively(repo: Path) -> None:
    orders = repo / "orders"
    (orders / "2026" / "november").mkdir(parents=True)
    (orders / "2026" / "november" / "smith.docx").write_bytes(foreign_docx(TEMPLATE_2016_ORDER))
    (orders / "2026" / "clean.docx").write_bytes(composed_docx())
    (orders / "cases").mkdir()
    (orders / "cases" / "cond.yaml").write_text(CONDITION_TEXT, encoding="utf-8")
    (orders / "cases" / "ok.yml").write_text(EXAMPLE_TEXT, encoding="utf-8")
    (orders / "notes.txt").write_text("not checked", encoding="utf-8")
    (orders / ".drafts").mkdir()  # hidden folders are skipped
    (orders / ".drafts" / "junk.docx").write_bytes(b"junk")
    (orders / "2026" / "~$smith.docx").write_bytes(b"Word lock file")  # skipped too
    result = run(["validate", "orders", "--select", "OD20"], repo)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == "4 file(s) checked: 4 error(s), 2 warning(s), 0 info"
    files = sorted({line.split(":")[0] for line in lines if line.startswith("orders")})
    assert files == ["orders/2026/november/smith.docx", "orders/cases/cond.yaml"]


def test_a_corrupt_docx_among_good_files_is_reported_and_the_rest_checked(repo: Path) -> None:
    (repo / "a-good.docx").write_bytes(composed_docx())
    (repo / "b-corrupt.docx").write_bytes(composed_docx()[:3000])  # truncated zip
    (repo / "c-foreign.docx").write_bytes(foreign_docx(TEMPLATE_2016_ORDER))
    (repo / "d-case.yaml").write_text(CONDITION_TEXT, encoding="utf-8")
    result = run(["validate", ".", "--select", "OD201"], repo)
    assert result.exit_code == 2  # unreadable input outranks findings
    lines = result.stdout.splitlines()
    assert lines[0] == ("b-corrupt.docx: cannot check: could not be read: the file is damaged "
                        "(BadZipFile)")
    assert [line for line in lines if " OD201 " in line] == [
        "c-foreign.docx:¶4: error OD201 dvpp-no-referral-by-date: a DVPP is ordered but "
        "nothing directs Cafcass or the local authority to refer the party",
        "d-case.yaml:38: error OD201 dvpp-no-referral-by-date: the DVPP wording for John Smith "
        "does not direct Cafcass to refer",
    ]
    assert lines[-1] == ("3 file(s) checked: 2 error(s), 0 warning(s), 0 info; "
                         "1 file(s) could not be checked")


def test_exit_codes_of_the_installed_command(repo: Path) -> None:
    """The real entry point (not CliRunner): findings 1, unreadable 2, a config error 2 with
    one plain line and no traceback."""
    (repo / "order.docx").write_bytes(foreign_docx(TEMPLATE_2016_ORDER))

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", "from orderdraft.cli.main import main; main()", *args],
            cwd=repo, capture_output=True, text=True, check=False)

    assert cli("validate", "order.docx").returncode == 1
    assert cli("validate", "order.docx", "missing.docx").returncode == 2
    (repo / "orderdraft.toml").write_text("fail_on = 'warning'\nselcet = ['OD2']\n",
                                          encoding="utf-8")
    bad = cli("validate", "order.docx")
    assert bad.returncode == 2
    assert bad.stderr == (f"error: {repo / 'orderdraft.toml'}:2: selcet: unknown key — "
                          "did you mean 'select'?\n")
    assert "Traceback" not in bad.stderr
