"""The feedback page of one practice attempt (/training/attempts/{attempt_id}): the score, what
matched, what was missed and why (expected against given, step by step), the supervisor's
comments; links to the practice document (its PDFs carry the training watermark) and to try
again. A supervisor sees the same page with a comment box per step and one for the whole
submission, and "Mark reviewed". Open to the attempt's owner and to supervisors only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from pages.authz import may
from pages.layout import Heading, frame
from pages.services import Actor, Services, current_actor, get, off_loop
from pages.training import scenario_title, when
from pages.training_runner import start_scenario
from store.errors import RecordNotFound
from store.training import COMMENT_LIMIT, Attempt, Comment, GradedItem
from workflows.model import local

WHOLE = "whole"  # the marker suffix of the whole-submission comment box


def may_see_attempt(actor: Actor, attempt: Attempt) -> bool:
    """An attempt is its owner's; supervisors review everyone's."""
    return attempt.username == actor.username or may(actor, "training.review")


def _step_title(services: Services, workflow_id: str, step_id: str) -> str:
    if workflow_id in services.catalogue:
        step = next((s for s in services.catalogue.get(workflow_id).steps if s.id == step_id), None)
        if step is not None:
            return local(step.title)
    return step_id


def _sections(services: Services, attempt: Attempt) -> list[tuple[str | None, str, list[GradedItem]]]:
    """(step id, title, items) in the workflow's order; computed outcomes (step None) last."""
    order: list[str] = []
    if attempt.workflow_id in services.catalogue:
        order = [s.id for s in services.catalogue.get(attempt.workflow_id).steps]
    by_step: dict[str | None, list[GradedItem]] = {}
    for item in attempt.items:
        by_step.setdefault(item.step_id, []).append(item)
    commented = {c.step_id for c in attempt.comments if c.step_id is not None}
    steps = [s for s in order if s in by_step or s in attempt.answers or s in commented]
    steps += [s for s in by_step if s is not None and s not in steps]
    sections: list[tuple[str | None, str, list[GradedItem]]] = [
        (s, _step_title(services, attempt.workflow_id, s), by_step.get(s, [])) for s in steps]
    if None in by_step:
        sections.append((None, "Outcomes the workflow worked out", by_step[None]))
    return sections


def _item(item: GradedItem) -> None:
    with ui.element("li").classes("column gap-0").mark(f"item:{item.key}"):
        with ui.row().classes("items-center gap-2"):
            tag = "Matched" if item.matched else "Missed"
            ui.label(tag).classes("wa-tag " + ("wa-tag-plain" if item.matched else "wa-tag-danger"))
            ui.label(item.label).classes("font-semibold")
        if item.matched:
            ui.label(f"Your answer: {item.given}")
        else:
            ui.label(f"Expected: {item.expected}")
            ui.label(f"You gave: {item.given}")
        if item.why:
            ui.label(f"Why: {item.why}").classes("wa-help")


def _comments(comments: list[Comment]) -> None:
    for comment in comments:
        with ui.column().classes("wa-instructions w-full gap-0").mark("comment"):
            ui.label(f"Supervisor's comment — {comment.by_name or comment.by}, {when(comment.at)}").classes(
                "font-semibold text-sm")
            ui.label(comment.text).classes("whitespace-pre-wrap")


def _comment_box(label: str, marker: str, send: Callable[[str], Awaitable[None]]) -> None:
    box = ui.textarea(label).props(f"outlined autogrow maxlength={COMMENT_LIMIT}").classes("w-full")
    box.mark(f"comment:{marker}")

    async def submit() -> None:
        text = (box.value or "").strip()
        if text:
            await send(text)

    button = ui.button("Add comment", icon="comment", on_click=submit).props("outline")
    button.props["aria-label"] = f"Add the {label[0].lower()}{label[1:]}"  # "Add the comment on About this plan"
    button.mark(f"comment-send:{marker}")


async def _load(services: Services, actor: Actor, attempt_id: str) -> Attempt | None:
    try:
        attempt = await off_loop(services.training.get, attempt_id)
    except RecordNotFound:
        return None
    return attempt if may_see_attempt(actor, attempt) and attempt.status == "submitted" else None


