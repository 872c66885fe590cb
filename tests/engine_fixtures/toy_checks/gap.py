"""toy.gap: a premise fails."""

from qproofs.claims import Claim, Evidence

CLAIM = Claim("toy.gap", ref="Remark 3", section="2", title="a premise fails", statement="premise",
              uses=("toy.small",), scope="exact")


@CLAIM.check("simulation")
def premise(ctx):
    return Evidence(passed=False, observed=0.1, expected=">= 0.2", on_fail="gap", caveats=("premise needs n ≥ 4",))
