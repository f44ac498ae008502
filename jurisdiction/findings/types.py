"""The answer as typed findings, decoded from the rules' output symbols; JSON-ready, in a stable order."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jurisdiction.data.states import StateData
from jurisdiction.engine.facts import Encoding
from jurisdiction.engine.solver import Symbol, SymbolType, function_args
from jurisdiction.engine.terms import Term
from jurisdiction.input.countries import name_of
from jurisdiction.input.model import Case, HighSeas, OnBoard

if TYPE_CHECKING:
    from jurisdiction.engine.regimes import Regime

# Vocabulary orders (logic/vocabulary.lp), used to sort the answer the way a reader expects.
BASES = (
    "territory",
    "flag_ship",
    "flag_aircraft",
    "offender_nationality",
    "offender_residence",
    "victim_nationality",
    "victim_residence",
    "presence_no_extradition",
    "universal",
)
ROUTE_BASES = ("bilateral_treaty", "convention_legal_basis", "recognised_extraditable", "internal_law")
OBSTACLES = ("not_party", "nationality", "double_criminality", "secondary_role", "ne_bis_in_idem", "place_of_offence")
DUTIES = ("establish_jurisdiction", "prosecute_if_not_extradited")
MODALITIES = ("obligatory", "optional", "encouraged", "none")
ANY_STATE = "*"
CASE_SOURCE = "case assume:"

# Premise terms of the rules (*_because) and the names of their arguments.
PREMISE_FIELDS: dict[str, tuple[str, ...]] = {
    "act": ("offence", "act"),
    "nationality": ("person", "state"),
    "habitual_residence": ("person", "state"),
    "present_in": ("person", "state"),
    "vessel_registered": ("vessel", "state"),
    "role": ("offence", "person", "role"),
    "party_status": ("state", "status"),
    "extradites_nationals": ("state", "value"),
    "extradition_requires_treaty": ("state", "value"),
    "extradites_only_for_offences_in_requesting_state": ("state", "value"),
    "extradition_treaty": ("state", "other_state"),
    "extradites_nationals_except_to": ("state", "other_state"),
    "no_extradition_treaty": ("state", "other_state"),
    "offence_category": ("offence", "category"),
    "prior_judgment": ("state", "person", "offence"),
    "not_criminalised": ("state", "category"),
    "victim_over_age": ("person", "age", "state", "age_of_child"),
    "reservation": ("state", "kind"),
}
# Premises that state a national-law value: the JSON says where the value came from.
PROFILE_PREMISES = {
    "extradites_nationals": "extradites_nationals",
    "extradition_requires_treaty": "extradition_requires_treaty",
    "extradites_only_for_offences_in_requesting_state": "extradites_only_for_offences_in_requesting_state",
}

WARNINGS = {
    "not_an_opsc_offence": "offence {subject} is not an art. 3(1) offence: the OPSC gives no basis of jurisdiction "
    "over it; a state's own law may ({provision}).",
    "urged_conduct_only": "offence {subject} is a conduct the Committee urges states to criminalise ({provision}), "
    "not an art. 3(1) offence: the OPSC itself gives no basis and no extradition route; a state's own law may "
    "(OPSC art. 4(4)).",
    "party_status_uncertain": "OPSC party status of {subject} on the conduct date is uncertain ({detail}): its treaty "
    "bases hold only if it was a party. Settle it in the case: "
    "assume: {{{subject}: {{opsc_party_since: YYYY-MM-DD}}}}.",
    "party_status_unknown": "jurex has no OPSC party data for {subject}: its treaty bases hold only if it was a "
    "party. Settle it in the case: assume: {{{subject}: {{opsc_party: true}}}}.",
    "no_state_obliged": "no state is obliged by the regime to establish jurisdiction over offence {subject} "
    "({provision}): only optional or encouraged bases, or none.",
    "outside_regime": "offence {subject} is outside what the regime reaches ({provision}): it gives no basis and no "
    "route for it; a state's own law may.",
    "offender_beyond_reach": "impunity threatens: {subject} is in a state with no basis over them, and no open "
    "extradition route leads to a state that has one ({provision} encourages universal jurisdiction).",
    "offender_may_be_beyond_reach": "impunity may threaten: {subject} is in a state with no basis over them, and "
    "every route to a state with one depends on something unknown (see the conditions).",
    "basis_only_in_non_party": "only states that were not OPSC parties are linked to {subject}: the OPSC binds none "
    "of them; only their own law may act ({provision}).",
    "double_criminality_blocks": "impunity threatens: for {subject}, the conduct is not a crime where it was "
    "committed, and every other linked state requires double criminality for its extraterritorial jurisdiction "
    "({provision} urges removing that requirement).",
    "double_criminality_may_block": "impunity may threaten: for {subject}, the conduct is not a crime where it "
    "was committed, and every other linked state may require double criminality for its extraterritorial "
    "jurisdiction (not known: jurex takes the treaty minimum; {provision} urges removing the requirement).",
    "request_without_basis": "the request {subject} comes from a state with no link to the offence as to that "
    "person: only its own law (e.g. universal jurisdiction) could found it ({provision}).",
}


def _text(value: object) -> object:
    return str(value) if isinstance(value, Symbol | Term) else value


def _value(sym: Symbol) -> object:
    """A symbol as a plain value: a string's text, a number, a constant's name, else the term as written."""
    if sym.type == SymbolType.String:
        return sym.string
    if sym.type == SymbolType.Number:
        return sym.number
    if sym.type == SymbolType.Function and not sym.arguments:
        return sym.name
    return str(sym)


def condition_text(term: Symbol) -> str:
    """cond(S, Name) -> "S:Name"; a bare name stays as it is (jurisdiction rows, whose state is the row's)."""
    if term.name == "cond" and len(term.arguments) == 2:
        state, name = function_args(term)
        return f"{state}:{_text(name)}"
    return str(term)


def subject_text(term: Symbol) -> str:
    """A warning's subject: a state or offence id, of(Person, Offence), or req(Requesting, Requested, Person)."""
    if term.type == SymbolType.String:
        return term.string
    args = function_args(term)
    if term.name == "of" and len(args) == 2:
        return f"{args[0]} in {args[1]}"
    if term.name == "req" and len(args) == 3:
        return f"{args[0]} -> {args[1]} for {args[2]}"
    return str(term)


@dataclass(frozen=True)
class JurisdictionFinding:
    state: str
    basis: str
    modality: str
    provision: str
    offence: str
    person: str
    role: str
    contestable: bool = False
    conditions: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()
    because: tuple[dict[str, Any], ...] = ()
    # What the state's own law is known to do (yes | no | unknown), on what, and under which conditions;
    # for the universal row ("*"), the states whose law is known to have universal jurisdiction.
    established: str | None = None
    established_conditions: tuple[str, ...] = ()
    established_because: tuple[dict[str, Any], ...] = ()
    established_by: tuple[dict[str, Any], ...] = ()

    def sort_key(self) -> tuple[Any, ...]:
        return (self.state == ANY_STATE, self.state, BASES.index(self.basis), self.offence, self.person)

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "basis": self.basis,
            "modality": self.modality,
            "provision": self.provision,
            "offence": self.offence,
            "person": self.person,
            "role": self.role,
            "contestable": self.contestable,
            "condition": " and ".join(self.conditions) if self.conditions else None,
            "conditions": list(self.conditions),
            "cites": list(self.cites),
            "because": list(self.because),
            "established": self.established,
            "established_conditions": list(self.established_conditions),
            "established_because": list(self.established_because),
            **({"established_by": list(self.established_by)} if self.state == ANY_STATE else {}),
        }


