"""The Coq kernel backend of the certificate checker: trust class ``kernel`` (issue 15).

For each certificate file (format ``qproofs.cert/1``, docs/certificates.md) :func:`check_with_coq`
generates one small Coq file that states the certificate's claim for its concrete rational data as a
theorem, proves it from the generic weak-duality theorem of ``coq/WeakDuality.v`` (proved once,
no ``Admitted``) plus one kernel computation per condition (``vm_compute; reflexivity``), runs
``coqc`` with a timeout, and runs ``Print Assumptions`` on the theorem: any axiom beyond those of
Coq's standard-library real numbers (:data:`ALLOWED_AXIOMS`) rejects the certificate.

What the generated theorem says (kind ``sdp-dual``, real program, sense ``max``)::

    forall K m, feasible cs (gram K m) -> pair C (gram K m) <= Q2R bound

i.e. for every real PSD matrix ρ = Σ_{k<K} m_k m_kᵀ (any rank K, real vectors m_k, Coq's ``R``)
satisfying every constraint ⟨A_i, ρ⟩ op_i b_i, ⟨C, ρ⟩ ≤ bound; ``min``: ``>= Q2R bound``.
Complex Hermitian programs: for every complex PSD X = Σ_k (p_k + i q_k)(p_k + i q_k)^†,
Re tr(C X) ≤ bound (``cpair``), proved through the real embedding [[Re, −Im], [Im, Re]].
The witness (y and the LDLᵀ factors) appears only inside the proof, never in the statement.

The trusted base is Coq's kernel, ``coq/WeakDuality.v``'s *statements* (the definitions
``gram``/``pair``/``feasible``/``cpair``) and this module's translation of JSON numbers and matrices
into Coq literals (:func:`coq_q`, :func:`_triplets`), which is small and written for that purpose.
Like the rest of ``qproofs.certcheck`` it imports nothing else from qproofs, nor numpy/scipy/cvxpy.

Outcome codes (``CheckOutcome.reason`` = ``code: message``): ``ok`` (the kernel accepted the
theorem), ``kernel-rejected`` (a kernel computation is false: which one, and Coq's message),
``axiom-not-allowed``, ``not-expressible`` (what the kernel backend cannot state yet, and why), ``coq-error`` (a Coq error that is not a proof failure: syntax, version),
``coq-timeout``, ``hash-mismatch`` / ``bad-number`` / ``bad-matrix`` / ``bad-statement`` /
``bad-witness`` (malformed input, named like the Python checker's), ``unreadable``.

Kind ``identity`` (polynomials with rational coefficients in real symbols, scalars or matrices):
``forall x0 .. xk : R, lhs = rhs`` (entrywise for matrices), proved by ``field``; other sympy
constructors (trigonometric, ``I``, roots) are ``not-expressible``. Kind ``table``: the rows and
the predicate in Coq's ``Q`` (``forallb pred rows = true``), decided by the kernel.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qproofs.certcheck.core import SCHEMA, CheckOutcome

COQ_DIR = Path(__file__).resolve().parents[2] / "coq"
"""The generic Coq development (``coq/WeakDuality.v``), at the repository root."""

LIBRARY = "QProofs"
"""The logical name the generated files import the generic theorem from (``coqc -R DIR QProofs``)."""

ALLOWED_AXIOMS = frozenset({
    "ClassicalDedekindReals.sig_forall_dec",
    "ClassicalDedekindReals.sig_not_dec",
    "FunctionalExtensionality.functional_extensionality_dep",
})
"""The only axioms a kernel-checked theorem may rest on: those of Coq's standard-library reals."""

DEFAULT_TIMEOUT = 300.0
"""Seconds allowed to one ``coqc`` run (one certificate)."""

NOT_FOUND = "coqc not found: install Debian's coq package (apt-get install coq)"

_NUMBER = re.compile(r"^-?(0|[1-9][0-9]*)(/[1-9][0-9]*)?$")
_MAX_DIGITS = 4000


class CoqUnavailable(RuntimeError):
    """``coqc`` is not installed, or the generic theory does not compile; a one-line message."""


