"""The authorization matrix: every page and every action, and the roles allowed each. The
middleware enforces the page rows; pages ask `may(actor, action)` before showing or doing an
action. `docs/authorization.md` shows the same table, and a test fails if a page is added without
a row here.

Per-record rules come on top of these rows: a juvenile case is open only to its assigned worker
and supervisors (705 ILCS 405/1-7, 5-905); an intern never sees a live record (training mode); a
practice attempt and a practice progress page are their owner's, and supervisors' ("training.review").
"""

from __future__ import annotations

import re
from typing import Protocol

ROLES = ("anonymous", "kiosk", "intern", "social_worker", "supervisor", "admin")
EVERYONE = frozenset(ROLES)
CASEWORK = frozenset({"social_worker", "supervisor"})
PRACTICE = frozenset({"intern", "social_worker", "supervisor"})  # workflows; interns in training mode
STAFF = frozenset({"intern", "social_worker", "supervisor", "admin"})

PAGES: dict[str, frozenset[str]] = {
    "/login": EVERYONE,
    "/lock": EVERYONE,
    "/logout": EVERYONE,
    "/kiosk": EVERYONE,        # questions only on an enrolled tablet (pages/kiosk/routes.py)
    "/kiosk/enrol": EVERYONE,  # the page and its POST route that sets the tablet's cookie
    "/welcome": EVERYONE,      # the neutral page a quick exit lands on
    "/": STAFF,
    "/workflow/{workflow_id}": PRACTICE,
    "/draft/{doc_id}": PRACTICE,
    "/document/{doc_id}": PRACTICE,
    "/document/{doc_id}/pdf/{document_id}": PRACTICE,
    "/document/{doc_id}/release/{document_id}": CASEWORK,
    "/people/new": CASEWORK,
    "/people/{person_id}": CASEWORK,
    "/cases/{case_id}": CASEWORK,
    "/search": CASEWORK,
    "/intakes/{intake_id}": CASEWORK,
    "/audit": frozenset({"supervisor"}),
    "/training": PRACTICE,
    "/training/scenarios/{scenario_id}": PRACTICE,
    "/training/attempts/{attempt_id}": PRACTICE,
    "/training/review": frozenset({"supervisor"}),
    "/training/progress/{username}": PRACTICE,
    "/admin/users": frozenset({"admin"}),
    "/admin/kiosks": frozenset({"admin"}),
    "/admin/data": frozenset({"supervisor", "admin"}),  # damaged files (pages/admin/data_problems.py)
}

ACTIONS: dict[str, frozenset[str]] = {
    "workflow.start": PRACTICE,
    "document.download": PRACTICE,
    "document.revise": PRACTICE,
    "document.release": CASEWORK,
    "case.open": CASEWORK,
    "case.write": CASEWORK,
    "case.take": CASEWORK,  # an unassigned case, to oneself
    "case.assign": frozenset({"supervisor"}),
    "case.audit_trail": frozenset({"supervisor"}),
    "training.switch": frozenset({"social_worker", "supervisor"}),
    "training.review": frozenset({"supervisor"}),
    "training.reset": frozenset({"supervisor"}),
    "users.manage": frozenset({"admin"}),
    "intake.resolve": CASEWORK,
    "kiosk.manage": frozenset({"admin"}),
    "data.problems": frozenset({"supervisor", "admin"}),
}


class HasRole(Protocol):
    @property
    def role(self) -> str: ...


def _pattern(route: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(route)) + "$")


_PATTERNS = [(route, _pattern(route)) for route in PAGES]


def route_for(path: str) -> str | None:
    """The matrix row a request path falls under (None: not a page of ours)."""
    for route, pattern in _PATTERNS:
        if pattern.match(path):
            return route
    return None


def page_allows(route: str, role: str) -> bool:
    return role in PAGES[route]


def may_open(actor: HasRole | None, path: str) -> bool:
    route = route_for(path)
    return route is not None and page_allows(route, actor.role if actor else "anonymous")


def may(actor: HasRole | None, action: str) -> bool:
    return (actor.role if actor else "anonymous") in ACTIONS[action]

