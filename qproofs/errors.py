"""One error hierarchy for qproofs (style: Hypothesis' ``errors.py``).

The CLI turns every :class:`QproofsError` into one line on stderr and exit 64;
anything else that escapes a check becomes that claim's ``error`` verdict.
"""

from __future__ import annotations


class QproofsError(Exception):
    """Base class of every error qproofs raises on purpose."""


class InvalidParameter(QproofsError, ValueError):
    """A parameter broke a rule; the message names the parameter and the rule.

    >>> raise InvalidParameter("N", "must be an integer >= 2", 1)
    Traceback (most recent call last):
    ...
    qproofs.errors.InvalidParameter: N = 1: must be an integer >= 2
    """

    def __init__(self, param: str, rule: str, value: object = ...) -> None:
        self.param = param
        self.rule = rule
        self.value = value
        shown = "" if value is ... else f" = {_short(value)}"
        super().__init__(f"{param}{shown}: {rule}")


class UnknownClaim(QproofsError, KeyError):
    """A claim id or glob matched nothing in the registry."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown claim"


class ConfigError(QproofsError):
    """A malformed file given to qproofs (audit JSON, replay file, checks path)."""


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def require(condition: bool, param: str, rule: str, value: object = ...) -> None:
    """Raise :class:`InvalidParameter` unless ``condition`` holds."""
    if not condition:
        raise InvalidParameter(param, rule, value)
