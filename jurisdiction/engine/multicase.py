"""Many cases in one clingo run: the rules of logic/, rewritten so that the case is an argument of every atom.

Grounding one case at a time pays the fixed cost of instantiating several hundred rules for each case. Here the
rule files are parsed once (clingo's AST), and every predicate that depends on case facts gets one more
argument, the case number: `jurisdiction(S, B, M, P, O, R, G)` becomes `jurisdiction(S, B, M, P, O, R, G, C)`.
Static predicates (the offence catalogue, regime clauses, tables) are left alone and shared by all cases. The
law itself is not touched, only its arity: the equivalence with one-case solving is tested on every bundled case.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import clingo
from clingo import ast

from jurisdiction.engine import creader
from jurisdiction.engine.budget import FIXED, Dimensions, Shape, shapes_of_forms
from jurisdiction.engine.solver import (
    Symbol,
    check_ground,
    check_size,
    check_time,
    deadline,
    ground,
    limits,
    only_model,
    rule_files,
)
from jurisdiction.engine.terms import Term, json_forms, text_of
from jurisdiction.resources import STORE_ENV, store_dir

CASE_VARIABLE = "JurexCase"
CASE_DOMAIN = "jurex_case"  # jurex_case(C): C is a case of this run; binds C in every rewritten rule

Signature = tuple[str, int]


class _Atoms(ast.Transformer):
    """Collects the signatures of the atoms under a node."""

    def __init__(self) -> None:
        self.found: set[Signature] = set()

    def visit_SymbolicAtom(self, atom: ast.AST) -> ast.AST:
        symbol = atom.symbol
        if symbol.ast_type == ast.ASTType.Function:
            self.found.add((symbol.name, len(symbol.arguments)))
        return atom


def signatures_in(node: ast.AST | Sequence[ast.AST]) -> set[Signature]:
    collector = _Atoms()
    for n in node if isinstance(node, Sequence) else [node]:
        collector(n)
    return collector.found


def case_dependent(statements: Sequence[ast.AST], inputs: Iterable[Signature] = ()) -> set[Signature]:
    """The inputs (and predicates defined by no rule), and every predicate whose rules read one of them."""
    rules = [(signatures_in(s.head), signatures_in(s.body)) for s in statements if s.ast_type == ast.ASTType.Rule]
    defined = set().union(*(head for head, _ in rules))
    shown = {(s.name, s.arity) for s in statements if s.ast_type == ast.ASTType.ShowSignature}
    used = set().union(*(body for _, body in rules)) | shown
    dependent = (used - defined) | set(inputs)
    changed = True
    while changed:
        changed = False
        for head, body in rules:
            if body & dependent and not head <= dependent:
                dependent |= head
                changed = True
    return dependent


class _AddCase(ast.Transformer):
    def __init__(self, dependent: set[Signature]) -> None:
        self.dependent = dependent
        self.used = False

    def visit_SymbolicAtom(self, atom: ast.AST) -> ast.AST:
        symbol = atom.symbol
        if symbol.ast_type == ast.ASTType.Function and (symbol.name, len(symbol.arguments)) in self.dependent:
            self.used = True
            variable = ast.Variable(symbol.location, CASE_VARIABLE)
            return atom.update(symbol=symbol.update(arguments=[*symbol.arguments, variable]))
        return atom


def with_case_argument(statement: ast.AST, dependent: set[Signature]) -> ast.AST:
    if statement.ast_type in (ast.ASTType.ShowSignature, ast.ASTType.Defined):
        if (statement.name, statement.arity) in dependent:
            return statement.update(arity=statement.arity + 1)
        return statement
    adder = _AddCase(dependent)
    out = adder(statement)
    if adder.used and out.ast_type == ast.ASTType.Rule and not any(_binds_case(lit) for lit in out.body):
        # Only where no positive body atom binds the case already: a needless domain atom costs a join per case.
        loc = out.location
        domain = ast.SymbolicAtom(ast.Function(loc, CASE_DOMAIN, [ast.Variable(loc, CASE_VARIABLE)], 0))
        out = out.update(body=[ast.Literal(loc, ast.Sign.NoSign, domain), *out.body])
    return out


def _binds_case(literal: ast.AST) -> bool:
    if literal.ast_type != ast.ASTType.Literal or literal.sign != ast.Sign.NoSign:
        return False
    atom = literal.atom
    if atom.ast_type != ast.ASTType.SymbolicAtom or atom.symbol.ast_type != ast.ASTType.Function:
        return False
    arguments = atom.symbol.arguments
    return bool(arguments) and arguments[-1].ast_type == ast.ASTType.Variable and arguments[-1].name == CASE_VARIABLE


@dataclass(frozen=True)
class MultiProgram:
    text: str  # the rewritten program as clingo's text of its statements: what each clingo run is given
    dependent: frozenset[Signature]
    static_shown: frozenset[Signature] = frozenset()  # shown predicates without the case argument

    @cached_property
    def statements(self) -> tuple[ast.AST, ...]:
        """The rewritten statements, parsed again from the text (for a reader of the program, not for solving)."""
        out: list[ast.AST] = []
        ast.parse_string(self.text, out.append)
        return tuple(out)


@cache
def parsed_program(files: tuple[str, ...]) -> tuple[ast.AST, ...]:
    parsed: list[ast.AST] = []
    # Unpooled, so that `p(a; b).` is two atoms with a name each (a pool has none to rewrite).
    ast.parse_files([str(p) for p in rule_files(files)], lambda s: parsed.extend(s.unpool()))
    return tuple(parsed)


@cache
def shown(files: tuple[str, ...]) -> frozenset[Signature]:
    """The predicates the rule files show (#show name/arity), as one-case solving gives them: what a caller may
    name in `hidden`. Stored with the programs (a new worker need not parse the rules to know them)."""

    def build() -> dict[str, Any]:
        signatures = [[s.name, s.arity] for s in parsed_program(files) if s.ast_type == ast.ASTType.ShowSignature]
        return {"shown": sorted(signatures)}

    return frozenset((name, arity) for name, arity in _stored("shown", files, frozenset(), build)["shown"])


def sliced(statements: Sequence[ast.AST], hidden: frozenset[str]) -> list[ast.AST]:
    """Without the shown predicates named in `hidden`, and without every rule no remaining shown atom needs."""
    is_rule = [s.ast_type == ast.ASTType.Rule for s in statements]
    heads = [signatures_in(s.head) if rule else set() for s, rule in zip(statements, is_rule, strict=True)]
    bodies = [signatures_in(s.body) if rule else set() for s, rule in zip(statements, is_rule, strict=True)]
    needed = {(s.name, s.arity) for s in statements if s.ast_type == ast.ASTType.ShowSignature and s.name not in hidden}
    changed = True
    while changed:
        changed = False
        for head, body in zip(heads, bodies, strict=True):
            if head & needed and not body <= needed:
                needed |= body
                changed = True
    out = []
    for statement, rule, head in zip(statements, is_rule, heads, strict=True):
        if rule and not (head & needed or not head):  # a constraint (no head) is always kept
            continue
        if statement.ast_type == ast.ASTType.ShowSignature and statement.name in hidden:
            continue
        out.append(statement)
    return out


def vocabulary_inputs(statements: Sequence[ast.AST]) -> set[Signature]:
    """The input predicates, as logic/vocabulary.lp declares them (#defined): what facts.py may send."""
    return {
        (s.name, s.arity)
        for s in statements
        if s.ast_type == ast.ASTType.Defined and s.location.begin.filename.endswith("vocabulary.lp")
    }


@cache
def multi_program(files: tuple[str, ...], hidden: frozenset[str] = frozenset()) -> MultiProgram:
    """The rule files rewritten for many cases; without the shown predicates in `hidden` and the rules only they
    need. One program per set of files, whatever the cases hold: made once per process, and stored on disk
    (program_cache_dir) so that the next process, such as a batch worker replacing a retired one, reads it instead
    of parsing and rewriting the rules again."""
    stored = _stored("program", files, hidden, lambda: _rewritten(files, hidden))
    return MultiProgram(
        stored["text"],
        frozenset((name, arity) for name, arity in stored["dependent"]),
        frozenset((name, arity) for name, arity in stored["static_shown"]),
    )


def _rewritten(files: tuple[str, ...], hidden: frozenset[str]) -> dict[str, Any]:
    parsed = parsed_program(files)
    inputs = vocabulary_inputs(parsed)
    if hidden:
        parsed = tuple(sliced(parsed, hidden))
    dependent = case_dependent(parsed, inputs)
    shown = {(s.name, s.arity) for s in parsed if s.ast_type == ast.ASTType.ShowSignature}
    return {
        "text": "\n".join(str(with_case_argument(s, dependent)) for s in parsed) + "\n",
        "dependent": sorted([name, arity] for name, arity in dependent),
        "static_shown": sorted([name, arity] for name, arity in shown - dependent),
    }


# The store of rewritten programs. Its key is everything the stored text depends on: the rule files' names and
# contents, the hidden predicates, this module's own source (the rewrite) and clingo's version (its printing of
# the statements); a changed rule file is a new key, never a stale program. An entry carries a digest of itself,
# and one that does not match it (torn, edited) is made again; a store that cannot be written is done without.
CACHE_ENV = STORE_ENV  # a folder for the store; "off" for none (shared with the parsed YAML files: resources.py)
FORMAT = 1


def program_cache_dir() -> Path | None:
    return store_dir()


def program_key(kind: str, files: tuple[str, ...], hidden: frozenset[str]) -> str:
    digest = hashlib.sha256()
    parts: list[bytes] = [kind.encode(), str(FORMAT).encode(), clingo.__version__.encode(), Path(__file__).read_bytes()]
    for path in rule_files(files):
        parts += [path.name.encode(), path.read_bytes()]
    parts += [name.encode() for name in sorted(hidden)]
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def _stored(
    kind: str, files: tuple[str, ...], hidden: frozenset[str], build: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    folder = program_cache_dir()
    if folder is None:
        return build()
    path = folder / f"{kind}-{program_key(kind, files, hidden)}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        body = entry["body"]
        if entry["digest"] == _digest(body):
            return body
    except (OSError, ValueError, KeyError, TypeError):
        pass  # absent, unreadable or torn: made again below
    body = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, suffix=".part", delete=False) as out:
            json.dump({"digest": _digest(body), "body": body}, out)
        os.replace(out.name, path)  # whole or not at all, even with several workers writing it at once
    except OSError:
        pass  # a read-only or full disk: each process makes the program itself, as before the store
    return body


def _digest(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def solve_many(
    cases: Iterable[Sequence[Symbol]], files: tuple[str, ...], hidden: frozenset[str] = frozenset()
) -> list[list[Term]]:
    """Each case's facts in, each case's shown symbols out (as one-case solving gives them), in one run."""
    batch = [list(facts) for facts in cases]
    tagged = [clingo.Function(f.name, [*f.arguments, clingo.Number(n)]) for n, facts in enumerate(batch) for f in facts]
    check_size(max((len(f) for f in batch), default=0))
    return solve_tagged(tagged, len(batch), files, hidden).cases


@dataclass
class ManyAnswers:
    cases: list[list[Term]]  # each case's shown atoms, without the case number
    clingo_seconds: float  # grounding and solving: clingo's own share of the time
    ground_atoms: int


def solve_tagged(
    facts: Sequence[Symbol],
    n_cases: int,
    files: tuple[str, ...],
    hidden: frozenset[str] = frozenset(),
    signatures: Iterable[Signature] | None = None,
    sizes: Sequence[Dimensions] | None = None,
) -> ManyAnswers:
    """As solve_many, for facts that already end in their case number, 0 to n_cases - 1 (facts.encode(tag=)).
    `signatures`, the facts' names and arities without the case number, and `sizes`, each case's dimensions
    (budget.py), where the caller knows them already (facts.Encoding): reading them back from clingo's symbols
    costs a foreign call per fact, or a reading of the facts' text (about 0.4 ms a case)."""
    program = multi_program(files, hidden)
    if signatures is None:
        signatures = {(f.name, len(f.arguments) - 1) for f in facts}
    stray = set(signatures) - program.dependent
    if stray:  # a fact the rewritten rules would never read: a predicate missing from logic/vocabulary.lp
        raise ValueError(f"input predicates not declared in logic/vocabulary.lp: {sorted(stray)}")
    until = deadline()
    # The bound on grounding holds per clingo run (solver.MAX_GROUND_ATOMS): a chunk whose cases together would
    # exceed it is grounded in several runs, each within it (each case alone is, or it is refused).
    forms = json_forms(text_of(facts)) if facts and sizes is None else None
    if sizes is None:
        shapes = shapes_of_forms(forms or [], tagged=True)
        sizes = [shapes.get(n, Shape()).dimensions() for n in range(n_cases)]
    runs = _runs(sizes)
    if len(runs) > 1 and forms is None:
        forms = json_forms(text_of(facts))  # each fact's case number, to share the facts out among the runs
    out: list[list[Term]] = [[] for _ in range(n_cases)]
    clingo_seconds, atoms = 0.0, 0
    for numbers in runs:
        members = set(numbers)
        mine = (
            facts
            if forms is None or len(runs) == 1
            else [f for f, x in zip(facts, forms, strict=True) if x[-1] in members]
        )
        ctl = clingo.Control(["--warn=none"])
        ctl.add("base", [], program.text)  # the rewritten rules only: a case's facts come through the backend
        with ctl.backend() as backend:
            for number in numbers:
                backend.add_rule([backend.add_atom(clingo.Function(CASE_DOMAIN, [clingo.Number(number)]))])
            for fact in mine:
                backend.add_rule([backend.add_atom(fact)])
        started = time.perf_counter()
        ground(ctl, until)  # not watched rule by rule: that would double a batch's grounding time
        shown = only_model(ctl, "allow more time with --timeout SECONDS, or use smaller chunks", until=until)
        clingo_seconds += time.perf_counter() - started
        atoms += int(ctl.statistics["problem"]["lp"]["atoms"])
        answers = _per_case(shown, n_cases, program)
        for number in numbers:
            out[number] = answers[number]
    check_time(until, "while reading the answers", "allow more time with --timeout SECONDS, or use smaller chunks")
    return ManyAnswers(out, clingo_seconds, atoms)


def _runs(sizes: Sequence[Dimensions]) -> list[list[int]]:
    """The case numbers of each clingo run, in order: one run unless the cases together would ground more than the
    bound. A case above the bound on its own is refused (LimitReached)."""
    bound = limits().max_atoms
    runs: list[list[int]] = []
    numbers: list[int] = []
    total = FIXED  # the catalogue and tables, shared by every case of a run
    for number, size in enumerate(sizes):
        own = check_ground(size) - FIXED
        if numbers and total + own > bound:
            runs.append(numbers)
            numbers, total = [], FIXED
        numbers.append(number)
        total += own
    runs.append(numbers)
    return runs


def _per_case(symbols: list[clingo.Symbol], n_cases: int, program: MultiProgram) -> list[list[Term]]:
    """Split the model by its last argument, the case number, and drop it (creader.py: each distinct sub-term
    read once)."""
    return creader.read_tagged(symbols, n_cases, program.static_shown)


# --- The party-status part of a program (apps/canonical.py: a sweep's state classes)


STATUS_FILE = "parties.lp"  # the rules of party status; the part is these and every rule they need


@dataclass(frozen=True)
class StatusPart:
    """The party-status part of a program, found in the rules themselves: the rules of parties.lp and every
    rule they read, transitively (the other regimes' claims in regimes/common.lp...), in the program sliced as
    the answer is (without the shown predicates it hides and the rules only they need: batch.summary_hidden).
    `consumed`: the predicates it defines that the rest of the program reads or the answer shows; `read_by_rest`:
    the input predicates the rest reads itself (reservations...)."""

    text: str  # the part's rules, rewritten with a last argument per state (multicase.py), and #show consumed
    inputs: frozenset[tuple[str, int]]
    consumed: frozenset[tuple[str, int]]
    read_by_rest: frozenset[tuple[str, int]]


@cache
def status_part(files: tuple[str, ...], hidden: frozenset[str]) -> StatusPart:
    parsed = parsed_program(files)
    statements = sliced(parsed, hidden)
    rules = [s for s in statements if s.ast_type == ast.ASTType.Rule]
    heads = [signatures_in(s.head) for s in rules]
    bodies = [signatures_in(s.body) for s in rules]
    needed = set().union(*(h for s, h in zip(rules, heads, strict=True) if _file(s) == STATUS_FILE))
    changed = True
    while changed:  # every predicate the status rules read, and what those read in turn
        changed = False
        for head, body in zip(heads, bodies, strict=True):
            if head & needed and not body <= needed:
                needed |= body
                changed = True
    inside = [bool(h & needed) for h in heads]
    defined = set().union(*(h for h, i in zip(heads, inside, strict=True) if i))
    rest_reads = set().union(*(b for b, i in zip(bodies, inside, strict=True) if not i))
    shown = {(s.name, s.arity) for s in statements if s.ast_type == ast.ASTType.ShowSignature}
    consumed = defined & (rest_reads | shown)
    inputs = vocabulary_inputs(parsed)
    part = [r for r, i in zip(rules, inside, strict=True) if i]
    dependent = case_dependent(part, inputs)
    rewritten = [with_case_argument(r, dependent) for r in part]
    declared = [with_case_argument(s, dependent) for s in parsed if s.ast_type == ast.ASTType.Defined]  # the inputs'
    # A consumed predicate that depends on no input (a table: status_rank) is the same for every state.
    shows = [f"#show {name}/{arity + 1}." for name, arity in sorted(consumed & dependent)]
    return StatusPart(
        "\n".join([*(str(s) for s in (*declared, *rewritten)), *shows]),  # text: no AST outlives the call
        frozenset(needed - defined),
        frozenset(consumed),
        frozenset(inputs & rest_reads),
    )


def _file(statement: Any) -> str:
    return str(statement.location.begin.filename).replace("\\", "/").rsplit("logic/", 1)[-1]


def status_atoms(
    part: StatusPart, common: Sequence[Symbol], own: dict[str, Sequence[Symbol]]
) -> dict[str, list[Symbol]]:
    """The part's consumed atoms for each entry of `own`, solved over the case's own facts (`common`: its dates,
    acts, regimes) and that entry's facts, in one run: each entry a case of it (multicase.py)."""
    from jurisdiction.engine.solver import Number, only_model

    names = sorted(own)
    ctl = clingo.Control(["--warn=none"])
    with ast.ProgramBuilder(ctl) as builder:
        ast.parse_string(part.text, builder.add)
    mine = [s for s in common if (s.name, len(s.arguments)) in part.inputs]
    with ctl.backend() as backend:
        for number, name in enumerate(names):
            tag = Number(number)
            backend.add_rule([backend.add_atom(clingo.Function(CASE_DOMAIN, [tag]))])
            for fact in [*mine, *own[name]]:
                if (fact.name, len(fact.arguments)) in part.inputs:
                    backend.add_rule([backend.add_atom(clingo.Function(fact.name, [*fact.arguments, tag]))])
    ctl.ground([("base", [])])
    out: dict[str, list[Symbol]] = {name: [] for name in names}
    for symbol in only_model(ctl, "allow more time with --timeout SECONDS"):
        *arguments, tag = symbol.arguments
        out[names[tag.number]].append(clingo.Function(symbol.name, arguments))
    return out
