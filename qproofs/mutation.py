"""``qproofs mutate``: an automated mutation campaign over the library, with the audit as oracle (issue 11).

The project's own mutants (``qproofs selftest``) measure what their authors
thought of. This campaign measures the checks against faults nobody chose:
Cosmic Ray's mutation operators (binary/comparison/unary operator
replacement, number replacement, ``True``/``False``, ``and``/``or``,
``break``/``continue``, removed decorators, zero-iteration loops, exception
replacement) enumerate every mutation point of the selected modules of
``qproofs/`` (default: ``protocols``, ``quantum``, ``symbolic``, ``sdp``,
``fit``); a random sample of them (deterministic in ``--seed``) is applied,
one at a time, to a *temporary copy* of ``qproofs/`` and ``checks/`` (the
working tree is never modified) and judged by the audit of the claims that use
the module, run in a subprocess on that copy (``PYTHONPATH`` = the copy): the
audit's own ``run_claim`` at the chosen profile and seed 0, as ``qproofs
verify --only <claims>`` runs it, one claim at a time (cheapest first) so that
the run can stop at the first changed verdict or check status.

Why Cosmic Ray as a library and not its CLI: its ``exec`` mutates the module
file in place in the working tree and runs the whole test command for every
mutant of a session; we need "sample N mutants at random, run a per-mutant
oracle (only the claims that use the module) on a copy". So we use its
operators (``cosmic_ray.plugins``) and its ``mutate_code`` for the mutations,
and hand-write only the sampling, the copy and the oracle.

Which claims judge a mutant. Before the first mutant, every claim is run
once more, alone in its own process and traced (:func:`traced_control`): the
campaign's negative control (a claim whose verdict or statuses do not
reproduce is not judged) and its coverage map, the package functions each
claim executes. A mutant inside a function body is judged by the claims that
executed that function (function-level coverage, as mutmut 3 maps tests to
functions): no other claim can see it, and a mutant no claim executes is
``uncovered`` (counted as not killed) instead of costing an audit to
"survive". Any other mutant (module level, a class body, a default value, a
decorator) is judged by every claim that imports its module, from the static
import graph of ``qproofs/`` and ``checks/`` (every ``import``, also inside
functions, minus ``if TYPE_CHECKING:`` blocks; importing ``a.b.c`` also
imports ``a`` and ``a.b``). Both maps are cached by the hash of the sources.

A mutant is **killed** when, against the unmutated baseline (same profile,
seed 0), some claim's verdict or some check's status changes. The kinds are
counted apart: ``killed`` (a verdict or check status changed and no check
raised), ``killed-error`` (a check raised an exception under the mutant),
``crashed`` (the audit itself did not complete) and ``timeout``. A
``survived`` mutant left every verdict and status unchanged; ``uncovered``
means no claim executes its function (or imports its module): it counts as
not killed, since nothing could catch it.
Scores carry a 95% Wilson interval.
"""

from __future__ import annotations

import ast
import difflib
import glob
import hashlib
import json
import math
import os
import random
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from qproofs.errors import ConfigError, InvalidParameter

SCHEMA = "qproofs.mutation/1"
DEFAULT_MODULES = ("qproofs/protocols/*.py", "qproofs/quantum/*.py", "qproofs/symbolic/*.py",
                   "qproofs/sdp/*.py", "qproofs/fit/*.py")
KILLED_KINDS = ("killed", "killed-error", "crashed", "timeout")
OUTCOMES = (*KILLED_KINDS, "survived", "uncovered")
PACKAGE = "qproofs"


# ------------------------------------------------------------ the mutants ---


@dataclass(frozen=True, order=True)
class MutantSpec:
    """One mutation: Cosmic Ray ``operator`` at its ``occurrence``-th point of ``module`` (path from the root)."""

    module: str
    operator: str
    occurrence: int
    line: int
    col: int
    definition: str = ""

    @property
    def id(self) -> str:
        """A stable, readable id: ``module:line:operator#occurrence``."""
        return f"{self.module}:{self.line}:{self.operator.removeprefix('core/')}#{self.occurrence}"


def resolve_modules(root: Path, patterns: Sequence[str]) -> list[str]:
    """The ``.py`` files of the package matched by ``patterns`` (paths from ``root``), sorted.

    A pattern that names anything outside ``root/qproofs`` or matches no
    module raises :class:`InvalidParameter` (exit 64 from the CLI).
    """
    package = (root / PACKAGE).resolve()
    found: set[str] = set()
    for pattern in patterns:
        rule = f"must name .py modules inside the {PACKAGE} package, e.g. {PACKAGE}/quantum/*.py"
        if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
            raise InvalidParameter("--modules", rule, pattern)
        hits = [Path(p).resolve() for p in glob.glob(str(root / pattern), recursive=True)]
        hits = [p for p in hits if p.suffix == ".py" and p.is_file()]
        if not hits:
            raise InvalidParameter("--modules", f"{rule}; this pattern matches none", pattern)
        outside = [p for p in hits if not p.is_relative_to(package)]
        if outside:
            raise InvalidParameter("--modules", rule, str(outside[0]))
        found.update(p.relative_to(root.resolve()).as_posix() for p in hits)
    return sorted(found)


