"""The generic workflow runner: one page for every definition. A stepper shows where you are; Back
and Next move between the visible steps and autosave; a review screen lists every answer with an
"Edit" link per step; Submit revalidates every step before the document becomes final."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from nicegui import ui
from nicegui.element import Element

from pages.access import may_see_document
from pages.fields import FieldView, render_field
from pages.layout import Heading, frame
from pages.review import render_answers, render_results
from pages.services import Actor, Services, current_actor, get, off_loop
from pages.sharing import automatic_referral, declared_shares
from pages.training_runner import Practice, finish_attempt, practice_for, render_story_panel
from store.documents import DocumentNotFound, DocumentRecord
from store.errors import StoreError
from workflows.engine import evaluate, next_step, previous_step, resolve_step
from workflows.model import Definition, FieldSpec, FieldType, local
from workflows.prefill import case_updates

REVIEW = "review"


class Runner:
    """The state of one person working through one draft in one browser tab."""

    def __init__(self, services: Services, actor: Actor, record: DocumentRecord, definition: Definition,
                 wanted_step: str | None, lang: str = "en", practice: Practice | None = None) -> None:
        self.services = services
        self.practice = practice  # a scenario attempt in training mode: story shown, feedback on submit
        self.actor = actor
        self.store = services.documents_for(actor)
        self.doc_id = record.id
        self.definition = definition
        self.lang = lang
        self.answers: dict[str, Any] = copy.deepcopy(record.answers)
        self.evaluation = evaluate(definition, self.answers, lang)
        wanted = wanted_step or record.current_step
        self.step = REVIEW if wanted == REVIEW else resolve_step(definition, self.answers, wanted, self.evaluation)
        self.views: dict[str, FieldView] = {}
        self.boxes: dict[str, Element] = {}
        self.forward: ui.button | None = None
        self.showing_errors = False
        self.dirty = False
        self.summary: Element | None = None
        self.saved_note: ui.label | None = None
        self.client = ui.context.client

    # --- state -------------------------------------------------------------------------------
    def _visible_keys(self) -> set[str]:
        """The answer keys the engine shows on this step, group entries' sub-fields included."""
        if self.step == REVIEW:
            return set()
        step = self.definition.step(self.step)
        keys = {f"{step.id}.{f}" for f in self.evaluation.visible_fields.get(step.id, [])}
        answers = self.evaluation.answers.get(step.id, {})
        for spec in step.fields:
            if spec.type == FieldType.group and f"{step.id}.{spec.id}" in keys:
                _group_keys(spec, answers.get(spec.id), f"{step.id}.{spec.id}", keys)
        return keys

    def _apply_visibility(self) -> None:
        visible = self._visible_keys()
        for key, box in self.boxes.items():
            box.set_visibility(key in visible)
        if self.forward is not None:
            last = next_step(self.definition, self.answers, self.step, self.evaluation) is None
            self.forward.set_text("Review answers" if last else "Next")

    def changed(self) -> None:
        """An answer changed: show or hide questions in place (focus stays where it is)."""
        self.dirty = True
        steps_before = self.evaluation.visible_steps
        self.evaluation = evaluate(self.definition, self.answers, self.lang)
        self._apply_visibility()
        if self.evaluation.visible_steps != steps_before:
            self.progress.refresh()
        if self.showing_errors:
            self._show_errors(focus=False)

    def structure_changed(self) -> None:
        """A group entry was added, removed or moved: the step is drawn again."""
        self.evaluation = evaluate(self.definition, self.answers, self.lang)
        self.body.refresh()

    def place(self, key: str, box: Element) -> None:
        self.boxes[key] = box

    def register(self, key: str, view: FieldView) -> None:
        self.views[key] = view

    # --- saving and moving -------------------------------------------------------------------
    async def save(self) -> bool:
        """Save the draft; False when it can no longer be saved (its practice sandbox was reset)."""
        try:
            await off_loop(self.store.save_draft, self.doc_id, self.answers, self.step)
        except StoreError:
            if self.actor.mode != "training":
                raise
            # A supervisor reset this practice sandbox while the draft was open: the draft is gone.
            ui.notify("Your practice sandbox was reset, so this practice draft no longer exists.", type="warning")
            ui.navigate.to("/training")
            return False
        self.dirty = False
        if self.saved_note is not None:
            self.saved_note.set_text(f"Draft saved at {dt.datetime.now().strftime('%H:%M')}")
        return True

    async def autosave(self) -> None:
        if self.dirty:
            await self.save()

    async def go(self, step_id: str) -> None:
        self.step = step_id
        self.showing_errors = False
        if not await self.save():
            return
        self.progress.refresh()
        self.body.refresh()
        # The button that was clicked is gone after the refresh, so speak to the client directly.
        self.client.run_javascript("window.scrollTo(0, 0); waFocus('wa-step-heading')")

    async def next(self) -> None:
        self.evaluation = evaluate(self.definition, self.answers, self.lang)
        if self.evaluation.step_errors(self.step):
            self.showing_errors = True
            self._show_errors(focus=True)
            return
        await self.go(next_step(self.definition, self.answers, self.step, self.evaluation) or REVIEW)

    async def back(self) -> None:
        if self.step == REVIEW:
            await self.go(self.evaluation.visible_steps[-1])
            return
        previous = previous_step(self.definition, self.answers, self.step, self.evaluation)
        if previous is not None:
            await self.go(previous)

    async def submit(self) -> None:
        # Every step is checked again: an answer changed on an earlier step can make a later one
        # required, and a step edited from the review screen may have been left half done.
        self.evaluation = evaluate(self.definition, self.answers, self.lang)
        if not self.evaluation.complete:
            self.showing_errors = True
            self._show_review_problems()
            return
        if not await self.save():
            return
        record = await off_loop(self.store.submit, self.doc_id, self.evaluation.answers, self.evaluation.computed)
        self.services.audit(self.actor, "write", "document", record.id, record.case_id, "submitted")
        if record.case_id is not None:
            await self._update_case(record.case_id)
        if self.practice is not None:
            ui.navigate.to(await finish_attempt(self.services, self.actor, self.practice, self.definition,
                                                record.answers, self.lang))
            return
        ui.navigate.to(f"/document/{self.doc_id}")

    async def _update_case(self, case_id: str) -> None:
        """What the definition says a submitted document tells its case (see workflows/prefill.py)."""
        updates = case_updates(self.definition, self.evaluation.computed)
        cases = self.services.cases_for(self.actor)
        if updates.get("high_danger") is not None:
            await off_loop(cases.record_lethality, case_id, bool(updates["high_danger"]), self.doc_id)
            self.services.audit(self.actor, "write", "case", case_id, case_id, "lethality screen recorded")
        if updates.get("follow_up_due"):
            kind = updates.get("follow_up_kind")
            follow_up = await off_loop(
                cases.add_follow_up, case_id, title=str(updates.get("follow_up_title") or "Follow-up"),
                kind=kind if kind in ("home_visit", "court_date", "status_update") else "other",
                due_date=str(updates["follow_up_due"]), created_by=self.actor.username)
            self.services.audit(self.actor, "write", "follow_up", follow_up.id, case_id, f"from {self.doc_id}")
        # Shared with the provider only under a consent covering what the workflow says a referral
        # tells them; otherwise recorded as information given to the client (pages/sharing.py).
        known = {r.id: r for r in cases.resources()}
        for resource_id in updates.get("referral_resources") or []:
            if resource_id in known:
                referral = await off_loop(
                    automatic_referral, cases, self.services.catalogue.sharing, case_id, known[resource_id],
                    declared_shares(self.services, self.definition), by=self.actor.username,
                    notes=f"From document {self.doc_id}", today=dt.date.today())
                self.services.audit(self.actor, "write", "referral", referral.id, case_id,
                                    f"from {self.doc_id}: {referral.sharing}")

    # --- errors ------------------------------------------------------------------------------
    def _show_errors(self, focus: bool) -> None:
        errors = self.evaluation.step_errors(self.step)
        for key, view in self.views.items():
            view.show_error(errors.get(key))
        if self.summary is None:
            return
        self.summary.clear()
        if not errors:
            self.summary.classes(remove="wa-summary")
            return
        self.summary.classes(add="wa-summary")
        with self.summary:
            count = len(errors)
            ui.label(f"{count} answer{'s' if count > 1 else ''} on this step need{'s' if count == 1 else ''} "
                     "attention before you go on:").classes("font-semibold")
            with ui.element("ul"):
                for key, message in errors.items():
                    with ui.element("li"):
                        ui.label(f"{self._field_label(key)}: {message}")
        first = next((self.views[k] for k in errors if k in self.views), None)
        if focus and first is not None:
            self.client.run_javascript(f"waFocus('{first.focus.html_id}')")

    def _field_label(self, key: str) -> str:
        step_id, _, rest = key.partition(".")
        field_id = rest.split("[", 1)[0]
        spec = self.definition.step(step_id).field(field_id)
        label = local(spec.label, self.lang) if spec else field_id
        if "[" in rest:
            index = int(rest.split("[", 1)[1].split("]", 1)[0])
            noun = local(spec.item_label, self.lang) if spec and spec.item_label else "entry"
            label = f"{label}, {noun.lower()} {index + 1}"
        return label

    def _show_review_problems(self) -> None:
        if self.summary is None:
            return
        self.summary.clear()
        self.summary.classes(add="wa-summary")
        with self.summary:
            ui.label("Some answers need attention before this can be submitted:").classes("font-semibold")
            with ui.element("ul"):
                for step_id in self.evaluation.visible_steps:
                    problems = self.evaluation.step_errors(step_id)
                    if not problems:
                        continue
                    title = local(self.definition.step(step_id).title, self.lang)
                    with ui.element("li"), ui.row().classes("items-center gap-2"):
                        ui.label(f"{title}: {len(problems)} to fix")
                        fix = ui.button("Go to step", on_click=lambda s=step_id: self.go(s)).props("flat dense")
                        fix.props["aria-label"] = f"Go to step {title}"
                        fix.mark(f"fix:{step_id}")
        self.client.run_javascript(f"waFocus('{self.summary.html_id}')")

    # --- rendering ---------------------------------------------------------------------------
    @ui.refreshable_method
    def progress(self) -> None:
        visible = self.evaluation.visible_steps
        position = len(visible) if self.step == REVIEW else visible.index(self.step)
        title = "Review your answers" if self.step == REVIEW else local(
            self.definition.step(self.step).title, self.lang)
        total = len(visible) + 1
        ui.label(f"Step {position + 1} of {total}: {title}").classes("wa-muted")
        bar = ui.linear_progress(value=(position + 1) / total, show_value=False)
        bar.props["aria-label"] = f"Step {position + 1} of {total}"
        nav = ui.element("nav").classes("w-full")
        nav.props["aria-label"] = "Steps"
        with nav, ui.element("ol").classes("wa-steps"):
            for index, step_id in enumerate([*visible, REVIEW]):
                label = "Review" if step_id == REVIEW else local(self.definition.step(step_id).title, self.lang)
                item = ui.element("li")
                with item:
                    if step_id == self.step:
                        item.props["aria-current"] = "step"
                        ui.label(f"{index + 1}. {label}")
                    elif index < position:
                        link = ui.button(f"{index + 1}. {label}", on_click=lambda s=step_id: self.go(s))
                        link.props("flat dense no-caps align=left").classes("wa-step-done")
                    else:
                        ui.label(f"{index + 1}. {label}").classes("wa-muted")

    @ui.refreshable_method
    def body(self) -> None:
        self.views = {}
        self.boxes = {}
        self.forward = None
        if self.step == REVIEW:
            self._review()
            return
        step = self.definition.step(self.step)
        heading = Heading(local(step.title, self.lang), 2)
        heading._props["id"] = "wa-step-heading"
        heading._props["tabindex"] = "-1"
        if step.help:
            ui.label(local(step.help, self.lang)).classes("wa-help")
        if step.coach and self.actor.mode == "training":
            ui.label(local(step.coach, self.lang)).classes("wa-instructions w-full")
        self.summary = ui.element("div").classes("w-full")
        self.summary.props["role"] = "alert"
        target = self.answers.setdefault(step.id, {})
        for spec in step.fields:
            render_field(spec, target, f"{step.id}.{spec.id}", self.changed, self.structure_changed,
                         self.register, self.place, self.lang)
        with ui.row().classes("w-full justify-between items-center mt-4"):
            if previous_step(self.definition, self.answers, self.step, self.evaluation) is not None:
                ui.button("Back", icon="arrow_back", on_click=self.back).props("outline")
            else:
                ui.element("span")
            self.forward = ui.button("Next", on_click=self.next)
            self.forward.props["icon-right"] = "arrow_forward"
        self._apply_visibility()
        if self.showing_errors:
            self._show_errors(focus=False)

    def _review(self) -> None:
        heading = Heading("Review your answers", 2)
        heading._props["id"] = "wa-step-heading"
        heading._props["tabindex"] = "-1"
        ui.label("Check every answer. Use Edit to change a step; nothing is final until you submit.").classes(
            "wa-help")
        self.summary = ui.element("div").classes("w-full")
        self.summary.props["role"] = "alert"
        render_results(self.definition, self.evaluation, self.lang)
        render_answers(self.definition, self.evaluation, self.lang, on_edit=self.go, show_errors=True)
        with ui.row().classes("w-full justify-between items-center mt-4"):
            ui.button("Back", icon="arrow_back", on_click=self.back).props("outline")
            ui.button("Submit", icon="check", on_click=self.submit)

    def render(self) -> None:
        title = local(self.definition.title, self.lang)
        with ui.column().classes("wa-card gap-2"):
            Heading(title, 1)
            self.progress()
        if self.practice is not None:
            render_story_panel(self.practice.scenario, self.lang)
        with ui.column().classes("wa-card gap-3"):
            self.body()
        with ui.row().classes("items-center gap-4"):
            status = ui.label("Draft saved").classes("wa-muted")
            status.props["aria-live"] = "polite"
            self.saved_note = status
            ui.link("Save and close", "/training" if self.practice is not None else "/").classes("wa-link")
        ui.timer(10.0, self.autosave)


