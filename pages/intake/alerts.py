"""The urgent walk-in alert, in the header of every staff page, as it happens.

Someone at the lobby kiosk who says they are not safe right now must reach a worker wherever they
are in the app: on a case file, in a workflow, on the search page. Every staff page's header
(pages.layout.frame) follows the live intakes and the kiosk tablets (pages.intake.live_updates), so the
alert is pushed the moment the kiosk's intake is stored; nothing polls.

- An urgent walk-in nobody has taken yet is a red alarm (role="alert") with a link to the intake
  and **I'm responding**. Pressing it records who and when on the intake (audited); every other
  open header then shows "<name> is responding" instead of the alarm.
- A tablet over its intake limit (store.files.kiosk_devices) is named with the time it went over, so a
  supervisor knows walk-ins there are being sent to the front window.
- Training mode never shows a live walk-in's details: a social worker or supervisor practising
  sees only "Urgent walk-in at the lobby kiosk — switch to live work to respond"; an intern sees
  nothing (interns never see live data and cannot respond).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from nicegui import ui

from pages.authz import may
from pages.formatting import clock_time
from pages.intake.actions import respond_to_intake
from pages.intake.live_updates import follow
from pages.intake.summary import who
from pages.services import Actor, Services, get, off_loop
from store import AlreadyResponding, KioskIntake, OverLimit, StoreError

MAX_SHOWN = 3  # urgent walk-ins listed by name; more are counted, so a flood cannot bury the page

CSS = """
.wa-header-alerts { flex-basis: 100%; width: 100%; }
/* Nothing to say: no empty line in the header (its gap would still show). */
.wa-header-alerts:not(:has(.wa-alarm, .wa-calm)) { display: none; }
.wa-alarm { background: #a4141b; color: #fff; border: 2px solid #fff; border-radius: 8px; padding: 8px 14px; }
.wa-alarm a { color: #fff; text-decoration: underline; font-weight: 700; }
.wa-alarm .wa-respond { background: #fff !important; color: #a4141b !important; font-weight: 700; }
.wa-calm { background: #fff; color: #1f2933; border-radius: 8px; padding: 6px 14px; }
.wa-calm a { color: #1d4f73; text-decoration: underline; }
"""


def urgent_waiting(intakes: list[KioskIntake]) -> list[KioskIntake]:
    """Open urgent walk-ins, oldest alert first (the store's order)."""
    return [i for i in intakes if i.urgent and i.status == "new"]


def responding_line(intake: KioskIntake, actor: Actor) -> str:
    since = clock_time(intake.responding_at) if intake.responding_at else ""
    person = "You are" if intake.responder == actor.username else f"{intake.responder_name or intake.responder} is"
    return f"{person} responding to {who(intake)} — {intake.id} (since {since})."


def limit_line(over: OverLimit, *, named: bool = True) -> str:
    """What a supervisor needs about a busy tablet: which, since when, what it means for walk-ins
    (sent to the front window), when it takes intakes again, and that urgent alerts still come."""
    line = f"Kiosk tablet \u201c{over.device.name}\u201d is over" if named else "Over"
    line += f" its intake limit since {clock_time(over.since)}"
    if over.turned_away:
        line += f" ({over.turned_away} walk-in{'s' if over.turned_away != 1 else ''} sent to the front window)"
    line += f". It takes ordinary intakes again at about {clock_time(over.clears_at)}; urgent alerts still come through"
    if over.urgent_past_limit:
        line += f" ({over.urgent_past_limit} past the limit so far: check the lobby)"
    return line + "."


def header_alerts(actor: Actor) -> None:
    """pages.layout draws this in every staff page's header (pages.intake.register adds it)."""
    install_header_alerts(get(), actor)


def install_header_alerts(services: Services, actor: Actor) -> None:
    """Inside the header of a staff page: the alert area, following the live intakes and tablets."""
    walk_ins = may(actor, "intake.resolve")
    if actor.mode == "training":
        if walk_ins:
            _practising(services)
        return
    tablets = walk_ins or may(actor, "kiosk.manage")
    if tablets:
        HeaderAlerts(services, actor, walk_ins=walk_ins).install()


def _practising(services: Services) -> None:
    """A worker practising hears that someone needs them, and nothing about who."""
    ui.add_css(CSS)
    with ui.element("div").classes("wa-header-alerts"):
        alarm = ui.element("div")
        alarm.props["role"] = "alert"
    shown: list[bool] = [False]

    def show() -> None:
        # Only whether one is waiting untaken is read from the live store: no id, name or time.
        waiting = any(i.responder is None for i in urgent_waiting(services.cases.intakes.open_intakes()))
        if waiting == shown[0]:
            return
        shown[0] = waiting
        alarm.clear()
        if waiting:
            with alarm:
                ui.label("Urgent walk-in at the lobby kiosk — switch to live work to respond.").classes(
                    "wa-alarm font-bold").mark("alert:practising")

    show()
    follow(services.changes, ("intake",), show)


class HeaderAlerts:
    """One staff page's alert area: the alarm, who is responding, tablets over their limit."""

    def __init__(self, services: Services, actor: Actor, *, walk_ins: bool) -> None:
        self.services = services
        self.actor = actor
        self.walk_ins = walk_ins
        self.audited: set[str] = set()  # urgent intakes this page has shown (each read audited once)
        self.shown: Any = None  # what is on screen, so an unrelated change redraws nothing
        self.timer: asyncio.TimerHandle | None = None  # when a tablet's limit is due to clear

    def install(self) -> None:
        self.client = ui.context.client
        ui.add_css(CSS)
        with ui.element("div").classes("wa-header-alerts column gap-1").mark("header:alerts"):
            self.alarm = ui.element("div").classes("column gap-1 w-full")
            self.alarm.props["role"] = "alert"  # said at once by a screen reader
            self.calm = ui.element("div").classes("column gap-1 w-full")
            self.calm.props["role"] = "status"  # said when the reader is free
        self.show()
        follow(self.services.changes, ("intake", "kiosk_device"), self.show)
        self.client.on_delete(self._stop_timer)

    def show(self) -> None:
        urgent = urgent_waiting(self.services.cases.intakes.open_intakes()) if self.walk_ins else []
        limits = self.services.kiosk_devices.over_limit()
        # Everything the area shows, so it is redrawn (and re-announced) only when that changes.
        state = ([(i.id, who(i), i.responder) for i in urgent],
                 [(o.device.id, o.since, o.turned_away, o.urgent_past_limit, o.clears_at) for o in limits])
        self._clear_when_due(limits)  # again on every look: a look that came too early tries later
        if state == self.shown:
            return
        account = self.services.accounts.get(self.actor.username)
        if account is None or not account.active:  # the account ended while this page stayed open
            self.shown = None
            self.alarm.clear()
            self.calm.clear()
            return
        self.shown = state
        untaken = [i for i in urgent if i.responder is None]
        taken = [i for i in urgent if i.responder is not None]
        self._audit(untaken[:MAX_SHOWN] + taken)
        self.alarm.clear()
        with self.alarm:
            for intake in untaken[:MAX_SHOWN]:
                self._alarm_row(intake)
            if len(untaken) > MAX_SHOWN:
                with ui.row().classes("wa-alarm items-center gap-2"):
                    more = len(untaken) - MAX_SHOWN
                    ui.label(f"And {more} more urgent walk-in{'s' if more != 1 else ''} at the lobby kiosk.")
                    ui.link("Open the triage queue", "/")
        self.calm.clear()
        with self.calm:
            for intake in taken:
                with ui.row().classes("wa-calm items-center gap-2").mark(f"alert:responding:{intake.id}"):
                    ui.label(responding_line(intake, self.actor))
                    ui.link("Open the walk-in", f"/intakes/{intake.id}")
            for over in limits:
                with ui.row().classes("wa-calm items-center gap-2").mark(f"alert:limit:{over.device.id}"):
                    ui.label(limit_line(over))
                    if may(self.actor, "kiosk.manage"):
                        ui.link("Kiosk tablets", "/admin/kiosks")

    def _alarm_row(self, intake: KioskIntake) -> None:
        with ui.row().classes("wa-alarm items-center gap-3").mark(f"alert:urgent:{intake.id}"):
            ui.label(f"Urgent: someone at the lobby kiosk is not safe right now (since "
                     f"{clock_time(intake.urgent_at or intake.created_at)}).").classes("font-bold")
            ui.link(f"Open {who(intake)} — {intake.id}", f"/intakes/{intake.id}")
            button = ui.button("I'm responding", icon="directions_run", color=None,
                               on_click=lambda i=intake: self.respond(i.id)).classes("wa-respond")
            button.props["aria-label"] = f"I'm responding to {who(intake)} — {intake.id}"
            button.props["unelevated"] = True
            button.mark(f"alert:respond:{intake.id}")

    async def respond(self, intake_id: str) -> None:
        try:
            await off_loop(respond_to_intake, self.services, self.actor, intake_id)
        except AlreadyResponding as taken:
            ui.notify(f"{taken.intake.responder_name} is already responding.", type="info")
        except (StoreError, ValueError):
            ui.notify("This walk-in was already dealt with.", type="info")
        self.show()  # at once here; the other pages hear of it through the feed

    def _audit(self, intakes: list[KioskIntake]) -> None:
        for intake in intakes:
            if intake.id not in self.audited:
                self.audited.add(intake.id)
                self.services.audit(self.actor, "read", "intake", intake.id,
                                    detail="urgent walk-in shown in the page header")

    def _clear_when_due(self, limits: list[OverLimit]) -> None:
        """A tablet's limit clears with time, not with a write: look again when the first is due."""
        self._stop_timer()
        if not limits:
            return
        due = min(datetime.fromisoformat(o.clears_at) for o in limits)
        delay = max(1.0, (due - datetime.now(UTC)).total_seconds() + 1)

        def again() -> None:
            if not self.client.is_deleted:
                with self.client:
                    self.show()

        self.timer = asyncio.get_running_loop().call_later(delay, again)

    def _stop_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

