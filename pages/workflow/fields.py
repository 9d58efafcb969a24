"""Widgets for each field type. A widget writes its value into the answers dict it is given and
calls `changed()`; it never decides visibility or validity (the engine does).

Every question has a real `<label for>` or a `<fieldset>` with a `<legend>`, so screen readers
announce it and long questions wrap instead of being cut off inside a floating label.

A repeating group (incidents, children, phone numbers) is a field too: its entries, each with its
own sub-fields rendered by `render_field`, and buttons to add, remove and reorder them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui
from nicegui.element import Element

from pages.widgets import Label, Legend
from workflows.model import FieldSpec, FieldType, local
from workflows.presentation import YES_NO

YESNO_OPTIONS = {"yes": True, "no": False, "unanswered": None}
MANY_CHOICES = 8






class FieldView:
    """A rendered field: where its error shows and what gets focus when it is wrong."""

    def __init__(self, focus: Element, quasar_field: Element | None = None,
                 fieldset: Element | None = None, error: ui.label | None = None) -> None:
        self.focus = focus
        self.quasar_field = quasar_field
        self.fieldset = fieldset
        self.error = error

    def show_error(self, message: str | None) -> None:
        if self.quasar_field is not None:
            # Props are set as values, never parsed from a string, so no text can inject props.
            self.quasar_field.props["error"] = message is not None
            self.quasar_field.props["error-message"] = message or ""
            self.quasar_field.update()
        if self.fieldset is not None:
            self.fieldset.classes(add="wa-invalid") if message else self.fieldset.classes(remove="wa-invalid")
        if self.error is not None:
            self.error.set_text(message or "")
            self.error.set_visibility(message is not None)


Changed = Callable[[], None]
Register = Callable[[str, FieldView], None]
Place = Callable[[str, Element], None]


def _help(spec: FieldSpec, lang: str) -> None:
    if spec.help:
        ui.label(local(spec.help, lang)).classes("wa-help")


def _text_like(spec: FieldSpec, target: dict[str, Any], changed: Changed, lang: str, key: str) -> FieldView:
    def store(value: Any) -> None:
        # The browser's number input gives a float even for a whole number (20.0): keep a whole
        # number an int, as a JSON answer would have it, so computed values and PDFs say "20".
        if spec.type == FieldType.number and isinstance(value, float) and value.is_integer():
            value = int(value)
        target[spec.id] = value if value not in ("",) else None
        changed()

    value = target.get(spec.id)
    with ui.column().classes("w-full gap-1"):
        if spec.type == FieldType.long_text:
            widget: Element = ui.textarea(value=value or "", on_change=lambda e: store(e.value))
            widget.props["autogrow"] = True
        elif spec.type == FieldType.number:
            widget = ui.number(value=value, min=_num(spec.min), max=_num(spec.max),
                               on_change=lambda e: store(e.value))
        else:
            widget = ui.input(value=value or "", on_change=lambda e: store(e.value))
            html_type = {FieldType.phone: "tel", FieldType.email: "email", FieldType.date: "date"}
            if spec.type in html_type:
                widget.props["type"] = html_type[spec.type]
            if spec.type == FieldType.phone:
                widget.props["autocomplete"] = "off"
        widget.props["outlined"] = True
        widget.props["dense"] = True
        widget.props["for"] = f"{widget.html_id}-input"
        if spec.max_length:
            widget.props["maxlength"] = spec.max_length
        widget.classes("w-full")
        widget.move(target_index=0)
        label = Label(local(spec.label, lang), f"{widget.html_id}-input")
        label.move(target_index=0)
        if spec.help:
            hint = ui.label(local(spec.help, lang)).classes("wa-help")
            hint.move(target_index=1)
    return FieldView(focus=widget, quasar_field=widget)


def _num(value: float | str | None) -> float | None:
    return value if isinstance(value, int | float) else None


def _fieldset(spec: FieldSpec, lang: str) -> tuple[Element, ui.label]:
    fieldset = ui.element("fieldset").classes("wa-fieldset w-full")
    with fieldset:
        Legend(local(spec.label, lang))
        _help(spec, lang)
    with fieldset:
        error = ui.label("").classes("wa-error")
    error.set_visibility(False)
    return fieldset, error


def _yesno(spec: FieldSpec, target: dict[str, Any], changed: Changed, lang: str, key: str) -> FieldView:
    fieldset, error = _fieldset(spec, lang)
    current = next((k for k, v in YESNO_OPTIONS.items() if v is target.get(spec.id)), "unanswered")

    def store(key: str) -> None:
        target[spec.id] = YESNO_OPTIONS[key]
        changed()

    options = {key: local(YES_NO[value], lang) for key, value in YESNO_OPTIONS.items()}
    with fieldset:
        radio = ui.radio(options, value=current, on_change=lambda e: store(e.value)).props("inline")
        error.move(fieldset)
    return FieldView(focus=radio, fieldset=fieldset, error=error)


def _choice(spec: FieldSpec, target: dict[str, Any], changed: Changed, lang: str, key: str) -> FieldView:
    choices = {c.value: local(c.label, lang) for c in spec.choices or []}

    def store(value: Any) -> None:
        target[spec.id] = value
        changed()

    if len(choices) > MANY_CHOICES:
        with ui.column().classes("w-full gap-1"):
            select = ui.select(choices, value=target.get(spec.id), on_change=lambda e: store(e.value))
            select.props["outlined"] = True
            select.props["dense"] = True
            select.props["for"] = f"{select.html_id}-input"
            select.classes("w-full")
            select.move(target_index=0)
            Label(local(spec.label, lang), f"{select.html_id}-input").move(target_index=0)
        return FieldView(focus=select, quasar_field=select)
    fieldset, error = _fieldset(spec, lang)
    with fieldset:
        radio = ui.radio(choices, value=target.get(spec.id), on_change=lambda e: store(e.value))
        error.move(fieldset)
    return FieldView(focus=radio, fieldset=fieldset, error=error)


def _multi_choice(spec: FieldSpec, target: dict[str, Any], changed: Changed, lang: str, key: str) -> FieldView:
    fieldset, error = _fieldset(spec, lang)
    chosen = set(target.get(spec.id) or [])

    def toggle(value: str, on: bool) -> None:
        current = [v for v in (target.get(spec.id) or []) if v != value]
        if on:
            current.append(value)
        order = [c.value for c in spec.choices or []]
        target[spec.id] = sorted(current, key=order.index)
        changed()

    first: Element | None = None
    with fieldset, ui.column().classes("gap-0"):
        for choice in spec.choices or []:
            box = ui.checkbox(local(choice.label, lang), value=choice.value in chosen,
                              on_change=lambda e, v=choice.value: toggle(v, bool(e.value)))
            box.mark(f"{key}={choice.value}")
            first = first or box
    error.move(fieldset)
    assert first is not None
    return FieldView(focus=first, fieldset=fieldset, error=error)


def _instructions(spec: FieldSpec, lang: str) -> None:
    ui.label(local(spec.text, lang)).classes("wa-instructions w-full")


def render_field(spec: FieldSpec, target: dict[str, Any], key: str, changed: Changed,
                 structure_changed: Changed, register: Register, place: Place, lang: str) -> None:
    """Render one field into `target` (a step's or a group item's answers), inside a box the
    runner shows or hides as the engine decides. Every field is rendered, hidden or not, so that
    an answer that reveals a question never rebuilds the screen or moves keyboard focus."""
    with ui.column().classes("w-full gap-1") as box:
        if spec.type == FieldType.instructions:
            _instructions(spec, lang)
        elif spec.type == FieldType.group:
            render_group(spec, target, key, changed, structure_changed, register, place, lang)
        else:
            renderers = {FieldType.yesno: _yesno, FieldType.choice: _choice, FieldType.multi_choice: _multi_choice}
            view = renderers.get(spec.type, _text_like)(spec, target, changed, lang, key)
            if spec.type != FieldType.multi_choice:
                view.focus.mark(key)  # tests find widgets by the answer they hold: `step.field`
            register(key, view)
    place(key, box)

def render_group(spec: FieldSpec, target: dict[str, Any], key: str, changed: Changed,
                 structure_changed: Changed, register: Register, place: Place, lang: str) -> None:
    items = target.get(spec.id)
    if not isinstance(items, list):
        items = target[spec.id] = []
    noun = local(spec.item_label, lang) or "Entry"

    def add() -> None:
        items.append({})
        changed()
        structure_changed()

    def remove(index: int) -> None:
        items.pop(index)
        changed()
        structure_changed()

    def move(index: int, offset: int) -> None:
        other = index + offset
        items[index], items[other] = items[other], items[index]
        changed()
        structure_changed()

    fieldset = ui.element("fieldset").classes("wa-fieldset w-full")
    with fieldset:
        Legend(local(spec.label, lang))
        if spec.help:
            ui.label(local(spec.help, lang)).classes("wa-help")
        error = ui.label("").classes("wa-error")
        error.set_visibility(False)
        for index, item in enumerate(items):
            number = f"{noun} {index + 1}"
            section = ui.element("section").classes("wa-card column gap-2")
            section.props["aria-label"] = number
            with section:
                ui.label(number).classes("font-semibold")
                for sub in spec.fields or []:
                    render_field(sub, item, f"{key}[{index}].{sub.id}", changed, structure_changed,
                                 register, place, lang)
                with ui.row().classes("gap-2"):
                    if index > 0:
                        up = ui.button("Move up", on_click=lambda i=index: move(i, -1)).props("outline")
                        up.props["aria-label"] = f"Move {number} up"
                    if index < len(items) - 1:
                        down = ui.button("Move down", on_click=lambda i=index: move(i, 1)).props("outline")
                        down.props["aria-label"] = f"Move {number} down"
                    rm = ui.button("Remove", on_click=lambda i=index: remove(i)).props("outline color=negative")
                    rm.props["aria-label"] = f"Remove {number}"
        limit = spec.max_items is None or len(items) < spec.max_items
        add_button = ui.button(f"Add {noun.lower()}", icon="add", on_click=add).props("outline")
        add_button.mark(f"{key}:add")
        add_button.set_enabled(limit)
    register(key, FieldView(focus=add_button, fieldset=fieldset, error=error))

