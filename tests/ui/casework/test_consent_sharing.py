"""Consent gates sharing, as a worker sees it on the case file and the document page: a referral
without a covering consent is never "sent" (it is refused with the reason and offered as
information given to the client), a consent's scope is recorded in a few clicks, and a release
offers — and serves — only the copies the consent covers, whatever URL is typed."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

from nicegui.testing import User
from support.ui import login
from support.ui_casework import new_client, set_value

from pages.services import get

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CFPA = "center-for-prevention-of-abuse"
CFPA_NAME = "Center for Prevention of Abuse"
TODAY = dt.date.today()


def record_consent(user: User, resource: str, categories: list[str], purpose: str = "shelter intake",
                   details: str = "", quick: str = "90 days") -> None:
    """Fill in the case file's consent form as a worker would: recipient, ticks, purpose, a quick expiry."""
    set_value(user, "consent:resource", resource)
    for category in categories:
        set_value(user, f"consent:cat:{category}", True)
    set_value(user, "consent:purpose", purpose)
    if details:
        set_value(user, "consent:what", details)
    user.find(quick).click()
    user.find(marker="consent:add").click()


def ask_to_share(user: User, resource: str, categories: list[str]) -> None:
    set_value(user, "referral:resource", resource)
    set_value(user, "referral:how", "shared")
    for category in categories:
        set_value(user, f"referral:share:{category}", True)
    user.find(marker="referral:add").click()


