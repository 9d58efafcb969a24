"""Another case for a client already on file, from the person's page: the new case points at the
same person record (the details are shared, never copied), so a phone changed on one case file
is changed on all of them. Opening it is audited."""

from __future__ import annotations

from nicegui import ui

from pages.authz import may
from pages.casework.form_errors import FormErrors
from pages.casework.queue import CASE_TYPES
from pages.services import Actor, Services, off_loop
from pages.widgets import Heading
from store import RESTRICTED_TYPES, CaseSummary, Person

PRIORITIES = {"urgent": "Urgent", "high": "High", "normal": "Normal", "low": "Low"}
def second_case_form(services: Services, actor: Actor, person: Person, cases: list[CaseSummary]) -> None:
    """`cases`: the person's cases this actor may see (to warn before a second open case of a type)."""
    if not may(actor, "case.write"):
        return
    store = services.cases_for(actor)
    # The type an "already has an open case" warning was last given for: said once, pressing again means it.
    warned: dict[str, str | None] = {"type": None, "now": None}

    def open_of_type() -> CaseSummary | None:
        return next((c for c in cases if c.case_type == case_type.value and c.status != "closed"), None)

    def problems() -> dict[str, str]:
        found: dict[str, str] = {}
        warned["now"] = None
        if not case_type.value:
            found["type"] = "Choose the type of case."
        elif case_type.value in RESTRICTED_TYPES and not mine.value and actor.role != "supervisor":
            found["mine"] = ("A juvenile case is a restricted record that only its worker and supervisors see: "
                             "assign it to yourself (a supervisor can reassign it).")
        elif warned["type"] != case_type.value and (same := open_of_type()) is not None:
            found["type"] = (f"{person.full_name} already has an open {CASE_TYPES[case_type.value].lower()} "
                             f"case ({same.id}). Open that one instead, or press \u201cOpen the case\u201d again "
                             "to open a second one.")
            warned["now"] = case_type.value
        return found

    async def open_case() -> None:
        if not errors.validate():
            warned["type"] = warned["now"] or warned["type"]
            return
        # Checked again at the click: the person may have become reachable only through
        # restricted cases since the page opened (store.models.visibility).
        if not await off_loop(store.may_see_person, person.id, actor):
            errors.fail("This client's record is restricted; you cannot open a case on it.")
            return
        try:
            case = await off_loop(store.open_case, person.id, case_type.value, created_by=actor.username,
                                  assigned_to=actor.username if mine.value else None, priority=priority.value,
                                  police_report_number=(report.value or "").strip() or None, mode=actor.mode)
        except ValueError as exc:
            errors.fail(f"Not opened: {exc}")
            return
        services.audit(actor, "write", "case", case.id, case.id, "another case for a client on file")
        ui.navigate.to(f"/cases/{case.id}")

    with ui.column().classes("wa-card gap-2").mark("section:second_case"):
        Heading("Open another case", 2)
        ui.label(f"For a new reason to work with {person.full_name}. The new case shares this page's details "
                 "(phones, address, safe contact): change them once, and every case sees the change.").classes(
            "wa-help")
        errors = FormErrors(problems)
        case_type = ui.select(CASE_TYPES, label="Type of case").props("outlined dense").classes("w-full")
        case_type.mark("second:type")
        priority = ui.select(PRIORITIES, value="normal", label="Priority").props("outlined dense").classes("w-full")
        report = ui.input("Police report number").props("outlined dense").classes("w-full").mark("second:report")
        mine = ui.checkbox("Assign the case to me", value=True).mark("second:mine")
        errors.field("type", case_type, "Type of case")
        errors.checkbox("mine", mine, "Assign the case to me")
        ui.button("Open the case", on_click=open_case).mark("second:open")


