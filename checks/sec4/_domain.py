"""Input-domain edges of the Section 4 protocol modules (issue 11: input guards), run by the audit.

One table per module; each :class:`~qproofs.domain.Edge` is one rule of a ``require`` at its boundary
(the value just outside refused naming the parameter, the boundary value accepted; where the value outside is
the bound itself, a strict rule such as δ < 1 or an integer one such as N ≥ 2, ``beyond`` is a value well past
it, refused too, so a comparison loosened to ``!=`` is caught: δ = 1.5, N = −1). The claims of Section 4
that execute a module run its table in their ``input_domain`` check; ``tests/test_input_guards_sec4.py``
runs every table. Guards left without an edge (their boundary instance is not cheap):
``classical.audit_batch`` (2^20 atoms), ``classical._collect_blocks`` (internal: shapes come from
:data:`classical.BLOCK_SHAPE`), ``sdp.stabilizer.minimum_rejection`` N ≤ 6 (the boundary is a 64×64 exact SDP),
``composable.pair_distance`` at most 4 attacked copies (the boundary is a (2^N·K)^4 tensor product),
``composable.brute_force_pair_distance`` N·2m ≤ 12 (the boundary is a 2^12-amplitude run: minutes).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import stim

from qproofs.domain import Edge
from qproofs.protocols import (
    attacks,
    chaining,
    classical,
    composable,
    gaussian_privacy,
    noise_threshold,
    simulator,
    stabilizer,
    vga,
)
from qproofs.quantum import channels
from qproofs.sdp import stabilizer as sdp_stab
from qproofs.symbolic import stabilizer as sym_stab


def _rng() -> np.random.Generator:
    """A throwaway generator for the edges' calls (their results are discarded; no audited stream is used)."""
    return np.random.default_rng(0)


def _psi2() -> np.ndarray:
    """The undisturbed distributed copy of N = 2 nodes."""
    return vga.distribute(2, attacks.identity(2))


def _protocol(inputs: tuple[int, ...] = (2, 2), coins: tuple[int, ...] = (1, 1),
              msg: classical.Message | None = None, shared: tuple[int, ...] | None = None) -> classical.Protocol:
    """A classical protocol with at most one message (default none)."""
    return classical.Protocol(inputs=inputs, coins=coins, messages=() if msg is None else (msg,), shared_coin=shared)


def _msg(sender: int = 0, size: int = 2, table: tuple[int, ...] = (0, 1)) -> classical.Message:
    return classical.Message(sender=sender, size=size, table=table)


def _cls(counts: list[int]) -> list[tuple[int, float, float]]:
    """Attack classes (count, r = 0, D = 0) of :func:`vga.bad_acceptance_probability`."""
    return [(c, 0.0, 0.0) for c in counts]


_EYE = np.eye(2)

SIMULATOR_EDGES = [
    Edge("coalition N ≥ 2", "N", lambda: simulator.require_coalition((0,), 1),
         lambda: simulator.require_coalition((0,), 2),
         beyond=lambda: simulator.require_coalition((0,), -1)),
    Edge("coalition N integer", "N", lambda: simulator.require_coalition((0,), 2.0),  # type: ignore[arg-type]
         lambda: simulator.require_coalition((0,), 2), rule="integer"),
    Edge("coalition non-empty", "coalition", lambda: simulator.require_coalition((), 3),
         lambda: simulator.require_coalition((0,), 3)),
    Edge("coalition not everyone", "coalition", lambda: simulator.require_coalition((0, 1, 2), 3),
         lambda: simulator.require_coalition((0, 1), 3),
         beyond=lambda: simulator.require_coalition((0, 1, 2, 3), 3)),
    Edge("coalition index < N", "coalition", lambda: simulator.require_coalition((3,), 3),
         lambda: simulator.require_coalition((2,), 3), rule="0..2",
         beyond=lambda: simulator.require_coalition((7,), 3)),
    Edge("coalition index ≥ 0", "coalition", lambda: simulator.require_coalition((-1,), 3),
         lambda: simulator.require_coalition((0,), 3), rule="0..2",
         beyond=lambda: simulator.require_coalition((-5,), 3)),
    Edge("simulator one input per colluder (too many)", "coalition_inputs",
         lambda: simulator.simulated_view(3, [0], [1, 0], 1), lambda: simulator.simulated_view(3, [0], [1], 1)),
    Edge("simulator one input per colluder (too few)", "coalition_inputs",
         lambda: simulator.simulated_view(3, [0, 1], [1], 1), lambda: simulator.simulated_view(3, [0, 1], [1, 0], 1)),
    Edge("ideal leakage node < N", "node", lambda: simulator.ideal_leakage(3, 3),
         lambda: simulator.ideal_leakage(3, 2), rule="0..2",
         beyond=lambda: simulator.ideal_leakage(3, 7)),
    Edge("ideal leakage node ≥ 0", "node", lambda: simulator.ideal_leakage(3, -1),
         lambda: simulator.ideal_leakage(3, 0), rule="0..2",
         beyond=lambda: simulator.ideal_leakage(3, -5)),
    Edge("multiround views T ≥ 1", "T", lambda: simulator.multiround_views(2, [0], [1, 0], 0),
         lambda: simulator.multiround_views(2, [0], [1, 0], 1),
         beyond=lambda: simulator.multiround_views(2, [0], [1, 0], -1)),
    Edge("multiround views T integer", "T", lambda: simulator.multiround_views(2, [0], [1, 0], 1.0),  # type: ignore[arg-type]
         lambda: simulator.multiround_views(2, [0], [1, 0], 1), rule="integer"),
    Edge("multiround leakage one input per colluder (too many)", "coalition_static",
         lambda: simulator.multiround_leakage(3, [0], [1, 0], 1), lambda: simulator.multiround_leakage(3, [0], [1], 1)),
    Edge("multiround leakage one input per colluder (too few)", "coalition_static",
         lambda: simulator.multiround_leakage(3, [0, 1], [1], 1),
         lambda: simulator.multiround_leakage(3, [0, 1], [1, 0], 1)),
    Edge("only colluders deviate", "deviations",
         lambda: simulator.simulated_view_with_deviation(3, [0], [1], 1, {1: _EYE}),
         lambda: simulator.simulated_view_with_deviation(3, [0], [1], 1, {0: _EYE})),
    Edge("real views inputs < d", "inputs", lambda: simulator.real_views(2, np.array([[0, 2]])),
         lambda: simulator.real_views(2, np.array([[0, 1]])), rule="0..1",
         beyond=lambda: simulator.real_views(2, np.array([[0, 5]]))),
    Edge("real views inputs ≥ 0", "inputs", lambda: simulator.real_views(2, np.array([[0, -1]])),
         lambda: simulator.real_views(2, np.array([[0, 0]])), rule="0..1",
         beyond=lambda: simulator.real_views(2, np.array([[0, -5]]))),
    Edge("multiround view array T ≥ 1", "T", lambda: simulator.multiround_view_array(2, [0], [1, 0], 0),
         lambda: simulator.multiround_view_array(2, [0], [1, 0], 1),
         beyond=lambda: simulator.multiround_view_array(2, [0], [1, 0], -1)),
    Edge("multiround view array T integer", "T",
         lambda: simulator.multiround_view_array(2, [0], [1, 0], 1.0),  # type: ignore[arg-type]
         lambda: simulator.multiround_view_array(2, [0], [1, 0], 1), rule="integer"),
]
"""qproofs.protocols.simulator (Lemma 1, Lemma 2, Theorem 3): coalitions, simulator inputs, rounds."""

