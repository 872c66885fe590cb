"""``rem5.broadcast`` (Remark 5, Section 6): no broadcast, k clients cost k·m·⌈log n⌉ qubits.

Anatomy: the claim; its parameters per profile; its checks; its mutants. The
k-client TieAudit runs are executed by :mod:`qproofs.protocols.tieaudit`; the
classical broadcast cost is the shared subset search of :mod:`._subset`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any
from unittest import mock

import numpy as np

from qproofs.claims import Claim, Evidence, Figure, Series
from qproofs.fixtures import fixture
from qproofs.property import Property
from qproofs.protocols import gapip, tieaudit
from qproofs.tolerance import EXACT

from . import _props
from ._costs import DELTA, EPS
from ._fits import RATE_ALPHA, rate_test, rate_tests_data
from ._instances import checked_instance
from ._subset import shared_subset_rows

# ------------------------------------------------------------------ claim ---

_COMMON = {"bits_ci_alpha": 0.05, "client_ns": (64, 4096), "clients": (1, 2, 5, 9), "client_fraction": 0.3, "verify_max_n": 2**18,
           "verify_fraction": 0.5, "plot_clients": (1, 2, 4, 8, 16, 32, 64)}

CLAIM = Claim(
    "rem5.broadcast", ref="Remark 5, Section 6", section="5", scope="exact",
    title="No broadcast: k clients cost k·m·⌈log n⌉ qubits against one classical broadcast",
    statement=("Quantum states cannot be broadcast: k clients cost k·m·⌈log n⌉ qubits against one classical "
               "broadcast; the crossover k at which the quantum advantage disappears, from executed costs."),
    uses=("thm5.quantum-upper", "thm5.classical-lower"),
    paper={"hoeffding_denominator": 2},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"subset_trials": 60, "subset_exponents": (8, 12, 16, 20), **_COMMON},
            "standard": {"subset_trials": 120, "subset_exponents": (8, 10, 12, 14, 16, 18, 20, 22), **_COMMON},
            "deep": {"subset_trials": 120, "subset_exponents": (8, 10, 12, 14, 16, 18, 20, 22), **_COMMON}},
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("accounting")
def per_client_accounting(ctx: Any) -> Evidence:
    """Executed k-client runs: counted qubits = k·m·⌈log₂ n⌉, and every client's estimate is within ε."""
    rng = ctx.rng("k")
    bad, count, misses, runs = [], 0, 0, 0
    m = math.ceil(math.log(2 / DELTA) / (ctx.paper["hoeffding_denominator"] * EPS**2))
    for n in ctx.params.client_ns:
        s, M, f = checked_instance(n, ctx.params.client_fraction, rng)
        for k in ctx.params.clients:
            out = tieaudit.run_quantum(s, M, EPS, DELTA, rng, clients=k)
            count += 1
            runs += len(out.runs)
            misses += sum(abs(r.estimate - f) > EPS for r in out.runs)
            expected = k * m * math.ceil(math.log2(n))
            if out.total_qubits != expected:
                bad.append({"n": n, "clients": k, "counted": out.total_qubits, "expected": expected})
    test = rate_test(misses, runs, DELTA, RATE_ALPHA)
    ok = not bad and len(out.runs) == ctx.params.clients[-1] and test["passed"]
    return Evidence(passed=ok, observed={"mismatches": len(bad), "client_misses": f"{misses}/{runs}"},
                    expected="k·m·⌈log₂ n⌉ qubits; each client within ε w.p. ≥ 1−δ",
                    tolerance=EXACT, instances=count, counterexample=bad[0] if bad else None,
                    data=rate_tests_data([test]))


@fixture(key="rows")
def rows(ctx: Any) -> list[dict[str, Any]]:
    """Per n: quantum qubits per client, the classical broadcast (smallest subset, at most n bits), k*."""
    out = []
    for r in shared_subset_rows(ctx):
        n = r["n"]
        per_client = r["quantum_qubits"]
        classical = n if r["bits"] is None else min(n, r["bits"])
        low = n if r["bits_low"] is None else min(n, r["bits_low"])
        high = n if r["bits_high"] is None else min(n, r["bits_high"])
        out.append({"n": n, "quantum_per_client": per_client, "classical_broadcast": classical,
                    "k_star": classical / per_client, "k_star_low": low / per_client,
                    "k_star_high": high / per_client})
    return out


