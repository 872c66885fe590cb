"""TieAudit_ε: relational sign audit (Theorem 5, Remark 5, Appendix C of the paper).

Claims ``thm5.zero-amplitude``, ``thm5.quantum-upper``, ``thm5.classical-lower``,
``rem5.broadcast``.

The server holds s ∈ {±1}^n (n even); a client holds a perfect matching M of
[n] into n/2 pairs and wants f = |{(i,j) ∈ M : s_i ≠ s_j}| / (n/2) to ±ε.

* Quantum (Theorem 5.1): m = ⌈ln(2/δ)/(2ε²)⌉ copies of the ⌈log₂ n⌉-qubit
  phase state |ψ_s⟩ = n^{−1/2} Σ_i s_i |i⟩; the client measures each copy in
  the matching basis {(|i⟩ ± |j⟩)/√2 : (i,j) ∈ M}.  Outcome (pair, ±) has
  probability |ψ_i ± ψ_j|²/2: the pair is uniform and the wrong parity has
  amplitude exactly 0.  The estimate is the fraction of "−" outcomes.
  The measurement is sampled exactly from this n-outcome Born distribution in
  O(n) (no n×n matrix).
* Classical baselines: a shared random subset of r coordinates sent in the
  clear (r bits); a CountSketch (a linear sketch) with B buckets of fixed-width
  words.  Both need resources growing like √n.
* BHM hard distribution (Appendix C): x uniform, M uniform, b uniform,
  w = Mx ⊕ b.  The reduction premise of Theorem 5.2 (|f − (1−f)| ≥ 2ε) is
  measured on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from qproofs.errors import require
from qproofs.protocols.gapip import Link, require_delta

PARITY_SIGN = 1
"""The "+" outcome of pair (i,j) is (|i⟩ + PARITY_SIGN·|j⟩)/√2 (1 in the paper)."""
HOEFFDING_C = 2.0
"""m = ⌈ln(2/δ)/(HOEFFDING_C·ε²)⌉ (Hoeffding: 2)."""


# ------------------------------------------------------------ validation ---


def require_even_n(n: int) -> int:
    """N must be an even integer ≥ 2 (a perfect matching exists)."""
    require(isinstance(n, (int, np.integer)) and n >= 2 and n % 2 == 0, "n", "must be an even integer >= 2", n)
    return int(n)


def require_eps(eps: float) -> float:
    """ε must lie in (0, 1/2]."""
    require(isinstance(eps, (int, float, np.floating)) and 0 < float(eps) <= 0.5, "eps",
            "must lie in (0, 1/2]", eps)
    return float(eps)


def require_signs(s: np.ndarray) -> np.ndarray:
    """s: a ±1 vector of even length."""
    s = np.asarray(s)
    require(s.ndim == 1, "s", "must be a 1-d ±1 vector")
    require_even_n(s.size)
    require(bool(np.all((s == 1) | (s == -1))), "s", "must have entries ±1")
    return s


def require_matching(M: np.ndarray, n: int) -> np.ndarray:
    """M: n/2 pairs of indices in [0, n) covering every index exactly once (a perfect matching)."""
    n = require_even_n(n)
    M = np.asarray(M)
    require(M.ndim == 2 and M.shape[1] == 2 and np.issubdtype(M.dtype, np.integer), "matching",
            "must be an integer array of pairs, shape (n/2, 2)", M.shape)
    require(M.shape[0] == n // 2, "matching", f"must be perfect: n/2 = {n // 2} pairs", M.shape[0])
    flat = M.ravel()
    require(bool(np.all((flat >= 0) & (flat < n))), "matching", f"indices must lie in [0, {n})")
    seen = np.zeros(n, dtype=bool)
    seen[flat] = True
    if not seen.all():     # n indices in [0, n) miss one iff one repeats (pigeonhole): count only on failure
        counts = np.bincount(flat, minlength=n)
        i = int(np.argmax(counts > 1))
        require(False, "matching", f"must not repeat an index (index {i} appears {int(counts[i])} times)")
    return M


# ------------------------------------------------------------- instances ---


def index_dtype(n: int) -> type[np.signedinteger]:
    """The narrowest index type for [n]: 32-bit below 2³¹ (half the memory traffic of gathers at n ≈ 10⁶).

    >>> index_dtype(2**20), index_dtype(2**31)
    (<class 'numpy.int32'>, <class 'numpy.int64'>)
    """
    return np.int32 if n < 2**31 else np.int64


def random_matching(n: int, rng: np.random.Generator) -> np.ndarray:
    """A uniformly random perfect matching of [n] (pairs of a random permutation).

    The permutation is ``rng.permutation(n)``'s, drawn in place on 32-bit indices when n allows: the same
    Fisher–Yates swaps from the same stream (the same matching, and the stream left where it would be), half the
    memory traffic for every later gather through M at n ≈ 10⁶.
    """
    n = require_even_n(n)
    order = np.arange(n, dtype=index_dtype(n))
    rng.shuffle(order)
    return order.reshape(n // 2, 2)


def conflict_fraction(s: np.ndarray, M: np.ndarray) -> float:
    """F = |{(i,j) ∈ M : s_i ≠ s_j}| / (n/2)."""
    return float(np.mean(s[M[:, 0]] != s[M[:, 1]]))


def instance_with_fraction(n: int, f: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(s, M): random matching and signs with exactly round(f·n/2) conflicted pairs."""
    n = require_even_n(n)
    require(0 <= f <= 1, "f", "must lie in [0, 1]", f)
    M = random_matching(n, rng)
    half = n // 2
    # M's rows are the pairs of a uniformly random permutation: a uniformly random matching listed in a uniformly
    # random order, so its first round(f·n/2) rows are a uniformly random set of that many pairs (exact in law,
    # without a second O(n) draw): they are the conflicted ones
    conflicted = np.arange(half) < int(round(f * half))
    first = 1 - 2 * rng.integers(0, 2, size=half, dtype=np.int8)
    s = np.empty(n, dtype=np.int8)
    s[M[:, 0]] = first
    s[M[:, 1]] = np.where(conflicted, -first, first)
    return s, M


