"""The basis x regime matrix, derived from the rules: one minimal probe case per basis, solved under every
regime at once, and what each regime then says of the probed state. Never a hand-written table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jurisdiction.engine.facts import Encoding, const, fact
from jurisdiction.engine.regimes import Regime
from jurisdiction.engine.solver import function_args, program, solve
from jurisdiction.vocabulary import ANY_STATE, BASES, rank

# Abstract states (ISO user-assigned codes): the probed state, the place of the offence, a third state.
PROBED, PLACE, THIRD = "XAA", "XAB", "XAC"


def _probe(basis: str, category: str) -> Encoding:
    """A minimal case in which the probed state's only link is `basis`."""
    enc = Encoding()
    enc.add("conduct_date", 20200101)
    enc.add("assume_all_parties")
    for s in (PROBED, PLACE, THIRD):
        enc.add("state", s)
        enc.add("profile", s, const("extradites_nationals"), const("no"))
        enc.add("profile", s, const("extradition_requires_treaty"), const("no"))
    enc.add("person", "p")
    enc.add("person", "v")
    enc.add("offence", "o", const(category))
    enc.add("offender", "o", "p", const("perpetration"))
    enc.add("victim", "o", "v")
    enc.add("age", "v", 12)
    enc.add("act", "o", 1, const("conduct"))
    enc.add("act_by", "o", 1, "p")
    enc.add("present_in", "p", THIRD)  # somewhere else, unless the basis needs presence
    if basis == "territory":
        enc.add("act_in", "o", 1, PROBED)
    elif basis in ("flag_ship", "flag_aircraft"):
        enc.add("vessel", "v1", const(basis.removeprefix("flag_")), PROBED)
        enc.add("act_on_board", "o", 1, "v1")
        enc.add("act_on_high_seas", "o", 1)
    else:
        enc.add("act_in", "o", 1, PLACE)
    if basis == "offender_nationality":
        enc.add("nationality", "p", PROBED)
    elif basis == "offender_residence":
        enc.add("habitual_residence", "p", PROBED)
    elif basis == "victim_nationality":
        enc.add("nationality", "v", PROBED)
    elif basis == "victim_residence":
        enc.add("habitual_residence", "v", PROBED)
    elif basis == "presence_no_extradition":
        enc.add("nationality", "p", PROBED)
        enc.symbols = [s for s in enc.symbols if s.name != "present_in"]
        enc.add("present_in", "p", PROBED)
        enc.add("request", PLACE, PROBED, "p")  # Budapest art. 22(3) speaks of a request
    elif basis == "universal":
        enc.symbols = [s for s in enc.symbols if s.name != "present_in"]
        enc.add("present_in", "p", PROBED)
    return enc


@dataclass(frozen=True)
class MatrixCell:
    modality: str  # obligatory | optional | encouraged | absent
    provisions: tuple[str, ...]
    note: str = ""

    def text(self) -> str:
        if self.modality == "absent":
            return "absent"
        return f"{self.modality} ({', '.join(self.provisions)})" + (f" [{self.note}]" if self.note else "")


def matrix(regimes: Sequence[Regime], category: str = "csam_production") -> dict[str, dict[str, MatrixCell]]:
    """basis -> regime label -> what the rules give the probed state."""
    out: dict[str, dict[str, MatrixCell]] = {}
    files = [r.rule_file for r in regimes]
    for basis in BASES:
        enc = _probe(basis, category)
        for r in regimes:
            enc.symbols.append(fact("regime", r.term))
        answer = solve(enc.symbols, program(files))
        found: dict[str, list[tuple[str, str, bool]]] = {}
        conditional: set[tuple[str, str, str]] = set()
        for sym in answer.symbols:
            args = function_args(sym)
            if sym.name == "jurisdiction_condition":
                conditional.add((str(sym.arguments[0]), str(args[1]), str(args[2])))
        for sym in answer.symbols:
            if sym.name != "jurisdiction":
                continue
            args = function_args(sym)
            regime, state, b, modality, provision = (
                str(sym.arguments[0]),
                str(args[1]),
                str(args[2]),
                str(args[3]),
                str(args[4]),
            )
            if b == basis and state in (PROBED, ANY_STATE):
                found.setdefault(regime, []).append((modality, provision, (regime, state, b) in conditional))
        row: dict[str, MatrixCell] = {}
        for r in regimes:
            hits = found.get(r.key, [])
            if not hits:
                row[r.label] = MatrixCell("absent", ())
                continue
            best = max(rank(m) for m, _, _ in hits)
            chosen = [(m, p, c) for m, p, c in hits if rank(m) == best]
            note = "under a condition" if all(c for _, _, c in chosen) else ""
            row[r.label] = MatrixCell(chosen[0][0], tuple(sorted({p for _, p, _ in chosen})), note)
        out[basis] = row
    return out


def to_dict(table: dict[str, dict[str, MatrixCell]], category: str) -> dict[str, Any]:
    return {
        "probed_with": category,
        "matrix": {
            basis: {
                label: {"modality": c.modality, "provisions": list(c.provisions), "note": c.note}
                for label, c in row.items()
            }
            for basis, row in table.items()
        },
    }
