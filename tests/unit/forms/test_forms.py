"""PDF forms: the safety plan's two documents, the generic record, the footer and watermark. PDFs are
read back with pypdf. (The renderer's safety is in test_renderer_safety.py.)"""

from __future__ import annotations

import io
import re

import pytest
from markupsafe import escape
from pypdf import PdfReader
from support.pdfs import DOC_ID, STAFF, TAKE_HOME, context, pages, squash, text

from forms.renderer import render_html, render_pdf
from forms.samples import safety_plan_answers
from workflows.model import Definition

# ---- the take-home plan --------------------------------------------------------------------------

def test_take_home_plan_reads_like_the_persons_own_plan(definition: Definition) -> None:
    ctx = context(definition, safety_plan_answers())
    body = text(render_pdf(TAKE_HOME, ctx))
    assert "Safety plan for Maria" in body
    assert "Made on March 4, 2025 with Dana Whitfield, MSW" in body
    assert "In an emergency, call 911." in body
    for hotline in definition.constants["hotlines"].value:
        assert squash(str(hotline)) in body
    titles = ["During a violent incident", "When preparing to leave", "In your own home",
              "With an order of protection", "At work and in public", "Alcohol and drug use",
              "Your emotional health", "With children", "Technology safety",
              "Items to take when you leave", "Important phone numbers"]
    for number, title in enumerate(titles, start=1):
        assert f"{number}. {title}" in body
    assert "The front room — it has the door to the porch and no knives." in body
    assert "309-555-0142" in body and "Friend or family" in body


def test_take_home_lists_every_item_to_take_and_ticks_the_chosen(definition: Definition) -> None:
    answers = safety_plan_answers()
    ctx = context(definition, answers)
    html = render_html(TAKE_HOME, ctx)
    body = text(render_pdf(TAKE_HOME, ctx))
    items = definition.step("items_to_take").field("items")
    assert items is not None and items.choices
    chosen = set(answers["items_to_take"]["items"])
    for choice in items.choices:
        label = choice.label["en"]
        assert squash(label) in body
        escaped = str(escape(label))
        ticked = f'<span class="box">X</span>{escaped}' in html
        empty = f'<span class="box"></span>{escaped}' in html
        assert (ticked, empty) == (choice.value in chosen, choice.value not in chosen), label


def test_take_home_leaves_out_children_when_there_are_none(definition: Definition) -> None:
    answers = safety_plan_answers(about={"has_children": False})
    del answers["children"]
    body = text(render_pdf(TAKE_HOME, context(definition, answers)))
    assert "With children" not in body
    assert "Who may pick up the children" not in body
    assert "9. Items to take when you leave" in body  # numbering closes the gap


def test_take_home_of_a_high_danger_plan_says_nothing_of_the_screen(definition: Definition) -> None:
    """The abuser may find this copy: no screen, no result, no protocol — not a word of them."""
    answers = safety_plan_answers(lethality={"screener_override": True,
                                             "override_reason": "She says he told her he would end it all."})
    ctx = context(definition, answers)
    assert ctx["computed"]["high_danger"] is True and "protocol" in ctx["section"]
    pdf = render_pdf(TAKE_HOME, ctx)
    body = text(pdf).lower()

    forbidden = ["lethal", "danger", "screened", "kill", "strangle", "choke", "protocol", "hotline advocate"]
    for step_id in ("lethality", "protocol"):
        step = definition.step(step_id)
        forbidden.append(step.title["en"])
        for f in step.fields:
            forbidden += [t["en"] for t in (f.label, f.text) if t]
        forbidden += [v for v in answers[step_id].values() if isinstance(v, str)]
    forbidden += [str(v) for v in ctx["computed"].values() if isinstance(v, str)]
    forbidden += list(ctx["computed_labels"].values())
    for phrase in forbidden:
        assert squash(phrase).lower() not in body, phrase
    metadata = PdfReader(io.BytesIO(pdf)).metadata or {}
    assert not any("lethal" in str(v).lower() or "danger" in str(v).lower() for v in metadata.values())


def test_take_home_with_only_the_required_answers_is_a_blank_paper_form(definition: Definition) -> None:
    answers = {
        "about": {"person_name": "R.", "plan_date": "2025-03-04", "intimate_partner": False, "has_children": False},
        "during_incident": {"safer_rooms": "Front room", "where_to_go": "Neighbour"},
        "protective_order": {"has_order": False},
        "numbers": {"important_numbers": [{"who": "Sister", "phone": "309-555-0100"}]},
    }
    ctx = context(definition, answers)
    html = render_html(TAKE_HOME, ctx)
    body = text(render_pdf(TAKE_HOME, ctx))
    assert "Safety plan for R." in body and "Made on March 4, 2025." in body
    assert html.count('class="blank"') >= 10  # ruled lines to write on by hand
    assert "None" not in body


