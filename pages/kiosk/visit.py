"""One person's visit to the kiosk, held only in this page's memory: the language they chose,
their answers, where they are, and whether an alert or an intake has gone to the staff already.

Nothing here is written anywhere: not app.storage, not a draft, not the browser. `wipe()` forgets
it all; a reload or a new tab gets a new, empty visit. Pure Python (no UI), so it can be tested on
its own.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from workflows.engine import Answers, Evaluation, evaluate, next_step, previous_step
from workflows.model import Definition


class Screen(StrEnum):
    language = "language"    # the start: English or Español
    question = "question"    # one step of the intake
    check = "check"          # "Check your answers" before Send
    thanks = "thanks"        # sent: what happens next, resets itself
    ask_staff = "ask_staff"  # "Ask a staff member instead": where to go
    limited = "limited"      # this screen may not send more right now: ask at the front window


class KioskVisit:
    def __init__(self, definition: Definition) -> None:
        if definition.kiosk is None or definition.kiosk.urgent is None:
            raise ValueError(f"{definition.id} is not a kiosk workflow with an urgent alert")
        self.definition = definition
        self.urgent_name = definition.kiosk.urgent
        self.wipe()

    def wipe(self) -> None:
        """Forget everything this person did (quick exit, idle, Done, or after the thank-you screen)."""
        self.lang = "en"
        self.screen = Screen.language
        self.answers: Answers = {}
        self.evaluation: Evaluation = evaluate(self.definition, self.answers, self.lang)
        self.step = self.evaluation.visible_steps[0]
        self.showing_errors = False
        self.intake_id: str | None = None  # set once an intake (or urgent alert) reached the staff
        self.alert_sent = False            # the urgent alert reached the staff queue
        self.sent = False                  # the person pressed Send and it went through

    def clear_answers(self) -> None:
        """Sent (or handed to a staff member): the answers leave this page's memory too."""
        self.answers = {}
        self.evaluation = evaluate(self.definition, self.answers, self.lang)
        self.step = self.evaluation.visible_steps[0]

    # --- where the person is ----------------------------------------------------------------
    def choose_language(self, lang: str) -> None:
        if lang not in ("en", "es"):
            raise ValueError(f"the kiosk offers en and es, not {lang!r}")
        self.lang = lang
        self.evaluation = evaluate(self.definition, self.answers, lang)
        self.screen = Screen.question

    @property
    def urgent(self) -> bool:
        return bool(self.evaluation.computed.get(self.urgent_name))

    @property
    def emergency_number(self) -> str:
        constant = self.definition.constants.get("emergency_number")
        return str(constant.value) if constant is not None else "911"

    def changed(self) -> bool:
        """An answer changed; True when this change is the one that made the visit urgent."""
        was_urgent = self.urgent
        self.evaluation = evaluate(self.definition, self.answers, self.lang)
        return self.urgent and not was_urgent

    def step_answers(self) -> dict[str, Any]:
        return self.answers.setdefault(self.step, {})

    def position(self) -> tuple[int, int]:
        """(number of this question, how many there are), counting from 1."""
        visible = self.evaluation.visible_steps
        return visible.index(self.step) + 1, len(visible)

    def step_errors(self) -> dict[str, str]:
        return self.evaluation.step_errors(self.step)

    def forward(self) -> bool:
        """Next (or the check screen after the last question); False when this step needs fixing."""
        self.evaluation = evaluate(self.definition, self.answers, self.lang)
        if self.step_errors():
            self.showing_errors = True
            return False
        self.showing_errors = False
        following = next_step(self.definition, self.answers, self.step, self.evaluation)
        if following is None:
            self.screen = Screen.check
        else:
            self.step = following
        return True

    def has_previous(self) -> bool:
        return self.screen == Screen.check or previous_step(
            self.definition, self.answers, self.step, self.evaluation) is not None

    def backward(self) -> None:
        self.showing_errors = False
        if self.screen == Screen.check:
            self.screen = Screen.question
            self.step = self.evaluation.visible_steps[-1]
            return
        previous = previous_step(self.definition, self.answers, self.step, self.evaluation)
        if previous is not None:
            self.step = previous

    def go_to(self, step_id: str) -> None:
        """From the check screen, back to one question to change it."""
        if step_id not in self.evaluation.visible_steps:
            return
        self.step = step_id
        self.screen = Screen.question
        self.showing_errors = False

    def ready_to_send(self) -> bool:
        self.evaluation = evaluate(self.definition, self.answers, self.lang)
        return self.evaluation.complete

    def counted_answers(self) -> Answers:
        """What goes to the staff: only the answers the engine counts (visible steps and fields)."""
        return self.evaluation.answers
