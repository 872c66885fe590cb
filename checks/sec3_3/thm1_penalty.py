"""``thm1.penalty`` (Theorem 1, §3.3): weight on non-extremal eigenspaces costs Fisher information.

Anatomy: the claim; its parameters per profile; its checks; its fuzz property; its mutants.
The physics is in :mod:`qproofs.protocols.ghz` (the penalty bound evaluated on a state, with the
paper's factor passed in) and :mod:`qproofs.symbolic.ghz` (the variance identity behind it).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Iterator
from typing import Any
from unittest import mock

import numpy as np
import sympy as sp

from qproofs.certificates import identity_certificates
from qproofs.claims import Claim, Evidence, Figure, Series
from qproofs.domain import domain_evidence, forget_guards
from qproofs.property import Property, resolve_ref
from qproofs.protocols import ghz
from qproofs.quantum.fisher import qfi_pure_diagonal
from qproofs.symbolic import ghz as sym
from qproofs.tolerance import EXACT, TOL

from . import _domain

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "thm1.penalty", ref="Theorem 1", section="3.3", scope="stronger",
    title="Weight on non-extremal eigenspaces costs Fisher information",
    statement="If ψ puts total weight q_k on the eigenspace of a non-extremal eigenvalue λ_k, then "
              "F_Q ≤ W² − Σ_k q_k (W² − 4λ_k²) (paper: the single-eigenspace case F_Q ≤ W² − q(W² − 4λ²)).",
    uses=("thm1.qfi-bound",),
    paper={"penalty_eigen_factor": 4},  # the 4 of q(W² − 4λ²)
    # ------------------------------------------------------- parameters ---
    params={
        "quick": {"identity_max_atoms": 3, "random_probes": 60, "tight_probes": 10, "fuzz_examples": 40},
        "standard": {"identity_max_atoms": 5, "random_probes": 400, "tight_probes": 50, "fuzz_examples": 300},
        "deep": {"identity_max_atoms": 5, "random_probes": 400, "tight_probes": 50, "fuzz_examples": 3000},
    },
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("symbolic")
def penalty_identity_symbolic(ctx: Any) -> Evidence:
    """Sympy: 4Var = W² − Σ q_k(W² − 4λ_k²) − 4μ² for a distribution on ±W/2 and λ_k; the paper's bound agrees."""
    ms = range(0, ctx.params.identity_max_atoms + 1)
    ok = {m: sym.penalty_identity(m) for m in ms}
    pairs = {m: sym.penalty_identity_pair(m) for m in ms}
    # the identity with m non-extremal atoms has W, p₊ and m pairs (q_k, λ_k): 2m + 2 free symbols (an identity
    # built on fewer atoms would still hold, proving a smaller m than the one reported)
    symbols = {m: len(lhs.free_symbols | rhs.free_symbols) for m, (lhs, rhs) in pairs.items()}
    sized = all(symbols[m] == 2 * m + 2 for m in ms)
    # the paper's bound (protocol evaluation, the claimed factor) must agree with the derived right-hand side
    W, lam, q = sp.Rational(3), sp.Rational(1, 2), sp.Rational(1, 5)
    sym_rhs = W**2 - q * (W**2 - 4 * lam**2)
    w = np.array([1.0, 2.0])  # spectrum {3/2, −1/2, 1/2, −3/2}
    psi = np.zeros(4, dtype=complex)
    psi[0], psi[3] = math.sqrt((1 - float(q)) / 2), math.sqrt((1 - float(q)) / 2)
    psi[2] = math.sqrt(float(q))  # |10⟩: λ = (−1 + 2)/2 = 1/2
    proto = ghz.penalty_bound(psi, w, eigen_factor=ctx.paper["penalty_eigen_factor"])
    agree = abs(proto - float(sym_rhs)) <= ctx.tol.float_identity
    return Evidence(passed=all(ok.values()) and agree and sized,
                    observed={"identity": ok, "free_symbols": symbols, "protocol_bound": proto,
                              "symbolic_bound": str(sym_rhs)},
                    expected="identity for every number m of non-extremal atoms (2m + 2 symbols); protocol = symbolic",
                    tolerance=EXACT, instances=len(ok) + 1,
                    detail="dropping −4μ² ≤ 0 gives the bound; each q_k(W² − 4λ_k²) ≥ 0, so the single-eigenspace "
                           "form follows",
                    certificate=identity_certificates([pairs[m] for m in ms], claim=CLAIM.id,
                                                      check="penalty_identity_symbolic"))


