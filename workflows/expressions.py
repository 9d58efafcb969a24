"""The safe expression language of `show_if`, `required_if`, rules and computed values.

Expressions look like Python (`lethality.q1 or count_yes(lethality.q4, lethality.q5) >= 4`) because
Python's own parser (`ast`, part of the standard library and maintained with the language) reads
them. Nothing is ever compiled or passed to `eval`: the parse tree is checked against a short list
of allowed node types when a definition loads, and evaluated here by a small tree walker that can
only read answers through the lookup function the engine gives it. Attribute access never touches
a Python object: `step.field` is just a dotted name.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workflows.functions import FUNCTIONS, SIGNATURES

MAX_SOURCE_LENGTH = 1000
MAX_DEPTH = 40

Lookup = Callable[[tuple[str, ...]], Any]

# Lower-case spellings a supervisor is likely to type.
LITERAL_NAMES: dict[str, Any] = {"true": True, "false": False, "null": None, "none": None}


class ExpressionError(ValueError):
    """An expression that does not parse or uses something outside the language."""

FieldRef = tuple[tuple[str, ...], str]
"""(the dotted name of a list, a sub-field name given as text), e.g. (("history", "prior"), "type")."""

_COMPARE = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_ARITH = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Mod: lambda a, b: a % b,
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True)
class Expression:
    """A parsed, checked expression. `names` are the dotted names it reads."""

    source: str
    tree: ast.expr = field(repr=False, compare=False)
    names: frozenset[tuple[str, ...]]
    field_refs: frozenset[FieldRef] = frozenset()
    """Sub-field names given as text to list functions, with the list they are read from when that
    list is a plain name (`count_where(history.prior, 'type', ...)`), so the checker can verify them."""

    def evaluate(self, lookup: Lookup) -> Any:
        return _Evaluator(lookup).visit(self.tree)

    def holds(self, lookup: Lookup) -> bool:
        """True only when the expression evaluates to a true value; errors and null are false."""
        return bool(self.evaluate(lookup))


def dotted_name(node: ast.expr) -> tuple[str, ...] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return tuple(reversed(parts))
    return None


def parse(source: str) -> Expression:
    """Parse and check an expression; raise ExpressionError with a plain-language reason."""
    if not isinstance(source, str) or not source.strip():
        raise ExpressionError("the expression is empty")
    if len(source) > MAX_SOURCE_LENGTH:
        raise ExpressionError(f"the expression is longer than {MAX_SOURCE_LENGTH} characters")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"cannot read the expression ({exc.msg}, at column {exc.offset})") from None
    names: set[tuple[str, ...]] = set()
    refs: set[FieldRef] = set()
    _check(tree.body, names, 0, refs)
    return Expression(source=source, tree=tree.body, names=frozenset(names), field_refs=frozenset(refs))


def _check_signature(name: str, args: list[ast.expr], refs: set[FieldRef]) -> None:
    """Arity, and sub-field names that must be written as text: `'type'`, not `type`."""
    sig = SIGNATURES.get(name)
    if sig is None:
        return
    n = len(args)
    if n < sig.least or (sig.most is not None and n > sig.most):
        wanted = str(sig.least) if sig.most == sig.least else f"at least {sig.least}"
        plural = "" if sig.least == 1 else "s"
        raise ExpressionError(f"{name}() takes {wanted} argument{plural}, not {n}")
    positions = list(sig.field_names)
    if sig.paired_from is not None:
        if (n - sig.paired_from) % 2:
            raise ExpressionError(f"{name}(): the conditions come in pairs, a sub-field name and its value")
        positions += list(range(sig.paired_from, n, 2))
    lst = dotted_name(args[0]) if args else None
    for i in positions:
        arg = args[i]
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value):
            raise ExpressionError(f"{name}(): argument {i + 1} names a sub-field and must be written as "
                                  "text in quotes, e.g. 'type'")
        if lst is not None:
            refs.add((lst, arg.value))


def _check(node: ast.expr, names: set[tuple[str, ...]], depth: int, refs: set[FieldRef]) -> None:
    if depth > MAX_DEPTH:
        raise ExpressionError("the expression is nested too deeply")
    d = depth + 1
    match node:
        case ast.Constant(value=value):
            if not (value is None or isinstance(value, bool | int | float | str)):
                raise ExpressionError(f"literal {value!r} is not allowed")
        case ast.Name(id=name):
            # A bare `__import__` or `_x` is refused here as well as at parse time, so no underscore
            # name ever reaches a lookup.
            if name.startswith("_"):
                raise ExpressionError(f"name {name!r} is not allowed")
            if name not in LITERAL_NAMES:
                names.add((name,))
        case ast.Attribute():
            dotted = dotted_name(node)
            if dotted is None:
                raise ExpressionError("only names like step.field may be used with a dot")
            if any(part.startswith("_") for part in dotted):
                raise ExpressionError(f"name {'.'.join(dotted)!r} is not allowed")
            names.add(dotted)
        case ast.BoolOp(values=values):
            for v in values:
                _check(v, names, d, refs)
        case ast.UnaryOp(op=op, operand=operand):
            if not isinstance(op, ast.Not | ast.USub | ast.UAdd):
                raise ExpressionError(f"operator {type(op).__name__} is not allowed")
            _check(operand, names, d, refs)
        case ast.BinOp(op=op, left=left, right=right):
            if type(op) not in _ARITH:
                raise ExpressionError(f"operator {type(op).__name__} is not allowed")
            _check(left, names, d, refs)
            _check(right, names, d, refs)
        case ast.Compare(left=left, ops=ops, comparators=comparators):
            for cmp in ops:
                if type(cmp) not in _COMPARE:
                    raise ExpressionError(f"comparison {type(cmp).__name__} is not allowed")
            _check(left, names, d, refs)
            for c in comparators:
                _check(c, names, d, refs)
        case ast.IfExp(test=test, body=body, orelse=orelse):
            for part in (test, body, orelse):
                _check(part, names, d, refs)
        case ast.List(elts=elts) | ast.Tuple(elts=elts):
            for e in elts:
                _check(e, names, d, refs)
        case ast.Call(func=func, args=args, keywords=keywords):
            if not isinstance(func, ast.Name) or func.id not in FUNCTIONS:
                known = ", ".join(sorted(FUNCTIONS))
                # Say which function, so a supervisor can find the typo.
                which = f" {func.id}()" if isinstance(func, ast.Name) else ""
                raise ExpressionError(f"unknown function{which}; the functions are: {known}")
            if keywords or any(isinstance(a, ast.Starred) for a in args):
                raise ExpressionError(f"{func.id}() takes plain arguments only")
            _check_signature(func.id, args, refs)
            for a in args:
                _check(a, names, d, refs)
        case _:
            raise ExpressionError(f"{type(node).__name__} is not part of the expression language")


class _Evaluator:
    """Walks a checked tree. Missing answers are null; null never equals yes; an operation on
    values of the wrong kind gives null rather than an exception, so a half-filled form is safe."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup

    def visit(self, node: ast.expr) -> Any:
        match node:
            case ast.Constant(value=value):
                return value
            case ast.Name(id=name) if name in LITERAL_NAMES:
                return LITERAL_NAMES[name]
            case ast.Name() | ast.Attribute():
                dotted = dotted_name(node)
                assert dotted is not None
                return self.lookup(dotted)
            case ast.BoolOp(op=ast.And(), values=values):
                result: Any = True
                for v in values:
                    result = self.visit(v)
                    if not result:
                        return result
                return result
            case ast.BoolOp(values=values):
                result = False
                for v in values:
                    result = self.visit(v)
                    if result:
                        return result
                return result
            case ast.UnaryOp(op=ast.Not(), operand=operand):
                return not self.visit(operand)
            case ast.UnaryOp(op=op, operand=operand):
                value = self.visit(operand)
                if not _is_number(value):
                    return None
                return -value if isinstance(op, ast.USub) else value
            case ast.BinOp(op=op, left=left, right=right):
                return self._arith(op, self.visit(left), self.visit(right))
            case ast.Compare(left=left, ops=ops, comparators=comparators):
                a = self.visit(left)
                for cmp, comp in zip(ops, comparators, strict=True):
                    b = self.visit(comp)
                    if not self._compare(cmp, a, b):
                        return False
                    a = b
                return True
            case ast.IfExp(test=test, body=body, orelse=orelse):
                return self.visit(body) if self.visit(test) else self.visit(orelse)
            case ast.List(elts=elts) | ast.Tuple(elts=elts):
                return [self.visit(e) for e in elts]
            case ast.Call(func=ast.Name(id=name), args=args):
                try:
                    return FUNCTIONS[name](*[self.visit(a) for a in args])
                except (TypeError, ValueError):
                    return None
        raise ExpressionError(f"cannot evaluate {type(node).__name__}")

    @staticmethod
    def _arith(op: ast.operator, a: Any, b: Any) -> Any:
        if isinstance(op, ast.Add) and isinstance(a, str) and isinstance(b, str):
            return a + b
        if isinstance(op, ast.Add) and isinstance(a, list) and isinstance(b, list):
            return a + b  # joining lists, e.g. referrals chosen by separate conditions
        if not (_is_number(a) and _is_number(b)):
            return None
        try:
            return _ARITH[type(op)](a, b)
        # A huge whole number in an answer (`10**400 / 3`) overflows: null, like every other
        # impossible operation.
        except (ZeroDivisionError, OverflowError):
            return None

    @staticmethod
    def _compare(op: ast.cmpop, a: Any, b: Any) -> bool:
        if isinstance(op, ast.In | ast.NotIn):
            if not isinstance(b, list | tuple | str) or (isinstance(b, str) and not isinstance(a, str)):
                return isinstance(op, ast.NotIn)
        elif not isinstance(op, ast.Eq | ast.NotEq):
            # Ordering needs two values of one kind: numbers with numbers, text (and ISO dates)
            # with text. A missing answer is never less or greater than anything.
            same_kind = (_is_number(a) and _is_number(b)) or (isinstance(a, str) and isinstance(b, str))
            if not same_kind:
                return False
        try:
            return bool(_COMPARE[type(op)](a, b))
        except TypeError:
            return False
