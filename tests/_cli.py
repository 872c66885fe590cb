"""Helpers shared by the command-line tests (not a test module)."""

from __future__ import annotations

import pytest

from qproofs.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``qproofs *argv`` run in-process."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