VGA_EDGES = [
    Edge("distribute N ≥ 2", "N", lambda: vga.distribute(1, [np.eye(2)]), lambda: vga.distribute(2, attacks.identity(2)),
         beyond=lambda: vga.distribute(-1, [np.eye(2)])),
    Edge("distribute N integer", "N", lambda: vga.distribute(2.0, attacks.identity(2)),  # type: ignore[arg-type]
         lambda: vga.distribute(2, attacks.identity(2)), rule="integer"),
    Edge("encode d ≥ 2", "d", lambda: vga.encode(_psi2(), 2, np.array([0, 0]), d=1),
         lambda: vga.encode(_psi2(), 2, np.array([0, 0]), d=2),
         beyond=lambda: vga.encode(_psi2(), 2, np.array([0, 0]), d=-1)),
    Edge("encode d integer", "d", lambda: vga.encode(_psi2(), 2, np.array([0, 0]), d=2.0),  # type: ignore[arg-type]
         lambda: vga.encode(_psi2(), 2, np.array([0, 0]), d=2), rule="integer"),
    Edge("encode one input per node (too many)", "inputs", lambda: vga.encode(_psi2(), 2, np.array([0, 1, 0])),
         lambda: vga.encode(_psi2(), 2, np.array([0, 1])), rule="N = 2"),
    Edge("encode one input per node (too few)", "inputs", lambda: vga.encode(_psi2(), 2, np.array([0])),
         lambda: vga.encode(_psi2(), 2, np.array([0, 1])), rule="N = 2"),
    Edge("encode inputs < d", "inputs", lambda: vga.encode(_psi2(), 2, np.array([0, 2])),
         lambda: vga.encode(_psi2(), 2, np.array([0, 1])), rule="0..1",
         beyond=lambda: vga.encode(_psi2(), 2, np.array([0, 5]))),
    Edge("encode inputs ≥ 0", "inputs", lambda: vga.encode(_psi2(), 2, np.array([0, -1])),
         lambda: vga.encode(_psi2(), 2, np.array([0, 0])), rule="0..1",
         beyond=lambda: vga.encode(_psi2(), 2, np.array([0, -5]))),
    Edge("run m ≥ 1", "m", lambda: vga.run_vga(2, 0, lambda c: attacks.identity(2), np.zeros((0, 2), int), _rng()),
         lambda: vga.run_vga(2, 1, lambda c: attacks.identity(2), np.zeros((1, 2), int), _rng()),
         beyond=lambda: vga.run_vga(2, -1, lambda c: attacks.identity(2), np.zeros((0, 2), int), _rng())),
    Edge("run m integer", "m",
         lambda: vga.run_vga(2, 1.0, lambda c: attacks.identity(2), np.zeros((1, 2), int), _rng()),  # type: ignore[arg-type]
         lambda: vga.run_vga(2, 1, lambda c: attacks.identity(2), np.zeros((1, 2), int), _rng()), rule="integer"),
    Edge("run N ≥ 2", "N", lambda: vga.run_vga(1, 1, lambda c: [np.eye(2)], np.zeros((1, 1), int), _rng()),
         lambda: vga.run_vga(2, 1, lambda c: attacks.identity(2), np.zeros((1, 2), int), _rng()),
         beyond=lambda: vga.run_vga(-1, 1, lambda c: [np.eye(2)], np.zeros((1, 1), int), _rng())),
    Edge("epsilon m ≥ 1", "m", lambda: vga.epsilon(0, 0.1), lambda: vga.epsilon(1, 0.1),
         beyond=lambda: vga.epsilon(-1, 0.1)),
    Edge("epsilon m integer", "m", lambda: vga.epsilon(1.0, 0.1), lambda: vga.epsilon(1, 0.1),  # type: ignore[arg-type]
         rule="integer"),
    Edge("epsilon δ > 0", "delta", lambda: vga.epsilon(10, 0.0), lambda: vga.epsilon(10, 1e-9),
         beyond=lambda: vga.epsilon(10, -0.25)),
    Edge("epsilon δ < 1", "delta", lambda: vga.epsilon(10, 1.0), lambda: vga.epsilon(10, 1 - 1e-9),
         beyond=lambda: vga.epsilon(10, 1.5)),
    Edge("bad acceptance counts sum to 2m (short)", "classes", lambda: vga.bad_acceptance_probability(_cls([3]), 2, 0.1),
         lambda: vga.bad_acceptance_probability(_cls([4]), 2, 0.1), rule="2m"),
    Edge("bad acceptance counts sum to 2m (long)", "classes", lambda: vga.bad_acceptance_probability(_cls([5]), 2, 0.1),
         lambda: vga.bad_acceptance_probability(_cls([4]), 2, 0.1), rule="2m"),
    Edge("bad acceptance ≤ 2 classes", "classes", lambda: vga.bad_acceptance_probability(_cls([2, 1, 1]), 2, 0.1),
         lambda: vga.bad_acceptance_probability(_cls([2, 2]), 2, 0.1), rule="1 or 2"),
    Edge("bad acceptance ≥ 1 class", "classes", lambda: vga.bad_acceptance_probability([], 0, 0.1),
         lambda: vga.bad_acceptance_probability(_cls([4]), 2, 0.1), rule="1 or 2"),
    Edge("deficit profile counts sum to 2m (short)", "classes", lambda: vga.deficit_acceptance_profile(_cls([3]), 2),
         lambda: vga.deficit_acceptance_profile(_cls([4]), 2), rule="2m"),
    Edge("deficit profile counts sum to 2m (long)", "classes", lambda: vga.deficit_acceptance_profile(_cls([5]), 2),
         lambda: vga.deficit_acceptance_profile(_cls([4]), 2), rule="2m"),
    Edge("deficit profile ≤ 2 classes", "classes", lambda: vga.deficit_acceptance_profile(_cls([2, 1, 1]), 2),
         lambda: vga.deficit_acceptance_profile(_cls([2, 2]), 2), rule="1 or 2"),
    Edge("deficit profile ≥ 1 class", "classes", lambda: vga.deficit_acceptance_profile([], 0),
         lambda: vga.deficit_acceptance_profile(_cls([4]), 2), rule="1 or 2"),
    Edge("tightest epsilon δ > 0", "delta", lambda: vga.tightest_epsilon(_cls([4]), 2, 0.0),
         lambda: vga.tightest_epsilon(_cls([4]), 2, 1e-9),
         beyond=lambda: vga.tightest_epsilon(_cls([4]), 2, -0.25)),
    Edge("tightest epsilon δ < 1", "delta", lambda: vga.tightest_epsilon(_cls([4]), 2, 1.0),
         lambda: vga.tightest_epsilon(_cls([4]), 2, 1 - 1e-9),
         beyond=lambda: vga.tightest_epsilon(_cls([4]), 2, 1.5)),
    Edge("eve leakage node < N", "node", lambda: vga.eve_leakage(_psi2(), 2, node=2),
         lambda: vga.eve_leakage(_psi2(), 2, node=1), rule="0..1",
         beyond=lambda: vga.eve_leakage(_psi2(), 2, node=5)),
    Edge("eve leakage node ≥ 0", "node", lambda: vga.eve_leakage(_psi2(), 2, node=-1),
         lambda: vga.eve_leakage(_psi2(), 2, node=0), rule="0..1",
         beyond=lambda: vga.eve_leakage(_psi2(), 2, node=-5)),
    Edge("eve leakage copies ≥ 1", "copies", lambda: vga.eve_leakage_copies(_psi2(), 2, 0),
         lambda: vga.eve_leakage_copies(_psi2(), 2, 1),
         beyond=lambda: vga.eve_leakage_copies(_psi2(), 2, -1)),
    Edge("eve leakage copies integer", "copies", lambda: vga.eve_leakage_copies(_psi2(), 2, 1.0),  # type: ignore[arg-type]
         lambda: vga.eve_leakage_copies(_psi2(), 2, 1), rule="integer"),
    Edge("eve leakage copies node < N", "node", lambda: vga.eve_leakage_copies(_psi2(), 2, 1, node=2),
         lambda: vga.eve_leakage_copies(_psi2(), 2, 1, node=1), rule="0..1",
         beyond=lambda: vga.eve_leakage_copies(_psi2(), 2, 1, node=5)),
    Edge("eve leakage copies node ≥ 0", "node", lambda: vga.eve_leakage_copies(_psi2(), 2, 1, node=-1),
         lambda: vga.eve_leakage_copies(_psi2(), 2, 1, node=0), rule="0..1",
         beyond=lambda: vga.eve_leakage_copies(_psi2(), 2, 1, node=-5)),
]
"""qproofs.protocols.vga (Section 4.3's Verified GHZ Aggregation): nodes, inputs, m, δ, attack classes."""

