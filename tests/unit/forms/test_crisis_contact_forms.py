"""The crisis contact's PDFs, read back with pypdf: the staff record (the screens' results first, the
record along the Critical Decision-Making Model), the petition worksheet (laid out like the petition,
"not a filed petition" on every page, no signature) and the take-home sheet in English and Spanish,
which says what happens next and nothing about the screens."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader

from forms.renderer import render_pdf
from workflows.engine import evaluate
from workflows.loader import DEFINITIONS_DIR, DefinitionError, load_file, parse_definition
from workflows.model import Definition, local
from workflows.presentation import DocumentMeta, document_context

Answers = dict[str, Any]


@pytest.fixture(scope="module")
def contact() -> Definition:
    return load_file(DEFINITIONS_DIR / "crisis_contact.yaml")  # its templates checked too


@pytest.fixture
def high_risk(answers: Callable[[str], Answers]) -> Answers:
    return answers("crisis_contact_high_risk.json")


@pytest.fixture
def petition(answers: Callable[[str], Answers]) -> Answers:
    return answers("crisis_contact_petition.json")


def template(definition: Definition, document_id: str) -> str:
    return next(d.template for d in definition.documents if d.id == document_id)


def context(definition: Definition, answers: Answers, document_id: str, lang: str = "en",
            training: bool = False) -> dict[str, Any]:
    evaluation = evaluate(definition, answers)
    assert evaluation.complete, evaluation.errors
    meta = DocumentMeta(id="D-2026-000311", created_at="2026-03-14T23:02:10+00:00", workflow_version=1,
                        submitted_at="2026-03-14T23:40:00+00:00", case_id="C-2026-0042")
    return document_context(definition, evaluation, meta, document_id, training=training, lang=lang)


def pages(definition: Definition, answers: Answers, document_id: str, **kwargs: Any) -> list[str]:
    pdf = render_pdf(template(definition, document_id), context(definition, answers, document_id, **kwargs))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def text(definition: Definition, answers: Answers, document_id: str, **kwargs: Any) -> str:
    return " ".join(pages(definition, answers, document_id, **kwargs))


# --- the staff record ------------------------------------------------------------------------------

def test_the_staff_record_leads_with_the_screens_results(contact: Definition, high_risk: Answers) -> None:
    body = text(contact, high_risk, "staff_record")
    assert "CONFIDENTIAL — STAFF RECORD" in body
    summary = body[:body.index("Critical Decision-Making Model, Step 1")]
    for line in ("High risk — do not leave the person alone; evaluate now",
                 "AUDIT-C result: Positive (at or over the cut-off)", "AUDIT-C score (0–12): 6",
                 "Single-question drug screen: Negative",
                 "Housing: 1 — Literally homeless", "Disposition: Voluntary transport",
                 "First follow-up attempt due by: March 16, 2026, 9:30 p.m.",
                 "Weapons or violence on record (a home visit goes with police backup)"):
        assert line in summary, line


def test_the_staff_record_follows_the_decision_making_model(contact: Definition, high_risk: Answers) -> None:
    body = text(contact, high_risk, "staff_record")
    parts = ["Step 1 — collect information", "Step 2 — assess the situation, threats and risks",
             "Steps 3 and 4 — police powers, policy and options", "Step 5 — act, review and re-assess"]
    positions = [body.index(f"Critical Decision-Making Model, {part}") for part in parts]
    assert positions == sorted(positions)
    assert positions[0] < body.index("How the contact came in") < positions[1]
    assert positions[1] < body.index("Suicide-risk screen (C-SSRS screener)") < positions[2]
    assert positions[3] < body.index("Is a follow-up planned?")
    assert positions[3] < body.index("Community Crisis Center Warm hand-off")
    assert "Case C-2026-0042" in body and "Page 1 of" in body


def test_the_staff_record_has_each_screen_question_asked(contact: Definition, high_risk: Answers) -> None:
    body = text(contact, high_risk, "staff_record")
    assert "1. Have you wished you were dead or wished you could go to sleep and not wake up?" in body
    assert "Was this within the past three months?" in body
    assert "Who evaluated them? X Trillium Place ERS / crisis clinician" in body
    high_risk["suicide_screen"] = {"asked": True, "wish_dead": True, "suicidal_thoughts": False, "behavior": False}
    del high_risk["suicide_protocol"]
    body = text(contact, high_risk, "staff_record")
    assert "3. Have you thought about how you might do this?" not in body  # not asked after a no to 2
    assert "Suicide risk (C-SSRS screener): Low risk" in body and "High suicide risk — protocol" not in body


def test_the_staff_record_of_an_arrest_names_the_alternatives(contact: Definition, high_risk: Answers) -> None:
    high_risk["disposition"] = {"outcome": "arrest", "charge": "Criminal damage to property",
                                "arrest_alternatives": ["crisis_center", "citation"],
                                "arrest_why_not": "He refused the crisis center; a notice to appear was not an option "
                                                  "with the damage done."}
    summary = text(contact, high_risk, "staff_record").split("Critical Decision-Making Model")[0]
    assert ("Alternatives to arrest considered: Community Crisis Center (crisis care, sobering alternative to jail); "
            "Notice to appear instead of custody") in summary


# --- the petition worksheet --------------------------------------------------------------------------

def test_the_worksheet_says_not_a_filed_petition_on_every_page(contact: Definition, petition: Answers) -> None:
    worksheet = pages(contact, petition, "petition_worksheet")
    assert len(worksheet) >= 2
    for page in worksheet:
        assert "NOT A FILED PETITION" in page and "nothing has been filed" in page
    assert "Worksheet — not a filed petition." in worksheet[0]
    assert "Signature" not in " ".join(worksheet)  # the petitioner signs the petition, never this worksheet


def test_the_worksheet_is_laid_out_like_the_petition(contact: Definition, petition: Answers) -> None:
    body = text(contact, petition, "petition_worksheet")
    headings = ["1. Respondent", "2. Reason for the petition",
                "3. Signs and symptoms of mental illness — 3-601(b)(1)",
                "4. Acts, threats or behavior, with the time and place of each — 3-601(b)(1)",
                "3-601(b)(2)", "6. The petitioner — 3-601(a) and (b)(3)", "7. Witnesses — 3-601(b)(4)",
                "8. Custody by a peace officer — 3-606", "9. Certificate — 3-602 (or no examiner available — 3-603)",
                "10. Time limits, for the petitioner's information"]
    positions = [body.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "X Emergency inpatient admission by certificate (405 ILCS 5/3-600)" in body
    assert "Name Miriam Castle" in body
    assert "Swung a hammer at her neighbor's door and said she would kill him. 2026-02-03 13:40" in body
    assert "Helen Castle Parent 18 Elm Ct, Pekin, IL" in body
    assert "Tom Becker (neighbor) Apt 3D, 410 W. Main St 309-555-0133" in body
    assert "Taken into custody February 3, 2026 14:55" in body
    assert "what the petitioner personally observed Saw her swing the hammer" in body
    assert "within 72 hours before admission (405 ILCS 5/3-602)" in body
    assert "within 24 hours after admission" in body and "within 5 days" in body


def test_an_officer_who_does_not_complete_the_petition_is_a_possible_witness(contact: Definition,
                                                                            petition: Answers) -> None:
    petition["petition"].update({"officer_completes_petition": False, "petitioner_kind": "family",
                                 "petitioner_name": "Helen Castle", "petitioner_relationship": "Mother"})
    body = text(contact, petition, "petition_worksheet")
    assert ("Possible witness — the officer who took the respondent into custody (3-606): Sgt. Paul Moreau, badge 120, "
            "Peoria Police Department") in body


def test_without_a_petition_the_worksheet_says_so(contact: Definition, high_risk: Answers) -> None:
    body = text(contact, high_risk, "petition_worksheet")
    assert "No petition" in body and "(Voluntary transport)" in body
    assert "Respondent" not in body and "NOT A FILED PETITION" in body


# --- the take-home sheet ---------------------------------------------------------------------------

def test_the_take_home_sheet_says_what_happens_next(contact: Definition, high_risk: Answers) -> None:
    body = text(contact, high_risk, "take_home")
    for line in ("What happens next", "For Daniel · We met on March 14, 2026",
                 "In an emergency, call 911.", "988 Suicide & Crisis Lifeline, 24 hours a day — call or text 988.",
                 "Trillium Place (formerly UnityPlace) crisis line: 309-671-8084",
                 "Who will contact you Who Dana Whitfield, LCSW How A visit at home By March 16, 2026, 9:30 p.m.",
                 "We will try to reach you at 309-555-0187",
                 "Services we put you in touch with X Community Crisis Center — Warm hand-off "
                 "Appointment or next step: Admitted tonight X 988 Suicide & Crisis Lifeline — Information only",
                 "Your next steps Stay at the crisis center tonight. Call my sister Ana tomorrow morning.",
                 "Page 1 of 1"):
        assert line in body, line


def test_the_take_home_sheet_in_spanish(contact: Definition, high_risk: Answers) -> None:
    body = text(contact, high_risk, "take_home", lang="es")
    for line in ("Lo que sigue", "Para Daniel · Nos reunimos el 14 de marzo de 2026",
                 "Si necesita ayuda ahora o antes", "En una emergencia, llame al 911.",
                 "Línea 988 de Prevención del Suicidio y Crisis, las 24 horas — llame o envíe un texto al 988. "
                 "Para hablar en español, marque 2.",
                 "Línea de crisis de Trillium Place (antes UnityPlace): 309-671-8084",
                 "Quién se comunicará con usted Quién Dana Whitfield, LCSW Cómo Una visita a su casa "
                 "Antes del 16 de marzo de 2026, 9:30 p. m.",
                 "Intentaremos comunicarnos con usted al 309-555-0187",
                 "Servicios con los que le pusimos en contacto X Centro Comunitario de Crisis (Community Crisis "
                 "Center) — Le presentamos directamente Cita o próximo paso: Admitted tonight",
                 "Sus próximos pasos", "Preparado con la ayuda de la unidad de servicios sociales", "Página 1 de 1"):
        assert line in body, line
    for english in ("What happens next", "Who will contact you", "A visit at home", "Warm hand-off", "Page 1"):
        assert english not in body


def leaks(contact: Definition, high_risk: Answers) -> list[str]:
    """Everything of the screens, the disposition and the petition that could be printed: the labels
    of their questions and answers, and the results as the staff record words them."""
    evaluation = evaluate(contact, high_risk)
    words = [str(evaluation.computed[name]) for name in ("suicide_risk_result", "audit_c_result_text",
                                                         "drug_screen_text")]
    words += ["C-SSRS", "AUDIT", "risk", "riesgo", "Positive", "Negative", "score", "Voluntary transport",
              "Literally homeless", "kitchen knife", "Reyes", "Knoxville", "petition", "petición"]
    for step_id in ("suicide_screen", "suicide_protocol", "substance", "housing", "options", "disposition",
                    "petition", "responder_safety", "concerns"):
        step = contact.step(step_id)
        words.append(local(step.title))
        for f in step.fields:
            if f.label:
                words.append(local(f.label))
            words += [local(c.label) for c in f.choices or [] if len(local(c.label)) > 3]
    # The services the person was put in touch with are theirs to read, whatever other steps offered too.
    made = contact.step("referrals").field("made")
    assert made is not None
    services = " ".join(local(c.label, lang) for sub in made.fields or [] for c in sub.choices or []
                        for lang in ("en", "es"))
    return [w for w in words if w not in ("Other", "Never (0)") and w not in services]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_take_home_sheet_says_nothing_of_the_screens(contact: Definition, high_risk: Answers, lang: str) -> None:
    pdf = render_pdf(template(contact, "take_home"), context(contact, high_risk, "take_home", lang=lang))
    reader = PdfReader(io.BytesIO(pdf))
    body = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    printed = [w for w in leaks(contact, high_risk) if w.casefold() in body.casefold()]
    assert printed == []
    assert str(reader.metadata.get("/Title")) == ("What happens next" if lang == "en" else "Lo que sigue")
    ctx = context(contact, high_risk, "take_home", lang=lang)
    assert set(ctx["answers"]) == {"intake", "person", "referrals", "follow_up"}
    assert set(ctx["computed"]) == {"follow_up_due_at"}


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "No follow-up is planned. If you would like someone from the unit to contact you, call the number below"),
    ("es", "No hay un seguimiento planeado. Si desea que alguien de la unidad se comunique con usted"),
])
def test_the_take_home_sheet_without_a_follow_up(contact: Definition, high_risk: Answers, lang: str,
                                                 expected: str) -> None:
    high_risk["follow_up"] = {"needed": False, "not_needed_reason": "declined"}
    high_risk["person"]["identity_known"] = False
    body = text(contact, high_risk, "take_home", lang=lang)
    assert expected in body
    assert "Daniel" not in body and "309-555-0187" not in body
    assert "309-673-4521" in body  # the unit's line


def test_a_practice_take_home_sheet_is_watermarked_in_its_language(contact: Definition, high_risk: Answers) -> None:
    assert "CAPACITACIÓN — NO ES UN REGISTRO REAL" in text(contact, high_risk, "take_home", lang="es", training=True)


def test_the_take_home_sheet_cannot_lose_a_spanish_text() -> None:
    source = (DEFINITIONS_DIR / "crisis_contact.yaml").read_text(encoding="utf-8")
    for old, new, place in [
        ("{value: home_visit, label: {en: A visit at home, es: Una visita a su casa}}",
         "{value: home_visit, label: {en: A visit at home}}", "steps[follow_up].fields[mode].choices[1].label"),
        ('reach_at: {en: "We will try to reach you at", es: "Intentaremos comunicarnos con usted al"}',
         'reach_at: {en: "We will try to reach you at"}', "documents[take_home].texts.reach_at"),
    ]:
        assert old in source
        with pytest.raises(DefinitionError) as exc:
            parse_definition(source.replace(old, new), "crisis_contact.yaml", templates_dir=None)
        assert exc.value.problems == [f"crisis_contact.yaml: {place}: documents[take_home] is printed in Spanish, "
                                      "so this needs its Spanish text (`es`)"]
