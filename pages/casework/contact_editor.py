"""Editing how to reach a client safely: each phone with its own "may we call / text / leave a
voicemail" and safe times, the address with "may we send mail", email, a safe third party and
notes. Opened from the client's card on the case file and the person's page; the change is
audited, and the store refuses what the form missed (store.Casework.update_contact)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from pages.casework.form_errors import FormErrors, focus
from pages.services import Actor, Services, off_loop
from pages.widgets import Heading, Legend
from store import Person, RecordNotFound, phone_problem

UNKNOWN_YES_NO = {"unknown": "Not asked yet", "yes": "Yes", "no": "No"}
PHONE_QUESTIONS = (("may_call", "May we call this number?"), ("may_text", "May we text this number?"),
                   ("may_leave_voicemail", "May we leave a voicemail on this number?"))
ADDRESS_PARTS = (("line1", "Street address"), ("line2", "Apartment, unit (optional)"), ("city", "City"),
                 ("state", "State"), ("zip", "ZIP"))


def to_choice(value: bool | None) -> str:
    return "yes" if value is True else "no" if value is False else "unknown"


def from_choice(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def phone_error(number: str) -> str | None:
    problem = phone_problem(number.strip())
    return problem[0].upper() + problem[1:] + "." if problem else None


def email_error(email: str) -> str | None:
    email = email.strip()
    if email and (email.count("@") != 1 or "." not in email.split("@")[1] or " " in email):
        return "Enter an email address like name@example.org, or leave it empty."
    return None


def _setter(target: dict[str, Any], key: str) -> Callable[[str], None]:
    def set_value(value: str) -> None:
        target[key] = value

    return set_value


def _yes_no_question(question: str, value: str, on_change: Callable[[str], None], marker: str) -> ui.radio:
    with ui.element("fieldset").classes("wa-fieldset w-full"):
        Legend(question)
        radio = ui.radio(UNKNOWN_YES_NO, value=value, on_change=lambda e: on_change(e.value))
        radio.props("inline").mark(marker)
    return radio


def _input(label: str, value: str, on_change: Callable[[str], None], marker: str, **props: Any) -> ui.input:
    box = ui.input(label, value=value, on_change=lambda e: on_change(e.value or "")).props("outlined dense")
    box.classes("w-full").mark(marker)
    for key, prop in props.items():
        box.props[key] = prop
    return box


class ContactEditor:
    """The form, filled with what applies today (a phone's own answers, else the person-wide
    ones), so what a worker sees before editing is what they are changing."""

    def __init__(self, services: Services, actor: Actor, person: Person, case_id: str | None,
                 done: Callable[[Person | None], Awaitable[None]]) -> None:
        self.services, self.actor, self.person, self.case_id, self.done = services, actor, person, case_id, done
        self.phones: list[dict[str, Any]] = []
        for phone in person.phones:
            applies = person.phone_contact(phone)
            self.phones.append({"number": phone.number, "label": phone.label, "safe_times": applies.safe_times,
                                **{key: to_choice(getattr(applies, key)) for key, _ in PHONE_QUESTIONS}})
        where = person.address
        self.address = {key: getattr(where, key) if where else "" for key, _ in ADDRESS_PARTS}
        self.mail = to_choice(person.address_contact().may_send_mail)
        self.email = person.email or ""
        self.third = person.safe_contact.safe_third_party
        self.notes = person.safe_contact.notes
        self.number_boxes: dict[int, ui.input] = {}
        self.render()

    # -- the form ------------------------------------------------------------------------------

    def render(self) -> None:
        Heading("Edit contact details", 3)
        ui.label("For each number and the address, record what the client said is safe. \u201cNot asked yet\u201d "
                 "is never a yes.").classes("wa-help")
        self.errors = FormErrors(self.problems)
        self.phone_list = ui.column().classes("w-full gap-3")
        self.render_phones()
        self.add_button = ui.button("Add another phone", icon="add", on_click=self.add_phone)
        self.add_button.props("outline").mark("contact:add_phone")
        with ui.element("fieldset").classes("wa-fieldset w-full"):
            Legend("Address")
            for key, label in ADDRESS_PARTS:
                _input(label, self.address[key], _setter(self.address, key), f"contact:{key}")
            _yes_no_question("May we send mail to this address?", self.mail, self._set_mail, "contact:mail")
        email = _input("Email", self.email, self._set_email, "contact:email", type="email")
        self.errors.field("email", email, "Email")
        _input("A safe third party who can pass on messages", self.third, self._set_third, "contact:third")
        _input("Anything else about contacting them safely", self.notes, self._set_notes, "contact:notes")
        with ui.row().classes("gap-2"):
            ui.button("Save contact details", on_click=self.save).mark("contact:save")
            ui.button("Cancel", on_click=lambda: self.done(None)).props("outline").mark("contact:cancel")

    def render_phones(self) -> None:
        self.errors.forget("phones[")
        self.number_boxes.clear()
        self.phone_list.clear()
        with self.phone_list:
            if not self.phones:
                ui.label("No phone number on file.").classes("wa-muted")
            for position, phone in enumerate(self.phones):
                self.render_phone(position, phone)

    def render_phone(self, position: int, phone: dict[str, Any]) -> None:
        name = f"Phone {position + 1}"
        with ui.element("fieldset").classes("wa-fieldset w-full"):
            Legend(name)
            number = _input("Phone number", phone["number"], lambda v: phone.__setitem__("number", v),
                            f"contact:phone:{position}", type="tel", autocomplete="off")
            self.errors.field(f"phones[{position}].number", number, f"{name}, number")
            self.number_boxes[position] = number
            _input("Whose phone or which (cell, work, sister's…)", phone["label"],
                   lambda v: phone.__setitem__("label", v), f"contact:phone_label:{position}")
            for key, question in PHONE_QUESTIONS:
                _yes_no_question(question, phone[key], _setter(phone, key), f"contact:{key}:{position}")
            _input("Safe times to use this number (e.g. weekdays after 5 pm)", phone["safe_times"],
                   lambda v: phone.__setitem__("safe_times", v), f"contact:times:{position}")
            remove = ui.button(f"Remove phone {position + 1}", icon="delete",
                               on_click=lambda: self.remove_phone(position))
            remove.props("flat dense").mark(f"contact:remove:{position}")

    def add_phone(self) -> None:
        self.phones.append({"number": "", "label": "", "safe_times": "",
                            **{key: "unknown" for key, _ in PHONE_QUESTIONS}})
        self.render_phones()
        self.errors.recheck()
        focus(self.number_boxes[len(self.phones) - 1])

    def remove_phone(self, position: int) -> None:
        del self.phones[position]
        self.render_phones()
        self.errors.recheck()
        # The button pressed is gone: keep the keyboard user in the form.
        focus(self.add_button)

    def _set_mail(self, value: str) -> None:
        self.mail = value

    def _set_email(self, value: str) -> None:
        self.email = value

    def _set_third(self, value: str) -> None:
        self.third = value

    def _set_notes(self, value: str) -> None:
        self.notes = value

    # -- checking and saving -------------------------------------------------------------------

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        seen: dict[str, int] = {}
        for position, phone in enumerate(self.phones):
            digits = "".join(ch for ch in phone["number"] if ch.isdigit())
            problem = phone_error(phone["number"])
            if problem is None and digits in seen:
                problem = f"This is the same number as phone {seen[digits] + 1}."
            if problem:
                found[f"phones[{position}].number"] = problem
            seen.setdefault(digits, position)
        if problem := email_error(self.email):
            found["email"] = problem
        return found

    async def save(self) -> None:
        if not self.errors.validate():
            return
        store = self.services.cases_for(self.actor)
        phones = [{"number": p["number"], "label": p["label"], "safe_times": p["safe_times"],
                   **{key: from_choice(p[key]) for key, _ in PHONE_QUESTIONS}} for p in self.phones]
        address = {**self.address, "may_send_mail": from_choice(self.mail)}
        try:
            if not await off_loop(may_still_edit, self.services, self.actor, self.person.id):
                self.errors.fail("This client's record is restricted; you can no longer change it.")
                return
            changed = await off_loop(store.update_contact, self.person.id, phones=phones, address=address,
                                     email=self.email, safe_third_party=self.third, notes=self.notes)
        except (ValueError, RecordNotFound) as exc:
            self.errors.fail(f"Not saved: {exc}")
            return
        self.services.audit(self.actor, "write", "person", self.person.id, self.case_id, "contact details changed")
        await self.done(changed)


def may_still_edit(services: Services, actor: Actor, person_id: str) -> bool:
    """The person page's rule, checked again at save: someone known only through restricted
    (juvenile) cases the actor may not open stays out of reach."""
    return services.cases_for(actor).may_see_person(person_id, actor)
