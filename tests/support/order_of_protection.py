"""The order-of-protection petition's fixtures, the remedies as the statute numbers them (750 ILCS
60/214), a screening answer set, and the petition rendered to text."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader

from forms.renderer import render_pdf
from workflows.engine import evaluate
from workflows.model import Definition
from workflows.presentation import DocumentMeta, document_context

Answers = dict[str, Any]

TWO_CHILDREN = "order_of_protection_two_children.json"

INELIGIBLE = "order_of_protection_ineligible.json"

TEMPLATE = "order_of_protection_petition.html"

PETITION_STEPS = ["order", "petitioner", "respondent", "protected", "cases", "incidents", "remedies"]

REMEDIES = [
    ("1", "Prohibition of abuse, neglect or exploitation"),
    ("2", "Grant of exclusive possession of residence"),
    ("3", "Stay away order and additional prohibitions"),
    ("4", "Counseling"),
    ("5", "Physical care and possession of the minor child"),
    ("6", "Temporary allocation of parental responsibilities: significant decision-making"),
    ("7", "Parenting time"),
    ("8", "Removal or concealment of minor child"),
    ("9", "Order to appear"),
    ("10", "Possession of personal property"),
    ("11", "Protection of property"),
    ("11.5", "Protection of animals"),
    ("12", "Order for payment of support"),
    ("13", "Order for payment of losses"),
    ("14", "Prohibition of entry"),
    ("14.5", "Prohibition of firearm possession"),
    ("15", "Prohibition of access to records"),
    ("16", "Order for payment of shelter services"),
    ("17", "Order for injunctive relief"),
    ("18", "Telephone services"),
]


def screening(relationship: str, conduct: list[str], filing_for: str = "self", **extra: Any) -> Answers:
    """The first three steps only."""
    answers: Answers = {
        "filing": {"county": "Peoria", "filing_for": filing_for},
        "relationship": {"respondent_relationship": relationship, **extra},
        "conduct": {"conduct_types": conduct},
    }
    if filing_for != "self":
        answers["filing"] |= {"on_behalf_of_name": "A. B.", "cannot_file_reason": "disability"}
    return answers


def render(op: Definition, answers: Answers) -> list[str]:
    evaluation = evaluate(op, answers)
    assert evaluation.complete, evaluation.errors
    meta = DocumentMeta(
        id="D-2025-000512",
        created_at="2025-03-04T15:12:09+00:00",
        workflow_version=op.version,
        submitted_at="2025-03-04T15:40:51+00:00",
        case_id="C-2025-0093",
    )
    pdf = render_pdf(TEMPLATE, document_context(op, evaluation, meta, "petition"))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
