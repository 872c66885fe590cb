"""Verified GHZ Aggregation (VGA), executed with exact states (paper Section 4.3).

Claims ``vga.sampling``, ``vga.eve-attacks``, ``prop1.monotone``,
``lemma2.ideal-leakage-zero``. One run:

1. *Distribution*: a source prepares 2m copies of |GHZ_N⟩ and sends qubit j
   to node j; Eve applies a CPTP map {K_k} to each copy in transit and keeps
   its Stinespring environment, so copy c is the pure joint state
   |Ψ_c⟩ = Σ_k K_k|GHZ⟩ ⊗ |k⟩_E (stored as a 2^N × K matrix).
2. *Verification*: a uniformly random half (m copies) is tested; each tested
   copy draws a uniform non-identity stabiliser S, every node measures its local
   Pauli and broadcasts its bit (N bits per tested copy); abort unless all pass.
3. *Aggregation*: on each untested copy node j applies diag(1, e^{iθ_j}),
   θ_j = 2π x_j / d, measures X and broadcasts its bit; for d = 2 the parity
   of the N bits is Σ_j x_j mod 2 (aggregate recovery).

Exact: the whole joint state of one copy with Eve's environment is kept, so
every probability and every conditional state of Eve is exact. Memory is
2^N·K complex numbers per copy; the checks report the largest N run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import reduce
from math import comb, log, sqrt

import numpy as np

from qproofs.errors import require
from qproofs.protocols import attacks as attacks_mod
from qproofs.protocols import stabilizer
from qproofs.quantum.measures import shannon_entropy
from qproofs.quantum.states import ghz

HADAMARD = np.array([[1, 1], [1, -1]], dtype=complex) / np.sqrt(2)
BASIS_CHANGE = {
    "I": np.eye(2, dtype=complex),
    "Z": np.eye(2, dtype=complex),
    "X": HADAMARD,
    "Y": HADAMARD @ np.diag([1, -1j]),  # S† then H: Y eigenbasis -> computational
}
"""Local unitary taking each Pauli's eigenbasis to the computational basis before a test measurement
(public seam: a mutant measures Y as if it were X)."""


def _require_n(n: int) -> None:
    require(isinstance(n, int | np.integer) and n >= 2, "N", "must be an integer >= 2", n)


def _require_inputs(inputs: np.ndarray | list[int], n: int, d: int) -> np.ndarray:
    require(isinstance(d, int | np.integer) and d >= 2, "d", "must be an integer >= 2", d)
    x = np.asarray(inputs, dtype=np.int64).reshape(-1)
    require(x.size == n, "inputs", f"must hold one value per node (N = {n})", list(x))
    require(bool(np.all((x >= 0) & (x < d))), "inputs", f"must lie in 0..{d - 1}", list(x))
    return x


def bit_table(n: int) -> np.ndarray:
    """Row k: the N bits of basis state |k⟩, qubit 0 most significant (shape 2^N × N).

    >>> bit_table(2).tolist()
    [[0, 0], [0, 1], [1, 0], [1, 1]]
    """
    k = np.arange(2**n)
    return (k[:, None] >> (n - 1 - np.arange(n))[None, :]) & 1


# ---------------------------------------------------------- distribution ---


def distribute(n: int, kraus: list[np.ndarray]) -> np.ndarray:
    """|Ψ⟩ = Σ_k K_k|GHZ_N⟩ ⊗ |k⟩_E as a 2^N × K matrix (rows: register, columns: Eve).

    Paper Section 4.3, step 1: Eve keeps the Stinespring environment (one column per Kraus operator).

    >>> distribute(2, attacks_mod.identity(2)).shape, distribute(2, attacks_mod.intercept_resend(2, 0)).shape
    ((4, 1), (4, 2))
    """
    _require_n(n)
    ks = attacks_mod.validated(kraus, n)
    g = PROBE(n)
    return np.stack([K @ g for K in ks], axis=1)


def ideal_probe(n: int) -> np.ndarray:
    """The exact GHZ_N probe the source prepares (patch point for mutants).

    >>> np.round(ideal_probe(2).real, 6).tolist()
    [0.707107, 0.0, 0.0, 0.707107]
    """
    return ghz(n)


PROBE = ideal_probe
"""The source's probe N -> state vector (public seam: a mutant distributes a non-GHZ probe)."""


def register_state(psi: np.ndarray) -> np.ndarray:
    """ρ_H = tr_E |Ψ⟩⟨Ψ|.

    >>> rho = register_state(distribute(2, attacks_mod.intercept_resend(2, 0, "Z")))
    >>> np.round(np.diag(rho).real, 6).tolist(), round(float(abs(rho[0, 3])), 6)
    ([0.5, 0.0, 0.0, 0.5], 0.0)
    """
    return psi @ psi.conj().T


