"""Who may see which people and cases: the one visibility rule every read for an actor goes through.

Juvenile law-enforcement records (705 ILCS 405/1-7, 5-905) are restricted: a restricted case is
seen only by its assigned worker and by supervisors; everything else is seen by every social
worker and supervisor; interns, administrators and kiosk sessions see no live case at all.

A person is seen through their cases: someone with no case yet, or with at least one case the
viewer may see, is visible (their name and contact are on that case file already); someone whose
every case is hidden from the viewer is hidden too, because on file they are part of a juvenile
record. A visible person's hidden cases stay hidden: they are never listed, counted, matched by
number or read to prefill a workflow. docs/authorization.md says why and how each page uses this.

Pure: no UI, no file. The case store applies it in search, the queue, a person's cases and the
duplicate checks when it is told who is looking (`viewer`); pages check single records with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

# Roles that work with live cases at all (pages/authz.py gives the same roles `case.open`).
CASE_ROLES = frozenset({"social_worker", "supervisor"})
# Roles with an official need for every restricted record, whoever it is assigned to.
ALL_RESTRICTED_ROLES = frozenset({"supervisor"})


class Viewer(Protocol):
    """Who is looking; pages.services.Actor is one."""

    @property
    def username(self) -> str: ...

    @property
    def role(self) -> str: ...


@dataclass(frozen=True)
class Staff:
    """A viewer outside a page: a command, a benchmark, a test."""

    username: str
    role: str


class CaseFacts(Protocol):
    """What the rule needs of a case: a `Case` or a `CaseSummary`."""

    @property
    def restricted(self) -> bool: ...

    @property
    def assigned_to(self) -> str | None: ...


C = TypeVar("C", bound=CaseFacts)


def may_open(viewer: Viewer | None, restricted: bool, assigned_to: str | None) -> bool:
    """The rule itself. No viewer (a store call that names nobody) sees only unrestricted records."""
    if viewer is None:
        return not restricted
    if viewer.role not in CASE_ROLES:
        return False
    if not restricted:
        return True
    return viewer.role in ALL_RESTRICTED_ROLES or (assigned_to is not None and assigned_to == viewer.username)


def case_filter(viewer: Viewer | None) -> Callable[[bool, str | None], bool]:
    """`may_open` for one viewer as a (restricted, assigned_to) test, decided once: the queue
    applies it to every open case on each call, thousands of times. Always equal to `may_open`."""
    if viewer is None:
        return lambda restricted, assigned_to: not restricted
    if viewer.role not in CASE_ROLES:
        return lambda restricted, assigned_to: False
    if viewer.role in ALL_RESTRICTED_ROLES:
        return lambda restricted, assigned_to: True
    name = viewer.username
    return lambda restricted, assigned_to: not restricted or (assigned_to is not None and assigned_to == name)


def may_see_case(viewer: Viewer | None, case: CaseFacts) -> bool:
    return may_open(viewer, case.restricted, case.assigned_to)


def visible_cases(viewer: Viewer | None, cases: Iterable[C]) -> list[C]:
    return [case for case in cases if may_see_case(viewer, case)]


def may_see_person(viewer: Viewer | None, cases: Iterable[CaseFacts]) -> bool:
    """Whether the viewer may see a person whose cases (as client) are `cases`."""
    theirs = list(cases)
    if not theirs:
        return viewer is None or viewer.role in CASE_ROLES
    return any(may_see_case(viewer, case) for case in theirs)


def hides_cases(viewer: Viewer | None, cases: Iterable[CaseFacts]) -> bool:
    """Whether some of these cases are hidden from the viewer (a count over them would be short)."""
    return any(not may_see_case(viewer, case) for case in cases)


T = TypeVar("T")


@dataclass(frozen=True)
class Matches(Generic[T]):
    """Possible matches for a viewer: the ones they may see, and whether others were withheld.

    Withheld matches are never described (no name, date of birth, reason or how many): the page
    says only that a possible match exists that the viewer cannot open."""

    found: list[T] = field(default_factory=list)
    withheld: bool = False
