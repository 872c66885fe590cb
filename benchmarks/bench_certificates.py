"""Benchmark: exact SDP certificates per N — size, producing time, checking time (issue 12).

Programs: Theorem 1's variance bound max Var_ρ(H) ≤ W²/4 with unit weights (claim ``thm1.qfi-bound``) and
the Section 4.3 stabiliser test min tr(Rρ) ≥ (1 − F)·2^{N−1}/(2^N − 1) at F = 9/10
(``vga.stabilizer-detection``). Two producers, both writing a certificate of the *full* 2^N × 2^N program:

* ``full``: the existing path (cvxpy + Clarabel on the full SDP, dual rounded and repaired;
  ``qproofs.sdp.variance.certify_max_variance`` / ``qproofs.sdp.stabilizer.minimum_rejection``), N ≤ --full-max-n;
* ``reduced``: ``qproofs.sdp.reduced`` (the projector-algebra LP proposes y, the full program is verified exactly).

Checking is the independent checker ``qproofs.certcheck`` on the written file, with python-flint and with
``fractions`` only (QPROOFS_CERTCHECK_NO_FLINT). Writes benchmarks/results/bench_certificates.json and prints a
Markdown table.

    python benchmarks/bench_certificates.py [--max-n 12] [--full-max-n 5]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

from qproofs.certcheck import check_file
from qproofs.certificates import write_certificate
from qproofs.sdp import reduced, stabilizer, variance

F = Fraction(9, 10)


def produce(program: str, producer: str, n: int) -> tuple[Any, float]:
    """(CertifiedBound, seconds) of one program at one N."""
    t0 = time.perf_counter()
    if program == "thm1":
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


def main() -> None:
    """Run the sweep and write the results."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-n", type=int, default=12)
    ap.add_argument("--full-max-n", type=int, default=5)
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for program in ("thm1", "stabiliser"):
            for n in range(2, args.max_n + 1):
                for producer in ("full", "reduced"):
                    if producer == "full" and n > args.full_max_n:
                        continue
                    cb, t_prod = produce(program, producer, n)
                    row: dict[str, Any] = {"program": program, "N": n, "dim": 2**n, "producer": producer,
                                           "status": None if cb is None else cb.status,
                                           "bound": None if cb is None or cb.bound is None else str(cb.bound),
                                           "produce_s": round(t_prod, 3)}
                    if cb is not None and cb.status == "certified":
                        t0 = time.perf_counter()
                        doc = cb.certificate_document(f"bench.{program}", f"{producer}-n{n}")
                        path = write_certificate(doc, tmp)
                        row["document_s"] = round(time.perf_counter() - t0, 3)
                        row["bytes"] = path.stat().st_size
                        for flint in (True, False):
                            ok, sec = check_seconds(path, flint)
                            row["accepted" if flint else "accepted_fractions"] = ok
                            row["check_s" if flint else "check_fractions_s"] = round(sec, 3)
                    rows.append(row)
                    print(json.dumps(row), flush=True)
    out = Path(__file__).parent / "results" / "bench_certificates.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=1) + "\n")
    print("\n| program | N | producer | bound | certificate | produce (s) | check, flint (s) | check, fractions (s) |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        if "bytes" in r:
            print(f"| {r['program']} | {r['N']} | {r['producer']} | {r['bound']} | {r['bytes'] / 1024:.1f} KiB | "
                  f"{r['produce_s'] + r['document_s']:.2f} | {r['check_s']:.3f} | {r['check_fractions_s']:.3f} |")
        else:
            print(f"| {r['program']} | {r['N']} | {r['producer']} | {r['status']} | – | {r['produce_s']:.2f} | – | – |")


if __name__ == "__main__":
    main()