def eve_state(psi: np.ndarray) -> np.ndarray:
    """ρ_E = tr_H |Ψ⟩⟨Ψ|.

    >>> np.round(eve_state(distribute(2, attacks_mod.intercept_resend(2, 0, "Z"))).real, 6).tolist()
    [[0.5, 0.0], [0.0, 0.5]]
    """
    return psi.T @ psi.conj()


def ghz_fidelity(psi: np.ndarray, n: int) -> float:
    """F = ⟨GHZ|ρ_H|GHZ⟩ of the register.

    Paper Section 4.3 (claims ``vga.sampling``, ``vga.eve-attacks``).

    >>> round(ghz_fidelity(distribute(2, attacks_mod.identity(2)), 2), 6), round(ghz_fidelity(distribute(2, attacks_mod.intercept_resend(2, 0, "Z")), 2), 6)
    (1.0, 0.5)
    """
    g = ghz(n)
    v = g.conj() @ psi
    return float(np.real(np.vdot(v, v)))


def ideal_counterpart(psi: np.ndarray, n: int) -> np.ndarray:
    """|GHZ⟩⟨GHZ| ⊗ ρ_E as a density matrix on (register, E): Prop. 1's ideal σ.

    Paper Proposition 1: σ = |GHZ⟩⟨GHZ| ⊗ ρ_E.

    >>> ideal_counterpart(distribute(2, attacks_mod.intercept_resend(2, 0)), 2).shape
    (8, 8)
    """
    return np.kron(np.outer(ghz(n), ghz(n).conj()), eve_state(psi))


# ---------------------------------------------------------- verification ---


def local_outcome_distribution(psi: np.ndarray, n: int, bases: list[str]) -> np.ndarray:
    """P(b) of every node measuring its local Pauli (I: bit forced to 0), exact.

    Paper Section 4.3, step 2: X⊗X on |GHZ⟩ gives only even-parity outcomes.

    >>> np.round(local_outcome_distribution(distribute(2, attacks_mod.identity(2)), 2, ["X", "X"]), 6).tolist()
    [0.5, 0.0, 0.0, 0.5]
    """
    U = reduce(np.kron, (BASIS_CHANGE[b] for b in bases))
    probs = np.sum(np.abs(U @ psi) ** 2, axis=1)
    idle = [j for j, b in enumerate(bases) if b == "I"]
    if idle:  # a node holding I measures nothing and broadcasts 0: marginalise its qubit
        t = probs.reshape([2] * n)
        s = t.sum(axis=tuple(idle), keepdims=True)
        out = np.zeros_like(t)
        out[tuple(slice(0, 1) if j in idle else slice(None) for j in range(n))] = s
        probs = out.reshape(-1)
    return probs


def test_copy(psi: np.ndarray, n: int, rng: np.random.Generator, counters: Counter,
              memo: dict) -> stabilizer.TestOutcome:
    """Test one copy: draw S, every node measures and broadcasts its bit, pass iff the signed parity is +1.

    Paper Section 4.3, step 2: an exact GHZ copy always passes.

    ``memo`` (one dict per executed batch, ``{}`` for a single test): keeps the stabiliser list and the exact outcome
    distribution of each (copy state, S) pair, so a batch of runs computes each distribution once. The
    draws are the same as without it (same rng calls, same probabilities): a memo changes only the time.

    >>> from collections import Counter
    >>> counters = Counter()
    >>> out = test_copy(distribute(3, attacks_mod.identity(3)), 3, np.random.default_rng(0), counters, {})
    >>> out.passed, len(out.bits), dict(counters)
    (True, 3, {'broadcast_bits_test': 3, 'tested_copies': 1})
    """
    if ("stabs", n) not in memo:
        memo[("stabs", n)] = stabilizer.non_identity_stabilizers(n)
    stabs = memo[("stabs", n)]
    i = int(rng.integers(len(stabs)))
    S = stabs[i]
    key = ("probs", id(psi), i)
    held = memo.get(key)
    if held is None or held[0] is not psi:  # the state is kept with its entry, so its id is never reused
        held = memo[key] = (psi, np.cumsum(_normalised(local_outcome_distribution(psi, n, stabilizer.local_bases(S)))))
    b = draw(held[1], rng)
    bits = tuple(int(c) for c in format(b, f"0{n}b"))
    counters["broadcast_bits_test"] += n
    counters["tested_copies"] += 1
    return stabilizer.TestOutcome(str(S), bits, stabilizer.outcome_passes(S, bits))


def _normalised(probs: np.ndarray) -> np.ndarray:
    return probs / probs.sum()


