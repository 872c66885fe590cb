"""Section 5's input domain: every ``require`` of the executed protocols at its boundary (issue 11: input guards).

One table per library module (:class:`qproofs.domain.Edge` rows: the value just outside the rule is refused
naming the parameter, the boundary value is accepted). Run by the ``input_domain`` checks of the verified claims
that execute the module: ``GAPIP_EDGES`` by ``thm4.quantum-upper`` and ``thm4.classical-upper``,
``TIEAUDIT_EDGES`` by ``thm5.quantum-upper`` (its countsketch / subset rows are the baselines of the gap claim
``thm5.classical-lower``, hosted here), ``LOGLOG_EDGES`` by ``thm4.quantum-upper`` (its fits call
:func:`~qproofs.fit.fit_power_law`). ``qproofs.symbolic.conflict`` has no input guard. Every ``inside`` call is a
tiny instance (< 5 ms). Values just outside are exact binary neighbours (2^-40) where the rule is a comparison.
At a strict bound (τ < 1: outside τ = 1 itself) and an integer one, ``beyond`` is a value well past it (τ = 1.5,
ε = −0.25, n = −1), refused too: ``0 != float(eps) <= 0.5`` and ``0 != delta < 1`` (round-4 survivors of
``tieaudit.require_eps`` and ``gapip.dither_levels``) refuse ε = 0 and δ = 0 but accept −0.25.
"""

from __future__ import annotations

import math

import numpy as np

from qproofs.domain import Edge
from qproofs.fit import loglog
from qproofs.protocols import gapip, tieaudit

_NUDGE = 2.0**-40
"""Just outside a comparison rule: an exact binary neighbour of the boundary."""


def _v(*xs: float) -> np.ndarray:
    return np.asarray(xs, dtype=float)


_A = _v(1.0, 0.0)
_B_HALF = _v(0.5, math.sqrt(0.75))         # ⟨a, b⟩ = 0.5 exactly (0.5·1 + 0·…)


def _rng() -> np.random.Generator:
    return np.random.default_rng(0)


def _quantum(**kw: object) -> object:
    """run_quantum on the cheapest instance (τ = δ = 1/2, n = 2), keyword overrides."""
    args: dict[str, object] = {"a": _A, "b": _B_HALF, "tau": 0.5, "delta": 0.5, "simulator": "plane"}
    args.update(kw)
    a, b, tau, delta = args.pop("a"), args.pop("b"), args.pop("tau"), args.pop("delta")
    return gapip.run_quantum(a, b, tau, delta, _rng(), **args)  # type: ignore[arg-type]