@dataclass(frozen=True)
class Obstacle:
    obstacle: str  # one of OBSTACLES
    state: str | None  # the state concerned, where it is not the requested one (double_criminality, not_party)
    conditions: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()
    because: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "obstacle": self.obstacle,
            "state": self.state,
            "condition": " and ".join(self.conditions) if self.conditions else None,
            "cites": list(self.cites),
            "because": list(self.because),
        }


@dataclass(frozen=True)
class RouteFinding:
    person: str
    requesting: str
    requested: str
    offence: str
    basis: str
    modality: str
    provision: str
    trigger: str  # request | hypothetical
    conditions: tuple[str, ...] = ()
    because: tuple[dict[str, Any], ...] = ()
    cites: tuple[str, ...] = ()
    obstacles: tuple[Obstacle, ...] = ()
    place_fiction: str | None = None  # "OPSC art. 5(4)" where it deems the offence committed in the requester
    place_fiction_overcomes: bool = False

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.trigger != "request",
            self.person,
            self.requested,
            self.requesting,
            self.offence,
            ROUTE_BASES.index(self.basis),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "requesting": self.requesting,
            "requested": self.requested,
            "offence": self.offence,
            "trigger": self.trigger,
            "basis": self.basis,
            "modality": self.modality,
            "provision": self.provision,
            "condition": " and ".join(self.conditions) if self.conditions else None,
            "cites": list(self.cites),
            "obstacles": [o.obstacle for o in self.obstacles],
            "obstacle_details": [o.to_dict() for o in self.obstacles],
            "place_fiction": self.place_fiction,
            "place_fiction_overcomes": self.place_fiction_overcomes,
            "because": list(self.because),
        }


