"""``qproofs fuzz`` and ``qproofs replay``: campaigns over every fuzzable property.

A campaign runs hypothesis on each :class:`~qproofs.fuzz.Property` of the
selected claims, with a persistent example database (campaigns accumulate:
earlier failures are replayed first). A counterexample is shrunk, saved as a
replay file ``<out>/counterexamples/<claim>--<property>--<hash>.json``
(schema ``qproofs.counterexample/1``) and merged into ``<out>/audit.json`` as a
failing ``campaign:<property>`` check, so the report shows the claim
``refuted`` with the minimal instance. ``qproofs replay FILE`` re-runs exactly
that instance.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qproofs import __version__
from qproofs.claims import CheckResult, ClaimResult, decide, jsonable
from qproofs.errors import ConfigError, require
from qproofs.fuzz import CHUNK, FuzzOutcome, Property, run_property
from qproofs.jsonfile import read_json_object
from qproofs.options import parse_scheduler_address
from qproofs.property import resolve_ref
from qproofs.report.write import atomic_write, safe_name

REPLAY_SCHEMA = "qproofs.counterexample/1"
DEFAULT_BUDGET_S = 60.0
_EXAMPLES_CAP = 1_000_000  # with a time budget, the budget (not this cap) ends each property


def property_seed(seed: int, prop: Property) -> int:
    """Seed of one property's campaign: independent of the selection and of the process."""
    key = json.dumps([seed, prop.claim, prop.name])
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") >> 1


def fuzz_one(checks: str, claim: str, name: str, seed: int, max_examples: int, budget_s: float | None,
             database: str | None, deadline: float | None = None, blas_threads: int | None = None) -> FuzzOutcome:
    """Picklable task: run one property (used serially and on Dask workers).

    ``deadline`` (``time.time()`` seconds) caps ``budget_s`` so that tasks
    queued behind others on a cluster still end with the campaign's budget;
    ``blas_threads`` is the client's BLAS thread count (see
    :func:`qproofs.runner.run_claim_by_id`).
    """
    from qproofs.runner import load_registry

    prop = _find_property(load_registry(checks).properties, claim, name)
    if deadline is not None and budget_s is not None:
        budget_s = min(budget_s, deadline - time.time())
    if budget_s is not None and budget_s <= 0:
        return FuzzOutcome(0, 0, math.inf, None, None, 0.0)
    with contextlib.ExitStack() as stack:
        if blas_threads is not None:
            from threadpoolctl import threadpool_limits

            stack.enter_context(threadpool_limits(limits=blas_threads, user_api="blas"))
        return run_within_budget(prop, seed=property_seed(seed, prop), max_examples=max_examples,
                                 budget_s=budget_s, database=_database(database))


_GOLDEN = 0x9E3779B97F4A7C15  # the chunk seed step of qproofs.fuzz.run_property


def run_within_budget(prop: Property, *, seed: int, max_examples: int, budget_s: float | None, database: Any,
                      on_example: Callable[[], None] | None = None,
                      clock: Callable[[], float] = time.perf_counter) -> FuzzOutcome:
    """Like :func:`qproofs.fuzz.run_property`, but holding a time budget to within a few examples.

    ``run_property`` checks its budget between chunks of 200 examples, which
    overran ``--budget 20`` by 50 % on slow properties (issue 13, finding 9).
    Here each hypothesis run is sized from the example rate measured so far
    to use about half of the time left (the first run is one example), so
    the last run ends within a few examples of the budget. Shrinking a found
    counterexample is not cut short (the budget bounds the search, and a
    minimal counterexample is worth the seconds). Without a budget this is
    ``run_property``. ``clock`` (seconds) is what the budget is measured on;
    the tests pass a simulated one, so that holding the budget is checked
    without timing anything.
    """
    if budget_s is None:
        return run_property(prop, seed=seed, max_examples=max_examples, database=database, on_example=on_example)
    seen: set[str] = set()

    def recorded(instance: Any) -> float:
        seen.add(repr(jsonable(instance)))
        return float(resolve_ref(prop.slack)(instance))

    counted = Property(prop.name, prop.claim, prop.strategy, recorded, prop.tol, prop.statement)
    t0 = clock()
    examples, min_slack, chunk = 0, math.inf, 0
    bad: FuzzOutcome | None = None
    while examples < max_examples:
        elapsed = clock() - t0
        left = budget_s - elapsed
        if left <= 0:
            break
        rate = examples / elapsed if examples and elapsed > 0 else None
        n = 1 if rate is None else max(1, min(CHUNK, int(rate * left * 0.5)))
        out = run_property(counted, seed=(seed + chunk * _GOLDEN) % 2**63, max_examples=min(n, max_examples - examples),
                           database=database, on_example=on_example)
        chunk += 1
        examples += out.examples
        min_slack = min(min_slack, out.min_slack)
        if not out.passed:
            bad = out
            break
    return FuzzOutcome(examples, len(seen), min_slack, None if bad is None else bad.counterexample,
                       None if bad is None else bad.counterexample_slack, clock() - t0)


