"""Scaling-law fits with confidence intervals."""
