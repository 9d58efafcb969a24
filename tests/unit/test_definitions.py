"""Loading and checking definitions: every mistake a supervisor can make in a YAML file is reported
with the file name and the place (`steps[escape].show_if`), and nothing broken loads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from workflows.loader import DEFINITIONS_DIR, DefinitionError, load_directory, load_file, parse_definition
from workflows.model import Definition

Build = Callable[..., Definition]

# A small, sound definition. Each test below changes one thing in it (via `.replace`) and expects
# one problem naming its place.
SOUND = """\
id: demo
version: 1
title: {en: Demo}
constants:
  adult_age: {value: 18, cite: "Illinois: 755 ILCS 5/11-1"}
computed:
  is_adult: "age_on(about.born, about.seen_on) >= adult_age"
steps:
  - id: about
    title: {en: About}
    fields:
      - {id: born, type: date, label: {en: Date of birth}}
      - {id: seen_on, type: date, label: {en: Date seen}}
      - {id: partner, type: yesno, label: {en: "Partner?"}}
      - {id: kind, type: choice, label: {en: Kind}, choices: [{value: a, label: {en: A}}, {value: b, label: {en: B}}]}
  - id: escape
    title: {en: Escape}
    show_if: "about.partner == true"
    fields:
      - {id: route, type: text, label: {en: Route}, required: true}
      - {id: note, type: text, label: {en: Note}, show_if: "escape.route != ''"}
      - id: people
        type: group
        label: {en: People}
        fields:
          - {id: name, type: text, label: {en: Name}}
          - {id: phone, type: phone, label: {en: Phone}, required_if: "item.name != null"}
    rules:
      - {check: "escape.route != 'kitchen'", message: {en: Not the kitchen}, field: route}
