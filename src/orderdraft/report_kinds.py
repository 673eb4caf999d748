"""The report forms ``orderdraft report`` can draft, and their titles.

Kept apart from ``reports`` (which pulls in the planner, the timetable and the renderer)
so the CLI can offer the choices without importing any of that.
"""

from __future__ import annotations

from typing import Literal, get_args

ReportKind = Literal["referral", "suitability", "midway", "completion", "s7-update",
                     "travel-costs", "information-sheet"]
KINDS: tuple[ReportKind, ...] = get_args(ReportKind)

TITLES: dict[ReportKind, str] = {
    "referral": "Referral to a Domestic Violence Perpetrator Programme (DVPP)",
    "suitability": "DVPP suitability assessment report",
    "midway": "DVPP midway progress report",
    "completion": "DVPP completion report",
    "s7-update": "Updated section 7 report",
    "travel-costs": "DVPP travel costs: business case",
    "information-sheet": "The Domestic Violence Perpetrator Programme: information for you",
}
