"""Documents handed to the person (`audience: client`): they receive only what is marked
`client_facing`, print their own words from `texts` in the language asked for, and a document
offered in Spanish is refused by the check until every text it can print has its Spanish. Also the
`case_types` a workflow is started from."""

from __future__ import annotations

from collections.abc import Callable
from typing import get_args

import pytest

from store.models.cases import CaseType
from workflows.engine import evaluate
from workflows.loader import DefinitionError
from workflows.model import Definition
from workflows.prefill import CASE_TYPES
from workflows.presentation import DocumentMeta, document_context

SOUND = """
id: demo
version: 1
title: {en: Demo}
case_types: [mental_health, homelessness]
documents:
  - {id: staff, template: generic_record.html, title: {en: Staff record}}
  - id: sheet
    template: generic_record.html
    audience: client
    languages: [en, es]
    title: {en: What happens next, es: Lo que sigue}
    texts:
      call_us: {en: "Questions? Call us.", es: "¿Preguntas? Llámenos."}
computed:
  risk: {expr: "screen.thoughts == true", label: {en: Risk}}
  call_by: {expr: "add_hours(date_time(plan.day, '09:00'), 48)", label: {en: "Call by", es: "Llamar antes de"},
            client_facing: true}
steps:
  - id: screen
    title: {en: Screen}
    fields:
      - {id: thoughts, type: yesno, label: {en: "Thoughts of killing yourself?"}}
  - id: plan
    title: {en: Plan, es: Plan}
    fields:
      - {id: day, type: date, label: {en: Day, es: Día}, client_facing: true}
      - {id: notes, type: long_text, label: {en: Staff notes}}
      - id: steps
        type: multi_choice
        label: {en: Your next steps, es: Sus próximos pasos}
        client_facing: true
        choices:
          - {value: call, label: {en: Call the clinic, es: Llamar a la clínica}}
"""

ANSWERS = {"screen": {"thoughts": True},
           "plan": {"day": "2026-03-14", "notes": "Said he has a rope", "steps": ["call"]}}
META = DocumentMeta(id="D-1", created_at="2026-03-14T21:00:00+00:00", workflow_version=1)


def changed(old: str, new: str) -> str:
    assert old in SOUND, old
    return SOUND.replace(old, new, 1)


def problems(build: Callable[..., Definition], text: str) -> list[str]:
    with pytest.raises(DefinitionError) as exc:
        build(text)
    return exc.value.problems


def test_a_client_document_receives_only_what_is_client_facing(build: Callable[..., Definition]) -> None:
    definition = build(SOUND)
    evaluation = evaluate(definition, ANSWERS)
    sheet = document_context(definition, evaluation, META, "sheet")
    assert sheet["answers"] == {"plan": {"day": "2026-03-14", "steps": ["call"]}}
    assert sheet["computed"] == {"call_by": "2026-03-16T09:00"}
    assert sheet["computed_labels"] == {"call_by": "Call by"}
    assert [s.id for s in sheet["sections"]] == ["plan"]
    assert [f.id for f in sheet["section"]["plan"].fields] == ["day", "steps"]
    # The staff record still has everything.
    staff = document_context(definition, evaluation, META, "staff")
    assert staff["answers"]["screen"] == {"thoughts": True}
    assert staff["computed"]["risk"] is True
    assert staff["answers"]["plan"]["notes"] == "Said he has a rope"


def test_a_client_document_prints_in_the_language_asked_for_english_by_default(
        build: Callable[..., Definition]) -> None:
    definition = build(SOUND)
    evaluation = evaluate(definition, ANSWERS)
    english = document_context(definition, evaluation, META, "sheet")
    assert (english["lang"], english["title"], english["texts"]) == (
        "en", "What happens next", {"call_us": "Questions? Call us."})
    spanish = document_context(definition, evaluation, META, "sheet", lang="es")
    assert (spanish["title"], spanish["texts"]["call_us"]) == ("Lo que sigue", "¿Preguntas? Llámenos.")
    assert spanish["section"]["plan"].get("steps").options == [("Llamar a la clínica", True)]
    assert spanish["computed_labels"] == {"call_by": "Llamar antes de"}


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('es: "¿Preguntas? Llámenos."', "es: ''",
     "documents[sheet].texts.call_us: documents[sheet] is printed in Spanish, so this needs its Spanish text (`es`)"),
    ("title: {en: What happens next, es: Lo que sigue}", "title: {en: What happens next}",
     "documents[sheet].title: documents[sheet] is printed in Spanish"),
    ("label: {en: Day, es: Día}", "label: {en: Day}",
     "steps[plan].fields[day].label: documents[sheet] is printed in Spanish"),
    ("{value: call, label: {en: Call the clinic, es: Llamar a la clínica}}",
     "{value: call, label: {en: Call the clinic}}",
     "steps[plan].fields[steps].choices[0].label: documents[sheet] is printed in Spanish"),
    ("title: {en: Plan, es: Plan}", "title: {en: Plan}", "steps[plan].title: documents[sheet] is printed in Spanish"),
    ('label: {en: "Call by", es: "Llamar antes de"}', 'label: {en: "Call by"}',
     "computed.call_by.label: documents[sheet] is printed in Spanish"),
])
def test_a_document_offered_in_spanish_needs_spanish_for_what_it_prints(
        build: Callable[..., Definition], old: str, new: str, expected: str) -> None:
    found = problems(build, changed(old, new))
    assert len(found) == 1 and found[0].startswith(f"demo.yaml: {expected}"), found


def test_english_only_questions_that_the_person_never_reads_are_fine(build: Callable[..., Definition]) -> None:
    definition = build(SOUND)  # the screen and the staff notes have no Spanish, and need none
    assert definition.step("screen").fields[0].label == {"en": "Thoughts of killing yourself?"}


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("  - {id: staff, template: generic_record.html, title: {en: Staff record}}",
     "  - {id: staff, template: generic_record.html, title: {en: Staff record, es: Registro}, languages: [en, es]}",
     "demo.yaml: documents[staff].languages: a staff document prints every question; offer the workflow in Spanish"),
    ("    languages: [en, es]\n", "    languages: [es]\n",
     "demo.yaml: documents[sheet]: every document is printable in English: `languages` must include en"),
    ("    audience: client\n", "    audience: clients\n",
     "demo.yaml: documents[sheet].audience: Input should be 'staff' or 'client'"),
    ("case_types: [mental_health, homelessness]", "case_types: [mental_health, homeless]",
     "demo.yaml: case_types: unknown case type 'homeless'; the case types are: domestic_violence,"),
])
def test_document_and_case_type_mistakes_are_named(
        build: Callable[..., Definition], old: str, new: str, expected: str) -> None:
    found = problems(build, changed(old, new))
    assert len(found) == 1 and found[0].startswith(expected), found


def test_client_facing_is_marked_on_a_group_not_its_sub_fields(build: Callable[..., Definition]) -> None:
    text = changed("      - {id: notes, type: long_text, label: {en: Staff notes}}", """\
      - id: calls
        type: group
        label: {en: Calls}
        fields:
          - {id: who, type: text, label: {en: Who}, client_facing: true}""")
    assert problems(build, text) == [
        "demo.yaml: steps[plan].fields[calls].fields[who].client_facing: mark the group itself; "
        "its sub-fields go with it"]


def test_the_case_types_a_definition_may_name_are_the_stores() -> None:
    assert get_args(CaseType) == CASE_TYPES