"""


def problems_of(text: str, name: str = "demo.yaml", templates_dir: Path | None = None) -> list[str]:
    with pytest.raises(DefinitionError) as exc:
        parse_definition(text, name, templates_dir)
    assert str(exc.value) == "\n".join(exc.value.problems)
    return exc.value.problems


def changed(old: str, new: str) -> str:
    assert old in SOUND, old
    return SOUND.replace(old, new, 1)


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


# --- cross-references: expressions, order, cycles, templates, Spanish -----------------------------

@pytest.mark.parametrize(("old", "new", "expected"), [
    ('show_if: "about.partner == true"', 'show_if: "abuot.partner == true"',
     "demo.yaml: steps[escape].show_if: unknown name 'abuot.partner': there is no step 'abuot'"),
    ('show_if: "about.partner == true"', 'show_if: "about.partnr == true"',
     "demo.yaml: steps[escape].show_if: unknown name 'about.partnr': step 'about' has no field 'partnr'"),
    ('show_if: "about.partner == true"', 'show_if: "partner == true"',
     "demo.yaml: steps[escape].show_if: unknown name 'partner' (not a computed value or constant)"),
    ('show_if: "about.partner == true"', 'show_if: "about.partner.value"',
     "demo.yaml: steps[escape].show_if: unknown name 'about.partner.value': names are `step.field`, "
     "`item.field` or a computed value"),
    ('show_if: "escape.route != \'\'"', 'show_if: "escape.rout != \'\'"',
     "demo.yaml: steps[escape].fields[note].show_if: unknown name 'escape.rout': step 'escape' has no field 'rout'"),
    ('is_adult: "age_on(about.born, about.seen_on) >= adult_age"', 'is_adult: "age_on(about.born) >= adult_agee"',
     "demo.yaml: computed.is_adult: unknown name 'adult_agee' (not a computed value or constant)"),
    ("check: \"escape.route != 'kitchen'\"", "check: \"escape.routes != 'kitchen'\"",
     "demo.yaml: steps[escape].rules[0].check: unknown name 'escape.routes': step 'escape' has no field 'routes'"),
])
def test_an_unknown_name_in_an_expression_is_named_with_its_place(old: str, new: str, expected: str) -> None:
    assert problems_of(changed(old, new)) == [expected]


def test_an_unknown_function_is_named() -> None:
    problems = problems_of(changed('show_if: "about.partner == true"', 'show_if: "count_yess(about.partner) > 0"'))
    assert len(problems) == 1
    assert problems[0].startswith("demo.yaml: steps[escape].show_if: unknown function count_yess(); the functions are:")


def test_an_unparsable_expression_is_named() -> None:
    problems = problems_of(changed('show_if: "about.partner == true"', 'show_if: "about.partner = true"'))
    assert len(problems) == 1
    assert problems[0].startswith("demo.yaml: steps[escape].show_if: cannot read the expression")


def test_a_forbidden_construct_is_named() -> None:
    problems = problems_of(changed('show_if: "about.partner == true"', "show_if: \"__import__('os')\""))
    assert problems == ["demo.yaml: steps[escape].show_if: unknown function __import__(); the functions are: "
                        "add_days, add_hours, age_on, count_answered, count_where, count_where_between, "
                        "count_yes, date_of, date_time, days_between, length, max, min, number, sum, time_of, "
                        "today, values_where, years_before"]


def test_a_step_condition_cannot_read_its_own_or_a_later_step() -> None:
    assert problems_of(changed('show_if: "about.partner == true"', 'show_if: "escape.route == \'x\'"')) == [
        "demo.yaml: steps[escape].show_if: reads 'escape.route', which depends on step 'escape'; "
        "a condition can only depend on earlier steps"]
    later = changed("    fields:\n      - {id: born",
                    "    show_if: \"escape.route == 'x'\"\n    fields:\n      - {id: born")
    assert problems_of(later) == [
        "demo.yaml: steps[about].show_if: reads 'escape.route', which depends on step 'escape'; "
        "a condition can only depend on earlier steps"]


def test_a_step_condition_cannot_read_a_later_step_through_a_computed_value() -> None:
    text = changed('  is_adult: "age_on',
                   '  has_route: "escape.route != null"\n  via: "has_route"\n  is_adult: "age_on')
    text = text.replace("    fields:\n      - {id: born", "    show_if: via\n    fields:\n      - {id: born", 1)
    assert problems_of(text) == [
        "demo.yaml: steps[about].show_if: reads 'via', which depends on step 'escape'; "
        "a condition can only depend on earlier steps"]


def test_a_field_condition_may_read_a_computed_value_of_earlier_steps() -> None:
    parse_definition(changed('show_if: "escape.route != \'\'"', 'show_if: "is_adult"'), "demo.yaml", None)


def test_a_field_condition_cannot_read_a_field_below_it() -> None:
    text = changed("{id: route, type: text, label: {en: Route}, required: true}",
                   "{id: route, type: text, label: {en: Route}, required_if: \"escape.note == 'x'\"}")
    assert problems_of(text) == [
        "demo.yaml: steps[escape].fields[route].required_if: reads 'escape.note', which is below it; "
        "a field's condition can only read fields above it"]


def test_a_field_condition_cannot_read_a_later_step() -> None:
    later_step = "  - {id: later, title: {en: Later}, fields: [{id: x, type: yesno, label: {en: X}}]}\n"
    text = changed('show_if: "escape.route != \'\'"', 'show_if: "later.x"') + later_step
    assert problems_of(text) == [
        "demo.yaml: steps[escape].fields[note].show_if: reads 'later.x', which depends on step 'later'; "
        "a condition can only depend on earlier steps"]


@pytest.mark.parametrize(("computed", "expected"), [
    ('  a: "b"\n  b: "a"\n', "demo.yaml: computed.a: computed values depend on each other in a circle: a -> b -> a"),
    ('  a: "a or about.partner"\n', "demo.yaml: computed.a: computed values depend on each other in a circle: a -> a"),
    ('  a: "b"\n  b: "c"\n  c: "a and about.partner"\n',
     "demo.yaml: computed.a: computed values depend on each other in a circle: a -> b -> c -> a"),
])
def test_computed_values_in_a_cycle_are_an_error(computed: str, expected: str) -> None:
    assert problems_of(changed("computed:\n", "computed:\n" + computed)) == [expected]


def test_item_names_are_only_for_group_sub_fields() -> None:
    assert problems_of(changed('show_if: "escape.route != \'\'"', 'show_if: "item.name"')) == [
        "demo.yaml: steps[escape].fields[note].show_if: 'item.name': `item.` can only be used inside a repeating group"]


def test_item_names_must_be_sub_fields_of_the_same_group() -> None:
    assert problems_of(changed('required_if: "item.name != null"', 'required_if: "item.nam != null"')) == [
        "demo.yaml: steps[escape].fields[people].fields[phone].required_if: unknown name 'item.nam': "
        "the group 'people' has no field 'nam'"]


def test_a_rule_must_point_at_a_field_of_its_step() -> None:
    assert problems_of(changed("field: route}", "field: about}")) == [
        "demo.yaml: steps[escape].rules[0].field: no field 'about' in this step"]


def test_a_constant_and_a_computed_value_cannot_share_a_name() -> None:
    problems = problems_of(changed("  is_adult: \"age_on", "  adult_age: \"18\"\n  is_adult: \"age_on"))
    assert problems == ["demo.yaml: (top): names used both as constant and computed value: adult_age"]


DOCUMENTED = changed("constants:", "documents:\n  - {id: record, template: record.html, title: {en: Record}, "
                                   "contains: [name, phone]}\nconstants:")


def test_a_missing_template_is_an_error(tmp_path: Path) -> None:
    assert problems_of(DOCUMENTED, templates_dir=tmp_path) == [
        "demo.yaml: documents[record].template: no template 'record.html' in forms/templates/"]


def test_a_present_template_is_found(tmp_path: Path) -> None:
    (tmp_path / "record.html").write_text("<html></html>", encoding="utf-8")
    assert parse_definition(DOCUMENTED, "demo.yaml", tmp_path).documents[0].template == "record.html"


def test_a_template_name_cannot_leave_the_templates_folder() -> None:
    problems = problems_of(DOCUMENTED.replace("template: record.html", "template: ../secrets.html"))
    assert problems[0].startswith("demo.yaml: documents[record].template: String should match pattern")


def test_a_document_says_what_client_information_it_contains(tmp_path: Path) -> None:
    """Checked against workflows/information_sharing.yaml: an undeclared document could never be
    released, a misspelt category would release the wrong thing."""
    (tmp_path / "record.html").write_text("<html></html>", encoding="utf-8")
    assert parse_definition(DOCUMENTED, "demo.yaml", tmp_path).documents[0].contains == ["name", "phone"]
    undeclared = DOCUMENTED.replace(", contains: [name, phone]", "")
    assert problems_of(undeclared, templates_dir=tmp_path) == [
        "demo.yaml: documents[record].contains: say which kinds of client information the document holds "
        "(categories of information_sharing.yaml), or it can never be released"]
    misspelt = problems_of(DOCUMENTED.replace("[name, phone]", "[name, phon]"), templates_dir=tmp_path)
    assert len(misspelt) == 1
    assert misspelt[0].startswith("demo.yaml: documents[record].contains: unknown category 'phon'; the categories "
                                  "(information_sharing.yaml) are: name, date_of_birth, phone,")
    # A snapshot of an older version (no templates folder) is not re-checked against today's categories.
    assert parse_definition(undeclared, "demo.yaml", templates_dir=None).documents[0].contains == []


def test_an_automatic_referral_says_what_it_would_share(tmp_path: Path) -> None:
    refers = changed("computed:\n",
                     "case_updates: {referral_resources: to_whom}\ncomputed:\n  to_whom: \"['988-lifeline']\"\n")
    assert problems_of(refers, templates_dir=tmp_path) == [
        "demo.yaml: referral_shares: say what an automatic referral (case_updates.referral_resources) would tell "
        "the provider (categories of information_sharing.yaml)"]
    declared = refers.replace("case_updates:", "referral_shares: [name, services_requested]\ncase_updates:")
    assert parse_definition(declared, "demo.yaml", tmp_path).referral_shares == ["name", "services_requested"]
    assert problems_of(declared.replace("services_requested]", "services]"), templates_dir=tmp_path)[0].startswith(
        "demo.yaml: referral_shares: unknown category 'services'")


def test_a_workflow_offered_in_spanish_needs_spanish_for_every_text() -> None:
    text = changed("title: {en: Demo}", "title: {en: Demo, es: Demostración}\nlanguages: [en, es]")
    problems = problems_of(text)
    assert "demo.yaml: steps[about].title: no Spanish text (`es`)" in problems
    assert "demo.yaml: steps[about].fields[kind].choices[0].label: no Spanish text (`es`)" in problems
    assert "demo.yaml: steps[escape].rules[0].message: no Spanish text (`es`)" in problems
    assert "demo.yaml: steps[escape].fields[people].fields[phone].label: no Spanish text (`es`)" in problems
    assert "demo.yaml: title: no Spanish text (`es`)" not in problems


def test_a_kiosk_workflow_needs_spanish_too() -> None:
    problems = problems_of(changed("title: {en: Demo}", "title: {en: Demo}\naudience: [kiosk]"))
    assert "demo.yaml: title: no Spanish text (`es`)" in problems


def test_an_english_only_staff_workflow_needs_no_spanish() -> None:
    parse_definition(SOUND, "demo.yaml", None)


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    text = changed('show_if: "about.partner == true"', 'show_if: "abuot.partner"').replace(
        "field: route}", "field: nowhere}")
    problems = problems_of(text)
    assert problems == [
        "demo.yaml: steps[escape].show_if: unknown name 'abuot.partner': there is no step 'abuot'",
        "demo.yaml: steps[escape].rules[0].field: no field 'nowhere' in this step",
    ]


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
