"""The shipped clause library: it lints clean, its quotations are exact, and lint catches
the mistakes a clause author makes.

Quotation checks work on the seed documents in ``docs/sources/``. A clause with a
``quote:`` must (1) find that quote, verbatim, in the seed file its citation names and
(2) give the quote back when its ``text`` is rendered with each variable set to the seed's
placeholder. The table ``QUOTED`` below says which placeholder stands for which variable.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from orderdraft.clause import Clause
from orderdraft.errors import RenderError
from orderdraft.library import lint, load_library
from orderdraft.render.jinja import render_text

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "docs" / "sources"
INDEX_DOC = ROOT / "docs" / "clauses.md"

# The variable names and types the composer fills in. A clause may use any of them and no
# others, always with this type.
AGREED_VARIABLES = {
    "participant": "name",
    "refer_by": "date",
    "attend_by": "date",
    "referrer": "referrer",
    "local_authority": "name",
    "provider": "name",
    "risk_assessment": "flag",
    "court": "court",
    "case_number": "text",
    "judge": "name",
    "hearing_type": "text",
    "hearing_date": "date",
    "attended": "list",
    "order_date": "date",
    "children": "list",
}

# Every id the composer relies on: (status, whether the clause quotes a seed).
REQUIRED = {
    "order.heading.children_act": ("recommended", False),
    "order.recital.hearing": ("recommended", False),
    "order.recital.attended": ("recommended", False),
    "order.recital.pd12j_33": ("recommended", False),
    "order.recital.pd12j_34": ("recommended", True),
    "order.notice.s11i_warning": ("recommended", False),
    "order.closing.dated": ("recommended", False),
    "dvpp.notice.signposting": ("recommended", False),
    "dvpp.proposed.heading": ("recommended", False),
    "dvpp.proposed.attend": ("recommended", True),
    "dvpp.proposed.refer": ("recommended", True),
    "dvpp.proposed.midway": ("recommended", True),
    "dvpp.proposed.s7_update": ("recommended", True),
    "dvpp.proposed.listing": ("recommended", True),
    "dvpp.la.attend": ("recommended", False),
    "dvpp.la.refer": ("recommended", False),
    "dvpp.la.midway": ("recommended", False),
    "dvpp.la.s7_update": ("recommended", False),
    "dvpp.la.listing": ("recommended", False),
    "template2016.heading": ("legacy", True),
    "template2016.attend": ("legacy", True),
    "template2016.item.miam": ("legacy", True),
    "template2016.item.spip": ("legacy", True),
    "template2016.item.dvpp": ("legacy", True),
    "template2016.provision.a": ("legacy", True),
    "template2016.provision.b": ("legacy", True),
    "template2016.provision.c": ("legacy", True),
    "condition.dvpp.final_order": ("non_compliant", False),
    "condition.spip": ("recommended", False),
    "contact.commissioned_supervised": ("recommended", False),
    "contact.supported_centre": ("legacy", False),
}

OPTIONAL = {
    "dvpp.proposed.s7_update",
    "dvpp.proposed.listing",
    "dvpp.la.s7_update",
    "dvpp.la.listing",
}

# The placeholders the seeds use, as they are spelt there.
PLACEHOLDERS = ("XXXX( Name)", "XXX (Name)", "XXX (name)", "xxxx date", "**")
PLACEHOLDER_RE = re.compile(
    "|".join(re.escape(p) for p in sorted(PLACEHOLDERS, key=len, reverse=True))
)

# For each quoting clause: the placeholders in its quote, in order, with the variable each
# stands for; and the optional bracketed parts controlled by a flag.
QUOTED: dict[str, dict[str, object]] = {
    "order.recital.pd12j_34": {"placeholders": []},
    "dvpp.proposed.attend": {"placeholders": [("XXXX( Name)", "participant")]},
    "dvpp.proposed.refer": {
        "placeholders": [("xxxx date", "refer_by"), ("XXX (name)", "participant")],
    },
    # The letter spells the same placeholder twice with different capitals.
    "dvpp.proposed.midway": {
        "placeholders": [("XXX (Name)", "participant"), ("XXX (name)", "participant")],
    },
    "dvpp.proposed.s7_update": {
        "placeholders": [],
        "flags": {"risk_assessment": "[and risk assessment]"},
    },
    "dvpp.proposed.listing": {"placeholders": []},
    "template2016.heading": {"placeholders": []},
    "template2016.attend": {
        "placeholders": [("**", "participant"), ("**", "attend_by")],
    },
    "template2016.item.miam": {"placeholders": []},
    "template2016.item.spip": {"placeholders": []},
    "template2016.item.dvpp": {"placeholders": []},
    "template2016.provision.a": {"placeholders": []},
    "template2016.provision.b": {"placeholders": []},
    "template2016.provision.c": {"placeholders": []},
}

ACTIVITY_KINDS = {"miam", "spip", "dvpp", "commissioned_contact", "contact_centre"}

PD12J_2014 = "PD12J as in force 22 April 2014 to 1 October 2017"


def normalise(text: str) -> str:
    """Collapse runs of spaces, tabs and NBSPs; drop the seeds' "· " bullets."""
    text = re.sub(r"(?m)^[ \t\u00a0]*·[ \t\u00a0]+", "", text)
    return re.sub(r"[ \t\u00a0]+", " ", text)


