"""Benchmark: exact SDP certificates per N — size, producing time, checking time (issue 12).

Programs: Theorem 1's variance bound max Var_ρ(H) ≤ W²/4 with unit weights (claim ``thm1.qfi-bound``) and
the Section 4.3 stabiliser test min tr(Rρ) ≥ (1 − F)·2^{N−1}/(2^N − 1) at F = 9/10
(``vga.stabilizer-detection``). Two producers, both writing a certificate of the *full* 2^N × 2^N program:

* ``full``: the existing path (cvxpy + Clarabel on the full SDP, dual rounded and repaired;
  ``qproofs.sdp.variance.certify_max_variance`` / ``qproofs.sdp.stabilizer.minimum_rejection``), N ≤ --full-max-n;
* ``reduced``: ``qproofs.sdp.reduced`` (the projector-algebra LP proposes y, the full program is verified exactly).

Two certificate kinds per bound: ``exact`` (``sdp-dual``: y + exact LDLᵀ of the dual slack) and ``float``
(``sdp-dual-float``: y lifted by 2c + the shift c; the checker proves PSD by a rigorous floating-point Cholesky of
S − cI, qproofs/certcheck/sdpfloat.py — the bound it proves is the exact one + 2c). ``produce`` includes writing
(and, for ``float``, the producer's own recheck). Checking is the independent checker ``qproofs.certcheck`` on the written file, with python-flint and with
``fractions`` only (QPROOFS_CERTCHECK_NO_FLINT). Writes benchmarks/results/bench_certificates.json and prints a
Markdown table.

A third program, ``thm1-rotated`` (N ≤ --rotated-max-n), is Theorem 1's program in a rotated basis (dense rational
data): there the exact LDLᵀ and its check grow with the rationals, the float proof does not.

    python benchmarks/bench_certificates.py [--max-n 12] [--full-max-n 5] [--rotated-max-n 7]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import tempfile
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

from qproofs.certcheck import check_file
from qproofs.certificates import sdp_float_certificate, write_certificate
from qproofs.sdp import reduced, stabilizer, variance

F = Fraction(9, 10)


def rotated_theorem1(n: int) -> reduced.SparseProgram:
    """Theorem 1's program in a rotated basis: C' = Q C Qᵀ, Q = (I − K)(I + K)⁻¹ (Cayley, K skew tridiagonal).

    Same optimum and same multipliers y as the unrotated program (the constraint tr X = 1 is rotation
    invariant), but C' and the dual slack are *dense* rationals: the case where an exact LDLᵀ grows and a
    floating-point proof does not. python-flint does the exact products (benchmark only).
    """
    import flint

    d = 2**n
    base = reduced.variance_program([1] * n)
    K, eye, C = flint.fmpq_mat(d, d), flint.fmpq_mat(d, d), flint.fmpq_mat(d, d)
    for i in range(d):
        eye[i, i] = 1
        if i + 1 < d:
            K[i, i + 1], K[i + 1, i] = 1, -1
    for (i, j), v in base.C.items():
        C[i, j] = flint.fmpq(v.numerator, v.denominator)
    Q = (eye - K) * (eye + K).inv()
    R = Q * C * Q.transpose()
    Cs = {(i, j): Fraction(int(R[i, j].p), int(R[i, j].q)) for i in range(d) for j in range(d) if R[i, j] != 0}
    return reduced.SparseProgram("max", d, Cs, base.constraints, name=f"rotated max-variance N={n}")


def produce(program: str, producer: str, n: int) -> tuple[Any, float]:
    """(CertifiedBound, seconds) of one program at one N."""
    t0 = time.perf_counter()
    if program == "thm1-rotated":  # y proposed by the reduced LP of the unrotated program, verified on the rotated one
        cb = reduced.certify_theorem1([1] * n)
        prog = rotated_theorem1(n)
        ver = prog.verify(list(cb.y))
        cb = dataclasses.replace(cb, program=prog, certificate_valid=ver.valid, bound=ver.bound,
                                 status="certified" if ver.valid else "not_certified")
    elif program == "thm1":
        cb = reduced.certify_theorem1([1] * n) if producer == "reduced" else \
            variance.certify_max_variance([1] * n).certificate
    else:
        cb = reduced.certify_stabiliser(n, F) if producer == "reduced" else stabilizer.minimum_rejection(n, F)
    return cb, time.perf_counter() - t0


def check_seconds(path: Path, flint: bool) -> tuple[bool, float]:
    """(accepted, seconds) of the independent checker on one file."""
    old = os.environ.get("QPROOFS_CERTCHECK_NO_FLINT")
    os.environ["QPROOFS_CERTCHECK_NO_FLINT"] = "" if flint else "1"
    try:
        out = check_file(path)
    finally:
        if old is None:
            del os.environ["QPROOFS_CERTCHECK_NO_FLINT"]
        else:
            os.environ["QPROOFS_CERTCHECK_NO_FLINT"] = old
    return out.accepted, out.seconds


def document(cb: Any, kind: str, program: str, producer: str, n: int) -> dict[str, Any]:
    """The ``sdp-dual`` (exact LDLᵀ) or ``sdp-dual-float`` (rigorous float Cholesky) document of one bound."""
    if kind == "exact":
        return cb.certificate_document(f"bench.{program}", f"{producer}-n{n}")
    return sdp_float_certificate(cb.program, cb.y, claim=f"bench.{program}", check=f"{producer}-n{n}-float")


def main() -> None:
    """Run the sweep and write the results."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-n", type=int, default=12)
    ap.add_argument("--full-max-n", type=int, default=5)
    ap.add_argument("--rotated-max-n", type=int, default=7)
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for program in ("thm1", "stabiliser", "thm1-rotated"):
            for n in range(2, (args.max_n if program != "thm1-rotated" else args.rotated_max_n) + 1):
                for producer in ("full", "reduced"):
                    if producer == "full" and (n > args.full_max_n or program == "thm1-rotated"):
                        continue
                    cb, t_prod = produce(program, producer, n)
                    for kind in ("exact", "float"):
                        row: dict[str, Any] = {"program": program, "N": n, "dim": 2**n, "producer": producer,
                                               "kind": kind, "status": None if cb is None else cb.status,
                                               "bound": None if cb is None or cb.bound is None else str(cb.bound),
                                               "produce_s": round(t_prod, 3)}
                        if cb is not None and cb.status == "certified":
                            t0 = time.perf_counter()
                            doc = document(cb, kind, program, producer, n)
                            path = write_certificate(doc, tmp)
                            row["document_s"] = round(time.perf_counter() - t0, 3)
                            row["bytes"] = path.stat().st_size
                            row["stated_bound"] = doc["statement"]["bound"]
                            for flint in (True, False):
                                ok, sec = check_seconds(path, flint)
                                row["accepted" if flint else "accepted_fractions"] = ok
                                row["check_s" if flint else "check_fractions_s"] = round(sec, 3)
                        rows.append(row)
                        print(json.dumps(row), flush=True)
    out = Path(__file__).parent / "results" / "bench_certificates.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=1) + "\n")
    print("\n| program | N | producer | kind | bound proved | certificate | produce (s) | check, flint (s) | "
          "check, fractions (s) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        if "bytes" in r:
            stated = r["stated_bound"] if r["kind"] == "exact" else f"{float(Fraction(r['stated_bound'])):.12g}"
            print(f"| {r['program']} | {r['N']} | {r['producer']} | {r['kind']} | {stated} | "
                  f"{r['bytes'] / 1024:.1f} KiB | {r['produce_s'] + r['document_s']:.2f} | {r['check_s']:.3f} | "
                  f"{r['check_fractions_s']:.3f} |")
        else:
            print(f"| {r['program']} | {r['N']} | {r['producer']} | {r['kind']} | {r['status']} | – | "
                  f"{r['produce_s']:.2f} | – | – |")


if __name__ == "__main__":
    main()
