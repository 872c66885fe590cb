"""Producing ``qproofs.cert/1`` certificates (the untrusted side of issue 12; format: docs/certificates.md).

The audit's exact evidence — dual certificates of the SDP bounds (Theorem 1,
``thm1.*``; Section 4.3, ``vga.stabilizer-detection``), sympy identities
(``symbolic`` checks) and exact tables (``enumeration`` checks and exact
probability tables) — is written out so the independent checker
:mod:`qproofs.certcheck` can re-verify it from the file alone.

* :func:`sdp_certificate` / ``CertifiedBound.certificate_document``: weak duality + exact LDLᵀ;
* :func:`identity_certificate`: an srepr pair whose difference must simplify to 0;
* :func:`table_certificate`: exact rows and a predicate every row must satisfy;
* :func:`write_certificate`: atomic write (temp file in the directory + ``os.replace``);
* :func:`write_audit_certificates` / :func:`attach_certificates`: every check's certificate
  under ``<report>/certificates/``, rechecked, linked from the audit (trust ``rechecked``).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from fractions import Fraction
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qproofs.certcheck import SCHEMA, problem_sha256
from qproofs.errors import InvalidParameter, require

if TYPE_CHECKING:
    from qproofs.runner import Audit
    from qproofs.sdp.certificate import CertifiedBound, SDPProgram
    from qproofs.sdp.reduced import SparseProgram

DENSE_MAX = 32
"""Matrices up to this size are written dense, larger ones sparse (both are valid everywhere)."""

PACKAGES = ("python-flint", "sympy", "numpy", "cvxpy", "clarabel")


def q(v: Any) -> str:
    """An exact rational as the format's number string ``"p"`` / ``"p/q"`` (floats are refused)."""
    if isinstance(v, bool) or isinstance(v, float):
        raise InvalidParameter("certificate number", "must be exact (int, Fraction, sympy Rational), not float", v)
    from qproofs.sdp.certificate import to_fraction

    return str(to_fraction(v))


