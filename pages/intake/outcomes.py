"""The three ways a worker resolves a walk-in, on the intake page: match them to someone on file
(open a new case or attach to one of their open cases), create a new client and case (with a
duplicate warning first), or close the intake with a reason. The writes are in
pages.intake.actions; this module draws the forms and shows what happened."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from pages.access import RESTRICTED_MATCH
from pages.casework.queue import CASE_TYPES
from pages.intake.actions import Resolution, close_intake, create_client, match_intake
from pages.intake.summary import CLOSE_REASONS, first_name, phone, suggested_case_type
from pages.services import Actor, Services, off_loop
from pages.widgets import Heading, Legend, Tag
from store import MAX_CLOSE_REASON, KioskIntake, Matches, PersonSummary, PossibleDuplicate, StoreError
from workflows.model import Definition

Resolve = Callable[[], Awaitable[Resolution]]




def _case_type_select(intake: KioskIntake, marker: str) -> ui.select:
    suggested = suggested_case_type(intake)
    label = "Type of case" + (" (suggested from what they chose at the kiosk)" if suggested else "")
    return ui.select(CASE_TYPES, value=suggested, label=label).props("outlined dense").classes("w-full").mark(marker)


def _dupe_text(dupe: PossibleDuplicate) -> str:
    born = f", born {dupe.person.date_of_birth}" if dupe.person.date_of_birth else ""
    return f"{dupe.person.full_name}{born} ({dupe.reason})"


async def render_outcomes(services: Services, actor: Actor, intake: KioskIntake, definition: Definition) -> None:
    store = services.cases_for(actor)
    area = ui.column().classes("w-full gap-4")
    message = ui.label("").classes("wa-error")
    message.props["role"] = "alert"
    # Possible matches only among the people this actor may see (store.models.visibility); the others are
    # one line that names nobody.
    dupes = await off_loop(store.walk_in_duplicates, first_name(intake), phone(intake), viewer=actor)
    services.audit(actor, "search", "person", "-", detail=f"duplicate check for intake {intake.id}: "
                   f"{len(dupes.found)} found{', restricted matches withheld' if dupes.withheld else ''}")
    chosen: dict[str, Any] = {"person": None}

    async def resolve(action: Resolve) -> None:
        try:
            done = await action()
        except (StoreError, ValueError, KeyError) as exc:
            message.set_text(f"Not saved: {exc}")
            return
        message.set_text("")
        area.clear()
        with area:
            show_resolution(done)

    @ui.refreshable
    async def match_panel() -> None:
        person: PersonSummary | None = chosen["person"]
        if person is None:
            return
        cases = await off_loop(store.cases_of, person.id, viewer=actor)
        open_cases = {c.id: f"Add to {c.id} — {CASE_TYPES.get(c.case_type, c.case_type)} ({c.status})"
                      for c in cases if c.status != "closed"}
        with ui.column().classes("w-full gap-2 wa-instructions").mark("intake:chosen"):
            ui.label(f"Matching to {person.full_name}").classes("font-semibold")
            with ui.element("fieldset").classes("wa-fieldset w-full"):
                Legend("Which case")
                which = ui.radio({**open_cases, "new": "Open a new case"}, value="new").mark("intake:which_case")
            kind = _case_type_select(intake, "intake:match_type")
            kind.bind_visibility_from(which, "value", backward=lambda v: v == "new")
            mine = ui.checkbox("Assign a new case to me", value=True).mark("intake:match_mine")
            ui.button(f"Match to {person.full_name}", icon="link", on_click=lambda: resolve(lambda: off_loop(
                match_intake, services, actor, definition, intake.id, person.id,
                None if which.value == "new" else which.value, kind.value, bool(mine.value),
            ))).mark("intake:match")

    async def choose(person: PersonSummary) -> None:
        chosen["person"] = person
        match_panel.refresh()

    def person_choices(people: list[tuple[PersonSummary, str]]) -> None:
        with ui.element("ul").classes("column gap-1"):
            for person, why in people:
                with ui.element("li"), ui.row().classes("items-center gap-3"):
                    ui.link(why, f"/people/{person.id}", new_tab=True).classes("wa-link")
                    button = ui.button("Choose", on_click=lambda p=person: choose(p)).props("outline dense")
                    button.props["aria-label"] = f"Choose {person.full_name}"
                    button.mark(f"intake:choose:{person.id}")

    @ui.refreshable
    def search_results(found: list[tuple[PersonSummary, str]] | None = None) -> None:
        if found is None:
            return
        if not found:
            ui.label("Nobody found.").classes("wa-muted")
            return
        person_choices(found)

    async def search() -> None:
        text = (query.value or "").strip()
        if not text:
            return
        hits = await off_loop(store.search, text, viewer=actor)
        services.audit(actor, "search", "person", "-", detail=f"from intake {intake.id}: {len(hits)} found")
        search_results.refresh([(h.person, h.person.full_name) for h in hits][:20])

    async def create(anyway: bool = False) -> None:
        first, last = (new_first.value or "").strip(), (new_last.value or "").strip()
        if not anyway:
            named = (await off_loop(store.possible_duplicates, first, last, viewer=actor) if first and last
                     else Matches[PossibleDuplicate]())
            found = {d.person.id: d for d in [*dupes.found, *named.found]}
            withheld = dupes.withheld or named.withheld
            if found or withheld:
                warning.clear()
                with warning:
                    ui.label("This person may already be on file. Match them above instead, or create a new "
                             "client anyway:").classes("font-semibold")
                    with ui.element("ul"):
                        for dupe in found.values():
                            Tag("li", _dupe_text(dupe))
                        if withheld:
                            Tag("li", RESTRICTED_MATCH)
                    ui.button("Create a new client anyway", on_click=lambda: create(True)).props("outline").mark(
                        "intake:create_anyway")
                warning.classes(add="wa-summary")
                return
        await resolve(lambda: off_loop(create_client, services, actor, definition, intake.id, first, last,
                                       new_type.value or "", bool(new_mine.value)))

    async def close() -> None:
        key = reason.value
        text = CLOSE_REASONS.get(key or "", "")
        if key == "other":
            if not (other.value or "").strip():
                message.set_text("Please say why the intake is closed.")
                return
            text = f"Other: {(other.value or '').strip()}"
        if not text:
            message.set_text("Please choose why the intake is closed.")
            return
        if len(text) > MAX_CLOSE_REASON:
            message.set_text(f"Please say why in at most {MAX_CLOSE_REASON} characters.")
            return
        await resolve(lambda: off_loop(close_intake, services, actor, intake.id, key or "", text))

    with area:
        with ui.column().classes("wa-card gap-2"):
            Heading("Match to someone on file", 2)
            if dupes.found:
                ui.label("Possible matches by first name and phone number:").classes("wa-help")
                person_choices([(d.person, _dupe_text(d)) for d in dupes.found])
            if dupes.withheld:
                ui.label(RESTRICTED_MATCH).classes("wa-help").mark("intake:restricted_match")
            if not (dupes.found or dupes.withheld):
                ui.label("Nobody on file has this first name or phone number.").classes("wa-muted")
            with ui.row().classes("w-full items-end gap-2 no-wrap"):
                query = ui.input("Find someone else (name, date of birth or case number)").props(
                    "outlined dense").classes("flex-1").mark("intake:search")
                ui.button("Search", icon="search", on_click=search).mark("intake:search_button")
            search_results()
            await match_panel()
        with ui.column().classes("wa-card gap-2"):
            Heading("New client and case", 2)
            warning = ui.column().classes("w-full gap-2")
            warning.props["role"] = "alert"
            new_first = ui.input("First name", value=first_name(intake)).props("outlined dense autocomplete=off")
            new_first.classes("w-full").mark("intake:first")
            new_last = ui.input("Last name (if they told you)").props("outlined dense autocomplete=off")
            new_last.classes("w-full").mark("intake:last")
            new_type = _case_type_select(intake, "intake:type")
            new_mine = ui.checkbox("Assign the case to me", value=True).mark("intake:mine")
            ui.label("Their phone, safe-contact preferences, language, interpreter and access needs from the "
                     "kiosk go into the new client's record.").classes("wa-help")
            ui.button("Create client and case", icon="person_add", on_click=lambda: create()).mark("intake:create")
        with ui.column().classes("wa-card gap-2"):
            Heading("Close without a case", 2)
            with ui.element("fieldset").classes("wa-fieldset w-full"):
                Legend("Why")
                reason = ui.radio(CLOSE_REASONS).mark("intake:close_reason")
            other = ui.input("If other: why").props(f"outlined dense maxlength={MAX_CLOSE_REASON - 7}")
            other.classes("w-full").mark("intake:close_other")
            ui.button("Close intake", icon="done", on_click=close).props("outline").mark("intake:close")


def show_resolution(done: Resolution) -> None:
    with ui.column().classes("wa-card gap-2").mark("intake:resolved") as card:
        card.props["role"] = "status"
        intake = done.intake
        if intake.status == "closed":
            Heading("Intake closed", 2)
            ui.label(f"Closed: {intake.closed_reason}. It is off the triage queue.")
            ui.link("Back to the triage queue", "/").classes("wa-link")
            return
        Heading("Intake matched", 2)
        ui.label(f"{done.person_name} — case {done.case_id}. The walk-in is off the triage queue.")
        if done.carried:
            ui.label("Carried over from the kiosk:").classes("font-semibold")
            with ui.element("ul"):
                for line in done.carried:
                    Tag("li", line)
        if done.kept:
            ui.label("Different from what is on file, left as it was (check with the client):").classes(
                "font-semibold")
            with ui.element("ul"):
                for line in done.kept:
                    Tag("li", line)
        ui.link(f"Open case {done.case_id}", f"/cases/{done.case_id}").classes("wa-link text-lg")