def _database(path: str | None) -> Any:
    if path is None:
        return None
    from hypothesis.database import DirectoryBasedExampleDatabase

    return DirectoryBasedExampleDatabase(path)


def _find_property(props: Sequence[Property], claim: str, name: str) -> Property:
    for p in props:
        if p.claim == claim and p.name == name:
            return p
    raise ConfigError(f"no fuzzable property {name!r} of claim {claim!r} in this checks directory")


def run_campaign(*, only: Sequence[str] | None = None, checks: str | None = None, budget_s: float | None = None,
                 examples: int | None = None, seed: int = 0, database: str | None = None, out: str = "reports",
                 workers: int | None = None, scheduler: str | None = None, started: float | None = None) -> int:
    """Fuzz every property of the selected claims; print live progress and a summary table.

    Exit status: 0 no counterexample, 1 counterexamples found (saved and
    merged into the report). ``budget_s`` is wall-clock time for the whole
    campaign, discovery included: each property gets an equal share of what
    is left when it starts (on Dask: of the workers' time), and every task
    also stops at the campaign's deadline. ``started`` (a ``time.perf_counter()``
    value) is when the command started, so its imports count too.
    """
    from qproofs.report.write import check_output_dir
    from qproofs.runner import load_registry

    t0 = time.perf_counter() if started is None else started
    if scheduler is not None:
        scheduler = parse_scheduler_address(scheduler)
    check_output_dir(out)
    checks = None if checks is None else str(Path(checks).resolve())
    registry = load_registry(checks)
    chosen = {c.id for c in registry.select(only)}
    props = [p for p in registry.properties if p.claim in chosen]
    if not props:
        raise ConfigError("no fuzzable property among the selected claims (see 'qproofs list')")
    if examples is None:
        budget_s = DEFAULT_BUDGET_S if budget_s is None else budget_s
        require(budget_s > 0, "--budget", "must be > 0 seconds", budget_s)
    max_examples = examples if examples is not None else _EXAMPLES_CAP
    path = str(registry.path.resolve())
    outcomes: list[FuzzOutcome]
    if workers is not None or scheduler is not None:
        from qproofs.executors import DaskExecutor

        def done(i: int, o: FuzzOutcome) -> None:
            print(_progress_line(props[i], o), file=sys.stderr)

        left = None if budget_s is None else budget_s - (time.perf_counter() - t0)
        deadline = None if left is None else time.time() + left
        share = None if left is None else max(left, 0.0) * (workers or 1) / len(props)
        from qproofs.runner import blas_threads

        threads = blas_threads()
        args = [(path, p.claim, p.name, seed, max_examples, share, database, deadline, threads) for p in props]
        outcomes = DaskExecutor(workers=workers, scheduler=scheduler).map(fuzz_one, args, on_done=done)
    else:
        outcomes = []
        for i, p in enumerate(props):
            share = None if budget_s is None else (budget_s - (time.perf_counter() - t0)) / (len(props) - i)
            outcomes.append(_fuzz_with_bar(p, seed, max_examples, share, database))
    saved = [save_counterexample(p, o, seed, Path(out)) for p, o in zip(props, outcomes, strict=True)
             if not o.passed]
    print(campaign_table(props, outcomes))
    print(f"{sum(o.examples for o in outcomes)} examples in {time.perf_counter() - t0:.1f} s, "
          f"{len(saved)} counterexample(s), seed {seed}")
    for f in saved:
        print(f"counterexample saved: {f}  (replay: qproofs replay {f})")
    if saved:
        merge_into_report(props, outcomes, Path(out), seed, checks)
    return 1 if saved else 0


def _fuzz_with_bar(prop: Property, seed: int, max_examples: int, budget_s: float | None,
                   database: str | None) -> FuzzOutcome:
    from tqdm import tqdm

    if budget_s is not None and budget_s <= 0:
        out = FuzzOutcome(0, 0, math.inf, None, None, 0.0)
        print(_progress_line(prop, out), file=sys.stderr)
        return out
    with tqdm(desc=f"{prop.claim}:{prop.name}", unit="ex", file=sys.stderr, leave=False, disable=None) as bar:
        out = run_within_budget(prop, seed=property_seed(seed, prop), max_examples=max_examples,
                                budget_s=budget_s, database=_database(database), on_example=lambda: bar.update(1))
    print(_progress_line(prop, out), file=sys.stderr)
    return out


def _progress_line(prop: Property, o: FuzzOutcome) -> str:
    rate = o.examples / o.seconds if o.seconds > 0 else 0.0
    state = "ok" if o.passed else f"COUNTEREXAMPLE (slack {o.counterexample_slack:.3g})"
    return f"  {prop.claim}:{prop.name}: {o.examples} examples, {rate:.0f}/s, {state}"


