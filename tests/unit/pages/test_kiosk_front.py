"""The kiosk's own parts that need no browser: its words in both languages, its timings from the
environment, one visit's state (urgent, steps, wiping), and the neutral lobby page's text."""

from __future__ import annotations

import re
import string

import pytest

from pages.kiosk.lobby_information import lobby_information
from pages.kiosk.settings import KioskSettings, kiosk_settings_from_environment
from pages.kiosk.style import (
    IDLE_WARNING_EVENT,
    IDLE_WIPE_EVENT,
    QUICK_EXIT_EVENT,
    SCRIPT,
    head_html,
    set_language_js,
)
from pages.kiosk.text import LANGUAGES, TEXT, say, seconds
from pages.kiosk.visit import KioskVisit, Screen
from workflows.loader import load_directory


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_kiosk_text_is_in_english_and_spanish_with_the_same_blanks(key: str) -> None:
    texts = TEXT[key]
    assert set(texts) == set(LANGUAGES), key
    assert all(texts[lang].strip() for lang in LANGUAGES), key
    assert _placeholders(texts["en"]) == _placeholders(texts["es"]), key
    if key not in ("language_name",):
        assert texts["en"] != texts["es"] or key in ("unit",), f"{key} is not translated"


def test_the_spanish_is_spanish() -> None:
    assert say("quick_exit", "es") == "Salida rápida"
    assert say("more_time", "es") == "Necesito más tiempo"
    assert say("step_of", "es", number=2, total=6) == "Pregunta 2 de 6"
    assert say("quick_exit", "fr") == "Quick exit"  # a language the kiosk does not offer reads English
    assert seconds(90.0) == "90" and seconds(2.5) == "2.5"


def test_the_timings_default_to_the_confidentiality_notes() -> None:
    assert kiosk_settings_from_environment({}) == KioskSettings(idle_warn_seconds=60, idle_wipe_seconds=90,
                                                                thanks_seconds=20)


def test_the_timings_can_be_set_through_the_environment() -> None:
    settings = kiosk_settings_from_environment({
        "WRAPAROUND_KIOSK_IDLE_WARN_SECONDS": "5", "WRAPAROUND_KIOSK_IDLE_WIPE_SECONDS": " 3.5 ",
        "WRAPAROUND_KIOSK_THANKS_SECONDS": ""})
    assert (settings.idle_warn_seconds, settings.idle_wipe_seconds, settings.thanks_seconds) == (5, 3.5, 20)


@pytest.mark.parametrize("value", ["soon", "0", "-5", "3600"])
def test_a_timing_that_makes_no_sense_stops_the_app(value: str) -> None:
    with pytest.raises(ValueError, match=r"WRAPAROUND_KIOSK_IDLE_WARN_SECONDS|idle_warn_seconds"):
        kiosk_settings_from_environment({"WRAPAROUND_KIOSK_IDLE_WARN_SECONDS": value})


def test_the_browser_script_gets_numbers_only() -> None:
    html = head_html(KioskSettings(idle_warn_seconds=7, idle_wipe_seconds=8, thanks_seconds=9))
    assert 'window.waKiosk = {"warnSeconds": 7, "wipeSeconds": 8};' in html
    # The events the script raises are the ones the page listens for.
    assert f"leave('{QUICK_EXIT_EVENT}', '/welcome')" in SCRIPT
    assert f"leave('{IDLE_WIPE_EVENT}', '/kiosk')" in SCRIPT
    assert f"emitEvent('{IDLE_WARNING_EVENT}')" in SCRIPT
    assert "location.replace(address)" in SCRIPT  # the form's history entry is replaced, not kept
    assert set_language_js("es") == "waKiosk.setLanguage('es')"
    with pytest.raises(ValueError):
        set_language_js("es'); alert('x")


@pytest.fixture(scope="module")
def visit() -> KioskVisit:
    return KioskVisit(load_directory().get("kiosk_intake"))


def test_a_visit_turns_urgent_once_when_the_person_is_not_safe(visit: KioskVisit) -> None:
    visit.wipe()
    visit.choose_language("es")
    visit.answers["reason"] = {"reasons": ["hurt_or_threatened"]}
    assert visit.forward() and visit.step == "safety"
    visit.step_answers()["safe_now"] = "yes"
    assert visit.changed() is False and not visit.urgent
    visit.step_answers()["safe_now"] = "not_sure"
    assert visit.changed() is True and visit.urgent
    assert visit.changed() is False  # still urgent: the alert is raised once
    assert visit.emergency_number == "911"
    assert "danger_now" in visit.evaluation.visible_fields["safety"]  # the definition's 911 text shows


def test_a_visit_goes_step_by_step_to_the_check_screen(visit: KioskVisit) -> None:
    visit.wipe()
    assert visit.screen == Screen.language and visit.lang == "en"
    visit.choose_language("en")
    assert not visit.forward() and visit.showing_errors  # "what brings you in" needs an answer
    assert visit.step_errors() == {"reason.reasons": "Please choose an answer."}
    visit.answers["reason"] = {"reasons": ["information"]}
    assert visit.forward()
    visit.step_answers()["safe_now"] = "yes"
    for _ in range(4):
        assert visit.forward()
    assert visit.step == "anything_else" and visit.position() == (6, 6)
    assert visit.forward() and visit.screen == Screen.check
    assert visit.ready_to_send()
    visit.backward()
    assert visit.screen == Screen.question and visit.step == "anything_else"
    visit.go_to("name")
    assert visit.step == "name"


def test_only_the_answers_that_count_go_to_the_staff(visit: KioskVisit) -> None:
    visit.wipe()
    visit.choose_language("en")
    visit.answers.update({"reason": {"reasons": ["information"]}, "safety": {"safe_now": "yes"},
                          "contact": {"phone": "", "may_call": True}})
    visit.changed()
    counted = visit.counted_answers()
    assert "may_call" not in counted["contact"]  # asked only once a phone number is given


def test_wiping_a_visit_forgets_everything(visit: KioskVisit) -> None:
    visit.choose_language("es")
    visit.answers["name"] = {"first_name": "Rosa"}
    visit.intake_id, visit.alert_sent = "K-2026-00001", True
    visit.wipe()
    assert (visit.answers, visit.intake_id, visit.alert_sent, visit.lang, visit.screen) == (
        {}, None, False, "en", Screen.language)
    assert "Rosa" not in repr(visit.evaluation)


def test_the_lobby_page_is_neutral_and_in_both_languages() -> None:
    info = lobby_information()
    words = " ".join(text[lang] for lang in LANGUAGES
                     for text in [info.title, info.start, *(s.heading for s in info.sections),
                                  *(s.text for s in info.sections)])
    assert re.search(r"hours|restroom", words, re.IGNORECASE)
    # Nothing on it hints at what the person was doing at the kiosk.
    for word in ("abuse", "violence", "safe", "help", "kiosk", "abuso", "violencia", "ayuda", "protección"):
        assert word not in words.lower(), word
