"""One error hierarchy for qproofs (style: Hypothesis' ``errors.py``).

Every exception qproofs raises on purpose derives from :class:`QproofsError`
and carries its CLI exit status as the class attribute ``exit_code``: the CLI
prints ``qproofs: error: <message>`` (one line, no traceback) and returns that
code. Usage errors (bad option, malformed file, broken checks module) exit
:data:`EXIT_USAGE` = 64; failures of the environment a run depends on (a Dask
cluster that does not answer or is lost) exit 2, the code of an audit that
could not decide. Anything else that escapes a check becomes that claim's
``error`` verdict.

================================  =====  =========================================
class                             exit   raised when
================================  =====  =========================================
:class:`InvalidParameter`         64     a parameter breaks a rule (names both)
:class:`UsageError`               64     bad command line (argparse)
:class:`UnknownClaim`             64     an id or glob matches no claim
:class:`ConfigError`              64     a malformed file (audit JSON, replay file)
:class:`ChecksModuleError`        64     a checks module fails to import
:class:`OutputError`              64     ``--out`` is not a writable directory
:class:`ClusterError`             2      a Dask scheduler is unusable or lost
:class:`SchedulerUnreachable`     2      no Dask scheduler answered
:class:`LockTimeout`              2      another run held ``--out`` too long
================================  =====  =========================================
"""

from __future__ import annotations

from typing import Any, ClassVar

EXIT_USAGE = 64
"""Exit status of every usage error (``EX_USAGE`` of BSD ``sysexits.h``)."""
EXIT_UNDECIDED = 2
"""Exit status of an audit that could not decide (also: the cluster failed)."""


class QproofsError(Exception):
    """Base class of every error qproofs raises on purpose."""

    exit_code: ClassVar[int] = EXIT_USAGE


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


class UsageError(QproofsError):
    """Bad command-line usage (argparse's complaint, one line)."""


class UnknownClaim(QproofsError, KeyError):
    """A claim id or glob matched nothing in the registry."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown claim"


class ConfigError(QproofsError):
    """A malformed file given to qproofs (audit JSON, replay file, checks path)."""


class ChecksModuleError(ConfigError):
    """A module of the checks directory raised while being imported (syntax, import, top-level code)."""


class OutputError(ConfigError):
    """The output directory cannot hold a report (a file, not writable, or not creatable)."""


class ClusterError(QproofsError):
    """A Dask cluster could not run the audit (not a scheduler, no workers, all workers lost).

    ``finished`` holds the results completed before the failure, so the caller
    can still write them to the report.
    """

    exit_code: ClassVar[int] = EXIT_UNDECIDED

    def __init__(self, message: str, finished: tuple[Any, ...] = ()) -> None:
        super().__init__(message)
        self.finished = finished


class SchedulerUnreachable(ClusterError):
    """No Dask scheduler answered at the given address."""


class LockTimeout(QproofsError):
    """Another qproofs run held the output directory's lock for longer than we wait."""

    exit_code: ClassVar[int] = EXIT_UNDECIDED


def exit_code_of(exc: BaseException) -> int:
    """The CLI exit status for ``exc``: its class's ``exit_code``, 64 for other qproofs errors."""
    return int(getattr(exc, "exit_code", EXIT_USAGE))


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def require(condition: bool, param: str, rule: str, value: object = ...) -> None:
    """Raise :class:`InvalidParameter` unless ``condition`` holds."""
    if not condition:
        raise InvalidParameter(param, rule, value)
