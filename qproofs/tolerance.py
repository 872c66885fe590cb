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
    rounding: float = 1e-12
    """Float rounding of quantities exact up to summation order (entropies of rational tables, closed
    forms evaluated in floats, e.g. the Fano slack of ``thm2.classical-leakage``); also the floor below
    which a distance or variance counts as zero when dividing by it."""
    variance_z: float = 5.0
    """Monte-Carlo variance estimates: allowed deviation in standard errors (``sec44.gaussian-mi``'s
    pooled distributed-DP noise)."""
    variance_floor: float = 1e-4
    """Floor on p(1 − p) in the standard error of a sampled rate whose exact value is near 0 or 1
    (``vga.noise-threshold``'s honest acceptance)."""


TOL = Tolerances()
