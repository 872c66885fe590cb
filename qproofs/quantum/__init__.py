"""Quantum primitives: states, Pauli operators, channels and information measures."""

from qproofs.quantum.channels import (
    apply_kraus,
    cptp_violation,
    depolarizing_kraus,
    require_cptp,
    unitary_kraus,
)
from qproofs.quantum.measures import (
    binary_entropy,
    holevo_quantity,
    mutual_information_table,
    partial_trace,
    shannon_entropy,
    total_variation,
    trace_distance,
    von_neumann_entropy,
)
from qproofs.quantum.paulis import I2, PAULIS, X, Y, Z
from qproofs.quantum.states import (
    bell_state,
    dm,
    ghz,
    ket,
    random_density_matrix,
    random_pure_state,
    random_unitary,
    werner_state,
)

__all__ = [
    "I2", "PAULIS", "X", "Y", "Z", "apply_kraus", "bell_state", "binary_entropy",
    "cptp_violation", "depolarizing_kraus", "dm", "ghz", "holevo_quantity",
    "ket", "mutual_information_table", "partial_trace",
    "random_density_matrix", "random_pure_state", "random_unitary",
    "require_cptp", "shannon_entropy", "total_variation", "trace_distance", "unitary_kraus",
    "von_neumann_entropy", "werner_state",
]
