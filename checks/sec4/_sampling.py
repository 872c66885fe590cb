"""Shared sweeps of ``vga.sampling`` and its repair ``vga.sampling-mean-deficit`` (not a claim module).

Per-copy attack classes (r, D) computed from the attacked state with Eve's environment
(:mod:`qproofs.protocols.attacks`, :mod:`qproofs.protocols.vga`, exact stabiliser test).
"""

from __future__ import annotations

from typing import Any

from qproofs.protocols import attacks, stabilizer, vga

VACUOUS_EPSILON = 0.5
"""A mean-deficit bound ε ≥ 1/2 certifies a mean GHZ fidelity ≤ 1/2 only, which every biseparable state
reaches (GHZ fidelity > 1/2 is the witness of genuine N-partite entanglement): such rows certify nothing."""


def copy_class(n: int, kraus: list[Any]) -> tuple[float, float]:
    """(r, D) of one attacked copy: exact rejection of the stabiliser test and GHZ infidelity."""
    psi = vga.distribute(n, kraus)
    return stabilizer.rejection_probability(vga.register_state(psi), n), 1 - vga.ghz_fidelity(psi, n)


def attack_families(n: int, strengths: tuple[float, ...]) -> dict[str, list[tuple[str, float, float]]]:
    """Concrete attacks of the catalogue, by family: (label, r, D) per copy."""
    fams: dict[str, list[tuple[str, float, float]]] = {"partial-probe": [], "partial-swap": []}
    for t in strengths:
        fams["partial-probe"].append((f"t={t}", *copy_class(n, attacks.partial_probe(n, 0, t))))
        fams["partial-swap"].append((f"t={t}", *copy_class(n, attacks.partial_swap(n, 0, t))))
    fams["intercept-resend"] = [(b, *copy_class(n, attacks.intercept_resend(n, 0, b))) for b in ("X", "Z")]
    fams["cnot-copy-all"] = [("all", *copy_class(n, attacks.cnot_copy(n, tuple(range(n)))))]
    return fams


def tampered_counts(m: int) -> list[int]:
    """How many of the 2m copies an attack tampers with: a few, fractions, all."""
    return sorted({1, 2, 3, 5, 8, max(1, m // 10), m // 4, m // 2, 3 * m // 4, m, 5 * m // 4, 3 * m // 2,
                   7 * m // 4, 2 * m})


def classes_for(bad: int, m: int, r: float, D: float, r2: float = 0.0, D2: float = 0.0) -> list[tuple[int, float, float]]:
    """``bad`` copies attacked with (r, D), the rest with (r2, D2) (untouched by default)."""
    return [(bad, r, D)] if bad == 2 * m else [(bad, r, D), (2 * m - bad, r2, D2)]
