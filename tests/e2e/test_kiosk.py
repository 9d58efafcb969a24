"""The lobby kiosk in Chromium, as a walk-in and a social worker would meet it: a whole intake in
Spanish reaching the staff queue; "not safe right now" raising the urgent alert before Send; quick
exit leaving nothing readable (Back, reload, a new tab, the browser's storage); a tablet refused
every staff page even with a staff session; setting a tablet up with an enrolment code."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from support.kiosk import Kiosk, KioskApp, as_tablet, start_kiosk_app
from support.workflow_driver import log_in

from pages import authz

pytestmark = pytest.mark.e2e

SAMPLE_VALUES = {"workflow_id": "safety_plan", "document_id": "take_home", "username": "worker"}


@pytest.fixture(scope="module")
def kiosk_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KioskApp]:
    app = start_kiosk_app(tmp_path_factory.mktemp("kiosk"))
    yield app
    app.stop()


@pytest.fixture
def tablet(browser: Browser, kiosk_app: KioskApp) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    as_tablet(context, kiosk_app)
    yield context
    context.close()


@pytest.fixture
def staff(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_a_whole_intake_in_spanish_reaches_the_staff_queue(tablet: BrowserContext, staff: Page,
                                                            kiosk_app: KioskApp) -> None:
    page = tablet.new_page()
    kiosk = Kiosk(page, kiosk_app.url)
    kiosk.start("Español")
    expect(page.locator("html")).to_have_attribute("lang", "es")  # read in Spanish by a screen reader
    expect(page.get_by_role("button", name="Salida rápida")).to_be_visible()
    expect(page.get_by_role("button", name="Prefiero hablar con una persona")).to_be_visible()
    kiosk.heading("¿Por qué vino hoy?")
    kiosk.press("Siguiente")  # nothing chosen yet: the person is told, in Spanish
    expect(page.get_by_text("Por favor, revise la respuesta marcada en rojo antes de seguir.")).to_be_visible()
    kiosk.tick("Vivienda, comida u otras necesidades básicas")
    kiosk.tick("Solo necesito información")
    kiosk.forward("Siguiente")
    kiosk.heading("¿Está a salvo ahora mismo?")
    kiosk.choose("¿Está a salvo ahora mismo?", "Sí, estoy a salvo ahora mismo")
    expect(page.get_by_text(re.compile("Llame al 911"))).to_have_count(0)
    kiosk.forward("Siguiente")
    kiosk.heading("¿Cómo le podemos llamar?")
    name = page.get_by_label("Nombre (opcional)", exact=True)
    expect(name).to_have_attribute("autocomplete", "off")
    name.fill("Rosa")
    kiosk.forward("Siguiente")
    kiosk.heading("¿Cómo podemos comunicarnos con usted sin riesgo?")
    kiosk.type("Número de teléfono (opcional)", "309-555-0142")
    kiosk.choose("¿Le podemos llamar a este número?", "Sí")
    kiosk.choose("¿Le podemos mandar un mensaje de texto?", "No")
    kiosk.choose("¿Le podemos dejar un mensaje de voz?", "No")
    kiosk.type("¿Cuándo es seguro comunicarnos con usted? (opcional)", "por la mañana")
    kiosk.forward("Siguiente")
    kiosk.heading("Idioma y accesibilidad")
    kiosk.choose("¿Quiere un intérprete?", "Sí")
    kiosk.type("¿En qué idioma?", "español")
    kiosk.forward("Siguiente")
    kiosk.heading("¿Algo más?")
    kiosk.press("Atrás")  # Back keeps what was answered
    expect(page.get_by_label("¿En qué idioma?", exact=True)).to_have_value("español")
    kiosk.forward("Siguiente", times=2)
    kiosk.heading("Revise sus respuestas")
    expect(page.get_by_text("Rosa", exact=True)).to_be_visible()
    expect(page.get_by_text("309-555-0142", exact=True)).to_be_visible()
    kiosk.press("Enviar")
    kiosk.heading("Gracias")
    expect(page.get_by_text(re.compile("Un miembro del equipo de servicios sociales de la policía ya tiene su "
                                       "solicitud"))).to_be_visible()
    expect(page.get_by_text("Rosa", exact=True)).to_have_count(0)

    log_in(staff, kiosk_app.url)
    row = staff.get_by_role("row").filter(has_text="Rosa (first name only)")
    expect(row).to_be_visible()
    expect(row).to_contain_text("Walk-in (kiosk)")
    expect(row).to_contain_text("Housing, food or other basic needs")


def test_not_safe_right_now_shows_911_and_alerts_the_staff_before_send(tablet: BrowserContext, staff: Page,
                                                                        kiosk_app: KioskApp) -> None:
    page = tablet.new_page()
    kiosk = Kiosk(page, kiosk_app.url)
    kiosk.start("English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    kiosk.tick("Someone hurt me or threatens me")
    kiosk.forward("Next")
    kiosk.choose("Are you safe right now?", "No, I am not safe")
    alert = page.get_by_role("alert").filter(has_text="In danger right now? Call 911")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("A staff member has been told and is coming to you.")
    expect(page.get_by_text(re.compile("If you are in danger right now, call 911 or tell the officer"))).to_be_visible()

    # The person has not pressed Send, and the worker's queue already shows the alert at the top.
    log_in(staff, kiosk_app.url)
    urgent = staff.locator("tr.wa-urgent").filter(has_text="Not safe right now — at the lobby kiosk since")
    expect(urgent).to_have_count(1)
    expect(urgent).to_contain_text("Anonymous walk-in")

    # Going on to Send completes the same intake rather than raising a second one.
    kiosk.forward("Next")
    expect(page.get_by_role("alert").filter(has_text="Call 911")).to_be_visible()  # 911 stays on every step
    kiosk.type("First name (optional)", "Dana")
    kiosk.forward("Next", times=4)
    kiosk.heading("Check your answers")
    kiosk.press("Send")
    kiosk.heading("Thank you")
    staff.reload()
    urgent = staff.locator("tr.wa-urgent")
    expect(urgent.filter(has_text="Dana (first name only)")).to_have_count(1)
    expect(urgent.filter(has_text="Anonymous walk-in")).to_have_count(0)


def _nothing_left(page: Page, secret: str) -> None:
    """Neither the screen nor the browser's storage holds what was typed."""
    expect(page.locator("body")).not_to_contain_text(secret)
    if not page.url.startswith("http"):
        return  # Back went past the app (to the blank page a new tab opens with): nothing of ours
    stored = page.evaluate("JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), "
                           "document.cookie])")
    assert secret not in stored
    assert all(secret not in cookie["value"] for cookie in page.context.cookies())


