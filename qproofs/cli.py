"""The ``qproofs`` command: a thin ``main(argv=None)`` (style: sinter's ``_main.py``).

Heavy modules are imported inside the subcommands, so ``qproofs --help`` is
instant. Exit status: 0 every selected claim verified or cited; 1 any refuted
or gap; 2 any inconclusive or error (or a Dask cluster that failed); 64 usage
errors (unknown claim id, bad option value, malformed file, broken checks
module, unusable ``--out``), one line on stderr and no traceback. Every
qproofs exception carries its exit status (:mod:`qproofs.errors`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from qproofs import __version__
from qproofs.errors import EXIT_USAGE, QproofsError, UsageError

__all__ = ["EXIT_USAGE", "UsageError", "build_parser", "main", "summary_table"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def _nonneg_int(name: str) -> Any:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be an integer >= 0, got {text!r}") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"{name} must be an integer >= 0, got {value}")
        return value

    return parse


def _positive(kind: type, name: str) -> Any:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a number > 0, got {text!r}") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"{name} must be > 0, got {value}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    p = _Parser(prog="qproofs", description="Verify the claims of 'Quantum ring all-reduce' and report.")
    p.add_argument("--version", action="version", version=f"qproofs {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def selection(q: argparse.ArgumentParser) -> None:
        q.add_argument("--only", nargs="+", action="extend", metavar="ID|GLOB",
                       help="claim ids or globs, e.g. 'ring.*' thm1.qfi-bound; verify also takes ID::CHECK "
                            "(one check of a claim: a partial claim run)")
        q.add_argument("--checks", metavar="PATH", help="checks directory or module (default: checks/)")

    def distributed(q: argparse.ArgumentParser) -> None:
        q.add_argument("--workers", type=_positive(int, "--workers"), metavar="N",
                       help="run on a local Dask cluster of N worker processes")
        q.add_argument("--scheduler", metavar="ADDRESS", help="run on an existing Dask cluster (tcp://host:port)")

    v = sub.add_parser("verify", help="run the audit and write the report")
    selection(v)
    v.add_argument("--profile", choices=("quick", "standard", "deep"), default="standard")
    v.add_argument("--seed", type=_nonneg_int("--seed"), default=0)
    v.add_argument("--out", default="reports", metavar="DIR",
                   help="report directory (default: reports/); the selected claims are merged into its report")
    v.add_argument("--fresh", action="store_true",
                   help="replace the whole report in --out instead of merging the selected claims into it")
    distributed(v)
    v.add_argument("--no-progress", action="store_true", help="no progress bar")
    v.add_argument("--reuse", action="store_true",
                   help="take unchanged claims from the result store (.qproofs-cache/) and run only the rest")
    v.add_argument("--cache-dir", metavar="DIR",
                   help="result store and claim index (default: $QPROOFS_CACHE_DIR or .qproofs-cache)")
    v.add_argument("--lf", "--last-failed", dest="last_failed", action="store_true",
                   help="only the claims whose verdict in --out's audit.json is not verified/cited")
    v.add_argument("-x", "--exitfirst", action="store_true",
                   help="stop at the first claim whose verdict is refuted, gap or error")

    ls = sub.add_parser("list", help="list claim ids, references and titles")
    ls.add_argument("--checks", metavar="PATH")
    ls.add_argument("--cache-dir", metavar="DIR", help="where the claim index is (default: .qproofs-cache)")

    sh = sub.add_parser("show", help="statement and last verdict of one claim")
    sh.add_argument("claim_id", metavar="ID")
    sh.add_argument("--out", default="reports", metavar="DIR", help="where the last audit.json is")
    sh.add_argument("--checks", metavar="PATH")
    sh.add_argument("--cache-dir", metavar="DIR", help="where the claim index is (default: .qproofs-cache)")

    rp = sub.add_parser("report", help="re-render Markdown/HTML/figures from an existing audit.json")
    rp.add_argument("--out", default="reports", metavar="DIR", help="directory holding audit.json")

    fz = sub.add_parser("fuzz", help="property-based fuzzing of protocol instances")
    selection(fz)
    budget = fz.add_mutually_exclusive_group()
    budget.add_argument("--budget", type=_positive(float, "--budget"), metavar="SECONDS",
                        help="time budget for the whole campaign (default 60)")
    budget.add_argument("--examples", type=_positive(int, "--examples"), metavar="N",
                        help="examples per property instead of a time budget")
    fz.add_argument("--seed", type=_nonneg_int("--seed"), default=0)
    fz.add_argument("--database", metavar="DIR", default=".hypothesis/qproofs",
                    help="hypothesis example database (persists between campaigns)")
    fz.add_argument("--out", default="reports", metavar="DIR", help="counterexamples go to DIR/counterexamples/")
    distributed(fz)

    rr = sub.add_parser("replay", help="re-run one saved counterexample")
    rr.add_argument("file", metavar="FILE")
    rr.add_argument("--checks", metavar="PATH")

    st = sub.add_parser("selftest", help="run the checks against deliberately broken mutants")
    selection(st)
    st.add_argument("--seed", type=_nonneg_int("--seed"), default=0)

    nw = sub.add_parser("new", help="write a claim module in the claim kit's anatomy")
    nw.add_argument("claim_id", metavar="CLAIM_ID", help="e.g. thm9.example")
    nw.add_argument("--checks", metavar="DIR", default="checks", help="the claim pack (default: checks/)")
    nw.add_argument("--section", default="1", help="paper section: the module goes in DIR/sec<section>/")
    nw.add_argument("--ref", default="Theorem ?", help="paper reference, e.g. 'Theorem 9'")
    nw.add_argument("--title", default="Title of the claim")
    _workflow_parsers(sub, v)
    er = sub.add_parser("errata", help="write and print errata.md: what fails, the minimal instance, the correction")
    er.add_argument("--out", default="reports", metavar="DIR", help="directory holding audit.json (default: reports/)")
    ck = sub.add_parser("check", help="re-verify certificate files with the independent checker")
    ck.add_argument("paths", nargs="*", metavar="PATH", help="certificate files or directories "
                    "(default: reports/certificates/)")
    ck.add_argument("--kernel", choices=("python", "coq"), default="python",
                    help="python: qproofs.certcheck (default); coq: the Coq kernel backend")
    ck.add_argument("--audit", metavar="DIR", help="with --kernel coq: mark the checks of DIR/audit.json whose "
                    "certificates the kernel accepted with the trust class 'kernel' (the report is rewritten)")
    _mutate_parser(sub)
    return p


def _workflow_parsers(sub: Any, v: argparse.ArgumentParser) -> None:
    """Comparing audits and CI outputs (issue 14): ``diff``, ``expect`` and verify's CI flags."""
    df = sub.add_parser("diff", help="compare two audits (audit.json files or report directories)",
                        description="Verdict transitions, check status changes, numbers moved beyond their "
                                    "tolerance, caveats and timings. Exit 1 when any verdict got worse "
                                    "(verified = cited > inconclusive > gap > refuted > error).")
    df.add_argument("old", metavar="OLD")
    df.add_argument("new", metavar="NEW")
    df.add_argument("--format", choices=("text", "md"), default="text",
                    help="md: GitHub Markdown for a pull-request comment")
    ex = sub.add_parser("expect", help="hold an existing audit against an expectations file (exit 1 if unmet)")
    ex.add_argument("file", metavar="FILE", help="expectations, e.g. reports/expected.toml")
    ex.add_argument("--audit", default="reports", metavar="PATH", help="audit.json or its directory (default reports/)")
    ex.add_argument("--write", action="store_true", help="(re)write FILE from the audit instead of checking it")
    v.add_argument("--junit", metavar="FILE", help="also write JUnit XML: one test case per check")
    v.add_argument("--seeds", metavar="A-B|A,B,...",
                   help="run under each seed (0-9 or 0,3,7), print each claim's verdicts, exit 2 if any differs; "
                        "writes no report")
    v.add_argument("--require-trust", choices=("float", "exact", "rechecked", "kernel"), metavar="CLASS",
                   help="exit 2 when a selected claim's verdict rests on a check below CLASS "
                        "(float < exact < rechecked < kernel), naming the check")
    v.add_argument("--expect", metavar="FILE",
                   help="exit 0/1 by an expectations file (known gaps pass; a new gap/refuted/error fails)")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``qproofs`` console script; returns the exit status."""
    started = time.perf_counter()  # `fuzz --budget` counts the heavy imports of the subcommand
    if argv is None:  # as a command: a warning (e.g. an unusable result store entry) is one line
        import warnings

        warnings.formatwarning = lambda message, *_, **__: f"qproofs: warning: {' '.join(str(message).split())}\n"
    try:
        args = build_parser().parse_args(argv)
        args.started = started
        handler = {"verify": _verify, "list": _list, "show": _show, "report": _report, "fuzz": _fuzz,
                   "replay": _replay, "selftest": _selftest, "new": _new, "diff": _diff,
                   "expect": _expect, "check": _check, "errata": _errata, "mutate": _mutate}[args.command]
        code = handler(args)
        if argv is None:  # run as a command: the interpreter exits next
            _fast_exit()
        return code
    except QproofsError as exc:
        print(f"qproofs: error: {_one_line(exc)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("qproofs: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in qproofs itself: one line, the traceback only on request
        if os.environ.get("QPROOFS_DEBUG"):
            raise
        print(f"qproofs: internal error: {type(exc).__name__}: {exc} (QPROOFS_DEBUG=1 shows the traceback)",
              file=sys.stderr)
        return 2


# ------------------------------------------------------------ subcommands ---


def _progress(claims: Sequence[Any], enabled: bool) -> tuple[Any, Any]:
    """A tqdm bar over checks on a terminal; elsewhere (CI logs) one line per finished claim."""
    from tqdm import tqdm

    total = sum(len(c.checks) for c in claims)
    tty = sys.stderr.isatty()
    bar = tqdm(total=total, unit="check", file=sys.stderr, disable=not (enabled and tty), dynamic_ncols=True,
               leave=False)
    remaining = {c.id: len(c.checks) for c in claims}
    failed: dict[str, int] = {}
    done = [0]

    def on_check(claim_id: str, check: str, status: str) -> None:
        bar.set_postfix_str(f"{claim_id}::{check} {status}", refresh=False)
        bar.update(1)
        remaining[claim_id] -= 1
        failed[claim_id] = failed.get(claim_id, 0) + (status != "pass")
        if enabled and not tty and remaining[claim_id] == 0:
            done[0] += 1
            state = "all checks passed" if not failed[claim_id] else f"{failed[claim_id]} check(s) not passed"
            print(f"[{done[0]:>2}/{len(remaining)}] {claim_id}: {state}", file=sys.stderr, flush=True)

    return bar, on_check


def _fast_exit() -> None:
    """Freeze the garbage collector's view of every live object before the interpreter exits.

    Tearing down cvxpy, qutip and sympy objects took 2.5 s after the work was
    done (4 s on a loaded machine), which made ``fuzz --budget 20`` last 24 s;
    with the objects frozen, exit takes about 0.2 s. Objects are still freed by
    reference counting; only a run's cyclic garbage is left to the OS. Not done
    when ``main`` is called in-process with an ``argv`` (tests).
    """
    import gc

    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _verify(args: argparse.Namespace) -> int:
    from qproofs.options import RunOptions
    from qproofs.report.write import check_output_dir
    from qproofs.runner import plan_run

    if args.seeds is not None:
        return _verify_seeds(args)
    options = RunOptions.make(only=args.only, profile=args.profile, seed=args.seed, checks=args.checks,
                              workers=args.workers, scheduler=args.scheduler, out=args.out, fresh=args.fresh,
                              reuse=args.reuse, cache_dir=args.cache_dir, last_failed=args.last_failed,
                              exitfirst=args.exitfirst)
    check_output_dir(args.out, fresh=args.fresh)  # before discovery: its imports take seconds
    plan = plan_run(options)
    with _figure_cache(options.cache_dir):
        return _verify_planned(args, options, plan)


@contextlib.contextmanager
def _figure_cache(explicit: Any) -> Iterator[None]:
    """Draw each figure once: PNGs keyed by their spec in ``<cache>/figures``.

    Issue 14: merging one claim into a 39-claim report redrew every figure (5–20 s).
    """
    from qproofs.index import cache_dir
    from qproofs.report import figures

    figures.FIGURE_CACHE[:] = [cache_dir(explicit) / "figures"]
    try:
        yield
    finally:
        figures.FIGURE_CACHE.clear()


def _verify_planned(args: argparse.Namespace, options: Any, plan: Any) -> int:
    from qproofs.report.audit_json import read_json
    from qproofs.runner import ClusterFailure, verify

    if not plan.ids:
        print(f"nothing to run: every claim of {Path(args.out) / 'audit.json'} is verified or cited"
              if options.last_failed else "nothing to run")
        return 0
    bar, on_check = _progress([_Planned(cid, plan) for cid in plan.ids], not args.no_progress)
    try:
        audit = verify(options=options, on_check=on_check, plan=plan)
    except ClusterFailure as exc:
        bar.close()
        if exc.audit.claims:
            print(summary_table(exc.audit))
        raise
    finally:
        bar.close()
    print(summary_table(audit))
    for cid in audit.not_merged:
        print(f"note: {cid} was a partial claim run (--only {cid}::...): {Path(args.out) / 'audit.json'} keeps its "
              "full result (run the whole claim, or use --fresh, to replace it)")
    out = Path(args.out)
    report = read_json(out / "audit.json")
    kept = len(report.claims) - len(audit.claims)
    print(f"report: {out / 'audit.md'}, {out / 'audit.html'}, {out / 'audit.json'} ({len(report.claims)} claims"
          + (f", {kept} kept from earlier runs" if kept else "") + ")")
    note = report.provenance_note()
    if note:
        print(f"note: {note}")
    code = _ci_outputs(args, audit)
    partial = {c.id for c in audit.claims if audit.run_of(c.id).only_checks or c.id in audit.not_merged}
    if partial and args.expect is None:
        code = _partial_exit_code(audit, partial)
    if args.require_trust:
        from qproofs.trust import below

        short = [(c.id, k) for c in audit.claims for k in below(c, args.require_trust)]
        for cid, k in short:
            print(f"trust: {cid} rests on {k.name} ({k.method}), which is {k.trust}, below {args.require_trust}",
                  file=sys.stderr)
        if short:
            return max(code, 2)
    return code


class _Planned:
    """A planned claim as the progress bar sees it: an id and its checks (no import needed)."""

    def __init__(self, cid: str, plan: Any) -> None:
        self.id = cid
        stored = plan.reused.get(cid)
        self.checks = stored.result.checks if stored is not None else plan.claim(cid).checks


def _partial_exit_code(audit: Any, partial: set[str]) -> int:
    """Exit status when some claims ran partially: their checks that did not run do not count as inconclusive."""
    statuses = {k.status for c in audit.claims for k in c.checks
                if c.id not in partial or not k.detail.startswith("not run: partial claim run")}
    whole = {c.verdict.value for c in audit.claims if c.id not in partial}
    if statuses & {"error", "inconclusive"} or whole & {"error", "inconclusive"}:
        return 2
    return 1 if "fail" in statuses else 0


def summary_table(audit: Any) -> str:
    """Plain-text table: one row per claim, then the verdict counts."""
    rows = [("claim", "verdict", "checks", "time", "notes")]
    run_of = getattr(audit, "run_of", None)
    reused = 0
    for c in audit.claims:
        passed = sum(k.status == "pass" for k in c.checks)
        run = run_of(c.id) if run_of is not None else None
        marks = (["reused"] if run is not None and run.reused else []) + (
            [f"partial: only {', '.join(run.only_checks)}"] if run is not None and run.only_checks else [])
        reused += bool(run is not None and run.reused)
        rows.append((c.id, c.verdict.value, f"{passed}/{len(c.checks)}", f"{c.duration_s:.1f}s",
                     "; ".join([*marks, *c.dependency_notes])))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(r[i].ljust(widths[i]) for i in range(4)) + ("  " + r[4] if r[4] else "") for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    counts = ", ".join(f"{v} {k}" for k, v in audit.summary.items() if v)
    lines.append(f"{len(audit.claims)} claims: {counts} ({audit.run.profile} profile, seed {audit.run.seed}, "
                 f"{audit.run.duration_s:.1f}s" + (f"; {reused} reused from the result store" if reused else "") + ")")
    lines.append(audit.error_budget_line())
    checker = audit.run.checker_line() if hasattr(audit.run, "checker_line") else None
    if checker:
        lines.append(checker)
    return "\n".join(lines)


def _claims_light(checks: str | None, cache_dir: str | None) -> dict[str, Any]:
    """Claim metadata by id: from the claim index while it matches the sources, else by discovery (which rewrites it)."""
    from qproofs.index import cache_dir as default_cache
    from qproofs.index import default_checks_path, load_index, write_index

    root = Path(checks).resolve() if checks else default_checks_path()
    cache = default_cache(cache_dir)
    entries = load_index(root, cache)
    if entries is not None:
        return dict(entries)
    from qproofs.runner import load_registry

    registry = load_registry(root)
    write_index(registry.claims.values(), root, cache)
    return dict(registry.claims)


def _list(args: argparse.Namespace) -> int:
    claims = _claims_light(args.checks, args.cache_dir)
    width = max(len(c) for c in claims)
    ref_width = max(len(c.ref) for c in claims.values())
    for c in claims.values():
        print(f"{c.id.ljust(width)}  {c.ref.ljust(ref_width)}  {c.title}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from qproofs.errors import UnknownClaim

    claims = _claims_light(args.checks, args.cache_dir)
    if args.claim_id not in claims:
        raise UnknownClaim(f"unknown claim id {args.claim_id!r} (see 'qproofs list')")
    claim = claims[args.claim_id]
    path = Path(args.out) / "audit.json"
    last = None
    if path.is_file():
        from qproofs.report.audit_json import read_json

        audit = read_json(path)
        last = next((c for c in audit.claims if c.id == claim.id), None)
    if last is None:
        print(f"{claim.id} — {claim.title} ({claim.ref})\n\n{claim.statement}\n")
        print(f"scope: {claim.scope or 'not declared'}" + (f" (to: {claim.form})" if claim.form else "") + "\n")
        print(f"not yet audited in {path} (run 'qproofs verify --only {claim.id}')")
        return 0
    from qproofs.report.markdown import claim_markdown

    print("\n".join(claim_markdown(last, audit.claims)))
    print(f"\n(from {path}: profile {audit.run.profile}, seed {audit.run.seed}, {audit.run.started})")
    return 0


def _report(args: argparse.Namespace) -> int:
    from qproofs.report.write import rerender

    with _figure_cache(None):
        audit = rerender(args.out)
    print(f"re-rendered {Path(args.out) / 'audit.md'} and {Path(args.out) / 'audit.html'} "
          f"({len(audit.claims)} claims)")
    return 0


def _fuzz(args: argparse.Namespace) -> int:
    from qproofs.fuzz.campaign import run_campaign

    return run_campaign(only=args.only, checks=args.checks, budget_s=args.budget, examples=args.examples,
                        seed=args.seed, database=args.database, out=args.out, workers=args.workers,
                        scheduler=args.scheduler, started=args.started)


def _replay(args: argparse.Namespace) -> int:
    from qproofs.fuzz.campaign import replay

    return replay(args.file, checks=args.checks)


def _selftest(args: argparse.Namespace) -> int:
    from qproofs.selftest import run_selftest

    return run_selftest(only=args.only, checks=args.checks, seed=args.seed)


def _new(args: argparse.Namespace) -> int:
    from qproofs.scaffold import write_new_claim

    path = write_new_claim(args.claim_id, Path(args.checks), section=args.section, ref=args.ref, title=args.title)
    print(f"wrote {path}: fill in the statement, parameters and check, then run "
          f"'qproofs verify --checks {args.checks} --only {args.claim_id}'")
    return 0


# ------------------------------------------ comparing audits and CI outputs ---


def _diff(args: argparse.Namespace) -> int:
    from qproofs.report.diff import diff_audits, load_audit_dict, render_markdown, render_text

    d = diff_audits(load_audit_dict(args.old), load_audit_dict(args.new))
    print(render_markdown(d) if args.format == "md" else render_text(d))
    return d.exit_code


def _ci_outputs(args: argparse.Namespace, audit: Any) -> int:
    """After ``verify``: the CI outputs asked for, and the exit status (``--expect`` decides it when given)."""
    if args.junit is not None:
        from qproofs.report.junit import junit_xml

        Path(args.junit).parent.mkdir(parents=True, exist_ok=True)
        Path(args.junit).write_text(junit_xml(audit.to_dict()), encoding="utf-8")
        print(f"junit: {args.junit}")
    if args.expect is None:
        return int(audit.exit_code)
    from qproofs.report.expect import hold, load_expectations, render_outcome

    outcome = hold(load_expectations(args.expect), audit.to_dict())
    print(render_outcome(outcome))
    return outcome.exit_code


def _verify_seeds(args: argparse.Namespace) -> int:
    """``verify --seeds``: the selection under each seed; exit 2 if a verdict depends on the seed."""
    from qproofs.seeds import parse_seeds, render_seed_runs, run_seeds

    seeds = parse_seeds(args.seeds)
    if args.seed != 0:
        raise UsageError("qproofs verify: --seed and --seeds are exclusive")
    if args.expect is not None or args.junit is not None:
        raise UsageError("qproofs verify: --seeds writes no audit, so it takes neither --expect nor --junit")

    def done(seed: int, audit: Any) -> None:
        if not args.no_progress:
            print(f"seed {seed}: " + ", ".join(f"{v} {k}" for k, v in audit.summary.items() if v), file=sys.stderr)

    runs = run_seeds(seeds, on_audit=done, only=args.only, profile=args.profile, checks=args.checks,
                     workers=args.workers, scheduler=args.scheduler)
    print(render_seed_runs(runs))
    return runs.exit_code


def _expect(args: argparse.Namespace) -> int:
    from qproofs.report.diff import load_audit_dict
    from qproofs.report.expect import expectations_toml, hold, load_expectations, render_outcome

    doc = load_audit_dict(args.audit)
    if args.write:
        Path(args.file).write_text(expectations_toml(doc), encoding="utf-8")
        print(f"wrote {args.file} ({len(doc['claims'])} claims)")
        return 0
    outcome = hold(load_expectations(args.file), doc)
    print(render_outcome(outcome))
    return outcome.exit_code


def _check(args: argparse.Namespace) -> int:
    """``qproofs check``: 0 all accepted, 1 any rejected, 64 unreadable input or nothing to check (issues 12, 15).

    ``--kernel coq`` re-proves each certificate in the Coq kernel; a certificate the kernel cannot
    express is listed, and neither accepted nor rejected.
    """
    from qproofs.certcheck import CertcheckError, check_paths

    paths = args.paths or ["reports/certificates"]
    unexpressed = 0
    try:
        if args.kernel == "coq":
            from qproofs.certcheck.coq import CoqUnavailable, check_with_coq, is_not_expressible

            try:
                outcomes = check_with_coq(paths)
            except CoqUnavailable as exc:
                print(f"qproofs: error: --kernel coq: {exc}", file=sys.stderr)
                return EXIT_USAGE
            unexpressed = sum(map(is_not_expressible, outcomes))
            outcomes = [o for o in outcomes if not is_not_expressible(o)] + [
                o for o in outcomes if is_not_expressible(o)]
            rejected = [o for o in outcomes if not o.accepted and not is_not_expressible(o)]
        else:
            outcomes = check_paths(paths)
            rejected = [o for o in outcomes if not o.accepted]
    except CertcheckError as exc:
        print(f"qproofs: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(certificate_table(outcomes))
    for o in rejected:
        print(f"REJECTED {o.file}: {o.reason}")
    if args.audit and args.kernel == "coq":
        from qproofs.trust import mark_kernel_accepted

        marked = mark_kernel_accepted(args.audit, {str(Path(o.file).resolve()) for o in outcomes if o.accepted})
        print(f"{args.audit}/audit.json: {marked} checks now rest on certificates re-proved by the Coq kernel")
    accepted = sum(o.accepted for o in outcomes)
    tail = f", {unexpressed} not expressible in the kernel" if args.kernel == "coq" else ""
    print(f"{accepted} accepted, {len(rejected)} rejected{tail} ({args.kernel} kernel)")
    return 1 if rejected else 0


def certificate_table(outcomes: Sequence[Any]) -> str:
    """Plain-text table: file, claim, check, kind, result, seconds."""
    rows = [("file", "claim", "check", "kind", "result", "seconds")]
    rows += [(o.file, o.claim, o.check, o.kind, "accepted" if o.accepted else "rejected: " + o.reason.split(":")[0],
              f"{o.seconds:.3f}") for o in outcomes]
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)


def _errata(args: argparse.Namespace) -> int:
    """``qproofs errata``: render ``<out>/errata.md`` from ``<out>/audit.json`` (issue 10), write it, print it."""
    from qproofs.jsonfile import read_json_object
    from qproofs.report.errata import require_repair_fields, write_errata
    from qproofs.runner import Audit

    path = Path(args.out) / "audit.json"
    doc = read_json_object(path, missing="no audit.json here (run 'qproofs verify' first)")
    require_repair_fields(doc, path)
    audit = Audit.from_dict(doc)
    written = write_errata(audit, args.out)
    print(written.read_text(encoding="utf-8"), end="")
    print(f"errata: {written}", file=sys.stderr)
    return 0


# ------------------------------------------------- mutation campaign (issue 11) ---


def _mutate_parser(sub: Any) -> None:
    """``qproofs mutate``: Cosmic Ray mutants of the library judged by the audit (see qproofs.mutation)."""
    mu = sub.add_parser("mutate", help="automated mutation campaign over qproofs modules, the audit as oracle",
                        description="Sample mutants of qproofs modules (Cosmic Ray operators), run on a temporary copy "
                                    "the claims that execute each mutated function (from a traced run of every claim "
                                    "alone; module-level mutants: the claims importing the module), report the kill "
                                    "score with a 95% Wilson interval. Exit 1 if any mutant survived or no claim "
                                    "executes it.")
    mu.add_argument("--modules", nargs="+", action="extend", metavar="GLOB",
                    help="module globs inside the package (default: qproofs/{protocols,quantum,symbolic,sdp,fit}/*.py)")
    mu.add_argument("--sample", type=int, default=200, metavar="N", help="mutants drawn at random (default 200)")
    mu.add_argument("--seed", type=_nonneg_int("--seed"), default=0, help="seed of the sampling (the audit uses 0)")
    mu.add_argument("--profile", choices=("quick", "standard", "deep"), default="standard")
    mu.add_argument("--timeout", type=_positive(float, "--timeout"), metavar="SECONDS",
                    help="per-mutant limit (default: 60 s + 5x the baseline time of its claims)")
    mu.add_argument("--out", default="benchmarks/results/mutation.json", metavar="FILE")
    mu.add_argument("--jobs", type=int, default=1, metavar="N",
                    help="mutants run at once, each in its own subprocess (default 1)")


def _mutate(args: argparse.Namespace) -> int:
    from qproofs.mutation import run_campaign

    command = "qproofs " + " ".join(sys.argv[1:]) if sys.argv[1:2] == ["mutate"] else "qproofs mutate"
    return run_campaign(modules=args.modules, sample=args.sample, seed=args.seed, profile=args.profile,
                        timeout=args.timeout, out=args.out, command=command, jobs=args.jobs)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
