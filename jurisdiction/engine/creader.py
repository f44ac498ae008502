"""Reading a model into Terms through clingo's C layer: the one module that uses clingo's private API.

clingo's public API wraps every attribute of a symbol in a Python call through cffi, and printing a model as
text to parse it back (terms.py) reads every sub-term again for every atom it is in. Here each symbol is read by
its handle (clingo's `clingo_symbol_t`, a 64-bit integer, equal for equal symbols since clingo interns them)
through the C functions clingo's Python API itself calls, and each distinct sub-term is made into a Term once per
reading (a dict keyed by the handle): a chunk of 250 cases has some 30,000 shown atoms but under 2,000 distinct
arguments (states, people, provisions, conditions). A compound Term's text is built from its arguments' texts,
as clingo prints it.

The private layer (`clingo._internal._ffi` and `_lib`, `Symbol._rep`, a model's symbol array) is used only for a
clingo in CLINGO_RANGE whose C functions have the types this module calls them with, and which reads a probe
symbol exactly as the text reader does; otherwise the text reader (terms.py, public API only) is used. The
Terms are the same either way (tests/test_creader.py); `ACTIVE` says which reader is in use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import clingo

from jurisdiction.engine import terms
from jurisdiction.engine.terms import FUNCTION, NUMBER, STRING, Term, no_collection, quoted

# The clingo versions whose C layer this module was written against (pyproject.toml: clingo>=5.6,<6).
CLINGO_RANGE = ((5, 6), (6, 0))

Signature = tuple[str, int]

# The C functions called here, with the types they are called with, as cffi prints them.
_EXPECTED = {
    "clingo_symbol_type": "int(*)(uint64_t)",
    "clingo_symbol_name": "_Bool(*)(uint64_t, char * *)",
    "clingo_symbol_string": "_Bool(*)(uint64_t, char * *)",
    "clingo_symbol_number": "_Bool(*)(uint64_t, int *)",
    "clingo_symbol_is_negative": "_Bool(*)(uint64_t, _Bool *)",
    "clingo_symbol_arguments": "_Bool(*)(uint64_t, uint64_t * *, size_t *)",
}
_SPECIAL = {clingo.SymbolType.Infimum: "#inf", clingo.SymbolType.Supremum: "#sup"}


class CReader:
    """Terms from clingo's C layer, each distinct symbol made once (keyed by its handle). One per reading: its
    cache holds the Terms it made, and its out-parameters are shared by its calls (one thread)."""

    def __init__(self, ffi: Any, lib: Any) -> None:
        self.ffi, self.lib = ffi, lib
        self.seen: dict[int, Term] = {}
        self.names: dict[Any, str] = {}  # clingo interns names for the process: a name's pointer, decoded once
        self._chars = ffi.new("char**")
        self._args = ffi.new("clingo_symbol_t**")
        self._size = ffi.new("size_t*")
        self._int = ffi.new("int*")
        self._bool = ffi.new("bool*")
        self._array = ffi.typeof("clingo_symbol_t[]")
        self._function = lib.clingo_symbol_type_function
        self._string = lib.clingo_symbol_type_string
        self._number = lib.clingo_symbol_type_number

    def handles(self, symbols: Sequence[clingo.Symbol]) -> list[int]:
        array = getattr(symbols, "_p_symbols", None)  # a model's symbols: clingo's own array, read in one call
        if array is not None and self.ffi.typeof(array) is self._array:
            return self.ffi.unpack(array, len(array))
        return [s._rep for s in symbols]

    def term(self, handle: int) -> Term:
        term = self.seen.get(handle)
        if term is None:
            term = self.seen[handle] = self._make(handle)
        return term

    def _make(self, handle: int) -> Term:
        kind = self.lib.clingo_symbol_type(handle)
        if kind == self._function:
            name, arguments, negative = self._parts(handle)
            return function(name, [self.term(a) for a in arguments], negative)
        if kind == self._string:
            self._check(self.lib.clingo_symbol_string(handle, self._chars))
            return string_term(self.ffi.string(self._chars[0]).decode())
        if kind == self._number:
            self._check(self.lib.clingo_symbol_number(handle, self._int))
            return number_term(self._int[0])
        special = clingo.SymbolType(kind)
        return Term(_SPECIAL[special], special)

    def _parts(self, handle: int) -> tuple[str, list[int], bool]:
        """A function's name, its arguments' handles and its sign."""
        chars, args, size, flag = self._chars, self._args, self._size, self._bool
        lib = self.lib
        ok = (
            lib.clingo_symbol_name(handle, chars)
            and lib.clingo_symbol_arguments(handle, args, size)
            and lib.clingo_symbol_is_negative(handle, flag)
        )
        self._check(ok)
        n = size[0]
        return self._name(chars[0]), self.ffi.unpack(args[0], n) if n else [], flag[0]

    def _name(self, pointer: Any) -> str:
        name = self.names.get(pointer)
        if name is None:
            name = self.names[pointer] = self.ffi.string(pointer).decode()
        return name

    def tagged(self, handles: list[int], n_cases: int, static: frozenset[Signature]) -> list[list[Term]]:
        """As read_tagged. The hot loop of a batch: clingo's functions and the caches are held in locals, and an
        atom's own Term is made directly (atoms do not repeat; their arguments do)."""
        out: list[list[Term]] = [[] for _ in range(n_cases)]
        shared: list[Term] = []
        lib, unpack = self.lib, self.ffi.unpack
        chars, args, size, flag = self._chars, self._args, self._size, self._bool
        symbol_name, symbol_arguments, is_negative = (
            lib.clingo_symbol_name,
            lib.clingo_symbol_arguments,
            lib.clingo_symbol_is_negative,
        )
        names, name_of, seen, make, function_type = self.names, self._name, self.seen, self.term, FUNCTION
        for handle in handles:
            if not (symbol_name(handle, chars) and symbol_arguments(handle, args, size) and is_negative(handle, flag)):
                self._check(False)
            pointer = chars[0]
            name = names.get(pointer) or name_of(pointer)
            n = size[0]
            if static and (name, n) in static:  # shown without the case argument: the whole atom, in every case
                shared.append(make(handle))
                continue
            arguments = [seen.get(a) or make(a) for a in unpack(args[0], n)]
            case = arguments.pop().number
            if arguments:
                text = name + "(" + ",".join([a.text for a in arguments]) + ")"
                out[case].append(Term("-" + text if flag[0] else text, function_type, name, tuple(arguments)))
            else:
                out[case].append(function(name, (), flag[0]))
        return [shared + case_terms for case_terms in out] if shared else out  # first, as the text reader has them

    def _check(self, ok: bool) -> None:
        if not ok:  # clingo refused a call: only for a symbol of another type than asked, a bug here
            raise RuntimeError(self.ffi.string(self.lib.clingo_error_message()).decode())


