"""Kind ``sdp-dual-float``: weak duality with a *rigorous floating-point* proof that the dual slack is PSD.

Issue 12, "Certified bounds at larger N". The problem and statement are those of ``sdp-dual``
(docs/certificates.md); the witness is only ``{"y": [...], "shift": c}``. The checker builds the
dual slack S from y **exactly** (rationals: the linear constraints, the value b'·y and the sign
rules are exact, as in :mod:`qproofs.certcheck.sdp`) and proves S ⪰ 0 as follows.

1. B ∈ F^{m×m} (IEEE binary64): B_ij = fl(S_ij) for i ≠ j, B_ii = fl(S_ii − c); the rounding is
   whatever Python's correctly rounded ``float(Fraction)`` gives — it need not be analysed, because
2. E := S − B is computed **exactly** (every float is a rational), and its Gershgorin bound
   g := min_i (E_ii − Σ_{j≠i} |E_ij|) ≤ λ_min(E) is exact.
3. The floating-point Cholesky factorisation B = R̂ᵀR̂ is run in pure Python floats (rounding to
   nearest, no FMA: CPython evaluates ``a*b - c`` as two rounded operations). If it runs to
   completion (every pivot > 0 and finite), then by

   **Theorem** (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed. 2002, Thm 10.3;
   the basis of Rump, "Verification of positive definiteness", BIT Numer. Math. 46 (2006) 433–452,
   and of ValidSDP's ``posdef_check``, Roux, J. Autom. Reasoning 57 (2016)): if Cholesky of a
   symmetric B ∈ F^{m×m} runs to completion in arithmetic obeying the standard model
   fl(x op y) = (x op y)(1 + δ), |δ| ≤ u, the computed R̂ satisfies
   R̂ᵀR̂ = B + ΔB with |ΔB| ≤ γ_{m+1} |R̂ᵀ||R̂|, γ_k = k·u / (1 − k·u), u = 2⁻⁵³,

   we get ‖ΔB‖₂ ≤ γ_{m+1} ‖|R̂|‖₂² ≤ γ_{m+1} ‖R̂‖_F², so B ⪰ −ΔB ⪰ −γ_{m+1}‖R̂‖_F²·I. (The
   Frobenius norm is summed *exactly* from the computed floats.)
4. Weyl: λ_min(S) = λ_min(B + E) ≥ λ_min(B) + λ_min(E) ≥ g − γ_{m+1}‖R̂‖_F². The checker accepts
   iff g ≥ γ_{m+1}‖R̂‖_F² (then S ⪰ 0 and weak duality gives the bound exactly as for ``sdp-dual``).

The standard model fails only on underflow or overflow: every product, quotient and square root
whose result is non-zero must be a normal number (|x| ≥ 2⁻¹⁰²¹, a margin above 2⁻¹⁰²² — Higham's
model then holds; sums and differences that land in the subnormal range are exact in IEEE 754),
a zero product of non-zero factors is an underflow, and every value must be finite; otherwise
``float-range``. A platform self-test checks binary64 with rounding to nearest (``float-platform``).
So the shift c plays the role of Rump's/ValidSDP's c ≥ γ_{n+1}·tr-type term: c too small fails step 4
(``shift-too-small``), c too large (or S not PSD) fails step 3 (``cholesky-failed``).

Limit (pure Python loops, no numpy, by design of the kernel): m ≤ 4096 (the format's dimension limit)
and at most ``MAX_FLOPS`` = 2·10⁷ multiply-adds in the (sparse, left-looking, no pivoting) Cholesky —
every dense matrix up to m = 64 (≈ 4.6·10⁴), dense m ≈ 390 at the cap, and the block-sparse 4096 × 4096
slacks of Theorem 1 and the Section 4.3 stabiliser test at N = 12; ``too-large`` otherwise.
"""

from __future__ import annotations

import math
import sys
from fractions import Fraction
from typing import Any

from qproofs.certcheck.errors import Rejected
from qproofs.certcheck.numbers import Matrix, parse_q
from qproofs.certcheck.sdp import conclude, dual_slack

U = Fraction(1, 2**53)
"""Unit roundoff of IEEE binary64 with rounding to nearest."""
MIN_RESULT = 2.0**-1021
"""Smallest magnitude a non-zero product / quotient / square root may have (normal range with margin)."""
MAX_FLOPS = 2 * 10**7
"""Work limit of the pure-Python Cholesky (multiply-adds)."""


def gamma(k: int) -> Fraction:
    """γ_k = k·u / (1 − k·u), exactly (Higham 2002, §3.1)."""
    if k * U >= 1:
        raise Rejected("too-large", f"k·u ≥ 1 for k = {k}: no rounding-error bound")
    return k * U / (1 - k * U)


def platform_ok() -> bool:
    """binary64 with rounding to nearest (ties to even): 1 + 2⁻⁵³ → 1 and 1 + 3·2⁻⁵⁴ → 1 + 2⁻⁵²."""
    one = 1.0
    return (sys.float_info.mant_dig == 53 and one + 2.0**-53 == one and one + 3 * 2.0**-54 == one + 2.0**-52
            and -one - 2.0**-53 == -one)


