"""The safe expression language: values, logic, comparisons, arithmetic, the ternary, and what it
refuses to parse at all (its functions: test_expression_functions.py)."""

from __future__ import annotations

import builtins
from typing import Any

import pytest
from support.expressions import ANSWERS, ev, lookup

from workflows.expressions import MAX_DEPTH, MAX_SOURCE_LENGTH, ExpressionError, parse

# --- values ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    ("1", 1),
    ("2.5", 2.5),
    ("'hotline'", "hotline"),
    ('"hotline"', "hotline"),
    ("True", True),
    ("False", False),
    ("None", None),
    ("[1, 'a', None]", [1, "a", None]),
    ("(1, 2)", [1, 2]),
])
def test_literals(source: str, expected: Any) -> None:
    assert ev(source) == expected


@pytest.mark.parametrize(("source", "expected"), [("true", True), ("false", False), ("null", None), ("none", None)])
def test_lowercase_true_false_null_are_literals_not_names(source: str, expected: Any) -> None:
    expr = parse(source)
    assert expr.evaluate(lookup) is expected
    assert expr.names == frozenset()


def test_dotted_names_read_answers_through_the_lookup() -> None:
    assert ev("about.name") == "Maria"
    assert ev("threshold") == 4
    assert parse("about.name == 'x' or threshold > about.age").names == {("about", "name"), ("threshold",),
                                                                          ("about", "age")}


def test_a_missing_answer_is_null() -> None:
    assert ev("about.unanswered") is None
    assert ev("nowhere.nothing") is None


# --- logic ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    ("about.partner and about.lives_with", False),
    ("about.partner or about.lives_with", True),
    ("not about.lives_with", True),
    ("not about.partner", False),
    ("about.lives_with or about.unanswered", None),  # `or` returns its last operand, as in Python
    ("about.partner and about.name", "Maria"),
    ("not (about.partner and about.lives_with)", True),
])
def test_and_or_not(source: str, expected: Any) -> None:
    assert ev(source) == expected


def test_and_or_short_circuit_so_later_names_are_not_read() -> None:
    read: list[tuple[str, ...]] = []

    def recording(name: tuple[str, ...]) -> Any:
        read.append(name)
        return ANSWERS.get(name)

    parse("about.lives_with and about.name").evaluate(recording)
    parse("about.partner or about.age").evaluate(recording)
    assert read == [("about", "lives_with"), ("about", "partner")]


def test_holds_is_false_for_null_and_empty() -> None:
    assert parse("about.unanswered").holds(lookup) is False
    assert parse("''").holds(lookup) is False
    assert parse("about.partner").holds(lookup) is True


# --- comparisons ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    ("about.age == 34", True),
    ("about.age != 34", False),
    ("about.age > 30", True),
    ("about.age >= 34", True),
    ("about.age < 18", False),
    ("about.age <= 33", False),
    ("18 <= about.age < 65", True),
    ("18 <= about.age < 30", False),
    ("about.name == 'Maria'", True),
    ("about.partner == true", True),
    ("about.lives_with == false", True),
    ("about.unanswered == null", True),
    ("about.unanswered == false", False),  # not answered is not "no"
    ("about.born < '2000-01-01'", True),  # ISO dates order as text
])
def test_comparisons(source: str, expected: bool) -> None:
    assert ev(source) is expected


@pytest.mark.parametrize("op", ["<", "<=", ">", ">="])
def test_null_is_never_less_or_greater_than_anything(op: str) -> None:
    assert ev(f"about.unanswered {op} 0") is False
    assert ev(f"0 {op} about.unanswered") is False
    assert ev(f"about.unanswered {op} about.unanswered") is False


@pytest.mark.parametrize("source", ["about.age < 'ten'", "about.name > 3", "about.partner > 0", "true >= 1"])
def test_values_of_different_kinds_never_order(source: str) -> None:
    assert ev(source) is False


