"""Output formats for findings: a small family with one lifecycle.

Each formatter receives the whole ``Report`` once and returns the text to print, so
formats that need everything up front (SARIF, JSON) and streaming-style ones (text,
GitHub annotations) share one interface.
"""

from __future__ import annotations

from collections.abc import Callable

from ..validate import Report

Formatter = Callable[[Report, bool], str]


def get(name: str) -> Formatter:
    from . import github, json_format, sarif, text

    table: dict[str, Formatter] = {
        "text": text.render,
        "json": json_format.render,
        "sarif": sarif.render,
        "github": github.render,
    }
    return table[name]


NAMES = ("text", "json", "sarif", "github")
