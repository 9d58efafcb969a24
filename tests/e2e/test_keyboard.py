"""The runner works from the keyboard alone: every control is reached with Tab, Next is pressed
with Enter, and after a failed Next the focus lands on the first question to fix while the
summary is announced (role=alert)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from support.app_server import RunningApp
from support.workflow_driver import log_in

pytestmark = pytest.mark.e2e

FOCUSED_NAME = """() => {
  const el = document.activeElement;
  if (!el) return '';
  const label = el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].innerText)
    || el.innerText || '';
  return (el.getAttribute('role') || el.tagName.toLowerCase()) + ': ' + label.trim();
}"""


def tab_until(page: Page, wanted: str, limit: int = 60) -> list[str]:
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = page.evaluate(FOCUSED_NAME)
        seen.append(name)
        if name.startswith(wanted):
            return seen
    raise AssertionError(f"never reached {wanted!r} with Tab; reached: {seen}")


def test_the_first_step_is_operable_from_the_keyboard(page: Page, live_app: RunningApp) -> None:
    log_in(page, live_app.url)
    page.get_by_role("button", name="Start Personal safety plan").click()
    expect(page.get_by_role("heading", name="About this plan")).to_be_visible()
    page.get_by_label("Name of the person this plan is for").fill("")  # start with nothing typed
    page.get_by_role("heading", name="About this plan").focus()

    seen = tab_until(page, "button: Next")
    for control in ("input: Name of the person this plan is for", "input: Date of this plan",
                    "radio: Yes", "radio: No", "radio: Not answered"):
        assert any(name.startswith(control) for name in seen), f"{control} is not reachable: {seen}"

    page.keyboard.press("Enter")  # Next, with required answers missing
    expect(page.get_by_role("alert").filter(has_text="need attention")).to_be_visible()
    expect(page.get_by_label("Name of the person this plan is for")).to_be_focused()

    page.keyboard.type("Maria")
    group = page.get_by_role("group", name="Is the person who hurt them a current or former intimate partner?")
    group.get_by_role("radio", name="Yes", exact=True).focus()
    page.keyboard.press("Space")
    expect(group.get_by_role("radio", name="Yes", exact=True)).to_have_attribute("aria-checked", "true")
