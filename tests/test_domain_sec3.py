"""Every input-domain table of §3 and §3.3 (checks/sec3/_domain.py, checks/sec3_3/_domain.py), so pytest also
sees a loosened guard (issue 11); the audit runs the same edges in the claims' ``input_domain`` checks."""

from __future__ import annotations

import re

import pytest

from checks.sec3 import _domain as sec3
from checks.sec3_3 import _domain as sec3_3
from qproofs.domain import probe

TABLES = [(f"sec3.{k}", v) for k, v in sec3.EDGES.items()] + [(f"sec3_3.{k}", v) for k, v in sec3_3.EDGES.items()]


@pytest.mark.parametrize(("table", "edges"), TABLES, ids=[t for t, _ in TABLES])
def test_every_edge_refused_outside_and_accepted_at_the_boundary(table: str, edges: list) -> None:
    bad = [r for r in (probe(e) for e in edges) if not r["ok"]]
    assert not bad, bad


@pytest.mark.parametrize(("table", "edges"), TABLES, ids=[t for t, _ in TABLES])
def test_strict_rules_probe_beyond_the_bound(table: str, edges: list) -> None:
    """A strict rule's edge probes its bound itself; its beyond value catches ``<`` → ``!=`` (qproofs.domain)."""
    assert [e.name for e in edges if re.search(r"[<>]", e.name) and e.beyond is None] == []
