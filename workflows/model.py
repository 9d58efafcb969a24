"""The definition format: pydantic models of a workflow YAML file.

Every model forbids unknown keys, so a misspelt key (`requried: true`) is an error that names its
place instead of being silently ignored. Cross-references (names in expressions, templates) are
checked by `workflows.checks` once the whole file has parsed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

LANGUAGES = ("en", "es")
IDENTIFIER = r"^[a-z][a-z0-9_]*$"


def _require_english(value: dict[str, str]) -> dict[str, str]:
    if not value.get("en", "").strip():
        raise ValueError("every text needs its English wording under `en`")
    return value


LocalText = Annotated[dict[Literal["en", "es"], str], AfterValidator(_require_english)]
"""A user-visible text in each language: `{en: ..., es: ...}`."""

Identifier = Annotated[str, Field(pattern=IDENTIFIER, max_length=64)]
ExpressionSource = Annotated[str, Field(min_length=1, max_length=1000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldType(StrEnum):
    text = "text"
    long_text = "long_text"
    number = "number"
    date = "date"
    yesno = "yesno"
    choice = "choice"
    multi_choice = "multi_choice"
    phone = "phone"
    email = "email"
    group = "group"
    instructions = "instructions"


VALUE_LESS = {FieldType.instructions}
CHOICE_TYPES = {FieldType.choice, FieldType.multi_choice}


class Choice(Strict):
    value: Annotated[str, Field(min_length=1, max_length=64)]
    label: LocalText
    help: LocalText | None = None


class FieldSpec(Strict):
    """One question (or a read-only instruction, or a repeating group of sub-records)."""

    id: Identifier
    type: FieldType
    label: LocalText | None = None
    text: LocalText | None = Field(default=None, description="body of an `instructions` field")
    help: LocalText | None = None
    required: bool = False
    required_if: ExpressionSource | None = None
    show_if: ExpressionSource | None = None
    min: float | str | None = Field(default=None, description="number: least value; date: earliest "
                                    "(ISO date or `today`); multi_choice: fewest choices")
    max: float | str | None = None
    max_length: Annotated[int, Field(gt=0, le=100_000)] | None = None
    pattern: str | None = Field(default=None, description="a regular expression the whole answer must match")
    pattern_message: LocalText | None = None
    choices: list[Choice] | None = None
    fields: list[FieldSpec] | None = Field(default=None, description="the sub-fields of a `group`")
    min_items: Annotated[int, Field(ge=0)] | None = None
    max_items: Annotated[int, Field(gt=0)] | None = None
    item_label: LocalText | None = Field(default=None, description="what one item of a group is called")
    rows: Annotated[int, Field(gt=0, le=30)] | None = None
    prefill: str | None = Field(default=None, description="fill in from the case when started from one, "
                                "e.g. `client.first_name` (see workflows/prefill.py for the names)")
    client_facing: bool = Field(default=False, description="the person reads it: the only fields a client "
                                "document (`audience: client`) receives; in Spanish too when that document is")

    @model_validator(mode="after")
    def _fits_its_type(self) -> FieldSpec:
        t = self.type
        if t == FieldType.instructions:
            if self.text is None:
                raise ValueError("an `instructions` field needs `text`")
        elif self.label is None:
            raise ValueError(f"a `{t}` field needs a `label`")
        if (t in CHOICE_TYPES) != bool(self.choices):
            raise ValueError("`choices` belong to `choice` and `multi_choice` fields, and those need them")
        if (t == FieldType.group) != bool(self.fields):
            raise ValueError("`fields` belong to `group` fields, and a group needs them")
        if t != FieldType.group and (self.min_items is not None or self.max_items is not None):
            raise ValueError("`min_items`/`max_items` belong to `group` fields")
        if t in VALUE_LESS and (self.required or self.required_if):
            raise ValueError("an `instructions` field takes no answer, so it cannot be required")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"`pattern` is not a valid regular expression: {exc}") from None
        if self.choices:
            values = [c.value for c in self.choices]
            duplicates = sorted({v for v in values if values.count(v) > 1})
            if duplicates:
                raise ValueError(f"duplicate choice values: {', '.join(duplicates)}")
        if self.fields:
            _no_duplicate_ids(self.fields, "sub-field")
        return self

    def choice_label(self, value: Any, lang: str = "en") -> str:
        for choice in self.choices or []:
            if choice.value == value:
                return local(choice.label, lang)
        return "" if value is None else str(value)


class Rule(Strict):
    """A cross-field check: when `check` is false the `message` is shown on `field`."""

    check: ExpressionSource
    message: LocalText
    field: Identifier | None = None
    cite: str | None = None


class Step(Strict):
    id: Identifier
    title: LocalText
    help: LocalText | None = None
    coach: LocalText | None = Field(default=None, description="shown in training mode only")
    show_if: ExpressionSource | None = None
    fields: list[FieldSpec]
    rules: list[Rule] = []

    @model_validator(mode="after")
    def _unique_fields(self) -> Step:
        _no_duplicate_ids(self.fields, "field")
        return self

    def field(self, field_id: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.id == field_id), None)


class DocumentSpec(Strict):
    """A PDF the workflow produces from a template under forms/templates/."""

    id: Identifier
    template: Annotated[str, Field(pattern=r"^[a-z0-9_]+\.html$")]
    title: LocalText
    audience: Literal["staff", "client"] = Field(
        default="staff", description="`client`: handed to the person; it receives only the fields and computed "
        "values marked `client_facing` (never a screen's questions or results)")
    languages: Annotated[list[Literal["en", "es"]], Field(min_length=1)] = Field(
        default=["en"], description="the languages it can be printed in; the check requires each of its texts in each")
    texts: dict[Identifier, LocalText] = Field(
        default={}, description="the words the template prints itself (headings, sentences), by name, in each language")

    contains: list[Identifier] = Field(
        default=[], description="the kinds of client information in it (categories of "
        "workflows/information_sharing.yaml): a copy leaves the unit only under a consent covering every one")

    @model_validator(mode="after")
    def _english_first(self) -> DocumentSpec:
        if "en" not in self.languages:
            raise ValueError("every document is printable in English: `languages` must include en")
        return self


class Computed(Strict):
    expr: ExpressionSource
    label: LocalText | None = None
    cite: str | None = Field(default=None, description="the statute or protocol the rule comes from")
    client_facing: bool = Field(default=False, description="a client document (`audience: client`) may print it")
    values: dict[Annotated[str, Field(min_length=1, max_length=64)], LocalText] = Field(
        default={}, description="how each text the value can give reads, when that text is a code "
        "(`home_visit: {en: Home visit}`): the review screen shows the wording, never the code")


class Constant(Strict):
    """A number or text from law or policy, kept in the definition with where it comes from."""

    value: bool | int | float | str | list[str]
    label: LocalText | None = None
    cite: str | None = None


class KioskSpec(Strict):
    """How a walk-in (kiosk) workflow meets the unit: the alert it raises and what the person is told."""

    urgent: Identifier | None = Field(
        default=None, description="a computed value: the moment it is true, an urgent alert goes to the staff "
        "queue (before the person finishes, so a quick exit cannot lose it)")
    finish: LocalText = Field(description="the thank-you screen: what happens next")


class Definition(Strict):
    id: Identifier
    version: Annotated[int, Field(ge=1)]
    title: LocalText
    description: LocalText | None = None
    languages: list[Literal["en", "es"]] = ["en"]
    audience: list[Literal["staff", "kiosk"]] = ["staff"]
    documents: list[DocumentSpec] = []
    constants: dict[Identifier, Constant] = {}
    computed: dict[Identifier, Computed | ExpressionSource] = {}
    case_updates: dict[Identifier, Identifier] = Field(
        default={}, description="what a submitted document tells its case: a case flag to a computed value")
    case_types: list[Identifier] = Field(
        default=[], description="the kinds of case it is started from (e.g. mental_health); empty: any case")
    referral_shares: list[Identifier] = Field(
        default=[], description="what a referral made by `case_updates.referral_resources` tells the provider "
        "(categories of workflows/information_sharing.yaml); without a consent covering them the referral is "
        "recorded as information given to the client")
    kiosk: KioskSpec | None = Field(default=None, description="only for `audience: [kiosk]` workflows")
    steps: Annotated[list[Step], Field(min_length=1)]

    # Checked per list (not in the model validator below) so the error's place is `steps` or
    # `documents` rather than "(top)".
    @field_validator("steps", "documents")
    @classmethod
    def _unique_ids_in_list(cls, items: list[Any], info: ValidationInfo) -> list[Any]:
        _no_duplicate_ids(items, "step" if info.field_name == "steps" else "document")
        return items

    @model_validator(mode="after")
    def _unique_ids(self) -> Definition:
        clash = sorted(set(self.constants) & set(self.computed))
        if clash:
            raise ValueError(f"names used both as constant and computed value: {', '.join(clash)}")
        return self

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def step_ids(self) -> list[str]:
        return [s.id for s in self.steps]

    def computed_spec(self, name: str) -> Computed:
        spec = self.computed[name]
        return spec if isinstance(spec, Computed) else Computed(expr=spec)


def _no_duplicate_ids(items: list[Any], what: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"duplicate {what} id {item.id!r}")
        seen.add(item.id)


def local(text: Mapping[Any, str] | None, lang: str = "en") -> str:
    """The text in `lang`, falling back to English."""
    if not text:
        return ""
    return text.get(lang) or text.get("en", "")
