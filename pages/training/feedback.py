"""The feedback page of one practice attempt (/training/attempts/{attempt_id}): the score, what
matched, what was missed and why (expected against given, step by step), the supervisor's
comments; links to the practice document (its PDFs carry the training watermark) and to try
again. A supervisor sees the same page with a comment box per step and one for the whole
submission, and "Mark reviewed". Open to the attempt's owner and to supervisors only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from pages.authz import may
from pages.formatting import local_time_or
from pages.layout import frame
from pages.services import Actor, Services, current_actor, get, off_loop
from pages.training.library import scenario_title
from pages.training.practice import start_scenario
from pages.widgets import Heading, Tag
from store import COMMENT_LIMIT, Attempt, Comment, GradedItem, RecordNotFound
from workflows.engine import evaluate
from workflows.model import local
from workflows.presentation import PresentedStep, present

WHOLE = "whole"  # the marker suffix of the whole-submission comment box
Section = tuple[str | None, str, list[GradedItem]]  # (step id or None for outcomes, title, graded items)




def may_see_attempt(actor: Actor, attempt: Attempt) -> bool:
    """An attempt is its owner's; supervisors review everyone's."""
    return attempt.username == actor.username or may(actor, "training.review")


def _given_answers(services: Services, attempt: Attempt) -> dict[str, PresentedStep]:
    """What was answered, step by step, as the review screen words it (the attempt keeps a copy)."""
    if attempt.workflow_id not in services.catalogue:
        return {}
    definition = services.catalogue.get(attempt.workflow_id)
    return {step.id: step for step in present(definition, evaluate(definition, attempt.answers))}


def _step_titles(services: Services, attempt: Attempt) -> dict[str, str]:
    if attempt.workflow_id not in services.catalogue:
        return {}
    return {step.id: local(step.title) for step in services.catalogue.get(attempt.workflow_id).steps}


def _sections(attempt: Attempt, given: dict[str, PresentedStep],
              titles: dict[str, str]) -> tuple[list[Section], list[Section]]:
    """(graded, other): the steps with key items in the workflow's order, computed outcomes (step
    None) last; and the other steps that were answered or commented on."""
    by_step: dict[str | None, list[GradedItem]] = {}
    for item in attempt.items:
        by_step.setdefault(item.step_id, []).append(item)
    wanted = set(given) | {s for s in by_step if s is not None} | {
        c.step_id for c in attempt.comments if c.step_id is not None}
    graded: list[Section] = []
    other: list[Section] = []
    for step_id in [s for s in titles if s in wanted] + sorted(wanted - set(titles)):
        title = titles.get(step_id, step_id)
        (graded if step_id in by_step else other).append((step_id, title, by_step.get(step_id, [])))
    if None in by_step:
        graded.append((None, "Outcomes the workflow worked out", by_step[None]))
    return graded, other


def _answers_list(step: PresentedStep | None) -> None:
    if step is None or not step.fields:
        ui.label("Nothing was answered on this step.").classes("wa-muted")
        return
    with ui.element("dl").classes("w-full wa-review"):
        for answered in step.fields:
            Tag("dt", answered.label)
            count = len(answered.items)
            Tag("dd", f"{count} entr{'y' if count == 1 else 'ies'}" if answered.type == "group"
                 else answered.display or "—")


def _item(item: GradedItem) -> None:
    with ui.element("li").classes("column gap-0").mark(f"item:{item.key}"):
        with ui.row().classes("items-center gap-2"):
            tag = "Matched" if item.matched else "Missed"
            ui.label(tag).classes("wa-tag " + ("wa-tag-plain" if item.matched else "wa-tag-danger"))
            ui.label(item.label).classes("font-semibold")
        outcome = item.step_id is None  # a computed value: what the answers made of it
        if item.matched:
            ui.label(f"{'Your answers gave' if outcome else 'Your answer'}: {item.given}")
        else:
            ui.label(f"Expected: {item.expected}")
            ui.label(f"{'Your answers gave' if outcome else 'You gave'}: {item.given}")
        if item.why:
            ui.label(f"Why: {item.why}").classes("wa-help")


def _comments(comments: list[Comment]) -> None:
    for comment in comments:
        with ui.column().classes("wa-instructions w-full gap-0").mark("comment"):
            ui.label(f"Supervisor's comment — {comment.by_name or comment.by}, {local_time_or(comment.at)}").classes(
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
        given = _given_answers(services, attempt)
        titles = _step_titles(services, attempt)

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

        def step_comments(step_id: str, title: str) -> None:
            _comments(state["attempt"].comments_on(step_id))
            if reviewing:
                _comment_box(f"Comment on {title}", step_id, lambda text: comment(step_id, text))

        @ui.refreshable
        def content() -> None:
            current = state["attempt"]
            with ui.column().classes("wa-card gap-2"):
                Heading(f"Feedback: {scenario_title(services, current.scenario_id)}", 1)
                score = ui.label(f"Score: {current.score} of 100 — {current.matched} matched, "
                                 f"{current.missed} missed").classes("text-xl font-semibold")
                score.mark("feedback:score")
                who = owner.display_name if owner else current.username
                ui.label(f"{who} · submitted {local_time_or(current.submitted_at)} · "
                         f"{services.catalogue.title(current.workflow_id)}").classes("wa-muted")
                if current.reviewed:
                    reviewer = services.accounts.get(current.reviewed_by or "")
                    ui.label(f"Reviewed by {reviewer.display_name if reviewer else current.reviewed_by} on "
                             f"{local_time_or(current.reviewed_at)}").mark("feedback:reviewed")
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
            graded, other = _sections(current, given, titles)
            for step_id, title, items in graded:
                with ui.column().classes("wa-card gap-2").mark(f"feedback:step:{step_id or 'outcomes'}"):
                    Heading(title, 2)
                    missed = sum(1 for i in items if not i.matched)
                    ui.label(f"{len(items) - missed} of {len(items)} matched").classes("wa-muted")
                    with ui.element("ul").classes("column gap-3"):
                        for item in items:
                            _item(item)
                    if step_id is not None:
                        with ui.expansion("Everything answered on this step").classes("w-full"):
                            _answers_list(given.get(step_id))
                        step_comments(step_id, title)
            if other:
                with ui.column().classes("wa-card gap-2").mark("feedback:other-steps"):
                    Heading("Other steps (not in the answer key)", 2)
                    for step_id, title, _ in other:
                        step_id = step_id or ""
                        notes = current.comments_on(step_id)
                        label = title + (f" · {len(notes)} comment{'s' if len(notes) != 1 else ''}" if notes else "")
                        with ui.expansion(label, value=bool(notes)).classes("w-full").mark(f"feedback:step:{step_id}"):
                            _answers_list(given.get(step_id))
                            step_comments(step_id, title)

        with frame("Practice feedback"):
            content()
