"""One call from a validated case to the answer: encode, solve, decode — for one regime or several at once.

Within the bounds in force (engine.solver.limited): a case too large to ground is refused when it is encoded
(before anything is grounded), and the deadline is checked again once the answer is decoded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jurisdiction.data.states import StateData, bundled
from jurisdiction.engine.facts import Encoding, encode
from jurisdiction.engine.regimes import OPSC, Regime
from jurisdiction.engine.solver import Symbol, check_ground, check_time, deadline, program, solve
from jurisdiction.findings.decode import decode
from jurisdiction.findings.types import Analysis
from jurisdiction.input.model import Case


@dataclass(frozen=True)
class Solved:
    analysis: Analysis
    symbols: tuple[Symbol, ...]
    encoding: Encoding


def analyse(
    case: Case, data: StateData | None = None, *, regime: Regime = OPSC, assume_all_parties: bool = False
) -> Analysis:
    return solve_case(case, data, regimes=(regime,), assume_all_parties=assume_all_parties).analysis


def analyse_all(
    case: Case, regimes: Sequence[Regime], data: StateData | None = None, *, assume_all_parties: bool = False
) -> dict[str, Analysis]:
    """One solve for every regime (regime is an argument of every conclusion); one analysis per regime."""
    data = data or bundled()
    until = deadline()
    encoding = encode_case(case, data, regimes, (), assume_all_parties)
    answer = solve(encoding.symbols, program([r.rule_file for r in regimes]), dimensions=encoding.size)
    out = {r.label: decode(answer.symbols, case, encoding, data, r, assume_all_parties) for r in regimes}
    check_time(until, "while decoding the answer")
    return out


def solve_case(
    case: Case,
    data: StateData | None = None,
    *,
    explain_states: tuple[str, ...] = (),
    regimes: Sequence[Regime] = (OPSC,),
    assume_all_parties: bool = False,
) -> Solved:
    """Analyse, keeping the raw answer; with `explain_states`, also record why (and why not) for them, under the
    first regime (the one decoded)."""
    data = data or bundled()
    until = deadline()
    encoding = encode_case(case, data, regimes, explain_states, assume_all_parties)
    if explain_states:
        encoding.add("explain_regime", regimes[0].term)
    files = program([r.rule_file for r in regimes], explain=bool(explain_states))
    answer = solve(encoding.symbols, files, dimensions=encoding.size)
    analysis = decode(answer.symbols, case, encoding, data, regimes[0], assume_all_parties)
    check_time(until, "while decoding the answer")
    return Solved(analysis, answer.symbols, encoding)


def encode_case(
    case: Case,
    data: StateData,
    regimes: Sequence[Regime],
    explain_states: tuple[str, ...],
    assume_all_parties: bool,
    tag: Symbol | None = None,
) -> Encoding:
    """The case's facts and the regimes asked for; `tag` numbers the case among many (batch.py). Raises
    LimitReached if the case is too large to ground (a batch reports it on the case's own line)."""
    encoding = encode(case, data, explain_states, tag=tag)
    for r in regimes:
        encoding.add("regime", r.term)
    if assume_all_parties:
        encoding.add("assume_all_parties")
    encoding.size = encoding.shape.dimensions()
    check_ground(encoding.size, explain=bool(explain_states))
    return encoding
