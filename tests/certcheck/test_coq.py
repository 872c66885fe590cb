"""The Coq kernel backend (issue 15): genuine certificates accepted, forged ones rejected by the kernel.

Claims ``thm1.qfi-bound`` (Theorem 1, max Var ≤ W²/4) and ``vga.stabilizer-detection`` (Section
4.3, min rejection ≥ (1 − F)·2^{N−1}/(2^N − 1)) at N = 2, 3, and a hand-made complex Hermitian
program; polynomial identities and exact tables. Skipped when ``coqc`` is not installed (Debian package ``coq``).
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import shutil
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from qproofs.certcheck import coq

ROOT = Path(__file__).resolve().parents[2]

needs_coq = pytest.mark.skipif(shutil.which("coqc") is None,
                               reason="coqc not installed (apt-get install coq): kernel checks skipped")


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_coq", ROOT / "benchmarks" / "bench_coq.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _rehash(doc: dict[str, Any]) -> dict[str, Any]:
    doc["problem_sha256"] = coq.problem_sha256(doc["problem"])
    return doc


def _complex_document() -> dict[str, Any]:
    """max ⟨C, X⟩ s.t. tr X = 1 for C = [[1, i], [−i, 1]] (eigenvalues 0, 2): the maximum is 2."""
    from qproofs.sdp.certificate import Constraint, SDPProgram

    C = [[1, 1j], [-1j, 1]]
    prog = SDPProgram(C, (Constraint([[1, 0], [0, 1]], "==", 1),), sense="max", name="complex toy")
    assert prog.is_complex
    return _bench().sdp_document(prog, [Fraction(2)], Fraction(2), "toy.complex", "max_le_2")


def _forgeries(t3: dict[str, Any], cplx: dict[str, Any]) -> dict[str, tuple[dict[str, Any], str]]:
    """name -> (forged document, the reason prefix the kernel backend must give)."""
    out: dict[str, tuple[dict[str, Any], str]] = {}
    d = copy.deepcopy(t3)  # Theorem 1, N = 3: max ≤ 9/4; claim 2 instead
    d["statement"]["bound"] = "2"
    out["inflated_bound"] = (d, "kernel-rejected: b.y proves the bound")
    # y = 2 < 9/4: Z = 2I − C has −1/4 on the diagonal; the factorisation Z = I·diag(Z)·I is exact
    # and b·y = 2 ≤ 9/4, so only D ≥ 0 fails (an indefinite dual slack meeting the linear rows)
    d = copy.deepcopy(t3)
    C = d["problem"]["C"]
    n = len(C)
    d["witness"]["y"] = ["2"]
    zdiag = [str(2 - Fraction(C[i][i])) for i in range(n)]
    d["witness"]["ldl"] = {"perm": list(range(n)),
                           "L": [["1" if i == j else "0" for j in range(n)] for i in range(n)],
                           "D": zdiag}
    out["indefinite_D"] = (d, "kernel-rejected: D >= 0")
    d = copy.deepcopy(t3)
    d["problem"]["C"][1][1] = "1/2"
    out["tampered_entry"] = (_rehash(d), "kernel-rejected: sum y_i A_i - C")
    d = copy.deepcopy(t3)
    d["problem"]["C"][1][1] = "1/2"
    out["tampered_entry_old_hash"] = (d, "hash-mismatch")
    d = copy.deepcopy(t3)
    d["witness"]["ldl"]["D"][1] = "3"
    out["tampered_witness"] = (d, "kernel-rejected: sum y_i A_i - C")
    d = copy.deepcopy(cplx)
    d["problem"]["C"][0][1] = ["0", "2"]
    d["problem"]["C"][1][0] = ["0", "-2"]
    out["complex_tampered"] = (_rehash(d), "kernel-rejected: sum y_i A_i - C")
    d = copy.deepcopy(cplx)
    d["statement"]["bound"] = "3/2"
    out["complex_inflated"] = (d, "kernel-rejected: b.y proves the bound")
    return out


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Genuine certificates (Theorem 1 N = 2, 3; stabiliser N = 2; complex toy) and forgeries."""
    bench = _bench()
    genuine = {"thm1_n2": bench.theorem1_document(2), "thm1_n3": bench.theorem1_document(3),
               "stab_n2": bench.stabilizer_document(2), "complex": _complex_document()}
    good = tmp_path_factory.mktemp("good")
    bad = tmp_path_factory.mktemp("forged")
    for name, doc in genuine.items():
        (good / f"{name}.json").write_text(json.dumps(doc), encoding="utf-8")
    forged = _forgeries(genuine["thm1_n3"], genuine["complex"])
    for name, (doc, _) in forged.items():
        (bad / f"{name}.json").write_text(json.dumps(doc), encoding="utf-8")
    return {"good": good, "bad": bad, "genuine": genuine, "forged": forged,
            "build": tmp_path_factory.mktemp("build")}


