"""Exact identities of Section 5 (claims ``thm4.grover-angle``, ``thm4.ghd-reduction``, ``thm5.zero-amplitude``).

* Theorem 4 / App. D: with ã = (a,1)/√2, b̃ = (b,1)/√2, ⟨ã,b̃⟩ = (1+⟨a,b⟩)/2;
  G = R_b R_a (R_v = 2|v⟩⟨v| − I) is the rotation by 2θ (cos θ = ⟨ã,b̃⟩) on
  span{ã,b̃} and the identity on its complement; ⟨a,b⟩ = 0 ⇔ θ = π/3.
* Theorem 4.2: for x, y ∈ {±1}^n, ⟨x/√n, y/√n⟩ = 1 − 2Δ(x,y)/n, and the GHD
  promise Δ ≤ n/2 − √n maps to ⟨·,·⟩ ≥ 2/√n.
* Theorem 5.1 / App. C.3: ⟨(i ± j)/√2 | ψ_s⟩ is derived from the inner products
  of basis vectors with a symbolic phase state and compared with (s_i ± s_j)/√(2n);
  the wrong parity amplitude is exactly 0 and the pair probability is 2/n.
"""

from __future__ import annotations

import itertools

import sympy as sp

REFLECTION_FACTOR = 2
"""R_v = REFLECTION_FACTOR·|v⟩⟨v| − I."""
PARITY_SIGN = 1
"""The "+" basis vector of a pair is (|i⟩ + PARITY_SIGN·|j⟩)/√2."""


def reflection(v: sp.Matrix) -> sp.Matrix:
    """R_v = 2 v vᵀ − I for a (unit) column vector v."""
    return REFLECTION_FACTOR * v * v.T - sp.eye(v.shape[0])


def grover_in_plane_basis() -> tuple[sp.Matrix, sp.Matrix, sp.Symbol]:
    """(G, expected, θ) in the orthonormal basis (ã, ã⊥, e) of R³ ⊃ span{ã,b̃} ⊕ complement.

    b̃ = cos θ·ã + sin θ·ã⊥; expected = rotation by 2θ on the plane ⊕ 1 on e.
    """
    th = sp.symbols("theta", real=True)
    a = sp.Matrix([1, 0, 0])
    b = sp.Matrix([sp.cos(th), sp.sin(th), 0])
    G = reflection(b) * reflection(a)
    expected = sp.Matrix([[sp.cos(2 * th), -sp.sin(2 * th), 0], [sp.sin(2 * th), sp.cos(2 * th), 0], [0, 0, 1]])
    return G, expected, th


def grover_rotation_residual() -> sp.Matrix:
    """G − (rotation by 2θ ⊕ 1), simplified: the zero matrix iff Theorem 4's geometry holds."""
    G, expected, _ = grover_in_plane_basis()
    return sp.simplify((G - expected).applyfunc(sp.expand_trig))


def augmented_overlap_pairs(dim: int = 3) -> list[tuple[sp.Expr, sp.Expr]]:
    """[(⟨ã,b̃⟩, (1+⟨a,b⟩)/2), (‖ã‖², (‖a‖²+1)/2)]: the pairs :func:`augmented_overlap_residual` subtracts.

    >>> all(sp.simplify(a - b) == 0 for a, b in augmented_overlap_pairs())
    True
    """
    a = sp.Matrix(sp.symbols(f"a0:{dim}", real=True))
    b = sp.Matrix(sp.symbols(f"b0:{dim}", real=True))
    at = sp.Matrix([*a, 1]) / sp.sqrt(2)
    bt = sp.Matrix([*b, 1]) / sp.sqrt(2)
    return [((at.T * bt)[0], (1 + (a.T * b)[0]) / 2), ((at.T * at)[0], ((a.T * a)[0] + 1) / 2)]


def augmented_overlap_residual(dim: int = 3) -> tuple[sp.Expr, sp.Expr]:
    """(⟨ã,b̃⟩ − (1+⟨a,b⟩)/2, ‖ã‖² − (‖a‖²+1)/2) for symbolic a, b ∈ R^dim: both 0."""
    a = sp.Matrix(sp.symbols(f"a0:{dim}", real=True))
    b = sp.Matrix(sp.symbols(f"b0:{dim}", real=True))
    at = sp.Matrix([*a, 1]) / sp.sqrt(2)
    bt = sp.Matrix([*b, 1]) / sp.sqrt(2)
    r1 = sp.simplify((at.T * bt)[0] - (1 + (a.T * b)[0]) / 2)
    r2 = sp.simplify((at.T * at)[0] - ((a.T * a)[0] + 1) / 2)
    return r1, r2


def threshold_angle(ip: sp.Expr | int = 0) -> sp.Expr:
    """θ = arccos((1+⟨a,b⟩)/2); π/3 at the threshold ⟨a,b⟩ = 0."""
    return sp.acos((1 + sp.sympify(ip)) / 2)


def ghd_coordinate_identity() -> bool:
    """x_i y_i = 1 − 2·[x_i ≠ y_i] for all four sign pairs (so ⟨x,y⟩ = n − 2Δ)."""
    return all(xi * yi == 1 - 2 * int(xi != yi) for xi, yi in itertools.product((-1, 1), repeat=2))


def ghd_margin() -> tuple[sp.Expr, sp.Expr]:
    """(ip at Δ = n/2 − √n, ip at Δ = n/2 + √n) with ip = 1 − 2Δ/n: (2/√n, −2/√n)."""
    n = sp.symbols("n", positive=True)
    ip = lambda d: sp.simplify(1 - 2 * d / n)  # noqa: E731
    return ip(n / 2 - sp.sqrt(n)), ip(n / 2 + sp.sqrt(n))


