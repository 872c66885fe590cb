"""Formatting of evidence values for tables (one float format everywhere)."""

from __future__ import annotations

import re
from typing import Any

VERDICT_COLOURS = {
    "verified": "#2e7d32",
    "cited": "#1565c0",
    "refuted": "#c62828",
    "gap": "#ef6c00",
    "inconclusive": "#757575",
    "error": "#6a1b9a",
}
STATUS_MARK = {"pass": "pass", "fail": "FAIL", "inconclusive": "inconclusive", "error": "ERROR"}


def fmt_value(v: Any, limit: int = 160) -> str:
    """Compact text for a JSON value: floats to 6 significant digits, long text cut."""
    text = _fmt(v)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, dict):
        if set(v) == {"re", "im"}:
            return f"{_fmt(v['re'])}{'+' if (v['im'] or 0) >= 0 else ''}{_fmt(v['im'])}i"
        return ", ".join(f"{k}={_fmt(x)}" for k, x in v.items())
    if isinstance(v, list):
        inner = ", ".join(_fmt(x) for x in v[:8])
        return f"[{inner}{', …' if len(v) > 8 else ''}]"
    return str(v)


def fmt_tolerance(t: Any) -> str:
    """Tolerance column: 'exact', a float in %g, or '—'."""
    if t is None:
        return "—"
    if isinstance(t, float):
        return f"{t:g}"
    return str(t)


# ------------------------------------------------- TeX-ish text to Unicode ---
# Claims, caveats and notes are written with TeX-like exponents and indices
# (``GHZ^{⊗m}``, ``τ^{−2}``, ``2^b``, ``θ_j``, ``Σ_{i∈S}``). A page should not show
# the markup. This converter handles only those patterns (a full TeX parser
# would be a heavy dependency for a handful of shapes): a superscript or
# subscript becomes Unicode super/subscript characters when every character has
# one, else (HTML only) <sup>/<sub>, else it is left as written.

_SUP = dict(zip("0123456789+-−=()nimaobcdefghjklprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθφχ⊗·ι*′",
                "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵐᵃᵒᵇᶜᵈᵉᶠᵍʰʲᵏˡᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᵠᵡ⊗·ᶥ*′", strict=True))
_SUB = dict(zip("0123456789+-−=()aehijklmnoprstuvxβγρφχ",
                "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ", strict=True))
# ^{…} or ^ followed by a short run (digits, a word, a sign and digits, or a parenthesised group);
# _{…} or _ followed by one to three word characters, after a single-letter base only (not snake_case names).
_SCRIPT = re.compile(
    r"(?P<sup>\^(?:\{(?P<supb>[^{}]{1,24})\}|(?P<supr>\([^()\s]{1,16}\)|[−\-]?[0-9.]*[0-9]|[A-Za-z]{1,3}(?![A-Za-z_]))))"
    r"|(?P<sub>(?<=(?<![\w.])[A-Za-zΑ-Ωα-ωΣ])_(?:\{(?P<subb>[^{}]{1,24})\}|(?P<subr>[A-Za-z0-9]{1,3})(?![\w])))"
)


def _script(body: str, table: dict[str, str]) -> str | None:
    return "".join(table[ch] for ch in body) if all(ch in table for ch in body) else None


def tex_to_unicode(text: str) -> str:
    """``GHZ^{⊗m}`` → ``GHZ⊗ᵐ``, ``τ^{−2}`` → ``τ⁻²``, ``θ_j`` → ``θⱼ``; unmappable scripts are left as written."""
    return _convert(text, html=False)


def tex_to_html(text: str) -> str:
    """HTML-escaped ``text`` with scripts as Unicode, or ``<sup>``/``<sub>`` when a character has no Unicode form."""
    return _convert(text, html=True)


def _convert(text: str, *, html: bool) -> str:
    import html as html_mod

    out: list[str] = []
    pos = 0
    for m in _SCRIPT.finditer(text):
        out.append(html_mod.escape(text[pos:m.start()]) if html else text[pos:m.start()])
        sup = m.group("sup") is not None
        body = (m.group("supb") or m.group("supr")) if sup else (m.group("subb") or m.group("subr"))
        if sup and m.group("supr") and body.startswith("(") and _script(body, _SUP) is None:
            body = body[1:-1]  # 2^(B−1) → 2<sup>B−1</sup>
        uni = _script(body, _SUP if sup else _SUB)
        if uni is not None:
            out.append(uni)
        elif html:
            tag = "sup" if sup else "sub"
            out.append(f"<{tag}>{html_mod.escape(body)}</{tag}>")
        else:
            out.append(m.group(0))
        pos = m.end()
    out.append(html_mod.escape(text[pos:]) if html else text[pos:])
    return "".join(out)
