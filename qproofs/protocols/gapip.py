"""GapIP_τ: margin conflict detection (Theorem 4, Remark 3, Appendix D of the paper).

Claims ``thm4.grover-angle``, ``thm4.quantum-upper``, ``thm4.classical-upper``,
``thm4.ghd-reduction``, ``rem3.crossover``, ``rem3.one-round``.

Two workers hold unit vectors a, b ∈ R^n with the promise |⟨a,b⟩| ≥ τ and
decide the sign of ⟨a,b⟩ with error ≤ δ.

* Quantum, interactive (Theorem 4.1, App. D): ã = (a,1)/√2, b̃ = (b,1)/√2 and
  G = R_b R_a, R_v = 2|v⟩⟨v| − I.  In span{ã, b̃}, G rotates by 2θ with
  cos θ = ⟨ã,b̃⟩ = (1+⟨a,b⟩)/2.  One register of q = ⌈log₂(n+1)⌉ qubits plus
  the phase-estimation control qubit travels A → B → A per application of
  (controlled) G.  Iterative phase estimation: a ladder t₁ < … < t_K = T of
  powers of G (t = 1, 2, 4, … below T, then T = ⌈c₀/τ⌉), a few X-basis measurements of
  the control per rung (more on the cheap low rungs), P(0 | t) = (1 + cos 2tθ)/2; the rungs
  are combined by maximum likelihood on θ ∈ [0, π/2] (cos is injective there,
  so the eigenphase sign is immaterial), the decision is ⟨a,b⟩ ≥ 0 ⇔ θ ≤ π/3,
  and R independent repetitions are majority-voted for confidence δ.
* Quantum, one round (Remark 3): A sends m copies of |ã⟩, B swap-tests each
  against |b̃⟩ (P(0) = (1 + ⟨ã,b̃⟩²)/2) and thresholds at ⟨a,b⟩ = 0.
* Classical (Theorem 4.2): a shared-randomness Gaussian JL sketch of k rows
  (entries N(0,1/k)); A sends S·a quantised to fixed-width words.

Every message is counted by a :class:`Link` as it is sent. Parts are looked
up through module globals at call time so mutants can patch them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import stats

from qproofs.errors import require

# ----------------------------------------------------------- parameters ---

REFLECTION_FACTOR = 2.0
"""R_v = REFLECTION_FACTOR·|v⟩⟨v| − I (2 for a reflection)."""
CONTROL_QUBITS = 1
"""Phase-estimation control qubits carried with the register on every leg."""
LADDER_C0 = 1.0
"""Largest power of G is T = ⌈LADDER_C0/τ⌉."""
SHOTS_BASE = 3
SHOTS_SLOPE = 2
"""Rung k of K gets SHOTS_BASE + SHOTS_SLOPE·(K−k) control measurements: more shots on the cheap
low rungs keep the total O(1/τ) while the rung failures stay summable (robust phase estimation)."""
BASE_ERROR = 0.1
"""Design error of one (unrepeated) phase-estimation run at the adversarial margin."""
JL_ROW_CONSTANT = 2.0
"""k = ⌈JL_ROW_CONSTANT·(1+τ²)·ln(1/δ)/τ²⌉ rows (Gaussian-tail constant of the JL bound)."""
DECISION_ANGLE = math.pi / 3
"""Decide aligned iff the estimated θ ≤ DECISION_ANGLE (⟨a,b⟩ = 0 ⇔ θ = π/3)."""
ML_CHUNK = 1 << 16
"""Grid points of θ evaluated at once by :func:`ml_loglik` (bounds memory for long ladders)."""
ML_BLOCK = 32
"""Grid points per block of :func:`ml_angles`'s branch and bound (a quarter of the top rung's period at 64·T)."""
ML_BATCH_BLOCKS = 16
"""Blocks :func:`ml_angles` evaluates at once, best bound first."""
JL_CLIP = 8.0
"""Quantiser range: √k·(S a)_i is clipped to [−JL_CLIP, JL_CLIP]."""


def register_qubits(n: int) -> int:
    """Q = ⌈log₂(n+1)⌉ qubits hold a vector of R^{n+1} (the augmented ã)."""
    return int(n).bit_length()


def leg_qubits(n: int) -> int:
    """Qubits sent on one leg A→B or B→A: the register plus the control qubit."""
    return register_qubits(n) + CONTROL_QUBITS


def word_bits(n: int) -> int:
    """Fixed width of one sketch word: ⌈log₂ n⌉ bits, at least 8 (O(log n)-bit words)."""
    return max(8, int(n - 1).bit_length())


# ------------------------------------------------------------ validation ---


def require_tau(tau: float) -> float:
    """τ must lie in the open interval (0, 1)."""
    require(isinstance(tau, (int, float, np.floating)) and 0 < float(tau) < 1, "tau",
            "must lie in the open interval (0, 1)", tau)
    return float(tau)


def require_delta(delta: float) -> float:
    """δ must lie in the open interval (0, 1)."""
    require(isinstance(delta, (int, float, np.floating)) and 0 < float(delta) < 1, "delta",
            "must lie in the open interval (0, 1)", delta)
    return float(delta)


def require_unit_pair(a: np.ndarray, b: np.ndarray, atol: float = 1e-9) -> tuple[np.ndarray, np.ndarray]:
    """a, b: real 1-d vectors of the same length n ≥ 1, each of unit Euclidean norm."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    require(a.ndim == 1 and b.ndim == 1 and a.size >= 1, "a, b", "must be non-empty 1-d vectors")
    require(a.size == b.size, "b", f"must have the same length as a ({a.size})", b.size)
    norm_a, norm_b = float(np.linalg.norm(a)), float(np.linalg.norm(b))   # once each (not again for the message)
    require(abs(norm_a - 1) <= atol, "a", "must have unit norm", norm_a)
    require(abs(norm_b - 1) <= atol, "b", "must have unit norm", norm_b)
    return a, b


