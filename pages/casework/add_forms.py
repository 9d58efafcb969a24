"""The "Add" forms on the case file and a person's page (a note, a follow-up, a referral, a
consent, a household member…): after a successful add every input is back to how the form
started, ready for the next one; when the add fails the inputs keep what was typed and a line
under the form says why, announced to screen readers."""

from __future__ import annotations

from typing import Any

from nicegui import ui
from nicegui.elements.mixins.value_element import ValueElement


class AddForm:
    """Remembers each input's starting value (empty, or a default such as today's date)."""

    def __init__(self, *inputs: ValueElement, marker: str = "") -> None:
        self._start: list[tuple[ValueElement, Any]] = [(box, box.value) for box in inputs]
        self.message = ui.label("").classes("wa-error")
        self.message.props["role"] = "alert"
        if marker:
            self.message.mark(marker)

    def failed(self, why: str) -> None:
        self.message.set_text(why)

    def added(self) -> None:
        self.message.set_text("")
        for box, value in self._start:
            box.value = value
