"""``orderdraft compose`` and the other everyday commands through the CLI: exact output,
exit codes, never a traceback, never a half-written or overwritten order.

In-process with click's CliRunner; a few runs of the real console script prove the exit
codes and the absence of tracebacks where the user actually sees them.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner, Result
from compose_helpers import EXAMPLE, custom_properties, example_data

import orderdraft.fsutil
from orderdraft import __version__
from orderdraft.cli.main import cli, main
from orderdraft.library import load_library


def invoke(*args: str | Path) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback would have reached the user
    return result


def write_case(folder: Path, name: str, data: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def final_order_case(folder: Path, name: str = "final.yaml") -> Path:
    data = example_data()
    data["order"]["kind"] = "final"
    return write_case(folder, name, data)


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- compose -----------------------------------------------------------------------


def test_compose_writes_the_order_named_after_the_case_file(tmp_path: Path) -> None:
    case = write_case(tmp_path, "Smith v Smith (2026).yaml", example_data())
    out = tmp_path / "out" / "new"
    result = invoke("compose", case, "-o", out)
    target = out / "Smith-v-Smith-2026.docx"
    assert result.stdout == f"{case}: wrote {target}\n"
    assert result.stderr == ""
    assert result.exit_code == 0
    assert files(out) == ["Smith-v-Smith-2026.docx"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_compose_final_leaves_out_the_draft_watermark(tmp_path: Path) -> None:
    case = write_case(tmp_path, "case.yaml", example_data())
    assert invoke("compose", case, "-o", tmp_path / "draft").exit_code == 0
    assert invoke("compose", case, "-o", tmp_path / "final", "--final").exit_code == 0
    header = "word/header1.xml"
    with zipfile.ZipFile(tmp_path / "draft" / "case.docx") as zf:
        assert b"PowerPlusWaterMarkObject" in zf.read(header)
    with zipfile.ZipFile(tmp_path / "final" / "case.docx") as zf:
        assert b"PowerPlusWaterMarkObject" not in zf.read(header)
        assert b"DRAFT" not in zf.read(header)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_json_case_file_composes_the_same_order(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(example_data(), indent="\t"), "utf-8")
    assert invoke("compose", case, EXAMPLE, "-o", tmp_path / "out").exit_code == 0
    json_props = custom_properties(tmp_path / "out" / "case.docx")
    yaml_props = custom_properties(tmp_path / "out" / "dvpp-direction.docx")
    assert json_props == yaml_props


def test_error_findings_stop_compose_with_the_list_and_the_way_out(tmp_path: Path) -> None:
    case = final_order_case(tmp_path)
    result = invoke("compose", case, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"error: {case}: not composed; the case breaks these rules:"
    assert f"  {case}:14: OD101 the DVPP for John Smith is directed in a final order; the case " \
           "must stay open until the programme ends" in lines
    codes = re.findall(r"  \S+:\d+: (OD\d{3}) ", result.stderr)
    assert lines[-1] == ("Fix the case file, or if the court has decided otherwise, pass "
                         + " ".join(f"--accept {c}" for c in sorted(set(codes))))
    assert files(tmp_path / "out") == []


def test_accept_composes_records_and_validate_reports_it_as_accepted(tmp_path: Path) -> None:
    case = final_order_case(tmp_path)
    blocked = invoke("compose", case, "-o", tmp_path / "out")
    way_out = blocked.stderr.splitlines()[-1].split("pass ", 1)[1].split()
    assert "OD101" in way_out
    lowered = [a.lower() if a != "--accept" else a for a in way_out]
    result = invoke("compose", case, "-o", tmp_path / "out", *lowered)
    target = tmp_path / "out" / "final.docx"
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{case}: wrote {target}")
    accepted = custom_properties(target)["orderdraft.accepted"]
    assert accepted == ",".join(sorted(c for c in way_out if c != "--accept"))

    checked = invoke("validate", target)
    assert checked.exit_code == 0
    assert (f"{target}: suppressed error OD101 dvpp-as-condition-or-final: the DVPP for John "
            "Smith is directed in a final order; the case must stay open until the programme "
            "ends") in checked.stdout
    assert "accepted when the order was composed" in checked.stdout
    report = json.loads(invoke("validate", target, "--format", "json").stdout)
    od101 = next(f for f in report["findings"] if f["rule"] == "OD101")
    assert od101["suppressed"] is True
    assert od101["suppression_reason"] == "accepted when the order was composed"


def test_several_cases_one_bad_does_not_stop_the_others(tmp_path: Path) -> None:
    good = write_case(tmp_path, "a-good.yaml", example_data())
    broken = tmp_path / "b-broken.yaml"
    broken.write_text("court: [unclosed\n", "utf-8")
    blocked = final_order_case(tmp_path, "c-blocked.yaml")
    missing = tmp_path / "d-missing.yaml"
    other = write_case(tmp_path, "e-good.yaml", example_data())
    out = tmp_path / "out"
    result = invoke("compose", good, broken, blocked, missing, other, "-o", out)
    assert result.stdout == (f"{good}: wrote {out / 'a-good.docx'}\n"
                             f"{other}: wrote {out / 'e-good.docx'}\n")
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: {broken}:2: is not valid YAML: expected ',' or ']', but got '<stream end>'",
        f"error: {blocked}: not composed; the case breaks these rules:",
        f"error: {missing}: no such file",
    ]
    assert result.exit_code == 2  # the worst: an unreadable input
    assert files(out) == ["a-good.docx", "e-good.docx"]


def test_blocked_alone_exits_1(tmp_path: Path) -> None:
    good = write_case(tmp_path, "good.yaml", example_data())
    result = invoke("compose", good, final_order_case(tmp_path), "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert files(tmp_path / "out") == ["good.docx"]


def test_two_cases_with_the_same_name_in_one_batch(tmp_path: Path) -> None:
    first = write_case(tmp_path / "a", "case.yaml", example_data())
    second = write_case(tmp_path / "b", "case.yaml", example_data())
    out = tmp_path / "out"
    result = invoke("compose", first, second, "-o", out)
    assert result.stdout == f"{first}: wrote {out / 'case.docx'}\n"
    assert result.stderr == (f"error: {out / 'case.docx'} already exists; pass --overwrite to "
                             "replace it\n")
    assert result.exit_code == 2
    assert files(out) == ["case.docx"]


def test_warnings_do_not_stop_compose_but_are_mentioned(tmp_path: Path) -> None:
    data = example_data()
    data["activities"][0]["midway_report"] = False  # OD203, a warning
    case = write_case(tmp_path, "case.yaml", data)
    result = invoke("compose", case, "-o", tmp_path / "out")
    assert result.stdout == (f"{case}: wrote {tmp_path / 'out' / 'case.docx'} (1 warning/info "
                             "finding(s); run validate)\n")
    assert result.exit_code == 0
    checked = invoke("validate", tmp_path / "out" / "case.docx")
    assert "warning OD203 dvpp-no-midway-report: no midway report for John Smith's DVPP" \
        in checked.stdout
    assert checked.exit_code == 0
    assert invoke("validate", tmp_path / "out" / "case.docx", "--fail-on", "warning").exit_code \
        == 1


def test_never_overwrites_without_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("compose", EXAMPLE, "-o", out).exit_code == 0
    target = out / "dvpp-direction.docx"
    target.write_bytes(b"the clerk's edited copy")
    result = invoke("compose", EXAMPLE, "-o", out)
    assert result.exit_code == 2
    assert result.stderr == f"error: {target} already exists; pass --overwrite to replace it\n"
    assert target.read_bytes() == b"the clerk's edited copy"
    result = invoke("compose", EXAMPLE, "-o", out, "--overwrite")
    assert result.exit_code == 0
    assert target.read_bytes().startswith(b"PK")
    assert files(out) == ["dvpp-direction.docx"]


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make the flush to disk fail as a full disk would, after the data was handed over."""
    seen: list[str] = []

    def fsync(fd: int) -> None:
        seen.append(os.readlink(f"/proc/self/fd/{fd}"))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(orderdraft.fsutil.os, "fsync", fsync)
    yield seen


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_failed_write_leaves_no_partial_file(
    tmp_path: Path, full_disk: list[str], overwrite: bool
) -> None:
    out = tmp_path / "out"
    target = out / "dvpp-direction.docx"
    if overwrite:
        out.mkdir()
        target.write_bytes(b"previous order")
    result = invoke("compose", EXAMPLE, "-o", out, *(["--overwrite"] if overwrite else []))
    assert result.stderr == f"error: {target}: the disk is full; nothing was written\n"
    assert result.exit_code == 2
    assert len(full_disk) == 1 and full_disk[0].endswith(".part")
    assert files(out) == (["dvpp-direction.docx"] if overwrite else [])
    if overwrite:
        assert target.read_bytes() == b"previous order"


