"""Fuzz properties of Section 5's claims (not a claim module; issue 11, "instance spaces explored only by sweeps").

Each claim whose statement ranges over instances declares one :class:`qproofs.property.Property` in its module,
built from a strategy and a slack function defined here. Strategies import hypothesis only when called (claim
discovery must not import it); instances are JSON-able dicts, so a counterexample replays from a file. Every
slack is exact (integer accounting, closed forms, zero-amplitude outcomes): a property has no false alarm.
The claim-independent strategies of :mod:`qproofs.fuzz.conflict` are reused where they fit.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from qproofs.protocols import gapip, tieaudit

# ------------------------------------------------------------------ strategies ---


def interactive_runs() -> Any:
    """(n, τ, δ, sign, seed) of one interactive GapIP run: n up to 2^40, ladder top ≤ 200 (cheap plane runs)."""
    from hypothesis import strategies as st

    return st.fixed_dictionaries({
        "n": st.integers(min_value=1, max_value=2**40),
        "tau": st.floats(min_value=0.005, max_value=0.99, allow_nan=False),
        "delta": st.floats(min_value=1e-4, max_value=0.5, allow_nan=False),
        "sign": st.sampled_from([-1, 1]),
        "seed": st.integers(min_value=0, max_value=2**31 - 1)})


def jl_messages() -> Any:
    """Vectors of length 2..12 (normalised by the slack), a requested row count k and a shared seed."""
    from hypothesis import strategies as st

    from qproofs.fuzz.conflict import gapip_pairs

    return st.tuples(gapip_pairs(), st.integers(min_value=1, max_value=64),
                     st.integers(min_value=0, max_value=2**31 - 1)).map(
        lambda t: {**t[0], "k": t[1], "seed": t[2]})


def tie_runs() -> Any:
    """A TieAudit instance (signs, perfect matching), ε, δ, a client count and a seed."""
    from hypothesis import strategies as st

    from qproofs.fuzz.conflict import tie_instances

    return st.tuples(tie_instances(), st.floats(min_value=0.05, max_value=0.5, allow_nan=False),
                     st.floats(min_value=0.01, max_value=0.5, allow_nan=False), st.integers(min_value=1, max_value=6),
                     st.integers(min_value=0, max_value=2**31 - 1)).map(
        lambda t: {**t[0], "eps": t[1], "delta": t[2], "clients": t[3], "seed": t[4]})


def bhm_instances() -> Any:
    """A BHM instance: x ∈ {0,1}^n, a perfect matching M (a permutation's pairs), b ∈ {0,1}; n even ≤ 32."""
    from hypothesis import strategies as st

    @st.composite
    def draw(d: Any) -> dict[str, Any]:
        half = d(st.integers(min_value=1, max_value=16))
        n = 2 * half
        perm = d(st.permutations(list(range(n))))
        return {"x": d(st.lists(st.integers(0, 1), min_size=n, max_size=n)),
                "matching": [[perm[2 * k], perm[2 * k + 1]] for k in range(half)], "b": d(st.integers(0, 1))}

    return draw()


def cost_pairs() -> Any:
    """Per-pair quantum cost Q and per-worker classical cost C (positive integers up to 10^7)."""
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"q": st.integers(min_value=1, max_value=10**7),
                                  "c": st.integers(min_value=1, max_value=10**7)})


def beyond_linear_margins() -> Any:
    """(n, τ) with 1/τ = 4n·2^j ≥ 4n: n = 2^k + r (k ≤ 40, 0 ≤ r < 2^k), j ∈ [0, 20]."""
    from hypothesis import strategies as st

    return st.tuples(st.integers(min_value=0, max_value=40), st.floats(min_value=0, max_value=1, exclude_max=True),
                     st.integers(min_value=0, max_value=20)).map(
        lambda t: {"n": 2 ** t[0] + int(t[1] * 2 ** t[0]), "shrink_log2": t[2]})


# -------------------------------------------------------------- slack functions ---


def interactive_accounting_slack(inst: dict[str, Any]) -> float:
    """thm4.quantum-upper: the executed run counts 2·(⌈log₂(n+1)⌉ + 1)·A qubits, A round trips, ladder top ⌈1/τ⌉.

    A = R·Σ_k t_k·shots_k applications of G, one A→B→A round trip each. The register holds ã ∈ R^{n+1} (⌈log₂(n+1)⌉ qubits) plus one control qubit, both legs of every application
    of G are counted; the top rung is T = ⌈1/τ⌉ (Theorem 4.1's O(1/τ) applications). Minus the total mismatch.
    """
    n, tau, delta, sign = int(inst["n"]), float(inst["tau"]), float(inst["delta"]), int(inst["sign"])
    theta = math.acos((1 + sign * tau) / 2)
    run = gapip.run_quantum(None, None, tau, delta, np.random.default_rng(int(inst["seed"])), simulator="plane",
                            theta=theta, n=n)
    ts = list(run.ladder)
    apps = run.repetitions * sum(t * s for t, s in zip(ts, gapip.rung_shots(ts), strict=True))
    expected = 2 * (int(n).bit_length() + 1) * apps
    return -float(abs(run.qubits - expected) + abs(run.round_trips - apps) + abs(max(ts) - math.ceil(1 / tau)))


def jl_message_slack(inst: dict[str, Any]) -> float:
    """thm4.classical-upper: the executed JL message is k rows of max(8, ⌈log₂ n⌉)-bit words (minus mismatch)."""
    a = np.asarray(inst["a"], float)
    b = np.asarray(inst["b"], float)
    a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
    n, k = a.size, int(inst["k"])
    run = gapip.run_jl(a, b, 0.5, k, int(inst["seed"]))
    return -float(abs(run.rows - k) + abs(run.bits - k * max(8, (n - 1).bit_length())))


