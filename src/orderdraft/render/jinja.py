"""The one Jinja environment clause wording and report text are rendered in.

Sandboxed so a clause library from elsewhere cannot reach Python objects, strict so an
undefined variable is an error instead of a silent blank in a court order, and without
autoescape because the output is plain text that docxtpl escapes into XML later.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import RenderError

__all__ = ["TemplateSyntaxError", "environment", "long_date", "render_text"]


def long_date(value: Any) -> str:
    """Court style: ``7 December 2026``."""
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


@cache
def environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["long_date"] = long_date
    return env


@cache
def _compiled(text: str) -> Any:
    return environment().from_string(text)


def render_text(text: str, values: dict[str, Any], *, where: str) -> str:
    """Render clause wording; any template failure names the clause, never a traceback."""
    try:
        return str(_compiled(text).render(values))
    except TemplateSyntaxError as exc:
        raise RenderError(f"{where}: wording has a template error: {exc.message}") from None
    except Exception as exc:  # the sandbox and StrictUndefined raise several kinds
        raise RenderError(f"{where}: wording could not be filled in: {exc}") from None
