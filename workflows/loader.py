"""Reading workflow YAML files into checked `Definition`s, with errors that name file and place."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from workflows.checks import check_definition
from workflows.information import SHARING_FILE, SharingRules, check_sharing
from workflows.model import Definition, local

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
TEMPLATES_DIR = Path(__file__).parent.parent / "forms" / "templates"


class DefinitionError(Exception):
    """One or more problems in definition files; each line names the file and the place."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class UnreadableInput(DefinitionError):
    """Files that cannot be read as workflow YAML at all: not UTF-8 text, nested absurdly deep, a
    number too long to convert. The command line exits 2 for these, as for any unusable input."""


def raise_problems(problems: list[str], unreadable: bool) -> None:
    if problems:
        raise (UnreadableInput if unreadable else DefinitionError)(problems)


def read_source(path: Path) -> str:
    """A definition or scenario file's text; a file that is not UTF-8 is a problem naming the byte."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableInput([f"{path.name}: not UTF-8 text (byte {exc.start + 1}); save it as UTF-8"]) from None
    except OSError as exc:
        raise UnreadableInput([f"{path.name}: cannot be read ({exc.strerror})"]) from None


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys; a supervisor's copy-paste deserves an error."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        # A list or mapping used as a key (`? [a, b]`) cannot be looked up in `seen`;
        # construct_mapping below reports it with its line.
        if not isinstance(key, Hashable):
            continue
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} appears twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _place(loc: tuple[Any, ...], raw: Any) -> str:
    """Turn pydantic's location (`steps`, 2, `fields`, 0) into `steps[lethality].fields[q1]`."""
    parts: list[str] = []
    node = raw
    for item in loc:
        if isinstance(item, int):
            label = str(item)
            if isinstance(node, list) and 0 <= item < len(node):
                node = node[item]
                # A definition's lists are named by `id`; a scenario's answer key by `key`.
                name = node.get("id", node.get("key")) if isinstance(node, dict) else None
                if isinstance(name, str):
                    label = name
            parts[-1:] = [f"{parts[-1] if parts else ''}[{label}]"]
        elif _is_union_tag(item, node):
            # pydantic names the member of a union it tried (`computed.x.Computed.expr`,
            # `computed.x.constrained-str`); a supervisor should read `computed.x.expr`.
            continue
        else:
            parts.append(str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return ".".join(parts) or "(top)"


def _is_union_tag(item: Any, node: Any) -> bool:
    if isinstance(node, dict) and item in node:
        return False  # a key the author wrote, however odd
    return item in {"str", "int", "float", "bool"} or not re.fullmatch(r"[a-z_][a-z0-9_]*", str(item))


def read_yaml(text: str, name: str) -> Any:
    """YAML text to plain data (a repeated key is an error); problems name `name` and the line."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "?"
        problem = getattr(exc, "problem", None) or str(exc)
        raise DefinitionError([f"{name}: {where}: {problem}"]) from None
    except RecursionError:
        # PyYAML builds nested lists and mappings recursively; no definition nests like this.
        raise UnreadableInput([f"{name}: nested too deeply to be a workflow file"]) from None
    except ValueError as exc:
        # PyYAML turns values into Python ones itself: a 5000-digit integer, or a date such as
        # 2026-13-45, fails there with a ValueError of its own.
        if "digits" in str(exc):
            raise UnreadableInput([f"{name}: a number has more than {sys.get_int_max_str_digits()} digits"]) from None
        raise DefinitionError([f"{name}: a value cannot be read ({exc})"]) from None


def validation_problems(exc: ValidationError, raw: Any, name: str) -> list[str]:
    """Pydantic's errors as `file: place: message` lines a supervisor can act on."""
    problems = []
    for err in exc.errors():
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key (check its spelling)"
        problems.append(f"{name}: {_place(tuple(err['loc']), raw)}: {msg}")
    return problems


M = TypeVar("M", bound=BaseModel)


def parse_checked(text: str, name: str, model: type[M], shape: str, check: Callable[[M], list[str]]) -> M:
    """One YAML file as `model`, then its cross-reference `check`; every problem starts with
    `name` (the file) and names its place. `shape` says what the top level should be."""
    raw = read_yaml(text, name)
    if not isinstance(raw, dict):
        raise DefinitionError([f"{name}: (top): {shape}"])
    try:
        parsed = model.model_validate(raw)
    except ValidationError as exc:
        raise DefinitionError(validation_problems(exc, raw, name)) from None
    problems = [f"{name}: {p}" for p in check(parsed)]
    if problems:
        raise DefinitionError(problems)
    return parsed


def load_sharing(path: Path = SHARING_FILE) -> SharingRules:
    """The information categories and consent rules (information_sharing.yaml)."""
    return parse_checked(path.read_text(encoding="utf-8"), path.name, SharingRules,
                         "a mapping of consent, own_consents and categories", check_sharing)


def parse_definition(text: str, name: str, templates_dir: Path | None = TEMPLATES_DIR,
                     sharing: SharingRules | None = None) -> Definition:
    """Parse and check one definition's YAML text; `name` is used in error messages. A current
    definition (`templates_dir` given) is also checked against the information categories."""
    if templates_dir is not None and sharing is None:
        sharing = load_sharing()
    return parse_checked(text, name, Definition, "a definition is a mapping of keys such as id, steps",
                         lambda definition: check_definition(definition, templates_dir, sharing))


def load_file(path: Path, templates_dir: Path | None = TEMPLATES_DIR) -> Definition:
    return _load_text(path, read_source(path), templates_dir, None)


def _load_text(path: Path, text: str, templates_dir: Path | None, sharing: SharingRules | None) -> Definition:
    definition = parse_definition(text, path.name, templates_dir, sharing)
    if definition.id != path.stem:
        raise DefinitionError([f"{path.name}: id: the id {definition.id!r} must match the file name"])
    return definition


@dataclass(frozen=True)
class Catalogue:
    """Every workflow definition, by id, in file-name order."""

    definitions: dict[str, Definition]
    sources: dict[str, str]
    """The YAML text of each definition, kept so a document can snapshot the exact version."""
    sharing: SharingRules
    """The information categories and consent rules the definitions' documents are checked against."""

    def get(self, workflow_id: str) -> Definition:
        return self.definitions[workflow_id]

    def title(self, workflow_id: str, lang: str = "en") -> str:
        """The workflow's title, or its id when the workflow is no longer in the catalogue."""
        definition = self.definitions.get(workflow_id)
        return local(definition.title, lang) if definition else workflow_id

    def __contains__(self, workflow_id: object) -> bool:
        return workflow_id in self.definitions

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.definitions.values())


def load_directory(directory: Path = DEFINITIONS_DIR, templates_dir: Path | None = TEMPLATES_DIR,
                   sharing_file: Path = SHARING_FILE) -> Catalogue:
    """Load every `*.yaml` in the folder and the consent rules; collect every problem before raising."""
    problems: list[str] = []
    unreadable = False
    definitions: dict[str, Definition] = {}
    sources: dict[str, str] = {}
    sharing = load_sharing(sharing_file)
    for path in sorted(directory.glob("*.yaml")):
        try:
            text = read_source(path)
            definition = _load_text(path, text, templates_dir, sharing if templates_dir is not None else None)
        except DefinitionError as exc:
            problems.extend(exc.problems)
            unreadable = unreadable or isinstance(exc, UnreadableInput)
            continue
        definitions[definition.id] = definition
        sources[definition.id] = text
    raise_problems(problems, unreadable)
    return Catalogue(definitions, sources, sharing)
