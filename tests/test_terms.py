"""Terms read from clingo's text are the same terms clingo holds: name, arguments, type, value and text."""

from __future__ import annotations

import clingo
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import ASP_LOOKING

from jurisdiction.engine.solver import function_args
from jurisdiction.engine.terms import Term, from_symbols

names = st.from_regex(r"[a-z][A-Za-z0-9_']{0,8}", fullmatch=True)
leaves = st.one_of(
    st.builds(clingo.Number, st.integers(-(2**31), 2**31 - 1)),
    st.builds(
        clingo.String,
        st.sampled_from(ASP_LOOKING)
        | st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")),
    ),
    st.builds(lambda n: clingo.Function(n, []), names),
)
symbols = st.recursive(
    leaves,
    lambda inner: (
        st.builds(clingo.Function, names, st.lists(inner, min_size=1, max_size=4))
        | st.builds(clingo.Tuple_, st.lists(inner, min_size=2, max_size=3))
    ),
    max_leaves=12,
)


def same(term: Term, symbol: clingo.Symbol) -> bool:
    if str(term) != str(symbol) or term.type != symbol.type:
        return False
    if symbol.type == clingo.SymbolType.Function:  # the arguments as the decoders read them (function_args)
        values = [a.string if a.type == clingo.SymbolType.String else a.number
                  if a.type == clingo.SymbolType.Number else a.name if a.name and not a.arguments else str(a)
                  for a in symbol.arguments]  # fmt: skip
        if [str(v) if isinstance(v, Term) else v for v in function_args(term)] != values:
            return False
        if [a.plain for a in term.arguments] != values:
            return False
    if symbol.type == clingo.SymbolType.String:
        return term.string == symbol.string
    if symbol.type == clingo.SymbolType.Number:
        return term.number == symbol.number
    return (
        term.name == symbol.name
        and len(term.arguments) == len(symbol.arguments)
        and all(same(a, b) for a, b in zip(term.arguments, symbol.arguments, strict=True))
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(symbols.filter(lambda s: s.type == clingo.SymbolType.Function), min_size=1, max_size=20))
def test_terms_read_from_text_equal_clingos_symbols(batch: list[clingo.Symbol]) -> None:
    terms = from_symbols(batch)
    assert len(terms) == len(batch)
    for term, symbol in zip(terms, batch, strict=True):
        assert same(term, symbol), (term, symbol)
        assert term == symbol and hash(term) == hash(str(symbol))


def test_no_symbol_and_one_symbol_read_back() -> None:
    # clingo prints a tuple of one as `(s,)` and of none as `()`: neither may reach the JSON reader as it is.
    one = clingo.Function("route", [clingo.String("p"), clingo.Tuple_([clingo.Number(1), clingo.Function("x")])])
    assert from_symbols([]) == []
    [term] = from_symbols([one])
    assert same(term, one)
