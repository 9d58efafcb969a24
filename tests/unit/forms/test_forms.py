"""PDF forms: the safety plan's two documents, the generic record, the footer and watermark, escaping
of hostile answers, and the locked-down URL fetcher. PDFs are read back with pypdf."""

from __future__ import annotations

import http.server
import inspect
import io
import logging
import pickle
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import jinja2
import pytest
from markupsafe import escape
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from forms import fetcher, renderer
from forms.fetcher import BASE_URL, AssetFetcher, AssetRefused, asset_name
from forms.renderer import render_html, render_pdf
from forms.samples import safety_plan_answers
from workflows.engine import evaluate
from workflows.loader import load_directory
from workflows.model import Definition
from workflows.presentation import DocumentMeta, document_context

TAKE_HOME = "safety_plan_take_home.html"
STAFF = "safety_plan_staff.html"
DOC_ID = "D-2025-000417"


@pytest.fixture(scope="module")
def definition() -> Definition:
    return load_directory().get("safety_plan")


def context(definition: Definition, answers: dict[str, Any], document_id: str = "take_home",
            training: bool = False) -> dict[str, Any]:
    evaluation = evaluate(definition, answers)
    assert evaluation.complete, evaluation.errors  # the samples are realistic, finished plans
    meta = DocumentMeta(id=DOC_ID, created_at="2025-03-04T15:12:09+00:00", workflow_version=definition.version,
                        submitted_at="2025-03-04T15:40:51+00:00", case_id="C-2025-0093")
    return document_context(definition, evaluation, meta, document_id, training=training)


def pages(pdf: bytes) -> list[str]:
    """Each page's text with runs of whitespace made single spaces (labels wrap across lines)."""
    assert pdf.startswith(b"%PDF-")
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def text(pdf: bytes) -> str:
    return " ".join(pages(pdf))


def squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


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

