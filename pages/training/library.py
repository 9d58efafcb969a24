"""Training mode's front door: the scenario library grouped by workflow (with the user's best
score so far), each scenario's page (the story, what it practises, "Start"), and "My attempts".
Scenarios run only in training mode, in the user's own sandbox; the feedback and review pages
are in pages/training/feedback.py and pages/training/review.py."""

from __future__ import annotations

from collections import defaultdict

from nicegui import ui

from pages.account.auth import switch_mode
from pages.authz import may
from pages.formatting import local_time_or
from pages.layout import frame, register_nav
from pages.services import Actor, Services, current_actor, get, off_loop
from pages.training.practice import render_story, start_scenario
from pages.widgets import Heading, table_head
from store import Attempt
from workflows.model import local
from workflows.scenarios import Scenario

DIFFICULTY = {"starter": "Starter", "intermediate": "Intermediate", "advanced": "Advanced"}


def scenario_title(services: Services, scenario_id: str) -> str:
    if scenario_id in services.scenarios:
        return local(services.scenarios.get(scenario_id).title)
    return f"Scenario {scenario_id} (no longer in the library)"


def workflow_label(services: Services, workflow_id: str) -> str:
    """The workflow's title; the kiosk's own title ("Ask for help") is what a walk-in reads, so
    staff are told what it is."""
    title = services.catalogue.title(workflow_id)
    kiosk = workflow_id in services.catalogue and "kiosk" in services.catalogue.get(workflow_id).audience
    return f"Walk-in kiosk intake: {title}" if kiosk else title


def best_scores(attempts: list[Attempt]) -> dict[str, int]:
    best: dict[str, int] = {}
    for attempt in attempts:
        if attempt.status == "submitted" and attempt.score is not None:
            best[attempt.scenario_id] = max(best.get(attempt.scenario_id, 0), attempt.score)
    return best


def _live_mode_card(actor: Actor) -> None:
    with ui.column().classes("wa-card gap-2"):
        Heading("You are doing live work", 2)
        ui.label("Scenarios are practised in training mode, in a sandbox of your own: nothing you do there "
                 "touches a real record, and nothing real can be seen from it.")
        if may(actor, "training.switch"):
            ui.button("Practise in training mode", icon="school", on_click=lambda: switch_mode("training")).mark(
                "training:switch")


def _library(services: Services, actor: Actor, best: dict[str, int]) -> None:
    by_workflow: dict[str, list[Scenario]] = defaultdict(list)
    for scenario in services.scenarios:
        by_workflow[scenario.workflow].append(scenario)
    if not by_workflow:
        ui.label("The scenario library is empty.").classes("wa-muted")
    for workflow_id, scenarios in by_workflow.items():
        with ui.column().classes("wa-card gap-3"):
            Heading(workflow_label(services, workflow_id), 2)
            with ui.element("ul").classes("column gap-3 w-full"):
                for scenario in scenarios:
                    item = ui.element("li").classes("w-full").mark(f"scenario:{scenario.id}")
                    with item, ui.row().classes("w-full items-start justify-between gap-3 no-wrap"):
                        with ui.column().classes("gap-0 flex-1"):
                            ui.link(local(scenario.title), f"/training/scenarios/{scenario.id}").classes(
                                "wa-link text-lg font-semibold")
                            ui.label(local(scenario.summary))
                            skills = ", ".join(local(s) for s in scenario.skills)
                            ui.label(f"{DIFFICULTY.get(scenario.difficulty, scenario.difficulty)} · "
                                     f"practises: {skills}").classes("wa-muted text-sm")
                            score = best.get(scenario.id)
                            ui.label("Not tried yet" if score is None else f"Your best score: {score} of 100"
                                     ).classes("text-sm font-semibold" if score is not None else "wa-muted text-sm")
                        if actor.mode == "training":
                            start = ui.button("Start", icon="play_arrow",
                                              on_click=lambda s=scenario: _start(services, actor, s))
                            start.props["aria-label"] = f"Start {local(scenario.title)}"
                            start.mark(f"start-scenario:{scenario.id}")


async def _start(services: Services, actor: Actor, scenario: Scenario) -> None:
    ui.navigate.to(await start_scenario(services, actor, scenario))


