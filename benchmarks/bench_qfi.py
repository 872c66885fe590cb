"""QFI of an N-qubit pure state under H = Σ w_j Z_j/2: probability vector vs qutip operator variance.

Fast path: F_Q = 4 Var of p = |ψ|² on the diagonal spectrum (qproofs.quantum.fisher, O(2^N)).
Baselines: qutip — H built with qutip.tensor (default data layer, CSR), F_Q = 4 qutip.variance(H, ψ);
and, for N ≤ --dense-max-n (default 14: the dense operator is 16·4^N bytes, 4.3 GB at N = 14), H in
qutip's Dense layer with F_Q = 4(‖Hψ‖² − ⟨ψ|H|ψ⟩²) (two dense matrix-vector products; qutip.variance
itself would square the dense operator, O(8^N)). Operators are built once, outside the timing.
Run: python benchmarks/bench_qfi.py [--max-n 20] [--dense-max-n 14]
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import time
from pathlib import Path

import numpy as np
import qutip

from qproofs.quantum.fisher import diagonal_generator_spectrum, qfi_pure_diagonal


def best_time(fn, repeat: int = 3) -> float:  # noqa: ANN001
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--min-n", type=int, default=12)
    ap.add_argument("--max-n", type=int, default=20)
    ap.add_argument("--dense-max-n", type=int, default=14)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    rows = []
    print(f"{'N':>3} {'fast [ms]':>10} {'qutip [ms]':>11} {'speed-up':>9} {'dense [ms]':>11} {'dense x':>8} {'agree':>6}")
    for n in range(args.min_n, args.max_n + 1):
        w = rng.normal(size=n)
        psi = rng.normal(size=2**n) + 1j * rng.normal(size=2**n)
        psi /= np.linalg.norm(psi)
        lam = diagonal_generator_spectrum(w)
        H = sum(wj / 2 * qutip.tensor([qutip.sigmaz() if k == j else qutip.qeye(2) for k in range(n)])
                for j, wj in enumerate(w))
        ket = qutip.Qobj(psi.reshape(-1, 1), dims=[[2] * n, [1] * n])
        fast = qfi_pure_diagonal(psi, lam)
        base = 4 * float(qutip.variance(H, ket))
        t_fast = best_time(functools.partial(qfi_pure_diagonal, psi, lam))
        t_base = best_time(functools.partial(qutip.variance, H, ket))
        t_dense = None
        if n <= args.dense_max_n:
            Hd = H.to("dense")

            def dense_qfi(Hd: qutip.Qobj = Hd, ket: qutip.Qobj = ket) -> float:
                v = Hd @ ket
                return 4 * (v.norm() ** 2 - float(qutip.expect(Hd, ket)) ** 2)

            assert abs(dense_qfi() - fast) <= 1e-8 * max(1.0, fast)
            t_dense = best_time(dense_qfi, repeat=2)
            del Hd
        agree = abs(fast - base) <= 1e-9 * max(1.0, abs(base))
        row = {"N": n, "fast_s": t_fast, "qutip_s": t_base, "speedup": t_base / t_fast,
               "dense_s": t_dense, "dense_speedup": None if t_dense is None else t_dense / t_fast, "agree": agree,
               "qutip_layer": type(H.data).__name__}
        rows.append(row)
        print(f"{n:>3} {1e3 * t_fast:>10.3f} {1e3 * t_base:>11.3f} {t_base / t_fast:>8.1f}x "
              f"{'' if t_dense is None else f'{1e3 * t_dense:.3f}':>11} "
              f"{'' if t_dense is None else f'{t_dense / t_fast:.0f}x':>8} {str(agree):>6}")
    out = Path(__file__).parent / "results" / "bench_qfi.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=1))
    print(f"qutip data layer: {rows[0]['qutip_layer']}; wrote {out}")


if __name__ == "__main__":
    main()