@needs_coq
def test_genuine_certificates_are_accepted_by_the_kernel(certs: dict[str, Any]) -> None:
    outcomes = coq.check_with_coq([certs["good"]], build_dir=certs["build"])
    assert len(outcomes) == len(certs["genuine"])
    for o in outcomes:
        assert o.accepted, (o.file, o.reason)
        assert o.reason.startswith("ok: kernel (Coq)")
    text = {Path(o.file).stem: o.reason for o in outcomes}
    assert "max tr(C X) <= 9/4" in text["thm1_n3"]
    assert "min tr(C X) >= 1/15" in text["stab_n2"]
    assert "Re tr(C X) <= 2 over complex PSD X" in text["complex"]


@needs_coq
def test_forged_certificates_are_rejected_each_for_its_reason(certs: dict[str, Any]) -> None:
    """Negative control: each forgery fails exactly the kernel computation (or binding) it breaks."""
    outcomes = coq.check_with_coq([certs["bad"]], build_dir=certs["build"])
    got = {Path(o.file).stem: o for o in outcomes}
    assert set(got) == set(certs["forged"])
    for name, (_, prefix) in certs["forged"].items():
        assert not got[name].accepted, name
        assert got[name].reason.startswith(prefix), (name, got[name].reason)


@needs_coq
def test_generated_theorems_rest_only_on_stdlib_real_axioms(certs: dict[str, Any]) -> None:
    """Print Assumptions runs on every generated theorem; an extra axiom rejects the certificate."""
    doc = certs["genuine"]["thm1_n2"]
    gen = coq.generate_sdp(doc, "AxiomProbe")
    lines = gen.text.splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith("Theorem cert_bound"))
    lines[i + 1] = "Proof. destruct cheat. Qed."
    lines.insert(i, "Axiom cheat : False.")
    forged = coq.Generated(gen.module, "\n".join(lines) + "\n", gen.theorem, gen.claim_text, gen.conditions)
    build = Path(certs["build"])
    lib = coq.build_library(build, coq.coqc_path())
    ok, reason = coq._run(forged, build, lib, coq.coqc_path(), 120)
    assert not ok and reason.startswith("axiom-not-allowed: cert_bound rests on cheat"), reason
    ok, reason = coq._run(gen, build, lib, coq.coqc_path(), 120)
    assert ok, reason


@needs_coq
def test_coq_error_that_is_not_a_proof_failure_is_named(certs: dict[str, Any]) -> None:
    gen = coq.generate_sdp(certs["genuine"]["thm1_n2"], "SyntaxProbe")
    broken = coq.Generated(gen.module, gen.text.replace("Definition bound", "Definitoin bound"),
                           gen.theorem, gen.claim_text, gen.conditions)
    build = Path(certs["build"])
    ok, reason = coq._run(broken, build, coq.build_library(build, coq.coqc_path()), coq.coqc_path(), 120)
    assert not ok and reason.startswith("coq-error: SyntaxProbe.v"), reason


