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


def promise_transfer(gap: list[Any], ip: list[Any], four_n: list[Any]) -> list[list[Any]]:
    """Theorem 4.2's promise transfer without square roots, as two row predicates.

    With gap = n − 2Δ: Δ ≤ n/2 − √n ⇔ gap ≥ 0 ∧ gap² ≥ 4n ⇒ ip ≥ 0 ∧ ip² ≥ 4n (⇔ ip/n ≥ 2/√n), and the far side.
    """
    return [["implies", ["and", [">=", gap, ["const", 0]], [">=", ["*", gap, gap], four_n]],
             ["and", [">=", ip, ["const", 0]], [">=", ["*", ip, ip], four_n]]],
            ["implies", ["and", ["<=", gap, ["const", 0]], [">=", ["*", gap, gap], four_n]],
             ["and", ["<=", ip, ["const", 0]], [">=", ["*", ip, ip], four_n]]]]


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
            *promise_transfer(gap, ip, four_n)]
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
            *promise_transfer(gap, ip, four_n)]
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


DOUBLING_CERT_MAX_N = 4
"""Largest n whose every (x, M, b) goes into the doubling-reduction ``table`` certificate (n = 2, 4: 8 + 96 rows,
51 KB, ~0.7 s to check; n = 6 would be 1920 rows, 364 KB, ~48 s in the pure-Fraction table checker under load,
because each row selects x′ at 2n matching endpoints by 2n-term indicator sums)."""


def _is_one_of(e: Any, values: Any) -> list[Any]:
    return ["or", *[["==", e, ["const", v]] for v in values]]


def _pick(index: Any, values: list[Any]) -> list[Any]:
    """values[index] for an integer index in range(len(values)): Σ_m [index = m]·values[m].

    The indicator [index = m] = max(0, 1 − |index − m|) is exact for integers; callers first check
    index ∈ {0, …, len − 1}.
    """
    return ["+", *[["*", ["max", ["const", 0], ["-", ["const", 1], ["abs", ["-", index, ["const", m]]]]], v]
                   for m, v in enumerate(values)]]


def doubling_table(n: int, rows: list[tuple[int, ...]], *, claim: str, check: str) -> dict[str, Any]:
    """``thm5.classical-lower-repaired :: reduction_exact_small_n`` at one even n: every (x, M, b), re-derived.

    Columns (indices 0-based): x0..x{n−1}; b; the matching M as pairs (i1, j1) … (ik, jk), k = n/2; w1..wk; the
    doubled matching M′ of [2n] as pairs (p1, q1) … (pn, qn); conflicts; f. The checker verifies, per row: x, b,
    w are bits; M is a perfect matching of [n] (indices in range, all 2k endpoints distinct); w_e = x_i ⊕ x_j ⊕ b
    (the BHM promise Mx ⊕ w = b^k); M′ is Bob's local map of (M, w): (i, j + n·w) and (n + i, j + n·(1 − w)),
    a perfect matching of [2n]; with Alice's x′ = (x, x̄) (x′_t = x_t, x′_{n+t} = 1 − x_t, selected by the
    indicator sum :func:`_pick`), conflicts = Σ_r (x′_{p_r} − x′_{q_r})² (the pairs with s′_p ≠ s′_q),
    f = conflicts/n, and f = b (Theorem 5.2's repaired reduction, Appendix C).
    """
    k = n // 2
    xs, js = [f"x{t}" for t in range(n)], [f"j{e}" for e in range(1, k + 1)]
    ii, ws = [f"i{e}" for e in range(1, k + 1)], [f"w{e}" for e in range(1, k + 1)]
    ps, qs = [f"p{r}" for r in range(1, n + 1)], [f"q{r}" for r in range(1, n + 1)]
    col = {c: ["col", c] for c in [*xs, "b", *ii, *js, *ws, *ps, *qs, "conflicts", "f"]}
    x = [col[c] for c in xs]
    xd = [*x, *[["-", ["const", 1], v] for v in x]]              # Alice's x′ = (x, x̄)
    one, nn = ["const", 1], ["const", n]
    ends = [col[c] for c in ii + js]
    ends2 = [col[c] for c in ps + qs]
    pred: list[Any] = ["and", *[_is_one_of(col[c], (0, 1)) for c in [*xs, "b", *ws]],
                       *[_is_one_of(e, range(n)) for e in ends],
                       *[["!=", a, c] for a, c in itertools.combinations(ends, 2)]]
    for e in range(k):
        i, j, w = col[ii[e]], col[js[e]], col[ws[e]]
        xi, xj = _pick(i, x), _pick(j, x)
        xor_ij = ["-", ["+", xi, xj], ["*", ["const", 2], xi, xj]]
        pred += [["==", w, ["-", ["+", xor_ij, col["b"]], ["*", ["const", 2], xor_ij, col["b"]]]],
                 ["==", col[ps[e]], i], ["==", col[qs[e]], ["+", j, ["*", nn, w]]],
                 ["==", col[ps[e + k]], ["+", nn, i]], ["==", col[qs[e + k]], ["+", j, ["*", nn, ["-", one, w]]]]]
    pred += [*[_is_one_of(e, range(2 * n)) for e in ends2], *[["!=", a, c] for a, c in itertools.combinations(ends2, 2)]]
    diffs = [["-", _pick(col[p], xd), _pick(col[q], xd)] for p, q in zip(ps, qs, strict=True)]
    pred += [["==", col["conflicts"], ["+", *[["*", d, d] for d in diffs]]],
             ["==", col["f"], ["/", col["conflicts"], nn]], ["==", col["f"], col["b"]]]
    return table_certificate([*xs, "b", *[c for e in range(k) for c in (ii[e], js[e])], *ws,
                              *[c for r in range(n) for c in (ps[r], qs[r])], "conflicts", "f"],
                             [tuple(r) for r in rows], pred, claim=claim, check=check,
                             definition=f"n = {n}: every x in {{0,1}}^{n}, every perfect matching M of [{n}] "
                                        f"(pairs (i, j), 0-based), both b; w = Mx xor b^{k}; M' = Bob's doubled "
                                        f"matching of [{2 * n}] as produced; conflicts = pairs of M' on which "
                                        "Alice's x' = (x, not x) differs, f = conflicts/n. Theorem 5.2's repaired "
                                        "reduction (Appendix C): f = b on every instance. The certificates of "
                                        f"this check cover n = 2..{DOUBLING_CERT_MAX_N} (every instance); "
                                        "larger n are enumerated by the check but not certified.")