def seed_text(name: str) -> str:
    path = SOURCES / name
    assert path.is_file(), f"no seed file {path}"
    return normalise(path.read_text(encoding="utf-8"))


def render(clause: Clause, values: dict[str, object]) -> str:
    return render_text(clause.text, values, where=clause.id)


@pytest.fixture(scope="module")
def library():
    return load_library()


def all_clauses() -> list[Clause]:
    return list(load_library())


def quoting_clauses() -> list[Clause]:
    return [c for c in all_clauses() if c.quote is not None]


# --- the shipped library -----------------------------------------------------------------


def test_shipped_library_lints_clean() -> None:
    assert [e.format_message() for e in lint()] == []


@pytest.mark.parametrize(("cid", "expected"), sorted(REQUIRED.items()))
def test_required_clause_exists_with_status(library, cid: str, expected: tuple[str, bool]) -> None:
    status, quoted = expected
    assert cid in library, f"missing clause {cid}"
    clause = library[cid]
    assert clause.status == status
    assert (clause.quote is not None) == quoted
    assert clause.optional == (cid in OPTIONAL)


def test_every_quoting_clause_has_a_row_in_the_placeholder_table() -> None:
    assert {c.id for c in quoting_clauses()} == set(QUOTED)


@pytest.mark.parametrize("clause", all_clauses(), ids=lambda c: c.id)
def test_clause_is_documented_and_cited(clause: Clause) -> None:
    assert clause.citations, "at least one citation"
    assert clause.drafting_note and clause.drafting_note.strip()
    assert clause.version >= 1
    assert set(clause.applies_to) <= ACTIVITY_KINDS
    for name, var in clause.variables.items():
        assert name in AGREED_VARIABLES, f"variable {name!r} is not one the composer fills in"
        assert var.type == AGREED_VARIABLES[name], f"{name!r} is a {AGREED_VARIABLES[name]}"
    for cit in clause.citations:
        if "PD12J" in cit.ref:
            assert cit.version == PD12J_2014, "say which PD12J the paragraph number belongs to"
        if cit.kind == "source":
            assert cit.seed and cit.document, "a source citation names its seed file and document"
            assert (SOURCES / cit.seed).is_file()
    if any("PD12J" in c.ref for c in clause.citations):
        assert "check the paragraph numbers" in clause.drafting_note.lower()


@pytest.mark.parametrize("clause", quoting_clauses(), ids=lambda c: c.id)
def test_quote_is_verbatim_in_its_seed(clause: Clause) -> None:
    assert clause.quote is not None
    assert clause.quote == normalise(clause.quote).strip(), "quote has stray whitespace"
    assert not clause.quote.endswith("(Optional)"), "the (Optional) marker is not wording"
    seeds = [c.seed for c in clause.citations if c.kind == "source" and c.seed]
    assert seeds, "a quoting clause cites the seed it quotes"
    assert any(clause.quote in seed_text(s) for s in seeds), f"quote not found in {seeds}"