# ---- the staff record ---------------------------------------------------------------------------

def test_staff_record_has_the_screen_its_result_and_the_protocol(definition: Definition) -> None:
    ctx = context(definition, safety_plan_answers(), "staff_record")
    body = text(render_pdf(STAFF, ctx))
    assert "CONFIDENTIAL — STAFF RECORD" in body
    assert "2. Lethality screen" in body and "3. High-danger protocol" in body
    for f in definition.step("lethality").fields:
        if re.fullmatch(r"q\d+", f.id):
            assert f.label is not None and squash(f.label["en"]) in body
    assert "Question Yes No Not answered" in body
    assert "High danger — screened in by the protocol" in body
    assert 'Number of "yes" answers on the screen: 7' in body
    assert "He has been driving past my sister's house at night since I moved out." in body
    assert "how to file for an order of protection" in body  # the protocol answer
    assert "Social worker — Signature" in body and "Supervisor review — Signature" in body
    assert "Case C-2025-0093" in body


def test_staff_record_of_a_screener_override_shows_the_reason(definition: Definition) -> None:
    answers = safety_plan_answers(lethality={
        "q1": False, "q2": False, "q3": False, "q4": True, "q5": False, "q6": False, "q7": False, "q11": False,
        "screener_override": True, "override_reason": "Her belief: he said nobody else will have her.",
    })
    ctx = context(definition, answers, "staff_record")
    body = text(render_pdf(STAFF, ctx))
    assert "High danger — screened in by the screener" in body
    assert "Why are you screening them in? Her belief: he said nobody else will have her." in body


def test_staff_record_when_not_intimate_partner_abuse(definition: Definition) -> None:
    answers = safety_plan_answers(about={"intimate_partner": False})
    ctx = context(definition, answers, "staff_record")
    body = text(render_pdf(STAFF, ctx))
    assert "2. Lethality screen" in body
    assert "Not screened (not intimate-partner abuse)" in body
    assert "High-danger protocol" not in body
    assert "Has the partner ever used a weapon" not in body


# ---- footer, watermark, generic record ----------------------------------------------------------

@pytest.mark.parametrize("template", [TAKE_HOME, STAFF])
def test_every_page_has_page_n_of_m_and_the_document_line(definition: Definition, template: str) -> None:
    document_id = "take_home" if template == TAKE_HOME else "staff_record"
    texts = pages(render_pdf(template, context(definition, safety_plan_answers(), document_id)))
    assert len(texts) >= 2
    for number, page in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in page
        assert f"Document {DOC_ID} · revision 1 · created 2025-03-04 · form version {definition.version}" in page
        assert "TRAINING" not in page


@pytest.mark.parametrize("template", [TAKE_HOME, STAFF, "generic_record.html"])
def test_training_watermark_is_on_every_page(definition: Definition, template: str) -> None:
    ctx = context(definition, safety_plan_answers(), "staff_record", training=True)
    texts = pages(render_pdf(template, ctx))
    assert len(texts) >= 2
    for page in texts:
        assert "TRAINING — NOT A REAL RECORD" in page


def test_generic_record_renders_any_workflows_sections(definition: Definition) -> None:
    ctx = context(definition, safety_plan_answers(), "staff_record")
    html = render_html("generic_record.html", ctx)
    body = text(render_pdf("generic_record.html", ctx))
    for section in ctx["sections"]:
        assert f"{section.number}. {section.title}" in body
    assert "Who or what Kind Phone number" in body  # a group as a table
    assert "Ana (sister) Friend or family 309-555-0142" in body
    assert html.count('<span class="box">X</span>') >= 20  # yes/no and choices as ticked boxes
    assert "Case C-2025-0093" in body


def test_spanish_chrome(definition: Definition) -> None:
    ctx = {**context(definition, safety_plan_answers(), "staff_record", training=True), "lang": "es"}
    body = text(render_pdf("generic_record.html", ctx))
    assert "Página 1 de" in body and "CAPACITACIÓN — NO ES UN REGISTRO REAL" in body


# ---- hostile answers and fetching ------------------------------------------------------------











# ---- the fetcher --------------------------------------------------------------------------------









# ---- the renderer -------------------------------------------------------------------------------













