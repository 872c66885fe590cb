"""End-to-end GHZ aggregation (Definition 1): two-amplitude + packed-bit broadcast vs baselines.

Fast path: ``qproofs.protocols.ghz.run_aggregate`` (O(N) state, 64 bits per word, popcount parity).
Baselines on the same inputs:
  * unpacked: every node's bit of every copy as one uint8 (N·ν bytes, chunked), parity by XOR-reduce;
  * full state vector (2^N amplitudes) for small N (``full_state=True``).
Agreement: both estimates of Σ k_j within 5 predicted standard deviations of the truth.
Run: python benchmarks/bench_ghz.py [--copies 100000]
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import time
from pathlib import Path

import numpy as np

from qproofs.protocols import ghz


def unpacked_aggregate(k: np.ndarray, bits: int, copies: int, rng: np.random.Generator) -> float:
    """Baseline: same law, bits kept one per byte, parity by XOR over the node axis."""
    n = k.size
    alpha = ghz.aggregate_unit(n, bits)
    means = {}
    for basis, nu in (("X" * n, copies // 2), ("Y" + "X" * (n - 1), copies - copies // 2)):
        st = ghz.encode_two(ghz.ghz_two_amplitude(np.ones(n)), alpha * k.astype(float))
        pe = ghz.parity_even_probability(st, basis)
        odd_total = 0
        for start in range(0, nu, 10_000):
            m = min(10_000, nu - start)
            b = rng.integers(0, 2, size=(m, n), dtype=np.uint8)
            want_odd = rng.random(m) >= pe
            b[:, -1] ^= np.bitwise_xor.reduce(b, axis=1) ^ want_odd.astype(np.uint8)
            odd_total += int(np.bitwise_xor.reduce(b, axis=1).sum())
        means[basis[0]] = 1 - 2 * odd_total / nu
    return math.atan2(means["Y"], means["X"]) / alpha


def timed(fn):  # noqa: ANN001, ANN201
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=100_000)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    rows = []
    print(f"{'N':>5} {'copies':>8} {'fast [s]':>9} {'baseline':>10} {'base [s]':>9} {'speed-up':>9} {'agree':>6}")
    cases = [(1000, args.copies, "unpacked"), (100, args.copies, "unpacked"), (12, 20_000, "full-state"),
             (10, 20_000, "full-state")]
    for n, copies, kind in cases:
        bits = 4
        k = ghz.fixed_point(rng.uniform(-1, 1, size=n), bits)
        run, t_fast = timed(functools.partial(ghz.run_aggregate, k, bits, copies, rng))
        if kind == "unpacked":
            est, t_base = timed(functools.partial(unpacked_aggregate, k, bits, copies, rng))
        else:
            full, t_base = timed(functools.partial(ghz.run_aggregate, k, bits, copies, rng, full_state=True))
            est = full.estimate
        agree = abs(run.estimate - run.true_sum) <= 5 * run.predicted_std and \
            abs(est - run.true_sum) <= 5 * run.predicted_std
        rows.append({"N": n, "copies": copies, "fast_s": t_fast, "baseline": kind, "baseline_s": t_base,
                     "speedup": t_base / t_fast, "agree": agree, "bits_broadcast": run.bits_broadcast})
        print(f"{n:>5} {copies:>8} {t_fast:>9.3f} {kind:>10} {t_base:>9.3f} {t_base / t_fast:>8.1f}x {str(agree):>6}")
    out = Path(__file__).parent / "results" / "bench_ghz.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
