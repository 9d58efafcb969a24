"""The generic workflow runner: one page for every definition. A stepper shows where you are; Back
and Next move between the visible steps; answers are saved as they are typed (pages.workflow.autosave); a
review screen lists every answer with an "Edit" link per step, and a step opened with Edit goes
straight back to the review; Submit revalidates every step before the document becomes final."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from typing import Any

from nicegui import ui
from nicegui.element import Element

from pages.access import may_see_document
from pages.account.idle_warning import idle_warning
from pages.formatting import local_moment
from pages.layout import frame
from pages.services import Actor, Services, current_actor, get, off_loop
from pages.training.practice import Practice, finish_attempt, practice_for, render_story_panel
from pages.widgets import Heading
from pages.workflow.autosave import Autosaver, SaveState, settle
from pages.workflow.case_effects import case_effects
from pages.workflow.draft_status import DraftStatus, status_text
from pages.workflow.fields import FieldView, render_field
from pages.workflow.renders import render_after_submit
from pages.workflow.review import render_answers, render_results
from pages.workflow.sharing import declared_shares
from pages.workflow.step_errors import show_review_problems, show_step_errors
from pages.workflow.stepper import REVIEW, reachable, render_progress
from store import CaseEffects, DocumentFinal, DocumentNotFound, DocumentRecord, StoreError
from workflows.engine import evaluate, next_step, previous_step, resolve_step
from workflows.model import Definition, FieldSpec, FieldType, local
from workflows.prefill import case_updates

RETURN_TO_REVIEW = "Save and return to the review"


class Runner:
    """The state of one person working through one draft in one browser tab."""

    def __init__(self, services: Services, actor: Actor, record: DocumentRecord, definition: Definition,
                 wanted_step: str | None, lang: str = "en", practice: Practice | None = None,
                 names: Mapping[str, str] | None = None) -> None:
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
        self.summary: Element | None = None
        self.names = names or {}  # the resource directory's names, for ids a computed value gives
        self.returning: set[str] | None = None
        """While a step opened with Edit is on screen: the steps that were visible then."""
        self.status: DraftStatus | None = None
        self.heading_to: str | None = None
        self.saver = Autosaver(self._snapshot, self._write, self._show_state, saved_step=record.current_step or "",
                               saved_at=local_moment(record.updated_at), permanent=(DocumentFinal, DocumentNotFound),
                               key=record.id)
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
            if self.returning is not None:
                self.forward.set_text(RETURN_TO_REVIEW if self._after_edit() == REVIEW else "Next")
                return
            last = next_step(self.definition, self.answers, self.step, self.evaluation) is None
            self.forward.set_text("Review answers" if last else "Next")

    def _after_edit(self) -> str:
        """Where Next goes from a step opened with Edit: a step the edit made appear that needs
        answers first (in step order), otherwise straight back to the review."""
        assert self.returning is not None
        new = [s for s in self.evaluation.visible_steps
               if s not in self.returning and s != self.step and self.evaluation.step_errors(s)]
        return new[0] if new else REVIEW

    def changed(self) -> None:
        """An answer changed: show or hide questions in place (focus stays where it is), and save
        it when the typing pauses."""
        self.saver.changed()
        steps_before, links_before = self.evaluation.visible_steps, reachable(self.evaluation, self.step)
        self.evaluation = evaluate(self.definition, self.answers, self.lang)
        self._apply_visibility()
        if self.evaluation.visible_steps != steps_before or reachable(self.evaluation, self.step) != links_before:
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
        if view.quasar_field is not None:
            view.quasar_field.on("blur", self.saver.flush)  # leaving a text box saves it at once

    # --- saving ------------------------------------------------------------------------------
    def _snapshot(self) -> tuple[dict[str, Any], str]:
        # A copy: the widgets keep changing `self.answers` while the store writes in its thread.
        return copy.deepcopy(self.answers), self.heading_to or self.step

    async def _write(self, answers: dict[str, Any], step: str) -> None:
        try:
            await off_loop(self.store.save_draft, self.doc_id, answers, step)
        except StoreError as exc:
            if self.actor.mode != "training":
                raise
            # A supervisor reset this practice sandbox while the draft was open: the draft is gone.
            with self.client:
                ui.notify("Your practice sandbox was reset, so this practice draft no longer exists.",
                          type="warning")
                ui.navigate.to("/training")
            raise DocumentNotFound(self.doc_id) from exc

    def _show_state(self, saver: Autosaver) -> None:
        if self.status is not None:
            self.status.show(saver)

    async def _before_idle_lock(self) -> str:
        if await self.saver.flush():
            return "Your answers are saved."
        return status_text(self.saver)

    async def _saved_or_say_so(self) -> bool:
        """Save before moving on; if that fails, stay here with the answers and say why."""
        if await self.saver.flush():
            return True
        # Typed on while it saved: save that too.
        if self.saver.state == SaveState.pending and await self.saver.flush():
            return True
        with self.client:
            ui.notify(f"{status_text(self.saver)} You are still on this step.", type="negative", multi_line=True)
        return False

    # --- moving ------------------------------------------------------------------------------
    async def go(self, step_id: str, returning: set[str] | None = None) -> None:
        """Open a step (or the review). `returning`: opened from the review with Edit."""
        # Answers not yet stored are saved first, and the step opens only once they are; when the
        # store already has them, only where the draft resumes is new: that is saved behind the move.
        only_the_step = self.saver.answers_stored
        if not only_the_step:
            self.heading_to = step_id  # saved as where the draft resumes; the screen changes after
            try:
                if not await self._saved_or_say_so():
                    return
            finally:
                self.heading_to = None
        self.step = step_id
        self.returning = returning
        self.showing_errors = False
        self.progress.refresh()
        self.body.refresh()
        if only_the_step:
            self.saver.moved()
        # The button that was clicked is gone after the refresh, so speak to the client directly.
        self.client.run_javascript("window.scrollTo(0, 0); waFocus('wa-step-heading')")

    async def edit(self, step_id: str) -> None:
        """Edit (or "Go to step") on the review: Next then comes straight back to the review."""
        await self.go(step_id, returning=set(self.evaluation.visible_steps))

    async def next(self) -> None:
        self.evaluation = evaluate(self.definition, self.answers, self.lang)
        if self.evaluation.step_errors(self.step):
            self.showing_errors = True
            self._show_errors(focus=True)
            return
        if self.returning is not None:
            target = self._after_edit()
            await self.go(target, returning=None if target == REVIEW else self.returning)
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
        if not await self._saved_or_say_so():
            return
        record = await self._submit_with_case_effects()
        render_after_submit(self.services, self.actor, record, self.definition)
        if self.practice is not None:
            ui.navigate.to(await finish_attempt(self.services, self.actor, self.practice, self.definition,
                                                record.answers, self.lang))
            return
        ui.navigate.to(f"/document/{self.doc_id}")

    async def _submit_with_case_effects(self) -> DocumentRecord:
        """Submit, and write in the same write of the case file what the definition says a submitted
        document tells its case (pages.workflow.case_effects); then audit each change."""
        answers, computed = self.evaluation.answers, self.evaluation.computed
        cases = self.services.cases_for(self.actor)
        case_id = self.store.case_of(self.doc_id)
        today = dt.date.today()
        effects = CaseEffects(today=today)
        if case_id is not None:
            wants_referrals = bool(case_updates(self.definition, computed).get("referral_resources"))
            # Shared with a provider only under a consent covering what the workflow says a referral
            # tells them; otherwise recorded as information given to the client.
            consents = await off_loop(cases.consents, case_id) if wants_referrals else []
            effects = case_effects(self.definition, computed, self.doc_id, resources=await off_loop(cases.resources),
                                   consents=consents, rules=self.services.catalogue.sharing,
                                   shares=declared_shares(self.services, self.definition), today=today)
        done = await off_loop(cases.submit_on_case, self.doc_id, answers, computed, effects, by=self.actor.username)
        self.saver.close()
        record = done.document
        self.services.audit(self.actor, "write", "document", record.id, record.case_id, "submitted")
        if case_id is None:
            return record
        if done.case is not None and effects.high_danger is not None:
            self.services.audit(self.actor, "write", "case", case_id, case_id, "lethality screen recorded")
        if done.case is not None and effects.suicide_high_risk is not None:
            self.services.audit(self.actor, "write", "case", case_id, case_id, "suicide-risk screen recorded")
        if done.follow_up is not None:
            self.services.audit(self.actor, "write", "follow_up", done.follow_up.id, case_id, f"from {self.doc_id}")
        for referral in done.referrals:
            self.services.audit(self.actor, "write", "referral", referral.id, case_id,
                                f"from {self.doc_id}: {referral.sharing}")
        return record

    # --- errors ------------------------------------------------------------------------------
    def _show_errors(self, focus: bool) -> None:
        show_step_errors(self.definition, self.evaluation.step_errors(self.step), self.views, self.summary,
                         self.lang, self.client if focus else None)

    def _show_review_problems(self) -> None:
        if self.summary is not None:
            show_review_problems(self.definition, self.evaluation, self.summary, self.lang, self.client, self.edit)

    # --- rendering ---------------------------------------------------------------------------
    @ui.refreshable_method
    def progress(self) -> None:
        render_progress(self.definition, self.evaluation, self.step, self.lang, self.go)

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
        render_results(self.definition, self.evaluation, self.lang, self.names)
        render_answers(self.definition, self.evaluation, self.lang, on_edit=self.edit, show_errors=True)
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
            self.status = DraftStatus()
            self.status.show(self.saver)
            ui.link("Save and close", "/training" if self.practice is not None else "/").classes("wa-link")
        # Before the idle lock and when the tab goes (closed, reloaded, locked), save what is typed.
        warning = idle_warning(self.client)
        if warning is not None:
            warning.before_warning = self._before_idle_lock
        self.client.on_disconnect(self.saver.flush)
        self.client.on_delete(self._tab_gone)

    async def _tab_gone(self) -> None:
        await self.saver.flush()
        self.saver.close()


def register() -> None:
    @ui.page("/draft/{doc_id}")
    async def draft_page(doc_id: str, step: str | None = None) -> None:
        services, actor = get(), current_actor()
        documents = services.documents_for(actor)
        try:
            record = await off_loop(documents.get, doc_id)
            # A reload: the page being left may still be saving what was typed there; read after it.
            if record is not None and may_see_document(services, actor, record) and await settle(doc_id):
                record = await off_loop(documents.get, doc_id)
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
        resources = await off_loop(services.cases_for(actor).resources)
        runner = Runner(services, actor, record, definition, step, practice=practice,
                        names={r.id: r.name for r in resources})
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