@pytest.mark.parametrize(("source", "expected"), [
    ("'change_locks' in home.steps", True),
    ("'secure_windows' in home.steps", False),
    ("'secure_windows' not in home.steps", True),
    ("about.children in [1, 2, 3]", True),
    ("about.name in ['Ana', 'Lupe']", False),
    ("'ar' in about.name", True),
    ("'x' in about.unanswered", False),  # a missing list contains nothing
    ("'x' not in about.unanswered", True),
    ("1 in about.name", False),  # a number is never "in" a text
])
def test_in_and_not_in(source: str, expected: bool) -> None:
    assert ev(source) is expected


# --- arithmetic -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    ("about.age + 1", 35),
    ("about.age - about.children", 32),
    ("about.children * 3", 6),
    ("about.age / 2", 17),
    ("about.age % 5", 4),
    ("-about.age", -34),
    ("+about.age", 34),
    ("'Ms. ' + about.name", "Ms. Maria"),
])
def test_arithmetic(source: str, expected: Any) -> None:
    assert ev(source) == expected


@pytest.mark.parametrize("source", [
    "about.unanswered + 1",
    "1 - about.unanswered",
    "-about.unanswered",
    "about.name * 1000000",  # no text repetition
    "about.partner + 1",  # yes/no is not a number
    "about.age / 0",
    "about.age % 0",
    "[1] + 'x'",  # a list joins only another list
])
def test_arithmetic_on_missing_or_wrong_values_is_null_not_an_error(source: str) -> None:
    assert ev(source) is None


def test_arithmetic_on_a_huge_answer_is_null_not_an_error() -> None:
    # Regression: OverflowError used to escape from evaluate().
    assert parse("about.age / 3").evaluate(lambda name: 10**400) is None


def test_a_null_sum_makes_a_comparison_false() -> None:
    assert ev("about.unanswered + 1 > 0") is False


# --- ternary --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    ("'adult' if about.age >= 18 else 'minor'", "adult"),
    ("'yes' if about.unanswered else 'not yes'", "not yes"),
    ("'a' if about.lives_with else ('b' if about.partner else 'c')", "b"),
])
def test_ternary(source: str, expected: str) -> None:
    assert ev(source) == expected


def test_ternary_evaluates_only_the_chosen_branch() -> None:
    read: list[tuple[str, ...]] = []

    def recording(name: tuple[str, ...]) -> Any:
        read.append(name)
        return ANSWERS.get(name)

    parse("about.name if about.partner else about.age").evaluate(recording)
    assert ("about", "age") not in read
# --- refused at parse time ------------------------------------------------------------------------

@pytest.mark.parametrize("source", [
    "__import__('os')",
    "open('x')",
    "eval('1')",
    "exec('1')",
    "getattr(about, 'name')",
    "print(1)",
    "frob(about.age)",
])
def test_calls_of_functions_outside_the_whitelist_are_refused(source: str) -> None:
    with pytest.raises(ExpressionError, match="unknown function"):
        parse(source)


def test_the_unknown_function_message_names_it_and_lists_the_real_ones() -> None:
    with pytest.raises(ExpressionError) as exc:
        parse("count_yess(a.b)")
    assert "count_yess()" in str(exc.value)
    assert "count_yes, date_of, date_time, days_between" in str(exc.value)


@pytest.mark.parametrize("source", [
    "().__class__",
    "''.join",
    "'x'.upper()",
    "count_yes().real",
    "(1).real",
    "about.name.upper()",  # a method call on an answer
    "[].__class__.__base__.__subclasses__()",
])
def test_attribute_access_on_anything_but_a_name_is_refused(source: str) -> None:
    with pytest.raises(ExpressionError):
        parse(source)


