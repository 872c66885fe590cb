"""Discovery, execution, verdicts, dependency notes, reproducibility, the Python API."""

from __future__ import annotations

from pathlib import Path

import pytest

import qproofs
from qproofs.claims import Verdict
from qproofs.errors import ConfigError, UnknownClaim
from qproofs.runner import Audit, discover


def test_discovery_collects_claims_properties_and_mutants(toy_checks: str) -> None:
    reg = discover(toy_checks)
    assert list(reg.claims) == ["toy.ok", "toy.small", "toy.gap", "toy.cited", "toy.unsure", "toy.crash"]
    assert {p.name for p in reg.properties} == {"square", "small"}
    assert {m.name for m in reg.mutants} == {"negated_square", "unpatchable", "broken_reduction"}


def test_every_verdict_is_computed(toy_checks: str) -> None:
    audit = qproofs.verify(checks=toy_checks, profile="quick", seed=0)
    got = {c.id: c.verdict for c in audit.claims}
    assert got == {"toy.ok": Verdict.VERIFIED, "toy.small": Verdict.REFUTED, "toy.gap": Verdict.GAP,
                   "toy.cited": Verdict.CITED, "toy.unsure": Verdict.INCONCLUSIVE, "toy.crash": Verdict.ERROR}
    assert audit.exit_code == 2
    crash = audit.claim("toy.crash").checks[0]
    assert crash.status == "error" and "ZeroDivisionError" in (crash.error or "")
    small = audit.claim("toy.small").checks[0]
    assert small.counterexample == {"property": "small", "instance": 101, "slack": -1.0}  # shrunk to the minimum
    assert audit.claim("toy.gap").caveats == ("premise needs n ≥ 4",)


def test_dependency_notes(toy_checks: str) -> None:
    audit = qproofs.verify(checks=toy_checks, profile="quick", seed=0, only=["toy.gap", "toy.small"])
    assert audit.claim("toy.gap").dependency_notes == ("uses toy.small, which is refuted",)
    assert audit.claim("toy.small").dependency_notes == ("uses toy.ok, not run in this selection",)


def test_selection_by_glob_and_unknown_ids(toy_checks: str) -> None:
    reg = discover(toy_checks)
    assert [c.id for c in reg.select(["toy.s*", "toy.ok"])] == ["toy.ok", "toy.small"]
    with pytest.raises(UnknownClaim, match="matches no claim"):
        reg.select(["nope.*"])
    with pytest.raises(UnknownClaim, match="unknown claim id"):
        reg.get("toy.nope")


def test_same_seed_same_numbers_other_seed_other_numbers(toy_checks: str) -> None:
    def numbers(seed: int) -> list[object]:
        audit = qproofs.verify(checks=toy_checks, profile="quick", seed=seed, only=["toy.ok"])
        return [k.observed for k in audit.claim("toy.ok").checks]

    assert numbers(5) == numbers(5)
    assert numbers(5) != numbers(6)


def test_audit_round_trips_through_its_dict(toy_checks: str) -> None:
    audit = qproofs.verify(checks=toy_checks, profile="quick", seed=0)
    again = Audit.from_dict(audit.to_dict())
    assert again.to_dict() == audit.to_dict()


def test_malformed_audit_and_missing_checks_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="schema"):
        Audit.from_dict({"schema": "other"})
    with pytest.raises(ConfigError, match="malformed"):
        Audit.from_dict({"schema": "qproofs.audit/1", "run": {}})
    with pytest.raises(ConfigError, match="no such file"):
        discover(tmp_path / "absent")
    with pytest.raises(ConfigError, match="no checks modules"):
        discover(tmp_path)


def test_duplicate_ids_and_dangling_uses_rejected(tmp_path: Path) -> None:
    decl = ('from qproofs.claims import Claim, Evidence\n'
            'C = Claim("dup.one", ref="r", section="1", title="t", statement="s", scope="exact"{})\n'
            '@C.check("symbolic")\ndef holds(ctx):\n    return Evidence(passed=True)\n')
    (tmp_path / "a.py").write_text(decl.format(""))
    (tmp_path / "b.py").write_text(decl.format(""))
    with pytest.raises(ConfigError, match="registered twice"):
        discover(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "c.py").write_text(decl.format(', uses=("dup.none",)'))
    with pytest.raises(ConfigError, match="not registered"):
        discover(other)


def test_verify_rejects_bad_profile_and_seed(toy_checks: str) -> None:
    with pytest.raises(ValueError, match="profile"):
        qproofs.verify(checks=toy_checks, profile="fast")
    with pytest.raises(ValueError, match="seed"):
        qproofs.verify(checks=toy_checks, seed=-3)


def test_trust_rests_on_the_independent_checker() -> None:
    """A passing check with a certificate the checker accepts is `rechecked`; a tampered one is undecided."""
    from fractions import Fraction

    from qproofs.claims import Claim, Evidence
    from qproofs.runner import run_claim
    from qproofs.sdp.variance import certify_max_variance

    doc = certify_max_variance([Fraction(1), Fraction(1)], claimed=Fraction(1)).certificate.certificate_document(
        "demo.trust", "bound")
    bad = {**doc, "statement": {**doc["statement"], "bound": "1/2"}}
    c = Claim("demo.trust", ref="r", section="1", title="t", statement="s", scope="exact")

    @c.check("sdp")
    def bound(ctx):  # type: ignore[no-untyped-def]
        return Evidence(passed=True, tolerance="exact", certificate=ctx.params.get("doc", doc))

    @c.check("symbolic")
    def plain(ctx):  # type: ignore[no-untyped-def]
        return Evidence(passed=True, tolerance="exact")

    @c.check("simulation")
    def sampled(ctx):  # type: ignore[no-untyped-def]
        return Evidence(passed=True, tolerance=1e-9)

    assert [k.trust for k in run_claim(c).checks] == ["rechecked", "exact", "float"]
    doc = bad
    tampered = run_claim(c).checks[0]
    assert tampered.passed is None and "rejected by the independent checker" in tampered.detail
