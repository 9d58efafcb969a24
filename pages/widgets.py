"""The small elements the pages share: real HTML tags with text (never HTML), so headings, labels,
list items and quotes mean to a screen reader what they look like."""

from __future__ import annotations

from nicegui import ui
from nicegui.elements.mixins.text_element import TextElement


class Tag(TextElement):
    """Any plain tag with text, optionally marked with its language (lang="es" for Spanish), so a
    screen reader reads it in that voice."""

    def __init__(self, tag: str, text: str = "", lang: str | None = None) -> None:
        super().__init__(tag=tag, text=text)
        if lang is not None:
            self._props["lang"] = lang


class Heading(TextElement):
    """A real <h1>–<h3>, so screen-reader users can move by headings."""

    def __init__(self, text: str, level: int = 2) -> None:
        super().__init__(tag=f"h{level}", text=text)
        sizes = {1: "text-2xl", 2: "text-xl", 3: "text-lg"}
        self.classes(f"{sizes.get(level, 'text-lg')} font-semibold m-0")


class Label(TextElement):
    """A native <label for=…>, which ui.label (a div) is not."""

    def __init__(self, text: str, for_id: str) -> None:
        super().__init__(tag="label", text=text)
        self._props["for"] = for_id
        self.classes("font-semibold block")


class Legend(TextElement):
    def __init__(self, text: str) -> None:
        super().__init__(tag="legend", text=text)


def table_head(*titles: str) -> None:
    """A table's header row of column titles (inside a `ui.element("table")`)."""
    with ui.element("thead"), ui.element("tr"):
        for title in titles:
            with ui.element("th").classes("text-left"):
                ui.label(title)
