"""What the review screen and the PDFs say: never an internal id (a step, field, choice value,
constant, computed value or resource slug) where a person-readable label exists, for every shipped
definition; and "what the answers mean" never states a result about a step that was not shown or
a question nobody answered."""

from __future__ import annotations

import copy
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from forms.renderer import render_html
from store.files.resources import read_seed
from workflows.engine import evaluate
from workflows.feedback import grade
from workflows.loader import Catalogue, DefinitionError, load_directory, parse_definition
from workflows.model import Definition, FieldSpec, local
from workflows.presentation import DocumentMeta, document_context, present, present_results
from workflows.scenarios import SCENARIOS_DIR, load_scenarios

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
RESOURCE_NAMES = {r.id: r.name for r in read_seed()}
CODE = re.compile(r"^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$")
"""A display that is one lower-case token ("home_visit", "none", "other") is a code, not words."""


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_directory()


def fixture(name: str) -> dict[str, Any]:
    return copy.deepcopy(json.loads((FIXTURES / name).read_text()))


def adult_station_adjustment() -> dict[str, Any]:
    answers = fixture("station_adjustment_formal.json")
    answers["minor"]["date_of_birth"] = "2000-01-01"  # 26 on the day: not a juvenile matter
    return answers


def station_adjustment_without_follow_up() -> dict[str, Any]:
    answers = fixture("station_adjustment_formal.json")
    del answers["family_services"]["follow_up_kind"]
    del answers["family_services"]["follow_up_date"]
    return answers


def safety_plan_not_intimate_partner() -> dict[str, Any]:
    answers = fixture("safety_plan_with_children.json")
    answers["about"]["intimate_partner"] = False
    return answers


