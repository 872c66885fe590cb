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


def evaluate(node: Any, row: Mapping[str, Fraction], where: str, depth: int = 0) -> Fraction:
    """Exact value of an expression on one row."""
    if depth > MAX_DEPTH:
        raise Rejected("bad-statement", f"{where}: expression nested deeper than {MAX_DEPTH}")
    op, args = _op(node, where)
    if op == "col":
        if len(args) != 1 or args[0] not in row:
            raise Rejected("bad-statement", f"{where}: unknown column {args!r}")
        return row[args[0]]
    if op == "const":
        if len(args) != 1:
            raise Rejected("bad-statement", f"{where}: const takes one number")
        return parse_q(args[0], where + ".const")
    vals = [evaluate(a, row, where, depth + 1) for a in args]
    arity = {"-": 2, "/": 2, "neg": 1, "abs": 1}
    if op in arity and len(vals) != arity[op] or op in ("+", "*", "min", "max") and not vals:
        raise Rejected("bad-statement", f"{where}: wrong number of operands for {op!r}")
    if op == "+":
        return sum(vals, Fraction(0))
    if op == "*":
        out = Fraction(1)
        for v in vals:
            out *= v
        return out
    if op == "-":
        return vals[0] - vals[1]
    if op == "/":
        if vals[1] == 0:
            raise Rejected("bad-statement", f"{where}: division by zero")
        return vals[0] / vals[1]
    if op == "neg":
        return -vals[0]
    if op == "abs":
        return abs(vals[0])
    if op == "min":
        return min(vals)
    if op == "max":
        return max(vals)
    if op == "pow":  # ["pow", base, k]: base**k for an integer 0 ≤ k ≤ MAX_POW (e.g. 2^B word capacities)
        if len(vals) != 2 or vals[1].denominator != 1 or not 0 <= vals[1] <= MAX_POW:
            raise Rejected("bad-statement", f"{where}: pow takes a base and an integer exponent in 0..{MAX_POW}")
        base, k = vals[0], int(vals[1])
        if k * max(base.numerator.bit_length(), base.denominator.bit_length()) > 16 * MAX_POW:
            raise Rejected("number-too-large", f"{where}: pow result would exceed {16 * MAX_POW} bits")
        return base**k
    raise Rejected("bad-statement", f"{where}: unknown operator {op!r}")


def holds(node: Any, row: Mapping[str, Fraction], where: str, depth: int = 0) -> bool:
    """Exact truth of a predicate on one row."""
    if depth > MAX_DEPTH:
        raise Rejected("bad-statement", f"{where}: predicate nested deeper than {MAX_DEPTH}")
    op, args = _op(node, where)
    if op in _CMP:
        if len(args) != 2:
            raise Rejected("bad-statement", f"{where}: {op!r} compares two expressions")
        return _CMP[op](evaluate(args[0], row, where), evaluate(args[1], row, where))
    if op in ("and", "or") and args:
        parts = [holds(a, row, where, depth + 1) for a in args]  # evaluate all: malformed parts never hide
        return all(parts) if op == "and" else any(parts)
    if op == "not" and len(args) == 1:
        return not holds(args[0], row, where, depth + 1)
    if op == "implies" and len(args) == 2:
        a, b = holds(args[0], row, where, depth + 1), holds(args[1], row, where, depth + 1)
        return (not a) or b
    raise Rejected("bad-statement", f"{where}: unknown predicate {op!r} or wrong operands")


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
    for i, row in enumerate(rows):
        if not holds(st["forall_rows"], row, "statement.forall_rows"):
            label = f" ({labels[i]})" if labels else ""
            raise Rejected("row-fails", f"row {i}{label} breaks statement.forall_rows: "
                           + ", ".join(f"{c}={v}" for c, v in row.items())[:200])
    sums = st.get("sums", [])
    if not isinstance(sums, list):
        raise Rejected("bad-statement", "statement.sums must be a list of [op, expression, number]")
    for k, s in enumerate(sums):
        if not (isinstance(s, list) and len(s) == 3 and s[0] in _CMP):
            raise Rejected("bad-statement", f"statement.sums[{k}] must be [op, expression, number]")
        total = sum((evaluate(s[1], row, f"statement.sums[{k}]") for row in rows), Fraction(0))
        target = parse_q(s[2], f"statement.sums[{k}][2]")
        if not _CMP[s[0]](total, target):
            raise Rejected("sum-fails", f"statement.sums[{k}]: the sum is {total}, not {s[0]} {target}")
    extra = f" and {len(sums)} sum(s)" if sums else ""
    return f"ok: all {len(rows)} rows satisfy the predicate{extra}"
