"""What needs fixing, said in plain words: a step's problems next to each question and in a
summary at the top (focus moves to the first one), and on the review screen the steps that still
need answers, each with a way to go to it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import Client, ui
from nicegui.element import Element

from pages.workflow.fields import FieldView
from workflows.engine import Evaluation
from workflows.model import Definition, local


def field_label(definition: Definition, key: str, lang: str) -> str:
    """`step.field` or `step.group[2].field` as the question's label ("Children, child 3")."""
    step_id, _, rest = key.partition(".")
    field_id = rest.split("[", 1)[0]
    spec = definition.step(step_id).field(field_id)
    label = local(spec.label, lang) if spec else field_id
    if "[" in rest:
        index = int(rest.split("[", 1)[1].split("]", 1)[0])
        noun = local(spec.item_label, lang) if spec and spec.item_label else "entry"
        label = f"{label}, {noun.lower()} {index + 1}"
    return label


def show_step_errors(definition: Definition, errors: dict[str, str], views: dict[str, FieldView],
                     summary: Element | None, lang: str, focus_in: Client | None) -> None:
    """Each question's own message, and the summary; `focus_in`: move focus to the first problem."""
    for key, view in views.items():
        view.show_error(errors.get(key))
    if summary is None:
        return
    summary.clear()
    if not errors:
        summary.classes(remove="wa-summary")
        return
    summary.classes(add="wa-summary")
    with summary:
        count = len(errors)
        ui.label(f"{count} answer{'s' if count > 1 else ''} on this step need{'s' if count == 1 else ''} "
                 "attention before you go on:").classes("font-semibold")
        with ui.element("ul"):
            for key, message in errors.items():
                with ui.element("li"):
                    ui.label(f"{field_label(definition, key, lang)}: {message}")
    first = next((views[k] for k in errors if k in views), None)
    if focus_in is not None and first is not None:
        focus_in.run_javascript(f"waFocus('{first.focus.html_id}')")


def show_review_problems(definition: Definition, evaluation: Evaluation, summary: Element, lang: str,
                         client: Client, go_to: Callable[[str], Awaitable[Any]]) -> None:
    summary.clear()
    summary.classes(add="wa-summary")
    with summary:
        ui.label("Some answers need attention before this can be submitted:").classes("font-semibold")
        with ui.element("ul"):
            for step_id in evaluation.visible_steps:
                problems = evaluation.step_errors(step_id)
                if not problems:
                    continue
                title = local(definition.step(step_id).title, lang)
                with ui.element("li"), ui.row().classes("items-center gap-2"):
                    ui.label(f"{title}: {len(problems)} to fix")
                    fix = ui.button("Go to step", on_click=lambda s=step_id: go_to(s)).props("flat dense")
                    fix.props["aria-label"] = f"Go to step {title}"
                    fix.mark(f"fix:{step_id}")
    client.run_javascript(f"waFocus('{summary.html_id}')")
