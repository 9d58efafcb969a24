"""Answers as a person reads them: labels instead of ids, "Yes"/"No"/"Not answered", choice
labels, every option of a checklist with its box ticked or not. The review screen and the PDF
templates both read this, so they show the same thing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from workflows.engine import Evaluation, compiled
from workflows.model import VALUE_LESS, Definition, FieldSpec, FieldType, local

YES_NO = {
    True: {"en": "Yes", "es": "Sí"},
    False: {"en": "No", "es": "No"},
    None: {"en": "Not answered", "es": "Sin respuesta"},
}


@dataclass
class PresentedField:
    id: str
    type: str
    label: str
    display: str
    """The answer as one line of text ("" when there is none)."""
    value: Any
    options: list[tuple[str, bool]] = field(default_factory=list)
    """Every option with whether it is chosen, for boxes drawn on paper."""
    option_values: list[Any] = field(default_factory=list)
    """The stored value of each option, in the same order as `options`: lets a form print the
    details that belong to one chosen option (e.g. what a numbered remedy needs)."""
    items: list[list[PresentedField]] = field(default_factory=list)
    """A repeating group's entries, each a list of its sub-fields."""
    item_label: str = ""


@dataclass
class PresentedStep:
    id: str
    title: str
    number: int
    fields: list[PresentedField]

    def get(self, field_id: str) -> PresentedField | None:
        return next((f for f in self.fields if f.id == field_id), None)


def yes_no(value: Any, lang: str = "en") -> str:
    return local(YES_NO.get(value if isinstance(value, bool) else None), lang)


def present_field(spec: FieldSpec, value: Any, lang: str = "en") -> PresentedField:
    label = local(spec.label, lang)
    options: list[tuple[str, bool]] = []
    option_values: list[Any] = []
    items: list[list[PresentedField]] = []
    if spec.type == FieldType.yesno:
        display = yes_no(value, lang)
        options = [(local(YES_NO[True], lang), value is True), (local(YES_NO[False], lang), value is False)]
        option_values = [True, False]
    elif spec.type == FieldType.choice:
        display = spec.choice_label(value, lang) if value else ""
        options = [(local(c.label, lang), c.value == value) for c in spec.choices or []]
        option_values = [c.value for c in spec.choices or []]
    elif spec.type == FieldType.multi_choice:
        chosen = value if isinstance(value, list) else []
        options = [(local(c.label, lang), c.value in chosen) for c in spec.choices or []]
        option_values = [c.value for c in spec.choices or []]
        display = "; ".join(lbl for lbl, ticked in options if ticked)
    elif spec.type == FieldType.group:
        for entry in value if isinstance(value, list) else []:
            items.append([
                present_field(sub, entry.get(sub.id), lang)
                for sub in spec.fields or []
                if sub.type not in VALUE_LESS and sub.id in entry
            ])
        display = str(len(items))
    elif spec.type == FieldType.number and isinstance(value, float) and value.is_integer():
        display = str(int(value))
    else:
        display = "" if value is None else str(value)
    return PresentedField(
        id=spec.id, type=str(spec.type), label=label, display=display, value=value,
        options=options, option_values=option_values, items=items, item_label=local(spec.item_label, lang),
    )


def present(definition: Definition, evaluation: Evaluation, lang: str = "en") -> list[PresentedStep]:
    """The visible steps, numbered from 1, with their visible fields."""
    out: list[PresentedStep] = []
    for number, step_id in enumerate(evaluation.visible_steps, start=1):
        step = definition.step(step_id)
        answers = evaluation.answers.get(step_id, {})
        fields = [present_field(f, answers.get(f.id), lang) for f in step.fields if f.id in answers]
        out.append(PresentedStep(id=step_id, title=local(step.title, lang), number=number, fields=fields))
    return out


@dataclass(frozen=True)
class PresentedResult:
    """A labelled computed value as a person reads it ("what the answers mean")."""

    name: str
    label: str
    display: str
    cite: str | None = None


def answers_read(definition: Definition, name: str) -> frozenset[tuple[str, str]]:
    """The answers (`step`, `field`) a computed value reads, directly or through other computed
    values; constants are not answers."""
    found: set[tuple[str, str]] = set()
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen or current not in definition.computed:
            continue
        seen.add(current)
        for dotted in compiled(definition.computed_spec(current).expr).names:
            if len(dotted) == 2 and dotted[0] != "item":
                found.add((dotted[0], dotted[1]))
            elif len(dotted) == 1:
                pending.append(dotted[0])
    return frozenset(found)


