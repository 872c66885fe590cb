"""A toy checks module for the engine tests: one claim per verdict, a property, mutants."""

import sys
from unittest import mock

from hypothesis import strategies as st

from qproofs.claims import Claim, Evidence, Figure, Series, mutant
from qproofs.fuzz import Property, fuzz_evidence

BOUND = {"value": 100}

OK = Claim("toy.ok", ref="Theorem 1", section="1", title="squares are non-negative", statement="x² ≥ 0")
SMALL = Claim("toy.small", ref="Lemma 2", section="1", title="inputs are small", statement="x ≤ BOUND",
              uses=("toy.ok",))
GAP = Claim("toy.gap", ref="Remark 3", section="2", title="a premise fails", statement="premise", uses=("toy.small",))
CITED = Claim("toy.cited", ref="Theorem 4", section="2", title="external", statement="s", cited="Someone 2020")
UNSURE = Claim("toy.unsure", ref="Theorem 5", section="2", title="solver fails", statement="s")
CRASH = Claim("toy.crash", ref="Theorem 6", section="2", title="check crashes", statement="s")



def _square(x: float) -> float:
    return x * x


SQUARE = Property("square", "toy.ok", lambda: st.floats(-10, 10), lambda x: _square(x), statement="x² ≥ 0")
SMALLNESS = Property("small", "toy.small", lambda: st.integers(0, 1000), lambda x: BOUND["value"] - x)


@OK.check("fuzz")
def squares(ctx):
    return fuzz_evidence(ctx, SQUARE)


@OK.check("simulation")
def seeded(ctx):
    """Records a seeded random number and draws a figure."""
    x = float(ctx.rng().random())
    fig = Figure("curve", "a curve", "x", "y", (Series("y=x²", (1, 2, 3), (1, 4, 9)),), yscale="log")
    return Evidence(passed=True, observed=x, expected="uniform draw", tolerance=0.0, figures=(fig,))


@SMALL.check("fuzz")
def small(ctx):
    return fuzz_evidence(ctx, SMALLNESS)


@GAP.check("simulation")
def premise(ctx):
    return Evidence(passed=False, observed=0.1, expected=">= 0.2", on_fail="gap", caveats=("premise needs n ≥ 4",))


@CITED.check("symbolic")
def reduction(ctx):
    return Evidence(passed=True, tolerance="exact")


@UNSURE.check("sdp")
def solver(ctx):
    return Evidence(passed=None, detail="solver status: infeasible_inaccurate")


@CRASH.check("simulation")
def boom(ctx):
    return 1 / 0


@mutant("toy.ok", kills=["squares"])
def negated_square():
    """x² replaced by −x² − 1."""
    with mock.patch.object(sys.modules[__name__], "_square", lambda x: -x * x - 1):
        yield


@mutant("toy.ok", kills=["seeded"])
def unpatchable():
    """A mutant that cannot be applied (patches a frozen dataclass): reported, not raised."""
    with mock.patch.object(SQUARE, "slack", lambda x: -1.0):
        yield


@mutant("toy.cited", kills=["reduction"])
def broken_reduction():
    """The reduction check is fed a wrong identity."""
    with mock.patch.object(CITED, "_checks", [type(CITED.checks[0])("reduction", "symbolic",
                                                                      lambda ctx: Evidence(passed=False))]):
        yield

LEGACY_LAYOUT = True  # one toy module for every verdict (engine tests)
