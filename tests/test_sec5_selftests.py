"""Section 5 audit self-tests added for issue 11 (search grid ends, checked instances, shared subset sweep)."""

from unittest import mock

import numpy as np
import pytest

from checks.sec5 import _instances
from checks.sec5._costs import search_selftest
from qproofs.protocols import gapip, tieaudit


def test_search_selftest_clean_and_sees_a_start_at_index_one():
    assert search_selftest() == []
    orig = gapip._gallop
    with mock.patch.object(gapip, "_gallop", lambda ok, start, last: (max(orig(ok, start, last)[0], 0),
                                                                       max(orig(ok, start, last)[1] or 0, 1))):
        assert search_selftest()


def test_checked_instance_exact_and_mismatch_raises():
    rng = np.random.default_rng(0)
    for n in (2, 4, 6, 1000, 2**14):
        for f in (0.0, 0.3, 1.0):
            s, M, fr = _instances.checked_instance(n, f, rng)
            assert fr == round(f * (n // 2)) / (n // 2) == tieaudit.conflict_fraction(s, M)
    orig = tieaudit.instance_with_fraction
    with mock.patch.object(tieaudit, "instance_with_fraction", lambda n, f, rng: orig(n, 0.0, rng)), \
            pytest.raises(_instances.InstanceMismatch, match="conflicted pairs"):
        _instances.checked_instance(16, 0.5, rng)
    count, bad = _instances.instance_survey(rng, repeats=1)
    assert count == len(_instances.SURVEY_NS) * len(_instances.SURVEY_FS) and not bad


def test_shared_subset_rows_are_recomputed_under_a_mutant():
    """The shared sweep lives in the run cache: a claim run under a selftest mutant computes its own."""
    import sys

    from qproofs.claims import Mutant
    from qproofs.runner import discover, run_claim

    claim = discover("checks").get("rem5.broadcast")
    subset = sys.modules[claim.checks[0].fn.__module__.rpartition(".")[0] + "._subset"]  # as discovery imported it
    calls = {"n": 0}
    orig = subset.subset_rows

    def counting(ctx, exponents):
        calls["n"] += 1
        return orig(ctx, exponents)

    with mock.patch.object(subset, "subset_rows", counting):
        run_claim(claim, profile="quick")
        first = calls["n"]
        run_claim(claim, profile="quick")
        assert calls["n"] == first                      # shared within the run
        noop = Mutant("noop", "rem5.broadcast", (), mock.MagicMock)
        run_claim(claim, profile="quick", mutant=noop)
        assert calls["n"] == first + 1                  # private under a mutant