def _operators() -> list[tuple[str, Any]]:
    """Cosmic Ray's operators that take no arguments (its default set), instantiated, in its order."""
    import cosmic_ray.plugins

    chosen = []
    for name in cosmic_ray.plugins.operator_names():
        cls = cosmic_ray.plugins.get_operator(name)
        if not cls.arguments():
            chosen.append((name, cls()))
    return chosen


def mutation_points(root: Path, module: str) -> list[MutantSpec]:
    """Every mutant of one module, in Cosmic Ray's enumeration order (as ``cosmic-ray init`` lists them)."""
    from cosmic_ray.ast import ast_nodes, get_ast
    from cosmic_ray.ast.ast_query import ASTQuery

    tree = get_ast((root / module).read_text(encoding="utf-8"))
    nodes = list(ast_nodes(tree))
    specs = []
    for name, op in _operators():
        occurrence = 0
        for node in nodes:
            for (line, col), _end in op.mutation_positions(node):
                specs.append(MutantSpec(module, name, occurrence, line, col,
                                        ASTQuery(node).get_definition_name() or ""))
                occurrence += 1
    return specs


def mutated_source(source: str, spec: MutantSpec) -> str | None:
    """``source`` under ``spec`` (Cosmic Ray's ``mutate_code``), or ``None`` if the point does not exist."""
    import cosmic_ray.plugins
    from cosmic_ray.mutating import mutate_code

    result = mutate_code(source, cosmic_ray.plugins.get_operator(spec.operator)(), spec.occurrence)
    return result if isinstance(result, str) else None


def _strip_annotations(tree: ast.AST) -> str:
    for node in ast.walk(tree):
        if isinstance(node, ast.arg):
            node.annotation = None
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            node.returns = None
        elif isinstance(node, ast.AnnAssign):
            node.annotation = ast.Constant(None)
    return ast.dump(tree)


def annotation_only(original: str, mutated: str) -> bool:
    """Whether the mutation changes only annotations of a module with postponed evaluation (PEP 563).

    Under ``from __future__ import annotations`` no annotation is evaluated at
    run time, so such a mutant is equivalent by construction: it is skipped
    (and counted) instead of being run.
    """
    if "from __future__ import annotations" not in original:
        return False
    try:
        return _strip_annotations(ast.parse(original)) == _strip_annotations(ast.parse(mutated))
    except SyntaxError:
        return False


def sample_mutants(points: Sequence[MutantSpec], n: int, seed: int,
                   source_of: Callable[[str], str]) -> tuple[list[MutantSpec], list[MutantSpec]]:
    """``n`` mutants drawn uniformly without replacement (``random.Random(seed)``), skipping annotation-only ones.

    Returns ``(chosen, skipped)``; fewer than ``n`` are chosen only when the population runs out.
    """
    order = sorted(points)
    random.Random(seed).shuffle(order)
    chosen: list[MutantSpec] = []
    skipped: list[MutantSpec] = []
    for spec in order:
        if len(chosen) == n:
            break
        source = source_of(spec.module)
        mutated = mutated_source(source, spec)
        if mutated is None or annotation_only(source, mutated):
            skipped.append(spec)
        else:
            chosen.append(spec)
    return chosen, skipped


def mutant_diff(source: str, spec: MutantSpec) -> str:
    """The changed lines (unified diff without context)."""
    mutated = mutated_source(source, spec) or source
    lines = difflib.unified_diff(source.splitlines(), mutated.splitlines(), lineterm="", n=0)
    return "\n".join(x for x in lines if x[:1] in "+-" and x[:3] not in ("+++", "---"))


# ------------------------------------------------------ who uses a module ---


