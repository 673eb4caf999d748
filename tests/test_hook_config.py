"""Settings: orderdraft.toml or [tool.orderdraft], found by walking up to the repository
root; --config; command-line overrides; unknown keys and TOML errors with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hook_helpers import TEMPLATE_2016_ORDER, chdir, foreign_docx, run

from orderdraft.config import Config, discover_config, find_config, load_config, toml_key_lines
from orderdraft.errors import InputError, InputErrors
from orderdraft.findings import Severity


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "orders" / "2026").mkdir(parents=True)
    (tmp_path / "orders" / "2026" / "order.docx").write_bytes(foreign_docx(TEMPLATE_2016_ORDER))
    return tmp_path


def test_found_by_walking_up_from_the_current_folder(repo: Path) -> None:
    (repo / "orderdraft.toml").write_text('select = ["OD203"]\nfail_on = "warning"\n',
                                          encoding="utf-8")
    start = repo / "orders" / "2026"
    assert find_config(start) == (repo / "orderdraft.toml").resolve()
    # From deep inside, the root's settings apply: only OD203, and warnings fail.
    result = run(["validate", "order.docx"], start)
    assert [line.split()[2] for line in result.stdout.splitlines() if "OD" in line] == ["OD203"]
    assert result.exit_code == 1


def test_pyproject_section_and_precedence(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.orderdraft]\n'
                                         'ignore = ["OD2"]\n', encoding="utf-8")
    assert find_config(repo) == (repo / "pyproject.toml").resolve()
    assert discover_config(repo).ignore == ("OD2",)
    # orderdraft.toml beside it wins, as a tool's own file should.
    (repo / "orderdraft.toml").write_text('fail_on = "info"\n', encoding="utf-8")
    assert find_config(repo) == (repo / "orderdraft.toml").resolve()


def test_a_pyproject_without_the_section_is_passed_over(repo: Path) -> None:
    (repo / "orderdraft.toml").write_text('fail_on = "info"\n', encoding="utf-8")
    (repo / "orders" / "pyproject.toml").write_text('[project]\nname = "orders"\n',
                                                    encoding="utf-8")
    assert find_config(repo / "orders" / "2026") == (repo / "orderdraft.toml").resolve()


def test_the_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "orderdraft.toml").write_text('fail_on = "info"\n', encoding="utf-8")
    inner = tmp_path / "repo" / "orders"
    inner.mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    assert find_config(inner) is None  # the file above the repository is not this project's
    assert discover_config(inner) == Config()
    (tmp_path / "repo" / ".git").rmdir()
    assert find_config(inner) == (tmp_path / "orderdraft.toml").resolve()


def test_explicit_config_and_command_line_overrides(repo: Path) -> None:
    (repo / "strict.toml").write_text('fail_on = "warning"\nselect = ["OD203"]\n',
                                      encoding="utf-8")
    args = ["validate", "orders", "--config", "strict.toml"]
    assert run(args, repo).exit_code == 1
    assert run([*args, "--fail-on", "error"], repo).exit_code == 0  # the option wins
    result = run([*args, "--select", "OD205"], repo)  # --select replaces the file's list
    assert [line.split()[2] for line in result.stdout.splitlines() if "OD" in line] == ["OD205"]


def test_paths_in_the_config_are_relative_to_it(repo: Path) -> None:
    (repo / "orderdraft.toml").write_text(
        'providers = "conf/providers.yaml"\nhouse_rules = ["conf/house.yaml"]\n'
        'baseline = "conf/baseline.json"\n', encoding="utf-8")
    with chdir(repo / "orders"):
        config = discover_config()
    base = repo.resolve()
    assert config.providers == base / "conf" / "providers.yaml"
    assert config.house_rules == (base / "conf" / "house.yaml",)
    assert config.baseline == base / "conf" / "baseline.json"
    assert config.source == (repo / "orderdraft.toml").resolve()


def _errors(path: Path) -> list[str]:
    try:
        load_config(path)
    except InputErrors as exc:
        return [e.format_message() for e in exc.errors]
    except InputError as exc:
        return [exc.format_message()]
    raise AssertionError("no error")


def test_unknown_keys_are_errors_with_did_you_mean_and_line(tmp_path: Path) -> None:
    path = tmp_path / "orderdraft.toml"
    path.write_text('# settings\nfail_on = "warning"\n\nignroe = ["OD2"]\n'
                    'baseline_file = "b.json"\n', encoding="utf-8")
    assert _errors(path) == [
        f"{path}:4: ignroe: unknown key — did you mean 'ignore'?",
        f"{path}:5: baseline_file: unknown key — did you mean 'baseline'?",
    ]


def test_unknown_key_in_pyproject_names_the_full_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = """\nfail_on = 1\n"""\n\n[tool.orderdraft]\n'
                    'fail_on = "warning"\nselec = ["OD1"]\n', encoding="utf-8")
    assert _errors(path) == [
        f"{path}:8: tool.orderdraft.selec: unknown key — did you mean 'select'?"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('fail_on = "warnings"\n',
         "1: fail_on: is not one of: error, warning, info — did you mean 'warning'?"),
        ('select = "OD1"\n', "1: select: expected a list, got text"),
        ('ignore = ["OD1", "D12"]\n',
         "1: ignore[1]: 'D12' is not a rule code or code prefix (such as OD101, OD1 or HS)"),
        ('fail_on = "error"\nselect = [\n  "OD1",\n  "HS0",\n]\nbaseline = true\n',
         "6: baseline: expected text, got true (true/false)"),
    ],
)
def test_bad_values_name_their_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "orderdraft.toml"
    path.write_text(text, encoding="utf-8")
    assert _errors(path) == [f"{path}:{message}"]


def test_toml_syntax_errors_give_the_line(tmp_path: Path) -> None:
    path = tmp_path / "orderdraft.toml"
    path.write_text('fail_on = "warning"\nselect = ["OD1"\nignore = []\n', encoding="utf-8")
    (message,) = _errors(path)
    assert message.startswith(f"{path}:3: is not valid TOML: ")


def test_pyproject_named_explicitly_needs_the_section(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert _errors(path) == [f"{path}: has no [tool.orderdraft] table"]


def test_config_errors_through_the_cli(repo: Path) -> None:
    (repo / "orderdraft.toml").write_text('fail_on = "sometimes"\n', encoding="utf-8")
    result = run(["validate", "orders"], repo)
    assert result.exit_code == 2
    assert result.output == (f"error: {repo / 'orderdraft.toml'}:1: fail_on: is not one of: "
                             "error, warning, info\n")


def test_defaults() -> None:
    config = Config()
    assert (config.fail_on, config.select, config.ignore, config.baseline) == (
        Severity.ERROR, (), (), None)


def test_key_lines_follow_tables_dotted_and_quoted_keys_and_skip_strings() -> None:
    text = (
        '# a comment with key = 1\n'          # 1
        'top = "x"\n'                          # 2
        'arr = [\n'                            # 3
        '  "a = b",\n'                         # 4
        '  [1, 2], # ]\n'                      # 5
        ']\n'                                  # 6
        "doc = '''\n"                          # 7
        'fake = 1\n'                           # 8
        "[not.a.table]\n"                      # 9
        "'''\n"                                # 10
        '[tool . "order draft"]\n'             # 11
        'a.b = 1\n'                            # 12
        '"quoted \\" key" = 2\n'               # 13
        'esc = "a \\" [ b"\n'                  # 14
        'after = 3\n'                          # 15
        '[[items]]\n'                          # 16
        'name = "n"\n'                         # 17
    )
    assert toml_key_lines(text) == {
        ("top",): 2,
        ("arr",): 3,
        ("doc",): 7,
        ("tool", "order draft"): 11,
        ("tool", "order draft", "a"): 12,
        ("tool", "order draft", "a", "b"): 12,
        ("tool", "order draft", 'quoted " key'): 13,
        ("tool", "order draft", "esc"): 14,
        ("tool", "order draft", "after"): 15,
        ("items",): 16,
        ("items", "name"): 17,
    }
