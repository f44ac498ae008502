"""The rules' output symbols decoded into findings (findings.types), with the case's own words for the acts
and the source of every national-law value from the encoding; the sentences come from jurisdiction.words."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from jurisdiction import words
from jurisdiction.data.states import ProfileValue, StateData
from jurisdiction.engine.facts import Encoding
from jurisdiction.engine.solver import Function, Symbol, SymbolType, function_args
from jurisdiction.engine.terms import Term
from jurisdiction.findings.types import (
    Analysis,
    JurisdictionFinding,
    ObligationFinding,
    Obstacle,
    ProfileFact,
    RouteFinding,
    StateStatus,
    Warning,
)
from jurisdiction.input.countries import name_of
from jurisdiction.input.model import Case, HighSeas, OnBoard
from jurisdiction.vocabulary import ANY_STATE, CASE_SOURCE, EU_REGIME, LISTED_REGIMES, OBSTACLES

if TYPE_CHECKING:
    from jurisdiction.engine.regimes import Regime

# Premise terms of the rules (*_because) and the names of their arguments.
PREMISE_FIELDS: dict[str, tuple[str, ...]] = {
    "act": ("offence", "act"),
    "nationality": ("person", "state"),
    "habitual_residence": ("person", "state"),
    "present_in": ("person", "state"),
    "vessel_registered": ("vessel", "state"),
    "role": ("offence", "person", "role"),
    "party_status": ("state", "status"),
    "party_on": ("state", "offence", "act", "date", "status"),
    "extradites_nationals": ("state", "value"),
    "extradition_requires_treaty": ("state", "value"),
    "extradites_only_for_offences_in_requesting_state": ("state", "value"),
    "extradition_treaty": ("state", "other_state"),
    "extradites_nationals_except_to": ("state", "other_state"),
    "extradites_nationals_on_return_guarantee": ("state", "value"),
    "no_extradition_treaty": ("state", "other_state"),
    "offence_category": ("offence", "category"),
    "prior_judgment": ("state", "person", "offence", "outcome"),
    "request_offence": ("requesting", "requested", "person", "offence"),
    "foreign_judgment_bars": ("state", "value"),
    "request": ("requesting", "requested", "person"),
    "not_criminalised": ("state", "category"),
    "victim_over_age": ("person", "age", "state", "age_of_child"),
    "reservation": ("state", "kind"),
    "diplomatic_premises": ("offence", "receiving_state", "sending_state"),
    "diplomatic_immunity": ("person", "receiving_state", "sending_state"),
    "immunity_waived": ("person", "receiving_state", "sending_state"),
    "immunity_ended": ("person", "receiving_state", "sending_state"),
    "immunity_official_acts_only": ("person", "receiving_state", "sending_state"),
    "immunity_binds_only": ("person", "receiving_state", "sending_state"),
}
# Premises that state a national-law value: the JSON says where the value came from.
PROFILE_PREMISES = {
    "extradites_nationals": "extradites_nationals",
    "extradition_requires_treaty": "extradition_requires_treaty",
    "extradites_only_for_offences_in_requesting_state": "extradites_only_for_offences_in_requesting_state",
    "foreign_judgment_bars": "foreign_judgment_bars",
    "extradites_nationals_on_return_guarantee": "extradites_nationals_on_return_guarantee",
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
    return words.subject(term.name, args) if term.name in ("of", "req", "premises", "diplomat") else str(term)


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
    elif term.name == "party_on":
        offence = next(o for o in case.offences if o.id == out["offence"])
        act = offence.acts[int(out.pop("act")) - 1]
        out["date"] = words.date_text(out["date"])
        out.update({"what": act.what, "by": act.by, "in": _place(act.in_), "element": act.element})
    elif term.name == "request":  # the date the requested state decides: its extradition law of that date applies
        day = request_decided_on(case, out["requesting"], out["requested"], out["person"])
        if day:
            out["decided_on"] = day
    elif term.name == "extradites_nationals_except_to":
        field_key = f'extradites_nationals_except_to("{out["other_state"]}")'
        pv = period_value(encoding, out["state"], field_key, Function("yes", []))  # the premise: it is on the list
        if pv:
            out.update({"origin": pv.origin, "source": pv.source, **({"from": pv.since} if pv.since else {})})
    elif term.name == "vessel_registered":
        out["type"] = case.vessels[out["vessel"]].type
    elif term.name in PROFILE_PREMISES:
        out["value"] = out["value"] == "yes"
        pv = period_value(encoding, out["state"], PROFILE_PREMISES[term.name], term.arguments[1])
        if pv:
            out.update({"origin": pv.origin, "source": pv.source})
            if pv.since:
                out["from"] = pv.since
    return out


def request_decided_on(case: Case, requesting: str, requested: str, person: str) -> str:
    """The `decided_on` date of a request in the case, "" if it gives none (then: today)."""
    for r in case.requests:
        if (r.by, r.to, r.person) == (requesting, requested, person) and r.decided_on is not None:
            return r.decided_on.isoformat()
    return ""


def period_value(encoding: Encoding, state: str, field_key: str, value: Symbol | None = None) -> ProfileValue | None:
    """The value of (state, field) the encoding sent, in the period that gave `value` (the latest if several):
    for a premise that names the value but not the period."""
    found = sorted(
        (since, pv)
        for (s, f, since), pv in encoding.profile_values.items()
        if s == state and f == field_key and (value is None or encoding.profile_terms[(s, f, since)] == value)
    )
    return found[-1][1] if found else None


def _category(case: Case, offence_id: str) -> str:
    return next(o.category for o in case.offences if o.id == offence_id)


def law_premise(term: Symbol, encoding: Encoding) -> dict[str, Any]:
    """law(S, Field, From): a national-law value an established conclusion rests on, with its source and the
    period it holds in (From: its start, 0 for a case's value)."""
    state, field_term, since = _value(term.arguments[0]), str(term.arguments[1]), term.arguments[2].number
    pv = encoding.profile_values.get((str(state), field_term, since))
    out = {
        "fact": "law",
        "state": state,
        "field": field_term,
        "source": pv.source if pv else "",
        "origin": pv.origin if pv else "unknown",
        "verified": pv.verified if pv else False,
    }
    if pv and pv.since:
        out["from"] = pv.since
    return out


def party_detail_of(term: Symbol, instrument: str) -> str:
    """Why a state has its party status (party_status_because/3's reason term), in words."""
    return words.party_detail(term.name, function_args(term), instrument)


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
    from jurisdiction.engine.regimes import OPSC

    regime = regime or OPSC
    idx = _Index(symbols, regime.key)
    analysis = Analysis(case, regime, data.version, assume_all_parties=assume_all_parties)

    def premises(terms: list[Symbol]) -> tuple[dict[str, Any], ...]:
        # Acts are told by their content, not their place in the file: two alike acts are one premise.
        unique = {json.dumps(p, sort_keys=True, default=str): p for p in (premise(t, case, encoding) for t in terms)}
        return tuple(sorted(unique.values(), key=_premise_order))

    # --- jurisdiction
    because = idx.grouped("jurisdiction_because", 4)
    cites = idx.grouped("jurisdiction_cites", 4)
    conditions = idx.grouped("jurisdiction_condition", 4)
    contestable = {tuple(a) for a, _ in idx.rows("jurisdiction_contestable")}
    unreached = idx.grouped("jurisdiction_unreached", 4)
    established = {tuple(a[:4]): str(a[4]) for a, _ in idx.rows("established")}
    established_conditions = idx.grouped("established_condition", 4)
    established_because = idx.grouped("established_because", 4)
    universal: dict[tuple[object, ...], list[dict[str, Any]]] = defaultdict(list)
    universal_conditions = {tuple(a[:3]): str(a[3]) for a, _ in idx.rows("universal_condition")}
    for (s, o, p, mode, status), _ in idx.rows("universal_established"):
        entry = {"state": str(s), "mode": str(mode), "established": str(status)}
        if (s, o, p) in universal_conditions:
            entry["condition"] = universal_conditions[(s, o, p)]
        pv = period_value(encoding, str(s), f"universal_jurisdiction({_category(case, str(o))})")
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
                not_bound_on=tuple(sorted(words.date_text(_value(d)) for d in unreached[key])),
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
    obligation_discharged = idx.grouped("obligation_discharged", 5)
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
                discharged_by=premises(obligation_discharged[key]),
            )
        )
    analysis.obligations.sort(key=ObligationFinding.sort_key)

    # --- states, national law, warnings
    party = {str(a[0]): str(a[1]) for a, _ in idx.rows("party_status")}
    party_detail = {
        str(a[0]): party_detail_of(raw[1], regime.instrument) for a, raw in idx.rows("party_status_because")
    }
    for state in sorted(party):
        assumed = case.assume.get(state)
        record: Any = None
        if regime.asp in LISTED_REGIMES:  # the regime's own list; the OPSC's for the OPSC and its guidelines
            record = data.eu_members.get(state) if regime.asp == EU_REGIME else data.regime_party(regime.asp, state)
            overridden = assumed is not None and regime.name in (assumed.party_to or {})
        else:
            record = data.party(state)
            overridden = assumed is not None and (
                assumed.opsc_party_since is not None or assumed.opsc_party is not None
            )
        sources = [record.source, getattr(record, "status_source", "")] if record else []
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
    used = sorted({(str(a[0]), str(raw[1]), raw[2].number) for a, raw in idx.rows("profile_used")})
    for state, fld, since in used:
        pv = encoding.profile_values.get((state, fld, since))
        if pv is None and (state, fld) in by_reservation:
            value, kind = by_reservation[(state, fld)]
            source = next((r.source for r in data.reservations_of(state) if r.kind == kind), "")
            analysis.facts_used.append(ProfileFact(state, fld, _plain(value), "reservation", source, True))
        elif pv is None:
            periods = tuple(
                (p.since, p.until) for (s, f, _), p in sorted(encoding.profile_values.items()) if (s, f) == (state, fld)
            )
            analysis.assumptions.append(
                ProfileFact(
                    state, fld, None, "unknown", "", False, default=_plain(defaults.get((state, fld))), periods=periods
                )
            )
        else:
            value = _plain(_value(encoding.profile_terms[(state, fld, since)]))
            target = analysis.assumptions if pv.origin == "case" else analysis.facts_used
            period = {"since": pv.since, "until": pv.until}
            target.append(ProfileFact(state, fld, value, pv.origin, pv.source, pv.verified, **period))
    analysis.assumptions.sort(key=lambda a: (a.state, a.field))

    found = set()
    for args, raw in idx.rows("warning"):
        code, subject, provision = str(args[0]), raw[1], str(args[2])
        found.add((code, subject_text(subject), provision))
    impunity = {(str(a[0]), subject_text(raw[1])) for a, raw in idx.rows("warning_impunity")}
    for code, subject, provision in sorted(found):
        detail = party_detail.get(subject, "")
        message = words.warning(
            code, subject=subject, provision=provision, detail=detail, instrument=regime.instrument
        )
        analysis.warnings.append(Warning(code, subject, provision, message, (code, subject) in impunity))
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
