"""Dask runs give the same verdicts and numbers as a serial run with the same seed."""

from __future__ import annotations

import pytest

import qproofs
from qproofs.cli import main


def _stable(audit: qproofs.runner.Audit) -> list[object]:
    return [(c.id, c.verdict, [(k.name, k.status, k.observed, k.counterexample) for k in c.checks])
            for c in audit.claims]


@pytest.mark.slow
def test_local_cluster_matches_serial(toy_checks: str) -> None:
    serial = qproofs.verify(checks=toy_checks, profile="quick", seed=4)
    dask = qproofs.verify(checks=toy_checks, profile="quick", seed=4, workers=2)
    assert _stable(serial) == _stable(dask)
    assert dask.run.executor.startswith("dask")


@pytest.mark.slow
def test_unreachable_scheduler_exits_2_quickly(capsys: pytest.CaptureFixture[str], toy_checks: str) -> None:
    code = main(["verify", "--checks", toy_checks, "--scheduler", "tcp://127.0.0.1:9", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2 and "no Dask scheduler answered" in err and "Traceback" not in err


@pytest.mark.slow
def test_real_claims_on_two_workers_match_serial() -> None:
    """`qproofs verify --workers 2` gives the verdicts and numbers of the serial run (real checks)."""
    only = ["sdc.decode", "ring.rounds", "ring.cut-entropy", "ring.noise-breakeven"]
    serial = qproofs.verify(only=only, profile="quick", seed=11)
    dask = qproofs.verify(only=only, profile="quick", seed=11, workers=2)
    assert _stable(serial) == _stable(dask)


@pytest.mark.slow
def test_fuzz_shards_on_two_workers_find_the_serial_counterexample(
        capsys: pytest.CaptureFixture[str], toy_checks: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`qproofs fuzz --workers 2` shrinks to the same replay file as the single-process campaign."""
    for name, extra in (("serial", []), ("dask", ["--workers", "2"])):
        code = main(["fuzz", "--checks", toy_checks, "--examples", "40", "--seed", "3",
                     "--out", str(tmp_path / name), "--database", str(tmp_path / name / "db"), *extra])
        assert code == 1
    capsys.readouterr()
    serial = sorted(p.name for p in (tmp_path / "serial" / "counterexamples").iterdir())
    dask = sorted(p.name for p in (tmp_path / "dask" / "counterexamples").iterdir())
    assert serial == dask and len(serial) == 1
