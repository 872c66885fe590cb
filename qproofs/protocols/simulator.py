"""The simulator of Lemmas 1–2 and Theorem 3, beside the real protocol's views.

Claims ``lemma1.simulatable``, ``lemma2.ideal-leakage-zero``, ``thm3.multiround``.

Real protocol (one copy, exact GHZ): node j applies diag(1, e^{2πi x_j/d}),
everyone measures X and broadcasts; computed from the state vector by
:mod:`qproofs.protocols.vga`. The *simulator* never sees an honest input: given
the coalition C's inputs x_C and the honest sum s_H = Σ_{j∉C} x_j (mod d) it
sets Φ = 2π(Σ x_C + s_H)/d, draws the coalition's bits uniformly (the X
outcomes of any proper subset of a phased GHZ are uniform) and then the honest
bits h with

    P(h | c) = (1 + (−1)^{|c|+|h|} cos Φ) / 2^{|H|}     (Lemma 1's formula).

Multi-round (Theorem 3): round-t inputs may depend on the public history
(a model iterate): x_j^t = (x_j + t·u_{t−1}) mod d with u_{t−1} the previous
recovered aggregate; each round is a fresh GHZ copy. The simulator is run
round by round from (x_C^t, s_H^t), exactly as the ideal functionality would
serve the sums.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from functools import reduce
from itertools import product

import numpy as np

from qproofs.errors import require
from qproofs.protocols import attacks, vga
from qproofs.quantum.measures import mutual_information_table, total_variation


def require_coalition(coalition: Sequence[int], n: int) -> tuple[int, ...]:
    """A coalition is a non-empty proper subset of the n nodes.

    >>> require_coalition([2, 0, 2], 4)
    (0, 2)
    >>> require_coalition([0, 1], 2)
    Traceback (most recent call last):
    ...
    qproofs.errors.InvalidParameter: coalition = [0, 1]: must leave at least one honest node (not every node)
    """
    require(isinstance(n, int | np.integer) and n >= 2, "N", "must be an integer >= 2", n)
    c = tuple(sorted(set(int(j) for j in coalition)))
    require(len(c) >= 1, "coalition", "must be non-empty", list(coalition))
    require(len(c) < n, "coalition", "must leave at least one honest node (not every node)", list(coalition))
    require(all(0 <= j < n for j in c), "coalition", f"must contain node indices in 0..{n - 1}", list(coalition))
    return c


def all_coalitions(n: int) -> list[tuple[int, ...]]:
    """Every non-empty proper subset of the n nodes.

    >>> all_coalitions(3)
    [(0,), (1,), (0, 1), (2,), (0, 2), (1, 2)]
    """
    return [tuple(j for j in range(n) if mask >> j & 1) for mask in range(1, 2**n - 1)]


# ---------------------------------------------------------------- real ---


def real_view(n: int, inputs: Sequence[int], d: int = 2) -> np.ndarray:
    """P(b) of the N broadcast bits, from the exact GHZ state (VGA readout, no attack).

    Paper Definition 1: the broadcast parity is the sum mod 2 (here x = (1, 0): odd bit strings only).

    >>> np.round(real_view(2, [1, 0]), 6).tolist()
    [0.0, 0.5, 0.5, 0.0]
    """
    psi = vga.distribute(n, attacks.identity(n))
    return vga.readout_distribution(psi, n, np.asarray(inputs), d)


# ----------------------------------------------------------- simulator ---


def honest_sum(inputs: Sequence[int], coalition: Sequence[int], d: int) -> int:
    """s_H = Σ_{j∉C} x_j mod d: all the ideal functionality hands the simulator.

    >>> honest_sum([1, 2, 3], [0], 4)
    1
    """
    return int(sum(int(x) for j, x in enumerate(inputs) if j not in set(coalition)) % d)


def simulated_view(n: int, coalition: Sequence[int], coalition_inputs: Sequence[int], s_honest: int,
                   d: int = 2) -> np.ndarray:
    """P(b) produced by the simulator from (x_C, s_H) only (Lemma 1).

    Paper Lemma 1 (claim ``lemma1.simulatable``): the simulator reproduces the real view from (x_C, s_H).

    >>> bool(np.allclose(simulated_view(3, [0], [1], 1), real_view(3, [1, 0, 1])))
    True
    """
    C = require_coalition(coalition, n)
    require(len(coalition_inputs) == len(C), "coalition_inputs", "must give one input per coalition node",
            list(coalition_inputs))
    phi = SIMULATOR_PHASE(sum(int(v) for v in coalition_inputs), int(s_honest), d)
    bits = vga.bit_table(n)
    H = [j for j in range(n) if j not in C]
    c_par = bits[:, list(C)].sum(axis=1)
    h_par = bits[:, H].sum(axis=1)
    p_c = 0.5 ** len(C)  # coalition bits uniform
    p_h_given_c = (1 + (-1.0) ** (c_par + h_par) * np.cos(phi)) / 2 ** len(H)
    return p_c * p_h_given_c


def simulator_phase(sum_coalition: int, s_honest: int, d: int) -> float:
    """Φ = 2π(Σx_C + s_H)/d: the only place the simulator uses its inputs (patch point).

    >>> round(simulator_phase(1, 2, 4) / np.pi, 6)
    1.5
    """
    return 2 * np.pi * (sum_coalition + s_honest) / d


SIMULATOR_PHASE = simulator_phase
"""The simulator's phase from its inputs (public seam: a mutant forgets the coalition's phase)."""


def honest_even_probability(coalition_parity: int, phi: float) -> float:
    """P(|h| even | c) = (1 + (−1)^{|c|} cos Φ)/2: the honest parity's law given the coalition's bits (Lemma 1).

    >>> honest_even_probability(0, 0.0), honest_even_probability(1, 0.0)
    (1.0, 0.0)
    """
    return float((1 + (-1) ** int(coalition_parity) * np.cos(phi)) / 2)


def sample_simulated_view(n: int, coalition: Sequence[int], coalition_inputs: Sequence[int], s_honest: int,
                          rng: np.random.Generator, d: int = 2) -> tuple[int, ...]:
    """One view drawn by the simulator: coalition bits uniform, then honest bits from P(h | c).

    >>> b = sample_simulated_view(3, [0], [1], 1, np.random.default_rng(0))
    >>> len(b), sum(b) % 2
    (3, 0)
    """
    C = require_coalition(coalition, n)
    H = [j for j in range(n) if j not in C]
    phi = SIMULATOR_PHASE(sum(int(v) for v in coalition_inputs), int(s_honest), d)
    c_bits = rng.integers(0, 2, size=len(C))
    p_even = honest_even_probability(int(c_bits.sum()) % 2, phi)
    h_bits = rng.integers(0, 2, size=len(H))
    want_even = rng.random() < p_even
    if (int(h_bits.sum()) % 2 == 0) != want_even:
        h_bits[0] ^= 1
    out = [0] * n
    for j, b in zip(C, c_bits, strict=True):
        out[j] = int(b)
    for j, b in zip(H, h_bits, strict=True):
        out[j] = int(b)
    return tuple(out)


def view_gap(n: int, coalition: Sequence[int], inputs: Sequence[int], d: int = 2) -> float:
    """Total variation between the real view and the simulator's, for one input vector.

    Paper Lemma 1 (claim ``lemma1.simulatable``): zero for every coalition and input.

    >>> round(view_gap(3, [0, 2], [1, 1, 0]), 9) + 0.0, round(view_gap(2, [1], [0, 1], d=3), 9) + 0.0
    (0.0, 0.0)
    """
    C = require_coalition(coalition, n)
    real = real_view(n, inputs, d)
    sim = simulated_view(n, C, [inputs[j] for j in C], honest_sum(inputs, C, d), d)
    return total_variation(real, sim)


# ------------------------------------------------------------- Lemma 2 ---


def ideal_leakage(n: int, node: int, d: int = 2) -> float:
    """I(X_i ; B | S) in bits for a passive outside Eve who sees the broadcast bits B.

    Inputs i.i.d. uniform on Z_d, S = Σ_j x_j mod d; exact GHZ; computed from the
    exact joint table p(x_i, s, b).

    Paper Lemma 2 (claim ``lemma2.ideal-leakage-zero``).

    >>> round(ideal_leakage(3, 0), 9) + 0.0
    0.0
    """
    require(0 <= node < n, "node", f"must be in 0..{n - 1}", node)
    joint = np.zeros((d, d, 2**n))
    for x in product(range(d), repeat=n):
        joint[x[node], sum(x) % d] += real_view(n, x, d) / d**n
    return conditional_mutual_information(joint)


def conditional_mutual_information(joint: np.ndarray) -> float:
    """I(A ; B | C) in bits from a table p[a, c, b].

    Cover & Thomas §2.5: I(A;B|C) = Σ_c p(c) I(A;B|C = c).

    >>> joint = np.zeros((2, 1, 2))
    >>> joint[0, 0, 0] = joint[1, 0, 1] = 0.5
    >>> round(conditional_mutual_information(joint), 6)
    1.0
    """
    total = 0.0
    for c in range(joint.shape[1]):
        pc = joint[:, c, :].sum()
        if pc > 0:
            total += pc * mutual_information_table(joint[:, c, :] / pc)
    return float(total)


# ------------------------------------------------------------ Theorem 3 ---


def round_inputs(static: Sequence[int], t: int, history_aggregates: Sequence[int], d: int) -> list[int]:
    """x_j^t = (x_j + t·u_{t−1}) mod d: a model iterate driven by the last public aggregate.

    Paper Theorem 3: inputs driven by the public history.

    >>> round_inputs([1, 2, 0], 2, [1], 3), round_inputs([1, 2, 0], 1, [], 3)
    ([0, 1, 2], [1, 2, 0])
    """
    u = history_aggregates[-1] if history_aggregates else 0
    return [(int(x) + t * int(u)) % d for x in static]


def multiround_views(n: int, coalition: Sequence[int], static: Sequence[int], rounds: int, d: int = 2,
                     simulated: bool = False,
                     cache: dict[tuple, np.ndarray] | None = None) -> dict[tuple[int, ...], float]:
    """P(b_1 … b_T) of the broadcast bits over T rounds, real or simulated round by round.

    Paper Theorem 3 (claim ``thm3.multiround``): real and simulated T-round views agree. ``cache`` memoises
    one round's view by its inputs (pass one dict per caller run; never shared across patched seams).

    >>> real = multiround_views(2, [0], [1, 0], 2)
    >>> sim = multiround_views(2, [0], [1, 0], 2, simulated=True)
    >>> round(sum(real.values()), 6), max(abs(real[k] - sim.get(k, 0.0)) for k in real) < 1e-12
    (1.0, True)
    """
    require(isinstance(rounds, int | np.integer) and rounds >= 1, "T", "must be an integer >= 1", rounds)
    C = require_coalition(coalition, n)
    memo = {} if cache is None else cache
    out: dict[tuple[int, ...], float] = {}

    def rec(t: int, hist: tuple[int, ...], aggs: list[int], p: float) -> None:
        # p > 0 always: the root has p = 1 and a branch is taken only where dist[b] > 1e-15
        if t > rounds:
            out[hist] = out.get(hist, 0.0) + p
            return
        x = round_inputs(static, t, aggs, d)
        key = (simulated, n, C, d, tuple(x))
        if key not in memo:
            memo[key] = (simulated_view(n, C, [x[j] for j in C], honest_sum(x, C, d), d) if simulated
                         else real_view(n, x, d))
        dist = memo[key]
        for b in range(2**n):
            if dist[b] > 1e-15:
                bits = tuple(int(ch) for ch in format(b, f"0{n}b"))
                rec(t + 1, hist + (b,), aggs + [vga.recover_aggregate(bits)], p * float(dist[b]))

    rec(1, (), [], 1.0)
    return out


def multiround_leakage(n: int, coalition: Sequence[int], coalition_static: Sequence[int], rounds: int,
                       d: int = 2) -> dict[str, float]:
    """Exact informations (bits) about the honest static inputs X_H (uniform on Z_d^{|H|}), x_C fixed.

    Keys: ``view`` = I(X_H ; B_1 … B_T) (all broadcast bits); ``sums`` =
    I(X_H ; S^H_1 … S^H_T) (the honest sums along the same history-driven
    inputs); ``view_given_sums`` = I(X_H ; B_1 … B_T | S^H_1 … S^H_T), which is 0
    exactly when the view is simulatable from (x_C, sums) (Theorem 3's Markov
    chain X_H → S^H → view); then ``view`` ≤ ``sums`` by data processing, with
    equality iff the view also determines what it reveals of the sums.

    Paper Theorem 3 (claim ``thm3.multiround``): the view carries nothing beyond the honest sums.

    >>> r = multiround_leakage(3, [0], [1], 2)
    >>> sorted(r), round(r["view_given_sums"], 9) + 0.0, r["view"] <= r["sums"] + 1e-9
    (['sums', 'view', 'view_given_sums'], 0.0, True)
    """
    C = require_coalition(coalition, n)
    H = [j for j in range(n) if j not in C]
    require(len(coalition_static) == len(C), "coalition_static", "must give one input per coalition node",
            list(coalition_static))
    hs = list(product(range(d), repeat=len(H)))
    table: dict[tuple[tuple[int, ...], tuple[int, ...]], np.ndarray] = {}  # (sums, view) -> p[x_H]
    cache: dict[tuple, np.ndarray] = {}
    for k, xh in enumerate(hs):
        static = [0] * n
        for j, v in zip(C, coalition_static, strict=True):
            static[j] = int(v)
        for j, v in zip(H, xh, strict=True):
            static[j] = int(v)
        for hist, p in multiround_views(n, C, static, rounds, d, cache=cache).items():
            aggs: list[int] = []
            ss = []
            for t, b in enumerate(hist, start=1):  # honest sums along this history (inputs follow the aggregates)
                ss.append(honest_sum(round_inputs(static, t, aggs, d), C, d))
                aggs.append(vga.recover_aggregate(tuple(int(ch) for ch in format(b, f"0{n}b"))))
            table.setdefault((tuple(ss), hist), np.zeros(len(hs)))[k] += p / len(hs)
    def marginal(pick) -> np.ndarray:  # columns: values of pick(sums, view); rows: x_H
        cols: dict[tuple, np.ndarray] = {}
        for key, col in table.items():
            cols[pick(*key)] = cols.get(pick(*key), np.zeros(len(hs))) + col
        return np.array(list(cols.values())).T

    sums_keys = sorted({sk for sk, _ in table})
    view_keys = sorted({vk for _, vk in table})
    joint = np.zeros((len(hs), len(sums_keys), len(view_keys)))
    s_pos = {k: i for i, k in enumerate(sums_keys)}
    v_pos = {k: i for i, k in enumerate(view_keys)}
    for (sk, vk), col in table.items():
        joint[:, s_pos[sk], v_pos[vk]] = col
    return {"view": float(mutual_information_table(marginal(lambda s, v: v))),
            "sums": float(mutual_information_table(marginal(lambda s, v: s))),
            "view_given_sums": conditional_mutual_information(joint)}


def multiround_information(n: int, coalition: Sequence[int], coalition_static: Sequence[int], rounds: int,
                           d: int = 2) -> tuple[float, float]:
    """(I(X_H ; view), I(X_H ; S^H_1 … S^H_T)) with honest static inputs uniform, x_C fixed.

    >>> view, sums = multiround_information(3, [0], [1], 1)
    >>> round(view, 6), round(sums, 6)
    (1.0, 1.0)
    """
    r = multiround_leakage(n, coalition, coalition_static, rounds, d)
    return r["view"], r["sums"]


# ------------------------------------------------ coalition deviations ---


def _measure_after(psi: np.ndarray, n: int, local: dict[int, np.ndarray]) -> np.ndarray:
    """P(b): node j applies ``local[j]`` (default H: the honest X readout), then measures Z.

    The product ⊗_j U_j is applied one qubit at a time (qubit 0 the most significant axis), which is the
    same linear map as the Kronecker product without building the 2^N × 2^N matrix.
    """
    t = np.asarray(psi).reshape((2,) * n)
    for j in range(n):
        t = np.moveaxis(np.tensordot(local.get(j, vga.HADAMARD), t, axes=([1], [j])), 0, j)
    return np.abs(t.reshape(-1)) ** 2


def real_view_with_deviation(n: int, inputs: Sequence[int], deviations: dict[int, np.ndarray],
                             d: int = 2) -> np.ndarray:
    """Real protocol where coalition node j measures in the basis of ``deviations[j]`` instead of X.

    Paper Lemma 1 for a deviating coalition: node 0 measuring X (the Hadamard basis) is the honest view.

    >>> Hd = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
    >>> bool(np.allclose(real_view_with_deviation(2, [1, 0], {0: Hd}), real_view(2, [1, 0])))
    True
    """
    psi = vga.distribute(n, attacks.identity(n))[:, 0]
    psi = vga.encode(psi[:, None], n, np.asarray(inputs), d)[:, 0]
    return _measure_after(psi, n, deviations)


def simulated_view_with_deviation(n: int, coalition: Sequence[int], coalition_inputs: Sequence[int],
                                  s_honest: int, deviations: dict[int, np.ndarray], d: int = 2) -> np.ndarray:
    """Simulator for a deviating coalition: it knows only (x_C, s_H) and the coalition's own deviation.

    It prepares (|0…0⟩ + e^{iΦ}|1…1⟩)/√2 with Φ = 2π(Σx_C + s_H)/d — the
    encoded state depends on the inputs only through Φ, since the local phases
    commute and add — and runs the coalition's deviation and the honest X readout.

    Paper Lemma 1 (claim ``lemma1.simulatable``), deviating coalition: the simulator still matches.

    >>> dev = {0: np.eye(2)}
    >>> real = real_view_with_deviation(3, [1, 0, 1], dev)
    >>> sim = simulated_view_with_deviation(3, [0], [1], 1, dev)
    >>> bool(np.allclose(real, sim))
    True
    """
    C = require_coalition(coalition, n)
    require(set(deviations) <= set(C), "deviations", "only coalition nodes may deviate", sorted(deviations))
    phi = SIMULATOR_PHASE(sum(int(v) for v in coalition_inputs), int(s_honest), d)
    psi = np.zeros(2**n, dtype=complex)
    psi[0] = psi[-1] = 1 / np.sqrt(2)
    psi[-1] *= np.exp(1j * phi)
    return _measure_after(psi, n, deviations)


# ------------------------------------------------------- batched views ---
#
# The checks evaluate thousands of views that share one N: the fast paths below compute all input vectors
# of one (N, d) at once. They are the same linear algebra as :func:`real_view` / :func:`simulated_view`
# (one GHZ preparation through vga.distribute, so the vga.PROBE seam is honoured; phases, H^{⊗N}, |·|²),
# only batched over inputs, so they agree with the per-vector functions to rounding (``tests/
# test_security_simulator.py`` compares them on every input of small instances).


def all_inputs(n: int, d: int) -> np.ndarray:
    """Every input vector of Z_d^N, one per row, in ``itertools.product`` order.

    >>> all_inputs(2, 3)[:4].tolist()
    [[0, 0], [0, 1], [0, 2], [1, 0]]
    """
    return np.array(list(product(range(d), repeat=n)), dtype=np.int64).reshape(-1, n)


def real_views(n: int, inputs: np.ndarray, d: int = 2) -> np.ndarray:
    """Row k: :func:`real_view` of input vector ``inputs[k]`` (all rows from one GHZ preparation).

    >>> xs = all_inputs(3, 2)
    >>> bool(np.allclose(real_views(3, xs), [real_view(3, x) for x in xs], atol=1e-12))
    True
    """
    xs = np.asarray(inputs, dtype=np.int64).reshape(-1, n)
    require(bool(np.all((xs >= 0) & (xs < d))), "inputs", f"must lie in 0..{d - 1}")
    psi = vga.distribute(n, attacks.identity(n))                              # (2^N, K)
    phase = np.exp(2j * np.pi * (vga.bit_table(n) @ xs.T) / d)               # (2^N, M)
    encoded = phase[:, :, None] * psi[:, None, :]                             # (2^N, M, K)
    H = reduce(np.kron, [vga.HADAMARD] * n)
    out = (H @ encoded.reshape(2**n, -1)).reshape(encoded.shape)
    return (np.abs(out) ** 2).sum(axis=2).T


def simulated_views(n: int, coalition: Sequence[int], sum_coalition: np.ndarray, s_honest: np.ndarray,
                    d: int = 2) -> np.ndarray:
    """Row k: :func:`simulated_view` from (Σ x_C = ``sum_coalition[k]``, s_H = ``s_honest[k]``).

    The simulator's phase comes from :data:`SIMULATOR_PHASE` (one call per distinct pair, the seam mutants patch).

    >>> a = simulated_views(3, [0], np.array([1]), np.array([1]))[0]
    >>> bool(np.allclose(a, simulated_view(3, [0], [1], 1)))
    True
    """
    C = require_coalition(coalition, n)
    H = [j for j in range(n) if j not in C]
    pairs = list(zip((int(v) for v in sum_coalition), (int(v) for v in s_honest), strict=True))
    phases = {p: SIMULATOR_PHASE(p[0], p[1], d) for p in set(pairs)}
    cos = np.cos(np.array([phases[p] for p in pairs], dtype=float))
    bits = vga.bit_table(n)
    sign = (-1.0) ** (bits[:, list(C)].sum(axis=1) + bits[:, H].sum(axis=1))
    return 0.5 ** len(C) * (1 + sign[None, :] * cos[:, None]) / 2 ** len(H)


def view_gaps(n: int, coalition: Sequence[int], inputs: np.ndarray, d: int = 2,
              real: np.ndarray | None = None) -> np.ndarray:
    """Row k: :func:`view_gap` of ``inputs[k]`` (``real``: precomputed :func:`real_views` of the same rows).

    >>> xs = all_inputs(3, 3)
    >>> bool(np.allclose(view_gaps(3, [0, 2], xs, 3), [view_gap(3, [0, 2], x, 3) for x in xs], atol=1e-12))
    True
    """
    C = require_coalition(coalition, n)
    xs = np.asarray(inputs, dtype=np.int64).reshape(-1, n)
    H = [j for j in range(n) if j not in C]
    R = real_views(n, xs, d) if real is None else real
    S = simulated_views(n, C, xs[:, list(C)].sum(axis=1), xs[:, H].sum(axis=1) % d, d)
    return 0.5 * np.abs(R - S).sum(axis=1)


def ideal_leakages(n: int, d: int = 2) -> list[float]:
    """:func:`ideal_leakage` of every node 0..N−1, from one batch of the d^N real views.

    >>> np.round(ideal_leakages(3, 3), 9).tolist() == [0.0, 0.0, 0.0]
    True
    """
    joint = leakage_joints(n, d)
    return [conditional_mutual_information(joint[i]) for i in range(n)]


def leakage_joints(n: int, d: int = 2) -> np.ndarray:
    """p[i, x_i, s, b]: for each node i the joint table of :func:`ideal_leakage` (inputs uniform on Z_d^N).

    >>> leakage_joints(2, 2).shape, round(float(leakage_joints(2, 2)[0].sum()), 12)
    ((2, 2, 2, 4), 1.0)
    """
    xs = all_inputs(n, d)
    R = real_views(n, xs, d) / d**n
    s = xs.sum(axis=1) % d
    joint = np.zeros((n, d, d, 2**n))
    for i in range(n):
        np.add.at(joint[i], (xs[:, i], s), R)
    return joint


def exact_cos_2pi(k: int, d: int) -> Fraction | None:
    """cos(2πk/d) as an exact rational when it is one (d ∈ {1, 2, 3, 4, 6}; Niven's theorem), else None.

    >>> exact_cos_2pi(1, 3), exact_cos_2pi(1, 4), exact_cos_2pi(1, 5)
    (Fraction(-1, 2), Fraction(0, 1), None)
    """
    values = {Fraction(0): Fraction(1), Fraction(1, 6): Fraction(1, 2), Fraction(5, 6): Fraction(1, 2),
              Fraction(1, 3): Fraction(-1, 2), Fraction(2, 3): Fraction(-1, 2), Fraction(1, 2): Fraction(-1),
              Fraction(1, 4): Fraction(0), Fraction(3, 4): Fraction(0)}
    return values.get(Fraction(k % d, d))  # angle / 2π; every other rational angle has an irrational cosine


def exact_leakage_weights(n: int, d: int) -> tuple[np.ndarray, int] | None:
    """Integer weights w[i, x_i, s, b] with p(x_i, s, b) = w / D exactly, and D; None if cos(2π/d) is irrational.

    From Lemma 1's closed form on exact GHZ with phases 2πx_j/d: P(b | x) = (1 + (−1)^{|b|} cos(2πΣx/d)) / 2^N,
    so p(x_i, s, b) = #{x : x_i, Σx ≡ s} · 2(1 + (−1)^{|b|} cos(2πs/d)) / D with D = 2·d^N·2^N; for
    d ∈ {2, 3, 4, 6} the factor 2(1 ± cos) is an integer. (Integers, so the exact tables cost no Fractions.)

    >>> w, D = exact_leakage_weights(2, 2)
    >>> int(w[0].sum()) == D, w[0, 1, 1].tolist(), D
    (True, [0, 4, 4, 0], 32)
    """
    cos = [exact_cos_2pi(s, d) for s in range(d)]
    if any(c is None for c in cos):
        return None
    sign = np.array([1 - 2 * (bin(b).count("1") % 2) for b in range(2**n)], dtype=np.int64)
    factor = np.array([[int(2 * (1 + int(sg) * c)) for sg in sign] for c in cos], dtype=np.int64)  # type: ignore[operator]
    xs = all_inputs(n, d)
    sums = xs.sum(axis=1) % d
    w = np.zeros((n, d, d, 2**n), dtype=np.int64)
    for i in range(n):
        count = np.zeros((d, d), dtype=np.int64)
        np.add.at(count, (xs[:, i], sums), 1)
        w[i] = count[:, :, None] * factor[None, :, :]
    return w, 2 * d**n * 2**n


def product_blocks(w: np.ndarray) -> np.ndarray:
    """For weights w[..., x, s, b]: whether each block w[..., :, s, :] is a product table, exactly (integers).

    w(x, s, b)·w(s) = w(x, s)·w(s, b) for all x, b ⇔ I(X ; B | S = s) = 0.

    >>> w, _ = exact_leakage_weights(3, 3)
    >>> bool(product_blocks(w).all())
    True
    """
    ws = w.sum(axis=(-3, -1))[..., None, :, None]
    wx = w.sum(axis=-1)[..., None]
    wb = w.sum(axis=-3)[..., None, :, :]
    return (w * ws == wx * wb).all(axis=(-3, -1))


def multiround_view_array(n: int, coalition: Sequence[int], static: Sequence[int], rounds: int, d: int = 2,
                          simulated: bool = False,
                          cache: dict[tuple, np.ndarray] | None = None) -> np.ndarray:
    """:func:`multiround_views` as a dense array over all (2^N)^T histories (b_1 … b_T, lexicographic).

    Exact in law, same recursion: round t's inputs depend on the history only through the last recovered
    aggregate u_{t−1} (:func:`round_inputs`), so P(b_1 … b_T) = Π_t P_t(b_t | u_{t−1}(b_{t−1})) is an outer
    product built round by round. ``cache`` memoises one round's view by (real/simulated, inputs) across
    calls of one check (per call of the check, so patched seams are never bypassed). Histories the dict
    version omits (probability ≤ 1e−15 per step) are kept here with their rounding-level value.

    >>> real = multiround_views(2, [0], [1, 0], 2)
    >>> arr = multiround_view_array(2, [0], [1, 0], 2)
    >>> bool(np.allclose([arr[4 * b1 + b2] for b1, b2 in real], list(real.values()))), round(float(arr.sum()), 9)
    (True, 1.0)
    """
    require(isinstance(rounds, int | np.integer) and rounds >= 1, "T", "must be an integer >= 1", rounds)
    C = require_coalition(coalition, n)
    memo = {} if cache is None else cache

    def view(x: list[int]) -> np.ndarray:
        key = (simulated, n, C, d, tuple(x))
        if key not in memo:
            memo[key] = (simulated_view(n, C, [x[j] for j in C], honest_sum(x, C, d), d) if simulated
                         else real_view(n, x, d))
        return memo[key]

    agg = np.array([vga.recover_aggregate(tuple(int(ch) for ch in format(b, f"0{n}b"))) for b in range(2**n)])
    P = view(round_inputs(static, 1, [], d))
    last = agg
    for t in range(2, rounds + 1):
        by_u = {int(u): view(round_inputs(static, t, [int(u)], d)) for u in np.unique(last)}
        step = np.stack([by_u[int(u)] for u in last])                 # (histories so far, 2^N)
        P = (P[:, None] * step).reshape(-1)
        last = np.tile(agg, P.size // agg.size)
    return P
