"""Kind ``table``: every row of an exact table satisfies a predicate (docs/certificates.md, "kind table").

For enumerations and exact probability tables (e.g. Theorem 2's enumerated
classical protocols, ``thm2.*``; the ring's exhaustive small-N tables): the
checker evaluates a tiny expression language over the row's columns in exact
rationals, row by row, and optional column sums.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from qproofs.certcheck.errors import Rejected
from qproofs.certcheck.numbers import parse_q
from qproofs.certcheck.structure import fields

MAX_DEPTH = 64
MAX_POW = 4096
"""Largest exponent of the ``pow`` expression (keeps 2^k within the number-size limit of numbers.py)."""

_CMP: dict[str, Callable[[Fraction, Fraction], bool]] = {
    "<=": lambda a, b: a <= b, "<": lambda a, b: a < b, "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b, ">=": lambda a, b: a >= b, ">": lambda a, b: a > b,
}


def _op(node: Any, where: str) -> tuple[str, list[Any]]:
    if not (isinstance(node, list) and node and isinstance(node[0], str)):
        raise Rejected("bad-statement", f"{where}: expected [operator, ...], got {str(node)[:40]}")
    return node[0], node[1:]


Expr = Callable[[Mapping[str, Fraction]], Fraction]
Pred = Callable[[Mapping[str, Fraction]], bool]


def _product(vals: list[Fraction]) -> Fraction:
    out = Fraction(1)
    for v in vals:
        out *= v
    return out


_ARITY = {"-": 2, "/": 2, "neg": 1, "abs": 1}
_FOLD: dict[str, Callable[[list[Fraction]], Fraction]] = {
    "+": lambda v: sum(v, Fraction(0)), "*": _product, "min": min, "max": max,
    "-": lambda v: v[0] - v[1], "neg": lambda v: -v[0], "abs": lambda v: abs(v[0]),
}


def compile_expression(node: Any, columns: frozenset[str], where: str, depth: int = 0) -> Expr:
    """An expression, checked once against the table's columns, as a function of a row (exact value).

    Why compiled: the interpreter re-read the tree and re-parsed every constant on every row (three quarters
    of a table's checking time). Every rule that does not depend on a row's values (operators, arities,
    columns, constants, depth) is enforced here, in the order the former row-0 evaluation met it; the rules
    that do (division by zero, ``pow``'s exponent and size) stay in the row's evaluation.
    """
    if depth > MAX_DEPTH:
        raise Rejected("bad-statement", f"{where}: expression nested deeper than {MAX_DEPTH}")
    op, args = _op(node, where)
    if op == "col":
        if len(args) != 1 or not isinstance(args[0], str) or args[0] not in columns:
            raise Rejected("bad-statement", f"{where}: unknown column {args!r}")
        name = args[0]
        return lambda row: row[name]
    if op == "const":
        if len(args) != 1:
            raise Rejected("bad-statement", f"{where}: const takes one number")
        value = parse_q(args[0], where + ".const")
        return lambda row: value
    parts = [compile_expression(a, columns, where, depth + 1) for a in args]
    if op in _ARITY and len(parts) != _ARITY[op] or op in ("+", "*", "min", "max") and not parts:
        raise Rejected("bad-statement", f"{where}: wrong number of operands for {op!r}")
    if op in _FOLD:
        fold = _FOLD[op]
        return lambda row: fold([f(row) for f in parts])
    if op == "/":
        num, den = parts

        def divide(row: Mapping[str, Fraction]) -> Fraction:
            a, b = num(row), den(row)
            if b == 0:
                raise Rejected("bad-statement", f"{where}: division by zero")
            return a / b
        return divide
    if op == "pow":  # ["pow", base, k]: base**k for an integer 0 ≤ k ≤ MAX_POW (e.g. 2^B word capacities)
        return _compile_pow(parts, where)
    raise Rejected("bad-statement", f"{where}: unknown operator {op!r}")


def _compile_pow(parts: list[Expr], where: str) -> Expr:
    bad = f"{where}: pow takes a base and an integer exponent in 0..{MAX_POW}"
    if len(parts) != 2:
        raise Rejected("bad-statement", bad)
    base_of, exp_of = parts

    def power(row: Mapping[str, Fraction]) -> Fraction:
        base, k = base_of(row), exp_of(row)
        if k.denominator != 1 or not 0 <= k <= MAX_POW:
            raise Rejected("bad-statement", bad)
        if int(k) * max(base.numerator.bit_length(), base.denominator.bit_length()) > 16 * MAX_POW:
            raise Rejected("number-too-large", f"{where}: pow result would exceed {16 * MAX_POW} bits")
        return base ** int(k)
    return power


def compile_predicate(node: Any, columns: frozenset[str], where: str, depth: int = 0) -> Pred:
    """A predicate, checked once like :func:`compile_expression`, as a function of a row (exact truth).

    ``and``/``or`` evaluate every part on every row (a malformed or failing part never hides behind another).
    """
    if depth > MAX_DEPTH:
        raise Rejected("bad-statement", f"{where}: predicate nested deeper than {MAX_DEPTH}")
    op, args = _op(node, where)
    if op in _CMP:
        if len(args) != 2:
            raise Rejected("bad-statement", f"{where}: {op!r} compares two expressions")
        cmp = _CMP[op]
        left, right = (compile_expression(a, columns, where) for a in args)
        return lambda row: cmp(left(row), right(row))
    if op in ("and", "or") and args:
        parts = [compile_predicate(a, columns, where, depth + 1) for a in args]
        join = all if op == "and" else any
        return lambda row: join([p(row) for p in parts])
    if op == "not" and len(args) == 1:
        inner = compile_predicate(args[0], columns, where, depth + 1)
        return lambda row: not inner(row)
    if op == "implies" and len(args) == 2:
        premise, conclusion = (compile_predicate(a, columns, where, depth + 1) for a in args)
        return lambda row: (not premise(row)) | conclusion(row)
    raise Rejected("bad-statement", f"{where}: unknown predicate {op!r} or wrong operands")


def evaluate(node: Any, row: Mapping[str, Fraction], where: str, depth: int = 0) -> Fraction:
    """Exact value of an expression on one row."""
    return compile_expression(node, frozenset(row), where, depth)(row)


def holds(node: Any, row: Mapping[str, Fraction], where: str, depth: int = 0) -> bool:
    """Exact truth of a predicate on one row."""
    return compile_predicate(node, frozenset(row), where, depth)(row)


def check_table(problem: Any, statement: Any, witness: Any) -> str:
    """Verify a ``table`` certificate; returns the accepted reason or raises :class:`Rejected`."""
    p = fields(problem, "problem", ("columns", "rows", "definition"), ("labels",))
    if not isinstance(p["definition"], str):
        raise Rejected("missing-field", "problem.definition must be a string saying what the rows are")
    cols = p["columns"]
    if not (isinstance(cols, list) and cols and all(isinstance(c, str) and c for c in cols)
            and len(set(cols)) == len(cols)):
        raise Rejected("missing-field", "problem.columns must be distinct non-empty strings")
    raw = p["rows"]
    if not isinstance(raw, list):
        raise Rejected("missing-field", "problem.rows must be a list")
    if not raw:
        raise Rejected("empty-table", "problem.rows is empty: a statement over no rows proves nothing")
    rows = []
    for i, r in enumerate(raw):
        if not (isinstance(r, list) and len(r) == len(cols)):
            raise Rejected("missing-field", f"problem.rows[{i}] must hold {len(cols)} numbers")
        rows.append({c: parse_q(v, f"problem.rows[{i}][{c}]") for c, v in zip(cols, r, strict=True)})
    labels = p.get("labels")
    if labels is not None and not (isinstance(labels, list) and len(labels) == len(rows)
                                   and all(isinstance(s, str) for s in labels)):
        raise Rejected("missing-field", "problem.labels must be one string per row")
    st = fields(statement, "statement", ("forall_rows",), ("sums",))
    w = fields(witness, "witness", ("rows_checked",))
    if w["rows_checked"] != len(rows) or isinstance(w["rows_checked"], bool):
        raise Rejected("bad-witness", f"witness.rows_checked = {w['rows_checked']!r}, the table has {len(rows)}")
    predicate = compile_predicate(st["forall_rows"], frozenset(cols), "statement.forall_rows")
    for i, row in enumerate(rows):
        if not predicate(row):
            label = f" ({labels[i]})" if labels else ""
            raise Rejected("row-fails", f"row {i}{label} breaks statement.forall_rows: "
                           + ", ".join(f"{c}={v}" for c, v in row.items())[:200])
    sums = st.get("sums", [])
    if not isinstance(sums, list):
        raise Rejected("bad-statement", "statement.sums must be a list of [op, expression, number]")
    for k, s in enumerate(sums):
        if not (isinstance(s, list) and len(s) == 3 and s[0] in _CMP):
            raise Rejected("bad-statement", f"statement.sums[{k}] must be [op, expression, number]")
        term = compile_expression(s[1], frozenset(cols), f"statement.sums[{k}]")
        total = sum((term(row) for row in rows), Fraction(0))
        target = parse_q(s[2], f"statement.sums[{k}][2]")
        if not _CMP[s[0]](total, target):
            raise Rejected("sum-fails", f"statement.sums[{k}]: the sum is {total}, not {s[0]} {target}")
    extra = f" and {len(sums)} sum(s)" if sums else ""
    return f"ok: all {len(rows)} rows satisfy the predicate{extra}"