@pytest.mark.parametrize("clause", all_clauses(), ids=lambda c: c.id)
def test_sentences_quoted_in_citations_are_verbatim(clause: Clause) -> None:
    """A citation ref may quote the sentence relied on, in “curly quotes”; it must be exact."""
    for cit in clause.citations:
        for sentence in re.findall(r"“(.+?)”", cit.ref):
            assert cit.seed, f"{cit.ref!r} quotes a source but names no seed"
            assert sentence in seed_text(cit.seed), f"not in {cit.seed}: {sentence!r}"


def _expected(quote: str, placeholders: list[tuple[str, str]]) -> str:
    """The quote with each placeholder, in order, replaced by a sentinel for its variable."""
    found = PLACEHOLDER_RE.findall(quote)
    assert found == [p for p, _ in placeholders], "placeholder table does not match the quote"
    it = iter(placeholders)
    return PLACEHOLDER_RE.sub(lambda m: f"<{next(it)[1]}>", quote)


def _quote_variants(clause: Clause, row: dict[str, object]) -> list[tuple[dict[str, bool], str]]:
    """(flag values, quote) pairs: a bracketed option is in the quote when its flag is on."""
    assert clause.quote is not None
    flags: dict[str, str] = row.get("flags", {})  # type: ignore[assignment]
    if not flags:
        return [({}, clause.quote)]
    ((flag, bracketed),) = flags.items()
    assert bracketed in clause.quote
    on = clause.quote.replace(bracketed, bracketed[1:-1])
    off = clause.quote.replace(" " + bracketed, "")
    return [({flag: True}, on), ({flag: False}, off)]


@pytest.mark.parametrize("clause", quoting_clauses(), ids=lambda c: c.id)
def test_text_rendered_with_placeholders_gives_the_quote(clause: Clause) -> None:
    row = QUOTED[clause.id]
    placeholders: list[tuple[str, str]] = row["placeholders"]  # type: ignore[assignment]
    for flags, quote in _quote_variants(clause, row):
        # Each position: sentinel values show which variable fills which placeholder.
        sentinels = {var: f"<{var}>" for _, var in placeholders}
        assert _reproduces(render(clause, {**sentinels, **flags}), _expected(quote, placeholders))
        # Literally: the seed's own placeholder strings (dates pass through long_date as
        # strings), where one variable always stands for the same spelling.
        literal: dict[str, str] = {}
        for ph, var in placeholders:
            literal.setdefault(var, ph)
        if all(literal[var] == ph for ph, var in placeholders):
            assert _reproduces(render(clause, {**literal, **flags}), quote)
        else:  # dvpp.proposed.midway: "XXX (Name)" and "XXX (name)" are the same party
            assert _reproduces(render(clause, {**literal, **flags}).lower(), quote.lower())


def _reproduces(text: str, quote: str) -> bool:
    """The clause is the quoted wording itself (the Cafcass order wording), or quotes it
    whole, in quotation marks, after a lead-in that says whose words they are (PD12J)."""
    return text == quote or (text.endswith(f"“{quote}”") and ": “" in text)


def test_dvpp_proposed_requires_and_excludes(library) -> None:
    attend = library["dvpp.proposed.attend"]
    # The midway report may be left out (OD203, a warning the court may accept), so the
    # attend wording requires only the referral, without which it does not hang together.
    assert set(attend.requires) == {"dvpp.proposed.refer"}
    assert "dvpp.proposed.attend" in library["dvpp.proposed.refer"].requires
    assert {"template2016.item.dvpp", "condition.dvpp.final_order"} <= set(attend.excludes)
    la = library["dvpp.la.attend"]
    assert set(la.requires) == {"dvpp.la.refer"}
    assert "dvpp.la.attend" in library["dvpp.la.refer"].requires


def test_la_listing_names_the_local_authority(library) -> None:
    text = render(library["dvpp.la.listing"], {"local_authority": "Nottingham City Council"})
    assert text.endswith("on application by the parties or Nottingham City Council.")