def test_a_failed_rename_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(src: str, dst: str) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(orderdraft.fsutil.os, "replace", fail)
    monkeypatch.setattr(orderdraft.fsutil.os, "link", fail)
    out = tmp_path / "out"
    result = invoke("compose", EXAMPLE, "-o", out)
    assert result.stderr == (f"error: {out / 'dvpp-direction.docx'}: could not be written "
                             "(Input/output error)\n")
    assert result.exit_code == 2
    assert files(out) == []


def test_an_interrupted_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(orderdraft.fsutil.os, "fsync", interrupted)
    out = tmp_path / "out"
    monkeypatch.setattr(sys, "argv", ["orderdraft", "compose", str(EXAMPLE), "-o", str(out)])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 130
    assert capsys.readouterr().err == (  # click ends the ^C line first
        "\ninterrupted; finished files are complete, no partial files were left\n")
    assert files(out) == []


def test_output_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    result = invoke("compose", EXAMPLE, "-o", tmp_path / "afile" / "sub")
    assert result.exit_code == 2
    assert result.stderr == (f"error: {tmp_path / 'afile' / 'sub' / 'dvpp-direction.docx'}: "
                             "could not be written (Not a directory)\n")


@pytest.mark.parametrize(
    ("field", "escape", "code"),
    [("parties[0].name", "\\x01", "0001"), ("court.name", "\\uFFFE", "FFFE"),
     ("hearing.type", "\\ud83d", "D83D")],
)
def test_characters_xml_cannot_hold_name_the_field(
    tmp_path: Path, field: str, escape: str, code: str
) -> None:
    text = EXAMPLE.read_text("utf-8")
    replacements = {
        "parties[0].name": ("name: John Smith", f'name: "John{escape}Smith"'),
        "court.name": ("name: Family Court sitting at Nottingham",
                       f'name: "Family Court{escape}"'),
        "hearing.type": ("type: dispute resolution appointment", f'type: "dra{escape}"'),
    }
    old, new = replacements[field]
    case = tmp_path / "case.yaml"
    case.write_text(text.replace(old, new, 1), "utf-8")
    line = text.splitlines().index(next(x for x in text.splitlines() if old in x)) + 1
    result = invoke("compose", case, "-o", tmp_path / "out")
    assert result.stderr == (f"error: {case}:{line}: {field}: contains a control character "
                             f"(U+{code}) that a Word document cannot hold; remove it\n")
    assert result.exit_code == 2
    assert files(tmp_path / "out") == []


