"""Kind ``sdp-dual``: weak duality with an exact LDLᵀ proof that the dual slack is PSD.

Used for the certified SDP bounds of Theorem 1 (claims ``thm1.qfi-bound``,
``thm1.ghz-unique``) and the Section 4.3 stabiliser test
(``vga.stabilizer-detection``). Conventions (docs/certificates.md, "Sign
conventions"): C' = ±C by sense, ``>=`` rows negated, Z = Σ y_i A'_i − C',
S = Z (real) or S = [[Re Z, −Im Z], [Im Z, Re Z]] (complex, not halved);
the witness proves P S Pᵀ = L D Lᵀ with L unit lower triangular and D ≥ 0,
hence S ⪰ 0 and, by weak duality, max ⟨C, X⟩ ≤ b'·y (min ⟨C, X⟩ ≥ −b'·y).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from qproofs.certcheck.errors import Rejected
from qproofs.certcheck.numbers import (
    MAX_DIM,
    Matrix,
    parse_dim,
    parse_matrix,
    parse_q,
    require_hermitian,
)
from qproofs.certcheck.structure import fields

OPS = ("==", "<=", ">=")


@dataclass(frozen=True)
class DualSlack:
    """A parsed program with the witness's multipliers applied: the matrix S to prove PSD and b'·y."""

    sense: str
    bound: Fraction
    value: Fraction
    S: Matrix
    m: int


def check_sdp(problem: Any, statement: Any, witness: Any) -> str:
    """Verify an ``sdp-dual`` certificate; returns the accepted reason or raises :class:`Rejected`."""
    ds, w = dual_slack(problem, statement, witness, ("y", "ldl"))
    _check_ldl(ds.S, ds.m, w["ldl"])
    return conclude(ds, "LDLᵀ")


def dual_slack(problem: Any, statement: Any, witness: Any, witness_keys: tuple[str, ...]
               ) -> tuple[DualSlack, Mapping[str, Any]]:
    """Parse problem, statement, the witness's keys and its ``y``; build S (docs/certificates.md, steps 1–4).

    Shared by ``sdp-dual`` (exact LDLᵀ) and ``sdp-dual-float`` (rigorous floating-point Cholesky).
    """
    p = fields(problem, "problem", ("field", "sense", "n", "C", "constraints"))
    field = p["field"]
    if field not in ("real", "complex"):
        raise Rejected("bad-matrix", f"problem.field: {field!r} is not 'real' or 'complex'")
    cplx = field == "complex"
    sense = p["sense"]
    if sense not in ("max", "min"):
        raise Rejected("bad-statement", f"problem.sense: {sense!r} is not 'max' or 'min'")
    n = parse_dim(p["n"], "problem.n", MAX_DIM // 2 if cplx else MAX_DIM)
    c_re, c_im = parse_matrix(p["C"], n, "problem.C", complex_entries=cplx)
    require_hermitian(c_re, c_im, "problem.C")
    rows = p["constraints"]
    if not isinstance(rows, list) or not rows:
        raise Rejected("missing-field", "problem.constraints must be a non-empty list")
    data = []
    for k, row in enumerate(rows):
        r = fields(row, f"problem.constraints[{k}]", ("A", "op", "b"))
        if r["op"] not in OPS:
            raise Rejected("bad-statement", f"problem.constraints[{k}].op: {r['op']!r} is not one of {OPS}")
        a_re, a_im = parse_matrix(r["A"], n, f"problem.constraints[{k}].A", complex_entries=cplx)
        require_hermitian(a_re, a_im, f"problem.constraints[{k}].A")
        data.append((a_re, a_im, r["op"], parse_q(r["b"], f"problem.constraints[{k}].b")))

    st = fields(statement, "statement", ("relation", "bound"))
    want = "max<=" if sense == "max" else "min>="
    if st["relation"] != want:
        raise Rejected("bad-statement", f"statement.relation {st['relation']!r} does not fit sense "
                       f"{sense!r} (expected {want!r})")
    bound = parse_q(st["bound"], "statement.bound")

    w = fields(witness, "witness", witness_keys)
    ys = w["y"]
    if not isinstance(ys, list) or len(ys) != len(data):
        raise Rejected("bad-witness", f"witness.y must hold one multiplier per constraint ({len(data)})")
    y = [parse_q(v, f"witness.y[{k}]") for k, v in enumerate(ys)]
    for k, (yk, (_, _, op, _)) in enumerate(zip(y, data, strict=True)):
        if op != "==" and yk < 0:
            raise Rejected("multiplier-sign", f"y[{k}] = {yk} < 0 on the inequality row {k} ({op})")

    # Z = Σ y_i A'_i − C'  (A' = −A on >= rows, C' = −C for min)
    sgn_c = 1 if sense == "max" else -1
    z_re: Matrix = {k: -sgn_c * v for k, v in c_re.items()}
    z_im: Matrix = {k: -sgn_c * v for k, v in c_im.items()}
    value = Fraction(0)
    for yk, (a_re, a_im, op, b) in zip(y, data, strict=True):
        s = yk if op != ">=" else -yk
        value += s * b
        if s:
            _axpy(z_re, s, a_re)
            _axpy(z_im, s, a_im)
    S = _embed(z_re, z_im, n) if cplx else z_re
    return DualSlack(sense, bound, value, S, 2 * n if cplx else n), w


def conclude(ds: DualSlack, proof: str) -> str:
    """Weak duality once S ⪰ 0 is proved: the accepted reason, or ``bound-not-proved``."""
    value, bound, m = ds.value, ds.bound, ds.m
    if ds.sense == "max":
        if value > bound:
            raise Rejected("bound-not-proved", f"the witness proves max ≤ {value}, not ≤ {bound}")
        return f"ok: max <C,X> <= {bound} (weak duality: b.y = {value}; dual slack PSD by {proof}, m = {m})"
    if -value < bound:
        raise Rejected("bound-not-proved", f"the witness proves min ≥ {-value}, not ≥ {bound}")
    return f"ok: min <C,X> >= {bound} (weak duality: -b.y = {-value}; dual slack PSD by {proof}, m = {m})"


def _check_ldl(S: Matrix, m: int, ldl: Any) -> None:
    """Raise unless ``ldl`` proves P S Pᵀ = L D Lᵀ with L unit lower triangular and D ≥ 0."""
    ldl = fields(ldl, "witness.ldl", ("perm", "L", "D"))
    perm = ldl["perm"]
    if not (isinstance(perm, list) and len(perm) == m and all(isinstance(i, int) and not isinstance(i, bool)
                                                               for i in perm) and sorted(perm) == list(range(m))):
        raise Rejected("bad-witness", f"witness.ldl.perm is not a permutation of 0..{m - 1}")
    try:
        L, L_im = parse_matrix(ldl["L"], m, "witness.ldl.L")
    except Rejected as exc:
        if exc.code in ("bad-number", "number-too-large"):
            raise
        raise Rejected("bad-witness", exc.message) from exc
    for (i, j), v in L.items():
        if j > i:
            raise Rejected("bad-witness", f"witness.ldl.L is not lower triangular: ({i},{j}) = {v}")
    if any(L.get((i, i)) != 1 for i in range(m)):
        raise Rejected("bad-witness", "witness.ldl.L does not have a unit diagonal")
    D_raw = ldl["D"]
    if not isinstance(D_raw, list) or len(D_raw) != m:
        raise Rejected("bad-witness", f"witness.ldl.D must hold {m} entries")
    D = [parse_q(v, f"witness.ldl.D[{k}]") for k, v in enumerate(D_raw)]
    neg = next((k for k, d in enumerate(D) if d < 0), None)
    if neg is not None:
        raise Rejected("d-negative", f"D[{neg}] = {D[neg]} < 0: LDLᵀ does not prove PSD")
    bad = _factorisation_mismatch(S, perm, L, D)
    if bad is not None:
        i, j = bad
        raise Rejected("factorisation-mismatch",
                       f"(P S Pᵀ)[{i}][{j}] != (L D Lᵀ)[{i}][{j}]: the witness does not factor this problem's "
                       "dual slack")


def _axpy(z: Matrix, s: Fraction, a: Matrix) -> None:
    for k, v in a.items():
        t = z.get(k, 0) + s * v
        if t:
            z[k] = t
        else:
            z.pop(k, None)


def _embed(re_: Matrix, im_: Matrix, n: int) -> Matrix:
    """[[Re, −Im], [Im, Re]] (2n×2n): PSD iff Re + i·Im is PSD."""
    out: Matrix = {}
    for (i, j), v in re_.items():
        out[i, j] = v
        out[n + i, n + j] = v
    for (i, j), v in im_.items():
        out[n + i, j] = v
        out[i, n + j] = -v
    return out


def _use_flint() -> bool:
    if os.environ.get("QPROOFS_CERTCHECK_NO_FLINT"):
        return False
    try:
        import flint  # noqa: F401
    except ImportError:
        return False
    return True


def _factorisation_mismatch(S: Mapping[tuple[int, int], Fraction], perm: list[int], L: Matrix,
                            D: list[Fraction]) -> tuple[int, int] | None:
    """First (i, j), j ≤ i, where S[perm[i]][perm[j]] != (L D Lᵀ)[i][j]; None if they agree everywhere.

    Hand-written sparse product (column k of L contributes D_k L_ik L_jk): exact, and
    with python-flint's fmpq when available (identical results, faster), Fraction otherwise.
    S is symmetric by construction, and so is L D Lᵀ: the lower triangle decides.
    """
    conv: Any = Fraction
    if _use_flint():
        import flint

        def conv(v: Fraction) -> Any:
            return flint.fmpq(v.numerator, v.denominator)

    cols: dict[int, list[tuple[int, Any]]] = {}
    for (i, k), v in L.items():
        cols.setdefault(k, []).append((i, conv(v)))
    acc: dict[tuple[int, int], Any] = {}
    for k, col in cols.items():
        if D[k] == 0:
            continue
        dk = conv(D[k])
        for i, a in col:
            da = dk * a
            for j, b in col:
                if j <= i:
                    acc[i, j] = acc.get((i, j), 0) + da * b
    inv = {p: i for i, p in enumerate(perm)}
    target: dict[tuple[int, int], Any] = {}
    for (r, c), v in S.items():
        i, j = inv[r], inv[c]
        if j <= i:
            target[i, j] = conv(v)
    for key in sorted(set(acc) | set(target)):
        if acc.get(key, 0) != target.get(key, 0):
            return key
    return None
