"""The crisis contact in the generic runner: staff can start it from the home page and from a case,
it is prefilled from the case, the review screen says what the screens mean, and a submitted
contact adds its follow-up and referrals to the case and, at high suicide risk, puts the case first
in the triage queue with a flag of its own. Its other flags (the due time, warm hand-offs) are
declared for the casework still to come (docs/workflows.md)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from nicegui.testing import User
from support.ui import login

from pages.services import get

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def high_risk_answers() -> dict:
    return copy.deepcopy(json.loads((FIXTURES / "crisis_contact_high_risk.json").read_text()))


async def test_staff_can_start_a_crisis_contact_from_the_home_page(user: User) -> None:
    await login(user)
    await user.should_see("Crisis contact (co-response)")
    user.find(marker="start:crisis_contact").click()
    await user.should_see("How did the contact come in?")


async def test_a_contact_from_a_case_is_prefilled_and_adds_its_follow_up_and_referrals(user: User) -> None:
    await login(user)
    store = get().cases
    person = store.add_person(first_name="Daniel", last_name="Reyes", date_of_birth="1988-07-02")
    case = store.open_case(person.id, "mental_health", created_by="worker", assigned_to="worker")

    await user.open(f"/cases/{case.id}")
    user.find(marker="case:start:crisis_contact").click()
    await user.should_see(marker="intake.came_in")
    draft = next(d for d in store.documents.case_documents(case.id) if d.status == "draft")
    prefilled = store.documents.get(draft.id).answers
    assert prefilled["person"] == {"first_name": "Daniel", "last_name": "Reyes", "date_of_birth": "1988-07-02"}

    store.documents.save_draft(draft.id, high_risk_answers(), "review")
    await user.open(f"/draft/{draft.id}")
    await user.should_see("High risk — do not leave the person alone; evaluate now")
    await user.should_see("Positive (at or over the cut-off)")
    user.find("Submit").click()
    await user.should_see("Revise (makes a new version)")

    assert [(f.title, f.kind, f.due_date) for f in store.follow_ups(case.id)] == [
        ("Crisis follow-up: home visit", "home_visit", "2026-03-16")]
    assert [r.resource_id for r in store.referrals(case.id)] == [
        "community-crisis-center", "988-lifeline", "home-for-all-coc"]
    # High suicide risk is a flag of its own, never taken for a lethality screen's high danger.
    flagged = store.get_case(case.id)
    assert (flagged.suicide_high_risk, flagged.suicide_risk_document, flagged.high_danger) == (True, draft.id, False)
    await user.open(f"/cases/{case.id}")
    await user.should_see("High suicide risk")
    await user.open("/")
    await user.should_see("High suicide risk on a crisis contact")
    audited = [e.detail for e in store.audit.for_case(case.id) if e.record_type == "case"]
    assert "suicide-risk screen recorded" in audited and "lethality screen recorded" not in audited
