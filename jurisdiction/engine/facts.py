"""Case + state data -> clingo symbols: the input predicates documented in logic/vocabulary.lp.

Every identifier and text from the case becomes a clingo String symbol, and reaches clingo through the
backend (solver.py): it is data, never program text.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from jurisdiction.data.states import PROFILE_FIELDS, PartyRecord, ProfileValue, StateData
from jurisdiction.engine.budget import Dimensions, Shape
from jurisdiction.engine.catalogue import catalogue
from jurisdiction.engine.solver import Function, Number, String, Symbol
from jurisdiction.input.countries import is_user_assigned
from jurisdiction.input.model import Case, HighSeas, OnBoard
from jurisdiction.vocabulary import CASE_SOURCE, EU_REGIME, EXTRATERRITORIAL_BASES, LISTED_REGIMES


def urged_categories() -> list[str]:
    return [c.name for c in catalogue().values() if c.requirement == "urged"]


def const(name: str) -> Symbol:
    return Function(name, [])


def fact(name: str, *args: object) -> Symbol:
    # Made once per process: cases share most of their facts, and each clingo symbol made costs foreign calls.
    # The key holds each argument's type, since True == 1 (yes and 1 are different terms).
    key = (name, args, tuple(map(type, args)))
    sym = _FACTS.get(key)
    if sym is None:
        if len(_FACTS) >= _FACTS_LIMIT:
            _FACTS.clear()
            _PARTS.clear()
        terms = [_term(a) for a in args]
        sym = _FACTS[key] = Function(name, terms)
        _PARTS[sym] = (name, terms)
    return sym


_FACTS: dict[tuple[str, tuple[object, ...], tuple[type, ...]], Symbol] = {}
_PARTS: dict[Symbol, tuple[str, list[Symbol]]] = {}  # each fact made here: its name and arguments
_FACTS_LIMIT = 200_000  # emptied past this: a worker's memory stays bounded


def with_tag(sym: Symbol, tag: Symbol) -> Symbol:
    """The fact with the case number as its last argument (multicase.py). A fact made by fact() is not read
    back through clingo's API (a foreign call for its name, one for its arguments)."""
    parts = _PARTS.get(sym)
    name, terms = parts if parts is not None else (sym.name, sym.arguments)
    return Function(name, [*terms, tag])


def _term(value: object) -> Symbol:
    if isinstance(value, Symbol):
        return value
    if isinstance(value, bool):
        return const("yes" if value else "no")
    if isinstance(value, int):
        return Number(value)
    if isinstance(value, str):
        if "\x00" in value:  # clingo's strings end at NUL: two names would become one (the model refuses them)
            raise ValueError(f"a NUL character cannot reach the solver: {value!r}")
        return String(value)
    raise TypeError(f"cannot encode {value!r}")


def today() -> dt.date:
    """The date the answer is made: the law of extradition is read on it where a request gives no date."""
    return dt.date.today()


