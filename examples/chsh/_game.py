"""The CHSH game, small pure functions shared by the claims of this pack.

Referee sends bits x, y uniformly; players answer a, b; they win when
a ⊕ b = x·y. The CHSH value is S = Σ_{x,y} (−1)^{x·y} E[(−1)^{a⊕b} | x, y] = 8·P[win] − 4.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import numpy as np


def deterministic_value(a: tuple[int, int], b: tuple[int, int]) -> int:
    """S of the deterministic strategy a(x) = a[x], b(y) = b[y] (exact integer)."""
    return sum((-1) ** (x * y) * (-1) ** (a[x] ^ b[y]) for x, y in product((0, 1), repeat=2))


def classical_values() -> dict[tuple[tuple[int, int], tuple[int, int]], int]:
    """S for every one of the 16 deterministic strategies (shared randomness only mixes them)."""
    return {(a, b): deterministic_value(a, b) for a in product((0, 1), repeat=2) for b in product((0, 1), repeat=2)}


def observable(angle: float) -> np.ndarray:
    """cos(angle)·Z + sin(angle)·X: a ±1-valued qubit observable."""
    return np.array([[np.cos(angle), np.sin(angle)], [np.sin(angle), -np.cos(angle)]])


def quantum_value(alice: tuple[float, float], bob: tuple[float, float]) -> float:
    """S on |Φ+⟩ with Alice measuring observable(alice[x]) and Bob observable(bob[y]) (exact state vector)."""
    phi = np.array([1, 0, 0, 1]) / np.sqrt(2)
    return float(sum((-1) ** (x * y) * phi @ np.kron(observable(alice[x]), observable(bob[y])) @ phi
                     for x, y in product((0, 1), repeat=2)))


def outcome_distribution(alice: float, bob: float) -> np.ndarray:
    """Born probabilities of (a, b) ∈ {00, 01, 10, 11} on |Φ+⟩ for one pair of observables."""
    phi = np.array([1, 0, 0, 1]) / np.sqrt(2)
    pa = [(np.eye(2) + s * observable(alice)) / 2 for s in (1, -1)]
    pb = [(np.eye(2) + s * observable(bob)) / 2 for s in (1, -1)]
    probs = np.clip([phi @ np.kron(pa[i], pb[j]) @ phi for i in (0, 1) for j in (0, 1)], 0.0, None)
    return probs / probs.sum()


def play(alice: tuple[float, float], bob: tuple[float, float], rounds: int, rng: np.random.Generator) -> int:
    """Play ``rounds`` rounds: random questions, answers sampled from the Born rule; the number of wins."""
    questions = rng.integers(0, 2, size=(rounds, 2))
    wins = 0
    for x, y in product((0, 1), repeat=2):
        asked = int(np.sum((questions[:, 0] == x) & (questions[:, 1] == y)))
        answers = rng.choice(4, size=asked, p=outcome_distribution(alice[x], bob[y]))
        wins += int(np.sum(((answers >> 1) ^ (answers & 1)) == x * y))
    return wins


def npa_level1() -> tuple[list[list[Fraction]], list[tuple[list[list[Fraction]], Fraction]]]:
    """The level-1 NPA relaxation of max S as (objective C, [(A_i, b_i)]): Γ over (1, A0, A1, B0, B1), Γ_ii = 1."""
    n = 5
    C = [[Fraction(0)] * n for _ in range(n)]
    for (i, j), s in {(1, 3): 1, (1, 4): 1, (2, 3): 1, (2, 4): -1}.items():
        C[i][j] = C[j][i] = Fraction(s, 2)
    constraints = []
    for i in range(n):
        A = [[Fraction(0)] * n for _ in range(n)]
        A[i][i] = Fraction(1)
        constraints.append((A, Fraction(1)))
    return C, constraints