def test_quick_exit_leaves_nothing_readable(tablet: BrowserContext, kiosk_app: KioskApp, staff: Page) -> None:
    page = tablet.new_page()
    page.goto(kiosk_app.url + "/welcome")
    page.get_by_role("link", name="Back to start").click()
    kiosk = Kiosk(page, kiosk_app.url)
    expect(page.get_by_text("It does not erase everything a device may record.")).to_be_visible()  # the honest note
    kiosk.press("English")
    kiosk.tick("I just need information")
    kiosk.forward("Next")
    kiosk.choose("Are you safe right now?", "Yes, I am safe right now")
    kiosk.forward("Next")
    kiosk.type("First name (optional)", "Zephyrine")
    page.get_by_role("button", name="Quick exit").click()
    expect(page).to_have_url(kiosk_app.url + "/welcome")
    expect(page.get_by_role("heading", name="City of Peoria — lobby information")).to_be_visible()
    _nothing_left(page, "Zephyrine")

    page.go_back()  # the form's history entry was replaced: Back finds the lobby page opened before
    expect(page.get_by_role("heading", name="City of Peoria — lobby information")).to_be_visible()
    _nothing_left(page, "Zephyrine")
    page.go_forward()
    page.reload()
    _nothing_left(page, "Zephyrine")
    other = tablet.new_page()  # a new tab in the same browser starts fresh
    Kiosk(other, kiosk_app.url).start()
    _nothing_left(other, "Zephyrine")
    expect(other.get_by_role("button", name="English", exact=True)).to_be_visible()

    log_in(staff, kiosk_app.url)  # and nothing was sent
    expect(staff.get_by_role("heading", name="Triage queue")).to_be_visible()
    expect(staff.locator("body")).not_to_contain_text("Zephyrine")


def test_escape_pressed_three_times_is_a_quick_exit(tablet: BrowserContext, kiosk_app: KioskApp) -> None:
    page = tablet.new_page()
    kiosk = Kiosk(page, kiosk_app.url)
    kiosk.start("Español")
    expect(page.get_by_role("button", name="Salida rápida")).to_be_visible()
    kiosk.tick("Solo necesito información")
    kiosk.forward("Siguiente")
    kiosk.choose("¿Está a salvo ahora mismo?", "Sí, estoy a salvo ahora mismo")
    kiosk.forward("Siguiente")
    kiosk.type("Nombre (opcional)", "Xiomara")
    for _ in range(3):
        page.keyboard.press("Escape")
    expect(page).to_have_url(kiosk_app.url + "/welcome")
    _nothing_left(page, "Xiomara")
    page.go_back()  # this tab opened at /kiosk, and that entry is now /welcome: Back leaves the app
    assert not page.url.endswith("/kiosk")
    _nothing_left(page, "Xiomara")


