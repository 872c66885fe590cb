"""Benchmark: the standard audit, per claim, against a baseline audit run side by side (issue 14).

Runs ``qproofs verify --profile PROFILE --seed 0`` serially (one process, ``--fresh``, no store) into a
temporary directory, reads every claim's ``duration_s`` from its ``audit.json`` and sets it beside the
same claim in a baseline audit: an ``audit.json`` given with ``--baseline``, or the committed
``reports/audit.json`` of a git revision (``--baseline-rev``, default: the revision before the speed
work). Verdicts must match the baseline's claim for claim (a faster audit with a different verdict is
not a speed-up); the table has seconds before, after and their ratio, and the run's wall time.
Writes ``benchmarks/results/bench_audit.json``.

    python benchmarks/bench_audit.py [--profile standard] [--baseline-rev d233b09]
    python benchmarks/bench_audit.py --run-baseline           # also run the baseline revision now, side by side
    python benchmarks/bench_audit.py --after DIR/audit.json   # reuse an audit already run

``--run-baseline`` checks the baseline revision out in a temporary git worktree and runs its audit on this
machine just before the current one (same profile, seed, interpreter and packages), so the ratio compares two
runs of one session rather than a run today with timings committed on another day (the VM's speed varies).

The machine's two cores are shared: run it on a quiet machine (``uptime`` is recorded with the result).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BEFORE_SPEED_WORK = "d233b09"
"""The last revision before the issue-14 speed work: its committed standard audit is the baseline."""


def baseline_audit(rev: str, path: str | None) -> dict[str, Any]:
    """The baseline audit JSON: a file, or ``reports/audit.json`` as committed at ``rev``."""
    if path:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    blob = subprocess.run(["git", "show", f"{rev}:reports/audit.json"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout
    return json.loads(blob)


def run_audit(profile: str, tree: Path = ROOT) -> tuple[dict[str, Any], float]:
    """One serial audit run now of the sources in ``tree``; (its audit JSON, wall seconds of the whole command)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "qproofs", "verify", "--profile", profile, "--seed", "0",
                        "--fresh", "--no-progress", "--out", out], cwd=tree, env=env, check=False,
                       stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        return json.loads((Path(out) / "audit.json").read_text(encoding="utf-8")), wall


def run_baseline(rev: str, profile: str) -> tuple[dict[str, Any], float]:
    """The baseline revision's audit run now, from a temporary worktree (removed afterwards)."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "baseline"
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), rev], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            return run_audit(profile, tree)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False,
                           capture_output=True)


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """Per claim: seconds before and after, their ratio, and both verdicts."""
    old = {c["id"]: c for c in before["claims"]}
    rows = []
    for c in after["claims"]:
        b = old.get(c["id"])
        rows.append({"claim": c["id"], "before_s": None if b is None else round(b["duration_s"], 2),
                     "after_s": round(c["duration_s"], 2),
                     "ratio": None if b is None or not c["duration_s"] else round(b["duration_s"] / c["duration_s"], 1),
                     "verdict_before": None if b is None else b["verdict"], "verdict_after": c["verdict"]})
    return sorted(rows, key=lambda r: -(r["before_s"] or 0))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", default="standard")
    ap.add_argument("--baseline-rev", default=BEFORE_SPEED_WORK)
    ap.add_argument("--baseline", help="a baseline audit.json instead of the revision's committed one")
    ap.add_argument("--after", help="an audit.json already run (skips the run; its wall time is unknown)")
    ap.add_argument("--run-baseline", action="store_true",
                    help="run the baseline revision's audit now, before this one (side by side)")
    args = ap.parse_args(argv)
    wall_before = None
    if args.run_baseline:
        before, wall_before = run_baseline(args.baseline_rev, args.profile)
    else:
        before = baseline_audit(args.baseline_rev, args.baseline)
    if args.after:
        after, wall = json.loads(Path(args.after).read_text(encoding="utf-8")), None
    else:
        after, wall = run_audit(args.profile)
    rows = compare(before, after)
    changed = [r for r in rows if r["verdict_before"] not in (None, r["verdict_after"])]
    total_b = sum(r["before_s"] or 0 for r in rows)
    total_a = sum(r["after_s"] for r in rows)
    print(f"{'claim':34} {'before s':>9} {'after s':>8} {'ratio':>6}  verdict")
    for r in rows:
        print(f"{r['claim']:34} {r['before_s'] or '-':>9} {r['after_s']:>8} {r['ratio'] or '-':>6}  "
              f"{r['verdict_after']}")
    print(f"{'checks, total':34} {total_b:9.1f} {total_a:8.1f} {total_b / total_a:6.1f}")
    if wall is not None:
        print(f"whole command (imports, discovery, report): {wall:.1f} s"
              + ("" if wall_before is None else f" (baseline, run just before: {wall_before:.1f} s)"))
    for r in changed:
        print(f"VERDICT CHANGED: {r['claim']}: {r['verdict_before']} -> {r['verdict_after']}")
    out = ROOT / "benchmarks" / "results" / "bench_audit.json"
    out.write_text(json.dumps({"profile": args.profile, "baseline": args.baseline or args.baseline_rev,
                               "load": os.getloadavg(), "checks_before_s": round(total_b, 1),
                               "checks_after_s": round(total_a, 1), "wall_s": wall, "baseline_run_now": args.run_baseline,
                               "baseline_wall_s": wall_before, "rows": rows,
                               "verdicts_changed": [r["claim"] for r in changed]}, indent=1) + "\n",
                   encoding="utf-8")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
