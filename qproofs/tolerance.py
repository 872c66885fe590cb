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
    blahut_arimoto: float = 1e-9
    """Widest accepted Blahut–Arimoto bracket C_U − C_L on an exact channel, and the accepted gap (bits) between
    such a capacity and its closed form."""
    ba_inside_sampling: float = 100.0
    """How many times tighter than a sampling tolerance a Blahut–Arimoto bracket on a sampled channel is held."""
    capacity_sampling_c: float = 8.0
    """Sampled channel capacities: allowed gap c/√n bits for n symbols (plug-in mutual information, O(1/√n))."""
    breakeven_root: float = 1e-9
    """Break-even fidelity F*: root of a simulated capacity curve against the root of the formula (Brent)."""
    breakeven_sampled: float = 0.02
    """Break-even fidelity F* from sampled channels (linear interpolation of the crossing), in units of F."""


TOL = Tolerances()
