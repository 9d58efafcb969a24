"""Driving the runner in Chromium as a social worker would: by visible labels and roles only."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from playwright.sync_api import Page, expect
from pypdf import PdfReader


def log_in(page: Page, base_url: str, username: str = "worker", password: str = "correct horse battery staple",
           then: str = "/") -> None:
    page.goto(f"{base_url}/login?redirect_to={then}")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Log out")).to_be_visible()


class Runner:
    def __init__(self, page: Page, on_each_step: Callable[[Page, str], None] | None = None) -> None:
        self.page = page
        self.on_each_step = on_each_step

    def heading(self, text: str) -> None:
        expect(self.page.get_by_role("heading", name=text, exact=True)).to_be_visible()

    def type(self, label: str, text: str) -> None:
        self.page.get_by_label(label, exact=True).fill(text)

    def yes_no(self, question: str, answer: str) -> None:
        group = self.page.get_by_role("group", name=question, exact=True)
        group.get_by_role("radio", name=answer, exact=True).click()

    def tick(self, label: str) -> None:
        self.page.get_by_role("checkbox", name=label, exact=True).click()

    def next(self, expected_heading: str) -> None:
        self.page.get_by_role("button", name=re.compile(r"^(arrow_forward)?\s*(Next|Review answers)")).click()
        self.heading(expected_heading)
        if self.on_each_step is not None:
            self.on_each_step(self.page, expected_heading)

    def download_pdf_text(self, link_text: str) -> str:
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name=link_text).click()
        data = info.value.path().read_bytes()
        assert data.startswith(b"%PDF"), "the download is not a PDF"
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
