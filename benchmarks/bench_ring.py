"""Benchmark: superdense ring all-reduce, fast path vs a qutip one-message-at-a-time baseline.

    /tmp/venv/bin/python benchmarks/bench_ring.py            # N=8, d=10^6, b=16
    /tmp/venv/bin/python benchmarks/bench_ring.py --d 100000 --baseline-d 400

The fast path (transport ``superdense-fast``) decodes every message through the
Bell-outcome table computed once from the real encoded |Φ+⟩ state vectors.
The baseline carries every message through qutip, one two-bit symbol at a
time: a fresh Bell pair as a ``Qobj``, the Pauli applied with ``tensor``, the
four Bell-outcome probabilities from ``expect``, one sampled outcome.  The
baseline runs the *whole* ring on the first ``--baseline-d`` coordinates of the
same gradients (outputs compared with the fast path's on those coordinates);
its per-bit cost is then extrapolated to the full size (reported as such).
Simulated gradient bits = N·d·b (the input that gets all-reduced).
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path
from unittest import mock

import numpy as np
import qutip

from qproofs.protocols import ring, superdense

_BELL = {label: qutip.Qobj(superdense.bell_state(label).reshape(4, 1), dims=[[2, 2], [1, 1]])
         for label in superdense.BELL_LABELS}
_PAULI = {"I": qutip.qeye(2), "X": qutip.sigmax(), "Z": qutip.sigmaz()}


def _qutip_word(word: str) -> qutip.Qobj:
    out = qutip.qeye(2)
    for c in word:
        out = out * _PAULI[c]
    return out


def send_qutip(bits: np.ndarray, rng: np.random.Generator, fidelity: float) -> ring.Carried:
    """Baseline transport: every two-bit symbol encoded and Bell-measured through qutip, one at a time."""
    padded = np.concatenate([bits, np.zeros(bits.size % 2, np.uint8)])
    out = np.empty_like(padded)
    projectors = [_BELL[label].proj() for label in superdense.BELL_LABELS]
    for k in range(0, padded.size, 2):
        word = f"{padded[k]}{padded[k + 1]}"
        pair = qutip.tensor(_qutip_word(superdense.ENCODE_WORDS[word]), qutip.qeye(2)) * _BELL["Phi+"]
        probs = np.array([qutip.expect(P, pair) for P in projectors])
        outcome = superdense.BELL_LABELS[int(rng.choice(4, p=probs / probs.sum()))]
        decoded = superdense.DECODE_TABLE[outcome]
        out[k], out[k + 1] = int(decoded[0]), int(decoded[1])
    n = padded.size // 2
    return ring.Carried(out[: bits.size], online_qubits=n, epr_pairs=n, setup_uses=n,
                        padding_bits=int(bits.size % 2))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--N", type=int, default=8)
    ap.add_argument("--d", type=int, default=1_000_000)
    ap.add_argument("--b", type=int, default=16)
    ap.add_argument("--variant", default="exact", choices=ring.VARIANTS)
    ap.add_argument("--baseline-d", type=int, default=200, help="coordinates run through the qutip baseline")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, default=Path(__file__).parent / "results" / "bench_ring.json")
    args = ap.parse_args(argv)

    rng = np.random.default_rng(args.seed)
    g = rng.integers(0, 2**args.b, size=(args.N, args.d), dtype=np.int64)
    grad_bits = args.N * args.d * args.b

    t0 = time.perf_counter()
    fast = ring.all_reduce(g, args.b, variant=args.variant, transport="superdense-fast",
                           rng=np.random.default_rng(args.seed + 1))
    t_fast = time.perf_counter() - t0
    assert fast.correct(), "fast path gave a wrong aggregate"
    qubits = sum(c.online_qubits for c in fast.counters.values())

    small = g[:, : args.baseline_d]
    fast_small = ring.all_reduce(small, args.b, variant=args.variant, transport="superdense-fast",
                                 rng=np.random.default_rng(args.seed + 2))
    with mock.patch.dict(ring.TRANSPORTS, {"qutip": send_qutip}):
        t0 = time.perf_counter()
        base = ring.all_reduce(small, args.b, variant=args.variant, transport="qutip",
                               rng=np.random.default_rng(args.seed + 2))
        t_base = time.perf_counter() - t0
    same = bool(np.array_equal(base.outputs, fast_small.outputs)
                and np.array_equal(base.outputs[0], fast.outputs[0, : args.baseline_d]))
    base_qubits = sum(c.online_qubits for c in base.counters.values())
    per_qubit = t_base / base_qubits
    t_base_full = per_qubit * qubits  # extrapolated: the baseline's cost is linear in qubits carried

    rows = {
        "N": args.N, "d": args.d, "b": args.b, "variant": args.variant, "B": fast.B,
        "gradient_bits": grad_bits, "online_qubits": qubits,
        "fast_seconds": round(t_fast, 3), "fast_gradient_bits_per_s": grad_bits / t_fast,
        "fast_qubits_per_s": qubits / t_fast,
        "baseline_d": args.baseline_d, "baseline_seconds": round(t_base, 3), "baseline_qubits": base_qubits,
        "baseline_seconds_extrapolated": round(t_base_full, 1),
        "baseline_gradient_bits_per_s": grad_bits / t_base_full,
        "speedup": t_base_full / t_fast, "outputs_agree": same,
        "python": platform.python_version(), "numpy": np.__version__, "qutip": qutip.__version__,
    }
    print(f"superdense ring all-reduce  N={args.N}  d={args.d}  b={args.b}  ({args.variant}, B={fast.B})")
    print(f"{'path':<28}{'seconds':>12}{'gradient bits/s':>18}{'qubits/s':>14}")
    print(f"{'fast (table, numpy)':<28}{t_fast:>12.2f}{grad_bits / t_fast:>18.3e}{qubits / t_fast:>14.3e}")
    print(f"{'qutip, one symbol at a time':<28}{t_base_full:>12.1f}{grad_bits / t_base_full:>18.3e}"
          f"{qubits / t_base_full:>14.3e}   (extrapolated from d={args.baseline_d}: {t_base:.2f} s, "
          f"{base_qubits} qubits)")
    print(f"speedup {t_base_full / t_fast:,.0f}x   outputs agree: {same}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(rows, indent=2, sort_keys=True) + "\n")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
