"""Training mode as interns, social workers and supervisors use it: switching modes, starting a
scenario (story and coaching on screen), the feedback after a submission with a mistake, a
supervisor's comments and review, resetting a sandbox, and who may see which practice."""

from __future__ import annotations

import asyncio
import copy

from nicegui.testing import User
from support.ui import answer, login

from pages import services as services_module

SCENARIO = "sp_high_danger_through_questions_4_to_11"
STORY_BIT = "He does have a gun. He bought a handgun last fall"
COACH_ABOUT = "Interns — start by explaining what a safety plan is"


def current_path(user: User) -> str:
    assert user.back_history, "no page was opened"
    return user.back_history[-1]


async def start_scenario(user: User, scenario_id: str = SCENARIO) -> str:
    """Open the scenario's page, press Start; returns the new practice draft's id."""
    await user.open(f"/training/scenarios/{scenario_id}")
    user.find(marker="start-scenario").click()
    await user.should_see("Step 1 of")
    path = current_path(user)
    assert path.startswith("/draft/"), path
    return path.removeprefix("/draft/").split("?")[0]


async def submit_with(user: User, username: str, doc_id: str, changes: dict[str, dict[str, object]]) -> None:
    """Fill the draft with the scenario's model answers changed by `changes` (as if typed in), then
    press Submit on the review screen."""
    services = services_module.get()
    answers = copy.deepcopy(services.scenarios.get(SCENARIO).model_answers)
    for step, fields in changes.items():
        answers.setdefault(step, {}).update(fields)
    services.training_store(username).documents.save_draft(doc_id, answers, "review")
    await user.open(f"/draft/{doc_id}?step=review")
    await user.should_see("Review your answers")
    user.find("Submit").click()
    await user.should_see("Feedback:")


async def test_a_social_worker_switches_into_training_mode_and_back(user: User) -> None:
    await login(user, "worker")
    await user.should_not_see("TRAINING MODE")
    user.find(marker="mode:switch").click()
    await user.should_see("TRAINING MODE")
    await user.should_see("Training: practise on scenarios")
    assert current_path(user) == "/training"
    await user.open("/")
    await user.should_see("TRAINING MODE")  # every screen says so
    user.find("Back to live work").click()
    await user.should_not_see("TRAINING MODE")
    await user.should_see("Practise in training mode")


async def test_an_intern_is_always_in_training_mode_and_cannot_switch(user: User) -> None:
    await login(user, "intern")
    await user.should_see("TRAINING MODE")
    await user.should_not_see("Back to live work")
    await user.open("/training")
    await user.should_see("Renata")
    await user.should_see("Not tried yet")


async def test_a_scenario_shows_its_story_and_the_coaching_on_every_step(user: User) -> None:
    await login(user, "intern")
    await user.open("/training")
    await user.should_see("Personal safety plan")
    await user.open(f"/training/scenarios/{SCENARIO}")
    await user.should_see(STORY_BIT)
    await start_scenario(user)
    await user.should_see(STORY_BIT)  # the story stays beside the workflow
    await user.should_see(COACH_ABOUT)


async def test_the_feedback_shows_what_was_missed_and_why(user: User) -> None:
    await login(user, "intern")
    doc_id = await start_scenario(user)
    # The deliberate mistake: "he didn't choke me" taken at face value.
    await submit_with(user, "intern", doc_id, {"lethality": {"q5": False}})
    assert current_path(user).startswith("/training/attempts/")
    await user.should_see("Missed")
    await user.should_see("Strangulation is one of the strongest predictors")
    await user.should_see("Expected: Yes")
    await user.should_see("You gave: No")
    score = next(iter(user.find(marker="feedback:score").elements)).text  # type: ignore[attr-defined]
    assert "of 100" in score and not score.startswith("Score: 100")
    await user.should_see("Open the practice document and its PDFs")
    await user.should_see("Try this scenario again")
    # The library now shows the best score so far, and "My attempts" lists the submission.
    await user.open("/training")
    await user.should_see("Your best score:")
    await user.should_see("Open feedback")


async def test_a_supervisors_comments_and_review_reach_the_intern(user: User) -> None:
    await login(user, "intern")
    doc_id = await start_scenario(user)
    await submit_with(user, "intern", doc_id, {"lethality": {"q5": False}})
    attempt_path = current_path(user)
    await user.open("/logout")

    await login(user, "super")
    await user.open("/training/review")
    await user.should_see("Ira Intern")
    await user.should_see("Not reviewed yet")
    await user.open(attempt_path)
    user.find(marker="comment:lethality").type("Listen for what happened: a hand on the neck is question 5.")
    user.find(marker="comment-send:lethality").click()
    await user.should_see("Supervisor's comment — Pat Supervisor")
    user.find(marker="comment:whole").type("Good protocol steps otherwise.")
    user.find(marker="comment-send:whole").click()
    await user.should_see("Good protocol steps otherwise.")
    # A step the answer key does not grade can take a comment too.
    user.find(marker="comment:during_incident").type("Ask her for a code word as well.")
    user.find(marker="comment-send:during_incident").click()
    await user.should_see("During a violent incident · 1 comment")
    user.find(marker="feedback:review").click()
    await user.should_see("Reviewed by Pat Supervisor")
    await user.open("/logout")

    await login(user, "intern")
    await user.open(attempt_path)
    await user.should_see("Listen for what happened: a hand on the neck is question 5.")
    await user.should_see("Good protocol steps otherwise.")
    await user.should_see("Ask her for a code word as well.")
    await user.should_see("Reviewed by Pat Supervisor")
    await user.should_not_see("Mark reviewed")
    await user.should_not_see(marker="comment:whole")  # interns read comments; they do not write them
    await user.open("/training")
    await user.should_see("Reviewed · 3 comments")