def draw(cdf: np.ndarray, rng: np.random.Generator) -> int:
    """One outcome of the distribution with cumulative sums ``cdf`` (last entry 1): inverse transform.

    Exact in law (P[U < cdf_b] − P[U < cdf_{b−1}] = p_b for U uniform on [0, 1)); numpy's ``choice(p=…)``
    does the same after re-validating p on every call, which dominated the executed runs.

    >>> draw(np.cumsum([0.0, 1.0, 0.0]), np.random.default_rng(0))
    1
    """
    return int(min(np.searchsorted(cdf, rng.random() * cdf[-1], side="right"), cdf.size - 1))


test_copy.__test__ = False  # type: ignore[attr-defined]  # a protocol step, not a pytest test


# ------------------------------------------------------------- aggregation ---


def encode(psi: np.ndarray, n: int, inputs: np.ndarray, d: int = 2) -> np.ndarray:
    """Each node j applies diag(1, e^{2πi x_j/d}) to its qubit (Definition 1's local phase).

    Paper Definition 1 (the local phase diag(1, e^{2πi x_j/d})).

    >>> (np.round(encode(distribute(2, attacks_mod.identity(2)), 2, np.array([1, 0]))[:, 0].real, 6) + 0.0).tolist()
    [0.707107, 0.0, 0.0, -0.707107]
    """
    x = _require_inputs(inputs, n, d)
    phase = np.exp(2j * np.pi * (bit_table(n) @ x) / d)
    return phase[:, None] * psi


def x_readout(psi: np.ndarray, n: int) -> np.ndarray:
    """H^{⊗N} on the register: row b of the result is Eve's unnormalised state given broadcast b.

    >>> np.round(np.abs(x_readout(distribute(2, attacks_mod.identity(2)), 2)[:, 0]) ** 2, 6).tolist()
    [0.5, 0.0, 0.0, 0.5]
    """
    H = reduce(np.kron, [HADAMARD] * n)
    return H @ psi


def readout_distribution(psi: np.ndarray, n: int, inputs: np.ndarray, d: int = 2) -> np.ndarray:
    """P(b) of the N broadcast X-basis bits after encoding ``inputs``.

    Paper Definition 1: the X-parity of the broadcast bits is Σ_j x_j mod 2.

    >>> np.round(readout_distribution(distribute(3, attacks_mod.identity(3)), 3, np.array([1, 1, 1])), 6).tolist()
    [0.0, 0.25, 0.25, 0.0, 0.25, 0.0, 0.0, 0.25]
    """
    out = x_readout(encode(psi, n, inputs, d), n)
    return np.sum(np.abs(out) ** 2, axis=1)


def recover_aggregate(bits: tuple[int, ...]) -> int:
    """Σ_j x_j mod 2 from the broadcast bits: their parity (d = 2).

    >>> recover_aggregate((1, 0, 1)), recover_aggregate((1, 1, 1))
    (0, 1)
    """
    return sum(bits) % 2


# ------------------------------------------------------------------ run ---

COPIES_PER_COORDINATE = 2
"""Copies distributed per aggregated coordinate: m tested + m consumed (patch point)."""


@dataclass
class VGARun:
    """What one executed VGA run did, with counters incremented as it ran."""

    n: int
    m: int
    accepted: bool
    tested: tuple[int, ...]
    test_outcomes: tuple[stabilizer.TestOutcome, ...]
    aggregates: tuple[int, ...]
    true_aggregates: tuple[int, ...]
    untested_deficit: float
    counters: Counter = field(default_factory=Counter)


