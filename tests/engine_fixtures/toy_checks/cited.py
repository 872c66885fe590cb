"""toy.cited: rests on an external theorem; its mutant feeds the check a wrong identity through a seam."""

from qproofs.claims import Claim, Evidence

CLAIM = Claim("toy.cited", ref="Theorem 4", section="2", title="external", statement="s", cited="Someone 2020",
              scope="exact", seams={"identity_holds": lambda: True})


@CLAIM.check("symbolic")
def reduction(ctx):
    return Evidence(passed=ctx.seam("identity_holds")(), tolerance="exact")


@CLAIM.mutant(kills=[reduction], seams={"identity_holds": lambda: False})
def broken_reduction():
    """The reduction check is fed a wrong identity."""