def require_promise(a: np.ndarray, b: np.ndarray, tau: float, atol: float = 1e-9) -> float:
    """The GapIP promise |⟨a,b⟩| ≥ τ; returns ⟨a,b⟩."""
    ip = float(a @ b)
    require(abs(ip) >= tau - atol, "a, b", f"must satisfy the promise |<a,b>| >= tau = {tau}", ip)
    return ip


# -------------------------------------------------------------- counting ---


@dataclass
class Link:
    """Counts every qubit, bit and message sent, as the protocol sends it (``direction`` names the leg)."""

    qubits: int = 0
    bits: int = 0
    messages: int = 0

    def send_qubits(self, direction: str, qubits: int, times: int = 1) -> None:
        """Send a register of ``qubits`` qubits ``times`` times along ``direction`` (one message each)."""
        self.qubits += qubits * times
        self.messages += times

    def send_bits(self, direction: str, payload: bytes | np.ndarray, bits: int) -> None:
        """Send one classical message of ``bits`` bits (``payload`` is the encoded message)."""
        self.bits += bits
        self.messages += 1


# ----------------------------------------------------- state preparation ---


def augment(v: np.ndarray) -> np.ndarray:
    """ṽ = (v, 1)/√2 ∈ R^{n+1}: unit when v is (App. D.1)."""
    return np.append(np.asarray(v, dtype=float), 1.0) / math.sqrt(2)


def reflect(state: np.ndarray, v: np.ndarray) -> np.ndarray:
    """R_v x = 2 v⟨v,x⟩ − x applied to the last axis of ``state`` in O(n) (no matrix)."""
    return REFLECTION_FACTOR * np.multiply.outer(state @ v, v) - state if state.ndim > 1 else \
        REFLECTION_FACTOR * (state @ v) * v - state


def grover_angle(a: np.ndarray, b: np.ndarray) -> float:
    """θ with cos θ = ⟨ã, b̃⟩ = (1+⟨a,b⟩)/2 ∈ [0, 1]."""
    c = float(augment(a) @ augment(b))
    return math.acos(min(1.0, max(-1.0, c)))


def apply_grover(x: np.ndarray, a_t: np.ndarray, b_t: np.ndarray) -> np.ndarray:
    """G x = R_b R_a x (A applies R_a, B applies R_b)."""
    return reflect(reflect(x, a_t), b_t)


# --------------------------------------------------- phase estimation ---


def ladder(tau: float) -> list[int]:
    """Powers of G used (Kitaev ladder): 1, 2, 4, …, 2^{K−1} < T, then T = ⌈LADDER_C0/τ⌉."""
    T = max(1, math.ceil(LADDER_C0 / tau))
    K = max(0, math.ceil(math.log2(T)))
    return sorted({2**k for k in range(K)} | {T})


