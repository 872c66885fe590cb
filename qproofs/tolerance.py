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
    binomial_alpha: float = 6.3e-5
    """Executed rates vs exact probabilities: two-sided level of the exact (Clopper–Pearson) interval (≈ 4σ)."""


TOL = Tolerances()
