"""The engine: given a definition and answers, which steps show, what each step's problems are,
what the computed values come to, and whether the workflow is complete.

It is pure and synchronous. Steps are walked in order, django-formtools style: a step's condition
sees only the answers of earlier visible steps, so an answer on a hidden step or field never counts,
never feeds a computed value and never reaches a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from workflows.expressions import Expression, parse
from workflows.messages import message
from workflows.model import VALUE_LESS, Definition, FieldSpec, FieldType, Step, local
from workflows.validation import check_value, required_message

Answers = dict[str, dict[str, Any]]


@lru_cache(maxsize=4096)
def compiled(source: str) -> Expression:
    """Expressions were checked when the definition loaded; parse each source once."""
    return parse(source)


@dataclass
class Evaluation:
    visible_steps: list[str]
    answers: Answers
    """Only the answers that count: visible steps, visible fields, known keys."""
    computed: dict[str, Any]
    errors: dict[str, str]
    """`step.field` (or `step.group[2].field`) to a plain-language message, for visible steps."""
    visible_fields: dict[str, list[str]] = field(default_factory=dict)
    """Per visible step, the ids of the fields shown, read-only instructions included."""
    complete: bool = field(init=False)

    def __post_init__(self) -> None:
        self.complete = not self.errors

    def step_errors(self, step_id: str) -> dict[str, str]:
        prefix = f"{step_id}."
        return {k: v for k, v in self.errors.items() if k.startswith(prefix)}

    def as_json(self) -> dict[str, Any]:
        return {
            "visible_steps": self.visible_steps,
            "computed": self.computed,
            "errors": self.errors,
            "complete": self.complete,
        }


class _Scope:
    """What expressions can read: answers that count so far, constants, computed values."""

    def __init__(self, definition: Definition) -> None:
        self.definition = definition
        self.answers: Answers = {}
        self.item: dict[str, Any] | None = None
        self.visible_fields: dict[str, list[str]] = {}
        self._computing: set[str] = set()
        # Computed values are remembered until another answer starts to count; without this a
        # chain of computed values that read each other is evaluated exponentially often.
        self._remembered: dict[str, Any] = {}

    def counts(self, step_answers: dict[str, Any], field_id: str, value: Any) -> None:
        """Record that an answer counts from now on."""
        step_answers[field_id] = value
        self._remembered.clear()

    def lookup(self, name: tuple[str, ...]) -> Any:
        if len(name) == 1:
            return self.named_value(name[0])
        if name[0] == "item":
            return (self.item or {}).get(name[1])
        return self.answers.get(name[0], {}).get(name[1])

    def named_value(self, name: str) -> Any:
        constant = self.definition.constants.get(name)
        if constant is not None:
            return constant.value
        if name not in self.definition.computed or name in self._computing:
            return None  # the loader rejects cycles; this only guards an unchecked definition
        if name in self._remembered:
            return self._remembered[name]
        self._computing.add(name)
        try:
            outer_item, self.item = self.item, None
            value = compiled(self.definition.computed_spec(name).expr).evaluate(self.lookup)
            self._remembered[name] = value
            return value
        finally:
            self.item = outer_item
            self._computing.discard(name)

    def holds(self, source: str | None, item: dict[str, Any] | None = None) -> bool:
        if source is None:
            return True
        outer, self.item = self.item, item if item is not None else self.item
        try:
            return compiled(source).holds(self.lookup)
        finally:
            self.item = outer


def _visible_item(group: FieldSpec, item: Any, scope: _Scope) -> Any:
    """A group item with only its visible sub-fields; sub-fields read earlier ones via `item.`."""
    if not isinstance(item, dict):
        return item
    kept: dict[str, Any] = {}
    for sub in group.fields or []:
        if sub.type in VALUE_LESS or not scope.holds(sub.show_if, kept):
            continue
        value = item.get(sub.id)
        if sub.type == FieldType.group and isinstance(value, list):
            value = [_visible_item(sub, v, scope) for v in value]
        kept[sub.id] = value
    return kept


def _visible_fields(step: Step, raw: dict[str, Any], scope: _Scope) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    scope.answers[step.id] = kept  # fields lower in the step may read the ones above
    shown = scope.visible_fields[step.id] = []
    for f in step.fields:
        if not scope.holds(f.show_if):
            continue
        shown.append(f.id)
        if f.type in VALUE_LESS:
            continue
        value = raw.get(f.id)
        if f.type == FieldType.group and isinstance(value, list):
            value = [_visible_item(f, item, scope) for item in value]
        scope.counts(kept, f.id, value)
    return kept


def _walk(definition: Definition, answers: Answers) -> tuple[list[str], _Scope]:
    scope = _Scope(definition)
    visible: list[str] = []
    for step in definition.steps:
        if not scope.holds(step.show_if):
            continue
        raw = answers.get(step.id)
        _visible_fields(step, raw if isinstance(raw, dict) else {}, scope)
        visible.append(step.id)
    return visible, scope


def _field_errors(f: FieldSpec, value: Any, key: str, scope: _Scope, lang: str,
                  item: dict[str, Any] | None, errors: dict[str, str]) -> None:
    required = f.required or bool(f.min_items) or (
        f.required_if is not None and scope.holds(f.required_if, item)
    )
    problem = check_value(f, value, required, lang)
    if problem:
        errors[key] = problem
        return
    if f.type == FieldType.group and isinstance(value, list):
        for i, entry in enumerate(value):
            for sub in f.fields or []:
                if sub.type in VALUE_LESS or sub.id not in entry:
                    continue
                _field_errors(sub, entry.get(sub.id), f"{key}[{i}].{sub.id}", scope, lang, entry, errors)


def _step_errors(step: Step, scope: _Scope, lang: str, raw: Any) -> dict[str, str]:
    errors: dict[str, str] = {}
    if raw is not None and not isinstance(raw, dict):
        return {f"{step.id}.{step.fields[0].id}": message("answers", lang)}
    kept = scope.answers.get(step.id, {})
    for f in step.fields:
        if f.id in kept:
            _field_errors(f, kept[f.id], f"{step.id}.{f.id}", scope, lang, None, errors)
    for rule in step.rules:
        if not scope.holds(rule.check):
            target = rule.field or next((f.id for f in step.fields if f.id in kept), step.fields[0].id)
            key = f"{step.id}.{target}"
            errors.setdefault(key, local(rule.message, lang))
    return errors


def evaluate(definition: Definition, answers: Answers, lang: str = "en") -> Evaluation:
    """Everything about a set of (possibly partial) answers."""
    # Stored answers that are not a mapping (a damaged or hand-edited file) count as none given.
    answers = answers if isinstance(answers, dict) else {}
    visible, scope = _walk(definition, answers)
    errors: dict[str, str] = {}
    for step_id in visible:
        errors.update(_step_errors(definition.step(step_id), scope, lang, answers.get(step_id)))
    computed = {name: scope.named_value(name) for name in definition.computed}
    return Evaluation(visible_steps=visible, answers=scope.answers, computed=computed, errors=errors,
                      visible_fields=scope.visible_fields)


def next_step(definition: Definition, answers: Answers, step_id: str,
              evaluation: Evaluation | None = None) -> str | None:
    """The visible step after `step_id` (None after the last: time for the review screen)."""
    # A caller that has just evaluated these answers passes the result, to avoid evaluating twice.
    visible = (evaluation or evaluate(definition, answers)).visible_steps
    order = definition.step_ids()
    here = order.index(step_id)
    return next((s for s in visible if order.index(s) > here), None)


def previous_step(definition: Definition, answers: Answers, step_id: str,
                  evaluation: Evaluation | None = None) -> str | None:
    # A caller that has just evaluated these answers passes the result, to avoid evaluating twice.
    visible = (evaluation or evaluate(definition, answers)).visible_steps
    order = definition.step_ids()
    here = order.index(step_id)
    earlier = [s for s in visible if order.index(s) < here]
    return earlier[-1] if earlier else None


def resolve_step(definition: Definition, answers: Answers, wanted: str | None,
                 evaluation: Evaluation | None = None) -> str:
    """The step to show when `wanted` is asked for: itself when visible; when it has become hidden
    (an earlier answer changed), the next visible step after it; the first step by default."""
    # A caller that has just evaluated these answers passes the result, to avoid evaluating twice.
    visible = (evaluation or evaluate(definition, answers)).visible_steps
    if wanted in visible:
        return wanted
    order = definition.step_ids()
    if wanted in order:
        here = order.index(wanted)
        later = [s for s in visible if order.index(s) > here]
        if later:
            return later[0]
        return visible[-1]
    return visible[0]


def first_incomplete_step(evaluation: Evaluation) -> str | None:
    """Where a person resubmitting must go back to: the first visible step with a problem."""
    for step_id in evaluation.visible_steps:
        if evaluation.step_errors(step_id):
            return step_id
    return None


__all__ = [
    "Answers",
    "Evaluation",
    "evaluate",
    "first_incomplete_step",
    "next_step",
    "previous_step",
    "required_message",
    "resolve_step",
]
