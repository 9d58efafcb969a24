"""The walk-in kiosk on the lobby tablet: /kiosk (the intake, pages.kiosk.page and
pages.kiosk.screens), /kiosk/enrol (setting a tablet up, pages.kiosk.device) and /welcome (the
neutral page a quick exit lands on, pages.kiosk.welcome).

/kiosk is open to everyone, but only an enrolled tablet gets the questions: anywhere else it says,
in both languages, that the screen is not set up. Nothing a person enters is stored by the page:
not in app.storage, not as a draft, not in the browser (see docs/kiosk.md).
"""

from __future__ import annotations

from fastapi import Request
from nicegui import ui

from pages.kiosk import device as kiosk_device
from pages.kiosk import welcome as kiosk_welcome
from pages.kiosk.page import KioskPage
from pages.kiosk.settings import KioskSettings
from pages.kiosk.style import CSS, head_html
from pages.layout import FOCUS_SCRIPT, PRIMARY
from pages.services import get
from workflows.model import Definition

KIOSK_WORKFLOW = "kiosk_intake"


def kiosk_definition() -> Definition:
    return get().catalogue.get(KIOSK_WORKFLOW)


def register(settings: KioskSettings) -> None:
    kiosk_device.register()
    kiosk_welcome.register()

    # The tab title is neutral: it is what shows if someone glances at the browser's history.
    @ui.page("/kiosk", title="Welcome · Bienvenido")
    def kiosk_page(request: Request) -> None:
        services = get()
        device = kiosk_device.device_for(request)
        ui.colors(primary=PRIMARY)
        ui.add_css(CSS)
        ui.add_head_html(f"<script>{FOCUS_SCRIPT}</script>\n{head_html(settings)}")
        token = request.cookies.get(kiosk_device.COOKIE) if device is not None else None
        KioskPage(services, settings, kiosk_definition(), token, enrolled=device is not None).render()