# Theorem 1's penalty instances for :func:`penalty_pair_is_the_variance`: (weights, {basis index: probability}).
# Unbalanced on ±W/2 (mean ≠ 0), so the −4μ² term of the pair is seen; N = 2 weights (1, 2) have spectrum
# [3/2, −1/2, 1/2, −3/2], N = 3 weights (1, 2, 4) put 3/2 at index 2 and −5/2 at index 3 (W = 7).
PENALTY_STATES: tuple[tuple[tuple[int, ...], dict[int, sp.Rational]], ...] = (
    ((1, 2), {0: sp.Rational(2, 5), 3: sp.Rational(1, 10), 2: sp.Rational(3, 10), 1: sp.Rational(1, 5)}),
    ((1, 2, 4), {0: sp.Rational(1, 8), 7: sp.Rational(1, 2), 2: sp.Rational(1, 4), 3: sp.Rational(1, 8)}),
)


def _moments_pair(m: int, names: dict[str, sp.Symbol], factor: Any) -> tuple[sp.Expr, sp.Expr]:
    """(4Var, W² − Σ q_k(W² − c·λ_k²) − 4μ²) of the law p₊ on W/2, 1 − p₊ − Σq on −W/2, q_k on λ_k, from moments.

    Independent of ``symbolic.ghz``: μ = Σ p·v and E[H²] = Σ p·v² are summed over the atoms, c is the claim's
    penalty factor (the paper's 4).
    """
    W, pp = names["W"], names["p_plus"]
    q = [names[f"q{k}"] for k in range(1, m + 1)]
    lam = [names[f"l{k}"] for k in range(1, m + 1)]
    law = [(pp, W / 2), (1 - pp - sum(q), -W / 2), *zip(q, lam, strict=True)]
    mu = sum(p * v for p, v in law)
    second = sum(p * v**2 for p, v in law)
    bound = W**2 - sum(qk * (W**2 - factor * lk**2) for qk, lk in zip(q, lam, strict=True))
    return 4 * (second - mu**2), bound - 4 * mu**2


@CLAIM.check("symbolic")
def penalty_pair_is_the_variance(ctx: Any) -> Evidence:
    """The identity's two sides are 4Var and the paper's bound − 4μ² of the law they name (Theorem 1).

    ``penalty_identity_symbolic`` proves the pair equal, but an error in the mean μ cancels between its sides
    (both carry −4μ²). Here (deterministic, exact): for m = 0..identity_max_atoms, each side against the same
    quantity built from the law's moments (:func:`_moments_pair`, sympy ``expand`` = 0); and on the states
    :data:`PENALTY_STATES` (N = 2, 3) each side evaluated at the state's weights against numerics from the state
    itself: 4Var = F_Q (``qfi_pure_diagonal``) and ``ghz.penalty_bound`` − 4⟨H⟩², ⟨H⟩ = Σ|ψ_x|²λ_x (numpy).
    A miss is a defect of the symbolic derivation (inconclusive).
    """
    factor = ctx.paper["penalty_eigen_factor"]
    exact: dict[int, bool] = {}
    for m in range(0, ctx.params.identity_max_atoms + 1):
        var4, rhs = sym.penalty_identity_pair(m)
        names = {s.name: s for s in var4.free_symbols | rhs.free_symbols}
        need = {"W", "p_plus", *(f"{c}{k}" for c in "ql" for k in range(1, m + 1))}
        if not need <= set(names):
            exact[m] = False
            continue
        ind_var4, ind_rhs = _moments_pair(m, names, factor)
        exact[m] = sp.expand(var4 - ind_var4) == 0 and sp.expand(rhs - ind_rhs) == 0
    rows = [_penalty_state_row(w, probs, factor, ctx.tol.float_identity) for w, probs in PENALTY_STATES]
    ok = all(exact.values()) and all(r["ok"] for r in rows)
    return Evidence(passed=True if ok else None, observed={"exact_by_atoms": exact, "states": rows},
                    expected="every m: both sides = their moment forms exactly; every state: 4Var = F_Q and "
                             "rhs = penalty bound − 4⟨H⟩²", tolerance=ctx.tol.float_identity,
                    instances=len(exact) + len(rows),
                    detail="the law on ±W/2 and m non-extremal atoms λ_k, summed independently of symbolic.ghz; "
                           "states unbalanced on ±W/2 so μ ≠ 0 (tolerance relative to max(1, W²))")