class _Bad(Exception):
    """A certificate the backend refuses before Coq runs: ``code`` and a one-line message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


# ------------------------------------------------------------------ translation ---


def coq_q(text: Any) -> str:
    """A JSON rational string ("p" or "p/q", docs/certificates.md "Numbers") as a Coq ``Q`` literal."""
    if not isinstance(text, str) or not _NUMBER.match(text):
        raise _Bad("bad-number", f"{str(text)[:40]!r} is not a rational string p or p/q")
    num, _, den = text.partition("/")
    if len(num.lstrip("-")) > _MAX_DIGITS or len(den) > _MAX_DIGITS:
        raise _Bad("number-too-large", f"a number has more than {_MAX_DIGITS} digits")
    return f"({num} # {den or '1'})%Q"


def _is_zero(text: str) -> bool:
    return text.partition("/")[0] in ("0", "-0")


def _entries(M: Any, complex_: bool, what: str) -> tuple[int, list[tuple[int, int, Any]]]:
    """(size, [(i, j, x)]) of a dense or sparse matrix; x a string, or a [re, im] pair if complex."""
    if isinstance(M, dict):
        if set(M) != {"m", "entries"} or not isinstance(M["m"], int) or not isinstance(M["entries"], list):
            raise _Bad("bad-matrix", f"{what}: a sparse matrix is {{'m': int, 'entries': [[i, j, x], ...]}}")
        m, out, seen = M["m"], [], set()
        for e in M["entries"]:
            if not (isinstance(e, list) and len(e) == 3 and all(isinstance(k, int) for k in e[:2])
                    and 0 <= e[0] < m and 0 <= e[1] < m and (e[0], e[1]) not in seen):
                raise _Bad("bad-matrix", f"{what}: bad or duplicate sparse entry {str(e)[:60]}")
            seen.add((e[0], e[1]))
            out.append((e[0], e[1], e[2]))
        return m, out
    if not isinstance(M, list) or not all(isinstance(r, list) and len(r) == len(M) for r in M):
        raise _Bad("bad-matrix", f"{what}: a dense matrix is a square list of rows")
    return len(M), [(i, j, x) for i, r in enumerate(M) for j, x in enumerate(r)]


def _split(x: Any, complex_: bool, what: str) -> tuple[str, str]:
    if not complex_:
        return x, "0"
    if not (isinstance(x, list) and len(x) == 2):
        raise _Bad("bad-matrix", f"{what}: a complex entry is a pair [re, im]")
    return x[0], x[1]


def _triplets(M: Any, n: int, complex_: bool, what: str) -> str:
    """The Coq triplet list of a problem matrix (zero entries omitted: they add nothing to ⟨A, ρ⟩)."""
    m, entries = _entries(M, complex_, what)
    if m != n:
        raise _Bad("bad-matrix", f"{what}: size {m}, expected n = {n}")
    out = []
    for i, j, x in entries:
        re_, im_ = _split(x, complex_, what)
        qr, qi = coq_q(re_), coq_q(im_)
        if complex_:
            if not (_is_zero(re_) and _is_zero(im_)):
                out.append(f"({i}, {j}, {qr}, {qi})")
        elif not _is_zero(re_):
            out.append(f"({i}, {j}, {qr})")
    return "[" + ";\n  ".join(out) + "]"


def _witness_vectors(ldl: Any, m: int) -> str:
    """[(d_k, u_k)] with u_k = column k of Pᵀ L (u_k[perm[i]] = L[i][k]): Σ_k d_k u_k u_kᵀ = Pᵀ L D Lᵀ P.

    The Coq check does not trust ``perm`` or the shape of L: it recomputes Σ d_k u_k u_kᵀ entry by
    entry and compares it with the dual slack, so any (perm, L, D) that fails is rejected there.
    """
    if not isinstance(ldl, dict) or not {"perm", "L", "D"} <= set(ldl):
        raise _Bad("bad-witness", "witness.ldl needs perm, L and D")
    perm, D = ldl["perm"], ldl["D"]
    if not (isinstance(perm, list) and len(perm) == m and all(isinstance(p, int) and 0 <= p < m for p in perm)):
        raise _Bad("bad-witness", f"witness.ldl.perm must list {m} indices in 0..{m - 1}")
    if not (isinstance(D, list) and len(D) == m):
        raise _Bad("bad-witness", f"witness.ldl.D must have {m} entries")
    size, entries = _entries(ldl["L"], False, "witness.ldl.L")
    if size != m:
        raise _Bad("bad-witness", f"witness.ldl.L has size {size}, expected {m}")
    cols: list[list[str]] = [[] for _ in range(m)]
    for i, k, x in entries:
        q = coq_q(x)
        if not _is_zero(x):
            cols[k].append(f"({perm[i]}, {q})")
    # a zero D_k adds nothing to Σ d_k u_k u_kᵀ: its column is left out (keeps the kernel work small)
    ds = [coq_q(d) for d in D]
    kept = [k for k in range(m) if not _is_zero(D[k])]
    return "[" + ";\n  ".join(f"({ds[k]}, [{'; '.join(cols[k])}])" for k in kept) + "]"


def _label(text: Any) -> str:
    """A claim/check label safe inside a Coq comment (no ``*)`` can close it and inject code)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", str(text))[:80]


