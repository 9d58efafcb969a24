"""Damaged files, as the staff see them: a calm error page where a page needed a file that cannot
be read, a notice at the top of every page for the staff who can act on it (administrators and
supervisors) and a page listing what was found (`/admin/data`), from `store.files.damage`.

Nothing here shows a server path or an exception's text to staff: the error page says what could
not be read in the words of the work ("This case's file could not be read"), and the list shows
each file relative to the data folder. The full details are in the server log.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import PlainTextResponse
from nicegui import app, ui

from pages.authz import may, may_open
from pages.formatting import local_time
from pages.layout import bare_frame, frame
from pages.services import Actor, NotLoggedIn, current_actor, get
from pages.widgets import Heading
from store import LOOSE_PREFIX, CorruptFile, DamageReport

PAGE = "/admin/data"
TOLD = "Your supervisor has been told; nothing was changed."


def _what(exc: CorruptFile) -> tuple[str, str]:
    """(what the file is for the report, the sentence staff read) for a file that cannot be read."""
    folder, stem = exc.path.parent.name, exc.path.stem
    if folder == "cases" and stem.startswith(LOOSE_PREFIX):
        return f"the document file {stem}", "This document's file could not be read."
    if folder == "cases":
        return f"the case file {stem}", "This case's file could not be read."
    if folder == "people":
        return f"the client file {stem}", "This client's file could not be read."
    if folder == "definitions":
        return f"the definition snapshot {stem}", "The form version this document was made with could not be read."
    return f"the file {exc.path.name}", "A file this page needs could not be read."


def report_unreadable(exc: CorruptFile) -> str:
    """Tell the staff who can act (and the server log); returns the sentence for the person."""
    what, sentence = _what(exc)
    get().damage.report(DamageReport(
        file=exc.path, what=what, problem=exc.reason,
        done="It was left where it is and nothing was changed; the pages that need it say it could not be "
             "read, and the rest of the app works.",
        todo="Stop the app and restore the file from a backup; the lists and the queue still show the entry "
             "from the index meanwhile."))
    return sentence


def _actor() -> Actor | None:
    try:
        return current_actor()
    except (NotLoggedIn, RuntimeError, KeyError):
        return None


def _error_page(exc: Exception) -> None:
    """NiceGUI's page for an exception while a page was built: calm, no paths, no exception text."""
    actor = _actor()
    with bare_frame("Could not open this page"), ui.column().classes("wa-card gap-3"):
        if isinstance(exc, CorruptFile):
            Heading("This page could not be opened", 1)
            ui.label(f"{report_unreadable(exc)} {TOLD}").mark("error:damaged")
        else:  # NiceGUI logs the exception itself, with its traceback, in the server log
            Heading("Something went wrong", 1)
            ui.label("The server could not open this page. The details are in the server log; try again, and "
                     "tell your supervisor if it happens again.").mark("error:failed")
        if actor is not None and may_open(actor, PAGE):
            ui.link("See the data problems", PAGE).classes("wa-link")
        ui.link("Back to the home page", "/").classes("wa-link")


def _unreadable_response(_: Request, exc: Exception) -> PlainTextResponse:
    """The same for a download (a PDF of a document whose file cannot be read)."""
    sentence = report_unreadable(exc) if isinstance(exc, CorruptFile) else "A file could not be read."
    return PlainTextResponse(f"{sentence} {TOLD}", status_code=500, headers={"Cache-Control": "no-store"})


def banner(actor: Actor) -> None:
    """At the top of every page, for the staff who can act on damaged files."""
    if not may(actor, "data.problems"):
        return
    reports = get().damage.all()
    if not reports:
        return
    notice = ui.element("div").classes("wa-summary w-full row items-center gap-3").mark("data:banner")
    notice.props["role"] = "alert"
    with notice:
        ui.label(f"{len(reports)} damaged file(s) need attention: {reports[-1].what} "
                 f"({reports[-1].problem[:120]}).").classes("wa-error")
        ui.link("See the data problems", PAGE).classes("wa-link")


def _report_card(report: DamageReport) -> None:
    root = get().settings.data_dir
    file, aside = report.relative(root)
    with ui.column().classes("wa-card gap-1").mark("data:report"):
        Heading(report.what[:1].upper() + report.what[1:], 2)
        ui.label(f"Found {local_time(report.at)} · file {file}").classes("wa-muted")
        ui.label(f"What is wrong: {report.problem}")
        ui.label(f"What the app did: {report.done}")
        if aside:
            ui.label(f"The damaged copy is kept as {aside} (never deleted).")
        ui.label(f"What to do: {report.todo}").classes("font-semibold")


def register() -> None:
    app.on_page_exception(_error_page)
    app.add_exception_handler(CorruptFile, _unreadable_response)

    @ui.page(PAGE)
    async def data_problems() -> None:
        services = get()
        reports = services.damage.all()
        with frame("Data problems"):
            Heading("Data problems", 1)
            ui.label("Files the app could not read since it started, and what it did about each. Nothing is ever "
                     "deleted; the server log has the same entries.").classes("wa-help")
            for check in services.damage.checks():
                ui.label(check).classes("wa-muted").mark("data:check")
            if not reports:
                ui.label("No damaged files have been found.").mark("data:none")
            for report in reversed(reports):
                _report_card(report)
