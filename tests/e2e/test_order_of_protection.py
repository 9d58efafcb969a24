"""The Illinois order-of-protection workflow in Chromium, started from a domestic-violence case: a
full petition (a spouse, two children with their schools, three incidents, an emergency order, six
remedies) down to the petition PDF; and the relationships that do not qualify, which are never a
dead end — the Stalking No Contact Order worksheet, or closing with referrals."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from support.app_server import RunningApp
from support.workflow_driver import Runner, create_client, log_in

pytestmark = pytest.mark.e2e

START = "Start order of protection petition (illinois)"
PETITION_PDF = "Download Petition for Order of Protection (draft for review — not filed) (PDF)"
NOT_LEGAL_ADVICE = ("This is not legal advice, and nothing here is filed with the court.")
WHO_FOR = "Who is the petition for?"
RELATIONSHIP = "The respondent is the abused person's…"

CHILDREN = [
    ("Sofia Brennan", "2015-04-11", "Daughter", "Whittier Primary School", "1619 W Fredonia Ave, Peoria"),
    ("Mateo Brennan", "2020-09-30", "Son", "Little Acorns Daycare", "812 N University St, Peoria"),
]
INCIDENTS = [  # most recent first
    ("2025-02-27", "My home, in the kitchen", "He grabbed me by the throat against the refrigerator.", True),
    ("2025-01-14", "The parking lot at my work", "He waited by my car and followed me home.", False),
    ("2024-11-03", "His apartment, at the custody exchange", "He shoved me down the stairs while I held Mateo.",
     False),
]
REMEDIES = {
    "1": "Prohibition of abuse, neglect or exploitation",
    "2": "Grant of exclusive possession of residence",
    "3": "Stay away order and additional prohibitions",
    "5": "Physical care and possession of the minor child",
    "10": "Possession of personal property",
    "14.5": "Prohibition of firearm possession",
}
NOT_REQUESTED = {"4": "Counseling", "7": "Parenting time", "18": "Telephone services"}
REFERRALS = ["Prairie State Legal Services (Peoria): 309-674-9831", "1-800-559-7233", "877-863-6338"]


def start_from_case(page: Page, app: RunningApp, first: str, last: str, date_of_birth: str) -> Runner:
    log_in(page, app.url)
    create_client(page, first, last, "309-555-0142", date_of_birth=date_of_birth)
    page.get_by_role("button", name=START).click()
    run = Runner(page)
    run.heading("Who is filing")
    expect(page.get_by_text(NOT_LEGAL_ADVICE)).to_be_visible()
    return run


def who_and_what(run: Runner, relationship: str, conduct: list[str]) -> None:
    run.type("County where the petition would be filed", "Peoria")
    run.choose(WHO_FOR, "The petitioner (the person filing was abused)")
    run.next("Relationship to the respondent")
    run.select(RELATIONSHIP, relationship)
    run.next("What the respondent did")
    for label in conduct:
        run.tick(label)


def review_and_submit(run: Runner, to_check: tuple[str, ...] = ()) -> None:
    run.heading("Notes for the file")
    run.type("Notes (follow-up, referrals made, what the person decided)", "Went through it together.")
    run.next("Review your answers")
    for answer in to_check:
        expect(run.page.get_by_text(answer)).to_be_visible()
    run.page.get_by_role("button", name=re.compile("Submit")).click()
    expect(run.page.get_by_role("link", name=PETITION_PDF)).to_be_visible()


def test_a_petition_against_a_spouse_with_two_children_down_to_the_pdf(page: Page, live_app: RunningApp) -> None:
    run = start_from_case(page, live_app, "Maria", "Brennan", "1989-06-02")
    who_and_what(run, "Spouse", [
        "Physical abuse (hitting, choking, sexual abuse, restraining, sleep deprivation)",
        "Harassment (conduct that causes emotional distress: repeated calls, showing up, threats to take the "
        "children)",
        "Threats",
    ])
    run.next("Type of order")  # the relationship qualifies: no "Another kind of order" step

    run.choose("What is the petitioner asking for?",
               "An emergency order now, without notice to the respondent (then an order after notice)")
    run.type("Why would telling the respondent before the court acts likely cause the harm the order is meant to "
             "prevent?", "He said he would burn the house down with me in it if I went to court.")
    run.next("Petitioner")

    # What the case knows is already filled in.
    expect(page.get_by_label("Name", exact=True)).to_have_value("Maria Brennan")
    expect(page.get_by_label("Date of birth", exact=True)).to_have_value("1989-06-02")
    expect(page.get_by_label("A safe phone number for the court")).to_have_value("309-555-0142")
    run.yes_no("Keep the petitioner's home address off the petition?", "Yes")
    run.type("Address for court notices (not the home address)", "c/o Center for Prevention of Abuse, PO Box 5391")
    run.next("Respondent")

    run.type("Name", "Daniel Brennan")
    run.type("Date of birth", "1986-11-19")
    run.type("Vehicle (make, model, colour, plate)", "Gray 2016 Ford F-150")
    run.next("Persons to be protected")

    for number, (name, born, relation, school, address) in enumerate(CHILDREN, start=1):
        person = run.add("Person", number)
        run.type("Name", name, within=person)
        run.type("Date of birth", born, within=person)
        run.choose("Who they are", "Minor child of the petitioner and the respondent", within=person)
        run.type("Relationship to the petitioner", relation, within=person)
        run.yes_no("Lives with the petitioner?", "Yes", within=person)
        school_entry = run.add("School or daycare", 1, within=person)
        run.type("Name of the school or daycare", school, within=school_entry)
        run.type("Address", address, within=school_entry)
    run.next("Other cases")

    run.choose("How would the petition be filed?", "On its own (an independent case)")
    run.next("Incidents of abuse")

    for number, (date, place, what, police) in enumerate(INCIDENTS, start=1):
        incident = run.add("Incident", number)
        run.type("Date", date, within=incident)
        run.type("Place", place, within=incident)
        run.type("What happened, in the petitioner's own words", what, within=incident)
        run.yes_no("Were the police called?", "Yes" if police else "No", within=incident)
        if police:
            run.type("Police report number", "25-004117", within=incident)
    run.next("Remedies requested")

    for number, name in REMEDIES.items():
        run.tick(f"Remedy {number} — {name}")
    run.type("Remedy 2 — Address of the residence the respondent is to stay out of", "1410 W Main St, Peoria")
    run.type("Remedy 3 — Places the respondent is to stay away from (home, work, school, others)",
             "My home and my workplace")
    run.type("Remedy 5 — Children to be in the petitioner's physical care (names)", "Sofia Brennan and Mateo Brennan")
    run.type("Remedy 10 — Personal property the petitioner needs (list)", "My passport and car keys")
    run.type("Remedy 14.5 — Firearms the respondent has or can get (kind, how many)", "One handgun and a rifle")
    run.type("Remedy 14.5 — Where the firearms are kept", "The rifle in his brother's basement")
    run.next("Notes for the file")
    expect(page.get_by_label("Social worker", exact=True)).to_have_value("Worker")  # prefilled: who is filling in
    # Every answer can be checked before submitting, a child's school (a group in a group) too.
    review_and_submit(run, tuple(f"Name of the school or daycare: {school}; Address: {address}"
                                 for _name, _born, _relation, school, address in CHILDREN))

    pages = run.download_pdf_pages(PETITION_PDF)
    body = " ".join(pages)
    assert "review before filing" in pages[0]
    assert "This is not legal advice and has not been filed." in pages[0]
    assert "Petition for Order of Protection" in pages[0]
    assert "Maria Brennan" in body and "Daniel Brennan" in body
    assert "He said he would burn the house down" in body  # why an emergency order
    for number, name in REMEDIES.items():
        assert f"X Remedy {number} — {name}" in body, number
    for number, name in NOT_REQUESTED.items():
        assert f"Remedy {number} — {name}" in body and f"X Remedy {number} — {name}" not in body, number
    assert "Where the firearms are kept: The rifle in his brother's basement" in body
    assert "Address of the residence the respondent is to stay out of: 1410 W Main St, Peoria" in body
    assert "Under penalties as provided by law pursuant to Section 1-109 of the Code of Civil Procedure" in body
    assert "735 ILCS 5/1-109" in body

    attachment = next(i for i, text in enumerate(pages) if "Attached to the Petition for Order of Protection" in text)
    petition = " ".join(pages[:attachment])
    assert "He grabbed me by the throat" in petition and "He waited by my car" in petition
    assert "Additional Incidents of Abuse" in pages[attachment]
    assert "He shoved me down the stairs" in pages[attachment] and "He shoved me down the stairs" not in petition

    confidential = [i for i, text in enumerate(pages) if "Confidential Name and Location of the School or Daycare"
                    in text and "do not serve on the respondent" in text.lower()]
    assert len(confidential) == 1
    for name, _born, _relation, school, address in CHILDREN:
        assert name in petition  # in the list of persons to be protected
        assert school in pages[confidential[0]] and address in pages[confidential[0]]
        assert name in pages[confidential[0]]
        for i, text in enumerate(pages):
            if i != confidential[0]:
                assert school not in text and address not in text, f"{school} on page {i + 1}"


def test_a_neighbour_who_stalks_gets_the_stalking_no_contact_order_worksheet(page: Page,
                                                                            live_app: RunningApp) -> None:
    run = start_from_case(page, live_app, "Janelle", "Brooks", "1978-02-14")
    who_and_what(run, "Neighbour", [
        "Stalking (following, watching, monitoring, threatening, or contacting again and again)", "Threats"])
    run.next("Another kind of order")
    expect(page.get_by_text(re.compile(r"A casual acquaintance, a co-worker, a neighbour or a stranger is\s+not one"))
           ).to_be_visible()
    expect(page.get_by_text(re.compile(r"ask the court for a Stalking\s+No Contact Order"))).to_be_visible()
    expect(page.get_by_text(re.compile("Civil No Contact Order Act"))).to_be_hidden()  # no sexual conduct
    run.choose("What next?", "Continue with the worksheet for the order explained above")
    run.next("Worksheet for the no-contact order")

    expect(page.get_by_label("Name of the person harmed")).to_have_value("Janelle Brooks")
    expect(page.get_by_label("Their date of birth")).to_have_value("1978-02-14")
    run.type("Name of the respondent (or how the person knows them, if the name is not known)", "Victor Haines")
    run.type("What the respondent did, in the person's own words",
             "Since October he has followed me when I walk my dog and left notes on my car.")
    incident = run.add("Incident", 1)
    run.type("Date", "2025-02-20", within=incident)
    run.type("Place", "In front of my house", within=incident)
    run.type("What happened", "He stood on my lawn at 11 pm and shone a flashlight into my window.",
             within=incident)
    run.next("Notes for the file")
    review_and_submit(run)

    body = " ".join(run.download_pdf_pages(PETITION_PDF))
    assert "This is not legal advice and has not been filed." in body
    assert "Stalking No Contact Order (Stalking No Contact Order Act, 740 ILCS 21)" in body
    assert "Petition for Order of Protection" not in body
    assert "Victor Haines" in body and "Janelle Brooks" in body
    assert "He stood on my lawn at 11 pm" in body
    for referral in REFERRALS:
        assert referral in body


def test_a_neighbour_who_only_harasses_closes_with_referrals(page: Page, live_app: RunningApp) -> None:
    run = start_from_case(page, live_app, "Rosa", "Quinn", "1990-07-21")
    who_and_what(run, "Neighbour", [
        "Harassment (conduct that causes emotional distress: repeated calls, showing up, threats to take the "
        "children)"])
    run.next("Another kind of order")
    expect(page.get_by_text(re.compile(r"neither a Civil No Contact Order .* nor a Stalking No Contact Order"))
           ).to_be_visible()
    # No worksheet fits: the runner says so and points to the way out.
    run.choose("What next?", "Continue with the worksheet for the order explained above")
    page.get_by_role("button", name=re.compile(r"^(arrow_forward)?\s*Next")).click()
    expect(page.get_by_role("alert").filter(has_text="Choose \"Close with referrals\"")).to_be_visible()
    run.choose("What next?", "Close with referrals (print the referral list)")
    run.next("Notes for the file")
    review_and_submit(run)

    body = " ".join(run.download_pdf_pages(PETITION_PDF))
    assert "No order of protection or no-contact order fits what was described" in body
    assert "Close with referrals (print the referral list)" in body
    assert "Petition for Order of Protection" not in body
    for referral in REFERRALS:
        assert referral in body
