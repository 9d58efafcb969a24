"""The renderer's safety: hostile answers print as text and fetch nothing, markup that asks for
anything but a bundled asset stops the render, the locked-down URL fetcher, and a renderer that
is safe in a process pool and in threads."""

from __future__ import annotations

import http.server
import inspect
import logging
import pickle
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import jinja2
import pytest
from support.pdfs import STAFF, TAKE_HOME, context, text
from weasyprint.urls import FatalURLFetchingError

from forms import fetcher, renderer
from forms.fetcher import BASE_URL, AssetFetcher, AssetRefused, asset_name
from forms.renderer import render_html, render_pdf
from forms.samples import safety_plan_answers
from workflows.model import Definition


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
