"""Round-5 survivors (revision 164a558): the known answers the audit now asserts, and their selftest mutants' seams.

Each test runs the deterministic known answer on the true code and under the seam its selftest mutant patches.
"""

from __future__ import annotations

from fractions import Fraction
from unittest import mock

from checks.sec3 import holevo_ea_capacity as holevo_check
from checks.sec3_3 import thm1_ghz_unique as unique_check
from checks.sec3_3 import thm1_qfi_bound as qfi_check
from checks.sec5 import thm4_classical_upper as jl_check
from qproofs.protocols import ea_coding, ghz
from qproofs.sdp import reduced
from qproofs.symbolic import holevo as sym_holevo
from qproofs.tolerance import TOL


def test_reduced_min_numeric_is_negated() -> None:
    mn = qfi_check._failure_rule_programs()["min_ge"]
    cb = reduced.certify_reduced(mn, claimed=Fraction(-1, 2))
    assert cb.numeric_optimum is not None and abs(cb.numeric_optimum + 0.5) <= TOL.sdp
    bad = qfi_check._certify_reduced_min_numeric_unsigned(mn, claimed=Fraction(-1, 2))
    assert bad.numeric_optimum is not None and abs(bad.numeric_optimum - 0.5) <= TOL.sdp


def test_variance_program_default_eta_is_zero() -> None:
    vp = reduced.variance_program([1, 1], exclude=[[0, 1]])
    assert vp.constraints[1][2] == 1 and vp.verify([Fraction(1), Fraction(1)]).bound == 2
    assert reduced.certify_reduced(vp, claimed=1).bound == 1
    bad = qfi_check._variance_program_default_eta_minus_1([1, 1], exclude=[[0, 1]])
    assert bad.verify([Fraction(1), Fraction(1)]).bound == 3


def test_bound_chain_rejects_wrong_capacities() -> None:
    assert sym_holevo.bound_chain()["equal"] is True
    for wrong in (1, 4):
        with mock.patch.object(ea_coding, "EA_CAPACITY_BITS", wrong):
            assert sym_holevo.bound_chain()["equal"] is False
    with mock.patch.object(ea_coding, "EA_CAPACITY_BITS", 1):
        assert holevo_check._bound_chain_modulo()["equal"] is True  # the survivor: a halved C divides 2


def test_stability_slack_known_answers() -> None:
    assert ghz.second_eigenvalue_gap([1.0]) == 0
    known = unique_check._slack_known_answers()
    assert all(abs(v["got"] - v["expected"]) <= TOL.dense for v in known.values())
    with mock.patch.object(ghz, "uniqueness_stability_slack", unique_check._slack_g0_branch_one):
        bad = unique_check._slack_known_answers()
    assert [k for k, v in bad.items() if abs(v["got"] - v["expected"]) > TOL.dense] == ["N=1 t=0.0", "N=1 t=0.3"]


def test_fast_jl_law_known_answer() -> None:
    assert jl_check.fast_law_known_answer()["ok"] is True
    orig = jl_check.gapip._jl_estimates
    with mock.patch.object(jl_check.gapip, "_jl_estimates",
                           lambda ip, ortho, k, rows, bits, trials, rng: orig(ip, ortho, k, rows, bits + 1, trials, rng)):
        assert jl_check.fast_law_known_answer()["ok"] is False
