"""Benchmark: the VGA stabiliser test sampled with stim vs through qutip density matrices.

Claim ``vga.stabilizer-detection`` / ``vga.noise-threshold`` (Section 4.3).
Same test on the same inputs: GHZ_N with every qubit depolarised at rate p,
a uniformly random non-identity stabiliser per tested copy, reject iff the
signed product of the local outcomes is −1.

* fast path (stim): GHZ preparation + DEPOLARIZE1 in stim's Pauli-frame
  simulator; a shot fails iff its error frame anticommutes with the drawn
  stabiliser (``qproofs.protocols.stabilizer.stim_test_failures``);
* baseline (qutip): the 2^N × 2^N density matrix is built with qutip
  (Pauli-twirl form of the depolarising channel, qubit by qubit); each shot
  builds the drawn signed stabiliser as a qutip tensor of local Paulis, takes
  ``qutip.expect`` and samples pass/fail with probability (1 + ⟨S⟩)/2.

Prints per-shot times, the speed-up and the two rejection rates with a z-score
(same statistics within sampling error), then stim alone at N = 1000 with 10^5
tested copies. Writes benchmarks/results/bench_stabilizer.json.

    python benchmarks/bench_stabilizer.py [--quick]
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import qutip

from qproofs.protocols import stabilizer
from qproofs.tolerance import TOL

P = 0.02
Z_AGREE = TOL.sampling_z  # the two rejection rates agree when |z| ≤ this
PAULI = {"I": qutip.qeye(2), "X": qutip.sigmax(), "Y": qutip.sigmay(), "Z": qutip.sigmaz()}


def qutip_state(n: int, p: float) -> qutip.Qobj:
    """Depolarised GHZ_N density matrix: ρ ← (1 − 3p/4)ρ + (p/4)Σ_P P_qρP_q for every qubit q."""
    g = (qutip.tensor([qutip.basis(2, 0)] * n) + qutip.tensor([qutip.basis(2, 1)] * n)).unit()
    rho = g.proj()
    for q in range(n):
        ops = []
        for name in "XYZ":
            ops.append(qutip.tensor([PAULI[name] if k == q else PAULI["I"] for k in range(n)]))
        rho = (1 - 3 * p / 4) * rho + (p / 4) * sum(o * rho * o for o in ops)
    return rho


def qutip_failures(rho: qutip.Qobj, n: int, shots: int, rng: np.random.Generator) -> np.ndarray:
    """Run the test shot by shot through the density matrix."""
    stabs = stabilizer.non_identity_stabilizers(n)
    out = np.empty(shots, dtype=bool)
    for s in range(shots):
        S = stabs[int(rng.integers(len(stabs)))]
        op = float(S.sign.real) * qutip.tensor([PAULI["IXYZ"[v]] for v in S])
        ev = float(np.real(qutip.expect(op, rho)))
        out[s] = rng.random() >= (1 + ev) / 2
    return out


def main(argv: list[str] | None = None) -> dict:
    argv = sys.argv[1:] if argv is None else argv
    quick = "--quick" in argv
    rng = np.random.default_rng(2026)
    ns = (8, 9, 10) if quick else (8, 9, 10, 11, 12)
    rows = []
    print(f"{'N':>4} {'qutip s/shot':>13} {'stim s/shot':>12} {'speed-up':>9} {'rej qutip':>10} {'rej stim':>9} "
          f"{'exact':>7} {'z':>6}")
    for n in ns:
        t0 = time.perf_counter()
        rho = qutip_state(n, P)
        setup = time.perf_counter() - t0
        q_shots = 100 if quick else (400 if n <= 10 else 150)
        t0 = time.perf_counter()
        fq = qutip_failures(rho, n, q_shots, rng)
        tq = (time.perf_counter() - t0) / q_shots
        s_shots = 100_000
        t0 = time.perf_counter()
        fs = stabilizer.stim_test_failures(n, P, s_shots, rng)
        ts = (time.perf_counter() - t0) / s_shots
        exact = stabilizer.depolarized_rejection(n, P)
        rq, rs = float(fq.mean()), float(fs.mean())
        z = (rq - rs) / math.sqrt(exact * (1 - exact) * (1 / q_shots + 1 / s_shots))
        rows.append({"N": n, "qutip_s_per_shot": tq, "qutip_setup_s": setup, "stim_s_per_shot": ts,
                     "speedup": tq / ts, "rej_qutip": rq, "rej_stim": rs, "exact": exact, "z": z,
                     "qutip_shots": q_shots, "stim_shots": s_shots, "agree": bool(abs(z) <= Z_AGREE)})
        print(f"{n:>4} {tq:>13.2e} {ts:>12.2e} {tq / ts:>9.0f} {rq:>10.4f} {rs:>9.4f} {exact:>7.4f} {z:>6.2f}")
        del rho
    n_big, shots_big = 1000, 100_000
    t0 = time.perf_counter()
    fb = stabilizer.stim_test_failures(n_big, 0.001, shots_big, rng)
    tb = time.perf_counter() - t0
    exact_b = stabilizer.depolarized_rejection(n_big, 0.001)
    zb = (fb.mean() - exact_b) / math.sqrt(exact_b * (1 - exact_b) / shots_big)
    big = {"N": n_big, "p": 0.001, "shots": shots_big, "seconds": tb, "rejection": float(fb.mean()),
           "exact": exact_b, "z": float(zb)}
    print(f"stim alone: N = {n_big}, {shots_big} tested copies, p = 0.001: {tb:.2f} s, rejection {fb.mean():.4f} "
          f"(exact {exact_b:.4f}, z = {zb:.2f})")
    agree = bool(all(r["agree"] for r in rows) and abs(zb) <= Z_AGREE)
    print(f"outputs agree (|z| ≤ {Z_AGREE}): {agree}")
    result = {"p": P, "rows": rows, "large": big, "agree": agree}
    if quick:  # a quick run is a smoke test: keep the recorded full results
        return result
    out = Path(__file__).parent / "results" / "bench_stabilizer.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2, sort_keys=True))
    return result


if __name__ == "__main__":
    main()
