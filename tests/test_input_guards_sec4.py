"""Input guards of the Section 4 protocols: every EDGES table of ``checks/sec4/_domain.py`` (issue 11).

The rows live in one place, the tables the audit's ``input_domain`` checks run; this test runs every table
(including ``COMPOSABLE_EDGES``, which no verified claim runs) so ``pytest`` also sees a loosened guard.
"""

from __future__ import annotations

import re

import pytest

from checks.sec4 import _domain
from qproofs.domain import Edge, probe

EDGES = [(table, e) for table, edges in _domain.ALL_TABLES.items() for e in edges]


@pytest.mark.parametrize(("table", "edge"), EDGES, ids=[f"{t}:{e.name}" for t, e in EDGES])
def test_edge_refused_outside_and_accepted_at_the_boundary(table: str, edge: Edge) -> None:
    row = probe(edge)
    assert row["ok"], row


def test_strict_rules_probe_beyond_the_bound() -> None:
    """A strict rule's edge probes its bound itself; its beyond value catches ``<`` → ``!=`` (qproofs.domain)."""
    assert [f"{t}:{e.name}" for t, e in EDGES if re.search(r"[<>]", e.name) and e.beyond is None] == []


def test_every_table_is_run_by_a_claim_or_listed() -> None:
    """Each table but COMPOSABLE_EDGES (its claim is refuted) is run by some claim's input_domain check."""
    import inspect

    from checks.sec4 import (
        lemma1_simulatable,
        lemma2_ideal_leakage_zero,
        lemma3_chaining,
        prop1_monotone,
        sec44_gaussian_mi,
        thm2_classical_leakage,
        thm3_multiround,
        vga_eve_attacks,
        vga_noise_threshold,
        vga_sampling_mean_deficit,
        vga_stabilizer_detection,
    )
    mods = [lemma1_simulatable, lemma2_ideal_leakage_zero, lemma3_chaining, prop1_monotone, sec44_gaussian_mi,
            thm2_classical_leakage, thm3_multiround, vga_eve_attacks, vga_noise_threshold, vga_stabilizer_detection,
            vga_sampling_mean_deficit]
    src = "".join(inspect.getsource(m.input_domain) for m in mods)
    assert {t for t in _domain.ALL_TABLES if f"_domain.{t}" in src} == set(_domain.ALL_TABLES) - {"COMPOSABLE_EDGES"}
