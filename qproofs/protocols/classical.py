"""Classical broadcast protocols, enumerated and evaluated exactly (paper Theorem 2).

Claim ``thm2.classical-leakage``. A protocol in the wiretapped-setup model
(Definition 3) is

* parties p = 0..n−1, each with a private input x_p ∈ {0..|𝒳_p|−1} and a
  private coin r_p uniform on {0..|R_p|−1}, coins independent;
* a sequence of broadcast messages; message k is sent by party s_k and is a
  function f_k(x_{s_k}, r_{s_k}, transcript so far) ∈ {0..M_k−1};
* every party's output is a function of (its input, its coins, the transcript);
  we use the best such function (MAP decoding), which gives the smallest error.

Evaluation is exact: for Theorem 2's input distribution (X_0 uniform, every
other input 0) and uniform coins every atom (x, r, T) has probability
w / (|𝒳_0|·Π|R_p|) with an integer weight w, so tables are integer weights
over one common denominator (exact rational arithmetic, ``fractions.Fraction``
on output). Mutual informations are then evaluated in floating point from the
exact table.

Checked per protocol (i = 0 the leaking party, j ≠ i any other party):

* rectangle property I(X_i R_i ; R_j | T) = 0, exactly (cross-multiplied
  integer weights): the lemma behind the proof;
* Fano leakage bound I(X_i ; T) ≥ H(X_i) − h(p_e) − p_e·log(|𝒳|−1), p_e the
  error of party j's best guess of the sum (= x_i, other inputs 0) from
  (T, x_j, r_j).

A *pre-shared key* (coins correlated across parties) violates the premise;
:func:`coins_independent` detects it and the rectangle check fails on it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from math import log2, prod

import numpy as np

from qproofs.errors import require
from qproofs.quantum.measures import binary_entropy, mutual_information_table, shannon_entropy


@dataclass(frozen=True)
class Message:
    """Message k: sender, alphabet size and the table f(x, r, prefix) → symbol (flattened)."""

    sender: int
    size: int
    table: tuple[int, ...]


@dataclass(frozen=True)
class Protocol:
    """Parties' input/coin alphabets, the messages, and the coin model.

    ``shared_coin``: ``None`` (independent private coins: the model), or a tuple
    of parties whose coins are all equal to one common uniform key (a
    pre-shared secret: outside the model).
    """

    inputs: tuple[int, ...]
    coins: tuple[int, ...]
    messages: tuple[Message, ...]
    shared_coin: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        n = len(self.inputs)
        require(n >= 2, "parties", "must be >= 2", n)
        require(len(self.coins) == n, "coins", "must give one coin alphabet per party", self.coins)
        require(all(v >= 1 for v in self.inputs + self.coins), "alphabets", "must be >= 1")
        prefixes = 1
        for k, m in enumerate(self.messages):
            require(0 <= m.sender < n, f"messages[{k}].sender", f"must be in 0..{n - 1}", m.sender)
            require(m.size >= 1, f"messages[{k}].size", "must be >= 1", m.size)
            need = self.inputs[m.sender] * self.coins[m.sender] * prefixes
            require(len(m.table) == need, f"messages[{k}].table", f"must have {need} entries", len(m.table))
            require(all(0 <= v < m.size for v in m.table), f"messages[{k}].table",
                    f"entries must lie in 0..{m.size - 1}")
            prefixes *= m.size
        if self.shared_coin is not None:
            require(len(set(self.coins[p] for p in self.shared_coin)) == 1, "shared_coin",
                    "parties sharing a key need equal coin alphabets", self.shared_coin)


def _transcript_index(msgs: Sequence[int], sizes: Sequence[int]) -> int:
    idx = 0
    for v, s in zip(msgs, sizes, strict=False):
        idx = idx * s + v
    return idx


def run(protocol: Protocol, x: Sequence[int], r: Sequence[int]) -> tuple[int, ...]:
    """The transcript of the protocol on inputs x and coins r (deterministic given both).

    >>> run(send_in_clear(4), [3, 0], [0, 0]), run(one_time_pad(2), [1, 0], [1, 1])
    ((3,), (0,))
    """
    sizes = [m.size for m in protocol.messages]
    msgs: list[int] = []
    for k, m in enumerate(protocol.messages):
        s = m.sender
        prefix = _transcript_index(msgs, sizes[:k])
        n_prefix = prod(sizes[:k])
        idx = (x[s] * protocol.coins[s] + r[s]) * n_prefix + prefix
        msgs.append(m.table[idx])
    return tuple(msgs)


def coin_assignments(protocol: Protocol) -> Iterator[tuple[int, ...]]:
    """Every coin vector with equal (positive) probability under the protocol's coin model.

    >>> list(coin_assignments(one_time_pad(2))), len(list(coin_assignments(send_in_clear(2))))
    ([(0, 0), (1, 1)], 1)
    """
    shared = protocol.shared_coin or ()
    for r in product(*(range(c) for c in protocol.coins)):
        if len({r[p] for p in shared}) <= 1:   # the sharing parties hold one common key
            yield r


def joint_weights(protocol: Protocol, leaker: int = 0) -> tuple[dict[tuple, int], int]:
    """Integer weights w[(x_leaker, r, T)] and the common denominator (Theorem 2's distribution).

    Paper Theorem 2's distribution: X_0 uniform, the other inputs 0, coins uniform.

    >>> joint_weights(send_in_clear(2))
    ({(0, (0, 0), (0,)): 1, (1, (0, 0), (1,)): 1}, 2)
    """
    weights: dict[tuple, int] = defaultdict(int)
    total = 0
    n = len(protocol.inputs)
    for xi in range(protocol.inputs[leaker]):
        x = [0] * n
        x[leaker] = xi
        for r in COIN_ASSIGNMENTS(protocol):
            weights[(xi, r, run(protocol, x, r))] += 1
            total += 1
    return dict(weights), total


COIN_ASSIGNMENTS = coin_assignments
"""Patch point: a mutant draws a shared key independently per party."""


def coins_independent(protocol: Protocol) -> bool:
    """Whether the coin distribution is a product of the parties' marginals (exactly).

    Paper Definition 3 (independent private coins).

    >>> coins_independent(send_in_clear(2)), coins_independent(one_time_pad(2))
    (True, False)
    """
    rs = list(COIN_ASSIGNMENTS(protocol))
    total = len(rs)
    n = len(protocol.coins)
    marg: list[dict[int, int]] = [defaultdict(int) for _ in range(n)]
    joint: dict[tuple[int, ...], int] = defaultdict(int)
    for r in rs:
        joint[r] += 1
        for p in range(n):
            marg[p][r[p]] += 1
    for r in product(*(range(c) for c in protocol.coins)):
        lhs = Fraction(joint.get(r, 0), total)
        rhs = prod((Fraction(marg[p][r[p]], total) for p in range(n)), start=Fraction(1))
        if lhs != rhs:
            return False
    return True


def rectangle_violation(weights: tuple[dict[tuple, int], int], leaker: int = 0, other: int = 1) -> Fraction:
    """Max |p(a, r_j, t)·p(t) − p(a, t)·p(r_j, t)| with a = (x_i, r_i): 0 iff I(X_iR_i ; R_j | T) = 0.

    Paper Theorem 2, proof (the rectangle property); a pre-shared key breaks it.

    ``weights`` is :func:`joint_weights` of the protocol (one path: the caller computes it once).

    >>> rectangle_violation(joint_weights(send_in_clear(2))), rectangle_violation(joint_weights(one_time_pad(2)))
    (Fraction(0, 1), Fraction(1, 16))
    """
    w, total = weights
    by_t: dict[tuple, dict[tuple, int]] = defaultdict(lambda: defaultdict(int))
    for (xi, r, t), v in w.items():
        by_t[t][((xi, r[leaker]), r[other])] += v
    worst = 0
    for tab in by_t.values():
        pt = sum(tab.values())
        pa: dict[tuple, int] = defaultdict(int)
        pb: dict[int, int] = defaultdict(int)
        for (a, b), v in tab.items():
            pa[a] += v
            pb[b] += v
        for a, va in pa.items():
            for b, vb in pb.items():
                worst = max(worst, abs(tab.get((a, b), 0) * pt - va * vb))
    return Fraction(worst, total * total)


def leakage(protocol: Protocol, weights: tuple[dict[tuple, int], int], leaker: int = 0) -> float:
    """I(X_i ; T) in bits, X_i uniform, other inputs 0.

    Paper Theorem 2 (claim ``thm2.classical-leakage``).

    ``weights`` is :func:`joint_weights` ``(protocol, leaker)`` (one path: the caller computes it once).

    >>> [round(leakage(p, joint_weights(p)), 6) for p in (send_in_clear(4), one_time_pad(4))]
    [2.0, 0.0]
    """
    w, total = weights
    tab: dict[tuple[int, tuple], int] = defaultdict(int)
    for (xi, _r, t), v in w.items():
        tab[(xi, t)] += v
    ts = sorted({t for _, t in tab})
    M = np.array([[tab.get((xi, t), 0) for t in ts] for xi in range(protocol.inputs[leaker])], dtype=float)
    return float(mutual_information_table(M / total))


def decoding_error(weights: tuple[dict[tuple, int], int], decoder: int = 1) -> Fraction:
    """p_e of party ``decoder``'s MAP guess of the sum (= x_leaker) from (T, its input 0, its coins).

    ``weights`` is :func:`joint_weights` of the protocol (one path: the caller computes it once).

    >>> decoding_error(joint_weights(send_in_clear(2))), decoding_error(joint_weights(one_time_pad(2)))
    (Fraction(0, 1), Fraction(0, 1))
    """
    w, total = weights
    best: dict[tuple, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (xi, r, t), v in w.items():
        best[(r[decoder], t)][xi] += v
    correct = sum(max(d.values()) for d in best.values())
    return Fraction(total - correct, total)


def fano_bound(h_x: float, p_e: float, alphabet: int) -> float:
    """H(X) − h(p_e) − p_e·log₂(|𝒳| − 1): Theorem 2's lower bound on I(X_i ; T).

    Fano's inequality (Cover & Thomas §2.10, Theorem 2.10.1); paper Theorem 2.

    >>> fano_bound(2.0, 0.0, 4), round(fano_bound(1.0, 0.11, 2), 6)
    (2.0, 0.500084)
    """
    extra = p_e * log2(alphabet - 1) if alphabet > 2 else 0.0
    return h_x - FANO_ENTROPY(min(max(p_e, 0.0), 1.0)) - extra


FANO_ENTROPY = binary_entropy
"""The h(p_e) term of Fano's inequality (patch point for a mutant with a wrong term)."""


@dataclass(frozen=True)
class Audit:
    """Theorem 2 evaluated on one protocol."""

    in_model: bool
    rectangle_max: Fraction
    leakage: float
    p_e: Fraction
    bound: float

    @property
    def slack(self) -> float:
        """I(X_i;T) − bound (≥ 0 when the theorem holds).

        >>> round(audit(send_in_clear(4)).slack, 6)
        0.0
        """
        return self.leakage - self.bound


def audit(protocol: Protocol, leaker: int = 0) -> Audit:
    """Rectangle property over every other party j, and the Fano bound with the best decoder j.

    Paper Theorem 2 (claim ``thm2.classical-leakage``): sending in the clear meets the bound with equality.
    Evaluated by the batched evaluator (:func:`audit_batch`, one protocol); :func:`audit_reference` is the
    per-atom dictionary evaluation it is tested against.

    >>> a = audit(send_in_clear(2))
    >>> a.in_model, a.rectangle_max, a.p_e, round(a.leakage, 6), round(a.slack, 6)
    (True, Fraction(0, 1), Fraction(0, 1), 1.0, 0.0)
    """
    return audit_batch(shape_of(protocol), [np.asarray([m.table]) for m in protocol.messages], leaker).audit(0)


def audit_reference(protocol: Protocol, leaker: int = 0) -> Audit:
    """:func:`audit` by dictionaries over the atoms (the slow reference the batched path is tested against).

    >>> audit_reference(one_time_pad(2)) == audit(one_time_pad(2))
    True
    """
    n = len(protocol.inputs)
    others = [j for j in range(n) if j != leaker]
    w = joint_weights(protocol, leaker)
    rect = max(rectangle_violation(w, leaker, j) for j in others)
    p_e = min(decoding_error(w, j) for j in others)
    size = protocol.inputs[leaker]
    bound = fano_bound(shannon_entropy([1 / size] * size), float(p_e), size)
    return Audit(coins_independent(protocol), rect, leakage(protocol, w, leaker), p_e, bound)


# ------------------------------------------------------------ enumeration ---


def family_size(patterns: Sequence[tuple[int, ...]], input_size: int = 2, coin_size: int = 2, msg_size: int = 2,
                parties: int = 2) -> int:
    """Number of protocols :func:`family_batches` enumerates (computed from the alphabets).

    >>> family_size([(0,)]), family_size(patterns_up_to(2))
    (16, 5460)
    """
    inputs = (input_size,) + (1,) * (parties - 1)
    total = 0
    for pattern in patterns:
        count, prefixes = 1, 1
        for s in pattern:
            count *= msg_size ** (inputs[s] * coin_size * prefixes)
            prefixes *= msg_size
        total += count
    return total


def patterns_up_to(length: int, parties: int = 2) -> list[tuple[int, ...]]:
    """Every sender sequence of length 1..``length``.

    >>> patterns_up_to(2)
    [(0,), (1,), (0, 0), (0, 1), (1, 0), (1, 1)]
    """
    return [p for L in range(1, length + 1) for p in product(range(parties), repeat=L)]


# --------------------------------------------------------------- examples ---


def one_time_pad(input_size: int = 2) -> Protocol:
    """Negative control: parties 0 and 1 share a key k; party 0 broadcasts x + k mod |𝒳|.

    Party 1 decodes exactly and the transcript is independent of x: zero
    leakage at zero error — possible only because the coins are correlated.

    >>> a = audit(one_time_pad(2))
    >>> a.in_model, a.p_e, round(a.leakage, 6)
    (False, Fraction(0, 1), 0.0)
    """
    q = input_size
    table = tuple((x + k) % q for x in range(q) for k in range(q))
    return Protocol((q, 1), (q, q), (Message(0, q, table),), shared_coin=(0, 1))


def send_in_clear(input_size: int = 2) -> Protocol:
    """Party 0 broadcasts x: leaks H(X) at zero error (the bound is tight).

    >>> send_in_clear(2).messages
    (Message(sender=0, size=2, table=(0, 1)),)
    """
    q = input_size
    return Protocol((q, 1), (1, 1), (Message(0, q, tuple(range(q))),))


def from_spec(spec: dict) -> Protocol:
    """A protocol from a JSON-able spec (used by the fuzz strategies); tables drawn from ``spec["seed"]``.

    Under a shared key (``spec["shared"]``, default :data:`SHARED_KEY`, the negative control) the sharing
    parties' coin alphabets are equalised to the largest first, so the key is well defined.

    >>> p = from_spec({"seed": 0, "inputs": [2, 1], "coins": [2, 2], "senders": [0, 1], "sizes": [2, 2]})
    >>> [m.sender for m in p.messages], [len(m.table) for m in p.messages]
    ([0, 1], [4, 4])
    """
    rng = np.random.default_rng(int(spec["seed"]))
    inputs = tuple(int(v) for v in spec["inputs"])
    coins = tuple(int(v) for v in spec["coins"])
    shared = tuple(int(p) for p in spec.get("shared") or SHARED_KEY or ())
    key = max((coins[p] for p in shared), default=0)
    coins = tuple(key if p in shared else c for p, c in enumerate(coins))
    msgs = []
    prefixes = 1
    for s, size in zip(spec["senders"], spec["sizes"], strict=True):
        L = inputs[s] * coins[s] * prefixes
        msgs.append(Message(int(s), int(size), tuple(int(v) for v in rng.integers(0, size, L))))
        prefixes *= int(size)
    return Protocol(inputs, coins, tuple(msgs), shared_coin=shared or None)


SHARED_KEY: tuple[int, ...] | None = None
"""Parties sharing a key in generated protocols: None in the model (patch point for the negative control)."""


# ------------------------------------------------------ batched evaluation ---
#
# The enumerated families hold thousands of protocols sharing one shape (parties, alphabets, senders,
# message sizes) and differing only in their message tables. The batched evaluator below runs every
# protocol of one shape at once on integer numpy arrays. It is exact in value: every atom (x_leaker, r)
# of Theorem 2's distribution has weight 1 (coin vectors from COIN_ASSIGNMENTS, each equally likely),
# the counts are int64 (at most |𝒳|·Π|R_p| ≤ 2^20 per protocol, products ≤ 2^40: no overflow), the
# rectangle numerator max |w(a,b,t)·w(t) − w(a,t)·w(b,t)| and the decoding error numerator are integers,
# and only I(X;T) (a logarithm) is floating point, by the same entropy formula as :func:`leakage`.
# ``tests/test_classical.py`` compares it with the per-protocol reference (:func:`audit_reference`) on
# whole small families, value by value.


@dataclass(frozen=True)
class Shape:
    """What the protocols of one batch share: alphabets, senders, message sizes and the coin model."""

    inputs: tuple[int, ...]
    coins: tuple[int, ...]
    senders: tuple[int, ...]
    sizes: tuple[int, ...]
    shared_coin: tuple[int, ...] | None = None

    def table_lengths(self) -> list[int]:
        """Entries of each message table: |𝒳_s|·|R_s|·(number of transcript prefixes).

        >>> Shape((2, 1), (2, 2), (0, 1), (2, 2)).table_lengths()
        [4, 4]
        """
        out, prefixes = [], 1
        for s, m in zip(self.senders, self.sizes, strict=True):
            out.append(self.inputs[s] * self.coins[s] * prefixes)
            prefixes *= m
        return out

    def protocol(self, tables: Sequence[Sequence[int]]) -> Protocol:
        """The :class:`Protocol` of this shape with the given message tables.

        >>> Shape((2, 1), (1, 1), (0,), (2,)).protocol([[0, 1]]) == send_in_clear(2)
        True
        """
        msgs = tuple(Message(s, m, tuple(int(v) for v in t))
                     for s, m, t in zip(self.senders, self.sizes, tables, strict=True))
        return Protocol(self.inputs, self.coins, msgs, shared_coin=self.shared_coin)


def shape_of(protocol: Protocol) -> Shape:
    """The batch shape of one protocol.

    >>> shape_of(one_time_pad(2)).shared_coin
    (0, 1)
    """
    return Shape(protocol.inputs, protocol.coins, tuple(m.sender for m in protocol.messages),
                 tuple(m.size for m in protocol.messages), protocol.shared_coin)


@dataclass(frozen=True)
class BatchAudit:
    """Theorem 2 on P protocols of one shape: exact integer numerators over ``total`` (and ``total²``)."""

    in_model: bool
    total: int
    rectangle_num: np.ndarray
    p_e_num: np.ndarray
    leakage: np.ndarray
    bound: np.ndarray

    @property
    def slack(self) -> np.ndarray:
        """I(X_i;T) − bound per protocol.

        >>> np.round(audit_batch(shape_of(send_in_clear(2)), [np.array([[0, 1], [0, 0]])]).slack, 6).tolist()
        [0.0, 0.0]
        """
        return self.leakage - self.bound

    def audit(self, k: int) -> Audit:
        """Protocol k's result as an :class:`Audit` (exact Fractions rebuilt from the numerators).

        >>> audit_batch(shape_of(one_time_pad(2)), [np.array([one_time_pad(2).messages[0].table])]).audit(0).rectangle_max
        Fraction(1, 16)
        """
        return Audit(self.in_model, Fraction(int(self.rectangle_num[k]), self.total**2), float(self.leakage[k]),
                     Fraction(int(self.p_e_num[k]), self.total), float(self.bound[k]))


def _atoms(shape: Shape, representative: Protocol, leaker: int) -> tuple[np.ndarray, np.ndarray]:
    """Every atom (x_leaker, r) of Theorem 2's distribution: (x vectors, coin vectors), one row per atom."""
    n = len(shape.inputs)
    rs = list(COIN_ASSIGNMENTS(representative))
    xs, cs = [], []
    for xi in range(shape.inputs[leaker]):
        x = [0] * n
        x[leaker] = xi
        for r in rs:
            xs.append(x)
            cs.append(r)
    return np.asarray(xs, dtype=np.int64).reshape(-1, n), np.asarray(cs, dtype=np.int64).reshape(-1, n)


def transcripts(shape: Shape, tables: Sequence[np.ndarray], x: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Transcript index (messages read as digits, first most significant) of every protocol × atom.

    ``tables[k]`` has shape (P, L_k); ``x``, ``r`` one row per atom. Same rule as :func:`run`.

    >>> s = shape_of(send_in_clear(4))
    >>> transcripts(s, [np.array([[0, 1, 2, 3]])], np.array([[3, 0], [1, 0]]), np.zeros((2, 2), int)).tolist()
    [[3, 1]]
    """
    P = tables[0].shape[0] if tables else 1
    t = np.zeros((P, x.shape[0]), dtype=np.int64)
    n_prefix = 1
    for s, m, tab in zip(shape.senders, shape.sizes, tables, strict=True):
        idx = (x[:, s] * shape.coins[s] + r[:, s])[None, :] * n_prefix + t
        t = t * m + np.take_along_axis(np.asarray(tab, dtype=np.int64), idx, axis=1)
        n_prefix *= m
    return t


def _counts(t: np.ndarray, n_t: int, u: np.ndarray, n_u: int, v: np.ndarray, n_v: int) -> np.ndarray:
    """Integer counts c[p, t, u, v] over the atoms (each of weight 1)."""
    P, A = t.shape
    flat = ((np.arange(P)[:, None] * n_t + t) * n_u + u[None, :]) * n_v + v[None, :]
    return np.bincount(flat.ravel(), minlength=P * n_t * n_u * n_v).reshape(P, n_t, n_u, n_v)


def _entropy_rows(p: np.ndarray) -> np.ndarray:
    """Row-wise Shannon entropy in bits (zero entries contribute 0), as :func:`shannon_entropy`."""
    safe = np.where(p > 1e-15, p, 1.0)
    return -(np.where(p > 1e-15, p * np.log2(safe), 0.0)).reshape(p.shape[0], -1).sum(axis=1)


def audit_batch(shape: Shape, tables: Sequence[np.ndarray], leaker: int = 0,
                blocks: dict[tuple[int, ...], int] | None = None) -> BatchAudit:
    """Theorem 2 on every protocol of one shape at once (exact integers; I(X;T) in floating point).

    Same quantities as :func:`audit`: the rectangle violation max_j max |w(a,b,t)w(t) − w(a,t)w(b,t)| with
    a = (x_i, r_i), b = r_j; the best decoder's error min_j p_e; I(X_i;T); the Fano bound. ``blocks``, if
    given, accumulates the distinct transcript blocks w(a, b | t), zero-padded to :data:`BLOCK_SHAPE`, with
    their multiplicities (what the claim's ``table`` certificate lists).

    >>> b = audit_batch(shape_of(send_in_clear(2)), [np.array([[0, 1], [0, 0]])])
    >>> b.rectangle_num.tolist(), b.p_e_num.tolist(), b.total, np.round(b.leakage, 6).tolist()
    ([0, 0], [0, 1], 2, [1.0, 0.0])
    """
    n = len(shape.inputs)
    tables = [np.atleast_2d(np.asarray(tb, dtype=np.int64)) for tb in tables]
    rep = shape.protocol([tb[0] for tb in tables])
    x, r = _atoms(shape, rep, leaker)
    total = x.shape[0]
    require(total <= 2**20, "protocol", "batched evaluation holds at most 2^20 atoms (int64 products)", total)
    t = transcripts(shape, tables, x, r)
    P = t.shape[0]
    n_t = prod(shape.sizes)
    xi = x[:, leaker]
    a = xi * shape.coins[leaker] + r[:, leaker]
    n_a = shape.inputs[leaker] * shape.coins[leaker]
    rect = np.zeros(P, dtype=np.int64)
    correct = np.zeros(P, dtype=np.int64)
    for j in (j for j in range(n) if j != leaker):
        c = _counts(t, n_t, a, n_a, r[:, j], shape.coins[j])            # w(t, a, b)
        wt = c.sum(axis=(2, 3))[:, :, None, None]
        wa = c.sum(axis=3)[:, :, :, None]
        wb = c.sum(axis=2)[:, :, None, :]
        rect = np.maximum(rect, np.abs(c * wt - wa * wb).reshape(P, -1).max(axis=1))
        if blocks is not None:
            _collect_blocks(c.reshape(-1, n_a, shape.coins[j]), blocks)
        g = _counts(t, n_t, r[:, j], shape.coins[j], xi, shape.inputs[leaker])  # w(t, r_j, x_i)
        correct = np.maximum(correct, g.max(axis=3).reshape(P, -1).sum(axis=1))
    p_e_num = total - correct
    joint = _counts(t, n_t, xi, shape.inputs[leaker], np.zeros_like(xi), 1)[:, :, :, 0] / total  # p(t, x_i)
    leak = _entropy_rows(joint.sum(axis=1)) + _entropy_rows(joint.sum(axis=2)) - _entropy_rows(joint)
    size = shape.inputs[leaker]
    h_x = shannon_entropy([1 / size] * size)
    bounds = {int(v): fano_bound(h_x, float(Fraction(int(v), total)), size) for v in np.unique(p_e_num)}
    bound = np.array([bounds[int(v)] for v in p_e_num], dtype=float)
    return BatchAudit(coins_independent(rep), total, rect, p_e_num, leak, bound)


def family_batches(patterns: Sequence[tuple[int, ...]], input_size: int = 2, coin_size: int = 2,
                   msg_size: int = 2, parties: int = 2) -> Iterator[tuple[Shape, list[np.ndarray]]]:
    """Every protocol with the given sender patterns, as batches: per pattern, the shape and every table combination.

    Party 0 has input alphabet ``input_size`` (the leaker); others have input alphabet 1 (their input is 0
    under Theorem 2's distribution, so tables on other inputs never matter); every party has a private coin
    of ``coin_size``. Row k of the batch is the k-th combination of ``itertools.product`` over the table
    entries (lexicographic order: digits base ``msg_size``, first entry most significant).

    >>> [(s.senders, [t.shape for t in tb]) for s, tb in family_batches([(0,), (1, 0)])]
    [((0,), [(16, 4)]), ((1, 0), [(1024, 2), (1024, 8)])]
    """
    inputs = (input_size,) + (1,) * (parties - 1)
    coins = (coin_size,) * parties
    for pattern in patterns:
        shape = Shape(inputs, coins, tuple(pattern), (msg_size,) * len(pattern), SHARED_KEY)
        lengths = shape.table_lengths()
        width = sum(lengths)
        k = np.arange(msg_size**width, dtype=np.int64)
        digits = (k[:, None] // msg_size ** np.arange(width - 1, -1, -1, dtype=np.int64)[None, :]) % msg_size
        cuts = np.cumsum([0] + lengths)
        yield shape, [digits[:, cuts[i]:cuts[i + 1]] for i in range(len(lengths))]


BLOCK_SHAPE = (8, 2)
"""Padded shape (a = (x_i, r_i) values, b = r_j values) of the blocks :func:`audit_batch` collects."""


def _collect_blocks(c: np.ndarray, out: dict[tuple[int, ...], int]) -> None:
    """Add the non-empty blocks c[k] (shape n_a × n_b), zero-padded to :data:`BLOCK_SHAPE`, to ``out``."""
    n_a_max, n_b_max = BLOCK_SHAPE
    require(c.shape[1] <= n_a_max and c.shape[2] <= n_b_max, "shape",
            f"blocks hold at most {n_a_max} × {n_b_max} values of ((x_i, r_i), r_j)", c.shape[1:])
    c = c[c.sum(axis=(1, 2)) > 0]
    padded = np.zeros((c.shape[0], n_a_max, n_b_max), dtype=np.int64)
    padded[:, :c.shape[1], :c.shape[2]] = c
    flat = np.ascontiguousarray(padded.reshape(c.shape[0], -1))
    keys, first, counts = np.unique(flat.view(np.dtype((np.void, flat.shape[1] * 8))).ravel(),
                                    return_index=True, return_counts=True)
    for k, cnt in zip(first, counts, strict=True):
        tk = tuple(int(v) for v in flat[k])
        out[tk] = out.get(tk, 0) + int(cnt)
