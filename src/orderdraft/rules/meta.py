"""Rules about the checking itself (OD0xx): they have no check of their own."""

from __future__ import annotations

from ..findings import Severity
from .registry import rule


@rule(
    "OD001", "unused-suppression", Severity.WARNING,
    summary="A suppression in the case file that suppresses nothing.",
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
