"""Every hostile input in the corpus, through the real CLI: one clear line, the right exit.

The parametrised tests run the click command in-process (fast, and an unexpected exception
surfaces as ``result.exception``); the batch tests run the installed ``orderdraft`` in a
subprocess over the whole corpus at once, which is where a traceback would really show.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from orderdraft.cli.main import cli

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_corpus  # noqa: E402
from make_corpus import CORPUS, SECRET  # noqa: E402

EXPECTED: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (HERE / "expected.yaml").read_text("utf-8")
)
EXAMPLE = HERE.parents[1] / "examples" / "dvpp-direction.yaml"


def ids(section: str) -> list[Any]:
    return [
        pytest.param(e, id=e.get("file") or e.get("folder")) for e in EXPECTED[section]
    ]


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_corpus.make_runtime(tmp_path_factory.mktemp("runtime"))


def invoke(args: list[str]) -> tuple[int, list[str], str]:
    """Exit code, the error lines, and everything printed."""
    result = CliRunner().invoke(cli, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"crashed: {result.exception!r}") from result.exception
    text = result.stdout + result.stderr
    lines = [
        line for line in text.splitlines()
        if line.strip() and "file(s) checked" not in line and "problem(s)" not in line
    ]
    return result.exit_code, lines, text


def check(entry: dict[str, Any], code: int, lines: list[str], text: str, *,
          exit_code: int | None = None) -> None:
    assert "Traceback" not in text
    assert SECRET not in text and "Zebedee" not in text
    assert code == (entry["exit"] if exit_code is None else exit_code), text
    assert len(lines) == entry.get("lines", 1), text
    assert entry["message"] in lines[0], text


def assert_nothing_written(outdir: Path) -> None:
    assert not outdir.exists() or list(outdir.iterdir()) == []


def test_corpus_has_enough_entries() -> None:
    total = sum(len(v) for v in EXPECTED.values())
    assert total >= 60
    listed = {e.get("file") or e.get("folder") for v in EXPECTED.values() for e in v}
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.glob("*/*.*")}
    on_disk |= {str(p.relative_to(CORPUS)) for p in CORPUS.glob("clauses/*")}
    assert on_disk <= listed, f"corpus files without an expected outcome: {on_disk - listed}"


def test_committed_corpus_is_what_make_corpus_makes(tmp_path: Path) -> None:
    fresh = make_corpus.build(tmp_path / "a")
    again = make_corpus.build(tmp_path / "b")  # encryption salts differ run to run
    stale = [rel for rel, data in fresh.items()
             if again[rel] == data and (CORPUS / rel).read_bytes() != data]
    assert stale == [], "run: python tests/hostile/make_corpus.py"


@pytest.mark.parametrize("entry", ids("cases"))
def test_case_file_validate(entry: dict[str, Any]) -> None:
    check(entry, *invoke(["validate", str(CORPUS / entry["file"])]))


@pytest.mark.parametrize("entry", ids("cases"))
def test_case_file_compose(entry: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "out"
    check(entry, *invoke(["compose", str(CORPUS / entry["file"]), "-o", str(out)]))
    assert_nothing_written(out)


@pytest.mark.parametrize("entry", ids("documents"))
def test_document_validate(entry: dict[str, Any]) -> None:
    check(entry, *invoke(["validate", str(CORPUS / entry["file"])]))


@pytest.mark.parametrize("entry", ids("clause_libraries"))
def test_clause_library_lint(entry: dict[str, Any]) -> None:
    check(entry, *invoke(["clauses", "lint", str(CORPUS / entry["folder"])]))


@pytest.mark.parametrize("entry", ids("clause_libraries"))
def test_clause_library_compose(entry: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["compose", str(EXAMPLE), "-o", str(out), "--clauses", str(CORPUS / entry["folder"])]
    check(entry, *invoke(args), exit_code=2)
    assert_nothing_written(out)


@pytest.mark.parametrize("entry", ids("made_at_test_time"))
def test_made_at_test_time(entry: dict[str, Any], runtime: dict[str, Path],
                           tmp_path: Path) -> None:
    path = runtime[entry["file"]]
    check(entry, *invoke(["validate", str(path)]))
    if path.suffix in (".yaml", ".json"):
        out = tmp_path / "out"
        check(entry, *invoke(["compose", str(path), "-o", str(out)]))
        assert_nothing_written(out)


def test_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """We run as root, so chmod 000 does not stop us reading: simulate EACCES at the OS."""
    import os

    case = tmp_path / "case.yaml"
    shutil.copy(EXAMPLE, case)
    doc = tmp_path / "order.docx"
    doc.write_bytes(make_corpus.docx())
    real_open = os.open

    def denied(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path).name in ("case.yaml", "order.docx"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    real_read_bytes = Path.read_bytes

    def denied_read(self: Path) -> bytes:
        if self.name == "case.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(os, "open", denied)
    monkeypatch.setattr(Path, "read_bytes", denied_read)
    code, lines, _ = invoke(["validate", str(case), str(doc)])
    assert code == 2
    assert lines == [
        f"{case}: cannot check: cannot be read: permission denied",
        f"{doc}: cannot check: cannot be opened: permission denied",
    ]


# --------------------------------------------------------------------------- real processes


def _orderdraft() -> list[str]:
    exe = shutil.which("orderdraft")
    return [exe] if exe else [sys.executable, "-c", "from orderdraft.cli.main import main; main()"]


def test_batch_validate_in_a_real_process(runtime: dict[str, Path]) -> None:
    files = [CORPUS / e["file"] for e in EXPECTED["cases"] + EXPECTED["documents"]]
    files += [runtime[e["file"]] for e in EXPECTED["made_at_test_time"]]
    proc = subprocess.run([*_orderdraft(), "validate", *map(str, files)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stderr == ""
    for f in files:
        assert proc.stdout.count(f"{f}: cannot check: ") == 1, f
    assert f"{len(files)} file(s) could not be checked" in proc.stdout
    assert SECRET not in proc.stdout


def test_batch_compose_in_a_real_process(tmp_path: Path) -> None:
    """One bad case never stops the others; every bad one is one line; nothing is written."""
    files = [CORPUS / e["file"] for e in EXPECTED["cases"]]
    out = tmp_path / "out"
    proc = subprocess.run([*_orderdraft(), "compose", *map(str, files), "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    errors = proc.stderr.splitlines()
    assert len(errors) == len(files)
    assert all(line.startswith("error: ") for line in errors)
    assert SECRET not in proc.stderr
    assert_nothing_written(out)
