"""Starting the app with an enrolled lobby tablet, and driving the kiosk in Chromium by what a
person sees (buttons and labels in their language).

The tablet is enrolled before the app starts, with store.files.kiosk_devices on the app's data folder
(as `python -m store users add` creates the staff accounts): the device's token is what the
tablet's HttpOnly cookie holds after /kiosk/enrol. (tests/e2e/test_kiosk.py also enrols a tablet
the whole way, through /admin/kiosks and /kiosk/enrol.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from support.app_server import ROOT, STAFF, RunningApp, add_account, start_app

ENROL = """
import json, sys
from pathlib import Path
from store.security.crypto import open_codec
from store.files.kiosk_devices import KioskDevices
data = Path(sys.argv[1])
devices = KioskDevices(data / "kiosk", open_codec(data))
_, code = devices.start_enrolment("Lobby tablet", by="admin")
token = devices.complete_enrolment(code)
print(json.dumps({"token": token}))
"""


@dataclass
class KioskApp:
    app: RunningApp
    token: str

    @property
    def url(self) -> str:
        return self.app.url

    def stop(self) -> None:
        self.app.process.terminate()
        try:
            self.app.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.app.process.kill()


def start_kiosk_app(base: Path, extra_env: dict[str, str] | None = None) -> KioskApp:
    data, config = base / "data", base / "config"
    for username, role in STAFF.items():
        add_account(data, config, username, role)
    made = subprocess.run([sys.executable, "-c", ENROL, str(data)], check=True, cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "WRAPAROUND_CONFIG_DIR": str(config)})
    enrolled = json.loads(made.stdout)
    app = start_app(data, base / "app.log", {"WRAPAROUND_CONFIG_DIR": str(config), **(extra_env or {})})
    return KioskApp(app, enrolled["token"])


def as_tablet(context: BrowserContext, kiosk: KioskApp) -> None:
    """The cookie /kiosk/enrol gives an enrolled tablet (HttpOnly, SameSite=Strict)."""
    context.add_cookies([{"name": "wraparound_kiosk", "value": kiosk.token, "url": kiosk.url, "httpOnly": True,
                          "sameSite": "Strict"}])


class Kiosk:
    """A person at the tablet."""

    def __init__(self, page: Page, url: str) -> None:
        self.page = page
        self.url = url

    def start(self, language: str | None = None) -> None:
        self.page.goto(self.url + "/kiosk")
        expect(self.page.get_by_role("heading", name="Choose your language · Elija su idioma")).to_be_visible()
        if language is not None:
            self.page.get_by_role("button", name=language, exact=True).click()

    def heading(self, text: str) -> None:
        expect(self.page.get_by_role("heading", name=text, exact=True)).to_be_visible()

    def tick(self, label: str) -> None:
        self.page.get_by_role("checkbox", name=label, exact=True).click()

    def choose(self, question: str, answer: str) -> None:
        group = self.page.get_by_role("group", name=question, exact=True)
        group.get_by_role("radio", name=answer, exact=True).click()

    def type(self, label: str, text: str) -> None:
        self.page.get_by_label(label, exact=True).fill(text)

    def press(self, name: str) -> None:
        self.page.get_by_role("button", name=name, exact=True).click()

    def forward(self, name: str, times: int = 1) -> None:
        """Next (or Siguiente), waiting each time for the next screen before pressing again."""
        for _ in range(times):
            heading = self.page.locator("h1")
            before = heading.inner_text()
            self.press(name)
            expect(heading).not_to_have_text(before)