def test_case_errors_are_all_listed_with_lines(tmp_path: Path) -> None:
    data = example_data()
    data["hearing"]["date"] = "2026-02-30"
    data["activities"][0]["refr_by"] = data["activities"][0].pop("refer_by")
    case = write_case(tmp_path, "case.yaml", data)
    result = invoke("compose", case, "-o", tmp_path / "out")
    assert result.stderr == (
        f"error: {case}:7: hearing.date: is not a real date (check the month and the day)\n"
        f"error: {case}:44: activities[0].refr_by: unknown key — did you mean 'refer_by'?\n"
    )
    assert result.exit_code == 2


# --- the rest of the command set ------------------------------------------------------


def test_version() -> None:
    result = invoke("--version")
    assert result.stdout == f"orderdraft, version {__version__}\n"
    assert result.exit_code == 0


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name)


COMMANDS = list(_commands(cli))


def test_the_command_tree() -> None:
    assert {c for c in COMMANDS if len(c) == 1} >= {
        ("compose",), ("validate",), ("clauses",), ("rules",), ("example",),
    }
    assert {("clauses", "list"), ("clauses", "show"), ("clauses", "lint")} <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(c) or "orderdraft" for c in COMMANDS])
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_on_every_command(path: tuple[str, ...], flag: str) -> None:
    result = invoke(*path, flag)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: cli {' '.join(path)}".rstrip())
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    summary = (command.help or "").split("\n")[0].strip()
    assert summary and summary.split()[0] in result.stdout
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.opts[-1] in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), None),
        (("nosuch",), "No such command 'nosuch'"),
        (("compose",), "Missing argument 'CASES...'"),
        (("compose", "x.yaml"), "Missing option '-o' / '--outdir'"),
        (("compose", "x.yaml", "-o", "out", "--bogus"), "No such option '--bogus'"),
        (("validate",), "Missing argument 'PATHS...'"),
        (("validate", "x.yaml", "--format", "xml"), "Invalid value for '-f' / '--format'"),
        (("validate", "x.yaml", "--fail-on", "never"), "Invalid value for '--fail-on'"),
        (("rules", "--code", "OD999"), "no rule OD999"),
        (("clauses", "show"), "Missing argument 'CLAUSE_ID'"),
        (("clauses", "show", "dvpp.proposed.refr"),
         "no clause 'dvpp.proposed.refr' — did you mean 'dvpp.proposed.refer'?"),
        (("clauses", "nosuch"), "No such command 'nosuch'"),
    ],
)
def test_bad_usage_exits_2(args: tuple[str, ...], message: str | None) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    if message:
        assert message in result.stderr