_OPS = {"==": "EqR", "<=": "LeR", ">=": "GeR"}


def problem_sha256(problem: Any) -> str:
    """SHA-256 of the canonical JSON of ``problem`` (docs/certificates.md, "Top level")."""
    text = json.dumps(problem, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Generated:
    """A generated Coq file: its text, the theorem's name, and which line proves which condition."""

    module: str
    text: str
    theorem: str
    claim_text: str
    conditions: dict[int, str]


def _kernel_lemma(name: str, term: str) -> list[str]:
    """``Lemma name : term = true``, decided once, by the kernel's virtual machine at ``Qed``.

    ``vm_cast_no_check`` leaves the whole computation to the kernel (``vm_compute; reflexivity``
    would run it twice: in the tactic and again in the kernel). A false term fails at ``Qed``,
    the last of the returned lines.
    """
    return [f"Lemma {name} : {term} = true.", "Proof.", "  vm_cast_no_check (eq_refl true).", "Qed."]


def generate_sdp(doc: dict[str, Any], module: str) -> Generated:
    """The Coq file that states and proves the bound of one ``sdp-dual`` certificate.

    Raises ``_Bad`` for malformed input (the Python checker's codes) and ``not-expressible``.
    """
    prob, stmt, wit = doc.get("problem"), doc.get("statement"), doc.get("witness")
    if not (isinstance(prob, dict) and isinstance(stmt, dict) and isinstance(wit, dict)):
        raise _Bad("missing-field", "problem, statement and witness must be objects")
    field = prob.get("field", "real")
    if field not in ("real", "complex"):
        raise _Bad("not-expressible", f"field {str(field)[:20]!r}")
    complex_ = field == "complex"
    sense, n = prob.get("sense"), prob.get("n")
    if sense not in ("max", "min") or not isinstance(n, int) or n < 1:
        raise _Bad("bad-statement", "problem.sense must be max or min and problem.n a positive integer")
    relation = {"max": "max<=", "min": "min>="}[sense]
    if stmt.get("relation") != relation:
        raise _Bad("bad-statement", f"statement.relation must be {relation!r} for sense {sense!r}")
    cons = prob.get("constraints")
    if not isinstance(cons, list) or not cons:
        raise _Bad("bad-statement", "problem.constraints must be a non-empty list")
    y = wit.get("y")
    if not isinstance(y, list) or len(y) != len(cons):
        raise _Bad("bad-witness", f"witness.y must have one entry per constraint ({len(cons)})")
    rows = []
    for i, c in enumerate(cons):
        if not isinstance(c, dict) or c.get("op") not in _OPS:
            raise _Bad("bad-statement", f"constraint {i} needs op ==, <= or >=")
        rows.append(f"({_triplets(c.get('A'), n, complex_, f'constraints[{i}].A')}, {_OPS[c['op']]}, "
                    f"{coq_q(c.get('b'))})")
    C = _triplets(prob.get("C"), n, complex_, "C")
    bound = coq_q(stmt.get("bound"))
    ys = "[" + "; ".join(coq_q(v) for v in y) + "]"
    W = _witness_vectors(wit.get("ldl"), 2 * n if complex_ else n)
    mat, ctype = ("cmat", "cconstraint") if complex_ else ("smat", "constraint")
    ineq = "<=" if sense == "max" else ">="
    if complex_:
        stmt_coq = f"forall K p q, cfeasible cs K p q -> cpair C K p q {ineq} Q2R bound"
        claim = f"{sense} Re tr(C X) {ineq} {stmt['bound']} over complex PSD X (n = {n})"
    else:
        stmt_coq = f"forall K m, feasible cs (gram K m) -> pair C (gram K m) {ineq} Q2R bound"
        claim = f"{sense} tr(C X) {ineq} {stmt['bound']} over real PSD X (n = {n})"
    # The conditions of check_max / check_min, each its own kernel computation (named on failure).
    if complex_:
        Ce, cse = "(emb n C)", "(emb_cons n cs)"
    else:
        Ce, cse = "C", "cs"
    Cm, bm = (Ce, "bound") if sense == "max" else (f"(scale (-1 # 1)%Q {Ce})", "(Qopp bound)")
    conds = [("signs", "multiplier signs (y_i >= 0 on inequality rows)", f"signs_ok {cse} y"),
             ("ds", "D >= 0", "ds_ok W"),
             ("val", "b.y proves the bound", f"Qle_bool (value {cse} y) {bm}"),
             ("fact", "sum y_i A_i - C = P^T L D L^T P (entry by entry)",
              f"eqmat (dense (lhs_terms {cse} y ++ scale (-1 # 1)%Q {Cm})) (dense (ldl_terms W))")]
    if complex_:
        conds = [("rng", "indices below n", "in_range n C && cons_in_range n cs"), *conds]
    head = [
        f"(* Generated by qproofs.certcheck.coq from {_label(doc.get('claim'))} / {_label(doc.get('check'))}.",
        "   Do not edit: the statement is the certificate's claim, the proof is the kernel's. *)",
        f"From {LIBRARY} Require Import WeakDuality.",
        "From Coq Require Import List QArith Reals.",
        "Import ListNotations.",
        "Open Scope nat_scope.",
        f"Definition n : nat := {n}.",
        f"Definition C : {mat} :=\n  {C}.",
        f"Definition cs : list {ctype} :=\n  [" + ";\n   ".join(rows) + "].",
        f"Definition bound : Q := {bound}.",
        f"Definition y : list Q := {ys}.",
        f"Definition W : list (Q * svec) :=\n  {W}.",
    ]
    lines: list[str] = []
    for h in head:
        lines.extend(h.split("\n"))
    conditions: dict[int, str] = {}
    for name, label, term in conds:
        lines += _kernel_lemma(name, term)
        conditions[len(lines)] = f"{label} computes to false"
    check = {("real", "max"): "check_max", ("real", "min"): "check_min",
             ("complex", "max"): "check_cmax", ("complex", "min"): "check_cmin"}[(field, sense)]
    args = "n C cs y W bound" if complex_ else "C cs y W bound"
    names = [c[0] for c in conds]
    lines += ["Open Scope R_scope.",
              f"Lemma all_ok : {check} {args} = true.",
              f"Proof. unfold {', '.join(dict.fromkeys([check, 'check_min', 'check_max'] if sense == 'min' else [check, 'check_max']))}. "
              f"rewrite {', '.join(names)}. reflexivity. Qed.",
              f"Theorem cert_bound : {stmt_coq}.",
              f"Proof. exact ({check}_sound _ _ _ _ _ {'_ ' if complex_ else ''}all_ok). Qed.",
              "Print Assumptions cert_bound."]
    return Generated(module, "\n".join(lines) + "\n", "cert_bound", claim, conditions)


# --------------------------------------------------------------- kind identity ---

_REAL_KEYS = {"real", "positive", "negative", "nonnegative", "nonpositive", "integer"}
_MATRICES = ("ImmutableDenseMatrix", "MutableDenseMatrix", "Matrix")


class _Srepr:
    """Translate a sympy ``srepr`` string into a Coq real expression, walking Python's ``ast``.

    Only polynomial expressions with rational coefficients in real symbols are expressible:
    ``Symbol`` (declared real), ``Integer``, ``Rational``, ``Half``, ``One``, ``Zero``,
    ``NegativeOne``, ``Add``, ``Mul``, ``Pow`` with a non-negative integer exponent, and dense
    matrices of them. Anything else (trigonometric functions, ``I``, square roots, division by
    a symbol) is ``not-expressible``. Never evaluates the string.
    """

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def symbol(self, name: str, assumptions: dict[str, Any]) -> str:
        if not any(assumptions.get(k) is True for k in _REAL_KEYS):
            raise _Bad("not-expressible", f"symbol {name[:30]!r} is not declared real")
        return self.names.setdefault(name, f"x{len(self.names)}")

    def expr(self, node: ast.AST) -> str:
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            raise _Bad("not-expressible", "the expression is not a sympy constructor call")
        f, args = node.func.id, node.args
        consts = {"Half": "(1 / 2)", "One": "1", "Zero": "0", "NegativeOne": "(-1)"}
        if f in consts and not args:
            return consts[f]
        if f == "Integer" and len(args) == 1:
            return f"({self._int(args[0])})"
        if f == "Rational" and len(args) == 2:
            return f"({self._int(args[0])} / {self._int(args[1])})"
        if f == "Symbol" and len(args) == 1 and isinstance(args[0], ast.Constant):
            kw = {k.arg: k.value.value for k in node.keywords
                  if k.arg is not None and isinstance(k.value, ast.Constant)}
            return self.symbol(str(args[0].value), kw)
        if f in ("Add", "Mul") and args:
            op = " + " if f == "Add" else " * "
            return "(" + op.join(self.expr(a) for a in args) + ")"
        if f == "Pow" and len(args) == 2:
            e = args[1]
            if (isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id == "Integer"
                    and len(e.args) == 1 and int(self._int(e.args[0])) >= 0):
                return f"({self.expr(args[0])} ^ {int(self._int(e.args[0]))})"
            raise _Bad("not-expressible", "a power with a non-integer or negative exponent")
        raise _Bad("not-expressible", f"sympy constructor {f[:30]!r} has no Coq translation")

    @staticmethod
    def _int(node: ast.AST) -> str:
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return "-" + _Srepr._int(node.operand)
        if isinstance(node, ast.Constant) and type(node.value) is int:
            if len(str(abs(node.value))) > _MAX_DIGITS:
                raise _Bad("number-too-large", f"a number has more than {_MAX_DIGITS} digits")
            return str(node.value)
        raise _Bad("bad-number", "an Integer/Rational argument is not an integer literal")

    def entries(self, text: Any, where: str) -> list[str]:
        """The Coq expressions of a scalar (one) or of a matrix's entries (row by row)."""
        if not isinstance(text, str) or len(text) > 1_000_000:
            raise _Bad("bad-statement", f"problem.{where} must be an srepr string")
        try:
            node = ast.parse(text, mode="eval").body
        except (SyntaxError, ValueError, RecursionError) as exc:
            raise _Bad("bad-statement", f"problem.{where} is not an srepr expression") from exc
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _MATRICES
                and len(node.args) == 1 and isinstance(node.args[0], ast.List)):
            rows = node.args[0].elts
            if not all(isinstance(r, ast.List) for r in rows):
                raise _Bad("not-expressible", f"problem.{where}: a matrix is a list of rows")
            return [self.expr(x) for r in rows for x in r.elts]  # type: ignore[attr-defined]
        return [self.expr(node)]


