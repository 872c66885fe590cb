"""Claim index and source closures (issue 14, "Reuse and selection" and "Speed").

Two things that must not require importing the physics:

* the **source closure** of a claim module: the module, every qproofs module
  and section module (``_*.py``, ``__init__.py``) it imports, transitively,
  read from the import statements (:mod:`ast`, no import is executed), plus
  the engine that runs it (:mod:`qproofs.runner` and what it imports). Its
  digest is part of the key of a stored result (:mod:`qproofs.store`);
* the **index** ``<cache>/index-<checks>.json``, written after a discovery:
  each claim's id, ref, section, title, statement, scope, uses, check names,
  parameters per profile and the sha256 of every file of its closure.
  ``qproofs list``/``show`` (and ``verify --reuse``) use it while every one
  of those files still has its recorded hash and the set of claim modules is
  unchanged; otherwise they fall back to discovery, which rewrites it.

This module imports only the standard library.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qproofs import __version__

INDEX_SCHEMA = "qproofs.index/1"
CACHE_ENV = "QPROOFS_CACHE_DIR"
DEFAULT_CACHE = ".qproofs-cache"
PACKAGE_DIR = Path(__file__).resolve().parent
ENGINE = ("__init__.py", "runner.py", "claims.py", "fixtures.py", "judge.py", "params.py", "tolerance.py",
          "certcheck/__init__.py", "errors.py")
"""What runs a claim's checks and decides its verdict (``runner.py`` is hashed, its lazy imports not followed)."""


def cache_dir(explicit: str | Path | None = None) -> Path:
    """The cache directory: ``explicit``, else ``$QPROOFS_CACHE_DIR``, else ``./.qproofs-cache``."""
    return Path(explicit or os.environ.get(CACHE_ENV) or DEFAULT_CACHE).expanduser()


def default_checks_path() -> Path:
    """``checks/`` beside the package (editable install / source tree), else ``./checks``."""
    beside = PACKAGE_DIR.parent / "checks"
    return beside if beside.is_dir() else Path.cwd() / "checks"


def claim_files(root: Path) -> list[Path]:
    """Claim modules under ``root``, recursively, in path order; names starting with ``_`` hold shared code."""
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*.py")
                  if not any(part.startswith(("_", ".")) for part in p.relative_to(root).parts))


# ------------------------------------------------------------ source closure ---


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _module_file(directory: Path, parts: Iterable[str]) -> list[Path]:
    """``directory/a/b.py`` or ``directory/a/b/__init__.py``, with the ``__init__.py`` of every package on the way."""
    found, here = [], directory
    for part in parts:
        init = here / "__init__.py"
        if init.is_file():
            found.append(init)
        if (here / f"{part}.py").is_file():
            return [*found, here / f"{part}.py"]
        here = here / part
        if not here.is_dir():
            return found
    init = here / "__init__.py"
    return [*found, init] if init.is_file() else found


@functools.lru_cache(maxsize=4096)
def _imported_files(path: Path, checks_base: Path | None, _stamp: tuple[int, int]) -> tuple[Path, ...]:
    """The qproofs and checks files that ``path``'s import statements (anywhere in it) name.

    ``_stamp`` (size, mtime) keys the cache: a file edited in a long-lived process is parsed again.
    """
    try:
        specs = import_specs(path.read_bytes())
    except OSError:
        return ()
    out: list[Path] = []
    package = path.parent
    for level, module, names in specs:
        if level < 0:  # `import a.b, c`: the names
            for name in names:
                parts = name.split(".")
                if parts[0] == "qproofs":
                    out += _module_file(PACKAGE_DIR, parts[1:]) or [PACKAGE_DIR / "__init__.py"]
            continue
        if level == 0:
            parts = module.split(".")
            if parts[0] != "qproofs":
                continue
            base, rest = PACKAGE_DIR, parts[1:]
        else:
            base = package
            for _ in range(level - 1):
                base = base.parent
            rest = module.split(".") if module else []
            if checks_base is not None and not (base == checks_base or checks_base in base.parents) \
                    and PACKAGE_DIR not in base.parents and base != PACKAGE_DIR:
                continue
        out += _module_file(base, rest) if rest else ([base / "__init__.py"] if (base / "__init__.py").is_file() else [])
        for name in names:  # `from pkg import module`
            out += [f for f in _module_file(base, [*rest, name]) if f.name != "__init__.py" or
                    f.parent.name == name]
    return tuple(out)


ImportSpec = tuple[int, str, tuple[str, ...]]
"""``(-1, "", names)`` for ``import names``; ``(level, module, names)`` for ``from …module import names``."""
_SPECS: dict[str, tuple[ImportSpec, ...]] = {}
"""Import statements by the sha256 of the source: filled by :func:`import_specs`, saved with the index."""


