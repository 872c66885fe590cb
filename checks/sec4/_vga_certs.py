"""Certificates (issue 12, docs/certificates.md) of the exact tables of ``vga.sampling`` and ``vga.composable``.

Shared code of ``checks/sec4`` (leading underscore: not a claim module). Each builder returns a ``table``
certificate whose rows the independent checker (``qproofs check``, pure ``fractions``) re-derives from the row's
own data: hypergeometric weights from their recurrence and normalisation, the test's rejection from Section 4.3's
formula, trace distances from the two outcome distributions, and rational upper bounds on
ε(m, δ) = √(2 ln(2/δ)/m) + ln(2/δ)/(c·m) (c = 1/2) proved without logarithms or roots: L ≥ ln(2/δ) because the
Taylor partial sum Σ_{k≤K} L^k/k! (a lower bound on e^L) reaches 2/δ, and s ≥ √x because s ≥ 0 and s² ≥ x.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from qproofs.certificates import table_certificate

TAYLOR_TERMS = 40
"""Terms of the partial sum of e^L (L ≈ ln 200 ≈ 5.3: the remainder is below 10^-18 of the sum)."""

GRID = 2**30
"""Denominator of the rational upper bounds (logarithms, roots): ~1e-9 above the float values."""

FLOAT_TOL = Fraction(1, 10**7)
"""How far a float value of the producer may lie from the exact row value (the checks' dense tolerance)."""


def _const(x: Any) -> list[Any]:
    return ["const", Fraction(x)]


def _col(name: str) -> list[Any]:
    return ["col", name]


def rational(x: float, max_den: int = 10**6) -> Fraction:
    """A float known to be a simple rational (1/2, 2/7, 1/4, ...), recovered exactly; asserts it is that close."""
    q = Fraction(x).limit_denominator(max_den)
    if abs(float(q) - x) > 1e-12:
        raise ValueError(f"{x!r} is not a simple rational (nearest {q})")
    return q


def upper(x: float) -> Fraction:
    """A rational on the grid 1/GRID strictly above the float x (for upper bounds)."""
    return Fraction(math.floor(x * GRID) + 2, GRID)


def sqrt_upper(x: Fraction) -> Fraction:
    """The least grid rational s ≥ 0 with s² ≥ x, from the float root (then corrected exactly)."""
    s = upper(math.sqrt(float(x)))
    while s > 0 and (s - Fraction(1, GRID)) ** 2 >= x:
        s -= Fraction(1, GRID)
    while s * s < x:
        s += Fraction(1, GRID)
    return s


def log_upper(y: Fraction) -> Fraction:
    """A grid rational L with e^L ≥ y certified by the Taylor partial sum (see module docstring)."""
    L = upper(math.log(float(y)))
    while sum(L**k / math.factorial(k) for k in range(TAYLOR_TERMS + 1)) < y:
        L += Fraction(1, GRID)
    return L


def _taylor(col: str) -> list[Any]:
    return ["+", *[["/", ["pow", _col(col), _const(k)], _const(math.factorial(k))] for k in range(TAYLOR_TERMS + 1)]]


def epsilon_bound(m: int, delta: Fraction) -> dict[str, Fraction]:
    """Rational upper bounds on ε(m, δ) with c = 1/2: L ≥ ln(2/δ), s ≥ √(2L/m), eps = s + 2L/m."""
    L = log_upper(2 / delta)
    s = sqrt_upper(2 * L / m)
    return {"L": L, "s": s, "eps": s + 2 * L / m}


def _epsilon_predicates() -> list[Any]:
    """L certifies ln(2/δ) from above, s √(2L/m) from above, eps = s + L/(c·m) with c = 1/2."""
    two_l_over_m = ["/", ["*", _const(2), _col("L")], _col("m")]
    return [[">=", _col("L"), _const(0)],
            [">=", _taylor("L"), ["/", _const(2), _col("delta")]],
            [">=", _col("s"), _const(0)],
            [">=", ["*", _col("s"), _col("s")], two_l_over_m],
            ["==", _col("eps"), ["+", _col("s"), two_l_over_m]]]


# ------------------------------------------------------------ vga.sampling ---

MAX_K = 8
"""Largest number of attacked copies k in a row (columns w0..w8, ind1..ind8): vga.sampling's ir_max_copies."""


def intercept_resend_table(rows: list[dict[str, Any]], n: int, *, claim: str, check: str) -> dict[str, Any]:
    """``register_level_certification``: intercept-resend on k of 2m copies, P[accept ∧ register distance > ε].

    Per row (m, best k): F = GHZ fidelity of an attacked copy, r its rejection by Section 4.3's formula
    (1 − F)·2^{N−1}/(2^N − 1); w_j = P[j of the k attacked copies untested] (hypergeometric: fixed by w_{j+1}(j+1)
    (m − k + j + 1) = w_j (k − j)(m − j) and Σ w_j = 1); ind_j = 1 only where 1 − F^j > eps ≥ ε(m, δ) (the register
    of j untested attacked copies is then more than ε from GHZ^{⊗m}); p_lower = Σ_j w_j (1 − r)^{k−j} ind_j ≤
    P[accept ∧ distance > ε]. A row flagged broken has p_lower > δ: the register-level reading fails there.
    """
    cols = ["N", "m", "k", "delta", "F", "r", *[f"w{j}" for j in range(MAX_K + 1)],
            *[f"ind{j}" for j in range(1, MAX_K + 1)], "L", "s", "eps", "p_lower", "p_float", "broken"]
    out = []
    for row in rows:
        m, k = int(row["m"]), int(row["copies"])
        delta = rational(row["delta"])
        F = rational(1 - row["per_copy_deficit"])
        r = rational(row["per_copy_rejection"])
        w = [math.prod((Fraction(m - i, 2 * m - i) for i in range(k)), start=Fraction(1))]  # all k tested
        for j in range(MAX_K):  # the hypergeometric recurrence (no C(2m, m): m reaches 10^6)
            w.append(w[j] * (k - j) * (m - j) / ((j + 1) * (m - k + j + 1)))
        eb = epsilon_bound(m, delta)
        ind = [int(j <= k and 1 - F**j > eb["eps"]) for j in range(1, MAX_K + 1)]
        p_lower = sum(w[j] * (1 - r) ** (k - j) * ind[j - 1] for j in range(1, k + 1))
        out.append([n, m, k, delta, F, r, *w, *ind, eb["L"], eb["s"], eb["eps"], p_lower,
                    Fraction(row["p_bad"]), int(p_lower > delta)])
    m_, k_ = _col("m"), _col("k")
    N = _col("N")
    pred: list[Any] = ["and", *_epsilon_predicates(),
                       [">=", k_, _const(1)], ["<=", k_, _const(MAX_K)], ["<=", k_, m_],
                       [">=", _col("F"), _const(0)], ["<=", _col("F"), _const(1)],
                       ["==", _col("r"), ["/", ["*", ["-", _const(1), _col("F")], ["pow", _const(2), ["-", N, _const(1)]]],
                                          ["-", ["pow", _const(2), N], _const(1)]]],
                       ["==", ["+", *[_col(f"w{j}") for j in range(MAX_K + 1)]], _const(1)],
                       *[[">=", _col(f"w{j}"), _const(0)] for j in range(MAX_K + 1)],
                       *[["==", ["*", _col(f"w{j + 1}"), _const(j + 1), ["+", ["-", m_, k_], _const(j + 1)]],
                          ["*", _col(f"w{j}"), ["-", k_, _const(j)], ["-", m_, _const(j)]]] for j in range(MAX_K)],
                       *[["or", ["==", _col(f"ind{j}"), _const(0)],
                          ["and", ["==", _col(f"ind{j}"), _const(1)],
                           [">", ["-", _const(1), ["pow", _col("F"), _const(j)]], _col("eps")]]]
                         for j in range(1, MAX_K + 1)],
                       ["==", _col("p_lower"), ["+", *[["*", _col(f"w{j}"), _col(f"ind{j}"),
                                                       ["pow", ["-", _const(1), _col("r")],
                                                        ["max", _const(0), ["-", k_, _const(j)]]]]
                                                      for j in range(1, MAX_K + 1)]]],
                       ["<=", _col("p_lower"), ["+", _col("p_float"), _const(FLOAT_TOL)]],
                       ["or", ["==", _col("broken"), _const(0)],
                        ["and", ["==", _col("broken"), _const(1)], [">", _col("p_lower"), _col("delta")]]]]
    return table_certificate(cols, out, pred, claim=claim, check=check, labels=[f"m={r[1]}, k={r[2]}" for r in out],
                             definition=("Intercept-resend (X basis, node 0) on k of the 2m distributed copies, N = "
                                         f"{n}; a uniformly random half is tested. F, r: fidelity and rejection of "
                                         "one attacked copy; w_j: P[j attacked copies untested]; ind_j: 1 − F^j > "
                                         "eps ≥ ε(m, δ) = √(2 ln(2/δ)/m) + 2 ln(2/δ)/m; p_lower ≤ P[accept ∧ "
                                         "register distance > ε(m, δ)]; p_float: the producer's float value; "
                                         "broken = 1: p_lower > δ (vga.sampling's register reading fails)."))


# ---------------------------------------------------------- vga.composable ---


def advantage_table(n: int, ms: list[int], evaluated: dict[int, float], p_x: Any, p_x2: Any, *, claim: str,
                    check: str) -> dict[str, Any]:
    """``single_copy_attack_vs_composed_epsilon``: the exact advantage 1/4 at m = 2..10.

    Per row: P[attacked copy untested] = m/(2m); d_use = ½Σ|P − P'| from the attacked copy's distributions of
    (broadcast b, Eve's outcome k) under x and x' (exact rationals, columns p*, q*); advantage = ½·P[untested]·d_use
    = 1/4; the producer's exact evaluator (floats over all splits) within FLOAT_TOL of it.
    """
    ps = [rational(float(v), 64) for v in p_x.reshape(-1)]
    qs = [rational(float(v), 64) for v in p_x2.reshape(-1)]
    d_use = sum(abs(a - b) for a, b in zip(ps, qs, strict=True)) / 2
    pc, qc = [f"p{i}" for i in range(len(ps))], [f"q{i}" for i in range(len(qs))]
    rows = []
    for m in ms:
        pu = Fraction(m, 2 * m)
        rows.append([m, pu, *ps, *qs, d_use, pu * d_use / 2, Fraction(evaluated[m])])
    pred = ["and",
            ["==", _col("p_untested"), ["/", _col("m"), ["*", _const(2), _col("m")]]],
            *[[">=", _col(c), _const(0)] for c in pc + qc],
            ["==", ["+", *[_col(c) for c in pc]], _const(1)], ["==", ["+", *[_col(c) for c in qc]], _const(1)],
            ["==", _col("d_use"), ["/", ["+", *[["abs", ["-", _col(a), _col(b)]] for a, b in zip(pc, qc, strict=True)]],
                                   _const(2)]],
            ["==", _col("advantage"), ["/", ["*", _col("p_untested"), _col("d_use")], _const(2)]],
            ["==", _col("advantage"), _const(Fraction(1, 4))],
            ["<=", ["abs", ["-", _col("evaluated"), _col("advantage")]], _const(FLOAT_TOL)]]
    return table_certificate(["m", "p_untested", *pc, *qc, "d_use", "advantage", "evaluated"], rows, pred,
                             claim=claim, check=f"{check}.advantage", labels=[f"m={m}" for m in ms],
                             definition=(f"N = {n}, d = T = 1: intercept-resend (X, node 0) on copy 0 of 2m; the "
                                         "worst equal-sum pair x, x'. p*/q*: P(b, k) of the attacked copy's "
                                         "broadcast b and Eve's outcome k under x / x' (row-major, 2^N × 2). "
                                         "advantage = ½·D(real_x, real_x'); evaluated: the float exact evaluator."))


def composed_epsilon_table(rows: list[dict[str, Any]], delta: float, advantage: Fraction, *, claim: str,
                           check: str) -> dict[str, Any]:
    """The composed-ε table: rational upper bounds on ε_comp = ε(m, δ) + δ and its FvdG reading √ε(m, δ) + δ.

    A row flagged ``exceeds`` certifies advantage > ε_comp,FvdG(m) ≥ ε_comp(m): the refutation at that m. The
    producer's floats lie within FLOAT_TOL of the bounds (so the bounds are the values, not loose ones).
    """
    d = rational(delta)
    out = []
    for r in rows:
        m = int(r["m"])
        eb = epsilon_bound(m, d)
        t = sqrt_upper(min(Fraction(1), eb["eps"]))
        comp, fvdg = eb["eps"] + d, t + d
        out.append([m, d, eb["L"], eb["s"], eb["eps"], t, comp, fvdg, Fraction(r["eps_comp"]),
                    Fraction(r["eps_comp_fvdg"]), advantage, int(advantage > fvdg)])
    c = _col
    pred = ["and", *_epsilon_predicates(),
            [">=", c("t"), _const(0)], [">=", ["*", c("t"), c("t")], ["min", _const(1), c("eps")]],
            ["==", c("comp"), ["+", c("eps"), c("delta")]], ["==", c("comp_fvdg"), ["+", c("t"), c("delta")]],
            ["<=", ["abs", ["-", c("comp"), c("comp_float")]], _const(FLOAT_TOL)],
            ["<=", ["abs", ["-", c("comp_fvdg"), c("comp_fvdg_float")]], _const(FLOAT_TOL)],
            ["or", ["==", c("exceeds"), _const(0)],
             ["and", ["==", c("exceeds"), _const(1)], [">", c("advantage"), c("comp_fvdg")]]]]
    return table_certificate(["m", "delta", "L", "s", "eps", "t", "comp", "comp_fvdg", "comp_float",
                              "comp_fvdg_float", "advantage", "exceeds"], out, pred, claim=claim,
                             check=f"{check}.composed_epsilon", labels=[f"m={r[0]}" for r in out],
                             definition=("d = T = 1: eps ≥ ε(m, δ) = √(2 ln(2/δ)/m) + 2 ln(2/δ)/m; comp ≥ ε(m, δ) + δ; "
                                         "comp_fvdg ≥ √ε(m, δ) + δ (Fuchs–van de Graaf); *_float: the producer's "
                                         "values; exceeds = 1: the exact single-copy advantage is above comp_fvdg."))
