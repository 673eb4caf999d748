"""Find the shipped clause libraries and templates, installed or in a checkout.

In a wheel they live at ``orderdraft/_data/``; in an editable checkout they are the
top-level ``clauses/`` and ``templates/`` folders that staff edit. One lookup serves both.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    for candidate in (_PKG / "_data" / name, _PKG.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"orderdraft is installed without its {name}/ folder")


def clauses_dir() -> Path:
    return data_dir("clauses")


def templates_dir() -> Path:
    return data_dir("templates")
