"""Hypothesis strategies for Section 4 (security).

Claims ``thm2.classical-leakage``, ``lemma1.simulatable``, ``prop1.monotone``.
Every instance is a JSON-able dict; protocols and channels are rebuilt from a
``seed`` inside the dict, so a counterexample replays exactly. Also strategies
of *invalid* parameters, which must raise ``InvalidParameter``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from qproofs.protocols import classical, simulator, vga
from qproofs.quantum.measures import trace_distance
from qproofs.quantum.states import random_density_matrix

# ------------------------------------------------------------ Theorem 2 ---


@st.composite
def classical_protocols(draw: Any, max_parties: int = 3, max_messages: int = 3) -> dict[str, Any]:
    """A random protocol of a family larger than the enumerated one.

    2–3 parties, leaker input alphabet 2–4, coins 1–3 values, 1–3 messages of
    alphabet 2–4; message tables drawn from ``seed``.
    """
    parties = draw(st.integers(2, max_parties))
    q = draw(st.integers(2, 4))
    coins = draw(st.lists(st.integers(1, 3), min_size=parties, max_size=parties))
    k = draw(st.integers(1, max_messages))
    senders = draw(st.lists(st.integers(0, parties - 1), min_size=k, max_size=k))
    sizes = draw(st.lists(st.integers(2, 4), min_size=k, max_size=k))
    return {"inputs": [q] + [1] * (parties - 1), "coins": coins, "senders": senders, "sizes": sizes,
            "seed": draw(st.integers(0, 2**31 - 1))}


def classical_slack(inst: dict[str, Any]) -> float:
    """min(Fano slack, −rectangle violation): ≥ 0 iff both parts of Theorem 2 hold."""
    a = classical.audit(classical.from_spec(inst))
    return min(a.slack, -float(a.rectangle_max))


# -------------------------------------------------------------- Lemma 1 ---


@st.composite
def lemma1_instances(draw: Any, max_n: int = 6) -> dict[str, Any]:
    """(N, d, coalition, inputs) with a non-empty proper coalition."""
    n = draw(st.integers(2, max_n))
    d = draw(st.integers(2, 6))
    mask = draw(st.integers(1, 2**n - 2))
    inputs = draw(st.lists(st.integers(0, d - 1), min_size=n, max_size=n))
    return {"n": n, "d": d, "coalition": [j for j in range(n) if mask >> j & 1], "inputs": inputs}


def lemma1_slack(inst: dict[str, Any]) -> float:
    """−TV(real view, simulated view)."""
    return -simulator.view_gap(inst["n"], inst["coalition"], inst["inputs"], inst["d"])


# -------------------------------------------------------- Proposition 1 ---


@st.composite
def cptp_instances(draw: Any, max_dim: int = 8) -> dict[str, Any]:
    """A random CPTP map (qutip rand_kraus_map) and two random states, all from ``seed``."""
    return {"dim": draw(st.integers(2, max_dim)), "seed": draw(st.integers(0, 2**31 - 1)),
            "rank": draw(st.integers(1, 4))}


def contraction_ratio(inst: dict[str, Any]) -> float:
    """‖Φ(ρ) − Φ(σ)‖₁ / ‖ρ − σ‖₁ for the instance's channel and states."""
    rng = np.random.default_rng(inst["seed"])
    dim = inst["dim"]
    kraus = haar_kraus(dim, inst["rank"], rng)
    rho = random_density_matrix(dim, rng, rank=min(inst["rank"], dim))
    sigma = random_density_matrix(dim, rng)
    den = trace_distance(rho, sigma)
    return vga.channel_distance(rho, sigma, kraus) / den if den > 1e-12 else 0.0


def haar_kraus(dim: int, k: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Random CPTP map with k Kraus operators from a Haar-random isometry C^d → C^d ⊗ C^k.

    Written out (QR of a complex Gaussian) because qutip's ``rand_kraus_map``
    takes ~0.5 s at dim 8, too slow for the fuzz budget.
    """
    G = rng.normal(size=(dim * k, dim)) + 1j * rng.normal(size=(dim * k, dim))
    Q, R = np.linalg.qr(G)
    Q = Q * (np.diag(R) / np.abs(np.diag(R)))[None, :]
    return [Q[i * dim:(i + 1) * dim, :] for i in range(k)]


def monotone_slack(inst: dict[str, Any]) -> float:
    """1 − contraction ratio (≥ 0 iff trace distance did not grow)."""
    return 1.0 - contraction_ratio(inst)


# ------------------------------------------------------- invalid inputs ---


def invalid_coalitions() -> st.SearchStrategy[dict[str, Any]]:
    """Coalitions that are empty or contain every node."""
    return st.integers(2, 6).flatmap(lambda n: st.sampled_from([
        {"n": n, "coalition": []}, {"n": n, "coalition": list(range(n))}]))


def invalid_rounds() -> st.SearchStrategy[int]:
    """T < 1."""
    return st.integers(-5, 0)


def invalid_fidelities() -> st.SearchStrategy[float]:
    """Fidelities or noise rates outside [0, 1]."""
    return st.one_of(st.floats(-10, -1e-6), st.floats(1 + 1e-6, 10))


def non_cptp_scales() -> st.SearchStrategy[float]:
    """Scale factors that break trace preservation of a Kraus list."""
    return st.one_of(st.floats(0.1, 0.99), st.floats(1.01, 3.0))
