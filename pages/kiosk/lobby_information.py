"""What the neutral lobby page (/welcome) says, read from pages/kiosk/lobby_information.yaml: ordinary
lobby information in English and Spanish, which the unit keeps true for its own lobby."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from pages.kiosk.text import LANGUAGES

SOURCE = Path(__file__).with_name("lobby_information.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Section(_Strict):
    heading: dict[str, str]
    text: dict[str, str]


class LobbyInformation(_Strict):
    title: dict[str, str]
    sections: list[Section]
    start: dict[str, str]


@lru_cache(maxsize=1)
def lobby_information() -> LobbyInformation:
    info = LobbyInformation.model_validate(yaml.safe_load(SOURCE.read_text(encoding="utf-8")))
    for text in [info.title, info.start, *(s.heading for s in info.sections), *(s.text for s in info.sections)]:
        missing = [lang for lang in LANGUAGES if not text.get(lang)]
        if missing:
            raise ValueError(f"{SOURCE.name}: a text lacks {', '.join(missing)}: {text}")
    return info