async def test_resetting_a_sandbox_removes_practice_and_keeps_scores(user: User) -> None:
    await login(user, "intern")
    submitted = await start_scenario(user)
    await submit_with(user, "intern", submitted, {})
    draft = await start_scenario(user)
    await user.open("/logout")

    await login(user, "super")
    await user.open("/training/progress/intern")
    await user.should_see("Scenarios done: 1 of")
    user.find(marker="reset:open").click()
    await user.should_see("1 practice draft, 1 submitted practice document")
    await user.should_see("It keeps every score, every piece of feedback and every supervisor comment")
    progress_before = user.client
    user.find(marker="reset:confirm").click()
    await user.should_see("practice sandbox is empty again")
    for _ in range(100):  # the progress page opens again; logging out while it loads would end its session mid-build
        if user.client is not progress_before:
            break
        await asyncio.sleep(0.05)
    await user.should_see("Scenarios done: 1 of")
    await user.open("/logout")

    await login(user, "intern")
    await user.open(f"/draft/{draft}")
    await user.should_see("This draft was not found")
    await user.open(f"/document/{submitted}")
    await user.should_see("This document was not found")
    await user.open("/training")
    await user.should_see("Your best score: 100 of 100")
    await user.should_see("Open feedback")
    records = services_module.get().training.audit.for_user("super")
    assert any(e.action == "write" and e.record_type == "sandbox" and e.record_id == "intern" for e in records)


async def test_interns_may_not_review_or_see_other_peoples_practice(user: User) -> None:
    await login(user, "worker")
    services = services_module.get()
    user.find(marker="mode:switch").click()
    await user.should_see("Training: practise on scenarios")
    doc_id = await start_scenario(user)
    await submit_with(user, "worker", doc_id, {})
    workers_attempt = current_path(user)
    await user.open("/logout")

    await login(user, "intern")
    assert (await user.http_client.get("/training/review")).status_code == 403
    await user.open("/training/progress/worker")
    await user.should_see("There is no progress to show here")
    await user.open(workers_attempt)
    await user.should_see("This practice attempt was not found")
    # Another person's practice draft is not in the intern's sandbox at all.
    await user.open(f"/document/{doc_id}")
    await user.should_see("This document was not found")
    await user.open("/training/progress/intern")
    await user.should_see("Training progress: Ira Intern")
    assert services.sandboxes.folder("intern") != services.sandboxes.folder("worker")


async def test_a_walk_in_kiosk_scenario_is_practised_on_the_staff_runner(user: User) -> None:
    await login(user, "intern")
    await user.open("/training")
    await user.should_see("Ask for help")  # the kiosk intake has its own group in the library
    doc_id = await start_scenario(user, "ki_not_safe_right_now")
    await user.should_see("My boyfriend is out in the parking lot")
    services = services_module.get()
    answers = copy.deepcopy(services.scenarios.get("ki_not_safe_right_now").model_answers)
    answers["contact"] = {"phone": "309-555-0199", "may_call": True, "may_text": False, "may_leave_voicemail": False}
    services.training_store("intern").documents.save_draft(doc_id, answers, "review")
    await user.open(f"/draft/{doc_id}?step=review")
    user.find("Submit").click()
    await user.should_see("Feedback: Bree")
    await user.should_see("He goes through her phone, so leave the number out")
    # Nothing went to the live walk-in queue.
    assert services.cases.intakes.open_intakes() == []


async def test_demo_mode_leaves_one_practice_attempt_to_review_and_nothing_live(user: User) -> None:
    from pages.training.demo import seed_practice

    await login(user, "super")
    services = services_module.get()
    services.accounts.add("demo.intern", "Demo intern (DEMO)", "intern", "correct horse battery staple", demo=True)
    seed_practice(services)
    seed_practice(services)  # a second start adds nothing
    assert len(services.training.submissions()) == 1
    assert services.cases.documents.submitted(mode="live") == [] and services.cases.documents.drafts(mode="live") == []
    await user.open("/training/review")
    await user.should_see("Demo intern (DEMO)")
    await user.should_see("Not reviewed yet")


async def test_a_draft_open_during_a_reset_says_it_is_gone(user: User) -> None:
    await login(user, "intern")
    await start_scenario(user)
    services = services_module.get()
    services.sandboxes.reset("intern", services.training.archive, "2026-11-26T22:00:00+00:00")
    services.training.sandbox_reset("intern", "super")
    for key, value in (("about.person_name", "Renata"), ("about.plan_date", "2026-02-09"),
                       ("about.intimate_partner", True), ("about.has_children", False)):
        answer(user, key, value)
    user.find("Next").click()
    await user.should_see("Training: practise on scenarios")
    await user.should_see("Not tried yet")
