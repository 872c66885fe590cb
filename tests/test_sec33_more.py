"""Section 3.3's audit-level self-checks of the exact SDP kernel and the reduced certifier (issue 11).

Unit-level negative controls for ``thm1.qfi-bound::exact_psd_kernel_known_answers`` and
``thm1.qfi-bound::reduced_certifier_matches_full``: their known answers are re-derived independently
(eigenvalues; a brute-force LP over the 2^N diagonal), and the faults the Cosmic Ray campaign left alive
in ``qproofs/sdp/certificate.py`` and ``qproofs/sdp/reduced.py`` make the checks inconclusive.
"""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace
from typing import Any
from unittest import mock

import numpy as np
import pytest

from checks.sec3_3 import thm1_qfi_bound as qfi
from qproofs.sdp import certificate, reduced
from qproofs.sdp import variance as var_sdp
from qproofs.tolerance import TOL


def _ctx(seed: int = 0) -> Any:
    return SimpleNamespace(rng=lambda name: np.random.default_rng([seed, len(name)]),
                           seam=lambda name: qfi.CLAIM.seams[name])


@pytest.mark.parametrize("case", qfi._PSD_KNOWN, ids=lambda c: c[0])
def test_known_psd_answers_match_eigenvalues(case: Any) -> None:
    name, M, psd, _ = case
    lam = np.linalg.eigvalsh(np.array([[float(v) for v in r] for r in M]))
    assert (lam.min() >= -TOL.dense) == psd, (name, lam)


def test_threshold_cases_sit_on_both_sides() -> None:
    density = {name: sum(1 for r in M for v in r if v) * 4 - len(M) ** 2 for name, M, _, _ in qfi._PSD_KNOWN
               if len(M) == 4}
    assert sorted(density.values()) == [0, 0, 4]


def test_capped_closed_form_is_the_lp_optimum() -> None:
    from scipy.optimize import linprog

    for seed in range(5):
        w = qfi._large_denominator_weights(np.random.default_rng(seed))
        W = sum((abs(v) for v in w), Fraction(0))
        lam = var_sdp.exact_spectrum(w)
        top, eta = lam.index(max(lam)), Fraction(1, 3)
        c = [-float(v) ** 2 for v in lam]  # linprog minimises: max Σ λ_x² p_x, Σ p = 1, p_s + p_s̄ ≤ 1 − η
        cap = [[1.0 if x in (top, len(lam) - 1 - top) else 0.0 for x in range(len(lam))]]
        res = linprog(c, A_ub=cap, b_ub=[float(1 - eta)], A_eq=[[1.0] * len(lam)], b_eq=[1.0], method="highs")
        closed = (1 - eta) * W**2 / 4 + eta * (W / 2 - min(abs(v) for v in w)) ** 2
        assert abs(-res.fun - float(closed)) <= TOL.sdp
        assert closed.denominator % 37 == 0 or any(closed.denominator % p == 0 for p in (41, 43, 47, 53, 59))


def test_checks_pass_unmutated() -> None:
    assert qfi.exact_psd_kernel_known_answers(_ctx()).passed is True
    for seed in (0, 1, 2):
        assert qfi.reduced_certifier_matches_full(_ctx(seed)).passed is True


def test_inverted_fast_path_is_seen() -> None:
    with mock.patch.object(certificate, "_leading_minors_test", qfi._sylvester_inverted):
        assert qfi.exact_psd_kernel_known_answers(_ctx()).passed is None


def test_fast_path_never_taken_is_seen() -> None:
    with mock.patch.object(certificate, "_leading_minors_test", lambda q: None):
        assert qfi.exact_psd_kernel_known_answers(_ctx()).passed is None


def _loose_bounds(prog: Any, projectors: Any = None, *, claimed: Any = None) -> Any:
    """certify_reduced whose every verified bound is 10⁻⁹ loose (as when a looser candidate is kept)."""
    with mock.patch.object(reduced.SparseProgram, "verify", _loosening_verify):
        return _CERTIFY_REDUCED(prog, projectors, claimed=claimed)


def _loosening_verify(self: Any, y: Any) -> Any:
    ver = _VERIFY(self, y)
    return ver if not ver.valid else certificate.Verification(True, ver.bound + Fraction(1, 10**9), ver.reason)


_CERTIFY_REDUCED = reduced.certify_reduced
_VERIFY = reduced.SparseProgram.verify


@pytest.mark.parametrize("patch", [
    ("_active_set_solution", lambda *a, **k: None),  # no exact vertex: rounded duals only
    ("certify_reduced", _loose_bounds),               # every bound 10⁻⁹ loose
])
def test_reduced_certifier_faults_are_seen(patch: Any) -> None:
    with mock.patch.object(reduced, patch[0], patch[1]):
        assert qfi.reduced_certifier_matches_full(_ctx()).passed is None
