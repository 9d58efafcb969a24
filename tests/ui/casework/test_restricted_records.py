"""Restricted (juvenile) records never leave through a side door: every path that reads people or
cases for a worker (tests/ui/restricted_paths.py) is run against a juvenile record the worker may
not open, and a scan of the pages fails when a new such path appears without being listed here.

The scan looks for the case store's methods that list, search, match or read people and cases,
or write to a person on file (`WATCHED`): a new call to one of them in pages/ or app.py must be
routed through the visibility rule (store.models.visibility) and given a path in `PATHS` with a check of
what a worker who may not open the record sees."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from nicegui.testing import User
from support.restricted_paths import PATHS, Check, juvenile, set_value
from support.ui import login

from pages.services import get

ROOT = Path(__file__).resolve().parents[3]
WATCHED = frozenset({
    "search", "queue", "cases_of", "possible_duplicates", "walk_in_duplicates", "get_person", "get_case",
    "case_snapshot", "case_clients",
    "may_see_person", "hides_cases_of", "open_case", "update_person", "add_household_member",
})
Site = tuple[str, str, str]  # file, enclosing function, store method

# Each call site, and the paths in PATHS that show what it lets a worker see.
CALL_SITES: dict[Site, tuple[str, ...]] = {
    ("pages/access.py", "may_see_document", "case_clients"): ("document_page",),
    ("pages/casework/case_file.py", "_documents", "case_clients"): ("case_page",),
    ("pages/formatting.py", "case_clients", "case_clients"): ("document_page",),
    ("pages/intake/page.py", "_case_shown", "case_clients"): ("resolved_walk_in",),
    ("pages/casework/case_file.py", "_household.add", "add_household_member"): ("case_page",),
    ("pages/workflow/prefill.py", "prior_station_adjustments", "cases_of"): ("station_adjustment_prefill",),
    ("pages/casework/case_file.py", "register.case_page", "case_snapshot"): ("case_page",),
    ("pages/casework/case_file.py", "register.case_page", "get_person"): ("case_page",),
    ("pages/casework/case_file.py", "start_for_case", "hides_cases_of"): ("station_adjustment_prefill",),
    ("pages/casework/case_status.py", "_take_button.take", "get_case"): ("case_page",),
    ("pages/casework/contact_editor.py", "may_still_edit", "may_see_person"): ("person_page", "case_page"),
    ("pages/intake/actions.py", "_open_case", "open_case"): ("match_to_a_hidden_person",),
    ("pages/intake/actions.py", "match_intake", "get_case"): ("match_to_a_hidden_person",),
    ("pages/intake/actions.py", "match_intake", "get_person"): ("match_to_a_hidden_person",),
    ("pages/intake/actions.py", "match_intake", "may_see_person"): ("match_to_a_hidden_person",),
    ("pages/intake/actions.py", "match_intake", "update_person"): ("match_to_a_hidden_person",),
    ("pages/intake/outcomes.py", "render_outcomes", "walk_in_duplicates"): ("walk_in_possible_matches",),
    ("pages/intake/outcomes.py", "render_outcomes.create", "possible_duplicates"): (
        "walk_in_create_client_duplicate_check",),
    ("pages/intake/outcomes.py", "render_outcomes.match_panel", "cases_of"): ("match_panel_cases",),
    ("pages/intake/outcomes.py", "render_outcomes.search", "search"): ("walk_in_search",),
    ("pages/casework/people.py", "register.new_person.save", "possible_duplicates"): ("new_client_duplicate_check",),
    ("pages/casework/people.py", "render_person", "cases_of"): ("person_page", "person_page_lists_only_open_cases"),
    ("pages/casework/people.py", "render_person", "get_person"): ("person_page",),
    ("pages/casework/people.py", "render_person", "may_see_person"): ("person_page",),
    ("pages/casework/queue.py", "queue_entries", "queue"): ("queue",),
    ("pages/casework/second_case.py", "second_case_form.open_case", "may_see_person"): ("person_page",),
    ("pages/casework/second_case.py", "second_case_form.open_case", "open_case"): ("person_page",),
    ("pages/casework/search.py", "register.search_page.results", "search"):
        ("search_page", "search_by_a_hidden_case_number"),
}
# Call sites that read or write for nobody in particular, and why.
NOT_FOR_AN_ACTOR: dict[Site, str] = {
    **{("pages/admin/demo.py", "seed_casework", method): "the demo data, seeded at start-up before anyone logs in"
       for method in ("add_household_member", "open_case", "queue", "search")},
    ("pages/casework/people.py", "register.new_person.save", "open_case"):
        "opens the first case of the person the same save has just added",
}


class _Sites(ast.NodeVisitor):
    def __init__(self, file: str) -> None:
        self.file = file
        self.functions: list[str] = []
        self.found: set[Site] = set()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Attribute(self, node: ast.Attribute) -> None:
        # `store.models.search(...)` and `off_loop(store.models.search, ...)` alike.
        if node.attr in WATCHED and not (isinstance(node.value, ast.Name) and node.value.id == "re"):
            self.found.add((self.file, ".".join(self.functions) or "<module>", node.attr))
        self.generic_visit(node)


def call_sites() -> set[Site]:
    found: set[Site] = set()
    for path in sorted([*(ROOT / "pages").rglob("*.py"), ROOT / "app.py"]):
        sites = _Sites(path.relative_to(ROOT).as_posix())
        sites.visit(ast.parse(path.read_text(encoding="utf-8")))
        found |= sites.found
    return found


def test_every_path_that_reads_people_or_cases_is_listed() -> None:
    found, listed = call_sites(), set(CALL_SITES) | set(NOT_FOR_AN_ACTOR)
    new = sorted(found - listed)
    assert not new, (
        "new places read or change people or cases for an actor; route each through store.models.visibility "
        f"and list it in CALL_SITES with a path in tests/ui/restricted_paths.py: {new}")
    assert not sorted(listed - found), f"listed but no longer in the code: {sorted(listed - found)}"
    named = {name for names in CALL_SITES.values() for name in names}
    assert named == set(PATHS), f"paths without a call site: {set(PATHS) - named}; unknown: {named - set(PATHS)}"


@pytest.mark.parametrize("name", sorted(PATHS))
async def test_a_worker_not_assigned_to_a_juvenile_record_never_sees_it(user: User, name: str) -> None:
    check: Check = PATHS[name]
    await check(user)


# -- those who may open the record still see it all ----------------------------------------------


@pytest.mark.parametrize("who", ["worker", "super"])
async def test_the_assigned_worker_and_supervisors_see_her_in_the_duplicate_check(user: User, who: str) -> None:
    await juvenile(user)
    await login(user, who, then="/people/new")
    set_value(user, "person:first", "Jenna")
    set_value(user, "person:last", "Ward")
    set_value(user, "case:type", "victim_of_crime")
    user.find(marker="person:save").click()
    await user.should_see("Jenna Ward, born 2010-06-15 (same name)")


async def test_a_supervisor_counts_every_prior_adjustment(user: User) -> None:
    jenna = await juvenile(user, open_case=True)
    store = get().cases
    await login(user, "super", then=f"/cases/{jenna.open_case_id}")
    user.find(marker="case:start:station_adjustment").click()
    await user.should_see(marker="minor.date_of_birth")
    [draft] = store.documents.case_documents(jenna.open_case_id or "")
    priors = store.documents.get(draft.id).answers["history"]["prior_adjustments"]
    assert priors == [{"type": "formal", "offense_class": "misdemeanor", "date": "2026-03-14",
                       "agency": f"This unit (case {jenna.case_id})"}]
