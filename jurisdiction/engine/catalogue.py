"""The offence catalogue, read from the rules (logic/offences.lp), so that it has one home."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Category:
    name: str
    requirement: str  # opsc_required | urged | not_covered
    provision: str


@cache
def catalogue() -> dict[str, Category]:
    from jurisdiction.engine.solver import function_args, solve

    answer = solve([], ("vocabulary.lp", "offences.lp"), shown_only=False)
    found = {}
    for sym in answer.symbols:
        if sym.name == "category" and len(sym.arguments) == 3:
            name, requirement, provision = function_args(sym)
            found[str(name)] = Category(str(name), str(requirement), str(provision))
    return dict(sorted(found.items()))


def categories() -> set[str]:
    return set(catalogue())
