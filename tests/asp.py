"""Run the rules on a small hand-written fact set, as the unit tests of each provision do."""

from __future__ import annotations

from jurisdiction.engine.facts import const, fact
from jurisdiction.engine.solver import function_args, solve

__all__ = ["Facts", "const", "term"]
term = fact  # a compound term, e.g. term("criminalises", const("csam_mere_possession"))


class Facts:
    """A tiny fact-set builder: Facts().add("offence", "o", const("csam_production")) ... .solve()."""

    def __init__(self, conduct_date: int = 20200101, regime: str = "opsc") -> None:
        self.symbols = [fact("conduct_date", conduct_date), fact("regime", const(regime))]
        self.regime = regime

    def add(self, name: str, *args: object) -> Facts:
        self.symbols.append(fact(name, *args))
        return self

    def party(self, *states: str, since: int = 20020118) -> Facts:
        for s in states:
            self.add("state", s).add("opsc_party_since", s, since)
        return self

    def solve(self, *regime_files: str, explain: bool = False) -> Result:
        from jurisdiction.engine.solver import program

        files = regime_files or ("regimes/opsc.lp",)
        symbols = [*self.symbols, fact("explain_regime", const(self.regime))] if explain else self.symbols
        return Result(solve(symbols, program(files, explain=explain)).symbols)


class Result:
    def __init__(self, symbols: tuple) -> None:  # type: ignore[type-arg]
        self.symbols = symbols

    def rows(self, name: str) -> set[tuple[object, ...]]:
        return {
            tuple(str(a) if not isinstance(a, int) else a for a in function_args(s))
            for s in self.symbols
            if s.name == name
        }

    def jurisdiction(self) -> set[tuple[str, str, str, str, str, str]]:
        """(state, basis, modality, provision, offence, person) for the OPSC regime."""
        return {r[1:] for r in self.rows("jurisdiction") if r[0] == "opsc"}  # type: ignore[misc]

    def warnings(self) -> set[tuple[object, ...]]:
        """(code, subject, provision) of the OPSC warnings."""
        return {r[1:] for r in self.rows("warning") if r[0] == "opsc"}

    def bases(self, state: str) -> dict[str, str]:
        """basis -> modality for one state (any offence, any person)."""
        return {b: m for s, b, m, *_ in self.jurisdiction() if s == state}
