"""``qproofs verify --seeds 0-9``: run one selection under several seeds and flag seed-dependent verdicts.

Each seed is a separate :func:`qproofs.runner.verify` call (every check's
generator derives from (seed, claim id, check name), so the runs are
independent). A claim whose verdict differs between seeds is *seed-dependent*:
its evidence is not robust to the random instances drawn, and the CLI exits 2.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qproofs.errors import InvalidParameter

MAX_SEEDS = 1000
_ITEM = re.compile(r"^(\d+)(?:-(\d+))?$")


def parse_seeds(text: str) -> tuple[int, ...]:
    """``"0-9"`` (inclusive), ``"0,3,7"`` or a mix (``"0-2,5"``) to a tuple of distinct seeds ≥ 0, in order given.

    Raises :class:`InvalidParameter` naming ``--seeds`` for an empty, reversed,
    non-numeric or repeated item, or more than :data:`MAX_SEEDS` seeds.
    """
    rule = "must be a range A-B with A <= B, or a comma-separated list of integers >= 0 (e.g. 0-9 or 0,3,7)"
    seeds: list[int] = []
    if not text.strip():
        raise InvalidParameter("--seeds", rule, text)
    for item in text.split(","):
        m = _ITEM.match(item.strip())
        if m is None:
            raise InvalidParameter("--seeds", rule, text)
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) is not None else lo
        if hi < lo:
            raise InvalidParameter("--seeds", f"range {lo}-{hi} is reversed; {rule}", text)
        if hi - lo + 1 + len(seeds) > MAX_SEEDS:
            raise InvalidParameter("--seeds", f"at most {MAX_SEEDS} seeds", text)
        seeds.extend(range(lo, hi + 1))
    if len(set(seeds)) != len(seeds):
        raise InvalidParameter("--seeds", "each seed may appear once", text)
    return tuple(seeds)


@dataclass(frozen=True)
class SeedRuns:
    """Verdicts per claim per seed, and the worst exit status of the single-seed audits."""

    seeds: tuple[int, ...]
    verdicts: Mapping[str, Mapping[int, str]]
    worst_exit: int

    @property
    def seed_dependent(self) -> tuple[str, ...]:
        """Claims that got more than one verdict."""
        return tuple(cid for cid, by_seed in self.verdicts.items() if len(set(by_seed.values())) > 1)

    @property
    def exit_code(self) -> int:
        """2 if any claim is seed-dependent, else the worst single-seed exit status."""
        return 2 if self.seed_dependent else self.worst_exit


def run_seeds(seeds: Sequence[int], *, verify: Callable[..., Any] | None = None,
              on_audit: Callable[[int, Any], None] | None = None, **kwargs: Any) -> SeedRuns:
    """Run ``verify(seed=s, **kwargs)`` for each seed (``qproofs.runner.verify`` by default)."""
    if verify is None:
        from qproofs.runner import verify as runner_verify

        verify = runner_verify
    verdicts: dict[str, dict[int, str]] = {}
    worst = 0
    for seed in seeds:
        audit = verify(seed=seed, **kwargs)
        for c in audit.claims:
            verdicts.setdefault(c.id, {})[seed] = c.verdict.value
        worst = max(worst, int(audit.exit_code))
        if on_audit is not None:
            on_audit(seed, audit)
    return SeedRuns(tuple(seeds), verdicts, worst)


def render_seed_runs(runs: SeedRuns) -> str:
    """One row per claim: the verdicts it got (``verified ×10`` or ``verified ×9, gap ×1 (seeds 4)``)."""
    width = max((len(cid) for cid in runs.verdicts), default=5)
    lines = [f"{'claim'.ljust(width)}  verdicts over seeds {_seed_list(runs.seeds)}"]
    dependent = set(runs.seed_dependent)
    for cid, by_seed in runs.verdicts.items():
        counts: dict[str, list[int]] = {}
        for seed, v in by_seed.items():
            counts.setdefault(v, []).append(seed)
        common = max(counts, key=lambda v: len(counts[v]))
        parts = [f"{v} ×{len(s)}" + ("" if v == common else f" (seeds {_seed_list(s)})") for v, s in counts.items()]
        lines.append(f"{cid.ljust(width)}  {', '.join(parts)}" + ("  SEED-DEPENDENT" if cid in dependent else ""))
    lines.append(f"{len(dependent)} seed-dependent claim(s)" + (f": {', '.join(sorted(dependent))}" if dependent else "")
                 + f" over {len(runs.seeds)} seeds")
    return "\n".join(lines)


def _seed_list(seeds: Sequence[int]) -> str:
    """``0-9`` for a contiguous run, else ``0,3,7``."""
    s = list(seeds)
    if len(s) > 2 and s == list(range(s[0], s[0] + len(s))):
        return f"{s[0]}-{s[-1]}"
    return ",".join(map(str, s))
