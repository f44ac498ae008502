"""Case + state data -> clingo symbols: the input predicates documented in logic/vocabulary.lp.

Every identifier and text from the case becomes a clingo String symbol, and reaches clingo through the
backend (solver.py): it is data, never program text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jurisdiction.catalogue import catalogue
from jurisdiction.model import Case, HighSeas, OnBoard
from jurisdiction.solver import Function, Number, String, Symbol
from jurisdiction.states import PROFILE_FIELDS, ProfileValue, StateData

EXTRATERRITORIAL_BASES = (
    "offender_nationality",
    "offender_residence",
    "victim_nationality",
    "victim_residence",
    "presence_no_extradition",
)


def urged_categories() -> list[str]:
    return [c.name for c in catalogue().values() if c.requirement == "urged"]


def const(name: str) -> Symbol:
    return Function(name, [])


def fact(name: str, *args: object) -> Symbol:
    return Function(name, [_term(a) for a in args])


def _term(value: object) -> Symbol:
    if isinstance(value, Symbol):
        return value
    if isinstance(value, bool):
        return const("yes" if value else "no")
    if isinstance(value, int):
        return Number(value)
    if isinstance(value, str):
        return String(value)
    raise TypeError(f"cannot encode {value!r}")


def date_number(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _iso_number(text: str) -> int:
    return date_number(dt.date.fromisoformat(text))


@dataclass
class Encoding:
    symbols: list[Symbol] = field(default_factory=list)
    # The profile values sent to the rules, by (state, field), with where each came from.
    profile_values: dict[tuple[str, str], ProfileValue] = field(default_factory=dict)

    def add(self, name: str, *args: object) -> None:
        self.symbols.append(fact(name, *args))


def encode(case: Case, data: StateData, query_states: tuple[str, ...] = ()) -> Encoding:
    """The case's facts; `query_states` are states asked about (explain) that the case may not mention."""
    enc = Encoding()
    enc.add("conduct_date", date_number(case.date))
    for state in query_states:
        enc.add("query_state", state)
    states = sorted(case.states() | set(query_states))
    for state in states:
        enc.add("state", state)
        _party_facts(enc, case, data, state)
        _profile_facts(enc, case, data, state)

    for pid, person in case.people.items():
        enc.add("person", pid)
        if person.kind == "legal":
            enc.add("legal_person", pid)
        for nat in person.nationality:
            enc.add("nationality", pid, nat)
        if person.habitual_residence:
            enc.add("habitual_residence", pid, person.habitual_residence)
        if person.present_in:
            enc.add("present_in", pid, person.present_in)
        if person.age is not None:
            enc.add("age", pid, person.age)

    for vid, vessel in case.vessels.items():
        enc.add("vessel", vid, const(vessel.type), vessel.registered_in)

    for offence in case.offences:
        o = offence.id
        enc.add("offence", o, const(offence.category))
        for ref in offence.offenders:
            enc.add("offender", o, ref.person, const(ref.role))
        for victim in offence.victims:
            enc.add("victim", o, victim)
        for i, act in enumerate(offence.acts, start=1):
            enc.add("act", o, i, const(act.element))
            if act.by:
                enc.add("act_by", o, i, act.by)
            place = act.in_
            if isinstance(place, str):
                enc.add("act_in", o, i, place)
            elif isinstance(place, OnBoard):
                enc.add("act_on_board", o, i, place.vessel)
                if place.waters:
                    enc.add("act_in_waters", o, i, place.waters)
                if place.high_seas:
                    enc.add("act_on_high_seas", o, i)
            elif isinstance(place, HighSeas):
                enc.add("act_on_high_seas", o, i)

    for request in case.requests:
        enc.add("request", request.by, request.to, request.person)
    for judgment in case.prior_judgments:
        enc.add("prior_judgment", judgment.state, judgment.person, judgment.offence)
    for a, b in case.extradition_treaties:
        enc.add("extradition_treaty", a, b)
        enc.add("extradition_treaty", b, a)
    return enc


def _party_facts(enc: Encoding, case: Case, data: StateData, state: str) -> None:
    assumed = case.assume.get(state)
    if assumed and assumed.opsc_party_since is not None:
        enc.add("opsc_party_since", state, date_number(assumed.opsc_party_since))
        return
    if assumed and assumed.opsc_party is not None:
        if assumed.opsc_party:
            enc.add("opsc_party_since", state, date_number(case.date))
        else:
            enc.add("opsc_not_party", state)
        return
    record = data.party(state)
    if record is None:
        return  # the rules then report the status as unknown
    if record.status == "party":
        if record.entry_into_force:
            enc.add("opsc_entry_into_force", state, _iso_number(record.entry_into_force))
        if len(record.instrument) == 10:
            enc.add("opsc_instrument", state, _iso_number(record.instrument))
        elif len(record.instrument) == 4:
            enc.add("opsc_instrument_year", state, int(record.instrument))
        elif not record.entry_into_force and record.status_as_of:
            enc.add("opsc_party_by", state, _iso_number(record.status_as_of))
        elif not record.entry_into_force:
            enc.add("opsc_party_undated", state)
    elif record.status_as_of:
        enc.add("opsc_non_party_as_of", state, _iso_number(record.status_as_of))


def profile_terms(name: str, value: object) -> list[tuple[Symbol, Symbol]]:
    """A profile value as (field, value) terms of profile/3 (logic/vocabulary.lp)."""
    if name == "double_criminality_for_extraterritorial":
        per_basis = value if isinstance(value, dict) else dict.fromkeys(EXTRATERRITORIAL_BASES, value)
        return [(fact("dc_extraterritorial", const(b)), _term(bool(v))) for b, v in sorted(per_basis.items())]
    if name == "criminalises":
        listed = set(value)  # type: ignore[call-overload]
        return [(fact("criminalises", const(c)), _term(c in listed)) for c in urged_categories()]
    if name == "extradites_nationals_except_to":
        return [(fact(name, state), _term(True)) for state in sorted(value)]  # type: ignore[call-overload]
    if name == "age_of_child":
        per_category = value if isinstance(value, dict) else dict.fromkeys(catalogue(), value)
        return [(fact("age_of_child", const(c)), Number(int(n))) for c, n in sorted(per_category.items())]
    if isinstance(value, bool):
        return [(const(name), _term(value))]
    return [(const(name), const(str(value)))]


def _profile_facts(enc: Encoding, case: Case, data: StateData, state: str) -> None:
    assumed = case.assume.get(state)
    bundled = data.profile(state)
    for name in PROFILE_FIELDS:
        value = getattr(assumed, name, None) if assumed else None
        if value is not None:
            pv = ProfileValue(state, name, value, "case assume:", True, "case")  # the user's own assumption
        elif name in bundled and bundled[name].verified:
            pv = bundled[name]
        else:
            continue  # unknown (or unverified): the rules take the treaty minimum, under a condition
        for field_term, value_term in profile_terms(name, pv.value):
            enc.profile_values[(state, str(field_term))] = pv
            enc.add("profile", state, field_term, value_term)
