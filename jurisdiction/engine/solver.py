"""The clingo adapter: the one module that talks to clingo's Python API (clingo >= 5.6, < 6).

Facts always arrive as symbols through the backend, never as program text: nothing in a case file can
become a rule.

Bounded work. A case is refused before grounding when its ground program would be too large (budget.py
estimates it from the facts, by the dimensions that multiply). The time limit covers the whole block of work
set by `limited`, not only solving: it is a deadline, checked before grounding, while grounding (an observer
counts the ground rules of a large case as clingo makes them, and stops it), while solving, and after the
answer is read (analysis.py checks it again after decoding). The checks are cooperative, in the caller's own
thread: Control.interrupt() stops solving only, and grounding in a thread left running after the deadline, or a
signal handler, would leave work or state behind in a library caller's process. A Control that was stopped is
dropped; nothing else is touched. The command line adds a hard stop for the Python stretches between the
checks (cli/common.py), where it owns the process.
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

from jurisdiction.engine import creader
from jurisdiction.engine.budget import Dimensions, shapes_of_forms
from jurisdiction.engine.terms import Term, json_forms, text_of
from jurisdiction.resources import logic_dir

Symbol = clingo.Symbol
Function = clingo.Function
String = clingo.String
Number = clingo.Number
SymbolType = clingo.SymbolType

# The rule files, in reading order (vocabulary first); the regime modules come in between (program()).
BASE = (
    "vocabulary.lp",
    "offences.lp",
    "parties.lp",
    "victims.lp",
    "profiles.lp",
    "links.lp",
    "criminality.lp",
    "regimes/common.lp",
)
SHARED = ("conclusions.lp", "extradition.lp", "reservations.lp", "established.lp", "impunity.lp", "immunity.lp")


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
# Above this estimate an observer counts the ground rules as clingo makes them (about 4 microseconds a rule,
# doubling the grounding time): it stops a grounding at the deadline, or at the bound if the estimate was wrong.
# Below it grounding takes a fraction of a second, and the deadline is checked once it is done.
WATCH_ABOVE = 100_000
WATCH_EVERY = 1_000  # ground rules between two looks at the clock
DEFAULT_TIMEOUT = 60.0  # seconds for the whole work; a real case takes milliseconds


@dataclass(frozen=True)
class Limits:
    """Bounds on the work of one solve. The caller (the command line, from --timeout) sets them for a block of
    work with `limited`; they are a context variable, not a module global, so threads and tasks keep their own."""

    timeout: float = DEFAULT_TIMEOUT
    max_facts: int = field(default_factory=lambda: MAX_FACTS)
    max_atoms: int = field(default_factory=lambda: MAX_GROUND_ATOMS)


_LIMITS: ContextVar[Limits | None] = ContextVar("jurex_limits", default=None)
_DEADLINE: ContextVar[float | None] = ContextVar("jurex_deadline", default=None)
_clock = time.monotonic  # one name for the clock of every deadline, so that a test can drive it


def limits() -> Limits:
    """The bounds in force here: those set by the innermost `limited`, else the defaults."""
    return _LIMITS.get() or Limits()


@contextmanager
def limited(bounds: Limits) -> Iterator[Limits]:
    """Run a block of work under these bounds: its time limit is a deadline for the whole block, from now (an
    inner block cannot extend an outer one's)."""
    until = _clock() + bounds.timeout
    outer = _DEADLINE.get()
    token, deadline_token = _LIMITS.set(bounds), _DEADLINE.set(until if outer is None else min(outer, until))
    try:
        yield bounds
    finally:
        _DEADLINE.reset(deadline_token)
        _LIMITS.reset(token)


def deadline() -> float:
    """When the work in hand must end: the block's deadline, else (no block) the time limit from now."""
    until = _DEADLINE.get()
    return until if until is not None else _clock() + limits().timeout


TIME_FIX = "allow more time with --timeout SECONDS, or split the case"


def check_time(until: float, phase: str, fix: str = TIME_FIX) -> None:
    """Stop the work if its deadline has passed, saying where it was."""
    if _clock() > until:
        raise LimitReached(
            f"cut short: no answer within the time limit of {limits().timeout:g} s (the time ran out {phase})",
            fix,
            cut_short=True,
        )


class LimitReached(Exception):
    """The work would exceed a stated bound (too large to ground) or was cut short by the time limit."""

    def __init__(self, message: str | LimitReached, fix: str = "", *, cut_short: bool = False) -> None:
        if isinstance(message, LimitReached):
            # Raised in a clingo callback (the grounding observer, or the command line's alarm), clingo raises it
            # again as `type(exc)(exc)` once the callback has returned: the same limit, every field kept.
            message, fix, cut_short = message.message, message.fix, message.cut_short
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


class _Watch:
    """A ground program observer (clingo calls it for every ground rule, while grounding): it stops the grounding
    at the deadline, or when the rules outgrow the bound although the estimate said they would not."""

    def __init__(self, until: float, bound: int, dimensions: Dimensions) -> None:
        self.until, self.bound, self.dimensions = until, bound, dimensions
        self.rules = 0
        self.next_look = WATCH_EVERY

    def rule(self, choice: bool, head: Sequence[int], body: Sequence[int]) -> None:
        self.rules += 1
        if self.rules < self.next_look:
            return
        self.next_look += WATCH_EVERY
        check_time(self.until, "while grounding")  # raised here, clingo stops grounding and raises it again
        if self.rules > self.bound:
            message, fix = self.dimensions.refusal(self.bound, self.bound, counted=True)
            raise LimitReached(message, fix, cut_short=False)


def ground(ctl: clingo.Control, until: float, watch: _Watch | None = None) -> None:
    """Ground the base program by the deadline; with `watch`, stopped as soon as it passes (or the bound does)."""
    check_time(until, "before grounding")
    if watch is not None:
        ctl.register_observer(watch)
    ctl.ground([("base", [])])
    check_time(until, "while grounding")


def wait(handle: clingo.SolveHandle, timeout: float) -> bool:
    """Wait for a solve in short steps, so that Ctrl-C is felt at once; False if the time ran out."""
    deadline = time.monotonic() + timeout
    while not handle.wait(min(0.05, max(0.0, deadline - time.monotonic()))):
        if time.monotonic() >= deadline:
            return False
    return True


@dataclass(frozen=True)
class Answer:
    symbols: tuple[Symbol, ...]  # as Terms (terms.py): the same attributes, read once (creader.py)
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
    """Ground the rule files with the given facts and return the symbols of the one stable model, read as Terms,
    within the bounds in force (`limited`). `dimensions`: the case's, where the caller has them
    (facts.Encoding.shape)."""
    until = deadline()
    symbols, statistics = model(facts, program, shown_only=shown_only, dimensions=dimensions, until=until)
    terms = tuple(creader.read(symbols))  # through clingo's C layer where it is as expected (creader.py)
    check_time(until, "while reading the answer")
    return Answer(terms, statistics)


def model(
    facts: Iterable[Symbol],
    program: Sequence[str] = OPSC_PROGRAM,
    *,
    shown_only: bool = True,
    dimensions: Dimensions | None = None,
    until: float | None = None,
) -> tuple[list[Symbol], dict]:
    """The one stable model's symbols as clingo gives them (not yet read), and clingo's statistics."""
    facts = list(facts)
    until = deadline() if until is None else until
    check_size(len(facts))
    dimensions = dimensions or dimensions_of(facts)
    estimate = check_ground(dimensions, explain="explain.lp" in program)
    ctl = control(facts, program)
    ground(ctl, until, _Watch(until, limits().max_atoms, dimensions) if estimate > WATCH_ABOVE else None)
    return only_model(ctl, TIME_FIX, shown_only=shown_only, until=until), ctl.statistics


def control(facts: Iterable[Symbol], program: Sequence[str] = OPSC_PROGRAM) -> clingo.Control:
    """A clingo Control with the rules loaded and the facts added through the backend, not yet grounded."""
    ctl = clingo.Control(["--warn=none"])
    for path in rule_files(program):
        ctl.load(str(path))
    with ctl.backend() as backend:
        for fact in facts:
            backend.add_rule([backend.add_atom(fact)])
    return ctl


def only_model(ctl: clingo.Control, fix: str, *, shown_only: bool = True, until: float | None = None) -> list[Symbol]:
    """Solve a grounded program by the deadline; the rules of logic/ have exactly one stable model."""
    models: list[list[Symbol]] = []
    timeout = limits().timeout
    until = deadline() if until is None else until
    with ctl.solve(
        on_model=lambda m: models.append(m.symbols(shown=shown_only, atoms=not shown_only)), async_=True
    ) as handle:
        if not wait(handle, max(0.0, until - _clock())):
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
    # cut short means not searched whole, even if the solver happened to finish as it was told to stop
    return Search(cut_short=not finished, exhausted=finished and bool(outcome.exhausted))


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