def campaign_table(props: Sequence[Property], outcomes: Sequence[FuzzOutcome]) -> str:
    """Summary: examples run, distinct instances, failures, minimum slack, time, rate."""
    rows = [("claim", "property", "examples", "distinct", "failures", "min slack", "time", "ex/s")]
    for p, o in zip(props, outcomes, strict=True):
        rows.append((p.claim, p.name, str(o.examples), str(o.distinct), "0" if o.passed else "1",
                     f"{o.min_slack + 0.0:.3g}", f"{o.seconds:.1f}s", f"{o.examples / max(o.seconds, 1e-9):.0f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def save_counterexample(prop: Property, o: FuzzOutcome, seed: int, out: Path) -> Path:
    """Write the replay file of a shrunk counterexample; return its path."""
    doc = {"schema": REPLAY_SCHEMA, "claim": prop.claim, "property": prop.name, "instance": o.counterexample,
           "slack": o.counterexample_slack, "tolerance": prop.tol, "seed": seed, "qproofs_version": __version__,
           "created": datetime.now(UTC).isoformat(timespec="seconds")}
    digest = hashlib.sha256(json.dumps(o.counterexample, sort_keys=True).encode()).hexdigest()[:10]
    path = out / "counterexamples" / f"{safe_name(f'{prop.claim}--{prop.name}--{digest}')}.json"
    return atomic_write(path, json.dumps(doc, sort_keys=True, indent=2) + "\n")


def load_replay(file: str | Path) -> dict[str, Any]:
    """Read and validate a replay file (one-line :class:`ConfigError` when malformed)."""
    path = Path(file)
    doc = read_json_object(path, missing="no such replay file")
    if doc.get("schema") != REPLAY_SCHEMA:
        raise ConfigError(f"{path}: not a {REPLAY_SCHEMA} replay file")
    missing = [k for k in ("claim", "property", "instance") if k not in doc]
    if missing:
        raise ConfigError(f"{path}: replay file lacks {', '.join(missing)}")
    wrong = [k for k in ("claim", "property") if not isinstance(doc[k], str)]
    if wrong:
        raise ConfigError(f"{path}: replay file field {wrong[0]} must be a string, not {type(doc[wrong[0]]).__name__}")
    return doc


def replay(file: str | Path, checks: str | None = None) -> int:
    """Re-run one saved instance; exit 1 if it still violates the property, 0 if it now holds."""
    from qproofs.runner import load_registry

    doc = load_replay(file)
    prop = _find_property(load_registry(checks).properties, doc["claim"], doc["property"])
    try:
        ok, slack = prop.holds(doc["instance"])
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        raise ConfigError(f"{file}: the instance does not fit property {prop.name!r} of {prop.claim} "
                          f"({type(exc).__name__}: {exc})"[:300]) from None
    print(f"{prop.claim}:{prop.name} on {json.dumps(doc['instance'])[:400]}")
    print(f"slack {slack:.6g} (tolerance {prop.tol:g}): {'holds' if ok else 'COUNTEREXAMPLE reproduces'}")
    return 0 if ok else 1


def merge_into_report(props: Sequence[Property], outcomes: Sequence[FuzzOutcome], out: Path, seed: int,
                      checks: str | None = None) -> None:
    """Add ``campaign:<property>`` checks to ``out/audit.json`` and re-render the report.

    The read, the change and the write happen under the output lock, as one
    unit (:func:`qproofs.report.write.update_report`).
    """
    from qproofs.report.write import update_report
    from qproofs.runner import Audit, RunInfo, load_registry, package_versions

    registry = load_registry(checks)

    def change(audit: Audit | None) -> Audit:
        if audit is None:
            run = RunInfo(seed=seed, profile="fuzz", started=datetime.now(UTC).isoformat(timespec="seconds"),
                          duration_s=0.0, packages=package_versions(), executor="fuzz campaign")
            audit = Audit(run, ())
        results = {c.id: c for c in audit.claims}
        for p, o in zip(props, outcomes, strict=True):
            check = CheckResult(
                name=f"campaign:{p.name}", method="fuzz", passed=o.passed,
                observed={"min_slack": o.min_slack, "examples": o.examples}, expected=f"slack >= -{p.tol:g}",
                tolerance=p.tol, instances=o.examples, detail=f"qproofs fuzz campaign, seed {seed}",
                counterexample=None if o.passed else {"property": p.name, "instance": o.counterexample,
                                                       "slack": o.counterexample_slack},
                duration_s=o.seconds)
            if p.claim in results:
                base = results[p.claim]
                merged = tuple(k for k in base.checks if k.name != check.name) + (check,)
            else:
                c = registry.get(p.claim)
                base = ClaimResult(c.id, c.ref, c.section, c.title, c.statement, decide((check,)), (check,),
                                   c.caveats, c.uses, c.cited)
                merged = (check,)
            results[p.claim] = replace(base, checks=merged, verdict=decide(merged, cited=base.cited is not None))
        order = [c.id for c in audit.claims] + [cid for cid in results if cid not in {c.id for c in audit.claims}]
        return replace(audit, claims=tuple(results[cid] for cid in order))

    update_report(out, change)
