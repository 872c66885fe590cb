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
    float_identity: float = 1e-12
    """Two float evaluations of one closed form a few roundings apart (e.g. a protocol's bound against the
    exact symbolic value on one small instance; the two-amplitude against the full GHZ outcome law)."""
    fisher_fd: float = 1e-5
    """Relative error of a classical Fisher information from central differences (step 10⁻⁶/W), §3.3 Remark 2."""
    sdp_fidelity: float = 1e-4
    """Shortfall from fidelity 1 of a numeric SDP optimiser with the predicted optimal state (§3.3 Theorem 1)."""
    binomial_alpha: float = 6.3e-5
    """Executed rates vs exact probabilities: two-sided level of the exact (Clopper–Pearson) interval (≈ 4σ)."""
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
    rounding: float = 1e-12
    """Float rounding of quantities exact up to summation order (entropies of rational tables, closed
    forms evaluated in floats, e.g. the Fano slack of ``thm2.classical-leakage``; an inner product of ±1/√n
    vectors against 1 − 2Δ/n, a Born probability against qutip's projector, a margin ±τ compared in floats);
    also the floor below which a distance or variance counts as zero when dividing by it."""
    variance_z: float = 5.0
    """Monte-Carlo variance estimates: allowed deviation in standard errors (``sec44.gaussian-mi``'s
    pooled distributed-DP noise)."""
    variance_floor: float = 1e-4
    """Floor on p(1 − p) in the standard error of a sampled rate whose exact value is near 0 or 1
    (``vga.noise-threshold``'s honest acceptance; ``thm4.classical-upper``'s explicit sketch)."""
    closed_form_ulps: float = 1e-15
    """One closed form evaluated twice in floats (sympy ``subs`` against the protocol's function, §5 Theorem 4.2)."""
    relative_round_trip: float = 1e-6
    """Relative error of a float round trip through a closed form (e.g. n = 4/τ² with τ = 2/√n, §5 Theorem 4.2)."""
    fit_numeric: float = 1e-6
    """Numerical tolerance on a fitted exponent (optimiser / rounding precision only): at the standard and deep
    profiles a Section 5 fit passes on its 95% bootstrap CI alone; constant overheads are part of the model."""
    rate_alpha: float = 1e-3
    """Significance of the one-sided binomial test 'error rate ≤ δ' (Section 5: fail only when clearly above)."""


TOL = Tolerances()