@dataclass(frozen=True)
class ObligationFinding:
    state: str
    duty: str
    provision: str
    person: str
    offence: str
    requesting: str
    trigger: str
    conditions: tuple[str, ...] = ()
    because: tuple[dict[str, Any], ...] = ()

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.trigger != "request",
            self.state,
            self.person,
            self.requesting,
            self.offence,
            DUTIES.index(self.duty),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "duty": self.duty,
            "provision": self.provision,
            "person": self.person,
            "offence": self.offence,
            "requesting": self.requesting,
            "trigger": self.trigger,
            "condition": " and ".join(self.conditions) if self.conditions else None,
            "because": list(self.because),
        }


@dataclass(frozen=True)
class StateStatus:
    state: str
    name: str
    opsc_party_status: str
    detail: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "name": self.name,
            "opsc_party_status": self.opsc_party_status,
            "detail": self.detail,
            "source": self.source,
        }


@dataclass(frozen=True)
class ProfileFact:
    """A national-law value the answer depends on: from the bundled data, the case, or unknown."""

    state: str
    field: str
    value: Any  # None when unknown
    origin: str  # data | case | unknown
    source: str
    verified: bool
    default: Any = None  # for an unknown value: what the rules reasoned with (treaty minimum or jurex's reading)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "state": self.state,
            "field": self.field,
            "value": self.value,
            "origin": self.origin,
            "source": self.source,
            "verified": self.verified,
        }
        if self.origin == "unknown":
            out["default"] = self.default
        return out


@dataclass(frozen=True)
class Warning:
    code: str
    subject: str
    provision: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "subject": self.subject, "provision": self.provision, "message": self.message}


@dataclass
class Analysis:
    case: Case
    regime: str
    data_version: str
    assume_all_parties: bool = False
    jurisdiction: list[JurisdictionFinding] = field(default_factory=list)
    extradition: list[RouteFinding] = field(default_factory=list)
    obligations: list[ObligationFinding] = field(default_factory=list)
    states: list[StateStatus] = field(default_factory=list)
    facts_used: list[ProfileFact] = field(default_factory=list)  # sourced values from the bundled data
    assumptions: list[ProfileFact] = field(default_factory=list)  # case overrides, and unknowns
    warnings: list[Warning] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "jurex/v1",
            "case": self.case.id,
            "regime": self.regime,
            "as_of": self.case.date.isoformat(),
            **({"assume_all_parties": True} if self.assume_all_parties else {}),
            "data_version": self.data_version,
            "jurisdiction": [j.to_dict() for j in self.jurisdiction],
            "extradition": [r.to_dict() for r in self.extradition],
            "obligations": [o.to_dict() for o in self.obligations],
            "states": [s.to_dict() for s in self.states],
            "facts_used": [a.to_dict() for a in self.facts_used],
            "assumptions": [a.to_dict() for a in self.assumptions],
            "warnings": [w.to_dict() for w in self.warnings],
        }


def _place(place: object) -> Any:
    if isinstance(place, OnBoard | HighSeas):
        return place.model_dump(exclude_defaults=True)
    return place


def premise(term: Symbol, case: Case, encoding: Encoding) -> dict[str, Any]:
    """A premise term of the rules as a JSON object, with the case's own words where it names an act."""
    args = function_args(term)
    names = PREMISE_FIELDS.get(term.name)
    if names is None or len(names) != len(args):
        return {"fact": str(term)}
    out: dict[str, Any] = {"fact": term.name, **{n: _text(a) for n, a in zip(names, args, strict=True)}}
    if term.name == "act":
        offence = next(o for o in case.offences if o.id == out["offence"])
        act = offence.acts[int(out.pop("act")) - 1]  # its number in the file is not part of the answer
        out.update({"what": act.what, "by": act.by, "in": _place(act.in_), "element": act.element})
    elif term.name == "vessel_registered":
        out["type"] = case.vessels[out["vessel"]].type
    elif term.name in PROFILE_PREMISES:
        out["value"] = out["value"] == "yes"
        pv = encoding.profile_values.get((out["state"], PROFILE_PREMISES[term.name]))
        if pv:
            out.update({"origin": pv.origin, "source": pv.source})
    return out


