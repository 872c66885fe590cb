"""``qproofs selftest``: mutation testing of the checks themselves.

Every :class:`~qproofs.claims.Mutant` declared in ``checks/`` is a broken
protocol or a false bound. Its claim is run once unmutated (the baseline) and
once under the mutant, at the quick profile and the given seed. The mutant is
*killed* when the claim's verdict changes and every check it names changes
status (a check that passes must fail or become inconclusive; a check that
reports a finding, e.g. a ``gap``, must change its answer). A check that
crashes under the mutant does not count: a crash shows nothing about whether
the check can fail. A surviving mutant is a bug in a
check: a check that cannot fail.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from qproofs.claims import ClaimResult, Mutant
from qproofs.errors import ConfigError
from qproofs.runner import Registry, discover, run_claim

SELFTEST_PROFILE = "quick"


@dataclass(frozen=True)
class MutantOutcome:
    """One mutant's fate."""

    mutant: Mutant
    killed: bool
    baseline: str
    mutated: str
    unchanged_checks: tuple[str, ...]
    unknown_checks: tuple[str, ...]
    crashed_checks: tuple[str, ...] = ()

    def line(self) -> str:
        """One line for the selftest listing."""
        head = f"{'killed  ' if self.killed else 'SURVIVED'} {self.mutant.name:<36} by {self.mutant.claim:<28}"
        why = f"{self.baseline} -> {self.mutated}"
        if self.unknown_checks:
            why += f"; names unknown checks {', '.join(self.unknown_checks)}"
        elif self.crashed_checks:
            why += f"; crashed (a crash is not a failed check): {', '.join(self.crashed_checks)}"
        elif self.unchanged_checks:
            why += f"; unchanged: {', '.join(self.unchanged_checks)}"
        return f"{head} {why}"


def judge(mutant: Mutant, baseline: ClaimResult, mutated: ClaimResult) -> MutantOutcome:
    """Whether ``mutated`` (the claim run under ``mutant``) kills it, against ``baseline``."""
    before = {k.name: k.status for k in baseline.checks}
    after = {k.name: k.status for k in mutated.checks}
    unknown = tuple(n for n in mutant.kills if n not in before)
    unchanged = tuple(n for n in mutant.kills if n in before and before[n] == after.get(n))
    crashed = tuple(n for n in mutant.kills if after.get(n) == "error")
    killed = not unknown and not unchanged and not crashed and baseline.verdict != mutated.verdict
    return MutantOutcome(mutant, killed, baseline.verdict.value, mutated.verdict.value, unchanged, unknown, crashed)


def iter_mutants(registry: Registry, mutants: Sequence[Mutant], *, seed: int = 0,
                 profile: str = SELFTEST_PROFILE) -> Iterator[MutantOutcome]:
    """Run each mutant against a baseline of its claim (one baseline per claim), yielding as they finish."""
    baselines: dict[str, ClaimResult] = {}
    for m in mutants:
        claim = registry.get(m.claim)
        if m.claim not in baselines:
            baselines[m.claim] = run_claim(claim, seed=seed, profile=profile)
        try:
            mutated = run_claim(claim, seed=seed, profile=profile, mutant=m)
        except Exception as exc:  # noqa: BLE001 - a mutant that cannot be applied is reported, not raised
            yield MutantOutcome(m, False, baselines[m.claim].verdict.value, f"mutant failed to apply ({exc!r})",
                                (), ())
            continue
        yield judge(m, baselines[m.claim], mutated)


def run_selftest(only: Sequence[str] | None = None, checks: str | None = None, seed: int = 0) -> int:
    """Print each mutant with the claim that killed it and ``mutants killed: K/T``; exit 1 if any survived."""
    registry = discover(checks)
    chosen = {c.id for c in registry.select(only)}
    mutants = [m for m in registry.mutants if m.claim in chosen]
    if not mutants:
        raise ConfigError("no mutants declared for the selected claims")
    outcomes = []
    for outcome in iter_mutants(registry, mutants, seed=seed):
        print(outcome.line(), flush=True)
        outcomes.append(outcome)
    killed = sum(o.killed for o in outcomes)
    uncovered = uncovered_checks(registry, only)
    if uncovered:
        print(f"checks with no negative control: {', '.join(uncovered)}")
    kernel = kernel_outcomes()
    for line in kernel.values():
        print(line, flush=True)
    kernel_killed = sum(line.startswith("killed") for line in kernel.values())
    print(f"certificate checker mutants killed by its forged-certificate self-test: {kernel_killed}/{len(kernel)}")
    print(f"mutants killed: {killed}/{len(outcomes)}")
    return 0 if killed == len(outcomes) and not uncovered and kernel_killed == len(kernel) else 1


def kernel_outcomes() -> dict[str, str]:
    """Each fault of :data:`qproofs.certcheck.forged.KERNEL_MUTANTS` against the checker's self-test.

    Issue 11: a checker that skips a leading minor must not go unseen by ``qproofs selftest``. Killed
    when :func:`~qproofs.certcheck.forged.self_test` under the fault no longer trusts the checker (as
    every audit runs it: the audit's ``rechecked`` checks would then be inconclusive).
    """
    from qproofs.certcheck.forged import KERNEL_MUTANTS, kernel_mutant, self_test

    out = {}
    for m in KERNEL_MUTANTS:
        with kernel_mutant(m):
            result = self_test()
        head = f"{'killed  ' if not result.trusted else 'SURVIVED'} certcheck:{m.name:<27} by the checker's self-test"
        out[m.name] = f"{head} ({result.rejected}/{result.forged} forged rejected)"
    return out


def uncovered_checks(registry: Registry, only: Sequence[str] | None = None) -> list[str]:
    """``claim::check`` names that no mutant names in its ``kills`` (checks that nothing shows can fail)."""
    named = {(m.claim, k) for m in registry.mutants for k in m.kills}
    return [f"{c.id}::{s.name}" for c in registry.select(only) for s in c.checks if (c.id, s.name) not in named]
