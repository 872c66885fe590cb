"""The claim vocabulary: verdict precedence, invariants, JSON round-trips."""

from __future__ import annotations

import json
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qproofs.claims import (
    CheckResult,
    Claim,
    ClaimResult,
    Context,
    Evidence,
    Figure,
    Series,
    Verdict,
    decide,
    figure_from_dict,
    figure_to_dict,
    is_claim_id,
    jsonable,
)
from qproofs.errors import InvalidParameter


def result(status: str, on_fail: str = "refuted") -> CheckResult:
    passed = {"pass": True, "fail": False, "inconclusive": None, "error": None}[status]
    return CheckResult("c", "simulation", passed, on_fail=on_fail, error="boom" if status == "error" else None)


@pytest.mark.parametrize(
    ("statuses", "cited", "expected"),
    [
        (["pass", "pass"], False, Verdict.VERIFIED),
        (["pass"], True, Verdict.CITED),
        (["pass", "fail"], False, Verdict.REFUTED),
        (["pass", "fail:gap"], False, Verdict.GAP),
        (["fail:gap", "fail"], False, Verdict.REFUTED),
        (["pass", "inconclusive"], False, Verdict.INCONCLUSIVE),
        (["inconclusive"], True, Verdict.INCONCLUSIVE),
        (["fail", "error"], False, Verdict.ERROR),
        ([], False, Verdict.INCONCLUSIVE),
    ],
)
def test_verdict_precedence(statuses: list[str], cited: bool, expected: Verdict) -> None:
    checks = [result(s.split(":")[0], "gap" if s.endswith(":gap") else "refuted") for s in statuses]
    assert decide(checks, cited=cited) is expected


def test_inconclusive_is_never_a_pass() -> None:
    assert not Verdict.INCONCLUSIVE.is_pass and not Verdict.ERROR.is_pass
    assert Verdict.VERIFIED.is_pass and Verdict.CITED.is_pass


def test_claim_result_rejects_a_verdict_its_checks_do_not_give() -> None:
    with pytest.raises(InvalidParameter, match="verdict"):
        ClaimResult("a.b", "r", "1", "t", "s", Verdict.VERIFIED, (result("fail"),))


def test_check_result_rejects_unknown_method_and_passed_with_error() -> None:
    with pytest.raises(InvalidParameter, match="method"):
        CheckResult("c", "guess", True)
    with pytest.raises(InvalidParameter, match="passed"):
        CheckResult("c", "fit", True, error="x")


@pytest.mark.parametrize("bad", ["ring", "Ring.correct", "a.b.c", "a.", "ring.cut entropy"])
def test_claim_id_rule(bad: str) -> None:
    assert not is_claim_id(bad)
    with pytest.raises(InvalidParameter, match="claim id"):
        Claim(bad, ref="r", section="1", title="t", statement="s")


def test_duplicate_check_name_rejected() -> None:
    c = Claim("a.b", ref="r", section="1", title="t", statement="s")
    c.check("fit", name="x")(lambda ctx: Evidence(True))
    with pytest.raises(InvalidParameter, match="unique"):
        c.check("fit", name="x")(lambda ctx: Evidence(True))


def test_context_rng_depends_on_seed_claim_and_check_only() -> None:
    a = Context(seed=1, claim_id="a.b", check_name="c").rng().random(3)
    b = Context(seed=1, claim_id="a.b", check_name="c", profile="quick").rng().random(3)
    c = Context(seed=2, claim_id="a.b", check_name="c").rng().random(3)
    d = Context(seed=1, claim_id="a.b", check_name="d").rng().random(3)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c) and not np.array_equal(a, d)


@pytest.mark.parametrize(("field", "value"), [("profile", "fast"), ("seed", -1)])
def test_context_rejects_bad_profile_and_seed(field: str, value: object) -> None:
    with pytest.raises(InvalidParameter, match=field):
        Context(**{field: value})  # type: ignore[arg-type]


def test_params_by_profile() -> None:
    c = Claim("demo.params", ref="r", section="1", title="t", statement="s", scope="exact",
              params={"quick": {"n": 1}, "standard": {"n": 2}, "deep": {"n": 3}})
    assert [c.context(seed=0, profile=p).params.n for p in ("quick", "standard", "deep")] == [1, 2, 3]