def run_vga(n: int, m: int, attack_for_copy, inputs: np.ndarray, rng: np.random.Generator,
            memo: dict | None = None) -> VGARun:
    """Execute VGA on 2m copies; ``attack_for_copy(c)`` gives Eve's Kraus list on copy c.

    ``inputs`` has shape (m, N): one bit per node per aggregated coordinate. ``memo`` (optional, one dict
    shared by a batch of runs): distributed states keyed by the Kraus operators' bytes and the test's exact
    outcome distributions (:func:`test_copy`); same draws as without it, computed once.

    Paper Section 4.3 (claim ``vga.sampling``): without an attack every run is accepted and every aggregate is right.

    >>> run = run_vga(3, 2, lambda c: attacks_mod.identity(3), np.array([[1, 0, 1], [1, 1, 1]]), np.random.default_rng(0))
    >>> run.accepted, run.aggregates, run.true_aggregates
    (True, (0, 1), (0, 1))
    """
    _require_n(n)
    require(isinstance(m, int | np.integer) and m >= 1, "m", "must be an integer >= 1", m)
    x = np.asarray(inputs, dtype=np.int64).reshape(m, n)
    counters: Counter = Counter()
    copies = []
    memo = {} if memo is None else memo
    for c in range(COPIES_PER_COORDINATE * m):
        ks = attack_for_copy(c)
        key = ("psi", n, tuple((K.shape, K.tobytes()) for K in ks))
        if key not in memo:
            memo[key] = distribute(n, ks)
        copies.append(memo[key])
        counters["copies_distributed"] += 1
        counters["qubits_sent"] += n
    total = len(copies)
    tested = tuple(sorted(int(i) for i in rng.choice(total, size=total - m, replace=False)))
    untested = [c for c in range(total) if c not in set(tested)]
    outcomes = tuple(test_copy(copies[c], n, rng, counters, memo) for c in tested)
    deficit = float(np.mean([1.0 - ghz_fidelity(copies[c], n) for c in untested]))
    truth = tuple(int(v) for v in x.sum(axis=1) % 2)
    if not all(o.passed for o in outcomes):
        counters["aborts"] += 1
        return VGARun(n, m, False, tested, outcomes, (), truth, deficit, counters)
    aggs = []
    for k, c in enumerate(untested):
        key = ("readout", id(copies[c]), x[k].tobytes())
        held = memo.get(key)
        if held is None or held[0] is not copies[c]:
            held = memo[key] = (copies[c], np.cumsum(_normalised(readout_distribution(copies[c], n, x[k]))))
        b = draw(held[1], rng)
        bits = tuple(int(ch) for ch in format(b, f"0{n}b"))
        counters["broadcast_bits_readout"] += n
        counters["consumed_copies"] += 1
        aggs.append(recover_aggregate(bits))
    return VGARun(n, m, True, tested, outcomes, tuple(aggs), truth, deficit, counters)


# ------------------------------------------------------- sampling bound ---


def epsilon(m: int, delta: float, c: float | None = None) -> float:
    """ε(m, δ) = √(2 ln(2/δ)/m) + ln(2/δ)/(c·m): the toolkit's sampling bound (c = 1/2).

    Statement (independent, possibly different attacks per copy; D_c = 1 − F_c):
    P[accept ∧ (1/m)Σ_{untested} D_c > ε] ≤ δ. Proof: with a, b the mean deficit of
    the untested/tested halves, Hoeffding for sampling without replacement
    gives P[a − b ≥ t] ≤ e^{−m t²/2}, and P[accept | split] = Π_tested (1 − r_c)
    ≤ e^{−c·m·b} since r_c ≥ c·D_c (Section 4.3's detection constant c = 1/2).
    Not covered: coherent attacks across copies (the paper's Bouman–Fehr step,
    which it calls asymptotic).

    Hoeffding (1963), sampling without replacement (Serfling, Ann. Statist. 2, 39 (1974)); paper Section 4.3 (claim ``vga.sampling``).

    >>> round(epsilon(1000, 0.01), 6)
    0.113537
    """
    require(isinstance(m, int | np.integer) and m >= 1, "m", "must be an integer >= 1", m)
    require(0.0 < delta < 1.0, "delta", "must lie in (0, 1)", delta)
    c = stabilizer.DETECTION_CONSTANT if c is None else c
    L = log(2.0 / delta)
    return HOEFFDING_WEIGHT * sqrt(2.0 * L / m) + L / (c * m)


HOEFFDING_WEIGHT = 1.0
"""Weight of the sampling (Hoeffding) term in ε (patch point for mutants)."""


def bad_acceptance_probability(classes: list[tuple[int, float, float]], m: int, eps: float) -> float:
    """Exact P[accept ∧ untested mean deficit > ε] for per-copy independent attacks.

    ``classes``: (count, r, D) — ``count`` copies each rejected w.p. r with
    deficit D; counts sum to 2m. The tested half is uniform, so the number of
    copies of each class tested is multivariate hypergeometric (≤ 2 classes).

    Claim ``vga.sampling``: the event the sampling bound controls; zero when no copy is bad.

    >>> bad_acceptance_probability([(4, 0.0, 0.0)], 2, 0.1)
    0.0
    >>> round(bad_acceptance_probability([(1, 0.5, 1.0), (3, 0.0, 0.0)], 2, 0.1), 6)
    0.5
    """
    require(sum(c for c, _, _ in classes) == 2 * m, "classes", "counts must sum to 2m", classes)
    require(1 <= len(classes) <= 2, "classes", "must hold 1 or 2 classes", len(classes))
    total = comb(2 * m, m)
    if len(classes) == 1:
        (cnt, r, D), = classes
        return float((1 - r) ** m) if D > eps + 1e-15 else 0.0
    (n1, r1, D1), (n2, r2, D2) = classes
    lo, hi = max(0, m - n2), min(n1, m)
    # exact integer binomials by the recurrences C(n, k+1) = C(n, k)(n−k)/(k+1) and C(n, k−1) = C(n, k)k/(n−k+1)
    # (each division exact): one big-integer step per split instead of two fresh math.comb calls
    c1, c2 = comb(n1, lo), comb(n2, m - lo)
    p = 0.0
    for k1 in range(lo, hi + 1):
        k2 = m - k1
        a = ((n1 - k1) * D1 + (n2 - k2) * D2) / m
        if a > eps + 1e-15:
            p += c1 * c2 / total * (1 - r1) ** k1 * (1 - r2) ** k2  # int/int: correctly rounded
        if k1 < hi:
            c1 = c1 * (n1 - k1) // (k1 + 1)
            c2 = c2 * k2 // (n2 - k2 + 1)
    return float(p)


