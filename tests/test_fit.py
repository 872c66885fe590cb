import numpy as np
import pytest

from qproofs.errors import InvalidParameter
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
    assert f1.ci_low <= 2 <= f1.ci_high
    assert f1.supports(2.0, (1.0,))
    assert not f1.supports(1.0, (2.0,))


def test_band_widens_the_interval():
    f = fit_power_law([1, 2, 4, 8], [x**0.9 for x in (1, 2, 4, 8)], np.random.default_rng(0))
    assert not f.supports(1.0)
    assert f.supports(1.0, (2.0,), band=0.15)
    assert not f.supports(1.0, (0.95,), band=0.15)   # a competing exponent inside the band is not excluded


@pytest.mark.parametrize("x,y", [([1, 2], [1, 2]), ([1, 2, 3], [1, 2]), ([0, 1, 2], [1, 2, 3]),
                                 ([1, 2, 3], [1, -2, 3]), ([2, 2, 2], [1, 2, 3])])
def test_bad_input(x, y):
    with pytest.raises(InvalidParameter):
        fit_power_law(x, y, np.random.default_rng(0))


def test_offset_model_recovers_exponent_under_a_constant_overhead():
    """Property: y = β + C·x exactly (a constant control qubit) gives p = 1, which plain log-log misses."""
    x = np.array([4, 8, 12, 16, 20, 24, 32, 40], float)
    y = 6 * (x + 2)
    plain = fit_power_law(x, y, np.random.default_rng(0))
    assert not plain.supports(1.0, band=1e-6)
    f = fit_power_law(x, y, np.random.default_rng(0), offset=True, boot=200)
    assert f.supports(1.0, (0.0, 2.0), band=1e-6)
    assert f.offset == pytest.approx(12, rel=1e-6) and f.prefactor == pytest.approx(6, rel=1e-6)
    assert np.allclose(f.predict(x), y)
    g = fit_power_law(x, 6 * (x**2 + 2), np.random.default_rng(0), offset=True, boot=200)
    assert g.supports(2.0, (1.0,), band=1e-6)


def test_offset_model_needs_three_distinct_sizes():
    with pytest.raises(InvalidParameter, match="3 distinct"):
        fit_power_law([1, 2, 2, 1], [1, 2, 2, 1], np.random.default_rng(0), offset=True)
