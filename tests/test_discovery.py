"""Discovery of claim packs: one claim per module, sections as folders, errors that name the file."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from qproofs.errors import ConfigError
from qproofs.runner import discover, run_claim

HEAD = "from qproofs.claims import Claim, Evidence\n"


def claim_module(cid: str, *, extra: str = "", check: str | None = None, params: str = "") -> str:
    body = check if check is not None else (
        '@C.check("symbolic")\ndef holds(ctx):\n    return Evidence(passed=True)\n')
    return (HEAD + extra + f'C = Claim("{cid}", ref="r", section="1", title="t", statement="s", scope="exact"'
            f'{params})\n' + body)


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


def test_sections_are_folders_and_shared_code_is_imported_relatively(tmp_path: Path) -> None:
    write(tmp_path, "sec1/_sweep.py", "from qproofs.fixtures import fixture\n\n@fixture\ndef rows(ctx):\n"
          "    return [ctx.params.n, float(ctx.rng().random())]\n")
    check = ('@C.check("simulation")\ndef uses_rows(ctx, rows):\n'
             '    return Evidence(passed=rows[0] == ctx.params.n, observed=rows)\n'
             '@C.check("simulation")\ndef same_rows(ctx, rows):\n'
             '    return Evidence(passed=True, observed=rows)\n')
    params = ', params={"quick": {"n": 1}, "standard": {"n": 2}, "deep": {"n": 3}}'
    write(tmp_path, "sec1/first.py", claim_module("one.first", extra="from ._sweep import rows\n", check=check,
                                                  params=params))
    write(tmp_path, "sec2/second.py", claim_module("two.second"))
    reg = discover(tmp_path)
    assert list(reg.claims) == ["one.first", "two.second"]
    assert reg.claims["one.first"].module == "sec1/first.py"
    res = run_claim(reg.get("one.first"), seed=3, profile="standard")
    a, b = (c.observed for c in res.checks)
    assert a == b and a[0] == 2  # a claim-scoped fixture is computed once, with the claim's parameters


@pytest.mark.parametrize(("files", "message"), [
    ({"a.py": HEAD + "X = 1\n"}, "a.py: declares no Claim"),
    ({"a.py": claim_module("a.one") + claim_module("a.two").replace(HEAD, "").replace("C = ", "D = ")
      .replace("@C.", "@D.").replace("def holds", "def holds2")}, "a.py: declares 2 claims"),
    ({"a.py": claim_module("a.one"), "b.py": claim_module("a.one")}, "registered twice"),
    ({"a.py": claim_module("a.one", params=', params={"quick": {"n": 1}, "standard": {"n": 2}}')},
     "a.py.*must declare exactly the profiles.*missing deep"),
    ({"a.py": claim_module("a.one", params=', uses=("a.none",)')}, "a.py: claim a.one uses 'a.none'"),
    ({"a.py": claim_module("a.one", check='@C.check("symbolic")\ndef holds(ctx, nothing):\n'
                                          '    return Evidence(passed=True)\n')}, "a.py.*'nothing'.*@fixture"),
    ({"a.py": claim_module("a.one") + "def other(ctx):\n    pass\n@C.mutant(kills=[other])\n"
                                      "def m():\n    yield\n"}, "a.py.*other is not one"),
    ({"a.py": claim_module("a.one") + "def broken(:\n"}, r"a.py \(line \d+\): cannot import.*SyntaxError"),
    ({"a.py": claim_module("a.one").replace('scope="exact"', 'scope="roughly"')}, "a.py.*scope.*exact, narrowed"),
])
def test_bad_claim_packs_are_named_at_discovery(tmp_path: Path, files: dict[str, str], message: str) -> None:
    for rel, text in files.items():
        write(tmp_path, rel, text)
    with pytest.raises(ConfigError, match=message):
        discover(tmp_path)


def test_mutants_name_checks_by_reference_and_override_through_seams(tmp_path: Path) -> None:
    write(tmp_path, "a.py", HEAD + textwrap.dedent('''
        def square(x):
            return x * x

        C = Claim("a.one", ref="r", section="1", title="t", statement="s", scope="exact",
                  paper={"bound": 0}, params={"quick": {"x": 3}, "standard": {"x": 3}, "deep": {"x": 3}},
                  seams={"square": square})

        @C.check("simulation")
        def non_negative(ctx):
            return Evidence(passed=ctx.seam("square")(ctx.params.x) >= ctx.paper["bound"])

        @C.mutant(kills=[non_negative], seams={"square": lambda x: -x})
        def negated_square():
            """x ↦ −x instead of x²."""

        @C.mutant(kills=[non_negative], paper={"bound": 10})
        def inflated_bound():
            """The claimed bound raised above x²."""
    '''))
    reg = discover(tmp_path)
    claim = reg.get("a.one")
    assert run_claim(claim, profile="quick").verdict.value == "verified"
    for m in reg.mutants:
        assert m.kills == ("non_negative",)
        assert run_claim(claim, profile="quick", mutant=m).verdict.value == "refuted", m.name


def test_a_repair_must_name_a_registered_claim(tmp_path: Path) -> None:
    write(tmp_path, "a.py", claim_module("a.one"))
    write(tmp_path, "b.py", claim_module("a.one-repaired", params=', repair_of="a.one"'))
    assert discover(tmp_path).claims["a.one-repaired"].repair_of == "a.one"
    other = tmp_path / "other"
    write(other, "c.py", claim_module("c.one", params=', repair_of="c.none"'))
    with pytest.raises(ConfigError, match="c.py: claim c.one is a repair of 'c.none'"):
        discover(other)