def k_one_crossing(rows: list[dict[str, Any]], key: str) -> float | None:
    """The size at which k*(n) (column ``key``) crosses 1, log-log interpolated between the bracketing sizes."""
    for a, b in zip(rows, rows[1:], strict=False):
        if a[key] < 1 <= b[key]:
            t = -math.log(a[key]) / math.log(b[key] / a[key])
            return float(math.exp(math.log(a["n"]) + t * math.log(b["n"] / a["n"])))
    return None


@CLAIM.check("accounting")
def broadcast_crossover(ctx: Any, rows: list[dict[str, Any]]) -> Evidence:
    """k* = classical broadcast bits / quantum qubits per client, from executed costs; k* grows with n."""
    rng = ctx.rng("verify")
    # verify with executed multi-client runs at the largest n ≤ verify_max_n: ⌈k*⌉ clients cost ≥ the broadcast
    last = [r for r in rows if r["n"] <= ctx.params.verify_max_n][-1]
    # (at least 2 clients, so the executed link total also tests k·(per-client qubits): a cloned copy shows here)
    k_up = max(2, math.ceil(last["k_star"]))
    s, M, _ = checked_instance(last["n"], ctx.params.verify_fraction, rng)
    total_up = tieaudit.run_quantum(s, M, EPS, DELTA, rng, clients=k_up).total_qubits
    consistent = total_up >= last["classical_broadcast"] and total_up == k_up * last["quantum_per_client"]
    # k* carries a CI from the subset search's exact binomial bands (one realisation, the one k* comes from)
    grows = rows[-1]["k_star_low"] > rows[0]["k_star_high"]
    alarm = growth_false_alarm(rows, ctx.params.subset_trials, ctx.params.bits_ci_alpha)
    n_one = {"best": k_one_crossing(rows, "k_star"), "low": k_one_crossing(rows, "k_star_high"),
             "high": k_one_crossing(rows, "k_star_low")}
    below_one = [r["n"] for r in rows if r["k_star_high"] < 1]
    x = [r["n"] for r in rows]
    ks = list(ctx.params.plot_clients)
    series = [Series("k* (quantum wins below)", tuple(x), tuple(r["k_star"] for r in rows), "scatter")]
    fig1 = Figure("rem5-crossover-vs-n", f"Remark 5: client crossover k* vs n (ε = {EPS}, δ = {DELTA})", "n", "k*",
                  tuple(series), xscale="log", yscale="log", hlines=((1.0, "k = 1"),))
    sel = rows[-1]
    fig2 = Figure("rem5-cost-vs-clients", f"Remark 5: cost for k clients (n = {sel['n']})", "clients k",
                  "qubits / bits",
                  (Series("quantum k·m·⌈log₂ n⌉", tuple(ks), tuple(k * sel["quantum_per_client"] for k in ks)),
                   Series("classical broadcast", tuple(ks), tuple(sel["classical_broadcast"] for _ in ks))),
                  xscale="log", yscale="log", vlines=((sel["k_star"], "k*"),))
    crossing = n_one["best"] is not None
    n_txt = ("no crossing of k* = 1 in the sweep" if not crossing else
             f"k* < 1 (one client already costs more than the broadcast) below n ≈ {n_one['best']:.3g}, 95% CI "
             f"[{_g(n_one['low'])}, {_g(n_one['high'])}]")
    return Evidence(passed=bool(consistent and grows and crossing and all(math.isfinite(r["k_star"]) for r in rows)),
                    observed={"k_star_by_n": {str(r["n"]): {"low": round(r["k_star_low"], 3),
                                                            "best": round(r["k_star"], 3),
                                                            "high": round(r["k_star_high"], 3)} for r in rows},
                              "n_where_k_star_is_1": n_one, "k_star_ci_below_1_at": below_one,
                              "executed_clients": k_up, "executed_total_qubits": total_up},
                    expected=("finite k*, its CI at the largest n above its CI at the smallest; k* crosses 1 in the "
                              "sweep; max(2, ⌈k*⌉) executed clients cost ≥ the classical broadcast, exactly k× one client's qubits"),
                    tolerance=EXACT, instances=len(rows), figures=(fig1, fig2),
                    data={"rows": rows, "false_alarm": alarm},
                    detail=(f"k* = classical broadcast bits / quantum qubits per client, with a "
                            f"{1 - ctx.params.bits_ci_alpha:.0%} CI from exact Clopper–Pearson bands of the subset "
                            f"search; {n_txt}. The ⌈k*⌉ comparison itself is arithmetic given the exact per-client "
                            "accounting; the evidence is the executed classical search and its CI. The subset sweep is "
                            "the one thm5.classical-lower judges (same seed and sizes: computed once per run, "
                            "and afresh under a mutant; _subset.shared_subset_rows)."))