def _category(case: Case, offence_id: str) -> str:
    return next(o.category for o in case.offences if o.id == offence_id)


def law_premise(term: Symbol, encoding: Encoding) -> dict[str, Any]:
    """law(S, Field): a national-law value an established conclusion rests on, with its source."""
    state, field_term = _value(term.arguments[0]), str(term.arguments[1])
    pv = encoding.profile_values.get((str(state), field_term))
    return {
        "fact": "law",
        "state": state,
        "field": field_term,
        "source": pv.source if pv else "",
        "origin": pv.origin if pv else "unknown",
        "verified": pv.verified if pv else False,
    }


def _date(n: object) -> str:
    n = int(n)  # type: ignore[call-overload]
    return f"{n // 10000:04d}-{n // 100 % 100:02d}-{n % 100:02d}"


def _party_detail(term: Symbol) -> str:
    args = function_args(term)
    if term.name == "in_force_since":
        return f"in force for it since {_date(args[0])}"
    if term.name == "instrument_year":
        return f"instrument deposited in {args[0]}, day unknown"
    if term.name == "party_by":
        return f"a party by {_date(args[0])}, earlier date unknown"
    if term.name == "non_party_as_of":
        return f"not a party as of {_date(args[0])}, later status unknown"
    return {
        "party_undated": "listed as a party, no date known",
        "assumed_not_party": "not a party (case assume:)",
        "before_protocol": "the OPSC was not yet in force",
    }.get(term.name, str(term))


class _Index:
    """The rules' output grouped by predicate name, with the regime argument checked and dropped."""

    def __init__(self, symbols: tuple[Symbol, ...], regime: str) -> None:
        self.by_name: dict[str, list[Symbol]] = defaultdict(list)
        for sym in symbols:
            self.by_name[sym.name].append(sym)
        self.regime = regime

    def rows(self, name: str, regime: bool = True) -> list[tuple[list[object], list[Symbol]]]:
        out = []
        for sym in self.by_name.get(name, []):
            raw = list(sym.arguments)
            args = [a.plain for a in raw] if type(sym) is Term else [_text(a) for a in function_args(sym)]
            if regime:
                if args[0] != self.regime:
                    continue
                args, raw = args[1:], raw[1:]
            out.append((args, raw))
        return out

    def grouped(self, name: str, width: int) -> dict[tuple[object, ...], list[Symbol]]:
        """Rows keyed by their first `width` arguments, holding the raw last argument."""
        out: dict[tuple[object, ...], list[Symbol]] = defaultdict(list)
        for args, raw in self.rows(name):
            out[tuple(args[:width])].append(raw[width])
        return out


