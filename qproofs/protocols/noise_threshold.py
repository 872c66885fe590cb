"""Noise-tolerant acceptance for the VGA stabiliser test (beyond the paper).

Claim ``vga.noise-threshold`` (Section 4.3, refinement 3: "a noise-tolerant
acceptance threshold replacing the perfect-pass rule remains to be
established"). Honest copies: GHZ_N with every qubit depolarised at rate p, so
each tested copy fails independently with probability r(p)
(:func:`qproofs.protocols.stabilizer.depolarized_rejection`).

* perfect-pass rule: accept iff all m tests pass; P[accept] = (1 − r)^m → 0
  exponentially in m for any p > 0;
* threshold rule: accept iff #fails ≤ k, with k the smallest integer such that
  P[Bin(m, r(p)) ≤ k] ≥ 1 − δ (honest copies accepted w.p. ≥ 1 − δ);
* what acceptance then certifies (i.i.d. copies): with t = √(ln(1/δ)/(2m)),
  P[#fails ≤ k] ≤ δ whenever r > k/m + t (Hoeffding), so except w.p. δ,
  r ≤ k/m + t and F ≥ 1 − (k/m + t)·(2^N − 1)/2^{N−1} (exact test formula).
"""

from __future__ import annotations

from math import log, sqrt

import numpy as np
from scipy import stats

from qproofs.errors import require
from qproofs.protocols import stabilizer


def _check(n: int, p: float, m: int, delta: float | None = None) -> None:
    require(isinstance(n, int | np.integer) and n >= 2, "N", "must be an integer >= 2", n)
    require(0.0 <= p <= 1.0, "p", "noise rate must lie in [0, 1]", p)
    require(isinstance(m, int | np.integer) and m >= 1, "m", "must be an integer >= 1", m)
    if delta is not None:
        require(0.0 < delta < 1.0, "delta", "must lie in (0, 1)", delta)


def perfect_pass_acceptance(n: int, p: float, m: int) -> float:
    """(1 − r(p))^m.

    Paper Section 4.3, refinement 3 (claim ``vga.noise-threshold``): (1 − r)^m, 1 without noise.

    >>> perfect_pass_acceptance(3, 0.0, 100), round(perfect_pass_acceptance(3, 0.05, 100), 6)
    (1.0, 0.001725)
    """
    _check(n, p, m)
    return float((1.0 - stabilizer.depolarized_rejection(n, p)) ** m)


def threshold(n: int, p: float, m: int, delta: float) -> int:
    """Smallest k with P[Bin(m, r(p)) ≤ k] ≥ 1 − δ.

    Claim ``vga.noise-threshold``: the smallest k accepting honest copies w.p. ≥ 1 − δ.

    >>> threshold(3, 0.0, 100, 0.05), threshold(3, 0.05, 100, 0.05)
    (0, 10)
    """
    _check(n, p, m, delta)
    r = stabilizer.depolarized_rejection(n, p)
    return int(stats.binom.ppf(1 - delta, m, r))


def threshold_acceptance(n: int, p: float, m: int, k: int) -> float:
    """P[#fails ≤ k] for honest copies at noise p (exact binomial).

    >>> k = threshold(3, 0.05, 100, 0.05)
    >>> threshold_acceptance(3, 0.05, 100, k) >= 0.95
    True
    """
    _check(n, p, m)
    return float(stats.binom.cdf(k, m, stabilizer.depolarized_rejection(n, p)))


def certified_rejection(k: int, m: int, delta: float) -> float:
    """r_max = k/m + √(ln(1/δ)/(2m)): i.i.d. copies with rejection r > r_max pass ≤ k of m fails w.p. ≤ δ.

    Hoeffding, J. Amer. Statist. Assoc. 58, 13 (1963), Theorem 1.

    >>> round(certified_rejection(0, 200, 0.05), 6)
    0.086541
    """
    _check(2, 0.0, m, delta)
    return k / m + SAMPLING_SLACK(m, delta)


def hoeffding_slack(m: int, delta: float) -> float:
    """√(ln(1/δ)/(2m)): Hoeffding's one-sided deviation for m Bernoulli trials at confidence 1 − δ.

    Hoeffding (1963), Theorem 1: P[mean ≤ r − t] ≤ exp(−2mt²).

    >>> round(hoeffding_slack(200, 0.05), 6)
    0.086541
    """
    return sqrt(log(1 / delta) / (2 * m))


SAMPLING_SLACK = hoeffding_slack
"""The sampling term of the certificate (patch point: a mutant drops it)."""


def certified_fidelity(n: int, k: int, m: int, delta: float) -> float:
    """F ≥ 1 − (k/m + √(ln(1/δ)/(2m)))·(2^N − 1)/2^{N−1}: what acceptance certifies.

    Claim ``vga.noise-threshold``, with the Section 4.3 test formula F = 1 − r·(2^N − 1)/2^{N−1}.

    >>> round(certified_fidelity(3, 0, 200, 0.05), 6)
    0.848553
    """
    _check(n, 0.0, m, delta)
    return 1.0 - certified_rejection(k, m, delta) * (2**n - 1) / 2 ** (n - 1)


def honest_fidelity(n: int, p: float) -> float:
    """⟨GHZ|ρ_p|GHZ⟩ = 1 − r(p)·(2^N − 1)/2^{N−1} for the depolarised copy.

    >>> honest_fidelity(3, 0.0), round(honest_fidelity(3, 0.1), 6)
    (1.0, 0.79325)
    """
    _check(n, p, 1)
    return 1.0 - stabilizer.depolarized_rejection(n, p) * (2**n - 1) / 2 ** (n - 1)


def simulate_acceptance(n: int, p: float, m: int, k: int, runs: int, rng: np.random.Generator) -> tuple[float, float]:
    """Monte-Carlo (perfect-pass, threshold) acceptance rates with stim, ``runs`` runs of m tests.

    >>> simulate_acceptance(3, 0.0, 10, 0, 5, np.random.default_rng(0))
    (1.0, 1.0)
    """
    fails = stabilizer.stim_test_failures(n, p, m * runs, rng).reshape(runs, m).sum(axis=1)
    return float(np.mean(fails == 0)), float(np.mean(fails <= k))
