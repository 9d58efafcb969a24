"""Supervisors' side of training: practice submissions to review (unreviewed first, newest first),
each person's progress (scenarios done out of the library, best and latest score per scenario,
scores over time), and resetting a person's practice sandbox. A person may also open their own
progress page. Every read and write of these training records is audited in their own log."""

from __future__ import annotations

from nicegui import ui

from pages.authz import may
from pages.formatting import local_time_or
from pages.layout import frame
from pages.services import Actor, Services, current_actor, get, off_loop
from pages.training.library import attempts_table, scenario_title, workflow_label
from pages.widgets import Heading, table_head
from store import Attempt, Role, utc_now


def _cell(text: str) -> None:
    with ui.element("td"):
        ui.label(text)


def _per_scenario(services: Services, done: list[Attempt]) -> None:
    with ui.element("table").classes("w-full wa-queue").mark("progress:scenarios"):
        table_head("Scenario", "Workflow", "Attempts", "Best score", "Latest score")
        with ui.element("tbody"):
            for scenario in services.scenarios:
                mine = [a for a in done if a.scenario_id == scenario.id]  # newest first
                with ui.element("tr"):
                    _cell(scenario_title(services, scenario.id))
                    _cell(workflow_label(services, scenario.workflow))
                    _cell(str(len(mine)))
                    _cell(f"{max(a.score or 0 for a in mine)} of 100" if mine else "—")
                    _cell(f"{mine[0].score} of 100" if mine else "—")


def _over_time(services: Services, done: list[Attempt]) -> None:
    """Scores in the order they were earned, each with a plain bar (a progress bar named by its
    score; no user text goes into a chart)."""
    if not done:
        ui.label("No submitted attempts yet.").classes("wa-muted")
        return
    with ui.element("ol").classes("column gap-2 w-full").mark("progress:over-time"):
        for attempt in sorted(done, key=lambda a: a.submitted_at or ""):
            title = scenario_title(services, attempt.scenario_id)
            with ui.element("li").classes("w-full"):
                ui.label(f"{local_time_or(attempt.submitted_at)} · {title}: {attempt.score} of 100")
                bar = ui.linear_progress(value=(attempt.score or 0) / 100, show_value=False).classes("max-w-md")
                bar.props["aria-label"] = f"{title}: {attempt.score} of 100"


async def _reset_dialog(services: Services, actor: Actor, username: str, name: str, kept: int) -> None:
    contents = await off_loop(services.sandboxes.contents, username)
    with ui.dialog() as dialog, ui.card().classes("gap-3 max-w-lg"):
        Heading(f"Reset {name}'s practice sandbox?", 2)
        ui.label(f"This removes everything in the sandbox: {contents.drafts} practice draft"
                 f"{'s' if contents.drafts != 1 else ''}, {contents.documents} submitted practice document"
                 f"{'s' if contents.documents != 1 else ''} (and their PDFs), and {contents.people} fictional "
                 f"client{'s' if contents.people != 1 else ''} with their practice cases, notes and follow-ups. "
                 "Scenario attempts still in progress end unfinished.").mark("reset:removed")
        ui.label(f"It keeps every score, every piece of feedback and every supervisor comment ({kept} submitted "
                 f"attempt{'s' if kept != 1 else ''}), and a copy of the sandbox's audit log.").mark("reset:kept")

        async def confirm() -> None:
            stamp = utc_now()
            await off_loop(services.sandboxes.reset, username, services.training.archive, stamp)
            abandoned = await off_loop(services.training.sandbox_reset, username, actor.username)
            services.training_audit(actor, "write", "sandbox", username,
                                    f"reset: {contents.drafts} drafts, {contents.documents} documents, "
                                    f"{contents.people} people removed; {abandoned} attempts ended")
            dialog.close()
            ui.notify(f"{name}'s practice sandbox is empty again; scores and comments are kept.")
            ui.navigate.to(f"/training/progress/{username}")

        with ui.row().classes("gap-3"):
            ui.button("Reset the sandbox", icon="restart_alt", on_click=confirm).props("color=negative").mark(
                "reset:confirm")
            ui.button("Cancel", on_click=dialog.close).props("outline")
    dialog.open()


def register() -> None:
    @ui.page("/training/review")
    async def review_page() -> None:
        services, actor = get(), current_actor()
        submissions = await off_loop(services.training.submissions)
        people = [a for a in services.accounts.list() if a.role == Role.intern]
        services.training_audit(actor, "read", "attempt", "-", f"review list, {len(submissions)} submissions")
        with frame("Review practice"):
            with ui.column().classes("wa-card gap-2"):
                Heading("Practice submissions to review", 1)
                ui.label("Fictional scenarios only: these are practice records, never client data. Not yet "
                         "reviewed first, newest first. Open one to comment on a step or on the whole "
                         "submission, and to mark it reviewed.").classes("wa-help")
                attempts_table(services, submissions, show_user=True)
            with ui.column().classes("wa-card gap-2"):
                Heading("Interns' progress", 2)
                if not people:
                    ui.label("No intern accounts yet.").classes("wa-muted")
                with ui.element("ul").classes("column gap-1"):
                    for person in people:
                        with ui.element("li"):
                            ui.link(f"{person.display_name} ({person.username})",
                                    f"/training/progress/{person.username}").classes("wa-link")

    @ui.page("/training/progress/{username}")
    async def progress_page(username: str) -> None:
        services, actor = get(), current_actor()
        account = services.accounts.get(username)
        if account is None or (username != actor.username and not may(actor, "training.review")):
            services.training_audit(actor, "read", "progress", username, "refused or not found")
            with frame("Not found"):
                Heading("There is no progress to show here", 1)
                ui.link("Back to training", "/training").classes("wa-link")
            return
        attempts = await off_loop(services.training.of_user, username)
        done = [a for a in attempts if a.status == "submitted"]
        services.training_audit(actor, "read", "progress", username)
        library = list(services.scenarios)
        tried = {a.scenario_id for a in done} & {s.id for s in library}
        with frame("Training progress"):
            with ui.column().classes("wa-card gap-2"):
                Heading(f"Training progress: {account.display_name}", 1)
                ui.label(f"Scenarios done: {len(tried)} of {len(library)} in the library").classes(
                    "text-lg font-semibold").mark("progress:done")
                if done:
                    average = round(sum(a.score or 0 for a in done) / len(done))
                    ui.label(f"{len(done)} submitted attempt{'s' if len(done) != 1 else ''}, average score "
                             f"{average} of 100").classes("wa-muted")
                if may(actor, "training.reset"):
                    ui.button("Reset practice sandbox…", icon="restart_alt",
                              on_click=lambda: _reset_dialog(services, actor, username, account.display_name,
                                                             len(done))).props("outline").mark("reset:open")
            with ui.column().classes("wa-card gap-2"):
                Heading("By scenario", 2)
                _per_scenario(services, done)
            with ui.column().classes("wa-card gap-2"):
                Heading("Scores over time", 2)
                _over_time(services, done)
            with ui.column().classes("wa-card gap-2"):
                Heading("Submitted attempts", 2)
                attempts_table(services, done)
