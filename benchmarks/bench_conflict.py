"""Section 5 benchmarks: TieAudit sampling and full-register GapIP, each against a qutip baseline.

    /tmp/venv/bin/python benchmarks/bench_conflict.py [--quick]

* TieAudit: the O(n) exact sampler of the matching-basis measurement
  (``tieaudit.sample_matching_measurement``) against two qutip baselines that
  build |ψ_s⟩ as a Qobj: (i) the n matching-basis projectors as Qobj and the
  outcome distribution from ``qutip.measurement.measurement_statistics_povm``
  (up to n = 2^14: it is quadratic; at 2^16 it ran > 5 min and > 14 GB RSS before we stopped it), (ii) the basis change as a sparse unitary
  Qobj and the Born rule on U|ψ⟩; n = 2^10 … 2^16 side by side, then n = 2^24
  with 10^4 copies (fast path only). Distributions agree to 1e-12.
* GapIP: the full-register simulator (reflections applied to (n+1)-dim vectors)
  against a baseline with R_a, R_b as dense qutip operators applied to a Qobj
  state; rung probabilities agree to 1e-9. Then n = 2^20 at τ = 0.05 (fast only).
Writes benchmarks/results/bench_conflict.json.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import qutip
from qutip.measurement import measurement_statistics_povm

from qproofs.protocols import gapip, tieaudit


def timed(fn, repeat: int = 1):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def tie_qutip_baseline(s: np.ndarray, M: np.ndarray, copies: int, rng: np.random.Generator):
    n = s.size
    psi = qutip.Qobj((s / np.sqrt(n)).reshape(-1, 1))
    ops = []
    for i, j in M:
        for sign in (1, -1):
            v = (qutip.basis(n, int(i)) + sign * qutip.basis(n, int(j))).unit()
            ops.append(v.proj())
    _, probs = measurement_statistics_povm(psi, ops)
    probs = np.asarray(probs, float)
    idx = rng.choice(probs.size, size=copies, p=probs / probs.sum())
    return probs.reshape(-1, 2), idx // 2, idx % 2


def tie_qutip_unitary_baseline(s: np.ndarray, M: np.ndarray, copies: int, rng: np.random.Generator):
    """A leaner qutip baseline: the matching-basis change as a sparse unitary Qobj, Born rule on U|ψ⟩."""
    import scipy.sparse as spm

    n = s.size
    psi = qutip.Qobj((s / np.sqrt(n)).reshape(-1, 1))
    half = M.shape[0]
    rows = np.concatenate([2 * np.arange(half), 2 * np.arange(half), 2 * np.arange(half) + 1, 2 * np.arange(half) + 1])
    cols = np.concatenate([M[:, 0], M[:, 1], M[:, 0], M[:, 1]])
    vals = np.concatenate([np.ones(half), np.ones(half), np.ones(half), -np.ones(half)]) / np.sqrt(2)
    U = qutip.Qobj(spm.csr_matrix((vals, (rows, cols)), shape=(n, n)))
    probs = np.abs((U * psi).full().ravel()) ** 2
    idx = rng.choice(probs.size, size=copies, p=probs / probs.sum())
    return probs.reshape(-1, 2), idx // 2, idx % 2


def tie_fast(s: np.ndarray, M: np.ndarray, copies: int, rng: np.random.Generator):
    psi = tieaudit.phase_state(s)
    probs = tieaudit.matching_outcome_probabilities(psi, M)
    pairs, parity = tieaudit.sample_matching_measurement(psi, M, copies, rng)
    return probs, pairs, parity


def gapip_qutip_baseline(a: np.ndarray, b: np.ndarray, ts: list[int]) -> np.ndarray:
    at, bt = qutip.Qobj(gapip.augment(a).reshape(-1, 1)), qutip.Qobj(gapip.augment(b).reshape(-1, 1))
    eye = qutip.qeye(at.shape[0])
    Ra, Rb = 2 * at.proj() - eye, 2 * bt.proj() - eye
    G = (Rb * Ra).to("dense")
    row1 = at
    out, done = [], 0
    for t in ts:
        for _ in range(t - done):
            row1 = G * row1
        done = t
        out.append(float(((at + row1).norm() ** 2) / 4))
    return np.asarray(out)


def main(argv: list[str] | None = None) -> int:
    quick = "--quick" in (argv if argv is not None else sys.argv[1:])
    rng = np.random.default_rng(2024)
    results: dict[str, object] = {"tieaudit": [], "gapip": []}
    copies = 10_000
    print("TieAudit matching-basis sampling (10^4 copies)")
    print(f"{'n':>10} {'baseline':>16} {'qutip s':>10} {'fast s':>10} {'speed-up':>10} {'max |Δp|':>10}")
    for k in ([10, 12] if quick else [10, 12, 14, 16]):
        n = 2**k
        s, M = tieaudit.instance_with_fraction(n, 0.3, rng)
        tf, (pf, pairs, parf) = timed(lambda s=s, M=M: tie_fast(s, M, copies, np.random.default_rng(1)), repeat=3)
        assert np.all(parf == (s[M[pairs, 0]] != s[M[pairs, 1]]))
        baselines = [("sparse U, qutip", tie_qutip_unitary_baseline)]
        if k <= (12 if quick else 14):   # n projectors of size n×n: quadratic, 44 s already at 2^14
            baselines.insert(0, ("POVM projectors", tie_qutip_baseline))
        for label, fn in baselines:
            tq, (pq, _, parq) = timed(lambda s=s, M=M, fn=fn: fn(s, M, copies, np.random.default_rng(1)))
            diff = float(np.max(np.abs(pq - pf)))
            assert diff < 1e-12, diff
            assert abs(parq.mean() - parf.mean()) < 0.05
            print(f"{n:>10} {label:>16} {tq:>10.3f} {tf:>10.4f} {tq / tf:>10.0f} {diff:>10.1e}")
            results["tieaudit"].append({"n": n, "baseline": label, "qutip_s": tq, "fast_s": tf,
                                        "speedup": tq / tf, "max_dp": diff})
    n = 2 ** (20 if quick else 24)
    t_inst, (s, M) = timed(lambda: tieaudit.instance_with_fraction(n, 0.3, rng))
    t_big, (_, pairs, parity) = timed(lambda: tie_fast(s, M, copies, rng))
    assert np.all(parity == (s[M[pairs, 0]] != s[M[pairs, 1]]))
    print(f"n = 2^{int(np.log2(n))}: instance {t_inst:.2f} s, state + exact sampling of 10^4 copies {t_big:.2f} s "
          f"(estimate {parity.mean():.4f}, true 0.3)")
    results["tieaudit_large"] = {"n": n, "instance_s": t_inst, "sample_s": t_big}

    print("\nGapIP full-register controlled-G ladder (τ = 0.05)")
    print(f"{'n':>10} {'qutip s':>10} {'fast s':>10} {'speed-up':>10} {'max |Δp|':>10}")
    tau = 0.05
    ts = gapip.ladder(tau)
    for k in ([8, 10] if quick else [8, 10, 12]):
        n = 2**k
        a, b = gapip.promise_pair(n, tau, rng)
        tq, pq = timed(lambda a=a, b=b: gapip_qutip_baseline(a, b, ts))
        tf, pf = timed(lambda a=a, b=b: gapip.rung_probabilities_full(a, b, ts), repeat=3)
        diff = float(np.max(np.abs(pq - pf)))
        assert diff < 1e-9, diff
        print(f"{n:>10} {tq:>10.3f} {tf:>10.4f} {tq / tf:>10.0f} {diff:>10.1e}")
        results["gapip"].append({"n": n, "qutip_s": tq, "fast_s": tf, "speedup": tq / tf, "max_dp": diff})
    n = 2 ** (16 if quick else 20)
    a, b, truth = gapip.promise_instance(n, tau, rng)
    t_full, run = timed(lambda: gapip.run_quantum(a, b, tau, 0.05, np.random.default_rng(3), simulator="full"))
    print(f"n = 2^{int(np.log2(n))}: full-register protocol run {t_full:.2f} s, decision {run.decision} (truth {truth}), "
          f"{run.qubits} qubits counted over {run.round_trips} round trips")
    results["gapip_large"] = {"n": n, "tau": tau, "seconds": t_full, "qubits": run.qubits,
                              "round_trips": run.round_trips, "correct": run.decision == truth}
    out = Path(__file__).resolve().parent / "results" / "bench_conflict.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, sort_keys=True))
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
