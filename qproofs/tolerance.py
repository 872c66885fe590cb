"""Tolerances in one place (style: QuTiP's ``CoreOptions``).

Every floating-point check passes its tolerance explicitly and records it, so
the report prints the tolerance beside each result. Symbolic checks record
``EXACT``.
"""

from __future__ import annotations

from dataclasses import dataclass

EXACT = "exact"


@dataclass(frozen=True)
class Tolerances:
    """Default absolute tolerances by kind of computation."""

    dense: float = 1e-9
    """Dense linear algebra on state vectors / density matrices (eigvalsh-based)."""
    sdp: float = 1e-6
    """SDP solutions before an exact certificate is checked."""
    sampling_z: float = 4.0
    """Monte-Carlo checks: allowed deviation in standard errors (two-sided)."""
    entropy_counts: float = 1e-12
    """Shannon entropies from exact integer counts against closed-form bounds (only the logarithms round)."""
    entropy_bound: float = 1e-9
    """Counted traffic (bits, qubits) against entropy bounds d·H: ratios of exact counts to float entropies."""


TOL = Tolerances()
