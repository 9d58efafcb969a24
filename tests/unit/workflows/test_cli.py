"""`python -m workflows`, run as a supervisor or a script runs it: its exit codes and output are a
contract (see workflows/__main__.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from support.cli import FIXTURES, SOUND, run

from workflows.loader import DEFINITIONS_DIR

BROKEN = """\
id: broken
version: 1
title: {en: Broken}
steps:
  - id: escape
    title: {en: Escape}
    show_if: "about.partner == true"
    fields:
      - {id: route, type: text, label: {en: Route}, requried: true}
"""





def write_answers(tmp_path: Path, answers: dict[str, Any]) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    return path


# --- check ----------------------------------------------------------------------------------------

def test_check_passes_on_the_shipped_definitions_and_their_templates() -> None:
    result = run("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert any(line.startswith("ok  safety_plan v") for line in result.stdout.splitlines()), result.stdout


def test_check_passes_on_a_sound_folder_and_says_what_it_checked(tmp_path: Path) -> None:
    (tmp_path / "sound.yaml").write_text(SOUND, encoding="utf-8")
    result = run("--dir", tmp_path, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "ok  sound v3: 2 steps, 3 fields\n"


def test_check_fails_on_a_broken_folder_with_one_problem_per_line(tmp_path: Path) -> None:
    (tmp_path / "sound.yaml").write_text(SOUND, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "renamed.yaml").write_text(SOUND, encoding="utf-8")
    (tmp_path / "typo.yaml").write_text(SOUND.replace("id: sound", "id: typo").replace(
        'show_if: "about.partner == true"', 'show_if: "about.partnr == true"'), encoding="utf-8")
    result = run("--dir", tmp_path, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "broken.yaml: steps[escape].fields[route].requried: unknown key (check its spelling)",
        "renamed.yaml: id: the id 'sound' must match the file name",
        "typo.yaml: steps[escape].show_if: unknown name 'about.partnr': step 'about' has no field 'partnr'",
    ]
    assert result.stderr.strip() == "3 problem(s) found"


def test_check_reports_a_yaml_syntax_error_by_line(tmp_path: Path) -> None:
    (tmp_path / "sound.yaml").write_text(SOUND.replace("title: {en: Sound}", "title: {en: Sound"), encoding="utf-8")
    result = run("--dir", tmp_path, "check")
    assert result.returncode == 1
    assert result.stdout.startswith("sound.yaml: line 4: ")
    assert "Traceback" not in result.stderr


# --- schema ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = run("schema")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_schema_is_a_valid_json_schema(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Wraparound workflow definition"
    assert {"id", "version", "title", "steps"} <= set(schema["required"])


@pytest.mark.parametrize("path", sorted(DEFINITIONS_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_definition_matches_the_schema(schema: dict[str, Any], path: Path) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_the_schema_rejects_a_misspelt_key(schema: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError, match="requried"):
        jsonschema.validate(yaml.safe_load(BROKEN), schema)


# --- evaluate -------------------------------------------------------------------------------------

def test_evaluate_prints_the_state_of_partial_answers(tmp_path: Path) -> None:
    answers = write_answers(tmp_path, {
        "about": {"person_name": "Maria", "intimate_partner": True, "has_children": False},
        "lethality": {"q2": True},
    })
    result = run("evaluate", "safety_plan", answers)
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout)
    assert list(state) == ["visible_steps", "computed", "errors", "complete"]
    assert state["visible_steps"][:4] == ["about", "lethality", "protocol", "during_incident"]
    assert "children" not in state["visible_steps"]
    assert state["computed"]["high_danger"] is True
    assert state["errors"]["about.plan_date"] == "Please answer this question."
    assert state["errors"]["protocol.hotline_called"] == "Please answer yes or no."
    assert "about.person_name" not in state["errors"]
    assert state["complete"] is False


def test_evaluate_says_complete_for_a_complete_plan(tmp_path: Path) -> None:
    result = run("evaluate", "safety_plan", FIXTURES / "safety_plan_with_children.json")
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout)
    assert state["errors"] == {}
    assert state["complete"] is True
    assert state["computed"]["high_danger"] is False


def test_evaluate_names_the_workflows_when_the_id_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "sound.yaml").write_text(SOUND, encoding="utf-8")
    result = run("--dir", tmp_path, "evaluate", "safety_pln", write_answers(tmp_path, {}))
    assert result.returncode == 1
    assert result.stderr.strip() == "no workflow 'safety_pln'; the workflows are: sound"


@pytest.mark.parametrize(("content", "expected"), [
    ("{not json", "cannot read answers from"),
    ("[1, 2]", "answers are a JSON object of steps"),
])
def test_evaluate_explains_unreadable_answers(tmp_path: Path, content: str, expected: str) -> None:
    (tmp_path / "sound.yaml").write_text(SOUND, encoding="utf-8")
    answers = tmp_path / "answers.json"
    answers.write_text(content, encoding="utf-8")
    result = run("--dir", tmp_path, "evaluate", "sound", answers)
    assert result.returncode == 2  # input that cannot be used (tests/unit/test_cli_bad_input.py)
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_evaluate_refuses_a_broken_folder(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    result = run("--dir", tmp_path, "evaluate", "broken", write_answers(tmp_path, {}))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "broken.yaml: steps[escape].fields[route].requried: unknown key (check its spelling)",
        "run `python -m workflows check` for details",
    ]


# --- fill -----------------------------------------------------------------------------------------

def test_fill_refuses_incomplete_answers_and_writes_nothing(tmp_path: Path) -> None:
    answers = json.loads((FIXTURES / "safety_plan_high_danger.json").read_text(encoding="utf-8"))
    del answers["protocol"]["information_given"]
    answers["about"]["plan_date"] = "14/03/2026"
    path = write_answers(tmp_path, answers)
    pdf = tmp_path / "plan.pdf"
    out_dir = tmp_path / "out"

    for target in (["--pdf", pdf], ["--out-dir", out_dir]):
        result = run("fill", "safety_plan", path, *target)
        assert result.returncode == 2
        assert result.stdout.splitlines() == [
            "about.plan_date: Please enter a date as year-month-day, for example 2026-03-14.",
            "protocol.information_given: Please answer this question.",
        ]
    assert not pdf.exists()
    assert not out_dir.exists()


def test_fill_needs_a_target(tmp_path: Path) -> None:
    result = run("fill", "safety_plan", FIXTURES / "safety_plan_high_danger.json")
    assert result.returncode == 2  # argparse's usage error
    assert "--pdf" in result.stderr


@pytest.mark.parametrize("fixture", ["safety_plan_high_danger.json", "safety_plan_with_children.json"])
def test_fill_writes_a_pdf_for_complete_answers(tmp_path: Path, fixture: str) -> None:
    pdf = tmp_path / "plan.pdf"
    result = run("fill", "safety_plan", FIXTURES / fixture, "--pdf", pdf)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == str(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_fill_writes_every_declared_document_to_a_folder(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    result = run("fill", "safety_plan", FIXTURES / "safety_plan_high_danger.json", "--out-dir", out_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    written = sorted(p.name for p in out_dir.iterdir())
    assert written == ["safety_plan-staff_record.pdf", "safety_plan-take_home.pdf"]
    assert all((out_dir / name).read_bytes().startswith(b"%PDF-") for name in written)
    assert result.stdout.splitlines() == [str(out_dir / "safety_plan-take_home.pdf"),
                                          str(out_dir / "safety_plan-staff_record.pdf")]