def test_la_refer_cites_the_qa_sentence(library) -> None:
    sentence = (
        "When the Local Authority is responsible for the case and the section 7 report the "
        "Cafcass 'DVPP Referral Process Guidance' still applies, however the Local Authority "
        "are responsible for completing the referral, the case management and receiving "
        "reports from the provider."
    )
    for cid in ("dvpp.la.attend", "dvpp.la.refer"):
        refs = [c.ref for c in library[cid].citations if c.seed == "000_ba12fdd438ad3cb0.txt"]
        assert any(sentence in r for r in refs)


@pytest.mark.parametrize(
    ("attended", "expected"),
    [
        (["A"], "The following attended the hearing: A."),
        (["A", "B"], "The following attended the hearing: A and B."),
        (["A, for X", "B", "C"], "The following attended the hearing: A, for X; B; and C."),
    ],
)
def test_attended_recital_joins_names(library, attended: list[str], expected: str) -> None:
    assert render(library["order.recital.attended"], {"attended": attended}) == expected


def test_dates_render_in_court_style(library) -> None:
    import datetime as dt

    text = render(
        library["dvpp.proposed.refer"],
        {"refer_by": dt.date(2026, 12, 7), "participant": "John Smith"},
    )
    assert text == (
        "Cafcass must by 7 December 2026 refer John Smith for a suitability assessment to "
        "attend a DVPP."
    )
    dated = render(library["order.closing.dated"], {"order_date": dt.date(2026, 11, 23)})
    assert dated == "Dated 23 November 2026"


def test_index_doc_lists_every_clause_with_its_status(library) -> None:
    row = re.compile(r"^\| `([a-z0-9_.]+)` \| (recommended|legacy|non_compliant) \|", re.M)
    rows = row.findall(INDEX_DOC.read_text(encoding="utf-8"))
    assert sorted(rows) == sorted((c.id, c.status) for c in library)


# --- lint catches authoring mistakes -----------------------------------------------------

GOOD = """\
library: t
description: test library
clauses:
  - id: a.one
    title: One
    section: direction
    status: recommended
    version: 1
    effective_from: 2016-12-23
    text: "{{ participant }} must attend."
    variables:
      participant: {type: name, description: who}
    citations:
      - {kind: statute, ref: Children Act 1989 s11A}
"""