def deficit_acceptance_profile(classes: list[tuple[int, float, float]], m: int) -> tuple[np.ndarray, np.ndarray]:
    """(a_k, w_k): untested mean deficit and P[accept ∧ that split] for every split of a 2-class attack.

    Same model as :func:`bad_acceptance_probability` (``classes`` = (count, r, D), counts sum to 2m, ≤ 2
    classes); k = copies of the first class tested, hypergeometric (:func:`hypergeometric_pmf`, log-space), times Π (1 − r)^k.
    Sorted by a, descending, so cumulative sums of w give P[accept ∧ deficit ≥ a].

    >>> a, w = deficit_acceptance_profile([(4, 0.5, 1.0), (396, 0.0, 0.0)], 200)
    >>> len(a), [round(float(v), 4) for v in a[:3]]
    (5, [0.02, 0.015, 0.01])
    """
    require(sum(c for c, _, _ in classes) == 2 * m, "classes", "counts must sum to 2m", classes)
    require(1 <= len(classes) <= 2, "classes", "must hold 1 or 2 classes", len(classes))
    (n1, r1, D1), (n2, r2, D2) = classes if len(classes) == 2 else (classes[0], (0, 0.0, 0.0))
    k1 = np.arange(max(0, m - n2), min(n1, m) + 1)
    k2 = m - k1
    a = ((n1 - k1) * D1 + (n2 - k2) * D2) / m
    with np.errstate(divide="ignore"):
        w = hypergeometric_pmf(k1, n1, n2, m) * (1 - r1) ** k1 * (1 - r2) ** k2
    order = np.argsort(-a, kind="stable")
    return a[order], w[order]


def tightest_epsilon(classes: list[tuple[int, float, float]], m: int, delta: float) -> float:
    """Smallest ε' with P[accept ∧ untested mean deficit > ε'] ≤ δ for this attack (0 if every ε' ≥ 0 works).

    The largest deficit value a at which P[accept ∧ deficit ≥ a] first exceeds δ: at ε' = a the event
    "deficit > ε'" keeps only the strictly larger values, whose mass is ≤ δ.

    >>> round(tightest_epsilon([(4, 0.5, 1.0), (396, 0.0, 0.0)], 200, 0.1), 4)   # 4 of 400 copies replaced
    0.015
    """
    require(0.0 < delta < 1.0, "delta", "must lie in (0, 1)", delta)
    return tightest_epsilon_of_profile(*deficit_acceptance_profile(classes, m), delta)


def tightest_epsilon_of_profile(a: np.ndarray, w: np.ndarray, delta: float) -> float:
    """:func:`tightest_epsilon` from a profile already computed by :func:`deficit_acceptance_profile`.

    >>> tightest_epsilon_of_profile(*deficit_acceptance_profile([(4, 0.5, 1.0), (396, 0.0, 0.0)], 200), 0.1)
    0.015
    """
    over = np.nonzero(np.cumsum(w) > delta)[0]
    return float(max(a[over[0]], 0.0)) if over.size else 0.0


def hypergeometric_pmf(k1: np.ndarray, n1: int, n2: int, m: int) -> np.ndarray:
    """P[k1 of the n1 first-class copies among m drawn from n1 + n2]: C(n1,k1)C(n2,m−k1)/C(n1+n2,m).

    Log-space with ``scipy.special.gammaln`` (relative error ~1e-12 at n1 + n2 ≤ 10^4), the same
    formula scipy's ``hypergeom.pmf`` evaluates (via betaln) without its per-call argument checking,
    which dominated the sampling audit (tests/test_vga.py compares the two).

    >>> [round(float(v), 6) for v in hypergeometric_pmf(np.arange(3), 2, 2, 2)]
    [0.166667, 0.666667, 0.166667]
    """
    from scipy.special import gammaln

    k1 = np.asarray(k1)
    k2 = m - k1

    def log_comb(n: int | np.ndarray, k: np.ndarray | int) -> np.ndarray:
        return gammaln(np.add(n, 1)) - gammaln(np.add(k, 1)) - gammaln(np.subtract(n, k) + 1)

    ok = (k1 >= 0) & (k1 <= n1) & (k2 >= 0) & (k2 <= n2)
    kk1, kk2 = np.where(ok, k1, 0), np.where(ok, k2, 0)
    logp = log_comb(n1, kk1) + log_comb(n2, kk2) - log_comb(n1 + n2, m)
    return np.where(ok, np.exp(logp), 0.0)


