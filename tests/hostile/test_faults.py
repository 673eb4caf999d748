"""Faults: interruption, crashes, a full disk, a dying LibreOffice, clobbering, escaping names.

What must hold whatever happens: every order file with its final name is whole, nothing is
overwritten without --overwrite, nothing is written outside the chosen folder, and the
user gets one line saying what happened.
"""

from __future__ import annotations

import ast
import errno
import functools
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from orderdraft import fsutil
from orderdraft.cli.main import cli
from orderdraft.errors import OrderdraftError
from orderdraft.extract import read_document
from orderdraft.fsutil import atomic_write, safe_stem

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "dvpp-direction.yaml"
SRC = ROOT / "src" / "orderdraft"


def many_cases(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text("utf-8")
    paths = []
    for i in range(n):
        path = folder / f"case{i:03d}.yaml"
        path.write_text(text.replace("NG26P01234", f"NG26P{i:05d}"), "utf-8")
        paths.append(path)
    return paths


def assert_whole_orders(outdir: Path) -> list[Path]:
    """Every visible .docx opens and reads; no temporary file is left behind."""
    orders = sorted(outdir.glob("*.docx"))
    for order in orders:
        with zipfile.ZipFile(order) as zf:
            assert zf.testzip() is None
        assert read_document(order).paragraphs
    leftovers = [p.name for p in outdir.iterdir() if p.name.startswith(".")]
    assert leftovers == []
    return orders


# --------------------------------------------------------------------------- every writer


# Writes that are not an output file the user keeps, with the reason they need no atomicity.
_ALLOWED_DIRECT_WRITES = {
    ("render/pdf.py", "_prepare_workdir"): "LibreOffice profile in a private temp folder",
    ("render/pdf.py", "_run"): "LibreOffice's log in a private temp folder",
    ("render/pdf.py", "_stage"): "a copy of the input in a private temp folder",
    ("bundle.py", "_render_all"): "the bundle's DOCX files, for LibreOffice, in a private "
                                  "temp folder",
    ("bundle.py", "_write_stamped"): "the bundle before stamping, in a private temp folder; "
                                     "it reaches the output folder by atomic_write",
}
_WRITE_CALLS = {"write_bytes", "write_text", "copyfile", "copy", "copy2", "move", "rename"}


def _direct_writes() -> list[tuple[str, str, int, str]]:
    """(module, function, line, call) for every file write in src/ not via a temp+rename."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel == "fsutil.py":
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef):
                continue
            for node in ast.walk(func):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                mode = next(
                    (a.value for a in node.args[1:2] if isinstance(a, ast.Constant)), None
                ) or next(
                    (k.value.value for k in node.keywords
                     if k.arg == "mode" and isinstance(k.value, ast.Constant)), None
                )
                opens_for_write = name == "open" and isinstance(mode, str) and (
                    set(mode) & set("wax+")
                )
                if name in _WRITE_CALLS or opens_for_write:
                    found.append((rel, func.name, node.lineno, name))
    return found


def test_every_writer_in_src_goes_through_a_temp_file_and_rename() -> None:
    """A new ``write_bytes`` on an output path fails here until it uses ``atomic_write``."""
    unexplained = [
        w for w in _direct_writes()
        if (w[0], w[1]) not in _ALLOWED_DIRECT_WRITES and not _is_temp_then_replace(w)
    ]
    assert unexplained == []


def _is_temp_then_replace(write: tuple[str, str, int, str]) -> bool:
    """A function that writes a mkstemp/mkdtemp file and then os.replace()s it into place."""
    rel, func_name, _, _ = write
    tree = ast.parse((SRC / rel).read_text("utf-8"))
    for func in ast.walk(tree):
        if isinstance(func, ast.FunctionDef) and func.name == func_name:
            calls = {getattr(n.func, "attr", "") for n in ast.walk(func) if isinstance(n, ast.Call)}
            return "replace" in calls and bool({"mkstemp", "fdopen"} & calls)
    return False


def test_the_writer_scan_finds_writes() -> None:
    """The scan above must see real writes, or it would pass by seeing nothing."""
    names = {(rel, func) for rel, func, _, _ in _direct_writes()}
    assert ("render/pdf.py", "_prepare_workdir") in names


# --------------------------------------------------------------------------- atomic_write


def test_atomic_write_disk_full_on_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fh: Any) -> None:
            self.fh = fh

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def fileno(self) -> int:
            return int(self.fh.fileno())

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    target = tmp_path / "order.docx"
    with pytest.raises(OrderdraftError) as err:
        atomic_write(target, b"x" * 1000)
    assert err.value.format_message() == f"{target}: the disk is full; nothing was written"
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_disk_full_on_fsync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "order.docx"
    target.write_bytes(b"the old order")
    with pytest.raises(OrderdraftError, match="the disk is full; nothing was written"):
        atomic_write(target, b"new", overwrite=True)
    assert target.read_bytes() == b"the old order"
    assert [p.name for p in tmp_path.iterdir()] == ["order.docx"]


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 16 KiB tmpfs (we run as root in CI); a real order does not fit on it."""
    where = tmp_path / "tiny"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(where)],
        capture_output=True,
    ).returncode == 0
    if not mounted:
        pytest.fail("could not mount a tmpfs (needs root); the disk-full test cannot run")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_compose_on_a_really_full_disk(tiny_disk: Path, tmp_path: Path) -> None:
    cases = many_cases(tmp_path / "cases", 2)
    out = tiny_disk / "out"
    result = CliRunner().invoke(cli, ["compose", *map(str, cases), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {out / (c.stem + '.docx')}: the disk is full; nothing was written"
        for c in cases
    ]
    assert list(out.iterdir()) == []


# --------------------------------------------------------------------------- interruption


def _orderdraft() -> list[str]:
    exe = shutil.which("orderdraft")
    return [exe] if exe else [sys.executable, "-c", "from orderdraft.cli.main import main; main()"]


def _start_batch(cases: list[Path], out: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [*_orderdraft(), "compose", *map(str, cases), "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def _wait_for_first_order(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    first = proc.stdout.readline()  # blocks until the first "wrote" line
    assert ": wrote " in first, first
    return first


def test_sigint_mid_batch_leaves_whole_files_and_exits_130(tmp_path: Path) -> None:
    cases = many_cases(tmp_path / "cases", 60)
    out = tmp_path / "out"
    proc = _start_batch(cases, out)
    _wait_for_first_order(proc)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert stderr == "interrupted; finished files are complete, no partial files were left\n"
    orders = assert_whole_orders(out)
    assert 1 <= len(orders) < len(cases)
    assert "Traceback" not in stderr + stdout


def test_sigkill_mid_batch_leaves_no_partial_order(tmp_path: Path) -> None:
    """A hard crash cannot clean up its hidden temp file, but never leaves a half order."""
    cases = many_cases(tmp_path / "cases", 60)
    out = tmp_path / "out"
    proc = _start_batch(cases, out)
    _wait_for_first_order(proc)
    time.sleep(0.05)
    proc.kill()
    proc.communicate(timeout=60)
    for order in out.glob("*.docx"):
        with zipfile.ZipFile(order) as zf:
            assert zf.testzip() is None
    stray = [p for p in out.iterdir() if not p.name.startswith(".") and p.suffix != ".docx"]
    assert stray == []


# --------------------------------------------------------------------------- LibreOffice

FAKE_SOFFICE = """\
import os, sys, time
from pathlib import Path
from pypdf import PdfWriter

args = sys.argv[1:]
outdir = Path(args[args.index("--outdir") + 1])
for name in args[args.index("--outdir") + 2:]:
    src = Path(name)
    if src.stem == os.environ.get("FAKE_HANG"):
        time.sleep(3600)
    if src.stem == os.environ.get("FAKE_CRASH"):
        os.kill(os.getpid(), 9)
    print(f"convert {src} -> {outdir / (src.stem + '.pdf')} using filter : x", flush=True)
    tmp = outdir / "lu1.tmp"
    fake = PdfWriter()  # a real (blank) PDF: compose stamps the order's properties into it
    fake.add_blank_page(595, 842)
    fake.add_metadata({"/Producer": "fake soffice"})
    fake.write(str(tmp))
    os.replace(tmp, outdir / (src.stem + ".pdf"))
"""


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from orderdraft.render import pdf

    script = tmp_path / "bin" / "soffice"
    script.parent.mkdir()
    script.write_text(f"#!{sys.executable}\n" + FAKE_SOFFICE)
    script.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(script))
    monkeypatch.setattr(pdf, "convert_to_pdf", functools.partial(pdf.convert_to_pdf, timeout=1.0))
    return script


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ("FAKE_CRASH", "PDF not written: LibreOffice crashed (exit code -9) while converting it"),
        ("FAKE_HANG", "PDF not written: LibreOffice did not finish it within 1 second"),
    ],
)
def test_libreoffice_dying_or_hanging_is_reported_and_the_batch_goes_on(
    tmp_path: Path, fake_soffice: Path, monkeypatch: pytest.MonkeyPatch, env: str, message: str
) -> None:
    cases = many_cases(tmp_path / "cases", 3)
    monkeypatch.setenv(env, "od00001")  # the second file of the batch
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["compose", *map(str, cases), "-o", str(out), "--pdf"])
    assert result.exit_code == 2
    docx = [out / f"{c.stem}.docx" for c in cases]
    assert result.stderr.splitlines() == [f"error: {docx[1]}: {message}"]
    assert sorted(p.name for p in out.iterdir()) == [
        "case000.docx", "case000.pdf", "case001.docx", "case002.docx", "case002.pdf"
    ]
    assert_whole_orders(out)