GAPIP_EDGES: list[Edge] = [
    # require_tau / require_delta (every GapIP entry point)
    Edge("τ > 0", "tau", lambda: gapip.require_tau(0.0), lambda: gapip.require_tau(_NUDGE),
         beyond=lambda: gapip.require_tau(-0.25)),
    Edge("τ < 1", "tau", lambda: gapip.require_tau(1.0), lambda: gapip.require_tau(1 - _NUDGE),
         beyond=lambda: gapip.require_tau(1.5)),
    Edge("τ is a number", "tau", lambda: gapip.require_tau("0.5"), lambda: gapip.require_tau(np.float64(0.5))),  # type: ignore[arg-type]
    Edge("δ > 0", "delta", lambda: gapip.require_delta(0.0), lambda: gapip.require_delta(_NUDGE),
         beyond=lambda: gapip.require_delta(-0.25)),
    Edge("δ < 1", "delta", lambda: gapip.require_delta(1.0), lambda: gapip.require_delta(1 - _NUDGE),
         beyond=lambda: gapip.require_delta(1.5)),
    Edge("δ is a number", "delta", lambda: gapip.require_delta("0.5"), lambda: gapip.require_delta(0.5)),  # type: ignore[arg-type]
    # require_unit_pair
    Edge("a, b non-empty", "a, b", lambda: gapip.require_unit_pair(_v(), _v()),
         lambda: gapip.require_unit_pair(_v(1.0), _v(1.0))),
    Edge("a, b 1-d", "a, b", lambda: gapip.require_unit_pair(_A[None, :], _A[None, :]),
         lambda: gapip.require_unit_pair(_A, _A)),
    Edge("len b = len a", "b", lambda: gapip.require_unit_pair(_A, _v(1.0, 0.0, 0.0)),
         lambda: gapip.require_unit_pair(_A, _v(0.0, 1.0)), rule="(2)"),
    Edge("‖a‖ ≤ 1 + atol", "a", lambda: gapip.require_unit_pair(_v(1.25 + _NUDGE), _v(1.0), atol=0.25),
         lambda: gapip.require_unit_pair(_v(1.25), _v(1.0), atol=0.25)),
    Edge("‖a‖ ≥ 1 − atol", "a", lambda: gapip.require_unit_pair(_v(0.75 - _NUDGE), _v(1.0), atol=0.25),
         lambda: gapip.require_unit_pair(_v(0.75), _v(1.0), atol=0.25)),
    Edge("‖b‖ ≤ 1 + atol", "b", lambda: gapip.require_unit_pair(_v(1.0), _v(1.25 + _NUDGE), atol=0.25),
         lambda: gapip.require_unit_pair(_v(1.0), _v(1.25), atol=0.25)),
    Edge("‖b‖ ≥ 1 − atol", "b", lambda: gapip.require_unit_pair(_v(1.0), _v(0.75 - _NUDGE), atol=0.25),
         lambda: gapip.require_unit_pair(_v(1.0), _v(0.75), atol=0.25)),
    Edge("default atol 1e-9", "a", lambda: gapip.require_unit_pair(_v(1 + 1e-8), _v(1.0)),
         lambda: gapip.require_unit_pair(_v(1 + 1e-10), _v(1.0))),
    # require_promise |⟨a,b⟩| ≥ τ − atol
    Edge("⟨a,b⟩ ≥ τ", "a, b", lambda: gapip.require_promise(_A, _v(0.5 - _NUDGE, 0.0), 0.5, atol=0.0),
         lambda: gapip.require_promise(_A, _v(0.5, 0.0), 0.5, atol=0.0), rule="tau = 0.5"),
    Edge("⟨a,b⟩ ≤ −τ", "a, b", lambda: gapip.require_promise(_A, _v(-0.5 + _NUDGE, 0.0), 0.5, atol=0.0),
         lambda: gapip.require_promise(_A, _v(-0.5, 0.0), 0.5, atol=0.0), rule="tau = 0.5"),
    Edge("promise checked by run_quantum", "a, b", lambda: _quantum(b=_v(0.0, 1.0)), lambda: _quantum()),
    # run_quantum's own rules
    Edge("simulator ∈ {full, plane}", "simulator", lambda: _quantum(simulator="fast"),
         lambda: _quantum(simulator="full")),
    Edge("vectors or (θ, n)", "a, b", lambda: _quantum(a=None, b=None, theta=None, n=2),
         lambda: _quantum(a=None, b=None, theta=1.0, n=2)),
    Edge("full simulator needs a", "a", lambda: _quantum(a=None, b=None, theta=1.0, n=2, simulator="full"),
         lambda: _quantum(simulator="full")),
    Edge("run_quantum τ < 1", "tau", lambda: _quantum(tau=1.0), lambda: _quantum(tau=0.5),
         beyond=lambda: _quantum(tau=1.5)),
    Edge("run_quantum δ < 1", "delta", lambda: _quantum(delta=1.0), lambda: _quantum(delta=1 - _NUDGE),
         beyond=lambda: _quantum(delta=1.5)),
    # one round, JL, whole vector, dither
    Edge("copies ≥ 1", "copies", lambda: gapip.run_one_round_batch(0.5, 2, 0, 1, _rng()),
         lambda: gapip.run_one_round_batch(0.5, 2, 1, 1, _rng()),
         beyond=lambda: gapip.run_one_round_batch(0.5, 2, -1, 1, _rng())),
    Edge("one round checks the promise", "a, b", lambda: gapip.run_one_round(_A, _v(0.0, 1.0), 0.5, 1, _rng()),
         lambda: gapip.run_one_round(_A, _B_HALF, 0.5, 1, _rng())),
    Edge("JL k ≥ 1", "k", lambda: gapip.run_jl(_A, _B_HALF, 0.5, 0, 0), lambda: gapip.run_jl(_A, _B_HALF, 0.5, 1, 0),
         beyond=lambda: gapip.run_jl(_A, _B_HALF, 0.5, -1, 0)),
    Edge("JL τ < 1", "tau", lambda: gapip.run_jl(_A, _B_HALF, 1.0, 1, 0), lambda: gapip.run_jl(_A, _B_HALF, 0.5, 1, 0),
         beyond=lambda: gapip.run_jl(_A, _B_HALF, 1.5, 1, 0)),
    Edge("JL unit a", "a", lambda: gapip.run_jl(2 * _A, _B_HALF, 0.5, 1, 0), lambda: gapip.run_jl(_A, _B_HALF, 0.5, 1, 0)),
    Edge("whole vector τ > 0", "tau", lambda: gapip.run_whole_vector(_A, _B_HALF, 0.0),
         lambda: gapip.run_whole_vector(_A, _B_HALF, _NUDGE),
         beyond=lambda: gapip.run_whole_vector(_A, _B_HALF, -0.25)),
    Edge("whole vector unit b", "b", lambda: gapip.run_whole_vector(_A, 2 * _B_HALF, 0.5),
         lambda: gapip.run_whole_vector(_A, _B_HALF, 0.5)),
    Edge("dither δ > 0", "delta", lambda: gapip.dither_levels(0.5, 0.0), lambda: gapip.dither_levels(0.5, _NUDGE),
         beyond=lambda: gapip.dither_levels(0.5, -0.25)),
    Edge("dither δ < 1", "delta", lambda: gapip.dither_levels(0.5, 1.0), lambda: gapip.dither_levels(0.5, 1 - _NUDGE),
         beyond=lambda: gapip.dither_levels(0.5, 1.5)),
    Edge("dither τ < 1", "tau", lambda: gapip.dither_levels(1.0, 0.5), lambda: gapip.dither_levels(1 - _NUDGE, 0.5),
         beyond=lambda: gapip.dither_levels(1.5, 0.5)),
    Edge("dithered run τ < 1", "tau", lambda: gapip.run_whole_vector_dithered(_A, _A, 1.0, 0.5, 0),
         lambda: gapip.run_whole_vector_dithered(_A, _A, 0.5, 0.5, 0),
         beyond=lambda: gapip.run_whole_vector_dithered(_A, _A, 1.5, 0.5, 0)),
    # instances
    Edge("promise_pair n ≥ 2", "n", lambda: gapip.promise_pair(1, 0.5, _rng()), lambda: gapip.promise_pair(2, 0.5, _rng()),
         beyond=lambda: gapip.promise_pair(-1, 0.5, _rng())),
    Edge("promise_pair n integer", "n", lambda: gapip.promise_pair(2.0, 0.5, _rng()),  # type: ignore[arg-type]
         lambda: gapip.promise_pair(np.int64(2), 0.5, _rng())),  # type: ignore[arg-type]
    Edge("promise_pair ip ≤ 1", "ip", lambda: gapip.promise_pair(2, 1 + _NUDGE, _rng()),
         lambda: gapip.promise_pair(2, 1.0, _rng())),
    Edge("promise_pair ip ≥ −1", "ip", lambda: gapip.promise_pair(2, -1 - _NUDGE, _rng()),
         lambda: gapip.promise_pair(2, -1.0, _rng())),
    Edge("promise_instance τ < 1", "tau", lambda: gapip.promise_instance(2, 1.0, _rng()),
         lambda: gapip.promise_instance(2, 1 - _NUDGE, _rng()),
         beyond=lambda: gapip.promise_instance(2, 1.5, _rng())),
    Edge("ghd x, y same length", "y", lambda: gapip.ghd_vectors(_v(1, -1), _v(1, -1, 1)),
         lambda: gapip.ghd_vectors(_v(1, -1), _v(-1, 1))),
    Edge("ghd x, y non-empty", "y", lambda: gapip.ghd_vectors(_v(), _v()), lambda: gapip.ghd_vectors(_v(1), _v(-1))),
    Edge("ghd entries ±1", "x, y", lambda: gapip.ghd_vectors(_v(1, 1 - _NUDGE), _v(1, 1)),
         lambda: gapip.ghd_vectors(_v(1, -1), _v(1, 1))),
    Edge("ghd_instance n ≥ 4", "n", lambda: gapip.ghd_instance(3, True, _rng()), lambda: gapip.ghd_instance(4, True, _rng()),
         beyond=lambda: gapip.ghd_instance(-1, True, _rng())),
]
"""qproofs.protocols.gapip (Theorem 4, Remark 3): τ, δ, unit vectors, the promise, k, copies, instances."""

