"""Tally every hostile input the property tests try, for docs/robustness.md.

A plain module rather than conftest.py: the suite already has a ``conftest`` module, and
two modules of one name cannot both be imported by name.

Each property test records ``"result"`` or ``"error"`` per example through ``TALLY``; the
totals are printed at the end of the run (``pytest tests/hostile -rA`` shows them too).
Anything else — an exception that is neither a result nor an ``OrderdraftError`` — fails
the test that met it, so it never reaches the tally.
"""

from __future__ import annotations

from collections import Counter

import pytest

TALLY: dict[str, Counter[str]] = {}


def record(target: str, outcome: str) -> None:
    TALLY.setdefault(target, Counter())[outcome] += 1


def summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLY:
        return
    write = terminalreporter.write_line
    write("")
    write("hostile inputs tried by the property tests (target: results / clear errors):")
    total = Counter[str]()
    for target, counts in sorted(TALLY.items()):
        write(f"  {target}: {counts['result']} / {counts['error']}")
        total.update(counts)
    write(f"  total: {sum(total.values())} inputs, {total['result']} results, "
          f"{total['error']} clear errors")
