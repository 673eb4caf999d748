"""The provider directory file: loads the shipped example, refuses mistakes with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from orderdraft.errors import InputErrors
from orderdraft.providers import example_providers_path, load_providers
from orderdraft.resources import data_dir


def test_example_directory_loads_and_says_it_is_illustrative():
    path = example_providers_path()
    assert path == data_dir("examples") / "providers.yaml"
    directory = load_providers(path)
    assert path.read_text(encoding="utf-8").startswith(
        "# EXAMPLE PROVIDER DIRECTORY — ILLUSTRATIVE ONLY.")
    assert "Not the Cafcass list" in directory.description
    derby = directory.get("  example RESPECT partnership   (derby) ")
    assert derby is not None and derby.one_to_one and derby.accreditation == "Respect"
    assert "Example Men’s Programme (Gloucester)" in directory  # curly apostrophe
    assert "Nobody" not in directory
    assert directory.path == str(path)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "providers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_mistake_is_reported_with_its_line(tmp_path):
    path = _write(tmp_path, (
        "description: Our copy of the list\n"
        "providers:\n"
        "  - name: A Provider\n"
        "    accreditation: respect\n"
        "    areaz: [Leeds]\n"
        "  - name: B Provider\n"
        "    accreditation: Probation\n"
        "    areas: []\n"
    ))
    with pytest.raises(InputErrors) as err:
        load_providers(path)
    lines = err.value.format_message().splitlines()
    # The value itself may or may not be echoed (schema policy); where and why must be there.
    # 'areaz' is reported once, as a typo of the missing 'areas'.
    expected = [
        (f"{path}:5: providers[0].areaz: ", "unknown key — did you mean 'areas'?"),
        (f"{path}:4: providers[0].accreditation: ", "is not one of: Respect, Probation"),
        (f"{path}:8: providers[1].areas: ", "list at least one area the provider covers"),
    ]
    assert len(lines) == len(expected)
    for line, (where, why) in zip(lines, expected, strict=True):
        assert line.startswith(where) and why in line, line


def test_duplicate_provider_names(tmp_path):
    path = _write(tmp_path, (
        "description: x\n"
        "providers:\n"
        "  - {name: A Provider, accreditation: Respect, areas: [Leeds]}\n"
        "  - {name: a  provider, accreditation: Respect, areas: [York]}\n"
    ))
    with pytest.raises(InputErrors) as err:
        load_providers(path)
    assert err.value.format_message() == (
        f"{path}:4: providers[1].name: provider 'a  provider' is listed twice")


def test_unknown_top_level_key_and_missing_file(tmp_path):
    path = _write(tmp_path, "description: x\nprovider: []\n")
    with pytest.raises(InputErrors) as err:
        load_providers(path)
    assert f"{path}:2: provider: unknown key — did you mean 'providers'?" in (
        err.value.format_message())
    with pytest.raises(Exception, match="no such file"):
        load_providers(tmp_path / "missing.yaml")
