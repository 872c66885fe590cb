"""A fuzzable property of a claim, declared without importing hypothesis.

A :class:`Property` pairs a strategy of **JSON-able** protocol instances with a
*slack* function: ``slack(instance) >= -tol`` holds, anything lower is a
counterexample. Both may be given as ``"module:function"`` strings, resolved
only when fuzzing, so discovering claims never imports hypothesis (the
strategies live in ``qproofs.fuzz.*``, one module per paper section).
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def resolve_ref(ref: Callable[..., Any] | str) -> Callable[..., Any]:
    """A callable, or the function named by ``"package.module:function"``."""
    if callable(ref):
        return ref
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class Property:
    """A fuzzable property of claim ``claim``: ``slack(instance) >= -tol`` for every instance."""

    name: str
    claim: str
    strategy: Callable[[], Any] | str
    slack: Callable[[Any], float] | str
    tol: float = 1e-9
    statement: str = ""

    def search_strategy(self) -> Any:
        """The hypothesis strategy of instances (imports the strategy module)."""
        return resolve_ref(self.strategy)()

    def holds(self, instance: Any) -> tuple[bool, float]:
        """(holds, slack) on one instance."""
        s = float(resolve_ref(self.slack)(instance))
        return (not math.isnan(s)) and s >= -self.tol, s
