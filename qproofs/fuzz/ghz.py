"""Hypothesis strategies for §3.3 (claims ``thm1.*``, ``def1.ghz-aggregate``): JSON-able instances.

Instances are dicts of plain numbers: ``{"weights": [w_1, …], "state": [[re, im], …]}``
with the state normalised (2^N amplitudes, qubit 0 most significant). Weight
vectors include zeros, mixed signs, tiny (1e-6) and large (1e3) magnitudes;
probes are random, GHZ-perturbed (built here from the signs of w, independently
of the protocol module) or product states. ``invalid_instances`` gives the bad
inputs the library must reject with ``InvalidParameter``. The slack functions of
the §3.3 properties (declared in ``checks/sec3_3``) are at the end; they import
the protocol module only when called.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import strategies as st

MAX_QUBITS = 5

_magnitude = st.one_of(
    st.floats(1e-6, 1e-4), st.floats(0.05, 5.0), st.floats(100.0, 1e3), st.sampled_from([1.0, 0.5, 2.0]),
)


def weight_vectors(max_n: int = MAX_QUBITS, allow_zero: bool = True) -> st.SearchStrategy[list[float]]:
    """Weights w_j: zeros (if allowed), mixed signs, tiny and large magnitudes."""
    signed = st.builds(lambda m, neg: -m if neg else m, _magnitude, st.booleans())
    entry = st.one_of(st.just(0.0), signed) if allow_zero else signed
    return st.lists(entry, min_size=1, max_size=max_n)


def _pairs(v: np.ndarray) -> list[list[float]]:
    return [[float(z.real), float(z.imag)] for z in v]


def state_from_pairs(pairs: list[list[float]]) -> np.ndarray:
    """Inverse of the JSON form: [[re, im], …] → complex vector."""
    return np.array([complex(a, b) for a, b in pairs], dtype=complex)


def _normalised(v: np.ndarray) -> np.ndarray | None:
    nrm = float(np.linalg.norm(v))
    return None if not math.isfinite(nrm) or nrm < 1e-6 else v / nrm


def _ghz_type(weights: list[float], phi: float) -> np.ndarray:
    n = len(weights)
    s = "".join("1" if w < 0 else "0" for w in weights)
    i = int(s, 2)
    v = np.zeros(2**n, dtype=complex)
    v[i] += 1 / math.sqrt(2)
    v[2**n - 1 - i] += complex(math.cos(phi), math.sin(phi)) / math.sqrt(2)
    return v


@st.composite
def probe_instances(draw: Any, max_n: int = MAX_QUBITS, allow_zero: bool = True) -> dict[str, Any]:
    """{"weights", "state", "kind"} with kind in random | ghz_perturbed | product."""
    w = draw(weight_vectors(max_n, allow_zero))
    n = len(w)
    kind = draw(st.sampled_from(["random", "ghz_perturbed", "product"]))
    unit = st.floats(-1.0, 1.0, allow_nan=False)
    if kind == "product":
        v = np.ones(1, dtype=complex)
        for _ in range(n):
            a, b = draw(st.floats(0, math.pi)), draw(st.floats(0, 2 * math.pi))
            v = np.kron(v, np.array([math.cos(a / 2), complex(math.cos(b), math.sin(b)) * math.sin(a / 2)]))
    else:
        noise = np.array([complex(draw(unit), draw(unit)) for _ in range(2**n)])
        if kind == "random":
            cand = _normalised(noise)
            v = np.eye(2**n, dtype=complex)[0] if cand is None else cand
        else:
            eps = draw(st.sampled_from([0.0, 1e-8, 1e-4, 1e-2, 0.1, 0.5]))
            cand = _normalised(_ghz_type(w, draw(st.floats(0, 2 * math.pi))) + eps * noise)
            v = _ghz_type(w, 0.0) if cand is None else cand
    return {"weights": [float(x) for x in w], "state": _pairs(v), "kind": kind}


@st.composite
def encoding_instances(draw: Any, max_n: int = 6) -> dict[str, Any]:
    """{"weights", "thetas", "phi", "bases"} for comparing the two-amplitude and full simulations."""
    n = draw(st.integers(1, max_n))
    w = draw(st.lists(st.floats(-3, 3).filter(lambda x: x != 0), min_size=n, max_size=n))
    thetas = draw(st.lists(st.floats(-math.pi, math.pi), min_size=n, max_size=n))
    bases = "".join(draw(st.lists(st.sampled_from("XY"), min_size=n, max_size=n)))
    return {"weights": w, "thetas": thetas, "phi": draw(st.floats(0, 2 * math.pi)), "bases": bases}


@st.composite
def nonzero_probe_instances(draw: Any, max_n: int = MAX_QUBITS) -> dict[str, Any]:
    """:func:`probe_instances` with every w_j ≠ 0 (the premise of ``thm1.ghz-unique``)."""
    return draw(probe_instances(max_n, allow_zero=False))


# ------------------------------------------------ slacks of the properties ---
# Each returns the slack of one claim on one instance (>= -tol holds); the
# properties are declared beside their claims in checks/sec3_3.


def two_amplitude_slack(inst: dict[str, Any]) -> float:
    """``def1.ghz-aggregate``: −max |P_two(b) − P_full(b)| (two-amplitude law vs the 2^N simulation)."""
    from qproofs.protocols import ghz

    w, th, bases = np.array(inst["weights"]), np.array(inst["thetas"]), inst["bases"]
    full = ghz.encode_full(ghz.ghz_type_state(w, inst["phi"]), th)
    two = ghz.encode_two(ghz.ghz_two_amplitude(w, inst["phi"]), th)
    return -float(np.abs(ghz.outcome_distribution_full(full, bases) - ghz.outcome_distribution_two(two, bases)).max())


def _fq_and_w(inst: dict[str, Any]) -> tuple[float, float, np.ndarray, np.ndarray]:
    from qproofs.protocols import ghz
    from qproofs.quantum.fisher import qfi_pure_diagonal

    w = np.array(inst["weights"])
    v = state_from_pairs(inst["state"])
    return qfi_pure_diagonal(v, ghz.generator_spectrum(w)), ghz.total_weight(w), w, v


def qfi_slack(inst: dict[str, Any], factor: float = 1.0) -> float:
    """``thm1.qfi-bound``: (factor·W² − F_Q(ψ)) / W² (Theorem 1: factor 1; the claim passes its own)."""
    from qproofs.protocols import ghz

    fq, W, w, _ = _fq_and_w(inst)
    return 0.0 if W == 0 else (factor * ghz.qfi_bound(w) - fq) / W**2


def uniqueness_slack(inst: dict[str, Any]) -> float:
    """``thm1.ghz-unique``: slack of 1 − F_GHZ ≤ 1.5 D/g + √D/(2W) (all w_j ≠ 0)."""
    from qproofs.protocols import ghz

    return ghz.uniqueness_stability_slack(state_from_pairs(inst["state"]), np.array(inst["weights"]))


def penalty_slack(inst: dict[str, Any], eigen_factor: float = 4) -> float:
    """``thm1.penalty``: (penalty bound − F_Q) / W², penalty term q_k(W² − c λ_k²) with c = ``eigen_factor``."""
    from qproofs.protocols import ghz

    fq, W, w, v = _fq_and_w(inst)
    return 0.0 if W == 0 else (ghz.penalty_bound(v, w, eigen_factor=eigen_factor) - fq) / W**2


def invalid_instances() -> st.SearchStrategy[dict[str, Any]]:
    """Bad inputs: empty / non-finite weights, non-normalised states, dimension mismatch."""
    empty = st.just({"weights": [], "state": [[1.0, 0.0]], "bad": "empty weights"})
    nonfinite = st.builds(lambda x: {"weights": [1.0, x], "state": _pairs(np.eye(4)[0]), "bad": "non-finite"},
                          st.sampled_from([math.nan, math.inf, -math.inf]))
    unnormalised = st.builds(lambda s: {"weights": [1.0], "state": [[s, 0.0], [0.0, 0.0]], "bad": "norm"},
                             st.floats(1.5, 10.0))
    mismatch = st.builds(lambda n: {"weights": [1.0] * n, "state": _pairs(np.eye(2 ** (n + 1))[0]),
                                    "bad": "dimension"}, st.integers(1, 3))
    return st.one_of(empty, nonfinite, unnormalised, mismatch)


@st.composite
def parity_fisher_instances(draw: Any, max_n: int = 8) -> dict[str, Any]:
    """``rem2.parity-saturates``: non-zero weights and a phase Wθ ∈ [0.05, π − 0.05] (P(even) ∉ {0, 1})."""
    return {"weights": draw(weight_vectors(max_n, allow_zero=False)), "phase": draw(st.floats(0.05, math.pi - 0.05))}


def parity_fisher_slack(inst: dict[str, Any], step: float = 1e-6) -> float:
    """``rem2.parity-saturates``: −|F_C/W² − 1| of the X-parity at θ = phase/W (central differences, step/W)."""
    from qproofs.protocols import ghz
    from qproofs.quantum.fisher import classical_fisher_information

    w = np.array(inst["weights"])
    W = ghz.total_weight(w)
    t, h = inst["phase"] / W, step / W
    dp = (ghz.parity_probabilities(w, t + h) - ghz.parity_probabilities(w, t - h)) / (2 * h)
    return -abs(classical_fisher_information(ghz.parity_probabilities(w, t), dp) / W**2 - 1)


@st.composite
def product_probe_instances(draw: Any, max_n: int = MAX_QUBITS) -> dict[str, Any]:
    """``thm1.copies``: weights and a product probe (polar / azimuth angles; often exactly ⊗|+⟩)."""
    w = draw(weight_vectors(max_n, allow_zero=True))
    angle = st.one_of(st.just(math.pi / 2), st.floats(0.0, math.pi))
    polar = draw(st.lists(angle, min_size=len(w), max_size=len(w)))
    azimuth = draw(st.lists(st.floats(0.0, 2 * math.pi), min_size=len(w), max_size=len(w)))
    return {"weights": w, "polar": polar, "azimuth": azimuth}


def product_slack(inst: dict[str, Any], product_factor: float = 1.0, ghz_factor: float = 1.0) -> float:
    """``thm1.copies``: min of (c_p·Σw² − F_Q(product))/W² and −|F_Q(GHZ) − c_g·W²|/W² (shot noise vs Heisenberg)."""
    from qproofs.protocols import ghz
    from qproofs.quantum.fisher import qfi_pure_diagonal

    w = np.array(inst["weights"])
    W = ghz.total_weight(w)
    if W == 0:
        return 0.0
    lam = ghz.generator_spectrum(w)
    fq_p = qfi_pure_diagonal(ghz.product_probe(np.array(inst["polar"]), np.array(inst["azimuth"])), lam)
    fq_g = qfi_pure_diagonal(ghz.ghz_type_state(w), lam)
    return min((product_factor * ghz.best_product_qfi(w) - fq_p) / W**2, -abs(fq_g - ghz_factor * W**2) / W**2)
