"""The Python API: ``orderdraft.validate`` and friends, imported lazily, giving the same
findings as the command's JSON."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from hook_helpers import CONDITION_TEXT, TEMPLATE_2016_ORDER, chdir, foreign_docx, run

import orderdraft


def test_api_gives_the_same_findings_as_the_cli_json(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cond.yaml").write_text(
        CONDITION_TEXT + "suppress:\n  - rule: OD202\n    reason: argued\n", encoding="utf-8")
    (tmp_path / "order.docx").write_bytes(foreign_docx(TEMPLATE_2016_ORDER))
    (tmp_path / "bad.docx").write_bytes(b"junk")
    (tmp_path / "orderdraft.toml").write_text('ignore = ["OD205"]\n', encoding="utf-8")
    cli = json.loads(run(["validate", ".", "--format", "json"], tmp_path).stdout)
    with chdir(tmp_path):
        report = orderdraft.validate(["."])
    assert [f.to_dict() for f in report.findings] == [
        {k: v for k, v in f.items() if k != "fingerprint"} for f in cli["findings"]]
    assert [{"path": r.path, "message": r.error} for r in report.errors] == cli["errors"]
    assert all(f.rule != "OD205" for f in report.findings)  # the config applied


def test_api_options(tmp_path: Path) -> None:
    (tmp_path / "cond.yaml").write_text(CONDITION_TEXT, encoding="utf-8")
    report = orderdraft.validate([tmp_path / "cond.yaml"], select=["OD101"])
    assert [f.rule for f in report.findings] == ["OD101"]
    assert report.exit_code(orderdraft.validate.Severity.ERROR) == 1
    case = orderdraft.load_case(tmp_path / "cond.yaml")
    assert case.activities[0].mechanism == "condition"
    assert "dvpp.proposed.attend" in orderdraft.load_library()
    composed = orderdraft.compose(tmp_path / "cond.yaml", tmp_path / "out", accept=["OD101",
                                                                                    "OD201",
                                                                                    "OD202"])
    assert composed.docx.exists()


def test_the_api_is_imported_lazily() -> None:
    code = ("import sys, orderdraft; "
            "print(sorted(m for m in sys.modules if m.startswith('orderdraft')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "['orderdraft']"
    # --version loads the CLI module and nothing of the engine.
    code = ("import sys; sys.argv = ['orderdraft', '--version']\n"
            "from orderdraft.cli.main import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('orderdraft.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    loaded = set(ast.literal_eval(out.splitlines()[-1]))
    engine = {"orderdraft.validate", "orderdraft.rules", "orderdraft.case", "orderdraft.compose",
              "orderdraft.config", "orderdraft.extract", "orderdraft.library"}
    assert "orderdraft.cli.main" in loaded
    assert not loaded & engine
