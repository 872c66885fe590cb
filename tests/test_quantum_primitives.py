"""qproofs.quantum primitives against closed forms (GHZ vs product states, Bell ensembles, trace distance)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import qutip

from qproofs.errors import InvalidParameter
from qproofs.quantum import (
    bell_state,
    binary_entropy,
    depolarizing_kraus,
    dm,
    ghz,
    holevo_quantity,
    ket,
    mutual_information_table,
    partial_trace,
    random_density_matrix,
    random_pure_state,
    require_cptp,
    shannon_entropy,
    trace_distance,
    von_neumann_entropy,
    werner_state,
)
from qproofs.quantum.states import BELL_LABELS


@pytest.mark.parametrize("n", [2, 3, 5])
def test_ghz_marginals_vs_product(n: int) -> None:
    rho = dm(ghz(n))
    one = partial_trace(rho, [2] * n, [0])
    assert np.allclose(one, np.eye(2) / 2) and von_neumann_entropy(one) == pytest.approx(1.0)
    prod = dm(ket("0" * n))
    assert von_neumann_entropy(partial_trace(prod, [2] * n, [0])) == pytest.approx(0.0, abs=1e-12)
    assert von_neumann_entropy(rho) == pytest.approx(0.0, abs=1e-12)
    # ⟨GHZ|0…0⟩ = 1/√2: trace distance √(1 − 1/2)
    assert trace_distance(rho, prod) == pytest.approx(1 / math.sqrt(2), abs=1e-13)


def test_bell_states_orthonormal_and_ensemble_chi_two() -> None:
    vecs = np.array([bell_state(lab) for lab in BELL_LABELS])
    assert np.allclose(vecs.conj() @ vecs.T, np.eye(4))
    assert holevo_quantity([0.25] * 4, [dm(v) for v in vecs]) == pytest.approx(2.0, abs=1e-12)
    assert holevo_quantity([0.5, 0.5], [dm(vecs[0]), dm(vecs[1])]) == pytest.approx(1.0, abs=1e-12)


def test_werner_state_fidelity_and_spectrum() -> None:
    F = 0.7
    w = werner_state(F)
    phi = bell_state("Phi+")
    assert np.allclose(w, w.conj().T) and np.trace(w).real == pytest.approx(1.0)
    assert float(np.real(phi.conj() @ w @ phi)) == pytest.approx(F)
    assert sorted(np.linalg.eigvalsh(w)) == pytest.approx(sorted([F] + [(1 - F) / 3] * 3))
    with pytest.raises(InvalidParameter, match="F"):
        werner_state(1.5)


def test_entropies_closed_forms() -> None:
    assert von_neumann_entropy(np.eye(8) / 8) == pytest.approx(3.0)
    assert shannon_entropy([0.5, 0.25, 0.25]) == pytest.approx(1.5)
    assert binary_entropy(0.5) == pytest.approx(1.0)
    joint = np.array([[0.5, 0], [0, 0.5]])
    assert mutual_information_table(joint) == pytest.approx(1.0)


def test_random_states_and_channels() -> None:
    rng = np.random.default_rng(0)
    psi = random_pure_state(6, rng)
    assert np.linalg.norm(psi) == pytest.approx(1.0)
    rho = random_density_matrix(5, rng)
    assert np.allclose(rho, rho.conj().T) and np.trace(rho).real == pytest.approx(1.0)
    assert np.linalg.eigvalsh(rho).min() >= -1e-12
    require_cptp(depolarizing_kraus(0.3))


@pytest.mark.slow
def test_trace_distance_accuracy_at_ten_qubits_vs_qutip() -> None:
    """½Σ|eig(ρ−σ)| is exact to ~1e-14 at 10 qubits; qutip's tracedist (via sqrt(D†D)) is less accurate."""
    rng = np.random.default_rng(1)
    n = 10
    psi, phi = random_pure_state(2**n, rng), random_pure_state(2**n, rng)
    exact = math.sqrt(1 - abs(np.vdot(psi, phi)) ** 2)  # closed form for pure states
    ours = trace_distance(dm(psi), dm(phi))
    theirs = qutip.tracedist(qutip.Qobj(dm(psi)), qutip.Qobj(dm(phi)))
    assert abs(ours - exact) < 1e-12
    assert abs(ours - exact) <= abs(theirs - exact)


def test_cptp_violation_says_which_property_fails() -> None:
    """Complete positivity holds for any Kraus list; the message names the trace-preservation failure."""
    import numpy as np

    from qproofs.quantum.channels import cptp_violation

    assert "trace-decreasing" in (cptp_violation([np.diag([1.0, 0.5])]) or "")
    assert "trace-increasing" in (cptp_violation([np.diag([1.0, 1.5])]) or "")
    assert "different shapes" in (cptp_violation([np.eye(2), np.eye(3)]) or "")
    assert cptp_violation([np.eye(2) / np.sqrt(2), np.diag([1.0, -1.0]) / np.sqrt(2)]) is None
