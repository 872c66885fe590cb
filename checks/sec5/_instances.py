"""Checked TieAudit instances for Section 5's claims (not a claim module).

:func:`checked_instance` wraps :func:`tieaudit.instance_with_fraction` and asserts, on every instance the checks
generate, what the generator promises: a perfect matching of [n], signs ±1, and exactly round(f·n/2) conflicted
pairs (issue 11, Cosmic Ray: an instance generator that ignored f, or drew the conflicted pairs with
replacement, went unseen because the checks measure f afresh from the instance). :func:`instance_survey` is the
same assertion over a grid of (n, f) that includes the ends f = 0, 1 and the smallest n.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from qproofs.errors import QproofsError
from qproofs.protocols import tieaudit


class InstanceMismatch(RuntimeError):
    """A generated instance does not have the properties its generator promises (a defect, not bad input)."""


MATCHING_CHECK_MAX_N = 2**12
"""Above this n, :func:`checked_instance` leaves the perfect-matching test to the protocol runs, which validate
their matching themselves (``tieaudit.require_matching`` in run_quantum / run_countsketch / run_subset); the
survey (:func:`instance_survey`) tests it at every n it draws."""


def instance_defects(s: np.ndarray, M: np.ndarray, n: int, f: float, *, matching: bool = True) -> list[str]:
    """What (s, M) violates of instance_with_fraction(n, f)'s promise (empty: none); exact integer arithmetic."""
    out = []
    if M.shape != (n // 2, 2):
        return [f"matching has shape {M.shape}, not (n/2, 2)"]
    try:
        if matching:
            tieaudit.require_matching(M, n)
    except QproofsError as err:
        out.append(f"not a perfect matching: {err}")
        return out
    if s.shape != (n,) or not bool(np.all((s == 1) | (s == -1))):
        out.append("signs are not a ±1 vector of length n")
        return out
    want = int(round(f * (n // 2)))
    # conflict_fraction = (exact count)/(n/2) correctly rounded, as is want/(n/2): equal iff the counts are
    got = tieaudit.conflict_fraction(s, M)
    if got != want / (n // 2):
        out.append(f"{round(got * (n // 2))} conflicted pairs, promised round(f·n/2) = {want}")
    return out


def checked_instance(n: int, f: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, float]:
    """(s, M, conflict fraction) from :func:`tieaudit.instance_with_fraction`, its promise asserted.

    The fraction returned is :func:`tieaudit.conflict_fraction` (s, M), asserted equal to round(f·n/2)/(n/2).
    """
    s, M = tieaudit.instance_with_fraction(n, f, rng)
    bad = instance_defects(s, M, n, f, matching=n <= MATCHING_CHECK_MAX_N)
    if bad:
        raise InstanceMismatch(f"instance_with_fraction(n={n}, f={f}): " + "; ".join(bad))
    return s, M, int(round(f * (n // 2))) / (n // 2)


SURVEY_NS = (2, 4, 6, 16, 1000, 4096)
SURVEY_FS = (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)


def instance_survey(rng: np.random.Generator, repeats: int = 3) -> tuple[int, list[dict[str, Any]]]:
    """Every (n, f) of the survey grid, ``repeats`` instances each: (instances checked, defects found)."""
    bad, count = [], 0
    for n in SURVEY_NS:
        for f in SURVEY_FS:
            for _ in range(repeats):
                s, M = tieaudit.instance_with_fraction(n, f, rng)
                count += 1
                for d in instance_defects(s, M, n, f):
                    bad.append({"n": n, "f": f, "defect": d})
    return count, bad
