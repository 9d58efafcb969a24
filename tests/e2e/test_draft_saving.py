"""Nothing typed is lost, in Chromium: an answer typed and left (no Next) is there after a reload;
and with a short idle lock (WRAPAROUND_IDLE_LOCK_MINUTES, as a unit could set it) the warning comes
before the lock, is an alert dialog, says the draft is saved, and "Stay logged in" keeps the session;
left alone, the session locks and the typed answer is there after unlocking."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from support.accessibility import assert_accessible
from support.app_server import PASSWORD, STAFF, RunningApp, add_account, start_app
from support.workflow_driver import Runner, log_in

pytestmark = pytest.mark.e2e

IDLE_MINUTES = 0.4  # 24 seconds; the warning comes halfway, 12 seconds before the lock
NAME = "Name of the person this plan is for"


def start_plan(page: Page, url: str) -> Runner:
    log_in(page, url)
    page.get_by_role("button", name="Start Personal safety plan").click()
    run = Runner(page)
    run.heading("About this plan")
    return run


def status(page: Page) -> None:
    """Wait until what was typed is stored: "Saving…" first, then "Draft saved at …"."""
    expect(page.get_by_text("Saving…")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Draft saved at \d\d:\d\d$"))).to_be_visible()


def test_a_typed_answer_survives_a_reload_without_next(page: Page, live_app: RunningApp) -> None:
    run = start_plan(page, live_app.url)
    run.type(NAME, "Rosa Alvarez")
    status(page)
    page.reload()
    run.heading("About this plan")
    expect(page.get_by_label(NAME, exact=True)).to_have_value("Rosa Alvarez")


@pytest.fixture(scope="module")
def short_lock_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    base = tmp_path_factory.mktemp("short-idle")
    for username, role in STAFF.items():
        add_account(base / "data", base / "config", username, role)
    app = start_app(base / "data", base / "app.log", {"WRAPAROUND_CONFIG_DIR": str(base / "config"),
                                                      "WRAPAROUND_IDLE_LOCK_MINUTES": str(IDLE_MINUTES)})
    yield app
    app.process.terminate()
    try:
        app.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        app.process.kill()


def test_the_idle_warning_saves_offers_to_stay_then_the_lock_keeps_the_answers(
        browser: Browser, short_lock_app: RunningApp) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    run = start_plan(page, short_lock_app.url)
    run.type(NAME, "Marisol Vega")  # typed, never saved by Next
    warning = page.get_by_role("alertdialog", name="Are you still there?")
    expect(warning).to_be_visible(timeout=(IDLE_MINUTES * 60 + 10) * 1000)
    expect(warning).to_contain_text("this session locks in 12 seconds without input")
    expect(warning).to_contain_text("Your answers are saved.")
    assert_accessible(page, "the idle warning")
    warning.get_by_role("button", name="Stay logged in").click()
    expect(warning).to_have_count(0)
    expect(page.get_by_label(NAME, exact=True)).to_have_value("Marisol Vega")

    # Warned again; this time nobody answers: the session locks, and nothing typed is lost.
    expect(warning).to_be_visible(timeout=(IDLE_MINUTES * 60 + 10) * 1000)
    expect(page.get_by_role("heading", name="Your session is locked")).to_be_visible(timeout=30_000)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    run.heading("About this plan")
    expect(page.get_by_label(NAME, exact=True)).to_have_value("Marisol Vega")
    context.close()
