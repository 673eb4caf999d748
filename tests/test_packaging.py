"""The wheel carries the clause library, templates and examples, and an installed (not
editable) orderdraft finds them from any working folder.

The wheel is built with pip (hatchling backend; without build isolation when hatchling is
already installed, so no index is needed) and installed, without dependencies and without
an index, into a fresh venv that sees this environment's packages for click, docxtpl and
the rest.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from compose_helpers import ROOT

from orderdraft import __version__

pytestmark = pytest.mark.slow


def _run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None
         ) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, check=False, env=env)
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    args: list[str | Path] = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                              "-w", out, ROOT]
    if importlib.util.find_spec("hatchling") is not None:
        args.insert(4, "--no-build-isolation")
    _run(args, cwd=out)
    (built,) = out.glob("orderdraft-*.whl")
    return built


def test_wheel_holds_the_data(wheel: Path) -> None:
    assert wheel.name == f"orderdraft-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    clauses = {n for n in names if n.startswith("orderdraft/_data/clauses/")}
    assert {f"orderdraft/_data/clauses/{p.name}" for p in (ROOT / "clauses").glob("*.yaml")} \
        == clauses
    assert "orderdraft/_data/clauses/dvpp.yaml" in clauses
    assert "orderdraft/_data/templates/orders/order.docx" in names
    assert "orderdraft/_data/examples/dvpp-direction.yaml" in names
    assert "orderdraft/cli/main.py" in names
    with zipfile.ZipFile(wheel) as zf:
        shipped = zf.read("orderdraft/_data/examples/dvpp-direction.yaml")
        entry_points = zf.read(f"orderdraft-{__version__}.dist-info/entry_points.txt").decode()
    assert shipped == (ROOT / "examples" / "dvpp-direction.yaml").read_bytes()
    assert "orderdraft = orderdraft.cli.main:main" in entry_points


def test_installed_wheel_finds_its_data_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv],
         cwd=tmp_path)
    python = venv / "bin" / "python"
    # --system-site-packages reaches the base interpreter's packages; when the tests run in
    # a venv themselves (CI), that venv's packages are added too, after the new venv's own.
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=tmp_path).stdout.strip())
    (site / "_test_deps.pth").write_text("\n".join(sorted(here)) + "\n")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps",
          "--no-index", wheel], cwd=tmp_path)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    where = _run([python, "-c", "import orderdraft.resources as r; "
                  "print(r.__file__); print(r.clauses_dir()); print(r.templates_dir())"],
                 cwd=elsewhere, env=env).stdout.splitlines()
    assert all(line.startswith(str(venv)) for line in where), where
    assert where[1].endswith("orderdraft/_data/clauses")

    orderdraft = venv / "bin" / "orderdraft"
    assert _run([orderdraft, "--version"], cwd=elsewhere, env=env).stdout == (
        f"orderdraft, version {__version__}\n")
    assert _run([orderdraft, "example", "case.yaml"], cwd=elsewhere, env=env).stdout == (
        "wrote case.yaml\n")
    composed = _run([orderdraft, "compose", "case.yaml", "-o", "out"], cwd=elsewhere, env=env)
    assert composed.stdout == "case.yaml: wrote out/case.docx\n"
    assert composed.stderr == ""
    checked = _run([orderdraft, "validate", "out/case.docx"], cwd=elsewhere, env=env)
    assert checked.stdout.endswith("1 file(s) checked: 0 error(s), 0 warning(s), 0 info\n")
    lint = _run([orderdraft, "clauses", "lint"], cwd=elsewhere, env=env)
    assert lint.stdout == "clause library is clean\n"
