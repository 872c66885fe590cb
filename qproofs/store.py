"""Content-addressed result store for ``qproofs verify --reuse`` (issue 14).

A claim's result is stored under a key that hashes everything that can change
it (as sinter's ``strong_id`` keys a task): the claim id, the digest of its
source closure (its module and every qproofs/section module it imports,
transitively, plus the engine: :func:`qproofs.index.source_closure`), its
parameters for the profile, the profile, the seed, the qproofs and Python
versions and the versions of the numerical packages.

Layout: ``<cache>/results/<key>.json`` holds ``{"schema", "key", "started",
"result"}`` (the :class:`~qproofs.claims.ClaimResult` dict, as in
``audit.json``); the certificate documents its checks attached (not part of
that dict) are stored beside it in ``<key>.certificates.json`` (check name →
document), so a reused claim writes the same ``certificates/`` files as a
fresh run. An unreadable or malformed entry is ignored with a warning and the
claim is run; a cache path that is not a usable directory is a usage error.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from qproofs import __version__
from qproofs.errors import ConfigError

STORE_SCHEMA = "qproofs.store/1"


class StoreWarning(UserWarning):
    """A store entry that could not be used (it is ignored and the claim is run)."""


def environment() -> dict[str, Any]:
    """qproofs, Python and numerical package versions: part of every key."""
    from qproofs.runner import package_versions

    return {"qproofs": __version__, "python": platform.python_version(), "packages": package_versions()}


def result_key(claim_id: str, source_digest: str, params: Mapping[str, Any], profile: str, seed: int,
               env: Mapping[str, Any]) -> str:
    """The store key of one claim run (hex sha256 of sorted JSON).

    >>> env = {"qproofs": "0.1.0", "python": "3.11", "packages": {}}
    >>> a = result_key("x.y", "ab", {"n": 3}, "quick", 0, env)
    >>> a == result_key("x.y", "ab", {"n": 3}, "quick", 0, env), a == result_key("x.y", "ab", {"n": 3}, "quick", 1, env)
    (True, False)
    """
    blob = json.dumps({"claim": claim_id, "source": source_digest, "params": params, "profile": profile,
                       "seed": seed, "env": env}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


@dataclass(frozen=True)
class Stored:
    """A stored result and when the run that computed it started."""

    result: Any  # ClaimResult (certificate documents restored onto its checks)
    started: str


@dataclass(frozen=True)
class ResultStore:
    """The results directory of a cache (``<cache>/results``)."""

    root: Path

    @classmethod
    def open(cls, cache: Path) -> ResultStore:
        """The store in ``cache``; :class:`ConfigError` (exit 64) if it exists and is not a usable directory."""
        root = cache / "results"
        for path in (cache, root):
            if path.exists() and not path.is_dir():
                raise ConfigError(f"--cache-dir {cache}: {path} is not a directory (remove it or pass another "
                                  "--cache-dir)")
            if path.is_dir() and not os.access(path, os.R_OK | os.W_OK | os.X_OK):
                raise ConfigError(f"--cache-dir {cache}: {path} is not readable and writable")
        return cls(root)

    def _paths(self, key: str) -> tuple[Path, Path]:
        return self.root / f"{key}.json", self.root / f"{key}.certificates.json"

    def get(self, key: str) -> Stored | None:
        """The result stored under ``key``; ``None`` when absent or unusable (with a :class:`StoreWarning`)."""
        from qproofs.claims import ClaimResult

        main, certs = self._paths(key)
        if not main.is_file():
            return None
        try:
            doc = json.loads(main.read_text(encoding="utf-8"))
            if doc.get("schema") != STORE_SCHEMA or doc.get("key") != key:
                raise ValueError(f"not a {STORE_SCHEMA} entry for this key")
            result = ClaimResult.from_dict(doc["result"])
            documents = json.loads(certs.read_text(encoding="utf-8")) if certs.is_file() else {}
            if not isinstance(documents, dict):
                raise ValueError("certificates file is not an object")
            missing = [k.name for k in result.checks if k.trust == "rechecked" and k.name not in documents]
            if missing:
                raise ValueError(f"certificate documents missing for {', '.join(missing)}")
            checks = tuple(replace(k, certificate=None, certificate_doc=documents.get(k.name))
                           for k in result.checks)
            return Stored(replace(result, checks=checks, dependency_notes=()), str(doc["started"]))
        except Exception as exc:  # noqa: BLE001 - any unusable entry is ignored, never trusted
            warnings.warn(f"result store entry {main} ignored ({type(exc).__name__}: {exc}); the claim is run",
                          StoreWarning, stacklevel=2)
            return None

    def put(self, key: str, result: Any, started: str) -> None:
        """Store ``result`` under ``key`` (atomically; a store that cannot be written is warned about)."""
        main, certs = self._paths(key)
        documents = {k.name: k.certificate_doc for k in result.checks if k.certificate_doc is not None}
        doc = {"schema": STORE_SCHEMA, "key": key, "started": started,
               "result": replace(result, dependency_notes=()).to_dict()}
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            for path, payload in ((certs, documents), (main, doc)):  # the entry last: it is what get() looks for
                if path is certs and not documents:
                    certs.unlink(missing_ok=True)
                    continue
                tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
                tmp.write_text(json.dumps(payload, sort_keys=True, default=_plain), encoding="utf-8")
                os.replace(tmp, path)
        except (OSError, TypeError, ValueError) as exc:
            warnings.warn(f"result store {self.root}: cannot store {result.id} ({exc})", StoreWarning,
                          stacklevel=2)


def _plain(obj: Any) -> Any:
    """The JSON form of numpy scalars and arrays in certificate documents."""
    if hasattr(obj, "tolist"):
        return obj.tolist()
    raise TypeError(f"{type(obj).__name__} is not JSON")
