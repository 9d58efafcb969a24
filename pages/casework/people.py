"""Clients: adding one (with a possible-duplicate warning and the first case opened at once),
and a person's page (details, safe-contact preferences and their editor, cases, another case)."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from pages.access import RESTRICTED_MATCH
from pages.casework.case_status import status_name
from pages.casework.contact_details import contact_card
from pages.casework.form_errors import FormErrors
from pages.casework.new_client_checks import new_client_problems
from pages.casework.queue import CASE_TYPES
from pages.casework.second_case import PRIORITIES, second_case_form
from pages.layout import frame, register_nav
from pages.services import Actor, Services, current_actor, get, off_loop
from pages.widgets import Heading, Legend
from store import Matches, Person, PossibleDuplicate, RecordNotFound

UNKNOWN_YES_NO = {"unknown": "Not asked yet", "yes": "Yes", "no": "No"}


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _text(label: str, marker: str, **props: Any) -> ui.input:
    box = ui.input(label).props("outlined dense").classes("w-full").mark(marker)
    for key, value in props.items():
        box.props[key] = value
    return box


def register() -> None:
    register_nav("New client", "/people/new")

    @ui.page("/people/new")
    async def new_person() -> None:
        services, actor = get(), current_actor()
        store = services.cases_for(actor)
        confirmed = {"anyway": False}

        async def save() -> None:
            if not errors.validate():
                return
            if not confirmed["anyway"]:
                dupes = await off_loop(store.possible_duplicates, first.value or "", last.value or "",
                                       dob.value or None, viewer=actor)
                if dupes.found or dupes.withheld:
                    show_duplicates(dupes)
                    return
            fields: dict[str, Any] = {
                "first_name": first.value or "", "last_name": last.value or "",
                "aliases": [a.strip() for a in (aliases.value or "").split(",") if a.strip()],
                "date_of_birth": dob.value or None, "email": email.value or None,
                "phones": [{"number": phone.value, "label": phone_label.value or ""}] if phone.value else [],
                "address": {"line1": line1.value or "", "city": city.value or "", "state": state.value or "",
                            "zip": zip_code.value or ""} if line1.value else None,
                "safe_contact": {"may_call": _yes_no(call.value), "may_text": _yes_no(text.value),
                                 "may_leave_voicemail": _yes_no(voicemail.value),
                                 "may_send_mail": _yes_no(mail.value), "safe_times": times.value or "",
                                 "safe_third_party": third.value or ""},
                "language": language.value or "en", "interpreter_needed": bool(interpreter.value),
                "accessibility_needs": access.value or "",
            }
            try:
                person = await off_loop(store.add_person, **fields)
                case = await off_loop(store.open_case, person.id, case_type.value, created_by=actor.username,
                                      assigned_to=actor.username if mine.value else None,
                                      priority=priority.value, police_report_number=report.value or None,
                                      mode=actor.mode)
            except ValueError as exc:
                errors.fail(f"Not saved: {exc}")
                return
            services.audit(actor, "write", "person", person.id, case.id)
            services.audit(actor, "write", "case", case.id, case.id)
            ui.navigate.to(f"/cases/{case.id}")

        def show_duplicates(dupes: Matches[PossibleDuplicate]) -> None:
            duplicates.clear()
            with duplicates:
                ui.label("This person may already be on file. Open them instead, or add a new person anyway:"
                         ).classes("font-semibold")
                with ui.element("ul"):
                    for dupe in dupes.found:
                        with ui.element("li"):
                            ui.link(f"{dupe.person.full_name}"
                                    f"{', born ' + dupe.person.date_of_birth if dupe.person.date_of_birth else ''}"
                                    f" ({dupe.reason})", f"/people/{dupe.person.id}").classes("wa-link")
                    if dupes.withheld:
                        with ui.element("li"):
                            ui.label(RESTRICTED_MATCH)
                ui.button("Add a new person anyway", on_click=add_anyway).props("outline").mark("person:anyway")
            duplicates.classes(add="wa-summary")

        async def add_anyway() -> None:
            confirmed["anyway"] = True
            await save()

        with frame("New client"):
            Heading("New client and case", 1)
            errors = FormErrors(lambda: new_client_problems(actor, {k: w.value for k, w in widgets.items()}))
            duplicates = ui.column().classes("w-full gap-2")
            duplicates.props["role"] = "alert"
            with ui.column().classes("wa-card gap-2"):
                Heading("Who", 2)
                first = _text("First name", "person:first", autocomplete="off")
                last = _text("Last name", "person:last", autocomplete="off")
                aliases = _text("Other names they use (separate with commas)", "person:aliases")
                dob = _text("Date of birth", "person:dob", type="date", **{"stack-label": True})
                errors.field("first", first, "First or last name")
                errors.watch(last)
                errors.field("dob", dob, "Date of birth")
            with ui.column().classes("wa-card gap-2"):
                Heading("How to reach them safely", 2)
                phone = _text("Phone", "person:phone", type="tel")
                phone_label = _text("Whose phone or which (cell, work, sister's…)", "person:phone_label")
                email = _text("Email", "person:email", type="email")
                errors.field("phone", phone, "Phone")
                errors.field("email", email, "Email")
                line1 = _text("Street address", "person:line1")
                with ui.row().classes("w-full no-wrap gap-2"):
                    city = _text("City", "person:city")
                    state = _text("State", "person:state")
                    zip_code = _text("ZIP", "person:zip")
                selects = {}
                for key, question in (("call", "May we call?"), ("text", "May we text?"),
                                      ("voicemail", "May we leave a voicemail?"), ("mail", "May we send mail?")):
                    with ui.element("fieldset").classes("wa-fieldset w-full"):
                        Legend(question)
                        selects[key] = ui.radio(UNKNOWN_YES_NO, value="unknown").props("inline").mark(f"person:{key}")
                call, text, voicemail, mail = (selects[k] for k in ("call", "text", "voicemail", "mail"))
                times = _text("Safe times to contact (e.g. weekdays after 5 pm)", "person:times")
                third = _text("A safe third party who can pass on messages", "person:third")
            with ui.column().classes("wa-card gap-2"):
                Heading("Language and access", 2)
                language = ui.select({"en": "English", "es": "Spanish", "other": "Other"}, value="en",
                                     label="Language").props("outlined dense").classes("w-full")
                interpreter = ui.checkbox("Needs an interpreter").mark("person:interpreter")
                access = _text("Accessibility needs", "person:access")
            with ui.column().classes("wa-card gap-2"):
                Heading("The case", 2)
                case_type = ui.select(CASE_TYPES, label="Type of case").props("outlined dense").classes(
                    "w-full").mark("case:type")
                priority = ui.select(PRIORITIES, value="normal", label="Priority").props("outlined dense").classes(
                    "w-full")
                report = _text("Police report number", "case:report")
                mine = ui.checkbox("Assign the case to me", value=True).mark("case:mine")
                errors.field("case_type", case_type, "Type of case")
                errors.checkbox("mine", mine, "Assign the case to me")
            widgets = {"first": first, "last": last, "dob": dob, "phone": phone, "email": email,
                       "case_type": case_type, "mine": mine}
            ui.button("Save client and open case", on_click=save).mark("person:save")

    @ui.page("/people/{person_id}")
    async def person_page(person_id: str) -> None:
        services, actor = get(), current_actor()
        await render_person(services, actor, person_id)


async def render_person(services: Services, actor: Actor, person_id: str) -> None:
    store = services.cases_for(actor)
    person: Person | None = None
    # A person seen only through restricted cases the actor may not open stays hidden (store.models.visibility).
    if store.may_see_person(person_id, actor):
        try:
            person = await off_loop(store.get_person, person_id)
        except RecordNotFound:
            person = None
    if person is None:
        with frame("Not found"):
            Heading("This person was not found", 1)
        return
    cases = await off_loop(store.cases_of, person_id, viewer=actor)
    services.audit(actor, "read", "person", person.id)
    with frame(person.full_name):
        Heading(person.full_name, 1)
        with ui.column().classes("wa-card gap-1"):
            if person.aliases:
                ui.label(f"Also known as: {', '.join(person.aliases)}")
            ui.label(f"Date of birth: {person.date_of_birth or 'not recorded'}")
            lang = {"en": "English", "es": "Spanish"}.get(person.language, person.language)
            ui.label(f"Language: {lang}{' — needs an interpreter' if person.interpreter_needed else ''}")
            if person.accessibility_needs:
                ui.label(f"Accessibility: {person.accessibility_needs}")
            contact_card(services, actor, person)
        with ui.column().classes("wa-card gap-1"):
            Heading("Cases", 2)
            for case in cases:
                ui.link(f"{case.id} — {CASE_TYPES.get(case.case_type, case.case_type)} ({status_name(case)})",
                        f"/cases/{case.id}").classes("wa-link")
        second_case_form(services, actor, person, cases)
