"""Kind ``identity``: lhs − rhs reduces to exactly 0 in sympy (docs/certificates.md, "kind identity").

The symbolic checks of the audit (e.g. ``def1.ghz-aggregate``, ``thm1.penalty``,
``rem2`` in Section 3.3) are sympy identities. The expression strings are
``sympy.srepr`` output, parsed here with :mod:`ast` against an allow-list of
sympy constructors: the checker never calls ``eval`` (sympy's ``sympify`` and
``parse_expr`` do), so a certificate cannot run code. Hand-written for that reason.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from typing import Any

from qproofs.certcheck.errors import Rejected
from qproofs.certcheck.structure import fields

MAX_EXPR_CHARS = 2_000_000
MAX_EXPONENT = 1000
ASSUMPTION_KEYS = ("real", "positive", "nonnegative", "negative", "nonpositive", "integer", "nonzero", "finite",
                   "commutative", "complex", "rational", "imaginary")


def _constructors() -> tuple[dict[str, Callable[..., Any]], dict[str, Any]]:
    import sympy as sp

    calls: dict[str, Callable[..., Any]] = {
        "Add": sp.Add, "Mul": sp.Mul, "Pow": sp.Pow, "exp": sp.exp, "log": sp.log, "sin": sp.sin,
        "cos": sp.cos, "tan": sp.tan, "Abs": sp.Abs, "conjugate": sp.conjugate, "re": sp.re, "im": sp.im,
        "Max": sp.Max, "Min": sp.Min, "sign": sp.sign,
        "Half": lambda: sp.S.Half, "One": lambda: sp.S.One, "Zero": lambda: sp.S.Zero,
        "NegativeOne": lambda: sp.S.NegativeOne, "ImaginaryUnit": lambda: sp.I, "Pi": lambda: sp.pi,
        "Exp1": lambda: sp.E,
    }
    names = {"I": sp.I, "pi": sp.pi, "E": sp.E}
    return calls, names


def parse_srepr(text: Any, where: str) -> tuple[Any, dict[str, dict[str, bool]]]:
    """(sympy object, {symbol name: assumptions}) from an srepr string, without eval."""
    import sympy as sp

    if not isinstance(text, str) or len(text) > MAX_EXPR_CHARS:
        raise Rejected("unsafe-expression", f"{where} must be an srepr string of at most {MAX_EXPR_CHARS} chars")
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise Rejected("unsafe-expression", f"{where} is not an srepr expression ({type(exc).__name__})") from exc
    calls, names = _constructors()
    symbols: dict[str, dict[str, bool]] = {}

    def const_int(node: ast.AST) -> int:
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -const_int(node.operand)
        if isinstance(node, ast.Constant) and type(node.value) is int:
            return node.value
        raise Rejected("unsafe-expression", f"{where}: expected an integer literal, got {ast.dump(node)[:60]}")

    def build(node: ast.AST) -> Any:
        if isinstance(node, ast.Name):
            if node.id in names:
                return names[node.id]
            raise Rejected("unsafe-expression", f"{where}: name {node.id!r} is not allowed")
        if isinstance(node, ast.List):
            return [build(e) for e in node.elts]
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            raise Rejected("unsafe-expression", f"{where}: only calls of allowed sympy constructors "
                           f"(got {type(node).__name__})")
        fn = node.func.id
        if fn == "Symbol":
            return symbol(node)
        if node.keywords:
            raise Rejected("unsafe-expression", f"{where}: keyword arguments only in Symbol(...)")
        if fn == "Integer" and len(node.args) == 1:
            return sp.Integer(const_int(node.args[0]))
        if fn == "Rational" and len(node.args) == 2:
            p, q = const_int(node.args[0]), const_int(node.args[1])
            if q == 0:
                raise Rejected("unsafe-expression", f"{where}: Rational with denominator 0")
            return sp.Rational(p, q)
        if fn in ("MutableDenseMatrix", "ImmutableDenseMatrix") and len(node.args) == 1:
            rows = build(node.args[0])
            if not (isinstance(rows, list) and rows and all(isinstance(r, list) and len(r) == len(rows[0])
                                                             and r for r in rows)):
                raise Rejected("unsafe-expression", f"{where}: a matrix needs a non-empty list of equal rows")
            return sp.ImmutableDenseMatrix(rows)
        if fn not in calls:
            raise Rejected("unsafe-expression", f"{where}: constructor {fn!r} is not allowed")
        args = [build(a) for a in node.args]
        if any(isinstance(a, (list, sp.MatrixBase)) for a in args):
            raise Rejected("unsafe-expression", f"{where}: {fn} of a matrix is not allowed")
        if fn == "Pow" and len(args) == 2 and args[1].is_Integer and abs(int(args[1])) > MAX_EXPONENT:
            raise Rejected("unsafe-expression", f"{where}: integer exponent beyond {MAX_EXPONENT}")
        try:
            return calls[fn](*args)
        except (TypeError, ValueError) as exc:
            raise Rejected("unsafe-expression", f"{where}: {fn}(...) is malformed ({exc})") from exc

    def symbol(node: ast.Call) -> Any:
        if not (len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str) and node.args[0].value):
            raise Rejected("unsafe-expression", f"{where}: Symbol needs one non-empty name")
        name = node.args[0].value
        assumptions: dict[str, bool] = {}
        for kw in node.keywords:
            if kw.arg not in ASSUMPTION_KEYS or not (isinstance(kw.value, ast.Constant)
                                                      and isinstance(kw.value.value, bool)):
                raise Rejected("unsafe-expression", f"{where}: Symbol assumption {kw.arg!r} is not allowed")
            assumptions[kw.arg] = kw.value.value
        if name in symbols and symbols[name] != assumptions:
            raise Rejected("undeclared-symbol", f"{where}: symbol {name!r} appears with two assumption sets")
        symbols[name] = assumptions
        return sp.Symbol(name, **assumptions)

    try:
        return build(tree.body), symbols
    except RecursionError as exc:
        raise Rejected("unsafe-expression", f"{where} is nested too deeply") from exc


def _declared(variables: Any) -> dict[str, dict[str, bool]]:
    if not isinstance(variables, list):
        raise Rejected("missing-field", "problem.variables must be a list")
    out: dict[str, dict[str, bool]] = {}
    for k, v in enumerate(variables):
        d = fields(v, f"problem.variables[{k}]", ("name", "assumptions"))
        a = d["assumptions"]
        if not (isinstance(d["name"], str) and isinstance(a, Mapping)
                and all(key in ASSUMPTION_KEYS and isinstance(val, bool) for key, val in a.items())):
            raise Rejected("undeclared-symbol", f"problem.variables[{k}] must be a name and boolean assumptions")
        if d["name"] in out:
            raise Rejected("undeclared-symbol", f"problem.variables declares {d['name']!r} twice")
        out[d["name"]] = dict(a)
    return out


def _is_zero(e: Any) -> bool:
    """Structurally 0 after expand, simplify, expand_complex+simplify or expand_trig+simplify."""
    import sympy as sp

    steps: tuple[Callable[[Any], Any], ...] = (
        sp.expand, sp.simplify, lambda x: sp.simplify(sp.expand_complex(x)),
        lambda x: sp.simplify(sp.expand_trig(x)))
    return any(step(e) == 0 for step in steps)


def check_identity(problem: Any, statement: Any, witness: Any) -> str:
    """Verify an ``identity`` certificate; returns the accepted reason or raises :class:`Rejected`."""
    import sympy as sp

    p = fields(problem, "problem", ("variables", "lhs", "rhs"))
    st = fields(statement, "statement", ("relation",))
    if st["relation"] != "lhs-rhs==0":
        raise Rejected("bad-statement", f"statement.relation {st['relation']!r} is not 'lhs-rhs==0'")
    fields(witness, "witness", (), ("method",))
    declared = _declared(p["variables"])
    lhs, s1 = parse_srepr(p["lhs"], "problem.lhs")
    rhs, s2 = parse_srepr(p["rhs"], "problem.rhs")
    for name, a in {**s1, **s2}.items():
        if declared.get(name) != a:
            raise Rejected("undeclared-symbol", f"symbol {name!r} with assumptions {a} is not declared so")
    if s1.keys() & s2.keys() and any(s1[k] != s2[k] for k in s1.keys() & s2.keys()):
        raise Rejected("undeclared-symbol", "a symbol appears with different assumptions in lhs and rhs")
    lm, rm = isinstance(lhs, sp.MatrixBase), isinstance(rhs, sp.MatrixBase)
    if lm != rm or (lm and lhs.shape != rhs.shape):
        raise Rejected("bad-statement", "lhs and rhs must both be scalars or matrices of one shape")
    if isinstance(lhs, list) or isinstance(rhs, list):
        raise Rejected("unsafe-expression", "a bare list is not an expression")
    diffs = list(lhs - rhs) if lm else [lhs - rhs]
    for k, d in enumerate(diffs):
        if not _is_zero(d):
            where = f" (entry {k})" if lm else ""
            raise Rejected("identity-not-zero", f"lhs - rhs{where} does not reduce to 0: {str(d)[:80]}")
    shape = f" ({lhs.shape[0]}x{lhs.shape[1]} matrix)" if lm else ""
    return f"ok: lhs == rhs{shape}, {len(declared)} variable(s)"
