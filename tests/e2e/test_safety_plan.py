"""A social worker completes a safety plan in Chromium, submits it, and downloads both PDFs."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect
from support.app_server import RunningApp
from support.safety_plan import LETHALITY, begin, high_danger_protocol, plan_sections, submit

pytestmark = pytest.mark.e2e









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