ATTACKS_EDGES = [
    Edge("attack N ≥ 2", "N", lambda: attacks.intercept_resend(1, 0), lambda: attacks.intercept_resend(2, 0),
         beyond=lambda: attacks.intercept_resend(-1, 0)),
    Edge("attack N integer", "N", lambda: attacks.intercept_resend(2.0, 0),  # type: ignore[arg-type]
         lambda: attacks.intercept_resend(2, 0), rule="integer"),
    Edge("attack node < N", "node", lambda: attacks.intercept_resend(2, 2), lambda: attacks.intercept_resend(2, 1),
         rule="0..1",
         beyond=lambda: attacks.intercept_resend(2, 5)),
    Edge("attack node ≥ 0", "node", lambda: attacks.intercept_resend(2, -1), lambda: attacks.intercept_resend(2, 0),
         rule="0..1",
         beyond=lambda: attacks.intercept_resend(2, -5)),
    Edge("attack node integer", "node", lambda: attacks.intercept_resend(2, 0.0),  # type: ignore[arg-type]
         lambda: attacks.intercept_resend(2, 0)),
    Edge("attack strength ≤ 1", "t", lambda: attacks.partial_swap(2, 0, 1 + 1e-9), lambda: attacks.partial_swap(2, 0, 1.0)),
    Edge("attack strength ≥ 0", "t", lambda: attacks.partial_swap(2, 0, -1e-9), lambda: attacks.partial_swap(2, 0, 0.0)),
    Edge("intercept basis", "basis", lambda: attacks.intercept_resend(2, 0, basis="W"),
         lambda: attacks.intercept_resend(2, 0, basis="Y")),
    Edge("depolarise all N ≥ 2", "N", lambda: attacks.depolarize_all(1, 0.1), lambda: attacks.depolarize_all(2, 0.1),
         beyond=lambda: attacks.depolarize_all(-1, 0.1)),
    Edge("depolarise all N integer", "N", lambda: attacks.depolarize_all(2.0, 0.1),  # type: ignore[arg-type]
         lambda: attacks.depolarize_all(2, 0.1), rule="integer"),
    Edge("attack register dimension", "attack", lambda: attacks.validated([np.eye(2)], 2),
         lambda: attacks.validated(attacks.identity(2), 2), rule="2^N = 4"),
    Edge("collective basis", "basis", lambda: attacks.collective_probe(2, 0.5, basis="Y"),
         lambda: attacks.collective_probe(2, 0.5, basis="Z")),
    Edge("depolarising p ≤ 1", "p", lambda: channels.depolarizing_kraus(1 + 1e-9), lambda: channels.depolarizing_kraus(1.0)),
    Edge("depolarising p ≥ 0", "p", lambda: channels.depolarizing_kraus(-1e-9), lambda: channels.depolarizing_kraus(0.0)),
]
"""qproofs.protocols.attacks (Eve's Kraus families of Sections 4.1–4.3) and the depolarising channel they use."""

