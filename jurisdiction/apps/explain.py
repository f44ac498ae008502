"""Why (and why not): the derivation trees the rules record (logic/explain.lp), put into words.

The structure of every tree comes from the rules' why/2 atoms; this module only names each node.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from jurisdiction import words
from jurisdiction.apps.analysis import Solved, solve_case
from jurisdiction.data.states import StateData
from jurisdiction.engine.provisions import provisions
from jurisdiction.engine.regimes import OPSC, Regime
from jurisdiction.engine.solver import Function, String, Symbol, SymbolType
from jurisdiction.errors import CaseError, Problem
from jurisdiction.findings.decode import party_detail_of, period_value, premise, request_decided_on
from jurisdiction.findings.types import Analysis
from jurisdiction.input.model import Case
from jurisdiction.render.wrap import wrapped
from jurisdiction.vocabulary import BASES, SCHEMA

# Reasons whose arguments are named as the answer's premises (findings.decode): said by words.premise.
PREMISE_REASONS = {
    "nationality",
    "habitual_residence",
    "present_in",
    "extradition_treaty",
    "no_extradition_treaty",
    "offence_category",
    "prior_judgment",
    "request_offence",
    "foreign_judgment_bars",
    "not_criminalised",
    "victim_over_age",
    "extradites_nationals_except_to",
    "extradites_nationals_on_return_guarantee",
    "extradites_only_for_offences_in_requesting_state",
    "vessel_registered",
    "reservation",
    "diplomatic_premises",
    "diplomatic_immunity",
    "immunity_waived",
    "immunity_ended",
    "immunity_official_acts_only",
    "immunity_binds_only",
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

    def lines(self, width: int | None = None) -> list[str]:
        """The tree as plain text, one node per line; with a width, each node's text wrapped to fit under its guides
        (a terminal's soft wrap would break the tree's lines at the left margin)."""
        if self.children:  # a wrapped label's later lines carry the guide down to the children
            out = wrapped(self.text, None if width is None else width - 4)
            out[1:] = ["│   " + line for line in out[1:]]
        else:
            out = wrapped(self.text, width)
        for i, child in enumerate(self.children):
            last = i == len(self.children) - 1
            sub = child.lines(None if width is None else width - 4)
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
    regime: Regime = OPSC

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "regime": self.regime.label,
            "case": self.case.id,
            "state": self.state,
            "as_of": self.case.date.isoformat(),
            "why": [n.to_dict() for n in self.conclusions],
            "why_not": [n.to_dict() for n in self.missing],
        }

    def text(self, width: int | None = None) -> str:
        """The explanation as plain text; with a width, wrapped to it."""
        regime = self.regime
        head = [
            words.explanation_heading(self.state, regime.instrument, self.case.id, self.case.date.isoformat()),
            *([words.regime_heading(regime.title, regime.label, True)] if regime.recommended else []),
            "",
        ]
        body: list[str] = []
        for node in self.conclusions:
            body += [*node.lines(width), ""]
        if not self.conclusions:
            body += [words.NO_CONCLUSION.format(state=self.state), ""]
        if self.missing:
            body += ["Why not:", ""]
            for node in self.missing:
                body += [*node.lines(width), ""]
        return "\n".join([line for text in head for line in wrapped(text, width)] + body)


def _s(sym: Symbol) -> str:
    if sym.type == SymbolType.String:
        return sym.string
    if sym.type == SymbolType.Number:
        return str(sym.number)
    return str(sym)


class _Words:
    """Names the terms of one case's derivation, in the case's own words (every sentence from jurisdiction.words)."""

    def __init__(self, case: Case, solved: Solved, regime: Regime) -> None:
        self.case = case
        self.solved = solved
        self.table = provisions()
        self.offences = {o.id: o for o in case.offences}
        self.regime = regime
        self.instrument = regime.instrument

    def cite(self, provision: str) -> str:
        entry = self.table.get(provision)
        return f"{provision}: {entry.paraphrase}" if entry else provision

    def article(self, provision: str) -> str:
        """The provision without its instrument, as a sentence about that instrument names it ("art. 4(3)")."""
        entry = self.table.get(provision)
        return provision.removeprefix(f"{entry.instrument} ") if entry else provision

    def condition(self, state: str, name: str) -> str:
        return words.condition(f"{state}:{name}", self.instrument)

    def source(self, state: str, field_name: str, since: int | None = None, value: Symbol | None = None) -> str:
        enc = self.solved.encoding
        pv = enc.profile_values.get((state, field_name, since)) if since is not None else None
        pv = pv or period_value(enc, state, field_name, value)
        return words.sourced_in(pv.source, pv.since, pv.until) if pv else ""

    def fact(self, term: Symbol) -> tuple[str, str | None]:
        """A leaf or intermediate term in words, with the provision it brings in (if any)."""
        a = [_s(x) for x in term.arguments]
        name, say = term.name, words.REASON
        if name == "cited":  # a reason with the provision the rules give it
            text, _ = self.fact(term.arguments[0])
            return text, a[1]
        if name == "link":
            return words.link(a[0], a[1], a[2], a[3]), None
        if name == "act":
            act = self.offences[a[0]].acts[int(a[1]) - 1]
            return say["act"].format(n=a[1], offence=a[0], act=words.act(act.what, act.by, act.in_, act.element)), None
        if name == "role":
            kind = "perpetrator" if a[2] == "perpetration" else "role"
            return say[kind].format(offence=a[0], person=a[1], role=a[2]), None
        if name == "party_status":  # (state, status[, date]): on a date a conclusion rests on, else the case's
            status = words.party_status(a[1], self.instrument)
            date = words.date_text(a[2]) if len(a) > 2 else self.case.date.isoformat()
            return say["party_status"].format(state=a[0], status=status, date=date), None
        if name == "contestable":
            return say["contestable"].format(state=a[0]), None
        if name == "extradites_nationals":
            verb = "does not extradite" if a[1] == "no" else "extradites"
            source = self.source(a[0], name, value=term.arguments[1])
            return say[name].format(state=a[0], verb=verb, source=source), None
        if name == "unknown":
            condition = self.condition(a[0], "refuses_to_extradite_national" if len(a) == 3 else a[1])
            return say["unknown"].format(condition=condition), None
        if name in words.PARTY_DETAIL:
            return party_detail_of(term, self.instrument), None
        if name in ("request", "no_request_yet"):
            day = request_decided_on(self.case, a[0], a[1], a[2]) if name == "request" else ""
            decided = words.DECIDED_ON.format(date=day) if day else ""
            return say[name].format(requesting=a[0], requested=a[1], person=a[2]) + decided, None
        if name == "extradites_nationals_except_to":
            source = self.source(a[0], f'extradites_nationals_except_to("{a[1]}")', value=Function("yes", []))
            return words.premise(premise(term, self.case, self.solved.encoding), self.instrument) + source, None
        if name == "extradition_requires_treaty":
            verb = "extradites only under a treaty" if a[1] == "yes" else "extradites without a treaty"
            return say[name].format(state=a[0], verb=verb), None
        if name in PREMISE_REASONS:
            return words.premise(premise(term, self.case, self.solved.encoding), self.instrument), None
        if name == "obstacle":
            return self.obstacle(term), None
        if name == "national_law":
            return words.ESTABLISHED.get(a[4], a[4]).format(state=a[0]), None
        if name == "law":
            state, fld, since = _s(term.arguments[0]), str(term.arguments[1]), term.arguments[2].number
            value = self.solved.encoding.profile_terms.get((state, fld, since))
            shown = _s(value) if value is not None else "?"
            return say["law"].format(law=words.law(state, fld, shown), source=self.source(state, fld, since)), None
        if name == "discharged_by":  # the judgment by which the state performed the duty
            text, _ = self.fact(term.arguments[0])
            return say["discharged_by"].format(premise=text), None
        if name == "on_condition":
            return say["on_condition"].format(condition=a[0].replace("_", " ")), None
        return str(term), None

    def obstacle(self, term: Symbol) -> str:
        p, r, q, o = (_s(x) for x in term.arguments[:4])
        kind = term.arguments[4]
        state = _s(kind.arguments[0]) if kind.arguments else None
        return words.obstacle(
            kind.name, state=state, requested=q, requesting=r, person=p, offence=o, instrument=self.instrument
        )


def explain(case: Case, state: str, data: StateData | None = None, regime: Regime = OPSC) -> Explanation:
    """Every conclusion `regime` draws about `state` in `case`, as a tree of reasons, and what its bases lack."""
    from jurisdiction.input.countries import is_state_code, suggest

    if not is_state_code(state):
        raise CaseError("--state", [Problem("state", f"unknown state code {state!r}", suggest(state))])
    solved = solve_case(case, data, explain_states=(state,), regimes=(regime,))
    say = _Words(case, solved, regime)
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
            text, cites = say.fact(reason)
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
        cond = " — only " + " and ".join(say.condition(state, c) for c in j.conditions) if j.conditions else ""
        verb = words.modality_verb(j.modality, regime.instrument, recommended=regime.recommended)
        label = f"{words.conclusion(state, verb, j.offence, j.person, j.basis)}{cond} — {say.cite(j.provision)}"
        out.conclusions.append(tree(term, label, j.provision))
    for r in analysis.extradition:
        if state not in (r.requesting, r.requested):
            continue
        term = Function(
            "route", [String(r.person), String(r.requesting), String(r.requested), String(r.offence), Function(r.basis)]
        )
        route = words.route_conclusion(r.requesting, r.requested, r.person, r.offence, r.basis)
        label = f"{route} — {say.cite(r.provision)}" if r.provision else route
        node = tree(term, label, r.provision or None)
        for o in r.obstacles:
            okind = Function(o.obstacle, [String(o.state)]) if o.state else Function(o.obstacle)
            oterm = Function(
                "obstacle", [String(r.person), String(r.requesting), String(r.requested), String(r.offence), okind]
            )
            node.children.append(tree(oterm, "obstacle: " + say.obstacle(oterm)))
        out.conclusions.append(node)
    for o in analysis.obligations:
        if o.state != state:
            continue
        term = Function(
            "obligation", [String(o.state), Function(o.duty), String(o.person), String(o.offence), String(o.requesting)]
        )
        said = words.duty_conclusion(state, o.duty, o.person, o.offence, o.trigger, done=o.discharged)
        label = f"{said} — {say.cite(o.provision)}"
        out.conclusions.append(tree(term, label, o.provision))

    for basis in sorted(why_not, key=lambda b: BASES.index(b) if b in BASES else -1):
        node = Node(words.no_basis(basis, regime.instrument))
        for offence, missing in sorted(why_not[basis], key=lambda m: (m[0], str(m[1]))):
            args = [_s(x) for x in missing.arguments]
            x = args[1] if len(args) > 1 else ""
            # A missing piece that rests on a provision carries it last (explain.lp).
            art = say.article(args[-1]) if args and args[-1] in say.table else ""
            text = words.why_not(missing.name, state=state, offence=offence, extra=x, article=art,
                                 instrument=regime.instrument)  # fmt: skip
            node.children.append(Node(text))
        out.missing.append(node)
    for basis, category, modality, provision in sorted(law):
        out.missing.append(
            Node(words.not_in_data(basis, provision, modality, state, category), provision)
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
    "discharged_by",
    "extradites_nationals",
    "unknown",
    "party_status",
)


def _reason_order(term: Symbol) -> tuple[int, str]:
    if term.name == "cited":  # ordered as the reason it wraps
        term = term.arguments[0]
    name = term.name
    return (_REASON_ORDER.index(name) if name in _REASON_ORDER else len(_REASON_ORDER), str(term))