def register() -> None:
    @ui.page("/draft/{doc_id}")
    async def draft_page(doc_id: str, step: str | None = None) -> None:
        services, actor = get(), current_actor()
        try:
            record = await off_loop(services.documents_for(actor).get, doc_id)
        except DocumentNotFound:
            record = None
        if record is None or not may_see_document(services, actor, record):
            with frame("Not found"):
                Heading("This draft was not found", 1)
                ui.link("Back to the home page", "/").classes("wa-link")
            return
        if record.status == "submitted":
            ui.navigate.to(f"/document/{doc_id}")
            return
        definition = services.definition_for(services.documents_for(actor), record.definition_key)
        services.audit(actor, "read", "document", record.id, record.case_id, "draft")
        practice = await practice_for(services, actor, record.id)
        runner = Runner(services, actor, record, definition, step, practice=practice)
        with frame(local(definition.title)):
            runner.render()


def _group_keys(group: FieldSpec, items: Any, prefix: str, keys: set[str]) -> None:
    for index, item in enumerate(items if isinstance(items, list) else []):
        for sub in group.fields or []:
            key = f"{prefix}[{index}].{sub.id}"
            # Instructions hold no answer, so the engine's item lists only the other sub-fields.
            if (isinstance(item, dict) and sub.id in item) or (
                    sub.type == FieldType.instructions and sub.show_if is None):
                keys.add(key)
                if sub.type == FieldType.group and isinstance(item, dict):
                    _group_keys(sub, item.get(sub.id), key, keys)
