"""The reader through clingo's C layer (creader.py) gives exactly the Terms of the text reader (terms.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import clingo
import pytest
from clingo import ast
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import cases, synthetic_data
from test_terms import same as same_as_clingo
from test_terms import symbols as symbol_strategy

from jurisdiction.apps.analysis import encode_case
from jurisdiction.apps.library import case_files
from jurisdiction.data.states import bundled
from jurisdiction.engine import creader, multicase, terms
from jurisdiction.engine.regimes import REGIMES
from jurisdiction.engine.solver import Number, deadline, ground, model, only_model, program
from jurisdiction.input.loader import load
from jurisdiction.input.model import Case

REGIME_LIST = [REGIMES[k] for k in sorted(REGIMES)]
FILES = program([r.rule_file for r in REGIME_LIST])


def one_model(facts: Sequence[clingo.Symbol]) -> Sequence[clingo.Symbol]:
    """The shown symbols of one case's model, as clingo gives them (not yet read)."""
    return model(facts, FILES)[0]


def many_model(batch: Sequence[Sequence[clingo.Symbol]], hidden: frozenset[str] = frozenset()) -> tuple[Any, Any]:
    """The model of many cases in one run (multicase.py), not yet read, and the rewritten program."""
    rewritten = multicase.multi_program(FILES, hidden)
    ctl = clingo.Control(["--warn=none"])
    with ast.ProgramBuilder(ctl) as builder:
        for statement in rewritten.statements:
            builder.add(statement)
    with ctl.backend() as backend:
        for n, facts in enumerate(batch):
            backend.add_rule([backend.add_atom(clingo.Function(multicase.CASE_DOMAIN, [clingo.Number(n)]))])
            for f in facts:
                backend.add_rule([backend.add_atom(clingo.Function(f.name, [*f.arguments, clingo.Number(n)]))])
    ground(ctl, deadline())
    return only_model(ctl, ""), rewritten


def assert_same(new: Sequence[terms.Term], old: Sequence[terms.Term]) -> None:
    assert len(new) == len(old)
    for a, b in zip(new, old, strict=True):
        assert creader.same(a, b), (a, b)


def test_the_c_layer_is_in_use_with_the_pinned_clingo() -> None:
    # Were it not, every answer would still be right, only slower: this says so instead of falling back silently.
    assert creader.ACTIVE == "C", clingo.__version__


def test_every_bundled_case_reads_the_same_alone_and_in_one_many_case_run() -> None:
    data = bundled()
    encodings = [encode_case(load(p), data, REGIME_LIST, (), False) for p in case_files()]
    assert len(encodings) > 30
    for encoding in encodings:
        shown = one_model(encoding.symbols)
        assert_same(creader.read(shown), terms.from_symbols(shown))
    for hidden in (frozenset(), frozenset(n for n, _ in multicase.shown(FILES) if n.endswith(("_because", "_cites")))):
        shown, rewritten = many_model([e.symbols for e in encodings], hidden)
        new = creader.read_tagged(shown, len(encodings), rewritten.static_shown)
        old = terms.tagged(shown, len(encodings), rewritten.static_shown)
        assert sum(map(len, new)) == len(shown)
        for a, b in zip(new, old, strict=True):
            assert_same(a, b)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cases(), min_size=1, max_size=4))
def test_generated_cases_read_the_same(batch: list[dict[str, Any]]) -> None:
    data = synthetic_data()
    encodings = [encode_case(Case.model_validate(c), data, REGIME_LIST, (), False) for c in batch]
    shown = one_model(encodings[0].symbols)
    assert_same(creader.read(shown), terms.from_symbols(shown))
    shown, rewritten = many_model([e.symbols for e in encodings])
    new = creader.read_tagged(shown, len(batch), rewritten.static_shown)
    for a, b in zip(new, terms.tagged(shown, len(batch), rewritten.static_shown), strict=True):
        assert_same(a, b)


@settings(max_examples=100, deadline=None)
@given(st.lists(symbol_strategy, min_size=1, max_size=20))
def test_any_symbol_reads_as_clingo_holds_it(batch: list[clingo.Symbol]) -> None:
    # Tuples of one and of none, infima and suprema, signs: terms the text reader cannot read, the C reader can.
    extra = [clingo.Tuple_([batch[0]]), clingo.Tuple_([]), clingo.Infimum, clingo.Supremum]
    if batch[0].type == clingo.SymbolType.Function and batch[0].name:
        extra.append(clingo.Function(batch[0].name, batch[0].arguments, False))
    everything = [*batch, *extra]
    read = creader.read(everything)
    for term, symbol in zip(read, everything, strict=True):
        assert str(term) == str(symbol) and term.type == symbol.type
        if symbol.type in (clingo.SymbolType.Function, clingo.SymbolType.String, clingo.SymbolType.Number):
            assert same_as_clingo(term, symbol), (term, symbol)
    if all(s.type == clingo.SymbolType.Function for s in batch):
        assert_same(read[: len(batch)], terms.from_symbols(batch))


def test_a_sub_term_is_made_once_per_reading() -> None:
    inner = clingo.Function("cond", [clingo.String("AUT")])
    a, b = creader.read([clingo.Function("p", [inner, clingo.Number(1)]), clingo.Function("q", [inner])])
    assert a.arguments[0] is b.arguments[0]


def test_a_shown_atom_without_the_case_goes_to_every_case() -> None:
    shown = [clingo.Function("p", [clingo.Function("a"), clingo.Number(1)]), clingo.Function("table", [Number(3)])]
    for private in (True, False):
        out = creader.read_tagged(shown, 2, frozenset({("table", 1)}), private=private)
        assert [[str(t) for t in case] for case in out] == [["table(3)"], ["table(3)", "p(a)"]]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda m: m.setattr(clingo, "__version__", "6.0.0"),
        lambda m: m.setattr(clingo, "__version__", "5.5.2"),
        lambda m: m.setitem(creader._EXPECTED, "clingo_symbol_number", "_Bool(*)(uint64_t, long *)"),
        lambda m: m.setattr(creader.CReader, "_name", lambda self, pointer: "renamed"),
    ],
)
def test_a_clingo_out_of_range_or_not_as_expected_falls_back_to_the_text_reader(
    monkeypatch: pytest.MonkeyPatch, spoil: Any
) -> None:
    spoil(monkeypatch)
    assert creader._c_layer() is None
    monkeypatch.setattr(creader, "_LAYER", None)
    symbol = clingo.Function("p", [clingo.String("x"), clingo.Number(2)])
    assert_same(creader.read([symbol]), terms.from_symbols([symbol]))
