"""A social worker completes a safety plan in Chromium, submits it, and downloads both PDFs."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import RunningApp
from tests.e2e.workflow_driver import Runner, log_in

pytestmark = pytest.mark.e2e

LETHALITY = [
    "1. Has the partner ever used a weapon against you or threatened you with one?",
    "2. Has the partner threatened to kill you or your children?",
    "3. Do you think the partner might try to kill you?",
    "4. Does the partner have a gun, or can the partner get one easily?",
    "5. Has the partner ever tried to choke (strangle) you?",
    "6. Is the partner violently or constantly jealous, or does the partner control most of your daily activities?",
    "7. Have you left or separated from the partner after living together or being married?",
    "8. Is the partner unemployed?",
    "9. Has the partner ever tried to kill himself/herself?",
    "10. Do you have a child that the partner knows is not theirs?",
    "11. Does the partner follow or spy on you, or leave threatening messages?",
]


def begin(page: Page, app: RunningApp, name: str, children: bool,
          on_each_step: Callable[[Page, str], None] | None = None) -> Runner:
    log_in(page, app.url)
    page.get_by_role("button", name="Start Personal safety plan").click()
    run = Runner(page, on_each_step)
    run.heading("About this plan")
    run.type("Name of the person this plan is for", name)
    run.type("Date of this plan", "2026-11-20")
    run.type("Social worker", "J. Rivera")
    run.yes_no("Is the person who hurt them a current or former intimate partner?", "Yes")
    run.yes_no("Do they have children living with them?", "Yes" if children else "No")
    run.next("Lethality screen")
    return run


def plan_sections(run: Runner, children: bool) -> None:
    run.type("Which rooms are safer to move to? (not the kitchen, bathroom, garage, or rooms with weapons)",
             "The front room by the door")
    run.type("Where will you go if you have to leave quickly?", "My sister's flat on Main St")
    run.type('A code word that means "call the police"', "pineapple")
    run.next("When preparing to leave")
    run.next("In your own home")
    run.tick("Change the locks")
    if children:
        run.type("Who may pick up the children (and who may not)?", "Only me and my sister")
    run.next("With an order of protection")
    run.yes_no("Do you have an order of protection?", "No")
    run.next("At work and in public")
    run.next("Alcohol and drug use")
    run.next("Your emotional health")
    run.next("With children" if children else "Technology safety")
    if children:
        run.type("How and when will the children call for help?", "Go to the neighbour and dial 911")
        run.next("Technology safety")
    run.tick("Turn off location sharing")
    run.next("Items to take when you leave")
    run.tick("Medications")
    run.tick("Birth certificates")
    run.next("Important phone numbers")
    run.page.get_by_role("button", name=re.compile("Add number")).click()
    run.type("Who or what", "Sister Rosa")
    run.type("Phone number", "309-555-0142")
    run.next("Review your answers")


def submit(run: Runner) -> None:
    run.page.get_by_role("button", name=re.compile("Submit")).click()
    expect(run.page.get_by_role("link", name="Download Safety plan (take-home copy) (PDF)")).to_be_visible()


def test_not_high_danger_plan_with_children(page: Page, live_app: RunningApp) -> None:
    run = begin(page, live_app, "Maria Example", children=True)
    for question, reply in zip(LETHALITY, ["No", "No", "No", "Yes", "Yes", "Yes", "No"], strict=False):
        run.yes_no(question, reply)
    # Three "yes" answers among 4–11 do not screen the person in; question 8 stays unanswered.
    run.next("During a violent incident")
    plan_sections(run, children=True)
    expect(page.get_by_text("Maria Example")).to_be_visible()
    submit(run)

    take_home = run.download_pdf_text("Download Safety plan (take-home copy) (PDF)")
    assert "Maria Example" in take_home
    assert "The front room by the door" in take_home
    assert "Go to the neighbour and dial 911" in take_home
    assert "Sister Rosa" in take_home and "309-555-0142" in take_home
    assert "1-800-559-7233" in take_home
    for word in ("Lethality", "lethality", "High danger", "high danger", "strangle"):
        assert word not in take_home

    staff = run.download_pdf_text("Download Safety plan and lethality screen (staff record) (PDF)")
    assert "Lethality" in staff
    assert "Not screened in" in staff
    assert "Maria Example" in staff


def high_danger_protocol(run: Runner) -> None:
    run.yes_no(LETHALITY[1], "Yes")  # a threat to kill: high danger on its own
    run.next("High-danger protocol")
    run.yes_no("Did you call the domestic-violence hotline?", "Yes")
    run.yes_no("Did the person speak with the hotline advocate?", "No")
    run.type("If they did not, why not?", "Not ready to talk today")
    run.type("What information did you give them?", "Advocate's safety-planning leaflet")
    run.next("During a violent incident")


def test_high_danger_plan_runs_the_protocol(page: Page, live_app: RunningApp) -> None:
    run = begin(page, live_app, "Dana Example", children=False)
    high_danger_protocol(run)
    plan_sections(run, children=False)
    submit(run)

    # Both PDFs are rendered once, right after submit, and kept encrypted with the document: a
    # download reads the stored render.
    renders = live_app.data_dir / "live" / "renders" / page.url.rstrip("/").rsplit("/", 1)[-1]
    deadline = time.monotonic() + 60
    while len(list(renders.glob("*.pdf"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sorted(path.name for path in renders.glob("*.pdf")) == ["staff_record.pdf", "take_home.pdf"]
    for stored in renders.glob("*.pdf"):
        assert not stored.read_bytes().startswith(b"%PDF") and b"Dana" not in stored.read_bytes()

    staff = run.download_pdf_text("Download Safety plan and lethality screen (staff record) (PDF)")
    assert "High danger — screened in by the protocol" in staff
    assert "Not ready to talk today" in staff
    assert "Advocate's safety-planning leaflet" in staff

    take_home = run.download_pdf_text("Download Safety plan (take-home copy) (PDF)")
    assert "Dana Example" in take_home
    for word in ("Lethality", "High danger", "high danger", "hotline advocate", "Not ready to talk today"):
        assert word not in take_home
