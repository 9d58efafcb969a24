"""Errors on the staff pages' own forms (new client, contact details, closing a case…), shown the
way the workflow runner shows a step's: next to each field in error, listed in a summary at the
top that screen readers announce (role=alert), with keyboard focus moved to the first field in
error; and each cleared as soon as it is fixed, without moving focus again."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui
from nicegui.element import Element
from nicegui.elements.mixins.validation_element import ValidationElement

from pages.workflow.fields import FieldView

Check = Callable[[], dict[str, str]]


def focus(element: Element) -> None:
    """Move keyboard focus to `element` (or the input inside it), with pages/layout.py's waFocus.
    Sent through the element's own client: the button that asked may have just been removed."""
    element.client.run_javascript(f"waFocus('{element.html_id}')")


class FormErrors:
    """`check()` returns {field key: message} for what is wrong now. Fields are registered with
    the label the summary names them by; the summary element goes where the form starts."""

    def __init__(self, check: Check, *, intro: str = "Please correct") -> None:
        self._check = check
        self._intro = intro
        self._fields: dict[str, tuple[FieldView, str]] = {}
        self.showing = False
        self.summary = ui.element("div").classes("w-full")
        self.summary.props["role"] = "alert"

    def field(self, key: str, widget: Element, label: str, view: FieldView | None = None) -> Element:
        """Register a field (a Quasar input or select unless `view` says where its error goes)."""
        if isinstance(widget, ValidationElement):
            # NiceGUI re-runs a field's own validation after every change, and with none set that
            # wipes the message just shown beside the field being corrected.
            widget.without_auto_validation()
        self._fields[key] = (view or FieldView(focus=widget, quasar_field=widget), label)
        widget.on_value_change(lambda: self.recheck())  # type: ignore[attr-defined]
        return widget

    def watch(self, *widgets: Element) -> None:
        """Inputs whose change can fix another field's error (a last name fixes "no name")."""
        for widget in widgets:
            widget.on_value_change(lambda: self.recheck())  # type: ignore[attr-defined]

    def checkbox(self, key: str, box: ui.checkbox, label: str) -> None:
        """A checkbox has no error slot of its own: its message goes on a line right under it."""
        message = ui.label("").classes("wa-error")
        message.set_visibility(False)
        self.field(key, box, label, FieldView(focus=box, error=message))

    def forget(self, key_prefix: str) -> None:
        """Drop fields that are no longer on the form (a removed phone)."""
        for key in [k for k in self._fields if k.startswith(key_prefix)]:
            del self._fields[key]

    def validate(self) -> bool:
        """Check the whole form: True when nothing is wrong; otherwise show what is, and focus it.
        From the first try on, every change is checked again (as the runner does after Next)."""
        errors = self._check()
        self.showing = True
        self.show(errors, move_focus=True)
        return not errors

    def recheck(self) -> None:
        # Only once the form was tried: nobody wants "required" before they have had a chance.
        if self.showing:
            self.show(self._check(), move_focus=False)

    def show(self, errors: dict[str, str], *, move_focus: bool) -> None:
        """Show `errors` (field key -> message; a key not registered is shown in the summary only)."""
        for key, (view, _) in self._fields.items():
            view.show_error(errors.get(key))
        self.summary.clear()
        if not errors:
            self.summary.classes(remove="wa-summary")
            return
        self.summary.classes(add="wa-summary")
        with self.summary:
            count = len(errors)
            ui.label(f"{self._intro} {count} thing{'s' if count > 1 else ''} before saving:").classes(
                "font-semibold")
            with ui.element("ul"):
                for key, message in errors.items():
                    label = self._fields[key][1] if key in self._fields else ""
                    with ui.element("li"):
                        ui.label(f"{label}: {message}" if label else message)
        first = next((self._fields[k][0] for k in errors if k in self._fields), None)
        if move_focus:
            target = first.focus if first is not None else self.summary
            focus(target)

    def fail(self, message: str) -> None:
        """A refusal from the store that no field check caught: in the summary, focused."""
        self.showing = False
        self.show({"": message}, move_focus=True)
