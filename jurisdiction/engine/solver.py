"""The clingo adapter: the one module that talks to clingo's Python API (clingo >= 5.6, < 6).

Facts always arrive as symbols through the backend, never as program text: nothing in a case file can
become a rule.

Bounded work. A case is refused before grounding when its ground program would be too large (budget.py
estimates it from the facts, by the dimensions that multiply).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import clingo

from jurisdiction.engine.budget import Dimensions, shapes_of_forms
from jurisdiction.engine.terms import Term, from_symbols, json_forms, text_of
from jurisdiction.resources import logic_dir

Symbol = clingo.Symbol
Function = clingo.Function
String = clingo.String
Number = clingo.Number
SymbolType = clingo.SymbolType

# The rule files, in reading order (vocabulary first); the regime modules come in between (program()).
BASE = ("vocabulary.lp", "offences.lp", "parties.lp", "profiles.lp", "links.lp", "criminality.lp", "regimes/common.lp")
SHARED = ("conclusions.lp", "extradition.lp", "reservations.lp", "established.lp", "impunity.lp")


def program(regime_files: Sequence[str] = ("regimes/opsc.lp",), *, explain: bool = False) -> tuple[str, ...]:
    """The files to load for these regime modules (and the explanation rules if asked)."""
    return (*BASE, *dict.fromkeys(regime_files), *SHARED, *(("explain.lp",) if explain else ()))


OPSC_PROGRAM = program()
EXPLAIN_PROGRAM = program(explain=True)


class SolveError(RuntimeError):
    """The rules produced no single answer: a bug in logic/, never the user's fault."""


# The facts a case may give: a bound on reading and encoding it, not on grounding (grounding grows with products
# of the facts, not with their number: budget.py).
MAX_FACTS = 100_000
# The ground program of one case (or of one batch chunk), as budget.py estimates it (above the real count: by a
# third on large cases). bench/grounding.py puts a case at the bound at about 700,000 real atoms, 0.6 GB and 15 s
# on 2 cores; the bundled cases are estimated at 2,600 to 4,100, a large real-looking one (30 offenders in 15
# states, 3 offences, 10 requests) at 84,000.
MAX_GROUND_ATOMS = 1_000_000
DEFAULT_TIMEOUT = 60.0  # seconds of solving; a real case takes milliseconds


@dataclass(frozen=True)
class Limits:
    """Bounds on the work of one solve. The caller (the command line, from --timeout) sets them for a block of
    work with `limited`; they are a context variable, not a module global, so threads and tasks keep their own."""

    timeout: float = DEFAULT_TIMEOUT
    max_facts: int = field(default_factory=lambda: MAX_FACTS)
    max_atoms: int = field(default_factory=lambda: MAX_GROUND_ATOMS)


_LIMITS: ContextVar[Limits | None] = ContextVar("jurex_limits", default=None)


def limits() -> Limits:
    """The bounds in force here: those set by the innermost `limited`, else the defaults."""
    return _LIMITS.get() or Limits()


@contextmanager
def limited(bounds: Limits) -> Iterator[Limits]:
    """Run a block of work under these bounds."""
    token = _LIMITS.set(bounds)
    try:
        yield bounds
    finally:
        _LIMITS.reset(token)


class LimitReached(Exception):
    """The work would exceed a stated bound (too large to ground) or was cut short by the time limit."""

    def __init__(self, message: str, fix: str, *, cut_short: bool) -> None:
        super().__init__(message)
        self.message, self.fix, self.cut_short = message, fix, cut_short

    def __reduce__(self) -> tuple[Callable[..., LimitReached], tuple[str, str]]:
        # Raised in a batch worker, it is pickled back to the parent: every field, not only args (the message).
        return partial(LimitReached, cut_short=self.cut_short), (self.message, self.fix)


def check_size(n_facts: int) -> None:
    """Refuse, before encoding goes further, a case that gives the solver too many facts."""
    bound = limits().max_facts
    if n_facts > bound:
        raise LimitReached(
            f"the case gives {n_facts:,} facts to the solver; jurex grounds at most {bound:,} "
            f"(grounding grows with each: seconds of work and hundreds of megabytes)",
            "split the case: one offence, or one group of offenders, per file",
            cut_short=False,
        )


def dimensions_of(facts: Sequence[Symbol]) -> Dimensions:
    """The dimensions of one case, from its facts (read as text in one foreign call: budget.py)."""
    return shapes_of_forms(json_forms(text_of(facts)) if facts else [])[0].dimensions()


