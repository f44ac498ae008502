"""The answer as typed findings: JSON-ready, in a stable order (findings.decode builds them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jurisdiction.input.model import Case
from jurisdiction.vocabulary import ANY_STATE, BASES, DUTIES, ROUTE_BASES, SCHEMA

if TYPE_CHECKING:
    from jurisdiction.engine.regimes import Regime


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
    not_bound_on: tuple[str, ...] = ()  # dates (ISO) of acts the conclusion does not reach: not a party then
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
            "not_bound_on": list(self.not_bound_on),
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
    place_fiction: str | None = None  # the provision (the OPSC's art. 5(4)) deeming it committed in the requester
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
            "provision": self.provision or None,  # a route the regime does not govern cites none
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
    # The state has already done what the duty asks (it tried the person itself): the judgment that did it.
    discharged_by: tuple[dict[str, Any], ...] = ()

    @property
    def discharged(self) -> bool:
        return bool(self.discharged_by)

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
            "discharged": self.discharged,
            "discharged_by": list(self.discharged_by),
        }


@dataclass(frozen=True)
class StateStatus:
    state: str
    name: str
    party_status: str  # under the answer's regime
    detail: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "name": self.name,
            "party_status": self.party_status,
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
    since: str = ""  # a bundled value: the period it holds in (YYYY-MM-DD); for an unknown one, the bundled
    until: str = ""  # periods that did not cover the dates read, in `periods`
    periods: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {
            "state": self.state,
            "field": self.field,
            "value": self.value,
            "origin": self.origin,
            "source": self.source,
            "verified": self.verified,
        }
        if self.since:
            out["from"] = self.since
            out["until"] = self.until or None
        if self.origin == "unknown":
            out["default"] = self.default
            if self.periods:
                out["known_periods"] = [{"from": a, "until": b or None} for a, b in self.periods]
        return out


@dataclass(frozen=True)
class Warning:
    code: str
    subject: str
    provision: str
    message: str
    impunity: bool = False  # the rules count it as impunity threatening (impunity_warning/1), not a mere notice

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "subject": self.subject,
            "provision": self.provision,
            "impunity": self.impunity,
            "message": self.message,
        }


@dataclass
class Analysis:
    case: Case
    regime: Regime
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
            "schema": SCHEMA,
            "case": self.case.id,
            "regime": self.regime.label,
            **({"recommended": True} if self.regime.recommended else {}),
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


