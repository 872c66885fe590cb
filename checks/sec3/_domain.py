"""Input domains of the §3.1–3.2 modules, each rule at its boundary (issue 11: input guards; :mod:`qproofs.domain`).

One table per module: ``outside`` just violates one ``require`` (refused naming the parameter, and the bound the
message states when it computes one), ``inside`` is the boundary value itself (accepted). Tiny instances (< 5 ms).
Where ``outside`` is the bound itself (a strict rule, or an integer one) ``beyond`` is a value well past it
(−1 for ``≥ 1``, 9 for ``< 4``), refused too, so a comparison loosened to ``!=`` is caught (round-4 survivors).
Guards left out: ``ring`` line 562 (flooding's round cap: with the guard loosened the loop never ends, so an
edge would hang the audit instead of failing); ``superdense`` line 222 (the pair is built inside ``send_bits`` from F ∈ [0, 1], always normalised:
only a patched ``pair_state`` reaches it); ``quantum.channels`` line 76 (``require_cptp``) is run, line 101
(``unitary_kraus``) too; ``qproofs.quantum.paulis`` and ``qproofs.symbolic.superdense`` have no guards.
"""

from __future__ import annotations

import numpy as np

from qproofs.domain import Edge
from qproofs.protocols import ea_coding, ring, ring_entropy, superdense
from qproofs.quantum import capacity, channels, measures, states

_G = [[1, 2], [3, 0]]
_R = np.random.default_rng


def _ring(g: object = _G, b: int = 2, **kw: object) -> object:
    return ring.validate(g, b, **kw)  # type: ignore[arg-type]


RING_EDGES = [
    Edge("b ≥ 1", "b", lambda: _ring([[0], [0]], 0), lambda: _ring([[0], [0]], 1),
         beyond=lambda: _ring([[0], [0]], -1)),
    Edge("b an integer (not a bool)", "b", lambda: _ring([[0], [0]], True), lambda: _ring([[0], [0]], np.int64(1))),
    Edge("variant named", "variant", lambda: _ring(variant="exactly"), lambda: _ring(variant="modulo")),
    Edge("transport named", "transport", lambda: _ring(transport="quantum"), lambda: _ring(transport="classical")),
    Edge("F ≥ 0", "F", lambda: _ring(fidelity=-1e-12), lambda: _ring(fidelity=0.0)),
    Edge("F ≤ 1", "F", lambda: _ring(fidelity=1 + 1e-12), lambda: _ring(fidelity=1.0)),
    Edge("gradients an (N, d) array", "gradients", lambda: _ring([1, 2]), lambda: _ring([[1], [2]])),
    Edge("N ≥ 2 nodes", "N", lambda: _ring([[1, 2]]), lambda: _ring([[1], [2]]),
         beyond=lambda: _ring(np.zeros((0, 1), dtype=int))),
    Edge("d ≥ 1 coordinates", "d", lambda: _ring(np.zeros((2, 0), dtype=int)), lambda: _ring([[1], [2]])),
    Edge("integer gradients", "gradients", lambda: _ring([[1.0], [2.0]]), lambda: _ring([[True], [False]])),
    Edge("word B = b + ⌈log₂ N⌉ ≤ 62", "b", lambda: _ring([[0], [0]], 62), lambda: _ring([[0], [0]], 61),
         rule="<= 62",
         beyond=lambda: _ring([[0], [0]], 70)),
    Edge("gradients < 2^b", "gradients", lambda: _ring([[4], [0]]), lambda: _ring([[3], [0]]), rule="[0, 4)",
         beyond=lambda: _ring([[9], [0]])),
    Edge("gradients ≥ 0", "gradients", lambda: _ring([[-1], [0]]), lambda: _ring([[0], [0]]), rule="[0, 4)",
         beyond=lambda: _ring([[-5], [0]])),
    Edge("quantum transport needs the audit's rng", "rng",
         lambda: ring.all_reduce(_G, 2, transport="superdense"),
         lambda: ring.all_reduce(_G, 2, transport="superdense", rng=_R(0))),
]
"""``qproofs.protocols.ring`` (Section 3.2's all-reduce: gradients, word size, transport)."""

