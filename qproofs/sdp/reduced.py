"""Certified SDP bounds at larger N by symmetry reduction (issue 12, "Certified bounds at larger N"): N ≤ 12.

Claims ``thm1.qfi-bound`` / ``thm1.ghz-unique`` (Theorem 1) and
``vga.stabilizer-detection`` (Section 4.3). Both programs have data in a
commutative algebra spanned by orthogonal projectors E_1, …, E_K (Σ E_k = I):

* Theorem 1's linear variance program max ⟨(H − c)², ρ⟩, tr ρ = 1, [tr(ρP_s) ≤ 1 − η]:
  every matrix is diagonal; E_k groups the basis states x with equal data
  (λ(x), P_s[x, x], …) — for equal weights that is the permutation-symmetric
  reduction (N + 1 classes by Hamming weight);
* the stabiliser test min tr(Rρ), tr ρ = 1, ⟨GHZ|ρ|GHZ⟩ ≤ F: R = r₁P + r₀(I − P) with
  P = |GHZ⟩⟨GHZ| (the group average Σ_S S = 2^N P), so E = {P, I − P}.

If every data matrix is M = Σ_k m_k E_k, then with t_k = tr(E_k X) ≥ 0 the SDP is
the LP max Σ c_k t_k s.t. Σ_k a_ik t_k op b_i, and a dual LP solution y gives
Z = Σ_k (Σ_i y_i a_ik − c_k) E_k, PSD iff every coefficient is ≥ 0. The LP
(K variables instead of 4^N) is solved with scipy's HiGHS as a *proposer*; y is
rounded to rationals, repaired exactly along the identity row, and then checked
on the **full** 2^N × 2^N program (:meth:`SparseProgram.verify`, sparse exact LDLᵀ);
the certificate document (``CertifiedBound.certificate_document``) is of the full
program too, so the independent checker needs no knowledge of the reduction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from qproofs.errors import InvalidParameter, require
from qproofs.sdp.certificate import (
    ROUNDING_DENOMINATORS,
    CertifiedBound,
    SDPProgram,
    Verification,
    ldl_exact_sparse,
    to_fraction,
)

Sparse = dict[tuple[int, int], Fraction]


# -------------------------------------------------------------- programs ---


@dataclass(frozen=True)
class SparseProgram:
    """A real SDP with sparse exact data: optimise ⟨C, X⟩ s.t. ⟨A_i, X⟩ op_i b_i, X ⪰ 0 (n×n).

    The 2^N programs of Theorem 1 and Section 4.3 have O(2^N) non-zeros; this keeps them
    sparse end to end (data, slack, LDLᵀ, certificate), where :class:`SDPProgram` would store
    4^N dense entries per matrix. Same conventions as SDPProgram and docs/certificates.md.
    """

    sense: Literal["max", "min"]
    n: int
    C: Sparse
    constraints: tuple[tuple[Sparse, str, Fraction], ...]
    name: str = ""

    def __post_init__(self) -> None:
        require(self.sense in ("max", "min"), "sense", "must be 'max' or 'min'", self.sense)
        require(len(self.constraints) >= 1, "constraints", "must hold at least one constraint")
        for M in (self.C, *(c[0] for c in self.constraints)):
            for (i, j), v in M.items():
                require(0 <= i < self.n and 0 <= j < self.n and M.get((j, i), 0) == v, "matrix",
                        "must be exactly symmetric with indices in range", (i, j))
        require(all(op in ("==", "<=", ">=") for _, op, _ in self.constraints), "op", "must be ==, <= or >=")

    def canonical(self) -> tuple[Sparse, list[Sparse], list[Fraction], list[bool]]:
        """(C', [A'_i], [b'_i], [is inequality]) of the canonical max form (docs/certificates.md, conventions).

        A ``min`` program is negated into the canonical ``max`` form.

        >>> C, As, bs, le = stabiliser_program(2, Fraction(1, 2)).canonical()
        >>> str(C[0, 0]), bs, le
        ('-1/3', [Fraction(1, 1), Fraction(1, 2)], [False, True])
        """
        C = self.C if self.sense == "max" else {k: -v for k, v in self.C.items()}
        As, bs, le = [], [], []
        for A, op, b in self.constraints:
            As.append({k: -v for k, v in A.items()} if op == ">=" else A)
            bs.append(-b if op == ">=" else b)
            le.append(op != "==")
        return C, As, bs, le

    def slack(self, y: Sequence[Fraction]) -> Sparse:
        """Z = Σ y_i A'_i − C' exactly (sparse).

        >>> prog = variance_program([1, 1])
        >>> sorted((k, str(v)) for k, v in prog.slack([Fraction(1)]).items())
        [((1, 1), '1'), ((2, 2), '1')]
        """
        C, As, _, _ = self.canonical()
        z: Sparse = {k: -v for k, v in C.items()}
        for yi, A in zip(y, As, strict=True):
            if yi:
                for k, v in A.items():
                    t = z.get(k, Fraction(0)) + yi * v
                    if t:
                        z[k] = t
                    else:
                        z.pop(k, None)
        return z

    def verify(self, y: Sequence[Fraction]) -> Verification:
        """Exact check of y: signs, Z ⪰ 0 by sparse LDLᵀ; the bound it proves (as verify_certificate).

        y = (1) proves max Var ≤ 1 for two unit weights; y = (1/2) leaves the slack indefinite.

        >>> prog = variance_program([1, 1])
        >>> prog.verify([Fraction(1)]).bound, prog.verify([Fraction(1, 2)]).valid
        (Fraction(1, 1), False)
        """
        _, _, bs, le = self.canonical()
        require(len(y) == len(bs), "y", f"must have one entry per constraint ({len(bs)})", len(y))
        for i, (v, is_le) in enumerate(zip(y, le, strict=True)):
            if is_le and v < 0:
                return Verification(False, None, f"multiplier y[{i}] = {v} < 0 on an inequality row")
        if ldl_exact_sparse(self.slack(y), self.n) is None:
            return Verification(False, None, "dual slack not PSD (sparse LDLᵀ over ℚ)")
        val = sum((v * b for v, b in zip(y, bs, strict=True)), Fraction(0))
        return Verification(True, val if self.sense == "max" else -val, "sparse LDLᵀ over ℚ: all pivots ≥ 0")


def _eye(n: int) -> Sparse:
    return {(i, i): Fraction(1) for i in range(n)}


def variance_program(weights: Sequence[Any], centre: Any | None = None, exclude: Sequence[Sequence[int]] = (),
                     eta: Any = 0) -> SparseProgram:
    """Theorem 1's linear program max ⟨(H − c)², ρ⟩ s.t. tr ρ = 1, tr(ρ P_s) ≤ 1 − η (exact, 2^N × 2^N).

    ``centre`` defaults to the spectral midpoint (λ_max + λ_min)/2, where the bound is W²/4.
    Same program as :func:`qproofs.sdp.variance.certify_max_variance` builds.

    Paper Theorem 1; the program of :func:`qproofs.sdp.variance.certify_max_variance`, kept sparse.

    >>> prog = variance_program([1, 1])
    >>> prog.n, sorted((k[0], str(v)) for k, v in prog.C.items())
    (4, [(0, '1'), (3, '1')])
    """
    from qproofs.sdp.variance import exact_spectrum

    lam = exact_spectrum(weights)
    n = len(lam)
    N = n.bit_length() - 1
    c = (max(lam) + min(lam)) / 2 if centre is None else to_fraction(centre)
    C = {(i, i): (lam[i] - c) ** 2 for i in range(n) if lam[i] != c}
    cons: list[tuple[Sparse, str, Fraction]] = [(_eye(n), "==", Fraction(1))]
    for s in exclude:
        require(len(s) == N and set(int(b) for b in s) <= {0, 1}, "exclude", f"must hold {N}-bit strings", s)
        i = int("".join(str(int(b)) for b in s), 2)
        cons.append(({(i, i): Fraction(1), (n - 1 - i, n - 1 - i): Fraction(1)}, "<=", 1 - to_fraction(eta)))
    return SparseProgram("max", n, C, tuple(cons), name=f"max-variance N={N} c={c} (full)")


def rejection_operator_exact(n: int) -> Sparse:
    """R = (2^N − 1)^{−1} Σ_{S ≠ I} (I − S)/2 exactly and sparse, from the signed stabiliser group.

    S|k⟩ = sign·i^{#Y}·(−1)^{|k ∧ z|}|k ⊕ x⟩ (qubit 0 most significant), summed as exact
    integers per x-mask (vectorised over k with numpy int64: the sums are at most 2^N in size);
    no 2^N × 2^N unitary is built. R must come out real.

    Paper Section 4.3: R = (2^N − 1)^{−1} Σ_{S ≠ I} (I − S)/2 (claim ``vga.stabilizer-detection``).

    >>> R = rejection_operator_exact(2)
    >>> str(R[0, 0]), str(R[0, 3]), str(R[1, 1])
    ('1/3', '-1/3', '2/3')
    """
    import numpy as np

    from qproofs.protocols import stabilizer

    stabs = stabilizer.non_identity_stabilizers(n)
    d = 2**n
    k = np.arange(d, dtype=np.int64)
    acc: dict[int, Any] = {}
    for s in stabs:
        xs, zs = s.to_numpy()
        x = sum(1 << (n - 1 - i) for i in range(n) if xs[i])
        z = sum(1 << (n - 1 - i) for i in range(n) if zs[i])
        ph = complex(s.sign) * 1j ** int(np.sum(xs & zs))
        re, im = round(ph.real), round(ph.imag)
        require(im == 0 and abs(re) == 1, "stabiliser", "must have a real phase ±1 (GHZ group)", str(s))
        signs = 1 - 2 * (np.bitwise_count(k & z) & 1).astype(np.int64)   # (−1)^{|k ∧ z|}
        acc[x] = acc.get(x, np.zeros(d, dtype=np.int64)) - re * signs      # −S: entry (k ⊕ x, k)
    scale = Fraction(1, 2 * len(stabs))
    out: Sparse = {}
    for i in range(d):
        out[i, i] = scale * len(stabs)                                    # Σ I
    for x, vals in acc.items():
        for kk in np.flatnonzero(vals).tolist():
            key = (kk ^ x, kk)
            out[key] = out.get(key, Fraction(0)) + scale * int(vals[kk])
    return {key: v for key, v in out.items() if v}  # drops entries that cancelled


def ghz_projector(n: int) -> Sparse:
    """|GHZ⟩⟨GHZ| exactly, sparse.

    >>> sorted(ghz_projector(2).items())
    [((0, 0), Fraction(1, 2)), ((0, 3), Fraction(1, 2)), ((3, 0), Fraction(1, 2)), ((3, 3), Fraction(1, 2))]
    """
    d = 2**n
    return {(i, j): Fraction(1, 2) for i in (0, d - 1) for j in (0, d - 1)}


def stabiliser_program(n: int, fidelity: Any) -> SparseProgram:
    """Section 4.3: min tr(Rρ) s.t. tr ρ = 1, ⟨GHZ|ρ|GHZ⟩ ≤ F (exact, 2^N × 2^N, sparse).

    Paper Section 4.3 (claim ``vga.stabilizer-detection``).

    >>> prog = stabiliser_program(2, Fraction(1, 2))
    >>> prog.sense, prog.n, [op for _, op, _ in prog.constraints]
    ('min', 4, ['==', '<='])
    """
    require(isinstance(n, int) and 2 <= n <= 12, "N", "must be an integer in 2..12 for the exact program", n)
    F = to_fraction(fidelity)
    require(0 <= F <= 1, "F", "must lie in [0, 1]", F)
    d = 2**n
    return SparseProgram("min", d, rejection_operator_exact(n), (
        (_eye(d), "==", Fraction(1)), (ghz_projector(n), "<=", F)), name=f"stabiliser-test N={n} F={F} (full)")


def to_sparse(prog: SDPProgram) -> SparseProgram:
    """A real SDPProgram as a SparseProgram (same data).

    >>> from qproofs.sdp.certificate import Constraint
    >>> p = SDPProgram([[1, 0], [0, 2]], (Constraint([[1, 0], [0, 1]], "==", 1),), sense="max")
    >>> sorted(to_sparse(p).C.items())
    [((0, 0), Fraction(1, 1)), ((1, 1), Fraction(2, 1))]
    """
    require(not prog.is_complex, "prog", "must be real for the sparse path")
    ex = prog.exact

    def sp(M: Any) -> Sparse:
        return {(i, j): v for i, r in enumerate(M[0]) for j, v in enumerate(r) if v}

    return SparseProgram(prog.sense, prog.dim, sp(ex["C"]), tuple(
        (sp(A), c.sense, b) for c, A, b in zip(prog.constraints, ex["A"], ex["b"], strict=True)), name=prog.name)


# ------------------------------------------------------------- reduction ---


def diagonal_classes(prog: SparseProgram) -> list[Sparse]:
    """Projectors onto groups of basis states with equal data, for a program whose data are all diagonal.

    For equal weights the classes are the Hamming-weight classes (the permutation-symmetric reduction).

    >>> [sorted(i for i, _ in E) for E in diagonal_classes(variance_program([1, 1]))]
    [[0, 3], [1, 2]]
    """
    C, As, _, _ = prog.canonical()
    groups: dict[tuple[Fraction, ...], list[int]] = {}
    for i in range(prog.n):
        groups.setdefault((C.get((i, i), Fraction(0)), *(A.get((i, i), Fraction(0)) for A in As)), []).append(i)
    return [{(i, i): Fraction(1) for i in idx} for idx in groups.values()]


def coefficients(M: Sparse, projectors: Sequence[Sparse]) -> list[Fraction]:
    """m_k with M = Σ_k m_k E_k exactly; InvalidParameter if M is not in the span.

    >>> E = [{(0, 0): Fraction(1)}, {(1, 1): Fraction(1)}]
    >>> coefficients({(0, 0): Fraction(3), (1, 1): Fraction(5)}, E)
    [Fraction(3, 1), Fraction(5, 1)]
    """
    ms = []
    rebuilt: Sparse = {}
    for E in projectors:
        tr = sum((v for (i, j), v in E.items() if i == j), Fraction(0))
        require(tr > 0, "projectors", "must have positive trace")
        m = sum((M.get((j, i), Fraction(0)) * v for (i, j), v in E.items()), Fraction(0)) / tr  # tr(M E)/tr(E)
        ms.append(m)
        for key, v in E.items():
            rebuilt[key] = rebuilt.get(key, Fraction(0)) + m * v
    for key in set(M) | set(rebuilt):
        if M.get(key, 0) != rebuilt.get(key, 0):
            raise InvalidParameter("projectors", "must span every data matrix exactly", key)
    return ms


def _lp_dual(c: list[Fraction], a: list[list[Fraction]], b: list[Fraction], le: list[bool]) -> tuple[str, Any, Any]:
    """The LP dual by scipy HiGHS: min b·y s.t. Σ_i y_i a_ik ≥ c_k ∀k, y_i ≥ 0 on ≤ rows; (status, y, value).

    value is None unless HiGHS reports success (status 0); the caller uses y only then.
    """
    from scipy.optimize import linprog

    K = len(c)
    A_ub = [[-float(a[i][k]) for i in range(len(b))] for k in range(K)]
    res = linprog([float(v) for v in b], A_ub=A_ub, b_ub=[-float(v) for v in c],
                  bounds=[(0, None) if is_le else (None, None) for is_le in le], method="highs")
    ok = res.status == 0
    return ("optimal" if ok else f"linprog status {res.status}"), res.x, float(res.fun) if ok else None


def _active_set_solution(c: list[Fraction], a: list[list[Fraction]], le: list[bool], y_num: Any,
                         tol: float = 1e-7) -> list[Fraction] | None:
    """Exact y on the vertex the solver found: solve its tight constraints over ℚ (python-flint ``fmpq_mat``).

    Rounding the floats cannot reach denominators like 2^N − 1 beyond the rounding grid; the
    active set can. Tight rows: Σ_i y_i a_ik = c_k and y_i = 0 on ≤ rows, within ``tol``;
    m independent ones are chosen greedily (tightest first). None if fewer than m are tight.
    """
    import flint

    m, K = len(a), len(c)
    yf = [float(v) for v in y_num]
    cand = []
    for k in range(K):
        slack = sum(yf[i] * float(a[i][k]) for i in range(m)) - float(c[k])
        if abs(slack) <= tol * max(1.0, abs(float(c[k]))):
            cand.append((abs(slack), [a[i][k] for i in range(m)], c[k]))
    cand += [(abs(yf[i]), [Fraction(int(j == i)) for j in range(m)], Fraction(0))
             for i in range(m) if le[i] and abs(yf[i]) <= tol]
    chosen: list[tuple[list[Fraction], Fraction]] = []
    for _, coeffs, rhs in sorted(cand, key=lambda t: t[0]):
        trial = [r for r, _ in chosen] + [coeffs]
        if flint.fmpq_mat([[flint.fmpq(v.numerator, v.denominator) for v in r] for r in trial]).rank() == len(trial):
            chosen.append((coeffs, rhs))
        if len(chosen) == m:
            break
    if len(chosen) < m:
        return None
    M = flint.fmpq_mat([[flint.fmpq(v.numerator, v.denominator) for v in r] for r, _ in chosen])
    rhs_m = flint.fmpq_mat([[flint.fmpq(b.numerator, b.denominator)] for _, b in chosen])
    sol = M.solve(rhs_m)
    return [Fraction(int(sol[i, 0].p), int(sol[i, 0].q)) for i in range(m)]


def certify_reduced(prog: SparseProgram | SDPProgram, projectors: Sequence[Sparse] | None = None, *,
                    claimed: Any = None) -> CertifiedBound:
    """Certify ``prog`` through its projector-algebra LP (see the module docstring); exact on the full program.

    >>> cb = certify_reduced(variance_program([1, 1]), claimed=1)
    >>> cb.status, cb.bound
    ('certified', Fraction(1, 1))
    """
    if isinstance(prog, SDPProgram):
        prog = to_sparse(prog)
    E = diagonal_classes(prog) if projectors is None else list(projectors)
    C, As, bs, le = prog.canonical()
    c = coefficients(C, E)
    a = [coefficients(A, E) for A in As]
    claimed_q = None if claimed is None else to_fraction(claimed)
    status, y_num, value = _lp_dual(c, a, list(bs), list(le))
    numeric = None if value is None else (value if prog.sense == "max" else -value)
    if status != "optimal":  # a stale iterate (HiGHS failed) is never certified
        return CertifiedBound("solver_failed", prog.sense, None, numeric, claimed_q, None, None, "HiGHS (reduced)",
                              status, False, reason=status, name=prog.name)
    ident = [i for i, row in enumerate(a) if len(set(row)) == 1 and row[0] > 0 and not le[i]]
    best = None
    reasons: list[str] = []
    tried: list[list[Fraction]] = []
    exact_vertex = _active_set_solution(c, a, list(le), y_num)
    for denom in (None, *ROUNDING_DENOMINATORS):  # None: the exact vertex
        if denom is None and exact_vertex is None:
            continue
        if best is not None and (claimed_q is None or (best[0] <= claimed_q if prog.sense == "max"
                                                       else best[0] >= claimed_q)):
            break  # the claim is proved: a finer rounding cannot do better than prove it
        if denom is None:
            assert exact_vertex is not None
            y = list(exact_vertex)
        else:
            y = [Fraction(float(v)).limit_denominator(1000) if denom == 0
                 else Fraction(round(float(v) * denom), denom) for v in y_num]
        y = [max(v, Fraction(0)) if is_le else v for v, is_le in zip(y, le, strict=True)]
        z = [sum((y[i] * a[i][k] for i in range(len(y))), Fraction(0)) - c[k] for k in range(len(c))]
        deficit = -min(z)
        if deficit > 0 and ident:  # exact repair: the identity row lifts every coefficient of Z equally
            y[ident[0]] += deficit / a[ident[0]][0]
        if y in tried:
            continue
        tried.append(y)
        ver = prog.verify(y)  # exact, on the full program
        reasons.append(ver.reason)
        if ver.valid and ver.bound is not None and (
                best is None or (ver.bound < best[0] if prog.sense == "max" else ver.bound > best[0])):
            best = (ver.bound, y, ver.reason)
    if best is None:
        return CertifiedBound("not_certified", prog.sense, None, numeric, claimed_q, None, None, "HiGHS (reduced)",
                              status, False, reason="; ".join(reasons), name=prog.name)
    bound, y, reason = best
    margin = None if claimed_q is None else (claimed_q - bound if prog.sense == "max" else bound - claimed_q)
    ok = margin is None or margin >= 0
    return CertifiedBound("certified" if ok else "not_certified", prog.sense, bound, numeric, claimed_q, margin,
                          None if numeric is None else abs(float(bound) - numeric), "HiGHS (reduced)", status,
                          True, tuple(y), reason if ok else f"bound {bound} misses claim {claimed_q}",
                          name=prog.name, program=prog)


def certify_theorem1(weights: Sequence[Any], exclude: Sequence[Sequence[int]] = (), eta: Any = 0,
                     claimed: Any = None) -> CertifiedBound:
    """Certified max Var_ρ(H) ≤ claimed (default W²/4) at any N the 2^N program fits (N = 8: 256 × 256).

    Paper Theorem 1 (claim ``thm1.qfi-bound``): max Var_ρ(H) ≤ W²/4, here W = 3.

    >>> cb = certify_theorem1([1, 1, 1])
    >>> cb.status, cb.bound
    ('certified', Fraction(9, 4))
    """
    w = [to_fraction(v) for v in weights]
    W = sum((abs(v) for v in w), Fraction(0))
    prog = variance_program(w, exclude=exclude, eta=eta)
    return certify_reduced(prog, claimed=W**2 / 4 if claimed is None else claimed)


def certify_stabiliser(n: int, fidelity: Any) -> CertifiedBound:
    """Certified min tr(Rρ) ≥ (1 − F)·2^{N−1}/(2^N − 1) on the full 2^N program, via E = {P_GHZ, I − P_GHZ}.

    Paper Section 4.3 (claim ``vga.stabilizer-detection``).

    >>> cb = certify_stabiliser(3, Fraction(1, 2))
    >>> cb.status, cb.bound
    ('certified', Fraction(2, 7))
    """
    from qproofs.sdp.stabilizer import claimed_minimum

    F = to_fraction(fidelity)
    d = 2**n
    P = ghz_projector(n)
    rest = _eye(d)
    for key, v in P.items():
        rest[key] = rest.get(key, Fraction(0)) - v
    return certify_reduced(stabiliser_program(n, F), [P, {k: v for k, v in rest.items() if v}],
                           claimed=claimed_minimum(n, F))