STABILIZER_EDGES = [
    Edge("generators N ≥ 2", "N", lambda: stabilizer.ghz_generators(1), lambda: stabilizer.ghz_generators(2),
         beyond=lambda: stabilizer.ghz_generators(-1)),
    Edge("generators N integer", "N", lambda: stabilizer.ghz_generators(2.0),  # type: ignore[arg-type]
         lambda: stabilizer.ghz_generators(2), rule="integer"),
    Edge("Pauli expectation dimension", "rho",
         lambda: stabilizer.pauli_expectation(stabilizer.ghz_generators(2)[0], np.eye(8) / 8),
         lambda: stabilizer.pauli_expectation(stabilizer.ghz_generators(2)[0], np.eye(4) / 4), rule="2^N = 4"),
    Edge("claimed rejection F ≤ 1", "F", lambda: stabilizer.claimed_rejection(1.0 + 1e-11, 3),
         lambda: stabilizer.claimed_rejection(1.0 + 1e-12, 3)),
    Edge("claimed rejection F ≥ 0", "F", lambda: stabilizer.claimed_rejection(-1e-12, 3),
         lambda: stabilizer.claimed_rejection(0.0, 3)),
    Edge("noise circuit N ≥ 2", "N", lambda: stabilizer.ghz_noise_circuit(1, 0.1),
         lambda: stabilizer.ghz_noise_circuit(2, 0.1),
         beyond=lambda: stabilizer.ghz_noise_circuit(-1, 0.1)),
    Edge("noise circuit N integer", "N", lambda: stabilizer.ghz_noise_circuit(2.0, 0.1),  # type: ignore[arg-type]
         lambda: stabilizer.ghz_noise_circuit(2, 0.1), rule="integer"),
    Edge("noise circuit p ≤ 1", "p", lambda: stabilizer.ghz_noise_circuit(2, 1 + 1e-9),
         lambda: stabilizer.ghz_noise_circuit(2, 1.0)),
    Edge("noise circuit p ≥ 0", "p", lambda: stabilizer.ghz_noise_circuit(2, -1e-9),
         lambda: stabilizer.ghz_noise_circuit(2, 0.0)),
    Edge("stim shots ≥ 1", "shots", lambda: stabilizer.stim_test_failures(2, 0.1, 0, _rng()),
         lambda: stabilizer.stim_test_failures(2, 0.1, 1, _rng()),
         beyond=lambda: stabilizer.stim_test_failures(2, 0.1, -1, _rng())),
    Edge("SDP operator real", "stabiliser", lambda: sdp_stab._exact(np.array([[1j]]), Fraction(1)),
         lambda: sdp_stab._exact(np.array([[1 + 0j]]), Fraction(1))),
    Edge("SDP N ≥ 2", "N", lambda: sdp_stab.minimum_rejection(1, Fraction(1, 2)),
         lambda: sdp_stab.minimum_rejection(2, Fraction(1, 2)),
         beyond=lambda: sdp_stab.minimum_rejection(-1, Fraction(1, 2))),
    Edge("SDP F ≤ 1", "F", lambda: sdp_stab.minimum_rejection(2, Fraction(1) + Fraction(1, 10**6)),
         lambda: sdp_stab.minimum_rejection(2, Fraction(1))),
    Edge("SDP F ≥ 0", "F", lambda: sdp_stab.minimum_rejection(2, Fraction(-1, 10**6)),
         lambda: sdp_stab.minimum_rejection(2, Fraction(0))),
    Edge("symbolic stabiliser sign ±1", "sign", lambda: sym_stab.signed_matrix(stim.PauliString("iXY")),
         lambda: sym_stab.signed_matrix(stim.PauliString("-XX"))),
]
"""qproofs.protocols.stabilizer, qproofs.sdp.stabilizer, qproofs.symbolic.stabilizer (Section 4.3's GHZ test)."""