def bhm_instance(n: int, rng: np.random.Generator) -> dict[str, np.ndarray | int]:
    """The hard BHM distribution: x uniform, M uniform, b uniform, w = Mx ⊕ b (Appendix C)."""
    n = require_even_n(n)
    x = rng.integers(0, 2, size=n, dtype=np.int8)
    M = random_matching(n, rng)
    b = int(rng.integers(0, 2))
    w = (x[M[:, 0]] ^ x[M[:, 1]]) ^ b
    return {"x": x, "M": M, "b": b, "w": w}


def bhm_bob_w(n: int, rng: np.random.Generator) -> np.ndarray:
    """Bob's string w on the hard BHM distribution, drawn directly: exact in law.

    For any fixed perfect matching M and uniform x, the n/2 pair parities (Mx)_e involve disjoint coordinates,
    so Mx is uniform on {0,1}^{n/2}; hence w = Mx ⊕ b is uniform and independent of (M, b). The premise gap
    is a function of w alone (:func:`bhm_premise_gap`), so drawing w costs O(n/2) instead of a random matching.
    :func:`bhm_instance_with_w` completes (x, M, b) with the right conditional law when an instance is needed.

    >>> bhm_bob_w(8, np.random.default_rng(0)).shape
    (4,)
    """
    n = require_even_n(n)
    return rng.integers(0, 2, size=n // 2, dtype=np.int8)


def bhm_instance_with_w(w: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray | int]:
    """A full hard-distribution instance (x, M, b, w = Mx ⊕ b) with the given w: M, b uniform, x uniform given them.

    >>> inst = bhm_instance_with_w(np.array([1, 0, 1], dtype=np.int8), np.random.default_rng(1))
    >>> M, x = inst["M"], inst["x"]
    >>> bool(np.all((x[M[:, 0]] ^ x[M[:, 1]]) ^ inst["b"] == inst["w"]))
    True
    """
    w = np.asarray(w, dtype=np.int8)
    n = require_even_n(2 * w.size)
    M = random_matching(n, rng)
    b = int(rng.integers(0, 2))
    x = np.empty(n, dtype=np.int8)
    x[M[:, 0]] = rng.integers(0, 2, size=n // 2, dtype=np.int8)
    x[M[:, 1]] = x[M[:, 0]] ^ w ^ b
    return {"x": x, "M": M, "b": b, "w": w}


def bhm_branch_fractions(w: np.ndarray) -> tuple[float, float]:
    """Conflict fractions of Bob's two BHM branches: f₀ = |w|/(n/2) if Mx = w, f₁ = 1 − f₀ if Mx = w̄.

    With s = (−1)^x a pair conflicts iff (Mx)_k = 1, so f = |Mx|/(n/2) (Theorem 5.2, App. C.4).
    """
    f0 = float(np.mean(np.asarray(w) == 1))
    return f0, 1.0 - f0


def bhm_premise_gap(w: np.ndarray) -> float:
    """|f₀ − f₁| = |2|w|/(n/2) − 1|: how far apart the two branches' conflict fractions are (premise: ≥ 2ε)."""
    f0, f1 = bhm_branch_fractions(w)
    return abs(f0 - f1)


def bhm_doubled(x: np.ndarray, M: np.ndarray, w: np.ndarray, *, complement: bool = True
                ) -> tuple[np.ndarray, np.ndarray]:
    """The doubling reduction BHM_n → TieAudit on 2n coordinates (repair of Theorem 5.2, ``thm5.classical-lower``).

    Alice maps x locally to x′ = (x, x̄) (signs s′ = (−1)^{x′}); Bob maps (M, w) locally to a perfect
    matching M′ of [2n]: a pair e = (i, j) with w_e = 0 becomes (i, j) and (n+i, n+j) (conflict iff
    x_i ≠ x_j); with w_e = 1 it becomes (i, n+j) and (n+i, j) (conflict iff x_i = x_j). So a pair of M′
    conflicts iff (Mx)_e ≠ w_e, and f(s′, M′) = b exactly on every BHM instance: the two branches are 1
    apart, ≥ 2ε for every ε < 1/2. ``complement=False`` (Alice sends (x, x), a broken reduction) exists
    for the negative control.

    >>> import numpy as np
    >>> x2, M2 = bhm_doubled(np.array([0, 1, 1, 0]), np.array([[0, 1], [2, 3]]), np.array([1, 0]))
    >>> x2.tolist(), M2.tolist()
    ([1, -1, -1, 1, -1, 1, 1, -1], [[0, 5], [2, 3], [4, 1], [6, 7]])
    """
    x = np.asarray(x, dtype=np.int8)
    M = require_matching(np.asarray(M), x.size)
    n = x.size
    xs = np.concatenate([x, 1 - x if complement else x])
    i, j = M[:, 0], M[:, 1]
    flip = np.asarray(w) == 1
    first = np.column_stack([i, np.where(flip, n + j, j)])
    second = np.column_stack([n + i, np.where(flip, j, n + j)])
    return np.where(xs == 1, -1, 1).astype(np.int8), np.concatenate([first, second])


def bhm_doubled_batch(x: np.ndarray, M: np.ndarray, w: np.ndarray, *, complement: bool = True
                      ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`bhm_doubled` on B rows at once sharing one matching M (validated once): x (B, n), w (B, n/2).

    Returns signs (B, 2n) and matchings (B, n, 2); row r equals ``bhm_doubled(x[r], M, w[r])`` exactly (the
    same integer formulas, broadcast over rows; ``tests/test_tieaudit.py`` compares them on every small
    instance). Used by ``thm5.classical-lower-repaired`` to enumerate every x for a matching in one call.

    >>> s2, M2 = bhm_doubled_batch(np.array([[0, 1, 1, 0]]), np.array([[0, 1], [2, 3]]), np.array([[1, 0]]))
    >>> s2.tolist(), M2.tolist()
    ([[1, -1, -1, 1, -1, 1, 1, -1]], [[[0, 5], [2, 3], [4, 1], [6, 7]]])
    """
    x = np.asarray(x, dtype=np.int8)
    require(x.ndim == 2, "x", "must be a 2-d array of rows (B, n)", x.shape)
    n = x.shape[1]
    M = require_matching(np.asarray(M), n)
    w = np.asarray(w)
    require(w.shape == (x.shape[0], n // 2), "w", f"must have shape (B, n/2) = {(x.shape[0], n // 2)}", w.shape)
    xs = np.concatenate([x, 1 - x if complement else x], axis=1)
    i, j = M[:, 0], M[:, 1]
    flip = (w == 1).astype(M.dtype)
    half = n // 2
    M2 = np.empty((x.shape[0], n, 2), dtype=M.dtype)
    M2[:, :half, 0] = i                      # pair e, first copy: (i, j) if w_e = 0, (i, n+j) if w_e = 1
    M2[:, :half, 1] = j + n * flip
    M2[:, half:, 0] = n + i                  # second copy: (n+i, n+j) if w_e = 0, (n+i, j) if w_e = 1
    M2[:, half:, 1] = j + n * (1 - flip)
    return (1 - 2 * xs).astype(np.int8), M2


DOUBLED_ROWS_LOOP = 8
"""Up to this many rows :func:`doubled_conflicts` gathers row by row (no offset index arrays of B·n entries)."""


def doubled_conflicts(s2: np.ndarray, M2: np.ndarray) -> np.ndarray:
    """Conflicted pairs per row of a :func:`bhm_doubled_batch` output: |{(i,j) ∈ M′ : s′_i ≠ s′_j}| (B,).

    >>> x = np.array([[0, 1, 1, 0], [0, 1, 1, 0]])
    >>> s2, M2 = bhm_doubled_batch(x, np.array([[0, 1], [2, 3]]), np.array([[1, 1], [0, 0]]))
    >>> doubled_conflicts(s2, M2).tolist()   # w = Mx (b = 0): no conflicts; w = complement (b = 1): all
    [0, 4]
    """
    if s2.shape[0] <= DOUBLED_ROWS_LOOP:    # few long rows (the hard distribution at n ≈ 10⁶): gather row by row
        return np.array([np.count_nonzero(s.take(m[:, 0]) != s.take(m[:, 1])) for s, m in zip(s2, M2, strict=True)],
                        dtype=np.int64)
    flat = s2.ravel()
    offset = (np.arange(s2.shape[0], dtype=M2.dtype) * s2.shape[1])[:, None]
    return np.count_nonzero(flat[M2[:, :, 0] + offset] != flat[M2[:, :, 1] + offset], axis=1)


# ----------------------------------------------------------- quantum side ---


def state_qubits(n: int) -> int:
    """⌈log₂ n⌉ qubits hold the phase state of n amplitudes."""
    return int(n - 1).bit_length()


def phase_state(s: np.ndarray) -> np.ndarray:
    """|ψ_s⟩ = n^{−1/2} Σ_i s_i |i⟩ (real amplitudes)."""
    s = np.asarray(s)
    return s.astype(np.float64) / math.sqrt(s.size)


def matching_outcome_probabilities(psi: np.ndarray, M: np.ndarray) -> np.ndarray:
    """Born probabilities of the matching-basis measurement, shape (n/2, 2).

    Column 0: outcome ((i,j), +) with probability |ψ_i + σψ_j|²/2; column 1:
    ((i,j), −) with |ψ_i − σψ_j|²/2 (σ = ``PARITY_SIGN``). O(n); real amplitudes (every state of the paper's
    TieAudit, :func:`phase_state`, is real).
    """
    psi = np.asarray(psi)
    require(np.isrealobj(psi), "psi", "must have real amplitudes")
    pi, pj = psi[M[:, 0]], PARITY_SIGN * psi[M[:, 1]]
    out = np.empty((M.shape[0], 2))
    # real amplitudes: a·a·0.5 is bit-identical to |a|²/2 (exact |a|, the same rounded square, exact halving),
    # computed in place to spare the O(n) temporaries
    a = pi + pj
    np.multiply(a, a, out=a)
    np.multiply(a, 0.5, out=out[:, 0])
    np.subtract(pi, pj, out=pi)
    np.multiply(pi, pi, out=pi)
    np.multiply(pi, 0.5, out=out[:, 1])
    return out


def sample_matching_measurement(psi: np.ndarray, M: np.ndarray, copies: int,
                                rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Measure ``copies`` copies of ψ in the matching basis: (pair indices, parity bits 0=+ / 1=−).

    Exact sampling by inverse CDF over the n outcomes: O(n + copies·log n).
    """
    probs = matching_outcome_probabilities(psi, M).ravel()
    cdf = np.cumsum(probs)
    u = rng.random(copies) * cdf[-1]
    idx = np.minimum(np.searchsorted(cdf, u, side="right"), probs.size - 1)
    return idx // 2, idx % 2


def sample_phase_state_measurement(s: np.ndarray, M: np.ndarray, copies: int,
                                   rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Measure ``copies`` copies of the phase state |ψ_s⟩ (s ∈ {±1}^n) in the matching basis: exact in law, O(copies).

    Why exact: every amplitude has |ψ_i|² = 1/n, so pair e = (i, j) is observed with probability
    |ψ_i + σψ_j|²/2 + |ψ_i − σψ_j|²/2 = |ψ_i|² + |ψ_j|² = 2/n (uniform over the n/2 pairs), and within the pair
    exactly one outcome has nonzero amplitude (ψ_i ∓ σψ_j = 0 for the other; Theorem 5.1's zero amplitude,
    ``thm5.zero-amplitude``): "−" iff s_i ≠ σ·s_j (σ = ``PARITY_SIGN``). So a uniform pair and that parity have
    exactly the Born law :func:`sample_matching_measurement` samples by inverse CDF over all n outcomes (O(n)).
    Compared with the Born probabilities in the audit (``thm5.quantum-upper``, chi-square at n = 8 every run)
    and in ``tests/test_tieaudit.py``.

    >>> s, M = np.array([1, 1, -1, 1], dtype=np.int8), np.array([[0, 1], [2, 3]])
    >>> pairs, parity = sample_phase_state_measurement(s, M, 6, np.random.default_rng(0))
    >>> bool(np.all(parity == (pairs == 1)))     # pair 1 = (2, 3) conflicts, pair 0 does not
    True
    """
    pairs = rng.integers(0, M.shape[0], size=copies)
    parity = (s[M[pairs, 0]] != PARITY_SIGN * s[M[pairs, 1]]).astype(np.int64)
    return pairs, parity


def hoeffding_copies(eps: float, delta: float) -> int:
    """M = ⌈ln(2/δ)/(2ε²)⌉: P(|f̂ − f| > ε) ≤ 2 exp(−2mε²) ≤ δ."""
    eps = require_eps(eps)
    delta = require_delta(delta)
    return math.ceil(math.log(2 / delta) / (HOEFFDING_C * eps * eps))


@dataclass(frozen=True)
class TieRun:
    """Outcome and executed cost of one TieAudit run (quantum or classical)."""

    estimate: float
    copies: int
    qubits: int
    bits: int = 0


@dataclass(frozen=True)
class TieBroadcast:
    """One server serving several clients: per-client runs and the link's total count."""

    runs: tuple[TieRun, ...]
    total_qubits: int


def copies_sent_to(client: int, m: int) -> int:
    """Copies the server must prepare and send to client ``client``: m each (no-cloning)."""
    return m


def run_quantum(s: np.ndarray, M: np.ndarray, eps: float, delta: float, rng: np.random.Generator,
                *, clients: int = 1, born: bool = False) -> TieBroadcast:
    """Execute Theorem 5.1: the server sends m copies of |ψ_s⟩ to each of ``clients`` clients.

    No-cloning: every client needs its own copies (the link counts each copy
    sent). Each client measures its copies in its matching basis (here every
    client holds M) and outputs the fraction of "−" outcomes. The measurement is sampled by
    :func:`sample_phase_state_measurement` (exact in law for phase states, O(m)); ``born=True`` samples the
    full Born distribution instead (:func:`sample_matching_measurement`, O(n)), the reference path.
    """
    s = require_signs(s)
    n = s.size
    M = require_matching(M, n)
    require(isinstance(clients, int) and clients >= 1, "clients", "must be an integer >= 1", clients)
    m = hoeffding_copies(eps, delta)
    psi = phase_state(s) if born else None
    runs = []
    link = Link()
    for c in range(clients):
        sent = copies_sent_to(c, m)
        link.send_qubits(f"server->client{c}", state_qubits(n), times=sent)
        if psi is not None:
            _, parity = sample_matching_measurement(psi, M, m, rng)
        else:
            _, parity = sample_phase_state_measurement(s, M, m, rng)
        runs.append(TieRun(float(np.mean(parity)), m, state_qubits(n) * sent))
    return TieBroadcast(tuple(runs), link.qubits)


# --------------------------------------------------------- classical side ---


def shared_order(n: int, length: int, shared_seed: int) -> np.ndarray:
    """The shared randomness of the subset protocol: ``length`` distinct indices in random order.

    The subset of size r is its prefix of length r (nested subsets, so one run
    gives the estimate for every r ≤ length). O(length), not O(n).
    """
    require(1 <= length <= n, "length", f"must lie in [1, n = {n}]", length)
    return np.random.default_rng(shared_seed).choice(n, size=length, replace=False)


def matching_partner(M: np.ndarray, n: int) -> np.ndarray:
    """partner[i] = j for every pair (i, j) ∈ M."""
    partner = np.empty(n, dtype=index_dtype(n))
    partner[M[:, 0]] = M[:, 1]
    partner[M[:, 1]] = M[:, 0]
    return partner


def subset_curve(s: np.ndarray, partner: np.ndarray, rs: list[int], shared_seed: int) -> np.ndarray:
    """Estimates of the shared-random-subset protocol for every r in ``rs`` (one shared order).

    The server sends s on order[:r] in the clear (r bits); the client averages
    the conflicts over its pairs lying inside order[:r] (1/2 if none). A pair
    enters the subset at r = 1 + max(position of i, position of j).
    O(r_max) per run after the shared order, so n can be large.

    A mate's position in the order is read from a position table ``pos`` of size n: −1 everywhere (O(n)
    writes), its position at the r_max indices of the order, so a mate is present iff ``pos[mate] ≥ 0``.
    Exact, like the sort + binary search it replaces (``tests/test_tieaudit.py`` compares the two), without
    the O(r log r) sort. The former table was left uninitialised (a sparse set, trusted only where it
    pointed back): a wrong validity test then erred only when stale memory held a bad value, which no check
    could see (issue 11, Cosmic Ray); with the −1 fill every wrong test errs deterministically.
    """
    order = shared_order(s.size, max(rs), shared_seed)
    mates = partner[order]
    here = np.arange(order.size, dtype=np.int32)
    pos = np.full(s.size, -1, dtype=np.int32)
    pos[order] = here
    mate_pos = pos[mates]
    present = mate_pos >= 0
    first = present & (mate_pos < here)          # count each pair once, when its second member arrives
    enter = here[first] + 1
    conf = (s[order[first]] != s[mates[first]]).astype(np.int64)
    cum_pairs = np.searchsorted(enter, np.asarray(rs), side="right")
    cum_conf = np.concatenate([[0], np.cumsum(conf)])[cum_pairs]
    return np.where(cum_pairs > 0, cum_conf / np.maximum(cum_pairs, 1), 0.5)


def run_subset(s: np.ndarray, M: np.ndarray, r: int, shared_seed: int, length: int | None = None) -> TieRun:
    """Execute the subset protocol for one r: the message is s on order[:r] in the clear (r bits)."""
    s = require_signs(s)
    M = require_matching(M, s.size)
    require(1 <= r <= s.size, "r", f"must lie in [1, n = {s.size}]", r)
    subset = shared_order(s.size, length or r, shared_seed)[:r]
    message = np.packbits(s[subset] < 0)
    link = Link()
    link.send_bits("server->client", message, r)
    known = np.zeros(s.size, dtype=bool)
    known[subset] = True
    clear = np.zeros(s.size, dtype=np.int8)
    clear[subset] = np.where(np.unpackbits(message)[:r] == 1, -1, 1)
    mask = known[M[:, 0]] & known[M[:, 1]]
    est = float(np.mean(clear[M[mask, 0]] != clear[M[mask, 1]])) if mask.any() else 0.5
    return TieRun(est, 0, 0, link.bits)


def countsketch_word_bits(n: int) -> int:
    """Fixed word width of a CountSketch bucket: sums lie in [−n, n], so ⌈log₂(2n+1)⌉ bits."""
    return int(2 * n).bit_length()


def countsketch_hash(n: int, buckets: int, shared_seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The shared hash h: [n] → [B] and signs σ ∈ {±1}, independent and uniform, from one integer draw.

    One draw r_i uniform on [0, 2B) gives h_i = ⌊r_i/2⌋ (uniform on [0, B)) and σ_i = 1 − 2·(r_i mod 2)
    (uniform ±1, independent of h_i): the same law as two separate draws, one pass of the generator.

    >>> h, sigma = countsketch_hash(1000, 3, 0)
    >>> sorted(set(h.tolist())), sorted(set(sigma.tolist()))
    ([0, 1, 2], [-1, 1])
    """
    r = np.random.default_rng(shared_seed).integers(0, 2 * buckets, size=n, dtype=np.int64)
    return r >> 1, 1 - 2 * (r & 1)


def run_countsketch(s: np.ndarray, M: np.ndarray, buckets: int, shared_seed: int) -> TieRun:
    """Execute the CountSketch baseline (a linear sketch y = S s with B buckets).

    Shared hash h: [n] → [B] and signs σ. The server sends y_h = Σ_{h(i)=h} σ_i s_i.
    The client estimates Σ_{(i,j)∈M} s_i s_j by Σ σ_iσ_j y_{h(i)} y_{h(j)}
    (halved when h(i) = h(j), which makes it unbiased) and
    f̂ = (1 − Ẑ/(n/2))/2, clipped to [0, 1].
    """
    s = require_signs(s)
    n = s.size
    M = require_matching(M, n)
    require(isinstance(buckets, (int, np.integer)) and buckets >= 1, "buckets", "must be an integer >= 1", buckets)
    h, sigma = countsketch_hash(n, buckets, shared_seed)
    y = np.bincount(h, weights=sigma * s, minlength=buckets).astype(np.int64)
    w = countsketch_word_bits(n)
    link = Link()
    link.send_bits("server->client", y.astype(np.int64).tobytes(), y.size * w)
    i, j = M[:, 0], M[:, 1]
    hi, hj = h[i], h[j]
    same = hi == hj
    # σ_i·y_{h(i)} once per coordinate, then two gathers per pair instead of six (issue 14): the same int64
    # products, regrouped; integer multiplication is exact (and wraps identically), so terms are unchanged
    signed = sigma * y[h]
    terms = signed[i] * signed[j]
    z = float(np.sum(np.where(same, terms / 2, terms)))
    est = float(np.clip((1 - z / (n / 2)) / 2, 0, 1))
    return TieRun(est, 0, 0, link.bits)
