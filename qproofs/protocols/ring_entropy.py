"""Cut lower bounds for all-reduce (paper Section 3.2; claims ``ring.cut-entropy``, ``ring.factor-two-optimal``).

For a cut separating S (1 ≤ |S| = k ≤ N−1) from the rest, with inputs i.i.d.
uniform b-bit words, the nodes outside S must learn Σ_{i∈S} x_i (they know
their own inputs), so at least d·H bits must leave S, where H is the Shannon
entropy of one coordinate of that sum:

    b ≤ H(Σ_S) ≤ log₂(k(2^b − 1) + 1) ≤ b + log₂ k.

The distribution is computed exactly: the integer counts of the k-fold
convolution of the uniform distribution on {0, …, 2^b − 1} (Python integers,
no floating point until the final logarithm).  For the modulo-2^b protocol the
relevant sum is Σ_S mod 2^b (the counts folded mod 2^b: uniform, H = b).
"""

from __future__ import annotations

import itertools
import math
from functools import lru_cache

from qproofs.errors import require

_COUNTS: dict[int, list[tuple[int, ...]]] = {}
"""Per word size b, the k-fold counts computed so far (index k − 1): a sweep over k = 1..N costs N convolutions."""


def sum_counts(b: int, k: int) -> tuple[int, ...]:
    """counts[s] = #{(x_1..x_k) ∈ [0,2^b)^k : Σ x = s}, by repeated exact convolution.

    Paper Section 3.2 (claim ``ring.cut-entropy``). Two 1-bit inputs sum to 0, 1, 2 in 1, 2, 1 ways.
    The k-fold counts are one convolution of the (k−1)-fold counts with the uniform box, extended
    iteratively from the largest k already computed for this b (issue 14: a sweep over k = 1..N costs N
    convolutions, not N²/2; issue 11: one path for every k, no recursion and no large-k fallback).

    >>> sum_counts(1, 2), sum_counts(2, 2)
    ((1, 2, 1), (1, 2, 3, 4, 3, 2, 1))
    """
    require(b >= 1, "b", "must be an integer >= 1", b)
    require(k >= 1, "k", "must be an integer >= 1 (|S|)", k)
    M = 1 << b
    table = _COUNTS.setdefault(b, [(1,) * M])
    while len(table) < k:
        table.append(_box_convolve(table[-1], M))
    return table[k - 1]


def _box_convolve(counts: tuple[int, ...], M: int) -> tuple[int, ...]:
    """Convolution with the uniform box [0, M): a sliding-window sum, exact in Python ints."""
    prefix = (0, *itertools.accumulate(counts))
    last = len(counts) - 1
    return tuple(prefix[min(s, last) + 1] - prefix[max(0, s - M + 1)] for s in range(len(counts) + M - 1))


def fold_counts(counts: tuple[int, ...], modulus: int) -> tuple[int, ...]:
    """Counts of Σ mod ``modulus``.

    >>> fold_counts((1, 2, 1), 2)
    (2, 2)
    """
    out = [0] * modulus
    for s, c in enumerate(counts):
        out[s % modulus] += c
    return tuple(out)


def entropy_of_counts(counts: tuple[int, ...]) -> float:
    """H = log₂ T − (1/T) Σ c log₂ c, T = Σ c (exact integers until the logarithms).

    Shannon entropy of the law c / Σc (Cover & Thomas §2.1).

    >>> round(entropy_of_counts((1, 2, 1)), 6)
    1.5
    """
    T = sum(counts)
    return math.log2(T) - sum(c * math.log2(c) for c in counts if c) / T


@lru_cache(maxsize=4096)
def sum_entropy(b: int, k: int, variant: str = "exact") -> float:
    """H of one coordinate of Σ_{i∈S} x_i (|S| = k, x_i uniform b-bit), or of that sum mod 2^b.

    Paper Section 3.2 (claim ``ring.cut-entropy``): b ≤ H(Σ_S) ≤ b + log₂ k; modulo 2^b the sum is uniform.

    >>> round(sum_entropy(1, 2), 6), round(sum_entropy(1, 2, "modulo"), 6)
    (1.5, 1.0)
    """
    counts = sum_counts(b, k)
    if variant == "modulo":
        counts = fold_counts(counts, 1 << b)
    return entropy_of_counts(counts)


def entropy_bounds(b: int, k: int) -> tuple[float, float]:
    """The paper's bounds (b, b + log₂ k) on H(Σ_S).

    Paper Section 3.2 (claim ``ring.cut-entropy``).

    >>> entropy_bounds(3, 4)
    (3.0, 5.0)
    """
    return float(b), b + math.log2(k)


def support_bound(b: int, k: int) -> float:
    """The tighter upper bound log₂(k(2^b − 1) + 1): the sum takes that many values.

    >>> round(support_bound(1, 2), 6), round(support_bound(3, 4), 6)
    (1.584963, 4.857981)
    """
    return math.log2(k * ((1 << b) - 1) + 1)