def _penalty_state_row(w: tuple[int, ...], probs: dict[int, sp.Rational], factor: Any, tol: float) -> dict[str, Any]:
    """One state of :data:`PENALTY_STATES`: the pair at its exact law against F_Q, ⟨H⟩ and the penalty bound."""
    lam = ghz.generator_spectrum(np.asarray(w, dtype=float))
    W = ghz.total_weight(np.asarray(w, dtype=float))
    psi = np.zeros(lam.size, dtype=complex)
    for i, p in probs.items():
        psi[i] = math.sqrt(float(p))
    inner = [i for i in sorted(probs) if abs(abs(lam[i]) - W / 2) > 1e-9]
    top = int(np.argmax(lam))
    var4, rhs = sym.penalty_identity_pair(len(inner))
    names = {s.name: s for s in var4.free_symbols | rhs.free_symbols}
    values = {names["W"]: sp.Rational(sum(w)), names["p_plus"]: probs.get(top, sp.Integer(0))}
    for k, i in enumerate(inner, start=1):
        values[names[f"q{k}"]], values[names[f"l{k}"]] = probs[i], sp.Rational(lam[i])  # λ: halves, exact in binary
    mean = float(np.sum(np.abs(psi) ** 2 * lam))
    fq = qfi_pure_diagonal(psi, lam)
    bound = ghz.penalty_bound(psi, np.asarray(w, dtype=float), eigen_factor=factor) - 4 * mean**2
    got_var4, got_rhs = float(var4.subs(values)), float(rhs.subs(values))
    scale = max(1.0, W**2)
    return {"weights": list(w), "atoms": len(inner), "mean_H": mean, "4Var_pair": got_var4, "F_Q": fq,
            "rhs_pair": got_rhs, "bound_minus_4mean2": bound,
            "ok": abs(got_var4 - fq) <= tol * scale and abs(got_rhs - bound) <= tol * scale}


