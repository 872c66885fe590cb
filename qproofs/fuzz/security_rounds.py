"""Hypothesis strategies for Section 4's leakage, chaining and multi-round claims.

Claims ``lemma2.ideal-leakage-zero``, ``lemma3.chaining``, ``sec44.gaussian-mi``,
``thm3.multiround``. As in :mod:`qproofs.fuzz.security`, every instance is a
JSON-able dict and every slack is ``>= -tol`` exactly when the claim holds on it.
Sizes are capped so one example costs milliseconds (the properties run at every
profile); ``qproofs fuzz`` explores the same spaces longer.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from qproofs.protocols import chaining, gaussian_privacy, simulator

# -------------------------------------------------------------- Lemma 2 ---


@st.composite
def lemma2_instances(draw: Any, max_n: int = 5, max_d: int = 4) -> dict[str, Any]:
    """(N, d, node): a passive outside Eve against node i, inputs i.i.d. uniform on Z_d."""
    n = draw(st.integers(2, max_n))
    return {"n": n, "d": draw(st.integers(2, max_d)), "node": draw(st.integers(0, n - 1))}


def lemma2_slack(inst: dict[str, Any]) -> float:
    """−I(X_i ; B | Σ X) in bits (Lemma 2: zero)."""
    joint = simulator.leakage_joints(inst["n"], inst["d"])
    return -simulator.conditional_mutual_information(joint[inst["node"]])


# -------------------------------------------------------------- Lemma 3 ---


@st.composite
def lemma3_instances(draw: Any, max_n: int = 3, max_rounds: int = 3) -> dict[str, Any]:
    """(N, T, a two-strength menu, base inputs): Eve's adaptive partial probe over T rounds."""
    n = draw(st.integers(2, max_n))
    rounds = draw(st.integers(1, max_rounds if n == 2 else max_rounds - 1))
    menu = sorted(draw(st.lists(st.integers(0, 20), min_size=2, max_size=2, unique=True)))
    return {"n": n, "rounds": rounds, "menu": [m / 20 for m in menu],
            "base_inputs": draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))}


def lemma3_slack(inst: dict[str, Any]) -> float:
    """min(Σ_t ε_t − T-round distance, min_k (ε_k − hybrid step k)): ≥ 0 iff Lemma 3 holds on the instance."""
    res = chaining.chain(inst["n"], inst["rounds"], inst["menu"], inst["base_inputs"], combine=chaining.sum_bound)
    steps = min(e - s for e, s in zip(res["eps"], res["hybrid_steps"], strict=True))
    return min(res["bound"] - res["distance"], steps)


# ---------------------------------------------------------- Section 4.4 ---


@st.composite
def gaussian_instances(draw: Any, max_n: int = 64, max_rounds: int = 60) -> dict[str, Any]:
    """(N, T, σ_p², σ_e²) with variances on a log grid 10^−2 … 10^2."""
    exps = st.integers(-8, 8)
    return {"n": draw(st.integers(2, max_n)), "rounds": draw(st.integers(1, max_rounds)),
            "sp2": 10.0 ** (draw(exps) / 4), "se2": 10.0 ** (draw(exps) / 4)}


def gaussian_slack(inst: dict[str, Any]) -> float:
    """min(½log₂(N/(N−1)) − I(p_i ; S_1…S_T), I_{T+1} − I_T): below the ceiling and non-decreasing in T (bits)."""
    n, T, sp2, se2 = inst["n"], inst["rounds"], inst["sp2"], inst["se2"]
    i_t = gaussian_privacy.mutual_information(n, T, sp2, se2)
    i_next = gaussian_privacy.mutual_information(n, T + 1, sp2, se2)
    return min(0.5 * float(np.log2(n / (n - 1))) - i_t, i_next - i_t)


# ------------------------------------------------------------ Theorem 3 ---


@st.composite
def multiround_instances(draw: Any, max_n: int = 3, max_rounds: int = 3) -> dict[str, Any]:
    """(N, d, T, coalition, static inputs): T rounds with history-driven inputs."""
    n = draw(st.integers(2, max_n))
    d = draw(st.integers(2, 4))
    mask = draw(st.integers(1, 2**n - 2))
    return {"n": n, "d": d, "rounds": draw(st.integers(1, max_rounds)),
            "coalition": [j for j in range(n) if mask >> j & 1],
            "inputs": draw(st.lists(st.integers(0, d - 1), min_size=n, max_size=n))}


def multiround_slack(inst: dict[str, Any]) -> float:
    """−TV(real T-round view, round-by-round simulator's) (Theorem 3: zero)."""
    args = (inst["n"], inst["coalition"], inst["inputs"], inst["rounds"], inst["d"])
    real = simulator.multiround_view_array(*args)
    sim = simulator.multiround_view_array(*args, simulated=True)
    return -0.5 * float(np.abs(real - sim).sum())
