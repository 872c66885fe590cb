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
    fit_margin: float = 0.1
    """Equivalence margin of a fitted asymptotic exponent: finite sizes may move it this far (see judge.exponent)."""
    fit_alpha: float = 5e-5
    """False-alarm probability of one fit's rejection; twenty fits stay within the run's 10⁻³ budget."""
    rounding: float = 1e-12
    """Float rounding of quantities exact up to summation order (an inner product of ±1/√n vectors against
    1 − 2Δ/n, a Born probability against qutip's projector, a margin ±τ compared in floats)."""
    closed_form_ulps: float = 1e-15
    """One closed form evaluated twice in floats (sympy ``subs`` against the protocol's function, §5 Theorem 4.2)."""
    relative_round_trip: float = 1e-6
    """Relative error of a float round trip through a closed form (e.g. n = 4/τ² with τ = 2/√n, §5 Theorem 4.2)."""
    variance_floor: float = 1e-4
    """Floor on p(1 − p) in the standard error of a sampled rate whose exact value is near 0 or 1
    (``thm4.classical-upper``: the explicit sketch against the two-dimensional law)."""
    fit_numeric: float = 1e-6
    """Numerical tolerance on a fitted exponent (optimiser / rounding precision only): at the standard and deep
    profiles a Section 5 fit passes on its 95% bootstrap CI alone; constant overheads are part of the model."""
    rate_alpha: float = 1e-3
    """Significance of the one-sided binomial test 'error rate ≤ δ' (Section 5: fail only when clearly above)."""


TOL = Tolerances()
