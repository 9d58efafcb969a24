"""The training scenario library: every shipped scenario loads and its answer key is proven by its
model answers, and a broken scenario is refused with a problem that names its file and place."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from workflows import functions, validation
from workflows.feedback import grade
from workflows.loader import DEFINITIONS_DIR, Catalogue, DefinitionError, load_directory
from workflows.scenarios import SCENARIOS_DIR, ScenarioLibrary, load_scenarios, parse_scenario

ROOT = Path(__file__).resolve().parents[3]
HIGH_DANGER = "sp_high_danger_through_questions_4_to_11"
PRACTISED = ("safety_plan", "order_of_protection", "station_adjustment", "kiosk_intake", "crisis_contact")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_directory()


@pytest.fixture(scope="module")
def library(catalogue: Catalogue) -> ScenarioLibrary:
    return load_scenarios(SCENARIOS_DIR, catalogue)


def shipped_text(scenario_id: str) -> str:
    return (SCENARIOS_DIR / f"{scenario_id}.yaml").read_text(encoding="utf-8")


def problems_of(text: str, catalogue: Catalogue, name: str = "broken.yaml") -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse_scenario(text, name, catalogue)
    return caught.value.problems


def replaced(text: str, old: str, new: str) -> str:
    assert old in text, f"the test's anchor {old!r} is no longer in the scenario"
    return text.replace(old, new, 1)


# --- the shipped library ------------------------------------------------------------------------------

def test_every_workflow_an_intern_practises_has_at_least_three_scenarios(library: ScenarioLibrary) -> None:
    for workflow in PRACTISED:
        assert len(library.for_workflow(workflow)) >= 3, workflow


def test_every_shipped_scenario_grades_its_own_model_answers_at_100(
        library: ScenarioLibrary, catalogue: Catalogue) -> None:
    for scenario in library:
        feedback = grade(scenario, catalogue.get(scenario.workflow), scenario.model_answers)
        assert (feedback.score, feedback.missed) == (100, 0), scenario.id


def test_every_shipped_key_has_5_to_12_entries_each_with_a_reason(library: ScenarioLibrary) -> None:
    for scenario in library:
        assert 5 <= len(scenario.key) <= 12, scenario.id
        assert all(len(entry.why["en"]) > 20 for entry in scenario.key), scenario.id


def test_the_tricky_cases_are_in_the_library(library: ScenarioLibrary, catalogue: Catalogue) -> None:
    def outcome(scenario_id: str, name: str) -> object:
        from workflows.engine import evaluate

        scenario = library.get(scenario_id)
        return evaluate(catalogue.get(scenario.workflow), scenario.model_answers).computed[name]

    screen = library.get(HIGH_DANGER).model_answers["lethality"]
    assert not any(screen.get(q) for q in ("q1", "q2", "q3"))
    assert outcome(HIGH_DANGER, "protocol_high_danger") is True
    assert outcome("sp_three_yes_is_not_four", "high_danger") is False
    assert outcome("op_coworker_stalking_no_contact", "alternative_order") == "stalking_no_contact"
    assert outcome("op_party_acquaintance_civil_no_contact", "alternative_order") == "civil_no_contact"
    assert outcome("op_former_spouse_with_children", "op_eligible") is True
    assert outcome("sa_fourth_informal_needs_sa_approval", "sa_approval_required") is True
    assert outcome("sa_two_priors_under_the_limit", "sa_approval_required") is False
    assert outcome("sa_eighteen_on_the_day", "adult_at_incident") is True
    assert outcome("sa_no_probable_cause", "informal_available") is False
    assert outcome("sa_formal_felony_reported", "isp_report_required") is True
    assert outcome("sp_screener_judgement", "protocol_high_danger") is False
    assert outcome("sp_screener_judgement", "high_danger") is True
    assert outcome("ki_not_safe_right_now", "urgent") is True
    assert library.get("ki_spanish_interpreter_no_voicemail").model_answers["contact"]["may_leave_voicemail"] is False


class _LaterDate(dt.date):
    """A calendar on which today is 1 January 2031."""

    @classmethod
    def today(cls) -> _LaterDate:
        return cls(2031, 1, 1)


def test_every_scenario_still_holds_on_a_later_day(monkeypatch: pytest.MonkeyPatch, catalogue: Catalogue) -> None:
    # Stories use fixed past dates, so `max: today` limits and ages never change their outcome.
    later = types.SimpleNamespace(**{name: getattr(dt, name) for name in dir(dt) if not name.startswith("_")})
    later.date = _LaterDate
    monkeypatch.setattr(validation, "dt", later)
    monkeypatch.setattr(functions, "dt", later)
    assert validation.check_value(catalogue.get("safety_plan").step("about").field("plan_date"), "2030-12-31",
                                  required=True) is None  # the later calendar is in force
    assert len(load_scenarios(SCENARIOS_DIR, catalogue)) >= 12


def test_kiosk_scenarios_have_spanish_titles_and_summaries(library: ScenarioLibrary) -> None:
    for scenario in library.for_workflow("kiosk_intake"):
        assert scenario.title.get("es") and scenario.summary.get("es"), scenario.id


def test_the_library_is_in_a_stable_order_and_can_be_looked_up(library: ScenarioLibrary) -> None:
    order = [(s.workflow, ("starter", "intermediate", "advanced").index(s.difficulty), s.id) for s in library]
    assert order == sorted(order)
    assert HIGH_DANGER in library and "no_such_scenario" not in library
    assert library.get(HIGH_DANGER).workflow == "safety_plan"
    with pytest.raises(KeyError):
        library.get("no_such_scenario")
    assert all(s.workflow == "kiosk_intake" for s in library.for_workflow("kiosk_intake"))


def test_a_story_splits_into_paragraphs(library: ScenarioLibrary) -> None:
    paragraphs = library.get(HIGH_DANGER).paragraphs()
    assert paragraphs[0].startswith("Monday 9 February 2026.")
    assert len(paragraphs) > 3 and all(p.strip() == p for p in paragraphs)


# --- a broken scenario is refused with its file and place ---------------------------------------------

def test_a_key_naming_an_unknown_field(catalogue: Catalogue) -> None:
    text = replaced(shipped_text(HIGH_DANGER), "key: lethality.q8", "key: lethality.q12")
    assert "broken.yaml: key[lethality.q12]: step 'lethality' of safety_plan has no field 'q12'" in problems_of(
        text, catalogue)


def test_a_key_naming_an_unknown_step_or_computed_value(catalogue: Catalogue) -> None:
    text = replaced(shipped_text(HIGH_DANGER), "key: lethality.q8", "key: lethal.q8")
    text = replaced(text, "key: protocol_high_danger", "key: very_high_danger")
    problems = problems_of(text, catalogue)
    assert any(p.startswith("broken.yaml: key[lethal.q8]: safety_plan has no step 'lethal'") for p in problems)
    assert any(p.startswith("broken.yaml: key[very_high_danger]: 'very_high_danger' is not a computed value")
               for p in problems)


def test_a_key_naming_read_only_text_or_a_group(catalogue: Catalogue) -> None:
    text = replaced(shipped_text(HIGH_DANGER), "key: lethality.q8", "key: lethality.q4_intro")
    text = replaced(text, "key: lethality.q9", "key: numbers.important_numbers")
    problems = problems_of(text, catalogue)
    assert any("key[lethality.q4_intro]: lethality.q4_intro is read-only text" in p for p in problems)
    assert any("key[numbers.important_numbers]: numbers.important_numbers is a repeating group" in p
               for p in problems)


def test_an_expected_choice_that_is_not_a_choice(catalogue: Catalogue) -> None:
    text = replaced(shipped_text("op_coworker_stalking_no_contact"), "value: coworker", "value: colleague")
    assert problems_of(text, catalogue)[0].startswith(
        "broken.yaml: key[relationship.respondent_relationship].value: colleague is not a choice of this field "
        "(choices: spouse, former_spouse,")


def test_an_unquoted_yes_for_a_choice_says_to_quote_it(catalogue: Catalogue) -> None:
    text = replaced(shipped_text("ki_information_only"), 'value: "yes"', "value: yes")
    assert problems_of(text, catalogue) == [
        'broken.yaml: key[safety.safe_now].value: write a choice value in quotes, e.g. "yes" or "no" '
        "(choices: yes, no, not_sure)"]


def test_an_expected_yes_no_that_is_not_true_or_false(catalogue: Catalogue) -> None:
    text = replaced(shipped_text(HIGH_DANGER), "  - key: lethality.q8\n    value: false",
                    "  - key: lethality.q8\n    value: \"no\"")
    assert problems_of(text, catalogue) == [
        "broken.yaml: key[lethality.q8].value: a yes/no question expects true or false"]


def test_an_expected_date_that_is_not_a_date(catalogue: Catalogue) -> None:
    text = replaced(shipped_text("sa_eighteen_on_the_day"), 'value: "2025-11-08"', 'value: "8 November 2025"')
    assert problems_of(text, catalogue)[0].startswith("broken.yaml: key[incident.date].value: Please enter a date")


def test_a_wrong_expected_value_says_what_the_model_answers_give(catalogue: Catalogue) -> None:
    text = replaced(shipped_text(HIGH_DANGER), "  - key: lethality.q8\n    value: false",
                    "  - key: lethality.q8\n    value: true")
    assert problems_of(text, catalogue) == [
        "broken.yaml: key[lethality.q8]: the key expects 'Yes' but the model answers give 'No' "
        "(did a rule in safety_plan change, or is the key or a model answer wrong?)"]


def test_model_answers_that_do_not_complete_the_workflow(catalogue: Catalogue) -> None:
    text = replaced(shipped_text(HIGH_DANGER), "    person_name: Renata\n", "")
    assert problems_of(text, catalogue) == [
        "broken.yaml: model_answers.about.person_name: the model answers must complete the workflow, "
        "but: Please answer this question."]


def test_model_answers_naming_an_unknown_field(catalogue: Catalogue) -> None:
    text = replaced(shipped_text(HIGH_DANGER), "    q10: false\n", "    q10: false\n    q12: true\n")
    assert "broken.yaml: model_answers.lethality.q12: step 'lethality' has no field 'q12'" in problems_of(
        text, catalogue)


def test_a_misspelt_scenario_key(catalogue: Catalogue) -> None:
    text = replaced(shipped_text(HIGH_DANGER), "  - key: lethality.q5\n    value: true\n    weight: 2",
                    "  - key: lethality.q5\n    value: true\n    wieght: 2")
    assert problems_of(text, catalogue) == ["broken.yaml: key[lethality.q5].wieght: unknown key (check its spelling)"]


def test_the_same_key_twice(catalogue: Catalogue) -> None:
    text = replaced(shipped_text(HIGH_DANGER), "key: lethality.q8", "key: lethality.q4")
    assert problems_of(text, catalogue) == ["broken.yaml: (top): the key names lethality.q4 more than once"]


def test_an_unknown_workflow(catalogue: Catalogue) -> None:
    text = replaced(shipped_text(HIGH_DANGER), "workflow: safety_plan", "workflow: safety_planning")
    assert problems_of(text, catalogue)[0].startswith(
        "broken.yaml: workflow: there is no workflow 'safety_planning' "
        "(the workflows are: crisis_contact, kiosk_intake,")


def test_includes_is_only_for_checklists(catalogue: Catalogue) -> None:
    text = replaced(shipped_text(HIGH_DANGER), "  - key: lethality.q8\n    value: false",
                    "  - key: lethality.q8\n    value: false\n    match: includes")
    assert problems_of(text, catalogue) == [
        "broken.yaml: key[lethality.q8].match: `includes` is for checklists (multi_choice fields)"]


def test_a_kiosk_scenario_needs_its_spanish_title(catalogue: Catalogue) -> None:
    text = replaced(shipped_text("ki_information_only"), ', es: "Louise: la voluntaria del banco de comida"', "")
    assert problems_of(text, catalogue) == [
        "broken.yaml: title: kiosk_intake is offered in Spanish, so this needs its Spanish text under `es`"]


def test_an_empty_text(catalogue: Catalogue) -> None:
    text = replaced(shipped_text("ki_information_only"), 'es: "Pregúntelo siempre; ella está a salvo."', 'es: " "')
    assert problems_of(text, catalogue) == ["broken.yaml: key[safety.safe_now].why: the 'es' text is empty"]


def test_the_id_must_match_the_file_name(tmp_path: Path, catalogue: Catalogue) -> None:
    (tmp_path / "renamed.yaml").write_text(shipped_text(HIGH_DANGER), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_scenarios(tmp_path, catalogue)
    assert caught.value.problems == [f"renamed.yaml: id: the id {HIGH_DANGER!r} must match the file name"]


def test_every_broken_file_is_reported_not_just_the_first(tmp_path: Path, catalogue: Catalogue) -> None:
    (tmp_path / "a.yaml").write_text("id: a\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("- not a mapping\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_scenarios(tmp_path, catalogue)
    assert any(p.startswith("a.yaml: workflow: Field required") for p in caught.value.problems)
    assert "b.yaml: (top): a scenario is a mapping of keys such as id, workflow, story, key" in caught.value.problems


# --- a rule change in a definition shows which scenario no longer fits --------------------------------

def definitions_with(tmp_path: Path, file_name: str, old: str, new: str) -> Path:
    folder = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS_DIR, folder)
    path = folder / file_name
    path.write_text(replaced(path.read_text(encoding="utf-8"), old, new), encoding="utf-8")
    return folder


def test_a_changed_rule_names_the_scenario_whose_key_no_longer_holds(tmp_path: Path) -> None:
    # A supervisor raises the number of "yes" answers to questions 4–11 that screen a person in.
    folder = definitions_with(tmp_path, "safety_plan.yaml", "value: 4\n", "value: 5\n")
    with pytest.raises(DefinitionError) as caught:
        load_scenarios(SCENARIOS_DIR, load_directory(folder))
    assert f"{HIGH_DANGER}.yaml: key[protocol_high_danger]: the key expects 'Yes' but the model answers give 'No' " \
           "(did a rule in safety_plan change, or is the key or a model answer wrong?)" in caught.value.problems
    assert all(p.startswith(f"{HIGH_DANGER}.yaml: ") for p in caught.value.problems)


def run_cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workflows", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)


def test_check_prints_one_ok_line_per_scenario(library: ScenarioLibrary) -> None:
    result = run_cli("check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("ok  scenario ")]
    assert [line.split()[2].rstrip(":") for line in lines] == [s.id for s in library]


def test_check_exits_non_zero_when_a_rule_change_breaks_a_scenario(tmp_path: Path) -> None:
    folder = definitions_with(tmp_path, "station_adjustment.yaml", "  window_years:\n    value: 3\n",
                              "  window_years:\n    value: 2\n")
    result = run_cli("--dir", folder, "--scenarios", SCENARIOS_DIR, "check")
    assert result.returncode == 1
    assert "sa_fourth_informal_needs_sa_approval.yaml: key[informal_same_class_3y]: the key expects '3' but the " \
           "model answers give '2'" in result.stdout
    assert "problem(s) found in the training scenarios" in result.stderr