def function(name: str, arguments: Sequence[Term], negative: bool = False) -> Term:
    """A function term, with its text as clingo prints it (a tuple of one as `(a,)`, of none as `()`)."""
    sign = "-" if negative else ""
    if not arguments:
        text = sign + (name or "()")
    else:
        inner = ",".join([a.text for a in arguments])
        text = sign + name + "(" + inner + ("," if not name and len(arguments) == 1 else "") + ")"
    return Term(text, FUNCTION, name, tuple(arguments))


def string_term(value: str) -> Term:
    term = Term(quoted(value), STRING)
    term.string = value
    term.value = term.plain = value
    return term


def number_term(value: int) -> Term:
    term = Term(str(value), NUMBER)
    term.number = value
    term.value = term.plain = value
    return term


def _version() -> tuple[int, ...]:
    try:
        return tuple(int(x) for x in clingo.__version__.split(".")[:2])
    except ValueError:
        return (0,)


def _probe() -> clingo.Symbol:
    """One symbol with every kind of term the rules show (and the escapes clingo prints in a string)."""
    return clingo.Function(
        "route",
        [
            clingo.Function("opsc"),
            clingo.String('a "quoted" \\ line\nnext'),
            clingo.Number(-7),
            clingo.Tuple_([clingo.Number(1), clingo.Function("cond", [clingo.String("s"), clingo.Function("x")])]),
            clingo.Function("since", [clingo.Number(20190601)]),
        ],
    )


def same(a: Term, b: Term) -> bool:
    """Two Terms alike in every attribute the decoders read, sub-term by sub-term."""
    if (a.text, a.type, a.name, a.string, a.number, len(a.arguments)) != (
        b.text,
        b.type,
        b.name,
        b.string,
        b.number,
        len(b.arguments),
    ):
        return False
    if a.arguments:
        return all(same(x, y) for x, y in zip(a.arguments, b.arguments, strict=True))
    return (a.value is a) == (b.value is b) and (a.value is a or a.value == b.value) and a.plain == b.plain


def _c_layer() -> tuple[Any, Any] | None:
    """clingo's cffi handles, if this clingo is in the range and its C layer is as this module expects."""
    if not CLINGO_RANGE[0] <= _version() < CLINGO_RANGE[1]:
        return None
    try:
        from clingo._internal import _ffi, _lib

        for name, expected in _EXPECTED.items():
            if _ffi.getctype(_ffi.typeof(getattr(_lib, name))) != expected:
                return None
        if _ffi.sizeof("clingo_symbol_t") != 8:
            return None
        probe = _probe()
        reader = CReader(_ffi, _lib)
        [handle] = reader.handles([probe])
        [by_text] = terms.from_symbols([probe])
        return (_ffi, _lib) if same(reader.term(handle), by_text) else None
    except Exception:  # any surprise in the private layer means: use the public one
        return None


_LAYER = _c_layer()
ACTIVE = "C" if _LAYER is not None else "text"


def read(symbols: Sequence[clingo.Symbol], private: bool = True) -> list[Term]:
    """The Terms of these symbols (a model's, or any), in order; `private=False`: by the text reader."""
    if _LAYER is None or not private:
        return terms.from_symbols(symbols)
    with no_collection():
        reader = CReader(*_LAYER)
        return [reader.term(h) for h in reader.handles(symbols)]


def read_tagged(
    symbols: Sequence[clingo.Symbol], n_cases: int, static: frozenset[Signature] = frozenset(), private: bool = True
) -> list[list[Term]]:
    """A many-case model (multicase.py) split by case: each atom's last argument is its case number, dropped;
    an atom in `static` (a shown predicate without the case argument) belongs to every case, whole."""
    if _LAYER is None or not private:
        return terms.tagged(symbols, n_cases, static)
    with no_collection():
        reader = CReader(*_LAYER)
        return reader.tagged(reader.handles(symbols), n_cases, static)
