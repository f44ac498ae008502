"""Ground terms as plain Python objects, read from clingo's text of a model in one pass.

Reading a term through clingo's Python API costs a foreign call per attribute (name, arguments, type, each
argument's string): for a model of a few hundred atoms that is most of the time of an analysis. clingo
prints a symbol in one call; this module reads that text back into `Term`s, which offer the same attributes
as `clingo.Symbol` (name, arguments, type, string, number, str()) so the decoders work on either.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import clingo

FUNCTION = clingo.SymbolType.Function
STRING = clingo.SymbolType.String
NUMBER = clingo.SymbolType.Number

# clingo's text of a term, rewritten token by token into JSON: a function `f(a,"b",1)` becomes ["f",["a"],"b",1]
# (a constant is a list of its name alone; a tuple has the empty name), strings and numbers stay as they are
# (clingo escapes only backslash, quote and newline, as JSON does). One regex pass and json.loads, both in C.
_TOKEN = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*")|([A-Za-z_][A-Za-z0-9_\']*)(\()?|(\()|(\))')


def _to_json(match: re.Match[str]) -> str:
    group = match.lastindex
    if group == 1:
        return match.group(1)
    if group == 2:
        return '["' + match.group(2) + '"]'
    if group == 3:
        return '["' + match.group(2) + '",'
    return '["",' if group == 4 else "]"


class Term:
    """A ground term: a function (with arguments, perhaps none), a string or a number."""

    __slots__ = ("arguments", "name", "number", "plain", "string", "text", "type", "value")

    def __init__(self, text: str, type: clingo.SymbolType, name: str = "", arguments: tuple[Term, ...] = ()) -> None:
        self.text = text
        self.type = type
        self.name = name
        self.arguments = arguments
        self.string = ""
        self.number = 0
        # As solver.function_args reads an argument (a string's text, a number, a constant's name, else the
        # term), and as the decoders print it (the same, with a compound term as its text): read once, here.
        self.value: object = name if name and not arguments else self
        self.plain: object = name if name and not arguments else text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Term({self.text})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Term | clingo.Symbol) and str(other) == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __lt__(self, other: Term) -> bool:
        return self.text < other.text


def quoted(text: str) -> str:
    """A string's text as clingo prints it."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class _Builder:
    """Builds Terms from the JSON form; leaves (constants, strings, numbers) repeat a lot, so each is made once."""

    def __init__(self) -> None:
        self.leaves: dict[Any, Term] = {}

    def build(self, value: Any) -> Term:
        if type(value) is list:
            name = value[0]
            if len(value) == 1:
                key = ("c", name)
                term = self.leaves.get(key)
                if term is None:
                    term = self.leaves[key] = Term(name, FUNCTION, name)
                return term
            arguments = tuple([self.build(v) for v in value[1:]])
            return Term(name + "(" + ",".join([a.text for a in arguments]) + ")", FUNCTION, name, arguments)
        term = self.leaves.get(value)
        if term is None:
            if type(value) is str:
                term = Term(quoted(value), STRING)
                term.string = value
            else:
                term = Term(str(value), NUMBER)
                term.number = value
            term.value = term.plain = value
            self.leaves[value] = term
        return term


def from_texts(texts: Iterable[str]) -> list[Term]:
    """Terms from clingo's text of ground terms (no #inf or #sup: the rules show none)."""
    return build(json_forms("[" + ",".join(texts) + "]"))


@contextmanager
def no_collection() -> Iterator[None]:
    """Hundreds of thousands of small lists and terms, none cyclic: the cyclic garbage collector, run over and
    over while they are made, would only walk them all (it made json.loads up to seven times slower)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def json_forms(text: str) -> list[Any]:
    """clingo's text of a list or tuple of terms, `[t1,t2]` or `(t1,t2)`, as the JSON form of each term."""
    with no_collection():
        data = json.loads(_TOKEN.sub(_to_json, text), strict=False)
    return data[1:] if text.startswith("(") else data  # a tuple reads as ["", t1, t2]


def text_of(symbols: Sequence[clingo.Symbol]) -> str:
    """clingo's text of many symbols at once, `(s1,s2,...)`: printed as one tuple, in one foreign call, instead of
    two calls per symbol (about six times faster on a model of thousands of atoms)."""
    if len(symbols) == 1:
        return "(" + str(symbols[0]) + ")"  # clingo prints a one-tuple `(s,)`: not JSON once rewritten
    return str(clingo.Tuple_(symbols))


def build(forms: Iterable[Any]) -> list[Term]:
    """Terms from their JSON forms (json_forms)."""
    builder = _Builder()
    with no_collection():
        return [builder.build(v) for v in forms]


def parse(text: str) -> Term:
    """One ground term as clingo prints it, e.g. `route(opsc,"p","AUT","BEL","o",cond("AUT",party_at_date))`."""
    return from_texts([text])[0]


def from_symbols(symbols: Iterable[clingo.Symbol]) -> list[Term]:
    symbols = list(symbols)
    return build(json_forms(text_of(symbols))) if symbols else []


def tagged(symbols: Sequence[clingo.Symbol], n_cases: int, static: frozenset[tuple[str, int]]) -> list[list[Term]]:
    """A many-case model (multicase.py) split by its last argument, the case number, which is dropped; an atom in
    `static` (shown without the case argument) belongs to every case. Read as text, in one pass."""
    out: list[list[Term]] = [[] for _ in range(n_cases)]
    if static:  # some shown atom has no case argument: read each symbol's name (slow, unused today)
        for symbol in symbols:
            if (symbol.name, len(symbol.arguments)) in static:
                for terms in out:
                    terms.extend(from_symbols([symbol]))
        symbols = [s for s in symbols if (s.name, len(s.arguments)) not in static]
    if not symbols:
        return out
    forms: list[list[Any]] = [[] for _ in range(n_cases)]
    for form in json_forms(text_of(symbols)):
        forms[form.pop()].append(form)  # ["name", a1, ..., N]: N is the case; ["name"] alone is a constant
    # The shared atoms first (multicase._per_case used to drop them: no rule shows such an atom today)
    return [shared + build(case_forms) for shared, case_forms in zip(out, forms, strict=True)]
