"""Cross-reference checks run when a definition loads, so that a typo fails `python -m workflows
check` instead of a client's session: every expression parses, every name it reads exists, a step's
condition reads only earlier steps, computed values have no cycles, templates exist, and a workflow
offered in Spanish has Spanish for every text."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from workflows.expressions import Expression, ExpressionError, parse
from workflows.information import SharingRules
from workflows.model import Definition, DocumentSpec, FieldSpec, FieldType, Step
from workflows.prefill import CASE_TYPES, CASE_UPDATES, prefill_problem

ITEM = "item"  # inside a repeating group, `item.x` is the sibling sub-field x of the same item


def check_definition(definition: Definition, templates_dir: Path | None,
                     sharing: SharingRules | None = None) -> list[str]:
    """`sharing`: the information categories to check `contains` and `referral_shares` against
    (None for a snapshot of an older version, which was checked when it was current)."""
    problems: list[str] = []
    order = {s.id: i for i, s in enumerate(definition.steps)}
    computed_steps = _computed_dependencies(definition, problems)

    def read(source: str | None, place: str, step_index: int | None, group: FieldSpec | None,
             strictly_before: bool) -> None:
        """Parse `source` and check its names; `step_index` limits which steps it may read."""
        if source is None:
            return
        try:
            expr = parse(source)
        except ExpressionError as exc:
            problems.append(f"{place}: {exc}")
            return
        for lst, sub in sorted(expr.field_refs):
            problem = _sub_field_problem(definition, lst, sub, group)
            if problem:
                problems.append(f"{place}: {problem}")
        for name in sorted(expr.names):
            problem = _name_problem(definition, name, group)
            if problem:
                problems.append(f"{place}: {problem}")
                continue
            if step_index is None:
                continue
            steps_read = _steps_read(name, computed_steps)
            for step_id in steps_read:
                later = order[step_id] >= step_index if strictly_before else order[step_id] > step_index
                if later:
                    problems.append(
                        f"{place}: reads {'.'.join(name)!r}, which depends on step {step_id!r}; "
                        "a condition can only depend on earlier steps"
                    )

    for name in definition.computed:
        read(definition.computed_spec(name).expr, f"computed.{name}", None, None, False)
        problems.extend(_value_wording_problems(definition, name))
    for index, step in enumerate(definition.steps):
        place = f"steps[{step.id}]"
        read(step.show_if, f"{place}.show_if", index, None, True)
        for field in step.fields:
            _check_field(field, f"{place}.fields[{field.id}]", index, None, read)
        for r, rule in enumerate(step.rules):
            read(rule.check, f"{place}.rules[{r}].check", None, None, False)
            if rule.field is not None and step.field(rule.field) is None:
                problems.append(f"{place}.rules[{r}].field: no field {rule.field!r} in this step")
        problems.extend(_same_step_order(step, place))
    problems.extend(_prefill_problems(definition))
    for flag, name in definition.case_updates.items():
        if flag not in CASE_UPDATES:
            problems.append(f"case_updates.{flag}: unknown case flag; the flags are: {', '.join(sorted(CASE_UPDATES))}")
        if name not in definition.computed:
            problems.append(f"case_updates.{flag}: {name!r} is not a computed value of this workflow")
    if definition.kiosk is not None:
        if "kiosk" not in definition.audience:
            problems.append("kiosk: only a workflow with `audience: [kiosk]` runs at the kiosk")
        urgent = definition.kiosk.urgent
        if urgent is not None and urgent not in definition.computed:
            problems.append(f"kiosk.urgent: {urgent!r} is not a computed value of this workflow")
    elif "kiosk" in definition.audience:
        problems.append("kiosk: a kiosk workflow needs a `kiosk:` block (at least `finish:`, the thank-you text)")
    for kind in definition.case_types:
        if kind not in CASE_TYPES:
            problems.append(f"case_types: unknown case type {kind!r}; the case types are: {', '.join(CASE_TYPES)}")
    for doc in definition.documents:
        if templates_dir is not None and not (templates_dir / doc.template).is_file():
            problems.append(f"documents[{doc.id}].template: no template {doc.template!r} in forms/templates/")
        problems.extend(_document_language_problems(definition, doc))
    problems.extend(_client_facing_problems(definition))
    if "es" in definition.languages or "kiosk" in definition.audience:
        problems.extend(f"{place}: no Spanish text (`es`)" for place in _missing_spanish(definition, ""))
    if sharing is not None:
        problems.extend(_sharing_problems(definition, sharing))
    return problems


def _sharing_problems(definition: Definition, sharing: SharingRules) -> list[str]:
    """Every document says what it contains, and an automatic referral what it shares, in known
    categories: an undeclared document could never be released, a typo would release the wrong thing."""
    known = ", ".join(c.id for c in sharing.categories)
    problems = []
    declared = [(f"documents[{doc.id}].contains", doc.contains) for doc in definition.documents]
    declared.append(("referral_shares", definition.referral_shares))
    for place, ids in declared:
        problems += [f"{place}: unknown category {i!r}; the categories (information_sharing.yaml) are: {known}"
                     for i in ids if sharing.category(i) is None]
    problems += [f"documents[{doc.id}].contains: say which kinds of client information the document holds "
                 "(categories of information_sharing.yaml), or it can never be released"
                 for doc in definition.documents if not doc.contains]
    if "referral_resources" in definition.case_updates and not definition.referral_shares:
        problems.append("referral_shares: say what an automatic referral (case_updates.referral_resources) would "
                        "tell the provider (categories of information_sharing.yaml)")
    return problems


def _document_language_problems(definition: Definition, doc: DocumentSpec) -> list[str]:
    """A document offered in Spanish needs Spanish for everything it prints from the definition: a
    client document its own texts and the client-facing fields and values (all it receives); a
    staff document every question, so the whole workflow must be offered in Spanish."""
    if "es" not in doc.languages:
        return []
    place = f"documents[{doc.id}]"
    if doc.audience == "staff" and "es" not in definition.languages:
        return [f"{place}.languages: a staff document prints every question; offer the workflow in Spanish "
                "(`languages: [en, es]`) or make this a client document (`audience: client`)"]
    missing = list(_missing_spanish(doc, place))
    if doc.audience == "client":
        for step in definition.steps:
            shown = [f for f in step.fields if f.client_facing]
            if shown and not str(step.title.get("es", "")).strip():
                missing.append(f"steps[{step.id}].title")
            for field in shown:
                missing.extend(_missing_spanish(field, f"steps[{step.id}].fields[{field.id}]"))
        for name in definition.computed:
            spec = definition.computed_spec(name)
            if spec.client_facing and spec.label is not None:
                missing.extend(_missing_spanish(spec, f"computed.{name}"))
    return [f"{p}: {place} is printed in Spanish, so this needs its Spanish text (`es`)" for p in missing]


def _client_facing_problems(definition: Definition) -> list[str]:
    """`client_facing` goes on a step's field (a group's sub-fields go with their group)."""
    problems = []
    for step in definition.steps:
        for field in step.fields:
            for sub_place, sub in _sub_fields(field, f"steps[{step.id}].fields[{field.id}]"):
                if sub.client_facing:
                    problems.append(f"{sub_place}.client_facing: mark the group itself; its sub-fields go with it")
    return problems


def _value_wording_problems(definition: Definition, name: str) -> list[str]:
    """A wording under `values` must be for a text the expression can give: a misspelt code would
    otherwise leave the code itself on the review screen."""
    spec = definition.computed_spec(name)
    if not spec.values:
        return []
    try:
        tree = parse(spec.expr).tree
    except ExpressionError:
        return []  # reported where the expression is read
    texts = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    return [f"computed.{name}.values.{code}: the expression never gives the text {code!r}"
            for code in spec.values if code not in texts]


def _prefill_problems(definition: Definition) -> list[str]:
    problems = []
    for step in definition.steps:
        for field in step.fields:
            place = f"steps[{step.id}].fields[{field.id}]"
            if field.prefill is not None and (problem := prefill_problem(field.type, field.prefill)):
                problems.append(f"{place}.prefill: {problem}")
            # Prefill fills a step's own fields only: inside a group it would be silently ignored.
            for sub_place, sub in _sub_fields(field, place):
                if sub.prefill is not None:
                    problems.append(f"{sub_place}.prefill: a field inside a repeating group cannot be prefilled "
                                    "(no entry exists when the workflow starts); prefill a field of the step instead")
    return problems


def _sub_fields(field: FieldSpec, place: str) -> Iterator[tuple[str, FieldSpec]]:
    for sub in field.fields or []:
        sub_place = f"{place}.fields[{sub.id}]"
        yield sub_place, sub
        yield from _sub_fields(sub, sub_place)


def _check_field(field: FieldSpec, place: str, index: int, group: FieldSpec | None, read: Any) -> None:
    read(field.show_if, f"{place}.show_if", index, group, False)
    read(field.required_if, f"{place}.required_if", index, group, False)
    for sub in field.fields or []:
        _check_field(sub, f"{place}.fields[{sub.id}]", index, field, read)


def _name_problem(definition: Definition, name: tuple[str, ...], group: FieldSpec | None) -> str | None:
    dotted = ".".join(name)
    if len(name) == 1:
        if name[0] in definition.computed or name[0] in definition.constants:
            return None
        return f"unknown name {dotted!r} (not a computed value or constant)"
    if len(name) == 2 and name[0] == ITEM:
        if group is None:
            return f"{dotted!r}: `item.` can only be used inside a repeating group"
        if not any(f.id == name[1] for f in group.fields or []):
            return f"unknown name {dotted!r}: the group {group.id!r} has no field {name[1]!r}"
        return None
    if len(name) == 2:
        try:
            step = definition.step(name[0])
        except KeyError:
            return f"unknown name {dotted!r}: there is no step {name[0]!r}"
        if step.field(name[1]) is None:
            return f"unknown name {dotted!r}: step {name[0]!r} has no field {name[1]!r}"
        return None
    return f"unknown name {dotted!r}: names are `step.field`, `item.field` or a computed value"


def _sub_field_problem(definition: Definition, lst: tuple[str, ...], sub: str,
                       group: FieldSpec | None) -> str | None:
    """A sub-field named as text in a list function (`count_where(history.prior, 'type', ...)`) must
    be a sub-field of that repeating group. Lists that are not a plain `step.field` / `item.field`
    (a computed value, a literal) cannot be checked here."""
    target: FieldSpec | None = None
    if len(lst) == 2 and lst[0] == ITEM:
        target = next((f for f in (group.fields or []) if f.id == lst[1]), None) if group else None
    elif len(lst) == 2:
        try:
            target = definition.step(lst[0]).field(lst[1])
        except KeyError:
            target = None
    if target is None:
        return None  # an unknown name is reported once, by the name check
    dotted = ".".join(lst)
    if target.type != FieldType.group:
        return f"{dotted!r} is not a repeating group, so it has no sub-field {sub!r}"
    if not any(f.id == sub for f in target.fields or []):
        return f"unknown sub-field {sub!r}: the group {dotted!r} has no field {sub!r}"
    return None


def _steps_read(name: tuple[str, ...], computed_steps: dict[str, set[str]]) -> set[str]:
    if len(name) == 2 and name[0] != ITEM:
        return {name[0]}
    if len(name) == 1:
        return computed_steps.get(name[0], set())
    return set()


def _computed_dependencies(definition: Definition, problems: list[str]) -> dict[str, set[str]]:
    """For each computed value, the steps it reads (through other computed values too)."""
    direct: dict[str, set[tuple[str, ...]]] = {}
    for name in definition.computed:
        try:
            direct[name] = set(parse(definition.computed_spec(name).expr).names)
        except ExpressionError:
            direct[name] = set()  # reported by the caller
    resolved: dict[str, set[str]] = {}

    def visit(name: str, trail: tuple[str, ...]) -> set[str]:
        if name in resolved:
            return resolved[name]
        if name in trail:
            cycle = " -> ".join((*trail[trail.index(name):], name))
            problems.append(f"computed.{name}: computed values depend on each other in a circle: {cycle}")
            return set()
        steps: set[str] = set()
        for dep in direct.get(name, set()):
            if len(dep) == 2 and dep[0] != ITEM:
                steps.add(dep[0])
            elif len(dep) == 1 and dep[0] in direct:
                steps |= visit(dep[0], (*trail, name))
        resolved[name] = steps
        return steps

    for name in direct:
        visit(name, ())
    return resolved


def _same_step_order(step: Step, place: str) -> list[str]:
    """Within a step a field's condition may read only fields above it."""
    problems = []
    seen: set[str] = set()
    for field in step.fields:
        for key, source in (("show_if", field.show_if), ("required_if", field.required_if)):
            if source is None:
                continue
            try:
                expr: Expression = parse(source)
            except ExpressionError:
                continue
            for name in expr.names:
                # Names that are not fields of this step at all are reported once, as unknown names,
                # not again as "below it".
                if (len(name) == 2 and name[0] == step.id and name[1] not in seen and name[1] != field.id
                        and step.field(name[1]) is not None):
                    problems.append(
                        # The key is named too (`fields[x].show_if`), like every other check.
                        f"{place}.fields[{field.id}].{key}: reads {'.'.join(name)!r}, which is below it; "
                        "a field's condition can only read fields above it"
                    )
        seen.add(field.id)
    return problems


def _missing_spanish(node: Any, place: str) -> Iterator[str]:
    if isinstance(node, dict) and "en" in node and all(k in ("en", "es") for k in node):
        if not str(node.get("es", "")).strip():
            yield place  # a text: {en: ..., es: ...}
    elif isinstance(node, BaseModel):
        for key in type(node).model_fields:
            yield from _missing_spanish(getattr(node, key), f"{place}.{key}" if place else key)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            label = getattr(item, "id", i)
            yield from _missing_spanish(item, f"{place}[{label}]")
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _missing_spanish(value, f"{place}.{key}")