RING_ENTROPY_EDGES = [
    Edge("b ≥ 1", "b", lambda: ring_entropy.sum_counts(0, 1), lambda: ring_entropy.sum_counts(1, 1),
         beyond=lambda: ring_entropy.sum_counts(-1, 1)),
    Edge("|S| = k ≥ 1", "k", lambda: ring_entropy.sum_counts(1, 0), lambda: ring_entropy.sum_counts(1, 1),
         beyond=lambda: ring_entropy.sum_counts(1, -1)),
]
"""``qproofs.protocols.ring_entropy`` (the cut-entropy count of Section 3.2)."""

_PHI = superdense.pair_state(1.0)

SUPERDENSE_EDGES = [
    Edge("Pauli word non-empty", "word", lambda: superdense.pauli_word(""), lambda: superdense.pauli_word("I")),
    Edge("Pauli word over IXZ", "word", lambda: superdense.pauli_word("Y"), lambda: superdense.pauli_word("XZ")),
    Edge("two-bit symbol", "bits", lambda: superdense.encoding_operator("2"), lambda: superdense.encoding_operator("11")),
    Edge("pair F ≥ 0", "F", lambda: superdense.pair_state(-1e-12), lambda: superdense.pair_state(0.0)),
    Edge("pair F ≤ 1", "F", lambda: superdense.pair_state(1 + 1e-12), lambda: superdense.pair_state(1.0)),
    Edge("Bell probabilities: state normalised (above)", "state", lambda: superdense.bell_probabilities(_PHI * (1 + 2e-9)),
         lambda: superdense.bell_probabilities(_PHI * (1 + 2e-10)), rule="1e-09"),
    Edge("Bell probabilities: state normalised (below)", "state", lambda: superdense.bell_probabilities(_PHI * (1 - 2e-9)),
         lambda: superdense.bell_probabilities(_PHI * (1 - 2e-10)), rule="1e-09"),
    Edge("message bits 1-d", "bits", lambda: superdense.send_bits(np.zeros((1, 2), dtype=int), _R(0)),
         lambda: superdense.send_bits(np.zeros(2, dtype=int), _R(0))),
    Edge("message bits 0/1", "bits", lambda: superdense.send_bits(np.array([0, 2]), _R(0)),
         lambda: superdense.send_bits(np.array([1, 1]), _R(0))),
    Edge("Werner capacity F ≥ 0", "F", lambda: superdense.werner_capacity(-1e-12),
         lambda: superdense.werner_capacity(0.0)),
    Edge("Werner capacity F ≤ 1", "F", lambda: superdense.werner_capacity(1 + 1e-12),
         lambda: superdense.werner_capacity(1.0)),
    Edge("sampled channel: ≥ 1 symbol", "n_symbols", lambda: superdense.sampled_channel(1.0, 0, _R(0)),
         lambda: superdense.sampled_channel(1.0, 1, _R(0)),
         beyond=lambda: superdense.sampled_channel(1.0, -1, _R(0))),
    Edge("sampled channel in law: ≥ 1 symbol", "n_symbols", lambda: superdense.sampled_channel_in_law(1.0, 0, _R(0)),
         lambda: superdense.sampled_channel_in_law(1.0, 1, _R(0)),
         beyond=lambda: superdense.sampled_channel_in_law(1.0, -1, _R(0))),
]
"""``qproofs.protocols.superdense`` (Section 3.1's superdense coding over pairs of fidelity F)."""

