"""The juvenile station adjustment (705 ILCS 405/5-301) in Chromium, started from a restricted
juvenile case: a formal adjustment for a 15-year-old with one prior informal misdemeanor adjustment
(no State's Attorney approval needed) down to the signed agreement and the expungement sheet; a cap
of the statute enforced in the browser; and an intern refused the juvenile case."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from support.app_server import PASSWORD, RunningApp
from support.workflow_driver import Runner, create_client, log_in

pytestmark = pytest.mark.e2e

START = "Start juvenile station adjustment (705 ilcs 405/5-301)"
AGREEMENT_PDF = "Download Formal station adjustment agreement (PDF)"
EXPUNGEMENT_PDF = "Download Your juvenile record and expungement: information for the family (PDF)"
JUVENILE = "Juvenile and family"

FIRST, LAST = "Jordan", "Rivera"
BORN = "2011-05-10"  # 15 on the date of the incident
INCIDENT = "2026-10-03"
PRIOR = "2024-02-15"  # within the 3-year window before the incident
START_DATE = "2026-10-05"
TERM_DAYS = 90
OFFENSE = "Retail theft, 720 ILCS 5/16-25"
NO_CONTACT = "Tyler Brooks"
CAP_HOURS = "A station adjustment may require at most 25 hours of community service."
CAP_TERM = "The term of a formal station adjustment may not be longer than 120 days."


def open_juvenile_case(page: Page, app: RunningApp, first: str = FIRST, last: str = LAST) -> str:
    """Log in as the social worker, add a minor with a juvenile case and open it; returns the case id."""
    log_in(page, app.url)
    case_id = create_client(page, first, last, "309-555-0142", date_of_birth=BORN, case_type=JUVENILE)
    expect(page.get_by_text("Juvenile record: restricted")).to_be_visible()
    return case_id


def start(page: Page) -> Runner:
    page.get_by_role("button", name=START, exact=True).click()
    run = Runner(page)
    run.heading("The minor and the family")
    return run


def minor_incident_history(run: Runner, name: str) -> None:
    """The first three steps, ending on "The station adjustment"."""
    page = run.page
    expect(page.get_by_label("Minor's full name", exact=True)).to_have_value(name)  # from the case
    expect(page.get_by_label("Date of birth", exact=True)).to_have_value(BORN)
    guardian = run.add("Parent or guardian", 1)
    run.type("Name", "Elena Rivera", within=guardian)
    run.choose("Relationship to the minor", "Parent", within=guardian)
    run.type("Phone", "309-555-0142", within=guardian)
    run.type("Address", "418 N. Elm St, Peoria, IL 61604", within=guardian)
    run.type("School and grade", "Manual Academy, grade 10")
    run.yes_no("Does the minor live in this jurisdiction?", "Yes")
    run.next("The incident")

    run.type("Date of the incident", INCIDENT)
    run.type("What happened (the alleged offense)",
             "Took two video games (value $119.98) from a store without paying; stopped by store security.")
    run.type("Offense (statute or name, e.g. retail theft, 720 ILCS 5/16-25)", OFFENSE)
    run.choose("The offense, as if committed by an adult, would be a", "Misdemeanor")
    run.yes_no("Is there probable cause to believe the minor committed the offense?", "Yes")
    run.yes_no("Has the minor admitted involvement in the offense?", "Yes")
    run.choose("Seriousness of the alleged offense", "Minor (no injury, little or no loss)")
    run.type("Prior history of delinquency (beyond the station adjustments listed later)",
             "One informal adjustment for a misdemeanor in 2024; no court history.")
    run.type("Age and maturity of the minor", "15, in school, living with his mother.")
    run.type("Culpability (the minor's part in the offense)", "Acted alone; admitted it at once.")
    run.yes_no("Was the offense committed in an aggressive or premeditated manner?", "No")
    run.yes_no("Was a deadly weapon used or possessed?", "No")
    run.next("Prior station adjustments")

    prior = run.add("Prior adjustment", 1)
    run.choose("Kind", "Informal", within=prior)
    run.choose("Offense class (as if committed by an adult)", "Misdemeanor", within=prior)
    run.type("Date of the adjustment", PRIOR, within=prior)
    run.type("Agency", "Peoria County Sheriff's Office", within=prior)
    run.next("The station adjustment")


def formal_adjustment(run: Runner, hours: str = "20", term: str = str(TERM_DAYS)) -> None:
    run.choose("Adjustment chosen", "Formal station adjustment (705 ILCS 405/5-301(2))")
    expect(run.page.get_by_label("Juvenile officer", exact=True)).to_have_value("Worker")  # prefilled
    run.type("Juvenile officer", "Officer Dana Kim")
    run.type("Date the adjustment starts", START_DATE)
    run.type("Term of the formal adjustment, in days (120 at most)", term)
    for condition in ("Attend school", "Curfew", "Community service (25 hours at most)",
                      "No contact with specified persons"):
        run.tick(condition)
    run.type("Curfew hours", "9:00 p.m. to 6:00 a.m., unless with a parent")
    run.type("Persons not to contact", NO_CONTACT)
    run.type("Hours of community service (25 at most)", hours)


def test_a_formal_adjustment_for_a_minor_down_to_the_agreement_and_the_expungement_sheet(
        page: Page, live_app: RunningApp) -> None:
    open_juvenile_case(page, live_app)
    case_url = page.url
    run = start(page)
    minor_incident_history(run, f"{FIRST} {LAST}")
    formal_adjustment(run)
    run.next("What the family needs")

    run.yes_no("Has the minor run away from home?", "Yes")
    run.type("Why does the minor run away (in the minor's and the family's words)?",
             "Leaves for a friend's house after arguments at home.")
    run.type("Problems at school (attendance, grades, discipline, bullying)", "Missed 14 days this semester.")
    run.tick("Family counselling")
    run.tick("Mentoring")
    run.choose("Follow-up wanted", "Home visit")
    run.type("Date of the follow-up", "2026-10-12")
    run.next("Review your answers")

    # What the answers mean, before submitting.
    results = page.get_by_role("region", name="What the answers mean")
    end = dt.date.fromisoformat(START_DATE) + dt.timedelta(days=TERM_DAYS - 1)
    for label, value in [
        ("Age on the date of the incident", "15"),
        ("18 or older on the date of the incident (not a juvenile matter)", "No"),
        ("Prior informal adjustments (in total)", "1"),
        ("Prior formal adjustments (in total)", "0"),
        ("Prior station adjustments of any kind (in total)", "1"),
        ("Prior informal adjustments for the same offense class within the 3-year window", "1"),
        ("Prior formal adjustments for the same offense class within the 3-year window", "0"),
        ("A formal station adjustment is available", "Yes"),
        ("A formal adjustment needs the State's Attorney's prior approval", "No"),
        ("The chosen adjustment needs the State's Attorney's prior approval", "No"),
        ("Last day of the formal adjustment's term", end.isoformat()),
        ("Hours of community service required", "20"),
    ]:
        # The value, then its citation in brackets or the end: "20", not "20.0".
        expect(results).to_contain_text(re.compile(re.escape(label) + r"\s*" + re.escape(value) + r"(\s*\(|$)"))
    page.get_by_role("button", name=re.compile("Submit")).click()
    expect(page.get_by_role("link", name=AGREEMENT_PDF)).to_be_visible()

    body = " ".join(run.download_pdf_pages(AGREEMENT_PDF))
    assert "Formal station adjustment agreement" in body
    assert f"{FIRST} {LAST}" in body and OFFENSE in body and "Elena Rivera" in body
    assert f"This agreement lasts {TERM_DAYS} days, from {START_DATE} to {end.isoformat()}." in body
    assert "Community service: 20 hours" in body  # not "20.0 hours": a whole number stays whole
    assert f"No contact of any kind with: {NO_CONTACT}" in body
    for acknowledgement in [
        "the terms of this agreement and the consequences of violating them have been explained to us",
        "the minor's admission of involvement in the offense may be used as evidence against the minor",
        "the record of this station adjustment may be expunged",
        "this formal station adjustment is not a conviction and not an adjudication of delinquency",
    ]:
        assert acknowledgement in body, acknowledgement
    for signer in ("Minor", "Parent, guardian or legal custodian", "Juvenile officer"):
        assert f"{signer} — Signature" in body, signer
    assert "Each signer receives a signed copy of this agreement." in body
    assert "State's Attorney's Office:" not in body  # no approval was needed

    sheet = " ".join(run.download_pdf_pages(EXPUNGEMENT_PDF))
    assert f"For {FIRST} {LAST} and family" in sheet
    assert "A station adjustment is not a conviction." in sheet
    assert "You do not need to apply for this." in sheet

    # The submitted intake put its follow-up on the case, and the case lists the document.
    page.goto(case_url)
    expect(page.get_by_text("Station adjustment follow-up: home visit — due 2026-10-12")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Juvenile station adjustment .* — submitted"))).to_be_visible()


def test_the_community_service_and_term_caps_are_enforced_in_the_browser(page: Page,
                                                                        live_app: RunningApp) -> None:
    open_juvenile_case(page, live_app, "Casey", "Moreno")
    run = start(page)
    minor_incident_history(run, "Casey Moreno")
    formal_adjustment(run, hours="30", term="150")
    page.get_by_role("button", name=re.compile(r"^(arrow_forward)?\s*Next")).click()
    summary = page.get_by_role("alert").filter(has_text="need attention before you go on")
    expect(summary).to_contain_text(CAP_HOURS)
    expect(summary).to_contain_text(CAP_TERM)
    run.heading("The station adjustment")  # Next did not advance

    run.type("Hours of community service (25 at most)", "25")  # the cap itself is allowed
    run.type("Term of the formal adjustment, in days (120 at most)", "120")
    run.next("What the family needs")


def test_an_intern_is_refused_the_juvenile_case(page: Page, browser: Browser, live_app: RunningApp) -> None:
    case_id = open_juvenile_case(page, live_app, "Riley", "Okafor")
    case_url = page.url
    assert case_url.endswith(f"/cases/{case_id}")

    intern = browser.new_context()
    try:
        other = intern.new_page()
        log_in(other, live_app.url, "intern", PASSWORD)
        response = other.goto(case_url)
        assert response is not None and response.status == 403
        expect(other.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
        expect(other.get_by_text("Riley")).to_have_count(0)
    finally:
        intern.close()
