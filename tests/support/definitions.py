"""A small, sound workflow definition and helpers to break it one thing at a time and read the
problems the loader reports (not a test module)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workflows.loader import DefinitionError, parse_definition

# A small, sound definition. Each test below changes one thing in it (via `.replace`) and expects
# one problem naming its place.
SOUND = """\
id: demo
version: 1
title: {en: Demo}
constants:
  adult_age: {value: 18, cite: "Illinois: 755 ILCS 5/11-1"}
computed:
  is_adult: "age_on(about.born, about.seen_on) >= adult_age"
steps:
  - id: about
    title: {en: About}
    fields:
      - {id: born, type: date, label: {en: Date of birth}}
      - {id: seen_on, type: date, label: {en: Date seen}}
      - {id: partner, type: yesno, label: {en: "Partner?"}}
      - {id: kind, type: choice, label: {en: Kind}, choices: [{value: a, label: {en: A}}, {value: b, label: {en: B}}]}
  - id: escape
    title: {en: Escape}
    show_if: "about.partner == true"
    fields:
      - {id: route, type: text, label: {en: Route}, required: true}
      - {id: note, type: text, label: {en: Note}, show_if: "escape.route != ''"}
      - id: people
        type: group
        label: {en: People}
        fields:
          - {id: name, type: text, label: {en: Name}}
          - {id: phone, type: phone, label: {en: Phone}, required_if: "item.name != null"}
    rules:
      - {check: "escape.route != 'kitchen'", message: {en: Not the kitchen}, field: route}
"""


def problems_of(text: str, name: str = "demo.yaml", templates_dir: Path | None = None) -> list[str]:
    with pytest.raises(DefinitionError) as exc:
        parse_definition(text, name, templates_dir)
    assert str(exc.value) == "\n".join(exc.value.problems)
    return exc.value.problems


def changed(old: str, new: str) -> str:
    assert old in SOUND, old
    return SOUND.replace(old, new, 1)
