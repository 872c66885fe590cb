"""``qproofs new CLAIM_ID``: write a claim module in the claim kit's anatomy.

The module it writes is discovered as it stands: its one check is
``inconclusive`` ("not written yet") until you write it, and its mutant shows
the shape of a negative control (a false claimed value through ``paper=``).
"""

from __future__ import annotations

from pathlib import Path

from qproofs.claims import is_claim_id
from qproofs.errors import ConfigError, require

TEMPLATE = '''"""``{id}`` ({ref}): {title}.

Anatomy (every claim module, in this order): the claim; its parameters per
profile; its checks; its fuzz property, if any; its mutants. The physics goes in
``qproofs/protocols``, ``symbolic`` or ``sdp`` (small pure functions citing the
paper); this module only runs it and judges.
"""

from __future__ import annotations

from typing import Any

from qproofs import judge
from qproofs.claims import Claim, Evidence

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "{id}", ref="{ref}", section="{section}", scope="exact",
    title="{title}",
    statement="State the claim with its mathematics, exactly as the checks decide it.",
    paper={{"bound": 1}},            # what the paper claims: constants, exponents, formulas
    # ------------------------------------------------------- parameters ---
    params={{"quick": {{"n": 4}}, "standard": {{"n": 16}}, "deep": {{"n": 64}}}},
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("simulation")
def observed_within_bound(ctx: Any) -> Evidence:
    """Generate instances (ctx.params, ctx.rng()), run the protocol, judge against ctx.paper."""
    return judge.undecided("not written yet: run the protocol on ctx.params.n and judge, e.g. "
                           "judge.at_most(observed, ctx.paper['bound'], tol=ctx.tol.dense)")


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[observed_within_bound], paper={{"bound": 0}})
def false_bound() -> None:
    """A claimed value the protocol cannot meet: the check must fail under it."""
'''


def module_path(claim_id: str, checks_dir: Path, section: str) -> Path:
    """Where the claim module goes: ``<checks>/sec<section>/<id with . and - as _>.py``."""
    folder = "sec" + section.replace(".", "_")
    return checks_dir / folder / (claim_id.replace(".", "_").replace("-", "_") + ".py")


def write_new_claim(claim_id: str, checks_dir: Path, *, section: str = "1", ref: str = "Theorem ?",
                    title: str = "Title of the claim") -> Path:
    """Write the template for ``claim_id``; refuses to overwrite an existing file."""
    require(is_claim_id(claim_id), "CLAIM_ID", "must look like '<where>.<what>' (lower case, digits, '-')", claim_id)
    require(bool(section) and all(c.isalnum() or c == "." for c in section), "--section",
            "must be letters, digits and dots (e.g. 4 or 3.3)", section)
    path = module_path(claim_id, checks_dir, section)
    if path.exists():
        raise ConfigError(f"{path} exists already: qproofs new never overwrites a claim module")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE.format(id=claim_id, ref=ref.replace('"', "'"), section=section,
                                    title=title.replace('"', "'")), encoding="utf-8")
    return path
