"""Rules about the checking itself (OD0xx): they have no check of their own."""

from __future__ import annotations

from ..findings import Severity
from .registry import rule


@rule(
    "OD001", "unused-suppression", Severity.WARNING,
    summary="A suppression (in a case file or a document) that suppresses nothing.",
    citation="orderdraft suppression policy",
    fix="Remove the suppression, or correct its rule code or activity index.",
    why="A stale suppression hides the next real problem of the same kind; every suppression "
        "must earn its place.",
    source="orderdraft policy: suppressions are reported, never silent.",
)
class UnusedSuppression:
    pass


@rule(
    "OD002", "edited-since-composed", Severity.INFO,
    summary="An orderdraft document whose text was edited after it was composed.",
    citation="orderdraft provenance properties",
    fix="Re-compose from the case file, or accept that the edited text is checked by heuristics.",
    why="The document properties describe the order as composed; once the text changes they no "
        "longer prove anything, so the text is checked instead.",
    source="orderdraft policy: composed documents carry their case and clause versions.",
)
class EditedSinceComposed:
    pass


@rule(
    "OD003", "suppression-without-reason", Severity.WARNING,
    summary="An “orderdraft: ignore” paragraph in a document without a rule code or a reason.",
    citation="orderdraft suppression policy",
    fix="Write the paragraph as “orderdraft: ignore OD303 — why the court accepts this”, or "
        "delete it.",
    why="A suppression must say which rule it answers and why, so the next reader can judge "
        "it; one without both is not applied.",
    source="orderdraft policy: every suppression carries a reason.",
)
class SuppressionWithoutReason:
    pass


@rule(
    "OD004", "bundle-additions-not-checked", Severity.INFO,
    summary="A bundle holding documents added by hand, which validate does not check.",
    citation="orderdraft bundle policy",
    fix="Validate each added document on its own (orderdraft validate FILE) before bundling.",
    why="A bundle is checked exactly from its order's case data; the documents added to it "
        "(completed reports, letters) are not orders and are not read by the order rules, "
        "so a problem in one of them would otherwise pass unseen.",
    source="orderdraft policy: what is not checked is said, never silently passed.",
)
class BundleAdditionsNotChecked:
    pass
