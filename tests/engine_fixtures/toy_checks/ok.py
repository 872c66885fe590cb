"""toy.ok: squares are non-negative (a fuzz check through a seam, a seeded check with a figure)."""

from collections.abc import Iterator
from unittest import mock

from qproofs.claims import Claim, Evidence, Figure, Series
from qproofs.property import Property

from . import _shared

CLAIM = Claim("toy.ok", ref="Theorem 1", section="1", title="squares are non-negative", statement="x² ≥ 0",
              scope="exact", params={"quick": {"fuzz_examples": 25}, "standard": {"fuzz_examples": 150},
                                     "deep": {"fuzz_examples": 1000}})

SQUARE = Property("square", "toy.ok", _shared.floats, lambda x: _shared.square(x), statement="x² ≥ 0")


@CLAIM.check("fuzz")
def squares(ctx):
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, SQUARE)


@CLAIM.check("simulation")
def seeded(ctx):
    """Records a seeded random number and draws a figure."""
    x = float(ctx.rng().random())
    fig = Figure("curve", "a curve", "x", "y", (Series("y=x²", (1, 2, 3), (1, 4, 9)),), yscale="log")
    return Evidence(passed=True, observed=x, expected="uniform draw", tolerance=0.0, figures=(fig,))


@CLAIM.mutant(kills=[squares])
def negated_square() -> Iterator[None]:
    """x² replaced by −x² − 1 (the public ``_shared.square``)."""
    with mock.patch.object(_shared, "square", lambda x: -x * x - 1):
        yield


@CLAIM.mutant(kills=[seeded])
def unpatchable() -> Iterator[None]:
    """A mutant that cannot be applied (patches a frozen dataclass): reported, not raised."""
    with mock.patch.object(SQUARE, "slack", lambda x: -1.0):
        yield
