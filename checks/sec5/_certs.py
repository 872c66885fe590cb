"""Certificates (issue 12, docs/certificates.md) of the exact Section 5 checks: table builders.

Shared code of ``checks/sec5`` (leading underscore: not a claim module).
"""

from __future__ import annotations

import itertools
from typing import Any

from qproofs.certificates import table_certificate

CERT_MAX_N = 5
"""Largest n whose 4^n pairs of ±1 strings go into a ``table`` certificate (n = 5: 1024 rows, 70 KiB, ~2.6 s to
check; n = 6 would be 4096 rows, 316 KiB, ~12 s in the pure-Fraction table checker)."""


def ghd_pairs_table(n: int, *, claim: str, check: str) -> dict[str, Any]:
    """``thm4.ghd-reduction :: enumerate_small_n`` at one n: every pair x, y ∈ {±1}^n, re-derived by the checker.

    Columns x1..xn, y1..yn, ip = ⟨x, y⟩ and delta = Δ(x, y). The checker verifies, per row: the entries are ±1,
    ip = Σ x_i y_i, delta = Σ |x_i − y_i|/2, ip = n − 2·delta (Theorem 4.2's identity), and the promise transfer
    without square roots: Δ ≤ n/2 − √n ⇔ n − 2Δ ≥ 0 ∧ (n − 2Δ)² ≥ 4n ⇒ ip/n ≥ 2/√n ⇔ ip ≥ 0 ∧ ip² ≥ 4n
    (and symmetrically for the far side).
    """
    xs = [f"x{i}" for i in range(1, n + 1)]
    ys = [f"y{i}" for i in range(1, n + 1)]
    rows = []
    for x in itertools.product((-1, 1), repeat=n):
        for y in itertools.product((-1, 1), repeat=n):
            ip = sum(a * b for a, b in zip(x, y, strict=True))
            rows.append((*x, *y, ip, sum(a != b for a, b in zip(x, y, strict=True))))
    ip, delta = ["col", "ip"], ["col", "delta"]
    nn = ["const", n]
    gap = ["-", nn, ["*", ["const", 2], delta]]            # n − 2Δ
    four_n = ["const", 4 * n]
    pred = ["and",
            *[["==", ["abs", ["col", c]], ["const", 1]] for c in xs + ys],
            ["==", ip, ["+", *[["*", ["col", a], ["col", b]] for a, b in zip(xs, ys, strict=True)]]],
            ["==", ["*", ["const", 2], delta], ["+", *[["abs", ["-", ["col", a], ["col", b]]]
                                                     for a, b in zip(xs, ys, strict=True)]]],
            ["==", ip, gap],
            ["implies", ["and", [">=", gap, ["const", 0]], [">=", ["*", gap, gap], four_n]],
             ["and", [">=", ip, ["const", 0]], [">=", ["*", ip, ip], four_n]]],
            ["implies", ["and", ["<=", gap, ["const", 0]], [">=", ["*", gap, gap], four_n]],
             ["and", ["<=", ip, ["const", 0]], [">=", ["*", ip, ip], four_n]]]]
    return table_certificate([*xs, *ys, "ip", "delta"], rows, pred, claim=claim, check=f"{check}",
                             definition=f"all 4^{n} = {4**n} ordered pairs (x, y) of strings in {{-1, 1}}^{n}, "
                                        "lexicographic; ip = <x, y>, delta = Hamming distance. Theorem 4.2's "
                                        "reduction: <x/sqrt n, y/sqrt n> = 1 - 2 delta/n, and the GHD promise "
                                        "delta <= n/2 - sqrt n (>= n/2 + sqrt n) gives inner product >= 2/sqrt n "
                                        "(<= -2/sqrt n).")


def ghd_distance_table(nmin: int, nmax: int, *, claim: str, check: str) -> dict[str, Any]:
    """The promise transfer of Theorem 4.2 for n = nmin..nmax, one row per (n, Hamming distance Δ = 0..n).

    Beyond :data:`CERT_MAX_N` the 4^n pairs are too many to list; every pair at distance Δ has ⟨x, y⟩ = n − 2Δ
    (one +1 per agreeing coordinate, one −1 per disagreeing one: the identity the check also proves with sympy),
    so the transfer needs checking once per (n, Δ). The checker verifies, per row: 0 ≤ Δ ≤ n, ip = n − 2Δ, and
    without square roots Δ ≤ n/2 − √n ⇒ ip/n ≥ 2/√n (and the far side), as in :func:`ghd_pairs_table`.
    """
    rows = [(n, d, n - 2 * d) for n in range(nmin, nmax + 1) for d in range(n + 1)]
    n_, ip, delta = ["col", "n"], ["col", "ip"], ["col", "delta"]
    gap = ["-", n_, ["*", ["const", 2], delta]]
    four_n = ["*", ["const", 4], n_]
    pred = ["and", [">=", delta, ["const", 0]], ["<=", delta, n_], ["==", ip, gap],
            ["implies", ["and", [">=", gap, ["const", 0]], [">=", ["*", gap, gap], four_n]],
             ["and", [">=", ip, ["const", 0]], [">=", ["*", ip, ip], four_n]]],
            ["implies", ["and", ["<=", gap, ["const", 0]], [">=", ["*", gap, gap], four_n]],
             ["and", ["<=", ip, ["const", 0]], [">=", ["*", ip, ip], four_n]]]]
    return table_certificate(["n", "delta", "ip"], rows, pred, claim=claim, check=check,
                             definition=f"every n = {nmin}..{nmax} and every Hamming distance delta = 0..n of two "
                                        "strings in {-1, 1}^n; ip = <x, y> = n - 2 delta for every pair at that "
                                        "distance. Theorem 4.2's reduction: the GHD promise delta <= n/2 - sqrt n "
                                        "(>= n/2 + sqrt n) gives <x/sqrt n, y/sqrt n> >= 2/sqrt n (<= -2/sqrt n).")


def ghd_tables(nmax: int, *, claim: str, check: str) -> list[dict[str, Any]]:
    """One :func:`ghd_pairs_table` per n = 1..min(nmax, CERT_MAX_N); above it, one :func:`ghd_distance_table`."""
    tables = [ghd_pairs_table(n, claim=claim, check=check) for n in range(1, min(nmax, CERT_MAX_N) + 1)]
    if nmax > CERT_MAX_N:
        tables.append(ghd_distance_table(CERT_MAX_N + 1, nmax, claim=claim, check=check))
    return tables
