"""Exact certificates for SDP bounds: program in, rigorous bound and margin out.

Every SDP bound the report calls *certified* rests on a dual certificate that
has been rounded to rationals and checked in exact arithmetic (style §8: the
solver's status alone proves nothing). Shared by Section 3.3 (Theorem 1,
claims ``thm1.qfi-bound`` / ``thm1.ghz-unique``) and Section 4 (the
stabiliser-test bound).

Standard form (``sense="max"``; ``"min"`` is handled as ``max ⟨−C, X⟩``)::

    maximise ⟨C, X⟩ = Re tr(C X)
    s.t.     ⟨A_i, X⟩ (= | ≤ | ≥) b_i,   X ⪰ 0   (real symmetric or complex Hermitian X)

Dual (after turning each ``≥`` row into ``≤`` by negation)::

    minimise Σ_i y_i b_i   s.t.   Z = Σ_i y_i A_i − C ⪰ 0,   y_i ≥ 0 on ``≤`` rows.

Weak duality, exact for any rational y satisfying the dual constraints:
⟨C, X⟩ = Σ y_i ⟨A_i, X⟩ − ⟨Z, X⟩ ≤ Σ y_i b_i, because ⟨Z, X⟩ ≥ 0 for two PSD
matrices and y_i (⟨A_i,X⟩ − b_i) ≤ 0 on ``≤`` rows. So ``b·y`` is a rigorous
upper bound on the maximum (for ``"min"``: ``−b·y`` is a rigorous lower bound
on the minimum).

Pipeline of :func:`certify`:

1. solve the primal and the dual with cvxpy (Clarabel, SCS as fallback); any
   solver status other than ``optimal`` gives ``status="solver_failed"`` (the
   check must then report ``passed=None``: inconclusive);
2. round the dual y to rationals (several denominators, including a small
   ``limit_denominator`` that often hits the exact optimum);
3. repair: clip ``≤``-row multipliers to ≥ 0, then, if some constraint matrix
   is a positive multiple of the identity (typically ``tr X = 1``), raise its
   multiplier by a rational δ ≥ −λ_min(Z)/α so that Z becomes PSD;
4. check Z ⪰ 0 exactly by symmetric Gaussian elimination (LDLᵀ with zero-pivot
   handling) over ℚ with python-flint ``fmpq``; complex Hermitian Z is checked
   through its real embedding [[Re Z, −Im Z], [Im Z, Re Z]], which is PSD iff Z
   is. The check refuses non-symmetric input instead of symmetrising it (sympy's
   ``is_positive_semidefinite`` symmetrises silently and may return None);
5. return a frozen :class:`CertifiedBound`.

Input matrices may be numpy arrays (floats are converted to the *exact*
binary rationals they denote) or nested lists of ints / Fractions / sympy
Rationals. For a bound on a physical quantity give exact data where you can.

Usage (Section 4: minimum rejection probability at GHZ fidelity ≤ F)::

    from fractions import Fraction
    from qproofs.sdp.certificate import Constraint, SDPProgram, certify

    prog = SDPProgram(C=R, sense="min", name="stabiliser-test",
                      constraints=(Constraint(I, "==", 1),             # tr ρ = 1
                                   Constraint(P_ghz, "<=", Fraction(9, 10))))
    res = certify(prog, claimed=Fraction(1, 20))    # claim: min tr(ρR) ≥ 1/20
    res.status           # 'certified' | 'not_certified' | 'solver_failed'
    res.bound            # Fraction: rigorous lower bound on the minimum
    res.numeric_optimum  # solver's primal value (float)
    res.margin           # bound − claimed for "min" (claimed − bound for "max"): ≥ 0 proves the claim
    res.passed           # True (certified) / False (the solver's optimum violates the claim) /
                         # None (solver failed, or no exact certificate): use as Evidence.passed

:func:`verify_certificate` checks a given rational dual vector exactly (used by
the tests to reject a deliberately wrong certificate).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from qproofs.errors import InvalidParameter, require
from qproofs.tolerance import TOL

Sense = Literal["==", "<=", ">="]
ExactMatrix = tuple[tuple[Fraction, ...], ...]

SOLVERS: tuple[str, ...] = ("CLARABEL", "SCS")
"""Solvers tried in order; the first that reports ``optimal`` is used."""

ROUNDING_DENOMINATORS: tuple[int, ...] = (0, 10**6, 10**10)
"""Dual rounding: 0 means ``Fraction.limit_denominator(1000)``, else round to k/D."""

DUAL_SIGN = -1
"""Z = Σ y_i A_i + DUAL_SIGN · C. Weak duality needs −1 (with +1 the verifier is unsound:
the tests show it then accepts a deliberately wrong certificate)."""

CERTIFICATE_SIGN = 1
"""Sign applied to the solver's dual vector before rounding (a mutant flips it: the
flipped certificate must be rejected by the exact check)."""


# ------------------------------------------------------------ exact data ---


def to_fraction(v: Any) -> Fraction:
    """An exact rational from an int, Fraction, float (its exact binary value) or sympy Rational."""
    if isinstance(v, Fraction):
        return v
    if isinstance(v, (bool, np.bool_)):
        raise InvalidParameter("matrix entry", "must be a number, not a bool", v)
    if isinstance(v, (int, np.integer)):
        return Fraction(int(v))
    if isinstance(v, (float, np.floating)):
        require(math.isfinite(float(v)), "matrix entry", "must be finite", v)
        return Fraction(float(v))
    try:
        import sympy

        if isinstance(v, sympy.Basic):
            require(v.is_Rational is True, "matrix entry", "must be a rational sympy number", v)
            return Fraction(int(v.p), int(v.q))
    except ImportError:  # pragma: no cover
        pass
    raise InvalidParameter("matrix entry", "must be an int, float, Fraction or sympy Rational", v)


def _split(v: Any) -> tuple[Fraction, Fraction]:
    if type(v) is Fraction:  # fast path: exact real data (large programs hold 4^N of these)
        return v, _ZERO
    if isinstance(v, (complex, np.complexfloating)):
        return to_fraction(float(v.real)), to_fraction(float(v.imag))
    try:
        import sympy

        if isinstance(v, sympy.Basic) and not v.is_real:
            # no nsimplify: it would silently replace a sympy Float by a "nice" rational, i.e.
            # certify a different program; non-rational parts are refused by to_fraction
            re, im = v.as_real_imag()
            return to_fraction(sympy.expand(re)), to_fraction(sympy.expand(im))
    except ImportError:  # pragma: no cover
        pass
    return to_fraction(v), _ZERO


_ZERO = Fraction(0)


def exact_matrix(M: Any, param: str = "matrix") -> tuple[ExactMatrix, ExactMatrix]:
    """(Re, Im) of a square matrix as tuples of Fractions, exactly; must be Hermitian, exactly."""
    rows = M.tolist() if hasattr(M, "tolist") else [list(r) for r in M]
    n = len(rows)
    require(n >= 1 and all(len(r) == n for r in rows), param, "must be a non-empty square matrix")
    re: list[list[Fraction]] = [[Fraction(0)] * n for _ in range(n)]
    im: list[list[Fraction]] = [[Fraction(0)] * n for _ in range(n)]
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            re[i][j], im[i][j] = _split(v)
    for i in range(n):
        for j in range(i, n):
            require(re[i][j] == re[j][i] and im[i][j] == -im[j][i], param,
                    "must be exactly Hermitian (no silent symmetrisation)", (i, j))
    return tuple(map(tuple, re)), tuple(map(tuple, im))


# ------------------------------------------------------------- programs ---


@dataclass(frozen=True)
class Constraint:
    """One linear constraint ⟨A, X⟩ (==, <=, >=) b; A Hermitian, b rational."""

    A: Any
    sense: Sense
    b: Any

    def __post_init__(self) -> None:
        require(self.sense in ("==", "<=", ">="), "Constraint.sense", "must be '==', '<=' or '>='", self.sense)


@dataclass(frozen=True)
class SDPProgram:
    """maximise / minimise ⟨C, X⟩ subject to ``constraints`` and X ⪰ 0.

    Matrices are stored exactly (``exact``) and as floats (``numeric``) for the solver.
    """

    C: Any
    constraints: tuple[Constraint, ...]
    sense: Literal["max", "min"] = "max"
    name: str = ""
    exact: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        require(self.sense in ("max", "min"), "SDPProgram.sense", "must be 'max' or 'min'", self.sense)
        object.__setattr__(self, "constraints", tuple(self.constraints))
        require(len(self.constraints) >= 1, "constraints", "must hold at least one constraint")
        C = exact_matrix(self.C, "C")
        n = len(C[0])
        As, bs = [], []
        for i, c in enumerate(self.constraints):
            require(isinstance(c, Constraint), f"constraints[{i}]", "must be a Constraint", c)
            A = exact_matrix(c.A, f"constraints[{i}].A")
            require(len(A[0]) == n, f"constraints[{i}].A", f"must be {n}x{n} like C", len(A[0]))
            As.append(A)
            bs.append(to_fraction(c.b))
        complex_ = any(v != 0 for M in [C, *As] for r in M[1] for v in r)
        self.exact.update(C=C, A=As, b=bs, n=n, complex=complex_)

    @property
    def dim(self) -> int:
        """Matrix size n (X is n×n)."""
        return int(self.exact["n"])

    @property
    def is_complex(self) -> bool:
        """Whether any data matrix has a non-zero imaginary part."""
        return bool(self.exact["complex"])

    def canonical(self) -> tuple[ExactMatrix, list[ExactMatrix], list[Fraction], list[bool]]:
        """Real data of the canonical ``max`` form: (C, [A_i], [b_i], [is ≤ row]).

        A complex program is replaced by its real embedding with the factor ½
        (⟨M, X⟩ = ½⟨emb M, emb X⟩), which has the same optimum: any feasible
        real Y can be averaged into embedded form without changing the linear
        values, and emb Z ⪰ 0 iff Z ⪰ 0. Cached (programs are immutable).
        """
        if "canonical" in self.exact:
            return self.exact["canonical"]
        (cre, cim), As, bs = self.exact["C"], self.exact["A"], self.exact["b"]

        def real(M: tuple[ExactMatrix, ExactMatrix]) -> ExactMatrix:
            if not self.is_complex:
                return M[0]
            return tuple(tuple(v / 2 for v in r) for r in real_embedding(*M))

        C = real((cre, cim))
        if self.sense == "min":
            C = _neg(C)
        A_out, b_out, le = [], [], []
        for c, A, b in zip(self.constraints, As, bs, strict=False):
            Ar = real(A)
            if c.sense == ">=":
                Ar, b = _neg(Ar), -b
            A_out.append(Ar)
            b_out.append(b)
            le.append(c.sense != "==")
        self.exact["canonical"] = (C, A_out, b_out, le)
        return C, A_out, b_out, le


def _neg(M: ExactMatrix) -> ExactMatrix:
    return tuple(tuple(-v for v in r) for r in M)


# ------------------------------------------------------------ exact PSD ---


@dataclass(frozen=True)
class PSDCheck:
    """Outcome of the exact PSD test: ``psd`` and, if not, the pivot that failed."""

    psd: bool
    reason: str = ""
    pivot: int | None = None


def is_psd_exact(M: Sequence[Sequence[Any]]) -> PSDCheck:
    """Exact PSD test of a real symmetric rational matrix (LDLᵀ over ℚ with python-flint).

    Symmetric Gaussian elimination: a negative pivot, or a zero pivot with a
    non-zero entry in its row, proves M is not PSD (a principal 1×1 or 2×2
    minor of a Schur complement is negative); otherwise M = L D Lᵀ with D ≥ 0.
    Non-symmetric input is rejected (never symmetrised). Hand-written because
    neither sympy (symmetrises, may answer None) nor flint (no exact LDLᵀ)
    provides a sound semidefinite test.
    """
    import flint

    n = len(M)
    require(all(len(r) == n for r in M), "M", "must be square")
    q = [[to_fraction(v) for v in r] for r in M]
    for i in range(n):
        for j in range(i + 1, n):
            if q[i][j] != q[j][i]:
                return PSDCheck(False, f"not symmetric at ({i},{j})", i)
    nonzero = sum(1 for r in q for v in r if v)
    fast = _leading_minors_test(q) if nonzero * 4 > n * n else None  # sparse: the LDLᵀ below is cheaper
    if fast is not None:
        return fast
    a = [[flint.fmpq(v.numerator, v.denominator) for v in r] for r in q]
    zero = flint.fmpq(0)
    for k in range(n):
        d = a[k][k]
        if d < 0:
            return PSDCheck(False, f"negative pivot {float(d):.3g} at {k}", k)
        rowk = a[k]
        if d == 0:
            for j in range(k + 1, n):
                if rowk[j] != 0:
                    return PSDCheck(False, f"zero pivot at {k} with non-zero entry ({k},{j})", k)
            continue
        nz = [j for j in range(k + 1, n) if rowk[j] != 0]
        for i in nz:
            f = rowk[i] / d
            ai = a[i]
            for j in nz:
                if j >= i:
                    ai[j] -= f * rowk[j]
                    if j != i:
                        a[j][i] = ai[j]
        rowk[k + 1:] = [zero] * (n - k - 1)
    return PSDCheck(True, "LDLᵀ over ℚ: all pivots ≥ 0")


def _leading_minors_test(q: list[list[Fraction]]) -> PSDCheck | None:
    """Sylvester's criterion on the integer matrix D·M (fraction-free LU, python-flint ``fflu``).

    All leading principal minors > 0 ⇒ PD; the first non-positive one negative
    (all earlier positive) ⇒ not PSD. Undecided (a zero minor) ⇒ None, and the
    caller falls back to the rational LDLᵀ. Fast on dense matrices with large
    rationals, where the Python LDLᵀ is slow (entry growth).
    """
    import flint

    n = len(q)
    den = 1
    for r in q:
        for v in r:
            den = math.lcm(den, v.denominator)
    Z = flint.fmpz_mat([[int(v * den) for v in r] for r in q])
    P, _, _, U = Z.fflu()
    if P != flint.fmpz_mat([[int(i == j) for j in range(n)] for i in range(n)]):
        return None
    for k in range(n):
        d = U[k, k]
        if d < 0:
            return PSDCheck(False, f"leading principal minor {k + 1} is negative", k)
        if d == 0:
            return None
    return PSDCheck(True, "Sylvester: all leading principal minors > 0 (exact integers)")


@dataclass(frozen=True)
class LDL:
    """P M Pᵀ = L diag(D) Lᵀ exactly: ``perm`` (P's rows), unit lower-triangular L (sparse, off-diagonal), D ≥ 0."""

    perm: tuple[int, ...]
    lower: dict[tuple[int, int], Fraction]
    """Strictly-lower entries L[i][j] (i > j) that are non-zero; the diagonal is 1."""
    D: tuple[Fraction, ...]


def ldl_exact(M: Sequence[Sequence[Any]]) -> LDL | None:
    """Exact LDLᵀ of a real symmetric rational matrix, or None if it is not PSD (the witness of Z ⪰ 0).

    Dense front end of :func:`ldl_exact_sparse`, which refuses non-symmetric input (None, never symmetrised).
    """
    n = len(M)
    require(all(len(r) == n for r in M), "M", "must be square")
    entries = {(i, j): q for i, r in enumerate(M) for j, v in enumerate(r) if (q := to_fraction(v))}
    return ldl_exact_sparse(entries, n)


def ldl_exact_sparse(entries: Mapping[tuple[int, int], Fraction], n: int) -> LDL | None:
    """Exact LDLᵀ of the symmetric n×n matrix with these non-zero entries, or None if it is not PSD.

    Symmetric Gaussian elimination without pivoting (perm = identity) on the sparse upper
    triangle over python-flint ``fmpq``: for a PSD matrix a zero pivot has a zero row, so
    no pivoting is needed; a negative pivot, or a zero pivot with a non-zero row, proves
    M is not PSD. Hand-written: neither sympy nor flint exposes an exact LDLᵀ with D ≥ 0.
    Cost follows the non-zeros (and fill-in), not n².
    """
    import flint

    rows: list[dict[int, Any]] = [{} for _ in range(n)]
    for (i, j), q in entries.items():
        if q != entries.get((j, i), 0):
            return None
        if j >= i and q:
            rows[i][j] = flint.fmpq(q.numerator, q.denominator)
    lower: dict[tuple[int, int], Fraction] = {}
    D: list[Fraction] = []
    for k in range(n):
        d = rows[k].pop(k, flint.fmpq(0))
        col = {i: v for i, v in rows[k].items() if v != 0}
        if d < 0 or (d == 0 and col):
            return None
        D.append(Fraction(int(d.p), int(d.q)))
        if d == 0:
            continue
        for i, ci in col.items():
            lik = ci / d
            lower[i, k] = Fraction(int(lik.p), int(lik.q))
            ri = rows[i]
            for j, cj in col.items():
                if j >= i:
                    v = ri.get(j, 0) - lik * cj
                    if v == 0:
                        ri.pop(j, None)
                    else:
                        ri[j] = v
        rows[k] = {}
    return LDL(tuple(range(n)), lower, tuple(D))


def real_embedding(re: ExactMatrix, im: ExactMatrix) -> list[list[Fraction]]:
    """[[Re, −Im], [Im, Re]]: PSD iff the Hermitian matrix Re + i·Im is PSD."""
    n = len(re)
    out = [[Fraction(0)] * (2 * n) for _ in range(2 * n)]
    for i in range(n):
        for j in range(n):
            out[i][j] = out[n + i][n + j] = re[i][j]
            out[n + i][j] = im[i][j]
            out[i][n + j] = -im[i][j]
    return out


# --------------------------------------------------------- verification ---


@dataclass(frozen=True)
class Verification:
    """Exact check of a dual vector y: ``valid`` and the bound it proves."""

    valid: bool
    bound: Fraction | None
    reason: str


def dual_slack(prog: SDPProgram, y: Sequence[Fraction]) -> ExactMatrix:
    """Z = Σ y_i A_i − C of the canonical real ``max`` form, exactly."""
    C, As, _, _ = prog.canonical()
    n = len(C)
    z = [[DUAL_SIGN * v if v else v for v in r] for r in C]
    for yi, A in zip(y, As, strict=False):
        if yi == 0:
            continue
        for i in range(n):
            ai, zi = A[i], z[i]
            for j in range(n):
                if ai[j]:
                    zi[j] += yi * ai[j]
    return tuple(map(tuple, z))


def verify_certificate(prog: SDPProgram, y: Sequence[Any]) -> Verification:
    """Check a dual vector exactly: y_i ≥ 0 on ≤ rows and Σ y_i A_i − C ⪰ 0.

    If valid, ``bound`` is the rigorous bound it proves: an upper bound
    ``b·y`` on the maximum (``sense="max"``) or a lower bound ``−b·y`` on the
    minimum (``sense="min"``).
    """
    _, _, bs, le = prog.canonical()
    require(len(y) == len(bs), "y", f"must have one entry per constraint ({len(bs)})", len(y))
    yq = [to_fraction(v) for v in y]
    for i, (v, is_le) in enumerate(zip(yq, le, strict=False)):
        if is_le and v < 0:
            return Verification(False, None, f"multiplier y[{i}] = {v} < 0 on an inequality row")
    chk = is_psd_exact(dual_slack(prog, yq))
    if not chk.psd:
        return Verification(False, None, f"dual slack not PSD: {chk.reason}")
    val = sum((v * b for v, b in zip(yq, bs, strict=False)), Fraction(0))
    return Verification(True, val if prog.sense == "max" else -val, chk.reason)


# ------------------------------------------------------------- solving ---


@dataclass(frozen=True)
class Solution:
    """Numeric primal/dual solution (floats) with the solver's status."""

    status: str
    solver: str
    primal_value: float | None
    dual_value: float | None
    X: np.ndarray | None
    y: np.ndarray | None


def solve(prog: SDPProgram, solvers: Sequence[str] | None = None) -> Solution:
    """Solve primal and dual of ``prog`` with cvxpy; the first solver reaching ``optimal`` wins."""
    import cvxpy as cp

    Cq, As, bs, le = prog.canonical()
    C = np.array([[float(v) for v in r] for r in Cq])
    An = [np.array([[float(v) for v in r] for r in A]) for A in As]
    b = np.array([float(v) for v in bs])
    n = len(C)
    last = Solution("not_run", "", None, None, None, None)
    for solver in solvers or SOLVERS:
        X = cp.Variable((n, n), symmetric=True)
        cons = [X >> 0]
        for A, bi, is_le in zip(An, b, le, strict=False):
            lhs = cp.trace(A @ X)
            cons.append(lhs <= bi if is_le else lhs == bi)
        primal = cp.Problem(cp.Maximize(cp.trace(C @ X)), cons)
        y = cp.Variable(len(An))
        Zs = cp.Variable((n, n), symmetric=True)
        dcons = [Zs == sum(y[i] * A for i, A in enumerate(An)) - C, Zs >> 0]
        dcons += [y[i] >= 0 for i in range(len(An)) if le[i]]
        dual = cp.Problem(cp.Minimize(b @ y), dcons)
        try:
            with warnings.catch_warnings():  # "solution may be inaccurate": we read the status instead
                warnings.simplefilter("ignore")
                primal.solve(solver=solver)
                dual.solve(solver=solver)
        except (cp.error.SolverError, ArithmeticError, ValueError) as exc:
            last = Solution(f"error: {type(exc).__name__}", solver, None, None, None, None)
            continue
        status = primal.status if primal.status != "optimal" else dual.status
        last = Solution(status, solver, primal.value, dual.value, X.value, y.value)
        if primal.status == "optimal" and dual.status == "optimal":
            break
    return last


# ------------------------------------------------------- certification ---


@dataclass(frozen=True)
class CertifiedBound:
    """The frozen result of :func:`certify`.

    ``bound`` is rigorous (exact rational) whenever ``certificate_valid``;
    ``status`` is ``certified`` when it is valid *and* proves ``claimed``
    (within ``claim_tol``), ``not_certified`` otherwise, ``solver_failed`` when
    the solver did not reach ``optimal`` (then ``passed`` is None).
    ``margin`` is how far the rigorous bound is on the safe side of the claim
    (≥ 0: proved); ``gap`` = |bound − numeric optimum|.
    """

    status: Literal["certified", "not_certified", "solver_failed"]
    sense: str
    bound: Fraction | None
    numeric_optimum: float | None
    claimed: Fraction | None
    margin: Fraction | None
    gap: float | None
    solver: str
    solver_status: str
    certificate_valid: bool
    y: tuple[Fraction, ...] = ()
    reason: str = ""
    name: str = ""

    def __post_init__(self) -> None:
        require(self.status in ("certified", "not_certified", "solver_failed"), "status",
                "must be certified, not_certified or solver_failed", self.status)
        if self.status == "certified":
            require(self.certificate_valid and self.bound is not None, "status",
                    "certified needs a valid exact certificate", self.status)
        if self.status == "solver_failed":
            require(self.solver_status != "optimal", "status", "solver_failed needs a non-optimal solver status")

    refuted: bool = False
    """The solver's optimum itself violates ``claimed`` by more than the SDP tolerance."""
    program: Any = field(default=None, compare=False, repr=False)
    """The program certified, an SDPProgram or a ``qproofs.sdp.reduced.SparseProgram`` (kept so
    :meth:`certificate_document` can write it out)."""

    def certificate_document(self, claim: str, check: str) -> dict[str, Any]:
        """The ``qproofs.cert/1`` ``sdp-dual`` document of this bound (docs/certificates.md).

        The statement is the claim when the bound proves it exactly (margin ≥ 0), else the
        rigorous bound itself; the witness is y and an exact LDLᵀ of the dual slack.
        Raises InvalidParameter when there is no valid exact certificate to write.
        """
        require(self.certificate_valid and self.bound is not None and self.program is not None,
                "CertifiedBound", "has no valid exact certificate to write", self.status)
        from qproofs.certificates import sdp_certificate

        assert self.bound is not None and self.program is not None  # for mypy; required above
        stated = self.claimed if self.claimed is not None and self.margin is not None and self.margin >= 0 \
            else self.bound
        return sdp_certificate(self.program, self.y, stated, claim=claim, check=check)

    @property
    def passed(self) -> bool | None:
        """Evidence.passed: True if certified, False if refuted numerically, else None.

        False only if the solver's optimum violates the claim; None (inconclusive) when the
        solver failed or the exact certificate could not be verified.
        """
        if self.status == "certified":
            return True
        return False if self.refuted else None

    def summary(self) -> dict[str, Any]:
        """Small JSON-able digest for Evidence.observed / data."""
        return {
            "status": self.status, "sense": self.sense,
            "bound": None if self.bound is None else str(self.bound),
            "bound_float": None if self.bound is None else float(self.bound),
            "numeric_optimum": self.numeric_optimum,
            "claimed": None if self.claimed is None else str(self.claimed),
            "margin": None if self.margin is None else float(self.margin),
            "gap": self.gap, "solver": self.solver, "solver_status": self.solver_status,
            "refuted_numerically": self.refuted,
        }


def _round(v: float, denom: int) -> Fraction:
    if denom == 0:
        return Fraction(v).limit_denominator(1000)
    return Fraction(round(v * denom), denom)


def _identity_rows(prog: SDPProgram) -> list[tuple[int, Fraction]]:
    """Constraints whose (canonical) A is α·I with α > 0: their multiplier shifts Z by α·δ·I."""
    _, As, _, _ = prog.canonical()
    out = []
    for i, ar in enumerate(As):
        alpha = ar[0][0]
        if alpha > 0 and all(
                ar[p][q] == (alpha if p == q else 0) for p in range(len(ar)) for q in range(len(ar))):
            out.append((i, alpha))
    return out


def _repair(prog: SDPProgram, y: list[Fraction], le: list[bool], shift_rows: list[tuple[int, Fraction]]
            ) -> list[Fraction]:
    """Clip ≤-row multipliers at 0 and shift along an identity row until λ_min(Z) ≥ 0 numerically."""
    y = [max(v, Fraction(0)) if is_le else v for v, is_le in zip(y, le, strict=False)]
    if not shift_rows:
        return y
    Zn = np.array([[float(v) for v in r] for r in dual_slack(prog, y)])
    lam = float(np.linalg.eigvalsh(Zn).min()) if Zn.size else 0.0
    if lam >= 0:
        return y
    i, alpha = shift_rows[0]
    scale = max(1.0, float(np.abs(Zn).max()))
    delta = Fraction(-lam + 1e-12 * scale).limit_denominator(10**12)
    y[i] += delta / alpha + Fraction(1, 10**12)
    return y


def certify(
    prog: SDPProgram,
    *,
    claimed: Any = None,
    claim_tol: Any = 0,
    solvers: Sequence[str] | None = None,
    refute_tol: float = TOL.sdp,
) -> CertifiedBound:
    """Solve ``prog``, round and repair the dual, check it exactly; see the module docstring.

    ``claimed``: the bound to prove (upper bound for ``max``, lower for ``min``);
    ``claim_tol``: how much the rigorous bound may exceed it and still count
    (exact 0 by default). ``refute_tol``: the numeric optimum must beat the
    claim by more than ``refute_tol · max(1, |claimed|)`` for ``passed`` to be
    False (a numeric counterexample); otherwise an unproved claim is None.
    """
    return certify_solution(prog, solve(prog, solvers), claimed=claimed, claim_tol=claim_tol, refute_tol=refute_tol)


def certify_solution(prog: SDPProgram, sol: Solution, *, claimed: Any = None, claim_tol: Any = 0,
                     refute_tol: float = TOL.sdp) -> CertifiedBound:
    """Steps 2–5 of :func:`certify` on a given numeric solution (the solver's, or a known-bad one).

    The seam of the audit's failure-rule check (``thm1.qfi-bound``, ``certifier_failure_rules``): a
    non-optimal status gives ``solver_failed``, a dual that no rounding and repair makes valid gives
    ``not_certified``; neither is ever ``passed`` True.

    >>> prog = SDPProgram([[1, 0], [0, 0]], (Constraint([[1, 0], [0, 2]], "<=", 1),))   # max ρ₀₀, ρ₀₀ + 2ρ₁₁ ≤ 1
    >>> certify_solution(prog, Solution("optimal", "known dual", 1.0, 1.0, None, np.array([1.0]))).bound
    Fraction(1, 1)
    >>> certify_solution(prog, Solution("infeasible", "any", None, None, None, None), claimed=0).passed is None
    True
    """
    claimed_q = None if claimed is None else to_fraction(claimed)
    tol_q = to_fraction(claim_tol)
    require(tol_q >= 0, "claim_tol", "must be >= 0", claim_tol)
    numeric = None if sol.primal_value is None else float(sol.primal_value) * (1 if prog.sense == "max" else -1)
    if sol.status != "optimal" or sol.y is None:
        return CertifiedBound("solver_failed", prog.sense, None, numeric, claimed_q, None, None, sol.solver,
                              sol.status, False, reason=f"solver status {sol.status}", name=prog.name)
    refuted = False
    if claimed_q is not None and numeric is not None:
        excess = numeric - float(claimed_q) if prog.sense == "max" else float(claimed_q) - numeric
        refuted = excess > refute_tol * max(1.0, abs(float(claimed_q)))
    _, _, _, le = prog.canonical()
    rows = _identity_rows(prog)
    best: Verification | None = None
    best_y: list[Fraction] = []
    reasons = []
    for denom in ROUNDING_DENOMINATORS:
        y = _repair(prog, [_round(CERTIFICATE_SIGN * float(v), denom) for v in sol.y], le, rows)
        ver = verify_certificate(prog, y)
        reasons.append(ver.reason)
        if ver.valid and ver.bound is not None and (
                best is None or (ver.bound < best.bound if prog.sense == "max" else ver.bound > best.bound)):  # type: ignore[operator]
            best, best_y = ver, y
    if best is None or best.bound is None:
        return CertifiedBound("not_certified", prog.sense, None, numeric, claimed_q, None, None, sol.solver,
                              sol.status, False, reason="; ".join(reasons), name=prog.name, refuted=refuted)
    bound = best.bound
    margin = None
    if claimed_q is not None:
        margin = claimed_q - bound if prog.sense == "max" else bound - claimed_q
    ok = margin is None or margin >= -tol_q
    gap = None if numeric is None else abs(float(bound) - numeric)
    return CertifiedBound("certified" if ok else "not_certified", prog.sense, bound, numeric, claimed_q, margin, gap,
                          sol.solver, sol.status, True, tuple(best_y),
                          best.reason if ok else f"valid certificate, but bound {float(bound):.6g} misses claim "
                          f"{float(claimed_q):.6g}", name=prog.name, refuted=refuted,  # type: ignore[arg-type]
                          program=prog)