def generate_identity(doc: dict[str, Any], module: str) -> Generated:
    """The Coq file stating lhs = rhs for all real values of the variables, proved by ``field``.

    ``field`` (with ``ring`` underneath) is a decision procedure for identities of polynomials with
    rational coefficients, so a failure means the identity is false (for polynomial data).
    """
    prob = doc.get("problem")
    if not isinstance(prob, dict):
        raise _Bad("missing-field", "problem must be an object")
    tr = _Srepr()
    lhs, rhs = tr.entries(prob.get("lhs"), "lhs"), tr.entries(prob.get("rhs"), "rhs")
    if len(lhs) != len(rhs):
        raise _Bad("bad-statement", "lhs and rhs have different shapes")
    goal = " /\\ ".join(f"{a} = {b}" for a, b in zip(lhs, rhs, strict=True))
    binders = f"forall {' '.join(tr.names.values())} : R, " if tr.names else ""
    names = ", ".join(f"{v} = {k}" for k, v in tr.names.items())
    lines = [f"(* Generated by qproofs.certcheck.coq from {_label(doc.get('claim'))} / "
             f"{_label(doc.get('check'))}. Variables: {_label(names)}. *)",
             "From Coq Require Import Reals Field.",
             "Open Scope R_scope.",
             f"Theorem cert_identity : {binders}{goal}.",
             "Proof."]
    lines.append("  intros; repeat split; field.")
    conditions = {len(lines): "field does not prove lhs = rhs (false as a polynomial identity)"}
    lines += ["Qed.", "Print Assumptions cert_identity."]
    claim = f"lhs = rhs for all real {', '.join(tr.names) or 'constants'} ({len(lhs)} entr{'y' if len(lhs) == 1 else 'ies'})"
    return Generated(module, "\n".join(lines) + "\n", "cert_identity", claim, conditions)