def date_number(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _iso_number(text: str) -> int:
    return date_number(dt.date.fromisoformat(text))


@dataclass
class Encoding:
    symbols: list[Symbol] = field(default_factory=list)
    # The profile values sent to the rules, by (state, field term, period start: 0 for a value at every date),
    # with where each came from and the value term.
    profile_values: dict[tuple[str, str, int], ProfileValue] = field(default_factory=dict)  # + period start
    profile_terms: dict[tuple[str, str, int], Symbol] = field(default_factory=dict)
    tag: Symbol | None = None  # many cases in one run (multicase.py): the case number, last argument of each fact
    signatures: set[tuple[str, int]] = field(default_factory=set)  # each fact's name and arity, without the tag
    # The dimensions that grounding multiplies (budget.py), counted as the facts are made: reading them back from
    # the symbols costs a foreign call per fact, too much for a batch.
    shape: Shape = field(default_factory=Shape)
    size: Dimensions | None = None  # the shape's dimensions, once the encoding is complete

    def add(self, name: str, *args: object) -> None:
        self.symbols.append(fact(name, *args) if self.tag is None else fact(name, *args, self.tag))
        self.signatures.add((name, len(args)))
        if name in ("profile", "profile_period"):  # the shape reads the field's name only (universal_jurisdiction)
            field_term = args[1]
            self.shape.add(name, (args[0], field_term.name if isinstance(field_term, Symbol) else field_term))
        else:
            self.shape.add(name, args)


def encode(case: Case, data: StateData, query_states: tuple[str, ...] = (), tag: Symbol | None = None) -> Encoding:
    """The case's facts; `query_states` are states asked about (explain) that the case may not mention."""
    enc = Encoding(tag=tag)
    enc.add("conduct_date", date_number(case.date))
    enc.add("today", date_number(today()))
    list_facts(enc, data)
    for state in query_states:
        enc.add("query_state", state)
    states = sorted(case.states() | set(query_states))
    for state in states:
        enc.add("state", state)
        _party_facts(enc, case, data, state)
        _profile_facts(enc, case, data, state)

    universal_facts(enc, case, data)

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
        if person.born is not None:
            enc.add("born", pid, date_number(person.born))
        if person.diplomatic_immunity is not None:
            immunity = person.diplomatic_immunity
            enc.add("diplomatic_immunity", pid, immunity.receiving_state, immunity.sending_state)
            if immunity.waived:
                enc.add("immunity_waived", pid)
            if immunity.ended:
                enc.add("immunity_ended", pid)

    for vid, vessel in case.vessels.items():
        enc.add("vessel", vid, const(vessel.type), vessel.registered_in)

    for offence in case.offences:
        o = offence.id
        enc.add("offence", o, const(offence.category))
        if offence.depicted_child_consented:
            enc.add("depicted_child_consented", o)
        if offence.depicted_on is not None:
            enc.add("depicted_on", o, date_number(offence.depicted_on))
        for ref in offence.offenders:
            enc.add("offender", o, ref.person, const(ref.role))
        for victim in offence.victims:
            enc.add("victim", o, victim)
        for i, act in enumerate(offence.acts, start=1):
            enc.add("act", o, i, const(act.element))
            if act.by:
                enc.add("act_by", o, i, act.by)
            if act.date is not None:
                enc.add("act_date", o, i, date_number(act.date))
            if act.premises_of is not None:
                enc.add("act_on_premises_of", o, i, act.premises_of)
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
        for offence_id in request.offences or []:
            enc.add("request_offence", request.by, request.to, request.person, offence_id)
        if request.decided_on is not None:
            enc.add("request_decided_on", request.by, request.to, request.person, date_number(request.decided_on))
    for judgment in case.prior_judgments:
        enc.add("prior_judgment", judgment.state, judgment.person, judgment.offence)
        if judgment.outcome is not None:
            enc.add("judgment_outcome", judgment.state, judgment.person, judgment.offence, const(judgment.outcome))
    for a, b in case.extradition_treaties:
        enc.add("extradition_treaty", a, b)
        enc.add("extradition_treaty", b, a)
    return enc


def _party_facts(enc: Encoding, case: Case, data: StateData, state: str) -> None:
    assumed = case.assume.get(state)
    overridden = set()
    for regime, bound in sorted(((assumed.party_to or {}) if assumed else {}).items()):
        overridden.add(regime.replace("-", "_"))
        enc.add("regime_party" if bound else "regime_not_party", const(regime.replace("-", "_")), state)
    regime_party_facts(enc, state, data, skip=overridden)
    reservation_facts(enc, state, data)
    party_facts(
        enc,
        state,
        data,
        since=assumed.opsc_party_since if assumed else None,
        is_party=assumed.opsc_party if assumed else None,
        conduct=case.date,
        denounced=assumed.opsc_denounced if assumed else None,
    )


def party_facts(
    enc: Encoding,
    state: str,
    data: StateData,
    *,
    conduct: dt.date,
    since: dt.date | None = None,
    is_party: bool | None = None,
    denounced: dt.date | None = None,
) -> None:
    """Party status facts of one state: the case's overrides, else the bundled record (logic/parties.lp)."""
    record = data.party(state)
    if denounced is not None:
        enc.add("opsc_denunciation", state, date_number(denounced))
    elif record is not None and record.denounced:
        enc.add("opsc_denunciation", state, _iso_number(record.denounced))
    if since is not None:
        enc.add("opsc_party_since", state, date_number(since))
        return
    if is_party is not None:
        if is_party:
            enc.add("opsc_party_since", state, date_number(conduct))
        else:
            enc.add("opsc_not_party", state)
        return
    if record is None:
        return  # the rules then report the status as unknown
    _record_facts(lambda kind, *args: enc.add(f"opsc_{kind}", state, *args), record)


def reservation_facts(enc: Encoding, state: str, data: StateData) -> None:
    """The state's verified reservations to every regime's treaty, each with the provision id its conclusions
    cite, from the data: the rules (logic/reservations.lp) name no state."""
    for r in data.reservations_of(state, None):
        if r.verified:
            enc.add("reservation", const(r.regime), state, const(r.kind), r.provision)


def regime_party_facts(enc: Encoding, state: str, data: StateData, skip: Collection[str] = ()) -> None:
    """Party data of one state under the other regimes (logic/parties.lp, logic/regimes/common.lp), except those
    in `skip` (the case overrides them). A user-assigned code (XAA...) is an abstract state no list speaks of."""
    for regime in LISTED_REGIMES:
        if regime in skip:
            continue
        if regime == EU_REGIME:
            _eu_facts(enc, state, data)
            continue
        record = data.regime_party(regime, state)
        if record is None:
            if not is_user_assigned(state):
                enc.add("regime_not_listed", const(regime), state)
            continue
        term = const(regime)
        _record_facts(lambda kind, *args: enc.add(f"regime_{kind}", term, state, *args), record)  # noqa: B023


def _record_facts(add: Callable[..., None], record: PartyRecord) -> None:
    """One row of a party list as facts (logic/parties.lp), for the OPSC's list and the other regimes' alike:
    `add(kind, *values)` names each fact for its list (opsc_instrument(S, D), regime_instrument(R, S, D), ...)."""
    if record.non_party_as_of:
        add("non_party_as_of", _iso_number(record.non_party_as_of))
    if record.status == "party":
        if record.entry_into_force:
            add("entry_into_force", _iso_number(record.entry_into_force))
        if len(record.instrument) == 10:
            add("instrument", _iso_number(record.instrument))
        elif len(record.instrument) == 4:
            add("instrument_year", int(record.instrument))
        elif not record.entry_into_force and record.status_as_of:
            add("party_by", _iso_number(record.status_as_of))
        elif not record.entry_into_force:
            add("party_undated")
    elif record.status in ("signatory", "none") and record.status_as_of:
        add("non_party_as_of", _iso_number(record.status_as_of))
    # status "unknown": the row says the status was not sourced; no fact, the rules say unknown


def _eu_facts(enc: Encoding, state: str, data: StateData) -> None:
    member = data.eu_members.get(state)
    if member is None:
        if not is_user_assigned(state):
            enc.add("regime_not_listed", const(EU_REGIME), state)
        return
    if len(member.member_since) == 10:
        enc.add("eu_member_since", state, _iso_number(member.member_since))
    else:
        enc.add("eu_member_since_year", state, int(member.member_since))
    if member.member_until:
        enc.add("eu_member_until", state, _iso_number(member.member_until))
    if member.transition_until:
        enc.add("eu_transition_until", state, _iso_number(member.transition_until))
    if member.status == "not_bound":
        enc.add("regime_not_bound", const(EU_REGIME), state)


def list_facts(enc: Encoding, data: StateData) -> None:
    """Each party list complete as of a date (its "*" row)."""
    for regime, record in sorted(data.list_complete.items()):
        enc.add("regime_list_complete", const(regime), _iso_number(record.status_as_of))


def _matching(patterns: list[str]) -> list[str]:
    return [c for c in catalogue() if any(fnmatch.fnmatchcase(c, p) for p in patterns)]


def profile_terms(name: str, value: object) -> list[tuple[Symbol, Symbol]]:
    """A profile value as (field, value) terms of profile/3 (logic/vocabulary.lp)."""
    if name == "double_criminality_for_extraterritorial":
        per_basis = value if isinstance(value, dict) else dict.fromkeys(EXTRATERRITORIAL_BASES, value)
        return [
            (fact("double_criminality_for_extraterritorial", const(b), const(c)), _term(bool(v)))
            for b, v in sorted(per_basis.items())
            for c in catalogue()
        ]
    if name == "criminalises":
        listed = set(value)  # type: ignore[call-overload]
        return [(fact("criminalises", const(c)), _term(c in listed)) for c in urged_categories()]
    if name == "extradites_nationals_except_to":
        return [(fact(name, state), _term(True)) for state in sorted(value)]  # type: ignore[call-overload]
    if name == "age_of_child":
        per_category = value if isinstance(value, dict) else dict.fromkeys(catalogue(), value)
        return [(fact("age_of_child", const(c)), Number(int(n))) for c, n in sorted(per_category.items())]
    if name == "universal_jurisdiction":
        per_pattern = value if isinstance(value, dict) else {"*": value}
        out: dict[str, tuple[Symbol, Symbol]] = {}
        for pattern, mode in per_pattern.items():  # type: ignore[union-attr]
            for c in _matching([pattern]):
                out.setdefault(c, (fact("universal_jurisdiction", const(c)), const(str(mode))))
        return list(out.values())
    if isinstance(value, bool):
        return [(const(name), _term(value))]
    return [(const(name), const(str(value)))]


def rule_terms(rules: list[dict[str, Any]]) -> list[tuple[int, Symbol, Symbol]]:
    """Jurisdiction rules as profile/3 terms; for each basis and category the first matching rule wins.
    Each term comes with the index of the rule it was taken from (for its source)."""
    out: dict[str, tuple[int, Symbol, Symbol]] = {}
    for i, rule in enumerate(rules):
        basis = rule["basis"]
        for c in _matching(rule.get("categories") or ["*"]):
            if str(fact("jurisdiction", const(basis), const(c))) in out:
                continue
            items = [(fact("jurisdiction", const(basis), const(c)), _term(bool(rule["established"])))]
            if rule.get("double_criminality") is not None and basis in EXTRATERRITORIAL_BASES:
                field_term = fact("double_criminality_for_extraterritorial", const(basis), const(c))
                items.append((field_term, _term(bool(rule["double_criminality"]))))
            if rule.get("prosecution_condition"):
                items.append(
                    (fact("prosecution_condition", const(basis), const(c)), const(rule["prosecution_condition"]))
                )
            if rule.get("victim_under"):
                items.append((fact("victim_under", const(basis), const(c)), Number(int(rule["victim_under"]))))
            for field_term, value_term in items:
                out[str(field_term)] = (i, field_term, value_term)
    return list(out.values())


# Profile fields indexed by an offence category (the last argument of the field term).
CATEGORY_FIELDS = {
    "double_criminality_for_extraterritorial",
    "jurisdiction",
    "prosecution_condition",
    "victim_under",
    "criminalises",
    "age_of_child",
    "universal_jurisdiction",
}
OPEN_END = 99991231  # profile_period/5: a period with no end (logic/vocabulary.lp)
# One value of a field term in one period: field, value, where it came from, its category, from, until.
Entry = tuple[Symbol, Symbol, ProfileValue, str | None, int, int]
Layer = dict[str, list[Entry]]  # key (the field term) -> its periods (one, from 0, for a case's value)


def _span(pv: ProfileValue) -> tuple[int, int]:
    # A case's value, or a bundled one not (yet) dated, holds at every date: sent as profile/3 (from 0).
    if not pv.since:
        return 0, OPEN_END
    return _iso_number(pv.since), _iso_number(pv.until) if pv.until else OPEN_END


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _layer(values: dict[str, list[ProfileValue]], rules: list[ProfileValue]) -> Layer:
    out: Layer = {}
    for name, periods in values.items():
        terms = [(pv, profile_terms(name, pv.value)) for pv in periods]
        if name == "extradites_nationals_except_to":
            # A dated list names exactly its states: in a period, a state another period lists is not on it.
            listed = {str(f): f for _, ts in terms for f, _ in ts}
            terms = [(pv, [(f, _term(str(f) in {str(g) for g, _ in ts})) for f in listed.values()]) for pv, ts in terms]
        for pv, ts in terms:
            since, until = _span(pv)
            for field_term, value_term in ts:
                entry = (field_term, value_term, pv, _category_of(field_term), since, until)
                out.setdefault(str(field_term), []).append(entry)
    # For each basis and category the first matching rule in force wins (rule_terms, per period); a rule's
    # term prevails over a field's value for the same term.
    from_rules: Layer = {}
    for rule in rules:
        span = _span(rule)
        for _, field_term, value_term in rule_terms([rule.value]):
            periods = from_rules.setdefault(str(field_term), [])
            if not any(_overlaps(span, (e[4], e[5])) for e in periods):
                periods.append((field_term, value_term, rule, _category_of(field_term), *span))
    out.update(from_rules)
    return out


def _category_of(field_term: Symbol) -> str | None:
    if field_term.name in CATEGORY_FIELDS and field_term.arguments:
        return field_term.arguments[-1].name
    return None


def _data_layer(data: StateData, state: str) -> Layer:
    """The bundled (verified) values of a state as terms: the same for every case, so made once."""
    key = ("profile_layer", state)
    layer = data.derived.get(key)
    if layer is None:
        values = {n: [pv for pv in periods if pv.verified] for n, periods in data.profile(state).items()}
        layer = data.derived[key] = _layer(
            {n: ps for n, ps in values.items() if ps},
            [pv for pv in data.rules.get(state, []) if pv.verified],
        )
    return layer  # type: ignore[return-value]


def _send(enc: Encoding, state: str, key: str, entries: list[Entry]) -> None:
    for field_term, value_term, pv, _, since, until in entries:
        enc.profile_values[(state, key, since)] = pv
        enc.profile_terms[(state, key, since)] = value_term
        if since == 0:
            enc.add("profile", state, field_term, value_term)
        else:
            enc.add("profile_period", state, field_term, value_term, since, until)


def _profile_facts(enc: Encoding, case: Case, data: StateData, state: str) -> None:
    """Bundled values first, then the case's: the later (and the more specific) prevails, at every date. Values
    for offence categories the case does not have are left out: no rule reads them (logic/profiles.lp)."""
    assumed = case.assume.get(state)
    chosen = dict(_data_layer(data, state))
    if assumed is not None:
        case_values = {
            n: [ProfileValue(state, n, getattr(assumed, n), CASE_SOURCE, True, "case")]
            for n in PROFILE_FIELDS
            if getattr(assumed, n) is not None
        }
        case_rules = [
            ProfileValue(
                state, "jurisdiction", r.model_dump(exclude={"source", "verified", "note"}), CASE_SOURCE, True, "case"
            )
            for r in assumed.jurisdiction or []
        ]
        chosen.update(_layer(case_values, case_rules))
    categories = {o.category for o in case.offences}
    in_case = case.states()
    for key, entries in sorted(chosen.items()):
        field_term = entries[0][0]
        if entries[0][3] is not None and entries[0][3] not in categories:
            continue
        if field_term.name == "extradites_nationals_except_to" and field_term.arguments[0].string not in in_case:
            continue  # a requesting state the case does not have: no rule reads it
        _send(enc, state, key, entries)


def universal_facts(enc: Encoding, case: Case, data: StateData) -> None:
    """Universal jurisdiction of every profiled state, in the case or not: it may let a state act anyway."""
    in_case = case.states()
    categories = {o.category for o in case.offences}
    for state, key, category, entries in _universal_layer(data):
        if state not in in_case and category in categories:  # in the case: sent with the state's other values
            _send(enc, state, key, entries)


def _universal_layer(data: StateData) -> list[tuple[str, str, str | None, list[Entry]]]:
    """Each profiled state's universal-jurisdiction entries, in the order universal_facts sends them: made once,
    from that field alone (a state's whole layer, its jurisdiction rules too, takes a tenth of a second for all of
    them; no rule gives a universal_jurisdiction term: rule_terms)."""
    layer = data.derived.get("universal_layer")
    if layer is None:
        layer = data.derived["universal_layer"] = []
        for state in data.profiled:
            periods = [pv for pv in data.profile(state).get("universal_jurisdiction", []) if pv.verified]
            own = _layer({"universal_jurisdiction": periods}, []) if periods else {}
            layer.extend((state, key, entries[0][3], entries) for key, entries in sorted(own.items()))
    return layer  # type: ignore[return-value]
