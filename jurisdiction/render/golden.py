"""Golden answers: a compact, reviewable summary of an analysis, kept beside each bundled case.

One line per conclusion, so that a changed answer shows as a readable `git diff`. The full JSON (with
the facts each conclusion rests on) is checked by the unit tests and the explanation tests.
"""

from __future__ import annotations

from typing import Any

from jurisdiction import words
from jurisdiction.findings.types import (
    Analysis,
    JurisdictionFinding,
    ObligationFinding,
    Obstacle,
    ProfileFact,
    RouteFinding,
)


def _if(conditions: tuple[str, ...]) -> list[str]:
    return ["if " + " and ".join(conditions)] if conditions else []


def jurisdiction_line(j: JurisdictionFinding) -> str:
    parts = [j.state, j.basis, j.modality, j.provision, j.offence, j.person, *_if(j.conditions)]
    if j.contestable:
        parts.append("contestable")
    if j.not_bound_on:
        parts.append("not bound on " + ", ".join(j.not_bound_on))
    if j.established is not None:
        conditions = f" if {' and '.join(j.established_conditions)}" if j.established_conditions else ""
        parts.append(f"established: {j.established}{conditions}")
    elif j.established_by:
        parts.append(
            "established by: " + ", ".join(f"{e['state']} ({e['mode']}: {e['established']})" for e in j.established_by)
        )
    return " | ".join(parts)


def _obstacle(o: Obstacle) -> str:
    name = f"{o.obstacle}({o.state})" if o.state else o.obstacle
    return name + (f" [if {' and '.join(o.conditions)}]" if o.conditions else "")


def route_line(r: RouteFinding) -> str:
    parts = [
        r.person,
        f"{r.requesting} -> {r.requested}",
        r.offence,
        r.trigger,
        r.basis,
        r.modality,
        r.provision or words.NO_PROVISION,
        *_if(r.conditions),
    ]
    if r.obstacles:
        parts.append("obstacles: " + ", ".join(_obstacle(o) for o in r.obstacles))
    if r.place_fiction:
        parts.append(
            f"{r.place_fiction} deems it committed in {r.requesting}"
            + (" (overcomes the place-of-offence rule)" if r.place_fiction_overcomes else "")
        )
    return " | ".join(parts)


def _discharge(p: dict[str, Any]) -> str:
    if p.get("fact") == "prior_judgment":
        return f"discharged by the judgment of {p['state']} ({p['outcome']})"
    return f"discharged by {p.get('fact')}"


def obligation_line(o: ObligationFinding) -> str:
    return " | ".join(
        [o.state, o.duty, o.provision, o.person, o.offence, f"asked by {o.requesting}", o.trigger, *_if(o.conditions),
         *(_discharge(p) for p in o.discharged_by)]
    )  # fmt: skip


def _fact(f: ProfileFact) -> str:
    if f.origin == "unknown":
        default = "both branches" if f.default is None else str(f.default).lower()
        known = "".join(f"; known {words.period(a, b)}" for a, b in f.periods)
        return f"{f.state} {f.field}=unknown (reasoned as: {default}{known})"
    period = f" {words.period(f.since, f.until)}" if f.since else (" not dated" if f.origin == "data" else "")
    return f"{f.state} {f.field}={str(f.value).lower()} ({f.origin}{period})"


def summary(analysis: Analysis) -> dict[str, Any]:
    return {
        "case": analysis.case.id,
        "as_of": analysis.case.date.isoformat(),
        "jurisdiction": [jurisdiction_line(j) for j in analysis.jurisdiction],
        "extradition": [route_line(r) for r in analysis.extradition],
        "obligations": [obligation_line(o) for o in analysis.obligations],
        "states": {s.state: s.party_status for s in analysis.states},
        "national_law": [_fact(f) for f in [*analysis.facts_used, *analysis.assumptions]],
        "warnings": [f"{w.code} {w.subject}" for w in analysis.warnings],
    }