def epsilon_from_proof(m: int, delta: float, c: float | None = None) -> float:
    """The smallest ε that the proof of :func:`epsilon` supports, with the best split ε = t + s.

    The proof bounds P[accept ∧ a > t + s] ≤ e^{−m t²/2} + e^{−c·m·s} (Hoeffding without replacement;
    acceptance ≤ e^{−c·m·b}). Minimising over the split s ∈ (0, ε) and bisecting on ε gives the proof's
    own smallest ε; :func:`epsilon` allots δ/2 to each term, so it is at least this. Independent of
    :func:`epsilon` (scipy's bounded scalar minimiser; 100 bisection steps).

    >>> round(epsilon_from_proof(200, 0.1), 4), round(epsilon(200, 0.1), 4)   # the proof's optimum vs the formula
    (0.1978, 0.203)
    """
    from scipy.optimize import minimize_scalar

    c = stabilizer.DETECTION_CONSTANT if c is None else c

    def budget(eps: float) -> float:
        res = minimize_scalar(lambda s: np.exp(-m * (eps - s) ** 2 / 2) + np.exp(-c * m * s),
                              bounds=(0.0, eps), method="bounded", options={"xatol": 1e-12})
        return float(res.fun)

    lo, hi = 0.0, 1.0
    while budget(hi) > delta:
        hi *= 2
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if budget(mid) > delta else (lo, mid)
    return hi


# ------------------------------------------------------- Eve's information ---


def _block_entropy(blocks: np.ndarray) -> float:
    """S(⊕_b A_b) in bits for stacked Hermitian PSD blocks (classical B, quantum E)."""
    ev = np.linalg.eigvalsh((blocks + np.conj(np.swapaxes(blocks, -1, -2))) / 2).reshape(-1)
    return shannon_entropy(np.clip(ev, 0.0, None))  # eigenvalues of ⊕_b A_b are those of every block


def output_blocks(psi: np.ndarray, n: int, inputs: np.ndarray, d: int = 2) -> np.ndarray:
    """Blocks R_b = Eve's unnormalised state given broadcast b (2^N × K × K).

    >>> output_blocks(distribute(2, attacks_mod.intercept_resend(2, 0)), 2, np.array([0, 1])).shape
    (4, 2, 2)
    """
    out = x_readout(encode(psi, n, inputs, d), n)
    return np.einsum("bi,bj->bij", out, out.conj())


def eve_leakage(psi: np.ndarray, n: int, node: int = 0, d: int = 2) -> float:
    """I(X_node ; B E | S) in bits: Eve's information on one input beyond the sum.

    Inputs i.i.d. uniform on Z_d; B the broadcast readout bits; E Eve's
    Stinespring system of the attack; S = Σ_j x_j mod d. Exact (cq-state entropies).

    Paper Lemma 2 (claim ``lemma2.ideal-leakage-zero``) and Section 4.1: no attack, no leakage; X intercept-resend learns x_0.

    >>> round(eve_leakage(distribute(2, attacks_mod.identity(2)), 2), 6) + 0.0
    0.0
    >>> round(eve_leakage(distribute(2, attacks_mod.intercept_resend(2, 0, "X")), 2), 6)
    1.0
    """
    from itertools import product

    require(0 <= node < n, "node", f"must be in 0..{n - 1}", node)
    K = psi.shape[1]
    cond: dict[tuple[int, int], np.ndarray] = {}
    for x in product(range(d), repeat=n):
        key = (x[node], sum(x) % d)
        cond[key] = cond.get(key, np.zeros((2**n, K, K), dtype=complex)) + output_blocks(psi, n, np.array(x), d) / d**n
    return conditional_holevo([[cond[(xi, s)] for xi in range(d) if (xi, s) in cond] for s in range(d)])


