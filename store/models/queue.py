"""The triage queue: open cases, most urgent first, each with the reason in a plain sentence.

Order, from the unit's triage rules:
1. high danger on the latest lethality screen — flagged longest ago first (nobody has closed it);
2. an overdue follow-up (due before today, not done) — most overdue first;
3. new intakes nobody has taken on yet — longest waiting first;
4. every other open case — most recently active first.
Closed cases are never in it. Ranked from the in-memory index on each call (no file is
opened), because "overdue" depends on the day; the entries themselves are reused between calls
while nothing they show has changed (see `TriageQueue`).
"""

from collections.abc import Iterable, Mapping
from datetime import UTC, date, tzinfo
from typing import NamedTuple

from store.models.cases import CaseSummary
from store.models.dates import local_date, local_minute
from store.models.visibility import Viewer, case_filter

RANK_HIGH_DANGER, RANK_OVERDUE, RANK_NEW, RANK_OPEN = range(4)


class QueueEntry(NamedTuple):
    # A NamedTuple, not a frozen dataclass: one is made five times faster, and a queue after a
    # restart makes one per open case.
    case_id: str
    client_name: str
    case_type: str
    status: str
    assigned_to: str | None
    restricted: bool
    priority: str
    rank: int  # RANK_HIGH_DANGER … RANK_OPEN
    reason: str  # e.g. "Follow-up overdue since 2026-11-18: home visit"
    waiting_since: str  # what the order within the rank goes by: a time, or a due date


# A case as the queue keeps it, made once per change by the index (`queue_row`): plain tuples,
# because ranking 20,000 of them per call must stay well under 100 ms.
QueueRow = tuple[
    str,  # case id
    str,  # client id
    str,  # case type
    str,  # status
    str | None,  # assigned to
    bool,  # restricted
    str,  # priority
    int,  # rank unless a follow-up is overdue: RANK_HIGH_DANGER, RANK_NEW or RANK_OPEN
    str,  # the time that rank orders by
    str | None,  # earliest open follow-up's due date
    str | None,  # and its label
    str,  # what put it at the top: "lethality", "suicide", both ("lethality+suicide"), or ""
]


def queue_row(case: CaseSummary) -> QueueRow:
    if case.high_danger or case.suicide_high_risk:
        # Both at the top, the longest waiting first; the reason names the screen that put it there.
        since = min(moment for flagged, moment in ((case.high_danger, case.high_danger_at),
                                                   (case.suicide_high_risk, case.suicide_risk_at))
                    if flagged and moment) if (case.high_danger_at or case.suicide_risk_at) else case.opened_at
        rank = RANK_HIGH_DANGER
    elif case.status == "new":
        rank, since = RANK_NEW, case.opened_at
    else:
        rank, since = RANK_OPEN, case.last_activity
    top = "+".join(name for name, flagged in (("lethality", case.high_danger), ("suicide", case.suicide_high_risk))
                   if flagged)
    return (case.id, case.client_id, case.case_type, case.status, case.assigned_to, case.restricted, case.priority,
            rank, since, case.next_follow_up_due, case.next_follow_up_label, top)


def _reason(rank: int, since: str, label: str | None, zone: tzinfo, top: str = "lethality") -> str:
    if rank == RANK_HIGH_DANGER:
        said = {"suicide": "High suicide risk on a crisis contact",
                "lethality+suicide": "High danger on the lethality screen and high suicide risk on a crisis contact"}
        return f"{said.get(top, 'High danger on the lethality screen')} ({local_date(since, zone)})"
    if rank == RANK_OVERDUE:
        return f"Follow-up overdue since {since}: {label}"
    if rank == RANK_NEW:
        return f"New intake waiting since {local_minute(since, zone)}"
    return "Open case"


Made = tuple[QueueRow, str, int, str, tzinfo, QueueEntry]


class TriageQueue:
    """Ranks the open cases. Keeps the entries it made and hands the same ones out again while
    nothing they show has changed: a whole queue is 20,000 new objects otherwise, and objects
    that many, made on every call, keep setting off Python's full garbage collection (a pause of
    a few hundred milliseconds with a store this size in memory)."""

    def __init__(self) -> None:
        self._made: dict[str, Made] = {}

    def build(
        self,
        rows: Iterable[QueueRow],
        names: Mapping[str, str],
        *,
        today: date,
        assigned_to: str | None = None,
        unassigned: bool = False,
        case_type: str | None = None,
        viewer: Viewer | None = None,
        zone: tzinfo = UTC,
        limit: int | None = None,
    ) -> list[QueueEntry]:
        """The queue from the open cases' rows and the clients' names (person id -> name): the cases
        the viewer may see (store.models.visibility; nobody named: unrestricted ones)."""
        day = today.isoformat()
        ranked: list[list[tuple[str, str, int, QueueRow]]] = [[], [], [], []]
        filtered = assigned_to is not None or unassigned or case_type is not None
        may_see = case_filter(viewer)
        for row in rows:
            case_id, _, kind, status, assignee, restricted, _, rank, since, due, _, _ = row
            if status == "closed" or not may_see(restricted, assignee):
                continue
            if filtered and (
                (assigned_to is not None and assignee != assigned_to)
                or (unassigned and assignee is not None)
                or (case_type is not None and kind != case_type)
            ):
                continue
            if rank != RANK_HIGH_DANGER and due is not None and due < day:
                rank, since = RANK_OVERDUE, due
            ranked[rank].append((since, case_id, rank, row))
        entries: list[QueueEntry] = []
        for rank, bucket in enumerate(ranked):
            # Strings of one fixed format sort as the times they spell; the id breaks ties.
            bucket.sort(reverse=rank == RANK_OPEN)
            for since, _, _, row in bucket[: None if limit is None else limit - len(entries)]:
                entries.append(self._entry(row, names.get(row[1], ""), rank, since, zone))
        return entries

    def _entry(self, row: QueueRow, name: str, rank: int, since: str, zone: tzinfo) -> QueueEntry:
        made = self._made.get(row[0])
        if made is not None and made[0] is row and made[1] == name and made[2] == rank and made[3] == since \
                and made[4] == zone:
            return made[5]
        entry = QueueEntry(row[0], name, row[2], row[3], row[4], row[5], row[6], rank,
                           _reason(rank, since, row[10], zone, row[11]), since)
        self._made[row[0]] = (row, name, rank, since, zone, entry)
        return entry
