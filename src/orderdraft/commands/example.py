"""``orderdraft example``: a complete, valid case file to copy and edit."""

from __future__ import annotations

from pathlib import Path

import click

from ..fsutil import atomic_write
from ..resources import data_dir


def example_text() -> str:
    return (data_dir("examples") / "dvpp-direction.yaml").read_text("utf-8")


def run(dest: Path | None) -> None:
    text = example_text()
    if dest is None:
        click.echo(text, nl=False)
    else:
        atomic_write(dest, text.encode("utf-8"))
        click.echo(f"wrote {dest}")