_S4 = np.array([1, -1, -1, 1], dtype=np.int8)
_M4 = np.array([[0, 1], [2, 3]])


def _x(rows: list[list[int]]) -> np.ndarray:
    return np.asarray(rows, dtype=np.int8)


TIEAUDIT_EDGES: list[Edge] = [
    Edge("n ≥ 2", "n", lambda: tieaudit.require_even_n(0), lambda: tieaudit.require_even_n(2),
         beyond=lambda: tieaudit.require_even_n(-2)),
    Edge("n even", "n", lambda: tieaudit.require_even_n(3), lambda: tieaudit.require_even_n(4)),
    Edge("n integer", "n", lambda: tieaudit.require_even_n(2.0), lambda: tieaudit.require_even_n(np.int64(2))),  # type: ignore[arg-type]
    Edge("ε > 0", "eps", lambda: tieaudit.require_eps(0.0), lambda: tieaudit.require_eps(_NUDGE),
         beyond=lambda: tieaudit.require_eps(-0.25)),
    Edge("ε ≤ 1/2", "eps", lambda: tieaudit.require_eps(0.5 + _NUDGE), lambda: tieaudit.require_eps(0.5)),
    Edge("ε is a number", "eps", lambda: tieaudit.require_eps("0.1"), lambda: tieaudit.require_eps(np.float64(0.1))),  # type: ignore[arg-type]
    Edge("copies: δ < 1", "delta", lambda: tieaudit.hoeffding_copies(0.5, 1.0), lambda: tieaudit.hoeffding_copies(0.5, 1 - _NUDGE),
         beyond=lambda: tieaudit.hoeffding_copies(0.5, 1.5)),
    Edge("copies: ε ≤ 1/2", "eps", lambda: tieaudit.hoeffding_copies(0.5 + _NUDGE, 0.5),
         lambda: tieaudit.hoeffding_copies(0.5, 0.5)),
    Edge("s 1-d", "s", lambda: tieaudit.require_signs(_S4[None, :]), lambda: tieaudit.require_signs(_S4)),
    Edge("s even length", "n", lambda: tieaudit.require_signs(_S4[:3]), lambda: tieaudit.require_signs(_S4[:2])),
    Edge("s entries ±1", "s", lambda: tieaudit.require_signs(np.array([1, 0])), lambda: tieaudit.require_signs(np.array([1, -1]))),
    Edge("matching shape (n/2, 2)", "matching", lambda: tieaudit.require_matching(np.array([[0, 1, 2, 3]]), 4),
         lambda: tieaudit.require_matching(_M4, 4)),
    Edge("matching integer", "matching", lambda: tieaudit.require_matching(_M4.astype(float), 4),
         lambda: tieaudit.require_matching(_M4.astype(np.int8), 4)),
    Edge("matching perfect", "matching", lambda: tieaudit.require_matching(_M4[:1], 4),
         lambda: tieaudit.require_matching(_M4, 4), rule="n/2 = 2"),
    Edge("matching indices < n", "matching", lambda: tieaudit.require_matching(np.array([[0, 4], [2, 3]]), 4),
         lambda: tieaudit.require_matching(np.array([[0, 1], [2, 3]]), 4), rule="[0, 4)",
         beyond=lambda: tieaudit.require_matching(np.array([[0, 9], [2, 3]]), 4)),
    Edge("matching indices ≥ 0", "matching", lambda: tieaudit.require_matching(np.array([[-1, 1], [2, 3]]), 4),
         lambda: tieaudit.require_matching(np.array([[0, 1], [2, 3]]), 4), rule="[0, 4)",
         beyond=lambda: tieaudit.require_matching(np.array([[-5, 1], [2, 3]]), 4)),
    Edge("matching no repeat", "matching", lambda: tieaudit.require_matching(np.array([[0, 1], [1, 3]]), 4),
         lambda: tieaudit.require_matching(np.array([[0, 2], [1, 3]]), 4), rule="index 1 appears 2 times"),
    Edge("matching n even", "n", lambda: tieaudit.require_matching(_M4, 5), lambda: tieaudit.require_matching(_M4, 4)),
    Edge("fraction f ≥ 0", "f", lambda: tieaudit.instance_with_fraction(4, -_NUDGE, _rng()),
         lambda: tieaudit.instance_with_fraction(4, 0.0, _rng())),
    Edge("fraction f ≤ 1", "f", lambda: tieaudit.instance_with_fraction(4, 1 + _NUDGE, _rng()),
         lambda: tieaudit.instance_with_fraction(4, 1.0, _rng())),
    Edge("random matching n even", "n", lambda: tieaudit.random_matching(3, _rng()), lambda: tieaudit.random_matching(2, _rng())),
    Edge("bhm n even", "n", lambda: tieaudit.bhm_instance(3, _rng()), lambda: tieaudit.bhm_instance(2, _rng())),
    Edge("bhm w n ≥ 2", "n", lambda: tieaudit.bhm_bob_w(0, _rng()), lambda: tieaudit.bhm_bob_w(2, _rng()),
         beyond=lambda: tieaudit.bhm_bob_w(-2, _rng())),
    Edge("bhm w non-empty", "n", lambda: tieaudit.bhm_instance_with_w(np.array([], np.int8), _rng()),
         lambda: tieaudit.bhm_instance_with_w(np.array([1], np.int8), _rng())),
    Edge("doubled: M a matching of x", "matching", lambda: tieaudit.bhm_doubled(_x([[0, 1, 1, 0]])[0], _M4[:1], _x([[1]])[0]),
         lambda: tieaudit.bhm_doubled(_x([[0, 1, 1, 0]])[0], _M4, _x([[1, 0]])[0])),
    Edge("doubled batch x 2-d", "x", lambda: tieaudit.bhm_doubled_batch(_x([[0, 1, 1, 0]])[0], _M4, _x([[1, 0]])),
         lambda: tieaudit.bhm_doubled_batch(_x([[0, 1, 1, 0]]), _M4, _x([[1, 0]]))),
    Edge("doubled batch w shape", "w", lambda: tieaudit.bhm_doubled_batch(_x([[0, 1, 1, 0]]), _M4, _x([[1, 0, 1]])),
         lambda: tieaudit.bhm_doubled_batch(_x([[0, 1, 1, 0]]), _M4, _x([[1, 0]])), rule="(1, 2)"),
    Edge("ψ real", "psi", lambda: tieaudit.matching_outcome_probabilities(np.full(4, 0.5 + 0j), _M4),
         lambda: tieaudit.matching_outcome_probabilities(np.full(4, 0.5), _M4)),
    Edge("clients ≥ 1", "clients", lambda: tieaudit.run_quantum(_S4, _M4, 0.5, 0.5, _rng(), clients=0),
         lambda: tieaudit.run_quantum(_S4, _M4, 0.5, 0.5, _rng(), clients=1),
         beyond=lambda: tieaudit.run_quantum(_S4, _M4, 0.5, 0.5, _rng(), clients=-1)),
    Edge("clients integer", "clients", lambda: tieaudit.run_quantum(_S4, _M4, 0.5, 0.5, _rng(), clients=1.0),  # type: ignore[arg-type]
         lambda: tieaudit.run_quantum(_S4, _M4, 0.5, 0.5, _rng(), clients=1)),
    Edge("quantum run checks the matching", "matching", lambda: tieaudit.run_quantum(_S4, _M4[:1], 0.5, 0.5, _rng()),
         lambda: tieaudit.run_quantum(_S4, _M4, 0.5, 0.5, _rng())),
    Edge("quantum run checks the signs", "s", lambda: tieaudit.run_quantum(np.array([1, 0, 1, 1]), _M4, 0.5, 0.5, _rng()),
         lambda: tieaudit.run_quantum(_S4, _M4, 0.5, 0.5, _rng())),
    Edge("shared order length ≥ 1", "length", lambda: tieaudit.shared_order(4, 0, 0), lambda: tieaudit.shared_order(4, 1, 0),
         rule="n = 4",
         beyond=lambda: tieaudit.shared_order(4, -1, 0)),
    Edge("shared order length ≤ n", "length", lambda: tieaudit.shared_order(4, 5, 0), lambda: tieaudit.shared_order(4, 4, 0),
         rule="n = 4",
         beyond=lambda: tieaudit.shared_order(4, 9, 0)),
    Edge("subset r ≥ 1", "r", lambda: tieaudit.run_subset(_S4, _M4, 0, 0), lambda: tieaudit.run_subset(_S4, _M4, 1, 0),
         rule="n = 4",
         beyond=lambda: tieaudit.run_subset(_S4, _M4, -1, 0)),
    Edge("subset r ≤ n", "r", lambda: tieaudit.run_subset(_S4, _M4, 5, 0), lambda: tieaudit.run_subset(_S4, _M4, 4, 0),
         rule="n = 4",
         beyond=lambda: tieaudit.run_subset(_S4, _M4, 9, 0)),
    Edge("subset checks the matching", "matching", lambda: tieaudit.run_subset(_S4, _M4[:1], 1, 0),
         lambda: tieaudit.run_subset(_S4, _M4, 1, 0)),
    Edge("countsketch buckets ≥ 1", "buckets", lambda: tieaudit.run_countsketch(_S4, _M4, 0, 0),
         lambda: tieaudit.run_countsketch(_S4, _M4, 1, 0),
         beyond=lambda: tieaudit.run_countsketch(_S4, _M4, -1, 0)),
    Edge("countsketch buckets integer", "buckets", lambda: tieaudit.run_countsketch(_S4, _M4, 1.0, 0),  # type: ignore[arg-type]
         lambda: tieaudit.run_countsketch(_S4, _M4, np.int64(1), 0)),  # type: ignore[arg-type]
    Edge("countsketch checks the matching", "matching", lambda: tieaudit.run_countsketch(_S4, _M4[:1], 1, 0),
         lambda: tieaudit.run_countsketch(_S4, _M4, 1, 0)),
    Edge("countsketch checks the signs", "s", lambda: tieaudit.run_countsketch(np.array([1, 2, 1, 1]), _M4, 1, 0),
         lambda: tieaudit.run_countsketch(_S4, _M4, 1, 0)),
]
"""qproofs.protocols.tieaudit (Theorem 5, Remark 5): n, ε, δ, signs, matchings, r, buckets, clients, instances."""

