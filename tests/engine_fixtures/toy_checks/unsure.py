"""toy.unsure: the solver fails."""

from qproofs.claims import Claim, Evidence

CLAIM = Claim("toy.unsure", ref="Theorem 5", section="2", title="solver fails", statement="s", scope="exact")


@CLAIM.check("sdp")
def solver(ctx):
    return Evidence(passed=None, detail="solver status: infeasible_inaccurate")
