"""The kiosk page's controller: one person's visit (pages.kiosk.visit) on one screen, what each
button does, and what reaches the staff (pages.kiosk.send). The screens themselves are drawn by
pages.kiosk.screens.

Everything lives in this object, in the server's memory, for as long as this browser tab shows
this page: a quick exit, the idle wipe, Done, the thank-you timer and the tab going away all drop
it, and the next visit starts again at the language choice.
"""

from __future__ import annotations

import asyncio
import contextlib

from nicegui import background_tasks, ui
from nicegui.element import Element

from pages.kiosk import screens as kiosk_screens
from pages.kiosk.send import IntakeSender, Outcome
from pages.kiosk.settings import KioskSettings
from pages.kiosk.style import IDLE_WARNING_EVENT, IDLE_WIPE_EVENT, QUICK_EXIT_EVENT, set_language_js
from pages.kiosk.text import say, seconds
from pages.kiosk.visit import KioskVisit, Screen
from pages.services import Services
from pages.workflow.fields import FieldView
from workflows.model import Definition

RESTART = "location.replace('/kiosk')"  # a fresh page: nothing of this visit is left in the browser


class KioskPage:
    def __init__(self, services: Services, settings: KioskSettings, definition: Definition,
                 token: str | None, enrolled: bool) -> None:
        self.settings = settings
        self.visit = KioskVisit(definition)
        self.sender = IntakeSender(services, token)
        self.enrolled = enrolled
        self.staff_outcome: Outcome | None = None  # what "Ask a staff member instead" managed to send
        self.staff_bilingual = False  # "Ask a staff member" pressed before a language was chosen
        self.urgent_unsent = False  # not safe right now, and this screen could not tell the staff
        self.alert: asyncio.Task[None] | None = None  # the urgent alert on its way to the staff queue
        self.views: dict[str, FieldView] = {}
        self.boxes: dict[str, Element] = {}
        self.summary: Element | None = None
        self.client = ui.context.client
        self.idle_dialog: ui.dialog | None = None
        self.idle_title: ui.label | None = None
        self.idle_body: ui.label | None = None
        self.more_time: ui.button | None = None
        self.dialog_exit: ui.button | None = None

    # --- drawing ---------------------------------------------------------------------------
    def render(self) -> None:
        with ui.header().classes("wa-kiosk-bar items-center justify-between px-4 py-2 gap-2"):
            self.bar()
        with ui.element("div").classes("wa-kiosk column gap-5"):
            self.view()
        self._idle_dialog()
        ui.on(QUICK_EXIT_EVENT, self.wipe_now)
        ui.on(IDLE_WIPE_EVENT, self.wipe_now)
        ui.on(IDLE_WARNING_EVENT, self.warn_idle)
        self.client.on_delete(self.forget)

    @ui.refreshable_method
    def bar(self) -> None:
        kiosk_screens.bar(self)

    @ui.refreshable_method
    def view(self) -> None:
        kiosk_screens.screen(self)

    @ui.refreshable_method
    def emergency(self) -> None:
        kiosk_screens.emergency(self)

    def redraw(self, focus: str | None = "wa-step-heading") -> None:
        self.bar.refresh()
        self.view.refresh()
        if focus:
            # The clicked button is gone after a refresh, so speak to the client directly.
            self.client.run_javascript(f"window.scrollTo(0, 0); waFocus('{focus}')")

    def _idle_dialog(self) -> None:
        with ui.dialog().props("persistent") as dialog, ui.card().classes("wa-idle column gap-4"):
            self.idle_title = ui.label("").classes("text-2xl font-bold")
            self.idle_body = ui.label("")
            with ui.row().classes("w-full justify-between gap-4"):
                self.more_time = ui.button("", on_click=self.keep_going).classes("wa-more-time")
                self.more_time.props["unelevated"] = True
                self.more_time.props["no-caps"] = True
                # The dialog covers the bar, so it has its own quick exit (the same script acts on it).
                self.dialog_exit = ui.button("", color=None).classes("wa-quick-exit")
                self.dialog_exit.props["no-caps"] = True
        self.idle_dialog = dialog

    # --- what the buttons do ---------------------------------------------------------------
    def choose_language(self, lang: str) -> None:
        self.visit.choose_language(lang)
        self.client.run_javascript(set_language_js(lang))
        self.client.run_javascript("waKiosk.arm(true)")
        self.redraw()

    def changed(self) -> None:
        """An answer changed: the engine decides what shows; an answer that makes the visit urgent
        shows 911 at once and raises the alert on the staff queue."""
        if self.visit.changed():
            self.emergency.refresh()
            self._alert_again(turned_urgent=True)
        kiosk_screens.apply_visibility(self)

    def _alert_again(self, turned_urgent: bool = False) -> None:
        """Raise the urgent alert when the visit turns urgent, and after a failure on every step the
        person takes (updating the same intake, never staging a second), unless one is on its way."""
        if not self.visit.urgent or (self.visit.alert_sent and not turned_urgent):
            return
        if self.alert is None or self.alert.done():
            self.alert = background_tasks.create(self._raise_alert(), name="kiosk urgent alert")

    async def _raise_alert(self) -> None:
        # Until this returns `sent` the panel says 911 and "go to the front window now", never
        # that staff were told; a failure is logged by the sender, and the next step tries again.
        await self.sender.raise_alert(self.visit)
        if self.visit.screen in (Screen.question, Screen.check):
            self.emergency.refresh()  # now it can say that a staff member has been told (or still not)

    def next(self) -> None:
        if not self.visit.forward():
            kiosk_screens.show_errors(self, focus=True)
            return
        self.redraw()
        self._alert_again()

    def back(self) -> None:
        self.visit.backward()
        self.redraw()
        self._alert_again()

    def change(self, step_id: str) -> None:
        self.visit.go_to(step_id)
        self.redraw()
        self._alert_again()

    async def _alert_sent(self) -> None:
        """Wait for an urgent alert still on its way, so Send updates that intake, never a second one."""
        if self.alert is not None:
            # A failed alert was already logged by NiceGUI's background task; Send then stages anew.
            with contextlib.suppress(Exception):
                await asyncio.shield(self.alert)
            self.alert = None

    async def send(self) -> None:
        await self._alert_sent()
        if not self.visit.ready_to_send():
            self.redraw(focus="wa-check-problems")
            return
        outcome = await self.sender.send(self.visit)
        self.urgent_unsent = outcome != Outcome.sent and self.visit.urgent
        if outcome == Outcome.sent:
            self.visit.sent = True
            self.visit.screen = Screen.thanks
        elif outcome in (Outcome.limited, Outcome.failed):
            self.visit.screen = Screen.limited  # "this screen cannot send your answers right now"
        else:
            self.enrolled = False
        self.visit.clear_answers()  # nothing of it stays here, not even in this page's memory
        self.client.run_javascript("waKiosk.arm(false)")  # these screens reset themselves
        self.redraw()

    def bilingual(self) -> bool:
        """Before a language is chosen (or on a tablet that is not set up) every text shows in both."""
        return not self.enrolled or self.visit.screen == Screen.language or (
            self.visit.screen == Screen.ask_staff and self.staff_bilingual)

    async def ask_for_staff(self) -> None:
        # Before a language is chosen nothing is known to send: the person is only told where to go.
        self.staff_bilingual = self.visit.screen == Screen.language
        await self._alert_sent()
        if not self.staff_bilingual and self.enrolled:
            self.staff_outcome = await self.sender.ask_for_staff(self.visit)
        self.urgent_unsent = self.visit.urgent and self.staff_outcome != Outcome.sent
        self.visit.clear_answers()
        self.visit.screen = Screen.ask_staff
        self.client.run_javascript("waKiosk.arm(false)")
        self.redraw()

    def restart(self) -> None:
        self.forget()
        self.client.run_javascript(RESTART)

    def wipe_now(self) -> None:
        """A quick exit or the idle wipe: the browser is already leaving; drop the visit and the
        widgets that still hold its answers."""
        self.forget()
        self.view.refresh()

    def forget(self) -> None:
        """Drop everything this person entered (quick exit, idle wipe, Done, the tab closing)."""
        self.visit.wipe()
        self.staff_outcome = None
        self.staff_bilingual = False
        self.urgent_unsent = False

    # --- idle --------------------------------------------------------------------------------
    def warn_idle(self) -> None:
        if self.idle_dialog is None or self.idle_title is None or self.idle_body is None or self.more_time is None:
            return
        lang = self.visit.lang
        self.idle_title.set_text(say("idle_title", lang))
        self.idle_body.set_text(say("idle_body", lang, seconds=seconds(self.settings.idle_wipe_seconds)))
        self.more_time.set_text(say("more_time", lang))
        if self.dialog_exit is not None:
            self.dialog_exit.set_text(say("quick_exit", lang))
        self.idle_dialog.open()

    def keep_going(self) -> None:
        if self.idle_dialog is not None:
            self.idle_dialog.close()
        self.client.run_javascript("waKiosk.moreTime()")