def _imports(tree: ast.AST) -> Iterable[ast.Import | ast.ImportFrom]:
    """Every import statement, also inside functions, except under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _module_files(base: Path, parts: Sequence[str]) -> list[Path]:
    """Files executed by importing ``base/parts[0]/.../parts[-1]``: each package ``__init__`` and the module."""
    out = []
    for i in range(1, len(parts) + 1):
        d = base.joinpath(*parts[:i])
        if (d / "__init__.py").is_file():
            out.append(d / "__init__.py")
        elif i == len(parts) and d.with_suffix(".py").is_file():
            out.append(d.with_suffix(".py"))
    return out


def _edges(path: Path, root: Path) -> set[Path]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    deps: set[Path] = set()
    for node in _imports(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                deps.update(_module_files(root, alias.name.split(".")))
            continue
        if node.level:
            base = path.parent
            for _ in range(node.level - 1):
                base = base.parent
            parts = node.module.split(".") if node.module else []
            deps.update(_module_files(base, parts) if parts else [])
        else:
            base = root
            parts = (node.module or "").split(".")
            deps.update(_module_files(root, parts))
        for alias in node.names:  # ``from pkg import submodule``
            deps.update(p for p in _module_files(base, [*parts, alias.name]) if p.stem == alias.name)
    return {d.resolve() for d in deps}


def import_graph(root: Path, dirs: Sequence[Path]) -> dict[Path, set[Path]]:
    """File -> files it imports (directly), over every ``.py`` under ``dirs``."""
    files = sorted(p.resolve() for d in dirs for p in d.rglob("*.py") if "__pycache__" not in p.parts)
    return {f: _edges(f, root) for f in files}


def reachable(graph: Mapping[Path, set[Path]], start: Path) -> set[Path]:
    """Files that importing ``start`` executes (itself included)."""
    seen = {start}
    todo = [start]
    while todo:
        for dep in graph.get(todo.pop(), ()):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


_DISCOVER = ("import json, sys\nfrom qproofs.runner import discover\n"
             "r = discover(sys.argv[1])\n"
             "print(json.dumps({c.id: str(c.module_path) for c in r.claims.values()}))\n")


def _source_hash(dirs: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for d in dirs:
        for p in sorted(d.rglob("*.py")):
            if "__pycache__" not in p.parts:
                h.update(p.as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def declared_modules(root: Path, checks: Path, python: str = sys.executable) -> dict[str, str]:
    """Claim id -> the file declaring it, relative to ``checks`` (claim discovery in a subprocess), cached."""
    cache = Path(tempfile.gettempdir()) / "qproofs-mutation" / f"declared-{_source_hash([root / PACKAGE, checks])}.json"
    if cache.is_file():
        return dict(json.loads(cache.read_text(encoding="utf-8")))
    env = {**os.environ, "PYTHONPATH": str(root)}
    proc = subprocess.run([python, "-c", _DISCOVER, str(checks)], capture_output=True, text=True, env=env,
                          cwd=root, check=False)
    if proc.returncode != 0:
        raise ConfigError(f"{checks}: claim discovery failed: {proc.stderr.strip().splitlines()[-1:]}")
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    declared = {cid: Path(p).resolve().relative_to(checks.resolve()).as_posix() for cid, p in found.items()}
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(declared, indent=1), encoding="utf-8")
    return declared


def claim_usage(root: Path, checks: Path, python: str = sys.executable) -> dict[str, list[str]]:
    """Module path (from ``root``) -> ids of the claims whose declaring file imports it, cached by source hash."""
    dirs = [root / PACKAGE, checks]
    cache = Path(tempfile.gettempdir()) / "qproofs-mutation" / f"usage-{_source_hash(dirs)}.json"
    if cache.is_file():
        return dict(json.loads(cache.read_text(encoding="utf-8")))
    declared = {cid: (checks / m).resolve() for cid, m in declared_modules(root, checks, python).items()}
    graph = import_graph(root, dirs)
    usage: dict[str, list[str]] = {}
    for cid, file in declared.items():
        for dep in reachable(graph, file):
            if dep.is_relative_to((root / PACKAGE).resolve()):
                usage.setdefault(dep.relative_to(root.resolve()).as_posix(), []).append(cid)
    usage = {m: sorted(set(ids), key=list(declared).index) for m, ids in sorted(usage.items())}
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(usage, indent=1), encoding="utf-8")
    return usage


# ---------------------------------------------------------------- oracle ---


@dataclass(frozen=True)
class OracleRun:
    """One ``qproofs verify`` run on a copy: per claim its verdict and check statuses (empty if it crashed)."""

    statuses: Mapping[str, Mapping[str, str]]
    seconds: float
    crashed: str = ""
    timed_out: bool = False
    claim_seconds: Mapping[str, float] = field(default_factory=dict)
    covered: Mapping[str, Sequence[str]] = field(default_factory=dict)


def _copy_tree(root: Path, checks: Path, dest: Path) -> Path:
    skip = shutil.ignore_patterns("__pycache__", ".hypothesis", "*.pyc")
    shutil.copytree(root / PACKAGE, dest / PACKAGE, ignore=skip)
    shutil.copytree(checks, dest / "checks", ignore=skip)
    return dest


_DRIVER = ("import json, sys, time\n"
           "checks, profile, trace, *ids = sys.argv[1:]\n"
           "seen = set()\n"
           "if trace != '-':\n"
           "    import threading\n"
           "    def tracer(frame, event, arg):\n"
           "        co = frame.f_code\n"
           "        if co.co_filename.startswith(trace):\n"
           "            seen.add(co.co_filename[len(trace):] + ':' + str(co.co_firstlineno))\n"
           "    sys.settrace(tracer)\n"
           "    threading.settrace(tracer)\n"
           "from pathlib import Path\n"
           "from qproofs.runner import discover, import_claim, run_claim\n"
           "registry = None\n"
           "for item in ids:\n"
           "    cid, _, module = item.partition('=')\n"
           "    claim = import_claim(Path(checks), cid, module) if module else None\n"
           "    if claim is None:\n"
           "        registry = registry or discover(checks)\n"
           "        claim = registry.get(cid)\n"
           "    t0 = time.perf_counter()\n"
           "    r = run_claim(claim, seed=0, profile=profile)\n"
           "    row = {'verdict': r.verdict.value, **{k.name: k.status for k in r.checks}}\n"
           "    doc = {'id': cid, 'row': row, 'seconds': time.perf_counter() - t0}\n"
           "    if trace != '-':\n"
           "        doc['covered'] = sorted(seen)\n"
           "    print('QPROOFS-MUTANT ' + json.dumps(doc), flush=True)\n")
"""The oracle: the audit's own ``run_claim`` (what ``qproofs verify`` runs for each claim, seed 0), one claim
at a time, one JSON line per claim, so that the campaign can stop at the first changed verdict or status.
Each argument is ``id=module`` (the declaring file, relative to ``checks/``): only that module is imported,
as ``qproofs verify --only`` does through the claim index (5-7 s less per process than discovering all 39);
a bare ``id`` or a module that no longer declares it falls back to discovering everything. With a trace
prefix (not ``-``), a global trace function (called on each Python frame's ``call`` event only; it returns
``None``, so no line tracing) records ``path:first line`` of every code object run from files under
the prefix, installed before anything is imported."""


def _stream(proc: subprocess.Popen[str], deadline: float, stop: Callable[[str, Mapping[str, str]], bool],
            covered: dict[str, list[str]] | None = None) -> tuple[dict[str, dict[str, str]], dict[str, float], bool]:
    """Read the driver's lines until EOF, ``stop`` says so, or the deadline; ``(rows, seconds, timed_out)``.

    Traced runs also fill ``covered`` (claim id -> the ``path:line`` list the driver printed).
    """
    rows: dict[str, dict[str, str]] = {}
    seconds: dict[str, float] = {}
    assert proc.stdout is not None
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return rows, seconds, True
            if not sel.select(timeout=min(left, 5.0)):
                continue
            line = proc.stdout.readline()
            if not line:
                return rows, seconds, False
            if not line.startswith("QPROOFS-MUTANT "):
                continue
            doc = json.loads(line.removeprefix("QPROOFS-MUTANT "))
            rows[doc["id"]] = doc["row"]
            seconds[doc["id"]] = doc["seconds"]
            if covered is not None and "covered" in doc:
                covered[doc["id"]] = doc["covered"]
            if stop(doc["id"], doc["row"]):
                return rows, seconds, False


def run_oracle(root: Path, checks: Path, claims: Sequence[str], profile: str, timeout: float | None,
               mutant: MutantSpec | None = None, baseline: Mapping[str, Mapping[str, str]] | None = None,
               python: str = sys.executable, trace: bool = False,
               modules: Mapping[str, str] | None = None) -> OracleRun:
    """Run ``claims`` at ``profile``, seed 0, on a fresh copy of the tree, mutated by ``mutant`` if given.

    With a ``baseline``, the run stops at the first claim whose verdict or
    check statuses differ from it (the mutant is killed; the rest need not run).
    With ``trace``, ``covered`` lists per claim the package functions executed
    (``qproofs/...py:first line``, cumulative over the claims of this process).
    ``modules`` (claim id -> declaring file relative to ``checks/``) lets the
    driver import only the claims' own modules.
    """
    with tempfile.TemporaryDirectory(prefix="qproofs-mutant-") as tmp:
        copy = _copy_tree(root, checks, Path(tmp) / "tree")
        if mutant is not None:
            target = copy / mutant.module
            mutated = mutated_source(target.read_text(encoding="utf-8"), mutant)
            if mutated is None:
                raise ConfigError(f"{mutant.id}: mutation point not found")
            target.write_text(mutated, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg"}
        env.pop("QPROOFS_DEBUG", None)

        def differs(cid: str, row: Mapping[str, str]) -> bool:
            return baseline is not None and cid in baseline and dict(baseline[cid]) != dict(row)

        t0 = time.perf_counter()
        deadline = time.monotonic() + (timeout if timeout is not None else 1e9)
        with open(Path(tmp) / "stderr", "w+", encoding="utf-8") as err:
            prefix = f"{copy}{os.sep}" if trace else "-"
            proc = subprocess.Popen([python, "-c", _DRIVER, str(copy / "checks"), profile, prefix,
                                     *(f"{c}={(modules or {}).get(c, '')}" for c in claims)],
                                    stdout=subprocess.PIPE, stderr=err, text=True, env=env, cwd=copy)
            covered: dict[str, list[str]] = {}
            try:
                rows, seconds, timed_out = _stream(proc, deadline, differs, covered)
            finally:
                if proc.poll() is None:
                    proc.kill()
                proc.wait()
                if proc.stdout is not None:
                    proc.stdout.close()
            err.seek(0)
            tail = (err.read().strip().splitlines() or [f"exit {proc.returncode}"])[-1]
        elapsed = time.perf_counter() - t0
        if timed_out:
            return OracleRun(rows, elapsed, timed_out=True)
        stopped = any(differs(c, r) for c, r in rows.items())
        if not stopped and (proc.returncode != 0 or set(rows) != set(claims)):
            return OracleRun(rows, elapsed, crashed=tail[:300])
        return OracleRun(rows, elapsed, claim_seconds=seconds, covered=covered)


# --------------------------------------------- which claims run a function ---


def enclosing_function(source: str, line: int, col: int) -> tuple[int, int] | None:
    """Lines ``(first, last)`` of the outermost function whose *body* holds ``(line, col)``, else ``None``.

    ``first`` is the first decorator's line when there is one (CPython's
    ``co_firstlineno``); code objects starting in ``[first, last]`` are that
    function and what it defines (nested functions, lambdas, comprehensions),
    none of which runs unless it runs. A point in a signature (a default value,
    evaluated at import), a decorator, a class body or module-level code is not
    in a body: ``None`` (every claim importing the module may see it).
    """
    def visit(node: ast.AST) -> tuple[int, int] | None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                first = child.body[0]
                if (first.lineno, first.col_offset) <= (line, col) and line <= (child.end_lineno or child.lineno):
                    return min([child.lineno, *(d.lineno for d in child.decorator_list)]), child.end_lineno or line
                continue
            hit = visit(child)
            if hit is not None:
                return hit
        return None

    return visit(ast.parse(source))


def claims_executing(covered: Mapping[str, Sequence[str]], module: str, span: tuple[int, int]) -> list[str]:
    """Claims whose traced run executed a code object of ``module`` starting in ``span`` (claim order kept)."""
    first, last = span
    out = []
    for cid, funcs in covered.items():
        for item in funcs:
            path, _, lineno = item.rpartition(":")
            if path == module and first <= int(lineno) <= last:
                out.append(cid)
                break
    return out


def traced_control(root: Path, checks: Path, claims: Sequence[str], profile: str, jobs: int,
                   log: Callable[[str], None], modules: Mapping[str, str] | None = None) -> OracleRun:
    """Every claim run alone and traced: the campaign's negative control and its function-level coverage.

    Alone: a claim that reads a run-scoped fixture or an ``lru_cache`` filled
    by an earlier claim would not execute the code that filled it, yet would
    when run without that claim; one process per claim makes each claim's
    list of executed functions complete. Cached (:func:`_cached_run`).
    """
    def compute() -> OracleRun:
        log(f"traced control: {len(claims)} claims at {profile}, one process each ({jobs} at once) ...")
        from concurrent.futures import ThreadPoolExecutor

        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            runs = dict(zip(claims, pool.map(
                lambda c: run_oracle(root, checks, [c], profile, None, trace=True, modules=modules), claims),
                strict=True))
        for cid, run in runs.items():
            if run.crashed or run.timed_out or cid not in run.covered:
                raise ConfigError(f"the unmutated traced control of {cid} failed: {run.crashed or 'timeout'}")
        return OracleRun({c: r.statuses[c] for c, r in runs.items()}, time.perf_counter() - t0,
                         claim_seconds={c: r.claim_seconds[c] for c, r in runs.items()},
                         covered={c: list(r.covered[c]) for c, r in runs.items()})

    return _cached_run("traced control", root, checks, claims, profile, log, compute)


def classify(baseline: Mapping[str, Mapping[str, str]], run: OracleRun) -> tuple[str, str]:
    """``(outcome, why)`` of one mutant's run against the baseline statuses of the same claims."""
    if run.timed_out:
        return "timeout", "the audit did not finish in time"
    if run.crashed:
        return "crashed", run.crashed
    changes, errors = [], []
    for cid, row in run.statuses.items():
        if cid not in baseline:  # not judged (unstable under the unmutated control)
            continue
        before = baseline[cid]
        for key, status in row.items():
            if before.get(key) != status:
                where = cid if key == "verdict" else f"{cid}::{key}"
                changes.append(f"{where} {before.get(key)}->{status}")
                if status == "error" and key != "verdict":
                    errors.append(where)
    if not changes:
        return "survived", "every verdict and check status unchanged"
    return ("killed-error" if errors else "killed"), "; ".join(changes[:4]) + (" ..." if len(changes) > 4 else "")


