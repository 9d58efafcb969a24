"""axe-core (bundled with axe-playwright-python, works offline) finds no WCAG 2 A/AA violation on
the home page or on any step of the runner: every step of the longest path through the safety
plan (high danger, with children), a step showing errors, the review screen and the result page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from support.accessibility import assert_accessible
from support.app_server import RunningApp
from support.safety_plan import begin, high_danger_protocol, plan_sections, submit
from support.workflow_driver import log_in

pytestmark = pytest.mark.e2e







def test_login_page_has_no_wcag_violations(page: Page, live_app: RunningApp) -> None:
    page.goto(live_app.url + "/login")
    page.get_by_role("heading", name="Log in to Wraparound").wait_for()
    assert_accessible(page, "log in")


def test_home_page_has_no_wcag_violations(page: Page, live_app: RunningApp) -> None:
    log_in(page, live_app.url)
    page.get_by_role("heading", name="Start a workflow").wait_for()
    assert_accessible(page, "home")
    page.goto(live_app.url + "/workflow/safety_plan")
    page.get_by_role("heading", name="Personal safety plan").wait_for()
    assert_accessible(page, "workflow start page")


def test_every_runner_step_has_no_wcag_violations(page: Page, live_app: RunningApp) -> None:
    checked: list[str] = []

    def check(p: Page, heading: str) -> None:
        assert_accessible(p, heading)
        checked.append(heading)

    run = begin(page, live_app, "Ana", children=True, on_each_step=check)  # checks the screen step
    high_danger_protocol(run)
    # A step whose required answers are missing, with its error summary showing.
    page.get_by_role("button", name=re.compile(r"Next")).click()
    page.get_by_text("need attention before you go on").wait_for()
    assert_accessible(page, "During a violent incident, with errors shown")
    plan_sections(run, children=True)
    assert checked[0] == "Lethality screen" and checked[-1] == "Review your answers"
    assert len(checked) == 14  # every visible step after the first, and the review screen
    # The repeating group with an entry in it (add, move and remove buttons).
    page.get_by_role("button", name="Edit Important phone numbers").click()
    page.get_by_role("button", name="Remove Number 1").wait_for()
    page.get_by_role("button", name=re.compile("Add number")).click()
    page.get_by_role("button", name="Move Number 2 up").wait_for()
    assert_accessible(page, "Important phone numbers, with two entries")
    page.get_by_role("button", name="Remove Number 2").click()
    page.get_by_role("button", name="Remove Number 2").wait_for(state="detached")
    run.next("Review your answers")
    submit(run)
    assert_accessible(page, "submitted document")


def test_first_step_passes_with_and_without_errors(page: Page, live_app: RunningApp) -> None:
    log_in(page, live_app.url)
    page.get_by_role("button", name="Start Personal safety plan").click()
    page.get_by_role("heading", name="About this plan").wait_for()
    assert_accessible(page, "About this plan")
    page.get_by_role("button", name=re.compile("Next")).click()
    page.get_by_text("answers on this step need attention").wait_for()
    assert_accessible(page, "About this plan, with errors shown")
