"""A case's status on its case file: open or closed, every close and reopen with who, when and
why; "Take this case" for an unassigned one; closing and reopening with a reason from the
unit's list (store/seed/case_reasons.yaml) or "other" in the worker's own words. Every change is
audited, and the page reloads so everything on it shows the new state."""

from __future__ import annotations

from nicegui import ui

from pages.authz import may
from pages.casework.form_errors import FormErrors, focus
from pages.formatting import local_time
from pages.services import Actor, Services, off_loop
from pages.widgets import Heading
from store import (
    OTHER,
    Case,
    CaseChangeRefused,
    CaseReasons,
    CaseSummary,
    FollowUp,
    RecordNotFound,
    StatusChange,
    StatusChangeKind,
)

STATUS_NAMES = {"new": "new, nobody assigned yet", "open": "open", "closed": "closed"}


def status_name(case: Case | CaseSummary) -> str:
    return STATUS_NAMES.get(case.status, case.status)


def change_line(reasons: CaseReasons, change: StatusChange) -> str:
    said = reasons.label(change.kind, change.reason)
    if change.details:
        said = change.details if change.reason == OTHER else f"{said} \u2014 {change.details}"
    return f"{change.kind.capitalize()} {local_time(change.at)} by {change.by}: {said}"


def may_change_status(actor: Actor, case: Case) -> bool:
    """Closing or reopening is for the case's own worker, or anyone while nobody has it; supervisors always."""
    return may(actor, "case.write") and (actor.role == "supervisor" or case.assigned_to in (None, actor.username))


def status_section(services: Services, actor: Actor, case: Case, follow_ups: list[FollowUp]) -> None:
    store = services.cases_for(actor)
    reasons = store.case_reasons
    with ui.column().classes("wa-card gap-2").mark("section:status") as card:
        card.props["aria-label"] = "Case status"
        Heading("Case status", 2)
        if case.status == "closed":
            ui.label(f"Closed {local_time(case.closed_at or case.updated_at)}: off the queue and off everyone's "
                     "lists. Its records stay here.").classes("font-semibold").mark("status:now")
        elif case.assigned_to is None:
            ui.label("Open, and nobody has taken it yet.").classes("font-semibold").mark("status:now")
        else:
            ui.label(f"Open, assigned to {case.assigned_to}.").classes("font-semibold").mark("status:now")
        with ui.element("ul"):
            for change in reversed(case.status_changes):  # newest first
                with ui.element("li"):
                    ui.label(change_line(reasons, change)).mark(f"status:{change.kind}")
            with ui.element("li"):
                ui.label(f"Opened {local_time(case.opened_at)} by {case.opened_by}").classes("wa-muted")
        if case.status != "closed" and case.assigned_to is None and may(actor, "case.take"):
            _take_button(services, actor, case)
        if may_change_status(actor, case):
            _change_form(services, actor, case, "reopened" if case.status == "closed" else "closed", follow_ups)


def _take_button(services: Services, actor: Actor, case: Case) -> None:
    store = services.cases_for(actor)
    message = ui.label("").classes("wa-error")
    message.props["role"] = "alert"

    async def take() -> None:
        try:
            await off_loop(store.take_case, case.id, actor.username)
        except CaseChangeRefused:
            current = await off_loop(store.get_case, case.id)
            message.set_text(f"Someone else took this case first: it is assigned to {current.assigned_to}."
                             if current.assigned_to else "This case can no longer be taken: it was closed.")
            return
        services.audit(actor, "write", "case", case.id, case.id, "taken by its worker")
        ui.navigate.to(f"/cases/{case.id}")

    ui.button("Take this case", icon="assignment_ind", on_click=take).mark("case:take")


def _change_form(services: Services, actor: Actor, case: Case, kind: StatusChangeKind,
                 follow_ups: list[FollowUp]) -> None:
    store = services.cases_for(actor)
    closing = kind == "closed"
    choices = {r.id: r.label for r in store.case_reasons.choices(kind)} | {OTHER: "Other (say why below)"}
    open_follow_ups = [f for f in follow_ups if f.done_at is None] if closing else []
    area = ui.column().classes("w-full gap-2")

    def problems() -> dict[str, str]:
        found: dict[str, str] = {}
        if not reason.value:
            found["reason"] = f"Choose why the case is being {'closed' if closing else 'reopened'}."
        elif reason.value == OTHER and not (details.value or "").strip():
            found["details"] = "Say why in your own words (the reason is \u201cother\u201d)."
        return found

    async def change() -> None:
        if not errors.validate():
            return
        method = store.close_case if closing else store.reopen_case
        try:
            await off_loop(method, case.id, reason=reason.value, by=actor.username, details=details.value or "")
        except (ValueError, RecordNotFound) as exc:
            errors.fail(f"Not saved: {exc}")
            return
        services.audit(actor, "write", "case", case.id, case.id, f"{kind}: {reason.value}")
        ui.navigate.to(f"/cases/{case.id}")

    def reveal() -> None:
        start.set_visibility(False)
        area.set_visibility(True)
        focus(reason)

    start = ui.button("Close this case\u2026" if closing else "Reopen this case\u2026", on_click=reveal)
    start.props("outline").mark("status:start")
    with area:
        Heading("Close this case" if closing else "Reopen this case", 3)
        if open_follow_ups:
            count = len(open_follow_ups)
            ui.label(f"{count} follow-up{'s are' if count > 1 else ' is'} not done yet (first: "
                     f"{open_follow_ups[0].title}, due {open_follow_ups[0].due_date}). Closing keeps "
                     f"{'them' if count > 1 else 'it'} on the file but takes the case off the queue.").classes(
                "wa-help")
        errors = FormErrors(problems)
        reason = ui.select(choices, label="Why").props("outlined dense").classes("w-full").mark("status:reason")
        details = ui.textarea("In your own words (needed for \u201cOther\u201d)").props("outlined autogrow")
        details.classes("w-full").mark("status:details")
        errors.field("reason", reason, "Why")
        errors.field("details", details, "In your own words")
        with ui.row().classes("gap-2"):
            ui.button("Close the case" if closing else "Reopen the case", on_click=change).mark("status:confirm")

            def cancel() -> None:
                area.set_visibility(False)
                start.set_visibility(True)
                focus(start)

            ui.button("Cancel", on_click=cancel).props("outline")
    area.set_visibility(False)