def test_clauses_list() -> None:
    lib = load_library()
    result = invoke("clauses", "list")
    lines = result.stdout.splitlines()
    assert len(lines) == len(list(lib))
    refer = lib["dvpp.proposed.refer"]
    assert (f"{'dvpp.proposed.refer':<34} v{refer.version:<3} {'recommended':<13} "
            f"{refer.title}") in lines
    legacy = invoke("clauses", "list", "--status", "legacy").stdout.splitlines()
    assert legacy and all(" legacy " in line for line in legacy)
    assert result.exit_code == 0


def test_clauses_show() -> None:
    result = invoke("clauses", "show", "dvpp.proposed.refer")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first.startswith("dvpp.proposed.refer  (v1, recommended, direction) — ")
    assert first.endswith("clauses/dvpp.yaml:" + first.rsplit(":", 1)[1])
    assert "Cafcass must by {{ refer_by|long_date }} refer {{ participant }} for a suitability" \
        in result.stdout
    assert "Variables:\n  refer_by (date): " in result.stdout
    assert "Authority:\n" in result.stdout


def test_clauses_lint_clean_and_broken(tmp_path: Path) -> None:
    result = invoke("clauses", "lint")
    assert result.stdout == "clause library is clean\n"
    assert result.exit_code == 0
    broken = tmp_path / "lib"
    broken.mkdir()
    (broken / "x.yaml").write_text(
        "library: x\ndescription: d\nclauses:\n  - id: a.b\n    title: t\n"
        "    section: direction\n    status: recommended\n    version: 1\n"
        "    effective_from: 2020-01-01\n    text: Hello {{ who }}\n    citations: []\n",
        "utf-8",
    )
    result = invoke("clauses", "lint", broken)
    assert result.exit_code == 1
    assert "clause 'a.b': wording uses {{ who }} but it is not declared under variables" \
        in result.stdout
    assert result.stderr.endswith("problem(s)\n")


def test_rules_list_and_one_rule() -> None:
    result = invoke("rules")
    assert result.exit_code == 0
    assert "OD101  error    dvpp-as-condition-or-final" in result.stdout
    codes = re.findall(r"^(OD\d{3}) ", result.stdout, re.MULTILINE)
    assert codes == sorted(codes) and "OD205" in codes
    one = invoke("rules", "--code", "od101")
    assert one.exit_code == 0
    assert one.stdout.startswith("OD101 dvpp-as-condition-or-final (error)\n")
    assert "In DVPP cases courts only make Activity Directions rather than Conditions." \
        in one.stdout