@CLAIM.check("simulation")
def penalty_on_eigenspace_mixtures(ctx: Any) -> Evidence:
    """Random and structured probes: F_Q ≤ penalty bound, with equality on balanced mean-zero mixtures."""
    rng = ctx.rng("penalty")
    tol, factor = ctx.tol.dense, ctx.paper["penalty_eigen_factor"]
    min_slack, tight_gap, count = math.inf, 0.0, 0
    xs, ys = [], []
    for _ in range(ctx.params.random_probes):
        n = int(rng.integers(2, 7))
        w = rng.normal(size=n)
        lam = ghz.generator_spectrum(w)
        W = ghz.total_weight(w)
        kind = rng.integers(3)
        if kind == 0:
            v = rng.normal(size=2**n) + 1j * rng.normal(size=2**n)
        else:  # GHZ-type plus weight on a few eigenspaces
            v = ghz.ghz_type_state(w) * math.sqrt(1 - 0.5 * rng.random()) + 0.3 * rng.normal(size=2**n) * (kind == 1)
        v = v / np.linalg.norm(v)
        fq = qfi_pure_diagonal(v, lam)
        pb = ghz.penalty_bound(v, w, eigen_factor=factor)
        min_slack = min(min_slack, (pb - fq) / W**2)
        xs.append(pb / W**2)
        ys.append(fq / W**2)
        count += 1
    # tightness: weight q split evenly over ±λ (mean 0) and over |s⟩, |s̄⟩: bound attained
    for _ in range(ctx.params.tight_probes):
        n = int(rng.integers(2, 6))
        w = rng.normal(size=n)
        lam = ghz.generator_spectrum(w)
        W = ghz.total_weight(w)
        i = int(np.argmax(lam))
        inner = [x for x in range(2**n) if abs(abs(lam[x]) - W / 2) > tol]
        x = int(rng.choice(inner))
        xbar = 2**n - 1 - x  # λ(x̄) = −λ(x)
        q = float(rng.uniform(0.05, 0.9))
        v = np.zeros(2**n, dtype=complex)
        v[i] = v[2**n - 1 - i] = math.sqrt((1 - q) / 2)
        v[x] = v[xbar] = math.sqrt(q / 2)
        tight_gap = max(tight_gap, abs(ghz.penalty_bound(v, w, eigen_factor=factor) - qfi_pure_diagonal(v, lam)) / W**2)
        count += 1
    fig = Figure("penalty-vs-random", "Penalty bound vs F_Q of random and GHZ-perturbed probes",
                 "penalty bound / W²", "F_Q / W²",
                 (Series("probes", tuple(xs), tuple(ys), kind="scatter"),
                  Series("F_Q = bound", (0.0, 1.0), (0.0, 1.0))))
    ok = min_slack >= -tol and tight_gap <= tol
    return Evidence(passed=ok, observed={"min_relative_slack": min_slack, "tightness_gap": tight_gap},
                    expected={"min_relative_slack": ">= 0", "tightness_gap": 0.0}, tolerance=tol,
                    instances=count, figures=(fig,),
                    detail="multi-eigenspace form; equality when ⟨H⟩ = 0")


# ----------------------------------------------------------- fuzz property ---

NON_EXTREMAL_WEIGHTS = ((1.0, 2.0), (1.0, 1.0, 1.0), (1.0, 1e-3), (0.5, 2.0, 1e-6, 3.0), (1.0,))
"""Positive weight vectors of :func:`non_extremal_set_known_answer` (a tiny weight: eigenvalues just inside W/2)."""


@CLAIM.check("simulation")
def non_extremal_set_known_answer(ctx: Any) -> Evidence:
    """The set the penalty sums over (``ghz.non_extremal_mask``) against its known answer (issue 11).

    For positive weights the extremal eigenvalues ±W/2 of Σ w_j Z_j/2 sit at |0…0⟩ and |1…1⟩ alone, so the
    non-extremal set is every other basis index (N = 1: none). At c = 4 an extremal term W² − 4(W/2)² is 0, so
    no bound check sees a set that wrongly includes them: this one does. Deterministic; a miss is a tool defect.
    """
    rows = []
    for w in NON_EXTREMAL_WEIGHTS:
        lam = ghz.generator_spectrum(w)
        got = ghz.non_extremal_mask(lam, ghz.total_weight(np.asarray(w)))
        want = np.ones(lam.size, dtype=bool)
        want[[0, lam.size - 1]] = False
        rows.append({"weights": list(w), "non_extremal": int(got.sum()), "expected": int(want.sum()),
                     "ok": bool(np.array_equal(got, want))})
    bad = next((r for r in rows if not r["ok"]), None)
    return Evidence(passed=None if bad else True, observed={"rows": rows}, expected="every index but 0 and 2^N − 1",
                    tolerance=EXACT, instances=len(rows), counterexample=bad,
                    detail="the penalised eigenspaces exclude exactly |0…0⟩ and |1…1⟩ (positive weights); a tiny "
                           "weight puts eigenvalues within 1e-6·W of W/2, which are still non-extremal")