def check_ground(dimensions: Dimensions, *, explain: bool = False) -> int:
    """Refuse a case whose ground program would exceed the bound, saying which of its dimensions to reduce;
    else the estimated number of ground atoms."""
    estimate, bound = dimensions.atoms(explain=explain), limits().max_atoms
    if estimate > bound:
        message, fix = dimensions.refusal(estimate, bound)
        raise LimitReached(message, fix, cut_short=False)
    return estimate


def wait(handle: clingo.SolveHandle, timeout: float) -> bool:
    """Wait for a solve in short steps, so that Ctrl-C is felt at once; False if the time ran out."""
    deadline = time.monotonic() + timeout
    while not handle.wait(min(0.05, max(0.0, deadline - time.monotonic()))):
        if time.monotonic() >= deadline:
            return False
    return True


@dataclass(frozen=True)
class Answer:
    symbols: tuple[Symbol, ...]  # as Terms (terms.py): the same attributes, read from clingo's text at once
    statistics: dict


def rule_files(names: Sequence[str] = OPSC_PROGRAM) -> list[Path]:
    return [logic_dir() / n for n in names]


def solve(
    facts: Iterable[Symbol],
    program: Sequence[str] = OPSC_PROGRAM,
    *,
    shown_only: bool = True,
    dimensions: Dimensions | None = None,
) -> Answer:
    """Ground the rule files with the given facts and return the symbols of the one stable model, within the
    bounds in force (`limited`). `dimensions`: the case's, where the caller has them (facts.Encoding.shape)."""
    facts = list(facts)
    check_size(len(facts))
    dimensions = dimensions or dimensions_of(facts)
    check_ground(dimensions, explain="explain.lp" in program)
    ctl = clingo.Control(["--warn=none"])
    for path in rule_files(program):
        ctl.load(str(path))
    with ctl.backend() as backend:
        for fact in facts:
            backend.add_rule([backend.add_atom(fact)])
    ctl.ground([("base", [])])
    symbols = only_model(ctl, "allow more time with --timeout SECONDS, or split the case", shown_only=shown_only)
    return Answer(tuple(from_symbols(symbols)), ctl.statistics)


def only_model(ctl: clingo.Control, fix: str, *, shown_only: bool = True) -> list[Symbol]:
    """Solve a grounded program within the time limit; the rules of logic/ have exactly one stable model."""
    models: list[list[Symbol]] = []
    timeout = limits().timeout
    with ctl.solve(
        on_model=lambda m: models.append(m.symbols(shown=shown_only, atoms=not shown_only)), async_=True
    ) as handle:
        if not wait(handle, timeout):
            handle.cancel()
            raise LimitReached(f"cut short: no answer within the time limit of {timeout:g} s", fix, cut_short=True)
        handle.get()
    if len(models) != 1:
        raise SolveError(f"the rules gave {len(models)} answers instead of one; please report this case")
    return models[0]


@dataclass(frozen=True)
class Search:
    """How an enumeration of optimal models ended."""

    cut_short: bool  # the time limit ended it
    exhausted: bool  # the whole space was searched


def optimal_models(
    facts: Iterable[Symbol],
    program: Sequence[str],
    keep: Callable[[list[Symbol], tuple[int, ...]], bool],
    *,
    timeout: float,
) -> Search:
    """Enumerate the optimal models of a program with #minimize (the gap search): `keep(shown symbols, cost)`
    is called for each model proven optimal, and returns False to stop."""
    ctl = clingo.Control(["--warn=none", "--opt-mode=optN", "0"])
    for path in rule_files(program):
        ctl.load(str(path))
    with ctl.backend() as backend:
        for fact in facts:
            backend.add_rule([backend.add_atom(fact)])
    ctl.ground([("base", [])])

    def on_model(model: clingo.Model) -> bool:
        return keep(model.symbols(shown=True), tuple(model.cost)) if model.optimality_proven else True

    with ctl.solve(on_model=on_model, async_=True) as handle:
        finished = wait(handle, timeout)
        if not finished:
            handle.cancel()
        outcome = handle.get()
    return Search(cut_short=not finished, exhausted=bool(outcome.exhausted))


def function_args(sym: Symbol) -> list[object]:
    """A symbol's arguments as Python values: strings, ints, constant names, or nested symbols."""
    if type(sym) is Term:
        return [a.value for a in sym.arguments]
    out: list[object] = []
    for a in sym.arguments:
        if a.type == clingo.SymbolType.String:
            out.append(a.string)
        elif a.type == clingo.SymbolType.Number:
            out.append(a.number)
        elif a.type == clingo.SymbolType.Function and not a.arguments and a.name:
            out.append(a.name)
        else:
            out.append(a)
    return out
