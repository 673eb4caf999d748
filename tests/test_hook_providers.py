"""The provider directory reaches the rules through the config (``providers``, relative to
the config file) or ``--providers``; a bad directory stops the run with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hook_helpers import EXAMPLE_TEXT, ROOT, run, with_suppress

PROVIDERS = (ROOT / "examples" / "providers.yaml").read_text(encoding="utf-8")
UNLISTED = EXAMPLE_TEXT.replace("Example DVPP Provider (Nottingham)", "Unlisted Programmes Ltd")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "providers.yaml").write_text(PROVIDERS, encoding="utf-8")
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "listed.yaml").write_text(EXAMPLE_TEXT, encoding="utf-8")
    (tmp_path / "cases" / "unlisted.yaml").write_text(UNLISTED, encoding="utf-8")
    return tmp_path


def _od301(output: str) -> list[str]:
    return [line.split(":")[0] for line in output.splitlines() if " OD301 " in line]


def test_without_a_directory_the_provider_rule_is_silent(repo: Path) -> None:
    assert _od301(run(["validate", "cases", "--select", "OD301"], repo).stdout) == []


def test_the_config_directory_reaches_the_rules(repo: Path) -> None:
    (repo / "orderdraft.toml").write_text('providers = "conf/providers.yaml"\n',
                                          encoding="utf-8")
    result = run(["validate", "cases", "--select", "OD301"], repo)
    assert _od301(result.stdout) == ["cases/unlisted.yaml"]
    assert result.exit_code == 1
    # From a subfolder the path still resolves against the config file.
    assert _od301(run(["validate", ".", "--select", "OD301"], repo / "cases").stdout) == [
        "unlisted.yaml"]


def test_the_command_line_directory(repo: Path) -> None:
    result = run(["validate", "cases", "--select", "OD301", "--providers",
                  "conf/providers.yaml"], repo)
    assert _od301(result.stdout) == ["cases/unlisted.yaml"]


def test_a_bad_directory_is_an_input_error_with_its_line(repo: Path) -> None:
    (repo / "conf" / "providers.yaml").write_text(
        "description: x\nproviders:\n  - name: A\n    acreditation: Respect\n    areas: [X]\n",
        encoding="utf-8")
    result = run(["validate", "cases", "--providers", "conf/providers.yaml"], repo)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: conf/providers.yaml:4: providers[0].acreditation: "
                                    "unknown key — did you mean 'accreditation'?")


def test_a_provider_suppression_is_unused_only_when_the_rule_could_run(repo: Path) -> None:
    """Without a directory OD301 cannot run, so suppressing it suppresses nothing *yet*;
    calling that OD001 would tell the adviser to delete a suppression the court's pipeline
    (which has the directory) needs."""
    waiver = 'rule: OD301\n    reason: the court approved this provider on 1 December'
    (repo / "cases" / "unlisted.yaml").write_text(with_suppress(UNLISTED, [waiver]), "utf-8")
    (repo / "cases" / "listed.yaml").write_text(with_suppress(EXAMPLE_TEXT, [waiver]), "utf-8")

    def findings(*args: str) -> list[str]:
        out = run(["validate", "cases", *args], repo).stdout.splitlines()
        return [line.split(": ")[0] + " " + line.split(": ")[1].rsplit(" ", 1)[0]
                for line in out if line.startswith("cases/")]

    assert findings() == []
    assert findings("--providers", "conf/providers.yaml") == [
        "cases/listed.yaml:49 warning OD001",  # listed: nothing to suppress
        "cases/unlisted.yaml:40 suppressed error OD301",  # reported, with its reason
    ]