def register() -> None:
    @ui.page("/training/attempts/{attempt_id}")
    async def attempt_page(attempt_id: str) -> None:
        services, actor = get(), current_actor()
        attempt = await _load(services, actor, attempt_id)
        if attempt is None:
            services.training_audit(actor, "read", "attempt", attempt_id, "refused or not found")
            with frame("Not found"):
                Heading("This practice attempt was not found", 1)
                ui.link("Back to training", "/training").classes("wa-link")
            return
        services.training_audit(actor, "read", "attempt", attempt.id)
        reviewing = may(actor, "training.review")
        generation = await off_loop(services.training.generation, attempt.username)
        owner = services.accounts.get(attempt.username)
        state = {"attempt": attempt}

        async def comment(step_id: str | None, text: str) -> None:
            state["attempt"] = await off_loop(services.training.comment, attempt.id, step_id, text,
                                              actor.username, actor.display_name)
            services.training_audit(actor, "write", "attempt", attempt.id,
                                    f"comment on {'the whole submission' if step_id is None else 'step ' + step_id}")
            content.refresh()

        async def mark_reviewed() -> None:
            state["attempt"] = await off_loop(services.training.mark_reviewed, attempt.id, actor.username)
            services.training_audit(actor, "write", "attempt", attempt.id, "marked reviewed")
            content.refresh()

        async def try_again() -> None:
            if attempt.scenario_id in services.scenarios:
                ui.navigate.to(await start_scenario(services, actor, services.scenarios.get(attempt.scenario_id)))

        @ui.refreshable
        def content() -> None:
            current = state["attempt"]
            with ui.column().classes("wa-card gap-2"):
                Heading(f"Feedback: {scenario_title(services, current.scenario_id)}", 1)
                score = ui.label(f"Score: {current.score} of 100 — {current.matched} matched, "
                                 f"{current.missed} missed").classes("text-xl font-semibold")
                score.mark("feedback:score")
                who = owner.display_name if owner else current.username
                ui.label(f"{who} · submitted {when(current.submitted_at)} · "
                         f"{services.catalogue.title(current.workflow_id)}").classes("wa-muted")
                if current.reviewed:
                    reviewer = services.accounts.get(current.reviewed_by or "")
                    ui.label(f"Reviewed by {reviewer.display_name if reviewer else current.reviewed_by} on "
                             f"{when(current.reviewed_at)}").mark("feedback:reviewed")
                else:
                    ui.label("Not reviewed by a supervisor yet.").classes("wa-muted")
                with ui.row().classes("gap-4 items-center"):
                    if (current.username == actor.username and actor.mode == "training"
                            and current.generation == generation):
                        ui.link("Open the practice document and its PDFs", f"/document/{current.doc_id}").classes(
                            "wa-link")
                    if current.username == actor.username and actor.mode == "training" \
                            and current.scenario_id in services.scenarios:
                        ui.button("Try this scenario again", icon="replay", on_click=try_again).props(
                            "outline").mark("feedback:again")
                    if current.scenario_id in services.scenarios:
                        ui.link("Read the story again", f"/training/scenarios/{current.scenario_id}").classes(
                            "wa-link")
                    back = "/training/review" if reviewing and current.username != actor.username else "/training"
                    ui.link("Back", back).classes("wa-link")
            with ui.column().classes("wa-card gap-2").mark("feedback:whole"):
                Heading("On the whole submission", 2)
                whole = current.comments_on(None)
                _comments(whole)
                if not whole and not reviewing:
                    ui.label("No comment from a supervisor yet.").classes("wa-muted")
                if reviewing:
                    _comment_box("Comment on the whole submission", WHOLE, lambda text: comment(None, text))
                    if not current.reviewed:
                        ui.button("Mark reviewed", icon="task_alt", on_click=mark_reviewed).mark("feedback:review")
            for step_id, title, items in _sections(services, current):
                with ui.column().classes("wa-card gap-2").mark(f"feedback:step:{step_id or 'outcomes'}"):
                    Heading(title, 2)
                    if items:
                        missed = sum(1 for i in items if not i.matched)
                        ui.label(f"{len(items) - missed} of {len(items)} matched").classes("wa-muted")
                        with ui.element("ul").classes("column gap-3"):
                            for item in items:
                                _item(item)
                    else:
                        ui.label("Nothing on this step is in the answer key.").classes("wa-muted")
                    if step_id is not None:
                        _comments(current.comments_on(step_id))
                        if reviewing:
                            _comment_box(f"Comment on {title}", step_id,
                                         lambda text, s=step_id: comment(s, text))  # type: ignore[misc]

        with frame("Practice feedback"):
            content()