# ------------------------------------------------------------------ kind table ---

_CMP = {"<=": "Qle_bool {a} {b}", ">=": "Qle_bool {b} {a}", "==": "Qeq_bool {a} {b}",
        "!=": "negb (Qeq_bool {a} {b})", "<": "negb (Qle_bool {b} {a})", ">": "negb (Qle_bool {a} {b})"}
_FOLD = {"+": "Qplus", "*": "Qmult", "min": "Qmin", "max": "Qmax"}


class _Table:
    """Translate the table expression language (docs/certificates.md, kind ``table``) to Coq ``Q``.

    Expressions become ``Q`` terms over a row ``r`` (``col`` = ``nth k r 0``), predicates become
    booleans (``Qle_bool``, ``Qeq_bool``, ``andb``, ...). A divisor must be non-zero: each ``/``
    adds the guard ``negb (Qeq_bool divisor 0)`` to the statement (the format rejects division by 0).
    """

    def __init__(self, columns: list[str]) -> None:
        self.columns = columns
        self.guards: list[str] = []

    def expr(self, e: Any) -> str:
        if not isinstance(e, list) or not e or not isinstance(e[0], str):
            raise _Bad("bad-statement", f"expression {str(e)[:40]} is not [op, ...]")
        op, args = e[0], e[1:]
        if op == "col" and len(args) == 1 and args[0] in self.columns:
            return f"(nth {self.columns.index(args[0])} r 0)"
        if op == "const" and len(args) == 1:
            return coq_q(args[0])
        if op in _FOLD and args:
            terms = [self.expr(a) for a in args]
            out = terms[0]
            for t in terms[1:]:
                out = f"({_FOLD[op]} {out} {t})"
            return out
        if op == "-" and len(args) == 2:
            return f"(Qminus {self.expr(args[0])} {self.expr(args[1])})"
        if op == "/" and len(args) == 2:
            den = self.expr(args[1])
            self.guards.append(f"negb (Qeq_bool {den} 0)")
            return f"(Qdiv {self.expr(args[0])} {den})"
        if op in ("neg", "abs") and len(args) == 1:
            return f"({'Qopp' if op == 'neg' else 'Qabs'} {self.expr(args[0])})"
        if op == "pow":  # a valid certificate (the Python checker reads it) this backend cannot state yet
            raise _Bad("not-expressible", "'pow' (an integer power of an expression) has no Coq translation yet")
        raise _Bad("bad-statement", f"unknown expression operator or column in {str(e)[:60]}")

    def pred(self, p: Any) -> str:
        if not isinstance(p, list) or not p or not isinstance(p[0], str):
            raise _Bad("bad-statement", f"predicate {str(p)[:40]} is not [op, ...]")
        op, args = p[0], p[1:]
        if op in _CMP and len(args) == 2:
            return "(" + _CMP[op].format(a=self.expr(args[0]), b=self.expr(args[1])) + ")"
        if op in ("and", "or") and args:
            return "(" + (" && " if op == "and" else " || ").join(self.pred(a) for a in args) + ")"
        if op == "not" and len(args) == 1:
            return f"(negb {self.pred(args[0])})"
        if op == "implies" and len(args) == 2:
            return f"(implb {self.pred(args[0])} {self.pred(args[1])})"
        raise _Bad("bad-statement", f"unknown predicate operator in {str(p)[:60]}")


