"""``qproofs diff OLD NEW``: what changed between two audits (pure; rendering below).

:func:`diff_audits` takes two ``qproofs.audit/1`` documents (plain dicts, as read
from ``audit.json``) and returns a frozen :class:`Diff`: verdict transitions,
checks whose status changed, numbers that moved beyond their tolerance, caveats
added or removed, and timing ratios. It computes nothing about the paper; it
compares records (style: the report renders, it does not compute).

Verdicts are ranked from best to worst (:data:`VERDICT_RANK`)::

    verified = cited  >  inconclusive  >  gap  >  refuted  >  error

A claim present in both audits whose rank increases is a *regression*; the
CLI exits 1 when there is any. ``error`` is last because a crashed check
decides nothing and may hide a refutation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qproofs.errors import ConfigError, InvalidParameter
from qproofs.jsonfile import read_json_object
from qproofs.tolerance import TOL

SCHEMA = "qproofs.audit/1"  # the runner's schema id; repeated so the diff does not import the runner

VERDICT_RANK: Mapping[str, int] = {"verified": 0, "cited": 0, "inconclusive": 1, "gap": 2, "refuted": 3, "error": 4}
"""Best (0) to worst (4); a rise in rank is a regression."""

_MAX_LEAVES = 256  # numbers compared per check (long sweeps are summarised by their first leaves)
_TIMING_FLOOR_S = 0.05  # claims faster than this in both runs are left out of the timing table (noise)


@dataclass(frozen=True)
class VerdictChange:
    """A claim whose verdict differs (``old``/``new`` is ``None`` when the claim is absent on that side)."""

    claim: str
    old: str | None
    new: str | None

    @property
    def worse(self) -> bool:
        """True when the claim is in both audits and its verdict rank rose."""
        return self.old is not None and self.new is not None and VERDICT_RANK[self.new] > VERDICT_RANK[self.old]


@dataclass(frozen=True)
class StatusChange:
    """A check whose status (pass/fail/inconclusive/error) differs; ``None`` = check absent."""

    claim: str
    check: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class MovedNumber:
    """A numeric leaf of a check's ``observed`` value that moved by more than the check's tolerance."""

    claim: str
    check: str
    path: str
    old: float
    new: float
    tolerance: float


@dataclass(frozen=True)
class CaveatChange:
    """Caveats of one claim that appeared or disappeared."""

    claim: str
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class Timing:
    """Wall-clock of one claim (or ``*`` for the whole run) in both audits; ``ratio`` = new / old."""

    claim: str
    old_s: float
    new_s: float

    @property
    def ratio(self) -> float | None:
        """``new_s / old_s``, or ``None`` when the old time is zero."""
        return self.new_s / self.old_s if self.old_s > 0 else None


@dataclass(frozen=True)
class Diff:
    """Everything that changed from ``old`` to ``new``."""

    old_run: Mapping[str, Any]
    new_run: Mapping[str, Any]
    verdicts: tuple[VerdictChange, ...]
    statuses: tuple[StatusChange, ...]
    moved: tuple[MovedNumber, ...]
    caveats: tuple[CaveatChange, ...]
    timings: tuple[Timing, ...]
    common: int

    @property
    def regressions(self) -> tuple[VerdictChange, ...]:
        """Verdict changes for the worse (claims in both audits)."""
        return tuple(v for v in self.verdicts if v.worse)

    @property
    def exit_code(self) -> int:
        """1 when any verdict got worse, else 0."""
        return 1 if self.regressions else 0

    @property
    def unchanged(self) -> bool:
        """No verdict, status, number or caveat changed (timings are not compared)."""
        return not (self.verdicts or self.statuses or self.moved or self.caveats)


# ------------------------------------------------------------------ loading ---


def load_audit_dict(path: str | Path) -> dict[str, Any]:
    """An ``audit.json`` document from a file or a report directory holding one."""
    p = Path(path)
    if p.is_dir():
        p = p / "audit.json"
    return read_json_object(p, missing="no such audit file (give an audit.json or a report directory)")


# ------------------------------------------------------------------ diffing ---


def diff_audits(old: Mapping[str, Any], new: Mapping[str, Any]) -> Diff:
    """Compare two audit documents; raise :class:`InvalidParameter` if they cannot be compared.

    Two audits are comparable when both are ``qproofs.audit/1`` and share at
    least one claim id.
    """
    for side, doc in (("OLD", old), ("NEW", new)):
        if doc.get("schema") != SCHEMA:
            raise InvalidParameter(side, f"must be a {SCHEMA} document (schema = {doc.get('schema')!r})")
        if not isinstance(doc.get("claims"), list) or not isinstance(doc.get("run"), Mapping):
            raise ConfigError(f"{side}: malformed audit document (no 'claims' list or 'run' object)")
    a, b = _claims(old, "OLD"), _claims(new, "NEW")
    common = [cid for cid in a if cid in b]
    if not common:
        raise InvalidParameter("OLD/NEW", "must share at least one claim id (these audits are of unrelated claim sets)")
    ids = common + [cid for cid in a if cid not in b] + [cid for cid in b if cid not in a]
    verdicts = tuple(VerdictChange(cid, _get(a, cid, "verdict"), _get(b, cid, "verdict")) for cid in ids
                     if _get(a, cid, "verdict") != _get(b, cid, "verdict"))
    statuses: list[StatusChange] = []
    moved: list[MovedNumber] = []
    caveats: list[CaveatChange] = []
    timings: list[Timing] = []
    for cid in common:
        ca, cb = a[cid], b[cid]
        ka, kb = _checks(ca), _checks(cb)
        for name in [*ka, *(n for n in kb if n not in ka)]:
            sa = check_status(ka[name]) if name in ka else None
            sb = check_status(kb[name]) if name in kb else None
            if sa != sb:
                statuses.append(StatusChange(cid, name, sa, sb))
            if name in ka and name in kb:
                moved.extend(_moved(cid, name, ka[name], kb[name]))
        old_cv, new_cv = list(ca.get("caveats") or ()), list(cb.get("caveats") or ())
        added = tuple(c for c in new_cv if c not in old_cv)
        removed = tuple(c for c in old_cv if c not in new_cv)
        if added or removed:
            caveats.append(CaveatChange(cid, added, removed))
        ta, tb = float(ca.get("duration_s") or 0.0), float(cb.get("duration_s") or 0.0)
        if max(ta, tb) >= _TIMING_FLOOR_S:
            timings.append(Timing(cid, ta, tb))
    total = Timing("*", float(old["run"].get("duration_s") or 0.0), float(new["run"].get("duration_s") or 0.0))
    return Diff(old_run=dict(old["run"]), new_run=dict(new["run"]), verdicts=verdicts, statuses=tuple(statuses),
                moved=tuple(moved), caveats=tuple(caveats), timings=(total, *timings), common=len(common))


def check_status(check: Mapping[str, Any]) -> str:
    """``pass``/``fail``/``inconclusive``/``error`` of a check record (as :class:`CheckResult.status`)."""
    if check.get("error") is not None:
        return "error"
    return {True: "pass", False: "fail"}.get(check.get("passed"), "inconclusive")  # type: ignore[arg-type]


def tolerance_value(tolerance: Any) -> float:
    """The absolute/relative tolerance of a check record as a float.

    ``"exact"`` (and any text starting with it) is 0; a float is itself; text
    starting with a number (``"1e-09 (exact enumeration)"``) is that number;
    anything else (``None``) is ``TOL.dense``. A tolerance stated in standard
    errors (``"4.0σ"``) is taken as the number 4.0: the diff has no σ to scale by.
    """
    if isinstance(tolerance, bool):
        return TOL.dense
    if isinstance(tolerance, int | float):
        return float(tolerance)
    if isinstance(tolerance, str):
        if tolerance.strip().lower().startswith("exact"):
            return 0.0
        m = re.match(r"\s*([0-9.]+(?:e[-+]?\d+)?)", tolerance, re.IGNORECASE)
        if m:
            try:
                return float(m.group(1))
            except ValueError:
                pass
    return TOL.dense


def _claims(doc: Mapping[str, Any], side: str) -> dict[str, Mapping[str, Any]]:
    out: dict[str, Mapping[str, Any]] = {}
    for c in doc["claims"]:
        if not isinstance(c, Mapping) or not isinstance(c.get("id"), str) or c.get("verdict") not in VERDICT_RANK:
            raise ConfigError(f"{side}: malformed claim entry (needs an 'id' and a known 'verdict')")
        out[c["id"]] = c
    return out


def _get(claims: Mapping[str, Mapping[str, Any]], cid: str, key: str) -> Any:
    return claims[cid][key] if cid in claims else None


def _checks(claim: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {k["name"]: k for k in claim.get("checks") or () if isinstance(k, Mapping) and "name" in k}


def _moved(cid: str, name: str, ka: Mapping[str, Any], kb: Mapping[str, Any]) -> Iterator[MovedNumber]:
    """Numeric leaves of ``observed`` present on both sides with ``|new − old| > tol·max(1, |old|)``.

    The test mixes absolute and relative error as ``numpy.isclose`` does with
    ``atol = rtol = tol``; exact checks (tol 0) report any change.
    """
    tol = max(tolerance_value(ka.get("tolerance")), tolerance_value(kb.get("tolerance")))
    la = dict(_leaves(ka.get("observed"), "observed"))
    for path, y in _leaves(kb.get("observed"), "observed"):
        if path not in la:
            continue
        x = la[path]
        if math.isnan(x) and math.isnan(y):
            continue
        if not (abs(y - x) <= tol * max(1.0, abs(x))):
            yield MovedNumber(cid, name, path, x, y, tol)


def _leaves(value: Any, path: str) -> Iterator[tuple[str, float]]:
    count = 0
    stack: list[tuple[str, Any]] = [(path, value)]
    while stack and count < _MAX_LEAVES:
        p, v = stack.pop(0)
        if isinstance(v, bool) or v is None or isinstance(v, str):
            continue
        if isinstance(v, int | float):
            count += 1
            yield p, float(v)
        elif isinstance(v, Mapping):
            stack.extend((f"{p}.{k}", x) for k, x in v.items())
        elif isinstance(v, list | tuple):
            stack.extend((f"{p}[{i}]", x) for i, x in enumerate(v))


# ---------------------------------------------------------------- rendering ---


def _run_line(run: Mapping[str, Any]) -> str:
    return (f"{run.get('profile')} profile, seed {run.get('seed')}, qproofs {run.get('qproofs_version')}, "
            f"started {run.get('started')}, {float(run.get('duration_s') or 0.0):.1f} s")


def _ratio(t: Timing) -> str:
    r = t.ratio
    return "—" if r is None else f"{r:.2f}×"


def _notable_timings(d: Diff, limit: int) -> list[Timing]:
    """The whole run, then claims whose time changed by more than 1.5× either way, largest change first."""
    rest = [t for t in d.timings[1:] if t.ratio is None or not (1 / 1.5 <= t.ratio <= 1.5)]
    rest.sort(key=lambda t: -abs(math.log(t.ratio)) if t.ratio else -math.inf)
    return [d.timings[0], *rest[:limit]]


def render_text(d: Diff, limit: int = 20) -> str:
    """Plain text for a terminal."""
    out = [f"old: {_run_line(d.old_run)}", f"new: {_run_line(d.new_run)}", f"{d.common} claims in both audits"]
    if d.verdicts:
        out.append("verdicts:")
        out += [f"  {v.claim}: {v.old or '(absent)'} -> {v.new or '(absent)'}{'  WORSE' if v.worse else ''}"
                for v in d.verdicts]
    if d.statuses:
        out.append("check status:")
        out += [f"  {s.claim}::{s.check}: {s.old or '(absent)'} -> {s.new or '(absent)'}" for s in d.statuses]
    if d.moved:
        out.append(f"numbers moved beyond tolerance ({len(d.moved)}):")
        out += [f"  {m.claim}::{m.check} {m.path}: {m.old:.6g} -> {m.new:.6g} (tol {m.tolerance:g})"
                for m in d.moved[:limit]]
        if len(d.moved) > limit:
            out.append(f"  … {len(d.moved) - limit} more")
    if d.caveats:
        out.append("caveats:")
        for c in d.caveats:
            out += [f"  {c.claim}: + {x}" for x in c.added] + [f"  {c.claim}: - {x}" for x in c.removed]
    out.append("timing (new/old):")
    out += [f"  {'whole run' if t.claim == '*' else t.claim}: {t.old_s:.2f}s -> {t.new_s:.2f}s ({_ratio(t)})"
            for t in _notable_timings(d, limit)]
    out.append(f"{len(d.regressions)} verdict(s) got worse" if d.regressions else
               ("no change" if d.unchanged else "no verdict got worse"))
    return "\n".join(out)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(d: Diff, limit: int = 20) -> str:
    """GitHub-flavoured Markdown for a pull-request comment (regressions first, details folded)."""
    head = ("### ❌ qproofs: " + f"{len(d.regressions)} verdict(s) got worse" if d.regressions
            else "### ✅ qproofs: no verdict got worse")
    out = [head, "", f"- old: {_run_line(d.old_run)}", f"- new: {_run_line(d.new_run)}",
           f"- {d.common} claims in both audits", ""]
    if d.verdicts:
        out += ["| claim | old | new | |", "|---|---|---|---|"]
        out += [f"| `{v.claim}` | {v.old or '—'} | {v.new or '—'} | {'**worse**' if v.worse else ''} |"
                for v in d.verdicts]
        out.append("")
    else:
        out += ["No verdict changed.", ""]
    if d.statuses:
        out += ["<details><summary>Checks whose status changed "
                f"({len(d.statuses)})</summary>", "", "| check | old | new |", "|---|---|---|"]
        out += [f"| `{s.claim}::{s.check}` | {s.old or '—'} | {s.new or '—'} |" for s in d.statuses]
        out += ["", "</details>", ""]
    if d.moved:
        out += [f"<details><summary>Numbers that moved beyond their tolerance ({len(d.moved)})</summary>", "",
                "| check | value | old | new | tolerance |", "|---|---|---|---|---|"]
        out += [f"| `{m.claim}::{m.check}` | `{_md(m.path)}` | {m.old:.6g} | {m.new:.6g} | {m.tolerance:g} |"
                for m in d.moved[:limit]]
        if len(d.moved) > limit:
            out.append(f"| … {len(d.moved) - limit} more | | | | |")
        out += ["", "</details>", ""]
    if d.caveats:
        out += ["<details><summary>Caveats added or removed</summary>", ""]
        for c in d.caveats:
            out += [f"- `{c.claim}` added: {_md(x)}" for x in c.added]
            out += [f"- `{c.claim}` removed: {_md(x)}" for x in c.removed]
        out += ["", "</details>", ""]
    out += ["<details><summary>Timing (new / old)</summary>", "", "| claim | old | new | ratio |",
            "|---|---|---|---|"]
    out += [f"| {'whole run' if t.claim == '*' else f'`{t.claim}`'} | {t.old_s:.2f} s | {t.new_s:.2f} s | {_ratio(t)} |"
            for t in _notable_timings(d, limit)]
    out += ["", "</details>", ""]
    return "\n".join(out)