# ----------------------------------------------------------------- score ---


def wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval (95% by default) for ``k`` successes in ``n`` trials; (0, 1) when n = 0."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def score(outcomes: Iterable[str]) -> dict[str, Any]:
    """Counts per outcome, the kill score with its 95% Wilson interval, and the score without crash kills."""
    counts = {o: 0 for o in OUTCOMES}
    for o in outcomes:
        counts[o] += 1
    n = sum(counts.values())
    killed = sum(counts[o] for o in KILLED_KINDS)
    low, high = wilson(killed, n)
    # Kills by a verdict or status change only, among the mutants that did not crash or time out.
    clean_n = n - counts["crashed"] - counts["timeout"] - counts["killed-error"]
    clean_low, clean_high = wilson(counts["killed"], clean_n)
    return {"n": n, "counts": counts, "killed": killed, "score": killed / n if n else None,
            "ci95": [round(low, 4), round(high, 4)],
            "score_without_crashes": counts["killed"] / clean_n if clean_n else None,
            "ci95_without_crashes": [round(clean_low, 4), round(clean_high, 4)]}


# -------------------------------------------------------------- campaign ---


@dataclass
class Campaign:
    """Everything ``qproofs mutate`` records (``benchmarks/results/mutation*.json``)."""

    profile: str
    seed: int
    sample: int
    modules: list[str]
    population: int
    skipped_annotation_only: int
    baseline_seconds: float = 0.0
    mutants: list[dict[str, Any]] = field(default_factory=list)
    started: str = ""
    command: str = ""
    unstable: list[str] = field(default_factory=list)
    selection: str = "module"   # "function": claims chosen by the traced control's coverage (run_mutants)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document, with the overall and per-module scores."""
        per_module: dict[str, list[str]] = {}
        for m in self.mutants:
            per_module.setdefault(m["module"], []).append(m["outcome"])
        return {"schema": SCHEMA, **asdict(self),
                "score": score(m["outcome"] for m in self.mutants),
                "per_module": {mod: score(o) for mod, o in sorted(per_module.items())}}


