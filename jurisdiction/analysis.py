"""One call from a validated case to the answer: encode, solve, decode."""

from __future__ import annotations

from dataclasses import dataclass

from jurisdiction.facts import Encoding, encode
from jurisdiction.findings import Analysis, decode
from jurisdiction.model import Case
from jurisdiction.solver import EXPLAIN_PROGRAM, OPSC_PROGRAM, Symbol, solve
from jurisdiction.states import StateData, bundled


@dataclass(frozen=True)
class Solved:
    analysis: Analysis
    symbols: tuple[Symbol, ...]
    encoding: Encoding


def analyse(case: Case, data: StateData | None = None) -> Analysis:
    return solve_case(case, data).analysis


def solve_case(case: Case, data: StateData | None = None, *, explain_states: tuple[str, ...] = ()) -> Solved:
    """Analyse, keeping the raw answer; with `explain_states`, also record why (and why not) for them."""
    data = data or bundled()
    encoding = encode(case, data, explain_states)
    program = EXPLAIN_PROGRAM if explain_states else OPSC_PROGRAM
    answer = solve(encoding.symbols, program)
    return Solved(decode(answer.symbols, case, encoding, data), answer.symbols, encoding)