def generate_table(doc: dict[str, Any], module: str) -> Generated:
    """The Coq file stating that every row satisfies the predicate (and each column sum its relation).

    The statement is a boolean over the exact rows (``forallb pred rows = true``, with ``Qle_bool``
    etc., each equivalent to its ``Prop`` by the standard library, e.g. ``Qle_bool_iff``), decided by
    the kernel's own rational arithmetic.
    """
    prob, stmt, wit = doc.get("problem"), doc.get("statement"), doc.get("witness")
    if not (isinstance(prob, dict) and isinstance(stmt, dict) and isinstance(wit, dict)):
        raise _Bad("missing-field", "problem, statement and witness must be objects")
    cols, rows = prob.get("columns"), prob.get("rows")
    if not (isinstance(cols, list) and cols and all(isinstance(c, str) and c for c in cols)
            and len(set(cols)) == len(cols)):
        raise _Bad("bad-statement", "problem.columns must be distinct non-empty strings")
    if not isinstance(rows, list) or not rows:
        raise _Bad("empty-table", "problem.rows is empty")
    if not all(isinstance(r, list) and len(r) == len(cols) for r in rows):
        raise _Bad("bad-statement", f"every row needs {len(cols)} numbers")
    if wit.get("rows_checked") != len(rows):
        raise _Bad("bad-witness", f"witness.rows_checked must be {len(rows)}")
    tr = _Table(cols)
    body = tr.pred(stmt.get("forall_rows"))
    pred = " && ".join([*tr.guards, body])
    sums = stmt.get("sums", [])
    if not isinstance(sums, list):
        raise _Bad("bad-statement", "statement.sums must be a list")
    sum_terms = []
    for k, sm in enumerate(sums):
        if not (isinstance(sm, list) and len(sm) == 3 and sm[0] in _CMP):
            raise _Bad("bad-statement", f"statement.sums[{k}] must be [op, expression, number]")
        st = _Table(cols)
        e = st.expr(sm[1])
        guard = " && ".join(st.guards) or "true"
        total = f"(fold_right Qplus 0 (map (fun r : list Q => {e}) rows))"
        sum_terms.append(f"forallb (fun r : list Q => {guard}) rows && "
                         + _CMP[sm[0]].format(a=total, b=coq_q(sm[2])))
    table = "[" + ";\n  ".join("[" + "; ".join(coq_q(x) for x in r) + "]" for r in rows) + "]"
    lines = [f"(* Generated by qproofs.certcheck.coq from {_label(doc.get('claim'))} / "
             f"{_label(doc.get('check'))}. Columns: {_label(' '.join(cols))}. *)",
             "From Coq Require Import List QArith Qminmax Qabs Bool.",
             "Import ListNotations.",
             "Open Scope Q_scope.",
             f"Definition rows : list (list Q) :=\n  {table}.",
             f"Definition pred (r : list Q) : bool := {pred}.",
             f"Definition sums_ok : bool := {' && '.join(sum_terms) or 'true'}.",
             *_kernel_lemma("rows_ok", "forallb pred rows"),
             *_kernel_lemma("sums_hold", "sums_ok"),
             "Theorem cert_table : forallb pred rows = true /\\ sums_ok = true.",
             "Proof. exact (conj rows_ok sums_hold). Qed.",
             "Print Assumptions cert_table."]
    text = "\n".join(lines) + "\n"
    start = text.splitlines().index("Lemma rows_ok : forallb pred rows = true.") + 1
    conditions = {start + 3: "a row breaks the predicate (forallb pred rows computes to false)",
                  start + 7: "a column sum breaks its relation (sums_ok computes to false)"}
    claim = f"all {len(rows)} rows satisfy the predicate" + (f", {len(sums)} sum(s) hold" if sums else "")
    return Generated(module, text, "cert_table", claim, conditions)