@pytest.mark.parametrize(("source", "reason"), [
    ("home.steps[0]", "Subscript"),
    ("lambda: 1", "Lambda"),
    ("[x for x in home.steps]", "ListComp"),
    ("{x for x in home.steps}", "SetComp"),
    ("(x for x in home.steps)", "GeneratorExp"),
    ("{1: 2}", "Dict"),
    ("{1, 2}", "Set"),
    ("f'{about.name}'", "JoinedStr"),
    ("(x := 1)", "NamedExpr"),
    ("[*home.steps]", "Starred"),
    ("2 ** 100000", "Pow"),
    ("9 // 2", "FloorDiv"),
    ("1 << 3", "LShift"),
    ("~1", "Invert"),
    ("about is None", "Is"),
    ("b'bytes'", "literal"),
    ("...", "literal"),
    ("1j", "literal"),
])
def test_python_constructs_outside_the_language_are_refused(source: str, reason: str) -> None:
    with pytest.raises(ExpressionError, match=reason):
        parse(source)


@pytest.mark.parametrize("source", ["_secret", "__import__", "about._private", "__builtins__.open",
                                    "about.__class__", "_a.b"])
def test_names_starting_with_an_underscore_are_refused(source: str) -> None:
    with pytest.raises(ExpressionError, match="not allowed"):
        parse(source)


@pytest.mark.parametrize("source", ["count_yes(a, *b)", "min(a, key=b)", "max(**a)"])
def test_functions_take_plain_arguments_only(source: str) -> None:
    with pytest.raises(ExpressionError):
        parse(source)


@pytest.mark.parametrize("source", ["", "   ", "a ==", "a b", "(a", "a = 1", "import os", "a; b", "if a: b"])
def test_empty_or_unreadable_text_is_refused(source: str) -> None:
    with pytest.raises(ExpressionError, match=r"empty|cannot read"):
        parse(source)


def test_an_expression_longer_than_the_limit_is_refused() -> None:
    source = " or ".join(["about.partner"] * 80)
    assert len(source) > MAX_SOURCE_LENGTH
    with pytest.raises(ExpressionError, match=f"longer than {MAX_SOURCE_LENGTH}"):
        parse(source)


def test_an_expression_nested_too_deeply_is_refused() -> None:
    with pytest.raises(ExpressionError, match="nested too deeply"):
        parse("not " * (MAX_DEPTH + 5) + "a.b")
    with pytest.raises(ExpressionError, match="nested too deeply"):
        parse(" + ".join(["1"] * (MAX_DEPTH + 5)))


def test_nesting_within_the_limit_is_fine() -> None:
    assert parse("not " * 10 + "about.partner").evaluate(lookup) is True


# --- never Python's eval --------------------------------------------------------------------------

def test_evaluation_never_uses_python_eval_exec_or_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [
        "count_yes(about.partner, about.lives_with) >= 1 and 'change_locks' in home.steps",
        "'adult' if age_on(about.born, '2026-03-14') >= 18 else 'minor'",
        "days_between(about.born, today()) > 0 or max(about.age, 3) + 1 > threshold",
    ]
    expressions = [parse(s) for s in sources]  # parsing may use ast.parse (which uses compile)

    def forbidden(*_: Any, **__: Any) -> Any:
        raise AssertionError("evaluation called eval/exec/compile")

    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, forbidden)
    try:
        results = [e.evaluate(lookup) for e in expressions]
    finally:
        monkeypatch.undo()
    assert results == [True, "adult", True]


def test_the_lookup_only_ever_receives_dotted_names_of_strings() -> None:
    received: list[Any] = []

    def recording(name: tuple[str, ...]) -> Any:
        received.append(name)
        return None

    parse("a.b or c or count_yes(d.e, f.g) > 0").evaluate(recording)
    assert received == [("a", "b"), ("c",), ("d", "e"), ("f", "g")]
    assert all(isinstance(part, str) for name in received for part in name)


def test_an_answer_that_looks_like_code_is_just_text() -> None:
    evil = "__import__('os').system('echo pwned')"
    assert parse("p.x + '!'").evaluate({("p", "x"): evil}.get) == evil + "!"
    assert parse("p.x == 'x'").evaluate({("p", "x"): evil}.get) is False
