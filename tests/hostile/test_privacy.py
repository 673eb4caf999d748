"""Privacy: no network, no temporary files left behind, no child's name in error output.

The policy these tests hold is written down in docs/privacy.md.
"""

from __future__ import annotations

import functools
import io
import socket
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from orderdraft.cli.main import cli
from orderdraft.extract import read_document

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "dvpp-direction.yaml"

CHILD = "Zebedee Quillfeather"  # distinctive, so any echo of it is found
DOB = "2019-04-02"


def case_text(**swaps: str) -> str:
    text = EXAMPLE.read_text("utf-8").replace("Amy Smith", CHILD)
    for old, new in swaps.items():
        old = old.replace("__", " ")
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def write_case(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


# --------------------------------------------------------------------------- no network


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any socket the Python process opens fails the test (and is recorded)."""
    attempts: list[str] = []

    def refuse(what: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> Any:
            attempts.append(what)
            raise NetworkUsed(f"{what} called: orderdraft must not use the network")

        return fail

    class NoSocket(socket.socket):  # a class, so ``class SSLSocket(socket)`` still imports
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            refuse("socket.socket")()

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    monkeypatch.setattr(socket, "socketpair", refuse("socket.socketpair"))
    return attempts


def test_the_network_guard_works(no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("localhost", 80))
    assert no_network == ["socket.create_connection"]


@pytest.fixture
def soffice_launches(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Record how LibreOffice is started: argv, environment and the profile it is given."""
    from orderdraft.render import pdf

    launches: list[dict[str, Any]] = []
    real_popen = subprocess.Popen

    def popen(argv: list[str], *args: Any, **kwargs: Any) -> Any:
        profile = next(a for a in argv if a.startswith("-env:UserInstallation="))
        xcu = Path(profile.split("=", 1)[1].removeprefix("file://")) / "user"
        launches.append({
            "argv": argv,
            "env": kwargs["env"],
            "settings": (xcu / "registrymodifications.xcu").read_text("utf-8"),
        })
        return real_popen(argv, *args, **kwargs)

    monkeypatch.setattr(pdf.subprocess, "Popen", popen)
    return launches


def test_compose_validate_and_pdf_without_network(
    tmp_path: Path, no_network: list[str], soffice_launches: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    case = write_case(tmp_path / "in", "case.yaml", case_text())
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["compose", str(case), "-o", str(out), "--pdf"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["validate", str(out / "case.docx"), str(out / "case.pdf"),
                                      str(case)])
    assert result.exit_code == 0, result.output
    assert CHILD in " ".join(read_document(out / "case.pdf").paragraphs)
    assert no_network == []
    # LibreOffice is another process: what keeps it offline is how it is started.
    (launch,) = soffice_launches
    assert "--headless" in launch["argv"]
    assert launch["env"]["HOME"].startswith(str(private))
    assert "DISPLAY" not in launch["env"] and "DBUS_SESSION_BUS_ADDRESS" not in launch["env"]
    settings = launch["settings"]
    for name, value in [
        ("BlockUntrustedRefererLinks", "true"),  # linked images are not fetched
        ("ooInetProxyType", "1"),  # manual proxies ...
        ("ooInetHTTPProxyName", "127.0.0.1"),  # ... pointing at a dead local port
        ("ooInetHTTPProxyPort", "9"),
        ("ooInetHTTPSProxyName", "127.0.0.1"),
        ("ooInetFTPProxyName", "127.0.0.1"),
        ("DisableMacrosExecution", "true"),
    ]:
        assert f'<prop oor:name="{name}" oor:op="fuse"><value>{value}</value>' in settings
    assert list(private.iterdir()) == []  # the throwaway profile is gone too


# --------------------------------------------------------------------------- temporary files


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """tempfile.gettempdir() for this test only, so every entry in it is ours."""
    where = tmp_path / "tmp"
    where.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(where))
    monkeypatch.setenv("TMPDIR", str(where))
    yield where


def leftovers(private: Path, out: Path) -> list[str]:
    hidden = [p.name for p in out.iterdir() if p.name.startswith(".")] if out.exists() else []
    return sorted(p.name for p in private.iterdir()) + hidden


FAKE_SOFFICE = """\
import os, sys, time
args = sys.argv[1:]
if os.environ.get("FAKE_MODE") == "hang":
    time.sleep(3600)
os.kill(os.getpid(), 9)
"""


@pytest.mark.parametrize("mode", ["crash", "hang"])
def test_temp_files_removed_after_libreoffice_fails(
    tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    from orderdraft.render import pdf

    script = tmp_path / "soffice"
    script.write_text(f"#!{sys.executable}\n" + FAKE_SOFFICE)
    script.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(script))
    monkeypatch.setattr(pdf, "convert_to_pdf", functools.partial(pdf.convert_to_pdf, timeout=0.5))
    monkeypatch.setenv("FAKE_MODE", mode)
    case = write_case(tmp_path / "in", "case.yaml", case_text())
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["compose", str(case), "-o", str(out), "--pdf"])
    assert result.exit_code == 2
    assert "PDF not written" in result.stderr
    assert leftovers(private_tmp, out) == []
    assert sorted(p.name for p in out.iterdir()) == ["case.docx"]