def test_no_admitted_or_axiom_in_the_coq_sources(certs: dict[str, Any]) -> None:
    """The generic theory and every generated file: no Admitted, admit, Axiom, Parameter, Conjecture."""
    bad = re.compile(r"\b(Admitted|admit|Axiom|Axioms|Parameter|Parameters|Conjecture|Hypothesis)\b")
    sources = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "coq").glob("*.v")}
    assert "WeakDuality.v" in sources
    for name, doc in certs["genuine"].items():
        sources[name] = coq.generate_sdp(doc, "Probe").text
    sources["identity"] = coq.generate_identity(_identities()["poly_true"][0], "Probe").text
    sources["table"] = coq.generate_table(_table([["0", "1", "1"]], ["<=", ["col", "p"], ["col", "bound"]], [],
                                                 "t"), "Probe").text
    for name, text in sources.items():
        code = re.sub(r"\(\*.*?\*\)", "", text, flags=re.S)  # comments may name what is forbidden
        assert not bad.search(code), (name, bad.search(code))


def _identity(lhs: Any, rhs: Any, check: str) -> dict[str, Any]:
    import sympy as sp

    prob = {"variables": [], "lhs": sp.srepr(lhs), "rhs": sp.srepr(rhs)}
    return {"schema": coq.SCHEMA, "kind": "identity", "claim": "thm1.penalty", "check": check,
            "problem": prob, "statement": {"relation": "lhs-rhs==0"}, "witness": {"method": "simplify"},
            "problem_sha256": coq.problem_sha256(prob), "producer": {}}


def _identities() -> dict[str, tuple[dict[str, Any], str]]:
    """name -> (identity certificate, expected reason prefix)."""
    import sympy as sp

    w1, w2 = sp.symbols("w1 w2", real=True)
    var = (w1 + w2) ** 2 / 4  # Theorem 1 at N = 2: W²/4 with W = w1 + w2 (w ≥ 0)
    return {
        "poly_true": (_identity(var, w1**2 / 4 + w1 * w2 / 2 + w2**2 / 4, "expand"), "ok: kernel"),
        "poly_false": (_identity(var, w1**2 / 4 + w1 * w2 / 3 + w2**2 / 4, "forged"),
                       "kernel-rejected: field does not prove"),
        "matrix_true": (_identity(sp.ImmutableDenseMatrix([[w1 * (w1 - 1), sp.Rational(-3, 2)]]),
                                  sp.ImmutableDenseMatrix([[w1**2 - w1, -sp.Rational(3, 2)]]), "matrix"),
                        "ok: kernel"),
        "trig": (_identity(sp.sin(w1) ** 2 + sp.cos(w1) ** 2, sp.Integer(1), "trig"),
                 "not-expressible: sympy constructor 'sin'"),
    }


@needs_coq
def test_polynomial_identities_are_proved_by_field(tmp_path: Path) -> None:
    cases = _identities()
    for name, (doc, _) in cases.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(doc), encoding="utf-8")
    got = {Path(o.file).stem: o for o in coq.check_with_coq([tmp_path], build_dir=tmp_path / "build")}
    for name, (_, prefix) in cases.items():
        assert got[name].reason.startswith(prefix), (name, got[name].reason)
        assert got[name].accepted == prefix.startswith("ok"), name
    assert coq.is_not_expressible(got["trig"])


def _table(rows: list[list[str]], forall_rows: Any, sums: Any, check: str) -> dict[str, Any]:
    prob = {"columns": ["x", "p", "bound"], "rows": rows, "definition": "toy distribution with a cap"}
    return {"schema": coq.SCHEMA, "kind": "table", "claim": "toy.table", "check": check, "problem": prob,
            "statement": {"forall_rows": forall_rows, "sums": sums}, "witness": {"rows_checked": len(rows)},
            "problem_sha256": coq.problem_sha256(prob), "producer": {}}


