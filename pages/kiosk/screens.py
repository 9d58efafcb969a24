"""The kiosk's screens, drawn from a KioskPage (pages.kiosk.page): the bar with Quick exit, the
language choice, one question step at a time (the intake definition's fields, drawn by the same
widgets as the staff runner), the 911 panel, "Check your answers", the thank-you screen, "please go
to the front window", and the screens for a tablet that is not set up or may not send right now.

Every text is the person's language: the definition's {en, es} texts and pages.kiosk.text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nicegui import ui
from nicegui.element import Element

from pages.kiosk.send import Outcome
from pages.kiosk.text import LANGUAGES, say, seconds
from pages.kiosk.visit import Screen
from pages.widgets import Tag
from pages.workflow.fields import FieldView, render_field
from workflows.model import local
from workflows.presentation import present

if TYPE_CHECKING:
    from pages.kiosk.page import KioskPage

HEADING_ID = "wa-step-heading"




def heading(text: str, level: int = 1) -> Tag:
    tag = Tag(f"h{level}", text)
    if level == 1:
        tag._props["id"] = HEADING_ID
        tag._props["tabindex"] = "-1"
    return tag


def _button(text: str, on_click: object, *, primary: bool = True, mark: str | None = None) -> ui.button:
    button = ui.button(text, on_click=on_click)  # type: ignore[arg-type]
    button.props["no-caps"] = True
    if primary:
        button.props["unelevated"] = True
    else:
        button.classes("wa-kiosk-secondary")
        button.props["outline"] = True
    if mark:
        button.mark(mark)
    return button


# --- the bar on every screen ------------------------------------------------------------------
def bar(page: KioskPage) -> None:
    starting = page.bilingual()
    with ui.column().classes("gap-0"):
        if starting:
            for lang in LANGUAGES:
                Tag("div", say("unit", lang), lang=lang).classes("wa-kiosk-unit")
        else:
            Tag("div", say("unit", page.visit.lang)).classes("wa-kiosk-unit")
    # The same place and size on every screen; the script in pages.kiosk.style acts on the click
    # before the server hears of it, so the screen goes blank at once.
    label = " · ".join(say("quick_exit", lang) for lang in LANGUAGES) if starting else say(
        "quick_exit", page.visit.lang)
    exit_button = ui.button(label, color=None).classes("wa-quick-exit")
    exit_button.props["no-caps"] = True
    exit_button.props["unelevated"] = True
    exit_button.mark("kiosk:quick-exit")


# --- which screen -----------------------------------------------------------------------------
def screen(page: KioskPage) -> None:
    page.views = {}
    page.boxes = {}
    page.summary = None
    if not page.enrolled:
        not_set_up(page)
        return
    drawers = {Screen.language: language, Screen.question: question, Screen.check: check,
               Screen.thanks: thanks, Screen.ask_staff: ask_staff, Screen.limited: limited}
    drawers[page.visit.screen](page)


def _ask_staff_button(page: KioskPage, bilingual: bool = False) -> None:
    text = " · ".join(say("ask_staff", lang) for lang in LANGUAGES) if bilingual else say(
        "ask_staff", page.visit.lang)
    _button(text, page.ask_for_staff, primary=False, mark="kiosk:ask-staff").classes("self-start")


def language(page: KioskPage) -> None:
    definition = page.visit.definition
    title = ui.element("h1")
    title._props["id"] = HEADING_ID
    title._props["tabindex"] = "-1"
    with title:
        Tag("span", say("choose_language", "en"), lang="en")
        Tag("span", " · ")
        Tag("span", say("choose_language", "es"), lang="es")
    for lang in LANGUAGES:
        Tag("p", f"{local(definition.title, lang)}. {local(definition.description, lang)}", lang=lang)
    with ui.row().classes("gap-6 w-full justify-center my-4"):
        for lang in LANGUAGES:
            choose = _button(say("language_name", lang), lambda lang=lang: page.choose_language(lang),
                             mark=f"kiosk:language={lang}")
            choose.classes("wa-language")
            choose.props["lang"] = lang
    _ask_staff_button(page, bilingual=True)
    for lang in LANGUAGES:
        Tag("p", say("quick_exit_note", lang), lang=lang).classes("wa-kiosk-note")
    for lang in LANGUAGES:
        Tag("p", say("emergency_short", lang, number=page.visit.emergency_number), lang=lang).classes(
            "wa-kiosk-note")


# --- one question step ------------------------------------------------------------------------
def question(page: KioskPage) -> None:
    visit = page.visit
    lang = visit.lang
    step = visit.definition.step(visit.step)
    number, total = visit.position()
    ui.label(say("step_of", lang, number=number, total=total)).classes("wa-help")
    page.emergency()
    heading(local(step.title, lang))
    if step.help:
        ui.label(local(step.help, lang)).classes("wa-help")
    page.summary = ui.element("div").classes("w-full")
    page.summary.props["role"] = "alert"
    target = visit.step_answers()

    def register(key: str, view: FieldView) -> None:
        if isinstance(view.focus, ui.input):  # text boxes (a textarea is one too)
            # Nothing typed at the kiosk may be offered back to the next person by the browser.
            view.focus.props["autocomplete"] = "off"
        page.views[key] = view

    def place(key: str, box: Element) -> None:
        page.boxes[key] = box

    for spec in step.fields:
        render_field(spec, target, f"{step.id}.{spec.id}", page.changed, page.redraw, register, place, lang)
    with ui.row().classes("w-full justify-between items-center mt-4 gap-4"):
        if visit.has_previous():
            _button(say("back", lang), page.back, primary=False, mark="kiosk:back")
        else:
            ui.element("span")
        _button(say("next", lang), page.next, mark="kiosk:next")
    _ask_staff_button(page)
    apply_visibility(page)
    if visit.showing_errors:
        show_errors(page, focus=False)


def apply_visibility(page: KioskPage) -> None:
    visit = page.visit
    if visit.screen != Screen.question:
        return
    shown = {f"{visit.step}.{f}" for f in visit.evaluation.visible_fields.get(visit.step, [])}
    for key, box in page.boxes.items():
        if "[" not in key:  # the kiosk intake has no repeating groups; their entries draw themselves
            box.set_visibility(key in shown)
    if visit.showing_errors:
        show_errors(page, focus=False)


def show_errors(page: KioskPage, focus: bool) -> None:
    errors = page.visit.step_errors()
    for key, view in page.views.items():
        view.show_error(errors.get(key))
    if page.summary is None:
        return
    page.summary.clear()
    page.summary.classes(remove="wa-kiosk-summary")
    if not errors:
        return
    page.summary.classes(add="wa-kiosk-summary")
    with page.summary:
        ui.label(say("fix_answers", page.visit.lang))
    first = next((page.views[k] for k in errors if k in page.views), None)
    if focus and first is not None:
        page.client.run_javascript(f"waFocus('{first.focus.html_id}')")


def emergency(page: KioskPage) -> None:
    """911, large, the moment the visit is urgent; says a staff member was told once they were."""
    visit = page.visit
    if not visit.urgent:
        return
    _emergency_panel(say("emergency_sent" if visit.alert_sent else "emergency_not_sent", visit.lang), page)


def _emergency_panel(text: str, page: KioskPage) -> None:
    panel = ui.element("section").classes("wa-emergency column gap-2")
    panel.props["role"] = "alert"
    panel.mark("kiosk:emergency")
    with panel:
        ui.label(say("emergency_title", page.visit.lang, number=page.visit.emergency_number)).classes(
            "wa-emergency-title")
        ui.label(text)


# --- check your answers -----------------------------------------------------------------------
def check(page: KioskPage) -> None:
    visit = page.visit
    lang = visit.lang
    page.emergency()
    heading(say("check_answers", lang))
    ui.label(say("check_help", lang)).classes("wa-help")
    if not visit.evaluation.complete:
        problems = ui.element("div").classes("wa-kiosk-summary")
        problems.props["role"] = "alert"
        problems.props["id"] = "wa-check-problems"
        problems.props["tabindex"] = "-1"
        with problems:
            ui.label(say("fix_before_send", lang))
    with ui.column().classes("wa-kiosk-check w-full gap-4"):
        for section in present(visit.definition, visit.evaluation, lang):
            card = ui.element("section").classes("column gap-1")
            card.props["aria-label"] = section.title
            with card:
                with ui.row().classes("w-full items-center justify-between gap-2"):
                    heading(section.title, 2)
                    change = _button(say("change", lang), lambda s=section.id: page.change(s), primary=False,
                                     mark=f"kiosk:change={section.id}")
                    change.props["aria-label"] = say("change_step", lang, title=section.title)
                if visit.evaluation.step_errors(section.id):
                    ui.label(say("fix_before_send", lang)).classes("wa-error")
                with ui.element("dl").classes("w-full"):
                    for field in section.fields:
                        Tag("dt", field.label)
                        Tag("dd", field.display or say("not_answered", lang))
    with ui.row().classes("w-full justify-between items-center mt-4 gap-4"):
        _button(say("back", lang), page.back, primary=False, mark="kiosk:back")
        _button(say("send", lang), page.send, mark="kiosk:send")
    _ask_staff_button(page)


# --- the screens that end a visit ---------------------------------------------------------------
def _resets_itself(page: KioskPage, languages: tuple[str, ...] | None = None) -> None:
    languages = languages or (page.visit.lang,)
    marked = len(languages) > 1
    for lang in languages:
        Tag("p", say("resets_in", lang, seconds=seconds(page.settings.thanks_seconds)),
            lang=lang if marked else None).classes("wa-help")
    done = " · ".join(say("done", lang) for lang in languages)
    _button(done, page.restart, mark="kiosk:done").classes("self-start")
    ui.timer(page.settings.thanks_seconds, page.restart, once=True)


def thanks(page: KioskPage) -> None:
    visit = page.visit
    lang = visit.lang
    heading(say("thanks_title", lang))
    kiosk = visit.definition.kiosk
    ui.label(local(kiosk.finish if kiosk else None, lang)).classes("text-xl")
    _resets_itself(page)


def ask_staff(page: KioskPage) -> None:
    languages = LANGUAGES if page.bilingual() else (page.visit.lang,)
    if page.urgent_unsent:
        _emergency_panel(say("emergency_not_sent", page.visit.lang), page)
    for index, lang in enumerate(languages):
        marked = lang if len(languages) > 1 else None
        title = heading(say("ask_staff_title", lang)) if index == 0 else Tag("h2", say("ask_staff_title", lang))
        if marked:
            title._props["lang"] = marked
        Tag("p", say("ask_staff_body", lang), lang=marked).classes("text-xl")
        if page.staff_outcome == Outcome.sent:
            Tag("p", say("ask_staff_sent", lang), lang=marked)
    _resets_itself(page, languages)


def limited(page: KioskPage) -> None:
    lang = page.visit.lang
    if page.urgent_unsent:
        _emergency_panel(say("emergency_not_sent", lang), page)
    heading(say("limited_title", lang))
    ui.label(say("limited_body", lang)).classes("text-xl")
    _resets_itself(page)


def not_set_up(page: KioskPage) -> None:
    title = ui.element("h1")
    title._props["id"] = HEADING_ID
    title._props["tabindex"] = "-1"
    with title:
        Tag("span", say("not_set_up", "en"), lang="en")
    Tag("p", say("not_set_up", "es"), lang="es").classes("text-2xl font-bold")
    for lang in LANGUAGES:
        Tag("p", say("emergency_short", lang, number=page.visit.emergency_number), lang=lang).classes("text-xl")
