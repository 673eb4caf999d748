"""Where in a case file a finding points: the line and the dotted field, computed once.

Rules report the field the user must change (``parties[0].lives_in``), not just the
activity, so the text formatter can print ``case.yaml:14`` and SARIF can underline it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..case import Activity, Case, Party
from ..findings import Location
from ..source import format_path


def at(case: Case, *key: str | int, activity: int | None = None) -> Location:
    return Location(line=case.line(*key), field=format_path(key), activity=activity)


def party_index(case: Case, pid: str) -> int:
    return next(i for i, p in enumerate(case.parties) if p.id == pid)


def activities(case: Case, *kinds: str) -> Iterator[tuple[int, Activity, int, Party]]:
    """(activity index, activity, party index, party) for the activities of ``kinds``."""
    for i, act in enumerate(case.activities):
        if not kinds or act.kind in kinds:
            j = party_index(case, act.party)
            yield i, act, j, case.parties[j]
