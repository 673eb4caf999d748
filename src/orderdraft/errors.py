"""User-facing errors: one plain-English line naming the file, line and field, exit 2.

Every domain error subclasses ``click.ClickException`` so the CLI never shows a traceback
for a user mistake, while the Python API can still catch them by type.
"""

from __future__ import annotations

from collections.abc import Sequence

import click

EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class OrderdraftError(click.ClickException):
    """A problem with the user's input that they can fix."""

    exit_code = EXIT_USAGE

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.detail = message
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line is not None else "") + ": "
        fld = f"{self.field}: " if self.field else ""
        return f"{where}{fld}{self.detail}"

    def show(self, file: object = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class InputError(OrderdraftError):
    """A case file, clause library or config file that cannot be used as written."""


class InputErrors(OrderdraftError):
    """Several problems in one file, collected so the user can fix them in one pass."""

    def __init__(self, errors: Sequence[InputError]) -> None:
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.detail, path=first.path, line=first.line, field=first.field)

    def format_message(self) -> str:
        return "\n".join(e.format_message() for e in self.errors)

    def show(self, file: object = None) -> None:
        for e in self.errors:
            click.echo(f"error: {e.format_message()}", err=True)


class DocumentError(OrderdraftError):
    """A document handed to ``validate`` that cannot be read (corrupt, encrypted, too big)."""


class RenderError(OrderdraftError):
    """A template or conversion failure that the user can act on."""
