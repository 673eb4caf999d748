"""The limits that stop hostile input eating time or memory, each shown to bite.

Clause wording runs in ``render.jinja``'s sandbox: Jinja's own sandbox stops attribute
access to Python internals and caps ``range()``, ours also bounds every value built and
refuses calls, so each of these must end in a ``RenderError`` quickly (a regression would
hang or exhaust memory rather than fail an assertion, which is still a failing test).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from orderdraft.errors import DocumentError, RenderError
from orderdraft.extract import Limits, read_document
from orderdraft.render.jinja import MAX_OUTPUT, environment, render_text, wording_problems

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import slow_pdf

VALUES = {"participant": "the father", "people": ["a", "b", "c"]}

REFUSED = {
    "dunder class": ("{{ ''.__class__.__mro__ }}", "access to attribute '__class__'"),
    "cycler globals": ("{{ cycler.__init__.__globals__ }}", "access to attribute '__init__'"),
    "getitem dunder": ("{{ participant['__class__'] }}", "access to attribute '__class__'"),
    "attr filter": ("{{ participant|attr('__class__') }}", "the filter 'attr' is not allowed"),
    "str method": ("{{ participant.upper() }}", "wording may not call upper()"),
    "str center": ("{{ participant.center(10**9) }}", "wording may not call center()"),
    "huge range": ("{% for i in range(10**9) %}x{% endfor %}", "'range' is undefined"),
    "repeat str": ("{{ 'a' * 10**9 }}", "a repeated value would be longer than 100,000"),
    "repeat str reversed": ("{{ 10**9 * participant }}", "a repeated value would be longer"),
    "repeat list": ("{{ [1] * 10**9 }}", "a repeated value would be longer"),
    "huge power": ("{{ 10 ** 100000000 }}", "a power that large is refused"),
    "printf width": ("{{ '%0999999999d' % 1 }}", "'%' formatting of text is not allowed"),
    "join lists": ("{% set a = [1] * 60000 %}{{ a + a }}", "a joined value would be longer"),
    "concat doubling": (
        "{% set a = 'x' * 1000 %}" + "{% set a = a ~ a %}" * 60 + "{{ a }}",
        "the wording would be longer than 100,000",
    ),
    "macro doubling": (
        "{% macro d(s) %}{{ s }}{{ s }}{% endmacro %}{{ " + "d(" * 40 + "'x'" + ")" * 40 + " }}",
        "the wording would be longer than 100,000",
    ),
    "output loops": (
        "{% for a in people %}" * 3 + "{{ participant * 1000 }}" + "{% endfor %}" * 3,
        # 27 x 10,000 characters: stopped as the output passes the bound, not at the end
        "the wording would be longer than 100,000",
    ),
    "macro recursion": (
        "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
        "it nests or calls itself too deeply",
    ),
    "deep parentheses": ("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "too deeply"),
    "undefined": ("{{ respondent }}", "'respondent' is undefined"),
    "foreign filter": ("{{ participant|center(10**9) }}", "the filter 'center' is not allowed"),
    "include": ("{% include '/etc/passwd' %}", "no loader for this environment"),
    "lipsum": ("{{ lipsum(10**6) }}", "'lipsum' is undefined"),
    "namespace": ("{% set ns = namespace(a=1) %}{{ ns.a }}", "'namespace' is undefined"),
}


@pytest.mark.parametrize(("wording", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_hostile_wording_is_refused_at_render(wording: str, message: str) -> None:
    with pytest.raises(RenderError) as err:
        render_text(wording, dict(VALUES), where="clause x")
    text = err.value.format_message()
    assert text.startswith("clause x: wording ")
    assert message in text


ALLOWED = {
    "variable": ("{{ participant }} must attend.", "the father must attend."),
    "condition": ("{% if people %}yes{% else %}no{% endif %}", "yes"),
    "loop with loop.last": (
        "{% for p in people %}{{ p }}{% if not loop.last %}, {% endif %}{% endfor %}", "a, b, c"
    ),
    "small repeat": ("{{ 'ab' * 3 }}", "ababab"),
    "arithmetic": ("{{ 2 ** 10 + 7 % 3 }}", "1025"),
    "concat": ("{{ participant ~ '!' }}", "the father!"),
    "loop.cycle": ("{% for p in people %}{{ loop.cycle('x', 'y') }}{% endfor %}", "xyx"),
    "bounded at the limit": ("{{ 'a' * 100000 }}", "a" * MAX_OUTPUT),
}


@pytest.mark.parametrize(("wording", "expected"), ALLOWED.values(), ids=ALLOWED.keys())
def test_ordinary_wording_still_renders(wording: str, expected: str) -> None:
    assert render_text(wording, dict(VALUES), where="clause x") == expected


@pytest.mark.parametrize(
    ("wording", "problem"),
    [
        ("{{ participant }}", None),
        ("{% for p in people %}{{ p }}{% if loop.last %}.{% endif %}{% endfor %}", None),
        ("{{ participant.__class__ }}", "reaches into Python internals (__class__)"),
        ("{{ participant['_x'] }}", "reaches into Python internals (_x)"),
        ("{{ participant.upper() }}", "calls a function or method"),
        ("{% set a = 1 %}", "sets a variable"),
        ("{% macro m() %}{% endmacro %}", "defines a macro"),
        ("{% include 'x' %}", "includes another template"),
        ("{% extends 'x' %}", "extends another template"),
        ("{% import 'x' as y %}", "imports another template"),
        ("{% autoescape true %}{% endautoescape %}", "changes autoescaping"),
        ("{{ 'a' * 3 }}", "repeats or multiplies values"),
        ("{{ 2 ** 3 }}", "raises a number to a power"),
        ("{{ '%s' % 3 }}", "formats or divides with '%'"),
        ("{% for a in people %}{% for b in people %}{% endfor %}{% endfor %}",
         "nests one loop inside another"),
    ],
)
def test_wording_problems(wording: str, problem: str | None) -> None:
    found = wording_problems(environment().parse(wording))
    if problem is None:
        assert found == []
    else:
        (line,) = found
        assert problem in line
        assert line.endswith("clause wording may only use variables, conditions and loops")


def test_the_shipped_library_needs_none_of_what_is_refused() -> None:
    from orderdraft.library import load_library

    for clause in load_library():
        assert wording_problems(environment().parse(clause.text)) == [], clause.id


# --------------------------------------------------------------------------- PDF time limit


def test_pdf_time_limit_stops_a_real_pathological_pdf(tmp_path: Path) -> None:
    """11 KB that takes pypdf ~20 s: the real parser, no monkeypatching, cut off at 1 s."""
    path = tmp_path / "slow.pdf"
    path.write_bytes(slow_pdf())
    assert path.stat().st_size < 20_000
    with pytest.raises(DocumentError) as err:
        read_document(path, limits=Limits(pdf_timeout_seconds=1.0))
    assert err.value.format_message() == (
        f"{path}: took longer than 1 s to read; it may be damaged or unusually complex"
    )
