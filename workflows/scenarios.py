"""Training scenarios: the format of workflows/scenarios/*.yaml, loading them, and checking each
against its workflow definition.

A scenario is a fictional client's story, the workflow to practise on it, an answer key (what the
fields and computed outcomes that matter should come to, each with the reason), and the complete
model answers a careful worker would give. Loading a scenario proves its key: the engine runs on
the model answers, which must complete the workflow, and every key entry must match what they
give. So when a supervisor changes a rule in a definition, `python -m workflows check` names the
scenarios that no longer fit. See docs/training.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from workflows.engine import evaluate
from workflows.feedback import UnknownKey, answers_match, display_value, key_target, value_at
from workflows.loader import (
    Catalogue,
    DefinitionError,
    UnreadableInput,
    load_directory,
    parse_checked,
    raise_problems,
    read_source,
)
from workflows.model import CHOICE_TYPES, VALUE_LESS, Definition, FieldSpec, FieldType, Identifier, LocalText, local
from workflows.validation import check_value

SCENARIOS_DIR = Path(__file__).parent / "scenarios"
DIFFICULTIES = ("starter", "intermediate", "advanced")
KEY_NAME = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExpectedAnswer(_Strict):
    """One entry of the answer key."""

    key: Annotated[str, Field(pattern=KEY_NAME)] = Field(
        description="`step.field` for a question, or the name of a computed value")
    value: Any = Field(description="the expected value: true/false, a choice value, an ISO date, a list for a "
                       "checklist; null means the question should stay unanswered or hidden")
    why: LocalText = Field(description="the reason, shown in the feedback; cite the statute or protocol")
    weight: Annotated[int, Field(ge=1, le=10)] = 1
    match: Literal["exact", "includes"] = Field(
        default="exact", description="for lists: `includes` accepts an answer with every expected value and more")
    accept: list[Any] = Field(default=[], description="other values that also count as right")


class Scenario(_Strict):
    id: Identifier
    workflow: Identifier
    title: LocalText
    summary: LocalText = Field(description="one line, for lists")
    story: LocalText = Field(description="the whole story; paragraphs separated by a blank line")
    difficulty: Literal["starter", "intermediate", "advanced"]
    skills: Annotated[list[LocalText], Field(min_length=1)]
    key: Annotated[list[ExpectedAnswer], Field(min_length=1, max_length=20)]
    model_answers: dict[Identifier, dict[Identifier, Any]]

    @model_validator(mode="after")
    def _one_entry_per_key(self) -> Scenario:
        names = [entry.key for entry in self.key]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"the key names {', '.join(twice)} more than once")
        return self

    def paragraphs(self, lang: str = "en") -> list[str]:
        """The story split at blank lines, for pages that show it paragraph by paragraph."""
        text = local(self.story, lang)
        return [p.strip() for p in text.split("\n\n") if p.strip()]


@dataclass(frozen=True)
class ScenarioLibrary:
    """Every scenario, by id, in a stable order: by workflow, then difficulty, then id."""

    scenarios: dict[str, Scenario] = field(default_factory=dict)

    def get(self, scenario_id: str) -> Scenario:
        return self.scenarios[scenario_id]

    def for_workflow(self, workflow_id: str) -> list[Scenario]:
        return [s for s in self if s.workflow == workflow_id]

    def __iter__(self) -> Iterator[Scenario]:
        return iter(self.scenarios.values())

    def __contains__(self, scenario_id: object) -> bool:
        return scenario_id in self.scenarios

    def __len__(self) -> int:
        return len(self.scenarios)


# --- checks against the definition ------------------------------------------------------------------

def _texts(scenario: Scenario) -> list[tuple[str, dict[Any, str]]]:
    texts: list[tuple[str, dict[Any, str]]] = [
        ("title", scenario.title), ("summary", scenario.summary), ("story", scenario.story)]
    texts += [(f"skills[{i}]", s) for i, s in enumerate(scenario.skills)]
    texts += [(f"key[{e.key}].why", e.why) for e in scenario.key]
    return texts


def _text_problems(scenario: Scenario, definition: Definition) -> list[str]:
    problems = [f"{place}: the {lang!r} text is empty"
                for place, text in _texts(scenario) for lang, value in text.items() if not value.strip()]
    if "es" in definition.languages:
        # A walk-in chooses Spanish first; the list of scenarios an intern picks from follows them.
        problems += [f"{place}: {definition.id} is offered in Spanish, so this needs its Spanish text under `es`"
                     for place, text in (("title", scenario.title), ("summary", scenario.summary))
                     if not text.get("es", "").strip()]
    return problems


def _answer_problems(scenario: Scenario, definition: Definition) -> list[str]:
    problems = []
    steps = definition.step_ids()
    for step_id, answers in scenario.model_answers.items():
        if step_id not in steps:
            problems.append(f"model_answers.{step_id}: {definition.id} has no step {step_id!r}")
            continue
        step = definition.step(step_id)
        for field_id in answers:
            spec = step.field(field_id)
            if spec is None:
                problems.append(f"model_answers.{step_id}.{field_id}: step {step_id!r} has no field {field_id!r}")
            elif spec.type in VALUE_LESS:
                problems.append(f"model_answers.{step_id}.{field_id}: read-only text takes no answer")
    return problems


def _value_problem(spec: FieldSpec, value: Any) -> str | None:
    """Why an expected value could never be an answer to the field, in plain words (None if it can)."""
    if value is None:
        return None
    if spec.type in CHOICE_TYPES:
        values = [c.value for c in spec.choices or []]
        wrong = [v for v in (value if isinstance(value, list) else [value]) if v not in values]
        if spec.type == FieldType.multi_choice and not isinstance(value, list):
            return f"a checklist's expected value is a list of choice values, e.g. [{values[0]}]"
        if spec.type == FieldType.choice and isinstance(value, list):
            return f"a single choice expects one value, one of: {', '.join(values)}"
        if any(isinstance(v, bool) for v in wrong):
            # YAML reads an unquoted yes/no as true/false; the choice value is the text.
            return f'write a choice value in quotes, e.g. "yes" or "no" (choices: {", ".join(values)})'
        if wrong:
            return f"{', '.join(map(str, wrong))} is not a choice of this field (choices: {', '.join(values)})"
        return None
    if spec.type == FieldType.yesno and not isinstance(value, bool):
        return "a yes/no question expects true or false"
    return check_value(spec, value, required=False)


def _key_problems(scenario: Scenario, definition: Definition) -> list[str]:
    problems: list[str] = []
    evaluation = evaluate(definition, scenario.model_answers)
    if not evaluation.complete:
        problems += [f"model_answers.{where}: the model answers must complete the workflow, but: {problem}"
                     for where, problem in evaluation.errors.items()]
    for entry in scenario.key:
        place = f"key[{entry.key}]"
        try:
            _, spec = key_target(definition, entry.key)
        except UnknownKey as exc:
            problems.append(f"{place}: {exc.args[0]}")
            continue
        if spec is not None:
            bad = [p for v in [entry.value, *entry.accept] if (p := _value_problem(spec, v))]
            if bad:
                problems.append(f"{place}.value: {bad[0]}")
                continue
            if entry.match == "includes" and spec.type != FieldType.multi_choice:
                problems.append(f"{place}.match: `includes` is for checklists (multi_choice fields)")
                continue
        given = value_at(evaluation, entry.key)
        if not answers_match(entry, given):
            problems.append(f"{place}: the key expects {display_value(entry.value, spec)!r} but the model answers "
                            f"give {display_value(given, spec)!r} (did a rule in {definition.id} change, or is the "
                            "key or a model answer wrong?)")
    return problems


def check_scenario(scenario: Scenario, catalogue: Catalogue) -> list[str]:
    """Every problem of a parsed scenario, each `place: message` (without the file name)."""
    if scenario.workflow not in catalogue:
        return [f"workflow: there is no workflow {scenario.workflow!r} "
                f"(the workflows are: {', '.join(sorted(catalogue.definitions))})"]
    definition = catalogue.get(scenario.workflow)
    return (_text_problems(scenario, definition) + _answer_problems(scenario, definition)
            + _key_problems(scenario, definition))


# --- loading ----------------------------------------------------------------------------------------

def parse_scenario(text: str, name: str, catalogue: Catalogue) -> Scenario:
    """Parse and check one scenario's YAML text; `name` (the file name) starts every problem."""
    return parse_checked(text, name, Scenario, "a scenario is a mapping of keys such as id, workflow, story, key",
                         lambda scenario: check_scenario(scenario, catalogue))


def _order(scenario: Scenario) -> tuple[str, int, str]:
    return scenario.workflow, DIFFICULTIES.index(scenario.difficulty), scenario.id


def load_scenarios(directory: Path | None = None, catalogue: Catalogue | None = None) -> ScenarioLibrary:
    """Load every `*.yaml` in the folder (workflows/scenarios by default) against the catalogue
    (the shipped definitions by default); collect every problem before raising DefinitionError."""
    directory = directory or SCENARIOS_DIR
    catalogue = catalogue or load_directory()
    problems: list[str] = []
    unreadable = False
    found: list[Scenario] = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            scenario = parse_scenario(read_source(path), path.name, catalogue)
        except DefinitionError as exc:
            problems.extend(exc.problems)
            unreadable = unreadable or isinstance(exc, UnreadableInput)
            continue
        if scenario.id != path.stem:
            problems.append(f"{path.name}: id: the id {scenario.id!r} must match the file name")
            continue
        found.append(scenario)
    raise_problems(problems, unreadable)
    return ScenarioLibrary({s.id: s for s in sorted(found, key=_order)})
