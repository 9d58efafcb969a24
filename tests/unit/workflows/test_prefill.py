"""Prefill from a case and case updates from a submitted document: declared in the definition,
checked when it loads, applied without the engine knowing about the store."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from workflows.engine import evaluate
from workflows.loader import DefinitionError
from workflows.model import Definition
from workflows.prefill import case_updates, prefill_answers

BASE = """
id: demo
version: 1
title: {en: Demo}
computed:
  flagged: "s.worried == true"
%s
steps:
  - id: s
    title: {en: S}
    fields:
      - {id: name, type: text, label: {en: Name}, prefill: %s}
      - {id: born, type: date, label: {en: Born}, prefill: client.date_of_birth}
      - {id: kids, type: yesno, label: {en: "Children?"}, prefill: client.has_children}
      - {id: worried, type: yesno, label: {en: "Worried?"}}
"""


def test_the_safety_plan_starts_with_what_the_case_knows(safety_plan: Definition) -> None:
    answers = prefill_answers(safety_plan, {
        "client.first_name": "Maria", "today": "2026-11-26", "worker.name": "Jo Worker",
        "client.has_children": True, "client.last_name": "Example",
    })
    assert answers == {"about": {"person_name": "Maria", "plan_date": "2026-11-26", "worker_name": "Jo Worker",
                                 "has_children": True}}
    assert evaluate(safety_plan, answers).answers["about"]["person_name"] == "Maria"


def test_values_of_the_wrong_kind_or_missing_are_left_for_the_person(build: Callable[..., Definition]) -> None:
    definition = build(BASE % ("", "client.full_name"))
    answers = prefill_answers(definition, {"client.full_name": "", "client.date_of_birth": "not a date",
                                           "client.has_children": "yes"})
    assert answers == {}


def test_an_unknown_prefill_source_fails_the_check(build: Callable[..., Definition]) -> None:
    with pytest.raises(DefinitionError, match=r"steps\[s\]\.fields\[name\]\.prefill: unknown source 'client.nmae'"):
        build(BASE % ("", "client.nmae"))


def test_case_updates_name_a_known_flag_and_a_computed_value(build: Callable[..., Definition]) -> None:
    definition = build(BASE % ("case_updates: {high_danger: flagged}", "client.first_name"))
    assert case_updates(definition, {"flagged": True}) == {"high_danger": True}
    with pytest.raises(DefinitionError, match=r"case_updates\.priority: unknown case flag"):
        build(BASE % ("case_updates: {priority: flagged}", "client.first_name"))
    with pytest.raises(DefinitionError, match=r"case_updates\.high_danger: .flaged. is not a computed value"):
        build(BASE % ("case_updates: {high_danger: flaged}", "client.first_name"))


def test_a_repeating_group_is_prefilled_from_a_list_of_entries(build: Callable[..., Definition]) -> None:
    definition = build("""
id: demo
version: 1
title: {en: Demo}
steps:
  - id: history
    title: {en: History}
    fields:
      - id: prior_adjustments
        type: group
        label: {en: Priors}
        prefill: client.prior_station_adjustments
        fields:
          - {id: type, type: text, label: {en: Type}}
""")
    priors = [{"type": "formal"}]
    assert prefill_answers(definition, {"client.prior_station_adjustments": priors}) == {
        "history": {"prior_adjustments": priors}}
    assert prefill_answers(definition, {"client.prior_station_adjustments": []}) == {}
    assert prefill_answers(definition, {"client.prior_station_adjustments": ["formal"]}) == {}


def test_lists_can_be_joined_in_expressions() -> None:
    from workflows.expressions import parse

    joined = parse("(['a'] if x.y == 1 else []) + ['b']").evaluate(lambda name: 1)
    assert joined == ["a", "b"]
    assert parse("['a'] + 'b'").evaluate(lambda name: None) is None
