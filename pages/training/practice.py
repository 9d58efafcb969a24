"""What the workflow runner does for a practice draft that belongs to a scenario attempt: show the
story beside every step, and on submit grade the answers against the scenario's key, keep the
result in the training records and send the intern to the feedback page.

Also starting a scenario: an empty draft in the user's own sandbox, and an attempt that names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nicegui import ui

from pages.services import Actor, Services, off_loop
from store import Attempt
from workflows.feedback import UnknownKey, grade
from workflows.model import Definition, local
from workflows.scenarios import Scenario


@dataclass(frozen=True)
class Practice:
    """A draft being worked as a scenario attempt."""

    attempt: Attempt
    scenario: Scenario


def render_story(scenario: Scenario, lang: str = "en") -> None:
    """The story as plain paragraphs (labels: the text is never read as HTML)."""
    for paragraph in scenario.paragraphs(lang):
        ui.label(paragraph).classes("mb-2")


def render_story_panel(scenario: Scenario, lang: str = "en") -> None:
    """The runner's "Scenario" panel: open at first, and it stays on every step."""
    panel = ui.column().classes("wa-card gap-1").mark("training:story")
    with panel, ui.expansion(f"Scenario: {local(scenario.title, lang)}", icon="menu_book", value=True).classes(
            "w-full").props("header-class=text-lg"):
        render_story(scenario, lang)


async def practice_for(services: Services, actor: Actor, doc_id: str) -> Practice | None:
    """The scenario attempt a training draft belongs to, if any (never in live mode)."""
    if actor.mode != "training":
        return None
    attempt = await off_loop(services.training.in_progress, actor.username, doc_id)
    if attempt is None or attempt.scenario_id not in services.scenarios:
        return None
    return Practice(attempt, services.scenarios.get(attempt.scenario_id))


async def start_scenario(services: Services, actor: Actor, scenario: Scenario) -> str:
    """A fresh practice draft for the scenario in the actor's sandbox; returns the runner's path."""
    if actor.mode != "training":
        raise PermissionError("scenarios are practised in training mode only")
    definition = services.catalogue.get(scenario.workflow)
    store = services.documents_for(actor)
    record = await off_loop(store.create_draft, definition.id, definition.version,
                            services.catalogue.sources[definition.id], actor.username, None, None, "training")
    attempt = await off_loop(services.training.start, actor.username, scenario.id, definition.id, record.id)
    services.audit(actor, "write", "document", record.id, None, f"scenario {scenario.id}")
    services.training_audit(actor, "write", "attempt", attempt.id, f"started {scenario.id}")
    return f"/draft/{record.id}"


async def finish_attempt(services: Services, actor: Actor, practice: Practice, definition: Definition,
                         answers: dict[str, Any], lang: str = "en") -> str:
    """Grade the submitted answers and keep the result; returns the feedback page's path (or the
    document's, if the answer key no longer fits the form version the draft was started with)."""
    try:
        feedback = grade(practice.scenario, definition, answers, lang)
    except UnknownKey:
        ui.notify("This scenario's answer key no longer fits this version of the form, so it could not be graded.")
        return f"/document/{practice.attempt.doc_id}"
    attempt = await off_loop(
        services.training.complete, practice.attempt.id, answers=answers, score=feedback.score,
        matched=feedback.matched, missed=feedback.missed, items=[i.model_dump() for i in feedback.items])
    services.training_audit(actor, "write", "attempt", attempt.id, f"submitted, score {feedback.score}")
    return f"/training/attempts/{attempt.id}"