def tie_copies_slack(inst: dict[str, Any]) -> float:
    """thm5.quantum-upper: m = ⌈ln(2/δ)/(2ε²)⌉ copies of ⌈log₂ n⌉ qubits, and exact estimates at f ∈ {0, 1}.

    On the instance's f = 0 and f = 1 variants (same matching, signs made equal / opposite on every pair) the
    estimate is exactly f (the wrong parity has amplitude 0). Minus the total mismatch.
    """
    s = np.asarray(inst["s"], dtype=np.int8)
    M = np.asarray(inst["matching"], dtype=np.int64)
    eps, delta = float(inst["eps"]), float(inst["delta"])
    rng = np.random.default_rng(int(inst["seed"]))
    m = math.ceil(math.log(2 / delta) / (2 * eps * eps))
    out = tieaudit.run_quantum(s, M, eps, delta, rng)
    miss = abs(out.runs[0].copies - m) + abs(out.total_qubits - m * (s.size - 1).bit_length())
    for f in (0, 1):
        t = s.copy()
        t[M[:, 1]] = t[M[:, 0]] * (1 - 2 * f)
        miss += abs(tieaudit.run_quantum(t, M, eps, delta, rng).runs[0].estimate - f)
    return -float(miss)


def broadcast_slack(inst: dict[str, Any]) -> float:
    """rem5.broadcast: k clients cost k·m·⌈log₂ n⌉ qubits (no-cloning: every client gets its own m copies)."""
    s = np.asarray(inst["s"], dtype=np.int8)
    M = np.asarray(inst["matching"], dtype=np.int64)
    eps, delta, k = float(inst["eps"]), float(inst["delta"]), int(inst["clients"])
    m = math.ceil(math.log(2 / delta) / (2 * eps * eps))
    out = tieaudit.run_quantum(s, M, eps, delta, np.random.default_rng(int(inst["seed"])), clients=k)
    return -float(abs(out.total_qubits - k * m * (s.size - 1).bit_length()) + abs(len(out.runs) - k))


def bhm_branch_slack(inst: dict[str, Any]) -> float:
    """thm5.classical-lower (App. C.4): with s = (−1)^x, f(s, M) is Bob's branch fraction of his b (f₀ if b = 0)."""
    x = np.asarray(inst["x"], dtype=np.int8)
    M = np.asarray(inst["matching"], dtype=np.int64)
    b = int(inst["b"])
    w = (x[M[:, 0]] ^ x[M[:, 1]]) ^ b
    f0, f1 = tieaudit.bhm_branch_fractions(w)
    f = tieaudit.conflict_fraction(np.where(x == 1, -1, 1), M)
    return -abs(f - (f0 if b == 0 else f1))


def doubling_slack(inst: dict[str, Any]) -> float:
    """thm5.classical-lower-repaired: the doubling reduction gives f(s′, M′) = b exactly on every BHM instance."""
    x = np.asarray(inst["x"], dtype=np.int8)
    M = np.asarray(inst["matching"], dtype=np.int64)
    b = int(inst["b"])
    w = (x[M[:, 0]] ^ x[M[:, 1]]) ^ b
    s2, M2 = tieaudit.bhm_doubled(x, M, w)
    return -abs(tieaudit.conflict_fraction(s2, M2) - b)


def worker_crossing_slack(inst: dict[str, Any], crossing: Any) -> float:
    """rem3.crossover: m(m−1)/2·Q = m·C at m* = 1 + 2C/Q exactly; relative error of the executed bisection."""
    q, c = int(inst["q"]), int(inst["c"])
    exact = 1 + 2 * c / q
    got = crossing(q, c)
    return -math.inf if got is None else -abs(got - exact) / exact


def separation_ends_slack(inst: dict[str, Any], counted: Any) -> float:
    """rem3.crossover-repaired: for 1/τ ≥ 4n the interactive qubits reach the dithered whole vector's bits.

    Slack: log(quantum qubits / (n·dithered_word_bits(τ))) ≥ 0 (the separation has ended by 1/τ = 4n).
    """
    n = int(inst["n"])
    tau = 1 / (4 * n * 2 ** int(inst["shrink_log2"]))
    if not 0 < tau < 1:
        return 0.0
    return math.log(counted(tau, n) / (n * gapip.dithered_word_bits(tau, 0.05)))


def swap_threshold_slack(inst: dict[str, Any]) -> float:
    """rem3.one-round: P(0) = (1 + ((1+⟨a,b⟩)/2)²)/2, and B's threshold lies on the correct side for both signs.

    Min of −|P − closed form| and (P − threshold)·sign⟨a,b⟩ (≥ 0: the majority side is the right one).
    """
    a = np.asarray(inst["a"], float)
    b = np.asarray(inst["b"], float)
    a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
    ip = float(a @ b)
    p = gapip.swap_test_plus_probability(a, b)
    side = 0.0 if abs(ip) < 1e-9 else (p - gapip.ONE_ROUND_THRESHOLD) * math.copysign(1.0, ip)
    return min(-abs(p - (1 + ((1 + ip) / 2) ** 2) / 2), side)


def gapip_pairs_plain() -> Any:
    """Two non-zero real vectors of a common length (:func:`qproofs.fuzz.conflict.gapip_pairs`)."""
    from qproofs.fuzz.conflict import gapip_pairs

    return gapip_pairs()
