"""A repeating group (incidents, children, phone numbers): its entries, each with its own
sub-fields, and buttons to add, remove and reorder them."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from pages.workflow.fields import Changed, FieldView, Legend, Place, Register, render_field
from workflows.model import FieldSpec, local


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

