"""`python -m workflows check` refuses a prefill that could never fill anything in: one inside a
repeating group (prefill fills a step's own fields; inside a group it was silently ignored, and a
misspelt source there was not even reported), and a source whose values never fit the field's type
(a name on a date field, a date on a number field)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from workflows.loader import DefinitionError
from workflows.model import Definition

DEMO = """
id: demo
version: 1
title: {en: Demo}
steps:
  - id: s
    title: {en: S}
    fields:
%s
"""


def test_a_prefill_inside_a_group_fails_the_check(build: Callable[..., Definition]) -> None:
    fields = """
      - id: incidents
        type: group
        label: {en: Incidents}
        fields:
          - {id: report_number, type: text, label: {en: Police report number}, prefill: case.police_report_number}
          - id: schools
            type: group
            label: {en: Schools}
            fields:
              - {id: name, type: text, label: {en: Name}, prefill: client.nmae}
"""
    with pytest.raises(DefinitionError) as failure:
        build(DEMO % fields)
    problems = str(failure.value)
    assert ("steps[s].fields[incidents].fields[report_number].prefill: a field inside a repeating group cannot "
            "be prefilled") in problems
    assert ("steps[s].fields[incidents].fields[schools].fields[name].prefill: a field inside a repeating "
            "group") in problems


@pytest.mark.parametrize(("field", "message"), [
    ("{id: born, type: date, label: {en: Born}, prefill: client.full_name}",
     "steps[s].fields[born].prefill: 'client.full_name' (the client's first and last name) never fills a `date` field"),
    ("{id: n, type: number, label: {en: N}, prefill: today}",
     "steps[s].fields[n].prefill: 'today' (today's date) never fills a `number` field"),
    ("{id: kids, type: text, label: {en: Kids}, prefill: client.has_children}",
     "steps[s].fields[kids].prefill: 'client.has_children'"),
])
def test_a_source_that_never_fits_the_field_fails_the_check(build: Callable[..., Definition], field: str,
                                                            message: str) -> None:
    with pytest.raises(DefinitionError, match=re.escape(message)):
        build(DEMO % f"      - {field}")


@pytest.mark.parametrize("field", [
    "{id: name, type: text, label: {en: Name}, prefill: client.full_name}",
    "{id: phone, type: phone, label: {en: Phone}, prefill: client.phone}",
    "{id: born, type: date, label: {en: Born}, prefill: client.date_of_birth}",
    "{id: prepared, type: text, label: {en: Date as text}, prefill: today}",
    "{id: kids, type: yesno, label: {en: Kids}, prefill: client.has_children}",
])
def test_sources_that_fit_pass(build: Callable[..., Definition], field: str) -> None:
    assert build(DEMO % f"      - {field}").steps[0].fields[0].prefill is not None
