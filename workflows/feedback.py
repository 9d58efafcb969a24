"""Grading a training submission against its scenario's answer key: pure functions, no UI.

`grade` runs the engine on the submitted answers and compares, entry by entry, what counts (the
visible answers and the computed values) with the key. The same comparison (`answers_match`) is
what `python -m workflows check` uses to prove a key against the scenario's model answers, so a key
that passes the check grades a careful worker's answers at 100.

How answers compare:
- a field on a hidden step, or hidden by its condition, counts as not answered (the engine drops it);
- "not answered" matches an expected `null` (and an empty text or list);
- yes/no answers compare as booleans only (yes is not the number 1);
- numbers compare by value (5 matches 5.0);
- texts compare ignoring case and runs of spaces;
- lists (checklists, computed lists) compare as sets; with `match: includes` the answer must
  contain every expected value and may contain more;
- an entry's `accept` lists other values that also count as right (e.g. "Spanish" or "Español").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from workflows.engine import Evaluation, evaluate
from workflows.model import VALUE_LESS, Definition, FieldSpec, FieldType, local
from workflows.presentation import yes_no
from workflows.validation import is_empty

if TYPE_CHECKING:
    from workflows.scenarios import ExpectedAnswer, Scenario

NOTHING = {"en": "—", "es": "—"}
AT_LEAST = {"en": "At least: {values}", "es": "Al menos: {values}"}


class FeedbackItem(BaseModel):
    key: str
    label: str
    """The question's label (or the computed value's label) in the grading language."""
    step_id: str | None
    """The step the field is on; None for a computed value."""
    expected: str
    given: str
    matched: bool
    why: str
    weight: int


class Feedback(BaseModel):
    items: list[FeedbackItem]
    """In the order of the workflow's steps and fields; computed values last, in definition order."""
    score: int
    """0–100: the weighted share of matched items, rounded."""
    matched: int
    missed: int


class UnknownKey(KeyError):
    """A key names neither a field (`step.field`) nor a computed value of the workflow."""


def key_target(definition: Definition, key: str) -> tuple[str | None, FieldSpec | None]:
    """(step id, field) for a `step.field` key; (None, None) for a computed value.

    Raises UnknownKey (with a plain-language reason) for anything else, including a read-only
    instruction or a repeating group, which hold no single comparable answer."""
    if "." not in key:
        if key in definition.computed:
            return None, None
        names = ", ".join(definition.computed) or "none"
        raise UnknownKey(f"{key!r} is not a computed value of {definition.id} (they are: {names}); "
                         "a field is named `step.field`")
    step_id, _, field_id = key.partition(".")
    if step_id not in definition.step_ids():
        raise UnknownKey(f"{definition.id} has no step {step_id!r} (steps: {', '.join(definition.step_ids())})")
    spec = definition.step(step_id).field(field_id)
    if spec is None:
        raise UnknownKey(f"step {step_id!r} of {definition.id} has no field {field_id!r}")
    if spec.type in VALUE_LESS:
        raise UnknownKey(f"{key} is read-only text, not a question: it has no answer to check")
    if spec.type == FieldType.group:
        raise UnknownKey(f"{key} is a repeating group; key a computed value that counts or reads its entries")
    return step_id, spec


def value_at(evaluation: Evaluation, key: str) -> Any:
    """What counts for a key: a visible answer (None when hidden or unanswered) or a computed value."""
    if "." not in key:
        return evaluation.computed.get(key)
    step_id, _, field_id = key.partition(".")
    return evaluation.answers.get(step_id, {}).get(field_id)


def _text(value: str) -> str:
    return " ".join(value.split()).casefold()


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _as_set(values: list[Any]) -> set[Any] | None:
    try:
        return {_text(v) if isinstance(v, str) else v for v in values}
    except TypeError:  # unhashable entries (group items): no set comparison
        return None


