"""toy.small: inputs are small (a fuzz property against a module-level bound)."""

from qproofs.claims import Claim
from qproofs.property import Property

from . import _shared

CLAIM = Claim("toy.small", ref="Lemma 2", section="1", title="inputs are small", statement="x ≤ BOUND",
              uses=("toy.ok",), scope="exact")

SMALLNESS = Property("small", "toy.small", _shared.integers, _shared.smallness)


@CLAIM.check("fuzz")
def small(ctx):
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, SMALLNESS)
