"""Every answer on one screen, step by step, as a person reads it; used by the runner's review
screen (with "Edit" links) and by a submitted document's page (read-only)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from nicegui import ui

from pages.widgets import Heading, Tag
from workflows.engine import Evaluation
from workflows.model import Definition
from workflows.presentation import PresentedField, present, present_results

EMPTY = "—"




def _describe(field: PresentedField) -> str:
    if field.type == "group":
        return f"{len(field.items)} entr{'y' if len(field.items) == 1 else 'ies'}"
    return field.display or EMPTY


def render_results(definition: Definition, evaluation: Evaluation, lang: str,
                   names: Mapping[str, str] | None = None) -> None:
    """The computed values a definition labels (a screen's result, durations, eligibility) that
    say something about these answers, so the worker sees what the answers mean before
    submitting. `names` are the app's names for ids a value may give (the resource directory)."""
    results = present_results(definition, evaluation, lang, names)
    if not results:
        return
    card = ui.element("section").classes("wa-card column gap-1 wa-review")
    card.props["aria-label"] = "What the answers mean"
    with card:
        Heading("What the answers mean", 3)
        with ui.element("dl").classes("w-full"):
            for result in results:
                Tag("dt", result.label)
                Tag("dd", (result.display or EMPTY) + (f" ({result.cite})" if result.cite else ""))


def render_answers(definition: Definition, evaluation: Evaluation, lang: str,
                   on_edit: Callable[[str], Awaitable[Any]] | None = None, show_errors: bool = False) -> None:
    for section in present(definition, evaluation, lang):
        card = ui.element("section").classes("wa-card column gap-1 wa-review")
        card.props["aria-label"] = section.title
        with card:
            with ui.row().classes("w-full items-center justify-between"):
                Heading(f"{section.number}. {section.title}", 3)
                if on_edit is not None:
                    edit = ui.button("Edit", icon="edit", on_click=lambda s=section.id: on_edit(s)).props("flat")
                    edit.props["aria-label"] = f"Edit {section.title}"
                    edit.mark(f"edit:{section.id}")
            problems = evaluation.step_errors(section.id) if show_errors else {}
            if problems:
                ui.label(f"{len(problems)} answer(s) here need attention.").classes("wa-error")
            if not section.fields:
                ui.label("Nothing to answer on this step.").classes("wa-muted")
                continue
            with ui.element("dl").classes("w-full"):
                for field in section.fields:
                    Tag("dt", field.label)
                    if field.type != "group":
                        Tag("dd", _describe(field))
                        continue
                    with ui.element("dd"):
                        if not field.items:
                            ui.label(EMPTY)
                        _entries(field.items)


def _entries(items: list[list[PresentedField]]) -> None:
    """A group's entries, one list item each; an entry's own groups (a child's schools) are listed
    inside it, entry by entry, rather than as a count, so every answer can be checked."""
    with ui.element("ol"):
        for entry in items:
            parts = [f"{sub.label}: {sub.display}" for sub in entry if sub.type != "group" and sub.display]
            nested = [sub for sub in entry if sub.type == "group" and sub.items]
            if not nested:
                Tag("li", "; ".join(parts) or EMPTY)
                continue
            with ui.element("li"):
                Tag("span", "; ".join(parts) or EMPTY)
                for sub in nested:
                    Tag("div", f"{sub.label}:")
                    _entries(sub.items)
