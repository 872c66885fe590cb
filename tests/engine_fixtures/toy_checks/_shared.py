"""Shared pieces of the toy pack."""

from __future__ import annotations

from hypothesis import strategies as st

BOUND = {"value": 100}


def square(x: float) -> float:
    """x²."""
    return x * x


def floats() -> st.SearchStrategy[float]:
    """Instances of toy.ok's property."""
    return st.floats(-10, 10)


def integers() -> st.SearchStrategy[int]:
    """Instances of toy.small's property."""
    return st.integers(0, 1000)


def smallness(x: int) -> float:
    """BOUND − x: negative above the bound."""
    return BOUND["value"] - x
