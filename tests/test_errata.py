"""Closure of verdicts, repairs in the report, ``qproofs errata`` (issue 10), on a tiny claim pack.

The pack: ``mini.base`` verified; ``mini.lemma`` a gap (a premise fails at n = 3) repaired by
``mini.fixed`` (verified, narrowed); ``mini.thm`` verified on top of the lemma (so local) and
``mini.top`` on top of ``mini.thm`` (local transitively); ``mini.false`` refuted with no repair;
``mini.chain`` verified on ``mini.base`` only (closure).
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

import qproofs
from qproofs.cli import main
from qproofs.report.audit_json import write_json
from qproofs.report.closure import blockers, closures, verdict_label
from qproofs.report.depgraph import dependency_svg
from qproofs.report.errata import missing_repairs, render_errata, repair_sentences, write_errata
from qproofs.report.html import render_html
from qproofs.report.markdown import claim_markdown, render_markdown
from qproofs.runner import Audit

HEAD = "from qproofs.claims import Claim, Evidence\n"
PASS = '@C.check("symbolic")\ndef holds(ctx):\n    return Evidence(passed=True, tolerance="exact")\n'


def _module(cid: str, section: str, check: str = PASS, **kw: str) -> str:
    extra = "".join(f", {k}={v}" for k, v in kw.items())
    return (HEAD + f'C = Claim("{cid}", ref="Lemma {cid[-1]}", section="{section}", title="title of {cid}", '
            f'statement="statement of {cid}"{extra})\n' + check)


PACK = {
    "sec1/base.py": _module("mini.base", "1", scope='"exact"'),
    "sec1/lemma.py": _module("mini.lemma", "1", scope='"exact"', uses='("mini.base",)', check=(
        '@C.check("simulation")\ndef premise(ctx):\n'
        '    return Evidence(passed=False, observed=0.1, expected=">= 0.2", tolerance=1e-9, on_fail="gap",\n'
        '                    counterexample={"n": 3, "x": [1, 0, 1]})\n'
        '@C.check("symbolic")\ndef other(ctx):\n    return Evidence(passed=True)\n')),
    "sec1/fixed.py": (HEAD + 'C = Claim("mini.fixed", ref="Lemma 2 (repaired)", section="1", title="fixed", '
                      'statement="statement of mini.lemma for n >= 4", scope="narrowed", form="for n >= 4", '
                      'repair_of="mini.lemma")\n' + PASS),
    "sec2/thm.py": _module("mini.thm", "2", scope='"exact"', uses='("mini.lemma",)'),
    "sec2/top.py": _module("mini.top", "2", scope='"stronger"', uses='("mini.thm",)'),
    "sec2/false.py": _module("mini.false", "2.1", scope='"exact"', no_repair='"the bound is off by n; none found"',
                             check=('@C.check("enumeration")\ndef bound(ctx):\n'
                                    '    return Evidence(passed=False, observed=5, expected="<= 4",\n'
                                    '                    counterexample={"n": 2})\n')),
    "sec2/chain.py": _module("mini.chain", "2", scope='"exact"', uses='("mini.base",)'),
}


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> Audit:
    root = tmp_path_factory.mktemp("minipack")
    for rel, text in PACK.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text))
    return qproofs.verify(checks=root, profile="quick", seed=0)


def test_the_pack_decides_as_designed(audit: Audit) -> None:
    assert {c.id: c.verdict.value for c in audit.claims} == {
        "mini.base": "verified", "mini.lemma": "gap", "mini.fixed": "verified", "mini.thm": "verified",
        "mini.top": "verified", "mini.false": "refuted", "mini.chain": "verified"}


def test_closure_is_transitive_and_only_for_passing_verdicts(audit: Audit) -> None:
    got = closures(audit.claims)
    assert got == {"mini.base": "closure", "mini.lemma": None, "mini.fixed": "closure", "mini.thm": "local",
                   "mini.top": "local", "mini.false": None, "mini.chain": "closure"}
    assert blockers(audit.claims)["mini.top"] == ("mini.lemma (gap)",)  # two steps away
    assert verdict_label("verified", "local") == "verified, local" and verdict_label("gap", None) == "gap"


def test_closure_of_a_partial_selection_and_a_cycle(audit: Audit) -> None:
    """A used claim that was not run makes the verdict local; a cycle of uses terminates."""
    partial = [c for c in audit.claims if c.id != "mini.base"]
    assert closures(partial)["mini.chain"] == "local"
    assert blockers(partial)["mini.chain"] == ("mini.base (not run)",)
    base = audit.claim("mini.base")
    cyc = [replace(base, uses=("mini.chain",)), replace(audit.claim("mini.chain"))]
    assert closures(cyc) == {"mini.base": "closure", "mini.chain": "closure"}


def test_summary_tables_show_scope_and_closure(audit: Audit, tmp_path: Path) -> None:
    md = render_markdown(audit)
    assert "| verdict | scope |" in md
    assert "| **verified**, local | stronger |" in md  # mini.top
    assert "| **verified**, closure | narrowed |" in md  # mini.fixed
    assert "| **refuted** | exact |" in md
    page = render_html(audit, tmp_path)
    assert "<span class='closure local'>local</span></td><td>stronger</td>" in page
    assert "<span class='closure closure'>closure</span></td><td>exact</td>" in page


def test_dependency_graph_dashes_local_nodes_only(audit: Audit) -> None:
    svg = dependency_svg(audit.claims)
    nodes = {line.split('"')[1][1:]: line for line in svg.splitlines() if line.startswith("<a href=")}
    dashed = sorted(cid for cid, line in nodes.items() if "stroke-dasharray" in line)
    assert dashed == ["mini.thm", "mini.top"]
    assert "(verified, local)</title>" in nodes["mini.top"] and "(gap)</title>" in nodes["mini.lemma"]


def test_sections_name_the_repair_or_its_absence(audit: Audit) -> None:
    lemma = "\n".join(claim_markdown(audit.claim("mini.lemma"), audit.claims))
    assert "The conclusion survives, by repair [`mini.fixed`](#minifixed) (verified)." in lemma
    fixed = "\n".join(claim_markdown(audit.claim("mini.fixed"), audit.claims))
    assert "Verdict: **verified, closure** — scope: narrowed (to: for n >= 4)" in fixed
    assert "Repair of [`mini.lemma`](#minilemma) (gap)" in fixed
    false = "\n".join(claim_markdown(audit.claim("mini.false"), audit.claims))
    assert "No repair found: the bound is off by n; none found" in false
    top = "\n".join(claim_markdown(audit.claim("mini.top"), audit.claims))
    assert "Verdict: **verified, local**" in top and "Local only: it rests on mini.lemma (gap)." in top
    page = render_html(audit, Path("."))
    assert "The conclusion survives, by repair <a href='#mini.fixed'><code>mini.fixed</code></a> (verified)." in page


def test_a_failed_repair_does_not_save_the_conclusion(audit: Audit) -> None:
    """Negative control: with the repair refuted, the original's section says the conclusion is in doubt."""
    broken_fix = replace(audit.claim("mini.fixed"), verdict=audit.claim("mini.false").verdict,
                         checks=audit.claim("mini.false").checks)
    claims = [broken_fix if c.id == "mini.fixed" else c for c in audit.claims]
    said = " ".join(repair_sentences(audit.claim("mini.lemma"), claims, str))
    assert "survives" not in said
    assert "Repair mini.fixed was checked and is refuted" in said and "the conclusion itself is in doubt" in said
    assert missing_repairs(audit.claims) == []
    without = [c for c in audit.claims if c.id != "mini.fixed"]
    assert missing_repairs(without) == ["mini.lemma is gap but no claim is repair_of it and its no_repair is empty"]