def producer() -> dict[str, Any]:
    """The producing qproofs and package versions (informational)."""
    from qproofs import __version__

    pk = {}
    for name in PACKAGES:
        try:
            pk[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return {"qproofs": __version__, "packages": pk}


def document(kind: str, claim: str, check: str, problem: Mapping[str, Any], statement: Mapping[str, Any],
             witness: Mapping[str, Any]) -> dict[str, Any]:
    """Assemble a certificate and bind its problem by SHA-256."""
    require(kind in ("sdp-dual", "sdp-dual-float", "identity", "table"), "kind",
            "must be sdp-dual, sdp-dual-float, identity or table", kind)
    return {"schema": SCHEMA, "kind": kind, "claim": claim, "check": check, "problem": dict(problem),
            "statement": dict(statement), "witness": dict(witness), "problem_sha256": problem_sha256(problem),
            "producer": producer()}


# ------------------------------------------------------------------- sdp ---


def _matrix(entries: Mapping[tuple[int, int], Any], m: int, cell: Any = q) -> Any:
    """Dense (m ≤ DENSE_MAX) or sparse JSON form of a matrix given by its non-zero entries."""
    if m <= DENSE_MAX:
        zero = cell(0)
        rows = [[zero] * m for _ in range(m)]
        for (i, j), v in entries.items():
            rows[i][j] = cell(v)
        return rows
    return {"m": m, "entries": [[i, j, cell(v)] for (i, j), v in sorted(entries.items()) if v != 0]}


def _program_matrix(re_: Sequence[Sequence[Fraction]], im_: Sequence[Sequence[Fraction]], cplx: bool) -> Any:
    n = len(re_)
    if cplx:
        ent = {(i, j): (re_[i][j], im_[i][j]) for i in range(n) for j in range(n) if re_[i][j] or im_[i][j]}
        return _matrix(ent, n, lambda v: [q(0), q(0)] if v == 0 else [q(v[0]), q(v[1])])
    return _matrix({(i, j): re_[i][j] for i in range(n) for j in range(n) if re_[i][j]}, n)


def sdp_problem(prog: SDPProgram | SparseProgram) -> dict[str, Any]:
    """The ``problem`` object of a program (original data, not the canonical form)."""
    from qproofs.sdp.reduced import SparseProgram

    if isinstance(prog, SparseProgram):
        return {"field": "real", "sense": prog.sense, "n": prog.n, "C": _matrix(prog.C, prog.n),
                "constraints": [{"A": _matrix(A, prog.n), "op": op, "b": q(b)} for A, op, b in prog.constraints]}
    ex = prog.exact
    cplx = prog.is_complex
    return {"field": "complex" if cplx else "real", "sense": prog.sense, "n": prog.dim,
            "C": _program_matrix(ex["C"][0], ex["C"][1], cplx),
            "constraints": [{"A": _program_matrix(A[0], A[1], cplx), "op": c.sense, "b": q(b)}
                            for c, A, b in zip(prog.constraints, ex["A"], ex["b"], strict=True)]}


def sdp_certificate(prog: SDPProgram | SparseProgram, y: Sequence[Any], bound: Any, *, claim: str, check: str
                    ) -> dict[str, Any]:
    """``sdp-dual`` certificate: max ⟨C,X⟩ ≤ bound (or min ≥ bound) by the dual vector y.

    y is in the convention of :func:`qproofs.sdp.certificate.verify_certificate` (≥ rows
    negated, y ≥ 0 on inequality rows), which is the format's. The factorised matrix is
    S = Z (real) or emb(Z) = 2·(qproofs' halved canonical slack) for complex programs.
    Raises InvalidParameter if y does not give a PSD slack (nothing true to certify).
    """
    from qproofs.sdp.certificate import dual_slack, ldl_exact_sparse, to_fraction
    from qproofs.sdp.reduced import SparseProgram

    yq = [to_fraction(v) for v in y]
    if isinstance(prog, SparseProgram):
        S, m = prog.slack(yq), prog.n
    else:
        Z = dual_slack(prog, yq)
        f = 2 if prog.is_complex else 1
        S = {(i, j): f * v for i, r in enumerate(Z) for j, v in enumerate(r) if v}
        m = len(Z)
    ldl = ldl_exact_sparse(S, m)
    require(ldl is not None, "y", "does not make the dual slack PSD: no certificate to write")
    assert ldl is not None
    L = dict(ldl.lower)
    for i in range(m):
        L[i, i] = Fraction(1)
    relation = "max<=" if prog.sense == "max" else "min>="
    witness = {"y": [q(v) for v in yq], "ldl": {"perm": list(ldl.perm), "L": _matrix(L, m),
                                                 "D": [q(v) for v in ldl.D]}}
    return document("sdp-dual", claim, check, sdp_problem(prog), {"relation": relation, "bound": q(bound)}, witness)


def _slack(prog: SDPProgram | SparseProgram, y: Sequence[Fraction]) -> tuple[dict[tuple[int, int], Fraction], int]:
    """The matrix S the checker factorises (Z real; emb(Z), not halved, complex) and its size."""
    from qproofs.sdp.certificate import dual_slack
    from qproofs.sdp.reduced import SparseProgram

    if isinstance(prog, SparseProgram):
        return prog.slack(list(y)), prog.n
    Z = dual_slack(prog, list(y))
    f = 2 if prog.is_complex else 1
    return {(i, j): f * v for i, r in enumerate(Z) for j, v in enumerate(r) if v}, len(Z)


def _identity_row(prog: SDPProgram | SparseProgram) -> int | None:
    """Index of an equality row with A = I (e.g. tr ρ = 1): lifting its multiplier by δ adds δ·I to S."""
    from qproofs.sdp.reduced import SparseProgram

    if isinstance(prog, SparseProgram):
        eye = {(i, i): Fraction(1) for i in range(prog.n)}
        return next((k for k, (A, op, _) in enumerate(prog.constraints) if op == "==" and A == eye), None)
    n = prog.dim
    for k, (c, (re_, im_)) in enumerate(zip(prog.constraints, prog.exact["A"], strict=True)):
        if c.sense == "==" and all(re_[i][j] == (i == j) and im_[i][j] == 0 for i in range(n) for j in range(n)):
            return k
    return None


def sdp_float_certificate(prog: SDPProgram | SparseProgram, y: Sequence[Any], *, claim: str, check: str,
                          tries: int = 8) -> dict[str, Any]:
    """``sdp-dual-float`` certificate (qproofs/certcheck/sdpfloat.py): y lifted so S − c·I is safely definite.

    A floating-point PSD proof needs strict definiteness, so the producer lifts the multiplier of the
    identity row (tr X = 1) by δ = 2c, making S ⪰ 2c·I, where the shift c = 2^k ≥ 4·γ_{m+1}·(tr S + 1)
    covers the Cholesky's rounding error; the bound proved is then b'·y + δ (max) / − b'·y − δ (min):
    within ~1e-7 of the exact one at N = 12. The document is rechecked here (the producer is untrusted,
    but a certificate that its own checker rejects is a bug): c grows ×4 per retry, at most ``tries``.
    Raises InvalidParameter if the program has no identity row or no shift works.
    """
    from qproofs.certcheck import Rejected, check_document
    from qproofs.certcheck.sdpfloat import gamma
    from qproofs.sdp.certificate import to_fraction

    yq = [to_fraction(v) for v in y]
    row = _identity_row(prog)
    require(row is not None, "program", "needs an equality row tr X = b (A = I) to lift for a float certificate")
    assert row is not None
    S, m = _slack(prog, yq)
    trace = sum((S.get((i, i), Fraction(0)) for i in range(m)), Fraction(0))
    target = 4 * gamma(m + 1) * (abs(trace) + 1)
    c = Fraction(1, 2**1000)
    while c < target:
        c *= 2
    relation = "max<=" if prog.sense == "max" else "min>="
    problem = sdp_problem(prog)
    reason = ""
    for _ in range(tries):
        y2 = list(yq)
        y2[row] += 2 * c
        value = sum((v * bb for v, bb in zip(y2, _effective_b(prog), strict=True)), Fraction(0))
        bound = value if prog.sense == "max" else -value
        doc = document("sdp-dual-float", claim, check, problem, {"relation": relation, "bound": q(bound)},
                       {"y": [q(v) for v in y2], "shift": q(c)})
        try:
            check_document(doc)
            return doc
        except Rejected as exc:
            reason = str(exc)
            c *= 4
    raise InvalidParameter("y", f"no float certificate after {tries} shifts", reason)


def _effective_b(prog: SDPProgram | SparseProgram) -> list[Fraction]:
    """The effective right-hand sides b' of the format: b on == and <= rows, −b on >= rows."""
    from qproofs.sdp.reduced import SparseProgram

    if isinstance(prog, SparseProgram):
        return [-b if op == ">=" else b for _, op, b in prog.constraints]
    return [-b if c.sense == ">=" else b for c, b in zip(prog.constraints, prog.exact["b"], strict=True)]


def sdp_certificates(bounds: Sequence[CertifiedBound | None], *, claim: str, check: str
                     ) -> list[dict[str, Any]] | None:
    """Documents of every bound with a valid exact certificate (None / invalid skipped, duplicates once); None if none.

    For a check that certifies several programs, e.g. ``thm1.qfi-bound :: certified_variance_optimum``::

        Evidence(..., certificate=sdp_certificates([vc.certificate for vc in certs], claim=QFI.id,
                                                   check="certified_variance_optimum"))
    """
    docs, seen = [], set()
    for b in bounds:
        if b is None or not b.certificate_valid or b.bound is None or b.program is None:
            continue
        doc = b.certificate_document(claim, check)
        key = (doc["problem_sha256"], json.dumps(doc["statement"], sort_keys=True))
        if key not in seen:  # the same program and statement twice (e.g. one qubit of weight 1 per N): one file
            seen.add(key)
            docs.append(doc)
    return docs or None


# -------------------------------------------------------------- identity ---


def identity_certificate(lhs: Any, rhs: Any, *, claim: str, check: str, method: str = "simplify") -> dict[str, Any]:
    """``identity`` certificate: lhs − rhs == 0 (scalars, or sympy matrices of one shape).

    Variables and their assumptions are read back from the srepr with the checker's own
    parser, so the declaration matches what the checker will see.
    """
    import sympy as sp

    from qproofs.certcheck.errors import Rejected
    from qproofs.certcheck.identity import parse_srepr

    def srepr(e: Any) -> str:
        return sp.srepr(sp.ImmutableDenseMatrix(e) if isinstance(e, sp.MatrixBase) else sp.sympify(e))

    texts = [srepr(lhs), srepr(rhs)]
    syms: dict[str, dict[str, bool]] = {}
    for t, where in zip(texts, ("lhs", "rhs"), strict=True):
        try:
            syms.update(parse_srepr(t, where)[1])
        except Rejected as exc:
            raise InvalidParameter(where, "must use only the checker's allowed sympy constructors", exc.message
                                   ) from exc
    variables = [{"name": k, "assumptions": syms[k]} for k in sorted(syms)]
    return document("identity", claim, check, {"variables": variables, "lhs": texts[0], "rhs": texts[1]},
                    {"relation": "lhs-rhs==0"}, {"method": method})


def identity_certificates(pairs: Sequence[tuple[Any, Any]], *, claim: str, check: str, method: str = "simplify"
                          ) -> list[dict[str, Any]]:
    """One ``identity`` certificate per (lhs, rhs) pair (the ``*_pair(s)`` functions of :mod:`qproofs.symbolic`).

    E.g. ``thm1.penalty :: penalty_identity_symbolic``: one certificate per number of atoms.
    """
    return [identity_certificate(lhs, rhs, claim=claim, check=check, method=method) for lhs, rhs in pairs]


# ----------------------------------------------------------------- table ---


def table_certificate(columns: Sequence[str], rows: Sequence[Sequence[Any]], forall_rows: Sequence[Any], *,
                      claim: str, check: str, definition: str, labels: Sequence[str] | None = None,
                      sums: Sequence[Sequence[Any]] = ()) -> dict[str, Any]:
    """``table`` certificate: every row satisfies ``forall_rows`` (and optional column sums).

    Cells must be exact (int, Fraction, sympy Rational). Example (Theorem 2, every enumerated
    protocol's error at most its bound)::

        table_certificate(["protocol", "error", "bound"], rows, ["<=", ["col", "error"], ["col", "bound"]],
                          claim="thm2.x", check="enumerate", definition="...")
    """
    problem: dict[str, Any] = {"columns": list(columns), "rows": [[q(v) for v in r] for r in rows],
                               "definition": definition}
    if labels is not None:
        problem["labels"] = [str(s) for s in labels]
    statement: dict[str, Any] = {"forall_rows": _jsonable(forall_rows)}
    if sums:
        statement["sums"] = [[s[0], _jsonable(s[1]), q(s[2])] for s in sums]
    return document("table", claim, check, problem, statement, {"rows_checked": len(rows)})


def _jsonable(node: Any) -> Any:
    """Predicate trees may hold Fractions in ``["const", x]``: write them as number strings."""
    if isinstance(node, (list, tuple)):
        if len(node) == 2 and node[0] == "const":
            return ["const", q(node[1])]
        return [_jsonable(v) for v in node]
    return node


# ----------------------------------------------------------------- files ---

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+|\.{2,}")


def _safe(part: str) -> str:
    """Characters outside [A-Za-z0-9._-] and runs of dots become '_'; leading/trailing '.' and '_' go."""
    return _UNSAFE.sub("_", part).strip("._")[:100]


def certificate_filename(claim: str, check: str, index: int | None = None) -> str:
    """``<claim>__<check>[__k].json``, each part sanitised by :func:`_safe` (so no path can escape)."""
    stem = f"{_safe(claim) or 'claim'}__{_safe(check) or 'check'}"
    return stem + (f"__{index}" if index is not None else "") + ".json"


def write_certificate(doc: Mapping[str, Any], directory: str | os.PathLike[str], name: str | None = None) -> Path:
    """Write ``doc`` atomically to ``directory`` (temp file + os.replace); the path written.

    The name is sanitised (:func:`certificate_filename`), so it never leaves ``directory``.
    """
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    fname = _safe(name) if name else certificate_filename(str(doc.get("claim", "")), str(doc.get("check", "")))
    target = d / (fname or "certificate.json")
    require(target.resolve().parent == d.resolve(), "certificate name", "must stay inside the directory", fname)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=d)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, separators=(",", ":"))
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_audit_certificates(audit: Audit, out_dir: str | os.PathLike[str]) -> dict[tuple[str, str], str]:
    """Write every check's certificate(s) to ``out_dir/certificates/``; {(claim id, check): relative path}.

    One document: ``certificates/<claim>__<check>.json``. Several (e.g. one SDP per N):
    a directory ``certificates/<claim>__<check>/`` holding ``..._1.json``, ``..._2.json``, ...;
    ``qproofs check`` accepts either path.
    """
    root = Path(out_dir)
    links: dict[tuple[str, str], str] = {}
    for claim in audit.claims:
        for chk in claim.checks:
            docs = chk.certificate_doc
            if docs is None or (not isinstance(docs, Mapping) and len(docs) == 0):
                continue
            if isinstance(docs, Mapping):
                path = write_certificate(docs, root / "certificates")
            else:
                path = root / "certificates" / certificate_filename(claim.id, chk.name).removesuffix(".json")
                for k, doc in enumerate(docs, 1):
                    write_certificate(doc, path, certificate_filename(claim.id, chk.name, k))
            links[claim.id, chk.name] = path.relative_to(root).as_posix()
    return links


def attach_certificates(audit: Audit, out_dir: str | os.PathLike[str]) -> Audit:
    """Write, recheck with :mod:`qproofs.certcheck`, and link every check's certificate; a new audit.

    Each certified check gets its ``certificate`` path, and ``trust="rechecked"`` when every one of
    its certificates is accepted.

    A rejected certificate leaves the check's trust as it was (the report shows the file and the lead
    decides whether that is an error; the checker's reasons are in ``qproofs check``).
    """
    from qproofs.certcheck import check_paths

    links = write_audit_certificates(audit, out_dir)
    claims = []
    for claim in audit.claims:
        checks = []
        for chk in claim.checks:
            rel = links.get((claim.id, chk.name))
            if rel is not None:
                ok = all(o.accepted for o in check_paths([Path(out_dir) / rel]))
                chk = dataclasses.replace(chk, certificate=rel, trust="rechecked" if ok else chk.trust)
            checks.append(chk)
        claims.append(dataclasses.replace(claim, checks=tuple(checks)))
    return dataclasses.replace(audit, claims=tuple(claims))
