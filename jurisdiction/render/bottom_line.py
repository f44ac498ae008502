"""The memo's bottom line and its limits, built from the findings: who must and may act, where each offender is
and which routes lead to a state that can try them, the duties, the impunity warnings, and the unknown facts
that would change the answer.

This is presentation: it sorts, groups and words what the rules concluded (findings.types.Analysis). It decides
nothing of law: a state "can try" a person here exactly where the findings give it a basis over them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from jurisdiction import __version__, words
from jurisdiction.render.document import Cell, Cite, Strong
from jurisdiction.render.table import obstacle_words
from jurisdiction.vocabulary import ANY_STATE

if TYPE_CHECKING:
    from jurisdiction.findings.types import Analysis, RouteFinding

# Modalities that give a state a basis it can act on (the treaty's own words: must, may).
ACTING = ("obligatory", "optional")


def _qualified(condition: str, state: str) -> str:
    """A condition said of the row's own state ("refuses_to_extradite_national") names that state."""
    return condition if ":" in condition else f"{state}:{condition}"


def _join(parts: Iterable[Cell], sep: str = "; ") -> Cell:
    out: Cell = []
    for i, part in enumerate(parts):
        out += ([sep] if i else []) + part
    return out


def _state_name(state: str) -> str:
    return words.BL_EVERY_STATE if state == ANY_STATE else state


def _bases(analysis: Analysis, modality: str, with_people: bool) -> dict[str, list[Cell]]:
    """Each state's bases of one modality, in the findings' order: basis (provision), and for "must" the people
    and the conditions."""
    instrument = analysis.regime.instrument
    grouped: dict[str, dict[tuple[str, str, tuple[str, ...]], list[str]]] = {}
    for j in analysis.jurisdiction:
        if j.modality != modality:
            continue
        key = (j.basis, j.provision, tuple(_qualified(c, j.state) for c in j.conditions) if with_people else ())
        people = grouped.setdefault(j.state, {}).setdefault(key, [])
        if j.person not in people:
            people.append(j.person)
    out: dict[str, list[Cell]] = {}
    for state, bases in grouped.items():
        for (basis, provision, conditions), people in bases.items():
            part: Cell = [words.basis(basis) + " (", Cite(provision), ")"]
            if with_people:
                part += [words.BL_AS_TO.format(people=", ".join(people))]
            if conditions:
                part += [", " + words.conditions(conditions, instrument)]
            out.setdefault(state, []).append(part)
    return out


def _can_try(analysis: Analysis, state: str, person: str, offence: str) -> bool:
    """The findings give `state` a basis over `person` for `offence` (under the regime, or in its own law as the
    answer shows)."""
    return any(
        j.state == state and j.person == person and j.offence == offence
        and (j.modality in ACTING or j.established == "yes")
        for j in analysis.jurisdiction
    )


def _there(analysis: Analysis, state: str, person: str) -> str:
    """Whether the state the person is in can try them: for each of their offences, or for some only."""
    offences = [o.id for o in analysis.case.offences if person in {r.person for r in o.offenders}]
    triable = [o for o in offences if _can_try(analysis, state, person, o)]
    if triable and len(triable) == len(offences):
        return words.BL_TRIABLE_THERE
    if triable:
        rest = [o for o in offences if o not in triable]
        return words.BL_TRIABLE_FOR.format(triable=", ".join(triable), rest=", ".join(rest))
    return words.BL_NOT_TRIABLE_THERE


def _route(route: RouteFinding, instrument: str) -> Cell:
    basis = words.route(route.basis)
    if route.conditions:
        basis += ", " + words.conditions([_qualified(c, route.requested) for c in route.conditions], instrument)
    text = words.BL_ROUTE.format(
        person=route.person,
        offence=route.offence,
        requested=route.requested,
        requesting=route.requesting,
        trigger=words.TRIGGER[route.trigger],
        basis=basis,
    )
    # A route the regime does not govern (internal law) cites no provision of it.
    cell: Cell = [Strong(words.BL_ROUTE_LEAD), text] + ([", ", Cite(route.provision)] if route.provision else [])
    if not route.obstacles:
        return [*cell, words.BL_ROUTE_OPEN]
    said = "; ".join(obstacle_words(o, route, instrument) for o in route.obstacles)
    return [*cell, words.BL_ROUTE_BLOCKED.format(obstacles=said)]


def _offenders(analysis: Analysis) -> list[str]:
    """The natural persons who are offenders, in the case's order (a company is not extradited)."""
    case = analysis.case
    seen: list[str] = []
    for o in case.offences:
        for r in o.offenders:
            person = case.people.get(r.person)
            if r.person not in seen and person is not None and person.kind == "natural":
                seen.append(r.person)
    return seen


def _unknowns(analysis: Analysis) -> list[Cell]:
    """Every condition a conclusion rests on, once, with the fact that would settle it."""
    instrument = analysis.regime.instrument
    found: list[str] = []

    def add(conditions: Iterable[str], state: str) -> None:
        for c in conditions:
            q = _qualified(c, state)
            if q not in found:
                found.append(q)

    for j in analysis.jurisdiction:
        if j.modality in ACTING and j.state != ANY_STATE:
            add(j.conditions, j.state)
            add(j.established_conditions, j.state)
    for r in analysis.extradition:
        add(r.conditions, r.requested)
        for o in r.obstacles:
            add(o.conditions, o.state or r.requested)
    for d in analysis.obligations:
        add(d.conditions, d.state)
    # Conditions that one fact settles (a treaty needed, or not) are one line.
    by_fact: dict[str, list[str]] = {}
    for q in found:
        state, _, name = q.rpartition(":")
        template = words.SETTLES.get(name.partition("(")[0])
        settles = template.format(state=state) if template else words.condition(q, instrument)
        by_fact.setdefault(settles, []).append(words.condition(q, instrument))
    out: list[Cell] = []
    for settles, said in by_fact.items():
        text = words.BL_OR.join(said)
        out.append([words.BL_CONDITION.format(condition=text[:1].upper() + text[1:], settles=settles)])
    return out


