"""Loading definitions: every mistake a supervisor can make in the format of a YAML file is reported
with the file name and the place, and nothing broken loads (cross-reference checks: test_definition_checks.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support.definitions import SOUND, changed, problems_of

from workflows.loader import DEFINITIONS_DIR, DefinitionError, load_directory, load_file, parse_definition
from workflows.model import Definition

Build = Callable[..., Definition]

# --- what loads -----------------------------------------------------------------------------------

def test_the_sound_example_loads() -> None:
    definition = parse_definition(SOUND, "demo.yaml", templates_dir=None)
    assert definition.step_ids() == ["about", "escape"]
    assert definition.constants["adult_age"].cite == "Illinois: 755 ILCS 5/11-1"
    assert definition.computed_spec("is_adult").expr.startswith("age_on(")


def test_the_shipped_safety_plan_loads(safety_plan: Definition) -> None:
    assert safety_plan.id == "safety_plan"
    assert safety_plan.step_ids()[:3] == ["about", "lethality", "protocol"]
    assert {"protocol_high_danger", "high_danger"} <= set(safety_plan.computed)
    assert [d.template for d in safety_plan.documents] == ["safety_plan_take_home.html", "safety_plan_staff.html"]


def test_every_shipped_definition_loads() -> None:
    catalogue = load_directory(DEFINITIONS_DIR, templates_dir=None)
    assert "safety_plan" in catalogue
    assert [d.id for d in catalogue] == sorted(p.stem for p in DEFINITIONS_DIR.glob("*.yaml"))


def test_a_computed_value_may_be_written_short_or_long() -> None:
    definition = parse_definition(
        changed('  is_adult: "age_on', '  short: "about.partner == true"\n  is_adult: "age_on'), "demo.yaml", None)
    assert definition.computed_spec("short").expr == "about.partner == true"
    assert definition.computed_spec("short").label is None


# --- the format: pydantic errors, named by place --------------------------------------------------

@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    show_if: \"about.partner == true\"", "    show_if: \"about.partner == true\"\n    requried: true",
     "demo.yaml: steps[escape].requried: unknown key (check its spelling)"),
    ("{id: route, type: text, label: {en: Route}, required: true}",
     "{id: route, type: text, label: {en: Route}, requird: true}",
     "demo.yaml: steps[escape].fields[route].requird: unknown key (check its spelling)"),
    ("title: {en: Demo}", "title: {en: Demo}\nauthor: me", "demo.yaml: author: unknown key (check its spelling)"),
    ("{value: 18, cite:", "{value: 18, cites:",
     "demo.yaml: constants.adult_age.cites: unknown key (check its spelling)"),
])
def test_an_unknown_key_is_named_with_its_place(old: str, new: str, expected: str) -> None:
    assert problems_of(changed(old, new)) == [expected]


def test_an_unknown_key_in_a_long_computed_value_is_named_without_pydantic_type_names() -> None:
    problems = problems_of(changed('  is_adult: "age_on(about.born, about.seen_on) >= adult_age"',
                                   '  is_adult: {expr: "about.partner", lable: {en: Adult}}'))
    assert "demo.yaml: computed.is_adult.lable: unknown key (check its spelling)" in problems
    assert not any("Computed" in p or "constrained-str" in p for p in problems)


def test_a_duplicate_yaml_key_is_an_error_with_its_line() -> None:
    problems = problems_of(changed("label: {en: Route}, required: true}",
                                   "label: {en: Route}, required: true, required: false}"))
    assert problems == ["demo.yaml: line 20: the key 'required' appears twice"]


def test_a_duplicate_top_level_key_is_an_error() -> None:
    assert problems_of(changed("version: 1\n", "version: 1\nversion: 2\n")) == [
        "demo.yaml: line 3: the key 'version' appears twice"]


def test_a_list_used_as_a_key_is_reported_not_a_crash() -> None:
    problems = problems_of(changed("version: 1\n", "version: 1\n? [a, b]\n: 1\n"))
    assert len(problems) == 1
    assert problems[0].startswith("demo.yaml: line 3: ")
    assert "unhashable" in problems[0]


def test_text_that_is_not_yaml_is_an_error_with_its_line() -> None:
    assert problems_of("id: demo\nsteps: [\n")[0].startswith("demo.yaml: line 3: ")


@pytest.mark.parametrize("text", ["just words", "- a\n- b", ""])
def test_a_definition_must_be_a_mapping(text: str) -> None:
    assert problems_of(text) == ["demo.yaml: (top): a definition is a mapping of keys such as id, steps"]


def test_a_duplicate_step_id_names_the_steps() -> None:
    text = SOUND + "  - {id: about, title: {en: Again}, fields: [{id: x, type: text, label: {en: X}}]}\n"
    assert problems_of(text) == ["demo.yaml: steps: duplicate step id 'about'"]


def test_a_duplicate_field_id_names_the_step() -> None:
    assert problems_of(changed("{id: seen_on, type: date", "{id: born, type: date")) == [
        "demo.yaml: steps[about]: duplicate field id 'born'"]


def test_a_duplicate_sub_field_id_names_the_group() -> None:
    assert problems_of(changed("{id: phone, type: phone", "{id: name, type: phone")) == [
        "demo.yaml: steps[escape].fields[people]: duplicate sub-field id 'name'"]


def test_a_duplicate_choice_value_names_the_field() -> None:
    assert problems_of(changed("{value: b, label: {en: B}}", "{value: a, label: {en: B}}")) == [
        "demo.yaml: steps[about].fields[kind]: duplicate choice values: a"]


def test_missing_english_text_is_an_error() -> None:
    assert problems_of(changed("title: {en: Escape}", "title: {es: Escape}")) == [
        "demo.yaml: steps[escape].title: every text needs its English wording under `en`"]


def test_blank_english_text_is_an_error() -> None:
    assert problems_of(changed("label: {en: Route}", "label: {en: '  '}")) == [
        "demo.yaml: steps[escape].fields[route].label: every text needs its English wording under `en`"]


def test_a_language_other_than_english_or_spanish_is_named() -> None:
    problems = problems_of(changed("title: {en: Escape}", "title: {en: Escape, fr: Fuite}"))
    assert problems == ["demo.yaml: steps[escape].title.fr: Input should be 'en' or 'es'"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("{id: partner, type: yesno, label: {en: \"Partner?\"}}", "{id: partner, type: yesno}",
     "steps[about].fields[partner]: a `yesno` field needs a `label`"),
    (", choices: [{value: a, label: {en: A}}, {value: b, label: {en: B}}]}", "}",
     "steps[about].fields[kind]: `choices` belong to `choice` and `multi_choice` fields, and those need them"),
    ("{id: partner, type: yesno, label: {en: \"Partner?\"}}",
     "{id: partner, type: yesno, label: {en: P}, max_items: 2}",
     "steps[about].fields[partner]: `min_items`/`max_items` belong to `group` fields"),
    ("{id: route, type: text, label: {en: Route}, required: true}",
     "{id: route, type: text, label: {en: Route}, pattern: '[a-'}",
     "steps[escape].fields[route]: `pattern` is not a valid regular expression"),
    ("{id: partner, type: yesno, label: {en: \"Partner?\"}}",
     "{id: partner, type: instructions, text: {en: Read this}, required: true}",
     "steps[about].fields[partner]: an `instructions` field takes no answer, so it cannot be required"),
    ("{id: partner, type: yesno,", "{id: Partner, type: yesno,",
     "steps[about].fields[Partner].id: String should match pattern"),
    ("{id: partner, type: yesno,", "{id: partner, type: checkbox,",
     "steps[about].fields[partner].type: Input should be"),
])
def test_a_field_that_does_not_fit_its_type_is_named(old: str, new: str, expected: str) -> None:
    problems = problems_of(changed(old, new))
    assert len(problems) == 1
    assert problems[0].startswith("demo.yaml: " + expected)


def test_a_definition_needs_steps() -> None:
    assert problems_of("id: demo\nversion: 1\ntitle: {en: Demo}\nsteps: []\n") == [
        "demo.yaml: steps: List should have at least 1 item after validation, not 0"]


# --- files and folders ----------------------------------------------------------------------------

def test_the_file_name_must_match_the_id(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text(SOUND, encoding="utf-8")
    with pytest.raises(DefinitionError) as exc:
        load_file(path, templates_dir=None)
    assert exc.value.problems == ["other.yaml: id: the id 'demo' must match the file name"]


def test_load_directory_collects_problems_from_every_file(tmp_path: Path) -> None:
    (tmp_path / "demo.yaml").write_text(SOUND, encoding="utf-8")
    (tmp_path / "alpha.yaml").write_text(SOUND.replace("id: demo", "id: alpha").replace(
        'show_if: "about.partner == true"', 'show_if: "about.partnr"'), encoding="utf-8")
    (tmp_path / "zulu.yaml").write_text(SOUND.replace("version: 1\n", "version: 1\nversion: 2\n"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a definition", encoding="utf-8")
    with pytest.raises(DefinitionError) as exc:
        load_directory(tmp_path, templates_dir=None)
    assert exc.value.problems == [
        "alpha.yaml: steps[escape].show_if: unknown name 'about.partnr': step 'about' has no field 'partnr'",
        "zulu.yaml: line 3: the key 'version' appears twice",
    ]


def test_load_directory_returns_definitions_by_id_in_file_order(tmp_path: Path) -> None:
    for name in ("zulu", "alpha"):
        (tmp_path / f"{name}.yaml").write_text(SOUND.replace("id: demo", f"id: {name}"), encoding="utf-8")
    catalogue = load_directory(tmp_path, templates_dir=None)
    assert [d.id for d in catalogue] == ["alpha", "zulu"]
    assert catalogue.get("zulu").id == "zulu"
    assert "beta" not in catalogue


def test_build_fixture_uses_the_same_checks(build: Build) -> None:
    with pytest.raises(DefinitionError, match="unknown name"):
        build(changed('show_if: "about.partner == true"', 'show_if: "nope"'))
