"""Every input-guard table of Section 5 (``checks/sec5/_domain.py``) at its boundaries (issue 11).

The audit runs the same tables in the ``input_domain`` checks of ``thm4.quantum-upper``, ``thm4.classical-upper``
and ``thm5.quantum-upper``; this test keeps a loosened guard visible to ``pytest`` (one place per edge: the
former one-off ``test_bad_*`` unit tests of these modules were folded into the tables).
"""

from __future__ import annotations

import re

import pytest

from checks.sec5 import _domain
from qproofs.domain import probe

TABLES = {"gapip": _domain.GAPIP_EDGES, "tieaudit": _domain.TIEAUDIT_EDGES, "loglog": _domain.LOGLOG_EDGES}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_edge_refused_outside_and_accepted_at_boundary(table):
    misses = [row for row in (probe(e) for e in TABLES[table]) if not row["ok"]]
    assert not misses, misses[:3]


def test_tables_name_distinct_rules():
    for table in TABLES.values():
        names = [e.name for e in table]
        assert len(names) == len(set(names))


@pytest.mark.parametrize("table", sorted(TABLES))
def test_strict_rules_probe_beyond_the_bound(table):
    """An edge whose rule is a strict inequality probes its bound itself: a value beyond must be refused too,
    or ``<`` → ``!=`` passes (round-4 survivors ``0 != float(eps) <= 0.5``, ``0 != delta < 1``)."""
    assert [e.name for e in TABLES[table] if re.search(r"[<>]", e.name) and e.beyond is None] == []
