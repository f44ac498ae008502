"""Why (and why not): the derivation trees the rules record (logic/explain.lp), put into words.

The structure of every tree comes from the rules' why/2 atoms; this module only names each node.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from jurisdiction.apps.analysis import Solved, solve_case
from jurisdiction.data.states import StateData
from jurisdiction.engine.provisions import provisions
from jurisdiction.engine.regimes import REGIMES, Regime
from jurisdiction.engine.solver import Function, String, Symbol, SymbolType
from jurisdiction.errors import CaseError, Problem
from jurisdiction.findings.types import BASES, Analysis, _party_detail
from jurisdiction.input.model import Case, HighSeas, OnBoard
from jurisdiction.render.table import condition_words

MUST = {
    "obligatory": "must",
    "optional": "may",
    "encouraged": "is encouraged to",
    "none": "is not bound by the {party_to} to",
}
LINK_WORDS = {
    "territory": "the offence {o} was committed in whole or in part in {s}",
    "flag_ship": "an act of {o} took place on board a ship registered in {s}",
    "flag_aircraft": "an act of {o} took place on board an aircraft registered in {s}",
    "offender_nationality": "{p} is a national of {s}",
    "offender_residence": "{p} habitually resides in {s}",
    "victim_nationality": "a child victim of {o} is a national of {s}",
    "victim_residence": "a child victim of {o} habitually resides in {s}",
    "presence_national": "{p}, a national of {s}, is present in {s}",
}
WHY_NOT_WORDS = {
    "no_element_in": "no act or result of {o} took place in {s} (nor on board a vessel in its waters)",
    "elements_not_counted": "the only elements of {o} in {s} are results, and {s} counts {x} elements",
    "no_act_on_board": "no act of {o} took place on board a ship or aircraft ({x}) registered in {s}",
    "no_offender_national": "no offender of {o} is a national of {s}",
    "no_offender_resident": "no offender of {o} habitually resides in {s}",
    "no_victim_national": "no child victim of {o} is a national of {s}",
    "no_victim_resident": "no child victim of {o} habitually resides in {s}",
    "no_national_present": "no offender of {o} who is a national of {s} is present in {s}",
    "extradites_nationals": "{s} extradites its nationals, so {art} does not oblige it",
    "not_party": "{s} has the link, but was not {a_party} on the conduct date",
    "offence_not_covered": "{o} ({x}) is not an {art} offence: the {regime} gives no basis for it",
}
STATUS_WORDS = {
    "party": "{a_party}",
    "not_party": "not {a_party}",
    "uncertain": "possibly {a_party}",
    "unknown": "of unknown {party_to} status",
}
# Premises of a party status for the regimes whose party lists jurex does not hold (regimes/common.lp).
LISTLESS_STATUS_WORDS = {
    "assumed_party": "a party (case assume:)",
    "all_parties_assumed": "taken to be a party, as every state of unknown status (--assume-all-parties)",
    "no_party_list": "jurex holds no list of this regime's parties",
}


@dataclass
class Node:
    text: str
    provision: str | None = None
    children: list[Node] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        if self.provision:
            out["provision"] = self.provision
        if self.children:
            out["because"] = [c.to_dict() for c in self.children]
        return out

    def lines(self, indent: str = "") -> list[str]:
        """The tree as plain text, one node per line."""
        out = [self.text]
        for i, child in enumerate(self.children):
            last = i == len(self.children) - 1
            sub = child.lines()
            out.append(("└── " if last else "├── ") + sub[0])
            out.extend(("    " if last else "│   ") + line for line in sub[1:])
        return out


@dataclass
class Explanation:
    state: str
    case: Case
    analysis: Analysis
    conclusions: list[Node] = field(default_factory=list)
    missing: list[Node] = field(default_factory=list)
    regime: Regime = REGIMES["opsc"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "jurex/v1",
            "case": self.case.id,
            "state": self.state,
            "as_of": self.case.date.isoformat(),
            "why": [n.to_dict() for n in self.conclusions],
            "why_not": [n.to_dict() for n in self.missing],
        }

    def text(self) -> str:
        head = [
            f"{self.state}: what the {self.regime.short} says of it in {self.case.id} "
            f"(conduct on {self.case.date.isoformat()})",
            "",
        ]
        body: list[str] = []
        for node in self.conclusions:
            body += [*node.lines(), ""]
        if not self.conclusions:
            body += [f"No conclusion concerns {self.state}.", ""]
        if self.missing:
            body += ["Why not:", ""]
            for node in self.missing:
                body += [*node.lines(), ""]
        return "\n".join(head + body)


def _s(sym: Symbol) -> str:
    if sym.type == SymbolType.String:
        return sym.string
    if sym.type == SymbolType.Number:
        return str(sym.number)
    return str(sym)


def _a(noun: str) -> str:
    """The noun with its indefinite article ("an OPSC party", "a Lanzarote Convention party")."""
    return f"{'an' if noun[:1] in 'AEIOU' else 'a'} {noun}"


class _Words:
    """Names the terms of one case's derivation, in the case's own words."""

    def __init__(self, case: Case, solved: Solved, regime: Regime) -> None:
        self.case = case
        self.solved = solved
        self.table = provisions()
        self.offences = {o.id: o for o in case.offences}
        self.regime = regime
        self.a_party = _a(f"{regime.party_to} party")

    def cite(self, provision: str) -> str:
        entry = self.table.get(provision)
        return f"{provision}: {entry.paraphrase}" if entry else provision

    def article(self, provision: str) -> str:
        """The provision without its instrument, as a sentence about that instrument names it ("art. 4(3)")."""
        entry = self.table.get(provision)
        return provision.removeprefix(f"{entry.instrument} ") if entry else provision

    def words(self, template: str, **values: str) -> str:
        """A template filled with the case's values and the regime's names."""
        return template.format(regime=self.regime.short, party_to=self.regime.party_to, a_party=self.a_party, **values)

    def condition(self, state: str, name: str) -> str:
        if name == "party_at_date":  # the regime's parties, not always the OPSC's (render/table.py's words)
            return f"if {state} was {self.a_party} at the conduct date"
        return condition_words(f"{state}:{name}")

    def place(self, place: object) -> str:
        if isinstance(place, OnBoard):
            where = (
                f" in the waters or airspace of {place.waters}"
                if place.waters
                else (" on the high seas" if place.high_seas else "")
            )
            return f"on board {place.vessel}{where}"
        if isinstance(place, HighSeas):
            return "on the high seas"
        return f"in {place}"

    def fact(self, term: Symbol) -> tuple[str, str | None]:
        """A leaf or intermediate term in words, with the provision it brings in (if any)."""
        a = [_s(x) for x in term.arguments]
        name = term.name
        if name == "cited":  # a reason with the provision the rules give it
            text, _ = self.fact(term.arguments[0])
            return text, a[1]
        if name == "link":
            return LINK_WORDS.get(a[0], a[0]).format(s=a[1], o=a[2], p=a[3]), None
        if name == "act":
            act = self.offences[a[0]].acts[int(a[1]) - 1]
            by = f", by {act.by}" if act.by else ""
            what = f' "{act.what}"' if act.what else ""
            return f"act {a[1]} of {a[0]}:{what}{by}, {self.place(act.in_)} ({act.element})", None
        if name == "role":
            if a[2] == "perpetration":
                return f"{a[1]} is an alleged perpetrator of {a[0]}", None
            return f"{a[1]} took part in {a[0]} by {a[2]}", None
        if name == "party_status":
            status = self.words(STATUS_WORDS[a[1]]) if a[1] in STATUS_WORDS else a[1]
            return f"{a[0]} was {status} on {self.case.date.isoformat()}", None
        if name == "contestable":
            return f"contestable: the link of {a[0]} rests only on a result element", None
        if name == "nationality":
            return f"{a[0]} is a national of {a[1]}", None
        if name == "habitual_residence":
            return f"{a[0]} habitually resides in {a[1]}", None
        if name == "present_in":
            return f"{a[0]} is present in {a[1]}", None
        if name == "vessel_registered":
            vessel = self.case.vessels[a[0]]
            return f"{a[0]} is a {vessel.type} registered in {a[1]}", None
        if name == "extradites_nationals":
            source = self.solved.encoding.profile_values.get((a[0], "extradites_nationals"))
            origin = f" (source: {source.source})" if source else ""
            verb = "does not extradite" if a[1] == "no" else "extradites"
            return f"{a[0]} {verb} its nationals{origin}", None
        if name == "unknown":
            condition = self.condition(a[0], "refuses_to_extradite_national" if len(a) == 3 else a[1])
            return f"not known: holds only {condition} (jurex takes the treaty minimum)", None
        if name in {
            "in_force_since",
            "instrument_year",
            "party_by",
            "non_party_as_of",
            "party_undated",
            "assumed_not_party",
            "before_protocol",
        }:
            return _party_detail(term), None
        if name in LISTLESS_STATUS_WORDS:
            return LISTLESS_STATUS_WORDS[name], None
        if name == "request":
            return f"{a[0]} asked {a[1]} to extradite {a[2]}", None
        if name == "no_request_yet":
            return f"no request yet: this is what a request from {a[0]} to {a[1]} for {a[2]} would trigger", None
        if name == "extradition_treaty":
            return f"a bilateral extradition treaty is in force between {a[0]} and {a[1]}", None
        if name == "no_extradition_treaty":
            return f"no bilateral extradition treaty between {a[0]} and {a[1]} is known", None
        if name == "extradition_requires_treaty":
            return (
                f"{a[0]} {'extradites only under a treaty' if a[1] == 'yes' else 'extradites without a treaty'}",
                None,
            )
        if name == "offence_category":
            return f"{a[0]} is in category {a[1]}", None
        if name == "prior_judgment":
            return f"the courts of {a[0]} already tried {a[1]} for {a[2]}", None
        if name == "not_criminalised":
            return f"the law of {a[0]} does not make {a[1]} a crime", None
        if name == "victim_over_age":
            return f"{a[0]} was {a[1]}; the law of {a[2]} protects only children under {a[3]}", None
        if name == "extradites_nationals_except_to":
            return f"{a[0]}'s bar on extraditing nationals may not apply to requests from {a[1]}", None
        if name == "extradites_only_for_offences_in_requesting_state":
            return f"{a[0]} extradites only for offences committed in the requesting state", None
        if name == "obstacle":
            return self.obstacle(term), None
        if name == "national_law":
            state, status = a[0], a[4]
            return {
                "yes": f"{state}'s own law gives it this basis (established)",
                "no": f"{state}'s own law is known not to give it this basis here",
                "unknown": f"whether {state}'s own law gives it this basis is not in jurex's data",
            }.get(status, status), None
        if name == "law":
            state, fld = _s(term.arguments[0]), str(term.arguments[1])
            pv = self.solved.encoding.profile_values.get((state, fld))
            value = self.solved.encoding.profile_terms.get((state, fld))
            shown = _s(value) if value is not None else "?"
            return f"{state}: {fld} = {shown}" + (f" (source: {pv.source})" if pv else ""), None
        if name == "on_condition":
            return f"only on condition: {a[0].replace('_', ' ')}", None
        return str(term), None

    def obstacle(self, term: Symbol) -> str:
        p, r, q, o = (_s(x) for x in term.arguments[:4])
        kind = term.arguments[4]
        words = {
            "nationality": f"{q} does not (or may not) extradite {p}, its national",
            "secondary_role": f"{q} extradites only perpetrators",
            "ne_bis_in_idem": f"{q} already tried {p} for {o}",
            "place_of_offence": f"{q} extradites only for offences committed in {r}",
        }
        if kind.name == "double_criminality":
            return f"double criminality: {o} is not a crime in {_s(kind.arguments[0])}"
        if kind.name == "not_party":
            return f"{_s(kind.arguments[0])} was not {self.a_party}"
        return words.get(kind.name, str(kind))


def explain(case: Case, state: str, data: StateData | None = None, regime: Regime = REGIMES["opsc"]) -> Explanation:
    """Every conclusion `regime` draws about `state` in `case`, as a tree of reasons, and what its bases lack."""
    from jurisdiction.input.countries import is_state_code, suggest

    if not is_state_code(state):
        raise CaseError("--state", [Problem("state", f"unknown state code {state!r}", suggest(state))])
    solved = solve_case(case, data, explain_states=(state,), regimes=(regime,))
    words = _Words(case, solved, regime)
    why: dict[str, list[Symbol]] = defaultdict(list)
    why_not: dict[str, list[tuple[str, Symbol]]] = defaultdict(list)
    # (basis, offence category, modality, provision) whose national law is not in the data
    law: set[tuple[str, str, str, str]] = set()
    for sym in solved.symbols:
        if sym.name == "why":
            why[str(sym.arguments[0])].append(sym.arguments[1])
        elif sym.name == "why_not" and _s(sym.arguments[0]) == state:
            why_not[_s(sym.arguments[1])].append((_s(sym.arguments[2]), sym.arguments[3]))
        elif sym.name == "why_not_law" and _s(sym.arguments[0]) == state:
            _, basis, missing, modality, provision = sym.arguments
            field_term = missing.arguments[1]  # not_in_profile(S, Field): the category is the field's last argument
            law.add((_s(basis), _s(field_term.arguments[-1]), _s(modality), _s(provision)))

    def tree(term: Symbol, label: str, provision: str | None = None, depth: int = 0) -> Node:
        node = Node(label, provision)
        for reason in sorted(why.get(str(term), []), key=_reason_order):
            text, cites = words.fact(reason)
            child = tree(reason, text + (f" ({cites})" if cites else ""), None, depth + 1) if depth < 6 else Node(text)
            if child.text == node.text and not child.children:
                continue  # a link that is the fact itself (e.g. nationality): say it once
            node.children.append(child)
        return node

    analysis = solved.analysis
    out = Explanation(state, case, analysis, regime=regime)
    for j in analysis.jurisdiction:
        if j.state != state:
            continue
        term = Function(
            "jurisdiction", [regime.term, String(j.state), Function(j.basis), String(j.offence), String(j.person)]
        )
        cond = " — only " + " and ".join(words.condition(state, c) for c in j.conditions) if j.conditions else ""
        label = (
            f"{state} {words.words(MUST[j.modality])} establish jurisdiction over {j.offence} as to {j.person} "
            f"({j.basis}){cond} — {words.cite(j.provision)}"
        )
        out.conclusions.append(tree(term, label, j.provision))
    for r in analysis.extradition:
        if state not in (r.requesting, r.requested):
            continue
        term = Function(
            "route", [String(r.person), String(r.requesting), String(r.requested), String(r.offence), Function(r.basis)]
        )
        label = (
            f"{r.requesting} may ask {r.requested} to extradite {r.person} for {r.offence}: {r.basis}"
            f" — {words.cite(r.provision)}"
        )
        node = tree(term, label, r.provision)
        for o in r.obstacles:
            okind = Function(o.obstacle, [String(o.state)]) if o.state else Function(o.obstacle)
            oterm = Function(
                "obstacle", [String(r.person), String(r.requesting), String(r.requested), String(r.offence), okind]
            )
            node.children.append(tree(oterm, "obstacle: " + words.obstacle(oterm)))
        out.conclusions.append(node)
    for o in analysis.obligations:
        if o.state != state:
            continue
        term = Function(
            "obligation", [String(o.state), Function(o.duty), String(o.person), String(o.offence), String(o.requesting)]
        )
        duty = {
            "prosecute_if_not_extradited": "submit the case to its prosecutors if it does not extradite",
            "establish_jurisdiction": "have jurisdiction",
        }[o.duty]
        label = f"{state} must {duty} ({o.person}, {o.offence}, {o.trigger}) — {words.cite(o.provision)}"
        out.conclusions.append(tree(term, label, o.provision))

    for basis in sorted(why_not, key=lambda b: BASES.index(b) if b in BASES else -1):
        node = Node(f"no {basis} basis" if basis != "any" else f"outside the {regime.short}")
        for offence, missing in sorted(why_not[basis], key=lambda m: (m[0], str(m[1]))):
            args = [_s(x) for x in missing.arguments]
            x = args[1] if len(args) > 1 else ""
            # A missing piece that rests on a provision carries it last (explain.lp).
            art = words.article(args[-1]) if args and args[-1] in words.table else ""
            template = WHY_NOT_WORDS.get(missing.name, str(missing))
            node.children.append(Node(words.words(template, s=state, o=offence, x=x, art=art)))
        out.missing.append(node)
    for basis, category, modality, provision in sorted(law):
        out.missing.append(
            Node(
                f"{basis} ({provision}, {modality}): whether the law of {state} provides it for {category} "
                "is not in jurex's data",
                provision,
            )
        )
    return out


_REASON_ORDER = (
    "link",
    "role",
    "act",
    "vessel_registered",
    "nationality",
    "habitual_residence",
    "present_in",
    "request",
    "no_request_yet",
    "extradition_treaty",
    "no_extradition_treaty",
    "obstacle",
    "extradites_nationals",
    "unknown",
    "party_status",
)


def _reason_order(term: Symbol) -> tuple[int, str]:
    if term.name == "cited":  # ordered as the reason it wraps
        term = term.arguments[0]
    name = term.name
    return (_REASON_ORDER.index(name) if name in _REASON_ORDER else len(_REASON_ORDER), str(term))
