"""The offence catalogue, read from the rules (logic/offences.lp), so that it has one home."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Category:
    name: str
    requirement: str  # opsc_required | urged | not_covered
    provision: str


RULE_FILES = ("vocabulary.lp", "offences.lp")


@cache
def catalogue() -> dict[str, Category]:
    """The categories, solved from the rule files once and then read back from the store (resources.stored),
    keyed by the files' contents: checking a case's categories (`jurex validate`) then needs no clingo at all."""
    from jurisdiction.resources import logic_dir, stored

    rows = stored("catalogue", [(logic_dir() / name).read_bytes() for name in RULE_FILES], _solved)
    return {name: Category(name, requirement, provision) for name, requirement, provision in rows}


def _solved() -> list[list[str]]:
    from jurisdiction.engine.solver import function_args, solve

    answer = solve([], RULE_FILES, shown_only=False)
    found = {}
    for sym in answer.symbols:
        if sym.name == "category" and len(sym.arguments) == 3:
            name, requirement, provision = function_args(sym)
            found[str(name)] = [str(name), str(requirement), str(provision)]
    return [found[name] for name in sorted(found)]


def categories() -> set[str]:
    return set(catalogue())
