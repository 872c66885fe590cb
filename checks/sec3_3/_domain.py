"""Input domains of the §3.3 modules, each rule at its boundary (issue 11: input guards; :mod:`qproofs.domain`).

One table per module: ``outside`` just violates one ``require`` (refused naming the parameter, and the bound the
message states when it computes one), ``inside`` is the boundary value itself (accepted). Tiny instances (< 5 ms).
Where ``outside`` is the bound itself (a strict rule, or an integer one) ``beyond`` is a value well past it
(−1 for ``≥ 1``, 9 for ``< 4``), refused too, so a comparison loosened to ``!=`` is caught (round-4 survivors).
Guards left out (the audit cannot construct them cheaply or at all): ``sdp.reduced`` line 186 (a GHZ-group
stabiliser with a complex phase: the generators are built internally, never passed in).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import sympy as sp

from qproofs.domain import Edge
from qproofs.protocols import ghz
from qproofs.quantum import fisher
from qproofs.sdp import certificate as cert
from qproofs.sdp import reduced, variance
from qproofs.symbolic import ghz as sym

_S2 = np.array([0, 0])
_PAIR = ghz.ghz_two_amplitude([1.0, 1.0])
_RT = 1 / math.sqrt(2)


def _two(a: float, b: float) -> ghz.TwoAmplitudeState:
    return ghz.TwoAmplitudeState(_S2, a, b)


GHZ_EDGES = [
    Edge("two-amplitude state |a|²+|b|² ≤ 1 + 1e-9", "state", lambda: _two(math.sqrt(1 + 2e-9), 0.0),
         lambda: _two(math.sqrt(1 + 0.5e-9), 0.0)),
    Edge("two-amplitude state |a|²+|b|² ≥ 1 − 1e-9", "state", lambda: _two(math.sqrt(1 - 2e-9), 0.0),
         lambda: _two(math.sqrt(1 - 0.5e-9), 0.0)),
    Edge("encode_two: no fewer phases than nodes", "thetas", lambda: ghz.encode_two(_PAIR, [0.1]),
         lambda: ghz.encode_two(_PAIR, [0.1, 0.2]), rule="(2)"),
    Edge("encode_two: no more phases than nodes", "thetas", lambda: ghz.encode_two(_PAIR, [0.1, 0.2, 0.3]),
         lambda: ghz.encode_two(_PAIR, [0.1, 0.2]), rule="(2)"),
    Edge("bases: one letter per node (not more)", "bases", lambda: ghz.parity_even_probability(_PAIR, "XXX"),
         lambda: ghz.parity_even_probability(_PAIR, "XY"), rule="2 letters"),
    Edge("bases: one letter per node (not fewer)", "bases", lambda: ghz.parity_even_probability(_PAIR, "X"),
         lambda: ghz.parity_even_probability(_PAIR, "YY"), rule="2 letters"),
    Edge("bases: letters X/Y only", "bases", lambda: ghz.outcome_distribution_full(_PAIR.full(), "XZ"),
         lambda: ghz.outcome_distribution_full(_PAIR.full(), "YX")),
    Edge("measure_and_broadcast copies ≥ 1", "copies",
         lambda: ghz.measure_and_broadcast(_PAIR, "XX", 0, np.random.default_rng(0), ghz.Ledger()),
         lambda: ghz.measure_and_broadcast(_PAIR, "XX", 1, np.random.default_rng(0), ghz.Ledger()),
         beyond=lambda: ghz.measure_and_broadcast(_PAIR, "XX", -1, np.random.default_rng(0), ghz.Ledger())),
    Edge("measure_and_broadcast copies an integer", "copies",
         lambda: ghz.measure_and_broadcast(_PAIR, "XX", 1.0, np.random.default_rng(0), ghz.Ledger()),  # type: ignore[arg-type]
         lambda: ghz.measure_and_broadcast(_PAIR, "XX", np.int64(1), np.random.default_rng(0), ghz.Ledger())),
    Edge("fixed_point bits ≥ 1", "bits", lambda: ghz.fixed_point([0.5], 0), lambda: ghz.fixed_point([0.5], 1),
         beyond=lambda: ghz.fixed_point([0.5], -1)),
    Edge("fixed_point bits ≤ 30", "bits", lambda: ghz.fixed_point([0.5], 31), lambda: ghz.fixed_point([0.5], 30),
         beyond=lambda: ghz.fixed_point([0.5], 40)),
    Edge("run_aggregate: one coordinate per node (N ≥ 1)", "k",
         lambda: ghz.run_aggregate([], 4, 2, np.random.default_rng(0), in_law=True),
         lambda: ghz.run_aggregate([1], 4, 2, np.random.default_rng(0), in_law=True)),
    Edge("run_aggregate copies ≥ 2", "copies", lambda: ghz.run_aggregate([1, 2], 4, 1, np.random.default_rng(0)),
         lambda: ghz.run_aggregate([1, 2], 4, 2, np.random.default_rng(0), in_law=True),
         beyond=lambda: ghz.run_aggregate([1, 2], 4, -1, np.random.default_rng(0))),
    Edge("product_probe: one azimuth per qubit (not fewer)", "azimuth", lambda: ghz.product_probe([1.0, 1.0], [0.0]),
         lambda: ghz.product_probe([1.0, 1.0], [0.0, 0.0]), rule="(2)"),
    Edge("product_probe: one azimuth per qubit (not more)", "azimuth",
         lambda: ghz.product_probe([1.0, 1.0], [0.0] * 3), lambda: ghz.product_probe([1.0, 1.0], [0.0, 0.0]),
         rule="(2)"),
    Edge("required_copies fisher > 0", "fisher", lambda: ghz.required_copies(0.0, 1.0),
         lambda: ghz.required_copies(1e-300, 1.0),
         beyond=lambda: ghz.required_copies(-0.25, 1.0)),
    Edge("required_copies precision > 0", "precision", lambda: ghz.required_copies(1.0, 0.0),
         lambda: ghz.required_copies(1.0, 1e-150),
         beyond=lambda: ghz.required_copies(1.0, -0.25)),
    Edge("uniqueness: every weight non-zero (negative allowed)", "weights",
         lambda: ghz.uniqueness_stability_slack(ghz.ghz_type_state([1.0, 0.0]), [1.0, 0.0]),
         lambda: ghz.uniqueness_stability_slack(ghz.ghz_type_state([1.0, -1.0]), [1.0, -1.0])),
    # w > 0 after |·| (line 664): equivalent to w ≠ 0 there (require_weights refuses NaN), so one edge serves both
    Edge("product estimator: every weight non-zero (negative allowed)", "weights",
         lambda: ghz.product_theta_estimates([1.0, 0.0], 0.1, 4, 2, np.random.default_rng(0)),
         lambda: ghz.product_theta_estimates([1.0, -1.0], 0.1, 4, 2, np.random.default_rng(0))),
    Edge("two_basis_phase_estimates copies ≥ 2", "copies",
         lambda: ghz.two_basis_phase_estimates(0.1, 1, 2, np.random.default_rng(0)),
         lambda: ghz.two_basis_phase_estimates(0.1, 2, 2, np.random.default_rng(0)),
         beyond=lambda: ghz.two_basis_phase_estimates(0.1, -1, 2, np.random.default_rng(0))),
]
"""``qproofs.protocols.ghz`` (Definition 1's aggregation, Theorem 1's probes and estimators)."""

_H2 = np.diag([0.5, -0.5])

FISHER_EDGES = [
    Edge("weights 1-D", "weights", lambda: fisher.require_weights([[1.0]]), lambda: fisher.require_weights([1.0])),
    Edge("weights non-empty", "weights", lambda: fisher.require_weights([]), lambda: fisher.require_weights([0.0])),
    Edge("weights real", "weights", lambda: fisher.require_weights(np.array([1 + 1e-300j])),
         lambda: fisher.require_weights(np.array([1.0]))),
    Edge("weights finite", "weights", lambda: fisher.require_weights([math.inf]),
         lambda: fisher.require_weights([1e308])),
    Edge("state finite", "psi", lambda: fisher.require_state([math.nan, 1.0], 2),
         lambda: fisher.require_state([0.0, 1.0], 2)),
    Edge("state dimension (not larger)", "psi", lambda: fisher.require_state([1.0, 0.0, 0.0], 2),
         lambda: fisher.require_state([1.0, 0.0], 2), rule="dimension 2"),
    Edge("state dimension (not smaller)", "psi", lambda: fisher.require_state([1.0], 2),
         lambda: fisher.require_state([1.0, 0.0], 2), rule="dimension 2"),
    Edge("state ‖ψ‖ ≤ 1 + 1e-9", "psi", lambda: fisher.require_state([1 + 2e-9, 0.0], 2),
         lambda: fisher.require_state([1 + 0.5e-9, 0.0], 2)),
    Edge("state ‖ψ‖ ≥ 1 − 1e-9", "psi", lambda: fisher.require_state([1 - 2e-9, 0.0], 2),
         lambda: fisher.require_state([1 - 0.5e-9, 0.0], 2)),
    Edge("qfi_pure H square", "H", lambda: fisher.qfi_pure([1.0, 0.0], np.zeros((2, 3))),
         lambda: fisher.qfi_pure([1.0, 0.0], _H2)),
    Edge("qfi_pure H 2-D", "H", lambda: fisher.qfi_pure([1.0, 0.0], np.zeros(2)),
         lambda: fisher.qfi_pure([1.0, 0.0], _H2)),
    Edge("qfi_pure H Hermitian within atol", "H", lambda: fisher.qfi_pure([1.0, 0.0], _H2 + np.triu(np.ones((2, 2)), 1) * 2e-9),
         lambda: fisher.qfi_pure([1.0, 0.0], _H2 + np.triu(np.ones((2, 2)), 1) * 0.5e-9)),
    Edge("classical Fisher: derivative shaped like probs", "dprobs",
         lambda: fisher.classical_fisher_information([0.5, 0.5], [0.1]),
         lambda: fisher.classical_fisher_information([0.5, 0.5], [0.1, -0.1])),
    Edge("classical Fisher: probs sum ≤ 1 + 1e-9", "probs",
         lambda: fisher.classical_fisher_information([0.5, 0.5 + 2e-9], [0.1, -0.1]),
         lambda: fisher.classical_fisher_information([0.5, 0.5 + 0.5e-9], [0.1, -0.1])),
    Edge("classical Fisher: probs ≥ −1e-12", "probs",
         lambda: fisher.classical_fisher_information([-2e-12, 1.0], [0.1, -0.1]),
         lambda: fisher.classical_fisher_information([-0.5e-12, 1.0], [0.1, -0.1])),
]
"""``qproofs.quantum.fisher`` (Theorem 1's Fisher informations; weights and states validated)."""

_EYE2 = [[1, 0], [0, 1]]
_TR1 = cert.Constraint(_EYE2, "==", 1)
_C = cert.Constraint


def _prog(*cons: cert.Constraint, sense: str = "max", C: object = None) -> cert.SDPProgram:
    return cert.SDPProgram(C if C is not None else [[1, 0], [0, 0]], cons or (_TR1,), sense=sense)  # type: ignore[arg-type]


def _bound(**kw: object) -> cert.CertifiedBound:
    base: dict[str, object] = dict(status="not_certified", sense="max", bound=None, numeric_optimum=1.0, claimed=None,
                                   margin=None, gap=None, solver="known", solver_status="optimal",
                                   certificate_valid=False)
    return cert.CertifiedBound(**(base | kw))  # type: ignore[arg-type]


_SOL = cert.Solution("optimal", "known dual", 1.0, 1.0, None, np.array([1.0]))
_SP_TR = ({(0, 0): Fraction(1), (1, 1): Fraction(1)}, "==", Fraction(1))

SDP_EDGES = [
    Edge("matrix entry not a bool", "matrix entry", lambda: cert.to_fraction(True), lambda: cert.to_fraction(1)),
    Edge("matrix entry finite", "matrix entry", lambda: cert.to_fraction(math.inf), lambda: cert.to_fraction(1e308)),
    Edge("matrix entry rational (sympy)", "matrix entry", lambda: cert.to_fraction(sp.sqrt(2)),
         lambda: cert.to_fraction(sp.Rational(7, 5))),
    Edge("matrix entry a number", "matrix entry", lambda: cert.to_fraction("1/2"),
         lambda: cert.to_fraction(Fraction(1, 2))),
    Edge("matrix square", "C", lambda: cert.exact_matrix([[1, 0], [0]], "C"),
         lambda: cert.exact_matrix([[1, 0], [0, 1]], "C")),
    Edge("matrix non-empty", "C", lambda: cert.exact_matrix([], "C"), lambda: cert.exact_matrix([[1]], "C")),
    Edge("matrix exactly Hermitian", "C", lambda: cert.exact_matrix([[1, Fraction(1, 10**9)], [0, 1]], "C"),
         lambda: cert.exact_matrix([[1, sp.I], [-sp.I, 1]], "C")),
    Edge("constraint sense", "Constraint.sense", lambda: _C(_EYE2, "<", 1), lambda: _C(_EYE2, ">=", 1)),
    Edge("program sense", "SDPProgram.sense", lambda: _prog(sense="maximise"), lambda: _prog(sense="min")),
    Edge("program has a constraint", "constraints", lambda: cert.SDPProgram([[1, 0], [0, 0]], ()),
         lambda: _prog()),
    Edge("program constraints are Constraints", "constraints[0]",
         lambda: cert.SDPProgram([[1, 0], [0, 0]], ((_EYE2, "==", 1),)),  # type: ignore[arg-type]
         lambda: _prog()),
    Edge("constraint matrix the size of C", "constraints[0].A", lambda: _prog(_C([[1]], "==", 1)),
         lambda: _prog(_C(_EYE2, "==", 1)), rule="2x2"),
    Edge("PSD test: square", "M", lambda: cert.is_psd_exact([[1, 0], [0]]), lambda: cert.is_psd_exact(_EYE2)),
    Edge("LDL: square", "M", lambda: cert.ldl_exact([[1, 0], [0]]), lambda: cert.ldl_exact(_EYE2)),
    Edge("dual: one multiplier per constraint", "y", lambda: cert.verify_certificate(_prog(), [1, 0]),
         lambda: cert.verify_certificate(_prog(), [1]), rule="(1)"),
    Edge("bound status named", "status", lambda: _bound(status="proved"), lambda: _bound()),
    Edge("certified needs a valid certificate", "status", lambda: _bound(status="certified"),
         lambda: _bound(status="certified", certificate_valid=True, bound=Fraction(1))),
    Edge("solver_failed needs a non-optimal solver status", "status", lambda: _bound(status="solver_failed"),
         lambda: _bound(status="solver_failed", solver_status="infeasible")),
    Edge("a document needs a certificate", "CertifiedBound", lambda: _bound().certificate_document("c", "k"),
         lambda: cert.certify_solution(_prog(), _SOL).certificate_document("c", "k"),
         # an invalid certificate that still carries a bound and its program (round-6 survivor certificate.py:564)
         beyond=lambda: _bound(bound=Fraction(1), program=_prog()).certificate_document("c", "k")),
    Edge("claim tolerance ≥ 0", "claim_tol", lambda: cert.certify_solution(_prog(), _SOL, claimed=1, claim_tol=-1e-300),
         lambda: cert.certify_solution(_prog(), _SOL, claimed=1, claim_tol=0)),
    Edge("sparse program sense", "sense", lambda: reduced.SparseProgram("maximise", 2, {}, (_SP_TR,)),  # type: ignore[arg-type]
         lambda: reduced.SparseProgram("min", 2, {}, (_SP_TR,))),
    Edge("sparse program has a constraint", "constraints", lambda: reduced.SparseProgram("max", 2, {}, ()),
         lambda: reduced.SparseProgram("max", 2, {}, (_SP_TR,))),
    Edge("sparse matrix index < n", "matrix", lambda: reduced.SparseProgram("max", 2, {(2, 2): Fraction(1)}, (_SP_TR,)),
         lambda: reduced.SparseProgram("max", 2, {(1, 1): Fraction(1)}, (_SP_TR,)),
         beyond=lambda: reduced.SparseProgram("max", 2, {(9, 9): Fraction(1)}, (_SP_TR,))),
    Edge("sparse matrix index ≥ 0", "matrix", lambda: reduced.SparseProgram("max", 2, {(-1, -1): Fraction(1)}, (_SP_TR,)),
         lambda: reduced.SparseProgram("max", 2, {(0, 0): Fraction(1)}, (_SP_TR,)),
         beyond=lambda: reduced.SparseProgram("max", 2, {(-5, -5): Fraction(1)}, (_SP_TR,))),
    Edge("sparse constraint op", "op", lambda: reduced.SparseProgram("max", 2, {}, ((_SP_TR[0], "<", Fraction(1)),)),
         lambda: reduced.SparseProgram("max", 2, {}, ((_SP_TR[0], "<=", Fraction(1)),))),
    Edge("sparse dual: one multiplier per constraint", "y",
         lambda: reduced.SparseProgram("max", 2, {}, (_SP_TR,)).verify([Fraction(1), Fraction(0)]),
         lambda: reduced.SparseProgram("max", 2, {}, (_SP_TR,)).verify([Fraction(1)]), rule="(1)"),
    Edge("excluded strings of N bits", "exclude", lambda: reduced.variance_program([1, 1], exclude=[[0, 0, 0]]),
         lambda: reduced.variance_program([1, 1], exclude=[[0, 1]]), rule="2-bit"),
    Edge("excluded strings of bits 0/1", "exclude", lambda: reduced.variance_program([1, 1], exclude=[[0, 2]]),
         lambda: reduced.variance_program([1, 1], exclude=[[1, 1]])),
    Edge("stabiliser program N ≥ 2", "N", lambda: reduced.stabiliser_program(1, Fraction(1, 2)),
         lambda: reduced.stabiliser_program(2, Fraction(1, 2)),
         beyond=lambda: reduced.stabiliser_program(-1, Fraction(1, 2))),
    # N = 12 itself costs ~0.5 s: the boundary is held by the stated rule instead
    Edge("stabiliser program N ≤ 12", "N", lambda: reduced.stabiliser_program(13, Fraction(1, 2)),
         lambda: reduced.stabiliser_program(3, Fraction(1, 2)), rule="2..12"),
    Edge("stabiliser program F ≥ 0", "F", lambda: reduced.stabiliser_program(2, Fraction(-1, 10**9)),
         lambda: reduced.stabiliser_program(2, Fraction(0))),
    Edge("stabiliser program F ≤ 1", "F", lambda: reduced.stabiliser_program(2, 1 + Fraction(1, 10**9)),
         lambda: reduced.stabiliser_program(2, Fraction(1))),
    Edge("sparse path: real programs only", "prog", lambda: reduced.to_sparse(_prog(C=[[0, -sp.I], [sp.I, 0]])),
         lambda: reduced.to_sparse(_prog(C=[[0, 1], [1, 0]]))),
    Edge("reduction: projectors of positive trace", "projectors",
         lambda: reduced.coefficients({}, [{(0, 1): Fraction(1), (1, 0): Fraction(1)}]),
         lambda: reduced.coefficients({}, [{(0, 0): Fraction(1)}]),
         beyond=lambda: reduced.coefficients({}, [{(0, 0): Fraction(-1)}])),
    Edge("reduction: projectors span the data", "projectors",
         lambda: reduced.coefficients({(1, 1): Fraction(1)}, [{(0, 0): Fraction(1)}]),
         lambda: reduced.coefficients({(0, 0): Fraction(3)}, [{(0, 0): Fraction(1)}])),
    Edge("exact spectrum: weights non-empty", "weights", lambda: variance.exact_spectrum([]),
         lambda: variance.exact_spectrum([1])),
    Edge("numeric variance: one cap per projector", "caps",
         lambda: variance.max_variance_numeric([0.5, -0.5], [np.diag([1.0, 0.0])], []),
         lambda: variance.max_variance_numeric([0.5, -0.5], [np.diag([1.0, 0.0])], [0.5]), rule="one cap"),
    Edge("pair projector: N bits", "s", lambda: variance.pair_projector(2, [0, 0, 0]),
         lambda: variance.pair_projector(2, [0, 1]), rule="2 bits"),
    Edge("pair projector: bits 0/1", "s", lambda: variance.pair_projector(2, [0, 2]),
         lambda: variance.pair_projector(2, [1, 1])),
    Edge("diagonal variance: one cap per projector", "caps",
         lambda: variance.max_variance_diagonal([0.5, -0.5], [np.diag([1.0, 0.0])], []),
         lambda: variance.max_variance_diagonal([0.5, -0.5], [np.diag([1.0, 0.0])], [0.5])),
    Edge("diagonal variance: diagonal projectors", "projectors",
         lambda: variance.max_variance_diagonal([0.5, -0.5], [np.full((2, 2), 0.5)], [0.5]),
         lambda: variance.max_variance_diagonal([0.5, -0.5], [np.diag([0.0, 1.0])], [0.5])),
]
"""``qproofs.sdp`` certificate / reduced / variance (Theorem 1's certified optima; exact data validated)."""

SYMBOLIC_GHZ_EDGES = [
    Edge("symbolic GHZ QFI N ≥ 1", "n", lambda: sym.ghz_qfi_symbolic(0), lambda: sym.ghz_qfi_symbolic(1),
         beyond=lambda: sym.ghz_qfi_symbolic(-1)),
    Edge("symbolic GHZ QFI N ≤ 4", "n", lambda: sym.ghz_qfi_pairs(5), lambda: sym.ghz_qfi_pairs(4), rule="[1, 4]",
         beyond=lambda: sym.ghz_qfi_pairs(6)),
    Edge("encoded GHZ pair N ≥ 1", "n", lambda: sym.encoded_ghz_pair(0), lambda: sym.encoded_ghz_pair(1),
         beyond=lambda: sym.encoded_ghz_pair(-1)),
    Edge("encoded GHZ pair N ≤ 6", "n", lambda: sym.encoded_ghz_pair(7), lambda: sym.encoded_ghz_pair(2),
         rule="[1, 6]"),
    Edge("parity expectation N ≥ 1", "n", lambda: sym.parity_expectation_pairs(0),
         lambda: sym.parity_expectation_pairs(1),
         beyond=lambda: sym.parity_expectation_pairs(-1)),
    Edge("parity expectation N ≤ 5", "n", lambda: sym.parity_expectation_pairs(6),
         lambda: sym.parity_expectation_pairs(1), rule="[1, 5]"),
    Edge("variance identity m ≥ 1", "m", lambda: sym.variance_identity_pair(0), lambda: sym.variance_identity_pair(1),
         beyond=lambda: sym.variance_identity_pair(-1)),
    Edge("variance identity m ≤ 8", "m", lambda: sym.variance_identity_pair(9), lambda: sym.variance_identity_pair(1),
         rule="[1, 8]"),
    Edge("penalty identity m ≥ 0", "m", lambda: sym.penalty_identity_pair(-1), lambda: sym.penalty_identity_pair(0),
         beyond=lambda: sym.penalty_identity_pair(-5)),
    Edge("penalty identity m ≤ 6", "m", lambda: sym.penalty_identity_pair(7), lambda: sym.penalty_identity_pair(0),
         rule="[0, 6]"),
    Edge("eigenspace signs: 1..6 entries", "signs", lambda: sym.extreme_eigenspace_dimension(()),
         lambda: sym.extreme_eigenspace_dimension((1,))),
    Edge("eigenspace signs: at most 6", "signs", lambda: sym.extreme_eigenspace_dimension((1,) * 7),
         lambda: sym.extreme_eigenspace_dimension((1,) * 2)),
    Edge("eigenspace signs in {1, −1, 0}", "signs", lambda: sym.extreme_eigenspace_dimension((2,)),
         lambda: sym.extreme_eigenspace_dimension((-1, 0))),
    Edge("parity Fisher N ≥ 1", "n", lambda: sym.parity_fisher_information(0), lambda: sym.parity_fisher_information(1),
         beyond=lambda: sym.parity_fisher_information(-1)),
    Edge("parity Fisher N ≤ 4", "n", lambda: sym.parity_fisher_information(5), lambda: sym.parity_fisher_information(1),
         rule="[1, 4]"),
]
"""``qproofs.symbolic.ghz`` (the exact sympy instances of Definition 1 and Theorem 1; sizes bounded for cost)."""

EDGES = {"ghz": GHZ_EDGES, "fisher": FISHER_EDGES, "sdp": SDP_EDGES, "symbolic_ghz": SYMBOLIC_GHZ_EDGES}
"""Every table of this section by module (the unit test runs them all)."""
