"""axe-core finds no WCAG 2 A/AA violation on the kiosk, in landscape (1280×800) and portrait
(800×1280), in English and in Spanish: the start screen, a question step (with its errors shown),
the urgent state with 911, "Check your answers", the thank-you screen, the idle warning, and the
pages around it (not set up, the neutral lobby page, setting a tablet up)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from support.accessibility import assert_accessible
from support.kiosk import Kiosk, KioskApp, as_tablet, start_kiosk_app

pytestmark = pytest.mark.e2e

VIEWPORTS = {"landscape": {"width": 1280, "height": 800}, "portrait": {"width": 800, "height": 1280}}
WORDS = {
    "en": {"language": "English", "reason": "I just need information", "next": "Next",
           "safe": "Are you safe right now?", "not_safe": "No, I am not safe", "check": "Check your answers",
           "send": "Send", "thanks": "Thank you",
           "title": "What brings you in today?", "fix": "Please check the answer marked in red"},
    "es": {"language": "Español", "reason": "Solo necesito información", "next": "Siguiente",
           "safe": "¿Está a salvo ahora mismo?", "not_safe": "No, no estoy a salvo", "check": "Revise sus respuestas",
           "send": "Enviar", "thanks": "Gracias", "title": "¿Por qué vino hoy?",
           "fix": "Por favor, revise la respuesta marcada en rojo"},
}


@pytest.fixture(scope="module")
def kiosk_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KioskApp]:
    # Long enough that no thank-you screen resets and no idle warning comes while axe runs.
    app = start_kiosk_app(tmp_path_factory.mktemp("kiosk-axe"), {
        "WRAPAROUND_KIOSK_THANKS_SECONDS": "300", "WRAPAROUND_KIOSK_SUBMISSIONS": "20"})
    yield app
    app.stop()


def _tablet(browser: Browser, kiosk_app: KioskApp, viewport: str) -> Page:
    context = browser.new_context(viewport=VIEWPORTS[viewport])  # type: ignore[arg-type]
    as_tablet(context, kiosk_app)
    return context.new_page()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("lang", sorted(WORDS))
def test_every_kiosk_screen_has_no_wcag_violations(browser: Browser, kiosk_app: KioskApp, lang: str,
                                                   viewport: str) -> None:
    words = WORDS[lang]
    page = _tablet(browser, kiosk_app, viewport)
    try:
        kiosk = Kiosk(page, kiosk_app.url)
        kiosk.start()
        assert_accessible(page, f"start screen, {viewport}")
        kiosk.press(words["language"])
        kiosk.heading(words["title"])
        expect(page.locator("html")).to_have_attribute("lang", lang)
        assert_accessible(page, f"first question, {lang}, {viewport}")
        kiosk.press(words["next"])
        expect(page.get_by_text(words["fix"])).to_be_visible()
        assert_accessible(page, f"first question with an error, {lang}, {viewport}")
        kiosk.tick(words["reason"])
        kiosk.forward(words["next"])
        kiosk.choose(words["safe"], words["not_safe"])
        expect(page.get_by_role("alert").filter(has_text="911")).to_be_visible()
        assert_accessible(page, f"not safe right now, {lang}, {viewport}")
        kiosk.forward(words["next"], times=5)
        kiosk.heading(words["check"])
        assert_accessible(page, f"check your answers, {lang}, {viewport}")
        kiosk.press(words["send"])
        kiosk.heading(words["thanks"])
        assert_accessible(page, f"thank you, {lang}, {viewport}")
    finally:
        page.context.close()


def test_the_idle_warning_has_no_wcag_violations(browser: Browser, kiosk_app: KioskApp) -> None:
    page = _tablet(browser, kiosk_app, "portrait")
    try:
        Kiosk(page, kiosk_app.url).start("Español")
        page.evaluate("emitEvent('kiosk_idle_warning')")  # what the idle timer does after a minute
        expect(page.get_by_role("dialog")).to_contain_text("¿Sigue ahí?")
        assert_accessible(page, "idle warning, es")
    finally:
        page.context.close()


def test_the_pages_around_the_kiosk_have_no_wcag_violations(browser: Browser, kiosk_app: KioskApp) -> None:
    context = browser.new_context(viewport=VIEWPORTS["portrait"])  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.goto(kiosk_app.url + "/kiosk")
        expect(page.get_by_text("This screen is not set up yet.")).to_be_visible()
        assert_accessible(page, "not set up")
        page.goto(kiosk_app.url + "/welcome")
        expect(page.get_by_role("heading", name="City of Peoria — lobby information")).to_be_visible()
        assert_accessible(page, "lobby information")
        page.goto(kiosk_app.url + "/kiosk/enrol?problem=wrong")
        expect(page.get_by_role("alert")).to_be_visible()
        assert_accessible(page, "set up a tablet, wrong code")
    finally:
        context.close()
