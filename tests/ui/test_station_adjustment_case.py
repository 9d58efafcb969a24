"""A station adjustment started from a juvenile case: the unit's earlier adjustments for the same
minor are filled in as priors, and the submitted intake adds its follow-up and referrals to the
case."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from nicegui.testing import User

from pages.services import get
from tests.ui.helpers import login

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def formal_answers() -> dict:
    return copy.deepcopy(json.loads((FIXTURES / "station_adjustment_formal.json").read_text()))


async def test_priors_are_prefilled_and_the_case_gets_its_follow_up_and_referral(user: User) -> None:
    await login(user)
    store = get().cases
    minor = store.add_person(first_name="Tim", last_name="Young", date_of_birth="2010-09-01")
    earlier = store.open_case(minor.id, "juvenile_family", created_by="worker", assigned_to="worker")
    now = store.open_case(minor.id, "juvenile_family", created_by="worker", assigned_to="worker")
    source = get().catalogue.sources["station_adjustment"]
    version = get().catalogue.get("station_adjustment").version
    old = store.documents.create_draft("station_adjustment", version, source, "worker", earlier.id,
                                       formal_answers())
    store.documents.submit(old.id, formal_answers(), {})

    await user.open(f"/cases/{now.id}")
    user.find(marker="case:start:station_adjustment").click()
    await user.should_see(marker="minor.date_of_birth")
    draft = next(d for d in store.documents.case_documents(now.id) if d.status == "draft")
    priors = store.documents.get(draft.id).answers["history"]["prior_adjustments"]
    assert priors == [{"type": "formal", "offense_class": "misdemeanor", "date": "2026-03-14",
                       "agency": f"This unit (case {earlier.id})"}]

    answers = formal_answers()
    store.documents.save_draft(draft.id, answers, "review")
    await user.open(f"/draft/{draft.id}")
    user.find("Submit").click()
    await user.should_see("Revise (makes a new version)")
    follow_ups = store.follow_ups(now.id)
    assert [(f.title, f.kind, f.due_date) for f in follow_ups] == [
        ("Station adjustment follow-up: home visit", "home_visit", "2026-03-23")]
    assert [r.resource_id for r in store.referrals(now.id)] == ["ccbys-childrens-home-association"]
