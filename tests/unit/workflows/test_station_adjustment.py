"""The shipped juvenile station-adjustment workflows (705 ILCS 405/5-301): which adjustment is
available, when it needs the State's Attorney's prior approval (every limit at and around its
boundary, the 3-year window on both sides), the caps on conditions, the adult cut-off, the
violation workflow, and the PDFs.

The 3-year window runs from the same day `window_years` years before the incident date to the
incident date, both days included (see the comment at the top of station_adjustment.yaml)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from forms.renderer import render_pdf
from workflows.engine import Evaluation, evaluate
from workflows.loader import DEFINITIONS_DIR, load_file
from workflows.model import Definition
from workflows.presentation import DocumentMeta, document_context

Answers = dict[str, Any]
ROOT = Path(__file__).resolve().parents[3]
FORMAL = "station_adjustment_formal.json"
SA_APPROVAL = "station_adjustment_sa_approval.json"
VIOLATION = "station_adjustment_violation.json"
INCIDENT = "2026-03-14"  # the incident date of the formal fixture
WINDOW_START = "2023-03-14"  # 3 years before it: the first day that counts
OUTSIDE = "2023-03-13"  # the last day that does not
OLD = "2021-06-01"  # well outside the window


@pytest.fixture(scope="module")
def sa() -> Definition:
    return load_file(DEFINITIONS_DIR / "station_adjustment.yaml", templates_dir=None)


@pytest.fixture(scope="module")
def violation_definition() -> Definition:
    return load_file(DEFINITIONS_DIR / "station_adjustment_violation.yaml", templates_dir=None)


@pytest.fixture
def formal(answers: Callable[[str], Answers]) -> Answers:
    return answers(FORMAL)


def prior(kind: str, offense_class: str, date: str) -> dict[str, str]:
    return {"type": kind, "offense_class": offense_class, "date": date, "agency": "Peoria Police Department"}


def with_priors(base: Answers, priors: list[dict[str, str]], offense_class: str = "misdemeanor") -> Answers:
    base["history"]["prior_adjustments"] = priors
    base["incident"]["offense_class"] = offense_class
    return base


def informal(base: Answers) -> Answers:
    """The fixture turned into an informal adjustment with one condition."""
    base["adjustment"] = {"adjustment_type": "informal", "juvenile_officer": "Officer Dana Kim",
                          "start_date": "2026-03-16", "informal_conditions": ["school_attendance"]}
    return base


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


# --- caps on the conditions -----------------------------------------------------------------------

@pytest.mark.parametrize(("days", "ok"), [(119, True), (120, True), (121, False)])
def test_the_formal_term_is_at_most_120_days(sa: Definition, formal: Answers, days: int, ok: bool) -> None:
    formal["adjustment"]["term_days"] = days
    errors = evaluate(sa, formal).errors
    assert errors == ({} if ok else {"adjustment.term_days": "The term of a formal station adjustment may not be "
                                                             "longer than 120 days."})


def test_the_formal_end_date_counts_the_start_day(sa: Definition, formal: Answers) -> None:
    formal["adjustment"].update(start_date="2026-03-16", term_days=120)
    assert evaluate(sa, formal).computed["formal_end_date"] == "2026-07-13"


@pytest.mark.parametrize("kind", ["informal", "formal"])
@pytest.mark.parametrize(("hours", "ok"), [(24, True), (25, True), (26, False)])
def test_community_service_is_at_most_25_hours(sa: Definition, formal: Answers, kind: str, hours: int,
                                               ok: bool) -> None:
    if kind == "informal":
        informal(formal)["adjustment"]["informal_conditions"] = ["community_service"]
    formal["adjustment"]["community_service_hours"] = hours
    result = evaluate(sa, formal)
    assert result.errors == ({} if ok else {"adjustment.community_service_hours":
                                            "A station adjustment may require at most 25 hours of community service."})
    assert result.computed["community_service_hours"] == hours


@pytest.mark.parametrize(("due", "ok"), [("2026-06-13", True), ("2026-06-14", True), ("2026-06-15", False),
                                         ("2026-03-15", False)])
def test_informal_restitution_within_90_days(sa: Definition, formal: Answers, due: str, ok: bool) -> None:
    informal(formal)["adjustment"].update(informal_conditions=["restitution"], restitution_details="$40 to the store",
                                          restitution_due_date=due)  # start 2026-03-16; +90 days = 2026-06-14
    errors = evaluate(sa, formal).errors
    assert errors == ({} if ok else {"adjustment.restitution_due_date": "Restitution in an informal adjustment must "
                                                                        "be completed within 90 days of its start."})


def test_the_90_day_restitution_limit_is_for_informal_adjustments(sa: Definition, formal: Answers) -> None:
    formal["adjustment"].update(term_days=120, restitution_due_date="2026-07-13")
    assert evaluate(sa, formal).errors == {}


@pytest.mark.parametrize(("condition", "detail"), [
    ("curfew", "curfew_hours"), ("stay_out_of_areas", "designated_areas"), ("no_contact", "no_contact_persons"),
    ("community_service", "community_service_hours"), ("restitution", "restitution_details"),
    ("report_to_officer", "report_schedule"),
])
def test_each_condition_asks_for_its_details(sa: Definition, formal: Answers, condition: str, detail: str) -> None:
    formal["adjustment"]["formal_conditions"] = [condition]
    formal["adjustment"].pop(detail, None)
    result = evaluate(sa, formal)
    assert result.errors == {f"adjustment.{detail}": "Please answer this question."}
    formal["adjustment"]["formal_conditions"] = []
    result = evaluate(sa, formal)
    assert detail not in result.visible_fields["adjustment"]
    assert result.errors == {}


# --- the minor ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("born", "age", "adult"), [("2008-03-15", 17, False), ("2008-03-14", 18, True)])
def test_18_on_the_incident_date_is_not_a_juvenile_matter(sa: Definition, formal: Answers, born: str, age: int,
                                                          adult: bool) -> None:
    formal["minor"]["date_of_birth"] = born
    result = evaluate(sa, formal)
    assert (result.computed["age_at_incident"], result.computed["adult_at_incident"]) == (age, adult)
    assert ("adult_note" in result.visible_fields["incident"]) is adult
    if adult:
        assert result.visible_steps == ["minor", "incident"]
        assert set(result.answers["incident"]) == {"date", "description"}
    else:
        assert result.visible_steps[-3:] == ["history", "adjustment", "family_services"]
    assert result.errors == {}


def test_an_adult_completes_with_a_short_record(sa: Definition) -> None:
    short = {"minor": {"name": "Sam Doe", "date_of_birth": "2007-01-01", "lives_in_jurisdiction": True},
             "incident": {"date": "2026-03-14", "description": "Shoplifting."}}
    result = evaluate(sa, short)
    assert result.complete and result.visible_steps == ["minor", "incident"]


def test_a_minor_living_elsewhere_names_the_place_and_is_told_about_transfer(sa: Definition,
                                                                            formal: Answers) -> None:
    formal["minor"]["lives_in_jurisdiction"] = False
    result = evaluate(sa, formal)
    assert result.errors == {"minor.other_jurisdiction": "Please answer this question."}
    assert "transfer_note" in result.visible_fields["minor"]
    note = sa.step("minor").field("transfer_note")
    assert note is not None and note.text is not None and "written agreement" in note.text["en"]


def test_the_family_services_field_ids_the_case_wiring_reads(sa: Definition) -> None:
    step = sa.step("family_services")
    for field_id in ("referrals_wanted", "follow_up_date", "follow_up_kind"):
        assert step.field(field_id) is not None
    referrals = step.field("referrals_wanted")
    assert referrals is not None and "ccbys" in [c.value for c in referrals.choices or []]


# --- violations -------------------------------------------------------------------------------------

@pytest.fixture
def violation(answers: Callable[[str], Answers]) -> Answers:
    return answers(VIOLATION)


def test_the_violation_fixture_is_complete(violation_definition: Definition, violation: Answers) -> None:
    assert evaluate(violation_definition, violation).errors == {}


def test_written_notice_is_required(violation_definition: Definition, violation: Answers) -> None:
    del violation["violation"]["notice_date"]
    assert evaluate(violation_definition, violation).errors == {"violation.notice_date": "Please answer this question."}


def respond(violation: Answers, response: str, **details: Any) -> Answers:
    violation["response"] = {"response": response, **details}
    return violation


@pytest.mark.parametrize(("days", "error"), [
    (150, None), (180, None),
    (181, "The term of a formal station adjustment may be extended to 180 days in total at most."),
    (90, "The new total term must be longer than the current term."),
])
def test_an_extended_term_is_at_most_180_days_in_total(violation_definition: Definition, violation: Answers,
                                                       days: int, error: str | None) -> None:
    violation["adjustment"]["term_days"] = 90
    errors = evaluate(violation_definition, respond(violation, "extend_term", new_term_days=days)).errors
    assert errors == ({} if error is None else {"response.new_term_days": error})


@pytest.mark.parametrize(("hours", "ok"), [(39, True), (40, True), (41, False)])
def test_extended_community_service_is_at_most_40_hours_in_total(violation_definition: Definition,
                                                                 violation: Answers, hours: int, ok: bool) -> None:
    errors = evaluate(violation_definition, respond(violation, "extend_community_service",
                                                    new_community_service_hours=hours)).errors
    assert errors == ({} if ok else {"response.new_community_service_hours":
                                     "Community service may be extended to 40 hours in total at most."})


@pytest.mark.parametrize(("response", "detail"), [("extend_term", "new_term_days"),
                                                  ("extend_community_service", "new_community_service_hours")])
def test_an_extension_asks_for_its_new_total(violation_definition: Definition, violation: Answers, response: str,
                                             detail: str) -> None:
    errors = evaluate(violation_definition, respond(violation, response)).errors
    assert errors == {f"response.{detail}": "Please answer this question."}


@pytest.mark.parametrize("response", ["warn_and_continue", "terminate_no_further_action", "terminate_and_refer_to_sa"])
def test_the_other_responses_complete(violation_definition: Definition, violation: Answers, response: str) -> None:
    assert evaluate(violation_definition, respond(violation, response)).errors == {}


def test_the_violation_limits_are_cited_constants(violation_definition: Definition) -> None:
    values = {name: (c.value, c.cite) for name, c in violation_definition.constants.items()}
    assert values["extended_term_max_days"][0] == 180
    assert values["extended_community_service_max_hours"][0] == 40
    assert all("705 ILCS 405/5-301" in (cite or "") for _, cite in values.values())


def test_the_agreement_states_the_same_violation_caps(sa: Definition, violation_definition: Definition) -> None:
    caps = violation_definition.constants
    assert sa.constants["violation_term_max_days"].value == caps["extended_term_max_days"].value
    assert (sa.constants["violation_community_service_max_hours"].value
            == caps["extended_community_service_max_hours"].value)


# --- PDFs -------------------------------------------------------------------------------------------

def pdf_text(definition: Definition, result: Evaluation, document: str) -> str:
    spec = next(d for d in definition.documents if d.id == document)
    meta = DocumentMeta(id="SA-1", created_at="2026-03-16T10:00:00+00:00", submitted_at="2026-03-16T10:00:00+00:00",
                        workflow_version=definition.version)
    pdf = render_pdf(spec.template, document_context(definition, result, meta, document))
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def agreement(sa: Definition) -> str:
    data = json.loads((ROOT / "tests" / "fixtures" / FORMAL).read_text(encoding="utf-8"))
    return pdf_text(sa, evaluate(sa, data), "formal_agreement")


@pytest.mark.parametrize("phrase", [
    "Jordan A. Rivera", "Retail theft, 720 ILCS 5/16-25",
    "the terms of this agreement and the consequences of violating them have been explained",
    "may be used as evidence against the minor in later court hearings",
    "the record of this station adjustment may be expunged",
    "is not a conviction and not an adjudication",
    "must not violate any law",
    "90 days", "2026-03-16", "2026-06-13",
    "Curfew: 9:00 p.m. to 6:00 a.m., unless with a parent",
    "Community service: 20 hours",
    "The store at 4125 N. War Memorial Drive",
    "Elena Rivera",
    "Minor — Signature", "Parent, guardian or legal custodian — Signature", "Juvenile officer — Signature",
    "Each signer receives a signed copy of this agreement",
])
def test_the_formal_agreement_has_every_acknowledgement(agreement: str, phrase: str) -> None:
    assert phrase in agreement


def test_the_agreement_is_not_applicable_to_an_informal_adjustment(sa: Definition, formal: Answers) -> None:
    text = pdf_text(sa, evaluate(sa, informal(formal)), "formal_agreement")
    assert "Not applicable: informal adjustment" in text
    assert "Juvenile officer — Signature" not in text


def test_the_record_shows_the_limits_and_the_approval(sa: Definition, answers: Callable[[str], Answers]) -> None:
    text = pdf_text(sa, evaluate(sa, answers(SA_APPROVAL)), "informal_record")
    for phrase in ("Tasha M. Greene", "Burglary", "A formal adjustment needs the State's Attorney's prior approval",
                   "ASA Michael Ortiz", "Must be reported to the Illinois State Police", "Pekin, Tazewell County",
                   "may be transferred"):
        assert phrase in text, phrase


def test_the_record_of_an_adult_is_short(sa: Definition) -> None:
    short = {"minor": {"name": "Sam Doe", "date_of_birth": "2007-01-01", "lives_in_jurisdiction": True},
             "incident": {"date": "2026-03-14", "description": "Shoplifting."}}
    result = evaluate(sa, short)
    for document in ("formal_agreement", "informal_record", "expungement_sheet"):
        text = pdf_text(sa, result, document)
        assert "not a juvenile matter" in text.lower(), document
        assert "Prior station adjustments" not in text and "The station adjustment" not in text, document


def test_the_expungement_sheet_explains_it_plainly(sa: Definition, formal: Answers) -> None:
    text = pdf_text(sa, evaluate(sa, formal), "expungement_sheet")
    for phrase in ("Jordan A. Rivera", "705 ILCS 405/5-915", "January 1", "at least one year", "6 months",
                   "confidential", "not a conviction"):
        assert phrase in text, phrase


def test_the_violation_notice(violation_definition: Definition, violation: Answers) -> None:
    text = pdf_text(violation_definition, evaluate(violation_definition, violation), "violation_record")
    for phrase in ("Jordan A. Rivera", "Written notice", "2026-04-20", "Extend the term", "150 days",
                   "Minor — Signature", "Parent, guardian or legal custodian — Signature"):
        assert phrase in text, phrase


@pytest.mark.parametrize(("workflow", "fixture"), [
    ("station_adjustment", FORMAL), ("station_adjustment", SA_APPROVAL),
    ("station_adjustment_violation", VIOLATION)])
def test_fill_writes_every_document(tmp_path: Path, workflow: str, fixture: str) -> None:
    out = tmp_path / "out"
    answers_file = str(ROOT / "tests" / "fixtures" / fixture)
    run = subprocess.run([sys.executable, "-m", "workflows", "fill", workflow, answers_file, "--out-dir", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{workflow}-{d.id}.pdf" for d in load_file(DEFINITIONS_DIR / f"{workflow}.yaml", templates_dir=None).documents)
