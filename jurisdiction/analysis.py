"""One call from a validated case to the answer: encode, solve, decode."""

from __future__ import annotations

from jurisdiction.facts import encode
from jurisdiction.findings import Analysis, decode
from jurisdiction.model import Case
from jurisdiction.solver import solve
from jurisdiction.states import StateData, bundled


def analyse(case: Case, data: StateData | None = None) -> Analysis:
    data = data or bundled()
    encoding = encode(case, data)
    answer = solve(encoding.symbols)
    return decode(answer.symbols, case, encoding, data)