PROPERTY = Property(
    "ghz_penalty_bound", CLAIM.id, strategy="qproofs.fuzz.ghz:probe_instances",
    slack="qproofs.fuzz.ghz:penalty_slack", tol=TOL.dense,
    statement="Property: F_Q ≤ W² − Σ_k q_k(W² − 4λ_k²) for every probe (relative slack).")


@CLAIM.check("fuzz")
def penalty_fuzz(ctx: Any) -> Evidence:
    """Hypothesis: the penalty bound on random / GHZ-perturbed / product probes (minimum slack reported)."""
    from qproofs.fuzz import fuzz_evidence

    slack = functools.partial(resolve_ref(PROPERTY.slack), eigen_factor=ctx.paper["penalty_eigen_factor"])
    return fuzz_evidence(ctx, dataclasses.replace(PROPERTY, slack=slack))


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[penalty_identity_symbolic, penalty_on_eigenspace_mixtures, penalty_fuzz],
              paper={"penalty_eigen_factor": 2})
def penalty_factor_two() -> None:
    """Penalty term claimed as q(W² − 2λ²) instead of q(W² − 4λ²)."""


@CLAIM.mutant(kills=[penalty_identity_symbolic, penalty_on_eigenspace_mixtures], paper={"penalty_eigen_factor": 8})
def penalty_factor_eight() -> None:
    """Penalty term claimed as q(W² − 8λ²): a looser bound, true but not attained on balanced mixtures (issue 11)."""


@CLAIM.mutant(kills=[non_extremal_set_known_answer])
def penalty_counts_extremal_eigenvalues() -> Iterator[None]:
    """The penalised set includes the extremal eigenvalues ±W/2 (``|λ| < W + 2``; invisible to the bound at c = 4)."""
    with mock.patch.object(ghz, "non_extremal_mask", lambda lam, W, atol=1e-12: np.abs(lam) < W + 2):
        yield


def _pair_mean_off(m: int) -> tuple[sp.Expr, sp.Expr]:
    """``symbolic.ghz.penalty_identity_pair`` with μ's −W/2 atom weighted p₋·W/3 (the round-4 survivor)."""
    W = sp.Symbol("W", positive=True)
    q = sp.symbols(f"q1:{m + 1}", nonnegative=True) if m else ()
    lam = sp.symbols(f"l1:{m + 1}", real=True) if m else ()
    pp = sp.Symbol("p_plus", nonnegative=True)
    pm = 1 - pp - sum(q)
    mu = pp * W / 2 - pm * W / 3 + sum(qk * lk for qk, lk in zip(q, lam, strict=False))
    second = (pp + pm) * W**2 / 4 + sum(qk * lk**2 for qk, lk in zip(q, lam, strict=False))
    rhs = W**2 - sum(qk * (W**2 - 4 * lk**2) for qk, lk in zip(q, lam, strict=False)) - 4 * mu**2
    return 4 * (second - mu**2), rhs


@CLAIM.mutant(kills=[penalty_pair_is_the_variance])
def penalty_pair_wrong_mean() -> Iterator[None]:
    """The identity's mean μ weighs the −W/2 atom by W/3: both sides still agree (μ² cancels), both are wrong."""
    with mock.patch.object(sym, "penalty_identity_pair", _pair_mean_off):
        yield


# ----------------------------------------------------------- input domain ---


@CLAIM.check("simulation")
def input_domain(ctx: Any) -> Evidence:
    """The modules refuse every instance outside the paper's model, each rule at its boundary (issue 11)."""
    return domain_evidence(_domain.SYMBOLIC_GHZ_EDGES, "qproofs.symbolic.ghz (the exact instances of Theorem 1)")


@CLAIM.mutant(kills=[input_domain])
def symbolic_ghz_forgets_its_guards() -> Iterator[None]:
    """The modules validate nothing (``symbolic.ghz.require`` a no-op)."""
    with forget_guards(sym):
        yield
