"""A submit on a case is one write of its case file (CaseStore.submit_on_case), and the audit still
says each thing it changed, in the order it always has: the document, the lethality screen, the
follow-up, the referrals."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from nicegui.testing import User
from support.ui import login

from pages.services import get

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def fixture(name: str) -> dict:
    return copy.deepcopy(json.loads((FIXTURES / name).read_text()))


async def submit(user: User, workflow: str, case_id: str, answers: dict) -> str:
    store = get().cases
    source, version = get().catalogue.sources[workflow], get().catalogue.get(workflow).version
    draft = store.documents.create_draft(workflow, version, source, "worker", case_id, answers)
    await user.open(f"/draft/{draft.id}?step=review")
    user.find("Submit").click()
    await user.should_see("Revise (makes a new version)")
    return draft.id


def written(case_id: str) -> list[tuple[str, str]]:
    events = reversed(get().cases.audit.for_case(case_id))  # oldest first
    return [(e.record_type, e.detail) for e in events if e.action == "write"]


async def test_a_high_danger_screen_audits_the_submit_and_the_flag(user: User) -> None:
    await login(user)
    store = get().cases
    client = store.add_person(first_name="Bea", last_name="Later")
    case = store.open_case(client.id, "domestic_violence", created_by="worker", assigned_to="worker")
    doc_id = await submit(user, "safety_plan", case.id, fixture("safety_plan_high_danger.json"))
    flagged = store.get_case(case.id)
    assert (flagged.high_danger, flagged.high_danger_document) == (True, doc_id)
    assert written(case.id)[-2:] == [("document", "submitted"), ("case", "lethality screen recorded")]


async def test_a_station_adjustment_audits_its_follow_up_and_referral(user: User) -> None:
    await login(user)
    store = get().cases
    minor = store.add_person(first_name="Tim", last_name="Young", date_of_birth="2010-09-01")
    case = store.open_case(minor.id, "juvenile_family", created_by="worker", assigned_to="worker")
    doc_id = await submit(user, "station_adjustment", case.id, fixture("station_adjustment_formal.json"))
    assert written(case.id)[-3:] == [("document", "submitted"), ("follow_up", f"from {doc_id}"),
                                     ("referral", f"from {doc_id}: information_only")]
    [follow_up], [referral] = store.follow_ups(case.id), store.referrals(case.id)
    assert {e.record_id for e in store.audit.for_case(case.id)} >= {doc_id, follow_up.id, referral.id}