def _cited(message: str, provision: str) -> Cell:
    """A warning's message with the provision it names as a citation (footnoted), or cited after it."""
    if not provision:
        return [message]
    before, found, after = message.partition(provision)
    return [before, Cite(provision), after] if found else [message, " (", Cite(provision), ")"]


def bottom_line(analysis: Analysis) -> list[Cell]:
    """The bottom line, item by item, each derived from the findings (the conditions follow: `unknowns`)."""
    instrument = analysis.regime.instrument
    recommended = analysis.regime.recommended
    items: list[Cell] = [[words.RECOMMENDED_NOTE]] if recommended else []
    must = words.BL_MUST_RECOMMENDED if recommended else words.BL_MUST
    obliged = _bases(analysis, "obligatory", with_people=True)
    for state, parts in obliged.items():
        items.append([Strong(must.format(state=_state_name(state))), *_join(parts)])
    if not obliged:
        items.append([words.BL_MUST_NONE.format(instrument=instrument)])
    for modality, lead in (("optional", words.BL_MAY), ("encouraged", words.BL_ENCOURAGED)):
        states = _bases(analysis, modality, with_people=False)
        if states:
            listed = _join([_state_name(s), " (", *_join(p, ", "), ")"] for s, p in states.items())
            items.append([Strong(lead), *listed])

    # A state the regime does not bind whose own law is known to give it a basis: it can still act.
    own: dict[str, list[str]] = {}
    for j in analysis.jurisdiction:
        if j.modality == "none" and j.established == "yes" and j.state != ANY_STATE:
            bases = own.setdefault(j.state, [])
            if words.basis(j.basis) not in bases:
                bases.append(words.basis(j.basis))
    if own:
        listed = _join([[words.BL_STATE.format(state=s, bases=", ".join(b))] for s, b in own.items()])
        items.append([Strong(words.BL_OWN_LAW.format(instrument=instrument)), *listed])

    where: list[Cell] = []
    for person in _offenders(analysis):
        state = analysis.case.people[person].present_in
        if state is None:
            where.append([words.BL_IS_NOWHERE.format(person=person)])
            continue
        there = _there(analysis, state, person)
        where.append([words.BL_IS_IN.format(person=person, state=state) + there.format(instrument=instrument)])
    if where:
        items.append([Strong(words.BL_WHERE), *_join(where)])

    routes = [
        r for r in analysis.extradition if not any(o.obstacle == "no_basis_in_requesting_state" for o in r.obstacles)
    ]
    items += [_route(r, instrument) for r in routes] or [[words.BL_NO_ROUTE]]

    duties: list[Cell] = []
    for d in analysis.obligations:
        said = words.BL_DUTY.format(
            state=d.state, duty=words.duty(d.duty), person=d.person, trigger=words.duty_trigger(d.trigger, d.requesting)
        )
        cell: Cell = [Strong(words.BL_DUTY_LEAD), said, "(", Cite(d.provision), ")"]
        if d.conditions:
            cell += [", " + words.conditions([_qualified(c, d.state) for c in d.conditions], instrument)]
        if d.discharged:
            cell += ["; " + words.discharged([words.premise(b, instrument) for b in d.discharged_by])]
        duties.append(cell)
    items += duties or [[words.BL_NO_DUTY]]

    impunity = [w for w in analysis.warnings if w.impunity]
    if impunity:
        for w in impunity:
            items.append([Strong(words.BL_IMPUNITY), *_cited(w.message, w.provision)])
    else:
        items.append([words.BL_NO_IMPUNITY])

    return items


def unknowns(analysis: Analysis) -> tuple[str, list[Cell]]:
    """The lead of the list of conditions, and the conditions: what would change the answer."""
    found = _unknowns(analysis)
    return (words.BL_UNKNOWNS if found else words.BL_NO_UNKNOWNS), found


def limits(analysis: Analysis) -> list[Cell]:
    """What the memo rests on and what it cannot see."""
    case, instrument = analysis.case, analysis.regime.instrument
    decided = sorted({r.decided_on.isoformat() for r in case.requests if r.decided_on})
    if decided and any(r.decided_on is None for r in case.requests):
        decided.append(words.LIMITS_UNDECIDED)
    items: list[Cell] = [
        [words.LIMITS_AID.format(instrument=instrument)],
        [
            words.LIMITS_DATA.format(
                data=analysis.data_version,
                version=__version__,
                date=case.date.isoformat(),
                decided=words.LIMITS_DECIDED.format(dates=", ".join(decided)) if decided else "",
            )
        ],
    ]
    assumed = [
        words.LIMITS_CASE_VALUE.format(law=words.law_term(f.state, f.field), value=words.value(f.value))
        for f in analysis.assumptions
        if f.origin != "unknown"
    ]
    marks = {words.PARTY_DETAIL[k] for k in ("assumed_party", "assumed_not_party")}
    assumed += [f"{s.state}: {s.detail}" for s in analysis.states if s.detail in marks]
    if analysis.assume_all_parties:
        assumed.append(words.LIMITS_ALL_PARTIES)
    items.append([words.LIMITS_ASSUMED.format(items="; ".join(assumed)) if assumed else words.LIMITS_ASSUMED_NONE])
    unknown = [f for f in analysis.assumptions if f.origin == "unknown"]
    items.append([words.LIMITS_UNKNOWN.format(n=len(unknown)) if unknown else words.LIMITS_UNKNOWN_NONE])
    items.append([words.LIMITS_READINGS])
    return items
