"""Named, scoped fixtures: expensive computations shared by checks (style: pytest fixtures).

A check asks for a fixture by naming it as a parameter after ``ctx``::

    @fixture
    def cut_rows(ctx):                      # computed once per claim run
        return [...]

    @CLAIM.check("simulation")
    def cut_entropy_bound(ctx, cut_rows):   # receives the rows
        ...

``scope="claim"`` (default) caches the value for the checks of one claim
run; ``scope="run"`` caches it for every claim of a run that asks for it
(a sweep several claims of a section judge), keyed by (key, seed, profile).
While a fixture runs, ``ctx.rng()`` is keyed by ``memo:<key>`` (claim scope;
the name the former string-keyed memos used, so numbers are unchanged) or by
``fixture:<key>`` (run scope) instead of the calling check, so its numbers do
not depend on which check asked first.
A run-scoped fixture declares its own per-profile ``params``; a claim-scoped
one reads the requesting claim's.
"""

from __future__ import annotations

import contextlib
import inspect
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from qproofs.errors import InvalidParameter, require
from qproofs.params import Params, profile_params

if TYPE_CHECKING:
    from qproofs.claims import Context

Scope = Literal["claim", "run"]


@dataclass(frozen=True, eq=False)
class Fixture:
    """A named computation a check can request; see the module docstring."""

    name: str
    fn: Callable[..., Any]
    scope: Scope = "claim"
    key: str = ""
    params: Mapping[str, Params] | None = None

    def __post_init__(self) -> None:
        require(self.scope in ("claim", "run"), "fixture scope", "must be 'claim' or 'run'", self.scope)
        if not self.key:
            object.__setattr__(self, "key", self.name)

    @property
    def requests(self) -> tuple[str, ...]:
        """Names of the fixtures this fixture itself requests (parameters after ``ctx``)."""
        return requested_names(self.fn)


def fixture(fn: Callable[..., Any] | None = None, *, scope: Scope = "claim", key: str | None = None,
            params: Mapping[str, Mapping[str, Any]] | None = None) -> Any:
    """Decorator declaring a :class:`Fixture` (bare, or with ``scope``/``key``/``params``).

    ``key`` names the cache entry and the random stream (default: the function name).
    """

    def wrap(f: Callable[..., Any]) -> Fixture:
        declared = profile_params(params, f"fixture {f.__name__}") if params is not None else None
        if scope == "run" and declared is None:
            raise InvalidParameter(f"fixture {f.__name__} params",
                                   "a run-scoped fixture must declare its own per-profile params")
        return Fixture(f.__name__, f, scope, key or f.__name__, declared)

    return wrap(fn) if fn is not None else wrap


def requested_names(fn: Callable[..., Any]) -> tuple[str, ...]:
    """Parameter names after the first (``ctx``): the fixtures a check or fixture requests."""
    names = list(inspect.signature(fn).parameters)
    return tuple(names[1:])


def resolve(fn: Callable[..., Any], owner: str) -> tuple[Fixture, ...]:
    """The fixtures ``fn`` requests (error naming the owner if one is absent).

    Looked up, like pytest's conftest fixtures, first in the function's own
    module, then in the shared modules (``_*.py``) of its section folder.
    """
    found = []
    for name in requested_names(fn):
        obj = getattr(fn, "__globals__", {}).get(name)
        if not isinstance(obj, Fixture):
            obj = section_fixture(getattr(fn, "__module__", "") or "", name)
        if obj is None:
            raise InvalidParameter(f"{owner} parameter {name!r}", "must name a @fixture defined in the claim "
                                   "module or in a shared module (_*.py) of its section folder")
        found.append(obj)
    return tuple(found)


def section_fixture(module: str, name: str) -> Fixture | None:
    """The fixture ``name`` defined in a shared module ``_*.py`` beside ``module`` (imported at discovery)."""
    package = module.rpartition(".")[0]
    for modname, mod in sorted(sys.modules.items()):
        parent, _, leaf = modname.rpartition(".")
        if package and parent == package and leaf.startswith("_") and not leaf.startswith("__"):
            obj = getattr(mod, name, None)
            if isinstance(obj, Fixture):
                return obj
    return None


_RUN_CACHE: dict[tuple[Any, ...], Any] = {}


def clear_run_cache() -> None:
    """Forget run-scoped fixture values (a new run starts)."""
    _RUN_CACHE.clear()


def run_memo(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """``compute()`` once per run for every caller naming the same ``key``, kept in the run cache.

    For a sweep two claims share when their *own* parameters agree (the key holds those values): a
    run-scoped fixture has parameters of its own, which a mutant's parameter overrides would not reach.
    Like run-scoped fixtures, the value is private to a claim run under a mutant (:func:`private_run_cache`).
    """
    slot = ("memo", *key)
    if slot not in _RUN_CACHE:
        _RUN_CACHE[slot] = compute()
    return _RUN_CACHE[slot]


@contextlib.contextmanager
def private_run_cache() -> Iterator[None]:
    """Run-scoped fixtures get a cache of their own for the duration, then the run's cache is back.

    For a claim run under a mutant's patch (``qproofs selftest``): a value computed under the patch must not
    be served to the unmutated runs of the process, nor a value computed without it to the mutated run.
    """
    global _RUN_CACHE
    saved, _RUN_CACHE = _RUN_CACHE, {}
    try:
        yield
    finally:
        _RUN_CACHE = saved


def call_with_fixtures(fn: Callable[..., Any], ctx: Context, owner: str) -> Any:
    """Call ``fn(ctx, *fixture values)``, computing each requested fixture once in its scope."""
    values = [value_of(fx, ctx) for fx in resolve(fn, owner)]
    return fn(ctx, *values)


def value_of(fx: Fixture, ctx: Context) -> Any:
    """The value of ``fx`` for the run ``ctx`` belongs to, computed at most once per scope."""
    if fx.scope == "claim":
        slot = f"memo:{fx.key}"
        if slot not in ctx.shared:
            sub = replace(ctx, check_name=slot)
            ctx.shared[slot] = call_with_fixtures(fx.fn, sub, f"fixture {fx.name}")
        return ctx.shared[slot]
    assert fx.params is not None  # enforced by @fixture
    params = fx.params[ctx.profile]
    cache_key = (fx.key, ctx.seed, ctx.profile, repr(sorted(params.to_json().items())))
    if cache_key not in _RUN_CACHE:
        sub = replace(ctx, claim_id=f"fixture:{fx.key}", check_name=f"fixture:{fx.key}", params=params,
                      shared={})
        _RUN_CACHE[cache_key] = call_with_fixtures(fx.fn, sub, f"fixture {fx.name}")
    return _RUN_CACHE[cache_key]
