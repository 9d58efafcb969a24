"""How to reach a client safely, as the case file and the person's page show it: every phone and
the address with the safe-contact preferences that apply to it right beside it, the safe third
party and notes once; and "Edit contact details" for staff who may change the record."""

from __future__ import annotations

from nicegui import ui

from pages.authz import may
from pages.casework.contact_editor import ContactEditor
from pages.casework.form_errors import focus
from pages.services import Actor, Services
from store import MAIL_CHANNELS, PHONE_CHANNELS, Person


def contact_line(person: Person) -> list[tuple[str, str]]:
    """Each phone and the address, each with the safe-contact preferences that apply to it."""
    lines = []
    for phone in person.phones:
        phrases = person.phone_contact(phone).summary(PHONE_CHANNELS, person_wide=False)
        lines.append((f"{phone.number}{f' ({phone.label})' if phone.label else ''}", "; ".join(phrases)))
    if person.address and person.address.one_line:
        phrases = person.address_contact().summary(MAIL_CHANNELS, person_wide=False)
        lines.append((person.address.one_line, "; ".join(phrases)))
    return lines


def render_contact(person: Person) -> None:
    with ui.element("dl").classes("wa-review"):
        lines = contact_line(person)
        if not lines:
            with ui.element("dt"):
                ui.label("Phone and address")
            with ui.element("dd"):
                ui.label("None on file.").classes("wa-muted")
        for where, prefs in lines:
            with ui.element("dt"):
                ui.label(where)
            with ui.element("dd"):
                ui.label(f"Safe contact: {prefs}").classes("wa-safe-contact")
        if person.email:
            with ui.element("dt"):
                ui.label("Email")
            with ui.element("dd"):
                ui.label(person.email)
        for title, text in (("Safe third party", person.safe_contact.safe_third_party),
                            ("About contacting them safely", person.safe_contact.notes)):
            if text.strip():
                with ui.element("dt"):
                    ui.label(title)
                with ui.element("dd"):
                    ui.label(text)


def contact_card(services: Services, actor: Actor, person: Person, case_id: str | None = None) -> None:
    """The contact details in place, with an editor that replaces them while it is open."""
    holder = ui.column().classes("w-full gap-2").mark("section:contact")
    current = {"person": person}

    def show(saved: bool = False, back: bool = False) -> None:
        holder.clear()
        with holder:
            render_contact(current["person"])
            status = ui.label("Contact details saved." if saved else "").classes("wa-muted")
            status.props["role"] = "status"
            if may(actor, "case.write"):
                edit = ui.button("Edit contact details", icon="edit", on_click=open_editor).props("outline")
                edit.mark("contact:edit")
                if back:  # back from the editor: where the keyboard user left off
                    focus(edit)

    def open_editor() -> None:
        holder.clear()
        with holder:
            editor = ContactEditor(services, actor, current["person"], case_id, closed)
        first = next(iter(editor.number_boxes.values()), None)
        if first is not None:
            focus(first)

    async def closed(changed: Person | None) -> None:
        if changed is not None:
            current["person"] = changed
        show(saved=changed is not None, back=True)

    show()