def validate(sample: int, timeout: float | None, profile: str, seed: int, jobs: int = 1) -> None:
    """One-line :class:`InvalidParameter` for a bad campaign parameter."""
    if isinstance(sample, bool) or not isinstance(sample, int) or sample < 1:
        raise InvalidParameter("--sample", "must be an integer >= 1", sample)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InvalidParameter("--jobs", "must be an integer >= 1", jobs)
    if timeout is not None and not (isinstance(timeout, int | float) and timeout > 0 and math.isfinite(timeout)):
        raise InvalidParameter("--timeout", "must be a number of seconds > 0", timeout)
    if profile not in ("quick", "standard", "deep"):
        raise InvalidParameter("--profile", "must be one of quick, standard, deep", profile)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidParameter("--seed", "must be an integer >= 0", seed)


def project_root() -> Path:
    """The directory holding the imported ``qproofs`` package (the worktree or the source checkout)."""
    return Path(__file__).resolve().parent.parent


def _cached_run(kind: str, root: Path, checks: Path, claims: Sequence[str], profile: str,
                log: Callable[[str], None], compute: Callable[[], OracleRun]) -> OracleRun:
    """An unmutated run of ``claims`` (``kind``: baseline or traced control), computed once.

    Cached by the hash of the sources, the profile and the claims.
    """
    key = hashlib.sha256(f"{_source_hash([root / PACKAGE, checks])}|{profile}|{sorted(claims)}".encode()).hexdigest()
    cache = Path(tempfile.gettempdir()) / "qproofs-mutation" / f"{kind.replace(' ', '-')}-{key[:16]}.json"
    if cache.is_file():
        doc = json.loads(cache.read_text(encoding="utf-8"))
        log(f"{kind}: cached ({cache})")
        return OracleRun(doc["statuses"], doc["seconds"], claim_seconds=doc["claim_seconds"],
                         covered=doc.get("covered", {}))
    run = compute()
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"statuses": run.statuses, "seconds": run.seconds, "claim_seconds": run.claim_seconds,
                                 "covered": run.covered}), encoding="utf-8")
    return run


