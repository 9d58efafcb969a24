"""The casework story in Chromium: a social worker creates a client and case (after the form's
errors showed beside their fields and took the focus), runs the safety plan from the case
(prefilled), sees the high-danger result put the case first in the triage queue, changes what is
safe for the client's phone, records a note, a referral (refused as a share without the client's
consent, recorded as information given to the client, then shared once a consent covers it), the
consent itself, a release that offers only the copy the consent covers, and a follow-up visit,
closes the case (it leaves the queue) and reopens it (it is back), and logs out; a supervisor sees
the unit's cases, assigns one and reads its audit trail; an intern cannot open any live case.
axe-core checks every new screen and form on the way."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from support.accessibility import NO_TRANSITION_RUNNING, WCAG_A_AA
from support.app_server import RunningApp
from support.safety_plan import high_danger_protocol, plan_sections, submit
from support.workflow_driver import Runner, log_in, pdf_pages
from support.workflow_driver import create_client as shared_create_client

pytestmark = pytest.mark.e2e


def accessible(page: Page, where: str) -> None:
    page.wait_for_function(NO_TRANSITION_RUNNING)
    results = Axe().run(page, options=WCAG_A_AA)
    assert results.violations_count == 0, f"{where}:\n{results.generate_report()}"


def create_client(page: Page, first: str, last: str, phone: str) -> str:
    return shared_create_client(page, first, last, phone, on_form=lambda p: accessible(p, "new client form"))


def new_client_errors(page: Page) -> None:
    """Saving the empty form: each error beside its field, the summary, focus on the first one;
    filling a field in takes its error away."""
    accessible(page, "new client form")
    page.get_by_role("button", name="Save client and open case").click()
    expect(page.get_by_role("alert").filter(has_text="Please correct 2 things before saving:")).to_be_visible()
    expect(page.get_by_label("First name")).to_be_focused()
    first_error = page.locator(".q-field--error").filter(has=page.get_by_label("First name"))
    expect(first_error).to_contain_text("Enter a first or last name (or a name the client uses).")
    type_error = page.locator(".q-field--error").filter(has=page.get_by_label("Type of case"))
    expect(type_error).to_contain_text("Choose the type of case.")
    accessible(page, "new client form, with errors shown")
    page.get_by_label("First name").fill("Olive")
    expect(page.get_by_text("Please correct 1 thing before saving:")).to_be_visible()
    expect(first_error).to_have_count(0)


def edit_phone_preferences(page: Page) -> None:
    """The client now says calls are not safe on this number, texts are, after 5 pm."""
    page.get_by_role("button", name="Edit contact details").click()
    expect(page.get_by_role("heading", name="Edit contact details")).to_be_visible()
    expect(page.get_by_label("Phone number")).to_be_focused()
    phone = page.get_by_role("group", name="Phone 1")
    expect(phone.get_by_role("group", name="May we leave a voicemail on this number?").get_by_role(
        "radio", name="No", exact=True)).to_be_checked()  # what applies today
    phone.get_by_role("group", name="May we call this number?").get_by_role("radio", name="No", exact=True).click()
    phone.get_by_role("group", name="May we text this number?").get_by_role("radio", name="Yes", exact=True).click()
    phone.get_by_label("Safe times to use this number").fill("after 5 pm")
    accessible(page, "contact details editor")
    page.get_by_role("button", name="Save contact details").click()
    expect(page.get_by_text("Contact details saved.")).to_be_visible()
    expect(page.get_by_text("Safe contact: text only; no voicemail; safe times: after 5 pm")).to_be_visible()
    expect(page.get_by_role("button", name="Edit contact details")).to_be_focused()


def close_and_reopen(page: Page, base_url: str, case_id: str) -> None:
    page.get_by_role("button", name="Close this case…").click()
    expect(page.get_by_label("Why")).to_be_focused()
    accessible(page, "closing a case")
    page.get_by_label("Why").click()
    page.get_by_role("option", name="Client declined further services").click()
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_text(re.compile(r"^Closed .* by worker: Client declined further services$"))).to_be_visible()
    expect(page.get_by_text(re.compile("off the queue and off everyone's lists"))).to_be_visible()
    accessible(page, "a closed case")
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", name="Triage queue")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(f"— {case_id}"))).to_have_count(0)
    page.goto(f"{base_url}/cases/{case_id}")
    page.get_by_role("button", name="Reopen this case…").click()
    page.get_by_label("Why").click()
    page.get_by_role("option", name="New incident reported").click()
    page.get_by_label("In your own words").fill("She called after a new threat.")
    page.get_by_role("button", name="Reopen the case").click()
    expect(page.get_by_text(re.compile(r"^Reopened .* by worker: New incident reported — She called after a new "
                                       r"threat\.$"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Closed .* by worker: Client declined further services$"))).to_be_visible()
    page.goto(base_url + "/")
    expect(page.get_by_role("link", name=re.compile(f"— {case_id}"))).to_be_visible()
def refer(page: Page, share: list[str]) -> None:
    referrals = page.locator("[aria-label='Referrals']")
    referrals.get_by_label("Refer to").click()
    page.get_by_role("option", name=re.compile("^Center for Prevention of Abuse")).click()
    referrals.get_by_role("radio", name=re.compile("^Share information with the provider")).click()
    for label in share:
        referrals.get_by_role("checkbox", name=label, exact=True).click()
    referrals.get_by_role("button", name="Add referral").click()


def consent_gates_sharing(page: Page, live_app: RunningApp) -> None:
    """On the case file: no consent, no sharing (and never "sent"); a consent's scope recorded in a
    few clicks; then only what it covers goes out, and a release offers only the copy it covers."""
    referrals = page.locator("[aria-label='Referrals']")
    consents = page.locator("[aria-label='Consent to release information']")
    refer(page, ["Name", "Phone number and safe times to call"])
    refused = "Not shared: No consent on file names Center for Prevention of Abuse."
    expect(referrals.get_by_text(refused)).to_be_visible()
    referrals.get_by_role("button", name="Record as information given to the client instead").click()
    expect(referrals.get_by_text(re.compile(
        r"^Center for Prevention of Abuse — information given to the client \S+; nothing shared$"))).to_be_visible()
    expect(referrals.get_by_text(re.compile("shared with the provider|— sent"))).to_have_count(0)

    # The client signs the shelter's consent: name, phone, number of children, for 90 days.
    consents.get_by_label("Who may receive it").click()
    page.get_by_role("option", name="Center for Prevention of Abuse", exact=True).click()
    for label in ("Name", "Phone number and safe times to call", "The number of children"):
        consents.get_by_role("checkbox", name=label, exact=True).click()
    consents.get_by_label("Purpose (what it is shared for)").fill("shelter intake")
    consents.get_by_role("button", name="90 days").click()
    consents.get_by_role("button", name="Record consent").click()
    expect(consents.get_by_text(re.compile(
        r"^To Center for Prevention of Abuse: Name; Phone number and safe times to call; The number of children "
        r"— for shelter intake \(signed \S+, until \S+\) — current$"))).to_be_visible()
    refer(page, ["Name", "Phone number and safe times to call"])
    expect(referrals.get_by_text(re.compile(
        r"^Center for Prevention of Abuse — shared with the provider \S+: Name; Phone number and safe times to call$"
    ))).to_be_visible()

    # And the take-home plan for legal aid; the staff lethality record is never offered.
    consents.get_by_label("Who may receive it").click()
    page.get_by_role("option", name="Someone else (type the name)").click()
    consents.get_by_label("Name of the person or agency").fill("Legal aid")
    consents.get_by_role("checkbox", name="The take-home safety plan", exact=True).click()
    consents.get_by_label("Purpose (what it is shared for)").fill("order of protection hearing")
    consents.get_by_role("button", name="30 days").click()
    consents.get_by_role("button", name="Record consent").click()
    expect(consents.get_by_text(re.compile(r"^To Legal aid: The take-home safety plan"))).to_be_visible()
    case_url = page.url
    # Documents are named by their client and case, so a worker with many can tell them apart.
    page.get_by_role("link", name=re.compile(r"^Personal safety plan — Maria Story, case C-\d{4}-\d{5} — submitted")
                     ).click()
    release = page.locator(".wa-card").filter(has=page.get_by_role("heading", name="Release a copy outside the unit"))
    expect(release.get_by_text("It covers no copy of this document.")).to_be_visible()  # the shelter's consent
    take_home = release.get_by_role("link", name="Download Safety plan (take-home copy) for Legal aid")
    expect(take_home).to_be_visible()
    expect(release.get_by_role("link", name=re.compile("staff record"))).to_have_count(0)
    accessible(page, "document page with its release section")
    href = take_home.get_attribute("href") or ""
    copy = page.request.get(live_app.url + href)
    assert copy.status == 200 and "Maria" in " ".join(pdf_pages(copy.body()))
    crafted = page.request.get(live_app.url + href.replace("/release/take_home", "/release/staff_record"))
    assert crafted.status == 403
    assert crafted.text() == ("Not released: The consent on file for Legal aid does not cover: The lethality screen "
                              "and the staff safety-plan record. Nothing was shared.")
    page.goto(case_url)


def test_the_casework_story(page: Page, live_app: RunningApp) -> None:
    log_in(page, live_app.url, "worker")
    expect(page.get_by_role("heading", name="Triage queue")).to_be_visible()
    accessible(page, "triage queue")
    other = shared_create_client(page, "Olive", "Other", "309-555-0101", on_form=new_client_errors)
    page.goto(live_app.url + "/")
    case_id = create_client(page, "Maria", "Story", "309-555-0142")
    expect(page.get_by_text("Safe contact: no voicemail")).to_be_visible()
    accessible(page, "case file")
    page.get_by_role("button", name="The client was told and understood").click()
    expect(page.get_by_text("Recorded: the client was told the limits of confidentiality.")).to_be_visible()

    # The safety plan from the case: the client's name and today's date are already filled in.
    page.get_by_role("button", name="Start personal safety plan").click()
    run = Runner(page)
    run.heading("About this plan")
    expect(page.get_by_label("Name of the person this plan is for")).to_have_value("Maria")
    run.yes_no("Is the person who hurt them a current or former intimate partner?", "Yes")
    run.yes_no("Do they have children living with them?", "No")
    run.next("Lethality screen")
    high_danger_protocol(run)
    plan_sections(run, children=False)
    submit(run)

    page.goto(live_app.url + "/")
    first_row = page.locator("table.wa-queue tbody tr").first
    expect(first_row).to_contain_text(f"Maria Story — {case_id}")
    expect(first_row).to_contain_text("High danger on the lethality screen")
    expect(page.locator("table.wa-queue tbody tr").nth(1)).to_contain_text(other)

    page.get_by_role("link", name=f"Maria Story — {case_id}").click()
    expect(page.get_by_text("High danger", exact=True)).to_be_visible()
    edit_phone_preferences(page)
    page.get_by_label("Note", exact=True).fill("Safety plan done; hotline called together.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Safety plan done; hotline called together.")).to_be_visible()
    consent_gates_sharing(page, live_app)
    page.get_by_label("What", exact=True).fill("Home visit with police backup")
    page.get_by_label("Due date").fill("2030-01-15")
    page.get_by_role("checkbox", name="Police backup requested").click()
    page.get_by_role("button", name="Add follow-up").click()
    expect(page.get_by_text(re.compile(r"Home visit with police backup — due 2030-01-15 \(Home visit, police backup"
                                       ))).to_be_visible()
    expect(page.get_by_role("heading", name="Audit trail")).to_have_count(0)  # workers don't see it
    close_and_reopen(page, live_app.url, case_id)
    page.get_by_role("link", name=f"Maria Story — {case_id}").click()
    page.get_by_role("link", name="Client's page").click()
    expect(page.get_by_role("heading", name="Open another case")).to_be_visible()
    accessible(page, "client's page")
    page.get_by_role("link", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in to Wraparound")).to_be_visible()

    # The supervisor: every case of the unit, assignment, the audit trail.
    log_in(page, live_app.url, "super")
    expect(page.get_by_role("link", name=f"Maria Story — {case_id}")).to_be_visible()
    expect(page.get_by_role("link", name=f"Olive Other — {other}")).to_be_visible()
    page.get_by_role("link", name=f"Maria Story — {case_id}").click()
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    expect(page.get_by_text(re.compile(r"worker \(social_worker\) · write note"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"worker \(social_worker\) · write document")).first).to_be_visible()
    page.get_by_label("Assigned worker").click()
    page.get_by_role("option", name="Super").click()
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("Open, assigned to super.")).to_be_visible()
    page.get_by_role("link", name="Log out").click()

    # The intern: training mode, and no live case opens.
    log_in(page, live_app.url, "intern")
    expect(page.get_by_text(re.compile("TRAINING MODE"))).to_be_visible()
    expect(page.get_by_text("Maria Story")).to_have_count(0)
    page.goto(f"{live_app.url}/cases/{case_id}")
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
