"""``thm4.ghd-reduction`` (Theorem 4.2–4.3): Gap-Hamming reduces to GapIP with τ = 2/√n.

Anatomy: the claim; its parameters per profile; its checks; its fuzz property;
its mutants. The embedding is in :mod:`qproofs.protocols.gapip`
(``ghd_vectors``, ``ghd_tau``, ``ghd_instance``), the identities in
:mod:`qproofs.symbolic.conflict`; the Ω(n) Gap-Hamming bound is cited.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any
from unittest import mock

import numpy as np
import sympy as sp

from qproofs.certificates import identity_certificates
from qproofs.claims import Claim, Evidence
from qproofs.property import Property
from qproofs.protocols import gapip
from qproofs.symbolic import conflict as sym
from qproofs.tolerance import EXACT, TOL

from ._certs import ghd_tables

# ------------------------------------------------------------------ claim ---

_N = sp.symbols("n", positive=True)
_COMMON = {"symbolic_ns": (4, 9, 16, 100, 1024), "per_side": 5}

CLAIM = Claim(
    "thm4.ghd-reduction", ref="Theorem 4.2–4.3", section="5", scope="exact",
    title="Gap-Hamming reduces to GapIP with τ = 2/√n",
    statement=("For x, y ∈ {±1}^n, ⟨x/√n, y/√n⟩ = 1 − 2Δ(x,y)/n exactly; Δ ≤ n/2 − √n vs Δ ≥ n/2 + √n becomes "
               "GapIP with τ = 2/√n, so the Ω(n) GHD bound gives Ω(1/τ²)."),
    cited="Chakrabarti–Regev 2012 (randomised Gap-Hamming lower bound Ω(n))",
    paper={"margin": 2 / sp.sqrt(_N)},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"enumerate_nmax": 8, "transfer_ns": (16, 64, 256), "fuzz_examples": 25, **_COMMON},
            "standard": {"enumerate_nmax": 10, "transfer_ns": (16, 64, 256, 1024, 4096, 2**14),
                         "fuzz_examples": 200, **_COMMON},
            "deep": {"enumerate_nmax": 10, "transfer_ns": (16, 64, 256, 1024, 4096, 2**14),
                     "fuzz_examples": 1000, **_COMMON}},
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("symbolic")
def identity_symbolic(ctx: Any) -> Evidence:
    """sympy: x_i y_i = 1 − 2[x_i ≠ y_i]; the GHD gap maps to ±2/√n = ±ghd_tau(n)."""
    coord = sym.ghd_coordinate_identity()
    up, down = sym.ghd_margin()
    ulps = ctx.tol.closed_form_ulps
    mism = [n for n in ctx.params.symbolic_ns if abs(float(up.subs(_N, n)) - gapip.ghd_tau(n)) > ulps
            or abs(float(down.subs(_N, n)) + gapip.ghd_tau(n)) > ulps]
    margin = ctx.paper["margin"]
    ok = coord and sp.simplify(up - margin) == 0 and sp.simplify(down + up) == 0 and not mism
    return Evidence(passed=bool(ok), observed={"coordinate_identity": coord, "margin": [str(up), str(down)],
                                               "ghd_tau_mismatch_at_n": mism},
                    expected={"margin": [str(margin), str(-margin)]}, tolerance=EXACT,
                    certificate=identity_certificates(sym.ghd_margin_pairs(margin), claim=CLAIM.id,
                                                      check="identity_symbolic"),
                    counterexample={"n": mism[0]} if mism else None)


@CLAIM.check("enumeration")
def enumerate_small_n(ctx: Any) -> Evidence:
    """All pairs x, y ∈ {±1}^n, n ≤ 8 (quick) / 10: identity exact, GHD promise → GapIP promise at τ = 2/√n."""
    nmax = ctx.params.enumerate_nmax
    tol = ctx.tol.rounding
    bad, count = [], 0
    for n in range(1, nmax + 1):
        X = np.array(list(itertools.product((-1, 1), repeat=n)), dtype=np.int64)
        ip_int = X @ X.T                                  # n·⟨x/√n, y/√n⟩, exact integers
        delta_h = (X[:, None, :] != X[None, :, :]).sum(axis=2)
        if np.any(ip_int != n - 2 * delta_h):
            bad.append({"n": n, "rule": "identity"})
        count += X.shape[0] ** 2
        tau = gapip.ghd_tau(n)
        close = delta_h <= n / 2 - math.sqrt(n)
        far = delta_h >= n / 2 + math.sqrt(n)
        ip = ip_int / n
        if np.any(ip[close] < tau - tol) or np.any(ip[far] > -tau + tol):
            i, j = np.argwhere((close & (ip < tau - tol)) | (far & (ip > -tau + tol)))[0]
            bad.append({"n": n, "x": X[i].tolist(), "y": X[j].tolist(), "delta": int(delta_h[i, j]), "tau": tau})
        for i in (0, X.shape[0] - 1):
            u, v = gapip.ghd_vectors(X[i], X[-1 - i])
            if abs(np.linalg.norm(u) - 1) > tol or abs(u @ v - ip[i, -1 - i]) > tol:
                bad.append({"n": n, "rule": "unit embedding"})
    return Evidence(passed=not bad, observed={"violations": len(bad)}, expected=0, tolerance=EXACT,
                    instances=count, detail=f"every pair of ±1 strings, n = 1..{nmax}",
                    certificate=ghd_tables(nmax, claim=CLAIM.id, check="enumerate_small_n"),
                    counterexample=bad[0] if bad else None)


@CLAIM.check("accounting")
def lower_bound_transfer(ctx: Any) -> Evidence:
    """Generated GHD instances satisfy the GapIP promise at τ = 2/√n; n = 4/τ², so Ω(n) = Ω(1/τ²)."""
    rng = ctx.rng("ghd")
    tol = ctx.tol.rounding
    bad, count = [], 0
    for n in ctx.params.transfer_ns:
        tau = gapip.ghd_tau(n)
        if abs(4 / tau**2 - n) > ctx.tol.relative_round_trip * n:
            bad.append({"n": n, "rule": "n = 4/τ²", "tau": tau})
        for far in (False, True):
            for _ in range(ctx.params.per_side):
                x, y = gapip.ghd_instance(n, far, rng)
                u, v = gapip.ghd_vectors(x, y)
                count += 1
                ip = float(u @ v)
                if (far and ip > -tau + tol) or (not far and ip < tau - tol):
                    bad.append({"n": n, "far": far, "ip": ip, "tau": tau})
    return Evidence(passed=not bad, observed={"violations": len(bad)}, expected=0, tolerance=tol,
                    instances=count, counterexample=bad[0] if bad else None,
                    detail="the Ω(n) GHD bound itself is cited (Chakrabarti–Regev), not re-proved")


# ------------------------------------------------------------ fuzz property ---


def ghd_slack(inst: dict[str, Any]) -> float:
    """Minus |⟨u, v⟩ − (1 − 2Δ/n)| for the executed embedding of two ±1 strings."""
    x = np.asarray(inst["x"])
    y = np.asarray(inst["y"])
    u, v = gapip.ghd_vectors(x, y)
    return -abs(float(u @ v) - (1 - 2 * int(np.sum(x != y)) / x.size))


PROPERTY = Property(
    "ghd-identity", CLAIM.id, strategy="qproofs.fuzz.conflict:ghd_strings", slack=ghd_slack, tol=TOL.rounding,
    statement="Property: for any ±1 strings, ⟨x/√n, y/√n⟩ = 1 − 2Δ(x,y)/n.")


@CLAIM.check("fuzz")
def fuzz_ghd_identity(ctx: Any) -> Evidence:
    """Hypothesis over ±1 strings: the embedding's inner product is 1 − 2Δ/n."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY)


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[identity_symbolic, enumerate_small_n, lower_bound_transfer])
def ghd_margin_doubled() -> Iterator[None]:
    """τ = 4/√n: the reduction claims a larger margin than the embedding delivers (public ``gapip.ghd_tau``)."""
    with mock.patch.object(gapip, "ghd_tau", lambda n: 4 / math.sqrt(n)):
        yield


@CLAIM.mutant(kills=[enumerate_small_n, lower_bound_transfer, fuzz_ghd_identity])
def ghd_embedding_unnormalised() -> Iterator[None]:
    """Embedding by x/n instead of x/√n (public ``gapip.ghd_vectors``)."""
    def vec(x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
        x = np.asarray(x, float)
        y = np.asarray(y, float)
        return x / x.size, y / y.size

    with mock.patch.object(gapip, "ghd_vectors", vec):
        yield