# ------------------------------------------------------------------- running Coq ---


def coqc_path() -> str:
    """The ``coqc`` executable, or :class:`CoqUnavailable` with a one-line message."""
    exe = shutil.which("coqc")
    if exe is None:
        raise CoqUnavailable(NOT_FOUND)
    return exe


def coq_version(coqc: str | None = None) -> str:
    """``coqc --version``'s version number, e.g. ``8.16.1``."""
    out = subprocess.run([coqc or coqc_path(), "--version"], capture_output=True, text=True, check=False)
    m = re.search(r"version\s+(\S+)", out.stdout)
    return m.group(1) if m else out.stdout.strip()[:40]


def build_library(build_dir: Path, coqc: str, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Compile ``coq/WeakDuality.v`` into ``build_dir/QProofs`` (skipped when the copy is up to date)."""
    src = COQ_DIR / "WeakDuality.v"
    if not src.is_file():
        raise CoqUnavailable(f"generic theory not found: {src}")
    lib = build_dir / LIBRARY
    lib.mkdir(parents=True, exist_ok=True)
    dst = lib / "WeakDuality.v"
    text = src.read_bytes()
    if dst.is_file() and dst.read_bytes() == text and (lib / "WeakDuality.vo").is_file():
        return lib
    dst.write_bytes(text)
    try:
        out = subprocess.run([coqc, "-q", "-R", str(lib), LIBRARY, str(dst)], capture_output=True,
                             text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise CoqUnavailable(f"coq/WeakDuality.v: coqc timed out after {timeout:.0f} s") from exc
    if out.returncode != 0:
        msg = " ".join((out.stderr or out.stdout).split())[:300]
        raise CoqUnavailable(f"coq/WeakDuality.v does not compile with this Coq: {msg}")
    return lib


def parse_assumptions(stdout: str) -> list[str]:
    """The axiom names listed by ``Print Assumptions`` (empty when "Closed under the global context")."""
    if "Closed under the global context" in stdout:
        return []
    names, on = [], False
    for line in stdout.splitlines():
        if line.startswith(("Axioms:", "Opaque constants:", "Transparent constants:")):
            on = line.startswith("Axioms:")
            continue
        if on and line and not line[0].isspace():
            names.append(line.split()[0])
    return names


def _error_line(stderr: str, path: Path) -> int | None:
    m = re.search(rf'File "[^"]*{re.escape(path.name)}", line (\d+)', stderr)
    return int(m.group(1)) if m else None


def _run(gen: Generated, build_dir: Path, lib: Path, coqc: str, timeout: float) -> tuple[bool, str]:
    """Run coqc on one generated file: (accepted, reason)."""
    path = build_dir / f"{gen.module}.v"
    path.write_text(gen.text, encoding="utf-8")
    try:
        out = subprocess.run([coqc, "-q", "-R", str(lib), LIBRARY, str(path)], capture_output=True,
                             text=True, timeout=timeout, check=False, cwd=build_dir)
    except subprocess.TimeoutExpired:
        return False, f"coq-timeout: coqc did not finish within {timeout:.0f} s ({path.name})"
    if out.returncode != 0:
        err = out.stderr or out.stdout
        msg = " ".join(err.split())[:300]
        line = _error_line(err, path)
        if line is not None and line in gen.conditions:
            return False, f"kernel-rejected: {gen.conditions[line]} ({msg})"
        return False, f"coq-error: {path.name}: {msg}"
    axioms = parse_assumptions(out.stdout)
    extra = sorted(set(axioms) - ALLOWED_AXIOMS)
    if extra:
        return False, f"axiom-not-allowed: {gen.theorem} rests on {', '.join(extra)}"
    if "Axioms:" not in out.stdout and "Closed under the global context" not in out.stdout:
        return False, f"coq-error: {path.name}: no Print Assumptions output"
    return True, f"ok: kernel (Coq): {gen.claim_text}; theorem {gen.module}.{gen.theorem}"


def _module_name(path: Path, index: int) -> str:
    stem = re.sub(r"[^A-Za-z0-9_]", "_", path.stem)[:60]
    return f"Cert{index:03d}_{stem}"


TOP_KEYS = frozenset({"schema", "kind", "claim", "check", "problem", "statement", "witness",
                      "problem_sha256", "producer"})


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k[:40]!r}")
        out[k] = v
    return out


def _load(path: Path) -> dict[str, Any]:
    """The certificate object; ``unreadable`` / ``missing-field`` / ``unknown-field`` as the format says."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_no_duplicates)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _Bad("unreadable", f"{path}: {type(exc).__name__}: {str(exc)[:80]}") from exc
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        raise _Bad("unreadable", f"{path}: not a {SCHEMA} certificate")
    if TOP_KEYS - set(doc):
        raise _Bad("missing-field", f"certificate lacks {', '.join(sorted(TOP_KEYS - set(doc)))}")
    if set(doc) - TOP_KEYS:
        raise _Bad("unknown-field", f"certificate has unknown keys {', '.join(sorted(set(doc) - TOP_KEYS))[:80]}")
    return doc


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the ``*.json`` files of directories named, recursively and sorted.

    A check with several certificates keeps them in a directory of its own; hidden temporary files are skipped.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(q for q in p.rglob("*.json") if q.is_file() and not q.name.startswith("."))
                   if p.is_dir() else [p])
    return out


