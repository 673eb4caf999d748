"""The pre-commit manifest: pre-commit itself accepts it, its file pattern picks orders
anywhere and case files only under cases/, and its entry runs on the files it is given."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hook_helpers import CONDITION_TEXT, EXAMPLE_TEXT, ROOT, TEMPLATE_2016_ORDER, foreign_docx
from pre_commit.clientlib import load_manifest

MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def _hook() -> dict[str, object]:
    (hook,) = load_manifest(str(MANIFEST))  # pre-commit's own schema check
    return dict(hook)


def test_pre_commit_accepts_the_manifest() -> None:
    hook = _hook()
    assert hook["id"] == "orderdraft-validate"
    assert hook["entry"] == "orderdraft validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True


@pytest.mark.parametrize(
    ("path", "picked"),
    [
        ("orders/smith.docx", True),
        ("smith.DOCX", False),  # pre-commit matches case-sensitively; Word writes .docx
        ("2026/november/smith.pdf", True),
        ("cases/smith.yaml", True),
        ("court/cases/2026/smith.yml", True),
        ("cases/smith.json", True),
        (".pre-commit-config.yaml", False),
        (".github/workflows/ci.yml", False),
        ("house-rules.yaml", False),
        ("providers.yaml", False),
        ("package.json", False),
        ("mycases/smith.yaml", False),
        ("orders/~$smith.docx", False),  # Word's lock file
        ("notes.txt", False),
    ],
)
def test_files_pattern(path: str, picked: bool) -> None:
    hook = _hook()
    files = re.compile(str(hook["files"]))
    exclude = re.compile(str(hook["exclude"]))
    assert (bool(files.search(path)) and not exclude.search(path)) is picked


def test_the_entry_runs_on_the_files_pre_commit_passes(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "good.yaml").write_text(EXAMPLE_TEXT, encoding="utf-8")
    (tmp_path / "cases" / "cond.yaml").write_text(CONDITION_TEXT, encoding="utf-8")
    (tmp_path / "order.docx").write_bytes(foreign_docx(TEMPLATE_2016_ORDER))
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04broken")
    hook = _hook()
    pattern = re.compile(str(hook["files"]))
    entry = shlex.split(str(hook["entry"]))
    # The installed console script if there is one on PATH, else the same entry point.
    command = ([shutil.which(entry[0])] if shutil.which(entry[0]) else
               [sys.executable, "-c", "from orderdraft.cli.main import main; main()"])

    def hook_run(*names: str) -> subprocess.CompletedProcess[str]:
        files = [n for n in names if pattern.search(n)]
        return subprocess.run([*command, *entry[1:], *files], cwd=tmp_path,
                              capture_output=True, text=True, check=False)

    assert hook_run("cases/good.yaml").returncode == 0
    failing = hook_run("cases/good.yaml", "cases/cond.yaml", "notes.txt")
    assert failing.returncode == 1
    assert "cases/cond.yaml:38: error OD101" in failing.stdout
    unreadable = hook_run("cases/good.yaml", "broken.docx", "order.docx")
    assert unreadable.returncode == 2
    assert "broken.docx: cannot check: could not be read" in unreadable.stdout
    assert "order.docx:¶4: error OD201" in unreadable.stdout  # the others still checked
