"""Station adjustments to test with: the fixtures' names, dates around the 3-year window, prior
adjustments, a violation response, and a document's PDF as text."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader

from forms.renderer import render_pdf
from workflows.engine import Evaluation
from workflows.model import Definition
from workflows.presentation import DocumentMeta, document_context

Answers = dict[str, Any]

FORMAL = "station_adjustment_formal.json"

SA_APPROVAL = "station_adjustment_sa_approval.json"

VIOLATION = "station_adjustment_violation.json"

INCIDENT = "2026-03-14"  # the incident date of the formal fixture

WINDOW_START = "2023-03-14"  # 3 years before it: the first day that counts

OUTSIDE = "2023-03-13"  # the last day that does not

OLD = "2021-06-01"  # well outside the window


def prior(kind: str, offense_class: str, date: str) -> dict[str, str]:
    return {"type": kind, "offense_class": offense_class, "date": date, "agency": "Peoria Police Department"}


def with_priors(base: Answers, priors: list[dict[str, str]], offense_class: str = "misdemeanor") -> Answers:
    base["history"]["prior_adjustments"] = priors
    base["incident"]["offense_class"] = offense_class
    return base


def informal(base: Answers) -> Answers:
    """The fixture turned into an informal adjustment with one condition."""
    base["adjustment"] = {
        "adjustment_type": "informal",
        "juvenile_officer": "Officer Dana Kim",
        "start_date": "2026-03-16",
        "informal_conditions": ["school_attendance"],
    }
    return base


def respond(violation: Answers, response: str, **details: Any) -> Answers:
    violation["response"] = {"response": response, **details}
    return violation


def pdf_text(definition: Definition, result: Evaluation, document: str) -> str:
    spec = next(d for d in definition.documents if d.id == document)
    meta = DocumentMeta(
        id="SA-1",
        created_at="2026-03-16T10:00:00+00:00",
        submitted_at="2026-03-16T10:00:00+00:00",
        workflow_version=definition.version,
    )
    pdf = render_pdf(spec.template, document_context(definition, result, meta, document))
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)