# --------------------------------------------------------------------------- overwriting


def test_nothing_is_overwritten_without_overwrite(tmp_path: Path) -> None:
    (case,) = many_cases(tmp_path / "cases", 1)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "case000.docx"
    target.write_bytes(b"an order edited by hand")
    result = CliRunner().invoke(cli, ["compose", str(case), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {target} already exists; pass --overwrite to replace it\n"
    assert target.read_bytes() == b"an order edited by hand"
    result = CliRunner().invoke(cli, ["compose", str(case), "-o", str(out), "--overwrite"])
    assert result.exit_code == 0
    assert read_document(target).paragraphs


def test_two_cases_with_the_same_name_in_one_batch(tmp_path: Path) -> None:
    """case.yaml and case.json both become case.docx: the second is refused, not clobbered."""
    yaml_case = tmp_path / "case.yaml"
    shutil.copy(EXAMPLE, yaml_case)
    json_case = tmp_path / "case.json"
    import json

    import yaml

    json_case.write_text(json.dumps(yaml.safe_load(EXAMPLE.read_text()), default=str))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["compose", str(yaml_case), str(json_case), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {out / 'case.docx'} already exists; pass --overwrite to replace it\n"
    )
    assert [p.name for p in out.iterdir()] == ["case.docx"]


def test_atomic_write_refuses_a_file_that_appears_after_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exists() check and the rename are not one step; the hard link makes them one."""
    target = tmp_path / "order.docx"
    real_fsync = os.fsync

    def someone_else_writes(fd: int) -> None:
        real_fsync(fd)
        target.write_bytes(b"written by another process meanwhile")

    monkeypatch.setattr(os, "fsync", someone_else_writes)
    with pytest.raises(OrderdraftError, match="already exists; pass --overwrite"):
        atomic_write(target, b"ours")
    assert target.read_bytes() == b"written by another process meanwhile"
    assert [p.name for p in tmp_path.iterdir()] == ["order.docx"]


def test_atomic_write_without_hard_links_falls_back_to_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: str, dst: Any) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "order.docx"
    atomic_write(target, b"ours")
    assert target.read_bytes() == b"ours"
    assert [p.name for p in tmp_path.iterdir()] == ["order.docx"]


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("../../etc/x", "etc-x"),
        ("..", "order"),
        (".hidden", "hidden"),
        ("....", "order"),
        ("a/b\\c", "a-b-c"),
        ("nul\x00byte", "nul-byte"),
        ("Zo\u00eb M\u00fcller", "Zo-M-ller"),
        ("\u202eexe.cod", "exe.cod"),  # right-to-left override
        ("CON", "CON-order"),
        ("con.tar", "con.tar-order"),
        ("LPT1", "LPT1-order"),
        ("COM10", "COM10"),
        ("console", "console"),
        ("", "order"),
        ("a" * 99 + ".b", "a" * 99),
        ("x" * 300, "x" * 100),
    ],
)
def test_safe_stem(name: str, stem: str) -> None:
    assert safe_stem(name) == stem


@pytest.mark.parametrize(
    "name", ["..", "...yaml", "CON.yaml", "-rf.yaml", ".hidden.yaml", "a b.yaml", "\u00e9.yaml"]
)
def test_compose_output_stays_in_the_folder(tmp_path: Path, name: str) -> None:
    cases = tmp_path / "in" / "sub"
    cases.mkdir(parents=True)
    case = cases / name if name != ".." else cases / "..%2F..%2Fetc.yaml"
    shutil.copy(EXAMPLE, case)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["compose", str(case), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (written,) = out.iterdir()
    assert written.parent == out
    assert written.suffix == ".docx" and not written.name.startswith((".", "-"))
    assert written.stem == fsutil.safe_stem(case.stem)
    outside = {p for p in tmp_path.rglob("*.docx")} - {written}
    assert outside == set()


HANGING_SOFFICE = """\
import os, sys, time
from pathlib import Path
Path(os.environ["FAKE_STARTED"]).write_text(str(os.getpid()))
time.sleep(3600)
"""


def test_sigint_during_pdf_conversion_cleans_up_everything(tmp_path: Path) -> None:
    """Ctrl-C while LibreOffice works: it is killed, its profile, the staging folder and
    our temp folders are gone, the DOCX files are whole, and the message is one line."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text(f"#!{sys.executable}\n" + HANGING_SOFFICE)
    fake.chmod(0o755)
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    started = tmp_path / "started"
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
               TMPDIR=str(private_tmp), FAKE_STARTED=str(started), PYTHONUNBUFFERED="1")
    cases = many_cases(tmp_path / "cases", 3)
    out = tmp_path / "out"
    proc = subprocess.Popen([*_orderdraft(), "compose", *map(str, cases), "-o", str(out), "--pdf"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    for _ in range(600):  # LibreOffice (the fake) has started: it wrote its pid
        if started.exists() and started.read_text():
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert stderr == "interrupted; finished files are complete, no partial files were left\n"
    with pytest.raises(ProcessLookupError):
        os.kill(int(started.read_text()), 0)
    assert list(private_tmp.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == [f"{c.stem}.docx" for c in cases]
    assert_whole_orders(out)


def test_overwrite_replaces_the_pdf_too(tmp_path: Path, fake_soffice: Path) -> None:
    """Without --overwrite an old PDF stays; with it, no stale PDF survives beside the new
    DOCX (it used to be refused as "already exists", leaving the old order's PDF)."""
    (case,) = many_cases(tmp_path / "cases", 1)
    out = tmp_path / "out"
    out.mkdir()
    old_pdf = out / "case000.pdf"
    old_pdf.write_bytes(b"%PDF-1.4 the old order\n%%EOF\n")
    result = CliRunner().invoke(cli, ["compose", str(case), "-o", str(out), "--pdf"])
    assert result.exit_code == 2
    assert result.stderr == (f"error: {out / 'case000.docx'}: PDF not written: case000.pdf "
                             "already exists and was not overwritten\n")
    assert old_pdf.read_bytes() == b"%PDF-1.4 the old order\n%%EOF\n"
    args = ["compose", str(case), "-o", str(out), "--pdf", "--overwrite"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    info = PdfReader(old_pdf).metadata
    assert info is not None and info["/Producer"] == "fake soffice"
    assert "/orderdraft.case" in info  # the new order's provenance, stamped after conversion