def _same(expected: Any, given: Any, includes: bool) -> bool:
    if is_empty(expected) or is_empty(given):
        return is_empty(expected) and is_empty(given)
    if isinstance(expected, bool) or isinstance(given, bool):
        return isinstance(expected, bool) and isinstance(given, bool) and expected is given
    if _is_number(expected) and _is_number(given):
        return float(expected) == float(given)
    if isinstance(expected, list) and isinstance(given, list):
        want, have = _as_set(expected), _as_set(given)
        if want is None or have is None:
            return bool(expected == given)
        return want <= have if includes else want == have
    if isinstance(expected, str) and isinstance(given, str):
        return _text(expected) == _text(given)
    return bool(expected == given)


def answers_match(entry: ExpectedAnswer, given: Any) -> bool:
    """Whether `given` satisfies a key entry: its value or any of its `accept` values."""
    includes = entry.match == "includes"
    return any(_same(candidate, given, includes) for candidate in [entry.value, *entry.accept])


def display_value(value: Any, spec: FieldSpec | None, lang: str = "en",
                  codes: Mapping[str, Mapping[Any, str]] | None = None) -> str:
    """A value as a person reads it: choice labels, "Yes"/"No", "Not answered"; a computed value's
    codes by the wording its definition gives them (`codes`, its `values`)."""
    if is_empty(value):
        return yes_no(None, lang) if spec is not None else local(NOTHING, lang)
    if isinstance(value, bool):
        return yes_no(value, lang)
    if codes and isinstance(value, str) and value in codes:
        return local(codes[value], lang)
    if spec is not None and spec.type == FieldType.choice:
        return spec.choice_label(value, lang)
    if isinstance(value, list):
        if spec is not None and spec.type == FieldType.multi_choice:
            order = [c.value for c in spec.choices or []]
            chosen = sorted(value, key=lambda v: order.index(v) if v in order else len(order))
            return "; ".join(spec.choice_label(v, lang) for v in chosen)
        return ", ".join(display_value(v, None, lang, codes) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def expected_text(entry: ExpectedAnswer, spec: FieldSpec | None, lang: str = "en",
                  codes: Mapping[str, Mapping[Any, str]] | None = None) -> str:
    text = display_value(entry.value, spec, lang, codes)
    if entry.match == "includes" and not is_empty(entry.value):
        return local(AT_LEAST, lang).format(values=text)
    return text


def _label(definition: Definition, key: str, spec: FieldSpec | None, lang: str) -> str:
    if spec is not None:
        return local(spec.label, lang) or key
    return local(definition.computed_spec(key).label, lang) or key


def _order(definition: Definition, key: str) -> tuple[int, int]:
    """Steps in definition order, fields in step order, computed values after every step."""
    if "." not in key:
        return len(definition.steps), list(definition.computed).index(key)
    step_id, _, field_id = key.partition(".")
    step = definition.step(step_id)
    return definition.step_ids().index(step_id), [f.id for f in step.fields].index(field_id)


def grade(scenario: Scenario, definition: Definition, answers: dict[str, Any], lang: str = "en") -> Feedback:
    """Compare submitted answers with the scenario's key (the key was checked when it loaded)."""
    evaluation = evaluate(definition, answers if isinstance(answers, dict) else {}, lang)
    items: list[FeedbackItem] = []
    for entry in sorted(scenario.key, key=lambda e: _order(definition, e.key)):
        step_id, spec = key_target(definition, entry.key)
        given = value_at(evaluation, entry.key)
        codes = definition.computed_spec(entry.key).values if spec is None else None
        items.append(FeedbackItem(
            key=entry.key, label=_label(definition, entry.key, spec, lang), step_id=step_id,
            expected=expected_text(entry, spec, lang, codes), given=display_value(given, spec, lang, codes),
            matched=answers_match(entry, given), why=local(entry.why, lang), weight=entry.weight,
        ))
    total = sum(item.weight for item in items)
    earned = sum(item.weight for item in items if item.matched)
    matched = sum(1 for item in items if item.matched)
    # Half up (87.5 is 88), not Python's round-half-to-even, which a person would call a mistake.
    score = (200 * earned + total) // (2 * total) if total else 100
    return Feedback(items=items, score=score,
                    matched=matched, missed=len(items) - matched)