EA_CODING_EDGES = [
    Edge("encoding kind named", "kind", lambda: ea_coding.random_instance(_R(0), "paulis", 2, 1, pure=True),
         lambda: ea_coding.random_instance(_R(0), "unitary", 2, 1, pure=True)),
    Edge("d_B ≥ 1", "d_b", lambda: ea_coding.random_instance(_R(0), "unitary", 0, 1, pure=True),
         lambda: ea_coding.random_instance(_R(0), "unitary", 1, 1, pure=True),
         beyond=lambda: ea_coding.random_instance(_R(0), "unitary", -1, 1, pure=True)),
    Edge("≥ 1 encoding", "n_encodings", lambda: ea_coding.random_instance(_R(0), "unitary", 1, 0, pure=True),
         lambda: ea_coding.random_instance(_R(0), "unitary", 1, 1, pure=True),
         beyond=lambda: ea_coding.random_instance(_R(0), "unitary", 1, -1, pure=True)),
]
"""``qproofs.protocols.ea_coding`` (the entanglement-assisted ensembles of Section 3.2 / App. A.2)."""

_RHO = np.diag([1.0, 0.0]).astype(complex)
_X = np.array([[0, 1], [1, 0]], dtype=complex)

QUANTUM_EDGES = [
    Edge("ket bits non-empty", "bits", lambda: states.ket(""), lambda: states.ket("0")),
    Edge("ket bits 0/1", "bits", lambda: states.ket("2"), lambda: states.ket("1")),
    Edge("Bell label named", "label", lambda: states.bell_state("Phi"), lambda: states.bell_state("Psi-")),
    Edge("GHZ n ≥ 1", "n", lambda: states.ghz(0), lambda: states.ghz(1),
         beyond=lambda: states.ghz(-1)),
    Edge("GHZ n an integer", "n", lambda: states.ghz(2.0), lambda: states.ghz(np.int64(2))),  # type: ignore[arg-type]
    Edge("Werner F ≥ 0", "F", lambda: states.werner_state(-1e-12), lambda: states.werner_state(0.0)),
    Edge("Werner F ≤ 1", "F", lambda: states.werner_state(1 + 1e-12), lambda: states.werner_state(1.0)),
    Edge("random pure state dim ≥ 1", "dim", lambda: states.random_pure_state(0, _R(0)),
         lambda: states.random_pure_state(1, _R(0)),
         beyond=lambda: states.random_pure_state(-1, _R(0))),
    Edge("random density matrix dim ≥ 1", "dim", lambda: states.random_density_matrix(0, _R(0)),
         lambda: states.random_density_matrix(1, _R(0)),
         beyond=lambda: states.random_density_matrix(-1, _R(0))),
    Edge("random unitary dim ≥ 1", "dim", lambda: states.random_unitary(0, _R(0)),
         lambda: states.random_unitary(1, _R(0)),
         beyond=lambda: states.random_unitary(-1, _R(0))),
    Edge("trace distance: shapes agree", "sigma", lambda: measures.trace_distance(_RHO, np.eye(3)),
         lambda: measures.trace_distance(_RHO, np.eye(2) / 2), rule="(2, 2)"),
    Edge("total variation: shapes agree", "q", lambda: measures.total_variation(np.ones(2) / 2, np.ones(3) / 3),
         lambda: measures.total_variation(np.ones(2) / 2, np.array([1.0, 0.0])), rule="(2,)"),
    Edge("Shannon entropy p ≥ −1e-12", "p", lambda: measures.shannon_entropy([1.0, -2e-12]),
         lambda: measures.shannon_entropy([1.0, -0.5e-12])),
    Edge("binary entropy p ≥ 0", "p", lambda: measures.binary_entropy(-1e-12), lambda: measures.binary_entropy(0.0)),
    Edge("binary entropy p ≤ 1", "p", lambda: measures.binary_entropy(1 + 1e-12), lambda: measures.binary_entropy(1.0)),
    Edge("partial trace: dims multiply to the dimension", "dims",
         lambda: measures.partial_trace(np.eye(4) / 4, [2, 3], [0]),
         lambda: measures.partial_trace(np.eye(4) / 4, [2, 2], [0]), rule="multiply to 4"),
    # a square ρ has shape[0] = shape[-1]; a 4×2 array (refused) tells the two apart in the stated bound
    Edge("partial trace: the stated dimension is the row count", "dims",
         lambda: measures.partial_trace(np.zeros((4, 2)), [2, 3], [0]),
         lambda: measures.partial_trace(np.eye(2) / 2, [2], [0]), rule="multiply to 4"),
    Edge("Holevo: one state per probability", "states",
         lambda: measures.holevo_quantity([0.5, 0.5], [_RHO]), lambda: measures.holevo_quantity([1.0], [_RHO])),
    Edge("Holevo: ≥ 1 state", "states", lambda: measures.holevo_quantity([], []),
         lambda: measures.holevo_quantity([1.0], [_RHO])),
    Edge("Holevo: probs sum to 1 (±1e-9)", "probs", lambda: measures.holevo_quantity([1 + 2e-9], [_RHO]),
         lambda: measures.holevo_quantity([1 + 0.5e-9], [_RHO])),
    Edge("Holevo: probs ≥ 0", "probs", lambda: measures.holevo_quantity([-1e-300, 1.0], [_RHO, _RHO]),
         lambda: measures.holevo_quantity([0.0, 1.0], [_RHO, _RHO])),
    Edge("mutual information: a 2-d table", "joint", lambda: measures.mutual_information_table(np.ones(2) / 2),
         lambda: measures.mutual_information_table(np.ones((1, 1)))),
    Edge("Kraus: ≥ 1 operator", "kraus", lambda: channels.apply_kraus(_RHO, []),
         lambda: channels.apply_kraus(_RHO, [_X])),
    Edge("Kraus: act on the input dimension", "kraus", lambda: channels.apply_kraus(_RHO, [np.eye(3)]),
         lambda: channels.apply_kraus(_RHO, [np.eye(2)]), rule="dimension 2"),
    Edge("CPTP map", "kraus", lambda: channels.require_cptp([np.sqrt(1 + 2e-9) * _X]),
         lambda: channels.require_cptp([np.sqrt(1 + 0.5e-9) * _X])),
    Edge("depolarising p ≥ 0", "p", lambda: channels.depolarizing_kraus(-1e-12),
         lambda: channels.depolarizing_kraus(0.0)),
    Edge("depolarising p ≤ 1", "p", lambda: channels.depolarizing_kraus(1 + 1e-12),
         lambda: channels.depolarizing_kraus(1.0)),
    # np.allclose(atol=1e-9) keeps numpy's rtol = 1e-5: the rule is |U†U − I| ≤ 1e-9 + 1e-5 entrywise
    Edge("unitary within 1e-9 + 1e-5 (allclose)", "U", lambda: channels.unitary_kraus(np.sqrt(1 + 2e-5) * _X),
         lambda: channels.unitary_kraus(np.sqrt(1 + 0.5e-5) * _X)),
    Edge("Blahut–Arimoto: W a 2-d matrix", "W", lambda: capacity.blahut_arimoto(np.array([0.5, 0.5])),
         lambda: capacity.blahut_arimoto(np.array([[1.0]]))),
    Edge("Blahut–Arimoto: W ≥ −1e-15", "W", lambda: capacity.blahut_arimoto(np.array([[1 + 1e-14, -1e-14]])),
         lambda: capacity.blahut_arimoto(np.array([[1.0, 0.0]]))),
    Edge("Blahut–Arimoto: rows sum to 1 (± 1e-9 + 1e-5, allclose)", "W",
         lambda: capacity.blahut_arimoto(np.array([[0.5, 0.5 + 2e-5]])),
         lambda: capacity.blahut_arimoto(np.array([[0.5, 0.5 + 0.5e-5]]))),
]
"""``qproofs.quantum`` states / measures / channels / capacity (the Section 3 quantities the checks evaluate)."""

EDGES = {"ring": RING_EDGES, "ring_entropy": RING_ENTROPY_EDGES, "superdense": SUPERDENSE_EDGES,
         "ea_coding": EA_CODING_EDGES, "quantum": QUANTUM_EDGES}
"""Every table of this section by module (the unit test runs them all)."""