def _answered(value: Any) -> bool:
    # A list (a group, a checklist) on a visible step is an answer even when empty: "none".
    return value is not None and value != ""


def speaks_to_the_answers(definition: Definition, evaluation: Evaluation, name: str) -> bool:
    """Whether a computed value says something about these answers.

    Left out: a value that reads a step that is not shown (a lethality result when the screen was
    skipped, an adult's adjustment limits), because a hidden step's answers do not count and the
    value would state a result about questions nobody was asked; and a value whose answers are all
    unanswered, which only repeats its expression's fallback ("Follow-up added: meeting at school"
    beside "Follow-up due: —" when no follow-up was chosen). A value that reads only constants
    (how long an order lasts) always speaks."""
    read = answers_read(definition, name)
    if any(step not in evaluation.visible_steps for step, _ in read):
        return False
    return not read or any(_answered(evaluation.answers.get(step, {}).get(f)) for step, f in read)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def computed_display(definition: Definition, name: str, value: Any, lang: str = "en",
                     names: Mapping[str, str] | None = None) -> str:
    """A computed value as text: "Yes"/"No", a code by its wording in the definition's `values`
    (or by the app's name for it, e.g. a resource of the directory), a list one item after
    another."""
    if isinstance(value, bool):
        return yes_no(value, lang)
    if isinstance(value, list):
        return "; ".join(computed_display(definition, name, item, lang, names) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        wording = definition.computed_spec(name).values.get(value)
        if wording:
            return local(wording, lang)
        return (names or {}).get(value, value)
    return "" if value is None else str(value)


def present_results(definition: Definition, evaluation: Evaluation, lang: str = "en",
                    names: Mapping[str, str] | None = None) -> list[PresentedResult]:
    """The labelled computed values that say something about these answers, in definition order.
    A value that is empty (null, an empty list) says nothing and is left out too."""
    out: list[PresentedResult] = []
    for name, value in evaluation.computed.items():
        spec = definition.computed_spec(name)
        if not spec.label or _empty(value) or not speaks_to_the_answers(definition, evaluation, name):
            continue
        out.append(PresentedResult(name=name, label=local(spec.label, lang),
                                   display=computed_display(definition, name, value, lang, names), cite=spec.cite))
    return out


@dataclass(frozen=True)
class DocumentMeta:
    """What a PDF footer and header need to know about the stored document."""

    id: str
    created_at: str
    workflow_version: int
    submitted_at: str | None = None
    revision: int = 1
    case_id: str | None = None


def client_view(definition: Definition, evaluation: Evaluation) -> Evaluation:
    """Only what the person may read: the fields and computed values marked `client_facing`, on the
    steps that count. A client document gets nothing else, so no template can print a screen's
    questions or results by looping over what it was given."""
    answers = {
        step_id: {f.id: step_answers[f.id] for f in definition.step(step_id).fields
                  if f.client_facing and f.id in step_answers}
        for step_id, step_answers in evaluation.answers.items()
    }
    answers = {step_id: kept for step_id, kept in answers.items() if kept}
    return Evaluation(
        visible_steps=[s for s in evaluation.visible_steps if s in answers],
        answers=answers,
        computed={k: v for k, v in evaluation.computed.items() if definition.computed_spec(k).client_facing},
        errors={},
        visible_fields={s: [f for f in fields if f in answers.get(s, {})]
                        for s, fields in evaluation.visible_fields.items() if s in answers},
    )


def document_context(definition: Definition, evaluation: Evaluation, meta: DocumentMeta,
                     document_id: str, training: bool = False, lang: str = "en") -> dict[str, Any]:
    """Everything a PDF template may read. Only answers that count are in it, and for a client
    document (`audience: client`) only what is marked client-facing. `lang` is the language it is
    printed in (English unless the caller asks for another the document offers)."""
    spec = next(d for d in definition.documents if d.id == document_id)
    if spec.audience == "client":
        evaluation = client_view(definition, evaluation)
    sections = present(definition, evaluation, lang)
    return {
        "title": local(spec.title, lang),
        "workflow_title": local(definition.title, lang),
        "doc": meta,
        "answers": evaluation.answers,
        "computed": evaluation.computed,
        "constants": {k: c.value for k, c in definition.constants.items()},
        "computed_labels": {
            k: local(definition.computed_spec(k).label, lang) or k for k in evaluation.computed
        },
        "texts": {name: local(text, lang) for name, text in spec.texts.items()},
        "sections": sections,
        "section": {s.id: s for s in sections},
        "training": training,
        "lang": lang,
    }