NOISE_THRESHOLD_EDGES = [
    Edge("threshold N ≥ 2", "N", lambda: noise_threshold.perfect_pass_acceptance(1, 0.1, 1),
         lambda: noise_threshold.perfect_pass_acceptance(2, 0.1, 1),
         beyond=lambda: noise_threshold.perfect_pass_acceptance(-1, 0.1, 1)),
    Edge("threshold N integer", "N", lambda: noise_threshold.perfect_pass_acceptance(2.0, 0.1, 1),  # type: ignore[arg-type]
         lambda: noise_threshold.perfect_pass_acceptance(2, 0.1, 1), rule="integer"),
    Edge("threshold p ≤ 1", "p", lambda: noise_threshold.perfect_pass_acceptance(2, 1 + 1e-9, 1),
         lambda: noise_threshold.perfect_pass_acceptance(2, 1.0, 1)),
    Edge("threshold p ≥ 0", "p", lambda: noise_threshold.perfect_pass_acceptance(2, -1e-9, 1),
         lambda: noise_threshold.perfect_pass_acceptance(2, 0.0, 1)),
    Edge("threshold m ≥ 1", "m", lambda: noise_threshold.perfect_pass_acceptance(2, 0.1, 0),
         lambda: noise_threshold.perfect_pass_acceptance(2, 0.1, 1),
         beyond=lambda: noise_threshold.perfect_pass_acceptance(2, 0.1, -1)),
    Edge("threshold m integer", "m", lambda: noise_threshold.perfect_pass_acceptance(2, 0.1, 1.0),  # type: ignore[arg-type]
         lambda: noise_threshold.perfect_pass_acceptance(2, 0.1, 1), rule="integer"),
    Edge("threshold δ < 1", "delta", lambda: noise_threshold.threshold(2, 0.1, 10, 1.0),
         lambda: noise_threshold.threshold(2, 0.1, 10, 1 - 1e-9),
         beyond=lambda: noise_threshold.threshold(2, 0.1, 10, 1.5)),
    Edge("threshold δ > 0", "delta", lambda: noise_threshold.threshold(2, 0.1, 10, 0.0),
         lambda: noise_threshold.threshold(2, 0.1, 10, 1e-9),
         beyond=lambda: noise_threshold.threshold(2, 0.1, 10, -0.25)),
]
"""qproofs.protocols.noise_threshold (Section 4.3, refinement 3): N, noise rate, tested copies, δ."""