async def test_a_referral_without_consent_is_not_sent(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Nia", "Noconsent")
    ask_to_share(user, CFPA, ["name", "phone"])
    await user.should_see(f"Not shared: No consent on file names {CFPA_NAME}.")
    assert get().cases.referrals(case_id) == []  # nothing recorded as shared, nothing at all yet
    refusals = [(e.action, e.record_type, e.detail) for e in get().cases.audit.for_case(case_id)]
    assert ("export", "referral", "refused: no consent covers it") in refusals
    user.find(marker="referral:instead").click()
    await user.should_see(f"{CFPA_NAME} — information given to the client {TODAY.isoformat()}; nothing shared")
    await user.should_see(f"Not shared: No consent on file names {CFPA_NAME}.")
    await user.should_not_see("shared with the provider")
    [referral] = get().cases.referrals(case_id)
    assert (referral.sharing, referral.status, referral.shared) == ("information_only", "given", [])
    status = next(iter(user.find(marker=f"referral:{referral.id}").elements))
    assert status.value == "given" and "Sent" not in status.options.values()  # type: ignore[attr-defined]


async def test_a_referral_shares_only_what_a_current_consent_covers(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Sol", "Shared")
    record_consent(user, CFPA, ["name", "phone", "children_count"])
    until = (TODAY + dt.timedelta(days=90)).isoformat()
    await user.should_see(f"To {CFPA_NAME}: Name; Phone number and safe times to call; The number of children — "
                          f"for shelter intake (signed {TODAY.isoformat()}, until {until}) — current")
    ask_to_share(user, CFPA, ["name", "address"])
    await user.should_see(f"Not shared: The consent on file for {CFPA_NAME} does not cover: Address or where the "
                          "client is staying.")
    set_value(user, "referral:share:address", False)
    user.find(marker="referral:add").click()
    await user.should_see(f"{CFPA_NAME} — shared with the provider {TODAY.isoformat()}: Name")
    [referral] = get().cases.referrals(case_id)
    assert (referral.sharing, referral.status, referral.shared) == ("shared", "sent", ["name"])
    # Revoked: nothing more goes out under it.
    [consent] = get().cases.consents(case_id)
    user.find(marker=f"consent:revoke:{consent.id}").click()
    await user.should_see("— revoked")
    ask_to_share(user, CFPA, ["name"])
    await user.should_see(f"Not shared: The consent for {CFPA_NAME} was revoked on {TODAY.isoformat()}.")
    assert len(get().cases.referrals(case_id)) == 1


async def test_mental_health_information_is_recorded_on_a_consent_of_its_own(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Mae", "Mental", case_type="mental_health")
    record_consent(user, "unitypoint-unityplace", ["name", "mental_health"], details="the crisis screen")
    await user.should_see("Not recorded: Mental-health information needs its own written consent")
    assert get().cases.consents(case_id) == []
    set_value(user, "consent:cat:name", False)
    user.find(marker="consent:add").click()
    await user.should_see("To UnityPoint Health – UnityPlace (now Carle Health Trillium Place): "
                          "Mental-health information — for shelter intake")
    [consent] = get().cases.consents(case_id)
    assert (consent.categories, consent.information) == (["mental_health"], "the crisis screen")


async def test_an_old_free_text_consent_covers_nothing_until_recorded_again(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Ola", "Oldform")
    store = get().cases

    def old_row(data: dict, case: object) -> None:  # as consents were stored before they had a scope
        data["consents"] = {"1": {"id": "c-old", "case_id": case_id, "person_id": "p", "recipient": "Legal aid",
                                  "information": "The safety plan", "signed_on": "2026-01-01",
                                  "expires_on": "2099-01-01", "created_by": "worker",
                                  "created_at": "2026-01-01T10:00:00+00:00"}}

    store._change_case(case_id, old_row)
    await user.open(f"/cases/{case_id}")
    await user.should_see("To Legal aid: “The safety plan” (signed 2026-01-01, until 2099-01-01) — recorded before "
                          "consents named what they cover: it covers nothing until recorded again")


def submitted_safety_plan(case_id: str) -> str:
    store = get().cases
    answers = copy.deepcopy(json.loads((FIXTURES / "safety_plan_with_children.json").read_text()))
    draft = store.documents.create_draft("safety_plan", 2, get().catalogue.sources["safety_plan"], "worker",
                                         case_id, answers)
    store.documents.submit(draft.id, answers, {})
    return draft.id


async def test_a_name_phone_children_consent_never_releases_the_lethality_record(user: User) -> None:
    await login(user)
    case_id = await new_client(user, "Rae", "Release")
    doc_id = submitted_safety_plan(case_id)
    store = get().cases
    await user.open(f"/document/{doc_id}")
    await user.should_see("There is no current consent to release information on this case")
    assert (await user.http_client.get(f"/document/{doc_id}/release/take_home?consent=nothing")).status_code == 403

    narrow = store.add_consent(case_id, person_id=store.get_case(case_id).client_id, recipient=CFPA_NAME,
                               resource_id=CFPA, categories=["name", "phone", "children_count"], purpose="shelter",
                               signed_on=TODAY.isoformat(), expires_on=(TODAY + dt.timedelta(days=30)).isoformat(),
                               created_by="worker")
    await user.open(f"/document/{doc_id}")
    await user.should_see("it covers Name; Phone number and safe times to call; The number of children.")
    await user.should_see("It covers no copy of this document.")
    await user.should_not_see(f"for {CFPA_NAME}")  # no download link at all
    crafted = await user.http_client.get(f"/document/{doc_id}/release/staff_record?consent={narrow.id}")
    assert crafted.status_code == 403
    assert crafted.text == (f"Not released: The consent on file for {CFPA_NAME} does not cover: The lethality screen "
                            "and the staff safety-plan record. Nothing was shared.")

    plan = store.add_consent(case_id, person_id=store.get_case(case_id).client_id, recipient="Legal aid",
                             categories=["name", "safety_plan_take_home"], purpose="order of protection hearing",
                             signed_on=TODAY.isoformat(), expires_on=(TODAY + dt.timedelta(days=30)).isoformat(),
                             created_by="worker")
    await user.open(f"/document/{doc_id}")
    await user.should_see("Download Safety plan (take-home copy) for Legal aid")
    await user.should_not_see("Download Safety plan and lethality screen (staff record) for Legal aid")
    released = await user.http_client.get(f"/document/{doc_id}/release/take_home?consent={plan.id}")
    assert released.status_code == 200 and released.content.startswith(b"%PDF")
    assert (await user.http_client.get(f"/document/{doc_id}/release/staff_record?consent={plan.id}")).status_code == 403
    assert (await user.http_client.get(f"/document/{doc_id}/release/nosuch?consent={plan.id}")).status_code == 404

    store.revoke_consent(case_id, plan.id, by="worker")
    revoked = await user.http_client.get(f"/document/{doc_id}/release/take_home?consent={plan.id}")
    assert revoked.status_code == 403 and "was revoked" in revoked.text
    lapsed = store.add_consent(case_id, person_id=store.get_case(case_id).client_id, recipient="Legal aid",
                               categories=["safety_plan_take_home"], purpose="hearing", signed_on="2025-01-01",
                               expires_on="2025-06-30", created_by="worker")
    expired = await user.http_client.get(f"/document/{doc_id}/release/take_home?consent={lapsed.id}")
    assert expired.status_code == 403 and "expired on 2025-06-30" in expired.text

    exports = [e.detail for e in store.audit.for_case(case_id) if e.action == "export"]
    assert f"released under consent {plan.id}" in exports
    assert f"refused: consent {narrow.id} does not cover staff_record" in exports
    assert f"refused: consent {plan.id} does not cover staff_record" in exports
    assert {"refused: no such consent", "refused: consent revoked", "refused: consent expired"} <= set(exports)
