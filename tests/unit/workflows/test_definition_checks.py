"""Checking definitions across references: every name in an expression exists, a condition reads only
what comes before it, computed values have no cycles, templates exist and say what they contain,
Spanish is complete where it is promised; each problem named with its file and place."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.definitions import SOUND, changed, problems_of

from workflows.loader import parse_definition

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