def check_sdp_float(problem: Any, statement: Any, witness: Any) -> str:
    """Verify an ``sdp-dual-float`` certificate; returns the accepted reason or raises :class:`Rejected`."""
    ds, w = dual_slack(problem, statement, witness, ("y", "shift"))
    c = parse_q(w["shift"], "witness.shift")
    if c <= 0:
        raise Rejected("bad-witness", f"witness.shift = {c} must be > 0")
    g, frob = rigorous_psd(ds.S, ds.m, c)
    return conclude(ds, f"rigorous float Cholesky of S − cI (c = {float(c):.3g}; Gershgorin(S − B) = {float(g):.3g}"
                        f" ≥ γ_(m+1)·‖R‖_F² = {float(gamma(ds.m + 1) * frob):.3g})")


def float_matrix(S: Matrix, m: int, c: Fraction) -> dict[int, dict[int, float]]:
    """B as columns of its lower triangle: {j: {i: B_ij, i ≥ j}} with B_ii = fl(S_ii − c), B_ij = fl(S_ij)."""
    cols: dict[int, dict[int, float]] = {j: {} for j in range(m)}
    try:
        for (i, j), v in S.items():
            if i > j:
                cols[j][i] = float(v)
        for j in range(m):
            cols[j][j] = float(S.get((j, j), Fraction(0)) - c)
    except OverflowError as exc:
        raise Rejected("float-range", "a dual-slack entry does not fit in a binary64 float") from exc
    return cols


def cholesky(cols: dict[int, dict[int, float]], m: int) -> dict[int, dict[int, float]]:
    """Left-looking sparse floating-point Cholesky B = R̂ᵀR̂; returns R̂ᵀ by columns, or raises.

    Hand-written on purpose (the kernel imports no numpy/scipy, issue 12): each operation is one
    IEEE binary64 operation, so Higham's Theorem 10.3 applies; every product / quotient / root is
    guarded against underflow and overflow (module docstring).
    """
    L: dict[int, dict[int, float]] = {}
    rows: dict[int, list[int]] = {i: [] for i in range(m)}   # rows[i] = columns k < i with L_ik ≠ 0
    flops = 0
    for j in range(m):
        col = dict(cols[j])
        for k in rows[j]:
            lk = L[k]
            ljk = lk[j]
            flops += len(lk)
            if flops > MAX_FLOPS:
                raise Rejected("too-large", f"the Cholesky needs more than {MAX_FLOPS} multiply-adds")
            for i, lik in lk.items():
                if i >= j:
                    p = lik * ljk
                    if (p == 0.0 or abs(p) < MIN_RESULT or not math.isfinite(p)) and lik != 0.0 and ljk != 0.0:
                        raise Rejected("float-range", f"underflow/overflow in a product at column {j}")
                    col[i] = col.get(i, 0.0) - p
        d = col.pop(j)
        if not (d > 0.0 and math.isfinite(d)):
            raise Rejected("cholesky-failed", f"floating-point Cholesky of S − cI fails at pivot {j} (value {d!r}): "
                           "S − cI is not numerically positive definite (S not PSD, or the shift c too large)")
        r = math.sqrt(d)
        if r < MIN_RESULT:
            raise Rejected("float-range", f"pivot {j} underflows")
        out = {j: r}
        for i, v in col.items():
            if v != 0.0:
                q = v / r
                if q == 0.0 or abs(q) < MIN_RESULT or not math.isfinite(q):
                    raise Rejected("float-range", f"underflow/overflow in a quotient at column {j}")
                out[i] = q
                rows[i].append(j)
            elif not math.isfinite(v):
                raise Rejected("float-range", f"non-finite value at column {j}")
        L[j] = out
    return L


def rigorous_psd(S: Matrix, m: int, c: Fraction) -> tuple[Fraction, Fraction]:
    """Prove S ⪰ 0 (module docstring, steps 1–4); returns (g, ‖R̂‖_F²) or raises :class:`Rejected`."""
    if not platform_ok():
        raise Rejected("float-platform", "this Python's floats are not binary64 with rounding to nearest")
    cols = float_matrix(S, m, c)
    L = cholesky(cols, m)
    frob = sum((Fraction(v) ** 2 for col in L.values() for v in col.values()), Fraction(0))
    # E = S − B exactly; Gershgorin lower bound of λ_min(E) (E symmetric: off-diagonal sums over the lower
    # triangle of S and B, counted for both rows)
    off = [Fraction(0)] * m
    diag = [Fraction(0)] * m
    seen: set[tuple[int, int]] = set()
    for j, col in cols.items():
        for i, b in col.items():
            e = S.get((i, j), Fraction(0)) - Fraction(b)
            if i == j:
                diag[i] = e
            else:
                off[i] += abs(e)
                off[j] += abs(e)
            seen.add((i, j))
    for (i, j), v in S.items():   # entries of S that B dropped (none: B copies S's pattern) — kept for safety
        if i > j and (i, j) not in seen:
            off[i] += abs(v)
            off[j] += abs(v)
    g = min(d - o for d, o in zip(diag, off, strict=True))
    need = gamma(m + 1) * frob
    if g < need:
        raise Rejected("shift-too-small", f"Gershgorin(S − B) = {float(g):.6g} < γ_(m+1)·‖R̂‖_F² = {float(need):.6g}: "
                       "the rounding error of the Cholesky is not covered (the shift c is too small)")
    return g, frob
