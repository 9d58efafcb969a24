"""The order-of-protection petition as a PDF: the form's order and numbering, the remedies ticked,
the attachments, what stays off it (schools, a confidential address, staff notes)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from support.order_of_protection import INELIGIBLE, REMEDIES, TEMPLATE, TWO_CHILDREN, render

from workflows.model import Definition

Answers = dict[str, Any]
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def petition_pages(op: Definition) -> list[str]:
    return render(op, json.loads((ROOT / "tests" / "fixtures" / TWO_CHILDREN).read_text(encoding="utf-8")))

def test_the_petition_is_first_and_says_it_is_not_legal_advice_nor_filed(op: Definition,
                                                                         petition_pages: list[str]) -> None:
    assert op.documents[0].id == "petition" and op.documents[0].template == TEMPLATE
    first = petition_pages[0]
    assert "This is not legal advice and has not been filed." in first
    assert "Prepared with the assistance of the police social services unit — review before filing" in first
    assert "Petition for Order of Protection" in first
    assert all("DRAFT — NOT FILED" in page for page in petition_pages)
    assert all(f"Page {i} of {len(petition_pages)}" in page for i, page in enumerate(petition_pages, start=1))

def test_the_petition_sections_are_numbered_in_the_forms_order(petition_pages: list[str]) -> None:
    body = " ".join(petition_pages)
    titles = ["Petitioner", "Respondent", "Persons to be protected", "Relationship", "Case type and other cases",
              "Type of order", "Incidents of abuse", "Remedies requested", "Signature and verification"]
    positions = [body.index(f"{n}. {t}") for n, t in enumerate(titles, start=1)]
    assert positions == sorted(positions)

def test_the_petition_lists_all_twenty_remedies_with_their_numbers_and_ticks_the_requested(
        petition_pages: list[str]) -> None:
    body = " ".join(petition_pages)
    requested = {"1", "3", "5", "7", "10", "14.5"}
    for number, name in REMEDIES:
        line = f"Remedy {number} — {name}"
        assert line in body, line
        assert (f"X {line}" in body) is (number in requested), line
    assert "Where the firearms are kept: The handgun in his waistband or truck" in body
    assert "Distance to keep (e.g. 500 feet): 500 feet" in body

def test_more_than_two_incidents_go_on_the_additional_incidents_attachment(petition_pages: list[str]) -> None:
    attachment = next(i for i, page in enumerate(petition_pages) if "Additional Incidents of Abuse" in page
                      and "Attached to the Petition" in page)
    before = " ".join(petition_pages[:attachment])
    assert "Incident 1 — February 27, 2025" in before and "Incident 2 — January 14, 2025" in before
    assert "He shoved me down the stairs" not in before
    assert "1 more on the attached Additional Incidents of Abuse" in before
    assert "Incident 3 — November 3, 2024" in petition_pages[attachment]
    assert "He shoved me down the stairs" in petition_pages[attachment]

def test_two_incidents_need_no_attachment(op: Definition, petition: Answers) -> None:
    petition["incidents"]["incidents"] = petition["incidents"]["incidents"][:2]
    body = " ".join(render(op, petition))
    assert "Additional Incidents of Abuse" not in body

def test_the_childrens_schools_are_only_on_the_separate_confidential_page(petition_pages: list[str]) -> None:
    confidential = [i for i, page in enumerate(petition_pages) if "Confidential Name and Location of the School" in page
                    and "do not serve on the respondent".upper() in page.upper()]
    assert len(confidential) == 1
    page = petition_pages[confidential[0]]
    for school in ("Whittier Primary School", "1619 W Fredonia Ave", "Little Acorns Daycare", "812 N University St"):
        assert school in page
        assert not any(school in other for i, other in enumerate(petition_pages) if i != confidential[0])
    assert confidential[0] == len(petition_pages) - 1  # a page of its own, after the petition

def test_a_confidential_address_is_left_out_and_the_verification_cites_1_109(petition_pages: list[str]) -> None:
    body = " ".join(petition_pages)
    assert "c/o Center for Prevention of Abuse, PO Box 5391" in body
    assert "home address be kept confidential" in body
    assert "Under penalties as provided by law pursuant to Section 1-109 of the Code of Civil Procedure" in body
    assert "735 ILCS 5/1-109" in body
    assert "Petitioner — Signature" in body
    assert "14 to 21 days" in body and "up to 30 days" in body and "up to 2 years" in body

def test_the_staff_notes_stay_off_the_petition(petition_pages: list[str]) -> None:
    assert "Referred to the CFPA" not in " ".join(petition_pages)

def test_an_ineligible_relationship_prints_the_alternative_instead(op: Definition,
                                                                   answers: Callable[[str], Answers]) -> None:
    plan = answers(INELIGIBLE)
    body = " ".join(render(op, plan))
    assert "This is not legal advice and has not been filed." in body
    assert "Petition for Order of Protection" not in body
    assert "Stalking No Contact Order (Stalking No Contact Order Act, 740 ILCS 21)" in body
    assert "He stood on my lawn at 11 pm" in body
    assert "309-674-9831" in body
    plan["conduct"]["conduct_types"] = ["threats"]
    plan["alternative"]["next_action"] = "close_with_referrals"
    body = " ".join(render(op, copy.deepcopy(plan)))
    assert "No order of protection or no-contact order fits what was described" in body
    assert "He stood on my lawn" not in body  # the worksheet no longer counts
    assert "Firearms Restraining Order (430 ILCS 67)" in body

def test_fill_writes_the_petition(tmp_path: Path) -> None:
    out = tmp_path / "op.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "workflows", "fill", "order_of_protection",
         str(ROOT / "tests" / "fixtures" / TWO_CHILDREN), "--pdf", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert "Petition for Order of Protection" in PdfReader(out).pages[0].extract_text()
