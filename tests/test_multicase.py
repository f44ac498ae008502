"""Many cases in one clingo run give, case by case, exactly the answer of one run per case."""

from __future__ import annotations

from clingo import ast

from jurisdiction.apps.analysis import encode_case
from jurisdiction.apps.library import case_files
from jurisdiction.data.states import bundled
from jurisdiction.engine.multicase import CASE_VARIABLE, case_dependent, multi_program, shown, solve_many
from jurisdiction.engine.regimes import REGIMES
from jurisdiction.engine.solver import program, solve
from jurisdiction.input.loader import load


def test_every_bundled_case_under_every_regime_in_one_run_equals_one_run_each() -> None:
    data = bundled()
    regimes = [REGIMES[k] for k in sorted(REGIMES)]
    files = program([r.rule_file for r in regimes])
    encodings = [encode_case(load(p), data, regimes, (), False) for p in case_files()]
    together = solve_many([e.symbols for e in encodings], files)
    assert len(together) == len(encodings) > 30
    for encoding, symbols in zip(encodings, together, strict=True):
        alone = solve(encoding.symbols, files).symbols
        assert sorted(map(str, symbols)) == sorted(map(str, alone))


def test_static_predicates_stay_shared_and_case_predicates_get_the_case() -> None:
    statements: list[ast.AST] = []
    ast.parse_string(
        "kind(a; b). seen(X) :- input(X). both(X, K) :- seen(X), kind(K). lone(K) :- kind(K), not seen(K).",
        lambda s: statements.extend(s.unpool()),
    )
    dependent = case_dependent(statements)
    assert dependent == {("input", 1), ("seen", 1), ("both", 2), ("lone", 1)}
    files = program()
    lines = [str(s).replace(" ", "") for s in multi_program(files).statements]
    heads = [line for line in lines if line.startswith("jurisdiction(")]
    assert heads and all(line.split(":-")[0].endswith(f",{CASE_VARIABLE})") for line in heads)
    assert "#showjurisdiction/8." in lines and "#definednationality/3." in lines
    assert 'category(sale_sexual_exploitation,opsc_required,"OPSCart.3(1)(a)(i)").' in lines  # shared


def test_shown_gives_the_one_case_signatures_and_hiding_them_removes_their_show() -> None:
    files = program()
    signatures = shown(files)
    assert ("jurisdiction", 7) in signatures  # the arity of one-case solving: the case argument is not counted
    hidden = frozenset(name for name, _ in signatures if name.endswith("_because"))
    assert hidden
    kept = {s.name for s in multi_program(files, hidden).statements if s.ast_type == ast.ASTType.ShowSignature}
    assert "jurisdiction" in kept and not kept & hidden