def import_specs(source: bytes) -> tuple[ImportSpec, ...]:
    """The import statements of a Python source, anywhere in it (a file that does not parse has none).

    Keyed by the source's sha256, in memory and in ``<cache>/imports.json`` (:func:`write_index`):
    parsing is most of the cost of an index (issue 14), and the statements are a function of the bytes.
    """
    key = hashlib.sha256(source).hexdigest()
    if key not in _SPECS:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            _SPECS[key] = ()
            return ()
        _SPECS[key] = tuple((-1, "", tuple(a.name for a in node.names)) if isinstance(node, ast.Import)
                            else (node.level, node.module or "", tuple(a.name for a in node.names))
                            for node in _import_statements(tree) if isinstance(node, ast.Import | ast.ImportFrom))
    return _SPECS[key]


def _load_specs(cache: Path) -> None:
    """Add the saved import statements of ``<cache>/imports.json`` to :data:`_SPECS` (best effort)."""
    try:
        doc = json.loads((cache / "imports.json").read_text(encoding="utf-8"))
        if doc.get("schema") != INDEX_SCHEMA:
            return
        for key, specs in doc["specs"].items():
            _SPECS.setdefault(str(key), tuple((int(lv), str(m), tuple(str(n) for n in ns)) for lv, m, ns in specs))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return


def _save_specs(cache: Path, keep: Iterable[str]) -> None:
    """Write the import statements of the sources ``keep`` (their sha256) to ``<cache>/imports.json``."""
    specs = {k: [list(s[:2]) + [list(s[2])] for s in _SPECS[k]] for k in sorted(set(keep)) if k in _SPECS}
    path = cache / "imports.json"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"schema": INDEX_SCHEMA, "specs": specs}), encoding="utf-8")
    os.replace(tmp, path)


_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def _import_statements(tree: ast.Module) -> Iterable[ast.stmt]:
    """Every ``import``/``from … import`` statement of ``tree``, at any depth (lazy imports included).

    Imports are statements, and statements live only in the bodies of other statements (``body``,
    ``orelse``, ``finalbody``, ``except`` handlers, ``match`` cases), never inside expressions: walking
    those lists finds the same statements as :func:`ast.walk` while visiting a tenth of the nodes
    (issue 14: the index of 39 claims took 5 s of ``ast.walk``).
    """
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
            continue
        for name in _BODIES:
            sub = getattr(node, name, None)
            if isinstance(sub, list):
                stack.extend(n for n in sub if isinstance(n, ast.AST))


@functools.lru_cache(maxsize=8192)
def _resolved(path: Path) -> Path:
    return path.resolve()


@functools.lru_cache(maxsize=8192)
def _sha256_stamped(path: Path, _stamp: tuple[int, int]) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _digest(path: Path) -> str:
    """:func:`sha256_file`, computed once per (file, size, mtime) in this process."""
    stat = path.stat()
    return _sha256_stamped(path, (stat.st_size, stat.st_mtime_ns))


def source_closure(roots: Iterable[Path], checks_base: Path | None = None) -> list[Path]:
    """``roots`` and every qproofs/checks file they import, transitively, plus the run engine; sorted."""
    todo = [Path(p).resolve() for p in roots] + [PACKAGE_DIR / name for name in ENGINE]
    base = checks_base.resolve() if checks_base is not None else None
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        if base is not None and base in path.parents:  # a section's __init__.py runs before its modules
            for parent in path.parents:
                if parent == base or base not in parent.parents:
                    break
                if (parent / "__init__.py").is_file():
                    todo.append((parent / "__init__.py").resolve())
        if path.name == "runner.py" and path.parent == PACKAGE_DIR:
            continue  # its lazy imports write reports; what runs a claim is in ENGINE
        stat = path.stat()
        todo += [_resolved(f) for f in _imported_files(path, base, (stat.st_size, stat.st_mtime_ns))]
    return sorted(seen)


def closure_digest(hashes: Mapping[str, str]) -> str:
    """One sha256 over ``{file name: sha256}`` (names relative, sorted): the source part of a result key."""
    return hashlib.sha256(json.dumps(dict(sorted(hashes.items()))).encode()).hexdigest()


def file_name(path: Path, checks_base: Path) -> str:
    """``qproofs/x.py`` or ``checks:sec3/y.py``: a name that does not depend on where the tree lives."""
    if path == PACKAGE_DIR or PACKAGE_DIR in path.parents:
        return "qproofs/" + path.relative_to(PACKAGE_DIR).as_posix()
    try:
        return "checks:" + path.relative_to(checks_base).as_posix()
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------- index ---


