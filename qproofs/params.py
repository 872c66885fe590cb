"""Per-profile parameters of a claim, declared as data.

A claim declares its sizes, sample counts and sweeps once, for every profile::

    PARAMS = {"quick": {"n": (2, 3), "runs": 150},
              "standard": {"n": (2, 3, 4), "runs": 600},
              "deep": {"n": (2, 3, 4, 5), "runs": 6000}}

and a check reads ``ctx.params.runs``. The report prints them beside the
claim and the claim's stable key hashes them (style: sinter's ``strong_id``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from qproofs.errors import InvalidParameter

PROFILES: tuple[str, ...] = ("quick", "standard", "deep")


class Params(Mapping[str, Any]):
    """Read-only parameters of one claim at one profile; ``p.name`` or ``p["name"]``.

    >>> p = Params({"runs": 150, "sizes": [2, 3]})
    >>> p.runs, p["sizes"]
    (150, (2, 3))
    >>> p.missing
    Traceback (most recent call last):
    ...
    AttributeError: no parameter 'missing' (declared: runs, sizes)
    """

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_values", {str(k): _frozen(v) for k, v in values.items()})

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"no parameter {name!r} (declared: {', '.join(self._values) or 'none'})") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Params are read-only")

    def __repr__(self) -> str:
        return f"Params({self._values!r})"

    def with_overrides(self, overrides: Mapping[str, Any]) -> Params:
        """A copy with ``overrides`` applied (used by mutants that move a parameter)."""
        unknown = sorted(set(overrides) - set(self._values))
        if unknown:
            raise InvalidParameter("mutant params", f"must override declared parameters only, not {unknown}")
        return Params({**self._values, **overrides})

    def to_json(self) -> dict[str, Any]:
        """Plain JSON form (tuples as lists)."""
        return json.loads(json.dumps(self._values, default=_json_default))


def profile_params(declared: Mapping[str, Mapping[str, Any]] | None, owner: str) -> dict[str, Params]:
    """Validate a ``{profile: {name: value}}`` declaration: every profile, the same names in each."""
    if declared is None:
        return {p: Params({}) for p in PROFILES}
    if not isinstance(declared, Mapping):
        raise InvalidParameter(f"{owner} params", "must map each profile (quick, standard, deep) to a dict", declared)
    missing = [p for p in PROFILES if p not in declared]
    extra = sorted(set(declared) - set(PROFILES))
    if missing or extra:
        raise InvalidParameter(f"{owner} params", f"must declare exactly the profiles {', '.join(PROFILES)}"
                               + (f"; missing {', '.join(missing)}" if missing else "")
                               + (f"; unknown {', '.join(extra)}" if extra else ""))
    names = {p: set(declared[p]) for p in PROFILES}
    for p in PROFILES[1:]:
        if names[p] != names[PROFILES[0]]:
            diff = sorted(names[p] ^ names[PROFILES[0]])
            raise InvalidParameter(f"{owner} params", f"must name the same parameters in every profile; "
                                   f"{p} and {PROFILES[0]} differ in {', '.join(diff)}")
    return {p: Params(declared[p]) for p in PROFILES}


def _frozen(v: Any) -> Any:
    if isinstance(v, list):
        return tuple(_frozen(x) for x in v)
    if isinstance(v, tuple):
        return tuple(_frozen(x) for x in v)
    if isinstance(v, dict):
        return {k: _frozen(x) for k, x in v.items()}
    return v


def _json_default(v: Any) -> Any:
    if isinstance(v, tuple):
        return list(v)
    return str(v)
