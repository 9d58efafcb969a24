"""PDFs the form tests render and read back: a finished safety plan's template context, and a
PDF's text page by page with whitespace made single spaces (labels wrap across lines)."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader

from workflows.engine import evaluate
from workflows.model import Definition
from workflows.presentation import DocumentMeta, document_context

TAKE_HOME = "safety_plan_take_home.html"

STAFF = "safety_plan_staff.html"

DOC_ID = "D-2025-000417"


def context(
    definition: Definition, answers: dict[str, Any], document_id: str = "take_home", training: bool = False
) -> dict[str, Any]:
    evaluation = evaluate(definition, answers)
    assert evaluation.complete, evaluation.errors  # the samples are realistic, finished plans
    meta = DocumentMeta(
        id=DOC_ID,
        created_at="2025-03-04T15:12:09+00:00",
        workflow_version=definition.version,
        submitted_at="2025-03-04T15:40:51+00:00",
        case_id="C-2025-0093",
    )
    return document_context(definition, evaluation, meta, document_id, training=training)


def pages(pdf: bytes) -> list[str]:
    """Each page's text with runs of whitespace made single spaces (labels wrap across lines)."""
    assert pdf.startswith(b"%PDF-")
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def text(pdf: bytes) -> str:
    return " ".join(pages(pdf))


def squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()
