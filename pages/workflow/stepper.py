"""Where you are in a workflow: "Step 3 of 9", a progress bar, and the steps as a list. Any step
before the one you are on can be opened, and so can any step forward up to the first one that
still needs answers (the review too, once nothing does); steps beyond it are shown, not linked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from workflows.engine import Evaluation, first_incomplete_step
from workflows.model import Definition, local

REVIEW = "review"


def reachable(evaluation: Evaluation, current: str) -> set[str]:
    """The steps the stepper links to from `current` (the review is `REVIEW`)."""
    visible = evaluation.visible_steps
    steps = [*visible, REVIEW]
    position = steps.index(current) if current in steps else 0
    incomplete = first_incomplete_step(evaluation)
    furthest = steps.index(incomplete) if incomplete is not None else len(visible)
    return {step for index, step in enumerate(steps) if step != current and (index < position or index <= furthest)}


def render_progress(definition: Definition, evaluation: Evaluation, current: str, lang: str,
                    go: Callable[[str], Awaitable[Any]]) -> None:
    visible = evaluation.visible_steps
    position = len(visible) if current == REVIEW else visible.index(current)
    title = "Review your answers" if current == REVIEW else local(definition.step(current).title, lang)
    total = len(visible) + 1
    ui.label(f"Step {position + 1} of {total}: {title}").classes("wa-muted")
    bar = ui.linear_progress(value=(position + 1) / total, show_value=False)
    bar.props["aria-label"] = f"Step {position + 1} of {total}"
    links = reachable(evaluation, current)
    nav = ui.element("nav").classes("w-full")
    nav.props["aria-label"] = "Steps"
    with nav, ui.element("ol").classes("wa-steps"):
        for index, step_id in enumerate([*visible, REVIEW]):
            label = "Review" if step_id == REVIEW else local(definition.step(step_id).title, lang)
            item = ui.element("li")
            with item:
                if step_id == current:
                    item.props["aria-current"] = "step"
                    ui.label(f"{index + 1}. {label}")
                elif step_id in links:
                    link = ui.button(f"{index + 1}. {label}", on_click=lambda s=step_id: go(s))
                    link.props("flat dense no-caps align=left").mark(f"stepper:{step_id}")
                    if step_id == REVIEW or not evaluation.step_errors(step_id):
                        link.classes("wa-step-done")
                else:
                    ui.label(f"{index + 1}. {label}").classes("wa-muted")