def _ipc_sockets() -> set[str]:
    return {p.name for p in Path("/tmp").glob("OSL_PIPE_*")}


def test_libreoffice_leaves_no_ipc_socket_in_tmp(tmp_path: Path) -> None:
    """LibreOffice keeps a single-instance socket in /tmp whatever TMPDIR says, and removes
    it only when it exits by itself: killing it once the PDFs are in left one behind per
    conversion."""
    case = write_case(tmp_path / "in", "case.yaml", case_text())
    before = _ipc_sockets()
    result = CliRunner().invoke(cli, ["compose", str(case), "-o", str(tmp_path / "out"),
                                      "--pdf"])
    assert result.exit_code == 0, result.output
    assert _ipc_sockets() - before == set()


def test_temp_files_removed_after_errors(tmp_path: Path, private_tmp: Path) -> None:
    bad = write_case(tmp_path / "in", "bad.yaml", case_text(**{DOB: "02/04/2019"}))
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["compose", str(bad), "-o", str(out)]).exit_code == 2
    corrupt = tmp_path / "in" / "corrupt.docx"
    corrupt.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    assert CliRunner().invoke(cli, ["validate", str(bad), str(corrupt)]).exit_code == 2
    assert leftovers(private_tmp, out) == []


# --------------------------------------------------------------------------- names in errors


def _errors(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


ERROR_CASES = {
    "date of birth in day/month/year": {DOB: "02/04/2019"},
    "impossible date of birth": {DOB: "2019-02-30"},
    "date of birth as words": {DOB: "2 April 2019"},
    "name with a control character": {CHILD: f'"{CHILD}\\a"'},
    "name too long": {CHILD: (CHILD + " ") * 120},
    "name as a list": {f"name: {CHILD}": f"name: [{CHILD}]"},
    "name as a mapping": {f"name: {CHILD}": f"name: {{first: {CHILD}}}"},
    "name where the sex goes": {"    sex: female\nactivities": f"    sex: {CHILD}\nactivities"},
    "name as the activity party": {"    party: father": f"    party: {CHILD}"},
    "name as the mechanism": {"mechanism: direction": f"mechanism: {CHILD}"},
    "name as the court country": {"country: england": f"country: {CHILD}"},
    "name as a flag": {"midway_report: true": f"midway_report: {CHILD}"},
    "name as the sessions": {"sessions: 28": f"sessions: {CHILD}"},
    "name as a refer-by date": {"refer_by: 2026-12-07": f"refer_by: {CHILD}"},
    "name in a tag": {"country: england": f"country: !{CHILD.replace(' ', '')} england"},
    "name with a NUL byte": {CHILD: CHILD + "\x00"},
}


@pytest.mark.parametrize("swaps", ERROR_CASES.values(), ids=ERROR_CASES.keys())
def test_bad_input_errors_do_not_echo_the_childs_name(
    tmp_path: Path, swaps: dict[str, str]
) -> None:
    case = write_case(tmp_path / "in", "case.yaml", case_text(**swaps))
    for args in (["validate", str(case)], ["compose", str(case), "-o", str(tmp_path / "out")]):
        code, stdout, stderr = _errors(args)
        assert code == 2, stdout + stderr
        assert CHILD not in stdout + stderr and "Zebedee" not in stdout + stderr
        assert "2019" not in stdout + stderr.replace(str(tmp_path), "")  # nor the birth year


def test_blocked_compose_names_no_child(tmp_path: Path) -> None:
    """Blocked output lists findings, which may name the party they concern, not the child."""
    case = write_case(tmp_path / "in", "case.yaml",
                      case_text(**{"mechanism: direction": "mechanism: condition"}))
    code, stdout, stderr = _errors(["compose", str(case), "-o", str(tmp_path / "out")])
    assert code == 1
    assert "OD101" in stderr
    assert CHILD not in stdout + stderr


def test_validate_findings_on_a_docx_keep_errors_clean(tmp_path: Path) -> None:
    """A composed DOCX carrying the child's name: findings may quote the document (they go to
    the legal adviser on stdout); stderr and error lines never do."""
    case = write_case(tmp_path / "in", "case.yaml",
                      case_text(**{"mechanism: direction": "mechanism: condition"}))
    out = tmp_path / "out"
    accept = ["--accept", "OD101", "--accept", "OD201", "--accept", "OD202"]
    code, _, _ = _errors(["compose", str(case), "-o", str(out), *accept])
    assert code == 0
    order = out / "case.docx"
    assert CHILD in " ".join(read_document(order).paragraphs)
    # Edit the text so validate falls back to reading the words (the heuristic path).
    with zipfile.ZipFile(order) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"must", b"shall")
    edited = tmp_path / "edited.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    edited.write_bytes(buf.getvalue())
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(buf.getvalue()[:-200])
    for fmt in ("text", "json", "sarif", "github"):
        code, stdout, stderr = _errors(["validate", str(edited), str(damaged), "-f", fmt])
        assert code == 2
        assert CHILD not in stderr
        error_lines = [line for line in stdout.splitlines() if str(damaged) in line
                       and ("cannot check" in line or "could not be read" in line)]
        assert error_lines or fmt != "text"
        assert all(CHILD not in line for line in error_lines)