def attempts_table(services: Services, attempts: list[Attempt], show_user: bool = False) -> None:
    """Submitted attempts with scenario, score, date, review state and a link to the feedback."""
    shown = [a for a in attempts if a.status == "submitted"]
    if not shown:
        ui.label("No submitted attempts yet.").classes("wa-muted")
        return
    names = {a.username: a.display_name for a in services.accounts.list()} if show_user else {}
    titles = ["Intern"] if show_user else []
    with ui.element("table").classes("w-full wa-queue"):
        table_head(*titles, "Scenario", "Score", "Submitted", "Review", "")
        with ui.element("tbody"):
            for attempt in shown:
                with ui.element("tr").mark(f"attempt:{attempt.id}"):
                    if show_user:
                        with ui.element("td"):
                            ui.label(names.get(attempt.username, attempt.username))
                    with ui.element("td"):
                        ui.label(scenario_title(services, attempt.scenario_id))
                    with ui.element("td"):
                        ui.label(f"{attempt.score} of 100")
                    with ui.element("td"):
                        ui.label(local_time_or(attempt.submitted_at))
                    with ui.element("td"):
                        comments = len(attempt.comments)
                        state = "Reviewed" if attempt.reviewed else "Not reviewed yet"
                        ui.label(state + (f" · {comments} comment{'s' if comments != 1 else ''}" if comments else ""))
                    with ui.element("td"):
                        link = ui.link("Open feedback", f"/training/attempts/{attempt.id}").classes("wa-link")
                        link.props["aria-label"] = f"Open feedback on {scenario_title(services, attempt.scenario_id)}"


def register() -> None:
    register_nav("Training", "/training")

    @ui.page("/training")
    async def training_page() -> None:
        services, actor = get(), current_actor()
        attempts = await off_loop(services.training.of_user, actor.username)
        services.training_audit(actor, "read", "attempt", actor.username, "library and own attempts")
        with frame("Training"):
            with ui.column().classes("wa-card gap-2"):
                Heading("Training: practise on scenarios", 1)
                ui.label("Each scenario is a fictional client's story. Read it, then work through the real workflow "
                         "as you would on the job; coaching notes show on each step. When you submit, your answers "
                         "are compared with the scenario's answer key and you see what matched, what was missed "
                         "and why. A supervisor may comment on your work.").classes("wa-help")
                with ui.row().classes("gap-4"):
                    ui.link("My progress", f"/training/progress/{actor.username}").classes("wa-link")
                    if may(actor, "training.review"):
                        ui.link("Review practice submissions", "/training/review").classes("wa-link")
            if actor.mode != "training":
                _live_mode_card(actor)
            _library(services, actor, best_scores(attempts))
            with ui.column().classes("wa-card gap-3"):
                Heading("My attempts", 2)
                attempts_table(services, attempts)

    @ui.page("/training/scenarios/{scenario_id}")
    async def scenario_page(scenario_id: str) -> None:
        services, actor = get(), current_actor()
        if scenario_id not in services.scenarios:
            with frame("Not found"):
                Heading("There is no such scenario", 1)
                ui.link("Back to the scenario library", "/training").classes("wa-link")
            return
        scenario = services.scenarios.get(scenario_id)
        mine = [a for a in await off_loop(services.training.of_user, actor.username) if a.scenario_id == scenario_id]
        generation = await off_loop(services.training.generation, actor.username)
        with frame(local(scenario.title)):
            with ui.column().classes("wa-card gap-2"):
                Heading(local(scenario.title), 1)
                ui.label(f"{workflow_label(services, scenario.workflow)} · "
                         f"{DIFFICULTY.get(scenario.difficulty, scenario.difficulty)}").classes("wa-muted")
                ui.label(local(scenario.summary))
                ui.label("What it practises: " + ", ".join(local(s) for s in scenario.skills)).classes("wa-help")
            with ui.column().classes("wa-card gap-1").mark("training:story"):
                Heading("The story", 2)
                render_story(scenario)
            with ui.column().classes("wa-card gap-2"):
                if actor.mode == "training":
                    ui.label("The story stays on screen on every step of the workflow.").classes("wa-help")
                    start = ui.button("Start this scenario", icon="play_arrow",
                                      on_click=lambda: _start(services, actor, scenario))
                    start.mark("start-scenario")
                    for attempt in [a for a in mine if a.status == "in_progress" and a.generation == generation][:3]:
                        ui.link(f"Resume the attempt started {local_time_or(attempt.started_at)}",
                                f"/draft/{attempt.doc_id}").classes("wa-link")
                else:
                    _live_mode_card(actor)
                ui.link("Back to the scenario library", "/training").classes("wa-link")
            with ui.column().classes("wa-card gap-3"):
                Heading("Your attempts at this scenario", 2)
                attempts_table(services, mine)
