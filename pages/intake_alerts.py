"""The urgent walk-in alert on an open staff home page.

Someone at the lobby kiosk who says they are not safe right now must reach a worker who is looking
at the home page already, not the next time it is loaded. A timer on the page checks the open
kiosk intakes every few seconds (from memory: no file is opened) and, when one turns urgent that
the page has not shown yet, puts a red banner at the top of the page (role="alert", so a screen
reader says it at once) with a link to the intake, and pops up a notification. Any change to the
waiting walk-ins also refreshes the triage queue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from pages.intake_summary import clock_time, who
from pages.services import Actor, Services
from store.intakes import KioskIntake

POLL_SECONDS = 5.0  # how long an urgent walk-in can wait before an open home page shows it

CSS = """
.wa-alert-banner { background: #a4141b; color: #fff; border-radius: 8px; padding: 14px 20px; }
.wa-alert-banner a { color: #fff; text-decoration: underline; font-weight: 700; }
.wa-alert-banner:empty { display: none; }
"""


def install_intake_alert(services: Services, actor: Actor, on_change: Callable[[], Any]) -> None:
    """The (empty) alert banner here, and the poll that fills it and calls `on_change`."""
    intakes = services.cases_for(actor).intakes
    ui.add_css(CSS)
    opened = intakes.open_intakes()
    known_urgent = {i.id for i in opened if i.urgent}  # already on the queue, in red, when the page opened
    state: dict[str, Any] = {"open": {(i.id, i.urgent) for i in opened}, "alerted": []}
    banner = ui.column().classes("wa-alert-banner w-full gap-1").mark("intake:alert")
    banner.props["role"] = "alert"

    def show(alerted: list[KioskIntake]) -> None:
        banner.clear()
        with banner:
            for intake in alerted:
                with ui.row().classes("items-center gap-3"):
                    ui.label(f"Urgent: someone at the lobby kiosk is not safe right now (since "
                             f"{clock_time(intake.urgent_at or intake.created_at)}).").classes("font-bold")
                    ui.link(f"Open {who(intake)} — {intake.id}", f"/intakes/{intake.id}")

    def check() -> None:
        now_open = intakes.open_intakes()
        fresh = [i for i in now_open if i.urgent and i.id not in known_urgent]
        still_open = {i.id for i in now_open}
        alerted = [i for i in state["alerted"] if i.id in still_open]
        if fresh:
            known_urgent.update(i.id for i in fresh)
            alerted = alerted + fresh
            for intake in fresh:
                services.audit(actor, "read", "intake", intake.id, detail="urgent alert shown on the home page")
                ui.notify(f"Urgent walk-in at the lobby kiosk: {who(intake)} is not safe right now.",
                          type="negative", position="top", timeout=0, close_button="Close")
        if [i.id for i in alerted] != [i.id for i in state["alerted"]]:
            state["alerted"] = alerted
            show(alerted)
        shown = {(i.id, i.urgent) for i in now_open}
        if shown != state["open"]:
            state["open"] = shown
            on_change()

    ui.timer(POLL_SECONDS, check)