CHAINING_EDGES = [
    Edge("chain T ≥ 1", "T", lambda: chaining.chain(2, 0, [0.0], [0, 1]), lambda: chaining.chain(2, 1, [0.0], [0, 1]),
         beyond=lambda: chaining.chain(2, -1, [0.0], [0, 1])),
    Edge("chain T integer", "T", lambda: chaining.chain(2, 1.0, [0.0], [0, 1]),  # type: ignore[arg-type]
         lambda: chaining.chain(2, 1, [0.0], [0, 1]), rule="integer"),
    Edge("chain menu non-empty", "menu", lambda: chaining.chain(2, 1, [], [0, 1]),
         lambda: chaining.chain(2, 1, [0.0], [0, 1])),
    Edge("chain strength ≤ 1", "menu", lambda: chaining.chain(2, 1, [1 + 1e-9], [0, 1]),
         lambda: chaining.chain(2, 1, [1.0], [0, 1])),
    Edge("chain strength ≥ 0", "menu", lambda: chaining.chain(2, 1, [-1e-9], [0, 1]),
         lambda: chaining.chain(2, 1, [0.0], [0, 1])),
]
"""qproofs.protocols.chaining (Lemma 3): rounds and the attack-strength menu."""

GAUSSIAN_EDGES = [
    Edge("MI N ≥ 2", "N", lambda: gaussian_privacy.mutual_information(1, 1, 1.0, 1.0),
         lambda: gaussian_privacy.mutual_information(2, 1, 1.0, 1.0),
         beyond=lambda: gaussian_privacy.mutual_information(-1, 1, 1.0, 1.0)),
    Edge("MI N integer", "N", lambda: gaussian_privacy.mutual_information(2.0, 1, 1.0, 1.0),  # type: ignore[arg-type]
         lambda: gaussian_privacy.mutual_information(2, 1, 1.0, 1.0), rule="integer"),
    Edge("MI T ≥ 1", "T", lambda: gaussian_privacy.mutual_information(3, 0, 1.0, 1.0),
         lambda: gaussian_privacy.mutual_information(3, 1, 1.0, 1.0),
         beyond=lambda: gaussian_privacy.mutual_information(3, -1, 1.0, 1.0)),
    Edge("MI T integer", "T", lambda: gaussian_privacy.mutual_information(3, 1.0, 1.0, 1.0),  # type: ignore[arg-type]
         lambda: gaussian_privacy.mutual_information(3, 1, 1.0, 1.0), rule="integer"),
    Edge("MI σ_p² > 0", "sigma_p^2", lambda: gaussian_privacy.mutual_information(3, 1, 0.0, 1.0),
         lambda: gaussian_privacy.mutual_information(3, 1, 1e-9, 1.0),
         beyond=lambda: gaussian_privacy.mutual_information(3, 1, -0.25, 1.0)),
    Edge("MI σ_e² ≥ 0", "sigma_e^2", lambda: gaussian_privacy.mutual_information(3, 1, 1.0, -1e-9),
         lambda: gaussian_privacy.mutual_information(3, 1, 1.0, 0.0)),
    Edge("per-node σ² > 0", "sigma^2", lambda: gaussian_privacy.per_node_variance(0.0, 3),
         lambda: gaussian_privacy.per_node_variance(1e-9, 3),
         beyond=lambda: gaussian_privacy.per_node_variance(-0.25, 3)),
    Edge("per-node N ≥ 2", "N", lambda: gaussian_privacy.per_node_variance(1.0, 1),
         lambda: gaussian_privacy.per_node_variance(1.0, 2),
         beyond=lambda: gaussian_privacy.per_node_variance(1.0, -1)),
    Edge("per-node N integer", "N", lambda: gaussian_privacy.per_node_variance(1.0, 2.0),  # type: ignore[arg-type]
         lambda: gaussian_privacy.per_node_variance(1.0, 2), rule="integer"),
    Edge("mechanism sensitivity > 0", "sensitivity", lambda: gaussian_privacy.gaussian_mechanism_sigma(0.0, 0.5, 0.1),
         lambda: gaussian_privacy.gaussian_mechanism_sigma(1e-9, 0.5, 0.1),
         beyond=lambda: gaussian_privacy.gaussian_mechanism_sigma(-0.25, 0.5, 0.1)),
    Edge("mechanism ε > 0", "epsilon", lambda: gaussian_privacy.gaussian_mechanism_sigma(1.0, 0.0, 0.1),
         lambda: gaussian_privacy.gaussian_mechanism_sigma(1.0, 1e-9, 0.1),
         beyond=lambda: gaussian_privacy.gaussian_mechanism_sigma(1.0, -0.25, 0.1)),
    Edge("mechanism ε < 1", "epsilon", lambda: gaussian_privacy.gaussian_mechanism_sigma(1.0, 1.0, 0.1),
         lambda: gaussian_privacy.gaussian_mechanism_sigma(1.0, 1 - 1e-9, 0.1),
         beyond=lambda: gaussian_privacy.gaussian_mechanism_sigma(1.0, 1.5, 0.1)),
    Edge("mechanism δ > 0", "delta", lambda: gaussian_privacy.gaussian_mechanism_sigma(1.0, 0.5, 0.0),
         lambda: gaussian_privacy.gaussian_mechanism_sigma(1.0, 0.5, 1e-9),
         beyond=lambda: gaussian_privacy.gaussian_mechanism_sigma(1.0, 0.5, -0.25)),
    Edge("mechanism δ < 1", "delta", lambda: gaussian_privacy.gaussian_mechanism_sigma(1.0, 0.5, 1.0),
         lambda: gaussian_privacy.gaussian_mechanism_sigma(1.0, 0.5, 1 - 1e-9),
         beyond=lambda: gaussian_privacy.gaussian_mechanism_sigma(1.0, 0.5, 1.5)),
    Edge("DP δ σ > 0", "sigma", lambda: gaussian_privacy.gaussian_dp_delta(1.0, 0.0, 0.5),
         lambda: gaussian_privacy.gaussian_dp_delta(1.0, 1e-9, 0.5),
         beyond=lambda: gaussian_privacy.gaussian_dp_delta(1.0, -0.25, 0.5)),
    Edge("honest noise coalition < N", "coalition", lambda: gaussian_privacy.honest_noise_variance(1.0, 3, 3),
         lambda: gaussian_privacy.honest_noise_variance(1.0, 3, 2), rule="0..2",
         beyond=lambda: gaussian_privacy.honest_noise_variance(1.0, 3, 7)),
    Edge("honest noise coalition ≥ 0", "coalition", lambda: gaussian_privacy.honest_noise_variance(1.0, 3, -1),
         lambda: gaussian_privacy.honest_noise_variance(1.0, 3, 0), rule="0..2",
         beyond=lambda: gaussian_privacy.honest_noise_variance(1.0, 3, -5)),
    Edge("honest noise coalition integer", "coalition",
         lambda: gaussian_privacy.honest_noise_variance(1.0, 3, 1.0),  # type: ignore[arg-type]
         lambda: gaussian_privacy.honest_noise_variance(1.0, 3, 1), rule="0..2"),
]
"""qproofs.protocols.gaussian_privacy (Section 4.4): N, T, variances, the Gaussian mechanism, coalitions."""

