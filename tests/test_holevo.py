"""Entanglement-assisted Holevo bound and channel capacity (claims holevo.ea-capacity, ring.noise-breakeven)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from qproofs.fuzz import Property, run_property
from qproofs.fuzz import ring as fuzz_ring
from qproofs.protocols import ea_coding
from qproofs.quantum import binary_entropy
from qproofs.quantum.capacity import blahut_arimoto
from qproofs.symbolic import holevo as sym


def test_bell_ensemble_chi_is_exactly_two() -> None:
    e = sym.bell_ensemble_chi()
    assert e["chi"] == 2 and e["S(avg)"] == 2 and e["mean S(sigma_x)"] == 0


def test_bound_chain_symbolic() -> None:
    c = sym.bound_chain()
    assert c["S_B_cancels"] and c["maximum"] == 2 and c["equal"]


def test_bound_chain_detects_wrong_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ea_coding, "EA_CAPACITY_BITS", 1.9)
    assert not sym.bound_chain()["equal"]


def test_superdense_ensemble_numeric() -> None:
    p, rho, d_b, chans = ea_coding.superdense_ensemble()
    r = ea_coding.ensemble_report(p, rho, d_b, chans)
    assert r.chi == pytest.approx(2.0, abs=1e-12) and r.chain_holds(1e-9)


def test_random_search_never_exceeds_two() -> None:
    reports = ea_coding.random_search(np.random.default_rng(11), 45)
    assert max(r.chi for r in reports) <= 2 + 1e-9
    assert all(r.chain_holds(1e-9) for r in reports)
    assert max(r.chi for r in reports if r.kind == "pauli") == pytest.approx(2.0, abs=1e-9)


def test_product_state_gives_at_most_one_bit() -> None:
    rho = np.zeros((4, 4), complex)
    rho[0, 0] = 1  # |0⟩|0⟩: no entanglement, A alone carries ≤ 1 bit
    chans = [[np.eye(2)], [np.array([[0, 1], [1, 0]])]]
    r = ea_coding.ensemble_report([0.5, 0.5], rho, 2, chans)
    assert r.chi == pytest.approx(1.0, abs=1e-12)


def test_encoding_that_touches_bob_breaks_the_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Property: the chain needs E_x on A alone; Paulis on A plus a bit flip on a spare qubit of B give χ = 3."""
    from qproofs.quantum import bell_state, dm
    from qproofs.quantum.channels import apply_kraus
    from qproofs.quantum.paulis import I2, X

    rho = np.kron(dm(bell_state("Phi+")), dm(np.array([1, 0])))  # A B1 entangled, B2 = |0⟩; d_B = 4
    paulis = [ea_coding.superdense.pauli_word(w) for w in ea_coding.superdense.ENCODE_WORDS.values()]
    ops = [np.kron(np.kron(P, I2), F) for P in paulis for F in (I2, X)]
    monkeypatch.setattr(ea_coding, "encoded_ensemble", lambda r, d, c: [apply_kraus(r, [U]) for U in ops])
    rep = ea_coding.ensemble_report([1 / 8] * 8, rho, 4, [[I2]] * 8)
    assert rep.chi == pytest.approx(3.0, abs=1e-9)
    assert not rep.chain_holds(1e-9)


def test_holevo_fuzz_property() -> None:
    prop = Property("h", "holevo.ea-capacity", fuzz_ring.holevo_instances, fuzz_ring.holevo_slack, tol=1e-9)
    assert run_property(prop, seed=3, max_examples=20).passed


def test_blahut_arimoto_binary_symmetric_channel() -> None:
    p = 0.11
    lo, hi, q = blahut_arimoto(np.array([[1 - p, p], [p, 1 - p]]))
    assert lo == pytest.approx(1 - binary_entropy(p), abs=1e-10) and hi - lo < 1e-10
    assert np.allclose(q, 0.5)


def test_blahut_arimoto_asymmetric_z_channel() -> None:
    # Z-channel with crossover 1/2: C = log2(5/4) (closed form)
    lo, hi, _ = blahut_arimoto(np.array([[1.0, 0.0], [0.5, 0.5]]))
    assert lo == pytest.approx(float(sp.log(sp.Rational(5, 4), 2)), abs=1e-9)


def test_batched_ensemble_report_matches_reference() -> None:
    """issue 14: the batched chain (one eigvalsh per stack, einsum partial traces) equals the qutip reference."""
    rng = np.random.default_rng(5)
    cases = [ea_coding.superdense_ensemble()]
    for t in range(30):
        kind = ea_coding.KINDS[t % 3]
        d_b = 2 + t % 3 if kind == "pauli" else 1 + t % 4
        rho, probs, chans = ea_coding.random_instance(rng, kind, d_b, 2 + t % 5, pure=bool(t % 2))
        cases.append((probs, rho, d_b, chans))
    for probs, rho, d_b, chans in cases:
        new = ea_coding.ensemble_report(probs, rho, d_b, chans)
        old = ea_coding.ensemble_report_reference(probs, rho, d_b, chans)
        for a, b in ((new.chi, old.chi), (new.subadditive_bound, old.subadditive_bound),
                     (new.araki_lieb_bound, old.araki_lieb_bound)):
            assert abs(a - b) <= 1e-10