def decode(
    symbols: tuple[Symbol, ...],
    case: Case,
    encoding: Encoding,
    data: StateData,
    regime: Regime | None = None,
    assume_all_parties: bool = False,
) -> Analysis:
    from jurisdiction.engine.regimes import REGIMES

    regime = regime or REGIMES["opsc"]
    idx = _Index(symbols, regime.key)
    analysis = Analysis(case, regime.label, data.version, assume_all_parties=assume_all_parties)

    def premises(terms: list[Symbol]) -> tuple[dict[str, Any], ...]:
        # Acts are told by their content, not their place in the file: two alike acts are one premise.
        unique = {json.dumps(p, sort_keys=True, default=str): p for p in (premise(t, case, encoding) for t in terms)}
        return tuple(sorted(unique.values(), key=_premise_order))

    # --- jurisdiction
    because = idx.grouped("jurisdiction_because", 4)
    cites = idx.grouped("jurisdiction_cites", 4)
    conditions = idx.grouped("jurisdiction_condition", 4)
    contestable = {tuple(a) for a, _ in idx.rows("jurisdiction_contestable")}
    established = {tuple(a[:4]): str(a[4]) for a, _ in idx.rows("established")}
    established_conditions = idx.grouped("established_condition", 4)
    established_because = idx.grouped("established_because", 4)
    universal: dict[tuple[object, ...], list[dict[str, Any]]] = defaultdict(list)
    universal_conditions = {tuple(a[:3]): str(a[3]) for a, _ in idx.rows("universal_condition")}
    for (s, o, p, mode, status), _ in idx.rows("universal_established"):
        entry = {"state": str(s), "mode": str(mode), "established": str(status)}
        if (s, o, p) in universal_conditions:
            entry["condition"] = universal_conditions[(s, o, p)]
        pv = encoding.profile_values.get((str(s), f"universal_jurisdiction({_category(case, str(o))})"))
        entry["source"] = pv.source if pv else ""
        universal[(o, p)].append(entry)
    roles = {(o.id, r.person): r.role for o in case.offences for r in o.offenders}
    for (s, b, m, prov, o, p), _ in idx.rows("jurisdiction"):
        key = (s, b, o, p)
        analysis.jurisdiction.append(
            JurisdictionFinding(
                state=str(s),
                basis=str(b),
                modality=str(m),
                provision=str(prov),
                offence=str(o),
                person=str(p),
                role=roles[(o, p)],
                contestable=key in contestable,
                conditions=tuple(sorted({condition_text(c) for c in conditions[key]})),
                cites=tuple(sorted({str(_value(c)) for c in cites[key]})),
                because=premises(because[key]),
                established=established.get(key) if s != ANY_STATE else None,
                established_conditions=tuple(sorted({str(_value(c)) for c in established_conditions[key]})),
                established_because=tuple(law_premise(t, encoding) for t in sorted(established_because[key], key=str)),
                established_by=tuple(sorted(universal[(o, p)], key=lambda e: e["state"])) if s == ANY_STATE else (),
            )
        )
    analysis.jurisdiction.sort(key=JurisdictionFinding.sort_key)

    # --- extradition
    triggers = {tuple(a[:4]): str(a[4]) for a, _ in idx.rows("route_trigger")}
    route_because = idx.grouped("route_because", 5)
    route_conditions = idx.grouped("route_condition", 5)
    route_cites = idx.grouped("route_cites", 5)
    obstacles: dict[tuple[object, ...], list[Symbol]] = idx.grouped("obstacle", 4)
    obstacle_because = idx.grouped("obstacle_because", 5)
    obstacle_conditions = idx.grouped("obstacle_condition", 5)
    obstacle_cites = idx.grouped("obstacle_cites", 5)
    fiction = {tuple(a[:4]): str(a[4]) for a, _ in idx.rows("place_fiction")}
    overcomes = {tuple(a) for a, _ in idx.rows("place_fiction_overcomes")}

    def obstacle_list(key: tuple[object, ...]) -> tuple[Obstacle, ...]:
        out = []
        for term in obstacles.get(key, []):
            okey = (*key, str(term))
            code, args = term.name, function_args(term)
            out.append(
                Obstacle(
                    obstacle=code,
                    state=str(args[0]) if args else None,
                    conditions=tuple(sorted({condition_text(c) for c in obstacle_conditions.get(okey, [])})),
                    cites=tuple(sorted({str(_value(c)) for c in obstacle_cites.get(okey, [])})),
                    because=premises(obstacle_because.get(okey, [])),
                )
            )
        return tuple(sorted(out, key=lambda o: (OBSTACLES.index(o.obstacle), o.state or "")))

    for (p, r, q, o, b, m, prov), _ in idx.rows("route"):
        key = (p, r, q, o)
        analysis.extradition.append(
            RouteFinding(
                person=str(p),
                requesting=str(r),
                requested=str(q),
                offence=str(o),
                basis=str(b),
                modality=str(m),
                provision=str(prov),
                trigger=triggers[key],
                conditions=tuple(sorted({condition_text(c) for c in route_conditions[(*key, b)]})),
                because=premises(route_because[(*key, b)]),
                cites=tuple(sorted({str(_value(c)) for c in route_cites[(*key, b)]})),
                obstacles=obstacle_list(key),
                place_fiction=fiction.get(key),
                place_fiction_overcomes=key in overcomes,
            )
        )
    analysis.extradition.sort(key=RouteFinding.sort_key)

    obligation_because = idx.grouped("obligation_because", 5)
    obligation_conditions = idx.grouped("obligation_condition", 5)
    for (q, duty, prov, p, o, r, trigger), _ in idx.rows("obligation"):
        key = (q, duty, p, o, r)
        analysis.obligations.append(
            ObligationFinding(
                state=str(q),
                duty=str(duty),
                provision=str(prov),
                person=str(p),
                offence=str(o),
                requesting=str(r),
                trigger=str(trigger),
                conditions=tuple(sorted({condition_text(c) for c in obligation_conditions[key]})),
                because=premises(obligation_because[key]),
            )
        )
    analysis.obligations.sort(key=ObligationFinding.sort_key)

    # --- states, national law, warnings
    party = {str(a[0]): str(a[1]) for a, _ in idx.rows("party_status")}
    party_detail = {str(a[0]): _party_detail(raw[1]) for a, raw in idx.rows("party_status_because")}
    for state in sorted(party):
        record = data.party(state)
        assumed = case.assume.get(state)
        overridden = assumed is not None and (assumed.opsc_party_since is not None or assumed.opsc_party is not None)
        sources = [record.source, record.status_source] if record else []
        origin = CASE_SOURCE if overridden else "; ".join(dict.fromkeys(filter(None, sources)))
        analysis.states.append(StateStatus(state, name_of(state), party[state], party_detail.get(state, ""), origin))
        if assumed and assumed.opsc_party_since is not None:
            analysis.assumptions.append(
                ProfileFact(state, "opsc_party_since", assumed.opsc_party_since.isoformat(), "case", CASE_SOURCE, True)
            )
        elif assumed and assumed.opsc_party is not None:
            analysis.assumptions.append(ProfileFact(state, "opsc_party", assumed.opsc_party, "case", CASE_SOURCE, True))

    defaults = {(str(a[0]), str(raw[1])): _value(raw[2]) for a, raw in idx.rows("profile_default_used")}
    by_reservation = {
        (str(a[0]), str(raw[1])): (_value(raw[2]), str(a[3])) for a, raw in idx.rows("reservation_value", regime=False)
    }
    for args, raw in sorted(idx.rows("profile_used"), key=lambda r: (str(r[0][0]), str(r[1][1]))):
        state, fld = str(args[0]), str(raw[1])
        pv = encoding.profile_values.get((state, fld))
        if pv is None and (state, fld) in by_reservation:
            value, kind = by_reservation[(state, fld)]
            source = next((r.source for r in data.reservations_of(state) if r.kind == kind), "")
            analysis.facts_used.append(ProfileFact(state, fld, _plain(value), "reservation", source, True))
        elif pv is None:
            analysis.assumptions.append(
                ProfileFact(state, fld, None, "unknown", "", False, default=_plain(defaults.get((state, fld))))
            )
        else:
            value = _plain(_value(encoding.profile_terms[(state, fld)]))
            target = analysis.assumptions if pv.origin == "case" else analysis.facts_used
            target.append(ProfileFact(state, fld, value, pv.origin, pv.source, pv.verified))
    analysis.assumptions.sort(key=lambda a: (a.state, a.field))

    found = set()
    for args, raw in idx.rows("warning"):
        code, subject, provision = str(args[0]), raw[1], str(args[2])
        found.add((code, subject_text(subject), provision))
    for code, subject, provision in sorted(found):
        detail = party_detail.get(subject, "")
        message = WARNINGS.get(code, code).format(subject=subject, provision=provision, detail=detail)
        analysis.warnings.append(Warning(code, subject, provision, message))
    return analysis


def _plain(value: Any) -> Any:
    return {"yes": True, "no": False}.get(value, value) if isinstance(value, str) else value


_PREMISE_ORDER = (
    "role",
    "act",
    "vessel_registered",
    "nationality",
    "habitual_residence",
    "present_in",
    "extradition_treaty",
    "no_extradition_treaty",
    "extradition_requires_treaty",
    "extradites_nationals",
    "party_status",
)


def _premise_order(p: dict[str, Any]) -> tuple[Any, ...]:
    kind = p["fact"]
    rank = _PREMISE_ORDER.index(kind) if kind in _PREMISE_ORDER else len(_PREMISE_ORDER)
    return (
        rank,
        kind,
        str(p.get("offence", "")),
        str(p.get("person", "")),
        str(p.get("state", "")),
        json.dumps(p, sort_keys=True, default=str),
    )
