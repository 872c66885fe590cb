"""Lemma 3 (adaptive chaining), executed: T rounds of real vs ideal VGA readout.

Claim ``lemma3.chaining``. Round t: Eve, *adaptive on the public history*,
picks a probe strength s_t = STRATEGY(t, earlier broadcasts) from a menu and
applies the partial probe (controlled-R_y(s·π) onto her ancilla) to a fresh
GHZ copy; the nodes encode x^t, measure X and broadcast. Output of a round:
the cq-state Σ_b |b⟩⟨b| ⊗ R_b with R_b Eve's unnormalised ancilla state.

* real round:  R_b from the attacked copy |Ψ_s⟩;
* ideal round: the same channel on |GHZ⟩⟨GHZ| ⊗ ρ_E (Prop. 1's σ: exact GHZ on
  the honest register, Eve keeping her marginal), i.e. P_GHZ(b)·ρ_E.

ε_t = max over the strengths on the menu (and the inputs of that round) of the
single-round trace distance: closeness "against any adversary adaptive on the
public history". The T-round distance is computed exactly over all histories
(block-diagonal in the broadcast bits, Eve's rounds in tensor product), beside
Σ_t ε_t and the hybrids H_k (rounds ≤ k ideal, > k real; H_0 real, H_T ideal).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from qproofs.errors import require
from qproofs.protocols import attacks, vga


def round_blocks(n: int, strength: float, inputs: tuple[int, ...], ideal: bool) -> np.ndarray:
    """The 2^N blocks R_b (each K × K) of one round's cq output.

    Paper Lemma 3 (claim ``lemma3.chaining``): one round's cq output, 2^N blocks of Eve's K × K states.

    >>> round_blocks(2, 0.5, (0, 1), ideal=False).shape
    (4, 2, 2)
    """
    psi = vga.distribute(n, attacks.partial_probe(n, 0, strength))
    if ideal:
        p = vga.readout_distribution(vga.distribute(n, attacks.identity(n)), n, np.asarray(inputs))
        rho_e = vga.eve_state(psi)
        return p[:, None, None] * rho_e[None, :, :]
    out = vga.x_readout(vga.encode(psi, n, np.asarray(inputs)), n)  # row b: Eve's vector (up to conj)
    return np.einsum("bi,bj->bij", out, out.conj())


class _BlockCache:
    """Per-call memo of round blocks (per call, so patched protocol parts are never bypassed)."""

    def __init__(self) -> None:
        self.store: dict[tuple, np.ndarray] = {}

    def __call__(self, n: int, strength: float, inputs: tuple[int, ...], ideal: bool) -> np.ndarray:
        key = (n, strength, inputs, ideal)
        if key not in self.store:
            self.store[key] = round_blocks(n, strength, inputs, ideal)
        return self.store[key]


def round_distance(n: int, strength: float, inputs: tuple[int, ...], cache: _BlockCache | None = None) -> float:
    """Single-round real-vs-ideal trace distance ½‖⊕_b R_b − ⊕_b R'_b‖₁ for one strength and input vector.

    Paper Lemma 3 (claim ``lemma3.chaining``): ε_t of one round; zero without an attack.

    >>> round(round_distance(2, 0.0, (0, 0)), 6)
    0.0
    >>> 0 < round_distance(2, 1.0, (0, 0)) <= 1
    True
    """
    blocks = cache or _BlockCache()
    return vga.blocks_distance(blocks(n, strength, inputs, False), blocks(n, strength, inputs, True))


def adaptive_strategy(menu: Sequence[float]) -> Callable[[int, tuple[int, ...]], float]:
    """Eve's rule: round 1 the weakest probe; afterwards the strongest iff the last broadcast had odd parity.

    >>> choose = adaptive_strategy([0.0, 0.5, 1.0])
    >>> choose(1, ()), choose(2, (0b01,)), choose(2, (0b11,))
    (0.0, 1.0, 0.0)
    """
    lo, hi = min(menu), max(menu)

    def choose(t: int, history: tuple[int, ...]) -> float:
        if not history:
            return lo
        return hi if bin(history[-1]).count("1") % 2 else lo

    return choose


def round_input(base: Sequence[int], t: int, history: tuple[int, ...], n: int) -> tuple[int, ...]:
    """Inputs of round t, driven by the public history (last broadcast parity flips node 0's bit).

    >>> round_input([0, 1], 1, (), 2), round_input([0, 1], 2, (0b01,), 2)
    ((1, 1), (1, 1))
    """
    u = bin(history[-1]).count("1") % 2 if history else 0
    x = [int(v) % 2 for v in base]
    x[0] ^= u ^ (t % 2)
    return tuple(x)


def chain(n: int, rounds: int, menu: Sequence[float], base_inputs: Sequence[int],
          strategy: Callable[[int, tuple[int, ...]], float] | None = None,
          combine: Callable[[Sequence[float]], float] | None = None) -> dict:
    """Exact T-round real/ideal distance, Σε_t, ε_t and the hybrid distances d(H_{k−1}, H_k).

    ``combine`` chains the per-round ε_t into the reported ``bound`` (default
    :data:`COMBINE`, Lemma 3's Σ_t ε_t); the claim ``lemma3.chaining`` passes the one it declares.

    Paper Lemma 3 (claim ``lemma3.chaining``): the T-round distance is at most Σ_t ε_t.

    >>> out = chain(2, 2, [0.0, 0.5], [0, 1])
    >>> sorted(out), out["distance"] <= out["bound"] + 1e-12, len(out["eps"])
    (['bound', 'distance', 'eps', 'hybrid_steps'], True, 2)
    """
    require(isinstance(rounds, int | np.integer) and rounds >= 1, "T", "must be an integer >= 1", rounds)
    require(len(menu) >= 1 and all(0.0 <= s <= 1.0 for s in menu), "menu", "strengths must lie in [0, 1]",
            list(menu))
    strategy = strategy or adaptive_strategy(menu)
    blocks_of = _BlockCache()
    # ε_t: max over every strength on the menu and every input vector the history can produce
    eps = []
    for t in range(1, rounds + 1):
        inputs = {round_input(base_inputs, t, (h,), n) for h in range(2**n)} | {round_input(base_inputs, t, (), n)}
        eps.append(EPS_OVER_OPTIONS(round_distance(n, s, x, blocks_of) for s in menu for x in inputs))

    def experiment(ideal_upto: int) -> dict[tuple[int, ...], np.ndarray]:
        """Blocks of hybrid H_k: rounds t ≤ k ideal, t > k real; Eve's rounds tensored.

        Batched: histories whose round-t strength and inputs coincide share one round block set, so their
        states are extended by one einsum (R ⊗ B_b = kron, entry [(i,k),(j,l)] = R[i,j]·B_b[k,l]).
        """
        states: dict[tuple[int, ...], np.ndarray] = {(): np.ones((1, 1), dtype=complex)}
        for t in range(1, rounds + 1):
            groups: dict[tuple, list[tuple[int, ...]]] = {}
            for hist in states:
                key = (strategy(t, hist), round_input(base_inputs, t, hist, n))
                groups.setdefault(key, []).append(hist)
            nxt: dict[tuple[int, ...], np.ndarray] = {}
            for (s, x), hists in groups.items():
                blocks = blocks_of(n, s, x, t <= ideal_upto)
                keep = [b for b in range(2**n) if np.abs(blocks[b]).max() > 0]
                R = np.stack([states[h] for h in hists])
                k, K = R.shape[1], blocks.shape[1]
                out = np.einsum("hij,bkl->hbikjl", R, blocks[keep]).reshape(len(hists), len(keep), k * K, k * K)
                for a, h in enumerate(hists):
                    for c, b in enumerate(keep):
                        nxt[h + (b,)] = out[a, c]
            states = nxt
        return states

    hybrids = [experiment(k) for k in range(rounds + 1)]

    def dist(A: dict, B: dict) -> float:
        keys = sorted(set(A) | set(B))
        shape = next(iter(A.values())).shape
        zero = np.zeros(shape, dtype=complex)
        return vga.blocks_distance(np.stack([A.get(k, zero) for k in keys]), np.stack([B.get(k, zero) for k in keys]))

    total = dist(hybrids[0], hybrids[-1])
    steps = [dist(hybrids[k - 1], hybrids[k]) for k in range(1, rounds + 1)]
    return {"distance": total, "eps": eps, "bound": float((COMBINE if combine is None else combine)(eps)), "hybrid_steps": steps}


def sum_bound(eps: Sequence[float]) -> float:
    """Σ_t ε_t: Lemma 3's chained bound.

    Paper Lemma 3: ε ≤ Σ_t ε_t.

    >>> sum_bound([0.125, 0.25])
    0.375
    """
    return float(sum(eps))


COMBINE = sum_bound
"""How per-round distances chain (patch point: a mutant claims max instead of sum)."""

EPS_OVER_OPTIONS = max
"""ε_t is the worst case over Eve's options in round t (patch point: a mutant takes the best case)."""
