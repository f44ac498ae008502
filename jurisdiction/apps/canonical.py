"""The canonical form of a case, so that one answer serves every case that differs only in which states play
which part: the states of the case renamed to placeholders that carry exactly the data of the states they
replace, the answer computed once per canonical form, in placeholders, and renamed back.

What the key contains, and why it is sound. The key is the case's encoding (facts.encode, the very facts the
rules read: party status under each regime at every date the rules look at, profile values and their periods,
reservations, EU membership, the lists' completeness, today, the conduct date, every structural fact) with each
state code of the case replaced by its placeholder; plus where each profile value came from (decode prints its
origin and period), the party status the case itself assumes (decode lists it), the regimes and
assume_all_parties. Nothing in it is a hand-made list of "state data": a new kind of state fact the encoder
sends is in the key the day it is sent. Facts about other states (an extradites_nationals_except_to list, a
treaty, a request) name the other state's placeholder, since the renaming is of strings wherever they occur,
inside terms too. States the case does not have (the universal jurisdiction of profiled states) keep their codes
and are part of the key as they are.

Two cases with the same key thus send the rules the same facts up to a renaming of strings, and the rules never
name a case's state (a test fails if a rule's text holds an ISO code; the only string constant they compare is
"*"), so their models are the same up to that renaming. The answer is text, sorted: a placeholder must sort
against every other string exactly as the code it replaces, or the renamed-back answer would be in another
order. So a placeholder is the greatest string of the case that is not renamed and sorts before the code (a
state outside the case, a person's, an offence's or a vessel's name; "@" if none), then a private-use mark and
the code's rank among the case's states with the same such neighbour. It sorts after its neighbour and before
the next string that is not renamed, as the code does, and among the case's states as the codes do; the key
holds it, so the order is part of the key. The private-use mark occurs nowhere else (a case that has one is not
canonicalised), so renaming back is exact. People, offences and vessels keep their names: they are sorted
against fixed texts (a warning's subject, "P in O") that no placeholder could be ordered against soundly, and
the workloads that repeat (sweeps, generated batches) vary states, not names.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import json
import re
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from jurisdiction.data.states import StateData
from jurisdiction.engine.facts import Encoding, with_tag
from jurisdiction.engine.multicase import StatusPart, status_atoms
from jurisdiction.engine.solver import Function, String, Symbol, SymbolType
from jurisdiction.input.model import Case, check_state_code

MARK = "\ue000"  # private use: no text of jurex has it; a case that has it is answered directly
FIRST_RANK = 0xE100
NO_NEIGHBOUR = "@"  # sorts after "*" and "", before every state code and every lower-case word
_PRIVATE = re.compile("[\ue000-\uf8ff]")
KEY_VERSION = "1"  # bump when the key's layout changes (the cache folder of earlier runs is then not read)


@dataclass(frozen=True)
class Canonical:
    """A case in canonical form: its key, and how to rename the placeholder answer back (placeholder -> code)."""

    key: str
    renaming: dict[str, str]
    case: Case  # the case with its states renamed (what decode reads)
    encoding: Encoding  # its facts, renamed: what is solved


# Per process, each fact's strings, its renamings, its text and its tagged form, made once: a batch's and a
# sweep's cases share most of their facts (the lists, the states' data), and reading a symbol's parts through
# clingo's API costs a foreign call each. Emptied past MEMO_LIMIT entries, so that a worker's memory stays bounded.
MEMO_LIMIT = 400_000
_STRINGS: dict[Symbol, frozenset[str]] = {}
_RENAMED: dict[tuple[Symbol, tuple[tuple[str, str], ...]], Symbol] = {}
_TEXT: dict[Symbol, str] = {}
_TAGGED: dict[tuple[Symbol, Symbol], Symbol] = {}


def _bounded() -> None:
    if len(_STRINGS) + len(_RENAMED) + len(_TEXT) + len(_TAGGED) > MEMO_LIMIT:
        for memo in (_STRINGS, _RENAMED, _TEXT, _TAGGED):
            memo.clear()


def _strings_in(sym: Symbol) -> frozenset[str]:
    found = _STRINGS.get(sym)
    if found is None:
        out: set[str] = set()
        stack = [sym]
        while stack:
            part = stack.pop()
            if part.type == SymbolType.String:
                out.add(part.string)
            elif part.type == SymbolType.Function:
                stack.extend(part.arguments)
        found = _STRINGS[sym] = frozenset(out)
    return found


def strings_of(symbols: Sequence[Symbol]) -> set[str]:
    """Every string in the facts, inside terms too."""
    _bounded()
    out: set[str] = set()
    for sym in symbols:
        out |= _strings_in(sym)
    return out


def _renamed(sym: Symbol, mapping: dict[str, str]) -> Symbol:
    """rename_symbol, made once per fact and the part of the mapping it contains."""
    relevant = tuple(sorted((s, mapping[s]) for s in _strings_in(sym) if s in mapping))
    if not relevant:
        return sym
    key = (sym, relevant)
    new = _RENAMED.get(key)
    if new is None:
        new = _RENAMED[key] = rename_symbol(sym, mapping)
    return new


def _text(sym: Symbol) -> str:
    text = _TEXT.get(sym)
    if text is None:
        text = _TEXT[sym] = str(sym)
    return text


def placeholders(states: set[str], fixed: set[str]) -> dict[str, str] | None:
    """Each state's placeholder (see the module's docstring); None where no placeholder can sort as the code does
    (a fixed string that is a prefix of the code)."""
    neighbours = sorted(fixed)
    out: dict[str, str] = {}
    ranks: dict[str, int] = {}
    for code in sorted(states):
        at = bisect.bisect_left(neighbours, code)
        base = neighbours[at - 1] if at else NO_NEIGHBOUR
        if code.startswith(base) or (at < len(neighbours) and neighbours[at].startswith(code)):
            return None
        rank = ranks.get(base, 0)
        ranks[base] = rank + 1
        out[code] = f"{base}{MARK}{chr(FIRST_RANK + rank)}"
    return out


def rename_symbol(sym: Symbol, mapping: dict[str, str]) -> Symbol:
    if sym.type == SymbolType.String:
        new = mapping.get(sym.string)
        return String(new) if new is not None else sym
    if sym.type == SymbolType.Function and sym.arguments:
        args = [rename_symbol(a, mapping) for a in sym.arguments]
        return Function(sym.name, args, sym.positive)
    return sym


def canonical(
    case: Case,
    data: StateData,
    regimes: Sequence[Any],
    assume_all_parties: bool = False,
    encoding: Encoding | None = None,
) -> Canonical | None:
    """The canonical form of a case, or None where the case cannot be put in one soundly (a name that is also a
    state code, a private-use mark in a name): such a case is answered directly. `encoding`: the case's untagged
    encoding, where the caller has it (encode_case)."""
    from jurisdiction.apps.analysis import encode_case

    if encoding is None:
        encoding = encode_case(case, data, regimes, (), assume_all_parties)
    states = case.states()
    names = {*case.people, *(o.id for o in case.offences), *case.vessels}
    strings = strings_of(encoding.symbols)
    if names & states or any(_PRIVATE.search(s) for s in strings | names):
        return None
    mapping = placeholders(states, (strings | names) - states)
    if mapping is None:
        return None
    symbols = [_renamed(s, mapping) for s in encoding.symbols]
    quoted = {str(String(code)): str(String(p)) for code, p in mapping.items()}

    def key_of(field_key: str) -> str:  # a field term as text: extradites_nationals_except_to("FRA")
        for code, p in quoted.items():
            if code in field_key:
                field_key = field_key.replace(code, p)
        return field_key

    values = {(mapping.get(s, s), key_of(k), since): dataclasses.replace(pv, state=mapping.get(s, s))
              for (s, k, since), pv in encoding.profile_values.items()}  # fmt: skip
    terms = {(mapping.get(s, s), key_of(k), since): _renamed(t, mapping)
             for (s, k, since), t in encoding.profile_terms.items()}  # fmt: skip
    renamed = Encoding(symbols=symbols, profile_values=values, profile_terms=terms, signatures=set(encoding.signatures))
    renamed.shape, renamed.size = encoding.shape, encoding.size
    placeholder_case = rename_case(case, mapping)
    if placeholder_case.states() != set(mapping.values()):
        return None  # a state field rename_case does not know: never guess
    assumed = sorted(
        (mapping[s], str(a.opsc_party_since), str(a.opsc_party), json.dumps(a.party_to, sort_keys=True))
        for s, a in case.assume.items()
    )
    provenance = sorted(
        (k[0], k[1], k[2], pv.origin, pv.since, pv.until, pv.verified, pv.source, pv.note) for k, pv in values.items()
    )
    parts = [
        KEY_VERSION,
        repr([getattr(r, "label", r) for r in regimes]),
        repr(assume_all_parties),
        *sorted(_text(s) for s in symbols),
        repr(provenance),
        repr(assumed),
    ]
    key = hashlib.blake2b("\n".join(parts).encode("utf-8"), digest_size=20).hexdigest()
    return Canonical(key, {p: code for code, p in mapping.items()}, placeholder_case, renamed)


def tagged(symbols: Sequence[Symbol], tag: Symbol) -> list[Symbol]:
    """The facts with the case number as their last argument (multicase.py), as facts.encode(tag=) makes them."""
    _bounded()  # also where no case is put in canonical form (a long-lived Dask worker answers many)
    out = []
    for sym in symbols:
        new = _TAGGED.get((sym, tag))
        if new is None:
            new = _TAGGED[(sym, tag)] = with_tag(sym, tag)
        out.append(new)
    return out


def rename_back(text: str, renaming: dict[str, str]) -> str:
    """An answer in placeholders (JSON text) with each placeholder replaced by its code. Exact: the private-use
    mark occurs only in placeholders, each whole."""
    if MARK not in text:
        return text
    return Renamer(text, renaming).rename({})


class Renamer:
    """rename_back for many renamings of one answer's placeholders (a sweep's class): the answer's text is split
    once at its placeholders into a format string, filled in for each renaming in one call."""

    def __init__(self, text: str, renaming: dict[str, str]) -> None:
        """`text`: the answer in placeholders; `renaming`: placeholder -> the code it stands for there."""
        escaped = {json.dumps(p, ensure_ascii=False)[1:-1]: p for p in renaming}
        # the longest first: where one placeholder ends another (its neighbour a suffix of the other's), the whole
        pattern = re.compile("|".join(re.escape(e) for e in sorted(escaped, key=len, reverse=True)))
        order = list(escaped)
        parts = pattern.split(text) if escaped and MARK in text else [text]
        found = pattern.findall(text) if len(parts) > 1 else []
        self.format = "".join(
            part.replace("{", "{{").replace("}", "}}") + (f"{{{order.index(found[i])}}}" if i < len(found) else "")
            for i, part in enumerate(parts)
        )
        self.codes = [renaming[escaped[e]] for e in order]

    def rename(self, codes: dict[str, str]) -> str:
        """The answer with each placeholder replaced by codes.get(c, c), c the code it stands for."""
        return self.format.format(*(codes.get(c, c) for c in self.codes))


# --- renaming the state codes of a case model, field by field (never by searching its text)


def _is_state_code(annotation: Any) -> bool:
    return any(getattr(m, "func", None) is check_state_code for m in getattr(annotation, "__metadata__", ()))


_BRANCHES: dict[int, tuple[Any, list[Any]]] = {}  # id(annotation) -> (annotation, its branches): read once each


def _branches(annotation: Any) -> list[Any]:
    known = _BRANCHES.get(id(annotation))
    if known is None or known[0] is not annotation:
        known = _BRANCHES[id(annotation)] = (annotation, _branches_of(annotation))
    return known[1]


def _branches_of(annotation: Any) -> list[Any]:
    """The alternatives of a union (or the annotation itself), Annotated wrappers kept where they mark a code."""
    if _is_state_code(annotation):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _branches(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return [b for a in typing.get_args(annotation) for b in _branches(a)]
    return [annotation]


def _rename(annotation: Any, value: Any, f: Callable[[str], str]) -> Any:
    if isinstance(value, BaseModel):
        return rename_model(value, f)
    branches = _branches(annotation)
    if isinstance(value, str):
        return f(value) if any(_is_state_code(b) for b in branches) else value
    for branch in branches:
        origin = typing.get_origin(branch)
        args = typing.get_args(branch)
        if isinstance(value, list) and origin is list:
            return [_rename(args[0], v, f) for v in value]
        if isinstance(value, tuple) and origin is tuple:
            return tuple(_rename(args[min(i, len(args) - 1)], v, f) for i, v in enumerate(value))
        if isinstance(value, dict) and origin is dict:
            return {_rename(args[0], k, f): _rename(args[1], v, f) for k, v in value.items()}
    return value


def rename_model(model: BaseModel, f: Callable[[str], str]) -> Any:
    """The model with every field typed as a state code renamed by `f`, nested models too (not validated again:
    placeholders are not ISO codes)."""
    updates = {}
    for name, annotation in _fields(type(model)):
        value = getattr(model, name)
        new = _rename(annotation, value, f)
        if new is not value:
            updates[name] = new
    return model.model_copy(update=updates) if updates else model


_FIELDS: dict[type, list[tuple[str, Any]]] = {}


def _fields(model: type[BaseModel]) -> list[tuple[str, Any]]:
    """A model's fields with their annotations, a field typed as a state code as Annotated[str, its check]."""
    fields = _FIELDS.get(model)
    if fields is None:
        fields = _FIELDS[model] = []
        for name, info in model.model_fields.items():
            annotation = info.annotation
            if info.metadata and any(getattr(m, "func", None) is check_state_code for m in info.metadata):
                annotation = typing.Annotated[str, *info.metadata]
            fields.append((name, annotation))
    return fields


def rename_case(case: Case, mapping: dict[str, str]) -> Case:
    return rename_model(case, lambda code: mapping.get(code, code))  # type: ignore[no-any-return]


# --- a state's class: what the rules derive from its party data at a case's dates, not the data themselves

def derived_status(part: StatusPart, common: Sequence[Symbol], own: dict[str, Sequence[Symbol]]) -> dict[str, str]:
    """Each state's class text: what the party-status part gives the rest of the rules about it (status_atoms),
    with the state's facts the rest reads itself (reservations) and any the part does not read, as they are;
    the state's code replaced by MARK throughout."""
    texts: dict[str, str] = {}
    for state, atoms in status_atoms(part, common, own).items():
        lines = [str(rename_symbol(a, {state: MARK})) for a in atoms]
        for fact in own[state]:
            signature = (fact.name, len(fact.arguments))
            if signature in part.read_by_rest or signature not in part.inputs:
                lines.append("raw " + str(rename_symbol(fact, {state: MARK})))
        texts[state] = "\n".join(sorted(lines))
    return texts
