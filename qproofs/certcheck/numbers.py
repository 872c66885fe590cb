"""Exact numbers and matrices of ``qproofs.cert/1`` (docs/certificates.md, "Numbers", "Matrices").

Numbers are strings ``"p"`` / ``"p/q"``; matrices are dense lists of rows or
``{"m": m, "entries": [[i, j, x], ...]}``. Parsed matrices are dicts
``{(i, j): Fraction}`` holding the non-zero entries only, so a 256×256 sparse
program costs what its non-zeros cost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from qproofs.certcheck.errors import Rejected

MAX_DIGITS = 4000
"""Digits allowed in a numerator or denominator (CPython refuses int(str) beyond 4300 by default)."""

MAX_DIM = 4096
"""Largest matrix dimension m (after the complex embedding) the checker accepts."""

_RATIONAL = re.compile(r"(-?)(0|[1-9][0-9]*)(?:/([1-9][0-9]*))?")

Matrix = dict[tuple[int, int], Fraction]
"""Sparse exact matrix: non-zero entries only."""


def parse_q(text: Any, where: str) -> Fraction:
    """The exact rational a number string denotes; ``bad-number`` / ``number-too-large`` otherwise."""
    if not isinstance(text, str):
        raise Rejected("bad-number", f"{where}: {_short(text)} is not a string 'p' or 'p/q'")
    m = _RATIONAL.fullmatch(text)
    if m is None:
        raise Rejected("bad-number", f"{where}: {_short(text)} is not a rational 'p' or 'p/q'")
    sign, num, den = m.groups()
    if sign and num == "0":
        raise Rejected("bad-number", f"{where}: '-0' is not canonical")
    if len(num) > MAX_DIGITS or (den is not None and len(den) > MAX_DIGITS):
        raise Rejected("number-too-large",
                       f"{where}: more than {MAX_DIGITS} digits in numerator or denominator")
    value = Fraction(int(num), int(den) if den is not None else 1)
    return -value if sign else value


def parse_index(v: Any, m: int, where: str) -> int:
    """A JSON integer in 0..m-1 (bools are not integers here)."""
    if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v < m:
        raise Rejected("bad-matrix", f"{where}: index {_short(v)} is not an integer in 0..{m - 1}")
    return v


def parse_dim(v: Any, where: str, limit: int = MAX_DIM) -> int:
    """A dimension 1..limit."""
    if not isinstance(v, int) or isinstance(v, bool) or v < 1:
        raise Rejected("bad-matrix", f"{where}: dimension {_short(v)} is not a positive integer")
    if v > limit:
        raise Rejected("too-large", f"{where}: dimension {v} exceeds the limit {limit}")
    return v


def parse_matrix(obj: Any, m: int, where: str, *, complex_entries: bool = False) -> tuple[Matrix, Matrix]:
    """(Re, Im) of an m×m matrix in dense or sparse form; Im is empty unless ``complex_entries``."""
    re_: Matrix = {}
    im_: Matrix = {}

    def put(i: int, j: int, x: Any, at: str) -> None:
        if complex_entries:
            if not (isinstance(x, list) and len(x) == 2):
                raise Rejected("bad-matrix", f"{at}: complex entries are pairs [re, im]")
            a, b = parse_q(x[0], at + ".re"), parse_q(x[1], at + ".im")
        else:
            a, b = parse_q(x, at), Fraction(0)
        if a:
            re_[i, j] = a
        if b:
            im_[i, j] = b

    if isinstance(obj, list):
        if len(obj) != m or not all(isinstance(r, list) and len(r) == m for r in obj):
            raise Rejected("bad-matrix", f"{where}: a dense matrix must be {m} rows of {m} entries")
        for i, row in enumerate(obj):
            for j, x in enumerate(row):
                put(i, j, x, f"{where}[{i}][{j}]")
    elif isinstance(obj, Mapping):
        if set(obj) != {"m", "entries"}:
            raise Rejected("bad-matrix", f"{where}: a sparse matrix has exactly the keys 'm' and 'entries'")
        if obj["m"] != m or isinstance(obj["m"], bool):
            raise Rejected("bad-matrix", f"{where}: sparse size {_short(obj['m'])} is not {m}")
        entries = obj["entries"]
        if not isinstance(entries, list):
            raise Rejected("bad-matrix", f"{where}.entries must be a list of [i, j, x]")
        seen: set[tuple[int, int]] = set()
        for k, e in enumerate(entries):
            at = f"{where}.entries[{k}]"
            if not (isinstance(e, list) and len(e) == 3):
                raise Rejected("bad-matrix", f"{at}: must be [i, j, x]")
            i, j = parse_index(e[0], m, at), parse_index(e[1], m, at)
            if (i, j) in seen:
                raise Rejected("bad-matrix", f"{at}: duplicate position ({i}, {j})")
            seen.add((i, j))
            put(i, j, e[2], at)
    else:
        raise Rejected("bad-matrix", f"{where}: must be a list of rows or {{'m', 'entries'}}")
    return re_, im_


def require_hermitian(re_: Matrix, im_: Matrix, where: str) -> None:
    """Exactly symmetric real part and antisymmetric imaginary part (never symmetrised)."""
    for (i, j), v in re_.items():
        if re_.get((j, i), 0) != v:
            raise Rejected("not-symmetric", f"{where}: entry ({i},{j}) differs from ({j},{i})")
    for (i, j), v in im_.items():
        if im_.get((j, i), 0) != -v:
            raise Rejected("not-symmetric", f"{where}: imaginary part not antisymmetric at ({i},{j})")


def _short(v: Any) -> str:
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."
