"""The small intake workflow the engine tests run on, its complete answers, and helpers that
change some of them and return what the engine then says (not a test module)."""

from __future__ import annotations

from typing import Any

from workflows.engine import evaluate
from workflows.model import Definition

INTAKE = """
id: intake
version: 2
title: {en: Intake, es: Admisión}
constants:
  adult_age: {value: 18, cite: "Illinois: age of majority, 755 ILCS 5/11-1"}
computed:
  is_adult: "age_on(person.born, person.seen_on) >= adult_age"
  risk_points: "count_yes(person.partner, person.weapon)"
  child_count: "length(children.kids)"
steps:
  - id: person
    title: {en: Person}
    fields:
      - {id: intro, type: instructions, text: {en: Read this first.}}
      - {id: name, type: text, label: {en: Name}, required: true, max_length: 20}
      - id: case_number
        type: text
        label: {en: Case number}
        pattern: "[0-9]{2}-[0-9]{4}"
        pattern_message: {en: "A case number looks like 26-0142.", es: "Un número de caso se ve así: 26-0142."}
      - {id: report_number, type: text, label: {en: Report number}, pattern: "R[0-9]+"}
      - {id: born, type: date, label: {en: Date of birth}, max: today}
      - {id: seen_on, type: date, label: {en: Date seen}, min: "2020-01-01"}
      - {id: partner, type: yesno, label: {en: "Partner?"}, required: true}
      - {id: weapon, type: yesno, label: {en: "Weapon?"}, show_if: "person.partner == true"}
      - {id: weapon_kind, type: text, label: {en: Which weapon}, required_if: "person.weapon == true"}
  - id: contact
    title: {en: Contact}
    fields:
      - {id: phone, type: phone, label: {en: Phone}}
      - {id: email, type: email, label: {en: Email}}
      - {id: children_count, type: number, label: {en: Children}, min: 0, max: 20}
      - id: language
        type: choice
        label: {en: Language}
        choices: [{value: en, label: {en: English}}, {value: es, label: {en: Spanish}}]
      - id: needs
        type: multi_choice
        label: {en: Needs}
        min: 1
        max: 2
        choices:
          - {value: housing, label: {en: Housing}}
          - {value: food, label: {en: Food}}
          - {value: legal, label: {en: Legal help}}
    rules:
      - check: "contact.phone != null or contact.email != null"
        message: {en: Please give a phone number or an email address., es: Dé un teléfono o un correo.}
        field: email
      - check: "not (contact.language == 'es' and contact.children_count == 0)"
        message: {en: "Rule without a field."}
  - id: partner_details
    title: {en: Partner}
    show_if: "person.partner == true"
    fields:
      - {id: partner_name, type: text, label: {en: Partner's name}, required: true}
  - id: children
    title: {en: Children}
    show_if: "contact.children_count > 0"
    fields:
      - id: kids
        type: group
        label: {en: Children}
        min_items: 1
        max_items: 3
        fields:
          - {id: name, type: text, label: {en: Name}, required: true}
          - {id: born, type: date, label: {en: Born}}
          - {id: school, type: text, label: {en: School}, show_if: "age_on(item.born, '2026-09-01') >= 5"}
          - {id: school_phone, type: phone, label: {en: School phone}, required_if: "item.school != null"}
  - id: closing
    title: {en: Closing}
    fields:
      - {id: notes, type: long_text, label: {en: Notes}}
"""

COMPLETE: dict[str, Any] = {
    "person": {"name": "Maria", "born": "1990-04-02", "seen_on": "2026-03-14", "partner": False},
    "contact": {"phone": "309-555-0100", "children_count": 0, "language": "en", "needs": ["housing"]},
    "closing": {"notes": ""},
}



def with_answers(**steps: dict[str, Any]) -> dict[str, Any]:
    """COMPLETE with some fields of some steps changed (a value of `...` removes the field)."""
    answers = {k: dict(v) for k, v in COMPLETE.items()}
    for step_id, fields in steps.items():
        target = answers.setdefault(step_id, {})
        for field_id, value in fields.items():
            if value is ...:
                target.pop(field_id, None)
            else:
                target[field_id] = value
    return answers


def errors_for(intake: Definition, step_id: str, **fields: Any) -> dict[str, str]:
    return evaluate(intake, with_answers(**{step_id: fields})).errors
