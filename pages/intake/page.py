"""The intake page, /intakes/{intake_id}: a walk-in staged at the lobby kiosk, for a social worker.

What the person said (the questions and choices in English, whatever language they used at the
kiosk; what they typed in their own words as typed, flagged "written in Spanish" when it is),
their language and interpreter, how to reach them safely, access needs, who is responding; then
the ways to resolve it (pages.intake.outcomes). Opening the page is audited, like every write it
leads to.
"""

from __future__ import annotations

from nicegui import ui

from pages.access import may_see_case
from pages.authz import may
from pages.formatting import clock_time
from pages.intake.actions import respond_to_intake
from pages.intake.alerts import responding_line
from pages.intake.outcomes import render_outcomes
from pages.intake.summary import (
    accessibility,
    kiosk_definition,
    language_line,
    own_words,
    phone,
    reasons,
    safe_contact,
    who,
)
from pages.layout import frame
from pages.services import Actor, Services, current_actor, get, off_loop
from pages.widgets import Heading, Tag
from pages.workflow.review import render_answers
from store import AlreadyResponding, Casework, KioskIntake, RecordNotFound, StoreError
from workflows.engine import evaluate
from workflows.model import Definition


def _about(intake: KioskIntake, definition: Definition) -> None:
    with ui.column().classes("wa-card gap-2").mark("intake:about"):
        if intake.urgent:
            urgent = (f"Not safe right now — said so at the lobby kiosk at "
                      f"{clock_time(intake.urgent_at or intake.created_at)}.")
            if intake.status == "new":
                urgent += " Go to the lobby now; call 911 if there is danger."
            ui.label(urgent).classes("wa-tag wa-tag-danger text-base p-2")
        if intake.asked_for_staff:
            ui.label("Asked for a staff member instead of finishing at the kiosk.").classes("font-semibold")
        if not intake.submitted and intake.status == "new":
            ui.label("Not finished at the kiosk: the person may still be answering, or stopped.").classes(
                "wa-muted")
        ui.label(f"{who(intake)}, at the kiosk since {clock_time(intake.created_at)}.")
        said = reasons(definition, intake)
        ui.label(f"Here because: {'; '.join(said) if said else 'no reason given'}.")
        ui.label(language_line(intake))
        needs = accessibility(definition, intake)
        if needs:
            ui.label(f"Access needs: {'; '.join(needs)}.")
        number = phone(intake)
        contact = "; ".join(safe_contact(intake).summary()) if number else "no phone number left"
        Heading("How to reach them safely", 3)
        ui.label(f"Phone: {number}" if number else "No phone number left.")
        ui.label(f"Safe contact: {contact}").classes("wa-safe-contact")


def _case_shown(store: Casework, actor: Actor, case_id: str | None) -> bool:
    """Whether the case a walk-in was matched to may be named to this actor (store.models.visibility)."""
    # From the in-memory index: the intake page is drawn on the event loop.
    named = store.case_clients([case_id]).get(case_id) if case_id is not None else None
    return named is not None and may_see_case(actor, named.case)




def _own_words(intake: KioskIntake, definition: Definition) -> None:
    words = own_words(definition, intake)
    if not words:
        return
    with ui.column().classes("wa-card gap-2").mark("intake:own_words"):
        Heading("In their own words", 2)
        if intake.language == "es":
            ui.label("Written in Spanish at the kiosk. Shown as typed — not translated: ask an interpreter or a "
                     "Spanish-speaking colleague if you need it in English.").classes("wa-tag wa-tag-plain p-2")
        with ui.element("dl").classes("w-full wa-review"):
            for word in words:
                with ui.element("dt"):
                    ui.label(word.question)
                with ui.element("dd"):
                    Tag("q", word.text, word.language)
                    if word.flag:
                        ui.label(f"({word.flag})").classes("wa-muted text-sm")


def _responding(services: Services, actor: Actor, intake: KioskIntake) -> None:
    """Who is going to this walk-in; "I'm responding" while nobody is."""
    if intake.status != "new" or not intake.urgent:
        return
    box = ui.column().classes("wa-card gap-2").mark("intake:responding")
    box.props["role"] = "status"

    async def respond() -> None:
        try:
            await off_loop(respond_to_intake, services, actor, intake.id)
        except AlreadyResponding as taken:
            ui.notify(f"{taken.intake.responder_name} is already responding.", type="info")
        except (StoreError, ValueError):
            ui.notify("This walk-in was already dealt with.", type="info")
        draw(services.cases_for(actor).intakes.get(intake.id))

    def draw(current: KioskIntake) -> None:
        box.clear()
        with box:
            if current.responder is not None:
                ui.label(responding_line(current, actor)).classes("font-semibold")
            elif may(actor, "intake.resolve"):
                ui.label("Nobody has said they are going to this person yet.")
                ui.button("I'm responding", icon="directions_run", on_click=respond).mark("intake:respond")

    draw(intake)


def _resolved(intake: KioskIntake, case_shown: bool) -> None:
    with ui.column().classes("wa-card gap-1").mark("intake:resolved"):
        when = clock_time(intake.resolved_at) if intake.resolved_at else ""
        if intake.status == "closed":
            ui.label(f"Closed by {intake.resolved_by} at {when}: {intake.closed_reason}.")
        elif not case_shown:
            ui.label(f"Matched by {intake.resolved_by} at {when} to a restricted record you cannot open.")
        else:
            ui.label(f"Matched by {intake.resolved_by} at {when} to case {intake.case_id}.")
            ui.link(f"Open case {intake.case_id}", f"/cases/{intake.case_id}").classes("wa-link")


async def render_intake(services: Services, actor: Actor, intake_id: str) -> None:
    store = services.cases_for(actor)
    try:
        intake = store.intakes.get(intake_id)
    except RecordNotFound:
        with frame("Not found"):
            Heading("There is no such walk-in intake", 1)
            ui.link("Back to the triage queue", "/").classes("wa-link")
        return
    services.audit(actor, "read", "intake", intake.id)
    definition = kiosk_definition(services, intake)
    with frame(f"Walk-in {intake.id}"):
        Heading(f"Walk-in at the lobby kiosk — {intake.id}", 1)
        _about(intake, definition)
        _responding(services, actor, intake)
        _own_words(intake, definition)
        if intake.status != "new":
            _resolved(intake, await off_loop(_case_shown, store, actor, intake.case_id))
        elif may(actor, "intake.resolve"):
            await render_outcomes(services, actor, intake, definition)
        Heading("What the person said (in English)" if intake.language == "en" else
                "What the person said (questions and choices in English; what they typed as written, in Spanish)", 2)
        render_answers(definition, evaluate(definition, intake.answers, "en"), "en")


def register() -> None:
    @ui.page("/intakes/{intake_id}")
    async def intake_page(intake_id: str) -> None:
        await render_intake(get(), current_actor(), intake_id)