def eve_leakage_copies(psi: np.ndarray, n: int, copies: int, node: int = 0, d: int = 2) -> float:
    """I(X_node^{(1..c)} ; B E | S_1 … S_c) in bits for ``copies`` GHZ copies attacked jointly (a collective attack).

    ``psi`` is the joint state of c copies of N qubits (copy-major, 2^{cN} rows) with Eve's environment;
    copy k aggregates its own coordinate (inputs x^{(k)} i.i.d. uniform, S_k = Σ_j x_j^{(k)} mod d). Exact
    cq-state entropies, as :func:`eve_leakage` (which this equals for one copy).

    >>> import numpy as np
    >>> from qproofs.protocols import attacks
    >>> from qproofs.quantum.states import ghz
    >>> g2 = np.kron(ghz(2), ghz(2))
    >>> psi = np.stack([K @ g2 for K in attacks.collective_probe(2, 1.0)], axis=1)
    >>> round(eve_leakage_copies(psi, 2, 2), 6)             # the ancilla holds the parity of the probed values
    1.0
    """
    from itertools import product

    require(isinstance(copies, int | np.integer) and copies >= 1, "copies", "must be an integer >= 1", copies)
    require(0 <= node < n, "node", f"must be in 0..{n - 1}", node)
    total_q = n * copies
    cond: dict[tuple, np.ndarray] = {}
    for x in product(range(d), repeat=total_q):
        xs = [x[k * n:(k + 1) * n] for k in range(copies)]
        key = (tuple(c[node] for c in xs), tuple(sum(c) % d for c in xs))
        blocks = output_blocks(psi, total_q, np.array(x), d) / d**total_q
        cond[key] = cond[key] + blocks if key in cond else blocks
    return conditional_holevo([[v for (xi, ss), v in cond.items() if ss == s]
                               for s in product(range(d), repeat=copies)])


def conditional_holevo(groups: list[list[np.ndarray]]) -> float:
    """Σ_s p(s)·χ({p(x|s), ρ_{x,s}}) in bits: the information about x beyond s, from unnormalised cq blocks.

    ``groups[s]`` holds, for each value x, the unnormalised block state of (public bits, Eve) jointly with
    (x, s); shared by :func:`eve_leakage` (one copy) and :func:`eve_leakage_copies` (several). Round-off
    below 10⁻¹² is clipped to 0.

    >>> import numpy as np
    >>> zero, one = np.diag([0.5, 0.0]).reshape(1, 2, 2), np.diag([0.0, 0.5]).reshape(1, 2, 2)
    >>> round(conditional_holevo([[zero, one]]), 6)          # x is read off perfectly: one bit
    1.0
    """
    total = 0.0
    for parts in groups:
        ps = [float(np.real(np.trace(p, axis1=1, axis2=2).sum())) for p in parts]
        p_s = sum(ps)
        if p_s <= 0:
            continue
        mix = np.sum(parts, axis=0) / p_s
        inner = sum(pi / p_s * _block_entropy(part / pi) for pi, part in zip(ps, parts, strict=True) if pi > 0)
        total += p_s * (_block_entropy(mix) - inner)
    return float(max(total, 0.0)) if total > -1e-12 else float(total)


def copy_marginal(psi: np.ndarray, n: int, copies: int, k: int) -> np.ndarray:
    """Reduced density matrix of copy k (N qubits) of a joint c-copy state with Eve's environment.

    >>> import numpy as np
    >>> from qproofs.quantum.states import ghz
    >>> two = np.kron(ghz(2), ghz(2)).reshape(-1, 1)          # two untouched copies, trivial environment
    >>> round(float(np.real(ghz(2).conj() @ copy_marginal(two, 2, 2, 1) @ ghz(2))), 6)
    1.0
    """
    t = psi.reshape([2**n] * copies + [psi.shape[1]])
    t = np.moveaxis(t, k, 0).reshape(2**n, -1)
    return t @ t.conj().T


def leakage_bound_from_rejection(r: float, n: int, alphabet: int = 2) -> float:
    """Largest leakage consistent with rejection probability r (information–disturbance trade-off).

    1 − F = r·(2^N − 1)/2^{N−1} (exact test formula); the probe is within
    ε = √(1 − F) of GHZ ⊗ σ_E (Uhlmann + Fuchs–van de Graaf); Prop. 1 carries ε
    to the output; the ideal leakage is 0 (Lemma 2); Alicki–Fannes–Winter for a
    classical X: |ΔH(X|BES)| ≤ ε·log|X| + (1 + ε)·h(ε/(1 + ε)).

    Paper Proposition 1 and Lemma 2 with Alicki–Fannes–Winter (Winter 2016, Lemma 2).

    >>> leakage_bound_from_rejection(0.0, 3), round(leakage_bound_from_rejection(0.01, 3), 6)
    (0.0, 0.721288)
    """
    from qproofs.quantum.measures import binary_entropy

    infid = min(1.0, max(0.0, r) * (2**n - 1) / 2 ** (n - 1))
    eps = sqrt(infid)
    if eps == 0:
        return 0.0
    return eps * log(alphabet, 2) + (1 + eps) * binary_entropy(eps / (1 + eps))


