"""Sympy derivations that prove identities exactly."""
