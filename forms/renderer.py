"""HTML templates + bundled CSS -> PDF bytes.

`render_pdf(template_name, context)` is the whole API the app needs. It is a plain module-level
function taking a plain dict, so it can be handed to a thread or a process pool (NiceGUI's
`run.io_bound` / `run.cpu_bound`); everything expensive is built once per thread (per process,
in a pool) and reused:

- the Jinja environment and its compiled templates (`auto_reload=False`: no stat per render);
- the parsed shared stylesheet and the WeasyPrint `FontConfiguration` that its `@font-face` rules
  registered the bundled fonts in (registering fonts means writing them to a temporary folder and
  reloading fontconfig: by far the slowest thing to repeat);
- the asset bytes (see `forms.fetcher`).

Safety: every value is HTML-escaped (`autoescape=True`, not `select_autoescape`, which would only
escape by file extension), an undefined name is an error rather than an empty string, templates
run in Jinja's sandbox, and WeasyPrint may fetch nothing but bundled assets.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from forms.fetcher import BASE_URL, AssetFetcher, asset_url

TEMPLATES_DIR = Path(__file__).parent / "templates"
STYLESHEET = "forms.css"
TEMPLATE_NAME = re.compile(r"^[a-z0-9_]+\.html$")
"""The same rule as a workflow definition's `documents[].template`: a bare name, no folders."""
_BETWEEN_TAGS = re.compile(r">\s+<")
_BEFORE_BLOCK_TAG = re.compile(
    r">\s+<(?=/?(?:html|head|meta|title|body|div|p|h[1-6]|ul|li|table|col|thead|tbody|tr|th|td)\b)")

WATERMARK = {"en": "TRAINING — NOT A REAL RECORD", "es": "CAPACITACIÓN — NO ES UN REGISTRO REAL"}

# The few words the templates themselves print (everything else comes from the definition, already
# in the right language). Spanish matters for kiosk workflows rendered with the generic template.
CHROME: dict[str, dict[str, str]] = {
    "en": {
        "page": "Page", "of": "of", "document": "Document", "revision": "revision",
        "created": "created", "form_version": "form version", "case": "Case",
        "not_answered": "Not answered", "signature": "Signature", "date": "Date",
        "name": "Name", "yes": "Yes", "no": "No", "prepared_by": "Prepared with the assistance of "
        "the police social services unit", "submitted": "Submitted", "watermark": WATERMARK["en"],
    },
    "es": {
        "page": "Página", "of": "de", "document": "Documento", "revision": "revisión",
        "created": "creado", "form_version": "versión del formulario", "case": "Caso",
        "not_answered": "Sin respuesta", "signature": "Firma", "date": "Fecha",
        "name": "Nombre", "yes": "Sí", "no": "No", "prepared_by": "Preparado con la ayuda de la "
        "unidad de servicios sociales de la policía", "submitted": "Enviado",
        "watermark": WATERMARK["es"],
    },
}

_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre"],
}


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def long_date(value: Any, lang: str = "en") -> str:
    """`2025-03-04` (or an ISO timestamp) as "March 4, 2025"; anything else unchanged. Month names
    are spelled out here rather than through `locale`, which is process-wide and not thread-safe."""
    day = _as_date(value)
    if day is None:
        return "" if value is None else str(value)
    month = _MONTHS.get(lang, _MONTHS["en"])[day.month - 1]
    return f"{day.day} de {month} de {day.year}" if lang == "es" else f"{month} {day.day}, {day.year}"


_CLOCK = re.compile(r"T([0-9]{2}):([0-9]{2})")


def clock_time(value: Any, lang: str = "en") -> str:
    """The clock time of a local date-time (`2026-03-16T21:30`) as people write it: "9:30 p.m."
    ("9:30 p. m." in Spanish), "12:00 p.m." at noon, "12:05 a.m." after midnight; "" without a time.
    The time is printed as written: the workflow's local date-times are the unit's own clock."""
    match = _CLOCK.search(value) if isinstance(value, str) else None
    if match is None:
        return ""
    hour, minute = int(match.group(1)), match.group(2)
    suffix = ("p. m." if lang == "es" else "p.m.") if hour >= 12 else ("a. m." if lang == "es" else "a.m.")
    return f"{(hour % 12) or 12}:{minute} {suffix}"


