"""The kiosk on its own timers, with short ones set through the environment the way a unit would
(WRAPAROUND_KIOSK_IDLE_WARN_SECONDS, …_IDLE_WIPE_SECONDS, …_THANKS_SECONDS), and a tablet allowed one
intake per window (WRAPAROUND_KIOSK_SUBMISSIONS): the idle warning and wipe, the thank-you screen
resetting itself, the calm "ask at the front window" once the limit is reached, and an urgent
alert that the limit never stops."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from support.kiosk import Kiosk, KioskApp, as_tablet, start_kiosk_app

pytestmark = pytest.mark.e2e

WARN, WIPE, THANKS = 4, 3, 3


@pytest.fixture(scope="module")
def kiosk_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KioskApp]:
    app = start_kiosk_app(tmp_path_factory.mktemp("kiosk-idle"), {
        "WRAPAROUND_KIOSK_IDLE_WARN_SECONDS": str(WARN), "WRAPAROUND_KIOSK_IDLE_WIPE_SECONDS": str(WIPE),
        "WRAPAROUND_KIOSK_THANKS_SECONDS": str(THANKS), "WRAPAROUND_KIOSK_SUBMISSIONS": "1",
    })
    yield app
    app.stop()


@pytest.fixture
def page(browser: Browser, kiosk_app: KioskApp) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 800, "height": 1280})
    as_tablet(context, kiosk_app)
    yield context.new_page()
    context.close()


def _to_the_name(kiosk: Kiosk, spanish: bool = False) -> None:
    if spanish:
        kiosk.tick("Solo necesito información")
        kiosk.forward("Siguiente")
        kiosk.choose("¿Está a salvo ahora mismo?", "Sí, estoy a salvo ahora mismo")
        kiosk.forward("Siguiente")
        return
    kiosk.tick("I just need information")
    kiosk.forward("Next")
    kiosk.choose("Are you safe right now?", "Yes, I am safe right now")
    kiosk.forward("Next")


def test_an_idle_kiosk_warns_then_wipes_the_answers(page: Page, kiosk_app: KioskApp) -> None:
    kiosk = Kiosk(page, kiosk_app.url)
    kiosk.start("Español")
    _to_the_name(kiosk, spanish=True)
    kiosk.type("Nombre (opcional)", "Marisol")
    # Nobody touches the screen: the warning comes, in the person's language.
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("¿Sigue ahí?", timeout=(WARN + 10) * 1000)
    expect(dialog).to_contain_text(f"borrará sus respuestas en {WIPE} segundos")
    expect(dialog.get_by_role("button", name="Salida rápida")).to_be_visible()  # the bar is covered
    dialog.get_by_role("button", name="Necesito más tiempo").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_label("Nombre (opcional)", exact=True)).to_have_value("Marisol")  # kept
    # Warned again, and this time nobody answers: the kiosk starts over with nothing of Marisol.
    expect(dialog).to_contain_text("¿Sigue ahí?", timeout=(WARN + 10) * 1000)
    expect(page.get_by_role("heading", name="Choose your language · Elija su idioma")).to_be_visible(
        timeout=(WIPE + 10) * 1000)
    expect(page.locator("body")).not_to_contain_text("Marisol")
    expect(page.locator("html")).not_to_have_attribute("lang", "es")
    page.go_back()
    expect(page.locator("body")).not_to_contain_text("Marisol")


def test_the_thank_you_screen_resets_itself_and_a_busy_tablet_sends_people_to_the_window(
        page: Page, kiosk_app: KioskApp) -> None:
    kiosk = Kiosk(page, kiosk_app.url)
    kiosk.start("English")
    _to_the_name(kiosk)
    kiosk.type("First name (optional)", "Imogen")
    kiosk.forward("Next", times=4)
    kiosk.heading("Check your answers")
    kiosk.press("Send")
    kiosk.heading("Thank you")
    expect(page.get_by_text(f"This screen clears itself in {THANKS} seconds.")).to_be_visible()
    expect(page.get_by_role("heading", name="Choose your language · Elija su idioma")).to_be_visible(
        timeout=(THANKS + 10) * 1000)
    expect(page.locator("body")).not_to_contain_text("Imogen")

    # The tablet may send one intake per window: the next person is told, calmly, where to go.
    kiosk.press("Español")
    _to_the_name(kiosk, spanish=True)
    kiosk.forward("Siguiente", times=4)
    kiosk.heading("Revise sus respuestas")
    kiosk.press("Enviar")
    kiosk.heading("Por favor, pregunte en la ventanilla")
    expect(page.get_by_text(re.compile("El oficial de la ventanilla le puede atender enseguida"))).to_be_visible()
    page.get_by_role("button", name="Terminar").click()
    kiosk.heading("Choose your language · Elija su idioma")


def test_not_safe_on_a_busy_tablet_still_reaches_the_staff(page: Page, kiosk_app: KioskApp) -> None:
    kiosk = Kiosk(page, kiosk_app.url)
    kiosk.start("English")
    kiosk.tick("Someone hurt me or threatens me")
    kiosk.forward("Next")
    kiosk.choose("Are you safe right now?", "I am not sure")
    alert = page.get_by_role("alert").filter(has_text="In danger right now? Call 911")
    expect(alert).to_be_visible()
    # The tablet's one intake per window is used, and the urgent alert goes through all the same.
    expect(alert).to_contain_text("A staff member has been told and is coming to you.")


def test_asking_for_a_staff_member_says_where_to_go(page: Page, kiosk_app: KioskApp) -> None:
    kiosk = Kiosk(page, kiosk_app.url)
    kiosk.start()
    page.get_by_role("button", name=re.compile("Ask a staff member instead")).click()
    kiosk.heading("Please go to the front window")
    expect(page.get_by_role("heading", name="Por favor, vaya a la ventanilla")).to_be_visible()
    # Done starts the kiosk again by replacing the page; wait for that, or a new visit's own
    # navigation races it (Chromium then aborts one of the two: net::ERR_ABORTED).
    with page.expect_navigation():
        page.get_by_role("button", name="Done · Terminar").click()
    kiosk.heading("Choose your language · Elija su idioma")
    kiosk.press("Español")
    kiosk.press("Prefiero hablar con una persona")
    kiosk.heading("Por favor, vaya a la ventanilla")
    expect(page.get_by_text(re.compile("Dígale al oficial de la ventanilla"))).to_be_visible()
