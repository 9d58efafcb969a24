"""/welcome: the neutral lobby page a quick exit lands on (pages/kiosk/lobby_information.yaml says what
it shows). Open to everyone, in English and Spanish, with a plain link back to the start of the
kiosk. It says nothing about the kiosk's questions, so a glance at the screen gives nothing away."""

from __future__ import annotations

from nicegui import ui

from pages.kiosk.lobby_information import lobby_information
from pages.kiosk.style import CSS
from pages.kiosk.text import LANGUAGES
from pages.widgets import Tag
from workflows.model import local


def register() -> None:
    @ui.page("/welcome", title="Lobby information")
    def welcome_page() -> None:
        info = lobby_information()
        ui.add_css(CSS)
        with ui.element("div").classes("wa-kiosk column gap-6"):
            for lang in LANGUAGES:
                with ui.element("section").classes("column gap-2 w-full") as block:
                    block.props["lang"] = lang
                    Tag("h1" if lang == "en" else "h2", local(info.title, lang), lang)
                    with ui.element("dl").classes("wa-kiosk-check"):
                        for section in info.sections:
                            Tag("dt", local(section.heading, lang), lang)
                            Tag("dd", local(section.text, lang), lang)
            with ui.row().classes("gap-6"):
                for lang in LANGUAGES:
                    link = ui.link(local(info.start, lang), "/kiosk").classes("wa-link text-xl")
                    link.props["lang"] = lang