def check_one(path: Path, index: int, build_dir: Path, lib: Path, coqc: str,
              timeout: float = DEFAULT_TIMEOUT) -> CheckOutcome:
    """Generate, compile and judge one certificate file."""
    t0 = time.perf_counter()
    claim = check = kind = ""
    try:
        doc = _load(path)
        claim, check, kind = (str(doc.get(k, "")) for k in ("claim", "check", "kind"))
        generators = {"sdp-dual": generate_sdp, "identity": generate_identity, "table": generate_table}
        if kind not in generators:
            raise _Bad("unknown-kind", f"kind {kind[:30]!r}")
        if doc.get("problem_sha256") != problem_sha256(doc.get("problem")):
            raise _Bad("hash-mismatch", "problem_sha256 does not match the problem data")
        generate = generators[kind]
        gen = generate(doc, _module_name(path, index))
        accepted, reason = _run(gen, build_dir, lib, coqc, timeout)
    except _Bad as exc:
        accepted, reason = False, str(exc)
    return CheckOutcome(str(path), claim, check, kind, accepted, reason, time.perf_counter() - t0)


def check_with_coq(paths: Sequence[str | Path], build_dir: str | Path | None = None,
                   timeout: float = DEFAULT_TIMEOUT) -> list[CheckOutcome]:
    """Kernel-check every certificate in ``paths`` (files, or directories of ``*.json``) with Coq.

    Returns one outcome per file: accepted (``ok``), rejected (``kernel-rejected`` with Coq's
    message, ``axiom-not-allowed``, malformed input), ``not-expressible`` (with why), or a Coq error
    (``coq-error``, ``coq-timeout``). ``build_dir`` keeps the generated ``.v`` files (default: a
    temporary directory, removed afterwards). Raises :class:`CoqUnavailable` (one line) when
    ``coqc`` is missing or the generic theory does not compile.
    """
    coqc = coqc_path()
    files = expand(paths)
    tmp = None
    if build_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="qproofs-coq-")
        build_dir = tmp.name
    root = Path(build_dir)
    root.mkdir(parents=True, exist_ok=True)
    try:
        lib = build_library(root, coqc, timeout)
        return [check_one(p, i, root, lib, coqc, timeout) for i, p in enumerate(files)]
    finally:
        if tmp is not None:
            tmp.cleanup()


def is_not_expressible(outcome: CheckOutcome) -> bool:
    """Whether an outcome is ``not-expressible`` (neither accepted nor refuted by the kernel)."""
    return outcome.reason.startswith("not-expressible")