def test_example_prints_a_case_that_composes_clean(tmp_path: Path) -> None:
    result = invoke("example")
    assert result.exit_code == 0
    assert result.stdout == EXAMPLE.read_text("utf-8")
    case = tmp_path / "case.yaml"
    assert invoke("example", case).stdout == f"wrote {case}\n"
    again = invoke("example", case)
    assert again.exit_code == 2
    assert again.stderr == f"error: {case} already exists; pass --overwrite to replace it\n"
    composed = invoke("compose", case, "-o", tmp_path / "out")
    assert composed.stdout == f"{case}: wrote {tmp_path / 'out' / 'case.docx'}\n"
    assert composed.exit_code == 0
    checked = invoke("validate", tmp_path / "out" / "case.docx", case)
    assert checked.exit_code == 0
    assert checked.stdout.endswith("2 file(s) checked: 0 error(s), 0 warning(s), 0 info\n")


# --- the real console script -----------------------------------------------------------


def _orderdraft() -> list[str]:
    script = Path(sys.executable).with_name("orderdraft")
    if script.exists():
        return [str(script)]
    found = shutil.which("orderdraft")
    assert found, "the orderdraft console script is not installed"
    return [found]


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*_orderdraft(), *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=120, check=False)


def test_console_script_exit_codes_and_no_tracebacks(tmp_path: Path) -> None:
    data = example_data()
    data["parties"][0]["nmae"] = data["parties"][0].pop("name")
    write_case(tmp_path, "typo.yaml", data)
    final_order_case(tmp_path)
    (tmp_path / "afile").write_text("x")

    version = run("--version", cwd=tmp_path)
    assert (version.returncode, version.stdout) == (0, f"orderdraft, version {__version__}\n")

    checks = [
        (run("compose", "typo.yaml", "-o", "out", cwd=tmp_path), 2,
         "error: typo.yaml:21: parties[0].nmae: unknown key — did you mean 'name'?\n"),
        (run("compose", "final.yaml", "-o", "out", cwd=tmp_path), 1, None),
        (run("compose", str(EXAMPLE), "-o", "afile/sub", cwd=tmp_path), 2,
         "error: afile/sub/dvpp-direction.docx: could not be written (Not a directory)\n"),
        (run("nosuch", cwd=tmp_path), 2, None),
        (run("compose", cwd=tmp_path), 2, None),
        (run("validate", "nowhere.yaml", cwd=tmp_path), 2, None),
    ]
    for proc, code, stderr in checks:
        assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
        assert proc.returncode == code, (proc.args, proc.stderr)
        if stderr is not None:
            assert proc.stderr == stderr
    assert files(tmp_path / "out") == []

    ok = run("compose", str(EXAMPLE), "-o", "out", cwd=tmp_path)
    assert (ok.returncode, ok.stderr) == (0, "")
    assert files(tmp_path / "out") == ["dvpp-direction.docx"]


@pytest.mark.parametrize("activity", [
    {"kind": "miam", "party": "father", "mechanism": "direction"},
    {"kind": "dvpp", "party": "father", "mechanism": "direction", "referrer": "cafcass",
     "wording": "template_2016"},
])
def test_validate_refuses_what_compose_cannot_draft(tmp_path: Path,
                                                    activity: dict[str, Any]) -> None:
    """The 2016 wording needs an attend-by date: validate says so (exit 2, with the field
    and line) instead of passing a case that compose then refuses."""
    data = example_data()
    data["activities"] = [activity]
    case = write_case(tmp_path, "case.yaml", data)
    line = 1 + case.read_text("utf-8").split("\n").index("activities:") + 1
    checked = invoke("validate", case, "--ignore", "OD2")
    assert checked.exit_code == 2
    assert checked.stdout.splitlines()[0] == (
        f"{case}: cannot check: activities[0].attend_by (line {line}): missing; the wording "
        "of clause 'template2016.attend' needs it, so the order cannot be composed")
    composed = invoke("compose", case, "-o", tmp_path / "out", "--accept", "OD201",
                      "--accept", "OD202")
    assert composed.exit_code == 2
    assert "activities[0].attend_by: missing" in composed.stderr
