"""OD204: the optional completion clauses the court asked for are in the order.

Cafcass's proposed wording ends with two optional directions — an updated section 7 report
and a listing at completion. They are optional, so only the case file can say the court
wanted them (``order.asks_for_updated_section7``, ``order.asks_for_listing``); a document's
text cannot, which is why this rule has no text check.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..case import Activity, Case
from ..findings import Severity
from .locate import activities, at
from .registry import Context, Hit, rule

LETTER = "Cafcass letter to HH Judge Watson, 23 December 2016 (ref NH/JF/SL270)"
LETTER_SEED = "docs/sources/003_551aa47b01fdfaae.txt"


def _composable(act: Activity) -> bool:
    """Only the proposed (or local-authority) direction wording carries the optional clauses."""
    return act.mechanism == "direction" and act.wording == "proposed"


@rule(
    "OD204", "dvpp-completion-clause-missing", Severity.INFO,
    summary="The court asked for an updated section 7 report or a listing at completion of "
            "the DVPP, but the order does not include it.",
    citation=LETTER,
    fix="Add the optional clause: dvpp.proposed.s7_update / dvpp.proposed.listing (dvpp.la."
        "s7_update / dvpp.la.listing where the local authority refers); in the case file set "
        "updated_section7 / list_on_completion on the DVPP activity.",
    why="Without them nothing brings the case back once the programme ends, which is the "
        "point of directing a DVPP before deciding the child arrangements order.",
    source="“Cafcass to file an updated section 7 report [and risk assessment] in relation to "
           "the application for a CAO on completion of the programme. (Optional)” “The matter "
           "to be listed for further directions at the completion of the programme on "
           f"application by the parties or Cafcass. (Optional)” ({LETTER_SEED})",
)
class CompletionClauseMissing:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        order = case.order
        for i, act, _, party in activities(case, "dvpp"):
            prefix = "dvpp.la" if case.referrer(act) == "local_authority" else "dvpp.proposed"
            wording = _composable(act)
            if order.asks_for_updated_section7 and not (wording and act.updated_section7):
                yield Hit(f"the court asks for an updated section 7 report on completion of "
                          f"{party.name}'s DVPP but the order has no {prefix}.s7_update",
                          at(case, "activities", i, "updated_section7"),
                          fix=f"Add {prefix}.s7_update: set updated_section7 on activities[{i}]"
                              + ("" if wording else " and use the proposed direction wording"))
            if order.asks_for_listing and not (wording and act.list_on_completion):
                yield Hit(f"the court asks for a listing at completion of {party.name}'s DVPP "
                          f"but the order has no {prefix}.listing",
                          at(case, "activities", i, "list_on_completion"),
                          fix=f"Add {prefix}.listing: set list_on_completion: true on "
                              f"activities[{i}]"
                              + ("" if wording else " and use the proposed direction wording"))
