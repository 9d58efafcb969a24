"""Checking a page with axe-core (WCAG 2.2 A and AA) once its transitions have finished."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_A_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}

# Quasar marks an element with `q-transition--…` classes while it fades or scales in; colours
# measured mid-animation are blends (a dialog once "failed" contrast at 1.46:1 while fading in).
NO_TRANSITION_RUNNING = "!document.querySelector('[class*=\"q-transition--\"]')"

def assert_accessible(page: Page, where: str) -> None:
    page.wait_for_function(NO_TRANSITION_RUNNING)
    results = Axe().run(page, options=WCAG_A_AA)
    assert results.violations_count == 0, f"{where}:\n{results.generate_report()}"
