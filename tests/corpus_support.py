"""Load the corpus generator and manifest once, for tests/test_corpus.py and bench/."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "tests" / "fixtures" / "corpus" / "make_corpus.py"


def generator() -> ModuleType:
    """tests/fixtures/corpus/make_corpus.py as a module (it is a script, not a package)."""
    name = "orderdraft_corpus_generator"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, GENERATOR)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while being built
        spec.loader.exec_module(module)
    return sys.modules[name]


@dataclass(frozen=True)
class Expected:
    id: str
    format: str
    codes: frozenset[str]
    misses: dict[str, str]
    false_alarms: dict[str, str]

    @property
    def should_find(self) -> frozenset[str]:
        """What the heuristics give today: the truth less the known misses, plus the known
        false alarms."""
        return (self.codes - set(self.misses)) | set(self.false_alarms)


def expected() -> tuple[dict[str, Any], list[Expected]]:
    data = generator().manifest()
    formats = data["formats"]
    rows = [Expected(d["id"], fmt, frozenset(d["codes"]), dict(d.get("known_misses") or {}),
                     dict(d.get("known_false_alarms") or {}))
            for d in data["documents"] for fmt in d.get("formats", formats)]
    return data, rows
