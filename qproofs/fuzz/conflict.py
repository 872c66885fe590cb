"""Hypothesis strategies for Section 5 (GapIP and TieAudit): JSON-able instances only.

Valid instances feed the fuzz properties of the claim modules of ``checks/sec5/``;
invalid ones (τ or δ outside (0,1), non-unit or mismatched vectors, odd n,
matchings that are not perfect or repeat an index) must raise
``InvalidParameter``.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

_floats = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False, allow_infinity=False)


@st.composite
def gapip_pairs(draw: Any, max_n: int = 12) -> dict[str, Any]:
    """Two non-zero real vectors (normalised by the property) of a common length 2..max_n."""
    n = draw(st.integers(min_value=2, max_value=max_n))
    a = draw(st.lists(_floats, min_size=n, max_size=n).filter(lambda v: sum(x * x for x in v) > 1e-3))
    b = draw(st.lists(_floats, min_size=n, max_size=n).filter(lambda v: sum(x * x for x in v) > 1e-3))
    return {"n": n, "a": a, "b": b}


@st.composite
def tie_instances(draw: Any, max_half: int = 16) -> dict[str, Any]:
    """A ±1 sign vector of even length and a perfect matching given as a permutation's pairs."""
    half = draw(st.integers(min_value=1, max_value=max_half))
    n = 2 * half
    s = draw(st.lists(st.sampled_from([-1, 1]), min_size=n, max_size=n))
    perm = draw(st.permutations(list(range(n))))
    return {"n": n, "s": s, "matching": [[perm[2 * k], perm[2 * k + 1]] for k in range(half)]}


@st.composite
def ghd_strings(draw: Any, max_n: int = 24) -> dict[str, Any]:
    """Two ±1 strings of a common length 1..max_n."""
    n = draw(st.integers(min_value=1, max_value=max_n))
    pm = st.sampled_from([-1, 1])
    return {"x": draw(st.lists(pm, min_size=n, max_size=n)), "y": draw(st.lists(pm, min_size=n, max_size=n))}


def invalid_gapip_params() -> st.SearchStrategy[dict[str, Any]]:
    """GapIP inputs breaking exactly one rule: τ, δ, unit norm, equal length."""
    bad_unit = st.just({"rule": "unit", "a": [1.0, 1.0], "b": [1.0, 0.0], "tau": 0.1, "delta": 0.1})
    bad_len = st.just({"rule": "length", "a": [1.0, 0.0], "b": [1.0, 0.0, 0.0], "tau": 0.1, "delta": 0.1})
    bad_tau = st.one_of(st.floats(max_value=0.0, allow_nan=False), st.floats(min_value=1.0, allow_nan=False)).map(
        lambda t: {"rule": "tau", "a": [1.0, 0.0], "b": [1.0, 0.0], "tau": t, "delta": 0.1})
    bad_delta = st.one_of(st.floats(max_value=0.0, allow_nan=False), st.floats(min_value=1.0, allow_nan=False)).map(
        lambda d: {"rule": "delta", "a": [1.0, 0.0], "b": [1.0, 0.0], "tau": 0.1, "delta": d})
    return st.one_of(bad_unit, bad_len, bad_tau, bad_delta)


@st.composite
def invalid_matchings(draw: Any) -> dict[str, Any]:
    """(n, matching) with odd n, a missing pair, or a repeated index."""
    kind = draw(st.sampled_from(["odd", "short", "repeat"]))
    half = draw(st.integers(min_value=2, max_value=8))
    n = 2 * half
    pairs = [[2 * k, 2 * k + 1] for k in range(half)]
    if kind == "odd":
        return {"rule": kind, "n": n + 1, "matching": pairs}
    if kind == "short":
        return {"rule": kind, "n": n, "matching": pairs[:-1]}
    pairs[-1][1] = pairs[0][0]
    return {"rule": kind, "n": n, "matching": pairs}