def _concrete(route: str) -> str:
    return re.sub(r"\{([a-z_]+)\}", lambda m: SAMPLE_VALUES.get(m.group(1), "doesnotexist"), route)


def test_the_tablet_is_refused_every_staff_page_even_with_a_staff_session(browser: Browser,
                                                                          kiosk_app: KioskApp) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        log_in(page, kiosk_app.url, username="super")  # a supervisor's session on the lobby tablet …
        assert context.request.get(kiosk_app.url + "/", max_redirects=0).status == 200
        as_tablet(context, kiosk_app)                   # … which is also an enrolled kiosk
        for route, allowed in authz.PAGES.items():
            response = context.request.get(kiosk_app.url + _concrete(route), max_redirects=0)
            if "kiosk" in allowed:
                assert response.status != 403, route
                assert response.headers["cache-control"] == "no-store", route
            else:
                assert response.status == 403, f"{route} answered {response.status} to the kiosk"
                assert "This screen is for the lobby kiosk only" in response.text()
        page.goto(kiosk_app.url + "/")
        expect(page.get_by_role("heading", name="This screen is for the lobby kiosk only")).to_be_visible()
    finally:
        context.close()


def test_an_administrator_enrols_a_tablet_and_revokes_it(browser: Browser, kiosk_app: KioskApp) -> None:
    admin_context, tablet_context = browser.new_context(), browser.new_context()
    try:
        tablet = tablet_context.new_page()
        tablet.goto(kiosk_app.url + "/kiosk")
        expect(tablet.get_by_text("This screen is not set up yet. Please ask at the front window.")).to_be_visible()
        expect(tablet.get_by_text("Esta pantalla todavía no está lista. Por favor, pregunte en la ventanilla.")
               ).to_be_visible()
        expect(tablet.get_by_role("button", name="English", exact=True)).to_have_count(0)  # no questions here

        admin = admin_context.new_page()
        log_in(admin, kiosk_app.url, username="admin", then="/admin/kiosks")
        admin.get_by_label("Name of the tablet (e.g. Lobby tablet, front desk)").fill("Front desk tablet")
        admin.get_by_role("button", name="Enrol a tablet").click()
        code = admin.locator(".font-mono").inner_text()  # shown as "ABCD EFGH"

        tablet.goto(kiosk_app.url + "/kiosk/enrol")
        tablet.get_by_label("Enrolment code").fill("WRONG CODE")
        tablet.get_by_role("button", name="Set up this tablet").click()
        expect(tablet.get_by_role("alert")).to_contain_text("That code did not work")
        tablet.get_by_label("Enrolment code").fill(code.lower())
        tablet.get_by_role("button", name="Set up this tablet").click()
        expect(tablet).to_have_url(kiosk_app.url + "/kiosk")
        expect(tablet.get_by_role("button", name="Español", exact=True)).to_be_visible()
        cookie = next(c for c in tablet_context.cookies() if c["name"] == "wraparound_kiosk")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        assert "wraparound_kiosk" not in tablet.evaluate("document.cookie")  # no script can read it

        admin.reload()
        admin.get_by_role("button", name="Revoke Front desk tablet").click()
        admin.get_by_role("button", name="Revoke the tablet").click()
        expect(admin.get_by_text("Front desk tablet is revoked.")).to_be_visible()
        tablet.reload()
        expect(tablet.get_by_text("This screen is not set up yet. Please ask at the front window.")).to_be_visible()
    finally:
        admin_context.close()
        tablet_context.close()


def test_asking_for_a_staff_member_midway_tells_the_team(tablet: BrowserContext, staff: Page,
                                                          kiosk_app: KioskApp) -> None:
    page = tablet.new_page()
    kiosk = Kiosk(page, kiosk_app.url)
    kiosk.start("Español")
    kiosk.tick("Mi hijo, hija o adolescente")
    kiosk.forward("Siguiente")
    kiosk.press("Prefiero hablar con una persona")
    kiosk.heading("Por favor, vaya a la ventanilla")
    expect(page.get_by_text("También le avisamos al equipo que alguien en esta pantalla quiere hablar con ellos.")
           ).to_be_visible()
    log_in(staff, kiosk_app.url)
    row = staff.get_by_role("row").filter(has_text="Asked for a staff member.")
    expect(row).to_contain_text("My child or teen")
