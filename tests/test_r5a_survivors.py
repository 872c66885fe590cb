"""Round-5 mutation survivors (revision 164a558) in Section 4 code: the new known answers against references.

That each new check passes and fails under its selftest mutant is tested with round 4's in
``tests/test_misc_strengthen_round4.py``.

Claims ``vga.composable`` (``composable.afw_leakage_bound`` at its cap ε ≥ 1), ``thm2.classical-leakage``
(Theorem 2's Fano bound at |𝒳| > 2 with p_e > 0), ``vga.noise-threshold`` (the certified fidelity's
(2^N − 1)/2^{N−1} at N > 2) and ``vga.eve-attacks`` (the collective probe's copy positions k·N + node, k ≥ 1);
and why the ``attacks.partial_swap`` survivor (``amp == 0`` → ``amp == 1``) is an equivalent mutant.
"""

from __future__ import annotations

from math import log2

import numpy as np
import pytest

from qproofs.protocols import attacks, classical, composable, noise_threshold
from qproofs.tolerance import TOL


def test_afw_known_answers() -> None:
    from checks.sec4 import _composable

    assert _composable.afw_known_answers(TOL.dense)["ok"]
    assert composable.afw_leakage_bound(1.0) == composable.afw_leakage_bound(2.0) == 1.0
    assert abs(composable.afw_leakage_bound(0.01) - 0.090937) <= 1e-6


def test_fano_known_answers_include_a_ternary_alphabet_with_errors() -> None:
    from checks.sec4 import thm2_classical_leakage as thm2

    assert any(a > 2 and pe > 0 for _, pe, a, _ in thm2.FANO_KNOWN)
    for h, pe, a, want in thm2.FANO_KNOWN:
        assert abs(classical.fano_bound(h, pe, a) - want) <= TOL.rounding
    assert abs(thm2.FANO_KNOWN[0][3] - (log2(3) - (-(1 / 3) * log2(1 / 3) - (2 / 3) * log2(2 / 3)) - 1 / 3)) <= 1e-12


def test_certified_fidelity_known_answers() -> None:
    from checks.sec4 import vga_noise_threshold as nt

    rows = nt.certified_fidelity_known_answers([(10, 3, 400, 0.05)], TOL.dense)
    assert all(r["ok"] for r in rows) and {r["N"] for r in rows} >= {2, 3, 4, 10}
    assert abs(noise_threshold.certified_fidelity(3, 0, 200, 0.05) - 0.848553) <= 1e-6


@pytest.mark.parametrize("n,copies,node,basis", [(2, 2, 0, "X"), (2, 2, 1, "Z"), (3, 2, 2, "X"), (2, 3, 1, "X")])
def test_collective_probe_reference_matches(n: int, copies: int, node: int, basis: str) -> None:
    from checks.sec4 import vga_eve_attacks as ea

    got = attacks.collective_probe(n, 0.3, copies=copies, node=node, basis=basis)
    want = ea.collective_probe_reference(n, 0.3, copies, node, basis)
    assert all(np.allclose(g, w, atol=1e-12) for g, w in zip(got, want, strict=True))


def test_probe_position_mutant_differs_from_the_reference() -> None:
    from checks.sec4 import vga_eve_attacks as ea

    got = ea._probe_copy_position_power(2, 0.5, copies=2, node=1)
    want = ea.collective_probe_reference(2, 0.5, 2, 1, "X")
    assert not all(np.allclose(g, w) for g, w in zip(got, want, strict=True))


def test_partial_swap_zero_amplitude_skip_is_an_optimisation() -> None:
    """Equivalent survivor: Eve's pair |Φ+⟩ has amplitudes 0 and 1/√2 only (a local constant), and a skipped
    amplitude-0 term adds UB·0 = 0 exactly, so ``amp == 1`` (skip nothing) gives bitwise the same Kraus operators."""
    phi = np.array([1, 0, 0, 1], dtype=complex) / np.sqrt(2)
    assert not np.any(phi == 1)
    for t in (0.0, 0.3, 1.0):
        ks = attacks.partial_swap(2, 1, t)
        assert np.allclose(sum(K.conj().T @ K for K in ks), np.eye(4))
