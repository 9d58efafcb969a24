"""Edit on the review screen: the step's Next goes straight back to the review (as GOV.UK's
"Change" does), unless the edit made a step appear that needs answers, which comes first; and the
stepper opens any step up to the first one that still needs answers."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from nicegui.testing import User
from support.ui import answer, login

from pages.services import get

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def plan_with_children() -> dict[str, Any]:
    return copy.deepcopy(json.loads((FIXTURES / "safety_plan_with_children.json").read_text()))


def make_draft(answers: dict[str, Any], step: str) -> str:
    services = get()
    record = services.cases.documents.create_draft(
        "safety_plan", services.catalogue.get("safety_plan").version, services.catalogue.sources["safety_plan"],
        "worker", answers=answers)
    services.cases.documents.save_draft(record.id, answers, step)
    return record.id


async def open_review(user: User, answers: dict[str, Any]) -> str:
    await login(user)
    doc_id = make_draft(answers, "review")
    await user.open(f"/draft/{doc_id}")
    await user.should_see("Review your answers")
    return doc_id


async def test_edit_then_save_goes_straight_back_to_the_review(user: User) -> None:
    doc_id = await open_review(user, plan_with_children())
    user.find(marker="edit:about").click()
    await user.should_see(marker="about.person_name")
    await user.should_see("Save and return to the review")
    await user.should_not_see("Review answers")
    answer(user, "about.person_name", "Jordan Reyes")
    user.find("Save and return to the review").click()
    await user.should_see("Review your answers")  # not the lethality screen, the next step in order
    await user.should_see("Jordan Reyes")
    assert get().cases.documents.get(doc_id).answers["about"]["person_name"] == "Jordan Reyes"


async def test_an_edit_that_makes_a_step_appear_goes_through_that_step_first(user: User) -> None:
    await open_review(user, plan_with_children())
    await user.should_not_see(marker="edit:protocol")
    user.find(marker="edit:lethality").click()
    await user.should_see(marker="lethality.q2")
    answer(user, "lethality.q2", True)  # threatened to kill: high danger, so the protocol step appears
    await user.should_see("Next")
    await user.should_not_see("Save and return to the review")
    user.find("Next").click()
    await user.should_see(marker="protocol.information_given")  # it needs answers: it comes first
    await user.should_see("Save and return to the review")
    answer(user, "protocol.hotline_called", True)
    answer(user, "protocol.spoke_with_advocate", True)
    answer(user, "protocol.information_given", "The advocate's safety-planning information")
    user.find("Save and return to the review").click()
    await user.should_see("Review your answers")
    await user.should_see(marker="edit:protocol")
    await user.should_see("High danger — screened in by the protocol")


async def test_back_on_an_edited_step_is_ordinary_back(user: User) -> None:
    await open_review(user, plan_with_children())
    user.find(marker="edit:leaving").click()
    await user.should_see("Save and return to the review")
    user.find("Back").click()
    await user.should_see(marker="during_incident.safer_rooms")
    await user.should_not_see("Save and return to the review")  # moving on by hand: Next is Next
    await user.should_see("Next")


async def test_the_stepper_jumps_forward_to_completed_steps_only(user: User) -> None:
    await login(user)
    answers = plan_with_children()
    del answers["protective_order"]["has_order"]  # required and unanswered: this step needs answers
    doc_id = make_draft(answers, "about")
    await user.open(f"/draft/{doc_id}")
    await user.should_see(marker="about.person_name")
    await user.should_see(marker="stepper:home")              # completed, after the step on screen
    await user.should_see(marker="stepper:protective_order")  # the first step that needs answers
    await user.should_not_see(marker="stepper:work_public")   # beyond it: shown, not linked
    await user.should_not_see(marker="stepper:review")
    user.find(marker="stepper:home").click()
    await user.should_see(marker="home.home_steps=change_locks")
    await user.should_see(marker="stepper:about")             # earlier steps stay linked
    user.find(marker="stepper:protective_order").click()
    await user.should_see(marker="protective_order.has_order")
    answer(user, "protective_order.has_order", False)         # answered: the rest opens up
    await user.should_see(marker="stepper:review")
    await user.should_see(marker="stepper:work_public")
    user.find(marker="stepper:review").click()
    await user.should_see("Review your answers")