def repetitions(delta: float, base_error: float | None = None) -> int:
    """Smallest odd R with P[Bin(R, p₀) ≥ (R+1)/2] ≤ δ, p₀ = BASE_ERROR (majority vote)."""
    p0 = BASE_ERROR if base_error is None else base_error
    R = 1
    while stats.binom.sf((R - 1) // 2, R, p0) > delta:
        R += 2
    return R


def rung_probabilities_plane(theta: float, ts: list[int]) -> np.ndarray:
    """Exact 2-dim invariant-subspace simulator: P(control = +) = (1 + cos 2tθ)/2 per rung."""
    return (1 + np.cos(2 * np.asarray(ts, dtype=float) * theta)) / 2


def rung_probabilities_full(a: np.ndarray, b: np.ndarray, ts: list[int]) -> np.ndarray:
    """Full (n+1)-dim simulator of controlled-G^t on |+⟩|ã⟩, then an X measurement of the control.

    The joint state is (|0⟩ ⊗ row₀ + |1⟩ ⊗ row₁)/√2; controlled-R_a (by A) and
    controlled-R_b (by B) act on row₁ only. P(+) = ‖row₀ + row₁‖²/4.
    Reflections are applied as O(n) vector operations; rows are advanced along
    the ladder cumulatively (row₁ after t applications is G^t ã).
    """
    a_t, b_t = augment(a), augment(b)
    row0 = a_t.copy()
    row1 = a_t.copy()
    done = 0
    out = []
    for t in ts:
        for _ in range(t - done):
            row1 = reflect(row1, a_t)   # A: controlled-R_a
            row1 = reflect(row1, b_t)   # B: controlled-R_b
        done = t
        out.append(float(np.sum((row0 + row1) ** 2) / 4))
    return np.clip(np.asarray(out), 0.0, 1.0)


def rung_shots(ts: list[int]) -> list[int]:
    """Shots per rung: SHOTS_BASE + SHOTS_SLOPE·(K − k)."""
    K = len(ts) - 1
    return [SHOTS_BASE + SHOTS_SLOPE * (K - k) for k in range(K + 1)]


def ml_angles(ts: list[int], plus_counts: np.ndarray, shots: list[int] | np.ndarray, grid: int | None = None
              ) -> np.ndarray:
    """Maximum-likelihood θ ∈ [0, π/2] (cos-only data) for each row of ``plus_counts``, e.g. the R repetitions.

    The estimator is the first maximiser of the log-likelihood on the grid of M = max(4096, 64·T) points
    (:func:`ml_loglik` gives its value at any grid points). The maximiser is found by branch and bound, not by
    evaluating all M points: the grid is cut into blocks of :data:`ML_BLOCK` points, each block gets an upper
    bound of the log-likelihood over its whole θ interval (:func:`ml_block_bounds`, conservative against
    rounding), and blocks are evaluated exactly, best bound first, until the next bound is below the best value
    found. Every point left out has a log-likelihood strictly below that value, so the angle returned is the
    full grid's first argmax: the same grid values, the same index (``tests/test_gapip.py`` compares with
    :func:`ml_angles_full_grid` on every audited ladder), at a few percent of the cost for long ladders.

    >>> ts = ladder(0.1)
    >>> counts = np.array([[3, 3, 2, 1, 0], [0, 0, 0, 0, 0]], float)
    >>> a = ml_angles(ts, counts, rung_shots(ts))
    >>> [float(x) == float(ml_angles(ts, c[None, :], rung_shots(ts))[0]) for x, c in zip(a, counts)]
    [True, True]
    >>> bool(np.array_equal(a, ml_angles_full_grid(ts, counts, rung_shots(ts))))
    True
    """
    counts = np.asarray(plus_counts, float)
    M = grid or max(4096, 64 * max(ts))
    th = np.linspace(0, math.pi / 2, M)
    bounds = ml_block_bounds(ts, counts, shots, th)
    out = np.empty(counts.shape[0])
    for r in range(counts.shape[0]):
        order = np.argsort(-bounds[r], kind="stable")
        best, best_i, done = -math.inf, M, 0
        while done < order.size and bounds[r, order[done]] >= best:
            blocks = np.sort(order[done:done + ML_BATCH_BLOCKS])
            done += blocks.size
            idx = (blocks[:, None] * ML_BLOCK + np.arange(ML_BLOCK)).ravel()
            idx = idx[idx < M]
            ll = ml_loglik(ts, counts[r:r + 1], shots, th[idx])[0]
            j = int(np.argmax(ll))
            if ll[j] > best or (ll[j] == best and idx[j] < best_i):
                best, best_i = float(ll[j]), int(idx[j])
        if best_i == M:     # no finite value anywhere (e.g. NaN counts): the full grid's argmax, as before
            best_i = int(np.argmax(ml_loglik(ts, counts[r:r + 1], shots, th)[0]))
        out[r] = th[best_i]
    return out


def ml_loglik(ts: list[int], plus_counts: np.ndarray, shots: list[int] | np.ndarray, thetas: np.ndarray
              ) -> np.ndarray:
    """Log-likelihood of each row of ``plus_counts`` at the angles ``thetas`` (rows × angles), P(+ | t) clipped.

    One expression for every caller (the branch and bound, the full grid), evaluated elementwise with the rung
    sum in rung order, so a point's value does not depend on which other points are evaluated with it.

    >>> ll = ml_loglik([1], np.array([[3.0]]), [3], np.array([0.0, math.pi / 4]))   # 3 of 3 shots "+"
    >>> bool(ll[0, 0] > ll[0, 1]), round(float(ll[0, 1]), 4)                         # θ = 0 is likelier
    (True, -2.0794)
    """
    t = np.asarray(ts, float)[:, None]
    m = np.asarray(shots, float)[:, None]
    counts = np.asarray(plus_counts, float)
    thetas = np.asarray(thetas, float)
    ll = np.empty((counts.shape[0], thetas.size))
    for lo in range(0, thetas.size, ML_CHUNK):            # bounded memory: len(ts) × ML_CHUNK at a time
        p = np.clip((1 + np.cos(2 * t * thetas[lo:lo + ML_CHUNK])) / 2, 1e-12, 1 - 1e-12)
        log_p, log_q = np.log(p), np.log1p(-p)
        for r in range(counts.shape[0]):
            k = counts[r][:, None]
            ll[r, lo:lo + ML_CHUNK] = np.sum(k * log_p + (m - k) * log_q, axis=0)
    return ll


def ml_block_bounds(ts: list[int], plus_counts: np.ndarray, shots: list[int] | np.ndarray, th: np.ndarray
                    ) -> np.ndarray:
    """Upper bounds (rows × blocks) of :func:`ml_loglik` over each block of :data:`ML_BLOCK` grid points.

    On a block's interval [θa, θb] the phase φ = 2tθ of rung t runs over [2tθa, 2tθb]; cos φ reaches 1 there
    iff the interval holds a multiple of 2π, −1 iff it holds an odd multiple of π, and otherwise its extremes are
    at the ends. So p = (1 + cos φ)/2 ∈ [p_lo, p_hi], and k·log p + (m − k)·log(1 − p) ≤ k·log p_hi +
    (m − k)·log(1 − p_lo) for k, m − k ≥ 0 (a negative coefficient takes the other end). Rounding: the tests for
    a multiple are widened by 10⁻⁹ of a turn, p_hi and p_lo are moved 10⁻¹⁴ outwards (a computed cos is within an ulp of the true one, and fl(2t·θ) is monotone in θ), and
    the sum gets 10⁻⁹ of its terms' magnitudes: the bound is above every computed grid value of the block.

    >>> th = np.linspace(0, math.pi / 2, 64)
    >>> counts = np.array([[3.0, 1.0]])
    >>> bounds = ml_block_bounds([1, 2], counts, [3, 3], th)
    >>> ll = ml_loglik([1, 2], counts, [3, 3], th)
    >>> bounds.shape, bool(np.all(bounds >= ll.reshape(1, -1, ML_BLOCK).max(axis=2)))
    ((1, 2), True)
    """
    M = th.size
    starts = np.arange(0, M, ML_BLOCK)
    ends = np.minimum(starts + ML_BLOCK, M) - 1
    t = np.asarray(ts, float)[:, None]
    lo_phi, hi_phi = 2 * t * th[starts], 2 * t * th[ends]
    turn = 2 * math.pi
    has_top = np.floor(hi_phi / turn + 1e-9) >= np.ceil(lo_phi / turn - 1e-9)
    has_bottom = np.floor((hi_phi - math.pi) / turn + 1e-9) >= np.ceil((lo_phi - math.pi) / turn - 1e-9)
    c_lo, c_hi = np.cos(lo_phi), np.cos(hi_phi)
    p_hi = np.where(has_top, 1.0, (1 + np.maximum(c_lo, c_hi)) / 2) + 1e-14
    p_lo = np.where(has_bottom, 0.0, (1 + np.minimum(c_lo, c_hi)) / 2) - 1e-14
    hi, lo = np.clip(p_hi, 1e-12, 1 - 1e-12), np.clip(p_lo, 1e-12, 1 - 1e-12)
    log_p_hi, log_p_lo, log_q_hi, log_q_lo = np.log(hi), np.log(lo), np.log1p(-lo), np.log1p(-hi)
    k = np.asarray(plus_counts, float)
    miss = np.asarray(shots, float)[None, :] - k
    bound = (np.maximum(k, 0) @ log_p_hi - np.maximum(-k, 0) @ log_p_lo
             + np.maximum(miss, 0) @ log_q_hi - np.maximum(-miss, 0) @ log_q_lo)
    return bound + 1e-9 * (np.abs(k) @ np.abs(log_p_lo) + np.abs(miss) @ np.abs(log_q_lo)) + 1e-9


def ml_angles_full_grid(ts: list[int], plus_counts: np.ndarray, shots: list[int] | np.ndarray,
                        grid: int | None = None) -> np.ndarray:
    """The estimator of :func:`ml_angles` by evaluating every grid point (the reference it is tested against).

    >>> ts = ladder(0.2)
    >>> counts = np.array([[3, 3, 1, 0]], float)
    >>> bool(ml_angles_full_grid(ts, counts, rung_shots(ts))[0] == ml_angles(ts, counts, rung_shots(ts))[0])
    True
    """
    M = grid or max(4096, 64 * max(ts))
    th = np.linspace(0, math.pi / 2, M)
    return th[np.argmax(ml_loglik(ts, plus_counts, shots, th), axis=1)]


@dataclass(frozen=True)
class GapIPRun:
    """Outcome and executed cost of one GapIP run."""

    decision: int          # +1 aligned (⟨a,b⟩ ≥ τ), −1 conflicted
    qubits: int
    round_trips: int
    repetitions: int
    ladder: tuple[int, ...]
    votes: tuple[int, ...]
    register_qubits: int


def run_quantum(
    a: np.ndarray | None,
    b: np.ndarray | None,
    tau: float,
    delta: float,
    rng: np.random.Generator,
    *,
    simulator: str = "full",
    theta: float | None = None,
    n: int | None = None,
) -> GapIPRun:
    """Execute the interactive GapIP protocol (Theorem 4.1 / App. D).

    ``simulator="full"`` applies the reflections to (n+1)-dim vectors;
    ``simulator="plane"`` uses the exact 2-dim invariant subspace and needs only
    θ (from ``a``, ``b`` or given) and n. Shots of one rung are identical
    independent runs: the simulator computes their pre-measurement state once
    and samples each shot's outcome from it; the :class:`Link` counts every
    shot's round trips.
    """
    tau = require_tau(tau)
    delta = require_delta(delta)
    require(simulator in ("full", "plane"), "simulator", "must be 'full' or 'plane'", simulator)
    if a is not None and b is not None:
        a, b = require_unit_pair(a, b)
        require_promise(a, b, tau)
        n = a.size
        theta = grover_angle(a, b)
    require(n is not None and theta is not None, "a, b", "must be given (or theta and n for the plane simulator)")
    assert n is not None and theta is not None
    ts = ladder(tau)
    if simulator == "full":
        require(a is not None, "a", "the full simulator needs the vectors")
        probs = rung_probabilities_full(a, b, ts)  # type: ignore[arg-type]
    else:
        probs = rung_probabilities_plane(theta, ts)
    R = repetitions(delta)
    leg = leg_qubits(n)
    link = Link()
    shots = rung_shots(ts)
    all_counts = np.zeros((R, len(ts)))
    for rep in range(R):
        for r, t in enumerate(ts):
            for _shot in range(shots[r]):
                link.send_qubits("A->B", leg, times=t)   # A applied controlled-R_a, sends register + control
                link.send_qubits("B->A", leg, times=t)   # B applied controlled-R_b, returns them
            all_counts[rep, r] = rng.binomial(shots[r], probs[r])
    # the R repetitions are independent runs; their ML angles share the rung tables (ml_angles: same values)
    votes = [1 if th <= DECISION_ANGLE else -1 for th in ml_angles(ts, all_counts, shots)]
    decision = 1 if sum(votes) > 0 else -1
    return GapIPRun(decision, link.qubits, link.messages // 2, R, tuple(ts), tuple(votes), register_qubits(n))


# ------------------------------------------------------------- one round ---


@dataclass(frozen=True)
class OneRoundRun:
    """Outcome and executed cost of the one-round swap-test protocol."""

    decision: int
    copies: int
    qubits: int


def swap_test_plus_probability(a: np.ndarray, b: np.ndarray) -> float:
    """P(swap-test ancilla = 0) = (1 + |⟨ã,b̃⟩|²)/2 for the states A sent and B holds."""
    return (1 + float(augment(a) @ augment(b)) ** 2) / 2


ONE_ROUND_THRESHOLD = 5 / 8
"""⟨a,b⟩ = 0 ⇔ ⟨ã,b̃⟩ = 1/2 ⇔ P(0) = (1 + 1/4)/2 = 5/8."""


def run_one_round_batch(p_plus: float, n: int, copies: int, trials: int, rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """``trials`` independent one-round runs: A sends ``copies`` copies, B swap-tests each.

    Returns (decisions ±1, qubits sent per run, counted by the link). Swap-test
    outcomes are Bernoulli(p_plus) (the Born rule of the swap test on the two
    (n+1)-dim states); B decides aligned iff the fraction of 0 outcomes ≥ 5/8.
    """
    require(copies >= 1, "copies", "must be >= 1", copies)
    link = Link()
    link.send_qubits("A->B", register_qubits(n), times=copies)
    zeros = rng.binomial(copies, p_plus, size=trials)
    return np.where(zeros >= ONE_ROUND_THRESHOLD * copies, 1, -1), link.qubits


def run_one_round(a: np.ndarray, b: np.ndarray, tau: float, copies: int, rng: np.random.Generator) -> OneRoundRun:
    """One executed one-round run on the vectors (validated inputs)."""
    require_tau(tau)
    a, b = require_unit_pair(a, b)
    require_promise(a, b, tau)
    d, q = run_one_round_batch(swap_test_plus_probability(a, b), a.size, copies, 1, rng)
    return OneRoundRun(int(d[0]), copies, q)


# ---------------------------------------------------------- classical JL ---


def jl_rows(tau: float, delta: float) -> int:
    """Rows of the Theorem 4.2 sketch: k = ⌈C(1+τ²) ln(1/δ)/τ²⌉."""
    return math.ceil(JL_ROW_CONSTANT * (1 + tau**2) * math.log(1 / delta) / tau**2)


def sketch_rows_used(k: int) -> int:
    """Rows A actually draws and sends for a requested k (k; patched by mutants)."""
    return k


def quantise(x: np.ndarray, k: int, bits: int) -> np.ndarray:
    """Signed fixed-point words: round(√k·x / JL_CLIP · (2^{bits−1}−1)), saturated."""
    levels = 2 ** (bits - 1) - 1
    return np.clip(np.rint(np.asarray(x) * math.sqrt(k) / JL_CLIP * levels), -levels, levels).astype(np.int64)


def dequantise(words: np.ndarray, k: int, bits: int) -> np.ndarray:
    """Inverse of :func:`quantise` (up to rounding)."""
    levels = 2 ** (bits - 1) - 1
    return np.asarray(words, float) * JL_CLIP / levels / math.sqrt(k)


@dataclass(frozen=True)
class JLRun:
    """Outcome and executed cost of one JL sketch run."""

    decision: int
    rows: int
    bits: int
    estimate: float
    messages: int          # messages A sent (one: the protocol is one-way), counted by the link


def run_jl(a: np.ndarray, b: np.ndarray, tau: float, k: int, shared_seed: int) -> JLRun:
    """Execute the JL protocol: both draw S (k×n, N(0,1/k)) from the shared seed; A sends Q(S a).

    The bits are counted from the encoded message actually sent (k words of
    :func:`word_bits` bits); B decides aligned iff ⟨Q(Sa), Sb⟩ ≥ 0.
    """
    require_tau(tau)
    a, b = require_unit_pair(a, b)
    require(k >= 1, "k", "must be >= 1", k)
    n = a.size
    rows = sketch_rows_used(k)
    S = np.random.default_rng(shared_seed).normal(0.0, 1 / math.sqrt(k), size=(rows, n))
    w = word_bits(n)
    words = quantise(S @ a, k, w)
    payload = np.packbits(((words[:, None] & (1 << np.arange(w))) > 0).astype(np.uint8).ravel())
    link = Link()
    link.send_bits("A->B", payload, words.size * w)
    received = unpack_words(payload, rows, w)        # B decodes what was sent, not A's words
    est = float(dequantise(received, k, w) @ (S @ b))
    return JLRun(1 if est >= 0 else -1, rows, link.bits, est, link.messages)


def unpack_words(payload: np.ndarray, count: int, bits: int) -> np.ndarray:
    """B's decoder of :func:`run_jl`'s message: ``count`` two's-complement words of ``bits`` bits, LSB first.

    >>> w = np.array([-127, -1, 0, 5, 127])
    >>> packed = np.packbits(((w[:, None] & (1 << np.arange(8))) > 0).astype(np.uint8).ravel())
    >>> unpack_words(packed, 5, 8).tolist()
    [-127, -1, 0, 5, 127]
    """
    bitmat = np.unpackbits(np.asarray(payload, dtype=np.uint8))[:count * bits].reshape(count, bits).astype(np.int64)
    unsigned = bitmat @ (np.int64(1) << np.arange(bits, dtype=np.int64))
    return np.where(unsigned >= 1 << (bits - 1), unsigned - (1 << bits), unsigned)


def jl_sketch_pair_law(ip: float, k: int, rows: int, trials: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(S a, S b) for ``trials`` Gaussian sketches, drawn in the 2-dim span: exact in law (the reference path)."""
    g = rng.normal(0.0, 1 / math.sqrt(k), size=(trials, rows, 2))
    return g[..., 0], ip * g[..., 0] + math.sqrt(max(0.0, 1 - ip * ip)) * g[..., 1]


JL_CHUNK = 1 << 21
"""Gaussian entries drawn at once by :func:`jl_estimate_law` (bounds memory at k ≈ 10^6 rows)."""


def jl_estimate_law(ip: float, k: int, rows: int, bits: int, trials: int, rng: np.random.Generator) -> np.ndarray:
    """B's estimates ⟨deQ(Q(S a)), S b⟩ for ``trials`` Gaussian sketches: exact in law, half the Gaussians.

    Why exact: in the 2-dim law of :func:`jl_sketch_pair_law`, S a = h/√k and S b = (ρ h + √(1−ρ²) h′)/√k with
    h, h′ independent standard normal vectors of ``rows`` entries. A's words y = Q(S a) = clip(rint(h·L/C)) depend
    on h only (L = 2^{bits−1} − 1 levels, C = JL_CLIP), and the estimate is (C/(L k))·(ρ⟨y, h⟩ + √(1−ρ²)⟨y, h′⟩).
    Given h, ⟨y, h′⟩ is exactly Normal(0, ‖y‖²), so it is drawn as ‖y‖·Z with one standard normal Z per trial
    instead of ``rows`` normals. The words y are computed exactly as :func:`quantise` computes them (same
    rounding and saturation), so the estimate has the law of the reference path, not an approximation of it.
    Compared with the reference path by ``tests/test_gapip.py`` (two-sample KS test, stated false-alarm).

    >>> est = jl_estimate_law(0.5, 64, 64, 8, 2000, np.random.default_rng(0))
    >>> est.shape, bool(abs(est.mean() - 0.5) < 0.05)
    ((2000,), True)
    """
    return _jl_estimates(ip, math.sqrt(max(0.0, 1 - ip * ip)), k, rows, bits, trials, rng)


def _jl_estimates(ip: float, ortho: float, k: int, rows: int, bits: int, trials: int,
                  rng: np.random.Generator) -> np.ndarray:
    """:func:`jl_estimate_law` with the orthogonal weight √(1−ρ²) given (``ortho``), chunked over trials."""
    levels = 2 ** (bits - 1) - 1
    gain = levels / JL_CLIP
    out = np.empty(trials)
    per = max(1, JL_CHUNK // max(1, rows))
    # two chunk buffers reused across chunks (no fresh 16 MB arrays per chunk); standard_normal(out=) fills them
    # from the same stream, in the same order, as standard_normal((m, rows)) would (same values)
    size = min(per, trials) * rows
    h_buf, y_buf = np.empty(size), np.empty(size)
    for lo in range(0, trials, per):
        m = min(per, trials - lo)
        h = h_buf[:m * rows].reshape(m, rows)
        rng.standard_normal(out=h)
        y = np.multiply(h, gain, out=y_buf[:m * rows].reshape(m, rows))
        np.rint(y, out=y)
        np.clip(y, -levels, levels, out=y)
        along = np.einsum("ij,ij->i", y, h)
        norm = np.sqrt(np.einsum("ij,ij->i", y, y))
        out[lo:lo + m] = (ip * along + ortho * norm * rng.standard_normal(m)) * (JL_CLIP / levels / k)
    return out


def jl_bits(n: int, k: int) -> int:
    """Bits of one JL message for k requested rows: :func:`sketch_rows_used` words of :func:`word_bits` bits.

    >>> jl_bits(1024, 100)
    1000
    """
    return sketch_rows_used(k) * word_bits(n)


def jl_error_curve(ip: float, n: int, ks: list[int], trials: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Error rate of the JL protocol at ⟨a,b⟩ = ip for every k in ``ks`` (fast exact-in-law simulator).

    A Gaussian S is rotation invariant, so (S a, S b) has the law of G·(e₁, ρe₁ + √(1−ρ²)e₂)
    with G a k×2 matrix of N(0,1/k) entries: the 2-dim reduction is exact in
    distribution; :func:`jl_estimate_law` further conditions on the first column (exact in law). Each run sends
    :func:`sketch_rows_used` (k) words; returns (error rates, bits per run counted from the message length).
    """
    w = word_bits(n)
    errs, bits = [], []
    truth = 1 if ip >= 0 else -1
    for k in ks:
        rows = sketch_rows_used(k)
        est = jl_estimate_law(ip, k, rows, w, trials, rng)
        errs.append(float(np.mean(np.where(est >= 0, 1, -1) != truth)))
        bits.append(rows * w)
    return np.asarray(errs), np.asarray(bits)


def jl_error_curve_reference(ip: float, n: int, ks: list[int], trials: int, rng: np.random.Generator
                             ) -> tuple[np.ndarray, np.ndarray]:
    """The former simulator of :func:`jl_error_curve`, kept as the reference the fast path is compared with.

    Both Gaussian columns are drawn and :func:`quantise` / :func:`dequantise` applied to the first.

    >>> errs, bits = jl_error_curve_reference(0.2, 1024, [1, 400], 2000, np.random.default_rng(0))
    >>> bool(errs[0] > errs[1]), bits.tolist()
    (True, [10, 4000])
    """
    w = word_bits(n)
    errs, bits = [], []
    truth = 1 if ip >= 0 else -1
    for k in ks:
        rows = sketch_rows_used(k)
        sa, sb = jl_sketch_pair_law(ip, k, rows, trials, rng)
        est = np.sum(dequantise(quantise(sa, k, w), k, w) * sb, axis=1)
        errs.append(float(np.mean(np.where(est >= 0, 1, -1) != truth)))
        bits.append(rows * w)
    return np.asarray(errs), np.asarray(bits)


def smallest_passing(grid: list[int], errors: np.ndarray, delta: float) -> int | None:
    """Smallest grid value from which on every error rate is ≤ δ (robust to noise)."""
    ok = np.asarray(errors) <= delta
    for i in range(len(grid)):
        if ok[i:].all():
            return grid[i]
    return None


def search_smallest(error_at: Callable[[int], float], lo: int, hi: int, delta: float,
                    ratio: float = 1.08, guess: int | None = None) -> tuple[int | None, dict[int, float]]:
    """Smallest k on a geometric grid in [lo, hi] with error_at(k) ≤ δ (bisection; error assumed monotone).

    Returns (k or None if even ``hi`` fails, {k: error} of every evaluation). With ``guess`` (a predicted k)
    the bracket is found by galloping outwards from the grid point nearest the guess (steps 1, 2, 4, … grid
    points) until a failing and a passing point enclose the answer, then bisected: on a monotone error curve
    the answer is the same grid point as without a guess, with fewer evaluations far above it (the costly ones);
    ``hi`` is evaluated only if every point below it fails.
    """
    grid = geometric_grid(lo, hi, ratio)
    if grid[-1] > hi:
        grid[-1] = hi
    seen: dict[int, float] = {}

    def ok(i: int) -> bool:
        k = grid[i]
        if k not in seen:
            seen[k] = float(error_at(k))
        return seen[k] <= delta

    last = len(grid) - 1
    if guess is None:
        left, found = -1, (last if ok(last) else None)   # invariant: grid[right] passes, grid[left] fails (or -1)
    else:
        left, found = _gallop(ok, int(np.searchsorted(grid, guess)), last)
    if found is None:
        return None, seen
    right = found
    while right - left > 1:
        mid = (left + right) // 2
        if ok(mid):
            right = mid
        else:
            left = mid
    return grid[right], seen


def _gallop(ok: Callable[[int], bool], start: int, last: int) -> tuple[int, int | None]:
    """(left, right) grid indices with ok(right) and not ok(left) (left = −1: none fails), galloping from start."""
    start = min(max(start, 0), last)
    step = 1
    if ok(start):
        right = start
        while True:
            i = right - step
            if i < 0:
                return -1, right
            if not ok(i):
                return i, right
            right, step = i, 2 * step
    left = start
    while True:
        i = min(left + step, last)
        if ok(i):
            return left, i
        if i == last:
            return left, None
        left, step = i, 2 * step


def geometric_grid(lo: int, hi: int, ratio: float = 1.12) -> list[int]:
    """Integers lo..hi spaced geometrically."""
    out = [max(1, lo)]
    while out[-1] < hi:
        out.append(max(out[-1] + 1, int(math.ceil(out[-1] * ratio))))
    return out


def run_whole_vector(a: np.ndarray, b: np.ndarray, tau: float) -> JLRun:
    """The trivial protocol: A sends all n coordinates as :func:`word_bits`-bit words (n·b bits)."""
    require_tau(tau)
    a, b = require_unit_pair(a, b)
    n = a.size
    w = word_bits(n)
    levels = 2 ** (w - 1) - 1
    words = np.clip(np.rint(a * levels), -levels, levels).astype(np.int64)
    link = Link()
    link.send_bits("A->B", words.tobytes(), words.size * w)
    est = float((words / levels) @ b)
    return JLRun(1 if est >= 0 else -1, n, link.bits, est, link.messages)


def dither_levels(tau: float, delta: float) -> int:
    """L = ⌈√(ln(1/δ)/2)/τ⌉ quantisation levels per unit: enough for the dithered whole vector to err ≤ δ.

    With a shared subtractive dither the rounding errors e_i are independent, uniform on ±1/(2L) and
    independent of the input, so ⟨e, b⟩ has Hoeffding tail P(⟨e, b⟩ ≤ −τ) ≤ exp(−2τ²L²) ≤ δ for every
    unit b (Remark 3's whole-vector baseline, ``rem3.crossover``).

    >>> dither_levels(0.1, 0.05)
    13
    """
    require_tau(tau)
    require(0 < delta < 1, "delta", "must lie in (0, 1)", delta)
    return max(1, math.ceil(math.sqrt(math.log(1 / delta) / 2) / tau))


def dithered_word_bits(tau: float, delta: float) -> int:
    """Width of one dithered word: a sign and the magnitude ≤ L + 1 (independent of n).

    >>> dithered_word_bits(0.1, 0.05)     # independent of n
    5
    """
    return 1 + (dither_levels(tau, delta) + 1).bit_length()


def run_whole_vector_dithered(a: np.ndarray, b: np.ndarray, tau: float, delta: float, shared_seed: int, *,
                              level_scale: float = 1.0) -> JLRun:
    """The cheapest sound whole-vector protocol executed here: words only as wide as the margin τ needs.

    A sends k_i = round(L·a_i + u_i) with a shared dither u_i ~ U(−½, ½) (:func:`dither_levels` L,
    :func:`dithered_word_bits` bits each, ≈ log₂(1/τ), not log₂ n); B decides on ⟨(k − u)/L, b⟩ ≥ 0.
    Error ≤ δ on every promise input (one-sided Hoeffding bound; see :func:`dither_levels`).
    ``level_scale`` (default 1, the sound width) scales L, for negative controls only.

    >>> import numpy as np
    >>> a = np.random.default_rng(0).choice([-1, 1], 64) / 8
    >>> run_whole_vector_dithered(a, a.copy(), 0.1, 0.05, shared_seed=1).decision   # ⟨a, a⟩ = 1 > τ
    1
    """
    require_tau(tau)
    a, b = require_unit_pair(a, b)
    L = max(1, math.ceil(level_scale * dither_levels(tau, delta)))
    w = 1 + (L + 1).bit_length()
    u = np.random.default_rng(shared_seed).uniform(-0.5, 0.5, size=a.size)
    words = np.rint(L * a + u).astype(np.int64)
    link = Link()
    link.send_bits("A->B", words.tobytes(), words.size * w)
    est = float(((words - u) / L) @ b)
    return JLRun(1 if est >= 0 else -1, a.size, link.bits, est, link.messages)


def pairwise_quantum_total(workers: int, per_pair: float) -> float:
    """Remark 3: the quantum test is pairwise, m(m−1)/2 runs for m workers."""
    return workers * (workers - 1) / 2 * per_pair


def broadcast_classical_total(workers: int, per_sketch: float) -> float:
    """Remark 3: classically every worker broadcasts one sketch, m sketches in total."""
    return workers * per_sketch


# ------------------------------------------------------------- instances ---


def promise_pair(n: int, ip: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Random unit a, b ∈ R^n with ⟨a,b⟩ = ip exactly (adversarial when ip = ±τ)."""
    require(isinstance(n, (int, np.integer)) and n >= 2, "n", "must be an integer >= 2", n)
    require(-1 <= ip <= 1, "ip", "must lie in [-1, 1]", ip)
    a = rng.normal(size=n)
    a /= np.linalg.norm(a)
    u = rng.normal(size=n)
    u -= (u @ a) * a
    u /= np.linalg.norm(u)
    b = ip * a + math.sqrt(max(0.0, 1 - ip * ip)) * u
    b /= np.linalg.norm(b)
    return a, b


def promise_instance(n: int, tau: float, rng: np.random.Generator, adversarial: bool = True) -> tuple[np.ndarray, np.ndarray, int]:
    """(a, b, truth): truth = ±1 uniformly; ⟨a,b⟩ = ±τ exactly if adversarial, else ±U[τ, 1]."""
    tau = require_tau(tau)
    sign = 1 if rng.random() < 0.5 else -1
    mag = tau if adversarial else float(rng.uniform(tau, 1.0))
    a, b = promise_pair(n, sign * mag, rng)
    return a, b, sign


def ghd_vectors(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x/√n, y/√n for ±1 strings x, y (Theorem 4.2 lower-bound embedding)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    require(x.shape == y.shape and x.ndim == 1 and x.size >= 1, "y", "must be a ±1 string of the same length as x")
    require(bool(np.all(np.abs(x) == 1) and np.all(np.abs(y) == 1)), "x, y", "must have entries ±1")
    return x / math.sqrt(x.size), y / math.sqrt(y.size)


def ghd_tau(n: int) -> float:
    """τ = 2/√n: the GHD gap Δ ≤ n/2 − √n vs Δ ≥ n/2 + √n in inner-product units."""
    return 2 / math.sqrt(n)


def ghd_instance(n: int, far: bool, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """±1 strings at Hamming distance ⌈n/2+√n⌉ (far) or ⌊n/2−√n⌋ (close)."""
    require(n >= 4, "n", "must be >= 4", n)
    d = math.ceil(n / 2 + math.sqrt(n)) if far else math.floor(n / 2 - math.sqrt(n))
    d = min(max(d, 0), n)
    x = rng.choice([-1, 1], size=n)
    y = x.copy()
    flip = rng.choice(n, size=d, replace=False)
    y[flip] *= -1
    return x, y
