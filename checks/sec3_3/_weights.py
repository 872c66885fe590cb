"""Random exact weight vectors for the certified programs of §3.3.

Used by ``thm1.qfi-bound``, ``thm1.ghz-unique`` and ``thm1.copies``: rationals p/q with |p| ≤ 6,
q ∈ {1, 2, 3}, so the SDP data and certificates stay exact.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np


def rational_weights(rng: np.random.Generator, n: int, allow_zero: bool = False) -> list[Fraction]:
    """``n`` weights p/q (p ∈ [−6, 6], non-zero unless ``allow_zero``; q ∈ {1, 2, 3}) drawn from ``rng``."""
    out = []
    for _ in range(n):
        num = int(rng.integers(-6, 7))
        while num == 0 and not allow_zero:
            num = int(rng.integers(-6, 7))
        out.append(Fraction(num, int(rng.choice([1, 2, 3]))))
    return out