def answer_sets(catalogue: Catalogue) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(what, workflow, answers): every fixture, every training scenario's model answers, and the
    variants that hide steps or leave a choice unanswered."""
    workflows = sorted(catalogue.definitions, key=len, reverse=True)  # station_adjustment_violation first
    for path in sorted(FIXTURES.glob("*.json")):
        workflow = next(w for w in workflows if path.stem.startswith(w))
        yield path.stem, workflow, fixture(path.name)
    for scenario in load_scenarios(SCENARIOS_DIR, catalogue):
        yield f"scenario {scenario.id}", scenario.workflow, copy.deepcopy(scenario.model_answers)
    yield "adult station adjustment", "station_adjustment", adult_station_adjustment()
    yield "no follow-up", "station_adjustment", station_adjustment_without_follow_up()
    yield "not an intimate partner", "safety_plan", safety_plan_not_intimate_partner()


def _fields(fields: list[FieldSpec]) -> Iterator[FieldSpec]:
    for spec in fields:
        yield spec
        yield from _fields(spec.fields or [])


def internal_ids(definition: Definition) -> set[str]:
    """The ids a person should never read: compound ones (`home_visit`, `family_or_household_…`,
    resource slugs), which no label or answer in a shipped definition contains."""
    ids = set(definition.constants) | set(definition.computed)
    for step in definition.steps:
        ids.add(step.id)
        for spec in _fields(step.fields):
            ids.add(spec.id)
            ids |= {c.value for c in spec.choices or []}
    for name in definition.computed:
        ids |= set(re.findall(r"'([a-z][a-z0-9_\-]*)'", definition.computed_spec(name).expr))
    return {i for i in ids if "_" in i or "-" in i}


def leaks(text: str, ids: set[str]) -> set[str]:
    return {i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)}


def review_texts(definition: Definition, answers: dict[str, Any]) -> list[str]:
    """Every text the review screen shows for these answers (as pages/workflow/review.py renders them)."""
    evaluation = evaluate(definition, answers)
    texts = []
    for result in present_results(definition, evaluation, names=RESOURCE_NAMES):
        texts += [result.label, result.display, result.cite or ""]
    for section in present(definition, evaluation):
        texts.append(section.title)
        stack = list(section.fields)
        while stack:
            field = stack.pop()
            texts += [field.label, field.display, field.item_label, *(label for label, _ in field.options)]
            stack += [sub for entry in field.items for sub in entry]
    return texts


def test_the_answer_sets_cover_every_shipped_definition(catalogue: Catalogue) -> None:
    assert {workflow for _, workflow, _ in answer_sets(catalogue)} == set(catalogue.definitions)


def test_the_review_never_shows_an_internal_id(catalogue: Catalogue) -> None:
    problems = []
    for what, workflow, answers in answer_sets(catalogue):
        definition = catalogue.get(workflow)
        ids = internal_ids(definition) | set(RESOURCE_NAMES)
        for text in review_texts(definition, answers):
            if found := leaks(text, ids):
                problems.append(f"{what}: {sorted(found)} in {text!r}")
    assert problems == []


def test_no_answer_or_result_reads_as_a_code(catalogue: Catalogue) -> None:
    """A choice shows its label, never its stored value; a computed value shows words."""
    problems = []
    for what, workflow, answers in answer_sets(catalogue):
        definition = catalogue.get(workflow)
        evaluation = evaluate(definition, answers)
        for result in present_results(definition, evaluation, names=RESOURCE_NAMES):
            if any(CODE.match(part) for part in result.display.split("; ")):
                problems.append(f"{what}: {result.label}: {result.display!r}")
        for section in present(definition, evaluation):
            for field in section.fields:
                coded = {v for v, (label, _) in zip(field.option_values, field.options, strict=True) if v != label}
                if field.display in {str(v) for v in coded}:
                    problems.append(f"{what}: {section.id}.{field.id}: {field.display!r}")
    assert problems == []


def test_no_pdf_shows_an_internal_id(catalogue: Catalogue) -> None:
    problems = []
    meta = DocumentMeta(id="D-2026-000001", created_at="2026-03-14T15:00:00+00:00", workflow_version=1,
                        submitted_at="2026-03-14T15:30:00+00:00", case_id="C-2026-0001")
    for what, workflow, answers in answer_sets(catalogue):
        definition = catalogue.get(workflow)
        evaluation = evaluate(definition, answers)
        if not evaluation.complete:
            continue
        for document in definition.documents:
            page = render_html(document.template, document_context(definition, evaluation, meta, document.id))
            text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", page, flags=re.S)))
            if found := leaks(text, internal_ids(definition) | set(RESOURCE_NAMES)):
                problems.append(f"{what}, {document.id}: {sorted(found)}")
    assert problems == []


def results(definition: Definition, answers: dict[str, Any]) -> dict[str, str]:
    return {r.label: r.display for r in present_results(definition, evaluate(definition, answers),
                                                          names=RESOURCE_NAMES)}


def test_no_follow_up_chosen_is_never_reported_as_a_follow_up_added(catalogue: Catalogue) -> None:
    definition = catalogue.get("station_adjustment")
    assert evaluate(definition, station_adjustment_without_follow_up()).computed["follow_up_title"] == (
        "Station adjustment follow-up: meeting at school")  # the expression's fallback …
    shown = results(definition, station_adjustment_without_follow_up())
    # … is not on the review beside an empty due date: no follow-up was chosen, none is added.
    assert not [label for label in shown if label.startswith("Follow-up added") or "follow-up" in label.lower()]
    assert shown["An informal station adjustment is available"] == "Yes"  # the rest still speaks


def test_a_chosen_follow_up_reads_in_words(catalogue: Catalogue) -> None:
    shown = results(catalogue.get("station_adjustment"), fixture("station_adjustment_formal.json"))
    assert shown["Follow-up added to the case"] == "Station adjustment follow-up: home visit"
    assert shown["Follow-up added to the case, due"] == "2026-03-23"
    assert shown["Kind of follow-up (case file)"] == "Home visit"
    assert shown["Referrals added to the case (resource directory)"] == (
        "Comprehensive Community-Based Youth Services (Children's Home Association of Illinois)")


def test_an_adult_gets_no_result_about_the_adjustment_steps_that_were_not_shown(catalogue: Catalogue) -> None:
    shown = results(catalogue.get("station_adjustment"), adult_station_adjustment())
    assert shown["18 or older on the date of the incident (not a juvenile matter)"] == "Yes"
    assert shown["Age on the date of the incident"] == "26"
    for hidden in ("An informal station adjustment is available", "A formal station adjustment is available",
                   "Prior informal adjustments (in total)", "The chosen adjustment needs the State's Attorney's "
                   "prior approval", "Must be reported to the Illinois State Police (felony if committed by an adult)"):
        assert hidden not in shown


def test_a_screen_that_was_skipped_has_no_result_on_the_review(catalogue: Catalogue) -> None:
    definition = catalogue.get("safety_plan")
    assert results(definition, safety_plan_not_intimate_partner()) == {}
    shown = results(definition, fixture("safety_plan_with_children.json"))
    assert shown["High danger by the screening protocol"] == "No"
    assert shown["Screen result"] == "Not screened in"


def test_an_order_that_qualifies_does_not_offer_itself_instead(catalogue: Catalogue) -> None:
    shown = results(catalogue.get("order_of_protection"), fixture("order_of_protection_two_children.json"))
    assert shown["Order to consider instead (when the relationship does not qualify)"].startswith("None: ")
    assert shown["The order that fits what was described"] == (
        "Order of protection (Illinois Domestic Violence Act, 750 ILCS 60)")
    ineligible = results(catalogue.get("order_of_protection"), fixture("order_of_protection_ineligible.json"))
    assert ineligible["Order to consider instead (when the relationship does not qualify)"] == (
        "Stalking No Contact Order")
    assert "Remedies requested (numbers of 750 ILCS 60/214(b))" not in ineligible  # no petition, no remedies


def test_training_feedback_reads_a_computed_code_in_words(catalogue: Catalogue) -> None:
    library = load_scenarios(SCENARIOS_DIR, catalogue)
    scenario = library.get("sa_two_priors_under_the_limit")
    feedback = grade(scenario, catalogue.get("station_adjustment"), scenario.model_answers)
    item = next(i for i in feedback.items if i.key == "follow_up_kind")
    assert (item.expected, item.given, item.matched) == ("Home visit", "Home visit", True)
    assert local(catalogue.get("station_adjustment").computed_spec("follow_up_kind").label) == item.label


def test_a_wording_for_a_code_the_value_never_gives_is_refused(catalogue: Catalogue) -> None:
    source = catalogue.sources["station_adjustment"].replace("      home_visit: {en: Home visit}",
                                                             "      home_vist: {en: Home visit}")
    with pytest.raises(DefinitionError) as caught:
        parse_definition(source, "station_adjustment.yaml", templates_dir=None)
    assert caught.value.problems == [
        "station_adjustment.yaml: computed.follow_up_kind.values.home_vist: the expression never gives the text "
        "'home_vist'"]
