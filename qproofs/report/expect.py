"""Expectations file (``reports/expected.toml``): hold an audit against known verdicts.

Like pytest's non-strict ``xfail``: a claim expected to be ``gap`` that is
``gap`` passes; a claim whose verdict is neither its expected verdict nor a
pass (``verified``/``cited``) fails the run; a claim expected to be ``gap`` (or
``refuted``, …) that now passes is reported as *resolved* — the file should be
updated — without failing. Claims absent from the file are expected to pass.

Format (TOML; ids are quoted because they contain dots)::

    [verdicts]
    "ring.correct" = "verified"
    "vga.sampling" = { verdict = "gap", reason = "Theorem 3's sampling premise fails at small n" }
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qproofs.errors import ConfigError

VERDICTS = ("verified", "refuted", "gap", "cited", "inconclusive", "error")
PASSING = ("verified", "cited")


@dataclass(frozen=True)
class Expectation:
    """One claim's expected verdict and, optionally, why."""

    claim: str
    verdict: str
    reason: str = ""


@dataclass(frozen=True)
class ExpectOutcome:
    """An audit held against expectations."""

    matched: tuple[tuple[str, str], ...]
    """(claim, verdict) that met their expectation."""
    unexpected: tuple[tuple[str, str, str], ...]
    """(claim, expected, got): a verdict that is neither expected nor a pass — fails the run."""
    resolved: tuple[tuple[str, str, str], ...]
    """(claim, expected, got): expected not to pass, now passes — update the file."""
    not_run: tuple[str, ...]
    """Claims in the file that are not in the audit (a partial selection)."""

    @property
    def exit_code(self) -> int:
        """1 when any verdict is unexpected, else 0."""
        return 1 if self.unexpected else 0


def parse_expectations(text: str, source: str = "expected.toml") -> dict[str, Expectation]:
    """Parse the TOML text; :class:`ConfigError` (one line) for anything malformed."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML ({exc})") from exc
    table = doc.get("verdicts")
    if not isinstance(table, dict) or set(doc) - {"verdicts"}:
        raise ConfigError(f"{source}: must hold exactly one table [verdicts] of \"claim.id\" = \"verdict\"")
    out: dict[str, Expectation] = {}
    for cid, value in table.items():
        if isinstance(value, dict) and not isinstance(value.get("verdict"), str):
            raise ConfigError(f"{source}: {cid!r} is a dotted key or a table without 'verdict' "
                              "(quote claim ids: \"ring.correct\" = \"verified\")")
        verdict, reason = (value.get("verdict"), value.get("reason", "")) if isinstance(value, dict) else (value, "")
        if verdict not in VERDICTS:
            raise ConfigError(f"{source}: {cid!r} = {verdict!r}: verdict must be one of {', '.join(VERDICTS)}")
        out[cid] = Expectation(cid, verdict, str(reason))
    return out


def load_expectations(path: str | Path) -> dict[str, Expectation]:
    """Read and parse an expectations file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read expectations file ({exc.__class__.__name__})") from exc
    return parse_expectations(text, str(p))


def hold(expected: Mapping[str, Expectation], audit: Mapping[str, Any]) -> ExpectOutcome:
    """Hold the verdicts of an audit document against ``expected`` (pure)."""
    try:
        got = {c["id"]: c["verdict"] for c in audit["claims"]}
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"malformed audit document (claims need an id and a verdict: {exc})") from exc
    matched, unexpected, resolved = [], [], []
    for cid, verdict in got.items():
        want = expected[cid].verdict if cid in expected else "verified"
        if verdict == want or (verdict in PASSING and want in PASSING):
            matched.append((cid, verdict))
        elif verdict in PASSING:
            resolved.append((cid, want, verdict))
        else:
            unexpected.append((cid, want, verdict))
    return ExpectOutcome(tuple(matched), tuple(unexpected), tuple(resolved),
                         tuple(cid for cid in expected if cid not in got))


def render_outcome(o: ExpectOutcome) -> str:
    """A few lines for the terminal or a CI log."""
    lines = [f"UNEXPECTED {cid}: expected {want}, got {got}" for cid, want, got in o.unexpected]
    lines += [f"resolved {cid}: expected {want}, now {got} (update the expectations file)"
              for cid, want, got in o.resolved]
    if o.not_run:
        lines.append(f"{len(o.not_run)} expected claim(s) not in this audit: {', '.join(o.not_run)}")
    lines.append(f"expectations: {len(o.matched)} as expected, {len(o.unexpected)} unexpected, "
                 f"{len(o.resolved)} resolved")
    return "\n".join(lines)


def expectations_toml(audit: Mapping[str, Any]) -> str:
    """An expectations file that the given audit meets exactly (to bootstrap or update one)."""
    run = audit.get("run", {})
    lines = ["# qproofs expectations: claim id -> verdict expected of `qproofs verify`.",
             "# A claim not listed is expected to be verified or cited. See README, 'Comparing audits and CI outputs'.",
             f"# Generated from an audit of profile {run.get('profile')}, seed {run.get('seed')}.", "", "[verdicts]"]
    lines += [f'"{c["id"]}" = "{c["verdict"]}"' for c in audit["claims"]]
    return "\n".join(lines) + "\n"