def iso_date(value: Any) -> str:
    """The calendar date of an ISO timestamp as `YYYY-MM-DD` (records: unambiguous, sortable).
    The date is taken as written in the stored timestamp, without converting time zones."""
    day = _as_date(value)
    return day.isoformat() if day else ("" if value is None else str(value))


def group_table(field: Any) -> dict[str, Any]:
    """A repeating group as `{"columns": [label, ...], "rows": [[display, ...], ...]}`.

    Entries only hold their visible sub-fields, so the columns are the union of the sub-fields
    seen, in order of first appearance; a cell is "" where an entry lacks that sub-field.
    """
    order: list[str] = []
    labels: dict[str, str] = {}
    for entry in field.items:
        for sub in entry:
            if sub.id not in labels:
                order.append(sub.id)
                labels[sub.id] = sub.label
    rows = [[next((s.display for s in entry if s.id == col), "") for col in order] for entry in field.items]
    return {"columns": [labels[c] for c in order], "rows": rows}


def _finalize(value: Any) -> Any:
    # A visible question left unanswered is None in the context; on paper it is a blank.
    return "" if value is None else value


@cache
def environment() -> SandboxedEnvironment:
    """The one Jinja environment (thread-safe for rendering; compiled templates are cached in it).

    The sandbox costs little and keeps a template from reaching Python internals through the
    objects in its context; `autoescape=True` escapes every `{{ }}` whatever the file name.
    """
    env = SandboxedEnvironment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["long_date"] = long_date
    env.filters["iso_date"] = iso_date
    env.filters["clock_time"] = clock_time
    env.globals["group_table"] = group_table
    env.globals["asset_url"] = asset_url
    return env


# WeasyPrint's user-agent stylesheet gives *every* element `::marker`, `::footnote-*` and `::note-*`
# rules, so it computes six pseudo-element styles per element that our forms never show: ~5/6 of
# all style computations. Forms use no footnotes or notes and list markers only on <li>, so the
# rules are narrowed to <li> or dropped. Everything else in the stylesheet is kept verbatim.
_UA_PSEUDO_RULES = re.compile(r"^::(footnote-call|footnote-marker|note-call|note-marker|note-callback) \{.*$",
                              re.MULTILINE)


@cache
def _ua_stylesheet() -> CSS:
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA

    trimmed = _UA_PSEUDO_RULES.sub("", UA).replace("\n::marker {", "\nli::marker {")
    # The stylesheet's @counter-style rules land in a throwaway dict: the counter styles a render
    # uses come from `HTML._ua_counter_style()` (WeasyPrint's own, already built), and re-adding
    # them to that one would log "Invalid counter style name" warnings.
    return CSS(string=trimmed, counter_style=CounterStyle())


class _FormHTML(HTML):
    """`HTML` with the narrowed user-agent stylesheet. `_ua_stylesheets` is an underscore method of
    WeasyPrint's `HTML`, not public API: pyproject pins WeasyPrint 70.0, and a unit test checks
    that WeasyPrint still calls it (were it renamed, renders would stay correct, only slower)."""

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        return [_ua_stylesheet()]


class _RegexCache(dict[tuple[Any, bool], "re.Pattern[str]"]):
    """The regex cache of tinyhtml5's `HTMLInputStream.chars_until`, built under the right key.

    tinyhtml5 2.1.0 (WeasyPrint's HTML parser) misses its own cache on every call: it stores with
    `characters = cache[(characters, opposite)] = regex`, which rebinds `characters` to the regex
    *before* the key is made. So ~1,000 times a staff record it rebuilds and re-looks-up a regex:
    ~40 % of parsing time (~5 ms a render). With this dict the lookup never misses; the entries are
    the same regexes tinyhtml5 builds (same code). Installed only on the version it was checked on.
    """

    def __missing__(self, key: tuple[Any, bool]) -> re.Pattern[str]:
        characters, opposite = key
        regex = "".join([f"\\x{ord(character):02x}" for character in characters])
        if not opposite:
            regex = f"^{regex}"
        pattern = self[key] = re.compile(f"[{regex}]+")
        return pattern


def _fix_tinyhtml5_regex_cache() -> None:
    import tinyhtml5
    from tinyhtml5 import inputstream

    if getattr(tinyhtml5, "__version__", None) == "2.1.0" and type(inputstream.characters_until_regex) is dict:
        inputstream.characters_until_regex = _RegexCache()


_fix_tinyhtml5_regex_cache()


