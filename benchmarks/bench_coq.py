"""Benchmark: the Coq kernel check of the Theorem 1 certificates, N = 2..8 (issue 15).

Claim ``thm1.qfi-bound`` (Theorem 1): max_ρ Var_ρ(H) ≤ W²/4 for H = Σ_j w_j Z_j/2, certified by
the linear SDP  max ⟨(H − c)², ρ⟩ s.t. tr ρ = 1, ρ ⪰ 0  (n = 2^N) of ``qproofs.sdp.variance``.
For each N this builds the certificate document (``qproofs.cert/1``, kind ``sdp-dual``) from the
exact dual of :func:`qproofs.sdp.variance.certify_max_variance`, then times

* generation: JSON certificate → Coq source (``qproofs.certcheck.coq.generate_sdp``), and
* coqc: the kernel check of the generated theorem (``check_one``, one file, timeout 60 s), wall
  clock and the coqc process's CPU time (the machine is shared: CPU time is the stable figure),

and reports the largest N the kernel accepts within 60 s. Writes benchmarks/results/bench_coq.json.

    python benchmarks/bench_coq.py [--max-n 8] [--weights equal|ramp]

Also the stabiliser-test certificates (Section 4.3, ``vga.stabilizer-detection``) at N = 2..5, and
a dense stress case (random G Gᵀ, n = 8..32; "N" is n there) that shows the limit of the kernel's
binary-integer rational arithmetic on dense factors with large entries.

The producer of issue 12 (``qproofs.certificates.sdp_certificate``) writes the certificate when it
is installed; otherwise :func:`sdp_document` here writes the same format (docs/certificates.md).
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

BUDGET = 60.0


def ldl_pivoted(S: list[list[Fraction]]) -> tuple[list[int], list[list[Fraction]], list[Fraction]]:
    """P S Pᵀ = L D Lᵀ over ℚ with diagonal pivoting (largest remaining diagonal first).

    Written out (about 20 lines) because no installed library gives an exact pivoted LDLᵀ over ℚ
    (flint's fflu is fraction-free LU, sympy's LDLdecomposition does not pivot).
    """
    m = len(S)
    A = [list(r) for r in S]
    perm = list(range(m))
    L = [[Fraction(0)] * m for _ in range(m)]
    D = [Fraction(0)] * m
    for k in range(m):
        p = max(range(k, m), key=lambda i: A[i][i])
        if p != k:
            A[k], A[p] = A[p], A[k]
            for r in A:
                r[k], r[p] = r[p], r[k]
            perm[k], perm[p] = perm[p], perm[k]
            L[k][:k], L[p][:k] = L[p][:k], L[k][:k]
        d = D[k] = A[k][k]
        L[k][k] = Fraction(1)
        if d == 0:
            continue
        nz = [i for i in range(k + 1, m) if A[i][k] != 0]
        for i in nz:
            L[i][k] = A[i][k] / d
        for i in nz:
            for j in nz:
                A[i][j] -= L[i][k] * d * L[j][k]
    return perm, L, D


def _matrix(re: Any, im: Any, complex_: bool) -> Any:
    n = len(re)
    if complex_:
        return [[[str(re[i][j]), str(im[i][j])] for j in range(n)] for i in range(n)]
    if n <= 64:
        return [[str(v) for v in r] for r in re]
    return {"m": n, "entries": [[i, j, str(v)] for i, r in enumerate(re) for j, v in enumerate(r) if v != 0]}


def _witness_matrix(L: list[list[Fraction]]) -> Any:
    m = len(L)
    if m <= 64:
        return [[str(v) for v in r] for r in L]
    return {"m": m, "entries": [[i, j, str(v)] for i, r in enumerate(L) for j, v in enumerate(r) if v != 0]}


def sdp_document(prog: Any, y: list[Fraction], bound: Fraction, claim: str, check: str) -> dict[str, Any]:
    """A ``qproofs.cert/1`` ``sdp-dual`` document for ``prog`` (an ``SDPProgram``) and dual ``y``."""
    try:  # issue 12's producer, when merged
        from qproofs.certificates import sdp_certificate

        return dict(sdp_certificate(prog, y, bound, claim=claim, check=check))
    except ImportError:
        pass
    from qproofs.certcheck.coq import problem_sha256
    from qproofs.sdp.certificate import dual_slack

    ex = prog.exact
    cplx = prog.is_complex
    problem = {"field": "complex" if cplx else "real", "sense": prog.sense, "n": ex["n"],
               "C": _matrix(*ex["C"], cplx),
               "constraints": [{"A": _matrix(*A, cplx), "op": c.sense, "b": str(b)}
                               for c, A, b in zip(prog.constraints, ex["A"], ex["b"], strict=True)]}
    Z = [list(r) for r in dual_slack(prog, y)]
    if cplx:  # the canonical form halves the embedding; the certificate factorises emb(Z) itself
        Z = [[2 * v for v in r] for r in Z]
    perm, L, D = ldl_pivoted(Z)
    return {"schema": "qproofs.cert/1", "kind": "sdp-dual", "claim": claim, "check": check,
            "problem": problem,
            "statement": {"relation": "max<=" if prog.sense == "max" else "min>=", "bound": str(bound)},
            "witness": {"y": [str(v) for v in y],
                        "ldl": {"perm": perm, "L": _witness_matrix(L), "D": [str(v) for v in D]}},
            "problem_sha256": problem_sha256(problem),
            "producer": {"qproofs": "bench_coq adapter", "packages": {}}}


SOLVER_MAX_N = 6
"""Above this N the Theorem 1 dual is written in closed form instead of solved with cvxpy (which
takes minutes at n = 2^7): y = max_x (λ(x) − c)² with c the spectral midpoint, the dual that
``certify_max_variance`` finds at every N ≤ 6 (b·y = W²/4)."""


def theorem1_document(N: int, weights: str = "equal", solver: bool | None = None) -> dict[str, Any]:
    """The Theorem 1 certificate (max Var ≤ W²/4) at N qubits, via certify_max_variance (or closed form)."""
    from qproofs.sdp.certificate import Constraint, SDPProgram
    from qproofs.sdp.variance import certify_max_variance, exact_spectrum

    w = [Fraction(1)] * N if weights == "equal" else [Fraction(j + 1, N) for j in range(N)]
    lam = exact_spectrum(w)
    if solver if solver is not None else N <= SOLVER_MAX_N:
        vc = certify_max_variance(w)
        cb = vc.certificate
        if cb is None or vc.centre is None or cb.status != "certified" or cb.claimed is None:
            raise RuntimeError(f"N = {N}: no exact certificate ({None if cb is None else cb.reason})")
        centre, y, claimed = vc.centre, list(cb.y), cb.claimed
    else:
        centre = (max(lam) + min(lam)) / 2
        y = [max((v - centre) ** 2 for v in lam)]
        claimed = sum(w, Fraction(0)) ** 2 / 4
    n = len(lam)
    C = [[(lam[i] - centre) ** 2 if i == j else Fraction(0) for j in range(n)] for i in range(n)]
    eye = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    prog = SDPProgram(C, (Constraint(eye, "==", 1),), sense="max", name=f"thm1 N={N}")
    return sdp_document(prog, y, claimed, "thm1.qfi-bound", f"sdp_bound_n{N}")


def stabilizer_document(N: int, fidelity: Fraction = Fraction(9, 10)) -> dict[str, Any]:
    """The Section 4.3 stabiliser-test certificate (min tr(Rρ) ≥ claimed; a complex program)."""
    from qproofs.sdp import certificate, stabilizer

    cb = stabilizer.minimum_rejection(N, fidelity)
    if cb.status != "certified" or cb.claimed is None:
        raise RuntimeError(f"N = {N}: no exact certificate ({cb.reason})")
    R, _ = stabilizer.rejection_operator(N)
    d = 2**N
    ident = [[Fraction(int(i == j)) for j in range(d)] for i in range(d)]
    prog = certificate.SDPProgram(
        C=R, sense="min", name=f"stabiliser-test N={N}",
        constraints=(certificate.Constraint(ident, "==", 1),
                     certificate.Constraint(stabilizer.ghz_projector_exact(N), "<=", fidelity)))
    return sdp_document(prog, list(cb.y), cb.claimed, "vga.stabilizer-detection", f"sdp_min_n{N}")


def dense_document(n: int, seed: int = 0) -> dict[str, Any]:
    """A stress case, not a paper claim: max ⟨−G Gᵀ, X⟩ ≤ 0 s.t. tr X = 1 for a random integer G.

    Z = G Gᵀ is dense, so its LDLᵀ has dense L with rationals of ~3n digits: the worst case of
    the kernel's binary-integer arithmetic (Theorem 1 and stabiliser slacks are diagonal or 2×2-block).
    """
    import random

    from qproofs.sdp.certificate import Constraint, SDPProgram

    rng = random.Random(seed)
    G = [[Fraction(rng.randint(-3, 3)) for _ in range(n)] for _ in range(n)]
    C = [[-sum(G[i][k] * G[j][k] for k in range(n)) for j in range(n)] for i in range(n)]
    eye = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    prog = SDPProgram(C, (Constraint(eye, "==", 1),), sense="max", name=f"dense n={n}")
    return sdp_document(prog, [Fraction(0)], Fraction(0), "stress.dense", f"dense_n{n}")


DENSE_SIZES = (8, 16, 24, 32)


def run(max_n: int = 8, weights: str = "equal", stab_max_n: int = 5) -> list[dict[str, Any]]:
    """Rows {program, N, n, produce_s, generate_s, coqc_s, coqc_cpu_s, accepted, reason}."""
    from qproofs.certcheck import coq

    jobs = [("thm1", N) for N in range(2, max_n + 1)] + [("stabiliser", N) for N in range(2, stab_max_n + 1)]
    jobs += [("dense", n) for n in DENSE_SIZES]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-coq-") as tmp:
        root = Path(tmp)
        lib = coq.build_library(root, coq.coqc_path())
        for program, N in jobs:
            t0 = time.perf_counter()
            doc = (theorem1_document(N, weights) if program == "thm1" else stabilizer_document(N)
                   if program == "stabiliser" else dense_document(N))
            produce = time.perf_counter() - t0
            path = root / f"{program}_n{N}.json"
            path.write_text(json.dumps(doc), encoding="utf-8")
            t0 = time.perf_counter()
            coq.generate_sdp(doc, f"Gen{N}")
            generate = time.perf_counter() - t0
            t0 = time.perf_counter()
            cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            out = coq.check_one(path, N, root, lib, coq.coqc_path(), timeout=BUDGET)
            total = time.perf_counter() - t0
            cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
            size = len(coq.generate_sdp(doc, "Size").text)
            n = N if program == "dense" else 2**N
            rows.append({"program": program, "N": N, "n": n, "closed_form": program == "thm1" and N > SOLVER_MAX_N, "produce_s": round(produce, 3), "generate_s": round(generate, 4),
                         "coqc_s": round(total - generate, 3), "coqc_cpu_s": round(cpu, 3),
                         "coq_bytes": size, "accepted": out.accepted,
                         "reason": out.reason[:160]})
            print(f"{program:10s} N={N:2d} n={n:4d}  produce {produce:7.2f} s  generate {generate:7.4f} s  "
                  f"coqc {total - generate:7.2f} s (cpu {cpu:6.2f} s)  {size:8d} B  {'accepted' if out.accepted else out.reason[:60]}",
                  flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, write benchmarks/results/bench_coq.json."""
    args = sys.argv[1:] if argv is None else argv
    max_n = int(args[args.index("--max-n") + 1]) if "--max-n" in args else 8
    weights = args[args.index("--weights") + 1] if "--weights" in args else "equal"
    from qproofs.certcheck import coq

    rows = run(max_n, weights)
    ok = [r["N"] for r in rows if r["program"] == "thm1" and r["accepted"] and r["coqc_s"] <= BUDGET]
    summary = {"coqc_version": coq.coq_version(), "weights": weights, "budget_s": BUDGET,
               "largest_N_within_budget": max(ok) if ok else None, "rows": rows}
    print(f"Theorem 1: largest N accepted within {BUDGET:.0f} s: {summary['largest_N_within_budget']}")
    out = Path(__file__).resolve().parent / "results" / "bench_coq.json"
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
