"""Shared code of the Section 3.2 ring claims (not a claim module: its name starts with ``_``).

* :func:`run` — one executed all-reduce (:func:`qproofs.protocols.ring.all_reduce`) from an instance dict;
* :data:`halving_runs` — (classical, superdense) runs on identical inputs, judged by
  ``ring.online-halving`` and ``ring.factor-two-optimal`` (claim-scoped: each claim draws its own,
  as the former string-keyed memo ``"halving-runs"`` did; shapes from the claim's ``halving_shapes`` parameter);
* :func:`cut_sweep` — traffic across every contiguous cut, for ``ring.cut-entropy`` and
  ``ring.factor-two-optimal``;
* :func:`rebooked_superdense` — the patch behind the accounting mutants (rewrites what the statevector
  superdense transport books, through the public ``ring.TRANSPORTS`` table).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import numpy as np

from qproofs.fixtures import fixture
from qproofs.protocols import ring, ring_entropy

CUT_B = 4
"""Bits per input word in the cut sweeps (small enough for exact convolution, large enough to see the slack)."""


def run(inst: dict[str, Any], transport: str, rng: np.random.Generator, fidelity: float = 1.0) -> ring.RingRun:
    """Execute the all-reduce of ``inst`` (N, d, b, variant, gradients) over ``transport``."""
    return ring.all_reduce(inst["gradients"], inst["b"], variant=inst["variant"], transport=transport,
                           rng=rng, fidelity=fidelity)


def link_label(src: int, dst: int) -> str:
    """``"src→dst"``: how a directed link is shown in tables and figures."""
    return f"{src}→{dst}"


HALVING_SHAPES_QUICK = ((4, 8, 6, "exact"), (5, 7, 3, "modulo"), (5, 3, 4, "exact"), (3, 11, 5, "modulo"))
"""(N, d, b, variant) of the halving runs at the quick profile: even and odd messages, d < N, N ∤ d."""
HALVING_SHAPES_STANDARD = HALVING_SHAPES_QUICK + ((8, 40, 16, "exact"), (7, 19, 5, "modulo"), (6, 100, 8, "exact"))
"""(N, d, b, variant) of the halving runs at the standard and deep profiles: three larger runs added."""


@fixture(key="halving-runs")
def halving_runs(ctx: Any) -> list[tuple[ring.RingRun, ring.RingRun]]:
    """(classical, superdense) pairs on the same inputs: even messages, odd messages, d < N (param ``halving_shapes``)."""
    rng = ctx.rng("halving")
    runs = []
    for N, d, b, variant in ctx.params.halving_shapes:
        inst = {"N": N, "d": d, "b": b, "variant": variant, "gradients": rng.integers(0, 2**b, (N, d)).tolist()}
        runs.append((run(inst, "classical", rng), run(inst, "superdense", rng)))
    return runs


def cut_sweep(ctx: Any, transport: str, field_name: str, n_max: int) -> list[dict[str, Any]]:
    """Run the ring (d = 2N, N | d: no rounding of chunk sizes) and measure every contiguous cut both ways.

    One row per (variant, N, S): the traffic ``field_name`` the executed run moved out of / into S and the
    exact entropies H(Σ_S), H(Σ_{S^c}) of one coordinate (or of the sum mod 2^b for the modulo variant).
    """
    rng = ctx.rng("cuts", transport)
    rows = []
    for variant in ring.VARIANTS:
        for N in range(2, n_max + 1):
            d = 2 * N
            inst = {"N": N, "d": d, "b": CUT_B, "variant": variant,
                    "gradients": rng.integers(0, 2**CUT_B, (N, d)).tolist()}
            executed = run(inst, transport, rng)
            for S in ring.contiguous_cuts(N):
                t = ring.cut_traffic(executed, S, field_name)
                rows.append({"variant": variant, "N": N, "d": d, "S": list(S), "out": t["out"], "in": t["in"],
                             "H_out": ring_entropy.sum_entropy(CUT_B, len(S), variant),
                             "H_in": ring_entropy.sum_entropy(CUT_B, N - len(S), variant)})
    return rows


@contextlib.contextmanager
def rebooked_superdense(rebook: Callable[[np.ndarray, ring.Carried], ring.Carried]) -> Iterator[None]:
    """Patch the statevector superdense transport so that ``rebook(bits, carried)`` rewrites its counts."""
    real = ring.send_superdense

    def patched(bits: np.ndarray, rng: np.random.Generator, F: float) -> ring.Carried:
        return rebook(bits, real(bits, rng, F))
    with mock.patch.dict(ring.TRANSPORTS, {"superdense": patched}):
        yield