@needs_coq
def test_tables_are_decided_by_the_kernel(tmp_path: Path) -> None:
    rows = [["0", "1/4", "1/2"], ["1", "1/4", "1/2"], ["2", "1/2", "1/2"]]
    cap = ["and", ["<=", ["col", "p"], ["col", "bound"]], [">=", ["col", "p"], ["const", "0"]]]
    total = [["==", ["col", "p"], "1"]]
    cases = {
        "a_true": (_table(rows, cap, total, "cap"), "ok: kernel"),
        "b_row_breaks": (_table(rows, ["<", ["col", "p"], ["col", "bound"]], total, "strict"),
                         "kernel-rejected: a row breaks the predicate"),
        "c_sum_fails": (_table(rows, cap, [["==", ["col", "p"], "9/10"]], "sum"),
                        "kernel-rejected: a column sum breaks"),
        "d_div_zero": (_table(rows, ["<=", ["/", ["col", "p"], ["col", "x"]], ["const", "1"]], [], "div"),
                       "kernel-rejected: a row breaks the predicate"),
    }
    for name, (doc, _) in cases.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(doc), encoding="utf-8")
    got = {Path(o.file).stem: o for o in coq.check_with_coq([tmp_path], build_dir=tmp_path / "build")}
    for name, (_, prefix) in cases.items():
        assert got[name].reason.startswith(prefix), (name, got[name].reason)
        assert got[name].accepted == prefix.startswith("ok"), name


def test_symbols_not_declared_real_are_not_expressible() -> None:
    import sympy as sp

    doc = _identity(sp.Symbol("z") ** 2, sp.Symbol("z") ** 2, "complex-symbol")
    with pytest.raises(coq._Bad, match="not-expressible: symbol 'z' is not declared real"):
        coq.generate_identity(doc, "Probe")


def test_missing_coqc_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coq.shutil, "which", lambda name: None)
    with pytest.raises(coq.CoqUnavailable) as exc:
        coq.check_with_coq(["reports/certificates"])
    assert str(exc.value) == coq.NOT_FOUND and "\n" not in str(exc.value)


def test_labels_cannot_close_the_generated_comment() -> None:
    assert "*)" not in coq._label("x *) Axiom cheat : False. (*")


def test_bad_numbers_are_refused_before_coq() -> None:
    for text in ("0.5", "1e3", "1/0", "+1", " 1", "nan", 3):
        with pytest.raises(coq._Bad, match="bad-number"):
            coq.coq_q(text)
    assert coq.coq_q("-3/4") == "(-3 # 4)%Q" and coq.coq_q("7") == "(7 # 1)%Q"


def test_structure_is_checked_before_coq(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unknown or missing top-level keys and duplicate JSON keys never reach the kernel."""
    monkeypatch.setattr(coq, "build_library", lambda root, coqc, timeout=0: root)
    monkeypatch.setattr(coq.shutil, "which", lambda name: "/bin/false")
    base = {k: {} for k in coq.TOP_KEYS} | {"schema": coq.SCHEMA, "kind": "sdp-dual"}
    (tmp_path / "a_extra.json").write_text(json.dumps(base | {"note": "x"}), encoding="utf-8")
    (tmp_path / "b_missing.json").write_text(json.dumps({k: v for k, v in base.items() if k != "witness"}),
                                             encoding="utf-8")
    (tmp_path / "c_dup.json").write_text('{"schema": "qproofs.cert/1", "schema": "qproofs.cert/1"}',
                                         encoding="utf-8")
    codes = [o.reason.split(":")[0] for o in coq.check_with_coq([tmp_path], build_dir=tmp_path / "b")]
    assert codes == ["unknown-field", "missing-field", "unreadable"]


def test_print_assumptions_parser() -> None:
    out = ("Axioms:\nClassicalDedekindReals.sig_forall_dec\n  : forall P : nat -> Prop,\n"
           "FunctionalExtensionality.functional_extensionality_dep\n  : forall A,\n")
    assert coq.parse_assumptions(out) == ["ClassicalDedekindReals.sig_forall_dec",
                                          "FunctionalExtensionality.functional_extensionality_dep"]
    assert coq.parse_assumptions("Closed under the global context\n") == []
