"""The answer as typed findings, decoded from the rules' output symbols; JSON-ready, in a stable order."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from jurisdiction.countries import name_of
from jurisdiction.facts import Encoding
from jurisdiction.model import Case, HighSeas, OnBoard
from jurisdiction.solver import Symbol, function_args
from jurisdiction.states import StateData

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
MODALITIES = ("obligatory", "optional", "encouraged", "none")
ANY_STATE = "*"
CASE_SOURCE = "case assume:"

# Premise terms of the rules (jurisdiction_because/6) and the names of their arguments.
PREMISE_FIELDS: dict[str, tuple[str, ...]] = {
    "act": ("offence", "act"),
    "nationality": ("person", "state"),
    "habitual_residence": ("person", "state"),
    "present_in": ("person", "state"),
    "vessel_registered": ("vessel", "state"),
    "role": ("offence", "person", "role"),
    "party_status": ("state", "status"),
    "extradites_nationals": ("state", "value"),
}

WARNINGS = {
    "not_an_opsc_offence": "offence {subject} is not an art. 3(1) offence: the OPSC gives no basis of jurisdiction "
    "over it; a state's own law may ({provision}).",
    "urged_conduct_only": "offence {subject} is a conduct the Committee urges states to criminalise ({provision}), "
    "not an art. 3(1) offence: the OPSC itself gives no basis; a state's own law may "
    "(OPSC art. 4(4)).",
    "party_status_uncertain": "OPSC party status of {subject} on the conduct date is uncertain ({detail}): its treaty "
    "bases hold only if it was a party. Settle it in the case: "
    "assume: {{{subject}: {{opsc_party_since: YYYY-MM-DD}}}}.",
    "party_status_unknown": "jurex has no OPSC party data for {subject}: its treaty bases hold only if it was a "
    "party. Settle it in the case: assume: {{{subject}: {{opsc_party: true}}}}.",
    "no_state_obliged": "no state is obliged by the OPSC to establish jurisdiction over offence {subject} "
    "({provision}): only optional or encouraged bases, or none.",
}


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "field": self.field,
            "value": self.value,
            "origin": self.origin,
            "source": self.source,
            "verified": self.verified,
        }


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
    jurisdiction: list[JurisdictionFinding] = field(default_factory=list)
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
            "data_version": self.data_version,
            "jurisdiction": [j.to_dict() for j in self.jurisdiction],
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
    out: dict[str, Any] = {
        "fact": term.name,
        **{n: (str(a) if isinstance(a, Symbol) else a) for n, a in zip(names, args, strict=True)},
    }
    if term.name == "act":
        offence = next(o for o in case.offences if o.id == out["offence"])
        act = offence.acts[int(out["act"]) - 1]
        out.update({"what": act.what, "by": act.by, "in": _place(act.in_), "element": act.element})
    elif term.name == "vessel_registered":
        out["type"] = case.vessels[out["vessel"]].type
    elif term.name == "extradites_nationals":
        pv = encoding.profile_values.get((out["state"], "extradites_nationals"))
        out["value"] = out["value"] == "yes"
        if pv:
            out.update({"origin": pv.origin, "source": pv.source})
    return out


def _party_detail(term: object) -> str:
    if isinstance(term, Symbol):
        args = function_args(term)
        if term.name == "in_force_since":
            n = int(args[0])  # type: ignore[call-overload]
            return f"in force for it since {n // 10000:04d}-{n // 100 % 100:02d}-{n % 100:02d}"
        if term.name == "instrument_year":
            return f"instrument deposited in {args[0]}, day unknown"
        if term.name == "party_by":
            n = int(args[0])  # type: ignore[call-overload]
            return f"a party by {n // 10000:04d}-{n // 100 % 100:02d}-{n % 100:02d}, earlier date unknown"
        if term.name == "non_party_as_of":
            n = int(args[0])  # type: ignore[call-overload]
            return f"not a party as of {n // 10000:04d}-{n // 100 % 100:02d}-{n % 100:02d}, later status unknown"
        return {
            "party_undated": "listed as a party, no date known",
            "assumed_not_party": "not a party (case assume:)",
            "before_protocol": "the OPSC was not yet in force",
        }.get(term.name, str(term))
    return str(term)


def decode(
    symbols: tuple[Symbol, ...], case: Case, encoding: Encoding, data: StateData, regime: str = "opsc"
) -> Analysis:
    rows: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    because: dict[tuple[str, str, str, str], list[Symbol]] = defaultdict(list)
    cites: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    conditions: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    contestable: set[tuple[str, str, str, str]] = set()
    party: dict[str, str] = {}
    party_detail: dict[str, str] = {}
    used: set[tuple[str, str]] = set()
    warnings: list[tuple[str, str, str]] = []

    for sym in symbols:
        name, args = sym.name, function_args(sym)
        if name == "jurisdiction" and args[0] == regime:
            _, s, b, m, prov, o, p = args
            rows[(str(s), str(b), str(o), str(p))] = {"modality": str(m), "provision": str(prov)}
        elif name == "jurisdiction_because" and args[0] == regime:
            because[(str(args[1]), str(args[2]), str(args[3]), str(args[4]))].append(sym.arguments[5])
        elif name == "jurisdiction_cites" and args[0] == regime:
            cites[(str(args[1]), str(args[2]), str(args[3]), str(args[4]))].add(str(args[5]))
        elif name == "jurisdiction_condition" and args[0] == regime:
            conditions[(str(args[1]), str(args[2]), str(args[3]), str(args[4]))].add(str(args[5]))
        elif name == "jurisdiction_contestable" and args[0] == regime:
            contestable.add((str(args[1]), str(args[2]), str(args[3]), str(args[4])))
        elif name == "party_status" and args[0] == regime:
            party[str(args[1])] = str(args[2])
        elif name == "party_status_because" and args[0] == regime:
            party_detail[str(args[1])] = _party_detail(sym.arguments[2])
        elif name == "profile_used":
            used.add((str(args[0]), str(args[1])))
        elif name == "warning":
            warnings.append((str(args[0]), str(args[1]), str(args[2])))

    roles = {(o.id, r.person): r.role for o in case.offences for r in o.offenders}
    analysis = Analysis(case, regime, data.version)
    for key, row in rows.items():
        s, b, o, p = key
        analysis.jurisdiction.append(
            JurisdictionFinding(
                state=s,
                basis=b,
                modality=row["modality"],
                provision=row["provision"],
                offence=o,
                person=p,
                role=roles[(o, p)],
                contestable=key in contestable,
                conditions=tuple(sorted(conditions[key])),
                cites=tuple(sorted(cites[key])),
                because=tuple(sorted((premise(t, case, encoding) for t in because[key]), key=_premise_order)),
            )
        )
    analysis.jurisdiction.sort(key=JurisdictionFinding.sort_key)

    for state in sorted(party):
        record = data.party(state)
        overridden = state in case.assume and (
            case.assume[state].opsc_party_since is not None or case.assume[state].opsc_party is not None
        )
        sources = [record.source, record.status_source] if record else []
        origin = CASE_SOURCE if overridden else "; ".join(dict.fromkeys(filter(None, sources)))
        analysis.states.append(StateStatus(state, name_of(state), party[state], party_detail.get(state, ""), origin))
        a = case.assume.get(state)
        if a and a.opsc_party_since is not None:
            analysis.assumptions.append(
                ProfileFact(state, "opsc_party_since", a.opsc_party_since.isoformat(), "case", CASE_SOURCE, True)
            )
        elif a and a.opsc_party is not None:
            analysis.assumptions.append(ProfileFact(state, "opsc_party", a.opsc_party, "case", CASE_SOURCE, True))
    for state, fld in sorted(used):
        pv = encoding.profile_values.get((state, fld))
        if pv is None:
            analysis.assumptions.append(ProfileFact(state, fld, None, "unknown", "", False))
        elif pv.origin == "case":
            analysis.assumptions.append(ProfileFact(state, fld, pv.value, "case", pv.source, True))
        else:
            analysis.facts_used.append(ProfileFact(state, fld, pv.value, pv.origin, pv.source, pv.verified))
    analysis.assumptions.sort(key=lambda a: (a.state, a.field))

    for code, subject, provision in sorted(set(warnings)):
        detail = party_detail.get(subject, "")
        message = WARNINGS.get(code, code).format(subject=subject, provision=provision, detail=detail)
        analysis.warnings.append(Warning(code, subject, provision, message))
    return analysis


_PREMISE_ORDER = (
    "role",
    "act",
    "vessel_registered",
    "nationality",
    "habitual_residence",
    "present_in",
    "extradites_nationals",
    "party_status",
)


def _premise_order(p: dict[str, Any]) -> tuple[Any, ...]:
    kind = p["fact"]
    rank = _PREMISE_ORDER.index(kind) if kind in _PREMISE_ORDER else len(_PREMISE_ORDER)
    return (rank, str(p.get("offence", "")), int(p.get("act", 0)), str(p.get("person", "")), str(p.get("state", "")))
