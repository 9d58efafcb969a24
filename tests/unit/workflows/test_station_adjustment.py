"""The shipped juvenile station-adjustment workflows (705 ILCS 405/5-301): which adjustment is
available, when it needs the State's Attorney's prior approval (every limit at and around its
boundary, the 3-year window on both sides), the caps on conditions, the adult cut-off, the
violation workflow, and the PDFs.

The 3-year window runs from the same day `window_years` years before the incident date to the
incident date, both days included (see the comment at the top of station_adjustment.yaml)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support.station_adjustment import (
    INCIDENT,
    OLD,
    OUTSIDE,
    SA_APPROVAL,
    WINDOW_START,
    informal,
    prior,
    with_priors,
)

from workflows.engine import evaluate
from workflows.model import Definition

Answers = dict[str, Any]
ROOT = Path(__file__).resolve().parents[3]


# --- the fixtures ---------------------------------------------------------------------------------

def test_the_formal_fixture_is_complete_and_needs_no_approval(sa: Definition, formal: Answers) -> None:
    result = evaluate(sa, formal)
    assert result.errors == {}
    assert result.visible_steps == ["minor", "incident", "history", "adjustment", "family_services"]
    c = result.computed
    assert (c["age_at_incident"], c["formal_available"], c["formal_needs_sa_approval"]) == (15, True, False)
    assert (c["sa_approval_required"], c["isp_report_required"]) == (False, False)
    assert "sa_approval_by" not in result.answers["adjustment"]


def test_the_sa_approval_fixture_is_complete_with_the_approval_recorded(
        sa: Definition, answers: Callable[[str], Answers]) -> None:
    result = evaluate(sa, answers(SA_APPROVAL))
    assert result.errors == {}
    c = result.computed
    assert (c["formal_same_class_3y"], c["formal_needs_sa_approval"], c["sa_approval_required"]) == (2, True, True)
    assert c["isp_report_required"] is True
    assert result.answers["adjustment"]["sa_approval_by"] == "ASA Michael Ortiz"


def test_every_computed_value_and_constant_is_labelled_and_cited(sa: Definition) -> None:
    for name in sa.computed:
        spec = sa.computed_spec(name)
        assert spec.label and spec.cite, name
    for name, constant in sa.constants.items():
        assert constant.label and constant.cite and "705 ILCS 405/5-" in constant.cite, name


def test_the_limits_are_cited_constants(sa: Definition) -> None:
    values = {name: c.value for name, c in sa.constants.items()}
    assert values == {
        "adult_age": 18, "window_years": 3, "informal_same_class_3y_limit": 3, "informal_total_limit": 5,
        "formal_felony_3y_limit": 2, "formal_misdemeanor_3y_limit": 3, "formal_total_limit": 4,
        "all_total_limit": 9, "community_service_max_hours": 25, "informal_restitution_max_days": 90,
        "formal_term_max_days": 120, "violation_term_max_days": 180, "violation_community_service_max_hours": 40,
    }


def test_no_limit_is_written_into_an_expression(sa: Definition) -> None:
    """Numbers in expressions are only 0, 1 and the far-future sentinel; limits are constants."""
    sources = [sa.computed_spec(n).expr for n in sa.computed]
    sources += [r.check for s in sa.steps for r in s.rules]
    for source in sources:
        assert set(re.findall(r"(?<![\w'-])\d+(?![\w'-])", source)) <= {"0", "1"}, source


# --- the 3-year window ----------------------------------------------------------------------------

@pytest.mark.parametrize(("date", "counted"), [
    (WINDOW_START, True),  # the first day of the window counts
    (OUTSIDE, False),  # the day before does not
    (INCIDENT, True),  # a prior on the incident date itself counts
    ("2024-09-01", True),
])
def test_a_prior_counts_in_the_window_both_days_included(sa: Definition, formal: Answers, date: str,
                                                         counted: bool) -> None:
    c = evaluate(sa, with_priors(formal, [prior("formal", "misdemeanor", date)])).computed
    assert c["window_start"] == WINDOW_START
    assert c["formal_same_class_3y"] == (1 if counted else 0)
    assert c["formal_total"] == 1


def test_the_window_on_a_29_february_incident_starts_on_28_february(sa: Definition, formal: Answers) -> None:
    formal["incident"]["date"] = "2024-02-29"
    result = evaluate(sa, with_priors(formal, [prior("formal", "misdemeanor", "2021-02-28"),
                                               prior("formal", "misdemeanor", "2021-02-27")]))
    assert result.computed["window_start"] == "2021-02-28"
    assert result.computed["formal_same_class_3y"] == 1


@pytest.mark.parametrize(("boundary_date", "needs"), [(WINDOW_START, True), (OUTSIDE, False)])
def test_the_felony_window_boundary_decides_approval(sa: Definition, formal: Answers, boundary_date: str,
                                                     needs: bool) -> None:
    priors = [prior("formal", "felony", "2025-05-05"), prior("formal", "felony", boundary_date)]
    c = evaluate(sa, with_priors(formal, priors, "felony")).computed
    assert c["formal_needs_sa_approval"] is needs


def test_a_prior_dated_after_the_incident_is_refused(sa: Definition, formal: Answers) -> None:
    errors = evaluate(sa, with_priors(formal, [prior("informal", "misdemeanor", "2026-03-15")])).errors
    assert errors == {"history.prior_adjustments": "A prior adjustment cannot be dated after the incident. "
                                                   "Please check the dates."}


# --- formal limits --------------------------------------------------------------------------------

@pytest.mark.parametrize(("felonies", "needs"), [(0, False), (1, False), (2, True), (3, True)])
def test_formal_felonies_within_3_years(sa: Definition, formal: Answers, felonies: int, needs: bool) -> None:
    priors = [prior("formal", "felony", f"2025-0{i + 1}-10") for i in range(felonies)]
    c = evaluate(sa, with_priors(formal, priors, "felony")).computed
    assert (c["formal_same_class_3y"], c["formal_needs_sa_approval"]) == (felonies, needs)


@pytest.mark.parametrize(("misdemeanors", "needs"), [(2, False), (3, True)])
def test_formal_misdemeanors_within_3_years(sa: Definition, formal: Answers, misdemeanors: int, needs: bool) -> None:
    priors = [prior("formal", "misdemeanor", f"2025-0{i + 1}-10") for i in range(misdemeanors)]
    c = evaluate(sa, with_priors(formal, priors, "misdemeanor")).computed
    assert (c["formal_same_class_3y"], c["formal_needs_sa_approval"]) == (misdemeanors, needs)


def test_two_formal_misdemeanors_do_not_count_towards_a_felony(sa: Definition, formal: Answers) -> None:
    priors = [prior("formal", "misdemeanor", "2025-01-10"), prior("formal", "misdemeanor", "2025-02-10")]
    c = evaluate(sa, with_priors(formal, priors, "felony")).computed
    assert (c["formal_same_class_3y"], c["formal_needs_sa_approval"]) == (0, False)


def test_informal_priors_do_not_count_towards_the_formal_window(sa: Definition, formal: Answers) -> None:
    priors = [prior("informal", "felony", "2025-01-10"), prior("informal", "felony", "2025-02-10")]
    c = evaluate(sa, with_priors(formal, priors, "felony")).computed
    assert (c["formal_same_class_3y"], c["informal_same_class_3y"], c["formal_needs_sa_approval"]) == (0, 2, False)


@pytest.mark.parametrize(("count", "needs"), [(3, False), (4, True)])
def test_formal_adjustments_in_total(sa: Definition, formal: Answers, count: int, needs: bool) -> None:
    # Old and of alternating classes, so no 3-year limit is reached.
    priors = [prior("formal", ("felony", "misdemeanor")[i % 2], f"201{i + 5}-05-05") for i in range(count)]
    c = evaluate(sa, with_priors(formal, priors, "felony")).computed
    assert (c["formal_total"], c["formal_same_class_3y"], c["formal_needs_sa_approval"]) == (count, 0, needs)


@pytest.mark.parametrize(("informal_count", "needs"), [(5, False), (6, True)])
def test_nine_adjustments_in_total_need_approval_for_a_formal_one(sa: Definition, formal: Answers,
                                                                  informal_count: int, needs: bool) -> None:
    priors = [prior("formal", "misdemeanor", OLD) for _ in range(3)]
    priors += [prior("informal", "felony", OLD) for _ in range(informal_count)]
    c = evaluate(sa, with_priors(formal, priors)).computed
    assert (c["all_total"], c["formal_total"], c["formal_needs_sa_approval"]) == (3 + informal_count, 3, needs)


# --- informal limits ------------------------------------------------------------------------------

@pytest.mark.parametrize(("count", "needs"), [(2, False), (3, True)])
def test_informal_same_class_within_3_years(sa: Definition, formal: Answers, count: int, needs: bool) -> None:
    priors = [prior("informal", "misdemeanor", f"2024-0{i + 1}-10") for i in range(count)]
    # Neither another class in the window nor the same class just outside it counts.
    priors += [prior("informal", "felony", "2025-01-10"), prior("informal", "misdemeanor", OUTSIDE)]
    c = evaluate(sa, with_priors(formal, priors, "misdemeanor")).computed
    assert (c["informal_same_class_3y"], c["informal_needs_sa_approval"]) == (count, needs)
    assert c["informal_total"] == count + 2


@pytest.mark.parametrize(("count", "available"), [(4, True), (5, False)])
def test_five_informal_adjustments_in_total_end_informal_adjustments(sa: Definition, formal: Answers, count: int,
                                                                   available: bool) -> None:
    priors = [prior("informal", ("felony", "misdemeanor")[i % 2], OLD) for i in range(count)]
    result = evaluate(sa, informal(with_priors(formal, priors)))
    assert (result.computed["informal_total"], result.computed["informal_available"]) == (count, available)
    assert ("adjustment.adjustment_type" in result.errors) is not available
    assert result.computed["formal_available"] is True


@pytest.mark.parametrize(("formal_count", "needs"), [(4, False), (5, True)])
def test_nine_adjustments_in_total_need_approval_for_an_informal_one(sa: Definition, formal: Answers,
                                                                     formal_count: int, needs: bool) -> None:
    priors = [prior("informal", "felony", OLD) for _ in range(4)]
    priors += [prior("formal", "felony", OLD) for _ in range(formal_count)]
    c = evaluate(sa, with_priors(formal, priors)).computed
    assert (c["all_total"], c["informal_same_class_3y"], c["informal_needs_sa_approval"]) == (
        4 + formal_count, 0, needs)


# --- what is available ----------------------------------------------------------------------------

def test_without_an_admission_only_an_informal_adjustment_is_available(sa: Definition, formal: Answers) -> None:
    formal["incident"]["admission"] = False
    result = evaluate(sa, formal)
    assert (result.computed["informal_available"], result.computed["formal_available"]) == (True, False)
    assert result.errors == {"adjustment.adjustment_type": "A formal adjustment is not available: it needs "
                                                           "probable cause and the minor's admission of involvement."}
    assert evaluate(sa, informal(formal)).errors == {}


@pytest.mark.parametrize("kind", ["informal", "formal"])
def test_without_probable_cause_neither_is_available(sa: Definition, formal: Answers, kind: str) -> None:
    formal["incident"]["probable_cause"] = False
    if kind == "informal":
        informal(formal)
    result = evaluate(sa, formal)
    assert (result.computed["informal_available"], result.computed["formal_available"]) == (False, False)
    assert "adjustment.adjustment_type" in result.errors
    assert "none_available_note" in result.visible_fields["adjustment"]


def test_no_adjustment_completes_with_a_reason(sa: Definition, formal: Answers) -> None:
    formal["incident"]["probable_cause"] = False
    formal["adjustment"] = {"adjustment_type": "none"}
    assert evaluate(sa, formal).errors == {"adjustment.no_adjustment_reason": "Please answer this question."}
    formal["adjustment"]["no_adjustment_reason"] = "Released to the mother; no probable cause."
    assert evaluate(sa, formal).errors == {}


def test_a_felony_must_be_reported_to_the_state_police(sa: Definition, formal: Answers) -> None:
    assert evaluate(sa, formal).computed["isp_report_required"] is False
    formal["incident"]["offense_class"] = "felony"
    assert evaluate(sa, formal).computed["isp_report_required"] is True


def test_a_formal_adjustment_needs_a_parent_or_guardian(sa: Definition, formal: Answers) -> None:
    formal["minor"]["guardians"] = []
    assert "adjustment.adjustment_type" in evaluate(sa, formal).errors
    assert evaluate(sa, informal(formal)).errors == {}


# --- the State's Attorney's approval --------------------------------------------------------------

def test_approval_is_required_when_the_chosen_formal_adjustment_needs_it(
        sa: Definition, answers: Callable[[str], Answers]) -> None:
    data = answers(SA_APPROVAL)
    del data["adjustment"]["sa_approval_by"], data["adjustment"]["sa_approval_date"]
    result = evaluate(sa, data)
    assert result.errors == {"adjustment.sa_approval_by": "Please answer this question.",
                             "adjustment.sa_approval_date": "Please answer this question."}
    assert not result.complete
    assert "sa_approval_note" in result.visible_fields["adjustment"]


def test_approval_is_not_asked_when_the_chosen_type_does_not_need_it(
        sa: Definition, answers: Callable[[str], Answers]) -> None:
    data = informal(answers(SA_APPROVAL))  # two formal felonies need approval for a formal one only
    result = evaluate(sa, data)
    assert (result.computed["formal_needs_sa_approval"], result.computed["informal_needs_sa_approval"]) == (True, False)
    assert result.computed["sa_approval_required"] is False
    assert result.errors == {}
    assert "sa_approval_by" not in result.visible_fields["adjustment"]


def test_approval_is_required_for_an_informal_adjustment_that_needs_it(sa: Definition, formal: Answers) -> None:
    priors = [prior("informal", "misdemeanor", f"2024-0{i + 1}-10") for i in range(3)]
    data = informal(with_priors(formal, priors))
    assert set(evaluate(sa, data).errors) == {"adjustment.sa_approval_by", "adjustment.sa_approval_date"}
    data["adjustment"].update(sa_approval_by="ASA Michael Ortiz", sa_approval_date="2026-03-15")
    assert evaluate(sa, data).errors == {}


