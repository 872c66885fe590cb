"""Multi-round Gaussian leakage and the distributed-DP noise remark (paper Section 4.4).

Claim ``sec44.gaussian-mi``. Static personal components p_j ~ N(0, σ_p²) i.i.d.
and fresh per-round noise e_j^t ~ N(0, σ_e²); the released sums are
S_t = Σ_j (p_j + e_j^t), t = 1..T. With P = Σ_j p_j, S = P·1 + E, E ~ N(0, Nσ_e² I):

    Σ_S        = Nσ_e² I + Nσ_p² 11ᵀ,
    Σ_{S|p_i}  = Nσ_e² I + (N − 1)σ_p² 11ᵀ,
    I(p_i ; S_1…S_T) = ½ log₂ det Σ_S − ½ log₂ det Σ_{S|p_i}   (log-det, exact)
                     ≤ I(p_i ; P) = ½ log₂(N/(N − 1))   for every T.

DP remark: independent per-node noise of variance σ²/N pools to variance σ² in
the released sum; local DP needs σ² at every node: N times more per node.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TypeVar

import numpy as np

from qproofs.errors import require


def _check(n: int, T: int, sp2: float, se2: float) -> None:
    require(isinstance(n, int | np.integer) and n >= 2, "N", "must be an integer >= 2", n)
    require(isinstance(T, int | np.integer) and T >= 1, "T", "must be an integer >= 1", T)
    require(sp2 > 0, "sigma_p^2", "must be > 0", sp2)
    require(se2 >= 0, "sigma_e^2", "must be >= 0", se2)


def covariances(n: int, T: int, sp2: float, se2: float) -> tuple[np.ndarray, np.ndarray]:
    """(Σ_S, Σ_{S|p_i}) of the T released sums.

    Paper Section 4.4 (claim ``sec44.gaussian-mi``).

    >>> cov, cond = covariances(2, 2, 1.0, 1.0)
    >>> cov.tolist(), cond.tolist()
    ([[4.0, 2.0], [2.0, 4.0]], [[3.0, 1.0], [1.0, 3.0]])
    """
    _check(n, T, sp2, se2)
    ones = np.ones((T, T))
    cov = n * se2 * np.eye(T) + n * sp2 * ones
    cond = n * se2 * np.eye(T) + CONDITIONAL_SHARE(n) * sp2 * ones
    return cov, cond


def conditional_share(n: int) -> int:
    """How many personal components remain unknown given p_i: N − 1 (patch point).

    >>> conditional_share(5)
    4
    """
    return n - 1


CONDITIONAL_SHARE = conditional_share
"""Unknown personal components given p_i (public seam: a mutant is off by one)."""


def mutual_information(n: int, T: int, sp2: float, se2: float) -> float:
    """I(p_i ; S_1 … S_T) in bits, by log-det.

    Paper Section 4.4 (claim ``sec44.gaussian-mi``); Cover & Thomas, Ch. 8 (entropy of a multivariate normal: the log-det). Bounded by ½ log₂(N/(N − 1))
    (the T → ∞ limit; the claim's ``mi_bound``) for every T.

    >>> round(mutual_information(2, 1, 1.0, 0.0), 6), round(mutual_information(2, 3, 1.0, 1.0), 6)
    (0.5, 0.339036)
    """
    cov, cond = covariances(n, T, sp2, se2)
    return float(0.5 * (np.linalg.slogdet(cov)[1] - np.linalg.slogdet(cond)[1]) / np.log(2))


def sample_sums(n: int, T: int, sp2: float, se2: float, samples: int,
                rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(p_i samples, S samples of shape (samples, T)) drawn from the model.

    >>> pi, S = sample_sums(3, 2, 1.0, 0.5, 4, np.random.default_rng(0))
    >>> pi.shape, S.shape
    ((4,), (4, 2))
    """
    _check(n, T, sp2, se2)
    p = rng.normal(0, np.sqrt(sp2), size=(samples, n))
    e = rng.normal(0, np.sqrt(se2), size=(samples, n, T) if FRESH_NOISE else (samples, n, 1))
    S = p.sum(axis=1)[:, None] + e.sum(axis=1) * np.ones((1, T))
    return p[:, 0], S


FRESH_NOISE = True
"""Per-round noise is fresh each round (patch point: a mutant reuses it)."""


def plugin_mutual_information(pi: np.ndarray, S: np.ndarray) -> float:
    """Gaussian plug-in estimate ½ log₂(det Σ̂_S / det Σ̂_{S|p_i}) from samples.

    >>> pi, S = sample_sums(2, 1, 1.0, 0.0, 20000, np.random.default_rng(0))
    >>> abs(plugin_mutual_information(pi, S) - mutual_information(2, 1, 1.0, 0.0)) < 0.02
    True
    """
    Z = np.column_stack([pi, S])
    C = np.cov(Z, rowvar=False)
    cS = C[1:, 1:]
    cond = cS - np.outer(C[1:, 0], C[0, 1:]) / C[0, 0]
    with np.errstate(invalid="ignore", divide="ignore"):  # a degenerate sample gives nan, not a warning
        return float(0.5 * (np.linalg.slogdet(cS)[1] - np.linalg.slogdet(cond)[1]) / np.log(2))


def per_node_variance(sigma2: float, n: int, distributed: bool = True) -> float:
    """Noise variance each node adds so the released sum carries variance σ²: σ²/N (sums only) or σ² (local DP).

    Paper Section 4.4, the distributed-DP remark.

    >>> per_node_variance(1.0, 4), per_node_variance(1.0, 4, distributed=False)
    (0.25, 1.0)
    """
    require(sigma2 > 0, "sigma^2", "must be > 0", sigma2)
    require(isinstance(n, int | np.integer) and n >= 2, "N", "must be an integer >= 2", n)
    return DISTRIBUTED_SHARE(sigma2, n) if distributed else sigma2


def distributed_share(sigma2: float, n: int) -> float:
    """σ²/N (patch point).

    >>> distributed_share(2.0, 4)
    0.5
    """
    return sigma2 / n


DISTRIBUTED_SHARE = distributed_share
"""Per-node noise variance under distributed DP (public seam: a mutant divides by N²)."""


# ------------------------------------------------- the DP remark, from a target ---


def gaussian_mechanism_sigma(sensitivity: float, eps: float, delta: float) -> float:
    """σ = Δ·√(2 ln(1.25/δ))/ε: the classical Gaussian mechanism (Dwork–Roth, Thm A.1; needs ε < 1).

    >>> round(gaussian_mechanism_sigma(1.0, 0.5, 1e-5), 4)
    9.6896
    """
    require(sensitivity > 0, "sensitivity", "must be > 0", sensitivity)
    require(0 < eps < 1, "epsilon", "must lie in (0, 1) for the classical Gaussian mechanism", eps)
    require(0 < delta < 1, "delta", "must lie in (0, 1)", delta)
    return sensitivity * float(np.sqrt(2 * np.log(1.25 / delta))) / eps


def gaussian_dp_delta(sensitivity: float, sigma: float, eps: float) -> float:
    """Exact δ(ε) of the Gaussian mechanism with noise sd σ (Balle–Wang 2018, Thm 8; scipy's Φ).

    δ(ε) = Φ(Δ/(2σ) − εσ/Δ) − e^ε·Φ(−Δ/(2σ) − εσ/Δ): the smallest δ for which releasing
    f(x) + N(0, σ²) with sensitivity Δ is (ε, δ)-DP. Independent of :func:`gaussian_mechanism_sigma`.

    >>> f"{gaussian_dp_delta(1.0, gaussian_mechanism_sigma(1.0, 0.5, 1e-5), 0.5):.1e}"  # exact δ ≤ the target
    '1.6e-08'
    """
    from scipy.stats import norm

    require(sigma > 0, "sigma", "must be > 0", sigma)
    a, b = sensitivity / (2 * sigma), eps * sigma / sensitivity
    return float(norm.cdf(a - b) - np.exp(eps) * norm.cdf(-a - b))


_Var = TypeVar("_Var", float, Fraction)  # exact (Fraction) or floating variances keep their type


def honest_noise_variance(per_node: _Var, n: int, coalition: int) -> _Var:
    """Noise variance in the released sum that a coalition of ``coalition`` nodes does not know: (N − |C|)·v.

    >>> honest_noise_variance(2.0, 4, 1)     # one colluder of four knows its own share
    6.0
    """
    require(isinstance(coalition, int | np.integer) and 0 <= coalition < n, "coalition", f"must be in 0..{n - 1}",
            coalition)
    return (n - coalition) * per_node