CLASSICAL_EDGES = [
    Edge("parties ≥ 2", "parties", lambda: _protocol(inputs=(2,), coins=(1,)), lambda: _protocol(),
         beyond=lambda: _protocol(inputs=(), coins=())),
    Edge("one coin alphabet per party (too few)", "coins", lambda: _protocol(coins=(1,)), lambda: _protocol()),
    Edge("one coin alphabet per party (too many)", "coins", lambda: _protocol(coins=(1, 1, 1)), lambda: _protocol()),
    Edge("input alphabet ≥ 1", "alphabets", lambda: _protocol(inputs=(2, 0)), lambda: _protocol(inputs=(2, 1)),
         beyond=lambda: _protocol(inputs=(2, -1))),
    Edge("coin alphabet ≥ 1", "alphabets", lambda: _protocol(coins=(1, 0)), lambda: _protocol(coins=(1, 1)),
         beyond=lambda: _protocol(coins=(1, -1))),
    Edge("sender < parties", "messages[0].sender", lambda: _protocol(msg=_msg(sender=2)),
         lambda: _protocol(msg=_msg(sender=1)), rule="0..1",
         beyond=lambda: _protocol(msg=_msg(sender=5))),
    Edge("sender ≥ 0", "messages[0].sender", lambda: _protocol(msg=_msg(sender=-1)),
         lambda: _protocol(msg=_msg(sender=0)), rule="0..1",
         beyond=lambda: _protocol(msg=_msg(sender=-5))),
    Edge("message size ≥ 1", "messages[0].size", lambda: _protocol(msg=_msg(size=0, table=(0, 0))),
         lambda: _protocol(msg=_msg(size=1, table=(0, 0))),
         beyond=lambda: _protocol(msg=_msg(size=-1, table=(0, 0)))),
    Edge("table length (too long)", "messages[0].table", lambda: _protocol(msg=_msg(table=(0, 1, 0))),
         lambda: _protocol(msg=_msg(table=(0, 1))), rule="2 entries"),
    Edge("table length (too short)", "messages[0].table", lambda: _protocol(msg=_msg(table=(0,))),
         lambda: _protocol(msg=_msg(table=(0, 1))), rule="2 entries"),
    Edge("table entries < size", "messages[0].table", lambda: _protocol(msg=_msg(table=(0, 2))),
         lambda: _protocol(msg=_msg(table=(0, 1))), rule="0..1",
         beyond=lambda: _protocol(msg=_msg(table=(0, 5)))),
    Edge("table entries ≥ 0", "messages[0].table", lambda: _protocol(msg=_msg(table=(-1, 0))),
         lambda: _protocol(msg=_msg(table=(0, 0))), rule="0..1",
         beyond=lambda: _protocol(msg=_msg(table=(-5, 0)))),
    Edge("shared key equal alphabets", "shared_coin", lambda: _protocol(coins=(2, 3), shared=(0, 1)),
         lambda: _protocol(coins=(2, 2), shared=(0, 1))),
]
"""qproofs.protocols.classical (Theorem 2's wiretapped-setup model): parties, alphabets, message tables, keys."""

