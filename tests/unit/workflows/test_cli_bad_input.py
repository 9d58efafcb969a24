"""`python -m workflows` on input that cannot be used at all: it exits 2 with one clear line
naming the file and what is wrong, never a traceback, and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.cli import FIXTURES, SOUND, run

HIGH_DANGER = FIXTURES / "safety_plan_high_danger.json"


def refused(result_stderr: str, returncode: int, expected: str) -> None:
    assert returncode == 2, result_stderr
    assert "Traceback" not in result_stderr
    assert expected in result_stderr


# -- answers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "expected"), [
    (b'{"about": {"person_name": "Ana \xff\xfe"}}', "not UTF-8 text (byte 32); save it as UTF-8"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply to be answers"),
    (b'{"about": {"plan_date": ' + b"9" * 5000 + b"}}", "a number has more than 4300 digits"),
], ids=["invalid UTF-8", "absurd nesting", "huge integer"])
@pytest.mark.parametrize("command", ["evaluate", "fill"])
def test_unusable_answers_exit_2_with_a_clear_message(tmp_path: Path, content: bytes, expected: str,
                                                      command: str) -> None:
    answers = tmp_path / "answers.json"
    answers.write_bytes(content)
    pdf = tmp_path / "plan.pdf"
    result = run(command, "safety_plan", answers, *(["--pdf", pdf] if command == "fill" else []))
    refused(result.stderr, result.returncode, f"cannot read answers from {answers}: {expected}")
    assert not pdf.exists()


def test_an_integer_too_large_for_a_number_is_a_wrong_answer_not_a_crash(tmp_path: Path) -> None:
    answers = {"adjustment": {"term_days": 10**400, "community_service_hours": -10**400}}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    evaluated = run("evaluate", "station_adjustment_violation", path)
    assert evaluated.returncode == 0, evaluated.stderr
    errors = json.loads(evaluated.stdout)["errors"]
    assert errors["adjustment.term_days"] == "Please enter a number."
    assert errors["adjustment.community_service_hours"] == "Please enter a number."
    filled = run("fill", "station_adjustment_violation", path, "--pdf", tmp_path / "out.pdf")
    assert filled.returncode == 2 and "adjustment.term_days: Please enter a number." in filled.stdout
    assert "Traceback" not in filled.stderr


# -- definition files --------------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "expected"), [
    (SOUND.encode().replace(b"title: {en: Sound}", b"title: {en: Sound \xe9}"), "not UTF-8 text (byte 40)"),
    (b"id: sound\nversion: 3\ntitle: " + b"[" * 50_000 + b"]" * 50_000 + b"\n", "nested too deeply"),
    (SOUND.encode().replace(b"version: 3", b"version: " + b"9" * 5000), "a number has more than 4300 digits"),
], ids=["invalid UTF-8", "absurd nesting", "huge integer"])
@pytest.mark.parametrize("command", ["check", "evaluate"])
def test_an_unreadable_definition_file_exits_2_naming_the_file(tmp_path: Path, content: bytes, expected: str,
                                                               command: str) -> None:
    (tmp_path / "sound.yaml").write_bytes(content)
    answers = tmp_path / "answers.json"
    answers.write_text("{}", encoding="utf-8")
    result = run("--dir", tmp_path, command, *(["sound", answers] if command == "evaluate" else []))
    output = result.stdout + result.stderr
    refused(output, result.returncode, f"sound.yaml: {expected}")


def test_an_unreadable_scenario_file_exits_2_naming_the_file(tmp_path: Path) -> None:
    definitions, scenarios = tmp_path / "definitions", tmp_path / "scenarios"
    definitions.mkdir()
    scenarios.mkdir()
    (definitions / "sound.yaml").write_text(SOUND, encoding="utf-8")
    (scenarios / "practice.yaml").write_bytes(b"id: practice\nstory: {en: \"caf\xe9\"}\n")
    result = run("--dir", definitions, "--scenarios", scenarios, "check")
    refused(result.stdout + result.stderr, result.returncode, "practice.yaml: not UTF-8 text (byte 30)")


# -- output paths ----------------------------------------------------------------------------------


def test_a_pdf_path_that_is_a_folder_exits_2_before_anything_is_rendered(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    result = run("fill", "safety_plan", HIGH_DANGER, "--pdf", folder)
    refused(result.stderr, result.returncode, f"--pdf {folder} is a folder; give a file name")
    assert list(folder.iterdir()) == []


def test_an_out_dir_that_is_a_file_exits_2(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("not a folder", encoding="utf-8")
    result = run("fill", "safety_plan", HIGH_DANGER, "--out-dir", target)
    refused(result.stderr, result.returncode, f"--out-dir {target} is a file, not a folder")
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_a_pdf_in_a_missing_folder_exits_2(tmp_path: Path) -> None:
    pdf = tmp_path / "no such folder" / "plan.pdf"
    result = run("fill", "safety_plan", HIGH_DANGER, "--pdf", pdf)
    refused(result.stderr, result.returncode, f"the folder {pdf.parent} does not exist")
