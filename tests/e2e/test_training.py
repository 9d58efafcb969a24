"""An intern practises a safety-plan scenario in Chromium with one deliberate mistake, reads the
feedback, downloads the watermarked practice PDFs; a supervisor, in another browser, comments on
that step; the intern then sees the comment. axe-core checks every training screen on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from support.accessibility import assert_accessible
from support.app_server import RunningApp
from support.safety_plan import LETHALITY, plan_sections
from support.workflow_driver import Runner, log_in, pdf_pages

pytestmark = pytest.mark.e2e

SCENARIO_TITLE = "Tamsin"
TAKE_HOME = "Is it safe for them to take a paper copy of this plan home?"
WATERMARK = "TRAINING — NOT A REAL RECORD"
COMMENT = "He goes through her purse: keep her copy in the file and go over it with her."


def practise_with_one_mistake(page: Page) -> Runner:
    """Tamsin's story, answered as told except for the paper copy: he goes through her purse, so it
    is not safe for her to take the plan home — the intern says it is."""
    page.get_by_role("button", name=re.compile(f"^Start {SCENARIO_TITLE}")).click()
    run = Runner(page)
    run.heading("About this plan")
    assert_accessible(page, "a practice step with the story and coaching")
    expect(page.get_by_text("He grabbed the big kitchen knife")).to_be_visible()  # the story stays on screen
    expect(page.get_by_text("Interns — start by explaining what a safety plan is")).to_be_visible()
    run.type("Name of the person this plan is for", "Tamsin")
    run.type("Date of this plan", "2025-11-22")
    run.yes_no("Is the person who hurt them a current or former intimate partner?", "Yes")
    run.yes_no("Do they live with the person who hurt them?", "Yes")
    run.yes_no("Do they have children living with them?", "Yes")
    run.yes_no(TAKE_HOME, "Yes")  # the deliberate mistake
    run.next("Lethality screen")
    expect(page.get_by_text("He grabbed the big kitchen knife")).to_be_visible()
    for question, reply in zip(LETHALITY, ["Yes"] + ["No"] * 10, strict=True):
        run.yes_no(question, reply)
    run.next("High-danger protocol")
    run.yes_no("Did you call the domestic-violence hotline?", "Yes")
    run.yes_no("Did the person speak with the hotline advocate?", "No")
    run.type("If they did not, why not?", "Not tonight; she wants to get the boys to sleep")
    run.type("What information did you give them?", "The advocate's safety-planning card")
    run.next("During a violent incident")
    plan_sections(run, children=True)
    return run


def test_an_intern_practises_and_a_supervisor_comments(page: Page, browser: Browser, live_app: RunningApp) -> None:
    log_in(page, live_app.url, "intern", then="/training")
    expect(page.get_by_text("TRAINING MODE")).to_be_visible()
    expect(page.get_by_role("heading", name="Training: practise on scenarios")).to_be_visible()
    assert_accessible(page, "the scenario library")
    run = practise_with_one_mistake(page)
    page.get_by_role("button", name=re.compile("Submit")).click()

    # The feedback: the score, and the mistake with what was expected and why.
    expect(page.get_by_role("heading", name=re.compile("^Feedback: Tamsin"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Score: \d+ of 100"))).to_be_visible()
    about = page.locator("li", has_text=TAKE_HOME)
    expect(about.get_by_text("Missed", exact=True)).to_be_visible()
    expect(about.get_by_text("Expected: No")).to_be_visible()
    expect(about.get_by_text("You gave: Yes")).to_be_visible()
    expect(about.get_by_text(re.compile("He goes through her purse"))).to_be_visible()
    assert_accessible(page, "the feedback page")
    attempt_url = page.url

    # The practice document's PDFs carry the watermark on every page.
    page.get_by_role("link", name="Open the practice document and its PDFs").click()
    for link in ("Download Safety plan (take-home copy) (PDF)",
                 "Download Safety plan and lethality screen (staff record) (PDF)"):
        pages = pdf_pages(run.download_pdf(link))
        assert pages and all(WATERMARK in text for text in pages), link

    # A supervisor, in a browser of their own, comments on the step with the mistake.
    context = browser.new_context()
    supervisor = context.new_page()
    try:
        log_in(supervisor, live_app.url, "super", then="/training/review")
        expect(supervisor.get_by_role("heading", name="Practice submissions to review")).to_be_visible()
        assert_accessible(supervisor, "the review list")
        supervisor.get_by_role("link", name=re.compile("^Open feedback on Tamsin")).click()
        expect(supervisor.get_by_role("heading", name=re.compile("^Feedback: Tamsin"))).to_be_visible()
        assert_accessible(supervisor, "the feedback page with comment boxes")
        supervisor.get_by_label("Comment on About this plan", exact=True).fill(COMMENT)
        supervisor.get_by_role("button", name="Add the comment on About this plan").click()
        expect(supervisor.get_by_text("Supervisor's comment — Super")).to_be_visible()
        supervisor.get_by_role("button", name="Mark reviewed").click()
        expect(supervisor.get_by_text(re.compile("^Reviewed by Super"))).to_be_visible()
        supervisor.goto(live_app.url + "/training/progress/intern")
        expect(supervisor.get_by_text("Scenarios done: 1 of")).to_be_visible()
        assert_accessible(supervisor, "an intern's progress page")
    finally:
        context.close()

    # The intern sees the comment on their attempt.
    page.goto(attempt_url)
    expect(page.get_by_text(COMMENT)).to_be_visible()
    expect(page.get_by_text(re.compile("^Reviewed by Super"))).to_be_visible()