def _baseline(root: Path, checks: Path, claims: Sequence[str], profile: str,
              log: Callable[[str], None], modules: Mapping[str, str] | None = None) -> OracleRun:
    """The unmutated run of ``claims`` in one process (cached: :func:`_cached_run`)."""
    def compute() -> OracleRun:
        log(f"baseline: {len(claims)} claims at {profile} ...")
        base = run_oracle(root, checks, claims, profile, None, modules=modules)
        if base.crashed or base.timed_out:
            raise ConfigError(f"the unmutated baseline audit failed: {base.crashed or 'timeout'}")
        return base

    return _cached_run("baseline", root, checks, claims, profile, log, compute)


def run_mutants(root: Path, checks: Path, specs: Sequence[MutantSpec], usage: Mapping[str, Sequence[str]],
                profile: str, timeout: float | None, campaign: Campaign, *, control: bool = True,
                out: Path | None = None, log: Callable[[str], None] = print, jobs: int = 1) -> Campaign:
    """Run the baseline, then each mutant in turn; append to ``campaign.mutants`` and rewrite ``out`` after each.

    Each mutant's claims run fastest first (by their baseline time) and the run
    stops at the first change, so a kill costs little and a survivor costs the
    audit of all its claims. The default time limit is 60 s plus 5 times the
    baseline time of the mutant's claims. With ``control``, the unmutated tree
    is run a second time first, each claim alone and traced (the campaign's
    negative control, :func:`traced_control`): a claim whose verdict or
    statuses do not reproduce at a fixed seed is recorded in
    ``campaign.unstable`` and not judged (a change there would be a false
    kill); and a mutant inside a function body is judged by the claims whose
    run executed that function (function-level coverage, as mutmut 3 maps
    tests to functions), the others by every claim importing its module. A
    mutant no claim runs is ``uncovered``: it counts as not killed.
    ``jobs`` mutants run at once (each in its own copy and subprocess); the
    records keep the sample's order whatever order they finish in.
    """
    needed = sorted({c for s in specs for c in usage.get(s.module, ())})
    baseline: dict[str, dict[str, str]] = {}
    cost: Mapping[str, float] = {}
    coverage: Mapping[str, Sequence[str]] = {}
    modules: Mapping[str, str] = {}
    if needed:
        modules = declared_modules(root, checks)
        base = _baseline(root, checks, needed, profile, log, modules)
        baseline = {k: dict(v) for k, v in base.statuses.items()}
        cost = base.claim_seconds
        campaign.baseline_seconds = round(base.seconds, 1)
        log(f"baseline: {base.seconds:.1f}s, " + ", ".join(f"{c} {baseline[c]['verdict']}" for c in needed))
        if control:
            traced = traced_control(root, checks, needed, profile, jobs, log, modules)
            coverage = traced.covered
            campaign.selection = "function"
            campaign.unstable = [c for c in needed if dict(traced.statuses.get(c, {})) != baseline.get(c)]
            for c in campaign.unstable:
                baseline.pop(c, None)
            log("control (each claim alone, traced): "
                + (f"UNSTABLE, not judged: {', '.join(campaign.unstable)}" if campaign.unstable
                   else "every verdict and status reproduced"))
    sources = {m: (root / m).read_text(encoding="utf-8") for m in sorted({s.module for s in specs})}

    def one(spec: MutantSpec) -> dict[str, Any]:
        span = enclosing_function(sources[spec.module], spec.line, spec.col) if coverage else None
        chosen = usage.get(spec.module, ()) if span is None else claims_executing(coverage, spec.module, span)
        claims = sorted(chosen, key=lambda c: (cost.get(c, 0.0), c))
        if not claims:
            outcome, seconds = "uncovered", 0.0
            why = ("no claim imports this module" if span is None else
                   f"no claim executes {spec.definition or 'this function'} (lines {span[0]}-{span[1]}) at {profile}")
        else:
            limit = timeout if timeout is not None else 60 + 5 * sum(cost.get(c, 10.0) for c in claims)
            run = run_oracle(root, checks, claims, profile, limit, spec, baseline=baseline, modules=modules)
            outcome, why = classify(baseline, run)
            seconds = run.seconds
        return {"id": spec.id, **asdict(spec), "diff": mutant_diff(sources[spec.module], spec),
                "claims": claims,
                "selected_by": "module imports" if span is None else f"function lines {span[0]}-{span[1]}",
                "outcome": outcome, "why": why, "seconds": round(seconds, 1)}

    # threads suffice: each mutant's audit runs in its own subprocess (run_oracle)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for i, record in enumerate(pool.map(one, specs), 1):
            campaign.mutants.append(record)
            log(f"[{i:>3}/{len(specs)}] {record['outcome']:<12} {record['id']} ({record['seconds']:.0f}s) "
                f"{record['why']}")
            if out is not None:
                write_json(campaign, out)
    return campaign


