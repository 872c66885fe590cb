"""toy.crash: the check crashes."""

from qproofs.claims import Claim

CLAIM = Claim("toy.crash", ref="Theorem 6", section="2", title="check crashes", statement="s", scope="exact")


@CLAIM.check("simulation")
def boom(ctx):
    return 1 / 0