@dataclass(frozen=True)
class IndexedClaim:
    """What ``list``/``show``/``verify --reuse`` need of a claim, without importing it."""

    id: str
    ref: str
    section: str
    title: str
    statement: str
    scope: str | None
    form: str
    uses: tuple[str, ...]
    module: str
    checks: tuple[str, ...]
    params: Mapping[str, Any]
    sources: Mapping[str, str] = field(default_factory=dict)
    """sha256 of every file of the claim's source closure, by :func:`file_name`."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"id": self.id, "ref": self.ref, "section": self.section, "title": self.title,
                "statement": self.statement, "scope": self.scope, "form": self.form, "uses": list(self.uses),
                "module": self.module, "checks": list(self.checks), "params": dict(self.params),
                "sources": dict(sorted(self.sources.items()))}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> IndexedClaim:
        """Inverse of :meth:`to_dict`."""
        return cls(id=d["id"], ref=d["ref"], section=d["section"], title=d["title"], statement=d["statement"],
                   scope=d["scope"], form=d["form"], uses=tuple(d["uses"]), module=d["module"],
                   checks=tuple(d["checks"]), params=dict(d["params"]), sources=dict(d["sources"]))

    @property
    def source_digest(self) -> str:
        """:func:`closure_digest` of :attr:`sources`."""
        return closure_digest(self.sources)


def index_path(checks_root: Path, cache: Path) -> Path:
    """``<cache>/index-<sha1 of the checks root>.json``: one index per checks directory."""
    tag = hashlib.sha1(str(checks_root.resolve()).encode()).hexdigest()[:12]
    return cache / f"index-{tag}.json"


def _base(checks_root: Path) -> Path:
    root = checks_root.resolve()
    return root.parent if root.is_file() else root


def index_entry(claim: Any, checks_root: Path) -> IndexedClaim:
    """The index entry of a discovered :class:`~qproofs.claims.Claim` (hashes its source closure)."""
    base = _base(checks_root)
    files = source_closure([Path(claim.module_path)], base)
    return IndexedClaim(
        id=claim.id, ref=claim.ref, section=claim.section, title=claim.title, statement=claim.statement,
        scope=claim.scope, form=claim.form, uses=tuple(claim.uses), module=claim.module,
        checks=tuple(s.name for s in claim.checks),
        params={p: claim.params[p].to_json() for p in claim.params},
        sources={file_name(f, base): _digest(f) for f in files})


def write_index(claims: Iterable[Any], checks_root: Path, cache: Path) -> dict[str, IndexedClaim]:
    """Write the index of discovered ``claims``; return its entries by claim id.

    Written atomically, best effort: a cache directory that cannot be written is skipped.
    """
    root = checks_root.resolve()
    _load_specs(cache)
    entries = {c.id: index_entry(c, root) for c in claims}
    doc = {"schema": INDEX_SCHEMA, "qproofs_version": __version__, "checks": str(root),
           "modules": [p.relative_to(_base(root)).as_posix() for p in claim_files(root)],
           "claims": [e.to_dict() for e in entries.values()]}
    path = index_path(root, cache)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(doc, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
        _save_specs(cache, (d for e in entries.values() for d in e.sources.values()))
    except OSError:
        pass
    return entries


def load_index(checks_root: Path, cache: Path) -> dict[str, IndexedClaim] | None:
    """The index of ``checks_root`` if it is still valid, else ``None`` (the caller discovers).

    Valid: same qproofs version, the same claim modules, and every file of
    every claim's source closure with its recorded sha256.
    """
    root = checks_root.resolve()
    try:
        doc = json.loads(index_path(root, cache).read_text(encoding="utf-8"))
        if doc.get("schema") != INDEX_SCHEMA or doc.get("qproofs_version") != __version__:
            return None
        if doc["modules"] != [p.relative_to(_base(root)).as_posix() for p in claim_files(root)]:
            return None
        claims = [IndexedClaim.from_dict(c) for c in doc["claims"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    base = _base(root)
    checked: dict[str, bool] = {}
    for c in claims:
        for name, digest in c.sources.items():
            if name not in checked:
                path = PACKAGE_DIR / name[len("qproofs/"):] if name.startswith("qproofs/") else \
                    base / name[len("checks:"):] if name.startswith("checks:") else Path(name)
                try:
                    checked[name] = sha256_file(path) == digest
                except OSError:
                    checked[name] = False
            if not checked[name]:
                return None
    return {c.id: c for c in claims}