COMPOSABLE_EDGES = [
    Edge("worst pair N ≥ 2", "N", lambda: composable.worst_pair(1), lambda: composable.worst_pair(2),
         beyond=lambda: composable.worst_pair(-1)),
    Edge("worst pair N integer", "N", lambda: composable.worst_pair(2.0),  # type: ignore[arg-type]
         lambda: composable.worst_pair(2), rule="integer"),
    Edge("pair distance m ≥ 1", "m", lambda: composable.pair_distance(2, 0, {}), lambda: composable.pair_distance(2, 1, {}),
         beyond=lambda: composable.pair_distance(2, -1, {})),
    Edge("pair distance copy < 2m", "attacked", lambda: composable.pair_distance(2, 1, {2: attacks.identity(2)}),
         lambda: composable.pair_distance(2, 1, {1: attacks.identity(2)}), rule="0..1",
         beyond=lambda: composable.pair_distance(2, 1, {5: attacks.identity(2)})),
    Edge("pair distance copy ≥ 0", "attacked", lambda: composable.pair_distance(2, 1, {-1: attacks.identity(2)}),
         lambda: composable.pair_distance(2, 1, {0: attacks.identity(2)}), rule="0..1",
         beyond=lambda: composable.pair_distance(2, 1, {-5: attacks.identity(2)})),
    Edge("iid exact m ≤ 4", "m", lambda: composable.iid_exact_advantage(2, 5, attacks.identity(2)),
         lambda: composable.iid_exact_advantage(2, 4, attacks.identity(2))),
    Edge("iid exact m ≥ 1", "m", lambda: composable.iid_exact_advantage(2, 0, attacks.identity(2)),
         lambda: composable.iid_exact_advantage(2, 1, attacks.identity(2)),
         beyond=lambda: composable.iid_exact_advantage(2, -1, attacks.identity(2))),
    Edge("composed uses ≥ 1", "uses", lambda: composable.composed_epsilon(10, 0.1, uses=0),
         lambda: composable.composed_epsilon(10, 0.1, uses=1),
         beyond=lambda: composable.composed_epsilon(10, 0.1, uses=-1)),
    Edge("brute force one attack per copy (too many)", "kraus_per_copy",
         lambda: composable.brute_force_pair_distance(2, 1, [attacks.identity(2)] * 3),
         lambda: composable.brute_force_pair_distance(2, 1, [attacks.identity(2)] * 2), rule="2m = 2"),
    Edge("brute force one attack per copy (too few)", "kraus_per_copy",
         lambda: composable.brute_force_pair_distance(2, 1, [attacks.identity(2)]),
         lambda: composable.brute_force_pair_distance(2, 1, [attacks.identity(2)] * 2), rule="2m = 2"),
    Edge("composed run d ≥ 1", "d",
         lambda: composable.run_composed(2, 0, 1, 1, lambda t, c: attacks.identity(2), np.zeros((1, 0, 2), int), _rng()),
         lambda: composable.run_composed(2, 1, 1, 1, lambda t, c: attacks.identity(2), np.zeros((1, 1, 2), int), _rng()),
         beyond=lambda: composable.run_composed(2, -1, 1, 1, lambda t, c: attacks.identity(2), np.zeros((1, 0, 2), int), _rng())),
    Edge("composed run T ≥ 1", "T",
         lambda: composable.run_composed(2, 1, 0, 1, lambda t, c: attacks.identity(2), np.zeros((0, 1, 2), int), _rng()),
         lambda: composable.run_composed(2, 1, 1, 1, lambda t, c: attacks.identity(2), np.zeros((1, 1, 2), int), _rng()),
         beyond=lambda: composable.run_composed(2, 1, -1, 1, lambda t, c: attacks.identity(2), np.zeros((0, 1, 2), int), _rng())),
    Edge("composed run ν ≥ 1", "nu",
         lambda: composable.run_composed(2, 1, 1, 0, lambda t, c: attacks.identity(2), np.zeros((1, 1, 2), int), _rng()),
         lambda: composable.run_composed(2, 1, 1, 1, lambda t, c: attacks.identity(2), np.zeros((1, 1, 2), int), _rng()),
         beyond=lambda: composable.run_composed(2, 1, 1, -1, lambda t, c: attacks.identity(2), np.zeros((1, 1, 2), int), _rng())),
    Edge("composed run input shape", "inputs",
         lambda: composable.run_composed(2, 1, 1, 1, lambda t, c: attacks.identity(2), np.zeros((1, 1, 3), int), _rng()),
         lambda: composable.run_composed(2, 1, 1, 1, lambda t, c: attacks.identity(2), np.zeros((1, 1, 2), int), _rng()),
         rule="(1, 1, 2)"),
]
"""qproofs.protocols.composable (the composed VGA): run by the unit test only — its one claim (vga.composable)
is refuted, so an inconclusive input_domain could not change its verdict (issue 11: verified claims only)."""

ALL_TABLES = {"SIMULATOR_EDGES": SIMULATOR_EDGES, "VGA_EDGES": VGA_EDGES, "ATTACKS_EDGES": ATTACKS_EDGES,
              "STABILIZER_EDGES": STABILIZER_EDGES, "NOISE_THRESHOLD_EDGES": NOISE_THRESHOLD_EDGES,
              "CHAINING_EDGES": CHAINING_EDGES, "GAUSSIAN_EDGES": GAUSSIAN_EDGES, "CLASSICAL_EDGES": CLASSICAL_EDGES,
              "COMPOSABLE_EDGES": COMPOSABLE_EDGES}
"""Every table of this module (the unit test runs each)."""
