"""Gap search: let the solver generate abstract cases in which a regime leaves impunity, simplest first.

The rules are the same as for a real case (logic/), with logic/gaps.lp generating the facts by choice rules
and keeping only the cases with a gap; #minimize orders them by number of states, then of facts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jurisdiction import words
from jurisdiction.engine.facts import const, fact
from jurisdiction.engine.regimes import Regime
from jurisdiction.engine.solver import Symbol, SymbolType, optimal_models, program
from jurisdiction.vocabulary import SCHEMA

GAP_KINDS = ("no_state_obliged", "offender_beyond_reach")
ABSTRACT = [f"X{a}{b}" for a in "ABCDEFGH" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]  # ISO user-assigned codes


@dataclass
class Pattern:
    """One generated case: the facts the solver chose, and the gaps they leave."""

    atoms: dict[str, list[tuple[str, ...]]]
    gaps: dict[str, set[str]]  # regime key -> gap kinds
    cost: tuple[int, ...]

    def has(self, name: str, *args: str) -> bool:
        return tuple(args) in self.atoms.get(name, [])

    def states(self) -> list[str]:
        return sorted(a[0] for a in self.atoms.get("used", []))

    def of(self, name: str, who: str) -> list[str]:
        return sorted(a[1] for a in self.atoms.get(name, []) if a[0] == who)

    def words(self, regime_key: str) -> str:
        nat, res, now = self.of("nationality", "p"), self.of("habitual_residence", "p"), self.of("present_in", "p")
        who = "The offender"
        details = []
        if nat:
            details.append("a national of " + " and ".join(nat))
        else:
            details.append("stateless")
        if res:
            details.append("habitually resident in " + res[0])
        who += ", " + ", ".join(details) + ","
        if self.atoms.get("act_at"):
            where = f"in {self.atoms['act_at'][0][0]}"
        else:
            kind = self.atoms["vessel_kind"][0][0]
            flag = self.atoms["vessel_flag"][0][0]
            waters = [a[2] for a in self.atoms.get("act_in_waters", [])]
            article = "an" if kind[0] in "aeiou" else "a"
            where = f"on board {article} {kind} registered in {flag}" + (
                f", in the waters or airspace of {waters[0]}" if waters else ", outside any state's territory"
            )
        text = f"{who} commits the offence {where}, and is now in {now[0]}."
        vnat, vres = self.of("nationality", "v"), self.of("habitual_residence", "v")
        if vnat or vres:
            text += (
                " The child"
                + (f" is a national of {vnat[0]}" if vnat else "")
                + ((" and" if vnat else "") + f" habitually resides in {vres[0]}" if vres else "")
                + "."
            )
        for s in self.states():
            law = []
            if self.has("non_party", s):
                law.append("is not a party")
            if s in nat:  # what a state does with its nationals matters only for the offender's states
                law.append("extradites its nationals" if self.has("extradites", s) else "does not extradite them")
            if self.has("needs_treaty", s):
                law.append("extradites only under a treaty")
            if self.has("requires_dc", s):
                law.append("requires double criminality for extraterritorial jurisdiction")
            if law:
                text += f" {s} " + ", ".join(law) + "."
        kinds = sorted(self.gaps.get(regime_key, set()))
        return text + " Gap: " + "; ".join(words.GAP[k] for k in kinds) + "."

    def case(self, regime: Regime, category: str, number: int) -> dict[str, Any]:
        """The pattern as a case file (schema jurex/v1) that `jurex analyse --regime ...` confirms."""
        people: dict[str, Any] = {
            "offender": {"nationality": self.of("nationality", "p")},
            "child": {"nationality": self.of("nationality", "v"), "age": 12},
        }
        if self.of("habitual_residence", "p"):
            people["offender"]["habitual_residence"] = self.of("habitual_residence", "p")[0]
        people["offender"]["present_in"] = self.of("present_in", "p")[0]
        if self.of("habitual_residence", "v"):
            people["child"]["habitual_residence"] = self.of("habitual_residence", "v")[0]
        vessels = {}
        if self.atoms.get("act_at"):
            place: Any = self.atoms["act_at"][0][0]
        else:
            vessels["vessel"] = {
                "type": self.atoms["vessel_kind"][0][0],
                "registered_in": self.atoms["vessel_flag"][0][0],
            }
            waters = [a[2] for a in self.atoms.get("act_in_waters", [])]
            place = {"vessel": "vessel", **({"waters": waters[0]} if waters else {"high_seas": True})}
        assume = {}
        for s in self.states():
            bound = not self.has("non_party", s)
            assume[s] = {
                "opsc_party": bound,
                "party_to": {"lanzarote": bound, "budapest": bound, "eu-2011-93": bound},
                "extradites_nationals": self.has("extradites", s),
                "extradition_requires_treaty": self.has("needs_treaty", s),
                "double_criminality_for_extraterritorial": self.has("requires_dc", s),
            }
        return {
            "schema": SCHEMA,
            "id": f"gap-{regime.name}-{number}",
            "title": f"A gap under {regime.label}, found by jurex gaps",
            "narrative": self.words(regime.key),
            "date": "2020-01-01",
            "people": people,
            **({"vessels": vessels} if vessels else {}),
            "offences": [
                {
                    "id": "offence",
                    "category": category,
                    "offenders": [{"person": "offender"}],
                    "victims": ["child"],
                    "acts": [{"what": "the conduct", "by": "offender", "in": place}],
                }
            ],
            "assume": assume,
        }


@dataclass
class GapSearch:
    regime: Regime
    vs: Regime | None
    category: str
    states: int
    parties_only: bool = False
    patterns: list[Pattern] = field(default_factory=list)
    cut_short: bool = False  # the time limit ended the search
    optimum_proven: bool = False
    exhausted: bool = False  # the whole space was searched: no pattern means no gap within `states` states
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime.label,
            "vs": self.vs.label if self.vs else None,
            "category": self.category,
            "max_states": self.states,
            "parties_only": self.parties_only,
            "cut_short": self.cut_short,
            "optimum_proven": self.optimum_proven,
            "exhausted": self.exhausted,
            "seconds": round(self.seconds, 3),
            "patterns": [
                {
                    "states": p.states(),
                    "cost": list(p.cost),
                    "gaps": sorted(p.gaps.get(self.regime.key, set())),
                    "words": p.words(self.regime.key),
                }
                for p in self.patterns
            ],
        }


def search(
    regime: Regime,
    *,
    vs: Regime | None = None,
    states: int = 4,
    category: str = "csam_production",
    kinds: tuple[str, ...] = GAP_KINDS,
    limit: int = 5,
    timeout: float = 30.0,
    parties_only: bool = False,
    progress: Callable[[int], None] | None = None,
) -> GapSearch:
    """The simplest abstract cases (fewest states, then fewest facts) with a gap under `regime`."""
    result = GapSearch(regime, vs, category, states, parties_only=parties_only)
    regimes = [regime, *([vs] if vs else [])]
    facts = [fact("abstract_state", s) for s in ABSTRACT[:states]]
    facts += [fact("regime", r.term) for r in regimes]
    facts += [fact("gap_regime", regime.term), fact("gap_category", const(category))]
    facts += [fact("gap_kind", const(k)) for k in kinds]
    if vs:
        facts.append(fact("vs_regime", vs.term))
    if parties_only:
        facts.append(fact("gap_parties_only"))
    seen: set[str] = set()

    def keep(symbols: list[Symbol], cost: tuple[int, ...]) -> bool:
        atoms: dict[str, list[tuple[str, ...]]] = {}
        gaps: dict[str, set[str]] = {}
        for sym in symbols:
            if sym.name == "gap":
                gaps.setdefault(str(sym.arguments[0]), set()).add(sym.arguments[1].name)
                continue
            atoms.setdefault(sym.name, []).append(
                tuple(a.string if a.type == SymbolType.String else str(a) for a in sym.arguments)
            )
        key = repr(sorted((k, sorted(v)) for k, v in atoms.items()))
        if key not in seen:
            seen.add(key)
            result.patterns.append(Pattern(atoms, gaps, cost))
            if progress:
                progress(len(result.patterns))
        return len(result.patterns) < limit

    start = time.monotonic()
    ended = optimal_models(facts, (*program([r.rule_file for r in regimes]), "gaps.lp"), keep, timeout=timeout)
    result.seconds = time.monotonic() - start
    result.cut_short, result.exhausted = ended.cut_short, ended.exhausted
    result.optimum_proven = bool(result.patterns) and (ended.exhausted or len(result.patterns) >= limit)
    return result


def save(result: GapSearch, folder: Path) -> list[Path]:
    """Write each pattern as a case file; `jurex analyse FILE --regime ...` then shows the gap."""
    import yaml

    from jurisdiction.apps.output import write_atomically

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i, pattern in enumerate(result.patterns, start=1):
        case = pattern.case(result.regime, result.category, i)
        path = folder / f"{case['id']}.yaml"
        write_atomically(path, yaml.safe_dump(case, sort_keys=False, allow_unicode=True, width=110))
        written.append(path)
    return written
