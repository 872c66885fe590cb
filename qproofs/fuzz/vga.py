"""Hypothesis strategies for Section 4.3 (Verified GHZ Aggregation).

Claims ``vga.stabilizer-detection``, ``vga.noise-threshold``, ``vga.sampling``,
``vga.sampling-mean-deficit``, ``vga.composable``, ``vga.eve-attacks``. Every
instance is a JSON-able dict (states rebuilt from a ``seed``), so a
counterexample replays exactly; every slack is ``>= 0`` where the claim holds.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from hypothesis import strategies as st
from scipy import stats

from qproofs.protocols import attacks, composable, noise_threshold, stabilizer, vga
from qproofs.quantum.states import ghz, random_density_matrix

# ------------------------------------------------ vga.stabilizer-detection ---


@st.composite
def stabilizer_states(draw: Any) -> dict[str, Any]:
    """(N ≤ 5, kind, weight, seed): GHZ/Haar superpositions and random mixed states."""
    return {"n": draw(st.integers(2, 5)), "kind": draw(st.sampled_from(["pure", "mixed"])),
            "ghz_weight": draw(st.floats(0.0, 1.0)), "seed": draw(st.integers(0, 2**31 - 1))}


def stabilizer_slack(inst: dict[str, Any]) -> float:
    """−|P_reject − (1 − F)·2^{N−1}/(2^N − 1)| (Section 4.3's formula, exact for every state)."""
    n, lam = inst["n"], inst["ghz_weight"]
    rng = np.random.default_rng(inst["seed"])
    g = ghz(n)
    if inst["kind"] == "pure":
        v = rng.normal(size=2**n) + 1j * rng.normal(size=2**n)
        v = np.sqrt(lam) * g + np.sqrt(1 - lam) * v / np.linalg.norm(v)
        rho = np.outer(v, v.conj()) / np.vdot(v, v).real
    else:
        rho = lam * np.outer(g, g.conj()) + (1 - lam) * random_density_matrix(2**n, rng)
    F = float(np.real(g.conj() @ rho @ g))
    return -abs(stabilizer.rejection_probability(rho, n) - (1 - F) * 2 ** (n - 1) / (2**n - 1))


# ----------------------------------------------------- vga.noise-threshold ---


@st.composite
def noise_instances(draw: Any) -> dict[str, Any]:
    """(N ≤ 1000, p ≤ 0.05, m ≤ 2000, δ ∈ [0.001, 0.2])."""
    return {"n": draw(st.integers(2, 1000)), "p": draw(st.floats(0.0, 0.05)), "m": draw(st.integers(10, 2000)),
            "delta": draw(st.floats(0.001, 0.2))}


def noise_slack(inst: dict[str, Any]) -> float:
    """min(P[accept honest] − (1 − δ), δ − P[accept | r = r_max], F_true − F_certified): all ≥ 0 on the claim."""
    n, p, m, delta = inst["n"], inst["p"], inst["m"], inst["delta"]
    k = noise_threshold.threshold(n, p, m, delta)
    acc = noise_threshold.threshold_acceptance(n, p, m, k)
    r_max = noise_threshold.certified_rejection(k, m, delta)
    edge = float(stats.binom.cdf(k, m, min(1.0, r_max)))
    return min(acc - (1 - delta), delta - edge,
               noise_threshold.honest_fidelity(n, p) - noise_threshold.certified_fidelity(n, k, m, delta))


# ------------------------------------------------------------ vga.sampling ---


@st.composite
def overhead_instances(draw: Any) -> dict[str, Any]:
    """(N ≤ 5, m ≤ 5, seed) of an executed run without attack."""
    return {"n": draw(st.integers(2, 5)), "m": draw(st.integers(1, 5)), "seed": draw(st.integers(0, 2**31 - 1))}


def overhead_slack(inst: dict[str, Any]) -> float:
    """−(|distributed/consumed − 2| + |broadcast bits per tested copy − N| + [rejected]) of one executed run."""
    n, m = inst["n"], inst["m"]
    rng = np.random.default_rng(inst["seed"])
    run = vga.run_vga(n, m, lambda c: attacks.identity(n), rng.integers(0, 2, size=(m, n)), rng)
    c: Counter = run.counters
    return -(abs(c["copies_distributed"] / max(c["consumed_copies"], 1) - 2)
             + abs(c["broadcast_bits_test"] / max(c["tested_copies"], 1) - n) + (not run.accepted))


# ------------------------------------------------ vga.sampling-mean-deficit ---


@st.composite
def deficit_instances(draw: Any) -> dict[str, Any]:
    """Two classes of independently attacked copies among 2m (m ∈ [50, 400]): (count, deficit D) each.

    Each class's rejection is Section 4.3's exact r = D·2^{N−1}/(2^N − 1) (every state with that fidelity).
    """
    m = draw(st.integers(50, 400))
    return {"n": draw(st.integers(2, 4)), "m": m, "delta": draw(st.floats(0.001, 0.3)),
            "bad": draw(st.integers(1, 2 * m)), "D1": draw(st.floats(0.0, 1.0)), "D2": draw(st.floats(0.0, 1.0))}


def deficit_slack(inst: dict[str, Any]) -> float:
    """δ − P[accept ∧ mean deficit of the untested copies > ε(m, δ)] (exact hypergeometric evaluator)."""
    n, m, delta, bad = inst["n"], inst["m"], inst["delta"], inst["bad"]
    c = 2 ** (n - 1) / (2**n - 1)
    classes = [(bad, c * inst["D1"], inst["D1"])] + ([(2 * m - bad, c * inst["D2"], inst["D2"])] if bad < 2 * m else [])
    return delta - vga.bad_acceptance_probability(classes, m, vga.epsilon(m, delta))


# ---------------------------------------------------------- vga.composable ---


@st.composite
def composable_instances(draw: Any) -> dict[str, Any]:
    """(N ∈ {2, 3}, m up to 10^7, log-uniform)."""
    return {"n": draw(st.integers(2, 3)), "m": int(round(10 ** draw(st.floats(0.0, 7.0))))}


def composable_slack(inst: dict[str, Any]) -> float:
    """−|advantage − 1/4|: the single-copy intercept-resend advantage is exactly 1/4 at every m (the finding)."""
    n, m = inst["n"], max(1, inst["m"])
    return -abs(composable.pair_distance(n, m, {0: attacks.intercept_resend(n, 0, "X")})["distance"] / 2 - 0.25)


# --------------------------------------------------------- vga.eve-attacks ---

EVE_FAMILIES = ("intercept-resend-X", "partial-swap", "partial-probe", "intercept-resend-Z", "cnot-copy")


@st.composite
def eve_instances(draw: Any) -> dict[str, Any]:
    """(N ≤ 4, attack family, strength t, attacked node)."""
    n = draw(st.integers(2, 4))
    return {"n": n, "family": draw(st.sampled_from(EVE_FAMILIES)), "t": draw(st.floats(0.0, 1.0)),
            "node": draw(st.integers(0, n - 1))}


def eve_attack(inst: dict[str, Any]) -> list[np.ndarray]:
    """The instance's Kraus operators."""
    n, fam, t, node = inst["n"], inst["family"], inst["t"], inst["node"]
    if fam.startswith("intercept-resend"):
        return attacks.intercept_resend(n, node, fam[-1])
    if fam == "cnot-copy":
        return attacks.cnot_copy(n, (node,))
    return (attacks.partial_swap if fam == "partial-swap" else attacks.partial_probe)(n, node, t)


def eve_slack(inst: dict[str, Any]) -> float:
    """min(r − (1 − F)/2, bound(r) − leak): rejected at least (1 − F)/2, leakage within the trade-off bound."""
    n = inst["n"]
    psi = vga.distribute(n, eve_attack(inst))
    F = vga.ghz_fidelity(psi, n)
    r = stabilizer.rejection_probability(vga.register_state(psi), n)
    leak = vga.eve_leakage(psi, n, inst["node"])
    return min(r - (1 - F) / 2, min(vga.leakage_bound_from_rejection(r, n), 1.0) - leak)