class _Resources(threading.local):
    """Per-thread WeasyPrint state. Fontconfig/Pango objects are not documented as safe to share
    between threads, so each thread (and each pool process) builds its own once and reuses it."""

    font_config: FontConfiguration | None = None
    stylesheet: CSS | None = None


_resources = _Resources()


def _stylesheet() -> tuple[CSS, FontConfiguration]:
    if _resources.stylesheet is None or _resources.font_config is None:
        font_config = FontConfiguration()
        # Loaded through the fetcher like everything else; its @font-face fonts are fetched and
        # registered in `font_config` now, once, instead of on every render.
        stylesheet = CSS(url=asset_url(STYLESHEET), url_fetcher=AssetFetcher(), font_config=font_config)
        _resources.font_config, _resources.stylesheet = font_config, stylesheet
    return _resources.stylesheet, _resources.font_config


def render_html(template_name: str, context: dict[str, Any]) -> str:
    """The filled-in HTML of a form (what `render_pdf` lays out). Useful for tests and previews."""
    if not TEMPLATE_NAME.match(template_name):
        raise ValueError(f"not a form template name: {template_name!r}")
    lang = context.get("lang", "en")
    extra = {"chrome": CHROME.get(lang, CHROME["en"])}
    html = environment().get_template(template_name).render({**context, **extra})
    # Template indentation is free to read but not to parse: WeasyPrint's HTML parser walks every
    # character, and every whitespace text node is a node to style and box. Whitespace-only runs
    # before a block-level (or table, or head) tag go: layout would drop them anyway. Other runs
    # between tags collapse to one space (kept, so inline elements stay apart). Answers cannot
    # match: their "<" and ">" are escaped.
    return _BETWEEN_TAGS.sub("> <", _BEFORE_BLOCK_TAG.sub("><", html))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep Python's cyclic garbage collector out of a render, then collect its young garbage once.

    A render allocates a few hundred thousand objects, so with the default thresholds the collector
    ran ~35 times per staff record (~20 ms), and now and then a full collection over the whole
    heap (60 ms and more: most of the p95). Objects are still freed by reference counting while it
    is paused; the ~7,000 left in cycles are collected right after, in one young-generation pass
    (~2 ms). Process-wide but harmless with concurrent renders in threads: a render that finds the
    collector already paused (by another render, or by the application) leaves it as it is, and the
    worst case is a render that runs with the collector on, as before.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render `forms/templates/<template_name>` with `context` (see
    `workflows.presentation.document_context`) to PDF bytes.

    Blocking and CPU-bound (about 0.12 s for the take-home plan, 0.18 s for the 5-page staff
    record): call it off the event loop, preferably in a process pool. Raises
    `jinja2.TemplateError` for a template bug (e.g. an undefined name) and
    `weasyprint.urls.FatalURLFetchingError` if the document asked for anything but a bundled asset.
    """
    with _collector_paused():
        return _render_pdf(template_name, context)


def _render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    html = render_html(template_name, context)
    stylesheet, font_config = _stylesheet()
    document = _FormHTML(string=html, base_url=BASE_URL, url_fetcher=AssetFetcher())
    pdf: bytes = document.write_pdf(
        stylesheets=[stylesheet],
        font_config=font_config,
        # No images are bundled apart from a possible logo; nothing to gain from re-encoding.
        optimize_images=False,
        # Subset the two bundled fonts (HarfBuzz) instead of embedding 1.4 MB of font per PDF.
        full_fonts=False,
        hinting=False,
        # The PDF's metadata gets the <title> (the document's title, never an answer) and nothing
        # else: templates carry no <meta> tags, and custom ones would be ignored anyway.
        custom_metadata=False,
    )
    return pdf


def warm_up() -> None:
    """Do the one-off work of a worker ahead of its first real render: compile every template,
    parse the stylesheets, register the fonts and lay out a line of regular and bold text (Pango
    loads font faces on first use). E.g. `ProcessPoolExecutor(initializer=forms.renderer.warm_up)`.
    Call it in the worker that renders, not in the server process."""
    env = environment()
    for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
        env.get_template(name)
    stylesheet, font_config = _stylesheet()
    _FormHTML(string="<p>Warm <b>up</b> 0123456789</p>", base_url=BASE_URL, url_fetcher=AssetFetcher()
              ).write_pdf(stylesheets=[stylesheet], font_config=font_config)