def write_json(campaign: Campaign, out: Path) -> None:
    """Write the campaign (sorted keys, two-space indent) atomically."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(json.dumps(campaign.to_dict(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(out)


def summary_lines(campaign: Campaign) -> list[str]:
    """The score overall and per module, for the terminal."""
    doc = campaign.to_dict()

    def line(name: str, s: Mapping[str, Any]) -> str:
        c = s["counts"]
        pct = "n/a" if s["score"] is None else f"{100 * s['score']:.1f}%"
        return (f"{name:<40} {s['killed']:>3}/{s['n']:<3} {pct:>6} [{100 * s['ci95'][0]:.1f}, "
                f"{100 * s['ci95'][1]:.1f}]  killed {c['killed']}, error {c['killed-error']}, crashed "
                f"{c['crashed']}, timeout {c['timeout']}, survived {c['survived']}, uncovered {c['uncovered']}")

    lines = [line(mod, s) for mod, s in doc["per_module"].items()]
    lines.append(line("overall (95% Wilson interval)", doc["score"]))
    s = doc["score"]
    if s["score_without_crashes"] is not None:
        lines.append(f"killed by a verdict/status change among mutants that ran clean: "
                     f"{s['counts']['killed']}/{s['n'] - s['counts']['crashed'] - s['counts']['timeout'] - s['counts']['killed-error']} "
                     f"[{100 * s['ci95_without_crashes'][0]:.1f}, {100 * s['ci95_without_crashes'][1]:.1f}]")
    return lines


def run_campaign(modules: Sequence[str] | None = None, sample: int = 200, seed: int = 0, profile: str = "standard",
                 timeout: float | None = None, out: str | Path = "benchmarks/results/mutation.json",
                 root: Path | None = None, command: str = "", jobs: int = 1) -> int:
    """``qproofs mutate``: sample, run and score; exit 0 if every covered, non-crashing mutant was killed, else 1."""
    validate(sample, timeout, profile, seed, jobs)
    try:
        import cosmic_ray.plugins  # noqa: F401 - the operators come from Cosmic Ray
    except ImportError:
        raise ConfigError("qproofs mutate needs cosmic-ray: pip install -e '.[dev]'") from None
    root = (root or project_root()).resolve()
    checks = root / "checks"
    if not checks.is_dir():
        raise ConfigError(f"{checks}: no checks directory beside the {PACKAGE} package")
    files = resolve_modules(root, modules or DEFAULT_MODULES)
    sources = {m: (root / m).read_text(encoding="utf-8") for m in files}
    points = [p for m in files for p in mutation_points(root, m)]
    specs, skipped = sample_mutants(points, sample, seed, sources.__getitem__)
    print(f"{len(points)} mutants in {len(files)} modules; sampled {len(specs)} (seed {seed}), "
          f"skipped {len(skipped)} annotation-only", file=sys.stderr, flush=True)
    usage = claim_usage(root, checks)
    from datetime import UTC, datetime

    campaign = Campaign(profile, seed, sample, files, len(points), len(skipped),
                        started=datetime.now(UTC).isoformat(timespec="seconds"), command=command)
    run_mutants(root, checks, specs, usage, profile, timeout, campaign, out=Path(out),
                log=lambda s: print(s, file=sys.stderr, flush=True), jobs=jobs)
    for text in summary_lines(campaign):
        print(text)
    print(f"results: {out}")
    counts = campaign.to_dict()["score"]["counts"]
    return 0 if counts["survived"] == counts["uncovered"] == 0 else 1



def markdown_report(doc: Mapping[str, Any], triage: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """A Markdown summary of a campaign document: the scores, then one row per survivor with its triage."""
    triage = triage or doc.get("triage", {})
    s = doc["score"]
    c = s["counts"]
    out = [f"Profile `{doc['profile']}`, sampling seed {doc['seed']}, {s['n']} mutants drawn from "
           f"{doc['population']} (Cosmic Ray operators over {len(doc['modules'])} modules; "
           f"{doc['skipped_annotation_only']} annotation-only mutants skipped as equivalent by construction).", "",
           "| outcome | mutants |", "| --- | ---: |"]
    out += [f"| {k} | {c[k]} |" for k in OUTCOMES]
    out += ["", f"**Kill score: {s['killed']}/{s['n']} = {100 * s['score']:.1f}%, 95% Wilson interval "
                f"[{100 * s['ci95'][0]:.1f}%, {100 * s['ci95'][1]:.1f}%].**", ""]
    equivalent = sum(1 for m in doc["mutants"] if triage.get(m["id"], {}).get("class") == "equivalent")
    if equivalent:
        n = s["n"] - equivalent
        low, high = wilson(s["killed"], n)
        out += [f"**Among the {n} non-equivalent mutants ({equivalent} survivors triaged equivalent): "
                f"{s['killed']}/{n} = {100 * s['killed'] / n:.1f}% killed, 95% Wilson interval "
                f"[{100 * low:.1f}%, {100 * high:.1f}%].**", ""]
    out += [
            "| module | killed / n | score | 95% interval |", "| --- | ---: | ---: | --- |"]
    for mod, m in doc["per_module"].items():
        out.append(f"| `{mod}` | {m['killed']}/{m['n']} | {100 * m['score']:.0f}% | "
                   f"[{100 * m['ci95'][0]:.0f}%, {100 * m['ci95'][1]:.0f}%] |")
    out += ["", "| survivor | change | claims run | triage | why |", "| --- | --- | --- | --- | --- |"]
    for m in doc["mutants"]:
        if m["outcome"] not in ("survived", "uncovered"):
            continue
        t = triage.get(m["id"], {})
        change = " → ".join(f"{x[0]} {x[1:].strip()}" for x in m["diff"].splitlines() if x).replace("|", "\\|")
        out.append(f"| `{m['id']}` (`{m['definition']}`) | `{change.strip()}` | {len(m['claims'])} | "
                   f"{t.get('class', 'not triaged')} | {t.get('note', '').replace('|', '/')} |")
    return "\n".join(out) + "\n"
