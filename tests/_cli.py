"""Helpers shared by the command-line and certificate tests (not a test module)."""

from __future__ import annotations

import pytest

from qproofs.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``qproofs *argv`` run in-process."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# One claim whose single check attaches an exact SDP certificate (the certificate tests' demo pack).
CERT_PACK = '''
from fractions import Fraction

from qproofs.claims import Claim, Evidence
from qproofs.sdp.variance import certify_max_variance

C = Claim("demo.cert", ref="r", section="1", title="t", statement="max variance of w = (1, 1) is 1", scope="exact")


@C.check("sdp")
def bound(ctx):
    res = certify_max_variance([Fraction(1), Fraction(1)], claimed=Fraction(1)).certificate
    return Evidence(passed=res.passed, tolerance="exact", certificate=res.certificate_document(C.id, "bound"))
'''
