"""Scaling-law fits with confidence intervals."""

from qproofs.fit.loglog import PowerLawFit, fit_power_law

__all__ = ["PowerLawFit", "fit_power_law"]
