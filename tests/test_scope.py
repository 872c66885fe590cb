"""Every verdict exactly as strong as it says (issue 10, "Scope of a verdict", "Repairs and errata").

Over the committed ``reports/audit.json`` (whatever it holds; claims of an audit written before
issue 10 carry no scope/repair fields and are skipped, saying so) and over discovery of
``checks/``: a ``verified`` claim with scope ``narrowed`` must spell out the checked form in its
statement, and every ``gap``/``refuted`` claim must name a checked repair (a claim with
``repair_of`` = its id, present in the audit with its verdict) or a non-empty ``no_repair``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from qproofs.claims import CheckResult, ClaimResult, Verdict
from qproofs.report.errata import REPAIR_FIELDS, missing_repairs, narrowed_unspelled
from qproofs.runner import discover

AUDIT = Path(__file__).resolve().parents[1] / "reports" / "audit.json"


def _committed_claims() -> list[Mapping[str, Any]]:
    if not AUDIT.is_file():
        return []
    return list(json.loads(AUDIT.read_text(encoding="utf-8")).get("claims", []))


COMMITTED = _committed_claims()
BROKEN = [c for c in COMMITTED if c.get("verdict") in ("gap", "refuted")]


def _result(doc: Mapping[str, Any]) -> ClaimResult:
    missing = [f for f in REPAIR_FIELDS if f not in doc]
    if missing:
        pytest.skip(f"{AUDIT.name}: claim {doc['id']} predates issue 10 (no {'/'.join(missing)}); "
                    "regenerate the audit to hold it to this rule")
    return ClaimResult.from_dict(doc)


@pytest.mark.skipif(not COMMITTED, reason=f"no committed audit at {AUDIT}")
@pytest.mark.parametrize("doc", COMMITTED, ids=[c["id"] for c in COMMITTED])
def test_committed_narrowed_verdicts_spell_out_their_form(doc: Mapping[str, Any]) -> None:
    problem = narrowed_unspelled(_result(doc))
    assert problem is None, problem


@pytest.mark.skipif(not BROKEN, reason=f"no gap or refuted claim in {AUDIT}")
@pytest.mark.parametrize("doc", BROKEN, ids=[c["id"] for c in BROKEN])
def test_committed_gap_and_refuted_claims_name_a_repair(doc: Mapping[str, Any]) -> None:
    claim = _result(doc)
    others = [ClaimResult.from_dict(c) for c in COMMITTED if all(f in c for f in REPAIR_FIELDS)]
    problems = missing_repairs([claim, *(c for c in others if c.id != claim.id)])
    assert problems == [], problems  # a repair counts only if it was run: present in the audit, with a verdict


@pytest.fixture(scope="module")
def registry() -> Any:
    return discover()


def test_discovered_narrowed_claims_spell_out_their_form(registry: Any) -> None:
    narrowed = [c for c in registry.claims.values() if c.scope == "narrowed"]
    bad = [c.id for c in narrowed if not c.form.strip() or c.form not in c.statement]
    assert bad == [], f"narrowed claims whose statement does not contain their form: {bad}"


def test_discovered_repairs_name_broken_claims_by_existing_id(registry: Any) -> None:
    """Discovery already refuses an unknown ``repair_of``; a repair must also not be of itself."""
    for c in registry.claims.values():
        if c.repair_of is not None:
            assert c.repair_of in registry.claims and c.repair_of != c.id


# ------------------------------------------------------- negative controls ---


def _claim(**kw: Any) -> ClaimResult:
    base = ClaimResult(id="x.y", ref="Theorem 0", section="1", title="t", statement="holds for n ≥ 4",
                       verdict=Verdict.VERIFIED, checks=(CheckResult("c", "symbolic", True),), scope="narrowed",
                       form="for n ≥ 4")
    return replace(base, **kw)


def test_negative_control_narrowed_form_missing_from_statement_is_caught() -> None:
    assert narrowed_unspelled(_claim()) is None
    assert "does not contain its form" in (narrowed_unspelled(_claim(statement="holds")) or "")
    assert "declares no form" in (narrowed_unspelled(_claim(form=" ")) or "")
    assert narrowed_unspelled(_claim(scope="exact", form="")) is None


def test_negative_control_unrepaired_gap_is_caught() -> None:
    gap = _claim(verdict=Verdict.GAP, checks=(CheckResult("c", "symbolic", False, on_fail="gap"),),
                 scope="exact", form="")
    assert missing_repairs([gap]) == ["x.y is gap but no claim is repair_of it and its no_repair is empty"]
    assert missing_repairs([replace(gap, no_repair="none found: the constant is off")]) == []
    assert missing_repairs([gap, _claim(id="x.z", repair_of="x.y")]) == []