def test_jsonable_handles_numpy_fractions_and_non_finite() -> None:
    from fractions import Fraction

    import sympy

    doc = jsonable({"a": np.float64(0.5), "b": np.arange(3), "c": Fraction(1, 3), "d": float("inf"),
                    "e": 1 + 2j, "f": sympy.Rational(2, 3), "g": {1, 2}, "h": np.bool_(True)})
    assert doc == {"a": 0.5, "b": [0, 1, 2], "c": "1/3", "d": "inf", "e": {"re": 1.0, "im": 2.0}, "f": "2/3",
                   "g": [1, 2], "h": True}
    json.dumps(doc, allow_nan=False)


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=5), st.sampled_from(["line", "scatter", "step"]))
def test_figure_round_trips_through_json(ys: list[float], kind: str) -> None:
    """Property: a figure spec survives to_dict -> JSON -> from_dict unchanged."""
    fig = Figure("f-1", "t", "x", "y", (Series("s", tuple(range(len(ys))), tuple(ys), kind),), hlines=((1.0, "one"),))
    assert figure_from_dict(json.loads(json.dumps(figure_to_dict(fig)))) == fig


def test_series_and_figure_validation() -> None:
    with pytest.raises(InvalidParameter, match="Series.y"):
        Series("s", (1, 2), (1,))
    with pytest.raises(InvalidParameter, match="Figure.name"):
        Figure("bad name!", "t", "x", "y", ())


def test_fixture_numbers_do_not_depend_on_the_first_caller() -> None:
    """Property: a claim-scoped fixture's draw is the same whichever check asks first."""
    from qproofs.fixtures import fixture, value_of

    @fixture(key="k")
    def draw(ctx: Context) -> float:
        return float(ctx.rng().random())

    a = Context(seed=1, claim_id="a.b", check_name="first", shared={})
    b = Context(seed=1, claim_id="a.b", check_name="second", shared={})
    assert value_of(draw, a) == value_of(draw, b)
    assert a.check_name == "first"


from qproofs.fixtures import fixture  # noqa: E402 - the fixture below must be a module global (resolve looks there)

_CACHE_STATE = {"factor": 2, "computed": 0}


@fixture(scope="run", key="test-private-cache", params={"quick": {"n": 3}, "standard": {"n": 3}, "deep": {"n": 3}})
def private_table(ctx: Context) -> int:
    _CACHE_STATE["computed"] += 1
    return _CACHE_STATE["factor"] * ctx.params.n


def test_a_mutated_run_has_its_own_run_cache() -> None:
    """A run-scoped value computed under a mutant's patch is neither served to nor taken from unmutated runs."""
    import contextlib

    from qproofs.claims import Claim, Evidence, Mutant
    from qproofs.fixtures import clear_run_cache
    from qproofs.runner import run_claim

    claim = Claim("toy.cache", ref="Theorem 1", section="1", scope="exact", title="t", statement="2n")

    @claim.check("simulation")
    def doubled(ctx: Context, private_table: int) -> Evidence:
        return Evidence(passed=private_table == 6, observed=private_table, expected=6, tolerance="exact")

    @contextlib.contextmanager
    def triple() -> Iterator[None]:
        _CACHE_STATE["factor"] = 3
        try:
            yield
        finally:
            _CACHE_STATE["factor"] = 2

    broken = Mutant("triple", "toy.cache", ("doubled",), triple)
    clear_run_cache()
    assert run_claim(claim, profile="quick").verdict.value == "verified"
    assert run_claim(claim, profile="quick", mutant=broken).verdict.value != "verified"  # recomputed under the patch
    assert run_claim(claim, profile="quick").verdict.value == "verified"                  # the run's own value again
    assert _CACHE_STATE["computed"] == 2
    clear_run_cache()


def test_callables_become_their_text_never_an_address():
    """A paper formula given as a lambda is written as its source (two lambdas on one line told apart); any other
    function as its qualified name: the JSON of a claim is the same in every process."""
    import importlib

    from qproofs.claims import jsonable

    rounds = importlib.import_module("checks.sec3.ring_rounds")
    assert jsonable(rounds.CLAIM.paper) == {"rounds": "lambda N: 2 * (N - 1)", "lower_bound": "lambda N: N // 2"}
    assert jsonable(jsonable) == "<function jsonable>"
    assert "0x" not in str(jsonable({"f": lambda x: x}))
