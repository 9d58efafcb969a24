"""A station adjustment's violations (notice, extensions within the caps) and its PDFs: the
agreement, the record, the expungement sheet, the violation notice."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support.station_adjustment import (
    FORMAL,
    SA_APPROVAL,
    VIOLATION,
    informal,
    pdf_text,
    respond,
)

from workflows.engine import evaluate
from workflows.loader import DEFINITIONS_DIR, load_file
from workflows.model import Definition

Answers = dict[str, Any]
ROOT = Path(__file__).resolve().parents[3]


def test_the_violation_fixture_is_complete(violation_definition: Definition, violation: Answers) -> None:
    assert evaluate(violation_definition, violation).errors == {}

def test_written_notice_is_required(violation_definition: Definition, violation: Answers) -> None:
    del violation["violation"]["notice_date"]
    assert evaluate(violation_definition, violation).errors == {"violation.notice_date": "Please answer this question."}

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
