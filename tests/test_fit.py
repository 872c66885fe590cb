import numpy as np
import pytest

from qproofs.fit import fit_power_law


def test_exact_power_law_has_degenerate_ci():
    f = fit_power_law([1, 2, 4, 8, 16], [5 * x**1.5 for x in (1, 2, 4, 8, 16)], np.random.default_rng(0))
    assert f.exponent == pytest.approx(1.5)
    assert f.ci_low == pytest.approx(1.5) and f.ci_high == pytest.approx(1.5)
    assert f.prefactor == pytest.approx(5)


def test_noisy_fit_ci_contains_truth_and_is_seeded():
    rng = np.random.default_rng(1)
    x = np.geomspace(1, 100, 12)
    y = 3 * x**2 * np.exp(rng.normal(0, 0.1, x.size))
    f1 = fit_power_law(x, y, np.random.default_rng(7))
    f2 = fit_power_law(x, y, np.random.default_rng(7))
    assert f1 == f2
    assert f1.ci_low <= 2 <= f1.ci_high and not f1.ci_low <= 1 <= f1.ci_high
