"""QFI of pure states and classical Fisher information (qproofs.quantum.fisher)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import qutip

from qproofs.errors import InvalidParameter
from qproofs.quantum.fisher import (
    classical_fisher_information,
    diagonal_generator_spectrum,
    qfi_pure,
    qfi_pure_diagonal,
    require_state,
    require_weights,
)


def _dense_generator(w: np.ndarray) -> np.ndarray:
    n = len(w)
    return sum(wj / 2 * qutip.tensor([qutip.sigmaz() if k == j else qutip.qeye(2) for k in range(n)]).full()
               for j, wj in enumerate(w))


def test_spectrum_matches_dense_operator() -> None:
    rng = np.random.default_rng(0)
    w = rng.normal(size=4)
    assert np.allclose(diagonal_generator_spectrum(w), np.diag(_dense_generator(w)).real)


def test_diagonal_qfi_equals_dense_qfi() -> None:
    """Property: the O(2^N) probability-vector QFI equals 4 Var from the dense operator."""
    rng = np.random.default_rng(1)
    for n in range(1, 6):
        w = rng.normal(size=n)
        psi = qutip.rand_ket(2**n, seed=rng).full().reshape(-1)
        assert math.isclose(qfi_pure_diagonal(psi, diagonal_generator_spectrum(w)),
                            qfi_pure(psi, _dense_generator(w)), rel_tol=1e-10, abs_tol=1e-12)


def test_qfi_is_invariant_under_phases() -> None:
    """Property: diagonal generators see only |ψ_x|², so local phases do not change F_Q."""
    rng = np.random.default_rng(2)
    w = rng.normal(size=3)
    lam = diagonal_generator_spectrum(w)
    psi = qutip.rand_ket(8, seed=rng).full().reshape(-1)
    phased = psi * np.exp(1j * rng.uniform(0, 6, size=8))
    assert math.isclose(qfi_pure_diagonal(psi, lam), qfi_pure_diagonal(phased, lam), rel_tol=1e-12)


def test_classical_fi_of_a_binary_phase_measurement() -> None:
    phi = 0.7
    p = np.array([(1 + math.cos(phi)) / 2, (1 - math.cos(phi)) / 2])
    dp = np.array([-math.sin(phi) / 2, math.sin(phi) / 2])
    assert math.isclose(classical_fisher_information(p, dp), 1.0, rel_tol=1e-12)


@pytest.mark.parametrize("bad", [[], [1.0, math.nan], [math.inf], [[1.0, 2.0]]])
def test_bad_weights(bad: list) -> None:
    with pytest.raises(InvalidParameter, match="weights"):
        require_weights(bad)


def test_bad_states() -> None:
    with pytest.raises(InvalidParameter, match="normalised"):
        require_state([1.0, 1.0], 2)
    with pytest.raises(InvalidParameter, match="dimension"):
        require_state([1.0, 0.0], dim=4)
    with pytest.raises(InvalidParameter, match="finite"):
        require_state([math.nan, 0.0], 2)
    with pytest.raises(InvalidParameter, match="probs"):
        classical_fisher_information([0.5, 0.6], [0.0, 0.0])


def test_non_hermitian_generator_is_rejected() -> None:
    with pytest.raises(InvalidParameter, match="Hermitian"):
        qfi_pure([1.0, 0.0], np.array([[0.0, 1.0], [0.0, 0.0]]))
    with pytest.raises(InvalidParameter, match="Hermitian"):  # below np.allclose's default atol 1e-8
        qfi_pure([1.0, 0.0], np.array([[0.0, 3e-9j], [3e-9j, 0.0]]))
