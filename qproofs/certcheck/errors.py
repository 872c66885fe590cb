"""The checker's own error classes (it imports nothing from the rest of qproofs, issue 12).

:class:`Rejected` is raised inside a kind's checker and becomes a rejected
:class:`~qproofs.certcheck.core.CheckOutcome` (CLI exit 1); :class:`UnreadableCertificate`
escapes :func:`~qproofs.certcheck.core.check_file` (CLI exit 64). Both carry a
short ``code`` from the list in ``docs/certificates.md`` ("Reasons").
"""

from __future__ import annotations


class CertcheckError(Exception):
    """Base class: ``code`` (a reason slug of docs/certificates.md) and a one-line message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class UnreadableCertificate(CertcheckError):
    """The input is not a certificate we can read at all (I/O, not JSON, unknown schema, nothing found)."""


class Rejected(CertcheckError):
    """The certificate was read but does not prove its statement (or is malformed)."""