def ghd_margin_pairs(margin: sp.Expr | None = None) -> list[tuple[sp.Expr, sp.Expr]]:
    """[(ip at Δ = n/2 − √n, margin), (ip at Δ = n/2 + √n, −margin)] with margin = 2/√n unless given.

    >>> all(sp.simplify(a - b) == 0 for a, b in ghd_margin_pairs())
    True
    """
    n = sp.symbols("n", positive=True)
    up, down = ghd_margin()
    m = 2 / sp.sqrt(n) if margin is None else margin
    return [(up, m), (down, -m)]


def sign_pairs() -> list[tuple[int, int]]:
    """Every (s_i, s_j) ∈ {±1}², the enumeration of :func:`zero_amplitude_pairs` and :func:`zero_amplitude_table`.

    >>> sign_pairs()
    [(-1, -1), (-1, 1), (1, -1), (1, 1)]
    """
    return [(a, b) for a, b in itertools.product((-1, 1), repeat=2)]


def zero_amplitude_pairs(wrong_amplitude: sp.Expr | int = 0) -> list[tuple[sp.Expr, sp.Expr]]:
    """Per (s_i, s_j) ∈ {±1}²: (wrong amplitude, ``wrong_amplitude``), (right² + wrong², 2/n).

    As in :func:`zero_amplitude_table`; the claim passes its value of the wrong-parity amplitude (0).

    >>> pairs = zero_amplitude_pairs()
    >>> len(pairs), all(sp.simplify(a - b) == 0 for a, b in pairs)
    (8, True)
    """
    d = 4  # the amplitudes are derived as inner products on a d-dimensional phase state
    out: list[tuple[sp.Expr, sp.Expr]] = []
    for si, sj in sign_pairs():
        plus, minus = matching_amplitudes(si, sj, d)
        right, wrong = (plus, minus) if si == sj else (minus, plus)
        out += [(wrong, sp.sympify(wrong_amplitude)), (right**2 + wrong**2, sp.Rational(2, d))]
    return out


def phase_state_symbolic(d: int) -> tuple[sp.Matrix, tuple[sp.Symbol, ...]]:
    """|ψ_s⟩ = d^{−1/2} Σ_k s_k|k⟩ with symbolic signs s_0 … s_{d−1} (a column vector).

    >>> psi, s = phase_state_symbolic(2)
    >>> psi.T
    Matrix([[sqrt(2)*s0/2, sqrt(2)*s1/2]])
    """
    s = sp.symbols(f"s0:{d}", real=True)
    return sp.Matrix(s) / sp.sqrt(d), tuple(s)


def derived_amplitudes(d: int, i: int, j: int) -> tuple[sp.Expr, sp.Expr, tuple[sp.Symbol, ...]]:
    """(⟨(i+j)/√2|ψ_s⟩, ⟨(i−j)/√2|ψ_s⟩, s) DERIVED as inner products of basis vectors with the state.

    The "+" vector is (|i⟩ + PARITY_SIGN·|j⟩)/√2; nothing about the result is written down.

    >>> plus, minus, s = derived_amplitudes(2, 0, 1)
    >>> plus, minus
    (s0/2 + s1/2, s0/2 - s1/2)
    """
    psi, s = phase_state_symbolic(d)
    e = sp.eye(d)
    plus = (e[:, i] + PARITY_SIGN * e[:, j]) / sp.sqrt(2)
    minus = (e[:, i] - PARITY_SIGN * e[:, j]) / sp.sqrt(2)
    return sp.simplify((plus.T * psi)[0]), sp.simplify((minus.T * psi)[0]), s


def amplitude_residuals(d: int, formula: object) -> list[sp.Expr]:
    """Residuals derived − formula(s_i, s_j, ±1, d) over every pair i < j of a d-dim state, both parities.

    All 0 iff the paper's closed form (s_i ± s_j)/√(2n) is what the inner products give.

    >>> amplitude_residuals(2, lambda si, sj, sign, d: (si + sign * sj) / sp.sqrt(2 * d))
    [0, 0]
    """
    out = []
    for i, j in itertools.combinations(range(d), 2):
        plus, minus, s = derived_amplitudes(d, i, j)
        for sign, amp in ((1, plus), (-1, minus)):
            out.append(sp.simplify(amp - formula(s[i], s[j], sign, d)))  # type: ignore[operator]
    return out


def matching_amplitudes(si: int, sj: int, d: int = 4) -> tuple[sp.Expr, sp.Expr]:
    """(⟨(i+j)/√2|ψ⟩, ⟨(i−j)/√2|ψ⟩) for the pair (0, 1) of a d-dim phase state with s_0 = si, s_1 = sj (derived)."""
    plus, minus, s = derived_amplitudes(d, 0, 1)
    sub = {s[0]: si, s[1]: sj}
    return sp.simplify(plus.subs(sub)), sp.simplify(minus.subs(sub))


def zero_amplitude_table() -> list[dict[str, object]]:
    """For all (s_i, s_j) ∈ {±1}²: the right-parity probability and the wrong-parity amplitude."""
    d = 4
    rows = []
    for si, sj in sign_pairs():
        plus, minus = matching_amplitudes(si, sj, d)
        right, wrong = (plus, minus) if si == sj else (minus, plus)
        rows.append({"s_i": si, "s_j": sj, "wrong_amplitude": sp.simplify(wrong),
                     "pair_probability": sp.simplify(right**2 + wrong**2 - sp.Rational(2, d))})
    return rows
