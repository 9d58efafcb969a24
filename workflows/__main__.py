"""`python -m workflows`: check definitions, print the JSON Schema, evaluate or fill headlessly.

Other tools depend on this command line, so its output is a contract:
- `check` exits 0 when every definition and every training scenario is sound, 1 otherwise, printing
  one `ok` line per definition and per scenario, or one problem per line (scenarios are checked
  when the definitions are the shipped ones, or with `--scenarios DIR`);
- `schema` prints the JSON Schema of the definition format;
- `evaluate ID ANSWERS.json` prints {"visible_steps", "computed", "errors", "complete"};
- `fill ID ANSWERS.json --pdf OUT.pdf | --out-dir DIR` exits 0 and writes the PDF(s) when the
  answers are complete, otherwise exits 2, writes nothing and prints `step.field: message` lines.

Every command exits 2 with one clear line on standard error, never a traceback, when an input
cannot be used at all: a file that is not UTF-8, nested absurdly deep or holding a number too long
to convert, answers that are not JSON, or an output path that is a folder (or a folder path that is
a file). Exit 1 means the definitions (or scenarios) have problems, or the workflow is unknown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from workflows.engine import evaluate
from workflows.loader import DEFINITIONS_DIR, DefinitionError, UnreadableInput, load_directory
from workflows.model import Definition
from workflows.presentation import DocumentMeta, document_context
from workflows.scenarios import SCENARIOS_DIR, load_scenarios

UNUSABLE = 2  # an input that cannot be used at all, as argparse exits for a wrong command line


def _unusable(message: str) -> NoReturn:
    print(message, file=sys.stderr)
    raise SystemExit(UNUSABLE)


def _definition(workflow_id: str, directory: Path) -> Definition:
    try:
        catalogue = load_directory(directory)
    except DefinitionError as exc:
        text = "\n".join([*exc.problems, "run `python -m workflows check` for details"])
        if isinstance(exc, UnreadableInput):
            _unusable(text)
        raise SystemExit(text) from None
    if workflow_id not in catalogue:
        known = ", ".join(sorted(catalogue.definitions))
        raise SystemExit(f"no workflow {workflow_id!r}; the workflows are: {known}")
    return catalogue.get(workflow_id)


def _answers(path: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_bytes().decode("utf-8"))
    except OSError as exc:
        _unusable(f"cannot read answers from {path}: {exc.strerror}")
    except UnicodeDecodeError as exc:
        _unusable(f"cannot read answers from {path}: not UTF-8 text (byte {exc.start + 1}); save it as UTF-8")
    except RecursionError:
        _unusable(f"cannot read answers from {path}: nested too deeply to be answers")
    except json.JSONDecodeError as exc:
        _unusable(f"cannot read answers from {path}: not JSON ({exc.msg}, line {exc.lineno} column {exc.colno})")
    except ValueError:  # the only other ValueError json raises: an integer too long to convert
        _unusable(f"cannot read answers from {path}: a number has more than {sys.get_int_max_str_digits()} digits")
    if not isinstance(data, dict):
        _unusable(f"{path}: answers are a JSON object of steps, e.g. {{\"step\": {{\"field\": 1}}}}")
    return data


def _problems(exc: DefinitionError, where: str) -> int:
    """Print each problem on its own line (for an editor to jump to) and the count; exit code 1
    (2 when a file could not be read at all)."""
    for problem in exc.problems:
        print(problem)
    print(f"{len(exc.problems)} problem(s) found{where}", file=sys.stderr)
    return UNUSABLE if isinstance(exc, UnreadableInput) else 1


def _check_targets(args: argparse.Namespace) -> None:
    """Refuse an output path that cannot be written before anything is rendered."""
    if args.out_dir is not None:
        if args.out_dir.exists() and not args.out_dir.is_dir():
            _unusable(f"--out-dir {args.out_dir} is a file, not a folder")
        return
    pdf: Path = args.pdf
    if pdf.is_dir():
        _unusable(f"--pdf {pdf} is a folder; give a file name, e.g. {pdf / 'plan.pdf'}")
    if not pdf.parent.is_dir():
        _unusable(f"--pdf {pdf}: the folder {pdf.parent} does not exist")


def cmd_check(args: argparse.Namespace) -> int:
    try:
        catalogue = load_directory(args.dir)
    except DefinitionError as exc:
        return _problems(exc, "")
    for definition in catalogue:
        print(f"ok  {definition.id} v{definition.version}: {len(definition.steps)} steps, "
              f"{sum(len(s.fields) for s in definition.steps)} fields")
    # A folder of other definitions has no scenarios written for it unless one is named.
    scenarios_dir = args.scenarios or (SCENARIOS_DIR if args.dir == DEFINITIONS_DIR else None)
    if scenarios_dir is None:
        return 0
    try:
        library = load_scenarios(scenarios_dir, catalogue)
    except DefinitionError as exc:
        return _problems(exc, " in the training scenarios")
    for scenario in library:
        print(f"ok  scenario {scenario.id}: {scenario.workflow}, {scenario.difficulty}, "
              f"{len(scenario.key)} key entries proven by the model answers")
    return 0


def cmd_schema(_: argparse.Namespace) -> int:
    schema = Definition.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Wraparound workflow definition"
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    definition = _definition(args.workflow_id, args.dir)
    result = evaluate(definition, _answers(args.answers))
    print(json.dumps(result.as_json(), ensure_ascii=False, default=str))
    return 0


def cmd_fill(args: argparse.Namespace) -> int:
    _check_targets(args)
    definition = _definition(args.workflow_id, args.dir)
    result = evaluate(definition, _answers(args.answers))
    if not result.complete:
        for key, problem in result.errors.items():
            print(f"{key}: {problem}")
        return 2
    if not definition.documents:
        raise SystemExit(f"{definition.id} declares no documents")
    # Imported here: the engine never needs WeasyPrint; only filling a PDF does.
    from forms.renderer import render_pdf

    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    meta = DocumentMeta(id="cli-" + dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S"), created_at=now,
                        submitted_at=now, workflow_version=definition.version)
    targets = definition.documents if args.out_dir else definition.documents[:1]
    rendered = []
    for spec in targets:
        context = document_context(definition, result, meta, spec.id)
        rendered.append((spec, render_pdf(spec.template, context)))
    try:
        if args.out_dir:
            args.out_dir.mkdir(parents=True, exist_ok=True)
            for spec, pdf in rendered:
                (args.out_dir / f"{definition.id}-{spec.id}.pdf").write_bytes(pdf)
                print(args.out_dir / f"{definition.id}-{spec.id}.pdf")
        else:
            args.pdf.write_bytes(rendered[0][1])
            print(args.pdf)
    except OSError as exc:
        _unusable(f"cannot write {exc.filename}: {exc.strerror}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workflows", description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFINITIONS_DIR, help="folder of definition YAML files")
    parser.add_argument("--scenarios", type=Path, default=None,
                        help="folder of training scenario YAML files to check (default: the shipped ones, "
                        "when --dir is the shipped definitions)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="check every definition and scenario (exit 0 when all are sound, 1 otherwise)")
    sub.add_parser("schema", help="print the JSON Schema of the definition format")
    ev = sub.add_parser("evaluate", help="print visible steps, computed values, errors and completeness")
    ev.add_argument("workflow_id")
    ev.add_argument("answers", help="ANSWERS.json: {\"step_id\": {\"field_id\": value}}")
    fill = sub.add_parser("fill", help="validate completely and write the PDF(s)")
    fill.add_argument("workflow_id")
    fill.add_argument("answers")
    target = fill.add_mutually_exclusive_group(required=True)
    target.add_argument("--pdf", type=Path, help="write the workflow's first declared document here")
    target.add_argument("--out-dir", type=Path, help="write every document the workflow declares here")
    args = parser.parse_args(argv)
    commands = {"check": cmd_check, "schema": cmd_schema, "evaluate": cmd_evaluate, "fill": cmd_fill}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
