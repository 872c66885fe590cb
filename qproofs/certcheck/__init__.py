"""The independent certificate checker of issue 12 (format: docs/certificates.md).

A small trusted kernel: it imports nothing from qproofs outside this package,
and neither numpy, scipy nor cvxpy (a test asserts it). Python ``fractions``
does the arithmetic (python-flint, if installed, accelerates the PSD product
with identical results); sympy is imported only to check ``identity``
certificates. ``coq.py`` (a separate backend, ``check_with_coq``) reads the
same files.

>>> from qproofs.certcheck import check_paths
>>> [o.accepted for o in check_paths(["reports/certificates"])]   # doctest: +SKIP
[True, True, ...]
"""

from __future__ import annotations

from qproofs.certcheck.core import (
    SCHEMA,
    CheckOutcome,
    canonical_json,
    check_document,
    check_file,
    check_paths,
    problem_sha256,
)
from qproofs.certcheck.errors import CertcheckError, Rejected, UnreadableCertificate
from qproofs.certcheck.numbers import MAX_DIGITS

__all__ = ["MAX_DIGITS", "SCHEMA", "CertcheckError", "CheckOutcome", "Rejected", "UnreadableCertificate",
           "canonical_json", "check_document", "check_file", "check_paths", "problem_sha256"]
