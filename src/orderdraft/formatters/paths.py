"""How a checked file's path is written for machines: relative, forward slashes, stable.

SARIF viewers, GitHub annotations and baselines all match findings to files by path, so
the same file must be written the same way whichever folder the command ran in and
however the path was typed (``./out/x.docx``, ``out/x.docx``, an absolute path).
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from urllib.parse import quote


def relative_to(path: str, root: Path) -> str | None:
    """``path`` relative to ``root`` in POSIX form, or None when it lies outside ``root``."""
    absolute = os.path.abspath(path)
    base = os.path.abspath(root)
    if absolute != base and not absolute.startswith(base.rstrip(os.sep) + os.sep):
        return None
    return PurePosixPath(*Path(os.path.relpath(absolute, base)).parts).as_posix()


def portable(path: str, root: Path) -> str:
    """``path`` relative to ``root`` when inside it, else absolute; always forward slashes."""
    inside = relative_to(path, root)
    return inside if inside is not None else Path(os.path.abspath(path)).as_posix()


def artifact_uri(path: str, root: Path) -> tuple[str, bool]:
    """(URI, relative?) for SARIF: a percent-encoded relative reference under ``root``
    (resolved against the run's ``uriBaseId``), else an absolute ``file:`` URI."""
    inside = relative_to(path, root)
    if inside is not None:
        return quote(inside, safe="/"), True
    return Path(os.path.abspath(path)).as_uri(), False
