"""One frozen options object for a run (issue 9, "Engine seams").

:class:`RunOptions` holds everything that decides what a run computes and where
it writes: profile, seed, selection, checks path, executor (serial, local Dask
cluster or remote scheduler), output directory and whether to replace the
existing report. :func:`qproofs.runner.verify` and the CLI both build one and
validate it once, at construction, before anything is computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from qproofs.claims import PROFILES
from qproofs.errors import require

SCHEDULER_SCHEMES: tuple[str, ...] = ("tcp", "tls")


def parse_scheduler_address(address: str) -> str:
    """Validate a Dask scheduler address ``tcp://HOST:PORT`` (or ``tls://``); return it normalised.

    >>> parse_scheduler_address("tcp://127.0.0.1:8786")
    'tcp://127.0.0.1:8786'
    >>> parse_scheduler_address("127.0.0.1:8786")
    'tcp://127.0.0.1:8786'
    >>> parse_scheduler_address("tcp://host:http")
    Traceback (most recent call last):
    ...
    qproofs.errors.InvalidParameter: --scheduler = 'tcp://host:http': must be tcp://HOST:PORT with PORT in 1..65535
    """
    rule = "must be tcp://HOST:PORT with PORT in 1..65535"
    require(isinstance(address, str) and bool(address.strip()), "--scheduler", rule, address)
    text = address.strip() if "://" in address else f"tcp://{address.strip()}"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        port = None
        parts = None
    require(parts is not None and parts.scheme in SCHEDULER_SCHEMES and bool(parts.hostname)
            and port is not None and 1 <= port <= 65535 and parts.path in ("", "/")
            and not parts.query and not parts.fragment, "--scheduler", rule, address)
    assert parts is not None  # for mypy: require() raised otherwise
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class RunOptions:
    """How to run one audit; validated when made.

    ``checks`` is resolved to an absolute path (remote Dask workers import it
    by path, from their own working directory). ``workers`` and ``scheduler``
    are exclusive; with neither the run is serial. ``out`` is the report
    directory (``None``: return the audit without writing it); ``fresh``
    replaces the whole report instead of merging the selected claims into it.
    """

    profile: str = "standard"
    seed: int = 0
    only: tuple[str, ...] = ()
    checks: Path | None = None
    workers: int | None = None
    scheduler: str | None = None
    out: Path | None = None
    fresh: bool = False
    lock_wait_s: float = field(default=600.0, compare=False)
    reuse: bool = False
    """Take unchanged claims from the result store and store what runs (:mod:`qproofs.store`)."""
    cache_dir: Path | None = None
    """Where the result store and the claim index live (default ``$QPROOFS_CACHE_DIR`` or ``.qproofs-cache``)."""
    last_failed: bool = False
    """Only the claims whose verdict in ``<out>/audit.json`` is not verified/cited (``--lf``)."""
    exitfirst: bool = False
    """Stop at the first claim whose verdict is refuted, gap or error (``-x``); serial runs only."""

    def __post_init__(self) -> None:
        require(self.profile in PROFILES, "profile", f"must be one of {', '.join(PROFILES)}", self.profile)
        require(isinstance(self.seed, int) and not isinstance(self.seed, bool) and self.seed >= 0,
                "seed", "must be an integer >= 0", self.seed)
        only = (self.only,) if isinstance(self.only, str) else tuple(self.only or ())
        require(all(isinstance(p, str) and p for p in only), "only", "must be claim ids or globs", self.only)
        object.__setattr__(self, "only", only)
        if self.checks is not None:
            object.__setattr__(self, "checks", Path(self.checks).expanduser().resolve())
        if self.workers is not None:
            require(isinstance(self.workers, int) and not isinstance(self.workers, bool) and self.workers >= 1,
                    "--workers", "must be an integer >= 1", self.workers)
        if self.scheduler is not None:
            require(self.workers is None, "--scheduler", "cannot be combined with --workers", self.scheduler)
            object.__setattr__(self, "scheduler", parse_scheduler_address(self.scheduler))
        if self.out is not None:
            object.__setattr__(self, "out", Path(self.out).expanduser())
        require(self.lock_wait_s >= 0, "lock_wait_s", "must be >= 0 seconds", self.lock_wait_s)
        for pattern in only:
            if "::" in pattern:
                cid, _, check = pattern.partition("::")
                require(bool(cid) and bool(check) and "::" not in check and not any(ch in cid for ch in "*?["),
                        "--only", "ID::CHECK names one claim id (no glob) and one of its checks", pattern)
        require(not (self.exitfirst and self.distributed), "--exitfirst",
                "runs the claims one after another: it cannot be combined with --workers/--scheduler")
        require(not (self.last_failed and self.out is None), "--lf", "needs --out (the report holding the last "
                "verdicts)")
        if self.cache_dir is not None:
            object.__setattr__(self, "cache_dir", Path(self.cache_dir).expanduser())

    @property
    def claim_patterns(self) -> tuple[str, ...]:
        """The ``--only`` entries that select whole claims (ids or globs)."""
        return tuple(p for p in self.only if "::" not in p)

    @property
    def check_selection(self) -> dict[str, tuple[str, ...]]:
        """``--only ID::CHECK`` entries: claim id -> the checks to run (in the order given).

        >>> RunOptions(only=("a.b::x", "a.b::y", "c.*")).check_selection
        {'a.b': ('x', 'y')}
        """
        out: dict[str, tuple[str, ...]] = {}
        for p in self.only:
            if "::" in p:
                cid, _, check = p.partition("::")
                out[cid] = (*out.get(cid, ()), *((check,) if check not in out.get(cid, ()) else ()))
        return out

    @property
    def distributed(self) -> bool:
        """Whether the claims run on Dask."""
        return self.workers is not None or self.scheduler is not None

    @classmethod
    def make(cls, *, only: Sequence[str] | str | None = None, checks: str | Path | None = None,
             **kwargs: object) -> RunOptions:
        """Build from loose keyword arguments (``only`` as any sequence, ``checks`` as str or path)."""
        return cls(only=tuple([only] if isinstance(only, str) else (only or ())),
                   checks=None if checks is None else Path(checks), **kwargs)  # type: ignore[arg-type]
