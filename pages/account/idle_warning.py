"""The warning before the idle lock: a minute before a staff session locks (pages.account.auth's idle lock,
`WRAPAROUND_IDLE_LOCK_MINUTES`), a dialog says so and offers to stay. It is an alert dialog, so a
screen reader announces it and focus moves into it. A page with unsaved work (the workflow
runner) registers `before_warning`: its draft is saved first, and the dialog says whether it was.

The browser keeps the time (it sees the input), exactly as the lock itself does; "Stay logged in"
is a click or a key press, which both scripts count as input, and it tells the server too."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import Client, ui

from pages.account.auth import touch
from pages.services import get
from pages.widgets import Heading

WARNING_EVENT = "wa_idle_warning"
WARNING_SECONDS = 60.0
"""How long before the lock the warning comes; for a lock shorter than two minutes, halfway."""

WARN_SCRIPT = """
(function () {
  if (window.waIdleWarn) return; window.waIdleWarn = true;
  const at = %d; let last = Date.now(); let warned = false;
  const seen = () => { last = Date.now(); warned = false; };
  ['keydown', 'mousedown', 'touchstart', 'wheel', 'input'].forEach(
    (name) => document.addEventListener(name, seen, {passive: true, capture: true}));
  setInterval(() => {
    if (!warned && Date.now() - last >= at) { warned = true; emitEvent('%s'); }
  }, 1000);
})();
"""

# axe-core measures the unpositioned label of a button inside Quasar's fixed dialog against the
# backdrop under the dialog (it sorts the label below its positioned ancestors); positioned, the
# label paints exactly the same and is measured against the button it is on.
CSS = ".wa-idle-warning .q-btn__content { position: relative; }"

BeforeWarning = Callable[[], Awaitable[str | None]]
"""Saves what the page holds; returns a sentence for the dialog (whether it was saved), or None."""

_warnings: dict[str, IdleWarning] = {}


def warning_seconds(idle_minutes: float) -> float:
    return min(WARNING_SECONDS, idle_minutes * 60 / 2)


def _spoken(seconds: float) -> str:
    if seconds >= 60:
        minutes = round(seconds / 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    whole = round(seconds)
    return f"{whole} second{'s' if whole != 1 else ''}"


class IdleWarning:
    def __init__(self, client: Client, idle_minutes: float) -> None:
        self.client = client
        self.lead = warning_seconds(idle_minutes)
        self.before_warning: BeforeWarning | None = None
        ui.add_css(CSS)
        with ui.dialog() as self.dialog, ui.card().classes("wa-idle-warning wa-card column gap-3 max-w-md") as card:
            card.props["role"] = "alertdialog"
            heading = Heading("Are you still there?", 2)
            heading.props["id"] = "wa-idle-title"
            body = ui.label(f"For your clients' privacy this session locks in {_spoken(self.lead)} without input. "
                            "Unlocking needs your password.")
            body.props["id"] = "wa-idle-body"
            self.saved = ui.label("")
            self.saved.props["id"] = "wa-idle-saved"
            card.props["aria-labelledby"] = "wa-idle-title"
            card.props["aria-describedby"] = "wa-idle-body wa-idle-saved"
            with ui.row().classes("items-center gap-4"):
                ui.button("Stay logged in", on_click=self.stay).mark("idle:stay")
                ui.link("Log out", "/logout").classes("wa-link")
        # Closing it any other way (Esc, a click outside) is input too: the session goes on.
        self.dialog.on("hide", touch)
        ui.add_body_html(f"<script>{WARN_SCRIPT % (int((idle_minutes * 60 - self.lead) * 1000), WARNING_EVENT)}"
                         "</script>")
        ui.on(WARNING_EVENT, self.warn)

    async def warn(self) -> None:
        sentence = await self.before_warning() if self.before_warning is not None else None
        self.saved.set_text(sentence or "")
        self.saved.set_visibility(bool(sentence))
        self.dialog.open()

    def stay(self) -> None:
        touch()
        self.dialog.close()


def install_idle_warning() -> None:
    """On every staff page (pages.layout.frame), beside the idle lock."""
    client = ui.context.client
    _warnings[client.id] = IdleWarning(client, get().security.idle_lock_minutes)
    client.on_delete(lambda: _warnings.pop(client.id, None))


def idle_warning(client: Client) -> IdleWarning | None:
    """The page's warning, for a page that has something to save before the lock."""
    return _warnings.get(client.id)
