"""A verify run writes every attached certificate beside the report, links it, and `qproofs check` accepts it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _cli import CERT_PACK

from qproofs.cli import main


def test_verify_writes_links_and_rechecks_certificates(tmp_path: Path) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "demo_cert.py").write_text(CERT_PACK)
    out = tmp_path / "out"
    assert main(["verify", "--checks", str(tmp_path / "pack"), "--profile", "quick", "--out", str(out),
                 "--no-progress"]) == 0
    check = json.loads((out / "audit.json").read_text())["claims"][0]["checks"][0]
    assert check["trust"] == "rechecked" and (out / check["certificate"]).is_file()
    assert (out / "errata.md").is_file() and (out / "badge.svg").is_file() and (out / "history.jsonl").is_file()
    assert main(["check", str(out / "certificates")]) == 0


def _pack(tmp_path: Path) -> tuple[list[str], Path]:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "demo_cert.py").write_text(CERT_PACK)
    out = tmp_path / "out"
    return ["verify", "--checks", str(tmp_path / "pack"), "--profile", "quick", "--out", str(out),
            "--no-progress"], out


def test_require_trust(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    args, _ = _pack(tmp_path)
    assert main([*args, "--require-trust", "rechecked"]) == 0
    assert main([*args, "--require-trust", "kernel"]) == 2
    assert "rests on bound (sdp), which is rechecked, below kernel" in capsys.readouterr().err


@pytest.mark.slow
def test_kernel_marking(tmp_path: Path) -> None:
    """End to end with the Coq kernel (``-m slow``, run by CI beside the Coq tests: coqc takes 10-30 s)."""
    import shutil

    args, out = _pack(tmp_path)
    assert main([*args, "--require-trust", "rechecked"]) == 0
    if shutil.which("coqc") is None:
        pytest.skip("coqc is absent: the kernel marking is not exercised")
    assert main(["check", "--kernel", "coq", str(out / "certificates"), "--audit", str(out)]) == 0
    check = json.loads((out / "audit.json").read_text())["claims"][0]["checks"][0]
    assert check["trust"] == "kernel"
    assert main([*args, "--require-trust", "kernel"]) == 2  # a new run: its checks are only rechecked again