def write(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def messages(folder: Path) -> list[str]:
    return [e.format_message() for e in lint(folder)]


def test_lint_good_library_is_clean(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    assert messages(tmp_path) == []


def test_lint_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", GOOD + "    drafting_notes: why\n")
    assert messages(tmp_path) == [
        f"{path}:15: clauses[0].drafting_notes: unknown key — did you mean 'drafting_note'?"
    ]


def test_lint_undeclared_variable(tmp_path: Path) -> None:
    path = write(
        tmp_path, "a.yaml",
        GOOD.replace("must attend.", "must attend by {{ refer_by|long_date }}."),
    )
    assert messages(tmp_path) == [
        f"{path}:10: text: clause 'a.one': wording uses {{{{ refer_by }}}} but it is not "
        "declared under variables"
    ]


def test_lint_unused_variable(tmp_path: Path) -> None:
    path = write(
        tmp_path, "a.yaml",
        GOOD.replace(
            "      participant: {type: name, description: who}\n",
            "      participant: {type: name, description: who}\n"
            "      attend_by: {type: date, description: when}\n",
        ),
    )
    assert messages(tmp_path) == [
        f"{path}:11: variables: clause 'a.one': variable 'attend_by' is declared but the "
        "wording never uses it"
    ]


def test_lint_requires_a_missing_clause(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", GOOD + "    requires: [a.two]\n")
    assert messages(tmp_path) == [
        f"{path}:15: requires: clause 'a.one': requires 'a.two', which is not a clause in the "
        "library"
    ]


def test_lint_duplicate_id_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", GOOD)
    second = write(tmp_path, "b.yaml", GOOD)
    assert messages(tmp_path) == [
        f"{second}:4: id: clause id 'a.one' is already used at {first}:4"
    ]


SECOND = """\
  - id: a.two
    title: Two
    section: direction
    status: recommended
    version: 1
    effective_from: 2016-12-23
    text: "{{ participant }} must attend {{ partcipant }}."
    variables:
      participant: {type: name, description: who}
    requires: [a.one]
    citations:
      - {kind: statute, ref: Children Act 1989 s11A}
"""


def test_lint_one_broken_clause_does_not_hide_its_neighbours_problems(tmp_path: Path) -> None:
    """A schema typo in a.one is reported, and a.two (same file) is still linted; other
    files that name a.one do not get a false "not a clause in the library"."""
    path = write(tmp_path, "a.yaml", GOOD.replace("    title: One", "    tilte: One") + SECOND)
    other = write(tmp_path, "b.yaml", GOOD.replace("a.one", "b.one")
                  + "    excludes: [a.one]\n")
    assert messages(tmp_path) == [
        f"{path}:5: clauses[0].tilte: unknown key — did you mean 'title'?",
        f"{path}:21: text: clause 'a.two': wording uses {{{{ partcipant }}}} but it is not "
        "declared under variables — did you mean 'participant'?",
    ]
    assert str(other) not in " ".join(messages(tmp_path))


def test_lint_a_duplicate_clause_is_still_linted(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", GOOD)
    second = write(tmp_path, "b.yaml", GOOD.replace("must attend.", "must {{ attend_by }}."))
    assert messages(tmp_path) == [
        f"{second}:4: id: clause id 'a.one' is already used at {first}:4",
        f"{second}:10: text: clause 'a.one': wording uses {{{{ attend_by }}}} but it is not "
        "declared under variables",
    ]


def test_lint_jinja_syntax_error_on_the_text_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, "a.yaml",
        GOOD.replace('"{{ participant }} must attend."', '"{{ participant }} must {% if %}"'),
    )
    assert messages(tmp_path) == [
        f"{path}:10: text: clause 'a.one': wording is not valid Jinja: Expected an expression, "
        "got 'end of statement block'"
    ]


def test_lint_jinja_syntax_error_line_in_a_literal_block(tmp_path: Path) -> None:
    path = write(
        tmp_path, "a.yaml",
        GOOD.replace(
            '    text: "{{ participant }} must attend."\n',
            "    text: |\n      {{ participant }} must attend\n      {% if %}.\n",
        ),
    )
    assert messages(tmp_path) == [
        f"{path}:12: text: clause 'a.one': wording is not valid Jinja: Expected an expression, "
        "got 'end of statement block'"
    ]


def test_lint_disallowed_filter(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", GOOD.replace("{{ participant }}", "{{ participant|upper }}"))
    assert messages(tmp_path) == [
        f"{path}:10: text: clause 'a.one': wording uses the filter 'upper'; only ['long_date'] "
        "are allowed"
    ]


def test_load_library_refuses_a_library_that_does_not_lint(tmp_path: Path) -> None:
    from orderdraft.errors import InputErrors

    write(tmp_path, "a.yaml", GOOD + "    requires: [a.two]\n")
    with pytest.raises(InputErrors):
        load_library(tmp_path)


@pytest.mark.parametrize(
    "wording",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ participant.__init__.__globals__ }}",
        "{{ participant.upper.__self__.__class__ }}",
    ],
)
def test_sandbox_refuses_python_internals(wording: str) -> None:
    with pytest.raises(RenderError, match=r"^x: wording could not be filled in: .*unsafe"):
        render_text(wording, {"participant": "John Smith"}, where="x")


def test_undefined_variable_is_an_error_not_a_blank() -> None:
    with pytest.raises(RenderError, match="x: wording could not be filled in"):
        render_text("{{ participant }} must attend.", {}, where="x")


def test_lint_suggests_the_clause_a_broken_reference_meant(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    path = write(tmp_path, "b.yaml", GOOD.replace("a.one", "b.one")
                 + "    requires: [a.onee]\n")
    assert messages(tmp_path) == [
        f"{path}:15: requires: clause 'b.one': requires 'a.onee', which is not a clause in the "
        "library — did you mean 'a.one'?"
    ]