def growth_false_alarm(rows: list[dict[str, Any]], trials: int, alpha: float) -> float:
    """Upper bound on P[the growth test fails on a true claim] (exact binomial tails, union over grid points).

    The test fails only if the CI low of k* at the largest n is ≤ the CI high at the smallest, which is at most
    n₀/q₀ (the broadcast is capped at n₀ bits): so some subset size r ≤ R = (n₀/q₀)·q₁ at the largest n = n₁ must
    have a Clopper–Pearson band reaching δ. There a run can succeed only if some matched pair lies inside the
    subset or the instance has f = 1/2 (a third of the trials, cycled): the other 2/3·trials runs fail with
    probability ≥ P[no pair inside] = ∏_{i<r} (n₁ − 2i)/(n₁ − i) each (exact, a random r-subset). Summed over
    the searched r ≤ R, capped at 1 (vacuous at quick, where n₀/q₀·q₁ is close to √n₁).
    """
    from scipy import stats

    from qproofs.judge import clopper_pearson

    from ._subset import GRID_RATIO, GRID_START

    first, last = rows[0], rows[-1]
    n1 = last["n"]
    reach = first["n"] / first["quantum_per_client"] * last["quantum_per_client"]
    hard = trials - trials // 3 - (1 if trials % 3 == 2 else 0)     # trials with f ≠ 1/2 (t mod 3 ∈ {0, 2})
    allowed = max((c for c in range(trials + 1) if clopper_pearson(c, trials, alpha)[0] <= DELTA), default=-1)
    total = 0.0
    for r in gapip.geometric_grid(GRID_START, max(GRID_START, int(reach)), GRID_RATIO):
        if r > reach:
            break
        i = np.arange(min(r, n1 // 2 + 1))
        p_none = 0.0 if r > n1 // 2 else float(np.exp(np.sum(np.log((n1 - 2 * i) / (n1 - i)))))
        total += float(stats.binom.cdf(allowed, hard, p_none))      # failures ≤ allowed among the hard trials
    return min(1.0, total)


def _g(v: float | None) -> str:
    return "—" if v is None else f"{v:.3g}"



# ------------------------------------------------------------ fuzz property ---

PROPERTY = Property(
    "k-clients", CLAIM.id, strategy=_props.tie_runs, slack=_props.broadcast_slack, tol=0,
    statement="Property: for any instance, ε, δ and k clients, the server sends k·m·⌈log₂ n⌉ qubits (no broadcast).")


@CLAIM.check("fuzz")
def fuzz_k_clients(ctx: Any) -> Evidence:
    """Hypothesis over instances and client counts: k clients cost k·m·⌈log₂ n⌉ qubits."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY, examples=(20, 60, 400))


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[per_client_accounting, broadcast_crossover, fuzz_k_clients])
def cloned_copies() -> Iterator[None]:
    """Quantum copies 'broadcast': only the first client's copies are counted (``tieaudit.copies_sent_to``)."""
    with mock.patch.object(tieaudit, "copies_sent_to", lambda c, m: m if c == 0 else 0):
        yield


@CLAIM.mutant(kills=[broadcast_crossover], params={"subset_exponents": (8, 10, 12)})
def sweep_stops_below_crossing() -> None:
    """A sweep that never reaches k* = 1 (n ≤ 2^12): the crossing and the CI-separated growth must be missed."""
