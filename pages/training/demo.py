"""Demo mode's practice (`make run`): one graded attempt by the demo intern, with one mistake, so a
demo supervisor has a submission to review at once. It is made in the demo intern's own sandbox
and the training records, never in live data; the demo intern can start any scenario at once."""

from __future__ import annotations

import copy

from pages.services import Services
from workflows.engine import evaluate
from workflows.feedback import grade
from workflows.scenarios import Scenario

DEMO_INTERN = "demo.intern"
PREFERRED = "sp_knife_threat_decides_alone"


def _with_one_mistake(scenario: Scenario) -> dict[str, dict[str, object]]:
    """The model answers with one yes/no question of the key answered the other way: the paper
    copy in the preferred scenario, else the last such question (the first ones tend to open
    whole sections, which would make the demo's one mistake many)."""
    answers = copy.deepcopy(scenario.model_answers)
    flippable = [e for e in scenario.key if isinstance(e.value, bool) and e.key.partition(".")[0] in answers
                 and e.key.partition(".")[2]]
    entry = next((e for e in flippable if e.key == "about.safe_to_take_home"), flippable[-1] if flippable else None)
    if entry is not None:
        step, _, field = entry.key.partition(".")
        answers[step][field] = not entry.value
    return answers


def seed_practice(services: Services) -> None:
    if services.accounts.get(DEMO_INTERN) is None or services.training.of_user(DEMO_INTERN):
        return
    scenario = services.scenarios.get(PREFERRED) if PREFERRED in services.scenarios else next(
        iter(services.scenarios), None)
    if scenario is None:
        return
    definition = services.catalogue.get(scenario.workflow)
    answers = _with_one_mistake(scenario)
    evaluation = evaluate(definition, answers)
    documents = services.training_store(DEMO_INTERN).documents
    draft = documents.create_draft(definition.id, definition.version, services.catalogue.sources[definition.id],
                                   DEMO_INTERN, None, answers, "training")
    record = documents.submit(draft.id, evaluation.answers, evaluation.computed)
    attempt = services.training.start(DEMO_INTERN, scenario.id, definition.id, record.id)
    feedback = grade(scenario, definition, record.answers)
    services.training.complete(attempt.id, answers=record.answers, score=feedback.score, matched=feedback.matched,
                               missed=feedback.missed, items=[i.model_dump() for i in feedback.items])
    print("DEMO MODE: demo.intern has one practice attempt (with a mistake) for demo.supervisor to review "
          "at /training/review.", flush=True)
