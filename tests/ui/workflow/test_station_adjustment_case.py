"""A station adjustment started from a juvenile case: the unit's earlier adjustments for the same
minor are filled in as priors, and the submitted intake adds its follow-up and referrals to the
case — shared with the provider only under a consent that covers it, otherwise as information
given to the family."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

from nicegui.testing import User
from support.ui import login

from pages.services import get

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CCBYS = "Comprehensive Community-Based Youth Services (Children's Home Association of Illinois)"


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
    [referral] = store.referrals(now.id)
    assert referral.resource_id == "ccbys-childrens-home-association"
    # No consent on the case: the referral is information given to the family, never "sent".
    assert (referral.sharing, referral.status, referral.shared) == ("information_only", "given", [])
    await user.open(f"/cases/{now.id}")
    await user.should_see(f"{CCBYS} — information given to the client")
    await user.should_see(f"Not shared: No consent on file names {CCBYS}.")
    await user.should_not_see("shared with the provider")


async def test_the_automatic_referral_shares_only_under_a_consent_that_covers_it(user: User) -> None:
    await login(user)
    store = get().cases
    minor = store.add_person(first_name="Ana", last_name="Young", date_of_birth="2010-09-01")
    case = store.open_case(minor.id, "juvenile_family", created_by="worker", assigned_to="worker")
    today = dt.date.today()
    narrow = store.add_consent(case.id, person_id=minor.id, recipient=CCBYS,
                               resource_id="ccbys-childrens-home-association", categories=["name", "phone"],
                               purpose="youth services",
                               signed_on=today.isoformat(), expires_on=(today + dt.timedelta(days=30)).isoformat(),
                               created_by="worker")
    source = get().catalogue.sources["station_adjustment"]
    version = get().catalogue.get("station_adjustment").version
    first = store.documents.create_draft("station_adjustment", version, source, "worker", case.id, formal_answers())
    store.documents.save_draft(first.id, formal_answers(), "review")
    await user.open(f"/draft/{first.id}")
    user.find("Submit").click()
    await user.should_see("Revise (makes a new version)")
    [refused] = store.referrals(case.id)  # the consent does not cover why the family is referred
    assert (refused.sharing, refused.reason) == (
        "information_only", f"The consent on file for {CCBYS} does not cover: What help the client asked for (the "
        "reason for the referral).")

    store.revoke_consent(case.id, narrow.id, by="worker")
    covering = store.add_consent(case.id, person_id=minor.id, recipient=CCBYS,
                                 resource_id="ccbys-childrens-home-association",
                                 categories=["name", "phone", "services_requested"], purpose="youth services",
                                 signed_on=today.isoformat(), expires_on=(today + dt.timedelta(days=30)).isoformat(),
                                 created_by="worker")
    second = store.documents.create_draft("station_adjustment", version, source, "worker", case.id, formal_answers())
    store.documents.save_draft(second.id, formal_answers(), "review")
    await user.open(f"/draft/{second.id}")
    user.find("Submit").click()
    await user.should_see("Revise (makes a new version)")
    shared = store.referrals(case.id)[1]
    assert (shared.sharing, shared.status, shared.consent_ids) == ("shared", "sent", [covering.id])
    await user.open(f"/cases/{case.id}")
    await user.should_see(f"{CCBYS} — shared with the provider {today.isoformat()}: Name; Phone number and safe "
                          "times to call; What help the client asked for (the reason for the referral)")