_X3 = [1.0, 2.0, 4.0]
_Y3 = [3.0, 6.0, 12.0]


def _fit(x: list[float], y: list[float], level: float = 0.5) -> object:
    return loglog.fit_power_law(x, y, _rng(), boot=2, level=level)


LOGLOG_EDGES: list[Edge] = [
    Edge("len y = len x", "y", lambda: _fit(_X3, _Y3[:2]), lambda: _fit(_X3, _Y3)),
    Edge("x 1-d", "y", lambda: _fit([_X3], [_Y3]), lambda: _fit(_X3, _Y3)),  # type: ignore[list-item]
    Edge("≥ 3 points", "x", lambda: _fit(_X3[:2], _Y3[:2]), lambda: _fit(_X3, _Y3),
         beyond=lambda: _fit(_X3[:1], _Y3[:1])),
    Edge("x > 0", "x, y", lambda: _fit([0.0, 2.0, 4.0], _Y3), lambda: _fit([_NUDGE, 2.0, 4.0], _Y3),
         beyond=lambda: _fit([-1.0, 2.0, 4.0], _Y3)),
    Edge("y > 0", "x, y", lambda: _fit(_X3, [0.0, 6.0, 12.0]), lambda: _fit(_X3, [_NUDGE, 6.0, 12.0]),
         beyond=lambda: _fit(_X3, [-1.0, 6.0, 12.0])),
    Edge("level > 0", "level", lambda: _fit(_X3, _Y3, 0.0), lambda: _fit(_X3, _Y3, _NUDGE),
         beyond=lambda: _fit(_X3, _Y3, -0.25)),
    Edge("level < 1", "level", lambda: _fit(_X3, _Y3, 1.0), lambda: _fit(_X3, _Y3, 1 - _NUDGE),
         beyond=lambda: _fit(_X3, _Y3, 1.5)),
    Edge("≥ 2 distinct x", "x", lambda: _fit([1.0, 1.0, 1.0], _Y3), lambda: _fit([1.0, 1.0, 2.0], _Y3)),
]
"""qproofs.fit.loglog.fit_power_law (every Section 5 fit): lengths, positivity, level, distinct abscissae."""