def test_render_errata_section_by_section(audit: Audit) -> None:
    text = render_errata(audit)
    assert text.index("## Section 1") < text.index("## Section 2.1")
    assert "## Section 2\n" not in text  # only sections with a gap/refuted claim
    lemma = text[text.index("### mini.lemma"):text.index("## Section 2.1")]
    assert "- **The paper says:** statement of mini.lemma" in lemma
    assert ("`premise` expected >= 0.2, observed 0.1 (tolerance 1e-09): a premise of the proof fails." in lemma)
    assert "`other`" not in lemma  # only failing checks
    assert "- **Minimal instance:** `n=3, x=[1, 0, 1]` (premise)" in lemma
    assert "- **Corrected statement** (`mini.fixed`, **verified**): statement of mini.lemma for n >= 4" in lemma
    false = text[text.index("### mini.false"):]
    assert "`bound` expected <= 4, observed 5: the statement fails." in false
    assert "- **No repair found:** the bound is off by n; none found" in false
    assert "mini.thm" not in text and "mini.base" not in text


def test_errata_cli_writes_atomically_and_prints(audit: Audit, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    write_json(audit, tmp_path / "audit.json")
    (tmp_path / "errata.md").write_text("stale")
    assert main(["errata", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out == (tmp_path / "errata.md").read_text() == render_errata(audit)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.json", "errata.md"]  # no temp file left
    assert write_errata(audit, tmp_path / "new") == tmp_path / "new" / "errata.md"


def test_errata_of_an_audit_with_nothing_broken(audit: Audit) -> None:
    clean = replace(audit, claims=tuple(c for c in audit.claims if c.verdict.is_pass))
    assert "No claim is gap or refuted: nothing to correct." in render_errata(clean)


def test_errata_bad_input_is_one_line_exit_64(audit: Audit, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["errata", "--out", str(tmp_path / "nowhere")]) == 64
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no audit.json here" in err
    doc = audit.to_dict()
    for c in doc["claims"]:  # an audit from before issue 10
        for key in ("scope", "form", "repair_of", "no_repair"):
            c.pop(key)
    (tmp_path / "audit.json").write_text(json.dumps(doc))
    assert main(["errata", "--out", str(tmp_path)]) == 64
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "predates scopes and repairs" in err and "'mini.base'" in err
    assert not (tmp_path / "errata.md").exists()
    (tmp_path / "audit.json").write_text("[1, 2]")
    assert main(["errata", "--out", str(tmp_path)]) == 64


def test_show_prints_closure_and_scope(audit: Audit, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "pack"
    for rel, text in PACK.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text))
    write_json(audit, tmp_path / "audit.json")
    assert main(["show", "mini.thm", "--out", str(tmp_path), "--checks", str(root)]) == 0
    out = capsys.readouterr().out
    assert "Verdict: **verified, local** — scope: exact" in out
    assert main(["show", "mini.fixed", "--out", str(tmp_path / "none"), "--checks", str(root)]) == 0
    assert "scope: narrowed (to: for n >= 4)" in capsys.readouterr().out


def test_summary_notes_name_an_indirect_blocker(audit: Audit, tmp_path: Path) -> None:
    md = render_markdown(audit)
    row = next(line for line in md.splitlines() if line.startswith("| [`mini.top`]"))
    assert row.endswith("| rests, through its uses, on mini.lemma (gap) |")
    thm = next(line for line in md.splitlines() if line.startswith("| [`mini.thm`]"))
    assert "rests, through" not in thm and "uses mini.lemma, which is gap" in thm  # direct: the runner's note
    assert "<div class='note'>rests, through its uses, on mini.lemma (gap)</div>" in render_html(audit, tmp_path)


def test_compact_keeps_nested_mappings_in_braces() -> None:
    from qproofs.report.errata import compact

    assert compact({"a": {"b": 1, "c": 0.5}, "d": [1, 2]}) == "a={b=1, c=0.5}, d=[1, 2]"
    assert compact({"z": {"re": 1.0, "im": -2.0}}) == "z=1-2i"
    assert compact("x" * 300, 10) == "x" * 9 + "…"