class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]]  # set per server by the fixture

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[tuple[int, list[str]]]:
    hits: list[str] = []
    handler = type("Handler", (_Recorder,), {"hits": hits})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], hits
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def fetch_log(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL WeasyPrint asks the fetcher for during the test, starting from a cold per-thread
    cache so the stylesheet and fonts are fetched (and recorded) again."""
    log: list[str] = []
    original = AssetFetcher.fetch

    def spy(self: AssetFetcher, url: str, headers: Any = None) -> Any:
        log.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(AssetFetcher, "fetch", spy)
    monkeypatch.setattr(renderer, "_resources", renderer._Resources())
    return log


def test_hostile_answers_are_printed_as_text_and_fetch_nothing(
        definition: Definition, local_server: tuple[int, list[str]], fetch_log: list[str],
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    port, hits = local_server
    hostile = [
        '<img src="file:///etc/passwd">',
        "<script>alert(1)</script>",
        "{{ 7*7 }}",
        f"url(http://127.0.0.1:{port}/x)",
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/s.css">',
        f"<style>@import 'http://127.0.0.1:{port}/i.css';</style>",
    ]
    answers = safety_plan_answers(
        about={"person_name": hostile[2], "worker_name": hostile[0]},
        lethality={"open_question": " ".join(hostile)},
        during_incident={"safer_rooms": hostile[1], "escape_routes": hostile[3], "code_word": hostile[2]},
        home={"home_notes": hostile[4] + " " + hostile[5]},
        numbers={"important_numbers": [{"who": hostile[0], "kind": "other", "phone": "309-555-0100"}]},
    )
    for template, document_id in ((TAKE_HOME, "take_home"), (STAFF, "staff_record")):
        ctx = context(definition, answers, document_id)
        html = render_html(template, ctx)
        assert "<script>" not in html and "<img" not in html and "<style>@import" not in html
        body = text(render_pdf(template, ctx))
        for value in hostile[:4]:
            assert value in body, value
        assert "Safety plan for {{ 7*7 }}" in body or template == STAFF
        # The template expression was never evaluated (the local server's port may itself hold "49").
        assert "49" not in body.replace(str(port), "")
    assert hits == []
    assert fetch_log, "the stylesheet and fonts should have been fetched through the spy"
    # Nothing worth a warning, and no answer in any log record (WeasyPrint logs at DEBUG/INFO).
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "7*7" not in logged and "passwd" not in logged and "Maria" not in logged
    for url in fetch_log:
        assert asset_name(url) in fetcher.manifest()


def test_markup_that_asks_for_anything_else_stops_the_render() -> None:
    """Should markup ever reach WeasyPrint unescaped, a foreign URL is an error, not a fetch."""
    for markup in ('<img src="file:///etc/passwd">', '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
                   '<img src="../../../etc/passwd">', "<div style=\"background: url('https://example.org/')\">x</div>"):
        document = renderer._FormHTML(string=markup, base_url=BASE_URL, url_fetcher=AssetFetcher())
        with pytest.raises(FatalURLFetchingError):
            document.write_pdf()


# ---- the fetcher --------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "FILE:///etc/passwd",
    "http://127.0.0.1:9/x",
    "https://example.org/forms.css",
    "data:text/css,body{}",
    "ftp://example.org/x",
    "wraparound-asset:/../../etc/passwd",
    "wraparound-asset:../forms.css",
    "wraparound-asset:/fonts/../forms.css",
    "wraparound-asset:/fonts/..%2fforms.css",
    "wraparound-asset://host/forms.css",
    "wraparound-asset:/forms.css?x=1",
    "wraparound-asset:/forms.css#top",
    "wraparound-asset:/%66orms.css",
    "wraparound-asset:/fonts\\DejaVuSans.ttf",
    "wraparound-asset:/etc/passwd",
    "wraparound-asset:/nothing.css",
    "wraparound-asset:/fonts/LICENSE",
    "forms.css",
    "/etc/passwd",
    "",
])
def test_fetcher_refuses_anything_but_a_bundled_asset(url: str) -> None:
    fetch = AssetFetcher()
    with pytest.raises(AssetRefused):
        fetch(url)
    assert (fetch.served, fetch.refused) == (0, 1)


def test_fetcher_refusal_messages_do_not_echo_foreign_urls() -> None:
    with pytest.raises(AssetRefused) as caught:
        AssetFetcher().fetch("http://127.0.0.1:9/secret-client-name")
    assert "secret" not in str(caught.value) and "127.0.0.1" not in str(caught.value)


def test_fetcher_serves_bundled_assets_by_name() -> None:
    fetch = AssetFetcher()
    css = fetch("wraparound-asset:/forms.css")
    assert css.content_type == "text/css" and b"@font-face" in css.read()
    font = fetch("wraparound-asset:fonts/DejaVuSans-Bold.ttf")
    assert font.content_type == "font/ttf" and len(font.read()) > 100_000
    assert fetch.served == 2
    assert (Path(fetcher.ASSETS_DIR) / "fonts" / "LICENSE").is_file()


def test_fetcher_ignores_symlinks_in_the_assets_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok.css").write_text("body {}")
    (tmp_path / "evil.css").symlink_to("/etc/passwd")
    monkeypatch.setattr(fetcher, "ASSETS_DIR", tmp_path)
    fetcher.manifest.cache_clear()
    try:
        assert set(fetcher.manifest()) == {"ok.css"}
        with pytest.raises(AssetRefused):
            AssetFetcher().fetch("wraparound-asset:/evil.css")
    finally:
        fetcher.manifest.cache_clear()


# ---- the renderer -------------------------------------------------------------------------------

def test_forms_does_not_import_the_app_or_the_engine() -> None:
    """Workers import `forms` alone; it takes a plain dict and needs no UI, store or engine."""
    code = ("import sys, forms, forms.renderer, forms.fetcher, forms.samples; "
            "print(sorted(m for m in ('nicegui', 'tinydb', 'workflows') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[3])
    assert out.stdout.strip() == "[]"


def test_a_fresh_worker_renders_without_a_warning() -> None:
    """A new worker process (as in a pool) logs nothing at WARNING or above on its first renders."""
    code = ("import logging; logging.basicConfig(level=logging.WARNING); "
            "from forms.renderer import warm_up, render_pdf; from forms.samples import safety_plan_context; "
            "warm_up(); [render_pdf(t, safety_plan_context(d)) for t, d in "
            "(('safety_plan_take_home.html', 'take_home'), ('safety_plan_staff.html', 'staff_record'))]")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[3])
    assert out.stderr == ""


def test_undefined_names_are_errors_not_blanks(definition: Definition) -> None:
    ctx = context(definition, safety_plan_answers())
    del ctx["constants"]
    with pytest.raises(jinja2.UndefinedError):
        render_pdf(TAKE_HOME, ctx)


@pytest.mark.parametrize("name", ["../workflows/definitions/safety_plan.yaml", "/etc/passwd", "x.txt", "Base.HTML"])
def test_only_bare_template_names_are_accepted(name: str) -> None:
    with pytest.raises(ValueError):
        render_pdf(name, {})


def test_weasyprint_still_calls_the_user_agent_stylesheet_hook() -> None:
    """forms.renderer narrows WeasyPrint's UA stylesheet through `HTML._ua_stylesheets` (a private
    method; ~30% of the render time). If an upgrade stops calling it, look again at `_FormHTML`."""
    import weasyprint.css

    assert "html._ua_stylesheets(" in inspect.getsource(weasyprint.css.get_all_computed_styles)
    assert renderer._FormHTML(string="<p>x</p>")._ua_stylesheets() == [renderer._ua_stylesheet()]


def test_context_survives_pickling_for_a_process_pool(definition: Definition) -> None:
    ctx = context(definition, safety_plan_answers(), "staff_record")
    copy = pickle.loads(pickle.dumps(ctx))
    assert text(render_pdf(STAFF, copy)) == text(render_pdf(STAFF, ctx))


def test_render_pdf_is_safe_to_call_from_several_threads(definition: Definition) -> None:
    ctx = context(definition, safety_plan_answers())
    expected = text(render_pdf(TAKE_HOME, ctx))
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(text(render_pdf(TAKE_HOME, ctx)))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 3