# ----------------------------------------------------------- Prop. 1 ---


def readout_channel(rho: np.ndarray, n: int, inputs: np.ndarray, d: int = 2) -> np.ndarray:
    """Λ_x: encode x, measure X, broadcast; ρ on (register ⊗ E) ↦ stacked blocks ⊕_b |b⟩⟨b| ⊗ R_b.

    Paper Proposition 1: the channel Λ_x the ideal and real states pass through.

    >>> from qproofs.quantum.states import dm, ghz
    >>> blocks = readout_channel(dm(ghz(2)), 2, np.array([1, 0]))
    >>> blocks.shape, np.round(blocks[:, 0, 0].real, 6).tolist()
    ((4, 1, 1), [0.0, 0.5, 0.5, 0.0])
    """
    dim_e = rho.shape[0] // 2**n
    x = _require_inputs(inputs, n, d)
    U = reduce(np.kron, [HADAMARD] * n) @ np.diag(np.exp(2j * np.pi * (bit_table(n) @ x) / d))
    W = np.kron(U, np.eye(dim_e))
    out = (W @ rho @ W.conj().T).reshape(2**n, dim_e, 2**n, dim_e)
    blocks = np.einsum("bibj->bij", out)
    return POSTPROCESS(blocks)


def keep_blocks(blocks: np.ndarray) -> np.ndarray:
    """The broadcast readout keeps every outcome with its probability (patch point).

    >>> keep_blocks(np.ones((2, 1, 1))).shape
    (2, 1, 1)
    """
    return blocks


POSTPROCESS = keep_blocks
"""What the readout does with its outcome blocks (public seam: a mutant renormalises each block)."""


def blocks_distance(A: np.ndarray, B: np.ndarray) -> float:
    """½‖⊕A_b − ⊕B_b‖₁.

    >>> A = np.array([[[1.0]], [[0.0]]])
    >>> blocks_distance(A, A[::-1]), blocks_distance(A, A)
    (1.0, 0.0)
    """
    D = A - B
    D = (D + np.conj(np.swapaxes(D, -1, -2))) / 2
    return float(0.5 * np.abs(np.linalg.eigvalsh(D)).sum())


def apply_channel(rho: np.ndarray, kraus: list[np.ndarray]) -> np.ndarray:
    """Φ(ρ) = Σ_k K_k ρ K_k† (patch point: a mutant post-selects on the first Kraus branch).

    >>> from qproofs.quantum.states import dm, ghz
    >>> np.round(np.diag(apply_channel(dm(ghz(2)), attacks_mod.intercept_resend(2, 0, "Z"))).real, 6).tolist()
    [0.5, 0.0, 0.0, 0.5]
    """
    return CHANNEL_APPLY(rho, kraus)


def _apply_kraus(rho: np.ndarray, kraus: list[np.ndarray]) -> np.ndarray:
    from qproofs.quantum.channels import apply_kraus

    return apply_kraus(rho, kraus)


CHANNEL_APPLY = _apply_kraus
"""How :func:`apply_channel` applies a Kraus list (public seam: a mutant post-selects)."""


def channel_distance(rho: np.ndarray, sigma: np.ndarray, kraus: list[np.ndarray]) -> float:
    """½‖Φ(ρ) − Φ(σ)‖₁.

    Paper Proposition 1 (claim ``prop1.monotone``): trace distance does not grow under a channel (Nielsen & Chuang Theorem 9.2).

    >>> from qproofs.quantum.states import dm, ket
    >>> rho, sigma = dm(ket("00")), dm(ket("11"))
    >>> round(channel_distance(rho, sigma, attacks_mod.depolarize_all(2, 0.5)), 6)
    0.5
    """
    from qproofs.quantum.measures import trace_distance

    return trace_distance(apply_channel(rho, kraus), apply_channel(sigma, kraus))


def uhlmann_ideal(psi: np.ndarray, n: int) -> np.ndarray:
    """|GHZ⟩⟨GHZ| ⊗ σ_E with σ_E ∝ ⟨GHZ|Ψ⟩: the ideal state closest in fidelity (F(Ψ, ·) = F_H).

    Uhlmann (1976); Nielsen & Chuang Theorem 9.4.

    >>> psi = distribute(2, attacks_mod.intercept_resend(2, 0, "Z"))
    >>> sigma = uhlmann_ideal(psi, 2)
    >>> sigma.shape, round(float(np.trace(sigma).real), 6)
    ((8, 8), 1.0)
    """
    g = ghz(n)
    v = g.conj() @ psi
    nv = np.vdot(v, v).real
    sigma_e = np.outer(v, v.conj()) / nv if nv > 1e-15 else eve_state(psi)
    return np.kron(np.outer(g, g.conj()), sigma_e)
