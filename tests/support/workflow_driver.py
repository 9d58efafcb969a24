"""Driving the runner in Chromium as a social worker would: by visible labels and roles only."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

Scope = Page | Locator
"""Where to look for a question: the whole page, or one entry of a repeating group."""


def log_in(page: Page, base_url: str, username: str = "worker", password: str = "correct horse battery staple",
           then: str = "/") -> None:
    page.goto(f"{base_url}/login?redirect_to={then}")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Log out")).to_be_visible()


def create_client(page: Page, first: str, last: str, phone: str, *, date_of_birth: str | None = None,
                  police_report: str | None = None, case_type: str = "Domestic violence",
                  on_form: Callable[[Page], None] | None = None) -> str:
    """Fill in "New client and case" from the home page and open the case; returns the case id.
    `on_form` runs on the empty form (e.g. an accessibility check)."""
    page.get_by_role("link", name="New client").first.click()
    expect(page.get_by_role("heading", name="New client and case")).to_be_visible()
    if on_form is not None:
        on_form(page)
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    if date_of_birth is not None:
        page.get_by_label("Date of birth").fill(date_of_birth)
    page.get_by_label("Phone", exact=True).fill(phone)
    page.get_by_role("group", name="May we leave a voicemail?").get_by_role("radio", name="No", exact=True).click()
    page.get_by_label("Type of case").click()
    page.get_by_role("option", name=case_type).click()
    if police_report is not None:
        page.get_by_label("Police report number").fill(police_report)
    page.get_by_role("button", name="Save client and open case").click()
    heading = page.get_by_role("heading", name=re.compile(f"{first} {last} — case C-"))
    expect(heading).to_be_visible()
    return heading.inner_text().split("case ")[-1]


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, with runs of white space (line breaks too) made one space."""
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


class Runner:
    def __init__(self, page: Page, on_each_step: Callable[[Page, str], None] | None = None) -> None:
        self.page = page
        self.on_each_step = on_each_step

    def heading(self, text: str) -> None:
        expect(self.page.get_by_role("heading", name=text, exact=True)).to_be_visible()

    def type(self, label: str, text: str, within: Scope | None = None) -> None:
        (within or self.page).get_by_label(label, exact=True).fill(text)

    def yes_no(self, question: str, answer: str, within: Scope | None = None) -> None:
        """A yes/no question, or any choice shown as radio buttons, by its legend."""
        group = (within or self.page).get_by_role("group", name=question, exact=True)
        group.get_by_role("radio", name=answer, exact=True).click()

    choose = yes_no  # a choice of up to eight options is radio buttons too

    def select(self, label: str, option: str, within: Scope | None = None) -> None:
        """A choice of more than eight options, shown as a drop-down list."""
        (within or self.page).get_by_label(label, exact=True).click()
        self.page.get_by_role("option", name=option, exact=True).click()
        expect(self.page.get_by_role("listbox")).to_have_count(0)

    def tick(self, label: str, within: Scope | None = None) -> None:
        (within or self.page).get_by_role("checkbox", name=label, exact=True).click()

    def entry(self, name: str, within: Scope | None = None) -> Locator:
        """One entry of a repeating group, e.g. "Incident 2"."""
        return (within or self.page).get_by_role("region", name=name, exact=True)

    def add(self, item_label: str, number: int, within: Scope | None = None) -> Locator:
        """Press "Add <item label>" and return the new entry, "<Item label> <number>"."""
        scope = within or self.page
        scope.get_by_role("button", name=re.compile(f"Add {re.escape(item_label.lower())}$")).click()
        entry = self.entry(f"{item_label} {number}", within)
        expect(entry).to_be_visible()
        return entry

    def next(self, expected_heading: str) -> None:
        # "Save and return to the review" is the forward button of a step opened with Edit.
        forward = re.compile(r"^(arrow_forward)?\s*(Next|Review answers|Save and return to the review)")
        self.page.get_by_role("button", name=forward).click()
        self.heading(expected_heading)
        if self.on_each_step is not None:
            self.on_each_step(self.page, expected_heading)

    def download_pdf(self, link_text: str) -> bytes:
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name=link_text).click()
        data = info.value.path().read_bytes()
        assert data.startswith(b"%PDF"), "the download is not a PDF"
        return data

    def download_pdf_pages(self, link_text: str) -> list[str]:
        return pdf_pages(self.download_pdf(link_text))

    def download_pdf_text(self, link_text: str) -> str:
        data = self.download_pdf(link_text)
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
