"""Composed Verified GHZ Aggregation over d coordinates and T rounds: real vs ideal (claim ``vga.composable``).

Paper: Abstract; Section 2.3 ("composing this additively across coordinates and
rounds (Lemma 3) yields, for any ε, composable ε-secure aggregation at
sufficiently many verified GHZ copies, at a 2× overhead"); Section 4.1
(Definition 4); Section 4.3 (Lemma 2, Proposition 1, the Bouman–Fehr sampling
step); Section 4.4 (Lemma 3).

The protocol, as the paper describes it (one batch per round):

1. *Distribution*: the source sends 2m copies of |GHZ_N⟩; Eve applies a CPTP
   map to each copy in transit and keeps its Stinespring environment
   (``vga.distribute``).
2. *Verification*: a uniformly random half (m copies) is tested with a random
   non-identity stabiliser; abort unless every test passes (``vga.test_copy``).
3. *Encoding*: "surviving copies" are all encoded — the paper's factor-2
   overhead ("twice as many GHZ copies as the unverified phase encoding
   protocol"): the m = ν·d untested copies of round t carry coordinate k on ν
   copies each (ν = 1: one copy per coordinate per round, Definition 1's exact
   parity readout for bit inputs).
4. *Readout*: every node measures X and broadcasts its bit; the aggregate of a
   coordinate is the parity (``vga.x_readout``).

Real vs ideal (Definition 4). For inputs x and x' with the same sums in every
coordinate and round, every simulator — it talks to the ideal functionality,
which hands out only the sums — produces the same ideal state, so by the
triangle inequality any simulator is at distance ≥ ½·D(real_x, real_x') from
one of them: ``½·pair distance`` is a lower bound over ALL simulators. For
attacks on node 0's qubit the real state depends on the inputs only through
(sums, x_0) (Lemma 1 on the untouched qubits), so the simulator that draws x_0
uniformly and runs the real protocol on inputs with the given sums attains it:
the bound is then the exact minimum over simulators.

Independent copies (every attack here is a product over copies): the trace
distance is block-diagonal in the public tested set and test records; abort
branches are input-independent, so

    D(real_x, real_x') = Σ_{S ⊆ attacked, tested} P(S) · Π_{c∈S}(1 − r_c) · D(⊗_{c∉S} ω_c(x), ⊗_{c∉S} ω_c(x'))

with ω_c(x) the cq-state (broadcast bits, Eve's environment) of an attacked
untested copy; unattacked untested copies give identical factors (Lemma 1).
``brute_force_pair_distance`` recomputes it from the full state vector of all
2m copies, enumerating every tested set, stabiliser and outcome.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import reduce
from itertools import combinations, product
from math import comb, sqrt

import numpy as np

from qproofs.errors import require
from qproofs.protocols import attacks as attacks_mod
from qproofs.protocols import stabilizer, vga
from qproofs.quantum.measures import binary_entropy, shannon_entropy

Kraus = list[np.ndarray]

# ------------------------------------------------------------ public hooks ---

PER_USE_EPSILON: Callable[[int, float], float] = vga.epsilon
"""ε(m, δ) certified per use (default: the toolkit's ``vga.epsilon``, claim ``vga.sampling``)."""

EVE_KEEPS_ENVIRONMENT = True
"""Eve's view includes her Stinespring environment (Definition 3: she keeps whatever she held back)."""

TESTED_PER_ENCODED = 1
"""Tested copies per encoded copy: the paper's random half (2m distributed, m tested, m encoded)."""


def choose_tested_uniform(total: int, tested: int, rng: np.random.Generator) -> tuple[int, ...]:
    """The tested copies: a uniformly random subset of size ``tested`` (Section 4.3's random half).

    Paper Section 4.3: a uniformly random half of the 2m copies is tested.

    >>> choose_tested_uniform(6, 3, np.random.default_rng(0))
    (3, 4, 5)
    """
    return tuple(sorted(int(i) for i in rng.choice(total, size=tested, replace=False)))


CHOOSE_TESTED: Callable[[int, int, np.random.Generator], tuple[int, ...]] = choose_tested_uniform
"""How the executed protocol draws the tested copies (public seam)."""


# ------------------------------------------------------------- single copy ---


def worst_pair(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The worst input pair x = (0, 1, 0, …), x' = (1, 0, 0, …): equal sums, node 0's bit differs (on every use).

    >>> x, x2 = worst_pair(3)
    >>> x.tolist(), x2.tolist()
    ([0, 1, 0], [1, 0, 0])
    """
    require(isinstance(n, int | np.integer) and n >= 2, "N", "must be an integer >= 2", n)
    x = np.zeros(n, dtype=np.int64)
    x2 = np.zeros(n, dtype=np.int64)
    x[1], x2[0] = 1, 1
    return x, x2


def use_blocks(psi: np.ndarray, n: int, inputs: np.ndarray, keep_environment: bool | None = None) -> np.ndarray:
    """ω(x) of one encoded copy: blocks R_b (Eve's unnormalised state given broadcast b), 2^N × K × K.

    With ``keep_environment`` False (default: ``EVE_KEEPS_ENVIRONMENT``), Eve's system is traced out
    (1 × 1 blocks = P(b)).

    >>> from qproofs.protocols import attacks
    >>> psi = vga.distribute(2, attacks.identity(2))
    >>> use_blocks(psi, 2, np.array([0, 1])).shape
    (4, 1, 1)
    """
    blocks = vga.output_blocks(psi, n, np.asarray(inputs))
    if not (EVE_KEEPS_ENVIRONMENT if keep_environment is None else keep_environment):
        return np.trace(blocks, axis1=1, axis2=2).real[:, None, None].astype(complex)
    return blocks


def rejection(psi: np.ndarray, n: int) -> float:
    """Exact P_reject of the random stabiliser test on one attacked copy.

    Paper Section 4.3: exact GHZ passes; a Z-basis intercept-resend is caught w.p. (1 − F)·2^{N−1}/(2^N − 1) = 1/3.

    >>> from qproofs.protocols import attacks
    >>> round(rejection(vga.distribute(2, attacks.identity(2)), 2), 6) + 0.0
    0.0
    >>> round(rejection(vga.distribute(2, attacks.intercept_resend(2, 0, "Z")), 2), 6)
    0.333333
    """
    return stabilizer.rejection_probability(vga.register_state(psi), n)


def tensor_blocks(blocks: Sequence[np.ndarray]) -> np.ndarray:
    """Blocks of ⊗_c ω_c: one block per tuple of broadcasts, Kronecker product of the parts.

    >>> a = np.ones((2, 1, 1), dtype=complex)
    >>> tensor_blocks([a, np.eye(2, dtype=complex)[None]]).shape
    (2, 2, 2)
    """
    out = np.ones((1, 1, 1), dtype=complex)
    for b in blocks:
        out = np.einsum("aij,bkl->abikjl", out, b).reshape(out.shape[0] * b.shape[0],
                                                             out.shape[1] * b.shape[1], out.shape[2] * b.shape[2])
    return out


def pair_distance(n: int, m: int, attacked: Mapping[int, Kraus]) -> dict[str, float]:
    """Exact D(real_x, real_x') for one batch of 2m copies, a few attacked copies, the worst pair on every use.

    ``attacked``: copy index → Kraus list (the other copies reach the nodes
    untouched). Returns ``distance``, ``p_accept`` and ``p_attacked_untested``.

    Paper Definition 4 and Proposition 1 (claim ``vga.composable``): no attack, no distance.

    >>> out = pair_distance(2, 1, {0: attacks_mod.identity(2)})
    >>> round(out["distance"], 6) + 0.0, round(out["p_accept"], 6)
    (0.0, 1.0)
    """
    require(isinstance(m, int | np.integer) and m >= 1, "m", "must be an integer >= 1", m)
    total = 2 * m
    require(all(0 <= c < total for c in attacked), "attacked", f"copy indices must lie in 0..{total - 1}",
            sorted(attacked))
    require(len(attacked) <= 4, "attacked", "at most 4 attacked copies (the tensor product grows as (2^N·K)^a)",
            len(attacked))
    x, x2 = worst_pair(n)
    a = len(attacked)
    psis = {c: vga.distribute(n, ks) for c, ks in attacked.items()}
    rej = {c: rejection(p, n) for c, p in psis.items()}
    dist = p_acc = p_untested = 0.0
    for size in range(a + 1):
        weight = float(subset_weight(m, a, size))  # one specific set of `size` attacked copies tested
        if weight == 0:   # size > m, or more untested attacked copies than untested slots: cannot occur
            continue
        for tested in combinations(sorted(attacked), size):
            acc = float(np.prod([1 - rej[c] for c in tested]))
            untested = [c for c in sorted(attacked) if c not in tested]
            p_acc += weight * acc
            p_untested += weight * len(untested) / max(a, 1)
            if untested and acc > 0:
                A = tensor_blocks([use_blocks(psis[c], n, x) for c in untested])
                B = tensor_blocks([use_blocks(psis[c], n, x2) for c in untested])
                dist += weight * acc * vga.blocks_distance(A, B)
    return {"distance": dist, "p_accept": p_acc, "p_attacked_untested": p_untested}


def subset_weight(m: int, a: int, size: int) -> Fraction:
    """P(exactly a given ``size`` of the ``a`` attacked copies are tested) when a uniform m of 2m are tested.

    C(2m − a, m − size)/C(2m, m), as an exact product so that m may be large:
    Π_{i<size} (m − i)/(2m − i) · Π_{j<a−size} (m − j)/(2m − size − j).

    C(2m − a, m − size)/C(2m, m): one attacked copy among 2m is untested with probability ½.

    >>> subset_weight(2, 1, 0), subset_weight(3, 2, 1)
    (Fraction(1, 2), Fraction(3, 10))
    """
    w = Fraction(1)
    for i in range(size):
        w *= Fraction(m - i, 2 * m - i)
    for j in range(a - size):
        w *= Fraction(m - j, 2 * m - size - j)
    return w


def single_copy_closed_form(n: int, kraus: Kraus) -> float:
    """Closed form of the real-vs-ideal advantage for one attacked copy, for every m: D_use / 4.

    The attacked copy is untested with probability exactly m/(2m) = ½; the other
    copies are exact GHZ, so every test passes; untested, it is encoded and its
    output differs between x and x' by D_use = D(ω(x), ω(x')). Advantage =
    ½·(½·D_use).

    >>> round(single_copy_closed_form(2, attacks_mod.identity(2)), 6) + 0.0
    0.0
    >>> 0 < single_copy_closed_form(2, attacks_mod.intercept_resend(2, 0, "X")) <= 0.25
    True
    """
    x, x2 = worst_pair(n)
    psi = vga.distribute(n, kraus)
    return vga.blocks_distance(use_blocks(psi, n, x), use_blocks(psi, n, x2)) / 4


def depends_only_on_sum_and_x0(n: int, kraus: Kraus) -> float:
    """Largest D(ω(x), ω(y)) over inputs with equal (Σx mod 2, x_0): 0 makes ½·pair distance the exact minimum.

    Paper Lemma 1 on the untouched qubits (claim ``vga.composable``).

    >>> round(depends_only_on_sum_and_x0(2, attacks_mod.intercept_resend(2, 0, "X")), 6) + 0.0
    0.0
    """
    psi = vga.distribute(n, kraus)
    by_key: dict[tuple[int, int], list[np.ndarray]] = {}
    for xs in product((0, 1), repeat=n):
        by_key.setdefault((sum(xs) % 2, xs[0]), []).append(use_blocks(psi, n, np.array(xs)))
    return max((vga.blocks_distance(bs[0], b) for bs in by_key.values() for b in bs[1:]), default=0.0)


# -------------------------------------------------------- i.i.d. attacks ---


def _psd_sqrt(a: np.ndarray) -> np.ndarray:
    w, v = np.linalg.eigh((a + a.conj().T) / 2)
    return (v * np.sqrt(np.clip(w, 0.0, None))) @ v.conj().T


def root_fidelity(A: np.ndarray, B: np.ndarray) -> float:
    """F(ρ, σ) = ‖√ρ√σ‖₁ of two block-diagonal cq-states (multiplicative under ⊗).

    Nielsen & Chuang §9.2.2 (F = tr√(√ρσ√ρ) = ‖√ρ√σ‖₁); identical states have F = 1.

    >>> A = np.array([np.diag([0.5, 0.0]), np.diag([0.0, 0.5])], dtype=complex)
    >>> round(root_fidelity(A, A), 6)
    1.0
    """
    return float(sum(np.linalg.svd(_psd_sqrt(a) @ _psd_sqrt(b), compute_uv=False).sum() for a, b in zip(A, B, strict=True)))


@dataclass(frozen=True)
class IIDUse:
    """One i.i.d. attack on every copy: rejection r, the per-use distance and root fidelity between x and x'."""

    r: float
    deficit: float
    d_use: float
    fidelity: float

    def advantage_bounds(self, m: int) -> tuple[float, float]:
        """(lower, upper) bounds on the exact min-over-simulators advantage with m copies, every one encoded.

        Advantage = ½(1 − r)^m·D(ω_x^{⊗m}, ω_x'^{⊗m}); Fuchs–van de Graaf with the
        multiplicative root fidelity: 1 − F^m ≤ D ≤ √(1 − F^{2m}).

        Fuchs & van de Graaf, IEEE Trans. Inf. Theory 45, 1216 (1999).

        >>> ks = attacks_mod.partial_swap(2, 0, 0.5)
        >>> lo, hi = iid_use(2, ks).advantage_bounds(2)
        >>> round(lo, 6), round(iid_exact_advantage(2, 2, ks), 6), round(hi, 6)
        (0.210937, 0.264766, 0.272319)
        """
        acc = (1 - self.r) ** m
        return 0.5 * acc * (1 - self.fidelity**m), 0.5 * acc * sqrt(max(0.0, 1 - self.fidelity ** (2 * m)))


def iid_use(n: int, kraus: Kraus) -> IIDUse:
    """Per-copy quantities of an i.i.d. attack (the same channel on every copy, Eve keeping each environment).

    >>> u = iid_use(2, attacks_mod.identity(2))
    >>> round(u.r, 6) + 0.0, round(u.d_use, 6) + 0.0, round(u.fidelity, 6)
    (0.0, 0.0, 1.0)
    """
    x, x2 = worst_pair(n)
    psi = vga.distribute(n, kraus)
    A, B = use_blocks(psi, n, x), use_blocks(psi, n, x2)
    return IIDUse(rejection(psi, n), 1 - vga.ghz_fidelity(psi, n), vga.blocks_distance(A, B), root_fidelity(A, B))


def iid_exact_advantage(n: int, m: int, kraus: Kraus) -> float:
    """Exact ½(1 − r)^m·D(ω_x^{⊗m}, ω_x'^{⊗m}) by tensor products (small m only).

    >>> round(iid_exact_advantage(2, 2, attacks_mod.identity(2)), 6) + 0.0
    0.0
    """
    require(isinstance(m, int | np.integer) and 1 <= m <= 4, "m", "must be 1..4 for the exact tensor product", m)
    x, x2 = worst_pair(n)
    psi = vga.distribute(n, kraus)
    A, B = use_blocks(psi, n, x), use_blocks(psi, n, x2)
    r = rejection(psi, n)
    return 0.5 * (1 - r) ** m * vga.blocks_distance(tensor_blocks([A] * m), tensor_blocks([B] * m))


# ------------------------------------------------------------- composition ---


def composed_epsilon(m: int, delta: float, uses: int = 1, fvdg: bool = False) -> float:
    """The paper's composition: Σ over d·T uses of (ε(m, δ) + δ) (Prop. 1 per coordinate, Lemma 3 across rounds).

    ε(m, δ) is ``PER_USE_EPSILON`` (the sampling certificate); δ its failure
    probability. With ``fvdg`` the certified mean infidelity is first turned into a
    trace distance, √ε (Fuchs–van de Graaf) — the more generous reading.

    Paper Section 2.3 and Lemma 3: ε adds up over the d·T uses.

    >>> e1 = composed_epsilon(100, 0.01)
    >>> round(composed_epsilon(100, 0.01, uses=3) / e1, 6)
    3.0
    """
    require(isinstance(uses, int | np.integer) and uses >= 1, "uses", "must be an integer >= 1", uses)
    e = float(PER_USE_EPSILON(m, delta))
    if fvdg:
        e = sqrt(min(1.0, e))
    return uses * (e + delta)


def afw_leakage_bound(eps: float) -> float:
    """Largest I(X_0 ; view | sums) (bits, binary X_0) of a protocol ε-close to one that leaks nothing.

    Alicki–Fannes–Winter: |H(X|B)_ρ − H(X|B)_σ| ≤ ε·log|X| + (1 + ε)·h(ε/(1 + ε)).

    Alicki & Fannes, J. Phys. A 37, L55 (2004); Winter, Commun. Math. Phys. 347, 291 (2016), Lemma 2.

    >>> afw_leakage_bound(0.0), round(afw_leakage_bound(0.01), 6), afw_leakage_bound(1.0)
    (0.0, 0.090937, 1.0)
    """
    if eps >= 1:
        return 1.0
    return min(1.0, eps + (1 + eps) * binary_entropy(eps / (1 + eps)))


def conditional_leakage(psi: np.ndarray, n: int, node: int = 0) -> float:
    """I(X_node ; B E | Σx mod 2) in bits for one encoded copy, inputs uniform bits (cq entropies, exact).

    Exact GHZ copies leak nothing beyond the sum (paper Lemma 1); intercept-resend of node 0's qubit in X leaks x_0 entirely.

    >>> round(conditional_leakage(vga.distribute(2, attacks_mod.identity(2)), 2), 6)
    0.0
    >>> round(conditional_leakage(vga.distribute(2, attacks_mod.intercept_resend(2, 0, "X")), 2), 6)
    1.0
    """

    def block_entropy(blocks: np.ndarray) -> float:
        ev = np.linalg.eigvalsh((blocks + np.conj(np.swapaxes(blocks, -1, -2))) / 2).reshape(-1)
        return shannon_entropy(np.clip(ev, 0.0, None))

    cond: dict[tuple[int, int], np.ndarray] = {}
    for xs in product((0, 1), repeat=n):
        key = (xs[node], sum(xs) % 2)
        b = use_blocks(psi, n, np.array(xs)) / 2**n
        cond[key] = cond[key] + b if key in cond else b
    # chain rule on the joint cq state (no conditional normalisation: every term carries its own weight)
    # I(X ; BE | S) = H(X S) + H(S BE) − H(S) − H(X S BE)
    p_xs = [float(np.real(np.trace(b, axis1=1, axis2=2).sum())) for b in cond.values()]
    p_s = [sum(float(np.real(np.trace(cond[(v, s)], axis1=1, axis2=2).sum())) for v in (0, 1)) for s in (0, 1)]
    h_xsbe = block_entropy(np.concatenate(list(cond.values())))
    h_sbe = block_entropy(np.concatenate([cond[(0, s)] + cond[(1, s)] for s in (0, 1)]))
    total = shannon_entropy(np.array(p_xs)) + h_sbe - shannon_entropy(np.array(p_s)) - h_xsbe
    return max(0.0, float(total))


def single_copy_information(n: int, m: int, kraus: Kraus) -> float:
    """I(X_0 ; Eve's view | all sums) for one attacked copy among 2m: P(untested) · (leakage of the encoded copy).

    Untested (probability C(2m−1, m)/C(2m, m) = ½) it is encoded and every test
    passes (the other copies are exact GHZ); tested, it carries no input, and the
    tests are input-independent.

    >>> round(single_copy_information(2, 3, attacks_mod.intercept_resend(2, 0, "X")), 6)
    0.5
    """
    return float(subset_weight(m, 1, 0)) * conditional_leakage(vga.distribute(n, kraus), n)


# ------------------------------------------------------------ brute force ---

_LOCAL = {"I": np.eye(2, dtype=complex), "Z": np.eye(2, dtype=complex),
          "X": np.array([[1, 1], [1, -1]], dtype=complex) / np.sqrt(2)}
_LOCAL["Y"] = _LOCAL["X"] @ np.diag([1, -1j])


def brute_force_pair_distance(n: int, m: int, kraus_per_copy: Sequence[Kraus]) -> float:
    """D(real_x, real_x') from the full joint state of all 2m copies and Eve's environments (independent path).

    Enumerates every tested half, every stabiliser of every tested copy and every
    outcome; accepted branches keep the test bits, the readout bits and Eve's
    joint environment; aborted branches keep the test bits and Eve's environment
    (untested registers discarded). Small sizes only (N·2m ≤ 12).

    Independent recomputation of :func:`pair_distance` from the full joint state.

    >>> ks = [attacks_mod.intercept_resend(2, 0, "X"), attacks_mod.identity(2)]
    >>> d1 = brute_force_pair_distance(2, 1, ks)
    >>> d2 = pair_distance(2, 1, {0: ks[0]})["distance"]
    >>> abs(d1 - d2) < 1e-9
    True
    """
    total = 2 * m
    require(len(kraus_per_copy) == total, "kraus_per_copy", f"must give one attack per copy (2m = {total})",
            len(kraus_per_copy))
    require(n * total <= 12, "N·2m", "must be <= 12 for the brute-force state vector", n * total)
    x, x2 = worst_pair(n)
    vecs = [vga.distribute(n, ks) for ks in kraus_per_copy]  # 2^N × K_c each
    ks = [v.shape[1] for v in vecs]
    joint = reduce(lambda a, b: np.einsum("...,kl->...kl", a, b), vecs)  # axes (r0, e0, r1, e1, ...)
    joint = joint.transpose(list(range(0, 2 * total, 2)) + list(range(1, 2 * total, 2)))
    joint = joint.reshape([2**n] * total + [int(np.prod(ks))])
    stabs = stabilizer.non_identity_stabilizers(n)
    H = reduce(np.kron, [_LOCAL["X"]] * n)
    distance = 0.0
    n_subsets = comb(total, m)
    for tested in combinations(range(total), m):
        untested = [c for c in range(total) if c not in tested]
        for choice in product(range(len(stabs)), repeat=m):
            weight = 1.0 / (n_subsets * len(stabs) ** m)
            worlds = []
            for inputs in (x, x2):
                A = joint
                idle_masks = {}
                for c, s_idx in zip(tested, choice, strict=True):
                    bases = stabilizer.local_bases(stabs[s_idx])
                    U = reduce(np.kron, [_LOCAL[b] for b in bases])
                    A = np.moveaxis(np.tensordot(U, A, axes=([1], [c])), 0, c)
                    idle_masks[c] = [j for j, b in enumerate(bases) if b == "I"]
                phase = np.exp(1j * np.pi * (vga.bit_table(n) @ inputs))
                for c in untested:
                    A = np.moveaxis(np.tensordot(H @ np.diag(phase), A, axes=([1], [c])), 0, c)
                worlds.append(_branch_blocks(A, n, tested, untested, [stabs[i] for i in choice], idle_masks))
            keys = set(worlds[0]) | set(worlds[1])
            zero = np.zeros((joint.shape[-1],) * 2, dtype=complex)
            for k in keys:
                d = worlds[0].get(k, zero) - worlds[1].get(k, zero)
                distance += weight * 0.5 * float(np.abs(np.linalg.eigvalsh((d + d.conj().T) / 2)).sum())
    return distance


def _branch_blocks(A: np.ndarray, n: int, tested: Sequence[int], untested: Sequence[int], stabs: Sequence,
                   idle: Mapping[int, list[int]]) -> dict[tuple, np.ndarray]:
    """Eve's unnormalised block for every public record (test bits, then readout bits if accepted)."""
    out: dict[tuple, np.ndarray] = {}
    dims = A.shape[:-1]
    for regs in product(*(range(d) for d in dims)):
        v = A[regs]
        if not np.any(v):
            continue
        test_bits = []
        passed = True
        for c, S in zip(tested, stabs, strict=True):
            bits = [(regs[c] >> (n - 1 - j)) & 1 for j in range(n)]
            bits = [0 if j in idle[c] else b for j, b in enumerate(bits)]
            passed &= stabilizer.outcome_passes(S, bits)
            test_bits.append(tuple(bits))
        key: tuple = ("accept", tuple(test_bits), tuple(regs[c] for c in untested)) if passed else \
            ("abort", tuple(test_bits))
        blk = np.outer(v, v.conj())
        out[key] = out[key] + blk if key in out else blk
    return out


# --------------------------------------------------------------- executed ---


@dataclass
class ComposedRun:
    """One executed run of the composed protocol (T rounds, d coordinates, ν copies per coordinate)."""

    n: int
    d: int
    rounds: int
    nu: int
    accepted: bool
    outputs: tuple[tuple[int, ...], ...]
    """Per completed round, the aggregate (parity) of each coordinate."""
    eve_records: tuple[tuple[int, int, int, int, int | None], ...]
    """(round, copy, coordinate, broadcast index b, Eve's environment outcome k or None) per encoded copy."""
    counters: Counter = field(default_factory=Counter)


class _Memo:
    """Per-call memo of distributed copies and readout tables, keyed by the attack object (hooks read live)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.psi: dict[int, np.ndarray] = {}
        self.tests: dict = {}
        self.joints: dict[tuple[int, bytes], tuple[Kraus, np.ndarray]] = {}
        self.cdfs: dict[tuple[int, bytes], tuple[Kraus, np.ndarray]] = {}
        """Memo of :func:`vga.test_copy` (stabiliser list, outcome distribution per copy state and S)."""
        self.hadamard = reduce(np.kron, [_LOCAL["X"]] * n)

    def copy(self, kraus: Kraus) -> np.ndarray:
        key = id(kraus)
        if key not in self.psi:
            self.psi[key] = vga.distribute(self.n, kraus)
        return self.psi[key]

    def cdf(self, kraus: Kraus, inputs: np.ndarray) -> np.ndarray:
        """Cumulative sums of :meth:`joint`, flattened (for :func:`vga.draw`), computed once per pair."""
        key = (id(kraus), np.asarray(inputs).tobytes())
        held = self.cdfs.get(key)
        if held is None or held[0] is not kraus:
            p = self.joint(kraus, inputs).reshape(-1)
            held = self.cdfs[key] = (kraus, np.cumsum(p / p.sum()))
        return held[1]

    def joint(self, kraus: Kraus, inputs: np.ndarray) -> np.ndarray:
        """P(b, k): broadcast b and Eve's environment outcome k of an encoded copy (computed once per pair)."""
        key = (id(kraus), np.asarray(inputs).tobytes())
        held = self.joints.get(key)
        if held is None or held[0] is not kraus:  # the Kraus list is kept with its entry: its id is not reused
            held = self.joints[key] = (kraus, np.abs(self.hadamard @ vga.encode(self.copy(kraus), self.n, inputs)) ** 2)
        return held[1]


def run_composed(n: int, d: int, rounds: int, nu: int, attack_for: Callable[[int, int], Kraus],
                 inputs: np.ndarray, rng: np.random.Generator, memo: _Memo | None = None) -> ComposedRun:
    """Execute the composed protocol: per round distribute, test a random half, encode, read out, broadcast.

    ``attack_for(t, c)`` is Eve's Kraus list on copy c of round t; ``inputs`` has
    shape (T, d, N), bits. Eve measures her environment of each encoded copy in
    its computational basis (her measurement record); tested copies' records are
    input-independent and not kept. An abort ends the execution.

    Paper Sections 2.3 and 4.3 (claim ``vga.composable``), executed: without an attack every round is accepted and each coordinate's parity is the sum mod 2.

    >>> inputs = np.array([[[1, 0], [1, 1]]])
    >>> run = run_composed(2, 2, 1, 1, lambda t, c: attacks_mod.identity(2), inputs, np.random.default_rng(0))
    >>> run.accepted, run.outputs
    (True, ((1, 0),))
    """
    require(isinstance(d, int | np.integer) and d >= 1, "d", "must be an integer >= 1", d)
    require(isinstance(rounds, int | np.integer) and rounds >= 1, "T", "must be an integer >= 1", rounds)
    require(isinstance(nu, int | np.integer) and nu >= 1, "nu", "must be an integer >= 1", nu)
    x = np.asarray(inputs, dtype=np.int64)
    require(x.shape == (rounds, d, n), "inputs", f"must have shape (T, d, N) = {(rounds, d, n)}", x.shape)
    memo = memo or _Memo(n)
    counters: Counter = Counter()
    outputs: list[tuple[int, ...]] = []
    records: list[tuple[int, int, int, int, int | None]] = []
    m = nu * d
    total = m * (1 + TESTED_PER_ENCODED)
    for t in range(rounds):
        attacks_t = [attack_for(t, c) for c in range(total)]
        copies = [memo.copy(ks) for ks in attacks_t]
        counters["copies_distributed"] += total
        counters["qubits_sent"] += total * n
        tested = CHOOSE_TESTED(total, total - m, rng)
        outcomes = [vga.test_copy(copies[c], n, rng, counters, memo.tests) for c in tested]
        if not all(o.passed for o in outcomes):
            counters["aborts"] += 1
            return ComposedRun(n, d, rounds, nu, False, tuple(outputs), tuple(records), counters)
        untested = [c for c in range(total) if c not in set(tested)]
        parities: dict[int, list[int]] = {}
        for i, c in enumerate(untested):
            k = i // nu
            probs = memo.joint(attacks_t[c], x[t, k])
            flat = vga.draw(memo.cdf(attacks_t[c], x[t, k]), rng)
            b, e = divmod(flat, probs.shape[1])
            records.append((t, c, k, b, e if EVE_KEEPS_ENVIRONMENT else None))
            counters["encoded_copies"] += 1
            counters[f"encoded_round{t}_coord{k}"] += 1
            counters["broadcast_bits_readout"] += n
            parities.setdefault(k, []).append(bin(b).count("1") % 2)
        outputs.append(tuple(max(set(parities[k]), key=parities[k].count) for k in range(d)))
    return ComposedRun(n, d, rounds, nu, True, tuple(outputs), tuple(records), counters)


def guess_world(run: ComposedRun, attack_for: Callable[[int, int], Kraus], rng: np.random.Generator,
                memo: _Memo | None = None) -> int:
    """Eve's guess (0: x, 1: x') from her record: maximum likelihood over the encoded copies' (b, k); ties a coin.

    >>> attack = single_copy_attack(2)
    >>> run = run_composed(2, 1, 1, 1, attack, np.array([[[0, 1]]]), np.random.default_rng(0))
    >>> guess_world(run, attack, np.random.default_rng(0)) in (0, 1)
    True
    """
    if not run.accepted:
        return int(rng.integers(2))
    memo = memo or _Memo(run.n)
    x, x2 = worst_pair(run.n)
    llr = 0.0
    for t, c, _k, b, e in run.eve_records:
        ks = attack_for(t, c)
        q = [float(p[b, e]) if e is not None else float(p[b].sum()) for p in (memo.joint(ks, x), memo.joint(ks, x2))]
        if abs(q[0] - q[1]) <= 1e-12:
            continue
        if min(q) <= 1e-15:
            return 0 if q[0] > q[1] else 1
        llr += float(np.log(q[0] / q[1]))
    if abs(llr) < 1e-12:
        return int(rng.integers(2))
    return 0 if llr > 0 else 1


def single_copy_attack(n: int, copy: int = 0, basis: str = "X") -> Callable[[int, int], Kraus]:
    """Eve's attack on one qubit (node 0) of one copy in round 0: intercept-resend in ``basis``.

    >>> attack = single_copy_attack(2, copy=1)
    >>> len(attack(0, 1)), len(attack(0, 0)), len(attack(1, 1))
    (2, 1, 1)
    """
    hit = attacks_mod.intercept_resend(n, 0, basis)
    idle = attacks_mod.identity(n)
    return lambda t, c: hit if (t, c) == (0, copy) else idle


def executed_success_rate(n: int, d: int, rounds: int, nu: int, attack_for: Callable[[int, int], Kraus],
                          runs: int, rng: np.random.Generator) -> tuple[int, int]:
    """(successes, runs) of Eve guessing which of x, x' (every use carries the worst pair) the nodes held.

    The exact success probability of the maximum-likelihood guess is ½(1 + TV),
    TV the distance of the two worlds' records; for intercept-resend Eve's
    environment is classical, so TV equals the quantum pair distance.

    >>> wins, runs = executed_success_rate(2, 1, 1, 1, lambda t, c: attacks_mod.identity(2), 20, np.random.default_rng(0))
    >>> runs, 0 <= wins <= runs
    (20, True)
    """
    x, x2 = worst_pair(n)
    memo = _Memo(n)
    wins = 0
    for _ in range(runs):
        world = int(rng.integers(2))
        inputs = np.broadcast_to(x if world == 0 else x2, (rounds, d, n)).copy()
        run = run_composed(n, d, rounds, nu, attack_for, inputs, rng, memo)
        wins += guess_world(run, attack_for, rng, memo) == world
    return wins, runs
