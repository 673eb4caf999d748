"""The one Jinja environment clause wording and report text are rendered in.

Sandboxed so a clause library from elsewhere cannot reach Python objects, strict so an
undefined variable is an error instead of a silent blank in a court order, and without
autoescape because the output is plain text that docxtpl escapes into XML later.

Jinja's own sandbox stops attribute access to Python internals and caps ``range()``, but
it lets a template build values of any size: ``'a' * 10**9``, ``10 ** 10 ** 9``,
``'x'.center(10**9)``, a ``{% set a = a ~ a %}`` chain or a macro that doubles its
argument all eat memory or CPU before any error. Wording is data, not code, so the
environment here also refuses calls (macros and ``loop`` aside), keeps only our own filters
and no globals, and bounds every value it builds by ``MAX_OUTPUT`` characters.
``wording_problems`` is the static half of the same policy, for ``clauses lint``.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, LoopContext, Macro, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import RenderError

__all__ = [
    "MAX_OUTPUT",
    "TemplateSyntaxError",
    "environment",
    "long_date",
    "render_text",
    "wording_problems",
]

MAX_OUTPUT = 100_000  # characters in any one value or rendering; a whole order is ~20,000
_MAX_POWER_BITS = 4096  # ``a ** b`` whose result would need more bits than this is refused


def long_date(value: Any) -> str:
    """Court style: ``7 December 2026``."""
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


FILTERS: dict[str, Callable[..., Any]] = {"long_date": long_date}


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"{what} would be longer than {MAX_OUTPUT:,} characters; refused")


def _refused_filter(name: str) -> Callable[..., Any]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise SecurityError(f"the filter {name!r} is not allowed in wording")

    return refuse


class _BoundedConcat(CodeGenerator):
    """Route ``a ~ b`` through the environment so its size is checked before joining."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class WordingEnvironment(ImmutableSandboxedEnvironment):
    """A sandbox in which no expression can build a value too large to hold."""

    code_generator_class = _BoundedConcat
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.clear()  # range, lipsum, cycler, joiner, namespace, dict: not wording
        # Jinja's own filters stay *known* (so a template using one still compiles and
        # lint can name it) but refuse to run: center, indent, wordwrap, batch and format
        # all take sizes.
        self.filters = {name: _refused_filter(name) for name in self.filters} | FILTERS

    def concat(self, parts: Iterable[Any]) -> str:
        """Join rendered output (a template, a macro, a ``{% set %}`` block), bounded."""
        out: list[str] = []
        total = 0
        for part in parts:
            total += len(part)
            if total > MAX_OUTPUT:
                raise _too_big("the wording")
            out.append(part)
        return "".join(out)

    def checked_concat(self, items: Sequence[Any]) -> str:
        return self.concat(str(item) for item in items)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and isinstance(times, int)
                    and len(seq) * times > MAX_OUTPUT
                ):
                    raise _too_big("a repeated value")
        elif operator == "+":
            if (
                isinstance(left, str | list | tuple)
                and isinstance(right, str | list | tuple)
                and len(left) + len(right) > MAX_OUTPUT
            ):
                raise _too_big("a joined value")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0:
                magnitude = abs(left)
                if magnitude > 1 and right * math.log2(magnitude) > _MAX_POWER_BITS:
                    raise SecurityError("a power that large is refused")
        elif operator == "%" and isinstance(left, str):
            # printf-style widths ('%0999999999d') build strings of any size.
            raise SecurityError("'%' formatting of text is not allowed in wording")
        return _BINOPS[operator](left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Only macros and ``loop`` may be called: str methods such as ``center`` or
        ``format`` take sizes, and wording has no business calling Python."""
        if isinstance(__obj, Undefined):  # range(), lipsum(): say it is undefined
            __obj._fail_with_undefined_error()
        owner = getattr(__obj, "__self__", None)
        if not isinstance(__obj, Macro | LoopContext) and not isinstance(owner, LoopContext):
            name = getattr(__obj, "__name__", type(__obj).__name__)
            raise SecurityError(f"wording may not call {name}(); use variables only")
        return super().call(__context, __obj, *args, **kwargs)


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "*": operator.mul,
    "**": operator.pow,
    "+": operator.add,
    "%": operator.mod,
}


@cache
def environment() -> WordingEnvironment:
    return WordingEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


_NOT_WORDING: dict[type[nodes.Node], str] = {
    nodes.Call: "calls a function or method",
    nodes.Macro: "defines a macro",
    nodes.CallBlock: "uses a call block",
    nodes.Assign: "sets a variable ({% set %})",
    nodes.AssignBlock: "sets a variable ({% set %})",
    nodes.Include: "includes another template",
    nodes.Import: "imports another template",
    nodes.FromImport: "imports another template",
    nodes.Extends: "extends another template",
    nodes.Block: "defines a block",
    nodes.ScopedEvalContextModifier: "changes autoescaping",
    nodes.Mul: "repeats or multiplies values ('*')",
    nodes.Pow: "raises a number to a power ('**')",
    nodes.Mod: "formats or divides with '%'",
}


def wording_problems(ast: nodes.Template) -> list[str]:
    """What makes a parsed wording more than variables, conditions and loops.

    The runtime guards in ``WordingEnvironment`` stop the harm; this names it at lint time,
    before a court order fails to render.
    """
    found: list[str] = []
    for node in ast.find_all(nodes.Node):
        for kind, what in _NOT_WORDING.items():
            if isinstance(node, kind):
                found.append(what)
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            attr = node.attr if isinstance(node, nodes.Getattr) else None
            if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
                attr = str(node.arg.value)
            if attr is not None and attr.startswith("_"):
                found.append(f"reaches into Python internals ({attr})")
        if isinstance(node, nodes.For) and any(True for _ in node.find_all(nodes.For)):
            # Loops run over case lists; nested, they multiply (200,000 ** n iterations).
            found.append("nests one loop inside another")
    if not found:
        return []
    # One problem per clause, listing everything, so a hostile wording is one lint line.
    return [
        f"wording {'; '.join(dict.fromkeys(found))} — clause wording may only use "
        "variables, conditions and loops"
    ]


@cache
def _compiled(text: str) -> Any:
    return environment().from_string(text)


def render_text(text: str, values: dict[str, Any], *, where: str) -> str:
    """Render clause wording; any template failure names the clause, never a traceback."""
    try:
        return str(_compiled(text).render(values))
    except TemplateSyntaxError as exc:
        raise RenderError(f"{where}: wording has a template error: {exc.message}") from None
    except RecursionError:
        raise RenderError(
            f"{where}: wording could not be filled in: it nests or calls itself too deeply"
        ) from None
    except MemoryError:
        raise RenderError(f"{where}: wording could not be filled in: out of memory") from None
    except Exception as exc:  # the sandbox and StrictUndefined raise several kinds
        raise RenderError(f"{where}: wording could not be filled in: {exc}") from None
