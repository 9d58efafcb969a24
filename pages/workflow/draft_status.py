"""The line under a draft that says whether what is on the screen is stored: "Saving…", "Draft
saved at 14:02", or, when a save failed, "Not saved — retrying" / "Could not save", and never a
stale "Draft saved". The line itself is not a live region (it changes after every pause in
typing); a failure, and the first save after one, are announced through a separate alert."""

from __future__ import annotations

from nicegui import ui

from pages.workflow.autosave import Autosaver, SaveState
from store import DocumentFinal, DocumentNotFound

STILL_HERE = "Your answers are still on this screen."
GIVE_UP_AFTER = 3
"""Failed tries after which "retrying" becomes "could not save" (it still keeps trying)."""


def _failure(saver: Autosaver) -> str:
    if isinstance(saver.error, DocumentFinal):
        return ("Could not save: this draft was submitted in another tab or window, so it cannot change any more. "
                f"{STILL_HERE}")
    if isinstance(saver.error, DocumentNotFound):
        return f"Could not save: this draft no longer exists. {STILL_HERE} Copy anything you need before leaving."
    return f"Could not save. {STILL_HERE} Keep this page open and tell your supervisor."


def status_text(saver: Autosaver) -> str:
    if saver.state == SaveState.saved:
        return f"Draft saved at {saver.saved_at:%H:%M}" if saver.saved_at is not None else "Draft saved"
    if saver.state in (SaveState.pending, SaveState.saving):
        return "Saving…"
    if saver.state == SaveState.failed:
        return _failure(saver)
    if saver.failures >= GIVE_UP_AFTER:
        return (f"Could not save — trying again every {saver.retry_in:g} seconds. {STILL_HERE} Keep this page open, "
                "and tell your supervisor if this goes on.")
    return f"Not saved — retrying. {STILL_HERE}"


class DraftStatus:
    def __init__(self) -> None:
        self.line = ui.label("").classes("wa-muted").mark("draft:status")
        self.alert = ui.label("").classes("sr-only")
        self.alert.props["role"] = "alert"
        self._failing = False

    def show(self, saver: Autosaver) -> None:
        failing = saver.state in (SaveState.retrying, SaveState.failed)
        self.line.set_text(status_text(saver))
        self.line.classes(add="wa-error", remove="wa-muted") if failing else self.line.classes(
            add="wa-muted", remove="wa-error")
        if failing:
            self.alert.set_text(status_text(saver))
        elif self._failing and saver.state == SaveState.saved:
            self.alert.set_text("Your answers are saved again.")
        self._failing = failing
