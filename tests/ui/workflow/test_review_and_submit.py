"""The review screen, submitting (with every step checked again), the submitted document's page
and revising it. Drafts are prepared through the store, as a resumed draft would be."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nicegui.testing import User
from support.ui import fixture_answers, login

from pages.services import get

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"




def make_draft(answers: dict[str, Any], step: str | None = None) -> str:
    services = get()
    record = services.cases.documents.create_draft(
        "safety_plan", services.catalogue.get("safety_plan").version, services.catalogue.sources["safety_plan"],
        "worker", answers=answers)
    if step:
        services.cases.documents.save_draft(record.id, answers, step)
    return record.id


async def test_review_lists_every_answer_with_edit_links(user: User) -> None:
    await login(user)
    doc_id = make_draft(fixture_answers("safety_plan_high_danger.json"), "review")
    await user.open(f"/draft/{doc_id}")
    await user.should_see("Review your answers")
    await user.should_see(marker="edit:lethality")
    await user.should_see(marker="edit:protocol")
    await user.should_see(marker="edit:numbers")
    await user.should_see("Ana (sister)")  # an important number, as entered
    await user.should_not_see(marker="edit:children")  # no children: the step is hidden
    await user.should_see("What the answers mean")
    await user.should_see("High danger — screened in by the protocol")
    user.find(marker="edit:lethality").click()
    await user.should_see(marker="lethality.q1")


async def test_submit_checks_every_step_again(user: User) -> None:
    await login(user)
    answers = fixture_answers("safety_plan_high_danger.json")
    del answers["protocol"]["information_given"]  # a required answer on an earlier step
    doc_id = make_draft(answers, "review")
    await user.open(f"/draft/{doc_id}")
    await user.should_see("Review your answers")
    user.find("Submit").click()
    await user.should_see("Some answers need attention before this can be submitted:")
    await user.should_see("High-danger protocol: 1 to fix")
    assert get().cases.documents.get(doc_id).status == "draft"
    user.find(marker="fix:protocol").click()
    await user.should_see(marker="protocol.information_given")


async def test_submitting_makes_a_final_document_with_its_pdfs(user: User) -> None:
    await login(user)
    doc_id = make_draft(fixture_answers("safety_plan_with_children.json"), "review")
    await user.open(f"/draft/{doc_id}")
    await user.should_see("Review your answers")
    user.find("Submit").click()
    await user.should_see("Download Safety plan (take-home copy) (PDF)")
    await user.should_see("Download Safety plan and lethality screen (staff record) (PDF)")
    record = get().cases.documents.get(doc_id)
    assert record.status == "submitted"
    assert record.computed["high_danger"] is False
    # The draft page of a submitted document shows the document, not an editable form.
    await user.open(f"/draft/{doc_id}")
    await user.should_see("Revise (makes a new version)")
    await user.should_not_see("Review your answers")


async def test_hidden_answers_are_not_kept_in_the_submitted_document(user: User) -> None:
    await login(user)
    answers = fixture_answers("safety_plan_with_children.json")
    answers["about"]["intimate_partner"] = False  # the screen is now hidden …
    answers.setdefault("lethality", {})["q1"] = True  # … so this stale answer must not count
    doc_id = make_draft(answers, "review")
    await user.open(f"/draft/{doc_id}")
    user.find("Submit").click()
    await user.should_see("Download Safety plan (take-home copy) (PDF)")
    record = get().cases.documents.get(doc_id)
    assert "lethality" not in record.answers
    assert record.computed["high_danger"] is False


async def test_revising_a_submitted_document_starts_a_new_version(user: User) -> None:
    await login(user)
    doc_id = make_draft(fixture_answers("safety_plan_with_children.json"), "review")
    await user.open(f"/draft/{doc_id}")
    user.find("Submit").click()
    await user.should_see("Revise (makes a new version)")
    user.find("Revise (makes a new version)").click()
    await user.should_see(marker="about.person_name")
    assert user.find(marker="about.person_name").elements.pop().value == "Jordan"  # answers carried over
    drafts = get().cases.documents.drafts("worker")
    assert len(drafts) == 1 and drafts[0].id != doc_id
    revision = get().cases.documents.get(drafts[0].id)
    assert revision.supersedes == doc_id and revision.revision == 2
    assert get().cases.documents.get(doc_id).status == "submitted"


async def test_an_unknown_draft_says_so(user: User) -> None:
    await login(user)
    await user.open("/draft/nosuchdraft")
    await user.should_see("This draft was not found")
